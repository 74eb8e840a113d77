/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Storage on a private libvirtd (one shared daemon): a directory pool
 * made, stopped, started, refreshed and deleted with its directory; every
 * volume action on it, checked on disk (a wipe leaves zeros, a resize
 * changes the size, a shrink needs consent); a file imported and
 * downloaded back byte for byte; images that qemu-img made as vmdk, vdi
 * and vhdx detected with their size and imported into qcow2 volumes that
 * `qemu-img compare` equal to the original; a cancelled import leaves
 * nothing behind. Guests booting from an imported volume and from an
 * iSCSI LUN: test-real-storage-boot.c; the create assistant offering an
 * imported volume: test-real-storage-assistant.c.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "domus-connection.h"
#include "domus-error.h"
#include "domus-libvirt.h"
#include "domus-storage-import.h"
#include "domus-storage-pool.h"
#include "domus-storage-volume.h"
#include "domus-test-create.h"
#include "domus-test-daemon.h"
#include "test-real-storage-boot.h"

#define TIMEOUT_S 120
#define MIB (1024 * 1024)

typedef struct {
    DomusTestDaemon *daemon;
    DomusConnection *conn;
    char *dir;          /* the pool's directory */
    char *pool;
    char *work;         /* local files of the test */
} Fixture;

#define AWAIT(res, what) DOMUS_TEST_WAIT_UNTIL ((res) != NULL, TIMEOUT_S, (what))

static gboolean
pool_action (Fixture *f, const char *pool, DomusPoolAction action, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_storage_pool_action_async (f->conn, pool, action, NULL, domus_test_result_cb, &res);
    AWAIT (res, "a pool action");
    return domus_storage_pool_action_finish (f->conn, res, error);
}

static DomusPoolInfo *
read_pool (Fixture *f, const char *pool, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_storage_read_pool_async (f->conn, pool, NULL, domus_test_result_cb, &res);
    AWAIT (res, "the pool");
    return domus_storage_read_pool_finish (f->conn, res, error);
}

static void
define_dir_pool (Fixture *f, const char *name, const char *dir)
{
    g_autoptr(DomusPoolSpec) spec = domus_pool_spec_new ("dir", name);
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;

    spec->target_path = g_strdup (dir);
    g_assert_true (domus_pool_spec_check (spec, NULL, &error));
    xml = domus_pool_spec_to_xml (spec);
    domus_storage_define_pool_async (f->conn, xml, TRUE, TRUE, NULL, domus_test_result_cb,
                                     &res);
    AWAIT (res, "the pool defined");
    g_assert_true (domus_storage_define_pool_finish (f->conn, res, &error));
    g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;

    f->daemon = domus_test_daemon_shared (FALSE);
    if (f->daemon == NULL)
        return;
    f->conn = domus_test_connect (domus_test_daemon_get_qemu_uri (f->daemon));
    f->pool = g_strdup ("domus-real-storage");
    f->dir = g_build_filename (domus_test_daemon_get_dir (f->daemon), "real-storage", NULL);
    f->work = g_dir_make_tmp ("domus-real-storage-XXXXXX", &error);
    g_assert_no_error (error);
    define_dir_pool (f, f->pool, f->dir);
}

static void
remove_dir (const char *dir)
{
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL) {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
    }
    g_rmdir (dir);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    if (f->daemon == NULL)
        return;
    remove_dir (f->dir);
    pool_action (f, f->pool, DOMUS_POOL_ACTION_DELETE, NULL);
    remove_dir (f->work);
    g_clear_object (&f->conn);
    g_free (f->dir);
    g_free (f->pool);
    g_free (f->work);
}

typedef struct {
    GPtrArray *volumes;
} Listing;

static void
batch_cb (GPtrArray *batch, gpointer user_data)
{
    GPtrArray *out = user_data;

    for (guint i = 0; i < batch->len; i++)
        g_ptr_array_add (out, domus_volume_info_copy (g_ptr_array_index (batch, i)));
}

