/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Details page. It reads the guest's definition on the host's worker
 * when first shown and whenever the guest's state changes (unless the user
 * has changes not applied), lists the hardware in the sidebar, and shows
 * the selected entry as a form (domus-details-page-fields.c) and as XML
 * (GtkSourceView: the device's own element, or the whole guest for the
 * general pages). Only one of the two can hold unapplied changes: the XML
 * is read-only while the form has some, and the form is insensitive while
 * the XML has. Apply writes the change into a copy of the definition and
 * hands the old and new documents to core, which decides what applies now
 * and what after a shutdown. A refusal keeps what the user typed. Add
 * Hardware… and Remove are in domus-details-page-hardware.c.
 */
#include "config.h"

#include "domus-details-page.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "domus-details-page-private.h"
#include "domus-domain-actions.h"
#include "domus-domain-details-apply.h"

G_DEFINE_FINAL_TYPE (DomusDetailsPage, domus_details_page, GTK_TYPE_BOX)

enum {
    PROP_0,
    PROP_CONNECTION,
    PROP_DOMAIN,
    PROP_BUSY,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load (DomusDetailsPage *self);
static void show_target (DomusDetailsPage *self);

gboolean
domus_details_page_get_dirty (DomusDetailsPage *self)
{
    g_return_val_if_fail (DOMUS_IS_DETAILS_PAGE (self), FALSE);
    return self->form_dirty || self->xml_dirty;
}

gboolean
domus_details_page_get_busy (DomusDetailsPage *self)
{
    g_return_val_if_fail (DOMUS_IS_DETAILS_PAGE (self), FALSE);
    return self->busy;
}

static void
set_busy (DomusDetailsPage *self, gboolean busy)
{
    if (self->busy == busy)
        return;
    self->busy = busy;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_error (DomusDetailsPage *self, const char *message)
{
    gtk_label_set_text (self->error_label, message);
    gtk_widget_show (GTK_WIDGET (self->error_bar));
}

static void
error_bar_response_cb (DomusDetailsPage *self, int response)
{
    gtk_widget_hide (GTK_WIDGET (self->error_bar));
}

static gboolean
gone (DomusDetailsPage *self, const GError *error)
{
    return self->domain == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ---- what is shown and enabled ----------------------------------------------- */

static void
update_controls (DomusDetailsPage *self)
{
    g_autofree char *problem = NULL;
    gboolean dirty = self->form_dirty || self->xml_dirty;

    if (self->form != NULL && self->form_dirty && self->snapshot != NULL) {
        DomusDetailsHost host = { self->snapshot->host_cpus, self->snapshot->host_memory_kib };

        problem = domus_details_form_check (self->form, &self->target, &host);
    }
    gtk_label_set_text (self->check_label, problem != NULL ? problem : "");
    gtk_widget_set_visible (GTK_WIDGET (self->check_label), problem != NULL);
    gtk_widget_set_sensitive (self->apply_button, dirty && problem == NULL && !self->busy);
    gtk_widget_set_sensitive (self->revert_button, dirty && !self->busy);
    gtk_text_view_set_editable (GTK_TEXT_VIEW (self->xml_view), !self->form_dirty);
    gtk_widget_set_visible (self->xml_hint, self->form_dirty);
    if (self->form != NULL)
        gtk_widget_set_sensitive (GTK_WIDGET (self->form), !self->xml_dirty);
    gtk_widget_set_sensitive (self->add_button, self->loaded && !dirty && !self->busy);
    gtk_widget_set_sensitive (self->remove_button,
                              self->loaded && !dirty && !self->busy &&
                              self->target.page == DOMUS_DETAILS_DEVICE);
}

static void
form_changed_cb (DomusDetailsPage *self)
{
    if (self->saved == NULL || self->form == NULL)
        return;
    self->form_dirty = domus_details_form_changed (self->form) ||
                       (self->autostart != NULL &&
                        gtk_toggle_button_get_active (self->autostart) !=
                        self->snapshot->autostart);
    update_controls (self);
}

char *
domus_details_buffer_text (GtkTextBuffer *buffer)
{
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
xml_changed_cb (DomusDetailsPage *self, GtkTextBuffer *buffer)
{
    g_autofree char *text = domus_details_buffer_text (buffer);

    self->xml_dirty = self->xml_original != NULL && g_strcmp0 (text, self->xml_original) != 0;
    update_controls (self);
}

char *
domus_details_page_target_title (DomusDetailsPage *self, const DomusDetailsTarget *target)
{
    switch (target->page) {
    case DOMUS_DETAILS_OVERVIEW:
        return g_strdup (_("Overview"));
    case DOMUS_DETAILS_CPUS:
        return g_strdup (_("CPUs"));
    case DOMUS_DETAILS_MEMORY:
        return g_strdup (_("Memory"));
    case DOMUS_DETAILS_BOOT:
        return g_strdup (_("Boot Options"));
    case DOMUS_DETAILS_DEVICE:
        if (target->device == DOMUS_DEVICE_HOSTDEV)
            return domus_details_page_hostdev_title (self, target->index);
        return domus_domain_details_get_device_label (self->saved, target->device,
                                                      target->index);
    }
    g_return_val_if_reached (NULL);
}

static gboolean
target_exists (DomusDetailsPage *self, const DomusDetailsTarget *target)
{
    return target->page != DOMUS_DETAILS_DEVICE ||
           target->index < domus_domain_details_count_devices (self->saved, target->device);
}

/* Shows self->target's form and XML from the saved definition. */
static void
show_target (DomusDetailsPage *self)
{
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view));
    g_autofree char *title = NULL;
    g_autofree char *xml = NULL;

    if (self->form != NULL)
        gtk_widget_destroy (GTK_WIDGET (self->form));
    self->form = NULL;
    self->autostart = NULL;
    self->form_dirty = FALSE;
    self->xml_dirty = FALSE;
    if (self->saved == NULL)
        return;

    title = domus_details_page_target_title (self, &self->target);
    gtk_label_set_text (self->page_title, title);
    self->form = GTK_GRID (gtk_grid_new ());
    gtk_grid_set_row_spacing (self->form, 6);
    gtk_grid_set_column_spacing (self->form, 12);
    g_object_set_data (G_OBJECT (self->form), "domus-connection", self->conn);
    domus_details_form_build (self->form, self->saved, &self->target,
                              G_CALLBACK (form_changed_cb), self);
    domus_details_page_add_host_choices (self);
    if (self->target.page == DOMUS_DETAILS_BOOT && self->snapshot->persistent) {
        GtkWidget *check = gtk_check_button_new_with_mnemonic (
            _("Start the guest _when the host starts"));

        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), self->snapshot->autostart);
        g_signal_connect_swapped (check, "toggled", G_CALLBACK (form_changed_cb), self);
        gtk_grid_attach (self->form, check, 1, 100, 1, 1);
        gtk_widget_show (check);
        self->autostart = GTK_TOGGLE_BUTTON (check);
    }
    gtk_box_pack_start (self->form_box, GTK_WIDGET (self->form), FALSE, FALSE, 0);

