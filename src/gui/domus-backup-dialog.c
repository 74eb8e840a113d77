/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Back Up dialog (win.back-up, the guest menus): a folder on the
 * guest's host, typed or one of the host's directory pools (the dialog
 * says it is written there, not on this computer), the format, full or
 * incremental, and each disk with a check box (a disk that is never backed
 * up, such as a CD-ROM, greyed with why). Back Up runs core's backup with
 * its progress in the dialog and as the guest's activity; Cancel aborts it
 * and the dialog stays until the partial folder is removed. A refusal (a
 * folder the host cannot write, a host without backups) shows under the
 * form in libvirt's words, and the dialog stays; where the host has no
 * backup job for a running guest (DOMUS_ERROR_BACKUP_UNSUPPORTED), "Back
 * Up with Snapshot and Commit" runs core's fallback instead. No libvirt
 * call here.
 */
#include "config.h"

#include "domus-backup-dialog.h"
#include "domus-backup-dialog-private.h"

#include <glib/gi18n.h>

#include "domus-backup-schedule-flow.h"
#include "domus-backups-targets.h"
#include "domus-domain-backup.h"
#include "domus-error.h"
#include "domus-storage.h"


G_DEFINE_TYPE (DomusBackupDialog, domus_backup_dialog, GTK_TYPE_DIALOG)

static const char *
target_problem (DomusBackupDialog *self)
{
    const char *text = gtk_entry_get_text (self->target_entry);

    if (text[0] == '\0')
        return _("Type a folder of the guest’s host, or choose one of its pools");
    if (!g_path_is_absolute (text))
        return _("The folder must be a full path on the host, starting with “/”");
    return NULL;
}

void
domus_backup_dialog_update_sensitivity (DomusBackupDialog *self)
{
    const char *problem = target_problem (self);
    const char *text = gtk_entry_get_text (self->target_entry);

    /* An empty field is not yet wrong: it only keeps Back Up grey. */
    gtk_label_set_text (self->target_error, problem != NULL ? problem : "");
    gtk_widget_set_visible (GTK_WIDGET (self->target_error), problem != NULL && text[0] != '\0');
    gtk_widget_set_sensitive (self->back_up_button, problem == NULL && self->running == NULL);
    gtk_widget_set_sensitive (self->snapshot_commit_button,
                              problem == NULL && self->running == NULL);
}

static void
target_changed_cb (DomusBackupDialog *self)
{
    gtk_widget_hide (GTK_WIDGET (self->error_label));
    gtk_widget_hide (self->snapshot_commit_button);
    domus_backup_dialog_update_sensitivity (self);
}

static void
pools_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) pools = domus_storage_list_pools_finish (DOMUS_CONNECTION (source),
                                                                  result, &error);
    DomusBackupDialog *self = user_data;

    if (pools == NULL)
        return;   /* cancelled, or no pools to offer: the folder is typed */
    for (guint i = 0; i < pools->len; i++) {
        DomusPoolInfo *pool = pools->pdata[i];

        if (pool->active && g_strcmp0 (pool->type, "dir") == 0 && pool->target_path != NULL)
            gtk_combo_box_text_append (self->target_combo, pool->name, pool->target_path);
    }
}

static void
disks_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) disks = domus_domain_backup_disks_finish (DOMUS_CONNECTION (source),
                                                                   result, &error);
    DomusBackupDialog *self;

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = user_data;
    if (disks == NULL) {
        gtk_label_set_text (self->error_label, error->message);
        gtk_widget_show (GTK_WIDGET (self->error_label));
        return;
    }
    for (guint i = 0; i < disks->len; i++) {
        DomusBackupDisk *disk = disks->pdata[i];
        g_autofree char *label = NULL;
        GtkWidget *check;

        if (disk->backup)
            label = g_strdup_printf ("%s — %s", disk->target, disk->source);
        else
            /* Translators: a disk (vda) and why it is not backed up. */
            label = g_strdup_printf (_("%s — not backed up: %s"), disk->target, disk->why_not);
        check = gtk_check_button_new_with_label (label);
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), disk->backup);
        gtk_widget_set_sensitive (check, disk->backup);
        g_object_set_data_full (G_OBJECT (check), "target", g_strdup (disk->target), g_free);
        gtk_widget_show (check);
        gtk_container_add (GTK_CONTAINER (self->disks_box), check);
        if (disk->backup)
            g_ptr_array_add (self->checks, check);
    }
}

