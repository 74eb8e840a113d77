/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The boot order of a DomusDomainDetails by device: which disks, CD-ROMs,
 * NICs and host devices the guest boots from, in which order, written as
 * each device's <boot order='N'/>. A legacy <os><boot dev=…> list is read
 * as the first device of each kind and converted when the order is
 * changed (libvirt refuses both at once). Pure data, no libvirt call.
 */
#pragma once

#include "domus-domain-details.h"

G_BEGIN_DECLS

typedef struct {
    DomusDeviceKind kind;       /* DISK, INTERFACE or HOSTDEV */
    guint index;                /* among the devices of its kind */
    guint order;                /* 1, 2, … ; 0: the guest does not boot from it */
} DomusBootDevice;

/* The devices a guest can boot from: those it boots from first, in their
 * order, then the others in document order. An array of DomusBootDevice. */
GArray   *domus_domain_details_get_boot_devices (DomusDomainDetails *self);
/* Boots from the DEVICES whose order is not 0, in the array's order (the
 * numbers themselves are ignored), and from no other device: each gets
 * <boot order='N'/> (1, 2, …), the others lose theirs and <os><boot dev=…>
 * goes. Nothing changes when the guest already boots so. */
void      domus_domain_details_set_boot_devices (DomusDomainDetails *self,
                                                 const DomusBootDevice *devices,
                                                 guint n_devices);
/* "disk:0,interface:1": the DEVICES whose order is not 0, in the array's
 * order (to compare two orders). */
char     *domus_boot_devices_to_string          (const DomusBootDevice *devices,
                                                 guint n_devices);
/* The devices of such a string, numbered 1, 2, … in its order; NULL for a
 * malformed one. */
GArray   *domus_boot_devices_from_string        (const char *text);

G_END_DECLS
