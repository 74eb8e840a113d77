/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pools and volumes against libvirt's test driver: the New Pool XML of each
 * type against golden files (tests/data/storage-pool/) and accepted by
 * libvirt's parser; every pool action with the events that follow it;
 * source discovery; volumes listed in batches with their guests, created
 * from a spec, refused deletion while in use, deleted, cloned.
 */
#include "config.h"

#include <glib.h>
#include <libvirt/libvirt.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt.h"
#include "domus-storage-pool.h"
#include "domus-storage-pool-watch.h"
#include "domus-storage-volume.h"
#include "domus-test-create.h"

#define TIMEOUT_S 60
#define POOL "default-pool"

typedef struct {
    DomusConnection *conn;
    DomusStoragePoolWatch *watch;
    GPtrArray *events;          /* "name:event" */
} Fixture;

static void
pool_event_cb (DomusStoragePoolWatch *watch, const char *name, int event, Fixture *f)
{
    g_ptr_array_add (f->events, g_strdup_printf ("%s:%d", name, event));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    f->conn = domus_test_connect ("test:///default");
    f->events = g_ptr_array_new_with_free_func (g_free);
    f->watch = domus_storage_pool_watch_new (f->conn);
    g_signal_connect (f->watch, "pool-event", G_CALLBACK (pool_event_cb), f);
    DOMUS_TEST_WAIT_UNTIL (domus_storage_pool_watch_is_active (f->watch), TIMEOUT_S,
                           "the pool events registered");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    g_clear_object (&f->watch);
    g_clear_object (&f->conn);
    g_clear_pointer (&f->events, g_ptr_array_unref);
}

#define AWAIT(res, what) DOMUS_TEST_WAIT_UNTIL ((res) != NULL, TIMEOUT_S, (what))

static gboolean
has_event (Fixture *f, const char *pool, DomusPoolEvent event)
{
    g_autofree char *want = g_strdup_printf ("%s:%d", pool, event);

    return g_ptr_array_find_with_equal_func (f->events, want, g_str_equal, NULL);
}

static gboolean
pool_action (Fixture *f, const char *pool, DomusPoolAction action, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_storage_pool_action_async (f->conn, pool, action, NULL, domus_test_result_cb, &res);
    AWAIT (res, "a pool action");
    return domus_storage_pool_action_finish (f->conn, res, error);
}

static DomusPoolInfo *
read_pool (Fixture *f, const char *pool, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_storage_read_pool_async (f->conn, pool, NULL, domus_test_result_cb, &res);
    AWAIT (res, "the pool");
    return domus_storage_read_pool_finish (f->conn, res, error);
}

static gboolean
define_pool (Fixture *f, const char *xml, gboolean build, gboolean autostart, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_storage_define_pool_async (f->conn, xml, build, autostart, NULL,
                                     domus_test_result_cb, &res);
    AWAIT (res, "the pool defined");
    return domus_storage_define_pool_finish (f->conn, res, error);
}

/* ---- New Pool XML ---- */

static DomusPoolSpec *
spec_for (const char *type)
{
    g_autofree char *name = g_strdup_printf ("new-%s", type);
    DomusPoolSpec *spec = domus_pool_spec_new (type, name);

    if (g_str_equal (type, "dir") || g_str_equal (type, "fs") || g_str_equal (type, "netfs"))
        spec->target_path = g_strdup_printf ("/srv/pools/%s", type);
    if (g_str_equal (type, "fs"))
        spec->source_path = g_strdup ("/dev/sdb1");
    if (g_str_equal (type, "netfs")) {
        spec->host = g_strdup ("nas.example.com");
        spec->source_path = g_strdup ("/export/images");
    }
    if (g_str_equal (type, "logical")) {
        spec->source_name = g_strdup ("guests");
        spec->devices = g_strsplit ("/dev/sdc /dev/sdd", " ", -1);
    }
    if (g_str_has_prefix (type, "iscsi")) {
        spec->host = g_strdup ("san.example.com");
        spec->port = 3260;
        spec->source_path = g_strdup ("iqn.2024-01.com.example:disks");
        spec->initiator_iqn = g_strdup ("iqn.2024-01.com.example:host1");
    }
    if (g_str_equal (type, "disk"))
        spec->source_path = g_strdup ("/dev/sde");
    if (g_str_equal (type, "scsi"))
        spec->adapter = g_strdup ("host2");
    return spec;
}

