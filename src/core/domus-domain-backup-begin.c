/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The first worker job of a guest's backup (domus-domain-backup.c drives
 * the rest): the folder is made on the host (storage API, see
 * domus-domain-backup-target.c), the domain XML and NVRAM written into it,
 * and for a running guest libvirt's push-mode backup job started with a
 * new checkpoint (incremental from the guest's last one when its backup is
 * in this target); for a shut-off guest, which disks are to be copied. A
 * begin that fails removes the folder it made.
 */
#include "config.h"

#include "domus-domain-backup.h"
#include "domus-domain-backup-private.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-storage-private.h"

void
domus_backup_begun_free (DomusBackupBegun *begun)
{
    domus_backup_result_free (begun->result);
    g_free (begun->guest_dir);
    g_free (begun->checkpoint);
    g_strfreev (begun->old_checkpoints);
    g_strfreev (begun->copy_sources);
    g_strfreev (begun->copy_images);
    g_strfreev (begun->overlay_targets);
    g_strfreev (begun->overlays);
    g_free (begun);
}

void
domus_backup_begin_job_free (DomusBackupBeginJob *job)
{
    g_free (job->uuid);
    g_free (job->what);
    domus_backup_options_free (job->options);
    g_free (job);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
    return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Domus's checkpoints of DOM, oldest first (their names sort by time). */
static GPtrArray *
list_checkpoints (virDomainPtr dom)
{
    GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
    virDomainCheckpointPtr *checkpoints = NULL;
    int n = virDomainListAllCheckpoints (dom, &checkpoints, 0);

    virResetLastError ();
    for (int i = 0; i < n; i++) {
        const char *name = virDomainCheckpointGetName (checkpoints[i]);

        if (g_str_has_prefix (name, DOMUS_BACKUP_CHECKPOINT_PREFIX))
            g_ptr_array_add (names, g_strdup (name));
        virDomainCheckpointFree (checkpoints[i]);
    }
    free (checkpoints);
    g_ptr_array_sort (names, compare_strings);
    return names;
}

/* The last backup's folder when it is in ENTRIES and its checkpoint is the
 * guest's last one: where an incremental backup can start. */
static const char *
incremental_base (GPtrArray *entries, GPtrArray *checkpoints)
{
    const char *last;

    if (entries->len == 0 || checkpoints->len == 0)
        return NULL;
    last = checkpoints->pdata[checkpoints->len - 1];
    for (guint i = entries->len; i > 0; i--) {
        DomusBackupEntry *entry = entries->pdata[i - 1];
        g_autofree char *name = domus_backup_checkpoint_name (entry->folder);

        if (g_strcmp0 (name, last) == 0)
            return last;
    }
    return NULL;
}

static gboolean
save_definition (virConnectPtr conn, virDomainPtr dom, DomusHostDir *folder,
                 GError **error)
{
    g_autofree char *xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE |
                                                     VIR_DOMAIN_XML_SECURE);
    g_autofree char *nvram = NULL;
    g_autofree char *nvram_name = NULL;
    g_autofree char *vol_xml = NULL;
    g_autoptr(virStorageVol) source = NULL;
    g_autoptr(virStorageVol) copy = NULL;
    DomusHostDir holder = { NULL };

    if (xml == NULL) {
        domus_set_error_from_libvirt (error, _("Reading the guest’s definition failed"));
        return FALSE;
    }
    if (!domus_host_dir_write (folder, DOMUS_BACKUP_DOMAIN_XML, xml, strlen (xml), error))
        return FALSE;
    nvram = domus_backup_nvram_from_xml (xml);
    if (nvram == NULL)
        return TRUE;
    source = domus_host_file_lookup (conn, nvram, &holder, error);
    if (source != NULL) {
        nvram_name = g_path_get_basename (nvram);
        vol_xml = domus_storage_volume_xml (nvram_name, "raw", 0, 0);
        copy = virStorageVolCreateXMLFrom (folder->pool, vol_xml, source, 0);
        if (copy == NULL)
            domus_set_error_from_libvirt (error, _("Copying the UEFI variables failed"));
    }
    domus_host_dir_close (&holder);
    return copy != NULL;
}

