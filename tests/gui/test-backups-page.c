/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest window's Backups page on libvirt's test driver under Xvfb: the
 * page is there, reads the default folder when shown and says that none
 * was found, with Restore and Verify grey without a selection; a folder
 * the Back Up dialog used is remembered for the guest; the confirmation
 * of a restore over the guest says what is lost. "Back up daily at" in
 * the Back Up dialog (a temporary $XDG_CONFIG_HOME, a stand-in systemctl
 * on $PATH): a wrong time refused under the field; the units shown before
 * they are written, written and enabled, listed on the Backups page and
 * removed from there; where systemctl --user fails, nothing is written and
 * the crontab line is shown. The restores and Verify
 * themselves run on a real host in tests/real/test-real-backup-restore.c
 * (the test driver holds no backup folders).
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include <glib/gstdio.h>

#include "domus-application.h"
#include "domus-backup-dialog.h"
#include "domus-backup-schedule.h"
#include "domus-backups-ask.h"
#include "domus-backups-common.h"
#include "domus-backups-page.h"
#include "domus-backups-targets.h"
#include "domus-domain-backup.h"
#include "domus-domain-backup-private.h"
#include "domus-gui-test-util.h"
#include "domus-guest-window.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

static DomusApplication *the_app;
static char *tmp;

static void
test_empty (void)
{
    DomusConnection *conn = domus_application_add_connection (the_app, "test:///default",
                                                              "Test Host");
    DomusDomain *test = NULL;
    DomusGuestWindow *window;
    GtkStack *pages;
    GtkWidget *page;
    const char *none = "No backups of “test” were found. Back it up from the guest’s menu, "
                       "or add the folder where its backups are.";

    DOMUS_TEST_WAIT_UNTIL ((test = domus_connection_find_domain_by_name (conn, "test")),
                           TIMEOUT_S, "the test host's guest");
    window = domus_guest_window_present (the_app, conn, test);
    pages = GTK_STACK (domus_test_find_widget (GTK_WIDGET (window), NULL, "pages"));
    page = gtk_stack_get_child_by_name (pages, "backups");
    g_assert_nonnull (page);
    gtk_stack_set_visible_child (pages, page);
    g_assert_nonnull (domus_test_find_widget (page, "Backups", NULL));
    DOMUS_TEST_WAIT_UNTIL (domus_test_has_label (page, none), TIMEOUT_S,
                           "the page to say there are no backups");
    g_assert_false (gtk_widget_get_sensitive (domus_test_find_widget (page, NULL,
                                                                      "verify_button")));
    g_assert_false (gtk_widget_get_sensitive (domus_test_find_widget (page, NULL,
                                                                      "restore_over_button")));
    domus_test_close_guest_windows ();
    domus_test_remove_connections (the_app);
}

static void
test_targets (void)
{
    g_auto(GStrv) before = domus_backups_targets ("uuid-1", "qemu:///a");
    g_auto(GStrv) after = NULL;
    g_auto(GStrv) other = NULL;
    g_auto(GStrv) host_a = NULL;
    g_auto(GStrv) host_b = NULL;
    const char *want_before[] = { DOMUS_BACKUP_DEFAULT_TARGET, NULL };
    const char *want_after[] = { DOMUS_BACKUP_DEFAULT_TARGET, "/mnt/nas", "/srv/a", NULL };
    const char *want_other[] = { DOMUS_BACKUP_DEFAULT_TARGET, "/srv/a", NULL };
    const char *want_host_a[] = { DOMUS_BACKUP_DEFAULT_TARGET, "/mnt/nas", "/srv/a", NULL };
    const char *want_host_b[] = { DOMUS_BACKUP_DEFAULT_TARGET, "/mnt/nas", NULL };

    g_assert_cmpstrv (before, want_before);
    domus_backups_remember_target ("uuid-1", "/mnt/nas");
    domus_backups_remember_target ("uuid-1", "/mnt/nas");
    domus_backups_remember_target ("uuid-1", DOMUS_BACKUP_DEFAULT_TARGET);
    /* A folder added to the catalogue of host A: both pages of A look in it. */
    domus_backups_remember_host_target ("qemu:///a", "/srv/a");
    domus_backups_remember_host_target ("qemu:///a", "/srv/a");
    after = domus_backups_targets ("uuid-1", "qemu:///a");
    g_assert_cmpstrv (after, want_after);
    other = domus_backups_targets ("uuid-2", "qemu:///a");
    g_assert_cmpstrv (other, want_other);
    host_a = domus_host_backups_targets ("qemu:///a");
    g_assert_cmpstrv (host_a, want_host_a);
    host_b = domus_host_backups_targets ("qemu:///b");
    g_assert_cmpstrv (host_b, want_host_b);
}

static void
test_same_second_texts (void)
{
    const char *names[] = { "2026-12-06T09:30:00", "2026-12-06T09:30:00-2-incr", NULL };
    g_autoptr(GPtrArray) entries = domus_backup_catalogue (names, "/b/web01");
    g_autofree char *first = domus_backups_date_text (entries->pdata[0]);
    g_autofree char *second = domus_backups_date_text (entries->pdata[1]);
    g_autofree char *kind = domus_backups_kind_text (entries, 1);

    g_assert_cmpstr (first, ==, "2026-12-06 09:30:00");
    g_assert_cmpstr (second, ==, "2026-12-06 09:30:00 (2)");
    g_assert_cmpstr (kind, ==, "Incremental, after 2026-12-06 09:30:00");
}

