/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusBootOrderList (see the header). One row per bootable device, made
 * from the definition when the Boot page is shown, which is why the rows
 * are built in C: a drag handle, and a check box named after the device
 * and what it holds ("Disk vda — /var/lib/…/db.qcow2"). A row moves by the
 * buttons, by Alt+Up / Alt+Down, or by dragging its handle onto another
 * row (a drag within the list only). Reads no libvirt; emits "changed".
 */
#include "config.h"

#include "domus-boot-order-list.h"

#include <string.h>

#include <glib/gi18n.h>

#include "domus-domain-details-boot.h"

struct _DomusBootOrderList {
    GtkBox parent_instance;

    GtkListBox *list;
    GtkWidget *up_button;
    GtkWidget *down_button;
};

G_DEFINE_FINAL_TYPE (DomusBootOrderList, domus_boot_order_list, GTK_TYPE_BOX)

enum {
    SIGNAL_CHANGED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

#define ROW_TARGET "DOMUS_BOOT_ORDER_ROW"

static const GtkTargetEntry row_targets[] = {
    { (char *) ROW_TARGET, GTK_TARGET_SAME_APP, 0 },
};

static void
update_buttons (DomusBootOrderList *self)
{
    GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
    g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->list));
    int index = row != NULL ? gtk_list_box_row_get_index (row) : -1;

    gtk_widget_set_sensitive (self->up_button, index > 0);
    gtk_widget_set_sensitive (self->down_button,
                              index >= 0 && index + 1 < (int) g_list_length (rows));
}

/* Puts ROW at position INDEX, keeping it selected and focused. */
static void
move_row (DomusBootOrderList *self, GtkListBoxRow *row, int index)
{
    gboolean focused = gtk_widget_is_focus (GTK_WIDGET (row));

    if (index == gtk_list_box_row_get_index (row))
        return;
    g_object_ref (row);
    /* A removed row stays flagged as selected and could not be selected
     * again: clear the selection first (browse mode cannot unselect). */
    gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
    gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_BROWSE);
    gtk_container_remove (GTK_CONTAINER (self->list), GTK_WIDGET (row));
    gtk_list_box_insert (self->list, GTK_WIDGET (row), index);
    gtk_list_box_select_row (self->list, row);
    if (focused)
        gtk_widget_grab_focus (GTK_WIDGET (row));
    g_object_unref (row);
    update_buttons (self);
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

gboolean
domus_boot_order_list_move (DomusBootOrderList *self, int delta)
{
    GtkListBoxRow *row;
    g_autoptr(GList) rows = NULL;
    int index;

    g_return_val_if_fail (DOMUS_IS_BOOT_ORDER_LIST (self), FALSE);

    row = gtk_list_box_get_selected_row (self->list);
    if (row == NULL)
        return FALSE;
    rows = gtk_container_get_children (GTK_CONTAINER (self->list));
    index = gtk_list_box_row_get_index (row) + delta;
    if (index < 0 || index >= (int) g_list_length (rows))
        return FALSE;
    move_row (self, row, index);
    return TRUE;
}

static void
up_clicked_cb (DomusBootOrderList *self)
{
    domus_boot_order_list_move (self, -1);
}

static void
down_clicked_cb (DomusBootOrderList *self)
{
    domus_boot_order_list_move (self, 1);
}

static gboolean
list_key_press_cb (DomusBootOrderList *self, GdkEventKey *event)
{
    GdkModifierType mods = event->state & gtk_accelerator_get_default_mod_mask ();

    if (mods != GDK_MOD1_MASK)
        return GDK_EVENT_PROPAGATE;
    if (event->keyval == GDK_KEY_Up || event->keyval == GDK_KEY_KP_Up) {
        domus_boot_order_list_move (self, -1);
        return GDK_EVENT_STOP;
    }
    if (event->keyval == GDK_KEY_Down || event->keyval == GDK_KEY_KP_Down) {
        domus_boot_order_list_move (self, 1);
        return GDK_EVENT_STOP;
    }
    return GDK_EVENT_PROPAGATE;
}

/* ---- dragging a row ------------------------------------------------------- */

static void
handle_drag_data_get_cb (GtkWidget *handle, GdkDragContext *context, GtkSelectionData *data,
                         guint info, guint time)
{
    GtkWidget *row = gtk_widget_get_ancestor (handle, GTK_TYPE_LIST_BOX_ROW);

    gtk_selection_data_set (data, gdk_atom_intern_static_string (ROW_TARGET), 8,
                            (const guchar *) &row, sizeof row);
}

