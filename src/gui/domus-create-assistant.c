/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The New Virtual Machine assistant. It reads the host's offer (arches,
 * UEFI, networks), pools and volumes through core's worker jobs, asks
 * libosinfo for detection and defaults, checks each field inline, and hands
 * a DomusCreatePlan to the create job. It never calls libvirt, and cancels
 * all its work when it goes away.
 */
#include "config.h"

#include "domus-create-assistant.h"
#include "domus-create-assistant-private.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "domus-domain-config.h"
#include "domus-domain-create.h"
#include "domus-osinfo.h"
#include "domus-storage.h"

G_DEFINE_FINAL_TYPE (DomusCreateAssistant, domus_create_assistant, GTK_TYPE_ASSISTANT)

enum {
    PROP_0,
    PROP_CONNECTIONS,
    PROP_HOST,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_complete (DomusCreateAssistant *self, int page, gboolean complete)
{
    gtk_assistant_set_page_complete (GTK_ASSISTANT (self),
                                     gtk_assistant_get_nth_page (GTK_ASSISTANT (self), page),
                                     complete);
}

static void
xml_changed_cb (GtkTextBuffer *buffer, DomusCreateAssistant *self)
{
    if (!self->setting_xml)
        self->xml_edited = TRUE;
}

void
domus_create_assistant_update (DomusCreateAssistant *self)
{
    DomusInstallMethod method = get_method (self);
    const char *net = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->network_combo));
    gboolean host_ready = self->conn != NULL && self->options != NULL;
    int current = gtk_assistant_get_current_page (GTK_ASSISTANT (self));
    gboolean ok[PAGE_FINAL + 1];

    gtk_widget_set_visible (self->iso_box, method == DOMUS_INSTALL_ISO);
    gtk_widget_set_visible (self->url_box, method == DOMUS_INSTALL_NETWORK);
    gtk_widget_set_visible (self->import_box, method == DOMUS_INSTALL_IMPORT);
    gtk_widget_set_visible (self->volume_box,
                            method == DOMUS_INSTALL_ISO || method == DOMUS_INSTALL_IMPORT);
    gtk_widget_set_sensitive (self->new_disk_grid, uses_new_disk (self));
    gtk_widget_set_sensitive (GTK_WIDGET (self->existing_entry), !uses_new_disk (self));
    gtk_widget_set_visible (self->device_box, net != NULL && !g_str_has_prefix (net, "network:"));

    ok[PAGE_METHOD] = host_ready;
    ok[PAGE_SOURCE] = domus_create_assistant_check_source (self);
    ok[PAGE_RESOURCES] = domus_create_assistant_check_resources (self);
    ok[PAGE_STORAGE] = domus_create_assistant_check_storage (self);
    ok[PAGE_FINAL] = domus_create_assistant_check_final (self) && !self->creating;
    /* Only the page on screen is complete: GtkAssistant offers a Finish
     * button beside Next whenever the pages after the current one are, which
     * skips pages unseen and moves Next from under the pointer. */
    for (int page = PAGE_METHOD; page <= PAGE_FINAL; page++)
        set_complete (self, page, page == current && ok[page]);
    if (current == PAGE_FINAL)
        domus_create_assistant_update_summary (self);
}

static void
changed_cb (GtkWidget *widget, DomusCreateAssistant *self)
{
    domus_create_assistant_update (self);
}

/* Sharing was confirmed for one disk, not for whatever is typed next. */
static void
import_changed_cb (GtkEntry *entry, DomusCreateAssistant *self)
{
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->share_check), FALSE);
    domus_create_assistant_update (self);
}

/* ---- host data ---------------------------------------------------------- */

