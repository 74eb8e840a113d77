/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The questions and runs both Backups pages share. Each question is a
 * message dialog over the page's window answering through "response" (no
 * nested main loop); each run calls core (restore, restore over, Verify:
 * worker jobs) with the page's cancellable and reports its start and end
 * through the page's report function, never after a cancel. No libvirt
 * call here.
 */
#include "config.h"

#include "domus-backups-ask.h"

#include <glib/gi18n.h>

#include "domus-backups-common.h"
#include "domus-domain-actions.h"
#include "domus-domain-backup.h"

#define RESPONSE_FORCE_OFF 1

/* One question or run: the asker's references, the backup, and the
 * form's fields. */
typedef struct {
    DomusBackupsAsker asker;
    DomusDomain *domain;          /* restore over: the guest, or NULL */
    char *path;
    char *date;
    GtkEntry *first;              /* the form's fields, or NULL */
    GtkEntry *second;
    DomusBackupsFolderFunc added;
} Run;

static Run *
run_new (const DomusBackupsAsker *asker, const char *path, const char *date)
{
    Run *run = g_new0 (Run, 1);

    run->asker = *asker;
    g_object_ref (run->asker.page);
    g_object_ref (run->asker.conn);
    g_object_ref (run->asker.cancellable);
    run->path = g_strdup (path);
    run->date = g_strdup (date);
    return run;
}

static void
run_free (Run *run)
{
    g_object_unref (run->asker.page);
    g_object_unref (run->asker.conn);
    g_object_unref (run->asker.cancellable);
    g_clear_object (&run->domain);
    g_free (run->path);
    g_free (run->date);
    g_free (run);
}

static gboolean
run_gone (Run *run)
{
    return g_cancellable_is_cancelled (run->asker.cancellable);
}

static void
report (Run *run, gboolean busy, const char *status, const GError *error)
{
    if (!run_gone (run) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        run->asker.report (run->asker.page, busy, status, error);
}

/* "Restoring the backup of DATE…" */
static void
report_restoring (Run *run)
{
    /* Translators: %s is the backup's date. */
    g_autofree char *status = g_strdup_printf (_("Restoring the backup of %s…"), run->date);

    report (run, TRUE, status, NULL);
}

/* ---- Verify ---- */

static void
verify_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Run *run = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusBackupCheck) check = domus_backup_verify_finish (DOMUS_CONNECTION (source),
                                                                    result, &error);
    g_autoptr(GString) text = g_string_new (NULL);

    if (check == NULL) {
        report (run, FALSE, "", error);
    } else if (check->problems->len == 0) {
        if (check->read_images)
            /* Translators: %s is the backup's date. */
            g_string_printf (text, _("The backup of %s is OK: every file is as it was made, "
                                     "and qemu-img check read every image."), run->date);
        else
            g_string_printf (text, _("The backup of %s is OK: every file is as it was made "
                                     "(the host is remote, so the images were not read)."),
                             run->date);
        report (run, FALSE, text->str, NULL);
    } else {
        g_string_printf (text, _("The backup of %s is damaged:"), run->date);
        for (guint i = 0; i < check->problems->len; i++)
            g_string_append_printf (text, "\n• %s", (char *) check->problems->pdata[i]);
        report (run, FALSE, text->str, NULL);
    }
    run_free (run);
}

void
domus_backups_verify (const DomusBackupsAsker *asker, const char *path, const char *date)
{
    Run *run = run_new (asker, path, date);
    /* Translators: %s is the backup's date. */
    g_autofree char *status = g_strdup_printf (_("Verifying the backup of %s…"), date);

    report (run, TRUE, status, NULL);
    domus_backup_verify_async (run->asker.conn, path, run->asker.cancellable, verify_done_cb,
                               run);
}

/* ---- the questions ---- */

static GtkWidget *
ask_dialog (Run *run, GtkMessageType type, const char *title, const char *text)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (run->asker.page);
    GtkWidget *dialog;

    dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                     GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     type, GTK_BUTTONS_NONE, "%s", title);
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", text);
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
    return dialog;
}

