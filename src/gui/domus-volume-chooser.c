/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusVolumeChooser (see the header). The pools and the volumes come from
 * domus_storage_list_pools_async / domus_storage_list_volumes_async (the
 * pool refreshed first, so a file copied in shows); each reading cancels
 * the one before, and closing the dialog cancels what is left. The lists
 * are filled from those results, which is why they are built in C.
 */
#include "config.h"

#include "domus-volume-chooser.h"

#include <glib/gi18n.h>

#include "domus-storage.h"

struct _DomusVolumeChooser {
    GtkDialog parent_instance;

    DomusConnection *conn;
    GCancellable *cancellable;          /* the dialog's */
    GCancellable *volumes_cancellable;  /* the volume list being read */
    gboolean reading_pools;
    gboolean reading_volumes;
    char *path;

    GtkListBox *pools;
    GtkListStore *volumes;
    GtkTreeView *volume_view;
    GtkLabel *status;
};

G_DEFINE_FINAL_TYPE (DomusVolumeChooser, domus_volume_chooser, GTK_TYPE_DIALOG)

enum { COL_NAME, COL_SIZE, COL_FORMAT, COL_PATH, N_COLS };

const char *
domus_volume_chooser_get_path (DomusVolumeChooser *self)
{
    g_return_val_if_fail (DOMUS_IS_VOLUME_CHOOSER (self), NULL);
    return self->path;
}

gboolean
domus_volume_chooser_get_busy (DomusVolumeChooser *self)
{
    g_return_val_if_fail (DOMUS_IS_VOLUME_CHOOSER (self), FALSE);
    return self->reading_pools || self->reading_volumes;
}

static void
set_status (DomusVolumeChooser *self, const char *text)
{
    gtk_label_set_text (self->status, text != NULL ? text : "");
    gtk_widget_set_visible (GTK_WIDGET (self->status), text != NULL);
}

static void
selection_changed_cb (DomusVolumeChooser *self)
{
    GtkTreeModel *model;
    GtkTreeIter iter;
    g_autofree char *path = NULL;

    if (gtk_tree_selection_get_selected (gtk_tree_view_get_selection (self->volume_view), &model,
                                         &iter))
        gtk_tree_model_get (model, &iter, COL_PATH, &path, -1);
    g_free (self->path);
    self->path = g_steal_pointer (&path);
    gtk_dialog_set_response_sensitive (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT,
                                       self->path != NULL);
}

static void
volumes_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusVolumeChooser) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) volumes = NULL;

    volumes = domus_storage_list_volumes_finish (DOMUS_CONNECTION (source), result, &error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self->reading_volumes = FALSE;
    if (volumes == NULL) {
        set_status (self, error->message);
        return;
    }
    for (guint i = 0; i < volumes->len; i++) {
        DomusVolumeInfo *vol = g_ptr_array_index (volumes, i);
        g_autofree char *size = g_format_size (vol->capacity);

        gtk_list_store_insert_with_values (self->volumes, NULL, -1, COL_NAME, vol->name,
                                           COL_SIZE, size, COL_FORMAT,
                                           vol->format != NULL ? vol->format : "",
                                           COL_PATH, vol->path, -1);
    }
    set_status (self, volumes->len == 0 ? _("This pool has no volumes.") : NULL);
}

static void
pool_selected_cb (DomusVolumeChooser *self, GtkListBoxRow *row)
{
    const char *pool;

    /* The reading of the pool before, if any, no longer counts. */
    g_cancellable_cancel (self->volumes_cancellable);
    g_clear_object (&self->volumes_cancellable);
    self->reading_volumes = FALSE;
    gtk_list_store_clear (self->volumes);
    if (row == NULL)
        return;
    pool = g_object_get_data (G_OBJECT (row), "domus-pool");
    if (!GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "domus-active"))) {
        set_status (self, _("This pool is not active: start it on the host’s Storage page."));
        return;
    }
    set_status (self, _("Reading the volumes…"));
    self->volumes_cancellable = g_cancellable_new ();
    self->reading_volumes = TRUE;
    domus_storage_list_volumes_async (self->conn, pool, self->volumes_cancellable,
                                      volumes_done_cb, g_object_ref (self));
}

