/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * New Network: the fields become a DomusNetworkConfig on every change and
 * core checks it (domus_network_config_check); the first problem shows
 * under the fields, its field is marked, and Create stays grey until there
 * is none. Create runs core's create job, which removes what it defined if
 * the start fails; libvirt's refusal shows in the dialog, which stays.
 */
#include "config.h"

#include "domus-new-network-dialog.h"

#include <glib/gi18n.h>

#include "domus-network.h"

struct _DomusNewNetworkDialog {
    GtkDialog parent_instance;

    DomusConnection *conn;
    GPtrArray *networks;        /* DomusNetworkInfo */
    GPtrArray *interfaces;      /* DomusHostInterface */
    GCancellable *cancellable;
    gboolean creating;
    GtkWidget *marked;          /* the field shown wrong */

    GtkEntry *name_entry;
    GtkComboBoxText *kind_combo;
    GtkWidget *bridge_label;
    GtkEntry *bridge_entry;
    GtkWidget *device_label;
    GtkComboBoxText *device_combo;
    GtkEntry *device_entry;
    GtkEntry *domain_entry;
    GtkToggleButton *ipv4_check;
    GtkEntry *ipv4_address_entry;
    GtkSpinButton *ipv4_prefix_spin;
    GtkToggleButton *ipv4_dhcp_check;
    GtkEntry *ipv4_start_entry;
    GtkEntry *ipv4_end_entry;
    GtkToggleButton *ipv6_check;
    GtkEntry *ipv6_address_entry;
    GtkSpinButton *ipv6_prefix_spin;
    GtkToggleButton *ipv6_dhcp_check;
    GtkEntry *ipv6_start_entry;
    GtkEntry *ipv6_end_entry;
    GtkWidget *hosts_scroll;
    GtkTextView *hosts_view;
    GtkToggleButton *autostart_check;
    GtkLabel *message_label;
    GtkWidget *create_button;
};

G_DEFINE_FINAL_TYPE (DomusNewNetworkDialog, domus_new_network_dialog, GTK_TYPE_DIALOG)

static const char *const kind_ids[] = {
    [DOMUS_NETWORK_KIND_NAT] = "nat",
    [DOMUS_NETWORK_KIND_ROUTED] = "routed",
    [DOMUS_NETWORK_KIND_ISOLATED] = "isolated",
    [DOMUS_NETWORK_KIND_OPEN] = "open",
    [DOMUS_NETWORK_KIND_BRIDGE] = "bridge",
    [DOMUS_NETWORK_KIND_MACVTAP] = "macvtap",
};

static DomusNetworkKind
current_kind (DomusNewNetworkDialog *self)
{
    const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->kind_combo));

    for (guint i = 0; i < G_N_ELEMENTS (kind_ids); i++) {
        if (g_strcmp0 (id, kind_ids[i]) == 0)
            return i;
    }
    return DOMUS_NETWORK_KIND_NAT;
}

static char *
text_of (GtkEntry *entry)
{
    return g_strstrip (g_strdup (gtk_entry_get_text (entry)));
}

/* "MAC ADDRESS [NAME]" per line; a line that is not three words at most is
 * kept whole as the MAC, for the check to name it. */
static void
read_hosts (DomusNewNetworkDialog *self, GPtrArray *hosts)
{
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->hosts_view);
    GtkTextIter start, end;
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    lines = g_strsplit (text, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        g_auto(GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
        g_autoptr(GPtrArray) parts = g_ptr_array_new ();
        DomusNetworkStaticHost *host;

        for (guint j = 0; words[j] != NULL; j++) {
            if (*words[j] != '\0')
                g_ptr_array_add (parts, words[j]);
        }
        if (parts->len == 0)
            continue;
        host = g_new0 (DomusNetworkStaticHost, 1);
        if (parts->len > 3) {
            host->mac = g_strdup (lines[i]);
        } else {
            host->mac = g_strdup (g_ptr_array_index (parts, 0));
            host->address = parts->len > 1 ? g_strdup (g_ptr_array_index (parts, 1)) : NULL;
            host->name = parts->len > 2 ? g_strdup (g_ptr_array_index (parts, 2)) : NULL;
        }
        g_ptr_array_add (hosts, host);
    }
}

