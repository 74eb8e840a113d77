/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Virtual networks on a real libvirtd in a network namespace of its own
 * (one daemon for the program): a NAT and an isolated network made from
 * Domus's defaults and checks, defined and started through core (bridge,
 * dnsmasq and firewall rules in that namespace only), stopped, started and
 * deleted; a network libvirt defines but cannot start is removed again;
 * a guest on the NAT network boots from the network (iPXE asks DHCP for a
 * lease before it gives up) and its lease shows in Domus: in the network's
 * leases and as the guest's address (DomusGuestAddresses).
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib.h>
#include <libvirt/libvirt.h>

#include "domus-connection.h"
#include "domus-error.h"
#include "domus-guest-addresses.h"
#include "domus-libvirt.h"
#include "domus-network.h"
#include "domus-network-private.h"
#include "domus-test-daemon.h"
#include "domus-test-network.h"

#define TIMEOUT_S 60
/* iPXE under TCG: the BIOS, the ROM, then DHCP (~6 s on an idle machine). */
#define LEASE_TIMEOUT_S 180

typedef struct {
    DomusTestDaemon *daemon;
    DomusConnection *conn;
    virConnectPtr virt;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    f->daemon = domus_test_daemon_shared_netns ();
    if (f->daemon == NULL)
        return;
    f->virt = virConnectOpen (domus_test_daemon_get_qemu_uri (f->daemon));
    g_assert_nonnull (f->virt);
    f->conn = domus_connection_new (domus_test_daemon_get_qemu_uri (f->daemon));
    domus_poller_set_interval (domus_connection_get_poller (f->conn), 3600);
    domus_connection_connect (f->conn);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (f->conn) ==
                           DOMUS_CONNECTION_STATE_CONNECTED, TIMEOUT_S, "the connection");
}

/* Leaves the daemon without guests and networks. */
static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    if (f->daemon == NULL)
        return;
    domus_test_daemon_remove_guests (f->daemon);
    domus_test_network_remove_all (f->virt, NULL);
    g_clear_object (&f->conn);
    virConnectClose (f->virt);
}

static GPtrArray *
list_networks (Fixture *f)
{
    return domus_test_network_list (f->conn);
}

/* A daemon without an interface driver backend says so; the defaults then
 * avoid the networks only. */
static GPtrArray *
list_interfaces (Fixture *f)
{
    g_autoptr(GError) error = NULL;
    GPtrArray *ifaces = domus_test_network_interfaces (f->conn, &error);

    if (ifaces == NULL)
        g_test_message ("no host interfaces: %s", error->message);
    return ifaces;
}

