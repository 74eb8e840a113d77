/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Details page's worker jobs and the plan they follow. The plan (pure)
 * compares the saved document with the edited one: title and description,
 * the current vCPUs and memory, and each device (known by its target, MAC
 * or alias) are the changes libvirt can make live; whatever else differs
 * once those are set aside (compared in canonical form) waits for a
 * shutdown. The apply job defines the edited document first (so a refusal
 * changes nothing), then makes the live changes with
 * VIR_DOMAIN_AFFECT_LIVE; a live refusal leaves the change saved for the
 * next start and says libvirt's reason.
 */
#include "config.h"

#include "domus-domain-details-apply.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-domain-delete-private.h"
#include "domus-domain-details-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"

/* ---- the plan ------------------------------------------------------------- */

static void
live_change_free (DomusDetailsLiveChange *change)
{
    g_free (change->text);
    g_free (change);
}

static void
add_live (DomusDetailsPlan *plan, DomusDetailsLiveKind kind, const char *text, guint64 number)
{
    DomusDetailsLiveChange *change = g_new0 (DomusDetailsLiveChange, 1);

    change->kind = kind;
    change->text = g_strdup (text);
    change->number = number;
    g_ptr_array_add (plan->live, change);
}

void
domus_details_plan_free (DomusDetailsPlan *plan)
{
    if (plan == NULL)
        return;
    g_free (plan->rename);
    g_ptr_array_unref (plan->live);
    g_free (plan);
}

gboolean
domus_details_plan_empty (DomusDetailsPlan *plan)
{
    return plan->rename == NULL && plan->live->len == 0 && !plan->rest_changed;
}

static xmlNodePtr
root_child (DomusDomainDetails *details, const char *name)
{
    return domus_details_child (xmlDocGetRootElement (domus_domain_details_get_doc (details)),
                                name);
}

static void
plan_text (DomusDetailsPlan *plan, DomusDomainDetails *a, DomusDomainDetails *b,
           const char *element, DomusDetailsLiveKind kind)
{
    g_autofree char *old_text = domus_details_get_text (root_child (a, element));
    g_autofree char *new_text = domus_details_get_text (root_child (b, element));

    if (g_strcmp0 (old_text, new_text) != 0)
        add_live (plan, kind, new_text, 0);
    domus_details_remove (root_child (a, element));
    domus_details_remove (root_child (b, element));
}

static char *
node_canonical (xmlNodePtr node)
{
    g_autoptr(xmlDoc) doc = xmlNewDoc (BAD_CAST "1.0");

    xmlDocSetRootElement (doc, xmlDocCopyNode (node, doc, 1));
    return domus_details_canonical_doc (doc);
}

/* Devices by the key libvirt matches them by, each kind on its own. */
static GHashTable *
devices_by_key (DomusDomainDetails *details)
{
    GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint k = 0; k < DOMUS_N_DEVICE_KINDS; k++) {
        g_autoptr(GPtrArray) nodes = domus_details_devices (details, k);

        for (guint i = 0; i < nodes->len; i++)
            g_hash_table_insert (table, domus_details_device_key (g_ptr_array_index (nodes, i), i),
                                 g_ptr_array_index (nodes, i));
    }
    return table;
}

static void
plan_devices (DomusDetailsPlan *plan, DomusDomainDetails *a, DomusDomainDetails *b)
{
    g_autoptr(GHashTable) old_devices = devices_by_key (a);
    g_autoptr(GHashTable) new_devices = devices_by_key (b);
    g_autoptr(GPtrArray) drop = g_ptr_array_new ();
    GHashTableIter iter;
    gpointer key, value;

    /* In document order of the new one, so attachments keep their order. */
    for (guint k = 0; k < DOMUS_N_DEVICE_KINDS; k++) {
        g_autoptr(GPtrArray) nodes = domus_details_devices (b, k);

        for (guint i = 0; i < nodes->len; i++) {
            xmlNodePtr node = g_ptr_array_index (nodes, i);
            g_autofree char *dev_key = domus_details_device_key (node, i);
            xmlNodePtr old = g_hash_table_lookup (old_devices, dev_key);
            g_autofree char *xml = NULL;

            if (old != NULL) {
                g_autofree char *c_old = node_canonical (old);
                g_autofree char *c_new = node_canonical (node);

                if (!g_str_equal (c_old, c_new)) {
                    xml = domus_xml_to_string (node->doc, node);
                    add_live (plan, DOMUS_DETAILS_LIVE_UPDATE_DEVICE, xml, 0);
                }
                g_hash_table_remove (old_devices, dev_key);
                g_ptr_array_add (drop, old);
            } else {
                xml = domus_xml_to_string (node->doc, node);
                add_live (plan, DOMUS_DETAILS_LIVE_ATTACH_DEVICE, xml, 0);
            }
            g_ptr_array_add (drop, node);
        }
    }
    g_hash_table_iter_init (&iter, old_devices);
    while (g_hash_table_iter_next (&iter, &key, &value)) {
        xmlNodePtr node = value;
        g_autofree char *xml = domus_xml_to_string (node->doc, node);

        add_live (plan, DOMUS_DETAILS_LIVE_DETACH_DEVICE, xml, 0);
        g_ptr_array_add (drop, node);
    }
    /* What is left of <devices> is compared with the rest. */
    for (guint i = 0; i < drop->len; i++)
        domus_details_remove (g_ptr_array_index (drop, i));
}

