/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A private libvirtd for the real suite: its own configuration, socket and
 * state in a temporary directory, in a mount namespace where that directory
 * stands for /run/libvirt, /etc/libvirt/qemu, /etc/libvirt/storage,
 * /etc/libvirt/secrets, /var/lib/libvirt and /var/log/libvirt, with VNC
 * ports of its own in its qemu.conf, so no other libvirtd's pid files,
 * guests, pools or ports get in its way, and nothing it defines reaches
 * the system's. A watchdog shell stops it all if the test process dies
 * first; waits
 * are for something to happen, with generous limits, and no test asserts
 * how long they took.
 */
#include "domus-test-daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#define START_TIMEOUT_S 60      /* daemon up; the first start probes QEMU */
#define STOP_TIMEOUT_S 30       /* daemon, virtlogd or QEMU gone */
#ifndef GUEST_TIMEOUT_S
#define GUEST_TIMEOUT_S 120     /* a guest under TCG printed something */
#endif
#define POLL_US (G_USEC_PER_SEC / 20)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (virConnect, virConnectClose)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virDomain, virDomainFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virStream, virStreamFree)

struct _DomusTestDaemon {
    char *dir;
    char *conf;
    char *pidfile;
    char *log;
    char *socket;
    char *qemu_uri;
    char *virtlogd_pidfile;
    GPid pid;                   /* libvirtd, our child */
    gboolean reaped;            /* pid has been waited for */
    GPid watchdog_pid;
    int watchdog_fd;            /* its stdin: EOF there means we died */
    GPtrArray *guests;          /* names of guests seen, to check for QEMU */
    char *sasl_user;            /* SASL credentials, or NULL: no auth */
    char *sasl_password;
    int tcp_port;               /* libvirt's TCP port on 127.0.0.1, or 0 */
    char *tcp_uri;
    gboolean migratable;        /* a host_uuid and migration ports of its own */
    char *unix_uri;             /* qemu+unix:///system?socket=… */
    gboolean netns;             /* in a network namespace of its own */
    int port_block_fd;          /* bound to the first port of its block while
                                 * it runs, or -1 */
};

/* Process-wide, so two fixtures in one test never make the same name. */
static int guest_counter;

static char *
find_program (const char *name)
{
    char *path = g_find_program_in_path (name);
    g_autofree char *sbin = g_build_filename ("/usr/sbin", name, NULL);

    if (path == NULL && g_file_test (sbin, G_FILE_TEST_IS_EXECUTABLE))
        path = g_steal_pointer (&sbin);
    return path;
}

static gboolean
have_qemu_driver (void)
{
    const char *const libdirs[] = { "/usr/lib64", "/usr/lib", NULL };
    const char *module = "libvirt/connection-driver/libvirt_driver_qemu.so";
    g_autoptr(GDir) dir = g_dir_open ("/usr/lib", 0, NULL);
    const char *name;

    for (guint i = 0; libdirs[i] != NULL; i++) {
        g_autofree char *path = g_build_filename (libdirs[i], module, NULL);

        if (g_file_test (path, G_FILE_TEST_EXISTS))
            return TRUE;
    }
    /* Debian's multiarch directories: /usr/lib/x86_64-linux-gnu/… */
    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
        g_autofree char *path = g_build_filename ("/usr/lib", name, module, NULL);

        if (g_file_test (path, G_FILE_TEST_EXISTS))
            return TRUE;
    }
    return FALSE;
}

/* The daemon runs in a mount namespace of its own: that takes root and a
 * kernel and container that allow it. */
static gboolean
can_unshare_mounts (char **why)
{
    g_autofree char *unshare = find_program ("unshare");
    g_autofree char *err = NULL;
    const char *argv[] = { NULL, "--mount", "--propagation", "private", "true", NULL };
    int status = -1;

    if (unshare == NULL) {
        *why = g_strdup ("unshare is not installed (Debian package util-linux)");
        return FALSE;
    }
    argv[0] = unshare;
    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                       NULL, NULL, NULL, &err, &status, NULL) ||
        !g_spawn_check_wait_status (status, NULL)) {
        *why = g_strdup_printf ("cannot make a mount namespace for libvirtd (unshare --mount): %s",
                                err != NULL ? g_strstrip (err) : "failed");
        return FALSE;
    }
    return TRUE;
}

gboolean
domus_test_have_qemu (char **reason)
{
    g_autofree char *qemu = find_program ("qemu-system-x86_64");
    g_autofree char *libvirtd = find_program ("libvirtd");
    g_autofree char *virtlogd = find_program ("virtlogd");
    g_autofree char *why = NULL;

    if (qemu == NULL)
        why = g_strdup ("qemu-system-x86_64 is not installed (Debian package qemu-system-x86)");
    else if (libvirtd == NULL || virtlogd == NULL)
        why = g_strdup ("libvirtd or virtlogd is not installed (Debian package libvirt-daemon)");
    else if (!have_qemu_driver ())
        why = g_strdup ("libvirt's QEMU driver is not installed "
                        "(Debian package libvirt-daemon-driver-qemu)");
    else if (!g_file_test ("/etc/libvirt/qemu.conf", G_FILE_TEST_EXISTS) ||
             getpwnam ("libvirt-qemu") == NULL)
        /* Without them the QEMU driver fails: "Failed to parse user 'libvirt-qemu'". */
        why = g_strdup ("libvirt's qemu.conf or its libvirt-qemu user is missing "
                        "(Debian package libvirt-daemon-system)");
    else if (geteuid () != 0)
        why = g_strdup ("the real suite starts a system-mode libvirtd and needs root");
    else if (!can_unshare_mounts (&why))
        ;
    else
        return TRUE;
    if (reason != NULL)
        *reason = g_steal_pointer (&why);
    return FALSE;
}

static void
quiet_errors (void *data, virErrorPtr error)
{
    /* The fixture reports what matters through GError. */
}

static void
set_virt_error (GError **error, const char *what, const char *name)
{
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s %s: %s", what, name,
                 virGetLastErrorMessage ());
}

static int
fixture_auth_cb (virConnectCredentialPtr cred, unsigned int ncred, void *data)
{
    DomusTestDaemon *d = data;

    for (guint i = 0; i < ncred; i++) {
        const char *answer = cred[i].type == VIR_CRED_AUTHNAME ? d->sasl_user : d->sasl_password;

        cred[i].result = strdup (answer != NULL ? answer : "");
        cred[i].resultlen = strlen (cred[i].result);
    }
    return 0;
}

/* The fixture's own connections, with the SASL credentials where asked. */
static virConnectPtr
open_conn_quietly (DomusTestDaemon *d)
{
    int types[] = { VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE };
    virConnectAuth auth = { types, G_N_ELEMENTS (types), fixture_auth_cb, d };

    return virConnectOpenAuth (d->qemu_uri, &auth, 0);
}

static virConnectPtr
open_conn (DomusTestDaemon *d, GError **error)
{
    virConnectPtr conn = open_conn_quietly (d);

    if (conn == NULL) {
        set_virt_error (error, "cannot connect to", d->qemu_uri);
        return NULL;
    }
    virConnSetErrorFunc (conn, NULL, quiet_errors);
    return conn;
}

/* --- processes ----------------------------------------------------------- */

