/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Managed save as a worker job. virDomainManagedSave blocks until the
 * memory is written; domus_domain_run_with_progress() runs it beside the
 * worker, which reports the job's progress and aborts it on cancel.
 */
#include "config.h"

#include "domus-domain-save.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-domain-progress-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"

typedef struct {
    char *uuid;
    char *what;          /* "Saving “web01” on Demo Host failed" */
    DomusSaveProgressFunc progress;
    gpointer progress_data;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
    g_free (job->uuid);
    g_free (job->what);
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
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autofree char *message = NULL;
    gboolean aborted;
    GError *error = NULL;

    if (dom == NULL) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    if (domus_domain_run_with_progress (task, dom, managed_save_call, NULL, job->progress,
                                        job->progress_data, cancellable, &message,
                                        &aborted) < 0) {
        if (aborted || g_cancellable_is_cancelled (cancellable)) {
            g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                     _("The save was cancelled"));
            return;
        }
        g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT, "%s: %s",
                                 job->what,
                                 message ? message : _("libvirt gave no reason"));
        return;
    }
    domus_domain_post_progress (task, job->progress, job->progress_data, 1.0);
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
