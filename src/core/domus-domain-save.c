/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Managed save as a worker job. virDomainManagedSave blocks until the
 * memory is written, so the job hands that one call to a short-lived
 * thread and stays on the worker itself to poll the job's progress and to
 * abort it when the caller cancels; both threads use the same connection,
 * which libvirt allows.
 */
#include "config.h"

#include "domus-domain-save.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"

/* How often the worker asks for the save's progress. */
#define PROGRESS_INTERVAL_MS 250

typedef struct {
    char *uuid;
    char *what;          /* "Saving “web01” on Demo Host failed" */
    DomusSaveProgressFunc progress;
    gpointer progress_data;

    /* Shared by the worker and the save thread. */
    GMutex lock;
    GCond cond;
    gboolean done;
    int rc;
    char *message;       /* libvirt's, read on the save thread */
    virDomainPtr dom;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
    g_free (job->uuid);
    g_free (job->what);
    g_free (job->message);
    g_mutex_clear (&job->lock);
    g_cond_clear (&job->cond);
    g_free (job);
}

typedef struct {
    GTask *task;
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
    SaveJob *job = g_task_get_task_data (update->task);

    if (!g_task_get_completed (update->task) && job->progress != NULL)
        job->progress (update->fraction, job->progress_data);
    return G_SOURCE_REMOVE;
}

static void
post_progress (GTask *task, double fraction)
{
    ProgressUpdate *update = g_new0 (ProgressUpdate, 1);
    g_autoptr(GSource) source = g_idle_source_new ();

    update->task = g_object_ref (task);
    update->fraction = fraction;
    /* Never g_main_context_invoke(): on a context nobody iterates at that
     * moment it would run the callback here, on the worker. */
    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, deliver_progress_cb, update,
                           (GDestroyNotify) progress_update_free);
    g_source_attach (source, g_task_get_context (task));
}

static gpointer
save_thread (gpointer data)
{
    SaveJob *job = data;
    int rc = virDomainManagedSave (job->dom, 0);
    virErrorPtr err = rc < 0 ? virGetLastError () : NULL;

    g_mutex_lock (&job->lock);
    job->rc = rc;
    if (err != NULL) {
        job->message = g_strdup (err->message);
    }
    job->done = TRUE;
    g_cond_signal (&job->cond);
    g_mutex_unlock (&job->lock);
    virResetLastError ();
    return NULL;
}

static void
save_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    SaveJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    gboolean aborted = FALSE;
    GThread *thread;
    GError *error = NULL;

    if (dom == NULL) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    job->dom = dom;
    post_progress (task, -1);
    thread = g_thread_new ("domus-save", save_thread, job);

    g_mutex_lock (&job->lock);
    while (!job->done) {
        gint64 until = g_get_monotonic_time () + PROGRESS_INTERVAL_MS * G_TIME_SPAN_MILLISECOND;
        virDomainJobInfo info;

        g_cond_wait_until (&job->cond, &job->lock, until);
        if (job->done)
            break;
        g_mutex_unlock (&job->lock);

        if (!aborted && g_cancellable_is_cancelled (cancellable)) {
            /* The guest keeps running; the save thread then returns an error. */
            aborted = virDomainAbortJob (dom) == 0;
            virResetLastError ();
        }
        if (virDomainGetJobInfo (dom, &info) == 0 && info.type != VIR_DOMAIN_JOB_NONE &&
            info.dataTotal > 0)
            post_progress (task, (double) info.dataProcessed / (double) info.dataTotal);
        virResetLastError ();

        g_mutex_lock (&job->lock);
    }
    g_mutex_unlock (&job->lock);
    g_thread_join (thread);
    job->dom = NULL;

    if (job->rc < 0) {
        if (aborted || g_cancellable_is_cancelled (cancellable)) {
            g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                     _("The save was cancelled"));
            return;
        }
        g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT, "%s: %s",
                                 job->what,
                                 job->message ? job->message : _("libvirt gave no reason"));
        return;
    }
    post_progress (task, 1.0);
    g_task_return_boolean (task, TRUE);
}

void
domus_domain_save_async (DomusConnection *conn, DomusDomain *domain,
                         DomusSaveProgressFunc progress, gpointer progress_data,
                         GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
    SaveJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));

    job = g_new0 (SaveJob, 1);
    g_mutex_init (&job->lock);
    g_cond_init (&job->cond);
    job->uuid = g_strdup (domus_domain_get_uuid (domain));
    job->what = g_strdup_printf (_("Saving “%s” on %s failed"),
                                 domus_domain_get_name (domain),
                                 domus_connection_get_display_name (conn));
    job->progress = progress;
    job->progress_data = progress_data;
    domus_connection_run_job (conn, save_job, job, (GDestroyNotify) save_job_free,
                              cancellable, callback, user_data);
}

gboolean
domus_domain_save_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}
