/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Snapshots as worker jobs: list, fingerprint, abilities, create, revert,
 * delete, describe, count. The jobs touch only plain data (the XML side is
 * in domus-domain-snapshot-xml.c); what reaches DomusDomain
 * (snapshot-count) is set on the main thread, in the callbacks.
 */
#include "config.h"

#include "domus-domain-snapshot-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-domain-progress-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-xml.h"

/* The current snapshot's name, or NULL when there is none (not an error). */
static gboolean
read_current (virDomainPtr dom, char **current, const char *what, GError **error)
{
    g_autoptr(virDomainSnapshot) snap = virDomainSnapshotCurrent (dom, 0);

    *current = NULL;
    if (snap == NULL) {
        if (virGetLastErrorCode () == VIR_ERR_NO_DOMAIN_SNAPSHOT) {
            virResetLastError ();
            return TRUE;
        }
        domus_set_error_from_libvirt (error, what);
        return FALSE;
    }
    *current = g_strdup (virDomainSnapshotGetName (snap));
    return TRUE;
}

typedef struct {
    char *uuid;
    char *what;
    /* results */
    GPtrArray *snapshots;       /* DomusSnapshotInfo */
    char *fingerprint;
} ListJob;

static void
list_job_free (ListJob *job)
{
    g_free (job->uuid);
    g_free (job->what);
    g_clear_pointer (&job->snapshots, g_ptr_array_unref);
    g_free (job->fingerprint);
    g_free (job);
}

static ListJob *
list_job_new (DomusConnection *conn, DomusDomain *domain)
{
    ListJob *job = g_new0 (ListJob, 1);

    job->uuid = g_strdup (domus_domain_get_uuid (domain));
    job->what = g_strdup_printf (_("Reading the snapshots of “%s” on %s failed"),
                                 domus_domain_get_name (domain),
                                 domus_connection_get_display_name (conn));
    return job;
}

static int
compare_by_creation (gconstpointer a, gconstpointer b)
{
    const DomusSnapshotInfo *x = *(DomusSnapshotInfo *const *) a;
    const DomusSnapshotInfo *y = *(DomusSnapshotInfo *const *) b;

    if (x->creation_time != y->creation_time)
        return x->creation_time < y->creation_time ? -1 : 1;
    return strcmp (x->name, y->name);
}

/* Appends PARENT's children (oldest first), each followed by its own. */
static void
append_subtree (GPtrArray *sorted, GPtrArray *all, GHashTable *known, const char *parent)
{
    for (guint i = 0; i < all->len; i++) {
        DomusSnapshotInfo *info = g_ptr_array_index (all, i);
        /* A parent that is not listed (metadata deleted) makes a root. */
        const char *p = info->parent != NULL && g_hash_table_contains (known, info->parent)
                      ? info->parent : NULL;

        if (g_strcmp0 (p, parent) == 0) {
            g_ptr_array_add (sorted, info);
            append_subtree (sorted, all, known, info->name);
        }
    }
}

static void
list_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    ListJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (
        (GDestroyNotify) domus_snapshot_info_free);
    g_autoptr(GPtrArray) names = g_ptr_array_new ();
    g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
    g_autofree char *current = NULL;
    virDomainSnapshotPtr *snaps = NULL;
    GError *error = NULL;
    int n;

    if (dom == NULL || (n = virDomainListAllSnapshots (dom, &snaps, 0)) < 0) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    for (int i = 0; i < n && error == NULL; i++) {
        g_autofree char *xml = virDomainSnapshotGetXMLDesc (snaps[i], 0);
        DomusSnapshotInfo *info;

        if (xml == NULL) {
            domus_set_error_from_libvirt (&error, job->what);
        } else if ((info = domus_snapshot_info_from_xml (xml, &error)) != NULL) {
            g_ptr_array_add (all, info);
            g_ptr_array_add (names, info->name);
            g_hash_table_add (known, info->name);
        }
    }
    for (int i = 0; i < n; i++)
        virDomainSnapshotFree (snaps[i]);
    g_free (snaps);
    if (error == NULL)
        read_current (dom, &current, job->what, &error);
    if (error != NULL) {
        g_task_return_error (task, error);
        return;
    }

    for (guint i = 0; i < all->len; i++) {
        DomusSnapshotInfo *info = g_ptr_array_index (all, i);

        info->current = g_strcmp0 (info->name, current) == 0;
    }
    g_ptr_array_sort (all, compare_by_creation);
    job->snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_snapshot_info_free);
    append_subtree (job->snapshots, all, known, NULL);
    /* The list now owns them all. */
    g_ptr_array_set_free_func (all, NULL);
    job->fingerprint = domus_snapshot_fingerprint (names, current);
    g_task_return_boolean (task, TRUE);
}

