/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What DomusConsole offers the consoles that derive from it: their content
 * in its page, the state and status they report, and the display's events
 * it turns into messages, passwords and reconnection. Private to
 * src/gui/console/.
 */
#pragma once

#include "domus-console.h"

G_BEGIN_DECLS

/* CONTENT is shown once there is something to see; SCREEN (inside it, or
 * NULL) is what gets the guest's keys. */
void          domus_console_set_content      (DomusConsole *self,
                                              GtkWidget *content,
                                              GtkWidget *screen);
void          domus_console_show_content     (DomusConsole *self);
void          domus_console_set_state        (DomusConsole *self,
                                              DomusConsoleState state);

/* The display's events. */
/* It shows the guest. */
void          domus_console_display_ready    (DomusConsole *self);
/* Its connection ended, not by our hand. */
void          domus_console_display_closed   (DomusConsole *self);
/* Why it would end (the protocol's words), said if it does. */
void          domus_console_display_error    (DomusConsole *self,
                                              const char *message);
/* It wants a password: the keyring's, once, then the user's. */
void          domus_console_ask_password     (DomusConsole *self);
/* It refused the password for REASON: forgotten, and asked again. */
void          domus_console_password_refused (DomusConsole *self,
                                              const char *reason);
void          domus_console_set_grabbed      (DomusConsole *self,
                                              gboolean grabbed);

G_END_DECLS
