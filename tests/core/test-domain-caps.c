/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The domain capabilities as captured from QEMU 7.2 (TCG, i440fx and Q35:
 * tests/data/domain-caps), the host's USB and PCI node devices as libvirt
 * describes them, and what Add Hardware offers from both and libosinfo's
 * recommendations: only what the host allows, the recommended one first,
 * and the XML each choice makes. Also which running copy of a saved device
 * a detach names.
 */
#include "config.h"

#include <string.h>

#include "domus-device-choices.h"
#include "domus-domain-caps.h"
#include "domus-domain-details-private.h"

#define USB_XML \
    "<device><name>usb_1_5</name><parent>usb_usb1</parent>" \
    "<driver><name>usb</name></driver>" \
    "<capability type='usb_device'><bus>1</bus><device>5</device>" \
    "<product id='0x0a2b'>Bluetooth wireless interface</product>" \
    "<vendor id='0x8087'>Intel Corp.</vendor></capability></device>"
#define PCI_XML \
    "<device><name>pci_0000_00_1f_2</name><parent>computer</parent>" \
    "<capability type='pci'><class>0x010601</class><domain>0</domain><bus>0</bus>" \
    "<slot>31</slot><function>2</function>" \
    "<product id='0x2922'>82801IR/IO/IH (ICH9R/DO/DH) 6 port SATA Controller</product>" \
    "<vendor id='0x8086'>Intel Corporation</vendor></capability></device>"

static char *
read_data (const char *dir, const char *name)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", dir, name, NULL);
    g_autoptr(GError) error = NULL;
    char *text = NULL;

    g_file_get_contents (path, &text, NULL, &error);
    g_assert_no_error (error);
    return text;
}

static DomusDomainCaps *
load_caps (const char *name)
{
    g_autofree char *xml = read_data ("domain-caps", name);
    g_autoptr(GError) error = NULL;
    DomusDomainCaps *caps = domus_domain_caps_parse (xml, &error);

    g_assert_no_error (error);
    g_assert_nonnull (caps);
    return caps;
}

static void
test_parse (void)
{
    g_autoptr(DomusDomainCaps) pc = load_caps ("qemu-7.2-x86_64-pc-tcg.xml");
    g_autoptr(DomusDomainCaps) q35 = load_caps ("qemu-7.2-x86_64-q35-tcg.xml");
    GPtrArray *models = domus_domain_caps_get_cpu_models (pc);
    const char *const *buses;
    gboolean seen_unusable = FALSE;
    guint usable = 0;

    g_assert_cmpstr (domus_domain_caps_get_emulator (pc), ==, "/usr/bin/qemu-system-x86_64");
    g_assert_cmpstr (domus_domain_caps_get_machine (pc), ==, "pc-i440fx-7.2");
    g_assert_cmpstr (domus_domain_caps_get_machine (q35), ==, "pc-q35-7.2");
    g_assert_cmpuint (domus_domain_caps_get_max_vcpus (pc), ==, 255);

    /* TCG: no passthrough of a host CPU it does not run on. */
    g_assert_false (domus_domain_caps_cpu_mode (pc, "host-passthrough"));
    g_assert_true (domus_domain_caps_cpu_mode (pc, "host-model"));
    g_assert_true (domus_domain_caps_cpu_mode (pc, "custom"));
    g_assert_cmpstr (domus_domain_caps_get_host_model (pc), ==, "EPYC");

    /* All 53 models, the 18 usable ones first, in libvirt's order. */
    g_assert_cmpuint (models->len, ==, 53);
    for (guint i = 0; i < models->len; i++) {
        const DomusCpuModel *m = g_ptr_array_index (models, i);

        if (!m->usable)
            seen_unusable = TRUE;
        else
            usable++;
        g_assert_true (!m->usable || !seen_unusable);
    }
    g_assert_cmpuint (usable, ==, 18);
    g_assert_cmpstr (((DomusCpuModel *) g_ptr_array_index (models, 0))->name, ==, "qemu64");
    g_assert_null (((DomusCpuModel *) g_ptr_array_index (models, 0))->vendor);
    g_assert_cmpstr (((DomusCpuModel *) g_ptr_array_index (models, 1))->name, ==, "qemu32");
    g_assert_cmpstr (((DomusCpuModel *) g_ptr_array_index (models, 18))->name, ==, "phenom");
    g_assert_cmpstr (((DomusCpuModel *) g_ptr_array_index (models, 18))->vendor, ==, "AMD");

    /* Device enums: Q35 has no IDE bus. */
    buses = domus_domain_caps_get_values (pc, "disk", "bus");
    g_assert_nonnull (buses);
    g_assert_true (g_strv_contains (buses, "ide"));
    g_assert_true (g_strv_contains (buses, "sata"));
    g_assert_false (domus_domain_caps_offers (q35, "disk", "bus", "ide"));
    g_assert_true (domus_domain_caps_offers (q35, "disk", "bus", "virtio"));
    g_assert_true (domus_domain_caps_offers (pc, "video", "modelType", "qxl"));
    g_assert_true (domus_domain_caps_offers (pc, "filesystem", "driverType", "virtiofs"));
    /* No swtpm on this host: passthrough only. */
    g_assert_cmpuint (g_strv_length ((GStrv) domus_domain_caps_get_values (pc, "tpm",
                                                                            "backendModel")),
                      ==, 1);
    g_assert_false (domus_domain_caps_offers (pc, "tpm", "backendModel", "emulator"));
    /* What the capabilities do not describe is not refused. */
    g_assert_null (domus_domain_caps_get_values (pc, "sound", "model"));
    g_assert_true (domus_domain_caps_offers (pc, "sound", "model", "ich9"));
    g_assert_true (domus_domain_caps_offers (NULL, "disk", "bus", "anything"));
}

