/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pure side of backups (domus-domain-backup-xml.c): folder names,
 * which disks are backed up and why not, the backup and checkpoint XML
 * given to libvirt (libxml2), the catalogue from folder names, and which
 * folders the retention removes. No libvirt call: any thread, tested
 * without a host.
 */
#pragma once

#include <libvirt/libvirt.h>

#include "domus-domain-backup.h"

G_BEGIN_DECLS

/* The file beside the images that holds the guest's definition. */
#define DOMUS_BACKUP_DOMAIN_XML "domain.xml"
/* Checkpoints Domus makes are named after their backup's time. */
#define DOMUS_BACKUP_CHECKPOINT_PREFIX "domus-"
/* Backups of one guest within one second, at most. */
#define DOMUS_BACKUP_MAX_SEQUENCE 999

/* "YYYY-MM-DDTHH:MM:SS[-N][-incr]" from DATE's local time: SEQUENCE N
 * from 2 for a second backup of the guest within that second, 1 for none. */
char      *domus_backup_folder_name          (GDateTime *date,
                                              guint sequence,
                                              gboolean incremental);
/* FALSE when NAME is not a backup folder's name. */
gboolean   domus_backup_parse_folder_name    (const char *name,
                                              GDateTime **date,
                                              guint *sequence,
                                              gboolean *incremental);
/* "YYYYMMDD-HHMMSS[-N]" of the backup FOLDER (a folder name), or NULL
 * when FOLDER is no backup's name. */
char      *domus_backup_folder_stamp         (const char *folder);
/* "domus-YYYYMMDD-HHMMSS[-N]": the checkpoint made with the backup of
 * FOLDER (a folder name), or NULL when FOLDER is no backup's name. */
char      *domus_backup_checkpoint_name      (const char *folder);

/* The guest's disks (DomusBackupDisk *) from its domain XML: CD-ROMs,
 * floppies, empty drives and the targets in EXCLUDE are not backed up,
 * each with why. */
GPtrArray *domus_backup_disks_from_xml       (const char *domain_xml,
                                              const char * const *exclude,
                                              GError **error);
/* The UEFI variables file of the domain XML, or NULL. */
char      *domus_backup_nvram_from_xml       (const char *domain_xml);
/* Why DISKS (those backed up) cannot be backed up incrementally, or NULL
 * when they can: libvirt keeps the changed blocks in a qcow2 bitmap. */
char      *domus_backup_incremental_why_not  (GPtrArray *disks);

/* "vda.qcow2": the image of DISK in its folder. */
char      *domus_backup_image_name           (const DomusBackupDisk *disk,
                                              DomusBackupFormat format);
/* The push-mode <domainbackup> writing each backed-up disk into FOLDER_PATH,
 * the others backup='no'; INCREMENTAL the checkpoint to start from, or
 * NULL for a full backup. */
char      *domus_backup_xml                  (GPtrArray *disks,
                                              const char *folder_path,
                                              DomusBackupFormat format,
                                              const char *incremental);
/* The <domaincheckpoint> NAME: a bitmap for each backed-up qcow2 disk. */
char      *domus_backup_checkpoint_xml       (const char *name,
                                              GPtrArray *disks);

/* The catalogue (DomusBackupEntry *, oldest first) from the names in a
 * guest's folder; what is not a backup's name is left out. PATH and SIZE
 * and FILES are left for the caller. An incremental's base is the folder
 * before it (every backup starts from the one before: the checkpoint
 * Domus keeps is the last backup's), NULL where there is none. */
GPtrArray *domus_backup_catalogue            (const char * const *names,
                                              const char *guest_dir);
/* The folders (char *) to remove so that the last KEEP full backups and
 * the incrementals after them remain; none when KEEP is 0. ENTRIES are
 * oldest first. */
GPtrArray *domus_backup_retention            (GPtrArray *entries,
                                              guint keep);

/* The guest restored from DOMAIN_XML as a new guest NEW_NAME (libvirt gives
 * it a new UUID and MAC addresses): disk TARGETS[i] is the file PATHS[i];
 * other disks but CD-ROMs and floppies are left out; NVRAM_PATH the copy
 * of its UEFI variables, or NULL for fresh ones. NULL when DOMAIN_XML
 * cannot be parsed. */
