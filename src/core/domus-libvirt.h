/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Process-wide libvirt set-up: libvirt's event loop on the GLib main loop,
 * SIGPIPE ignored (a dead host fails a call, it does not end the process),
 * and libvirt's default error printer silenced (errors reach the user as
 * GErrors instead). Call once, on the main thread, before any connection.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void domus_libvirt_init (void);

G_END_DECLS
