/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Delete dialog: for each guest to delete, its disks with check boxes,
 * ticked as the delete plan suggests, and a warning when a guest runs and
 * will be forced off. It only collects the answer; DomusGuestActions acts.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-domain-delete.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_DELETE_DIALOG (domus_delete_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DomusDeleteDialog, domus_delete_dialog, DOMUS, DELETE_DIALOG, GtkDialog)

GtkWidget *domus_delete_dialog_new          (GtkWindow *parent);
/* Adds a guest's section; guests are numbered in the order added. */
void       domus_delete_dialog_add_guest    (DomusDeleteDialog *self,
                                             const char *host_name,
                                             const DomusDeletePlan *plan);
/* The ticked disks of guest INDEX, NULL-terminated (never NULL). */
GStrv      domus_delete_dialog_get_paths    (DomusDeleteDialog *self,
                                             guint index);
gboolean   domus_delete_dialog_get_dont_ask (DomusDeleteDialog *self);

G_END_DECLS
