/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A guest's serial console. virDomainOpenConsole, virStreamSend and
 * virStreamAbort run on the host's worker; reading is a non-blocking
 * virStreamRecv from a stream event callback on the main loop, which never
 * waits: it takes what the client library already received. The remote
 * driver holds its lock only for a moment in the stream calls made here;
 * virStreamAbort, whose round trip waits for a frozen daemon until
 * keepalive gives up, drops it meanwhile (libvirt 9.0; test-real-connection
 * checks it with two consoles of a frozen host).
 */
#include "config.h"

#include "domus-serial-console.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"

struct _DomusSerialConsole {
    GObject parent_instance;

    DomusConnection *conn;
    char *uuid;
    GCancellable *cancellable;   /* the open job */
    virStreamPtr stream;         /* open, its event callback registered */
    gboolean opening;
};

G_DEFINE_FINAL_TYPE (DomusSerialConsole, domus_serial_console, G_TYPE_OBJECT)

enum {
    SIGNAL_OPENED,
    SIGNAL_RECEIVED,
    SIGNAL_CLOSED,
    N_SIGNALS
};

static guint signals [N_SIGNALS];

/* A job that holds a stream lets go of it on the worker, whatever happens:
 * the last reference to a stream may hold the last one to its host, whose
 * release closes the connection, a call to the host. */
typedef struct {
    char *uuid;
    virStreamPtr stream;
    GBytes *data;
    GCancellable *cancellable;   /* a send: not sent once the console closed */
} StreamJob;

static void
stream_job_free (StreamJob *job)
{
    g_warn_if_fail (job->stream == NULL);
    g_free (job->uuid);
    g_clear_pointer (&job->data, g_bytes_unref);
    g_clear_object (&job->cancellable);
    g_free (job);
}

/* ---- open ---------------------------------------------------------------- */

static void
free_stream (gpointer stream)
{
    virStreamFree (stream);
}

static void
open_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    StreamJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autoptr(virStream) stream = NULL;
    GError *error = NULL;

    if (dom == NULL || (stream = virStreamNew (conn, VIR_STREAM_NONBLOCK)) == NULL ||
        virDomainOpenConsole (dom, NULL, stream, VIR_DOMAIN_CONSOLE_FORCE) < 0) {
        domus_set_error_from_libvirt (&error, _("Opening the serial console failed"));
        g_task_return_error (task, error);
        return;
    }
    /* Closed while it opened: end it here, now, while connected. */
    if (g_cancellable_set_error_if_cancelled (cancellable, &error)) {
        if (virStreamAbort (stream) < 0)
            virResetLastError ();
        g_task_return_error (task, error);
        return;
    }
    /* Cancelled from now on, the stream still comes back, so that it is
     * aborted (the daemon and libvirt's client both keep it). */
    g_task_set_check_cancellable (task, FALSE);
    g_task_return_pointer (task, g_steal_pointer (&stream), free_stream);
}

static void stream_event_cb (virStreamPtr stream, int events, void *opaque);
static void domus_serial_console_abort (DomusConnection *conn, virStreamPtr stream);

static void
domus_serial_console_closed (DomusSerialConsole *self, const char *reason);

static void
open_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusSerialConsole) self = user_data;
    g_autoptr(GError) error = NULL;
    virStreamPtr stream = g_task_propagate_pointer (G_TASK (result), &error);

    if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result)))) {
        /* Closed while it opened. */
        if (stream != NULL)
            domus_serial_console_abort (self->conn, stream);
        return;
    }
    self->opening = FALSE;
    if (stream == NULL) {
        g_signal_emit (self, signals[SIGNAL_CLOSED], 0, error->message);
        return;
    }
    if (virStreamEventAddCallback (stream, VIR_STREAM_EVENT_READABLE |
                                   VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP,
                                   stream_event_cb, self, NULL) < 0) {
        g_autoptr(GError) cb_error = NULL;

        domus_set_error_from_libvirt (&cb_error, _("Watching the serial console failed"));
        /* The abort is a round trip: the worker makes it, never this thread. */
        domus_serial_console_abort (self->conn, stream);
        g_signal_emit (self, signals[SIGNAL_CLOSED], 0, cb_error->message);
        return;
    }
    self->stream = stream;
    g_signal_emit (self, signals[SIGNAL_OPENED], 0);
}

void
domus_serial_console_open (DomusSerialConsole *self)
{
    StreamJob *job;

    g_return_if_fail (DOMUS_IS_SERIAL_CONSOLE (self));

    if (self->stream != NULL || self->opening)
        return;
    self->opening = TRUE;
    job = g_new0 (StreamJob, 1);
    job->uuid = g_strdup (self->uuid);
    domus_connection_run_job (self->conn, open_job, job, (GDestroyNotify) stream_job_free,
                              self->cancellable, open_done_cb, g_object_ref (self));
}

gboolean
domus_serial_console_is_open (DomusSerialConsole *self)
{
    g_return_val_if_fail (DOMUS_IS_SERIAL_CONSOLE (self), FALSE);
    return self->stream != NULL;
}

/* ---- close --------------------------------------------------------------- */

static void
abort_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    StreamJob *job = task_data;

    /* Tells the daemon we are done (a round trip), and libvirt's client to
     * forget the stream, even once the host is closed (CONN NULL); errors
     * only mean the stream had ended already. */
    if (virStreamAbort (job->stream) < 0)
        virResetLastError ();
    /* The last reference: freeing may talk to the daemon, so here. */
    g_clear_pointer (&job->stream, virStreamFree);
    g_task_return_boolean (task, TRUE);
}

