/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Migrate dialog. Its frame is a template; the destination rows are
 * built here from the other hosts, each with what it offers (read from
 * the host by core) and why it cannot take the guest. The form is checked
 * as it changes (core says which choices contradict each other); Migrate
 * runs the migration with its progress in the dialog and as the guest's
 * activity, Cancel aborts it (the dialog stays until libvirt has), and a
 * failure shows libvirt's words and where the guest is on both hosts.
 */
#include "config.h"

#include "domus-migrate-dialog.h"

#include <glib/gi18n.h>

#include "domus-guest-actions.h"
#include "domus-guest-window.h"
#include "domus-storage.h"

/* One migration under way. It belongs to itself until core's callback:
 * the dialog may go first. */
typedef struct {
    GWeakRef dialog;
    DomusDomain *domain;
    DomusConnection *dest;
    DomusApplication *app;      /* whose guest window follows the guest, or NULL */
    char *dest_name;
    GCancellable *cancellable;
    GCancellable *post_copy;
} MigrateRun;

struct _DomusMigrateDialog {
    GtkDialog parent_instance;

    DomusConnection *conn;
    DomusDomain *domain;
    GListModel *hosts;

    GtkLabel *heading;
    GtkListBox *destinations;
    GtkComboBoxText *mode_combo;
    GtkComboBoxText *transport_combo;
    GtkEntry *address_entry;
    GtkComboBoxText *storage_combo;
    GtkComboBoxText *pool_combo;
    GtkToggleButton *keep_source_check;
    GtkToggleButton *persistent_check;
    GtkSpinButton *bandwidth_spin;
    GtkToggleButton *auto_converge_check;
    GtkToggleButton *post_copy_check;
    GtkToggleButton *compressed_check;
    GtkToggleButton *unsafe_check;
    GtkWidget *unsafe_warning;
    GtkWidget *form_grid;
    GtkWidget *options_expander;
    GtkLabel *form_error;
    GtkProgressBar *progress_bar;
    GtkLabel *progress_label;
    GtkLabel *error_label;
    GtkWidget *cancel_button;
    GtkWidget *post_copy_button;
    GtkWidget *migrate_button;

    GCancellable *cancellable;  /* reading the hosts and pools */
    DomusMigrateHost *source;   /* with the guest's needs, once read */
    MigrateRun *run;
};

G_DEFINE_FINAL_TYPE (DomusMigrateDialog, domus_migrate_dialog, GTK_TYPE_DIALOG)

enum {
    PROP_0,
    PROP_CONNECTION,
    PROP_DOMAIN,
    PROP_HOSTS,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
migrate_run_free (MigrateRun *run)
{
    g_weak_ref_clear (&run->dialog);
    g_object_unref (run->domain);
    g_object_unref (run->dest);
    g_clear_object (&run->app);
    g_object_unref (run->cancellable);
    g_object_unref (run->post_copy);
    g_free (run->dest_name);
    g_free (run);
}

/* ---- destinations ------------------------------------------------------- */

/* Each row: the host, what it offers, and why it does not fit. */
typedef struct {
    DomusConnection *conn;
    DomusMigrateHost *offer;
    GtkLabel *details;
    GtkLabel *reason;
} Destination;

static void
destination_free (Destination *d)
{
    g_object_unref (d->conn);
    g_clear_pointer (&d->offer, domus_migrate_host_free);
    g_free (d);
}

static Destination *
row_destination (GtkListBoxRow *row)
{
    return row != NULL ? g_object_get_data (G_OBJECT (row), "domus-destination") : NULL;
}

static void validate (DomusMigrateDialog *self);

/* Shows what the host offers, and flags it when it cannot take the guest. */
static void
update_destination (DomusMigrateDialog *self, GtkListBoxRow *row)
{
    Destination *d = row_destination (row);
    g_autofree char *reason = NULL;

    if (domus_connection_get_state (d->conn) != DOMUS_CONNECTION_STATE_CONNECTED)
        reason = g_strdup (_("It is not connected."));
    else if (d->offer != NULL && self->source != NULL)
        reason = domus_migrate_check_destination (self->source, d->offer);
    if (d->offer != NULL) {
        g_autofree char *memory = g_format_size (d->offer->free_memory_kib * 1024);
        g_autofree char *cpus = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u CPU",
                                                              "%u CPUs", d->offer->cpus),
                                                 d->offer->cpus);
        /* TRANSLATORS: a destination host: "4 CPUs, 2.1 GB free, QEMU x86_64" */
        g_autofree char *text = d->offer->free_memory_kib > 0
            ? g_strdup_printf (_("%s, %s free, %s %s"), cpus, memory, d->offer->hypervisor,
                               d->offer->arch != NULL ? d->offer->arch : "")
            : g_strdup_printf (_("%s, free memory unknown, %s %s"), cpus,
                               d->offer->hypervisor,
                               d->offer->arch != NULL ? d->offer->arch : "");

