/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusPoller against libvirt's test driver, which answers the bulk stats
 * call with "state" only: the poller notices, reads the other groups guest
 * by guest, and fills each guest's rings with rates.
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>

#include "domus-connection.h"
#include "domus-libvirt.h"
#include "domus-domain-actions.h"
#include "domus-test-domains.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

static void
count_cb (DomusPoller *poller, gpointer user_data)
{
    (*(int *) user_data)++;
}

static void
test_fallback_fills_rings (void)
{
    g_autoptr(DomusConnection) conn = domus_connection_new ("test:///default");
    DomusPoller *poller = domus_connection_get_poller (conn);
    DomusStatsGroup all = DOMUS_STATS_GROUP_CPU | DOMUS_STATS_GROUP_MEMORY |
                          DOMUS_STATS_GROUP_DISK | DOMUS_STATS_GROUP_NET;
    DomusDomainStats *st;
    int updates = 0;

    domus_poller_set_interval (poller, 1);
    domus_poller_set_groups (poller, all);
    g_signal_connect (poller, "updated", G_CALLBACK (count_cb), &updates);
    domus_connection_connect (conn);

    DOMUS_TEST_WAIT_UNTIL (domus_poller_get_n_ticks (poller) >= 3, TIMEOUT_S,
                           "three poll ticks");
    g_assert_cmpint (updates, ==, (int) domus_poller_get_n_ticks (poller));
    /* The test driver's bulk call has only "state". */
    g_assert_cmpuint (domus_poller_get_fallback_groups (poller), ==, all);

    st = domus_domain_get_stats (domus_test_find_domain (conn, "test"));
    g_assert_cmpuint (domus_stats_ring_get_len (&st->cpu), >=, 3);
    g_assert_cmpuint (domus_stats_ring_get_len (&st->memory), >=, 3);
    g_assert_cmpuint (st->vcpus, ==, 2);
    /* The test driver's cpu.time is the wall clock: one CPU's worth of
     * time per second, over 2 vCPUs. */
    g_assert_cmpfloat_with_epsilon (domus_stats_ring_get (&st->cpu, DOMUS_STATS_SCALE_PERCENT, 0),
                                    50.0, 5.0);
    /* 2 GiB current of 8 GiB. */
    g_assert_cmpfloat_with_epsilon (
        domus_stats_ring_get (&st->memory, DOMUS_STATS_SCALE_PERCENT, 0), 25.0, 1e-6);
    g_assert_cmpuint (st->memory_total_kib, ==, 8388608);
    /* Its block and interface counters grow with time too. */
    g_assert_cmpfloat (domus_stats_ring_get (&st->disk, DOMUS_STATS_SCALE_RATE, 0), >, 0);
    g_assert_cmpfloat (domus_stats_ring_get (&st->net, DOMUS_STATS_SCALE_RATE, 0), >, 0);

    g_assert_cmpuint (domus_poller_get_host_stats (poller)->n_cpus, >, 0);
}

static void
test_only_asked_groups (void)
{
    g_autoptr(DomusConnection) conn = domus_connection_new ("test:///default");
    DomusPoller *poller = domus_connection_get_poller (conn);
    DomusDomainStats *st;

    domus_poller_set_interval (poller, 1);
    domus_poller_set_groups (poller, DOMUS_STATS_GROUP_MEMORY);
    domus_connection_connect (conn);
    DOMUS_TEST_WAIT_UNTIL (domus_poller_get_n_ticks (poller) >= 2, TIMEOUT_S, "two ticks");

    g_assert_cmpuint (domus_poller_get_fallback_groups (poller), ==, DOMUS_STATS_GROUP_MEMORY);
    st = domus_domain_get_stats (domus_test_find_domain (conn, "test"));
    g_assert_cmpuint (domus_stats_ring_get_len (&st->memory), >=, 2);
    g_assert_cmpuint (domus_stats_ring_get_len (&st->cpu), ==, 0);
    g_assert_cmpuint (domus_stats_ring_get_len (&st->disk), ==, 0);
    g_assert_cmpuint (domus_stats_ring_get_len (&st->net), ==, 0);
}

/* Where guests are read one by one, a tick reads the guests on screen and
 * a bounded share of the others, in turn: all are read within a few ticks. */
