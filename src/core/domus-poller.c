/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Statistics polling for one host. The job runs on the connection's worker
 * and returns plain samples; rates are computed and stored on the main
 * thread. Where a driver leaves a group out of the bulk call (libvirt's
 * test driver returns only "state"), that group alone is read per guest,
 * still on the worker.
 */
#include "config.h"

#include "domus-poller.h"
#include "domus-xml.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"

/* Worker-side memory of a host: device names per guest for the per-guest
 * fallback, and the node's size. Touched by the worker thread only. */
typedef struct {
    gatomicrefcount ref;
    GHashTable *devices;   /* uuid -> DeviceList */
    guint n_cpus;
    guint64 memory_kib;
} PollCache;

typedef struct {
    GPtrArray *disks;      /* char *: target dev */
    GPtrArray *nics;       /* char *: target dev */
} DeviceList;

typedef struct {
    char uuid[VIR_UUID_STRING_BUFLEN];
    int state;
    guint have;            /* DomusStatsGroup read for this guest */
    guint64 cpu_ns;
    guint vcpus;
    guint64 mem_used_kib;
    guint64 mem_total_kib;
    guint64 disk_bytes;
    guint64 net_bytes;
} PollSample;

typedef struct {
    GArray *samples;       /* PollSample */
    gint64 time_us;
    guint fallback;        /* groups read guest by guest */
    guint n_waiting;       /* guests that needed a per-guest read this tick */
    gboolean have_host_cpu;
    guint64 host_busy;
    guint64 host_total;
    gboolean have_host_memory;
    guint64 host_memory_total_kib;
    guint64 host_memory_used_kib;
    guint host_n_cpus;
} PollResult;

/* Guests read one by one (drivers without bulk statistics) cost a call per
 * group each, a network round trip on a remote host. Beyond the guests on
 * screen, at most this many are read per tick, in turn. */
#define FALLBACK_BUDGET 100

typedef struct {
    PollCache *cache;
    DomusStatsGroup groups;
    GHashTable *focus;     /* uuid strings read every tick, or NULL */
    guint offset;          /* where this tick's turn starts among the others */
} PollRequest;

struct _DomusPoller {
    GObject parent_instance;

