/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guests' addresses on screen. Nothing here asks the host: the
 * addresses come from the host's DomusGuestAddresses, which reads every
 * network's leases in one job per refresh; the widgets only keep it alive
 * and redraw when it says "changed".
 */
#include "config.h"

#include "domus-guest-address-views.h"

#include <glib/gi18n.h>

#include "domus-guest-addresses.h"
#include "domus-guest-tree.h"

#define HELD_KEY "domus-guest-addresses-held"

/* The view's DomusGuestAddresses of @conn, made and held on first use. */
static DomusGuestAddresses *
held_addresses (GtkWidget *widget, DomusConnection *conn)
{
    GHashTable *held = g_object_get_data (G_OBJECT (widget), HELD_KEY);
    DomusGuestAddresses *addresses;

    if (held == NULL) {
        held = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_object_unref);
        g_object_set_data_full (G_OBJECT (widget), HELD_KEY, held,
                                (GDestroyNotify) g_hash_table_unref);
    }
    /* The connection's own instance: one that a gone connection at the
     * same address left here is replaced. */
    addresses = domus_guest_addresses_get (conn);
    if (g_hash_table_lookup (held, conn) == addresses) {
        g_object_unref (addresses);
    } else {
        g_hash_table_insert (held, conn, addresses);
        g_signal_connect_object (addresses, "changed",
                                 G_CALLBACK (gtk_widget_trigger_tooltip_query), widget,
                                 G_CONNECT_SWAPPED);
    }
    return addresses;
}

static gboolean
query_tooltip_cb (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                  gpointer user_data)
{
    GtkTreeView *view = GTK_TREE_VIEW (widget);
    GtkTreeModel *model;
    GtkTreePath *path = NULL;
    GtkTreeIter iter, parent;
    g_autoptr(GObject) row = NULL;
    g_autoptr(GObject) host = NULL;
    const char *text;
    g_autofree char *markup = NULL;

    if (!gtk_tree_view_get_tooltip_context (view, &x, &y, keyboard, &model, &path, &iter))
        return FALSE;
    gtk_tree_model_get (model, &iter, DOMUS_GUEST_TREE_COLUMN_OBJECT, &row, -1);
    if (!DOMUS_IS_DOMAIN (row) || !domus_domain_is_active (DOMUS_DOMAIN (row)) ||
        !gtk_tree_model_iter_parent (model, &parent, &iter)) {
        gtk_tree_path_free (path);
        return FALSE;
    }
    gtk_tree_model_get (model, &parent, DOMUS_GUEST_TREE_COLUMN_OBJECT, &host, -1);
    if (!DOMUS_IS_CONNECTION (host)) {
        gtk_tree_path_free (path);
        return FALSE;
    }
    text = domus_guest_addresses_lookup (held_addresses (widget, DOMUS_CONNECTION (host)),
                                         domus_domain_get_uuid (DOMUS_DOMAIN (row)));
    /* Translators: a running guest's tooltip in the list, e.g. "web01\nIP:
     * 192.168.122.23" */
    markup = g_markup_printf_escaped (_("<b>%s</b>\nIP: %s"),
                                      domus_domain_get_name (DOMUS_DOMAIN (row)),
                                      text != NULL ? text : _("not known yet"));
    gtk_tooltip_set_markup (tooltip, markup);
    gtk_tree_view_set_tooltip_row (view, tooltip, path);
    gtk_tree_path_free (path);
    return TRUE;
}

void
domus_guest_address_tooltip_attach (GtkTreeView *view)
{
    g_return_if_fail (GTK_IS_TREE_VIEW (view));

    gtk_widget_set_has_tooltip (GTK_WIDGET (view), TRUE);
    g_signal_connect (view, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
}

/* ---- the guest window's label -------------------------------------------- */

static void
update_label (GtkLabel *label)
{
    DomusGuestAddresses *addresses = g_object_get_data (G_OBJECT (label), "addresses");
    DomusDomain *domain = g_object_get_data (G_OBJECT (label), "domain");
    const char *text = domus_domain_is_active (domain)
                       ? domus_guest_addresses_lookup (addresses, domus_domain_get_uuid (domain))
                       : NULL;
    g_autofree char *shown = NULL;

    gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
    if (text == NULL)
        return;
    /* Translators: the guest's IP addresses in the guest window's status
     * bar, e.g. "IP: 192.168.122.23" */
    shown = g_strdup_printf (_("IP: %s"), text);
    gtk_label_set_text (label, shown);
}

GtkWidget *
domus_guest_address_label_new (DomusConnection *conn, DomusDomain *domain)
{
    GtkWidget *label;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);
    g_return_val_if_fail (DOMUS_IS_DOMAIN (domain), NULL);

    label = gtk_label_new (NULL);
    gtk_label_set_selectable (GTK_LABEL (label), TRUE);
    gtk_widget_set_can_focus (label, FALSE);
    gtk_style_context_add_class (gtk_widget_get_style_context (label), "dim-label");
    g_object_set_data_full (G_OBJECT (label), "addresses", domus_guest_addresses_get (conn),
                            g_object_unref);
    g_object_set_data_full (G_OBJECT (label), "domain", g_object_ref (domain), g_object_unref);
    g_signal_connect_object (g_object_get_data (G_OBJECT (label), "addresses"), "changed",
                             G_CALLBACK (update_label), label, G_CONNECT_SWAPPED);
    g_signal_connect_object (domain, "notify::state", G_CALLBACK (update_label), label,
                             G_CONNECT_SWAPPED);
    update_label (GTK_LABEL (label));
    return label;
}
