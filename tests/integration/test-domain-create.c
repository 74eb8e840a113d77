/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Storage and guest creation against libvirt's test driver: pools and
 * volumes listed, created and deleted on the worker; what a host offers a
 * new guest; guests created for each method; and every failure path, with
 * the clean-up of a new disk after a failed define and an imported disk
 * left alone.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "domus-connection.h"
#include "domus-connection-private.h"
#include "domus-domain-create.h"
#include "domus-host-options.h"
#include "domus-libvirt.h"
#include "domus-libvirt-private.h"
#include "domus-test-create.h"

#define TIMEOUT_S 60

typedef struct {
    DomusConnection *conn;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    /* A fresh in-process test host per test: test:///default is private
     * to each virConnectOpen. */
    f->conn = domus_test_connect ("test:///default");
}

/* create-host.xml: no "default" network, shared disks, an LVM pool. */
static void
fixture_setup_host (Fixture *f, gconstpointer data)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "integration", "create-host.xml",
                                                   NULL);
    g_autofree char *uri = g_strconcat ("test://", path, NULL);

    f->conn = domus_test_connect (uri);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    g_clear_object (&f->conn);
}

#define AWAIT(res, what) DOMUS_TEST_WAIT_UNTIL ((res) != NULL, TIMEOUT_S, (what))

static char *
create_volume (Fixture *f, const char *name, const char *format, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_storage_create_volume_async (f->conn, "default-pool", name, format,
                                       (guint64) 1 << 30, NULL, domus_test_keep_result_cb, &res);
    AWAIT (res, "the new volume");
    return domus_storage_create_volume_finish (f->conn, res, error);
}

static void
test_pools_and_volumes (Fixture *f, gconstpointer data)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) pools = NULL;
    g_autoptr(GPtrArray) vols = NULL;
    g_autofree char *path = NULL;
    const DomusPoolInfo *pool;
    const DomusVolumeInfo *vol;

    domus_storage_list_pools_async (f->conn, NULL, domus_test_keep_result_cb, &res);
    AWAIT (res, "the pool list");
    pools = domus_storage_list_pools_finish (f->conn, res, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (pools->len, ==, 1);
    pool = g_ptr_array_index (pools, 0);
    g_assert_cmpstr (pool->name, ==, "default-pool");
    g_assert_cmpstr (pool->type, ==, "dir");
    g_assert_cmpstr (pool->target_path, ==, "/default-pool");
    g_assert_true (pool->active);
    g_assert_cmpuint (pool->capacity, >, 0);
    g_assert_cmpuint (pool->available, <=, pool->capacity);

    path = create_volume (f, "disk1.qcow2", "qcow2", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (path, ==, "/default-pool/disk1.qcow2");
    vols = domus_test_list_volumes (f->conn, NULL);
    vol = domus_test_find_volume (vols, "disk1.qcow2");
    g_assert_nonnull (vol);
    g_assert_cmpstr (vol->pool, ==, "default-pool");
    g_assert_cmpuint (vol->capacity, ==, (guint64) 1 << 30);

    /* The same name twice: libvirt's reason, with the volume and pool. */
    g_clear_pointer (&path, g_free);
    path = create_volume (f, "disk1.qcow2", "qcow2", &error);
    g_assert_null (path);
    g_assert_nonnull (strstr (error->message,
                              "Creating volume “disk1.qcow2” in pool “default-pool” failed: "));
    g_clear_error (&error);

    g_clear_object (&res);
    domus_storage_delete_volume_async (f->conn, "default-pool", "disk1.qcow2", NULL,
                                       domus_test_keep_result_cb, &res);
    AWAIT (res, "the deletion");
    g_assert_true (domus_storage_delete_volume_finish (f->conn, res, &error));
    g_assert_no_error (error);
    g_clear_pointer (&vols, g_ptr_array_unref);
    vols = domus_test_list_volumes (f->conn, NULL);
    g_assert_null (domus_test_find_volume (vols, "disk1.qcow2"));

    g_clear_object (&res);
    domus_storage_delete_volume_async (f->conn, "default-pool", "disk1.qcow2", NULL,
                                       domus_test_keep_result_cb, &res);
    AWAIT (res, "the second deletion");
    g_assert_false (domus_storage_delete_volume_finish (f->conn, res, &error));
    g_assert_nonnull (strstr (error->message,
                              "Deleting volume “disk1.qcow2” of pool “default-pool” failed: "));
}

static void
test_host_options (Fixture *f, gconstpointer data)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusHostOptions) options = NULL;

    domus_host_options_async (f->conn, NULL, domus_test_keep_result_cb, &res);
    AWAIT (res, "the host options");
    options = domus_host_options_finish (f->conn, res, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (options->arches->len, >=, 1);
    g_assert_true (g_ptr_array_find_with_equal_func (options->arches, "i686",
                                                     g_str_equal, NULL));
    g_assert_cmpstr (g_ptr_array_index (options->domain_types, 0), ==, "test");
    /* The test driver has no domain capabilities: BIOS only. */
    g_assert_false (options->uefi);
    g_assert_true (g_ptr_array_find_with_equal_func (options->networks, "default",
                                                     g_str_equal, NULL));
    g_assert_cmpstr (options->default_network, ==, "default");
    g_assert_true (g_ptr_array_find_with_equal_func (options->interfaces, "eth1",
                                                     g_str_equal, NULL));
}

