/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The names an admin reads for libvirt URIs.
 */
#include "config.h"

#include <glib.h>

#include "domus-uri.h"

typedef struct {
    const char *uri;
    const char *expected;
} UriCase;

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

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/uri/display-names", test_display_names);
    g_test_add_func ("/uri/hypervisor-names", test_hypervisor_names);
    return g_test_run ();
}