static void
fill_volumes (DomusCreateAssistant *self)
{
    gboolean iso = get_method (self) == DOMUS_INSTALL_ISO;

    gtk_combo_box_text_remove_all (self->volume_combo);
    gtk_combo_box_text_append (self->volume_combo, "", _("None"));
    for (guint i = 0; self->volumes != NULL && i < self->volumes->len; i++) {
        const DomusVolumeInfo *v = g_ptr_array_index (self->volumes, i);
        gboolean is_iso = g_strcmp0 (v->format, "iso") == 0 || g_str_has_suffix (v->name, ".iso");
        g_autofree char *text = NULL;

        if (is_iso != iso || v->path == NULL)
            continue;
        text = g_strdup_printf ("%s / %s", v->pool, v->name);
        gtk_combo_box_text_append (self->volume_combo, v->path, text);
    }
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->volume_combo), 0);
}

static void
volume_chosen_cb (GtkComboBox *combo, DomusCreateAssistant *self)
{
    const char *path = gtk_combo_box_get_active_id (combo);
    const DomusVolumeInfo *vol = volume_by_path (self, path);

    if (vol == NULL)
        return;
    if (get_method (self) == DOMUS_INSTALL_ISO) {
        gtk_entry_set_text (self->iso_entry, path);
    } else {
        gtk_entry_set_text (self->import_entry, path);
        gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->format_combo),
                                     g_strcmp0 (vol->format, "qcow2") == 0 ? "qcow2" : "raw");
    }
}

static void
host_job_finished (DomusCreateAssistant *self)
{
    if (self->pending > 0 && --self->pending == 0 && self->options != NULL)
        set_message (self->host_status, NULL);
    domus_create_assistant_update (self);
}

static void
options_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusCreateAssistant) self = user_data;
    g_autoptr(GError) error = NULL;
    DomusHostOptions *options = domus_host_options_finish (DOMUS_CONNECTION (source),
                                                           result, &error);

    if (options == NULL) {
        if (!is_cancelled (error)) {
            set_message (self->host_status, error->message);
            host_job_finished (self);
        }
        return;
    }
    g_clear_pointer (&self->options, domus_host_options_free);
    self->options = options;

    gtk_combo_box_text_remove_all (self->arch_combo);
    for (guint i = 0; i < options->arches->len; i++)
        gtk_combo_box_text_append_text (self->arch_combo, g_ptr_array_index (options->arches, i));
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->arch_combo), 0);

    gtk_combo_box_text_remove_all (self->firmware_combo);
    gtk_combo_box_text_append (self->firmware_combo, "bios", _("BIOS"));
    if (options->uefi)
        gtk_combo_box_text_append (self->firmware_combo, "uefi", _("UEFI"));
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->firmware_combo), 0);

    gtk_combo_box_text_remove_all (self->network_combo);
    for (guint i = 0; i < options->networks->len; i++) {
        const char *name = g_ptr_array_index (options->networks, i);
        g_autofree char *id = g_strconcat ("network:", name, NULL);
        g_autofree char *text = g_strdup_printf (_("Virtual network “%s”"), name);

        gtk_combo_box_text_append (self->network_combo, id, text);
    }
    gtk_combo_box_text_append (self->network_combo, "bridge", _("Host bridge"));
    gtk_combo_box_text_append (self->network_combo, "macvtap", _("Macvtap on a host device"));
    if (options->default_network != NULL) {
        g_autofree char *id = g_strconcat ("network:", options->default_network, NULL);

        gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->network_combo), id);
    } else {
        gtk_combo_box_set_active (GTK_COMBO_BOX (self->network_combo), 0);
    }
    if (options->interfaces->len > 0 && *gtk_entry_get_text (self->device_entry) == '\0')
        gtk_entry_set_text (self->device_entry, g_ptr_array_index (options->interfaces, 0));

    domus_create_assistant_apply_os_defaults (self);
    host_job_finished (self);
}

