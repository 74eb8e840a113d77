/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusNewNetworkDialog: New Network for one host. The kind, bridge or host
 * interface, IPv4/IPv6 subnets with DHCP ranges, fixed addresses and DNS
 * domain, checked as they are typed against the host's networks and
 * interfaces; Create defines and starts it (core's create job) and the
 * dialog closes, or stays with libvirt's words when it refuses.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_NEW_NETWORK_DIALOG (domus_new_network_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DomusNewNetworkDialog, domus_new_network_dialog, DOMUS,
                      NEW_NETWORK_DIALOG, GtkDialog)

/* @networks (DomusNetworkInfo) and @interfaces (DomusHostInterface, may be
 * NULL) are copied: what the defaults and checks avoid. */
DomusNewNetworkDialog *domus_new_network_dialog_new (GtkWindow *parent,
                                                     DomusConnection *conn,
                                                     GPtrArray *networks,
                                                     GPtrArray *interfaces);

G_END_DECLS
