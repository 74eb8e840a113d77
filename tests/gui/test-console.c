/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The console subsystem without a hypervisor: the registry of console
 * types, DomusConsoleTransport's ways to a display (a socket, the fallback
 * when libvirt gave no fd, an ssh tunnel that fails and says why), and
 * DomusConsoleVnc against a small RFB server in this process: a screen
 * shown and lost (Reconnecting…, then "reopen"), and a password asked for
 * in the bar, refused, and asked for again saying why.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <gtk/gtk.h>

#include "domus-console-transport.h"
#include "domus-console-vnc.h"
#include "domus-gui-test-util.h"
#include "domus-libvirt.h"
#include "domus-test-util.h"

#define TIMEOUT_S 30

/* ---- a tiny RFB 3.8 server -------------------------------------------------------- */

typedef enum {
    SERVER_HANG_UP,       /* accept, then close */
    SERVER_NO_AUTH,       /* a 4×4 screen without a password */
    SERVER_PASSWORD,      /* VNC authentication, always refused */
} ServerMode;

typedef struct {
    GSocketService *service;
    guint16 port;
    ServerMode mode;
    GCancellable *hang_up;   /* ends the NO_AUTH conversation */
    gint accepted;
} Server;

static gboolean
write_all (GOutputStream *out, const void *data, gsize len)
{
    return g_output_stream_write_all (out, data, len, NULL, NULL, NULL);
}

static gboolean
read_all (GInputStream *in, void *data, gsize len, GCancellable *cancellable)
{
    gsize got = 0;

    return g_input_stream_read_all (in, data, len, &got, cancellable, NULL) && got == len;
}

static gboolean
server_run_cb (GThreadedSocketService *service, GSocketConnection *connection,
               GObject *source, Server *server)
{
    GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
    GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
    char version[12];
    guint8 byte;

    g_atomic_int_inc (&server->accepted);
    if (server->mode == SERVER_HANG_UP)
        return TRUE;
    if (!write_all (out, "RFB 003.008\n", 12) || !read_all (in, version, 12, NULL))
        return TRUE;
    if (server->mode == SERVER_NO_AUTH) {
        static const guint8 types[] = { 1, 1 };
        static const guint8 ok[] = { 0, 0, 0, 0 };
        static const guint8 init[] = {
            0, 4, 0, 4,                              /* 4×4 */
            32, 24, 0, 1, 0, 255, 0, 255, 0, 255,    /* 32 bpp true colour */
            16, 8, 0, 0, 0, 0,
            0, 0, 0, 4, 't', 'e', 's', 't',          /* its name */
        };
        guint8 shared;
        char discard[256];

        if (!write_all (out, types, sizeof types) || !read_all (in, &byte, 1, NULL) ||
            !write_all (out, ok, sizeof ok) || !read_all (in, &shared, 1, NULL) ||
            !write_all (out, init, sizeof init))
            return TRUE;
        /* The client's requests are read and left unanswered until the
         * test hangs up. */
        while (g_input_stream_read (in, discard, sizeof discard, server->hang_up, NULL) > 0)
            ;
        return TRUE;
    } else {
        static const guint8 types[] = { 1, 2 };
        static const char reason[] = "Authentication failed";
        guint8 challenge[16] = { 0 }, response[16];
        guint32 failed = GUINT32_TO_BE (1), len = GUINT32_TO_BE (sizeof reason - 1);

        if (!write_all (out, types, sizeof types) || !read_all (in, &byte, 1, NULL) ||
            !write_all (out, challenge, sizeof challenge) ||
            !read_all (in, response, sizeof response, NULL))
            return TRUE;
        write_all (out, &failed, 4);
        write_all (out, &len, 4);
        write_all (out, reason, sizeof reason - 1);
        return TRUE;
    }
}

static void
server_start (Server *server, ServerMode mode)
{
    g_autoptr(GError) error = NULL;

    server->mode = mode;
    server->hang_up = g_cancellable_new ();
    server->service = g_threaded_socket_service_new (2);
    server->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (server->service),
                                                         NULL, &error);
    g_assert_no_error (error);
    g_signal_connect (server->service, "run", G_CALLBACK (server_run_cb), server);
    g_socket_service_start (server->service);
}

static void
server_stop (Server *server)
{
    g_cancellable_cancel (server->hang_up);
    g_socket_service_stop (server->service);
    g_socket_listener_close (G_SOCKET_LISTENER (server->service));
    g_clear_object (&server->service);
    g_clear_object (&server->hang_up);
}

/* ---- fixture: a console in a window, on the test driver's guest -------------------- */

typedef struct {
    DomusConnection *conn;
    DomusDomain *domain;
    GtkWidget *window;
    DomusConsole *console;
    guint reopened;
    Server server;
} Fixture;

