/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Domus as ssh's askpass, through the real program: the test listens as the
 * running Domus does, runs the domus executable the way ssh runs
 * $SSH_ASKPASS (the question as its argument, our socket in the
 * environment) and checks what ssh would read on its stdout and exit code.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "domus-askpass.h"
#include "domus-test-util.h"

#define TIMEOUT_S 30

typedef struct {
    char *dir;
    char *askpass_dir;
    char *program;          /* the link ssh would run */
    DomusAskpass *askpass;
    /* What the handler saw and how it answers. */
    char *prompt;
    DomusAuthFieldKind kind;
    const char *answer;     /* NULL: cancel */
    guint requests;
} Fixture;

static void
request_cb (DomusAskpass *askpass, DomusAuthRequest *request, gpointer user_data)
{
    Fixture *f = user_data;
    const DomusAuthField *field;

    f->requests++;
    g_assert_cmpuint (domus_auth_request_get_n_fields (request), ==, 1);
    g_assert_null (domus_auth_request_get_uri (request));
    field = domus_auth_request_get_field (request, 0);
    g_free (f->prompt);
    f->prompt = g_strdup (field->prompt);
    f->kind = field->kind;
    if (f->answer != NULL) {
        const char *values[] = { f->answer, NULL };

        domus_auth_request_answer (request, values);
    } else {
        domus_auth_request_cancel (request);
    }
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;

    f->dir = g_dir_make_tmp ("domus-askpass-XXXXXX", &error);
    g_assert_no_error (error);
    f->askpass_dir = g_build_filename (f->dir, "sub", NULL);
    g_assert_true (domus_askpass_prepare (f->askpass_dir, g_getenv ("DOMUS_PROGRAM"), &error));
    g_assert_no_error (error);
    f->program = g_strdup (g_getenv ("SSH_ASKPASS"));
    g_assert_true (g_str_has_prefix (f->program, f->askpass_dir));
    f->askpass = domus_askpass_new (f->askpass_dir, &error);
    g_assert_no_error (error);
    g_signal_connect (f->askpass, "request", G_CALLBACK (request_cb), f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    g_autofree char *socket_path = g_build_filename (f->askpass_dir, "socket", NULL);

    g_clear_object (&f->askpass);
    g_assert_false (g_file_test (socket_path, G_FILE_TEST_EXISTS));
    domus_askpass_cleanup (f->askpass_dir);
    g_assert_false (g_file_test (f->askpass_dir, G_FILE_TEST_EXISTS));
    g_assert_cmpint (g_rmdir (f->dir), ==, 0);
    g_free (f->dir);
    g_free (f->askpass_dir);
    g_free (f->program);
    g_free (f->prompt);
}

typedef struct {
    gboolean done;
    char *out;
    int status;
} Run;

static void
communicate_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Run *run = user_data;
    g_autoptr(GError) error = NULL;

    g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, NULL,
                                          &error);
    g_assert_no_error (error);
    run->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
    run->done = TRUE;
}

/* Runs domus as ssh would (by the link PROGRAM, with only the environment
 * libvirt lets through), with PROMPT; our main loop answers meanwhile. */
static int
run_askpass (const char *program, const char *prompt, const char *ssh_prompt_kind,
             char **out)
{
    g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GError) error = NULL;
    Run run = { 0 };

    const char *const env[] = { "PATH=/usr/bin:/bin", NULL };

    g_subprocess_launcher_set_environ (launcher, (char **) env);
    if (ssh_prompt_kind != NULL)
        g_subprocess_launcher_setenv (launcher, "SSH_ASKPASS_PROMPT", ssh_prompt_kind, TRUE);
    proc = g_subprocess_launcher_spawn (launcher, &error, program, prompt, NULL);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicate_cb, &run);
    DOMUS_TEST_WAIT_UNTIL (run.done, TIMEOUT_S, "the askpass run to end");
    *out = run.out;
    return run.status;
}

static void
test_password (Fixture *f, gconstpointer data)
{
    g_autofree char *out = NULL;

    f->answer = "pa ss:word";
    g_assert_cmpint (run_askpass (f->program, "root@hv1's password: ", NULL, &out), ==, 0);
    g_assert_cmpstr (out, ==, "pa ss:word\n");
    g_assert_cmpstr (f->prompt, ==, "root@hv1's password:");
    g_assert_cmpint (f->kind, ==, DOMUS_AUTH_FIELD_SECRET);
}

/* ssh's own question about an unknown host key, fingerprint and all, is
 * shown whole and needs no typing; the answer is ssh's "yes". */
static void
test_host_key (Fixture *f, gconstpointer data)
{
    const char *question =
        "The authenticity of host '[127.0.0.1]:2222 ([127.0.0.1]:2222)' can't be established.\n"
        "ED25519 key fingerprint is SHA256:Wq7ce7ZuYbc2N6yWHCvh3Ft4m2MQxmUgbSM0Ym8D9aQ.\n"
        "This key is not known by any other names.\n"
        "Are you sure you want to continue connecting (yes/no/[fingerprint])? ";
    g_autofree char *out = NULL;
    g_autofree char *expected = g_strchomp (g_strdup (question));

    f->answer = "yes";
    g_assert_cmpint (run_askpass (f->program, question, NULL, &out), ==, 0);
    g_assert_cmpstr (out, ==, "yes\n");
    g_assert_cmpstr (f->prompt, ==, expected);
    g_assert_cmpint (f->kind, ==, DOMUS_AUTH_FIELD_CONFIRM);

    /* ssh's SSH_ASKPASS_PROMPT=confirm (a key that needs confirming). */
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run_askpass (f->program, "Allow use of key?", "confirm", &out), ==, 0);
    g_assert_cmpint (f->kind, ==, DOMUS_AUTH_FIELD_CONFIRM);
}

/* Cancelled: nothing printed, a failing exit, so ssh gives up. An empty
 * password is still an answer. */
static void
test_cancel_and_empty (Fixture *f, gconstpointer data)
{
    g_autofree char *out = NULL;
    g_autofree char *empty = NULL;

    f->answer = NULL;
    g_assert_cmpint (run_askpass (f->program, "Password: ", NULL, &out), ==, 1);
    g_assert_cmpstr (out, ==, "");

    f->answer = "";
    g_assert_cmpint (run_askpass (f->program, "Password: ", NULL, &empty), ==, 0);
    g_assert_cmpstr (empty, ==, "\n");
    g_assert_cmpuint (f->requests, ==, 2);
}

/* No Domus listening (it quit): ssh is told no, at once. */
static void
test_no_listener (Fixture *f, gconstpointer data)
{
    g_autofree char *out = NULL;

    g_clear_object (&f->askpass);
    g_assert_cmpint (run_askpass (f->program, "Password: ", NULL, &out), ==, 1);
    g_assert_cmpstr (out, ==, "");
    g_assert_cmpuint (f->requests, ==, 0);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);

    g_assert_nonnull (g_getenv ("DOMUS_PROGRAM"));

    g_test_add ("/askpass/password", Fixture, NULL,
                fixture_setup, test_password, fixture_teardown);
    g_test_add ("/askpass/host-key", Fixture, NULL,
                fixture_setup, test_host_key, fixture_teardown);
    g_test_add ("/askpass/cancel-and-empty", Fixture, NULL,
                fixture_setup, test_cancel_and_empty, fixture_teardown);
    g_test_add ("/askpass/no-listener", Fixture, NULL,
                fixture_setup, test_no_listener, fixture_teardown);
    return g_test_run ();
}
