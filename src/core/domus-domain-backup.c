/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A guest's backup as short worker jobs driven from the caller's main
 * context, so that the host's worker stays free for the list while the
 * backup runs. Begin (domus-domain-backup-begin.c): the folder is made on
 * the host (storage API, see domus-domain-backup-target.c), the domain XML
 * and NVRAM written into it, and for a running guest libvirt's push-mode
 * backup job started with a new checkpoint (incremental from the guest's
 * last one when its backup is in this target). Then the job's statistics
 * are read every 500 ms for the progress, until libvirt says how it ended;
 * a shut-off guest's disks are copied instead, one job per disk
 * (virStorageVolCreateXMLFrom).
 * Success: the older checkpoints are dropped (the next incremental starts
 * from this backup) and the retention removes old folders. Failure or
 * cancel (virDomainAbortJob): the folder and the new checkpoint go.
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

#define POLL_INTERVAL_MS 500

/* ---- the whole backup, on the main context ---- */

typedef struct {
    char *uuid;
    char *name;
    char *what;                   /* "Backing up “web01” on host failed" */
    DomusBackupOptions *options;
    DomusBackupProgressFunc progress;
    gpointer progress_data;
    DomusBackupBegun *begun;
    guint next_copy;
    guint64 copied;
    guint64 last_done;
    gint64 last_time;
    guint timeout_id;
    GError *failure;              /* kept while the folder is removed */
} Backup;

static void
backup_free (Backup *backup)
{
    g_free (backup->uuid);
    g_free (backup->name);
    g_free (backup->what);
    domus_backup_options_free (backup->options);
    g_clear_pointer (&backup->begun, domus_backup_begun_free);
    g_clear_error (&backup->failure);
    g_free (backup);
}

/* ---- polling the running job ---- */

typedef struct {
    char *uuid;
    gboolean abort;
} PollJob;

static void
poll_job_free (PollJob *job)
{
    g_free (job->uuid);
    g_free (job);
}

typedef struct {
    gboolean running;
    guint64 done;
    guint64 total;
    guint64 bps;
    gboolean cancelled;           /* ended aborted */
    char *message;                /* ended failed: libvirt's words */
} Poll;

static void
poll_free (Poll *poll)
{
    g_free (poll->message);
    g_free (poll);
}

static guint64
param_ull (virTypedParameterPtr params, int n, const char *a, const char *b)
{
    unsigned long long value = 0;

    if (virTypedParamsGetULLong (params, n, a, &value) != 1)
        virTypedParamsGetULLong (params, n, b, &value);
    return value;
}

static void
poll_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    PollJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    virTypedParameterPtr params = NULL;
    int n = 0, type = VIR_DOMAIN_JOB_NONE;
    Poll *poll;
    GError *error = NULL;

    if (dom == NULL) {
        domus_set_error_from_libvirt (&error, _("The guest went away"));
        g_task_return_error (task, error);
        return;
    }
    if (job->abort)
        virDomainAbortJob (dom);
    virResetLastError ();
    if (virDomainGetJobStats (dom, &type, &params, &n, 0) < 0) {
        domus_set_error_from_libvirt (&error, _("Reading the backup’s progress failed"));
        g_task_return_error (task, error);
        return;
    }
    poll = g_new0 (Poll, 1);
    if (type != VIR_DOMAIN_JOB_NONE) {
        poll->running = TRUE;
        poll->done = param_ull (params, n, VIR_DOMAIN_JOB_DISK_PROCESSED,
                                VIR_DOMAIN_JOB_DATA_PROCESSED);
        poll->total = param_ull (params, n, VIR_DOMAIN_JOB_DISK_TOTAL,
                                 VIR_DOMAIN_JOB_DATA_TOTAL);
        poll->bps = param_ull (params, n, VIR_DOMAIN_JOB_DISK_BPS, VIR_DOMAIN_JOB_DISK_BPS);
    } else {
        const char *errmsg = NULL;

        virTypedParamsFree (params, n);
        params = NULL;
        n = 0;
        type = VIR_DOMAIN_JOB_NONE;
        if (virDomainGetJobStats (dom, &type, &params, &n,
                                  VIR_DOMAIN_JOB_STATS_COMPLETED) < 0)
            type = VIR_DOMAIN_JOB_NONE;
        virResetLastError ();
        poll->done = param_ull (params, n, VIR_DOMAIN_JOB_DISK_PROCESSED,
                                VIR_DOMAIN_JOB_DATA_PROCESSED);
        poll->total = param_ull (params, n, VIR_DOMAIN_JOB_DISK_TOTAL,
                                 VIR_DOMAIN_JOB_DATA_TOTAL);
        virTypedParamsGetString (params, n, VIR_DOMAIN_JOB_ERRMSG, &errmsg);
        if (type == VIR_DOMAIN_JOB_CANCELLED)
            poll->cancelled = TRUE;
        else if (type == VIR_DOMAIN_JOB_FAILED)
            poll->message = g_strdup (errmsg != NULL ? errmsg : _("libvirt gave no reason"));
        else if (type != VIR_DOMAIN_JOB_COMPLETED)
            poll->message = g_strdup (_("libvirt did not say how the backup job ended"));
    }
    virTypedParamsFree (params, n);
    g_task_return_pointer (task, poll, (GDestroyNotify) poll_free);
}

