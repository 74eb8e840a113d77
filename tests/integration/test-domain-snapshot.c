/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Snapshots against libvirt's test driver: the tree of a guest with nested
 * snapshots, take, revert (running or paused), delete one or with its
 * children, the description redefined, external snapshots and what the
 * host cannot revert, the manager's count, and the events and fingerprint
 * that let a page notice what another client (virsh) did. test:///default
 * is one host per process, so a plain libvirt connection here is that other
 * client; each test leaves the guest without snapshots.
 */
#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "domus-connection.h"
#include "domus-domain-snapshot.h"
#include "domus-error.h"
#include "domus-libvirt.h"
#include "domus-test-domains.h"
#include "domus-test-snapshot.h"

#define TIMEOUT_S 60
#define AWAIT(res) DOMUS_TEST_WAIT_UNTIL ((res) != NULL, TIMEOUT_S, "the job to finish")

typedef struct {
    DomusConnection *conn;
    DomusDomain *test;          /* the test driver's guest "test" */
    virConnectPtr other;        /* the other client (virsh) */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    f->other = virConnectOpen ("test:///default");
    g_assert_nonnull (f->other);
    f->conn = domus_test_connect_idle_poller ("test:///default");
    f->test = g_object_ref (domus_connection_find_domain_by_name (f->conn, "test"));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    domus_test_delete_all_snapshots (f->other, "test");
    g_clear_object (&f->test);
    g_clear_object (&f->conn);
    virConnectClose (f->other);
}

/* ---- the jobs, waited for ------------------------------------------------ */

static void
take_internal (Fixture *f, const char *name, const char *description)
{
    g_autoptr(GError) error = NULL;

    g_assert_true (domus_test_snapshot_take (f->conn, f->test, name,
                                             DOMUS_SNAPSHOT_KIND_INTERNAL, description, NULL,
                                             &error));
    g_assert_no_error (error);
}

static gboolean
delete (Fixture *f, const char *const *names, DomusSnapshotDeleteFlags flags, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_domain_snapshot_delete_async (f->conn, f->test, names, flags, NULL,
                                        domus_test_keep_result_cb, &res);
    AWAIT (res);
    return domus_domain_snapshot_delete_finish (f->conn, res, error);
}

static char *
fingerprint (Fixture *f)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    char *print;

    domus_domain_snapshot_fingerprint_async (f->conn, f->test, NULL,
                                             domus_test_keep_result_cb, &res);
    AWAIT (res);
    print = domus_domain_snapshot_fingerprint_finish (f->conn, res, &error);
    g_assert_no_error (error);
    return print;
}

