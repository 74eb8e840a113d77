/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The real suite's fixture: a private libvirt daemon in a temporary
 * directory, and tiny QEMU guests under software emulation on it. Used by
 * the tests only; everything it starts, it stops and removes, even when the
 * test process dies without stopping it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the ISO of domus_test_make_grub_iso() prints on its serial console
 * (and its screen) on boot, and when its menu entry is chosen. */
#define DOMUS_TEST_SERIAL_MARKER "DOMUS-SERIAL-MARKER"
#define DOMUS_TEST_ENTRY_MARKER  "DOMUS-ENTRY-CHOSEN"
#define DOMUS_TEST_MENU_ENTRY    "Domus test entry"
/* What the ISO of domus_test_make_ticking_grub_iso() prints every second. */
#define DOMUS_TEST_TICK          "DOMUS-TICK"

typedef struct _DomusTestDaemon DomusTestDaemon;

/* FALSE, with a reason fit for g_test_skip(), where QEMU, libvirtd or what
 * they need is missing. REASON may be NULL. */
gboolean          domus_test_have_qemu                (char **reason);
/* In a test: skips saying REASON, or fails instead where
 * $DOMUS_REQUIRE_REAL is set (CI, which installs every part). */
void              domus_test_skip_or_require          (const char *reason);
/* In a test: TRUE after domus_test_skip_or_require() where they are
 * missing. */
gboolean          domus_test_skip_without_qemu        (void);

/* Starts libvirtd (and its virtlogd) on a socket in a new temporary
 * directory, in a mount namespace of its own where that directory's
 * run/, etc-qemu/, etc-storage/, etc-secrets/, lib/ and log/ stand for
 * /run/libvirt, /etc/libvirt/qemu, /etc/libvirt/storage,
 * /etc/libvirt/secrets, /var/lib/libvirt and /var/log/libvirt: it shares
 * no state with the system's libvirtd or another test's, lists only guests
 * of this test, and pools it defines stay in its directory.
 * Its qemu.conf is the system's with VNC ports from a block of 100 of its
 * own (10000-32699), not 5900 and up, which another libvirtd hands out too.
 * Returns once the daemon answers. Tests should ignore SIGPIPE. */
DomusTestDaemon  *domus_test_daemon_start             (GError **error);
/* The same, but clients must authenticate with SASL (DIGEST-MD5) as
 * USER/PASSWORD; DIR/sasl2 stands for /etc/sasl2 in its namespace. */
DomusTestDaemon  *domus_test_daemon_start_sasl        (const char *user,
                                                       const char *password,
                                                       GError **error);
/* The same, also listening for libvirt clients on a TCP port of
 * 127.0.0.1 with no authentication (the transport of qemu+tcp://). */
DomusTestDaemon  *domus_test_daemon_start_tcp         (GError **error);
/* The same, with a random host_uuid in its libvirtd.conf and incoming
 * migration ports of its own block in its qemu.conf: guests migrate
 * between two such daemons (libvirt refuses to migrate to a daemon with
 * the same host UUID, "the same host"). */
DomusTestDaemon  *domus_test_daemon_start_migratable  (GError **error);
/* qemu+unix:///system?socket=DIR/libvirt-sock: how another daemon reaches
 * this one (the destination of a peer-to-peer migration). */
const char       *domus_test_daemon_get_unix_uri      (DomusTestDaemon *d);
/* The same, in a network namespace of its own too (unshare --net, with
 * its loopback up): the virtual networks it starts — bridges, dnsmasq,
 * firewall rules — exist only there. Needs ip (iproute2). */
DomusTestDaemon  *domus_test_daemon_start_netns       (GError **error);
/* qemu+tcp://127.0.0.1:PORT/system, or NULL when it does not listen. */
const char       *domus_test_daemon_get_tcp_uri       (DomusTestDaemon *d);
/* Starts it again on the same directory (after a test killed it): running
 * guests are still there. */
gboolean          domus_test_daemon_restart           (DomusTestDaemon *d,
                                                       GError **error);
/* Destroys and undefines every guest of the daemon, stops it and its
 * virtlogd, makes sure no QEMU of it is left and removes the directory. */
void              domus_test_daemon_stop              (DomusTestDaemon *d);

/* The one daemon the tests of a program share (each daemon started and
 * stopped costs seconds): started by the first test that asks for it, with
 * a TCP port where TCP is TRUE (every caller of a program must ask the
 * same), stopped by domus_test_daemon_stop_shared() at the end of main().
 * NULL, after domus_test_skip_or_require(), where QEMU or libvirtd is
 * missing. Tests leave it as they found it: without guests
 * (domus_test_daemon_remove_guests()), running, and not frozen. */
DomusTestDaemon  *domus_test_daemon_shared            (gboolean tcp);
/* The program's shared daemon, started by domus_test_daemon_start_netns():
 * a program's tests all ask for this one or all for the other. NULL, after
 * domus_test_skip_or_require(), where QEMU, libvirtd or dnsmasq is
 * missing. */
DomusTestDaemon  *domus_test_daemon_shared_netns      (void);
void              domus_test_daemon_stop_shared       (void);
/* The two migratable daemons the tests of a program share, started by
 * the first test that asks and stopped by
 * domus_test_daemon_stop_shared_pair() at the end of main(). FALSE, after
 * domus_test_skip_or_require(), where QEMU or libvirtd is missing. */
gboolean          domus_test_daemon_shared_pair       (DomusTestDaemon **a,
                                                       DomusTestDaemon **b);
void              domus_test_daemon_stop_shared_pair  (void);
/* Destroys (all at once) and undefines every guest of the daemon. */
void              domus_test_daemon_remove_guests     (DomusTestDaemon *d);

