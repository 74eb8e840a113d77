/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Statistics history: a fixed-capacity ring of one-byte samples per series,
 * and the arithmetic that turns libvirt's counters into rates. One byte per
 * sample keeps an hour of history for thousands of guests in tens of MB;
 * the exact latest value is kept apart for labels and tooltips.
 */
#pragma once

#include <glib.h>

#include "domus-core-enums.h"

G_BEGIN_DECLS

/* What a poll asks a host for; the visible graph columns decide. */
typedef enum {
    DOMUS_STATS_GROUP_NONE = 0,
    DOMUS_STATS_GROUP_CPU = 1 << 0,      /* guest CPU, and guest share of the host */
    DOMUS_STATS_GROUP_MEMORY = 1 << 1,
    DOMUS_STATS_GROUP_DISK = 1 << 2,
    DOMUS_STATS_GROUP_NET = 1 << 3,
} DomusStatsGroup;

/* Column names of the `visible-columns` setting -> groups to poll. */
DomusStatsGroup domus_stats_groups_from_columns (const char *const *columns);

/* One hour at the shortest poll interval (1 s). */
#define DOMUS_STATS_HISTORY_MAX 3600

typedef struct {
    guint8 *data;     /* grows by doubling up to DOMUS_STATS_HISTORY_MAX, then stays */
    guint16 alloc;
    guint16 len;      /* samples held */
    guint16 head;     /* index of the next sample */
    double last;      /* exact value of the newest sample */
} DomusStatsRing;

typedef enum {
    DOMUS_STATS_SCALE_PERCENT,   /* 0..100 %, 0.5 % steps */
    DOMUS_STATS_SCALE_RATE,      /* bytes/s, logarithmic, 0 .. 2^63 */
} DomusStatsScale;

void     domus_stats_ring_clear     (DomusStatsRing *ring);
void     domus_stats_ring_push      (DomusStatsRing *ring,
                                     DomusStatsScale scale,
                                     double value);
guint    domus_stats_ring_get_len   (const DomusStatsRing *ring);
/* @age 0 is the newest sample; returns the value decoded, in the scale's unit. */
double   domus_stats_ring_get       (const DomusStatsRing *ring,
                                     DomusStatsScale scale,
                                     guint age);
/* The sample as stored, 0..255, for graphs that only need its height. */
guint8   domus_stats_ring_get_raw   (const DomusStatsRing *ring,
                                     guint age);

guint8   domus_stats_encode         (DomusStatsScale scale, double value);
double   domus_stats_decode         (DomusStatsScale scale, guint8 raw);

/* Rates from two readings of a counter; 0 when the counter went backwards
 * (guest restarted) or no time passed. */
double   domus_stats_rate           (guint64 prev, guint64 now, double seconds);
/* CPU use in percent of @n_cpus CPUs from two cpu.time readings (ns). */
double   domus_stats_cpu_percent    (guint64 prev_ns, guint64 now_ns,
                                     double seconds, guint n_cpus);

G_END_DECLS