/* 0 for a process that is gone or a zombie (which its parent will reap). */
static char
process_state (GPid pid)
{
    g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
    g_autofree char *stat = NULL;
    const char *end;

    if (pid <= 0 || !g_file_get_contents (path, &stat, NULL, NULL))
        return 0;
    end = strrchr (stat, ')');
    if (end == NULL || end[1] == '\0' || end[2] == '\0' || end[2] == 'Z' || end[2] == 'X')
        return 0;
    return end[2];
}

static gboolean
cmdline_contains (GPid pid, const char *text)
{
    g_autofree char *path = g_strdup_printf ("/proc/%d/cmdline", (int) pid);
    g_autofree char *cmdline = NULL;
    gsize len = 0;

    if (!g_file_get_contents (path, &cmdline, &len, NULL))
        return FALSE;
    return memmem (cmdline, len, text, strlen (text)) != NULL;
}

/* Waits for a process that is not our child to go away. */
static gboolean
wait_gone (GPid pid, int timeout_s)
{
    gint64 end = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

    while (process_state (pid) != 0) {
        if (g_get_monotonic_time () > end)
            return FALSE;
        g_usleep (POLL_US);
    }
    return TRUE;
}

/* Stops a process that is not our child, found by its pid file. */
static void
stop_by_pidfile (const char *pidfile, const char *program)
{
    g_autofree char *text = NULL;
    GPid pid;

    if (!g_file_get_contents (pidfile, &text, NULL, NULL))
        return;
    pid = (GPid) g_ascii_strtoll (text, NULL, 10);
    if (pid <= 1 || !cmdline_contains (pid, program))
        return;
    kill (pid, SIGCONT);
    kill (pid, SIGTERM);
    if (!wait_gone (pid, STOP_TIMEOUT_S)) {
        kill (pid, SIGKILL);
        wait_gone (pid, STOP_TIMEOUT_S);
    }
}

static gboolean
daemon_alive (DomusTestDaemon *d)
{
    if (d->pid <= 0 || d->reaped)
        return FALSE;
    if (waitpid (d->pid, NULL, WNOHANG) == d->pid) {
        d->reaped = TRUE;
        return FALSE;
    }
    return TRUE;
}

static void
stop_daemon_process (DomusTestDaemon *d)
{
    gint64 end = g_get_monotonic_time () + STOP_TIMEOUT_S * G_USEC_PER_SEC;

    if (d->pid <= 0)
        return;
    if (daemon_alive (d)) {
        kill (d->pid, SIGCONT);     /* a test may have frozen it */
        kill (d->pid, SIGTERM);
        while (daemon_alive (d) && g_get_monotonic_time () < end)
            g_usleep (POLL_US);
        if (daemon_alive (d)) {
            g_warning ("libvirtd %d ignored SIGTERM for %d s; killing it", (int) d->pid,
                       STOP_TIMEOUT_S);
            kill (d->pid, SIGKILL);
            waitpid (d->pid, NULL, 0);
        }
    }
    g_spawn_close_pid (d->pid);
    d->pid = 0;
    d->reaped = FALSE;
}

/* Empties and removes a directory tree we made, not following symlinks. */
static void
remove_tree (const char *path)
{
    g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
        g_autofree char *child = g_build_filename (path, name, NULL);
        struct stat st;

        if (g_lstat (child, &st) == 0 && S_ISDIR (st.st_mode))
            remove_tree (child);
        else
            g_unlink (child);
    }
    g_rmdir (path);
}

static char **
daemon_environment (void)
{
    char **env = g_get_environ ();

    /* The tests' G_DEBUG=fatal-criticals must not turn a daemon's warning
     * into a crash, and a sanitizer preloaded for the tests is not for it. */
    env = g_environ_unsetenv (env, "G_DEBUG");
    env = g_environ_unsetenv (env, "LD_PRELOAD");
    return env;
}

static int
open_log (DomusTestDaemon *d, GError **error)
{
    int fd = g_open (d->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

    if (fd < 0)
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot open %s: %s",
                     d->log, g_strerror (errno));
    return fd;
}

static char *
read_log (DomusTestDaemon *d)
{
    char *text = NULL;

    if (!g_file_get_contents (d->log, &text, NULL, NULL))
        return g_strdup ("(no log)");
    return text;
}

/* --- watchdog ------------------------------------------------------------ */

static void
new_session (gpointer data)
{
    /* Out of the test's process group: a runner that kills the group on a
     * timeout must leave the watchdog to clean up after it. */
    setsid ();
}

/* A shell that waits on a pipe only we hold: if we die without writing
 * "done" to it, it kills libvirtd, QEMU, virtlogd and the networks' dnsmasq
 * by their pid files and removes the directory. */
static gboolean
start_watchdog (DomusTestDaemon *d, GError **error)
{
    g_autofree char *path = g_build_filename (d->dir, "watchdog.sh", NULL);
    g_autofree char *qdir = g_shell_quote (d->dir);
    g_autofree char *script = NULL;
    g_auto(GStrv) env = daemon_environment ();
    const char *argv[] = { "/bin/sh", path, NULL };
    int fds[2];
    int log_fd;
    int stderr_fds[2] = { -1, 3 };
    gboolean ok;

    script = g_strdup_printf (
        "# domus-test-daemon's watchdog: when the test process goes away\n"
        "# without stopping its daemon, stop it here.\n"
        "dir=%s\n"
        "read -r word || :\n"
        "[ \"$word\" = done ] && exit 0\n"
        "echo \"watchdog: the test process died; cleaning up $dir\"\n"
        "stop () {\n"
        "    pid=$(cat \"$2\" 2>/dev/null) || return 0\n"
        "    case $pid in ''|*[!0-9]*) return 0;; esac\n"
        "    grep -qs \"$3\" /proc/\"$pid\"/cmdline && kill -\"$1\" \"$pid\"\n"
        "}\n"
        "stop KILL \"$dir/libvirtd.pid\" libvirtd\n"
        "for f in \"$dir\"/run/qemu/*.pid; do stop KILL \"$f\" guest=; done\n"
        "stop TERM \"$dir/virtlogd.pid\" virtlogd\n"
        "# dnsmasq of the networks it started: libvirtd leaves them running.\n"
        "for f in \"$dir\"/run/network/*.pid; do stop TERM \"$f\" dnsmasq; done\n"
        "# What the daemon said (errors and warnings: a client it dropped,\n"
        "# a guest that failed), into the test's own log before it goes.\n"
        "{ echo \"watchdog: the end of $dir/libvirtd.log:\"\n"
        "  tail -n 40 \"$dir/libvirtd.log\"; } >&3 2>/dev/null\n"
        "rm -rf \"$dir\"\n",
        qdir);
    if (!g_file_set_contents (path, script, -1, error))
        return FALSE;
    if (!g_unix_open_pipe (fds, FD_CLOEXEC, error))
        return FALSE;
    log_fd = open_log (d, error);
    if (log_fd < 0) {
        close (fds[0]);
        close (fds[1]);
        return FALSE;
    }
    /* Its fd 3 is the test's standard error: a copy, since its own fd 2
     * becomes the log before fd 3 is set. */
    stderr_fds[0] = fcntl (STDERR_FILENO, F_DUPFD_CLOEXEC, 10);
    ok = g_spawn_async_with_pipes_and_fds (NULL, argv, (const char *const *) env,
                                           G_SPAWN_DO_NOT_REAP_CHILD, new_session, NULL,
                                           fds[0], log_fd, log_fd, stderr_fds, stderr_fds + 1,
                                           stderr_fds[0] >= 0 ? 1 : 0, &d->watchdog_pid,
                                           NULL, NULL, NULL, error);
    if (stderr_fds[0] >= 0)
        close (stderr_fds[0]);
    close (fds[0]);
    close (log_fd);
    if (!ok) {
        close (fds[1]);
        return FALSE;
    }
    d->watchdog_fd = fds[1];
    return TRUE;
}

