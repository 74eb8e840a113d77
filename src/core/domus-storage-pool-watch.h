/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusStoragePoolWatch: libvirt's storage pool events of one host
 * (virConnectStoragePoolEventRegisterAny, registered on the host's worker)
 * as a "pool-event" signal on the main thread, for whoever keeps a list of
 * pools right. It registers once the host is connected, again after each
 * reconnection, and deregisters on the worker when disposed.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"

G_BEGIN_DECLS

typedef enum {
    DOMUS_POOL_EVENT_DEFINED,
    DOMUS_POOL_EVENT_UNDEFINED,
    DOMUS_POOL_EVENT_STARTED,
    DOMUS_POOL_EVENT_STOPPED,
    DOMUS_POOL_EVENT_CREATED,
    DOMUS_POOL_EVENT_DELETED,
    DOMUS_POOL_EVENT_REFRESHED,   /* its volumes or free space may have changed */
} DomusPoolEvent;

#define DOMUS_TYPE_STORAGE_POOL_WATCH (domus_storage_pool_watch_get_type ())
G_DECLARE_FINAL_TYPE (DomusStoragePoolWatch, domus_storage_pool_watch, DOMUS,
                      STORAGE_POOL_WATCH, GObject)

DomusStoragePoolWatch *domus_storage_pool_watch_new        (DomusConnection *conn);
/* Whether the events are registered on the host's present connection
 * (FALSE while connecting, or where the driver has no pool events). */
gboolean               domus_storage_pool_watch_is_active (DomusStoragePoolWatch *self);

/* Signals: "pool-event" (const char *pool_name, DomusPoolEvent event);
 * "notify::active". */

G_END_DECLS
