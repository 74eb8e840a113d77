/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pool specs and their XML (pure, libxml2), and the pool actions as worker
 * jobs: every libvirt call here runs on the host's worker thread, and only
 * plain data crosses back to the main thread.
 */
#include "config.h"

#include "domus-storage-pool.h"
#include "domus-storage-private.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-xml.h"

const char *const *
domus_pool_types (void)
{
    static const char *const types[] = {
        "dir", "fs", "netfs", "logical", "iscsi", "iscsi-direct", "disk", "scsi", NULL
    };

    return types;
}

const char *
domus_pool_type_label (const char *type)
{
    static const struct {
        const char *type;
        const char *label;
    } labels[] = {
        { "dir", N_("Directory") },
        { "fs", N_("Formatted block device") },
        { "netfs", N_("NFS share") },
        { "logical", N_("LVM volume group") },
        { "iscsi", N_("iSCSI target") },
        { "iscsi-direct", N_("iSCSI target (direct)") },
        { "disk", N_("Whole disk") },
        { "scsi", N_("SCSI host adapter") },
        { "mpath", N_("Multipath devices") },
        { "rbd", N_("Ceph RBD") },
        { "gluster", N_("Gluster") },
        { "zfs", N_("ZFS pool") },
    };

    for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
        if (g_strcmp0 (labels[i].type, type) == 0)
            return _(labels[i].label);
    return type != NULL ? type : "";
}

const char *
domus_pool_state_label (int state)
{
    switch (state) {
    case VIR_STORAGE_POOL_INACTIVE:
        return _("Inactive");
    case VIR_STORAGE_POOL_BUILDING:
        return _("Building");
    case VIR_STORAGE_POOL_RUNNING:
        return _("Active");
    case VIR_STORAGE_POOL_DEGRADED:
        return _("Degraded");
    case VIR_STORAGE_POOL_INACCESSIBLE:
        return _("Inaccessible");
    default:
        return _("Unknown");
    }
}

gboolean
domus_pool_can_delete_storage (const char *type)
{
    static const char *const deletable[] = { "dir", "fs", "netfs", "logical", NULL };

    return type != NULL && g_strv_contains (deletable, type);
}

DomusPoolSpec *
domus_pool_spec_new (const char *type, const char *name)
{
    DomusPoolSpec *spec = g_new0 (DomusPoolSpec, 1);

    spec->type = g_strdup (type);
    spec->name = g_strdup (name);
    return spec;
}

void
domus_pool_spec_free (DomusPoolSpec *spec)
{
    if (spec == NULL)
        return;
    g_free (spec->type);
    g_free (spec->name);
    g_free (spec->target_path);
    g_free (spec->host);
    g_free (spec->source_path);
    g_free (spec->source_name);
    g_strfreev (spec->devices);
    g_free (spec->initiator_iqn);
    g_free (spec->adapter);
    g_free (spec->format);
    g_free (spec);
}

static gboolean
is_set (const char *s)
{
    return s != NULL && *s != '\0';
}

static gboolean
is_type (const DomusPoolSpec *spec, const char *type)
{
    return g_strcmp0 (spec->type, type) == 0;
}

static gboolean
is_iscsi (const DomusPoolSpec *spec)
{
    return is_type (spec, "iscsi") || is_type (spec, "iscsi-direct");
}

/* iSCSI names are "iqn.", "eui." or "naa." followed by the rest (RFC 3720). */
static gboolean
is_iscsi_name (const char *s)
{
    return is_set (s) && (g_str_has_prefix (s, "iqn.") || g_str_has_prefix (s, "eui.") ||
                          g_str_has_prefix (s, "naa.")) && strlen (s) > 4 &&
           strpbrk (s, " \t/") == NULL;
}

static gboolean
refuse (DomusPoolField *field, DomusPoolField which, GError **error, const char *message)
{
    if (field != NULL)
        *field = which;
    g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, message);
    return FALSE;
}

