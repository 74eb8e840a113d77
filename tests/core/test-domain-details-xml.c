/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusDomainDetails over a corpus of domain XML (tests/data/domain-details:
 * KVM with many device kinds and foreign metadata, Xen PV with kernel boot,
 * LXC, Windows with Hyper-V features, a bare test-driver guest). For each
 * page's field: parse, change the field, write; the written document says
 * the new value, and once the nodes the field owns (an XPath written here,
 * not by the code under test) are taken out of both, it is the input in
 * canonical form. Also the plan (what applies live) and the inline checks.
 */
#include "config.h"

#include <libxml/c14n.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#include "domus-domain-details.h"
#include "domus-domain-details-apply.h"
#include "domus-xml.h"

static const char *const corpus[] = {
    "kvm-linux.xml", "xen-pv.xml", "lxc.xml", "windows.xml", "test-driver.xml",
};

static char *
read_corpus (const char *name)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "domain-details",
                                                   name, NULL);
    g_autoptr(GError) error = NULL;
    char *text = NULL;

    g_file_get_contents (path, &text, NULL, &error);
    g_assert_no_error (error);
    return text;
}

/* ---- normalising for comparison ---------------------------------------- */

static void
remove_xpath (xmlDocPtr doc, const char *expr)
{
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(xmlXPathObject) obj = NULL;

    if (expr == NULL)
        return;
    ctx = xmlXPathNewContext (doc);
    obj = xmlXPathEvalExpression (BAD_CAST expr, ctx);
    g_assert_nonnull (obj);
    for (int i = 0; obj->nodesetval != NULL && i < obj->nodesetval->nodeNr; i++) {
        xmlNodePtr node = obj->nodesetval->nodeTab[i];

        if (node->type == XML_ATTRIBUTE_NODE) {
            xmlRemoveProp ((xmlAttrPtr) node);
        } else {
            xmlUnlinkNode (node);
            xmlFreeNode (node);
        }
        obj->nodesetval->nodeTab[i] = NULL;
    }
}

static void
strip (xmlNodePtr node)
{
    static const char *const containers[] = { "metadata", "cpu", "memoryBacking", "driver",
                                              "libosinfo", NULL };
    xmlNodePtr child = node->children;

    while (child != NULL) {
        xmlNodePtr next = child->next;

        if (child->type == XML_TEXT_NODE && xmlIsBlankNode (child)) {
            xmlUnlinkNode (child);
            xmlFreeNode (child);
        } else if (child->type == XML_ELEMENT_NODE) {
            strip (child);
            /* A container the edit made, now empty again. */
            if (child->children == NULL && child->properties == NULL &&
                g_strv_contains (containers, (const char *) child->name)) {
                xmlUnlinkNode (child);
                xmlFreeNode (child);
            }
        }
        child = next;
    }
}

static char *
normalised (const char *xml, const char *owned)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(xmlDoc) doc = domus_xml_parse (xml, &error);
    xmlChar *out = NULL;
    char *result;

    g_assert_no_error (error);
    remove_xpath (doc, owned);
    strip (xmlDocGetRootElement (doc));
    g_assert_cmpint (xmlC14NDocDumpMemory (doc, NULL, XML_C14N_1_0, NULL, 1, &out), >=, 0);
    result = g_strdup ((const char *) out);
    xmlFree (out);
    return result;
}

static gboolean
has_xpath (const char *xml, const char *expr)
{
    g_autoptr(xmlDoc) doc = domus_xml_parse (xml, NULL);
    g_autoptr(xmlXPathContext) ctx = xmlXPathNewContext (doc);
    g_autoptr(xmlXPathObject) obj = xmlXPathEvalExpression (BAD_CAST expr, ctx);

    return obj != NULL && obj->nodesetval != NULL && obj->nodesetval->nodeNr > 0;
}

static char *
xpath_string (const char *xml, const char *expr)
{
    g_autoptr(xmlDoc) doc = domus_xml_parse (xml, NULL);
    g_autoptr(xmlXPathContext) ctx = xmlXPathNewContext (doc);

    return domus_xml_get_string (ctx, NULL, expr);
}

/* ---- the edits ----------------------------------------------------------- */

typedef struct {
    const char *name;
    const char *requires;       /* XPath the input must match, or NULL */
    const char *owned_in;       /* what the field owns in the input */
    const char *owned_out;      /* ... in the output (NULL: as in the input) */
    gboolean owned_out_none;    /* nothing owned in the output */
    void (*edit) (DomusDomainDetails *details);
    const char *check;          /* XPath whose string the output must give */
    const char *expected;
} Edit;

static guint
index_of (DomusDomainDetails *d, DomusDeviceKind kind, const char *path, const char *value)
{
    guint n = domus_domain_details_count_devices (d, kind);

    for (guint i = 0; i < n; i++) {
        g_autofree char *v = domus_domain_details_get_device_value (d, kind, i, path);

        if (g_strcmp0 (v, value) == 0)
            return i;
    }
    g_assert_not_reached ();
}

