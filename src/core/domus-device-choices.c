/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Add Hardware's choices per device kind and the XML each makes. A list
 * starts from what libosinfo recommends for the guest's OS, then what
 * every QEMU guest may take, and keeps only what the domain capabilities
 * allow (a kind they do not describe keeps the whole list). A new disk
 * takes the next free target name of its bus, a serial port the next free
 * port.
 */
#include "config.h"

#include "domus-device-choices.h"

#include <string.h>

#include <glib/gi18n-lib.h>

static void
choice_free (DomusDeviceChoice *choice)
{
    g_free (choice->value);
    g_free (choice->label);
    g_free (choice);
}

void
domus_device_choices_free (DomusDeviceChoices *choices)
{
    if (choices == NULL)
        return;
    g_ptr_array_unref (choices->choices);
    g_free (choices);
}

static const DomusDomainCaps *
caps_of (const DomusHostHardware *hardware)
{
    return hardware != NULL ? hardware->caps : NULL;
}

static void
add_choice (GPtrArray *out, const char *value, const char *label)
{
    DomusDeviceChoice *choice;

    for (guint i = 0; i < out->len; i++) {
        if (g_str_equal (((DomusDeviceChoice *) g_ptr_array_index (out, i))->value, value))
            return;
    }
    choice = g_new0 (DomusDeviceChoice, 1);
    choice->value = g_strdup (value);
    choice->label = g_strdup (label);
    g_ptr_array_add (out, choice);
}

typedef struct {
    const char *value;
    const char *label;
} Known;

/* KNOWN (in its order, RECOMMENDED first) that the capabilities allow as
 * DEVICE's NAME. */
static void
add_known (GPtrArray *out, const Known *known, gsize n, const char *recommended,
           const DomusHostHardware *hardware, const char *device, const char *name)
{
    for (int pass = 0; pass < 2; pass++) {
        for (gsize i = 0; i < n; i++) {
            if ((pass == 0) != (g_strcmp0 (known[i].value, recommended) == 0))
                continue;
            if (device == NULL ||
                domus_domain_caps_offers (caps_of (hardware), device, name, known[i].value))
                add_choice (out, known[i].value, _(known[i].label));
        }
    }
}

static const Known disk_buses[] = {
    { "virtio", N_("VirtIO") }, { "sata", N_("SATA") }, { "scsi", N_("SCSI") },
    { "ide", N_("IDE") }, { "usb", N_("USB") },
};
static const Known nic_models[] = {
    { "virtio", N_("VirtIO") }, { "e1000e", N_("Intel e1000e") },
    { "e1000", N_("Intel e1000") }, { "rtl8139", N_("Realtek RTL8139") },
};
static const Known graphics_types[] = {
    { "vnc", N_("VNC") }, { "spice", N_("SPICE") },
};
static const Known video_models[] = {
    { "virtio", N_("VirtIO") }, { "qxl", N_("QXL") }, { "vga", N_("VGA") },
    { "bochs", N_("Bochs") }, { "ramfb", N_("RAM framebuffer") }, { "cirrus", N_("Cirrus") },
};
static const Known sound_models[] = {
    { "ich9", N_("Intel HDA (ICH9)") }, { "ich6", N_("Intel HDA (ICH6)") },
    { "ac97", N_("AC97") }, { "usb", N_("USB audio") },
};
static const Known channel_types[] = {
    { "unix", N_("QEMU guest agent") }, { "spicevmc", N_("SPICE agent") },
};
static const Known inputs[] = {
    { "tablet-usb", N_("USB tablet") }, { "mouse-usb", N_("USB mouse") },
    { "keyboard-usb", N_("USB keyboard") }, { "tablet-virtio", N_("VirtIO tablet") },
    { "mouse-virtio", N_("VirtIO mouse") }, { "keyboard-virtio", N_("VirtIO keyboard") },
};
static const Known tpm_models[] = {
    { "tpm-crb", N_("CRB") }, { "tpm-tis", N_("TIS") },
};
static const Known rng_backends[] = {
    { "random", N_("Host device /dev/urandom") }, { "builtin", N_("QEMU's built-in generator") },
};
static const Known fs_drivers[] = {
    { "virtiofs", N_("virtiofs") }, { "path", N_("9p (path)") }, { "handle", N_("9p (handle)") },
};
static const Known watchdogs[] = {
    { "i6300esb", N_("Intel 6300ESB") }, { "itco", N_("Intel TCO") },
    { "ib700", N_("iBase IB700") },
};
static const Known controllers[] = {
    { "scsi", N_("VirtIO SCSI") }, { "usb", N_("USB 3 (XHCI)") },
    { "virtio-serial", N_("VirtIO serial") },
};

