/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Virtual networks against libvirt's test driver: the list and what it says
 * of "default", a network of each kind created from its built XML, start,
 * stop, autostart and delete (a start that fails is in the real test),
 * the DomusNetworkList kept right by events when another client (virsh)
 * changes a network, the host's interfaces, and the leases call's refusal
 * (the test driver has no DHCP server; tests/real/test-real-network.c
 * reads real leases). test:///default is one host per process, so a plain
 * libvirt connection here is that other client.
 */
#include "config.h"

#include <string.h>

#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "domus-connection.h"
#include "domus-error.h"
#include "domus-guest-addresses.h"
#include "domus-libvirt.h"
#include "domus-network.h"
#include "domus-network-list.h"
#include "domus-test-network.h"

#define TIMEOUT_S 60

typedef struct {
    DomusConnection *conn;
    virConnectPtr other;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    f->other = virConnectOpen ("test:///default");
    g_assert_nonnull (f->other);
    f->conn = domus_connection_new ("test:///default");
    domus_poller_set_interval (domus_connection_get_poller (f->conn), 3600);
    domus_connection_connect (f->conn);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (f->conn) ==
                           DOMUS_CONNECTION_STATE_CONNECTED, TIMEOUT_S, "the connection");
}

/* Leaves only "default", as the test driver starts. */
static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    domus_test_network_remove_all (f->other, "default");
    g_clear_object (&f->conn);
    virConnectClose (f->other);
}

static GPtrArray *
list_networks (Fixture *f)
{
    return domus_test_network_list (f->conn);
}

static GPtrArray *
list_interfaces (Fixture *f)
{
    g_autoptr(GError) error = NULL;
    GPtrArray *ifaces = domus_test_network_interfaces (f->conn, &error);

    g_assert_no_error (error);
    return ifaces;
}

static gboolean
act (Fixture *f, const char *name, DomusNetworkAction action, GError **error)
{
    return domus_test_network_act (f->conn, name, action, error);
}

static gboolean
create (Fixture *f, const char *xml, gboolean autostart, GError **error)
{
    return domus_test_network_create (f->conn, xml, autostart, error);
}

static void
test_list_default (Fixture *f, gconstpointer data)
{
    g_autoptr(GPtrArray) nets = list_networks (f);
    const DomusNetworkInfo *def = domus_test_network_find (nets, "default");

    g_assert_nonnull (def);
    g_assert_true (def->active);
    g_assert_true (def->persistent);
    g_assert_cmpint (def->kind, ==, DOMUS_NETWORK_KIND_NAT);
    g_assert_cmpstr (def->forward_mode, ==, "nat");
    g_assert_cmpstr (def->bridge, ==, "virbr0");
    g_assert_cmpstr (def->ipv4_address, ==, "192.168.122.1");
    g_assert_cmpuint (def->ipv4_prefix, ==, 24);
    g_assert_cmpstr (def->ipv4_dhcp_start, ==, "192.168.122.2");
    g_assert_cmpstr (def->ipv4_dhcp_end, ==, "192.168.122.254");
}

static void
test_interfaces (Fixture *f, gconstpointer data)
{
    g_autoptr(GPtrArray) ifaces = list_interfaces (f);
    const DomusHostInterface *eth1 = NULL;

    for (guint i = 0; i < ifaces->len; i++) {
        const DomusHostInterface *iface = g_ptr_array_index (ifaces, i);

        if (g_strcmp0 (iface->name, "eth1") == 0)
            eth1 = iface;
    }
    g_assert_nonnull (eth1);
    g_assert_cmpstr (eth1->type, ==, "ethernet");
    g_assert_cmpstr (eth1->mac, ==, "aa:bb:cc:dd:ee:ff");
    g_assert_true (eth1->active);
    g_assert_cmpuint (eth1->addresses->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (eth1->addresses, 0), ==, "192.168.0.5/24");
}

/* Each kind, with the defaults the host's own networks and interfaces
 * leave free, is accepted by libvirt, started, and listed as that kind. */