static void edit_title (DomusDomainDetails *d) { domus_domain_details_set_title (d, "Changed <title> & more"); }
static void edit_no_title (DomusDomainDetails *d) { domus_domain_details_set_title (d, NULL); }
static void edit_description (DomusDomainDetails *d) { domus_domain_details_set_description (d, "New\ndescription"); }
static void edit_os_id (DomusDomainDetails *d) { domus_domain_details_set_os_id (d, "http://ubuntu.com/ubuntu/24.04"); }
static void edit_name (DomusDomainDetails *d) { domus_domain_details_set_name (d, "renamed"); }

static void
edit_vcpus (DomusDomainDetails *d)
{
    guint max = domus_domain_details_get_max_vcpus (d);

    domus_domain_details_set_vcpus (d, 1, max + 2);
}

static void edit_cpu_host_model (DomusDomainDetails *d) { domus_domain_details_set_cpu_mode (d, DOMUS_CPU_MODE_HOST_MODEL, NULL); }
static void edit_cpu_named (DomusDomainDetails *d) { domus_domain_details_set_cpu_mode (d, DOMUS_CPU_MODE_CUSTOM, "EPYC"); }

static void
edit_topology (DomusDomainDetails *d)
{
    domus_domain_details_set_topology (d, 2, domus_domain_details_get_max_vcpus (d), 1);
}

static void
edit_memory (DomusDomainDetails *d)
{
    guint64 max = domus_domain_details_get_max_memory (d);

    domus_domain_details_set_memory (d, max / 4, max);
}

static void
edit_max_memory (DomusDomainDetails *d)
{
    domus_domain_details_set_memory (d, domus_domain_details_get_memory (d),
                                     domus_domain_details_get_max_memory (d) * 2);
}

static void edit_shared_memory (DomusDomainDetails *d) { domus_domain_details_set_shared_memory (d, TRUE); }

static void
edit_boot_order (DomusDomainDetails *d)
{
    const char *const order[] = { "network", "hd", NULL };

    domus_domain_details_set_boot_order (d, order);
}

static void edit_boot_menu (DomusDomainDetails *d) { domus_domain_details_set_boot_menu (d, !domus_domain_details_get_boot_menu (d)); }
static void edit_cmdline (DomusDomainDetails *d) { domus_domain_details_set_kernel (d, "cmdline", "console=ttyS0 quiet"); }
static void edit_kernel (DomusDomainDetails *d) { domus_domain_details_set_kernel (d, "kernel", "/boot/vmlinuz-new"); }
static void edit_disk_source (DomusDomainDetails *d) { domus_domain_details_set_disk_source (d, 0, "/var/lib/images/new.qcow2", FALSE); }
static void edit_disk_block (DomusDomainDetails *d) { domus_domain_details_set_disk_source (d, 0, "/dev/sdz", TRUE); }

static void
edit_cdrom_eject (DomusDomainDetails *d)
{
    domus_domain_details_set_disk_source (d, index_of (d, DOMUS_DEVICE_DISK, "@device", "cdrom"),
                                          NULL, FALSE);
}

static void
edit_cdrom_insert (DomusDomainDetails *d)
{
    domus_domain_details_set_disk_source (d, index_of (d, DOMUS_DEVICE_DISK, "@device", "cdrom"),
                                          "/srv/iso/rescue.iso", FALSE);
}

