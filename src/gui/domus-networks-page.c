/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Networks page of the host window. Its list is a DomusNetworkList,
 * which libvirt's network events keep right; the selected network's DHCP
 * leases are read when it is selected, after each change of the list and
 * every few seconds while the page is on screen (leases come and go with
 * no event); the host's interfaces are read once per connection. Actions
 * live in the "networks" group of the page.
 */
#include "config.h"

#include "domus-networks-page.h"

#include <glib/gi18n.h>

#include "domus-network.h"
#include "domus-network-list.h"
#include "domus-new-network-dialog.h"

/* Leases have no event: looked at again this often while shown. */
#define LEASES_INTERVAL_S 5

enum {
    COL_NAME,
    COL_STATE,
    COL_MODE,
    COL_BRIDGE,
    COL_IPV4,
    COL_IPV6,
    COL_AUTOSTART,
};

struct _DomusNetworksPage {
    GtkBox parent_instance;

    DomusConnection *conn;
    DomusNetworkList *list;
    GPtrArray *interfaces;      /* DomusHostInterface, or NULL */
    GCancellable *cancellable;  /* every job; cancelled on dispose */
    GCancellable *leases_cancellable;
    GSimpleActionGroup *actions;
    guint leases_timer;
    gboolean updating;          /* the store is being refilled */
    gboolean networks_read;     /* what New Network checks against is known */
    gboolean interfaces_read;

    GtkInfoBar *error_bar;
    GtkLabel *error_label;
    GtkTreeView *network_view;
    GtkListStore *network_store;
    GtkListStore *lease_store;
    GtkListStore *interface_store;
    GtkLabel *leases_title;
    GtkLabel *leases_note;
    GtkLabel *interfaces_note;
};

G_DEFINE_FINAL_TYPE (DomusNetworksPage, domus_networks_page, GTK_TYPE_BOX)

static void
show_error (DomusNetworksPage *self, const char *message)
{
    gtk_label_set_text (self->error_label, message);
    gtk_widget_show (GTK_WIDGET (self->error_bar));
}

static void
error_bar_response_cb (DomusNetworksPage *self, int response)
{
    gtk_widget_hide (GTK_WIDGET (self->error_bar));
}

static char *
selected_name (DomusNetworksPage *self)
{
    GtkTreeSelection *selection = gtk_tree_view_get_selection (self->network_view);
    GtkTreeModel *model;
    GtkTreeIter iter;
    char *name = NULL;

    if (gtk_tree_selection_get_selected (selection, &model, &iter))
        gtk_tree_model_get (model, &iter, COL_NAME, &name, -1);
    return name;
}

static const DomusNetworkInfo *
selected_network (DomusNetworksPage *self)
{
    g_autofree char *name = selected_name (self);

    return name != NULL ? domus_network_list_lookup (self->list, name) : NULL;
}

static void
set_enabled (DomusNetworksPage *self, const char *action, gboolean enabled)
{
    g_simple_action_set_enabled (
        G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), action)),
        enabled);
}

static void
update_actions (DomusNetworksPage *self)
{
    const DomusNetworkInfo *net = selected_network (self);
    gboolean connected = domus_connection_get_state (self->conn) ==
                         DOMUS_CONNECTION_STATE_CONNECTED;
    GAction *autostart = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "autostart");

    /* New Network checks against the host's networks and interfaces. */
    set_enabled (self, "new", connected && self->networks_read && self->interfaces_read);
    set_enabled (self, "start", connected && net != NULL && !net->active);
    set_enabled (self, "stop", connected && net != NULL && net->active);
    set_enabled (self, "delete", connected && net != NULL);
    set_enabled (self, "autostart", connected && net != NULL && net->persistent);
    g_simple_action_set_state (G_SIMPLE_ACTION (autostart),
                               g_variant_new_boolean (net != NULL && net->autostart));
}

/* ---- leases -------------------------------------------------------------- */

static void
leases_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) leases = domus_network_list_leases_finish (DOMUS_CONNECTION (source),
                                                                   result, &error);
    DomusNetworksPage *self = user_data;

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    gtk_list_store_clear (self->lease_store);
    if (leases == NULL) {
        gtk_label_set_text (self->leases_note, error->message);
        gtk_widget_show (GTK_WIDGET (self->leases_note));
        return;
    }
    for (guint i = 0; i < leases->len; i++) {
        const DomusNetworkLease *lease = g_ptr_array_index (leases, i);
        g_autofree char *address = g_strdup_printf ("%s/%u", lease->address, lease->prefix);
        g_autoptr(GDateTime) when = lease->expiry > 0
                                    ? g_date_time_new_from_unix_local (lease->expiry) : NULL;
        g_autofree char *expires = when != NULL ? g_date_time_format (when, "%x %X")
                                                : g_strdup (_("Never"));

        gtk_list_store_insert_with_values (self->lease_store, NULL, -1,
                                           0, lease->mac, 1, address,
                                           2, lease->hostname != NULL ? lease->hostname : "",
                                           3, expires, -1);
    }
    gtk_label_set_text (self->leases_note,
                        leases->len == 0 ? _("No guest holds a lease on this network.") : "");
    gtk_widget_set_visible (GTK_WIDGET (self->leases_note), leases->len == 0);
}