static DomusHostOptions *
host_options (Fixture *f)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    DomusHostOptions *options;

    domus_host_options_async (f->conn, NULL, domus_test_keep_result_cb, &res);
    AWAIT (res, "the host options");
    options = domus_host_options_finish (f->conn, res, &error);
    g_assert_no_error (error);
    return options;
}

/* Without a network named "default", a new guest joins a NAT network,
 * wherever it sorts, as virt-manager chooses. */
static void
test_default_network (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusHostOptions) options = host_options (f);

    g_assert_cmpuint (options->networks->len, ==, 3);
    g_assert_cmpstr (options->default_network, ==, "lan");
}

static void
assert_users (DomusHostOptions *options, const char *path, const char *const *expected)
{
    GPtrArray *users = g_hash_table_lookup (options->disk_users, path);

    g_assert_nonnull (users);
    g_assert_cmpuint (users->len, ==, g_strv_length ((char **) expected));
    for (guint i = 0; expected[i] != NULL; i++)
        g_assert_true (g_ptr_array_find_with_equal_func (users, expected[i], g_str_equal, NULL));
}

/* Which guests use which disk, a volume by its path, whether they run or
 * not: what the assistant warns about before a new guest shares one. */
static void
test_disk_users (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusHostOptions) options = host_options (f);

    assert_users (options, "/images/shared.qcow2", (const char *const[]) { "runner", "sleeper",
                                                                           NULL });
    assert_users (options, "/images/sleeper.qcow2", (const char *const[]) { "sleeper", NULL });
    g_assert_null (g_hash_table_lookup (options->disk_users, "/images/free.qcow2"));
}

static DomusCreatePlan *
plan_new (const char *name, DomusInstallMethod method)
{
    DomusCreatePlan *plan = domus_create_plan_new ();

    plan->config->name = g_strdup (name);
    g_free (plan->config->domain_type);
    plan->config->domain_type = g_strdup ("test");
    plan->config->method = method;
    plan->config->memory_mib = 512;
    if (method == DOMUS_INSTALL_ISO)
        plan->config->install_source = g_strdup ("/default-pool/install.iso");
    else if (method == DOMUS_INSTALL_NETWORK)
        plan->config->install_source = g_strdup ("http://mirror.example.org/os/images/boot.iso");
    if (method != DOMUS_INSTALL_IMPORT) {
        plan->volume_pool = g_strdup ("default-pool");
        plan->volume_name = g_strdup_printf ("%s.qcow2", name);
        plan->volume_bytes = (guint64) 8 << 30;
    }
    plan->start = TRUE;
    return plan;
}

