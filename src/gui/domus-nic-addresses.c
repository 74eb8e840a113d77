/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusNicAddresses (see the header). It holds the host's shared
 * DomusGuestAddresses while shown and follows its "changed" signal; the
 * Refresh button and the page opening each ask it to read again (a read
 * under way is followed by one more, not by a second in parallel). Built
 * in C as a field of the Details forms.
 */
#include "config.h"

#include "domus-nic-addresses.h"

#include <glib/gi18n.h>

#include "domus-guest-addresses.h"

struct _DomusNicAddresses {
    GtkBox parent_instance;

    DomusGuestAddresses *addresses;
    char *mac;
    gboolean asked;             /* a read asked for has not come back yet */

    GtkLabel *label;
    GtkWidget *refresh;
};

G_DEFINE_FINAL_TYPE (DomusNicAddresses, domus_nic_addresses, GTK_TYPE_BOX)

const char *
domus_nic_addresses_get_text (DomusNicAddresses *self)
{
    g_return_val_if_fail (DOMUS_IS_NIC_ADDRESSES (self), NULL);
    return gtk_label_get_text (self->label);
}

static void
update (DomusNicAddresses *self)
{
    const char *known = NULL;

    if (self->addresses != NULL && self->mac != NULL)
        known = domus_guest_addresses_lookup_mac (self->addresses, self->mac);
    if (known != NULL)
        gtk_label_set_text (self->label, known);
    else if (self->asked)
        gtk_label_set_text (self->label, _("Reading…"));
    else
        gtk_label_set_text (self->label, _("None known: the guest is not running, has no lease "
                                           "from a network of this host, or no guest agent "
                                           "answers."));
}

static void
addresses_changed_cb (DomusNicAddresses *self)
{
    self->asked = FALSE;
    update (self);
}

static void
refresh_clicked_cb (DomusNicAddresses *self)
{
    if (self->addresses == NULL)
        return;
    self->asked = TRUE;
    update (self);
    domus_guest_addresses_refresh (self->addresses);
    /* A host not connected reads nothing: say what is known. */
    if (!domus_guest_addresses_is_reading (self->addresses)) {
        self->asked = FALSE;
        update (self);
    }
}

GtkWidget *
domus_nic_addresses_new (DomusConnection *conn, const char *mac)
{
    DomusNicAddresses *self = g_object_new (DOMUS_TYPE_NIC_ADDRESSES, NULL);

    g_return_val_if_fail (conn == NULL || DOMUS_IS_CONNECTION (conn), NULL);

    self->mac = g_strdup (mac);
    if (conn != NULL && mac != NULL) {
        self->addresses = domus_guest_addresses_get (conn);
        g_signal_connect_object (self->addresses, "changed", G_CALLBACK (addresses_changed_cb),
                                 self, G_CONNECT_SWAPPED);
        refresh_clicked_cb (self);
    }
    gtk_widget_set_sensitive (self->refresh, self->addresses != NULL);
    update (self);
    return GTK_WIDGET (self);
}

static void
domus_nic_addresses_dispose (GObject *object)
{
    DomusNicAddresses *self = DOMUS_NIC_ADDRESSES (object);

    g_clear_object (&self->addresses);
    G_OBJECT_CLASS (domus_nic_addresses_parent_class)->dispose (object);
}

static void
domus_nic_addresses_finalize (GObject *object)
{
    g_free (DOMUS_NIC_ADDRESSES (object)->mac);
    G_OBJECT_CLASS (domus_nic_addresses_parent_class)->finalize (object);
}

static void
domus_nic_addresses_class_init (DomusNicAddressesClass *klass)
{
    G_OBJECT_CLASS (klass)->dispose = domus_nic_addresses_dispose;
    G_OBJECT_CLASS (klass)->finalize = domus_nic_addresses_finalize;
}

static void
domus_nic_addresses_init (DomusNicAddresses *self)
{
    gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_HORIZONTAL);
    gtk_box_set_spacing (GTK_BOX (self), 6);
    self->label = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_xalign (self->label, 0);
    gtk_label_set_selectable (self->label, TRUE);
    gtk_label_set_line_wrap (self->label, TRUE);
    self->refresh = gtk_button_new_with_mnemonic (_("R_efresh"));
    gtk_widget_set_tooltip_text (self->refresh, _("Read the addresses again"));
    g_signal_connect_object (self->refresh, "clicked", G_CALLBACK (refresh_clicked_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_box_pack_start (GTK_BOX (self), GTK_WIDGET (self->label), TRUE, TRUE, 0);
    gtk_box_pack_start (GTK_BOX (self), self->refresh, FALSE, FALSE, 0);
}
