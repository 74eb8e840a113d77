/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest list's graph columns as people see and hear them: shown by
 * default (Disk I/O too), sharing the window's extra width, rows tall
 * enough to read a level, a selected row's graph visible on the selection,
 * and each graph cell's value said to assistive technology over ATK.
 */
#include "config.h"

#include <gtk/gtk.h>

#include "domus-application.h"
#include "domus-graph.h"
#include "domus-gui-test-util.h"
#include "domus-manager-window.h"
#include "domus-test-domains.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

/* One application per process (see test-manager-window.c). */
static DomusApplication *the_app;

typedef struct {
    DomusApplication *app;
    DomusManagerWindow *window;
    GtkTreeView *view;
    DomusConnection *conn;
    DomusDomain *guest;           /* "test", the test driver's running guest */
} Fixture;

static GtkTreeViewColumn *
column_titled (GtkTreeView *view, const char *title)
{
    for (guint i = 0; i < gtk_tree_view_get_n_columns (view); i++) {
        GtkTreeViewColumn *col = gtk_tree_view_get_column (view, i);

        if (g_strcmp0 (gtk_tree_view_column_get_title (col), title) == 0)
            return col;
    }
    g_error ("no column titled %s", title);
    return NULL;
}

/* The index of a column among the visible ones, as the accessible table
 * counts them. */
static int
visible_index (GtkTreeView *view, GtkTreeViewColumn *column)
{
    int index = 0;

    for (guint i = 0; i < gtk_tree_view_get_n_columns (view); i++) {
        GtkTreeViewColumn *col = gtk_tree_view_get_column (view, i);

        if (col == column)
            return index;
        index += gtk_tree_view_column_get_visible (col);
    }
    g_error ("column not in the view");
    return -1;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    f->app = the_app;
    f->window = domus_manager_window_new (f->app);
    f->view = domus_manager_window_get_tree_view (f->window);
    gtk_widget_show (GTK_WIDGET (f->window));
}

/* The test driver's host, polled every second for a few samples, then
 * quiet (the next tick a minute away), so that tests compare with fixed
 * rings. */
static void
fixture_setup_polled (Fixture *f, gconstpointer data)
{
    DomusPoller *poller;
    DomusDomainStats *st;
    guint ticks;

    fixture_setup (f, data);
    g_settings_set_strv (domus_application_get_settings (f->app), "visible-columns",
                         (const char *const[]) { "guest-cpu", "memory", "disk-io", NULL });
    f->conn = domus_application_add_connection (f->app, "test:///default", NULL);
    poller = domus_connection_get_poller (f->conn);
    domus_poller_set_interval (poller, 1);
    DOMUS_TEST_WAIT_UNTIL ((f->guest = domus_test_find_domain (f->conn, "test")) != NULL,
                           TIMEOUT_S, "the guest");
    st = domus_domain_get_stats (f->guest);
    DOMUS_TEST_WAIT_UNTIL (domus_stats_ring_get_len (&st->cpu) >= 3 &&
                           domus_stats_ring_get_len (&st->disk) >= 3,
                           TIMEOUT_S, "three samples");
    ticks = domus_poller_get_n_ticks (poller);
    domus_poller_set_interval (poller, 60);
    DOMUS_TEST_WAIT_UNTIL (domus_poller_get_n_ticks (poller) > ticks, TIMEOUT_S,
                           "the last tick");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    gtk_widget_destroy (GTK_WIDGET (f->window));
    domus_test_remove_connections (f->app);
    g_settings_reset (domus_application_get_settings (f->app), "visible-columns");
}

/* The guest's row in the view: the host's first child. */
static GtkTreePath *
guest_path (Fixture *f)
{
    GtkTreePath *path = gtk_tree_path_new_from_indices (0, 0, -1);

    gtk_tree_view_expand_all (f->view);
    return path;
}

static void
test_default_columns (Fixture *f, gconstpointer data)
{
    GSettings *settings = domus_application_get_settings (f->app);
    g_autoptr(GVariant) columns = g_settings_get_default_value (settings, "visible-columns");
    g_autofree const char **keys = g_variant_get_strv (columns, NULL);

    /* Disk I/O, as the mission names it, beside CPU and memory. */
    g_assert_true (g_strv_contains (keys, "guest-cpu"));
    g_assert_true (g_strv_contains (keys, "memory"));
    g_assert_true (g_strv_contains (keys, "disk-io"));
    g_assert_true (gtk_tree_view_column_get_visible (column_titled (f->view, "Guest CPU")));
    g_assert_true (gtk_tree_view_column_get_visible (column_titled (f->view, "Memory")));
    g_assert_true (gtk_tree_view_column_get_visible (column_titled (f->view, "Disk I/O")));
    g_assert_false (gtk_tree_view_column_get_visible (column_titled (f->view, "Host CPU")));
}

