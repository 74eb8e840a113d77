/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Storage page's volumes: the selected pool's volumes appended batch
 * by batch, and the volume actions (new, delete, wipe, resize, copy,
 * import, download) with their questions.
 */
#include "config.h"

#include "domus-storage-page-private.h"

#include <glib/gi18n.h>

#include "domus-import-dialog.h"
#include "domus-new-volume-dialog.h"
#include "domus-storage-import.h"
#include "domus-storage-pool.h"
#include "domus-storage-volume.h"

/* ---- volumes ---- */

/* The selected volume's name (and first user, path), or NULL. */
char *
domus_storage_page_selected_volume (DomusStoragePage *self, guint64 *capacity, char **users)
{
    GtkTreeSelection *selection = gtk_tree_view_get_selection (self->volume_view);
    GtkTreeModel *model;
    GtkTreeIter iter;
    char *name = NULL;

    if (!gtk_tree_selection_get_selected (selection, &model, &iter))
        return NULL;
    gtk_tree_model_get (model, &iter, VOL_NAME, &name, -1);
    if (capacity != NULL)
        gtk_tree_model_get (model, &iter, VOL_CAPACITY, capacity, -1);
    if (users != NULL)
        gtk_tree_model_get (model, &iter, VOL_USERS, users, -1);
    return name;
}

static void
update_volume_status (DomusStoragePage *self)
{
    g_autofree char *text = NULL;

    if (self->pool == NULL)
        text = g_strdup ("");
    else if (self->loading)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Loading volumes… %u so far",
                                             "Loading volumes… %u so far", self->volume_count),
                                self->volume_count);
    else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u volume", "%u volumes",
                                             self->volume_count),
                                self->volume_count);
    gtk_label_set_text (self->volume_status, text);
}

static void
volume_batch_cb (GPtrArray *batch, gpointer user_data)
{
    DomusStoragePage *self = user_data;

    for (guint i = 0; i < batch->len; i++) {
        const DomusVolumeInfo *v = g_ptr_array_index (batch, i);
        g_autofree char *capacity = g_format_size_full (v->capacity, G_FORMAT_SIZE_IEC_UNITS);
        g_autofree char *allocation = g_format_size_full (v->allocation,
                                                          G_FORMAT_SIZE_IEC_UNITS);
        g_autofree char *users = v->users != NULL ? g_strjoinv (", ", v->users) : NULL;

        gtk_list_store_insert_with_values (self->volume_store, NULL, -1,
                                           VOL_NAME, v->name,
                                           VOL_FORMAT, v->format != NULL ? v->format : "",
                                           VOL_CAPACITY_TEXT, capacity,
                                           VOL_ALLOCATION_TEXT, allocation,
                                           VOL_USERS, users != NULL ? users : "",
                                           VOL_CAPACITY, v->capacity,
                                           VOL_PATH, v->path,
                                           -1);
    }
    self->volume_count += batch->len;
    update_volume_status (self);
}

static void
volumes_listed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    DomusStoragePage *self = user_data;
    guint count = 0;

    if (!domus_storage_list_volumes_batched_finish (DOMUS_CONNECTION (source), result, &count,
                                                    &error)) {
        if (domus_storage_page_is_cancelled (error))
            return;
        self->loading = FALSE;
        gtk_label_set_text (self->volume_status, error->message);
        return;
    }
    self->loading = FALSE;
    update_volume_status (self);
    domus_storage_page_update_actions (self);
}

