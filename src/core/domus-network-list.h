/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusNetworkList: a host's virtual networks, kept right by libvirt's
 * network events (and read again when the host connects). A page shows it;
 * it reads on the host's worker and changes on the main thread only.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"
#include "domus-network.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_NETWORK_LIST (domus_network_list_get_type ())
G_DECLARE_FINAL_TYPE (DomusNetworkList, domus_network_list, DOMUS, NETWORK_LIST, GObject)

DomusNetworkList       *domus_network_list_new           (DomusConnection *conn);
DomusConnection        *domus_network_list_get_connection (DomusNetworkList *self);
/* DomusNetworkInfo by name; empty until the first read has come back. */
GPtrArray              *domus_network_list_get_networks  (DomusNetworkList *self);
const DomusNetworkInfo *domus_network_list_lookup        (DomusNetworkList *self,
                                                          const char *name);
/* Why the last read failed, or NULL. */
const char             *domus_network_list_get_error     (DomusNetworkList *self);
/* Reads the list again (events do it by themselves). */
void                    domus_network_list_refresh       (DomusNetworkList *self);
/* Whether a read is under way or queued. */
gboolean                domus_network_list_is_loading    (DomusNetworkList *self);

/* Signal "changed": the list (or its error) was read anew. */

G_END_DECLS
