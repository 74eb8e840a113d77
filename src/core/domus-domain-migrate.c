/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Migration. The destination's worker, then the source's, hand over a
 * reference to their virConnectPtr (libvirt connections may be used from
 * any thread); a thread of the migration's own (so that several run side
 * by side and the hosts' workers stay free) then creates the disks the
 * destination lacks, runs virDomainMigrate3 (or virDomainMigrateToURI3,
 * peer to peer) on a short-lived thread beside it and polls
 * virDomainGetJobStats, aborts, or switches to post-copy meanwhile.
 * Nothing here touches a GObject off the main thread.
 */
#include "config.h"

#include "domus-domain-migrate.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-domain-migrate-private.h"
#include "domus-domain-progress-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-xml.h"

/* ---- what a host offers ------------------------------------------------ */

static void
query_host_job (GTask *task, virConnectPtr conn, gpointer task_data,
                GCancellable *cancellable)
{
    const char *uuid = task_data;
    g_autoptr(DomusMigrateHost) host = g_new0 (DomusMigrateHost, 1);
    g_autofree char *caps = virConnectGetCapabilities (conn);
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    const char *type;
    unsigned long long free_bytes;
    virNodeInfo info;
    GError *error = NULL;

    if (caps == NULL || (type = virConnectGetType (conn)) == NULL ||
        virNodeGetInfo (conn, &info) < 0) {
        domus_set_error_from_libvirt (&error, _("Reading what the host offers failed"));
        g_task_return_error (task, error);
        return;
    }
    free_bytes = virNodeGetFreeMemory (conn);
    virResetLastError ();
    if ((doc = domus_xml_parse (caps, &error)) == NULL) {
        g_task_return_error (task, error);
        return;
    }
    ctx = xmlXPathNewContext (doc);
    host->host_uuid = domus_xml_get_string (ctx, NULL, "string(/capabilities/host/uuid)");
    host->arch = domus_xml_get_string (ctx, NULL, "string(/capabilities/host/cpu/arch)");
    host->hypervisor = g_strdup (type);
    host->cpus = info.cpus;
    host->free_memory_kib = free_bytes / 1024;

    if (uuid != NULL) {
        g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, uuid);
        virDomainInfo dom_info;

        if (dom == NULL || virDomainGetInfo (dom, &dom_info) < 0) {
            domus_set_error_from_libvirt (&error, _("Reading the guest’s memory failed"));
            g_task_return_error (task, error);
            return;
        }
        host->guest_memory_kib = dom_info.memory;
    }
    g_task_return_pointer (task, g_steal_pointer (&host),
                           (GDestroyNotify) domus_migrate_host_free);
}

void
domus_migrate_query_host_async (DomusConnection *conn, DomusDomain *domain,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (domain == NULL || DOMUS_IS_DOMAIN (domain));

    domus_connection_run_job (conn, query_host_job,
                              domain != NULL ? g_strdup (domus_domain_get_uuid (domain)) : NULL,
                              g_free, cancellable, callback, user_data);
}

DomusMigrateHost *
domus_migrate_query_host_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the destination's connection -------------------------------------- */

static gpointer
close_conn_thread (gpointer data)
{
    virConnectClose (data);
    return NULL;
}

/* Our reference may be the last one (the host was closed meanwhile): then
 * closing talks to the host, which never happens on the main thread. */
static void
release_conn (gpointer conn)
{
    g_thread_unref (g_thread_new ("domus-release", close_conn_thread, conn));
}

static void
ref_conn_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    virConnectRef (conn);
    g_task_return_pointer (task, conn, release_conn);
}

/* ---- the migration ----------------------------------------------------- */

typedef struct {
    char *uuid;
    char *name;
    char *source_name;
    char *dest_name;
    char *peer_uri;              /* peer to peer: where the source daemon goes */
    DomusMigrateOptions *options;
    DomusConnection *dest;       /* released on the main thread, with the task */
    virConnectPtr dconn;         /* ours until the migration's thread closes it */
    virConnectPtr sconn;         /* the source's, handed to that thread */
    DomusMigrateProgressFunc progress;
    gpointer progress_data;
    GCancellable *post_copy;
} MigrateJob;

static void
migrate_job_free (MigrateJob *job)
{
    if (job->dconn != NULL)
        release_conn (job->dconn);
    if (job->sconn != NULL)
        release_conn (job->sconn);
    g_free (job->uuid);
    g_free (job->name);
    g_free (job->source_name);
    g_free (job->dest_name);
    g_free (job->peer_uri);
    domus_migrate_options_free (job->options);
    g_clear_object (&job->dest);
    g_clear_object (&job->post_copy);
    g_free (job);
}