static void
pools_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusCreateAssistant) self = user_data;
    g_autoptr(GError) error = NULL;
    GPtrArray *pools = domus_storage_list_pools_finish (DOMUS_CONNECTION (source), result, &error);

    if (pools == NULL) {
        if (!is_cancelled (error)) {
            set_message (self->pool_free, error->message);
            host_job_finished (self);
        }
        return;
    }
    g_clear_pointer (&self->pools, g_ptr_array_unref);
    self->pools = pools;
    gtk_combo_box_text_remove_all (self->pool_combo);
    for (guint i = 0; i < pools->len; i++) {
        const DomusPoolInfo *p = g_ptr_array_index (pools, i);

        if (p->active)
            gtk_combo_box_text_append (self->pool_combo, p->name, p->name);
    }
    /* virt-manager's habit: the pool named "default" first. */
    if (!gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->pool_combo), "default"))
        gtk_combo_box_set_active (GTK_COMBO_BOX (self->pool_combo), 0);
    host_job_finished (self);
}

static void
volumes_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusCreateAssistant) self = user_data;
    g_autoptr(GError) error = NULL;
    GPtrArray *vols = domus_storage_list_volumes_finish (DOMUS_CONNECTION (source), result,
                                                         &error);

    if (vols == NULL) {
        if (!is_cancelled (error))
            host_job_finished (self);
        return;
    }
    g_clear_pointer (&self->volumes, g_ptr_array_unref);
    self->volumes = vols;
    fill_volumes (self);
    host_job_finished (self);
}

static const char *
format_label (const char *format)
{
    return g_str_equal (format, "qcow2") ? _("QCOW2") : _("Raw");
}

/* Only the formats the pool can make: a logical volume is raw. */
static void
fill_new_formats (DomusCreateAssistant *self, const DomusPoolInfo *pool)
{
    GtkComboBox *combo = GTK_COMBO_BOX (self->new_format_combo);
    g_autofree char *chosen = g_strdup (gtk_combo_box_get_active_id (combo));
    const char *const *formats = domus_storage_pool_formats (pool != NULL ? pool->type : NULL);

    gtk_combo_box_text_remove_all (self->new_format_combo);
    for (guint i = 0; formats[i] != NULL; i++)
        gtk_combo_box_text_append (self->new_format_combo, formats[i],
                                   format_label (formats[i]));
    if (chosen == NULL || !gtk_combo_box_set_active_id (combo, chosen))
        gtk_combo_box_set_active (combo, 0);
}

static void
pool_changed_cb (GtkComboBox *combo, DomusCreateAssistant *self)
{
    const DomusPoolInfo *pool = chosen_pool (self);

    fill_new_formats (self, pool);
    if (pool != NULL) {
        g_autofree char *free_text = g_format_size_full (pool->available,
                                                         G_FORMAT_SIZE_IEC_UNITS);
        g_autofree char *text = g_strdup_printf (_("%s free in pool “%s”"), free_text,
                                                 pool->name);

        set_message (self->pool_free, text);
    }
    domus_create_assistant_update (self);
}

static void
host_changed_cb (GtkComboBox *combo, DomusCreateAssistant *self)
{
    const char *uri = gtk_combo_box_get_active_id (combo);
    g_autofree char *status = NULL;

    g_cancellable_cancel (self->host_cancel);
    g_clear_object (&self->host_cancel);
    g_clear_object (&self->conn);
    g_clear_pointer (&self->options, domus_host_options_free);
    g_clear_pointer (&self->pools, g_ptr_array_unref);
    g_clear_pointer (&self->volumes, g_ptr_array_unref);
    self->pending = 0;

    if (uri != NULL)
        g_set_object (&self->conn, domus_connection_find_by_uri (self->connections, uri));
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST]);
    if (self->conn == NULL) {
        set_message (self->host_status, _("No host is connected. Connect to a host first."));
        domus_create_assistant_update (self);
        return;
    }
    self->host_cancel = g_cancellable_new ();
    self->pending = 3;
    status = g_strdup_printf (_("Reading what %s offers…"),
                              domus_connection_get_display_name (self->conn));
    set_message (self->host_status, status);
    domus_host_options_async (self->conn, self->host_cancel, options_done_cb,
                              g_object_ref (self));
    domus_storage_list_pools_async (self->conn, self->host_cancel, pools_done_cb,
                                    g_object_ref (self));
    domus_storage_list_volumes_async (self->conn, NULL, self->host_cancel, volumes_done_cb,
                                      g_object_ref (self));
    domus_create_assistant_update (self);
}

