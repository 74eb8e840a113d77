/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where the guests' IP addresses (core's DomusGuestAddresses) show: a
 * tooltip on the guest rows of the manager window's list, and a label in
 * the guest window's status bar. Helpers, not types: they hold the host's
 * DomusGuestAddresses for as long as their widget lives.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"

G_BEGIN_DECLS

/* Guest rows of @view (a DomusGuestTree's model) get a tooltip with the
 * guest's addresses while it runs. */
void       domus_guest_address_tooltip_attach (GtkTreeView *view);

/* A label that says "IP: 192.168.100.23" while @domain has an address
 * known, and hides otherwise. */
GtkWidget *domus_guest_address_label_new      (DomusConnection *conn,
                                               DomusDomain *domain);

G_END_DECLS
