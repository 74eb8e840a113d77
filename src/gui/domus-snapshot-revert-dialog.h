/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The confirmation before a revert: it names what is lost, offers to take
 * a snapshot of the current state first, and, for a snapshot with the
 * guest's memory, whether the guest is left running or paused.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-domain-snapshot.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_SNAPSHOT_REVERT_DIALOG (domus_snapshot_revert_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DomusSnapshotRevertDialog, domus_snapshot_revert_dialog, DOMUS,
                      SNAPSHOT_REVERT_DIALOG, GtkDialog)

/* TAKE_FIRST_WHY_NOT: why no snapshot of the current state can be taken
 * first (the check box is then insensitive and says so), or NULL. */
GtkWidget               *domus_snapshot_revert_dialog_new            (GtkWindow *parent,
                                                                      const char *guest_name,
                                                                      const DomusSnapshotInfo *snapshot,
                                                                      const char *take_first_why_not);
gboolean                 domus_snapshot_revert_dialog_get_take_first (DomusSnapshotRevertDialog *self);
DomusSnapshotRevertState domus_snapshot_revert_dialog_get_state      (DomusSnapshotRevertDialog *self);

G_END_DECLS
