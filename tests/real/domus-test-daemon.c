/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A private libvirtd for the real suite: its own configuration and socket in
 * a temporary directory (qemu:///system?socket=DIR/libvirt-sock), started
 * and stopped by the tests, with the guests they defined destroyed and
 * undefined again. It runs in its own mount namespace with DIR/run over
 * /run/libvirt, together with its own virtlogd, so that a system libvirtd
 * (or a second test daemon) holding /run/libvirt's pid files cannot stop it
 * from starting. Waiting here is for a daemon to come up, with a generous
 * limit; no test asserts how long it took.
 */
#include "config.h"

#include "domus-test-daemon.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#define START_TIMEOUT_S 60

struct _DomusTestDaemon {
    char *dir;
    char *conf;
    char *pidfile;
    char *log;
    char *qemu_uri;
    char *run_dir;              /* mounted over /run/libvirt for the daemon */
    char *sasl_dir;             /* mounted over /etc/sasl2, or NULL */
    char *sasl_user;
    char *sasl_password;
    char *virtlogd_pidfile;
    GPid pid;
    GPtrArray *guests;          /* names we defined */
    guint counter;
};

static char *
find_program (const char *name)
{
    char *path = g_find_program_in_path (name);
    g_autofree char *sbin = g_build_filename ("/usr/sbin", name, NULL);

    if (path == NULL && g_file_test (sbin, G_FILE_TEST_IS_EXECUTABLE))
        path = g_steal_pointer (&sbin);
    return path;
}

gboolean
domus_test_have_qemu (char **reason)
{
    g_autofree char *qemu = find_program ("qemu-system-x86_64");
    g_autofree char *libvirtd = find_program ("libvirtd");
    g_autofree char *virtlogd = find_program ("virtlogd");

    if (qemu == NULL)
        *reason = g_strdup ("qemu-system-x86_64 is not installed (Debian package qemu-system-x86)");
    else if (libvirtd == NULL || virtlogd == NULL)
        *reason = g_strdup ("libvirtd is not installed (Debian packages libvirt-daemon, "
                            "libvirt-daemon-driver-qemu)");
    else if (geteuid () != 0)
        *reason = g_strdup ("the real suite starts a system-mode libvirtd and needs root");
    else
        return TRUE;
    return FALSE;
}

static void
quiet_errors (void *data, virErrorPtr error)
{
}

static gboolean
spawn (const char *const *argv, const char *log, GPid *pid, GError **error)
{
    g_autofree char *cmd = NULL;
    g_autofree char *quoted_log = g_shell_quote (log);
    g_autoptr(GString) line = g_string_new ("exec");
    const char *sh[] = { "/bin/sh", "-c", NULL, NULL };

    for (guint i = 0; argv[i] != NULL; i++) {
        g_autofree char *q = g_shell_quote (argv[i]);

        g_string_append_printf (line, " %s", q);
    }
    g_string_append_printf (line, " >>%s 2>&1", quoted_log);
    cmd = g_string_free (g_steal_pointer (&line), FALSE);
    sh[2] = cmd;
    return g_spawn_async (NULL, (char **) sh, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                          pid, error);
}

static gboolean
process_alive (GPid pid)
{
    int status;

    if (pid <= 0)
        return FALSE;
    if (waitpid (pid, &status, WNOHANG) == pid)
        return FALSE;
    return kill (pid, 0) == 0;
}

static void
stop_process (GPid pid)
{
    if (pid <= 0)
        return;
    kill (pid, SIGCONT);   /* a test may have frozen it */
    kill (pid, SIGTERM);
    for (int i = 0; i < 300 && process_alive (pid); i++)
        g_usleep (G_USEC_PER_SEC / 20);
    if (process_alive (pid)) {
        kill (pid, SIGKILL);
        waitpid (pid, NULL, 0);
    }
    g_spawn_close_pid (pid);
}

/* virtlogd daemonized itself: it is not our child, so no waitpid. */
static void
stop_virtlogd (DomusTestDaemon *d)
{
    g_autofree char *text = NULL;
    GPid pid;

    if (d->virtlogd_pidfile == NULL ||
        !g_file_get_contents (d->virtlogd_pidfile, &text, NULL, NULL))
        return;
    pid = (GPid) g_ascii_strtoll (text, NULL, 10);
    if (pid <= 1)
        return;
    kill (pid, SIGTERM);
    for (int i = 0; i < 200 && kill (pid, 0) == 0; i++)
        g_usleep (G_USEC_PER_SEC / 20);
    if (kill (pid, 0) == 0)
        kill (pid, SIGKILL);
}

/* Empties a directory tree we made (sockets, pid files, logs, state). */
static void
remove_tree (const char *path)
{
    g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
        else
            g_unlink (child);
    }
    g_rmdir (path);
}

static int
fixture_auth_cb (virConnectCredentialPtr cred, unsigned int ncred, void *data)
{
    DomusTestDaemon *d = data;

    for (guint i = 0; i < ncred; i++) {
        const char *answer = cred[i].type == VIR_CRED_AUTHNAME ? d->sasl_user : d->sasl_password;

        cred[i].result = strdup (answer ? answer : "");
        cred[i].resultlen = strlen (cred[i].result);
    }
    return 0;
}