static void
test_over_text (void)
{
    g_autofree char *text = domus_backups_over_text ("web01", "2026-12-06 09:30:00");

    g_assert_cmpstr (text, ==, "The current disks of “web01” will be replaced by the backup "
                               "of 2026-12-06 09:30:00; changes since then are lost.");
}


static GtkWidget *
find_in (GtkWidget *root, const char *accessible_name, const char *id)
{
    GtkWidget *widget = domus_test_find_widget (root, accessible_name, id);

    if (widget == NULL)
        g_error ("no widget %s", accessible_name != NULL ? accessible_name : id);
    return widget;
}

static void
type_into (GtkWidget *window, GtkWidget *entry, const char *text)
{
    gtk_window_present (GTK_WINDOW (window));
    gtk_widget_grab_focus (entry);
    gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
    g_assert_true (gtk_test_widget_send_key (entry, GDK_KEY_BackSpace, 0));
    for (const char *p = text; *p != '\0'; p++)
        g_assert_true (gtk_test_widget_send_key (entry, gdk_unicode_to_keyval (*p), 0));
    DOMUS_TEST_WAIT_UNTIL (g_str_equal (gtk_entry_get_text (GTK_ENTRY (entry)), text),
                           TIMEOUT_S, "the key presses to reach the field");
}

static const char *
label_text (GtkWidget *root, const char *id)
{
    return gtk_label_get_text (GTK_LABEL (find_in (root, NULL, id)));
}

static const char *
message_text (GtkWindow *dialog)
{
    static char *text;

    g_free (text);
    g_object_get (dialog, "text", &text, NULL);
    return text != NULL ? text : "";
}

/* The message dialog whose text starts with TITLE, once shown. */
static GtkWidget *
await_message (const char *title)
{
    GtkWindow *found = NULL;

    DOMUS_TEST_WAIT_UNTIL ((found = domus_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG)) &&
                           g_str_has_prefix (message_text (found), title), TIMEOUT_S, title);
    return GTK_WIDGET (found);
}

static void
click_response (GtkWidget *dialog, int response)
{
    GtkWidget *button = gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), response);

    g_assert_nonnull (button);
    gtk_button_clicked (GTK_BUTTON (button));
}