static void
test_create_each_method (Fixture *f, gconstpointer data)
{
    static const struct {
        const char *name;
        DomusInstallMethod method;
    } cases[] = {
        { "from-iso", DOMUS_INSTALL_ISO },
        { "from-tree", DOMUS_INSTALL_NETWORK },
        { "by-pxe", DOMUS_INSTALL_PXE },
    };
    g_autoptr(GError) error = NULL;
    g_autofree char *imported = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        DomusCreatePlan *plan = plan_new (cases[i].name, cases[i].method);
        g_autofree char *uuid = domus_test_create_guest (f->conn, plan, &error);
        g_autofree char *vol_name = g_strdup_printf ("%s.qcow2", cases[i].name);
        g_autoptr(GPtrArray) vols = NULL;
        DomusDomain *domain;

        g_assert_no_error (error);
        g_assert_nonnull (uuid);
        DOMUS_TEST_WAIT_UNTIL ((domain = domus_connection_lookup_domain (f->conn, uuid)) != NULL,
                               TIMEOUT_S, "the new guest in the list");
        g_assert_cmpstr (domus_domain_get_name (domain), ==, cases[i].name);
        DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (domain) == DOMUS_DOMAIN_STATE_RUNNING,
                               TIMEOUT_S, "the new guest running");
        vols = domus_test_list_volumes (f->conn, NULL);
        g_assert_nonnull (domus_test_find_volume (vols, vol_name));
    }

    /* Import: a disk that exists, nothing created. */
    imported = create_volume (f, "p2v-server.img", "raw", &error);
    g_assert_no_error (error);
    {
        g_autoptr(DomusCreatePlan) plan = plan_new ("imported", DOMUS_INSTALL_IMPORT);
        g_autofree char *uuid = NULL;

        plan->config->disk_path = g_strdup (imported);
        g_free (plan->config->disk_format);
        plan->config->disk_format = g_strdup ("raw");
        uuid = domus_test_create_guest (f->conn, g_steal_pointer (&plan), &error);
        g_assert_no_error (error);
        DOMUS_TEST_WAIT_UNTIL (domus_connection_find_domain_by_name (f->conn, "imported") != NULL,
                               TIMEOUT_S, "the imported guest");
    }
}

static void
domain_xml_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    g_autoptr(virDomain) dom = virDomainLookupByName (conn, task_data);
    char *xml = dom != NULL ? virDomainGetXMLDesc (dom, 0) : NULL;

    g_task_return_pointer (task, xml, free);
}

static char *
domain_xml (Fixture *f, const char *name)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_connection_run_job (f->conn, domain_xml_job, g_strdup (name), g_free, NULL,
                              domus_test_keep_result_cb, &res);
    AWAIT (res, "the guest's XML");
    return g_task_propagate_pointer (G_TASK (res), NULL);
}

/* A new disk in an LVM pool is a logical volume: raw, allocated whole (not
 * a snapshot LV that breaks once full), and given to the guest as a
 * block device. */
static void
test_logical_volume (Fixture *f, gconstpointer data)
{
    DomusCreatePlan *plan = plan_new ("lv-guest", DOMUS_INSTALL_PXE);
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(GPtrArray) vols = NULL;
    const DomusVolumeInfo *vol;

    g_assert_false (domus_storage_pool_holds_files ("logical"));
    g_assert_cmpstr (domus_storage_pool_formats ("logical")[0], ==, "raw");
    g_assert_null (domus_storage_pool_formats ("logical")[1]);
    g_assert_cmpstr (domus_storage_pool_formats ("dir")[0], ==, "qcow2");

    g_free (plan->volume_pool);
    plan->volume_pool = g_strdup ("vg");
    g_free (plan->volume_name);
    plan->volume_name = g_strdup ("lv-guest");
    g_free (plan->config->disk_format);
    plan->config->disk_format = g_strdup ("raw");
    uuid = domus_test_create_guest (f->conn, plan, &error);
    g_assert_no_error (error);

    vols = domus_test_list_volumes (f->conn, "vg");
    vol = domus_test_find_volume (vols, "lv-guest");
    g_assert_nonnull (vol);
    g_assert_cmpstr (vol->path, ==, "/dev/vg/lv-guest");
    g_assert_cmpuint (vol->capacity, ==, (guint64) 8 << 30);
    g_assert_cmpuint (vol->allocation, ==, vol->capacity);
    xml = domain_xml (f, "lv-guest");
    g_assert_nonnull (strstr (xml, "<disk type='block' device='disk'>"));
    g_assert_nonnull (strstr (xml, "type='raw'"));
    g_assert_nonnull (strstr (xml, "<source dev='/dev/vg/lv-guest'/>"));
}

/* The define fails after the new disk was made: the disk goes again, and
 * the message says why and what was removed. */
