/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the real programs that make guests with Domus's create job
 * (test-real-create, test-real-clone): a directory pool on the daemon with
 * the GRUB ISO in it, and what the New Virtual Machine assistant would
 * hand over for a small TCG guest booting an ISO with a new qcow2 disk.
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>

#include "domus-domain-create.h"
#include "domus-host-options.h"
#include "domus-test-daemon.h"

G_BEGIN_DECLS

#define DOMUS_TEST_POOL "domus-test-pool"

/* DIR/pool of the daemon as the directory pool DOMUS_TEST_POOL, with
 * the GRUB ISO (serial marker included) as its volume "test.iso"; made
 * once for the tests of a program, which share the daemon. The pool is
 * made with plain libvirt as an admin would with virsh; it is transient
 * and stays in the daemon's directory. Sets *POOL_DIR and *ISO. */
static inline void
domus_test_make_iso_pool (DomusTestDaemon *d, char **pool_dir, char **iso)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;
    virConnectPtr c;
    virStoragePoolPtr pool;

    *pool_dir = g_build_filename (domus_test_daemon_get_dir (d), "pool", NULL);
    *iso = g_build_filename (*pool_dir, "test.iso", NULL);
    if (!g_file_test (*iso, G_FILE_TEST_EXISTS)) {
        g_autofree char *made = NULL;

        g_assert_cmpint (g_mkdir_with_parents (*pool_dir, 0711), ==, 0);
        made = domus_test_make_grub_iso (*pool_dir, TRUE, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (made, ==, *iso);
    }

    c = virConnectOpen (domus_test_daemon_get_qemu_uri (d));
    g_assert_nonnull (c);
    xml = g_markup_printf_escaped ("<pool type='dir'><name>" DOMUS_TEST_POOL "</name>"
                                   "<target><path>%s</path></target></pool>", *pool_dir);
    pool = virStoragePoolLookupByName (c, DOMUS_TEST_POOL);
    if (pool == NULL)
        pool = virStoragePoolCreateXML (c, xml, 0);
    g_assert_nonnull (pool);
    virStoragePoolFree (pool);
    virConnectClose (c);
}

/* A 64 MiB BIOS guest NAME booting ISO (none: NULL) with a new 64 MiB
 * qcow2 volume "NAME.qcow2" in DOMUS_TEST_POOL, started by the create job
 * where START. */
static inline DomusCreatePlan *
domus_test_small_guest_plan (const char *name, const char *iso, gboolean start)
{
    DomusCreatePlan *plan = domus_create_plan_new ();
    DomusDomainConfig *c = plan->config;

    c->name = g_strdup (name);
    g_free (c->domain_type);
    c->domain_type = g_strdup ("qemu");     /* no /dev/kvm here: TCG */
    c->method = DOMUS_INSTALL_ISO;
    c->memory_mib = 64;
    c->install_source = g_strdup (iso);
    c->network_kind = DOMUS_NETWORK_NONE;
    plan->volume_pool = g_strdup (DOMUS_TEST_POOL);
    plan->volume_name = g_strdup_printf ("%s.qcow2", name);
    plan->volume_bytes = 64 << 20;
    plan->start = start;
    return plan;
}

G_END_DECLS
