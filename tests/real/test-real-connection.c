/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusConnection against a real libvirt daemon that the test starts itself:
 * a QEMU guest under software emulation is listed with its state and follows
 * lifecycle events; a test-driver host served over RPC lists the demo
 * guests; a frozen daemon shows "not responding" while the main loop keeps
 * answering, guest windows of its hosts and serial consoles of its guests
 * opening and closing included; a daemon that dies shows "disconnected"
 * with the reason. In-process GTK under Xvfb (run-in-session.sh) for the
 * windows.
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <gtk/gtk.h>

#include "domus-application.h"
#include "domus-auth-request.h"
#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt.h"
#include "domus-libvirt-private.h"
#include "domus-manager-window.h"
#include "domus-serial-console.h"
#include "domus-test-daemon.h"
#include "domus-test-domains.h"
#include "domus-test-util.h"
#include "gui/domus-gui-test-util.h"

#define TIMEOUT_S 120

static DomusApplication *the_app;

static DomusDomainState
state_of (DomusConnection *conn, const char *name)
{
    DomusDomain *domain = domus_test_find_domain (conn, name);

    return domain != NULL ? domus_domain_get_state (domain) : DOMUS_DOMAIN_STATE_NOSTATE;
}

typedef struct {
    const char *name;
    gboolean start;
    gboolean done;
    GError *error;
} LifecycleOp;

static void
lifecycle_job (GTask *task, virConnectPtr conn, gpointer task_data,
               GCancellable *cancellable)
{
    LifecycleOp *op = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByName (conn, op->name);
    GError *error = NULL;

    if (dom == NULL || (op->start ? virDomainCreate (dom) : virDomainDestroy (dom)) < 0) {
        domus_set_error_from_libvirt (&error, op->start ? "start" : "destroy");
        g_task_return_error (task, error);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

static void
lifecycle_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    LifecycleOp *op = user_data;

    g_task_propagate_boolean (G_TASK (result), &op->error);
    op->done = TRUE;
}

static void
run_lifecycle (DomusConnection *conn, const char *name, gboolean start)
{
    LifecycleOp op = { name, start, FALSE, NULL };

    domus_connection_run_job (conn, lifecycle_job, &op, NULL, NULL, lifecycle_done_cb, &op);
    DOMUS_TEST_WAIT_UNTIL (op.done, TIMEOUT_S, "the lifecycle job");
    g_assert_no_error (op.error);
}

static void
test_qemu_guest_listed_and_followed (DomusTestDaemonFixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *name = NULL;
    g_autoptr(DomusConnection) conn = NULL;

    if (f->daemon == NULL)
        return;
    name = domus_test_daemon_define_tiny_guest (f->daemon, "domus-conn", TRUE, &error);
    g_assert_no_error (error);

    conn = domus_connection_new (domus_test_daemon_get_qemu_uri (f->daemon));
    domus_connection_connect (conn);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) != DOMUS_CONNECTION_STATE_CONNECTING,
                           TIMEOUT_S, "the connection to the private daemon");
    g_assert_cmpstr (domus_connection_get_error_message (conn), ==, NULL);
    g_assert_cmpint (domus_connection_get_state (conn), ==, DOMUS_CONNECTION_STATE_CONNECTED);
    g_assert_nonnull (domus_test_find_domain (conn, name));
    g_assert_cmpint (state_of (conn, name), ==, DOMUS_DOMAIN_STATE_RUNNING);

    /* Force off and start again: the list follows through events only. */
    run_lifecycle (conn, name, FALSE);
    DOMUS_TEST_WAIT_UNTIL (state_of (conn, name) == DOMUS_DOMAIN_STATE_SHUTOFF, TIMEOUT_S,
                           "the QEMU guest to be shown shut off");
    run_lifecycle (conn, name, TRUE);
    DOMUS_TEST_WAIT_UNTIL (state_of (conn, name) == DOMUS_DOMAIN_STATE_RUNNING, TIMEOUT_S,
                           "the QEMU guest to be shown running again");
}

