/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Restores and Verify on the real daemon of test-real-backup.c, with its
 * guest and backups: the full backup restored as a new guest boots to the
 * GRUB marker; an incremental restored with its chain equals the disk at
 * its time; a full backup restored over the shut-off guest replaces its
 * disk and boots (refused while it runs); Verify says OK, and finds a
 * truncated image both with qemu-img (local) and through the storage API
 * alone (a qemu+tcp connection, as remote hosts are), where a chain
 * restore is refused with the command to run. Each prints its time.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "domus-connection.h"
#include "domus-domain-backup.h"
#include "domus-error.h"
#include "domus-test-daemon.h"
#include "domus-test-util.h"
#include "test-real-backup.h"

static void
restore_done_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    Run *r = user_data;

    r->uuid = domus_backup_restore_finish (DOMUS_CONNECTION (source), res, &r->error);
    r->done = TRUE;
}

static void
verify_done_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    Run *r = user_data;

    *(DomusBackupCheck **) r->guest = domus_backup_verify_finish (DOMUS_CONNECTION (source),
                                                                   res, &r->error);
    r->done = TRUE;
}

static void
test_restore_new (void)
{
    g_autofree char *pool_dir = NULL;
    g_autofree char *pool_xml = NULL;
    g_autofree char *new_name = NULL;
    g_autofree char *restored = NULL;
    g_autofree char *image = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(GError) error = NULL;
    virStoragePoolPtr pool;
    virDomainPtr dom;
    gint64 start;
    Run r = { 0 };

    if (!set_up_once () || the.full == NULL) {
        g_test_skip ("needs a full backup");
        return;
    }
    pool_dir = g_build_filename (the.dir, "restored", NULL);
    pool_xml = g_strdup_printf ("<pool type='dir'><name>restored</name><target><path>%s"
                                "</path></target></pool>", pool_dir);
    pool = virStoragePoolCreateXML (the.virt, pool_xml, VIR_STORAGE_POOL_CREATE_WITH_BUILD);
    g_assert_nonnull (pool);
    virStoragePoolFree (pool);

    new_name = g_strdup_printf ("%s-restored", the.name);
    start = g_get_monotonic_time ();
    domus_backup_restore_async (the.conn, the.full, new_name, "restored", NULL,
                                restore_done_cb, &r);
    DOMUS_TEST_WAIT_UNTIL (r.done, TIMEOUT_S, "the restore");
    g_test_message ("restore as a new guest: %.2f s", (g_get_monotonic_time () - start) / 1e6);
    g_assert_no_error (r.error);
    g_assert_nonnull (r.uuid);

    /* A guest of its own: new UUID and MAC, its disk a copy of the backup. */
    dom = virDomainLookupByUUIDString (the.virt, r.uuid);
    g_assert_nonnull (dom);
    g_assert_cmpstr (virDomainGetName (dom), ==, new_name);
    xml = virDomainGetXMLDesc (dom, 0);
    g_assert_null (strstr (xml, "52:54:00:aa:bb:01"));
    restored = g_strdup_printf ("%s/%s-vda.qcow2", pool_dir, new_name);
    g_assert_nonnull (strstr (xml, restored));
    virDomainFree (dom);
    image = image_of (the.full, "vda.qcow2");
    assert_same_content (image, restored);

    g_assert_true (domus_test_daemon_boot_and_await_serial (the.daemon, new_name,
                                                            DOMUS_TEST_SERIAL_MARKER,
                                                            &error));
    g_assert_no_error (error);
    g_free (r.uuid);
}

static void
test_restore_missing (void)
{
    Run r = { 0 };
    g_autofree char *folder = NULL;

    if (!set_up_once ())
        return;
    folder = g_build_filename (the.target, the.name, "2026-01-01T00:00:00-incr", NULL);
    domus_backup_restore_async (the.conn, folder, "never", "restored", NULL,
                                restore_done_cb, &r);
    DOMUS_TEST_WAIT_UNTIL (r.done, TIMEOUT_S, "the refusal");
    g_assert_error (r.error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (r.error->message, "There is no backup 2026-01-01T00:00:00-incr"));
    g_clear_error (&r.error);
}


/* The directory pool "restored" of the daemon, made once. */
static char *
restored_pool (void)
{
    char *pool_dir = g_build_filename (the.dir, "restored", NULL);
    g_autofree char *pool_xml = NULL;
    virStoragePoolPtr pool = virStoragePoolLookupByName (the.virt, "restored");

    if (pool == NULL) {
        pool_xml = g_strdup_printf ("<pool type='dir'><name>restored</name><target><path>%s"
                                    "</path></target></pool>", pool_dir);
        pool = virStoragePoolCreateXML (the.virt, pool_xml,
                                        VIR_STORAGE_POOL_CREATE_WITH_BUILD);
    }
    g_assert_nonnull (pool);
    virStoragePoolFree (pool);
    return pool_dir;
}

