/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every window takes the objects it shows as construct-only properties:
 * built by g_object_new alone, as a template or an inspector would build
 * it, it shows them, and hands them back when asked.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "domus-application.h"
#include "domus-auth-dialog.h"
#include "domus-create-assistant.h"
#include "domus-gui-test-util.h"
#include "domus-guest-tree.h"
#include "domus-guest-window.h"
#include "domus-host-window.h"
#include "domus-libvirt.h"
#include "domus-manager-window.h"
#include "domus-preferences-dialog.h"
#include "domus-test-domains.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

typedef struct {
    DomusApplication *app;
    DomusConnection *conn;
    GListStore *connections;
    DomusDomain *domain;
} Fixture;

/* One application per process: GApplication exports itself once. */
static DomusApplication *the_app;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    f->app = the_app;
    f->conn = domus_test_connect ("test:///default");
    f->connections = g_list_store_new (DOMUS_TYPE_CONNECTION);
    g_list_store_append (f->connections, f->conn);
    f->domain = domus_connection_find_domain_by_name (f->conn, "test");
    g_assert_nonnull (f->domain);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    g_clear_object (&f->connections);
    g_clear_object (&f->conn);
}

static void
test_preferences_dialog (Fixture *f, gconstpointer data)
{
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    g_autoptr(GSettings) got = NULL;
    GtkWidget *dialog;
    GtkWidget *spin;

    g_settings_set_uint (settings, "poll-interval", 9);
    dialog = g_object_new (DOMUS_TYPE_PREFERENCES_DIALOG, "settings", settings, NULL);
    g_object_get (dialog, "settings", &got, NULL);
    g_assert_true (got == settings);
    spin = domus_test_find_widget (dialog, "Update every (seconds)", NULL);
    g_assert_nonnull (spin);
    g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 9);
    gtk_widget_destroy (dialog);
    g_settings_reset (settings, "poll-interval");
}

static void
completed_cb (DomusAuthRequest *request, gpointer user_data)
{
    *(gboolean *) user_data = TRUE;
}

static void
test_auth_dialog (Fixture *f, gconstpointer data)
{
    static const DomusAuthField fields[] = {
        { "Username", NULL, DOMUS_AUTH_FIELD_USER_NAME },
        { "Password", NULL, DOMUS_AUTH_FIELD_SECRET },
    };
    g_autoptr(DomusAuthRequest) request =
        domus_auth_request_new ("qemu+tcp://hv1/system", fields, G_N_ELEMENTS (fields));
    g_autoptr(DomusAuthRequest) got = NULL;
    g_autofree char *host_name = NULL;
    GtkWidget *dialog = g_object_new (DOMUS_TYPE_AUTH_DIALOG, "request", request,
                                      "host-name", "hv1", NULL);
    gboolean completed = FALSE;

    g_object_get (dialog, "request", &got, "host-name", &host_name, NULL);
    g_assert_true (got == request);
    g_assert_cmpstr (host_name, ==, "hv1");
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Authentication Required");
    g_assert_nonnull (domus_test_find_widget (dialog, "Username", NULL));
    g_assert_nonnull (domus_test_find_widget (dialog, "Password", NULL));
    /* Destroyed unanswered: the asker is not left waiting. */
    g_signal_connect (request, "completed", G_CALLBACK (completed_cb), &completed);
    gtk_widget_destroy (dialog);
    g_assert_true (completed);
}

static void
collect_drawn_labels (GtkWidget *widget, gpointer user_data)
{
    if (GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget))
        g_ptr_array_add (user_data, widget);
    if (GTK_IS_CONTAINER (widget))
        gtk_container_forall (GTK_CONTAINER (widget), collect_drawn_labels, user_data);
}

/* Whether WINDOW's header bar shows TEXT whole (not cut to "…"). */
static gboolean
header_shows (GtkWidget *window, const char *text)
{
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();

    collect_drawn_labels (gtk_window_get_titlebar (GTK_WINDOW (window)), labels);
    for (guint i = 0; i < labels->len; i++) {
        GtkLabel *label = g_ptr_array_index (labels, i);

        if (g_str_equal (gtk_label_get_text (label), text) &&
            !pango_layout_is_ellipsized (gtk_label_get_layout (label)))
            return TRUE;
    }
    return FALSE;
}

/* Shown at its default size, the window's header bar says whose window it
 * is (title) with a detail under it (subtitle), beside the page switcher. */
static void
assert_header (GtkWidget *window, const char *title, const char *subtitle)
{
    gtk_widget_show (window);
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (window), TIMEOUT_S, "the window to show");
    DOMUS_TEST_WAIT_UNTIL (header_shows (window, title), TIMEOUT_S,
                           "the header bar to show the window's title");
    g_assert_true (header_shows (window, subtitle));
}