void
domus_storage_page_load_volumes (DomusStoragePage *self)
{
    GtkTreeIter iter;
    gboolean active = FALSE;

    g_cancellable_cancel (self->volume_cancellable);
    g_clear_object (&self->volume_cancellable);
    gtk_list_store_clear (self->volume_store);
    self->volume_count = 0;
    self->loading = FALSE;
    if (domus_storage_page_selected_pool_row (self, &iter))
        gtk_tree_model_get (GTK_TREE_MODEL (self->pool_store), &iter, POOL_ACTIVE, &active, -1);
    if (!active) {
        gtk_label_set_text (self->volume_status,
                            self->pool != NULL ? _("Start the pool to see its volumes.") : "");
        return;
    }
    self->volume_cancellable = g_cancellable_new ();
    self->loading = TRUE;
    update_volume_status (self);
    domus_storage_list_volumes_batched_async (self->conn, self->pool, volume_batch_cb, self,
                                              self->volume_cancellable, volumes_listed_cb,
                                              self);
}

/* ---- actions ---- */

static void
new_volume_done_cb (DomusNewVolumeDialog *dialog, const char *name, DomusStoragePage *self)
{
    domus_storage_page_reread_pool (self, self->pool);
    domus_storage_page_load_volumes (self);
}

static void
new_volume_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusStoragePage *self = user_data;
    g_autoptr(GPtrArray) backing = g_ptr_array_new_with_free_func (g_free);
    GtkTreeModel *model = GTK_TREE_MODEL (self->volume_store);
    GtkTreeIter iter;
    g_autofree char *type = NULL;
    DomusNewVolumeDialog *dialog;

    if (!domus_storage_page_selected_pool_row (self, &iter))
        return;
    gtk_tree_model_get (GTK_TREE_MODEL (self->pool_store), &iter, POOL_TYPE, &type, -1);
    if (gtk_tree_model_get_iter_first (model, &iter)) {
        do {
            char *path = NULL;

            gtk_tree_model_get (model, &iter, VOL_PATH, &path, -1);
            if (path != NULL)
                g_ptr_array_add (backing, path);
        } while (gtk_tree_model_iter_next (model, &iter));
    }
    g_ptr_array_add (backing, NULL);
    dialog = domus_new_volume_dialog_new (self->conn, domus_storage_page_toplevel (self),
                                          self->pool, type,
                                          (const char *const *) backing->pdata);
    g_signal_connect_object (dialog, "created", G_CALLBACK (new_volume_done_cb), self, 0);
    gtk_widget_show (GTK_WIDGET (dialog));
}

static void
volume_removed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    gboolean ok = domus_storage_remove_volume_finish (DOMUS_CONNECTION (source), result, &error);

    domus_storage_page_finish_action (user_data, ok, error);
}

static void
volume_wiped_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    gboolean ok = domus_storage_wipe_volume_finish (DOMUS_CONNECTION (source), result, &error);

    domus_storage_page_finish_action (user_data, ok, error);
}

static void
volume_resized_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    gboolean ok = domus_storage_resize_volume_finish (DOMUS_CONNECTION (source), result, &error);

    domus_storage_page_finish_action (user_data, ok, error);
}

static void
volume_cloned_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *path = domus_storage_clone_volume_finish (DOMUS_CONNECTION (source),
                                                               result, &error);

    domus_storage_page_finish_action (user_data, path != NULL, error);
}

typedef enum {
    ASK_DELETE,
    ASK_WIPE,
    ASK_RESIZE,
    ASK_CLONE,
} AskKind;

