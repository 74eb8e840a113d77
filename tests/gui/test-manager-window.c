/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The manager window, built for real under Xvfb on the demo host: it lists
 * the host and its guests, follows changes, and every control carries an
 * accessible name (the AT-SPI test finds them by it from outside).
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "domus-application.h"
#include "domus-gui-test-util.h"
#include "domus-auth-dialog.h"
#include "domus-guest-window.h"
#include "domus-manager-window.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

/* One application per process: GApplication exports itself on the bus
 * once, so the fixtures share it and empty its host list between tests. */
static DomusApplication *the_app;

typedef struct {
    DomusApplication *app;
    DomusManagerWindow *window;
} Fixture;

/* The view's model now: the window rebuilds it after large changes. */
#define VIEW_MODEL(f) gtk_tree_view_get_model (domus_manager_window_get_tree_view ((f)->window))

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    f->app = the_app;
    f->window = domus_manager_window_new (f->app);
    g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
    gtk_widget_show (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    GListModel *connections = domus_application_get_connections (f->app);

    if (f->window != NULL)
        gtk_widget_destroy (GTK_WIDGET (f->window));
    while (g_list_model_get_n_items (connections) > 0) {
        g_autoptr(DomusConnection) conn = g_list_model_get_item (connections, 0);

        domus_application_remove_connection (f->app, conn);
    }
}

static char *
cell_text (GtkTreeView *view, int column, GtkTreeIter *iter)
{
    GtkTreeViewColumn *col = gtk_tree_view_get_column (view, column);
    GList *cells = gtk_cell_layout_get_cells (GTK_CELL_LAYOUT (col));
    GtkCellRenderer *text_cell = NULL;
    char *text = NULL;

    /* The first text: a name is followed by its snapshot count. */
    for (GList *l = cells; l != NULL && text_cell == NULL; l = l->next) {
        if (GTK_IS_CELL_RENDERER_TEXT (l->data))
            text_cell = l->data;
    }

    gtk_tree_view_column_cell_set_cell_data (col, gtk_tree_view_get_model (view), iter,
                                             FALSE, FALSE);
    g_object_get (text_cell, "text", &text, NULL);
    g_list_free (cells);
    return text;
}

static gboolean
guest_row_exists (Fixture *f, const char *name, const char *state)
{
    GtkTreeView *view = domus_manager_window_get_tree_view (f->window);
    GtkTreeIter host, guest;
    gboolean h, g;

    for (h = gtk_tree_model_get_iter_first (VIEW_MODEL (f), &host); h;
         h = gtk_tree_model_iter_next (VIEW_MODEL (f), &host)) {
        for (g = gtk_tree_model_iter_children (VIEW_MODEL (f), &guest, &host); g;
             g = gtk_tree_model_iter_next (VIEW_MODEL (f), &guest)) {
            g_autofree char *n = cell_text (view, 0, &guest);
            g_autofree char *s = cell_text (view, 1, &guest);

            if (g_strcmp0 (n, name) == 0 && (state == NULL || g_strcmp0 (s, state) == 0))
                return TRUE;
        }
    }
    return FALSE;
}

static int
n_guests_of_first_host (Fixture *f)
{
    GtkTreeIter host;

    if (!gtk_tree_model_get_iter_first (VIEW_MODEL (f), &host))
        return -1;
    return gtk_tree_model_iter_n_children (VIEW_MODEL (f), &host);
}

static void
test_demo_host_listed (Fixture *f, gconstpointer data)
{
    GtkTreeView *view = domus_manager_window_get_tree_view (f->window);
    g_autoptr(GError) error = NULL;
    g_autofree char *host_name = NULL;
    g_autofree char *host_state = NULL;
    GtkTreeIter host;

    g_assert_true (domus_application_open_demo_host (f->app, &error));
    g_assert_no_error (error);

    DOMUS_TEST_WAIT_UNTIL (n_guests_of_first_host (f) >= 15, TIMEOUT_S,
                           "the demo guests to be listed");
    g_assert_true (gtk_tree_model_get_iter_first (VIEW_MODEL (f), &host));
    host_name = cell_text (view, 0, &host);
    host_state = cell_text (view, 1, &host);
    g_assert_cmpstr (host_name, ==, "Demo Host");
    g_assert_true (g_str_has_suffix (host_state, " guests"));

    g_assert_true (guest_row_exists (f, "web01", "Running"));
    g_assert_true (guest_row_exists (f, "mail", NULL));
    /* Opening it again does not add a second host. */
    g_assert_true (domus_application_open_demo_host (f->app, NULL));
    g_assert_cmpint (gtk_tree_model_iter_n_children (VIEW_MODEL (f), NULL), ==, 1);
}

static gboolean
host_state_has_prefix (Fixture *f, int index, const char *prefix)
{
    GtkTreeIter iter;
    g_autofree char *state = NULL;

    if (!gtk_tree_model_iter_nth_child (VIEW_MODEL (f), &iter, NULL, index))
        return FALSE;
    state = cell_text (domus_manager_window_get_tree_view (f->window), 1, &iter);
    return g_str_has_prefix (state, prefix);
}

static void
test_second_host_and_failure (Fixture *f, gconstpointer data)
{
    domus_application_add_connection (f->app, "test:///default", NULL);
    domus_application_add_connection (f->app, "test:///nonexistent/domus.xml", NULL);
    DOMUS_TEST_WAIT_UNTIL (guest_row_exists (f, "test", "Running"), TIMEOUT_S,
                           "the default test host's guest");
    g_assert_cmpint (gtk_tree_model_iter_n_children (VIEW_MODEL (f), NULL), ==, 2);

    /* The failed host shows libvirt's reason in its row. */
    DOMUS_TEST_WAIT_UNTIL (host_state_has_prefix (f, 1, "Failed: Connecting to "
                                                  "test:///nonexistent/domus.xml failed: "),
                           TIMEOUT_S, "the failed host to say why");
    g_assert_true (host_state_has_prefix (f, 0, "1 guest"));
}

