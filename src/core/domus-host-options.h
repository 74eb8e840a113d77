/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a host offers a new guest (architectures, UEFI, networks, host
 * interfaces, the disks its guests use), read on the host's worker for the
 * New Virtual Machine assistant.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"

G_BEGIN_DECLS

typedef struct {
    GPtrArray *arches;          /* char *: guest architectures, the host's own first */
    GPtrArray *domain_types;    /* char *: the best domain type for each arch */
    gboolean uefi;              /* the first arch can boot UEFI firmware */
    GPtrArray *networks;        /* char *: virtual networks */
    char *default_network;      /* the one a new guest joins: "default", else the
                                 * first NAT network, else the first; NULL: none */
    GPtrArray *interfaces;      /* char *: host interfaces (bridges, NICs) */
    GHashTable *disk_users;     /* disk path -> GPtrArray of the names of the guests
                                 * using it: a new guest that shares one is warned */
} DomusHostOptions;

void              domus_host_options_free   (DomusHostOptions *options);
void              domus_host_options_async  (DomusConnection *conn,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data);
DomusHostOptions *domus_host_options_finish (DomusConnection *conn,
                                             GAsyncResult *result,
                                             GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusHostOptions, domus_host_options_free)

G_END_DECLS
