/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Hot backups on a real libvirtd with QEMU (TCG), one shared daemon for the
 * program. A guest boots the GRUB ISO with a qcow2 data disk of known
 * content; while it runs (its state polled all along) Domus backs it up in
 * full: a valid qcow2 equal to the disk, and the domain XML beside it. New
 * data written into the running guest's disk (QEMU's qemu-io, through the
 * monitor) then makes an incremental backup that holds only that change
 * and, rebased onto the full one, equals the disk again. A cancelled
 * backup leaves no folder and no checkpoint; the retention removes the
 * oldest full backup with its incremental; `domus --backup` exits 0 and
 * prints its folder; a shut-off guest is copied through the storage API;
 * the full backup restored as a new guest boots to the GRUB marker. An
 * incremental restored with its chain equals the disk at its time; a full
 * backup restored over the shut-off guest replaces its disk and boots;
 * Verify says OK, and finds a truncated image both with qemu-img (local)
 * and through the storage API alone (a qemu+tcp connection, as remote
 * hosts are), where a chain restore is refused with the command to run.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "domus-connection.h"
#include "domus-domain-backup.h"
#include "domus-error.h"
#include "domus-libvirt.h"
#include "domus-test-daemon.h"
#include "domus-test-util.h"
#include "test-real-backup.h"

/* One daemon, one guest, for every test (they build on each other). */
BackupTestState the;

typedef struct {
    gboolean done;
    char *out;
    char *err;
    GError *error;
} Spawned;

static void
communicated_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    Spawned *s = user_data;

    g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), res, &s->out, &s->err,
                                          &s->error);
    s->done = TRUE;
}

/* Runs ARGV with the main loop turning meanwhile: libvirt's keepalive
 * (the daemon's pings, answered from that loop) must not drop the test's
 * connections while qemu-io or domus runs. Fails on a non-zero exit
 * unless EXIT_STATUS takes it. */
char *
run (const char * const *argv, int *exit_status)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                              G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                                        &error);
    g_autofree char *err = NULL;
    Spawned s = { 0 };

    g_assert_no_error (error);
    g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, &s);
    DOMUS_TEST_WAIT_UNTIL (s.done, TIMEOUT_S, argv[0]);
    g_assert_no_error (s.error);
    err = s.err;
    if (exit_status != NULL) {
        *exit_status = g_subprocess_get_if_exited (process)
                       ? g_subprocess_get_exit_status (process) : -1;
        if (*exit_status != 0)
            g_test_message ("%s: %s%s", argv[0], s.out, err);
    } else if (!g_subprocess_get_successful (process)) {
        g_error ("%s %s failed: %s%s", argv[0], argv[1], s.out, err);
    }
    return s.out;
}

/* A 64 MiB qcow2 whose first 4 MiB hold 0xab; with BIG, 512 MiB all written,
 * so that its backup lasts long enough to be cancelled. */
char *
make_disk (const char *file, gboolean big)
{
    g_autofree char *path = g_build_filename (the.dir, file, NULL);
    const char *create[] = { "qemu-img", "create", "-q", "-f", "qcow2", path,
                             big ? "512M" : "64M", NULL };
    const char *write[] = { "qemu-io", "-f", "qcow2", "-c",
                            big ? "write -P 0x5a 0 512M" : "write -P 0xab 0 4M", path, NULL };

    g_free (run (create, NULL));
    g_free (run (write, NULL));
    g_assert_cmpint (g_chmod (path, 0666), ==, 0);
    return g_steal_pointer (&path);
}

