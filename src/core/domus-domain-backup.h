/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Backups of a guest into a directory on its host (where QEMU writes; an
 * NFS or SSHFS mount there counts as the host's): a running guest through
 * libvirt's push-mode backup job, full or incremental since its last
 * checkpoint, a shut-off guest copied through the storage API; each backup
 * a folder TARGET/GUEST/YYYY-MM-DDTHH:MM:SS[-N][-incr]/ (-N from the second
 * backup within one second) with one image per disk,
 * the domain XML and the NVRAM. The folders are reached through libvirt's
 * storage API (directory pools), never with local file calls: the host may
 * be remote. Every call runs on the host's worker; results come back on the
 * caller's main context.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"

G_BEGIN_DECLS

/* Where backups go when nobody says: a folder on the guest's host. */
#define DOMUS_BACKUP_DEFAULT_TARGET "/var/lib/libvirt/backups"

typedef enum {
    DOMUS_BACKUP_FORMAT_QCOW2,
    DOMUS_BACKUP_FORMAT_RAW,
} DomusBackupFormat;

/* What the admin asks for. */
typedef struct {
    char *target;                 /* a directory on the guest's host */
    DomusBackupFormat format;     /* incremental backups are always qcow2 */
    gboolean incremental;         /* since the last backup, where there is one */
    guint keep;                   /* full backups to keep (and their
                                   * incrementals) after a success; 0: all */
    char **exclude;               /* disk targets left out ("vdb"), or NULL */
    gboolean snapshot_commit;     /* a running guest without libvirt's backup
                                   * job: overlays, the bases copied, committed
                                   * back (always full) */
} DomusBackupOptions;

DomusBackupOptions *domus_backup_options_new  (const char *target);
DomusBackupOptions *domus_backup_options_copy (const DomusBackupOptions *options);
void                domus_backup_options_free (DomusBackupOptions *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusBackupOptions, domus_backup_options_free)

/* One disk of the guest and whether it is backed up. */
typedef struct {
    char *target;                 /* "vda" */
    char *device;                 /* "disk", "cdrom", … */
    char *source;                 /* its file or device on the host, or NULL */
    char *format;                 /* "qcow2", "raw", … or NULL */
    gboolean backup;
    char *why_not;                /* when not backed up: why, in words */
} DomusBackupDisk;

void domus_backup_disk_free (DomusBackupDisk *disk);

/* One backup folder of a guest, as the catalogue lists it. */
typedef struct {
    char *folder;                 /* "2026-12-06T09:30:00-incr" */
    char *path;                   /* TARGET/GUEST/FOLDER on the host */
    GDateTime *date;              /* local time, as the folder says */
    guint sequence;               /* 1, or N of a folder "…-N" made in the same
                                   * second as N - 1 others */
    gboolean incremental;
    char *base;                   /* an incremental's predecessor folder, or NULL */
    guint64 size;                 /* bytes its files take on the host */
    GPtrArray *files;             /* file names (char *) in the folder */
} DomusBackupEntry;

void domus_backup_entry_free (DomusBackupEntry *entry);

/* What one backup did. */
typedef struct {
    char *path;                   /* the new folder on the host */
    gboolean incremental;
    char *full_why;               /* why it is full though incremental was asked, or NULL */
    gboolean hot;                 /* the guest ran: libvirt's backup job */
    GPtrArray *disks;             /* DomusBackupDisk *, backed up or not */
    GPtrArray *removed;           /* folders removed by the retention (char *) */
} DomusBackupResult;

void domus_backup_result_free (DomusBackupResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusBackupResult, domus_backup_result_free)

/* DONE of TOTAL bytes copied so far (TOTAL 0 while libvirt does not know
 * it), at BYTES_PER_SECOND (0 when unknown). */
typedef void (*DomusBackupProgressFunc) (guint64 done,
                                         guint64 total,
                                         guint64 bytes_per_second,
                                         gpointer user_data);

/* Backs DOMAIN up as OPTIONS say. PROGRESS (may be NULL) must stay valid
 * until CALLBACK runs. Cancelling CANCELLABLE aborts libvirt's job
 * (virDomainAbortJob) and removes the partial folder; the guest keeps
 * running. */
void               domus_domain_backup_async  (DomusConnection *conn,
                                               DomusDomain *domain,
                                               const DomusBackupOptions *options,
                                               DomusBackupProgressFunc progress,
                                               gpointer progress_data,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
DomusBackupResult *domus_domain_backup_finish (DomusConnection *conn,
                                               GAsyncResult *result,
                                               GError **error);

/* DOMAIN's disks (DomusBackupDisk *), each with whether a backup takes it
 * and why not. */
void       domus_domain_backup_disks_async  (DomusConnection *conn,
                                             DomusDomain *domain,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data);
GPtrArray *domus_domain_backup_disks_finish (DomusConnection *conn,
                                             GAsyncResult *result,
                                             GError **error);

/* The backups of the guest GUEST_NAME under TARGET on the host, oldest
 * first (DomusBackupEntry *); empty where there are none. */
void       domus_backup_list_async  (DomusConnection *conn,
                                     const char *target,
                                     const char *guest_name,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
GPtrArray *domus_backup_list_finish (DomusConnection *conn,
                                     GAsyncResult *result,
                                     GError **error);

/* Restores the backup in FOLDER (on the host) as a new guest NEW_NAME
 * (new UUID and MAC addresses): each image copied into the pool POOL as
 * "NEW_NAME-vda.qcow2"…, then defined (not started); an incremental
 * backup combined with the backups before it (qemu-img: a local host
 * only; a remote one is told the command to run there). A failure removes
 * the copies. The new guest's UUID. */
void  domus_backup_restore_async  (DomusConnection *conn,
                                   const char *folder,
                                   const char *new_name,
                                   const char *pool,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
char *domus_backup_restore_finish (DomusConnection *conn,
                                   GAsyncResult *result,
                                   GError **error);

/* What Verify found. */
typedef struct {
    gboolean read_images;         /* qemu-img check read every image (a local host) */
    GPtrArray *problems;          /* what is wrong (char *); empty: the backup is OK */
} DomusBackupCheck;

void domus_backup_check_free (DomusBackupCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusBackupCheck, domus_backup_check_free)

/* Checks the backup in FOLDER (on the host): its files against the sizes
 * recorded when it was made (storage API, any host), its chain down to a
 * full backup, and on a local host each qcow2 image with qemu-img check.
 * An error only when it could not look at all. */
void              domus_backup_verify_async  (DomusConnection *conn,
                                              const char *folder,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
DomusBackupCheck *domus_backup_verify_finish (DomusConnection *conn,
                                              GAsyncResult *result,
                                              GError **error);

/* Restores the backup in FOLDER over the shut-off guest DOMAIN: each of
 * its disks in the backup becomes a new volume beside the current one
 * (an incremental backup combined with the backups before it: qemu-img,
 * on a local host only), the guest is defined anew on them, and the old
 * volumes and the guest's checkpoints (their bitmaps were in the old
 * disks) are deleted. A failure removes the new volumes and leaves the
 * guest as it was. A guest with snapshots is refused (they live in the
 * disks that would go). */
void     domus_backup_restore_over_async  (DomusConnection *conn,
                                           const char *folder,
                                           DomusDomain *domain,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data);
gboolean domus_backup_restore_over_finish (DomusConnection *conn,
                                           GAsyncResult *result,
                                           GError **error);

G_END_DECLS