static void
restore_chain_with (DomusConnection *conn, Run *r, const char *folder, const char *new_name)
{
    gint64 start = g_get_monotonic_time ();

    domus_backup_restore_async (conn, folder, new_name, "restored", NULL, restore_done_cb, r);
    DOMUS_TEST_WAIT_UNTIL (r->done, TIMEOUT_S, "the restore");
    g_test_message ("restore of %s as a new guest: %.2f s", folder,
                    (g_get_monotonic_time () - start) / 1e6);
}

static void
test_restore_chain (void)
{
    g_autoptr(DomusBackupOptions) options = NULL;
    g_autofree char *pool_dir = NULL;
    g_autofree char *at_incr = NULL;
    g_autofree char *new_name = NULL;
    g_autofree char *restored = NULL;
    g_autofree char *info = NULL;
    Run r = { 0 };

    if (!set_up_once ())
        return;
    pool_dir = restored_pool ();
    options = domus_backup_options_new (the.target);
    backup (&r, the.name, options, FALSE);
    g_assert_no_error (r.error);
    g_assert_false (r.result->incremental);
    the.chain_full = g_strdup (r.result->path);
    run_clear (&r);

    write_into_guest ("write -P 0xee 30M 1M");
    write_into_guest ("flush");
    options->incremental = TRUE;
    memset (&r, 0, sizeof r);
    backup (&r, the.name, options, FALSE);
    g_assert_no_error (r.error);
    g_assert_true (r.result->incremental);
    the.chain_incr = g_strdup (r.result->path);
    run_clear (&r);
    /* The disk at the incremental's time, then changed again. */
    at_incr = g_build_filename (the.dir, "at-incr.qcow2", NULL);
    {
        const char *copy[] = { "qemu-img", "convert", "-U", "-O", "qcow2", the.disk, at_incr,
                               NULL };

        g_free (run (copy, NULL));
    }
    write_into_guest ("write -P 0x77 40M 1M");
    write_into_guest ("flush");

    memset (&r, 0, sizeof r);
    new_name = g_strdup_printf ("%s-chain", the.name);
    restore_chain_with (the.conn, &r, the.chain_incr, new_name);
    g_assert_no_error (r.error);
    g_assert_nonnull (r.uuid);
    restored = g_strdup_printf ("%s/%s-vda.qcow2", pool_dir, new_name);
    assert_valid_qcow2 (restored);
    assert_same_content (at_incr, restored);
    {
        /* One image that stands alone: no backing file. */
        const char *argv[] = { "qemu-img", "info", "-U", restored, NULL };

        info = run (argv, NULL);
        g_assert_null (strstr (info, "backing file"));
    }
    {
        /* The disk as it is now differs (0x77 came after). */
        const char *compare[] = { "qemu-img", "compare", "-U", the.disk, restored, NULL };
        int status;
        g_autofree char *out = run (compare, &status);

        g_assert_cmpint (status, ==, 1);
    }
    g_free (r.uuid);
}

static void
restore_over_done_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    Run *r = user_data;

    domus_backup_restore_over_finish (DOMUS_CONNECTION (source), res, &r->error);
    r->done = TRUE;
}

static char *
disk_of (const char *guest)
{
    virDomainPtr dom = virDomainLookupByName (the.virt, guest);
    g_autofree char *xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
    const char *at = strstr (xml, "<source file='");
    char *path;

    g_assert_nonnull (at);
    at += strlen ("<source file='");
    path = g_strndup (at, strchr (at, '\'') - at);
    virDomainFree (dom);
    return path;
}

