/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Back Up dialog on the demo host (libvirt's test driver) under Xvfb,
 * driven as a person does: it says the folder is on the guest's host, it
 * lists the guest's disks (a CD-ROM greyed with why), a folder typed key
 * by key that is not a full path is refused under the field with Back Up
 * grey; a running guest is refused in libvirt's words because the test
 * driver has no backup job, the dialog staying with the guest's activity
 * cleared and offering Back Up with Snapshot and Commit, which, clicked,
 * runs the fallback: refused in turn for the folder, which the test
 * driver does not make (it refuses the pool build). Core's error codes:
 * the refusal of the backup job is DOMUS_ERROR_BACKUP_UNSUPPORTED, the
 * folder's of a shut-off guest or of the fallback is not. The menu
 * item itself is clicked in test-menus. The backup that works is in
 * tests/real/test-real-backup.c (the test driver has no backup job).
 * Two guests selected: a progress bar for each where the disks would be,
 * both tried one after the other, each one's fate on its bar and one
 * summary with the host's words; Snapshot and Commit offered for those
 * refused for want of a backup job, and retrying them alone.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "domus-application.h"
#include "domus-backup-dialog.h"
#include "domus-domain-backup.h"
#include "domus-error.h"
#include "domus-gui-test-util.h"
#include "domus-manager-window.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

static DomusApplication *the_app;

typedef struct {
    DomusManagerWindow *window;
    DomusConnection *demo;
    GtkWidget *dialog;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    f->window = domus_manager_window_new (the_app);
    gtk_widget_show (GTK_WIDGET (f->window));
    f->demo = domus_test_open_demo_host (the_app);
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->window)), TIMEOUT_S,
                           "the window shown");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    GtkWindow *dialog;

    while ((dialog = domus_test_find_toplevel (DOMUS_TYPE_BACKUP_DIALOG)) != NULL)
        gtk_widget_destroy (GTK_WIDGET (dialog));
    gtk_widget_destroy (GTK_WIDGET (f->window));
    g_clear_object (&f->demo);
    domus_test_remove_hosts (the_app);
    domus_test_reset_settings (domus_application_get_settings (the_app));
}

static GtkWidget *
find (Fixture *f, const char *accessible_name, const char *id)
{
    GtkWidget *widget = domus_test_find_widget (f->dialog, accessible_name, id);

    if (widget == NULL)
        g_error ("no widget %s in the Back Up dialog", accessible_name ? accessible_name : id);
    return widget;
}

static void
type_folder (Fixture *f, const char *text)
{
    GtkWidget *entry = find (f, "Folder on the guest’s host", NULL);

    gtk_window_present (GTK_WINDOW (f->dialog));
    gtk_widget_grab_focus (entry);
    gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
    g_assert_true (gtk_test_widget_send_key (entry, GDK_KEY_BackSpace, 0));
    for (const char *p = text; *p != '\0'; p++)
        g_assert_true (gtk_test_widget_send_key (entry, gdk_unicode_to_keyval (*p), 0));
    DOMUS_TEST_WAIT_UNTIL (g_str_equal (gtk_entry_get_text (GTK_ENTRY (entry)), text),
                           TIMEOUT_S, "the key presses to reach the field");
}

static gboolean
has_disk_line (GtkWidget *dialog, const char *start, gboolean sensitive)
{
    GtkWidget *box = domus_test_find_widget (dialog, NULL, "disks_box");
    g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (box));

    for (GList *l = children; l != NULL; l = l->next) {
        const char *label = gtk_button_get_label (GTK_BUTTON (l->data));

        if (g_str_has_prefix (label, start))
            return gtk_widget_get_sensitive (l->data) == sensitive;
    }
    return FALSE;
}

/* win.back-up on the selected guests, as the menus do: the dialog. */
static void
open_dialog (Fixture *f)
{
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "back-up", NULL);
    DOMUS_TEST_WAIT_UNTIL ((f->dialog = GTK_WIDGET (domus_test_find_toplevel (
                                DOMUS_TYPE_BACKUP_DIALOG))) != NULL,
                           TIMEOUT_S, "the Back Up dialog");
}

/* Back Up clicked with several guests: the summary ERROR_LABEL shows. */
static const char *
back_up_for_summary (Fixture *f, GtkWidget *error_label)
{
    const char *summary;

    gtk_button_clicked (GTK_BUTTON (find (f, NULL, "back_up_button")));
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_visible (error_label), TIMEOUT_S, "the summary");
    summary = gtk_label_get_text (GTK_LABEL (error_label));
    g_test_message ("summary: %s", summary);
    return summary;
}

