/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * For test programs that link core: hold a host's worker in a call for as
 * long as a test needs (a slow or frozen host, without one), and wait until
 * every job queued so far has run.
 */
#pragma once

#include "domus-connection-private.h"
#include "domus-test-util.h"

G_BEGIN_DECLS

typedef struct {
    GMutex lock;
    GCond cond;
    gboolean released;
    gboolean done;
} DomusTestGate;

static inline void
domus_test_gate_job (GTask *task, virConnectPtr conn, gpointer task_data,
                     GCancellable *cancellable)
{
    DomusTestGate *gate = task_data;

    g_mutex_lock (&gate->lock);
    while (!gate->released)
        g_cond_wait (&gate->cond, &gate->lock);
    g_mutex_unlock (&gate->lock);
    g_task_return_boolean (task, TRUE);
}

static inline void
domus_test_gate_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    DomusTestGate *gate = user_data;

    g_assert_true (g_task_propagate_boolean (G_TASK (result), NULL));
    gate->done = TRUE;
}

/* Queues a job on CONN's worker that runs until domus_test_gate_release(). */
static inline void
domus_test_gate_hold (DomusTestGate *gate, DomusConnection *conn)
{
    g_mutex_init (&gate->lock);
    g_cond_init (&gate->cond);
    gate->released = FALSE;
    gate->done = FALSE;
    domus_connection_run_job (conn, domus_test_gate_job, gate, NULL, NULL,
                              domus_test_gate_done_cb, gate);
}

/* Lets the job end and waits for its result on the main context. */
static inline void
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

/* Returns once every job queued on CONN's worker before it has run. */
static inline void
domus_test_drain_worker (DomusConnection *conn)
{
    DomusTestGate gate;

    domus_test_gate_hold (&gate, conn);
    domus_test_gate_release (&gate);
}

G_END_DECLS
