/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Guest creation on a real libvirtd with QEMU (TCG): a directory pool made
 * on the private daemon, a GRUB ISO in it, and a guest created by Domus's
 * create job from that ISO with a new qcow2 volume. The volume exists, the
 * guest starts and its boot screen prints the marker on the serial console.
 * The same for a network install tree served over HTTP on 127.0.0.1 (it
 * needs QEMU's curl block driver, qemu-block-extra). A guest that cannot
 * start is removed again with its new disk.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>

#include "domus-connection.h"
#include "domus-domain-create.h"
#include "domus-libvirt.h"
#include "domus-osinfo.h"
#include "domus-test-daemon.h"
#include "domus-test-create.h"
#include "domus-test-pool.h"

#define TIMEOUT_S 120
#define POOL DOMUS_TEST_POOL

typedef DomusTestPoolFixture Fixture;

/* What the assistant would hand over for a small guest from @iso; sets
 * *UEFI (unless NULL) to what the host's domain capabilities offer. */
static DomusCreatePlan *
plan_for (Fixture *f, const char *name, const char *iso, gboolean *uefi)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusHostOptions) options = NULL;

    domus_host_options_async (f->conn, NULL, domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "the host options");
    options = domus_host_options_finish (f->conn, res, &error);
    g_assert_no_error (error);
    g_assert_true (g_ptr_array_find_with_equal_func (options->arches, "x86_64", g_str_equal,
                                                     NULL));
    if (uefi != NULL)
        *uefi = options->uefi;
    g_test_message ("host offers %s first (domain type %s), UEFI: %s",
                    (char *) g_ptr_array_index (options->arches, 0),
                    (char *) g_ptr_array_index (options->domain_types, 0),
                    options->uefi ? "yes" : "no");
    return domus_test_small_guest_plan (name, iso, TRUE);
}

/* The new guest is in Domus's list, running, and its boot screen (GRUB from
 * the ISO) prints the marker. The create job started it; the fixture
 * restarts it paused, so that nothing printed early is missed. */
static void
await_running_and_boot_marker (Fixture *f, const char *uuid, const char *name)
{
    g_autoptr(GError) error = NULL;
    DomusDomain *domain;
    virConnectPtr c;
    virDomainPtr dom;

    DOMUS_TEST_WAIT_UNTIL ((domain = domus_connection_lookup_domain (f->conn, uuid)) != NULL,
                           TIMEOUT_S, "the new guest in Domus's list");
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (domain) == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "the new guest running");
    g_assert_cmpint (domus_test_find_qemu (name), >, 0);

    c = virConnectOpen (domus_test_daemon_get_qemu_uri (f->daemon));
    dom = virDomainLookupByName (c, name);
    g_assert_cmpint (virDomainDestroy (dom), ==, 0);
    virDomainFree (dom);
    virConnectClose (c);
    g_assert_true (domus_test_daemon_boot_and_await_serial (f->daemon, name,
                                                            DOMUS_TEST_SERIAL_MARKER, &error));
    g_assert_no_error (error);
}

static void
test_guest_from_iso_boots (Fixture *f, gconstpointer data)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) before = NULL;
    g_autoptr(GPtrArray) after = NULL;
    g_autofree char *name = g_strdup_printf ("domus-created-%d", (int) getpid ());
    g_autofree char *vol_name = g_strdup_printf ("%s.qcow2", name);
    g_autofree char *uuid = NULL;
    const DomusVolumeInfo *iso, *vol;

    if (f->daemon == NULL)
        return;

    /* The ISO, copied into the pool, is one of its volumes. */
    before = domus_test_list_volumes (f->conn, POOL);
    iso = domus_test_find_volume (before, "test.iso");
    g_assert_nonnull (iso);
    g_assert_cmpstr (iso->path, ==, f->iso);

    /* What libosinfo says about the GRUB rescue ISO (no OS it knows). */
    domus_osinfo_identify_media_async (f->iso, NULL, domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "detection");
    {
        g_autoptr(DomusOsMatch) match = domus_osinfo_identify_finish (res, &error);

        g_test_message ("libosinfo on the GRUB ISO: %s",
                        match != NULL ? match->name : error->message);
        g_clear_error (&error);
    }
    g_clear_object (&res);

    uuid = domus_test_create_guest (f->conn, plan_for (f, name, iso->path, NULL), &error);
    g_assert_no_error (error);

    after = domus_test_list_volumes (f->conn, POOL);
    vol = domus_test_find_volume (after, vol_name);
    g_assert_nonnull (vol);
    g_assert_cmpstr (vol->format, ==, "qcow2");
    g_assert_cmpuint (vol->capacity, ==, 64 << 20);

    await_running_and_boot_marker (f, uuid, name);
}

