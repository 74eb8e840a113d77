/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Details page's Add Hardware… and Remove: Add Hardware asks for a
 * kind (those the host offers the guest), a choice of bus, model or host
 * device (domus-device-choices: the host's domain capabilities and
 * libosinfo), and the device XML the choice makes, and keeps the dialog
 * with its text while the XML does not parse; Remove asks first, and for a
 * shut-off guest's disk offers to delete its volume too. Both write the
 * change into a copy of the saved definition and apply it through the page
 * (domus-details-page.c).
 */
#include "config.h"

#include "domus-details-page-private.h"

#include <glib/gi18n.h>

#include "domus-device-choices.h"
#include "domus-osinfo.h"

static const DomusHostHardware *
host_hardware (DomusDetailsPage *self)
{
    return self->snapshot != NULL ? self->snapshot->hardware : NULL;
}

/* The XML of the chosen kind and choice. */
static void
choice_changed_cb (GtkComboBox *choice, GtkWidget *dialog)
{
    DomusDetailsPage *self = g_object_get_data (G_OBJECT (dialog), "domus-page");
    GtkComboBox *kind_combo = g_object_get_data (G_OBJECT (dialog), "domus-kind");
    GtkTextBuffer *buffer = g_object_get_data (G_OBJECT (dialog), "domus-buffer");
    const char *kind_id = gtk_combo_box_get_active_id (kind_combo);
    g_autofree char *xml = NULL;

    if (kind_id == NULL)
        return;
    xml = domus_device_choice_xml ((DomusDeviceKind) g_ascii_strtoull (kind_id, NULL, 10),
                                   self->saved, host_hardware (self),
                                   gtk_combo_box_get_active_id (choice));
    gtk_text_buffer_set_text (buffer, xml, -1);
    g_object_set_data_full (G_OBJECT (dialog), "domus-generated", g_strdup (xml), g_free);
    gtk_widget_set_visible (g_object_get_data (G_OBJECT (dialog), "domus-hint"),
                            domus_device_needs_shared_memory (self->saved, xml));
}

/* The kind's choices, the recommended one chosen. */
static void
kind_changed_cb (GtkComboBox *combo, GtkWidget *dialog)
{
    DomusDetailsPage *self = g_object_get_data (G_OBJECT (dialog), "domus-page");
    GtkComboBoxText *choice = g_object_get_data (G_OBJECT (dialog), "domus-choice");
    GtkLabel *choice_label = g_object_get_data (G_OBJECT (dialog), "domus-choice-label");
    const char *kind_id = gtk_combo_box_get_active_id (combo);
    g_autoptr(DomusDeviceChoices) choices = NULL;
    g_autofree char *name = NULL;

    if (kind_id == NULL)
        return;
    choices = domus_device_choices_new ((DomusDeviceKind) g_ascii_strtoull (kind_id, NULL, 10),
                                        self->saved, host_hardware (self));
    g_signal_handlers_block_by_func (choice, choice_changed_cb, dialog);
    gtk_combo_box_text_remove_all (choice);
    for (guint i = 0; i < choices->choices->len; i++) {
        DomusDeviceChoice *c = g_ptr_array_index (choices->choices, i);

        gtk_combo_box_text_append (choice, c->value, c->label);
    }
    gtk_label_set_text_with_mnemonic (choice_label, choices->what);
    name = g_strdup (gtk_label_get_text (choice_label));
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (choice)), name);
    gtk_widget_set_visible (GTK_WIDGET (choice), choices->choices->len > 0);
    gtk_widget_set_visible (GTK_WIDGET (choice_label), choices->choices->len > 0);
    gtk_combo_box_set_active (GTK_COMBO_BOX (choice), choices->choices->len > 0 ? 0 : -1);
    g_signal_handlers_unblock_by_func (choice, choice_changed_cb, dialog);
    choice_changed_cb (GTK_COMBO_BOX (choice), dialog);
}

/* osinfo-db is loaded: libosinfo's recommendations for the guest's OS,
 * and the kind's choices again unless the XML was edited. */
