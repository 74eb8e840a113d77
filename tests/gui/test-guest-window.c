/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest window on libvirt's test driver, under Xvfb: a guest with no
 * graphics says so (and offers its serial page), a SPICE-only guest says
 * why, a shut-off guest shows the not-running page whose Start starts it
 * (on the Serial Console tab too, which stays, whatever the guest has),
 * one window per guest, scaling remembered per guest, accessible names, the
 * guest actions on the window's guest (a deleted guest closes its window),
 * and `--console NAME` through the command-line handler.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "domus-application.h"
#include "domus-guest-window.h"
#include "domus-gui-test-util.h"
#include "domus-manager-window.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

static const char host_xml[] =
    "<node>\n"
    "  <domain type='test'>\n"
    "    <name>plain</name>\n"
    "    <memory unit='MiB'>128</memory><vcpu>1</vcpu>\n"
    "    <os><type arch='x86_64'>hvm</type></os>\n"
    "    <devices><serial type='pty'><target port='0'/></serial></devices>\n"
    "  </domain>\n"
    "  <domain type='test'>\n"
    "    <name>spicy</name>\n"
    "    <memory unit='MiB'>128</memory><vcpu>1</vcpu>\n"
    "    <os><type arch='x86_64'>hvm</type></os>\n"
    "    <devices><graphics type='spice' port='5930' autoport='no'/></devices>\n"
    "  </domain>\n"
    "  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
    "    <name>resting</name>\n"
    "    <memory unit='MiB'>128</memory><vcpu>1</vcpu>\n"
    "    <os><type arch='x86_64'>hvm</type></os>\n"
    "    <devices><graphics type='vnc' port='-1' autoport='yes'/></devices>\n"
    "    <test:runstate>5</test:runstate>\n"
    "  </domain>\n"
    "</node>\n";

static DomusApplication *the_app;

typedef struct {
    DomusApplication *app;
    DomusConnection *conn;
    char *dir;
    char *xml_path;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;

    f->app = the_app;
    f->dir = g_dir_make_tmp ("domus-guest-window-XXXXXX", &error);
    g_assert_no_error (error);
    f->xml_path = g_build_filename (f->dir, "host.xml", NULL);
    g_file_set_contents (f->xml_path, host_xml, -1, &error);
    g_assert_no_error (error);
    uri = g_strdup_printf ("test://%s", f->xml_path);
    f->conn = g_object_ref (domus_application_add_connection (f->app, uri, "Test Host"));
    DOMUS_TEST_WAIT_UNTIL (domus_connection_find_domain_by_name (f->conn, "resting") != NULL,
                           TIMEOUT_S,
                           "the test host's guests to be listed");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    GListModel *connections = domus_application_get_connections (f->app);

    domus_test_close_guest_windows ();
    while (g_list_model_get_n_items (connections) > 0) {
        g_autoptr(DomusConnection) conn = g_list_model_get_item (connections, 0);

        domus_application_remove_connection (f->app, conn);
    }
    g_clear_object (&f->conn);
    g_unlink (f->xml_path);
    g_rmdir (f->dir);
    g_free (f->xml_path);
    g_free (f->dir);
}

static gboolean
message_contains (DomusGuestWindow *window, const char *text)
{
    const char *message = domus_guest_window_get_message (window);

    return message != NULL && strstr (message, text) != NULL;
}

static GtkWidget *
find_button_by_label (GtkWidget *widget, const char *label)
{
    if (GTK_IS_BUTTON (widget) &&
        g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
        return widget;
    if (GTK_IS_CONTAINER (widget)) {
        g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (widget));

        for (GList *l = children; l != NULL; l = l->next) {
            GtkWidget *found = find_button_by_label (l->data, label);

            if (found != NULL)
                return found;
        }
    }
    return NULL;
}

