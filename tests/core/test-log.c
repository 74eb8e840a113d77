/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A test program's log stays readable: libvirt-glib's event loop logs each
 * timeout and watch it adds or dispatches, and GTest would print every such
 * line. tests/lib drops those debug messages; warnings still print, and
 * G_MESSAGES_DEBUG brings the debug lines back.
 */
#include "config.h"

#include <string.h>

#include <glib.h>
#include <libvirt/libvirt.h>

#include "domus-libvirt.h"
#include "domus-test-util.h"

static void
timeout_cb (int timer, void *opaque)
{
    *(gboolean *) opaque = TRUE;
}

/* What the event loop does for every libvirt connection: a timeout added,
 * dispatched and removed (libvirt-glib logs each step). */
static void
run_libvirt_timeout (void)
{
    gboolean fired = FALSE;
    int timer;

    domus_libvirt_init ();
    timer = virEventAddTimeout (0, timeout_cb, &fired, NULL);
    g_assert_cmpint (timer, >=, 0);
    DOMUS_TEST_WAIT_UNTIL (fired, 30, "libvirt's timeout to fire");
    virEventRemoveTimeout (timer);
}

/* The child: what a test program logs while libvirt runs, then a warning
 * (which GTest makes fatal). */
static void
child_logs (void)
{
    run_libvirt_timeout ();
    g_warning ("a real warning");
}

static char *self_path;

/* Runs this program as meson runs a test (TAP), as the child only, with
 * G_MESSAGES_DEBUG set to MESSAGES_DEBUG (or unset); returns its output,
 * standard output and error together. */
static char *
run_child (const char *messages_debug)
{
    g_auto(GStrv) envp = g_get_environ ();
    const char *argv[] = { self_path, "--tap", "-p", "/log/child", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(GError) error = NULL;
    int status;

    envp = g_environ_setenv (envp, "DOMUS_TEST_LOG_CHILD", "1", TRUE);
    envp = messages_debug ? g_environ_setenv (envp, "G_MESSAGES_DEBUG", messages_debug, TRUE)
                          : g_environ_unsetenv (envp, "G_MESSAGES_DEBUG");
    g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &status, &error));
    g_assert_no_error (error);
    /* The warning is fatal in tests: the child fails. */
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    return g_strconcat (out, err, NULL);
}

static void
test_libvirt_glib_quiet (void)
{
    g_autofree char *log = run_child (NULL);

    g_assert_null (strstr (log, "timeout"));
    g_assert_nonnull (strstr (log, "a real warning"));
}

static void
test_messages_debug_brings_them_back (void)
{
    g_autofree char *log = run_child ("all");

    g_assert_nonnull (strstr (log, "Add timeout"));
    g_assert_nonnull (strstr (log, "a real warning"));
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    self_path = g_canonicalize_filename (argv[0], NULL);
    if (g_getenv ("DOMUS_TEST_LOG_CHILD") != NULL) {
        g_test_add_func ("/log/child", child_logs);
    } else {
        g_test_add_func ("/log/libvirt-glib-quiet", test_libvirt_glib_quiet);
        g_test_add_func ("/log/messages-debug-brings-them-back",
                         test_messages_debug_brings_them_back);
    }
    return g_test_run ();
}