/* "name<parent" for each, in the list's order; "*" marks the current one. */
static char *
tree_of (GPtrArray *snapshots)
{
    g_autoptr(GString) out = g_string_new (NULL);

    for (guint i = 0; i < snapshots->len; i++) {
        DomusSnapshotInfo *info = g_ptr_array_index (snapshots, i);

        g_string_append_printf (out, "%s%s%s%s", i > 0 ? " " : "", info->name,
                                info->current ? "*" : "",
                                info->parent ? "<" : "");
        if (info->parent != NULL)
            g_string_append (out, info->parent);
    }
    return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
tree (Fixture *f)
{
    g_autoptr(GPtrArray) snapshots = domus_test_snapshot_list (f->conn, f->test, NULL);

    return tree_of (snapshots);
}

/* s1 ─┬─ s2
 *     └─ s3 ── s4 (current) */
static void
make_nested (Fixture *f)
{
    g_autoptr(GError) error = NULL;

    take_internal (f, "s1", "before the upgrade");
    take_internal (f, "s2", NULL);
    g_assert_true (domus_test_snapshot_revert (f->conn, f->test, "s1",
                                               DOMUS_SNAPSHOT_REVERT_AS_TAKEN, &error));
    g_assert_no_error (error);
    take_internal (f, "s3", NULL);
    take_internal (f, "s4", NULL);
}

/* ---- tests ---------------------------------------------------------------- */

static void
test_tree (Fixture *f, gconstpointer data)
{
    g_autoptr(GPtrArray) snapshots = NULL;
    g_autofree char *shape = NULL;
    DomusSnapshotInfo *s1;

    make_nested (f);
    snapshots = domus_test_snapshot_list (f->conn, f->test, NULL);
    shape = tree_of (snapshots);
    /* Each after its parent, siblings oldest first (equal times by name). */
    g_assert_cmpstr (shape, ==, "s1 s2<s1 s3<s1 s4*<s3");
    s1 = domus_test_snapshot_find (snapshots, "s1");
    g_assert_cmpstr (s1->description, ==, "before the upgrade");
    g_assert_null (domus_test_snapshot_find (snapshots, "s2")->description);
    g_assert_cmpint (s1->kind, ==, DOMUS_SNAPSHOT_KIND_INTERNAL);
    g_assert_cmpint (s1->state, ==, DOMUS_DOMAIN_STATE_RUNNING);
    g_assert_true (s1->has_memory);
    g_assert_cmpint (s1->creation_time, >, 0);
    /* Listing set the guest's count for the manager window. */
    g_assert_cmpuint (domus_domain_get_snapshot_count (f->test), ==, 4);
}

static void
test_revert (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *shape = NULL;

    make_nested (f);
    g_assert_true (domus_test_snapshot_revert (f->conn, f->test, "s2",
                                               DOMUS_SNAPSHOT_REVERT_PAUSED, &error));
    g_assert_no_error (error);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (f->test) == DOMUS_DOMAIN_STATE_PAUSED,
                           TIMEOUT_S, "the guest paused after reverting with PAUSED");
    shape = tree (f);
    g_assert_cmpstr (shape, ==, "s1 s2*<s1 s3<s1 s4<s3");

    /* A running snapshot comes back running, as taken. */
    g_assert_true (domus_test_snapshot_revert (f->conn, f->test, "s4",
                                               DOMUS_SNAPSHOT_REVERT_AS_TAKEN, &error));
    g_assert_no_error (error);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (f->test) == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "the guest running after reverting");

    /* A snapshot that is not there: libvirt's own words, after ours. */
    g_assert_false (domus_test_snapshot_revert (f->conn, f->test, "nope",
                                                DOMUS_SNAPSHOT_REVERT_AS_TAKEN, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_assert_true (g_str_has_prefix (error->message,
                                     "Reverting “test” on Test to the snapshot “nope” failed: "));
    g_assert_nonnull (strstr (error->message, "no domain snapshot with matching name 'nope'"));
}

static void
test_delete (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *after_one = NULL;
    g_autofree char *after_all = NULL;

    make_nested (f);
    /* One: its child moves up to its parent. */
    g_assert_true (delete (f, (const char *const[]) { "s3", NULL }, 0, &error));
    g_assert_no_error (error);
    after_one = tree (f);
    g_assert_cmpstr (after_one, ==, "s1 s2<s1 s4*<s1");
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_snapshot_count (f->test) == 3, TIMEOUT_S,
                           "the count after deleting one");

    /* With children, several selected: s4 goes with s1, and is no failure. */
    g_assert_true (delete (f, (const char *const[]) { "s1", "s4", NULL },
                           DOMUS_SNAPSHOT_DELETE_CHILDREN, &error));
    g_assert_no_error (error);
    after_all = tree (f);
    g_assert_cmpstr (after_all, ==, "");
    /* The count follows a change without a list. */
    domus_domain_set_snapshot_count (f->test, 42);
    take_internal (f, "again", NULL);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_snapshot_count (f->test) == 1, TIMEOUT_S,
                           "the count read after taking a snapshot");
}

