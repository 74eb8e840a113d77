/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Guests on storage made by the Storage page, on the storage test's shared
 * daemon: a GRUB image imported as a VMware disk and converted into a
 * qcow2 volume boots; an iSCSI target served by tgt on 127.0.0.1 is
 * discovered, becomes an iscsi-direct pool through the New Pool path,
 * lists its LUN as a volume, and a guest whose disk is that LUN (a network
 * disk QEMU reaches with libiscsi) boots the GRUB image written onto it.
 */
#include "config.h"

#include "test-real-storage-boot.h"

#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>

#include "domus-connection.h"
#include "domus-error.h"
#include "domus-storage-import.h"
#include "domus-storage-pool.h"
#include "domus-storage-volume.h"
#include "domus-test-create.h"
#include "domus-test-daemon.h"
#include "domus-test-iscsi.h"
#include "domus-test-pool.h"

#define TIMEOUT_S 120
#define ISCSI_POOL "domus-iscsi"
#define INITIATOR "iqn.2026-12.org.domus.test:host"

typedef DomusTestPoolFixture Fixture;

static double
seconds_since (gint64 start)
{
    return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

/* A small TCG guest NAME whose only disk is the existing PATH (FORMAT),
 * started by the create job; the boot disk is the hard disk. */
static DomusCreatePlan *
import_plan (const char *name, const char *path, const char *format)
{
    DomusCreatePlan *plan = domus_test_small_guest_plan (name, NULL, TRUE);
    DomusDomainConfig *c = plan->config;

    c->method = DOMUS_INSTALL_IMPORT;
    g_clear_pointer (&plan->volume_pool, g_free);
    g_clear_pointer (&plan->volume_name, g_free);
    c->disk_path = g_strdup (path);
    g_free (c->disk_format);
    c->disk_format = g_strdup (format);
    return plan;
}

void
test_real_storage_await_boot_marker (DomusTestPoolFixture *f, const char *name)
{
    g_autoptr(GError) error = NULL;
    virConnectPtr c = virConnectOpen (domus_test_daemon_get_qemu_uri (f->daemon));
    virDomainPtr dom = virDomainLookupByName (c, name);
    gint64 start;

    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainIsActive (dom), ==, 1);
    g_assert_cmpint (virDomainDestroy (dom), ==, 0);
    virDomainFree (dom);
    virConnectClose (c);
    start = g_get_monotonic_time ();
    g_assert_true (domus_test_daemon_boot_and_await_serial (f->daemon, name,
                                                            DOMUS_TEST_SERIAL_MARKER, &error));
    g_assert_no_error (error);
    g_test_message ("%s: GRUB's marker %.1f s after the start", name, seconds_since (start));
}

char *
test_real_storage_import_grub (DomusTestPoolFixture *f, const char *vol_name)
{
    g_autofree char *work = NULL;
    g_autofree char *vmdk = NULL;
    g_autoptr(DomusImageInfo) info = NULL;
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    char *vol;
    int status = -1;

    /* The bootable GRUB image as a VMware disk, as copied from ESXi. */
    work = g_build_filename (domus_test_daemon_get_dir (f->daemon), "vmware", NULL);
    g_assert_cmpint (g_mkdir_with_parents (work, 0711), ==, 0);
    vmdk = g_build_filename (work, "server.vmdk", NULL);
    {
        const char *argv[] = { "qemu-img", "convert", "-f", "raw", "-O", "vmdk", f->iso, vmdk,
                               NULL };

        g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL,
                                     NULL, NULL, NULL, &status, &error));
        g_assert_no_error (error);
        g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
    domus_image_probe_async (vmdk, NULL, domus_test_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "qemu-img info");
    info = domus_image_probe_finish (res, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (info->format, ==, "vmdk");
    g_clear_object (&res);

    /* Imported into the pool as qcow2, as the Import dialog does. */
    domus_storage_import_async (f->conn, DOMUS_TEST_POOL, vol_name, vmdk, info, "qcow2", NULL,
                                NULL, NULL, domus_test_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "the import");
    vol = domus_storage_import_finish (f->conn, res, &error);
    g_assert_no_error (error);
    {
        g_autoptr(GPtrArray) vols = domus_test_list_volumes (f->conn, DOMUS_TEST_POOL);
        const DomusVolumeInfo *v = domus_test_find_volume (vols, vol_name);

        g_assert_nonnull (v);
        g_assert_cmpstr (v->format, ==, "qcow2");
        g_assert_cmpstr (v->path, ==, vol);
    }
    return vol;
}

gboolean
test_real_storage_have_qemu_img (void)
{
    g_autofree char *qemu_img = g_find_program_in_path ("qemu-img");

    if (qemu_img == NULL)
        domus_test_skip_or_require ("qemu-img is not installed (Debian package qemu-utils)");
    return qemu_img != NULL;
}

