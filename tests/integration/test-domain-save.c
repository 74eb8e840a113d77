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
#include "domus-domain-progress-private.h"
#include "domus-domain-save.h"
#include "domus-error.h"
#include "domus-libvirt.h"
#include "domus-libvirt-private.h"
#include "domus-domain-actions.h"
#include "domus-test-domains.h"
#include "domus-test-util.h"
#include "domus-test-worker.h"

#define TIMEOUT_S 60

typedef struct {
    guint n_progress;
    double last_fraction;
} Progress;

static void
progress_cb (double fraction, gpointer user_data)
{
    Progress *p = user_data;

    p->n_progress++;
    p->last_fraction = fraction;
}

#define AWAIT(res) DOMUS_TEST_WAIT_UNTIL ((res) != NULL, TIMEOUT_S, "the job to finish")

/* Saves and returns the outcome of domus_domain_save_finish(). */
static gboolean
save (DomusConnection *conn, DomusDomain *domain, Progress *progress, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_domain_save_async (conn, domain, progress ? progress_cb : NULL, progress, NULL,
                             domus_test_keep_result_cb, &res);
    AWAIT (res);
    return domus_domain_save_finish (conn, res, error);
}

static void
set_autostart (DomusConnection *conn, DomusDomain *domain, gboolean on)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;

    domus_domain_set_autostart_async (conn, domain, on, NULL, domus_test_keep_result_cb, &res);
    AWAIT (res);
    g_assert_true (domus_domain_set_autostart_finish (conn, res, &error));
    g_assert_no_error (error);
}

static void
refresh_flags (DomusConnection *conn, DomusDomain *domain)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;

    domus_domain_refresh_flags_async (conn, domain, NULL, domus_test_keep_result_cb, &res);
    AWAIT (res);
    domus_domain_refresh_flags_finish (conn, res, &error);
    g_assert_no_error (error);
}

static void
run_action (DomusConnection *conn, DomusDomain *domain, DomusDomainAction action)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;

    domus_domain_action_async (conn, domain, action, NULL, domus_test_keep_result_cb, &res);
    AWAIT (res);
    domus_domain_action_finish (conn, res, &error);
    g_assert_no_error (error);
}

static void
test_save_then_start_restores (void)
{
    g_autoptr(DomusConnection) conn = domus_test_connect_idle_poller ("test:///default");
    g_autoptr(DomusDomain) test = g_list_model_get_item (domus_connection_get_domains (conn), 0);
    g_autoptr(GError) error = NULL;
    Progress p = { 0 };

    if (domus_domain_get_state (test) != DOMUS_DOMAIN_STATE_RUNNING) {
        run_action (conn, test, DOMUS_DOMAIN_ACTION_START);
        DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (test) == DOMUS_DOMAIN_STATE_RUNNING,
                               TIMEOUT_S, "the guest to run");
    }
    refresh_flags (conn, test);
    g_assert_false (domus_domain_get_has_managed_save (test));
    g_assert_false (domus_domain_action_applies_to (DOMUS_DOMAIN_ACTION_REMOVE_SAVED_STATE,
                                                    test));

    g_assert_true (save (conn, test, &p, &error));
    g_assert_no_error (error);
    /* At least the start and the end; the test driver saves at once. */
    g_assert_cmpuint (p.n_progress, >=, 2);
    g_assert_cmpfloat (p.last_fraction, ==, 1.0);
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

/* Cancel as soon as the save reports it has begun. */
static void
cancel_on_progress_cb (double fraction, gpointer user_data)
{
    g_cancellable_cancel (user_data);
}

static void
ensure_running (DomusConnection *conn, DomusDomain *domain)
{
    if (domus_domain_get_state (domain) == DOMUS_DOMAIN_STATE_RUNNING)
        return;
    run_action (conn, domain, DOMUS_DOMAIN_ACTION_START);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (domain) == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "the guest to run");
}

/* The test driver saves at once, so a cancel made once the save began
 * comes too late: the guest is saved, and the result must say so rather
 * than GTask's "Operation was cancelled". */
static void
test_late_cancel_is_saved (void)
{
    g_autoptr(DomusConnection) conn = domus_test_connect_idle_poller ("test:///default");
    g_autoptr(DomusDomain) test = g_list_model_get_item (domus_connection_get_domains (conn), 0);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;

    ensure_running (conn, test);
    domus_domain_save_async (conn, test, cancel_on_progress_cb, cancellable, cancellable,
                             domus_test_keep_result_cb, &res);
    AWAIT (res);
    g_assert_true (g_cancellable_is_cancelled (cancellable));
    g_assert_true (domus_domain_save_finish (conn, res, &error));
    g_assert_no_error (error);
    refresh_flags (conn, test);
    g_assert_true (domus_domain_get_has_managed_save (test));
    run_action (conn, test, DOMUS_DOMAIN_ACTION_START);
}

