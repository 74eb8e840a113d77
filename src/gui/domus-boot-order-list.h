/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusBootOrderList: the Boot page's list of the devices a guest can boot
 * from (disks, CD-ROMs, NICs, host devices), each with a check box (boot
 * from it or not), reordered with Move Up / Move Down (Alt+Up / Alt+Down
 * on a row) or by dragging a row. Its value is the order as core writes
 * it (domus_boot_devices_to_string); it never touches the document itself.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-domain-details.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_BOOT_ORDER_LIST (domus_boot_order_list_get_type ())
G_DECLARE_FINAL_TYPE (DomusBootOrderList, domus_boot_order_list, DOMUS, BOOT_ORDER_LIST, GtkBox)

GtkWidget *domus_boot_order_list_new       (DomusDomainDetails *details);
/* "disk:0,interface:0": the ticked devices in the list's order. */
char      *domus_boot_order_list_get_value (DomusBootOrderList *self);
/* The list itself, for a label's mnemonic. */
GtkWidget *domus_boot_order_list_get_list  (DomusBootOrderList *self);
/* Moves the selected row by DELTA (-1 up, +1 down); FALSE at an end. */
gboolean   domus_boot_order_list_move      (DomusBootOrderList *self,
                                            int delta);

/* Signal "changed": a device was ticked, unticked or moved. */

G_END_DECLS
