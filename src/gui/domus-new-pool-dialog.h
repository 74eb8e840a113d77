/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusNewPoolDialog: the New Pool dialog of the Storage page. One form
 * whose fields follow the chosen type (directory, formatted block device,
 * NFS, LVM, iSCSI, direct iSCSI, whole disk, SCSI adapter), checked as they
 * are typed, its XML shown for review, sources discovered on the server,
 * and a build that formats anything asked first, naming the devices. It
 * defines the pool through core's job and stays open with libvirt's words
 * when the host refuses.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_NEW_POOL_DIALOG (domus_new_pool_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DomusNewPoolDialog, domus_new_pool_dialog, DOMUS, NEW_POOL_DIALOG,
                      GtkDialog)

DomusNewPoolDialog *domus_new_pool_dialog_new (DomusConnection *conn,
                                               GtkWindow *parent);

/* Signals: "created" (const char *name), just before it closes. */

G_END_DECLS