static void
read_leases (DomusNetworksPage *self)
{
    const DomusNetworkInfo *net = selected_network (self);
    g_autofree char *title = NULL;

    g_cancellable_cancel (self->leases_cancellable);
    g_clear_object (&self->leases_cancellable);
    if (net == NULL || !net->active || !domus_network_kind_has_subnet (net->kind)) {
        gtk_list_store_clear (self->lease_store);
        gtk_label_set_text (self->leases_title, _("DHCP Leases"));
        gtk_label_set_text (self->leases_note,
                            net == NULL ? _("Select a network to see its leases.")
                            : !net->active ? _("The network is not running.")
                            : _("This network hands out no addresses: the host’s own "
                                "network does."));
        gtk_widget_show (GTK_WIDGET (self->leases_note));
        return;
    }
    /* Translators: the title over the leases list, with the network's name */
    title = g_strdup_printf (_("DHCP Leases of “%s”"), net->name);
    gtk_label_set_text (self->leases_title, title);
    self->leases_cancellable = g_cancellable_new ();
    domus_network_list_leases_async (self->conn, net->name, self->leases_cancellable,
                                     leases_done_cb, self);
}

static gboolean
leases_timer_cb (gpointer user_data)
{
    read_leases (user_data);
    return G_SOURCE_CONTINUE;
}

static void
domus_networks_page_map (GtkWidget *widget)
{
    DomusNetworksPage *self = DOMUS_NETWORKS_PAGE (widget);

    GTK_WIDGET_CLASS (domus_networks_page_parent_class)->map (widget);
    read_leases (self);
    self->leases_timer = g_timeout_add_seconds (LEASES_INTERVAL_S, leases_timer_cb, self);
}

static void
domus_networks_page_unmap (GtkWidget *widget)
{
    DomusNetworksPage *self = DOMUS_NETWORKS_PAGE (widget);

    g_clear_handle_id (&self->leases_timer, g_source_remove);
    GTK_WIDGET_CLASS (domus_networks_page_parent_class)->unmap (widget);
}

/* ---- the list ------------------------------------------------------------ */

static char *
subnet_text (const char *address, guint prefix, const char *start, const char *end)
{
    if (address == NULL)
        return g_strdup ("");
    if (start == NULL)
        return g_strdup_printf ("%s/%u", address, prefix);
    /* Translators: a subnet and its DHCP range, e.g. "192.168.122.1/24, DHCP
     * 192.168.122.2 – 192.168.122.254" */
    return g_strdup_printf (_("%s/%u, DHCP %s – %s"), address, prefix, start, end);
}

static void
selection_changed_cb (DomusNetworksPage *self)
{
    if (self->updating)
        return;
    update_actions (self);
    read_leases (self);
}

static void
list_changed_cb (DomusNetworkList *list, gpointer user_data)
{
    DomusNetworksPage *self = user_data;
    GPtrArray *nets = domus_network_list_get_networks (list);
    g_autofree char *keep = selected_name (self);
    GtkTreeSelection *selection = gtk_tree_view_get_selection (self->network_view);

    if (domus_network_list_get_error (list) != NULL)
        show_error (self, domus_network_list_get_error (list));
    self->networks_read = domus_network_list_get_error (list) == NULL;
    self->updating = TRUE;
    gtk_list_store_clear (self->network_store);
    for (guint i = 0; i < nets->len; i++) {
        const DomusNetworkInfo *net = g_ptr_array_index (nets, i);
        g_autofree char *ipv4 = subnet_text (net->ipv4_address, net->ipv4_prefix,
                                             net->ipv4_dhcp_start, net->ipv4_dhcp_end);
        g_autofree char *ipv6 = subnet_text (net->ipv6_address, net->ipv6_prefix,
                                             net->ipv6_dhcp_start, net->ipv6_dhcp_end);
        GtkTreeIter iter;

        gtk_list_store_insert_with_values (self->network_store, &iter, -1,
                                           COL_NAME, net->name,
                                           COL_STATE, net->active ? _("Active") : _("Inactive"),
                                           COL_MODE, domus_network_kind_to_string (net->kind),
                                           COL_BRIDGE, net->bridge != NULL ? net->bridge : "",
                                           COL_IPV4, ipv4, COL_IPV6, ipv6,
                                           COL_AUTOSTART, net->autostart ? _("Yes") : _("No"),
                                           -1);
        if (g_strcmp0 (keep, net->name) == 0)
            gtk_tree_selection_select_iter (selection, &iter);
    }
    self->updating = FALSE;
    selection_changed_cb (self);
}