/* What a shut-off guest's disks are, to copy them one job each. */
static gboolean
plan_copies (virConnectPtr conn, DomusBackupBegun *begun, DomusBackupFormat format,
             GError **error)
{
    g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_free);
    GPtrArray *disks = begun->result->disks;

    for (guint i = 0; i < disks->len; i++) {
        DomusBackupDisk *disk = disks->pdata[i];
        DomusHostDir holder = { NULL };
        g_autoptr(virStorageVol) vol = NULL;
        virStorageVolInfo info;

        if (!disk->backup)
            continue;
        vol = domus_host_file_lookup (conn, disk->source, &holder, error);
        if (vol != NULL && virStorageVolGetInfo (vol, &info) == 0)
            begun->total += info.allocation;
        domus_host_dir_close (&holder);
        if (vol == NULL)
            return FALSE;
        g_ptr_array_add (sources, g_strdup (disk->source));
        g_ptr_array_add (images, domus_backup_image_name (disk, format));
    }
    g_ptr_array_add (sources, NULL);
    g_ptr_array_add (images, NULL);
    begun->copy_sources = (char **) g_ptr_array_free (g_steal_pointer (&sources), FALSE);
    begun->copy_images = (char **) g_ptr_array_free (g_steal_pointer (&images), FALSE);
    return TRUE;
}

static const char *fallback_hint =
    N_("This host cannot back up a running guest. Shut it down to copy its disks, or do "
       "what scripts do: an external disk-only snapshot, a copy of the base image, then a "
       "block commit.");

/* libvirt's last error as the error of a backup job that failed to begin:
 * DOMUS_ERROR_BACKUP_UNSUPPORTED, followed by what else can be done, where
 * the host has no backup job. */
static void
set_backup_error (GError **error, const char *what)
{
    virErrorPtr err = virGetLastError ();
    gboolean unsupported = err != NULL && (err->code == VIR_ERR_NO_SUPPORT ||
                                           err->code == VIR_ERR_OPERATION_UNSUPPORTED);

    domus_set_error_from_libvirt (error, what);
    if (unsupported && error != NULL && *error != NULL) {
        GError *plain = *error;

        *error = g_error_new (DOMUS_ERROR, DOMUS_ERROR_BACKUP_UNSUPPORTED, "%s\n%s",
                              plain->message, _(fallback_hint));
        g_error_free (plain);
    }
}

/* Everything of a begin after the folder exists; the folder is removed by
 * the caller when this fails. */
static gboolean
begin_in_folder (virConnectPtr conn, virDomainPtr dom, DomusBackupBeginJob *job,
                 DomusBackupBegun *begun, DomusHostDir *folder, const char *base, GError **error)
{
    DomusBackupResult *result = begun->result;
    g_autofree char *folder_name = NULL;
    g_autofree char *backup_xml = NULL;
    g_autofree char *checkpoint_xml = NULL;
    DomusBackupFormat format = result->incremental ? DOMUS_BACKUP_FORMAT_QCOW2
                                                   : job->options->format;

    if (!save_definition (conn, dom, folder, error))
        return FALSE;
    if (!result->hot)
        return plan_copies (conn, begun, format, error);

    folder_name = g_path_get_basename (result->path);
    if (job->options->snapshot_commit) {
        g_autofree char *stamp = domus_backup_checkpoint_name (folder_name);

        /* Planned first: nothing after the snapshot can fail in here. */
        return plan_copies (conn, begun, format, error) &&
               domus_backup_fallback_snapshot (dom, begun, stamp, error);
    }
    begun->checkpoint = domus_backup_checkpoint_name (folder_name);
    backup_xml = domus_backup_xml (result->disks, result->path, format, base);
    checkpoint_xml = domus_backup_checkpoint_xml (begun->checkpoint, result->disks);
    if (virDomainBackupBegin (dom, backup_xml, checkpoint_xml, 0) < 0) {
        set_backup_error (error, job->what);
        g_clear_pointer (&begun->checkpoint, g_free);
        return FALSE;
    }
    return TRUE;
}

/* The name of a backup folder made at NOW: the first of the second whose
 * checkpoint is neither one of ENTRIES' (this target's backups) nor one of
 * CHECKPOINTS (the guest's, whatever folder they were made for). NULL
 * where the second is full. */
static char *
free_folder_name (GDateTime *now, gboolean incremental, GPtrArray *entries,
                  GPtrArray *checkpoints)
{
    for (guint sequence = 1; sequence <= DOMUS_BACKUP_MAX_SEQUENCE; sequence++) {
        g_autofree char *name = domus_backup_folder_name (now, sequence, incremental);
        g_autofree char *checkpoint = domus_backup_checkpoint_name (name);
        gboolean taken = FALSE;

        for (guint i = 0; i < checkpoints->len && !taken; i++)
            taken = g_str_equal (checkpoints->pdata[i], checkpoint);
        for (guint i = 0; i < entries->len && !taken; i++) {
            g_autofree char *other = domus_backup_checkpoint_name (
                ((DomusBackupEntry *) entries->pdata[i])->folder);

            taken = g_strcmp0 (other, checkpoint) == 0;
        }
        if (!taken)
            return g_steal_pointer (&name);
    }
    return NULL;
}