/* The fixture of a test that needs only the shared daemon: DAEMON is NULL
 * after a skip; the teardown removes the test's guests. */
typedef struct {
    DomusTestDaemon *daemon;
} DomusTestDaemonFixture;

void              domus_test_daemon_fixture_setup     (DomusTestDaemonFixture *f,
                                                       gconstpointer data);
void              domus_test_daemon_fixture_teardown  (DomusTestDaemonFixture *f,
                                                       gconstpointer data);
/* g_test_add() of TEST (DomusTestDaemonFixture *, gconstpointer) at PATH. */
#define domus_test_add_with_daemon(PATH, TEST)                                    \
    g_test_add ((PATH), DomusTestDaemonFixture, NULL, domus_test_daemon_fixture_setup, \
                (TEST), domus_test_daemon_fixture_teardown)

/* qemu:///system?socket=DIR/libvirt-sock */
const char       *domus_test_daemon_get_qemu_uri      (DomusTestDaemon *d);
/* For a test that failed and says why: what `virsh -c QEMU_URI ARGS...`
 * (NULL-terminated) printed, standard output then standard error. */
char             *domus_test_daemon_virsh             (DomusTestDaemon *d,
                                                       const char      *arg,
                                                       ...) G_GNUC_NULL_TERMINATED;
/* For a test that failed and says why: prints guest NAME's state and
 * reason, the end of QEMU's log of it, and saves its screen as
 * $TMPDIR/domus-test-NAME-PID.png, a file that outlives the test. */
void              domus_test_daemon_describe_guest    (DomusTestDaemon *d,
                                                       const char      *name);
/* test+unix:///ABS?socket=DIR/libvirt-sock: a test-driver host, read from
 * ABS_XML_PATH by the daemon and served over RPC. */
char             *domus_test_daemon_get_test_uri      (DomusTestDaemon *d,
                                                       const char *abs_xml_path);
/* libvirtd's pid, for tests to SIGSTOP, SIGCONT or kill it. */
GPid              domus_test_daemon_get_pid           (DomusTestDaemon *d);
/* The temporary directory (mode 0711, so QEMU can reach files in it): a
 * place for ISOs and test-driver XML; removed by domus_test_daemon_stop(). */
const char       *domus_test_daemon_get_dir           (DomusTestDaemon *d);

/* Defines (and starts) a 64 MiB guest with no disk and no network, VNC on
 * 127.0.0.1 and a serial console; it boots SeaBIOS to "No bootable device"
 * on its screen (nothing on the serial port). Its name is NAME_PREFIX-PID-N,
 * unique to this process. */
char             *domus_test_daemon_define_tiny_guest (DomusTestDaemon *d,
                                                       const char *name_prefix,
                                                       gboolean start,
                                                       GError **error);
/* The same guest with ISO_PATH as a CD-ROM to boot from. QEMU runs as
 * libvirt-qemu: every directory above ISO_PATH must be searchable by it. */
char             *domus_test_daemon_define_iso_guest  (DomusTestDaemon *d,
                                                       const char *name_prefix,
                                                       const char *iso_path,
                                                       gboolean start,
                                                       GError **error);
/* Starts the defined guest NAME paused, attaches to its serial console
 * (virDomainOpenConsole), lets it run and reads until TEXT comes, so that
 * nothing printed early is missed. Fails after a generous time. The main
 * loop turns meanwhile (where the calling thread may run it), so that the
 * caller's connections keep answering the daemon's keepalive. */
gboolean          domus_test_daemon_boot_and_await_serial (DomusTestDaemon *d,
                                                           const char *name,
                                                           const char *text,
                                                           GError **error);

/* A TCP port of 127.0.0.1 nobody listens on now, or 0 with ERROR set. */
int               domus_test_free_tcp_port            (GError **error);

/* The pid of a QEMU process running the guest NAME, or 0. */
GPid              domus_test_find_qemu                (const char *name);
/* Whether PID is alive and not a zombie, whoever its parent is. */
gboolean          domus_test_process_alive            (GPid        pid);
/* A process other than this one whose command line mentions TEXT, or 0. */
GPid              domus_test_find_process_mentioning  (const char *text);

/* Builds DIR/test.iso with grub-mkrescue: GRUB prints
 * DOMUS_TEST_SERIAL_MARKER and waits in a menu with one entry,
 * DOMUS_TEST_MENU_ENTRY, which prints DOMUS_TEST_ENTRY_MARKER. With SERIAL,
 * on the first serial port as well as the screen. Returns the path. */
char             *domus_test_make_grub_iso            (const char *dir,
                                                       gboolean serial,
                                                       GError **error);

/* Builds DIR/ticking.iso: GRUB prints DOMUS_TEST_SERIAL_MARKER, then
 * DOMUS_TEST_TICK every second, forever, on the first serial port. Returns
 * the path. */
char             *domus_test_make_ticking_grub_iso    (const char *dir,
                                                       GError **error);

/* Builds DIR/counting.iso (or DIR/counting-ballast.iso): GRUB prints
 * DOMUS_TEST_SERIAL_MARKER, then DOMUS_TEST_COUNT followed by a count of
 * three digits (000, 001…) every second on the first serial port. With
 * BALLAST_MIB, it first loads that many MiB of random bytes into the
 * guest's memory (a multiboot image it never boots), which a migration
 * must copy. Returns the path. */
#define DOMUS_TEST_COUNT "DOMUS-COUNT-"
char             *domus_test_make_counting_grub_iso   (const char *dir,
                                                       guint ballast_mib,
                                                       GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusTestDaemon, domus_test_daemon_stop)

G_END_DECLS