gboolean
domus_pool_spec_check (const DomusPoolSpec *spec, DomusPoolField *field, GError **error)
{
    g_return_val_if_fail (spec != NULL, FALSE);

    if (field != NULL)
        *field = DOMUS_POOL_FIELD_NONE;
    if (spec->type == NULL || !g_strv_contains (domus_pool_types (), spec->type))
        return refuse (field, DOMUS_POOL_FIELD_TYPE, error, _("Choose the kind of pool."));
    if (!is_set (spec->name))
        return refuse (field, DOMUS_POOL_FIELD_NAME, error, _("The pool needs a name."));
    if (strchr (spec->name, '/') != NULL)
        return refuse (field, DOMUS_POOL_FIELD_NAME, error,
                       _("A pool name cannot contain “/”."));
    if (is_set (spec->target_path) && !g_path_is_absolute (spec->target_path))
        return refuse (field, DOMUS_POOL_FIELD_TARGET_PATH, error,
                       _("The target must be an absolute path, such as /var/lib/libvirt/images."));
    if (is_type (spec, "dir") && !is_set (spec->target_path))
        return refuse (field, DOMUS_POOL_FIELD_TARGET_PATH, error,
                       _("A directory pool needs the directory that holds its volumes."));
    if ((is_type (spec, "fs") || is_type (spec, "netfs")) && !is_set (spec->target_path))
        return refuse (field, DOMUS_POOL_FIELD_TARGET_PATH, error,
                       _("The pool needs a directory to mount it on."));
    if ((is_type (spec, "netfs") || is_iscsi (spec)) && !is_set (spec->host))
        return refuse (field, DOMUS_POOL_FIELD_HOST, error, _("Enter the server’s host name."));
    if (is_set (spec->host) && strpbrk (spec->host, " /\t") != NULL)
        return refuse (field, DOMUS_POOL_FIELD_HOST, error,
                       _("A host name cannot contain spaces or “/”."));
    if (is_iscsi (spec) && spec->port > G_MAXUINT16)
        return refuse (field, DOMUS_POOL_FIELD_PORT, error,
                       _("The port is a number from 1 to 65535."));
    if (is_type (spec, "netfs") &&
        (!is_set (spec->source_path) || !g_path_is_absolute (spec->source_path)))
        return refuse (field, DOMUS_POOL_FIELD_SOURCE_PATH, error,
                       _("Enter the exported directory, such as /srv/images."));
    if ((is_type (spec, "fs") || is_type (spec, "disk")) &&
        (!is_set (spec->source_path) || !g_str_has_prefix (spec->source_path, "/dev/")))
        return refuse (field, DOMUS_POOL_FIELD_SOURCE_PATH, error,
                       _("Enter the device, such as /dev/sdb."));
    if (is_iscsi (spec) && !is_iscsi_name (spec->source_path))
        return refuse (field, DOMUS_POOL_FIELD_SOURCE_PATH, error,
                       _("Enter the target’s IQN, such as iqn.2024-01.com.example:disks."));
    if (is_type (spec, "iscsi-direct") && !is_set (spec->initiator_iqn))
        return refuse (field, DOMUS_POOL_FIELD_INITIATOR, error,
                       _("A direct iSCSI pool needs this host’s initiator IQN."));
    if (is_set (spec->initiator_iqn) && !is_iscsi_name (spec->initiator_iqn))
        return refuse (field, DOMUS_POOL_FIELD_INITIATOR, error,
                       _("An initiator IQN starts with “iqn.”, such as "
                         "iqn.2024-01.com.example:host."));
    if (is_type (spec, "logical")) {
        if (!is_set (spec->source_name) || strpbrk (spec->source_name, " /") != NULL)
            return refuse (field, DOMUS_POOL_FIELD_SOURCE_NAME, error,
                           _("Enter the volume group’s name, without spaces or “/”."));
        for (guint i = 0; spec->devices != NULL && spec->devices[i] != NULL; i++)
            if (!g_str_has_prefix (spec->devices[i], "/dev/"))
                return refuse (field, DOMUS_POOL_FIELD_DEVICES, error,
                               _("Each device is a path such as /dev/sdb."));
    }
    if (is_type (spec, "scsi") &&
        (!is_set (spec->adapter) || !g_str_has_prefix (spec->adapter, "host") ||
         spec->adapter[4] == '\0' ||
         strspn (spec->adapter + 4, "0123456789") != strlen (spec->adapter + 4)))
        return refuse (field, DOMUS_POOL_FIELD_ADAPTER, error,
                       _("Enter the SCSI host adapter, such as host0."));
    return TRUE;
}

static xmlNodePtr
add_with_attr (xmlNodePtr parent, const char *element, const char *attr, const char *value)
{
    xmlNodePtr node = xmlNewChild (parent, NULL, BAD_CAST element, NULL);

    xmlNewProp (node, BAD_CAST attr, BAD_CAST value);
    return node;
}

/* Where volumes show when the user left the target empty. */
static const char *
default_target (const DomusPoolSpec *spec)
{
    if (is_type (spec, "logical"))
        return NULL;   /* libvirt uses /dev/VG */
    if (is_type (spec, "iscsi") || is_type (spec, "scsi"))
        return "/dev/disk/by-path";
    if (is_type (spec, "disk"))
        return "/dev";
    return NULL;
}