    DomusConnection *conn;        /* owns us */
    guint interval;
    DomusStatsGroup groups;
    guint timeout_id;
    gboolean in_flight;
    guint n_ticks;
    DomusStatsGroup fallback;
    GHashTable *focus;            /* uuid -> uuid, guests on screen */
    guint offset;
    PollCache *cache;
    DomusHostStats host;
    GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (DomusPoller, domus_poller, G_TYPE_OBJECT)

enum {
    PROP_0,
    PROP_INTERVAL,
    PROP_GROUPS,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
    UPDATED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
device_list_free (DeviceList *list)
{
    g_ptr_array_unref (list->disks);
    g_ptr_array_unref (list->nics);
    g_free (list);
}

static PollCache *
poll_cache_ref (PollCache *cache)
{
    g_atomic_ref_count_inc (&cache->ref);
    return cache;
}

static void
poll_cache_unref (PollCache *cache)
{
    if (!g_atomic_ref_count_dec (&cache->ref))
        return;
    g_hash_table_unref (cache->devices);
    g_free (cache);
}

static void
poll_request_free (PollRequest *req)
{
    poll_cache_unref (req->cache);
    g_clear_pointer (&req->focus, g_hash_table_unref);
    g_free (req);
}

static void
poll_result_free (PollResult *res)
{
    g_array_unref (res->samples);
    g_free (res);
}

/* ---- worker thread ------------------------------------------------------ */

static DeviceList *
device_list_for (PollCache *cache, virDomainPtr dom, const char *uuid)
{
    DeviceList *list = g_hash_table_lookup (cache->devices, uuid);
    char *xml;
    xmlDocPtr doc;

    if (list != NULL)
        return list;

    list = g_new0 (DeviceList, 1);
    list->disks = g_ptr_array_new_with_free_func (g_free);
    list->nics = g_ptr_array_new_with_free_func (g_free);
    xml = virDomainGetXMLDesc (dom, 0);
    doc = xml != NULL ? domus_xml_parse (xml, NULL) : NULL;
    if (doc != NULL) {
        xmlXPathContextPtr ctx = xmlXPathNewContext (doc);

        domus_xml_collect_strings (ctx, "/domain/devices/disk[not(@device) or @device='disk']"
                            "/target/@dev", list->disks);
        domus_xml_collect_strings (ctx, "/domain/devices/interface/target/@dev", list->nics);
        xmlXPathFreeContext (ctx);
        xmlFreeDoc (doc);
    }
    free (xml);
    virResetLastError ();
    g_hash_table_insert (cache->devices, g_strdup (uuid), list);
    return list;
}

static void
read_record (virDomainStatsRecordPtr rec, PollSample *s)
{
    guint64 balloon_current = 0, balloon_max = 0, rss = 0, unused = 0, available = 0;
    gboolean have_current = FALSE, have_unused = FALSE, have_available = FALSE;
    gboolean have_rss = FALSE;

    for (int p = 0; p < rec->nparams; p++) {
        virTypedParameterPtr param = &rec->params[p];
        const char *f = param->field;
        guint64 v = param->type == VIR_TYPED_PARAM_ULLONG ? param->value.ul
                  : param->type == VIR_TYPED_PARAM_UINT ? param->value.ui
                  : param->type == VIR_TYPED_PARAM_INT ? (guint64) MAX (param->value.i, 0)
                  : param->type == VIR_TYPED_PARAM_LLONG ? (guint64) MAX (param->value.l, 0)
                  : 0;

        if (g_str_equal (f, "state.state")) {
            s->state = (int) v;
        } else if (g_str_equal (f, "cpu.time")) {
            s->cpu_ns = v;
            s->have |= DOMUS_STATS_GROUP_CPU;
        } else if (g_str_equal (f, "vcpu.current")) {
            s->vcpus = (guint) v;
        } else if (g_str_equal (f, "balloon.current")) {
            balloon_current = v;
            have_current = TRUE;
        } else if (g_str_equal (f, "balloon.maximum")) {
            balloon_max = v;
        } else if (g_str_equal (f, "balloon.rss")) {
            rss = v;
            have_rss = TRUE;
        } else if (g_str_equal (f, "balloon.unused")) {
            unused = v;
            have_unused = TRUE;
        } else if (g_str_equal (f, "balloon.available")) {
            available = v;
            have_available = TRUE;
        } else if (g_str_has_prefix (f, "block.") &&
                   (g_str_has_suffix (f, ".rd.bytes") || g_str_has_suffix (f, ".wr.bytes"))) {
            s->disk_bytes += v;
            s->have |= DOMUS_STATS_GROUP_DISK;
        } else if (g_str_equal (f, "block.count")) {
            s->have |= DOMUS_STATS_GROUP_DISK;
        } else if (g_str_has_prefix (f, "net.") &&
                   (g_str_has_suffix (f, ".rx.bytes") || g_str_has_suffix (f, ".tx.bytes"))) {
            s->net_bytes += v;
            s->have |= DOMUS_STATS_GROUP_NET;
        } else if (g_str_equal (f, "net.count")) {
            s->have |= DOMUS_STATS_GROUP_NET;
        }
    }

    /* Memory in use, best figure first: what the guest itself reports
     * (balloon driver), else what the host process holds, else allocation. */
    if (have_available && have_unused && available > 0) {
        s->mem_total_kib = available;
        s->mem_used_kib = available > unused ? available - unused : 0;
        s->have |= DOMUS_STATS_GROUP_MEMORY;
    } else if (have_rss && have_current && balloon_current > 0) {
        s->mem_total_kib = balloon_current;
        s->mem_used_kib = MIN (rss, balloon_current);
        s->have |= DOMUS_STATS_GROUP_MEMORY;
    } else if (have_current && balloon_max > 0) {
        s->mem_total_kib = balloon_max;
        s->mem_used_kib = balloon_current;
        s->have |= DOMUS_STATS_GROUP_MEMORY;
    }
}

static gboolean
is_active_state (int state)
{
    return state != VIR_DOMAIN_SHUTOFF && state != VIR_DOMAIN_NOSTATE;
}

/* The groups the bulk call left out, read guest by guest. */
static guint
read_fallback (PollCache *cache, virDomainPtr dom, PollSample *s, guint missing)
{
    guint done = 0;

    if (missing & (DOMUS_STATS_GROUP_CPU | DOMUS_STATS_GROUP_MEMORY)) {
        virDomainInfo info;

        if (virDomainGetInfo (dom, &info) == 0) {
            if (missing & DOMUS_STATS_GROUP_CPU) {
                s->cpu_ns = info.cpuTime;
                s->vcpus = info.nrVirtCpu;
                done |= DOMUS_STATS_GROUP_CPU;
            }
            if (missing & DOMUS_STATS_GROUP_MEMORY && info.maxMem > 0) {
                s->mem_total_kib = info.maxMem;
                s->mem_used_kib = info.memory;
                done |= DOMUS_STATS_GROUP_MEMORY;
            }
        }
    }
    if (missing & (DOMUS_STATS_GROUP_DISK | DOMUS_STATS_GROUP_NET)) {
        DeviceList *devs = device_list_for (cache, dom, s->uuid);

        if (missing & DOMUS_STATS_GROUP_DISK) {
            for (guint i = 0; i < devs->disks->len; i++) {
                virDomainBlockStatsStruct st;

                if (virDomainBlockStats (dom, g_ptr_array_index (devs->disks, i),
                                         &st, sizeof st) == 0)
                    s->disk_bytes += MAX (st.rd_bytes, 0) + MAX (st.wr_bytes, 0);
            }
            done |= DOMUS_STATS_GROUP_DISK;
        }
        if (missing & DOMUS_STATS_GROUP_NET) {
            for (guint i = 0; i < devs->nics->len; i++) {
                virDomainInterfaceStatsStruct st;

                if (virDomainInterfaceStats (dom, g_ptr_array_index (devs->nics, i),
                                             &st, sizeof st) == 0)
                    s->net_bytes += MAX (st.rx_bytes, 0) + MAX (st.tx_bytes, 0);
            }
            done |= DOMUS_STATS_GROUP_NET;
        }
    }
    virResetLastError ();
    return done;
}

static void
read_host (virConnectPtr conn, PollCache *cache, PollResult *res, DomusStatsGroup groups)
{
    int n = 0;

    if (cache->n_cpus == 0) {
        virNodeInfo info;

        if (virNodeGetInfo (conn, &info) == 0) {
            cache->n_cpus = info.cpus;
            cache->memory_kib = info.memory;
        }
    }
    res->host_n_cpus = cache->n_cpus;

    if ((groups & DOMUS_STATS_GROUP_CPU) &&
        virNodeGetCPUStats (conn, VIR_NODE_CPU_STATS_ALL_CPUS, NULL, &n, 0) == 0 && n > 0) {
        g_autofree virNodeCPUStatsPtr params = g_new0 (virNodeCPUStats, n);

        if (virNodeGetCPUStats (conn, VIR_NODE_CPU_STATS_ALL_CPUS, params, &n, 0) == 0) {
            for (int i = 0; i < n; i++) {
                res->host_total += params[i].value;
                if (!g_str_equal (params[i].field, VIR_NODE_CPU_STATS_IDLE) &&
                    !g_str_equal (params[i].field, VIR_NODE_CPU_STATS_IOWAIT))
                    res->host_busy += params[i].value;
            }
            res->have_host_cpu = TRUE;
        }
    }

    n = 0;
    if (virNodeGetMemoryStats (conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, NULL, &n, 0) == 0 &&
        n > 0) {
        g_autofree virNodeMemoryStatsPtr params = g_new0 (virNodeMemoryStats, n);
        guint64 total = 0, avail = 0;

        if (virNodeGetMemoryStats (conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, params, &n, 0) == 0) {
            for (int i = 0; i < n; i++) {
                if (g_str_equal (params[i].field, VIR_NODE_MEMORY_STATS_TOTAL))
                    total = params[i].value;
                else if (g_str_equal (params[i].field, VIR_NODE_MEMORY_STATS_FREE) ||
                         g_str_equal (params[i].field, VIR_NODE_MEMORY_STATS_BUFFERS) ||
                         g_str_equal (params[i].field, VIR_NODE_MEMORY_STATS_CACHED))
                    avail += params[i].value;
            }
            if (total > 0) {
                res->host_memory_total_kib = total;
                res->host_memory_used_kib = total > avail ? total - avail : 0;
                res->have_host_memory = TRUE;
            }
        }
    } else if (cache->memory_kib > 0) {
        /* Drivers without memory stats (the test driver): free memory only. */
        unsigned long long free_bytes = virNodeGetFreeMemory (conn);

        if (free_bytes > 0) {
            res->host_memory_total_kib = cache->memory_kib;
            res->host_memory_used_kib = cache->memory_kib > free_bytes / 1024
                                      ? cache->memory_kib - free_bytes / 1024 : 0;
            res->have_host_memory = TRUE;
        }
    }
    virResetLastError ();
}

static void
poll_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    PollRequest *req = task_data;
    unsigned int flags = VIR_DOMAIN_STATS_STATE;
    virDomainStatsRecordPtr *records = NULL;
    PollResult *res;
    int n;

