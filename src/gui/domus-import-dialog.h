/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusImportDialog: Import Disk Image, from the Storage page. The user
 * picks a file on this workstation; its format and virtual size are shown
 * before anything is sent; the volume's name and format (converted on the
 * host, or kept) are chosen; the transfer shows its progress and can be
 * cancelled, which removes what it made. Core does the work
 * (domus-storage-import.h).
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_IMPORT_DIALOG (domus_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DomusImportDialog, domus_import_dialog, DOMUS, IMPORT_DIALOG, GtkDialog)

DomusImportDialog *domus_import_dialog_new (DomusConnection *conn,
                                            GtkWindow *parent,
                                            const char *pool,
                                            const char *pool_type);

/* Takes PATH as the image, as a choice in the file chooser does. */
void               domus_import_dialog_set_file (DomusImportDialog *self,
                                                 const char *path);

/* Signals: "imported" (const char *name), just before it closes. */

G_END_DECLS