static void
test_delete_refused (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;

    take_internal (f, "a", NULL);
    take_internal (f, "b", NULL);
    /* The test driver keeps no data apart from metadata, and says so; the
     * second snapshot is named, and that the first was deleted. */
    g_assert_true (delete (f, (const char *const[]) { "b", NULL }, 0, &error));
    g_assert_false (delete (f, (const char *const[]) { "a", NULL },
                            DOMUS_SNAPSHOT_DELETE_METADATA_ONLY, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_test_message ("%s", error->message);
    g_assert_true (g_str_has_prefix (error->message,
                                     "Deleting the snapshot “a” of “test” on Test failed: "));
    g_assert_nonnull (strstr (error->message, "unsupported flags"));
    g_clear_error (&error);

    take_internal (f, "c", NULL);
    g_assert_false (delete (f, (const char *const[]) { "c", "missing", NULL }, 0, &error));
    g_assert_true (g_str_has_prefix (error->message,
                                     "Deleting the snapshot “missing” failed (“c” deleted): "));
}

static void
test_description (Fixture *f, gconstpointer data)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) snapshots = NULL;

    take_internal (f, "old", "first words");
    take_internal (f, "new", NULL);
    domus_domain_snapshot_set_description_async (f->conn, f->test, "new",
                                                 "after the <upgrade> & more", NULL,
                                                 domus_test_keep_result_cb, &res);
    AWAIT (res);
    g_assert_true (domus_domain_snapshot_set_description_finish (f->conn, res, &error));
    g_assert_no_error (error);
    g_clear_object (&res);
    domus_domain_snapshot_set_description_async (f->conn, f->test, "old", "", NULL,
                                                 domus_test_keep_result_cb, &res);
    AWAIT (res);
    g_assert_true (domus_domain_snapshot_set_description_finish (f->conn, res, &error));
    g_assert_no_error (error);

    snapshots = domus_test_snapshot_list (f->conn, f->test, NULL);
    g_assert_cmpstr (domus_test_snapshot_find (snapshots, "new")->description, ==,
                     "after the <upgrade> & more");
    g_assert_null (domus_test_snapshot_find (snapshots, "old")->description);
    /* Redefined, the current one is still current, in the same place. */
    g_assert_true (domus_test_snapshot_find (snapshots, "new")->current);
    g_assert_false (domus_test_snapshot_find (snapshots, "old")->current);
    g_assert_cmpstr (domus_test_snapshot_find (snapshots, "new")->parent, ==, "old");
}

static void
count_cb (guint *count)
{
    (*count)++;
}

/* What another client does shows: a snapshot taken elsewhere changes the
 * fingerprint (the page's cheap check), a revert elsewhere comes as an
 * event about the guest, and the count follows the event. */
static void
test_other_client (Fixture *f, gconstpointer data)
{
    g_autofree char *listed = NULL;
    g_autofree char *same = NULL;
    g_autofree char *changed = NULL;
    g_autofree char *shape = NULL;
    g_autoptr(GPtrArray) snapshots = NULL;
    virDomainPtr dom = virDomainLookupByName (f->other, "test");
    virDomainSnapshotPtr snap;
    guint events = 0;
    gulong handler;

    take_internal (f, "mine", NULL);
    snapshots = domus_test_snapshot_list (f->conn, f->test, &listed);
    same = fingerprint (f);
    g_assert_cmpstr (same, ==, listed);

    snap = virDomainSnapshotCreateXML (dom, "<domainsnapshot><name>virsh</name>"
                                            "</domainsnapshot>", 0);
    g_assert_nonnull (snap);
    changed = fingerprint (f);
    g_assert_cmpstr (changed, !=, listed);
    shape = tree (f);
    g_assert_cmpstr (shape, ==, "mine virsh*<mine");

    handler = g_signal_connect_swapped (f->conn, "domain-event",
                                        G_CALLBACK (count_cb), &events);
    domus_domain_set_snapshot_count (f->test, 0);
    g_assert_cmpint (virDomainRevertToSnapshot (snap, VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED), ==,
                     0);
    DOMUS_TEST_WAIT_UNTIL (events > 0, TIMEOUT_S, "an event about the reverted guest");
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_snapshot_count (f->test) == 2, TIMEOUT_S,
                           "the count read again after the event");
    g_signal_handler_disconnect (f->conn, handler);
    virDomainRevertToSnapshot (snap, VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING);
    virDomainSnapshotFree (snap);
    virDomainFree (dom);
}

