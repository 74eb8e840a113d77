/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Builds the domain XML of a new guest with libxml2's tree API, never by
 * pasting strings: every name and path is escaped by libxml2. The devices
 * follow virt-install's choices for the OS that libosinfo describes.
 */
#include "config.h"

#include "domus-domain-config.h"

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-xml.h"

#define LIBOSINFO_NS "http://libosinfo.org/xmlns/libvirt/domain/1.0"

DomusDomainConfig *
domus_domain_config_new (void)
{
    DomusDomainConfig *config = g_new0 (DomusDomainConfig, 1);

    config->domain_type = g_strdup ("kvm");
    config->arch = g_strdup ("x86_64");
    config->memory_mib = 1024;
    config->vcpus = 1;
    config->disk_bus = g_strdup ("virtio");
    config->nic_model = g_strdup ("virtio");
    config->video_model = g_strdup ("virtio");
    config->usb_tablet = TRUE;
    config->disk_format = g_strdup ("qcow2");
    config->network_kind = DOMUS_NETWORK_VIRTUAL;
    config->network_source = g_strdup ("default");
    return config;
}

DomusDomainConfig *
domus_domain_config_copy (const DomusDomainConfig *config)
{
    DomusDomainConfig *copy = g_memdup2 (config, sizeof *config);

    copy->name = g_strdup (config->name);
    copy->domain_type = g_strdup (config->domain_type);
    copy->arch = g_strdup (config->arch);
    copy->machine = g_strdup (config->machine);
    copy->os_id = g_strdup (config->os_id);
    copy->disk_bus = g_strdup (config->disk_bus);
    copy->nic_model = g_strdup (config->nic_model);
    copy->video_model = g_strdup (config->video_model);
    copy->install_source = g_strdup (config->install_source);
    copy->disk_path = g_strdup (config->disk_path);
    copy->disk_format = g_strdup (config->disk_format);
    copy->disk_pool = g_strdup (config->disk_pool);
    copy->disk_volume = g_strdup (config->disk_volume);
    copy->network_source = g_strdup (config->network_source);
    return copy;
}

void
domus_domain_config_free (DomusDomainConfig *config)
{
    if (config == NULL)
        return;
    g_free (config->name);
    g_free (config->domain_type);
    g_free (config->arch);
    g_free (config->machine);
    g_free (config->os_id);
    g_free (config->disk_bus);
    g_free (config->nic_model);
    g_free (config->video_model);
    g_free (config->install_source);
    g_free (config->disk_path);
    g_free (config->disk_format);
    g_free (config->disk_pool);
    g_free (config->disk_volume);
    g_free (config->network_source);
    g_free (config);
}

static xmlNodePtr
add (xmlNodePtr parent, const char *name, const char *content)
{
    return xmlNewTextChild (parent, NULL, BAD_CAST name, BAD_CAST content);
}

static void
set (xmlNodePtr node, const char *attr, const char *value)
{
    xmlNewProp (node, BAD_CAST attr, BAD_CAST value);
}

static xmlNodePtr
add_with (xmlNodePtr parent, const char *name, const char *attr, const char *value)
{
    xmlNodePtr node = add (parent, name, NULL);

    set (node, attr, value);
    return node;
}

/* CD-ROMs sit on SATA on q35 and on IDE on the older PC machine, as
 * virt-install does; a virtio guest still boots its installer from there. */
static const char *
cdrom_bus (const DomusDomainConfig *config)
{
    return config->machine != NULL && g_str_has_prefix (config->machine, "q35") ? "sata"
                                                                                 : "ide";
}

static const char *
disk_target (const char *bus, guint *counters)
{
    static const char *const virtio[] = { "vda", "vdb", "vdc", "vdd" };
    static const char *const scsi[] = { "sda", "sdb", "sdc", "sdd" };
    static const char *const ide[] = { "hda", "hdb", "hdc", "hdd" };

    if (g_str_equal (bus, "virtio"))
        return virtio[counters[0]++ % 4];
    if (g_str_equal (bus, "ide"))
        return ide[counters[2]++ % 4];
    return scsi[counters[1]++ % 4];
}