static void
osinfo_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    GtkWidget *dialog = user_data;
    DomusDetailsPage *self;
    GtkTextBuffer *buffer;
    g_autofree char *os_id = NULL;
    g_autofree char *arch = NULL;
    g_autofree char *text = NULL;

    if (!domus_osinfo_load_finish (result, NULL)) {
        g_object_unref (dialog);
        return;
    }
    self = g_object_get_data (G_OBJECT (dialog), "domus-page");
    buffer = g_object_get_data (G_OBJECT (dialog), "domus-buffer");
    if (self->snapshot != NULL && self->snapshot->hardware != NULL && self->saved != NULL) {
        os_id = domus_domain_details_get_os_id (self->saved);
        arch = domus_domain_details_get_arch (self->saved);
        domus_osinfo_get_defaults (os_id, arch, &self->snapshot->hardware->os);
        text = domus_details_buffer_text (buffer);
        if (g_strcmp0 (text, g_object_get_data (G_OBJECT (dialog), "domus-generated")) == 0)
            kind_changed_cb (g_object_get_data (G_OBJECT (dialog), "domus-kind"), dialog);
    }
    g_object_unref (dialog);
}

static void
add_response_cb (GtkDialog *dialog, int response, DomusDetailsPage *self)
{
    GtkTextBuffer *buffer = g_object_get_data (G_OBJECT (dialog), "domus-buffer");
    GtkLabel *problem = g_object_get_data (G_OBJECT (dialog), "domus-problem");
    g_autoptr(DomusDomainDetails) edited = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;
    g_autofree char *new_xml = NULL;
    DomusDeviceKind kind;
    guint index;

    if (response != GTK_RESPONSE_ACCEPT || self->saved == NULL) {
        gtk_widget_destroy (GTK_WIDGET (dialog));
        return;
    }
    edited = domus_domain_details_copy (self->saved);
    text = domus_details_buffer_text (buffer);
    if (domus_device_needs_shared_memory (edited, text))
        domus_domain_details_set_shared_memory (edited, TRUE);
    if (!domus_domain_details_add_device (edited, text, &kind, &index, &error)) {
        /* The dialog stays with the text, and says what is wrong. */
        gtk_label_set_text (problem, error->message);
        gtk_widget_show (GTK_WIDGET (problem));
        return;
    }
    gtk_widget_destroy (GTK_WIDGET (dialog));
    new_xml = domus_domain_details_to_xml (edited);
    self->target = (DomusDetailsTarget) { DOMUS_DETAILS_DEVICE, kind, index };
    domus_details_page_apply_xml (self, new_xml);
}

