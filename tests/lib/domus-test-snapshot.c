/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The snapshot helpers of domus-test-snapshot.h: core's jobs awaited on the
 * test's main context, and plain libvirt for what another client does.
 */
#include "config.h"

#include "domus-test-snapshot.h"

static void
progress_cb (double fraction, gpointer user_data)
{
    (*(guint *) user_data)++;
}

/* Takes the snapshot NAME of KIND; says in the log how long it took. */
gboolean
domus_test_snapshot_take (DomusConnection *conn, DomusDomain *domain, const char *name,
                          DomusSnapshotKind kind, const char *description,
                          const char *memory_file, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;
    DomusSnapshotRequest request = {
        (char *) name, (char *) description, kind, FALSE, (char *) memory_file,
    };
    gint64 start = g_get_monotonic_time ();
    guint progress = 0;
    gboolean ok;

    domus_domain_snapshot_create_async (conn, domain, &request,
                                        progress_cb, &progress, NULL,
                                        domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, DOMUS_TEST_SNAPSHOT_TIMEOUT_S, "the snapshot taken");
    ok = domus_domain_snapshot_create_finish (conn, res, error);
    g_test_message ("%s snapshot “%s”: %s in %.2f s (%u progress reports)",
                    domus_snapshot_kind_to_string (kind), name, ok ? "taken" : "refused",
                    (g_get_monotonic_time () - start) / 1e6, progress);
    return ok;
}

gboolean
domus_test_snapshot_revert (DomusConnection *conn, DomusDomain *domain, const char *name,
                            DomusSnapshotRevertState state, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;
    gint64 start = g_get_monotonic_time ();
    gboolean ok;

    domus_domain_snapshot_revert_async (conn, domain, name, state, NULL,
                                        domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, DOMUS_TEST_SNAPSHOT_TIMEOUT_S, "the revert");
    ok = domus_domain_snapshot_revert_finish (conn, res, error);
    g_test_message ("revert to “%s”: %s in %.2f s", name, ok ? "done" : "refused",
                    (g_get_monotonic_time () - start) / 1e6);
    return ok;
}

/* The guest's snapshots (and their fingerprint, if asked). */
GPtrArray *
domus_test_snapshot_list (DomusConnection *conn, DomusDomain *domain, char **fingerprint)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    GPtrArray *snapshots;

    domus_domain_snapshot_list_async (conn, domain, NULL, domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, DOMUS_TEST_SNAPSHOT_TIMEOUT_S, "the snapshots");
    snapshots = domus_domain_snapshot_list_finish (conn, res, fingerprint, &error);
    g_assert_no_error (error);
    g_assert_nonnull (snapshots);
    return snapshots;
}

DomusSnapshotAbilities *
domus_test_snapshot_abilities (DomusConnection *conn, DomusDomain *domain)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    DomusSnapshotAbilities *abilities;

    domus_domain_snapshot_abilities_async (conn, domain, NULL, domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, DOMUS_TEST_SNAPSHOT_TIMEOUT_S,
                           "what the guest can take");
    abilities = domus_domain_snapshot_abilities_finish (conn, res, &error);
    g_assert_no_error (error);
    return abilities;
}

/* The snapshot called NAME in SNAPSHOTS, or NULL. */
DomusSnapshotInfo *
domus_test_snapshot_find (GPtrArray *snapshots, const char *name)
{
    for (guint i = 0; i < snapshots->len; i++) {
        DomusSnapshotInfo *info = g_ptr_array_index (snapshots, i);

        if (g_str_equal (info->name, name))
            return info;
    }
    return NULL;
}

/* Every snapshot of the guest NAME, deleted root by root with children. */
void
domus_test_delete_all_snapshots (virConnectPtr conn, const char *name)
{
    virDomainPtr dom = virDomainLookupByName (conn, name);
    virDomainSnapshotPtr *roots = NULL;
    int n;

    if (dom == NULL)
        return;
    n = virDomainListAllSnapshots (dom, &roots, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS);
    for (int i = 0; i < n; i++) {
        g_assert_cmpint (virDomainSnapshotDelete (roots[i],
                                                  VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN), ==, 0);
        virDomainSnapshotFree (roots[i]);
    }
    g_free (roots);
    virDomainFree (dom);
}

/* The test driver takes external snapshots only of disks in real files:
 * a running guest NAME with an empty "disk.qcow2" in a new directory,
 * which *DIR names. */
virDomainPtr
domus_test_snapshot_start_file_guest (virConnectPtr conn, const char *name, char **dir)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *disk = NULL;
    g_autofree char *xml = NULL;
    virDomainPtr dom;

    *dir = g_dir_make_tmp ("domus-snapshot-XXXXXX", &error);
    g_assert_no_error (error);
    disk = g_build_filename (*dir, "disk.qcow2", NULL);
    g_file_set_contents (disk, "", 0, &error);
    g_assert_no_error (error);
    xml = g_strdup_printf ("<domain type='test'><name>%s</name><memory>131072</memory>"
                           "<os><type>hvm</type></os><devices>"
                           "<disk type='file' device='disk'><driver type='qcow2'/>"
                           "<source file='%s'/><target dev='vda'/></disk>"
                           "</devices></domain>", name, disk);
    dom = virDomainDefineXML (conn, xml);
    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainCreate (dom), ==, 0);
    return dom;
}

/* The guest above gone with its snapshots, its disk and directory. */
void
domus_test_snapshot_remove_file_guest (virConnectPtr conn, virDomainPtr dom, const char *dir)
{
    g_autofree char *disk = g_build_filename (dir, "disk.qcow2", NULL);

    domus_test_delete_all_snapshots (conn, virDomainGetName (dom));
    virDomainDestroy (dom);
    virDomainUndefine (dom);
    virDomainFree (dom);
    g_unlink (disk);
    g_rmdir (dir);
}