static void
test_accessible_names (Fixture *f, gconstpointer data)
{
    g_autoptr(GPtrArray) unnamed = g_ptr_array_new ();
    GtkTreeView *view = domus_manager_window_get_tree_view (f->window);
    GtkWidget *titlebar = gtk_window_get_titlebar (GTK_WINDOW (f->window));

    g_assert_cmpstr (atk_object_get_name (gtk_widget_get_accessible (GTK_WIDGET (view))), ==,
                     "Hosts and guests");

    /* Both pages: the empty one, then the list. */
    domus_test_collect_unnamed (GTK_WIDGET (f->window), unnamed);
    domus_test_collect_unnamed (titlebar, unnamed);
    domus_application_add_connection (f->app, "test:///default", NULL);
    DOMUS_TEST_WAIT_UNTIL (guest_row_exists (f, "test", NULL), TIMEOUT_S, "the guest");
    domus_test_collect_unnamed (GTK_WIDGET (f->window), unnamed);

    for (guint i = 0; i < unnamed->len; i++)
        g_printerr ("# widget without accessible name: %s\n",
                    (char *) g_ptr_array_index (unnamed, i));
    g_assert_cmpuint (unnamed->len, ==, 0);
}

static void
find_by_type_cb (GtkWidget *widget, gpointer user_data)
{
    gpointer *box = user_data;   /* { GType, result } */

    if (box[1] != NULL)
        return;
    if (G_TYPE_CHECK_INSTANCE_TYPE (widget, (GType) GPOINTER_TO_SIZE (box[0]))) {
        box[1] = widget;
        return;
    }
    if (GTK_IS_CONTAINER (widget))
        gtk_container_forall (GTK_CONTAINER (widget), find_by_type_cb, box);
}

static gpointer
find_widget (GtkWidget *top, GType type)
{
    gpointer box[2] = { GSIZE_TO_POINTER (type), NULL };

    find_by_type_cb (top, box);
    g_assert_nonnull (box[1]);
    return box[1];
}

/* The guest names the view shows under the first host, in view order. */
static char *
visible_guests (Fixture *f)
{
    GtkTreeView *view = domus_manager_window_get_tree_view (f->window);
    GtkTreeIter host, guest;
    GString *out = g_string_new (NULL);

    if (gtk_tree_model_get_iter_first (VIEW_MODEL (f), &host)) {
        gboolean g;

        for (g = gtk_tree_model_iter_children (VIEW_MODEL (f), &guest, &host); g;
             g = gtk_tree_model_iter_next (VIEW_MODEL (f), &guest)) {
            g_autofree char *n = cell_text (view, 0, &guest);

            g_string_append_printf (out, "%s%s", out->len ? " " : "", n);
        }
    }
    return g_string_free (out, FALSE);
}

static void
test_search_and_state_filter (Fixture *f, gconstpointer data)
{
    GtkSearchEntry *entry = find_widget (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY);
    GtkComboBox *state = find_widget (GTK_WIDGET (f->window), GTK_TYPE_COMBO_BOX_TEXT);
    g_autofree char *web = NULL;
    g_autofree char *paused = NULL;
    g_autofree char *web_paused = NULL;

    g_assert_true (domus_application_open_demo_host (f->app, NULL));
    DOMUS_TEST_WAIT_UNTIL (n_guests_of_first_host (f) >= 15, TIMEOUT_S, "the demo guests");

    /* Ctrl+F opens the search bar. */
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "search", NULL);
    g_assert_true (gtk_widget_has_focus (GTK_WIDGET (entry)));

    gtk_entry_set_text (GTK_ENTRY (entry), "WEB");
    g_signal_emit_by_name (entry, "search-changed");
    web = visible_guests (f);
    g_assert_cmpstr (web, ==, "web01 web02");

    gtk_entry_set_text (GTK_ENTRY (entry), "");
    g_signal_emit_by_name (entry, "search-changed");
    gtk_combo_box_set_active_id (state, "paused");
    paused = visible_guests (f);
    g_assert_cmpstr (paused, ==, "build-ci dev-sandbox");

    gtk_entry_set_text (GTK_ENTRY (entry), "web");
    g_signal_emit_by_name (entry, "search-changed");
    web_paused = visible_guests (f);
    g_assert_cmpstr (web_paused, ==, "");

    gtk_combo_box_set_active_id (state, "all");
    gtk_entry_set_text (GTK_ENTRY (entry), "");
    g_signal_emit_by_name (entry, "search-changed");
    g_assert_cmpint (n_guests_of_first_host (f), >=, 15);
}

/* Escape in the search entry closes the search bar, which hides the state
 * filter too: it must not keep filtering, unseen. */
static void
test_escape_ends_search_and_state_filter (Fixture *f, gconstpointer data)
{
    GtkSearchBar *bar = find_widget (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_BAR);
    GtkSearchEntry *entry = find_widget (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY);
    GtkComboBox *state = find_widget (GTK_WIDGET (f->window), GTK_TYPE_COMBO_BOX_TEXT);
    g_autofree char *paused = NULL;

    g_assert_true (domus_application_open_demo_host (f->app, NULL));
    DOMUS_TEST_WAIT_UNTIL (n_guests_of_first_host (f) >= 15, TIMEOUT_S, "the demo guests");

    g_action_group_activate_action (G_ACTION_GROUP (f->window), "search", NULL);
    g_assert_true (gtk_search_bar_get_search_mode (bar));
    gtk_combo_box_set_active_id (state, "paused");
    gtk_entry_set_text (GTK_ENTRY (entry), "d");
    g_signal_emit_by_name (entry, "search-changed");
    paused = visible_guests (f);
    g_assert_cmpstr (paused, ==, "build-ci dev-sandbox");

    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (entry)), TIMEOUT_S,
                           "the search entry to show");
    gtk_widget_grab_focus (GTK_WIDGET (entry));
    domus_test_send_key (GTK_WIDGET (f->window), GDK_KEY_Escape, 0);
    g_assert_false (gtk_search_bar_get_search_mode (bar));
    g_assert_cmpstr (gtk_combo_box_get_active_id (state), ==, "all");
    DOMUS_TEST_WAIT_UNTIL (n_guests_of_first_host (f) >= 15, TIMEOUT_S,
                           "every guest to be listed again");
}

