/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Storage pools and volumes as worker jobs. Every call here runs on the
 * host's worker thread; what crosses back to the main thread is plain data
 * (DomusPoolInfo, DomusVolumeInfo, paths). Volume XML is built with libxml2.
 */
#include "config.h"

#include "domus-storage.h"
#include "domus-storage-private.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-xml.h"

void
domus_pool_info_free (DomusPoolInfo *info)
{
    if (info == NULL)
        return;
    g_free (info->name);
    g_free (info->type);
    g_free (info->target_path);
    g_free (info);
}

void
domus_volume_info_free (DomusVolumeInfo *info)
{
    if (info == NULL)
        return;
    g_free (info->name);
    g_free (info->pool);
    g_free (info->path);
    g_free (info->format);
    g_strfreev (info->users);
    g_free (info);
}

DomusVolumeInfo *
domus_volume_info_copy (const DomusVolumeInfo *info)
{
    DomusVolumeInfo *copy = g_memdup2 (info, sizeof *info);

    copy->name = g_strdup (info->name);
    copy->pool = g_strdup (info->pool);
    copy->path = g_strdup (info->path);
    copy->format = g_strdup (info->format);
    copy->users = g_strdupv (info->users);
    return copy;
}

gboolean
domus_storage_pool_holds_files (const char *pool_type)
{
    static const char *const file_pools[] = { "dir", "fs", "netfs", NULL };

    return pool_type != NULL && g_strv_contains (file_pools, pool_type);
}

gboolean
domus_storage_pool_has_fixed_volumes (const char *pool_type)
{
    static const char *const fixed[] = { "iscsi", "iscsi-direct", "scsi", "mpath", NULL };

    return pool_type != NULL && g_strv_contains (fixed, pool_type);
}

const char *const *
domus_storage_pool_formats (const char *pool_type)
{
    static const char *const files[] = { "qcow2", "raw", NULL };
    static const char *const blocks[] = { "raw", NULL };

    return domus_storage_pool_holds_files (pool_type) ? files : blocks;
}

typedef struct {
    char *pool;
    char *name;
    char *format;
    guint64 capacity;
} StorageJob;

static void
storage_job_free (StorageJob *job)
{
    g_free (job->pool);
    g_free (job->name);
    g_free (job->format);
    g_free (job);
}

static StorageJob *
storage_job_new (const char *pool, const char *name, const char *format, guint64 capacity)
{
    StorageJob *job = g_new0 (StorageJob, 1);

    job->pool = g_strdup (pool);
    job->name = g_strdup (name);
    job->format = g_strdup (format);
    job->capacity = capacity;
    return job;
}

static int
compare_pools (gconstpointer a, gconstpointer b)
{
    return g_strcmp0 ((*(DomusPoolInfo *const *) a)->name, (*(DomusPoolInfo *const *) b)->name);
}

DomusPoolInfo *
domus_storage_read_pool (virStoragePoolPtr pool)
{
    DomusPoolInfo *info = g_new0 (DomusPoolInfo, 1);
    virStoragePoolInfo raw;
    int autostart = 0;
    g_autofree char *xml = virStoragePoolGetXMLDesc (pool, 0);

    info->name = g_strdup (virStoragePoolGetName (pool));
    if (virStoragePoolGetInfo (pool, &raw) == 0) {
        info->active = raw.state == VIR_STORAGE_POOL_RUNNING;
        info->capacity = raw.capacity;
        info->allocation = raw.allocation;
        info->available = raw.available;
        info->state = raw.state;
    }
    if (virStoragePoolGetAutostart (pool, &autostart) == 0)
        info->autostart = autostart != 0;
    info->persistent = virStoragePoolIsPersistent (pool) == 1;
    virResetLastError ();
    if (xml != NULL) {
        g_autoptr(xmlDoc) doc = domus_xml_parse (xml, NULL);
        g_autoptr(xmlXPathContext) ctx = doc != NULL ? xmlXPathNewContext (doc) : NULL;

        if (ctx != NULL) {
            info->type = domus_xml_get_string (ctx, NULL, "string(/pool/@type)");
            info->target_path = domus_xml_get_string (ctx, NULL, "string(/pool/target/path)");
        }
    }
    return info;
}

