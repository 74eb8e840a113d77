/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Whether a guest window's console shows a picture: the luma variance of
 * gtk-vnc's framebuffer. For the real suite's console tests (tests/lib,
 * GTK part).
 */
#pragma once

#include <gtk/gtk.h>
#include <gtk-vnc.h>

#include "domus-guest-window.h"

G_BEGIN_DECLS

/* The luma variance of a screen with any text or picture on it is in the
 * hundreds; an all-black or all-grey one is 0. */
#define VARIANCE_FLOOR 20.0

double   luma_variance    (GdkPixbuf        *pixbuf);
/* Connected, and the screen's variance (set in *VARIANCE) above the floor. */
gboolean screen_not_blank (DomusGuestWindow *window,
                           double           *variance);

G_END_DECLS