        gtk_label_set_text (d->details, text);
    }
    gtk_label_set_text (d->reason, reason != NULL ? reason : "");
    gtk_widget_set_visible (GTK_WIDGET (d->reason), reason != NULL);
    gtk_widget_set_sensitive (GTK_WIDGET (row), reason == NULL);
    gtk_list_box_row_set_selectable (row, reason == NULL);
    if (reason != NULL && gtk_list_box_get_selected_row (self->destinations) == row)
        gtk_list_box_unselect_row (self->destinations, row);
}

static void
update_destinations (DomusMigrateDialog *self)
{
    g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->destinations));

    for (GList *l = rows; l != NULL; l = l->next)
        update_destination (self, l->data);
    validate (self);
}

static void
offer_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GtkListBoxRow) row = user_data;
    g_autoptr(GError) error = NULL;
    DomusMigrateHost *offer = domus_migrate_query_host_finish (DOMUS_CONNECTION (source),
                                                               result, &error);
    GtkWidget *dialog = gtk_widget_get_ancestor (GTK_WIDGET (row), DOMUS_TYPE_MIGRATE_DIALOG);
    Destination *d = row_destination (row);

    if (offer == NULL) {
        if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && d != NULL)
            gtk_label_set_text (d->details, error->message);
        return;
    }
    if (d == NULL || dialog == NULL) {
        domus_migrate_host_free (offer);
        return;
    }
    d->offer = offer;
    update_destination (DOMUS_MIGRATE_DIALOG (dialog), row);
    validate (DOMUS_MIGRATE_DIALOG (dialog));
}

static GtkWidget *
new_destination_row (DomusMigrateDialog *self, DomusConnection *conn)
{
    GtkWidget *row = gtk_list_box_row_new ();
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
    GtkWidget *name = gtk_label_new (domus_connection_get_display_name (conn));
    Destination *d = g_new0 (Destination, 1);

    d->conn = g_object_ref (conn);
    d->details = GTK_LABEL (gtk_label_new (_("Reading what the host offers…")));
    d->reason = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_xalign (GTK_LABEL (name), 0);
    gtk_label_set_xalign (d->details, 0);
    gtk_label_set_xalign (d->reason, 0);
    gtk_label_set_line_wrap (d->reason, TRUE);
    gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (d->details)),
                                 "dim-label");
    gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (d->reason)),
                                 "error");
    gtk_container_add (GTK_CONTAINER (box), name);
    gtk_container_add (GTK_CONTAINER (box), GTK_WIDGET (d->details));
    gtk_container_add (GTK_CONTAINER (box), GTK_WIDGET (d->reason));
    g_object_set (box, "margin", 6, NULL);
    gtk_container_add (GTK_CONTAINER (row), box);
    gtk_widget_show_all (row);
    gtk_widget_hide (GTK_WIDGET (d->reason));
    atk_object_set_name (gtk_widget_get_accessible (row),
                         domus_connection_get_display_name (conn));
    g_object_set_data_full (G_OBJECT (row), "domus-destination", d,
                            (GDestroyNotify) destination_free);
    if (domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_CONNECTED)
        domus_migrate_query_host_async (conn, NULL, self->cancellable, offer_done_cb,
                                        g_object_ref (row));
    return row;
}

static void
source_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    DomusMigrateHost *offer = domus_migrate_query_host_finish (DOMUS_CONNECTION (source),
                                                               result, &error);
    DomusMigrateDialog *self;

    if (offer == NULL) {
        if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
            self = user_data;
            gtk_label_set_text (self->form_error, error->message);
        }
        return;
    }
    self = user_data;
    self->source = offer;
    update_destinations (self);
}

/* ---- pools of the destination ------------------------------------------- */