static void
check_golden (const char *xml, const char *golden)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "storage-pool",
                                                   golden, NULL);
    g_autofree char *expected = NULL;

    if (g_getenv ("DOMUS_UPDATE_GOLDEN") != NULL) {
        g_file_set_contents (path, xml, -1, &error);
        g_assert_no_error (error);
    }
    g_file_get_contents (path, &expected, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (xml, ==, expected);
}

static void
test_pool_xml (Fixture *f, gconstpointer data)
{
    const char *const *types = domus_pool_types ();

    for (guint i = 0; types[i] != NULL; i++) {
        g_autoptr(DomusPoolSpec) spec = spec_for (types[i]);
        g_autoptr(GError) error = NULL;
        g_autofree char *xml = NULL;
        g_autofree char *golden = g_strconcat (types[i], ".xml", NULL);
        g_autoptr(GAsyncResult) res = NULL;
        g_auto(GStrv) overwrites = domus_pool_spec_overwrites (spec);
        virConnectPtr c;
        virStoragePoolPtr pool;

        g_test_message ("type %s", types[i]);
        g_assert_true (domus_pool_spec_check (spec, NULL, &error));
        g_assert_no_error (error);
        xml = domus_pool_spec_to_xml (spec);
        check_golden (xml, golden);

        /* libvirt's own parser takes it as written. */
        c = virConnectOpen ("test:///default");
        pool = virStoragePoolDefineXML (c, xml, 0);
        g_assert_nonnull (pool);
        g_assert_cmpstr (virStoragePoolGetName (pool), ==, spec->name);
        virStoragePoolFree (pool);
        virConnectClose (c);

        if (g_str_equal (types[i], "logical"))
            g_assert_cmpstrv (overwrites, ((const char *[]) { "/dev/sdc", "/dev/sdd", NULL }));
        else if (g_str_equal (types[i], "fs"))
            g_assert_cmpstrv (overwrites, ((const char *[]) { "/dev/sdb1", NULL }));
        else if (g_str_equal (types[i], "disk"))
            g_assert_cmpstrv (overwrites, ((const char *[]) { "/dev/sde", NULL }));
        else
            g_assert_cmpuint (g_strv_length (overwrites), ==, 0);
    }
}

