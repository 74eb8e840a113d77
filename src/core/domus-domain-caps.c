/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a host offers one guest's hardware: the domain capabilities for the
 * guest's emulator, arch, machine and type (CPU modes and models, the enum
 * values of each device kind), the host's USB and PCI node devices, and
 * libosinfo's recommendations for the guest's OS. Add Hardware and the CPU
 * page offer only what is here.
 */
#include "config.h"

#include "domus-domain-caps.h"

#include <stdlib.h>

#include <libxml/xpathInternals.h>

#include <glib/gi18n-lib.h>

#include "domus-libvirt-private.h"
#include "domus-xml.h"

struct _DomusDomainCaps {
    char *emulator;
    char *machine;
    guint max_vcpus;
    GHashTable *cpu_modes;      /* supported mode names */
    char *host_model;
    GPtrArray *cpu_models;      /* DomusCpuModel */
    GHashTable *values;         /* "device/name" -> GStrv; "device" -> supported */
};

static void
cpu_model_free (DomusCpuModel *model)
{
    g_free (model->name);
    g_free (model->vendor);
    g_free (model);
}

void
domus_domain_caps_free (DomusDomainCaps *caps)
{
    if (caps == NULL)
        return;
    g_free (caps->emulator);
    g_free (caps->machine);
    g_hash_table_unref (caps->cpu_modes);
    g_free (caps->host_model);
    g_ptr_array_unref (caps->cpu_models);
    g_hash_table_unref (caps->values);
    g_free (caps);
}

static GStrv
enum_values (xmlXPathContextPtr ctx, xmlNodePtr node)
{
    g_autoptr(GPtrArray) values = domus_xml_get_nodes (ctx, node, "value");
    GStrv out = g_new0 (char *, values->len + 1);

    for (guint i = 0; i < values->len; i++) {
        g_autofree char *text = (char *) xmlNodeGetContent (g_ptr_array_index (values, i));

        out[i] = g_strdup (g_strstrip (text));
    }
    return out;
}

static void
read_devices (DomusDomainCaps *caps, xmlXPathContextPtr ctx)
{
    g_autoptr(GPtrArray) devices = domus_xml_get_nodes (ctx, NULL,
                                                        "/domainCapabilities/devices/*");

    for (guint i = 0; i < devices->len; i++) {
        xmlNodePtr device = g_ptr_array_index (devices, i);
        g_autofree char *supported = domus_xml_get_string (ctx, device, "string(@supported)");
        g_autoptr(GPtrArray) enums = domus_xml_get_nodes (ctx, device, "enum");
        gboolean yes = g_strcmp0 (supported, "yes") == 0;

        g_hash_table_insert (caps->values, g_strdup ((const char *) device->name),
                             yes ? g_new0 (char *, 1) : NULL);
        for (guint e = 0; e < enums->len; e++) {
            xmlNodePtr node = g_ptr_array_index (enums, e);
            g_autofree char *name = domus_xml_get_string (ctx, node, "string(@name)");

            if (name == NULL)
                continue;
            /* An unsupported kind offers nothing, whatever it lists. */
            g_hash_table_insert (caps->values,
                                 g_strdup_printf ("%s/%s", (const char *) device->name, name),
                                 yes ? enum_values (ctx, node) : g_new0 (char *, 1));
        }
    }
}

static void
read_cpu (DomusDomainCaps *caps, xmlXPathContextPtr ctx)
{
    g_autoptr(GPtrArray) modes = domus_xml_get_nodes (ctx, NULL,
                                                      "/domainCapabilities/cpu/mode"
                                                      "[@supported='yes']");
    g_autoptr(GPtrArray) models = domus_xml_get_nodes (ctx, NULL,
                                                       "/domainCapabilities/cpu/mode"
                                                       "[@name='custom'][@supported='yes']/model");
    g_autoptr(GPtrArray) unusable = g_ptr_array_new ();

    for (guint i = 0; i < modes->len; i++) {
        char *name = domus_xml_get_string (ctx, g_ptr_array_index (modes, i), "string(@name)");

        if (name != NULL)
            g_hash_table_add (caps->cpu_modes, name);
    }
    caps->host_model = domus_xml_get_string (ctx, NULL,
                                             "string(/domainCapabilities/cpu/mode"
                                             "[@name='host-model'][@supported='yes']/model)");
    for (guint i = 0; i < models->len; i++) {
        xmlNodePtr node = g_ptr_array_index (models, i);
        g_autofree char *usable = domus_xml_get_string (ctx, node, "string(@usable)");
        g_autofree char *name = (char *) xmlNodeGetContent (node);
        DomusCpuModel *model;

        g_strstrip (name);
        if (*name == '\0')
            continue;
        model = g_new0 (DomusCpuModel, 1);
        model->name = g_strdup (name);
        model->vendor = domus_xml_get_string (ctx, node, "string(@vendor)");
        if (g_strcmp0 (model->vendor, "unknown") == 0)
            g_clear_pointer (&model->vendor, g_free);
        /* "unknown" usability (older libvirt) counts as usable. */
        model->usable = g_strcmp0 (usable, "no") != 0;
        g_ptr_array_add (model->usable ? caps->cpu_models : unusable, model);
    }
    for (guint i = 0; i < unusable->len; i++)
        g_ptr_array_add (caps->cpu_models, g_ptr_array_index (unusable, i));
}