gboolean
domus_device_kind_offered (DomusDeviceKind kind, const DomusHostHardware *hardware)
{
    static const char *const probes[DOMUS_N_DEVICE_KINDS][2] = {
        [DOMUS_DEVICE_DISK] = { "disk", "bus" },
        [DOMUS_DEVICE_GRAPHICS] = { "graphics", "type" },
        [DOMUS_DEVICE_VIDEO] = { "video", "modelType" },
        [DOMUS_DEVICE_HOSTDEV] = { "hostdev", "mode" },
        [DOMUS_DEVICE_TPM] = { "tpm", "model" },
        [DOMUS_DEVICE_RNG] = { "rng", "model" },
        [DOMUS_DEVICE_FILESYSTEM] = { "filesystem", "driverType" },
    };
    const char *const *values;

    g_return_val_if_fail (kind < DOMUS_N_DEVICE_KINDS, FALSE);

    if (caps_of (hardware) == NULL || probes[kind][0] == NULL)
        return TRUE;
    values = domus_domain_caps_get_values (hardware->caps, probes[kind][0], probes[kind][1]);
    return values == NULL || values[0] != NULL;
}

static char *
hypervisor_of (DomusDomainDetails *guest)
{
    char *type = domus_domain_details_get_hypervisor (guest);

    return type != NULL ? type : g_strdup ("");
}