static void
ask_response_cb (GtkDialog *dialog, int response, DomusStoragePage *self)
{
    AskKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "kind"));
    const char *volume = g_object_get_data (G_OBJECT (dialog), "volume");
    const char *pool = g_object_get_data (G_OBJECT (dialog), "pool");
    GtkWidget *entry = g_object_get_data (G_OBJECT (dialog), "entry");
    GtkWidget *spin = g_object_get_data (G_OBJECT (dialog), "spin");

    if (response != GTK_RESPONSE_ACCEPT || g_strcmp0 (pool, self->pool) != 0) {
        gtk_widget_destroy (GTK_WIDGET (dialog));
        return;
    }
    switch (kind) {
    case ASK_DELETE:
        /* The user was told who uses it: confirmed even so. */
        domus_storage_remove_volume_async (
            self->conn, pool, volume, TRUE, self->cancellable, volume_removed_cb,
            domus_storage_page_done_new (self, g_strdup_printf (_("Could not delete volume “%s”"),
                                                                volume), TRUE));
        break;
    case ASK_WIPE:
        domus_storage_wipe_volume_async (
            self->conn, pool, volume, self->cancellable, volume_wiped_cb,
            domus_storage_page_done_new (self, g_strdup_printf (_("Could not wipe volume “%s”"),
                                                                volume), TRUE));
        break;
    case ASK_RESIZE: {
        guint64 old = *(guint64 *) g_object_get_data (G_OBJECT (dialog), "capacity");
        guint64 bytes;
        GtkWidget *shrink = g_object_get_data (G_OBJECT (dialog), "shrink");

        gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
        bytes = (guint64) (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)) *
                                   1024 * 1024 * 1024);

        if (bytes < old && !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (shrink))) {
            gtk_widget_show (shrink);
            gtk_widget_grab_focus (shrink);
            return;
        }
        domus_storage_resize_volume_async (
            self->conn, pool, volume, bytes, bytes < old, self->cancellable, volume_resized_cb,
            domus_storage_page_done_new (self, g_strdup_printf (_("Could not resize volume “%s”"),
                                                                volume), TRUE));
        break;
    }
    case ASK_CLONE: {
        const char *name = gtk_entry_get_text (GTK_ENTRY (entry));

        if (*name == '\0' || strchr (name, '/') != NULL)
            return;
        domus_storage_clone_volume_async (
            self->conn, pool, volume, name, NULL, self->cancellable, volume_cloned_cb,
            domus_storage_page_done_new (self, g_strdup_printf (_("Could not copy volume “%s”"),
                                                                volume), TRUE));
        break;
    }
    default:
        g_assert_not_reached ();
    }
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static GtkWidget *
ask_dialog (DomusStoragePage *self, AskKind kind, const char *volume, const char *primary,
            const char *secondary, const char *accept, gboolean destructive)
{
    GtkWidget *dialog = gtk_message_dialog_new (domus_storage_page_toplevel (self),
                                                GTK_DIALOG_MODAL |
                                                GTK_DIALOG_DESTROY_WITH_PARENT,
                                                destructive ? GTK_MESSAGE_WARNING
                                                            : GTK_MESSAGE_QUESTION,
                                                GTK_BUTTONS_NONE, "%s", primary);
    GtkWidget *button;

    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
    button = gtk_dialog_add_button (GTK_DIALOG (dialog), accept, GTK_RESPONSE_ACCEPT);
    if (destructive) {
        gtk_style_context_add_class (gtk_widget_get_style_context (button),
                                     GTK_STYLE_CLASS_DESTRUCTIVE_ACTION);
        gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    } else {
        gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    }
    g_object_set_data (G_OBJECT (dialog), "kind", GINT_TO_POINTER (kind));
    g_object_set_data_full (G_OBJECT (dialog), "volume", g_strdup (volume), g_free);
    g_object_set_data_full (G_OBJECT (dialog), "pool", g_strdup (self->pool), g_free);
    g_signal_connect_object (dialog, "response", G_CALLBACK (ask_response_cb), self, 0);
    return dialog;
}

static void
add_to_message_area (GtkWidget *dialog, GtkWidget *widget)
{
    GtkWidget *area = gtk_message_dialog_get_message_area (GTK_MESSAGE_DIALOG (dialog));

    gtk_container_add (GTK_CONTAINER (area), widget);
}

static void
volume_delete_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusStoragePage *self = user_data;
    g_autofree char *users = NULL;
    g_autofree char *name = domus_storage_page_selected_volume (self, NULL, &users);
    g_autofree char *primary = NULL;
    g_autofree char *secondary = NULL;

    if (name == NULL)
        return;
    primary = g_strdup_printf (_("Delete volume “%s”?"), name);
    if (users != NULL && *users != '\0')
        secondary = g_strdup_printf (_("It is a disk of %s, which will no longer start. "
                                       "Its data will be lost."), users);
    else
        secondary = g_strdup (_("Its data will be lost."));
    gtk_widget_show (ask_dialog (self, ASK_DELETE, name, primary, secondary, _("_Delete"),
                                 TRUE));
}

