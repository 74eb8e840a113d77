/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared between the manager window and its actions file.
 */
#pragma once

#include <string.h>

#include "domus-manager-window.h"

G_BEGIN_DECLS

/* The selected guest and its host, or NULL when a host row or nothing is
 * selected. Borrowed references. */
DomusDomain *domus_manager_window_get_selected_domain  (DomusManagerWindow *self,
                                                        DomusConnection **conn);
DomusConnection *domus_manager_window_get_selected_host (DomusManagerWindow *self);
GSettings   *domus_manager_window_get_settings         (DomusManagerWindow *self);

void         domus_manager_window_add_guest_actions    (DomusManagerWindow *self);
void         domus_manager_window_update_guest_actions (DomusManagerWindow *self);

G_END_DECLS