static void
test_sort_by_name_and_state (Fixture *f, gconstpointer data)
{
    GtkTreeSortable *sortable;
    g_autofree char *asc = NULL;
    g_autofree char *desc = NULL;
    g_autofree char *by_state = NULL;

    g_assert_true (domus_application_open_demo_host (f->app, NULL));
    DOMUS_TEST_WAIT_UNTIL (n_guests_of_first_host (f) >= 15, TIMEOUT_S, "the demo guests");
    sortable = GTK_TREE_SORTABLE (VIEW_MODEL (f));

    gtk_tree_sortable_set_sort_column_id (sortable, 0, GTK_SORT_ASCENDING);
    asc = visible_guests (f);
    g_assert_true (g_str_has_prefix (asc, "backup build-ci db-mariadb db-postgres"));
    gtk_tree_sortable_set_sort_column_id (sortable, 0, GTK_SORT_DESCENDING);
    desc = visible_guests (f);
    g_assert_true (g_str_has_prefix (desc, "win2019-ad win10-desktop wiki web02 web01"));

    /* By state: running (1) < paused (3) < shut off (5), then by name. */
    gtk_tree_sortable_set_sort_column_id (sortable, 1, GTK_SORT_ASCENDING);
    by_state = visible_guests (f);
    g_assert_true (g_str_has_suffix (by_state,
                                     "build-ci dev-sandbox intranet-legacy tmpl-debian12 win10-desktop"));
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
    return g_utf8_collate (*(const char *const *) a, *(const char *const *) b);
}

/* A graph column sorts by what the graphs show: guests whose newest
 * samples differ by less than a graph's step are equal, and equals stay
 * in name order however each poll's noise falls. */
static void
test_sort_by_graph_is_stable (Fixture *f, gconstpointer data)
{
    GtkTreeView *view = domus_manager_window_get_tree_view (f->window);
    GtkTreeViewColumn *cpu = NULL;
    DomusConnection *conn;
    GListModel *domains;
    g_autoptr(GPtrArray) others = g_ptr_array_new ();
    g_autofree char *expected = NULL;

    g_assert_true (domus_application_open_demo_host (f->app, NULL));
    DOMUS_TEST_WAIT_UNTIL (n_guests_of_first_host (f) >= 15 &&
                           gtk_widget_get_mapped (GTK_WIDGET (f->window)),
                           TIMEOUT_S, "the demo guests");
    conn = g_list_model_get_item (domus_application_get_connections (f->app), 0);
    g_object_unref (conn);   /* the application keeps it */
    domains = domus_connection_get_domains (conn);
    for (guint i = 0; i < g_list_model_get_n_items (domains); i++) {
        g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);

        if (!g_str_equal (domus_domain_get_name (domain), "web01"))
            g_ptr_array_add (others, (gpointer) domus_domain_get_name (domain));
    }
    g_ptr_array_sort (others, compare_names);
    g_ptr_array_add (others, NULL);
    {
        g_autofree char *rest = g_strjoinv (" ", (char **) others->pdata);

        expected = g_strconcat ("web01 ", rest, NULL);
    }

    for (guint i = 0; i < gtk_tree_view_get_n_columns (view); i++) {
        GtkTreeViewColumn *column = gtk_tree_view_get_column (view, i);

        if (g_strcmp0 (gtk_tree_view_column_get_title (column), "Guest CPU") == 0)
            cpu = column;
    }
    g_assert_nonnull (cpu);
    /* Two clicks on the header: busiest first. */
    gtk_tree_view_column_clicked (cpu);
    gtk_tree_view_column_clicked (cpu);
    g_assert_cmpint (gtk_tree_view_column_get_sort_order (cpu), ==, GTK_SORT_DESCENDING);

    for (guint poll = 0; poll < 4; poll++) {
        g_autofree char *order = NULL;

        /* web01 busy; the others at 10 %, apart by noise that each poll
         * shuffles (a tenth of a graph's 0.5 % step at most). */
        for (guint i = 0; i < g_list_model_get_n_items (domains); i++) {
            g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);
            gboolean busy = g_str_equal (domus_domain_get_name (domain), "web01");
            double noise = ((i * 7 + poll * 5) % 13) * 1e-4;

            domus_stats_ring_push (&domus_domain_get_stats (domain)->cpu,
                                   DOMUS_STATS_SCALE_PERCENT, (busy ? 50.0 : 10.0) + noise);
        }
        g_signal_emit_by_name (domus_connection_get_poller (conn), "updated");
        order = visible_guests (f);
        g_assert_cmpstr (order, ==, expected);
    }
}

static void
test_graph_columns_follow_settings (Fixture *f, gconstpointer data)
{
    GSettings *settings = domus_application_get_settings (f->app);
    GtkTreeView *view = domus_manager_window_get_tree_view (f->window);
    DomusConnection *conn;
    g_auto(GStrv) after = NULL;
    GtkTreeViewColumn *disk = NULL;

    conn = domus_application_add_connection (f->app, "test:///default", NULL);
    for (guint i = 0; i < gtk_tree_view_get_n_columns (view); i++) {
        GtkTreeViewColumn *col = gtk_tree_view_get_column (view, i);

        if (g_strcmp0 (gtk_tree_view_column_get_title (col), "Disk I/O") == 0)
            disk = col;
    }
    g_assert_nonnull (disk);
    g_settings_set_strv (settings, "visible-columns",
                         (const char *const[]) { "guest-cpu", NULL });
    g_assert_false (gtk_tree_view_column_get_visible (disk));
    g_assert_cmpuint (domus_poller_get_groups (domus_connection_get_poller (conn)), ==,
                      DOMUS_STATS_GROUP_CPU);

    /* The View menu's toggle changes the setting, the column and the poll. */
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "column-disk-io", NULL);
    after = g_settings_get_strv (settings, "visible-columns");
    g_assert_true (g_strv_contains ((const char *const *) after, "disk-io"));
    g_assert_true (gtk_tree_view_column_get_visible (disk));
    g_assert_cmpuint (domus_poller_get_groups (domus_connection_get_poller (conn)), ==,
                      DOMUS_STATS_GROUP_CPU | DOMUS_STATS_GROUP_DISK);

    /* Polled samples reach the guest the view shows. */
    domus_poller_set_interval (domus_connection_get_poller (conn), 1);
    DOMUS_TEST_WAIT_UNTIL (domus_poller_get_n_ticks (domus_connection_get_poller (conn)) >= 2,
                           TIMEOUT_S, "two poll ticks");
    g_settings_reset (settings, "visible-columns");
}

