/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Disk images between the workstation and a host's pool: what a local image
 * is (format and virtual size, from `qemu-img info`, or its header), an
 * import that streams it into a new volume (virStorageVolUpload) and
 * converts it on the host (virStorageVolCreateXMLFrom) when another format
 * is wanted, and a download of a volume into a local file
 * (virStorageVolDownload, holes kept). Transfers run on a thread of their
 * own with a reference to the host's connection, so the host's worker
 * stays free; they read and write in 1 MiB pieces (never a whole image in
 * memory), report progress on the caller's main context and stop on
 * cancel, removing what they made.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"

G_BEGIN_DECLS

typedef struct {
    char *format;           /* "qcow2", "vmdk", "vdi", "vhdx", "vpc", "qcow", "raw"… */
    guint64 virtual_size;   /* what the guest sees, bytes */
    guint64 file_size;      /* what is sent, bytes */
} DomusImageInfo;

void            domus_image_info_free            (DomusImageInfo *info);

/* The format a header (the file's first 512 bytes, or fewer) says, or
 * "raw". Pure; the fallback when qemu-img is not installed. */
const char     *domus_image_format_from_header   (const guint8 *header,
                                                  gsize length);

/* Probes the local file PATH (qemu-img info --output=json, run as a
 * subprocess; its header when qemu-img is missing). */
void            domus_image_probe_async          (const char *path,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer user_data);
DomusImageInfo *domus_image_probe_finish         (GAsyncResult *result,
                                                  GError **error);

/* DONE of TOTAL bytes sent or received; on the caller's main context. */
typedef void (*DomusTransferProgress) (guint64 done,
                                       guint64 total,
                                       gpointer user_data);

/* Makes volume NAME in POOL from the local file PATH, which INFO
 * describes, converted on the host to FORMAT (NULL: kept as it is). The
 * result is the new volume's path. */
void      domus_storage_import_async     (DomusConnection *conn,
                                          const char *pool,
                                          const char *name,
                                          const char *path,
                                          const DomusImageInfo *info,
                                          const char *format,
                                          DomusTransferProgress progress,
                                          gpointer progress_data,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
char     *domus_storage_import_finish    (DomusConnection *conn,
                                          GAsyncResult *result,
                                          GError **error);

/* Writes volume NAME of POOL to the local file PATH (replaced; holes kept
 * as holes where the host sends them). */
void      domus_storage_download_async   (DomusConnection *conn,
                                          const char *pool,
                                          const char *name,
                                          const char *path,
                                          DomusTransferProgress progress,
                                          gpointer progress_data,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
gboolean  domus_storage_download_finish  (DomusConnection *conn,
                                          GAsyncResult *result,
                                          GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusImageInfo, domus_image_info_free)

G_END_DECLS
