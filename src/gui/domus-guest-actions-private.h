/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the two halves of a guest action's run share: the run itself
 * (domus-guest-actions.c: jobs, progress, summary, the shut-down watch)
 * and what it asks before it starts (domus-guest-actions-confirm.c).
 */
#pragma once

#include "domus-domain-delete.h"
#include "domus-guest-actions.h"

G_BEGIN_DECLS

typedef struct _Run Run;

typedef struct {
    Run *run;
    DomusGuestRef *ref;
    GError *error;
    gboolean cancelled;         /* Cancel Save stopped it */
    gboolean waiting_off;       /* Shut Down asked; watching for shut off */
    gulong notify_id;
    DomusDeletePlan *plan;      /* Delete only */
    GStrv paths;                /* Delete only: the volumes to delete */
    GCancellable *cancellable;  /* this guest's job; the run's cancel cancels it */
} Item;

struct _Run {
    GtkWindow *parent;          /* NULL once destroyed */
    gulong destroy_id;
    GSettings *settings;
    DomusGuestAction action;
    gboolean restore;           /* a Start of guests with a saved state */
    GPtrArray *items;           /* Item */
    GCancellable *cancellable;
    guint pending;
    guint timeout_id;
    GtkWidget *timeout_dialog;
};

Run  *domus_guest_run_ref          (Run *run);
void  domus_guest_run_unref        (Run *run);

/* Starts every guest's job at once. */
void  domus_guest_run_start_jobs   (Run *run);

/* One dialog for everything that failed, or the all-done notification. */
void  domus_guest_run_show_summary (Run *run);

/* Drops the run's hold on its window and cancels what has not finished:
 * the window went, the question was declined, or the run is over. */
void  domus_guest_run_detach       (Run *run);

/* Asks what the action and the settings call for (the confirmation where
 * something can be lost; for Delete, the disks read and the Delete dialog)
 * and starts the jobs once agreed; a refusal detaches the run. */
void  domus_guest_run_ask          (Run *run);

G_END_DECLS
