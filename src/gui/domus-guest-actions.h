/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest actions, for any window that shows guests (the manager window,
 * the guest window): given the chosen guests and their hosts, ask where
 * something can be lost, run the action on every guest at once on its
 * host's worker, show each guest's progress as its activity, then one
 * summary of what failed. No libvirt here: everything goes through core.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"
#include "domus-domain.h"

G_BEGIN_DECLS

/* The first values are DomusDomainAction's, in the same order. */
typedef enum {
    DOMUS_GUEST_ACTION_START,
    DOMUS_GUEST_ACTION_PAUSE,
    DOMUS_GUEST_ACTION_RESUME,
    DOMUS_GUEST_ACTION_SHUTDOWN,
    DOMUS_GUEST_ACTION_REBOOT,
    DOMUS_GUEST_ACTION_RESET,
    DOMUS_GUEST_ACTION_FORCE_OFF,
    DOMUS_GUEST_ACTION_REMOVE_SAVED_STATE,
    DOMUS_GUEST_ACTION_SAVE,
    DOMUS_GUEST_ACTION_DELETE,
    DOMUS_N_GUEST_ACTIONS
} DomusGuestAction;

/* A guest and its host; what the functions below take, in a GPtrArray. */
typedef struct {
    DomusConnection *conn;
    DomusDomain *domain;
} DomusGuestRef;

DomusGuestRef *domus_guest_ref_new            (DomusConnection *conn,
                                               DomusDomain *domain);
void           domus_guest_ref_free           (DomusGuestRef *ref);
/* A GPtrArray that frees its DomusGuestRefs. */
GPtrArray     *domus_guest_ref_array_new      (void);

/* Where a window shows a passing message: a run over several guests that
 * all succeed says so through it ("Paused 12 guests"). Failures still get
 * their dialog. */
typedef void (*DomusGuestNotifyFunc) (const char *text, gpointer user_data);
void           domus_guest_actions_set_notify_func (GtkWindow *window,
                                                    DomusGuestNotifyFunc func,
                                                    gpointer user_data);
/* Shows TEXT where WINDOW shows passing messages, if it has such a place. */
void           domus_guest_actions_notify     (GtkWindow *window,
                                               const char *text);

/* The GAction name ("start", "force-off", "delete"…). */
const char    *domus_guest_action_get_name    (DomusGuestAction action);
/* TRUE when GUESTS is not empty, every host is connected and the action
 * applies to every guest's state. */
gboolean       domus_guest_action_applies     (DomusGuestAction action,
                                               GPtrArray *guests);

/* Runs ACTION on GUESTS (DomusGuestRef), after the confirmation SETTINGS
 * asks for. Dialogs are transient for PARENT; closing PARENT cancels what
 * has not finished. A Shut Down that the guest ignores offers Force Off
 * after SETTINGS' shutdown-timeout. */
void           domus_guest_actions_run        (GtkWindow *parent,
                                               GSettings *settings,
                                               DomusGuestAction action,
                                               GPtrArray *guests);
/* Start for GUESTS that all have a saved state: libvirt's start restores
 * it; the rows say "Restoring…" and the summary "Restored". */
void           domus_guest_actions_restore    (GtkWindow *parent,
                                               GSettings *settings,
                                               GPtrArray *guests);
/* Sets or clears autostart on every guest of GUESTS. */
void           domus_guest_actions_set_autostart (GtkWindow *parent,
                                                  GPtrArray *guests,
                                                  gboolean autostart);
/* Whether a Save runs on every guest of GUESTS, and stopping them (the
 * guests keep running; libvirt's job is aborted). */
gboolean       domus_guest_actions_can_cancel (GPtrArray *guests);
void           domus_guest_actions_cancel     (GPtrArray *guests);
/* The guests an action of a window applies to: a new array of
 * DomusGuestRef (the selection, or the guest the window shows). */
typedef GPtrArray *(*DomusGuestsFunc) (gpointer user_data);

/* Adds every guest action to MAP as a GAction named as
 * domus_guest_action_get_name() says, plus "restore" (enabled instead of
 * "start" where every guest has a saved state), "cancel-save", "clone"
 * (one shut-off or paused guest: the Clone dialog) and the stateful
 * "autostart"; they act on what GET_GUESTS returns, with WINDOW as the
 * parent of their dialogs and its application's settings. */
void           domus_guest_actions_add_to_map (GActionMap *map,
                                               GtkWindow *window,
                                               DomusGuestsFunc get_guests,
                                               gpointer user_data);
/* Enables MAP's guest actions where they apply to GUESTS; call it when the
 * guests or their states change. */
void           domus_guest_actions_update_map (GActionMap *map,
                                               GPtrArray *guests);
/* Reads has-managed-save and autostart of GUESTS from their hosts. */
void           domus_guest_actions_refresh_flags (GPtrArray *guests,
                                                  GCancellable *cancellable);

G_END_DECLS
