/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The clone: a run of short worker jobs driven from the caller's main
 * context, so that the host's worker stays free for the list and the other
 * guests while a disk is copied. virStorageVolCreateXMLFrom blocks until
 * its copy is done, so it runs on a short-lived thread of its own (libvirt
 * allows calls on one connection from several threads) while the worker
 * now and then reads how much of the new volume is written. Storage is
 * made and removed only through libvirt's pool API; whatever the clone
 * made is removed again when it fails or is cancelled.
 */
#include "config.h"

#include "domus-domain-clone.h"
#include "domus-domain-clone-private.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-storage-private.h"

/* How often the worker reads a copy's progress. */
#define PROGRESS_INTERVAL_MS 500

/* ---- the clone: worker jobs --------------------------------------------- */

typedef struct {
    char *uuid;
    char *new_name;
    char *what;
} PrepareJob;

static void
prepare_job_free (PrepareJob *job)
{
    g_free (job->uuid);
    g_free (job->new_name);
    g_free (job->what);
    g_free (job);
}

/* The original is still there and not running, and the name is free. */
static void
prepare_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    PrepareJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autoptr(virDomain) other = NULL;
    GError *error = NULL;

    if (dom == NULL) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    if (!domus_clone_check_state_on (dom, job->what, NULL, &error)) {
        g_task_return_error (task, error);
        return;
    }
    other = virDomainLookupByName (conn, job->new_name);
    virResetLastError ();
    if (other != NULL) {
        g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED, "%s: %s", job->what,
                                 _("A guest of that name exists already."));
        return;
    }
    g_task_return_boolean (task, TRUE);
}

/* One volume to copy, shared by the main thread and the copy's thread:
 * the thread writes the result, then hands it over through the main
 * context, which reads it only after that. */
typedef struct {
    char *pool;
    char *source;           /* the original's volume */
    char *name;             /* the new one's */
    virConnectPtr conn;     /* the thread's reference */
    GMainContext *context;
    GTask *task;            /* the clone's, until the result is handed over */
    gboolean created;
    char *path;
    char *message;          /* why it failed, with libvirt's words */
} Copy;

static void
copy_clear (Copy *copy)
{
    g_free (copy->pool);
    g_free (copy->source);
    g_free (copy->name);
    g_clear_pointer (&copy->context, g_main_context_unref);
    g_clear_object (&copy->task);
    g_free (copy->path);
    g_free (copy->message);
}

static Copy *
copy_ref (Copy *copy)
{
    return g_atomic_rc_box_acquire (copy);
}

static void
copy_unref (Copy *copy)
{
    g_atomic_rc_box_release_full (copy, (GDestroyNotify) copy_clear);
}

static void copy_finished (Copy *copy);

static gboolean
copy_finished_cb (gpointer data)
{
    copy_finished (data);
    return G_SOURCE_REMOVE;
}

/* The new volume as the original, in its format; a file grows as it is
 * written, a block device is allocated whole (less would make LVM build a
 * snapshot volume that breaks once full). */
static char *
worker_new_volume_xml (virStoragePoolPtr pool, virStorageVolPtr source, const char *name)
{
    g_autoptr(DomusPoolInfo) pool_info = domus_storage_read_pool (pool);
    DomusVolumeInfo *info = domus_storage_read_volume (pool, source);
    gboolean files = domus_storage_pool_holds_files (pool_info->type);
    char *xml = domus_storage_volume_xml (name, files ? info->format : NULL, info->capacity,
                                          files ? 0 : info->capacity);

    domus_volume_info_free (info);
    return xml;
}

