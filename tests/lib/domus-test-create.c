/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The creation helpers of domus-test-create.h: core's async jobs, run and
 * awaited on the test's main context.
 */
#include "config.h"

#include "domus-test-create.h"

char *
domus_test_create_guest (DomusConnection *conn, DomusCreatePlan *plan, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_domain_create_async (conn, plan, NULL, domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, 120, "the create job");
    return domus_domain_create_finish (conn, res, error);
}

GPtrArray *
domus_test_list_volumes (DomusConnection *conn, const char *pool)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    GPtrArray *vols;

    domus_storage_list_volumes_async (conn, pool, NULL, domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, 120, "the volume list");
    vols = domus_storage_list_volumes_finish (conn, res, &error);
    g_assert_no_error (error);
    return vols;
}

const DomusVolumeInfo *
domus_test_find_volume (GPtrArray *vols, const char *name)
{
    for (guint i = 0; i < vols->len; i++) {
        const DomusVolumeInfo *v = g_ptr_array_index (vols, i);

        if (g_str_equal (v->name, name))
            return v;
    }
    return NULL;
}
