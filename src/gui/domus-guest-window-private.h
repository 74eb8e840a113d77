/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the guest window shares with its actions file: the instance struct
 * and a few helpers. Private to src/gui/domus-guest-window*.c.
 */
#pragma once

#include "domus-console.h"
#include "domus-console-serial.h"
#include "domus-guest-window.h"
#include "domus-snapshots-page.h"

G_BEGIN_DECLS

struct _DomusGuestWindow {
    GtkApplicationWindow parent_instance;

    DomusConnection *conn;
    DomusDomain *domain;
    GSettings *settings;
    GCancellable *cancellable;       /* this attempt's target lookup */
    DomusDomainState last_state;

    DomusConsole *console;           /* the graphical one, in the overlay */
    DomusConsoleSerial *serial;      /* the Serial Console page */
    DomusSnapshotsPage *snapshots;   /* the Snapshots page */

    /* template */
    GtkHeaderBar *header_bar;
    GtkStack *pages;
    GtkOverlay *overlay;
    GtkRevealer *fullscreen_toolbar;
    GtkLabel *status_label;
    GtkWidget *grab_hint;
    GtkWidget *menu_button;
    GMenu *function_keys_section;
};

/* domus-guest-window-actions.c */
void domus_guest_window_add_actions      (DomusGuestWindow *self);
void domus_guest_window_update_actions   (DomusGuestWindow *self);
void domus_guest_window_refresh_flags    (DomusGuestWindow *self);
void domus_guest_window_restore_scaling  (DomusGuestWindow *self);

G_END_DECLS