static void
method_toggled_cb (GtkToggleButton *button, DomusCreateAssistant *self)
{
    if (!gtk_toggle_button_get_active (button))
        return;
    fill_volumes (self);
    domus_create_assistant_source_changed_cb (NULL, self);
}

static void
browse_response_cb (GtkNativeDialog *chooser, int response, DomusCreateAssistant *self)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));

        if (path != NULL)
            gtk_entry_set_text (self->iso_entry, path);
    }
    g_object_unref (chooser);
}

static void
browse_clicked_cb (GtkButton *button, DomusCreateAssistant *self)
{
    GtkFileChooserNative *chooser =
        gtk_file_chooser_native_new (_("Choose an ISO Image"), GTK_WINDOW (self),
                                     GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
    GtkFileFilter *filter = gtk_file_filter_new ();

    gtk_file_filter_set_name (filter, _("ISO images"));
    gtk_file_filter_add_pattern (filter, "*.iso");
    gtk_file_filter_add_pattern (filter, "*.ISO");
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    g_signal_connect (chooser, "response", G_CALLBACK (browse_response_cb), self);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- pages and creation ------------------------------------------------- */

static int
forward_page (int current, gpointer user_data)
{
    DomusCreateAssistant *self = user_data;

    if (current == PAGE_RESOURCES && get_method (self) == DOMUS_INSTALL_IMPORT)
        return PAGE_FINAL;
    return current + 1;
}

static void
prepare_cb (GtkAssistant *assistant, GtkWidget *page, DomusCreateAssistant *self)
{
    domus_create_assistant_update (self);
    if (gtk_assistant_get_current_page (assistant) == PAGE_FINAL) {
        /* A name to start from, as virt-manager offers one. */
        if (*gtk_entry_get_text (self->name_entry) == '\0' && self->os_id != NULL) {
            g_autoptr(GPtrArray) list = domus_osinfo_list_os ();

            for (guint i = 0; i < list->len; i++) {
                DomusOsEntry *e = g_ptr_array_index (list, i);

                if (g_str_equal (e->id, self->os_id) && e->short_id != NULL)
                    gtk_entry_set_text (self->name_entry, e->short_id);
            }
        }
        domus_create_assistant_update (self);
    }
}

static void
create_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusCreateAssistant) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = domus_domain_create_finish (DOMUS_CONNECTION (source), result, &error);

    if (is_cancelled (error))
        return;
    self->creating = FALSE;
    if (uuid != NULL) {
        gtk_widget_destroy (GTK_WIDGET (self));
        return;
    }
    set_message (self->create_error, error->message);
    gtk_assistant_previous_page (GTK_ASSISTANT (self));
    domus_create_assistant_update (self);
}

static void
apply_cb (GtkAssistant *assistant, DomusCreateAssistant *self)
{
    DomusCreatePlan *plan = domus_create_assistant_build_plan (self, FALSE);
    g_autofree char *text = NULL;

    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->customize_check))) {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->xml_view);
        GtkTextIter start, end;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        plan->xml_override = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
    self->creating = TRUE;
    set_message (self->create_error, NULL);
    text = g_strdup_printf (_("Creating “%s” on %s…"), plan->config->name,
                            domus_connection_get_display_name (self->conn));
    gtk_label_set_text (self->progress_label, text);
    g_clear_object (&self->create_cancel);
    self->create_cancel = g_cancellable_new ();
    domus_domain_create_async (self->conn, plan, self->create_cancel, create_done_cb,
                               g_object_ref (self));
}