static void
pools_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) pools = domus_storage_list_pools_finish (DOMUS_CONNECTION (source),
                                                                  result, &error);
    DomusMigrateDialog *self = user_data;

    if (pools == NULL)
        return;
    if (domus_migrate_dialog_get_destination (self) != DOMUS_CONNECTION (source))
        return;
    for (guint i = 0; i < pools->len; i++) {
        DomusPoolInfo *pool = g_ptr_array_index (pools, i);

        if (pool->active && domus_storage_pool_holds_files (pool->type))
            gtk_combo_box_text_append (self->pool_combo, pool->name, pool->name);
    }
}

static void
destination_selected_cb (DomusMigrateDialog *self, GtkListBoxRow *row)
{
    Destination *d = row_destination (row);

    gtk_combo_box_text_remove_all (self->pool_combo);
    gtk_combo_box_text_append (self->pool_combo, "",
                               _("The pool of each disk’s directory there"));
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->pool_combo), "");
    if (d != NULL)
        domus_storage_list_pools_async (d->conn, self->cancellable, pools_done_cb, self);
    validate (self);
}

/* ---- the form ----------------------------------------------------------- */

DomusConnection *
domus_migrate_dialog_get_destination (DomusMigrateDialog *self)
{
    Destination *d;

    g_return_val_if_fail (DOMUS_IS_MIGRATE_DIALOG (self), NULL);

    d = row_destination (gtk_list_box_get_selected_row (self->destinations));
    return d != NULL ? d->conn : NULL;
}

static const char *
combo_id (GtkComboBoxText *combo)
{
    const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (combo));

    return id != NULL ? id : "";
}

DomusMigrateOptions *
domus_migrate_dialog_get_options (DomusMigrateDialog *self)
{
    DomusMigrateOptions *o;
    const char *transport;
    const char *storage;
    const char *address;
    const char *pool;

    g_return_val_if_fail (DOMUS_IS_MIGRATE_DIALOG (self), NULL);

    o = domus_migrate_options_new ();
    transport = combo_id (self->transport_combo);
    storage = combo_id (self->storage_combo);
    address = gtk_entry_get_text (self->address_entry);
    pool = combo_id (self->pool_combo);
    o->mode = g_str_equal (combo_id (self->mode_combo), "offline") ? DOMUS_MIGRATE_OFFLINE
                                                                   : DOMUS_MIGRATE_LIVE;
    o->transport = g_str_equal (transport, "direct") ? DOMUS_MIGRATE_DIRECT
                                                     : DOMUS_MIGRATE_PEER_TO_PEER;
    o->tunnelled = g_str_equal (transport, "tunnelled");
    o->address = *address != '\0' ? g_strstrip (g_strdup (address)) : NULL;
    o->storage = g_str_equal (storage, "copy-all") ? DOMUS_MIGRATE_STORAGE_COPY_ALL
               : g_str_equal (storage, "copy-top") ? DOMUS_MIGRATE_STORAGE_COPY_TOP
               : DOMUS_MIGRATE_STORAGE_SHARED;
    o->pool = *pool != '\0' && o->storage != DOMUS_MIGRATE_STORAGE_SHARED ? g_strdup (pool)
                                                                          : NULL;
    o->keep_source = gtk_toggle_button_get_active (self->keep_source_check);
    o->persistent = gtk_toggle_button_get_active (self->persistent_check);
    o->bandwidth_mib = (guint64) gtk_spin_button_get_value_as_int (self->bandwidth_spin);
    o->auto_converge = gtk_toggle_button_get_active (self->auto_converge_check);
    o->post_copy = gtk_toggle_button_get_active (self->post_copy_check);
    o->compressed = gtk_toggle_button_get_active (self->compressed_check);
    o->allow_unsafe = gtk_toggle_button_get_active (self->unsafe_check);
    return o;
}

/* Inline: what is wrong with the choices, and Migrate grey until right. */
static void
validate (DomusMigrateDialog *self)
{
    g_autoptr(DomusMigrateOptions) options = domus_migrate_dialog_get_options (self);
    g_autoptr(GError) error = NULL;
    gboolean ok = domus_migrate_options_check (options, &error);
    gboolean have_dest = domus_migrate_dialog_get_destination (self) != NULL;

    gtk_label_set_text (self->form_error, ok ? "" : error->message);
    gtk_widget_set_visible (self->unsafe_warning, options->allow_unsafe);
    gtk_widget_set_sensitive (GTK_WIDGET (self->pool_combo),
                              options->storage != DOMUS_MIGRATE_STORAGE_SHARED);
    gtk_widget_set_sensitive (GTK_WIDGET (self->address_entry), !options->tunnelled);
    gtk_widget_set_sensitive (self->migrate_button,
                              ok && have_dest && self->source != NULL && self->run == NULL);
}