/* ---- the backup, which may outlive the dialog ---- */

typedef struct {
    GWeakRef dialog;
    DomusDomain *domain;
} BackupRun;

static void
backup_run_free (BackupRun *run)
{
    g_weak_ref_clear (&run->dialog);
    g_object_unref (run->domain);
    g_free (run);
}

static void
progress_cb (guint64 done, guint64 total, guint64 bps, gpointer user_data)
{
    BackupRun *run = user_data;
    g_autoptr(DomusBackupDialog) self = g_weak_ref_get (&run->dialog);
    int percent = total > 0 ? (int) (done * 100 / total) : 0;
    g_autofree char *activity = NULL;
    g_autofree char *done_s = g_format_size (done);
    g_autofree char *total_s = g_format_size (total);
    g_autofree char *rate_s = g_format_size (bps);
    g_autofree char *text = NULL;

    /* Translators: a guest's progress in the list, "Backing up… 40 %" */
    activity = g_strdup_printf (_("Backing up… %d %%"), percent);
    domus_domain_set_activity (run->domain, activity);
    if (self == NULL || g_cancellable_is_cancelled (self->running))
        return;
    if (total == 0) {
        gtk_progress_bar_pulse (self->progress);
        return;
    }
    /* Translators: bytes copied of bytes, at a rate: "40 MB of 100 MB (20 MB/s)" */
    text = g_strdup_printf (_("%s of %s (%s/s)"), done_s, total_s, rate_s);
    gtk_progress_bar_set_fraction (self->progress, (double) done / (double) total);
    gtk_progress_bar_set_text (self->progress, text);
}

static void
backup_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    BackupRun *run = user_data;
    g_autoptr(DomusBackupDialog) self = g_weak_ref_get (&run->dialog);
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusBackupResult) done = domus_domain_backup_finish (DOMUS_CONNECTION (source),
                                                                    result, &error);
    gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

    domus_domain_set_activity (run->domain, NULL);
    backup_run_free (run);
    if (self == NULL)
        return;
    g_clear_object (&self->running);
    if (done != NULL)
        domus_backups_remember_target (domus_domain_get_uuid (self->domain),
                                       gtk_entry_get_text (self->target_entry));
    if (done != NULL || cancelled) {
        gtk_widget_destroy (GTK_WIDGET (self));
        return;
    }
    gtk_widget_hide (GTK_WIDGET (self->progress));
    gtk_label_set_text (self->error_label, error->message);
    gtk_widget_show (GTK_WIDGET (self->error_label));
    /* The host has no backup job: offer what scripts do instead. */
    gtk_widget_set_visible (self->snapshot_commit_button,
                            g_error_matches (error, DOMUS_ERROR,
                                             DOMUS_ERROR_BACKUP_UNSUPPORTED));
    domus_backup_dialog_update_sensitivity (self);
}

static void
start_backup (DomusBackupDialog *self, gboolean snapshot_commit)
{
    g_autoptr(DomusBackupOptions) options = NULL;
    g_autoptr(GPtrArray) exclude = g_ptr_array_new ();
    BackupRun *run;

    if (target_problem (self) != NULL || self->running != NULL)
        return;
    options = domus_backup_options_new (gtk_entry_get_text (self->target_entry));
    options->format = g_strcmp0 (gtk_combo_box_get_active_id (
                                     GTK_COMBO_BOX (self->format_combo)), "raw") == 0
                      ? DOMUS_BACKUP_FORMAT_RAW : DOMUS_BACKUP_FORMAT_QCOW2;
    options->incremental = gtk_toggle_button_get_active (self->incremental_check);
    options->snapshot_commit = snapshot_commit;
    for (guint i = 0; i < self->checks->len; i++) {
        GtkToggleButton *check = self->checks->pdata[i];

        if (!gtk_toggle_button_get_active (check))
            g_ptr_array_add (exclude, g_strdup (g_object_get_data (G_OBJECT (check), "target")));
    }
    g_ptr_array_add (exclude, NULL);
    options->exclude = (char **) g_ptr_array_free (g_steal_pointer (&exclude), FALSE);
    if (self->domains->len > 1) {
        domus_backup_dialog_start_guests (self, options);
        return;
    }

    run = g_new0 (BackupRun, 1);
    g_weak_ref_init (&run->dialog, self);
    run->domain = g_object_ref (self->domain);
    self->running = g_cancellable_new ();
    gtk_widget_hide (GTK_WIDGET (self->error_label));
    gtk_widget_hide (self->snapshot_commit_button);
    gtk_progress_bar_set_fraction (self->progress, 0);
    gtk_progress_bar_set_text (self->progress, _("Starting…"));
    gtk_widget_show (GTK_WIDGET (self->progress));
    domus_backup_dialog_update_sensitivity (self);
    domus_domain_set_activity (self->domain, _("Backing up…"));
    domus_domain_backup_async (self->conn, self->domain, options, progress_cb, run,
                               self->running, backup_done_cb, run);
}

