/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the Back Up dialog shares with its several-guests half
 * (domus-backup-dialog-guests.c). Private to src/gui/domus-backup-dialog*.c.
 */
#pragma once

#include "domus-backup-dialog.h"
#include "domus-domain-backup.h"

G_BEGIN_DECLS

/* The response of "Back Up with Snapshot and Commit". */
#define DOMUS_BACKUP_RESPONSE_SNAPSHOT_COMMIT 1

struct _DomusBackupDialog {
    GtkDialog parent_instance;

    DomusConnection *conn;
    DomusDomain *domain;
    GCancellable *cancellable;    /* the reads: pools and disks */
    GCancellable *running;        /* the backup, while it runs */
    GPtrArray *checks;            /* one GtkCheckButton per disk, "target" data */

    GtkLabel *intro;
    GtkComboBoxText *target_combo;
    GtkEntry *target_entry;
    GtkLabel *target_error;
    GtkComboBoxText *format_combo;
    GtkToggleButton *incremental_check;
    GtkBox *disks_box;
    GtkProgressBar *progress;
    GtkLabel *error_label;
    GtkWidget *back_up_button;
    GtkWidget *snapshot_commit_button;  /* shown once the host refused a backup job */
    GtkEntry *schedule_entry;
    GtkLabel *schedule_label;
    GtkWidget *schedule_box;

    /* several guests (domus-backup-dialog-guests.c) */
    GPtrArray *domains;           /* DomusDomain *, the first is DOMAIN */
    GPtrArray *bars;              /* one GtkProgressBar per guest */
    DomusBackupOptions *options;  /* theirs, while they run */
    guint next;                   /* the guest backed up now */
    guint succeeded;
    GString *failures;
    GPtrArray *refused;           /* DomusDomain *: no backup job on the host */
    GPtrArray *retrying;          /* the run's guests when not all: the refused */
};

void domus_backup_dialog_update_sensitivity (DomusBackupDialog *self);
/* One progress bar per guest where the disks are listed for one. */
void domus_backup_dialog_show_guests        (DomusBackupDialog *self);
/* Backs the guests up one after another with OPTIONS, each with its bar;
 * one summary at the end, offering snapshot and commit for those the host
 * has no backup job for. With OPTIONS' snapshot_commit, only those. */
void domus_backup_dialog_start_guests       (DomusBackupDialog *self,
                                             const DomusBackupOptions *options);

G_END_DECLS
