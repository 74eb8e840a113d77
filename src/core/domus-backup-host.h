/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The backups of every guest in a backup folder of a host (TARGET/GUEST/…),
 * guests that no longer exist there included, for the host's Backups page;
 * and deleting a backup with the incremental backups that build on it.
 * Through libvirt's storage API, on the host's worker.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"

G_BEGIN_DECLS

/* One guest's backups in one folder of the host. */
typedef struct {
    char *target;                 /* the backup folder on the host */
    char *guest;                  /* the guest's name (its subfolder) */
    GPtrArray *entries;           /* DomusBackupEntry *, oldest first */
} DomusBackupGuest;

void domus_backup_guest_free (DomusBackupGuest *guest);

/* Every guest's backups under TARGET (DomusBackupGuest *, by guest name);
 * empty where TARGET holds none or does not exist. */
void       domus_backup_list_guests_async  (DomusConnection *conn,
                                            const char *target,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer user_data);
GPtrArray *domus_backup_list_guests_finish (DomusConnection *conn,
                                            GAsyncResult *result,
                                            GError **error);

/* The folders among ENTRIES (DomusBackupEntry *, oldest first) that
 * deleting FOLDER (a path) removes: it and every incremental backup whose
 * chain goes down to it, newest first. */
GStrv domus_backup_delete_plan (GPtrArray *entries,
                                const char *folder);

/* Deletes the backup in FOLDER (on the host) and the incremental backups
 * that build on it; the paths removed, newest first. */
void  domus_backup_delete_async  (DomusConnection *conn,
                                  const char *folder,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
GStrv domus_backup_delete_finish (DomusConnection *conn,
                                  GAsyncResult *result,
                                  GError **error);

G_END_DECLS
