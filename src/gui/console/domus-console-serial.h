/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusConsoleSerial: the guest window's Serial Console page, a VTE
 * terminal fed by core's DomusSerialConsole (virDomainOpenConsole), its
 * keystrokes sent back to the guest.
 */
#pragma once

#include "domus-console.h"
#include "domus-serial-console.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_CONSOLE_SERIAL (domus_console_serial_get_type ())
G_DECLARE_FINAL_TYPE (DomusConsoleSerial, domus_console_serial, DOMUS, CONSOLE_SERIAL,
                      DomusConsole)

/* The terminal, or NULL until a serial device was found. */
GtkWidget          *domus_console_serial_get_terminal (DomusConsoleSerial *self);
/* What feeds it ("received" carries the guest's bytes), or NULL. */
DomusSerialConsole *domus_console_serial_get_stream   (DomusConsoleSerial *self);
gboolean            domus_console_serial_is_open      (DomusConsoleSerial *self);

G_END_DECLS