typedef struct {
    GTask *task;
    MigrateJob *job;
    DomusMigrateProgress progress;
} ProgressUpdate;

static void
progress_update_free (ProgressUpdate *update)
{
    g_object_unref (update->task);
    g_free (update);
}

static gboolean
deliver_progress_cb (gpointer data)
{
    ProgressUpdate *update = data;

    if (!g_task_get_completed (update->task))
        update->job->progress (&update->progress, update->job->progress_data);
    return G_SOURCE_REMOVE;
}

/* Hands a copy of PROGRESS to the main context of TASK (the outer task,
 * which holds JOB). */
static void
post_progress (GTask *task, MigrateJob *job, const DomusMigrateProgress *progress)
{
    ProgressUpdate *update;
    g_autoptr(GSource) source = NULL;

    if (job->progress == NULL)
        return;
    update = g_new0 (ProgressUpdate, 1);
    update->task = g_object_ref (task);
    update->job = job;
    update->progress = *progress;
    source = g_idle_source_new ();
    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, deliver_progress_cb, update,
                           (GDestroyNotify) progress_update_free);
    g_source_attach (source, g_task_get_context (task));
}

typedef struct {
    GTask *task;
    MigrateJob *job;
    gboolean switched;           /* to post-copy */
    char *post_copy_message;     /* why the switch failed */
} MigratePoll;

static void
migrate_poll (virDomainPtr dom, gpointer data)
{
    MigratePoll *mp = data;
    virTypedParameterPtr params = NULL;
    int nparams = 0;
    int type = VIR_DOMAIN_JOB_NONE;
    int state = VIR_DOMAIN_NOSTATE;
    int reason = 0;
    DomusMigrateProgress progress;

    if (!mp->switched && mp->job->post_copy != NULL &&
        g_cancellable_is_cancelled (mp->job->post_copy)) {
        mp->switched = TRUE;
        if (virDomainMigrateStartPostCopy (dom, 0) < 0) {
            g_free (mp->post_copy_message);
            mp->post_copy_message = g_strdup (virGetLastErrorMessage ());
        }
    }
    if (virDomainGetJobStats (dom, &type, &params, &nparams, 0) < 0)
        return;
    if (type != VIR_DOMAIN_JOB_NONE) {
        virDomainGetState (dom, &state, &reason, 0);
        domus_migrate_progress_from_stats (
            params, nparams,
            (state == VIR_DOMAIN_RUNNING && reason == VIR_DOMAIN_RUNNING_POSTCOPY) ||
            (state == VIR_DOMAIN_PAUSED && reason == VIR_DOMAIN_PAUSED_POSTCOPY),
            &progress);
        post_progress (mp->task, mp->job, &progress);
    }
    virTypedParamsFree (params, nparams);
}

typedef struct {
    virConnectPtr dconn;
    const char *peer_uri;
    virTypedParameterPtr params;
    int nparams;
    unsigned int flags;
} MigrateCall;

static int
migrate_call (virDomainPtr dom, gpointer data)
{
    MigrateCall *mc = data;
    virDomainPtr ddom;

    if (mc->peer_uri != NULL)
        return virDomainMigrateToURI3 (dom, mc->peer_uri, mc->params, mc->nparams, mc->flags);
    ddom = virDomainMigrate3 (dom, mc->dconn, mc->params, mc->nparams, mc->flags);
    if (ddom == NULL)
        return -1;
    virDomainFree (ddom);
    return 0;
}

/* virDomainState of the guest on CONN, or -1 when CONN lacks it. */
static int
guest_state (virConnectPtr conn, const char *uuid)
{
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, uuid);
    int state = -1;
    int reason;

    if (dom == NULL || virDomainGetState (dom, &state, &reason, 0) < 0)
        state = dom == NULL ? -1 : VIR_DOMAIN_NOSTATE;
    virResetLastError ();
    return state;
}

virStoragePoolPtr
domus_migrate_pool_of_directory (virConnectPtr dconn, const char *dir)
{
    virStoragePoolPtr *pools = NULL;
    virStoragePoolPtr found = NULL;
    int n = virConnectListAllStoragePools (dconn, &pools,
                                           VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);

    for (int i = 0; i < n; i++) {
        g_autofree char *xml = found == NULL ? virStoragePoolGetXMLDesc (pools[i], 0) : NULL;
        g_autoptr(xmlDoc) doc = xml != NULL ? domus_xml_parse (xml, NULL) : NULL;

        if (doc != NULL) {
            g_autoptr(xmlXPathContext) ctx = xmlXPathNewContext (doc);
            g_autofree char *path = domus_xml_get_string (ctx, NULL,
                                                          "string(/pool/target/path)");

            if (g_strcmp0 (path, dir) == 0) {
                found = pools[i];
                continue;
            }
        }
        virStoragePoolFree (pools[i]);
    }
    free (pools);
    virResetLastError ();
    return found;
}

