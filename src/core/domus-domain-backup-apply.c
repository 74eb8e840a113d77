/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Restores that make new volumes from a backup and its chain: over an
 * existing shut-off guest, and an incremental backup as a new guest. A
 * worker job plans and makes the volumes through the storage API (a full
 * backup's image copied with virStorageVolCreateXMLFrom; for a chain, an
 * empty volume); then, for a chain, qemu-img convert combines the full
 * image and each incremental into it, run from the main context on this
 * computer, so only where the host is local (an incremental's own backing
 * file names the guest's disk: the storage API cannot read it over the
 * backup before it); a last job defines the guest and, over an existing
 * one, deletes the old volumes and its checkpoints. Any failure deletes
 * the new volumes, and the guest stays as it was.
 */
#include "config.h"

#include "domus-domain-backup.h"
#include "domus-domain-backup-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-storage-private.h"

#define MAX_XML_BYTES (4 * 1024 * 1024)

typedef struct {
    char *target;                 /* "vda" */
    char *format;                 /* the new volume's */
    char **images;                /* its image in each backup of the chain */
    char *path;                   /* the new volume */
    char *old_path;               /* over a guest: the volume it replaces */
} RestoreDisk;

static void
restore_disk_free (RestoreDisk *disk)
{
    g_free (disk->target);
    g_free (disk->format);
    g_strfreev (disk->images);
    g_free (disk->path);
    g_free (disk->old_path);
    g_free (disk);
}

typedef struct {
    char *folder;
    char *new_name;               /* as a new guest NEW_NAME in POOL, … */
    char *pool;
    char *uuid;                   /* … or over this guest */
    char *what;
    gboolean local;
    char *domain_xml;             /* the backup's, or the guest's own */
    GPtrArray *disks;             /* RestoreDisk * */
    GPtrArray *made;              /* paths (char *) of the new volumes */
    char *nvram_copy;
    guint next;
    GError *failure;
} Restore;

static void
restore_free (Restore *restore)
{
    g_free (restore->folder);
    g_free (restore->new_name);
    g_free (restore->pool);
    g_free (restore->uuid);
    g_free (restore->what);
    g_free (restore->domain_xml);
    g_ptr_array_unref (restore->disks);
    g_ptr_array_unref (restore->made);
    g_free (restore->nvram_copy);
    g_clear_error (&restore->failure);
    g_free (restore);
}

static char *
vol_path (virStorageVolPtr vol)
{
    char *path = virStorageVolGetPath (vol);
    char *out = g_strdup (path);

    free (path);
    return out;
}

/* NAME, or NAME with "-2", "-3"… before its extension: one POOL lacks. */
static char *
free_name (virStoragePoolPtr pool, const char *name)
{
    const char *dot = strrchr (name, '.');
    g_autofree char *stem = g_strndup (name, dot != NULL ? (gsize) (dot - name) : strlen (name));
    char *candidate = g_strdup (name);

    for (guint n = 2; n < 1000; n++) {
        virStorageVolPtr vol = virStorageVolLookupByName (pool, candidate);

        virResetLastError ();
        if (vol == NULL)
            break;
        virStorageVolFree (vol);
        g_free (candidate);
        candidate = g_strdup_printf ("%s-%u%s", stem, n, dot != NULL ? dot : "");
    }
    return candidate;
}

/* Makes DISK's new volume NAME in POOL: a copy of its only image, or an
 * empty one of the last image's size for qemu-img to fill. */
static gboolean
make_volume (virConnectPtr conn, Restore *restore, RestoreDisk *disk, virStoragePoolPtr pool,
             const char *name, GError **error)
{
    const char *last = disk->images[g_strv_length (disk->images) - 1];
    DomusHostDir holder = { NULL };
    g_autoptr(virStorageVol) image = domus_host_file_lookup (conn, last, &holder, error);
    g_autoptr(virStorageVol) made = NULL;
    g_autofree char *unique = NULL;
    g_autofree char *xml = NULL;
    virStorageVolInfo info;

    if (image == NULL || virStorageVolGetInfo (image, &info) < 0) {
        if (image != NULL)
            domus_set_error_from_libvirt (error, _("Reading a backup’s image failed"));
        domus_host_dir_close (&holder);
        return FALSE;
    }
    unique = free_name (pool, name);
    xml = domus_storage_volume_xml (unique, disk->format, info.capacity, 0);
    if (disk->images[1] == NULL)
        made = virStorageVolCreateXMLFrom (pool, xml, image, 0);
    else
        made = virStorageVolCreateXML (pool, xml, 0);
    domus_host_dir_close (&holder);
    if (made == NULL) {
        g_autofree char *what = g_strdup_printf (_("Making the volume %s failed"), unique);

        domus_set_error_from_libvirt (error, what);
        return FALSE;
    }
    disk->path = vol_path (made);
    g_ptr_array_add (restore->made, g_strdup (disk->path));
    return TRUE;
}

