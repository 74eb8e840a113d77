/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The clone plan, a worker job: the guest's disks and UEFI variables read
 * from its XML and their pools, what to do with each by default; and the
 * names of the clone and its volumes, checked on the main thread. The
 * clone itself is in domus-domain-clone-job.c, its XML in
 * domus-domain-clone-xml.c.
 */
#include "config.h"

#include "domus-domain-clone.h"
#include "domus-domain-clone-private.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-domain-delete-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-storage-private.h"
#include "domus-xml.h"

static void
clone_disk_free (DomusCloneDisk *disk)
{
    g_free (disk->target);
    g_free (disk->device);
    g_free (disk->path);
    g_free (disk->pool);
    g_free (disk->volume);
    g_free (disk->format);
    g_free (disk->note);
    g_free (disk);
}

static void
clone_plan_clear (DomusClonePlan *plan)
{
    g_free (plan->name);
    g_free (plan->uuid);
    g_free (plan->xml);
    g_clear_pointer (&plan->disks, g_ptr_array_unref);
    g_free (plan->nvram_path);
    g_free (plan->nvram_pool);
    g_free (plan->nvram_volume);
    g_free (plan->nvram_format);
    g_clear_pointer (&plan->taken_volumes, g_hash_table_unref);
}

DomusClonePlan *
domus_clone_plan_ref (DomusClonePlan *plan)
{
    g_return_val_if_fail (plan != NULL, NULL);
    return g_atomic_rc_box_acquire (plan);
}

void
domus_clone_plan_unref (DomusClonePlan *plan)
{
    if (plan != NULL)
        g_atomic_rc_box_release_full (plan, (GDestroyNotify) clone_plan_clear);
}

static char *
volume_key (const char *pool, const char *volume)
{
    return g_strconcat (pool, "\n", volume, NULL);
}

/* ---- the plan (worker) -------------------------------------------------- */

typedef struct {
    char *uuid;
    char *what;
} PlanJob;

static void
plan_job_free (PlanJob *job)
{
    g_free (job->uuid);
    g_free (job->what);
    g_free (job);
}

/* The volume behind a disk's source: a path, or a pool and volume name. */
static virStorageVolPtr
worker_lookup_volume (virConnectPtr conn, const char *path, const char *pool_name,
                      const char *volume)
{
    virStorageVolPtr vol = NULL;

    if (pool_name != NULL && volume != NULL) {
        g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, pool_name);

        vol = pool != NULL ? virStorageVolLookupByName (pool, volume) : NULL;
    } else if (path != NULL) {
        vol = virStorageVolLookupByPath (conn, path);
    }
    virResetLastError ();
    return vol;
}

/* Fills in what the disk's pool says of its volume. FALSE when it is in none. */
static gboolean
worker_read_volume (virStorageVolPtr vol, char **pool_name, char **volume, char **format,
                    char **path, gboolean *holds_files, gboolean *can_copy,
                    guint64 *capacity, guint64 *allocation)
{
    g_autoptr(virStoragePool) pool = vol != NULL ? virStoragePoolLookupByVolume (vol) : NULL;
    g_autoptr(DomusPoolInfo) pool_info = NULL;
    DomusVolumeInfo *info;

    if (pool == NULL) {
        virResetLastError ();
        return FALSE;
    }
    pool_info = domus_storage_read_pool (pool);
    info = domus_storage_read_volume (pool, vol);
    *pool_name = g_strdup (pool_info->name);
    *volume = g_strdup (info->name);
    if (format != NULL && info->format != NULL) {
        g_free (*format);
        *format = g_strdup (info->format);
    }
    if (path != NULL && *path == NULL)
        *path = g_strdup (info->path);
    if (holds_files != NULL)
        *holds_files = domus_storage_pool_holds_files (pool_info->type);
    /* A LUN or a multipath device can be shared or left out, not copied. */
    *can_copy = pool_info->active && pool_info->type != NULL &&
                !domus_storage_pool_has_fixed_volumes (pool_info->type);
    if (capacity != NULL)
        *capacity = info->capacity;
    if (allocation != NULL)
        *allocation = info->allocation;
    domus_volume_info_free (info);
    virResetLastError ();
    return TRUE;
}