void
define_guest (const char *name, const char *disk, const char *more_disks)
{
    g_autofree char *xname = g_markup_escape_text (name, -1);
    g_autofree char *xdisk = g_markup_escape_text (disk, -1);
    g_autofree char *xiso = g_markup_escape_text (the.iso, -1);
    g_autofree char *xml = g_strdup_printf (
        "<domain type='qemu'><name>%s</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
        "<os><type arch='x86_64' machine='pc'>hvm</type><boot dev='cdrom'/></os>"
        "<devices>"
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        "<source file='%s'/><target dev='vda' bus='virtio'/></disk>%s"
        "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
        "<source file='%s'/><target dev='hdc' bus='ide'/><readonly/></disk>"
        "<interface type='user'><mac address='52:54:00:aa:bb:01'/><model type='virtio'/>"
        "</interface>"
        "<serial type='pty'><target port='0'/></serial>"
        "<console type='pty'><target type='serial' port='0'/></console>"
        "</devices></domain>", xname, xdisk, more_disks, xiso);
    virDomainPtr dom = virDomainDefineXML (the.virt, xml);

    if (dom == NULL)
        g_error ("defining %s: %s", name, virGetLastErrorMessage ());
    virDomainFree (dom);
}

void
boot_guest (const char *name, const char *disk)
{
    g_autoptr(GError) error = NULL;

    define_guest (name, disk, "");
    g_assert_true (domus_test_daemon_boot_and_await_serial (the.daemon, name,
                                                            DOMUS_TEST_SERIAL_MARKER,
                                                            &error));
    g_assert_no_error (error);
}

gboolean
set_up_once (void)
{
    g_autoptr(GError) error = NULL;

    if (the.daemon != NULL)
        return TRUE;
    /* TCP too: a second connection that is not local, as a remote host is. */
    the.daemon = domus_test_daemon_shared (TRUE);
    if (the.daemon == NULL)
        return FALSE;
    the.dir = g_strdup (domus_test_daemon_get_dir (the.daemon));
    the.iso = domus_test_make_grub_iso (the.dir, TRUE, &error);
    g_assert_no_error (error);
    the.virt = virConnectOpen (domus_test_daemon_get_qemu_uri (the.daemon));
    g_assert_nonnull (the.virt);
    /* The test's own calls block the main loop for long (qemu-io, a boot):
     * libvirt's keepalive, which that loop answers, would drop "virsh". */
    g_assert_cmpint (virConnectSetKeepAlive (the.virt, -1, 0), ==, 0);
    the.target = g_build_filename (the.dir, "backups", NULL);

    the.name = g_strdup_printf ("domus-backup-%d", (int) getpid ());
    the.disk = make_disk ("data.qcow2", FALSE);
    define_guest (the.name, the.disk, "");
    g_assert_true (domus_test_daemon_boot_and_await_serial (the.daemon, the.name,
                                                            DOMUS_TEST_SERIAL_MARKER,
                                                            &error));
    g_assert_no_error (error);

    the.conn = domus_connection_new (domus_test_daemon_get_qemu_uri (the.daemon));
    domus_poller_set_interval (domus_connection_get_poller (the.conn), 3600);
    domus_connection_connect (the.conn);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (the.conn) ==
                           DOMUS_CONNECTION_STATE_CONNECTED, TIMEOUT_S, "the connection");
    return TRUE;
}

DomusDomain *
await_domain (const char *name)
{
    DomusDomain *domain = NULL;

    DOMUS_TEST_WAIT_UNTIL ((domain = domus_connection_find_domain_by_name (the.conn, name)),
                           TIMEOUT_S, "the guest in Domus's list");
    return domain;
}

/* ---- a backup through core, the guest's state watched ---- */


static void
progress_cb (guint64 done, guint64 total, guint64 bps, gpointer user_data)
{
    Run *r = user_data;

    r->progress_calls++;
    r->last_done = done;
    r->last_total = total;
    if (r->cancel_at_first_progress != NULL)
        g_cancellable_cancel (r->cancel_at_first_progress);
}

static void
backup_done_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    Run *r = user_data;

    r->result = domus_domain_backup_finish (DOMUS_CONNECTION (source), res, &r->error);
    r->done = TRUE;
}

