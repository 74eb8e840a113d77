/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The volumes of one pool, managed one by one: listed in batches with the
 * guests that use each (a pool of thousands of volumes arrives a few
 * hundred at a time, one call per volume on the worker and none on the
 * main thread), made from a DomusVolumeSpec, deleted (refused while a guest
 * uses it unless confirmed), wiped, resized, cloned. Jobs on the host's
 * worker; results on the caller's main context.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"
#include "domus-storage.h"

G_BEGIN_DECLS

/* A new volume. */
typedef struct {
    char *name;
    char *format;           /* "qcow2", "raw"…; NULL: the pool's own (block pools) */
    guint64 capacity;       /* bytes */
    gboolean preallocate;   /* take the whole size now rather than as written */
    char *backing_path;     /* qcow2 only: the volume it starts as, or NULL */
    char *backing_format;
} DomusVolumeSpec;

/* How many volumes a batch carries at most. */
#define DOMUS_STORAGE_VOLUME_BATCH 200

/* Called on the main context with each batch (DomusVolumeInfo, users
 * filled in), in order, before the listing completes. BATCH is borrowed. */
typedef void (*DomusVolumeBatchFunc) (GPtrArray *batch,
                                      gpointer user_data);

DomusVolumeSpec *domus_volume_spec_new    (const char *name,
                                           const char *format,
                                           guint64 capacity);
void             domus_volume_spec_free   (DomusVolumeSpec *spec);
/* Whether SPEC can be made in a pool of POOL_TYPE; a message for people
 * next to the name when not. */
gboolean         domus_volume_spec_check  (const DomusVolumeSpec *spec,
                                           const char *pool_type,
                                           GError **error);
/* The volume's XML (libxml2). */
char            *domus_volume_spec_to_xml (const DomusVolumeSpec *spec);

/* Lists the volumes of POOL (refreshed first), BATCH with each batch as
 * it is read; the result is how many there were. */
void      domus_storage_list_volumes_batched_async  (DomusConnection *conn,
                                                     const char *pool,
                                                     DomusVolumeBatchFunc batch,
                                                     gpointer batch_data,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data);
gboolean  domus_storage_list_volumes_batched_finish (DomusConnection *conn,
                                                     GAsyncResult *result,
                                                     guint *count,
                                                     GError **error);

/* Makes SPEC in POOL; the result is the new volume's path. */
void      domus_storage_create_volume_spec_async    (DomusConnection *conn,
                                                     const char *pool,
                                                     const DomusVolumeSpec *spec,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data);
char     *domus_storage_create_volume_spec_finish   (DomusConnection *conn,
                                                     GAsyncResult *result,
                                                     GError **error);

/* Deletes volume NAME of POOL. Unless EVEN_IF_USED, a volume some guest
 * uses is refused with DOMUS_ERROR_IN_USE naming the guests. */
void      domus_storage_remove_volume_async         (DomusConnection *conn,
                                                     const char *pool,
                                                     const char *name,
                                                     gboolean even_if_used,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data);
gboolean  domus_storage_remove_volume_finish        (DomusConnection *conn,
                                                     GAsyncResult *result,
                                                     GError **error);

/* Overwrites the volume's data with zeros (virStorageVolWipe). */
void      domus_storage_wipe_volume_async           (DomusConnection *conn,
                                                     const char *pool,
                                                     const char *name,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data);
gboolean  domus_storage_wipe_volume_finish          (DomusConnection *conn,
                                                     GAsyncResult *result,
                                                     GError **error);

/* Sets the volume's size to CAPACITY bytes. Smaller than now loses what the
 * guest stored at its end: refused unless SHRINK. */
void      domus_storage_resize_volume_async         (DomusConnection *conn,
                                                     const char *pool,
                                                     const char *name,
                                                     guint64 capacity,
                                                     gboolean shrink,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data);
gboolean  domus_storage_resize_volume_finish        (DomusConnection *conn,
                                                     GAsyncResult *result,
                                                     GError **error);

/* Copies volume NAME of POOL to NEW_NAME in the same pool, converted to
 * FORMAT (NULL: the same format); the result is the copy's path. */
void      domus_storage_clone_volume_async          (DomusConnection *conn,
                                                     const char *pool,
                                                     const char *name,
                                                     const char *new_name,
                                                     const char *format,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data);
char     *domus_storage_clone_volume_finish         (DomusConnection *conn,
                                                     GAsyncResult *result,
                                                     GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusVolumeSpec, domus_volume_spec_free)

G_END_DECLS
