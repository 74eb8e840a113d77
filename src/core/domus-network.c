/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Virtual networks, their DHCP leases and the host's interfaces as worker
 * jobs. Every libvirt call here runs on the host's worker thread; what
 * crosses back to the main thread is plain data (DomusNetworkInfo,
 * DomusNetworkLease, DomusHostInterface).
 */
#include "config.h"

#include "domus-network.h"
#include "domus-network-private.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"

typedef struct {
    char *name;
    char *xml;
    DomusNetworkAction action;
    gboolean autostart;
} NetworkJob;

static void
network_job_free (NetworkJob *job)
{
    g_free (job->name);
    g_free (job->xml);
    g_free (job);
}

static NetworkJob *
network_job_new (const char *name, const char *xml)
{
    NetworkJob *job = g_new0 (NetworkJob, 1);

    job->name = g_strdup (name);
    job->xml = g_strdup (xml);
    return job;
}

static gpointer
propagate_pointer (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
propagate_boolean (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- list ---------------------------------------------------------------- */

static DomusNetworkInfo *
read_network (virNetworkPtr net)
{
    g_autofree char *xml = virNetworkGetXMLDesc (net, 0);
    DomusNetworkInfo *info = xml != NULL ? domus_network_info_from_xml (xml, NULL) : NULL;
    int autostart = 0;

    if (info == NULL) {
        info = g_new0 (DomusNetworkInfo, 1);
        info->name = g_strdup (virNetworkGetName (net));
    }
    info->active = virNetworkIsActive (net) == 1;
    info->persistent = virNetworkIsPersistent (net) == 1;
    info->autostart = virNetworkGetAutostart (net, &autostart) == 0 && autostart;
    virResetLastError ();
    return info;
}

static int
compare_networks (gconstpointer a, gconstpointer b)
{
    return g_strcmp0 ((*(DomusNetworkInfo *const *) a)->name,
                      (*(DomusNetworkInfo *const *) b)->name);
}

static void
list_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    virNetworkPtr *nets = NULL;
    int n = virConnectListAllNetworks (conn, &nets, 0);
    GPtrArray *out;
    GError *error = NULL;

    if (n < 0) {
        domus_set_error_from_libvirt (&error, _("Listing the virtual networks failed"));
        g_task_return_error (task, error);
        return;
    }
    out = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_network_info_free);
    for (int i = 0; i < n; i++) {
        g_ptr_array_add (out, read_network (nets[i]));
        virNetworkFree (nets[i]);
    }
    free (nets);
    g_ptr_array_sort (out, compare_networks);
    g_task_return_pointer (task, out, (GDestroyNotify) g_ptr_array_unref);
}

void
domus_network_list_async (DomusConnection *conn, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    domus_connection_run_job (conn, list_job, NULL, NULL, cancellable, callback, user_data);
}

GPtrArray *
domus_network_list_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    return propagate_pointer (conn, result, error);
}

/* ---- actions ------------------------------------------------------------- */

static char *
action_failed (DomusNetworkAction action, const char *name)
{
    switch (action) {
    case DOMUS_NETWORK_ACTION_START:
        return g_strdup_printf (_("Starting network “%s” failed"), name);
    case DOMUS_NETWORK_ACTION_STOP:
        return g_strdup_printf (_("Stopping network “%s” failed"), name);
    case DOMUS_NETWORK_ACTION_DELETE:
        return g_strdup_printf (_("Deleting network “%s” failed"), name);
    default:
        return g_strdup_printf (_("Changing the autostart of network “%s” failed"), name);
    }
}