    if (req->groups & DOMUS_STATS_GROUP_CPU)
        flags |= VIR_DOMAIN_STATS_CPU_TOTAL | VIR_DOMAIN_STATS_VCPU;
    if (req->groups & DOMUS_STATS_GROUP_MEMORY)
        flags |= VIR_DOMAIN_STATS_BALLOON;
    if (req->groups & DOMUS_STATS_GROUP_DISK)
        flags |= VIR_DOMAIN_STATS_BLOCK;
    if (req->groups & DOMUS_STATS_GROUP_NET)
        flags |= VIR_DOMAIN_STATS_INTERFACE;

    n = virConnectGetAllDomainStats (conn, flags, &records, 0);
    if (n < 0) {
        GError *error = NULL;

        domus_set_error_from_libvirt (&error, _("Reading the guests’ statistics failed"));
        g_task_return_error (task, error);
        return;
    }

    res = g_new0 (PollResult, 1);
    res->samples = g_array_sized_new (FALSE, TRUE, sizeof (PollSample), n);
    for (int i = 0; i < n; i++) {
        PollSample s = { 0 };
        guint missing;

        virDomainGetUUIDString (records[i]->dom, s.uuid);
        read_record (records[i], &s);
        missing = req->groups & ~s.have;
        if (is_active_state (s.state) && missing != 0) {
            /* On screen: every tick. Others: FALLBACK_BUDGET per tick, in turn. */
            guint turn = res->n_waiting++;
            gboolean focused = req->focus != NULL &&
                               g_hash_table_contains (req->focus, s.uuid);

            if (focused || (turn >= req->offset && turn < req->offset + FALLBACK_BUDGET))
                s.have |= read_fallback (req->cache, records[i]->dom, &s, missing);
            res->fallback |= missing;
        }
        g_array_append_val (res->samples, s);
    }
    virDomainStatsRecordListFree (records);