static void
form_changed_cb (DomusMigrateDialog *self)
{
    validate (self);
}

static void
set_busy (DomusMigrateDialog *self, gboolean busy, gboolean post_copy)
{
    gtk_widget_set_sensitive (self->form_grid, !busy);
    gtk_widget_set_sensitive (self->options_expander, !busy);
    gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
    gtk_widget_set_visible (GTK_WIDGET (self->progress_label), busy);
    gtk_widget_set_visible (self->post_copy_button, busy && post_copy);
    gtk_widget_set_sensitive (self->post_copy_button, TRUE);
    gtk_widget_set_sensitive (self->cancel_button, TRUE);
    if (busy)
        gtk_widget_hide (GTK_WIDGET (self->error_label));
    validate (self);
}

/* ---- the migration ------------------------------------------------------ */

static void
progress_cb (const DomusMigrateProgress *progress, gpointer user_data)
{
    MigrateRun *run = user_data;
    g_autoptr(DomusMigrateDialog) self = g_weak_ref_get (&run->dialog);
    g_autofree char *activity = NULL;
    g_autofree char *details = NULL;
    double fraction = progress->total_bytes > 0
                      ? (double) progress->processed_bytes / (double) progress->total_bytes
                      : 0;

    if (g_cancellable_is_cancelled (run->cancellable))
        return;
    /* TRANSLATORS: a guest's progress in the list, "Migrating to hv2… 40 %" */
    activity = g_strdup_printf (_("Migrating to %s… %d %%"), run->dest_name,
                                (int) (fraction * 100));
    domus_domain_set_activity (run->domain, activity);
    if (self == NULL)
        return;
    details = domus_migrate_progress_describe (progress);
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (fraction, 1.0));
    gtk_progress_bar_set_text (self->progress_bar,
                               domus_migrate_phase_to_string (progress->phase));
    gtk_label_set_text (self->progress_label, details);
}

/* The guest window open on DOMAIN, or NULL. */
static GtkWindow *
guest_window_of (DomusApplication *app, DomusDomain *domain)
{
    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
        if (DOMUS_IS_GUEST_WINDOW (l->data) &&
            domus_guest_window_get_domain (l->data) == domain)
            return l->data;
    return NULL;
}

/* The guest's window (open when the migration started; the source's list
 * may have closed it since) opens again on the destination once it lists
 * the guest, and its consoles connect there. */
static void
follow_guest (MigrateRun *run)
{
    GtkWindow *window = guest_window_of (run->app, run->domain);

    if (window != NULL)
        gtk_widget_destroy (GTK_WIDGET (window));
    domus_guest_window_open_when_listed (run->app, run->dest,
                                         domus_domain_get_name (run->domain));
}

static void
migrate_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    MigrateRun *run = user_data;
    g_autoptr(DomusMigrateDialog) self = g_weak_ref_get (&run->dialog);
    g_autoptr(GError) error = NULL;
    gboolean ok = domus_domain_migrate_finish (DOMUS_CONNECTION (source), result, &error);

    domus_domain_set_activity (run->domain, NULL);
    if (ok && run->app != NULL)
        follow_guest (run);
    if (self == NULL) {
        if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_message ("%s", error->message);
        migrate_run_free (run);
        return;
    }
    self->run = NULL;
    if (ok) {
        GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
        g_autofree char *text = g_strdup_printf (_("Migrated “%s” to %s"),
                                                 domus_domain_get_name (run->domain),
                                                 run->dest_name);

        if (parent != NULL)
            domus_guest_actions_notify (parent, text);
        gtk_widget_destroy (GTK_WIDGET (self));
    } else {
        set_busy (self, FALSE, FALSE);
        gtk_label_set_text (self->error_label, error->message);
        gtk_widget_show (GTK_WIDGET (self->error_label));
    }
    migrate_run_free (run);
}