static void
expect_refusal (DomusPoolSpec *spec, DomusPoolField want)
{
    g_autoptr(GError) error = NULL;
    DomusPoolField field = DOMUS_POOL_FIELD_NONE;

    g_assert_false (domus_pool_spec_check (spec, &field, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
    g_assert_cmpint (field, ==, want);
}

static void
test_pool_checks (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusPoolSpec) dir = spec_for ("dir");
    g_autoptr(DomusPoolSpec) netfs = spec_for ("netfs");
    g_autoptr(DomusPoolSpec) iscsi = spec_for ("iscsi-direct");
    g_autoptr(DomusPoolSpec) lvm = spec_for ("logical");
    g_autoptr(DomusPoolSpec) scsi = spec_for ("scsi");
    g_autoptr(DomusPoolSpec) disk = spec_for ("disk");
    g_autoptr(DomusPoolSpec) bogus = domus_pool_spec_new ("floppy", "x");

    expect_refusal (bogus, DOMUS_POOL_FIELD_TYPE);
    g_free (dir->name);
    dir->name = g_strdup ("a/b");
    expect_refusal (dir, DOMUS_POOL_FIELD_NAME);
    g_free (dir->name);
    dir->name = g_strdup ("ok");
    g_free (dir->target_path);
    dir->target_path = g_strdup ("relative/path");
    expect_refusal (dir, DOMUS_POOL_FIELD_TARGET_PATH);
    g_clear_pointer (&netfs->host, g_free);
    expect_refusal (netfs, DOMUS_POOL_FIELD_HOST);
    netfs->host = g_strdup ("nas");
    g_free (netfs->source_path);
    netfs->source_path = g_strdup ("export");
    expect_refusal (netfs, DOMUS_POOL_FIELD_SOURCE_PATH);
    g_free (iscsi->source_path);
    iscsi->source_path = g_strdup ("disks");
    expect_refusal (iscsi, DOMUS_POOL_FIELD_SOURCE_PATH);
    g_free (iscsi->source_path);
    iscsi->source_path = g_strdup ("iqn.2024-01.com.example:disks");
    g_clear_pointer (&iscsi->initiator_iqn, g_free);
    expect_refusal (iscsi, DOMUS_POOL_FIELD_INITIATOR);
    g_strfreev (lvm->devices);
    lvm->devices = g_strsplit ("sdc", " ", -1);
    expect_refusal (lvm, DOMUS_POOL_FIELD_DEVICES);
    g_free (scsi->adapter);
    scsi->adapter = g_strdup ("hostX");
    expect_refusal (scsi, DOMUS_POOL_FIELD_ADAPTER);
    g_free (disk->source_path);
    disk->source_path = g_strdup ("sde");
    expect_refusal (disk, DOMUS_POOL_FIELD_SOURCE_PATH);
}

/* ---- pool actions and events ---- */

static void
test_pool_actions (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusPoolSpec) spec = domus_pool_spec_new ("dir", "scratch");
    g_autofree char *xml = NULL;
    g_autoptr(DomusPoolInfo) info = NULL;
    g_autoptr(GError) error = NULL;

    spec->target_path = g_strdup ("/scratch");
    xml = domus_pool_spec_to_xml (spec);
    g_assert_true (define_pool (f, xml, TRUE, TRUE, &error));
    g_assert_no_error (error);
    DOMUS_TEST_WAIT_UNTIL (has_event (f, "scratch", DOMUS_POOL_EVENT_DEFINED) &&
                           has_event (f, "scratch", DOMUS_POOL_EVENT_STARTED), TIMEOUT_S,
                           "defined and started events");

    info = read_pool (f, "scratch", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (info->type, ==, "dir");
    g_assert_cmpstr (info->target_path, ==, "/scratch");
    g_assert_true (info->active);
    g_assert_cmpint (info->state, ==, VIR_STORAGE_POOL_RUNNING);
    g_assert_true (info->autostart);
    g_assert_true (info->persistent);
    g_clear_pointer (&info, domus_pool_info_free);

    g_assert_true (pool_action (f, "scratch", DOMUS_POOL_ACTION_AUTOSTART_OFF, &error));
    info = read_pool (f, "scratch", &error);
    g_assert_false (info->autostart);
    g_clear_pointer (&info, domus_pool_info_free);

    g_assert_true (pool_action (f, "scratch", DOMUS_POOL_ACTION_REFRESH, &error));
    DOMUS_TEST_WAIT_UNTIL (has_event (f, "scratch", DOMUS_POOL_EVENT_REFRESHED), TIMEOUT_S,
                           "the refreshed event");

    g_assert_true (pool_action (f, "scratch", DOMUS_POOL_ACTION_STOP, &error));
    DOMUS_TEST_WAIT_UNTIL (has_event (f, "scratch", DOMUS_POOL_EVENT_STOPPED), TIMEOUT_S,
                           "the stopped event");
    info = read_pool (f, "scratch", &error);
    g_assert_false (info->active);
    g_clear_pointer (&info, domus_pool_info_free);
    /* Stopping a stopped pool: libvirt's refusal, whole. */
    g_assert_false (pool_action (f, "scratch", DOMUS_POOL_ACTION_STOP, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_assert_nonnull (strstr (error->message, "Stopping storage pool “scratch” failed: "));
    g_assert_nonnull (strstr (error->message, "not active"));
    g_clear_error (&error);

    g_assert_true (pool_action (f, "scratch", DOMUS_POOL_ACTION_START, &error));
    g_assert_no_error (error);
    g_assert_true (pool_action (f, "scratch", DOMUS_POOL_ACTION_DELETE_WITH_STORAGE, &error));
    g_assert_no_error (error);
    DOMUS_TEST_WAIT_UNTIL (has_event (f, "scratch", DOMUS_POOL_EVENT_UNDEFINED), TIMEOUT_S,
                           "the undefined event");
    info = read_pool (f, "scratch", &error);
    g_assert_null (info);
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_clear_error (&error);

    /* Deleting keeping the storage: defined again, then forgotten. */
    g_assert_true (define_pool (f, xml, FALSE, FALSE, &error));
    g_assert_true (pool_action (f, "scratch", DOMUS_POOL_ACTION_DELETE, &error));
    g_assert_no_error (error);
    info = read_pool (f, "scratch", NULL);
    g_assert_null (info);
}

static void
test_define_failure_removes (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GPtrArray) pools = NULL;
    /* Same target as default-pool: the test driver defines it, the start
     * fails on the duplicate, and the definition is removed again. */
    const char *xml = "<pool type='dir'><name>twin</name><target><path>/default-pool</path>"
                      "</target></pool>";

    if (define_pool (f, xml, FALSE, FALSE, &error)) {
        /* This libvirt allows it: nothing to undo; remove it ourselves. */
        g_assert_true (pool_action (f, "twin", DOMUS_POOL_ACTION_DELETE, NULL));
        g_test_skip ("the test driver accepts a second pool on the same path");
        return;
    }
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    domus_storage_list_pools_async (f->conn, NULL, domus_test_result_cb, &res);
    AWAIT (res, "the pools");
    pools = domus_storage_list_pools_finish (f->conn, res, NULL);
    for (guint i = 0; i < pools->len; i++)
        g_assert_cmpstr (((DomusPoolInfo *) g_ptr_array_index (pools, i))->name, !=, "twin");
}

static void
test_find_sources (Fixture *f, gconstpointer data)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) exports = NULL;
    g_auto(GStrv) groups = NULL;
    g_auto(GStrv) iqns = NULL;
    g_autoptr(DomusPoolSpec) nfs = domus_pool_spec_new ("netfs", NULL);
    g_autoptr(DomusPoolSpec) lvm = domus_pool_spec_new ("logical", NULL);
    g_autoptr(DomusPoolSpec) san = domus_pool_spec_new ("iscsi-direct", NULL);
    g_autofree char *asked = NULL;

    nfs->host = g_strdup ("nas.example.com");
    domus_storage_find_sources_async (f->conn, nfs, NULL, domus_test_result_cb, &res);
    AWAIT (res, "the exports");
    exports = domus_storage_find_sources_finish (f->conn, res, &error);
    g_assert_no_error (error);
    g_assert_cmpstrv (exports, ((const char *[]) { "/testshare", NULL }));
    g_clear_object (&res);

    domus_storage_find_sources_async (f->conn, lvm, NULL, domus_test_result_cb, &res);
    AWAIT (res, "the volume groups");
    groups = domus_storage_find_sources_finish (f->conn, res, &error);
    g_assert_no_error (error);
    g_assert_cmpstrv (groups, ((const char *[]) { "testvg1", "testvg2", NULL }));
    g_clear_object (&res);

    /* What iSCSI discovery asks: the portal, and who logs in (iscsi-direct). */
    san->host = g_strdup ("san");
    san->port = 3267;
    san->initiator_iqn = g_strdup ("iqn.2024-01.com.example:host");
    asked = domus_pool_spec_sources_xml (san);
    g_assert_cmpstr (asked, ==,
                     "<source>\n"
                     "  <host name=\"san\" port=\"3267\"/>\n"
                     "  <initiator>\n"
                     "    <iqn name=\"iqn.2024-01.com.example:host\"/>\n"
                     "  </initiator>\n"
                     "</source>\n");
    g_assert_null (domus_pool_spec_sources_xml (lvm));

    /* The test driver cannot discover iSCSI: libvirt's refusal, whole. */
    domus_storage_find_sources_async (f->conn, san, NULL, domus_test_result_cb, &res);
    AWAIT (res, "the iSCSI refusal");
    g_assert_null (domus_storage_find_sources_finish (f->conn, res, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_assert_nonnull (strstr (error->message, "does not support source discovery"));

    /* What a real iscsi discovery answers. */
    iqns = domus_storage_parse_sources (
        "iscsi", "<sources><source><host name='san' port='3260'/>"
                 "<device path='iqn.2024-01.com.example:a'/></source>"
                 "<source><host name='san'/><device path='iqn.2024-01.com.example:b'/>"
                 "</source></sources>");
    g_assert_cmpstrv (iqns, ((const char *[]) { "iqn.2024-01.com.example:a",
                                                "iqn.2024-01.com.example:b", NULL }));
}

/* ---- volumes ---- */

static void
define_guest_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    virDomainPtr dom = virDomainDefineXML (conn, task_data);

    g_assert_nonnull (dom);
    virDomainFree (dom);
    g_task_return_boolean (task, TRUE);
}

/* Defines guest XML on the connection's own (private) test host. */
static void
define_guest (DomusConnection *conn, const char *xml)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_connection_run_job (conn, define_guest_job, g_strdup (xml), g_free, NULL,
                              domus_test_result_cb, &res);
    AWAIT (res, "the guest defined");
    g_assert_true (g_task_propagate_boolean (G_TASK (res), NULL));
}

