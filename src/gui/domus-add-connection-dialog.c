/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Add Connection dialog. Every change of a field rebuilds the URI
 * (domus_uri_build) and says at once what is wrong with a host or port.
 * Connect tries a fresh DomusConnection that is nobody's yet: only a
 * connected one is handed on by "connected" (the application adopts and
 * saves it), so a failed attempt leaves nothing behind. Main thread only;
 * it never waits on libvirt.
 */
#include "config.h"

#include "domus-add-connection-dialog.h"

#include <glib/gi18n.h>

#include "domus-auth-dialog.h"
#include "domus-uri.h"

struct _DomusAddConnectionDialog {
    GtkDialog parent_instance;

    DomusConnection *connection;   /* being tried, not yet the application's */
    GtkWidget *auth_dialog;        /* weak: asking for its credentials */
    char *uri;                     /* what the fields describe, or NULL */
    gboolean updating;
    gboolean esx_forced_remote;    /* ESX checked "remote" for the user… */
    gboolean remote_before_esx;    /* …who had this before */

    GtkInfoBar *error_bar;
    GtkLabel *error_message;
    GtkWidget *fields;
    GtkComboBox *hypervisor_combo;
    GtkWidget *custom_uri_label;
    GtkEntry *custom_uri_entry;
    GtkToggleButton *remote_check;
    GtkWidget *method_label;
    GtkComboBox *method_combo;
    GtkWidget *user_label;
    GtkEntry *user_entry;
    GtkWidget *host_label;
    GtkEntry *host_entry;
    GtkWidget *port_label;
    GtkEntry *port_entry;
    GtkLabel *validation_label;
    GtkToggleButton *autoconnect_check;
    GtkLabel *uri_label;
    GtkWidget *status_box;
    GtkSpinner *spinner;
};

G_DEFINE_FINAL_TYPE (DomusAddConnectionDialog, domus_add_connection_dialog, GTK_TYPE_DIALOG)

enum {
    CONNECTED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The ids of the combo items in the template. */
static const struct {
    const char *id;
    DomusHypervisor hv;
} hypervisor_ids[] = {
    { "qemu", DOMUS_HYPERVISOR_QEMU },
    { "qemu-session", DOMUS_HYPERVISOR_QEMU_SESSION },
    { "xen", DOMUS_HYPERVISOR_XEN },
    { "lxc", DOMUS_HYPERVISOR_LXC },
    { "esx", DOMUS_HYPERVISOR_ESX },
    { "custom", DOMUS_HYPERVISOR_CUSTOM },
};

static const struct {
    const char *id;
    DomusTransport transport;
} method_ids[] = {
    { "ssh", DOMUS_TRANSPORT_SSH },
    { "tls", DOMUS_TRANSPORT_TLS },
    { "tcp", DOMUS_TRANSPORT_TCP },
};

static DomusHypervisor
current_hypervisor (DomusAddConnectionDialog *self)
{
    const char *id = gtk_combo_box_get_active_id (self->hypervisor_combo);

    for (guint i = 0; i < G_N_ELEMENTS (hypervisor_ids); i++) {
        if (g_strcmp0 (id, hypervisor_ids[i].id) == 0)
            return hypervisor_ids[i].hv;
    }
    return DOMUS_HYPERVISOR_QEMU;
}

static DomusTransport
current_method (DomusAddConnectionDialog *self)
{
    const char *id = gtk_combo_box_get_active_id (self->method_combo);

    for (guint i = 0; i < G_N_ELEMENTS (method_ids); i++) {
        if (g_strcmp0 (id, method_ids[i].id) == 0)
            return method_ids[i].transport;
    }
    return DOMUS_TRANSPORT_SSH;
}

/* The entry's text without the blanks a paste tends to bring along. */
static char *
entry_text (GtkEntry *entry)
{
    return g_strstrip (g_strdup (gtk_entry_get_text (entry)));
}

/* An empty required field is not yet a mistake: no warning icon for it. */
static gboolean
is_mistake (const GError *error)
{
    return error != NULL && !g_error_matches (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_MISSING);
}

static void
mark_entry (GtkEntry *entry, const GError *error)
{
    GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (entry));

