/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The New Pool dialog. Its rows are shown per type, so the form is built
 * here rather than in a template; the spec, its check and its XML come
 * from core (domus-storage-pool.h), the define runs as core's job.
 */
#include "config.h"

#include "domus-new-pool-dialog.h"
#include "domus-form-row.h"

#include <glib/gi18n.h>

#include "domus-storage-pool.h"

typedef enum {
    ROW_TARGET,
    ROW_HOST,
    ROW_PORT,
    ROW_SOURCE,
    ROW_VG,
    ROW_DEVICES,
    ROW_INITIATOR,
    ROW_ADAPTER,
    N_ROWS
} Row;

struct _DomusNewPoolDialog {
    GtkDialog parent_instance;

    DomusConnection *conn;
    GCancellable *cancellable;
    GtkGrid *grid;
    GtkComboBoxText *type_combo;
    GtkEntry *name_entry;
    GtkLabel *row_labels[N_ROWS];
    GtkWidget *row_widgets[N_ROWS];
    GtkWidget *discover_button;
    GtkComboBoxText *source_combo;   /* an entry with what discovery found */
    GtkComboBoxText *vg_combo;
    GtkToggleButton *build_check;
    GtkToggleButton *autostart_check;
    GtkLabel *problem_label;
    GtkTextBuffer *xml_buffer;
    GtkWidget *create_button;
    gboolean busy;
};

/* The iSCSI portal's port when none is given (RFC 7143). */
#define ISCSI_PORT 3260

G_DEFINE_FINAL_TYPE (DomusNewPoolDialog, domus_new_pool_dialog, GTK_TYPE_DIALOG)

enum {
    SIGNAL_CREATED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
entry_text (GtkWidget *widget)
{
    GtkWidget *entry = GTK_IS_COMBO_BOX (widget) ? gtk_bin_get_child (GTK_BIN (widget)) : widget;
    const char *text = gtk_entry_get_text (GTK_ENTRY (entry));

    return *text != '\0' ? text : NULL;
}

static const char *
pool_type (DomusNewPoolDialog *self)
{
    return gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->type_combo));
}

static gboolean
is_one_of (const char *type, const char *const *types)
{
    return type != NULL && g_strv_contains (types, type);
}

static DomusPoolSpec *
read_spec (DomusNewPoolDialog *self)
{
    const char *type = pool_type (self);
    DomusPoolSpec *spec = domus_pool_spec_new (type, entry_text (GTK_WIDGET (self->name_entry)));
    const char *devices = entry_text (self->row_widgets[ROW_DEVICES]);

    if (gtk_widget_get_visible (self->row_widgets[ROW_TARGET]))
        spec->target_path = g_strdup (entry_text (self->row_widgets[ROW_TARGET]));
    if (gtk_widget_get_visible (self->row_widgets[ROW_HOST]))
        spec->host = g_strdup (entry_text (self->row_widgets[ROW_HOST]));
    if (gtk_widget_get_visible (self->row_widgets[ROW_PORT])) {
        /* As typed, before the spin button takes it: not a number is
         * G_MAXUINT, which the check refuses; the default is left out. */
        const char *text = entry_text (self->row_widgets[ROW_PORT]);
        guint64 port = G_MAXUINT;

        if (text != NULL)
            g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &port, NULL);
        spec->port = port != ISCSI_PORT ? (guint) port : 0;
    }
    if (gtk_widget_get_visible (self->row_widgets[ROW_SOURCE]))
        spec->source_path = g_strdup (entry_text (self->row_widgets[ROW_SOURCE]));
    if (gtk_widget_get_visible (self->row_widgets[ROW_VG]))
        spec->source_name = g_strdup (entry_text (self->row_widgets[ROW_VG]));
    if (gtk_widget_get_visible (self->row_widgets[ROW_DEVICES]) && devices != NULL)
        spec->devices = g_strsplit_set (g_strstrip (g_strdup (devices)), " ,", -1);
    if (spec->devices != NULL) {
        /* Empty pieces from doubled separators. */
        g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

        for (guint i = 0; spec->devices[i] != NULL; i++)
            if (*spec->devices[i] != '\0')
                g_strv_builder_add (builder, spec->devices[i]);
        g_strfreev (spec->devices);
        spec->devices = g_strv_builder_end (builder);
        if (spec->devices[0] == NULL)
            g_clear_pointer (&spec->devices, g_strfreev);
    }
    if (gtk_widget_get_visible (self->row_widgets[ROW_INITIATOR]))
        spec->initiator_iqn = g_strdup (entry_text (self->row_widgets[ROW_INITIATOR]));
    if (gtk_widget_get_visible (self->row_widgets[ROW_ADAPTER]))
        spec->adapter = g_strdup (entry_text (self->row_widgets[ROW_ADAPTER]));
    return spec;
}