char *
domus_pool_spec_to_xml (const DomusPoolSpec *spec)
{
    g_autoptr(xmlDoc) doc = xmlNewDoc (BAD_CAST "1.0");
    xmlNodePtr pool = xmlNewNode (NULL, BAD_CAST "pool");
    xmlNodePtr source = NULL;
    const char *target = is_set (spec->target_path) ? spec->target_path : default_target (spec);

    g_return_val_if_fail (spec != NULL && spec->type != NULL && spec->name != NULL, NULL);

    xmlDocSetRootElement (doc, pool);
    xmlNewProp (pool, BAD_CAST "type", BAD_CAST spec->type);
    xmlNewTextChild (pool, NULL, BAD_CAST "name", BAD_CAST spec->name);
    if (!is_type (spec, "dir"))
        source = xmlNewChild (pool, NULL, BAD_CAST "source", NULL);

    if (is_type (spec, "netfs") || is_iscsi (spec)) {
        xmlNodePtr host = add_with_attr (source, "host", "name", spec->host);

        if (spec->port != 0) {
            g_autofree char *port = g_strdup_printf ("%u", spec->port);

            xmlNewProp (host, BAD_CAST "port", BAD_CAST port);
        }
    }
    if (is_type (spec, "netfs"))
        add_with_attr (source, "dir", "path", spec->source_path);
    if (is_type (spec, "fs") || is_type (spec, "disk") || is_iscsi (spec))
        add_with_attr (source, "device", "path", spec->source_path);
    if (is_type (spec, "logical")) {
        for (guint i = 0; spec->devices != NULL && spec->devices[i] != NULL; i++)
            add_with_attr (source, "device", "path", spec->devices[i]);
        xmlNewTextChild (source, NULL, BAD_CAST "name", BAD_CAST spec->source_name);
    }
    if (is_iscsi (spec) && is_set (spec->initiator_iqn)) {
        xmlNodePtr initiator = xmlNewChild (source, NULL, BAD_CAST "initiator", NULL);

        add_with_attr (initiator, "iqn", "name", spec->initiator_iqn);
    }
    if (is_type (spec, "scsi")) {
        xmlNodePtr adapter = add_with_attr (source, "adapter", "type", "scsi_host");

        xmlNewProp (adapter, BAD_CAST "name", BAD_CAST spec->adapter);
    }
    if (is_type (spec, "fs") || is_type (spec, "netfs") || is_type (spec, "disk") ||
        is_type (spec, "logical")) {
        const char *format = spec->format;

        if (!is_set (format))
            format = is_type (spec, "disk") ? "gpt" : is_type (spec, "logical") ? "lvm2" : "auto";
        add_with_attr (source, "format", "type", format);
    }
    /* iscsi-direct pools have no target: their volumes are reached by URL. */
    if (target != NULL && !is_type (spec, "iscsi-direct")) {
        xmlNodePtr node = xmlNewChild (pool, NULL, BAD_CAST "target", NULL);

        xmlNewTextChild (node, NULL, BAD_CAST "path", BAD_CAST target);
    }
    return domus_xml_to_string (doc, NULL);
}

GStrv
domus_pool_spec_overwrites (const DomusPoolSpec *spec)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    g_return_val_if_fail (spec != NULL, NULL);
    if ((is_type (spec, "fs") || is_type (spec, "disk")) && is_set (spec->source_path))
        g_strv_builder_add (builder, spec->source_path);
    if (is_type (spec, "logical") && spec->devices != NULL)
        g_strv_builder_addv (builder, (const char **) spec->devices);
    return g_strv_builder_end (builder);
}

/* ---- jobs ---- */

typedef struct {
    char *pool;
    char *xml;
    char *host;
    DomusPoolAction action;
    gboolean build;
    gboolean autostart;
} PoolJob;