static void
pools_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusVolumeChooser) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) pools = NULL;
    GtkListBoxRow *first = NULL;

    pools = domus_storage_list_pools_finish (DOMUS_CONNECTION (source), result, &error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self->reading_pools = FALSE;
    if (pools == NULL) {
        set_status (self, error->message);
        return;
    }
    for (guint i = 0; i < pools->len; i++) {
        DomusPoolInfo *info = g_ptr_array_index (pools, i);
        GtkWidget *row = gtk_list_box_row_new ();
        GtkWidget *label = gtk_label_new (info->name);

        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_widget_set_margin_start (label, 6);
        gtk_widget_set_margin_end (label, 6);
        gtk_widget_set_margin_top (label, 3);
        gtk_widget_set_margin_bottom (label, 3);
        gtk_widget_set_sensitive (label, info->active);
        gtk_container_add (GTK_CONTAINER (row), label);
        g_object_set_data_full (G_OBJECT (row), "domus-pool", g_strdup (info->name), g_free);
        g_object_set_data (G_OBJECT (row), "domus-active", GINT_TO_POINTER (info->active));
        atk_object_set_name (gtk_widget_get_accessible (row), info->name);
        gtk_widget_show_all (row);
        gtk_container_add (GTK_CONTAINER (self->pools), row);
        if (first == NULL && info->active)
            first = GTK_LIST_BOX_ROW (row);
    }
    if (pools->len == 0)
        set_status (self, _("This host has no storage pools."));
    if (first != NULL)
        gtk_list_box_select_row (self->pools, first);
}

static void
volume_activated_cb (DomusVolumeChooser *self)
{
    if (self->path != NULL)
        gtk_dialog_response (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT);
}

GtkWidget *
domus_volume_chooser_new (GtkWindow *parent, DomusConnection *conn)
{
    DomusVolumeChooser *self;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);

    self = g_object_new (DOMUS_TYPE_VOLUME_CHOOSER, "use-header-bar", TRUE,
                         "transient-for", parent, "modal", TRUE,
                         "title", _("Choose a Volume"), NULL);
    self->conn = g_object_ref (conn);
    gtk_dialog_add_buttons (GTK_DIALOG (self), _("_Cancel"), GTK_RESPONSE_CANCEL,
                            _("C_hoose"), GTK_RESPONSE_ACCEPT, NULL);
    gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT);
    gtk_dialog_set_response_sensitive (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT, FALSE);
    self->reading_pools = TRUE;
    domus_storage_list_pools_async (conn, self->cancellable, pools_done_cb, g_object_ref (self));
    return GTK_WIDGET (self);
}

static void
add_column (GtkTreeView *view, const char *title, int column)
{
    GtkCellRenderer *cell = gtk_cell_renderer_text_new ();

    gtk_tree_view_append_column (view, gtk_tree_view_column_new_with_attributes (
                                     title, cell, "text", column, NULL));
}

static void
domus_volume_chooser_dispose (GObject *object)
{
    DomusVolumeChooser *self = DOMUS_VOLUME_CHOOSER (object);

    g_cancellable_cancel (self->cancellable);
    g_cancellable_cancel (self->volumes_cancellable);
    g_clear_object (&self->volumes_cancellable);
    g_clear_object (&self->conn);
    G_OBJECT_CLASS (domus_volume_chooser_parent_class)->dispose (object);
}

static void
domus_volume_chooser_finalize (GObject *object)
{
    DomusVolumeChooser *self = DOMUS_VOLUME_CHOOSER (object);

    g_clear_object (&self->cancellable);
    g_clear_object (&self->volumes);
    g_free (self->path);
    G_OBJECT_CLASS (domus_volume_chooser_parent_class)->finalize (object);
}