/* ---- a shut-off guest's disk ---- */

typedef struct {
    char *folder;
    char *source;
    char *image;
    DomusBackupFormat format;
} CopyJob;

static void
copy_job_free (CopyJob *job)
{
    g_free (job->folder);
    g_free (job->source);
    g_free (job->image);
    g_free (job);
}

static void
copy_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    CopyJob *job = task_data;
    DomusHostDir holder = { NULL }, folder = { NULL };
    g_autoptr(virStorageVol) source = NULL;
    g_autoptr(virStorageVol) copy = NULL;
    virStorageVolInfo info = { 0 };
    GError *error = NULL;

    source = domus_host_file_lookup (conn, job->source, &holder, &error);
    if (source != NULL && domus_host_dir_open (conn, job->folder, FALSE, &folder, &error)) {
        g_autofree char *xml = NULL;

        virStorageVolGetInfo (source, &info);
        xml = domus_storage_volume_xml (job->image,
                                        job->format == DOMUS_BACKUP_FORMAT_RAW ? "raw"
                                                                               : "qcow2",
                                        info.capacity, 0);
        copy = virStorageVolCreateXMLFrom (folder.pool, xml, source, 0);
        if (copy == NULL) {
            g_autofree char *what = g_strdup_printf (_("Copying %s failed"), job->source);

            domus_set_error_from_libvirt (&error, what);
        }
        domus_host_dir_close (&folder);
    }
    domus_host_dir_close (&holder);
    if (copy == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_int (task, (gssize) MIN (info.allocation, G_MAXSSIZE));
}

/* ---- after the end: success or clean-up ---- */

typedef struct {
    char *uuid;
    char *target;
    char *guest;
    char *path;                   /* the new folder, removed on failure */
    char *checkpoint;             /* the new checkpoint */
    char **old_checkpoints;
    guint keep;
    gboolean success;
} EndJob;

static void
end_job_free (EndJob *job)
{
    g_free (job->uuid);
    g_free (job->target);
    g_free (job->guest);
    g_free (job->path);
    g_free (job->checkpoint);
    g_strfreev (job->old_checkpoints);
    g_free (job);
}

static void
delete_checkpoint (virDomainPtr dom, const char *name)
{
    g_autoptr(virDomainCheckpoint) checkpoint = NULL;

    if (dom != NULL && name != NULL &&
        (checkpoint = virDomainCheckpointLookupByName (dom, name, 0)) != NULL)
        virDomainCheckpointDelete (checkpoint, 0);
    virResetLastError ();
}

