/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest window's Backups page on libvirt's test driver under Xvfb: the
 * page is there, reads the default folder when shown and says that none
 * was found, with Restore and Verify grey without a selection; a folder
 * the Back Up dialog used is remembered for the guest; the confirmation
 * of a restore over the guest says what is lost. The restores and Verify
 * themselves run on a real host in tests/real/test-real-backup-restore.c
 * (the test driver holds no backup folders).
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "domus-application.h"
#include "domus-backups-page.h"
#include "domus-domain-backup.h"
#include "domus-gui-test-util.h"
#include "domus-guest-window.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

static DomusApplication *the_app;

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
    g_auto(GStrv) before = domus_backups_targets ("uuid-1");
    g_auto(GStrv) after = NULL;
    g_auto(GStrv) other = NULL;
    const char *want_before[] = { DOMUS_BACKUP_DEFAULT_TARGET, NULL };
    const char *want_after[] = { DOMUS_BACKUP_DEFAULT_TARGET, "/mnt/nas", NULL };

    g_assert_cmpstrv (before, want_before);
    domus_backups_remember_target ("uuid-1", "/mnt/nas");
    domus_backups_remember_target ("uuid-1", "/mnt/nas");
    domus_backups_remember_target ("uuid-1", DOMUS_BACKUP_DEFAULT_TARGET);
    after = domus_backups_targets ("uuid-1");
    g_assert_cmpstrv (after, want_after);
    other = domus_backups_targets ("uuid-2");
    g_assert_cmpstrv (other, want_before);
}

static void
test_over_text (void)
{
    g_autofree char *text = domus_backups_page_over_text ("web01", "2026-12-06 09:30:00");

    g_assert_cmpstr (text, ==, "The current disks of “web01” will be replaced by the backup "
                               "of 2026-12-06 09:30:00; changes since then are lost.");
}

int
main (int argc, char *argv[])
{
    int ret;

    gtk_test_init (&argc, &argv, NULL);
    the_app = domus_test_app_new ();
    g_test_add_func ("/backups-page/empty", test_empty);
    g_test_add_func ("/backups-page/targets", test_targets);
    g_test_add_func ("/backups-page/over-text", test_over_text);
    ret = g_test_run ();
    g_clear_object (&the_app);
    return ret;
}