DomusDeviceChoices *
domus_device_choices_new (DomusDeviceKind kind, DomusDomainDetails *guest,
                          const DomusHostHardware *hardware)
{
    DomusDeviceChoices *c = g_new0 (DomusDeviceChoices, 1);
    g_autofree char *type = hypervisor_of (guest);
    g_autofree char *machine = domus_domain_details_get_machine (guest);
    const DomusOsDefaults *os = hardware != NULL ? &hardware->os : NULL;
    /* Xen and LXC guests take their own kinds of devices: the template. */
    gboolean qemu = !g_str_equal (type, "xen") && !g_str_equal (type, "lxc");
    GPtrArray *out;

    g_return_val_if_fail (kind < DOMUS_N_DEVICE_KINDS, NULL);

    c->choices = out = g_ptr_array_new_with_free_func ((GDestroyNotify) choice_free);
    c->what = _("_Model");
    if (!qemu)
        return c;
    switch (kind) {
    case DOMUS_DEVICE_DISK:
        c->what = _("_Bus");
        add_known (out, disk_buses, G_N_ELEMENTS (disk_buses), os ? os->disk_bus : "virtio",
                   hardware, "disk", "bus");
        break;
    case DOMUS_DEVICE_INTERFACE:
        add_known (out, nic_models, G_N_ELEMENTS (nic_models), os ? os->nic_model : "virtio",
                   hardware, NULL, NULL);
        break;
    case DOMUS_DEVICE_GRAPHICS:
        c->what = _("_Type");
        add_known (out, graphics_types, G_N_ELEMENTS (graphics_types), "vnc", hardware,
                   "graphics", "type");
        break;
    case DOMUS_DEVICE_VIDEO:
        add_known (out, video_models, G_N_ELEMENTS (video_models),
                   os ? os->video_model : "virtio", hardware, "video", "modelType");
        break;
    case DOMUS_DEVICE_SOUND:
        add_known (out, sound_models, G_N_ELEMENTS (sound_models),
                   os ? os->sound_model : "ich9", hardware, NULL, NULL);
        break;
    case DOMUS_DEVICE_CHANNEL:
        c->what = _("_Type");
        add_known (out, channel_types, G_N_ELEMENTS (channel_types), "unix", hardware,
                   "channel", "type");
        break;
    case DOMUS_DEVICE_INPUT:
        c->what = _("_Device");
        add_known (out, inputs, G_N_ELEMENTS (inputs),
                   os == NULL || os->usb_tablet ? "tablet-usb" : "mouse-usb", hardware,
                   NULL, NULL);
        break;
    case DOMUS_DEVICE_HOSTDEV:
        c->what = _("_Host device");
        for (guint i = 0; hardware != NULL && i < hardware->devices->len; i++) {
            const DomusHostDevice *dev = g_ptr_array_index (hardware->devices, i);
            g_autofree char *label = NULL;

            if (!domus_domain_caps_offers (caps_of (hardware), "hostdev", "subsysType",
                                           dev->type))
                continue;
            label = domus_host_device_describe (dev);
            add_choice (out, dev->name, label);
        }
        break;
    case DOMUS_DEVICE_TPM:
        add_known (out, tpm_models, G_N_ELEMENTS (tpm_models),
                   machine != NULL && strstr (machine, "q35") != NULL ? "tpm-crb" : "tpm-tis",
                   hardware, "tpm", "model");
        break;
    case DOMUS_DEVICE_RNG:
        c->what = _("_Backend");
        add_known (out, rng_backends, G_N_ELEMENTS (rng_backends), "random", hardware,
                   "rng", "backendModel");
        break;
    case DOMUS_DEVICE_FILESYSTEM:
        c->what = _("_Driver");
        /* virtiofs needs shared memory: without it 9p goes first. */
        add_known (out, fs_drivers, G_N_ELEMENTS (fs_drivers),
                   domus_domain_details_get_shared_memory (guest) ? "virtiofs" : "path",
                   hardware, "filesystem", "driverType");
        break;
    case DOMUS_DEVICE_WATCHDOG:
        for (guint i = 0; i < G_N_ELEMENTS (watchdogs); i++) {
            /* The TCO watchdog is part of the Q35 chipset only. */
            if (g_str_equal (watchdogs[i].value, "itco") &&
                (machine == NULL || strstr (machine, "q35") == NULL))
                continue;
            add_choice (out, watchdogs[i].value, _(watchdogs[i].label));
        }
        break;
    case DOMUS_DEVICE_CONTROLLER:
        c->what = _("_Type");
        add_known (out, controllers, G_N_ELEMENTS (controllers), "scsi", hardware, NULL, NULL);
        break;
    case DOMUS_DEVICE_SERIAL:
    case DOMUS_DEVICE_CONSOLE:
    case DOMUS_DEVICE_OTHER:
        break;
    case DOMUS_N_DEVICE_KINDS:
        g_return_val_if_reached (c);
    }
    return c;
}

/* ---- the XML of a choice --------------------------------------------------------- */

/* The first target name with PREFIX ("vd") no disk of the guest has. */
static char *
free_disk_target (DomusDomainDetails *guest, const char *prefix)
{
    guint n = domus_domain_details_count_devices (guest, DOMUS_DEVICE_DISK);

    for (guint i = 0;; i++) {
        g_autofree char *name = i < 26
                                ? g_strdup_printf ("%s%c", prefix, 'a' + i)
                                : g_strdup_printf ("%s%c%c", prefix, 'a' + i / 26 - 1,
                                                   'a' + i % 26);
        gboolean used = FALSE;

        for (guint d = 0; d < n && !used; d++) {
            g_autofree char *dev = domus_domain_details_get_device_value (
                guest, DOMUS_DEVICE_DISK, d, "target/@dev");

            used = g_strcmp0 (dev, name) == 0;
        }
        if (!used)
            return g_steal_pointer (&name);
    }
}