static void
close_cb (GtkAssistant *assistant, DomusCreateAssistant *self)
{
    gtk_widget_destroy (GTK_WIDGET (self));
}

/* Each step of the create job is one libvirt call that cannot be stopped
 * halfway; closing then would hide a guest that still appears. */
static void
cancel_cb (GtkAssistant *assistant, DomusCreateAssistant *self)
{
    if (self->creating) {
        gtk_label_set_text (self->progress_label,
                            _("The guest is being created and cannot be stopped halfway. "
                              "If it fails, what was created is removed again."));
        return;
    }
    gtk_widget_destroy (GTK_WIDGET (self));
}

static void
fill_hosts (DomusCreateAssistant *self, DomusConnection *preferred)
{
    for (guint i = 0; i < g_list_model_get_n_items (self->connections); i++) {
        g_autoptr(DomusConnection) c = g_list_model_get_item (self->connections, i);

        if (domus_connection_get_state (c) == DOMUS_CONNECTION_STATE_CONNECTED)
            gtk_combo_box_text_append (self->host_combo, domus_connection_get_uri (c),
                                       domus_connection_get_display_name (c));
    }
    if (preferred == NULL ||
        !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->host_combo),
                                      domus_connection_get_uri (preferred)))
        gtk_combo_box_set_active (GTK_COMBO_BOX (self->host_combo), 0);
    if (gtk_combo_box_get_active (GTK_COMBO_BOX (self->host_combo)) < 0)
        host_changed_cb (GTK_COMBO_BOX (self->host_combo), self);
}

GtkWidget *
domus_create_assistant_new (GtkWindow *parent, GListModel *connections, DomusConnection *host)
{
    g_return_val_if_fail (G_IS_LIST_MODEL (connections), NULL);

    return g_object_new (DOMUS_TYPE_CREATE_ASSISTANT, "use-header-bar", TRUE,
                         "transient-for", parent, "connections", connections,
                         "host", host, NULL);
}

DomusConnection *
domus_create_assistant_get_host (DomusCreateAssistant *self)
{
    g_return_val_if_fail (DOMUS_IS_CREATE_ASSISTANT (self), NULL);
    return self->conn;
}

gboolean
domus_create_assistant_is_busy (DomusCreateAssistant *self)
{
    g_return_val_if_fail (DOMUS_IS_CREATE_ASSISTANT (self), FALSE);
    return self->pending > 0 || self->detecting || self->detect_source != 0 || self->creating;
}

static void
domus_create_assistant_constructed (GObject *object)
{
    DomusCreateAssistant *self = DOMUS_CREATE_ASSISTANT (object);
    /* Until the host list is filled, the host asked for at construction. */
    g_autoptr(DomusConnection) preferred = g_steal_pointer (&self->conn);

    G_OBJECT_CLASS (domus_create_assistant_parent_class)->constructed (object);
    fill_hosts (self, preferred);
}

