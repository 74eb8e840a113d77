/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusNewVolumeDialog: a new volume in one pool, from the Storage page:
 * name, a format the pool can hold, size, preallocation and an optional
 * backing volume (qcow2), checked as typed. It makes the volume through
 * core's job and stays open with libvirt's words when the host refuses.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_NEW_VOLUME_DIALOG (domus_new_volume_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DomusNewVolumeDialog, domus_new_volume_dialog, DOMUS, NEW_VOLUME_DIALOG,
                      GtkDialog)

/* BACKING: paths of the pool's volumes to offer as backing, NULL-terminated. */
DomusNewVolumeDialog *domus_new_volume_dialog_new (DomusConnection *conn,
                                                   GtkWindow *parent,
                                                   const char *pool,
                                                   const char *pool_type,
                                                   const char *const *backing);

/* Signals: "created" (const char *name), just before it closes. */

G_END_DECLS