static void
pool_job_free (PoolJob *job)
{
    g_free (job->pool);
    g_free (job->xml);
    g_free (job->host);
    g_free (job);
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
define_pool_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    PoolJob *job = task_data;
    g_autoptr(virStoragePool) pool = virStoragePoolDefineXML (conn, job->xml, 0);
    g_autofree char *name = NULL;
    GError *error = NULL;

    if (pool == NULL) {
        domus_set_error_from_libvirt (&error, _("Defining the storage pool failed"));
        g_task_return_error (task, error);
        return;
    }
    name = g_strdup (virStoragePoolGetName (pool));
    if ((job->build && virStoragePoolBuild (pool, 0) < 0) ||
        virStoragePoolCreate (pool, 0) < 0 ||
        virStoragePoolSetAutostart (pool, job->autostart) < 0) {
        g_autofree char *what = g_strdup_printf (_("Setting up storage pool “%s” failed"), name);

        domus_set_error_from_libvirt (&error, what);
        /* Remove what this job defined, keeping the first error's text. */
        if (virStoragePoolIsActive (pool) == 1)
            virStoragePoolDestroy (pool);
        virStoragePoolUndefine (pool);
        virResetLastError ();
        g_task_return_error (task, error);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

void
domus_storage_define_pool_async (DomusConnection *conn, const char *xml, gboolean build,
                                 gboolean autostart, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
    PoolJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (xml != NULL);
    job = g_new0 (PoolJob, 1);
    job->xml = g_strdup (xml);
    job->build = build;
    job->autostart = autostart;
    domus_connection_run_job (conn, define_pool_job, job, (GDestroyNotify) pool_job_free,
                              cancellable, callback, user_data);
}

gboolean
domus_storage_define_pool_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}

static int
delete_pool (virStoragePoolPtr pool, gboolean with_storage)
{
    if (virStoragePoolIsActive (pool) == 1 && virStoragePoolDestroy (pool) < 0)
        return -1;
    if (with_storage && virStoragePoolDelete (pool, 0) < 0)
        return -1;
    /* A transient pool is gone once stopped. */
    if (virStoragePoolIsPersistent (pool) == 1 && virStoragePoolUndefine (pool) < 0)
        return -1;
    return 0;
}

static void
pool_action_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    PoolJob *job = task_data;
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, job->pool);
    char *what = NULL;
    int rc = -1;

    switch (job->action) {
    case DOMUS_POOL_ACTION_START:
        what = g_strdup_printf (_("Starting storage pool “%s” failed"), job->pool);
        if (pool != NULL)
            rc = virStoragePoolCreate (pool, 0);
        break;
    case DOMUS_POOL_ACTION_STOP:
        what = g_strdup_printf (_("Stopping storage pool “%s” failed"), job->pool);
        if (pool != NULL)
            rc = virStoragePoolDestroy (pool);
        break;
    case DOMUS_POOL_ACTION_REFRESH:
        what = g_strdup_printf (_("Refreshing storage pool “%s” failed"), job->pool);
        if (pool != NULL)
            rc = virStoragePoolRefresh (pool, 0);
        break;
    case DOMUS_POOL_ACTION_AUTOSTART_ON:
    case DOMUS_POOL_ACTION_AUTOSTART_OFF:
        what = g_strdup_printf (_("Changing the autostart of storage pool “%s” failed"), job->pool);
        if (pool != NULL)
            rc = virStoragePoolSetAutostart (pool,
                                             job->action == DOMUS_POOL_ACTION_AUTOSTART_ON);
        break;
    case DOMUS_POOL_ACTION_DELETE:
    case DOMUS_POOL_ACTION_DELETE_WITH_STORAGE:
        what = g_strdup_printf (_("Deleting storage pool “%s” failed"), job->pool);
        if (pool != NULL)
            rc = delete_pool (pool, job->action == DOMUS_POOL_ACTION_DELETE_WITH_STORAGE);
        break;
    default:
        g_assert_not_reached ();
    }
    if (rc < 0) {
        return_libvirt_error (task, what);
    } else {
        g_free (what);
        g_task_return_boolean (task, TRUE);
    }
}

void
domus_storage_pool_action_async (DomusConnection *conn, const char *pool, DomusPoolAction action,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
    PoolJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (pool != NULL);
    job = g_new0 (PoolJob, 1);
    job->pool = g_strdup (pool);
    job->action = action;
    domus_connection_run_job (conn, pool_action_job, job, (GDestroyNotify) pool_job_free,
                              cancellable, callback, user_data);
}

gboolean
domus_storage_pool_action_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}

static void
read_pool_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    PoolJob *job = task_data;
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, job->pool);

    if (pool == NULL)
        return_libvirt_error (task, g_strdup_printf (_("Reading storage pool “%s” failed"),
                                                     job->pool));
    else
        g_task_return_pointer (task, domus_storage_read_pool (pool),
                               (GDestroyNotify) domus_pool_info_free);
}