static void
interfaces_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    GPtrArray *ifaces = domus_network_list_interfaces_finish (DOMUS_CONNECTION (source),
                                                              result, &error);
    DomusNetworksPage *self = user_data;

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    gtk_list_store_clear (self->interface_store);
    g_clear_pointer (&self->interfaces, g_ptr_array_unref);
    self->interfaces = ifaces;
    /* A host without an interface driver still gets new networks. */
    self->interfaces_read = TRUE;
    update_actions (self);
    gtk_widget_set_visible (GTK_WIDGET (self->interfaces_note), ifaces == NULL);
    if (ifaces == NULL) {
        gtk_label_set_text (self->interfaces_note, error->message);
        return;
    }
    for (guint i = 0; i < ifaces->len; i++) {
        const DomusHostInterface *iface = g_ptr_array_index (ifaces, i);
        g_autofree char *addresses = NULL;

        g_ptr_array_add (iface->addresses, NULL);
        addresses = g_strjoinv (", ", (char **) iface->addresses->pdata);
        g_ptr_array_remove_index (iface->addresses, iface->addresses->len - 1);
        gtk_list_store_insert_with_values (self->interface_store, NULL, -1,
                                           0, iface->name,
                                           1, iface->type != NULL ? iface->type : "",
                                           2, iface->mac != NULL ? iface->mac : "",
                                           3, iface->active ? _("Active") : _("Inactive"),
                                           4, addresses, -1);
    }
}

static void
connection_state_cb (DomusNetworksPage *self)
{
    update_actions (self);
    if (domus_connection_get_state (self->conn) == DOMUS_CONNECTION_STATE_CONNECTED)
        domus_network_list_interfaces_async (self->conn, self->cancellable, interfaces_done_cb,
                                             self);
}

/* ---- actions ------------------------------------------------------------- */

static void
act_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    DomusNetworksPage *self = user_data;
    g_autoptr(GError) error = NULL;

    if (!domus_network_act_finish (DOMUS_CONNECTION (source), result, &error)) {
        if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            show_error (self, error->message);
        return;
    }
    /* Autostart changes with no event; read the list again either way. */
    domus_network_list_refresh (self->list);
}

static void
act (DomusNetworksPage *self, const char *name, DomusNetworkAction action)
{
    gtk_widget_hide (GTK_WIDGET (self->error_bar));
    domus_network_act_async (self->conn, name, action, self->cancellable, act_done_cb, self);
}

static void
start_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    g_autofree char *name = selected_name (user_data);

    if (name != NULL)
        act (user_data, name, DOMUS_NETWORK_ACTION_START);
}

static void
stop_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    g_autofree char *name = selected_name (user_data);

    if (name != NULL)
        act (user_data, name, DOMUS_NETWORK_ACTION_STOP);
}

static void
delete_response_cb (GtkDialog *dialog, int response, gpointer user_data)
{
    DomusNetworksPage *self = user_data;
    const char *name = g_object_get_data (G_OBJECT (dialog), "network");

    if (response == GTK_RESPONSE_ACCEPT)
        act (self, name, DOMUS_NETWORK_ACTION_DELETE);
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
delete_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusNetworksPage *self = user_data;
    const DomusNetworkInfo *net = selected_network (self);
    GtkWidget *dialog, *button;

    if (net == NULL)
        return;
    dialog = gtk_message_dialog_new (GTK_WINDOW (gtk_widget_get_toplevel (GTK_WIDGET (self))),
                                     GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
                                     _("Delete network “%s”?"), net->name);
    gtk_message_dialog_format_secondary_text (
        GTK_MESSAGE_DIALOG (dialog), "%s",
        net->active ? _("The network is stopped first: running guests on it lose their "
                        "connection, and guests that use it cannot start until they are "
                        "moved to another network.")
                    : _("Guests that use it cannot start until they are moved to another "
                        "network."));
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
    button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Delete"), GTK_RESPONSE_ACCEPT);
    gtk_style_context_add_class (gtk_widget_get_style_context (button),
                                 GTK_STYLE_CLASS_DESTRUCTIVE_ACTION);
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_object_set_data_full (G_OBJECT (dialog), "network", g_strdup (net->name), g_free);
    g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
    gtk_widget_show (dialog);
}

