/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * For test programs that link core: a host's guest by name. Borrowed from
 * the connection's list, which keeps it alive while it is listed.
 */
#pragma once

#include "domus-connection.h"

G_BEGIN_DECLS

static inline DomusDomain *
domus_test_find_domain (DomusConnection *conn, const char *name)
{
    GListModel *domains = domus_connection_get_domains (conn);

    for (guint i = 0; i < g_list_model_get_n_items (domains); i++) {
        g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);

        if (g_str_equal (domus_domain_get_name (domain), name))
            return domain;
    }
    return NULL;
}

G_END_DECLS
