/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Imports and downloads. A job on the host's worker hands the transfer a
 * reference to the connection and starts a thread for it (as the clone's
 * copy does); libvirt allows both threads on one connection. The thread
 * uses blocking streams, reads or writes the local file 1 MiB at a time,
 * posts progress to the caller's context and, at the end, an idle there
 * that completes the task: the task is only ever released on that
 * context.
 */
#include "config.h"

#include "domus-storage-import.h"
#include "domus-storage-private.h"

#include <errno.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"

#define CHUNK (1024 * 1024)
#define PROGRESS_INTERVAL_US (100 * 1000)

void
domus_image_info_free (DomusImageInfo *info)
{
    if (info == NULL)
        return;
    g_free (info->format);
    g_free (info);
}

const char *
domus_image_format_from_header (const guint8 *h, gsize n)
{
    static const guint8 vdi_magic[] = { 0x7f, 0x10, 0xda, 0xbe };

    if (n >= 8 && memcmp (h, "QFI\xfb", 4) == 0)
        return h[7] == 1 && h[4] == 0 && h[5] == 0 && h[6] == 0 ? "qcow" : "qcow2";
    if (n >= 4 && memcmp (h, "KDMV", 4) == 0)
        return "vmdk";
    if (n >= 21 && memcmp (h, "# Disk DescriptorFile", 21) == 0)
        return "vmdk";
    if (n >= 68 && memcmp (h + 64, vdi_magic, 4) == 0)
        return "vdi";
    if (n >= 8 && memcmp (h, "vhdxfile", 8) == 0)
        return "vhdx";
    if (n >= 8 && memcmp (h, "conectix", 8) == 0)
        return "vpc";
    return "raw";
}

/* ---- probing ---- */

static DomusImageInfo *
probe_header (const char *path, GError **error)
{
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
    g_autoptr(GFileInfo) finfo = NULL;
    guint8 header[512];
    gsize n = 0;
    DomusImageInfo *info;

    if (in == NULL ||
        !g_input_stream_read_all (G_INPUT_STREAM (in), header, sizeof header, &n, NULL, error))
        return NULL;
    finfo = g_file_input_stream_query_info (in, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, error);
    if (finfo == NULL)
        return NULL;
    info = g_new0 (DomusImageInfo, 1);
    info->format = g_strdup (domus_image_format_from_header (header, n));
    info->file_size = g_file_info_get_size (finfo);
    /* Only a raw image's size is its file's without qemu-img. */
    if (g_str_equal (info->format, "raw"))
        info->virtual_size = info->file_size;
    return info;
}

static guint64
json_number (const char *json, const char *key)
{
    g_autofree char *pattern = g_strdup_printf ("\"%s\":\\s*([0-9]+)", key);
    g_autoptr(GMatchInfo) match = NULL;
    g_autoptr(GRegex) re = g_regex_new (pattern, 0, 0, NULL);
    g_autofree char *digits = NULL;

    if (!g_regex_match (re, json, 0, &match))
        return 0;
    digits = g_match_info_fetch (match, 1);
    return g_ascii_strtoull (digits, NULL, 10);
}

static char *
json_string (const char *json, const char *key)
{
    g_autofree char *pattern = g_strdup_printf ("\"%s\":\\s*\"([^\"]*)\"", key);
    g_autoptr(GMatchInfo) match = NULL;
    g_autoptr(GRegex) re = g_regex_new (pattern, 0, 0, NULL);

    if (!g_regex_match (re, json, 0, &match))
        return NULL;
    return g_match_info_fetch (match, 1);
}

typedef struct {
    char *path;
} Probe;

static void
probe_free (Probe *probe)
{
    g_free (probe->path);
    g_free (probe);
}

static void
probe_communicated_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) task = user_data;
    Probe *probe = g_task_get_task_data (task);
    GSubprocess *proc = G_SUBPROCESS (source);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    GError *error = NULL;
    DomusImageInfo *info;

    if (!g_subprocess_communicate_utf8_finish (proc, result, &out, &err, &error)) {
        g_task_return_error (task, error);
        return;
    }
    if (!g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0) {
        g_task_return_new_error (task, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                                 _("Reading disk image “%s” failed: %s"), probe->path,
                                 err != NULL ? g_strstrip (err) : "");
        return;
    }
    info = g_new0 (DomusImageInfo, 1);
    /* qemu-img 7.2 writes the image's own keys first, before any child's. */
    info->format = json_string (out, "format");
    info->virtual_size = json_number (out, "virtual-size");
    {
        g_autoptr(GFile) file = g_file_new_for_path (probe->path);
        g_autoptr(GFileInfo) finfo = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                        G_FILE_QUERY_INFO_NONE, NULL, NULL);

        info->file_size = finfo != NULL ? (guint64) g_file_info_get_size (finfo) : 0;
    }
    if (info->format == NULL)
        info->format = g_strdup ("raw");
    g_task_return_pointer (task, info, (GDestroyNotify) domus_image_info_free);
}