static void
test_test_driver_over_rpc (DomusTestDaemonFixture *f, gconstpointer data)
{
    g_autofree char *uri = NULL;
    g_autoptr(DomusConnection) conn = NULL;

    if (f->daemon == NULL)
        return;
    uri = domus_test_daemon_get_test_uri (f->daemon, DOMUS_SOURCE_DATADIR "/demo/demo-host.xml");
    conn = domus_connection_new (uri);
    domus_connection_connect (conn);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) != DOMUS_CONNECTION_STATE_CONNECTING,
                           TIMEOUT_S, "the RPC connection");
    g_assert_cmpstr (domus_connection_get_error_message (conn), ==, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (domus_connection_get_domains (conn)), >=, 15);
    g_assert_cmpint (state_of (conn, "web01"), ==, DOMUS_DOMAIN_STATE_RUNNING);
}

static void
test_daemon_death_disconnects (DomusTestDaemonFixture *f, gconstpointer data)
{
    g_autoptr(DomusConnection) conn = NULL;
    const char *why;

    if (f->daemon == NULL)
        return;
    conn = domus_test_connect (domus_test_daemon_get_qemu_uri (f->daemon));

    g_assert_cmpint (kill (domus_test_daemon_get_pid (f->daemon), SIGKILL), ==, 0);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) ==
                           DOMUS_CONNECTION_STATE_DISCONNECTED, TIMEOUT_S,
                           "the dead daemon to show as disconnected");
    why = domus_connection_get_error_message (conn);
    g_assert_nonnull (why);
    g_test_message ("reason: %s", why);
    /* A clean end of stream, or a reset when the dead daemon had unread
     * data: which one the kernel gives is a race. Either is a reason. */
    g_assert_true (g_str_equal (why, "The host closed the connection.") ||
                   g_str_equal (why, "The connection failed with a network error."));
    g_assert_cmpuint (g_list_model_get_n_items (domus_connection_get_domains (conn)), ==, 0);

    /* The daemon comes back: the host reconnects by itself. */
    {
        g_autoptr(GError) error = NULL;

        g_assert_true (domus_test_daemon_restart (f->daemon, &error));
        g_assert_no_error (error);
    }
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_CONNECTED,
                           TIMEOUT_S, "the automatic reconnection to the restarted daemon");
}

typedef struct {
    gint64 last;
    gint64 worst;
    guint beats;
} Heartbeat;

static gboolean
heartbeat_cb (gpointer data)
{
    Heartbeat *hb = data;
    gint64 now = g_get_monotonic_time ();

    if (hb->last != 0)
        hb->worst = MAX (hb->worst, now - hb->last);
    hb->last = now;
    hb->beats++;
    return G_SOURCE_CONTINUE;
}

/* A test-driver host of N guests, guest-000 … , written in the daemon's
 * directory and served by it over RPC. */
static char *
big_host_uri (DomusTestDaemon *daemon, guint n)
{
    g_autofree char *path = g_build_filename (domus_test_daemon_get_dir (daemon),
                                              "big-host.xml", NULL);
    g_autoptr(GString) xml = g_string_new ("<node>\n");

    for (guint i = 0; i < n; i++)
        g_string_append_printf (xml,
            "<domain type='test'><name>guest-%03u</name><memory>65536</memory>"
            "<os><type>hvm</type></os>"
            "<devices><graphics type='vnc' port='-1' autoport='yes'/>"
            "<serial type='pty'/></devices></domain>\n", i);
    g_string_append (xml, "</node>\n");
    g_assert_true (g_file_set_contents (path, xml->str, -1, NULL));
    return domus_test_daemon_get_test_uri (daemon, path);
}

/* The longest a row's activation held its caller. A wait nested inside
 * it (a main loop run until the host answers) would keep the heartbeat
 * beating and show only here: the click, or an AT-SPI "activate", would
 * get no answer until it ended. */
static gint64 worst_activation;

