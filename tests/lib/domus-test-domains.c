/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The connection helper of domus-test-domains.h.
 */
#include "config.h"

#include "domus-test-domains.h"
#include "domus-test-util.h"

/* POLL_INTERVAL_S: 0 for the default. */
static DomusConnection *
connect (const char *uri, guint poll_interval_s)
{
    DomusConnection *conn = domus_connection_new (uri);

    if (poll_interval_s > 0)
        domus_poller_set_interval (domus_connection_get_poller (conn), poll_interval_s);
    domus_connection_connect (conn);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_CONNECTED,
                           120, "the connection");
    return conn;
}

DomusConnection *
domus_test_connect (const char *uri)
{
    return connect (uri, 0);
}

DomusConnection *
domus_test_connect_idle_poller (const char *uri)
{
    return connect (uri, 3600);
}