void
domus_image_probe_async (const char *path, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
    GTask *task = g_task_new (NULL, cancellable, callback, user_data);
    Probe *probe = g_new0 (Probe, 1);
    g_autofree char *qemu_img = g_find_program_in_path ("qemu-img");
    g_autoptr(GSubprocess) proc = NULL;
    GError *error = NULL;

    g_return_if_fail (path != NULL);
    probe->path = g_canonicalize_filename (path, NULL);
    g_task_set_task_data (task, probe, (GDestroyNotify) probe_free);
    if (qemu_img == NULL) {
        DomusImageInfo *info = probe_header (probe->path, &error);

        if (info == NULL)
            g_task_return_error (task, error);
        else
            g_task_return_pointer (task, info, (GDestroyNotify) domus_image_info_free);
        g_object_unref (task);
        return;
    }
    /* An absolute path never reads as an option. */
    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                             &error, qemu_img, "info", "--output=json", probe->path, NULL);
    if (proc == NULL) {
        g_task_return_error (task, error);
        g_object_unref (task);
        return;
    }
    g_subprocess_communicate_utf8_async (proc, NULL, cancellable, probe_communicated_cb, task);
}

DomusImageInfo *
domus_image_probe_finish (GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- transfers ---- */

typedef struct {
    GTask *task;                /* released on its context only */
    virConnectPtr conn;         /* the thread's reference */
    gboolean download;
    char *pool;
    char *name;
    char *path;
    char *src_format;
    char *format;
    guint64 virtual_size;
    guint64 file_size;
    DomusTransferProgress progress;
    gpointer progress_data;
    GCancellable *cancellable;
    int fd;
    guint64 done;
    guint64 total;
    gint64 last_progress;
    char *result_path;
    GError *error;
} Transfer;

static void
transfer_free (Transfer *t)
{
    g_assert (t->conn == NULL);
    g_clear_object (&t->task);
    g_free (t->pool);
    g_free (t->name);
    g_free (t->path);
    g_free (t->src_format);
    g_free (t->format);
    g_clear_object (&t->cancellable);
    g_free (t->result_path);
    g_clear_error (&t->error);
    g_free (t);
}

typedef struct {
    GTask *task;
    DomusTransferProgress progress;
    gpointer progress_data;
    guint64 done;
    guint64 total;
} ProgressUpdate;

static void
progress_update_free (ProgressUpdate *update)
{
    g_object_unref (update->task);
    g_free (update);
}

static gboolean
deliver_progress_cb (gpointer data)
{
    ProgressUpdate *update = data;

    if (!g_task_get_completed (update->task))
        update->progress (update->done, update->total, update->progress_data);
    return G_SOURCE_REMOVE;
}

static void
post_progress (Transfer *t, gboolean force)
{
    gint64 now = g_get_monotonic_time ();
    ProgressUpdate *update;
    g_autoptr(GSource) source = NULL;

    if (t->progress == NULL || (!force && now - t->last_progress < PROGRESS_INTERVAL_US))
        return;
    t->last_progress = now;
    update = g_new0 (ProgressUpdate, 1);
    /* A reference taken here is dropped on the context, by the source. */
    update->task = g_object_ref (t->task);
    update->progress = t->progress;
    update->progress_data = t->progress_data;
    update->done = t->done;
    update->total = t->total;
    source = g_idle_source_new ();
    g_source_set_callback (source, deliver_progress_cb, update,
                           (GDestroyNotify) progress_update_free);
    g_source_attach (source, g_task_get_context (t->task));
}

/* On the task's context: the end. */
static gboolean
transfer_done_cb (gpointer data)
{
    Transfer *t = data;

    if (t->error != NULL)
        g_task_return_error (t->task, g_steal_pointer (&t->error));
    else if (t->download)
        g_task_return_boolean (t->task, TRUE);
    else
        g_task_return_pointer (t->task, g_steal_pointer (&t->result_path), g_free);
    return G_SOURCE_REMOVE;
}

static void
finish_thread (Transfer *t)
{
    g_autoptr(GSource) idle = g_idle_source_new ();

    virConnectClose (t->conn);
    t->conn = NULL;
    virResetLastError ();
    if (t->fd >= 0)
        close (t->fd);
    t->fd = -1;
    g_source_set_callback (idle, transfer_done_cb, t, (GDestroyNotify) transfer_free);
    g_source_attach (idle, g_task_get_context (t->task));
}

static void
fail_libvirt (Transfer *t, char *what_taken)
{
    g_autofree char *what = what_taken;

    if (t->error == NULL)
        domus_set_error_from_libvirt (&t->error, what);
}

static void
fail_cancelled (Transfer *t)
{
    g_clear_error (&t->error);
    g_set_error_literal (&t->error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         t->download ? _("The download was cancelled.")
                                     : _("The import was cancelled."));
}

/* Sends the whole local file into ST; FALSE with t->error set. */
static gboolean
send_file (Transfer *t, virStreamPtr st)
{
    g_autofree char *buf = g_malloc (CHUNK);

    for (;;) {
        ssize_t n = read (t->fd, buf, CHUNK);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int saved = errno;

            g_set_error (&t->error, G_IO_ERROR, g_io_error_from_errno (saved),
                         _("Reading “%s” failed: %s"), t->path, g_strerror (saved));
            return FALSE;
        }
        if (n == 0)
            return TRUE;
        if (g_cancellable_is_cancelled (t->cancellable)) {
            fail_cancelled (t);
            return FALSE;
        }
        for (ssize_t off = 0; off < n;) {
            int sent = virStreamSend (st, buf + off, (size_t) (n - off));

            if (sent < 0) {
                fail_libvirt (t, g_strdup_printf (_("Sending “%s” to the host failed"),
                                                  t->path));
                return FALSE;
            }
            off += sent;
        }
        t->done += (guint64) n;
        post_progress (t, FALSE);
    }
}

