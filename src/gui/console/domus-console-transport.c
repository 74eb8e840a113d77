/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How a console reaches its display once core has said which way: the fd
 * libvirt handed out, a socket to the listen address (also the fallback
 * when libvirt gave no fd), or an ssh tunnel whose stdio is one end of a
 * socket pair, as virt-viewer does it. ssh's stderr is read as it comes,
 * so that when the display closes early its last words say why. GIO only;
 * nothing here waits.
 */
#include "config.h"

#include "domus-console-transport.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gi18n.h>

#define CONNECT_TIMEOUT_S 30

struct _DomusConsoleTransport {
    GObject parent_instance;

    GSubprocess *tunnel;
    GString *tunnel_stderr;
    gboolean tunnel_eof;             /* all of ssh's stderr is read */
    GCancellable *reading;           /* the reads of ssh's stderr */
    GTask *explain;                  /* waits for the tunnel's last words */
};

G_DEFINE_FINAL_TYPE (DomusConsoleTransport, domus_console_transport, G_TYPE_OBJECT)

/* The result is an fd that must not leak when nobody takes it. */
static void
close_fd (gpointer data)
{
    int *fd = data;

    close (*fd);
    g_free (fd);
}

static void
return_fd (GTask *task, int fd)
{
    int *boxed = g_new (int, 1);

    *boxed = fd;
    g_task_return_pointer (task, boxed, close_fd);
}

/* ---- a socket to the listen address ------------------------------------------ */

static void
socket_connected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) task = user_data;
    gboolean fallback = g_task_get_task_data (task) != NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GSocketConnection) connection =
        g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
    int fd;

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
    }
    if (connection == NULL) {
        if (fallback)
            /* Translators: %s is the network's reason, e.g. "Connection
             * refused". Why libvirt gave no display socket is shown below
             * this, in libvirt's words. */
            g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                     _("This host cannot hand over the display, and its "
                                       "listen address did not answer: %s"), error->message);
        else
            /* Translators: %s is the network's reason, e.g. "Connection refused" */
            g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                     _("The guest’s display is not reachable from this "
                                       "computer: %s"), error->message);
        return;
    }
    /* The display takes its own fd; ours closes with the connection. */
    fd = dup (g_socket_get_fd (g_socket_connection_get_socket (connection)));
    if (fd < 0) {
        int saved = errno;

        g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved), "%s",
                                 g_strerror (saved));
        return;
    }
    return_fd (task, fd);
}

static void
connect_socket (GTask *task, const char *host, int port)
{
    g_autoptr(GSocketClient) client = g_socket_client_new ();

    g_socket_client_set_timeout (client, CONNECT_TIMEOUT_S);
    g_socket_client_connect_to_host_async (client, host, (guint16) port,
                                           g_task_get_cancellable (task), socket_connected_cb,
                                           task);
}

/* ---- the ssh tunnel ------------------------------------------------------------ */

static void
finish_explain (DomusConsoleTransport *self)
{
    g_autoptr(GTask) task = g_steal_pointer (&self->explain);

    if (task == NULL)
        return;
    g_task_return_pointer (task,
                           self->tunnel_stderr->len > 0 ? g_strdup (self->tunnel_stderr->str)
                                                        : NULL,
                           g_free);
}

static void
tunnel_stderr_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusConsoleTransport) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source),
                                                                result, &error);

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    if (bytes == NULL || g_bytes_get_size (bytes) == 0) {
        self->tunnel_eof = TRUE;
        finish_explain (self);
        return;
    }
    g_string_append_len (self->tunnel_stderr, g_bytes_get_data (bytes, NULL),
                         (gssize) g_bytes_get_size (bytes));
    g_strchomp (self->tunnel_stderr->str);
    self->tunnel_stderr->len = strlen (self->tunnel_stderr->str);
    g_input_stream_read_bytes_async (G_INPUT_STREAM (source), 4096, G_PRIORITY_DEFAULT,
                                     self->reading, tunnel_stderr_cb, g_object_ref (self));
}

/* One `ssh host -W listen:port` per console, its stdio on one end of a
 * socket pair and the display on the other. */
static void
open_tunnel (DomusConsoleTransport *self, GTask *task, char **argv)
{
    g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
    g_autoptr(GError) error = NULL;
    int pair[2];

    if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0) {
        int saved = errno;

        g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved), "%s",
                                 g_strerror (saved));
        return;
    }
    g_subprocess_launcher_take_stdin_fd (launcher, dup (pair[1]));
    g_subprocess_launcher_take_stdout_fd (launcher, pair[1]);
    g_string_truncate (self->tunnel_stderr, 0);
    self->tunnel_eof = FALSE;
    self->tunnel = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv, &error);
    if (self->tunnel == NULL) {
        close (pair[0]);
        /* Translators: %s says why ssh could not be started */
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                 _("The SSH tunnel to the host failed: %s"), error->message);
        return;
    }
    g_input_stream_read_bytes_async (g_subprocess_get_stderr_pipe (self->tunnel), 4096,
                                     G_PRIORITY_DEFAULT, self->reading, tunnel_stderr_cb,
                                     g_object_ref (self));
    return_fd (task, pair[0]);
}

