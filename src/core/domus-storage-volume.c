/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Volume jobs. A listing asks libvirt for the pool's volumes in one call,
 * then reads each volume's XML (one call each, on the worker) and posts
 * them to the main context a batch at a time; which guests use a volume
 * comes from one read of every guest's XML per listing, not per volume.
 */
#include "config.h"

#include "domus-storage-volume.h"
#include "domus-storage-private.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-xml.h"

DomusVolumeSpec *
domus_volume_spec_new (const char *name, const char *format, guint64 capacity)
{
    DomusVolumeSpec *spec = g_new0 (DomusVolumeSpec, 1);

    spec->name = g_strdup (name);
    spec->format = g_strdup (format);
    spec->capacity = capacity;
    return spec;
}

void
domus_volume_spec_free (DomusVolumeSpec *spec)
{
    if (spec == NULL)
        return;
    g_free (spec->name);
    g_free (spec->format);
    g_free (spec->backing_path);
    g_free (spec->backing_format);
    g_free (spec);
}

static DomusVolumeSpec *
domus_volume_spec_copy (const DomusVolumeSpec *spec)
{
    DomusVolumeSpec *copy = domus_volume_spec_new (spec->name, spec->format, spec->capacity);

    copy->preallocate = spec->preallocate;
    copy->backing_path = g_strdup (spec->backing_path);
    copy->backing_format = g_strdup (spec->backing_format);
    return copy;
}

gboolean
domus_volume_spec_check (const DomusVolumeSpec *spec, const char *pool_type, GError **error)
{
    const char *const *formats = domus_storage_pool_formats (pool_type);

    g_return_val_if_fail (spec != NULL, FALSE);
    if (spec->name == NULL || *spec->name == '\0') {
        g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                             _("The volume needs a name."));
        return FALSE;
    }
    if (strchr (spec->name, '/') != NULL) {
        g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                             _("A volume name cannot contain “/”."));
        return FALSE;
    }
    if (spec->capacity == 0) {
        g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                             _("The volume needs a size."));
        return FALSE;
    }
    if (spec->format != NULL && !g_strv_contains (formats, spec->format)) {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                     _("This pool cannot hold %s volumes."), spec->format);
        return FALSE;
    }
    if (spec->backing_path != NULL && g_strcmp0 (spec->format, "qcow2") != 0) {
        g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                             _("Only a qcow2 volume can start from a backing volume."));
        return FALSE;
    }
    return TRUE;
}

char *
domus_volume_spec_to_xml (const DomusVolumeSpec *spec)
{
    g_autofree char *base = domus_storage_volume_xml (spec->name, spec->format, spec->capacity,
                                                      spec->preallocate ? spec->capacity : 0);
    g_autoptr(xmlDoc) doc = NULL;
    xmlNodePtr backing, node;

    if (spec->backing_path == NULL)
        return g_steal_pointer (&base);
    doc = domus_xml_parse (base, NULL);
    backing = xmlNewChild (xmlDocGetRootElement (doc), NULL, BAD_CAST "backingStore", NULL);
    xmlNewTextChild (backing, NULL, BAD_CAST "path", BAD_CAST spec->backing_path);
    node = xmlNewChild (backing, NULL, BAD_CAST "format", NULL);
    xmlNewProp (node, BAD_CAST "type",
                BAD_CAST (spec->backing_format != NULL ? spec->backing_format : "raw"));
    return domus_xml_to_string (doc, NULL);
}

/* ---- which guests use what ---- */

static void
add_user (GHashTable *users, const char *key, const char *guest)
{
    GPtrArray *names = g_hash_table_lookup (users, key);

    if (names == NULL) {
        names = g_ptr_array_new_with_free_func (g_free);
        g_hash_table_insert (users, g_strdup (key), names);
    }
    if (!g_ptr_array_find_with_equal_func (names, guest, g_str_equal, NULL))
        g_ptr_array_add (names, g_strdup (guest));
}

/* Disk source paths, and "pool\nvolume" for disks of type volume, to the
 * names of the guests that have them: one XML read per guest. */
