/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Back Up dialog: one guest (or several of a host) backed up into a folder on its host, with
 * progress and cancel. See domus-backup-dialog.c.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_BACKUP_DIALOG (domus_backup_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DomusBackupDialog, domus_backup_dialog, DOMUS, BACKUP_DIALOG, GtkDialog)

GtkWidget *domus_backup_dialog_new            (GtkWindow *parent,
                                               DomusConnection *conn,
                                               DomusDomain *domain);
/* The same for the guests DOMAINS (NULL-terminated) of CONN, backed up
 * one after another with a progress bar each and one summary. */
GtkWidget *domus_backup_dialog_new_for_guests (GtkWindow *parent,
                                               DomusConnection *conn,
                                               DomusDomain * const *domains);

G_END_DECLS
