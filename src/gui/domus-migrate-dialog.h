/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Migrate dialog: moves one guest to another connected host. It lists
 * the other hosts with their free memory and CPUs (and why one cannot take
 * the guest), the mode, connection, storage and options, runs the
 * migration (core) with its progress in the dialog and as the guest's
 * activity, cancels it, switches it to post-copy, and shows libvirt's
 * words and where the guest is when it fails. No libvirt here.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"
#include "domus-domain.h"
#include "domus-domain-migrate.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_MIGRATE_DIALOG (domus_migrate_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DomusMigrateDialog, domus_migrate_dialog, DOMUS, MIGRATE_DIALOG, GtkDialog)

/* A dialog for migrating DOMAIN of CONN to one of HOSTS (a GListModel of
 * DomusConnection; CONN itself is left out), transient for PARENT. */
GtkWidget           *domus_migrate_dialog_new             (GtkWindow *parent,
                                                           DomusConnection *conn,
                                                           DomusDomain *domain,
                                                           GListModel *hosts);
/* What the form says now, for the migration it would start. */
DomusMigrateOptions *domus_migrate_dialog_get_options     (DomusMigrateDialog *self);
/* The chosen destination, or NULL. */
DomusConnection     *domus_migrate_dialog_get_destination (DomusMigrateDialog *self);

G_END_DECLS