static void
test_parse_unsupported (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusDomainCaps) caps = domus_domain_caps_parse (
        "<domainCapabilities><path>/usr/bin/qemu-system-aarch64</path>"
        "<cpu><mode name='custom' supported='no'><model usable='yes'>cortex-a57</model></mode>"
        "</cpu><devices><tpm supported='no'><enum name='model'><value>tpm-tis</value></enum>"
        "</tpm><rng supported='yes'/></devices></domainCapabilities>", &error);
    DomusHostHardware hardware = { caps, NULL, { 0 } };
    DomusDomainCaps *bad;

    g_assert_no_error (error);
    g_assert_cmpuint (domus_domain_caps_get_cpu_models (caps)->len, ==, 0);
    g_assert_false (domus_domain_caps_cpu_mode (caps, "custom"));
    g_assert_null (domus_domain_caps_get_host_model (caps));
    /* Unsupported: nothing offered, whatever it lists. */
    g_assert_false (domus_domain_caps_offers (caps, "tpm", "model", "tpm-tis"));
    g_assert_cmpuint (g_strv_length ((GStrv) domus_domain_caps_get_values (caps, "tpm",
                                                                            "backendModel")),
                      ==, 0);
    g_assert_false (domus_device_kind_offered (DOMUS_DEVICE_TPM, &hardware));
    g_assert_true (domus_device_kind_offered (DOMUS_DEVICE_RNG, &hardware));
    g_assert_true (domus_device_kind_offered (DOMUS_DEVICE_SOUND, &hardware));
    g_assert_true (domus_device_kind_offered (DOMUS_DEVICE_TPM, NULL));

    bad = domus_domain_caps_parse ("<capabilities/>", &error);
    g_assert_null (bad);
    g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT);
    g_clear_error (&error);
    bad = domus_domain_caps_parse ("<domainCapabilities>", &error);
    g_assert_null (bad);
    g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE);
}