static void
stop_watchdog (DomusTestDaemon *d)
{
    gint64 end = g_get_monotonic_time () + STOP_TIMEOUT_S * G_USEC_PER_SEC;

    if (d->watchdog_fd >= 0) {
        if (write (d->watchdog_fd, "done\n", 5) != 5)
            g_warning ("cannot stand the watchdog down: %s", g_strerror (errno));
        close (d->watchdog_fd);
        d->watchdog_fd = -1;
    }
    if (d->watchdog_pid <= 0)
        return;
    while (waitpid (d->watchdog_pid, NULL, WNOHANG) == 0) {
        if (g_get_monotonic_time () > end) {
            kill (d->watchdog_pid, SIGKILL);
            waitpid (d->watchdog_pid, NULL, 0);
            break;
        }
        g_usleep (POLL_US / 5);
    }
    g_spawn_close_pid (d->watchdog_pid);
    d->watchdog_pid = 0;
}

/* --- the daemon ---------------------------------------------------------- */

static gboolean
socket_accepts (const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    gboolean ok;

    if (fd < 0)
        return FALSE;
    g_strlcpy (addr.sun_path, path, sizeof addr.sun_path);
    ok = connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0;
    close (fd);
    return ok;
}

/* Up when libvirt answers on the socket; a plain connect() first, so that
 * the wait does not print libvirt's "no such file" errors meanwhile. */
static gboolean
wait_until_up (DomusTestDaemon *d, GError **error)
{
    gint64 end = g_get_monotonic_time () + START_TIMEOUT_S * G_USEC_PER_SEC;

    for (;;) {
        if (socket_accepts (d->socket)) {
            g_autoptr(virConnect) conn = open_conn_quietly (d);
            unsigned long version = 0;

            if (conn != NULL && virConnectGetLibVersion (conn, &version) == 0)
                return TRUE;
        }
        if (!daemon_alive (d)) {
            g_autofree char *log = read_log (d);

            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         "libvirtd exited before it answered on %s:\n%s", d->socket, log);
            return FALSE;
        }
        if (g_get_monotonic_time () > end) {
            g_autofree char *log = read_log (d);

            g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                         "libvirtd did not answer on %s within %d s:\n%s", d->socket,
                         START_TIMEOUT_S, log);
            return FALSE;
        }
        g_usleep (POLL_US);
    }
}

static gboolean
launch (DomusTestDaemon *d, GError **error)
{
    g_autofree char *unshare = find_program ("unshare");
    g_autofree char *libvirtd = find_program ("libvirtd");
    g_autofree char *virtlogd = find_program ("virtlogd");
    g_autofree char *qdir = g_shell_quote (d->dir);
    g_autofree char *qlibvirtd = NULL;
    g_autofree char *qvirtlogd = NULL;
    g_autofree char *script = NULL;
    g_auto(GStrv) env = daemon_environment ();
    const char *argv[] = { NULL, "--mount", "--propagation", "private",
                           "/bin/sh", "-c", NULL, NULL, NULL };
    int log_fd;
    gboolean ok;

    if (unshare == NULL || libvirtd == NULL || virtlogd == NULL) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     "unshare, libvirtd or virtlogd is not installed");
        return FALSE;
    }
    qlibvirtd = g_shell_quote (libvirtd);
    qvirtlogd = g_shell_quote (virtlogd);

    /* In the new mount namespace: our directories over the system's, our
     * virtlogd (kept across restarts: its socket is in run/), then libvirtd
     * itself, which keeps the pid of this shell, and so of unshare. */
    script = g_strdup_printf (
        "set -e\n"
        "dir=%s\n"
        "bind () { mkdir -p \"$2\"; mount --bind \"$dir/$1\" \"$2\"; }\n"
        "bind run /run/libvirt\n"
        "bind etc-qemu /etc/libvirt/qemu\n"
        "bind etc-storage /etc/libvirt/storage\n"
        "bind etc-secrets /etc/libvirt/secrets\n"
        "bind lib /var/lib/libvirt\n"
        "bind log /var/log/libvirt\n"
        "[ -e /etc/libvirt/qemu.conf ] || : >/etc/libvirt/qemu.conf\n"
        "mount --bind \"$dir/qemu.conf\" /etc/libvirt/qemu.conf\n"
        "%s%s"
        "pid=$(cat \"$dir/virtlogd.pid\" 2>/dev/null) || pid=\n"
        "if [ -z \"$pid\" ] || ! kill -0 \"$pid\" 2>/dev/null; then\n"
        "    %s --daemon --pid-file=\"$dir/virtlogd.pid\"\n"
        "fi\n"
        "exec %s -f \"$dir/libvirtd.conf\" -p \"$dir/libvirtd.pid\"%s\n",
        qdir, d->sasl_user != NULL ? "bind sasl2 /etc/sasl2\n" : "",
        d->netns ? "ip link set lo up\n" : "", qvirtlogd, qlibvirtd,
        d->tcp_port > 0 ? " --listen" : "");
    argv[0] = unshare;
    argv[6] = script;
    if (d->netns) {
        /* Networks, bridges, dnsmasq and firewall rules of its own. */
        argv[4] = "--net";
        argv[5] = "/bin/sh";
        argv[6] = "-c";
        argv[7] = script;
    }

    log_fd = open_log (d, error);
    if (log_fd < 0)
        return FALSE;
    ok = g_spawn_async_with_pipes_and_fds (NULL, argv, (const char *const *) env,
                                           G_SPAWN_DO_NOT_REAP_CHILD |
                                           G_SPAWN_STDIN_FROM_DEV_NULL,
                                           NULL, NULL, -1, log_fd, log_fd, NULL, NULL, 0,
                                           &d->pid, NULL, NULL, NULL, error);
    close (log_fd);
    d->reaped = FALSE;
    return ok && wait_until_up (d, error);
}

/* The system's qemu.conf with a range of VNC ports of our own in front (the
 * first setting of a name wins): two libvirtds each hand out 5900 and up
 * from their own allocator, and their guests then race for the same port. */