void
domus_details_page_add_hardware (DomusDetailsPage *self)
{
    GtkWidget *dialog, *box, *combo, *label, *choice_label, *choice, *scroll, *view, *problem;
    GtkWidget *hint;
    GCancellable *cancellable;
    g_autofree char *os_id = NULL;
    GtkSourceLanguage *xml = gtk_source_language_manager_get_language (
        gtk_source_language_manager_get_default (), "xml");
    GtkTextBuffer *buffer;

    if (self->saved == NULL || self->snapshot == NULL)
        return;
    dialog = gtk_dialog_new_with_buttons (_("Add Hardware"),
                                          GTK_WINDOW (gtk_widget_get_toplevel (GTK_WIDGET (self))),
                                          GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT |
                                          GTK_DIALOG_USE_HEADER_BAR,
                                          _("_Cancel"), GTK_RESPONSE_CANCEL,
                                          _("_Add"), GTK_RESPONSE_ACCEPT, NULL);
    gtk_window_set_default_size (GTK_WINDOW (dialog), 520, 420);
    box = gtk_dialog_get_content_area (GTK_DIALOG (dialog));
    gtk_box_set_spacing (GTK_BOX (box), 6);
    gtk_container_set_border_width (GTK_CONTAINER (box), 12);
    label = gtk_label_new_with_mnemonic (_("_Kind of device"));
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    combo = gtk_combo_box_text_new ();
    /* Only the kinds the host can give this guest. */
    for (guint k = 0; k < DOMUS_N_DEVICE_KINDS; k++) {
        g_autofree char *id = g_strdup_printf ("%u", k);

        if (domus_device_kind_offered (k, host_hardware (self)))
            gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), id,
                                       domus_device_kind_label (k));
    }
    gtk_label_set_mnemonic_widget (GTK_LABEL (label), combo);
    atk_object_set_name (gtk_widget_get_accessible (combo), _("Kind of device"));
    choice_label = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (choice_label), 0);
    choice = gtk_combo_box_text_new ();
    gtk_label_set_mnemonic_widget (GTK_LABEL (choice_label), choice);
    view = gtk_source_view_new ();
    buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
    gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer), xml);
    gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
    gtk_source_view_set_show_line_numbers (GTK_SOURCE_VIEW (view), TRUE);
    atk_object_set_name (gtk_widget_get_accessible (view), _("Device XML"));
    scroll = gtk_scrolled_window_new (NULL, NULL);
    gtk_scrolled_window_set_shadow_type (GTK_SCROLLED_WINDOW (scroll), GTK_SHADOW_IN);
    gtk_widget_set_vexpand (scroll, TRUE);
    gtk_container_add (GTK_CONTAINER (scroll), view);
    problem = gtk_label_new (NULL);
    gtk_label_set_line_wrap (GTK_LABEL (problem), TRUE);
    gtk_label_set_xalign (GTK_LABEL (problem), 0);
    gtk_style_context_add_class (gtk_widget_get_style_context (problem), "error");
    gtk_box_pack_start (GTK_BOX (box), label, FALSE, FALSE, 0);
    gtk_box_pack_start (GTK_BOX (box), combo, FALSE, FALSE, 0);
    gtk_box_pack_start (GTK_BOX (box), choice_label, FALSE, FALSE, 0);
    gtk_box_pack_start (GTK_BOX (box), choice, FALSE, FALSE, 0);
    hint = gtk_label_new (_("virtiofs needs the guest's memory shared: Add turns shared "
                            "memory on too."));
    gtk_label_set_line_wrap (GTK_LABEL (hint), TRUE);
    gtk_label_set_xalign (GTK_LABEL (hint), 0);
    gtk_box_pack_start (GTK_BOX (box), scroll, TRUE, TRUE, 0);
    gtk_box_pack_start (GTK_BOX (box), hint, FALSE, FALSE, 0);
    gtk_box_pack_start (GTK_BOX (box), problem, FALSE, FALSE, 0);
    g_object_set_data (G_OBJECT (dialog), "domus-page", self);
    g_object_set_data (G_OBJECT (dialog), "domus-kind", combo);
    g_object_set_data (G_OBJECT (dialog), "domus-choice", choice);
    g_object_set_data (G_OBJECT (dialog), "domus-choice-label", choice_label);
    g_object_set_data (G_OBJECT (dialog), "domus-buffer", buffer);
    g_object_set_data (G_OBJECT (dialog), "domus-hint", hint);
    g_signal_connect (combo, "changed", G_CALLBACK (kind_changed_cb), dialog);
    g_signal_connect (choice, "changed", G_CALLBACK (choice_changed_cb), dialog);
    gtk_widget_show_all (box);
    gtk_widget_hide (problem);
    gtk_widget_hide (hint);
    gtk_combo_box_set_active (GTK_COMBO_BOX (combo), 0);

    g_object_set_data (G_OBJECT (dialog), "domus-problem", problem);
    g_signal_connect_object (dialog, "response", G_CALLBACK (add_response_cb), self, 0);
    gtk_widget_show (dialog);
    /* A guest that names no OS has the generic defaults already. */
    os_id = domus_domain_details_get_os_id (self->saved);
    if (os_id == NULL)
        return;
    /* Cancelled with the dialog. */
    cancellable = g_cancellable_new ();
    g_signal_connect_object (dialog, "destroy", G_CALLBACK (g_cancellable_cancel), cancellable,
                             G_CONNECT_SWAPPED);
    g_object_set_data_full (G_OBJECT (dialog), "domus-cancellable", cancellable,
                            g_object_unref);
    domus_osinfo_load_async (cancellable, osinfo_loaded_cb, g_object_ref (dialog));
}