/* A labelled field in DIALOG's message area. */
static GtkEntry *
ask_field (GtkWidget *dialog, const char *label, const char *initial, const char *id)
{
    GtkWidget *entry = gtk_entry_new ();
    GtkWidget *caption = gtk_label_new_with_mnemonic (label);
    GtkWidget *area = gtk_message_dialog_get_message_area (GTK_MESSAGE_DIALOG (dialog));

    gtk_entry_set_text (GTK_ENTRY (entry), initial);
    gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
    gtk_buildable_set_name (GTK_BUILDABLE (entry), id);
    gtk_label_set_mnemonic_widget (GTK_LABEL (caption), entry);
    atk_object_set_name (gtk_widget_get_accessible (entry),
                         gtk_label_get_text (GTK_LABEL (caption)));
    gtk_label_set_xalign (GTK_LABEL (caption), 0);
    gtk_container_add (GTK_CONTAINER (area), caption);
    gtk_container_add (GTK_CONTAINER (area), entry);
    gtk_widget_show (caption);
    gtk_widget_show (entry);
    return GTK_ENTRY (entry);
}

static char *
field_text (GtkEntry *entry)
{
    char *text = g_strstrip (g_strdup (gtk_entry_get_text (entry)));

    if (text[0] == '\0')
        g_clear_pointer (&text, g_free);
    return text;
}

static void
ask (GtkWidget *dialog, int accept, GCallback response, Run *run)
{
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), accept);
    g_signal_connect (dialog, "response", response, run);
    gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Restore ---- */

static void
restored (Run *run, gboolean ok, const GError *error)
{
    g_autofree char *text = NULL;

    /* Translators: %s is the backup's date. */
    text = ok ? g_strdup_printf (_("Restored from the backup of %s."), run->date) : NULL;
    report (run, FALSE, ok ? text : "", error);
    run_free (run);
}

static void
restore_over_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    gboolean ok = domus_backup_restore_over_finish (DOMUS_CONNECTION (source), result, &error);

    restored (user_data, ok, error);
}

static void
restore_new_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = domus_backup_restore_finish (DOMUS_CONNECTION (source), result,
                                                         &error);

    restored (user_data, uuid != NULL, error);
}

static void
forced_off_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Run *run = user_data;
    g_autoptr(GError) error = NULL;

    if (!domus_domain_action_finish (DOMUS_CONNECTION (source), result, &error))
        restored (run, FALSE, error);
    else
        domus_backup_restore_over_async (run->asker.conn, run->path, run->domain,
                                         run->asker.cancellable, restore_over_done_cb, run);
}

char *
domus_backups_over_text (const char *guest, const char *date)
{
    /* Translators: a guest's name and a backup's date. */
    return g_strdup_printf (_("The current disks of “%s” will be replaced by the backup of "
                              "%s; changes since then are lost."), guest, date);
}

static void
over_response_cb (GtkDialog *dialog, int response, Run *run)
{
    gtk_widget_destroy (GTK_WIDGET (dialog));
    if ((response != GTK_RESPONSE_ACCEPT && response != RESPONSE_FORCE_OFF) || run_gone (run)) {
        run_free (run);
        return;
    }
    report_restoring (run);
    if (response == RESPONSE_FORCE_OFF)
        domus_domain_action_async (run->asker.conn, run->domain, DOMUS_DOMAIN_ACTION_FORCE_OFF,
                                   run->asker.cancellable, forced_off_cb, run);
    else
        domus_backup_restore_over_async (run->asker.conn, run->path, run->domain,
                                         run->asker.cancellable, restore_over_done_cb, run);
}

void
domus_backups_ask_restore_over (const DomusBackupsAsker *asker, DomusDomain *domain,
                                const char *path, const char *date)
{
    Run *run = run_new (asker, path, date);
    const char *name = domus_domain_get_name (domain);
    gboolean running = domus_domain_get_state (domain) != DOMUS_DOMAIN_STATE_SHUTOFF;
    g_autofree char *text = domus_backups_over_text (name, date);
    g_autofree char *title = NULL;
    g_autofree char *body = NULL;
    GtkWidget *dialog;
    GtkWidget *button;

    run->domain = g_object_ref (domain);
    /* Translators: %s is a guest's name. */
    title = g_strdup_printf (_("Restore over “%s”?"), name);
    if (running)
        body = g_strdup_printf ("%s\n%s", text,
                                _("The guest is running: it must be forced off first, as if "
                                  "its power were cut."));
    dialog = ask_dialog (run, GTK_MESSAGE_WARNING, title, running ? body : text);
    if (running)
        button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Force Off and Restore"),
                                        RESPONSE_FORCE_OFF);
    else
        button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Restore"),
                                        GTK_RESPONSE_ACCEPT);
    gtk_style_context_add_class (gtk_widget_get_style_context (button),
                                 GTK_STYLE_CLASS_DESTRUCTIVE_ACTION);
    ask (dialog, GTK_RESPONSE_CANCEL, G_CALLBACK (over_response_cb), run);
}