static gboolean
write_qemu_config (DomusTestDaemon *d, GError **error)
{
    g_autofree char *path = g_build_filename (d->dir, "qemu.conf", NULL);
    g_autofree char *system = NULL;
    g_autofree char *conf = NULL;
    int base = 0;

    /* A free block of 100 ports, clear of 5900 and of the ephemeral range,
     * claimed by keeping its first port bound until the daemon stops: the
     * daemons of tests running side by side (the two real lanes) pass a
     * claimed block by, and libvirt's allocator, which checks a port with
     * a bind, leaves that one port alone. Checked and released, two
     * daemons started at once could pick the same block, and their guests
     * then raced for its first port. */
    for (int i = 0; i < 50 && base == 0; i++) {
        struct sockaddr_in addr = { .sin_family = AF_INET };
        int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

        base = 10000 + g_random_int_range (0, 227) * 100;
        addr.sin_port = htons ((guint16) base);
        addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
        if (fd >= 0 && bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0) {
            d->port_block_fd = fd;
        } else {
            base = 0;
            if (fd >= 0)
                close (fd);
        }
    }
    if (base == 0)
        base = 10000 + g_random_int_range (0, 227) * 100;
    if (!g_file_get_contents ("/etc/libvirt/qemu.conf", &system, NULL, NULL))
        system = g_strdup ("");
    /* A daemon guests migrate to takes incoming migrations on the upper
     * half of its block, not on 49152 and up, which every daemon hands out. */
    g_autofree char *migration = d->migratable
        ? g_strdup_printf ("migration_port_min = %d\nmigration_port_max = %d\n",
                           base + 50, base + 99)
        : g_strdup ("");

    conf = g_strdup_printf ("# domus-test-daemon: VNC ports of this daemon's own\n"
                            "remote_display_port_min = %d\n"
                            "remote_display_port_max = %d\n"
                            "%s"
                            "\n%s",
                            base, d->migratable ? base + 49 : base + 99, migration, system);
    return g_file_set_contents_full (path, conf, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                     error);
}

/* SASL (DIGEST-MD5) with one user in a private database, in DIR/sasl2,
 * which stands for /etc/sasl2 in the daemon's namespace. */
static gboolean
write_sasl_config (DomusTestDaemon *d, GError **error)
{
    g_autofree char *saslpasswd2 = find_program ("saslpasswd2");
    g_autofree char *sasl_dir = g_build_filename (d->dir, "sasl2", NULL);
    g_autofree char *db = g_build_filename (sasl_dir, "passwd.db", NULL);
    g_autofree char *conf_path = g_build_filename (sasl_dir, "libvirt.conf", NULL);
    g_autofree char *conf = g_strdup_printf ("mech_list: digest-md5\nsasldb_path: %s\n", db);
    const char *argv[] = { NULL, "-p", "-a", "libvirt", "-f", db, d->sasl_user, NULL };
    GPid pid;
    int in_fd = -1;
    int status = -1;
    gssize len = (gssize) strlen (d->sasl_password);

    if (saslpasswd2 == NULL) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     "saslpasswd2 is not installed (Debian package sasl2-bin)");
        return FALSE;
    }
    argv[0] = saslpasswd2;
    g_mkdir (sasl_dir, 0755);
    if (!g_file_set_contents (conf_path, conf, -1, error) ||
        !g_spawn_async_with_pipes_and_fds (NULL, argv, NULL,
                                           G_SPAWN_DO_NOT_REAP_CHILD |
                                           G_SPAWN_STDOUT_TO_DEV_NULL,
                                           NULL, NULL, -1, -1, -1, NULL, NULL, 0,
                                           &pid, &in_fd, NULL, NULL, error))
        return FALSE;
    /* -p: the password from standard input, not asked for. */
    if (write (in_fd, d->sasl_password, len) != len)
        g_warning ("cannot pass the password to saslpasswd2: %s", g_strerror (errno));
    close (in_fd);
    waitpid (pid, &status, 0);
    g_spawn_close_pid (pid);
    if (!g_spawn_check_wait_status (status, error)) {
        g_prefix_error (error, "saslpasswd2: ");
        return FALSE;
    }
    return TRUE;
}

/* A port nobody listens on now, from the kernel's ephemeral range. */
static int
free_tcp_port (GError **error)
{
    g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, error);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    if (socket == NULL || !g_socket_bind (socket, any, FALSE, error) ||
        (bound = g_socket_get_local_address (socket, error)) == NULL)
        return 0;
    return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

int
domus_test_free_tcp_port (GError **error)
{
    return free_tcp_port (error);
}

static DomusTestDaemon *
daemon_start (const char *sasl_user, const char *sasl_password, gboolean tcp,
              gboolean migratable, gboolean netns, GError **error)
{
    g_autoptr(DomusTestDaemon) d = g_new0 (DomusTestDaemon, 1);
    const char *const subdirs[] = { "run", "etc-qemu", "etc-storage", "etc-secrets", "lib",
                                    "log", NULL };
    const char *auth = sasl_user != NULL ? "sasl" : "none";
    g_autofree char *config = NULL;

    d->watchdog_fd = -1;
    d->port_block_fd = -1;
    d->guests = g_ptr_array_new_with_free_func (g_free);
    d->dir = g_dir_make_tmp ("domus-test-XXXXXX", error);
    if (d->dir == NULL)
        return NULL;
    /* QEMU runs as libvirt-qemu and must reach ISOs kept here. */
    g_chmod (d->dir, 0711);
    for (guint i = 0; subdirs[i] != NULL; i++) {
        g_autofree char *sub = g_build_filename (d->dir, subdirs[i], NULL);

        g_mkdir (sub, 0755);
    }
    d->conf = g_build_filename (d->dir, "libvirtd.conf", NULL);
    d->pidfile = g_build_filename (d->dir, "libvirtd.pid", NULL);
    d->log = g_build_filename (d->dir, "libvirtd.log", NULL);
    d->socket = g_build_filename (d->dir, "libvirt-sock", NULL);
    d->virtlogd_pidfile = g_build_filename (d->dir, "virtlogd.pid", NULL);
    d->qemu_uri = g_strdup_printf ("qemu:///system?socket=%s", d->socket);
    d->unix_uri = g_strdup_printf ("qemu+unix:///system?socket=%s", d->socket);
    d->migratable = migratable;
    if (strlen (d->socket) >= sizeof ((struct sockaddr_un *) NULL)->sun_path ||
        strchr (d->dir, '"') != NULL) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                     "%s cannot hold libvirtd's socket: set TMPDIR to a short path", d->dir);
        return NULL;
    }

    if (tcp) {
        d->tcp_port = free_tcp_port (error);
        if (d->tcp_port == 0)
            return NULL;
        d->tcp_uri = g_strdup_printf ("qemu+tcp://127.0.0.1:%d/system", d->tcp_port);
    }
    /* Without --listen, libvirtd listens on no TCP port anyway; with it,
     * on 127.0.0.1 only, unauthenticated, for the TCP tests. */
    config = g_strdup_printf ("# domus-test-daemon: a private libvirtd for the tests\n"
                              "unix_sock_dir = \"%s\"\n"
                              "unix_sock_ro_perms = \"0700\"\n"
                              "unix_sock_rw_perms = \"0700\"\n"
                              "unix_sock_admin_perms = \"0700\"\n"
                              "auth_unix_ro = \"%s\"\n"
                              "auth_unix_rw = \"%s\"\n"
                              "listen_tcp = %d\n"
                              "listen_tls = 0\n"
                              "listen_addr = \"127.0.0.1\"\n"
                              "tcp_port = \"%d\"\n"
                              "auth_tcp = \"none\"\n"
                              "log_outputs = \"3:stderr\"\n",
                              d->dir, auth, auth, tcp ? 1 : 0,
                              d->tcp_port > 0 ? d->tcp_port : 16509);
    if (migratable) {
        /* libvirt refuses to migrate to a daemon of the same host UUID. */
        g_autofree char *uuid = g_uuid_string_random ();
        char *with_uuid = g_strdup_printf ("%shost_uuid = \"%s\"\n", config, uuid);

        g_free (config);
        config = with_uuid;
    }
    d->sasl_user = g_strdup (sasl_user);
    d->sasl_password = g_strdup (sasl_password != NULL ? sasl_password : "");
    d->netns = netns;
    if (!g_file_set_contents (d->conf, config, -1, error) ||
        !write_qemu_config (d, error) ||
        (sasl_user != NULL && !write_sasl_config (d, error)) ||
        !start_watchdog (d, error) ||
        !launch (d, error))
        return NULL;
    return g_steal_pointer (&d);
}