DomusDetailsPlan *
domus_details_plan_new (DomusDomainDetails *old_details, DomusDomainDetails *new_details)
{
    DomusDetailsPlan *plan;
    g_autoptr(DomusDomainDetails) a = NULL;
    g_autoptr(DomusDomainDetails) b = NULL;
    g_autofree char *old_name = NULL;
    g_autofree char *new_name = NULL;
    g_autofree char *ca = NULL;
    g_autofree char *cb = NULL;
    g_autofree char *old_boot = NULL;
    g_autofree char *new_boot = NULL;
    guint64 old_memory, new_memory;
    xmlNodePtr vcpu;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (old_details), NULL);
    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (new_details), NULL);

    plan = g_new0 (DomusDetailsPlan, 1);
    plan->live = g_ptr_array_new_with_free_func ((GDestroyNotify) live_change_free);
    a = domus_domain_details_copy (old_details);
    b = domus_domain_details_copy (new_details);

    old_name = domus_domain_details_get_name (a);
    new_name = domus_domain_details_get_name (b);
    if (g_strcmp0 (old_name, new_name) != 0 && new_name != NULL)
        plan->rename = g_strdup (new_name);
    domus_details_remove (root_child (a, "name"));
    domus_details_remove (root_child (b, "name"));

    plan_text (plan, a, b, "title", DOMUS_DETAILS_LIVE_TITLE);
    plan_text (plan, a, b, "description", DOMUS_DETAILS_LIVE_DESCRIPTION);

    if (domus_domain_details_get_vcpus (a) != domus_domain_details_get_vcpus (b))
        add_live (plan, DOMUS_DETAILS_LIVE_VCPUS, NULL, domus_domain_details_get_vcpus (b));
    if ((vcpu = root_child (a, "vcpu")) != NULL)
        xmlUnsetProp (vcpu, BAD_CAST "current");
    if ((vcpu = root_child (b, "vcpu")) != NULL)
        xmlUnsetProp (vcpu, BAD_CAST "current");

    old_memory = domus_domain_details_get_memory (a);
    new_memory = domus_domain_details_get_memory (b);
    if (old_memory != new_memory)
        add_live (plan, DOMUS_DETAILS_LIVE_MEMORY, NULL, new_memory);
    domus_details_remove (root_child (a, "currentMemory"));
    domus_details_remove (root_child (b, "currentMemory"));

    /* A device whose boot order changed is not updated live: the order
     * waits for a shutdown with the rest. */
    old_boot = domus_details_take_device_boot (a);
    new_boot = domus_details_take_device_boot (b);
    plan_devices (plan, a, b);

    ca = domus_domain_details_canonical (a);
    cb = domus_domain_details_canonical (b);
    plan->rest_changed = !g_str_equal (ca, cb) || !g_str_equal (old_boot, new_boot);
    return plan;
}

const char *
domus_details_outcome_message (DomusDetailsOutcome outcome)
{
    switch (outcome) {
    case DOMUS_DETAILS_UNCHANGED:
        return _("Nothing changed.");
    case DOMUS_DETAILS_SAVED:
        return _("Saved; used when the guest next starts.");
    case DOMUS_DETAILS_APPLIED_NOW:
        return _("Applied now. This guest has no saved definition: the change ends with it.");
    case DOMUS_DETAILS_APPLIED_NOW_AND_SAVED:
        return _("Applied now and saved.");
    case DOMUS_DETAILS_AFTER_SHUTDOWN:
        return _("Saved; takes effect after the guest is shut down.");
    }
    g_return_val_if_reached (NULL);
}