static void
start_migration (DomusMigrateDialog *self)
{
    g_autoptr(DomusMigrateOptions) options = domus_migrate_dialog_get_options (self);
    DomusConnection *dest = domus_migrate_dialog_get_destination (self);
    MigrateRun *run = g_new0 (MigrateRun, 1);
    g_autofree char *activity = NULL;
    GtkWindow *parent;
    GtkApplication *app;

    g_weak_ref_init (&run->dialog, self);
    run->domain = g_object_ref (self->domain);
    run->dest = g_object_ref (dest);
    run->dest_name = g_strdup (domus_connection_get_display_name (dest));
    parent = gtk_window_get_transient_for (GTK_WINDOW (self));
    app = parent != NULL ? gtk_window_get_application (parent) : NULL;
    if (DOMUS_IS_APPLICATION (app) && guest_window_of (DOMUS_APPLICATION (app), self->domain))
        run->app = g_object_ref (DOMUS_APPLICATION (app));
    run->cancellable = g_cancellable_new ();
    run->post_copy = g_cancellable_new ();
    self->run = run;
    set_busy (self, TRUE, options->post_copy);
    gtk_progress_bar_set_fraction (self->progress_bar, 0);
    gtk_progress_bar_set_text (self->progress_bar,
                               domus_migrate_phase_to_string (DOMUS_MIGRATE_PHASE_STARTING));
    gtk_label_set_text (self->progress_label, "");
    activity = g_strdup_printf (_("Migrating to %s…"), run->dest_name);
    domus_domain_set_activity (self->domain, activity);
    domus_domain_migrate_async (self->conn, self->domain, dest, options, progress_cb, run,
                                run->post_copy, run->cancellable, migrate_done_cb, run);
}

/* libvirt takes a moment to abort: the dialog stays until it has, and
 * then says where the guest is. */
static void
cancel_migration (DomusMigrateDialog *self)
{
    MigrateRun *run = self->run;

    if (g_cancellable_is_cancelled (run->cancellable))
        return;
    g_cancellable_cancel (run->cancellable);
    domus_domain_set_activity (run->domain, _("Cancelling the migration…"));
    gtk_widget_set_sensitive (self->cancel_button, FALSE);
    gtk_widget_set_sensitive (self->post_copy_button, FALSE);
    gtk_progress_bar_set_text (self->progress_bar, _("Cancelling…"));
}

static void
post_copy_clicked_cb (DomusMigrateDialog *self)
{
    if (self->run == NULL)
        return;
    g_cancellable_cancel (self->run->post_copy);
    gtk_widget_set_sensitive (self->post_copy_button, FALSE);
}

static void
domus_migrate_dialog_response (GtkDialog *dialog, int response)
{
    DomusMigrateDialog *self = DOMUS_MIGRATE_DIALOG (dialog);

    if (response == GTK_RESPONSE_ACCEPT) {
        if (self->run == NULL && gtk_widget_get_sensitive (self->migrate_button))
            start_migration (self);
    } else if (self->run != NULL) {
        cancel_migration (self);
    } else if (response != GTK_RESPONSE_DELETE_EVENT) {
        gtk_widget_destroy (GTK_WIDGET (self));
    }
}

/* While migrating, closing the window is Cancel (the response did it). */
static gboolean
delete_event_cb (GtkWidget *widget, GdkEvent *event, gpointer user_data)
{
    return DOMUS_MIGRATE_DIALOG (widget)->run != NULL;
}

/* ---- the object --------------------------------------------------------- */

static void
domus_migrate_dialog_constructed (GObject *object)
{
    DomusMigrateDialog *self = DOMUS_MIGRATE_DIALOG (object);
    g_autofree char *heading = NULL;
    guint n = g_list_model_get_n_items (self->hosts);

    G_OBJECT_CLASS (domus_migrate_dialog_parent_class)->constructed (object);

    heading = g_strdup_printf (_("Migrate “%s” from %s"), domus_domain_get_name (self->domain),
                               domus_connection_get_display_name (self->conn));
    gtk_label_set_text (self->heading, heading);
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->mode_combo),
                                 domus_domain_is_active (self->domain) ? "live" : "offline");
    for (guint i = 0; i < n; i++) {
        g_autoptr(DomusConnection) conn = g_list_model_get_item (self->hosts, i);

        if (conn != self->conn)
            gtk_container_add (GTK_CONTAINER (self->destinations),
                               new_destination_row (self, conn));
    }
    destination_selected_cb (self, NULL);
    domus_migrate_query_host_async (self->conn, self->domain, self->cancellable,
                                    source_done_cb, self);
}

static void
domus_migrate_dialog_dispose (GObject *object)
{
    DomusMigrateDialog *self = DOMUS_MIGRATE_DIALOG (object);

    g_cancellable_cancel (self->cancellable);
    /* Closing the dialog aborts the migration, which ends by itself. */
    if (self->run != NULL) {
        cancel_migration (self);
        self->run = NULL;
    }
    g_clear_object (&self->cancellable);
    g_clear_pointer (&self->source, domus_migrate_host_free);
    g_clear_object (&self->conn);
    g_clear_object (&self->domain);
    g_clear_object (&self->hosts);
    G_OBJECT_CLASS (domus_migrate_dialog_parent_class)->dispose (object);
}

