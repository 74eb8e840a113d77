/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Deleting guests against the test driver, on a host (delete-host.xml) with
 * a directory pool whose volumes the guests use: one disk shared by two
 * guests, a CD-ROM image, and a disk outside any pool. The plan ticks only
 * what no one else uses; the delete removes exactly the volumes asked for,
 * checked through the pool's own volume list, and says what remains.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "domus-connection-private.h"
#include "domus-domain-delete.h"
#include "domus-error.h"
#include "domus-libvirt.h"
#include "domus-libvirt-private.h"
#include "domus-test-domains.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

typedef struct {
    DomusConnection *conn;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "integration", "delete-host.xml", NULL);
    g_autofree char *uri = g_strconcat ("test://", path, NULL);

    f->conn = domus_test_connect_idle_poller (uri);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    g_clear_object (&f->conn);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
    return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* The pool's volumes, sorted and joined by spaces, as libvirt lists them. */
static void
list_volumes_job (GTask *task, virConnectPtr conn, gpointer task_data,
                  GCancellable *cancellable)
{
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, "images");
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    virStorageVolPtr *vols = NULL;
    int n = pool ? virStoragePoolListAllVolumes (pool, &vols, 0) : -1;

    g_assert_cmpint (n, >=, 0);
    for (int i = 0; i < n; i++) {
        g_ptr_array_add (names, g_strdup (virStorageVolGetName (vols[i])));
        virStorageVolFree (vols[i]);
    }
    free (vols);
    g_ptr_array_sort (names, compare_names);
    g_ptr_array_add (names, NULL);
    g_task_return_pointer (task, g_strjoinv (" ", (char **) names->pdata), g_free);
}

static void
pointer_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    char **out = user_data;

    *out = g_task_propagate_pointer (G_TASK (result), NULL);
}

static char *
pool_volumes (DomusConnection *conn)
{
    char *volumes = NULL;

    domus_connection_run_job (conn, list_volumes_job, NULL, NULL, NULL, pointer_done_cb,
                              &volumes);
    DOMUS_TEST_WAIT_UNTIL (volumes != NULL, TIMEOUT_S, "the pool's volume list");
    return volumes;
}

static DomusDeletePlan *
make_plan (DomusConnection *conn, DomusDomain *domain)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    DomusDeletePlan *plan;

    domus_domain_delete_plan_async (conn, domain, NULL, domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "the delete plan");
    plan = domus_domain_delete_plan_finish (conn, res, &error);
    g_assert_no_error (error);
    return plan;
}

static const DomusDeleteDisk *
plan_disk (DomusDeletePlan *plan, const char *target)
{
    for (guint i = 0; i < plan->disks->len; i++) {
        const DomusDeleteDisk *disk = g_ptr_array_index (plan->disks, i);

        if (g_strcmp0 (disk->target, target) == 0)
            return disk;
    }
    g_error ("no disk %s in the plan", target);
    return NULL;
}

typedef struct {
    gboolean ok;
    GError *error;
} Result;

static void
delete_guest (DomusConnection *conn, DomusDomain *domain, gboolean force_off,
              const char *const *paths, Result *r)
{
    g_autoptr(GAsyncResult) res = NULL;

    memset (r, 0, sizeof *r);
    domus_domain_delete_async (conn, domain, force_off, paths, NULL,
                               domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "the delete to finish");
    r->ok = domus_domain_delete_finish (conn, res, &r->error);
}

static void
test_plan_ticks_only_unshared_pool_disks (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusDeletePlan) plan = make_plan (f->conn, domus_test_find_domain (f->conn, "alpha"));
    const DomusDeleteDisk *disk;

    g_assert_cmpstr (plan->name, ==, "alpha");
    g_assert_false (plan->active);
    g_assert_cmpuint (plan->disks->len, ==, 4);

    disk = plan_disk (plan, "vda");
    g_assert_cmpstr (disk->path, ==, "/pool/alpha.img");
    g_assert_cmpstr (disk->pool, ==, "images");
    g_assert_true (disk->deletable);
    g_assert_true (disk->default_delete);
    g_assert_null (disk->note);

    disk = plan_disk (plan, "vdb");
    g_assert_cmpstr (disk->shared_with, ==, "beta");
    g_assert_true (disk->deletable);
    g_assert_false (disk->default_delete);
    g_assert_cmpstr (disk->note, ==, "Also used by beta");

    disk = plan_disk (plan, "hdc");
    g_assert_cmpstr (disk->device, ==, "cdrom");
    g_assert_false (disk->default_delete);

    disk = plan_disk (plan, "vdc");
    g_assert_cmpstr (disk->path, ==, "/elsewhere/loose.img");
    g_assert_null (disk->pool);
    g_assert_false (disk->deletable);
    g_assert_false (disk->default_delete);
    g_assert_nonnull (strstr (disk->note, "Not in a storage pool"));
}