    if (is_mistake (error)) {
        gtk_entry_set_icon_from_icon_name (entry, GTK_ENTRY_ICON_SECONDARY,
                                           "dialog-warning-symbolic");
        gtk_entry_set_icon_tooltip_text (entry, GTK_ENTRY_ICON_SECONDARY, error->message);
        gtk_style_context_add_class (style, GTK_STYLE_CLASS_ERROR);
    } else {
        gtk_entry_set_icon_from_icon_name (entry, GTK_ENTRY_ICON_SECONDARY, NULL);
        gtk_entry_set_icon_tooltip_text (entry, GTK_ENTRY_ICON_SECONDARY, NULL);
        gtk_style_context_remove_class (style, GTK_STYLE_CLASS_ERROR);
    }
}

/* Under the fields: the mistakes, one per line; else what is still missing,
 * as a quiet hint, so the user knows why Connect waits. */
static void
show_problems (DomusAddConnectionDialog *self, GError **errors, guint n_errors)
{
    GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self->validation_label));
    g_autoptr(GString) mistakes = g_string_new (NULL);
    const char *hint = NULL;

    for (guint i = 0; i < n_errors; i++) {
        if (is_mistake (errors[i])) {
            if (mistakes->len > 0)
                g_string_append_c (mistakes, '\n');
            g_string_append (mistakes, errors[i]->message);
        } else if (errors[i] != NULL && hint == NULL) {
            hint = errors[i]->message;
        }
    }

    gtk_style_context_remove_class (style, GTK_STYLE_CLASS_ERROR);
    gtk_style_context_remove_class (style, GTK_STYLE_CLASS_DIM_LABEL);
    if (mistakes->len > 0) {
        gtk_label_set_text (self->validation_label, mistakes->str);
        gtk_style_context_add_class (style, GTK_STYLE_CLASS_ERROR);
    } else if (hint != NULL) {
        gtk_label_set_text (self->validation_label, hint);
        gtk_style_context_add_class (style, GTK_STYLE_CLASS_DIM_LABEL);
    }
    gtk_widget_set_visible (GTK_WIDGET (self->validation_label),
                            mistakes->len > 0 || hint != NULL);
}

/* ESX is always remote: check the box for the user, and give back their
 * own choice when they pick another hypervisor. */
static void
follow_hypervisor (DomusAddConnectionDialog *self, DomusHypervisor hv)
{
    gboolean esx = hv == DOMUS_HYPERVISOR_ESX;

    if (esx && !self->esx_forced_remote) {
        self->remote_before_esx = gtk_toggle_button_get_active (self->remote_check);
        self->esx_forced_remote = TRUE;
        gtk_toggle_button_set_active (self->remote_check, TRUE);
    } else if (!esx && self->esx_forced_remote) {
        self->esx_forced_remote = FALSE;
        gtk_toggle_button_set_active (self->remote_check, self->remote_before_esx);
    }
}

/* GTK 3 grows a window for taller contents but never shrinks it back:
 * without this, hiding a message or the remote fields leaves a gap. */
static void
shrink_to_fit (DomusAddConnectionDialog *self)
{
    int width, height;

    if (!gtk_widget_get_realized (GTK_WIDGET (self)))
        return;
    gtk_window_get_size (GTK_WINDOW (self), &width, &height);
    gtk_window_resize (GTK_WINDOW (self), width, 1);
}

