/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Managed save, restore, Remove Saved State and the autostart toggle
 * against the test driver, with the poller idle: the list follows by
 * libvirt's events alone.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "domus-connection.h"
#include "domus-domain-save.h"
#include "domus-error.h"
#include "domus-libvirt.h"
#include "domus-lifecycle.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

typedef struct {
    gboolean done;
    gboolean ok;
    GError *error;
    guint n_progress;
    double last_fraction;
} Result;

static void
progress_cb (double fraction, gpointer user_data)
{
    Result *r = user_data;

    r->n_progress++;
    r->last_fraction = fraction;
}

static void
save_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Result *r = user_data;

    r->ok = domus_domain_save_finish (DOMUS_CONNECTION (source), result, &r->error);
    r->done = TRUE;
}

static void
action_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Result *r = user_data;

    r->ok = domus_domain_action_finish (DOMUS_CONNECTION (source), result, &r->error);
    r->done = TRUE;
}

static void
flags_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Result *r = user_data;

    r->ok = domus_domain_refresh_flags_finish (DOMUS_CONNECTION (source), result, &r->error);
    r->done = TRUE;
}

static void
autostart_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Result *r = user_data;

    r->ok = domus_domain_set_autostart_finish (DOMUS_CONNECTION (source), result, &r->error);
    r->done = TRUE;
}

#define AWAIT(r) DOMUS_TEST_WAIT_UNTIL ((r)->done, TIMEOUT_S, "the job to finish")

static DomusConnection *
connect_idle_poller (void)
{
    DomusConnection *conn = domus_connection_new ("test:///default");

    domus_poller_set_interval (domus_connection_get_poller (conn), 3600);
    domus_connection_connect (conn);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_CONNECTED,
                           TIMEOUT_S, "the connection");
    return conn;
}

static void
refresh_flags (DomusConnection *conn, DomusDomain *domain)
{
    Result r = { 0 };

    domus_domain_refresh_flags_async (conn, domain, NULL, flags_done_cb, &r);
    AWAIT (&r);
    g_assert_no_error (r.error);
}

static void
run_action (DomusConnection *conn, DomusDomain *domain, DomusDomainAction action)
{
    Result r = { 0 };

    domus_domain_action_async (conn, domain, action, NULL, action_done_cb, &r);
    AWAIT (&r);
    g_assert_no_error (r.error);
}

static void
test_save_then_start_restores (void)
{
    g_autoptr(DomusConnection) conn = connect_idle_poller ();
    g_autoptr(DomusDomain) test = g_list_model_get_item (domus_connection_get_domains (conn), 0);
    Result r = { 0 };

    if (domus_domain_get_state (test) != DOMUS_DOMAIN_STATE_RUNNING) {
        run_action (conn, test, DOMUS_DOMAIN_ACTION_START);
        DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (test) == DOMUS_DOMAIN_STATE_RUNNING,
                               TIMEOUT_S, "the guest to run");
    }
    refresh_flags (conn, test);
    g_assert_false (domus_domain_get_has_managed_save (test));
    g_assert_false (domus_domain_action_applies_to (DOMUS_DOMAIN_ACTION_REMOVE_SAVED_STATE,
                                                    test));

    domus_domain_save_async (conn, test, progress_cb, &r, NULL, save_done_cb, &r);
    AWAIT (&r);
    g_assert_no_error (r.error);
    g_assert_true (r.ok);
    /* At least the start and the end; the test driver saves at once. */
    g_assert_cmpuint (r.n_progress, >=, 2);
    g_assert_cmpfloat (r.last_fraction, ==, 1.0);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (test) == DOMUS_DOMAIN_STATE_SHUTOFF,
                           TIMEOUT_S, "the saved guest to show shut off");
    refresh_flags (conn, test);
    g_assert_true (domus_domain_get_has_managed_save (test));
    g_assert_true (domus_domain_action_applies_to (DOMUS_DOMAIN_ACTION_REMOVE_SAVED_STATE,
                                                   test));

    /* Start restores the image, which libvirt then removes. */
    run_action (conn, test, DOMUS_DOMAIN_ACTION_START);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (test) == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "the restored guest to run");
    refresh_flags (conn, test);
    g_assert_false (domus_domain_get_has_managed_save (test));
}