/* ---- public ---------------------------------------------------------------------- */

DomusConsoleTransport *
domus_console_transport_new (void)
{
    return g_object_new (DOMUS_TYPE_CONSOLE_TRANSPORT, NULL);
}

void
domus_console_transport_open_async (DomusConsoleTransport *self, DomusDomainConsole *target,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data)
{
    g_autoptr(GTask) task = NULL;
    int fd;

    g_return_if_fail (DOMUS_IS_CONSOLE_TRANSPORT (self));
    g_return_if_fail (target != NULL);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, domus_console_transport_open_async);
    domus_console_transport_close (self);
    switch (target->method) {
    case DOMUS_DOMAIN_CONSOLE_METHOD_FD:
        fd = domus_domain_console_steal_fd (target);
        if (fd >= 0) {
            return_fd (task, fd);
        } else if (target->port > 0) {
            g_task_set_task_data (task, GINT_TO_POINTER (TRUE), NULL);
            connect_socket (g_steal_pointer (&task), target->host, target->port);
        } else {
            /* libvirt's reason is the console's to show, below this. */
            g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                                     _("This host cannot hand over the display."));
        }
        break;
    case DOMUS_DOMAIN_CONSOLE_METHOD_DIRECT:
        connect_socket (g_steal_pointer (&task), target->host, target->port);
        break;
    case DOMUS_DOMAIN_CONSOLE_METHOD_SSH:
        open_tunnel (self, task, target->ssh_argv);
        break;
    case DOMUS_DOMAIN_CONSOLE_METHOD_NONE:
    default:
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                                 target->message);
        break;
    }
}

int
domus_console_transport_open_finish (DomusConsoleTransport *self, GAsyncResult *result,
                                     GError **error)
{
    g_autofree int *boxed = NULL;
    int fd;

    g_return_val_if_fail (g_task_is_valid (result, self), -1);

    boxed = g_task_propagate_pointer (G_TASK (result), error);
    if (boxed == NULL)
        return -1;
    fd = *boxed;
    return fd;
}

void
domus_console_transport_explain_async (DomusConsoleTransport *self,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data)
{
    GTask *task;

    g_return_if_fail (DOMUS_IS_CONSOLE_TRANSPORT (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, domus_console_transport_explain_async);
    if (self->explain != NULL)
        finish_explain (self);
    self->explain = task;
    if (self->tunnel == NULL || self->tunnel_eof) {
        finish_explain (self);
    } else {
        /* ssh's last words may still be in its pipe: say them once read.
         * The display's conversation is over, so ssh can go. */
        g_subprocess_force_exit (self->tunnel);
    }
}

char *
domus_console_transport_explain_finish (DomusConsoleTransport *self, GAsyncResult *result)
{
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);
    return g_task_propagate_pointer (G_TASK (result), NULL);
}

void
domus_console_transport_close (DomusConsoleTransport *self)
{
    g_return_if_fail (DOMUS_IS_CONSOLE_TRANSPORT (self));

    g_cancellable_cancel (self->reading);
    g_clear_object (&self->reading);
    self->reading = g_cancellable_new ();
    if (self->tunnel != NULL) {
        g_subprocess_force_exit (self->tunnel);
        g_clear_object (&self->tunnel);
    }
    g_string_truncate (self->tunnel_stderr, 0);
    finish_explain (self);
}

/* ---- object ---------------------------------------------------------------------- */

static void
domus_console_transport_dispose (GObject *object)
{
    DomusConsoleTransport *self = DOMUS_CONSOLE_TRANSPORT (object);

    if (self->reading != NULL) {
        g_cancellable_cancel (self->reading);
        g_clear_object (&self->reading);
    }
    if (self->tunnel != NULL) {
        g_subprocess_force_exit (self->tunnel);
        g_clear_object (&self->tunnel);
    }
    G_OBJECT_CLASS (domus_console_transport_parent_class)->dispose (object);
}

static void
domus_console_transport_finalize (GObject *object)
{
    DomusConsoleTransport *self = DOMUS_CONSOLE_TRANSPORT (object);

    g_string_free (self->tunnel_stderr, TRUE);
    G_OBJECT_CLASS (domus_console_transport_parent_class)->finalize (object);
}

static void
domus_console_transport_class_init (DomusConsoleTransportClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = domus_console_transport_dispose;
    object_class->finalize = domus_console_transport_finalize;
}

static void
domus_console_transport_init (DomusConsoleTransport *self)
{
    self->tunnel_stderr = g_string_new (NULL);
    self->reading = g_cancellable_new ();
}
