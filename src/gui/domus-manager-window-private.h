/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared between the manager window, its actions file and its cells file.
 */
#pragma once

#include <string.h>

#include "domus-guest-actions.h"
#include "domus-manager-window.h"

G_BEGIN_DECLS

/* The selected guest and its host, when exactly one row is selected and it
 * is a guest; NULL otherwise. Borrowed references. */
DomusDomain *domus_manager_window_get_selected_domain  (DomusManagerWindow *self,
                                                        DomusConnection **conn);
/* The selected host, when exactly one row is selected and it is a host. */
DomusConnection *domus_manager_window_get_selected_host (DomusManagerWindow *self);
/* Every selected guest with its host (DomusGuestRef), across hosts. */
GPtrArray   *domus_manager_window_get_selected_guests  (DomusManagerWindow *self);
gboolean     domus_manager_window_is_guest_selected    (DomusManagerWindow *self,
                                                        DomusDomain *domain);
GSettings   *domus_manager_window_get_settings         (DomusManagerWindow *self);

void         domus_manager_window_class_bind_guest_actions (GtkWidgetClass *widget_class);
void         domus_manager_window_add_guest_actions    (DomusManagerWindow *self);
void         domus_manager_window_update_guest_actions (DomusManagerWindow *self);
/* In the actions file: the selection changed / a guest's property did. */
void         domus_manager_window_selection_changed    (DomusManagerWindow *self);
void         domus_manager_window_guest_changed        (DomusManagerWindow *self,
                                                        DomusDomain *domain,
                                                        GParamSpec *pspec);

/* In the cells file: the list's GtkTreeCellDataFuncs (the graph columns'
 * user data is the DomusGuestStat, as GINT_TO_POINTER). */
void         domus_manager_window_icon_cell_data       (GtkTreeViewColumn *column,
                                                        GtkCellRenderer *cell,
                                                        GtkTreeModel *model,
                                                        GtkTreeIter *iter,
                                                        gpointer user_data);
void         domus_manager_window_name_cell_data       (GtkTreeViewColumn *column,
                                                        GtkCellRenderer *cell,
                                                        GtkTreeModel *model,
                                                        GtkTreeIter *iter,
                                                        gpointer user_data);
void         domus_manager_window_snapshots_cell_data  (GtkTreeViewColumn *column,
                                                        GtkCellRenderer *cell,
                                                        GtkTreeModel *model,
                                                        GtkTreeIter *iter,
                                                        gpointer user_data);
void         domus_manager_window_state_cell_data      (GtkTreeViewColumn *column,
                                                        GtkCellRenderer *cell,
                                                        GtkTreeModel *model,
                                                        GtkTreeIter *iter,
                                                        gpointer user_data);
void         domus_manager_window_stat_cell_data       (GtkTreeViewColumn *column,
                                                        GtkCellRenderer *cell,
                                                        GtkTreeModel *model,
                                                        GtkTreeIter *iter,
                                                        gpointer user_data);

G_END_DECLS