static void
list_pools_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    virStoragePoolPtr *pools = NULL;
    int n = virConnectListAllStoragePools (conn, &pools, 0);
    GPtrArray *out;
    GError *error = NULL;

    if (n < 0) {
        domus_set_error_from_libvirt (&error, _("Listing the storage pools failed"));
        g_task_return_error (task, error);
        return;
    }
    out = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_pool_info_free);
    for (int i = 0; i < n; i++) {
        g_ptr_array_add (out, domus_storage_read_pool (pools[i]));
        virStoragePoolFree (pools[i]);
    }
    free (pools);
    g_ptr_array_sort (out, compare_pools);
    g_task_return_pointer (task, out, (GDestroyNotify) g_ptr_array_unref);
}

void
domus_storage_list_pools_async (DomusConnection *conn, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    domus_connection_run_job (conn, list_pools_job, NULL, NULL, cancellable, callback,
                              user_data);
}

GPtrArray *
domus_storage_list_pools_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

DomusVolumeInfo *
domus_storage_read_volume (virStoragePoolPtr pool, virStorageVolPtr vol)
{
    DomusVolumeInfo *info = g_new0 (DomusVolumeInfo, 1);
    virStorageVolInfo raw;
    g_autofree char *path = virStorageVolGetPath (vol);
    g_autofree char *xml = virStorageVolGetXMLDesc (vol, 0);

    info->name = g_strdup (virStorageVolGetName (vol));
    info->pool = g_strdup (virStoragePoolGetName (pool));
    info->path = g_strdup (path);
    if (virStorageVolGetInfo (vol, &raw) == 0) {
        info->is_block = raw.type == VIR_STORAGE_VOL_BLOCK;
        info->capacity = raw.capacity;
        info->allocation = raw.allocation;
    }
    if (xml != NULL) {
        g_autoptr(xmlDoc) doc = domus_xml_parse (xml, NULL);
        g_autoptr(xmlXPathContext) ctx = doc != NULL ? xmlXPathNewContext (doc) : NULL;

        if (ctx != NULL)
            info->format = domus_xml_get_string (ctx, NULL,
                                                 "string(/volume/target/format/@type)");
    }
    return info;
}

static void
add_volumes (virStoragePoolPtr pool, GPtrArray *out)
{
    virStorageVolPtr *vols = NULL;
    int n;

    /* A refresh makes files copied into a directory pool appear; a pool
     * that cannot refresh still lists what it knows. */
    virStoragePoolRefresh (pool, 0);
    n = virStoragePoolListAllVolumes (pool, &vols, 0);
    for (int i = 0; i < n; i++) {
        g_ptr_array_add (out, domus_storage_read_volume (pool, vols[i]));
        virStorageVolFree (vols[i]);
    }
    free (vols);
}

static int
compare_volumes (gconstpointer a, gconstpointer b)
{
    const DomusVolumeInfo *va = *(DomusVolumeInfo *const *) a;
    const DomusVolumeInfo *vb = *(DomusVolumeInfo *const *) b;
    int c = g_strcmp0 (va->pool, vb->pool);

    return c != 0 ? c : g_strcmp0 (va->name, vb->name);
}

static void
list_volumes_job (GTask *task, virConnectPtr conn, gpointer task_data,
                  GCancellable *cancellable)
{
    StorageJob *job = task_data;
    GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_volume_info_free);
    GError *error = NULL;

    if (job->pool != NULL) {
        g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, job->pool);

        if (pool == NULL) {
            g_autofree char *what = g_strdup_printf (_("Reading storage pool “%s” failed"),
                                                     job->pool);

            domus_set_error_from_libvirt (&error, what);
            g_ptr_array_unref (out);
            g_task_return_error (task, error);
            return;
        }
        add_volumes (pool, out);
    } else {
        virStoragePoolPtr *pools = NULL;
        int n = virConnectListAllStoragePools (conn, &pools,
                                               VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);

        for (int i = 0; i < n; i++) {
            add_volumes (pools[i], out);
            virStoragePoolFree (pools[i]);
        }
        free (pools);
    }
    g_ptr_array_sort (out, compare_volumes);
    g_task_return_pointer (task, out, (GDestroyNotify) g_ptr_array_unref);
}

void
domus_storage_list_volumes_async (DomusConnection *conn, const char *pool,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    domus_connection_run_job (conn, list_volumes_job, storage_job_new (pool, NULL, NULL, 0),
                              (GDestroyNotify) storage_job_free, cancellable, callback,
                              user_data);
}

