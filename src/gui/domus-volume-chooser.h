/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusVolumeChooser: the "Browse…" dialog of a disk's source. The host's
 * pools on the left, the selected pool's volumes on the right, read
 * through the storage core on the host's worker; Choose (or activating a
 * volume) answers GTK_RESPONSE_ACCEPT with the volume's path.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_VOLUME_CHOOSER (domus_volume_chooser_get_type ())
G_DECLARE_FINAL_TYPE (DomusVolumeChooser, domus_volume_chooser, DOMUS, VOLUME_CHOOSER, GtkDialog)

GtkWidget  *domus_volume_chooser_new      (GtkWindow *parent,
                                           DomusConnection *conn);
/* The chosen volume's path, or NULL. */
const char *domus_volume_chooser_get_path (DomusVolumeChooser *self);
/* Whether it is still reading (for tests). */
gboolean    domus_volume_chooser_get_busy (DomusVolumeChooser *self);

G_END_DECLS