static gboolean
watch_state_cb (gpointer user_data)
{
    Run *r = user_data;
    virDomainPtr dom = virDomainLookupByName (the.virt, r->guest);
    int state = -1;

    if (dom == NULL)
        g_error ("looking up %s: %s", r->guest, virGetLastErrorMessage ());
    g_assert_cmpint (virDomainGetState (dom, &state, NULL, 0), ==, 0);
    virDomainFree (dom);
    r->states_seen++;
    if (state != VIR_DOMAIN_RUNNING)
        r->not_running++;
    return G_SOURCE_CONTINUE;
}

void
backup (Run *r, const char *guest, const DomusBackupOptions *options, gboolean cancel)
{
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    guint watch;
    gint64 start = g_get_monotonic_time ();

    r->guest = guest;
    if (cancel)
        r->cancel_at_first_progress = cancellable;
    watch = g_timeout_add (20, watch_state_cb, r);
    domus_domain_backup_async (the.conn, await_domain (guest), options, progress_cb, r,
                               cancellable, backup_done_cb, r);
    DOMUS_TEST_WAIT_UNTIL (r->done, TIMEOUT_S, "the backup to end");
    g_source_remove (watch);
    g_test_message ("backup of %s: %.2f s, %u progress reports, %" G_GUINT64_FORMAT
                    " of %" G_GUINT64_FORMAT " bytes", guest,
                    (g_get_monotonic_time () - start) / 1e6, r->progress_calls,
                    r->last_done, r->last_total);
}

void
run_clear (Run *r)
{
    g_clear_pointer (&r->result, domus_backup_result_free);
    g_clear_error (&r->error);
}

char *
image_of (const char *folder, const char *file)
{
    return g_build_filename (folder, file, NULL);
}

void
assert_valid_qcow2 (const char *image)
{
    const char *check[] = { "qemu-img", "check", "-q", "-U", image, NULL };

    g_assert_true (g_file_test (image, G_FILE_TEST_IS_REGULAR));
    g_free (run (check, NULL));
}

void
assert_same_content (const char *a, const char *b)
{
    const char *compare[] = { "qemu-img", "compare", "-U", a, b, NULL };
    int status;
    g_autofree char *out = run (compare, &status);

    g_assert_cmpint (status, ==, 0);
}