static void
test_remove_saved_state (void)
{
    g_autoptr(DomusConnection) conn = connect_idle_poller ();
    g_autoptr(DomusDomain) test = g_list_model_get_item (domus_connection_get_domains (conn), 0);
    Result r = { 0 };

    if (domus_domain_get_state (test) != DOMUS_DOMAIN_STATE_RUNNING) {
        run_action (conn, test, DOMUS_DOMAIN_ACTION_START);
        DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (test) == DOMUS_DOMAIN_STATE_RUNNING,
                               TIMEOUT_S, "the guest to run");
    }
    domus_domain_save_async (conn, test, NULL, NULL, NULL, save_done_cb, &r);
    AWAIT (&r);
    g_assert_no_error (r.error);
    refresh_flags (conn, test);
    g_assert_true (domus_domain_get_has_managed_save (test));

    run_action (conn, test, DOMUS_DOMAIN_ACTION_REMOVE_SAVED_STATE);
    refresh_flags (conn, test);
    g_assert_false (domus_domain_get_has_managed_save (test));
    g_assert_cmpint (domus_domain_get_state (test), ==, DOMUS_DOMAIN_STATE_SHUTOFF);
}

static void
test_save_refusal_names_guest_and_host (void)
{
    g_autoptr(DomusConnection) conn = connect_idle_poller ();
    g_autoptr(DomusDomain) test = g_list_model_get_item (domus_connection_get_domains (conn), 0);
    Result r = { 0 };

    if (domus_domain_get_state (test) != DOMUS_DOMAIN_STATE_SHUTOFF) {
        run_action (conn, test, DOMUS_DOMAIN_ACTION_FORCE_OFF);
        DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (test) == DOMUS_DOMAIN_STATE_SHUTOFF,
                               TIMEOUT_S, "the guest to stop");
    }
    /* Saving a guest that does not run: libvirt refuses and says why. */
    domus_domain_save_async (conn, test, NULL, NULL, NULL, save_done_cb, &r);
    AWAIT (&r);
    g_assert_false (r.ok);
    g_assert_error (r.error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_assert_true (g_str_has_prefix (r.error->message, "Saving “test” on Test failed: "));
    g_assert_cmpuint (strlen (r.error->message), >, strlen ("Saving “test” on Test failed: "));
    g_clear_error (&r.error);
}

static void
test_autostart_toggle (void)
{
    g_autoptr(DomusConnection) conn = connect_idle_poller ();
    g_autoptr(DomusDomain) test = g_list_model_get_item (domus_connection_get_domains (conn), 0);
    Result r = { 0 };

    refresh_flags (conn, test);
    g_assert_false (domus_domain_get_autostart (test));
    domus_domain_set_autostart_async (conn, test, TRUE, NULL, autostart_done_cb, &r);
    AWAIT (&r);
    g_assert_no_error (r.error);
    g_assert_true (domus_domain_get_autostart (test));

    /* Read back from the host, not just our own idea of it. */
    domus_domain_set_autostart (test, FALSE);
    refresh_flags (conn, test);
    g_assert_true (domus_domain_get_autostart (test));

    memset (&r, 0, sizeof r);
    domus_domain_set_autostart_async (conn, test, FALSE, NULL, autostart_done_cb, &r);
    AWAIT (&r);
    g_assert_no_error (r.error);
    refresh_flags (conn, test);
    g_assert_false (domus_domain_get_autostart (test));
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();

    g_test_add_func ("/guest-save/save-then-start-restores", test_save_then_start_restores);
    g_test_add_func ("/guest-save/remove-saved-state", test_remove_saved_state);
    g_test_add_func ("/guest-save/refusal-names-guest-and-host",
                     test_save_refusal_names_guest_and_host);
    g_test_add_func ("/guest-save/autostart-toggle", test_autostart_toggle);
    return g_test_run ();
}
