/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Ring buffers and counter arithmetic: known counter deltas give known rates;
 * the ring keeps exactly its capacity, newest first, and stops allocating.
 */
#include "config.h"

#include <math.h>

#include <glib.h>

#include "domus-stats.h"

static void
test_rates_from_counters (void)
{
    /* 3 s between readings: 3 GB read -> 1 GB/s. */
    g_assert_cmpfloat_with_epsilon (domus_stats_rate (1000, 1000 + 3000000000ull, 3.0),
                                    1e9, 1e-3);
    /* A restarted guest's counter goes back: no negative rate. */
    g_assert_cmpfloat (domus_stats_rate (5000, 10, 1.0), ==, 0);
    g_assert_cmpfloat (domus_stats_rate (0, 10, 0.0), ==, 0);

    /* 2 vCPUs, 1 s, 1e9 ns used -> 50 % of the guest's CPUs. */
    g_assert_cmpfloat_with_epsilon (domus_stats_cpu_percent (0, 1000000000ull, 1.0, 2),
                                    50.0, 1e-9);
    /* The same against a 32-CPU host -> 3.125 %. */
    g_assert_cmpfloat_with_epsilon (domus_stats_cpu_percent (0, 1000000000ull, 1.0, 32),
                                    3.125, 1e-9);
    /* Never above 100 % (counter jitter). */
    g_assert_cmpfloat (domus_stats_cpu_percent (0, 5000000000ull, 1.0, 1), ==, 100.0);
    g_assert_cmpfloat (domus_stats_cpu_percent (0, 1, 1.0, 0), ==, 0);
}

static void
test_encoding (void)
{
    g_assert_cmpuint (domus_stats_encode (DOMUS_STATS_SCALE_PERCENT, 0), ==, 0);
    g_assert_cmpuint (domus_stats_encode (DOMUS_STATS_SCALE_PERCENT, 100), ==, 250);
    g_assert_cmpuint (domus_stats_encode (DOMUS_STATS_SCALE_PERCENT, 400), ==, 250);
    g_assert_cmpuint (domus_stats_encode (DOMUS_STATS_SCALE_PERCENT, NAN), ==, 0);
    g_assert_cmpfloat_with_epsilon (
        domus_stats_decode (DOMUS_STATS_SCALE_PERCENT,
                            domus_stats_encode (DOMUS_STATS_SCALE_PERCENT, 37.2)),
        37.2, 0.25);

    /* Rates keep their order of magnitude (within one step, ~19 %). */
    for (double v = 1; v < 1e15; v *= 7.3) {
        double back = domus_stats_decode (DOMUS_STATS_SCALE_RATE,
                                          domus_stats_encode (DOMUS_STATS_SCALE_RATE, v));

        g_assert_cmpfloat (fabs (back - v) / v, <, 0.2);
    }
    g_assert_cmpuint (domus_stats_encode (DOMUS_STATS_SCALE_RATE, -5), ==, 0);
}