/* Cancelled while it waits for the worker: nothing is saved, and the error
 * says so in Domus's words. */
static void
test_cancel_before_its_turn (void)
{
    g_autoptr(DomusConnection) conn = domus_test_connect_idle_poller ("test:///default");
    g_autoptr(DomusDomain) test = g_list_model_get_item (domus_connection_get_domains (conn), 0);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    DomusTestGate gate;

    ensure_running (conn, test);
    domus_test_gate_hold (&gate, conn);
    domus_domain_save_async (conn, test, NULL, NULL, cancellable,
                             domus_test_keep_result_cb, &res);
    g_cancellable_cancel (cancellable);
    domus_test_gate_release (&gate);
    AWAIT (res);
    g_assert_false (domus_domain_save_finish (conn, res, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpstr (error->message, ==,
                     "Saving “test” was cancelled; the guest keeps running");
    refresh_flags (conn, test);
    g_assert_false (domus_domain_get_has_managed_save (test));
    g_assert_cmpint (domus_domain_get_state (test), ==, DOMUS_DOMAIN_STATE_RUNNING);
}

/* ---- a long call and the watchdog ---------------------------------------- */

/* The watchdog's limit (domus-connection.c) and a margin past it. */
#define NOT_RESPONDING_AFTER_S 5
#define WATCH_S (NOT_RESPONDING_AFTER_S + 2)

/* A save as long as the test wants: the call waits until released, while
 * the worker polls the guest's job as for a real save; with FREEZE the
 * poll too hangs (a host that stopped answering mid-save). */
typedef struct {
    GMutex lock;
    GCond cond;
    gboolean released;
    gboolean freeze;
} SlowSave;

static void
slow_wait (SlowSave *slow)
{
    g_mutex_lock (&slow->lock);
    while (!slow->released)
        g_cond_wait (&slow->cond, &slow->lock);
    g_mutex_unlock (&slow->lock);
}

static void
slow_release (SlowSave *slow)
{
    g_mutex_lock (&slow->lock);
    slow->released = TRUE;
    g_cond_broadcast (&slow->cond);
    g_mutex_unlock (&slow->lock);
}

static int
slow_call (virDomainPtr dom, gpointer data)
{
    slow_wait (data);
    return 0;
}

static void
slow_poll (virDomainPtr dom, gpointer data)
{
    SlowSave *slow = data;
    virDomainJobInfo info;

    if (slow->freeze)
        slow_wait (slow);
    virDomainGetJobInfo (dom, &info);
}

static void
slow_save_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    SlowSave *slow = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByName (conn, "test");
    g_autofree char *message = NULL;
    gboolean aborted;

    g_assert_nonnull (dom);
    g_assert_cmpint (domus_domain_run_long_call (dom, slow_call, slow, slow_poll, slow,
                                                 cancellable, &message, &aborted), ==, 0);
    g_task_return_boolean (task, TRUE);
}

/* Runs a slow save for WATCH_S seconds (or until the host shows "not
 * responding"), ends it, and returns the worst state seen meanwhile. */
static DomusConnectionState
watch_slow_save (gboolean freeze)
{
    g_autoptr(DomusConnection) conn = domus_test_connect_idle_poller ("test:///default");
    g_autoptr(GAsyncResult) res = NULL;
    SlowSave slow = { .freeze = freeze };
    gint64 until = g_get_monotonic_time () + WATCH_S * G_USEC_PER_SEC;
    DomusConnectionState seen;

    g_mutex_init (&slow.lock);
    g_cond_init (&slow.cond);
    domus_connection_run_job (conn, slow_save_job, &slow, NULL, NULL,
                              domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (g_get_monotonic_time () >= until ||
                           domus_connection_get_state (conn) !=
                           DOMUS_CONNECTION_STATE_CONNECTED,
                           WATCH_S + 30, "the slow save to pass the watchdog's limit");
    seen = domus_connection_get_state (conn);
    slow_release (&slow);
    AWAIT (res);
    g_assert_true (g_task_propagate_boolean (G_TASK (res), NULL));
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) ==
                           DOMUS_CONNECTION_STATE_CONNECTED, TIMEOUT_S,
                           "the host to be connected once the save ended");
    g_mutex_clear (&slow.lock);
    g_cond_clear (&slow.cond);
    return seen;
}

/* A save longer than the watchdog's limit whose progress the host keeps
 * reporting: the host answers, so it stays "connected". */
static void
test_long_save_keeps_host_connected (void)
{
    g_assert_cmpint (watch_slow_save (FALSE), ==, DOMUS_CONNECTION_STATE_CONNECTED);
}

/* The same save on a host that stops answering the polls: "not
 * responding", as for any call that hangs. */
static void
test_long_save_on_frozen_host (void)
{
    g_assert_cmpint (watch_slow_save (TRUE), ==, DOMUS_CONNECTION_STATE_NOT_RESPONDING);
}

