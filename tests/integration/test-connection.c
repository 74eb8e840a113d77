/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusConnection against libvirt's test driver: opening, listing, lifecycle
 * events that update the guest list without any polling, failures that keep
 * libvirt's message, and disconnecting.
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt.h"
#include "domus-libvirt-private.h"
#include "domus-test-domains.h"
#include "domus-test-util.h"
#include "domus-test-worker.h"

#define TIMEOUT_S 60

static DomusConnection *
connect_and_wait (const char *uri)
{
    DomusConnection *conn = domus_connection_new (uri);

    domus_connection_connect (conn);
    g_assert_cmpint (domus_connection_get_state (conn), ==,
                     DOMUS_CONNECTION_STATE_CONNECTING);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) !=
                           DOMUS_CONNECTION_STATE_CONNECTING, TIMEOUT_S,
                           "the connection to finish opening");
    return conn;
}

static void
test_demo_host (void)
{
    g_autofree char *uri = g_strconcat ("test://", DOMUS_SOURCE_DATADIR,
                                        "/demo/demo-host.xml", NULL);
    g_autoptr(DomusConnection) conn = connect_and_wait (uri);
    GListModel *domains = domus_connection_get_domains (conn);
    guint running = 0, paused = 0, shutoff = 0;

    g_assert_cmpstr (domus_connection_get_error_message (conn), ==, NULL);
    g_assert_cmpint (domus_connection_get_state (conn), ==,
                     DOMUS_CONNECTION_STATE_CONNECTED);
    g_assert_cmpuint (g_list_model_get_n_items (domains), >=, 15);
    g_assert_cmpuint (g_list_model_get_n_items (domains), <=, 25);

    for (guint i = 0; i < g_list_model_get_n_items (domains); i++) {
        g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);

        switch (domus_domain_get_state (domain)) {
        case DOMUS_DOMAIN_STATE_RUNNING:
            running++;
            break;
        case DOMUS_DOMAIN_STATE_PAUSED:
            paused++;
            break;
        case DOMUS_DOMAIN_STATE_SHUTOFF:
            shutoff++;
            break;
        default:
            g_assert_not_reached ();
        }
        g_assert_true (domus_connection_lookup_domain (conn, domus_domain_get_uuid (domain)) ==
                       domain);
    }
    /* A consolidated company: mixed states. */
    g_assert_cmpuint (running, >, 0);
    g_assert_cmpuint (paused, >, 0);
    g_assert_cmpuint (shutoff, >, 0);
    g_assert_nonnull (domus_test_find_domain (conn, "web01"));
    g_assert_nonnull (domus_test_find_domain (conn, "mail"));
}

/* ---- events ------------------------------------------------------------- */

typedef struct {
    const char *name;
    const char *xml;
    int op;
} DomainOp;

enum { OP_SUSPEND, OP_RESUME, OP_DEFINE, OP_START, OP_DESTROY, OP_UNDEFINE };

