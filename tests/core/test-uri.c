/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The names an admin reads for libvirt URIs, and the URIs the Add Connection
 * dialog builds from its fields, with the messages for a wrong host or port.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "domus-uri.h"

typedef struct {
    const char *uri;
    const char *expected;
} UriCase;

/* How a URI reaches its host: what decides whether ssh (and so our
 * askpass) or TLS is involved. */
static void
test_transports (void)
{
    static const struct {
        const char *uri;
        DomusTransport transport;
    } cases[] = {
        { "qemu:///system", DOMUS_TRANSPORT_LOCAL },
        { "qemu+unix:///system?socket=/tmp/s", DOMUS_TRANSPORT_LOCAL },
        { "test:///default", DOMUS_TRANSPORT_LOCAL },
        { "qemu+ssh://root@hv1/system", DOMUS_TRANSPORT_SSH },
        { "qemu+libssh2://hv1:2222/system", DOMUS_TRANSPORT_SSH },
        { "QEMU+SSH://hv1/system", DOMUS_TRANSPORT_SSH },
        { "xen+tls://hv2/", DOMUS_TRANSPORT_TLS },
        { "qemu://hv3/system", DOMUS_TRANSPORT_TLS },
        { "lxc+tcp://[fd00::1]:16509/", DOMUS_TRANSPORT_TCP },
        { "not a uri", DOMUS_TRANSPORT_LOCAL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        g_assert_cmpint (domus_uri_get_transport (cases[i].uri), ==, cases[i].transport);
}

static void
test_display_names (void)
{
    static const UriCase cases[] = {
        { "qemu:///system", "QEMU/KVM" },
        { "qemu:///session", "QEMU/KVM User session" },
        { "qemu+ssh://root@db01.example.com/system", "QEMU/KVM: db01.example.com" },
        { "qemu+tls://hv2.example.com:16514/system", "QEMU/KVM: hv2.example.com" },
        { "xen:///system", "Xen" },
        { "lxc:///system", "LXC" },
        { "esx://vcenter.example.com/?no_verify=1", "VMware ESX: vcenter.example.com" },
        { "test:///default", "Test" },
        { "test:///usr/share/domus/demo/demo-host.xml", "Test: demo-host.xml" },
        { "test+unix:///tmp/h.xml?socket=/tmp/d/libvirt-sock", "Test: h.xml" },
        { "frob:///x", "frob" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *name = domus_uri_get_display_name (cases[i].uri);

        g_assert_cmpstr (name, ==, cases[i].expected);
    }
}

static void
test_hypervisor_names (void)
{
    g_autofree char *a = domus_uri_get_hypervisor_name ("QEMU+SSH://h/system");
    g_autofree char *b = domus_uri_get_hypervisor_name ("not a uri");

    g_assert_cmpstr (a, ==, "QEMU/KVM");
    g_assert_cmpstr (b, ==, "not a uri");
}

typedef struct {
    DomusHypervisor hv;
    DomusTransport transport;
    const char *user;
    const char *host;
    int port;
    const char *custom;
    const char *expected;
} BuildCase;

static void
test_build (void)
{
    static const BuildCase cases[] = {
        { DOMUS_HYPERVISOR_QEMU, DOMUS_TRANSPORT_LOCAL, NULL, NULL, 0, NULL,
          "qemu:///system" },
        /* A local URI ignores what the remote fields still hold. */
        { DOMUS_HYPERVISOR_QEMU, DOMUS_TRANSPORT_LOCAL, "root", "hv 1", 99, NULL,
          "qemu:///system" },
        { DOMUS_HYPERVISOR_QEMU_SESSION, DOMUS_TRANSPORT_LOCAL, NULL, NULL, 0, NULL,
          "qemu:///session" },
        { DOMUS_HYPERVISOR_QEMU, DOMUS_TRANSPORT_SSH, "root", "hv1.example.com", 0, NULL,
          "qemu+ssh://root@hv1.example.com/system" },
        { DOMUS_HYPERVISOR_QEMU, DOMUS_TRANSPORT_SSH, "admin", "hv1", 2222, NULL,
          "qemu+ssh://admin@hv1:2222/system" },
        { DOMUS_HYPERVISOR_QEMU, DOMUS_TRANSPORT_SSH, "", "hv1", 0, NULL,
          "qemu+ssh://hv1/system" },
        { DOMUS_HYPERVISOR_QEMU, DOMUS_TRANSPORT_TLS, NULL, "hv1", 0, NULL,
          "qemu+tls://hv1/system" },
        { DOMUS_HYPERVISOR_QEMU, DOMUS_TRANSPORT_TCP, NULL, "hv1", 16509, NULL,
          "qemu+tcp://hv1:16509/system" },
        { DOMUS_HYPERVISOR_QEMU_SESSION, DOMUS_TRANSPORT_SSH, "alice", "ws7", 0, NULL,
          "qemu+ssh://alice@ws7/session" },
        { DOMUS_HYPERVISOR_XEN, DOMUS_TRANSPORT_LOCAL, NULL, NULL, 0, NULL,
          "xen:///system" },
        { DOMUS_HYPERVISOR_XEN, DOMUS_TRANSPORT_SSH, "root", "h", 0, NULL,
          "xen+ssh://root@h/system" },
        { DOMUS_HYPERVISOR_LXC, DOMUS_TRANSPORT_LOCAL, NULL, NULL, 0, NULL,
          "lxc:///system" },
        { DOMUS_HYPERVISOR_LXC, DOMUS_TRANSPORT_SSH, "root", "h", 0, NULL,
          "lxc+ssh://root@h/system" },
        { DOMUS_HYPERVISOR_LXC, DOMUS_TRANSPORT_TLS, NULL, "h.example.org", 16514, NULL,
          "lxc+tls://h.example.org:16514/system" },
        /* ESX is always HTTPS: the transport does not matter. */
        { DOMUS_HYPERVISOR_ESX, DOMUS_TRANSPORT_LOCAL, "root", "esx1.example.com", 0, NULL,
          "esx://root@esx1.example.com/" },
        { DOMUS_HYPERVISOR_ESX, DOMUS_TRANSPORT_SSH, NULL, "esx1", 8443, NULL,
          "esx://esx1:8443/" },
        { DOMUS_HYPERVISOR_ESX, DOMUS_TRANSPORT_TLS, "administrator@vsphere.local", "vc", 0,
          NULL, "esx://administrator%40vsphere.local@vc/" },
        /* IPv6 literals, with or without brackets; IPv4. */
        { DOMUS_HYPERVISOR_QEMU, DOMUS_TRANSPORT_SSH, "root", "2001:db8::1", 0, NULL,
          "qemu+ssh://root@[2001:db8::1]/system" },
        { DOMUS_HYPERVISOR_QEMU, DOMUS_TRANSPORT_TLS, NULL, "[2001:db8::1]", 16514, NULL,
          "qemu+tls://[2001:db8::1]:16514/system" },
        { DOMUS_HYPERVISOR_QEMU, DOMUS_TRANSPORT_TCP, NULL, "::1", 0, NULL,
          "qemu+tcp://[::1]/system" },
        { DOMUS_HYPERVISOR_QEMU, DOMUS_TRANSPORT_SSH, NULL, "192.0.2.10", 22, NULL,
          "qemu+ssh://192.0.2.10:22/system" },
        /* User names are percent-encoded where a URI needs it. */
        { DOMUS_HYPERVISOR_QEMU, DOMUS_TRANSPORT_SSH, "j.doe-2_x~", "h", 0, NULL,
          "qemu+ssh://j.doe-2_x~@h/system" },
        { DOMUS_HYPERVISOR_QEMU, DOMUS_TRANSPORT_SSH, "CORP\\jo:x y", "h", 0, NULL,
          "qemu+ssh://CORP%5Cjo%3Ax%20y@h/system" },
        { DOMUS_HYPERVISOR_QEMU, DOMUS_TRANSPORT_SSH, "jos\xc3\xa9", "h", 0, NULL,
          "qemu+ssh://jos%C3%A9@h/system" },
        /* Internationalized names go in their ASCII form; case and a final dot stay. */
        { DOMUS_HYPERVISOR_QEMU, DOMUS_TRANSPORT_SSH, NULL, "b\xc3\xbcro.example", 0, NULL,
          "qemu+ssh://xn--bro-hoa.example/system" },
        { DOMUS_HYPERVISOR_QEMU, DOMUS_TRANSPORT_SSH, NULL, "HV1.Example.COM.", 0, NULL,
          "qemu+ssh://HV1.Example.COM./system" },
        /* A custom URI is taken as it is. */
        { DOMUS_HYPERVISOR_CUSTOM, DOMUS_TRANSPORT_SSH, "ignored", "ignored", 0,
          "test:///default", "test:///default" },
        { DOMUS_HYPERVISOR_CUSTOM, DOMUS_TRANSPORT_LOCAL, NULL, NULL, 0,
          "qemu+libssh2://root@h/system?known_hosts=/tmp/kh",
          "qemu+libssh2://root@h/system?known_hosts=/tmp/kh" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        const BuildCase *c = &cases[i];
        g_autoptr(GError) error = NULL;
        g_autofree char *uri = domus_uri_build (c->hv, c->transport, c->user, c->host,
                                                c->port, c->custom, &error);

        g_test_message ("case %u: %s", i, c->expected);
        g_assert_no_error (error);
        g_assert_cmpstr (uri, ==, c->expected);
        /* What we build, we also accept back as a custom URI. */
        g_assert_true (domus_uri_validate_custom (uri, NULL));
    }
}

typedef struct {
    const char *input;
    int code;
    const char *message;
} RejectCase;

static void
test_build_errors (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;

    uri = domus_uri_build (DOMUS_HYPERVISOR_QEMU, DOMUS_TRANSPORT_SSH, "root", "", 0, NULL,
                           &error);
    g_assert_null (uri);
    g_assert_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_MISSING);
    g_assert_cmpstr (error->message, ==, "Enter the name or address of the host.");
    g_clear_error (&error);

    /* ESX needs a host whatever the transport. */
    uri = domus_uri_build (DOMUS_HYPERVISOR_ESX, DOMUS_TRANSPORT_LOCAL, NULL, NULL, 0, NULL,
                           &error);
    g_assert_null (uri);
    g_assert_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_MISSING);
    g_clear_error (&error);

    uri = domus_uri_build (DOMUS_HYPERVISOR_QEMU, DOMUS_TRANSPORT_TLS, NULL, "hv 1", 0, NULL,
                           &error);
    g_assert_null (uri);
    g_assert_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_HOST);
    g_assert_cmpstr (error->message, ==,
                     "“hv 1” is not a valid host name: host names may not contain spaces.");
    g_clear_error (&error);

    uri = domus_uri_build (DOMUS_HYPERVISOR_CUSTOM, DOMUS_TRANSPORT_LOCAL, NULL, NULL, 0, NULL,
                           &error);
    g_assert_null (uri);
    g_assert_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_MISSING);
    g_assert_cmpstr (error->message, ==, "Enter a libvirt URI, such as “qemu:///system”.");
}