DomusTestDaemon *
domus_test_daemon_start_netns (GError **error)
{
    g_autofree char *ip = find_program ("ip");

    if (ip == NULL) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     "ip is not installed (Debian package iproute2)");
        return NULL;
    }
    return daemon_start (NULL, NULL, FALSE, FALSE, TRUE, error);
}

DomusTestDaemon *
domus_test_daemon_start (GError **error)
{
    return daemon_start (NULL, NULL, FALSE, FALSE, FALSE, error);
}

DomusTestDaemon *
domus_test_daemon_start_tcp (GError **error)
{
    return daemon_start (NULL, NULL, TRUE, FALSE, FALSE, error);
}

DomusTestDaemon *
domus_test_daemon_start_migratable (GError **error)
{
    return daemon_start (NULL, NULL, FALSE, TRUE, FALSE, error);
}

const char *
domus_test_daemon_get_unix_uri (DomusTestDaemon *d)
{
    return d->unix_uri;
}

const char *
domus_test_daemon_get_tcp_uri (DomusTestDaemon *d)
{
    return d->tcp_uri;
}

DomusTestDaemon *
domus_test_daemon_start_sasl (const char *user, const char *password, GError **error)
{
    g_return_val_if_fail (user != NULL && password != NULL, NULL);

    return daemon_start (user, password, FALSE, FALSE, FALSE, error);
}

gboolean
domus_test_daemon_restart (DomusTestDaemon *d, GError **error)
{
    g_return_val_if_fail (d != NULL, FALSE);

    stop_daemon_process (d);
    return launch (d, error);
}

static void
remember_guest (DomusTestDaemon *d, const char *name)
{
    for (guint i = 0; i < d->guests->len; i++)
        if (g_str_equal (g_ptr_array_index (d->guests, i), name))
            return;
    g_ptr_array_add (d->guests, g_strdup (name));
}

static gpointer
destroy_thread (gpointer data)
{
    virDomainDestroy (data);
    virResetLastError ();
    return NULL;
}

/* Every guest the daemon has is this test's: its /etc/libvirt/qemu is ours.
 * The running ones are destroyed all at once: each takes a second or two
 * of waiting for its QEMU to go. */
static void
remove_guests (DomusTestDaemon *d)
{
    g_autoptr(virConnect) conn = NULL;
    g_autoptr(GPtrArray) threads = g_ptr_array_new ();
    virDomainPtr *domains = NULL;
    int n;

    if (!daemon_alive (d) || (conn = open_conn (d, NULL)) == NULL)
        return;
    n = virConnectListAllDomains (conn, &domains, 0);
    for (int i = 0; i < n; i++) {
        remember_guest (d, virDomainGetName (domains[i]));
        if (virDomainIsActive (domains[i]) == 1)
            g_ptr_array_add (threads, g_thread_new ("domus-test-destroy", destroy_thread,
                                                    domains[i]));
    }
    for (guint i = 0; i < threads->len; i++)
        g_thread_join (g_ptr_array_index (threads, i));
    for (int i = 0; i < n; i++) {
        if (virDomainIsPersistent (domains[i]) == 1)
            virDomainUndefineFlags (domains[i], VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                                                VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                                                VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA |
                                                VIR_DOMAIN_UNDEFINE_NVRAM);
        virDomainFree (domains[i]);
    }
    free (domains);
}

/* What a dead or stuck daemon left running: by name, then by pid file. */
static void
kill_leftover_qemu (DomusTestDaemon *d)
{
    g_autofree char *qemu_run = g_build_filename (d->dir, "run", "qemu", NULL);
    g_autoptr(GDir) dir = g_dir_open (qemu_run, 0, NULL);
    const char *name;

    for (guint i = 0; i < d->guests->len; i++) {
        const char *guest = g_ptr_array_index (d->guests, i);
        GPid pid = domus_test_find_qemu (guest);

        if (pid > 0) {
            g_message ("QEMU %d of guest %s outlived its daemon; killing it", (int) pid, guest);
            kill (pid, SIGKILL);
            wait_gone (pid, STOP_TIMEOUT_S);
        }
    }
    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
        g_autofree char *pidfile = g_build_filename (qemu_run, name, NULL);

        if (g_str_has_suffix (name, ".pid") && !g_str_equal (name, "driver.pid"))
            stop_by_pidfile (pidfile, "guest=");
    }
}

void
domus_test_daemon_remove_guests (DomusTestDaemon *d)
{
    g_return_if_fail (d != NULL);

    if (daemon_alive (d))
        kill (d->pid, SIGCONT);     /* a test may have frozen it */
    remove_guests (d);
}

/* The program's shared daemon, and whether it listens on TCP. */
static DomusTestDaemon *shared_daemon;

DomusTestDaemon *
domus_test_daemon_shared (gboolean tcp)
{
    g_autoptr(GError) error = NULL;

    if (domus_test_skip_without_qemu ())
        return NULL;
    if (shared_daemon == NULL) {
        shared_daemon = tcp ? domus_test_daemon_start_tcp (&error)
                            : domus_test_daemon_start (&error);
        g_assert_no_error (error);
    }
    g_assert_true ((shared_daemon->tcp_port > 0) == tcp);
    return shared_daemon;
}

DomusTestDaemon *
domus_test_daemon_shared_netns (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dnsmasq = NULL;

    if (domus_test_skip_without_qemu ())
        return NULL;
    dnsmasq = find_program ("dnsmasq");
    if (dnsmasq == NULL) {
        domus_test_skip_or_require ("dnsmasq is not installed (Debian package dnsmasq-base)");
        return NULL;
    }
    if (shared_daemon == NULL) {
        shared_daemon = domus_test_daemon_start_netns (&error);
        g_assert_no_error (error);
    }
    g_assert_true (shared_daemon->netns);
    return shared_daemon;
}

void
domus_test_daemon_stop_shared (void)
{
    g_clear_pointer (&shared_daemon, domus_test_daemon_stop);
}

/* The program's shared pair of daemons guests migrate between. */
static DomusTestDaemon *shared_pair[2];

gboolean
domus_test_daemon_shared_pair (DomusTestDaemon **a, DomusTestDaemon **b)
{
    if (domus_test_skip_without_qemu ())
        return FALSE;
    for (guint i = 0; i < G_N_ELEMENTS (shared_pair); i++) {
        g_autoptr(GError) error = NULL;

        if (shared_pair[i] == NULL)
            shared_pair[i] = domus_test_daemon_start_migratable (&error);
        g_assert_no_error (error);
    }
    *a = shared_pair[0];
    *b = shared_pair[1];
    return TRUE;
}

void
domus_test_daemon_stop_shared_pair (void)
{
    g_clear_pointer (&shared_pair[0], domus_test_daemon_stop);
    g_clear_pointer (&shared_pair[1], domus_test_daemon_stop);
}

