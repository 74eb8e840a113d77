/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Managed save as a worker job. virDomainManagedSave blocks until the
 * memory is written; domus_domain_run_long_job() runs it beside the
 * worker, which reports the job's progress and aborts it on cancel.
 */
#include "config.h"

#include "domus-domain-save.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-domain-progress-private.h"
#include "domus-libvirt-private.h"

typedef struct {
    char *uuid;
    char *what;          /* "Saving “web01” on Demo Host failed" */
    char *cancelled;     /* "Saving “web01” was cancelled; …" */
    DomusSaveProgressFunc progress;
    gpointer progress_data;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
    g_free (job->uuid);
    g_free (job->what);
    g_free (job->cancelled);
    g_free (job);
}

static int
managed_save_call (virDomainPtr dom, gpointer data)
{
    return virDomainManagedSave (dom, 0);
}

static void
save_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    SaveJob *job = task_data;

    domus_domain_run_long_job (task, conn, job->uuid, job->what, managed_save_call, NULL,
                               job->progress, job->progress_data, cancellable,
                               job->cancelled);
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
    job->uuid = g_strdup (domus_domain_get_uuid (domain));
    job->what = g_strdup_printf (_("Saving “%s” on %s failed"),
                                 domus_domain_get_name (domain),
                                 domus_connection_get_display_name (conn));
    job->cancelled = g_strdup_printf (_("Saving “%s” was cancelled; the guest keeps running"),
                                      domus_domain_get_name (domain));
    job->progress = progress;
    job->progress_data = progress_data;
    domus_connection_run_job (conn, save_job, job, (GDestroyNotify) save_job_free,
                              cancellable, callback, user_data);
}

gboolean
domus_domain_save_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    SaveJob *job;
    GError *own = NULL;

    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);

    if (g_task_propagate_boolean (G_TASK (result), &own))
        return TRUE;
    /* Cancelled before its turn on the worker: the worker ended the task
     * with GIO's words; nothing was saved either way. */
    job = g_task_get_task_data (G_TASK (result));
    if (g_error_matches (own, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
        g_strcmp0 (own->message, job->cancelled) != 0) {
        g_free (own->message);
        own->message = g_strdup (job->cancelled);
    }
    g_propagate_error (error, own);
    return FALSE;
}