static void
test_valid_hosts (void)
{
    static const char *const hosts[] = {
        "hv1", "hv1.example.com", "HV-1.Example.com", "hv1.example.com.", "a",
        "1host.example", "xn--bro-hoa.example", "b\xc3\xbcro.example",
        "192.0.2.1", "255.255.255.255", "2001:db8::1", "[2001:db8::1]", "::1",
        "::ffff:192.0.2.1", "fe80::1:2:3:4",
        /* 63 characters in a label is the most */
        "abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abc.example",
    };

    for (guint i = 0; i < G_N_ELEMENTS (hosts); i++) {
        g_autoptr(GError) error = NULL;

        g_test_message ("host: %s", hosts[i]);
        g_assert_true (domus_uri_validate_host (hosts[i], &error));
        g_assert_no_error (error);
    }
}

static void
test_invalid_hosts (void)
{
    g_autofree char *long_name = NULL;
    g_autofree char *long_message = NULL;
    const RejectCase cases[] = {
        { "", DOMUS_URI_ERROR_MISSING, "Enter the name or address of the host." },
        { "hv 1", DOMUS_URI_ERROR_INVALID_HOST,
          "“hv 1” is not a valid host name: host names may not contain spaces." },
        { "hv1\t", DOMUS_URI_ERROR_INVALID_HOST,
          "“hv1\t” is not a valid host name: host names may not contain spaces." },
        { "ssh://hv1", DOMUS_URI_ERROR_INVALID_HOST,
          "“ssh://hv1” is not a valid host name: enter the host alone, without “ssh://”." },
        { "qemu+ssh://root@hv1/system", DOMUS_URI_ERROR_INVALID_HOST,
          "“qemu+ssh://root@hv1/system” is not a valid host name: enter the host alone, "
          "without “qemu+ssh://”." },
        { "hv1/system", DOMUS_URI_ERROR_INVALID_HOST,
          "“hv1/system” is not a valid host name: enter the host alone, without a path." },
        { "root@hv1", DOMUS_URI_ERROR_INVALID_HOST,
          "“root@hv1” is not a valid host name: leave out the user name and “@”, and enter "
          "the user name in its own field." },
        { "hv1:22", DOMUS_URI_ERROR_INVALID_HOST,
          "“hv1:22” is not a valid host name: leave out the colon and the port, and enter "
          "the port in its own field." },
        { "[2001:db8::1]:22", DOMUS_URI_ERROR_INVALID_HOST,
          "“[2001:db8::1]:22” is not a valid host name: leave out the colon and the port, "
          "and enter the port in its own field." },
        { "2001:db8::g", DOMUS_URI_ERROR_INVALID_HOST,
          "“2001:db8::g” is not a valid IPv6 address: write it like 2001:db8::1, with or "
          "without brackets." },
        { "[2001:db8::1", DOMUS_URI_ERROR_INVALID_HOST,
          "“[2001:db8::1” is not a valid IPv6 address: write it like 2001:db8::1, with or "
          "without brackets." },
        { "[192.0.2.1]", DOMUS_URI_ERROR_INVALID_HOST,
          "“[192.0.2.1]” is not a valid IPv6 address: write it like 2001:db8::1, with or "
          "without brackets." },
        { "300.1.1.1", DOMUS_URI_ERROR_INVALID_HOST,
          "“300.1.1.1” is not a valid IPv4 address: write four numbers from 0 to 255 "
          "separated by dots, like 192.0.2.1." },
        { "10.1", DOMUS_URI_ERROR_INVALID_HOST,
          "“10.1” is not a valid IPv4 address: write four numbers from 0 to 255 separated "
          "by dots, like 192.0.2.1." },
        { "hv_1.example.com", DOMUS_URI_ERROR_INVALID_HOST,
          "“hv_1.example.com” is not a valid host name: “_” is not allowed; use only "
          "letters, digits, hyphens and dots." },
        { "hv1..example.com", DOMUS_URI_ERROR_INVALID_HOST,
          "“hv1..example.com” is not a valid host name: it may not start with a dot or have "
          "two dots in a row." },
        { ".example.com", DOMUS_URI_ERROR_INVALID_HOST,
          "“.example.com” is not a valid host name: it may not start with a dot or have two "
          "dots in a row." },
        { "-hv1.example.com", DOMUS_URI_ERROR_INVALID_HOST,
          "“-hv1.example.com” is not a valid host name: a part between dots may not start "
          "or end with a hyphen." },
        { "hv1-.example.com", DOMUS_URI_ERROR_INVALID_HOST,
          "“hv1-.example.com” is not a valid host name: a part between dots may not start "
          "or end with a hyphen." },
        { "abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcd.example",
          DOMUS_URI_ERROR_INVALID_HOST,
          "“abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcd.example” is not "
          "a valid host name: each part between dots is at most 63 characters long." },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;

        g_test_message ("host: %s", cases[i].input);
        g_assert_false (domus_uri_validate_host (cases[i].input, &error));
        g_assert_error (error, DOMUS_URI_ERROR, cases[i].code);
        g_assert_cmpstr (error->message, ==, cases[i].message);
    }

    /* Labels of nine letters between dots: 253 characters pass, 254 do not. */
    long_name = g_strnfill (253, 'a');
    for (int i = 9; i < 250; i += 10)
        long_name[i] = '.';
    g_assert_true (domus_uri_validate_host (long_name, NULL));
    g_free (long_name);
    long_name = g_strnfill (254, 'a');
    for (int i = 9; i < 250; i += 10)
        long_name[i] = '.';
    {
        g_autoptr(GError) error = NULL;

        long_message = g_strdup_printf ("“%s” is not a valid host name: host names are at "
                                        "most 253 characters long.", long_name);
        g_assert_false (domus_uri_validate_host (long_name, &error));
        g_assert_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_HOST);
        g_assert_cmpstr (error->message, ==, long_message);
    }
}

