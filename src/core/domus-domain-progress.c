/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A long libvirt call with progress, as a whole worker job. The call blocks
 * until the guest's job ends (the memory is written), so it runs on a
 * short-lived thread and the worker stays to poll the job's progress and to
 * abort it when the caller cancels. Used by the managed save and by
 * snapshots.
 */
#include "config.h"

#include "domus-domain-progress-private.h"

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-worker.h"

/* How often the worker asks for the job's progress. */
#define PROGRESS_INTERVAL_MS 250

typedef struct {
    GTask *task;
    DomusProgressFunc progress;
    gpointer progress_data;
    double fraction;
} ProgressUpdate;

static void
progress_update_free (ProgressUpdate *update)
{
    g_object_unref (update->task);
    g_free (update);
}

static gboolean
deliver_progress_cb (gpointer data)
{
    ProgressUpdate *update = data;

    if (!g_task_get_completed (update->task))
        update->progress (update->fraction, update->progress_data);
    return G_SOURCE_REMOVE;
}

static void
post_progress (GTask *task, DomusProgressFunc progress,
                            gpointer progress_data, double fraction)
{
    ProgressUpdate *update;
    g_autoptr(GSource) source = NULL;

    if (progress == NULL)
        return;
    update = g_new0 (ProgressUpdate, 1);
    update->task = g_object_ref (task);
    update->progress = progress;
    update->progress_data = progress_data;
    update->fraction = fraction;
    /* Never g_main_context_invoke(): on a context nobody iterates at that
     * moment it would run the callback here, on the worker. */
    source = g_idle_source_new ();
    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, deliver_progress_cb, update,
                           (GDestroyNotify) progress_update_free);
    g_source_attach (source, g_task_get_context (task));
}

/* Shared by the worker and the call's thread. */
typedef struct {
    virDomainPtr dom;
    DomusLongCall call;
    gpointer call_data;

    GMutex lock;
    GCond cond;
    gboolean done;
    int rc;
    char *message;       /* libvirt's, read on the call's thread */
} LongCall;

static gpointer
long_call_thread (gpointer data)
{
    LongCall *lc = data;
    int rc = lc->call (lc->dom, lc->call_data);
    virErrorPtr err = rc < 0 ? virGetLastError () : NULL;

    g_mutex_lock (&lc->lock);
    lc->rc = rc;
    if (err != NULL)
        lc->message = g_strdup (err->message);
    lc->done = TRUE;
    g_cond_signal (&lc->cond);
    g_mutex_unlock (&lc->lock);
    virResetLastError ();
    return NULL;
}

/* After a poll: the host answered it, if only with a refusal, and the
 * watchdog leaves it "connected" however long the call takes. A poll that
 * hangs, or a connection that failed under it, leaves the count running. */
static gboolean
host_answered (void)
{
    virErrorPtr err = virGetLastError ();

    return err == NULL ||
           (err->domain != VIR_FROM_RPC && err->code != VIR_ERR_SYSTEM_ERROR &&
            err->code != VIR_ERR_NO_CONNECT);
}

int
domus_domain_run_long_call (virDomainPtr dom, DomusLongCall call, gpointer call_data,
                            DomusLongPoll poll, gpointer poll_data,
                            GCancellable *cancellable, char **message, gboolean *aborted)
{
    LongCall lc = { .dom = dom, .call = call, .call_data = call_data };
    GThread *thread;

    *aborted = FALSE;
    g_mutex_init (&lc.lock);
    g_cond_init (&lc.cond);
    thread = g_thread_new ("domus-long-call", long_call_thread, &lc);

    g_mutex_lock (&lc.lock);
    while (!lc.done) {
        gint64 until = g_get_monotonic_time () + PROGRESS_INTERVAL_MS * G_TIME_SPAN_MILLISECOND;

        g_cond_wait_until (&lc.cond, &lc.lock, until);
        if (lc.done)
            break;
        g_mutex_unlock (&lc.lock);

        if (!*aborted && g_cancellable_is_cancelled (cancellable)) {
            /* The guest keeps running; the call then returns an error. */
            *aborted = virDomainAbortJob (dom) == 0;
            virResetLastError ();
        }
        poll (dom, poll_data);
        if (host_answered ())
            domus_worker_answered ();
        virResetLastError ();

        g_mutex_lock (&lc.lock);
    }
    g_mutex_unlock (&lc.lock);
    g_thread_join (thread);

    g_mutex_clear (&lc.lock);
    g_cond_clear (&lc.cond);
    if (lc.rc < 0)
        *message = g_steal_pointer (&lc.message);
    g_free (lc.message);
    return lc.rc;
}

/* The save's and the snapshot's progress: the fraction of the data. */
typedef struct {
    GTask *task;
    DomusProgressFunc progress;
    gpointer progress_data;
} FractionPoll;

static void
poll_fraction (virDomainPtr dom, gpointer data)
{
    FractionPoll *fp = data;
    virDomainJobInfo info;

    if (virDomainGetJobInfo (dom, &info) == 0 && info.type != VIR_DOMAIN_JOB_NONE &&
        info.dataTotal > 0)
        post_progress (fp->task, fp->progress, fp->progress_data,
                       (double) info.dataProcessed / (double) info.dataTotal);
}

void
domus_domain_run_long_job (GTask *task, virConnectPtr conn, const char *uuid,
                           const char *what, DomusLongCall call, gpointer call_data,
                           DomusProgressFunc progress, gpointer progress_data,
                           GCancellable *cancellable, const char *cancelled_text)
{
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, uuid);
    g_autofree char *message = NULL;
    gboolean aborted;
    GError *error = NULL;
    FractionPoll fp = { task, progress, progress_data };

    /* The result says what happened: a save that ended before the cancel
     * reached it is done, and a cancelled one keeps CANCELLED_TEXT, where
     * GTask would put "Operation was cancelled" in both cases. */
    g_task_set_check_cancellable (task, FALSE);
    if (dom == NULL) {
        domus_set_error_from_libvirt (&error, what);
        g_task_return_error (task, error);
        return;
    }
    post_progress (task, progress, progress_data, -1);
    if (domus_domain_run_long_call (dom, call, call_data, poll_fraction, &fp, cancellable,
                                    &message, &aborted) < 0) {
        if (aborted || g_cancellable_is_cancelled (cancellable)) {
            g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                                     cancelled_text);
            return;
        }
        g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT, "%s: %s", what,
                                 message ? message : _("libvirt gave no reason"));
        return;
    }
    post_progress (task, progress, progress_data, 1.0);
    g_task_return_boolean (task, TRUE);
}