/* Double-clicks the row of the guest NAME, as a user would. */
static void
activate_guest_row (DomusManagerWindow *window, const char *name)
{
    const char *const names[] = { name, NULL };
    GtkTreeView *view = domus_manager_window_get_tree_view (window);
    gint64 start;
    GList *rows;

    domus_test_select_guests (window, names);
    rows = gtk_tree_selection_get_selected_rows (gtk_tree_view_get_selection (view), NULL);
    g_assert_cmpuint (g_list_length (rows), ==, 1);
    start = g_get_monotonic_time ();
    gtk_tree_view_row_activated (view, rows->data, gtk_tree_view_get_column (view, 0));
    worst_activation = MAX (worst_activation, g_get_monotonic_time () - start);
    g_list_free_full (rows, (GDestroyNotify) gtk_tree_path_free);
}

/* Opens the next guest's window of a frozen host every two seconds, up to
 * the moment keepalive drops the host (its rows go with it), and closes
 * the one it opened before: a dozen windows torn down at once by the drop
 * would measure GTK rather than a wait on the host. */
typedef struct {
    DomusManagerWindow *window;
    DomusConnection *conn;
    guint next;
    guint opened;
    gboolean dropped;
} Opener;

static gboolean
open_next_guest_cb (gpointer data)
{
    Opener *o = data;
    g_autofree char *name = g_strdup_printf ("guest-%03u", o->next);
    g_autofree char *previous = g_strdup_printf ("guest-%03u", o->next - 1);
    DomusGuestWindow *window;

    o->dropped = o->dropped ||
        domus_connection_get_state (o->conn) != DOMUS_CONNECTION_STATE_NOT_RESPONDING;
    if (o->dropped || domus_connection_find_domain_by_name (o->conn, name) == NULL)
        return G_SOURCE_CONTINUE;
    if (o->opened > 0 && (window = domus_test_find_guest_window (previous)) != NULL)
        gtk_window_close (GTK_WINDOW (window));
    activate_guest_row (o->window, name);
    o->next++;
    o->opened++;
    return G_SOURCE_CONTINUE;
}

/* A frozen daemon serving a QEMU host and a 200-guest host: both show "not
 * responding" while the main loop keeps beating and another host keeps
 * polling; guest windows opened on the frozen host, one every two seconds
 * up to the moment keepalive drops it, and those that were open, never
 * stall the main loop nor hold the activation, up to and after keepalive
 * dropping the hosts; thawed, they connect again by themselves. */