static void
test_no_graphics (Fixture *f, gconstpointer data)
{
    DomusDomain *plain = domus_connection_find_domain_by_name (f->conn, "plain");
    DomusGuestWindow *window = domus_guest_window_present (f->app, f->conn, plain);
    GtkStack *pages;

    g_assert_true (domus_domain_is_active (plain));
    DOMUS_TEST_WAIT_UNTIL (domus_guest_window_get_console_state (window) ==
                           DOMUS_CONSOLE_STATE_FAILED, TIMEOUT_S,
                           "the console to give up on a guest without graphics");
    g_assert_true (message_contains (window, "no graphical display"));
    g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "plain on Test Host"));
    /* The guest has a serial device: its page is offered and shown. */
    g_assert_nonnull (domus_guest_window_get_terminal (window));
    pages = GTK_STACK (domus_test_find_widget (GTK_WIDGET (window), NULL, "pages"));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), ==, "serial");
    /* Screenshots and keys need a screen. */
    g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "screenshot"));
    g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "send-key"));

    /* One window per guest: presenting again gives the same. */
    g_assert_true (domus_guest_window_present (f->app, f->conn, plain) == window);
}

static void
test_spice_only (Fixture *f, gconstpointer data)
{
    DomusGuestWindow *window =
        domus_guest_window_present (f->app, f->conn,
                                    domus_connection_find_domain_by_name (f->conn, "spicy"));
    GtkWidget *fullscreen;

    DOMUS_TEST_WAIT_UNTIL (domus_guest_window_get_console_state (window) ==
                           DOMUS_CONSOLE_STATE_FAILED, TIMEOUT_S,
                           "the console to give up on a SPICE-only guest");
    g_assert_true (message_contains (window, "SPICE"));
    /* No serial device: no terminal. */
    g_assert_null (domus_guest_window_get_terminal (window));

    /* The header bar's Fullscreen says its key when the pointer rests on it. */
    fullscreen = domus_test_find_widget (GTK_WIDGET (window), NULL, "fullscreen_button");
    g_assert_nonnull (fullscreen);
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (fullscreen), TIMEOUT_S, "the window to show");
    domus_test_hover (fullscreen);
    DOMUS_TEST_WAIT_UNTIL (domus_test_tooltip_is ("Fullscreen (F11)"), TIMEOUT_S,
                           "Fullscreen's tooltip with its shortcut");
}

static void
test_not_running_then_start (Fixture *f, gconstpointer data)
{
    DomusDomain *resting = domus_connection_find_domain_by_name (f->conn, "resting");
    DomusGuestWindow *window = domus_guest_window_present (f->app, f->conn, resting);
    g_autoptr(GPtrArray) unnamed = g_ptr_array_new ();
    g_autoptr(GPtrArray) selected = g_ptr_array_new ();
    g_auto(GStrv) lines = NULL;
    GtkWidget *start, *detail;

    g_assert_cmpint (domus_guest_window_get_console_state (window), ==,
                     DOMUS_CONSOLE_STATE_IDLE);
    g_assert_true (message_contains (window, "“resting” is not running"));
    start = find_button_by_label (GTK_WIDGET (window), "_Start");
    g_assert_nonnull (start);
    g_assert_true (gtk_widget_is_visible (start));
    g_assert_true (gtk_widget_is_sensitive (start));

    domus_test_collect_unnamed (GTK_WIDGET (window), unnamed);
    for (guint i = 0; i < unnamed->len; i++)
        g_test_message ("no accessible name: %s", (char *) g_ptr_array_index (unnamed, i));
    g_assert_cmpuint (unnamed->len, ==, 0);
    /* It opens with no text highlighted. */
    domus_test_collect_selected (GTK_WIDGET (window), selected);
    for (guint i = 0; i < selected->len; i++)
        g_test_message ("selected: %s", (char *) g_ptr_array_index (selected, i));
    g_assert_cmpuint (selected->len, ==, 0);

    gtk_button_clicked (GTK_BUTTON (start));
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (resting) == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "Start to start the guest");
    /* Running now, so the window tries its display: the test driver has no
     * display socket and no port, and the window says libvirt's reason. */
    DOMUS_TEST_WAIT_UNTIL (domus_guest_window_get_console_state (window) ==
                           DOMUS_CONSOLE_STATE_FAILED, TIMEOUT_S,
                           "the console to try the started guest");
    g_assert_false (gtk_widget_is_visible (start));
    /* Said in Domus's words first, libvirt's text below as the detail. */
    lines = g_strsplit (domus_guest_window_get_message (window), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 3);
    g_assert_cmpstr (lines[1], ==, "This host cannot hand over the display.");
    g_assert_nonnull (strstr (lines[2], "virDomainOpenGraphicsFD"));
    detail = domus_test_find_widget (GTK_WIDGET (window), NULL, "status_detail");
    g_assert_nonnull (detail);
    g_assert_true (gtk_widget_is_drawable (detail));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (detail)), ==, lines[2]);
}

