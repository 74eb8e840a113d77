/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Clone dialog: the clone's name (checked as it is typed), what to do
 * with each disk, what becomes of the UEFI variables, and what a clone
 * does not change inside the guest. Clone runs the clone (core) with its
 * progress in the dialog and in the guest's row; Cancel stops it, and the
 * dialog stays until what was made is removed. No libvirt here.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"
#include "domus-domain.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_CLONE_DIALOG (domus_clone_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DomusCloneDialog, domus_clone_dialog, DOMUS, CLONE_DIALOG, GtkDialog)

/* A dialog for cloning DOMAIN of CONN, transient for PARENT; it reads the
 * guest's disks at once. */
GtkWidget *domus_clone_dialog_new (GtkWindow *parent,
                                   DomusConnection *conn,
                                   DomusDomain *domain);

G_END_DECLS