    xml = self->target.page == DOMUS_DETAILS_DEVICE
          ? domus_domain_details_get_device_xml (self->saved, self->target.device,
                                                 self->target.index)
          : domus_domain_details_to_xml (self->saved);
    g_free (self->xml_original);
    self->xml_original = NULL;
    gtk_source_buffer_begin_not_undoable_action (GTK_SOURCE_BUFFER (buffer));
    gtk_text_buffer_set_text (buffer, xml, -1);
    gtk_source_buffer_end_not_undoable_action (GTK_SOURCE_BUFFER (buffer));
    self->xml_original = g_steal_pointer (&xml);
    update_controls (self);
}

static GtkWidget *
add_row (DomusDetailsPage *self, const DomusDetailsTarget *target, const char *text)
{
    GtkWidget *row = gtk_list_box_row_new ();
    GtkWidget *label = gtk_label_new (text);

    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_set_margin_start (label, target->page == DOMUS_DETAILS_DEVICE ? 12 : 6);
    gtk_widget_set_margin_end (label, 6);
    gtk_widget_set_margin_top (label, 3);
    gtk_widget_set_margin_bottom (label, 3);
    gtk_container_add (GTK_CONTAINER (row), label);
    g_object_set_data_full (G_OBJECT (row), "domus-target",
                            g_memdup2 (target, sizeof *target), g_free);
    atk_object_set_name (gtk_widget_get_accessible (row), text);
    gtk_widget_show_all (row);
    gtk_container_add (GTK_CONTAINER (self->sidebar), row);
    return row;
}

/* The sidebar from the saved definition, with self->target selected (or
 * the Overview when it is gone). */