static gboolean
serial_says (DomusGuestWindow *window, const char *text)
{
    const char *message = domus_console_get_message (domus_guest_window_get_serial (window));

    return message != NULL && strstr (message, text) != NULL;
}

/* The Serial Console tab is always there: "not running" with Start while
 * the guest is off, the terminal once it runs, or why there is none. */
static void
test_serial_page (Fixture *f, gconstpointer data)
{
    DomusDomain *resting = domus_connection_find_domain_by_name (f->conn, "resting");
    DomusDomain *plain = domus_connection_find_domain_by_name (f->conn, "plain");
    DomusGuestWindow *window = domus_guest_window_present (f->app, f->conn, resting);
    GtkWidget *serial = GTK_WIDGET (domus_guest_window_get_serial (window));
    GtkStack *pages = GTK_STACK (domus_test_find_widget (GTK_WIDGET (window), NULL, "pages"));
    GtkWidget *start;

    g_assert_true (gtk_stack_get_child_by_name (pages, "serial") == serial);
    g_assert_true (gtk_widget_get_visible (serial));
    g_assert_true (serial_says (window, "“resting” is not running"));
    gtk_stack_set_visible_child_name (pages, "serial");
    start = find_button_by_label (serial, "_Start");
    g_assert_nonnull (start);
    g_assert_true (gtk_widget_is_drawable (start));

    /* Its Start starts the guest; the tab stays, and says there is no
     * serial device. */
    gtk_button_clicked (GTK_BUTTON (start));
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (resting) == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "Start on the serial page to start the guest");
    DOMUS_TEST_WAIT_UNTIL (serial_says (window, "no serial or console device"), TIMEOUT_S,
                           "the serial page to say the guest has none");
    g_assert_true (gtk_widget_get_visible (serial));
    g_assert_false (gtk_widget_is_drawable (start));
    g_assert_null (domus_guest_window_get_terminal (window));

    /* A guest with a serial device: its terminal while it runs, "not
     * running" once it is off. */
    window = domus_guest_window_present (f->app, f->conn, plain);
    DOMUS_TEST_WAIT_UNTIL (domus_guest_window_get_terminal (window) != NULL, TIMEOUT_S,
                           "the running guest's serial terminal");
    g_assert_null (domus_console_get_message (domus_guest_window_get_serial (window)));
    g_settings_set_boolean (domus_application_get_settings (f->app), "confirm-force-off",
                            FALSE);
    g_action_group_activate_action (G_ACTION_GROUP (window), "force-off", NULL);
    DOMUS_TEST_WAIT_UNTIL (serial_says (window, "“plain” is not running"), TIMEOUT_S,
                           "the serial page of a guest forced off");
    g_settings_reset (domus_application_get_settings (f->app), "confirm-force-off");
}

static gboolean
enabled (DomusGuestWindow *window, const char *action)
{
    return g_action_group_get_action_enabled (G_ACTION_GROUP (window), action);
}