static gboolean
select_guest (Fixture *f, const char *name)
{
    GtkTreeView *view = domus_manager_window_get_tree_view (f->window);
    GtkTreeIter host, guest;
    gboolean g;

    if (!gtk_tree_model_get_iter_first (VIEW_MODEL (f), &host))
        return FALSE;
    for (g = gtk_tree_model_iter_children (VIEW_MODEL (f), &guest, &host); g;
         g = gtk_tree_model_iter_next (VIEW_MODEL (f), &guest)) {
        g_autofree char *n = cell_text (view, 0, &guest);

        if (g_strcmp0 (n, name) == 0) {
            gtk_tree_selection_select_iter (gtk_tree_view_get_selection (view), &guest);
            return TRUE;
        }
    }
    return FALSE;
}

/* The names of the selected rows, in view order. */
static char *
selected_names (Fixture *f)
{
    GtkTreeView *view = domus_manager_window_get_tree_view (f->window);
    GtkTreeModel *model;
    GList *rows = gtk_tree_selection_get_selected_rows (gtk_tree_view_get_selection (view),
                                                        &model);
    GString *out = g_string_new (NULL);

    for (GList *l = rows; l != NULL; l = l->next) {
        GtkTreeIter iter;
        g_autofree char *name = NULL;

        gtk_tree_model_get_iter (model, &iter, l->data);
        name = cell_text (view, 0, &iter);
        g_string_append_printf (out, "%s%s", out->len ? " " : "", name);
    }
    g_list_free_full (rows, (GDestroyNotify) gtk_tree_path_free);
    return g_string_free (out, FALSE);
}

/* A host of 100 guests arrives, leaves and comes back in one change each,
 * and a search filters it: each time the list builds its models again, and
 * the view keeps what it showed (the selection, the host open). */
static void
test_large_changes_keep_the_view (Fixture *f, gconstpointer data)
{
    GtkTreeView *view = domus_manager_window_get_tree_view (f->window);
    GtkSearchEntry *entry = find_widget (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY);
    g_autoptr(GtkTreePath) host = gtk_tree_path_new_first ();
    g_autoptr(GString) xml = g_string_new ("<node>\n");
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("domus-large-host-XXXXXX", &error);
    g_autofree char *path = g_build_filename (dir, "host.xml", NULL);
    g_autofree char *uri = g_strconcat ("test://", path, NULL);
    g_autofree char *found = NULL;
    g_autofree char *selected = NULL;
    DomusConnection *conn;

    for (guint i = 0; i < 100; i++)
        g_string_append_printf (xml, "  <domain type='test'><name>g%03u</name>"
                                "<memory unit='MiB'>64</memory>"
                                "<os><type arch='x86_64'>hvm</type></os></domain>\n", i);
    g_string_append (xml, "</node>\n");
    g_file_set_contents (path, xml->str, -1, &error);
    g_assert_no_error (error);
    conn = domus_application_add_connection (f->app, uri, "Large Host");
    DOMUS_TEST_WAIT_UNTIL (n_guests_of_first_host (f) == 100, TIMEOUT_S, "100 guests");
    g_assert_true (gtk_tree_view_row_expanded (view, host));

    g_assert_true (select_guest (f, "g042"));
    gtk_entry_set_text (GTK_ENTRY (entry), "G04");
    g_signal_emit_by_name (entry, "search-changed");
    found = visible_guests (f);
    g_assert_cmpstr (found, ==, "g040 g041 g042 g043 g044 g045 g046 g047 g048 g049");
    selected = selected_names (f);
    g_assert_cmpstr (selected, ==, "g042");
    g_clear_pointer (&selected, g_free);
    gtk_entry_set_text (GTK_ENTRY (entry), "");
    g_signal_emit_by_name (entry, "search-changed");
    g_assert_cmpint (n_guests_of_first_host (f), ==, 100);
    selected = selected_names (f);
    g_assert_cmpstr (selected, ==, "g042");

    /* Closed by the user, then emptied and filled again: it opens. */
    gtk_tree_view_collapse_row (view, host);
    domus_connection_disconnect (conn);
    DOMUS_TEST_WAIT_UNTIL (n_guests_of_first_host (f) == 0, TIMEOUT_S, "the guests to go");
    domus_connection_connect (conn);
    DOMUS_TEST_WAIT_UNTIL (n_guests_of_first_host (f) == 100, TIMEOUT_S, "the guests back");
    g_assert_true (gtk_tree_view_row_expanded (view, host));
    g_unlink (path);
    g_rmdir (dir);
}

static gboolean
action_enabled (Fixture *f, const char *name)
{
    return g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), name);
}

