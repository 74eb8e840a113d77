/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The real suite's fixture, checked with plain libvirt calls: the private
 * daemon answers, next to another one; a tiny QEMU guest runs, serves VNC
 * through virDomainOpenGraphicsFD() and outlives a killed daemon; a
 * test-driver host is served over RPC; a GRUB ISO prints on the serial
 * console; SASL keeps out the wrong password; and stopping, or dying,
 * leaves no process or file behind.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "domus-test-daemon.h"
#include "domus-test-util.h"

#define TIMEOUT_S 120

G_DEFINE_AUTOPTR_CLEANUP_FUNC (virConnect, virConnectClose)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virDomain, virDomainFree)

static void
quiet_errors (void *data, virErrorPtr error)
{
    /* Read with virGetLastErrorMessage() where they matter. */
}

static virConnectPtr
open_or_fail (const char *uri)
{
    virConnectPtr conn = virConnectOpen (uri);

    if (conn == NULL)
        g_error ("cannot connect to %s: %s", uri, virGetLastErrorMessage ());
    return conn;
}

static virDomainPtr
lookup_or_fail (virConnectPtr conn, const char *name)
{
    virDomainPtr dom = virDomainLookupByName (conn, name);

    if (dom == NULL)
        g_error ("no guest %s: %s", name, virGetLastErrorMessage ());
    return dom;
}

static int
state_of (virDomainPtr dom)
{
    int state = -1;

    if (virDomainGetState (dom, &state, NULL, 0) < 0)
        return -1;
    return state;
}

static void
test_daemon_answers (DomusTestDaemonFixture *f, gconstpointer data)
{
    g_autoptr(virConnect) conn = NULL;
    unsigned long version = 0;
    GPid pid;

    if (f->daemon == NULL)
        return;
    conn = open_or_fail (domus_test_daemon_get_qemu_uri (f->daemon));
    g_assert_cmpint (virConnectGetLibVersion (conn, &version), ==, 0);
    g_assert_cmpuint (version, >=, 8000000);
    g_assert_cmpstr (virConnectGetType (conn), ==, "QEMU");

    pid = domus_test_daemon_get_pid (f->daemon);
    g_assert_cmpint (pid, >, 0);
    g_assert_true (domus_test_process_alive (pid));

    /* Its /etc/libvirt/qemu is its own: no guest of anyone else shows. */
    g_assert_cmpint (virConnectNumOfDomains (conn), ==, 0);
    g_assert_cmpint (virConnectNumOfDefinedDomains (conn), ==, 0);
}

/* A second daemon starts while the first holds its pid files and locks, as
 * it would next to the system's libvirtd; stopping it leaves the first. */
static void
test_two_daemons_at_once (DomusTestDaemonFixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusTestDaemon) second = NULL;
    g_autoptr(virConnect) conn = NULL;

    if (f->daemon == NULL)
        return;
    second = domus_test_daemon_start (&error);
    g_assert_no_error (error);
    g_assert_cmpint (domus_test_daemon_get_pid (second), !=,
                     domus_test_daemon_get_pid (f->daemon));
    g_assert_cmpstr (domus_test_daemon_get_qemu_uri (second), !=,
                     domus_test_daemon_get_qemu_uri (f->daemon));
    {
        g_autoptr(virConnect) conn2 = open_or_fail (domus_test_daemon_get_qemu_uri (second));

        g_assert_cmpstr (virConnectGetType (conn2), ==, "QEMU");
    }
    g_clear_pointer (&second, domus_test_daemon_stop);

    conn = open_or_fail (domus_test_daemon_get_qemu_uri (f->daemon));
    g_assert_cmpint (virConnectIsAlive (conn), ==, 1);
}