static void
test_per_guest_reads_in_turn (void)
{
    g_autofree char *dir = g_dir_make_tmp ("domus-poller-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "host.xml", NULL);
    g_autoptr(GString) xml = g_string_new ("<node>\n");
    g_autofree char *uri = NULL;
    g_autoptr(DomusConnection) conn = NULL;
    DomusPoller *poller;
    const guint n = 250;
    const char *focus[] = { NULL, NULL };
    g_autoptr(DomusDomain) on_screen = NULL;
    guint sampled;

    for (guint i = 0; i < n; i++)
        g_string_append_printf (xml,
            "<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>"
            "<name>g%03u</name><uuid>00000000-0000-4000-8000-%012u</uuid>"
            "<memory>65536</memory><os><type>hvm</type></os>"
            "<test:runstate>1</test:runstate></domain>\n", i, i);
    g_string_append (xml, "</node>\n");
    g_assert_true (g_file_set_contents (path, xml->str, -1, NULL));
    uri = g_strconcat ("test://", path, NULL);

    conn = domus_connection_new (uri);
    poller = domus_connection_get_poller (conn);
    domus_poller_set_interval (poller, 60);   /* ticks by hand */
    domus_poller_set_groups (poller, DOMUS_STATS_GROUP_NONE);
    domus_connection_connect (conn);
    DOMUS_TEST_WAIT_UNTIL (domus_poller_get_n_ticks (poller) == 1, TIMEOUT_S, "the first tick");

    /* On screen: the guest read last in turn (the list keeps libvirt's order). */
    {
        g_autoptr(DomusDomain) last = g_list_model_get_item (domus_connection_get_domains (conn),
                                                             n - 1);

        on_screen = g_object_ref (last);
        focus[0] = domus_domain_get_uuid (last);
    }
    domus_poller_set_focus (poller, focus);
    domus_poller_set_groups (poller, DOMUS_STATS_GROUP_CPU);
    g_assert_true (domus_poller_tick (poller));
    DOMUS_TEST_WAIT_UNTIL (domus_poller_get_n_ticks (poller) == 2, TIMEOUT_S, "a tick");

    /* The first 100 in turn, and the one on screen. */
    sampled = 0;
    for (guint i = 0; i < n; i++) {
        g_autoptr(DomusDomain) d = g_list_model_get_item (domus_connection_get_domains (conn), i);

        sampled += domus_stats_ring_get_len (&domus_domain_get_stats (d)->cpu) > 0;
    }
    g_assert_cmpuint (sampled, ==, 101);

    for (guint t = 3; t <= 4; t++) {
        g_assert_true (domus_poller_tick (poller));
        DOMUS_TEST_WAIT_UNTIL (domus_poller_get_n_ticks (poller) == t, TIMEOUT_S, "a tick");
    }
    /* After three ticks every guest has been read; the one on screen thrice. */
    for (guint i = 0; i < n; i++) {
        g_autoptr(DomusDomain) d = g_list_model_get_item (domus_connection_get_domains (conn), i);

        g_assert_cmpuint (domus_stats_ring_get_len (&domus_domain_get_stats (d)->cpu), >, 0);
    }
    g_assert_cmpuint (domus_stats_ring_get_len (&domus_domain_get_stats (on_screen)->cpu), ==, 3);

    g_unlink (path);
    g_rmdir (dir);
}

static void
action_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;

    g_assert_true (domus_domain_action_finish (DOMUS_CONNECTION (source), result, &error));
    g_assert_no_error (error);
    (*(int *) user_data)++;
}

static void
tick_and_wait (DomusPoller *poller)
{
    guint ticks = domus_poller_get_n_ticks (poller);

    g_assert_true (domus_poller_tick (poller));
    DOMUS_TEST_WAIT_UNTIL (domus_poller_get_n_ticks (poller) == ticks + 1, TIMEOUT_S,
                           "a tick");
}

/* Runs ACTION on DOMAIN and waits for the event to bring STATE. */
static void
act_and_wait (DomusConnection *conn, DomusDomain *domain, DomusDomainAction action,
              DomusDomainState state)
{
    int done = 0;

    domus_domain_action_async (conn, domain, action, NULL, action_done_cb, &done);
    DOMUS_TEST_WAIT_UNTIL (done == 1 && domus_domain_get_state (domain) == state,
                           TIMEOUT_S, "the guest's new state");
}

static double
newest (const DomusStatsRing *ring)
{
    return domus_stats_ring_get (ring, DOMUS_STATS_SCALE_PERCENT, 0);
}

/* The test driver's cpu.time is the wall clock whatever the guest's state;
 * a guest that is paused or shut off runs no vCPU, so it shows none. */