/* The window's guest actions are the manager's, on its one guest. */
static void
test_guest_actions (Fixture *f, gconstpointer data)
{
    DomusDomain *plain = domus_connection_find_domain_by_name (f->conn, "plain");
    DomusGuestWindow *window = domus_guest_window_present (f->app, f->conn, plain);
    GSettings *settings = domus_application_get_settings (f->app);

    g_settings_set_boolean (settings, "confirm-pause", FALSE);
    g_settings_set_boolean (settings, "confirm-force-off", FALSE);
    g_settings_set_boolean (settings, "confirm-delete", FALSE);

    g_assert_true (enabled (window, "pause"));
    g_assert_true (enabled (window, "force-off"));
    g_assert_false (enabled (window, "start"));
    g_assert_false (enabled (window, "resume"));

    g_action_group_activate_action (G_ACTION_GROUP (window), "pause", NULL);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (plain) == DOMUS_DOMAIN_STATE_PAUSED,
                           TIMEOUT_S, "Pause to pause the window's guest");
    /* The state's event may come before Pause's call returns: the
     * guest's "Pausing…" keeps its actions grey until then. */
    DOMUS_TEST_WAIT_UNTIL (enabled (window, "resume"), TIMEOUT_S, "Resume to be enabled");
    g_assert_false (enabled (window, "pause"));
    g_action_group_activate_action (G_ACTION_GROUP (window), "resume", NULL);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (plain) == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "Resume to resume it");

    g_action_group_activate_action (G_ACTION_GROUP (window), "force-off", NULL);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (plain) == DOMUS_DOMAIN_STATE_SHUTOFF,
                           TIMEOUT_S, "Force Off to stop it");
    DOMUS_TEST_WAIT_UNTIL (message_contains (window, "“plain” is not running"), TIMEOUT_S,
                           "the not-running page");
    DOMUS_TEST_WAIT_UNTIL (enabled (window, "start"), TIMEOUT_S,
                           "Start to be enabled once Force Off's call returns");
    g_assert_true (enabled (window, "delete"));

    /* Deleted, the guest has nothing left to show: its window closes. */
    g_action_group_activate_action (G_ACTION_GROUP (window), "delete", NULL);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_find_domain_by_name (f->conn, "plain") == NULL,
                           TIMEOUT_S, "Delete to remove the guest");
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (DOMUS_TYPE_GUEST_WINDOW) == NULL,
                           TIMEOUT_S, "the deleted guest's window to close");

    g_settings_reset (settings, "confirm-pause");
    g_settings_reset (settings, "confirm-force-off");
    g_settings_reset (settings, "confirm-delete");
}

static void
test_scaling_per_guest (Fixture *f, gconstpointer data)
{
    DomusDomain *resting = domus_connection_find_domain_by_name (f->conn, "resting");
    DomusGuestWindow *window = domus_guest_window_present (f->app, f->conn, resting);
    GSettings *settings = domus_application_get_settings (f->app);
    g_autoptr(GVariant) state = NULL;
    g_autoptr(GVariant) map = NULL;
    const char *mode = NULL;

    state = g_action_group_get_action_state (G_ACTION_GROUP (window), "scaling");
    g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "fit");
    g_action_group_change_action_state (G_ACTION_GROUP (window), "scaling",
                                        g_variant_new_string ("one-to-one"));
    map = g_settings_get_value (settings, "console-scaling-per-guest");
    g_assert_true (g_variant_lookup (map, domus_domain_get_uuid (resting), "&s", &mode));
    g_assert_cmpstr (mode, ==, "one-to-one");
    /* The default for others is unchanged. */
    {
        g_autofree char *fallback = g_settings_get_string (settings, "console-scaling");

        g_assert_cmpstr (fallback, ==, "fit");
    }

    gtk_widget_destroy (GTK_WIDGET (window));
    window = domus_guest_window_present (f->app, f->conn, resting);
    g_clear_pointer (&state, g_variant_unref);
    state = g_action_group_get_action_state (G_ACTION_GROUP (window), "scaling");
    g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "one-to-one");
    g_settings_reset (settings, "console-scaling-per-guest");
}

/* `domus -c URI --console NAME`, through the application's command line:
 * done once NAME's window is open. */
