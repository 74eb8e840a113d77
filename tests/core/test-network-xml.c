/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * New networks without a host: the XML of each kind against golden files in
 * tests/data/network/ (DOMUS_UPDATE_GOLDEN=1 rewrites them, see the README
 * there), the defaults that avoid what the host already uses, the checks
 * in words, and libvirt's network and interface XML read back.
 */
#include "config.h"

#include <glib.h>

#include "domus-error.h"
#include "domus-network.h"
#include "domus-network-private.h"

static void
check_golden (const DomusNetworkConfig *config, const char *golden)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = domus_network_config_to_xml (config);
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "network", golden, NULL);
    g_autofree char *expected = NULL;

    g_assert_nonnull (xml);
    if (g_getenv ("DOMUS_UPDATE_GOLDEN") != NULL) {
        g_file_set_contents (path, xml, -1, &error);
        g_assert_no_error (error);
    }
    g_file_get_contents (path, &expected, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (xml, ==, expected);
}

/* What test:///default has: "default" on virbr0 with 192.168.122.0/24, and
 * eth1 with 192.168.0.5/24; plus a host bridge br0 and a NIC eno1. */
static GPtrArray *
host_networks (void)
{
    GPtrArray *nets = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_network_info_free);

    g_ptr_array_add (nets, domus_network_info_from_xml (
        "<network><name>default</name><forward mode='nat'/>"
        "<bridge name='virbr0'/>"
        "<ip address='192.168.122.1' netmask='255.255.255.0'>"
        "<dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp></ip>"
        "<ip family='ipv6' address='fd00:0:0:64::1' prefix='64'/>"
        "</network>", NULL));
    return nets;
}

static DomusHostInterface *
iface (const char *name, const char *type, const char *address)
{
    DomusHostInterface *i = g_new0 (DomusHostInterface, 1);

    i->name = g_strdup (name);
    i->type = g_strdup (type);
    i->addresses = g_ptr_array_new_with_free_func (g_free);
    if (address != NULL)
        g_ptr_array_add (i->addresses, g_strdup (address));
    return i;
}

static GPtrArray *
host_interfaces (void)
{
    GPtrArray *ifaces = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_host_interface_free);

    g_ptr_array_add (ifaces, iface ("br0", "bridge", "192.168.100.7/24"));
    g_ptr_array_add (ifaces, iface ("eno1", "ethernet", NULL));
    g_ptr_array_add (ifaces, iface ("virbr1", "bridge", NULL));
    return ifaces;
}

static DomusNetworkConfig *
default_config (DomusNetworkKind kind)
{
    g_autoptr(GPtrArray) nets = host_networks ();
    g_autoptr(GPtrArray) ifaces = host_interfaces ();

    return domus_network_config_new_default (kind, nets, ifaces);
}

static void
add_host (DomusNetworkConfig *c, const char *mac, const char *name, const char *address)
{
    DomusNetworkStaticHost *h = g_new0 (DomusNetworkStaticHost, 1);

    h->mac = g_strdup (mac);
    h->name = g_strdup (name);
    h->address = g_strdup (address);
    g_ptr_array_add (c->hosts, h);
}

static void
assert_valid (const DomusNetworkConfig *c)
{
    g_autoptr(GPtrArray) nets = host_networks ();
    g_autoptr(GPtrArray) ifaces = host_interfaces ();
    g_autoptr(GError) error = NULL;
    DomusNetworkField field = DOMUS_NETWORK_FIELD_HOSTS;

    g_assert_true (domus_network_config_check (c, nets, ifaces, &field, &error));
    g_assert_no_error (error);
    g_assert_cmpint (field, ==, DOMUS_NETWORK_FIELD_NONE);
}

/* The defaults skip virbr0 and virbr1 (taken), 192.168.100.0/24 (br0's)
 * and 192.168.122.0/24 is far above: the first free one is .101. */