static gpointer
copy_thread (gpointer data)
{
    Copy *copy = data;
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (copy->conn, copy->pool);
    g_autoptr(virStorageVol) source = pool ? virStorageVolLookupByName (pool, copy->source)
                                           : NULL;
    g_autoptr(virStorageVol) vol = NULL;
    g_autoptr(GSource) idle = g_idle_source_new ();

    if (source != NULL) {
        g_autofree char *xml = worker_new_volume_xml (pool, source, copy->name);

        vol = virStorageVolCreateXMLFrom (pool, xml, source, 0);
    }
    if (vol == NULL) {
        g_autofree char *what = g_strdup_printf (_("Copying volume “%s” of pool “%s” failed"),
                                                 copy->source, copy->pool);
        g_autoptr(GError) error = NULL;

        domus_set_error_from_libvirt (&error, what);
        copy->message = g_strdup (error->message);
    } else {
        char *path = virStorageVolGetPath (vol);

        copy->created = TRUE;
        copy->path = g_strdup (path);
        free (path);
    }
    g_clear_pointer (&vol, virStorageVolFree);
    g_clear_pointer (&source, virStorageVolFree);
    g_clear_pointer (&pool, virStoragePoolFree);
    virConnectClose (copy->conn);
    virResetLastError ();

    g_source_set_callback (idle, copy_finished_cb, copy, (GDestroyNotify) copy_unref);
    g_source_attach (idle, copy->context);
    return NULL;
}

/* Hands the copy to a thread of its own: the worker does not wait for it. */
static void
start_copy_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    Copy *copy = task_data;

    virConnectRef (conn);
    copy->conn = conn;
    g_thread_unref (g_thread_new ("domus-clone-copy", copy_thread, copy_ref (copy)));
    g_task_return_boolean (task, TRUE);
}

typedef struct {
    char *pool;
    char *name;
} VolumeName;

static void
volume_name_free (VolumeName *v)
{
    g_free (v->pool);
    g_free (v->name);
    g_free (v);
}

static VolumeName *
volume_name_new (const char *pool, const char *name)
{
    VolumeName *v = g_new0 (VolumeName, 1);

    v->pool = g_strdup (pool);
    v->name = g_strdup (name);
    return v;
}

/* How much of the new volume is written; G_MAXUINT64 when unknown. */
static void
poll_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    VolumeName *v = task_data;
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, v->pool);
    g_autoptr(virStorageVol) vol = pool ? virStorageVolLookupByName (pool, v->name) : NULL;
    virStorageVolInfo info;
    guint64 allocation = G_MAXUINT64;

    if (vol != NULL && virStorageVolGetInfo (vol, &info) == 0)
        allocation = info.allocation;
    virResetLastError ();
    g_task_return_pointer (task, g_memdup2 (&allocation, sizeof allocation), g_free);
}

typedef struct {
    char *xml;
    char *what;
} DefineJob;

static void
define_job_free (DefineJob *job)
{
    g_free (job->xml);
    g_free (job->what);
    g_free (job);
}

static void
define_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    DefineJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainDefineXML (conn, job->xml);
    char uuid[VIR_UUID_STRING_BUFLEN];
    GError *error = NULL;

    if (dom == NULL || virDomainGetUUIDString (dom, uuid) < 0) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, g_strdup (uuid), g_free);
}

/* Removes the volumes (VolumeName) the clone made; the result lists what
 * could not be removed, one per line with libvirt's reason, or "". */
static void
cleanup_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    GPtrArray *volumes = task_data;
    GString *remains = g_string_new (NULL);

    for (guint i = 0; i < volumes->len; i++) {
        VolumeName *v = g_ptr_array_index (volumes, i);
        g_autoptr(GError) error = NULL;

        if (!domus_storage_delete_volume_on (conn, v->pool, v->name, &error))
            g_string_append_printf (remains, "\n%s", error->message);
    }
    g_task_return_pointer (task, g_string_free (remains, FALSE), g_free);
}

/* ---- the clone: the run on the main context ----------------------------- */

typedef struct {
    guint disk;             /* index in the plan, or G_MAXUINT for the NVRAM */
    char *pool;
    char *source;
    char *name;
    guint64 weight;         /* bytes to copy, for the progress */
    gboolean poll;          /* a file: its allocation shows the progress */
    gboolean created;
    char *path;
} Step;

static void
step_free (Step *step)
{
    g_free (step->pool);
    g_free (step->source);
    g_free (step->name);
    g_free (step->path);
    g_free (step);
}

typedef struct {
    DomusClonePlan *plan;
    char *new_name;
    char *what;             /* "Cloning “web01” on Demo Host failed" */
    DomusCloneProgressFunc progress;
    gpointer progress_data;
    GPtrArray *steps;       /* Step */
    guint current;
    guint64 total, done;    /* bytes */
    Copy *copy;             /* the copy under way */
    guint poll_id;
    gboolean polling;       /* a poll job is out */
    gboolean over;          /* the task has its result */
    GError *failure;        /* why it ends, while the clean-up runs */
} Clone;