/* What the Back Up form says now, with the time typed, shown before the
 * units are written. */
static void
schedule_clicked_cb (DomusBackupDialog *self)
{
    g_autoptr(DomusBackupSchedule) schedule = g_new0 (DomusBackupSchedule, 1);
    g_autoptr(GError) error = NULL;

    if (target_problem (self) != NULL) {
        gtk_label_set_text (self->schedule_label, target_problem (self));
        gtk_widget_show (GTK_WIDGET (self->schedule_label));
        return;
    }
    if (!domus_backup_schedule_parse_time (gtk_entry_get_text (self->schedule_entry),
                                           &schedule->hour, &schedule->minute, &error)) {
        gtk_label_set_text (self->schedule_label, error->message);
        gtk_widget_show (GTK_WIDGET (self->schedule_label));
        return;
    }
    schedule->program = domus_backup_schedule_flow_program ();
    schedule->uri = g_strdup (domus_connection_get_uri (self->conn));
    schedule->guest = g_strdup (domus_domain_get_name (self->domain));
    schedule->options = domus_backup_options_new (gtk_entry_get_text (self->target_entry));
    schedule->options->incremental = gtk_toggle_button_get_active (self->incremental_check);
    domus_backups_remember_target (domus_domain_get_uuid (self->domain),
                                   schedule->options->target);
    domus_backup_schedule_flow_start (GTK_WINDOW (self), schedule, self->schedule_label);
}

static void
domus_backup_dialog_response (GtkDialog *dialog, int response)
{
    DomusBackupDialog *self = DOMUS_BACKUP_DIALOG (dialog);

    if (response == GTK_RESPONSE_ACCEPT || response == DOMUS_BACKUP_RESPONSE_SNAPSHOT_COMMIT) {
        start_backup (self, response == DOMUS_BACKUP_RESPONSE_SNAPSHOT_COMMIT);
        return;
    }
    /* Cancel or close: a running backup is aborted, and the dialog goes
     * once its folder is removed. */
    if (self->running != NULL) {
        gtk_progress_bar_set_text (self->progress, _("Cancelling…"));
        gtk_widget_show (GTK_WIDGET (self->progress));
        g_cancellable_cancel (self->running);
        return;
    }
    gtk_widget_destroy (GTK_WIDGET (self));
}

static gboolean
domus_backup_dialog_delete_event (GtkWidget *widget, GdkEventAny *event)
{
    domus_backup_dialog_response (GTK_DIALOG (widget), GTK_RESPONSE_DELETE_EVENT);
    return TRUE;
}

static void
domus_backup_dialog_dispose (GObject *object)
{
    DomusBackupDialog *self = DOMUS_BACKUP_DIALOG (object);

    g_cancellable_cancel (self->cancellable);
    if (self->running != NULL)
        g_cancellable_cancel (self->running);
    g_clear_object (&self->running);
    g_clear_object (&self->cancellable);
    g_clear_pointer (&self->checks, g_ptr_array_unref);
    g_clear_object (&self->domain);
    g_clear_pointer (&self->domains, g_ptr_array_unref);
    g_clear_pointer (&self->bars, g_ptr_array_unref);
    g_clear_pointer (&self->options, domus_backup_options_free);
    g_clear_pointer (&self->refused, g_ptr_array_unref);
    g_clear_pointer (&self->retrying, g_ptr_array_unref);
    if (self->failures != NULL)
        g_string_free (g_steal_pointer (&self->failures), TRUE);
    g_clear_object (&self->conn);
    G_OBJECT_CLASS (domus_backup_dialog_parent_class)->dispose (object);
}

