/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Back Up dialog for several guests of one host (the manager window's
 * selection): a progress bar per guest where one guest's disks would be,
 * the backups one after another through core (the host's worker does one
 * thing at a time anyway), each guest's activity in the list, and one
 * summary at the end: how many were backed up, and each failure in
 * libvirt's words. Guests the host has no backup job for are offered
 * "Back Up with Snapshot and Commit", which runs the fallback for them
 * alone. Cancel aborts the running one and starts no other. No libvirt
 * call here.
 */
#include "config.h"

#include "domus-backup-dialog-private.h"

#include <glib/gi18n.h>

#include "domus-backups-targets.h"
#include "domus-error.h"

typedef struct {
    GWeakRef dialog;
    DomusDomain *domain;
    GtkProgressBar *bar;          /* held while the dialog lives */
} GuestRun;

static void
guest_run_free (GuestRun *run)
{
    g_weak_ref_clear (&run->dialog);
    g_object_unref (run->domain);
    g_object_unref (run->bar);
    g_free (run);
}

void
domus_backup_dialog_show_guests (DomusBackupDialog *self)
{
    gtk_widget_hide (self->schedule_box);
    for (guint i = 0; i < self->domains->len; i++) {
        const char *name = domus_domain_get_name (self->domains->pdata[i]);
        GtkWidget *bar = gtk_progress_bar_new ();
        g_autofree char *text = g_strdup_printf (_("%s — waiting"), name);

        gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (bar), TRUE);
        gtk_progress_bar_set_text (GTK_PROGRESS_BAR (bar), text);
        atk_object_set_name (gtk_widget_get_accessible (bar), name);
        gtk_widget_show (bar);
        gtk_container_add (GTK_CONTAINER (self->disks_box), bar);
        g_ptr_array_add (self->bars, bar);
    }
}

static void run_next (DomusBackupDialog *self);

static void
progress_cb (guint64 done, guint64 total, guint64 bps, gpointer user_data)
{
    GuestRun *run = user_data;
    g_autofree char *done_s = g_format_size (done);
    g_autofree char *total_s = g_format_size (total);
    g_autofree char *activity = NULL;
    g_autofree char *text = NULL;
    int percent = total > 0 ? (int) (done * 100 / total) : 0;

    activity = g_strdup_printf (_("Backing up… %d %%"), percent);
    domus_domain_set_activity (run->domain, activity);
    if (total == 0) {
        gtk_progress_bar_pulse (run->bar);
        return;
    }
    /* Translators: a guest, then bytes copied of bytes. */
    text = g_strdup_printf (_("%s — %s of %s"), domus_domain_get_name (run->domain), done_s,
                            total_s);
    gtk_progress_bar_set_fraction (run->bar, (double) done / (double) total);
    gtk_progress_bar_set_text (run->bar, text);
}

static void
done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    GuestRun *run = user_data;
    g_autoptr(DomusBackupDialog) self = g_weak_ref_get (&run->dialog);
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusBackupResult) done = domus_domain_backup_finish (DOMUS_CONNECTION (source),
                                                                    result, &error);
    const char *name = domus_domain_get_name (run->domain);
    g_autofree char *text = NULL;

    domus_domain_set_activity (run->domain, NULL);
    if (done != NULL) {
        /* Translators: a guest and the folder of its new backup. */
        text = g_strdup_printf (_("%s — backed up into %s"), name, done->path);
        gtk_progress_bar_set_fraction (run->bar, 1.0);
    } else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        text = g_strdup_printf (_("%s — cancelled"), name);
    } else {
        text = g_strdup_printf (_("%s — failed"), name);
    }
    gtk_progress_bar_set_text (run->bar, text);
    if (self != NULL) {
        if (done != NULL) {
            self->succeeded++;
            domus_backups_remember_target (domus_domain_get_uuid (run->domain),
                                           self->options->target);
        } else if (error != NULL && !g_error_matches (error, G_IO_ERROR,
                                                      G_IO_ERROR_CANCELLED)) {
            g_string_append_printf (self->failures, "\n%s", error->message);
            if (g_error_matches (error, DOMUS_ERROR, DOMUS_ERROR_BACKUP_UNSUPPORTED))
                g_ptr_array_add (self->refused, g_object_ref (run->domain));
        }
        self->next++;
        run_next (self);
    }
    guest_run_free (run);
}

static void
summarize (DomusBackupDialog *self)
{
    guint n = self->retrying != NULL ? self->retrying->len : self->domains->len;
    g_autofree char *text = NULL;

    /* Translators: how many guests of how many were backed up. */
    text = g_strdup_printf (ngettext ("%u of %u guest backed up.",
                                      "%u of %u guests backed up.", n),
                            self->succeeded, n);
    g_string_prepend (self->failures, text);
    gtk_label_set_text (self->error_label, self->failures->str);
    gtk_widget_show (GTK_WIDGET (self->error_label));
    gtk_widget_hide (GTK_WIDGET (self->progress));
    /* The host has no backup job for some: offer what scripts do instead. */
    gtk_widget_set_visible (self->snapshot_commit_button, self->refused->len > 0);
}

/* In a retry, the guests not refused last time are left as they were. */
static gboolean
in_run (DomusBackupDialog *self, guint index)
{
    return self->retrying == NULL ||
           g_ptr_array_find (self->retrying, self->domains->pdata[index], NULL);
}

static void
run_next (DomusBackupDialog *self)
{
    GuestRun *run;

    if (g_cancellable_is_cancelled (self->running)) {
        /* Cancel or close: the dialog goes once the running one is undone. */
        g_clear_object (&self->running);
        gtk_widget_destroy (GTK_WIDGET (self));
        return;
    }
    while (self->next < self->domains->len && !in_run (self, self->next))
        self->next++;
    if (self->next == self->domains->len) {
        g_clear_object (&self->running);
        summarize (self);
        domus_backup_dialog_update_sensitivity (self);
        return;
    }
    run = g_new0 (GuestRun, 1);
    g_weak_ref_init (&run->dialog, self);
    run->domain = g_object_ref (self->domains->pdata[self->next]);
    run->bar = g_object_ref (self->bars->pdata[self->next]);
    domus_domain_set_activity (run->domain, _("Backing up…"));
    domus_domain_backup_async (self->conn, run->domain, self->options, progress_cb, run,
                               self->running, done_cb, run);
}

void
domus_backup_dialog_start_guests (DomusBackupDialog *self, const DomusBackupOptions *options)
{
    g_clear_pointer (&self->options, domus_backup_options_free);
    self->options = domus_backup_options_copy (options);
    self->next = 0;
    self->succeeded = 0;
    if (self->failures != NULL)
        g_string_free (self->failures, TRUE);
    self->failures = g_string_new (NULL);
    g_clear_pointer (&self->retrying, g_ptr_array_unref);
    if (options->snapshot_commit)
        self->retrying = g_steal_pointer (&self->refused);
    g_clear_pointer (&self->refused, g_ptr_array_unref);
    self->refused = g_ptr_array_new_with_free_func (g_object_unref);
    self->running = g_cancellable_new ();
    gtk_widget_hide (GTK_WIDGET (self->error_label));
    gtk_widget_hide (self->snapshot_commit_button);
    domus_backup_dialog_update_sensitivity (self);
    run_next (self);
}