static void
clone_free (Clone *clone)
{
    domus_clone_plan_unref (clone->plan);
    g_free (clone->new_name);
    g_free (clone->what);
    g_ptr_array_unref (clone->steps);
    g_clear_pointer (&clone->copy, copy_unref);
    g_clear_handle_id (&clone->poll_id, g_source_remove);
    g_clear_error (&clone->failure);
    g_free (clone);
}

static DomusConnection *
task_connection (GTask *task)
{
    return DOMUS_CONNECTION (g_task_get_source_object (task));
}

static void
clone_return (GTask *task, gpointer result, GError *error)
{
    Clone *clone = g_task_get_task_data (task);

    clone->over = TRUE;
    g_clear_handle_id (&clone->poll_id, g_source_remove);
    if (error != NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, result, g_free);
    g_object_unref (task);
}

static void
report_progress (Clone *clone, guint64 extra)
{
    if (clone->progress != NULL)
        clone->progress (clone->current, clone->steps->len,
                         (double) (clone->done + extra) / (double) MAX (clone->total, 1),
                         clone->progress_data);
}

/* What the clone made, for a message: one line each. */
static char *
made_volumes_text (Clone *clone, const char *reason)
{
    GString *text = g_string_new (NULL);

    for (guint i = 0; i < clone->steps->len; i++) {
        Step *step = g_ptr_array_index (clone->steps, i);

        if (step->created)
            /* TRANSLATORS: a volume that remains, and why */
            g_string_append_printf (text, _("\n“%s” in pool “%s” (%s)"), step->name,
                                    step->pool, reason);
    }
    return g_string_free (text, FALSE);
}

static void
cleanup_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    GTask *task = user_data;
    Clone *clone = g_task_get_task_data (task);
    g_autoptr(GError) failure = g_steal_pointer (&clone->failure);
    g_autoptr(GError) error = NULL;
    g_autofree char *remains = g_task_propagate_pointer (G_TASK (result), &error);
    gboolean cancelled = g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    GError *out;

    if (remains == NULL)
        remains = made_volumes_text (clone, error->message);
    if (*remains == '\0')
        out = cancelled
            ? g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                           _("The clone was cancelled. The volumes made for it were "
                             "removed."))
            : g_error_new (failure->domain, failure->code,
                           _("%s\nThe volumes made for the clone were removed again."),
                           failure->message);
    else
        out = cancelled
            ? g_error_new (DOMUS_ERROR, DOMUS_ERROR_FAILED,
                           _("The clone was cancelled, but these volumes made for it "
                             "remain:%s"), remains)
            : g_error_new (failure->domain, failure->code,
                           _("%s\nThese volumes made for the clone remain:%s"),
                           failure->message, remains);
    clone_return (task, NULL, out);
}

/* Every failure ends here: the volumes made so far are removed first. */
static void
clone_fail (GTask *task, GError *failure)
{
    Clone *clone = g_task_get_task_data (task);
    GPtrArray *made = g_ptr_array_new_with_free_func ((GDestroyNotify) volume_name_free);

    for (guint i = 0; i < clone->steps->len; i++) {
        Step *step = g_ptr_array_index (clone->steps, i);

        if (step->created)
            g_ptr_array_add (made, volume_name_new (step->pool, step->name));
    }
    if (made->len == 0) {
        g_ptr_array_unref (made);
        clone_return (task, NULL, failure);
        return;
    }
    clone->failure = failure;
    /* No cancellable: the clean-up runs whatever happens. */
    domus_connection_run_job (task_connection (task), cleanup_job, made,
                              (GDestroyNotify) g_ptr_array_unref, NULL, cleanup_done_cb, task);
}

static gboolean
clone_cancelled (GTask *task)
{
    if (!g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        return FALSE;
    clone_fail (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                                   _("The clone was cancelled")));
    return TRUE;
}

static void
define_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    GTask *task = user_data;
    GError *error = NULL;
    char *uuid = g_task_propagate_pointer (G_TASK (result), &error);

    /* Defined, the clone is whole: a Cancel that came meanwhile came too late. */
    if (uuid == NULL)
        clone_fail (task, error);
    else
        clone_return (task, uuid, NULL);
}