static void
test_frozen_daemon_not_responding (DomusTestDaemonFixture *f, gconstpointer data)
{
    g_autoptr(DomusConnection) other = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *big_uri = NULL;
    g_autofree char *qemu_guest = NULL;
    DomusConnection *real, *big;
    DomusGuestWindow *qemu_window;
    DomusManagerWindow *window;
    Heartbeat hb = { 0 };
    Opener opener = { 0 };
    guint beat_id, open_id, other_ticks;
    gint64 worst_frozen;
    GPid pid;

    if (f->daemon == NULL)
        return;
    pid = domus_test_daemon_get_pid (f->daemon);
    qemu_guest = domus_test_daemon_define_tiny_guest (f->daemon, "domus-frozen", TRUE, &error);
    g_assert_no_error (error);
    big_uri = big_host_uri (f->daemon, 200);
    g_settings_set_uint (domus_application_get_settings (the_app), "poll-interval", 1);
    real = domus_application_add_connection (the_app,
                                             domus_test_daemon_get_qemu_uri (f->daemon), "Real");
    big = domus_application_add_connection (the_app, big_uri, "Big");
    other = domus_connection_new ("test:///default");
    domus_poller_set_interval (domus_connection_get_poller (other), 1);
    domus_connection_connect (other);
    window = domus_manager_window_new (the_app);
    gtk_widget_show (GTK_WIDGET (window));
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (real) == DOMUS_CONNECTION_STATE_CONNECTED &&
                           domus_connection_get_state (big) == DOMUS_CONNECTION_STATE_CONNECTED &&
                           domus_connection_get_state (other) == DOMUS_CONNECTION_STATE_CONNECTED &&
                           domus_poller_get_n_ticks (domus_connection_get_poller (real)) >= 2,
                           TIMEOUT_S, "the hosts connected and polled");
    g_assert_cmpuint (g_list_model_get_n_items (domus_connection_get_domains (big)), ==, 200);

    /* Guest windows open before the freeze: one of the big host, and the
     * QEMU guest's with its screen and serial console. */
    activate_guest_row (window, "guest-000");
    activate_guest_row (window, qemu_guest);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_guest_window ("guest-000") != NULL &&
                           (qemu_window = domus_test_find_guest_window (qemu_guest)) != NULL &&
                           domus_guest_window_get_console_state (qemu_window) ==
                           DOMUS_CONSOLE_STATE_CONNECTED &&
                           domus_guest_window_get_serial_open (qemu_window), TIMEOUT_S,
                           "the guest windows open before the freeze");

    beat_id = g_timeout_add (20, heartbeat_cb, &hb);
    worst_activation = 0;
    g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);
    other_ticks = domus_poller_get_n_ticks (domus_connection_get_poller (other));

    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (real) ==
                           DOMUS_CONNECTION_STATE_NOT_RESPONDING &&
                           domus_connection_get_state (big) ==
                           DOMUS_CONNECTION_STATE_NOT_RESPONDING, TIMEOUT_S,
                           "the frozen hosts to show as not responding");
    /* The other host went on being polled meanwhile. */
    DOMUS_TEST_WAIT_UNTIL (domus_poller_get_n_ticks (domus_connection_get_poller (other)) >=
                           other_ticks + 3, TIMEOUT_S, "the other host's polls");
    g_assert_cmpint (domus_connection_get_state (other), ==, DOMUS_CONNECTION_STATE_CONNECTED);
    worst_frozen = hb.worst;

    /* A guest of the frozen host opened as a user would: its window comes
     * at once, and waits for the host without holding the main loop. */
    activate_guest_row (window, "guest-001");
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_guest_window ("guest-001") != NULL, TIMEOUT_S,
                           "the guest window of the frozen host");
    /* The QEMU guest's window closed, and opened again, while frozen: its
     * serial console ends and starts without waiting on the host. */
    gtk_window_close (GTK_WINDOW (qemu_window));
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_guest_window (qemu_guest) == NULL, TIMEOUT_S,
                           "the QEMU guest's window to close");
    activate_guest_row (window, qemu_guest);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_guest_window (qemu_guest) != NULL, TIMEOUT_S,
                           "the QEMU guest's window again");

    /* Keepalive gives up on the frozen daemon: both hosts are dropped, and
     * their guests' windows close, those opened up to the drop too. */
    opener.window = window;
    opener.conn = big;
    opener.next = 2;
    open_id = g_timeout_add (2000, open_next_guest_cb, &opener);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (real) !=
                           DOMUS_CONNECTION_STATE_NOT_RESPONDING &&
                           domus_connection_get_state (big) !=
                           DOMUS_CONNECTION_STATE_NOT_RESPONDING, TIMEOUT_S,
                           "keepalive to drop the frozen hosts");
    g_source_remove (open_id);
    g_test_message ("dropped: %s; %u guest windows opened while keepalive waited",
                    domus_connection_get_error_message (big), opener.opened);
    g_assert_cmpuint (opener.opened, >=, 1);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (DOMUS_TYPE_GUEST_WINDOW) == NULL, TIMEOUT_S,
                           "the dropped hosts' guest windows to close");

    g_assert_cmpint (kill (pid, SIGCONT), ==, 0);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (real) == DOMUS_CONNECTION_STATE_CONNECTED &&
                           domus_connection_get_state (big) == DOMUS_CONNECTION_STATE_CONNECTED,
                           TIMEOUT_S, "the thawed hosts to be connected again");
    g_source_remove (beat_id);

    g_test_message ("main loop: %u beats, worst gap %.1f ms while the hosts were frozen, "
                    "%.1f ms in all (guest windows opening and closing); the longest "
                    "activation %.1f ms", hb.beats, worst_frozen / 1000.0, hb.worst / 1000.0,
                    worst_activation / 1000.0);
    /* Nothing waits on the frozen host: a wait would last until keepalive
     * gives up (15 s and more). Five seconds leave room for building and
     * drawing a guest window under ASan on a loaded 2-core machine (an
     * activation alone took 2.9 s there at a load of 13, and a beat 3.5 s
     * went missing), and stay far below such a wait. */
    g_assert_cmpint (hb.worst, <, 5 * G_USEC_PER_SEC);
    g_assert_cmpint (worst_activation, <, 5 * G_USEC_PER_SEC);

    gtk_widget_destroy (GTK_WIDGET (window));
    domus_application_remove_connection (the_app, real);
    domus_application_remove_connection (the_app, big);
    g_settings_reset (domus_application_get_settings (the_app), "poll-interval");
}