static void
remove_response_cb (GtkDialog *dialog, int response, DomusDetailsPage *self)
{
    g_autoptr(DomusDomainDetails) edited = NULL;
    g_autofree char *new_xml = NULL;

    GtkToggleButton *delete = g_object_get_data (G_OBJECT (dialog), "domus-delete");

    if (response == GTK_RESPONSE_ACCEPT && delete != NULL &&
        gtk_toggle_button_get_active (delete))
        self->pending_delete = g_strdup (g_object_get_data (G_OBJECT (dialog), "domus-path"));
    gtk_widget_destroy (GTK_WIDGET (dialog));
    if (response != GTK_RESPONSE_ACCEPT || self->saved == NULL ||
        self->target.page != DOMUS_DETAILS_DEVICE) {
        g_clear_pointer (&self->pending_delete, g_free);
        return;
    }
    edited = domus_domain_details_copy (self->saved);
    domus_domain_details_remove_device (edited, self->target.device, self->target.index);
    new_xml = domus_domain_details_to_xml (edited);
    self->target = (DomusDetailsTarget) { DOMUS_DETAILS_OVERVIEW, 0, 0 };
    domus_details_page_apply_xml (self, new_xml);
}

void
domus_details_page_remove_hardware (DomusDetailsPage *self)
{
    g_autofree char *title = NULL;
    GtkWidget *dialog;

    if (self->saved == NULL || self->target.page != DOMUS_DETAILS_DEVICE)
        return;
    title = domus_details_page_target_title (self, &self->target);
    dialog = gtk_message_dialog_new (GTK_WINDOW (gtk_widget_get_toplevel (GTK_WIDGET (self))),
                                     GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                     _("Remove “%s” from “%s”?"), title,
                                     domus_domain_get_name (self->domain));
    gtk_message_dialog_format_secondary_text (
        GTK_MESSAGE_DIALOG (dialog),
        self->target.device == DOMUS_DEVICE_DISK
        ? _("The guest loses this device and its settings. The disk's file or volume stays on "
            "the host. A running guest is asked to let go of it; if it cannot, the device "
            "goes when the guest shuts down.")
        : _("The guest loses this device and its settings. A running guest is asked to let go "
            "of it; if it cannot, the device goes when the guest shuts down."));
    gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                            _("_Remove"), GTK_RESPONSE_ACCEPT, NULL);
    gtk_style_context_add_class (gtk_widget_get_style_context (
        gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT)),
        "destructive-action");
    if (self->target.device == DOMUS_DEVICE_DISK && self->snapshot != NULL &&
        !self->snapshot->active) {
        g_autofree char *device = domus_domain_details_get_device_value (
            self->saved, DOMUS_DEVICE_DISK, self->target.index, "@device");
        g_autofree char *path = domus_domain_details_get_disk_source (self->saved,
                                                                      self->target.index);

        /* Only a shut-off guest's disk: a running one may hold it still. */
        if (path != NULL && g_str_has_prefix (path, "/") && g_strcmp0 (device, "cdrom") != 0) {
            g_autofree char *text = g_strdup_printf (_("Also _delete the volume “%s”: its data "
                                                       "is lost"), path);
            GtkWidget *check = gtk_check_button_new_with_mnemonic (text);

            gtk_container_add (GTK_CONTAINER (gtk_message_dialog_get_message_area (
                                   GTK_MESSAGE_DIALOG (dialog))), check);
            gtk_widget_show (check);
            g_object_set_data (G_OBJECT (dialog), "domus-delete", check);
            g_object_set_data_full (G_OBJECT (dialog), "domus-path", g_steal_pointer (&path),
                                    g_free);
        }
    }
    g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
    gtk_widget_show (dialog);
}
