/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The disk source check (domus-storage-path.h), a job on the host's
 * worker: the active pools whose target directory holds the path are
 * refreshed (a file copied in since shows), then virStorageVolLookupByPath
 * says whether the host has it. What crosses back is the state and the
 * sentence for the user.
 */
#include "config.h"

#include "domus-storage-path.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-storage.h"
#include "domus-storage-private.h"

typedef struct {
    char *source;
    char *host;
    DomusPathState state;
    char *message;
} PathJob;

static void
path_job_free (PathJob *job)
{
    g_free (job->source);
    g_free (job->host);
    g_free (job->message);
    g_free (job);
}

/* "pool/volume": the pool looked up by name, refreshed, and the volume in
 * it. */
static void
check_pool_volume (PathJob *job, virConnectPtr conn)
{
    const char *slash = strchr (job->source, '/');
    g_autofree char *pool_name = g_strndup (job->source,
                                            slash != NULL ? (gsize) (slash - job->source)
                                                          : strlen (job->source));
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, pool_name);
    g_autoptr(virStorageVol) vol = NULL;

    if (pool == NULL || slash == NULL || slash[1] == '\0') {
        job->state = DOMUS_PATH_MISSING;
        job->message = pool == NULL
                       ? g_strdup_printf (_("No storage pool “%s” on host %s"), pool_name,
                                          job->host)
                       : g_strdup (_("Name a volume after the pool: pool/volume"));
        return;
    }
    if (virStoragePoolIsActive (pool) == 1)
        virStoragePoolRefresh (pool, 0);
    vol = virStorageVolLookupByName (pool, slash + 1);
    job->state = vol != NULL ? DOMUS_PATH_FOUND : DOMUS_PATH_MISSING;
    if (vol == NULL)
        job->message = g_strdup_printf (_("No volume “%s” in pool “%s” on host %s"), slash + 1,
                                        pool_name, job->host);
}

static gboolean
in_directory (const char *path, const char *dir)
{
    gsize n = strlen (dir);

    while (n > 1 && dir[n - 1] == '/')
        n--;
    return strncmp (path, dir, n) == 0 && path[n] == '/';
}

static void
check_path_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    PathJob *job = task_data;
    virStoragePoolPtr *pools = NULL;
    g_autoptr(virStorageVol) vol = NULL;
    gboolean in_pool = FALSE;
    int n;

    if (job->source[0] != '/') {
        check_pool_volume (job, conn);
        virResetLastError ();
        g_task_return_boolean (task, TRUE);
        return;
    }
    n = virConnectListAllStoragePools (conn, &pools, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
    if (n < 0) {
        GError *error = NULL;

        domus_set_error_from_libvirt (&error, _("Reading the host’s storage pools failed"));
        g_task_return_error (task, error);
        return;
    }
    for (int i = 0; i < n; i++) {
        DomusPoolInfo *info = domus_storage_read_pool (pools[i]);

        if (info->target_path != NULL && in_directory (job->source, info->target_path)) {
            in_pool = TRUE;
            virStoragePoolRefresh (pools[i], 0);
        }
        domus_pool_info_free (info);
        virStoragePoolFree (pools[i]);
    }
    free (pools);
    vol = virStorageVolLookupByPath (conn, job->source);
    if (vol != NULL) {
        job->state = DOMUS_PATH_FOUND;
    } else if (in_pool) {
        job->state = DOMUS_PATH_MISSING;
        job->message = g_strdup_printf (_("No volume or file at %s on host %s"), job->source,
                                        job->host);
    } else {
        job->state = DOMUS_PATH_UNCHECKED;
        job->message = g_strdup_printf (_("%s is not in a storage pool of host %s: Domus "
                                          "cannot check that it exists."), job->source,
                                        job->host);
    }
    virResetLastError ();
    g_task_return_boolean (task, TRUE);
}

void
domus_storage_check_path_async (DomusConnection *conn, const char *source,
                                const char *host_name, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
    PathJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (source != NULL && *source != '\0');

    job = g_new0 (PathJob, 1);
    job->source = g_strdup (source);
    job->host = g_strdup (host_name != NULL ? host_name : domus_connection_get_uri (conn));
    domus_connection_run_job (conn, check_path_job, job, (GDestroyNotify) path_job_free,
                              cancellable, callback, user_data);
}

DomusPathState
domus_storage_check_path_finish (DomusConnection *conn, GAsyncResult *result, char **message,
                                 GError **error)
{
    PathJob *job;

    g_return_val_if_fail (g_task_is_valid (result, conn), DOMUS_PATH_UNCHECKED);

    if (message != NULL)
        *message = NULL;
    if (!g_task_propagate_boolean (G_TASK (result), error))
        return DOMUS_PATH_UNCHECKED;
    job = g_task_get_task_data (G_TASK (result));
    if (message != NULL)
        *message = g_strdup (job->message);
    return job->state;
}