char      *domus_backup_restore_xml          (const char *domain_xml,
                                              const char *new_name,
                                              const char * const *targets,
                                              const char * const *paths,
                                              const char *nvram_path,
                                              GError **error);

/*
 * The backup target on the host, through the storage API
 * (domus-domain-backup-target.c, worker thread only): a directory is
 * reached through the active directory pool whose target it is, or
 * through a transient directory pool made for the moment.
 */
typedef struct {
    virStoragePoolPtr pool;
    gboolean transient;           /* made by Domus: destroyed when closed */
} DomusHostDir;

/* Opens PATH on the host, making it (and its parents) where MAKE. */
gboolean   domus_host_dir_open               (virConnectPtr conn,
                                              const char *path,
                                              gboolean make,
                                              DomusHostDir *dir,
                                              GError **error);
void       domus_host_dir_close              (DomusHostDir *dir);
/* The names of what DIR holds (files and folders), sorted. */
char     **domus_host_dir_list               (DomusHostDir *dir,
                                              GError **error);
/* Writes LEN bytes of DATA as the file NAME in DIR. */
gboolean   domus_host_dir_write              (DomusHostDir *dir,
                                              const char *name,
                                              const char *data,
                                              gsize len,
                                              GError **error);
/* The file NAME of DIR (at most MAX bytes), NUL-terminated. */
char      *domus_host_dir_read               (DomusHostDir *dir,
                                              const char *name,
                                              gsize max,
                                              GError **error);
/* Each file of DIR (DomusBackupImage *: its name, capacity and length),
 * sorted by name. */
GPtrArray *domus_host_dir_images             (DomusHostDir *dir,
                                              GError **error);
/* Writes the manifest of the backup folder PATH (its files' sizes). */
gboolean   domus_host_write_manifest         (virConnectPtr conn,
                                              const char *path,
                                              GError **error);
/* Removes the folder PATH and the files in it; TRUE when it is gone or was
 * never there. */
gboolean   domus_host_dir_remove             (virConnectPtr conn,
                                              const char *path,
                                              GError **error);
/* The volume of the file PATH on the host, through a pool that holds it
 * (HOLDER is opened on its directory when none does; close it after). */
virStorageVolPtr domus_host_file_lookup      (virConnectPtr conn,
                                              const char *path,
                                              DomusHostDir *holder,
                                              GError **error);
/* The backups of GUEST under TARGET, oldest first, with each folder's
 * files and size where WITH_FILES; empty where TARGET has no folder for
 * GUEST. */
GPtrArray *domus_host_list_backups           (virConnectPtr conn,
                                              const char *target,
                                              const char *guest,
                                              gboolean with_files,
                                              GError **error);

/*
 * The begin job of a backup (domus-domain-backup-begin.c, worker thread,
 * run by domus_domain_backup_async): what it is given and what it hands
 * back.
 */
typedef struct {
    char *uuid;
    char *what;
    DomusBackupOptions *options;
} DomusBackupBeginJob;

void       domus_backup_begin_job_free       (DomusBackupBeginJob *job);

typedef struct {
    DomusBackupResult *result;
    char *guest_dir;
    char *checkpoint;             /* made with the backup, or NULL */
    char **old_checkpoints;       /* Domus's earlier ones, dropped on success */
    char **copy_sources;          /* shut off: each disk's source … */
    char **copy_images;           /* … and its image's name */
    guint64 total;                /* shut off: bytes to copy */
    char **overlay_targets;       /* snapshot and commit: the disks … */
    char **overlays;              /* … and their overlays, committed back after */
} DomusBackupBegun;

void       domus_backup_begun_free           (DomusBackupBegun *begun);
/* A worker job (DomusWorkerJobFunc) on a DomusBackupBeginJob: returns a
 * DomusBackupBegun, or an error after removing the folder it made. */
void       domus_backup_begin_job            (GTask *task,
                                              virConnectPtr conn,
                                              gpointer task_data,
                                              GCancellable *cancellable);

/*
 * The snapshot-and-commit backup (domus-domain-backup-fallback.c).
 */

/* Worker thread: an overlay (disk-only external snapshot, no metadata) in
 * front of each disk BEGUN backs up, named after STAMP, beside its disk;
 * sets BEGUN's overlays. */
gboolean   domus_backup_fallback_snapshot    (virDomainPtr dom,
                                              DomusBackupBegun *begun,
                                              const char *stamp,
                                              GError **error);