static gboolean
graphs_wider_than (Fixture *f, const char *const *titles, int width)
{
    for (guint i = 0; titles[i] != NULL; i++) {
        if (gtk_tree_view_column_get_width (column_titled (f->view, titles[i])) <= width)
            return FALSE;
    }
    return TRUE;
}

/* A wide window gives its extra width to the graphs too, not only to the
 * names: every graph column grows past its own width. */
static void
test_graphs_share_width (Fixture *f, gconstpointer data)
{
    const char *const graphs[] = { "Guest CPU", "Memory", "Disk I/O", NULL };
    const char *const all[] = { "Guest CPU", "Host CPU", "Memory", "Disk I/O",
                                "Network I/O", NULL };
    int fixed = 0;

    for (guint i = 0; all[i] != NULL; i++) {
        GtkTreeViewColumn *col = column_titled (f->view, all[i]);

        g_assert_true (gtk_tree_view_column_get_expand (col));
        fixed = MAX (fixed, gtk_tree_view_column_get_fixed_width (col));
    }

    /* As wide as the session's screen (1280 px): about 340 px to share. */
    gtk_window_resize (GTK_WINDOW (f->window), 1260, 600);
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_allocated_width (GTK_WIDGET (f->view)) >= 1200,
                           TIMEOUT_S, "the wider window");
    DOMUS_TEST_WAIT_UNTIL (graphs_wider_than (f, graphs, fixed + 60), TIMEOUT_S,
                           "the graph columns to share the extra width");
    /* And the name column keeps a share too. */
    g_assert_cmpint (gtk_tree_view_column_get_width (column_titled (f->view, "Name")), >,
                     gtk_tree_view_column_get_fixed_width (column_titled (f->view, "Name")));
}

/* The rows are tall enough for a graph read at a glance. */
static void
test_row_height (Fixture *f, gconstpointer data)
{
    g_autoptr(GtkTreePath) path = guest_path (f);
    GdkRectangle cell;

    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_realized (GTK_WIDGET (f->view)), TIMEOUT_S,
                           "the list on screen");
    gtk_tree_view_get_cell_area (f->view, path, column_titled (f->view, "Guest CPU"), &cell);
    g_assert_cmpint (cell.height, >=, 28);
}

/* Colour distance, 0..3 (channels in 0..1). */
static double
pixel_distance (cairo_surface_t *surface, int x1, int y1, int x2, int y2)
{
    const guint8 *data = cairo_image_surface_get_data (surface);
    int stride = cairo_image_surface_get_stride (surface);
    guint32 a = *(const guint32 *) (data + y1 * stride + x1 * 4);
    guint32 b = *(const guint32 *) (data + y2 * stride + x2 * 4);
    double d = 0;

    for (int shift = 0; shift <= 16; shift += 8)
        d += ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) / 255.0;
    return d;
}

/* The part of a row's graph where the newest samples are (at the right
 * edge, under the 60 % line) stands out from the row's background: the
 * selected row's (the accent) as well as a plain row's. */
static void
check_graph_stands_out (Fixture *f, GtkTreePath *path, gboolean selected)
{
    GtkTreeViewColumn *cpu = column_titled (f->view, "Guest CPU");
    int w = gtk_widget_get_allocated_width (GTK_WIDGET (f->view));
    int h = gtk_widget_get_allocated_height (GTK_WIDGET (f->view));
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
    cairo_t *cr = cairo_create (surface);
    GdkRectangle cell, background;
    int bg_x, bg_y, x0, y0, x1, y1;
    guint differing = 0, total = 0;

    gtk_widget_draw (GTK_WIDGET (f->view), cr);
    cairo_destroy (cr);
    cairo_surface_flush (surface);

    gtk_tree_view_get_cell_area (f->view, path, cpu, &cell);
    gtk_tree_view_get_background_area (f->view, path, cpu, &background);
    /* The row's own colour, on its top edge, above the graph. */
    gtk_tree_view_convert_bin_window_to_widget_coords (f->view, cell.x + cell.width / 2,
                                                       background.y, &bg_x, &bg_y);
    gtk_tree_view_convert_bin_window_to_widget_coords (f->view,
                                                       cell.x + cell.width - 40,
                                                       cell.y + cell.height / 2 + 3,
                                                       &x0, &y0);
    gtk_tree_view_convert_bin_window_to_widget_coords (f->view,
                                                       cell.x + cell.width - 2,
                                                       cell.y + cell.height - 3,
                                                       &x1, &y1);
    g_assert_cmpint (x1, <, w);
    g_assert_cmpint (y1, <, h);
    for (int y = y0; y < y1; y++) {
        for (int x = x0; x < x1; x++) {
            differing += pixel_distance (surface, x, y, bg_x, bg_y) > 0.3;
            total++;
        }
    }
    cairo_surface_destroy (surface);
    if (differing * 2 < total)
        g_error ("%s row: %u of %u pixels of the graph stand out from the row",
                 selected ? "selected" : "plain", differing, total);
}