static void
volume_wipe_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusStoragePage *self = user_data;
    g_autofree char *name = domus_storage_page_selected_volume (self, NULL, NULL);
    g_autofree char *primary = NULL;

    if (name == NULL)
        return;
    primary = g_strdup_printf (_("Wipe volume “%s”?"), name);
    gtk_widget_show (ask_dialog (self, ASK_WIPE, name, primary,
                                 _("Everything stored in it is overwritten with zeros."),
                                 _("_Wipe"), TRUE));
}

static void
volume_resize_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusStoragePage *self = user_data;
    guint64 capacity = 0;
    g_autofree char *name = domus_storage_page_selected_volume (self, &capacity, NULL);
    g_autofree char *primary = NULL;
    GtkWidget *dialog, *box, *label, *spin, *shrink;

    if (name == NULL)
        return;
    primary = g_strdup_printf (_("Resize volume “%s”"), name);
    dialog = ask_dialog (self, ASK_RESIZE, name, primary,
                         _("The guest sees the new size at its next start; its partitions "
                           "and file systems are not grown."), _("_Resize"), FALSE);
    box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    label = gtk_label_new_with_mnemonic (_("New _size (GiB):"));
    spin = gtk_spin_button_new_with_range (0.001, 1024 * 1024, 1);
    gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 3);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin),
                               (double) capacity / (1024.0 * 1024 * 1024));
    gtk_entry_set_activates_default (GTK_ENTRY (spin), TRUE);
    gtk_label_set_mnemonic_widget (GTK_LABEL (label), spin);
    gtk_container_add (GTK_CONTAINER (box), label);
    gtk_container_add (GTK_CONTAINER (box), spin);
    gtk_widget_show_all (box);
    add_to_message_area (dialog, box);
    shrink = gtk_check_button_new_with_mnemonic (
        _("S_hrink it: what the guest stored beyond the new size is lost"));
    add_to_message_area (dialog, shrink);
    g_object_set_data (G_OBJECT (dialog), "spin", spin);
    g_object_set_data (G_OBJECT (dialog), "shrink", shrink);
    g_object_set_data_full (G_OBJECT (dialog), "capacity", g_memdup2 (&capacity, sizeof capacity),
                            g_free);
    gtk_widget_show (dialog);
}

static char *
suggest_clone_name (const char *name)
{
    const char *dot = strrchr (name, '.');

    if (dot == NULL || dot == name)
        return g_strconcat (name, "-clone", NULL);
    return g_strdup_printf ("%.*s-clone%s", (int) (dot - name), name, dot);
}

static void
volume_clone_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusStoragePage *self = user_data;
    g_autofree char *name = domus_storage_page_selected_volume (self, NULL, NULL);
    g_autofree char *primary = NULL;
    g_autofree char *suggested = NULL;
    GtkWidget *dialog, *box, *label, *entry;

    if (name == NULL)
        return;
    primary = g_strdup_printf (_("Copy volume “%s”"), name);
    suggested = suggest_clone_name (name);
    dialog = ask_dialog (self, ASK_CLONE, name, primary,
                         _("The copy is made in the same pool."), _("C_opy"), FALSE);
    box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    label = gtk_label_new_with_mnemonic (_("_Name of the copy:"));
    entry = gtk_entry_new ();
    gtk_entry_set_text (GTK_ENTRY (entry), suggested);
    gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
    gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
    gtk_container_add (GTK_CONTAINER (box), label);
    gtk_container_add (GTK_CONTAINER (box), entry);
    gtk_widget_show_all (box);
    add_to_message_area (dialog, box);
    g_object_set_data (G_OBJECT (dialog), "entry", entry);
    gtk_widget_show (dialog);
}