    read_host (conn, req->cache, res, req->groups);
    res->time_us = g_get_monotonic_time ();
    g_task_return_pointer (task, res, (GDestroyNotify) poll_result_free);
}

/* ---- main thread -------------------------------------------------------- */

static void
apply_sample (DomusPoller *self, const PollSample *s, gint64 time_us, guint host_n_cpus)
{
    DomusDomain *domain = domus_connection_lookup_domain (self->conn, s->uuid);
    DomusDomainStats *st;
    double dt;
    guint have_both;
    gboolean active;

    if (domain == NULL)
        return;   /* appeared since; its event brings it */
    st = domus_domain_get_stats (domain);
    active = is_active_state (s->state);
    /* A running guest whose groups were not read this tick (its turn will
     * come) keeps its last counters; the next rate covers the whole gap. */
    if (active && (s->have & self->groups) == 0 && self->groups != 0)
        return;
    dt = (time_us - st->prev_time_us) / (double) G_USEC_PER_SEC;
    have_both = st->have_prev & s->have;

    if (self->groups & DOMUS_STATS_GROUP_CPU) {
        double cpu = 0, host_cpu = 0;

        /* Paused or off, by this reading or by the events since, a guest
         * runs no vCPU whatever its counter says (the test driver's is
         * the wall clock). */
        if ((have_both & DOMUS_STATS_GROUP_CPU) &&
            domus_domain_state_runs_vcpus ((DomusDomainState) s->state) &&
            domus_domain_state_runs_vcpus (domus_domain_get_state (domain))) {
            cpu = domus_stats_cpu_percent (st->prev_cpu_ns, s->cpu_ns, dt, MAX (s->vcpus, 1));
            host_cpu = domus_stats_cpu_percent (st->prev_cpu_ns, s->cpu_ns, dt,
                                                MAX (host_n_cpus, 1));
        }
        domus_stats_ring_push (&st->cpu, DOMUS_STATS_SCALE_PERCENT, cpu);
        domus_stats_ring_push (&st->host_cpu, DOMUS_STATS_SCALE_PERCENT, host_cpu);
    }
    if (self->groups & DOMUS_STATS_GROUP_MEMORY) {
        double pct = 0;

        if ((s->have & DOMUS_STATS_GROUP_MEMORY) && s->mem_total_kib > 0)
            pct = 100.0 * s->mem_used_kib / s->mem_total_kib;
        st->memory_used_kib = s->mem_used_kib;
        st->memory_total_kib = s->mem_total_kib;
        domus_stats_ring_push (&st->memory, DOMUS_STATS_SCALE_PERCENT, pct);
    }
    if (self->groups & DOMUS_STATS_GROUP_DISK) {
        double rate = (have_both & DOMUS_STATS_GROUP_DISK)
                    ? domus_stats_rate (st->prev_disk_bytes, s->disk_bytes, dt) : 0;

        domus_stats_ring_push (&st->disk, DOMUS_STATS_SCALE_RATE, rate);
    }
    if (self->groups & DOMUS_STATS_GROUP_NET) {
        double rate = (have_both & DOMUS_STATS_GROUP_NET)
                    ? domus_stats_rate (st->prev_net_bytes, s->net_bytes, dt) : 0;

        domus_stats_ring_push (&st->net, DOMUS_STATS_SCALE_RATE, rate);
    }

    if (s->vcpus > 0)
        st->vcpus = s->vcpus;
    st->prev_time_us = time_us;
    st->prev_cpu_ns = s->cpu_ns;
    st->prev_disk_bytes = s->disk_bytes;
    st->prev_net_bytes = s->net_bytes;
    st->have_prev = s->have;
}

static void
apply_host (DomusPoller *self, const PollResult *res)
{
    DomusHostStats *h = &self->host;

    h->n_cpus = res->host_n_cpus;
    if (res->have_host_cpu) {
        double pct = 0;

        if (h->have_prev && res->host_total > h->prev_total)
            pct = 100.0 * (res->host_busy - MIN (h->prev_busy, res->host_busy)) /
                  (res->host_total - h->prev_total);
        domus_stats_ring_push (&h->cpu, DOMUS_STATS_SCALE_PERCENT, pct);
        h->prev_busy = res->host_busy;
        h->prev_total = res->host_total;
        h->have_prev = TRUE;
    }
    if (res->have_host_memory) {
        h->memory_total_kib = res->host_memory_total_kib;
        h->memory_used_kib = res->host_memory_used_kib;
        domus_stats_ring_push (&h->memory, DOMUS_STATS_SCALE_PERCENT,
                               100.0 * res->host_memory_used_kib / res->host_memory_total_kib);
    }
}

static void
poll_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    PollResult *res = g_task_propagate_pointer (G_TASK (result), &error);
    DomusPoller *self;

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = DOMUS_POLLER (user_data);
    self->in_flight = FALSE;
    if (res == NULL) {
        g_debug ("%s", error->message);
        return;
    }