/* The pool's volume NAME as listed now, or NULL. */
static DomusVolumeInfo *
find_volume (Fixture *f, const char *name)
{
    g_autoptr(GPtrArray) out =
        g_ptr_array_new_with_free_func ((GDestroyNotify) domus_volume_info_free);
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;

    domus_storage_list_volumes_batched_async (f->conn, f->pool, batch_cb, out, NULL,
                                              domus_test_result_cb, &res);
    AWAIT (res, "the volumes");
    domus_storage_list_volumes_batched_finish (f->conn, res, NULL, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < out->len; i++) {
        DomusVolumeInfo *v = g_ptr_array_index (out, i);

        if (g_str_equal (v->name, name))
            return domus_volume_info_copy (v);
    }
    return NULL;
}

static guint
count_volumes (Fixture *f)
{
    g_autoptr(GPtrArray) out =
        g_ptr_array_new_with_free_func ((GDestroyNotify) domus_volume_info_free);
    g_autoptr(GAsyncResult) res = NULL;
    guint count = 0;

    domus_storage_list_volumes_batched_async (f->conn, f->pool, batch_cb, out, NULL,
                                              domus_test_result_cb, &res);
    AWAIT (res, "the volumes");
    g_assert_true (domus_storage_list_volumes_batched_finish (f->conn, res, &count, NULL));
    return count;
}

static void
test_pool_actions (Fixture *f, gconstpointer data)
{
    g_autofree char *dir = NULL;
    g_autoptr(DomusPoolInfo) info = NULL;
    g_autoptr(GError) error = NULL;

    if (f->daemon == NULL)
        return;
    dir = g_build_filename (domus_test_daemon_get_dir (f->daemon), "made-by-build", NULL);
    define_dir_pool (f, "built", dir);
    /* The build made the directory. */
    g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
    info = read_pool (f, "built", &error);
    g_assert_no_error (error);
    g_assert_true (info->active);
    g_assert_true (info->autostart);
    g_assert_true (info->persistent);
    g_assert_cmpuint (info->capacity, >, 0);
    g_clear_pointer (&info, domus_pool_info_free);

    g_assert_true (pool_action (f, "built", DOMUS_POOL_ACTION_AUTOSTART_OFF, &error));
    g_assert_true (pool_action (f, "built", DOMUS_POOL_ACTION_STOP, &error));
    info = read_pool (f, "built", &error);
    g_assert_false (info->active);
    g_assert_false (info->autostart);
    g_clear_pointer (&info, domus_pool_info_free);
    g_assert_true (pool_action (f, "built", DOMUS_POOL_ACTION_START, &error));
    g_assert_true (pool_action (f, "built", DOMUS_POOL_ACTION_REFRESH, &error));
    g_assert_no_error (error);
    g_assert_true (pool_action (f, "built", DOMUS_POOL_ACTION_DELETE_WITH_STORAGE, &error));
    g_assert_no_error (error);
    g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
    g_assert_null (read_pool (f, "built", NULL));
}

static char *
create_volume (Fixture *f, DomusVolumeSpec *spec)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    char *path;

    domus_storage_create_volume_spec_async (f->conn, f->pool, spec, NULL,
                                            domus_test_result_cb, &res);
    AWAIT (res, "the new volume");
    path = domus_storage_create_volume_spec_finish (f->conn, res, &error);
    g_assert_no_error (error);
    return path;
}

static gboolean
resize (Fixture *f, const char *name, guint64 capacity, gboolean shrink, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_storage_resize_volume_async (f->conn, f->pool, name, capacity, shrink, NULL,
                                       domus_test_result_cb, &res);
    AWAIT (res, "the resize");
    return domus_storage_resize_volume_finish (f->conn, res, error);
}

static gboolean
all_zero (const char *path)
{
    g_autofree char *bytes = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
    for (gsize i = 0; i < len; i++)
        if (bytes[i] != 0)
            return FALSE;
    return len > 0;
}