static void
test_create_each_kind (Fixture *f, gconstpointer data)
{
    static const DomusNetworkKind kinds[] = {
        DOMUS_NETWORK_KIND_NAT, DOMUS_NETWORK_KIND_ROUTED, DOMUS_NETWORK_KIND_ISOLATED,
        DOMUS_NETWORK_KIND_OPEN, DOMUS_NETWORK_KIND_BRIDGE, DOMUS_NETWORK_KIND_MACVTAP,
    };

    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++) {
        g_autoptr(GPtrArray) nets = list_networks (f);
        g_autoptr(GPtrArray) ifaces = list_interfaces (f);
        g_autoptr(DomusNetworkConfig) config =
            domus_network_config_new_default (kinds[k], nets, ifaces);
        g_autofree char *xml = NULL;
        g_autoptr(GPtrArray) after = NULL;
        g_autoptr(GError) error = NULL;
        const DomusNetworkInfo *info;

        if (kinds[k] == DOMUS_NETWORK_KIND_BRIDGE) {
            g_free (config->bridge);
            config->bridge = g_strdup ("br0");
        }
        g_assert_true (domus_network_config_check (config, nets, ifaces, NULL, &error));
        g_assert_no_error (error);
        xml = domus_network_config_to_xml (config);
        g_assert_true (create (f, xml, k % 2 == 0, &error));
        g_assert_no_error (error);

        after = list_networks (f);
        info = domus_test_network_find (after, config->name);
        g_assert_nonnull (info);
        g_assert_cmpint (info->kind, ==, kinds[k]);
        g_assert_true (info->active);
        g_assert_cmpint (info->autostart, ==, k % 2 == 0);
        if (domus_network_kind_has_subnet (kinds[k])) {
            /* Never a subnet another network of the host has. */
            for (guint i = 0; i < nets->len; i++) {
                const DomusNetworkInfo *other = g_ptr_array_index (nets, i);

                g_assert_cmpstr (other->ipv4_address, !=, info->ipv4_address);
                g_assert_cmpstr (other->bridge, !=, info->bridge);
            }
            g_assert_cmpstr (info->ipv4_address, ==, config->ipv4_address);
        }
    }
}