void
domus_test_daemon_fixture_setup (DomusTestDaemonFixture *f, gconstpointer data)
{
    f->daemon = domus_test_daemon_shared (FALSE);
}

void
domus_test_daemon_fixture_teardown (DomusTestDaemonFixture *f, gconstpointer data)
{
    if (f->daemon != NULL)
        domus_test_daemon_remove_guests (f->daemon);
    f->daemon = NULL;
}

void
domus_test_daemon_stop (DomusTestDaemon *d)
{
    if (d == NULL)
        return;
    if (d->pid > 0 && daemon_alive (d))
        kill (d->pid, SIGCONT);
    if (d->guests != NULL && d->dir != NULL) {
        remove_guests (d);
        stop_daemon_process (d);
        kill_leftover_qemu (d);
        stop_by_pidfile (d->virtlogd_pidfile, "virtlogd");
    }
    stop_watchdog (d);
    if (d->port_block_fd >= 0) {
        close (d->port_block_fd);
        d->port_block_fd = -1;
    }
    if (d->dir != NULL)
        remove_tree (d->dir);
    g_clear_pointer (&d->guests, g_ptr_array_unref);
    g_free (d->dir);
    g_free (d->conf);
    g_free (d->pidfile);
    g_free (d->log);
    g_free (d->socket);
    g_free (d->qemu_uri);
    g_free (d->virtlogd_pidfile);
    g_free (d->sasl_user);
    g_free (d->tcp_uri);
    g_free (d->unix_uri);
    g_free (d->sasl_password);
    g_free (d);
}

const char *
domus_test_daemon_get_qemu_uri (DomusTestDaemon *d)
{
    return d->qemu_uri;
}

char *
domus_test_daemon_virsh (DomusTestDaemon *d, const char *arg, ...)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    va_list args;

    g_ptr_array_add (argv, (gpointer) "virsh");
    g_ptr_array_add (argv, (gpointer) "-c");
    g_ptr_array_add (argv, d->qemu_uri);
    va_start (args, arg);
    for (const char *a = arg; a != NULL; a = va_arg (args, const char *))
        g_ptr_array_add (argv, (gpointer) a);
    va_end (args);
    g_ptr_array_add (argv, NULL);
    g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                  &err, NULL, NULL);
    return g_strconcat (out != NULL ? out : "", err != NULL ? err : "", NULL);
}

void
domus_test_daemon_describe_guest (DomusTestDaemon *d, const char *name)
{
    g_autofree char *log = g_strdup_printf ("%s/log/qemu/%s.log", d->dir, name);
    g_autofree char *shot = g_strdup_printf ("%s/domus-test-%s-%d.png", g_get_tmp_dir (), name,
                                             (int) getpid ());
    g_autofree char *state = domus_test_daemon_virsh (d, "domstate", name, "--reason", NULL);
    g_autofree char *screen = domus_test_daemon_virsh (d, "screenshot", name, shot, NULL);
    g_autofree char *qemu = NULL;
    gsize len = 0;

    g_file_get_contents (log, &qemu, &len, NULL);
    g_test_message ("%s: %s", name, g_strstrip (state));
    g_test_message ("QEMU's log of %s ends: %s", name,
                    qemu == NULL ? "(none)" : qemu + (len > 2000 ? len - 2000 : 0));
    g_test_message ("its screen: %s", g_strstrip (screen));
}

char *
domus_test_daemon_get_test_uri (DomusTestDaemon *d, const char *abs_xml_path)
{
    g_autofree char *path = NULL;
    g_autofree char *socket = NULL;

    g_return_val_if_fail (d != NULL && g_path_is_absolute (abs_xml_path), NULL);

    path = g_uri_escape_string (abs_xml_path, "/", FALSE);
    socket = g_uri_escape_string (d->socket, "/", FALSE);
    return g_strdup_printf ("test+unix://%s?socket=%s", path, socket);
}

GPid
domus_test_daemon_get_pid (DomusTestDaemon *d)
{
    return d->pid;
}

const char *
domus_test_daemon_get_dir (DomusTestDaemon *d)
{
    return d->dir;
}

/* --- guests -------------------------------------------------------------- */

static char *
define_guest (DomusTestDaemon *d, const char *name_prefix, const char *iso_path,
              gboolean start, GError **error)
{
    g_autofree char *qemu = find_program ("qemu-system-x86_64");
    g_autofree char *name = g_strdup_printf ("%s-%d-%d", name_prefix, (int) getpid (),
                                             g_atomic_int_add (&guest_counter, 1) + 1);
    g_autofree char *xname = g_markup_escape_text (name, -1);
    g_autofree char *xqemu = g_markup_escape_text (qemu ? qemu : "/usr/bin/qemu-system-x86_64", -1);
    g_autofree char *cdrom = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(virConnect) conn = NULL;
    g_autoptr(virDomain) dom = NULL;

    if (iso_path != NULL) {
        g_autofree char *xiso = g_markup_escape_text (iso_path, -1);

        cdrom = g_strdup_printf ("    <disk type='file' device='cdrom'>\n"
                                 "      <driver name='qemu' type='raw'/>\n"
                                 "      <source file='%s'/>\n"
                                 "      <target dev='hdc' bus='ide'/>\n"
                                 "      <readonly/>\n"
                                 "    </disk>\n", xiso);
    }
    xml = g_strdup_printf ("<domain type='qemu'>\n"
                           "  <name>%s</name>\n"
                           "  <memory unit='MiB'>64</memory>\n"
                           "  <vcpu>1</vcpu>\n"
                           "  <os>\n"
                           "    <type arch='x86_64' machine='pc'>hvm</type>\n"
                           "    <boot dev='%s'/>\n"
                           "  </os>\n"
                           "  <features><acpi/><apic/></features>\n"
                           "  <devices>\n"
                           "    <emulator>%s</emulator>\n"
                           "%s"
                           "    <graphics type='vnc' autoport='yes' listen='127.0.0.1'/>\n"
                           "    <serial type='pty'><target port='0'/></serial>\n"
                           "    <console type='pty'><target type='serial' port='0'/></console>\n"
                           "  </devices>\n"
                           "</domain>\n",
                           xname, iso_path != NULL ? "cdrom" : "hd", xqemu,
                           cdrom != NULL ? cdrom : "");

    conn = open_conn (d, error);
    if (conn == NULL)
        return NULL;
    dom = virDomainDefineXML (conn, xml);
    if (dom == NULL) {
        set_virt_error (error, "cannot define the guest", name);
        return NULL;
    }
    remember_guest (d, name);
    if (start && virDomainCreate (dom) < 0) {
        set_virt_error (error, "cannot start the guest", name);
        return NULL;
    }
    return g_steal_pointer (&name);
}

char *
domus_test_daemon_define_tiny_guest (DomusTestDaemon *d, const char *name_prefix,
                                     gboolean start, GError **error)
{
    g_return_val_if_fail (d != NULL && name_prefix != NULL, NULL);

    return define_guest (d, name_prefix, NULL, start, error);
}

char *
domus_test_daemon_define_iso_guest (DomusTestDaemon *d, const char *name_prefix,
                                    const char *iso_path, gboolean start, GError **error)
{
    g_return_val_if_fail (d != NULL && name_prefix != NULL, NULL);
    g_return_val_if_fail (iso_path != NULL && g_path_is_absolute (iso_path), NULL);

    return define_guest (d, name_prefix, iso_path, start, error);
}

