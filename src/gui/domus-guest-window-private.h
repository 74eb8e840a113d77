/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the guest window shares with its actions file: the instance struct
 * and a few helpers. Private to src/gui/domus-guest-window*.c.
 */
#pragma once

#include <gtk-vnc.h>

#include "domus-guest-window.h"
#include "domus-serial-console.h"

G_BEGIN_DECLS

struct _DomusGuestWindow {
    GtkApplicationWindow parent_instance;

    DomusConnection *conn;
    DomusDomain *domain;
    GSettings *settings;
    GCancellable *cancellable;       /* this attempt's lookups and sockets */

    DomusConsoleState console_state;
    char *message;
    char *last_error;                /* gtk-vnc's, or how the fallback failed */
    char *auth_failure;              /* the password was refused: why */
    gboolean was_initialized;        /* this attempt showed the screen */
    gboolean closing;                /* we closed the display ourselves */
    gboolean asked_keyring;
    guint reconnect_id;
    DomusDomainState last_state;

    GSubprocess *tunnel;
    GString *tunnel_stderr;
    gboolean tunnel_eof;             /* all of ssh's stderr is read */
    gboolean tunnel_failed;          /* the display closed before that */

    DomusSerialConsole *serial;
    GtkWidget *terminal;

    VncDisplay *display;

    /* template */
    GtkHeaderBar *header_bar;
    GtkStack *pages;
    GtkStack *console_stack;
    GtkScrolledWindow *scroller;
    GtkSpinner *spinner;
    GtkLabel *message_title;
    GtkLabel *message_label;
    GtkWidget *start_button;
    GtkRevealer *fullscreen_toolbar;
    GtkBox *serial_box;
    GtkLabel *serial_status;
    GtkLabel *status_label;
    GtkWidget *grab_hint;
    GtkInfoBar *password_bar;
    GtkLabel *password_label;
    GtkEntry *password_entry;
    GtkToggleButton *remember_check;
    GtkWidget *menu_button;
    GMenu *function_keys_section;
};

void domus_guest_window_show_message     (DomusGuestWindow *self,
                                          const char *title,
                                          const char *text,
                                          gboolean busy,
                                          gboolean start);
/* domus-guest-window-actions.c */
void domus_guest_window_add_actions      (DomusGuestWindow *self);
void domus_guest_window_update_actions   (DomusGuestWindow *self);
void domus_guest_window_refresh_flags    (DomusGuestWindow *self);
void domus_guest_window_restore_scaling  (DomusGuestWindow *self);

G_END_DECLS