static DomusNetworkConfig *
read_config (DomusNewNetworkDialog *self)
{
    DomusNetworkConfig *c = g_new0 (DomusNetworkConfig, 1);

    c->kind = current_kind (self);
    c->name = text_of (self->name_entry);
    c->bridge = text_of (self->bridge_entry);
    c->device = text_of (self->device_entry);
    c->domain = text_of (self->domain_entry);
    c->ipv4 = gtk_toggle_button_get_active (self->ipv4_check);
    c->ipv4_address = text_of (self->ipv4_address_entry);
    c->ipv4_prefix = (guint) gtk_spin_button_get_value_as_int (self->ipv4_prefix_spin);
    c->ipv4_dhcp = gtk_toggle_button_get_active (self->ipv4_dhcp_check);
    c->ipv4_dhcp_start = text_of (self->ipv4_start_entry);
    c->ipv4_dhcp_end = text_of (self->ipv4_end_entry);
    c->ipv6 = gtk_toggle_button_get_active (self->ipv6_check);
    c->ipv6_address = text_of (self->ipv6_address_entry);
    c->ipv6_prefix = (guint) gtk_spin_button_get_value_as_int (self->ipv6_prefix_spin);
    c->ipv6_dhcp = gtk_toggle_button_get_active (self->ipv6_dhcp_check);
    c->ipv6_dhcp_start = text_of (self->ipv6_start_entry);
    c->ipv6_dhcp_end = text_of (self->ipv6_end_entry);
    c->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_network_static_host_free);
    read_hosts (self, c->hosts);
    c->autostart = gtk_toggle_button_get_active (self->autostart_check);
    return c;
}

static GtkWidget *
field_widget (DomusNewNetworkDialog *self, DomusNetworkField field)
{
    switch (field) {
    case DOMUS_NETWORK_FIELD_NAME:
        return GTK_WIDGET (self->name_entry);
    case DOMUS_NETWORK_FIELD_BRIDGE:
        return GTK_WIDGET (self->bridge_entry);
    case DOMUS_NETWORK_FIELD_DEVICE:
        return GTK_WIDGET (self->device_entry);
    case DOMUS_NETWORK_FIELD_DOMAIN:
        return GTK_WIDGET (self->domain_entry);
    case DOMUS_NETWORK_FIELD_IPV4:
        return GTK_WIDGET (self->ipv4_address_entry);
    case DOMUS_NETWORK_FIELD_IPV4_DHCP:
        return GTK_WIDGET (self->ipv4_start_entry);
    case DOMUS_NETWORK_FIELD_IPV6:
        return GTK_WIDGET (self->ipv6_address_entry);
    case DOMUS_NETWORK_FIELD_IPV6_DHCP:
        return GTK_WIDGET (self->ipv6_start_entry);
    case DOMUS_NETWORK_FIELD_HOSTS:
        return GTK_WIDGET (self->hosts_view);
    default:
        return NULL;
    }
}

static void
mark (DomusNewNetworkDialog *self, GtkWidget *widget)
{
    if (self->marked != NULL)
        gtk_style_context_remove_class (gtk_widget_get_style_context (self->marked),
                                        GTK_STYLE_CLASS_ERROR);
    self->marked = widget;
    if (widget != NULL)
        gtk_style_context_add_class (gtk_widget_get_style_context (widget),
                                     GTK_STYLE_CLASS_ERROR);
}