static void
test_host_devices (void)
{
    g_autoptr(DomusHostDevice) usb = domus_host_device_parse (USB_XML);
    g_autoptr(DomusHostDevice) pci = domus_host_device_parse (PCI_XML);
    g_autoptr(DomusHostDevice) none = domus_host_device_parse (
        "<device><name>computer</name><capability type='system'/></device>");
    g_autofree char *usb_name = NULL;
    g_autofree char *pci_name = NULL;
    g_autofree char *usb_xml = NULL;
    g_autofree char *pci_xml = NULL;

    g_assert_null (none);
    g_assert_null (domus_host_device_parse ("not xml"));
    /* Nothing a guest can have: the host bridge, a root hub. */
    g_assert_null (domus_host_device_parse (
        "<device><name>pci_0000_00_00_0</name><capability type='pci'><class>0x060000</class>"
        "<domain>0</domain><bus>0</bus><slot>0</slot><function>0</function>"
        "<product id='0x1237'>440FX - 82441FX PMC [Natoma]</product>"
        "<vendor id='0x8086'>Intel Corporation</vendor></capability></device>"));
    g_assert_null (domus_host_device_parse (
        "<device><name>usb_usb1</name><capability type='usb_device'><bus>1</bus>"
        "<device>1</device><product id='0x0002'>2.0 root hub</product>"
        "<vendor id='0x1d6b'>Linux Foundation</vendor></capability></device>"));
    g_assert_nonnull (usb);
    g_assert_nonnull (pci);
    g_assert_cmpstr (usb->name, ==, "usb_1_5");
    g_assert_cmpstr (usb->type, ==, "usb");
    g_assert_cmpstr (usb->vendor_id, ==, "0x8087");
    g_assert_cmpstr (usb->product, ==, "Bluetooth wireless interface");
    g_assert_cmpuint (usb->bus, ==, 1);
    g_assert_cmpuint (usb->slot, ==, 5);
    g_assert_cmpstr (pci->type, ==, "pci");
    g_assert_cmpuint (pci->slot, ==, 31);
    g_assert_cmpuint (pci->function, ==, 2);

    usb_name = domus_host_device_describe (usb);
    pci_name = domus_host_device_describe (pci);
    g_assert_cmpstr (usb_name, ==, "Intel Corp. Bluetooth wireless interface (USB 001:005)");
    g_assert_cmpstr (pci_name, ==, "Intel Corporation 82801IR/IO/IH (ICH9R/DO/DH) 6 port SATA "
                                   "Controller (PCI 0000:00:1f.2)");

    usb_xml = domus_host_device_hostdev_xml (usb);
    pci_xml = domus_host_device_hostdev_xml (pci);
    g_assert_nonnull (strstr (usb_xml, "type='usb'"));
    g_assert_nonnull (strstr (usb_xml, "<vendor id='0x8087'/>"));
    g_assert_nonnull (strstr (usb_xml, "<product id='0x0a2b'/>"));
    g_assert_nonnull (strstr (pci_xml, "<address domain='0x0000' bus='0x00' slot='0x1f' "
                                       "function='0x2'/>"));

    /* As a guest's <hostdev> names them. */
    g_assert_true (domus_host_device_matches (usb, "usb", "0x8087", "0x0A2B", NULL, NULL, NULL));
    g_assert_false (domus_host_device_matches (usb, "usb", "0x8087", "0x0a2c", NULL, NULL, NULL));
    g_assert_false (domus_host_device_matches (usb, "pci", "0x8087", "0x0a2b", NULL, NULL, NULL));
    g_assert_true (domus_host_device_matches (pci, "pci", NULL, NULL, "0x00", "0x1f", "0x2"));
    g_assert_false (domus_host_device_matches (pci, "pci", NULL, NULL, "0x00", "0x1f", "0x3"));
}

static DomusDomainDetails *
guest (const char *type, const char *machine, const char *devices)
{
    g_autofree char *xml = g_strdup_printf ("<domain type='%s'><name>g</name><os>"
                                            "<type arch='x86_64' machine='%s'>hvm</type></os>"
                                            "<devices>%s</devices></domain>",
                                            type, machine, devices);
    g_autoptr(GError) error = NULL;
    DomusDomainDetails *d = domus_domain_details_new (xml, &error);

    g_assert_no_error (error);
    return d;
}

static DomusHostHardware *
hardware_new (const char *caps_file)
{
    DomusHostHardware *hw = g_new0 (DomusHostHardware, 1);

    hw->caps = caps_file != NULL ? load_caps (caps_file) : NULL;
    hw->devices = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_host_device_free);
    g_ptr_array_add (hw->devices, domus_host_device_parse (USB_XML));
    g_ptr_array_add (hw->devices, domus_host_device_parse (PCI_XML));
    /* What libosinfo says of an old Windows: IDE, e1000, VGA, AC97. */
    hw->os = (DomusOsDefaults) { .disk_bus = "ide", .nic_model = "e1000",
                                 .video_model = "vga", .sound_model = "ac97",
                                 .usb_tablet = TRUE };
    return hw;
}

static const char *
value_at (DomusDeviceChoices *c, guint i)
{
    g_assert_cmpuint (i, <, c->choices->len);
    return ((DomusDeviceChoice *) g_ptr_array_index (c->choices, i))->value;
}

