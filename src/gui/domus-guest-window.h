/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusGuestWindow: one guest's window, with its screen (gtk-vnc) and its
 * serial console (VTE). It asks core how to reach the display and opens it
 * as told: libvirt's fd, an SSH tunnel, or the listen address. It makes no
 * libvirt call and never waits: every step is asynchronous.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-application.h"
#include "domus-connection.h"
#include "domus-serial-console.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_GUEST_WINDOW (domus_guest_window_get_type ())
G_DECLARE_FINAL_TYPE (DomusGuestWindow, domus_guest_window, DOMUS, GUEST_WINDOW,
                      GtkApplicationWindow)

typedef enum {
    DOMUS_CONSOLE_STATE_IDLE,         /* guest not running */
    DOMUS_CONSOLE_STATE_CONNECTING,
    DOMUS_CONSOLE_STATE_CONNECTED,    /* the guest's screen is shown */
    DOMUS_CONSOLE_STATE_FAILED,       /* see domus_guest_window_get_message() */
} DomusConsoleState;

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
DomusConsoleState  domus_guest_window_get_console_state (DomusGuestWindow *self);
/* The text of the page shown instead of the screen (why not, or "not running"). */
const char        *domus_guest_window_get_message     (DomusGuestWindow *self);
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
