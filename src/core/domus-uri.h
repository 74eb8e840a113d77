/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Connection URIs: the name an admin reads for a libvirt URI. Pure string
 * work, no libvirt call, so it is safe anywhere and unit-tested in core.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *domus_uri_get_display_name (const char *uri);
char *domus_uri_get_hypervisor_name (const char *uri);

G_END_DECLS