static guint
free_serial_port (DomusDomainDetails *guest)
{
    guint n = domus_domain_details_count_devices (guest, DOMUS_DEVICE_SERIAL);
    guint next = 0;

    for (guint i = 0; i < n; i++) {
        g_autofree char *port = domus_domain_details_get_device_value (
            guest, DOMUS_DEVICE_SERIAL, i, "target/@port");
        guint p = port != NULL ? (guint) g_ascii_strtoull (port, NULL, 10) : i;

        next = MAX (next, p + 1);
    }
    return next;
}

static char *
disk_xml (DomusDomainDetails *guest, const char *bus)
{
    const char *prefix = g_str_equal (bus, "virtio") ? "vd"
                         : g_str_equal (bus, "ide") ? "hd" : "sd";
    g_autofree char *target = free_disk_target (guest, prefix);

    return g_strdup_printf ("<disk type='file' device='disk'>\n"
                            "  <driver name='qemu' type='qcow2'/>\n"
                            "  <source file=''/>\n"
                            "  <target dev='%s' bus='%s'/>\n"
                            "</disk>", target, bus);
}

static char *
tpm_xml (const DomusHostHardware *hardware, const char *model)
{
    /* swtpm's emulator where the host has it, else the host's own TPM. */
    if (domus_domain_caps_offers (caps_of (hardware), "tpm", "backendModel", "emulator"))
        return g_strdup_printf ("<tpm model='%s'>\n"
                                "  <backend type='emulator' version='2.0'/>\n"
                                "</tpm>", model);
    return g_strdup_printf ("<tpm model='%s'>\n"
                            "  <backend type='passthrough'>\n"
                            "    <device path='/dev/tpm0'/>\n"
                            "  </backend>\n"
                            "</tpm>", model);
}

static char *
hostdev_xml (const DomusHostHardware *hardware, const char *name)
{
    for (guint i = 0; hardware != NULL && i < hardware->devices->len; i++) {
        const DomusHostDevice *dev = g_ptr_array_index (hardware->devices, i);

        if (g_strcmp0 (dev->name, name) == 0)
            return domus_host_device_hostdev_xml (dev);
    }
    return NULL;
}