static void edit_disk_readonly (DomusDomainDetails *d) { domus_domain_details_set_device_value (d, DOMUS_DEVICE_DISK, 0, "readonly", "yes"); }
static void edit_disk_cache (DomusDomainDetails *d) { domus_domain_details_set_device_value (d, DOMUS_DEVICE_DISK, 0, "driver/@cache", "none"); }
static void edit_disk_bus (DomusDomainDetails *d) { domus_domain_details_set_device_value (d, DOMUS_DEVICE_DISK, 0, "target/@bus", "scsi"); }
static void edit_nic_link (DomusDomainDetails *d) { domus_domain_details_set_device_value (d, DOMUS_DEVICE_INTERFACE, 0, "link/@state", "down"); }
static void edit_nic_model (DomusDomainDetails *d) { domus_domain_details_set_device_value (d, DOMUS_DEVICE_INTERFACE, 0, "model/@type", "rtl8139"); }
static void edit_nic_mac (DomusDomainDetails *d) { domus_domain_details_set_device_value (d, DOMUS_DEVICE_INTERFACE, 0, "mac/@address", "52:54:00:00:00:99"); }
static void edit_nic_bridge (DomusDomainDetails *d) { domus_domain_details_set_nic_source (d, 0, "bridge", "br7"); }
static void edit_nic_network (DomusDomainDetails *d) { domus_domain_details_set_nic_source (d, 0, "network", "lab"); }
static void edit_graphics_passwd (DomusDomainDetails *d) { domus_domain_details_set_device_value (d, DOMUS_DEVICE_GRAPHICS, 0, "@passwd", "s3cret"); }
static void edit_video_model (DomusDomainDetails *d) { domus_domain_details_set_device_value (d, DOMUS_DEVICE_VIDEO, 0, "model/@type", "vga"); }
static void edit_sound_model (DomusDomainDetails *d) { domus_domain_details_set_device_value (d, DOMUS_DEVICE_SOUND, 0, "@model", "ich6"); }
static void edit_watchdog (DomusDomainDetails *d) { domus_domain_details_set_device_value (d, DOMUS_DEVICE_WATCHDOG, 0, "@action", "poweroff"); }
static void edit_input_bus (DomusDomainDetails *d) { domus_domain_details_set_device_value (d, DOMUS_DEVICE_INPUT, 0, "@bus", "virtio"); }
static void edit_fs_target (DomusDomainDetails *d) { domus_domain_details_set_device_value (d, DOMUS_DEVICE_FILESYSTEM, 0, "target/@dir", "/data"); }
static void edit_tpm_version (DomusDomainDetails *d) { domus_domain_details_set_device_value (d, DOMUS_DEVICE_TPM, 0, "backend/@version", "1.2"); }
static void edit_rng_backend (DomusDomainDetails *d) { domus_domain_details_set_device_value (d, DOMUS_DEVICE_RNG, 0, "rate/@bytes", "1024"); }
static void edit_controller (DomusDomainDetails *d) { domus_domain_details_set_device_value (d, DOMUS_DEVICE_CONTROLLER, 0, "@model", "nec-xhci"); }

static void
edit_add_rng (DomusDomainDetails *d)
{
    g_autoptr(GError) error = NULL;
    DomusDeviceKind kind;
    guint index;

    g_assert_true (domus_domain_details_add_device (d, "<rng model='virtio'><backend "
                                                       "model='random'>/dev/random</backend>"
                                                       "</rng>", &kind, &index, &error));
    g_assert_no_error (error);
    g_assert_cmpint (kind, ==, DOMUS_DEVICE_RNG);
    g_assert_cmpuint (index + 1, ==, domus_domain_details_count_devices (d, DOMUS_DEVICE_RNG));
}

static void
edit_remove_input (DomusDomainDetails *d)
{
    domus_domain_details_remove_device (d, DOMUS_DEVICE_INPUT, 0);
}

static void
edit_replace_console (DomusDomainDetails *d)
{
    g_autoptr(GError) error = NULL;

    g_assert_true (domus_domain_details_set_device_xml (d, DOMUS_DEVICE_CONSOLE, 0,
                                                       "<console type='file'><source path='/tmp/c.log'/>"
                                                       "</console>", &error));
    g_assert_no_error (error);
}