DomusDomainCaps *
domus_domain_caps_parse (const char *xml, GError **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autofree char *vcpus = NULL;
    DomusDomainCaps *caps;

    g_return_val_if_fail (xml != NULL, NULL);

    doc = domus_xml_parse (xml, error);
    if (doc == NULL)
        return NULL;
    if (!xmlStrEqual (xmlDocGetRootElement (doc)->name, BAD_CAST "domainCapabilities")) {
        g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                     _("This is not a host's domain capabilities: <%s>."),
                     (const char *) xmlDocGetRootElement (doc)->name);
        return NULL;
    }
    ctx = xmlXPathNewContext (doc);
    caps = g_new0 (DomusDomainCaps, 1);
    caps->cpu_modes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    caps->cpu_models = g_ptr_array_new_with_free_func ((GDestroyNotify) cpu_model_free);
    caps->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_strfreev);
    caps->emulator = domus_xml_get_string (ctx, NULL, "string(/domainCapabilities/path)");
    caps->machine = domus_xml_get_string (ctx, NULL, "string(/domainCapabilities/machine)");
    vcpus = domus_xml_get_string (ctx, NULL, "string(/domainCapabilities/vcpu/@max)");
    caps->max_vcpus = vcpus != NULL ? (guint) g_ascii_strtoull (vcpus, NULL, 10) : 0;
    read_cpu (caps, ctx);
    read_devices (caps, ctx);
    return caps;
}

const char *
domus_domain_caps_get_emulator (const DomusDomainCaps *caps)
{
    g_return_val_if_fail (caps != NULL, NULL);
    return caps->emulator;
}

const char *
domus_domain_caps_get_machine (const DomusDomainCaps *caps)
{
    g_return_val_if_fail (caps != NULL, NULL);
    return caps->machine;
}

guint
domus_domain_caps_get_max_vcpus (const DomusDomainCaps *caps)
{
    g_return_val_if_fail (caps != NULL, 0);
    return caps->max_vcpus;
}

gboolean
domus_domain_caps_cpu_mode (const DomusDomainCaps *caps, const char *mode)
{
    g_return_val_if_fail (caps != NULL && mode != NULL, FALSE);
    return g_hash_table_contains (caps->cpu_modes, mode);
}

const char *
domus_domain_caps_get_host_model (const DomusDomainCaps *caps)
{
    g_return_val_if_fail (caps != NULL, NULL);
    return caps->host_model;
}

GPtrArray *
domus_domain_caps_get_cpu_models (const DomusDomainCaps *caps)
{
    g_return_val_if_fail (caps != NULL, NULL);
    return caps->cpu_models;
}

const char *const *
domus_domain_caps_get_values (const DomusDomainCaps *caps, const char *device,
                              const char *name)
{
    g_autofree char *key = NULL;
    const char *const *values;
    gpointer found;

    g_return_val_if_fail (caps != NULL && device != NULL && name != NULL, NULL);

    key = g_strdup_printf ("%s/%s", device, name);
    if (g_hash_table_lookup_extended (caps->values, key, NULL, &found))
        return found;
    /* The kind is there without this enum: nothing is offered when it is
     * unsupported, and nothing is said otherwise. */
    if (g_hash_table_lookup_extended (caps->values, device, NULL, &found)) {
        static const char *const none[] = { NULL };

        values = found;
        return values == NULL ? none : NULL;
    }
    return NULL;
}

gboolean
domus_domain_caps_offers (const DomusDomainCaps *caps, const char *device, const char *name,
                          const char *value)
{
    const char *const *values;

    if (caps == NULL)
        return TRUE;
    values = domus_domain_caps_get_values (caps, device, name);
    return values == NULL || g_strv_contains (values, value);
}

/* ---- host devices ------------------------------------------------------- */

void
domus_host_device_free (DomusHostDevice *device)
{
    if (device == NULL)
        return;
    g_free (device->name);
    g_free (device->type);
    g_free (device->vendor_id);
    g_free (device->product_id);
    g_free (device->vendor);
    g_free (device->product);
    g_free (device);
}