static void
domus_backup_dialog_class_init (DomusBackupDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    G_OBJECT_CLASS (klass)->dispose = domus_backup_dialog_dispose;
    widget_class->delete_event = domus_backup_dialog_delete_event;
    GTK_DIALOG_CLASS (klass)->response = domus_backup_dialog_response;
    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/domusvm/Domus/domus-backup-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, DomusBackupDialog, intro);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupDialog, target_combo);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupDialog, target_entry);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupDialog, target_error);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupDialog, format_combo);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupDialog, incremental_check);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupDialog, disks_box);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupDialog, progress);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupDialog, error_label);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupDialog, back_up_button);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupDialog,
                                          snapshot_commit_button);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupDialog, schedule_entry);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupDialog, schedule_label);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupDialog, schedule_box);
    gtk_widget_class_bind_template_callback (widget_class, target_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, schedule_clicked_cb);
}

static void
domus_backup_dialog_init (DomusBackupDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
    self->checks = g_ptr_array_new ();
    self->domains = g_ptr_array_new_with_free_func (g_object_unref);
    self->bars = g_ptr_array_new ();
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->format_combo), "qcow2");
}

GtkWidget *
domus_backup_dialog_new (GtkWindow *parent, DomusConnection *conn, DomusDomain *domain)
{
    DomusDomain *one[] = { domain, NULL };

    g_return_val_if_fail (DOMUS_IS_DOMAIN (domain), NULL);
    return domus_backup_dialog_new_for_guests (parent, conn, one);
}

GtkWidget *
domus_backup_dialog_new_for_guests (GtkWindow *parent, DomusConnection *conn,
                                    DomusDomain * const *domains)
{
    DomusBackupDialog *self;
    g_autofree char *intro = NULL;
    guint n = 0;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);
    g_return_val_if_fail (domains != NULL && DOMUS_IS_DOMAIN (domains[0]), NULL);

    self = g_object_new (DOMUS_TYPE_BACKUP_DIALOG, "transient-for", parent,
                         "use-header-bar", FALSE, NULL);
    self->conn = g_object_ref (conn);
    self->domain = g_object_ref (domains[0]);
    for (n = 0; domains[n] != NULL; n++)
        g_ptr_array_add (self->domains, g_object_ref (domains[n]));
    if (n == 1)
        intro = g_strdup_printf (_("Backs up “%s” into a folder on %s, the guest’s host — not "
                                   "on this computer. A running guest keeps running. Each "
                                   "backup is a folder GUEST/DATE/ there, with one image per "
                                   "disk and the guest’s definition."),
                                 domus_domain_get_name (domains[0]),
                                 domus_connection_get_display_name (conn));
    else
        intro = g_strdup_printf (ngettext ("Backs up %u guest, one after the other, into a "
                                           "folder on %s, their host — not on this computer. "
                                           "Running guests keep running. Each backup is a "
                                           "folder GUEST/DATE/ there, with one image per disk "
                                           "and the guest’s definition.",
                                           "Backs up %u guests, one after the other, into a "
                                           "folder on %s, their host — not on this computer. "
                                           "Running guests keep running. Each backup is a "
                                           "folder GUEST/DATE/ there, with one image per disk "
                                           "and the guest’s definition.", n),
                                 n, domus_connection_get_display_name (conn));
    gtk_label_set_text (self->intro, intro);
    gtk_entry_set_text (self->target_entry, DOMUS_BACKUP_DEFAULT_TARGET);
    domus_backup_dialog_update_sensitivity (self);
    domus_storage_list_pools_async (conn, self->cancellable, pools_done_cb, self);
    if (n == 1)
        domus_domain_backup_disks_async (conn, domains[0], self->cancellable, disks_done_cb,
                                         self);
    else
        domus_backup_dialog_show_guests (self);
    return GTK_WIDGET (self);
}