static void
test_folder_checked_and_refused (Fixture *f, gconstpointer data)
{
    DomusDomain *web01 = domus_connection_find_domain_by_name (f->demo, "web01");
    GtkWidget *back_up, *error_label, *target_error, *snapshot_commit;
    const char *intro;

    domus_test_select_guests (f->window, (const char *const[]) { "web01", NULL });
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "back-up"));
    open_dialog (f);
    intro = gtk_label_get_text (GTK_LABEL (find (f, NULL, "intro")));
    g_assert_nonnull (strstr (intro, "the guest’s host — not on this computer"));

    /* The guest's disks, read from the host. */
    DOMUS_TEST_WAIT_UNTIL (has_disk_line (f->dialog, "vda — ", TRUE), TIMEOUT_S,
                           "the guest's disk vda, ticked");

    back_up = find (f, NULL, "back_up_button");
    target_error = find (f, NULL, "target_error");
    g_assert_true (gtk_widget_get_sensitive (back_up));   /* the default folder */
    type_folder (f, "backups");
    g_assert_true (gtk_widget_get_visible (target_error));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (target_error)), "“/”"));
    g_assert_false (gtk_widget_get_sensitive (back_up));

    type_folder (f, "/srv/backups");
    g_assert_false (gtk_widget_get_visible (target_error));
    g_assert_true (gtk_widget_get_sensitive (back_up));

    /* The host has no backup job: its words, in the dialog, which stays
     * and offers the snapshot and the commit. */
    error_label = find (f, NULL, "error_label");
    snapshot_commit = find (f, NULL, "snapshot_commit_button");
    g_assert_false (gtk_widget_get_visible (snapshot_commit));
    gtk_button_clicked (GTK_BUTTON (back_up));
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_visible (error_label), TIMEOUT_S,
                           "the refusal in the dialog");
    g_test_message ("refused: %s", gtk_label_get_text (GTK_LABEL (error_label)));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)),
                              "Backing up “web01”"));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)),
                              "this function is not supported by the connection driver: "
                              "virDomainBackupGetXMLDesc"));
    g_assert_true (domus_test_find_toplevel (DOMUS_TYPE_BACKUP_DIALOG) ==
                   GTK_WINDOW (f->dialog));
    g_assert_null (domus_domain_get_activity (web01));
    g_assert_true (gtk_widget_get_sensitive (back_up));
    g_assert_true (gtk_widget_get_visible (snapshot_commit));
    g_assert_true (gtk_widget_get_sensitive (snapshot_commit));

    /* Back Up with Snapshot and Commit runs the fallback, which needs no
     * backup job: the host's next refusal is the folder's (the test driver
     * makes no folders: it refuses the pool build), and the offer goes. */
    gtk_label_set_text (GTK_LABEL (error_label), "");
    gtk_button_clicked (GTK_BUTTON (snapshot_commit));
    DOMUS_TEST_WAIT_UNTIL (strstr (gtk_label_get_text (GTK_LABEL (error_label)),
                                   "testStoragePoolCreateXML") != NULL, TIMEOUT_S,
                           "the folder's refusal in the dialog");
    g_test_message ("refused: %s", gtk_label_get_text (GTK_LABEL (error_label)));
    g_assert_false (gtk_widget_get_visible (snapshot_commit));
    g_assert_null (domus_domain_get_activity (web01));

    /* Cancel closes it. */
    gtk_button_clicked (GTK_BUTTON (find (f, "Cancel", NULL)));
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (DOMUS_TYPE_BACKUP_DIALOG) == NULL,
                           TIMEOUT_S, "the dialog to close");
    f->dialog = NULL;
}

static void
test_several_guests (Fixture *f, gconstpointer data)
{
    GtkWidget *web01_bar, *web02_bar, *error_label;
    const char *summary;

    domus_test_select_guests (f->window, (const char *const[]) { "web01", "web02", NULL });
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "back-up"));
    open_dialog (f);
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find (f, NULL, "intro"))),
                              "Backs up 2 guests, one after the other"));
    web01_bar = find (f, "web01", NULL);
    web02_bar = find (f, "web02", NULL);
    g_assert_cmpstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (web01_bar)), ==,
                     "web01 — waiting");
    g_assert_false (gtk_widget_get_visible (find (f, NULL, "schedule_box")));

    error_label = find (f, NULL, "error_label");
    summary = back_up_for_summary (f, error_label);
    g_assert_true (g_str_has_prefix (summary, "0 of 2 guests backed up."));
    g_assert_nonnull (strstr (summary, "Backing up “web01”"));
    g_assert_nonnull (strstr (summary, "Backing up “web02”"));
    g_assert_cmpstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (web01_bar)), ==,
                     "web01 — failed");
    g_assert_cmpstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (web02_bar)), ==,
                     "web02 — failed");
    g_assert_true (gtk_widget_get_sensitive (find (f, NULL, "back_up_button")));
    /* Both were refused for want of a backup job: the fallback is offered. */
    g_assert_true (gtk_widget_get_visible (find (f, NULL, "snapshot_commit_button")));
}

/* A running guest (no backup job on the test driver) and a shut-off one
 * (refused for its folder): Snapshot and Commit is offered, and retries
 * the running one alone. */