/* A new connection reads every guest's count: one call lists the guests
 * with snapshots. */
static void
test_count_on_connect (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusConnection) second = NULL;
    DomusDomain *test;

    take_internal (f, "one", NULL);
    take_internal (f, "two", NULL);
    second = domus_test_connect_idle_poller ("test:///default");
    test = domus_connection_find_domain_by_name (second, "test");
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_snapshot_count (test) == 2, TIMEOUT_S,
                           "the count read on connect");
}

/* An external snapshot with the memory in a file, on a guest whose disk is
 * a real file (the test driver checks that); this host's libvirt cannot
 * revert to it before 9.7, and the abilities say so. */
static void
test_external (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *memory = NULL;
    g_autoptr(DomusSnapshotAbilities) abilities = NULL;
    g_autoptr(GPtrArray) snapshots = NULL;
    virDomainPtr dom;
    DomusDomain *ext;
    DomusSnapshotInfo *info;
    unsigned long version = 0;

    dom = domus_test_snapshot_start_file_guest (f->other, "ext", &dir);
    memory = g_build_filename (dir, "ext.mem", NULL);
    DOMUS_TEST_WAIT_UNTIL ((ext = domus_connection_find_domain_by_name (f->conn, "ext")) &&
                           domus_domain_is_active (ext), TIMEOUT_S, "the new guest running");

    g_assert_true (domus_test_snapshot_take (f->conn, ext, "outside",
                                             DOMUS_SNAPSHOT_KIND_EXTERNAL, NULL, memory, &error));
    g_assert_no_error (error);
    snapshots = domus_test_snapshot_list (f->conn, ext, NULL);
    g_assert_cmpuint (snapshots->len, ==, 1);
    info = g_ptr_array_index (snapshots, 0);
    g_assert_cmpint (info->kind, ==, DOMUS_SNAPSHOT_KIND_EXTERNAL);
    g_assert_cmpstr (info->memory_file, ==, memory);
    g_assert_true (info->has_memory);

    abilities = domus_test_snapshot_abilities (f->conn, ext);
    g_assert_true (abilities->active);
    g_assert_null (abilities->why_not[DOMUS_SNAPSHOT_KIND_INTERNAL]);
    g_assert_null (abilities->why_not[DOMUS_SNAPSHOT_KIND_EXTERNAL]);
    g_assert_cmpstr (abilities->memory_dir, ==, dir);
    g_assert_null (abilities->revert_why_not[DOMUS_SNAPSHOT_KIND_INTERNAL]);
    g_assert_cmpint (virConnectGetLibVersion (f->other, &version), ==, 0);
    if (version < 9007000) {
        g_assert_nonnull (strstr (abilities->revert_why_not[DOMUS_SNAPSHOT_KIND_EXTERNAL],
                                  "cannot revert to external snapshots"));
        g_assert_nonnull (strstr (abilities->revert_why_not[DOMUS_SNAPSHOT_KIND_EXTERNAL],
                                  abilities->libvirt_version));
    } else {
        g_assert_null (abilities->revert_why_not[DOMUS_SNAPSHOT_KIND_EXTERNAL]);
    }
    g_assert_nonnull (abilities->quiesce_why_not);

    domus_test_snapshot_remove_file_guest (f->other, dom, dir);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();

#define ADD(path, func) \
    g_test_add ("/domain-snapshot/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
    ADD ("tree", test_tree);
    ADD ("revert", test_revert);
    ADD ("delete", test_delete);
    ADD ("delete-refused", test_delete_refused);
    ADD ("description", test_description);
    ADD ("other-client", test_other_client);
    ADD ("count-on-connect", test_count_on_connect);
    ADD ("external", test_external);
#undef ADD
    return g_test_run ();
}