/* ---- load ------------------------------------------------------------------ */

void
domus_details_snapshot_free (DomusDetailsSnapshot *snapshot)
{
    if (snapshot == NULL)
        return;
    g_free (snapshot->xml);
    g_free (snapshot->live_xml);
    domus_host_hardware_free (snapshot->hardware);
    g_free (snapshot);
}

typedef struct {
    char *uuid;
    char *what;
    char *old_xml;
    char *new_xml;
    DomusDetailsSnapshot *snapshot;     /* load */
    char *note;                         /* apply: live refusals */
    char *path;                         /* delete volume */
} DetailsJob;

static void
details_job_free (DetailsJob *job)
{
    g_free (job->uuid);
    g_free (job->what);
    g_free (job->old_xml);
    g_free (job->new_xml);
    domus_details_snapshot_free (job->snapshot);
    g_free (job->note);
    g_free (job->path);
    g_free (job);
}

static DetailsJob *
details_job_new (DomusConnection *conn, DomusDomain *domain, const char *format)
{
    DetailsJob *job = g_new0 (DetailsJob, 1);

    job->uuid = g_strdup (domus_domain_get_uuid (domain));
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    job->what = g_strdup_printf (format, domus_domain_get_name (domain),
                                 domus_connection_get_display_name (conn));
#pragma GCC diagnostic pop
    return job;
}

static void
load_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    DetailsJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autoptr(DomusDetailsSnapshot) snapshot = g_new0 (DomusDetailsSnapshot, 1);
    GError *error = NULL;
    virNodeInfo node;
    int autostart = 0;
    char *xml;

    if (dom == NULL)
        goto failed;
    snapshot->active = virDomainIsActive (dom) == 1;
    snapshot->persistent = virDomainIsPersistent (dom) == 1;
    xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_SECURE |
                                    (snapshot->persistent ? VIR_DOMAIN_XML_INACTIVE : 0));
    if (xml == NULL)
        goto failed;
    snapshot->xml = g_strdup (xml);
    free (xml);
    if (snapshot->active) {
        xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_SECURE);
        if (xml == NULL)
            goto failed;
        snapshot->live_xml = g_strdup (xml);
        free (xml);
    }
    if (virDomainGetAutostart (dom, &autostart) == 0)
        snapshot->autostart = autostart != 0;
    if (virNodeGetInfo (conn, &node) == 0) {
        snapshot->host_cpus = node.cpus;
        snapshot->host_memory_kib = node.memory;
    }
    snapshot->hardware = domus_host_hardware_read (conn, snapshot->xml);
    virResetLastError ();
    g_task_return_pointer (task, g_steal_pointer (&snapshot),
                           (GDestroyNotify) domus_details_snapshot_free);
    return;

failed:
    domus_set_error_from_libvirt (&error, job->what);
    g_task_return_error (task, error);
}

void
domus_domain_details_load_async (DomusConnection *conn, DomusDomain *domain,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));

    domus_connection_run_job (conn, load_job,
                              details_job_new (conn, domain,
                                               _("Reading the definition of “%s” on %s failed")),
                              (GDestroyNotify) details_job_free, cancellable, callback,
                              user_data);
}

DomusDetailsSnapshot *
domus_domain_details_load_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- apply ----------------------------------------------------------------- */

static int
apply_live (virDomainPtr dom, DomusDetailsLiveChange *change)
{
    const unsigned int live = VIR_DOMAIN_AFFECT_LIVE;

    switch (change->kind) {
    case DOMUS_DETAILS_LIVE_TITLE:
        return virDomainSetMetadata (dom, VIR_DOMAIN_METADATA_TITLE, change->text, NULL, NULL,
                                     live);
    case DOMUS_DETAILS_LIVE_DESCRIPTION:
        return virDomainSetMetadata (dom, VIR_DOMAIN_METADATA_DESCRIPTION, change->text, NULL,
                                     NULL, live);
    case DOMUS_DETAILS_LIVE_VCPUS:
        return virDomainSetVcpusFlags (dom, (unsigned int) change->number, live);
    case DOMUS_DETAILS_LIVE_MEMORY:
        return virDomainSetMemoryFlags (dom, change->number, live);
    case DOMUS_DETAILS_LIVE_UPDATE_DEVICE:
        return virDomainUpdateDeviceFlags (dom, change->text, live);
    case DOMUS_DETAILS_LIVE_ATTACH_DEVICE:
        return virDomainAttachDeviceFlags (dom, change->text, live);
    case DOMUS_DETAILS_LIVE_DETACH_DEVICE:
        return virDomainDetachDeviceFlags (dom, change->text, live);
    }
    g_return_val_if_reached (-1);
}