/* What to do with a disk by default, and why when it is not a copy. */
static void
suggest_mode (DomusCloneDisk *disk)
{
    gboolean media = g_strcmp0 (disk->device, "cdrom") == 0 ||
                     g_strcmp0 (disk->device, "floppy") == 0;

    disk->mode = DOMUS_CLONE_DISK_SHARE;
    if (disk->path == NULL && disk->pool == NULL) {
        if (media) {
            disk->note = g_strdup (_("Empty drive: the clone gets an empty one too."));
        } else {
            disk->note = g_strdup (_("Not in a storage pool (a network disk?): libvirt "
                                     "cannot copy it. Share it only if the two guests never "
                                     "run at the same time."));
            disk->mode = DOMUS_CLONE_DISK_SKIP;
        }
    } else if (media) {
        disk->note = g_strdup (_("Installation media: shared by default."));
    } else if (disk->readonly) {
        disk->note = g_strdup (_("Read-only: shared by default."));
    } else if (disk->shareable) {
        disk->note = g_strdup (_("Marked shareable: shared by default."));
    } else if (disk->pool == NULL) {
        disk->note = g_strdup (_("Not in a storage pool: libvirt cannot copy it. Share it "
                                 "only if the two guests never run at the same time."));
        disk->mode = DOMUS_CLONE_DISK_SKIP;
    } else if (!disk->can_copy) {
        disk->note = g_strdup_printf (_("Pool “%s” cannot make new volumes. Share it only "
                                        "if the two guests never run at the same time."),
                                      disk->pool);
        disk->mode = DOMUS_CLONE_DISK_SKIP;
    } else {
        disk->mode = DOMUS_CLONE_DISK_COPY;
    }
}

static DomusCloneDisk *
worker_describe_disk (virConnectPtr conn, xmlXPathContextPtr ctx, xmlNodePtr node)
{
    DomusCloneDisk *disk = g_new0 (DomusCloneDisk, 1);
    g_autofree char *pool = domus_xml_get_string (ctx, node, "source/@pool");
    g_autofree char *volume = domus_xml_get_string (ctx, node, "source/@volume");
    g_autoptr(GPtrArray) readonly = domus_xml_get_nodes (ctx, node, "readonly");
    g_autoptr(GPtrArray) shareable = domus_xml_get_nodes (ctx, node, "shareable");
    g_autoptr(virStorageVol) vol = NULL;

    disk->target = domus_xml_get_string (ctx, node, "target/@dev");
    disk->device = domus_xml_get_string (ctx, node, "@device");
    if (disk->device == NULL)
        disk->device = g_strdup ("disk");
    disk->format = domus_xml_get_string (ctx, node, "driver/@type");
    disk->path = domus_xml_get_string (ctx, node, "source/@file | source/@dev");
    disk->readonly = readonly->len > 0;
    disk->shareable = shareable->len > 0;
    vol = worker_lookup_volume (conn, disk->path, pool, volume);
    worker_read_volume (vol, &disk->pool, &disk->volume, &disk->format, &disk->path,
                        &disk->pool_holds_files, &disk->can_copy, &disk->capacity,
                        &disk->allocation);
    suggest_mode (disk);
    return disk;
}

/* Copied through its pool when it is a volume; else libvirt makes fresh
 * variables from the firmware's template when the clone first starts. */
static void
worker_plan_nvram (virConnectPtr conn, xmlXPathContextPtr ctx, DomusClonePlan *plan)
{
    g_autoptr(virStorageVol) vol = NULL;
    gboolean can_copy = FALSE;

    plan->nvram_path = domus_xml_get_string (ctx, NULL,
                                             "/domain/os/nvram/source/@file | "
                                             "/domain/os/nvram[not(source)]/text()");
    if (plan->nvram_path != NULL)
        g_strstrip (plan->nvram_path);
    if (plan->nvram_path == NULL || *plan->nvram_path == '\0') {
        g_clear_pointer (&plan->nvram_path, g_free);
        /* <os firmware='efi'> with no file yet: libvirt makes one either way. */
        return;
    }
    plan->nvram = DOMUS_CLONE_NVRAM_FRESH;
    vol = worker_lookup_volume (conn, plan->nvram_path, NULL, NULL);
    if (worker_read_volume (vol, &plan->nvram_pool, &plan->nvram_volume, &plan->nvram_format,
                            NULL, NULL, &can_copy, NULL, NULL) && can_copy) {
        plan->nvram = DOMUS_CLONE_NVRAM_COPY;
    } else {
        g_clear_pointer (&plan->nvram_pool, g_free);
        g_clear_pointer (&plan->nvram_volume, g_free);
    }
}