static guint
get_number (xmlXPathContextPtr ctx, xmlNodePtr node, const char *expr)
{
    g_autofree char *text = domus_xml_get_string (ctx, node, expr);

    return text != NULL ? (guint) g_ascii_strtoull (text, NULL, 0) : 0;
}

DomusHostDevice *
domus_host_device_parse (const char *xml)
{
    g_autoptr(xmlDoc) doc = xml != NULL ? domus_xml_parse (xml, NULL) : NULL;
    g_autoptr(xmlXPathContext) ctx = doc != NULL ? xmlXPathNewContext (doc) : NULL;
    g_autoptr(GPtrArray) caps = NULL;
    xmlNodePtr cap;
    g_autofree char *type = NULL;
    DomusHostDevice *device;

    if (ctx == NULL)
        return NULL;
    caps = domus_xml_get_nodes (ctx, NULL, "/device/capability[@type='usb_device' or "
                                           "@type='pci']");
    if (caps->len == 0)
        return NULL;
    cap = g_ptr_array_index (caps, 0);
    type = domus_xml_get_string (ctx, cap, "string(@type)");
    device = g_new0 (DomusHostDevice, 1);
    device->name = domus_xml_get_string (ctx, NULL, "string(/device/name)");
    device->type = g_strdup (g_str_equal (type, "pci") ? "pci" : "usb");
    device->vendor_id = domus_xml_get_string (ctx, cap, "string(vendor/@id)");
    device->product_id = domus_xml_get_string (ctx, cap, "string(product/@id)");
    device->vendor = domus_xml_get_string (ctx, cap, "normalize-space(vendor)");
    device->product = domus_xml_get_string (ctx, cap, "normalize-space(product)");
    device->bus = get_number (ctx, cap, "string(bus)");
    /* Bridges (PCI class 0x06) and the kernel's root hubs (Linux
     * Foundation's USB vendor id) hold the host's other devices: no
     * guest can have them. */
    if ((g_str_equal (device->type, "pci") &&
         get_number (ctx, cap, "string(class)") >> 16 == 0x06) ||
        (g_str_equal (device->type, "usb") && g_strcmp0 (device->vendor_id, "0x1d6b") == 0)) {
        domus_host_device_free (device);
        return NULL;
    }
    if (g_str_equal (device->type, "pci")) {
        device->domain = get_number (ctx, cap, "string(domain)");
        device->slot = get_number (ctx, cap, "string(slot)");
        device->function = get_number (ctx, cap, "string(function)");
    } else {
        device->slot = get_number (ctx, cap, "string(device)");
    }
    return device;
}

char *
domus_host_device_describe (const DomusHostDevice *device)
{
    g_autofree char *what = NULL;

    g_return_val_if_fail (device != NULL, NULL);

    if (device->vendor != NULL && device->product != NULL)
        what = g_strdup_printf ("%s %s", device->vendor, device->product);
    else if (device->product != NULL || device->vendor != NULL)
        what = g_strdup (device->product != NULL ? device->product : device->vendor);
    else
        what = g_strdup_printf ("%s:%s", device->vendor_id != NULL ? device->vendor_id : "?",
                                device->product_id != NULL ? device->product_id : "?");
    if (g_str_equal (device->type, "pci"))
        /* TRANSLATORS: a host's PCI device: its name and address */
        return g_strdup_printf (_("%s (PCI %04x:%02x:%02x.%x)"), what, device->domain,
                                device->bus, device->slot, device->function);
    /* TRANSLATORS: a host's USB device: its name, bus and device number */
    return g_strdup_printf (_("%s (USB %03u:%03u)"), what, device->bus, device->slot);
}

char *
domus_host_device_hostdev_xml (const DomusHostDevice *device)
{
    g_return_val_if_fail (device != NULL, NULL);

    if (g_str_equal (device->type, "pci"))
        return g_strdup_printf ("<hostdev mode='subsystem' type='pci' managed='yes'>\n"
                                "  <source>\n"
                                "    <address domain='0x%04x' bus='0x%02x' slot='0x%02x' "
                                "function='0x%x'/>\n"
                                "  </source>\n"
                                "</hostdev>", device->domain, device->bus, device->slot,
                                device->function);
    return g_strdup_printf ("<hostdev mode='subsystem' type='usb' managed='yes'>\n"
                            "  <source>\n"
                            "    <vendor id='%s'/>\n"
                            "    <product id='%s'/>\n"
                            "  </source>\n"
                            "</hostdev>",
                            device->vendor_id != NULL ? device->vendor_id : "0x0000",
                            device->product_id != NULL ? device->product_id : "0x0000");
}