/* Formats libvirt's volumes can be (and so convert from on the host). */
static gboolean
host_knows_format (const char *format)
{
    static const char *const known[] = { "raw", "qcow", "qcow2", "vmdk", "vdi", "vpc", "qed",
                                         "cow", "bochs", "cloop", "dmg", "iso", NULL };

    return format != NULL && g_strv_contains (known, format);
}

/* The host cannot read the image (vhdx…): converted here first, with
 * qemu-img, into a temporary file that is sent instead. */
static gboolean
convert_locally (Transfer *t, char **tmp_path)
{
    g_autofree char *qemu_img = g_find_program_in_path ("qemu-img");
    const char *format = t->format != NULL ? t->format : "qcow2";
    g_autofree char *err = NULL;
    int fd, status = -1;

    if (qemu_img == NULL) {
        g_set_error (&t->error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                     _("The host cannot read %s images, and qemu-img is not installed here "
                       "to convert “%s”."), t->src_format, t->path);
        return FALSE;
    }
    fd = g_file_open_tmp ("domus-import-XXXXXX", tmp_path, &t->error);
    if (fd < 0)
        return FALSE;
    close (fd);
    {
        const char *argv[] = { qemu_img, "convert", "-f", t->src_format, "-O", format,
                               t->path, *tmp_path, NULL };

        if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                           NULL, &err, &status, &t->error))
            return FALSE;
    }
    if (!g_spawn_check_wait_status (status, NULL)) {
        g_set_error (&t->error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                     _("Converting “%s” to %s failed: %s"), t->path, format, g_strstrip (err));
        return FALSE;
    }
    g_free (t->path);
    t->path = g_strdup (*tmp_path);
    g_free (t->src_format);
    t->src_format = g_strdup (format);
    {
        struct stat st;

        if (stat (*tmp_path, &st) == 0)
            t->file_size = t->total = (guint64) st.st_size;
    }
    return TRUE;
}

