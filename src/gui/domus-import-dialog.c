/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Import Disk Image dialog: a small form built in C (its rows depend on
 * what the probe found), the probe and the transfer from core.
 */
#include "config.h"

#include "domus-import-dialog.h"
#include "domus-form-row.h"

#include <glib/gi18n.h>

#include "domus-storage.h"
#include "domus-storage-import.h"

struct _DomusImportDialog {
    GtkDialog parent_instance;

    DomusConnection *conn;
    char *pool;
    char *pool_type;
    GCancellable *probe_cancellable;
    GCancellable *transfer_cancellable;
    DomusImageInfo *info;
    char *path;

    GtkFileChooser *file_button;
    GtkLabel *info_label;
    GtkEntry *name_entry;
    GtkComboBoxText *format_combo;
    GtkProgressBar *progress;
    GtkLabel *problem_label;
    GtkWidget *import_button;
};

G_DEFINE_FINAL_TYPE (DomusImportDialog, domus_import_dialog, GTK_TYPE_DIALOG)

enum {
    SIGNAL_IMPORTED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
busy (DomusImportDialog *self)
{
    return self->transfer_cancellable != NULL;
}

static void
validate (DomusImportDialog *self)
{
    const char *name = gtk_entry_get_text (self->name_entry);
    const char *problem = NULL;

    if (self->info == NULL)
        problem = self->path != NULL ? NULL : _("Choose a disk image on this computer.");
    else if (*name == '\0')
        problem = _("The volume needs a name.");
    else if (strchr (name, '/') != NULL)
        problem = _("A volume name cannot contain “/”.");
    if (problem != NULL || !busy (self))
        gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
    gtk_widget_set_sensitive (self->import_button,
                              problem == NULL && self->info != NULL && !busy (self));
}

/* "disk.vmdk" → "disk.qcow2" for a qcow2 volume. */
static char *
suggest_name (const char *path, const char *format)
{
    g_autofree char *base = g_path_get_basename (path);
    char *dot = strrchr (base, '.');

    if (dot != NULL && dot != base)
        *dot = '\0';
    return g_strdup_printf ("%s.%s", base, format != NULL ? format : "img");
}

static const char *
chosen_format (DomusImportDialog *self)
{
    const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->format_combo));

    return id == NULL || *id == '\0' ? NULL : id;
}

static void
probed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    DomusImageInfo *info = domus_image_probe_finish (result, &error);
    DomusImportDialog *self = user_data;
    g_autofree char *size = NULL;
    g_autofree char *text = NULL;
    g_autofree char *name = NULL;

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    g_clear_pointer (&self->info, domus_image_info_free);
    if (info == NULL) {
        gtk_label_set_text (self->info_label, "");
        gtk_label_set_text (self->problem_label, error->message);
        validate (self);
        return;
    }
    self->info = info;
    size = g_format_size_full (info->virtual_size, G_FORMAT_SIZE_IEC_UNITS);
    /* Translators: a disk image's format and the size its guest sees, e.g.
     * "vmdk image, 20.0 GiB disk" */
    text = g_strdup_printf (_("%s image, %s disk"), info->format, size);
    gtk_label_set_text (self->info_label, text);
    if (!domus_storage_pool_holds_files (self->pool_type))
        name = suggest_name (self->path, NULL);
    else
        name = suggest_name (self->path, chosen_format (self) != NULL ? chosen_format (self)
                                                                      : info->format);
    gtk_entry_set_text (self->name_entry, name);
    validate (self);
}

static void
take_file (DomusImportDialog *self, char *path_taken)
{
    g_autofree char *path = path_taken;

    if (g_strcmp0 (path, self->path) == 0)
        return;
    g_free (self->path);
    self->path = g_steal_pointer (&path);
    g_clear_pointer (&self->info, domus_image_info_free);
    g_cancellable_cancel (self->probe_cancellable);
    g_clear_object (&self->probe_cancellable);
    gtk_label_set_text (self->info_label, self->path != NULL ? _("Reading the image…") : "");
    validate (self);
    if (self->path == NULL)
        return;
    self->probe_cancellable = g_cancellable_new ();
    domus_image_probe_async (self->path, self->probe_cancellable, probed_cb, self);
}

static void
file_set_cb (DomusImportDialog *self)
{
    take_file (self, gtk_file_chooser_get_filename (self->file_button));
}

