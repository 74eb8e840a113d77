/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The confirmation before snapshots are deleted: the selected ones alone
 * or with every snapshot below them, and, under Advanced, the metadata
 * only (libvirt forgets them, their data stays).
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-domain-snapshot.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_SNAPSHOT_DELETE_DIALOG (domus_snapshot_delete_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DomusSnapshotDeleteDialog, domus_snapshot_delete_dialog, DOMUS,
                      SNAPSHOT_DELETE_DIALOG, GtkDialog)

/* NAMES: the selected snapshots (NULL-terminated, at least one);
 * N_BELOW: how many snapshots are below them and not selected. */
GtkWidget                *domus_snapshot_delete_dialog_new       (GtkWindow *parent,
                                                                  const char *const *names,
                                                                  guint n_below);
DomusSnapshotDeleteFlags  domus_snapshot_delete_dialog_get_flags (DomusSnapshotDeleteDialog *self);

G_END_DECLS