void
domus_storage_read_pool_async (DomusConnection *conn, const char *pool,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
    PoolJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (pool != NULL);
    job = g_new0 (PoolJob, 1);
    job->pool = g_strdup (pool);
    domus_connection_run_job (conn, read_pool_job, job, (GDestroyNotify) pool_job_free,
                              cancellable, callback, user_data);
}

DomusPoolInfo *
domus_storage_read_pool_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pool_xml_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    PoolJob *job = task_data;
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, job->pool);
    char *xml = pool != NULL ? virStoragePoolGetXMLDesc (pool, VIR_STORAGE_XML_INACTIVE) : NULL;

    if (xml == NULL) {
        return_libvirt_error (task, g_strdup_printf (_("Reading storage pool “%s” failed"),
                                                     job->pool));
        return;
    }
    g_task_return_pointer (task, g_strdup (xml), g_free);
    free (xml);
}

void
domus_storage_get_pool_xml_async (DomusConnection *conn, const char *pool,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data)
{
    PoolJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (pool != NULL);
    job = g_new0 (PoolJob, 1);
    job->pool = g_strdup (pool);
    domus_connection_run_job (conn, pool_xml_job, job, (GDestroyNotify) pool_job_free,
                              cancellable, callback, user_data);
}

char *
domus_storage_get_pool_xml_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

GStrv
domus_storage_parse_sources (const char *type, const char *xml)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_autoptr(xmlDoc) doc = xml != NULL ? domus_xml_parse (xml, NULL) : NULL;
    g_autoptr(xmlXPathContext) ctx = doc != NULL ? xmlXPathNewContext (doc) : NULL;
    g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
    const char *expr = "/sources/source/name";

    if (g_strcmp0 (type, "netfs") == 0)
        expr = "/sources/source/dir/@path";
    else if (g_strcmp0 (type, "iscsi") == 0 || g_strcmp0 (type, "iscsi-direct") == 0)
        expr = "/sources/source/device/@path";
    if (ctx != NULL)
        domus_xml_collect_strings (ctx, expr, found);
    for (guint i = 0; i < found->len; i++)
        g_strv_builder_add (builder, g_ptr_array_index (found, i));
    return g_strv_builder_end (builder);
}

char *
domus_pool_spec_sources_xml (const DomusPoolSpec *spec)
{
    g_autoptr(xmlDoc) doc = NULL;
    xmlNodePtr source, host;

    g_return_val_if_fail (spec != NULL, NULL);
    if (!is_set (spec->host) || !(is_type (spec, "netfs") || is_iscsi (spec)))
        return NULL;
    doc = xmlNewDoc (BAD_CAST "1.0");
    source = xmlNewNode (NULL, BAD_CAST "source");
    xmlDocSetRootElement (doc, source);
    host = add_with_attr (source, "host", "name", spec->host);
    if (is_iscsi (spec) && spec->port != 0) {
        g_autofree char *port = g_strdup_printf ("%u", spec->port);

        xmlNewProp (host, BAD_CAST "port", BAD_CAST port);
    }
    /* libiscsi logs in as someone: iscsi-direct discovery needs the IQN. */
    if (is_iscsi (spec) && is_set (spec->initiator_iqn)) {
        xmlNodePtr initiator = xmlNewChild (source, NULL, BAD_CAST "initiator", NULL);

        add_with_attr (initiator, "iqn", "name", spec->initiator_iqn);
    }
    return domus_xml_to_string (doc, NULL);
}

static void
find_sources_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    PoolJob *job = task_data;
    char *xml;

    xml = virConnectFindStoragePoolSources (conn, job->pool, job->xml, 0);
    if (xml == NULL) {
        return_libvirt_error (task, g_strdup_printf (_("Looking for sources on “%s” failed"),
                                                     job->host != NULL ? job->host
                                                                       : "localhost"));
        return;
    }
    g_task_return_pointer (task, domus_storage_parse_sources (job->pool, xml),
                           (GDestroyNotify) g_strfreev);
    free (xml);
}

void
domus_storage_find_sources_async (DomusConnection *conn, const DomusPoolSpec *spec,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data)
{
    PoolJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (spec != NULL && spec->type != NULL);
    job = g_new0 (PoolJob, 1);
    job->pool = g_strdup (spec->type);   /* the type, here */
    job->host = g_strdup (is_set (spec->host) ? spec->host : NULL);
    job->xml = domus_pool_spec_sources_xml (spec);
    domus_connection_run_job (conn, find_sources_job, job, (GDestroyNotify) pool_job_free,
                              cancellable, callback, user_data);
}

GStrv
domus_storage_find_sources_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}
