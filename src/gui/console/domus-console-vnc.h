/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusConsoleVnc: a guest's VNC display, shown with gtk-vnc's VncDisplay
 * on the connection DomusConsole reached. Registered for libvirt's
 * <graphics type='vnc'>.
 */
#pragma once

#include "domus-console.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_CONSOLE_VNC (domus_console_vnc_get_type ())
G_DECLARE_FINAL_TYPE (DomusConsoleVnc, domus_console_vnc, DOMUS, CONSOLE_VNC, DomusConsole)

G_END_DECLS
