/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusNetworksPage: the Networks page of the host window. It lists the
 * host's virtual networks (kept right by libvirt's events), starts, stops,
 * deletes and creates them, and shows the selected network's DHCP leases
 * and the host's interfaces. Every libvirt call is a core job.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_NETWORKS_PAGE (domus_networks_page_get_type ())
G_DECLARE_FINAL_TYPE (DomusNetworksPage, domus_networks_page, DOMUS, NETWORKS_PAGE, GtkBox)

DomusNetworksPage *domus_networks_page_new (DomusConnection *conn);

G_END_DECLS