static gboolean
has_value (DomusDeviceChoices *c, const char *value)
{
    for (guint i = 0; i < c->choices->len; i++) {
        if (g_str_equal (value_at (c, i), value))
            return TRUE;
    }
    return FALSE;
}

static void
test_choices (void)
{
    g_autoptr(DomusHostHardware) pc = hardware_new ("qemu-7.2-x86_64-pc-tcg.xml");
    g_autoptr(DomusHostHardware) q35 = hardware_new ("qemu-7.2-x86_64-q35-tcg.xml");
    g_autoptr(DomusDomainDetails) on_pc = guest ("qemu", "pc-i440fx-7.2",
                                                 "<disk device='disk'><target dev='hda'/></disk>");
    g_autoptr(DomusDomainDetails) on_q35 = guest ("qemu", "pc-q35-7.2",
                                                  "<disk device='disk'><target dev='vda'/></disk>"
                                                  "<disk device='disk'><target dev='vdb'/></disk>");
    g_autoptr(DomusDomainDetails) xen = guest ("xen", "xenfv", "");
    DomusDeviceChoices *c;
    g_autofree char *xml = NULL;

    /* The OS's IDE first where the machine has it; Q35 has none. */
    c = domus_device_choices_new (DOMUS_DEVICE_DISK, on_pc, pc);
    g_assert_cmpstr (value_at (c, 0), ==, "ide");
    g_assert_true (has_value (c, "virtio"));
    domus_device_choices_free (c);
    c = domus_device_choices_new (DOMUS_DEVICE_DISK, on_q35, q35);
    g_assert_cmpstr (c->what, ==, "_Bus");
    g_assert_cmpstr (value_at (c, 0), ==, "virtio");
    g_assert_false (has_value (c, "ide"));
    domus_device_choices_free (c);

    /* A new disk takes the next free name of its bus. */
    xml = domus_device_choice_xml (DOMUS_DEVICE_DISK, on_q35, q35, "virtio");
    g_assert_nonnull (strstr (xml, "<target dev='vdc' bus='virtio'/>"));
    g_clear_pointer (&xml, g_free);
    xml = domus_device_choice_xml (DOMUS_DEVICE_DISK, on_pc, pc, "ide");
    g_assert_nonnull (strstr (xml, "<target dev='hdb' bus='ide'/>"));
    g_clear_pointer (&xml, g_free);

    /* NIC, video and sound: libosinfo's first. */
    c = domus_device_choices_new (DOMUS_DEVICE_INTERFACE, on_pc, pc);
    g_assert_cmpstr (value_at (c, 0), ==, "e1000");
    g_assert_true (has_value (c, "virtio"));
    domus_device_choices_free (c);
    /* Its own MAC, the same live and saved. */
    xml = domus_device_choice_xml (DOMUS_DEVICE_INTERFACE, on_pc, pc, "e1000");
    g_assert_nonnull (strstr (xml, "<model type='e1000'/>"));
    g_assert_nonnull (strstr (xml, "<mac address='52:54:00:"));
    g_clear_pointer (&xml, g_free);
    c = domus_device_choices_new (DOMUS_DEVICE_VIDEO, on_pc, pc);
    g_assert_cmpstr (value_at (c, 0), ==, "vga");
    domus_device_choices_free (c);
    c = domus_device_choices_new (DOMUS_DEVICE_SOUND, on_pc, pc);
    g_assert_cmpstr (value_at (c, 0), ==, "ac97");
    domus_device_choices_free (c);
    c = domus_device_choices_new (DOMUS_DEVICE_INPUT, on_pc, pc);
    g_assert_cmpstr (value_at (c, 0), ==, "tablet-usb");
    domus_device_choices_free (c);
    xml = domus_device_choice_xml (DOMUS_DEVICE_INPUT, on_pc, pc, "keyboard-virtio");
    g_assert_cmpstr (xml, ==, "<input type='keyboard' bus='virtio'/>");
    g_clear_pointer (&xml, g_free);

    /* Graphics: VNC and SPICE, which the host offers (SDL, D-Bus… are not
     * for a remote manager). */
    c = domus_device_choices_new (DOMUS_DEVICE_GRAPHICS, on_pc, pc);
    g_assert_cmpuint (c->choices->len, ==, 2);
    g_assert_cmpstr (value_at (c, 0), ==, "vnc");
    domus_device_choices_free (c);

    /* TPM: TIS on i440fx, CRB on Q35; the host's own TPM without swtpm. */
    c = domus_device_choices_new (DOMUS_DEVICE_TPM, on_pc, pc);
    g_assert_cmpstr (value_at (c, 0), ==, "tpm-tis");
    domus_device_choices_free (c);
    c = domus_device_choices_new (DOMUS_DEVICE_TPM, on_q35, q35);
    g_assert_cmpstr (value_at (c, 0), ==, "tpm-crb");
    domus_device_choices_free (c);
    xml = domus_device_choice_xml (DOMUS_DEVICE_TPM, on_q35, q35, "tpm-crb");
    g_assert_nonnull (strstr (xml, "<backend type='passthrough'>"));
    g_clear_pointer (&xml, g_free);

    /* RNG backends and filesystem drivers from the capabilities (no EGD:
     * it needs a daemon to talk to). */
    c = domus_device_choices_new (DOMUS_DEVICE_RNG, on_pc, pc);
    g_assert_cmpstr (value_at (c, 0), ==, "random");
    g_assert_true (has_value (c, "builtin"));
    g_assert_false (has_value (c, "egd"));
    domus_device_choices_free (c);
    /* virtiofs needs shared memory: 9p first without it, and Add turns
     * it on for a virtiofs share. */
    c = domus_device_choices_new (DOMUS_DEVICE_FILESYSTEM, on_pc, pc);
    g_assert_cmpstr (value_at (c, 0), ==, "path");
    g_assert_true (has_value (c, "virtiofs"));
    domus_device_choices_free (c);
    xml = domus_device_choice_xml (DOMUS_DEVICE_FILESYSTEM, on_pc, pc, "virtiofs");
    g_assert_true (domus_device_needs_shared_memory (on_pc, xml));
    g_clear_pointer (&xml, g_free);
    xml = domus_device_choice_xml (DOMUS_DEVICE_FILESYSTEM, on_pc, pc, "path");
    g_assert_false (domus_device_needs_shared_memory (on_pc, xml));
    g_assert_false (domus_device_needs_shared_memory (on_pc, "<disk"));
    g_clear_pointer (&xml, g_free);
    domus_domain_details_set_shared_memory (on_pc, TRUE);
    c = domus_device_choices_new (DOMUS_DEVICE_FILESYSTEM, on_pc, pc);
    g_assert_cmpstr (value_at (c, 0), ==, "virtiofs");
    domus_device_choices_free (c);
    xml = domus_device_choice_xml (DOMUS_DEVICE_FILESYSTEM, on_pc, pc, "virtiofs");
    g_assert_false (domus_device_needs_shared_memory (on_pc, xml));
    g_clear_pointer (&xml, g_free);

    /* The watchdog of the Q35 chipset only on Q35. */
    c = domus_device_choices_new (DOMUS_DEVICE_WATCHDOG, on_pc, pc);
    g_assert_false (has_value (c, "itco"));
    domus_device_choices_free (c);
    c = domus_device_choices_new (DOMUS_DEVICE_WATCHDOG, on_q35, q35);
    g_assert_true (has_value (c, "itco"));
    domus_device_choices_free (c);

    /* Host devices: the host's USB and PCI devices by name. */
    c = domus_device_choices_new (DOMUS_DEVICE_HOSTDEV, on_pc, pc);
    g_assert_cmpuint (c->choices->len, ==, 2);
    g_assert_cmpstr (value_at (c, 0), ==, "usb_1_5");
    g_assert_cmpstr (((DomusDeviceChoice *) g_ptr_array_index (c->choices, 1))->label, ==,
                     "Intel Corporation 82801IR/IO/IH (ICH9R/DO/DH) 6 port SATA Controller "
                     "(PCI 0000:00:1f.2)");
    domus_device_choices_free (c);
    xml = domus_device_choice_xml (DOMUS_DEVICE_HOSTDEV, on_pc, pc, "pci_0000_00_1f_2");
    g_assert_nonnull (strstr (xml, "slot='0x1f'"));
    g_clear_pointer (&xml, g_free);

    /* Without capabilities (the test driver): every choice, OS's first. */
    {
        g_autoptr(DomusHostHardware) bare = hardware_new (NULL);

        c = domus_device_choices_new (DOMUS_DEVICE_DISK, on_q35, bare);
        g_assert_cmpstr (value_at (c, 0), ==, "ide");
        domus_device_choices_free (c);
        c = domus_device_choices_new (DOMUS_DEVICE_DISK, on_q35, NULL);
        g_assert_cmpstr (value_at (c, 0), ==, "virtio");
        domus_device_choices_free (c);
        xml = domus_device_choice_xml (DOMUS_DEVICE_TPM, on_q35, bare, "tpm-crb");
        g_assert_nonnull (strstr (xml, "<backend type='emulator' version='2.0'/>"));
        g_clear_pointer (&xml, g_free);
    }

    /* Xen: its own devices, from the template. */
    c = domus_device_choices_new (DOMUS_DEVICE_DISK, xen, pc);
    g_assert_cmpuint (c->choices->len, ==, 0);
    domus_device_choices_free (c);
    xml = domus_device_choice_xml (DOMUS_DEVICE_DISK, xen, pc, NULL);
    g_assert_nonnull (strstr (xml, "bus='xen'"));
    g_clear_pointer (&xml, g_free);

    /* A serial port takes the next free port. */
    {
        g_autoptr(DomusDomainDetails) two = guest ("qemu", "pc", "<serial type='pty'><target "
                                                   "port='0'/></serial><serial type='pty'>"
                                                   "<target port='3'/></serial>");

        xml = domus_device_choice_xml (DOMUS_DEVICE_SERIAL, two, NULL, NULL);
        g_assert_nonnull (strstr (xml, "<target port='4'/>"));
    }
}