static void
autostart_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
    DomusNetworksPage *self = user_data;
    g_autofree char *name = selected_name (self);

    if (name == NULL)
        return;
    g_simple_action_set_state (action, value);
    act (self, name, g_variant_get_boolean (value) ? DOMUS_NETWORK_ACTION_AUTOSTART_ON
                                                   : DOMUS_NETWORK_ACTION_AUTOSTART_OFF);
}

static void
new_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusNetworksPage *self = user_data;
    GtkWindow *parent = GTK_WINDOW (gtk_widget_get_toplevel (GTK_WIDGET (self)));
    DomusNewNetworkDialog *dialog =
        domus_new_network_dialog_new (parent, self->conn,
                                      domus_network_list_get_networks (self->list),
                                      self->interfaces);

    gtk_window_present (GTK_WINDOW (dialog));
}

static const GActionEntry page_actions[] = {
    { "new", new_activated, NULL, NULL, NULL },
    { "start", start_activated, NULL, NULL, NULL },
    { "stop", stop_activated, NULL, NULL, NULL },
    { "delete", delete_activated, NULL, NULL, NULL },
    { "autostart", NULL, NULL, "false", autostart_change_state },
};

/* ---- object -------------------------------------------------------------- */

static void
domus_networks_page_dispose (GObject *object)
{
    DomusNetworksPage *self = DOMUS_NETWORKS_PAGE (object);

    g_cancellable_cancel (self->cancellable);
    g_cancellable_cancel (self->leases_cancellable);
    g_clear_handle_id (&self->leases_timer, g_source_remove);
    g_clear_object (&self->list);
    g_clear_object (&self->conn);
    G_OBJECT_CLASS (domus_networks_page_parent_class)->dispose (object);
}

static void
domus_networks_page_finalize (GObject *object)
{
    DomusNetworksPage *self = DOMUS_NETWORKS_PAGE (object);

    g_clear_pointer (&self->interfaces, g_ptr_array_unref);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->leases_cancellable);
    g_clear_object (&self->actions);
    G_OBJECT_CLASS (domus_networks_page_parent_class)->finalize (object);
}

static void
domus_networks_page_class_init (DomusNetworksPageClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    G_OBJECT_CLASS (klass)->dispose = domus_networks_page_dispose;
    G_OBJECT_CLASS (klass)->finalize = domus_networks_page_finalize;
    widget_class->map = domus_networks_page_map;
    widget_class->unmap = domus_networks_page_unmap;

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/domusvm/Domus/domus-networks-page.ui");
    gtk_widget_class_bind_template_child (widget_class, DomusNetworksPage, error_bar);
    gtk_widget_class_bind_template_child (widget_class, DomusNetworksPage, error_label);
    gtk_widget_class_bind_template_child (widget_class, DomusNetworksPage, network_view);
    gtk_widget_class_bind_template_child (widget_class, DomusNetworksPage, network_store);
    gtk_widget_class_bind_template_child (widget_class, DomusNetworksPage, lease_store);
    gtk_widget_class_bind_template_child (widget_class, DomusNetworksPage, interface_store);
    gtk_widget_class_bind_template_child (widget_class, DomusNetworksPage, leases_title);
    gtk_widget_class_bind_template_child (widget_class, DomusNetworksPage, leases_note);
    gtk_widget_class_bind_template_child (widget_class, DomusNetworksPage, interfaces_note);
    gtk_widget_class_bind_template_callback (widget_class, error_bar_response_cb);
    gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
}

static void
domus_networks_page_init (DomusNetworksPage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
    self->actions = g_simple_action_group_new ();
    g_action_map_add_action_entries (G_ACTION_MAP (self->actions), page_actions,
                                     G_N_ELEMENTS (page_actions), self);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "networks", G_ACTION_GROUP (self->actions));
}

DomusNetworksPage *
domus_networks_page_new (DomusConnection *conn)
{
    DomusNetworksPage *self;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);

    self = g_object_new (DOMUS_TYPE_NETWORKS_PAGE, NULL);
    self->conn = g_object_ref (conn);
    self->list = domus_network_list_new (conn);
    g_signal_connect_object (self->list, "changed", G_CALLBACK (list_changed_cb), self, 0);
    g_signal_connect_object (conn, "notify::state", G_CALLBACK (connection_state_cb), self,
                             G_CONNECT_SWAPPED);
    connection_state_cb (self);
    read_leases (self);
    return self;
}