/* Where DISK goes over the guest: beside its volume now. */
static gboolean
make_over (virConnectPtr conn, Restore *restore, RestoreDisk *disk, const char *source,
           GError **error)
{
    DomusHostDir holder = { NULL };
    g_autoptr(virStorageVol) old = domus_host_file_lookup (conn, source, &holder, error);
    g_autoptr(virStoragePool) pool = NULL;
    g_autofree char *folder = g_path_get_basename (restore->folder);
    g_autofree char *name = NULL;
    gboolean ok = FALSE;

    if (old != NULL && (pool = virStoragePoolLookupByVolume (old)) == NULL)
        domus_set_error_from_libvirt (error, _("The pool of a disk cannot be found"));
    if (pool != NULL) {
        name = domus_backup_restored_name (virStorageVolGetName (old), folder);
        disk->old_path = vol_path (old);
        ok = make_volume (conn, restore, disk, pool, name, error);
    }
    domus_host_dir_close (&holder);
    return ok;
}

static char *
remote_chain_hint (Restore *restore, RestoreDisk *disk)
{
    g_autofree char *json = domus_backup_chain_json ((const char * const *) disk->images);

    return g_strdup_printf (_("This is an incremental backup: restoring it combines it with "
                              "the backups before it, which needs qemu-img where the files "
                              "are, and this host is not this computer. Restore the full "
                              "backup it builds on, or on the host run: qemu-img convert -O "
                              "qcow2 '%s' %s.qcow2"), json, disk->target);
}

/* ENTRY's image of disk TARGET, or NULL. */
static const char *
entry_image (DomusBackupEntry *entry, const char *target)
{
    for (guint i = 0; i < entry->files->len; i++) {
        const char *one[] = { entry->files->pdata[i], NULL };

        if (domus_backup_find_image (one, target) != NULL)
            return one[0];
    }
    return NULL;
}

/* A new guest's copy of the UEFI variables in FOLDER, where there are. */
static gboolean
copy_nvram (virConnectPtr conn, Restore *restore, DomusBackupEntry *last,
            virStoragePoolPtr pool, GError **error)
{
    g_autofree char *nvram = domus_backup_nvram_from_xml (restore->domain_xml);
    g_autofree char *base = nvram != NULL ? g_path_get_basename (nvram) : NULL;
    g_autofree char *path = NULL;
    g_autofree char *name = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(virStorageVol) source = NULL;
    g_autoptr(virStorageVol) copy = NULL;
    DomusHostDir holder = { NULL };

    if (base == NULL || !g_ptr_array_find_with_equal_func (last->files, base, g_str_equal,
                                                           NULL))
        return TRUE;
    path = g_build_filename (last->path, base, NULL);
    source = domus_host_file_lookup (conn, path, &holder, error);
    if (source != NULL) {
        name = g_strdup_printf ("%s_VARS.fd", restore->new_name);
        xml = domus_storage_volume_xml (name, "raw", 0, 0);
        copy = virStorageVolCreateXMLFrom (pool, xml, source, 0);
        if (copy == NULL)
            domus_set_error_from_libvirt (error, _("Copying the UEFI variables failed"));
    }
    domus_host_dir_close (&holder);
    if (copy == NULL)
        return FALSE;
    restore->nvram_copy = vol_path (copy);
    g_ptr_array_add (restore->made, g_strdup (restore->nvram_copy));
    return TRUE;
}

/* Which disks, from which images: the guest's own XML over it, or the
 * backup's for a new guest. */