static void
test_delete_removes_exactly_the_ticked_volumes (Fixture *f, gconstpointer data)
{
    const char *const paths[] = { "/pool/alpha.img", NULL };
    g_autofree char *before = pool_volumes (f->conn);
    g_autofree char *after = NULL;
    Result r;

    g_assert_cmpstr (before, ==, "alpha.img beta.img install.iso shared.img");
    delete_guest (f->conn, domus_test_find_domain (f->conn, "alpha"), FALSE, paths, &r);
    g_assert_no_error (r.error);
    g_assert_true (r.ok);

    /* The undefine event takes the guest off the list. */
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_domain (f->conn, "alpha") == NULL, TIMEOUT_S,
                           "alpha to leave the list");
    g_assert_nonnull (domus_test_find_domain (f->conn, "beta"));
    after = pool_volumes (f->conn);
    g_assert_cmpstr (after, ==, "beta.img install.iso shared.img");
}

static void
test_running_guest_needs_force_off (Fixture *f, gconstpointer data)
{
    const char *const paths[] = { "/pool/beta.img", NULL };
    DomusDomain *beta = domus_test_find_domain (f->conn, "beta");
    g_autoptr(DomusDeletePlan) plan = make_plan (f->conn, beta);
    g_autofree char *after = NULL;
    Result r;

    g_assert_true (plan->active);
    delete_guest (f->conn, beta, FALSE, paths, &r);
    g_assert_false (r.ok);
    g_assert_nonnull (strstr (r.error->message, "Deleting “beta” on "));
    g_assert_nonnull (strstr (r.error->message, "Nothing was deleted"));
    g_clear_error (&r.error);
    g_assert_nonnull (domus_test_find_domain (f->conn, "beta"));
    after = pool_volumes (f->conn);
    g_assert_cmpstr (after, ==, "alpha.img beta.img install.iso shared.img");
}

static void
test_failed_step_says_what_remains (Fixture *f, gconstpointer data)
{
    /* The second path is no volume: it stays, and the message says so. */
    const char *const paths[] = { "/pool/beta.img", "/elsewhere/loose.img", NULL };
    g_autofree char *after = NULL;
    Result r;

    delete_guest (f->conn, domus_test_find_domain (f->conn, "beta"), TRUE, paths, &r);
    g_assert_false (r.ok);
    g_assert_error (r.error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_assert_true (g_str_has_prefix (r.error->message, "Deleting “beta” on "));
    g_assert_nonnull (strstr (r.error->message, "the guest was removed, but these disks remain"));
    g_assert_nonnull (strstr (r.error->message, "/elsewhere/loose.img ("));
    g_assert_null (strstr (r.error->message, "beta.img"));
    g_clear_error (&r.error);

    DOMUS_TEST_WAIT_UNTIL (domus_test_find_domain (f->conn, "beta") == NULL, TIMEOUT_S,
                           "beta to leave the list");
    after = pool_volumes (f->conn);
    g_assert_cmpstr (after, ==, "alpha.img install.iso shared.img");
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();

    g_test_add ("/domain-delete/plan-ticks-only-unshared-pool-disks", Fixture, NULL,
                fixture_setup, test_plan_ticks_only_unshared_pool_disks, fixture_teardown);
    g_test_add ("/domain-delete/removes-exactly-the-ticked-volumes", Fixture, NULL,
                fixture_setup, test_delete_removes_exactly_the_ticked_volumes,
                fixture_teardown);
    g_test_add ("/domain-delete/running-guest-needs-force-off", Fixture, NULL,
                fixture_setup, test_running_guest_needs_force_off, fixture_teardown);
    g_test_add ("/domain-delete/failed-step-says-what-remains", Fixture, NULL,
                fixture_setup, test_failed_step_says_what_remains, fixture_teardown);
    return g_test_run ();
}