GPtrArray *
domus_storage_list_volumes_finish (DomusConnection *conn, GAsyncResult *result,
                                   GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

char *
domus_storage_volume_xml (const char *name, const char *format, guint64 capacity,
                          guint64 allocation)
{
    g_autoptr(xmlDoc) doc = xmlNewDoc (BAD_CAST "1.0");
    xmlNodePtr vol = xmlNewNode (NULL, BAD_CAST "volume");
    xmlNodePtr node, target;
    g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, capacity);
    g_autofree char *allocated = g_strdup_printf ("%" G_GUINT64_FORMAT, allocation);

    xmlDocSetRootElement (doc, vol);
    xmlNewTextChild (vol, NULL, BAD_CAST "name", BAD_CAST name);
    node = xmlNewTextChild (vol, NULL, BAD_CAST "capacity", BAD_CAST bytes);
    xmlNewProp (node, BAD_CAST "unit", BAD_CAST "bytes");
    node = xmlNewTextChild (vol, NULL, BAD_CAST "allocation", BAD_CAST allocated);
    xmlNewProp (node, BAD_CAST "unit", BAD_CAST "bytes");
    if (format != NULL) {
        target = xmlNewChild (vol, NULL, BAD_CAST "target", NULL);
        node = xmlNewChild (target, NULL, BAD_CAST "format", NULL);
        xmlNewProp (node, BAD_CAST "type", BAD_CAST format);
    }
    return domus_xml_to_string (doc, NULL);
}

char *
domus_storage_create_volume_on (virConnectPtr conn, const char *pool_name, const char *name,
                                const char *format, guint64 capacity, GError **error)
{
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, pool_name);
    g_autoptr(virStorageVol) vol = NULL;
    char *path;

    if (pool != NULL) {
        g_autoptr(DomusPoolInfo) info = domus_storage_read_pool (pool);
        gboolean files = domus_storage_pool_holds_files (info->type);
        /* A file grows as the guest writes: nothing allocated up front. A
         * logical volume asked for less than its size would be a snapshot
         * LV, which breaks once full: allocate it whole. */
        g_autofree char *xml = domus_storage_volume_xml (name, files ? format : NULL, capacity,
                                                         files ? 0 : capacity);

        vol = virStorageVolCreateXML (pool, xml, 0);
    }
    if (vol == NULL || (path = virStorageVolGetPath (vol)) == NULL) {
        g_autofree char *what = g_strdup_printf (_("Creating volume “%s” in pool “%s” failed"),
                                                 name, pool_name);

        domus_set_error_from_libvirt (error, what);
        return NULL;
    }
    /* libvirt allocates with malloc; hand out a GLib string. */
    {
        char *out = g_strdup (path);

        free (path);
        return out;
    }
}

gboolean
domus_storage_delete_volume_on (virConnectPtr conn, const char *pool_name, const char *name,
                                GError **error)
{
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, pool_name);
    g_autoptr(virStorageVol) vol = pool != NULL ? virStorageVolLookupByName (pool, name) : NULL;

    if (vol == NULL || virStorageVolDelete (vol, 0) < 0) {
        g_autofree char *what = g_strdup_printf (_("Deleting volume “%s” of pool “%s” failed"),
                                                 name, pool_name);

        domus_set_error_from_libvirt (error, what);
        return FALSE;
    }
    return TRUE;
}

static void
create_volume_job (GTask *task, virConnectPtr conn, gpointer task_data,
                   GCancellable *cancellable)
{
    StorageJob *job = task_data;
    GError *error = NULL;
    char *path = domus_storage_create_volume_on (conn, job->pool, job->name, job->format,
                                                 job->capacity, &error);

    if (path == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, path, g_free);
}

void
domus_storage_create_volume_async (DomusConnection *conn, const char *pool, const char *name,
                                   const char *format, guint64 capacity,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (pool != NULL && name != NULL);
    domus_connection_run_job (conn, create_volume_job,
                              storage_job_new (pool, name, format, capacity),
                              (GDestroyNotify) storage_job_free, cancellable, callback,
                              user_data);
}

char *
domus_storage_create_volume_finish (DomusConnection *conn, GAsyncResult *result,
                                    GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

static void
delete_volume_job (GTask *task, virConnectPtr conn, gpointer task_data,
                   GCancellable *cancellable)
{
    StorageJob *job = task_data;
    GError *error = NULL;

    if (domus_storage_delete_volume_on (conn, job->pool, job->name, &error))
        g_task_return_boolean (task, TRUE);
    else
        g_task_return_error (task, error);
}

void
domus_storage_delete_volume_async (DomusConnection *conn, const char *pool, const char *name,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (pool != NULL && name != NULL);
    domus_connection_run_job (conn, delete_volume_job, storage_job_new (pool, name, NULL, 0),
                              (GDestroyNotify) storage_job_free, cancellable, callback,
                              user_data);
}

gboolean
domus_storage_delete_volume_finish (DomusConnection *conn, GAsyncResult *result,
                                    GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}