/* Main context: each of TARGETS committed back from its overlay (active
 * block commit, pivot) and the overlay file deleted; a disk that fails is
 * left and the others still done; the first failure is returned. */
void       domus_backup_fallback_commit_async  (DomusConnection *conn,
                                                const char *uuid,
                                                char **targets,
                                                char **overlays,
                                                GAsyncReadyCallback callback,
                                                gpointer user_data);
gboolean   domus_backup_fallback_commit_finish (DomusConnection *conn,
                                                GAsyncResult *result,
                                                GError **error);

/*
 * Chains, restores and checks (domus-domain-backup-chain.c): pure, any
 * thread, tested without a host.
 */

/* What Domus records beside the images once a backup is complete: each
 * image's size, for a check that reads no image. */
#define DOMUS_BACKUP_MANIFEST "domus-backup.ini"

/* One file of a backup folder as the storage API sees it. */
typedef struct {
    char *name;                   /* "vda.qcow2" */
    guint64 capacity;             /* the disk's size */
    guint64 physical;             /* the file's length */
} DomusBackupImage;

void       domus_backup_image_free           (DomusBackupImage *image);

/* The backups an image of FOLDER is made of, in order: the full backup
 * before it, then each incremental up to FOLDER itself (DomusBackupEntry *,
 * borrowed from ENTRIES, oldest first). NULL with why when FOLDER is not
 * among ENTRIES or no full backup comes before it. */
GPtrArray *domus_backup_chain                (GPtrArray *entries,
                                              const char *folder,
                                              GError **error);
/* qemu-img's "json:" name of IMAGES[N-1] read over IMAGES[N-2] … over
 * IMAGES[0], which has no backing file: an incremental's own backing file
 * names the guest's disk, never the backup before it. */
char      *domus_backup_chain_json           (const char * const *images);
/* The name of a disk's restored volume beside OLD_NAME (its volume now):
 * "data.qcow2" restored from FOLDER "2026-12-06T09:30:00" is
 * "data-restored-20261206-093000.qcow2"; an earlier "-restored-…" goes. */
char      *domus_backup_restored_name        (const char *old_name,
                                              const char *folder);
/* DOMAIN_XML with disk TARGETS[i] a file at PATHS[i], the rest untouched. */
char      *domus_backup_over_xml             (const char *domain_xml,
                                              const char * const *targets,
                                              const char * const *paths,
                                              GError **error);
/* The manifest's text for IMAGES (DomusBackupImage *). */
char      *domus_backup_manifest_text        (GPtrArray *images);
/* The images (DomusBackupImage *) a manifest lists; NULL when TEXT is not
 * one. */
GPtrArray *domus_backup_manifest_parse       (const char *text,
                                              GError **error);
/* What is wrong (char *, empty when nothing) with the images FOUND in a
 * folder against those its manifest EXPECTED lists (NULL: no manifest, so
 * only that there is an image of each disk in DISKS, DomusBackupDisk *,
 * and none is empty). */
GPtrArray *domus_backup_compare_images       (GPtrArray *expected,
                                              GPtrArray *found,
                                              GPtrArray *disks);
/* The image of disk TARGET among NAMES ("vda.qcow2" or "vda.img"), or
 * NULL. */
const char *domus_backup_find_image          (const char * const *names,
                                              const char *target);

/* Runs ARGV (qemu-img on this computer, for a local host) from the caller's
 * main context, the worker left free (domus-domain-backup-verify.c). */
void       domus_backup_spawn_async          (const char * const *argv,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
/* Its exit status (-1 killed), and what it wrote on its error output in
 * STDERR_TEXT; FALSE when it could not run. */
gboolean   domus_backup_spawn_finish         (GAsyncResult *result,
                                              int *status,
                                              char **stderr_text,
                                              GError **error);
/* TRUE when CONN's host is this computer, where qemu-img reads its files. */
gboolean   domus_backup_host_is_local        (DomusConnection *conn);

/* domus_backup_restore_async() for an incremental backup
 * (domus-domain-backup-apply.c): its chain combined into each new volume. */
void       domus_backup_restore_chain_async  (DomusConnection *conn,
                                              const char *folder,
                                              const char *new_name,
                                              const char *pool,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);

G_END_DECLS