/* Shows what applies to the kind, and which fields are in use. */
static void
update_visibility (DomusNewNetworkDialog *self)
{
    DomusNetworkKind kind = current_kind (self);
    gboolean subnet = domus_network_kind_has_subnet (kind);
    gboolean ipv4 = gtk_toggle_button_get_active (self->ipv4_check);
    gboolean ipv6 = gtk_toggle_button_get_active (self->ipv6_check);
    GtkContainer *grid = GTK_CONTAINER (gtk_widget_get_parent (GTK_WIDGET (self->name_entry)));
    g_autoptr(GList) children = gtk_container_get_children (grid);
    int first = 0, last = 0;

    /* The rows from the DNS domain to the fixed addresses are the subnet's. */
    gtk_container_child_get (grid, GTK_WIDGET (self->domain_entry), "top-attach", &first, NULL);
    gtk_container_child_get (grid, self->hosts_scroll, "top-attach", &last, NULL);
    for (GList *l = children; l != NULL; l = l->next) {
        int row = 0;

        gtk_container_child_get (grid, l->data, "top-attach", &row, NULL);
        if (row >= first && row <= last)
            gtk_widget_set_visible (l->data, subnet);
    }
    gtk_widget_set_visible (self->bridge_label, kind != DOMUS_NETWORK_KIND_MACVTAP);
    gtk_widget_set_visible (GTK_WIDGET (self->bridge_entry), kind != DOMUS_NETWORK_KIND_MACVTAP);
    gtk_widget_set_visible (self->device_label,
                            kind == DOMUS_NETWORK_KIND_MACVTAP ||
                            kind == DOMUS_NETWORK_KIND_NAT || kind == DOMUS_NETWORK_KIND_ROUTED);
    gtk_widget_set_visible (GTK_WIDGET (self->device_combo),
                            gtk_widget_get_visible (self->device_label));
    gtk_widget_set_sensitive (GTK_WIDGET (self->ipv4_address_entry), ipv4);
    gtk_widget_set_sensitive (GTK_WIDGET (self->ipv4_prefix_spin), ipv4);
    gtk_widget_set_sensitive (GTK_WIDGET (self->ipv4_dhcp_check), ipv4);
    gtk_widget_set_sensitive (GTK_WIDGET (self->ipv4_start_entry),
                              ipv4 && gtk_toggle_button_get_active (self->ipv4_dhcp_check));
    gtk_widget_set_sensitive (GTK_WIDGET (self->ipv4_end_entry),
                              ipv4 && gtk_toggle_button_get_active (self->ipv4_dhcp_check));
    gtk_widget_set_sensitive (GTK_WIDGET (self->ipv6_address_entry), ipv6);
    gtk_widget_set_sensitive (GTK_WIDGET (self->ipv6_prefix_spin), ipv6);
    gtk_widget_set_sensitive (GTK_WIDGET (self->ipv6_dhcp_check), ipv6);
    gtk_widget_set_sensitive (GTK_WIDGET (self->ipv6_start_entry),
                              ipv6 && gtk_toggle_button_get_active (self->ipv6_dhcp_check));
    gtk_widget_set_sensitive (GTK_WIDGET (self->ipv6_end_entry),
                              ipv6 && gtk_toggle_button_get_active (self->ipv6_dhcp_check));
}

/* Checks the fields; FALSE with the problem shown when there is one. */
static gboolean
validate (DomusNewNetworkDialog *self)
{
    g_autoptr(DomusNetworkConfig) config = read_config (self);
    g_autoptr(GError) error = NULL;
    DomusNetworkField field = DOMUS_NETWORK_FIELD_NONE;
    gboolean ok = domus_network_config_check (config, self->networks, self->interfaces, &field,
                                              &error);

    gtk_label_set_text (self->message_label, ok ? "" : error->message);
    mark (self, field_widget (self, field));
    gtk_widget_set_sensitive (self->create_button, ok && !self->creating);
    return ok;
}

static void
changed_cb (DomusNewNetworkDialog *self)
{
    update_visibility (self);
    validate (self);
}

static void
buffer_changed_cb (GtkTextBuffer *buffer, gpointer user_data)
{
    changed_cb (user_data);
}

