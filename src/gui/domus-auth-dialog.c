/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The credentials dialog. Its fields come from the request (libvirt or ssh
 * decides how many and which), so they are built here rather than in a
 * template. Every outcome completes the request exactly once: Connect
 * answers, and Cancel, closing or destroying the dialog cancels. The
 * keyring is asked asynchronously before the dialog shows.
 */
#include "config.h"

#include "domus-auth-dialog.h"

#include <glib/gi18n.h>

#include "domus-secret.h"

struct _DomusAuthDialog {
    GtkDialog parent_instance;

    DomusAuthRequest *request;
    char *host_name;
    GPtrArray *entries;      /* GtkEntry per field; NULL for a confirmation */
    GtkWidget *remember_check;
    GtkWidget *refused_label;
    GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (DomusAuthDialog, domus_auth_dialog, GTK_TYPE_DIALOG)

enum {
    PROP_0,
    PROP_REQUEST,
    PROP_HOST_NAME,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* URIs whose remembered password answered a request, until their host
 * connects: another request for one of them means the host refused it, and
 * the user is asked rather than the keyring. Main thread only. */
static GHashTable *tried_uris;

static void
forget_attempt_cb (DomusConnection *conn, GParamSpec *pspec, gpointer user_data)
{
    DomusConnectionState state = domus_connection_get_state (conn);

    if (state == DOMUS_CONNECTION_STATE_CONNECTED && tried_uris != NULL)
        g_hash_table_remove (tried_uris, domus_connection_get_uri (conn));
    if (state == DOMUS_CONNECTION_STATE_CONNECTED || state == DOMUS_CONNECTION_STATE_FAILED ||
        state == DOMUS_CONNECTION_STATE_DISCONNECTED)
        g_signal_handlers_disconnect_by_func (conn, forget_attempt_cb, user_data);
}

static void
store_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;

    if (!domus_secret_store_finish (result, &error))
        g_message ("The password could not be saved in the keyring: %s", error->message);
}

static void
clear_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;

    if (!domus_secret_clear_finish (result, &error))
        g_message ("The password could not be removed from the keyring: %s", error->message);
}

static const char *
first_answer_of_kind (DomusAuthDialog *self, const char *const *values, DomusAuthFieldKind kind)
{
    for (guint i = 0; values[i] != NULL; i++) {
        if (domus_auth_request_get_field (self->request, i)->kind == kind)
            return values[i];
    }
    return NULL;
}

/* Keeps the password in the keyring, or forgets it, as the box says. */
static void
update_keyring (DomusAuthDialog *self, const char *const *values)
{
    const char *uri = domus_auth_request_get_uri (self->request);
    const char *user = first_answer_of_kind (self, values, DOMUS_AUTH_FIELD_USER_NAME);
    const char *secret = first_answer_of_kind (self, values, DOMUS_AUTH_FIELD_SECRET);

    if (self->remember_check == NULL || uri == NULL || secret == NULL)
        return;
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->remember_check))) {
        g_autofree char *label = NULL;

        if (user != NULL && *user != '\0')
            label = g_strdup_printf (_("Domus password of %s on %s"), user, uri);
        else
            label = g_strdup_printf (_("Domus password for %s"), uri);
        domus_secret_store_async (DOMUS_SECRET_LIBVIRT, uri, user, label, secret, NULL,
                                  store_done_cb, NULL);
    } else {
        domus_secret_clear_async (DOMUS_SECRET_LIBVIRT, uri, user, NULL, clear_done_cb, NULL);
    }
}