/* Takes STREAM: the daemon hears of its end from the worker. */
static void
domus_serial_console_abort (DomusConnection *conn, virStreamPtr stream)
{
    StreamJob *job = g_new0 (StreamJob, 1);

    job->stream = stream;
    domus_connection_run_release_job (conn, abort_job, job, (GDestroyNotify) stream_job_free);
}

/* Stops watching at once, and ends the stream. */
static void
domus_serial_console_drop_stream (DomusSerialConsole *self)
{
    if (self->stream == NULL)
        return;
    virStreamEventRemoveCallback (self->stream);
    domus_serial_console_abort (self->conn, g_steal_pointer (&self->stream));
}

static void
domus_serial_console_closed (DomusSerialConsole *self, const char *reason)
{
    domus_serial_console_drop_stream (self);
    g_signal_emit (self, signals[SIGNAL_CLOSED], 0, reason);
}

void
domus_serial_console_close (DomusSerialConsole *self)
{
    g_return_if_fail (DOMUS_IS_SERIAL_CONSOLE (self));

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    self->cancellable = g_cancellable_new ();
    self->opening = FALSE;
    domus_serial_console_drop_stream (self);
}

/* ---- reading, on the main loop ------------------------------------------ */

static void
stream_event_cb (virStreamPtr stream, int events, void *opaque)
{
    DomusSerialConsole *self = opaque;
    g_autoptr(DomusSerialConsole) hold = g_object_ref (self);
    char buf[4096];

    for (;;) {
        int n = virStreamRecv (stream, buf, sizeof buf);

        if (n > 0) {
            g_autoptr(GBytes) bytes = g_bytes_new (buf, (gsize) n);

            g_signal_emit (self, signals[SIGNAL_RECEIVED], 0, bytes);
            if (self->stream != stream)
                return;   /* closed by a handler */
            continue;
        }
        if (n == -2)
            break;
        if (n == 0) {
            domus_serial_console_closed (self, NULL);
        } else {
            g_autoptr(GError) error = NULL;

            domus_set_error_from_libvirt (&error, _("The serial console closed"));
            domus_serial_console_closed (self, error->message);
        }
        return;
    }
    if (events & (VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP))
        domus_serial_console_closed (self, NULL);
}

/* ---- writing, on the worker --------------------------------------------- */

static void
send_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    StreamJob *job = task_data;
    gsize len;
    const char *data = g_bytes_get_data (job->data, &len);
    gsize done = 0;
    guint waits = 0;

    /* A release job: it runs even once the console closed or the host went
     * away, so that the stream is let go of here. */
    if (conn == NULL || g_cancellable_is_cancelled (job->cancellable)) {
        g_clear_pointer (&job->stream, virStreamFree);
        g_task_return_boolean (task, FALSE);
        return;
    }
    /* The stream is non-blocking: a full send buffer says -2; wait a little
     * on the worker (never on the main thread) and go on. */
    while (done < len) {
        int n = virStreamSend (job->stream, data + done, len - done);

        if (n >= 0) {
            done += (gsize) n;
        } else if (n == -2 && waits++ < 500) {
            g_usleep (10 * 1000);
        } else {
            GError *error = NULL;

            domus_set_error_from_libvirt (&error, _("Typing into the serial console failed"));
            g_clear_pointer (&job->stream, virStreamFree);
            g_task_return_error (task, error);
            return;
        }
    }
    g_clear_pointer (&job->stream, virStreamFree);
    g_task_return_boolean (task, TRUE);
}

void
domus_serial_console_send (DomusSerialConsole *self, const char *data, gsize len)
{
    StreamJob *job;

    g_return_if_fail (DOMUS_IS_SERIAL_CONSOLE (self));

    if (self->stream == NULL || len == 0)
        return;
    job = g_new0 (StreamJob, 1);
    job->stream = self->stream;
    virStreamRef (job->stream);
    job->data = g_bytes_new (data, len);
    job->cancellable = g_object_ref (self->cancellable);
    domus_connection_run_release_job (self->conn, send_job, job,
                                      (GDestroyNotify) stream_job_free);
}

/* ---- object -------------------------------------------------------------- */

static void
domus_serial_console_dispose (GObject *object)
{
    DomusSerialConsole *self = DOMUS_SERIAL_CONSOLE (object);

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    if (self->conn != NULL)
        domus_serial_console_drop_stream (self);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->conn);

    G_OBJECT_CLASS (domus_serial_console_parent_class)->dispose (object);
}

static void
domus_serial_console_finalize (GObject *object)
{
    DomusSerialConsole *self = DOMUS_SERIAL_CONSOLE (object);

    g_free (self->uuid);

    G_OBJECT_CLASS (domus_serial_console_parent_class)->finalize (object);
}

static void
domus_serial_console_class_init (DomusSerialConsoleClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = domus_serial_console_dispose;
    object_class->finalize = domus_serial_console_finalize;

    signals[SIGNAL_OPENED] =
        g_signal_new ("opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    signals[SIGNAL_RECEIVED] =
        g_signal_new ("received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
    signals[SIGNAL_CLOSED] =
        g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
domus_serial_console_init (DomusSerialConsole *self)
{
    self->cancellable = g_cancellable_new ();
}

DomusSerialConsole *
domus_serial_console_new (DomusConnection *conn, const char *uuid)
{
    DomusSerialConsole *self;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);
    g_return_val_if_fail (uuid != NULL, NULL);

    self = g_object_new (DOMUS_TYPE_SERIAL_CONSOLE, NULL);
    self->conn = g_object_ref (conn);
    self->uuid = g_strdup (uuid);
    return self;
}