static gboolean
plan (virConnectPtr conn, Restore *restore, GError **error)
{
    g_autofree char *name = g_path_get_basename (restore->folder);
    g_autofree char *guest_dir = g_path_get_dirname (restore->folder);
    g_autofree char *target = g_path_get_dirname (guest_dir);
    g_autofree char *guest = g_path_get_basename (guest_dir);
    g_autoptr(GPtrArray) entries = NULL;
    g_autoptr(GPtrArray) chain = NULL;
    g_autoptr(GPtrArray) backup_disks = NULL;
    g_autoptr(GPtrArray) guest_disks = NULL;
    g_autoptr(virStoragePool) pool = NULL;
    g_autoptr(virDomain) dom = NULL;
    g_autofree char *backup_xml = NULL;
    DomusBackupEntry *last;
    DomusHostDir dir = { NULL };

    if ((entries = domus_host_list_backups (conn, target, guest, TRUE, error)) == NULL ||
        (chain = domus_backup_chain (entries, name, error)) == NULL)
        return FALSE;
    last = chain->pdata[chain->len - 1];
    if (!domus_host_dir_open (conn, restore->folder, FALSE, &dir, error))
        return FALSE;
    backup_xml = domus_host_dir_read (&dir, DOMUS_BACKUP_DOMAIN_XML, MAX_XML_BYTES, error);
    domus_host_dir_close (&dir);
    if (backup_xml == NULL || (backup_disks = domus_backup_disks_from_xml (backup_xml, NULL,
                                                                           error)) == NULL)
        return FALSE;

    if (restore->uuid != NULL) {
        int active, snapshots;

        dom = virDomainLookupByUUIDString (conn, restore->uuid);
        if (dom == NULL || (active = virDomainIsActive (dom)) < 0 ||
            (snapshots = virDomainSnapshotNum (dom, 0)) < 0 ||
            (restore->domain_xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE |
                                                             VIR_DOMAIN_XML_SECURE)) == NULL) {
            domus_set_error_from_libvirt (error, _("Reading the guest failed"));
            return FALSE;
        }
        if (active == 1) {
            g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                                 _("The guest is running: shut it off first"));
            return FALSE;
        }
        if (snapshots > 0) {
            g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                                 _("The guest has snapshots, which live in the disks a "
                                   "restore replaces: delete them first, or restore the "
                                   "backup as a new guest"));
            return FALSE;
        }
        if ((guest_disks = domus_backup_disks_from_xml (restore->domain_xml, NULL,
                                                        error)) == NULL)
            return FALSE;
    } else {
        restore->domain_xml = g_strdup (backup_xml);
        if ((pool = virStoragePoolLookupByName (conn, restore->pool)) == NULL) {
            g_autofree char *what = g_strdup_printf (_("The pool “%s” cannot be used"),
                                                     restore->pool);

            domus_set_error_from_libvirt (error, what);
            return FALSE;
        }
    }

    for (guint i = 0; i < backup_disks->len; i++) {
        DomusBackupDisk *bdisk = backup_disks->pdata[i];
        DomusBackupDisk *gdisk = NULL;
        RestoreDisk *disk;

        if (entry_image (last, bdisk->target) == NULL)
            continue;
        for (guint j = 0; guest_disks != NULL && j < guest_disks->len; j++)
            if (g_str_equal (((DomusBackupDisk *) guest_disks->pdata[j])->target,
                             bdisk->target))
                gdisk = guest_disks->pdata[j];
        if (guest_disks != NULL && (gdisk == NULL || !gdisk->backup))
            continue;   /* the guest has no such disk any more */

        disk = g_new0 (RestoreDisk, 1);
        g_ptr_array_add (restore->disks, disk);
        disk->target = g_strdup (bdisk->target);
        disk->format = g_strdup (gdisk != NULL && gdisk->format != NULL ? gdisk->format
                                 : bdisk->format != NULL ? bdisk->format : "raw");
        disk->images = g_new0 (char *, chain->len + 1);
        for (guint j = 0; j < chain->len; j++) {
            DomusBackupEntry *entry = chain->pdata[j];
            const char *image = entry_image (entry, bdisk->target);

            if (image == NULL) {
                g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                             _("The backup %s has no image of %s: the chain is broken"),
                             entry->folder, bdisk->target);
                return FALSE;
            }
            disk->images[j] = g_build_filename (entry->path, image, NULL);
        }
        if (chain->len > 1 && !restore->local) {
            g_autofree char *hint = remote_chain_hint (restore, disk);

            g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, hint);
            return FALSE;
        }
        if (gdisk != NULL) {
            if (!make_over (conn, restore, disk, gdisk->source, error))
                return FALSE;
        } else {
            g_autofree char *vol = g_strdup_printf ("%s-%s.%s", restore->new_name,
                                                    disk->target,
                                                    g_str_equal (disk->format, "qcow2")
                                                    ? "qcow2" : "img");

            if (!make_volume (conn, restore, disk, pool, vol, error))
                return FALSE;
        }
    }
    if (restore->disks->len == 0) {
        g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                             _("The backup holds no image of the guest’s disks"));
        return FALSE;
    }
    return pool == NULL || copy_nvram (conn, restore, last, pool, error);
}