static void
test_define_failure_removes_new_disk (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusCreatePlan) plan = plan_new ("broken", DOMUS_INSTALL_ISO);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) vols = NULL;
    g_autofree char *uuid = NULL;

    plan->xml_override = g_strdup ("<domain type='test'><name>broken</name>"
                                   "<memory>lots</memory></domain>");
    uuid = domus_test_create_guest (f->conn, g_steal_pointer (&plan), &error);
    g_assert_null (uuid);
    g_assert_nonnull (error);
    g_assert_true (g_str_has_prefix (error->message, "Defining “broken” on Test failed: "));
    g_assert_nonnull (strstr (error->message, "\nThe new disk “broken.qcow2” was removed again."));
    vols = domus_test_list_volumes (f->conn, NULL);
    g_assert_null (domus_test_find_volume (vols, "broken.qcow2"));
    g_assert_null (domus_connection_find_domain_by_name (f->conn, "broken"));
}

/* A name the host has: libvirt refuses, the new disk goes. */
static void
test_existing_name (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) vols = NULL;
    g_autofree char *uuid = domus_test_create_guest (f->conn, plan_new ("test", DOMUS_INSTALL_PXE),
                                                     &error);

    g_assert_null (uuid);
    g_assert_true (g_str_has_prefix (error->message, "Defining “test” on Test failed: "));
    g_assert_nonnull (strstr (error->message, "already exists"));
    vols = domus_test_list_volumes (f->conn, NULL);
    g_assert_null (domus_test_find_volume (vols, "test.qcow2"));
}

/* An imported disk is never removed, even when the define fails. */
static void
test_import_failure_keeps_disk (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *path = create_volume (f, "keep-me.qcow2", "qcow2", &error);
    g_autoptr(DomusCreatePlan) plan = plan_new ("import-broken", DOMUS_INSTALL_IMPORT);
    g_autoptr(GPtrArray) vols = NULL;
    g_autofree char *uuid = NULL;

    g_assert_no_error (error);
    plan->config->disk_path = g_strdup (path);
    plan->xml_override = g_strdup ("<domain type='test'><name>import-broken</name>"
                                   "<vcpu>none</vcpu></domain>");
    uuid = domus_test_create_guest (f->conn, g_steal_pointer (&plan), &error);
    g_assert_null (uuid);
    g_assert_true (g_str_has_prefix (error->message, "Defining “import-broken” on Test failed: "));
    g_assert_null (strstr (error->message, "removed"));
    vols = domus_test_list_volumes (f->conn, NULL);
    g_assert_nonnull (domus_test_find_volume (vols, "keep-me.qcow2"));
}

/* The disk cannot be made: nothing is defined. */
static void
test_volume_failure_defines_nothing (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusCreatePlan) plan = plan_new ("no-pool", DOMUS_INSTALL_ISO);
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = NULL;

    g_free (plan->volume_pool);
    plan->volume_pool = g_strdup ("missing-pool");
    uuid = domus_test_create_guest (f->conn, g_steal_pointer (&plan), &error);
    g_assert_null (uuid);
    g_assert_true (g_str_has_prefix (error->message,
                                     "Creating volume “no-pool.qcow2” in pool “missing-pool” failed: "));
    g_assert_null (domus_connection_find_domain_by_name (f->conn, "no-pool"));
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();

    g_test_add ("/domain-create/pools-and-volumes", Fixture, NULL, fixture_setup,
                test_pools_and_volumes, fixture_teardown);
    g_test_add ("/domain-create/host-options", Fixture, NULL, fixture_setup,
                test_host_options, fixture_teardown);
    g_test_add ("/domain-create/each-method", Fixture, NULL, fixture_setup,
                test_create_each_method, fixture_teardown);
    g_test_add ("/domain-create/define-failure-removes-new-disk", Fixture, NULL, fixture_setup,
                test_define_failure_removes_new_disk, fixture_teardown);
    g_test_add ("/domain-create/existing-name", Fixture, NULL, fixture_setup,
                test_existing_name, fixture_teardown);
    g_test_add ("/domain-create/import-failure-keeps-disk", Fixture, NULL, fixture_setup,
                test_import_failure_keeps_disk, fixture_teardown);
    g_test_add ("/domain-create/volume-failure-defines-nothing", Fixture, NULL, fixture_setup,
                test_volume_failure_defines_nothing, fixture_teardown);
    g_test_add ("/domain-create/default-network", Fixture, NULL, fixture_setup_host,
                test_default_network, fixture_teardown);
    g_test_add ("/domain-create/disk-users", Fixture, NULL, fixture_setup_host,
                test_disk_users, fixture_teardown);
    g_test_add ("/domain-create/logical-volume", Fixture, NULL, fixture_setup_host,
                test_logical_volume, fixture_teardown);
    return g_test_run ();
}