static void
test_volume_actions (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusVolumeSpec) raw = domus_volume_spec_new ("data.raw", "raw", 8 * MIB);
    g_autoptr(DomusVolumeSpec) thin = domus_volume_spec_new ("thin.raw", "raw", 8 * MIB);
    g_autofree char *thin_path = NULL;
    g_autoptr(DomusVolumeSpec) base = domus_volume_spec_new ("base.qcow2", "qcow2", 8 * MIB);
    g_autoptr(DomusVolumeSpec) child = domus_volume_spec_new ("child.qcow2", "qcow2", 8 * MIB);
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) res = NULL;
    g_autofree char *raw_path = NULL;
    g_autofree char *base_path = NULL;
    g_autofree char *child_path = NULL;
    g_autofree char *copy = NULL;
    g_autofree char *pattern = NULL;
    g_autoptr(DomusVolumeInfo) v = NULL;

    if (f->daemon == NULL)
        return;
    raw->preallocate = TRUE;
    raw_path = create_volume (f, raw);
    v = find_volume (f, "data.raw");
    g_assert_cmpuint (v->capacity, ==, 8 * MIB);
    g_assert_cmpuint (v->allocation, >=, 8 * MIB);
    g_clear_pointer (&v, domus_volume_info_free);

    /* Something written, then wiped: zeros. */
    pattern = g_strnfill (MIB, 'x');
    g_assert_true (g_file_set_contents (raw_path, pattern, MIB, NULL));
    g_assert_false (all_zero (raw_path));
    domus_storage_wipe_volume_async (f->conn, f->pool, "data.raw", NULL, domus_test_result_cb,
                                     &res);
    AWAIT (res, "the wipe");
    g_assert_true (domus_storage_wipe_volume_finish (f->conn, res, &error));
    g_assert_no_error (error);
    g_assert_true (all_zero (raw_path));

    /* Grown; shrinking needs consent. */
    g_assert_true (resize (f, "data.raw", 16 * MIB, FALSE, &error));
    g_assert_no_error (error);
    v = find_volume (f, "data.raw");
    g_assert_cmpuint (v->capacity, ==, 16 * MIB);
    g_clear_pointer (&v, domus_volume_info_free);
    g_assert_false (resize (f, "data.raw", 4 * MIB, FALSE, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
    g_clear_error (&error);
    /* Consented, on a volume that has not taken its space yet (libvirt
     * never shrinks below what a file already holds). */
    g_free (thin_path);
    thin_path = create_volume (f, thin);
    g_assert_true (resize (f, "thin.raw", 4 * MIB, TRUE, &error));
    g_assert_no_error (error);
    v = find_volume (f, "thin.raw");
    g_assert_cmpuint (v->capacity, ==, 4 * MIB);
    g_clear_pointer (&v, domus_volume_info_free);

    /* A qcow2 volume on a backing volume. */
    base_path = create_volume (f, base);
    child->backing_path = g_strdup (base_path);
    child->backing_format = g_strdup ("qcow2");
    child_path = create_volume (f, child);
    g_assert_true (g_file_test (child_path, G_FILE_TEST_EXISTS));

    /* Cloned, converted to raw on the way. */
    g_clear_object (&res);
    domus_storage_clone_volume_async (f->conn, f->pool, "base.qcow2", "base-copy.raw", "raw",
                                      NULL, domus_test_result_cb, &res);
    AWAIT (res, "the copy");
    copy = domus_storage_clone_volume_finish (f->conn, res, &error);
    g_assert_no_error (error);
    v = find_volume (f, "base-copy.raw");
    g_assert_cmpstr (v->format, ==, "raw");
    g_assert_cmpuint (v->capacity, ==, 8 * MIB);
    g_assert_cmpuint (count_volumes (f), ==, 5);

    const char *names[] = { "child.qcow2", "base.qcow2", "base-copy.raw", "data.raw",
                            "thin.raw" };
    for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
        g_clear_object (&res);
        domus_storage_remove_volume_async (f->conn, f->pool, names[i], FALSE, NULL,
                                           domus_test_result_cb, &res);
        AWAIT (res, "the volume deleted");
        g_assert_true (domus_storage_remove_volume_finish (f->conn, res, &error));
        g_assert_no_error (error);
    }
    g_assert_cmpuint (count_volumes (f), ==, 0);
    g_assert_false (g_file_test (raw_path, G_FILE_TEST_EXISTS));
}