static GHashTable *
read_users (virConnectPtr conn)
{
    GHashTable *users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_ptr_array_unref);
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains (conn, &doms, 0);

    for (int i = 0; i < n; i++) {
        g_autofree char *xml = virDomainGetXMLDesc (doms[i], 0);
        g_autoptr(xmlDoc) doc = xml != NULL ? domus_xml_parse (xml, NULL) : NULL;
        g_autoptr(xmlXPathContext) ctx = doc != NULL ? xmlXPathNewContext (doc) : NULL;
        const char *guest = virDomainGetName (doms[i]);

        if (ctx != NULL) {
            g_autoptr(GPtrArray) disks = domus_xml_get_nodes (ctx, NULL,
                                                              "/domain/devices/disk/source");

            for (guint d = 0; d < disks->len; d++) {
                xmlNodePtr source = g_ptr_array_index (disks, d);
                g_autofree char *file = domus_xml_get_string (ctx, source, "string(@file)");
                g_autofree char *dev = domus_xml_get_string (ctx, source, "string(@dev)");
                g_autofree char *pool = domus_xml_get_string (ctx, source, "string(@pool)");
                g_autofree char *vol = domus_xml_get_string (ctx, source, "string(@volume)");

                if (file != NULL)
                    add_user (users, file, guest);
                if (dev != NULL)
                    add_user (users, dev, guest);
                if (pool != NULL && vol != NULL) {
                    g_autofree char *key = g_strconcat (pool, "\n", vol, NULL);

                    add_user (users, key, guest);
                }
            }
        }
        virDomainFree (doms[i]);
    }
    free (doms);
    virResetLastError ();
    return users;
}

static GStrv
users_of (GHashTable *users, const DomusVolumeInfo *info)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_autofree char *key = g_strconcat (info->pool, "\n", info->name, NULL);
    GPtrArray *by_path = info->path != NULL ? g_hash_table_lookup (users, info->path) : NULL;
    GPtrArray *by_name = g_hash_table_lookup (users, key);
    GStrv out;

    if (by_path == NULL && by_name == NULL)
        return NULL;
    for (guint i = 0; by_path != NULL && i < by_path->len; i++)
        g_strv_builder_add (builder, g_ptr_array_index (by_path, i));
    for (guint i = 0; by_name != NULL && i < by_name->len; i++)
        if (by_path == NULL ||
            !g_ptr_array_find_with_equal_func (by_path, g_ptr_array_index (by_name, i),
                                               g_str_equal, NULL))
            g_strv_builder_add (builder, g_ptr_array_index (by_name, i));
    out = g_strv_builder_end (builder);
    return out;
}

/* One call: the volume's XML holds all the list shows. */
static DomusVolumeInfo *
read_volume_xml (const char *pool, virStorageVolPtr vol)
{
    DomusVolumeInfo *info = g_new0 (DomusVolumeInfo, 1);
    g_autofree char *xml = virStorageVolGetXMLDesc (vol, 0);
    g_autoptr(xmlDoc) doc = xml != NULL ? domus_xml_parse (xml, NULL) : NULL;
    g_autoptr(xmlXPathContext) ctx = doc != NULL ? xmlXPathNewContext (doc) : NULL;

    info->name = g_strdup (virStorageVolGetName (vol));
    info->pool = g_strdup (pool);
    if (ctx != NULL) {
        g_autofree char *type = domus_xml_get_string (ctx, NULL, "string(/volume/@type)");
        g_autofree char *capacity = domus_xml_get_string (ctx, NULL, "string(/volume/capacity)");
        g_autofree char *allocation = domus_xml_get_string (ctx, NULL,
                                                            "string(/volume/allocation)");

        info->path = domus_xml_get_string (ctx, NULL, "string(/volume/target/path)");
        info->format = domus_xml_get_string (ctx, NULL, "string(/volume/target/format/@type)");
        info->is_block = g_strcmp0 (type, "block") == 0;
        /* libvirt writes both in bytes. */
        info->capacity = capacity != NULL ? g_ascii_strtoull (capacity, NULL, 10) : 0;
        info->allocation = allocation != NULL ? g_ascii_strtoull (allocation, NULL, 10) : 0;
    } else {
        virResetLastError ();
    }
    return info;
}

typedef struct {
    GTask *task;
    GPtrArray *batch;
    DomusVolumeBatchFunc func;
    gpointer data;
} BatchDelivery;

static void
batch_delivery_free (BatchDelivery *delivery)
{
    g_object_unref (delivery->task);
    g_ptr_array_unref (delivery->batch);
    g_free (delivery);
}

static gboolean
deliver_batch_cb (gpointer data)
{
    BatchDelivery *delivery = data;
    GCancellable *cancellable = g_task_get_cancellable (delivery->task);

    if (!g_cancellable_is_cancelled (cancellable))
        delivery->func (delivery->batch, delivery->data);
    return G_SOURCE_REMOVE;
}

