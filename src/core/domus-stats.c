/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Ring buffers of samples and counter arithmetic. Pure functions: used by
 * the poller on the main thread and by the graphs when drawing; they
 * allocate only while a ring grows towards its fixed capacity.
 */
#include "config.h"

#include "domus-stats.h"

#include <math.h>
#include <string.h>

/* Rates: 4 codes per doubling, so one step is ~19 %: plenty for a graph. */
#define RATE_STEPS_PER_DOUBLING 4.0

guint8
domus_stats_encode (DomusStatsScale scale, double value)
{
    double code;

    if (!(value > 0))   /* also NaN */
        return 0;
    if (scale == DOMUS_STATS_SCALE_PERCENT)
        code = round (MIN (value, 100.0) * 2.5);
    else
        code = round (log2 (1.0 + value) * RATE_STEPS_PER_DOUBLING);
    return (guint8) CLAMP (code, 0, 255);
}

double
domus_stats_decode (DomusStatsScale scale, guint8 raw)
{
    if (scale == DOMUS_STATS_SCALE_PERCENT)
        return raw / 2.5;
    return exp2 (raw / RATE_STEPS_PER_DOUBLING) - 1.0;
}

void
domus_stats_ring_clear (DomusStatsRing *ring)
{
    g_clear_pointer (&ring->data, g_free);
    ring->alloc = ring->len = ring->head = 0;
    ring->last = 0;
}

void
domus_stats_ring_push (DomusStatsRing *ring, DomusStatsScale scale, double value)
{
    if (ring->len == ring->alloc && ring->alloc < DOMUS_STATS_HISTORY_MAX) {
        /* Grow. A full ring's oldest sample is at head (which has wrapped
         * round), so copy the samples oldest first: the new room then
         * follows the newest, and the next sample goes at len. */
        guint new_alloc = ring->alloc == 0 ? 64 : MIN (ring->alloc * 2u,
                                                       DOMUS_STATS_HISTORY_MAX);
        guint8 *data = g_malloc (new_alloc);
        guint older = ring->alloc - ring->head;

        if (ring->len > 0) {
            memcpy (data, ring->data + ring->head, older);
            memcpy (data + older, ring->data, ring->head);
        }
        g_free (ring->data);
        ring->data = data;
        ring->alloc = new_alloc;
        ring->head = ring->len;
    }
    ring->data[ring->head] = domus_stats_encode (scale, value);
    ring->head = (ring->head + 1) % ring->alloc;
    if (ring->len < ring->alloc)
        ring->len++;
    ring->last = value;
}

guint
domus_stats_ring_get_len (const DomusStatsRing *ring)
{
    return ring->len;
}

guint8
domus_stats_ring_get_raw (const DomusStatsRing *ring, guint age)
{
    guint index;

    if (age >= ring->len)
        return 0;
    index = (ring->head + ring->alloc - 1 - age) % ring->alloc;
    return ring->data[index];
}

double
domus_stats_ring_get (const DomusStatsRing *ring, DomusStatsScale scale, guint age)
{
    if (age == 0 && ring->len > 0)
        return ring->last;
    return domus_stats_decode (scale, domus_stats_ring_get_raw (ring, age));
}

double
domus_stats_rate (guint64 prev, guint64 now, double seconds)
{
    if (now < prev || seconds <= 0)
        return 0;
    return (now - prev) / seconds;
}

double
domus_stats_cpu_percent (guint64 prev_ns, guint64 now_ns, double seconds, guint n_cpus)
{
    double pct;

    if (n_cpus == 0)
        return 0;
    pct = domus_stats_rate (prev_ns, now_ns, seconds) / 1e9 / n_cpus * 100.0;
    return MIN (pct, 100.0);
}

DomusStatsGroup
domus_stats_groups_from_columns (const char *const *columns)
{
    static const struct {
        const char *column;
        DomusStatsGroup group;
    } map[] = {
        { "guest-cpu", DOMUS_STATS_GROUP_CPU },
        { "host-cpu", DOMUS_STATS_GROUP_CPU },
        { "memory", DOMUS_STATS_GROUP_MEMORY },
        { "disk-io", DOMUS_STATS_GROUP_DISK },
        { "network-io", DOMUS_STATS_GROUP_NET },
    };
    DomusStatsGroup groups = DOMUS_STATS_GROUP_NONE;

    for (guint i = 0; columns != NULL && columns[i] != NULL; i++) {
        for (guint m = 0; m < G_N_ELEMENTS (map); m++) {
            if (g_str_equal (columns[i], map[m].column))
                groups |= map[m].group;
        }
    }
    return groups;
}
