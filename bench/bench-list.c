/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench-list URI [ROUNDS]: how long DomusConnection takes from connect() to a
 * complete guest list (one bulk stats call on the worker, one items-changed
 * on the main thread), and the longest the main loop went without running
 * while that happened. Prints figures; asserts nothing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "domus-connection.h"
#include "domus-libvirt.h"

static gint64 last_beat;
static gint64 worst_gap;

static gboolean
heartbeat_cb (gpointer data)
{
    gint64 now = g_get_monotonic_time ();

    if (last_beat != 0 && now - last_beat > worst_gap)
        worst_gap = now - last_beat;
    last_beat = now;
    return G_SOURCE_CONTINUE;
}

int
main (int argc, char *argv[])
{
    int rounds = argc > 2 ? atoi (argv[2]) : 5;
    double best = G_MAXDOUBLE, total = 0;
    guint n_guests = 0;

    if (argc < 2) {
        fprintf (stderr, "usage: %s URI [ROUNDS]\n", argv[0]);
        return 2;
    }
    domus_libvirt_init ();
    g_timeout_add (5, heartbeat_cb, NULL);

    for (int r = 0; r < rounds; r++) {
        g_autoptr(DomusConnection) conn = domus_connection_new (argv[1]);
        gint64 start = g_get_monotonic_time ();
        double secs;

        last_beat = 0;
        domus_connection_connect (conn);
        while (domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_CONNECTING)
            g_main_context_iteration (NULL, TRUE);
        secs = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
        if (domus_connection_get_state (conn) != DOMUS_CONNECTION_STATE_CONNECTED) {
            fprintf (stderr, "%s\n", domus_connection_get_error_message (conn));
            return 1;
        }
        n_guests = g_list_model_get_n_items (domus_connection_get_domains (conn));
        best = MIN (best, secs);
        total += secs;
        domus_connection_disconnect (conn);
    }
    printf ("guests=%u rounds=%d list_best_ms=%.1f list_mean_ms=%.1f main_loop_worst_gap_ms=%.1f\n",
            n_guests, rounds, best * 1000, total / rounds * 1000, worst_gap / 1000.0);
    return 0;
}