static void
clone_define (GTask *task)
{
    Clone *clone = g_task_get_task_data (task);
    guint n = clone->plan->disks->len;
    g_auto(GStrv) paths = g_new0 (char *, n + 1);
    g_auto(GStrv) volumes = g_new0 (char *, n + 1);
    const char *nvram_path = NULL;
    DefineJob *job;
    GError *error = NULL;
    char *xml;

    for (guint i = 0; i < clone->steps->len; i++) {
        Step *step = g_ptr_array_index (clone->steps, i);

        if (step->disk == G_MAXUINT) {
            nvram_path = step->path;
        } else {
            paths[step->disk] = g_strdup (step->path);
            volumes[step->disk] = g_strdup (step->name);
        }
    }
    xml = domus_clone_plan_to_xml (clone->plan, clone->new_name, paths, volumes, nvram_path,
                                   &error);
    if (xml == NULL) {
        clone_fail (task, error);
        return;
    }
    job = g_new0 (DefineJob, 1);
    job->xml = xml;
    job->what = g_strdup_printf (_("%s: defining the new guest failed"), clone->what);
    domus_connection_run_job (task_connection (task), define_job, job,
                              (GDestroyNotify) define_job_free, NULL, define_done_cb, task);
}

static void clone_next_step (GTask *task);

/* The copy's thread is done (main context). */
static void
copy_finished (Copy *copy)
{
    GTask *task = g_steal_pointer (&copy->task);
    Clone *clone = g_task_get_task_data (task);
    Step *step = g_ptr_array_index (clone->steps, clone->current);

    g_clear_handle_id (&clone->poll_id, g_source_remove);
    g_clear_pointer (&clone->copy, copy_unref);
    step->created = copy->created;
    step->path = g_strdup (copy->path);
    if (!copy->created) {
        clone_fail (task, g_error_new (DOMUS_ERROR, DOMUS_ERROR_LIBVIRT, "%s: %s",
                                       clone->what, copy->message));
    } else if (copy->path == NULL) {
        clone_fail (task, g_error_new (DOMUS_ERROR, DOMUS_ERROR_LIBVIRT,
                                       _("%s: libvirt gave no path for the new volume “%s”"),
                                       clone->what, copy->name));
    } else {
        clone->done += step->weight;
        clone->current++;
        clone_next_step (task);
    }
    g_object_unref (task);
}

static void
poll_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) task = user_data;
    Clone *clone = g_task_get_task_data (task);
    VolumeName *polled = g_task_get_task_data (G_TASK (result));
    g_autofree guint64 *allocation = g_task_propagate_pointer (G_TASK (result), NULL);

    clone->polling = FALSE;
    /* Too late when its copy has ended meanwhile. */
    if (clone->over || clone->copy == NULL || allocation == NULL ||
        *allocation == G_MAXUINT64 || !g_str_equal (polled->name, clone->copy->name))
        return;
    report_progress (clone, MIN (*allocation,
                                 ((Step *) g_ptr_array_index (clone->steps,
                                                              clone->current))->weight));
}

static gboolean
poll_cb (gpointer data)
{
    GTask *task = data;
    Clone *clone = g_task_get_task_data (task);
    Step *step = g_ptr_array_index (clone->steps, clone->current);

    if (!clone->polling) {
        clone->polling = TRUE;
        domus_connection_run_job (task_connection (task), poll_job,
                                  volume_name_new (step->pool, step->name),
                                  (GDestroyNotify) volume_name_free, NULL, poll_done_cb,
                                  g_object_ref (task));
    }
    return G_SOURCE_CONTINUE;
}

static void
start_copy_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    GTask *task = user_data;
    Clone *clone = g_task_get_task_data (task);
    Step *step = g_ptr_array_index (clone->steps, clone->current);
    GError *error = NULL;

    if (!g_task_propagate_boolean (G_TASK (result), &error)) {
        /* No thread was started: the copy's reference to the task goes. */
        g_clear_object (&clone->copy->task);
        g_clear_pointer (&clone->copy, copy_unref);
        clone_fail (task, error);
    } else if (clone->copy != NULL && step->poll && clone->poll_id == 0) {
        clone->poll_id = g_timeout_add (PROGRESS_INTERVAL_MS, poll_cb, task);
    }
    g_object_unref (task);
}