static void
domain_op_job (GTask *task, virConnectPtr conn, gpointer task_data,
               GCancellable *cancellable)
{
    DomainOp *op = task_data;
    g_autoptr(virDomain) dom = NULL;
    int rc = -1;

    if (op->op == OP_DEFINE)
        dom = virDomainDefineXML (conn, op->xml);
    else
        dom = virDomainLookupByName (conn, op->name);
    if (dom != NULL) {
        switch (op->op) {
        case OP_SUSPEND: rc = virDomainSuspend (dom); break;
        case OP_RESUME: rc = virDomainResume (dom); break;
        case OP_DEFINE: rc = 0; break;
        case OP_START: rc = virDomainCreate (dom); break;
        case OP_DESTROY: rc = virDomainDestroy (dom); break;
        case OP_UNDEFINE: rc = virDomainUndefine (dom); break;
        }
    }
    if (rc < 0) {
        GError *error = NULL;

        domus_set_error_from_libvirt (&error, "test operation");
        g_task_return_error (task, error);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

typedef struct {
    gboolean done;
    gboolean ok;
    GError *error;
} JobResult;

static void
job_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    JobResult *res = user_data;

    res->ok = g_task_propagate_boolean (G_TASK (result), &res->error);
    res->done = TRUE;
}

static void
run_op (DomusConnection *conn, int opcode, const char *name, const char *xml)
{
    DomainOp op = { name, xml, opcode };
    JobResult res = { 0 };

    domus_connection_run_job (conn, domain_op_job, &op, NULL, NULL, job_done_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res.done, TIMEOUT_S, "a job on the worker");
    g_assert_no_error (res.error);
    g_assert_true (res.ok);
}

static void
test_events_update_list (void)
{
    g_autoptr(DomusConnection) conn = connect_and_wait ("test:///default");
    GListModel *domains = domus_connection_get_domains (conn);
    DomusDomain *test;
    guint n = g_list_model_get_n_items (domains);
    static const char new_xml[] =
        "<domain type='test'><name>events-guest</name><memory>65536</memory>"
        "<os><type>hvm</type></os></domain>";

    test = domus_test_find_domain (conn, "test");
    g_assert_nonnull (test);
    g_assert_cmpint (domus_domain_get_state (test), ==, DOMUS_DOMAIN_STATE_RUNNING);

    /* Domus never polls the list: only events can bring these changes. */
    run_op (conn, OP_SUSPEND, "test", NULL);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (test) == DOMUS_DOMAIN_STATE_PAUSED,
                           TIMEOUT_S, "the suspended event");
    run_op (conn, OP_RESUME, "test", NULL);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (test) == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "the resumed event");

    run_op (conn, OP_DEFINE, NULL, new_xml);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_domain (conn, "events-guest") != NULL, TIMEOUT_S,
                           "the defined guest to appear");
    g_assert_cmpuint (g_list_model_get_n_items (domains), ==, n + 1);
    g_assert_cmpint (domus_domain_get_state (domus_test_find_domain (conn, "events-guest")), ==,
                     DOMUS_DOMAIN_STATE_SHUTOFF);

    run_op (conn, OP_START, "events-guest", NULL);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (domus_test_find_domain (conn, "events-guest")) ==
                           DOMUS_DOMAIN_STATE_RUNNING, TIMEOUT_S, "the started event");
    run_op (conn, OP_DESTROY, "events-guest", NULL);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (domus_test_find_domain (conn, "events-guest")) ==
                           DOMUS_DOMAIN_STATE_SHUTOFF, TIMEOUT_S, "the stopped event");
    run_op (conn, OP_UNDEFINE, "events-guest", NULL);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_domain (conn, "events-guest") == NULL, TIMEOUT_S,
                           "the undefined guest to leave the list");
    g_assert_cmpuint (g_list_model_get_n_items (domains), ==, n);
}

static int
count_event_cb (virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    (*(guint *) opaque)++;
    return 0;
}

/* A long call (a slow start, a save) makes the host "not responding"
 * for a while; what happens to a guest meanwhile still reaches the list
 * when the call is over. */
static void
test_events_while_not_responding (void)
{
    g_autoptr(DomusConnection) conn = connect_and_wait ("test:///default");
    g_autoptr(virConnect) other = virConnectOpen ("test:///default");
    g_autoptr(virDomain) dom = NULL;
    DomusTestGate gate;
    DomusDomain *test = domus_test_find_domain (conn, "test");
    guint events = 0;
    int callback;

    g_assert_nonnull (other);
    g_assert_cmpint (domus_domain_get_state (test), ==, DOMUS_DOMAIN_STATE_RUNNING);
    callback = virConnectDomainEventRegisterAny (other, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                 VIR_DOMAIN_EVENT_CALLBACK (count_event_cb),
                                                 &events, NULL);
    g_assert_cmpint (callback, >=, 0);

    domus_test_gate_hold (&gate, conn);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) ==
                           DOMUS_CONNECTION_STATE_NOT_RESPONDING, TIMEOUT_S,
                           "the busy host to show as not responding");

    /* Another client pauses the guest; the event reaches the main loop
     * (and Domus's callback with ours) while the worker is busy. */
    dom = virDomainLookupByName (other, "test");
    g_assert_cmpint (virDomainSuspend (dom), ==, 0);
    DOMUS_TEST_WAIT_UNTIL (events > 0, TIMEOUT_S, "the suspended event");
    while (g_main_context_iteration (NULL, FALSE))
        ;
    g_assert_cmpint (domus_connection_get_state (conn), ==,
                     DOMUS_CONNECTION_STATE_NOT_RESPONDING);

    domus_test_gate_release (&gate);
    domus_test_drain_worker (conn);
    g_assert_cmpint (domus_domain_get_state (test), ==, DOMUS_DOMAIN_STATE_PAUSED);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) ==
                           DOMUS_CONNECTION_STATE_CONNECTED, TIMEOUT_S,
                           "the host to answer again");

    g_assert_cmpint (virDomainResume (dom), ==, 0);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (test) == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "the resumed event");
    virConnectDomainEventDeregisterAny (other, callback);
}

