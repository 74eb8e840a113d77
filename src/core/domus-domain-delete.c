/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The delete plan and the delete job. Disks are read from the guest's XML
 * with domus-xml; storage is only ever deleted through libvirt's pool API
 * (virStorageVolLookupByPath, virStorageVolDelete), never unlinked behind
 * its back. Worker thread only, apart from the _async/_finish pairs.
 */
#include "config.h"

#include "domus-domain-delete.h"
#include "domus-domain-delete-private.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-storage.h"
#include "domus-xml.h"

static void
delete_disk_free (DomusDeleteDisk *disk)
{
    g_free (disk->target);
    g_free (disk->device);
    g_free (disk->path);
    g_free (disk->pool);
    g_free (disk->shared_with);
    g_free (disk->note);
    g_free (disk);
}

void
domus_delete_plan_free (DomusDeletePlan *plan)
{
    if (plan == NULL)
        return;
    g_free (plan->name);
    g_clear_pointer (&plan->disks, g_ptr_array_unref);
    g_free (plan);
}

typedef struct {
    char *uuid;
    char *what;
    gboolean force_off;
    GStrv paths;
} DeleteJob;

static void
delete_job_free (DeleteJob *job)
{
    g_free (job->uuid);
    g_free (job->what);
    g_strfreev (job->paths);
    g_free (job);
}

static DeleteJob *
delete_job_new (DomusConnection *conn, DomusDomain *domain, char *what)
{
    DeleteJob *job = g_new0 (DeleteJob, 1);

    job->uuid = g_strdup (domus_domain_get_uuid (domain));
    job->what = what;
    return job;
}

char *
domus_domain_kept_xml (virDomainPtr dom)
{
    unsigned int flags = virDomainIsPersistent (dom) == 1 ? VIR_DOMAIN_XML_INACTIVE : 0;
    char *xml = virDomainGetXMLDesc (dom, flags);
    char *copy = g_strdup (xml);

    free (xml);
    return copy;
}

/* Worker: the path of a <disk type='volume'> source, via its pool. */
static char *
worker_volume_path (virConnectPtr conn, const char *pool_name, const char *volume)
{
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, pool_name);
    g_autoptr(virStorageVol) vol = pool ? virStorageVolLookupByName (pool, volume) : NULL;
    char *path = vol ? virStorageVolGetPath (vol) : NULL;
    char *copy = g_strdup (path);

    free (path);
    virResetLastError ();
    return copy;
}

/* Worker: the source paths of the disks of XML. */
static GPtrArray *
worker_disk_paths (virConnectPtr conn, const char *xml)
{
    g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(xmlDoc) doc = domus_xml_parse (xml, NULL);
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(GPtrArray) disks = NULL;

    if (doc == NULL)
        return g_steal_pointer (&paths);
    ctx = xmlXPathNewContext (doc);
    disks = domus_xml_get_nodes (ctx, NULL, "/domain/devices/disk");
    for (guint i = 0; i < disks->len; i++) {
        xmlNodePtr node = g_ptr_array_index (disks, i);
        g_autofree char *file = domus_xml_get_string (ctx, node, "source/@file | source/@dev");
        g_autofree char *pool = domus_xml_get_string (ctx, node, "source/@pool");
        g_autofree char *volume = domus_xml_get_string (ctx, node, "source/@volume");

        if (file != NULL)
            g_ptr_array_add (paths, g_steal_pointer (&file));
        else if (pool != NULL && volume != NULL)
            g_ptr_array_add (paths, worker_volume_path (conn, pool, volume));
    }
    return g_steal_pointer (&paths);
}

GHashTable *
domus_domain_disk_users_on (virConnectPtr conn, const char *except_uuid)
{
    GHashTable *users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_ptr_array_unref);
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains (conn, &doms, 0);

    for (int i = 0; i < n; i++) {
        char other[VIR_UUID_STRING_BUFLEN];
        g_autofree char *xml = NULL;
        g_autoptr(GPtrArray) paths = NULL;

        if (virDomainGetUUIDString (doms[i], other) == 0 &&
            g_strcmp0 (other, except_uuid) != 0 &&
            (xml = domus_domain_kept_xml (doms[i])) != NULL) {
            paths = worker_disk_paths (conn, xml);
            for (guint p = 0; p < paths->len; p++) {
                const char *path = g_ptr_array_index (paths, p);
                GPtrArray *names;

                if (path == NULL)
                    continue;
                names = g_hash_table_lookup (users, path);
                if (names == NULL) {
                    names = g_ptr_array_new_with_free_func (g_free);
                    g_hash_table_insert (users, g_strdup (path), names);
                }
                g_ptr_array_add (names, g_strdup (virDomainGetName (doms[i])));
            }
        }
        virDomainFree (doms[i]);
    }
    free (doms);
    virResetLastError ();
    return users;
}

