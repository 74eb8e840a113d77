/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Several guests migrated live as one operation: the guests selected in
 * the manager window, or every running guest of a host being emptied for
 * maintenance. It plans where each goes (one destination, or spread over
 * several by their free memory), runs one migration at a time or several
 * side by side, keeps each guest's phase and progress, cancels the
 * running ones, and sums up each guest's outcome at the end. It lives on
 * the main thread; the libvirt work is that of domus-domain-migrate.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"
#include "domus-domain.h"
#include "domus-domain-migrate.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_MIGRATE_BATCH (domus_migrate_batch_get_type ())
G_DECLARE_FINAL_TYPE (DomusMigrateBatch, domus_migrate_batch, DOMUS, MIGRATE_BATCH, GObject)

typedef enum {
    DOMUS_MIGRATE_ITEM_WAITING,
    DOMUS_MIGRATE_ITEM_RUNNING,
    DOMUS_MIGRATE_ITEM_MOVED,
    DOMUS_MIGRATE_ITEM_FAILED,       /* libvirt's message and where it is */
    DOMUS_MIGRATE_ITEM_CANCELLED,    /* aborted, or never started */
    DOMUS_MIGRATE_ITEM_NO_ROOM,      /* no destination has its memory free */
} DomusMigrateItemState;

/* Migrations as OPTIONS say (live), at most PARALLEL at once (1: one at
 * a time). */
DomusMigrateBatch *domus_migrate_batch_new          (const DomusMigrateOptions *options,
                                                     guint parallel);
/* DOMAIN of SOURCE is to move (it must run when the batch starts). */
void               domus_migrate_batch_add_guest    (DomusMigrateBatch *self,
                                                     DomusConnection *source,
                                                     DomusDomain *domain);
/* A host that may take guests. With several, the guests spread over them
 * by free memory, the largest guest first where the most room is left. */
void               domus_migrate_batch_add_destination (DomusMigrateBatch *self,
                                                     DomusConnection *dest);

/*
 * Reads the guests' memory and the destinations' free memory, plans, and
 * runs the migrations; "item-changed" (index) tells of each guest's new
 * phase, destination or progress. Cancelling CANCELLABLE aborts the
 * running migrations (the guests stay on their source) and starts no
 * other. Completes once every guest has its outcome: FALSE only when the
 * batch could not plan at all (a host unreadable); a guest that did not
 * move is an outcome, not an error.
 */
void               domus_migrate_batch_run_async    (DomusMigrateBatch *self,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data);
gboolean           domus_migrate_batch_run_finish   (DomusMigrateBatch *self,
                                                     GAsyncResult *result,
                                                     GError **error);

guint                       domus_migrate_batch_get_n_items  (DomusMigrateBatch *self);
const char                 *domus_migrate_batch_get_name     (DomusMigrateBatch *self,
                                                              guint index);
DomusConnection            *domus_migrate_batch_get_source   (DomusMigrateBatch *self,
                                                              guint index);
DomusDomain                *domus_migrate_batch_get_domain   (DomusMigrateBatch *self,
                                                              guint index);
/* Where the guest goes, or NULL before the plan or when none has room. */
DomusConnection            *domus_migrate_batch_get_dest     (DomusMigrateBatch *self,
                                                              guint index);
DomusMigrateItemState       domus_migrate_batch_get_state    (DomusMigrateBatch *self,
                                                              guint index);
const DomusMigrateProgress *domus_migrate_batch_get_progress (DomusMigrateBatch *self,
                                                              guint index);
/* Why it did not move (libvirt's whole message), or NULL. */
const char                 *domus_migrate_batch_get_message  (DomusMigrateBatch *self,
                                                              guint index);
/* How long its migration took, in seconds (0 until it ended). */
double                      domus_migrate_batch_get_seconds  (DomusMigrateBatch *self,
                                                              guint index);
/* The guest's phase for people: "Waiting", "Copying memory", "Moved"… */
const char                 *domus_migrate_batch_describe_state (DomusMigrateBatch *self,
                                                                guint index);
/* One paragraph per guest naming its outcome, for the end of the batch. */
char                       *domus_migrate_batch_get_summary  (DomusMigrateBatch *self);
/* How many guests moved. */
guint                       domus_migrate_batch_count_moved  (DomusMigrateBatch *self);

G_END_DECLS
