/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pure side of migration: every choice of the Migrate dialog becomes
 * the virDomainMigrate3 flags and parameters it must; contradictory
 * choices are refused with a reason; the disks a storage copy moves, the
 * destination's new paths, job statistics as progress, a destination's
 * unsuitability and the whereabouts after a failure.
 */
#include "config.h"

#include <libvirt/libvirt.h>

#include "domus-domain-migrate-private.h"
#include "domus-error.h"

typedef struct {
    virTypedParameterPtr params;
    int nparams;
    unsigned int flags;
} Mapped;

static void
map_ok (const DomusMigrateOptions *options, Mapped *m)
{
    g_autoptr(GError) error = NULL;

    g_assert_true (domus_migrate_options_check (options, &error));
    g_assert_true (domus_migrate_options_to_params (options, &m->params, &m->nparams,
                                                    &m->flags, &error));
    g_assert_no_error (error);
}

static void
mapped_clear (Mapped *m)
{
    virTypedParamsFree (m->params, m->nparams);
    memset (m, 0, sizeof *m);
}

static void
test_defaults (void)
{
    g_autoptr(DomusMigrateOptions) options = domus_migrate_options_new ();
    Mapped m = { 0 };

    map_ok (options, &m);
    g_assert_cmphex (m.flags, ==, VIR_MIGRATE_LIVE | VIR_MIGRATE_PERSIST_DEST |
                                  VIR_MIGRATE_UNDEFINE_SOURCE);
    g_assert_cmpint (m.nparams, ==, 0);
    mapped_clear (&m);
}

/* Each option alone adds exactly its flag to the defaults. */
static void
apply_option (DomusMigrateOptions *o, guint which)
{
    switch (which) {
    case 0: o->transport = DOMUS_MIGRATE_PEER_TO_PEER; break;
    case 1: o->transport = DOMUS_MIGRATE_PEER_TO_PEER; o->tunnelled = TRUE; break;
    case 2: o->storage = DOMUS_MIGRATE_STORAGE_COPY_ALL; break;
    case 3: o->storage = DOMUS_MIGRATE_STORAGE_COPY_TOP; break;
    case 4: o->keep_source = TRUE; break;
    case 5: o->persistent = FALSE; break;
    case 6: o->auto_converge = TRUE; break;
    case 7: o->post_copy = TRUE; break;
    case 8: o->compressed = TRUE; break;
    case 9: o->allow_unsafe = TRUE; break;
    case 10: o->mode = DOMUS_MIGRATE_OFFLINE; break;
    default: g_assert_not_reached ();
    }
}