static gboolean
act_on (virConnectPtr conn, const char *name, DomusNetworkAction action, GError **error)
{
    g_autoptr(virNetwork) net = virNetworkLookupByName (conn, name);
    int rc = -1;

    switch (net != NULL ? (int) action : -1) {
    case DOMUS_NETWORK_ACTION_START:
        rc = virNetworkCreate (net);
        break;
    case DOMUS_NETWORK_ACTION_STOP:
        rc = virNetworkDestroy (net);
        break;
    case DOMUS_NETWORK_ACTION_DELETE:
        rc = virNetworkIsActive (net) == 1 ? virNetworkDestroy (net) : 0;
        /* A transient network is gone once stopped. */
        if (rc == 0 && virNetworkIsPersistent (net) == 1)
            rc = virNetworkUndefine (net);
        break;
    case DOMUS_NETWORK_ACTION_AUTOSTART_ON:
    case DOMUS_NETWORK_ACTION_AUTOSTART_OFF:
        rc = virNetworkSetAutostart (net, action == DOMUS_NETWORK_ACTION_AUTOSTART_ON);
        break;
    default:
        break;      /* not found: libvirt said why */
    }
    if (rc < 0) {
        g_autofree char *what = action_failed (action, name);

        domus_set_error_from_libvirt (error, what);
        return FALSE;
    }
    return TRUE;
}

static void
act_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    NetworkJob *job = task_data;
    GError *error = NULL;

    if (act_on (conn, job->name, job->action, &error))
        g_task_return_boolean (task, TRUE);
    else
        g_task_return_error (task, error);
}

void
domus_network_act_async (DomusConnection *conn, const char *name, DomusNetworkAction action,
                         GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
    NetworkJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (name != NULL);
    job = network_job_new (name, NULL);
    job->action = action;
    domus_connection_run_job (conn, act_job, job, (GDestroyNotify) network_job_free,
                              cancellable, callback, user_data);
}

gboolean
domus_network_act_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    return propagate_boolean (conn, result, error);
}

/* ---- create -------------------------------------------------------------- */

static void
create_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    NetworkJob *job = task_data;
    g_autoptr(virNetwork) net = virNetworkDefineXML (conn, job->xml);
    g_autofree char *name = NULL;
    GError *error = NULL;

    if (net == NULL) {
        domus_set_error_from_libvirt (&error, _("Defining the network failed"));
        g_task_return_error (task, error);
        return;
    }
    /* Named before the calls: any libvirt call clears the last error. */
    name = g_strdup (virNetworkGetName (net));
    if ((job->autostart && virNetworkSetAutostart (net, 1) < 0) || virNetworkCreate (net) < 0) {
        g_autofree char *what = g_strdup_printf (_("Starting network “%s” failed"), name);

        domus_set_error_from_libvirt (&error, what);
        /* What failed to start is not left behind, defined and useless. */
        virNetworkUndefine (net);
        virResetLastError ();
        g_task_return_error (task, error);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

void
domus_network_create_async (DomusConnection *conn, const char *xml, gboolean autostart,
                            GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
    NetworkJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (xml != NULL);
    job = network_job_new (NULL, xml);
    job->autostart = autostart;
    domus_connection_run_job (conn, create_job, job, (GDestroyNotify) network_job_free,
                              cancellable, callback, user_data);
}

gboolean
domus_network_create_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    return propagate_boolean (conn, result, error);
}

/* ---- leases -------------------------------------------------------------- */

gboolean
domus_network_read_leases_on (virNetworkPtr net, GPtrArray *out, GError **error)
{
    /* Named first: any libvirt call, even this one, clears the last error. */
    const char *name = virNetworkGetName (net);
    virNetworkDHCPLeasePtr *leases = NULL;
    int n = virNetworkGetDHCPLeases (net, NULL, &leases, 0);

    if (n < 0) {
        g_autofree char *what = g_strdup_printf (_("Reading the DHCP leases of network “%s” "
                                                   "failed"), name);

        domus_set_error_from_libvirt (error, what);
        return FALSE;
    }
    for (int i = 0; i < n; i++) {
        DomusNetworkLease *lease = g_new0 (DomusNetworkLease, 1);

        lease->network = g_strdup (name);
        lease->mac = g_ascii_strdown (leases[i]->mac != NULL ? leases[i]->mac : "", -1);
        lease->address = g_strdup (leases[i]->ipaddr);
        lease->prefix = leases[i]->prefix;
        lease->ipv6 = leases[i]->type == VIR_IP_ADDR_TYPE_IPV6;
        lease->hostname = g_strdup (leases[i]->hostname);
        lease->expiry = leases[i]->expirytime;
        g_ptr_array_add (out, lease);
        virNetworkDHCPLeaseFree (leases[i]);
    }
    free (leases);
    return TRUE;
}