/* A new kind brings its own bridge or interface; what was typed into the
 * name and the subnets stays. */
static void
kind_changed_cb (DomusNewNetworkDialog *self)
{
    g_autoptr(DomusNetworkConfig) defaults =
        domus_network_config_new_default (current_kind (self), self->networks, self->interfaces);

    gtk_entry_set_text (self->bridge_entry, defaults->bridge != NULL ? defaults->bridge : "");
    gtk_entry_set_text (self->device_entry, defaults->device != NULL ? defaults->device : "");
    changed_cb (self);
}

static void
fill_defaults (DomusNewNetworkDialog *self)
{
    g_autoptr(DomusNetworkConfig) d =
        domus_network_config_new_default (DOMUS_NETWORK_KIND_NAT, self->networks,
                                          self->interfaces);

    for (guint i = 0; self->interfaces != NULL && i < self->interfaces->len; i++) {
        const DomusHostInterface *iface = g_ptr_array_index (self->interfaces, i);

        gtk_combo_box_text_append (self->device_combo, iface->name, iface->name);
    }
    gtk_entry_set_text (self->name_entry, d->name);
    gtk_entry_set_text (self->ipv4_address_entry, d->ipv4_address);
    gtk_spin_button_set_value (self->ipv4_prefix_spin, d->ipv4_prefix);
    gtk_entry_set_text (self->ipv4_start_entry, d->ipv4_dhcp_start);
    gtk_entry_set_text (self->ipv4_end_entry, d->ipv4_dhcp_end);
    gtk_toggle_button_set_active (self->ipv4_check, d->ipv4);
    gtk_toggle_button_set_active (self->ipv4_dhcp_check, d->ipv4_dhcp);
    gtk_entry_set_text (self->ipv6_address_entry, d->ipv6_address);
    gtk_spin_button_set_value (self->ipv6_prefix_spin, d->ipv6_prefix);
    gtk_entry_set_text (self->ipv6_start_entry, d->ipv6_dhcp_start);
    gtk_entry_set_text (self->ipv6_end_entry, d->ipv6_dhcp_end);
    gtk_toggle_button_set_active (self->ipv6_check, d->ipv6);
    gtk_toggle_button_set_active (self->ipv6_dhcp_check, d->ipv6_dhcp);
    gtk_toggle_button_set_active (self->autostart_check, d->autostart);
    /* Sets the bridge and interface, and checks. */
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->kind_combo), "nat");
}

static void
create_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    DomusNewNetworkDialog *self;

    if (domus_network_create_finish (DOMUS_CONNECTION (source), result, &error)) {
        gtk_widget_destroy (GTK_WIDGET (user_data));
        return;
    }
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = user_data;
    self->creating = FALSE;
    gtk_label_set_text (self->message_label, error->message);
    gtk_widget_set_sensitive (self->create_button, TRUE);
}

static void
domus_new_network_dialog_response (GtkDialog *dialog, int response)
{
    DomusNewNetworkDialog *self = DOMUS_NEW_NETWORK_DIALOG (dialog);

    if (response == GTK_RESPONSE_OK) {
        g_autoptr(DomusNetworkConfig) config = NULL;
        g_autofree char *xml = NULL;

        if (self->creating || !validate (self))
            return;
        config = read_config (self);
        xml = domus_network_config_to_xml (config);
        self->creating = TRUE;
        gtk_widget_set_sensitive (self->create_button, FALSE);
        gtk_label_set_text (self->message_label, _("Creating the network…"));
        domus_network_create_async (self->conn, xml, config->autostart, self->cancellable,
                                    create_done_cb, self);
    } else if (response != GTK_RESPONSE_DELETE_EVENT) {
        gtk_widget_destroy (GTK_WIDGET (self));
    }
}

static GPtrArray *
copy_networks (GPtrArray *networks)
{
    GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_network_info_free);

    for (guint i = 0; networks != NULL && i < networks->len; i++)
        g_ptr_array_add (out, domus_network_info_copy (g_ptr_array_index (networks, i)));
    return out;
}