/* The names of the volumes of the pools the clone may write to, so that
 * the name field can say when a new volume's name is taken. */
static void
worker_read_taken_volumes (virConnectPtr conn, DomusClonePlan *plan)
{
    g_autoptr(GHashTable) pools = g_hash_table_new (g_str_hash, g_str_equal);
    GHashTableIter iter;
    gpointer name;

    plan->taken_volumes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < plan->disks->len; i++) {
        DomusCloneDisk *disk = g_ptr_array_index (plan->disks, i);

        if (disk->can_copy)
            g_hash_table_add (pools, disk->pool);
    }
    if (plan->nvram_pool != NULL)
        g_hash_table_add (pools, plan->nvram_pool);

    g_hash_table_iter_init (&iter, pools);
    while (g_hash_table_iter_next (&iter, &name, NULL)) {
        g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, name);
        virStorageVolPtr *vols = NULL;
        int n = pool != NULL ? virStoragePoolListAllVolumes (pool, &vols, 0) : -1;

        for (int v = 0; v < n; v++) {
            g_hash_table_add (plan->taken_volumes,
                              volume_key (name, virStorageVolGetName (vols[v])));
            virStorageVolFree (vols[v]);
        }
        free (vols);
    }
    virResetLastError ();
}

gboolean
domus_clone_check_state_on (virDomainPtr dom, const char *what, gboolean *paused,
                            GError **error)
{
    int state = VIR_DOMAIN_NOSTATE;

    if (virDomainGetState (dom, &state, NULL, 0) < 0) {
        domus_set_error_from_libvirt (error, what);
        return FALSE;
    }
    if (state != VIR_DOMAIN_SHUTOFF && state != VIR_DOMAIN_PAUSED) {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, "%s: %s", what,
                     _("The guest is running. Shut it down or pause it first."));
        return FALSE;
    }
    if (paused != NULL)
        *paused = state == VIR_DOMAIN_PAUSED;
    return TRUE;
}

static void
plan_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    PlanJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autoptr(DomusClonePlan) plan = g_atomic_rc_box_new0 (DomusClonePlan);
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(GPtrArray) nodes = NULL;
    GError *error = NULL;

    plan->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) clone_disk_free);
    if (dom == NULL || (plan->xml = domus_domain_kept_xml (dom)) == NULL) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    if (!domus_clone_check_state_on (dom, job->what, &plan->paused, &error) ||
        (doc = domus_xml_parse (plan->xml, &error)) == NULL) {
        g_task_return_error (task, error);
        return;
    }
    plan->name = g_strdup (virDomainGetName (dom));
    plan->uuid = g_strdup (job->uuid);
    ctx = xmlXPathNewContext (doc);
    nodes = domus_xml_get_nodes (ctx, NULL, "/domain/devices/disk");
    for (guint i = 0; i < nodes->len; i++)
        g_ptr_array_add (plan->disks,
                         worker_describe_disk (conn, ctx, g_ptr_array_index (nodes, i)));
    worker_plan_nvram (conn, ctx, plan);
    worker_read_taken_volumes (conn, plan);
    g_task_return_pointer (task, g_steal_pointer (&plan),
                           (GDestroyNotify) domus_clone_plan_unref);
}

void
domus_domain_clone_plan_async (DomusConnection *conn, DomusDomain *domain,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
    PlanJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));

    job = g_new0 (PlanJob, 1);
    job->uuid = g_strdup (domus_domain_get_uuid (domain));
    job->what = g_strdup_printf (_("Reading “%s” on %s to clone it failed"),
                                 domus_domain_get_name (domain),
                                 domus_connection_get_display_name (conn));
    domus_connection_run_job (conn, plan_job, job, (GDestroyNotify) plan_job_free,
                              cancellable, callback, user_data);
}

DomusClonePlan *
domus_domain_clone_plan_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- names (main thread, no libvirt) ------------------------------------ */

/* A file's extension from its format; volumes of block pools have none. */
static char *
extension_of (const DomusCloneDisk *disk)
{
    if (!disk->pool_holds_files)
        return g_strdup ("");
    if (disk->format == NULL || g_str_equal (disk->format, "raw"))
        return g_strdup (".img");
    return g_strconcat (".", disk->format, NULL);   /* ".qcow2", ".vmdk"… */
}

