/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The storage calls themselves, for other worker jobs of core (the guest
 * create job makes and, on failure, removes its new disk). Worker thread
 * only: they call libvirt directly.
 */
#pragma once

#include <libvirt/libvirt.h>

#include "domus-storage.h"

G_BEGIN_DECLS

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
