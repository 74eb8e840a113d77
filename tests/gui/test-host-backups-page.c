/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host window's Backups page on the test driver, which holds no
 * backups: the page is there, its columns are the guest, date, kind, size
 * and folder, it says none were found, and Delete Backup… waits for a
 * selection. Listing and deleting real backups: tests/real.
 */
#include "config.h"

#include <gtk/gtk.h>

#include "domus-application.h"
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
    g_assert_false (gtk_widget_get_sensitive (domus_test_find_widget (page, NULL,
                                                                      "delete_button")));
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
    ret = g_test_run ();
    g_clear_object (&the_app);
    return ret;
}