char *
domus_clone_plan_volume_name (const DomusClonePlan *plan, const char *new_name, guint index)
{
    const DomusCloneDisk *disk;
    g_autofree char *ext = NULL;
    guint nth = 0;

    g_return_val_if_fail (plan != NULL && new_name != NULL, NULL);
    g_return_val_if_fail (index < plan->disks->len, NULL);

    disk = g_ptr_array_index (plan->disks, index);
    if (disk->mode != DOMUS_CLONE_DISK_COPY)
        return NULL;
    for (guint i = 0; i < index; i++)
        nth += ((DomusCloneDisk *) g_ptr_array_index (plan->disks, i))->mode ==
               DOMUS_CLONE_DISK_COPY;
    ext = extension_of (disk);
    return nth == 0 ? g_strconcat (new_name, ext, NULL)
                    : g_strdup_printf ("%s-%u%s", new_name, nth, ext);
}

char *
domus_clone_plan_nvram_volume_name (const DomusClonePlan *plan, const char *new_name)
{
    g_return_val_if_fail (plan != NULL && new_name != NULL, NULL);
    /* libvirt's own naming of a guest's variables. */
    return g_strconcat (new_name, "_VARS.fd", NULL);
}

static gboolean
volume_taken (const DomusClonePlan *plan, const char *pool, const char *volume,
              GError **error)
{
    g_autofree char *key = volume_key (pool, volume);

    if (plan->taken_volumes == NULL || !g_hash_table_contains (plan->taken_volumes, key))
        return FALSE;
    g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                 _("Pool “%s” already has a volume named “%s”: choose another name."),
                 pool, volume);
    return TRUE;
}

gboolean
domus_clone_plan_check_name (const DomusClonePlan *plan, DomusConnection *conn,
                             const char *name, GError **error)
{
    g_return_val_if_fail (plan != NULL, FALSE);
    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), FALSE);
    g_return_val_if_fail (name != NULL, FALSE);

    if (*name == '\0') {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, "%s",
                     _("Enter a name for the clone."));
        return FALSE;
    }
    for (const char *p = name; *p != '\0'; p++) {
        if (*p == '/' || g_ascii_iscntrl (*p)) {
            g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, "%s",
                         _("A guest name cannot contain “/” or control characters."));
            return FALSE;
        }
    }
    if (domus_connection_find_domain_by_name (conn, name) != NULL) {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                     _("A guest named “%s” already exists on %s."), name,
                     domus_connection_get_display_name (conn));
        return FALSE;
    }
    for (guint i = 0; i < plan->disks->len; i++) {
        const DomusCloneDisk *disk = g_ptr_array_index (plan->disks, i);
        g_autofree char *volume = domus_clone_plan_volume_name (plan, name, i);

        if (volume != NULL && disk->pool != NULL &&
            volume_taken (plan, disk->pool, volume, error))
            return FALSE;
    }
    if (plan->nvram == DOMUS_CLONE_NVRAM_COPY) {
        g_autofree char *volume = domus_clone_plan_nvram_volume_name (plan, name);

        if (volume_taken (plan, plan->nvram_pool, volume, error))
            return FALSE;
    }
    return TRUE;
}

char *
domus_clone_plan_suggest_name (const DomusClonePlan *plan, DomusConnection *conn)
{
    g_autofree char *base = NULL;
    const char *suffix;
    guint64 first = 0;

    g_return_val_if_fail (plan != NULL, NULL);
    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);

    /* "web-clone" gives "web-clone1", "web-clone3" gives "web-clone4". */
    base = g_strdup (plan->name);
    suffix = g_strrstr (base, "-clone");
    if (suffix != NULL &&
        (suffix[6] == '\0' || g_ascii_string_to_unsigned (suffix + 6, 10, 1, 9999, &first,
                                                          NULL))) {
        first++;
        base[suffix - base] = '\0';
    }
    for (guint64 n = first; n < first + 1000; n++) {
        g_autofree char *name = n == 0 ? g_strconcat (base, "-clone", NULL)
                                       : g_strdup_printf ("%s-clone%" G_GUINT64_FORMAT,
                                                          base, n);

        if (domus_clone_plan_check_name (plan, conn, name, NULL))
            return g_steal_pointer (&name);
    }
    /* The name field says why it cannot be used. */
    return g_strconcat (base, "-clone", NULL);
}