static void
add_os (xmlNodePtr domain, const DomusDomainConfig *config)
{
    xmlNodePtr os = add (domain, "os", NULL);
    xmlNodePtr type = add (os, "type", "hvm");

    if (config->firmware == DOMUS_FIRMWARE_UEFI)
        set (os, "firmware", "efi");
    set (type, "arch", config->arch);
    if (config->machine != NULL)
        set (type, "machine", config->machine);

    switch (config->method) {
    case DOMUS_INSTALL_ISO:
    case DOMUS_INSTALL_NETWORK:
        add_with (os, "boot", "dev", "cdrom");
        add_with (os, "boot", "dev", "hd");
        break;
    case DOMUS_INSTALL_PXE:
        add_with (os, "boot", "dev", "network");
        add_with (os, "boot", "dev", "hd");
        break;
    case DOMUS_INSTALL_IMPORT:
        add_with (os, "boot", "dev", "hd");
        break;
    }
}

static void
add_features_and_clock (xmlNodePtr domain, const DomusDomainConfig *config)
{
    xmlNodePtr features = add (domain, "features", NULL);
    xmlNodePtr clock;

    add (features, "acpi", NULL);
    add (features, "apic", NULL);
    if (config->windows) {
        xmlNodePtr hyperv = add (features, "hyperv", NULL);

        set (hyperv, "mode", "custom");
        add_with (hyperv, "relaxed", "state", "on");
        add_with (hyperv, "vapic", "state", "on");
        set (add_with (hyperv, "spinlocks", "state", "on"), "retries", "8191");
    }

    clock = add_with (domain, "clock", "offset", config->windows ? "localtime" : "utc");
    set (add_with (clock, "timer", "name", "rtc"), "tickpolicy", "catchup");
    set (add_with (clock, "timer", "name", "pit"), "tickpolicy", "delay");
    set (add_with (clock, "timer", "name", "hpet"), "present", "no");
    if (config->windows)
        set (add_with (clock, "timer", "name", "hypervclock"), "present", "yes");
}

/* The network boot image as a CD-ROM read by QEMU's curl driver. */
static gboolean
add_network_cdrom (xmlNodePtr disk, const char *url, GError **error)
{
    g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
    const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
    xmlNodePtr source, host;

    if (scheme == NULL || g_uri_get_host (uri) == NULL ||
        !(g_str_equal (scheme, "http") || g_str_equal (scheme, "https") ||
          g_str_equal (scheme, "ftp"))) {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                     _("“%s” is not an HTTP, HTTPS or FTP address"), url);
        return FALSE;
    }
    set (disk, "type", "network");
    set (disk, "device", "cdrom");
    add_with (disk, "driver", "name", "qemu");
    source = add_with (disk, "source", "protocol", scheme);
    set (source, "name", g_uri_get_path (uri));
    host = add_with (source, "host", "name", g_uri_get_host (uri));
    if (g_uri_get_port (uri) > 0) {
        g_autofree char *port = g_strdup_printf ("%d", g_uri_get_port (uri));

        set (host, "port", port);
    }
    return TRUE;
}

static gboolean
add_disks (xmlNodePtr devices, const DomusDomainConfig *config, GError **error)
{
    guint counters[3] = { 0, 0, 0 };

    if (config->disk_pool != NULL && config->disk_volume != NULL) {
        xmlNodePtr disk = add (devices, "disk", NULL);
        xmlNodePtr driver;

        set (disk, "type", "volume");
        set (disk, "device", "disk");
        driver = add_with (disk, "driver", "name", "qemu");
        set (driver, "type", config->disk_format != NULL ? config->disk_format : "raw");
        set (add_with (disk, "source", "pool", config->disk_pool), "volume",
             config->disk_volume);
        set (add_with (disk, "target", "dev", disk_target (config->disk_bus, counters)),
             "bus", config->disk_bus);
    } else if (config->disk_path != NULL) {
        xmlNodePtr disk = add (devices, "disk", NULL);
        xmlNodePtr driver;

        set (disk, "type", config->disk_is_block ? "block" : "file");
        set (disk, "device", "disk");
        driver = add_with (disk, "driver", "name", "qemu");
        set (driver, "type", config->disk_format != NULL ? config->disk_format : "raw");
        add_with (disk, "source", config->disk_is_block ? "dev" : "file", config->disk_path);
        set (add_with (disk, "target", "dev", disk_target (config->disk_bus, counters)),
             "bus", config->disk_bus);
    }

    if (config->method == DOMUS_INSTALL_ISO || config->method == DOMUS_INSTALL_NETWORK) {
        xmlNodePtr disk = add (devices, "disk", NULL);
        const char *bus = cdrom_bus (config);

        if (config->install_source == NULL) {
            g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                                 _("No installation media was chosen"));
            return FALSE;
        }
        if (config->method == DOMUS_INSTALL_ISO) {
            gboolean block = g_str_has_prefix (config->install_source, "/dev/");

            set (disk, "type", block ? "block" : "file");
            set (disk, "device", "cdrom");
            set (add_with (disk, "driver", "name", "qemu"), "type", "raw");
            add_with (disk, "source", block ? "dev" : "file", config->install_source);
        } else if (!add_network_cdrom (disk, config->install_source, error)) {
            return FALSE;
        }
        set (add_with (disk, "target", "dev", disk_target (bus, counters)), "bus", bus);
        add (disk, "readonly", NULL);
    }
    return TRUE;
}

