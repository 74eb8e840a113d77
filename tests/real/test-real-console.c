/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest window against a real libvirt daemon and QEMU guests under
 * software emulation, in-process under Xvfb: the VNC console connects
 * through libvirt's fd and shows a screen that is not blank, a screenshot
 * matches the framebuffer, the console comes back after Force Off + Start,
 * closing the window leaves no fd open, and the serial page shows what GRUB
 * prints on the serial port and carries keystrokes back to it.
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <gtk-vnc.h>
#include <libvirt/libvirt.h>
#include <vte/vte.h>

#include "domus-application.h"
#include "domus-guest-window.h"
#include "gui/domus-gui-test-util.h"
#include "domus-domain-actions.h"
#include "domus-test-daemon.h"
#include "domus-test-screen.h"
#include "domus-test-util.h"

#define TIMEOUT_S 180

static DomusApplication *the_app;

typedef struct {
    DomusTestDaemon *daemon;
    DomusConnection *conn;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    /* The daemon listens on TCP too. DATA "tcp": the host over
     * qemu+tcp://127.0.0.1, a remote host as far as the console can tell;
     * "no-host": the daemon only. */
    f->daemon = domus_test_daemon_shared (TRUE);
    if (f->daemon == NULL)
        return;
    if (g_strcmp0 (data, "no-host") == 0)   /* the test connects it itself */
        return;
    f->conn = g_object_ref (domus_application_add_connection (
        the_app, data != NULL ? domus_test_daemon_get_tcp_uri (f->daemon)
                              : domus_test_daemon_get_qemu_uri (f->daemon), "Test Daemon"));
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (f->conn) ==
                           DOMUS_CONNECTION_STATE_CONNECTED, TIMEOUT_S,
                           "the test daemon to be connected");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    domus_test_close_guest_windows ();
    if (f->conn != NULL)
        domus_application_remove_connection (the_app, f->conn);
    g_clear_object (&f->conn);
    if (f->daemon != NULL)
        domus_test_daemon_remove_guests (f->daemon);
}

/* The sockets this process has open, by what /proc names them
 * ("socket:[INODE]"): unique while open, so a reused fd number is no
 * confusion. */
static GHashTable *
open_sockets (void)
{
    g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
    GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    const char *name;

    g_assert_nonnull (dir);
    while ((name = g_dir_read_name (dir)) != NULL) {
        g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);
        char *target = g_file_read_link (path, NULL);

        if (target != NULL && g_str_has_prefix (target, "socket:"))
            g_hash_table_add (set, target);
        else
            g_free (target);
    }
    return set;
}

/* New sockets in AFTER that BEFORE did not have. */
static GPtrArray *
new_sockets (GHashTable *before, GHashTable *after)
{
    GPtrArray *added = g_ptr_array_new_with_free_func (g_free);
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, after);
    while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_hash_table_contains (before, key))
            g_ptr_array_add (added, g_strdup (key));
    return added;
}

/* How many of @sockets are still open. */
static guint
n_still_open (GPtrArray *sockets)
{
    g_autoptr(GHashTable) now = open_sockets ();
    guint n = 0;

    for (guint i = 0; i < sockets->len; i++)
        n += g_hash_table_contains (now, g_ptr_array_index (sockets, i));
    return n;
}

typedef struct {
    gboolean done;
    GError *error;
} ActionResult;

static void
action_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    ActionResult *r = user_data;

    domus_domain_action_finish (DOMUS_CONNECTION (source), result, &r->error);
    r->done = TRUE;
}

static void
run_action (DomusConnection *conn, DomusDomain *domain, DomusDomainAction action)
{
    ActionResult r = { 0 };

    domus_domain_action_async (conn, domain, action, NULL, action_done_cb, &r);
    DOMUS_TEST_WAIT_UNTIL (r.done, TIMEOUT_S, "a guest action to finish");
    g_assert_no_error (r.error);
}

