/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The New Volume dialog. The formats offered are the pool's
 * (domus_storage_pool_formats); the spec and its check come from core.
 */
#include "config.h"

#include "domus-new-volume-dialog.h"
#include "domus-form-row.h"

#include <glib/gi18n.h>

#include "domus-storage.h"
#include "domus-storage-volume.h"

#define GIB (1024.0 * 1024.0 * 1024.0)

struct _DomusNewVolumeDialog {
    GtkDialog parent_instance;

    DomusConnection *conn;
    GCancellable *cancellable;
    char *pool;
    char *pool_type;
    GtkEntry *name_entry;
    GtkComboBoxText *format_combo;
    GtkSpinButton *size_spin;
    GtkToggleButton *prealloc_check;
    GtkComboBoxText *backing_combo;
    GtkLabel *problem_label;
    GtkWidget *create_button;
    gboolean busy;
};

G_DEFINE_FINAL_TYPE (DomusNewVolumeDialog, domus_new_volume_dialog, GTK_TYPE_DIALOG)

enum {
    SIGNAL_CREATED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the size field says now, as typed (the spin button's value follows
 * only once it is activated or left). */
static double
size_typed (GtkSpinButton *spin)
{
    const char *text = gtk_entry_get_text (GTK_ENTRY (spin));
    char *end = NULL;
    double value = g_strtod (text, &end);

    return end != text && value > 0 ? value : 0;
}

static DomusVolumeSpec *
read_spec (DomusNewVolumeDialog *self)
{
    const char *backing = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->backing_combo));
    DomusVolumeSpec *spec = domus_volume_spec_new (
        gtk_entry_get_text (self->name_entry),
        gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->format_combo)),
        (guint64) (size_typed (self->size_spin) * GIB));

    /* A block pool's volumes take its own format. */
    if (!domus_storage_pool_holds_files (self->pool_type))
        g_clear_pointer (&spec->format, g_free);
    spec->preallocate = gtk_toggle_button_get_active (self->prealloc_check);
    if (backing != NULL && *backing != '\0') {
        spec->backing_path = g_strdup (backing);
        /* What QEMU finds in it; Domus's volumes are qcow2 or raw. */
        spec->backing_format = g_strdup (g_str_has_suffix (backing, ".qcow2") ? "qcow2"
                                                                              : "raw");
    }
    return spec;
}

static void
validate (DomusNewVolumeDialog *self)
{
    g_autoptr(DomusVolumeSpec) spec = read_spec (self);
    g_autoptr(GError) error = NULL;
    gboolean ok = domus_volume_spec_check (spec, self->pool_type, &error);

    gtk_label_set_text (self->problem_label, ok ? "" : error->message);
    gtk_widget_set_sensitive (self->create_button, ok && !self->busy);
    gtk_widget_set_sensitive (GTK_WIDGET (self->backing_combo),
                              g_strcmp0 (spec->format, "qcow2") == 0);
}

static void
created_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *path = domus_storage_create_volume_spec_finish (DOMUS_CONNECTION (source),
                                                                     result, &error);
    DomusNewVolumeDialog *self = user_data;
    g_autofree char *name = NULL;

    if (path == NULL) {
        if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            return;
        self->busy = FALSE;
        validate (self);
        gtk_label_set_text (self->problem_label, error->message);
        return;
    }
    name = g_strdup (gtk_entry_get_text (self->name_entry));
    g_signal_emit (self, signals[SIGNAL_CREATED], 0, name);
    gtk_widget_destroy (GTK_WIDGET (self));
}

static void
domus_new_volume_dialog_response (GtkDialog *dialog, int response)
{
    DomusNewVolumeDialog *self = DOMUS_NEW_VOLUME_DIALOG (dialog);
    g_autoptr(DomusVolumeSpec) spec = NULL;

    if (response != GTK_RESPONSE_ACCEPT) {
        gtk_widget_destroy (GTK_WIDGET (dialog));
        return;
    }
    spec = read_spec (self);
    if (self->busy || !domus_volume_spec_check (spec, self->pool_type, NULL))
        return;
    if (spec->format == NULL || g_strcmp0 (spec->format, "qcow2") != 0)
        g_clear_pointer (&spec->backing_path, g_free);
    self->busy = TRUE;
    gtk_widget_set_sensitive (self->create_button, FALSE);
    domus_storage_create_volume_spec_async (self->conn, self->pool, spec, self->cancellable,
                                            created_cb, self);
}

static GtkWidget *
add_row (GtkGrid *grid, int top, const char *label, GtkWidget *widget)
{
    domus_form_add_row (grid, top, label, widget, NULL);
    return widget;
}

static void
domus_new_volume_dialog_dispose (GObject *object)
{
    DomusNewVolumeDialog *self = DOMUS_NEW_VOLUME_DIALOG (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->conn);
    g_clear_pointer (&self->pool, g_free);
    g_clear_pointer (&self->pool_type, g_free);
    G_OBJECT_CLASS (domus_new_volume_dialog_parent_class)->dispose (object);
}