static void
handle_drag_begin_cb (GtkWidget *handle, GdkDragContext *context)
{
    GtkWidget *row = gtk_widget_get_ancestor (handle, GTK_TYPE_LIST_BOX_ROW);

    /* The row being dragged is the one selected, as the buttons move it. */
    gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
    gtk_drag_set_icon_name (context, "list-drag-handle-symbolic", 0, 0);
}

static void
row_drag_data_received_cb (GtkWidget *target, GdkDragContext *context, int x, int y,
                           GtkSelectionData *data, guint info, guint time,
                           DomusBootOrderList *self)
{
    const guchar *bytes = gtk_selection_data_get_data (data);
    GtkWidget *source;

    if (gtk_selection_data_get_length (data) != sizeof source || bytes == NULL) {
        gtk_drag_finish (context, FALSE, FALSE, time);
        return;
    }
    memcpy (&source, bytes, sizeof source);
    /* Only a row of this list. */
    if (source == target || !GTK_IS_LIST_BOX_ROW (source) ||
        gtk_widget_get_parent (source) != GTK_WIDGET (self->list)) {
        gtk_drag_finish (context, FALSE, FALSE, time);
        return;
    }
    move_row (self, GTK_LIST_BOX_ROW (source),
              gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (target)));
    gtk_drag_finish (context, TRUE, FALSE, time);
}

/* ---- rows ------------------------------------------------------------------ */

/* What the device holds or connects to, for its row. */
static char *
device_detail (DomusDomainDetails *details, const DomusBootDevice *d)
{
    static const char *const nic_paths[] = { "source/@network", "source/@bridge",
                                             "source/@dev", NULL };
    static const char *const hostdev_paths[] = { "source/product/@id",
                                                 "source/address/@bus", NULL };

    if (d->kind == DOMUS_DEVICE_DISK)
        return domus_domain_details_get_disk_source (details, d->index);
    for (guint i = 0; d->kind == DOMUS_DEVICE_INTERFACE && nic_paths[i] != NULL; i++) {
        char *v = domus_domain_details_get_device_value (details, d->kind, d->index,
                                                         nic_paths[i]);

        if (v != NULL)
            return v;
    }
    for (guint i = 0; d->kind == DOMUS_DEVICE_HOSTDEV && hostdev_paths[i] != NULL; i++) {
        char *v = domus_domain_details_get_device_value (details, d->kind, d->index,
                                                         hostdev_paths[i]);

        if (v != NULL)
            return v;
    }
    return NULL;
}

static void
check_toggled_cb (DomusBootOrderList *self)
{
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static GtkWidget *
make_row (DomusBootOrderList *self, DomusDomainDetails *details, const DomusBootDevice *d)
{
    GtkWidget *row = gtk_list_box_row_new ();
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *handle = gtk_event_box_new ();
    GtkWidget *check;
    g_autofree char *label = domus_domain_details_get_device_label (details, d->kind, d->index);
    g_autofree char *detail = device_detail (details, d);
    g_autofree char *text = detail != NULL ? g_strdup_printf (_("%s — %s"), label, detail)
                                           : g_strdup (label);

    gtk_container_add (GTK_CONTAINER (handle),
                       gtk_image_new_from_icon_name ("list-drag-handle-symbolic",
                                                     GTK_ICON_SIZE_MENU));
    gtk_widget_set_tooltip_text (handle, _("Drag to change the boot order"));
    gtk_drag_source_set (handle, GDK_BUTTON1_MASK, row_targets, G_N_ELEMENTS (row_targets),
                         GDK_ACTION_MOVE);
    g_signal_connect (handle, "drag-begin", G_CALLBACK (handle_drag_begin_cb), NULL);
    g_signal_connect (handle, "drag-data-get", G_CALLBACK (handle_drag_data_get_cb), NULL);
    gtk_drag_dest_set (row, GTK_DEST_DEFAULT_ALL, row_targets, G_N_ELEMENTS (row_targets),
                       GDK_ACTION_MOVE);
    g_signal_connect_object (row, "drag-data-received", G_CALLBACK (row_drag_data_received_cb),
                             self, 0);

    check = gtk_check_button_new_with_label (text);
    gtk_widget_set_tooltip_text (check, _("Boot from this device"));
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), d->order != 0);
    g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_box_pack_start (GTK_BOX (box), handle, FALSE, FALSE, 0);
    gtk_box_pack_start (GTK_BOX (box), check, TRUE, TRUE, 0);
    gtk_widget_set_margin_start (box, 6);
    gtk_widget_set_margin_end (box, 6);
    gtk_widget_set_margin_top (box, 3);
    gtk_widget_set_margin_bottom (box, 3);
    gtk_container_add (GTK_CONTAINER (row), box);
    atk_object_set_name (gtk_widget_get_accessible (row), text);
    atk_object_set_name (gtk_widget_get_accessible (check), text);
    g_object_set_data_full (G_OBJECT (row), "domus-boot-device", g_memdup2 (d, sizeof *d),
                            g_free);
    g_object_set_data (G_OBJECT (row), "domus-boot-check", check);
    return row;
}

