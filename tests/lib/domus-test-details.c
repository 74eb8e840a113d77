/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Details helpers of domus-test-details.h.
 */
#include "config.h"

#include "domus-test-details.h"

#include "domus-test-util.h"

DomusDetailsSnapshot *
domus_test_details_load (DomusConnection *conn, DomusDomain *domain)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    DomusDetailsSnapshot *snapshot;

    domus_domain_details_load_async (conn, domain, NULL, domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, DOMUS_TEST_DETAILS_TIMEOUT_S, "the Details load");
    snapshot = domus_domain_details_load_finish (conn, res, &error);
    g_assert_no_error (error);
    g_assert_nonnull (snapshot);
    g_assert_nonnull (snapshot->hardware);
    return snapshot;
}
