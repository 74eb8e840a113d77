/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The storage calls themselves, for other worker jobs of core (the guest
 * create job makes and, on failure, removes its new disk; the clone job
 * reads and copies volumes). Worker thread only: they call libvirt
 * directly, apart from domus_storage_volume_xml().
 */
#pragma once

#include <libvirt/libvirt.h>

#include "domus-storage.h"

G_BEGIN_DECLS

DomusPoolInfo   *domus_storage_read_pool         (virStoragePoolPtr pool);
DomusVolumeInfo *domus_storage_read_volume       (virStoragePoolPtr pool,
                                                  virStorageVolPtr vol);
/* A new volume's XML (libxml2): FORMAT NULL for the pool's own (a block
 * pool's formats are partition types, not disk image formats). */
char            *domus_storage_volume_xml        (const char *name,
                                                  const char *format,
                                                  guint64 capacity,
                                                  guint64 allocation);

/* The new volume's path, or NULL with libvirt's message. */
char     *domus_storage_create_volume_on (virConnectPtr conn,
                                          const char *pool,
                                          const char *name,
                                          const char *format,
                                          guint64 capacity,
                                          GError **error);
gboolean  domus_storage_delete_volume_on (virConnectPtr conn,
                                          const char *pool,
                                          const char *name,
                                          GError **error);

G_END_DECLS