static void
domus_auth_dialog_response (GtkDialog *dialog, int response)
{
    DomusAuthDialog *self = DOMUS_AUTH_DIALOG (dialog);

    if (self->request != NULL) {
        if (response == GTK_RESPONSE_OK) {
            g_autoptr(GPtrArray) values = g_ptr_array_new ();

            for (guint i = 0; i < self->entries->len; i++) {
                GtkEntry *entry = g_ptr_array_index (self->entries, i);

                /* A confirmation is answered as ssh asks: "yes". */
                g_ptr_array_add (values, entry != NULL ? (gpointer) gtk_entry_get_text (entry)
                                                       : (gpointer) "yes");
            }
            g_ptr_array_add (values, NULL);
            update_keyring (self, (const char *const *) values->pdata);
            domus_auth_request_answer (self->request, (const char *const *) values->pdata);
        } else {
            domus_auth_request_cancel (self->request);
        }
        g_clear_object (&self->request);
    }
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
domus_auth_dialog_dispose (GObject *object)
{
    DomusAuthDialog *self = DOMUS_AUTH_DIALOG (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    /* Destroyed unanswered (its window closed): the asker must not wait. */
    if (self->request != NULL)
        domus_auth_request_cancel (self->request);
    g_clear_object (&self->request);
    g_clear_pointer (&self->entries, g_ptr_array_unref);
    g_clear_pointer (&self->host_name, g_free);
    G_OBJECT_CLASS (domus_auth_dialog_parent_class)->dispose (object);
}

static GtkWidget *
wrapping_label (const char *text)
{
    GtkWidget *label = gtk_label_new (text);

    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
    return label;
}

/* ssh's question in its own words: a prompt, or a host key's fingerprint
 * and the question whether to trust it. */
static int
add_ssh_question (DomusAuthDialog *self, GtkGrid *grid, int row)
{
    const DomusAuthField *f = domus_auth_request_get_field (self->request, 0);
    g_autofree char *intro = NULL;
    GtkWidget *label, *question;

    if (self->host_name != NULL)
        intro = g_strdup_printf (_("ssh asks, while connecting to %s:"), self->host_name);
    else
        intro = g_strdup (_("ssh asks, while connecting to a host:"));
    label = wrapping_label (intro);
    gtk_grid_attach (grid, label, 0, row++, 2, 1);

    question = wrapping_label (f->prompt);
    gtk_label_set_selectable (GTK_LABEL (question), TRUE);
    gtk_style_context_add_class (gtk_widget_get_style_context (question), "monospace");
    atk_object_set_name (gtk_widget_get_accessible (question), _("Question from ssh"));
    gtk_grid_attach (grid, question, 0, row++, 2, 1);

    if (f->kind == DOMUS_AUTH_FIELD_CONFIRM) {
        g_ptr_array_add (self->entries, NULL);
    } else {
        GtkWidget *entry = gtk_entry_new ();

        gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
        gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
        gtk_widget_set_hexpand (entry, TRUE);
        gtk_label_set_mnemonic_widget (GTK_LABEL (question), entry);
        atk_object_set_name (gtk_widget_get_accessible (entry), f->prompt);
        gtk_grid_attach (grid, entry, 0, row++, 2, 1);
        g_ptr_array_add (self->entries, entry);
    }
    return row;
}

static int
add_libvirt_fields (DomusAuthDialog *self, GtkGrid *grid, int row)
{
    g_autofree char *text = g_strdup_printf (_("%s asks for credentials to connect."),
                                             self->host_name);

    gtk_grid_attach (grid, wrapping_label (text), 0, row++, 2, 1);

    for (guint i = 0; i < domus_auth_request_get_n_fields (self->request); i++) {
        const DomusAuthField *f = domus_auth_request_get_field (self->request, i);
        gboolean secret = f->kind == DOMUS_AUTH_FIELD_SECRET;
        const char *prompt = f->prompt && *f->prompt ? f->prompt
                           : secret ? _("Password") : _("User name");
        GtkWidget *label = gtk_label_new (prompt);
        GtkWidget *entry = gtk_entry_new ();

        gtk_label_set_xalign (GTK_LABEL (label), 1);
        gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
        gtk_entry_set_visibility (GTK_ENTRY (entry), !secret);
        gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
        gtk_widget_set_hexpand (entry, TRUE);
        if (f->default_answer != NULL)
            gtk_entry_set_text (GTK_ENTRY (entry), f->default_answer);
        atk_object_set_name (gtk_widget_get_accessible (entry), prompt);
        gtk_grid_attach (grid, label, 0, row, 1, 1);
        gtk_grid_attach (grid, entry, 1, row++, 1, 1);
        g_ptr_array_add (self->entries, entry);
    }

    if (domus_auth_request_get_uri (self->request) != NULL &&
        domus_auth_request_has_field (self->request, DOMUS_AUTH_FIELD_SECRET)) {
        self->remember_check = gtk_check_button_new_with_mnemonic (_("_Remember password"));
        gtk_widget_set_tooltip_text (self->remember_check,
                                     _("Keep the password in the desktop keyring"));
        gtk_grid_attach (grid, self->remember_check, 1, row++, 1, 1);
    }
    self->refused_label = wrapping_label (_("The remembered password was not accepted."));
    gtk_style_context_add_class (gtk_widget_get_style_context (self->refused_label), "error");
    gtk_widget_set_no_show_all (self->refused_label, TRUE);
    gtk_grid_attach (grid, self->refused_label, 0, row++, 2, 1);
    return row;
}

static void
domus_auth_dialog_constructed (GObject *object)
{
    DomusAuthDialog *self = DOMUS_AUTH_DIALOG (object);
    DomusAuthRequest *request = self->request;
    gboolean confirm = domus_auth_request_has_field (request, DOMUS_AUTH_FIELD_CONFIRM);
    GtkWidget *grid, *ok;
    gboolean ssh;

    G_OBJECT_CLASS (domus_auth_dialog_parent_class)->constructed (object);

    /* ssh's questions carry no URI: they come through our askpass. */
    ssh = domus_auth_request_get_uri (request) == NULL &&
          domus_auth_request_get_n_fields (request) == 1;
    gtk_window_set_title (GTK_WINDOW (self),
                          confirm ? _("Unknown Host") : _("Authentication Required"));
    gtk_dialog_add_button (GTK_DIALOG (self), _("_Cancel"), GTK_RESPONSE_CANCEL);
    ok = gtk_dialog_add_button (GTK_DIALOG (self),
                                confirm ? _("_Trust and Connect") : _("C_onnect"),
                                GTK_RESPONSE_OK);
    gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_OK);
    gtk_style_context_add_class (gtk_widget_get_style_context (ok), "suggested-action");

    grid = gtk_grid_new ();
    gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
    gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
    gtk_container_set_border_width (GTK_CONTAINER (grid), 18);
    if (ssh)
        add_ssh_question (self, GTK_GRID (grid), 0);
    else
        add_libvirt_fields (self, GTK_GRID (grid), 0);
    gtk_container_add (GTK_CONTAINER (gtk_dialog_get_content_area (GTK_DIALOG (self))), grid);
    gtk_widget_show_all (grid);

    /* The first empty field takes the focus. */
    for (guint i = 0; i < self->entries->len; i++) {
        GtkEntry *entry = g_ptr_array_index (self->entries, i);

        if (entry != NULL && *gtk_entry_get_text (entry) == '\0') {
            gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (entry));
            break;
        }
    }
}

