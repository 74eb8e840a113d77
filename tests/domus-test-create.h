/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the tests of guest creation (integration, gui, real): connect
 * to a host, wait for an async result, run the create job, list a host's
 * volumes through core's worker job, and find one by name.
 */
#pragma once

#include "domus-domain-create.h"
#include "domus-storage.h"
#include "domus-test-util.h"

G_BEGIN_DECLS

/* A new connection to @uri, once it is connected. */
static inline DomusConnection *
domus_test_connect (const char *uri)
{
    DomusConnection *conn = domus_connection_new (uri);

    domus_connection_connect (conn);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_CONNECTED,
                           120, "the connection");
    return conn;
}

/* Stores a reference to the result in *(GAsyncResult **) user_data. */
static inline void
domus_test_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs the create job for @plan (which it takes): the new guest's UUID, or
 * NULL with the job's error. */
static inline char *
domus_test_create_guest (DomusConnection *conn, DomusCreatePlan *plan, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_domain_create_async (conn, plan, NULL, domus_test_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, 120, "the create job");
    return domus_domain_create_finish (conn, res, error);
}

/* The volumes of @pool (of every active pool when NULL). */
static inline GPtrArray *
domus_test_list_volumes (DomusConnection *conn, const char *pool)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    GPtrArray *vols;

    domus_storage_list_volumes_async (conn, pool, NULL, domus_test_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, 120, "the volume list");
    vols = domus_storage_list_volumes_finish (conn, res, &error);
    g_assert_no_error (error);
    return vols;
}

static inline const DomusVolumeInfo *
domus_test_find_volume (GPtrArray *vols, const char *name)
{
    for (guint i = 0; i < vols->len; i++) {
        const DomusVolumeInfo *v = g_ptr_array_index (vols, i);

        if (g_str_equal (v->name, name))
            return v;
    }
    return NULL;
}

G_END_DECLS