static void
fill_sidebar (DomusDetailsPage *self)
{
    static const DomusDetailsPageKind general[] = { DOMUS_DETAILS_OVERVIEW, DOMUS_DETAILS_CPUS,
                                                    DOMUS_DETAILS_MEMORY, DOMUS_DETAILS_BOOT };
    g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->sidebar));
    GtkWidget *select = NULL;

    self->restoring = TRUE;
    for (GList *l = rows; l != NULL; l = l->next)
        gtk_widget_destroy (l->data);
    if (!target_exists (self, &self->target))
        self->target = (DomusDetailsTarget) { DOMUS_DETAILS_OVERVIEW, 0, 0 };

    for (guint i = 0; i < G_N_ELEMENTS (general); i++) {
        DomusDetailsTarget t = { general[i], 0, 0 };
        g_autofree char *title = domus_details_page_target_title (self, &t);
        GtkWidget *row = add_row (self, &t, title);

        if (self->target.page == general[i])
            select = row;
    }
    for (guint k = 0; k < DOMUS_N_DEVICE_KINDS; k++) {
        guint n = domus_domain_details_count_devices (self->saved, k);

        for (guint i = 0; i < n; i++) {
            DomusDetailsTarget t = { DOMUS_DETAILS_DEVICE, k, i };
            g_autofree char *title = domus_details_page_target_title (self, &t);
            GtkWidget *row = add_row (self, &t, title);

            if (self->target.page == DOMUS_DETAILS_DEVICE && self->target.device == k &&
                self->target.index == i)
                select = row;
        }
    }
    gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (select));
    self->restoring = FALSE;
    show_target (self);
}

/* ---- loading --------------------------------------------------------------- */

static void
load_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusDetailsPage) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusDetailsSnapshot) snapshot = NULL;
    g_autoptr(DomusDomainDetails) saved = NULL;

    snapshot = domus_domain_details_load_finish (DOMUS_CONNECTION (source), result, &error);
    if (gone (self, error))
        return;
    set_busy (self, FALSE);
    if (snapshot != NULL)
        saved = domus_domain_details_new (snapshot->xml, &error);
    if (saved == NULL) {
        show_error (self, error->message);
        update_controls (self);
        return;
    }
    g_clear_pointer (&self->snapshot, domus_details_snapshot_free);
    self->snapshot = g_steal_pointer (&snapshot);
    g_set_object (&self->saved, saved);
    self->loaded = TRUE;
    fill_sidebar (self);
}

static void
load (DomusDetailsPage *self)
{
    set_busy (self, TRUE);
    update_controls (self);
    domus_domain_details_load_async (self->conn, self->domain, self->cancellable, load_done_cb,
                                     g_object_ref (self));
}

static void
domain_state_cb (DomusDomain *domain, GParamSpec *pspec, DomusDetailsPage *self)
{
    /* What runs changed: read it again, unless the user is editing. */
    if (self->loaded && !self->busy && !domus_details_page_get_dirty (self))
        load (self);
}

static void
map_cb (DomusDetailsPage *self)
{
    if (!self->loaded && !self->busy)
        load (self);
}

/* ---- applying --------------------------------------------------------------- */

static void
delete_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusDetailsPage) self = user_data;
    g_autoptr(GError) error = NULL;

    domus_domain_details_delete_volume_finish (DOMUS_CONNECTION (source), result, &error);
    if (gone (self, error))
        return;
    set_busy (self, FALSE);
    if (error != NULL)
        show_error (self, error->message);
    else
        gtk_label_set_text (self->outcome_label, _("The disk was removed and its volume "
                                                   "deleted."));
    load (self);
}

static void
apply_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusDetailsPage) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *note = NULL;
    g_autofree char *text = NULL;
    DomusDetailsOutcome outcome;

    outcome = domus_domain_details_apply_finish (DOMUS_CONNECTION (source), result, &note,
                                                 &error);
    if (gone (self, error))
        return;
    set_busy (self, FALSE);
    if (error != NULL) {
        /* What the user typed stays, to fix and apply again. */
        g_clear_pointer (&self->pending_delete, g_free);
        show_error (self, error->message);
        update_controls (self);
        return;
    }
    if (outcome == DOMUS_DETAILS_UNCHANGED && self->autostart != NULL)
        text = g_strdup (self->snapshot->autostart ? _("Saved: the guest starts with the host.")
                                                   : _("Saved: the guest no longer starts with "
                                                       "the host."));
    else if (note != NULL)
        text = g_strdup_printf ("%s\n%s", domus_details_outcome_message (outcome), note);
    else
        text = g_strdup (domus_details_outcome_message (outcome));
    gtk_label_set_text (self->outcome_label, text);
    self->form_dirty = FALSE;
    self->xml_dirty = FALSE;
    if (self->pending_delete != NULL) {
        g_autofree char *path = g_steal_pointer (&self->pending_delete);

        set_busy (self, TRUE);
        domus_domain_details_delete_volume_async (self->conn, self->domain, path,
                                                  self->cancellable, delete_done_cb,
                                                  g_object_ref (self));
        return;
    }
    load (self);
}

