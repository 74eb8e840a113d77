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
    DOMUS_DOMAIN_ACTION_REMOVE_SAVED_STATE,  /* virDomainManagedSaveRemove */
    DOMUS_N_DOMAIN_ACTIONS                   /* how many: not an action */
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

/* Like domus_domain_action_applies(), also weighing what the guest has
 * (a managed save image, for Remove Saved State). */
gboolean domus_domain_action_applies_to (DomusDomainAction action,
                                         DomusDomain *domain);

/* Reads whether the guest has a managed save image and starts with the
 * host, and sets DomusDomain:has-managed-save and :autostart on the main
 * thread, on the guest the host lists under that UUID by then (none if it
 * went away). */
void     domus_domain_refresh_flags_async  (DomusConnection *conn,
                                            DomusDomain *domain,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer user_data);
gboolean domus_domain_refresh_flags_finish (DomusConnection *conn,
                                            GAsyncResult *result,
                                            GError **error);

/* virDomainSetAutostart; DomusDomain:autostart follows on success (if the
 * host still lists the guest). */
void     domus_domain_set_autostart_async  (DomusConnection *conn,
                                            DomusDomain *domain,
                                            gboolean autostart,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer user_data);
gboolean domus_domain_set_autostart_finish (DomusConnection *conn,
                                            GAsyncResult *result,
                                            GError **error);

G_END_DECLS