/* A network install: an install tree served over HTTP on 127.0.0.1 (its
 * .treeinfo and images/boot.iso, the GRUB ISO), identified by libosinfo,
 * and a guest that boots the tree's boot image through QEMU's curl driver. */
static void
test_network_install_boots (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GSubprocess) server = NULL;
    g_autoptr(GDataInputStream) out = NULL;
    g_autoptr(DomusOsMatch) match = NULL;
    g_autofree char *tree = NULL;
    g_autofree char *images = NULL;
    g_autofree char *boot_iso = NULL;
    g_autofree char *treeinfo = NULL;
    g_autofree char *iso_data = NULL;
    g_autofree char *port = NULL;
    g_autofree char *url = NULL;
    g_autofree char *expected = NULL;
    g_autofree char *uuid = NULL;
    g_autofree char *name = g_strdup_printf ("domus-netinst-%d", (int) getpid ());
    DomusCreatePlan *plan;
    gsize iso_len;

    if (f->daemon == NULL)
        return;
    tree = g_build_filename (domus_test_daemon_get_dir (f->daemon), "tree", NULL);
    images = g_build_filename (tree, "images", NULL);
    boot_iso = g_build_filename (images, "boot.iso", NULL);
    treeinfo = g_build_filename (tree, ".treeinfo", NULL);
    g_assert_cmpint (g_mkdir_with_parents (images, 0755), ==, 0);
    g_assert_true (g_file_get_contents (f->iso, &iso_data, &iso_len, NULL));
    g_assert_true (g_file_set_contents (boot_iso, iso_data, iso_len, NULL));
    g_assert_true (g_file_set_contents (treeinfo,
        "[general]\nfamily = Fedora\nversion = 36\narch = x86_64\nvariant = Server\n"
        "[images-x86_64]\nkernel = images/pxeboot/vmlinuz\n"
        "initrd = images/pxeboot/initrd.img\nboot.iso = images/boot.iso\n", -1, NULL));

    server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                               "/usr/bin/python3", HTTP_RANGE_SERVER, tree, NULL);
    g_assert_no_error (error);
    out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
    port = g_data_input_stream_read_line (out, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (port);
    url = g_strdup_printf ("http://127.0.0.1:%s/", port);

    domus_osinfo_identify_tree_async (url, NULL, domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "the tree to be identified");
    match = domus_osinfo_identify_finish (res, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (match->id, ==, "http://fedoraproject.org/fedora/36");
    expected = g_strconcat (url, "images/boot.iso", NULL);
    g_assert_cmpstr (match->boot_image_url, ==, expected);

    plan = plan_for (f, name, NULL, NULL);
    plan->config->method = DOMUS_INSTALL_NETWORK;
    plan->config->install_source = g_strdup (match->boot_image_url);
    g_clear_object (&res);
    uuid = domus_test_create_guest (f->conn, plan, &error);
    g_assert_no_error (error);
    await_running_and_boot_marker (f, uuid, name);

    g_subprocess_force_exit (server);
    g_subprocess_wait (server, NULL, NULL);
}

/* UEFI, where the domain capabilities offer it (the ovmf package): libvirt
 * picks the loader and makes the guest's NVRAM from <os firmware='efi'>. */
static void
test_uefi_guest_starts (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *name = g_strdup_printf ("domus-uefi-%d", (int) getpid ());
    g_autofree char *uuid = NULL;
    DomusCreatePlan *plan;
    DomusDomain *domain;
    virConnectPtr c;
    virDomainPtr dom;
    gboolean uefi = FALSE;
    char *xml;

    if (f->daemon == NULL)
        return;
    plan = plan_for (f, name, f->iso, &uefi);
    if (!uefi) {
        domus_create_plan_free (plan);
        domus_test_skip_or_require ("this host offers no UEFI firmware (package ovmf)");
        return;
    }
    plan->config->firmware = DOMUS_FIRMWARE_UEFI;
    uuid = domus_test_create_guest (f->conn, plan, &error);
    g_assert_no_error (error);
    DOMUS_TEST_WAIT_UNTIL ((domain = domus_connection_lookup_domain (f->conn, uuid)) != NULL,
                           TIMEOUT_S, "the new guest in Domus's list");
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (domain) == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "the UEFI guest running");

    c = virConnectOpen (domus_test_daemon_get_qemu_uri (f->daemon));
    dom = virDomainLookupByName (c, name);
    xml = virDomainGetXMLDesc (dom, 0);
    g_test_message ("%s", xml);
    g_assert_nonnull (strstr (xml, "<loader "));
    g_assert_nonnull (strstr (xml, "<nvram"));
    free (xml);
    virDomainFree (dom);
    virConnectClose (c);
}

