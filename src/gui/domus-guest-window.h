/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusGuestWindow: one guest's window, with its screen (a DomusConsole of
 * the guest's graphics type) and its serial console page. It asks core how
 * to reach the consoles and hands them the answer. It makes no libvirt
 * call and never waits: every step is asynchronous.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-application.h"
#include "domus-connection.h"
#include "domus-console.h"
#include "domus-serial-console.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_GUEST_WINDOW (domus_guest_window_get_type ())
G_DECLARE_FINAL_TYPE (DomusGuestWindow, domus_guest_window, DOMUS, GUEST_WINDOW,
                      GtkApplicationWindow)

/* The guest's window: the open one, presented, or a new one. */
DomusGuestWindow  *domus_guest_window_present         (DomusApplication *app,
                                                       DomusConnection *conn,
                                                       DomusDomain *domain);
/* Opens NAME's window on CONN as soon as the host lists it (the host may
 * still be connecting). */
void               domus_guest_window_open_when_listed (DomusApplication *app,
                                                        DomusConnection *conn,
                                                        const char *name);

DomusDomain       *domus_guest_window_get_domain      (DomusGuestWindow *self);
/* The graphical console, and the serial page (a DomusConsoleSerial). */
DomusConsole      *domus_guest_window_get_console     (DomusGuestWindow *self);
DomusConsole      *domus_guest_window_get_serial      (DomusGuestWindow *self);
/* The graphical console's state and message (domus_console_get_*). */
DomusConsoleState  domus_guest_window_get_console_state (DomusGuestWindow *self);
/* The text of the page shown instead of the screen (why not, or "not running"). */
const char        *domus_guest_window_get_message     (DomusGuestWindow *self);
/* The guest's screen (gtk-vnc's VncDisplay for a VNC guest). */
GtkWidget         *domus_guest_window_get_display     (DomusGuestWindow *self);
/* The serial console's terminal, or NULL when the guest has none. */
GtkWidget         *domus_guest_window_get_terminal    (DomusGuestWindow *self);
gboolean           domus_guest_window_get_serial_open (DomusGuestWindow *self);
/* What feeds that terminal ("received" carries the guest's bytes), or NULL. */
DomusSerialConsole *domus_guest_window_get_serial_console (DomusGuestWindow *self);
/* The guest's screen as a PNG file. */
gboolean           domus_guest_window_save_screenshot (DomusGuestWindow *self,
                                                       const char *path,
                                                       GError **error);

G_END_DECLS
