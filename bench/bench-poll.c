/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench-poll URI [TICKS] [GROUPS]: the cost of one statistics tick in core
 * alone — wall time from domus_poller_tick() to "updated", and the CPU time
 * of the whole process per tick (worker and main thread together). GROUPS
 * is a comma list of columns (guest-cpu,memory,disk-io,network-io), all by
 * default. Prints figures; asserts nothing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <glib.h>

#include "domus-connection.h"
#include "domus-libvirt.h"

static double
process_cpu_s (void)
{
    struct timespec ts;

    clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
updated_cb (DomusPoller *poller, gpointer user_data)
{
    (*(guint *) user_data)++;
}

int
main (int argc, char *argv[])
{
    guint ticks = argc > 2 ? (guint) atoi (argv[2]) : 10;
    g_auto(GStrv) columns = g_strsplit (argc > 3 ? argv[3]
                                        : "guest-cpu,memory,disk-io,network-io", ",", -1);
    g_autoptr(DomusConnection) conn = NULL;
    DomusPoller *poller;
    guint done = 0;
    double wall = 0, cpu = 0;

    if (argc < 2) {
        fprintf (stderr, "usage: %s URI [TICKS] [GROUPS]\n", argv[0]);
        return 2;
    }
    domus_libvirt_init ();
    conn = domus_connection_new (argv[1]);
    poller = domus_connection_get_poller (conn);
    domus_poller_set_interval (poller, 60);   /* ticks are driven by hand below */
    domus_poller_set_groups (poller, domus_stats_groups_from_columns ((const char *const *) columns));
    g_signal_connect (poller, "updated", G_CALLBACK (updated_cb), &done);
    domus_connection_connect (conn);
    while (domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_CONNECTING ||
           done == 0)
        g_main_context_iteration (NULL, TRUE);
    if (domus_connection_get_state (conn) != DOMUS_CONNECTION_STATE_CONNECTED) {
        fprintf (stderr, "%s\n", domus_connection_get_error_message (conn));
        return 1;
    }

    /* The first tick above also read each guest's devices; measure steady ticks. */
    for (guint i = 0; i < ticks; i++) {
        guint before = done;
        gint64 t0 = g_get_monotonic_time ();
        double c0 = process_cpu_s ();

        g_usleep (G_USEC_PER_SEC / 10);
        domus_poller_tick (poller);
        while (done == before)
            g_main_context_iteration (NULL, TRUE);
        wall += (g_get_monotonic_time () - t0) / 1e6 - 0.1;
        cpu += process_cpu_s () - c0;
    }
    printf ("guests=%u ticks=%u fallback=0x%x tick_wall_ms=%.1f tick_cpu_ms=%.1f "
            "cpu_us_per_guest=%.2f\n",
            g_list_model_get_n_items (domus_connection_get_domains (conn)), ticks,
            domus_poller_get_fallback_groups (poller), wall / ticks * 1000, cpu / ticks * 1000,
            cpu / ticks * 1e6 / MAX (1, g_list_model_get_n_items (domus_connection_get_domains (conn))));
    return 0;
}