/* A hot-plugged device has another address live than saved: the detach
 * names the live copy. */
static void
test_live_device (void)
{
    const char *live = "<domain type='qemu'><name>g</name><devices>"
        "<interface type='user'><mac address='52:54:00:00:00:01'/><model type='e1000'/>"
        "<alias name='net0'/><address type='pci' bus='0x00' slot='0x03'/></interface>"
        "<interface type='user'><mac address='52:54:00:00:00:02'/><model type='virtio'/>"
        "<alias name='net1'/><address type='pci' bus='0x00' slot='0x05'/></interface>"
        "<serial type='pty'><source path='/dev/pts/4'/><target type='isa-serial' port='0'>"
        "<model name='isa-serial'/></target><alias name='serial0'/></serial>"
        "<watchdog model='i6300esb' action='reset'><alias name='watchdog0'/>"
        "<address type='pci' bus='0x00' slot='0x07'/></watchdog>"
        "</devices></domain>";
    g_autofree char *nic = domus_details_live_device_xml (
        live, "<interface type='user'><mac address='52:54:00:00:00:02'/>"
              "<model type='virtio'/><address type='pci' bus='0x00' slot='0x04'/></interface>");
    g_autofree char *dog = domus_details_live_device_xml (
        live, "<watchdog model='i6300esb' action='reset'>"
              "<address type='pci' bus='0x00' slot='0x04'/></watchdog>");
    g_autofree char *serial = domus_details_live_device_xml (
        live, "<serial type='pty'><target type='isa-serial' port='0'>"
              "<model name='isa-serial'/></target></serial>");
    g_autofree char *other_dog = domus_details_live_device_xml (
        live, "<watchdog model='ib700' action='reset'/>");
    g_autofree char *serial1 = domus_details_live_device_xml (
        live, "<serial type='pty'><target port='1'/></serial>");

    g_assert_nonnull (strstr (nic, "slot=\"0x05\""));
    g_assert_nonnull (strstr (nic, "net1"));
    g_assert_nonnull (strstr (dog, "slot=\"0x07\""));
    g_assert_nonnull (strstr (serial, "serial0"));
    /* Not in the running guest: nothing to name. */
    g_assert_null (other_dog);
    g_assert_null (serial1);
    g_assert_null (domus_details_live_device_xml (NULL, "<watchdog/>"));
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/domain-caps/parse", test_parse);
    g_test_add_func ("/domain-caps/parse-unsupported", test_parse_unsupported);
    g_test_add_func ("/domain-caps/host-devices", test_host_devices);
    g_test_add_func ("/domain-caps/choices", test_choices);
    g_test_add_func ("/domain-details/live-device", test_live_device);
    return g_test_run ();
}