static void
end_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    EndJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autoptr(GPtrArray) entries = NULL;
    g_autoptr(GPtrArray) removed = NULL;
    GError *error = NULL;

    virResetLastError ();
    if (!job->success) {
        delete_checkpoint (dom, job->checkpoint);
        if (!domus_host_dir_remove (conn, job->path, &error)) {
            g_task_return_error (task, error);
            return;
        }
        g_task_return_pointer (task, NULL, NULL);
        return;
    }
    /* The sizes of a whole backup, for Verify. */
    if (!domus_host_write_manifest (conn, job->path, &error)) {
        g_prefix_error (&error, _("The backup was made, but recording its images’ sizes "
                                  "failed: "));
        g_task_return_error (task, error);
        return;
    }
    /* The next incremental starts from this backup: one bitmap is enough. */
    for (guint i = 0; job->checkpoint != NULL && job->old_checkpoints[i] != NULL; i++)
        delete_checkpoint (dom, job->old_checkpoints[i]);

    removed = g_ptr_array_new_with_free_func (g_free);
    if (job->keep > 0) {
        g_autoptr(GPtrArray) drop = NULL;

        entries = domus_host_list_backups (conn, job->target, job->guest, FALSE, &error);
        if (entries == NULL) {
            g_task_return_error (task, error);
            return;
        }
        drop = domus_backup_retention (entries, job->keep);
        for (guint i = 0; i < drop->len; i++) {
            g_autofree char *path = g_build_filename (job->target, job->guest,
                                                      drop->pdata[i], NULL);

            if (!domus_host_dir_remove (conn, path, &error)) {
                g_prefix_error (&error, _("The backup was made, but removing old backups "
                                          "failed: "));
                g_task_return_error (task, error);
                return;
            }
            g_ptr_array_add (removed, g_strdup (drop->pdata[i]));
        }
    }
    g_task_return_pointer (task, g_steal_pointer (&removed), (GDestroyNotify) g_ptr_array_unref);
}

/* ---- driving it ---- */

static void poll_done_cb (GObject *source, GAsyncResult *res, gpointer user_data);
static void copy_done_cb (GObject *source, GAsyncResult *res, gpointer user_data);

static DomusConnection *
task_connection (GTask *task)
{
    return DOMUS_CONNECTION (g_task_get_source_object (task));
}

static void
end_done_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    g_autoptr(GTask) task = user_data;
    Backup *backup = g_task_get_task_data (task);
    GError *error = NULL;
    GPtrArray *removed = g_task_propagate_pointer (G_TASK (res), &error);
    DomusBackupResult *result;

    if (backup->failure != NULL) {
        if (error != NULL) {
            g_prefix_error (&backup->failure, "%s\n", error->message);
            g_error_free (error);
        }
        g_task_return_error (task, g_steal_pointer (&backup->failure));
        return;
    }
    if (error != NULL) {
        g_task_return_error (task, error);
        return;
    }
    result = g_steal_pointer (&backup->begun->result);
    g_ptr_array_unref (result->removed);
    result->removed = removed;
    /* The folder is whole now: the Backups pages may read it. */
    domus_connection_backups_changed (task_connection (task), backup->uuid);
    g_task_return_pointer (task, result, (GDestroyNotify) domus_backup_result_free);
}

static void end (GTask *task);

static void
commit_back_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    GTask *task = user_data;
    Backup *backup = g_task_get_task_data (task);
    GError *error = NULL;

    if (!domus_backup_fallback_commit_finish (DOMUS_CONNECTION (source), res, &error)) {
        g_prefix_error (&error, "%s: ", backup->what);
        if (backup->failure == NULL)
            backup->failure = error;
        else
            g_prefix_error (&backup->failure, "%s\n", error->message);
        if (backup->failure != error)
            g_error_free (error);
    }
    end (task);
}

/* Success, or the clean-up after ERROR (taken); a snapshot-and-commit
 * backup's overlays are committed back first, whatever happened. */
static void
finish (GTask *task, GError *error)
{
    Backup *backup = g_task_get_task_data (task);
    DomusBackupBegun *begun = backup->begun;

    backup->failure = error;
    if (begun->overlays != NULL)
        domus_backup_fallback_commit_async (task_connection (task), backup->uuid,
                                            begun->overlay_targets, begun->overlays,
                                            commit_back_cb, task);
    else
        end (task);
}