typedef struct {
    GPtrArray *volumes;
    guint batches;
    gboolean done;
} Listing;

static void
batch_cb (GPtrArray *batch, gpointer user_data)
{
    Listing *l = user_data;

    g_assert_false (l->done);
    g_assert_cmpuint (batch->len, >, 0);
    g_assert_cmpuint (batch->len, <=, DOMUS_STORAGE_VOLUME_BATCH);
    l->batches++;
    for (guint i = 0; i < batch->len; i++)
        g_ptr_array_add (l->volumes, domus_volume_info_copy (g_ptr_array_index (batch, i)));
}

static const DomusVolumeInfo *
find_volume (GPtrArray *volumes, const char *name)
{
    for (guint i = 0; i < volumes->len; i++) {
        const DomusVolumeInfo *v = g_ptr_array_index (volumes, i);

        if (g_str_equal (v->name, name))
            return v;
    }
    return NULL;
}

static GPtrArray *
list_volumes (Fixture *f, const char *pool, guint *batches)
{
    Listing l = { g_ptr_array_new_with_free_func ((GDestroyNotify) domus_volume_info_free) };
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    guint count = 0;

    domus_storage_list_volumes_batched_async (f->conn, pool, batch_cb, &l, NULL,
                                              domus_test_result_cb, &res);
    AWAIT (res, "the volumes");
    g_assert_true (domus_storage_list_volumes_batched_finish (f->conn, res, &count, &error));
    g_assert_no_error (error);
    l.done = TRUE;
    g_assert_cmpuint (count, ==, l.volumes->len);
    if (batches != NULL)
        *batches = l.batches;
    return l.volumes;
}