static void
test_vnc_console (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *name = NULL;
    g_autofree char *shot = NULL;
    g_autoptr(GdkPixbuf) saved = NULL;
    DomusGuestWindow *window;
    DomusDomain *domain;
    VncDisplay *display;
    double variance = 0;
    g_autoptr(GHashTable) sockets_before = NULL;
    g_autoptr(GHashTable) sockets_after = NULL;
    g_autoptr(GPtrArray) console_sockets = NULL;

    if (f->daemon == NULL)
        return;
    name = domus_test_daemon_define_tiny_guest (f->daemon, "domus-console", TRUE, &error);
    g_assert_no_error (error);
    DOMUS_TEST_WAIT_UNTIL ((domain = domus_connection_find_domain_by_name (f->conn,
                                                                           name)) != NULL &&
                           domus_domain_get_state (domain) == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "the guest to be listed as running");

    sockets_before = open_sockets ();
    window = domus_guest_window_present (the_app, f->conn, domain);
    display = VNC_DISPLAY (domus_guest_window_get_display (window));
    DOMUS_TEST_WAIT_UNTIL (domus_guest_window_get_console_state (window) ==
                           DOMUS_CONSOLE_STATE_CONNECTED, TIMEOUT_S,
                           "the VNC console to connect");
    g_assert_true (vnc_display_is_open (display));
    g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), name));
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "send-key"));
    DOMUS_TEST_WAIT_UNTIL (screen_not_blank (window, &variance), TIMEOUT_S,
                           "the guest's screen to show something");
    g_test_message ("screen luma variance %.1f", variance);

    /* Ctrl+W while the screen has the focus is the guest's, not Close. */
    g_assert_true (gtk_widget_is_focus (GTK_WIDGET (display)));
    domus_test_send_key (GTK_WIDGET (window), GDK_KEY_w, GDK_CONTROL_MASK);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
    g_assert_true (domus_test_find_toplevel (DOMUS_TYPE_GUEST_WINDOW) == GTK_WINDOW (window));
    /* Shift+F12 is Domus's: out of the screen, to the window's controls. */
    domus_test_send_key (GTK_WIDGET (window), GDK_KEY_F12, GDK_SHIFT_MASK);
    g_assert_false (gtk_widget_is_focus (GTK_WIDGET (display)));
    g_assert_true (GTK_IS_MENU_BUTTON (gtk_window_get_focus (GTK_WINDOW (window))));
    gtk_widget_grab_focus (GTK_WIDGET (display));

    /* The firmware clears the screen between its steps (SeaBIOS, then
     * iPXE), which a loaded machine can stretch to the keys above: save
     * a screen that shows something, with no main-loop turn between the
     * look and the save (gtk-vnc updates the screen on the main loop). */
    DOMUS_TEST_WAIT_UNTIL (screen_not_blank (window, &variance), TIMEOUT_S,
                           "the guest's screen to show something again");
    shot = g_build_filename (domus_test_daemon_get_dir (f->daemon), "shot.png", NULL);
    g_assert_true (domus_guest_window_save_screenshot (window, shot, &error));
    g_assert_no_error (error);
    saved = gdk_pixbuf_new_from_file (shot, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gdk_pixbuf_get_width (saved), ==, vnc_display_get_width (display));
    g_assert_cmpint (gdk_pixbuf_get_height (saved), ==, vnc_display_get_height (display));
    g_assert_cmpfloat (luma_variance (saved), >, VARIANCE_FLOOR);

    /* Force Off: the not-running page; Start: the console by itself. */
    run_action (f->conn, domain, DOMUS_DOMAIN_ACTION_FORCE_OFF);
    DOMUS_TEST_WAIT_UNTIL (domus_guest_window_get_console_state (window) ==
                           DOMUS_CONSOLE_STATE_IDLE, TIMEOUT_S,
                           "the console to close with the guest");
    g_assert_nonnull (strstr (domus_guest_window_get_message (window), "is not running"));
    g_assert_false (vnc_display_is_open (display));
    run_action (f->conn, domain, DOMUS_DOMAIN_ACTION_START);
    DOMUS_TEST_WAIT_UNTIL (domus_guest_window_get_console_state (window) ==
                           DOMUS_CONSOLE_STATE_CONNECTED, TIMEOUT_S,
                           "the console to reconnect after Start");
    DOMUS_TEST_WAIT_UNTIL (screen_not_blank (window, &variance), TIMEOUT_S,
                           "the restarted guest's screen to show something");

    /* Closing the window closes the VNC socket: no fd left. The sockets
     * opened since the window came are the console's. */
    sockets_after = open_sockets ();
    console_sockets = new_sockets (sockets_before, sockets_after);
    g_test_message ("%u socket(s) opened by the console", console_sockets->len);
    g_assert_cmpuint (console_sockets->len, >=, 1);
    gtk_widget_destroy (GTK_WIDGET (window));
    DOMUS_TEST_WAIT_UNTIL (n_still_open (console_sockets) == 0, TIMEOUT_S,
                           "the console's sockets to be closed");
}