static void
end (GTask *task)
{
    Backup *backup = g_task_get_task_data (task);
    EndJob *job = g_new0 (EndJob, 1);

    job->uuid = g_strdup (backup->uuid);
    job->target = g_strdup (backup->options->target);
    job->guest = g_strdup (backup->name);
    job->path = g_strdup (backup->begun->result->path);
    job->checkpoint = g_strdup (backup->begun->checkpoint);
    job->old_checkpoints = g_strdupv (backup->begun->old_checkpoints);
    job->keep = backup->options->keep;
    job->success = backup->failure == NULL;
    /* The clean-up runs even when the caller cancelled. */
    domus_connection_run_job (task_connection (task), end_job, job,
                              (GDestroyNotify) end_job_free, NULL, end_done_cb, task);
}

static void
report (Backup *backup, guint64 done, guint64 total, guint64 bps)
{
    gint64 now = g_get_monotonic_time ();

    if (bps == 0 && backup->last_time != 0 && now > backup->last_time && done >= backup->last_done)
        bps = (done - backup->last_done) * G_USEC_PER_SEC / (guint64) (now - backup->last_time);
    backup->last_done = done;
    backup->last_time = now;
    if (backup->progress != NULL)
        backup->progress (done, total, bps, backup->progress_data);
}

static GError *
cancelled_error (void)
{
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                _("The backup was cancelled"));
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
    GTask *task = user_data;
    Backup *backup = g_task_get_task_data (task);
    PollJob *job = g_new0 (PollJob, 1);

    backup->timeout_id = 0;
    job->uuid = g_strdup (backup->uuid);
    job->abort = g_cancellable_is_cancelled (g_task_get_cancellable (task));
    domus_connection_run_job (task_connection (task), poll_job, job,
                              (GDestroyNotify) poll_job_free, NULL, poll_done_cb, task);
    return G_SOURCE_REMOVE;
}

static void
poll_done_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    GTask *task = user_data;
    Backup *backup = g_task_get_task_data (task);
    GError *error = NULL;
    Poll *poll = g_task_propagate_pointer (G_TASK (res), &error);

    if (poll == NULL) {
        g_prefix_error (&error, "%s: ", backup->what);
        finish (task, error);
        return;
    }
    if (poll->running) {
        report (backup, poll->done, poll->total, poll->bps);
        backup->timeout_id = g_timeout_add (POLL_INTERVAL_MS, poll_timeout_cb, task);
    } else if (poll->cancelled) {
        finish (task, cancelled_error ());
    } else if (poll->message != NULL) {
        finish (task, g_error_new (DOMUS_ERROR, DOMUS_ERROR_LIBVIRT, "%s: %s",
                                   backup->what, poll->message));
    } else {
        report (backup, poll->total, poll->total, 0);
        finish (task, NULL);
    }
    poll_free (poll);
}

static void
copy_next (GTask *task)
{
    Backup *backup = g_task_get_task_data (task);
    DomusBackupBegun *begun = backup->begun;
    CopyJob *job;

    if (g_cancellable_is_cancelled (g_task_get_cancellable (task))) {
        finish (task, cancelled_error ());
        return;
    }
    if (begun->copy_sources[backup->next_copy] == NULL) {
        report (backup, backup->copied, begun->total, 0);
        finish (task, NULL);
        return;
    }
    job = g_new0 (CopyJob, 1);
    job->folder = g_strdup (begun->result->path);
    job->source = g_strdup (begun->copy_sources[backup->next_copy]);
    job->image = g_strdup (begun->copy_images[backup->next_copy]);
    job->format = backup->options->format;
    backup->next_copy++;
    domus_connection_run_job (task_connection (task), copy_job, job,
                              (GDestroyNotify) copy_job_free, NULL, copy_done_cb, task);
}

static void
copy_done_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    GTask *task = user_data;
    Backup *backup = g_task_get_task_data (task);
    GError *error = NULL;
    gssize copied = g_task_propagate_int (G_TASK (res), &error);

    if (error != NULL) {
        g_prefix_error (&error, "%s: ", backup->what);
        finish (task, error);
        return;
    }
    backup->copied += copied;
    report (backup, backup->copied, backup->begun->total, 0);
    copy_next (task);
}