static GtkDialog *
find_message_dialog (void)
{
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

    for (GList *l = toplevels; l != NULL; l = l->next) {
        if (GTK_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
            return l->data;
    }
    return NULL;
}

/* The guest windows open now, by their guest's name. */
static GHashTable *
guest_windows (void)
{
    GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

    for (GList *l = toplevels; l != NULL; l = l->next) {
        if (DOMUS_IS_GUEST_WINDOW (l->data))
            g_hash_table_add (names, (gpointer) domus_domain_get_name (
                                  domus_guest_window_get_domain (l->data)));
    }
    return names;
}

/* Open: enabled with a guest selected; opens every selected guest's
 * window; a double-click opens the guest clicked. */
static void
test_open (Fixture *f, gconstpointer data)
{
    GtkTreeView *view = domus_manager_window_get_tree_view (f->window);
    g_autoptr(GHashTable) one = NULL;
    g_autoptr(GHashTable) two = NULL;
    g_autoptr(GHashTable) three = NULL;
    GtkTreeModel *model;
    g_autoptr(GList) rows = NULL;
    GtkTreePath *path;

    g_assert_true (domus_application_open_demo_host (f->app, NULL));
    DOMUS_TEST_WAIT_UNTIL (n_guests_of_first_host (f) >= 15, TIMEOUT_S, "the demo guests");
    g_assert_false (action_enabled (f, "open"));

    g_assert_true (select_guest (f, "web01"));
    g_assert_true (action_enabled (f, "open"));
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "open", NULL);
    one = guest_windows ();
    g_assert_cmpuint (g_hash_table_size (one), ==, 1);
    g_assert_true (g_hash_table_contains (one, "web01"));

    g_assert_true (select_guest (f, "mail"));   /* added to the selection */
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "open", NULL);
    two = guest_windows ();
    g_assert_cmpuint (g_hash_table_size (two), ==, 2);   /* web01's is the same */
    g_assert_true (g_hash_table_contains (two, "mail"));

    /* A double-click on wiki (not selected) opens wiki alone. */
    g_assert_true (select_guest (f, "wiki"));
    rows = gtk_tree_selection_get_selected_rows (gtk_tree_view_get_selection (view), &model);
    gtk_tree_selection_unselect_all (gtk_tree_view_get_selection (view));
    g_assert_true (select_guest (f, "web01"));
    for (GList *l = rows; l != NULL; l = l->next) {
        g_autofree char *name = NULL;
        GtkTreeIter iter;

        gtk_tree_model_get_iter (model, &iter, l->data);
        name = cell_text (view, 0, &iter);
        if (g_str_equal (name, "wiki")) {
            path = l->data;
            gtk_tree_view_row_activated (view, path, gtk_tree_view_get_column (view, 0));
        }
    }
    g_list_free_full (g_steal_pointer (&rows), (GDestroyNotify) gtk_tree_path_free);
    three = guest_windows ();
    g_assert_cmpuint (g_hash_table_size (three), ==, 3);
    g_assert_true (g_hash_table_contains (three, "wiki"));
    g_assert_cmpint (gtk_tree_selection_count_selected_rows (gtk_tree_view_get_selection (view)),
                     ==, 1);

    domus_test_close_guest_windows ();
}

static void
test_guest_actions (Fixture *f, gconstpointer data)
{
    GtkDialog *dialog;
    g_autofree char *text = NULL;

    g_assert_true (domus_application_open_demo_host (f->app, NULL));
    DOMUS_TEST_WAIT_UNTIL (n_guests_of_first_host (f) >= 15, TIMEOUT_S, "the demo guests");

    /* Nothing selected: nothing to do. */
    g_assert_false (action_enabled (f, "start"));
    g_assert_false (action_enabled (f, "force-off"));

    g_assert_true (select_guest (f, "web01"));
    g_assert_false (action_enabled (f, "start"));
    g_assert_true (action_enabled (f, "pause"));
    g_assert_false (action_enabled (f, "resume"));
    g_assert_true (action_enabled (f, "shutdown"));

    /* Pause asks too: the guest's services stop answering. */
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "pause", NULL);
    dialog = find_message_dialog ();
    g_assert_nonnull (dialog);
    g_object_get (dialog, "text", &text, NULL);
    g_assert_cmpstr (text, ==, "Pause “web01”?");
    g_clear_pointer (&text, g_free);
    gtk_dialog_response (dialog, GTK_RESPONSE_ACCEPT);
    DOMUS_TEST_WAIT_UNTIL (guest_row_exists (f, "web01", "Paused") && action_enabled (f, "resume"),
                           TIMEOUT_S, "web01 to be paused and Resume enabled");
    g_assert_false (action_enabled (f, "pause"));

    /* Force Off asks first and says what is lost; Cancel keeps it running. */
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "force-off", NULL);
    dialog = find_message_dialog ();
    g_assert_nonnull (dialog);
    g_object_get (dialog, "text", &text, NULL);
    g_assert_cmpstr (text, ==, "Force off “web01”?");
    gtk_dialog_response (dialog, GTK_RESPONSE_CANCEL);
    g_assert_null (find_message_dialog ());

    g_action_group_activate_action (G_ACTION_GROUP (f->window), "force-off", NULL);
    gtk_dialog_response (find_message_dialog (), GTK_RESPONSE_ACCEPT);
    DOMUS_TEST_WAIT_UNTIL (guest_row_exists (f, "web01", "Shut Off"), TIMEOUT_S,
                           "web01 to be forced off");
    DOMUS_TEST_WAIT_UNTIL (action_enabled (f, "start"), TIMEOUT_S, "Start to be enabled");

    /* With the confirmation turned off, it runs at once. */
    g_settings_set_boolean (domus_application_get_settings (f->app), "confirm-force-off", FALSE);
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "start", NULL);
    DOMUS_TEST_WAIT_UNTIL (guest_row_exists (f, "web01", "Running"), TIMEOUT_S,
                           "web01 to start");
    DOMUS_TEST_WAIT_UNTIL (action_enabled (f, "force-off"), TIMEOUT_S, "Force Off enabled");
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "force-off", NULL);
    g_assert_null (find_message_dialog ());
    DOMUS_TEST_WAIT_UNTIL (guest_row_exists (f, "web01", "Shut Off"), TIMEOUT_S,
                           "web01 to be forced off without asking");
    g_settings_reset (domus_application_get_settings (f->app), "confirm-force-off");
}

static void
find_check_cb (GtkWidget *widget, gpointer user_data)
{
    gpointer *box = user_data;   /* { label, result } */

    if (box[1] != NULL)
        return;
    if (GTK_IS_CHECK_BUTTON (widget) &&
        g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), box[0]) == 0) {
        box[1] = widget;
        return;
    }
    if (GTK_IS_CONTAINER (widget))
        gtk_container_forall (GTK_CONTAINER (widget), find_check_cb, box);
}

static GtkToggleButton *
find_check (GtkWidget *top, const char *label)
{
    gpointer box[2] = { (gpointer) label, NULL };

    find_check_cb (top, box);
    g_assert_nonnull (box[1]);
    return box[1];
}