static void
test_tiny_guest_runs (DomusTestDaemonFixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *name = NULL;
    g_autoptr(virConnect) conn = NULL;
    g_autoptr(virDomain) dom = NULL;
    virDomainInfo info;

    if (f->daemon == NULL)
        return;
    name = domus_test_daemon_define_tiny_guest (f->daemon, "domus-daemon", TRUE, &error);
    g_assert_no_error (error);
    g_assert_nonnull (name);
    g_assert_true (g_str_has_prefix (name, "domus-daemon-"));

    conn = open_or_fail (domus_test_daemon_get_qemu_uri (f->daemon));
    dom = lookup_or_fail (conn, name);
    DOMUS_TEST_WAIT_UNTIL (state_of (dom) == VIR_DOMAIN_RUNNING, TIMEOUT_S,
                           "the tiny guest to run");
    g_assert_cmpint (virDomainIsPersistent (dom), ==, 1);
    g_assert_cmpint (virDomainGetInfo (dom, &info), ==, 0);
    g_assert_cmpuint (info.maxMem, ==, 64 * 1024);
    g_assert_cmpuint (info.nrVirtCpu, ==, 1);
    g_assert_cmpint (domus_test_find_qemu (name), >, 0);
}

/* Reads what a VNC server says first: "RFB 003.008\n". */
static char *
read_rfb_greeting (int fd)
{
    char buf[13] = "";
    gsize got = 0;
    gint64 end = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;

    while (got < 12) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        gint64 left_ms = (end - g_get_monotonic_time ()) / 1000;
        ssize_t n;

        if (left_ms <= 0)
            g_error ("no VNC greeting within %d s (got \"%s\")", TIMEOUT_S, buf);
        if (poll (&pfd, 1, (int) left_ms) <= 0)
            continue;
        n = read (fd, buf + got, 12 - got);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            g_error ("the VNC socket closed after \"%s\": %s", buf,
                     n < 0 ? g_strerror (errno) : "end of file");
        got += (gsize) n;
    }
    return g_strdup (buf);
}

static void
test_vnc_graphics_fd (DomusTestDaemonFixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *name = NULL;
    g_autofree char *greeting = NULL;
    g_autoptr(virConnect) conn = NULL;
    g_autoptr(virDomain) dom = NULL;
    int fd;

    if (f->daemon == NULL)
        return;
    name = domus_test_daemon_define_tiny_guest (f->daemon, "domus-vnc", TRUE, &error);
    g_assert_no_error (error);
    conn = open_or_fail (domus_test_daemon_get_qemu_uri (f->daemon));
    dom = lookup_or_fail (conn, name);

    /* From the daemon's own block of ports, not 5900 and up. */
    {
        g_autofree char *xml = virDomainGetXMLDesc (dom, 0);
        const char *graphics = xml != NULL ? strstr (xml, "<graphics type='vnc' port='") : NULL;
        long port;

        g_assert_nonnull (graphics);
        port = strtol (graphics + strlen ("<graphics type='vnc' port='"), NULL, 10);
        g_test_message ("VNC on port %ld", port);
        g_assert_cmpint (port, >=, 10000);
        g_assert_cmpint (port, <, 32700);
    }
    fd = virDomainOpenGraphicsFD (dom, 0, 0);
    if (fd < 0)
        g_error ("virDomainOpenGraphicsFD: %s", virGetLastErrorMessage ());
    greeting = read_rfb_greeting (fd);
    close (fd);
    g_assert_true (g_str_has_prefix (greeting, "RFB 003.00"));
}