static GPtrArray *
list_leases (Fixture *f, const char *network, GError **error)
{
    return domus_test_network_leases (f->conn, network, error);
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

/* A network of KIND from the defaults the host leaves free, checked and
 * created; its name. With FIXED_MAC, a static DHCP host gives that MAC
 * the subnet's address .77, stored in *FIXED_ADDRESS. */
static char *
create_default_full (Fixture *f, DomusNetworkKind kind, const char *fixed_mac,
                     char **fixed_address)
{
    g_autoptr(GPtrArray) nets = list_networks (f);
    g_autoptr(GPtrArray) ifaces = list_interfaces (f);
    g_autoptr(DomusNetworkConfig) config = domus_network_config_new_default (kind, nets, ifaces);
    g_autofree char *xml = NULL;
    g_autoptr(GError) error = NULL;
    gint64 start;

    if (fixed_mac != NULL) {
        DomusNetworkStaticHost *host = g_new0 (DomusNetworkStaticHost, 1);
        const char *dot = strrchr (config->ipv4_address, '.');

        g_assert_nonnull (dot);
        host->mac = g_strdup (fixed_mac);
        host->address = g_strdup_printf ("%.*s.77", (int) (dot - config->ipv4_address),
                                         config->ipv4_address);
        host->name = g_strdup ("fixed-guest");
        *fixed_address = g_strdup (host->address);
        if (config->hosts == NULL)
            config->hosts = g_ptr_array_new_with_free_func (
                (GDestroyNotify) domus_network_static_host_free);
        g_ptr_array_add (config->hosts, host);
    }

    g_assert_true (domus_network_config_check (config, nets, ifaces, NULL, &error));
    g_assert_no_error (error);
    xml = domus_network_config_to_xml (config);
    start = g_get_monotonic_time ();
    g_assert_true (create (f, xml, FALSE, &error));
    g_assert_no_error (error);
    g_test_message ("%s network %s (%s/%u on %s) defined and started in %.2f s",
                    domus_network_kind_to_string (kind), config->name, config->ipv4_address,
                    config->ipv4_prefix, config->bridge,
                    (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
    return g_strdup (config->name);
}

static char *
create_default (Fixture *f, DomusNetworkKind kind)
{
    return create_default_full (f, kind, NULL, NULL);
}

static void
test_nat_and_isolated (Fixture *f, gconstpointer data)
{
    g_autofree char *nat = NULL;
    g_autofree char *isolated = NULL;
    g_autoptr(GPtrArray) nets = NULL;
    g_autoptr(GPtrArray) leases = NULL;
    g_autoptr(GError) error = NULL;
    const DomusNetworkInfo *a, *b;

    if (f->daemon == NULL)
        return;
    nat = create_default (f, DOMUS_NETWORK_KIND_NAT);
    isolated = create_default (f, DOMUS_NETWORK_KIND_ISOLATED);
    nets = list_networks (f);
    a = domus_test_network_find (nets, nat);
    b = domus_test_network_find (nets, isolated);
    g_assert_nonnull (a);
    g_assert_nonnull (b);
    g_assert_true (a->active && b->active);
    g_assert_cmpint (a->kind, ==, DOMUS_NETWORK_KIND_NAT);
    g_assert_cmpint (b->kind, ==, DOMUS_NETWORK_KIND_ISOLATED);
    /* The second default avoided the first's subnet and bridge. */
    g_assert_cmpstr (a->ipv4_address, !=, b->ipv4_address);
    g_assert_cmpstr (a->bridge, !=, b->bridge);

    /* dnsmasq answers for both: no leases yet, and no error. */
    leases = list_leases (f, nat, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (leases->len, ==, 0);

    g_assert_true (act (f, isolated, DOMUS_NETWORK_ACTION_STOP, &error));
    g_assert_no_error (error);
    g_assert_cmpint (virNetworkIsActive (virNetworkLookupByName (f->virt, isolated)), ==, 0);
    g_assert_true (act (f, isolated, DOMUS_NETWORK_ACTION_AUTOSTART_ON, &error));
    g_assert_true (act (f, isolated, DOMUS_NETWORK_ACTION_START, &error));
    g_assert_no_error (error);
    g_clear_pointer (&nets, g_ptr_array_unref);
    nets = list_networks (f);
    g_assert_true (domus_test_network_find (nets, isolated)->active);
    g_assert_true (domus_test_network_find (nets, isolated)->autostart);
    g_assert_true (act (f, isolated, DOMUS_NETWORK_ACTION_DELETE, &error));
    g_assert_no_error (error);
    g_clear_pointer (&nets, g_ptr_array_unref);
    nets = list_networks (f);
    g_assert_null (domus_test_network_find (nets, isolated));
}

/* libvirt defines a network whose subnet another network routes, but
 * cannot start it: the create job removes the definition again. */
static void
test_failed_start_leaves_nothing (Fixture *f, gconstpointer data)
{
    g_autofree char *nat = NULL;
    g_autoptr(GPtrArray) nets = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;
    const DomusNetworkInfo *net;

    if (f->daemon == NULL)
        return;
    nat = create_default (f, DOMUS_NETWORK_KIND_NAT);
    nets = list_networks (f);
    net = domus_test_network_find (nets, nat);
    xml = g_strdup_printf ("<network><name>clash</name><bridge name='virbr77'/>"
                           "<ip address='%s' prefix='%u'/></network>",
                           net->ipv4_address, net->ipv4_prefix);
    g_assert_false (create (f, xml, TRUE, &error));
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_test_message ("refused: %s", error->message);
    g_assert_true (g_str_has_prefix (error->message, "Starting network “clash” failed: "));
    g_clear_pointer (&nets, g_ptr_array_unref);
    nets = list_networks (f);
    g_assert_null (domus_test_network_find (nets, "clash"));
}

static void
addresses_changed_cb (DomusGuestAddresses *addresses, gpointer user_data)
{
    (*(guint *) user_data)++;
}

static gboolean
tick_cb (gpointer user_data)
{
    *(gboolean *) user_data = TRUE;
    return G_SOURCE_REMOVE;
}

static gboolean
has_lease (GPtrArray *leases, const char *mac)
{
    for (guint i = 0; leases != NULL && i < leases->len; i++) {
        const DomusNetworkLease *lease = g_ptr_array_index (leases, i);

        if (g_strcmp0 (lease->mac, mac) == 0)
            return TRUE;
    }
    return FALSE;
}

/* Says why a guest may have no lease: its state, screen (iPXE prints
 * there) and QEMU's log, and whether the network's dnsmasq runs and what
 * it handed out. */
static void
describe_no_lease (Fixture *f, const DomusNetworkInfo *net)
{
    const char *dir = domus_test_daemon_get_dir (f->daemon);
    g_autofree char *pid_path = g_strdup_printf ("%s/run/network/%s.pid", dir, net->name);
    g_autofree char *status_path = g_strdup_printf ("%s/lib/dnsmasq/%s.status", dir,
                                                    net->bridge);
    g_autofree char *pid = NULL;
    g_autofree char *status = NULL;

    domus_test_daemon_describe_guest (f->daemon, "lease-guest");
    g_file_get_contents (pid_path, &pid, NULL, NULL);
    g_file_get_contents (status_path, &status, NULL, NULL);
    g_test_message ("dnsmasq of %s: pid %s (%s); its leases: %s", net->name,
                    pid != NULL ? g_strstrip (pid) : "(no pid file)",
                    pid != NULL && kill ((pid_t) g_ascii_strtoll (pid, NULL, 10), 0) == 0
                    ? "running" : "not running",
                    status != NULL ? status : "(no status file)");
}

static void
test_guest_lease (Fixture *f, gconstpointer data)
{
    static const char *mac = "52:54:00:d0:0e:01";
    g_autofree char *nat = NULL;
    g_autofree char *qemu = NULL;
    g_autofree char *fixed = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(GPtrArray) nets = NULL;
    g_autoptr(GPtrArray) leases = NULL;
    g_autoptr(DomusGuestAddresses) addresses = NULL;
    const DomusNetworkLease *lease = NULL;
    const DomusNetworkInfo *net;
    virDomainPtr dom;
    DomusDomain *guest;
    guint changes = 0;
    gboolean ticked;
    gint64 start;

    if (f->daemon == NULL)
        return;
    /* The guest's MAC has a fixed address (a static DHCP host). */
    nat = create_default_full (f, DOMUS_NETWORK_KIND_NAT, mac, &fixed);
    nets = list_networks (f);
    net = domus_test_network_find (nets, nat);
    qemu = g_find_program_in_path ("qemu-system-x86_64");
    g_assert_nonnull (qemu);
    /* Boots from the network only: iPXE takes a lease, finds nothing to
     * boot and gives up; the lease stays in dnsmasq. */
    xml = g_strdup_printf (
        "<domain type='qemu'><name>lease-guest</name><memory unit='MiB'>64</memory>"
        "<vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type>"
        "<boot dev='network'/></os><features><acpi/><apic/></features><devices>"
        "<emulator>%s</emulator>"
        "<interface type='network'><mac address='%s'/><source network='%s'/>"
        "<model type='e1000'/></interface>"
        "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>"
        "</devices></domain>", qemu, mac, nat);
    dom = virDomainDefineXML (f->virt, xml);
    g_assert_nonnull (dom);

    addresses = domus_guest_addresses_get (f->conn);
    g_signal_connect (addresses, "changed", G_CALLBACK (addresses_changed_cb), &changes);
    start = g_get_monotonic_time ();
    g_assert_cmpint (virDomainCreate (dom), ==, 0);
    DOMUS_TEST_WAIT_UNTIL ((guest = domus_connection_find_domain_by_name (f->conn, "lease-guest"))
                           != NULL && domus_domain_is_active (guest),
                           TIMEOUT_S, "the guest to run");

    /* The network's leases, as the Networks page reads them. */
    for (;;) {
        g_autoptr(GError) error = NULL;

        g_clear_pointer (&leases, g_ptr_array_unref);
        leases = list_leases (f, nat, &error);
        g_assert_no_error (error);
        if (has_lease (leases, mac))
            break;
        if (g_get_monotonic_time () - start > LEASE_TIMEOUT_S * G_USEC_PER_SEC) {
            describe_no_lease (f, net);
            g_error ("no lease for %s after %d s", mac, LEASE_TIMEOUT_S);
        }
        /* Ask again in a second, the main loop running meanwhile. */
        ticked = FALSE;
        g_timeout_add_seconds (1, tick_cb, &ticked);
        DOMUS_TEST_WAIT_UNTIL (ticked, TIMEOUT_S, "a second to pass");
    }
    g_test_message ("lease after %.1f s",
                    (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
    for (guint i = 0; i < leases->len; i++) {
        if (g_strcmp0 (((DomusNetworkLease *) g_ptr_array_index (leases, i))->mac, mac) == 0)
            lease = g_ptr_array_index (leases, i);
    }
    g_assert_cmpstr (lease->network, ==, nat);
    g_assert_false (lease->ipv6);
    g_assert_true (domus_network_subnet_contains (net->ipv4_address, net->ipv4_prefix,
                                                  lease->address));
    g_assert_cmpstr (lease->address, ==, fixed);
    g_assert_cmpint (lease->expiry, >, g_get_real_time () / G_USEC_PER_SEC);

    /* The same address as the guest's, from its MAC, with no call of its own. */
    changes = 0;
    domus_guest_addresses_refresh (addresses);
    DOMUS_TEST_WAIT_UNTIL (changes > 0, TIMEOUT_S, "the addresses to be read");
    DOMUS_TEST_WAIT_UNTIL (g_strcmp0 (domus_guest_addresses_lookup (
                                          addresses, domus_domain_get_uuid (guest)),
                                      lease->address) == 0,
                           TIMEOUT_S, "the guest's address");
    g_signal_handlers_disconnect_by_data (addresses, &changes);
    virDomainFree (dom);
}

int
main (int argc, char *argv[])
{
    int ret;

    g_test_init (&argc, &argv, NULL);
    signal (SIGPIPE, SIG_IGN);
    domus_libvirt_init ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD ("/real/network/nat-and-isolated", test_nat_and_isolated);
    ADD ("/real/network/failed-start-leaves-nothing", test_failed_start_leaves_nothing);
    ADD ("/real/network/guest-lease", test_guest_lease);
#undef ADD
    ret = g_test_run ();
    domus_test_daemon_stop_shared ();
    return ret;
}