static void
test_preferences (Fixture *f, gconstpointer data)
{
    GSettings *settings = domus_application_get_settings (f->app);
    DomusConnection *conn = domus_application_add_connection (f->app, "test:///default", NULL);
    g_autoptr(GPtrArray) unnamed = g_ptr_array_new ();
    g_auto(GStrv) columns = NULL;
    GtkWindow *dialog;
    GtkSpinButton *spin;
    GtkWidget *range, *error;

    g_settings_set_strv (settings, "visible-columns",
                         (const char *const[]) { "guest-cpu", "memory", NULL });
    g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
    dialog = domus_test_find_toplevel (g_type_from_name ("DomusPreferencesDialog"));
    g_assert_nonnull (dialog);

    domus_test_collect_unnamed (GTK_WIDGET (dialog), unnamed);
    g_assert_cmpuint (unnamed->len, ==, 0);

    /* Statistics: the Disk I/O box adds the column and its polling. */
    g_assert_false (gtk_toggle_button_get_active (find_check (GTK_WIDGET (dialog), "_Disk I/O")));
    gtk_toggle_button_set_active (find_check (GTK_WIDGET (dialog), "_Disk I/O"), TRUE);
    columns = g_settings_get_strv (settings, "visible-columns");
    g_assert_true (g_strv_contains ((const char *const *) columns, "disk-io"));
    g_assert_true (domus_poller_get_groups (domus_connection_get_poller (conn)) &
                   DOMUS_STATS_GROUP_DISK);

    /* Interval: live on every host's poller. */
    spin = find_widget (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON);
    gtk_spin_button_set_value (spin, 7);
    g_assert_cmpuint (g_settings_get_uint (settings, "poll-interval"), ==, 7);
    g_assert_cmpuint (domus_poller_get_interval (domus_connection_get_poller (conn)), ==, 7);

    /* The allowed range is shown; a number outside it, typed, is refused
     * with a message at once, never clamped silently. */
    range = domus_test_find_widget (GTK_WIDGET (dialog), NULL, "poll_interval_range");
    error = domus_test_find_widget (GTK_WIDGET (dialog), NULL, "poll_interval_error");
    g_assert_nonnull (range);
    g_assert_nonnull (error);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (range)), ==, "seconds (1–60)");
    g_assert_false (gtk_widget_get_visible (error));
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (spin)), TIMEOUT_S,
                           "the interval field to show");
    gtk_widget_grab_focus (GTK_WIDGET (spin));
    gtk_editable_select_region (GTK_EDITABLE (spin), 0, -1);
    domus_test_send_key (GTK_WIDGET (dialog), GDK_KEY_9, 0);
    domus_test_send_key (GTK_WIDGET (dialog), GDK_KEY_0, 0);
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (spin)), ==, "90");
    g_assert_true (gtk_widget_get_visible (error));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error)), ==,
                     "Enter a whole number of seconds from 1 to 60.");
    domus_test_send_key (GTK_WIDGET (dialog), GDK_KEY_Return, 0);
    g_assert_cmpuint (g_settings_get_uint (settings, "poll-interval"), ==, 7);
    /* A number in range is taken, and the message goes. */
    gtk_editable_select_region (GTK_EDITABLE (spin), 0, -1);
    domus_test_send_key (GTK_WIDGET (dialog), GDK_KEY_1, 0);
    domus_test_send_key (GTK_WIDGET (dialog), GDK_KEY_2, 0);
    g_assert_false (gtk_widget_get_visible (error));
    domus_test_send_key (GTK_WIDGET (dialog), GDK_KEY_Return, 0);
    g_assert_cmpuint (g_settings_get_uint (settings, "poll-interval"), ==, 12);

    /* Confirmations can be turned back on here. */
    g_settings_set_boolean (settings, "confirm-force-off", FALSE);
    g_assert_false (gtk_toggle_button_get_active (find_check (GTK_WIDGET (dialog), "_Force off")));
    gtk_toggle_button_set_active (find_check (GTK_WIDGET (dialog), "_Force off"), TRUE);
    g_assert_true (g_settings_get_boolean (settings, "confirm-force-off"));

    gtk_widget_destroy (GTK_WIDGET (dialog));
    g_settings_reset (settings, "visible-columns");
    g_settings_reset (settings, "poll-interval");
}

static void
label_texts_cb (GtkWidget *widget, gpointer user_data)
{
    GString *out = user_data;

    if (GTK_IS_LABEL (widget))
        g_string_append_printf (out, "%s|", gtk_label_get_text (GTK_LABEL (widget)));
    if (GTK_IS_CONTAINER (widget))
        gtk_container_forall (GTK_CONTAINER (widget), label_texts_cb, out);
}

static void
test_host_window (Fixture *f, gconstpointer data)
{
    GtkTreeView *view = domus_manager_window_get_tree_view (f->window);
    g_autoptr(GtkTreePath) path = gtk_tree_path_new_first ();
    g_autoptr(GString) texts = g_string_new ("|");
    g_autoptr(GPtrArray) unnamed = g_ptr_array_new ();
    g_autoptr(GPtrArray) selected = g_ptr_array_new ();
    GtkWindow *host_window;

    g_assert_true (domus_application_open_demo_host (f->app, NULL));
    DOMUS_TEST_WAIT_UNTIL (n_guests_of_first_host (f) >= 15, TIMEOUT_S, "the demo guests");

    /* Enter (or a double-click) on the host row. */
    gtk_tree_view_row_activated (view, path, gtk_tree_view_get_column (view, 0));
    host_window = domus_test_find_toplevel (g_type_from_name ("DomusHostWindow"));
    g_assert_nonnull (host_window);
    g_assert_cmpstr (gtk_window_get_title (host_window), ==, "Demo Host");

    label_texts_cb (GTK_WIDGET (host_window), texts);
    g_test_message ("host window: %s", texts->str);
    g_assert_nonnull (strstr (texts->str, "|TEST 0.0.2|"));   /* driver and its version */
    g_assert_nonnull (strstr (texts->str, "|x86_64, 32 CPUs at 2900 MHz|"));
    g_assert_nonnull (strstr (texts->str, "|128.0\u00a0GiB|"));   /* g_format_size's NBSP */
    g_assert_nonnull (strstr (texts->str, "|Connected|"));

    domus_test_collect_unnamed (GTK_WIDGET (host_window), unnamed);
    g_assert_cmpuint (unnamed->len, ==, 0);
    /* It opens with no text highlighted. */
    domus_test_collect_selected (GTK_WIDGET (host_window), selected);
    for (guint i = 0; i < selected->len; i++)
        g_test_message ("selected: %s", (char *) g_ptr_array_index (selected, i));
    g_assert_cmpuint (selected->len, ==, 0);

    /* Activating again shows the same window, not a second one. */
    gtk_tree_view_row_activated (view, path, gtk_tree_view_get_column (view, 0));
    g_assert_true (domus_test_find_toplevel (g_type_from_name ("DomusHostWindow")) == host_window);

    /* Escape closes it, and so does Ctrl+W, as in the guest window. */
    domus_test_send_key (GTK_WIDGET (host_window), GDK_KEY_Escape, 0);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (g_type_from_name ("DomusHostWindow")) == NULL,
                           TIMEOUT_S, "Escape to close the host window");
    gtk_tree_view_row_activated (view, path, gtk_tree_view_get_column (view, 0));
    host_window = domus_test_find_toplevel (g_type_from_name ("DomusHostWindow"));
    g_assert_nonnull (host_window);
    domus_test_send_key (GTK_WIDGET (host_window), GDK_KEY_w, GDK_CONTROL_MASK);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (g_type_from_name ("DomusHostWindow")) == NULL,
                           TIMEOUT_S, "Ctrl+W to close the host window");
}

