/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the network tests (integration, real): core's network jobs run
 * and waited for, a network found by name, and every network but one
 * removed with plain libvirt, as another client (virsh) would.
 */
#pragma once

#include <libvirt/libvirt.h>

#include "domus-network.h"
#include "domus-test-util.h"

G_BEGIN_DECLS

#define DOMUS_TEST_NETWORK_TIMEOUT_S 60

GPtrArray              *domus_test_network_list       (DomusConnection *conn);
/* The host's interfaces, or NULL with why. */
GPtrArray              *domus_test_network_interfaces (DomusConnection *conn,
                                                       GError **error);
GPtrArray              *domus_test_network_leases     (DomusConnection *conn,
                                                       const char *network,
                                                       GError **error);
/* The network called NAME in NETS, or NULL. */
const DomusNetworkInfo *domus_test_network_find       (GPtrArray *nets,
                                                       const char *name);
gboolean                domus_test_network_act        (DomusConnection *conn,
                                                       const char *name,
                                                       DomusNetworkAction action,
                                                       GError **error);
gboolean                domus_test_network_create     (DomusConnection *conn,
                                                       const char *xml,
                                                       gboolean autostart,
                                                       GError **error);
/* Stops and undefines every network of VIRT but KEEP (may be NULL). */
void                    domus_test_network_remove_all (virConnectPtr virt,
                                                       const char *keep);

G_END_DECLS