typedef struct {
    DomusSerialConsole *console;
    gboolean opened;
    gboolean closed;
    GString *seen;
} SerialWatch;

static void
serial_opened_cb (DomusSerialConsole *console, gpointer data)
{
    ((SerialWatch *) data)->opened = TRUE;
}

static void
serial_received_cb (DomusSerialConsole *console, GBytes *bytes, gpointer data)
{
    SerialWatch *watch = data;
    gsize len;
    const char *text = g_bytes_get_data (bytes, &len);

    g_string_append_len (watch->seen, text, (gssize) len);
}

static void
serial_closed_cb (DomusSerialConsole *console, const char *reason, gpointer data)
{
    SerialWatch *watch = data;

    watch->closed = TRUE;
    g_test_message ("serial console closed: %s", reason != NULL ? reason : "(by the guest)");
}

static void
serial_watch_open (SerialWatch *watch, DomusConnection *conn, const char *name)
{
    DomusDomain *domain = domus_test_find_domain (conn, name);

    g_assert_nonnull (domain);
    watch->seen = g_string_new (NULL);
    watch->console = domus_serial_console_new (conn, domus_domain_get_uuid (domain));
    g_signal_connect (watch->console, "opened", G_CALLBACK (serial_opened_cb), watch);
    g_signal_connect (watch->console, "received", G_CALLBACK (serial_received_cb), watch);
    g_signal_connect (watch->console, "closed", G_CALLBACK (serial_closed_cb), watch);
    domus_serial_console_open (watch->console);
}

static void
serial_watch_clear (SerialWatch *watch)
{
    g_signal_handlers_disconnect_by_data (watch->console, watch);
    g_clear_object (&watch->console);
    g_string_free (watch->seen, TRUE);
}

/* Two guests printing on their serial consoles, both open, when their
 * daemon freezes: one console closed (its end waits on the host), the
 * other typed into, closed and the first opened again, all while frozen,
 * never stall the main loop, up to and after keepalive dropping the host. */
