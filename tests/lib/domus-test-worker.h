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

/* On the test's stack; its fields are the helpers' own. */
typedef struct {
    GMutex lock;
    GCond cond;
    gboolean released;
    gboolean done;
} DomusTestGate;

/* Queues a job on CONN's worker that runs until domus_test_gate_release(). */
void domus_test_gate_hold      (DomusTestGate   *gate,
                                DomusConnection *conn);
/* Lets the job end and waits for its result on the main context. */
void domus_test_gate_release   (DomusTestGate   *gate);
/* Returns once every job queued on CONN's worker before it has run. */
void domus_test_drain_worker   (DomusConnection *conn);

G_END_DECLS