static void
test_ports (void)
{
    static const struct {
        const char *text;
        int port;
    } good[] = {
        { NULL, 0 }, { "", 0 }, { "1", 1 }, { "22", 22 }, { "16509", 16509 },
        { "65535", 65535 }, { "0022", 22 },
    };
    static const RejectCase bad[] = {
        { "70000", DOMUS_URI_ERROR_INVALID_PORT,
          "“70000” is not a valid port: choose a number from 1 to 65535, or leave it empty "
          "for the default port." },
        { "0", DOMUS_URI_ERROR_INVALID_PORT,
          "“0” is not a valid port: choose a number from 1 to 65535, or leave it empty for "
          "the default port." },
        { "99999999999999999999999", DOMUS_URI_ERROR_INVALID_PORT,
          "“99999999999999999999999” is not a valid port: choose a number from 1 to 65535, "
          "or leave it empty for the default port." },
        { "22a", DOMUS_URI_ERROR_INVALID_PORT,
          "“22a” is not a valid port: use digits only, for a number from 1 to 65535." },
        { "-1", DOMUS_URI_ERROR_INVALID_PORT,
          "“-1” is not a valid port: use digits only, for a number from 1 to 65535." },
        { " 22", DOMUS_URI_ERROR_INVALID_PORT,
          "“ 22” is not a valid port: use digits only, for a number from 1 to 65535." },
        { "ssh", DOMUS_URI_ERROR_INVALID_PORT,
          "“ssh” is not a valid port: use digits only, for a number from 1 to 65535." },
    };

    for (guint i = 0; i < G_N_ELEMENTS (good); i++) {
        g_autoptr(GError) error = NULL;
        int port = -1;

        g_assert_true (domus_uri_validate_port (good[i].text, &port, &error));
        g_assert_no_error (error);
        g_assert_cmpint (port, ==, good[i].port);
    }
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
        g_autoptr(GError) error = NULL;
        int port = -1;

        g_test_message ("port: %s", bad[i].input);
        g_assert_false (domus_uri_validate_port (bad[i].input, &port, &error));
        g_assert_error (error, DOMUS_URI_ERROR, bad[i].code);
        g_assert_cmpstr (error->message, ==, bad[i].message);
        g_assert_cmpint (port, ==, 0);
    }
}