/* Worker: the pool holding PATH and whether it can delete its volumes. */
static char *
worker_pool_of (virConnectPtr conn, const char *path, gboolean *can_delete)
{
    g_autoptr(virStorageVol) vol = virStorageVolLookupByPath (conn, path);
    g_autoptr(virStoragePool) pool = vol ? virStoragePoolLookupByVolume (vol) : NULL;
    g_autofree char *xml = NULL;
    g_autofree char *type = NULL;
    char *pool_xml;

    *can_delete = FALSE;
    if (pool == NULL) {
        virResetLastError ();
        return NULL;
    }
    pool_xml = virStoragePoolGetXMLDesc (pool, 0);
    xml = g_strdup (pool_xml);
    free (pool_xml);
    if (xml != NULL) {
        g_autoptr(xmlDoc) doc = domus_xml_parse (xml, NULL);

        if (doc != NULL) {
            g_autoptr(xmlXPathContext) ctx = xmlXPathNewContext (doc);

            type = domus_xml_get_string (ctx, NULL, "/pool/@type");
        }
    }
    /* virt-manager never offers to delete a LUN or a multipath device either. */
    *can_delete = type != NULL && !domus_storage_pool_has_fixed_volumes (type);
    virResetLastError ();
    return g_strdup (virStoragePoolGetName (pool));
}

static DomusDeleteDisk *
worker_describe_disk (virConnectPtr conn, xmlXPathContextPtr ctx, xmlNodePtr node,
                      GHashTable *others)
{
    DomusDeleteDisk *disk = g_new0 (DomusDeleteDisk, 1);
    g_autofree char *pool = domus_xml_get_string (ctx, node, "source/@pool");
    g_autofree char *volume = domus_xml_get_string (ctx, node, "source/@volume");
    g_autoptr(GPtrArray) shareable = domus_xml_get_nodes (ctx, node, "shareable");
    GPtrArray *names;

    disk->target = domus_xml_get_string (ctx, node, "target/@dev");
    disk->device = domus_xml_get_string (ctx, node, "@device");
    if (disk->device == NULL)
        disk->device = g_strdup ("disk");
    disk->path = domus_xml_get_string (ctx, node, "source/@file | source/@dev");
    if (disk->path == NULL && pool != NULL && volume != NULL)
        disk->path = worker_volume_path (conn, pool, volume);
    disk->shareable = shareable->len > 0;
    if (disk->path == NULL) {
        disk->note = g_strdup (_("No storage (empty drive or network disk)"));
        return disk;
    }
    disk->pool = worker_pool_of (conn, disk->path, &disk->deletable);
    names = g_hash_table_lookup (others, disk->path);
    if (names != NULL && names->len > 0) {
        g_ptr_array_add (names, NULL);
        disk->shared_with = g_strjoinv (", ", (char **) names->pdata);
        g_ptr_array_remove_index (names, names->len - 1);
    }

    if (!disk->deletable && disk->pool == NULL)
        disk->note = g_strdup (_("Not in a storage pool: libvirt cannot delete it"));
    else if (!disk->deletable)
        disk->note = g_strdup_printf (_("Pool “%s” cannot delete its volumes"), disk->pool);
    else if (disk->shared_with != NULL)
        disk->note = g_strdup_printf (_("Also used by %s"), disk->shared_with);
    else if (disk->shareable)
        disk->note = g_strdup (_("Marked shareable: other guests may use it"));
    else if (g_strcmp0 (disk->device, "cdrom") == 0 || g_strcmp0 (disk->device, "floppy") == 0)
        disk->note = g_strdup (_("Installation media: usually kept"));
    else
        disk->default_delete = TRUE;
    return disk;
}

static void
plan_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    DeleteJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autoptr(DomusDeletePlan) plan = NULL;
    g_autoptr(GHashTable) others = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(GPtrArray) nodes = NULL;
    g_autofree char *xml = NULL;
    GError *error = NULL;

    if (dom == NULL || (xml = domus_domain_kept_xml (dom)) == NULL) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    doc = domus_xml_parse (xml, &error);
    if (doc == NULL) {
        g_task_return_error (task, error);
        return;
    }
    plan = g_new0 (DomusDeletePlan, 1);
    plan->name = g_strdup (virDomainGetName (dom));
    plan->active = virDomainIsActive (dom) == 1;
    plan->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) delete_disk_free);
    others = domus_domain_disk_users_on (conn, job->uuid);
    ctx = xmlXPathNewContext (doc);
    nodes = domus_xml_get_nodes (ctx, NULL, "/domain/devices/disk");
    for (guint i = 0; i < nodes->len; i++)
        g_ptr_array_add (plan->disks,
                         worker_describe_disk (conn, ctx, g_ptr_array_index (nodes, i), others));
    virResetLastError ();
    g_task_return_pointer (task, g_steal_pointer (&plan),
                           (GDestroyNotify) domus_delete_plan_free);
}

