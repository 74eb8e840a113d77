/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusPoller: the statistics of one host, one bulk
 * virConnectGetAllDomainStats call per tick on the host's worker, asking
 * only for the groups that are shown. Results land in each DomusDomain's
 * rings on the main thread, then "updated" is emitted once per tick.
 */
#pragma once

#include <glib-object.h>

#include "domus-stats.h"

G_BEGIN_DECLS

typedef struct _DomusConnection DomusConnection;

/* The host's own figures, kept by the poller. */
typedef struct {
    DomusStatsRing cpu;        /* % of all CPUs busy */
    DomusStatsRing memory;     /* % of memory in use */
    guint n_cpus;
    guint64 memory_total_kib;
    guint64 memory_used_kib;
    guint64 prev_busy;
    guint64 prev_total;
    gboolean have_prev;
} DomusHostStats;

#define DOMUS_TYPE_POLLER (domus_poller_get_type ())
G_DECLARE_FINAL_TYPE (DomusPoller, domus_poller, DOMUS, POLLER, GObject)

DomusPoller     *domus_poller_new              (DomusConnection *conn);
void             domus_poller_set_interval     (DomusPoller *self,
                                                guint seconds);
guint            domus_poller_get_interval     (DomusPoller *self);
void             domus_poller_set_groups       (DomusPoller *self,
                                                DomusStatsGroup groups);
DomusStatsGroup  domus_poller_get_groups       (DomusPoller *self);
/* Polls now, unless a poll is still under way (a slow host never gets a
 * queue of them). Returns FALSE when it skipped. */
gboolean         domus_poller_tick             (DomusPoller *self);
const DomusHostStats *domus_poller_get_host_stats (DomusPoller *self);
guint            domus_poller_get_n_ticks      (DomusPoller *self);
/* The guests on screen (UUIDs). Where a driver lacks bulk statistics and
 * guests are read one by one, these are read every tick and the others in
 * turn, a bounded number per tick. */
void             domus_poller_set_focus        (DomusPoller *self,
                                                const char *const *uuids);
/* Groups the driver lacks in its bulk call, read guest by guest instead. */
DomusStatsGroup  domus_poller_get_fallback_groups (DomusPoller *self);

G_END_DECLS