static void
test_host_window (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusConnection) got = NULL;
    GtkWidget *window = g_object_new (DOMUS_TYPE_HOST_WINDOW, "connection", f->conn, NULL);

    g_object_get (window, "connection", &got, NULL);
    g_assert_true (got == f->conn);
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==,
                     domus_connection_get_display_name (f->conn));
    assert_header (window, domus_connection_get_display_name (f->conn),
                   domus_connection_get_uri (f->conn));
    gtk_widget_destroy (window);
}

/* Escape held down on the host window: two presses in one beat close it
 * once, and nothing is left to run on it (an idle on a freed window would
 * warn, and warnings are fatal here). */
static void
test_host_window_escape_twice (Fixture *f, gconstpointer data)
{
    GtkWidget *window = g_object_new (DOMUS_TYPE_HOST_WINDOW, "connection", f->conn, NULL);

    g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
    gtk_widget_show (window);
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (window), TIMEOUT_S, "the host window to show");
    domus_test_deliver_key (window, GDK_KEY_Escape, 0);
    domus_test_deliver_key (window, GDK_KEY_Escape, 0);
    DOMUS_TEST_WAIT_UNTIL (window == NULL, TIMEOUT_S, "Escape to close the host window");
    domus_test_run_pending ();
}

static void
test_guest_window (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusConnection) got_conn = NULL;
    g_autoptr(DomusDomain) got_domain = NULL;
    GtkWidget *window = g_object_new (DOMUS_TYPE_GUEST_WINDOW, "application", f->app,
                                      "connection", f->conn, "domain", f->domain, NULL);

    g_object_get (window, "connection", &got_conn, "domain", &got_domain, NULL);
    g_assert_true (got_conn == f->conn);
    g_assert_true (got_domain == f->domain);
    g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "test"));
    assert_header (window, gtk_window_get_title (GTK_WINDOW (window)),
                   domus_domain_state_to_string (domus_domain_get_state (f->domain)));
    gtk_widget_destroy (window);
}

static void
test_manager_window (Fixture *f, gconstpointer data)
{
    g_autoptr(GListModel) got = NULL;
    GtkWidget *window = g_object_new (DOMUS_TYPE_MANAGER_WINDOW, "application", f->app,
                                      "connections", f->connections, NULL);
    GtkTreeView *view = domus_manager_window_get_tree_view (DOMUS_MANAGER_WINDOW (window));

    g_object_get (window, "connections", &got, NULL);
    g_assert_true (got == G_LIST_MODEL (f->connections));
    /* One row: the one host given. */
    g_assert_cmpint (gtk_tree_model_iter_n_children (gtk_tree_view_get_model (view), NULL),
                     ==, 1);
    gtk_widget_destroy (window);
}

static void
test_create_assistant (Fixture *f, gconstpointer data)
{
    g_autoptr(GListModel) got = NULL;
    g_autoptr(DomusConnection) host = NULL;
    GtkWidget *assistant = g_object_new (DOMUS_TYPE_CREATE_ASSISTANT,
                                         "connections", f->connections,
                                         "host", f->conn, NULL);
    GtkWidget *combo = domus_test_find_widget (assistant, "Host", NULL);

    g_object_get (assistant, "connections", &got, "host", &host, NULL);
    g_assert_true (got == G_LIST_MODEL (f->connections));
    g_assert_true (host == f->conn);
    g_assert_nonnull (combo);
    g_assert_cmpstr (gtk_combo_box_get_active_id (GTK_COMBO_BOX (combo)), ==,
                     domus_connection_get_uri (f->conn));
    gtk_widget_destroy (assistant);
}

/* Not a window, but the manager window's model takes its hosts the same
 * way. */
static void
test_guest_tree (Fixture *f, gconstpointer data)
{
    g_autoptr(GListModel) got = NULL;
    g_autoptr(DomusGuestTree) tree = g_object_new (DOMUS_TYPE_GUEST_TREE,
                                                   "connections", f->connections, NULL);

    g_object_get (tree, "connections", &got, NULL);
    g_assert_true (got == G_LIST_MODEL (f->connections));
    g_assert_cmpint (gtk_tree_model_iter_n_children (domus_guest_tree_get_model (tree), NULL),
                     ==, 1);
}

int
main (int argc, char *argv[])
{
    int rc;

    gtk_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();
    the_app = domus_test_app_new ();

#define ADD(path, func) \
    g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
    ADD ("/window-properties/preferences-dialog", test_preferences_dialog);
    ADD ("/window-properties/auth-dialog", test_auth_dialog);
    ADD ("/window-properties/host-window", test_host_window);
    ADD ("/window-properties/host-window-escape-twice", test_host_window_escape_twice);
    ADD ("/window-properties/guest-window", test_guest_window);
    ADD ("/window-properties/manager-window", test_manager_window);
    ADD ("/window-properties/create-assistant", test_create_assistant);
    ADD ("/window-properties/guest-tree", test_guest_tree);
#undef ADD
    rc = g_test_run ();
    g_object_unref (the_app);
    return rc;
}
