/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where Domus finds its data (the demo host) and translations: installed, in
 * the source and build trees when run from the build directory, or where
 * $DOMUS_DATADIR says.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char       *domus_get_data_dir       (void);
const char *domus_get_locale_dir     (void);
char       *domus_get_demo_host_uri  (GError **error);

G_END_DECLS