static void
test_actions (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusNetworkConfig) config = NULL;
    g_autoptr(GPtrArray) nets = list_networks (f);
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;
    GPtrArray *now;

    config = domus_network_config_new_default (DOMUS_NETWORK_KIND_ISOLATED, nets, NULL);
    xml = domus_network_config_to_xml (config);
    g_assert_true (create (f, xml, FALSE, &error));
    g_assert_no_error (error);

    /* Starting it again: libvirt's own words. */
    g_assert_false (act (f, config->name, DOMUS_NETWORK_ACTION_START, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_assert_cmpstr (error->message, ==,
                     "Starting network “network1” failed: Requested operation is not valid: "
                     "Network 'network1' is already running");
    g_clear_error (&error);

    g_assert_true (act (f, config->name, DOMUS_NETWORK_ACTION_STOP, &error));
    g_assert_no_error (error);
    now = list_networks (f);
    g_assert_false (domus_test_network_find (now, config->name)->active);
    g_ptr_array_unref (now);

    g_assert_true (act (f, config->name, DOMUS_NETWORK_ACTION_AUTOSTART_ON, &error));
    g_assert_true (act (f, config->name, DOMUS_NETWORK_ACTION_START, &error));
    g_assert_no_error (error);
    now = list_networks (f);
    g_assert_true (domus_test_network_find (now, config->name)->active);
    g_assert_true (domus_test_network_find (now, config->name)->autostart);
    g_ptr_array_unref (now);

    g_assert_true (act (f, config->name, DOMUS_NETWORK_ACTION_AUTOSTART_OFF, &error));
    g_assert_no_error (error);
    /* Delete stops it first. */
    g_assert_true (act (f, config->name, DOMUS_NETWORK_ACTION_DELETE, &error));
    g_assert_no_error (error);
    now = list_networks (f);
    g_assert_null (domus_test_network_find (now, config->name));
    g_ptr_array_unref (now);

    g_assert_false (act (f, config->name, DOMUS_NETWORK_ACTION_START, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_assert_nonnull (strstr (error->message, "no network with matching name 'network1'"));
}

static void
changed_cb (DomusNetworkList *list, gpointer user_data)
{
    (*(guint *) user_data)++;
}

/* Another client defines, starts, stops and undefines a network: the list
 * follows each step by itself. */
static void
test_list_follows_events (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusNetworkList) list = domus_network_list_new (f->conn);
    virNetworkPtr net;
    guint changes = 0;

    g_signal_connect (list, "changed", G_CALLBACK (changed_cb), &changes);
    DOMUS_TEST_WAIT_UNTIL (changes > 0, TIMEOUT_S, "the first read");
    g_assert_nonnull (domus_network_list_lookup (list, "default"));
    g_assert_null (domus_network_list_get_error (list));

    net = virNetworkDefineXML (f->other, "<network><name>outside</name>"
                                         "<bridge name='virbr77'/>"
                                         "<ip address='10.77.0.1' prefix='24'/></network>");
    g_assert_nonnull (net);
    DOMUS_TEST_WAIT_UNTIL (domus_network_list_lookup (list, "outside") != NULL, TIMEOUT_S,
                           "the defined network to be listed");
    g_assert_false (domus_network_list_lookup (list, "outside")->active);
    g_assert_cmpstr (domus_network_list_lookup (list, "outside")->ipv4_address, ==, "10.77.0.1");

    g_assert_cmpint (virNetworkCreate (net), ==, 0);
    DOMUS_TEST_WAIT_UNTIL (domus_network_list_lookup (list, "outside")->active, TIMEOUT_S,
                           "the started network to be active");
    g_assert_cmpint (virNetworkDestroy (net), ==, 0);
    DOMUS_TEST_WAIT_UNTIL (!domus_network_list_lookup (list, "outside")->active, TIMEOUT_S,
                           "the stopped network to be inactive");
    g_assert_cmpint (virNetworkUndefine (net), ==, 0);
    DOMUS_TEST_WAIT_UNTIL (domus_network_list_lookup (list, "outside") == NULL, TIMEOUT_S,
                           "the undefined network to go");
    virNetworkFree (net);
}

static void
test_leases_refused (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) leases = NULL;

    g_assert_null (domus_test_network_leases (f->conn, "default", &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_assert_cmpstr (error->message, ==,
                     "Reading the DHCP leases of network “default” failed: this function is "
                     "not supported by the connection driver: virNetworkGetDHCPLeases");
    g_clear_error (&error);

    /* Every network at once: those that cannot say have none. */
    leases = domus_test_network_leases (f->conn, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (leases->len, ==, 0);
}

static void
addresses_changed_cb (DomusGuestAddresses *addresses, gpointer user_data)
{
    (*(guint *) user_data)++;
}

/* The test driver has no leases, but answers for a guest agent: a guest
 * with the agent's channel gets its address, one without gets none. */
static void
test_guest_addresses (Fixture *f, gconstpointer data)
{
    virDomainPtr dom = virDomainDefineXML (
        f->other,
        "<domain type='test'><name>agent-guest</name><memory>65536</memory>"
        "<os><type>hvm</type></os><devices>"
        "<interface type='network'><mac address='52:54:00:00:00:42'/>"
        "<source network='default'/></interface>"
        "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>"
        "</devices></domain>");
    g_autoptr(DomusGuestAddresses) addresses = domus_guest_addresses_get (f->conn);
    g_autoptr(DomusGuestAddresses) again = domus_guest_addresses_get (f->conn);
    DomusDomain *guest, *test;
    guint changes = 0;

    g_assert_true (addresses == again);
    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainCreate (dom), ==, 0);
    DOMUS_TEST_WAIT_UNTIL ((guest = domus_connection_find_domain_by_name (f->conn, "agent-guest"))
                           != NULL && domus_domain_is_active (guest),
                           TIMEOUT_S, "the guest to run");
    test = domus_connection_find_domain_by_name (f->conn, "test");
    g_signal_connect (addresses, "changed", G_CALLBACK (addresses_changed_cb), &changes);
    domus_guest_addresses_refresh (addresses);
    DOMUS_TEST_WAIT_UNTIL (changes > 0, TIMEOUT_S, "the addresses to be read");
    {
        /* What the agent tells another client. */
        virDomainInterfacePtr *ifaces = NULL;
        int n = virDomainInterfaceAddresses (dom, &ifaces,
                                             VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0);

        g_assert_cmpint (n, ==, 1);
        g_assert_cmpstr (domus_guest_addresses_lookup (addresses,
                                                       domus_domain_get_uuid (guest)),
                         ==, ifaces[0]->addrs[0].addr);
        virDomainInterfaceFree (ifaces[0]);
        free (ifaces);
    }
    g_assert_null (domus_guest_addresses_lookup (addresses, domus_domain_get_uuid (test)));

    /* Stopped: no address any more. */
    g_assert_cmpint (virDomainDestroy (dom), ==, 0);
    DOMUS_TEST_WAIT_UNTIL (!domus_domain_is_active (guest), TIMEOUT_S, "the guest to stop");
    changes = 0;
    domus_guest_addresses_refresh (addresses);
    DOMUS_TEST_WAIT_UNTIL (changes > 0, TIMEOUT_S, "the addresses to be read again");
    g_assert_null (domus_guest_addresses_lookup (addresses, domus_domain_get_uuid (guest)));
    g_signal_handlers_disconnect_by_data (addresses, &changes);
    virDomainUndefine (dom);
    virDomainFree (dom);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD ("/network/list-default", test_list_default);
    ADD ("/network/interfaces", test_interfaces);
    ADD ("/network/create-each-kind", test_create_each_kind);
    ADD ("/network/actions", test_actions);
    ADD ("/network/list-follows-events", test_list_follows_events);
    ADD ("/network/leases-refused", test_leases_refused);
    ADD ("/network/guest-addresses", test_guest_addresses);
#undef ADD
    return g_test_run ();
}