char *
domus_boot_order_list_get_value (DomusBootOrderList *self)
{
    g_autoptr(GList) rows = NULL;
    g_autoptr(GArray) devices = g_array_new (FALSE, FALSE, sizeof (DomusBootDevice));

    g_return_val_if_fail (DOMUS_IS_BOOT_ORDER_LIST (self), NULL);

    rows = gtk_container_get_children (GTK_CONTAINER (self->list));
    for (GList *l = rows; l != NULL; l = l->next) {
        DomusBootDevice d = *(DomusBootDevice *) g_object_get_data (l->data, "domus-boot-device");
        GtkToggleButton *check = g_object_get_data (l->data, "domus-boot-check");

        d.order = gtk_toggle_button_get_active (check) ? devices->len + 1 : 0;
        g_array_append_val (devices, d);
    }
    return domus_boot_devices_to_string ((DomusBootDevice *) (gpointer) devices->data,
                                         devices->len);
}

GtkWidget *
domus_boot_order_list_get_list (DomusBootOrderList *self)
{
    g_return_val_if_fail (DOMUS_IS_BOOT_ORDER_LIST (self), NULL);
    return GTK_WIDGET (self->list);
}

GtkWidget *
domus_boot_order_list_new (DomusDomainDetails *details)
{
    DomusBootOrderList *self;
    g_autoptr(GArray) devices = NULL;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (details), NULL);

    self = g_object_new (DOMUS_TYPE_BOOT_ORDER_LIST, NULL);
    devices = domus_domain_details_get_boot_devices (details);
    for (guint i = 0; i < devices->len; i++)
        gtk_container_add (GTK_CONTAINER (self->list),
                           make_row (self, details, &g_array_index (devices, DomusBootDevice, i)));
    if (devices->len == 0) {
        GtkWidget *none = gtk_label_new (_("This guest has no device to boot from."));

        gtk_widget_set_margin_top (none, 6);
        gtk_widget_set_margin_bottom (none, 6);
        gtk_list_box_set_placeholder (self->list, none);
        gtk_widget_show (none);
    }
    update_buttons (self);
    return GTK_WIDGET (self);
}

static void
domus_boot_order_list_class_init (DomusBootOrderListClass *klass)
{
    signals[SIGNAL_CHANGED] =
        g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
}

static void
domus_boot_order_list_init (DomusBootOrderList *self)
{
    GtkWidget *frame = gtk_frame_new (NULL);
    GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

    gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_HORIZONTAL);
    gtk_box_set_spacing (GTK_BOX (self), 6);
    self->list = GTK_LIST_BOX (gtk_list_box_new ());
    gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_BROWSE);
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->list)),
                         _("Boot order"));
    g_signal_connect_object (self->list, "row-selected", G_CALLBACK (update_buttons), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (self->list, "key-press-event", G_CALLBACK (list_key_press_cb),
                             self, G_CONNECT_SWAPPED);
    gtk_container_add (GTK_CONTAINER (frame), GTK_WIDGET (self->list));
    gtk_box_pack_start (GTK_BOX (self), frame, TRUE, TRUE, 0);

    self->up_button = gtk_button_new_with_mnemonic (_("Move _Up"));
    gtk_widget_set_tooltip_text (self->up_button, _("Boot from this device earlier (Alt+Up)"));
    g_signal_connect_object (self->up_button, "clicked", G_CALLBACK (up_clicked_cb), self,
                             G_CONNECT_SWAPPED);
    self->down_button = gtk_button_new_with_mnemonic (_("Move _Down"));
    gtk_widget_set_tooltip_text (self->down_button, _("Boot from this device later (Alt+Down)"));
    g_signal_connect_object (self->down_button, "clicked", G_CALLBACK (down_clicked_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_box_pack_start (GTK_BOX (buttons), self->up_button, FALSE, FALSE, 0);
    gtk_box_pack_start (GTK_BOX (buttons), self->down_button, FALSE, FALSE, 0);
    gtk_box_pack_start (GTK_BOX (self), buttons, FALSE, FALSE, 0);
}