static char *
terminal_text_of (GtkWidget *terminal)
{
    glong column, row;

    if (terminal == NULL)
        return g_strdup ("");
    /* The scrollback too, from its first row to below the cursor: GRUB
     * clears the screen after its marker, and VTE keeps what a clear
     * pushed up. (The scroll adjustment may lag behind the text.) */
    vte_terminal_get_cursor_position (VTE_TERMINAL (terminal), &column, &row);
    return vte_terminal_get_text_range (VTE_TERMINAL (terminal), 0, 0,
                                        row + vte_terminal_get_row_count (VTE_TERMINAL (terminal)),
                                        vte_terminal_get_column_count (VTE_TERMINAL (terminal)),
                                        NULL, NULL, NULL);
}

static char *
terminal_text (DomusGuestWindow *window)
{
    return terminal_text_of (domus_guest_window_get_terminal (window));
}

static gboolean
terminal_shows (DomusGuestWindow *window, const char *text)
{
    g_autofree char *shown = terminal_text (window);

    return shown != NULL && strstr (shown, text) != NULL;
}

/* Runs after the window's own handler, which feeds the same bytes to
 * the terminal. */
static void
serial_received_cb (DomusSerialConsole *serial, GBytes *bytes, GString *seen)
{
    gsize len;
    const char *data = g_bytes_get_data (bytes, &len);

    g_string_append_len (seen, data, (gssize) len);
}

static gboolean
press_enter_cb (gpointer terminal)
{
    vte_terminal_feed_child (VTE_TERMINAL (terminal), "\r", 1);
    return G_SOURCE_CONTINUE;
}