static void
test_ring (void)
{
    DomusStatsRing ring = { 0 };
    guint8 *data_when_full;

    g_assert_cmpuint (domus_stats_ring_get_len (&ring), ==, 0);
    g_assert_cmpuint (domus_stats_ring_get_raw (&ring, 0), ==, 0);

    for (guint i = 0; i < 10; i++)
        domus_stats_ring_push (&ring, DOMUS_STATS_SCALE_PERCENT, i * 10);
    g_assert_cmpuint (domus_stats_ring_get_len (&ring), ==, 10);
    g_assert_cmpfloat (domus_stats_ring_get (&ring, DOMUS_STATS_SCALE_PERCENT, 0), ==, 90);
    g_assert_cmpfloat (domus_stats_ring_get (&ring, DOMUS_STATS_SCALE_PERCENT, 9), ==, 0);
    g_assert_cmpfloat (domus_stats_ring_get (&ring, DOMUS_STATS_SCALE_PERCENT, 3), ==, 60);

    /* Fill past capacity: it keeps the newest DOMUS_STATS_HISTORY_MAX. */
    for (guint i = 0; i < DOMUS_STATS_HISTORY_MAX; i++)
        domus_stats_ring_push (&ring, DOMUS_STATS_SCALE_PERCENT, (i % 100));
    g_assert_cmpuint (domus_stats_ring_get_len (&ring), ==, DOMUS_STATS_HISTORY_MAX);
    data_when_full = ring.data;
    for (guint i = 0; i < 5000; i++)
        domus_stats_ring_push (&ring, DOMUS_STATS_SCALE_PERCENT, i % 100);
    /* No allocation once full. */
    g_assert_true (ring.data == data_when_full);
    g_assert_cmpuint (domus_stats_ring_get_len (&ring), ==, DOMUS_STATS_HISTORY_MAX);
    g_assert_cmpfloat (domus_stats_ring_get (&ring, DOMUS_STATS_SCALE_PERCENT, 0), ==, 4999 % 100);
    g_assert_cmpfloat (domus_stats_ring_get (&ring, DOMUS_STATS_SCALE_PERCENT, 1), ==, 4998 % 100);
    g_assert_cmpfloat (domus_stats_ring_get (&ring, DOMUS_STATS_SCALE_PERCENT,
                                             DOMUS_STATS_HISTORY_MAX - 1),
                       ==, (4999 - DOMUS_STATS_HISTORY_MAX + 1) % 100);
    g_assert_cmpuint (domus_stats_ring_get_raw (&ring, DOMUS_STATS_HISTORY_MAX), ==, 0);

    domus_stats_ring_clear (&ring);
    g_assert_null (ring.data);
    g_assert_cmpuint (domus_stats_ring_get_len (&ring), ==, 0);
}

/* The n-th sample pushed: never 0 (what fresh or zeroed memory holds), and
 * neighbours differ, so a sample read from the wrong slot shows. */
static guint8
known_code (guint n)
{
    return (guint8) (n % 250 + 1);
}

static void
test_ring_every_age (gconstpointer data)
{
    guint n_pushed = GPOINTER_TO_UINT (data);
    guint expected_len = MIN (n_pushed, DOMUS_STATS_HISTORY_MAX);
    DomusStatsRing ring = { 0 };

    for (guint n = 0; n < n_pushed; n++)
        domus_stats_ring_push (&ring, DOMUS_STATS_SCALE_PERCENT,
                               known_code (n) / 2.5);

    g_assert_cmpuint (domus_stats_ring_get_len (&ring), ==, expected_len);
    for (guint age = 0; age < expected_len; age++) {
        guint n = n_pushed - 1 - age;

        if (domus_stats_ring_get_raw (&ring, age) != known_code (n)) {
            g_test_message ("%u samples pushed: age %u holds code %u, sample %u was %u",
                            n_pushed, age, domus_stats_ring_get_raw (&ring, age),
                            n, known_code (n));
        }
        g_assert_cmpuint (domus_stats_ring_get_raw (&ring, age), ==, known_code (n));
        g_assert_cmpfloat_with_epsilon (domus_stats_ring_get (&ring,
                                                              DOMUS_STATS_SCALE_PERCENT,
                                                              age),
                                        known_code (n) / 2.5, 1e-9);
    }
    /* Older than the history: nothing. */
    g_assert_cmpuint (domus_stats_ring_get_raw (&ring, expected_len), ==, 0);

    domus_stats_ring_clear (&ring);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/stats/rates-from-counters", test_rates_from_counters);
    g_test_add_func ("/stats/encoding", test_encoding);
    g_test_add_func ("/stats/ring", test_ring);
    /* Around each time the ring grows (64, 128, …) and past its capacity. */
    {
        const guint counts[] = { 1, 63, 64, 65, 127, 128, 129, 200, 1000,
                                 DOMUS_STATS_HISTORY_MAX,
                                 DOMUS_STATS_HISTORY_MAX + 5 };

        for (guint i = 0; i < G_N_ELEMENTS (counts); i++) {
            g_autofree char *path = g_strdup_printf ("/stats/ring/every-age/%u",
                                                     counts[i]);

            g_test_add_data_func (path, GUINT_TO_POINTER (counts[i]),
                                  test_ring_every_age);
        }
    }
    return g_test_run ();
}
