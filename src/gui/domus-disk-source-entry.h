/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusDiskSourceEntry: a disk's (or a CD-ROM's media) source on the
 * Details page: the path typed or chosen with Browse… (the host's volumes,
 * DomusVolumeChooser), checked on the host's worker a moment after typing
 * stops (domus-storage-path). A path the host does not have is a problem
 * that keeps Apply grey; a path in no pool is a warning shown under it.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_DISK_SOURCE_ENTRY (domus_disk_source_entry_get_type ())
G_DECLARE_FINAL_TYPE (DomusDiskSourceEntry, domus_disk_source_entry, DOMUS, DISK_SOURCE_ENTRY,
                      GtkBox)

/* @conn may be NULL: no Browse… and no check. */
GtkWidget  *domus_disk_source_entry_new         (DomusConnection *conn,
                                                 const char *value);
GtkEntry   *domus_disk_source_entry_get_entry   (DomusDiskSourceEntry *self);
/* Why the source cannot be applied ("No volume or file at …", or that it
 * is still being checked), or NULL. */
const char *domus_disk_source_entry_get_problem (DomusDiskSourceEntry *self);
/* The warning shown under the entry, or NULL. */
const char *domus_disk_source_entry_get_warning (DomusDiskSourceEntry *self);

/* Signal "changed": the text, or what the check says, changed. */

G_END_DECLS