static void
clone_next_step (GTask *task)
{
    Clone *clone = g_task_get_task_data (task);
    Step *step;
    Copy *copy;

    if (clone_cancelled (task))
        return;
    if (clone->current == clone->steps->len) {
        clone_define (task);
        return;
    }
    step = g_ptr_array_index (clone->steps, clone->current);
    report_progress (clone, 0);
    copy = g_atomic_rc_box_new0 (Copy);
    copy->pool = g_strdup (step->pool);
    copy->source = g_strdup (step->source);
    copy->name = g_strdup (step->name);
    copy->context = g_main_context_ref_thread_default ();
    copy->task = g_object_ref (task);
    clone->copy = copy;
    /* No cancellable either: once asked for, a copy is seen to its end. */
    domus_connection_run_job (task_connection (task), start_copy_job, copy_ref (copy),
                              (GDestroyNotify) copy_unref, NULL, start_copy_done_cb,
                              g_object_ref (task));
}

static void
prepare_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    GTask *task = user_data;
    GError *error = NULL;

    if (!g_task_propagate_boolean (G_TASK (result), &error))
        clone_return (task, NULL, error);
    else
        clone_next_step (task);
}

static GPtrArray *
plan_steps (DomusClonePlan *plan, const char *new_name, guint64 *total)
{
    GPtrArray *steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);

    *total = 0;
    for (guint i = 0; i < plan->disks->len; i++) {
        const DomusCloneDisk *disk = g_ptr_array_index (plan->disks, i);
        Step *step;

        if (disk->mode != DOMUS_CLONE_DISK_COPY)
            continue;
        step = g_new0 (Step, 1);
        step->disk = i;
        step->pool = g_strdup (disk->pool);
        step->source = g_strdup (disk->volume);
        step->name = domus_clone_plan_volume_name (plan, new_name, i);
        step->weight = MAX (disk->allocation, 1);
        step->poll = disk->pool_holds_files;
        *total += step->weight;
        g_ptr_array_add (steps, step);
    }
    if (plan->nvram == DOMUS_CLONE_NVRAM_COPY) {
        Step *step = g_new0 (Step, 1);

        step->disk = G_MAXUINT;
        step->pool = g_strdup (plan->nvram_pool);
        step->source = g_strdup (plan->nvram_volume);
        step->name = domus_clone_plan_nvram_volume_name (plan, new_name);
        step->weight = 1;
        *total += step->weight;
        g_ptr_array_add (steps, step);
    }
    return steps;
}

void
domus_domain_clone_async (DomusConnection *conn, DomusClonePlan *plan, const char *new_name,
                          DomusCloneProgressFunc progress, gpointer progress_data,
                          GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer user_data)
{
    GTask *task;
    Clone *clone;
    PrepareJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (plan != NULL);
    g_return_if_fail (new_name != NULL);

    task = g_task_new (conn, cancellable, callback, user_data);
    g_task_set_source_tag (task, domus_domain_clone_async);
    /* Cancellation is looked at between steps: a result is never dropped. */
    g_task_set_check_cancellable (task, FALSE);
    clone = g_new0 (Clone, 1);
    clone->plan = domus_clone_plan_ref (plan);
    clone->new_name = g_strdup (new_name);
    clone->what = g_strdup_printf (_("Cloning “%s” on %s failed"), plan->name,
                                   domus_connection_get_display_name (conn));
    clone->progress = progress;
    clone->progress_data = progress_data;
    clone->steps = plan_steps (plan, new_name, &clone->total);
    g_task_set_task_data (task, clone, (GDestroyNotify) clone_free);

    job = g_new0 (PrepareJob, 1);
    job->uuid = g_strdup (plan->uuid);
    job->new_name = g_strdup (new_name);
    job->what = g_strdup (clone->what);
    /* The task's own reference is dropped by clone_return(). */
    domus_connection_run_job (conn, prepare_job, job, (GDestroyNotify) prepare_job_free,
                              cancellable, prepare_done_cb, task);
}

char *
domus_domain_clone_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}
