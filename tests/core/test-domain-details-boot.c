/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The boot order by device over the corpus in tests/data/domain-details:
 * read from <boot order> or from a legacy <os><boot dev> list, written as
 * per-device <boot order='N'/> with the legacy list gone, and nothing else
 * in the document changed (compared in canonical form with the <boot>
 * elements taken out by an XPath written here). Setting the order a guest
 * has changes nothing; the plan waits for a shutdown for a new order, and
 * not for a device removed before a booted one.
 */
#include "config.h"

#include <string.h>

#include <libxml/xpathInternals.h>

#include "domus-domain-details.h"
#include "domus-domain-details-apply.h"
#include "domus-domain-details-boot.h"
#include "domus-xml.h"

static const char *const corpus[] = {
    "kvm-linux.xml", "xen-pv.xml", "lxc.xml", "windows.xml", "test-driver.xml",
};

static DomusDomainDetails *
load (const char *name)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "domain-details",
                                                   name, NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;
    DomusDomainDetails *details;

    g_file_get_contents (path, &text, NULL, &error);
    g_assert_no_error (error);
    details = domus_domain_details_new (text, &error);
    g_assert_no_error (error);
    return details;
}

static char *
order_of (DomusDomainDetails *d)
{
    g_autoptr(GArray) devices = domus_domain_details_get_boot_devices (d);

    return domus_boot_devices_to_string ((DomusBootDevice *) (gpointer) devices->data,
                                         devices->len);
}

/* The document's canonical form with every node EXPR matches taken out. */
static char *
canonical_without (DomusDomainDetails *d, const char *expr)
{
    g_autofree char *xml = domus_domain_details_to_xml (d);
    g_autoptr(xmlDoc) doc = domus_xml_parse (xml, NULL);
    g_autoptr(xmlXPathContext) ctx = xmlXPathNewContext (doc);
    g_autoptr(xmlXPathObject) obj = xmlXPathEvalExpression (BAD_CAST expr, ctx);
    g_autoptr(DomusDomainDetails) stripped = NULL;
    xmlChar *dump = NULL;
    int size = 0;

    g_assert_nonnull (obj);
    for (int i = 0; obj->nodesetval != NULL && i < obj->nodesetval->nodeNr; i++) {
        xmlUnlinkNode (obj->nodesetval->nodeTab[i]);
        xmlFreeNode (obj->nodesetval->nodeTab[i]);
        obj->nodesetval->nodeTab[i] = NULL;
    }
    xmlDocDumpMemory (doc, &dump, &size);
    stripped = domus_domain_details_new ((const char *) dump, NULL);
    xmlFree (dump);
    g_assert_nonnull (stripped);
    return domus_domain_details_canonical (stripped);
}

static char *
xpath_string (DomusDomainDetails *d, const char *expr)
{
    g_autofree char *xml = domus_domain_details_to_xml (d);
    g_autoptr(xmlDoc) doc = domus_xml_parse (xml, NULL);
    g_autoptr(xmlXPathContext) ctx = xmlXPathNewContext (doc);

    return domus_xml_get_string (ctx, NULL, expr);
}

