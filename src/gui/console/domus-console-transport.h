/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusConsoleTransport: the way to a guest's graphical display that core's
 * console target chose, made real: libvirt's fd as it is, one
 * `ssh host -W listen:port` with its stdio on a socket pair (its stderr
 * kept, to say why it failed), or a socket connected with GSocketClient.
 * Any protocol reads the fd it gives. GIO only, asynchronous, main thread.
 */
#pragma once

#include <gio/gio.h>

#include "domus-domain-console.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_CONSOLE_TRANSPORT (domus_console_transport_get_type ())
G_DECLARE_FINAL_TYPE (DomusConsoleTransport, domus_console_transport, DOMUS,
                      CONSOLE_TRANSPORT, GObject)

DomusConsoleTransport *domus_console_transport_new           (void);
/* Reaches the display as TARGET says (its fd is taken). The error's message
 * says why not; where libvirt gave no fd, its reason (TARGET's fd_error)
 * is the caller's to show beside it. */
void                   domus_console_transport_open_async    (DomusConsoleTransport *self,
                                                              DomusDomainConsole *target,
                                                              GCancellable *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer user_data);
/* The connection's fd, the caller's to close; -1 on error. */
int                    domus_console_transport_open_finish   (DomusConsoleTransport *self,
                                                              GAsyncResult *result,
                                                              GError **error);
/* The display closed before it showed anything: what the tunnel said about
 * it, once it has said all (ssh is ended first), or NULL. */
void                   domus_console_transport_explain_async (DomusConsoleTransport *self,
                                                              GCancellable *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer user_data);
char                  *domus_console_transport_explain_finish (DomusConsoleTransport *self,
                                                               GAsyncResult *result);
/* Ends the tunnel, if any. */
void                   domus_console_transport_close         (DomusConsoleTransport *self);

G_END_DECLS