/* Checks as the user types: the first problem next to the button, the
 * XML as it would be defined. */
static void
validate (DomusNewPoolDialog *self)
{
    g_autoptr(DomusPoolSpec) spec = read_spec (self);
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) overwrites = NULL;
    gboolean ok = domus_pool_spec_check (spec, NULL, &error);

    gtk_label_set_text (self->problem_label, ok ? "" : error->message);
    if (ok) {
        g_autofree char *xml = domus_pool_spec_to_xml (spec);

        gtk_text_buffer_set_text (self->xml_buffer, xml, -1);
    } else {
        gtk_text_buffer_set_text (self->xml_buffer, "", -1);
    }
    overwrites = domus_pool_spec_overwrites (spec);
    gtk_widget_set_visible (GTK_WIDGET (self->build_check), overwrites[0] != NULL);
    gtk_widget_set_sensitive (self->create_button, ok && !self->busy);
}

static void
set_row (DomusNewPoolDialog *self, Row row, gboolean shown, const char *label)
{
    gtk_widget_set_visible (GTK_WIDGET (self->row_labels[row]), shown);
    gtk_widget_set_visible (self->row_widgets[row], shown);
    if (label != NULL) {
        gtk_label_set_text_with_mnemonic (self->row_labels[row], label);
        domus_form_name_field (self->row_widgets[row], label);
    }
}

static void
type_changed_cb (DomusNewPoolDialog *self)
{
    const char *type = pool_type (self);
    static const char *const mounted[] = { "dir", "fs", "netfs", NULL };
    static const char *const served[] = { "netfs", "iscsi", "iscsi-direct", NULL };
    static const char *const sourced[] = { "fs", "netfs", "iscsi", "iscsi-direct", "disk",
                                           NULL };
    static const char *const discoverable[] = { "netfs", "iscsi", "iscsi-direct", "logical",
                                                NULL };
    const char *source_label = _("_Device:");

    if (g_strcmp0 (type, "netfs") == 0)
        source_label = _("_Export:");
    else if (g_str_has_prefix (type, "iscsi"))
        source_label = _("_Target IQN:");
    set_row (self, ROW_TARGET, is_one_of (type, mounted),
             g_strcmp0 (type, "dir") == 0 ? _("_Directory:") : _("_Mount point:"));
    set_row (self, ROW_HOST, is_one_of (type, served), NULL);
    set_row (self, ROW_PORT, g_str_has_prefix (type, "iscsi"), NULL);
    set_row (self, ROW_SOURCE, is_one_of (type, sourced), source_label);
    set_row (self, ROW_VG, g_strcmp0 (type, "logical") == 0, NULL);
    set_row (self, ROW_DEVICES, g_strcmp0 (type, "logical") == 0, NULL);
    set_row (self, ROW_INITIATOR, g_str_has_prefix (type, "iscsi"),
             g_strcmp0 (type, "iscsi-direct") == 0 ? _("_Initiator IQN:")
                                                   : _("_Initiator IQN (optional):"));
    set_row (self, ROW_ADAPTER, g_strcmp0 (type, "scsi") == 0, NULL);
    gtk_widget_set_visible (self->discover_button, is_one_of (type, discoverable));
    gtk_combo_box_text_remove_all (self->source_combo);
    gtk_combo_box_text_remove_all (self->vg_combo);
    validate (self);
}

static void
sources_found_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) found = domus_storage_find_sources_finish (DOMUS_CONNECTION (source), result,
                                                             &error);
    DomusNewPoolDialog *self = user_data;
    GtkComboBoxText *combo;

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    gtk_widget_set_sensitive (self->discover_button, TRUE);
    if (found == NULL) {
        gtk_label_set_text (self->problem_label, error->message);
        return;
    }
    combo = g_strcmp0 (pool_type (self), "logical") == 0 ? self->vg_combo : self->source_combo;
    gtk_combo_box_text_remove_all (combo);
    for (guint i = 0; found[i] != NULL; i++)
        gtk_combo_box_text_append_text (combo, found[i]);
    if (found[0] == NULL) {
        gtk_label_set_text (self->problem_label, _("The server offers nothing of this kind."));
        return;
    }
    gtk_combo_box_set_active (GTK_COMBO_BOX (combo), 0);
    validate (self);
}

