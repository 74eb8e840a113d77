/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a host offers a new guest, read on the host's worker: the guest
 * architectures (the host's own first) with the best domain type for each,
 * whether the first can boot UEFI firmware, the virtual networks and the
 * one a new guest joins, the host interfaces, and which guests use which
 * disk. The New Virtual Machine assistant offers these choices.
 */
#include "config.h"

#include "domus-host-options.h"

#include "domus-connection-private.h"
#include "domus-domain-delete-private.h"
#include "domus-libvirt-private.h"
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