static void
autostart_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusDetailsPage) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;

    domus_domain_set_autostart_finish (DOMUS_CONNECTION (source), result, &error);
    if (gone (self, error))
        return;
    xml = g_steal_pointer (&self->pending_xml);
    if (error != NULL) {
        set_busy (self, FALSE);
        show_error (self, error->message);
        update_controls (self);
        return;
    }
    self->snapshot->autostart = !self->snapshot->autostart;
    domus_domain_details_apply_async (self->conn, self->domain, self->snapshot->xml, xml,
                                      self->cancellable, apply_done_cb, g_object_ref (self));
}

void
domus_details_page_apply_xml (DomusDetailsPage *self, const char *new_xml)
{
    gtk_widget_hide (GTK_WIDGET (self->error_bar));
    gtk_label_set_text (self->outcome_label, "");
    set_busy (self, TRUE);
    update_controls (self);
    if (self->autostart != NULL &&
        gtk_toggle_button_get_active (self->autostart) != self->snapshot->autostart) {
        /* Not in the XML: its own call, then the rest. */
        g_free (self->pending_xml);
        self->pending_xml = g_strdup (new_xml);
        domus_domain_set_autostart_async (self->conn, self->domain,
                                          gtk_toggle_button_get_active (self->autostart),
                                          self->cancellable, autostart_done_cb,
                                          g_object_ref (self));
        return;
    }
    domus_domain_details_apply_async (self->conn, self->domain, self->snapshot->xml, new_xml,
                                      self->cancellable, apply_done_cb, g_object_ref (self));
}

/* The edited definition (from the form or the XML tab), or NULL with the
 * error shown. */
static DomusDomainDetails *
edited_details (DomusDetailsPage *self)
{
    g_autoptr(DomusDomainDetails) edited = NULL;
    g_autoptr(GError) error = NULL;

    if (self->xml_dirty) {
        g_autofree char *text = domus_details_buffer_text (gtk_text_view_get_buffer (
                                                 GTK_TEXT_VIEW (self->xml_view)));

        if (self->target.page != DOMUS_DETAILS_DEVICE) {
            edited = domus_domain_details_new (text, &error);
        } else {
            edited = domus_domain_details_copy (self->saved);
            if (!domus_domain_details_set_device_xml (edited, self->target.device,
                                                      self->target.index, text, &error))
                g_clear_object (&edited);
        }
        if (edited == NULL) {
            g_autofree char *message = g_strdup_printf (_("The XML cannot be applied: %s"),
                                                        error->message);

            show_error (self, message);
            return NULL;
        }
        return g_steal_pointer (&edited);
    }
    edited = domus_domain_details_copy (self->saved);
    domus_details_form_write (self->form, edited, &self->target);
    return g_steal_pointer (&edited);
}

static void
apply_clicked_cb (DomusDetailsPage *self)
{
    g_autoptr(DomusDomainDetails) edited = NULL;
    g_autofree char *xml = NULL;

    if (!gtk_widget_is_sensitive (self->apply_button) || self->snapshot == NULL)
        return;
    edited = edited_details (self);
    if (edited == NULL)
        return;
    xml = domus_domain_details_to_xml (edited);
    domus_details_page_apply_xml (self, xml);
}

static void
revert_clicked_cb (DomusDetailsPage *self)
{
    gtk_widget_hide (GTK_WIDGET (self->error_bar));
    show_target (self);
}

/* ---- switching entries ------------------------------------------------------ */

enum { RESPONSE_DISCARD = 1, RESPONSE_APPLY = 2 };

static void
select_target_row (DomusDetailsPage *self)
{
    g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->sidebar));

    self->restoring = TRUE;
    for (GList *l = rows; l != NULL; l = l->next) {
        DomusDetailsTarget *t = g_object_get_data (l->data, "domus-target");

        if (memcmp (t, &self->target, sizeof *t) == 0)
            gtk_list_box_select_row (self->sidebar, l->data);
    }
    self->restoring = FALSE;
}