static const Edit edits[] = {
    { "title", NULL, "/domain/title", NULL, FALSE, edit_title, "/domain/title", "Changed <title> & more" },
    { "no-title", "/domain/title", "/domain/title", NULL, FALSE, edit_no_title, "count(/domain/title)", "0" },
    { "description", NULL, "/domain/description", NULL, FALSE, edit_description, "/domain/description", "New\ndescription" },
    { "os-id", NULL, "/domain/metadata/*[local-name()='libosinfo']", NULL, FALSE, edit_os_id,
      "/domain/metadata/*[local-name()='libosinfo']/*[local-name()='os']/@id", "http://ubuntu.com/ubuntu/24.04" },
    { "name", NULL, "/domain/name", NULL, FALSE, edit_name, "/domain/name", "renamed" },
    { "vcpus", NULL, "/domain/vcpu", NULL, FALSE, edit_vcpus, "/domain/vcpu/@current", "1" },
    { "cpu-host-model", NULL, "/domain/cpu/@mode|/domain/cpu/model|/domain/cpu/@match", NULL, FALSE,
      edit_cpu_host_model, "/domain/cpu/@mode", "host-model" },
    { "cpu-named", NULL, "/domain/cpu/@mode|/domain/cpu/model|/domain/cpu/@match", NULL, FALSE,
      edit_cpu_named, "/domain/cpu/model", "EPYC" },
    { "topology", NULL, "/domain/cpu/topology", NULL, FALSE, edit_topology, "/domain/cpu/topology/@sockets", "2" },
    { "memory", NULL, "/domain/currentMemory", NULL, FALSE, edit_memory, "/domain/currentMemory/@unit", "KiB" },
    { "max-memory", NULL, "/domain/memory|/domain/currentMemory", NULL, FALSE, edit_max_memory, "/domain/memory/@unit", "KiB" },
    { "shared-memory", NULL, "/domain/memoryBacking/source[@type='memfd']|/domain/memoryBacking/access", NULL, FALSE,
      edit_shared_memory, "/domain/memoryBacking/access/@mode", "shared" },
    { "boot-order", NULL, "/domain/os/boot", NULL, FALSE, edit_boot_order, "/domain/os/boot[1]/@dev", "network" },
    { "boot-menu", NULL, "/domain/os/bootmenu", NULL, FALSE, edit_boot_menu, NULL, NULL },
    { "cmdline", NULL, "/domain/os/cmdline", NULL, FALSE, edit_cmdline, "/domain/os/cmdline", "console=ttyS0 quiet" },
    { "kernel", NULL, "/domain/os/kernel", NULL, FALSE, edit_kernel, "/domain/os/kernel", "/boot/vmlinuz-new" },
    { "disk-source", "/domain/devices/disk", "/domain/devices/disk[1]/source|/domain/devices/disk[1]/@type", NULL, FALSE,
      edit_disk_source, "/domain/devices/disk[1]/source/@file", "/var/lib/images/new.qcow2" },
    { "disk-block", "/domain/devices/disk", "/domain/devices/disk[1]/source|/domain/devices/disk[1]/@type", NULL, FALSE,
      edit_disk_block, "/domain/devices/disk[1]/@type", "block" },
    { "cdrom-eject", "/domain/devices/disk[@device='cdrom']/source", "/domain/devices/disk[@device='cdrom'][1]/source", NULL, FALSE,
      edit_cdrom_eject, "count(/domain/devices/disk[@device='cdrom'][1]/source)", "0" },
    { "cdrom-insert", "/domain/devices/disk[@device='cdrom']", "/domain/devices/disk[@device='cdrom'][1]/source", NULL, FALSE,
      edit_cdrom_insert, "/domain/devices/disk[@device='cdrom'][1]/source/@file", "/srv/iso/rescue.iso" },
    { "disk-readonly", "/domain/devices/disk", "/domain/devices/disk[1]/readonly", NULL, FALSE,
      edit_disk_readonly, "count(/domain/devices/disk[1]/readonly)", "1" },
    { "disk-cache", "/domain/devices/disk", "/domain/devices/disk[1]/driver/@cache", NULL, FALSE,
      edit_disk_cache, "/domain/devices/disk[1]/driver/@cache", "none" },
    { "disk-bus", "/domain/devices/disk", "/domain/devices/disk[1]/target/@bus", NULL, FALSE,
      edit_disk_bus, "/domain/devices/disk[1]/target/@bus", "scsi" },
    { "nic-link", "/domain/devices/interface", "/domain/devices/interface[1]/link", NULL, FALSE,
      edit_nic_link, "/domain/devices/interface[1]/link/@state", "down" },
    { "nic-model", "/domain/devices/interface", "/domain/devices/interface[1]/model", NULL, FALSE,
      edit_nic_model, "/domain/devices/interface[1]/model/@type", "rtl8139" },
    { "nic-mac", "/domain/devices/interface", "/domain/devices/interface[1]/mac/@address", NULL, FALSE,
      edit_nic_mac, "/domain/devices/interface[1]/mac/@address", "52:54:00:00:00:99" },
    { "nic-bridge", "/domain/devices/interface", "/domain/devices/interface[1]/source|/domain/devices/interface[1]/@type", NULL, FALSE,
      edit_nic_bridge, "/domain/devices/interface[1]/source/@bridge", "br7" },
    { "nic-network", "/domain/devices/interface", "/domain/devices/interface[1]/source|/domain/devices/interface[1]/@type", NULL, FALSE,
      edit_nic_network, "/domain/devices/interface[1]/source/@network", "lab" },
    { "graphics-passwd", "/domain/devices/graphics", "/domain/devices/graphics[1]/@passwd", NULL, FALSE,
      edit_graphics_passwd, "/domain/devices/graphics[1]/@passwd", "s3cret" },
    { "video-model", "/domain/devices/video", "/domain/devices/video[1]/model/@type", NULL, FALSE,
      edit_video_model, "/domain/devices/video[1]/model/@type", "vga" },
    { "sound-model", "/domain/devices/sound", "/domain/devices/sound[1]/@model", NULL, FALSE,
      edit_sound_model, "/domain/devices/sound[1]/@model", "ich6" },
    { "watchdog", "/domain/devices/watchdog", "/domain/devices/watchdog[1]/@action", NULL, FALSE,
      edit_watchdog, "/domain/devices/watchdog[1]/@action", "poweroff" },
    { "input-bus", "/domain/devices/input", "/domain/devices/input[1]/@bus", NULL, FALSE,
      edit_input_bus, "/domain/devices/input[1]/@bus", "virtio" },
    { "filesystem", "/domain/devices/filesystem", "/domain/devices/filesystem[1]/target/@dir", NULL, FALSE,
      edit_fs_target, "/domain/devices/filesystem[1]/target/@dir", "/data" },
    { "tpm", "/domain/devices/tpm", "/domain/devices/tpm[1]/backend/@version", NULL, FALSE,
      edit_tpm_version, "/domain/devices/tpm[1]/backend/@version", "1.2" },
    { "rng-rate", "/domain/devices/rng", "/domain/devices/rng[1]/rate", NULL, FALSE,
      edit_rng_backend, "/domain/devices/rng[1]/rate/@bytes", "1024" },
    { "controller", "/domain/devices/controller", "/domain/devices/controller[1]/@model", NULL, FALSE,
      edit_controller, "/domain/devices/controller[1]/@model", "nec-xhci" },
    { "add-rng", NULL, NULL, "/domain/devices/rng[last()]", FALSE, edit_add_rng,
      "/domain/devices/rng[last()]/backend", "/dev/random" },
    { "remove-input", "/domain/devices/input", "/domain/devices/input[1]", NULL, TRUE, edit_remove_input, NULL, NULL },
    { "replace-console", "/domain/devices/console", "/domain/devices/console[1]", NULL, FALSE,
      edit_replace_console, "/domain/devices/console[1]/source/@path", "/tmp/c.log" },
};