    for (guint i = 0; i < res->samples->len; i++)
        apply_sample (self, &g_array_index (res->samples, PollSample, i), res->time_us,
                      res->host_n_cpus);
    apply_host (self, res);
    self->fallback = res->fallback;
    self->offset = self->offset + FALLBACK_BUDGET < res->n_waiting
                 ? self->offset + FALLBACK_BUDGET : 0;
    self->n_ticks++;
    poll_result_free (res);
    g_signal_emit (self, signals[UPDATED], 0);
}

gboolean
domus_poller_tick (DomusPoller *self)
{
    PollRequest *req;

    g_return_val_if_fail (DOMUS_IS_POLLER (self), FALSE);

    if (self->in_flight)
        return FALSE;
    if (domus_connection_get_state (self->conn) != DOMUS_CONNECTION_STATE_CONNECTED &&
        domus_connection_get_state (self->conn) != DOMUS_CONNECTION_STATE_NOT_RESPONDING)
        return FALSE;

    req = g_new0 (PollRequest, 1);
    req->cache = poll_cache_ref (self->cache);
    req->groups = self->groups;
    req->offset = self->offset;
    if (self->focus != NULL && g_hash_table_size (self->focus) > 0) {
        GHashTableIter iter;
        gpointer key;

        req->focus = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        g_hash_table_iter_init (&iter, self->focus);
        while (g_hash_table_iter_next (&iter, &key, NULL))
            g_hash_table_add (req->focus, g_strdup (key));
    }
    self->in_flight = TRUE;
    domus_connection_run_job (self->conn, poll_job, req, (GDestroyNotify) poll_request_free,
                              self->cancellable, poll_done_cb, self);
    return TRUE;
}