static void
test_failure_keeps_libvirt_message (void)
{
    g_autoptr(DomusConnection) conn =
        connect_and_wait ("test:///nonexistent/domus/host.xml");
    const char *message = domus_connection_get_error_message (conn);

    g_assert_cmpint (domus_connection_get_state (conn), ==, DOMUS_CONNECTION_STATE_FAILED);
    g_assert_nonnull (message);
    /* Our words name the host; libvirt's own reason follows. */
    g_assert_nonnull (strstr (message, "test:///nonexistent/domus/host.xml"));
    g_assert_nonnull (strstr (message, "/nonexistent/domus/host.xml"));
    g_assert_cmpuint (strlen (message), >, strlen ("Connecting to test:///nonexistent/domus/host.xml failed: "));
    g_assert_cmpuint (g_list_model_get_n_items (domus_connection_get_domains (conn)), ==, 0);
}

static void
test_disconnect_and_reconnect (void)
{
    g_autoptr(DomusConnection) conn = connect_and_wait ("test:///default");
    DomainOp op = { "test", NULL, OP_SUSPEND };
    JobResult res = { 0 };

    g_assert_cmpint (domus_connection_get_state (conn), ==, DOMUS_CONNECTION_STATE_CONNECTED);
    domus_connection_disconnect (conn);
    g_assert_cmpint (domus_connection_get_state (conn), ==,
                     DOMUS_CONNECTION_STATE_DISCONNECTED);
    g_assert_cmpuint (g_list_model_get_n_items (domus_connection_get_domains (conn)), ==, 0);

    domus_connection_run_job (conn, domain_op_job, &op, NULL, NULL, job_done_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res.done, TIMEOUT_S, "the job to be refused");
    g_assert_false (res.ok);
    g_assert_error (res.error, DOMUS_ERROR, DOMUS_ERROR_NOT_CONNECTED);
    g_clear_error (&res.error);

    domus_connection_connect (conn);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) ==
                           DOMUS_CONNECTION_STATE_CONNECTED, TIMEOUT_S, "the reconnection");
    g_assert_nonnull (domus_test_find_domain (conn, "test"));
}

/* Hundreds of guests come in one bulk call and one items-changed. */
static void
count_items_changed_cb (GListModel *model, guint pos, guint removed, guint added,
                        gpointer user_data)
{
    (*(int *) user_data)++;
}

static void
test_many_guests (void)
{
    g_autofree char *dir = g_dir_make_tmp ("domus-test-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "host.xml", NULL);
    g_autoptr(GString) xml = g_string_new ("<node>\n");
    g_autofree char *uri = NULL;
    g_autoptr(DomusConnection) conn = NULL;
    int changes = 0;
    const guint n = 600;

    for (guint i = 0; i < n; i++)
        g_string_append_printf (xml,
            "<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>"
            "<name>guest%04u</name><memory>65536</memory><os><type>hvm</type></os>"
            "<test:runstate>%d</test:runstate></domain>\n", i, i % 3 == 0 ? 5 : 1);
    g_string_append (xml, "</node>\n");
    g_assert_true (g_file_set_contents (path, xml->str, -1, NULL));

    uri = g_strconcat ("test://", path, NULL);
    conn = domus_connection_new (uri);
    g_signal_connect (domus_connection_get_domains (conn), "items-changed",
                      G_CALLBACK (count_items_changed_cb), &changes);
    domus_connection_connect (conn);
    /* 600 guests' XML parsed under ASan's slow unwinder on a loaded machine
     * took over 60 s once: a longer bound, the same condition. */
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) !=
                           DOMUS_CONNECTION_STATE_CONNECTING, 4 * TIMEOUT_S, "the listing");
    g_assert_cmpint (domus_connection_get_state (conn), ==, DOMUS_CONNECTION_STATE_CONNECTED);
    g_assert_cmpuint (g_list_model_get_n_items (domus_connection_get_domains (conn)), ==, n);
    g_assert_cmpint (changes, ==, 1);
    g_assert_cmpint (domus_domain_get_state (domus_test_find_domain (conn, "guest0003")), ==,
                     DOMUS_DOMAIN_STATE_SHUTOFF);
    g_assert_cmpint (domus_domain_get_state (domus_test_find_domain (conn, "guest0004")), ==,
                     DOMUS_DOMAIN_STATE_RUNNING);

    g_unlink (path);
    g_rmdir (dir);
}