static void
reopen_cb (DomusConsole *console, Fixture *f)
{
    f->reopened++;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    f->conn = domus_connection_new ("test:///default");
    domus_connection_connect (f->conn);
    DOMUS_TEST_WAIT_UNTIL ((f->domain = domus_connection_find_domain_by_name (f->conn,
                                                                              "test")) != NULL,
                           TIMEOUT_S, "the test driver's guest");
    f->window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    f->console = domus_console_new (DOMUS_TYPE_CONSOLE_VNC, f->conn, f->domain);
    g_signal_connect (f->console, "reopen", G_CALLBACK (reopen_cb), f);
    gtk_container_add (GTK_CONTAINER (f->window), GTK_WIDGET (f->console));
    gtk_widget_show_all (f->window);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    gtk_widget_destroy (f->window);
    if (f->server.service != NULL)
        server_stop (&f->server);
    g_clear_object (&f->conn);
}

/* A target for the server, as core would decide it for a TLS host. */
static DomusDomainConsole *
direct_target (guint16 port)
{
    DomusDomainConsole *target = g_new0 (DomusDomainConsole, 1);

    target->method = DOMUS_DOMAIN_CONSOLE_METHOD_DIRECT;
    target->graphics = g_strdup ("vnc");
    target->host = g_strdup ("127.0.0.1");
    target->port = port;
    target->fd = -1;
    return target;
}

static gboolean
message_contains (DomusConsole *console, const char *text)
{
    const char *message = domus_console_get_message (console);

    return message != NULL && strstr (message, text) != NULL;
}

/* ---- the registry -------------------------------------------------------------------- */

static void
test_registry (void)
{
    g_assert_cmpuint (domus_console_lookup_type ("spice"), ==, G_TYPE_INVALID);
    domus_console_register_type ("vnc", DOMUS_TYPE_CONSOLE_VNC);
    domus_console_register_type ("vnc", DOMUS_TYPE_CONSOLE_VNC);
    g_assert_cmpuint (domus_console_lookup_type ("vnc"), ==, DOMUS_TYPE_CONSOLE_VNC);
    /* The first registered is the one a window opens with. */
    g_assert_cmpuint (domus_console_lookup_type (NULL), ==, DOMUS_TYPE_CONSOLE_VNC);
    g_assert_cmpuint (domus_console_lookup_type ("spice"), ==, G_TYPE_INVALID);
}

/* ---- the transport ------------------------------------------------------------------- */

static void
test_transport_socket (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusConsoleTransport) transport = domus_console_transport_new ();
    g_autoptr(DomusDomainConsole) target = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    int fd;

    server_start (&f->server, SERVER_HANG_UP);
    target = direct_target (f->server.port);
    domus_console_transport_open_async (transport, target, NULL, domus_test_keep_result_cb,
                                        &result);
    DOMUS_TEST_WAIT_UNTIL (result != NULL, TIMEOUT_S, "the socket to connect");
    fd = domus_console_transport_open_finish (transport, result, &error);
    g_assert_no_error (error);
    g_assert_cmpint (fd, >=, 0);
    DOMUS_TEST_WAIT_UNTIL (g_atomic_int_get (&f->server.accepted) == 1, TIMEOUT_S,
                           "the server to see the connection");
    close (fd);
}

/* libvirt gave no fd and the listen address does not answer: both say why. */
static void
test_transport_fallback (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusConsoleTransport) transport = domus_console_transport_new ();
    g_autoptr(DomusDomainConsole) target = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    guint16 closed_port;

    /* A port that was just free. */
    server_start (&f->server, SERVER_HANG_UP);
    closed_port = f->server.port;
    server_stop (&f->server);

    target = direct_target (closed_port);
    target->method = DOMUS_DOMAIN_CONSOLE_METHOD_FD;
    target->fd_error = g_strdup ("The host gave no display socket: no fd today");
    domus_console_transport_open_async (transport, target, NULL, domus_test_keep_result_cb,
                                        &result);
    DOMUS_TEST_WAIT_UNTIL (result != NULL, TIMEOUT_S, "the fallback to fail");
    g_assert_cmpint (domus_console_transport_open_finish (transport, result, &error), ==, -1);
    g_assert_nonnull (error);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "This host cannot hand over the display"));
    g_assert_nonnull (strstr (error->message, "did not answer"));
}

