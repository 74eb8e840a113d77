/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The domain XML of new guests against golden files in tests/data/domain-config/,
 * with the devices libosinfo recommends for each OS. To regenerate the
 * goldens after an intended change, run the test with DOMUS_UPDATE_GOLDEN=1
 * (see tests/data/domain-config/README) and review the diff.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "domus-domain-config.h"
#include "domus-osinfo.h"

/* A config with libosinfo's devices for @os_id (NULL: unknown OS). */
static DomusDomainConfig *
config_for_os (const char *name, const char *os_id)
{
    DomusDomainConfig *config = domus_domain_config_new ();
    DomusOsDefaults d;

    domus_osinfo_get_defaults (os_id, "x86_64", &d);
    config->name = g_strdup (name);
    config->os_id = g_strdup (os_id);
    config->memory_mib = d.memory_mib;
    config->vcpus = d.vcpus;
    domus_osinfo_apply_devices (os_id, config);
    return config;
}

static void
check_golden (const DomusDomainConfig *config, const char *golden)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = domus_domain_config_to_xml (config, &error);
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "domain-config",
                                                   golden, NULL);
    g_autofree char *expected = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (xml);
    if (g_getenv ("DOMUS_UPDATE_GOLDEN") != NULL) {
        g_file_set_contents (path, xml, -1, &error);
        g_assert_no_error (error);
    }
    g_file_get_contents (path, &expected, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (xml, ==, expected);
}

static void
test_linux_iso (void)
{
    g_autoptr(DomusDomainConfig) c = config_for_os ("debian11", "http://debian.org/debian/11");

    c->method = DOMUS_INSTALL_ISO;
    c->install_source = g_strdup ("/var/lib/libvirt/images/debian-11.6.0-amd64-netinst.iso");
    c->disk_path = g_strdup ("/var/lib/libvirt/images/debian11.qcow2");
    check_golden (c, "linux-iso-qcow2.xml");
}

static void
test_windows_iso (void)
{
    g_autoptr(DomusDomainConfig) c = config_for_os ("win10", "http://microsoft.com/win/10");

    c->method = DOMUS_INSTALL_ISO;
    c->install_source = g_strdup ("/srv/iso/Win10_22H2_English_x64.iso");
    c->disk_path = g_strdup ("/var/lib/libvirt/images/win10.qcow2");
    check_golden (c, "windows-iso.xml");
}

static void
test_network_install (void)
{
    g_autoptr(DomusDomainConfig) c = config_for_os ("fedora36",
                                                    "http://fedoraproject.org/fedora/36");

    c->method = DOMUS_INSTALL_NETWORK;
    c->install_source = g_strdup ("https://mirror.example.org:8443/fedora/releases/36/"
                                  "Everything/x86_64/os/images/boot.iso");
    c->disk_path = g_strdup ("/var/lib/libvirt/images/fedora36.qcow2");
    check_golden (c, "network-install.xml");
}

static void
test_pxe (void)
{
    g_autoptr(DomusDomainConfig) c = config_for_os ("pxe-client", NULL);

    c->method = DOMUS_INSTALL_PXE;
    c->disk_path = g_strdup ("/var/lib/libvirt/images/pxe-client.qcow2");
    c->network_kind = DOMUS_NETWORK_BRIDGE;
    g_free (c->network_source);
    c->network_source = g_strdup ("br0");
    check_golden (c, "pxe.xml");
}

static void
test_import_raw (void)
{
    g_autoptr(DomusDomainConfig) c = config_for_os ("server01", "http://redhat.com/rhel/7.9");

    c->method = DOMUS_INSTALL_IMPORT;
    c->disk_path = g_strdup ("/dev/vg_guests/server01");
    c->disk_is_block = TRUE;
    g_free (c->disk_format);
    c->disk_format = g_strdup ("raw");
    check_golden (c, "import-raw.xml");
}

static void
test_import_qcow2 (void)
{
    g_autoptr(DomusDomainConfig) c = config_for_os ("server02 & <legacy>",
                                                    "http://centos.org/centos/7.0");

    c->method = DOMUS_INSTALL_IMPORT;
    c->disk_path = g_strdup ("/srv/p2v/server02.qcow2");
    check_golden (c, "import-qcow2.xml");
}

/* A LUN of an iscsi-direct pool has no path on the host: the disk names
 * the pool and the volume, and libvirt makes it a network disk. */
static void
test_import_volume (void)
{
    g_autoptr(DomusDomainConfig) c = config_for_os ("san01", "http://redhat.com/rhel/7.9");

    c->method = DOMUS_INSTALL_IMPORT;
    c->disk_path = g_strdup ("ip-192.0.2.7:3260-iscsi-iqn.2024-01.com.example:san-lun-1");
    c->disk_pool = g_strdup ("san");
    c->disk_volume = g_strdup ("unit:0:0:1");
    g_free (c->disk_format);
    c->disk_format = g_strdup ("raw");
    check_golden (c, "import-volume.xml");
}

static void
test_uefi (void)
{
    g_autoptr(DomusDomainConfig) c = config_for_os ("uefi-guest", "http://ubuntu.com/ubuntu/22.04");

    c->method = DOMUS_INSTALL_ISO;
    c->firmware = DOMUS_FIRMWARE_UEFI;
    g_free (c->machine);
    c->machine = g_strdup ("q35");
    c->install_source = g_strdup ("/dev/sr0");
    c->disk_path = g_strdup ("/var/lib/libvirt/images/uefi-guest.qcow2");
    c->network_kind = DOMUS_NETWORK_MACVTAP;
    g_free (c->network_source);
    c->network_source = g_strdup ("eno1");
    check_golden (c, "uefi.xml");
}

static void
test_refusals (void)
{
    g_autoptr(DomusDomainConfig) c = domus_domain_config_new ();
    g_autoptr(GError) error = NULL;
    char *xml;

    xml = domus_domain_config_to_xml (c, &error);
    g_assert_null (xml);
    g_assert_nonnull (strstr (error->message, "no name"));
    g_clear_error (&error);

    c->name = g_strdup ("net");
    c->method = DOMUS_INSTALL_NETWORK;
    c->install_source = g_strdup ("htp:/mirror/boot.iso");
    xml = domus_domain_config_to_xml (c, &error);
    g_assert_null (xml);
    g_assert_cmpstr (error->message, ==,
                     "“htp:/mirror/boot.iso” is not an HTTP, HTTPS or FTP address");
    g_clear_error (&error);

    c->method = DOMUS_INSTALL_IMPORT;
    xml = domus_domain_config_to_xml (c, &error);
    g_assert_null (xml);
    g_assert_cmpstr (error->message, ==, "No disk to import was chosen");
}

int
main (int argc, char **argv)
{
    g_autoptr(GError) error = NULL;

    g_test_init (&argc, &argv, NULL);
    domus_osinfo_load (&error);
    g_assert_no_error (error);

    g_test_add_func ("/domain-config/linux-iso-qcow2", test_linux_iso);
    g_test_add_func ("/domain-config/windows-iso", test_windows_iso);
    g_test_add_func ("/domain-config/network-install", test_network_install);
    g_test_add_func ("/domain-config/pxe", test_pxe);
    g_test_add_func ("/domain-config/import-raw", test_import_raw);
    g_test_add_func ("/domain-config/import-qcow2", test_import_qcow2);
    g_test_add_func ("/domain-config/import-volume", test_import_volume);
    g_test_add_func ("/domain-config/uefi", test_uefi);
    g_test_add_func ("/domain-config/refusals", test_refusals);
    return g_test_run ();
}