static gboolean
tick_cb (gpointer data)
{
    domus_poller_tick (data);
    return G_SOURCE_CONTINUE;
}

static void
domus_poller_restart_timer (DomusPoller *self)
{
    DomusConnectionState state = domus_connection_get_state (self->conn);

    g_clear_handle_id (&self->timeout_id, g_source_remove);
    if (state == DOMUS_CONNECTION_STATE_CONNECTED ||
        state == DOMUS_CONNECTION_STATE_NOT_RESPONDING) {
        self->timeout_id = g_timeout_add_seconds (self->interval, tick_cb, self);
        if (state == DOMUS_CONNECTION_STATE_CONNECTED)
            domus_poller_tick (self);
    }
}

static void
connection_state_cb (DomusConnection *conn, GParamSpec *pspec, gpointer user_data)
{
    DomusPoller *self = user_data;

    if (domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_NOT_RESPONDING)
        return;   /* keep the timer: tick skips while the last poll is out */
    if (domus_connection_get_state (conn) != DOMUS_CONNECTION_STATE_CONNECTED) {
        /* A new session starts its counters afresh. */
        self->in_flight = FALSE;
        self->host.have_prev = FALSE;
    }
    domus_poller_restart_timer (self);
}

static void
domus_poller_dispose (GObject *object)
{
    DomusPoller *self = DOMUS_POLLER (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_handle_id (&self->timeout_id, g_source_remove);
    if (self->conn != NULL) {
        g_signal_handlers_disconnect_by_func (self->conn, connection_state_cb, self);
        self->conn = NULL;
    }
    G_OBJECT_CLASS (domus_poller_parent_class)->dispose (object);
}

static void
domus_poller_finalize (GObject *object)
{
    DomusPoller *self = DOMUS_POLLER (object);

    g_clear_object (&self->cancellable);
    g_clear_pointer (&self->cache, poll_cache_unref);
    g_clear_pointer (&self->focus, g_hash_table_unref);
    domus_stats_ring_clear (&self->host.cpu);
    domus_stats_ring_clear (&self->host.memory);
    G_OBJECT_CLASS (domus_poller_parent_class)->finalize (object);
}

static void
domus_poller_get_property (GObject *object, guint prop_id, GValue *value,
                           GParamSpec *pspec)
{
    DomusPoller *self = DOMUS_POLLER (object);

    switch (prop_id) {
    case PROP_INTERVAL:
        g_value_set_uint (value, self->interval);
        break;
    case PROP_GROUPS:
        g_value_set_flags (value, self->groups);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_poller_set_property (GObject *object, guint prop_id, const GValue *value,
                           GParamSpec *pspec)
{
    DomusPoller *self = DOMUS_POLLER (object);

    switch (prop_id) {
    case PROP_INTERVAL:
        domus_poller_set_interval (self, g_value_get_uint (value));
        break;
    case PROP_GROUPS:
        domus_poller_set_groups (self, g_value_get_flags (value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_poller_class_init (DomusPollerClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = domus_poller_dispose;
    object_class->finalize = domus_poller_finalize;
    object_class->get_property = domus_poller_get_property;
    object_class->set_property = domus_poller_set_property;

    /* Seconds between two ticks; the application binds it to the
     * `poll-interval` setting. */
    properties[PROP_INTERVAL] =
        g_param_spec_uint ("interval", NULL, NULL, 1, 60, 3,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS);
    /* What each tick asks for; the application binds it to the
     * `visible-columns` setting. */
    properties[PROP_GROUPS] =
        g_param_spec_flags ("groups", NULL, NULL, DOMUS_TYPE_STATS_GROUP,
                            DOMUS_STATS_GROUP_CPU | DOMUS_STATS_GROUP_MEMORY,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                            G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
domus_poller_init (DomusPoller *self)
{
    self->interval = 3;
    self->groups = DOMUS_STATS_GROUP_CPU | DOMUS_STATS_GROUP_MEMORY;
    self->cancellable = g_cancellable_new ();
    self->cache = g_new0 (PollCache, 1);
    g_atomic_ref_count_init (&self->cache->ref);
    self->cache->devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                  (GDestroyNotify) device_list_free);
}

/* Called by DomusConnection, which owns the poller and outlives it. */
DomusPoller *
domus_poller_new (DomusConnection *conn)
{
    DomusPoller *self = g_object_new (DOMUS_TYPE_POLLER, NULL);

    self->conn = conn;
    g_signal_connect (conn, "notify::state", G_CALLBACK (connection_state_cb), self);
    return self;
}

void
domus_poller_set_interval (DomusPoller *self, guint seconds)
{
    g_return_if_fail (DOMUS_IS_POLLER (self));

    seconds = CLAMP (seconds, 1, 60);
    if (self->interval == seconds)
        return;
    self->interval = seconds;
    if (self->timeout_id != 0)
        domus_poller_restart_timer (self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

guint
domus_poller_get_interval (DomusPoller *self)
{
    g_return_val_if_fail (DOMUS_IS_POLLER (self), 0);
    return self->interval;
}

void
domus_poller_set_groups (DomusPoller *self, DomusStatsGroup groups)
{
    g_return_if_fail (DOMUS_IS_POLLER (self));

    if (self->groups == groups)
        return;
    self->groups = groups;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUPS]);
}

DomusStatsGroup
domus_poller_get_groups (DomusPoller *self)
{
    g_return_val_if_fail (DOMUS_IS_POLLER (self), 0);
    return self->groups;
}

const DomusHostStats *
domus_poller_get_host_stats (DomusPoller *self)
{
    g_return_val_if_fail (DOMUS_IS_POLLER (self), NULL);
    return &self->host;
}

guint
domus_poller_get_n_ticks (DomusPoller *self)
{
    g_return_val_if_fail (DOMUS_IS_POLLER (self), 0);
    return self->n_ticks;
}

void
domus_poller_set_focus (DomusPoller *self, const char *const *uuids)
{
    g_return_if_fail (DOMUS_IS_POLLER (self));

    g_clear_pointer (&self->focus, g_hash_table_unref);
    if (uuids == NULL || uuids[0] == NULL)
        return;
    self->focus = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; uuids[i] != NULL; i++)
        g_hash_table_add (self->focus, g_strdup (uuids[i]));
}

DomusStatsGroup
domus_poller_get_fallback_groups (DomusPoller *self)
{
    g_return_val_if_fail (DOMUS_IS_POLLER (self), 0);
    return self->fallback;
}