static GPtrArray *
copy_interfaces (GPtrArray *interfaces)
{
    GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_host_interface_free);

    for (guint i = 0; interfaces != NULL && i < interfaces->len; i++) {
        const DomusHostInterface *iface = g_ptr_array_index (interfaces, i);
        DomusHostInterface *copy = g_new0 (DomusHostInterface, 1);

        copy->name = g_strdup (iface->name);
        copy->type = g_strdup (iface->type);
        copy->mac = g_strdup (iface->mac);
        copy->active = iface->active;
        copy->addresses = g_ptr_array_new_with_free_func (g_free);
        for (guint j = 0; j < iface->addresses->len; j++)
            g_ptr_array_add (copy->addresses, g_strdup (g_ptr_array_index (iface->addresses, j)));
        g_ptr_array_add (out, copy);
    }
    return out;
}

static void
domus_new_network_dialog_dispose (GObject *object)
{
    DomusNewNetworkDialog *self = DOMUS_NEW_NETWORK_DIALOG (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->conn);
    G_OBJECT_CLASS (domus_new_network_dialog_parent_class)->dispose (object);
}

static void
domus_new_network_dialog_finalize (GObject *object)
{
    DomusNewNetworkDialog *self = DOMUS_NEW_NETWORK_DIALOG (object);

    g_clear_pointer (&self->networks, g_ptr_array_unref);
    g_clear_pointer (&self->interfaces, g_ptr_array_unref);
    g_clear_object (&self->cancellable);
    G_OBJECT_CLASS (domus_new_network_dialog_parent_class)->finalize (object);
}

static void
domus_new_network_dialog_class_init (DomusNewNetworkDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    G_OBJECT_CLASS (klass)->dispose = domus_new_network_dialog_dispose;
    G_OBJECT_CLASS (klass)->finalize = domus_new_network_dialog_finalize;
    GTK_DIALOG_CLASS (klass)->response = domus_new_network_dialog_response;

    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/domusvm/Domus/domus-new-network-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, DomusNewNetworkDialog, name)
    BIND (name_entry);
    BIND (kind_combo);
    BIND (bridge_label);
    BIND (bridge_entry);
    BIND (device_label);
    BIND (device_combo);
    BIND (device_entry);
    BIND (domain_entry);
    BIND (ipv4_check);
    BIND (ipv4_address_entry);
    BIND (ipv4_prefix_spin);
    BIND (ipv4_dhcp_check);
    BIND (ipv4_start_entry);
    BIND (ipv4_end_entry);
    BIND (ipv6_check);
    BIND (ipv6_address_entry);
    BIND (ipv6_prefix_spin);
    BIND (ipv6_dhcp_check);
    BIND (ipv6_start_entry);
    BIND (ipv6_end_entry);
    BIND (hosts_scroll);
    BIND (hosts_view);
    BIND (autostart_check);
    BIND (message_label);
    BIND (create_button);
#undef BIND
    gtk_widget_class_bind_template_callback (widget_class, changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
}

static void
domus_new_network_dialog_init (DomusNewNetworkDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
}

DomusNewNetworkDialog *
domus_new_network_dialog_new (GtkWindow *parent, DomusConnection *conn, GPtrArray *networks,
                              GPtrArray *interfaces)
{
    DomusNewNetworkDialog *self;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);

    self = g_object_new (DOMUS_TYPE_NEW_NETWORK_DIALOG, "transient-for", parent,
                         "use-header-bar", FALSE, NULL);
    self->conn = g_object_ref (conn);
    self->networks = copy_networks (networks);
    self->interfaces = copy_interfaces (interfaces);
    fill_defaults (self);
    g_signal_connect_object (gtk_text_view_get_buffer (self->hosts_view), "changed",
                             G_CALLBACK (buffer_changed_cb), self, 0);
    gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
    return self;
}
