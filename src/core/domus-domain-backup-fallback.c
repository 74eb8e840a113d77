/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The hot backup for hosts without libvirt's backup job (older QEMU, other
 * drivers): what admins script today. A disk-only external snapshot with
 * no metadata puts an overlay in front of each backed-up disk, so its base
 * image stops changing; the base is then copied into the backup folder by
 * the shut-off copy (domus-domain-backup.c); and an active block commit
 * merges each overlay back, pivots the guest onto its base again and the
 * overlay file is deleted. The guest never pauses. Always a full backup.
 * Every libvirt call is a short worker job; the commit is polled.
 */
#include "config.h"

#include "domus-domain-backup.h"
#include "domus-domain-backup-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"

#define COMMIT_POLL_MS 100

/* ---- the snapshot (inside the begin job) ---- */

gboolean
domus_backup_fallback_snapshot (virDomainPtr dom, DomusBackupBegun *begun,
                                const char *stamp, GError **error)
{
    GPtrArray *disks = begun->result->disks;
    g_autoptr(GString) xml = g_string_new ("<domainsnapshot><disks>");
    g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) overlays = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(virDomainSnapshot) snapshot = NULL;

    for (guint i = 0; i < disks->len; i++) {
        DomusBackupDisk *disk = disks->pdata[i];
        g_autofree char *element = NULL;

        if (disk->backup) {
            g_autofree char *dir = g_path_get_dirname (disk->source);
            g_autofree char *name = g_strdup_printf ("%s-%s-overlay.qcow2", disk->target,
                                                     stamp);
            char *overlay = g_build_filename (dir, name, NULL);

            element = g_markup_printf_escaped ("<disk name='%s' snapshot='external'>"
                                               "<driver type='qcow2'/>"
                                               "<source file='%s'/></disk>",
                                               disk->target, overlay);
            g_ptr_array_add (targets, g_strdup (disk->target));
            g_ptr_array_add (overlays, overlay);
        } else {
            element = g_markup_printf_escaped ("<disk name='%s' snapshot='no'/>",
                                               disk->target);
        }
        g_string_append (xml, element);
    }
    g_string_append (xml, "</disks></domainsnapshot>");
    snapshot = virDomainSnapshotCreateXML (dom, xml->str,
                                           VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY |
                                           VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA |
                                           VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC);
    if (snapshot == NULL) {
        domus_set_error_from_libvirt (error, _("Taking the disk-only snapshot that freezes "
                                               "the disks for the copy failed"));
        return FALSE;
    }
    g_ptr_array_add (targets, NULL);
    g_ptr_array_add (overlays, NULL);
    begun->overlay_targets = (char **) g_ptr_array_free (g_steal_pointer (&targets), FALSE);
    begun->overlays = (char **) g_ptr_array_free (g_steal_pointer (&overlays), FALSE);
    return TRUE;
}

/* ---- committing back, one disk after the other ---- */

typedef enum {
    STEP_START,                   /* start the active commit */
    STEP_POLL,                    /* ready? then pivot */
    STEP_DELETE,                  /* delete the overlay file */
} Step;

typedef struct {
    char *uuid;
    char *target;
    char *overlay;
    Step step;
} CommitJob;

static void
commit_job_free (CommitJob *job)
{
    g_free (job->uuid);
    g_free (job->target);
    g_free (job->overlay);
    g_free (job);
}

typedef struct {
    char *uuid;
    char **targets;
    char **overlays;
    guint next;
    Step step;
    GError *error;                /* the first failure; the rest still runs */
} Commit;

static void
commit_free (Commit *commit)
{
    g_free (commit->uuid);
    g_strfreev (commit->targets);
    g_strfreev (commit->overlays);
    g_clear_error (&commit->error);
    g_free (commit);
}

static gboolean
delete_overlay (virConnectPtr conn, const char *path, GError **error)
{
    DomusHostDir holder = { NULL };
    g_autoptr(virStorageVol) vol = domus_host_file_lookup (conn, path, &holder, error);
    gboolean ok = vol != NULL && virStorageVolDelete (vol, 0) == 0;

    if (vol != NULL && !ok) {
        g_autofree char *what = g_strdup_printf (_("Deleting the overlay %s failed"), path);

        domus_set_error_from_libvirt (error, what);
    }
    domus_host_dir_close (&holder);
    return ok;
}

