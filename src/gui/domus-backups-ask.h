/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the Backups pages of the guest and of the host both do with a
 * selected backup, as a person goes through it: Restore as a New Guest
 * (name and pool asked), Restore Over a guest (a confirmation that says
 * what is lost, Force Off first where it runs), Verify, and Add Folder…
 * (a full path on the host, checked as typed). See domus-backups-ask.c.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"

G_BEGIN_DECLS

/* How a page hears of a run it asked for: BUSY with STATUS when it starts;
 * then not busy with STATUS, or with ERROR (the host's words) and STATUS
 * "". Never once CANCELLABLE is cancelled. */
typedef void (*DomusBackupsReportFunc) (GtkWidget *page,
                                        gboolean busy,
                                        const char *status,
                                        const GError *error);

/* A page's side of the runs: it owns CANCELLABLE and cancels it when it
 * goes. The runs hold references to PAGE, CONN and CANCELLABLE. */
typedef struct {
    GtkWidget *page;
    DomusConnection *conn;
    GCancellable *cancellable;
    DomusBackupsReportFunc report;
} DomusBackupsAsker;

/* Verifies the backup PATH of DATE. */
void  domus_backups_verify            (const DomusBackupsAsker *asker,
                                       const char *path,
                                       const char *date);
/* Asks for a name (INITIAL_NAME first) and a pool, then restores the
 * backup PATH of DATE as a new guest. */
void  domus_backups_ask_restore_new   (const DomusBackupsAsker *asker,
                                       const char *path,
                                       const char *date,
                                       const char *initial_name);
/* Asks first, then restores the backup PATH of DATE over DOMAIN (forced
 * off first where it runs and the person chose so). */
void  domus_backups_ask_restore_over  (const DomusBackupsAsker *asker,
                                       DomusDomain *domain,
                                       const char *path,
                                       const char *date);
/* What the confirmation of a restore over GUEST from the backup of DATE
 * says. */
char *domus_backups_over_text         (const char *guest,
                                       const char *date);

/* Called with the full path the person added. */
typedef void (*DomusBackupsFolderFunc) (GtkWidget *page,
                                        const char *folder);

/* Asks for a folder on the host, EXPLANATION saying what it is for; Add
 * stays grey until the text is a full path. */
void  domus_backups_ask_folder        (const DomusBackupsAsker *asker,
                                       const char *explanation,
                                       DomusBackupsFolderFunc added);

G_END_DECLS
