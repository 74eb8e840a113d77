/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the test programs (tests/lib, core part): wait on a condition by
 * running the main context, never by sleeping a fixed time, and fail saying
 * what was awaited; keep an async result for the test's _finish().
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A no-op timeout callback: wakes the main context while a test waits. */
gboolean domus_test_wake_cb (gpointer data);

/* Spins the default main context until COND holds; fails after TIMEOUT_S
 * (generous: the machine may be loaded) with WHAT in the message. */
#define DOMUS_TEST_WAIT_UNTIL(COND, TIMEOUT_S, WHAT)                          \
    G_STMT_START {                                                            \
        gint64 domus_end_ = g_get_monotonic_time () +                         \
                            (gint64) (TIMEOUT_S) * G_USEC_PER_SEC;            \
        guint domus_wake_ = g_timeout_add (20, domus_test_wake_cb, NULL);     \
        while (!(COND)) {                                                     \
            if (g_get_monotonic_time () > domus_end_)                         \
                g_error ("Timed out after %d s waiting for %s",               \
                         (int) (TIMEOUT_S), (WHAT));                          \
            g_main_context_iteration (NULL, TRUE);                            \
        }                                                                     \
        g_source_remove (domus_wake_);                                        \
    } G_STMT_END

/* A GAsyncReadyCallback that keeps the result for the test to finish with
 * the right _finish(): USER_DATA is a GAsyncResult ** that starts NULL. */
void domus_test_keep_result_cb (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data);
/* The same callback under the name the creation tests gave it. */
#define domus_test_result_cb domus_test_keep_result_cb

G_END_DECLS