static void
test_frozen_daemon_serial_consoles (DomusTestDaemonFixture *f, gconstpointer data)
{
    g_autoptr(DomusConnection) conn = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *iso = NULL;
    char *names[2] = { NULL, NULL };   /* g_autofree would free only the first */
    SerialWatch watch[2] = { { 0 } };
    Heartbeat hb = { 0 };
    gsize seen_before;
    guint beat_id;
    GPid pid;

    if (f->daemon == NULL)
        return;
    iso = domus_test_make_ticking_grub_iso (domus_test_daemon_get_dir (f->daemon), &error);
    g_assert_no_error (error);
    for (guint i = 0; i < 2; i++) {
        names[i] = domus_test_daemon_define_iso_guest (f->daemon, "domus-ticking", iso, TRUE,
                                                       &error);
        g_assert_no_error (error);
    }
    pid = domus_test_daemon_get_pid (f->daemon);
    conn = domus_test_connect (domus_test_daemon_get_qemu_uri (f->daemon));
    for (guint i = 0; i < 2; i++)
        serial_watch_open (&watch[i], conn, names[i]);
    DOMUS_TEST_WAIT_UNTIL (strstr (watch[0].seen->str, DOMUS_TEST_TICK) != NULL &&
                           strstr (watch[1].seen->str, DOMUS_TEST_TICK) != NULL, TIMEOUT_S,
                           "both guests ticking on their serial consoles");
    g_assert_true (watch[0].opened && watch[1].opened);

    beat_id = g_timeout_add (20, heartbeat_cb, &hb);
    g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);
    seen_before = watch[1].seen->len;

    /* The first console closed: its end is a round trip to the frozen
     * daemon, which waits until keepalive gives up. */
    domus_serial_console_close (watch[0].console);
    /* The other one typed into, while what the guest printed before the
     * freeze still arrives. */
    domus_serial_console_send (watch[1].console, "\r", 1);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) ==
                           DOMUS_CONNECTION_STATE_NOT_RESPONDING, TIMEOUT_S,
                           "the frozen host to show as not responding");
    /* The second closed, the first opened again. */
    domus_serial_console_close (watch[1].console);
    domus_serial_console_open (watch[0].console);

    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) !=
                           DOMUS_CONNECTION_STATE_NOT_RESPONDING, TIMEOUT_S,
                           "keepalive to drop the frozen host");
    g_test_message ("dropped: %s", domus_connection_get_error_message (conn));
    DOMUS_TEST_WAIT_UNTIL (watch[0].closed, TIMEOUT_S,
                           "the console opened on the dropped host to fail");
    g_assert_false (domus_serial_console_is_open (watch[0].console));
    g_assert_false (domus_serial_console_is_open (watch[1].console));

    g_assert_cmpint (kill (pid, SIGCONT), ==, 0);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_CONNECTED,
                           TIMEOUT_S, "the thawed host to be connected again");
    g_source_remove (beat_id);

    g_test_message ("main loop: %u beats, worst gap %.1f ms; %" G_GSIZE_FORMAT
                    " bytes came after the freeze", hb.beats, hb.worst / 1000.0,
                    watch[1].seen->len - seen_before);
    /* As above: far below a wait for keepalive, with room for ASan. */
    g_assert_cmpint (hb.worst, <, 3 * G_USEC_PER_SEC);
    for (guint i = 0; i < 2; i++) {
        serial_watch_clear (&watch[i]);
        g_free (names[i]);
    }
}

static gboolean
qemu_running_for (const char *name)
{
    g_autofree char *pattern = g_strdup_printf ("guest=%s,", name);
    const char *argv[] = { "pgrep", "-f", pattern, NULL };
    int status = 1;

    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, NULL);
    return status == 0;
}

/* The fixture itself: what it starts, it stops, and nothing is left. */
static void
test_fixture_leaves_nothing (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *name = NULL;
    DomusTestDaemon *daemon;
    GPid pid;

    if (domus_test_skip_without_qemu ())
        return;
    daemon = domus_test_daemon_start (&error);
    g_assert_no_error (error);
    name = domus_test_daemon_define_tiny_guest (daemon, "domus-fixture", TRUE, &error);
    g_assert_no_error (error);
    g_assert_true (qemu_running_for (name));
    pid = domus_test_daemon_get_pid (daemon);

    domus_test_daemon_stop (daemon);
    g_assert_false (qemu_running_for (name));
    g_assert_cmpint (kill (pid, 0), ==, -1);
    {
        g_autofree char *xml = g_strdup_printf ("/etc/libvirt/qemu/%s.xml", name);

        g_assert_false (g_file_test (xml, G_FILE_TEST_EXISTS));
    }
}

typedef struct {
    const char *user;
    const char *password;   /* NULL: cancel */
    guint asked;
    gboolean on_main_thread;
    gboolean had_secret_field;
} AuthAnswer;

static void
auth_request_cb (DomusConnection *conn, DomusAuthRequest *request, gpointer user_data)
{
    AuthAnswer *a = user_data;
    guint n = domus_auth_request_get_n_fields (request);
    g_autoptr(GPtrArray) values = g_ptr_array_new ();

    a->asked++;
    a->on_main_thread = g_main_context_is_owner (g_main_context_default ());
    g_assert_cmpstr (domus_auth_request_get_uri (request), ==, domus_connection_get_uri (conn));
    if (a->password == NULL) {
        domus_auth_request_cancel (request);
        return;
    }
    for (guint i = 0; i < n; i++) {
        const DomusAuthField *f = domus_auth_request_get_field (request, i);

        gboolean secret = f->kind == DOMUS_AUTH_FIELD_SECRET;

        a->had_secret_field |= secret;
        g_ptr_array_add (values, (gpointer) (secret ? a->password : a->user));
    }
    g_ptr_array_add (values, NULL);
    domus_auth_request_answer (request, (const char *const *) values->pdata);
}