static void
import_volume_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusStoragePage *self = user_data;
    GtkTreeIter iter;
    g_autofree char *type = NULL;
    DomusImportDialog *dialog;

    if (!domus_storage_page_selected_pool_row (self, &iter))
        return;
    gtk_tree_model_get (GTK_TREE_MODEL (self->pool_store), &iter, POOL_TYPE, &type, -1);
    dialog = domus_import_dialog_new (self->conn, domus_storage_page_toplevel (self), self->pool,
                                      type);
    g_signal_connect_object (dialog, "imported", G_CALLBACK (new_volume_done_cb), self, 0);
    gtk_widget_show (GTK_WIDGET (dialog));
}

static void
download_progress_cb (guint64 done, guint64 total, gpointer user_data)
{
    g_autoptr(DomusStoragePage) self = g_weak_ref_get (user_data);
    g_autofree char *d = g_format_size_full (done, G_FORMAT_SIZE_IEC_UNITS);
    g_autofree char *t = g_format_size_full (total, G_FORMAT_SIZE_IEC_UNITS);
    g_autofree char *text = NULL;

    if (self == NULL)
        return;
    /* Translators: a download's progress, e.g. "Downloading… 1.0 GiB of 20.0 GiB" */
    text = g_strdup_printf (_("Downloading… %s of %s"), d, t);
    gtk_label_set_text (self->volume_status, text);
}

static void
downloaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    GWeakRef *ref = user_data;
    g_autoptr(DomusStoragePage) self = g_weak_ref_get (ref);
    g_autoptr(GError) error = NULL;
    gboolean ok = domus_storage_download_finish (DOMUS_CONNECTION (source), result, &error);

    g_weak_ref_clear (ref);
    g_free (ref);
    if (self == NULL || domus_storage_page_is_cancelled (error))
        return;
    update_volume_status (self);
    if (!ok)
        domus_storage_page_show_error (self, _("Could not download the volume"), error);
}

static void
volume_download_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusStoragePage *self = user_data;
    g_autofree char *name = domus_storage_page_selected_volume (self, NULL, NULL);
    g_autoptr(GtkFileChooserNative) chooser = NULL;
    g_autofree char *path = NULL;
    GWeakRef *ref;

    if (name == NULL)
        return;
    chooser = gtk_file_chooser_native_new (_("Download Volume"),
                                           domus_storage_page_toplevel (self),
                                           GTK_FILE_CHOOSER_ACTION_SAVE, _("_Download"),
                                           _("_Cancel"));
    gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    if (gtk_native_dialog_run (GTK_NATIVE_DIALOG (chooser)) != GTK_RESPONSE_ACCEPT)
        return;
    path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));
    ref = g_new0 (GWeakRef, 1);
    g_weak_ref_init (ref, self);
    domus_storage_download_async (self->conn, self->pool, name, path, download_progress_cb,
                                  ref, self->cancellable, downloaded_cb, ref);
}

static const GActionEntry volume_actions[] = {
    { "new-volume", new_volume_activated, NULL, NULL, NULL },
    { "volume-delete", volume_delete_activated, NULL, NULL, NULL },
    { "volume-wipe", volume_wipe_activated, NULL, NULL, NULL },
    { "volume-resize", volume_resize_activated, NULL, NULL, NULL },
    { "volume-clone", volume_clone_activated, NULL, NULL, NULL },
    { "import-volume", import_volume_activated, NULL, NULL, NULL },
    { "volume-download", volume_download_activated, NULL, NULL, NULL },
};

void
domus_storage_page_add_volume_actions (DomusStoragePage *self)
{
    g_action_map_add_action_entries (G_ACTION_MAP (self->actions), volume_actions,
                                     G_N_ELEMENTS (volume_actions), self);
}