static gboolean
have_program (const char *name)
{
    g_autofree char *path = g_find_program_in_path (name);

    return path != NULL;
}

static DomusImageInfo *
probe (const char *path)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    DomusImageInfo *info;

    domus_image_probe_async (path, NULL, domus_test_result_cb, &res);
    AWAIT (res, "qemu-img info");
    info = domus_image_probe_finish (res, &error);
    g_assert_no_error (error);
    return info;
}

typedef struct {
    guint calls;
    guint64 done;
    guint64 total;
} Progress;

static void
progress_cb (guint64 done, guint64 total, gpointer user_data)
{
    Progress *p = user_data;

    g_assert_cmpuint (done, >=, p->done);
    p->calls++;
    p->done = done;
    p->total = total;
}

static char *
import (Fixture *f, const char *name, const char *path, const DomusImageInfo *info,
        const char *format, Progress *progress, GCancellable *cancellable, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_storage_import_async (f->conn, f->pool, name, path, info, format, progress_cb,
                                progress, cancellable, domus_test_result_cb, &res);
    AWAIT (res, "the import");
    return domus_storage_import_finish (f->conn, res, error);
}

/* A raw image of SIZE bytes with data in a few places and holes between. */
static char *
make_raw (Fixture *f, const char *name, gsize size)
{
    g_autofree char *path = g_build_filename (f->work, name, NULL);
    g_autoptr(GRand) rand = g_rand_new_with_seed (42);
    g_autofree guint32 *data = g_new (guint32, MIB / 4);
    FILE *out = fopen (path, "wb");

    g_assert_nonnull (out);
    for (guint i = 0; i < MIB / 4; i++)
        data[i] = g_rand_int (rand);
    g_assert_cmpint (fwrite (data, 1, MIB, out), ==, MIB);
    g_assert_cmpint (fseek (out, (long) (size / 2), SEEK_SET), ==, 0);
    g_assert_cmpint (fwrite (data, 1, MIB / 2, out), ==, MIB / 2);
    g_assert_cmpint (ftruncate (fileno (out), (off_t) size), ==, 0);
    fclose (out);
    return g_steal_pointer (&path);
}