static void
leases_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    NetworkJob *job = task_data;
    GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_network_lease_free);
    GError *error = NULL;

    if (job->name != NULL) {
        g_autoptr(virNetwork) net = virNetworkLookupByName (conn, job->name);

        if (net == NULL || !domus_network_read_leases_on (net, out, &error)) {
            if (net == NULL) {
                g_autofree char *what =
                    g_strdup_printf (_("Reading the DHCP leases of network “%s” failed"),
                                     job->name);

                domus_set_error_from_libvirt (&error, what);
            }
            g_ptr_array_unref (out);
            g_task_return_error (task, error);
            return;
        }
    } else {
        virNetworkPtr *nets = NULL;
        int n = virConnectListAllNetworks (conn, &nets, VIR_CONNECT_LIST_NETWORKS_ACTIVE);

        /* A network whose driver cannot say (a host bridge) has no leases. */
        for (int i = 0; i < n; i++) {
            if (!domus_network_read_leases_on (nets[i], out, NULL))
                virResetLastError ();
            virNetworkFree (nets[i]);
        }
        free (nets);
    }
    g_task_return_pointer (task, out, (GDestroyNotify) g_ptr_array_unref);
}

void
domus_network_list_leases_async (DomusConnection *conn, const char *name,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    domus_connection_run_job (conn, leases_job, network_job_new (name, NULL),
                              (GDestroyNotify) network_job_free, cancellable, callback,
                              user_data);
}

GPtrArray *
domus_network_list_leases_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    return propagate_pointer (conn, result, error);
}

/* ---- host interfaces ----------------------------------------------------- */

static int
compare_interfaces (gconstpointer a, gconstpointer b)
{
    return g_strcmp0 ((*(DomusHostInterface *const *) a)->name,
                      (*(DomusHostInterface *const *) b)->name);
}

static void
interfaces_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    virInterfacePtr *ifaces = NULL;
    int n = virConnectListAllInterfaces (conn, &ifaces, 0);
    GPtrArray *out;
    GError *error = NULL;

    if (n < 0) {
        domus_set_error_from_libvirt (&error, _("Listing the host interfaces failed"));
        g_task_return_error (task, error);
        return;
    }
    out = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_host_interface_free);
    for (int i = 0; i < n; i++) {
        g_autofree char *xml = virInterfaceGetXMLDesc (ifaces[i], 0);
        DomusHostInterface *iface = xml != NULL ? domus_host_interface_from_xml (xml, NULL)
                                                : NULL;

        if (iface == NULL) {
            iface = g_new0 (DomusHostInterface, 1);
            iface->name = g_strdup (virInterfaceGetName (ifaces[i]));
            iface->addresses = g_ptr_array_new_with_free_func (g_free);
        }
        iface->active = virInterfaceIsActive (ifaces[i]) == 1;
        if (iface->mac == NULL)
            iface->mac = g_strdup (virInterfaceGetMACString (ifaces[i]));
        g_ptr_array_add (out, iface);
        virInterfaceFree (ifaces[i]);
    }
    free (ifaces);
    virResetLastError ();
    g_ptr_array_sort (out, compare_interfaces);
    g_task_return_pointer (task, out, (GDestroyNotify) g_ptr_array_unref);
}

void
domus_network_list_interfaces_async (DomusConnection *conn, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    domus_connection_run_job (conn, interfaces_job, NULL, NULL, cancellable, callback,
                              user_data);
}

GPtrArray *
domus_network_list_interfaces_finish (DomusConnection *conn, GAsyncResult *result,
                                      GError **error)
{
    return propagate_pointer (conn, result, error);
}