static void
discover_clicked_cb (DomusNewPoolDialog *self)
{
    g_autoptr(DomusPoolSpec) spec = read_spec (self);

    if (g_strcmp0 (spec->type, "logical") != 0 && spec->host == NULL) {
        gtk_label_set_text (self->problem_label, _("Enter the server’s host name first."));
        gtk_widget_grab_focus (self->row_widgets[ROW_HOST]);
        return;
    }
    /* libiscsi logs in to list the targets: it needs a name. */
    if (g_strcmp0 (spec->type, "iscsi-direct") == 0 && spec->initiator_iqn == NULL) {
        gtk_label_set_text (self->problem_label,
                            _("Enter this host’s initiator IQN first: the server is asked "
                              "under that name."));
        gtk_widget_grab_focus (self->row_widgets[ROW_INITIATOR]);
        return;
    }
    gtk_widget_set_sensitive (self->discover_button, FALSE);
    domus_storage_find_sources_async (self->conn, spec, self->cancellable, sources_found_cb,
                                      self);
}

static void
defined_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    DomusNewPoolDialog *self = user_data;
    g_autofree char *name = NULL;

    if (!domus_storage_define_pool_finish (DOMUS_CONNECTION (source), result, &error)) {
        if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            return;
        self->busy = FALSE;
        validate (self);
        /* The host's refusal, whole; the dialog stays for a correction. */
        gtk_label_set_text (self->problem_label, error->message);
        return;
    }
    name = g_strdup (gtk_entry_get_text (self->name_entry));
    g_signal_emit (self, signals[SIGNAL_CREATED], 0, name);
    gtk_widget_destroy (GTK_WIDGET (self));
}

static void
define (DomusNewPoolDialog *self, gboolean build)
{
    g_autoptr(DomusPoolSpec) spec = read_spec (self);
    g_autofree char *xml = domus_pool_spec_to_xml (spec);
    /* A directory or mount point is made by the build; it formats nothing. */
    gboolean makes_dir = is_one_of (spec->type, (const char *const[]) { "dir", "netfs", NULL });

    self->busy = TRUE;
    gtk_widget_set_sensitive (self->create_button, FALSE);
    domus_storage_define_pool_async (self->conn, xml, build || makes_dir,
                                     gtk_toggle_button_get_active (self->autostart_check),
                                     self->cancellable, defined_cb, self);
}

static void
format_response_cb (GtkDialog *ask, int response, DomusNewPoolDialog *self)
{
    gtk_widget_destroy (GTK_WIDGET (ask));
    if (response == GTK_RESPONSE_ACCEPT)
        define (self, TRUE);
}

static void
domus_new_pool_dialog_response (GtkDialog *dialog, int response)
{
    DomusNewPoolDialog *self = DOMUS_NEW_POOL_DIALOG (dialog);
    g_autoptr(DomusPoolSpec) spec = NULL;
    g_auto(GStrv) overwrites = NULL;
    g_autofree char *list = NULL;
    GtkWidget *ask, *button;

    if (response != GTK_RESPONSE_ACCEPT) {
        gtk_widget_destroy (GTK_WIDGET (dialog));
        return;
    }
    spec = read_spec (self);
    if (!domus_pool_spec_check (spec, NULL, NULL) || self->busy)
        return;
    overwrites = domus_pool_spec_overwrites (spec);
    if (overwrites[0] == NULL || !gtk_toggle_button_get_active (self->build_check)) {
        define (self, FALSE);
        return;
    }
    /* Formatting destroys what is on the devices: say which, ask first. */
    list = g_strjoinv (", ", overwrites);
    ask = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL |
                                  GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_WARNING,
                                  GTK_BUTTONS_NONE,
                                  g_dngettext (GETTEXT_PACKAGE, "Format %s?", "Format %s?",
                                               g_strv_length (overwrites)),
                                  list);
    gtk_message_dialog_format_secondary_text (
        GTK_MESSAGE_DIALOG (ask),
        g_dngettext (GETTEXT_PACKAGE,
                     "Everything now stored on %s is lost.",
                     "Everything now stored on %s is lost.", g_strv_length (overwrites)),
        list);
    gtk_dialog_add_button (GTK_DIALOG (ask), _("_Cancel"), GTK_RESPONSE_CANCEL);
    button = gtk_dialog_add_button (GTK_DIALOG (ask), _("_Format"), GTK_RESPONSE_ACCEPT);
    gtk_style_context_add_class (gtk_widget_get_style_context (button),
                                 GTK_STYLE_CLASS_DESTRUCTIVE_ACTION);
    gtk_dialog_set_default_response (GTK_DIALOG (ask), GTK_RESPONSE_CANCEL);
    g_signal_connect_object (ask, "response", G_CALLBACK (format_response_cb), self, 0);
    gtk_widget_show (ask);
}