void
domus_domain_delete_plan_async (DomusConnection *conn, DomusDomain *domain,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));

    domus_connection_run_job (conn, plan_job,
                              delete_job_new (conn, domain,
                                              g_strdup_printf (_("Reading the disks of “%s” on %s failed"),
                                                               domus_domain_get_name (domain),
                                                               domus_connection_get_display_name (conn))),
                              (GDestroyNotify) delete_job_free, cancellable, callback, user_data);
}

DomusDeletePlan *
domus_domain_delete_plan_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the delete --------------------------------------------------------- */

/* Drivers refuse flags they do not know (the test driver: NVRAM and
 * checkpoints); each is dropped in turn, as virt-manager does. */
static int
worker_undefine (virDomainPtr dom)
{
    static const unsigned int attempts[] = {
        VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
        VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA,
        VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
        VIR_DOMAIN_UNDEFINE_NVRAM,
        VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA,
        VIR_DOMAIN_UNDEFINE_MANAGED_SAVE,
    };

    for (guint i = 0; i < G_N_ELEMENTS (attempts); i++) {
        virErrorPtr err;

        if (virDomainUndefineFlags (dom, attempts[i]) == 0)
            return 0;
        err = virGetLastError ();
        if (err == NULL || (err->code != VIR_ERR_INVALID_ARG &&
                            err->code != VIR_ERR_NO_SUPPORT &&
                            err->code != VIR_ERR_ARGUMENT_UNSUPPORTED))
            return -1;
    }
    return virDomainUndefine (dom);
}

static void
delete_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    DeleteJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autoptr(GString) remains = g_string_new (NULL);
    guint n_paths = job->paths ? g_strv_length (job->paths) : 0;
    GError *error = NULL;

    if (dom == NULL) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    if (virDomainIsActive (dom) == 1) {
        if (!job->force_off) {
            g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED, "%s: %s", job->what,
                                     _("The guest is running. Nothing was deleted."));
            return;
        }
        if (virDomainDestroy (dom) < 0) {
            g_autoptr(GError) cause = NULL;

            domus_set_error_from_libvirt (&cause, job->what);
            g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT, "%s %s",
                                     cause->message,
                                     _("Nothing was deleted: the guest and its disks remain."));
            return;
        }
    }
    /* A transient guest is gone once it stops. */
    if (virDomainIsPersistent (dom) == 1 && worker_undefine (dom) < 0) {
        g_autoptr(GError) cause = NULL;

        domus_set_error_from_libvirt (&cause, job->what);
        g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT, "%s %s",
                                 cause->message,
                                 _("The guest’s definition and all its disks remain."));
        return;
    }
    virResetLastError ();

    for (guint i = 0; i < n_paths; i++) {
        const char *path = job->paths[i];
        g_autoptr(virStorageVol) vol = virStorageVolLookupByPath (conn, path);

        if (vol == NULL || virStorageVolDelete (vol, 0) < 0) {
            virErrorPtr err = virGetLastError ();

            /* "/var/lib/…/web.qcow2 (libvirt's reason)" */
            g_string_append_printf (remains, "\n%s (%s)", path,
                                    err && err->message ? err->message
                                                        : _("libvirt gave no reason"));
            virResetLastError ();
        }
    }
    if (remains->len > 0) {
        g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT,
                                 _("%s: the guest was removed, but these disks remain:%s"),
                                 job->what, remains->str);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

void
domus_domain_delete_async (DomusConnection *conn, DomusDomain *domain, gboolean force_off,
                           const char *const *paths, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
    DeleteJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));

    job = delete_job_new (conn, domain,
                          g_strdup_printf (_("Deleting “%s” on %s failed"),
                                           domus_domain_get_name (domain),
                                           domus_connection_get_display_name (conn)));
    job->force_off = force_off;
    job->paths = g_strdupv ((char **) paths);
    domus_connection_run_job (conn, delete_job, job, (GDestroyNotify) delete_job_free,
                              cancellable, callback, user_data);
}

gboolean
domus_domain_delete_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}
