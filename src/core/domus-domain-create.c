/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The worker jobs behind the New Virtual Machine assistant. The create job
 * makes the new disk, defines the guest and starts it; when a step fails it
 * removes what this job created, in reverse order, and says so. A disk the
 * user chose (an imported one) is never removed.
 */
#include "config.h"

#include "domus-domain-create.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-domain-delete-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-storage-private.h"
#include "domus-xml.h"

void
domus_host_options_free (DomusHostOptions *options)
{
    if (options == NULL)
        return;
    g_ptr_array_unref (options->arches);
    g_ptr_array_unref (options->domain_types);
    g_ptr_array_unref (options->networks);
    g_free (options->default_network);
    g_clear_pointer (&options->disk_users, g_hash_table_unref);
    g_ptr_array_unref (options->interfaces);
    g_free (options);
}

DomusDomain *
domus_guest_lookup_by_name (DomusConnection *conn, const char *name)
{
    GListModel *list;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);
    g_return_val_if_fail (name != NULL, NULL);

    list = domus_connection_get_domains (conn);
    for (guint i = 0; i < g_list_model_get_n_items (list); i++) {
        g_autoptr(DomusDomain) d = g_list_model_get_item (list, i);

        /* The list holds its own reference: the borrowed pointer stays. */
        if (g_str_equal (domus_domain_get_name (d), name))
            return d;
    }
    return NULL;
}

/* kvm where the host has it, then qemu, then whatever the driver offers. */
static char *
best_domain_type (xmlXPathContextPtr ctx, xmlNodePtr arch)
{
    static const char *const preferred[] = { "kvm", "qemu" };

    for (guint i = 0; i < G_N_ELEMENTS (preferred); i++) {
        g_autofree char *expr = g_strdup_printf ("string(domain[@type='%s']/@type)",
                                                 preferred[i]);
        char *found = domus_xml_get_string (ctx, arch, expr);

        if (found != NULL)
            return found;
    }
    return domus_xml_get_string (ctx, arch, "string(domain/@type)");
}

static void
read_capabilities (virConnectPtr conn, DomusHostOptions *options)
{
    g_autofree char *xml = virConnectGetCapabilities (conn);
    g_autoptr(xmlDoc) doc = xml != NULL ? domus_xml_parse (xml, NULL) : NULL;
    g_autoptr(xmlXPathContext) ctx = doc != NULL ? xmlXPathNewContext (doc) : NULL;
    g_autoptr(GPtrArray) archs = NULL;
    g_autofree char *host_arch = NULL;

    if (ctx == NULL)
        return;
    host_arch = domus_xml_get_string (ctx, NULL, "string(/capabilities/host/cpu/arch)");
    archs = domus_xml_get_nodes (ctx, NULL, "/capabilities/guest[os_type='hvm']/arch");
    for (guint i = 0; i < archs->len; i++) {
        xmlNodePtr arch = g_ptr_array_index (archs, i);
        char *name = domus_xml_get_string (ctx, arch, "string(@name)");
        char *type = best_domain_type (ctx, arch);

        if (name == NULL || type == NULL) {
            g_free (name);
            g_free (type);
            continue;
        }
        if (g_strcmp0 (name, host_arch) == 0) {
            g_ptr_array_insert (options->arches, 0, name);
            g_ptr_array_insert (options->domain_types, 0, type);
        } else {
            g_ptr_array_add (options->arches, name);
            g_ptr_array_add (options->domain_types, type);
        }
    }
}

/* UEFI where the domain capabilities list "efi" firmware, or a loader. */
static gboolean
host_offers_uefi (virConnectPtr conn, const char *arch, const char *type)
{
    g_autofree char *xml = virConnectGetDomainCapabilities (conn, NULL, arch, NULL, type, 0);
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autofree char *efi = NULL;
    g_autofree char *loader = NULL;

    if (xml == NULL) {
        virResetLastError ();   /* the test driver has none: BIOS only */
        return FALSE;
    }
    doc = domus_xml_parse (xml, NULL);
    ctx = doc != NULL ? xmlXPathNewContext (doc) : NULL;
    if (ctx == NULL)
        return FALSE;
    efi = domus_xml_get_string (ctx, NULL,
                                "string(/domainCapabilities/os/enum[@name='firmware']"
                                "/value[.='efi'])");
    loader = domus_xml_get_string (ctx, NULL,
                                   "string(/domainCapabilities/os[@supported='yes']"
                                   "/loader[@supported='yes']/value)");
    return efi != NULL || loader != NULL;
}