/* Custom shows only its URI entry; the remote fields wait for the box. */
static void
show_fields_for (DomusAddConnectionDialog *self, DomusHypervisor hv, gboolean remote)
{
    gboolean custom = hv == DOMUS_HYPERVISOR_CUSTOM;
    gboolean esx = hv == DOMUS_HYPERVISOR_ESX;
    GtkWidget *const remote_fields[] = {
        self->user_label, GTK_WIDGET (self->user_entry),
        self->host_label, GTK_WIDGET (self->host_entry),
        self->port_label, GTK_WIDGET (self->port_entry),
    };

    gtk_widget_set_visible (self->custom_uri_label, custom);
    gtk_widget_set_visible (GTK_WIDGET (self->custom_uri_entry), custom);
    gtk_widget_set_visible (GTK_WIDGET (self->remote_check), !custom);
    gtk_widget_set_sensitive (GTK_WIDGET (self->remote_check), !esx);
    gtk_widget_set_visible (self->method_label, !custom);
    gtk_widget_set_visible (GTK_WIDGET (self->method_combo), !custom);
    gtk_widget_set_sensitive (self->method_label, remote && !esx);
    gtk_widget_set_sensitive (GTK_WIDGET (self->method_combo), remote && !esx);
    for (guint i = 0; i < G_N_ELEMENTS (remote_fields); i++) {
        gtk_widget_set_visible (remote_fields[i], !custom);
        gtk_widget_set_sensitive (remote_fields[i], remote);
    }
}

static char *
problems_shown (DomusAddConnectionDialog *self)
{
    if (!gtk_widget_get_visible (GTK_WIDGET (self->validation_label)))
        return NULL;
    return g_strdup (gtk_label_get_text (self->validation_label));
}

/* Reads the fields, marks what is wrong, and rebuilds the URI. */
static void
update (DomusAddConnectionDialog *self)
{
    DomusHypervisor hv = current_hypervisor (self);
    gboolean was_custom = gtk_widget_get_visible (GTK_WIDGET (self->custom_uri_entry));
    g_autofree char *user = entry_text (self->user_entry);
    g_autofree char *host = entry_text (self->host_entry);
    g_autofree char *port_text = entry_text (self->port_entry);
    g_autofree char *custom_uri = entry_text (self->custom_uri_entry);
    g_autofree char *default_port = NULL;
    g_autofree char *problems_before = problems_shown (self);
    g_autofree char *problems_after = NULL;
    GError *errors[3] = { NULL, NULL, NULL };   /* custom URI, host, port */
    DomusTransport transport;
    gboolean remote;
    int port = 0;

    if (self->updating)
        return;
    self->updating = TRUE;   /* the toggle below calls back here */
    follow_hypervisor (self, hv);
    self->updating = FALSE;

    remote = hv == DOMUS_HYPERVISOR_ESX || gtk_toggle_button_get_active (self->remote_check);
    transport = remote ? current_method (self) : DOMUS_TRANSPORT_LOCAL;
    show_fields_for (self, hv, remote);
    if (remote)
        default_port = g_strdup_printf ("%d", domus_uri_get_default_port (hv, transport));
    gtk_entry_set_placeholder_text (self->port_entry, default_port);

    if (hv == DOMUS_HYPERVISOR_CUSTOM) {
        domus_uri_validate_custom (custom_uri, &errors[0]);
    } else if (remote) {
        domus_uri_validate_host (host, &errors[1]);
        domus_uri_validate_port (port_text, &port, &errors[2]);
    }
    mark_entry (self->custom_uri_entry, errors[0]);
    mark_entry (self->host_entry, errors[1]);
    mark_entry (self->port_entry, errors[2]);
    show_problems (self, errors, G_N_ELEMENTS (errors));
    problems_after = problems_shown (self);
    if (was_custom != (hv == DOMUS_HYPERVISOR_CUSTOM) ||
        g_strcmp0 (problems_before, problems_after) != 0)
        shrink_to_fit (self);

    g_clear_pointer (&self->uri, g_free);
    if (errors[0] == NULL && errors[1] == NULL && errors[2] == NULL)
        self->uri = domus_uri_build (hv, transport, user, host, port, custom_uri, NULL);
    /* An em dash stands for "no URI yet"; the hint above says why. */
    gtk_label_set_text (self->uri_label, self->uri != NULL ? self->uri : "—");
    gtk_dialog_set_response_sensitive (GTK_DIALOG (self), GTK_RESPONSE_OK,
                                       self->uri != NULL && self->connection == NULL);
    for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
        g_clear_error (&errors[i]);
}

static void
fields_changed_cb (DomusAddConnectionDialog *self)
{
    update (self);
}