/* Main thread: the guest's count follows what was read. */
static void
set_count (DomusConnection *conn, const char *uuid, guint count)
{
    DomusDomain *domain = domus_connection_lookup_domain (conn, uuid);

    if (domain != NULL)
        domus_domain_set_snapshot_count (domain, count);
}

/* A job that reads about DOMAIN (list, fingerprint, abilities). */
static void
run_read_job (DomusConnection *conn, DomusDomain *domain, DomusWorkerJobFunc func,
              GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));

    domus_connection_run_job (conn, func, list_job_new (conn, domain),
                              (GDestroyNotify) list_job_free, cancellable, callback,
                              user_data);
}

void
domus_domain_snapshot_list_async (DomusConnection *conn, DomusDomain *domain,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data)
{
    run_read_job (conn, domain, list_job, cancellable, callback, user_data);
}

GPtrArray *
domus_domain_snapshot_list_finish (DomusConnection *conn, GAsyncResult *result,
                                   char **fingerprint, GError **error)
{
    ListJob *job;

    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);

    if (!g_task_propagate_boolean (G_TASK (result), error))
        return NULL;
    job = g_task_get_task_data (G_TASK (result));
    set_count (conn, job->uuid, job->snapshots->len);
    if (fingerprint != NULL)
        *fingerprint = g_strdup (job->fingerprint);
    return g_ptr_array_ref (job->snapshots);
}

static void
fingerprint_job (GTask *task, virConnectPtr conn, gpointer task_data,
                 GCancellable *cancellable)
{
    ListJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *current = NULL;
    virDomainSnapshotPtr *snaps = NULL;
    GError *error = NULL;
    int n;

    if (dom == NULL || (n = virDomainListAllSnapshots (dom, &snaps, 0)) < 0) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    for (int i = 0; i < n; i++) {
        g_ptr_array_add (names, g_strdup (virDomainSnapshotGetName (snaps[i])));
        virDomainSnapshotFree (snaps[i]);
    }
    g_free (snaps);
    if (!read_current (dom, &current, job->what, &error)) {
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, domus_snapshot_fingerprint (names, current), g_free);
}

void
domus_domain_snapshot_fingerprint_async (DomusConnection *conn, DomusDomain *domain,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data)
{
    run_read_job (conn, domain, fingerprint_job, cancellable, callback, user_data);
}