static void
test_several_guests_fallback (Fixture *f, gconstpointer data)
{
    GtkWidget *web01_bar, *win10_bar, *error_label, *snapshot_commit;
    const char *summary;

    domus_test_select_guests (f->window,
                              (const char *const[]) { "web01", "win10-desktop", NULL });
    open_dialog (f);
    web01_bar = find (f, "web01", NULL);
    win10_bar = find (f, "win10-desktop", NULL);
    error_label = find (f, NULL, "error_label");
    snapshot_commit = find (f, NULL, "snapshot_commit_button");
    g_assert_false (gtk_widget_get_visible (snapshot_commit));

    summary = back_up_for_summary (f, error_label);
    g_assert_true (g_str_has_prefix (summary, "0 of 2 guests backed up."));
    g_assert_nonnull (strstr (summary, "virDomainBackupGetXMLDesc"));
    g_assert_nonnull (strstr (summary, "testStoragePoolCreateXML"));
    g_assert_true (gtk_widget_get_visible (snapshot_commit));
    g_assert_true (gtk_widget_get_sensitive (snapshot_commit));

    /* Clicked: only web01 is tried again, and refused for the folder. */
    gtk_progress_bar_set_text (GTK_PROGRESS_BAR (win10_bar), "untouched");
    gtk_progress_bar_set_text (GTK_PROGRESS_BAR (web01_bar), "tried");
    gtk_widget_hide (error_label);
    gtk_button_clicked (GTK_BUTTON (snapshot_commit));
    g_assert_false (gtk_widget_get_visible (snapshot_commit));
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_visible (error_label), TIMEOUT_S,
                           "the fallback's summary");
    summary = gtk_label_get_text (GTK_LABEL (error_label));
    g_test_message ("fallback summary: %s", summary);
    g_assert_true (g_str_has_prefix (summary, "0 of 1 guest backed up."));
    g_assert_nonnull (strstr (summary, "Backing up “web01”"));
    g_assert_nonnull (strstr (summary, "testStoragePoolCreateXML"));
    g_assert_null (strstr (summary, "win10-desktop"));
    g_assert_cmpstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (web01_bar)), ==,
                     "web01 — failed");
    g_assert_cmpstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (win10_bar)), ==, "untouched");
    g_assert_false (gtk_widget_get_visible (snapshot_commit));
}

typedef struct {
    gboolean done;
    GError *error;
} Refusal;

static void
refused_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Refusal *r = user_data;
    g_autoptr(DomusBackupResult) done = domus_domain_backup_finish (DOMUS_CONNECTION (source),
                                                                    result, &r->error);

    g_assert_null (done);
    r->done = TRUE;
}

/* How the demo host refuses backing NAME up, SNAPSHOT_COMMIT or not. */
static GError *
refusal (Fixture *f, const char *name, gboolean snapshot_commit)
{
    g_autoptr(DomusBackupOptions) options = domus_backup_options_new ("/srv/backups");
    DomusDomain *domain = domus_connection_find_domain_by_name (f->demo, name);
    Refusal r = { 0 };

    g_assert_nonnull (domain);
    options->snapshot_commit = snapshot_commit;
    domus_domain_backup_async (f->demo, domain, options, NULL, NULL, NULL, refused_cb, &r);
    DOMUS_TEST_WAIT_UNTIL (r.done, TIMEOUT_S, "the refusal");
    g_assert_nonnull (r.error);
    g_test_message ("%s%s: %s", name, snapshot_commit ? " (snapshot and commit)" : "",
                    r.error->message);
    return r.error;
}

static void
test_refusal_codes (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) running = refusal (f, "web01", FALSE);
    g_autoptr(GError) fallback = refusal (f, "web01", TRUE);
    g_autoptr(GError) shut_off = refusal (f, "win10-desktop", FALSE);

    /* No backup job for a running guest: a code of its own, the host's
     * words and what else can be done. */
    g_assert_error (running, DOMUS_ERROR, DOMUS_ERROR_BACKUP_UNSUPPORTED);
    g_assert_nonnull (strstr (running->message, "not supported by the connection driver"));
    g_assert_nonnull (strstr (running->message, "block commit"));
    /* Other failures keep libvirt's own code. */
    g_assert_error (fallback, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_assert_error (shut_off, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_assert_nonnull (strstr (shut_off->message, "testStoragePoolCreateXML"));
}

int
main (int argc, char *argv[])
{
    int ret;

    gtk_test_init (&argc, &argv, NULL);
    the_app = domus_test_app_new ();
    g_test_add ("/backup-dialog/folder-checked-and-refused", Fixture, NULL, fixture_setup,
                test_folder_checked_and_refused, fixture_teardown);
    g_test_add ("/backup-dialog/refusal-codes", Fixture, NULL, fixture_setup,
                test_refusal_codes, fixture_teardown);
    g_test_add ("/backup-dialog/several-guests", Fixture, NULL, fixture_setup,
                test_several_guests, fixture_teardown);
    g_test_add ("/backup-dialog/several-guests-fallback", Fixture, NULL, fixture_setup,
                test_several_guests_fallback, fixture_teardown);
    ret = g_test_run ();
    g_object_unref (the_app);
    return ret;
}
