/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tgtd for the real suite: see domus-test-iscsi.h.
 */
#include "config.h"

#include "domus-test-iscsi.h"
#include "domus-test-daemon.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#define START_TIMEOUT_S 30

struct _DomusTestIscsiTarget {
    GPid pid;
    guint control;      /* tgtd -C: /var/run/tgtd/socket.CONTROL */
    guint port;
};

gboolean
domus_test_have_tgt (char **reason)
{
    g_autofree char *tgtd = g_find_program_in_path ("tgtd");
    g_autofree char *tgtadm = g_find_program_in_path ("tgtadm");

    if (tgtd == NULL && g_file_test ("/usr/sbin/tgtd", G_FILE_TEST_IS_EXECUTABLE))
        tgtd = g_strdup ("/usr/sbin/tgtd");
    if (tgtadm == NULL && g_file_test ("/usr/sbin/tgtadm", G_FILE_TEST_IS_EXECUTABLE))
        tgtadm = g_strdup ("/usr/sbin/tgtadm");
    if (tgtd != NULL && tgtadm != NULL)
        return TRUE;
    if (reason != NULL)
        *reason = g_strdup ("tgtd or tgtadm is not installed (Debian package tgt)");
    return FALSE;
}

static gboolean
portal_answers (guint port)
{
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketConnection) conn = NULL;

    g_socket_client_set_timeout (client, 2);
    conn = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
    return conn != NULL;
}

/* Runs tgtadm -C CONTROL with ARGS; FALSE with its output where it fails. */
static gboolean
tgtadm (DomusTestIscsiTarget *t, const char *const *args, GError **error)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = -1;

    g_ptr_array_add (argv, g_strdup ("tgtadm"));
    g_ptr_array_add (argv, g_strdup ("-C"));
    g_ptr_array_add (argv, g_strdup_printf ("%u", t->control));
    g_ptr_array_add (argv, g_strdup ("--lld"));
    g_ptr_array_add (argv, g_strdup ("iscsi"));
    for (guint i = 0; args[i] != NULL; i++)
        g_ptr_array_add (argv, g_strdup (args[i]));
    g_ptr_array_add (argv, NULL);
    if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                       &out, &err, &status, error))
        return FALSE;
    if (!g_spawn_check_wait_status (status, NULL)) {
        g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "tgtadm %s failed: %s%s",
                     args[1], out, err);
        return FALSE;
    }
    return TRUE;
}

/* tgtd ends with the test, however it ends. */
static void
child_setup (gpointer data)
{
    prctl (PR_SET_PDEATHSIG, SIGKILL);
}

DomusTestIscsiTarget *
domus_test_iscsi_target_start (const char *iqn, const char *backing, GError **error)
{
    g_autoptr(DomusTestIscsiTarget) t = g_new0 (DomusTestIscsiTarget, 1);
    g_autofree char *portal = NULL;
    g_autofree char *control = NULL;
    gint64 deadline;
    const char *show[] = { "--op", "show", "--mode", "sys", NULL };

    /* A control socket no other tgtd uses. */
    for (t->control = 1000 + (guint) getpid () % 20000; ; t->control++) {
        g_autofree char *sock = g_strdup_printf ("/var/run/tgtd/socket.%u", t->control);

        if (!g_file_test (sock, G_FILE_TEST_EXISTS))
            break;
    }
    {
        int port = domus_test_free_tcp_port (error);

        if (port <= 0)
            return NULL;
        t->port = (guint) port;
    }
    portal = g_strdup_printf ("portal=127.0.0.1:%u", t->port);
    control = g_strdup_printf ("%u", t->control);
    {
        const char *argv[] = { "tgtd", "-f", "-C", control, "--iscsi", portal, NULL };

        if (!g_spawn_async (NULL, (char **) argv, NULL,
                            G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                            G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                            child_setup, NULL, &t->pid, error))
            return NULL;
    }
    /* Up when it answers on its control socket and its portal. */
    deadline = g_get_monotonic_time () + START_TIMEOUT_S * G_USEC_PER_SEC;
    while (!tgtadm (t, show, NULL) || !portal_answers (t->port)) {
        if (waitpid (t->pid, NULL, WNOHANG) == t->pid) {
            t->pid = 0;
            g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                         "tgtd ended at start (portal 127.0.0.1:%u)", t->port);
            return NULL;
        }
        if (g_get_monotonic_time () > deadline) {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                         "tgtd did not answer within %d s", START_TIMEOUT_S);
            return NULL;
        }
        g_usleep (50 * 1000);
    }
    {
        const char *target[] = { "--op", "new", "--mode", "target", "--tid", "1", "-T", iqn,
                                 NULL };
        const char *lun[] = { "--op", "new", "--mode", "logicalunit", "--tid", "1",
                              "--lun", "1", "-b", backing, NULL };
        const char *bind[] = { "--op", "bind", "--mode", "target", "--tid", "1",
                               "-I", "ALL", NULL };

        if (!tgtadm (t, target, error) || !tgtadm (t, lun, error) || !tgtadm (t, bind, error))
            return NULL;
    }
    return g_steal_pointer (&t);
}

guint
domus_test_iscsi_target_get_port (DomusTestIscsiTarget *t)
{
    return t->port;
}

void
domus_test_iscsi_target_stop (DomusTestIscsiTarget *t)
{
    if (t == NULL)
        return;
    /* tgtd ignores SIGTERM while it serves a target. */
    if (t->pid > 0) {
        g_autofree char *sock = g_strdup_printf ("/var/run/tgtd/socket.%u", t->control);
        g_autofree char *lock = g_strconcat (sock, ".lock", NULL);

        kill (t->pid, SIGKILL);
        waitpid (t->pid, NULL, 0);
        g_spawn_close_pid (t->pid);
        g_unlink (sock);
        g_unlink (lock);
    }
    g_free (t);
}