char *
domus_domain_snapshot_fingerprint_finish (DomusConnection *conn, GAsyncResult *result,
                                          GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- abilities -------------------------------------------------------------- */

static void
abilities_job (GTask *task, virConnectPtr conn, gpointer task_data,
               GCancellable *cancellable)
{
    ListJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autofree char *xml = NULL;
    unsigned long version = 0;
    GError *error = NULL;
    DomusSnapshotAbilities *abilities;
    int state, reason;

    if (dom == NULL || virDomainGetState (dom, &state, &reason, 0) < 0 ||
        (xml = virDomainGetXMLDesc (dom, 0)) == NULL ||
        virConnectGetLibVersion (conn, &version) < 0) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    abilities = domus_snapshot_abilities_from_xml (
        xml, state == VIR_DOMAIN_RUNNING || state == VIR_DOMAIN_PAUSED ||
             state == VIR_DOMAIN_BLOCKED || state == VIR_DOMAIN_PMSUSPENDED,
        version, &error);
    if (abilities == NULL) {
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, abilities, (GDestroyNotify) domus_snapshot_abilities_free);
}

void
domus_domain_snapshot_abilities_async (DomusConnection *conn, DomusDomain *domain,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data)
{
    run_read_job (conn, domain, abilities_job, cancellable, callback, user_data);
}

DomusSnapshotAbilities *
domus_domain_snapshot_abilities_finish (DomusConnection *conn, GAsyncResult *result,
                                        GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- changing snapshots ----------------------------------------------------- */

typedef struct {
    char *uuid;
    char *what;
    char *name;
    /* create */
    char *xml;
    unsigned int flags;
    DomusSnapshotProgressFunc progress;
    gpointer progress_data;
    /* delete */
    GStrv names;
    char *guest;
    char *host;
    /* set_description */
    char *description;
} ChangeJob;

static void
change_job_free (ChangeJob *job)
{
    g_free (job->uuid);
    g_free (job->what);
    g_free (job->name);
    g_free (job->xml);
    g_strfreev (job->names);
    g_free (job->guest);
    g_free (job->host);
    g_free (job->description);
    g_free (job);
}

static ChangeJob *
change_job_new (DomusDomain *domain, char *what)
{
    ChangeJob *job = g_new0 (ChangeJob, 1);

    job->uuid = g_strdup (domus_domain_get_uuid (domain));
    job->what = what;
    return job;
}

static int
create_call (virDomainPtr dom, gpointer data)
{
    ChangeJob *job = data;
    g_autoptr(virDomainSnapshot) snap = virDomainSnapshotCreateXML (dom, job->xml, job->flags);

    return snap != NULL ? 0 : -1;
}

static void
create_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    ChangeJob *job = task_data;

    domus_domain_run_long_job (task, conn, job->uuid, job->what, create_call, job,
                               job->progress, job->progress_data, cancellable,
                               _("The snapshot was cancelled"));
}

void
domus_domain_snapshot_create_async (DomusConnection *conn, DomusDomain *domain,
                                    const DomusSnapshotRequest *request,
                                    DomusSnapshotProgressFunc progress, gpointer progress_data,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data)
{
    ChangeJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));
    g_return_if_fail (request != NULL && request->name != NULL);
    g_return_if_fail (request->kind != DOMUS_SNAPSHOT_KIND_EXTERNAL ||
                      request->memory_file != NULL);

    job = change_job_new (domain,
                          g_strdup_printf (_("Taking the snapshot “%s” of “%s” on %s failed"),
                                           request->name, domus_domain_get_name (domain),
                                           domus_connection_get_display_name (conn)));
    job->name = g_strdup (request->name);
    job->xml = domus_snapshot_request_to_xml (request);
    job->progress = progress;
    job->progress_data = progress_data;
    if (request->kind != DOMUS_SNAPSHOT_KIND_INTERNAL)
        job->flags |= VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC;
    if (request->kind == DOMUS_SNAPSHOT_KIND_DISK_ONLY)
        job->flags |= VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY;
    if (request->kind == DOMUS_SNAPSHOT_KIND_DISK_ONLY && request->quiesce)
        job->flags |= VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE;
    domus_connection_run_job (conn, create_job, job, (GDestroyNotify) change_job_free,
                              cancellable, callback, user_data);
}

/* Main thread: a change ends with the guest's count read again. */
static gboolean
change_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    ChangeJob *job = g_task_get_task_data (G_TASK (result));

    domus_domain_snapshot_count_one (conn, job->uuid);
    return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
domus_domain_snapshot_create_finish (DomusConnection *conn, GAsyncResult *result,
                                     GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return change_finish (conn, result, error);
}

static void
revert_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    ChangeJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autoptr(virDomainSnapshot) snap = NULL;
    GError *error = NULL;

    if (dom == NULL || (snap = virDomainSnapshotLookupByName (dom, job->name, 0)) == NULL ||
        virDomainRevertToSnapshot (snap, job->flags) < 0) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

void
domus_domain_snapshot_revert_async (DomusConnection *conn, DomusDomain *domain,
                                    const char *name, DomusSnapshotRevertState state,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data)
{
    ChangeJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));
    g_return_if_fail (name != NULL);

    job = change_job_new (domain,
                          g_strdup_printf (_("Reverting “%s” on %s to the snapshot “%s” failed"),
                                           domus_domain_get_name (domain),
                                           domus_connection_get_display_name (conn), name));
    job->name = g_strdup (name);
    if (state == DOMUS_SNAPSHOT_REVERT_RUNNING)
        job->flags = VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING;
    else if (state == DOMUS_SNAPSHOT_REVERT_PAUSED)
        job->flags = VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED;
    domus_connection_run_job (conn, revert_job, job, (GDestroyNotify) change_job_free,
                              cancellable, callback, user_data);
}