static void
domus_create_assistant_get_property (GObject *object, guint prop_id, GValue *value,
                                     GParamSpec *pspec)
{
    DomusCreateAssistant *self = DOMUS_CREATE_ASSISTANT (object);

    switch (prop_id) {
    case PROP_CONNECTIONS:
        g_value_set_object (value, self->connections);
        break;
    case PROP_HOST:
        g_value_set_object (value, self->conn);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_create_assistant_set_property (GObject *object, guint prop_id, const GValue *value,
                                     GParamSpec *pspec)
{
    DomusCreateAssistant *self = DOMUS_CREATE_ASSISTANT (object);

    switch (prop_id) {
    case PROP_CONNECTIONS:
        self->connections = g_value_dup_object (value);
        break;
    case PROP_HOST:
        self->conn = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_create_assistant_dispose (GObject *object)
{
    DomusCreateAssistant *self = DOMUS_CREATE_ASSISTANT (object);

    self->disposed = TRUE;
    g_cancellable_cancel (self->host_cancel);
    g_cancellable_cancel (self->detect_cancel);
    g_cancellable_cancel (self->create_cancel);
    g_clear_handle_id (&self->detect_source, g_source_remove);
    g_clear_object (&self->host_cancel);
    g_clear_object (&self->detect_cancel);
    g_clear_object (&self->create_cancel);
    g_clear_object (&self->conn);
    g_clear_object (&self->connections);
    g_clear_object (&self->os_filter);
    g_clear_object (&self->os_store);
    G_OBJECT_CLASS (domus_create_assistant_parent_class)->dispose (object);
}

static void
domus_create_assistant_finalize (GObject *object)
{
    DomusCreateAssistant *self = DOMUS_CREATE_ASSISTANT (object);

    g_clear_pointer (&self->options, domus_host_options_free);
    g_clear_pointer (&self->pools, g_ptr_array_unref);
    g_clear_pointer (&self->volumes, g_ptr_array_unref);
    g_free (self->os_id);
    g_free (self->boot_image_url);
    G_OBJECT_CLASS (domus_create_assistant_parent_class)->finalize (object);
}

/* A message line keeps the room of its lines whether it says something or
 * not (see set_message): as tall as that many lines of its font. */
static void
reserve_room_cb (GtkWidget *label, gpointer user_data)
{
    g_autoptr(GString) text = g_string_new ("X");
    g_autoptr(PangoLayout) layout = NULL;
    int height;

    for (int i = 1; i < gtk_label_get_lines (GTK_LABEL (label)); i++)
        g_string_append (text, "\nX");
    layout = gtk_widget_create_pango_layout (label, text->str);
    pango_layout_get_pixel_size (layout, NULL, &height);
    gtk_widget_set_size_request (label, -1, height);
}

static void
domus_create_assistant_init (DomusCreateAssistant *self)
{
    GtkEntry *entries[5];
    GtkLabel *message_lines[5];

    gtk_widget_init_template (GTK_WIDGET (self));
    message_lines[0] = self->source_error;
    message_lines[1] = self->detect_label;
    message_lines[2] = self->resources_error;
    message_lines[3] = self->storage_error;
    message_lines[4] = self->name_error;
    for (guint i = 0; i < G_N_ELEMENTS (message_lines); i++) {
        reserve_room_cb (GTK_WIDGET (message_lines[i]), NULL);
        g_signal_connect (message_lines[i], "style-updated", G_CALLBACK (reserve_room_cb),
                          NULL);
    }

    gtk_combo_box_text_append (self->format_combo, "raw", format_label ("raw"));
    gtk_combo_box_text_append (self->format_combo, "qcow2", format_label ("qcow2"));
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->format_combo), "raw");

    gtk_assistant_set_forward_page_func (GTK_ASSISTANT (self), forward_page, self, NULL);
    g_signal_connect (self, "prepare", G_CALLBACK (prepare_cb), self);
    g_signal_connect (self, "apply", G_CALLBACK (apply_cb), self);
    g_signal_connect (self, "cancel", G_CALLBACK (cancel_cb), self);
    g_signal_connect (self, "close", G_CALLBACK (close_cb), self);

    g_signal_connect (self->host_combo, "changed", G_CALLBACK (host_changed_cb), self);
    g_signal_connect (self->iso_radio, "toggled", G_CALLBACK (method_toggled_cb), self);
    g_signal_connect (self->network_radio, "toggled", G_CALLBACK (method_toggled_cb), self);
    g_signal_connect (self->pxe_radio, "toggled", G_CALLBACK (method_toggled_cb), self);
    g_signal_connect (self->import_radio, "toggled", G_CALLBACK (method_toggled_cb), self);
    g_signal_connect (self->volume_combo, "changed", G_CALLBACK (volume_chosen_cb), self);
    g_signal_connect (self->browse_button, "clicked", G_CALLBACK (browse_clicked_cb), self);
    g_signal_connect (self->pool_combo, "changed", G_CALLBACK (pool_changed_cb), self);
    g_signal_connect (gtk_text_view_get_buffer (self->xml_view), "changed",
                      G_CALLBACK (xml_changed_cb), self);

    entries[0] = GTK_ENTRY (self->memory_spin);
    entries[1] = GTK_ENTRY (self->cpus_spin);
    entries[2] = GTK_ENTRY (self->size_spin);
    entries[3] = self->existing_entry;
    entries[4] = self->name_entry;
    for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
        g_signal_connect (entries[i], "changed", G_CALLBACK (changed_cb), self);
    g_signal_connect (self->device_entry, "changed", G_CALLBACK (changed_cb), self);
    g_signal_connect (self->format_combo, "changed", G_CALLBACK (changed_cb), self);
    g_signal_connect (self->new_format_combo, "changed", G_CALLBACK (changed_cb), self);
    g_signal_connect (self->arch_combo, "changed", G_CALLBACK (changed_cb), self);
    g_signal_connect (self->firmware_combo, "changed", G_CALLBACK (changed_cb), self);
    g_signal_connect (self->network_combo, "changed", G_CALLBACK (changed_cb), self);
    g_signal_connect (self->new_disk_radio, "toggled", G_CALLBACK (changed_cb), self);
    g_signal_connect (self->customize_check, "toggled", G_CALLBACK (changed_cb), self);
    g_signal_connect (self->share_check, "toggled", G_CALLBACK (changed_cb), self);
    g_signal_connect (self->import_entry, "changed", G_CALLBACK (import_changed_cb), self);

    domus_create_assistant_init_os (self);
    domus_create_assistant_update (self);
}

static void
domus_create_assistant_class_init (DomusCreateAssistantClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->constructed = domus_create_assistant_constructed;
    object_class->dispose = domus_create_assistant_dispose;
    object_class->finalize = domus_create_assistant_finalize;
    object_class->get_property = domus_create_assistant_get_property;
    object_class->set_property = domus_create_assistant_set_property;

    /* The hosts (DomusConnection) a guest can be created on; the connected
     * ones are offered. */
    properties[PROP_CONNECTIONS] =
        g_param_spec_object ("connections", NULL, NULL, G_TYPE_LIST_MODEL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    /* The host chosen; at construction, the one offered first (or NULL). */
    properties[PROP_HOST] =
        g_param_spec_object ("host", NULL, NULL, DOMUS_TYPE_CONNECTION,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    gtk_widget_class_set_template_from_resource (widget_class,
        "/io/github/domusvm/Domus/domus-create-assistant.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, DomusCreateAssistant, name)
    BIND (host_combo);
    BIND (iso_radio);
    BIND (network_radio);
    BIND (pxe_radio);
    BIND (import_radio);
    BIND (arch_combo);
    BIND (firmware_combo);
    BIND (host_status);
    BIND (iso_box);
    BIND (iso_entry);
    BIND (browse_button);
    BIND (url_box);
    BIND (url_entry);
    BIND (import_box);
    BIND (import_entry);
    BIND (format_combo);
    BIND (volume_box);
    BIND (volume_combo);
    BIND (share_stack);
    BIND (share_check);
    BIND (source_error);
    BIND (detect_label);
    BIND (os_search);
    BIND (os_view);
    BIND (memory_spin);
    BIND (memory_limit);
    BIND (cpus_spin);
    BIND (cpus_limit);
    BIND (resources_error);
    BIND (new_disk_radio);
    BIND (new_disk_grid);
    BIND (pool_combo);
    BIND (size_spin);
    BIND (new_format_combo);
    BIND (pool_free);
    BIND (existing_entry);
    BIND (storage_error);
    BIND (name_entry);
    BIND (name_error);
    BIND (network_combo);
    BIND (device_box);
    BIND (device_entry);
    BIND (customize_check);
    BIND (summary_label);
    BIND (xml_scroll);
    BIND (xml_view);
    BIND (create_error);
    BIND (progress_label);
#undef BIND
}