static gboolean
same_number (const char *text, guint number)
{
    return text != NULL && g_ascii_strtoull (text, NULL, 0) == number;
}

static gboolean
same_id (const char *a, const char *b)
{
    return a != NULL && b != NULL &&
           g_ascii_strtoull (a, NULL, 16) == g_ascii_strtoull (b, NULL, 16);
}

gboolean
domus_host_device_matches (const DomusHostDevice *device, const char *type,
                           const char *vendor_id, const char *product_id, const char *bus,
                           const char *slot, const char *function)
{
    g_return_val_if_fail (device != NULL, FALSE);

    if (g_strcmp0 (type, device->type) != 0)
        return FALSE;
    if (g_str_equal (device->type, "pci"))
        return same_number (bus, device->bus) && same_number (slot, device->slot) &&
               same_number (function != NULL ? function : "0", device->function);
    return same_id (vendor_id, device->vendor_id) && same_id (product_id, device->product_id);
}

/* ---- all of it, for one guest ----------------------------------------------- */

void
domus_host_hardware_free (DomusHostHardware *hardware)
{
    if (hardware == NULL)
        return;
    domus_domain_caps_free (hardware->caps);
    g_ptr_array_unref (hardware->devices);
    g_free (hardware);
}

const DomusHostDevice *
domus_host_hardware_find_device (const DomusHostHardware *hardware, const char *type,
                                 const char *vendor_id, const char *product_id,
                                 const char *bus, const char *slot, const char *function)
{
    if (hardware == NULL)
        return NULL;
    for (guint i = 0; i < hardware->devices->len; i++) {
        const DomusHostDevice *device = g_ptr_array_index (hardware->devices, i);

        if (domus_host_device_matches (device, type, vendor_id, product_id, bus, slot,
                                       function))
            return device;
    }
    return NULL;
}

static void
add_node_devices (virConnectPtr conn, GPtrArray *out, unsigned int flags)
{
    virNodeDevicePtr *devices = NULL;
    int n = virConnectListAllNodeDevices (conn, &devices, flags);

    for (int i = 0; i < n; i++) {
        g_autofree char *xml = virNodeDeviceGetXMLDesc (devices[i], 0);
        DomusHostDevice *device = domus_host_device_parse (xml);

        if (device != NULL)
            g_ptr_array_add (out, device);
        virNodeDeviceFree (devices[i]);
    }
    free (devices);
}

DomusHostHardware *
domus_host_hardware_read (gpointer connection, const char *domain_xml)
{
    virConnectPtr conn = connection;
    DomusHostHardware *hardware = g_new0 (DomusHostHardware, 1);
    g_autoptr(xmlDoc) doc = domain_xml != NULL ? domus_xml_parse (domain_xml, NULL) : NULL;
    g_autoptr(xmlXPathContext) ctx = doc != NULL ? xmlXPathNewContext (doc) : NULL;
    g_autofree char *type = NULL;
    g_autofree char *arch = NULL;
    g_autofree char *machine = NULL;
    g_autofree char *emulator = NULL;
    g_autofree char *os_id = NULL;
    g_autofree char *caps_xml = NULL;

    hardware->devices = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_host_device_free);
    if (ctx != NULL) {
        xmlXPathRegisterNs (ctx, BAD_CAST "osinfo",
                            BAD_CAST "http://libosinfo.org/xmlns/libvirt/domain/1.0");
        type = domus_xml_get_string (ctx, NULL, "string(/domain/@type)");
        arch = domus_xml_get_string (ctx, NULL, "string(/domain/os/type/@arch)");
        machine = domus_xml_get_string (ctx, NULL, "string(/domain/os/type/@machine)");
        emulator = domus_xml_get_string (ctx, NULL, "string(/domain/devices/emulator)");
        os_id = domus_xml_get_string (ctx, NULL, "string(/domain/metadata/osinfo:libosinfo"
                                                 "/osinfo:os/@id)");
    }
    caps_xml = virConnectGetDomainCapabilities (conn, emulator, arch, machine, type, 0);
    if (caps_xml != NULL)
        hardware->caps = domus_domain_caps_parse (caps_xml, NULL);
    add_node_devices (conn, hardware->devices, VIR_CONNECT_LIST_NODE_DEVICES_CAP_USB_DEV);
    add_node_devices (conn, hardware->devices, VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV);
    /* The test driver has no domain capabilities, hosts without udev no
     * node devices: the choices fall back to what every QEMU takes. */
    virResetLastError ();
    /* From osinfo-db where it is loaded already: loading it here would
     * hold the worker for seconds. Add Hardware loads it and asks again. */
    domus_osinfo_get_defaults (os_id, arch, &hardware->os);
    return hardware;
}