/* The fixture's own connections: with the test credentials where asked. */
static virConnectPtr
fixture_open (DomusTestDaemon *d)
{
    int types[] = { VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE };
    virConnectAuth auth = { types, G_N_ELEMENTS (types), fixture_auth_cb, d };

    return virConnectOpenAuth (d->qemu_uri, &auth, 0);
}

static gboolean
launch (DomusTestDaemon *d, GError **error)
{
    g_autofree char *libvirtd = find_program ("libvirtd");
    g_autofree char *virtlogd = find_program ("virtlogd");
    g_autofree char *script = NULL;
    const char *argv[] = { "unshare", "--mount", "--propagation", "private",
                           "/bin/sh", "-c", NULL, NULL };
    gint64 end = g_get_monotonic_time () + START_TIMEOUT_S * G_USEC_PER_SEC;

    /* In the new mount namespace: our run dir over /run/libvirt, our
     * virtlogd there (kept across restarts), then libvirtd itself, which
     * keeps the pid of this shell. */
    g_mkdir_with_parents ("/run/libvirt", 0755);
    g_mkdir_with_parents ("/etc/sasl2", 0755);
    script = g_strdup_printf ("mount --bind '%s' /run/libvirt && "
                              "%s%s%s"
                              "{ [ -S /run/libvirt/virtlogd-sock ] || "
                              "'%s' --daemon --pid-file='%s'; } && "
                              "exec '%s' -f '%s' -p '%s'",
                              d->run_dir,
                              d->sasl_dir ? "mount --bind '" : "",
                              d->sasl_dir ? d->sasl_dir : "",
                              d->sasl_dir ? "' /etc/sasl2 && " : "",
                              virtlogd, d->virtlogd_pidfile,
                              libvirtd, d->conf, d->pidfile);
    argv[6] = script;
    if (!spawn (argv, d->log, &d->pid, error))
        return FALSE;

    /* Up when it answers on its socket. */
    while (g_get_monotonic_time () < end) {
        virConnectPtr conn = fixture_open (d);

        if (conn != NULL) {
            virConnectClose (conn);
            return TRUE;
        }
        if (!process_alive (d->pid))
            break;
        g_usleep (G_USEC_PER_SEC / 10);
    }
    {
        g_autofree char *log = NULL;

        g_file_get_contents (d->log, &log, NULL, NULL);
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "libvirtd did not come up on %s: %s", d->qemu_uri, log ? log : "");
    }
    return FALSE;
}

static DomusTestDaemon *
daemon_start (const char *sasl_user, const char *sasl_password, GError **error)
{
    DomusTestDaemon *d = g_new0 (DomusTestDaemon, 1);
    g_autofree char *config = NULL;
    const char *auth = sasl_user != NULL ? "sasl" : "none";

    virSetErrorFunc (NULL, quiet_errors);
    d->guests = g_ptr_array_new_with_free_func (g_free);
    d->dir = g_dir_make_tmp ("domus-libvirtd-XXXXXX", error);
    if (d->dir == NULL) {
        domus_test_daemon_stop (d);
        return NULL;
    }
    d->conf = g_build_filename (d->dir, "libvirtd.conf", NULL);
    d->pidfile = g_build_filename (d->dir, "libvirtd.pid", NULL);
    d->log = g_build_filename (d->dir, "libvirtd.log", NULL);
    d->qemu_uri = g_strdup_printf ("qemu:///system?socket=%s/libvirt-sock", d->dir);
    config = g_strdup_printf ("unix_sock_dir = \"%s\"\n"
                              "unix_sock_rw_perms = \"0700\"\n"
                              "unix_sock_ro_perms = \"0700\"\n"
                              "auth_unix_rw = \"%s\"\n"
                              "auth_unix_ro = \"%s\"\n"
                              "log_outputs = \"1:stderr\"\n"
                              "log_filters = \"1:qemu.qemu_monitor 3:*\"\n",
                              d->dir, auth, auth);
    if (!g_file_set_contents (d->conf, config, -1, error)) {
        domus_test_daemon_stop (d);
        return NULL;
    }

    d->run_dir = g_build_filename (d->dir, "run", NULL);
    d->virtlogd_pidfile = g_build_filename (d->dir, "virtlogd.pid", NULL);
    g_mkdir (d->run_dir, 0755);

    /* SASL (DIGEST-MD5) with one user in a private database. */
    if (sasl_user != NULL) {
        g_autofree char *db = g_build_filename (d->dir, "passwd.db", NULL);
        g_autofree char *saslconf = NULL;
        g_autofree char *conf_path = NULL;
        g_autofree char *saslpasswd2 = find_program ("saslpasswd2");
        g_autofree char *cmd = NULL;
        int status = 1;

        d->sasl_user = g_strdup (sasl_user);
        d->sasl_password = g_strdup (sasl_password);
        d->sasl_dir = g_build_filename (d->dir, "sasl2", NULL);
        g_mkdir (d->sasl_dir, 0755);
        conf_path = g_build_filename (d->sasl_dir, "libvirt.conf", NULL);
        saslconf = g_strdup_printf ("mech_list: digest-md5\nsasldb_path: %s\n", db);
        if (saslpasswd2 == NULL) {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         "saslpasswd2 is not installed (Debian package sasl2-bin)");
            domus_test_daemon_stop (d);
            return NULL;
        }
        cmd = g_strdup_printf ("sh -c \"printf '%%s' '%s' | '%s' -p -a libvirt -f '%s' '%s'\"",
                               sasl_password, saslpasswd2, db, sasl_user);
        if (!g_file_set_contents (conf_path, saslconf, -1, error) ||
            !g_spawn_command_line_sync (cmd, NULL, NULL, &status, error) ||
            !g_spawn_check_wait_status (status, error)) {
            domus_test_daemon_stop (d);
            return NULL;
        }
    }

    if (!launch (d, error)) {
        domus_test_daemon_stop (d);
        return NULL;
    }
    return d;
}

