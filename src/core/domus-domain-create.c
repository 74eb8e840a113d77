/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The worker jobs behind the New Virtual Machine assistant. The create job
 * makes the new disk, defines the guest and starts it; when a step fails it
 * removes what this job created, in reverse order, and says so. A disk the
 * user chose (an imported one) is never removed.
 */
#include "config.h"

#include "domus-domain-create.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-storage-private.h"

DomusCreatePlan *
domus_create_plan_new (void)
{
    DomusCreatePlan *plan = g_new0 (DomusCreatePlan, 1);

    plan->config = domus_domain_config_new ();
    return plan;
}

void
domus_create_plan_free (DomusCreatePlan *plan)
{
    if (plan == NULL)
        return;
    domus_domain_config_free (plan->config);
    g_free (plan->volume_pool);
    g_free (plan->volume_name);
    g_free (plan->xml_override);
    g_free (plan);
}

typedef struct {
    DomusCreatePlan *plan;
    char *host;
} CreateJob;

static void
create_job_free (CreateJob *job)
{
    domus_create_plan_free (job->plan);
    g_free (job->host);
    g_free (job);
}

/* Removes the volume this job created; @error (set) gets a sentence on
 * what happened to it. */
static void
remove_new_volume (virConnectPtr conn, DomusCreatePlan *plan, GError **error)
{
    g_autoptr(GError) cleanup_error = NULL;
    char *message;

    if (domus_storage_delete_volume_on (conn, plan->volume_pool, plan->volume_name,
                                        &cleanup_error))
        message = g_strdup_printf (_("%s\nThe new disk “%s” was removed again."),
                                   (*error)->message, plan->volume_name);
    else
        message = g_strdup_printf (_("%s\nRemoving the new disk “%s” failed too: %s"),
                                   (*error)->message, plan->volume_name,
                                   cleanup_error->message);
    g_free ((*error)->message);
    (*error)->message = message;
}

static void
undefine_new_guest (virDomainPtr dom, GError **error)
{
    char *message;

    virDomainDestroy (dom);
    virResetLastError ();
    if (virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_NVRAM) == 0 ||
        virDomainUndefine (dom) == 0)
        message = g_strdup_printf (_("%s\nThe new guest was removed again."),
                                   (*error)->message);
    else
        message = g_strdup_printf (_("%s\nRemoving the new guest failed too: %s"),
                                   (*error)->message,
                                   virGetLastErrorMessage ());
    g_free ((*error)->message);
    (*error)->message = message;
}

static void
create_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    CreateJob *job = task_data;
    DomusCreatePlan *plan = job->plan;
    const char *name = plan->config->name;
    gboolean made_volume = FALSE;
    g_autoptr(virDomain) dom = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *defined_name = NULL;
    GError *error = NULL;
    char uuid[VIR_UUID_STRING_BUFLEN];

    if (plan->volume_pool != NULL) {
        char *path = domus_storage_create_volume_on (conn, plan->volume_pool,
                                                     plan->volume_name,
                                                     plan->config->disk_format,
                                                     plan->volume_bytes, &error);

        if (path == NULL) {
            g_task_return_error (task, error);
            return;
        }
        g_free (plan->config->disk_path);
        plan->config->disk_path = path;
        /* A logical volume, a partition, a LUN: the guest gets a device. */
        plan->config->disk_is_block = g_str_has_prefix (path, "/dev/");
        made_volume = TRUE;
    }

    xml = plan->xml_override != NULL ? g_strdup (plan->xml_override)
                                     : domus_domain_config_to_xml (plan->config, &error);
    if (xml != NULL)
        dom = virDomainDefineXML (conn, xml);
    if (dom == NULL) {
        if (error == NULL) {
            g_autofree char *what = g_strdup_printf (_("Defining “%s” on %s failed"),
                                                     name, job->host);

            domus_set_error_from_libvirt (&error, what);
        }
        if (made_volume)
            remove_new_volume (conn, plan, &error);
        g_task_return_error (task, error);
        return;
    }

    /* The name as defined (customized XML may differ), read before the
     * call: every libvirt call clears the last error. */
    defined_name = g_strdup (virDomainGetName (dom));
    if (plan->start && virDomainCreate (dom) < 0) {
        g_autofree char *what = g_strdup_printf (_("Starting “%s” on %s failed"),
                                                 defined_name, job->host);

        domus_set_error_from_libvirt (&error, what);
        undefine_new_guest (dom, &error);
        if (made_volume)
            remove_new_volume (conn, plan, &error);
        g_task_return_error (task, error);
        return;
    }
    virDomainGetUUIDString (dom, uuid);
    g_task_return_pointer (task, g_strdup (uuid), g_free);
}

void
domus_domain_create_async (DomusConnection *conn, DomusCreatePlan *plan,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
    CreateJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (plan != NULL && plan->config != NULL);

    job = g_new0 (CreateJob, 1);
    job->plan = plan;
    job->host = g_strdup (domus_connection_get_display_name (conn));
    domus_connection_run_job (conn, create_job, job, (GDestroyNotify) create_job_free,
                              cancellable, callback, user_data);
}

char *
domus_domain_create_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}