static gpointer
import_thread (gpointer data)
{
    Transfer *t = data;
    g_autofree char *tmp_path = NULL;
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (t->conn, t->pool);
    g_autoptr(virStorageVol) vol = NULL;
    g_autoptr(virStorageVol) converted = NULL;
    g_autoptr(virStream) st = NULL;
    g_autoptr(DomusPoolInfo) pool_info = NULL;
    gboolean converting;
    g_autofree char *upload_name = NULL;
    g_autofree char *xml = NULL;
    gboolean files;
    char *path;

    if (!host_knows_format (t->src_format) && !convert_locally (t, &tmp_path))
        goto out;
    converting = t->format != NULL && g_strcmp0 (t->format, t->src_format) != 0;
    upload_name = converting ? g_strdup_printf ("%s.%s-import", t->name, t->src_format)
                             : g_strdup (t->name);
    if (pool == NULL) {
        fail_libvirt (t, g_strdup_printf (_("Reading storage pool “%s” failed"), t->pool));
        goto out;
    }
    pool_info = domus_storage_read_pool (pool);
    files = domus_storage_pool_holds_files (pool_info->type);
    /* The upload's volume takes the image as it is; the conversion makes
     * the one asked for from it. */
    xml = domus_storage_volume_xml (upload_name, files ? t->src_format : NULL,
                                    MAX (t->virtual_size, t->file_size), 0);
    vol = virStorageVolCreateXML (pool, xml, 0);
    if (vol == NULL) {
        fail_libvirt (t, g_strdup_printf (_("Creating volume “%s” in pool “%s” failed"),
                                          upload_name, t->pool));
        goto out;
    }
    t->fd = open (t->path, O_RDONLY | O_CLOEXEC);
    if (t->fd < 0) {
        int saved = errno;

        g_set_error (&t->error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("Opening “%s” failed: %s"), t->path, g_strerror (saved));
        goto out;
    }
    st = virStreamNew (t->conn, 0);
    if (st == NULL || virStorageVolUpload (vol, st, 0, t->file_size, 0) < 0) {
        fail_libvirt (t, g_strdup_printf (_("Uploading to volume “%s” failed"), upload_name));
        goto out;
    }
    if (!send_file (t, st)) {
        virStreamAbort (st);
        goto out;
    }
    if (virStreamFinish (st) < 0) {
        fail_libvirt (t, g_strdup_printf (_("Uploading to volume “%s” failed"), upload_name));
        goto out;
    }
    post_progress (t, TRUE);
    if (converting) {
        g_autofree char *to = domus_storage_volume_xml (t->name, files ? t->format : NULL,
                                                        t->virtual_size, 0);

        converted = virStorageVolCreateXMLFrom (pool, to, vol, 0);
        if (converted == NULL) {
            fail_libvirt (t, g_strdup_printf (_("Converting “%s” to %s failed"), t->path,
                                              t->format));
            goto out;
        }
    }
    path = virStorageVolGetPath (converted != NULL ? converted : vol);
    t->result_path = g_strdup (path);
    free (path);

out:
    /* What this import made goes again on failure; the upload's volume
     * too once converted. */
    if (vol != NULL && (t->error != NULL || converted != NULL))
        virStorageVolDelete (vol, 0);
    if (converted != NULL && t->error != NULL)
        virStorageVolDelete (converted, 0);
    if (tmp_path != NULL)
        g_unlink (tmp_path);
    g_clear_pointer (&st, virStreamFree);
    g_clear_pointer (&vol, virStorageVolFree);
    g_clear_pointer (&converted, virStorageVolFree);
    g_clear_pointer (&pool, virStoragePoolFree);
    finish_thread (t);
    return NULL;
}

static int
sink_cb (virStreamPtr st, const char *bytes, size_t nbytes, void *opaque)
{
    Transfer *t = opaque;

    if (g_cancellable_is_cancelled (t->cancellable))
        return -1;
    for (size_t off = 0; off < nbytes;) {
        ssize_t n = write (t->fd, bytes + off, nbytes - off);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int saved = errno;

            g_set_error (&t->error, G_IO_ERROR, g_io_error_from_errno (saved),
                         _("Writing “%s” failed: %s"), t->path, g_strerror (saved));
            return -1;
        }
        off += (size_t) n;
    }
    t->done += nbytes;
    post_progress (t, FALSE);
    return (int) nbytes;
}

/* A hole: skipped in the local file, which stays sparse there. */
static int
hole_cb (virStreamPtr st, long long length, void *opaque)
{
    Transfer *t = opaque;

    if (g_cancellable_is_cancelled (t->cancellable))
        return -1;
    if (lseek (t->fd, length, SEEK_CUR) < 0) {
        int saved = errno;

        g_set_error (&t->error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("Writing “%s” failed: %s"), t->path, g_strerror (saved));
        return -1;
    }
    t->done += (guint64) length;
    post_progress (t, FALSE);
    return 0;
}