/* Returns TRUE when the step is done, FALSE to poll again. */
static void
commit_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    CommitJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autofree char *what = NULL;
    virDomainBlockJobInfo info = { 0 };
    GError *error = NULL;
    int ret;

    if (job->step == STEP_DELETE) {
        if (delete_overlay (conn, job->overlay, &error))
            g_task_return_boolean (task, TRUE);
        else
            g_task_return_error (task, error);
        return;
    }
    what = g_strdup_printf (_("Committing the overlay of %s back into its disk failed"),
                            job->target);
    if (dom == NULL) {
        domus_set_error_from_libvirt (&error, what);
        g_task_return_error (task, error);
        return;
    }
    if (job->step == STEP_START) {
        if (virDomainBlockCommit (dom, job->target, NULL, NULL, 0,
                                  VIR_DOMAIN_BLOCK_COMMIT_ACTIVE) < 0) {
            domus_set_error_from_libvirt (&error, what);
            g_task_return_error (task, error);
        } else {
            g_task_return_boolean (task, TRUE);
        }
        return;
    }
    ret = virDomainGetBlockJobInfo (dom, job->target, &info, 0);
    if (ret < 0 || ret == 0) {
        /* No job: it failed and went, or never was. */
        if (ret == 0)
            g_set_error (&error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT,
                         _("%s: the block job ended before it was ready"), what);
        else
            domus_set_error_from_libvirt (&error, what);
        g_task_return_error (task, error);
        return;
    }
    if (info.end == 0 || info.cur != info.end) {
        g_task_return_boolean (task, FALSE);
        return;
    }
    if (virDomainBlockJobAbort (dom, job->target, VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT) < 0) {
        virErrorPtr err = virGetLastError ();

        /* Caught up but not yet switched to the ready phase. */
        if (err != NULL && err->code == VIR_ERR_BLOCK_COPY_ACTIVE) {
            virResetLastError ();
            g_task_return_boolean (task, FALSE);
            return;
        }
        domus_set_error_from_libvirt (&error, what);
        g_task_return_error (task, error);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

static void commit_step (GTask *task);

static gboolean
commit_timeout_cb (gpointer user_data)
{
    commit_step (user_data);
    return G_SOURCE_REMOVE;
}

static void
commit_done_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    GTask *task = user_data;
    Commit *commit = g_task_get_task_data (task);
    GError *error = NULL;
    gboolean done = g_task_propagate_boolean (G_TASK (res), &error);

    if (error != NULL) {
        /* This disk is left as it is; the next one is still committed. */
        if (commit->error == NULL)
            commit->error = error;
        else
            g_error_free (error);
        commit->next++;
        commit->step = STEP_START;
        commit_step (task);
        return;
    }
    if (!done) {
        g_timeout_add (COMMIT_POLL_MS, commit_timeout_cb, task);
        return;
    }
    if (commit->step == STEP_DELETE) {
        commit->next++;
        commit->step = STEP_START;
    } else {
        commit->step++;
    }
    commit_step (task);
}

static void
commit_step (GTask *task)
{
    Commit *commit = g_task_get_task_data (task);
    CommitJob *job;

    if (commit->targets[commit->next] == NULL) {
        if (commit->error != NULL)
            g_task_return_error (task, g_steal_pointer (&commit->error));
        else
            g_task_return_boolean (task, TRUE);
        g_object_unref (task);
        return;
    }
    job = g_new0 (CommitJob, 1);
    job->uuid = g_strdup (commit->uuid);
    job->target = g_strdup (commit->targets[commit->next]);
    job->overlay = g_strdup (commit->overlays[commit->next]);
    job->step = commit->step;
    domus_connection_run_job (DOMUS_CONNECTION (g_task_get_source_object (task)), commit_job,
                              job, (GDestroyNotify) commit_job_free, NULL, commit_done_cb,
                              task);
}

void
domus_backup_fallback_commit_async (DomusConnection *conn, const char *uuid,
                                    char **targets, char **overlays,
                                    GAsyncReadyCallback callback, gpointer user_data)
{
    GTask *task = g_task_new (conn, NULL, callback, user_data);
    Commit *commit = g_new0 (Commit, 1);

    commit->uuid = g_strdup (uuid);
    commit->targets = g_strdupv (targets);
    commit->overlays = g_strdupv (overlays);
    g_task_set_task_data (task, commit, (GDestroyNotify) commit_free);
    commit_step (task);
}

gboolean
domus_backup_fallback_commit_finish (DomusConnection *conn, GAsyncResult *result,
                                     GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}