/* Makes sure DISK exists on the destination: creates it in the chosen
 * pool, or in the pool that holds its directory there. */
static gboolean
prepare_disk (MigrateJob *job, virDomainPtr dom, const DomusMigrateDisk *disk,
              GPtrArray *created, GHashTable *moves, GError **error)
{
    g_autoptr(virStorageVol) existing = virStorageVolLookupByPath (job->dconn, disk->path);
    g_autoptr(virStoragePool) pool = NULL;
    g_autoptr(virStorageVol) vol = NULL;
    g_autofree char *dir = g_path_get_dirname (disk->path);
    g_autofree char *name = g_path_get_basename (disk->path);
    g_autofree char *xml = NULL;
    g_autofree char *path = NULL;
    virDomainBlockInfo info;

    virResetLastError ();
    if (existing != NULL)
        return TRUE;
    if (job->options->pool != NULL) {
        pool = virStoragePoolLookupByName (job->dconn, job->options->pool);
        if (pool == NULL) {
            g_autofree char *what = g_strdup_printf (_("Finding the pool “%s” on %s failed"),
                                                     job->options->pool, job->dest_name);

            domus_set_error_from_libvirt (error, what);
            return FALSE;
        }
    } else if ((pool = domus_migrate_pool_of_directory (job->dconn, dir)) == NULL) {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                     _("The disk “%s” does not exist on %s, and no storage pool there "
                       "holds its directory. Choose a pool of %s to create it in."),
                     disk->path, job->dest_name, job->dest_name);
        return FALSE;
    }
    if (virDomainGetBlockInfo (dom, disk->path, &info, 0) < 0) {
        g_autofree char *what = g_strdup_printf (_("Reading the size of “%s” failed"),
                                                 disk->path);

        domus_set_error_from_libvirt (error, what);
        return FALSE;
    }
    xml = domus_migrate_volume_xml (disk, name, info.capacity,
                                    job->options->storage == DOMUS_MIGRATE_STORAGE_COPY_TOP);
    vol = virStorageVolCreateXML (pool, xml, 0);
    if (vol == NULL || (path = virStorageVolGetPath (vol)) == NULL) {
        g_autofree char *what = g_strdup_printf (_("Creating “%s” on %s failed"), name,
                                                 job->dest_name);

        domus_set_error_from_libvirt (error, what);
        if (vol != NULL)
            virStorageVolDelete (vol, 0);
        return FALSE;
    }
    if (!g_str_equal (path, disk->path))
        g_hash_table_insert (moves, g_strdup (disk->path), g_steal_pointer (&path));
    g_ptr_array_add (created, g_steal_pointer (&vol));
    return TRUE;
}

static void
free_volume (gpointer vol)
{
    virStorageVolFree (vol);
}

static void
delete_volumes (GPtrArray *created)
{
    for (guint i = 0; i < created->len; i++)
        virStorageVolDelete (g_ptr_array_index (created, i), 0);
    virResetLastError ();
}

/* The guest's XML for the destination with its disks at their new paths,
 * as VIR_MIGRATE_PARAM_DEST_XML (and PERSIST_XML for the definition). */
static gboolean
add_moved_xml (virDomainPtr dom, GHashTable *moves, gboolean persistent,
               virTypedParameterPtr *params, int *nparams, GError **error)
{
    const unsigned int base = VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_MIGRATABLE;
    g_autofree char *live = virDomainGetXMLDesc (dom, base);
    g_autofree char *inactive = virDomainGetXMLDesc (dom, base | VIR_DOMAIN_XML_INACTIVE);
    g_autofree char *dxml = NULL;
    g_autofree char *pxml = NULL;
    int max = *nparams;

    if (live == NULL || inactive == NULL) {
        domus_set_error_from_libvirt (error, _("Reading the guest’s definition failed"));
        return FALSE;
    }
    if ((dxml = domus_migrate_rewrite_disks (live, moves, error)) == NULL ||
        (pxml = domus_migrate_rewrite_disks (inactive, moves, error)) == NULL)
        return FALSE;
    if (virTypedParamsAddString (params, nparams, &max, VIR_MIGRATE_PARAM_DEST_XML, dxml) < 0 ||
        (persistent &&
         virTypedParamsAddString (params, nparams, &max, VIR_MIGRATE_PARAM_PERSIST_XML,
                                  pxml) < 0)) {
        domus_set_error_from_libvirt (error, _("Preparing the migration failed"));
        return FALSE;
    }
    return TRUE;
}

