/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusConnection: one libvirt host. It owns a worker thread on which every
 * libvirt call for this host runs, in order; results come back to the main
 * context as plain data and update the connection and its DomusDomain list
 * there. No method of this object ever waits on the host.
 */
#pragma once

#include <gio/gio.h>

#include "domus-core-enums.h"
#include "domus-domain.h"
#include "domus-poller.h"

G_BEGIN_DECLS

typedef enum {
    DOMUS_CONNECTION_STATE_DISCONNECTED,
    DOMUS_CONNECTION_STATE_CONNECTING,
    DOMUS_CONNECTION_STATE_CONNECTED,
    DOMUS_CONNECTION_STATE_NOT_RESPONDING,
    DOMUS_CONNECTION_STATE_FAILED,
} DomusConnectionState;

/* What a host is, read once per connection. */
typedef struct {
    char *hostname;
    char *hypervisor;           /* libvirt's driver name: "QEMU", "Test"… */
    char *hypervisor_version;   /* "7.2.0", or NULL when the driver has none */
    char *libvirt_version;      /* of the daemon (or library) serving the host */
    char *cpu_model;
    guint cpus;
    guint mhz;
    guint64 memory_kib;
} DomusHostInfo;

#define DOMUS_TYPE_CONNECTION (domus_connection_get_type ())
G_DECLARE_FINAL_TYPE (DomusConnection, domus_connection, DOMUS, CONNECTION, GObject)

DomusConnection      *domus_connection_new                (const char *uri);

const char           *domus_connection_get_uri            (DomusConnection *self);
const char           *domus_connection_get_display_name   (DomusConnection *self);
void                  domus_connection_set_display_name   (DomusConnection *self,
                                                           const char *name);
DomusConnectionState  domus_connection_get_state          (DomusConnection *self);
const char           *domus_connection_get_error_message  (DomusConnection *self);
GListModel           *domus_connection_get_domains        (DomusConnection *self);
DomusDomain          *domus_connection_lookup_domain      (DomusConnection *self,
                                                           const char *uuid);
/* The guest named NAME (names are unique on a host), or NULL. */
DomusDomain          *domus_connection_find_domain_by_name (DomusConnection *self,
                                                           const char *name);
/* The connection to URI in CONNECTIONS (a GListModel of DomusConnection,
 * such as the application's host list), or NULL; borrowed from the list. */
DomusConnection      *domus_connection_find_by_uri        (GListModel *connections,
                                                           const char *uri);

/* NULL until connected. */
const DomusHostInfo  *domus_connection_get_host_info      (DomusConnection *self);
DomusPoller          *domus_connection_get_poller         (DomusConnection *self);

void                  domus_connection_connect            (DomusConnection *self);
void                  domus_connection_disconnect         (DomusConnection *self);

const char           *domus_connection_state_to_string    (DomusConnectionState state);

/* Signals: "auth-request" (DomusAuthRequest *) while opening; and
 * "domain-event" (DomusDomain *): a libvirt lifecycle event about a listed
 * guest (started, stopped, paused, defined, reverted to a snapshot…), on
 * the main thread after its state was applied; "network-event" (const char
 * *name): a virtual network was defined, started, stopped or undefined;
 * "backups-changed" (const char *uuid): a backup of the guest UUID was
 * made through this connection (and the retention may have removed older
 * ones), or backups were deleted through it (UUID NULL: any guest's), on
 * the main thread. */

G_END_DECLS
