/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pure parts of migration, apart so that tests/core can check every
 * choice of the Migrate dialog against the virDomainMigrate3 flags and
 * parameters it becomes, and the job statistics against the progress
 * shown. Private to src/core and its tests: it includes libvirt.
 */
#pragma once

#include <libvirt/libvirt.h>

#include "domus-domain-migrate.h"

G_BEGIN_DECLS

/* A disk that storage copy moves: a writable file the destination needs. */
typedef struct {
    char *target;                /* "vda" */
    char *path;
    char *format;                /* "qcow2", "raw" */
    char *backing_path;          /* the next layer, or NULL */
    char *backing_format;
} DomusMigrateDisk;

void domus_migrate_disk_free (DomusMigrateDisk *disk);

/*
 * The flags and typed parameters of virDomainMigrate3 (or
 * virDomainMigrateToURI3 for peer-to-peer) for OPTIONS; *PARAMS is freed
 * with virTypedParamsFree (*PARAMS, *NPARAMS). FALSE with a sentence for
 * people when the choices contradict each other (tunnelled without
 * peer-to-peer, post-copy offline…).
 */
gboolean   domus_migrate_options_to_params  (const DomusMigrateOptions *options,
                                             virTypedParameterPtr *params,
                                             int *nparams,
                                             unsigned int *flags,
                                             GError **error);

/* The URI by which the source daemon reaches the destination's (peer to
 * peer): DEST_URI itself, but a local one on a socket of its own
 * ("qemu:///system?socket=…", which libvirt takes for the same host)
 * goes through the Unix transport ("qemu+unix:///system?socket=…"). */
char      *domus_migrate_peer_uri           (const char *dest_uri);

/* The guest's disks that STORAGE copies, from its domain XML, as
 * DomusMigrateDisk; empty for shared storage. */
GPtrArray *domus_migrate_list_disks         (const char *xml,
                                             DomusMigrateStorage storage,
                                             GError **error);

/* Volume XML for a copy of DISK named NAME of CAPACITY bytes. With TOP,
 * it keeps DISK's backing file (only the top layer is copied). */
char      *domus_migrate_volume_xml         (const DomusMigrateDisk *disk,
                                             const char *name,
                                             guint64 capacity,
                                             gboolean top);

/* XML with the disks whose source file is a key of MOVES pointing at its
 * value instead. */
char      *domus_migrate_rewrite_disks      (const char *xml,
                                             GHashTable *moves,
                                             GError **error);

/* Fills PROGRESS from the statistics of virDomainGetJobStats; POST_COPY
 * says the guest already runs on the destination. */
void       domus_migrate_progress_from_stats (virTypedParameterPtr params,
                                              int nparams,
                                              gboolean post_copy,
                                              DomusMigrateProgress *progress);

/* Where the guest NAME is after a failed or cancelled migration, as two
 * sentences: SOURCE_STATE and DEST_STATE are virDomainState values, or -1
 * when the host does not have the guest at all. */
char      *domus_migrate_describe_whereabouts (const char *name,
                                               const char *source_host,
                                               int source_state,
                                               const char *dest_host,
                                               int dest_state);

/* The started pool of CONN whose target directory is DIR, or NULL. */
virStoragePoolPtr domus_migrate_pool_of_directory (virConnectPtr conn,
                                                   const char *dir);

/* PROGRESS of an offline copy, on the migration's thread. */
typedef void (*DomusMigrateOfflineProgress) (const DomusMigrateProgress *progress,
                                             gpointer user_data);

/*
 * Moves the shut-off guest DOM of SCONN to DCONN with a copy of the disks
 * OPTIONS->storage names (libvirt refuses a storage copy offline): creates
 * each in OPTIONS->pool of DCONN (or the pool of its directory there),
 * copies it through the storage API's streams, defines the guest on DCONN
 * with the new paths and undefines it on SCONN unless OPTIONS->keep_source.
 * On failure or cancel (G_IO_ERROR_CANCELLED) nothing it made is left on
 * DCONN and SCONN is as it was. Blocks: the migration's thread only.
 */
gboolean   domus_migrate_offline_copy       (virConnectPtr sconn,
                                             virConnectPtr dconn,
                                             virDomainPtr dom,
                                             const DomusMigrateOptions *options,
                                             const char *name,
                                             const char *source_name,
                                             const char *dest_name,
                                             DomusMigrateOfflineProgress post,
                                             gpointer post_data,
                                             GCancellable *cancellable,
                                             GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusMigrateDisk, domus_migrate_disk_free)

G_END_DECLS