static void
test_imported_volume_boots (Fixture *f, gconstpointer data)
{
    g_autofree char *name = g_strdup_printf ("domus-imported-%d", (int) getpid ());
    g_autofree char *vol_name = g_strconcat (name, ".qcow2", NULL);
    g_autofree char *vol = NULL;
    g_autofree char *uuid = NULL;
    g_autoptr(GError) error = NULL;

    if (f->daemon == NULL || !test_real_storage_have_qemu_img ())
        return;
    vol = test_real_storage_import_grub (f, vol_name);
    /* A guest made from it boots. */
    uuid = domus_test_create_guest (f->conn, import_plan (name, vol, "qcow2"), &error);
    g_assert_no_error (error);
    test_real_storage_await_boot_marker (f, name);
}

char *
test_real_storage_make_lun (DomusTestPoolFixture *f)
{
    g_autofree char *lun = g_build_filename (domus_test_daemon_get_dir (f->daemon),
                                             "lun1.img", NULL);
    g_autofree char *bytes = NULL;
    gsize len = 0;
    FILE *out;

    g_assert_true (g_file_get_contents (f->iso, &bytes, &len, NULL));
    g_assert_cmpuint (len, <, 16 << 20);
    out = fopen (lun, "wb");
    g_assert_nonnull (out);
    g_assert_cmpuint (fwrite (bytes, 1, len, out), ==, len);
    g_assert_cmpint (ftruncate (fileno (out), 16 << 20), ==, 0);
    fclose (out);
    return g_steal_pointer (&lun);
}

/* The live XML of guest NAME. */
static char *
live_xml (Fixture *f, const char *name)
{
    virConnectPtr c = virConnectOpen (domus_test_daemon_get_qemu_uri (f->daemon));
    virDomainPtr dom = virDomainLookupByName (c, name);
    char *xml = virDomainGetXMLDesc (dom, 0);
    char *copy = g_strdup (xml);

    free (xml);
    virDomainFree (dom);
    virConnectClose (c);
    return copy;
}

static void
keep_batch_cb (GPtrArray *batch, gpointer user_data)
{
    for (guint i = 0; i < batch->len; i++)
        g_ptr_array_add (user_data, domus_volume_info_copy (g_ptr_array_index (batch, i)));
}

/* The guests the Storage page lists as users of volume NAME of POOL. */
static char *
volume_users (Fixture *f, const char *pool, const char *name)
{
    g_autoptr(GPtrArray) vols =
        g_ptr_array_new_with_free_func ((GDestroyNotify) domus_volume_info_free);
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    const DomusVolumeInfo *v;

    domus_storage_list_volumes_batched_async (f->conn, pool, keep_batch_cb, vols, NULL,
                                              domus_test_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "the volumes");
    domus_storage_list_volumes_batched_finish (f->conn, res, NULL, &error);
    g_assert_no_error (error);
    v = domus_test_find_volume (vols, name);
    g_assert_nonnull (v);
    return v->users != NULL ? g_strjoinv (",", v->users) : NULL;
}

/* The command line of guest NAME's QEMU, its arguments joined by spaces. */
static char *
qemu_cmdline (const char *name)
{
    GPid pid = domus_test_find_qemu (name);
    g_autofree char *path = g_strdup_printf ("/proc/%d/cmdline", (int) pid);
    char *bytes = NULL;
    gsize len = 0;

    g_assert_cmpint (pid, >, 0);
    g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
    for (gsize i = 0; i + 1 < len; i++)
        if (bytes[i] == '\0')
            bytes[i] = ' ';
    return bytes;
}

