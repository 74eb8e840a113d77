/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How the manager window's list draws a row of its DomusGuestTree: icon,
 * name (a host's in bold) and snapshot count, state or what an action is
 * doing, and the graph columns' sparklines with their amounts for
 * assistive technology. Each reads only its row: drawing asks no host.
 */
#include "config.h"

#include "domus-manager-window-private.h"

#include <glib/gi18n.h>

#include "domus-connection.h"
#include "domus-domain.h"
#include "domus-graph.h"
#include "domus-guest-tree.h"

#define COL_OBJECT DOMUS_GUEST_TREE_COLUMN_OBJECT

static char *
host_state_text (DomusConnection *conn)
{
    DomusConnectionState state = domus_connection_get_state (conn);
    const char *error = domus_connection_get_error_message (conn);
    guint n = g_list_model_get_n_items (domus_connection_get_domains (conn));

    if (error != NULL)
        return g_strdup_printf ("%s: %s", domus_connection_state_to_string (state), error);
    if (state == DOMUS_CONNECTION_STATE_CONNECTED)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u guest", "%u guests", n), n);
    return g_strdup (domus_connection_state_to_string (state));
}

void
domus_manager_window_icon_cell_data (GtkTreeViewColumn *column, GtkCellRenderer *cell,
                                     GtkTreeModel *model, GtkTreeIter *iter, gpointer user_data)
{
    g_autoptr(GObject) object = NULL;
    const char *icon;

    gtk_tree_model_get (model, iter, COL_OBJECT, &object, -1);
    if (DOMUS_IS_DOMAIN (object)) {
        icon = domus_domain_state_icon_name (domus_domain_get_state (DOMUS_DOMAIN (object)));
    } else {
        DomusConnectionState state = domus_connection_get_state (DOMUS_CONNECTION (object));

        icon = state == DOMUS_CONNECTION_STATE_FAILED ? "dialog-error-symbolic"
                                                      : "network-server-symbolic";
    }
    g_object_set (cell, "icon-name", icon, NULL);
}

void
domus_manager_window_name_cell_data (GtkTreeViewColumn *column, GtkCellRenderer *cell,
                                     GtkTreeModel *model, GtkTreeIter *iter, gpointer user_data)
{
    g_autoptr(GObject) object = NULL;

    gtk_tree_model_get (model, iter, COL_OBJECT, &object, -1);
    if (DOMUS_IS_DOMAIN (object)) {
        g_object_set (cell, "text", domus_domain_get_name (DOMUS_DOMAIN (object)),
                      "weight", PANGO_WEIGHT_NORMAL, NULL);
    } else {
        g_object_set (cell, "text",
                      domus_connection_get_display_name (DOMUS_CONNECTION (object)),
                      "weight", PANGO_WEIGHT_BOLD, NULL);
    }
}

/* "2 snapshots", dimmed, beside a guest's name: DomusDomain keeps the
 * count (read on connect and after events), so drawing asks no host. */
void
domus_manager_window_snapshots_cell_data (GtkTreeViewColumn *column, GtkCellRenderer *cell,
                                          GtkTreeModel *model, GtkTreeIter *iter,
                                          gpointer user_data)
{
    g_autoptr(GObject) object = NULL;
    g_autofree char *text = NULL;
    g_autofree char *markup = NULL;
    guint n = 0;

    gtk_tree_model_get (model, iter, COL_OBJECT, &object, -1);
    if (DOMUS_IS_DOMAIN (object))
        n = domus_domain_get_snapshot_count (DOMUS_DOMAIN (object));
    if (n > 0) {
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u snapshot", "%u snapshots", n),
                                n);
        /* Dimmed the same way on a selected row. */
        markup = g_markup_printf_escaped ("<span alpha=\"60%%\">%s</span>", text);
    }
    g_object_set (cell, "markup", markup, NULL);
}

void
domus_manager_window_state_cell_data (GtkTreeViewColumn *column, GtkCellRenderer *cell,
                                      GtkTreeModel *model, GtkTreeIter *iter, gpointer user_data)
{
    g_autoptr(GObject) object = NULL;

    gtk_tree_model_get (model, iter, COL_OBJECT, &object, -1);
    if (DOMUS_IS_DOMAIN (object)) {
        DomusDomain *domain = DOMUS_DOMAIN (object);
        const char *activity = domus_domain_get_activity (domain);

        /* "Shutting down…", "Saving… 40 %" while an action runs. */
        g_object_set (cell, "text",
                      activity ? activity
                               : domus_domain_state_to_string (domus_domain_get_state (domain)),
                      NULL);
    } else {
        g_autofree char *text = host_state_text (DOMUS_CONNECTION (object));

        g_object_set (cell, "text", text, NULL);
    }
}

/* The amounts behind the memory percentage, for assistive technology. */
static void
stat_memory_amounts (GObject *object, DomusCellRendererSparkline *cell)
{
    guint64 used_kib, total_kib;

    if (DOMUS_IS_DOMAIN (object)) {
        DomusDomainStats *st = domus_domain_get_stats (DOMUS_DOMAIN (object));

        used_kib = st->memory_used_kib;
        total_kib = st->memory_total_kib;
    } else {
        const DomusHostStats *hs =
            domus_poller_get_host_stats (domus_connection_get_poller (DOMUS_CONNECTION (object)));

        used_kib = hs->memory_used_kib;
        total_kib = hs->memory_total_kib;
    }
    domus_cell_renderer_sparkline_set_amounts (cell, used_kib * 1024, total_kib * 1024);
}

void
domus_manager_window_stat_cell_data (GtkTreeViewColumn *column, GtkCellRenderer *cell,
                                     GtkTreeModel *model, GtkTreeIter *iter, gpointer user_data)
{
    g_autoptr(GObject) object = NULL;
    DomusStatsScale scale;
    const DomusStatsRing *ring;

    gtk_tree_model_get (model, iter, COL_OBJECT, &object, -1);
    /* Guests have all five; host rows show the host's own CPU and memory. */
    ring = domus_guest_tree_get_stat_ring (object, GPOINTER_TO_INT (user_data), &scale);
    domus_cell_renderer_sparkline_set_data (DOMUS_CELL_RENDERER_SPARKLINE (cell), ring, scale);
    if (GPOINTER_TO_INT (user_data) == DOMUS_GUEST_STAT_MEMORY && ring != NULL)
        stat_memory_amounts (object, DOMUS_CELL_RENDERER_SPARKLINE (cell));
}
