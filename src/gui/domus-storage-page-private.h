/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the Storage page shares with its volumes file
 * (domus-storage-page-volumes.c): the instance struct, the stores' columns,
 * a few helpers and the end of every action's job. Private to
 * src/gui/domus-storage-page*.c.
 */
#pragma once

#include "domus-storage-page.h"
#include "domus-storage-pool-watch.h"

G_BEGIN_DECLS

enum {
    POOL_NAME,
    POOL_TYPE_LABEL,
    POOL_STATE_LABEL,
    POOL_USAGE,
    POOL_USAGE_TEXT,
    POOL_AUTOSTART,
    POOL_TARGET,
    POOL_TYPE,
    POOL_ACTIVE,
    POOL_CAPACITY,
    POOL_PERSISTENT,
};

enum {
    VOL_NAME,
    VOL_FORMAT,
    VOL_CAPACITY_TEXT,
    VOL_ALLOCATION_TEXT,
    VOL_USERS,
    VOL_CAPACITY,
    VOL_PATH,
    VOL_FIRST_USER,
};

struct _DomusStoragePage {
    GtkBox parent_instance;

    DomusConnection *conn;
    DomusStoragePoolWatch *watch;
    GCancellable *cancellable;          /* the page's jobs */
    GCancellable *volume_cancellable;   /* the volume listing under way */
    GSimpleActionGroup *actions;
    char *pool;                         /* selected, or NULL */
    char *select_after;                 /* a new pool, selected once listed */
    guint volume_count;
    gboolean loading;

    GtkListStore *pool_store;
    GtkListStore *volume_store;
    GtkTreeView *pool_view;
    GtkTreeView *volume_view;
    GtkLabel *pool_details;
    GtkLabel *volume_status;
};

/* What an action's job comes back to (domus_storage_page_finish_action). */
typedef struct _DomusStorageDone DomusStorageDone;

/* domus-storage-page.c */
GtkWindow        *domus_storage_page_toplevel          (DomusStoragePage *self);
gboolean          domus_storage_page_is_cancelled      (GError *error);
void              domus_storage_page_show_error        (DomusStoragePage *self,
                                                        const char *primary,
                                                        const GError *error);
gboolean          domus_storage_page_selected_pool_row (DomusStoragePage *self,
                                                        GtkTreeIter *iter);
void              domus_storage_page_update_actions    (DomusStoragePage *self);
/* Re-reads pool NAME into its row (added or removed as it now is). */
void              domus_storage_page_reread_pool       (DomusStoragePage *self,
                                                        const char *name);
DomusStorageDone *domus_storage_page_done_new          (DomusStoragePage *self,
                                                        char *what_taken,
                                                        gboolean reload);
/* What every action's job comes back to: the error shown, the pool and
 * its volumes read again. Frees DONE. */
void              domus_storage_page_finish_action     (DomusStorageDone *done,
                                                        gboolean ok,
                                                        GError *error);

/* domus-storage-page-volumes.c */
/* The selected volume's name (and capacity, users), or NULL. */
char             *domus_storage_page_selected_volume   (DomusStoragePage *self,
                                                        guint64 *capacity,
                                                        char **users);
/* The selected pool's volumes listed again, batch by batch. */
void              domus_storage_page_load_volumes      (DomusStoragePage *self);
/* The storage.* actions on volumes, added to the page's group. */
void              domus_storage_page_add_volume_actions (DomusStoragePage *self);

G_END_DECLS
