/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Whether a disk source a user typed exists on the host: looked up as a
 * storage volume after the pools that hold its directory are refreshed, on
 * the host's worker. A path in no pool cannot be checked through libvirt:
 * that is said as a warning, not a refusal.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"

G_BEGIN_DECLS

typedef enum {
    DOMUS_PATH_FOUND,           /* a volume of a pool */
    DOMUS_PATH_MISSING,         /* in a pool's directory, and no such volume */
    DOMUS_PATH_UNCHECKED,       /* in no pool: libvirt cannot say */
} DomusPathState;

/* Checks @source: an absolute path, or "pool/volume" as a disk of type
 * volume names it. @host_name is what the messages call the host. */
void            domus_storage_check_path_async  (DomusConnection *conn,
                                                 const char *source,
                                                 const char *host_name,
                                                 GCancellable *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer user_data);
/* What was found; @message says it for the user (NULL when found). */
DomusPathState  domus_storage_check_path_finish (DomusConnection *conn,
                                                 GAsyncResult *result,
                                                 char **message,
                                                 GError **error);

G_END_DECLS