static void
test_schedule (void)
{
    DomusConnection *conn = domus_application_add_connection (the_app, "test:///default",
                                                              "Test Host");
    DomusDomain *test = NULL;
    DomusGuestWindow *window;
    GtkWidget *dialog;
    GtkWidget *confirm;
    GtkWidget *page;
    GtkStack *pages;
    DomusBackupSchedule key = { 0 };
    g_autofree char *name = NULL;
    g_autofree char *dir = domus_backup_schedule_unit_dir ();
    g_autofree char *timer = NULL;
    g_autofree char *units = NULL;
    g_autofree char *want = NULL;

    DOMUS_TEST_WAIT_UNTIL ((test = domus_connection_find_domain_by_name (conn, "test")),
                           TIMEOUT_S, "the test host's guest");
    key.uri = (char *) "test:///default";
    key.guest = (char *) "test";
    name = domus_backup_schedule_unit_name (&key);
    timer = g_strdup_printf ("%s/%s.timer", dir, name);
    window = domus_guest_window_present (the_app, conn, test);
    dialog = domus_backup_dialog_new (GTK_WINDOW (window), conn, test);
    gtk_widget_show (dialog);
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (dialog), TIMEOUT_S, "the Back Up dialog");

    /* A wrong time, refused under the field. */
    type_into (dialog, find_in (dialog, "Daily backup time", NULL), "25:00");
    gtk_button_clicked (GTK_BUTTON (find_in (dialog, NULL, "schedule_button")));
    g_assert_cmpstr (label_text (dialog, "schedule_label"), ==,
                     "Type the time as HH:MM, from 00:00 to 23:59");
    g_assert_null (domus_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG));

    /* Shown first, then written and enabled. */
    g_setenv ("FAKE_SYSTEMCTL_EXIT", "0", TRUE);
    type_into (dialog, find_in (dialog, "Daily backup time", NULL), "03:15");
    gtk_button_clicked (GTK_BUTTON (find_in (dialog, NULL, "schedule_button")));
    confirm = await_message ("Back Up Daily");
    units = g_strdup (gtk_label_get_text (GTK_LABEL (find_in (confirm, NULL, "unit_files"))));
    g_assert_nonnull (strstr (units, "OnCalendar=*-*-* 03:15:00"));
    g_assert_nonnull (strstr (units, "\"--backup\" \"test\" \"-c\" \"test:///default\""));
    g_assert_false (g_file_test (timer, G_FILE_TEST_EXISTS));
    click_response (confirm, 1);
    want = g_strdup_printf ("Backed up daily at 03:15 by the systemd user timer %s.timer.",
                            name);
    DOMUS_TEST_WAIT_UNTIL (g_str_equal (label_text (dialog, "schedule_label"), want),
                           TIMEOUT_S, "the timer written");
    g_assert_true (g_file_test (timer, G_FILE_TEST_IS_REGULAR));
    gtk_widget_destroy (dialog);

    /* Listed on the Backups page, and removed from there. */
    pages = GTK_STACK (domus_test_find_widget (GTK_WIDGET (window), NULL, "pages"));
    page = gtk_stack_get_child_by_name (pages, "backups");
    gtk_stack_set_visible_child (pages, page);
    g_clear_pointer (&want, g_free);
    want = g_strdup_printf ("Scheduled: backed up daily at 03:15 by %s.timer on this "
                            "computer.", name);
    DOMUS_TEST_WAIT_UNTIL (g_str_equal (label_text (page, "schedule_label"), want), TIMEOUT_S,
                           "the schedule on the page");
    gtk_button_clicked (GTK_BUTTON (find_in (page, NULL, "unschedule_button")));
    DOMUS_TEST_WAIT_UNTIL (g_str_equal (label_text (page, "schedule_label"),
                                        "No daily backup is scheduled (Back Up… schedules "
                                        "one)."), TIMEOUT_S, "the schedule removed");
    g_assert_false (g_file_test (timer, G_FILE_TEST_EXISTS));
    g_assert_false (gtk_widget_get_visible (find_in (page, NULL, "unschedule_button")));

    /* Without systemd: nothing written, the crontab line to copy. */
    g_setenv ("FAKE_SYSTEMCTL_EXIT", "1", TRUE);
    dialog = domus_backup_dialog_new (GTK_WINDOW (window), conn, test);
    gtk_widget_show (dialog);
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (dialog), TIMEOUT_S, "the Back Up dialog");
    type_into (dialog, find_in (dialog, "Daily backup time", NULL), "03:15");
    gtk_button_clicked (GTK_BUTTON (find_in (dialog, NULL, "schedule_button")));
    confirm = await_message ("Back Up Daily");
    click_response (confirm, 1);
    confirm = NULL;
    DOMUS_TEST_WAIT_UNTIL ((confirm = GTK_WIDGET (domus_test_find_toplevel (
                               GTK_TYPE_MESSAGE_DIALOG))) != NULL &&
                           domus_test_find_widget (confirm, NULL, "crontab_line") != NULL,
                           TIMEOUT_S, "the crontab line");
    {
        const char *line = gtk_label_get_text (GTK_LABEL (find_in (confirm, NULL,
                                                                   "crontab_line")));

        g_assert_true (g_str_has_prefix (line, "15 3 * * * "));
        g_assert_nonnull (strstr (line, "'--backup' 'test' '-c' 'test:///default'"));
    }
    g_assert_false (g_file_test (timer, G_FILE_TEST_EXISTS));
    click_response (confirm, GTK_RESPONSE_CLOSE);
    gtk_widget_destroy (dialog);
    domus_test_close_guest_windows ();
    domus_test_remove_connections (the_app);
}

int
main (int argc, char *argv[])
{
    g_autofree char *config = NULL;
    g_autofree char *bin = NULL;
    g_autofree char *fake = NULL;
    g_autofree char *path = NULL;
    int ret;

    /* A stand-in systemctl and a config folder of the test's own, set
     * before GLib reads them. */
    tmp = g_dir_make_tmp ("domus-backups-page-XXXXXX", NULL);
    config = g_build_filename (tmp, "config", NULL);
    bin = g_build_filename (tmp, "bin", NULL);
    fake = g_build_filename (bin, "systemctl", NULL);
    g_mkdir (bin, 0755);
    g_assert_true (g_file_set_contents (fake, "#!/bin/sh\n"
                                        "if [ \"$FAKE_SYSTEMCTL_EXIT\" != 0 ]; then\n"
                                        "  echo 'Failed to connect to bus' >&2; exit 1\nfi\n",
                                        -1, NULL));
    g_chmod (fake, 0755);
    path = g_strconcat (bin, ":", g_getenv ("PATH"), NULL);
    g_setenv ("PATH", path, TRUE);
    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
    gtk_test_init (&argc, &argv, NULL);
    the_app = domus_test_app_new ();
    g_test_add_func ("/backups-page/empty", test_empty);
    g_test_add_func ("/backups-page/targets", test_targets);
    g_test_add_func ("/backups-page/over-text", test_over_text);
    g_test_add_func ("/backups-page/same-second-texts", test_same_second_texts);
    g_test_add_func ("/backups-page/schedule", test_schedule);
    ret = g_test_run ();
    g_clear_object (&the_app);
    g_unlink (fake);
    g_rmdir (bin);
    {
        g_autofree char *user = g_build_filename (config, "systemd", "user", NULL);
        g_autofree char *systemd = g_build_filename (config, "systemd", NULL);

        g_rmdir (user);
        g_rmdir (systemd);
    }
    g_rmdir (config);
    g_rmdir (tmp);
    g_free (tmp);
    return ret;
}