typedef struct {
    char *pool;
    char *name;
    char *new_name;
    char *format;
    guint64 capacity;
    gboolean flag;
    DomusVolumeSpec *spec;
    DomusVolumeBatchFunc batch;
    gpointer batch_data;
} VolumeJob;

static void
volume_job_free (VolumeJob *job)
{
    g_free (job->pool);
    g_free (job->name);
    g_free (job->new_name);
    g_free (job->format);
    g_clear_pointer (&job->spec, domus_volume_spec_free);
    g_free (job);
}

static VolumeJob *
volume_job_new (const char *pool, const char *name)
{
    VolumeJob *job = g_new0 (VolumeJob, 1);

    job->pool = g_strdup (pool);
    job->name = g_strdup (name);
    return job;
}

static void
post_batch (GTask *task, VolumeJob *job, GPtrArray *batch)
{
    BatchDelivery *delivery = g_new0 (BatchDelivery, 1);
    g_autoptr(GSource) source = g_idle_source_new ();

    delivery->task = g_object_ref (task);
    delivery->batch = batch;
    delivery->func = job->batch;
    delivery->data = job->batch_data;
    /* Never g_main_context_invoke(): it could run here, on the worker. */
    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, deliver_batch_cb, delivery,
                           (GDestroyNotify) batch_delivery_free);
    g_source_attach (source, g_task_get_context (task));
}

/* Completes TASK with "WHAT: " and libvirt's message; takes WHAT. */
static void
return_libvirt_error (GTask *task, char *what_taken)
{
    GError *error = NULL;
    g_autofree char *what = what_taken;

    domus_set_error_from_libvirt (&error, what);
    g_task_return_error (task, error);
}

static void
list_batched_job (GTask *task, virConnectPtr conn, gpointer task_data,
                  GCancellable *cancellable)
{
    VolumeJob *job = task_data;
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, job->pool);
    g_autoptr(GHashTable) users = NULL;
    virStorageVolPtr *vols = NULL;
    GPtrArray *batch = NULL;
    int n;

    if (pool == NULL) {
        return_libvirt_error (task, g_strdup_printf (_("Reading storage pool “%s” failed"),
                                                     job->pool));
        return;
    }
    /* A refresh makes files copied into a directory pool appear; a pool
     * that cannot refresh still lists what it knows. */
    if (virStoragePoolIsActive (pool) == 1)
        virStoragePoolRefresh (pool, 0);
    virResetLastError ();
    n = virStoragePoolListAllVolumes (pool, &vols, 0);
    if (n < 0) {
        return_libvirt_error (task,
                              g_strdup_printf (_("Listing the volumes of pool “%s” failed"),
                                               job->pool));
        return;
    }
    users = read_users (conn);
    for (int i = 0; i < n; i++) {
        if (!g_cancellable_is_cancelled (cancellable)) {
            DomusVolumeInfo *info = read_volume_xml (job->pool, vols[i]);

            info->users = users_of (users, info);
            if (batch == NULL)
                batch = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_volume_info_free);
            g_ptr_array_add (batch, info);
            if (batch->len == DOMUS_STORAGE_VOLUME_BATCH)
                post_batch (task, job, g_steal_pointer (&batch));
        }
        virStorageVolFree (vols[i]);
    }
    free (vols);
    if (batch != NULL)
        post_batch (task, job, g_steal_pointer (&batch));
    if (g_task_return_error_if_cancelled (task))
        return;
    g_task_return_int (task, n);
}

void
domus_storage_list_volumes_batched_async (DomusConnection *conn, const char *pool,
                                          DomusVolumeBatchFunc batch, gpointer batch_data,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data)
{
    VolumeJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (pool != NULL && batch != NULL);
    job = volume_job_new (pool, NULL);
    job->batch = batch;
    job->batch_data = batch_data;
    domus_connection_run_job (conn, list_batched_job, job, (GDestroyNotify) volume_job_free,
                              cancellable, callback, user_data);
}

gboolean
domus_storage_list_volumes_batched_finish (DomusConnection *conn, GAsyncResult *result,
                                           guint *count, GError **error)
{
    gssize n;

    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    n = g_task_propagate_int (G_TASK (result), error);
    if (n < 0)
        return FALSE;
    if (count != NULL)
        *count = (guint) n;
    return TRUE;
}