gboolean
domus_domain_snapshot_revert_finish (DomusConnection *conn, GAsyncResult *result,
                                     GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return change_finish (conn, result, error);
}

static void
delete_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    ChangeJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autoptr(GPtrArray) deleted = g_ptr_array_new ();
    GError *error = NULL;

    if (dom == NULL) {
        g_autofree char *what = g_strdup_printf (_("Deleting snapshots of “%s” on %s failed"),
                                                 job->guest, job->host);

        domus_set_error_from_libvirt (&error, what);
        g_task_return_error (task, error);
        return;
    }
    for (guint i = 0; job->names[i] != NULL; i++) {
        g_autoptr(virDomainSnapshot) snap =
            virDomainSnapshotLookupByName (dom, job->names[i], 0);
        g_autofree char *what = NULL;

        /* Gone with an ancestor deleted here with its children. */
        if (snap == NULL && virGetLastErrorCode () == VIR_ERR_NO_DOMAIN_SNAPSHOT &&
            (job->flags & VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN) != 0 && deleted->len > 0) {
            virResetLastError ();
            continue;
        }
        if (snap != NULL && virDomainSnapshotDelete (snap, job->flags) == 0) {
            g_ptr_array_add (deleted, job->names[i]);
            continue;
        }
        if (deleted->len == 0) {
            what = g_strdup_printf (_("Deleting the snapshot “%s” of “%s” on %s failed"),
                                    job->names[i], job->guest, job->host);
        } else {
            g_autofree char *done = NULL;

            g_ptr_array_add (deleted, NULL);
            done = g_strjoinv (_("”, “"), (char **) deleted->pdata);
            /* Translators: the first %s is a snapshot, the second the list of
             * those deleted before it ("a”, “b"), already quoted in between */
            what = g_strdup_printf (_("Deleting the snapshot “%s” failed (“%s” deleted)"),
                                    job->names[i], done);
        }
        domus_set_error_from_libvirt (&error, what);
        g_task_return_error (task, error);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

void
domus_domain_snapshot_delete_async (DomusConnection *conn, DomusDomain *domain,
                                    const char *const *names, DomusSnapshotDeleteFlags flags,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data)
{
    ChangeJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));
    g_return_if_fail (names != NULL && names[0] != NULL);

    job = change_job_new (domain, NULL);
    job->guest = g_strdup (domus_domain_get_name (domain));
    job->host = g_strdup (domus_connection_get_display_name (conn));
    job->names = g_strdupv ((char **) names);
    if (flags & DOMUS_SNAPSHOT_DELETE_CHILDREN)
        job->flags |= VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN;
    if (flags & DOMUS_SNAPSHOT_DELETE_METADATA_ONLY)
        job->flags |= VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY;
    domus_connection_run_job (conn, delete_job, job, (GDestroyNotify) change_job_free,
                              cancellable, callback, user_data);
}

gboolean
domus_domain_snapshot_delete_finish (DomusConnection *conn, GAsyncResult *result,
                                     GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return change_finish (conn, result, error);
}

