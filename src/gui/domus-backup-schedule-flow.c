/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daily backup, from the Back Up dialog: a confirmation that shows the
 * two unit files and where they go (on this computer, not the host), then
 * core writes them and runs systemctl --user off the GTK thread
 * (GSubprocess); where that fails, a dialog with the crontab line to copy
 * and systemctl's words. Dialogs answer through "response": nothing here
 * runs a nested main loop.
 */
#include "config.h"

#include "domus-backup-schedule-flow.h"

#include <glib/gi18n.h>

typedef struct {
    DomusBackupSchedule *schedule;
    GWeakRef status;
    GWeakRef parent;
} Flow;

static void
flow_free (Flow *flow)
{
    domus_backup_schedule_free (flow->schedule);
    g_weak_ref_clear (&flow->status);
    g_weak_ref_clear (&flow->parent);
    g_free (flow);
}

char *
domus_backup_schedule_flow_program (void)
{
    char *self = g_file_read_link ("/proc/self/exe", NULL);

    return self != NULL ? self : g_strdup ("domus");
}

static void
set_status (Flow *flow, const char *text)
{
    g_autoptr(GtkLabel) status = g_weak_ref_get (&flow->status);

    if (status == NULL)
        return;
    gtk_label_set_text (status, text);
    gtk_widget_show (GTK_WIDGET (status));
}

static void
crontab_response_cb (GtkDialog *dialog, int response)
{
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
show_crontab (Flow *flow, const char *why)
{
    g_autoptr(GtkWindow) parent = g_weak_ref_get (&flow->parent);
    g_autofree char *line = domus_backup_schedule_crontab_line (flow->schedule);
    GtkWidget *dialog;
    GtkWidget *label;

    dialog = gtk_message_dialog_new (parent, GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_INFO,
                                     GTK_BUTTONS_CLOSE, _("Add This Line to Your Crontab"));
    gtk_message_dialog_format_secondary_text (
        GTK_MESSAGE_DIALOG (dialog),
        _("%s\nNothing was written. Run “crontab -e” and add this line to back up daily "
          "without systemd:"), why);
    label = gtk_label_new (line);
    gtk_label_set_selectable (GTK_LABEL (label), TRUE);
    gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_line_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    atk_object_set_name (gtk_widget_get_accessible (label), _("Crontab line"));
    gtk_buildable_set_name (GTK_BUILDABLE (label), "crontab_line");
    gtk_widget_show (label);
    gtk_container_add (GTK_CONTAINER (gtk_message_dialog_get_message_area (
                           GTK_MESSAGE_DIALOG (dialog))), label);
    g_signal_connect (dialog, "response", G_CALLBACK (crontab_response_cb), NULL);
    gtk_window_present (GTK_WINDOW (dialog));
    set_status (flow, _("No daily backup was scheduled: systemd user units are unavailable "
                        "here. Use the crontab line."));
}

static void
installed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Flow *flow = user_data;
    g_autoptr(GError) error = NULL;

    if (domus_backup_schedule_install_finish (result, &error)) {
        g_autofree char *name = domus_backup_schedule_unit_name (flow->schedule);
        /* Translators: a time and a systemd unit's name. */
        g_autofree char *text = g_strdup_printf (_("Backed up daily at %02u:%02u by the "
                                                   "systemd user timer %s.timer."),
                                                 flow->schedule->hour,
                                                 flow->schedule->minute, name);

        set_status (flow, text);
    } else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED)) {
        show_crontab (flow, error->message);
    } else {
        set_status (flow, error->message);
    }
    flow_free (flow);
}

#define RESPONSE_WRITE 1

static void
confirm_response_cb (GtkDialog *dialog, int response, Flow *flow)
{
    gtk_widget_destroy (GTK_WIDGET (dialog));
    if (response != RESPONSE_WRITE) {
        flow_free (flow);
        return;
    }
    set_status (flow, _("Writing the timer…"));
    domus_backup_schedule_install_async (flow->schedule, NULL, installed_cb, flow);
}

void
domus_backup_schedule_flow_start (GtkWindow *parent, const DomusBackupSchedule *schedule,
                                  GtkLabel *status)
{
    Flow *flow = g_new0 (Flow, 1);
    g_autofree char *dir = domus_backup_schedule_unit_dir ();
    g_autofree char *name = domus_backup_schedule_unit_name (schedule);
    g_autofree char *service = domus_backup_schedule_service_text (schedule);
    g_autofree char *timer = domus_backup_schedule_timer_text (schedule);
    g_autofree char *units = NULL;
    GtkWidget *dialog;
    GtkWidget *label;

    flow->schedule = g_new0 (DomusBackupSchedule, 1);
    flow->schedule->program = g_strdup (schedule->program);
    flow->schedule->uri = g_strdup (schedule->uri);
    flow->schedule->guest = g_strdup (schedule->guest);
    flow->schedule->options = domus_backup_options_copy (schedule->options);
    flow->schedule->hour = schedule->hour;
    flow->schedule->minute = schedule->minute;
    g_weak_ref_init (&flow->status, status);
    g_weak_ref_init (&flow->parent, parent);

    dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                     _("Back Up Daily at %02u:%02u?"), schedule->hour,
                                     schedule->minute);
    gtk_message_dialog_format_secondary_text (
        GTK_MESSAGE_DIALOG (dialog),
        _("These two files are written in %s on this computer, and the timer is enabled. "
          "The backup runs while you are logged in, or after, if your session lingers."),
        dir);
    units = g_strdup_printf ("%s.service\n%s\n%s.timer\n%s", name, service, name, timer);
    label = gtk_label_new (units);
    gtk_label_set_selectable (GTK_LABEL (label), TRUE);
    gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_line_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    atk_object_set_name (gtk_widget_get_accessible (label), _("Unit files"));
    gtk_buildable_set_name (GTK_BUILDABLE (label), "unit_files");
    gtk_widget_show (label);
    gtk_container_add (GTK_CONTAINER (gtk_message_dialog_get_message_area (
                           GTK_MESSAGE_DIALOG (dialog))), label);
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Write and Enable"), RESPONSE_WRITE);
    g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), flow);
    gtk_window_present (GTK_WINDOW (dialog));
}