static void
set_busy (DomusAddConnectionDialog *self, gboolean busy)
{
    gtk_widget_set_sensitive (self->fields, !busy);
    gtk_widget_set_visible (self->status_box, busy);
    if (busy) {
        gtk_spinner_start (self->spinner);
    } else {
        gtk_spinner_stop (self->spinner);
        shrink_to_fit (self);
    }
    gtk_dialog_set_response_sensitive (GTK_DIALOG (self), GTK_RESPONSE_OK,
                                       !busy && self->uri != NULL);
}

/* Stops watching the attempt and hands its reference to the caller. */
static DomusConnection *
take_connection (DomusAddConnectionDialog *self)
{
    if (self->connection != NULL)
        g_signal_handlers_disconnect_by_data (self->connection, self);
    return g_steal_pointer (&self->connection);
}

/* libvirt's message names the URI and says why; it is shown whole. */
static void
show_failure (DomusAddConnectionDialog *self, const char *message)
{
    gtk_label_set_text (self->error_message,
                        message != NULL ? message : _("libvirt gave no reason."));
    gtk_widget_show (GTK_WIDGET (self->error_bar));
}

static void
connection_state_cb (DomusConnection *conn, GParamSpec *pspec, DomusAddConnectionDialog *self)
{
    g_autoptr(DomusConnection) taken = NULL;

    switch (domus_connection_get_state (conn)) {
    case DOMUS_CONNECTION_STATE_CONNECTED:
        taken = take_connection (self);
        g_signal_emit (self, signals[CONNECTED], 0, taken,
                       gtk_toggle_button_get_active (self->autoconnect_check));
        gtk_widget_destroy (GTK_WIDGET (self));
        break;
    case DOMUS_CONNECTION_STATE_FAILED:
    case DOMUS_CONNECTION_STATE_DISCONNECTED:
        taken = take_connection (self);
        show_failure (self, domus_connection_get_error_message (taken));
        set_busy (self, FALSE);
        break;
    case DOMUS_CONNECTION_STATE_CONNECTING:
    case DOMUS_CONNECTION_STATE_NOT_RESPONDING:
    default:
        break;
    }
}

/* The application asks only for the hosts in its list; this one is not
 * there yet, so its credentials are asked for over this dialog. */
static void
auth_request_cb (DomusConnection *conn, DomusAuthRequest *request,
                 DomusAddConnectionDialog *self)
{
    if (self->auth_dialog != NULL)
        g_object_remove_weak_pointer (G_OBJECT (self->auth_dialog),
                                      (gpointer *) &self->auth_dialog);
    self->auth_dialog = domus_auth_dialog_new (GTK_WINDOW (self), request,
                                               domus_connection_get_display_name (conn));
    g_object_add_weak_pointer (G_OBJECT (self->auth_dialog), (gpointer *) &self->auth_dialog);
    domus_auth_dialog_start (DOMUS_AUTH_DIALOG (self->auth_dialog), conn);
}

static void
start_connecting (DomusAddConnectionDialog *self)
{
    if (self->uri == NULL || self->connection != NULL)
        return;
    if (gtk_widget_get_visible (GTK_WIDGET (self->error_bar))) {
        gtk_widget_hide (GTK_WIDGET (self->error_bar));
        shrink_to_fit (self);
    }
    self->connection = domus_connection_new (self->uri);
    g_signal_connect (self->connection, "notify::state", G_CALLBACK (connection_state_cb),
                      self);
    g_signal_connect (self->connection, "auth-request", G_CALLBACK (auth_request_cb), self);
    set_busy (self, TRUE);
    domus_connection_connect (self->connection);
}

/* Leaves a host that is still being reached: its worker closes it, and
 * a question about its credentials is withdrawn. */
static void
abandon_connection (DomusAddConnectionDialog *self)
{
    g_autoptr(DomusConnection) conn = take_connection (self);

    if (self->auth_dialog != NULL) {
        GtkWidget *auth_dialog = self->auth_dialog;

        g_object_remove_weak_pointer (G_OBJECT (auth_dialog), (gpointer *) &self->auth_dialog);
        self->auth_dialog = NULL;
        gtk_widget_destroy (auth_dialog);   /* cancels the request */
    }
    if (conn != NULL)
        domus_connection_disconnect (conn);
}