static void
domus_auth_dialog_get_property (GObject *object, guint prop_id, GValue *value,
                                GParamSpec *pspec)
{
    DomusAuthDialog *self = DOMUS_AUTH_DIALOG (object);

    switch (prop_id) {
    case PROP_REQUEST:
        g_value_set_object (value, self->request);
        break;
    case PROP_HOST_NAME:
        g_value_set_string (value, self->host_name);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_auth_dialog_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
    DomusAuthDialog *self = DOMUS_AUTH_DIALOG (object);

    switch (prop_id) {
    case PROP_REQUEST:
        self->request = g_value_dup_object (value);
        break;
    case PROP_HOST_NAME:
        self->host_name = g_value_dup_string (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_auth_dialog_class_init (DomusAuthDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->constructed = domus_auth_dialog_constructed;
    object_class->dispose = domus_auth_dialog_dispose;
    object_class->get_property = domus_auth_dialog_get_property;
    object_class->set_property = domus_auth_dialog_set_property;
    GTK_DIALOG_CLASS (klass)->response = domus_auth_dialog_response;

    /* The question the dialog answers (NULL once answered or cancelled). */
    properties[PROP_REQUEST] =
        g_param_spec_object ("request", NULL, NULL, DOMUS_TYPE_AUTH_REQUEST,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    /* The host asking, as the list names it, or NULL when not known. */
    properties[PROP_HOST_NAME] =
        g_param_spec_string ("host-name", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
domus_auth_dialog_init (DomusAuthDialog *self)
{
    self->entries = g_ptr_array_new ();
    self->cancellable = g_cancellable_new ();
}

GtkWidget *
domus_auth_dialog_new (GtkWindow *parent, DomusAuthRequest *request, const char *host_name)
{
    g_return_val_if_fail (DOMUS_IS_AUTH_REQUEST (request), NULL);

    return g_object_new (DOMUS_TYPE_AUTH_DIALOG, "transient-for", parent, "modal", TRUE,
                         "use-header-bar", TRUE, "resizable", FALSE,
                         "request", request, "host-name", host_name, NULL);
}

/* Answers with the remembered password, without showing anything. */
static void
answer_from_keyring (DomusAuthDialog *self, const char *user, const char *secret)
{
    g_autoptr(GPtrArray) values = g_ptr_array_new ();

    for (guint i = 0; i < domus_auth_request_get_n_fields (self->request); i++) {
        const DomusAuthField *f = domus_auth_request_get_field (self->request, i);

        if (f->kind == DOMUS_AUTH_FIELD_SECRET)
            g_ptr_array_add (values, (gpointer) secret);
        else if (f->kind == DOMUS_AUTH_FIELD_USER_NAME && user != NULL && *user != '\0')
            g_ptr_array_add (values, (gpointer) user);
        else
            g_ptr_array_add (values, (gpointer) (f->default_answer ? f->default_answer : ""));
    }
    g_ptr_array_add (values, NULL);
    domus_auth_request_answer (self->request, (const char *const *) values->pdata);
    g_clear_object (&self->request);
    gtk_widget_destroy (GTK_WIDGET (self));
}

typedef struct {
    DomusAuthDialog *self;
    DomusConnection *conn;
} Lookup;

static void
search_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Lookup *lookup = user_data;
    DomusAuthDialog *self = lookup->self;
    g_autoptr(DomusConnection) conn = lookup->conn;
    g_autoptr(GError) error = NULL;
    g_autofree char *user = NULL;
    g_autofree char *secret = domus_secret_search_finish (result, &user, &error);
    const char *uri;

    g_free (lookup);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    if (error != NULL)
        g_debug ("No keyring to ask: %s", error->message);
    if (self->request == NULL)
        return;

    uri = domus_auth_request_get_uri (self->request);
    if (secret != NULL && !g_hash_table_contains (tried_uris, uri)) {
        g_hash_table_add (tried_uris, g_strdup (uri));
        if (conn != NULL)
            g_signal_connect (conn, "notify::state", G_CALLBACK (forget_attempt_cb), NULL);
        answer_from_keyring (self, user, secret);
        return;
    }

    if (secret != NULL) {
        /* Tried and refused: ask, with what we knew filled in. */
        g_hash_table_remove (tried_uris, uri);
        for (guint i = 0; i < self->entries->len; i++) {
            const DomusAuthField *f = domus_auth_request_get_field (self->request, i);
            GtkEntry *entry = g_ptr_array_index (self->entries, i);

            if (f->kind == DOMUS_AUTH_FIELD_USER_NAME && user != NULL && *user != '\0')
                gtk_entry_set_text (entry, user);
        }
        gtk_widget_show (self->refused_label);
        domus_auth_dialog_set_remember (self, TRUE);
    }
    gtk_window_present (GTK_WINDOW (self));
}

void
domus_auth_dialog_start (DomusAuthDialog *self, DomusConnection *conn)
{
    Lookup *lookup;

    g_return_if_fail (DOMUS_IS_AUTH_DIALOG (self));
    g_return_if_fail (conn == NULL || DOMUS_IS_CONNECTION (conn));

    if (self->request == NULL || self->remember_check == NULL) {
        gtk_window_present (GTK_WINDOW (self));
        return;
    }
    if (tried_uris == NULL)
        tried_uris = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    lookup = g_new0 (Lookup, 1);
    lookup->self = self;
    lookup->conn = conn != NULL ? g_object_ref (conn) : NULL;
    domus_secret_search_async (DOMUS_SECRET_LIBVIRT, domus_auth_request_get_uri (self->request),
                               self->cancellable, search_done_cb, lookup);
}

gboolean
domus_auth_dialog_get_remember (DomusAuthDialog *self)
{
    g_return_val_if_fail (DOMUS_IS_AUTH_DIALOG (self), FALSE);
    return self->remember_check != NULL &&
           gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->remember_check));
}

void
domus_auth_dialog_set_remember (DomusAuthDialog *self, gboolean remember)
{
    g_return_if_fail (DOMUS_IS_AUTH_DIALOG (self));
    if (self->remember_check != NULL)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->remember_check), remember);
}
