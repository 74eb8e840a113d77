/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A host's worker thread and its job queue. The thread owns the
 * virConnectPtr: it opens it, runs each job with it and closes it. Other
 * threads only queue jobs and read how long the current one has run.
 */
#include "config.h"

#include "domus-worker.h"

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-libvirt-private.h"

typedef enum {
    JOB_RUN,
    JOB_RELEASE,     /* runs connected or not: ends what a session handed out */
    JOB_OPEN,
    JOB_CLOSE,
    JOB_QUIT,
} DomusJobKind;

typedef struct {
    DomusJobKind kind;
    DomusWorkerJobFunc func;
    DomusWorkerOpenFunc open;
    GTask *task;
} DomusJob;

struct _DomusWorker {
    gatomicrefcount ref;
    GAsyncQueue *queue;         /* DomusJob *, consumed by the thread only */
    char *uri;                  /* immutable */
    gint busy_since;            /* atomic: monotonic seconds + 1 a job started, 0 when idle */
    virConnectPtr conn;         /* the thread's only */
    DomusWorkerCloseHook hook;  /* the thread's only */
};

/* The worker whose thread this is, for domus_worker_answered(). */
static GPrivate current_worker;

static DomusWorker *
domus_worker_ref (DomusWorker *self)
{
    g_atomic_ref_count_inc (&self->ref);
    return self;
}

static void
domus_worker_unref (DomusWorker *self)
{
    if (!g_atomic_ref_count_dec (&self->ref))
        return;
    g_async_queue_unref (self->queue);
    g_free (self->uri);
    g_free (self);
}

static gboolean
release_task_cb (gpointer data)
{
    return G_SOURCE_REMOVE;
}

/* The thread: a task's source (the connection), its data and its
 * callback's data belong to the main thread, and whoever lets go of the
 * task last finalizes them. The callback may already have run and dropped
 * its reference, so the worker's goes back to the task's context. */
static void
domus_job_free (DomusJob *job)
{
    GTask *task = g_steal_pointer (&job->task);

    if (task != NULL) {
        g_autoptr(GSource) source = g_idle_source_new ();

        g_source_set_priority (source, G_PRIORITY_DEFAULT);
        g_source_set_callback (source, release_task_cb, task, g_object_unref);
        g_source_attach (source, g_task_get_context (task));
    }
    g_free (job);
}

/* ---- the thread ---------------------------------------------------------- */

static void
worker_close (DomusWorker *self)
{
    DomusWorkerCloseHook hook = self->hook;

    if (self->conn == NULL)
        return;
    if (hook.func != NULL)
        hook.func (self->conn, hook.data);
    virConnectClose (self->conn);
    virResetLastError ();
    if (hook.destroy != NULL)
        hook.destroy (hook.data);
    self->conn = NULL;
    self->hook = (DomusWorkerCloseHook) { 0 };
}

static void
worker_run (DomusWorker *self, DomusJob *job)
{
    switch (job->kind) {
    case JOB_OPEN:
        worker_close (self);
        self->conn = job->open (job->task, g_task_get_task_data (job->task), &self->hook);
        virResetLastError ();
        break;
    case JOB_CLOSE:
        worker_close (self);
        g_task_return_boolean (job->task, TRUE);
        break;
    case JOB_RUN:
        if (g_task_return_error_if_cancelled (job->task))
            break;
        if (self->conn == NULL) {
            g_task_return_new_error (job->task, DOMUS_ERROR, DOMUS_ERROR_NOT_CONNECTED,
                                     _("The host %s is not connected"), self->uri);
            break;
        }
        job->func (job->task, self->conn, g_task_get_task_data (job->task),
                   g_task_get_cancellable (job->task));
        virResetLastError ();
        break;
    case JOB_RELEASE:
        job->func (job->task, self->conn, g_task_get_task_data (job->task), NULL);
        virResetLastError ();
        break;
    case JOB_QUIT:
        worker_close (self);
        break;
    }
}

static gpointer
worker_main (gpointer data)
{
    DomusWorker *self = data;
    gboolean quit = FALSE;

    g_private_set (&current_worker, self);
    while (!quit) {
        DomusJob *job = g_async_queue_pop (self->queue);

        /* +1: a job that starts in the first second still counts as busy. */
        g_atomic_int_set (&self->busy_since,
                          (gint) (g_get_monotonic_time () / G_USEC_PER_SEC) + 1);
        worker_run (self, job);
        g_atomic_int_set (&self->busy_since, 0);
        quit = job->kind == JOB_QUIT;
        domus_job_free (job);
    }
    domus_worker_unref (self);
    return NULL;
}

/* ---- any thread ---------------------------------------------------------- */

DomusWorker *
domus_worker_new (const char *uri)
{
    DomusWorker *self = g_new0 (DomusWorker, 1);
    g_autofree char *thread_name = NULL;

    g_return_val_if_fail (uri != NULL, NULL);

    g_atomic_ref_count_init (&self->ref);
    self->queue = g_async_queue_new ();
    self->uri = g_strdup (uri);
    thread_name = g_strdup_printf ("domus-host-%p", (void *) self);
    g_thread_unref (g_thread_new (thread_name, worker_main, domus_worker_ref (self)));
    return self;
}

static void
domus_worker_push (DomusWorker *self, DomusJobKind kind, DomusWorkerJobFunc func,
                   DomusWorkerOpenFunc open, GTask *task)
{
    DomusJob *job = g_new0 (DomusJob, 1);

    job->kind = kind;
    job->func = func;
    job->open = open;
    job->task = task;
    g_async_queue_push (self->queue, job);
}

void
domus_worker_quit (DomusWorker *self)
{
    g_return_if_fail (self != NULL);

    /* Never joined: a call to a frozen host would hold the caller too. */
    domus_worker_push (self, JOB_QUIT, NULL, NULL, NULL);
    domus_worker_unref (self);
}

void
domus_worker_run (DomusWorker *self, DomusWorkerJobFunc func, GTask *task)
{
    g_return_if_fail (self != NULL && func != NULL && G_IS_TASK (task));
    domus_worker_push (self, JOB_RUN, func, NULL, task);
}

void
domus_worker_run_release (DomusWorker *self, DomusWorkerJobFunc func, GTask *task)
{
    g_return_if_fail (self != NULL && func != NULL && G_IS_TASK (task));
    domus_worker_push (self, JOB_RELEASE, func, NULL, task);
}

void
domus_worker_open (DomusWorker *self, DomusWorkerOpenFunc func, GTask *task)
{
    g_return_if_fail (self != NULL && func != NULL && G_IS_TASK (task));
    domus_worker_push (self, JOB_OPEN, NULL, func, task);
}

void
domus_worker_close (DomusWorker *self, GTask *task)
{
    g_return_if_fail (self != NULL && G_IS_TASK (task));
    domus_worker_push (self, JOB_CLOSE, NULL, NULL, task);
}

void
domus_worker_answered (void)
{
    DomusWorker *self = g_private_get (&current_worker);

    /* Off a worker (a migration's own thread), no worker is kept busy by
     * the call, so there is no watchdog count to restart. */
    if (self == NULL)
        return;
    g_atomic_int_set (&self->busy_since,
                      (gint) (g_get_monotonic_time () / G_USEC_PER_SEC) + 1);
}

int
domus_worker_get_busy_seconds (DomusWorker *self)
{
    gint since;

    g_return_val_if_fail (self != NULL, -1);

    since = g_atomic_int_get (&self->busy_since);
    if (since == 0)
        return -1;
    return (gint) (g_get_monotonic_time () / G_USEC_PER_SEC) + 1 - since;
}