static void
test_read (void)
{
    struct {
        const char *file;
        const char *order;
        guint n_devices;
    } cases[] = {
        /* Legacy hd, cdrom: the first disk, the first CD-ROM. */
        { "kvm-linux.xml", "disk:0,disk:2", 7 },
        /* <boot order='1'/> on the disk wins over the legacy list. */
        { "windows.xml", "disk:0", 3 },
        { "xen-pv.xml", "", 3 },
        { "lxc.xml", "", 1 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(DomusDomainDetails) d = load (cases[i].file);
        g_autoptr(GArray) devices = domus_domain_details_get_boot_devices (d);
        g_autofree char *order = order_of (d);

        g_test_message ("%s: %s", cases[i].file, order);
        g_assert_cmpstr (order, ==, cases[i].order);
        g_assert_cmpuint (devices->len, ==, cases[i].n_devices);
        /* Those booted from come first, numbered from 1. */
        for (guint j = 0; j < devices->len; j++) {
            guint order_j = g_array_index (devices, DomusBootDevice, j).order;

            if (j > 0 && order_j != 0)
                g_assert_cmpuint (g_array_index (devices, DomusBootDevice, j - 1).order, ==,
                                  order_j - 1);
        }
    }
    {
        g_autoptr(DomusDomainDetails) d = load ("kvm-linux.xml");
        g_autoptr(GArray) devices = domus_domain_details_get_boot_devices (d);
        DomusBootDevice *last = &g_array_index (devices, DomusBootDevice, devices->len - 1);

        /* The rest in document order: NICs, then host devices. */
        g_assert_cmpint (g_array_index (devices, DomusBootDevice, 2).kind, ==, DOMUS_DEVICE_DISK);
        g_assert_cmpuint (g_array_index (devices, DomusBootDevice, 2).index, ==, 1);
        g_assert_cmpint (g_array_index (devices, DomusBootDevice, 3).kind, ==,
                         DOMUS_DEVICE_INTERFACE);
        g_assert_cmpint (last->kind, ==, DOMUS_DEVICE_HOSTDEV);
        g_assert_cmpuint (last->index, ==, 1);
    }
}

/* Setting what a guest has changes nothing, legacy list or not. */
static void
test_same (void)
{
    for (guint i = 0; i < G_N_ELEMENTS (corpus); i++) {
        g_autoptr(DomusDomainDetails) d = load (corpus[i]);
        g_autoptr(DomusDomainDetails) copy = domus_domain_details_copy (d);
        g_autoptr(GArray) devices = domus_domain_details_get_boot_devices (d);

        domus_domain_details_set_boot_devices (copy, (DomusBootDevice *) (gpointer) devices->data,
                                               devices->len);
        g_assert_true (domus_domain_details_equal (d, copy));
    }
}

/* Each file's bootable devices, the last one moved first and ticked, the
 * second unticked: written per device, the legacy list gone, nothing else
 * changed. */
static void
test_reorder (void)
{
    for (guint i = 0; i < G_N_ELEMENTS (corpus); i++) {
        g_autoptr(DomusDomainDetails) d = load (corpus[i]);
        g_autoptr(DomusDomainDetails) edited = domus_domain_details_copy (d);
        g_autoptr(GArray) devices = domus_domain_details_get_boot_devices (d);
        g_autofree char *wanted = NULL;
        g_autofree char *got = NULL;
        g_autofree char *before = NULL;
        g_autofree char *after = NULL;
        g_autofree char *os_boot = NULL;
        DomusBootDevice moved;

        if (devices->len < 2)
            continue;
        g_test_message ("%s", corpus[i]);
        moved = g_array_index (devices, DomusBootDevice, devices->len - 1);
        moved.order = 1;
        g_array_remove_index (devices, devices->len - 1);
        g_array_prepend_val (devices, moved);
        g_array_index (devices, DomusBootDevice, 1).order = 1;
        g_array_index (devices, DomusBootDevice, 2).order = 0;
        wanted = domus_boot_devices_to_string ((DomusBootDevice *) (gpointer) devices->data,
                                               devices->len);
        domus_domain_details_set_boot_devices (edited,
                                               (DomusBootDevice *) (gpointer) devices->data,
                                               devices->len);
        got = order_of (edited);
        g_assert_cmpstr (got, ==, wanted);
        os_boot = xpath_string (edited, "string(/domain/os/boot/@dev)");
        g_assert_null (os_boot);
        before = canonical_without (d, "/domain/os/boot|/domain/devices/*/boot");
        after = canonical_without (edited, "/domain/os/boot|/domain/devices/*/boot");
        g_assert_cmpstr (after, ==, before);
        /* Read back through a new parse: the same order. */
        {
            g_autofree char *xml = domus_domain_details_to_xml (edited);
            g_autoptr(DomusDomainDetails) again = domus_domain_details_new (xml, NULL);
            g_autofree char *order = order_of (again);

            g_assert_cmpstr (order, ==, wanted);
        }
    }
}

/* A new <boot> sits before <address>, indented like its siblings. */
static void
test_placement (void)
{
    g_autoptr(DomusDomainDetails) d = load ("kvm-linux.xml");
    DomusBootDevice order[] = { { DOMUS_DEVICE_INTERFACE, 0, 1 }, { DOMUS_DEVICE_DISK, 0, 1 } };
    g_autofree char *xml = NULL;
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;

    domus_domain_details_set_boot_devices (d, order, G_N_ELEMENTS (order));
    xml = domus_domain_details_to_xml (d);
    g_assert_nonnull (strstr (xml, "      <target dev=\"vda\" bus=\"virtio\"/>\n"
                                   "      <boot order=\"2\"/>\n"
                                   "      <address type=\"pci\""));
    g_assert_nonnull (strstr (xml, "      <bandwidth>\n"
                                   "        <inbound average=\"1000\"/>\n"
                                   "      </bandwidth>\n"
                                   "      <boot order=\"1\"/>\n"
                                   "    </interface>"));
    g_assert_null (strstr (xml, "<boot dev="));
    first = xpath_string (d, "string(/domain/devices/interface[1]/boot/@order)");
    second = xpath_string (d, "string(/domain/devices/disk[1]/boot/@order)");
    g_assert_cmpstr (first, ==, "1");
    g_assert_cmpstr (second, ==, "2");
    /* The CD-ROM, booted from before, no longer is. */
    g_assert_null (strstr (xml, "<boot order=\"3\"/>"));

    /* Nothing ticked: no <boot> anywhere (libvirt then boots as it likes). */
    domus_domain_details_set_boot_devices (d, NULL, 0);
    g_clear_pointer (&xml, g_free);
    xml = domus_domain_details_to_xml (d);
    g_assert_null (strstr (xml, "<boot "));
}

static void
test_strings (void)
{
    static const char *const bad[] = { "disk", "video:0", "disk:x", "disk:1,", ":1", "disk:1x" };
    g_autoptr(GArray) empty = domus_boot_devices_from_string ("");
    g_autoptr(GArray) three = domus_boot_devices_from_string ("hostdev:1,disk:0,interface:2");
    g_autofree char *text = NULL;

    g_assert_nonnull (empty);
    g_assert_cmpuint (empty->len, ==, 0);
    g_assert_nonnull (three);
    g_assert_cmpuint (three->len, ==, 3);
    g_assert_cmpint (g_array_index (three, DomusBootDevice, 0).kind, ==, DOMUS_DEVICE_HOSTDEV);
    g_assert_cmpuint (g_array_index (three, DomusBootDevice, 2).index, ==, 2);
    g_assert_cmpuint (g_array_index (three, DomusBootDevice, 2).order, ==, 3);
    text = domus_boot_devices_to_string ((DomusBootDevice *) (gpointer) three->data, three->len);
    g_assert_cmpstr (text, ==, "hostdev:1,disk:0,interface:2");
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
        g_autoptr(GArray) none = domus_boot_devices_from_string (bad[i]);

        g_test_message ("%s", bad[i]);
        g_assert_null (none);
    }
}

