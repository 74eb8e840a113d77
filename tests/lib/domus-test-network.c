/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The network helpers of domus-test-network.h: core's network jobs awaited
 * on the test's main context, and plain libvirt for what another client
 * does.
 */
#include "config.h"

#include "domus-test-network.h"

#define AWAIT(res) \
    DOMUS_TEST_WAIT_UNTIL ((res) != NULL, DOMUS_TEST_NETWORK_TIMEOUT_S, "the job to finish")

GPtrArray *
domus_test_network_list (DomusConnection *conn)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    GPtrArray *nets;

    domus_network_list_async (conn, NULL, domus_test_keep_result_cb, &res);
    AWAIT (res);
    nets = domus_network_list_finish (conn, res, &error);
    g_assert_no_error (error);
    return nets;
}

/* The host's interfaces, or NULL with why. */
GPtrArray *
domus_test_network_interfaces (DomusConnection *conn, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_network_list_interfaces_async (conn, NULL, domus_test_keep_result_cb, &res);
    AWAIT (res);
    return domus_network_list_interfaces_finish (conn, res, error);
}

GPtrArray *
domus_test_network_leases (DomusConnection *conn, const char *network, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_network_list_leases_async (conn, network, NULL, domus_test_keep_result_cb, &res);
    AWAIT (res);
    return domus_network_list_leases_finish (conn, res, error);
}

const DomusNetworkInfo *
domus_test_network_find (GPtrArray *nets, const char *name)
{
    for (guint i = 0; i < nets->len; i++) {
        const DomusNetworkInfo *info = g_ptr_array_index (nets, i);

        if (g_strcmp0 (info->name, name) == 0)
            return info;
    }
    return NULL;
}

gboolean
domus_test_network_act (DomusConnection *conn, const char *name, DomusNetworkAction action,
                        GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_network_act_async (conn, name, action, NULL, domus_test_keep_result_cb, &res);
    AWAIT (res);
    return domus_network_act_finish (conn, res, error);
}

gboolean
domus_test_network_create (DomusConnection *conn, const char *xml, gboolean autostart,
                           GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_network_create_async (conn, xml, autostart, NULL, domus_test_keep_result_cb, &res);
    AWAIT (res);
    return domus_network_create_finish (conn, res, error);
}

/* Stops and undefines every network of VIRT but KEEP (may be NULL). */
void
domus_test_network_remove_all (virConnectPtr virt, const char *keep)
{
    virNetworkPtr *nets = NULL;
    int n = virConnectListAllNetworks (virt, &nets, 0);

    for (int i = 0; i < n; i++) {
        if (g_strcmp0 (virNetworkGetName (nets[i]), keep) != 0) {
            virNetworkDestroy (nets[i]);
            virNetworkUndefine (nets[i]);
        }
        virNetworkFree (nets[i]);
    }
    free (nets);
}