/* Whether DOM's host has libvirt's backup job at all, asked before any
 * folder is made: a driver without it (Xen, the test driver, a daemon
 * older than 6.0) says so to this call too, where QEMU only says that no
 * job runs. */
static gboolean
backup_job_exists (virDomainPtr dom, const char *what, GError **error)
{
    char *xml = virDomainBackupGetXMLDesc (dom, 0);
    virErrorPtr err;

    if (xml != NULL) {
        free (xml);
        return TRUE;
    }
    err = virGetLastError ();
    if (err != NULL && err->code == VIR_ERR_NO_SUPPORT) {
        set_backup_error (error, what);
        return FALSE;
    }
    virResetLastError ();
    return TRUE;
}

void
domus_backup_begin_job (GTask *task, virConnectPtr conn, gpointer task_data,
                        GCancellable *cancellable)
{
    DomusBackupBeginJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autofree char *xml = NULL;
    g_autoptr(GPtrArray) entries = NULL;
    g_autoptr(GPtrArray) checkpoints = NULL;
    g_autoptr(GDateTime) now = NULL;
    g_autofree char *folder_name = NULL;
    const char *base = NULL;
    DomusHostDir folder = { NULL };
    DomusBackupBegun *begun;
    DomusBackupResult *result;
    GError *error = NULL;
    int active;

    if (dom == NULL || (active = virDomainIsActive (dom)) < 0 ||
        (xml = virDomainGetXMLDesc (dom, 0)) == NULL) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    begun = g_new0 (DomusBackupBegun, 1);
    result = begun->result = g_new0 (DomusBackupResult, 1);
    result->hot = active == 1;
    result->removed = g_ptr_array_new_with_free_func (g_free);
    result->disks = domus_backup_disks_from_xml (xml,
                                                 (const char * const *) job->options->exclude,
                                                 &error);
    begun->guest_dir = g_build_filename (job->options->target,
                                         virDomainGetName (dom), NULL);
    if (result->disks == NULL)
        goto failed;
    if (result->hot && !job->options->snapshot_commit &&
        !backup_job_exists (dom, job->what, &error))
        goto failed;

    /* The guest's folder made (with the target) on the host. */
    if (!domus_host_dir_open (conn, begun->guest_dir, TRUE, &folder, &error))
        goto failed;
    domus_host_dir_close (&folder);
    entries = domus_host_list_backups (conn, job->options->target, virDomainGetName (dom),
                                       FALSE, &error);
    if (entries == NULL)
        goto failed;
    checkpoints = list_checkpoints (dom);
    begun->old_checkpoints = g_new0 (char *, checkpoints->len + 1);
    for (guint i = 0; i < checkpoints->len; i++)
        begun->old_checkpoints[i] = g_strdup (checkpoints->pdata[i]);

    if (job->options->incremental) {
        g_autofree char *why_not = domus_backup_incremental_why_not (result->disks);

        base = incremental_base (entries, checkpoints);
        if (!result->hot)
            result->full_why = g_strdup (_("The guest is shut off: its disks are copied "
                                           "whole"));
        else if (job->options->snapshot_commit)
            result->full_why = g_strdup (_("A backup through a snapshot and a commit copies "
                                           "the disks whole"));
        else if (why_not != NULL)
            result->full_why = g_steal_pointer (&why_not);
        else if (base == NULL)
            result->full_why = g_strdup (_("There is no earlier backup of this guest in "
                                           "this folder to start from"));
        result->incremental = result->full_why == NULL;
    }
    if (!result->incremental)
        base = NULL;

    now = g_date_time_new_now_local ();
    folder_name = free_folder_name (now, result->incremental, entries, checkpoints);
    if (folder_name == NULL) {
        g_set_error (&error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                     _("%s: too many backups of this guest were made in this second"),
                     job->what);
        goto failed;
    }
    result->path = g_build_filename (begun->guest_dir, folder_name, NULL);
    if (!domus_host_dir_open (conn, result->path, TRUE, &folder, &error))
        goto failed;
    if (!begin_in_folder (conn, dom, job, begun, &folder, base, &error)) {
        domus_host_dir_close (&folder);
        domus_host_dir_remove (conn, result->path, NULL);
        goto failed;
    }
    domus_host_dir_close (&folder);
    g_task_return_pointer (task, begun, (GDestroyNotify) domus_backup_begun_free);
    return;

failed:
    domus_backup_begun_free (begun);
    if (!g_str_has_prefix (error->message, job->what))
        g_prefix_error (&error, "%s: ", job->what);
    g_task_return_error (task, error);
}