static DomusConnection *
connect_with (const char *uri, AuthAnswer *a)
{
    DomusConnection *conn = domus_connection_new (uri);

    if (a != NULL)
        g_signal_connect (conn, "auth-request", G_CALLBACK (auth_request_cb), a);
    domus_connection_connect (conn);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) != DOMUS_CONNECTION_STATE_CONNECTING,
                           TIMEOUT_S, "the authenticated connection to finish opening");
    return conn;
}

/* A host that asks for credentials (SASL): the request reaches the main
 * thread while the worker waits; right, wrong, cancelled, unanswered. */
static void
test_credentials (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;
    DomusTestDaemon *daemon;

    if (domus_test_skip_without_qemu ())
        return;
    daemon = domus_test_daemon_start_sasl ("admin", "s3cret", &error);
    g_assert_no_error (error);
    uri = domus_test_daemon_get_test_uri (daemon, DOMUS_SOURCE_DATADIR "/demo/demo-host.xml");

    {
        AuthAnswer a = { "admin", "s3cret" };
        g_autoptr(DomusConnection) conn = connect_with (uri, &a);

        g_assert_cmpstr (domus_connection_get_error_message (conn), ==, NULL);
        g_assert_cmpint (domus_connection_get_state (conn), ==, DOMUS_CONNECTION_STATE_CONNECTED);
        g_assert_cmpuint (a.asked, >=, 1);
        g_assert_true (a.on_main_thread);
        g_assert_true (a.had_secret_field);
        g_assert_cmpint (state_of (conn, "web01"), ==, DOMUS_DOMAIN_STATE_RUNNING);
    }
    {
        AuthAnswer a = { "admin", "wrong" };
        g_autoptr(DomusConnection) conn = connect_with (uri, &a);

        g_assert_cmpint (domus_connection_get_state (conn), ==, DOMUS_CONNECTION_STATE_FAILED);
        g_test_message ("wrong password: %s", domus_connection_get_error_message (conn));
        g_assert_true (g_str_has_prefix (domus_connection_get_error_message (conn),
                                         "Connecting to test+unix://"));
        g_assert_nonnull (strstr (domus_connection_get_error_message (conn), "authentication"));
    }
    {
        AuthAnswer a = { "admin", NULL };   /* the user cancels */
        g_autoptr(DomusConnection) conn = connect_with (uri, &a);

        g_assert_cmpint (domus_connection_get_state (conn), ==, DOMUS_CONNECTION_STATE_FAILED);
        g_assert_cmpuint (a.asked, ==, 1);
    }
    {
        /* Nobody listening: refused at once, never a prompt on stdin. */
        g_autoptr(DomusConnection) conn = connect_with (uri, NULL);

        g_assert_cmpint (domus_connection_get_state (conn), ==, DOMUS_CONNECTION_STATE_FAILED);
    }
    domus_test_daemon_stop (daemon);
}

int
main (int argc, char *argv[])
{
    int status;

    gtk_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();
    the_app = domus_test_app_new ();

    g_test_add_func ("/real/fixture-leaves-nothing", test_fixture_leaves_nothing);
    g_test_add_func ("/real/connection/credentials", test_credentials);
    domus_test_add_with_daemon ("/real/connection/qemu-guest-listed-and-followed",
                                test_qemu_guest_listed_and_followed);
    domus_test_add_with_daemon ("/real/connection/test-driver-over-rpc",
                                test_test_driver_over_rpc);
    domus_test_add_with_daemon ("/real/connection/frozen-daemon-not-responding",
                                test_frozen_daemon_not_responding);
    domus_test_add_with_daemon ("/real/connection/frozen-daemon-serial-consoles",
                                test_frozen_daemon_serial_consoles);
    domus_test_add_with_daemon ("/real/connection/daemon-death-disconnects",
                                test_daemon_death_disconnects);
    status = g_test_run ();
    domus_test_daemon_stop_shared ();
    g_clear_object (&the_app);
    return status;
}
