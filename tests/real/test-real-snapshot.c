/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Snapshots on a real libvirtd with QEMU (TCG), one private daemon for the
 * whole program. A BIOS guest boots the GRUB ISO with a qcow2 disk: on
 * GRUB's command line (through the serial console) a variable is set, an
 * internal snapshot taken while it runs, the variable changed, the
 * snapshot reverted to, and the serial console shows the variable as it
 * was (the guest's memory, which no boot would give back) with the
 * snapshot current; then an external snapshot of its disks only, whose
 * overlay exists while the guest kept running. A UEFI guest shows what
 * libvirt refuses and allows: no internal snapshot while it runs, an
 * external one with memory, an internal one once shut off (before libvirt
 * 9.2). Each refusal is checked in libvirt's own words, as Domus shows
 * them.
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
#include "domus-libvirt.h"
#include "domus-serial-console.h"
#include "domus-test-daemon.h"
#include "domus-test-domains.h"
#include "domus-test-snapshot.h"

#define TIMEOUT_S 60

/* One daemon, one guest, for every test. */
static struct {
    DomusTestDaemon *daemon;
    DomusConnection *conn;
    virConnectPtr virt;
    char *dir;
    char *iso;
    char *name;                 /* the BIOS guest */
    unsigned long version;      /* libvirt's */
} the;

/* A qcow2 image in the daemon's directory, as qemu-img makes it. */
static char *
make_qcow2 (const char *file)
{
    g_autofree char *path = g_build_filename (the.dir, file, NULL);
    const char *argv[] = { "qemu-img", "create", "-q", "-f", "qcow2", path, "16M", NULL };
    g_autoptr(GError) error = NULL;
    int status = -1;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_cmpint (g_chmod (path, 0666), ==, 0);
    return g_steal_pointer (&path);
}

/* A 64 MiB guest with DISK (qcow2) and a serial console; OS is its <os>
 * element, DEVICES more devices (XML both). */
static void
define_guest (const char *name, const char *os, const char *disk, const char *devices)
{
    g_autofree char *xname = g_markup_escape_text (name, -1);
    g_autofree char *xdisk = g_markup_escape_text (disk, -1);
    g_autofree char *xml = g_strdup_printf (
        "<domain type='qemu'><name>%s</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
        "%s<features><acpi/><apic/></features><devices>"
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        "<source file='%s'/><target dev='vda' bus='virtio'/></disk>%s"
        "<serial type='pty'><target port='0'/></serial>"
        "<console type='pty'><target type='serial' port='0'/></console>"
        "</devices></domain>", xname, os, xdisk, devices);
    virDomainPtr dom = virDomainDefineXML (the.virt, xml);

    g_assert_nonnull (dom);
    virDomainFree (dom);
}

/* The daemon and the BIOS guest, made by the first test that runs; FALSE
 * (the test skipped) where QEMU or what it needs is missing. */
static gboolean
set_up_once (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *disk = NULL;
    g_autofree char *cdrom = NULL;
    g_autofree char *xiso = NULL;

    if (the.daemon != NULL)
        return TRUE;
    the.daemon = domus_test_daemon_shared (FALSE);
    if (the.daemon == NULL)
        return FALSE;
    the.dir = g_strdup (domus_test_daemon_get_dir (the.daemon));
    the.iso = domus_test_make_grub_iso (the.dir, TRUE, &error);
    g_assert_no_error (error);
    the.virt = virConnectOpen (domus_test_daemon_get_qemu_uri (the.daemon));
    g_assert_nonnull (the.virt);
    g_assert_cmpint (virConnectGetLibVersion (the.virt, &the.version), ==, 0);

    /* The BIOS guest: boots the ISO, keeps its state on a qcow2 disk. */
    the.name = g_strdup_printf ("domus-snap-%d", (int) getpid ());
    disk = make_qcow2 ("disk.qcow2");
    xiso = g_markup_escape_text (the.iso, -1);
    cdrom = g_strdup_printf ("<disk type='file' device='cdrom'>"
                             "<driver name='qemu' type='raw'/><source file='%s'/>"
                             "<target dev='hdc' bus='ide'/><readonly/></disk>", xiso);
    define_guest (the.name,
                  "<os><type arch='x86_64' machine='pc'>hvm</type><boot dev='cdrom'/></os>",
                  disk, cdrom);
    the.conn = domus_test_connect_idle_poller (domus_test_daemon_get_qemu_uri (the.daemon));
    return TRUE;
}

static DomusDomain *
await_domain (const char *name, DomusDomainState state)
{
    DomusDomain *domain = NULL;

    DOMUS_TEST_WAIT_UNTIL ((domain = domus_connection_find_domain_by_name (the.conn, name)) &&
                           domus_domain_get_state (domain) == state,
                           TIMEOUT_S, "the guest in Domus's list, in the state awaited");
    return domain;
}

static char *
current_snapshot (const char *guest)
{
    virDomainPtr dom = virDomainLookupByName (the.virt, guest);
    virDomainSnapshotPtr snap = virDomainSnapshotCurrent (dom, 0);
    char *name = snap ? g_strdup (virDomainSnapshotGetName (snap)) : NULL;

    /* Seen once under heavy load: say libvirt's why if it happens again. */
    if (snap == NULL)
        g_test_message ("no current snapshot of %s (%s): %s", guest,
                        dom != NULL ? "found" : "not found", virGetLastErrorMessage ());
    if (snap != NULL)
        virDomainSnapshotFree (snap);
    virDomainFree (dom);
    return name;
}

static void
assert_refused (const GError *error, const char *libvirt_words)
{
    g_assert_nonnull (error);
    g_test_message ("refused: %s", error->message);
    if (strstr (error->message, libvirt_words) == NULL)
        g_error ("“%s” does not say “%s”", error->message, libvirt_words);
}

/* ---- the serial console, through core ---------------------------------------- */

typedef struct {
    DomusSerialConsole *serial;
    GString *seen;
    gboolean closed;
} Serial;

static void
serial_received_cb (DomusSerialConsole *serial, GBytes *bytes, Serial *s)
{
    gsize len;
    const char *data = g_bytes_get_data (bytes, &len);

    g_string_append_len (s->seen, data, len);
}

static void
serial_closed_cb (DomusSerialConsole *serial, const char *reason, Serial *s)
{
    s->closed = TRUE;
}

static void
serial_open (Serial *s, DomusDomain *domain)
{
    s->serial = domus_serial_console_new (the.conn, domus_domain_get_uuid (domain));
    s->seen = g_string_new (NULL);
    g_signal_connect (s->serial, "received", G_CALLBACK (serial_received_cb), s);
    g_signal_connect (s->serial, "closed", G_CALLBACK (serial_closed_cb), s);
    domus_serial_console_open (s->serial);
    DOMUS_TEST_WAIT_UNTIL (domus_serial_console_is_open (s->serial), TIMEOUT_S,
                           "the serial console open");
}

/* Sends KEYS, then waits for TEXT in what the guest prints after them. */
static void
serial_send_and_await (Serial *s, const char *keys, const char *text, const char *what)
{
    gsize mark = s->seen->len;

    domus_serial_console_send (s->serial, keys, strlen (keys));
    DOMUS_TEST_WAIT_UNTIL (strstr (s->seen->str + mark, text) != NULL, TIMEOUT_S, what);
}

static void
serial_close (Serial *s)
{
    domus_serial_console_close (s->serial);
    g_clear_object (&s->serial);
    g_string_free (s->seen, TRUE);
}

/* ---- tests ----------------------------------------------------------------------- */

/* Internal snapshot while running, state changed, revert: the guest's
 * memory is the snapshot's again (a GRUB variable set before it), which
 * no boot would give; the snapshot is current. */
static void
test_internal_revert (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusSnapshotAbilities) can = NULL;
    g_autoptr(GPtrArray) snapshots = NULL;
    g_autofree char *current = NULL;
    const DomusSnapshotInfo *info;
    DomusDomain *domain;
    Serial s = { 0 };
    GPid qemu;

    if (!set_up_once ())
        return;
    g_assert_true (domus_test_daemon_boot_and_await_serial (the.daemon, the.name,
                                                            DOMUS_TEST_SERIAL_MARKER, &error));
    g_assert_no_error (error);
    domain = await_domain (the.name, DOMUS_DOMAIN_STATE_RUNNING);
    qemu = domus_test_find_qemu (the.name);
    can = domus_test_snapshot_abilities (the.conn, domain);
    g_assert_null (can->why_not[DOMUS_SNAPSHOT_KIND_INTERNAL]);
    g_assert_null (can->why_not[DOMUS_SNAPSHOT_KIND_EXTERNAL]);
    g_assert_null (can->why_not[DOMUS_SNAPSHOT_KIND_DISK_ONLY]);
    g_assert_cmpstr (can->memory_dir, ==, the.dir);

    /* GRUB's command line, with a variable in the guest's memory. */
    serial_open (&s, domain);
    serial_send_and_await (&s, "c", "grub>", "GRUB's command line");
    serial_send_and_await (&s, "set mark=snapshot-time\r", "grub>", "the variable set");
    g_assert_true (domus_test_snapshot_take (the.conn, domain, "at-prompt",
                                             DOMUS_SNAPSHOT_KIND_INTERNAL, NULL, NULL, &error));
    g_assert_no_error (error);
    /* libvirt pauses the guest while it writes the memory state; its
     * "resumed" event may come after the job's answer. */
    domain = await_domain (the.name, DOMUS_DOMAIN_STATE_RUNNING);

    /* Changed after it. */
    serial_send_and_await (&s, "set mark=changed\r", "grub>", "the variable changed");
    serial_send_and_await (&s, "echo now-$mark\r", "now-changed", "the changed variable");

    g_assert_true (domus_test_snapshot_revert (the.conn, domain, "at-prompt",
                                               DOMUS_SNAPSHOT_REVERT_AS_TAKEN, &error));
    g_assert_no_error (error);
    domain = await_domain (the.name, DOMUS_DOMAIN_STATE_RUNNING);
    /* The console follows a QEMU that libvirt started again. */
    if (s.closed || !domus_serial_console_is_open (s.serial)) {
        serial_close (&s);
        serial_open (&s, domain);
    }
    serial_send_and_await (&s, "echo now-$mark\r", "now-snapshot-time",
                           "the variable as it was when the snapshot was taken");
    serial_close (&s);
    /* libvirt may load the state into a new QEMU; no boot either way. */
    g_test_message ("QEMU %s by the revert",
                    domus_test_find_qemu (the.name) == qemu ? "kept" : "restarted");

    current = current_snapshot (the.name);
    g_assert_cmpstr (current, ==, "at-prompt");
    snapshots = domus_test_snapshot_list (the.conn, domain, NULL);
    info = domus_test_snapshot_find (snapshots, "at-prompt");
    g_assert_true (info->current);
    g_assert_cmpint (info->kind, ==, DOMUS_SNAPSHOT_KIND_INTERNAL);
    g_assert_cmpint (info->state, ==, DOMUS_DOMAIN_STATE_RUNNING);
    g_assert_true (info->has_memory);
    g_assert_cmpuint (domus_domain_get_snapshot_count (domain), ==, 1);
}