static void
test_selected_row_graph_visible (Fixture *f, gconstpointer data)
{
    g_autoptr(GtkTreePath) path = guest_path (f);
    GtkTreeSelection *selection = gtk_tree_view_get_selection (f->view);

    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_realized (GTK_WIDGET (f->view)), TIMEOUT_S,
                           "the list on screen");
    /* A minute of a busy guest. */
    for (guint i = 0; i < 60; i++)
        domus_stats_ring_push (&domus_domain_get_stats (f->guest)->cpu,
                               DOMUS_STATS_SCALE_PERCENT, 60.0);
    gtk_tree_selection_unselect_all (selection);
    check_graph_stands_out (f, path, FALSE);

    /* Selected as a keyboard user does, by moving the cursor. */
    gtk_tree_view_set_cursor (f->view, path, NULL, FALSE);
    g_assert_true (gtk_tree_selection_path_is_selected (selection, path));
    check_graph_stands_out (f, path, TRUE);
}

/* "TITLE VALUE", the value as the cell writes it. */
static char *
expected (const char *title, const DomusStatsRing *ring, DomusStatsScale scale)
{
    g_autofree char *value = domus_format_stat (scale, domus_stats_ring_get (ring, scale, 0));

    return g_strconcat (title, " ", value, NULL);
}

/* Each graph cell is read out as what it shows, through ATK as a screen
 * reader's bridge reads it, and follows new samples. */
static void
test_accessible_cells (Fixture *f, gconstpointer data)
{
    g_autoptr(GtkTreePath) path = guest_path (f);
    DomusDomainStats *st = domus_domain_get_stats (f->guest);
    AtkObject *table = gtk_widget_get_accessible (GTK_WIDGET (f->view));
    g_autoptr(AtkObject) cpu = NULL;
    g_autoptr(AtkObject) memory = NULL;
    g_autoptr(AtkObject) disk = NULL;
    g_autofree char *cpu_name = NULL;
    g_autofree char *disk_name = NULL;

    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_realized (GTK_WIDGET (f->view)), TIMEOUT_S,
                           "the list on screen");

    /* Row 0 is the host, row 1 its guest. */
    g_assert_true (ATK_IS_TABLE (table));
    cpu = atk_table_ref_at (ATK_TABLE (table), 1,
                            visible_index (f->view, column_titled (f->view, "Guest CPU")));
    memory = atk_table_ref_at (ATK_TABLE (table), 1,
                               visible_index (f->view, column_titled (f->view, "Memory")));
    disk = atk_table_ref_at (ATK_TABLE (table), 1,
                             visible_index (f->view, column_titled (f->view, "Disk I/O")));
    g_assert_nonnull (cpu);
    g_assert_nonnull (memory);
    g_assert_nonnull (disk);

    cpu_name = expected ("Guest CPU", &st->cpu, DOMUS_STATS_SCALE_PERCENT);
    g_assert_cmpstr (atk_object_get_name (cpu), ==, cpu_name);
    /* The test driver's guest has 2 GiB of its 8 GiB (GLib puts a
     * no-break space before the unit). */
    g_assert_cmpstr (atk_object_get_name (memory), ==,
                     "Memory 2.0\u00a0GiB of 8.0\u00a0GiB");
    disk_name = expected ("Disk I/O", &st->disk, DOMUS_STATS_SCALE_RATE);
    g_assert_cmpstr (atk_object_get_name (disk), ==, disk_name);

    /* A new sample, as the next tick brings: the same cell says it. */
    domus_stats_ring_push (&st->cpu, DOMUS_STATS_SCALE_PERCENT, 12.0);
    g_assert_cmpstr (atk_object_get_name (cpu), ==, "Guest CPU 12 %");
}

int
main (int argc, char *argv[])
{
    int ret;

    gtk_test_init (&argc, &argv, NULL);
    the_app = domus_test_app_new ();

    g_test_add ("/graphs/default-columns", Fixture, NULL,
                fixture_setup, test_default_columns, fixture_teardown);
    g_test_add ("/graphs/share-width", Fixture, NULL,
                fixture_setup_polled, test_graphs_share_width, fixture_teardown);
    g_test_add ("/graphs/row-height", Fixture, NULL,
                fixture_setup_polled, test_row_height, fixture_teardown);
    g_test_add ("/graphs/selected-row-graph-visible", Fixture, NULL,
                fixture_setup_polled, test_selected_row_graph_visible, fixture_teardown);
    g_test_add ("/graphs/accessible-cells", Fixture, NULL,
                fixture_setup_polled, test_accessible_cells, fixture_teardown);
    ret = g_test_run ();
    g_clear_object (&the_app);
    return ret;
}