char *
domus_device_choice_xml (DomusDeviceKind kind, DomusDomainDetails *guest,
                         const DomusHostHardware *hardware, const char *value)
{
    g_autofree char *type = hypervisor_of (guest);
    char *xml = NULL;

    g_return_val_if_fail (kind < DOMUS_N_DEVICE_KINDS, NULL);

    if (kind == DOMUS_DEVICE_SERIAL)
        return g_strdup_printf ("<serial type='pty'>\n  <target port='%u'/>\n</serial>",
                                free_serial_port (guest));
    if (value == NULL)
        return g_strdup (domus_device_kind_template (kind, type));

    switch (kind) {
    case DOMUS_DEVICE_DISK:
        xml = disk_xml (guest, value);
        break;
    case DOMUS_DEVICE_INTERFACE:
        /* A MAC of its own now: left to libvirt, the running guest and
         * the saved definition would each get another one. */
        xml = g_strdup_printf ("<interface type='network'>\n"
                               "  <mac address='52:54:00:%02x:%02x:%02x'/>\n"
                               "  <source network='default'/>\n"
                               "  <model type='%s'/>\n</interface>",
                               (guint) g_random_int_range (0, 256),
                               (guint) g_random_int_range (0, 256),
                               (guint) g_random_int_range (0, 256), value);
        break;
    case DOMUS_DEVICE_GRAPHICS:
        xml = g_strdup_printf ("<graphics type='%s' port='-1' autoport='yes' "
                               "listen='127.0.0.1'/>", value);
        break;
    case DOMUS_DEVICE_VIDEO:
        xml = g_strdup_printf ("<video>\n  <model type='%s'%s/>\n</video>", value,
                               g_str_equal (value, "ramfb") ? "" : " heads='1'");
        break;
    case DOMUS_DEVICE_SOUND:
        xml = g_strdup_printf ("<sound model='%s'/>", value);
        break;
    case DOMUS_DEVICE_CHANNEL:
        xml = g_str_equal (value, "spicevmc")
              ? g_strdup ("<channel type='spicevmc'>\n"
                          "  <target type='virtio' name='com.redhat.spice.0'/>\n</channel>")
              : g_strdup ("<channel type='unix'>\n"
                          "  <target type='virtio' name='org.qemu.guest_agent.0'/>\n</channel>");
        break;
    case DOMUS_DEVICE_INPUT: {
        g_auto(GStrv) parts = g_strsplit (value, "-", 2);

        xml = g_strdup_printf ("<input type='%s' bus='%s'/>", parts[0],
                               parts[1] != NULL ? parts[1] : "usb");
        break;
    }
    case DOMUS_DEVICE_HOSTDEV:
        xml = hostdev_xml (hardware, value);
        break;
    case DOMUS_DEVICE_TPM:
        xml = tpm_xml (hardware, value);
        break;
    case DOMUS_DEVICE_RNG:
        xml = g_str_equal (value, "builtin")
              ? g_strdup ("<rng model='virtio'>\n  <backend model='builtin'/>\n</rng>")
              : g_strdup ("<rng model='virtio'>\n"
                          "  <backend model='random'>/dev/urandom</backend>\n</rng>");
        break;
    case DOMUS_DEVICE_FILESYSTEM:
        xml = g_str_equal (value, "virtiofs")
              ? g_strdup ("<filesystem type='mount' accessmode='passthrough'>\n"
                          "  <driver type='virtiofs'/>\n  <source dir=''/>\n"
                          "  <target dir='share'/>\n</filesystem>")
              : g_strdup_printf ("<filesystem type='mount' accessmode='mapped'>\n"
                                 "  <driver type='%s'/>\n  <source dir=''/>\n"
                                 "  <target dir='share'/>\n</filesystem>", value);
        break;
    case DOMUS_DEVICE_WATCHDOG:
        xml = g_strdup_printf ("<watchdog model='%s' action='reset'/>", value);
        break;
    case DOMUS_DEVICE_CONTROLLER:
        xml = g_str_equal (value, "usb")
              ? g_strdup ("<controller type='usb' model='qemu-xhci'/>")
              : g_str_equal (value, "virtio-serial")
              ? g_strdup ("<controller type='virtio-serial'/>")
              : g_strdup ("<controller type='scsi' model='virtio-scsi'/>");
        break;
    case DOMUS_DEVICE_SERIAL:
    case DOMUS_DEVICE_CONSOLE:
    case DOMUS_DEVICE_OTHER:
    case DOMUS_N_DEVICE_KINDS:
        break;
    }
    return xml != NULL ? xml : g_strdup (domus_device_kind_template (kind, type));
}

gboolean
domus_device_needs_shared_memory (DomusDomainDetails *guest, const char *xml)
{
    g_autoptr(DomusDomainDetails) probe = NULL;
    DomusDeviceKind kind;
    guint index;
    g_autofree char *driver = NULL;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (guest), FALSE);

    if (xml == NULL || domus_domain_details_get_shared_memory (guest))
        return FALSE;
    probe = domus_domain_details_copy (guest);
    if (!domus_domain_details_add_device (probe, xml, &kind, &index, NULL) ||
        kind != DOMUS_DEVICE_FILESYSTEM)
        return FALSE;
    driver = domus_domain_details_get_device_value (probe, kind, index, "driver/@type");
    return g_strcmp0 (driver, "virtiofs") == 0;
}
