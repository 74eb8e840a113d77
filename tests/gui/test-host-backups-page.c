/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host window's Backups page on the test driver, which holds no
 * backups: the page is there, its columns are the guest, date, kind, size
 * and folder, it says none were found, and Restore, Verify and Delete
 * Backup… wait for a selection; Add Folder…, clicked, keeps Add grey
 * until a full path is typed, and the folder added is remembered for the
 * host and read. Listing, restoring, verifying and deleting real backups:
 * tests/real/test-real-backups-page.c.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "domus-application.h"
#include "domus-backups-targets.h"
#include "domus-gui-test-util.h"
#include "domus-host-backups-page.h"
#include "domus-host-window.h"
#include "domus-test-domains.h"
#include "domus-test-util.h"

#define TIMEOUT_S 30

static DomusApplication *the_app;

static void
test_empty (void)
{
    DomusConnection *conn = domus_test_connect ("test:///default");
    GtkWindow *window = GTK_WINDOW (domus_host_window_get_for_connection (conn, NULL));
    const char *titles[] = { "Guest", "Date", "Kind", "Size", "Folder" };
    const char *buttons[] = { "restore_new_button", "restore_over_button", "verify_button",
                              "delete_button" };
    GtkStack *stack;
    GtkWidget *page;
    GtkTreeView *view;
    GtkLabel *status;

    gtk_window_present (window);
    stack = GTK_STACK (domus_test_find_widget (GTK_WIDGET (window), NULL, "stack"));
    page = gtk_stack_get_child_by_name (stack, "backups");
    g_assert_true (DOMUS_IS_HOST_BACKUPS_PAGE (page));
    gtk_stack_set_visible_child (stack, page);
    view = GTK_TREE_VIEW (domus_test_find_widget (page, "Backups on this host", NULL));
    g_assert_nonnull (view);
    g_assert_cmpuint (gtk_tree_view_get_n_columns (view), ==, G_N_ELEMENTS (titles));
    for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
        g_assert_cmpstr (gtk_tree_view_column_get_title (gtk_tree_view_get_column (view, i)),
                         ==, titles[i]);
    status = GTK_LABEL (domus_test_find_widget (page, NULL, "status_label"));
    DOMUS_TEST_WAIT_UNTIL (g_str_has_prefix (gtk_label_get_text (status), "No backups"),
                           TIMEOUT_S, "the page to say it found none");
    g_assert_cmpint (gtk_tree_model_iter_n_children (gtk_tree_view_get_model (view), NULL),
                     ==, 0);
    for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
        g_assert_false (gtk_widget_get_sensitive (domus_test_find_widget (page, NULL,
                                                                          buttons[i])));
    g_assert_true (gtk_widget_get_sensitive (domus_test_find_widget (page, NULL,
                                                                     "add_folder_button")));
    gtk_widget_destroy (GTK_WIDGET (window));
    g_object_unref (conn);
}

static void
test_add_folder (void)
{
    DomusConnection *conn = domus_test_connect ("test:///default");
    GtkWindow *window = GTK_WINDOW (domus_host_window_get_for_connection (conn, NULL));
    g_auto(GStrv) before = domus_host_backups_targets ("test:///default");
    g_auto(GStrv) after = NULL;
    g_auto(GStrv) guest = NULL;
    GtkWidget *page, *dialog = NULL, *add, *hint;
    GtkStack *stack;
    GtkLabel *status;

    g_assert_false (g_strv_contains ((const char * const *) before, "/srv/nas/backups"));
    gtk_window_present (window);
    stack = GTK_STACK (domus_test_find_widget (GTK_WIDGET (window), NULL, "stack"));
    page = gtk_stack_get_child_by_name (stack, "backups");
    gtk_stack_set_visible_child (stack, page);
    status = GTK_LABEL (domus_test_find_widget (page, NULL, "status_label"));
    DOMUS_TEST_WAIT_UNTIL (g_str_has_prefix (gtk_label_get_text (status), "No backups"),
                           TIMEOUT_S, "the first listing");

    gtk_button_clicked (GTK_BUTTON (domus_test_find_widget (page, NULL, "add_folder_button")));
    DOMUS_TEST_WAIT_UNTIL ((dialog = GTK_WIDGET (domus_test_find_toplevel (
                               GTK_TYPE_MESSAGE_DIALOG))) != NULL &&
                           gtk_widget_get_mapped (dialog), TIMEOUT_S, "the Add a Folder dialog");
    add = gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    hint = domus_test_find_widget (dialog, NULL, "folder_hint");
    g_assert_nonnull (hint);
    /* Not a full path: Add stays grey, and the line under the field says why. */
    domus_test_type_into (dialog, "Folder on the host", "nas/backups");
    g_assert_false (gtk_widget_get_sensitive (add));
    g_assert_true (gtk_widget_get_visible (hint));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (hint)), "full path"));
    domus_test_type_into (dialog, "Folder on the host", "/srv/nas/backups");
    g_assert_true (gtk_widget_get_sensitive (add));
    g_assert_false (gtk_widget_get_visible (hint));
    gtk_label_set_text (status, "");
    gtk_button_clicked (GTK_BUTTON (add));

    /* Remembered for this host (and for its guests' pages), and read. */
    after = domus_host_backups_targets ("test:///default");
    g_assert_true (g_strv_contains ((const char * const *) after, "/srv/nas/backups"));
    guest = domus_backups_targets ("any-uuid", "test:///default");
    g_assert_true (g_strv_contains ((const char * const *) guest, "/srv/nas/backups"));
    DOMUS_TEST_WAIT_UNTIL (g_str_has_prefix (gtk_label_get_text (status), "No backups"),
                           TIMEOUT_S, "the page to read the folders again");
    gtk_widget_destroy (GTK_WIDGET (window));
    g_object_unref (conn);
}

int
main (int argc, char *argv[])
{
    int ret;

    gtk_test_init (&argc, &argv, NULL);
    the_app = domus_test_app_new ();
    g_test_add_func ("/host-backups-page/empty", test_empty);
    g_test_add_func ("/host-backups-page/add-folder", test_add_folder);
    ret = g_test_run ();
    g_clear_object (&the_app);
    return ret;
}