static void
test_serial_console (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *iso = NULL;
    g_autofree char *name = NULL;
    virConnectPtr conn;
    virDomainPtr dom;
    DomusGuestWindow *window;
    DomusDomain *domain;
    guint enter_id;
    g_autoptr(GString) seen = g_string_new (NULL);

    if (f->daemon == NULL)
        return;
    iso = domus_test_make_grub_iso (domus_test_daemon_get_dir (f->daemon), TRUE, &error);
    g_assert_no_error (error);
    name = domus_test_daemon_define_iso_guest (f->daemon, "domus-serial", iso, FALSE, &error);
    g_assert_no_error (error);

    /* Started paused, so that nothing GRUB prints is missed before the
     * window has the console open (QEMU drops what nobody reads). */
    conn = virConnectOpen (domus_test_daemon_get_qemu_uri (f->daemon));
    g_assert_nonnull (conn);
    dom = virDomainLookupByName (conn, name);
    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainCreateWithFlags (dom, VIR_DOMAIN_START_PAUSED), ==, 0);
    DOMUS_TEST_WAIT_UNTIL ((domain = domus_connection_find_domain_by_name (f->conn,
                                                                           name)) != NULL &&
                           domus_domain_get_state (domain) == DOMUS_DOMAIN_STATE_PAUSED,
                           TIMEOUT_S, "the guest to be listed as paused");

    window = domus_guest_window_present (the_app, f->conn, domain);
    DOMUS_TEST_WAIT_UNTIL (domus_guest_window_get_serial_open (window), TIMEOUT_S,
                           "the serial console to open");
    /* GRUB erases its screen (ESC[H ESC[J) once its menu is up, which
     * VTE may process together with the marker, leaving nothing to see:
     * the marker is looked for in the bytes fed to the terminal, the menu
     * (which stays) in the terminal itself. */
    g_signal_connect_after (domus_guest_window_get_serial_console (window), "received",
                            G_CALLBACK (serial_received_cb), seen);
    /* The serial page, as the admin would look at it. */
    gtk_stack_set_visible_child_name (
        GTK_STACK (domus_test_find_widget (GTK_WIDGET (window), NULL, "pages")), "serial");
    g_assert_cmpint (virDomainResume (dom), ==, 0);
    DOMUS_TEST_WAIT_UNTIL (strstr (seen->str, DOMUS_TEST_SERIAL_MARKER) != NULL, TIMEOUT_S,
                           "GRUB's marker fed to the serial terminal");
    g_signal_handlers_disconnect_by_func (domus_guest_window_get_serial_console (window),
                                          serial_received_cb, seen);

    /* Keystrokes go back: Enter chooses GRUB's menu entry. */
    DOMUS_TEST_WAIT_UNTIL (terminal_shows (window, DOMUS_TEST_MENU_ENTRY), TIMEOUT_S,
                           "GRUB's menu in the serial terminal");
    /* GRUB may still be drawing its menu: press Enter again each second
     * until the entry runs, as a user would. */
    enter_id = g_timeout_add_seconds (1, press_enter_cb,
                                      domus_guest_window_get_terminal (window));
    press_enter_cb (domus_guest_window_get_terminal (window));
    DOMUS_TEST_WAIT_UNTIL (terminal_shows (window, DOMUS_TEST_ENTRY_MARKER), TIMEOUT_S,
                           "the chosen entry's marker in the serial terminal");
    g_source_remove (enter_id);

    virDomainFree (dom);
    virConnectClose (conn);
}

/* The port of the running guest NAME's VNC display, from libvirt. */
static int
vnc_port (Fixture *f, const char *name)
{
    virConnectPtr conn = virConnectOpen (domus_test_daemon_get_qemu_uri (f->daemon));
    virDomainPtr dom = conn != NULL ? virDomainLookupByName (conn, name) : NULL;
    g_autofree char *xml = dom != NULL ? virDomainGetXMLDesc (dom, 0) : NULL;
    const char *at = xml != NULL ? strstr (xml, "<graphics type='vnc' port='") : NULL;
    int port;

    g_assert_nonnull (at);
    port = (int) g_ascii_strtoll (at + strlen ("<graphics type='vnc' port='"), NULL, 10);
    virDomainFree (dom);
    virConnectClose (conn);
    return port;
}

/* Whether one of SOCKETS ("socket:[INODE]") is a TCP connection to
 * 127.0.0.1:PORT, as /proc/net/tcp lists them. */
static gboolean
has_tcp_connection_to (GPtrArray *sockets, int port)
{
    g_autofree char *table = NULL;
    g_auto(GStrv) lines = NULL;
    g_autofree char *remote = g_strdup_printf ("0100007F:%04X", (unsigned) port);

    g_assert_true (g_file_get_contents ("/proc/self/net/tcp", &table, NULL, NULL));
    lines = g_strsplit (table, "\n", -1);
    for (guint i = 1; lines[i] != NULL; i++) {
        g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
        g_autoptr(GPtrArray) words = g_ptr_array_new ();

        for (guint j = 0; fields[j] != NULL; j++)
            if (*fields[j] != '\0')
                g_ptr_array_add (words, fields[j]);
        /* sl local rem st tx:rx tr:when retrnsmt uid timeout inode */
        if (words->len < 10 || !g_str_equal (g_ptr_array_index (words, 2), remote))
            continue;
        for (guint k = 0; k < sockets->len; k++) {
            g_autofree char *inode = g_strdup_printf ("socket:[%s]",
                                                      (char *) g_ptr_array_index (words, 9));

            if (g_str_equal (g_ptr_array_index (sockets, k), inode))
                return TRUE;
        }
    }
    return FALSE;
}