static GtkWidget *
add_row (DomusNewPoolDialog *self, int top, const char *label, GtkWidget *widget, Row row)
{
    GtkWidget *l = domus_form_add_row (self->grid, top, label, widget, NULL);
    GtkWidget *entry = GTK_IS_COMBO_BOX (widget) && gtk_combo_box_get_has_entry (
                           GTK_COMBO_BOX (widget))
                       ? gtk_bin_get_child (GTK_BIN (widget)) : widget;

    gtk_widget_show (l);
    gtk_widget_show (widget);
    if (GTK_IS_ENTRY (entry)) {
        g_signal_connect_object (entry, "changed", G_CALLBACK (validate), self,
                                 G_CONNECT_SWAPPED);
        gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
    }
    if (row < N_ROWS) {
        self->row_labels[row] = GTK_LABEL (l);
        self->row_widgets[row] = widget;
    }
    return widget;
}

static void
domus_new_pool_dialog_dispose (GObject *object)
{
    DomusNewPoolDialog *self = DOMUS_NEW_POOL_DIALOG (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->conn);
    G_OBJECT_CLASS (domus_new_pool_dialog_parent_class)->dispose (object);
}

static void
domus_new_pool_dialog_class_init (DomusNewPoolDialogClass *klass)
{
    G_OBJECT_CLASS (klass)->dispose = domus_new_pool_dialog_dispose;
    GTK_DIALOG_CLASS (klass)->response = domus_new_pool_dialog_response;

    signals[SIGNAL_CREATED] =
        g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
domus_new_pool_dialog_init (DomusNewPoolDialog *self)
{
    GtkWidget *area = gtk_dialog_get_content_area (GTK_DIALOG (self));
    const char *const *types = domus_pool_types ();
    GtkWidget *expander, *scrolled, *view, *box, *port;
    int top = 0;

    self->cancellable = g_cancellable_new ();
    gtk_window_set_title (GTK_WINDOW (self), _("New Storage Pool"));
    gtk_window_set_default_size (GTK_WINDOW (self), 520, -1);
    gtk_dialog_add_button (GTK_DIALOG (self), _("_Cancel"), GTK_RESPONSE_CANCEL);
    self->create_button = gtk_dialog_add_button (GTK_DIALOG (self), _("C_reate"),
                                                 GTK_RESPONSE_ACCEPT);
    gtk_style_context_add_class (gtk_widget_get_style_context (self->create_button),
                                 GTK_STYLE_CLASS_SUGGESTED_ACTION);
    gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT);

    self->grid = GTK_GRID (gtk_grid_new ());
    gtk_grid_set_row_spacing (self->grid, 6);
    gtk_grid_set_column_spacing (self->grid, 12);
    gtk_container_set_border_width (GTK_CONTAINER (self->grid), 12);
    gtk_widget_show (GTK_WIDGET (self->grid));
    gtk_container_add (GTK_CONTAINER (area), GTK_WIDGET (self->grid));

    self->type_combo = GTK_COMBO_BOX_TEXT (gtk_combo_box_text_new ());
    for (guint i = 0; types[i] != NULL; i++)
        gtk_combo_box_text_append (self->type_combo, types[i], domus_pool_type_label (types[i]));
    add_row (self, top++, _("_Kind:"), GTK_WIDGET (self->type_combo), N_ROWS);
    self->name_entry = GTK_ENTRY (add_row (self, top++, _("_Name:"), gtk_entry_new (), N_ROWS));
    add_row (self, top++, _("_Directory:"), gtk_entry_new (), ROW_TARGET);
    add_row (self, top++, _("_Server:"), gtk_entry_new (), ROW_HOST);
    port = gtk_spin_button_new_with_range (1, G_MAXUINT16, 1);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (port), ISCSI_PORT);
    add_row (self, top++, _("_Port:"), port, ROW_PORT);
    self->source_combo = GTK_COMBO_BOX_TEXT (gtk_combo_box_text_new_with_entry ());
    add_row (self, top++, _("_Device:"), GTK_WIDGET (self->source_combo), ROW_SOURCE);
    self->vg_combo = GTK_COMBO_BOX_TEXT (gtk_combo_box_text_new_with_entry ());
    add_row (self, top++, _("_Volume group:"), GTK_WIDGET (self->vg_combo), ROW_VG);
    add_row (self, top++, _("Bui_ld on devices:"), gtk_entry_new (), ROW_DEVICES);
    gtk_widget_set_tooltip_text (self->row_widgets[ROW_DEVICES],
                                 _("Leave empty to use an existing volume group; "
                                   "separate several devices with spaces."));
    add_row (self, top++, _("_Initiator IQN:"), gtk_entry_new (), ROW_INITIATOR);
    add_row (self, top++, _("_Adapter:"), gtk_entry_new (), ROW_ADAPTER);
    gtk_entry_set_placeholder_text (GTK_ENTRY (self->row_widgets[ROW_ADAPTER]), "host0");

    box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    self->discover_button = gtk_button_new_with_mnemonic (_("Disc_over"));
    gtk_widget_set_tooltip_text (self->discover_button,
                                 _("Ask the host what the server offers"));
    g_signal_connect_object (self->discover_button, "clicked", G_CALLBACK (discover_clicked_cb),
                             self, G_CONNECT_SWAPPED);
    gtk_container_add (GTK_CONTAINER (box), self->discover_button);
    self->build_check = GTK_TOGGLE_BUTTON (gtk_check_button_new_with_mnemonic (
        _("_Format the device (erases it)")));
    gtk_container_add (GTK_CONTAINER (box), GTK_WIDGET (self->build_check));
    gtk_widget_show (box);
    gtk_grid_attach (self->grid, box, 1, top++, 1, 1);
    self->autostart_check = GTK_TOGGLE_BUTTON (gtk_check_button_new_with_mnemonic (
        _("Start at _boot")));
    gtk_toggle_button_set_active (self->autostart_check, TRUE);
    gtk_widget_show (GTK_WIDGET (self->autostart_check));
    gtk_grid_attach (self->grid, GTK_WIDGET (self->autostart_check), 1, top++, 1, 1);

    self->problem_label = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_xalign (self->problem_label, 0);
    gtk_label_set_line_wrap (self->problem_label, TRUE);
    gtk_label_set_max_width_chars (self->problem_label, 50);
    gtk_label_set_selectable (self->problem_label, TRUE);
    gtk_widget_set_can_focus (GTK_WIDGET (self->problem_label), FALSE);
    gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (self->problem_label)),
                                 GTK_STYLE_CLASS_ERROR);
    gtk_widget_show (GTK_WIDGET (self->problem_label));
    gtk_grid_attach (self->grid, GTK_WIDGET (self->problem_label), 0, top++, 2, 1);

    expander = gtk_expander_new_with_mnemonic (_("_XML"));
    scrolled = gtk_scrolled_window_new (NULL, NULL);
    gtk_widget_set_size_request (scrolled, -1, 160);
    view = gtk_text_view_new ();
    gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
    gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
    atk_object_set_name (gtk_widget_get_accessible (view), _("Pool XML"));
    self->xml_buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
    gtk_container_add (GTK_CONTAINER (scrolled), view);
    gtk_container_add (GTK_CONTAINER (expander), scrolled);
    gtk_widget_show_all (expander);
    gtk_grid_attach (self->grid, expander, 0, top++, 2, 1);

    g_signal_connect_object (self->type_combo, "changed", G_CALLBACK (type_changed_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->type_combo), 0);
}

DomusNewPoolDialog *
domus_new_pool_dialog_new (DomusConnection *conn, GtkWindow *parent)
{
    DomusNewPoolDialog *self;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);
    self = g_object_new (DOMUS_TYPE_NEW_POOL_DIALOG, "transient-for", parent, "modal", TRUE,
                         "destroy-with-parent", TRUE, "use-header-bar", FALSE, NULL);
    self->conn = g_object_ref (conn);
    return self;
}
