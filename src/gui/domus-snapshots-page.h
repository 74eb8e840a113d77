/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest window's Snapshots page: the guest's snapshots as a tree, each
 * with a thumbnail of its screen when it was taken, and Take Snapshot,
 * Revert, Delete and Edit Description. It follows the host (libvirt's
 * events, the page being shown, and a cheap look while it is) and makes no
 * libvirt call of its own: core runs them on the host's worker.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"
#include "domus-console.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_SNAPSHOTS_PAGE (domus_snapshots_page_get_type ())
G_DECLARE_FINAL_TYPE (DomusSnapshotsPage, domus_snapshots_page, DOMUS, SNAPSHOTS_PAGE, GtkBox)

/* The page reads its list again every DOMUS_SNAPSHOTS_WATCH_S seconds
 * while it is shown, if the cheap look says the host's list changed. */
#define DOMUS_SNAPSHOTS_WATCH_S 3

GtkWidget   *domus_snapshots_page_new           (DomusConnection *conn,
                                                 DomusDomain *domain);
/* The guest window's graphical console, whose screen becomes the new
 * snapshot's thumbnail while it is connected. Held weakly. */
void         domus_snapshots_page_set_console   (DomusSnapshotsPage *self,
                                                 DomusConsole *console);
/* Asks what this guest can take, then shows the Take Snapshot dialog. */
void         domus_snapshots_page_take_snapshot (DomusSnapshotsPage *self);
/* A snapshot is being taken, reverted to, deleted or described: no other
 * change starts meanwhile ("busy" is notified). */
gboolean     domus_snapshots_page_get_busy      (DomusSnapshotsPage *self);
/* Where a snapshot's thumbnail is kept: $XDG_CACHE_HOME/domus/snapshots/
 * UUID/NAME.png. */
char        *domus_snapshots_page_thumbnail_path (const char *uuid,
                                                  const char *name);

G_END_DECLS
