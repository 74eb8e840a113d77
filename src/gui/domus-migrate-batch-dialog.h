/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dialog that moves several running guests of one host at once: the
 * guests selected in the manager window ("Migrate…"), or every running
 * guest of a host ("Evacuate Host…"). One destination or spread over the
 * other hosts by free memory, one at a time or several side by side, a
 * progress row per guest, Cancel, and a summary of each guest's outcome.
 * No libvirt here: DomusMigrateBatch (core) does the work.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"
#include "domus-migrate-batch.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_MIGRATE_BATCH_DIALOG (domus_migrate_batch_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DomusMigrateBatchDialog, domus_migrate_batch_dialog, DOMUS,
                      MIGRATE_BATCH_DIALOG, GtkDialog)

/* A dialog moving DOMAINS (DomusDomain) of SOURCE to the other connected
 * hosts of HOSTS (DomusConnection); with DOMAINS NULL it evacuates
 * SOURCE: every guest running there when Evacuate is pressed. */
GtkWidget         *domus_migrate_batch_dialog_new       (GtkWindow *parent,
                                                         DomusConnection *source,
                                                         GPtrArray *domains,
                                                         GListModel *hosts);
/* The batch under way or done, or NULL before it starts. */
DomusMigrateBatch *domus_migrate_batch_dialog_get_batch (DomusMigrateBatchDialog *self);

G_END_DECLS