static void
plan_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    GError *error = NULL;

    if (!plan (conn, task_data, &error))
        g_task_return_error (task, error);
    else
        g_task_return_boolean (task, TRUE);
}

/* ---- the end: define, or clean up ---- */

static void
delete_path (virConnectPtr conn, const char *path)
{
    DomusHostDir holder = { NULL };
    g_autoptr(virStorageVol) vol = domus_host_file_lookup (conn, path, &holder, NULL);

    if (vol != NULL && virStorageVolDelete (vol, 0) < 0)
        g_message ("%s was left on the host: %s", path, virGetLastErrorMessage ());
    domus_host_dir_close (&holder);
    virResetLastError ();
}

static void
cleanup_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    Restore *restore = task_data;

    for (guint i = 0; i < restore->made->len; i++)
        delete_path (conn, restore->made->pdata[i]);
    g_task_return_boolean (task, TRUE);
}

static void
define_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    Restore *restore = task_data;
    g_autoptr(GPtrArray) targets = g_ptr_array_new ();
    g_autoptr(GPtrArray) paths = g_ptr_array_new ();
    g_autofree char *xml = NULL;
    g_autoptr(virDomain) dom = NULL;
    char uuid[VIR_UUID_STRING_BUFLEN];
    GError *error = NULL;

    for (guint i = 0; i < restore->disks->len; i++) {
        RestoreDisk *disk = restore->disks->pdata[i];

        g_ptr_array_add (targets, disk->target);
        g_ptr_array_add (paths, disk->path);
    }
    g_ptr_array_add (targets, NULL);
    g_ptr_array_add (paths, NULL);
    if (restore->uuid != NULL)
        xml = domus_backup_over_xml (restore->domain_xml,
                                     (const char * const *) targets->pdata,
                                     (const char * const *) paths->pdata, &error);
    else
        xml = domus_backup_restore_xml (restore->domain_xml, restore->new_name,
                                        (const char * const *) targets->pdata,
                                        (const char * const *) paths->pdata,
                                        restore->nvram_copy, &error);
    if (xml == NULL) {
        g_task_return_error (task, error);
        return;
    }
    dom = virDomainDefineXML (conn, xml);
    if (dom == NULL || virDomainGetUUIDString (dom, uuid) < 0) {
        domus_set_error_from_libvirt (&error, _("Defining the restored guest failed"));
        g_task_return_error (task, error);
        return;
    }
    if (restore->uuid != NULL) {
        virDomainCheckpointPtr *checkpoints = NULL;
        int n = virDomainListAllCheckpoints (dom, &checkpoints, 0);

        /* Their bitmaps were in the old disks: the next backup is full. */
        for (int i = 0; i < n; i++) {
            virDomainCheckpointDelete (checkpoints[i],
                                       VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY);
            virDomainCheckpointFree (checkpoints[i]);
        }
        free (checkpoints);
        virResetLastError ();
        for (guint i = 0; i < restore->disks->len; i++)
            delete_path (conn, ((RestoreDisk *) restore->disks->pdata[i])->old_path);
    }
    g_task_return_pointer (task, g_strdup (uuid), g_free);
}

/* ---- driving it from the main context ---- */

static DomusConnection *
task_connection (GTask *task)
{
    return DOMUS_CONNECTION (g_task_get_source_object (task));
}

static void
cleaned_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    GTask *task = user_data;
    Restore *restore = g_task_get_task_data (task);

    g_task_return_error (task, g_steal_pointer (&restore->failure));
    g_object_unref (task);
}

/* Fails with ERROR (taken) once the new volumes are gone. */
static void
fail (GTask *task, GError *error)
{
    Restore *restore = g_task_get_task_data (task);

    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
        !g_str_has_prefix (error->message, restore->what))
        g_prefix_error (&error, "%s: ", restore->what);
    restore->failure = error;
    domus_connection_run_job (task_connection (task), cleanup_job, restore, NULL, NULL,
                              cleaned_cb, task);
}