static void
test_each_flag (void)
{
    const unsigned int base = VIR_MIGRATE_LIVE | VIR_MIGRATE_PERSIST_DEST |
                              VIR_MIGRATE_UNDEFINE_SOURCE;
    struct {
        unsigned int add;
        unsigned int remove;
    } cases[] = {
        { VIR_MIGRATE_PEER2PEER, 0 },
        { VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_TUNNELLED, 0 },
        { VIR_MIGRATE_NON_SHARED_DISK, 0 },
        { VIR_MIGRATE_NON_SHARED_INC, 0 },
        { 0, VIR_MIGRATE_UNDEFINE_SOURCE },
        { 0, VIR_MIGRATE_PERSIST_DEST },
        { VIR_MIGRATE_AUTO_CONVERGE, 0 },
        { VIR_MIGRATE_POSTCOPY, 0 },
        { VIR_MIGRATE_COMPRESSED, 0 },
        { VIR_MIGRATE_UNSAFE, 0 },
        { VIR_MIGRATE_OFFLINE, VIR_MIGRATE_LIVE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(DomusMigrateOptions) options = domus_migrate_options_new ();
        Mapped m = { 0 };

        g_test_message ("option %u", i);
        apply_option (options, i);
        map_ok (options, &m);
        g_assert_cmphex (m.flags, ==, (base | cases[i].add) & ~cases[i].remove);
        g_assert_cmpint (m.nparams, ==, 0);
        mapped_clear (&m);
    }
}

static void
test_parameters (void)
{
    g_autoptr(DomusMigrateOptions) options = domus_migrate_options_new ();
    g_autoptr(DomusMigrateOptions) copy = NULL;
    Mapped m = { 0 };
    const char *uri = NULL;
    unsigned long long bandwidth = 0;

    options->address = g_strdup ("tcp://10.0.0.2:49152");
    options->bandwidth_mib = 3;
    copy = domus_migrate_options_copy (options);
    g_clear_pointer (&options->address, g_free);
    map_ok (copy, &m);
    g_assert_cmpint (m.nparams, ==, 2);
    g_assert_cmpint (virTypedParamsGetString (m.params, m.nparams, VIR_MIGRATE_PARAM_URI,
                                              &uri), ==, 1);
    g_assert_cmpstr (uri, ==, "tcp://10.0.0.2:49152");
    g_assert_cmpint (virTypedParamsGetULLong (m.params, m.nparams,
                                              VIR_MIGRATE_PARAM_BANDWIDTH, &bandwidth), ==, 1);
    g_assert_cmpuint (bandwidth, ==, 3);
    mapped_clear (&m);

    /* An empty address is no address. */
    options->address = g_strdup ("");
    map_ok (options, &m);
    g_assert_cmpint (virTypedParamsGetString (m.params, m.nparams, VIR_MIGRATE_PARAM_URI,
                                              &uri), ==, 0);
    mapped_clear (&m);
}

static void
refused (DomusMigrateOptions *options, const char *expected_part)
{
    g_autoptr(GError) error = NULL;
    Mapped m = { 0 };

    g_assert_false (domus_migrate_options_check (options, NULL));
    g_assert_false (domus_migrate_options_to_params (options, &m.params, &m.nparams,
                                                     &m.flags, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, expected_part));
    g_assert_null (m.params);
}

static void
test_contradictions (void)
{
    g_autoptr(DomusMigrateOptions) o = domus_migrate_options_new ();

    o->tunnelled = TRUE;
    refused (o, "peer-to-peer");
    o->transport = DOMUS_MIGRATE_PEER_TO_PEER;
    o->storage = DOMUS_MIGRATE_STORAGE_COPY_ALL;
    refused (o, "cannot copy disks");
    o->storage = DOMUS_MIGRATE_STORAGE_SHARED;
    o->address = g_strdup ("tcp://10.0.0.2");
    refused (o, "no migration address");

    g_clear_pointer (&o, domus_migrate_options_free);
    o = domus_migrate_options_new ();
    o->mode = DOMUS_MIGRATE_OFFLINE;
    o->persistent = FALSE;
    refused (o, "persistent");
    o->persistent = TRUE;
    /* Domus copies a shut-off guest's disks itself, talking to both hosts. */
    o->storage = DOMUS_MIGRATE_STORAGE_COPY_TOP;
    g_assert_true (domus_migrate_options_check (o, NULL));
    o->storage = DOMUS_MIGRATE_STORAGE_COPY_ALL;
    g_assert_true (domus_migrate_options_check (o, NULL));
    o->transport = DOMUS_MIGRATE_PEER_TO_PEER;
    refused (o, "direct connection");
    o->transport = DOMUS_MIGRATE_DIRECT;
    o->storage = DOMUS_MIGRATE_STORAGE_SHARED;
    o->post_copy = TRUE;
    refused (o, "live migration only");

    g_clear_pointer (&o, domus_migrate_options_free);
    o = domus_migrate_options_new ();
    o->address = g_strdup ("10.0.0.2");
    refused (o, "tcp://");
}

static void
test_peer_uri (void)
{
    struct { const char *in, *out; } cases[] = {
        { "qemu:///system?socket=/tmp/d/libvirt-sock",
          "qemu+unix:///system?socket=/tmp/d/libvirt-sock" },
        { "qemu:///system", "qemu+unix:///system" },
        { "qemu+ssh://root@hv2/system", "qemu+ssh://root@hv2/system" },
        { "qemu+tcp://127.0.0.1:16509/system", "qemu+tcp://127.0.0.1:16509/system" },
        { "qemu://hv2/system", "qemu://hv2/system" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *uri = domus_migrate_peer_uri (cases[i].in);

        g_assert_cmpstr (uri, ==, cases[i].out);
    }
}

#define DOMAIN_XML \
    "<domain type='qemu'><name>g</name><devices>"                                    \
    "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"             \
    "<source file='/var/lib/a/top.qcow2'/>"                                          \
    "<backingStore type='file'><format type='raw'/>"                                 \
    "<source file='/var/lib/a/base.img'/></backingStore>"                            \
    "<target dev='vda' bus='virtio'/></disk>"                                        \
    "<disk type='file' device='disk'><source file='/var/lib/a/data.img'/>"           \
    "<target dev='vdb' bus='virtio'/></disk>"                                        \
    "<disk type='file' device='disk'><source file='/var/lib/a/ro.img'/>"             \
    "<target dev='vdc' bus='virtio'/><readonly/></disk>"                             \
    "<disk type='file' device='disk'><source file='/var/lib/a/shared.img'/>"         \
    "<target dev='vdd' bus='virtio'/><shareable/></disk>"                            \
    "<disk type='file' device='cdrom'><source file='/iso/x.iso'/>"                   \
    "<target dev='hdc' bus='ide'/><readonly/></disk>"                                \
    "<disk type='network' device='disk'><source protocol='nbd' name='x'/>"           \
    "<target dev='vde' bus='virtio'/></disk>"                                        \
    "</devices></domain>"

static void
test_disks (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) none = domus_migrate_list_disks (DOMAIN_XML,
                                                          DOMUS_MIGRATE_STORAGE_SHARED, &error);
    g_autoptr(GPtrArray) disks = domus_migrate_list_disks (DOMAIN_XML,
                                                           DOMUS_MIGRATE_STORAGE_COPY_ALL,
                                                           &error);
    const DomusMigrateDisk *top;
    const DomusMigrateDisk *data;
    g_autofree char *xml_top = NULL;
    g_autofree char *xml_all = NULL;
    g_autofree char *xml_raw = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpuint (disks->len, ==, 2);
    top = g_ptr_array_index (disks, 0);
    data = g_ptr_array_index (disks, 1);
    g_assert_cmpstr (top->target, ==, "vda");
    g_assert_cmpstr (top->path, ==, "/var/lib/a/top.qcow2");
    g_assert_cmpstr (top->format, ==, "qcow2");
    g_assert_cmpstr (top->backing_path, ==, "/var/lib/a/base.img");
    g_assert_cmpstr (top->backing_format, ==, "raw");
    g_assert_cmpstr (data->path, ==, "/var/lib/a/data.img");
    g_assert_cmpstr (data->format, ==, "raw");
    g_assert_null (data->backing_path);

    xml_top = domus_migrate_volume_xml (top, "top.qcow2", 1048576, TRUE);
    g_assert_cmpstr (xml_top, ==,
                     "<volume>\n"
                     "  <name>top.qcow2</name>\n"
                     "  <capacity unit='bytes'>1048576</capacity>\n"
                     "  <target>\n"
                     "    <format type='qcow2'/>\n"
                     "  </target>\n"
                     "  <backingStore>\n"
                     "    <path>/var/lib/a/base.img</path>\n"
                     "    <format type='raw'/>\n"
                     "  </backingStore>\n"
                     "</volume>\n");
    xml_all = domus_migrate_volume_xml (top, "top.qcow2", 1048576, FALSE);
    g_assert_null (strstr (xml_all, "backingStore"));
    xml_raw = domus_migrate_volume_xml (data, "a&b", 512, TRUE);
    g_assert_nonnull (strstr (xml_raw, "<name>a&amp;b</name>"));
    g_assert_null (strstr (xml_raw, "backingStore"));

    g_assert_null (domus_migrate_list_disks ("<domain", DOMUS_MIGRATE_STORAGE_COPY_ALL,
                                             &error));
    g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE);
}