static void
domus_migrate_dialog_set_property (GObject *object, guint prop_id, const GValue *value,
                                   GParamSpec *pspec)
{
    DomusMigrateDialog *self = DOMUS_MIGRATE_DIALOG (object);

    switch (prop_id) {
    case PROP_CONNECTION:
        self->conn = g_value_dup_object (value);
        break;
    case PROP_DOMAIN:
        self->domain = g_value_dup_object (value);
        break;
    case PROP_HOSTS:
        self->hosts = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_migrate_dialog_get_property (GObject *object, guint prop_id, GValue *value,
                                   GParamSpec *pspec)
{
    DomusMigrateDialog *self = DOMUS_MIGRATE_DIALOG (object);

    switch (prop_id) {
    case PROP_CONNECTION:
        g_value_set_object (value, self->conn);
        break;
    case PROP_DOMAIN:
        g_value_set_object (value, self->domain);
        break;
    case PROP_HOSTS:
        g_value_set_object (value, self->hosts);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_migrate_dialog_class_init (DomusMigrateDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->constructed = domus_migrate_dialog_constructed;
    object_class->dispose = domus_migrate_dialog_dispose;
    object_class->set_property = domus_migrate_dialog_set_property;
    object_class->get_property = domus_migrate_dialog_get_property;
    GTK_DIALOG_CLASS (klass)->response = domus_migrate_dialog_response;

    properties[PROP_CONNECTION] =
        g_param_spec_object ("connection", NULL, NULL, DOMUS_TYPE_CONNECTION,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_DOMAIN] =
        g_param_spec_object ("domain", NULL, NULL, DOMUS_TYPE_DOMAIN,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_HOSTS] =
        g_param_spec_object ("hosts", NULL, NULL, G_TYPE_LIST_MODEL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/domusvm/Domus/domus-migrate-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, DomusMigrateDialog, name)
    BIND (heading);
    BIND (destinations);
    BIND (mode_combo);
    BIND (transport_combo);
    BIND (address_entry);
    BIND (storage_combo);
    BIND (pool_combo);
    BIND (keep_source_check);
    BIND (persistent_check);
    BIND (bandwidth_spin);
    BIND (auto_converge_check);
    BIND (post_copy_check);
    BIND (compressed_check);
    BIND (unsafe_check);
    BIND (unsafe_warning);
    BIND (form_grid);
    BIND (options_expander);
    BIND (form_error);
    BIND (progress_bar);
    BIND (progress_label);
    BIND (error_label);
    BIND (cancel_button);
    BIND (post_copy_button);
    BIND (migrate_button);
#undef BIND
    gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, destination_selected_cb);
    gtk_widget_class_bind_template_callback (widget_class, post_copy_clicked_cb);
}

static void
domus_migrate_dialog_init (DomusMigrateDialog *self)
{
    GtkWidget *none;

    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
    /* With one host there is nowhere to go: say how to get a destination. */
    none = gtk_label_new (_("No other host is connected. Add one with “Add Connection…” "
                            "in the main menu, then choose it here."));
    gtk_label_set_line_wrap (GTK_LABEL (none), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (none), 40);
    gtk_widget_set_margin_start (none, 12);
    gtk_widget_set_margin_end (none, 12);
    gtk_style_context_add_class (gtk_widget_get_style_context (none), "dim-label");
    gtk_widget_show (none);
    gtk_list_box_set_placeholder (self->destinations, none);
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->transport_combo), "direct");
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->storage_combo), "shared");
    g_signal_connect (self, "delete-event", G_CALLBACK (delete_event_cb), NULL);
}

GtkWidget *
domus_migrate_dialog_new (GtkWindow *parent, DomusConnection *conn, DomusDomain *domain,
                          GListModel *hosts)
{
    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);
    g_return_val_if_fail (DOMUS_IS_DOMAIN (domain), NULL);
    g_return_val_if_fail (G_IS_LIST_MODEL (hosts), NULL);

    return g_object_new (DOMUS_TYPE_MIGRATE_DIALOG, "transient-for", parent,
                         "use-header-bar", FALSE, "connection", conn, "domain", domain,
                         "hosts", hosts, NULL);
}