DomusTestDaemon *
domus_test_daemon_start (GError **error)
{
    return daemon_start (NULL, NULL, error);
}

DomusTestDaemon *
domus_test_daemon_start_sasl (const char *user, const char *password, GError **error)
{
    return daemon_start (user, password, error);
}

gboolean
domus_test_daemon_restart (DomusTestDaemon *d, GError **error)
{
    if (process_alive (d->pid))
        stop_process (d->pid);
    else
        g_spawn_close_pid (d->pid);
    d->pid = 0;
    return launch (d, error);
}

static void
remove_guests (DomusTestDaemon *d)
{
    virConnectPtr conn;

    if (d->guests->len == 0 || !process_alive (d->pid))
        return;
    conn = fixture_open (d);
    if (conn == NULL)
        return;
    for (guint i = 0; i < d->guests->len; i++) {
        virDomainPtr dom = virDomainLookupByName (conn, g_ptr_array_index (d->guests, i));

        if (dom == NULL)
            continue;
        if (virDomainIsActive (dom) == 1)
            virDomainDestroy (dom);
        virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                                     VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                                     VIR_DOMAIN_UNDEFINE_NVRAM |
                                     VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA);
        virDomainFree (dom);
    }
    virConnectClose (conn);
}

void
domus_test_daemon_stop (DomusTestDaemon *d)
{
    if (d == NULL)
        return;
    if (d->pid > 0)
        kill (d->pid, SIGCONT);
    remove_guests (d);
    stop_process (d->pid);
    stop_virtlogd (d);
    if (d->dir != NULL)
        remove_tree (d->dir);
    g_ptr_array_unref (d->guests);
    g_free (d->dir);
    g_free (d->conf);
    g_free (d->pidfile);
    g_free (d->log);
    g_free (d->qemu_uri);
    g_free (d->run_dir);
    g_free (d->sasl_dir);
    g_free (d->sasl_user);
    g_free (d->sasl_password);
    g_free (d->virtlogd_pidfile);
    g_free (d);
}

const char *
domus_test_daemon_get_qemu_uri (DomusTestDaemon *d)
{
    return d->qemu_uri;
}

char *
domus_test_daemon_get_test_uri (DomusTestDaemon *d, const char *abs_xml_path)
{
    return g_strdup_printf ("test+unix://%s?socket=%s/libvirt-sock", abs_xml_path, d->dir);
}

GPid
domus_test_daemon_get_pid (DomusTestDaemon *d)
{
    return d->pid;
}

char *
domus_test_daemon_define_tiny_guest (DomusTestDaemon *d, const char *name_prefix,
                                     gboolean start, GError **error)
{
    g_autofree char *qemu = find_program ("qemu-system-x86_64");
    char *name = g_strdup_printf ("%s-%d-%u", name_prefix, (int) getpid (), ++d->counter);
    g_autofree char *xml = g_strdup_printf (
        "<domain type='qemu'>"
        "  <name>%s</name>"
        "  <memory unit='MiB'>64</memory>"
        "  <vcpu>1</vcpu>"
        "  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>"
        "  <devices>"
        "    <emulator>%s</emulator>"
        "    <graphics type='vnc' autoport='yes' listen='127.0.0.1'/>"
        "    <serial type='pty'/><console type='pty'/>"
        "  </devices>"
        "</domain>", name, qemu);
    virConnectPtr conn = fixture_open (d);
    virDomainPtr dom = NULL;
    gboolean ok = FALSE;

    if (conn != NULL) {
        dom = virDomainDefineXML (conn, xml);
        if (dom != NULL) {
            g_ptr_array_add (d->guests, g_strdup (name));
            ok = !start || virDomainCreate (dom) == 0;
        }
    }
    if (!ok) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "defining the guest %s failed: %s",
                     name, virGetLastErrorMessage ());
        g_clear_pointer (&name, g_free);
    }
    if (dom != NULL)
        virDomainFree (dom);
    if (conn != NULL)
        virConnectClose (conn);
    return name;
}