static void
test_rewrite (void)
{
    g_autoptr(GHashTable) moves = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;

    g_hash_table_insert (moves, "/var/lib/a/data.img", "/srv/b/data.img");
    xml = domus_migrate_rewrite_disks (DOMAIN_XML, moves, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (xml, "<source file=\"/srv/b/data.img\"/>"));
    g_assert_null (strstr (xml, "/var/lib/a/data.img"));
    /* The rest stays as it was. */
    g_assert_nonnull (strstr (xml, "<source file=\"/var/lib/a/top.qcow2\"/>"));
    g_assert_nonnull (strstr (xml, "<source protocol=\"nbd\" name=\"x\"/>"));
}

static void
test_progress (void)
{
    virTypedParameterPtr params = NULL;
    int n = 0;
    int max = 0;
    DomusMigrateProgress p;
    g_autofree char *text = NULL;

    virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_DATA_PROCESSED, 12 << 20);
    virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_DATA_REMAINING, 52 << 20);
    virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_DATA_TOTAL, 64 << 20);
    virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_MEMORY_BPS, 1000000);
    virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_MEMORY_DIRTY_RATE, 10);
    virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_MEMORY_PAGE_SIZE, 4096);
    virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_MEMORY_ITERATION, 2);
    virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_DOWNTIME, 30);
    virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_TIME_ELAPSED, 1500);

    /* Before memory moves, nothing says a phase. */
    domus_migrate_progress_from_stats (params, 3, FALSE, &p);
    g_assert_cmpint (p.phase, ==, DOMUS_MIGRATE_PHASE_STARTING);

    domus_migrate_progress_from_stats (params, n, FALSE, &p);
    g_assert_cmpint (p.phase, ==, DOMUS_MIGRATE_PHASE_MEMORY);
    g_assert_cmpuint (p.processed_bytes, ==, 12 << 20);
    g_assert_cmpuint (p.remaining_bytes, ==, 52 << 20);
    g_assert_cmpuint (p.total_bytes, ==, 64 << 20);
    g_assert_cmpuint (p.rate_bytes, ==, 1000000);
    g_assert_cmpuint (p.dirty_rate_bytes, ==, 40960);
    g_assert_cmpuint (p.iterations, ==, 2);
    g_assert_cmpuint (p.downtime_ms, ==, 30);
    g_assert_cmpuint (p.elapsed_ms, ==, 1500);
    text = domus_migrate_progress_describe (&p);
    g_assert_cmpstr (text, ==, "12.6\u00a0MB of 67.1\u00a0MB, 1.0\u00a0MB/s, dirtying 41.0\u00a0kB/s, pass 2, "
                               "expected downtime 30 ms");

    domus_migrate_progress_from_stats (params, n, TRUE, &p);
    g_assert_cmpint (p.phase, ==, DOMUS_MIGRATE_PHASE_POST_COPY);

    /* Disks first: storage until they are copied. */
    virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_DISK_TOTAL, 100 << 20);
    virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_DISK_REMAINING, 10 << 20);
    domus_migrate_progress_from_stats (params, n, FALSE, &p);
    g_assert_cmpint (p.phase, ==, DOMUS_MIGRATE_PHASE_STORAGE);
    virTypedParamsFree (params, n);

    /* Disks alone say how much is copied, without passes or downtime. */
    memset (&p, 0, sizeof p);
    p.phase = DOMUS_MIGRATE_PHASE_STORAGE;
    p.processed_bytes = 12 << 20;
    p.total_bytes = 64 << 20;
    g_clear_pointer (&text, g_free);
    text = domus_migrate_progress_describe (&p);
    g_assert_cmpstr (text, ==, "12.6\u00a0MB of 67.1\u00a0MB copied");
    p.rate_bytes = 1000000;
    g_clear_pointer (&text, g_free);
    text = domus_migrate_progress_describe (&p);
    g_assert_cmpstr (text, ==, "12.6\u00a0MB of 67.1\u00a0MB copied, 1.0\u00a0MB/s");

    memset (&p, 0, sizeof p);
    g_clear_pointer (&text, g_free);
    text = domus_migrate_progress_describe (&p);
    g_assert_cmpstr (text, ==, "Starting");
}