static void
test_host_actions (Fixture *f, gconstpointer data)
{
    GtkTreeView *view = domus_manager_window_get_tree_view (f->window);
    GSettings *settings = domus_application_get_settings (f->app);
    g_autoptr(DomusConnection) conn = domus_connection_new ("test:///default");
    g_autoptr(GVariant) saved = NULL;
    GtkTreeIter host;
    g_autofree char *name = NULL;
    g_autofree char *printed = NULL;

    domus_connection_connect (conn);
    domus_application_adopt_connection (f->app, conn, TRUE, TRUE);
    DOMUS_TEST_WAIT_UNTIL (guest_row_exists (f, "test", "Running"), TIMEOUT_S, "the guest");
    saved = g_settings_get_value (settings, "connections");
    printed = g_variant_print (saved, FALSE);
    g_assert_cmpstr (printed, ==, "[('test:///default', '', true)]");
    g_clear_pointer (&saved, g_variant_unref);
    g_clear_pointer (&printed, g_free);

    g_assert_true (gtk_tree_model_get_iter_first (VIEW_MODEL (f), &host));
    gtk_tree_selection_select_iter (gtk_tree_view_get_selection (view), &host);
    g_assert_false (action_enabled (f, "start"));
    g_assert_false (action_enabled (f, "host-connect"));
    g_assert_true (action_enabled (f, "host-disconnect"));

    g_action_group_activate_action (G_ACTION_GROUP (f->window), "host-disconnect", NULL);
    g_assert_true (host_state_has_prefix (f, 0, "Disconnected"));
    g_assert_cmpint (n_guests_of_first_host (f), ==, 0);
    g_assert_true (action_enabled (f, "host-connect"));
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "host-connect", NULL);
    DOMUS_TEST_WAIT_UNTIL (guest_row_exists (f, "test", "Running"), TIMEOUT_S, "the reconnection");

    /* Rename: shown at once, and remembered with the saved host. */
    domus_application_rename_connection (f->app, conn, "Lab server");
    /* Sort-model iters die when rows change: take a fresh one. */
    g_assert_true (gtk_tree_model_get_iter_first (VIEW_MODEL (f), &host));
    name = cell_text (view, 0, &host);
    g_assert_cmpstr (name, ==, "Lab server");
    saved = g_settings_get_value (settings, "connections");
    printed = g_variant_print (saved, FALSE);
    g_assert_cmpstr (printed, ==, "[('test:///default', 'Lab server', true)]");
    g_clear_pointer (&saved, g_variant_unref);

    /* Remove: gone from the window and from the saved list. */
    gtk_tree_selection_select_iter (gtk_tree_view_get_selection (view), &host);
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "host-remove", NULL);
    g_assert_cmpint (gtk_tree_model_iter_n_children (VIEW_MODEL (f), NULL), ==, 0);
    saved = g_settings_get_value (settings, "connections");
    g_assert_cmpuint (g_variant_n_children (saved), ==, 0);
}

/* The header bar's tooltips end with the shortcut the accelerator table
 * gives their action, as a pointer resting on them shows. */
static void
test_tooltips_name_shortcuts (Fixture *f, gconstpointer data)
{
    GtkWidget *start = domus_test_find_widget (GTK_WIDGET (f->window), NULL, "start_button");
    GtkWidget *resume = domus_test_find_widget (GTK_WIDGET (f->window), NULL, "resume_button");
    GtkWidget *search = domus_test_find_widget (GTK_WIDGET (f->window), NULL, "search_button");
    g_autoptr(GPtrArray) images = g_ptr_array_new ();
    const char *icon = NULL;

    g_assert_nonnull (start);
    g_assert_nonnull (search);
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (start), TIMEOUT_S, "the window to show");
    domus_test_hover (start);
    DOMUS_TEST_WAIT_UNTIL (domus_test_tooltip_is ("Start the selected guests (Ctrl+R)"),
                           TIMEOUT_S, "Start's tooltip with its shortcut");
    domus_test_hover (search);
    DOMUS_TEST_WAIT_UNTIL (domus_test_tooltip_is ("Search guests by name or state (Ctrl+F)"),
                           TIMEOUT_S, "Search's tooltip with its shortcut");

    /* Resume shows a play icon, as GNOME's players do. */
    g_assert_nonnull (resume);
    domus_test_collect_widgets (resume, GTK_TYPE_IMAGE, images);
    g_assert_cmpuint (images->len, ==, 1);
    gtk_image_get_icon_name (g_ptr_array_index (images, 0), &icon, NULL);
    g_assert_cmpstr (icon, ==, "media-playback-start-symbolic");
}

/* Ctrl+Q (or Quit in the menu) keeps the window's size for the next start,
 * as closing the window does. Last: the window is gone afterwards. */