/* A new order is saved for the next start: no device updated live. */
static void
test_plan (void)
{
    g_autoptr(DomusDomainDetails) d = load ("windows.xml");
    g_autoptr(DomusDomainDetails) edited = domus_domain_details_copy (d);
    DomusBootDevice order[] = { { DOMUS_DEVICE_DISK, 1, 1 }, { DOMUS_DEVICE_DISK, 0, 1 } };
    DomusDetailsPlan *plan;

    domus_domain_details_set_boot_devices (edited, order, G_N_ELEMENTS (order));
    plan = domus_details_plan_new (d, edited);
    g_assert_cmpuint (plan->live->len, ==, 0);
    g_assert_true (plan->rest_changed);
    domus_details_plan_free (plan);
}

/* Removing a disk before the one booted from changes no boot order: the
 * plan detaches it live and has nothing left for a shutdown. */
static void
test_plan_remove_earlier (void)
{
    static const char xml[] =
        "<domain type='kvm'><name>g</name><memory>65536</memory><os><type>hvm</type></os>"
        "<devices>"
        "<disk type='file' device='disk'><source file='/a.img'/>"
        "<target dev='vda' bus='virtio'/></disk>"
        "<disk type='file' device='disk'><source file='/b.img'/>"
        "<target dev='vdb' bus='virtio'/><boot order='1'/></disk>"
        "<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/>"
        "<boot order='2'/></disk>"
        "</devices></domain>";
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusDomainDetails) d = domus_domain_details_new (xml, &error);
    g_autoptr(DomusDomainDetails) edited = NULL;
    DomusDetailsPlan *plan;

    g_assert_no_error (error);
    edited = domus_domain_details_copy (d);
    domus_domain_details_remove_device (edited, DOMUS_DEVICE_DISK, 0);
    plan = domus_details_plan_new (d, edited);
    g_assert_cmpuint (plan->live->len, ==, 1);
    g_assert_cmpint (((DomusDetailsLiveChange *) g_ptr_array_index (plan->live, 0))->kind, ==,
                     DOMUS_DETAILS_LIVE_DETACH_DEVICE);
    g_assert_false (plan->rest_changed);
    domus_details_plan_free (plan);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/domain-details-boot/read", test_read);
    g_test_add_func ("/domain-details-boot/same", test_same);
    g_test_add_func ("/domain-details-boot/reorder", test_reorder);
    g_test_add_func ("/domain-details-boot/placement", test_placement);
    g_test_add_func ("/domain-details-boot/strings", test_strings);
    g_test_add_func ("/domain-details-boot/plan", test_plan);
    g_test_add_func ("/domain-details-boot/plan-remove-earlier", test_plan_remove_earlier);
    return g_test_run ();
}