static void
test_destination (void)
{
    DomusMigrateHost source = { "uuid-a", "QEMU", "x86_64", 4, 1 << 20, 65536 };
    DomusMigrateHost dest = { "uuid-b", "QEMU", "x86_64", 2, 1 << 20, 0 };
    g_autofree char *same = NULL;
    g_autofree char *xen = NULL;
    g_autofree char *arm = NULL;
    g_autofree char *small = NULL;

    g_assert_null (domus_migrate_check_destination (&source, &dest));
    dest.host_uuid = "uuid-a";
    same = domus_migrate_check_destination (&source, &dest);
    g_assert_cmpstr (same, ==, "It is the guest’s own host.");
    dest.host_uuid = "uuid-b";
    dest.hypervisor = "Xen";
    xen = domus_migrate_check_destination (&source, &dest);
    g_assert_cmpstr (xen, ==, "Its hypervisor is Xen, not QEMU.");
    dest.hypervisor = "QEMU";
    dest.arch = "aarch64";
    arm = domus_migrate_check_destination (&source, &dest);
    g_assert_cmpstr (arm, ==, "Its processors are aarch64, not x86_64.");
    dest.arch = "x86_64";
    dest.free_memory_kib = 32768;
    small = domus_migrate_check_destination (&source, &dest);
    g_assert_cmpstr (small, ==, "The guest needs 67.1\u00a0MB of memory; it has 33.6\u00a0MB free.");
    dest.free_memory_kib = 65536;
    g_assert_null (domus_migrate_check_destination (&source, &dest));
    /* A host that does not say how much it has free is not refused. */
    dest.free_memory_kib = 0;
    g_assert_null (domus_migrate_check_destination (&source, &dest));
}