typedef struct {
    const char *file;
    const Edit *edit;
} Case;

static void
test_round_trip_edit (gconstpointer data)
{
    const Case *c = data;
    g_autofree char *input = read_corpus (c->file);
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusDomainDetails) details = NULL;
    g_autofree char *output = NULL;
    g_autofree char *n_in = NULL;
    g_autofree char *n_out = NULL;
    g_autofree char *n_plain = NULL;
    const char *owned_out;

    g_assert_true (c->edit->requires == NULL || has_xpath (input, c->edit->requires));
    details = domus_domain_details_new (input, &error);
    g_assert_no_error (error);
    c->edit->edit (details);
    output = domus_domain_details_to_xml (details);

    /* Something changed... */
    n_in = normalised (input, NULL);
    n_plain = normalised (output, NULL);
    g_assert_cmpstr (n_in, !=, n_plain);
    /* ...to the value asked for... */
    if (c->edit->check != NULL) {
        g_autofree char *value = xpath_string (output, c->edit->check);

        g_assert_cmpstr (value, ==, c->edit->expected);
    }
    /* ...and nothing else. */
    g_clear_pointer (&n_in, g_free);
    owned_out = c->edit->owned_out_none ? NULL
                : c->edit->owned_out != NULL ? c->edit->owned_out : c->edit->owned_in;
    n_in = normalised (input, c->edit->owned_in);
    n_out = normalised (output, owned_out);
    g_assert_cmpstr (n_out, ==, n_in);

    /* What was written reads back. */
    {
        g_autoptr(DomusDomainDetails) again = domus_domain_details_new (output, &error);

        g_assert_no_error (error);
        g_assert_true (domus_domain_details_equal (again, details));
    }
}

static void
test_round_trip_unchanged (gconstpointer data)
{
    const char *file = data;
    g_autofree char *input = read_corpus (file);
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusDomainDetails) details = domus_domain_details_new (input, &error);
    g_autofree char *output = NULL;
    g_autofree char *n_in = NULL;
    g_autofree char *n_out = NULL;
    guint current, max;

    g_assert_no_error (error);
    /* Setting what is already there changes nothing. */
    current = domus_domain_details_get_vcpus (details);
    max = domus_domain_details_get_max_vcpus (details);
    domus_domain_details_set_vcpus (details, current, max);
    domus_domain_details_set_memory (details, domus_domain_details_get_memory (details),
                                     domus_domain_details_get_max_memory (details));
    domus_domain_details_set_boot_menu (details, domus_domain_details_get_boot_menu (details));
    domus_domain_details_set_shared_memory (details,
                                            domus_domain_details_get_shared_memory (details));
    output = domus_domain_details_to_xml (details);
    n_in = normalised (input, NULL);
    n_out = normalised (output, NULL);
    g_assert_cmpstr (n_out, ==, n_in);
}

/* ---- readers ------------------------------------------------------------- */

static DomusDomainDetails *
load (const char *file)
{
    g_autofree char *input = read_corpus (file);
    g_autoptr(GError) error = NULL;
    DomusDomainDetails *details = domus_domain_details_new (input, &error);

    g_assert_no_error (error);
    return details;
}