typedef struct {
    virStreamPtr stream;
    const char *text;
    GMutex lock;
    GCond cond;
    GString *seen;
    gboolean found;
    gboolean done;              /* found, end of stream or error */
    char *error;
} SerialReader;

/* virStreamRecv() blocks (a non-blocking stream needs a running libvirt
 * event loop), so it runs here and the caller waits with a time limit. */
static gpointer
serial_reader_thread (gpointer data)
{
    SerialReader *r = data;
    char buf[4096];
    gboolean done = FALSE;

    while (!done) {
        int n = virStreamRecv (r->stream, buf, sizeof buf);

        g_mutex_lock (&r->lock);
        if (n > 0) {
            g_string_append_len (r->seen, buf, n);
            r->found = memmem (r->seen->str, r->seen->len, r->text, strlen (r->text)) != NULL;
        } else if (n < 0) {
            r->error = g_strdup (virGetLastErrorMessage ());
        }
        done = r->done = n <= 0 || r->found;
        g_cond_signal (&r->cond);
        g_mutex_unlock (&r->lock);
    }
    g_main_context_wakeup (NULL);
    return NULL;
}

static gboolean
serial_reader_done (SerialReader *r)
{
    gboolean done;

    g_mutex_lock (&r->lock);
    done = r->done;
    g_mutex_unlock (&r->lock);
    return done;
}

static gboolean
wake_cb (gpointer data)
{
    *(guint *) data = 0;
    return G_SOURCE_REMOVE;
}

/* Until R is done or END: with the main loop turning where this thread
 * may run it. A boot under load can take longer than libvirt's keepalive
 * (the daemon drops a client that answers no ping for about 30 s), and
 * the pings to the test's connections and Domus's are answered from that
 * loop: held here, the daemon would close them. */
static void
serial_reader_await (SerialReader *r, gint64 end)
{
    if (g_main_context_acquire (NULL)) {
        guint timeout = g_timeout_add (MAX (0, (end - g_get_monotonic_time ()) / 1000) + 1,
                                       wake_cb, &timeout);

        while (!serial_reader_done (r) && timeout != 0)
            g_main_context_iteration (NULL, TRUE);
        if (timeout != 0)
            g_source_remove (timeout);
        g_main_context_release (NULL);
        return;
    }
    g_mutex_lock (&r->lock);
    while (!r->done && g_cond_wait_until (&r->cond, &r->lock, end))
        ;
    g_mutex_unlock (&r->lock);
}

gboolean
domus_test_daemon_boot_and_await_serial (DomusTestDaemon *d, const char *name,
                                         const char *text, GError **error)
{
    g_autoptr(virConnect) conn = NULL;
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(virStream) stream = NULL;
    g_autoptr(GError) resume_error = NULL;
    SerialReader r = { .text = text };
    GThread *thread;
    gint64 end;

    g_return_val_if_fail (d != NULL && name != NULL && text != NULL, FALSE);

    if ((conn = open_conn (d, error)) == NULL)
        return FALSE;
    if ((dom = virDomainLookupByName (conn, name)) == NULL) {
        set_virt_error (error, "no guest", name);
        return FALSE;
    }
    /* Paused until the console is attached: QEMU drops what a serial pty
     * prints while nobody has it open. */
    if (virDomainCreateWithFlags (dom, VIR_DOMAIN_START_PAUSED) < 0) {
        set_virt_error (error, "cannot start the guest", name);
        return FALSE;
    }
    r.stream = stream = virStreamNew (conn, 0);
    if (stream == NULL ||
        virDomainOpenConsole (dom, NULL, stream, VIR_DOMAIN_CONSOLE_FORCE) < 0) {
        set_virt_error (error, "cannot open the serial console of", name);
        return FALSE;
    }
    g_mutex_init (&r.lock);
    g_cond_init (&r.cond);
    r.seen = g_string_new (NULL);
    thread = g_thread_new ("domus-test-serial", serial_reader_thread, &r);

    if (virDomainResume (dom) < 0)
        set_virt_error (&resume_error, "cannot resume the guest", name);
    end = g_get_monotonic_time () + GUEST_TIMEOUT_S * G_USEC_PER_SEC;
    if (resume_error == NULL)
        serial_reader_await (&r, end);
    if (!r.found) {
        /* The end of the guest ends the stream, and so the reader. */
        virDomainDestroy (dom);
    }
    g_thread_join (thread);
    virStreamAbort (stream);

    if (resume_error != NULL)
        g_propagate_error (error, g_steal_pointer (&resume_error));
    else if (!r.found)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                     "the serial console of %s did not show \"%s\" within %d s (%s); "
                     "it ended with:\n%s",
                     name, text, GUEST_TIMEOUT_S, r.error != NULL ? r.error : "no error",
                     r.seen->str + (r.seen->len > 2048 ? r.seen->len - 2048 : 0));
    g_string_free (r.seen, TRUE);
    g_free (r.error);
    g_mutex_clear (&r.lock);
    g_cond_clear (&r.cond);
    return r.found;
}

/* Whether the command line CMDLINE (LEN bytes, arguments ending in NUL)
 * matches DATA; see find_process(). */
typedef gboolean (*CmdlineMatch) (const char *cmdline, gsize len, gconstpointer data);

/* The first live process other than this one whose command line MATCH
 * accepts, or 0. */
static GPid
find_process (CmdlineMatch match, gconstpointer data)
{
    g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
    const char *entry;

    while (proc != NULL && (entry = g_dir_read_name (proc)) != NULL) {
        g_autofree char *path = NULL;
        g_autofree char *cmdline = NULL;
        gsize len = 0;
        GPid pid;

        if (!g_ascii_isdigit (entry[0]))
            continue;
        pid = (GPid) g_ascii_strtoll (entry, NULL, 10);
        path = g_strdup_printf ("/proc/%s/cmdline", entry);
        if (pid != getpid () && g_file_get_contents (path, &cmdline, &len, NULL) && len > 0 &&
            match (cmdline, len, data) && process_state (pid) != 0)
            return pid;
    }
    return 0;
}

/* A QEMU running the guest named DATA: "-name" "guest=NAME,…". */
static gboolean
runs_guest (const char *cmdline, gsize len, gconstpointer data)
{
    g_autofree char *guest = g_strdup_printf ("guest=%s", (const char *) data);
    g_autofree char *guest_comma = g_strdup_printf ("guest=%s,", (const char *) data);

    if (strstr (cmdline, "qemu") == NULL)
        return FALSE;
    for (const char *arg = cmdline; arg < cmdline + len; arg += strlen (arg) + 1) {
        const char *next = arg + strlen (arg) + 1;

        if (g_str_equal (arg, "-name") && next < cmdline + len &&
            (g_str_equal (next, guest) || g_str_has_prefix (next, guest_comma)))
            return TRUE;
    }
    return FALSE;
}

GPid
domus_test_find_qemu (const char *name)
{
    return find_process (runs_guest, name);
}

gboolean
domus_test_process_alive (GPid pid)
{
    return process_state (pid) != 0;
}

static gboolean
mentions (const char *cmdline, gsize len, gconstpointer data)
{
    return memmem (cmdline, len, data, strlen (data)) != NULL;
}

