/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How the console decides to connect: a local host's fd, an SSH tunnel's
 * command line, a TLS/TCP host's listen address reachable or not, and the
 * reasons a console cannot connect (no graphics, SPICE only, no port).
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "domus-domain-console.h"

#define DOMAIN(devices) \
    "<domain type='kvm'><name>g</name><devices>" devices "</devices></domain>"

static DomusDomainConsole *
decide_or_fail (const char *uri, const char *xml)
{
    g_autoptr(GError) error = NULL;
    DomusDomainConsole *t = domus_domain_console_new (uri, xml, &error);

    g_assert_no_error (error);
    g_assert_nonnull (t);
    return t;
}

static void
test_local_fd (void)
{
    g_autoptr(DomusDomainConsole) t =
        decide_or_fail ("qemu:///system",
                        DOMAIN ("<graphics type='vnc' port='5901' autoport='yes' listen='0.0.0.0'>"
                                "<listen type='address' address='0.0.0.0'/></graphics>"
                                "<serial type='pty'><target port='0'/></serial>"));
    g_autoptr(DomusDomainConsole) unix_socket =
        decide_or_fail ("qemu+unix:///system?socket=/tmp/x/libvirt-sock",
                        DOMAIN ("<graphics type='vnc' port='10003' listen='127.0.0.1'/>"));
    g_autoptr(DomusDomainConsole) none =
        decide_or_fail ("qemu:///session",
                        DOMAIN ("<graphics type='vnc'><listen type='none'/></graphics>"));

    g_assert_cmpint (t->method, ==, DOMUS_DOMAIN_CONSOLE_METHOD_FD);
    g_assert_cmpint (t->problem, ==, DOMUS_DOMAIN_CONSOLE_PROBLEM_NONE);
    g_assert_cmpstr (t->graphics, ==, "vnc");
    /* The fallback when libvirt gives no fd: a wildcard means loopback here. */
    g_assert_cmpstr (t->host, ==, "127.0.0.1");
    g_assert_cmpint (t->port, ==, 5901);
    g_assert_true (t->has_serial);
    g_assert_cmpint (t->fd, ==, -1);
    g_assert_null (t->ssh_argv);

    g_assert_cmpint (unix_socket->method, ==, DOMUS_DOMAIN_CONSOLE_METHOD_FD);
    g_assert_cmpint (unix_socket->port, ==, 10003);
    g_assert_false (unix_socket->has_serial);

    /* libvirt hands out the socket even with no listener at all. */
    g_assert_cmpint (none->method, ==, DOMUS_DOMAIN_CONSOLE_METHOD_FD);
    g_assert_cmpint (none->port, ==, -1);
}

static void
test_ssh_argv (void)
{
    g_autoptr(DomusDomainConsole) full =
        decide_or_fail ("qemu+ssh://admin@hv1.example.com:2222/system?keyfile=/home/a/.ssh/k",
                        DOMAIN ("<graphics type='vnc' port='5902' listen='0.0.0.0'/>"));
    g_autoptr(DomusDomainConsole) plain =
        decide_or_fail ("qemu+ssh://hv2/system",
                        DOMAIN ("<graphics type='vnc' port='5900'>"
                                "<listen type='address' address='192.0.2.7'/></graphics>"
                                "<console type='pty'/>"));
    g_autoptr(DomusDomainConsole) v6 =
        decide_or_fail ("qemu+libssh2://root@hv3/system?command=/opt/ssh",
                        DOMAIN ("<graphics type='vnc' port='5910' listen='::'/>"));
    /* libvirt's own ssh program, for the same identity and known hosts. */
    g_autoptr(DomusDomainConsole) command =
        decide_or_fail ("qemu+ssh://hv6/system?command=%2Fopt%2Fbin%2Fmy%20ssh&proxy=netcat",
                        DOMAIN ("<graphics type='vnc' port='5901' listen='127.0.0.1'/>"));
    const char *full_argv[] = { "ssh", "-p", "2222", "-l", "admin", "-i", "/home/a/.ssh/k",
                                "hv1.example.com", "-W", "127.0.0.1:5902", NULL };
    const char *plain_argv[] = { "ssh", "hv2", "-W", "192.0.2.7:5900", NULL };
    const char *v6_argv[] = { "ssh", "-l", "root", "hv3", "-W", "[::1]:5910", NULL };
    const char *command_argv[] = { "/opt/bin/my ssh", "hv6", "-W", "127.0.0.1:5901", NULL };

    g_assert_cmpint (full->method, ==, DOMUS_DOMAIN_CONSOLE_METHOD_SSH);
    g_assert_cmpstrv (full->ssh_argv, full_argv);
    g_assert_cmpint (plain->method, ==, DOMUS_DOMAIN_CONSOLE_METHOD_SSH);
    g_assert_cmpstrv (plain->ssh_argv, plain_argv);
    g_assert_true (plain->has_serial);
    g_assert_cmpint (v6->method, ==, DOMUS_DOMAIN_CONSOLE_METHOD_SSH);
    g_assert_cmpstrv (v6->ssh_argv, v6_argv);
    g_assert_cmpstrv (command->ssh_argv, command_argv);
}