/* A host reached over TCP: the window connects to the display's address
 * and port itself (no fd passing there), and closes that socket. */
static void
test_direct_console (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *name = NULL;
    g_autoptr(GHashTable) before = NULL;
    g_autoptr(GHashTable) after = NULL;
    g_autoptr(GPtrArray) console_sockets = NULL;
    DomusGuestWindow *window;
    DomusDomain *domain;
    double variance = 0;

    if (f->daemon == NULL)
        return;
    name = domus_test_daemon_define_tiny_guest (f->daemon, "domus-tcp-console", TRUE, &error);
    g_assert_no_error (error);
    DOMUS_TEST_WAIT_UNTIL ((domain = domus_connection_find_domain_by_name (f->conn,
                                                                           name)) != NULL &&
                           domus_domain_get_state (domain) == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "the guest to be listed as running");
    before = open_sockets ();
    window = domus_guest_window_present (the_app, f->conn, domain);
    DOMUS_TEST_WAIT_UNTIL (screen_not_blank (window, &variance), TIMEOUT_S,
                           "the guest's screen over a direct connection");
    g_test_message ("screen luma variance over TCP %.1f", variance);
    after = open_sockets ();
    console_sockets = new_sockets (before, after);
    g_assert_true (has_tcp_connection_to (console_sockets, vnc_port (f, name)));

    gtk_widget_destroy (GTK_WIDGET (window));
    DOMUS_TEST_WAIT_UNTIL (n_still_open (console_sockets) == 0, TIMEOUT_S,
                           "the console's socket to be closed");
}

typedef struct {
    const char *name;
    double variance;
} ConsoleOption;

/* Done once --console's window shows the guest's screen. */
static gboolean
guest_screen_shown (gpointer user_data)
{
    ConsoleOption *o = user_data;
    DomusGuestWindow *window = domus_test_find_guest_window (o->name);

    return window != NULL && screen_not_blank (window, &o->variance);
}

/* `domus -c URI --console NAME` on the real guest, through the
 * application's command-line handler and main loop, as the program runs
 * it (the running-instance hand-over is test-app-atspi's). */
static void
test_console_option (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *name = NULL;
    ConsoleOption o = { NULL, 0 };
    int status;

    if (f->daemon == NULL)
        return;
    name = domus_test_daemon_define_tiny_guest (f->daemon, "domus-console-option", TRUE,
                                                &error);
    g_assert_no_error (error);
    o.name = name;
    {
        char *argv[] = { (char *) "domus", (char *) "-c",
                         (char *) domus_test_daemon_get_qemu_uri (f->daemon),
                         (char *) "--console", name, NULL };

        status = domus_test_run_app_until (G_APPLICATION (the_app), argv, guest_screen_shown,
                                           &o, TIMEOUT_S,
                                           "--console to show the guest's screen");
    }
    g_assert_cmpint (status, ==, 0);
    g_test_message ("--console: screen luma variance %.1f", o.variance);
    g_assert_cmpfloat (o.variance, >, VARIANCE_FLOOR);
    /* The host -c connected, for the teardown to remove. */
    f->conn = g_list_model_get_item (domus_application_get_connections (the_app), 0);
}

int
main (int argc, char *argv[])
{
    int ret;

    signal (SIGPIPE, SIG_IGN);
    gtk_test_init (&argc, &argv, NULL);
    the_app = domus_test_app_new ();

    g_test_add ("/real/console/vnc", Fixture, NULL,
                fixture_setup, test_vnc_console, fixture_teardown);
    g_test_add ("/real/console/serial", Fixture, NULL,
                fixture_setup, test_serial_console, fixture_teardown);
    g_test_add ("/real/console/direct-over-tcp", Fixture, "tcp",
                fixture_setup, test_direct_console, fixture_teardown);
    /* Last: it runs the application's main loop once. */
    g_test_add ("/real/console/console-option", Fixture, "no-host",
                fixture_setup, test_console_option, fixture_teardown);
    ret = g_test_run ();
    domus_test_daemon_stop_shared ();
    g_clear_object (&the_app);
    return ret;
}