static void
test_quit_keeps_window_size (Fixture *f, gconstpointer data)
{
    GSettings *settings = domus_application_get_settings (f->app);
    int width, height;

    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->window)), TIMEOUT_S,
                           "the window to show");
    gtk_window_resize (GTK_WINDOW (f->window), 1111, 655);
    DOMUS_TEST_WAIT_UNTIL ((gtk_window_get_size (GTK_WINDOW (f->window), &width, &height),
                            width == 1111 && height == 655), TIMEOUT_S,
                           "the window to take its new size");
    g_assert_cmpint (g_settings_get_int (settings, "window-width"), !=, 1111);

    domus_test_send_key (GTK_WIDGET (f->window), GDK_KEY_q, GDK_CONTROL_MASK);
    g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1111);
    g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 655);
    g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

/* The entries in the order of the request's fields, found by their names. */
static GtkEntry *
entry_named (GPtrArray *entries, const char *name)
{
    for (guint i = 0; i < entries->len; i++) {
        GtkWidget *w = g_ptr_array_index (entries, i);

        if (g_strcmp0 (atk_object_get_name (gtk_widget_get_accessible (w)), name) == 0)
            return GTK_ENTRY (w);
    }
    g_error ("no entry named %s", name);
}

/* The credentials dialog: libvirt's prompts as fields, the secret one
 * hidden; Connect answers the waiting request, closing it cancels. */
static void
test_auth_dialog (Fixture *f, gconstpointer data)
{
    const DomusAuthField fields[] = {
        { "Please enter your authentication name", "root", DOMUS_AUTH_FIELD_USER_NAME },
        { "Please enter your password", NULL, DOMUS_AUTH_FIELD_SECRET },
    };
    g_autoptr(DomusAuthRequest) request = domus_auth_request_new ("qemu+tls://hv1/system",
                                                                  fields, 2);
    g_autoptr(DomusAuthRequest) closed = domus_auth_request_new ("qemu+tls://hv1/system",
                                                                 fields, 2);
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();
    g_autoptr(GPtrArray) unnamed = g_ptr_array_new ();
    g_auto(GStrv) answers = NULL;
    g_auto(GStrv) none = NULL;
    GtkWidget *dialog = domus_auth_dialog_new (GTK_WINDOW (f->window), request, "hv1");
    GtkEntry *user, *password;

    gtk_widget_show (dialog);
    domus_test_collect_widgets (dialog, GTK_TYPE_ENTRY, entries);
    g_assert_cmpuint (entries->len, ==, 2);
    user = entry_named (entries, "Please enter your authentication name");
    password = entry_named (entries, "Please enter your password");
    g_assert_cmpstr (gtk_entry_get_text (user), ==, "root");
    g_assert_true (gtk_entry_get_visibility (user));
    g_assert_false (gtk_entry_get_visibility (password));
    g_assert_true (gtk_window_get_focus (GTK_WINDOW (dialog)) == GTK_WIDGET (password));
    domus_test_collect_unnamed (dialog, unnamed);
    g_assert_cmpuint (unnamed->len, ==, 0);

    gtk_entry_set_text (password, "s3cret");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    answers = domus_auth_request_wait (request);
    g_assert_nonnull (answers);
    g_assert_cmpstr (answers[0], ==, "root");
    g_assert_cmpstr (answers[1], ==, "s3cret");

    /* A dialog that goes away unanswered (its window closed) cancels. */
    dialog = domus_auth_dialog_new (GTK_WINDOW (f->window), closed, "hv1");
    gtk_widget_destroy (dialog);
    none = domus_auth_request_wait (closed);
    g_assert_null (none);
}

int
main (int argc, char *argv[])
{
    int ret;

    gtk_test_init (&argc, &argv, NULL);

    the_app = domus_test_app_new ();

    g_test_add ("/manager-window/demo-host-listed", Fixture, NULL,
                fixture_setup, test_demo_host_listed, fixture_teardown);
    g_test_add ("/manager-window/second-host-and-failure", Fixture, NULL,
                fixture_setup, test_second_host_and_failure, fixture_teardown);
    g_test_add ("/manager-window/accessible-names", Fixture, NULL,
                fixture_setup, test_accessible_names, fixture_teardown);
    g_test_add ("/manager-window/search-and-state-filter", Fixture, NULL,
                fixture_setup, test_search_and_state_filter, fixture_teardown);
    g_test_add ("/manager-window/sort-by-name-and-state", Fixture, NULL,
                fixture_setup, test_sort_by_name_and_state, fixture_teardown);
    g_test_add ("/manager-window/large-changes-keep-the-view", Fixture, NULL,
                fixture_setup, test_large_changes_keep_the_view, fixture_teardown);
    g_test_add ("/manager-window/sort-by-graph-is-stable", Fixture, NULL,
                fixture_setup, test_sort_by_graph_is_stable, fixture_teardown);
    g_test_add ("/manager-window/auth-dialog", Fixture, NULL,
                fixture_setup, test_auth_dialog, fixture_teardown);
    g_test_add ("/manager-window/host-actions", Fixture, NULL,
                fixture_setup, test_host_actions, fixture_teardown);
    g_test_add ("/manager-window/host-window", Fixture, NULL,
                fixture_setup, test_host_window, fixture_teardown);
    g_test_add ("/manager-window/preferences", Fixture, NULL,
                fixture_setup, test_preferences, fixture_teardown);
    g_test_add ("/manager-window/open", Fixture, NULL,
                fixture_setup, test_open, fixture_teardown);
    g_test_add ("/manager-window/guest-actions", Fixture, NULL,
                fixture_setup, test_guest_actions, fixture_teardown);
    g_test_add ("/manager-window/graph-columns-follow-settings", Fixture, NULL,
                fixture_setup, test_graph_columns_follow_settings, fixture_teardown);
    g_test_add ("/manager-window/escape-ends-search-and-state-filter", Fixture, NULL,
                fixture_setup, test_escape_ends_search_and_state_filter, fixture_teardown);
    g_test_add ("/manager-window/tooltips-name-shortcuts", Fixture, NULL,
                fixture_setup, test_tooltips_name_shortcuts, fixture_teardown);
    /* Last: it quits the application. */
    g_test_add ("/manager-window/quit-keeps-window-size", Fixture, NULL,
                fixture_setup, test_quit_keeps_window_size, fixture_teardown);
    ret = g_test_run ();
    g_clear_object (&the_app);
    return ret;
}
