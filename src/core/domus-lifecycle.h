/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The everyday actions on a guest (start, pause, shut down…), run on the
 * host's worker. The result comes back on the main thread; the guest's new
 * state arrives by libvirt's lifecycle event, not from here.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"

G_BEGIN_DECLS

typedef enum {
    DOMUS_DOMAIN_ACTION_START,
    DOMUS_DOMAIN_ACTION_PAUSE,
    DOMUS_DOMAIN_ACTION_RESUME,
    DOMUS_DOMAIN_ACTION_SHUTDOWN,
    DOMUS_DOMAIN_ACTION_REBOOT,
    DOMUS_DOMAIN_ACTION_RESET,
    DOMUS_DOMAIN_ACTION_FORCE_OFF,
    DOMUS_N_DOMAIN_ACTIONS
} DomusDomainAction;

gboolean domus_domain_action_applies (DomusDomainAction action,
                                      DomusDomainState state);

void     domus_domain_action_async   (DomusConnection *conn,
                                      DomusDomain *domain,
                                      DomusDomainAction action,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
gboolean domus_domain_action_finish  (DomusConnection *conn,
                                      GAsyncResult *result,
                                      GError **error);

G_END_DECLS