static void
domus_new_volume_dialog_class_init (DomusNewVolumeDialogClass *klass)
{
    G_OBJECT_CLASS (klass)->dispose = domus_new_volume_dialog_dispose;
    GTK_DIALOG_CLASS (klass)->response = domus_new_volume_dialog_response;

    signals[SIGNAL_CREATED] =
        g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
domus_new_volume_dialog_init (DomusNewVolumeDialog *self)
{
    GtkWidget *area = gtk_dialog_get_content_area (GTK_DIALOG (self));
    GtkGrid *grid = GTK_GRID (gtk_grid_new ());
    int top = 0;

    self->cancellable = g_cancellable_new ();
    gtk_window_set_title (GTK_WINDOW (self), _("New Volume"));
    gtk_dialog_add_button (GTK_DIALOG (self), _("_Cancel"), GTK_RESPONSE_CANCEL);
    self->create_button = gtk_dialog_add_button (GTK_DIALOG (self), _("C_reate"),
                                                 GTK_RESPONSE_ACCEPT);
    gtk_style_context_add_class (gtk_widget_get_style_context (self->create_button),
                                 GTK_STYLE_CLASS_SUGGESTED_ACTION);
    gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT);

    gtk_grid_set_row_spacing (grid, 6);
    gtk_grid_set_column_spacing (grid, 12);
    gtk_container_set_border_width (GTK_CONTAINER (grid), 12);
    gtk_container_add (GTK_CONTAINER (area), GTK_WIDGET (grid));

    self->name_entry = GTK_ENTRY (add_row (grid, top++, _("_Name:"), gtk_entry_new ()));
    gtk_entry_set_activates_default (self->name_entry, TRUE);
    self->format_combo = GTK_COMBO_BOX_TEXT (add_row (grid, top++, _("_Format:"),
                                                      gtk_combo_box_text_new ()));
    self->size_spin = GTK_SPIN_BUTTON (add_row (grid, top++, _("_Size (GiB):"),
                                                gtk_spin_button_new_with_range (0, 1024 * 1024,
                                                                                1)));
    gtk_spin_button_set_digits (self->size_spin, 3);
    gtk_spin_button_set_value (self->size_spin, 20);
    gtk_entry_set_activates_default (GTK_ENTRY (self->size_spin), TRUE);
    self->prealloc_check = GTK_TOGGLE_BUTTON (gtk_check_button_new_with_mnemonic (
        _("_Allocate the whole size now")));
    gtk_grid_attach (grid, GTK_WIDGET (self->prealloc_check), 1, top++, 1, 1);
    self->backing_combo = GTK_COMBO_BOX_TEXT (add_row (grid, top++, _("_Backing volume:"),
                                                       gtk_combo_box_text_new ()));
    self->problem_label = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_xalign (self->problem_label, 0);
    gtk_label_set_line_wrap (self->problem_label, TRUE);
    gtk_label_set_max_width_chars (self->problem_label, 50);
    gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (self->problem_label)),
                                 GTK_STYLE_CLASS_ERROR);
    gtk_grid_attach (grid, GTK_WIDGET (self->problem_label), 0, top++, 2, 1);
    gtk_widget_show_all (GTK_WIDGET (grid));

    g_signal_connect_object (self->name_entry, "changed", G_CALLBACK (validate), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (self->format_combo, "changed", G_CALLBACK (validate), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (self->size_spin, "changed", G_CALLBACK (validate), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (self->backing_combo, "changed", G_CALLBACK (validate), self,
                             G_CONNECT_SWAPPED);
}

DomusNewVolumeDialog *
domus_new_volume_dialog_new (DomusConnection *conn, GtkWindow *parent, const char *pool,
                             const char *pool_type, const char *const *backing)
{
    DomusNewVolumeDialog *self;
    const char *const *formats = domus_storage_pool_formats (pool_type);
    g_autofree char *title = NULL;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);
    g_return_val_if_fail (pool != NULL, NULL);
    self = g_object_new (DOMUS_TYPE_NEW_VOLUME_DIALOG, "transient-for", parent, "modal", TRUE,
                         "destroy-with-parent", TRUE, "use-header-bar", FALSE, NULL);
    self->conn = g_object_ref (conn);
    self->pool = g_strdup (pool);
    self->pool_type = g_strdup (pool_type);
    /* Translators: the title of the New Volume dialog, with the pool's name */
    title = g_strdup_printf (_("New Volume in “%s”"), pool);
    gtk_window_set_title (GTK_WINDOW (self), title);
    for (guint i = 0; formats[i] != NULL; i++)
        gtk_combo_box_text_append (self->format_combo, formats[i], formats[i]);
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->format_combo), 0);
    gtk_combo_box_text_append (self->backing_combo, "", _("None"));
    for (guint i = 0; backing != NULL && backing[i] != NULL; i++)
        gtk_combo_box_text_append (self->backing_combo, backing[i], backing[i]);
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->backing_combo), 0);
    validate (self);
    return self;
}