static void
test_whereabouts (void)
{
    struct { int source, dest; const char *text; } cases[] = {
        { VIR_DOMAIN_RUNNING, -1, "“g” is still running on hv1. Nothing was left on hv2." },
        { -1, VIR_DOMAIN_RUNNING, "“g” is no longer on hv1. It is running on hv2." },
        { VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED, "“g” is paused on hv1. It is paused on hv2." },
        { VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF,
          "“g” is shut off on hv1. It is defined but shut off on hv2." },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *text = domus_migrate_describe_whereabouts ("g", "hv1", cases[i].source,
                                                                    "hv2", cases[i].dest);

        g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    /* Typed parameters use libvirt's per-thread error state. */
    g_assert_cmpint (virInitialize (), ==, 0);
    g_test_add_func ("/migrate/options/defaults", test_defaults);
    g_test_add_func ("/migrate/options/each-flag", test_each_flag);
    g_test_add_func ("/migrate/options/parameters", test_parameters);
    g_test_add_func ("/migrate/options/contradictions", test_contradictions);
    g_test_add_func ("/migrate/peer-uri", test_peer_uri);
    g_test_add_func ("/migrate/disks", test_disks);
    g_test_add_func ("/migrate/rewrite", test_rewrite);
    g_test_add_func ("/migrate/progress", test_progress);
    g_test_add_func ("/migrate/destination", test_destination);
    g_test_add_func ("/migrate/whereabouts", test_whereabouts);
    return g_test_run ();
}