/* An external snapshot of the disks only: the overlay exists, the guest
 * kept running in the same QEMU; this libvirt cannot revert to it. */
static void
test_external_disk_only (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusSnapshotAbilities) can = NULL;
    g_autoptr(GPtrArray) snapshots = NULL;
    g_autofree char *overlay = NULL;
    g_autofree char *xml = NULL;
    const DomusSnapshotInfo *info;
    virDomainPtr dom;
    DomusDomain *domain;
    GPid qemu;

    if (!set_up_once ())
        return;
    dom = virDomainLookupByName (the.virt, the.name);
    if (virDomainIsActive (dom) != 1) {
        g_assert_true (domus_test_daemon_boot_and_await_serial (the.daemon, the.name,
                                                                DOMUS_TEST_SERIAL_MARKER,
                                                                &error));
        g_assert_no_error (error);
    }
    domain = await_domain (the.name, DOMUS_DOMAIN_STATE_RUNNING);
    qemu = domus_test_find_qemu (the.name);

    g_assert_true (domus_test_snapshot_take (the.conn, domain, "overlay",
                                             DOMUS_SNAPSHOT_KIND_DISK_ONLY, NULL, NULL, &error));
    g_assert_no_error (error);
    /* libvirt names it after the disk and the snapshot. */
    overlay = g_build_filename (the.dir, "disk.overlay", NULL);
    g_assert_true (g_file_test (overlay, G_FILE_TEST_IS_REGULAR));
    xml = virDomainGetXMLDesc (dom, 0);
    g_assert_nonnull (strstr (xml, overlay));
    g_assert_cmpint (virDomainIsActive (dom), ==, 1);
    g_assert_cmpint (domus_test_find_qemu (the.name), ==, qemu);
    domain = await_domain (the.name, DOMUS_DOMAIN_STATE_RUNNING);

    snapshots = domus_test_snapshot_list (the.conn, domain, NULL);
    info = domus_test_snapshot_find (snapshots, "overlay");
    g_assert_cmpint (info->kind, ==, DOMUS_SNAPSHOT_KIND_DISK_ONLY);
    g_assert_cmpint (info->state, ==, DOMUS_DOMAIN_STATE_NOSTATE);
    g_assert_cmpstr (info->parent, ==, "at-prompt");

    /* Reverting to it: off in Domus before libvirt 9.7, with the reason;
     * libvirt itself says the same. */
    can = domus_test_snapshot_abilities (the.conn, domain);
    if (the.version < 9007000) {
        g_assert_nonnull (can->revert_why_not[DOMUS_SNAPSHOT_KIND_DISK_ONLY]);
        g_test_message ("Domus says: %s", can->revert_why_not[DOMUS_SNAPSHOT_KIND_DISK_ONLY]);
        g_assert_false (domus_test_snapshot_revert (the.conn, domain, "overlay",
                                                    DOMUS_SNAPSHOT_REVERT_AS_TAKEN, &error));
        assert_refused (error, "revert to external snapshot not supported yet");
    }
    virDomainFree (dom);
}

