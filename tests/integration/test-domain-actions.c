/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Guest actions against libvirt's test driver: each one changes the state
 * as expected (seen through events), and a refusal carries the guest, the
 * host and libvirt's own reason.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "domus-connection.h"
#include "domus-error.h"
#include "domus-libvirt.h"
#include "domus-domain-actions.h"
#include "domus-test-domains.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

typedef struct {
    gboolean done;
    gboolean ok;
    GError *error;
} Result;

static void
done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Result *r = user_data;

    r->ok = domus_domain_action_finish (DOMUS_CONNECTION (source), result, &r->error);
    r->done = TRUE;
}

static void
run (DomusConnection *conn, DomusDomain *domain, DomusDomainAction action, Result *r)
{
    memset (r, 0, sizeof *r);
    domus_domain_action_async (conn, domain, action, NULL, done_cb, r);
    DOMUS_TEST_WAIT_UNTIL (r->done, TIMEOUT_S, "the action to complete");
}

static void
test_actions_change_state (void)
{
    g_autoptr(DomusConnection) conn = domus_test_connect ("test:///default");
    g_autoptr(DomusDomain) test = NULL;
    static const struct {
        DomusDomainAction action;
        DomusDomainState expect;
    } steps[] = {
        { DOMUS_DOMAIN_ACTION_PAUSE, DOMUS_DOMAIN_STATE_PAUSED },
        { DOMUS_DOMAIN_ACTION_RESUME, DOMUS_DOMAIN_STATE_RUNNING },
        { DOMUS_DOMAIN_ACTION_REBOOT, DOMUS_DOMAIN_STATE_RUNNING },
        { DOMUS_DOMAIN_ACTION_RESET, DOMUS_DOMAIN_STATE_RUNNING },
        { DOMUS_DOMAIN_ACTION_SHUTDOWN, DOMUS_DOMAIN_STATE_SHUTOFF },
        { DOMUS_DOMAIN_ACTION_START, DOMUS_DOMAIN_STATE_RUNNING },
        { DOMUS_DOMAIN_ACTION_FORCE_OFF, DOMUS_DOMAIN_STATE_SHUTOFF },
    };
    Result r;

    test = g_list_model_get_item (domus_connection_get_domains (conn), 0);
    g_assert_cmpstr (domus_domain_get_name (test), ==, "test");

    for (guint i = 0; i < G_N_ELEMENTS (steps); i++) {
        g_assert_true (domus_domain_action_applies (steps[i].action,
                                                    domus_domain_get_state (test)));
        run (conn, test, steps[i].action, &r);
        g_assert_no_error (r.error);
        g_assert_true (r.ok);
        DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (test) == steps[i].expect, TIMEOUT_S,
                               "the state the action leads to");
    }
}

static void
test_refusal_names_guest_host_and_reason (void)
{
    g_autoptr(DomusConnection) conn = domus_test_connect ("test:///default");
    g_autoptr(DomusDomain) test = NULL;
    Result r;

    test = g_list_model_get_item (domus_connection_get_domains (conn), 0);

    /* test:///default is one instance per process while any connection to
     * it is open: an earlier test's may still be closing, its guest off. */
    if (domus_domain_get_state (test) != DOMUS_DOMAIN_STATE_RUNNING) {
        run (conn, test, DOMUS_DOMAIN_ACTION_START, &r);
        g_assert_no_error (r.error);
        DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (test) == DOMUS_DOMAIN_STATE_RUNNING,
                               TIMEOUT_S, "the guest to run");
    }

    /* Starting a running guest: libvirt refuses, and says why. */
    run (conn, test, DOMUS_DOMAIN_ACTION_START, &r);
    g_assert_false (r.ok);
    g_assert_error (r.error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_assert_true (g_str_has_prefix (r.error->message, "Starting “test” on Test failed: "));
    g_assert_nonnull (strstr (r.error->message, "already running"));
    g_clear_error (&r.error);
}

static void
test_applies (void)
{
    g_assert_true (domus_domain_action_applies (DOMUS_DOMAIN_ACTION_START,
                                                DOMUS_DOMAIN_STATE_SHUTOFF));
    g_assert_false (domus_domain_action_applies (DOMUS_DOMAIN_ACTION_START,
                                                 DOMUS_DOMAIN_STATE_RUNNING));
    g_assert_true (domus_domain_action_applies (DOMUS_DOMAIN_ACTION_RESUME,
                                                DOMUS_DOMAIN_STATE_PAUSED));
    g_assert_false (domus_domain_action_applies (DOMUS_DOMAIN_ACTION_PAUSE,
                                                 DOMUS_DOMAIN_STATE_PAUSED));
    g_assert_true (domus_domain_action_applies (DOMUS_DOMAIN_ACTION_FORCE_OFF,
                                                DOMUS_DOMAIN_STATE_PAUSED));
    g_assert_false (domus_domain_action_applies (DOMUS_DOMAIN_ACTION_SHUTDOWN,
                                                 DOMUS_DOMAIN_STATE_PAUSED));
    g_assert_false (domus_domain_action_applies (DOMUS_DOMAIN_ACTION_FORCE_OFF,
                                                 DOMUS_DOMAIN_STATE_SHUTOFF));
}

/* DOMUS_N_DOMAIN_ACTIONS counts the actions and is none of them: asked
 * about it, core fails loudly rather than answer, or run Force Off. */
static void
test_sentinel_is_no_action (void)
{
    if (g_test_subprocess ()) {
        domus_domain_action_applies (DOMUS_N_DOMAIN_ACTIONS, DOMUS_DOMAIN_STATE_RUNNING);
        return;
    }
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed ();
    g_test_trap_assert_stderr ("*action < DOMUS_N_DOMAIN_ACTIONS*");
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();

    g_test_add_func ("/domain-actions/applies", test_applies);
    g_test_add_func ("/domain-actions/sentinel-is-no-action", test_sentinel_is_no_action);
    g_test_add_func ("/domain-actions/actions-change-state", test_actions_change_state);
    g_test_add_func ("/domain-actions/refusal-names-guest-host-and-reason",
                     test_refusal_names_guest_host_and_reason);
    return g_test_run ();
}