static void
defined_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    GTask *task = user_data;
    GError *error = NULL;
    char *uuid = g_task_propagate_pointer (G_TASK (res), &error);

    if (uuid == NULL) {
        fail (task, error);
        return;
    }
    g_task_return_pointer (task, uuid, g_free);
    g_object_unref (task);
}

static void combine_next (GTask *task);

static void
combined_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    GTask *task = user_data;
    Restore *restore = g_task_get_task_data (task);
    g_autofree char *err = NULL;
    GError *error = NULL;
    int status;

    if (!domus_backup_spawn_finish (res, &status, &err, &error)) {
        fail (task, error);
        return;
    }
    if (status != 0) {
        RestoreDisk *disk = restore->disks->pdata[restore->next - 1];

        fail (task, g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                                 _("Combining the backups of %s failed: %s"), disk->target,
                                 err));
        return;
    }
    combine_next (task);
}

/* qemu-img convert, for each disk restored from a chain. */
static void
combine_next (GTask *task)
{
    Restore *restore = g_task_get_task_data (task);

    while (restore->next < restore->disks->len) {
        RestoreDisk *disk = restore->disks->pdata[restore->next++];
        g_autofree char *json = NULL;

        if (disk->images[1] == NULL)
            continue;
        json = domus_backup_chain_json ((const char * const *) disk->images);
        {
            const char *argv[] = { "qemu-img", "convert", "-n", "-O", disk->format, json,
                                   disk->path, NULL };

            domus_backup_spawn_async (argv, g_task_get_cancellable (task), combined_cb, task);
        }
        return;
    }
    if (g_cancellable_is_cancelled (g_task_get_cancellable (task))) {
        fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                         _("The restore was cancelled")));
        return;
    }
    domus_connection_run_job (task_connection (task), define_job, restore, NULL, NULL,
                              defined_cb, task);
}

static void
planned_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    GTask *task = user_data;
    GError *error = NULL;

    if (!g_task_propagate_boolean (G_TASK (res), &error)) {
        fail (task, error);
        return;
    }
    combine_next (task);
}

static void
start (DomusConnection *conn, Restore *restore, GCancellable *cancellable,
       GAsyncReadyCallback callback, gpointer user_data, gpointer tag)
{
    GTask *task = g_task_new (conn, cancellable, callback, user_data);

    g_task_set_source_tag (task, tag);
    /* A cancelled restore ends once what it made is removed. */
    g_task_set_check_cancellable (task, FALSE);
    restore->local = domus_backup_host_is_local (conn);
    restore->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) restore_disk_free);
    restore->made = g_ptr_array_new_with_free_func (g_free);
    g_task_set_task_data (task, restore, (GDestroyNotify) restore_free);
    /* One job at a time reads and fills RESTORE; the task keeps it. */
    domus_connection_run_job (conn, plan_job, restore, NULL, NULL, planned_cb, task);
}

void
domus_backup_restore_chain_async (DomusConnection *conn, const char *folder,
                                  const char *new_name, const char *pool,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data)
{
    Restore *restore = g_new0 (Restore, 1);

    restore->folder = g_strdup (folder);
    restore->new_name = g_strdup (new_name);
    restore->pool = g_strdup (pool);
    restore->what = g_strdup_printf (_("Restoring “%s” as “%s” failed"), folder, new_name);
    start (conn, restore, cancellable, callback, user_data, domus_backup_restore_async);
}

void
domus_backup_restore_over_async (DomusConnection *conn, const char *folder,
                                 DomusDomain *domain, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
    Restore *restore;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (folder != NULL);
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));

    restore = g_new0 (Restore, 1);
    restore->folder = g_strdup (folder);
    restore->uuid = g_strdup (domus_domain_get_uuid (domain));
    restore->what = g_strdup_printf (_("Restoring “%s” from %s failed"),
                                     domus_domain_get_name (domain), folder);
    start (conn, restore, cancellable, callback, user_data, domus_backup_restore_over_async);
}

gboolean
domus_backup_restore_over_finish (DomusConnection *conn, GAsyncResult *result,
                                  GError **error)
{
    g_autofree char *uuid = NULL;

    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    uuid = g_task_propagate_pointer (G_TASK (result), error);
    return uuid != NULL;
}