static void
test_upload_download (Fixture *f, gconstpointer data)
{
    g_autofree char *original = NULL;
    g_autofree char *back = NULL;
    g_autofree char *vol = NULL;
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;
    g_autoptr(DomusImageInfo) info = NULL;
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    gsize alen = 0, blen = 0;
    Progress up = { 0 }, down = { 0 };

    if (f->daemon == NULL)
        return;
    original = make_raw (f, "disk.img", 6 * MIB);
    info = probe (original);
    g_assert_cmpstr (info->format, ==, "raw");
    g_assert_cmpuint (info->virtual_size, ==, 6 * MIB);
    g_assert_cmpuint (info->file_size, ==, 6 * MIB);
    vol = import (f, "disk.img", original, info, NULL, &up, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (up.done, ==, 6 * MIB);
    g_assert_cmpuint (up.total, ==, 6 * MIB);

    back = g_build_filename (f->work, "back.img", NULL);
    domus_storage_download_async (f->conn, f->pool, "disk.img", back, progress_cb, &down, NULL,
                                  domus_test_result_cb, &res);
    AWAIT (res, "the download");
    g_assert_true (domus_storage_download_finish (f->conn, res, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (down.calls, >, 0);
    g_assert_true (g_file_get_contents (original, &a, &alen, NULL));
    g_assert_true (g_file_get_contents (back, &b, &blen, NULL));
    g_assert_cmpuint (alen, ==, blen);
    g_assert_true (memcmp (a, b, alen) == 0);
}

static void
test_import_converts (Fixture *f, gconstpointer data)
{
    const char *const formats[] = { "vmdk", "vdi", "vhdx" };
    g_autofree char *original = NULL;

    if (f->daemon == NULL)
        return;
    if (!have_program ("qemu-img")) {
        domus_test_skip_or_require ("qemu-img is not installed (Debian package qemu-utils)");
        return;
    }
    original = make_raw (f, "orig.raw", 16 * MIB);
    for (guint i = 0; i < G_N_ELEMENTS (formats); i++) {
        g_autofree char *image = g_strdup_printf ("%s/orig.%s", f->work, formats[i]);
        g_autofree char *name = g_strdup_printf ("from-%s.qcow2", formats[i]);
        g_autofree char *vol = NULL;
        g_autofree char *leftover = g_strdup_printf ("%s.%s-import", name, formats[i]);
        g_autoptr(DomusImageInfo) info = NULL;
        g_autoptr(DomusVolumeInfo) v = NULL;
        g_autoptr(GError) error = NULL;
        const char *convert[] = { "qemu-img", "convert", "-f", "raw", "-O", formats[i],
                                  original, image, NULL };
        const char *compare[] = { "qemu-img", "compare", "-q", original, NULL, NULL };
        int status = -1;
        Progress progress = { 0 };

        g_test_message ("format %s", formats[i]);
        g_assert_true (g_spawn_sync (NULL, (char **) convert, NULL, G_SPAWN_SEARCH_PATH, NULL,
                                     NULL, NULL, NULL, &status, &error));
        g_assert_no_error (error);
        g_assert_cmpint (status, ==, 0);
        info = probe (image);
        g_assert_cmpstr (info->format, ==, formats[i]);
        g_assert_cmpuint (info->virtual_size, ==, 16 * MIB);

        vol = import (f, name, image, info, "qcow2", &progress, NULL, &error);
        g_assert_no_error (error);
        v = find_volume (f, name);
        g_assert_cmpstr (v->format, ==, "qcow2");
        g_assert_cmpuint (v->capacity, ==, 16 * MIB);
        g_assert_null (find_volume (f, leftover));

        compare[4] = vol;
        g_assert_true (g_spawn_sync (NULL, (char **) compare, NULL, G_SPAWN_SEARCH_PATH, NULL,
                                     NULL, NULL, NULL, &status, &error));
        g_assert_no_error (error);
        g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
}

static void
test_import_cancelled (Fixture *f, gconstpointer data)
{
    g_autofree char *original = NULL;
    g_autoptr(DomusImageInfo) info = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *vol = NULL;
    Progress progress = { 0 };

    if (f->daemon == NULL)
        return;
    original = make_raw (f, "big.raw", 64 * MIB);
    info = probe (original);
    g_cancellable_cancel (cancellable);
    vol = import (f, "cancelled.qcow2", original, info, "qcow2", &progress, cancellable, &error);
    g_assert_null (vol);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (count_volumes (f), ==, 0);
}

static char *
run_out (const char *const *argv, int *status)
{
    g_autofree char *out = NULL;
    g_autoptr(GError) error = NULL;

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, &out, NULL, status, &error))
        *status = -1;
    return out != NULL ? g_strstrip (g_steal_pointer (&out)) : NULL;
}

/* An LVM pool built on a loop device: the volume group made (pvcreate,
 * vgcreate), started, and removed with its storage. This kernel has no
 * device-mapper, so a logical volume cannot be made: the refusal is
 * libvirt's (volumes are covered by XML in the integration tests). */
static void
test_lvm_on_loop (Fixture *f, gconstpointer data)
{
    g_autofree char *backing = NULL;
    g_autofree char *loop = NULL;
    g_autofree char *vg = g_strdup_printf ("domusvg%d", (int) getpid ());
    g_autoptr(DomusPoolSpec) spec = domus_pool_spec_new ("logical", "domus-lvm");
    g_autoptr(DomusPoolInfo) info = NULL;
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusVolumeSpec) lv = domus_volume_spec_new ("lv1", NULL, 4 * MIB);
    g_autofree char *xml = NULL;
    g_autofree char *lv_path = NULL;
    g_auto(GStrv) overwrites = NULL;
    int status = -1;

    if (f->daemon == NULL)
        return;
    if (!have_program ("vgcreate")) {
        domus_test_skip_or_require ("vgcreate is not installed (Debian package lvm2)");
        return;
    }
    backing = g_build_filename (f->work, "pv.img", NULL);
    {
        FILE *out = fopen (backing, "wb");

        g_assert_nonnull (out);
        g_assert_cmpint (ftruncate (fileno (out), 64 * MIB), ==, 0);
        fclose (out);
    }
    {
        const char *argv[] = { "losetup", "-f", "--show", backing, NULL };

        loop = run_out (argv, &status);
    }
    if (status != 0 || loop == NULL || !g_str_has_prefix (loop, "/dev/loop")) {
        domus_test_skip_or_require ("no loop device here (losetup -f found none)");
        return;
    }
    spec->source_name = g_strdup (vg);
    spec->devices = g_strsplit (loop, " ", -1);
    g_assert_true (domus_pool_spec_check (spec, NULL, &error));
    overwrites = domus_pool_spec_overwrites (spec);
    g_assert_cmpstrv (overwrites, ((const char *[]) { loop, NULL }));
    xml = domus_pool_spec_to_xml (spec);
    domus_storage_define_pool_async (f->conn, xml, TRUE, FALSE, NULL, domus_test_result_cb,
                                     &res);
    AWAIT (res, "the LVM pool built");
    if (!domus_storage_define_pool_finish (f->conn, res, &error))
        g_test_message ("LVM pool refused: %s", error->message);
    g_assert_no_error (error);
    info = read_pool (f, "domus-lvm", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (info->type, ==, "logical");
    g_assert_true (info->active);
    g_assert_cmpuint (info->capacity, >, 32 * MIB);
    g_test_message ("LVM pool %s on %s: %" G_GUINT64_FORMAT " bytes", vg, loop, info->capacity);

    /* No device-mapper: libvirt's refusal, whole (or, on a kernel with
     * one, the volume). */
    g_clear_object (&res);
    domus_storage_create_volume_spec_async (f->conn, "domus-lvm", lv, NULL,
                                            domus_test_result_cb, &res);
    AWAIT (res, "the logical volume");
    lv_path = domus_storage_create_volume_spec_finish (f->conn, res, &error);
    if (lv_path == NULL) {
        g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
        g_test_message ("no logical volume here: %s", error->message);
        g_clear_error (&error);
    }

    g_assert_true (pool_action (f, "domus-lvm", DOMUS_POOL_ACTION_DELETE_WITH_STORAGE, &error));
    g_assert_no_error (error);
    g_assert_null (read_pool (f, "domus-lvm", NULL));
    {
        const char *argv[] = { "losetup", "-d", loop, NULL };
        g_autofree char *out = run_out (argv, &status);

        g_assert_cmpint (status, ==, 0);
    }
}

int
main (int argc, char **argv)
{
    int ret;

    /* A display too: the create assistant's test (run in the gui suite's
     * session). */
    gtk_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();
#define ADD(path, func) \
    g_test_add ("/real/storage/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
    ADD ("pool-actions", test_pool_actions);
    ADD ("volume-actions", test_volume_actions);
    ADD ("upload-download", test_upload_download);
    ADD ("import-converts", test_import_converts);
    ADD ("import-cancelled", test_import_cancelled);
    ADD ("lvm-on-loop", test_lvm_on_loop);
#undef ADD
    test_real_storage_boot_add_tests ();
    test_real_storage_assistant_add_tests ();
    ret = g_test_run ();
    domus_test_daemon_stop_shared ();
    return ret;
}