static void
begin_done_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    GTask *task = user_data;
    Backup *backup = g_task_get_task_data (task);
    GError *error = NULL;

    backup->begun = g_task_propagate_pointer (G_TASK (res), &error);
    if (backup->begun == NULL) {
        g_task_return_error (task, error);
        g_object_unref (task);
        return;
    }
    /* Cancelled meanwhile: the polling aborts libvirt's job, the copy
     * stops before its first disk; either way the folder is removed. */
    report (backup, 0, backup->begun->total, 0);
    if (!backup->begun->result->hot || backup->begun->overlays != NULL)
        copy_next (task);
    else if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        poll_timeout_cb (task);
    else
        backup->timeout_id = g_timeout_add (POLL_INTERVAL_MS, poll_timeout_cb, task);
}

void
domus_domain_backup_async (DomusConnection *conn, DomusDomain *domain,
                           const DomusBackupOptions *options,
                           DomusBackupProgressFunc progress, gpointer progress_data,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
    GTask *task;
    Backup *backup;
    DomusBackupBeginJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));
    g_return_if_fail (options != NULL && options->target != NULL);

    /* The task's own reference lasts until the last job is done. */
    task = g_task_new (conn, cancellable, callback, user_data);
    g_task_set_source_tag (task, domus_domain_backup_async);
    /* Cancelling ends the job in its time, not at once: the folder goes. */
    g_task_set_check_cancellable (task, FALSE);
    backup = g_new0 (Backup, 1);
    backup->uuid = g_strdup (domus_domain_get_uuid (domain));
    backup->name = g_strdup (domus_domain_get_name (domain));
    backup->what = g_strdup_printf (_("Backing up “%s” on %s failed"),
                                    domus_domain_get_name (domain),
                                    domus_connection_get_display_name (conn));
    backup->options = domus_backup_options_copy (options);
    backup->progress = progress;
    backup->progress_data = progress_data;
    g_task_set_task_data (task, backup, (GDestroyNotify) backup_free);

    job = g_new0 (DomusBackupBeginJob, 1);
    job->uuid = g_strdup (backup->uuid);
    job->what = g_strdup (backup->what);
    job->options = domus_backup_options_copy (options);
    /* No cancellable: a begin that made the folder must say so, to have it
     * removed. */
    domus_connection_run_job (conn, domus_backup_begin_job, job,
                              (GDestroyNotify) domus_backup_begin_job_free, NULL, begin_done_cb,
                              task);
}

DomusBackupResult *
domus_domain_backup_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the catalogue ---- */

typedef struct {
    char *target;
    char *guest;
} ListJob;

static void
list_job_free (ListJob *job)
{
    g_free (job->target);
    g_free (job->guest);
    g_free (job);
}

static void
list_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    ListJob *job = task_data;
    GError *error = NULL;
    GPtrArray *entries = domus_host_list_backups (conn, job->target, job->guest, TRUE,
                                                  &error);

    if (entries == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, entries, (GDestroyNotify) g_ptr_array_unref);
}

void
domus_backup_list_async (DomusConnection *conn, const char *target, const char *guest_name,
                         GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
    ListJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (target != NULL && guest_name != NULL);

    job = g_new0 (ListJob, 1);
    job->target = g_strdup (target);
    job->guest = g_strdup (guest_name);
    domus_connection_run_job (conn, list_job, job, (GDestroyNotify) list_job_free,
                              cancellable, callback, user_data);
}

GPtrArray *
domus_backup_list_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the disks, for the dialog ---- */

static void
disks_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, task_data);
    g_autofree char *xml = dom != NULL ? virDomainGetXMLDesc (dom, 0) : NULL;
    GError *error = NULL;
    GPtrArray *disks;

    if (xml == NULL) {
        domus_set_error_from_libvirt (&error, _("Reading the guest’s disks failed"));
        g_task_return_error (task, error);
        return;
    }
    disks = domus_backup_disks_from_xml (xml, NULL, &error);
    if (disks == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, disks, (GDestroyNotify) g_ptr_array_unref);
}

void
domus_domain_backup_disks_async (DomusConnection *conn, DomusDomain *domain,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));

    domus_connection_run_job (conn, disks_job, g_strdup (domus_domain_get_uuid (domain)),
                              g_free, cancellable, callback, user_data);
}

GPtrArray *
domus_domain_backup_disks_finish (DomusConnection *conn, GAsyncResult *result,
                                  GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}
