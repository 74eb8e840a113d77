/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The connection helper of domus-test-domains.h.
 */
#include "config.h"

#include "domus-test-domains.h"
#include "domus-test-util.h"

DomusConnection *
domus_test_connect (const char *uri)
{
    DomusConnection *conn = domus_connection_new (uri);

    domus_connection_connect (conn);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_CONNECTED,
                           120, "the connection");
    return conn;
}
