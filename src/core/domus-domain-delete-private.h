/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the delete plan knows about disks, for other worker jobs of core:
 * which guests use which disk (the host options, domus-host-options, warn
 * before a new guest shares one), and a guest's XML as libvirt keeps it
 * (the clone plan). Worker thread only: it calls libvirt directly.
 */
#pragma once

#include <libvirt/libvirt.h>

#include <glib.h>

G_BEGIN_DECLS

/* Path -> GPtrArray of the names of the guests whose disks use it (a
 * <disk type='volume'> by its volume's path), leaving out the guest
 * @except_uuid (NULL: none). */
GHashTable *domus_domain_disk_users_on (virConnectPtr conn,
                                        const char *except_uuid);

/* The XML libvirt keeps for the guest: the inactive one when it is
 * persistent, else the live one. NULL with libvirt's last error set. */
char       *domus_domain_kept_xml      (virDomainPtr dom);

G_END_DECLS
