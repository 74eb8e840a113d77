/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusGuestAddresses: the IP addresses of a host's running guests, read
 * without one call per guest per tick: one virNetworkGetDHCPLeases per
 * active network per refresh, matched by MAC (each guest's MACs read once
 * from its XML and kept), plus the guest agent for guests that have one.
 * Refreshed on a slow timer and a little after each guest event; one per
 * connection, shared by the windows that show addresses.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_GUEST_ADDRESSES (domus_guest_addresses_get_type ())
G_DECLARE_FINAL_TYPE (DomusGuestAddresses, domus_guest_addresses, DOMUS, GUEST_ADDRESSES,
                      GObject)

/* The connection's instance (made on first use); a new reference. */
DomusGuestAddresses *domus_guest_addresses_get      (DomusConnection *conn);
/* "192.168.100.23, fd00::17" for the guest of @uuid, or NULL when none is
 * known. */
const char          *domus_guest_addresses_lookup   (DomusGuestAddresses *self,
                                                     const char *uuid);
/* The addresses of the guest NIC whose MAC is @mac (any case), from its
 * lease or the guest agent, or NULL. */
const char          *domus_guest_addresses_lookup_mac (DomusGuestAddresses *self,
                                                       const char *mac);
/* Whether a read is under way (its "changed" follows). */
gboolean             domus_guest_addresses_is_reading (DomusGuestAddresses *self);
/* Reads again now (the timer and events do it by themselves). */
void                 domus_guest_addresses_refresh  (DomusGuestAddresses *self);
/* How many refreshes have come back, for tests. */
guint                domus_guest_addresses_get_reads (DomusGuestAddresses *self);

/* Signal "changed": the addresses were read anew. */

G_END_DECLS