static char *
create_volume (Fixture *f, DomusVolumeSpec *spec, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_storage_create_volume_spec_async (f->conn, POOL, spec, NULL, domus_test_result_cb,
                                            &res);
    AWAIT (res, "the new volume");
    return domus_storage_create_volume_spec_finish (f->conn, res, error);
}

static gboolean
remove_volume (Fixture *f, const char *name, gboolean even_if_used, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_storage_remove_volume_async (f->conn, POOL, name, even_if_used, NULL,
                                       domus_test_result_cb, &res);
    AWAIT (res, "the volume deleted");
    return domus_storage_remove_volume_finish (f->conn, res, error);
}

static void
test_volume_batches (Fixture *f, gconstpointer data)
{
    g_autoptr(GPtrArray) volumes = NULL;
    guint batches = 0;
    guint n = DOMUS_STORAGE_VOLUME_BATCH * 2 + 7;

    for (guint i = 0; i < n; i++) {
        g_autofree char *name = g_strdup_printf ("v%04u.img", i);
        g_autoptr(DomusVolumeSpec) spec = domus_volume_spec_new (name, "raw", 1 << 20);
        g_autoptr(GError) error = NULL;
        g_autofree char *path = create_volume (f, spec, &error);

        g_assert_no_error (error);
    }
    volumes = list_volumes (f, POOL, &batches);
    g_assert_cmpuint (volumes->len, ==, n);
    g_assert_cmpuint (batches, ==, 3);
    g_assert_cmpstr (find_volume (volumes, "v0000.img")->path, ==, "/default-pool/v0000.img");
    g_assert_cmpuint (find_volume (volumes, "v0406.img")->capacity, ==, 1 << 20);
}