/* A guest that defines but cannot start (its ISO is gone): the guest and
 * its new disk are removed again, and the message says so. */
static void
test_start_failure_cleans_up (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) vols = NULL;
    g_autofree char *missing = NULL;
    g_autofree char *uuid = NULL;
    g_autofree char *prefix = NULL;

    if (f->daemon == NULL)
        return;
    missing = g_build_filename (domus_test_daemon_get_dir (f->daemon), "gone.iso", NULL);
    uuid = domus_test_create_guest (f->conn, plan_for (f, "domus-no-start", missing, NULL), &error);
    g_assert_null (uuid);
    g_test_message ("%s", error->message);
    prefix = g_strdup_printf ("Starting “domus-no-start” on %s failed: ",
                              domus_connection_get_display_name (f->conn));
    g_assert_true (g_str_has_prefix (error->message, prefix));
    /* libvirt's own reason names the missing file. */
    g_assert_nonnull (strstr (error->message, "gone.iso"));
    g_assert_nonnull (strstr (error->message, "\nThe new guest was removed again."));
    g_assert_nonnull (strstr (error->message,
                              "\nThe new disk “domus-no-start.qcow2” was removed again."));
    vols = domus_test_list_volumes (f->conn, POOL);
    g_assert_null (domus_test_find_volume (vols, "domus-no-start.qcow2"));
    {
        virConnectPtr c = virConnectOpen (domus_test_daemon_get_qemu_uri (f->daemon));
        virDomainPtr dom = virDomainLookupByName (c, "domus-no-start");

        g_assert_null (dom);
        virConnectClose (c);
    }
}

int
main (int argc, char **argv)
{
    int status;

    g_test_init (&argc, &argv, NULL);
    signal (SIGPIPE, SIG_IGN);
    domus_libvirt_init ();
    domus_osinfo_load (NULL);

    domus_test_add_with_pool ("/real/create/guest-from-iso-boots", test_guest_from_iso_boots);
    domus_test_add_with_pool ("/real/create/network-install-boots", test_network_install_boots);
    domus_test_add_with_pool ("/real/create/uefi-guest-starts", test_uefi_guest_starts);
    domus_test_add_with_pool ("/real/create/start-failure-cleans-up", test_start_failure_cleans_up);
    status = g_test_run ();
    domus_test_daemon_stop_shared ();
    return status;
}