/* A test-driver host, written here, read by the daemon and served over RPC. */
static void
test_test_driver_over_rpc (DomusTestDaemonFixture *f, gconstpointer data)
{
    const char *host =
        "<node>\n"
        "  <domain type='test'>\n"
        "    <name>domus-rpc-running</name>\n"
        "    <memory unit='MiB'>128</memory>\n"
        "    <vcpu>1</vcpu>\n"
        "    <os><type arch='x86_64'>hvm</type></os>\n"
        "  </domain>\n"
        "  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
        "    <name>domus-rpc-off</name>\n"
        "    <memory unit='MiB'>256</memory>\n"
        "    <vcpu>2</vcpu>\n"
        "    <os><type arch='x86_64'>hvm</type></os>\n"
        "    <test:runstate>5</test:runstate>\n"
        "  </domain>\n"
        "</node>\n";
    g_autoptr(GError) error = NULL;
    g_autofree char *path = NULL;
    g_autofree char *uri = NULL;
    g_autoptr(virConnect) conn = NULL;
    g_autoptr(virDomain) running = NULL;
    g_autoptr(virDomain) off = NULL;
    virDomainPtr *domains = NULL;
    int n;

    if (f->daemon == NULL)
        return;
    path = g_build_filename (domus_test_daemon_get_dir (f->daemon), "test-host.xml", NULL);
    g_file_set_contents (path, host, -1, &error);
    g_assert_no_error (error);

    uri = domus_test_daemon_get_test_uri (f->daemon, path);
    g_assert_true (g_str_has_prefix (uri, "test+unix:///"));
    conn = open_or_fail (uri);
    g_assert_cmpstr (virConnectGetType (conn), ==, "TEST");

    n = virConnectListAllDomains (conn, &domains, 0);
    for (int i = 0; i < n; i++)
        virDomainFree (domains[i]);
    free (domains);
    g_assert_cmpint (n, ==, 2);
    running = lookup_or_fail (conn, "domus-rpc-running");
    off = lookup_or_fail (conn, "domus-rpc-off");
    g_assert_cmpint (state_of (running), ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint (state_of (off), ==, VIR_DOMAIN_SHUTOFF);
}

/* GRUB from an ISO prints the marker on the first serial port. */
static void
test_iso_guest_serial (DomusTestDaemonFixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *iso = NULL;
    g_autofree char *name = NULL;
    gboolean seen;

    if (f->daemon == NULL)
        return;
    iso = domus_test_make_grub_iso (domus_test_daemon_get_dir (f->daemon), TRUE, &error);
    g_assert_no_error (error);
    g_assert_true (g_file_test (iso, G_FILE_TEST_IS_REGULAR));

    name = domus_test_daemon_define_iso_guest (f->daemon, "domus-iso", iso, FALSE, &error);
    g_assert_no_error (error);
    seen = domus_test_daemon_boot_and_await_serial (f->daemon, name,
                                                    DOMUS_TEST_SERIAL_MARKER, &error);
    g_assert_no_error (error);
    g_assert_true (seen);
    g_assert_cmpint (domus_test_find_qemu (name), >, 0);
}

/* Killed and started again, the daemon finds its running guest again. */
static void
test_restart_keeps_guests (DomusTestDaemonFixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *name = NULL;
    g_autoptr(virConnect) conn = NULL;
    g_autoptr(virDomain) dom = NULL;
    GPid pid, qemu;

    if (f->daemon == NULL)
        return;
    name = domus_test_daemon_define_tiny_guest (f->daemon, "domus-restart", TRUE, &error);
    g_assert_no_error (error);
    qemu = domus_test_find_qemu (name);
    g_assert_cmpint (qemu, >, 0);

    pid = domus_test_daemon_get_pid (f->daemon);
    g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
    g_assert_true (domus_test_daemon_restart (f->daemon, &error));
    g_assert_no_error (error);
    g_assert_cmpint (domus_test_daemon_get_pid (f->daemon), !=, pid);
    g_assert_false (domus_test_process_alive (pid));

    conn = open_or_fail (domus_test_daemon_get_qemu_uri (f->daemon));
    dom = lookup_or_fail (conn, name);
    g_assert_cmpint (state_of (dom), ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint (domus_test_find_qemu (name), ==, qemu);
}

static int
answer_cb (virConnectCredentialPtr cred, unsigned int ncred, void *data)
{
    const char *const *answers = data;   /* user, password */

    for (guint i = 0; i < ncred; i++) {
        cred[i].result = strdup (answers[cred[i].type == VIR_CRED_AUTHNAME ? 0 : 1]);
        cred[i].resultlen = strlen (cred[i].result);
    }
    return 0;
}

static virConnectPtr
open_as (const char *uri, const char *user, const char *password)
{
    int types[] = { VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE };
    const char *answers[] = { user, password };
    virConnectAuth auth = { types, G_N_ELEMENTS (types), answer_cb, answers };

    return virConnectOpenAuth (uri, &auth, 0);
}

/* A daemon that asks for SASL credentials: the right ones get in, for the
 * fixture's own calls too; a wrong password does not. */
static void
test_sasl (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusTestDaemon) d = NULL;
    g_autofree char *name = NULL;
    const char *uri;

    if (domus_test_skip_without_qemu ())
        return;
    d = domus_test_daemon_start_sasl ("domus", "s3cret", &error);
    g_assert_no_error (error);
    uri = domus_test_daemon_get_qemu_uri (d);
    name = domus_test_daemon_define_tiny_guest (d, "domus-sasl", FALSE, &error);
    g_assert_no_error (error);
    {
        g_autoptr(virConnect) conn = open_as (uri, "domus", "s3cret");

        if (conn == NULL)
            g_error ("cannot connect with the right password: %s", virGetLastErrorMessage ());
        g_assert_cmpint (virConnectNumOfDefinedDomains (conn), ==, 1);
    }
    {
        g_autoptr(virConnect) conn = open_as (uri, "domus", "wrong");

        g_assert_null (conn);
        g_test_message ("wrong password: %s", virGetLastErrorMessage ());
    }
    /* Not checked: a client with no credentials at all. It fails too, but
     * libvirt 9.0 then leaks the mechanism list (remoteAuthSASL), which
     * LeakSanitizer cannot be told about without slow unwinding. */
}

static void
assert_nothing_left (const char *dir, GPid pid, const char *const *names)
{
    g_assert_false (domus_test_process_alive (pid));
    for (guint i = 0; names[i] != NULL; i++)
        g_assert_cmpint (domus_test_find_qemu (names[i]), ==, 0);
    /* libvirtd (-p DIR/libvirtd.pid), virtlogd, the watchdog, QEMU's ISO. */
    g_assert_cmpint (domus_test_find_process_mentioning (dir), ==, 0);
    g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* What the fixture starts, it stops: guests it defined, one it did not,
 * the daemons and the directory. */
static void
test_stop_leaves_nothing (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *iso = NULL;
    char *names[4] = { NULL };
    DomusTestDaemon *d;
    GPid pid;

    if (domus_test_skip_without_qemu ())
        return;
    d = domus_test_daemon_start (&error);
    g_assert_no_error (error);
    dir = g_strdup (domus_test_daemon_get_dir (d));
    pid = domus_test_daemon_get_pid (d);

    names[0] = domus_test_daemon_define_tiny_guest (d, "domus-stop", TRUE, &error);
    g_assert_no_error (error);
    iso = domus_test_make_grub_iso (dir, FALSE, &error);
    g_assert_no_error (error);
    names[1] = domus_test_daemon_define_iso_guest (d, "domus-stop-iso", iso, TRUE, &error);
    g_assert_no_error (error);
    /* A transient guest the fixture does not know of. */
    names[2] = g_strdup_printf ("domus-stop-transient-%d", (int) getpid ());
    {
        g_autoptr(virConnect) conn = open_or_fail (domus_test_daemon_get_qemu_uri (d));
        g_autofree char *xml = g_strdup_printf (
            "<domain type='qemu'><name>%s</name><memory unit='MiB'>64</memory>"
            "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>", names[2]);
        g_autoptr(virDomain) dom = virDomainCreateXML (conn, xml, 0);

        if (dom == NULL)
            g_error ("cannot create a transient guest: %s", virGetLastErrorMessage ());
    }
    for (guint i = 0; names[i] != NULL; i++)
        g_assert_cmpint (domus_test_find_qemu (names[i]), >, 0);
    g_assert_cmpint (domus_test_find_process_mentioning (dir), >, 0);

    domus_test_daemon_stop (d);
    assert_nothing_left (dir, pid, (const char *const *) names);
    /* Not even a zombie: libvirtd was our child, and has been waited for. */
    g_assert_cmpint (kill (pid, 0), ==, -1);
    for (guint i = 0; names[i] != NULL; i++)
        g_free (names[i]);
}

static char *
crash_report_path (GPid test_pid)
{
    return g_strdup_printf ("%s/domus-test-crash-%d.txt", g_get_tmp_dir (), (int) test_pid);
}

/* A test killed mid-way (as a runner's timeout does) leaves nothing either:
 * the fixture's watchdog cleans up after it. */
static void
test_watchdog_after_crash (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *report = NULL;
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    GPid pid;

    if (g_test_subprocess ()) {
        DomusTestDaemon *d = domus_test_daemon_start (&error);
        g_autofree char *name = NULL;
        g_autofree char *line = NULL;

        g_assert_no_error (error);
        name = domus_test_daemon_define_tiny_guest (d, "domus-crash", TRUE, &error);
        g_assert_no_error (error);
        line = g_strdup_printf ("%s\n%d\n%s\n", domus_test_daemon_get_dir (d),
                                (int) domus_test_daemon_get_pid (d), name);
        report = crash_report_path (getppid ());
        g_file_set_contents (report, line, -1, &error);
        g_assert_no_error (error);
        kill (getpid (), SIGKILL);
        return;
    }
    if (domus_test_skip_without_qemu ())
        return;

    report = crash_report_path (getpid ());
    g_unlink (report);
    g_test_trap_subprocess (NULL, TIMEOUT_S * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed ();
    g_file_get_contents (report, &text, NULL, &error);
    g_assert_no_error (error);
    g_unlink (report);
    lines = g_strsplit (text, "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), >=, 3);
    pid = (GPid) g_ascii_strtoll (lines[1], NULL, 10);
    {
        const char *names[] = { lines[2], NULL };

        DOMUS_TEST_WAIT_UNTIL (!g_file_test (lines[0], G_FILE_TEST_EXISTS) &&
                               domus_test_find_process_mentioning (lines[0]) == 0 &&
                               domus_test_find_qemu (lines[2]) == 0, TIMEOUT_S,
                               "the watchdog to clean up after the killed test");
        assert_nothing_left (lines[0], pid, names);
    }
}

int
main (int argc, char *argv[])
{
    int status;

    g_test_init (&argc, &argv, NULL);
    /* libvirt writes to its sockets with write(): a daemon killed mid-call
     * must fail that call, not kill the test. */
    signal (SIGPIPE, SIG_IGN);
    virSetErrorFunc (NULL, quiet_errors);

    domus_test_add_with_daemon ("/real/daemon/answers", test_daemon_answers);
    domus_test_add_with_daemon ("/real/daemon/two-at-once", test_two_daemons_at_once);
    domus_test_add_with_daemon ("/real/daemon/tiny-guest-runs", test_tiny_guest_runs);
    domus_test_add_with_daemon ("/real/daemon/vnc-graphics-fd", test_vnc_graphics_fd);
    domus_test_add_with_daemon ("/real/daemon/test-driver-over-rpc", test_test_driver_over_rpc);
    domus_test_add_with_daemon ("/real/daemon/iso-guest-serial", test_iso_guest_serial);
    domus_test_add_with_daemon ("/real/daemon/restart-keeps-guests", test_restart_keeps_guests);
    g_test_add_func ("/real/daemon/sasl", test_sasl);
    g_test_add_func ("/real/daemon/stop-leaves-nothing", test_stop_leaves_nothing);
    g_test_add_func ("/real/daemon/watchdog-after-crash", test_watchdog_after_crash);
    status = g_test_run ();
    domus_test_daemon_stop_shared ();
    return status;
}