static GStrv
guest_folders (const char *guest)
{
    g_autofree char *dir = g_build_filename (the.target, guest, NULL);
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        g_ptr_array_add (names, g_strdup (name));
    g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
    g_ptr_array_add (names, NULL);
    return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

/* ---- the tests ---- */

static void
test_full_hot (void)
{
    g_autoptr(DomusBackupOptions) options = NULL;
    g_autofree char *image = NULL;
    g_autofree char *xml_path = NULL;
    g_autofree char *xml = NULL;
    Run r = { 0 };

    if (!set_up_once ())
        return;
    options = domus_backup_options_new (the.target);
    options->incremental = TRUE;      /* the first one is full all the same */
    backup (&r, the.name, options, FALSE);
    g_assert_no_error (r.error);
    g_assert_true (r.result->hot);
    g_assert_false (r.result->incremental);
    g_assert_nonnull (r.result->full_why);
    g_assert_cmpint (r.states_seen, >, 0);
    g_assert_cmpint (r.not_running, ==, 0);
    g_assert_cmpuint (r.progress_calls, >, 0);
    g_assert_cmpuint (r.last_done, ==, r.last_total);
    g_assert_cmpuint (r.last_total, >=, 4 * MIB);
    g_assert_true (g_str_has_prefix (r.result->path, the.target));

    image = image_of (r.result->path, "vda.qcow2");
    assert_valid_qcow2 (image);
    assert_same_content (the.disk, image);
    xml_path = image_of (r.result->path, "domain.xml");
    g_assert_true (g_file_get_contents (xml_path, &xml, NULL, NULL));
    g_assert_nonnull (strstr (xml, the.name));
    /* The CD-ROM is not backed up, and said so. */
    g_assert_cmpuint (r.result->disks->len, ==, 2);
    g_assert_false (((DomusBackupDisk *) r.result->disks->pdata[1])->backup);
    g_clear_pointer (&image, g_free);
    image = image_of (r.result->path, "hdc.qcow2");
    g_assert_false (g_file_test (image, G_FILE_TEST_EXISTS));
    the.full = g_strdup (r.result->path);
    run_clear (&r);
}

/* QEMU's qemu-io on the running guest's disk, through the monitor, as
 * virsh qemu-monitor-command --hmp does it. */
void
write_into_guest (const char *command)
{
    g_autofree char *hmp = g_strdup_printf (
        "qemu-io -d /machine/peripheral/virtio-disk0/virtio-backend \"%s\"", command);
    const char *argv[] = { "virsh", "-c", domus_test_daemon_get_qemu_uri (the.daemon),
                           "qemu-monitor-command", the.name, "--hmp", hmp, NULL };
    g_autofree char *reply = run (argv, NULL);

    g_test_message ("%s: %s", hmp, reply);
}

static void
test_incremental (void)
{
    g_autoptr(DomusBackupOptions) options = NULL;
    g_autofree char *image = NULL;
    g_autofree char *full_image = NULL;
    g_autofree char *map_json = NULL;
    Run r = { 0 };

    if (!set_up_once () || the.full == NULL) {
        g_test_skip ("needs the full backup");
        return;
    }
    write_into_guest ("write -P 0xcd 20M 1M");
    /* Into the image file too, qcow2 metadata included, for qemu-img to
     * read it beside the running QEMU. */
    write_into_guest ("flush");
    options = domus_backup_options_new (the.target);
    options->incremental = TRUE;
    backup (&r, the.name, options, FALSE);
    g_assert_no_error (r.error);
    g_assert_true (r.result->incremental);
    g_assert_null (r.result->full_why);
    g_assert_true (g_str_has_suffix (r.result->path, "-incr"));
    g_assert_cmpint (r.not_running, ==, 0);

    image = image_of (r.result->path, "vda.qcow2");
    assert_valid_qcow2 (image);
    {
        /* Only the written megabyte is in the incremental image itself. */
        const char *map[] = { "qemu-img", "map", "-U", "--output=json", image, NULL };
        g_autofree char *out = run (map, NULL);
        g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
        guint64 own = 0;

        for (guint i = 0; lines[i] != NULL; i++) {
            guint64 start, length;
            int depth;

            if (strstr (lines[i], "\"data\": true") != NULL &&
                sscanf (strstr (lines[i], "\"start\""), "\"start\": %" G_GUINT64_FORMAT
                        ", \"length\": %" G_GUINT64_FORMAT ", \"depth\": %d",
                        &start, &length, &depth) == 3 && depth == 0) {
                g_assert_cmpuint (start, >=, 20 * MIB);
                g_assert_cmpuint (start + length, <=, 21 * MIB);
                own += length;
            }
        }
        g_assert_cmpuint (own, ==, 1 * MIB);
    }
    /* Rebased onto the full backup, it is the disk as it is now. */
    full_image = image_of (the.full, "vda.qcow2");
    {
        const char *rebase[] = { "qemu-img", "rebase", "-u", "-b", full_image, "-F", "qcow2",
                                 image, NULL };

        g_free (run (rebase, NULL));
    }
    assert_same_content (the.disk, image);
    run_clear (&r);
}

guint
count_checkpoints (const char *guest)
{
    virDomainPtr dom = virDomainLookupByName (the.virt, guest);
    virDomainCheckpointPtr *list = NULL;
    int n = virDomainListAllCheckpoints (dom, &list, 0);

    g_assert_cmpint (n, >=, 0);
    for (int i = 0; i < n; i++)
        virDomainCheckpointFree (list[i]);
    free (list);
    virDomainFree (dom);
    return n;
}

static void
test_cancel (void)
{
    g_autoptr(DomusBackupOptions) options = NULL;
    g_autofree char *big = NULL;
    g_autofree char *name = NULL;
    g_auto(GStrv) before = NULL;
    g_auto(GStrv) after = NULL;
    g_autoptr(GError) error = NULL;
    Run r = { 0 };

    if (!set_up_once ())
        return;
    /* A guest of its own with a disk big enough to be caught copying. */
    name = g_strdup_printf ("%s-big", the.name);
    big = make_disk ("big.qcow2", TRUE);
    boot_guest (name, big);
    before = guest_folders (name);

    options = domus_backup_options_new (the.target);
    backup (&r, name, options, TRUE);
    g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (r.result);
    g_assert_cmpint (r.not_running, ==, 0);
    after = guest_folders (name);
    g_assert_cmpstrv (after, before);
    g_assert_cmpuint (count_checkpoints (name), ==, 0);
    run_clear (&r);
}

static void
test_retention (void)
{
    g_autoptr(DomusBackupOptions) options = NULL;
    g_auto(GStrv) folders = NULL;
    Run r = { 0 };

    if (!set_up_once () || the.full == NULL) {
        g_test_skip ("needs the full and incremental backups");
        return;
    }
    /* Full, incremental (the earlier tests), now a full with one kept: the
     * first two go. */
    options = domus_backup_options_new (the.target);
    options->keep = 1;
    backup (&r, the.name, options, FALSE);
    g_assert_no_error (r.error);
    g_assert_false (r.result->incremental);
    g_assert_cmpuint (r.result->removed->len, ==, 2);
    folders = guest_folders (the.name);
    g_assert_cmpuint (g_strv_length (folders), ==, 1);
    g_assert_true (g_str_has_suffix (r.result->path, folders[0]));
    /* The guest keeps one checkpoint: this backup's. */
    g_assert_cmpuint (count_checkpoints (the.name), ==, 1);
    g_clear_pointer (&the.full, g_free);
    the.full = g_strdup (r.result->path);
    run_clear (&r);
}

static void
test_command_line (void)
{
    g_autofree char *out = NULL;
    g_autofree char *guest_dir = NULL;
    g_autofree char *image = NULL;
    int status;

    if (!set_up_once ())
        return;
    {
        const char *argv[] = { g_getenv ("DOMUS_PROGRAM"), "--backup", the.name,
                               "-c", domus_test_daemon_get_qemu_uri (the.daemon),
                               "--to", the.target, "--incremental", "--keep", "1", NULL };

        out = run (argv, &status);
    }
    g_test_message ("domus --backup: %s", out);
    g_assert_cmpint (status, ==, 0);
    guest_dir = g_build_filename (the.target, the.name, NULL);
    g_assert_nonnull (strstr (out, guest_dir));
    g_assert_nonnull (strstr (out, "-incr"));
    {
        g_auto(GStrv) lines = g_strsplit (g_strstrip (out), "\n", -1);
        const char *folder = lines[g_strv_length (lines) - 1];

        g_assert_true (g_str_has_prefix (folder, guest_dir));
        image = image_of (folder, "vda.qcow2");
        assert_valid_qcow2 (image);
    }
    {
        /* An unknown guest: non-zero, and says so. */
        const char *argv[] = { g_getenv ("DOMUS_PROGRAM"), "--backup", "no-such-guest",
                               "-c", domus_test_daemon_get_qemu_uri (the.daemon),
                               "--to", the.target, NULL };
        g_autofree char *none = run (argv, &status);

        g_assert_cmpint (status, !=, 0);
    }
}

static void
test_shut_off (void)
{
    g_autoptr(DomusBackupOptions) options = NULL;
    g_autofree char *name = NULL;
    g_autofree char *disk = NULL;
    g_autofree char *image = NULL;
    Run r = { 0 };

    if (!set_up_once ())
        return;
    name = g_strdup_printf ("%s-off", the.name);
    disk = make_disk ("off.qcow2", FALSE);
    define_guest (name, disk, "");
    options = domus_backup_options_new (the.target);
    options->incremental = TRUE;
    backup (&r, name, options, FALSE);
    g_assert_no_error (r.error);
    g_assert_false (r.result->hot);
    g_assert_false (r.result->incremental);
    g_assert_nonnull (r.result->full_why);
    g_assert_cmpuint (r.last_done, ==, r.last_total);
    image = image_of (r.result->path, "vda.qcow2");
    assert_valid_qcow2 (image);
    assert_same_content (disk, image);
    run_clear (&r);
}

/* Two backups of a guest within one second: the second one's folder takes
 * "-2". The seconds ahead are taken by folders made here, so that the
 * backup falls in a taken second however long it takes to begin. */
static void
test_same_second (void)
{
    g_autoptr(DomusBackupOptions) options = NULL;
    g_autoptr(GDateTime) now = NULL;
    g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *name = NULL;
    g_autofree char *disk = NULL;
    g_autofree char *folder = NULL;
    g_autofree char *image = NULL;
    Run r = { 0 };

    if (!set_up_once ())
        return;
    name = g_strdup_printf ("%s-twice", the.name);
    disk = make_disk ("twice.qcow2", FALSE);
    define_guest (name, disk, "");
    now = g_date_time_new_now_local ();
    for (int s = 0; s < 60; s++) {
        g_autoptr(GDateTime) then = g_date_time_add_seconds (now, s);
        g_autofree char *stamp = g_date_time_format (then, "%Y-%m-%dT%H:%M:%S");
        char *path = g_build_filename (the.target, name, stamp, NULL);

        g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
        g_ptr_array_add (made, path);
    }
    options = domus_backup_options_new (the.target);
    backup (&r, name, options, FALSE);
    g_assert_no_error (r.error);
    folder = g_path_get_basename (r.result->path);
    g_test_message ("the backup in a second already taken: %s", folder);
    g_assert_cmpuint (strlen (folder), ==, strlen ("2026-12-06T09:05:07-2"));
    g_assert_true (g_str_has_suffix (folder, "-2"));
    image = image_of (r.result->path, "vda.qcow2");
    assert_same_content (disk, image);
    run_clear (&r);
    for (guint i = 0; i < made->len; i++)
        g_assert_cmpint (g_rmdir (made->pdata[i]), ==, 0);
}

int
main (int argc, char *argv[])
{
    int status;

    g_test_init (&argc, &argv, NULL);
    signal (SIGPIPE, SIG_IGN);
    domus_libvirt_init ();

    g_test_add_func ("/real/backup/full-hot", test_full_hot);
    g_test_add_func ("/real/backup/incremental", test_incremental);
    g_test_add_func ("/real/backup/cancel", test_cancel);
    g_test_add_func ("/real/backup/retention", test_retention);
    g_test_add_func ("/real/backup/command-line", test_command_line);
    g_test_add_func ("/real/backup/shut-off", test_shut_off);
    g_test_add_func ("/real/backup/same-second", test_same_second);
    backup_test_add_restores ();
    backup_test_add_fallback ();
    status = g_test_run ();

    g_clear_object (&the.conn);
    if (the.virt != NULL)
        virConnectClose (the.virt);
    if (the.daemon != NULL)
        domus_test_daemon_remove_guests (the.daemon);
    domus_test_daemon_stop_shared ();
    g_free (the.dir);
    g_free (the.iso);
    g_free (the.name);
    g_free (the.disk);
    g_free (the.target);
    g_free (the.full);
    g_free (the.chain_full);
    g_free (the.chain_incr);
    return status;
}