static void
test_volume_actions (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusVolumeSpec) spec = domus_volume_spec_new ("base.qcow2", "qcow2", 64 << 20);
    g_autoptr(DomusVolumeSpec) child = domus_volume_spec_new ("child.qcow2", "qcow2", 64 << 20);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) volumes = NULL;
    g_autoptr(GAsyncResult) res = NULL;
    g_autofree char *base = NULL;
    g_autofree char *path = NULL;
    g_autofree char *copy = NULL;
    g_autofree char *guest_xml = NULL;
    g_autofree char *child_xml = NULL;
    const DomusVolumeInfo *v;

    g_assert_true (domus_volume_spec_check (spec, "dir", &error));
    base = create_volume (f, spec, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (base, ==, "/default-pool/base.qcow2");

    child->backing_path = g_strdup (base);
    child->backing_format = g_strdup ("qcow2");
    g_assert_true (domus_volume_spec_check (child, "dir", &error));
    child_xml = domus_volume_spec_to_xml (child);
    g_assert_nonnull (strstr (child_xml, "<backingStore><path>/default-pool/base.qcow2</path>"
                                         "<format type=\"qcow2\"/></backingStore>"));
    path = create_volume (f, child, &error);
    g_assert_no_error (error);

    /* Checks: a raw volume cannot have a backing file, a block pool no qcow2. */
    g_free (child->format);
    child->format = g_strdup ("raw");
    g_assert_false (domus_volume_spec_check (child, "dir", &error));
    g_clear_error (&error);
    g_assert_false (domus_volume_spec_check (spec, "logical", &error));
    g_clear_error (&error);

    /* A guest whose disk is base.qcow2: shown as its user, deletion refused. */
    guest_xml = g_strdup ("<domain type='test'><name>user-guest</name><memory>65536</memory>"
                          "<os><type>hvm</type></os><devices><disk type='file' device='disk'>"
                          "<source file='/default-pool/base.qcow2'/><target dev='vda'/></disk>"
                          "<disk type='volume' device='disk'><source pool='default-pool' "
                          "volume='child.qcow2'/><target dev='vdb'/></disk></devices></domain>");
    define_guest (f->conn, guest_xml);

    volumes = list_volumes (f, POOL, NULL);
    v = find_volume (volumes, "base.qcow2");
    g_assert_cmpstr (v->format, ==, "qcow2");
    g_assert_cmpstrv (v->users, ((const char *[]) { "user-guest", NULL }));
    v = find_volume (volumes, "child.qcow2");
    g_assert_cmpstrv (v->users, ((const char *[]) { "user-guest", NULL }));

    g_assert_false (remove_volume (f, "base.qcow2", FALSE, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_IN_USE);
    g_assert_cmpstr (error->message, ==, "Volume “base.qcow2” is a disk of guest user-guest.");
    g_clear_error (&error);

    /* Clone, then delete the copy nobody uses, and the used one when confirmed. */
    domus_storage_clone_volume_async (f->conn, POOL, "base.qcow2", "copy.qcow2", NULL, NULL,
                                      domus_test_result_cb, &res);
    AWAIT (res, "the copy");
    copy = domus_storage_clone_volume_finish (f->conn, res, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (copy, ==, "/default-pool/copy.qcow2");
    g_assert_true (remove_volume (f, "copy.qcow2", FALSE, &error));
    g_assert_no_error (error);
    g_assert_true (remove_volume (f, "base.qcow2", TRUE, &error));
    g_assert_no_error (error);
    g_clear_pointer (&volumes, g_ptr_array_unref);
    volumes = list_volumes (f, POOL, NULL);
    g_assert_null (find_volume (volumes, "base.qcow2"));
    g_assert_null (find_volume (volumes, "copy.qcow2"));
    g_assert_nonnull (find_volume (volumes, "child.qcow2"));

    /* Resizing: the test driver has none; libvirt's refusal reaches us whole. */
    g_clear_object (&res);
    domus_storage_resize_volume_async (f->conn, POOL, "child.qcow2", 128 << 20, FALSE, NULL,
                                       domus_test_result_cb, &res);
    AWAIT (res, "the resize");
    g_assert_false (domus_storage_resize_volume_finish (f->conn, res, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_assert_nonnull (strstr (error->message, "virStorageVolResize"));
    g_clear_error (&error);
    /* Shrinking unconfirmed is refused before libvirt is asked. */
    g_clear_object (&res);
    domus_storage_resize_volume_async (f->conn, POOL, "child.qcow2", 1 << 20, FALSE, NULL,
                                       domus_test_result_cb, &res);
    AWAIT (res, "the shrink");
    g_assert_false (domus_storage_resize_volume_finish (f->conn, res, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "would lose the data"));
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();

#define ADD(path, func) \
    g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
    ADD ("/storage/pool-xml", test_pool_xml);
    ADD ("/storage/pool-checks", test_pool_checks);
    ADD ("/storage/pool-actions", test_pool_actions);
    ADD ("/storage/define-failure-removes", test_define_failure_removes);
    ADD ("/storage/find-sources", test_find_sources);
    ADD ("/storage/volume-batches", test_volume_batches);
    ADD ("/storage/volume-actions", test_volume_actions);
#undef ADD
    return g_test_run ();
}