static void
test_readers (void)
{
    g_autoptr(DomusDomainDetails) kvm = load ("kvm-linux.xml");
    g_autoptr(DomusDomainDetails) xen = load ("xen-pv.xml");
    g_autoptr(DomusDomainDetails) lxc = load ("lxc.xml");
    g_autoptr(DomusDomainDetails) win = load ("windows.xml");
    g_autofree char *s = NULL;
    g_auto(GStrv) boot = NULL;
    guint sockets, cores, threads;

    g_assert_cmpuint (domus_domain_details_get_vcpus (kvm), ==, 2);
    g_assert_cmpuint (domus_domain_details_get_max_vcpus (kvm), ==, 4);
    g_assert_cmpuint (domus_domain_details_get_memory (kvm), ==, 2097152);
    g_assert_cmpuint (domus_domain_details_get_max_memory (kvm), ==, 4194304);
    g_assert_cmpuint (domus_domain_details_get_max_memory (win), ==, 8 * 1048576);
    g_assert_cmpuint (domus_domain_details_get_max_memory (lxc), ==, 512 * 1024);
    g_assert_cmpint (domus_domain_details_get_cpu_mode (kvm, NULL), ==,
                     DOMUS_CPU_MODE_HOST_PASSTHROUGH);
    g_assert_cmpint (domus_domain_details_get_cpu_mode (win, &s), ==, DOMUS_CPU_MODE_CUSTOM);
    g_assert_cmpstr (s, ==, "Skylake-Client");
    g_clear_pointer (&s, g_free);
    g_assert_true (domus_domain_details_get_topology (kvm, &sockets, &cores, &threads));
    g_assert_cmpuint (sockets * cores * threads, ==, 4);
    g_assert_false (domus_domain_details_get_topology (win, &sockets, &cores, &threads));

    s = domus_domain_details_get_os_id (kvm);
    g_assert_cmpstr (s, ==, "http://debian.org/debian/12");
    g_clear_pointer (&s, g_free);
    s = domus_domain_details_get_firmware (win);
    g_assert_cmpstr (s, ==, "efi");
    g_clear_pointer (&s, g_free);
    s = domus_domain_details_get_os_type (xen);
    g_assert_cmpstr (s, ==, "linux");
    g_clear_pointer (&s, g_free);
    s = domus_domain_details_get_kernel (xen, "cmdline");
    g_assert_cmpstr (s, ==, "root=/dev/xvda1 ro console=hvc0");
    g_clear_pointer (&s, g_free);
    s = domus_domain_details_get_hypervisor (lxc);
    g_assert_cmpstr (s, ==, "lxc");
    g_clear_pointer (&s, g_free);
    s = domus_domain_details_get_description (kvm);
    g_assert_cmpstr (s, ==, "PostgreSQL primary\nsecond line & more");
    g_clear_pointer (&s, g_free);

    boot = domus_domain_details_get_boot_order (win);
    g_assert_cmpuint (g_strv_length (boot), ==, 2);
    g_assert_cmpstr (boot[0], ==, "cdrom");
    g_assert_true (domus_domain_details_get_boot_menu (win));

    /* Devices, their labels and sources. */
    g_assert_cmpuint (domus_domain_details_count_devices (kvm, DOMUS_DEVICE_DISK), ==, 3);
    g_assert_cmpuint (domus_domain_details_count_devices (kvm, DOMUS_DEVICE_HOSTDEV), ==, 2);
    g_assert_cmpuint (domus_domain_details_count_devices (kvm, DOMUS_DEVICE_OTHER), ==, 4);
    s = domus_domain_details_get_device_label (kvm, DOMUS_DEVICE_DISK, 2);
    g_assert_cmpstr (s, ==, "CD-ROM sda");
    g_clear_pointer (&s, g_free);
    s = domus_domain_details_get_device_label (kvm, DOMUS_DEVICE_INTERFACE, 0);
    g_assert_cmpstr (s, ==, "NIC a1:b2:c3");
    g_clear_pointer (&s, g_free);
    s = domus_domain_details_get_disk_source (kvm, 1);
    g_assert_cmpstr (s, ==, "data/db01-data.img");
    g_clear_pointer (&s, g_free);
    s = domus_domain_details_get_disk_source (xen, 0);
    g_assert_cmpstr (s, ==, "/dev/vg0/legacy-root");
    g_clear_pointer (&s, g_free);
    s = domus_domain_details_get_disk_source (win, 1);
    g_assert_null (s);
    s = domus_domain_details_get_device_value (kvm, DOMUS_DEVICE_DISK, 1, "shareable");
    g_assert_cmpstr (s, ==, "yes");
    g_clear_pointer (&s, g_free);
    s = domus_domain_details_get_device_xml (kvm, DOMUS_DEVICE_WATCHDOG, 0);
    g_assert_cmpstr (s, ==, "<watchdog model=\"i6300esb\" action=\"reset\"/>");
}

static void
test_bad_documents (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusDomainDetails) details = domus_domain_details_new ("<domain><name>x</nam>",
                                                                      &error);
    g_autoptr(DomusDomainDetails) kvm = load ("kvm-linux.xml");

    g_assert_null (details);
    g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE);
    g_clear_error (&error);
    details = domus_domain_details_new ("<network/>", &error);
    g_assert_null (details);
    g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT);
    g_clear_error (&error);

    /* A device page's XML must stay that kind of device. */
    g_assert_false (domus_domain_details_set_device_xml (kvm, DOMUS_DEVICE_DISK, 0,
                                                        "<interface type='network'/>", &error));
    g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT);
    g_clear_error (&error);
    g_assert_false (domus_domain_details_add_device (kvm, "<disk", NULL, NULL, &error));
    g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE);
}

/* ---- the plan ------------------------------------------------------------ */