static void
progress_cb (guint64 done, guint64 total, gpointer user_data)
{
    DomusImportDialog *self = user_data;
    g_autofree char *d = g_format_size_full (done, G_FORMAT_SIZE_IEC_UNITS);
    g_autofree char *t = g_format_size_full (total, G_FORMAT_SIZE_IEC_UNITS);
    /* Translators: bytes sent of the image's size, e.g. "1.2 GiB of 20.0 GiB" */
    g_autofree char *text = g_strdup_printf (_("%s of %s"), d, t);

    gtk_progress_bar_set_fraction (self->progress, total > 0 ? (double) done / total : 0);
    gtk_progress_bar_set_text (self->progress, text);
}

static void
imported_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *path = domus_storage_import_finish (DOMUS_CONNECTION (source), result,
                                                         &error);
    DomusImportDialog *self = user_data;
    g_autofree char *name = NULL;

    /* The dialog holds itself while its transfer runs. */
    g_clear_object (&self->transfer_cancellable);
    if (path == NULL) {
        gtk_widget_hide (GTK_WIDGET (self->progress));
        validate (self);
        gtk_label_set_text (self->problem_label, error->message);
        g_object_unref (self);
        return;
    }
    name = g_strdup (gtk_entry_get_text (self->name_entry));
    g_signal_emit (self, signals[SIGNAL_IMPORTED], 0, name);
    gtk_widget_destroy (GTK_WIDGET (self));
    g_object_unref (self);
}

static void
domus_import_dialog_response (GtkDialog *dialog, int response)
{
    DomusImportDialog *self = DOMUS_IMPORT_DIALOG (dialog);
    const char *format;

    if (response != GTK_RESPONSE_ACCEPT) {
        /* Cancel stops the transfer first (what it made is removed);
         * the dialog closes once it has. */
        if (busy (self))
            g_cancellable_cancel (self->transfer_cancellable);
        else
            gtk_widget_destroy (GTK_WIDGET (dialog));
        return;
    }
    if (busy (self) || self->info == NULL)
        return;
    format = domus_storage_pool_holds_files (self->pool_type) ? chosen_format (self) : "raw";
    self->transfer_cancellable = g_cancellable_new ();
    gtk_widget_show (GTK_WIDGET (self->progress));
    gtk_progress_bar_set_fraction (self->progress, 0);
    gtk_label_set_text (self->problem_label, "");
    validate (self);
    domus_storage_import_async (self->conn, self->pool, gtk_entry_get_text (self->name_entry),
                                self->path, self->info, format, progress_cb, self,
                                self->transfer_cancellable, imported_cb, g_object_ref (self));
}

static gboolean
domus_import_dialog_delete_event (GtkWidget *widget, GdkEventAny *event)
{
    DomusImportDialog *self = DOMUS_IMPORT_DIALOG (widget);

    /* Closing the window cancels as the Cancel button does. */
    if (busy (self)) {
        g_cancellable_cancel (self->transfer_cancellable);
        return TRUE;
    }
    return GTK_WIDGET_CLASS (domus_import_dialog_parent_class)->delete_event (widget, event);
}

/* A row of the form; the field, for its caller to keep. */
static GtkWidget *
add_row (GtkGrid *grid, int top, const char *label, GtkWidget *widget, const char *name)
{
    domus_form_add_row (grid, top, label, widget, name);
    return widget;
}

static void
domus_import_dialog_dispose (GObject *object)
{
    DomusImportDialog *self = DOMUS_IMPORT_DIALOG (object);

    g_cancellable_cancel (self->probe_cancellable);
    g_clear_object (&self->probe_cancellable);
    g_clear_object (&self->conn);
    g_clear_pointer (&self->info, domus_image_info_free);
    g_clear_pointer (&self->path, g_free);
    g_clear_pointer (&self->pool, g_free);
    g_clear_pointer (&self->pool_type, g_free);
    G_OBJECT_CLASS (domus_import_dialog_parent_class)->dispose (object);
}