static gpointer
download_thread (gpointer data)
{
    Transfer *t = data;
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (t->conn, t->pool);
    g_autoptr(virStorageVol) vol = pool != NULL ? virStorageVolLookupByName (pool, t->name)
                                                : NULL;
    g_autoptr(virStream) st = NULL;
    virStorageVolInfo info;
    off_t end;

    if (vol == NULL) {
        fail_libvirt (t, g_strdup_printf (_("Reading volume “%s” of pool “%s” failed"),
                                          t->name, t->pool));
        goto out;
    }
    /* What is sent: the volume's file as it is on the host. */
    if (virStorageVolGetInfoFlags (vol, &info, VIR_STORAGE_VOL_GET_PHYSICAL) == 0)
        t->total = info.allocation;
    virResetLastError ();
    t->fd = open (t->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (t->fd < 0) {
        int saved = errno;

        g_set_error (&t->error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("Opening “%s” failed: %s"), t->path, g_strerror (saved));
        goto out;
    }
    st = virStreamNew (t->conn, 0);
    if (st == NULL ||
        virStorageVolDownload (vol, st, 0, 0, VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM) < 0) {
        fail_libvirt (t, g_strdup_printf (_("Downloading volume “%s” failed"), t->name));
        goto out;
    }
    if (virStreamSparseRecvAll (st, sink_cb, hole_cb, t) < 0) {
        if (g_cancellable_is_cancelled (t->cancellable))
            fail_cancelled (t);
        else
            fail_libvirt (t, g_strdup_printf (_("Downloading volume “%s” failed"), t->name));
        virStreamAbort (st);
        goto out;
    }
    if (virStreamFinish (st) < 0) {
        fail_libvirt (t, g_strdup_printf (_("Downloading volume “%s” failed"), t->name));
        goto out;
    }
    /* A hole at the end is the file's length still to be set. */
    end = lseek (t->fd, 0, SEEK_CUR);
    if (end < 0 || ftruncate (t->fd, end) < 0) {
        int saved = errno;

        g_set_error (&t->error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("Writing “%s” failed: %s"), t->path, g_strerror (saved));
        goto out;
    }
    post_progress (t, TRUE);

out:
    if (t->error != NULL && t->fd >= 0)
        g_unlink (t->path);
    g_clear_pointer (&st, virStreamFree);
    g_clear_pointer (&vol, virStorageVolFree);
    g_clear_pointer (&pool, virStoragePoolFree);
    finish_thread (t);
    return NULL;
}

/* Worker: hands the transfer its own reference to the connection and a
 * thread; the worker is free again at once. */
static void
start_transfer_job (GTask *task, virConnectPtr conn, gpointer task_data,
                    GCancellable *cancellable)
{
    Transfer *t = task_data;

    virConnectRef (conn);
    t->conn = conn;
    g_thread_unref (g_thread_new (t->download ? "domus-download" : "domus-import",
                                  t->download ? download_thread : import_thread, t));
    g_task_return_boolean (task, TRUE);
}

static void
transfer_started_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Transfer *t = user_data;
    GError *error = NULL;

    /* Not started (the host went away first): the thread never had it. */
    if (!g_task_propagate_boolean (G_TASK (result), &error)) {
        g_task_return_error (t->task, error);
        transfer_free (t);
    }
}

static Transfer *
transfer_new (DomusConnection *conn, gboolean download, const char *pool, const char *name,
              const char *path, DomusTransferProgress progress, gpointer progress_data,
              GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
    Transfer *t = g_new0 (Transfer, 1);

    t->task = g_task_new (conn, cancellable, callback, user_data);
    /* The thread checks the cancellable itself and removes what it made:
     * the task must wait for it rather than end at once. */
    g_task_set_check_cancellable (t->task, FALSE);
    t->download = download;
    t->pool = g_strdup (pool);
    t->name = g_strdup (name);
    t->path = g_strdup (path);
    t->progress = progress;
    t->progress_data = progress_data;
    t->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
    t->fd = -1;
    return t;
}

void
domus_storage_import_async (DomusConnection *conn, const char *pool, const char *name,
                            const char *path, const DomusImageInfo *info, const char *format,
                            DomusTransferProgress progress, gpointer progress_data,
                            GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
    Transfer *t;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (pool != NULL && name != NULL && path != NULL && info != NULL);
    t = transfer_new (conn, FALSE, pool, name, path, progress, progress_data, cancellable,
                      callback, user_data);
    t->src_format = g_strdup (info->format);
    t->format = g_strdup (format);
    t->virtual_size = info->virtual_size;
    t->file_size = info->file_size;
    t->total = info->file_size;
    domus_connection_run_job (conn, start_transfer_job, t, NULL, NULL, transfer_started_cb, t);
}

char *
domus_storage_import_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

void
domus_storage_download_async (DomusConnection *conn, const char *pool, const char *name,
                              const char *path, DomusTransferProgress progress,
                              gpointer progress_data, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
    Transfer *t;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (pool != NULL && name != NULL && path != NULL);
    t = transfer_new (conn, TRUE, pool, name, path, progress, progress_data, cancellable,
                      callback, user_data);
    domus_connection_run_job (conn, start_transfer_job, t, NULL, NULL, transfer_started_cb, t);
}

gboolean
domus_storage_download_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}