static void
set_description_job (GTask *task, virConnectPtr conn, gpointer task_data,
                     GCancellable *cancellable)
{
    ChangeJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autoptr(virDomainSnapshot) snap = NULL;
    g_autoptr(virDomainSnapshot) redefined = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *new_xml = NULL;
    unsigned int flags = VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE;
    GError *error = NULL;
    int current;

    /* SECURE: the guest's definition inside keeps its passwords. */
    if (dom == NULL || (snap = virDomainSnapshotLookupByName (dom, job->name, 0)) == NULL ||
        (current = virDomainSnapshotIsCurrent (snap, 0)) < 0 ||
        (xml = virDomainSnapshotGetXMLDesc (snap, VIR_DOMAIN_SNAPSHOT_XML_SECURE)) == NULL) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    if ((new_xml = domus_snapshot_xml_with_description (xml, job->description, &error)) == NULL) {
        g_prefix_error (&error, "%s: ", job->what);
        g_task_return_error (task, error);
        return;
    }
    /* Redefining without CURRENT would make it current no more. */
    if (current == 1)
        flags |= VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT;
    if ((redefined = virDomainSnapshotCreateXML (dom, new_xml, flags)) == NULL) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

void
domus_domain_snapshot_set_description_async (DomusConnection *conn, DomusDomain *domain,
                                             const char *name, const char *description,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data)
{
    ChangeJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));
    g_return_if_fail (name != NULL);

    job = change_job_new (domain,
                          g_strdup_printf (_("Changing the description of the snapshot “%s” "
                                             "of “%s” failed"),
                                           name, domus_domain_get_name (domain)));
    job->name = g_strdup (name);
    job->description = g_strdup (description);
    domus_connection_run_job (conn, set_description_job, job,
                              (GDestroyNotify) change_job_free, cancellable, callback,
                              user_data);
}

gboolean
domus_domain_snapshot_set_description_finish (DomusConnection *conn, GAsyncResult *result,
                                              GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- counts for the guest list ---------------------------------------------- */

typedef struct {
    char *uuid;                 /* NULL: every guest */
    GHashTable *counts;         /* uuid -> count (GUINT_TO_POINTER), results */
} CountJob;

static void
count_job_free (CountJob *job)
{
    g_free (job->uuid);
    g_clear_pointer (&job->counts, g_hash_table_unref);
    g_free (job);
}

static void
count_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    CountJob *job = task_data;
    virDomainPtr *domains = NULL;
    int n;

    job->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    if (job->uuid != NULL) {
        g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
        int count = dom != NULL ? virDomainSnapshotNum (dom, 0) : -1;

        /* Gone, or a driver without snapshots: nothing to show. */
        g_hash_table_insert (job->counts, g_strdup (job->uuid),
                             GUINT_TO_POINTER (MAX (count, 0)));
        virResetLastError ();
        g_task_return_boolean (task, TRUE);
        return;
    }

    /* One call lists the guests that have any; only those are counted. */
    n = virConnectListAllDomains (conn, &domains, VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT);
    for (int i = 0; i < n; i++) {
        char uuid[VIR_UUID_STRING_BUFLEN];
        int count = virDomainSnapshotNum (domains[i], 0);

        if (count > 0 && virDomainGetUUIDString (domains[i], uuid) == 0)
            g_hash_table_insert (job->counts, g_strdup (uuid), GUINT_TO_POINTER (count));
        virDomainFree (domains[i]);
    }
    g_free (domains);
    virResetLastError ();
    g_task_return_boolean (task, n >= 0);
}

static void
count_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    DomusConnection *conn = DOMUS_CONNECTION (source);
    CountJob *job = g_task_get_task_data (G_TASK (result));
    GListModel *domains;

    if (!g_task_propagate_boolean (G_TASK (result), NULL))
        return;
    if (job->uuid != NULL) {
        set_count (conn, job->uuid,
                   GPOINTER_TO_UINT (g_hash_table_lookup (job->counts, job->uuid)));
        return;
    }
    domains = domus_connection_get_domains (conn);
    for (guint i = 0; i < g_list_model_get_n_items (domains); i++) {
        g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);

        domus_domain_set_snapshot_count (
            domain, GPOINTER_TO_UINT (g_hash_table_lookup (job->counts,
                                                           domus_domain_get_uuid (domain))));
    }
}

static void
count_start (DomusConnection *conn, const char *uuid)
{
    CountJob *job = g_new0 (CountJob, 1);

    job->uuid = g_strdup (uuid);
    domus_connection_run_job (conn, count_job, job, (GDestroyNotify) count_job_free, NULL,
                              count_done_cb, NULL);
}

void
domus_domain_snapshot_count_one (DomusConnection *conn, const char *uuid)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (uuid != NULL);

    count_start (conn, uuid);
}

void
domus_domain_snapshot_count_all (DomusConnection *conn)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));

    count_start (conn, NULL);
}