/* UEFI (pflash): no internal snapshot while it runs, as Domus says
 * before libvirt does; external with memory works; shut off, internal
 * works before libvirt 9.2. */
static void
test_uefi (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusSnapshotAbilities) running = NULL;
    g_autoptr(DomusSnapshotAbilities) off = NULL;
    g_autofree char *disk = NULL;
    g_autofree char *memory = NULL;
    g_autofree char *name = g_strdup_printf ("domus-uefi-%d", (int) getpid ());
    virDomainPtr dom;
    DomusDomain *domain;

    if (!set_up_once ())
        return;
    if (!g_file_test ("/usr/share/OVMF/OVMF_CODE_4M.fd", G_FILE_TEST_EXISTS) &&
        !g_file_test ("/usr/share/OVMF/OVMF_CODE.fd", G_FILE_TEST_EXISTS)) {
        domus_test_skip_or_require ("no UEFI firmware (package ovmf)");
        return;
    }
    disk = make_qcow2 ("uefi.qcow2");
    define_guest (name, "<os firmware='efi'><type arch='x86_64' machine='q35'>hvm</type></os>",
                  disk, "");
    dom = virDomainLookupByName (the.virt, name);
    g_assert_cmpint (virDomainCreate (dom), ==, 0);
    domain = await_domain (name, DOMUS_DOMAIN_STATE_RUNNING);

    running = domus_test_snapshot_abilities (the.conn, domain);
    g_assert_nonnull (running->why_not[DOMUS_SNAPSHOT_KIND_INTERNAL]);
    g_test_message ("Domus says: %s", running->why_not[DOMUS_SNAPSHOT_KIND_INTERNAL]);
    g_assert_null (running->why_not[DOMUS_SNAPSHOT_KIND_EXTERNAL]);
    /* What libvirt answers to the kind Domus does not offer. */
    g_assert_false (domus_test_snapshot_take (the.conn, domain, "internal-running",
                                              DOMUS_SNAPSHOT_KIND_INTERNAL, NULL, NULL, 
                          &error));
    assert_refused (error, "internal snapshots of a VM with pflash based firmware are "
                           "not supported");
    g_clear_error (&error);

    memory = g_build_filename (the.dir, "uefi-with-memory.mem", NULL);
    g_assert_true (domus_test_snapshot_take (the.conn, domain, "with-memory",
                                             DOMUS_SNAPSHOT_KIND_EXTERNAL, NULL, memory, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (memory, G_FILE_TEST_IS_REGULAR));

    g_assert_cmpint (virDomainDestroy (dom), ==, 0);
    domain = await_domain (name, DOMUS_DOMAIN_STATE_SHUTOFF);
    off = domus_test_snapshot_abilities (the.conn, domain);
    if (the.version < 9002000) {
        g_assert_null (off->why_not[DOMUS_SNAPSHOT_KIND_INTERNAL]);
        g_assert_true (domus_test_snapshot_take (the.conn, domain, "shut-off",
                                                 DOMUS_SNAPSHOT_KIND_INTERNAL, NULL, NULL,
                                                 &error));
        g_assert_no_error (error);
    } else {
        g_assert_nonnull (off->why_not[DOMUS_SNAPSHOT_KIND_INTERNAL]);
    }
    g_assert_nonnull (off->why_not[DOMUS_SNAPSHOT_KIND_EXTERNAL]);
    virDomainFree (dom);
}

int
main (int argc, char **argv)
{
    int ret;

    g_test_init (&argc, &argv, NULL);
    signal (SIGPIPE, SIG_IGN);
    domus_libvirt_init ();

    g_test_add_func ("/real/snapshot/internal-revert", test_internal_revert);
    g_test_add_func ("/real/snapshot/external-disk-only", test_external_disk_only);
    g_test_add_func ("/real/snapshot/uefi", test_uefi);
    ret = g_test_run ();

    /* One daemon for all: stopped once, with every guest of it. */
    g_clear_object (&the.conn);
    g_clear_pointer (&the.virt, virConnectClose);
    the.daemon = NULL;
    domus_test_daemon_stop_shared ();
    g_free (the.dir);
    g_free (the.iso);
    g_free (the.name);
    return ret;
}