static char *
steal_libvirt_string (char *s)
{
    char *out = g_strdup (s);

    free (s);
    return out;
}

static void
create_spec_job (GTask *task, virConnectPtr conn, gpointer task_data,
                 GCancellable *cancellable)
{
    VolumeJob *job = task_data;
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, job->pool);
    g_autoptr(DomusPoolInfo) info = pool != NULL ? domus_storage_read_pool (pool) : NULL;
    g_autofree char *xml = NULL;
    g_autoptr(virStorageVol) vol = NULL;
    char *path;

    /* A logical volume asked for less than its size would be a snapshot
     * LV, which breaks once full: block volumes are allocated whole. */
    if (info != NULL && !domus_storage_pool_holds_files (info->type))
        job->spec->preallocate = TRUE;
    xml = domus_volume_spec_to_xml (job->spec);
    vol = pool != NULL ? virStorageVolCreateXML (pool, xml, 0) : NULL;
    path = vol != NULL ? virStorageVolGetPath (vol) : NULL;

    if (path == NULL) {
        return_libvirt_error (task,
                              g_strdup_printf (_("Creating volume “%s” in pool “%s” failed"),
                                               job->spec->name, job->pool));
        return;
    }
    g_task_return_pointer (task, steal_libvirt_string (path), g_free);
}

void
domus_storage_create_volume_spec_async (DomusConnection *conn, const char *pool,
                                        const DomusVolumeSpec *spec, GCancellable *cancellable,
                                        GAsyncReadyCallback callback, gpointer user_data)
{
    VolumeJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (pool != NULL && spec != NULL && spec->name != NULL);
    job = volume_job_new (pool, NULL);
    job->spec = domus_volume_spec_copy (spec);
    domus_connection_run_job (conn, create_spec_job, job, (GDestroyNotify) volume_job_free,
                              cancellable, callback, user_data);
}

char *
domus_storage_create_volume_spec_finish (DomusConnection *conn, GAsyncResult *result,
                                         GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

/* Looks up the job's volume; on failure completes TASK with WHAT. */
static gboolean
lookup (GTask *task, virConnectPtr conn, VolumeJob *job, const char *what,
        virStoragePoolPtr *pool, virStorageVolPtr *vol)
{
    *pool = virStoragePoolLookupByName (conn, job->pool);
    *vol = *pool != NULL ? virStorageVolLookupByName (*pool, job->name) : NULL;
    if (*vol == NULL) {
        return_libvirt_error (task, g_strdup (what));
        return FALSE;
    }
    return TRUE;
}

static void
remove_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    VolumeJob *job = task_data;
    g_autofree char *what = g_strdup_printf (_("Deleting volume “%s” of pool “%s” failed"),
                                             job->name, job->pool);
    g_autoptr(virStoragePool) pool = NULL;
    g_autoptr(virStorageVol) vol = NULL;

    if (!lookup (task, conn, job, what, &pool, &vol))
        return;
    if (!job->flag) {
        g_autoptr(GHashTable) users = read_users (conn);
        g_autoptr(DomusVolumeInfo) info = read_volume_xml (job->pool, vol);
        g_auto(GStrv) names = users_of (users, info);

        if (names != NULL) {
            g_autofree char *list = g_strjoinv (", ", names);

            g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_IN_USE,
                                     g_dngettext (GETTEXT_PACKAGE,
                                                  "Volume “%s” is a disk of guest %s.",
                                                  "Volume “%s” is a disk of guests %s.",
                                                  g_strv_length (names)),
                                     job->name, list);
            return;
        }
    }
    if (virStorageVolDelete (vol, 0) < 0)
        return_libvirt_error (task, g_strdup (what));
    else
        g_task_return_boolean (task, TRUE);
}

void
domus_storage_remove_volume_async (DomusConnection *conn, const char *pool, const char *name,
                                   gboolean even_if_used, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
    VolumeJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (pool != NULL && name != NULL);
    job = volume_job_new (pool, name);
    job->flag = even_if_used;
    domus_connection_run_job (conn, remove_job, job, (GDestroyNotify) volume_job_free,
                              cancellable, callback, user_data);
}

gboolean
domus_storage_remove_volume_finish (DomusConnection *conn, GAsyncResult *result,
                                    GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}