static void
test_tls_reachable (void)
{
    g_autoptr(DomusDomainConsole) wildcard =
        decide_or_fail ("qemu+tls://hv4.example.com/system",
                        DOMAIN ("<graphics type='vnc' port='5900' listen='0.0.0.0'/>"));
    g_autoptr(DomusDomainConsole) address =
        decide_or_fail ("qemu+tcp://hv5/system",
                        DOMAIN ("<graphics type='vnc' port='5904'>"
                                "<listen type='network' address='198.51.100.4' network='n'/>"
                                "</graphics>"));
    /* No transport but a host: libvirt's default, TLS. */
    g_autoptr(DomusDomainConsole) bare =
        decide_or_fail ("qemu://hv6/system",
                        DOMAIN ("<graphics type='vnc' port='5905' listen='203.0.113.9'/>"));
    /* A host named by its loopback address is this computer: its loopback
     * display is ours to reach. */
    g_autoptr(DomusDomainConsole) here =
        decide_or_fail ("qemu+tcp://127.0.0.1:16509/system",
                        DOMAIN ("<graphics type='vnc' port='5906' listen='127.0.0.1'/>"));

    g_assert_cmpint (wildcard->method, ==, DOMUS_DOMAIN_CONSOLE_METHOD_DIRECT);
    g_assert_cmpstr (wildcard->host, ==, "hv4.example.com");
    g_assert_cmpint (wildcard->port, ==, 5900);
    g_assert_cmpint (address->method, ==, DOMUS_DOMAIN_CONSOLE_METHOD_DIRECT);
    g_assert_cmpstr (address->host, ==, "198.51.100.4");
    g_assert_cmpint (address->port, ==, 5904);
    g_assert_cmpint (bare->method, ==, DOMUS_DOMAIN_CONSOLE_METHOD_DIRECT);
    g_assert_cmpstr (bare->host, ==, "203.0.113.9");
    g_assert_cmpint (here->method, ==, DOMUS_DOMAIN_CONSOLE_METHOD_DIRECT);
    g_assert_cmpstr (here->host, ==, "127.0.0.1");
    g_assert_cmpint (here->port, ==, 5906);
}

static void
test_tls_unreachable (void)
{
    g_autoptr(DomusDomainConsole) loopback =
        decide_or_fail ("qemu+tls://hv7/system",
                        DOMAIN ("<graphics type='vnc' port='5900' listen='127.0.0.1'/>"));
    g_autoptr(DomusDomainConsole) socket =
        decide_or_fail ("qemu+tls://hv7/system",
                        DOMAIN ("<graphics type='vnc'><listen type='socket' "
                                "socket='/run/vnc.sock'/></graphics>"));
    g_autoptr(DomusDomainConsole) no_port =
        decide_or_fail ("qemu+ssh://hv7/system",
                        DOMAIN ("<graphics type='vnc' port='-1' autoport='yes'/>"));

    g_assert_cmpint (loopback->method, ==, DOMUS_DOMAIN_CONSOLE_METHOD_NONE);
    g_assert_cmpint (loopback->problem, ==, DOMUS_DOMAIN_CONSOLE_PROBLEM_UNREACHABLE);
    g_assert_nonnull (strstr (loopback->message, "127.0.0.1"));
    g_assert_nonnull (strstr (loopback->message, "SSH"));
    g_assert_cmpint (socket->problem, ==, DOMUS_DOMAIN_CONSOLE_PROBLEM_UNREACHABLE);
    g_assert_cmpint (no_port->method, ==, DOMUS_DOMAIN_CONSOLE_METHOD_NONE);
    g_assert_cmpint (no_port->problem, ==, DOMUS_DOMAIN_CONSOLE_PROBLEM_NOT_LISTENING);
}

static void
test_no_vnc (void)
{
    g_autoptr(DomusDomainConsole) nothing =
        decide_or_fail ("qemu:///system", DOMAIN ("<serial type='pty'/>"));
    g_autoptr(DomusDomainConsole) spice =
        decide_or_fail ("qemu:///system",
                        DOMAIN ("<graphics type='spice' port='5930'/>"));
    g_autoptr(GError) error = NULL;
    DomusDomainConsole *bad = domus_domain_console_new ("qemu:///system", "<domain", &error);

    g_assert_cmpint (nothing->method, ==, DOMUS_DOMAIN_CONSOLE_METHOD_NONE);
    g_assert_cmpint (nothing->problem, ==, DOMUS_DOMAIN_CONSOLE_PROBLEM_NO_GRAPHICS);
    g_assert_true (nothing->has_serial);
    g_assert_nonnull (nothing->message);
    g_assert_cmpint (spice->problem, ==, DOMUS_DOMAIN_CONSOLE_PROBLEM_SPICE_ONLY);
    g_assert_null (spice->graphics);
    g_assert_nonnull (strstr (spice->message, "SPICE"));
    g_assert_null (bad);
    g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/domain-console/local-fd", test_local_fd);
    g_test_add_func ("/domain-console/ssh-argv", test_ssh_argv);
    g_test_add_func ("/domain-console/tls-reachable", test_tls_reachable);
    g_test_add_func ("/domain-console/tls-unreachable", test_tls_unreachable);
    g_test_add_func ("/domain-console/no-vnc", test_no_vnc);
    return g_test_run ();
}