/* A hot-plugged device has another address in the saved definition than
 * in the running guest: detach the running guest's own copy. */
static void
detach_live_copy (virDomainPtr dom, DomusDetailsLiveChange *change)
{
    char *xml = virDomainGetXMLDesc (dom, 0);
    char *live_device = domus_details_live_device_xml (xml, change->text);

    free (xml);
    virResetLastError ();
    if (live_device != NULL) {
        g_free (change->text);
        change->text = live_device;
    }
}

static const char *
live_failure (DomusDetailsLiveKind kind)
{
    switch (kind) {
    case DOMUS_DETAILS_LIVE_TITLE:
        return _("The title could not change while the guest runs");
    case DOMUS_DETAILS_LIVE_DESCRIPTION:
        return _("The description could not change while the guest runs");
    case DOMUS_DETAILS_LIVE_VCPUS:
        return _("The vCPU count could not change while the guest runs");
    case DOMUS_DETAILS_LIVE_MEMORY:
        return _("The memory could not change while the guest runs");
    case DOMUS_DETAILS_LIVE_UPDATE_DEVICE:
        return _("The device could not change while the guest runs");
    case DOMUS_DETAILS_LIVE_ATTACH_DEVICE:
        return _("The device could not be added while the guest runs");
    case DOMUS_DETAILS_LIVE_DETACH_DEVICE:
        return _("The device could not be removed while the guest runs");
    }
    g_return_val_if_reached (NULL);
}

static void
apply_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    DetailsJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autoptr(DomusDomainDetails) old_details = NULL;
    g_autoptr(DomusDomainDetails) new_details = NULL;
    g_autoptr(DomusDetailsPlan) plan = NULL;
    g_autoptr(GString) notes = g_string_new (NULL);
    GError *error = NULL;
    gboolean active, persistent;

    if (dom == NULL) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    old_details = domus_domain_details_new (job->old_xml, &error);
    if (old_details != NULL)
        new_details = domus_domain_details_new (job->new_xml, &error);
    if (new_details == NULL) {
        g_prefix_error (&error, "%s: ", job->what);
        g_task_return_error (task, error);
        return;
    }
    plan = domus_details_plan_new (old_details, new_details);
    if (domus_details_plan_empty (plan)) {
        g_task_return_int (task, DOMUS_DETAILS_UNCHANGED);
        return;
    }
    active = virDomainIsActive (dom) == 1;
    persistent = virDomainIsPersistent (dom) == 1;

    if (plan->rename != NULL) {
        if (active || !persistent) {
            g_set_error (&error, DOMUS_ERROR, DOMUS_ERROR_FAILED, "%s: %s", job->what,
                         _("A guest can be renamed only while it is shut off. Shut it "
                           "down, or keep its name."));
            g_task_return_error (task, error);
            return;
        }
        if (virDomainRename (dom, plan->rename, 0) < 0) {
            domus_set_error_from_libvirt (&error, job->what);
            g_task_return_error (task, error);
            return;
        }
    }
    if (!persistent && (plan->rest_changed || !active)) {
        g_set_error (&error, DOMUS_ERROR, DOMUS_ERROR_FAILED, "%s: %s", job->what,
                     _("This guest has no saved definition, and this change can only be "
                       "made to one."));
        g_task_return_error (task, error);
        return;
    }
    if (persistent) {
        g_autoptr(virDomain) defined = virDomainDefineXML (conn, job->new_xml);

        if (defined == NULL) {
            domus_set_error_from_libvirt (&error, job->what);
            /* A rename went through: undo it, so a refusal changes nothing. */
            if (plan->rename != NULL) {
                g_autofree char *old_name = domus_domain_details_get_name (old_details);

                virDomainRename (dom, old_name, 0);
                virResetLastError ();
            }
            g_task_return_error (task, error);
            return;
        }
    }
    if (!active) {
        g_task_return_int (task, DOMUS_DETAILS_SAVED);
        return;
    }

    for (guint i = 0; i < plan->live->len; i++) {
        DomusDetailsLiveChange *change = g_ptr_array_index (plan->live, i);

        if (change->kind == DOMUS_DETAILS_LIVE_DETACH_DEVICE)
            detach_live_copy (dom, change);
        if (apply_live (dom, change) < 0) {
            virErrorPtr err = virGetLastError ();

            if (notes->len > 0)
                g_string_append_c (notes, '\n');
            g_string_append_printf (notes, "%s: %s", live_failure (change->kind),
                                    err != NULL && err->message != NULL ? err->message
                                                                         : _("libvirt gave no reason"));
            virResetLastError ();
        }
    }
    if (!persistent && notes->len > 0) {
        g_set_error (&error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT, "%s: %s", job->what, notes->str);
        g_task_return_error (task, error);
        return;
    }
    if (notes->len > 0)
        job->note = g_string_free (g_steal_pointer (&notes), FALSE);
    if (!persistent)
        g_task_return_int (task, DOMUS_DETAILS_APPLIED_NOW);
    else if (plan->rest_changed || job->note != NULL)
        g_task_return_int (task, DOMUS_DETAILS_AFTER_SHUTDOWN);
    else
        g_task_return_int (task, DOMUS_DETAILS_APPLIED_NOW_AND_SAVED);
}