static void
domus_import_dialog_class_init (DomusImportDialogClass *klass)
{
    G_OBJECT_CLASS (klass)->dispose = domus_import_dialog_dispose;
    GTK_WIDGET_CLASS (klass)->delete_event = domus_import_dialog_delete_event;
    GTK_DIALOG_CLASS (klass)->response = domus_import_dialog_response;

    signals[SIGNAL_IMPORTED] =
        g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
domus_import_dialog_init (DomusImportDialog *self)
{
    GtkWidget *area = gtk_dialog_get_content_area (GTK_DIALOG (self));
    GtkGrid *grid = GTK_GRID (gtk_grid_new ());
    int top = 0;

    gtk_window_set_title (GTK_WINDOW (self), _("Import Disk Image"));
    gtk_dialog_add_button (GTK_DIALOG (self), _("_Cancel"), GTK_RESPONSE_CANCEL);
    self->import_button = gtk_dialog_add_button (GTK_DIALOG (self), _("_Import"),
                                                 GTK_RESPONSE_ACCEPT);
    gtk_style_context_add_class (gtk_widget_get_style_context (self->import_button),
                                 GTK_STYLE_CLASS_SUGGESTED_ACTION);
    gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT);
    gtk_grid_set_row_spacing (grid, 6);
    gtk_grid_set_column_spacing (grid, 12);
    gtk_container_set_border_width (GTK_CONTAINER (grid), 12);
    gtk_container_add (GTK_CONTAINER (area), GTK_WIDGET (grid));

    self->file_button = GTK_FILE_CHOOSER (add_row (
        grid, top++, _("I_mage:"),
        gtk_file_chooser_button_new (_("Choose a Disk Image"), GTK_FILE_CHOOSER_ACTION_OPEN),
        _("Image")));
    self->info_label = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_xalign (self->info_label, 0);
    gtk_grid_attach (grid, GTK_WIDGET (self->info_label), 1, top++, 1, 1);
    self->name_entry = GTK_ENTRY (add_row (grid, top++, _("Volume _name:"), gtk_entry_new (),
                                           _("Volume name")));
    gtk_entry_set_activates_default (self->name_entry, TRUE);
    self->format_combo = GTK_COMBO_BOX_TEXT (add_row (grid, top++, _("Con_vert to:"),
                                                      gtk_combo_box_text_new (),
                                                      _("Convert to")));
    gtk_combo_box_text_append (self->format_combo, "qcow2", _("QCOW2"));
    gtk_combo_box_text_append (self->format_combo, "raw", _("Raw"));
    gtk_combo_box_text_append (self->format_combo, "", _("Keep its format"));
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->format_combo), 0);
    self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
    gtk_progress_bar_set_show_text (self->progress, TRUE);
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->progress)),
                         _("Import progress"));
    gtk_grid_attach (grid, GTK_WIDGET (self->progress), 0, top++, 2, 1);
    self->problem_label = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_xalign (self->problem_label, 0);
    gtk_label_set_line_wrap (self->problem_label, TRUE);
    gtk_label_set_max_width_chars (self->problem_label, 50);
    gtk_label_set_selectable (self->problem_label, TRUE);
    gtk_widget_set_can_focus (GTK_WIDGET (self->problem_label), FALSE);
    gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (self->problem_label)),
                                 GTK_STYLE_CLASS_ERROR);
    gtk_grid_attach (grid, GTK_WIDGET (self->problem_label), 0, top++, 2, 1);
    gtk_widget_show_all (GTK_WIDGET (grid));
    gtk_widget_hide (GTK_WIDGET (self->progress));

    g_signal_connect_object (self->file_button, "file-set", G_CALLBACK (file_set_cb),
                             self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->name_entry, "changed", G_CALLBACK (validate), self,
                             G_CONNECT_SWAPPED);
}

DomusImportDialog *
domus_import_dialog_new (DomusConnection *conn, GtkWindow *parent, const char *pool,
                         const char *pool_type)
{
    DomusImportDialog *self;
    g_autofree char *title = NULL;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);
    g_return_val_if_fail (pool != NULL, NULL);
    self = g_object_new (DOMUS_TYPE_IMPORT_DIALOG, "transient-for", parent, "modal", TRUE,
                         "destroy-with-parent", TRUE, "use-header-bar", FALSE, NULL);
    self->conn = g_object_ref (conn);
    self->pool = g_strdup (pool);
    self->pool_type = g_strdup (pool_type);
    /* Block pools take raw volumes only. */
    if (!domus_storage_pool_holds_files (pool_type))
        gtk_widget_set_sensitive (GTK_WIDGET (self->format_combo), FALSE);
    /* Translators: the Import dialog's title, with the pool's name */
    title = g_strdup_printf (_("Import Disk Image into “%s”"), pool);
    gtk_window_set_title (GTK_WINDOW (self), title);
    validate (self);
    return self;
}

void
domus_import_dialog_set_file (DomusImportDialog *self, const char *path)
{
    g_return_if_fail (DOMUS_IS_IMPORT_DIALOG (self));
    g_return_if_fail (path != NULL);
    gtk_file_chooser_set_filename (self->file_button, path);
    take_file (self, g_strdup (path));
}