static void
test_restore_over (void)
{
    g_autofree char *image = NULL;
    g_autofree char *disk = NULL;
    g_autoptr(GError) error = NULL;
    virDomainPtr dom;
    gint64 start;
    Run r = { 0 };

    if (!set_up_once () || the.chain_full == NULL) {
        g_test_skip ("needs the chain's full backup");
        return;
    }
    /* Running: refused, nothing made. */
    domus_backup_restore_over_async (the.conn, the.chain_full, await_domain (the.name), NULL,
                                     restore_over_done_cb, &r);
    DOMUS_TEST_WAIT_UNTIL (r.done, TIMEOUT_S, "the refusal");
    g_assert_error (r.error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
    g_assert_nonnull (strstr (r.error->message, "shut it off"));
    g_clear_error (&r.error);
    disk = disk_of (the.name);
    g_assert_cmpstr (disk, ==, the.disk);
    g_clear_pointer (&disk, g_free);

    dom = virDomainLookupByName (the.virt, the.name);
    g_assert_cmpint (virDomainDestroy (dom), ==, 0);
    virDomainFree (dom);
    g_assert_cmpuint (count_checkpoints (the.name), >, 0);

    memset (&r, 0, sizeof r);
    start = g_get_monotonic_time ();
    domus_backup_restore_over_async (the.conn, the.chain_full, await_domain (the.name), NULL,
                                     restore_over_done_cb, &r);
    DOMUS_TEST_WAIT_UNTIL (r.done, TIMEOUT_S, "the restore over the guest");
    g_test_message ("restore over the guest: %.2f s", (g_get_monotonic_time () - start) / 1e6);
    g_assert_no_error (r.error);

    /* A new disk beside the old one, which is gone, equal to the backup. */
    disk = disk_of (the.name);
    g_assert_cmpstr (disk, !=, the.disk);
    g_assert_true (g_str_has_prefix (disk, the.dir));
    g_assert_nonnull (strstr (disk, "data-restored-"));
    g_assert_false (g_file_test (the.disk, G_FILE_TEST_EXISTS));
    image = image_of (the.chain_full, "vda.qcow2");
    assert_same_content (image, disk);
    g_assert_cmpuint (count_checkpoints (the.name), ==, 0);

    g_assert_true (domus_test_daemon_boot_and_await_serial (the.daemon, the.name,
                                                            DOMUS_TEST_SERIAL_MARKER,
                                                            &error));
    g_assert_no_error (error);
}

static DomusBackupCheck *
verify (DomusConnection *conn, const char *folder)
{
    Run r = { 0 };
    DomusBackupCheck *check = NULL;
    gint64 start = g_get_monotonic_time ();

    r.guest = (const char *) &check;
    domus_backup_verify_async (conn, folder, NULL, verify_done_cb, &r);
    DOMUS_TEST_WAIT_UNTIL (r.done, TIMEOUT_S, "Verify");
    g_assert_no_error (r.error);
    g_test_message ("verify of %s (%s): %.2f s", folder,
                    domus_connection_get_uri (conn), (g_get_monotonic_time () - start) / 1e6);
    for (guint i = 0; i < check->problems->len; i++)
        g_test_message ("  %s", (char *) check->problems->pdata[i]);
    return check;
}

static gboolean
has_problem (DomusBackupCheck *check, const char *part)
{
    for (guint i = 0; i < check->problems->len; i++)
        if (strstr (check->problems->pdata[i], part) != NULL)
            return TRUE;
    return FALSE;
}

static void
test_verify (void)
{
    g_autoptr(DomusConnection) remote = NULL;
    g_autoptr(DomusBackupCheck) full = NULL;
    g_autoptr(DomusBackupCheck) incr = NULL;
    g_autoptr(DomusBackupCheck) far = NULL;
    g_autoptr(DomusBackupCheck) broken = NULL;
    g_autoptr(DomusBackupCheck) far_broken = NULL;
    g_autofree char *image = NULL;
    Run r = { 0 };

    if (!set_up_once () || the.chain_incr == NULL) {
        g_test_skip ("needs the chain's backups");
        return;
    }
    remote = domus_connection_new (domus_test_daemon_get_tcp_uri (the.daemon));
    domus_poller_set_interval (domus_connection_get_poller (remote), 3600);
    domus_connection_connect (remote);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (remote) ==
                           DOMUS_CONNECTION_STATE_CONNECTED, TIMEOUT_S, "the TCP connection");

    full = verify (the.conn, the.chain_full);
    g_assert_cmpuint (full->problems->len, ==, 0);
    g_assert_true (full->read_images);
    incr = verify (the.conn, the.chain_incr);
    g_assert_cmpuint (incr->problems->len, ==, 0);
    far = verify (remote, the.chain_full);
    g_assert_cmpuint (far->problems->len, ==, 0);
    g_assert_false (far->read_images);

    /* Remote: a chain cannot be combined there; the command is given. */
    restore_chain_with (remote, &r, the.chain_incr, "never");
    g_assert_error (r.error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
    g_assert_nonnull (strstr (r.error->message, "qemu-img convert -O qcow2 'json:"));
    g_clear_error (&r.error);
    g_assert_null (virDomainLookupByName (the.virt, "never"));
    virResetLastError ();

    image = image_of (the.chain_full, "vda.qcow2");
    g_assert_cmpint (truncate (image, 1024 * 1024), ==, 0);
    broken = verify (the.conn, the.chain_full);
    g_assert_true (has_problem (broken, "vda.qcow2 is 1.0"));
    g_assert_true (has_problem (broken, "qemu-img check found errors in vda.qcow2"));
    far_broken = verify (remote, the.chain_full);
    g_assert_cmpuint (far_broken->problems->len, ==, 1);
    g_assert_true (has_problem (far_broken, "vda.qcow2 is 1.0"));
}

void
backup_test_add_restores (void)
{
    g_test_add_func ("/real/backup/restore-new", test_restore_new);
    g_test_add_func ("/real/backup/restore-missing", test_restore_missing);
    g_test_add_func ("/real/backup/restore-chain", test_restore_chain);
    g_test_add_func ("/real/backup/restore-over", test_restore_over);
    g_test_add_func ("/real/backup/verify", test_verify);
}
