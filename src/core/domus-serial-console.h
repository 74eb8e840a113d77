/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusSerialConsole: a guest's serial console (virDomainOpenConsole) as a
 * byte pipe for the guest window's terminal. The console is opened, written
 * and closed on the host's worker; what the guest prints arrives through a
 * non-blocking stream watched on the GLib main loop (libvirt-glib's event
 * loop), so the main thread never waits on the host.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_SERIAL_CONSOLE (domus_serial_console_get_type ())
G_DECLARE_FINAL_TYPE (DomusSerialConsole, domus_serial_console, DOMUS, SERIAL_CONSOLE, GObject)

/* Signals: "opened" (), "received" (GBytes *data), "closed" (const char
 * *reason: libvirt's message, or NULL when the guest ended the stream). */
DomusSerialConsole *domus_serial_console_new      (DomusConnection *conn,
                                                   const char *uuid);
/* Opens (again, after a close). Failure arrives as "closed". */
void                domus_serial_console_open     (DomusSerialConsole *self);
gboolean            domus_serial_console_is_open  (DomusSerialConsole *self);
/* Sends keystrokes to the guest, in order, on the worker. */
void                domus_serial_console_send     (DomusSerialConsole *self,
                                                   const char *data,
                                                   gsize len);
void                domus_serial_console_close    (DomusSerialConsole *self);

G_END_DECLS