static DomusDetailsPlan *
plan_for (const char *file, void (*edit) (DomusDomainDetails *))
{
    g_autoptr(DomusDomainDetails) old = load (file);
    g_autoptr(DomusDomainDetails) new = domus_domain_details_copy (old);

    edit (new);
    return domus_details_plan_new (old, new);
}

static void
no_edit (DomusDomainDetails *d)
{
}

static void
edit_foreign_metadata (DomusDomainDetails *d)
{
    g_autofree char *xml = domus_domain_details_to_xml (d);
    char *at = strstr (xml, ">prod<");

    g_assert_nonnull (at);
    /* Not through the API: someone's own metadata changed. */
    memcpy (at, ">test<", 6);
    {
        g_autoptr(DomusDomainDetails) other = domus_domain_details_new (xml, NULL);
        g_autofree char *canon = domus_domain_details_canonical (other);

        g_assert_nonnull (strstr (canon, ">test<"));
        domus_domain_details_set_os_id (d, NULL);
        g_assert_true (domus_domain_details_add_device (d, "<acme:x xmlns:acme='https://acme'/>",
                                                        NULL, NULL, NULL));
    }
}

static void
assert_live (DomusDetailsPlan *plan, guint i, DomusDetailsLiveKind kind)
{
    g_assert_cmpuint (plan->live->len, >, i);
    g_assert_cmpint (((DomusDetailsLiveChange *) g_ptr_array_index (plan->live, i))->kind, ==,
                     kind);
}

static void
test_plan (void)
{
    DomusDetailsPlan *plan;

    plan = plan_for ("kvm-linux.xml", no_edit);
    g_assert_true (domus_details_plan_empty (plan));
    domus_details_plan_free (plan);

    plan = plan_for ("kvm-linux.xml", edit_memory);
    g_assert_cmpuint (plan->live->len, ==, 1);
    assert_live (plan, 0, DOMUS_DETAILS_LIVE_MEMORY);
    g_assert_cmpuint (((DomusDetailsLiveChange *) g_ptr_array_index (plan->live, 0))->number,
                      ==, 1048576);
    g_assert_false (plan->rest_changed);
    domus_details_plan_free (plan);

    plan = plan_for ("kvm-linux.xml", edit_max_memory);
    g_assert_cmpuint (plan->live->len, ==, 0);
    g_assert_true (plan->rest_changed);
    domus_details_plan_free (plan);

    plan = plan_for ("kvm-linux.xml", edit_vcpus);
    assert_live (plan, 0, DOMUS_DETAILS_LIVE_VCPUS);
    g_assert_true (plan->rest_changed);     /* the maximum too */
    domus_details_plan_free (plan);

    plan = plan_for ("kvm-linux.xml", edit_title);
    g_assert_cmpuint (plan->live->len, ==, 1);
    assert_live (plan, 0, DOMUS_DETAILS_LIVE_TITLE);
    g_assert_false (plan->rest_changed);
    domus_details_plan_free (plan);

    plan = plan_for ("kvm-linux.xml", edit_cdrom_eject);
    g_assert_cmpuint (plan->live->len, ==, 1);
    assert_live (plan, 0, DOMUS_DETAILS_LIVE_UPDATE_DEVICE);
    g_assert_null (strstr (((DomusDetailsLiveChange *) g_ptr_array_index (plan->live, 0))->text,
                           "<source"));
    g_assert_false (plan->rest_changed);
    domus_details_plan_free (plan);

    plan = plan_for ("kvm-linux.xml", edit_nic_link);
    g_assert_cmpuint (plan->live->len, ==, 1);
    assert_live (plan, 0, DOMUS_DETAILS_LIVE_UPDATE_DEVICE);
    domus_details_plan_free (plan);

    plan = plan_for ("kvm-linux.xml", edit_add_rng);
    g_assert_cmpuint (plan->live->len, ==, 1);
    assert_live (plan, 0, DOMUS_DETAILS_LIVE_ATTACH_DEVICE);
    g_assert_false (plan->rest_changed);
    domus_details_plan_free (plan);

    plan = plan_for ("windows.xml", edit_nic_mac);
    /* Another MAC is another card to libvirt. */
    g_assert_cmpuint (plan->live->len, ==, 2);
    assert_live (plan, 0, DOMUS_DETAILS_LIVE_ATTACH_DEVICE);
    assert_live (plan, 1, DOMUS_DETAILS_LIVE_DETACH_DEVICE);
    domus_details_plan_free (plan);

    plan = plan_for ("kvm-linux.xml", edit_boot_order);
    g_assert_cmpuint (plan->live->len, ==, 0);
    g_assert_true (plan->rest_changed);
    domus_details_plan_free (plan);

    plan = plan_for ("kvm-linux.xml", edit_name);
    g_assert_cmpstr (plan->rename, ==, "renamed");
    g_assert_false (plan->rest_changed);
    domus_details_plan_free (plan);

    plan = plan_for ("kvm-linux.xml", edit_foreign_metadata);
    g_assert_true (plan->rest_changed);
    assert_live (plan, 0, DOMUS_DETAILS_LIVE_ATTACH_DEVICE);
    domus_details_plan_free (plan);
}