static void
wipe_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    VolumeJob *job = task_data;
    g_autofree char *what = g_strdup_printf (_("Wiping volume “%s” of pool “%s” failed"),
                                             job->name, job->pool);
    g_autoptr(virStoragePool) pool = NULL;
    g_autoptr(virStorageVol) vol = NULL;

    if (!lookup (task, conn, job, what, &pool, &vol))
        return;
    if (virStorageVolWipe (vol, 0) < 0)
        return_libvirt_error (task, g_strdup (what));
    else
        g_task_return_boolean (task, TRUE);
}

void
domus_storage_wipe_volume_async (DomusConnection *conn, const char *pool, const char *name,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (pool != NULL && name != NULL);
    domus_connection_run_job (conn, wipe_job, volume_job_new (pool, name),
                              (GDestroyNotify) volume_job_free, cancellable, callback,
                              user_data);
}

gboolean
domus_storage_wipe_volume_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}

static void
resize_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    VolumeJob *job = task_data;
    g_autofree char *what = g_strdup_printf (_("Resizing volume “%s” of pool “%s” failed"),
                                             job->name, job->pool);
    g_autoptr(virStoragePool) pool = NULL;
    g_autoptr(virStorageVol) vol = NULL;
    virStorageVolInfo info;

    if (!lookup (task, conn, job, what, &pool, &vol))
        return;
    if (virStorageVolGetInfo (vol, &info) < 0) {
        return_libvirt_error (task, g_strdup (what));
        return;
    }
    if (job->capacity < info.capacity && !job->flag) {
        g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                                 _("Shrinking volume “%s” would lose the data at its end."),
                                 job->name);
        return;
    }
    if (virStorageVolResize (vol, job->capacity,
                             job->capacity < info.capacity ? VIR_STORAGE_VOL_RESIZE_SHRINK : 0)
        < 0)
        return_libvirt_error (task, g_strdup (what));
    else
        g_task_return_boolean (task, TRUE);
}

void
domus_storage_resize_volume_async (DomusConnection *conn, const char *pool, const char *name,
                                   guint64 capacity, gboolean shrink,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data)
{
    VolumeJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (pool != NULL && name != NULL && capacity > 0);
    job = volume_job_new (pool, name);
    job->capacity = capacity;
    job->flag = shrink;
    domus_connection_run_job (conn, resize_job, job, (GDestroyNotify) volume_job_free,
                              cancellable, callback, user_data);
}

gboolean
domus_storage_resize_volume_finish (DomusConnection *conn, GAsyncResult *result,
                                    GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clone_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    VolumeJob *job = task_data;
    g_autofree char *what = g_strdup_printf (_("Copying volume “%s” of pool “%s” failed"),
                                             job->name, job->pool);
    g_autoptr(virStoragePool) pool = NULL;
    g_autoptr(virStorageVol) vol = NULL;
    g_autoptr(virStorageVol) copy = NULL;
    g_autoptr(DomusVolumeInfo) info = NULL;
    g_autoptr(DomusPoolInfo) pool_info = NULL;
    g_autofree char *xml = NULL;
    char *path;

    if (!lookup (task, conn, job, what, &pool, &vol))
        return;
    info = read_volume_xml (job->pool, vol);
    pool_info = domus_storage_read_pool (pool);
    /* Block pools keep their own format; files take the one asked for. */
    xml = domus_storage_volume_xml (job->new_name,
                                    domus_storage_pool_holds_files (pool_info->type)
                                        ? (job->format != NULL ? job->format : info->format)
                                        : NULL,
                                    info->capacity, 0);
    copy = virStorageVolCreateXMLFrom (pool, xml, vol, 0);
    path = copy != NULL ? virStorageVolGetPath (copy) : NULL;
    if (path == NULL) {
        return_libvirt_error (task, g_strdup (what));
        return;
    }
    g_task_return_pointer (task, steal_libvirt_string (path), g_free);
}

void
domus_storage_clone_volume_async (DomusConnection *conn, const char *pool, const char *name,
                                  const char *new_name, const char *format,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data)
{
    VolumeJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (pool != NULL && name != NULL && new_name != NULL);
    job = volume_job_new (pool, name);
    job->new_name = g_strdup (new_name);
    job->format = g_strdup (format);
    domus_connection_run_job (conn, clone_job, job, (GDestroyNotify) volume_job_free,
                              cancellable, callback, user_data);
}

char *
domus_storage_clone_volume_finish (DomusConnection *conn, GAsyncResult *result,
                                   GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}