static gboolean
is_nat (virNetworkPtr net)
{
    g_autofree char *xml = virNetworkGetXMLDesc (net, 0);
    g_autoptr(xmlDoc) doc = xml != NULL ? domus_xml_parse (xml, NULL) : NULL;
    g_autoptr(xmlXPathContext) ctx = doc != NULL ? xmlXPathNewContext (doc) : NULL;
    g_autofree char *mode = ctx != NULL ? domus_xml_get_string (ctx, NULL,
                                                               "string(/network/forward/@mode)")
                                        : NULL;

    return g_strcmp0 (mode, "nat") == 0;
}

static void
host_options_job (GTask *task, virConnectPtr conn, gpointer task_data,
                  GCancellable *cancellable)
{
    DomusHostOptions *options = g_new0 (DomusHostOptions, 1);
    virNetworkPtr *nets = NULL;
    virInterfacePtr *ifaces = NULL;
    const char *nat = NULL;
    int n;

    options->arches = g_ptr_array_new_with_free_func (g_free);
    options->domain_types = g_ptr_array_new_with_free_func (g_free);
    options->networks = g_ptr_array_new_with_free_func (g_free);
    options->interfaces = g_ptr_array_new_with_free_func (g_free);

    read_capabilities (conn, options);
    if (options->arches->len > 0)
        options->uefi = host_offers_uefi (conn, g_ptr_array_index (options->arches, 0),
                                          g_ptr_array_index (options->domain_types, 0));

    n = virConnectListAllNetworks (conn, &nets, 0);
    for (int i = 0; i < n; i++) {
        g_ptr_array_add (options->networks, g_strdup (virNetworkGetName (nets[i])));
        if (nat == NULL && is_nat (nets[i]))
            nat = virNetworkGetName (nets[i]);
    }
    /* As virt-manager chooses: "default", else NAT (the guest reaches out
     * and nothing else changes), else whatever there is. */
    if (g_ptr_array_find_with_equal_func (options->networks, "default", g_str_equal, NULL))
        options->default_network = g_strdup ("default");
    else if (nat != NULL)
        options->default_network = g_strdup (nat);
    else if (options->networks->len > 0)
        options->default_network = g_strdup (g_ptr_array_index (options->networks, 0));
    for (int i = 0; i < n; i++)
        virNetworkFree (nets[i]);
    free (nets);
    /* Hosts without the interface driver list none: the name is typed. */
    n = virConnectListAllInterfaces (conn, &ifaces, VIR_CONNECT_LIST_INTERFACES_ACTIVE);
    for (int i = 0; i < n; i++) {
        g_ptr_array_add (options->interfaces, g_strdup (virInterfaceGetName (ifaces[i])));
        virInterfaceFree (ifaces[i]);
    }
    free (ifaces);
    options->disk_users = domus_domain_disk_users_on (conn, NULL);
    virResetLastError ();
    g_task_return_pointer (task, options, (GDestroyNotify) domus_host_options_free);
}

void
domus_host_options_async (DomusConnection *conn, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    domus_connection_run_job (conn, host_options_job, NULL, NULL, cancellable, callback,
                              user_data);
}

DomusHostOptions *
domus_host_options_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

DomusCreatePlan *
domus_create_plan_new (void)
{
    DomusCreatePlan *plan = g_new0 (DomusCreatePlan, 1);

    plan->config = domus_domain_config_new ();
    return plan;
}

void
domus_create_plan_free (DomusCreatePlan *plan)
{
    if (plan == NULL)
        return;
    domus_domain_config_free (plan->config);
    g_free (plan->volume_pool);
    g_free (plan->volume_name);
    g_free (plan->xml_override);
    g_free (plan);
}

typedef struct {
    DomusCreatePlan *plan;
    char *host;
} CreateJob;

