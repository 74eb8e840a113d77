/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench-window URI: the manager window on a large host, and how long the
 * main thread is busy for each thing an admin does with the list: the
 * listing arriving, sorting by name and by state, filtering by name and by
 * state, clearing the filter, scrolling to the end. Run under Xvfb
 * (tests/run-in-session.sh). Prints figures; asserts nothing.
 */
#include "config.h"

#include <stdio.h>

#include <gtk/gtk.h>

#include "domus-application.h"
#include "domus-manager-window.h"

static GtkWidget *
find_widget (GtkWidget *top, GType type)
{
    GtkWidget *found = NULL;
    GList *children;

    if (G_TYPE_CHECK_INSTANCE_TYPE (top, type))
        return top;
    if (!GTK_IS_CONTAINER (top))
        return NULL;
    children = gtk_container_get_children (GTK_CONTAINER (top));
    for (GList *l = children; l != NULL && found == NULL; l = l->next)
        found = find_widget (l->data, type);
    g_list_free (children);
    return found;
}

/* Runs the main loop until it has nothing left to do, i.e. the frame after
 * the change is drawn, and returns the milliseconds that took. */
static double
settle (gint64 since)
{
    while (gtk_events_pending ())
        gtk_main_iteration ();
    return (g_get_monotonic_time () - since) / 1000.0;
}

int
main (int argc, char *argv[])
{
    g_autoptr(DomusApplication) app = NULL;
    DomusManagerWindow *window;
    GtkTreeView *view;
    GtkTreeSortable *sortable;
    GtkEntry *search;
    GtkComboBox *state;
    DomusConnection *conn;
    GtkTreeIter host;
    gint64 t;

    if (argc < 2) {
        fprintf (stderr, "usage: %s URI\n", argv[0]);
        return 2;
    }
    gtk_init (&argc, &argv);
    app = domus_application_new ();
    g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
    g_application_register (G_APPLICATION (app), NULL, NULL);
    window = domus_manager_window_new (app);
    gtk_widget_show (GTK_WIDGET (window));
    view = domus_manager_window_get_tree_view (window);
    search = GTK_ENTRY (find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY));
    state = GTK_COMBO_BOX (find_widget (GTK_WIDGET (window), GTK_TYPE_COMBO_BOX_TEXT));
    settle (g_get_monotonic_time ());

    t = g_get_monotonic_time ();
    conn = domus_application_add_connection (app, argv[1], NULL);
    while (domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_CONNECTING)
        g_main_context_iteration (NULL, TRUE);
    printf ("list %u guests (connect to drawn): %.0f ms\n",
            g_list_model_get_n_items (domus_connection_get_domains (conn)), settle (t));

    /* The window rebuilds its view models after large changes: ask anew. */
    sortable = GTK_TREE_SORTABLE (gtk_tree_view_get_model (view));
    t = g_get_monotonic_time ();
    gtk_tree_sortable_set_sort_column_id (sortable, 0, GTK_SORT_DESCENDING);
    printf ("sort by name, descending: %.0f ms\n", settle (t));
    t = g_get_monotonic_time ();
    gtk_tree_sortable_set_sort_column_id (sortable, 1, GTK_SORT_ASCENDING);
    printf ("sort by state: %.0f ms\n", settle (t));
    t = g_get_monotonic_time ();
    gtk_tree_sortable_set_sort_column_id (sortable, 2, GTK_SORT_DESCENDING);
    printf ("sort by guest CPU: %.0f ms\n", settle (t));

    t = g_get_monotonic_time ();
    gtk_entry_set_text (search, "vm012");
    g_signal_emit_by_name (search, "search-changed");
    printf ("filter by name \"vm012\": %.0f ms\n", settle (t));
    t = g_get_monotonic_time ();
    gtk_entry_set_text (search, "");
    g_signal_emit_by_name (search, "search-changed");
    printf ("clear the filter: %.0f ms\n", settle (t));
    t = g_get_monotonic_time ();
    gtk_combo_box_set_active_id (state, "paused");
    printf ("filter by state (paused): %.0f ms\n", settle (t));
    t = g_get_monotonic_time ();
    gtk_combo_box_set_active_id (state, "all");
    printf ("all states again: %.0f ms\n", settle (t));

    sortable = GTK_TREE_SORTABLE (gtk_tree_view_get_model (view));
    t = g_get_monotonic_time ();
    if (gtk_tree_model_get_iter_first (GTK_TREE_MODEL (sortable), &host)) {
        int n = gtk_tree_model_iter_n_children (GTK_TREE_MODEL (sortable), &host);
        g_autoptr(GtkTreePath) last = gtk_tree_path_new_from_indices (0, n - 1, -1);

        gtk_tree_view_scroll_to_cell (view, last, NULL, FALSE, 0, 0);
    }
    printf ("scroll to the last guest: %.0f ms\n", settle (t));

    gtk_widget_destroy (GTK_WIDGET (window));
    return 0;
}