static void
test_default_ports (void)
{
    g_assert_cmpint (domus_uri_get_default_port (DOMUS_HYPERVISOR_QEMU,
                                                 DOMUS_TRANSPORT_LOCAL), ==, 0);
    g_assert_cmpint (domus_uri_get_default_port (DOMUS_HYPERVISOR_QEMU,
                                                 DOMUS_TRANSPORT_SSH), ==, 22);
    g_assert_cmpint (domus_uri_get_default_port (DOMUS_HYPERVISOR_XEN,
                                                 DOMUS_TRANSPORT_TLS), ==, 16514);
    g_assert_cmpint (domus_uri_get_default_port (DOMUS_HYPERVISOR_LXC,
                                                 DOMUS_TRANSPORT_TCP), ==, 16509);
    g_assert_cmpint (domus_uri_get_default_port (DOMUS_HYPERVISOR_ESX,
                                                 DOMUS_TRANSPORT_SSH), ==, 443);
    g_assert_cmpint (domus_uri_get_default_port (DOMUS_HYPERVISOR_CUSTOM,
                                                 DOMUS_TRANSPORT_SSH), ==, 0);
}

static void
test_custom_uris (void)
{
    static const char *const good[] = {
        "test:///default", "qemu:///system", "qemu+ssh://root@h:2222/system",
        "qemu+unix:///system?socket=/run/libvirt/virtqemud-sock",
        "esx://vcenter.example.com/?no_verify=1", "xen+tls://[2001:db8::1]/system",
        "test:///tmp/My%20host.xml",
    };
    static const RejectCase bad[] = {
        { "", DOMUS_URI_ERROR_MISSING, "Enter a libvirt URI, such as “qemu:///system”." },
        { "qemu:///my host.xml", DOMUS_URI_ERROR_INVALID_URI,
          "“qemu:///my host.xml” is not a valid URI: URIs may not contain spaces; write a "
          "space as “%20”." },
        { "hv1.example.com", DOMUS_URI_ERROR_INVALID_URI,
          "“hv1.example.com” is not a libvirt URI: write it as "
          "driver[+transport]://[user@][host][:port]/path, such as “qemu:///system”." },
        { "qemu", DOMUS_URI_ERROR_INVALID_URI,
          "“qemu” is not a libvirt URI: write it as "
          "driver[+transport]://[user@][host][:port]/path, such as “qemu:///system”." },
        { "qemu:system", DOMUS_URI_ERROR_INVALID_URI,
          "“qemu:system” is not a libvirt URI: write it as "
          "driver[+transport]://[user@][host][:port]/path, such as “qemu:///system”." },
        { "qemu+://h/system", DOMUS_URI_ERROR_INVALID_URI,
          "“qemu+://h/system” is not a libvirt URI: write it as "
          "driver[+transport]://[user@][host][:port]/path, such as “qemu:///system”." },
        { "qemu+ssh+tls://h/system", DOMUS_URI_ERROR_INVALID_URI,
          "“qemu+ssh+tls://h/system” is not a libvirt URI: write it as "
          "driver[+transport]://[user@][host][:port]/path, such as “qemu:///system”." },
    };
    /* Where GUri refuses, its reason follows ours (GLib's wording may change). */
    static const RejectCase unparsed[] = {
        { "qemu+ssh://h:99999/system", DOMUS_URI_ERROR_INVALID_URI,
          "“qemu+ssh://h:99999/system” is not a valid URI: " },
        { "test:///a%zz", DOMUS_URI_ERROR_INVALID_URI,
          "“test:///a%zz” is not a valid URI: " },
        { "qemu+ssh://[::1/system", DOMUS_URI_ERROR_INVALID_URI,
          "“qemu+ssh://[::1/system” is not a valid URI: " },
    };

    for (guint i = 0; i < G_N_ELEMENTS (good); i++) {
        g_autoptr(GError) error = NULL;

        g_test_message ("uri: %s", good[i]);
        g_assert_true (domus_uri_validate_custom (good[i], &error));
        g_assert_no_error (error);
    }
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
        g_autoptr(GError) error = NULL;

        g_test_message ("uri: %s", bad[i].input);
        g_assert_false (domus_uri_validate_custom (bad[i].input, &error));
        g_assert_error (error, DOMUS_URI_ERROR, bad[i].code);
        g_assert_cmpstr (error->message, ==, bad[i].message);
    }
    for (guint i = 0; i < G_N_ELEMENTS (unparsed); i++) {
        g_autoptr(GError) error = NULL;

        g_test_message ("uri: %s", unparsed[i].input);
        g_assert_false (domus_uri_validate_custom (unparsed[i].input, &error));
        g_assert_error (error, DOMUS_URI_ERROR, unparsed[i].code);
        g_assert_true (g_str_has_prefix (error->message, unparsed[i].message));
        g_assert_cmpuint (strlen (error->message), >, strlen (unparsed[i].message) + 1);
    }
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/uri/display-names", test_display_names);
    g_test_add_func ("/uri/transports", test_transports);
    g_test_add_func ("/uri/hypervisor-names", test_hypervisor_names);
    g_test_add_func ("/uri/build", test_build);
    g_test_add_func ("/uri/build-errors", test_build_errors);
    g_test_add_func ("/uri/valid-hosts", test_valid_hosts);
    g_test_add_func ("/uri/invalid-hosts", test_invalid_hosts);
    g_test_add_func ("/uri/ports", test_ports);
    g_test_add_func ("/uri/default-ports", test_default_ports);
    g_test_add_func ("/uri/custom-uris", test_custom_uris);
    return g_test_run ();
}