static void
test_remove_saved_state (void)
{
    g_autoptr(DomusConnection) conn = domus_test_connect_idle_poller ("test:///default");
    g_autoptr(DomusDomain) test = g_list_model_get_item (domus_connection_get_domains (conn), 0);
    g_autoptr(GError) error = NULL;

    if (domus_domain_get_state (test) != DOMUS_DOMAIN_STATE_RUNNING) {
        run_action (conn, test, DOMUS_DOMAIN_ACTION_START);
        DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (test) == DOMUS_DOMAIN_STATE_RUNNING,
                               TIMEOUT_S, "the guest to run");
    }
    g_assert_true (save (conn, test, NULL, &error));
    g_assert_no_error (error);
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
    g_autoptr(DomusConnection) conn = domus_test_connect_idle_poller ("test:///default");
    g_autoptr(DomusDomain) test = g_list_model_get_item (domus_connection_get_domains (conn), 0);
    g_autoptr(GError) error = NULL;

    if (domus_domain_get_state (test) != DOMUS_DOMAIN_STATE_SHUTOFF) {
        run_action (conn, test, DOMUS_DOMAIN_ACTION_FORCE_OFF);
        DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (test) == DOMUS_DOMAIN_STATE_SHUTOFF,
                               TIMEOUT_S, "the guest to stop");
    }
    /* Saving a guest that does not run: libvirt refuses and says why. */
    g_assert_false (save (conn, test, NULL, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_assert_true (g_str_has_prefix (error->message, "Saving “test” on Test failed: "));
    g_assert_cmpuint (strlen (error->message), >, strlen ("Saving “test” on Test failed: "));
}

static void
test_autostart_toggle (void)
{
    g_autoptr(DomusConnection) conn = domus_test_connect_idle_poller ("test:///default");
    g_autoptr(DomusDomain) test = g_list_model_get_item (domus_connection_get_domains (conn), 0);

    refresh_flags (conn, test);
    g_assert_false (domus_domain_get_autostart (test));
    set_autostart (conn, test, TRUE);
    g_assert_true (domus_domain_get_autostart (test));

    /* Read back from the host, not just our own idea of it. */
    domus_domain_set_autostart (test, FALSE);
    refresh_flags (conn, test);
    g_assert_true (domus_domain_get_autostart (test));

    set_autostart (conn, test, FALSE);
    refresh_flags (conn, test);
    g_assert_false (domus_domain_get_autostart (test));
}

/* The flags jobs carry the guest's UUID, never the guest: a DomusDomain is
 * the main thread's, and whoever lets go of a job's data last may be the
 * worker. Once the host drops its guests, the guest is gone at once, even
 * with jobs about it still waiting their turn. */
static void
test_flags_jobs_hold_no_guest (void)
{
    g_autoptr(DomusConnection) conn = domus_test_connect_idle_poller ("test:///default");
    DomusDomain *test = g_list_model_get_item (domus_connection_get_domains (conn), 0);
    g_autoptr(GAsyncResult) refreshed = NULL;
    g_autoptr(GAsyncResult) set = NULL;
    g_autoptr(GError) error = NULL;
    DomusTestGate gate;

    domus_test_gate_hold (&gate, conn);
    domus_domain_refresh_flags_async (conn, test, NULL, domus_test_keep_result_cb, &refreshed);
    domus_domain_set_autostart_async (conn, test, FALSE, NULL, domus_test_keep_result_cb, &set);

    g_object_add_weak_pointer (G_OBJECT (test), (gpointer *) &test);
    g_object_unref (test);
    domus_connection_disconnect (conn);
    g_assert_null (test);

    domus_test_gate_release (&gate);
    AWAIT (refreshed);
    AWAIT (set);
    /* Both ran before the close: they succeeded, with no guest to update. */
    g_assert_true (domus_domain_refresh_flags_finish (conn, refreshed, &error));
    g_assert_no_error (error);
    g_assert_true (domus_domain_set_autostart_finish (conn, set, &error));
    g_assert_no_error (error);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();

    g_test_add_func ("/domain-save/save-then-start-restores", test_save_then_start_restores);
    g_test_add_func ("/domain-save/remove-saved-state", test_remove_saved_state);
    g_test_add_func ("/domain-save/late-cancel-is-saved", test_late_cancel_is_saved);
    g_test_add_func ("/domain-save/cancel-before-its-turn", test_cancel_before_its_turn);
    g_test_add_func ("/domain-save/long-save-keeps-host-connected",
                     test_long_save_keeps_host_connected);
    g_test_add_func ("/domain-save/long-save-on-frozen-host", test_long_save_on_frozen_host);
    g_test_add_func ("/domain-save/refusal-names-guest-and-host",
                     test_save_refusal_names_guest_and_host);
    g_test_add_func ("/domain-save/autostart-toggle", test_autostart_toggle);
    g_test_add_func ("/domain-save/flags-jobs-hold-no-guest", test_flags_jobs_hold_no_guest);
    return g_test_run ();
}
