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

/* "YYYY-MM-DDTHH:MM:SS" or "YYYY-MM-DDTHH:MM:SS-incr", from DATE's local
 * time. */
char      *domus_backup_folder_name          (GDateTime *date,
                                              gboolean incremental);
/* FALSE when NAME is not a backup folder's name. */
gboolean   domus_backup_parse_folder_name    (const char *name,
                                              GDateTime **date,
                                              gboolean *incremental);
/* "domus-YYYYMMDD-HHMMSS": the checkpoint made with the backup of FOLDER
 * (a folder name), or NULL when FOLDER is no backup's name. */
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
} DomusBackupBegun;

void       domus_backup_begun_free           (DomusBackupBegun *begun);
/* A worker job (DomusWorkerJobFunc) on a DomusBackupBeginJob: returns a
 * DomusBackupBegun, or an error after removing the folder it made. */
void       domus_backup_begin_job            (GTask *task,
                                              virConnectPtr conn,
                                              gpointer task_data,
                                              GCancellable *cancellable);

G_END_DECLS