static gboolean
guest_window_open (gpointer name)
{
    return domus_test_find_guest_window (name) != NULL;
}

/* The guest "plain"'s window, shown, with a Ctrl+W delivered to it and
 * nothing run since: the close it asks for is still pending. */
static DomusGuestWindow *
show_plain_and_press_ctrl_w (Fixture *f)
{
    DomusDomain *plain = domus_connection_find_domain_by_name (f->conn, "plain");
    DomusGuestWindow *window = domus_guest_window_present (f->app, f->conn, plain);

    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)), TIMEOUT_S,
                           "the guest window to show");
    domus_test_deliver_key (GTK_WIDGET (window), GDK_KEY_w, GDK_CONTROL_MASK);
    return window;
}

/* Ctrl+W pressed twice in one beat (a key held down): the window closes
 * once, and nothing is left to run on it. */
static void
test_close_twice (Fixture *f, gconstpointer data)
{
    DomusGuestWindow *window = show_plain_and_press_ctrl_w (f);

    domus_test_deliver_key (GTK_WIDGET (window), GDK_KEY_w, GDK_CONTROL_MASK);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (DOMUS_TYPE_GUEST_WINDOW) == NULL,
                           TIMEOUT_S, "Ctrl+W to close the window");
    domus_test_run_pending ();
}

/* The host goes (disconnected, or dropped by keepalive) while the user's
 * Ctrl+W waits to be delivered: the window goes with its guest, once. */
static void
test_close_as_host_goes (Fixture *f, gconstpointer data)
{
    show_plain_and_press_ctrl_w (f);
    domus_connection_disconnect (f->conn);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (DOMUS_TYPE_GUEST_WINDOW) == NULL,
                           TIMEOUT_S, "the window to go with its host");
    domus_test_run_pending ();
}

static void
test_console_option (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("domus-console-option-XXXXXX", &error);
    g_autofree char *path = g_build_filename (dir, "host.xml", NULL);
    g_autofree char *uri = g_strdup_printf ("test://%s", path);
    char *argv[] = { (char *) "domus", (char *) "-c", uri, (char *) "--console",
                     (char *) "spicy", NULL };
    int status;

    g_assert_no_error (error);
    g_file_set_contents (path, host_xml, -1, &error);
    g_assert_no_error (error);

    status = domus_test_run_app_until (G_APPLICATION (the_app), argv, guest_window_open,
                                       (gpointer) "spicy", TIMEOUT_S,
                                       "--console to open the guest's window");
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (domus_test_find_guest_window ("spicy"));

    domus_test_close_guest_windows ();
    g_unlink (path);
    g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
    int ret;

    gtk_test_init (&argc, &argv, NULL);

    the_app = domus_test_app_new ();

    g_test_add ("/guest-window/no-graphics", Fixture, NULL,
                fixture_setup, test_no_graphics, fixture_teardown);
    g_test_add ("/guest-window/spice-only", Fixture, NULL,
                fixture_setup, test_spice_only, fixture_teardown);
    g_test_add ("/guest-window/not-running-then-start", Fixture, NULL,
                fixture_setup, test_not_running_then_start, fixture_teardown);
    g_test_add ("/guest-window/serial-page", Fixture, NULL,
                fixture_setup, test_serial_page, fixture_teardown);
    g_test_add ("/guest-window/guest-actions", Fixture, NULL,
                fixture_setup, test_guest_actions, fixture_teardown);
    g_test_add ("/guest-window/scaling-per-guest", Fixture, NULL,
                fixture_setup, test_scaling_per_guest, fixture_teardown);
    /* Last: it runs the application's main loop once. */
    g_test_add ("/guest-window/close-twice", Fixture, NULL,
                fixture_setup, test_close_twice, fixture_teardown);
    g_test_add ("/guest-window/close-as-host-goes", Fixture, NULL,
                fixture_setup, test_close_as_host_goes, fixture_teardown);
    g_test_add_func ("/guest-window/console-option", test_console_option);
    ret = g_test_run ();
    g_clear_object (&the_app);
    return ret;
}