/* ssh refused: the console says it in ssh's words. */
static void
test_ssh_failure (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusDomainConsole) target = g_new0 (DomusDomainConsole, 1);
    char *argv[] = { (char *) "sh", (char *) "-c",
                     (char *) "echo 'Permission denied (publickey).' >&2; exit 255", NULL };

    target->method = DOMUS_DOMAIN_CONSOLE_METHOD_SSH;
    target->graphics = g_strdup ("vnc");
    target->fd = -1;
    target->ssh_argv = g_strdupv (argv);
    domus_console_connecting (f->console);
    domus_console_open (f->console, target);
    DOMUS_TEST_WAIT_UNTIL (domus_console_get_state (f->console) == DOMUS_CONSOLE_STATE_FAILED,
                           TIMEOUT_S, "the console to give up on the tunnel");
    g_test_message ("%s", domus_console_get_message (f->console));
    g_assert_true (message_contains (f->console, "The SSH tunnel to the host failed: "
                                                 "Permission denied (publickey)."));
}

/* ---- VNC ------------------------------------------------------------------------------ */

static void
test_vnc_shown_then_lost (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusDomainConsole) target = NULL;
    g_autoptr(GdkPixbuf) pixbuf = NULL;

    server_start (&f->server, SERVER_NO_AUTH);
    target = direct_target (f->server.port);
    domus_console_connecting (f->console);
    g_assert_true (message_contains (f->console, "Connecting"));
    domus_console_open (f->console, target);
    DOMUS_TEST_WAIT_UNTIL (domus_console_get_state (f->console) ==
                           DOMUS_CONSOLE_STATE_CONNECTED, TIMEOUT_S,
                           "the screen to be shown");
    g_assert_null (domus_console_get_message (f->console));
    g_assert_true (gtk_widget_is_focus (domus_console_get_screen (f->console)));
    pixbuf = domus_console_get_pixbuf (f->console);
    g_assert_nonnull (pixbuf);
    g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 4);

    /* The server goes (a reboot): Reconnecting…, then a fresh target is
     * asked for. */
    g_cancellable_cancel (f->server.hang_up);
    DOMUS_TEST_WAIT_UNTIL (message_contains (f->console, "Reconnecting"), TIMEOUT_S,
                           "the console to say it reconnects");
    g_assert_cmpint (domus_console_get_state (f->console), ==,
                     DOMUS_CONSOLE_STATE_CONNECTING);
    DOMUS_TEST_WAIT_UNTIL (f->reopened == 1, TIMEOUT_S, "the console to ask to reopen");
}

static GtkEntry *
shown_password_entry (Fixture *f)
{
    GtkWidget *bar = domus_test_find_widget (f->window, NULL, "password_bar");
    GtkWidget *entry = domus_test_find_widget (f->window, "Display password", NULL);

    return gtk_widget_get_visible (bar) && gtk_widget_is_focus (entry) ? GTK_ENTRY (entry)
                                                                         : NULL;
}

static void
test_vnc_password_refused (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusDomainConsole) target = NULL;
    g_autoptr(DomusDomainConsole) again = NULL;
    GtkEntry *entry;
    GtkWidget *label;

    server_start (&f->server, SERVER_PASSWORD);
    target = direct_target (f->server.port);
    domus_console_connecting (f->console);
    domus_console_open (f->console, target);
    /* No keyring on this bus: the bar asks. */
    DOMUS_TEST_WAIT_UNTIL ((entry = shown_password_entry (f)) != NULL, TIMEOUT_S,
                           "the password to be asked for");
    gtk_entry_set_text (entry, "wrong");
    gtk_widget_activate (GTK_WIDGET (entry));
    DOMUS_TEST_WAIT_UNTIL (f->reopened == 1, TIMEOUT_S,
                           "the refused password to ask for a new connection");

    /* The next connection asks again, saying why. */
    again = direct_target (f->server.port);
    domus_console_connecting (f->console);
    domus_console_open (f->console, again);
    DOMUS_TEST_WAIT_UNTIL (shown_password_entry (f) != NULL, TIMEOUT_S,
                           "the password to be asked for again");
    label = domus_test_find_widget (f->window, NULL, "password_label");
    g_test_message ("%s", gtk_label_get_text (GTK_LABEL (label)));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)),
                              "refused the password: Authentication failed"));
}

int
main (int argc, char *argv[])
{
    gtk_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();

    g_test_add_func ("/console/registry", test_registry);
    g_test_add ("/console/transport-socket", Fixture, NULL,
                fixture_setup, test_transport_socket, fixture_teardown);
    g_test_add ("/console/transport-fallback", Fixture, NULL,
                fixture_setup, test_transport_fallback, fixture_teardown);
    g_test_add ("/console/ssh-failure", Fixture, NULL,
                fixture_setup, test_ssh_failure, fixture_teardown);
    g_test_add ("/console/vnc-shown-then-lost", Fixture, NULL,
                fixture_setup, test_vnc_shown_then_lost, fixture_teardown);
    g_test_add ("/console/vnc-password-refused", Fixture, NULL,
                fixture_setup, test_vnc_password_refused, fixture_teardown);
    return g_test_run ();
}