GPid
domus_test_find_process_mentioning (const char *text)
{
    return find_process (mentions, text);
}

/* --- a bootable ISO ------------------------------------------------------ */

/* DIR/ISO_NAME: a GRUB rescue ISO that runs CFG, with EXTRA (of
 * EXTRA_LEN bytes) as /EXTRA_NAME on it when EXTRA_NAME is not NULL. */
static char *
make_grub_iso_with (const char *dir, const char *iso_name, const char *cfg,
                    const char *extra_name, const guint8 *extra, gsize extra_len,
                    GError **error)
{
    g_autofree char *mkrescue = find_program ("grub-mkrescue");
    g_autofree char *xorriso = find_program ("xorriso");
    g_autofree char *src = NULL;
    g_autofree char *grub_dir = NULL;
    g_autofree char *cfg_path = NULL;
    g_autofree char *extra_path = NULL;
    g_autofree char *iso = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    const char *argv[] = { NULL, "-o", NULL, NULL, NULL };
    int status = -1;
    gboolean ok;

    if (mkrescue == NULL || xorriso == NULL) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     "grub-mkrescue or xorriso is not installed "
                     "(Debian packages grub-common, grub-pc-bin, xorriso, mtools)");
        return NULL;
    }
    if (!g_file_test ("/usr/lib/grub/i386-pc", G_FILE_TEST_IS_DIR)) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     "GRUB for BIOS PCs is not installed (Debian package grub-pc-bin)");
        return NULL;
    }

    src = g_build_filename (dir, "grub-iso-XXXXXX", NULL);
    if (g_mkdtemp (src) == NULL) {
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot make %s: %s",
                     src, g_strerror (errno));
        return NULL;
    }
    grub_dir = g_build_filename (src, "boot", "grub", NULL);
    cfg_path = g_build_filename (grub_dir, "grub.cfg", NULL);
    iso = g_build_filename (dir, iso_name, NULL);
    argv[0] = mkrescue;
    argv[2] = iso;
    argv[3] = src;
    extra_path = extra_name != NULL ? g_build_filename (src, extra_name, NULL) : NULL;
    ok = g_mkdir_with_parents (grub_dir, 0755) == 0 &&
         g_file_set_contents (cfg_path, cfg, -1, error) &&
         (extra_path == NULL ||
          g_file_set_contents (extra_path, (const char *) extra, (gssize) extra_len, error)) &&
         g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                       &status, error);
    if (ok && !g_spawn_check_wait_status (status, NULL)) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "grub-mkrescue failed:\n%s%s",
                     out, err);
        ok = FALSE;
    } else if (!ok && error != NULL && *error == NULL) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", cfg_path);
    }
    remove_tree (src);
    if (!ok)
        return NULL;
    g_chmod (iso, 0644);
    return g_steal_pointer (&iso);
}

static char *
make_grub_iso (const char *dir, const char *iso_name, const char *cfg, GError **error)
{
    return make_grub_iso_with (dir, iso_name, cfg, NULL, NULL, 0, error);
}

#define GRUB_SERIAL_CFG "serial --unit=0 --speed=115200\n" \
                        "terminal_input serial console\n"   \
                        "terminal_output serial console\n"

char *
domus_test_make_grub_iso (const char *dir, gboolean serial, GError **error)
{
    g_autofree char *cfg = NULL;

    g_return_val_if_fail (dir != NULL, NULL);

    cfg = g_strdup_printf ("%s"
                           "set timeout=-1\n"
                           "echo " DOMUS_TEST_SERIAL_MARKER "\n"
                           "menuentry \"" DOMUS_TEST_MENU_ENTRY "\" {\n"
                           "    echo " DOMUS_TEST_ENTRY_MARKER "\n"
                           "}\n",
                           serial ? GRUB_SERIAL_CFG : "");
    return make_grub_iso (dir, "test.iso", cfg, error);
}

char *
domus_test_make_ticking_grub_iso (const char *dir, GError **error)
{
    g_return_val_if_fail (dir != NULL, NULL);

    return make_grub_iso (dir, "ticking.iso",
                          GRUB_SERIAL_CFG
                          "echo " DOMUS_TEST_SERIAL_MARKER "\n"
                          "while true; do\n"
                          "    echo " DOMUS_TEST_TICK "\n"
                          "    sleep 1\n"
                          "done\n",
                          error);
}

/* A multiboot image GRUB loads at 1 MiB and never boots: the 32-byte
 * header (magic, flags with the address fields, checksum, header, load,
 * load end, bss end and entry addresses), then random bytes. */
static GByteArray *
multiboot_ballast (guint mib)
{
    const guint32 magic = 0x1BADB002;
    const guint32 flags = 0x10000;
    guint32 header[8] = { magic, flags, -(magic + flags), 0x100000, 0x100000, 0, 0, 0x100020 };
    GByteArray *image = g_byte_array_sized_new (32 + mib * 1024 * 1024);
    g_autoptr(GRand) rand = g_rand_new ();

    for (guint i = 0; i < G_N_ELEMENTS (header); i++)
        header[i] = GUINT32_TO_LE (header[i]);
    g_byte_array_append (image, (const guint8 *) header, sizeof header);
    for (gsize i = 0; i < (gsize) mib * 1024 * 1024 / 4; i++) {
        guint32 word = g_rand_int (rand);

        g_byte_array_append (image, (const guint8 *) &word, 4);
    }
    return image;
}

char *
domus_test_make_counting_grub_iso (const char *dir, guint ballast_mib, GError **error)
{
    g_autoptr(GByteArray) ballast = ballast_mib > 0 ? multiboot_ballast (ballast_mib) : NULL;
    GString *cfg = g_string_new (GRUB_SERIAL_CFG);
    g_autofree char *text = NULL;

    g_return_val_if_fail (dir != NULL, NULL);

    if (ballast != NULL)
        g_string_append (cfg, "insmod multiboot\nmultiboot /ballast.bin\n");
    g_string_append (cfg, "echo " DOMUS_TEST_SERIAL_MARKER "\n"
                          "for a in 0 1 2 3 4 5 6 7 8 9; do\n"
                          "  for b in 0 1 2 3 4 5 6 7 8 9; do\n"
                          "    for c in 0 1 2 3 4 5 6 7 8 9; do\n"
                          "      echo " DOMUS_TEST_COUNT "$a$b$c\n"
                          "      sleep 1\n"
                          "    done\n"
                          "  done\n"
                          "done\n");
    text = g_string_free (cfg, FALSE);
    return make_grub_iso_with (dir, ballast != NULL ? "counting-ballast.iso" : "counting.iso",
                               text, ballast != NULL ? "ballast.bin" : NULL,
                               ballast != NULL ? ballast->data : NULL,
                               ballast != NULL ? ballast->len : 0, error);
}

/* CI installs every part the real suite uses and sets DOMUS_REQUIRE_REAL:
 * there, a missing part is a failure, not a skip. */
void
domus_test_skip_or_require (const char *reason)
{
    if (g_getenv ("DOMUS_REQUIRE_REAL") != NULL)
        g_error ("The real suite is required but cannot run: %s", reason);
    g_test_skip (reason);
}

gboolean
domus_test_skip_without_qemu (void)
{
    g_autofree char *reason = NULL;

    if (domus_test_have_qemu (&reason))
        return FALSE;
    domus_test_skip_or_require (reason);
    return TRUE;
}