/* A job's task may outlive its callback on the worker. Whoever lets go of
 * it last finalizes its data and its source, the connection: both belong
 * to the main thread, so the worker must never be that one. */
typedef struct {
    GMutex lock;
    GCond cond;
    gboolean callback_ran;
    gboolean worker_may_go;
    GThread *data_freed_on;         /* atomic */
    GThread *connection_freed_on;   /* atomic */
} LastRef;

static void
last_ref_data_free (gpointer data)
{
    LastRef *lr = data;

    g_atomic_pointer_set (&lr->data_freed_on, g_thread_self ());
}

static void
last_ref_connection_gone (gpointer data, GObject *where_the_object_was)
{
    LastRef *lr = data;

    g_atomic_pointer_set (&lr->connection_freed_on, g_thread_self ());
}

static void
hold_task_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    LastRef *lr = task_data;

    g_task_return_boolean (task, TRUE);
    /* Keep the worker's reference until the main thread has run the
     * callback and dropped its own. */
    g_mutex_lock (&lr->lock);
    while (!lr->worker_may_go)
        g_cond_wait (&lr->cond, &lr->lock);
    g_mutex_unlock (&lr->lock);
}

static void
hold_task_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    LastRef *lr = user_data;

    g_assert_true (g_task_propagate_boolean (G_TASK (result), NULL));
    lr->callback_ran = TRUE;
}

static void
test_worker_never_releases_last (void)
{
    DomusConnection *conn = connect_and_wait ("test:///default");
    LastRef lr = { 0 };

    g_mutex_init (&lr.lock);
    g_cond_init (&lr.cond);
    g_object_weak_ref (G_OBJECT (conn), last_ref_connection_gone, &lr);
    domus_connection_run_job (conn, hold_task_job, &lr, last_ref_data_free, NULL,
                              hold_task_done_cb, &lr);
    /* The task now holds the last reference to the connection. */
    g_object_unref (conn);

    DOMUS_TEST_WAIT_UNTIL (lr.callback_ran, TIMEOUT_S, "the job's callback");
    g_assert_null (g_atomic_pointer_get (&lr.data_freed_on));
    g_mutex_lock (&lr.lock);
    lr.worker_may_go = TRUE;
    g_cond_signal (&lr.cond);
    g_mutex_unlock (&lr.lock);

    DOMUS_TEST_WAIT_UNTIL (g_atomic_pointer_get (&lr.data_freed_on) != NULL &&
                           g_atomic_pointer_get (&lr.connection_freed_on) != NULL,
                           TIMEOUT_S, "the task to be released");
    g_assert_true (g_atomic_pointer_get (&lr.data_freed_on) == g_thread_self ());
    g_assert_true (g_atomic_pointer_get (&lr.connection_freed_on) == g_thread_self ());
    g_mutex_clear (&lr.lock);
    g_cond_clear (&lr.cond);
}

/* The state is a GEnum property, as the guests' is. */
static void
test_state_is_an_enum (void)
{
    g_autoptr(GTypeClass) klass = g_type_class_ref (DOMUS_TYPE_CONNECTION);
    GParamSpec *pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), "state");

    g_assert_true (G_IS_PARAM_SPEC_ENUM (pspec));
    g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == DOMUS_TYPE_CONNECTION_STATE);
    g_assert_cmpint (G_PARAM_SPEC_ENUM (pspec)->default_value, ==,
                     DOMUS_CONNECTION_STATE_DISCONNECTED);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();

    g_test_add_func ("/connection/demo-host", test_demo_host);
    g_test_add_func ("/connection/state-is-an-enum", test_state_is_an_enum);
    g_test_add_func ("/connection/events-update-list", test_events_update_list);
    g_test_add_func ("/connection/events-while-not-responding",
                     test_events_while_not_responding);
    g_test_add_func ("/connection/failure-keeps-libvirt-message",
                     test_failure_keeps_libvirt_message);
    g_test_add_func ("/connection/disconnect-and-reconnect", test_disconnect_and_reconnect);
    g_test_add_func ("/connection/many-guests", test_many_guests);
    g_test_add_func ("/connection/worker-never-releases-last",
                     test_worker_never_releases_last);
    return g_test_run ();
}