static void
new_response_cb (GtkDialog *dialog, int response, Run *run)
{
    g_autofree char *name = field_text (run->first);
    g_autofree char *pool = field_text (run->second);

    gtk_widget_destroy (GTK_WIDGET (dialog));
    if (response != GTK_RESPONSE_ACCEPT || name == NULL || pool == NULL || run_gone (run)) {
        run_free (run);
        return;
    }
    report_restoring (run);
    domus_backup_restore_async (run->asker.conn, run->path, name, pool, run->asker.cancellable,
                                restore_new_done_cb, run);
}

void
domus_backups_ask_restore_new (const DomusBackupsAsker *asker, const char *path,
                               const char *date, const char *initial_name)
{
    Run *run = run_new (asker, path, date);
    GtkWidget *dialog;

    dialog = ask_dialog (run, GTK_MESSAGE_QUESTION, _("Restore as a New Guest"),
                         _("The backup becomes a new guest with a new UUID and MAC "
                           "addresses, its disks copied into a storage pool of the host; the "
                           "guest it was made of is left as it is."));
    run->first = ask_field (dialog, _("_Name of the new guest"), initial_name, "new_name");
    run->second = ask_field (dialog, _("Storage _pool"), "default", "pool");
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Restore"), GTK_RESPONSE_ACCEPT);
    ask (dialog, GTK_RESPONSE_ACCEPT, G_CALLBACK (new_response_cb), run);
}

/* ---- Add Folder ---- */

/* Add waits for a full path; the line under the field says why. */
static void
folder_changed_cb (GtkEntry *entry, GtkDialog *dialog)
{
    g_autofree char *folder = field_text (entry);
    gboolean full = folder != NULL && g_path_is_absolute (folder);
    GtkWidget *hint = g_object_get_data (G_OBJECT (entry), "domus-hint");

    gtk_dialog_set_response_sensitive (dialog, GTK_RESPONSE_ACCEPT, full);
    gtk_widget_set_visible (hint, !full);
}

static void
folder_response_cb (GtkDialog *dialog, int response, Run *run)
{
    g_autofree char *folder = field_text (run->first);

    gtk_widget_destroy (GTK_WIDGET (dialog));
    if (response == GTK_RESPONSE_ACCEPT && folder != NULL && g_path_is_absolute (folder) &&
        !run_gone (run))
        run->added (run->asker.page, folder);
    run_free (run);
}

void
domus_backups_ask_folder (const DomusBackupsAsker *asker, const char *explanation,
                          DomusBackupsFolderFunc added)
{
    Run *run = run_new (asker, NULL, NULL);
    GtkWidget *dialog, *hint;

    run->added = added;
    dialog = ask_dialog (run, GTK_MESSAGE_QUESTION, _("Add a Folder"), explanation);
    run->first = ask_field (dialog, _("_Folder on the host"), DOMUS_BACKUP_DEFAULT_TARGET,
                            "folder");
    hint = gtk_label_new (_("Type the folder’s full path on the host, starting with “/”."));
    gtk_label_set_xalign (GTK_LABEL (hint), 0);
    gtk_label_set_line_wrap (GTK_LABEL (hint), TRUE);
    gtk_style_context_add_class (gtk_widget_get_style_context (hint), GTK_STYLE_CLASS_DIM_LABEL);
    gtk_buildable_set_name (GTK_BUILDABLE (hint), "folder_hint");
    gtk_container_add (GTK_CONTAINER (gtk_message_dialog_get_message_area (
                           GTK_MESSAGE_DIALOG (dialog))), hint);
    g_object_set_data (G_OBJECT (run->first), "domus-hint", hint);
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Add"), GTK_RESPONSE_ACCEPT);
    g_signal_connect (run->first, "changed", G_CALLBACK (folder_changed_cb), dialog);
    folder_changed_cb (run->first, GTK_DIALOG (dialog));
    ask (dialog, GTK_RESPONSE_ACCEPT, G_CALLBACK (folder_response_cb), run);
}