void
domus_domain_details_apply_async (DomusConnection *conn, DomusDomain *domain,
                                  const char *old_xml, const char *new_xml,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data)
{
    DetailsJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));
    g_return_if_fail (old_xml != NULL && new_xml != NULL);

    job = details_job_new (conn, domain, _("Changing “%s” on %s failed"));
    job->old_xml = g_strdup (old_xml);
    job->new_xml = g_strdup (new_xml);
    domus_connection_run_job (conn, apply_job, job, (GDestroyNotify) details_job_free,
                              cancellable, callback, user_data);
}

DomusDetailsOutcome
domus_domain_details_apply_finish (DomusConnection *conn, GAsyncResult *result, char **note,
                                   GError **error)
{
    DetailsJob *job;
    gssize outcome;

    g_return_val_if_fail (g_task_is_valid (result, conn), DOMUS_DETAILS_UNCHANGED);

    outcome = g_task_propagate_int (G_TASK (result), error);
    if (outcome < 0)
        return DOMUS_DETAILS_UNCHANGED;
    job = g_task_get_task_data (G_TASK (result));
    if (note != NULL)
        *note = g_strdup (job->note);
    return (DomusDetailsOutcome) outcome;
}

/* ---- a removed disk's volume ----------------------------------------------- */

static void
delete_volume_job (GTask *task, virConnectPtr conn, gpointer task_data,
                   GCancellable *cancellable)
{
    DetailsJob *job = task_data;
    g_autoptr(GHashTable) users = domus_domain_disk_users_on (conn, job->uuid);
    GPtrArray *others = users != NULL ? g_hash_table_lookup (users, job->path) : NULL;
    g_autoptr(virStorageVol) vol = NULL;
    GError *error = NULL;

    if (others != NULL && others->len > 0) {
        g_autofree char *why = g_strdup_printf (ngettext ("another guest uses it (%s), so it "
                                                          "was kept.",
                                                          "other guests use it (%s and "
                                                          "more), so it was kept.",
                                                          others->len),
                                                (const char *) g_ptr_array_index (others, 0));

        g_set_error (&error, DOMUS_ERROR, DOMUS_ERROR_FAILED, "%s: %s", job->what, why);
        g_task_return_error (task, error);
        return;
    }
    vol = virStorageVolLookupByPath (conn, job->path);
    if (vol == NULL || virStorageVolDelete (vol, 0) < 0) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

void
domus_domain_details_delete_volume_async (DomusConnection *conn, DomusDomain *domain,
                                          const char *path, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data)
{
    DetailsJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));
    g_return_if_fail (path != NULL);

    job = details_job_new (conn, domain, _("The disk was removed from “%s” on %s, but its "
                                           "volume was not deleted"));
    job->path = g_strdup (path);
    domus_connection_run_job (conn, delete_volume_job, job, (GDestroyNotify) details_job_free,
                              cancellable, callback, user_data);
}

gboolean
domus_domain_details_delete_volume_finish (DomusConnection *conn, GAsyncResult *result,
                                           GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}
