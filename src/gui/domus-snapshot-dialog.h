/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Take Snapshot dialog: a name (a timestamp by default, checked as it
 * is typed), a description, and the kind, where the kinds this guest and
 * host cannot take are insensitive with the reason below them. It only
 * says what to take; the Snapshots page takes it.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-domain-snapshot.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_SNAPSHOT_DIALOG (domus_snapshot_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DomusSnapshotDialog, domus_snapshot_dialog, DOMUS, SNAPSHOT_DIALOG,
                      GtkDialog)

/* EXISTING: the guest's snapshots' names (NULL-terminated, may be NULL). */
GtkWidget            *domus_snapshot_dialog_new         (GtkWindow *parent,
                                                         const char *guest_name,
                                                         const DomusSnapshotAbilities *abilities,
                                                         const char *const *existing);
/* What to take, or NULL while a field is wrong or no kind is possible. */
DomusSnapshotRequest *domus_snapshot_dialog_get_request (DomusSnapshotDialog *self);

G_END_DECLS
