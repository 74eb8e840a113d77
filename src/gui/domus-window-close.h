/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Closing a window as its close button does, once. GTK 3.24's
 * gtk_window_close() sends the delete event from an idle and remembers only
 * the last idle: asked twice before the first ran (Escape held down, Ctrl+W
 * pressed twice in one beat), the first delete destroys the window and the
 * second idle then runs on a freed window. Widgets only; no state of its own.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Requests that WINDOW close (its delete-event handlers may still keep it
 * open), unless a request is already on its way. */
void  domus_window_close  (GtkWindow *window);

G_END_DECLS