static void
test_no_cpu_unless_running (void)
{
    g_autoptr(DomusConnection) conn = domus_connection_new ("test:///default");
    DomusPoller *poller = domus_connection_get_poller (conn);
    DomusDomain *domain;
    DomusDomainStats *st;

    domus_poller_set_interval (poller, 60);   /* ticks by hand */
    domus_poller_set_groups (poller, DOMUS_STATS_GROUP_CPU);
    domus_connection_connect (conn);
    DOMUS_TEST_WAIT_UNTIL (domus_poller_get_n_ticks (poller) == 1, TIMEOUT_S, "the first tick");
    domain = domus_test_find_domain (conn, "test");
    st = domus_domain_get_stats (domain);

    tick_and_wait (poller);
    g_assert_cmpfloat (newest (&st->cpu), >, 0);

    /* Paused: the tick across the pause and the ticks while paused. */
    act_and_wait (conn, domain, DOMUS_DOMAIN_ACTION_PAUSE, DOMUS_DOMAIN_STATE_PAUSED);
    for (guint i = 0; i < 2; i++) {
        tick_and_wait (poller);
        g_assert_cmpfloat (newest (&st->cpu), ==, 0);
        g_assert_cmpfloat (newest (&st->host_cpu), ==, 0);
    }

    /* Resumed, it counts again. */
    act_and_wait (conn, domain, DOMUS_DOMAIN_ACTION_RESUME, DOMUS_DOMAIN_STATE_RUNNING);
    tick_and_wait (poller);
    g_assert_cmpfloat (newest (&st->cpu), >, 0);

    act_and_wait (conn, domain, DOMUS_DOMAIN_ACTION_FORCE_OFF, DOMUS_DOMAIN_STATE_SHUTOFF);
    tick_and_wait (poller);
    g_assert_cmpfloat (newest (&st->cpu), ==, 0);
    g_assert_cmpfloat (newest (&st->host_cpu), ==, 0);
}

static void
test_groups_from_columns (void)
{
    const char *cols[] = { "guest-cpu", "disk-io", "bogus", NULL };
    const char *none[] = { NULL };

    g_assert_cmpuint (domus_stats_groups_from_columns (cols), ==,
                      DOMUS_STATS_GROUP_CPU | DOMUS_STATS_GROUP_DISK);
    g_assert_cmpuint (domus_stats_groups_from_columns (none), ==, DOMUS_STATS_GROUP_NONE);
}

static void
count_notify_cb (GObject *object, GParamSpec *pspec, gpointer user_data)
{
    (*(guint *) user_data)++;
}

/* Interval and groups are properties, so that the application binds them
 * to its settings; each says when it changed, and only then. */
static void
test_properties (void)
{
    g_autoptr(DomusConnection) conn = domus_connection_new ("test:///default");
    DomusPoller *poller = domus_connection_get_poller (conn);
    guint notified = 0;
    guint interval = 0;
    DomusStatsGroup groups = 0;

    g_signal_connect (poller, "notify", G_CALLBACK (count_notify_cb), &notified);
    g_object_set (poller, "interval", 7,
                  "groups", DOMUS_STATS_GROUP_DISK | DOMUS_STATS_GROUP_NET, NULL);
    g_assert_cmpuint (domus_poller_get_interval (poller), ==, 7);
    g_assert_cmpuint (domus_poller_get_groups (poller), ==,
                      DOMUS_STATS_GROUP_DISK | DOMUS_STATS_GROUP_NET);
    g_assert_cmpuint (notified, ==, 2);

    domus_poller_set_interval (poller, 7);
    domus_poller_set_groups (poller, DOMUS_STATS_GROUP_DISK | DOMUS_STATS_GROUP_NET);
    g_assert_cmpuint (notified, ==, 2);

    domus_poller_set_groups (poller, DOMUS_STATS_GROUP_CPU);
    g_object_get (poller, "interval", &interval, "groups", &groups, NULL);
    g_assert_cmpuint (interval, ==, 7);
    g_assert_cmpuint (groups, ==, DOMUS_STATS_GROUP_CPU);
    g_assert_cmpuint (notified, ==, 3);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();

    g_test_add_func ("/poller/fallback-fills-rings", test_fallback_fills_rings);
    g_test_add_func ("/poller/only-asked-groups", test_only_asked_groups);
    g_test_add_func ("/poller/groups-from-columns", test_groups_from_columns);
    g_test_add_func ("/poller/properties", test_properties);
    g_test_add_func ("/poller/per-guest-reads-in-turn", test_per_guest_reads_in_turn);
    g_test_add_func ("/poller/no-cpu-unless-running", test_no_cpu_unless_running);
    return g_test_run ();
}