/* Creates what the destination lacks and fills the call's parameters. */
static gboolean
prepare_migration (MigrateJob *job, virDomainPtr dom, GPtrArray *created,
                   MigrateCall *mc, GError **error)
{
    g_autofree char *xml = virDomainGetXMLDesc (dom, 0);
    g_autoptr(GPtrArray) disks = NULL;
    g_autoptr(GHashTable) moves = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                         g_free, g_free);

    if (!domus_migrate_options_to_params (job->options, &mc->params, &mc->nparams,
                                          &mc->flags, error))
        return FALSE;
    if (xml == NULL) {
        domus_set_error_from_libvirt (error, _("Reading the guest’s definition failed"));
        return FALSE;
    }
    if ((disks = domus_migrate_list_disks (xml, job->options->storage, error)) == NULL)
        return FALSE;
    for (guint i = 0; i < disks->len; i++)
        if (!prepare_disk (job, dom, g_ptr_array_index (disks, i), created, moves, error))
            return FALSE;
    if (g_hash_table_size (moves) > 0 &&
        !add_moved_xml (dom, moves, job->options->persistent, &mc->params, &mc->nparams,
                        error))
        return FALSE;
    mc->dconn = job->dconn;
    mc->peer_uri = job->peer_uri;
    return TRUE;
}

static void
offline_progress (const DomusMigrateProgress *progress, gpointer data)
{
    MigratePoll *mp = data;

    post_progress (mp->task, mp->job, progress);
}

/* Runs on a thread of its own, not the source's worker: migrations from
 * one host may run side by side, and the host's other work goes on. */
static void
migrate_job (GTask *outer, virConnectPtr conn)
{
    MigrateJob *job = g_task_get_task_data (outer);
    GCancellable *cancellable = g_task_get_cancellable (outer);
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func (free_volume);
    g_autofree char *message = NULL;
    g_autofree char *what = g_strdup_printf (_("Migrating “%s” from %s to %s failed"),
                                             job->name, job->source_name, job->dest_name);
    g_autofree char *where = NULL;
    MigrateCall mc = { 0 };
    MigratePoll mp = { outer, job, FALSE, NULL };
    DomusMigrateProgress progress = { DOMUS_MIGRATE_PHASE_STARTING };
    GError *error = NULL;
    gboolean aborted = FALSE;
    int rc = -1;

    if (dom == NULL) {
        domus_set_error_from_libvirt (&error, what);
    } else if (job->options->mode == DOMUS_MIGRATE_OFFLINE &&
               job->options->storage != DOMUS_MIGRATE_STORAGE_SHARED) {
        if (domus_migrate_offline_copy (conn, job->dconn, dom, job->options, job->name,
                                        job->source_name, job->dest_name, offline_progress,
                                        &mp, cancellable, &error))
            rc = 0;
        else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_clear_error (&error);
        else
            g_prefix_error (&error, "%s: ", what);
    } else if (prepare_migration (job, dom, created, &mc, &error)) {
        post_progress (outer, job, &progress);
        rc = domus_domain_run_long_call (dom, migrate_call, &mc, migrate_poll, &mp,
                                         cancellable, &message, &aborted);
    } else {
        g_prefix_error (&error, "%s: ", what);
    }

    if (rc == 0) {
        progress.phase = DOMUS_MIGRATE_PHASE_COMPLETED;
        post_progress (outer, job, &progress);
        g_task_return_boolean (outer, TRUE);
    } else {
        int dest_state = guest_state (job->dconn, job->uuid);

        /* What was created for a guest that did not arrive goes again. */
        if (dest_state == -1)
            delete_volumes (created);
        where = domus_migrate_describe_whereabouts (job->name, job->source_name,
                                                    guest_state (conn, job->uuid),
                                                    job->dest_name, dest_state);
        if (error == NULL && (aborted || g_cancellable_is_cancelled (cancellable)))
            error = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("The migration of “%s” was cancelled. %s"), job->name,
                                 where);
        else if (error == NULL)
            error = g_error_new (DOMUS_ERROR, DOMUS_ERROR_LIBVIRT, "%s: %s%s%s", what,
                                 message != NULL ? message : _("libvirt gave no reason"),
                                 mp.post_copy_message != NULL ? "\n" : "",
                                 mp.post_copy_message != NULL ? mp.post_copy_message : "");
        if (error->domain != G_IO_ERROR) {
            GError *full = g_error_new (error->domain, error->code, "%s\n\n%s",
                                        error->message, where);

            g_error_free (error);
            error = full;
        }
        g_task_return_error (outer, error);
    }
    g_free (mp.post_copy_message);
    virTypedParamsFree (mc.params, mc.nparams);
    g_clear_pointer (&created, g_ptr_array_unref);
    virConnectClose (job->dconn);
    job->dconn = NULL;
}

