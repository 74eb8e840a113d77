/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tooltips that name their button's shortcut ("Start the selected guests
 * (Ctrl+R)"). The shortcut is read from the application's accelerator
 * table each time the tooltip shows, so a tooltip never names a key that
 * does something else. Widgets only; no state of its own.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* WIDGET's tooltip ends with the first shortcut of ACTION ("win.start"), or
 * of its own action when ACTION is NULL (a GtkActionable). */
void  domus_accel_tooltip_add      (GtkWidget *widget,
                                    const char *action);
/* Every actionable widget under ROOT (itself included) that has a tooltip. */
void  domus_accel_tooltip_add_all  (GtkWidget *root);
/* What WIDGET's tooltip says now; NULL when it has none. */
char *domus_accel_tooltip_get_text (GtkWidget *widget);

G_END_DECLS
