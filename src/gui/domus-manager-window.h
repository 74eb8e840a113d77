/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusManagerWindow: the main window, a tree of hosts and their guests.
 * It reads DomusConnection and DomusDomain objects and listens to their
 * signals; it never calls libvirt.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-application.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_MANAGER_WINDOW (domus_manager_window_get_type ())
G_DECLARE_FINAL_TYPE (DomusManagerWindow, domus_manager_window, DOMUS, MANAGER_WINDOW,
                      GtkApplicationWindow)

DomusManagerWindow *domus_manager_window_new            (DomusApplication *app);
GtkTreeView        *domus_manager_window_get_tree_view  (DomusManagerWindow *self);

/* A passing message above the list ("Paused 12 guests"), for 10 s or until
 * closed; the text shown now, or NULL. */
void        domus_manager_window_notify           (DomusManagerWindow *self,
                                                   const char *text);
const char *domus_manager_window_get_notification (DomusManagerWindow *self);

G_END_DECLS
