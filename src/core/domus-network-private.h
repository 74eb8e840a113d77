/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Parts of core/network shared between its files: the interface XML reader
 * (pure), subnet arithmetic, and the calls the guest-address reader makes
 * from its own worker job. The *_on functions run on the worker only.
 */
#pragma once

#include <libvirt/libvirt.h>

#include "domus-network.h"

G_BEGIN_DECLS

DomusHostInterface *domus_host_interface_from_xml (const char *xml,
                                                   GError **error);

/* Whether @address parses as an address of the family @ipv6 names. */
gboolean            domus_network_address_is_valid (const char *address,
                                                    gboolean ipv6);
/* Whether @address lies in @subnet/@prefix. */
gboolean            domus_network_subnet_contains (const char *subnet,
                                                   guint prefix,
                                                   const char *address);

/* Appends the DomusNetworkLease of @net to @out; FALSE with libvirt's
 * message when the host cannot say. */
gboolean            domus_network_read_leases_on  (virNetworkPtr net,
                                                   GPtrArray *out,
                                                   GError **error);

G_END_DECLS
