/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Restore of a full backup as a new guest, one worker job: the domain XML
 * read from the backup's folder on the host (storage API), each image
 * copied into the chosen pool (virStorageVolCreateXMLFrom, into the disk's
 * own format), the UEFI variables beside them, and the new definition
 * (the clone's XML rules: new name, UUID and MACs). An incremental backup
 * goes to domus-domain-backup-apply.c, which combines its chain. What a
 * failed restore copied is removed.
 */
#include "config.h"

#include "domus-domain-backup.h"
#include "domus-domain-backup-private.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-storage-private.h"

/* A domain XML larger than this is no domain XML. */
#define MAX_XML_BYTES (4 * 1024 * 1024)

typedef struct {
    char *folder;
    char *new_name;
    char *pool;
    char *what;
} RestoreJob;

static void
restore_job_free (RestoreJob *job)
{
    g_free (job->folder);
    g_free (job->new_name);
    g_free (job->pool);
    g_free (job->what);
    g_free (job);
}

/* Copies NAME of FOLDER into POOL as NEW_NAME in FORMAT; its path. */
static char *
copy_into (DomusHostDir *folder, const char *name, virStoragePoolPtr pool,
           const char *new_name, const char *format, GPtrArray *made, GError **error)
{
    g_autoptr(virStorageVol) source = virStorageVolLookupByName (folder->pool, name);
    virStorageVolPtr copy = NULL;
    virStorageVolInfo info;
    g_autofree char *xml = NULL;
    char *path;

    if (source != NULL && virStorageVolGetInfo (source, &info) == 0) {
        xml = domus_storage_volume_xml (new_name, format, info.capacity, 0);
        copy = virStorageVolCreateXMLFrom (pool, xml, source, 0);
    }
    if (copy == NULL) {
        g_autofree char *what = g_strdup_printf (_("Copying %s into the pool failed"), name);

        domus_set_error_from_libvirt (error, what);
        return NULL;
    }
    g_ptr_array_add (made, copy);
    path = virStorageVolGetPath (copy);
    {
        char *out = g_strdup (path);

        free (path);
        return out;
    }
}

static char *
restore (virConnectPtr conn, RestoreJob *job, DomusHostDir *folder, GPtrArray *made,
         GError **error)
{
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, job->pool);
    g_auto(GStrv) names = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *new_xml = NULL;
    g_autofree char *nvram = NULL;
    g_autofree char *nvram_copy = NULL;
    g_autoptr(GPtrArray) disks = NULL;
    g_autoptr(GPtrArray) targets = g_ptr_array_new ();
    g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(virDomain) dom = NULL;
    char uuid[VIR_UUID_STRING_BUFLEN];

    if (pool == NULL) {
        g_autofree char *what = g_strdup_printf (_("The pool “%s” cannot be used"),
                                                 job->pool);

        domus_set_error_from_libvirt (error, what);
        return NULL;
    }
    if ((names = domus_host_dir_list (folder, error)) == NULL ||
        (xml = domus_host_dir_read (folder, DOMUS_BACKUP_DOMAIN_XML, MAX_XML_BYTES,
                                    error)) == NULL ||
        (disks = domus_backup_disks_from_xml (xml, NULL, error)) == NULL)
        return NULL;
    for (guint i = 0; i < disks->len; i++) {
        DomusBackupDisk *disk = disks->pdata[i];
        const char *format = disk->format != NULL ? disk->format : "raw";
        g_autofree char *qcow2 = g_strconcat (disk->target, ".qcow2", NULL);
        g_autofree char *raw = g_strconcat (disk->target, ".img", NULL);
        const char *image = g_strv_contains ((const char * const *) names, qcow2) ? qcow2
                          : g_strv_contains ((const char * const *) names, raw) ? raw : NULL;
        g_autofree char *new_volume = NULL;
        char *path;

        if (image == NULL)
            continue;
        new_volume = g_strdup_printf ("%s-%s.%s", job->new_name, disk->target,
                                      g_str_equal (format, "qcow2") ? "qcow2" : "img");
        path = copy_into (folder, image, pool, new_volume, format, made, error);
        if (path == NULL)
            return NULL;
        g_ptr_array_add (targets, disk->target);
        g_ptr_array_add (paths, path);
    }
    g_ptr_array_add (targets, NULL);
    g_ptr_array_add (paths, NULL);

    nvram = domus_backup_nvram_from_xml (xml);
    if (nvram != NULL) {
        g_autofree char *base = g_path_get_basename (nvram);
        g_autofree char *new_volume = g_strdup_printf ("%s_VARS.fd", job->new_name);

        if (g_strv_contains ((const char * const *) names, base) &&
            (nvram_copy = copy_into (folder, base, pool, new_volume, "raw", made,
                                     error)) == NULL)
            return NULL;
    }
    new_xml = domus_backup_restore_xml (xml, job->new_name,
                                        (const char * const *) targets->pdata,
                                        (const char * const *) paths->pdata, nvram_copy,
                                        error);
    if (new_xml == NULL)
        return NULL;
    dom = virDomainDefineXML (conn, new_xml);
    if (dom == NULL || virDomainGetUUIDString (dom, uuid) < 0) {
        domus_set_error_from_libvirt (error, _("Defining the restored guest failed"));
        return NULL;
    }
    return g_strdup (uuid);
}

static void
vol_free (gpointer vol)
{
    virStorageVolFree (vol);
}

static void
restore_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    RestoreJob *job = task_data;
    g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (vol_free);
    DomusHostDir folder = { NULL };
    GError *error = NULL;
    char *uuid = NULL;

    if (domus_host_dir_open (conn, job->folder, FALSE, &folder, &error)) {
        uuid = restore (conn, job, &folder, made, &error);
        domus_host_dir_close (&folder);
    }
    if (uuid == NULL) {
        for (guint i = 0; i < made->len; i++)
            virStorageVolDelete (made->pdata[i], 0);
        virResetLastError ();
        g_prefix_error (&error, "%s: ", job->what);
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, uuid, g_free);
}

void
domus_backup_restore_async (DomusConnection *conn, const char *folder, const char *new_name,
                            const char *pool, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
    g_autofree char *folder_name = NULL;
    gboolean incremental = FALSE;
    RestoreJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (folder != NULL && new_name != NULL && pool != NULL);

    folder_name = g_path_get_basename (folder);
    if (domus_backup_parse_folder_name (folder_name, NULL, NULL, &incremental) && incremental) {
        domus_backup_restore_chain_async (conn, folder, new_name, pool, cancellable, callback,
                                          user_data);
        return;
    }

    job = g_new0 (RestoreJob, 1);
    job->folder = g_strdup (folder);
    job->new_name = g_strdup (new_name);
    job->pool = g_strdup (pool);
    job->what = g_strdup_printf (_("Restoring “%s” as “%s” failed"), folder, new_name);
    domus_connection_run_job (conn, restore_job, job, (GDestroyNotify) restore_job_free,
                              cancellable, callback, user_data);
}

char *
domus_backup_restore_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}
