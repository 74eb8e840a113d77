/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusDomain: one guest of a host, as the windows see it (identity and run
 * state). Its DomusConnection creates and updates it on the main thread only;
 * it holds no libvirt handle, so reading it never touches the network.
 */
#pragma once

#include <glib-object.h>

#include "domus-core-enums.h"
#include "domus-stats.h"

G_BEGIN_DECLS

/* Mirrors virDomainState, so that nothing outside core includes libvirt. */
typedef enum {
    DOMUS_DOMAIN_STATE_NOSTATE = 0,
    DOMUS_DOMAIN_STATE_RUNNING = 1,
    DOMUS_DOMAIN_STATE_BLOCKED = 2,
    DOMUS_DOMAIN_STATE_PAUSED = 3,
    DOMUS_DOMAIN_STATE_SHUTDOWN = 4,
    DOMUS_DOMAIN_STATE_SHUTOFF = 5,
    DOMUS_DOMAIN_STATE_CRASHED = 6,
    DOMUS_DOMAIN_STATE_PMSUSPENDED = 7,
} DomusDomainState;

/* A guest's statistics: history rings and the last counters read. Written
 * by DomusPoller on the main thread, read by graphs when they draw. */
typedef struct {
    DomusStatsRing cpu;        /* % of the guest's own vCPUs */
    DomusStatsRing host_cpu;   /* % of all the host's CPUs */
    DomusStatsRing memory;     /* % of the guest's memory in use */
    DomusStatsRing disk;       /* read + write, bytes/s */
    DomusStatsRing net;        /* received + sent, bytes/s */

    /* Counters of the previous tick, for rates. */
    gint64 prev_time_us;
    guint64 prev_cpu_ns;
    guint64 prev_disk_bytes;
    guint64 prev_net_bytes;
    guint have_prev;           /* DomusStatsGroup flags read last tick */

    guint vcpus;
    guint64 memory_used_kib;
    guint64 memory_total_kib;
} DomusDomainStats;

#define DOMUS_TYPE_DOMAIN (domus_domain_get_type ())
G_DECLARE_FINAL_TYPE (DomusDomain, domus_domain, DOMUS, DOMAIN, GObject)

DomusDomain      *domus_domain_new              (const char *uuid,
                                                 const char *name,
                                                 DomusDomainState state);
const char       *domus_domain_get_uuid         (DomusDomain *self);
const char       *domus_domain_get_name         (DomusDomain *self);
void              domus_domain_set_name         (DomusDomain *self,
                                                 const char *name);
DomusDomainState  domus_domain_get_state        (DomusDomain *self);
void              domus_domain_set_state        (DomusDomain *self,
                                                 DomusDomainState state);
gboolean          domus_domain_is_active        (DomusDomain *self);
/* Whether a guest in @state can be using CPU: its vCPUs run (running,
 * blocked, shutting down); not when paused, suspended, crashed or off. */
gboolean          domus_domain_state_runs_vcpus (DomusDomainState state);
/* What is being done to the guest right now ("Shutting down…", "Saving…
 * 40 %"), set by whoever runs the action; NULL when nothing is. */
const char       *domus_domain_get_activity     (DomusDomain *self);
void              domus_domain_set_activity     (DomusDomain *self,
                                                 const char *activity);
/* Read from the host on demand (domus_domain_refresh_flags_async). */
gboolean          domus_domain_get_has_managed_save (DomusDomain *self);
void              domus_domain_set_has_managed_save (DomusDomain *self,
                                                     gboolean has_managed_save);
gboolean          domus_domain_get_autostart    (DomusDomain *self);
void              domus_domain_set_autostart    (DomusDomain *self,
                                                 gboolean autostart);
/* How many snapshots the guest has, read when its host connects, after a
 * libvirt event about it and whenever its snapshots are listed or changed
 * (domus-domain-snapshot), never by polling. */
guint             domus_domain_get_snapshot_count (DomusDomain *self);
void              domus_domain_set_snapshot_count (DomusDomain *self,
                                                   guint count);
DomusDomainStats *domus_domain_get_stats        (DomusDomain *self);

const char       *domus_domain_state_to_string  (DomusDomainState state);
const char       *domus_domain_state_icon_name  (DomusDomainState state);

G_END_DECLS