static void
add_interface (xmlNodePtr devices, const DomusDomainConfig *config)
{
    xmlNodePtr iface, source;

    if (config->network_kind == DOMUS_NETWORK_NONE)
        return;
    iface = add (devices, "interface", NULL);
    switch (config->network_kind) {
    case DOMUS_NETWORK_VIRTUAL:
        set (iface, "type", "network");
        add_with (iface, "source", "network", config->network_source);
        break;
    case DOMUS_NETWORK_BRIDGE:
        set (iface, "type", "bridge");
        add_with (iface, "source", "bridge", config->network_source);
        break;
    case DOMUS_NETWORK_MACVTAP:
    case DOMUS_NETWORK_NONE:
        set (iface, "type", "direct");
        source = add_with (iface, "source", "dev", config->network_source);
        set (source, "mode", "bridge");
        break;
    }
    add_with (iface, "model", "type", config->nic_model);
}

static gboolean
add_devices (xmlNodePtr domain, const DomusDomainConfig *config, GError **error)
{
    xmlNodePtr devices = add (domain, "devices", NULL);
    xmlNodePtr graphics, video;

    if (!add_disks (devices, config, error))
        return FALSE;
    add_interface (devices, config);
    if (config->usb_tablet)
        set (add_with (devices, "input", "type", "tablet"), "bus", "usb");
    /* A serial console, as virt-install adds: early boot output is readable
     * without a screen. */
    add_with (devices, "serial", "type", "pty");
    add_with (devices, "console", "type", "pty");
    graphics = add_with (devices, "graphics", "type", "vnc");
    set (graphics, "port", "-1");
    set (graphics, "autoport", "yes");
    set (graphics, "listen", "127.0.0.1");
    video = add (devices, "video", NULL);
    add_with (video, "model", "type", config->video_model);
    return TRUE;
}

char *
domus_domain_config_to_xml (const DomusDomainConfig *config, GError **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    xmlNodePtr domain, metadata, info;
    g_autofree char *memory = NULL;
    g_autofree char *vcpus = NULL;

    g_return_val_if_fail (config != NULL, NULL);

    if (config->name == NULL || *config->name == '\0') {
        g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                             _("The new guest has no name"));
        return NULL;
    }
    if (config->method == DOMUS_INSTALL_IMPORT && config->disk_path == NULL &&
        config->disk_volume == NULL) {
        g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                             _("No disk to import was chosen"));
        return NULL;
    }

    doc = xmlNewDoc (BAD_CAST "1.0");
    domain = xmlNewNode (NULL, BAD_CAST "domain");
    xmlDocSetRootElement (doc, domain);
    set (domain, "type", config->domain_type);
    add (domain, "name", config->name);

    if (config->os_id != NULL) {
        xmlNsPtr ns;

        metadata = add (domain, "metadata", NULL);
        info = xmlNewChild (metadata, NULL, BAD_CAST "libosinfo", NULL);
        ns = xmlNewNs (info, BAD_CAST LIBOSINFO_NS, BAD_CAST "libosinfo");
        xmlSetNs (info, ns);
        set (xmlNewChild (info, ns, BAD_CAST "os", NULL), "id", config->os_id);
    }

    memory = g_strdup_printf ("%" G_GUINT64_FORMAT, config->memory_mib);
    set (add (domain, "memory", memory), "unit", "MiB");
    set (add (domain, "currentMemory", memory), "unit", "MiB");
    vcpus = g_strdup_printf ("%u", MAX (config->vcpus, 1));
    add (domain, "vcpu", vcpus);
    add_os (domain, config);
    add_features_and_clock (domain, config);
    if (g_str_equal (config->domain_type, "kvm"))
        add_with (domain, "cpu", "mode", "host-passthrough");
    add (domain, "on_poweroff", "destroy");
    add (domain, "on_reboot", "restart");
    add (domain, "on_crash", "destroy");
    if (!add_devices (domain, config, error))
        return NULL;

    return domus_xml_to_string (doc, NULL);
}