static void
error_bar_response_cb (GtkInfoBar *bar, int response, DomusAddConnectionDialog *self)
{
    if (response == GTK_RESPONSE_CLOSE) {
        gtk_widget_hide (GTK_WIDGET (bar));
        shrink_to_fit (self);
    }
}

static void
domus_add_connection_dialog_response (GtkDialog *dialog, int response)
{
    DomusAddConnectionDialog *self = DOMUS_ADD_CONNECTION_DIALOG (dialog);

    if (response == GTK_RESPONSE_OK) {
        start_connecting (self);
        return;
    }
    /* Cancel, Escape or the window's close button. */
    abandon_connection (self);
    gtk_widget_destroy (GTK_WIDGET (self));
}

static void
domus_add_connection_dialog_dispose (GObject *object)
{
    DomusAddConnectionDialog *self = DOMUS_ADD_CONNECTION_DIALOG (object);

    abandon_connection (self);
    G_OBJECT_CLASS (domus_add_connection_dialog_parent_class)->dispose (object);
}

static void
domus_add_connection_dialog_finalize (GObject *object)
{
    DomusAddConnectionDialog *self = DOMUS_ADD_CONNECTION_DIALOG (object);

    g_free (self->uri);
    G_OBJECT_CLASS (domus_add_connection_dialog_parent_class)->finalize (object);
}

static void
domus_add_connection_dialog_class_init (DomusAddConnectionDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);

    object_class->dispose = domus_add_connection_dialog_dispose;
    object_class->finalize = domus_add_connection_dialog_finalize;
    dialog_class->response = domus_add_connection_dialog_response;

    /* The host was reached: the connection is the handler's to keep, with
     * whether it should connect at start-up. The dialog then closes. */
    signals[CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 2, DOMUS_TYPE_CONNECTION,
                                       G_TYPE_BOOLEAN);

    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/domusvm/Domus/domus-add-connection-dialog.ui");
#define BIND(name) \
    gtk_widget_class_bind_template_child (widget_class, DomusAddConnectionDialog, name)
    BIND (error_bar);
    BIND (error_message);
    BIND (fields);
    BIND (hypervisor_combo);
    BIND (custom_uri_label);
    BIND (custom_uri_entry);
    BIND (remote_check);
    BIND (method_label);
    BIND (method_combo);
    BIND (user_label);
    BIND (user_entry);
    BIND (host_label);
    BIND (host_entry);
    BIND (port_label);
    BIND (port_entry);
    BIND (validation_label);
    BIND (autoconnect_check);
    BIND (uri_label);
    BIND (status_box);
    BIND (spinner);
#undef BIND
    gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, error_bar_response_cb);
}

static void
domus_add_connection_dialog_init (DomusAddConnectionDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    update (self);
}

static void
adopt_cb (DomusAddConnectionDialog *self, DomusConnection *conn, gboolean autoconnect,
          DomusApplication *app)
{
    domus_application_adopt_connection (app, conn, TRUE, autoconnect);
}

GtkWidget *
domus_add_connection_dialog_new (DomusApplication *app, GtkWindow *parent)
{
    GtkWidget *self;

    g_return_val_if_fail (DOMUS_IS_APPLICATION (app), NULL);
    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

    self = g_object_new (DOMUS_TYPE_ADD_CONNECTION_DIALOG, "transient-for", parent,
                         "use-header-bar", TRUE, NULL);
    g_signal_connect_object (self, "connected", G_CALLBACK (adopt_cb), app, 0);
    return self;
}

const char *
domus_add_connection_dialog_get_uri (DomusAddConnectionDialog *self)
{
    g_return_val_if_fail (DOMUS_IS_ADD_CONNECTION_DIALOG (self), NULL);

    return self->uri;
}

DomusConnection *
domus_add_connection_dialog_get_connection (DomusAddConnectionDialog *self)
{
    g_return_val_if_fail (DOMUS_IS_ADD_CONNECTION_DIALOG (self), NULL);

    return self->connection;
}