static void
test_defaults (void)
{
    g_autoptr(DomusNetworkConfig) c = default_config (DOMUS_NETWORK_KIND_NAT);
    g_autoptr(DomusNetworkConfig) br = default_config (DOMUS_NETWORK_KIND_BRIDGE);
    g_autoptr(DomusNetworkConfig) mv = default_config (DOMUS_NETWORK_KIND_MACVTAP);

    g_assert_cmpstr (c->name, ==, "network1");
    g_assert_cmpstr (c->bridge, ==, "virbr2");
    g_assert_cmpstr (c->ipv4_address, ==, "192.168.101.1");
    g_assert_cmpuint (c->ipv4_prefix, ==, 24);
    g_assert_cmpstr (c->ipv4_dhcp_start, ==, "192.168.101.2");
    g_assert_cmpstr (c->ipv4_dhcp_end, ==, "192.168.101.254");
    g_assert_true (c->ipv4 && c->ipv4_dhcp && !c->ipv6);
    /* fd00:0:0:64::/64 is "default"'s (0x64 = 100). */
    g_assert_cmpstr (c->ipv6_address, ==, "fd00:0:0:65::1");
    assert_valid (c);

    g_assert_cmpstr (br->bridge, ==, "br0");
    assert_valid (br);
    g_assert_cmpstr (mv->device, ==, "eno1");
    assert_valid (mv);
}

static void
test_nat_golden (void)
{
    g_autoptr(DomusNetworkConfig) c = default_config (DOMUS_NETWORK_KIND_NAT);

    g_free (c->name);
    c->name = g_strdup ("lab");
    c->domain = g_strdup ("lab.example");
    c->ipv6 = TRUE;
    add_host (c, "52:54:00:aa:bb:01", "web", "192.168.101.10");
    add_host (c, "52:54:00:aa:bb:02", NULL, "192.168.101.11");
    assert_valid (c);
    check_golden (c, "nat.xml");
}

static void
test_routed_golden (void)
{
    g_autoptr(DomusNetworkConfig) c = default_config (DOMUS_NETWORK_KIND_ROUTED);

    c->device = g_strdup ("eno1");
    c->ipv4_dhcp = FALSE;
    assert_valid (c);
    check_golden (c, "routed.xml");
}

static void
test_isolated_golden (void)
{
    g_autoptr(DomusNetworkConfig) c = default_config (DOMUS_NETWORK_KIND_ISOLATED);

    c->ipv6 = TRUE;
    c->ipv6_dhcp = FALSE;
    assert_valid (c);
    check_golden (c, "isolated.xml");
}

static void
test_open_golden (void)
{
    g_autoptr(DomusNetworkConfig) c = default_config (DOMUS_NETWORK_KIND_OPEN);

    assert_valid (c);
    check_golden (c, "open.xml");
}

static void
test_bridge_golden (void)
{
    g_autoptr(DomusNetworkConfig) c = default_config (DOMUS_NETWORK_KIND_BRIDGE);

    check_golden (c, "bridge.xml");
}

static void
test_macvtap_golden (void)
{
    g_autoptr(DomusNetworkConfig) c = default_config (DOMUS_NETWORK_KIND_MACVTAP);

    check_golden (c, "macvtap.xml");
}