static void
domus_volume_chooser_class_init (DomusVolumeChooserClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = domus_volume_chooser_dispose;
    object_class->finalize = domus_volume_chooser_finalize;
}

static void
domus_volume_chooser_init (DomusVolumeChooser *self)
{
    GtkWidget *content = gtk_dialog_get_content_area (GTK_DIALOG (self));
    GtkWidget *paned = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *pool_scroll = gtk_scrolled_window_new (NULL, NULL);
    GtkWidget *volume_scroll = gtk_scrolled_window_new (NULL, NULL);
    GtkWidget *pools_label = gtk_label_new_with_mnemonic (_("_Pools"));
    GtkWidget *volumes_label = gtk_label_new_with_mnemonic (_("_Volumes"));
    GtkWidget *left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

    self->cancellable = g_cancellable_new ();
    self->volumes = gtk_list_store_new (N_COLS, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                                        G_TYPE_STRING);
    self->pools = GTK_LIST_BOX (gtk_list_box_new ());
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->pools)), _("Pools"));
    g_signal_connect_object (self->pools, "row-selected", G_CALLBACK (pool_selected_cb), self,
                             G_CONNECT_SWAPPED);
    self->volume_view = GTK_TREE_VIEW (gtk_tree_view_new_with_model (
                                           GTK_TREE_MODEL (self->volumes)));
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->volume_view)),
                         _("Volumes"));
    add_column (self->volume_view, _("Name"), COL_NAME);
    add_column (self->volume_view, _("Size"), COL_SIZE);
    add_column (self->volume_view, _("Format"), COL_FORMAT);
    g_signal_connect_object (gtk_tree_view_get_selection (self->volume_view), "changed",
                             G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->volume_view, "row-activated",
                             G_CALLBACK (volume_activated_cb), self, G_CONNECT_SWAPPED);
    self->status = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_xalign (self->status, 0);
    gtk_label_set_line_wrap (self->status, TRUE);

    gtk_label_set_mnemonic_widget (GTK_LABEL (pools_label), GTK_WIDGET (self->pools));
    gtk_label_set_mnemonic_widget (GTK_LABEL (volumes_label), GTK_WIDGET (self->volume_view));
    gtk_label_set_xalign (GTK_LABEL (pools_label), 0);
    gtk_label_set_xalign (GTK_LABEL (volumes_label), 0);
    gtk_scrolled_window_set_shadow_type (GTK_SCROLLED_WINDOW (pool_scroll), GTK_SHADOW_IN);
    gtk_scrolled_window_set_shadow_type (GTK_SCROLLED_WINDOW (volume_scroll), GTK_SHADOW_IN);
    gtk_widget_set_size_request (pool_scroll, 160, 280);
    gtk_widget_set_size_request (volume_scroll, 420, 280);
    gtk_container_add (GTK_CONTAINER (pool_scroll), GTK_WIDGET (self->pools));
    gtk_container_add (GTK_CONTAINER (volume_scroll), GTK_WIDGET (self->volume_view));
    gtk_box_pack_start (GTK_BOX (left), pools_label, FALSE, FALSE, 0);
    gtk_box_pack_start (GTK_BOX (left), pool_scroll, TRUE, TRUE, 0);
    gtk_box_pack_start (GTK_BOX (right), volumes_label, FALSE, FALSE, 0);
    gtk_box_pack_start (GTK_BOX (right), volume_scroll, TRUE, TRUE, 0);
    gtk_box_pack_start (GTK_BOX (right), GTK_WIDGET (self->status), FALSE, FALSE, 0);
    gtk_box_pack_start (GTK_BOX (paned), left, FALSE, FALSE, 0);
    gtk_box_pack_start (GTK_BOX (paned), right, TRUE, TRUE, 0);
    gtk_container_set_border_width (GTK_CONTAINER (paned), 12);
    gtk_box_pack_start (GTK_BOX (content), paned, TRUE, TRUE, 0);
    gtk_widget_show_all (paned);
    gtk_widget_hide (GTK_WIDGET (self->status));
}