static void
switch_response_cb (GtkDialog *dialog, int response, DomusDetailsPage *self)
{
    DomusDetailsTarget *pending = g_object_get_data (G_OBJECT (dialog), "domus-target");
    DomusDetailsTarget target = *pending;

    gtk_widget_destroy (GTK_WIDGET (dialog));
    if (response == RESPONSE_APPLY) {
        g_autoptr(DomusDomainDetails) edited = edited_details (self);
        g_autofree char *xml = NULL;

        if (edited == NULL) {
            select_target_row (self);
            return;
        }
        xml = domus_domain_details_to_xml (edited);
        self->target = target;
        domus_details_page_apply_xml (self, xml);
        return;
    }
    if (response != RESPONSE_DISCARD) {
        select_target_row (self);
        return;
    }
    self->target = target;
    select_target_row (self);
    gtk_label_set_text (self->outcome_label, "");
    show_target (self);
}

static void
sidebar_row_selected_cb (DomusDetailsPage *self, GtkListBoxRow *row)
{
    DomusDetailsTarget *target;
    g_autofree char *title = NULL;
    GtkWidget *dialog;

    if (self->restoring || row == NULL)
        return;
    target = g_object_get_data (G_OBJECT (row), "domus-target");
    if (memcmp (target, &self->target, sizeof *target) == 0)
        return;
    if (!domus_details_page_get_dirty (self)) {
        self->target = *target;
        gtk_label_set_text (self->outcome_label, "");
        show_target (self);
        return;
    }
    /* Changes not applied: ask, and stay on them until answered. */
    title = domus_details_page_target_title (self, &self->target);
    dialog = gtk_message_dialog_new (GTK_WINDOW (gtk_widget_get_toplevel (GTK_WIDGET (self))),
                                     GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                     _("Apply the changes to “%s”?"), title);
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                              _("If you discard them, what you changed on "
                                                "this page is lost."));
    gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                            _("_Discard Changes"), RESPONSE_DISCARD,
                            _("_Apply"), RESPONSE_APPLY, NULL);
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), RESPONSE_APPLY);
    g_object_set_data_full (G_OBJECT (dialog), "domus-target",
                            g_memdup2 (target, sizeof *target), g_free);
    g_signal_connect_object (dialog, "response", G_CALLBACK (switch_response_cb), self, 0);
    select_target_row (self);
    gtk_widget_show (dialog);
}

static void
view_changed_cb (DomusDetailsPage *self)
{
    update_controls (self);
}

/* ---- XML search ------------------------------------------------------------ */

static void
xml_search_changed_cb (DomusDetailsPage *self)
{
    gtk_source_search_settings_set_search_text (
        gtk_source_search_context_get_settings (self->search),
        gtk_entry_get_text (GTK_ENTRY (self->xml_search)));
}

static void
xml_search_next_cb (DomusDetailsPage *self)
{
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view));
    GtkTextIter from, start, end;
    gboolean wrapped;

    gtk_text_buffer_get_selection_bounds (buffer, NULL, &from);
    if (gtk_source_search_context_forward (self->search, &from, &start, &end, &wrapped)) {
        gtk_text_buffer_select_range (buffer, &start, &end);
        gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->xml_view), &start, 0.1, FALSE, 0, 0);
    }
}

/* ---- object --------------------------------------------------------------- */

GtkWidget *
domus_details_page_new (DomusConnection *conn, DomusDomain *domain)
{
    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);
    g_return_val_if_fail (DOMUS_IS_DOMAIN (domain), NULL);

    return g_object_new (DOMUS_TYPE_DETAILS_PAGE, "connection", conn, "domain", domain, NULL);
}

static void
domus_details_page_constructed (GObject *object)
{
    DomusDetailsPage *self = DOMUS_DETAILS_PAGE (object);
    GtkSourceBuffer *buffer;

    G_OBJECT_CLASS (domus_details_page_parent_class)->constructed (object);

    buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view)));
    gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (
                                        gtk_source_language_manager_get_default (), "xml"));
    self->search = gtk_source_search_context_new (buffer, NULL);
    gtk_source_search_context_set_highlight (self->search, TRUE);
    g_signal_connect_object (buffer, "changed", G_CALLBACK (xml_changed_cb), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (self->domain, "notify::state", G_CALLBACK (domain_state_cb), self,
                             0);
    g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
    update_controls (self);
}

