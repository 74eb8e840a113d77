/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The worker gate of domus-test-worker.h: a job that blocks the
 * connection's worker thread on a condition variable until the test, on
 * the main thread, releases it.
 */
#include "config.h"

#include "domus-test-worker.h"

/* On the worker thread. */
static void
gate_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    DomusTestGate *gate = task_data;

    g_mutex_lock (&gate->lock);
    while (!gate->released)
        g_cond_wait (&gate->cond, &gate->lock);
    g_mutex_unlock (&gate->lock);
    g_task_return_boolean (task, TRUE);
}

static void
gate_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    DomusTestGate *gate = user_data;

    g_assert_true (g_task_propagate_boolean (G_TASK (result), NULL));
    gate->done = TRUE;
}

void
domus_test_gate_hold (DomusTestGate *gate, DomusConnection *conn)
{
    g_mutex_init (&gate->lock);
    g_cond_init (&gate->cond);
    gate->released = FALSE;
    gate->done = FALSE;
    domus_connection_run_job (conn, gate_job, gate, NULL, NULL, gate_done_cb, gate);
}

void
domus_test_gate_release (DomusTestGate *gate)
{
    g_mutex_lock (&gate->lock);
    gate->released = TRUE;
    g_cond_signal (&gate->cond);
    g_mutex_unlock (&gate->lock);
    DOMUS_TEST_WAIT_UNTIL (gate->done, 60, "the held job to end");
    g_mutex_clear (&gate->lock);
    g_cond_clear (&gate->cond);
}

void
domus_test_drain_worker (DomusConnection *conn)
{
    DomusTestGate gate;

    domus_test_gate_hold (&gate, conn);
    domus_test_gate_release (&gate);
}
