/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Evacuating a host against the test driver: the running guests of a host
 * (evacuate-host.xml: five running guests of 5000 to 700 KiB and one shut
 * off) with their memory, read by core, and the plan that sends each to
 * a destination by the free memory the destinations report
 * (test:///default has 3 MB free; the demo-like evacuate host says
 * nothing): spread over two, all that fit on one, none where nothing has
 * room, and everything on a host that does not say.
 */
#include "config.h"

#include <glib.h>

#include "domus-domain-migrate.h"
#include "domus-libvirt.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

typedef struct {
    DomusConnection *source;
    DomusConnection *small;     /* test:///default */
} Fixture;

static DomusConnection *
connect_to (const char *uri)
{
    DomusConnection *conn = domus_connection_new (uri);

    domus_poller_set_interval (domus_connection_get_poller (conn), 3600);
    domus_connection_connect (conn);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) ==
                           DOMUS_CONNECTION_STATE_CONNECTED, TIMEOUT_S, uri);
    return conn;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "integration",
                                                   "evacuate-host.xml", NULL);
    g_autofree char *uri = g_strconcat ("test://", path, NULL);

    f->source = connect_to (uri);
    f->small = connect_to ("test:///default");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    g_clear_object (&f->source);
    g_clear_object (&f->small);
}

static GPtrArray *
running_guests (Fixture *f)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    GPtrArray *guests;

    domus_migrate_list_running_async (f->source, NULL, domus_test_keep_result_cb, &result);
    DOMUS_TEST_WAIT_UNTIL (result != NULL, TIMEOUT_S, "the running guests");
    guests = domus_migrate_list_running_finish (f->source, result, &error);
    g_assert_no_error (error);
    return guests;
}

static guint64
free_memory (DomusConnection *conn)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusMigrateHost) host = NULL;

    domus_migrate_query_host_async (conn, NULL, NULL, domus_test_keep_result_cb, &result);
    DOMUS_TEST_WAIT_UNTIL (result != NULL, TIMEOUT_S, "what the host offers");
    host = domus_migrate_query_host_finish (conn, result, &error);
    g_assert_no_error (error);
    return host->free_memory_kib;
}

/* "name>dest name>dest …" in the guests' order. */
static char *
plan_text (GPtrArray *guests)
{
    GString *text = g_string_new (NULL);

    for (guint i = 0; i < guests->len; i++) {
        DomusEvacuationItem *item = g_ptr_array_index (guests, i);

        g_string_append_printf (text, "%s%s>%d", i > 0 ? " " : "", item->name, item->dest);
    }
    return g_string_free (text, FALSE);
}

static void
test_running_guests (Fixture *f, gconstpointer data)
{
    g_autoptr(GPtrArray) guests = running_guests (f);
    g_autofree char *text = plan_text (guests);
    DomusEvacuationItem *first;

    g_assert_cmpstr (text, ==, "big>-1 web>-1 db>-1 mail>-1 dns>-1");
    first = g_ptr_array_index (guests, 0);
    g_assert_cmpuint (first->memory_kib, ==, 5000);
    g_assert_nonnull (domus_connection_lookup_domain (f->source, first->uuid));
}

static void
test_plans (Fixture *f, gconstpointer data)
{
    g_autoptr(GPtrArray) guests = running_guests (f);
    guint64 small = free_memory (f->small);
    guint64 unknown = free_memory (f->source);
    guint64 two[] = { small, small };
    g_autofree char *spread = NULL;
    g_autofree char *one = NULL;
    g_autofree char *none = NULL;
    g_autofree char *anywhere = NULL;
    g_autofree char *mixed = NULL;

    g_assert_cmpuint (small, ==, 3072);
    g_assert_cmpuint (unknown, ==, 0);

    /* Over two: each guest where the most room is left. */
    domus_migrate_plan_evacuation (guests, two, 2);
    spread = plan_text (guests);
    g_assert_cmpstr (spread, ==, "big>-1 web>0 db>1 mail>1 dns>0");

    /* One destination takes what fits, the largest first. */
    domus_migrate_plan_evacuation (guests, two, 1);
    one = plan_text (guests);
    g_assert_cmpstr (one, ==, "big>-1 web>0 db>0 mail>-1 dns>-1");

    domus_migrate_plan_evacuation (guests, NULL, 0);
    none = plan_text (guests);
    g_assert_cmpstr (none, ==, "big>-1 web>-1 db>-1 mail>-1 dns>-1");

    /* A host that does not say takes everything. */
    domus_migrate_plan_evacuation (guests, &unknown, 1);
    anywhere = plan_text (guests);
    g_assert_cmpstr (anywhere, ==, "big>0 web>0 db>0 mail>0 dns>0");

    {
        guint64 both[] = { small, unknown };

        domus_migrate_plan_evacuation (guests, both, 2);
        mixed = plan_text (guests);
        g_assert_cmpstr (mixed, ==, "big>1 web>1 db>1 mail>1 dns>1");
    }
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();
    g_test_add ("/migrate-plan/running-guests", Fixture, NULL, fixture_setup,
                test_running_guests, fixture_teardown);
    g_test_add ("/migrate-plan/plans", Fixture, NULL, fixture_setup, test_plans,
                fixture_teardown);
    return g_test_run ();
}
