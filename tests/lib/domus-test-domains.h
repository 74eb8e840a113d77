/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * For test programs that link core: a connection opened and awaited, and a
 * host's guest by name (borrowed from the connection's list, which keeps it
 * alive while it is listed).
 */
#pragma once

#include "domus-connection.h"

G_BEGIN_DECLS

/* A new connection to URI, once it is connected (fails after 120 s). */
DomusConnection *domus_test_connect             (const char *uri);
/* The same with its poller's interval an hour from the start: the guests'
 * states come from events (and the test's own refreshes) only. */
DomusConnection *domus_test_connect_idle_poller (const char *uri);

/* The guest NAME of CONN, or NULL: core's lookup, under the name the tests
 * gave it first. */
#define domus_test_find_domain domus_connection_find_domain_by_name

G_END_DECLS
