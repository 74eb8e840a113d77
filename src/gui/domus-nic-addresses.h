/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusNicAddresses: a NIC's IP addresses on the Details page, as the
 * host's DomusGuestAddresses knows them (the network's DHCP lease, the
 * guest agent where it answers), with a Refresh button. Opening the page
 * asks for one read; the addresses object reads for the whole host (one
 * lease call per network), never one call per NIC or per tick.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_NIC_ADDRESSES (domus_nic_addresses_get_type ())
G_DECLARE_FINAL_TYPE (DomusNicAddresses, domus_nic_addresses, DOMUS, NIC_ADDRESSES, GtkBox)

/* The NIC whose MAC is @mac; @conn may be NULL (nothing to show). */
GtkWidget  *domus_nic_addresses_new       (DomusConnection *conn,
                                           const char *mac);
/* What the page shows ("192.168.122.45" or why none), for tests. */
const char *domus_nic_addresses_get_text  (DomusNicAddresses *self);

G_END_DECLS
