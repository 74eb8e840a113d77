/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A host's storage pools and volumes as plain data, read and changed by jobs
 * on the host's worker: list pools (capacity, free space, state), list a
 * pool's volumes, create and delete a volume. Results come back on the
 * caller's main context.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"

G_BEGIN_DECLS

typedef struct {
    char *name;
    char *type;             /* "dir", "logical", "netfs"… */
    char *target_path;      /* where its volumes live, or NULL */
    gboolean active;
    guint64 capacity;       /* bytes */
    guint64 allocation;
    guint64 available;
    /* Read by the pool list of the host window; 0/FALSE where unknown. */
    int state;              /* virStoragePoolState: 0 inactive … 4 inaccessible */
    gboolean autostart;
    gboolean persistent;    /* defined, rather than only created until stopped */
} DomusPoolInfo;

typedef struct {
    char *name;
    char *pool;
    char *path;             /* the path the host knows it by */
    char *format;           /* "qcow2", "raw", "iso"…, or NULL */
    gboolean is_block;      /* a block device rather than a file */
    guint64 capacity;       /* bytes */
    guint64 allocation;
    GStrv users;            /* the guests whose disks it is, when asked; else NULL */
} DomusVolumeInfo;

void             domus_pool_info_free    (DomusPoolInfo *info);
void             domus_volume_info_free  (DomusVolumeInfo *info);
DomusVolumeInfo *domus_volume_info_copy  (const DomusVolumeInfo *info);

/* Whether a pool of @pool_type keeps its volumes as files (dir, fs, netfs),
 * which take space only as the guest writes; other pools (logical, disk,
 * iscsi…) hand out block devices that take their whole size at once. */
gboolean            domus_storage_pool_holds_files (const char *pool_type);
/* Whether a pool of @pool_type hands out volumes libvirt can neither make
 * nor delete: the LUNs of a SAN (iscsi, iscsi-direct, scsi), the paths of
 * a multipath device (mpath). */
gboolean            domus_storage_pool_has_fixed_volumes (const char *pool_type);
/* The formats a new volume can take in a pool of @pool_type, the one to
 * offer first first: qcow2 and raw for files, raw for block devices. */
const char *const  *domus_storage_pool_formats     (const char *pool_type);

/* A GPtrArray of DomusPoolInfo, by name. */
void        domus_storage_list_pools_async    (DomusConnection *conn,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
GPtrArray  *domus_storage_list_pools_finish   (DomusConnection *conn,
                                               GAsyncResult *result,
                                               GError **error);

/* A GPtrArray of DomusVolumeInfo of @pool (every active pool when NULL),
 * refreshed first so that files copied into a directory pool show. */
void        domus_storage_list_volumes_async  (DomusConnection *conn,
                                               const char *pool,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
GPtrArray  *domus_storage_list_volumes_finish (DomusConnection *conn,
                                               GAsyncResult *result,
                                               GError **error);

/* Creates volume @name in @pool; the result is its path. A file grows as
 * the guest writes; a block device is allocated whole, and takes the
 * pool's format rather than @format. */
void        domus_storage_create_volume_async (DomusConnection *conn,
                                               const char *pool,
                                               const char *name,
                                               const char *format,
                                               guint64 capacity,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
char       *domus_storage_create_volume_finish (DomusConnection *conn,
                                                GAsyncResult *result,
                                                GError **error);

void        domus_storage_delete_volume_async (DomusConnection *conn,
                                               const char *pool,
                                               const char *name,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
gboolean    domus_storage_delete_volume_finish (DomusConnection *conn,
                                                GAsyncResult *result,
                                                GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusPoolInfo, domus_pool_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusVolumeInfo, domus_volume_info_free)

G_END_DECLS