static void
assert_refused (const DomusNetworkConfig *c, DomusNetworkField expected_field,
                const char *expected_message)
{
    g_autoptr(GPtrArray) nets = host_networks ();
    g_autoptr(GPtrArray) ifaces = host_interfaces ();
    g_autoptr(GError) error = NULL;
    DomusNetworkField field = DOMUS_NETWORK_FIELD_NONE;

    g_assert_false (domus_network_config_check (c, nets, ifaces, &field, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
    g_assert_cmpstr (error->message, ==, expected_message);
    g_assert_cmpint (field, ==, expected_field);
}

static void
replace (char **field, const char *value)
{
    g_free (*field);
    *field = g_strdup (value);
}

static void
test_checks (void)
{
    g_autoptr(DomusNetworkConfig) c = default_config (DOMUS_NETWORK_KIND_NAT);

    replace (&c->name, "default");
    assert_refused (c, DOMUS_NETWORK_FIELD_NAME,
                    "This host already has a network named “default”.");
    replace (&c->name, "");
    assert_refused (c, DOMUS_NETWORK_FIELD_NAME, "The network needs a name.");
    replace (&c->name, "lab");

    replace (&c->bridge, "virbr0");
    assert_refused (c, DOMUS_NETWORK_FIELD_BRIDGE,
                    "The bridge “virbr0” belongs to another network.");
    replace (&c->bridge, "br0");
    assert_refused (c, DOMUS_NETWORK_FIELD_BRIDGE,
                    "The host already has an interface named “br0”.");
    replace (&c->bridge, "a-bridge-name-too-long");
    assert_refused (c, DOMUS_NETWORK_FIELD_BRIDGE,
                    "A bridge name has 1 to 15 characters, without “/”, “:” or spaces.");
    replace (&c->bridge, "virbr9");

    replace (&c->ipv4_address, "192.168.122.77");
    c->ipv4_prefix = 25;
    assert_refused (c, DOMUS_NETWORK_FIELD_IPV4,
                    "The subnet 192.168.122.77/25 overlaps the one of “default” on this host: "
                    "choose another.");
    replace (&c->ipv4_address, "192.168.0.1");
    c->ipv4_prefix = 16;
    assert_refused (c, DOMUS_NETWORK_FIELD_IPV4,
                    "The subnet 192.168.0.1/16 overlaps the one of “default” on this host: "
                    "choose another.");
    replace (&c->ipv4_address, "192.168.100.129");
    c->ipv4_prefix = 25;
    assert_refused (c, DOMUS_NETWORK_FIELD_IPV4,
                    "The subnet 192.168.100.129/25 overlaps the one of “br0” on this host: "
                    "choose another.");
    replace (&c->ipv4_address, "10.1.2");
    assert_refused (c, DOMUS_NETWORK_FIELD_IPV4, "“10.1.2” is not an IPv4 address.");
    replace (&c->ipv4_address, "10.1.2.1");
    c->ipv4_prefix = 31;
    assert_refused (c, DOMUS_NETWORK_FIELD_IPV4, "The prefix length must be between 8 and 30.");
    c->ipv4_prefix = 24;

    assert_refused (c, DOMUS_NETWORK_FIELD_IPV4_DHCP,
                    "The DHCP range 192.168.101.2 – 192.168.101.254 is outside the subnet "
                    "10.1.2.1/24.");
    replace (&c->ipv4_dhcp_start, "10.1.2.200");
    replace (&c->ipv4_dhcp_end, "10.1.2.100");
    assert_refused (c, DOMUS_NETWORK_FIELD_IPV4_DHCP,
                    "The DHCP range starts after it ends (10.1.2.200 – 10.1.2.100).");
    replace (&c->ipv4_dhcp_end, "10.1.2.250");

    c->ipv6 = TRUE;
    replace (&c->ipv6_address, "fd00:0:0:64::9");
    assert_refused (c, DOMUS_NETWORK_FIELD_IPV6,
                    "The subnet fd00:0:0:64::9/64 overlaps the one of “default” on this host: "
                    "choose another.");
    replace (&c->ipv6_address, "10.1.2.1");
    assert_refused (c, DOMUS_NETWORK_FIELD_IPV6, "“10.1.2.1” is not an IPv6 address.");
    replace (&c->ipv6_address, "fd00:0:0:99::1");
    assert_refused (c, DOMUS_NETWORK_FIELD_IPV6_DHCP,
                    "The DHCP range fd00:0:0:65::100 – fd00:0:0:65::1ff is outside the subnet "
                    "fd00:0:0:99::1/64.");
    c->ipv6 = FALSE;

    add_host (c, "52:54:00:aa:bb:0", "web", "10.1.2.10");
    assert_refused (c, DOMUS_NETWORK_FIELD_HOSTS,
                    "“52:54:00:aa:bb:0” is not a MAC address (six pairs of hex digits, like "
                    "52:54:00:12:34:56).");
    g_ptr_array_set_size (c->hosts, 0);
    add_host (c, "52:54:00:aa:bb:01", "web", "10.1.3.10");
    assert_refused (c, DOMUS_NETWORK_FIELD_HOSTS,
                    "The fixed address “10.1.3.10” is outside the subnet 10.1.2.1/24.");
    g_ptr_array_set_size (c->hosts, 0);
    add_host (c, "52:54:00:aa:bb:01", "web", "10.1.2.10");
    add_host (c, "52:54:00:AA:BB:01", "db", "10.1.2.11");
    assert_refused (c, DOMUS_NETWORK_FIELD_HOSTS,
                    "The MAC address 52:54:00:AA:BB:01 has two fixed addresses.");
    g_ptr_array_set_size (c->hosts, 1);

    replace (&c->domain, "lab example");
    assert_refused (c, DOMUS_NETWORK_FIELD_DOMAIN,
                    "A DNS domain has letters, digits, “-” and “.” only.");
    replace (&c->domain, "lab.example");
    assert_valid (c);

    c->ipv4 = FALSE;
    assert_refused (c, DOMUS_NETWORK_FIELD_IPV4, "A NAT network needs an IPv4 subnet.");
}

static void
test_read_network (void)
{
    g_autoptr(GPtrArray) nets = host_networks ();
    const DomusNetworkInfo *def = g_ptr_array_index (nets, 0);
    g_autoptr(DomusNetworkConfig) c = default_config (DOMUS_NETWORK_KIND_MACVTAP);
    g_autofree char *xml = domus_network_config_to_xml (c);
    g_autoptr(DomusNetworkInfo) mv = domus_network_info_from_xml (xml, NULL);
    g_autoptr(DomusNetworkConfig) b = default_config (DOMUS_NETWORK_KIND_BRIDGE);
    g_autofree char *bxml = domus_network_config_to_xml (b);
    g_autoptr(DomusNetworkInfo) br = domus_network_info_from_xml (bxml, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_cmpstr (def->name, ==, "default");
    g_assert_cmpint (def->kind, ==, DOMUS_NETWORK_KIND_NAT);
    g_assert_cmpstr (def->bridge, ==, "virbr0");
    g_assert_cmpstr (def->ipv4_address, ==, "192.168.122.1");
    g_assert_cmpuint (def->ipv4_prefix, ==, 24);
    g_assert_cmpstr (def->ipv4_dhcp_start, ==, "192.168.122.2");
    g_assert_cmpstr (def->ipv6_address, ==, "fd00:0:0:64::1");
    g_assert_null (def->ipv6_dhcp_start);

    g_assert_cmpint (mv->kind, ==, DOMUS_NETWORK_KIND_MACVTAP);
    g_assert_cmpstr (mv->bridge, ==, "eno1");
    g_assert_cmpint (br->kind, ==, DOMUS_NETWORK_KIND_BRIDGE);
    g_assert_cmpstr (br->bridge, ==, "br0");

    g_assert_null (domus_network_info_from_xml ("<network>", &error));
    g_assert_nonnull (error);
}

static void
test_read_interface (void)
{
    g_autoptr(GError) error = NULL;
    DomusHostInterface *i = domus_host_interface_from_xml (
        "<interface type='ethernet' name='eth1'><start mode='onboot'/>"
        "<protocol family='ipv4'><ip address='192.168.0.5' prefix='24'/></protocol>"
        "<protocol family='ipv6'><ip address='fe80::1' prefix='64'/></protocol>"
        "<mac address='aa:bb:cc:dd:ee:ff'/></interface>", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (i->name, ==, "eth1");
    g_assert_cmpstr (i->type, ==, "ethernet");
    g_assert_cmpstr (i->mac, ==, "aa:bb:cc:dd:ee:ff");
    g_assert_cmpuint (i->addresses->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (i->addresses, 0), ==, "192.168.0.5/24");
    g_assert_cmpstr (g_ptr_array_index (i->addresses, 1), ==, "fe80::1/64");
    domus_host_interface_free (i);
}

static void
test_subnet_contains (void)
{
    g_assert_true (domus_network_subnet_contains ("10.0.0.1", 8, "10.255.1.1"));
    g_assert_false (domus_network_subnet_contains ("10.0.0.1", 9, "10.255.1.1"));
    g_assert_true (domus_network_subnet_contains ("192.168.1.1", 30, "192.168.1.3"));
    g_assert_false (domus_network_subnet_contains ("192.168.1.1", 30, "192.168.1.4"));
    g_assert_true (domus_network_subnet_contains ("fd00::1", 64, "fd00::abcd"));
    g_assert_false (domus_network_subnet_contains ("fd00::1", 64, "fd00:0:0:1::1"));
    g_assert_false (domus_network_subnet_contains ("fd00::1", 64, "10.0.0.1"));
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/network-xml/defaults", test_defaults);
    g_test_add_func ("/network-xml/nat", test_nat_golden);
    g_test_add_func ("/network-xml/routed", test_routed_golden);
    g_test_add_func ("/network-xml/isolated", test_isolated_golden);
    g_test_add_func ("/network-xml/open", test_open_golden);
    g_test_add_func ("/network-xml/bridge", test_bridge_golden);
    g_test_add_func ("/network-xml/macvtap", test_macvtap_golden);
    g_test_add_func ("/network-xml/checks", test_checks);
    g_test_add_func ("/network-xml/read-network", test_read_network);
    g_test_add_func ("/network-xml/read-interface", test_read_interface);
    g_test_add_func ("/network-xml/subnet-contains", test_subnet_contains);
    return g_test_run ();
}
