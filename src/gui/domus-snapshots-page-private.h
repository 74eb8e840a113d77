/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the Snapshots page shares with its actions file
 * (domus-snapshots-page-actions.c): the instance struct, the store's
 * columns and a few helpers. Private to src/gui/domus-snapshots-page*.c.
 */
#pragma once

#include "domus-domain-snapshot.h"
#include "domus-snapshots-page.h"

G_BEGIN_DECLS

enum {
    COL_NAME,
    COL_MARKUP,
    COL_TAKEN,
    COL_STATE,
    COL_KIND,
    COL_DESCRIPTION,
    COL_THUMB,
};

struct _DomusSnapshotsPage {
    GtkBox parent_instance;

    DomusConnection *conn;
    DomusDomain *domain;
    DomusConsole *console;          /* weak */
    GSimpleActionGroup *actions;    /* snapshots.revert, .delete, .edit-description */

    GPtrArray *snapshots;           /* DomusSnapshotInfo, as last listed */
    char *fingerprint;
    DomusSnapshotAbilities *abilities;
    gboolean busy;
    gboolean owns_activity;         /* the guest's activity is ours to clear */
    gboolean listing;
    guint watch_id;
    guint pulse_id;
    GCancellable *cancellable;      /* all the page's jobs; cancelled on dispose */

    /* template */
    GtkTreeStore *store;
    GtkTreeView *view;
    GtkTreeViewColumn *description_column;
    GtkCellRenderer *description_renderer;
    GtkInfoBar *error_bar;
    GtkLabel *error_label;
    GtkWidget *revert_button;
    GtkLabel *reason_label;
    GtkRevealer *progress_revealer;
    GtkLabel *progress_label;
    GtkProgressBar *progress_bar;
    GtkStack *content_stack;
};

/* domus-snapshots-page.c */
/* A job's answer for a page that is gone, or a job cancelled. */
gboolean           domus_snapshots_page_gone           (DomusSnapshotsPage *self,
                                                        const GError *error);
void               domus_snapshots_page_show_error     (DomusSnapshotsPage *self,
                                                        const char *message);
DomusSnapshotInfo *domus_snapshots_page_find           (DomusSnapshotsPage *self,
                                                        const char *name);
/* The guest's snapshots' names; the selected ones, in the tree's order. */
GStrv              domus_snapshots_page_names          (DomusSnapshotsPage *self);
GStrv              domus_snapshots_page_selected       (DomusSnapshotsPage *self);
/* The guest's screen now at thumbnail size (NULL without one), and kept. */
GdkPixbuf         *domus_snapshots_page_capture_screen (DomusSnapshotsPage *self);
void               domus_snapshots_page_save_thumbnail (DomusSnapshotsPage *self,
                                                        const char *name,
                                                        GdkPixbuf *thumb);
/* The list and what the guest can do, read again. */
void               domus_snapshots_page_refresh        (DomusSnapshotsPage *self);
void               domus_snapshots_page_update_actions (DomusSnapshotsPage *self);
/* Keeps what an abilities job read (TRUE), or says why it failed. */
gboolean           domus_snapshots_page_apply_abilities (DomusSnapshotsPage *self,
                                                         GObject *source,
                                                         GAsyncResult *result);
/* Why this host cannot revert to INFO, or NULL. */
const char        *domus_snapshots_page_revert_why_not (DomusSnapshotsPage *self,
                                                        const DomusSnapshotInfo *info);
/* WHAT (NULL: done) with its progress on the page; ACTIVITY, if any, in
 * the guest's row of the list. */
void               domus_snapshots_page_set_busy       (DomusSnapshotsPage *self,
                                                        const char *what,
                                                        const char *activity);

/* domus-snapshots-page-actions.c */
void               domus_snapshots_page_add_actions    (DomusSnapshotsPage *self);
void               domus_snapshots_page_class_bind_actions (GtkWidgetClass *widget_class);

G_END_DECLS
