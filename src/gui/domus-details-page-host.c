/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the host offers, on the Details page's forms: the CPU page lists
 * the CPU modes the host supports and the named models of its domain
 * capabilities (those it can run first, the others marked), and picking a
 * model picks the custom mode; a host device is named as the host knows it
 * (its node device's vendor and product). The host's side was read with
 * the guest's definition (DomusDetailsSnapshot.hardware).
 */
#include "config.h"

#include "domus-details-page-private.h"

#include <glib/gi18n.h>

#define MODEL_USABLE "usable"
#define MODEL_UNUSABLE "unusable"

static const DomusHostHardware *
hardware (DomusDetailsPage *self)
{
    return self->snapshot != NULL ? self->snapshot->hardware : NULL;
}

static const DomusHostDevice *
find_hostdev (DomusDetailsPage *self, guint index)
{
    g_autofree char *type = domus_domain_details_get_device_value (
        self->saved, DOMUS_DEVICE_HOSTDEV, index, "@type");
    g_autofree char *vendor = domus_domain_details_get_device_value (
        self->saved, DOMUS_DEVICE_HOSTDEV, index, "source/vendor/@id");
    g_autofree char *product = domus_domain_details_get_device_value (
        self->saved, DOMUS_DEVICE_HOSTDEV, index, "source/product/@id");
    g_autofree char *bus = domus_domain_details_get_device_value (
        self->saved, DOMUS_DEVICE_HOSTDEV, index, "source/address/@bus");
    g_autofree char *slot = domus_domain_details_get_device_value (
        self->saved, DOMUS_DEVICE_HOSTDEV, index, "source/address/@slot");
    g_autofree char *function = domus_domain_details_get_device_value (
        self->saved, DOMUS_DEVICE_HOSTDEV, index, "source/address/@function");

    return domus_host_hardware_find_device (hardware (self), type, vendor, product, bus, slot,
                                            function);
}

char *
domus_details_page_hostdev_title (DomusDetailsPage *self, guint index)
{
    const DomusHostDevice *device = find_hostdev (self, index);

    if (device != NULL && device->product != NULL)
        return g_strdup (device->product);
    return domus_domain_details_get_device_label (self->saved, DOMUS_DEVICE_HOSTDEV, index);
}

/* "not usable on this host" beside the models the host cannot run. */
static void
model_cell_data (GtkCellLayout *layout, GtkCellRenderer *cell, GtkTreeModel *model,
                 GtkTreeIter *iter, gpointer user_data)
{
    g_autofree char *id = NULL;

    gtk_tree_model_get (model, iter, 1, &id, -1);
    g_object_set (cell, "text", g_strcmp0 (id, MODEL_UNUSABLE) == 0
                                ? _("not usable on this host") : "", NULL);
}

static void
model_changed_cb (GtkComboBox *models, GtkComboBox *modes)
{
    /* A model from the list is the custom mode's. */
    if (gtk_combo_box_get_active (models) >= 0)
        gtk_entry_set_text (GTK_ENTRY (gtk_bin_get_child (GTK_BIN (modes))), "custom");
}

static void
add_cpu_choices (DomusDetailsPage *self)
{
    const DomusHostHardware *hw = hardware (self);
    GtkWidget *modes = domus_details_form_widget (self->form, "cpu-mode");
    GtkWidget *models = domus_details_form_widget (self->form, "cpu-model");
    GtkCellRenderer *cell;
    GPtrArray *list;
    const char *host_model;

    if (modes == NULL || models == NULL)
        return;
    if (hw == NULL || hw->caps == NULL) {
        gtk_widget_set_tooltip_text (models, _("The host does not list its CPU models: type "
                                               "the name."));
        return;
    }
    /* Only the modes the host supports (the entry keeps the guest's). */
    gtk_combo_box_text_remove_all (GTK_COMBO_BOX_TEXT (modes));
    gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (modes), "default");
    if (domus_domain_caps_cpu_mode (hw->caps, "host-passthrough"))
        gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (modes), "host-passthrough");
    if (domus_domain_caps_cpu_mode (hw->caps, "host-model"))
        gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (modes), "host-model");
    if (domus_domain_caps_cpu_mode (hw->caps, "custom"))
        gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (modes), "custom");
    host_model = domus_domain_caps_get_host_model (hw->caps);
    if (host_model != NULL) {
        /* TRANSLATORS: %s is a CPU model name such as "EPYC" */
        g_autofree char *tip = g_strdup_printf (_("On this host, host-model is %s."),
                                                host_model);

        gtk_widget_set_tooltip_text (modes, tip);
    }

    list = domus_domain_caps_get_cpu_models (hw->caps);
    for (guint i = 0; i < list->len; i++) {
        const DomusCpuModel *m = g_ptr_array_index (list, i);

        gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (models),
                                   m->usable ? MODEL_USABLE : MODEL_UNUSABLE, m->name);
    }
    cell = gtk_cell_renderer_text_new ();
    g_object_set (cell, "style", PANGO_STYLE_ITALIC, "xpad", 12, NULL);
    gtk_cell_layout_pack_end (GTK_CELL_LAYOUT (models), cell, FALSE);
    gtk_cell_layout_set_cell_data_func (GTK_CELL_LAYOUT (models), cell, model_cell_data,
                                        NULL, NULL);
    gtk_combo_box_set_wrap_width (GTK_COMBO_BOX (models), list->len > 24 ? 2 : 0);
    g_signal_connect (models, "changed", G_CALLBACK (model_changed_cb), modes);
}

static void
add_hostdev_name (DomusDetailsPage *self)
{
    const DomusHostDevice *device = find_hostdev (self, self->target.index);
    g_autofree char *text = NULL;
    GtkWidget *label, *value;

    text = device != NULL ? domus_host_device_describe (device)
                          : g_strdup (_("Not among the host's devices"));
    label = gtk_label_new (_("Host device"));
    gtk_label_set_xalign (GTK_LABEL (label), 1);
    value = gtk_label_new (text);
    gtk_label_set_xalign (GTK_LABEL (value), 0);
    gtk_label_set_selectable (GTK_LABEL (value), TRUE);
    gtk_label_set_line_wrap (GTK_LABEL (value), TRUE);
    atk_object_set_name (gtk_widget_get_accessible (value), _("Host device"));
    gtk_grid_insert_row (self->form, 0);
    gtk_grid_attach (self->form, label, 0, 0, 1, 1);
    gtk_grid_attach (self->form, value, 1, 0, 1, 1);
    gtk_widget_show (label);
    gtk_widget_show (value);
}

void
domus_details_page_add_host_choices (DomusDetailsPage *self)
{
    if (self->form == NULL || self->saved == NULL)
        return;
    if (self->target.page == DOMUS_DETAILS_CPUS)
        add_cpu_choices (self);
    else if (self->target.page == DOMUS_DETAILS_DEVICE &&
             self->target.device == DOMUS_DEVICE_HOSTDEV)
        add_hostdev_name (self);
}
