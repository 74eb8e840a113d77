/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusHostWindow: one host's overview (name, hypervisor and libvirt
 * versions, processor, memory) with large CPU and memory graphs. It reads
 * the connection's host info and poller; it makes no libvirt call. Escape
 * and Ctrl+W (win.close) close it.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_HOST_WINDOW (domus_host_window_get_type ())
G_DECLARE_FINAL_TYPE (DomusHostWindow, domus_host_window, DOMUS, HOST_WINDOW,
                      GtkApplicationWindow)

/* The host's window, created on first use; one per connection. */
DomusHostWindow *domus_host_window_get_for_connection (DomusConnection *conn,
                                                       GtkWindow *parent);

G_END_DECLS