/* Both lists read the guest again: its events may have been read while
 * the migration still ran (a peer-to-peer one says nothing more). */
static gboolean
migration_ended_cb (gpointer data)
{
    g_autoptr(GTask) task = data;
    MigrateJob *job = g_task_get_task_data (task);

    domus_connection_refresh_domain (g_task_get_source_object (task), job->uuid);
    domus_connection_refresh_domain (job->dest, job->uuid);
    return G_SOURCE_REMOVE;
}

static gpointer
migrate_thread (gpointer data)
{
    GTask *outer = data;
    MigrateJob *job = g_task_get_task_data (outer);
    virConnectPtr sconn = g_steal_pointer (&job->sconn);
    g_autoptr(GSource) source = g_idle_source_new ();

    migrate_job (outer, sconn);
    virConnectClose (sconn);
    /* The task (and the host it names) goes on the main context. */
    g_source_set_callback (source, migration_ended_cb, outer, NULL);
    g_source_attach (source, g_task_get_context (outer));
    return NULL;
}

static void
source_ref_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) outer = user_data;
    MigrateJob *job = g_task_get_task_data (outer);
    GError *error = NULL;

    job->sconn = g_task_propagate_pointer (G_TASK (result), &error);
    if (job->sconn == NULL) {
        g_prefix_error (&error, _("Migrating “%s” from %s failed: "), job->name,
                        job->source_name);
        g_task_return_error (outer, error);
        return;
    }
    g_thread_unref (g_thread_new ("domus-migrate", migrate_thread,
                                  g_steal_pointer (&outer)));
}

static void
ref_conn_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) outer = user_data;
    MigrateJob *job = g_task_get_task_data (outer);
    DomusConnection *source = g_task_get_source_object (outer);
    GCancellable *cancellable;
    GError *error = NULL;

    job->dconn = g_task_propagate_pointer (G_TASK (result), &error);
    if (job->dconn == NULL) {
        g_prefix_error (&error, _("Migrating “%s” to %s failed: "), job->name, job->dest_name);
        g_task_return_error (outer, error);
        return;
    }
    cancellable = g_task_get_cancellable (outer);
    domus_connection_run_job (source, ref_conn_job, NULL, NULL, cancellable,
                              source_ref_done_cb, g_steal_pointer (&outer));
}

void
domus_domain_migrate_async (DomusConnection *source, DomusDomain *domain,
                            DomusConnection *dest, const DomusMigrateOptions *options,
                            DomusMigrateProgressFunc progress, gpointer progress_data,
                            GCancellable *post_copy, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
    GTask *outer;
    MigrateJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (source));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));
    g_return_if_fail (DOMUS_IS_CONNECTION (dest));
    g_return_if_fail (options != NULL);
    g_return_if_fail (post_copy == NULL || G_IS_CANCELLABLE (post_copy));

    job = g_new0 (MigrateJob, 1);
    job->uuid = g_strdup (domus_domain_get_uuid (domain));
    job->name = g_strdup (domus_domain_get_name (domain));
    job->source_name = g_strdup (domus_connection_get_display_name (source));
    job->dest_name = g_strdup (domus_connection_get_display_name (dest));
    job->dest = g_object_ref (dest);
    job->options = domus_migrate_options_copy (options);
    if (options->transport == DOMUS_MIGRATE_PEER_TO_PEER)
        job->peer_uri = options->peer_uri != NULL
                        ? g_strdup (options->peer_uri)
                        : domus_migrate_peer_uri (domus_connection_get_uri (dest));
    job->progress = progress;
    job->progress_data = progress_data;
    job->post_copy = post_copy != NULL ? g_object_ref (post_copy) : NULL;

    outer = g_task_new (source, cancellable, callback, user_data);
    g_task_set_check_cancellable (outer, FALSE);
    g_task_set_source_tag (outer, domus_domain_migrate_async);
    g_task_set_task_data (outer, job, (GDestroyNotify) migrate_job_free);
    domus_connection_run_job (dest, ref_conn_job, NULL, NULL, cancellable, ref_conn_done_cb,
                              outer);
}

gboolean
domus_domain_migrate_finish (DomusConnection *source, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, source), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}