static void
domus_details_page_get_property (GObject *object, guint prop_id, GValue *value,
                                 GParamSpec *pspec)
{
    DomusDetailsPage *self = DOMUS_DETAILS_PAGE (object);

    switch (prop_id) {
    case PROP_CONNECTION:
        g_value_set_object (value, self->conn);
        break;
    case PROP_DOMAIN:
        g_value_set_object (value, self->domain);
        break;
    case PROP_BUSY:
        g_value_set_boolean (value, self->busy);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_details_page_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
    DomusDetailsPage *self = DOMUS_DETAILS_PAGE (object);

    switch (prop_id) {
    case PROP_CONNECTION:
        self->conn = g_value_dup_object (value);
        break;
    case PROP_DOMAIN:
        self->domain = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_details_page_dispose (GObject *object)
{
    DomusDetailsPage *self = DOMUS_DETAILS_PAGE (object);

    g_cancellable_cancel (self->cancellable);
    if (self->domain != NULL)
        g_signal_handlers_disconnect_by_data (self->domain, self);
    g_clear_object (&self->domain);
    g_clear_object (&self->conn);
    g_clear_object (&self->saved);
    g_clear_object (&self->search);
    g_clear_pointer (&self->snapshot, domus_details_snapshot_free);
    G_OBJECT_CLASS (domus_details_page_parent_class)->dispose (object);
}

static void
domus_details_page_finalize (GObject *object)
{
    DomusDetailsPage *self = DOMUS_DETAILS_PAGE (object);

    g_clear_object (&self->cancellable);
    g_free (self->xml_original);
    g_free (self->pending_delete);
    g_free (self->pending_xml);
    G_OBJECT_CLASS (domus_details_page_parent_class)->finalize (object);
}

static void
domus_details_page_class_init (DomusDetailsPageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->constructed = domus_details_page_constructed;
    object_class->get_property = domus_details_page_get_property;
    object_class->set_property = domus_details_page_set_property;
    object_class->dispose = domus_details_page_dispose;
    object_class->finalize = domus_details_page_finalize;

    properties[PROP_CONNECTION] =
        g_param_spec_object ("connection", NULL, NULL, DOMUS_TYPE_CONNECTION,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
    properties[PROP_DOMAIN] =
        g_param_spec_object ("domain", NULL, NULL, DOMUS_TYPE_DOMAIN,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
    properties[PROP_BUSY] =
        g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    g_type_ensure (GTK_SOURCE_TYPE_VIEW);
    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/domusvm/Domus/domus-details-page.ui");
    gtk_widget_class_bind_template_child (widget_class, DomusDetailsPage, sidebar);
    gtk_widget_class_bind_template_child (widget_class, DomusDetailsPage, add_button);
    gtk_widget_class_bind_template_child (widget_class, DomusDetailsPage, remove_button);
    gtk_widget_class_bind_template_child (widget_class, DomusDetailsPage, error_bar);
    gtk_widget_class_bind_template_child (widget_class, DomusDetailsPage, error_label);
    gtk_widget_class_bind_template_child (widget_class, DomusDetailsPage, page_title);
    gtk_widget_class_bind_template_child (widget_class, DomusDetailsPage, view_stack);
    gtk_widget_class_bind_template_child (widget_class, DomusDetailsPage, form_box);
    gtk_widget_class_bind_template_child (widget_class, DomusDetailsPage, xml_search);
    gtk_widget_class_bind_template_child (widget_class, DomusDetailsPage, xml_view);
    gtk_widget_class_bind_template_child (widget_class, DomusDetailsPage, xml_hint);
    gtk_widget_class_bind_template_child (widget_class, DomusDetailsPage, check_label);
    gtk_widget_class_bind_template_child (widget_class, DomusDetailsPage, outcome_label);
    gtk_widget_class_bind_template_child (widget_class, DomusDetailsPage, revert_button);
    gtk_widget_class_bind_template_child (widget_class, DomusDetailsPage, apply_button);
    gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
    gtk_widget_class_bind_template_callback_full (widget_class, "add_clicked_cb",
                                                  G_CALLBACK (domus_details_page_add_hardware));
    gtk_widget_class_bind_template_callback_full (widget_class, "remove_clicked_cb",
                                                  G_CALLBACK (domus_details_page_remove_hardware));
    gtk_widget_class_bind_template_callback (widget_class, error_bar_response_cb);
    gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, xml_search_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, xml_search_next_cb);
    gtk_widget_class_bind_template_callback (widget_class, revert_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
}

static void
domus_details_page_init (DomusDetailsPage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
}
