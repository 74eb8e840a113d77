/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pool, plan and fixture of domus-test-pool.h, for the real programs
 * that make guests. Part of the real suite's fixture library.
 */
#include "config.h"

#include "domus-test-domains.h"
#include "domus-test-pool.h"

void
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

DomusCreatePlan *
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

void
domus_test_pool_fixture_setup (DomusTestPoolFixture *f, gconstpointer data)
{
    f->daemon = domus_test_daemon_shared (FALSE);
    if (f->daemon == NULL)
        return;
    domus_test_make_iso_pool (f->daemon, &f->pool_dir, &f->iso);
    f->conn = domus_test_connect (domus_test_daemon_get_qemu_uri (f->daemon));
}

void
domus_test_pool_fixture_teardown (DomusTestPoolFixture *f, gconstpointer data)
{
    g_clear_object (&f->conn);
    if (f->daemon != NULL)
        domus_test_daemon_remove_guests (f->daemon);
    g_clear_pointer (&f->pool_dir, g_free);
    g_clear_pointer (&f->iso, g_free);
}