static void
test_iscsi_direct_pool (Fixture *f, gconstpointer data)
{
    g_autofree char *reason = NULL;
    g_autofree char *lun = NULL;
    g_autofree char *iqn = g_strdup_printf ("iqn.2026-12.org.domus.test:lun-%d", (int) getpid ());
    g_autofree char *name = g_strdup_printf ("domus-on-lun-%d", (int) getpid ());
    g_autoptr(DomusTestIscsiTarget) target = NULL;
    g_autoptr(DomusPoolSpec) spec = domus_pool_spec_new ("iscsi-direct", ISCSI_POOL);
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) found = NULL;
    g_autoptr(GPtrArray) vols = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *uuid = NULL;
    g_autofree char *guest_xml = NULL;
    g_autofree char *cmdline = NULL;
    g_autofree char *users = NULL;
    const DomusVolumeInfo *v;
    gint64 start;

    if (f->daemon == NULL)
        return;
    if (!domus_test_have_tgt (&reason)) {
        domus_test_skip_or_require (reason);
        return;
    }
    lun = test_real_storage_make_lun (f);
    start = g_get_monotonic_time ();
    target = domus_test_iscsi_target_start (iqn, lun, &error);
    g_assert_no_error (error);
    g_test_message ("tgtd serves %s on 127.0.0.1:%u (%.2f s)", iqn,
                    domus_test_iscsi_target_get_port (target), seconds_since (start));

    /* The New Pool dialog's fields, and "Discover" for the target IQN. */
    spec->host = g_strdup ("127.0.0.1");
    spec->port = domus_test_iscsi_target_get_port (target);
    spec->initiator_iqn = g_strdup (INITIATOR);
    start = g_get_monotonic_time ();
    domus_storage_find_sources_async (f->conn, spec, NULL, domus_test_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "the iSCSI discovery");
    found = domus_storage_find_sources_finish (f->conn, res, &error);
    if (found == NULL && strstr (error->message, "missing backend") != NULL) {
        domus_test_skip_or_require ("libvirt has no iscsi-direct pools here (Debian package "
                                    "libvirt-daemon-driver-storage-iscsi-direct)");
        return;
    }
    g_assert_no_error (error);
    g_assert_cmpstrv (found, ((const char *[]) { iqn, NULL }));
    g_test_message ("discovered %s (%.2f s)", found[0], seconds_since (start));
    g_clear_object (&res);

    spec->source_path = g_strdup (found[0]);
    g_assert_true (domus_pool_spec_check (spec, NULL, &error));
    xml = domus_pool_spec_to_xml (spec);
    start = g_get_monotonic_time ();
    domus_storage_define_pool_async (f->conn, xml, FALSE, FALSE, NULL, domus_test_result_cb,
                                     &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "the iSCSI pool");
    g_assert_true (domus_storage_define_pool_finish (f->conn, res, &error));
    g_assert_no_error (error);
    g_test_message ("pool defined and started (%.2f s)", seconds_since (start));

    /* Its LUN, as a volume of the LUN's size (libvirt 9.0 counts one
     * 512-byte block less: READ CAPACITY's last block, not their number).
     * tgt's controller is LUN 0, a volume of no bytes. */
    vols = domus_test_list_volumes (f->conn, ISCSI_POOL);
    for (guint i = 0; i < vols->len; i++) {
        const DomusVolumeInfo *each = g_ptr_array_index (vols, i);

        g_test_message ("volume %s (%s): %" G_GUINT64_FORMAT " bytes", each->name,
                        each->path, each->capacity);
    }
    g_assert_cmpuint (vols->len, ==, 2);
    v = domus_test_find_volume (vols, "unit:0:0:1");
    g_assert_nonnull (v);
    g_assert_cmpuint (v->capacity, >=, (16 << 20) - 512);
    g_assert_cmpuint (v->capacity, <=, 16 << 20);
    g_test_message ("LUN volume %s, path %s", v->name, v->path);

    /* A guest on the LUN: libvirt makes it a network disk, QEMU reads
     * GRUB from the target. */
    start = g_get_monotonic_time ();
    {
        g_autoptr(DomusCreatePlan) plan = import_plan (name, v->path, "raw");

        plan->config->disk_pool = g_strdup (ISCSI_POOL);
        plan->config->disk_volume = g_strdup (v->name);
        uuid = domus_test_create_guest (f->conn, g_steal_pointer (&plan), &error);
    }
    g_assert_no_error (error);
    g_test_message ("guest on the LUN created and started (%.2f s)", seconds_since (start));
    /* The definition keeps the volume; QEMU got a network disk on it. */
    guest_xml = live_xml (f, name);
    g_assert_nonnull (strstr (guest_xml, "<source pool='" ISCSI_POOL "' volume='unit:0:0:1'"));
    cmdline = qemu_cmdline (name);
    if (strstr (cmdline, "\"driver\":\"iscsi\"") == NULL || strstr (cmdline, iqn) == NULL)
        g_test_message ("QEMU: %s", cmdline);
    g_assert_nonnull (strstr (cmdline, "\"driver\":\"iscsi\""));
    g_assert_nonnull (strstr (cmdline, "\"portal\":\"127.0.0.1:"));
    g_assert_nonnull (strstr (cmdline, iqn));
    /* The Storage page says which guest uses the LUN. */
    users = volume_users (f, ISCSI_POOL, "unit:0:0:1");
    g_assert_cmpstr (users, ==, name);
    test_real_storage_await_boot_marker (f, name);

    /* Plain libvirt from here: a boot slower than the keepalive (the wait
     * holds the main loop) may have closed Domus's connection. */
    domus_test_daemon_remove_guests (f->daemon);
    {
        virConnectPtr c = virConnectOpen (domus_test_daemon_get_qemu_uri (f->daemon));
        virStoragePoolPtr pool = virStoragePoolLookupByName (c, ISCSI_POOL);

        g_assert_nonnull (pool);
        g_assert_cmpint (virStoragePoolDestroy (pool), ==, 0);
        g_assert_cmpint (virStoragePoolUndefine (pool), ==, 0);
        virStoragePoolFree (pool);
        virConnectClose (c);
    }
}

void
test_real_storage_boot_add_tests (void)
{
    domus_test_add_with_pool ("/real/storage/imported-volume-boots", test_imported_volume_boots);
    domus_test_add_with_pool ("/real/storage/iscsi-direct", test_iscsi_direct_pool);
}