static void
create_job_free (CreateJob *job)
{
    domus_create_plan_free (job->plan);
    g_free (job->host);
    g_free (job);
}

/* Removes the volume this job created; @error (set) gets a sentence on
 * what happened to it. */
static void
remove_new_volume (virConnectPtr conn, DomusCreatePlan *plan, GError **error)
{
    g_autoptr(GError) cleanup_error = NULL;
    char *message;

    if (domus_storage_delete_volume_on (conn, plan->volume_pool, plan->volume_name,
                                        &cleanup_error))
        message = g_strdup_printf (_("%s\nThe new disk “%s” was removed again."),
                                   (*error)->message, plan->volume_name);
    else
        message = g_strdup_printf (_("%s\nRemoving the new disk “%s” failed too: %s"),
                                   (*error)->message, plan->volume_name,
                                   cleanup_error->message);
    g_free ((*error)->message);
    (*error)->message = message;
}

static void
undefine_new_guest (virDomainPtr dom, GError **error)
{
    char *message;

    virDomainDestroy (dom);
    virResetLastError ();
    if (virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_NVRAM) == 0 ||
        virDomainUndefine (dom) == 0)
        message = g_strdup_printf (_("%s\nThe new guest was removed again."),
                                   (*error)->message);
    else
        message = g_strdup_printf (_("%s\nRemoving the new guest failed too: %s"),
                                   (*error)->message,
                                   virGetLastErrorMessage ());
    g_free ((*error)->message);
    (*error)->message = message;
}

static void
create_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    CreateJob *job = task_data;
    DomusCreatePlan *plan = job->plan;
    const char *name = plan->config->name;
    gboolean made_volume = FALSE;
    g_autoptr(virDomain) dom = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *defined_name = NULL;
    GError *error = NULL;
    char uuid[VIR_UUID_STRING_BUFLEN];

    if (plan->volume_pool != NULL) {
        char *path = domus_storage_create_volume_on (conn, plan->volume_pool,
                                                     plan->volume_name,
                                                     plan->config->disk_format,
                                                     plan->volume_bytes, &error);

        if (path == NULL) {
            g_task_return_error (task, error);
            return;
        }
        g_free (plan->config->disk_path);
        plan->config->disk_path = path;
        /* A logical volume, a partition, a LUN: the guest gets a device. */
        plan->config->disk_is_block = g_str_has_prefix (path, "/dev/");
        made_volume = TRUE;
    }

    xml = plan->xml_override != NULL ? g_strdup (plan->xml_override)
                                     : domus_domain_config_to_xml (plan->config, &error);
    if (xml != NULL)
        dom = virDomainDefineXML (conn, xml);
    if (dom == NULL) {
        if (error == NULL) {
            g_autofree char *what = g_strdup_printf (_("Defining “%s” on %s failed"),
                                                     name, job->host);

            domus_set_error_from_libvirt (&error, what);
        }
        if (made_volume)
            remove_new_volume (conn, plan, &error);
        g_task_return_error (task, error);
        return;
    }

    /* The name as defined (customized XML may differ), read before the
     * call: every libvirt call clears the last error. */
    defined_name = g_strdup (virDomainGetName (dom));
    if (plan->start && virDomainCreate (dom) < 0) {
        g_autofree char *what = g_strdup_printf (_("Starting “%s” on %s failed"),
                                                 defined_name, job->host);

        domus_set_error_from_libvirt (&error, what);
        undefine_new_guest (dom, &error);
        if (made_volume)
            remove_new_volume (conn, plan, &error);
        g_task_return_error (task, error);
        return;
    }
    virDomainGetUUIDString (dom, uuid);
    g_task_return_pointer (task, g_strdup (uuid), g_free);
}

void
domus_domain_create_async (DomusConnection *conn, DomusCreatePlan *plan,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
    CreateJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (plan != NULL && plan->config != NULL);

    job = g_new0 (CreateJob, 1);
    job->plan = plan;
    job->host = g_strdup (domus_connection_get_display_name (conn));
    domus_connection_run_job (conn, create_job, job, (GDestroyNotify) create_job_free,
                              cancellable, callback, user_data);
}

char *
domus_domain_create_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}