/* ---- checks -------------------------------------------------------------- */

static void
test_checks (void)
{
    char *m;

    g_assert_null (domus_details_check_vcpus (2, 4, 8));
    g_assert_nonnull ((m = domus_details_check_vcpus (0, 4, 8)));
    g_free (m);
    g_assert_nonnull ((m = domus_details_check_vcpus (5, 4, 8)));
    g_assert_nonnull (strstr (m, "maximum is 4"));
    g_free (m);
    g_assert_nonnull ((m = domus_details_check_vcpus (2, 16, 8)));
    g_assert_nonnull (strstr (m, "host has 8 CPUs"));
    g_free (m);

    g_assert_null (domus_details_check_topology (0, 0, 0, 4));
    g_assert_null (domus_details_check_topology (1, 2, 2, 4));
    g_assert_nonnull ((m = domus_details_check_topology (1, 2, 1, 4)));
    g_assert_nonnull (strstr (m, "make 2 CPUs"));
    g_free (m);
    g_assert_nonnull ((m = domus_details_check_topology (1, 0, 1, 4)));
    g_free (m);

    g_assert_null (domus_details_check_memory (524288, 1048576, 8388608));
    g_assert_nonnull ((m = domus_details_check_memory (2097152, 1048576, 8388608)));
    g_free (m);
    g_assert_nonnull ((m = domus_details_check_memory (524288, 16777216, 8388608)));
    g_assert_nonnull (strstr (m, "8192 MiB"));
    g_free (m);
    g_assert_nonnull ((m = domus_details_check_memory (512, 1024, 0)));
    g_free (m);

    g_assert_null (domus_details_check_mac ("52:54:00:12:34:56"));
    g_assert_null (domus_details_check_mac (""));
    g_assert_nonnull ((m = domus_details_check_mac ("01:00:5e:00:00:01")));
    g_assert_nonnull (strstr (m, "multicast"));
    g_free (m);
    g_assert_nonnull ((m = domus_details_check_mac ("52:54:00:12:34")));
    g_free (m);
    g_assert_nonnull ((m = domus_details_check_mac ("52-54-00-12-34-56")));
    g_free (m);
    g_assert_nonnull ((m = domus_details_check_mac ("00:00:00:00:00:00")));
    g_free (m);
    g_assert_nonnull ((m = domus_details_check_mac ("52:54:00:12:34:5g")));
    g_free (m);
}

/* New elements are indented like their siblings. */
static void
test_indentation (void)
{
    g_autoptr(DomusDomainDetails) d = load ("test-driver.xml");
    g_autofree char *xml = NULL;

    domus_domain_details_set_title (d, "T");
    domus_domain_details_set_kernel (d, "cmdline", "quiet");
    xml = domus_domain_details_to_xml (d);
    g_assert_nonnull (strstr (xml, "</uuid>\n  <title>T</title>\n  <memory>"));
    g_assert_nonnull (strstr (xml, "<type>hvm</type>\n    <cmdline>quiet</cmdline>\n  </os>"));
}

static guint applicable[G_N_ELEMENTS (edits)];

/* Every edit runs on some guest of the corpus: none is left untested. */
static void
test_coverage (void)
{
    for (guint e = 0; e < G_N_ELEMENTS (edits); e++) {
        if (applicable[e] == 0)
            g_test_message ("no guest of the corpus has what “%s” edits", edits[e].name);
        g_assert_cmpuint (applicable[e], >, 0);
    }
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);

    for (guint f = 0; f < G_N_ELEMENTS (corpus); f++) {
        g_autofree char *path = g_strdup_printf ("/domain-details/unchanged/%s", corpus[f]);
        g_autofree char *input = read_corpus (corpus[f]);

        g_test_add_data_func (path, corpus[f], test_round_trip_unchanged);
        for (guint e = 0; e < G_N_ELEMENTS (edits); e++) {
            Case *c;
            g_autofree char *edit_path = NULL;

            /* Only the guests that have what the edit changes. */
            if (edits[e].requires != NULL && !has_xpath (input, edits[e].requires))
                continue;
            applicable[e]++;
            c = g_new0 (Case, 1);
            c->file = corpus[f];
            c->edit = &edits[e];
            edit_path = g_strdup_printf ("/domain-details/edit/%s/%s", edits[e].name, corpus[f]);
            g_test_add_data_func_full (edit_path, c, test_round_trip_edit, g_free);
        }
    }
    g_test_add_func ("/domain-details/coverage", test_coverage);
    g_test_add_func ("/domain-details/readers", test_readers);
    g_test_add_func ("/domain-details/bad-documents", test_bad_documents);
    g_test_add_func ("/domain-details/plan", test_plan);
    g_test_add_func ("/domain-details/checks", test_checks);
    g_test_add_func ("/domain-details/indentation", test_indentation);
    return g_test_run ();
}
