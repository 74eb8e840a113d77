/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Backups page of the host window: every backup in the host's backup
 * folders (the default one and each remembered for any guest), guests no
 * longer defined included, by guest name. Read through core
 * (domus_backup_list_guests_async, on the host's worker) when the page is
 * shown; Delete Backup… asks first, naming the folder and the incremental
 * backups that go with it. No libvirt call here.
 */
#include "config.h"

#include "domus-host-backups-page.h"

#include <glib/gi18n.h>

#include "domus-backup-host.h"
#include "domus-backups-common.h"
#include "domus-domain-backup.h"

enum {
    COL_GUEST,
    COL_DATE,
    COL_KIND,
    COL_SIZE,
    COL_PATH,
    COL_DEPENDANTS,               /* the incrementals deleting it takes, in words */
};

struct _DomusHostBackupsPage {
    GtkBox parent_instance;

    DomusConnection *conn;
    GCancellable *cancellable;
    guint listing;
    GtkListStore *store;
    GtkTreeView *view;
    GtkLabel *status_label;
    GtkWidget *delete_button;
};

G_DEFINE_FINAL_TYPE (DomusHostBackupsPage, domus_host_backups_page, GTK_TYPE_BOX)

GStrv
domus_host_backups_targets (void)
{
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    g_autoptr(GVariant) map = g_settings_get_value (settings, "backup-targets");
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    GVariantIter iter;
    GVariant *value;

    g_strv_builder_add (builder, DOMUS_BACKUP_DEFAULT_TARGET);
    g_hash_table_add (seen, g_strdup (DOMUS_BACKUP_DEFAULT_TARGET));
    g_variant_iter_init (&iter, map);
    while (g_variant_iter_next (&iter, "{&s@as}", NULL, &value)) {
        g_autofree const char **targets = g_variant_get_strv (value, NULL);

        for (guint i = 0; targets[i] != NULL; i++)
            if (g_hash_table_add (seen, g_strdup (targets[i])))
                g_strv_builder_add (builder, targets[i]);
        g_variant_unref (value);
    }
    return g_strv_builder_end (builder);
}

static void
update_buttons (DomusHostBackupsPage *self)
{
    GtkTreeSelection *selection = gtk_tree_view_get_selection (self->view);

    gtk_widget_set_sensitive (self->delete_button,
                              gtk_tree_selection_get_selected (selection, NULL, NULL));
}

static char *
dependants_text (GPtrArray *entries, guint i)
{
    DomusBackupEntry *entry = entries->pdata[i];
    g_auto(GStrv) plan = domus_backup_delete_plan (entries, entry->path);
    g_autoptr(GString) text = g_string_new (NULL);

    /* The plan is newest first and ends with the backup itself. */
    for (guint j = 0; plan[j] != NULL && plan[j + 1] != NULL; j++) {
        if (text->len > 0)
            g_string_append (text, ", ");
        g_string_append (text, plan[j]);
    }
    return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
listed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusHostBackupsPage) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) guests = domus_backup_list_guests_finish (DOMUS_CONNECTION (source),
                                                                   result, &error);

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self->listing--;
    /* A folder that is not on this host holds none of its backups. */
    for (guint g = 0; guests != NULL && g < guests->len; g++) {
        DomusBackupGuest *guest = guests->pdata[g];

        for (guint i = 0; i < guest->entries->len; i++) {
            DomusBackupEntry *entry = guest->entries->pdata[i];
            g_autofree char *date = domus_backups_date_text (entry->date);
            g_autofree char *kind = domus_backups_kind_text (guest->entries, i);
            g_autofree char *size = g_format_size (entry->size);
            g_autofree char *dependants = dependants_text (guest->entries, i);

            gtk_list_store_insert_with_values (self->store, NULL, -1, COL_GUEST, guest->guest,
                                               COL_DATE, date, COL_KIND, kind, COL_SIZE, size,
                                               COL_PATH, entry->path,
                                               COL_DEPENDANTS, dependants, -1);
        }
    }
    if (self->listing == 0) {
        int n = gtk_tree_model_iter_n_children (GTK_TREE_MODEL (self->store), NULL);
        g_autofree char *text = NULL;

        if (n == 0)
            text = g_strdup (_("No backups were found in this host’s backup folders."));
        else
            text = g_strdup_printf (ngettext ("%d backup", "%d backups", n), n);
        gtk_label_set_text (self->status_label, text);
    }
}

static void
reload (DomusHostBackupsPage *self)
{
    g_auto(GStrv) targets = domus_host_backups_targets ();

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    self->cancellable = g_cancellable_new ();
    gtk_list_store_clear (self->store);
    gtk_label_set_text (self->status_label, _("Looking for backups…"));
    self->listing = g_strv_length (targets);
    for (guint i = 0; targets[i] != NULL; i++)
        domus_backup_list_guests_async (self->conn, targets[i], self->cancellable, listed_cb,
                                        g_object_ref (self));
    update_buttons (self);
}

static void
deleted_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusHostBackupsPage) self = user_data;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) gone = domus_backup_delete_finish (DOMUS_CONNECTION (source), result, &error);

    if (gone == NULL) {
        gtk_label_set_text (self->status_label, error->message);
        return;
    }
    reload (self);
}

static void
delete_response (GtkDialog *dialog, int response, DomusHostBackupsPage *self)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        const char *path = g_object_get_data (G_OBJECT (dialog), "path");

        gtk_label_set_text (self->status_label, _("Deleting the backup…"));
        domus_backup_delete_async (self->conn, path, self->cancellable, deleted_cb,
                                   g_object_ref (self));
    }
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
delete_clicked (DomusHostBackupsPage *self)
{
    GtkTreeSelection *selection = gtk_tree_view_get_selection (self->view);
    GtkTreeModel *model;
    GtkTreeIter iter;
    g_autofree char *guest = NULL;
    g_autofree char *date = NULL;
    g_autofree char *path = NULL;
    g_autofree char *dependants = NULL;
    g_autofree char *secondary = NULL;
    GtkWidget *dialog;

    if (!gtk_tree_selection_get_selected (selection, &model, &iter))
        return;
    gtk_tree_model_get (model, &iter, COL_GUEST, &guest, COL_DATE, &date, COL_PATH, &path,
                        COL_DEPENDANTS, &dependants, -1);
    dialog = gtk_message_dialog_new (GTK_WINDOW (gtk_widget_get_toplevel (GTK_WIDGET (self))),
                                     GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
                                     _("Delete the backup of “%s” of %s?"), guest, date);
    if (dependants[0] != '\0')
        /* Translators: a folder on the host, then the incrementals' folders. */
        secondary = g_strdup_printf (_("The folder %s on the host is deleted, and with it the "
                                       "incremental backups that build on it: %s. They cannot "
                                       "be restored without it."), path, dependants);
    else
        secondary = g_strdup_printf (_("The folder %s on the host is deleted."), path);
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
    gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                            _("_Delete"), GTK_RESPONSE_ACCEPT, NULL);
    gtk_style_context_add_class (gtk_widget_get_style_context (
        gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT)),
        "destructive-action");
    g_object_set_data_full (G_OBJECT (dialog), "path", g_steal_pointer (&path), g_free);
    g_signal_connect (dialog, "response", G_CALLBACK (delete_response), self);
    gtk_widget_show (dialog);
}

static void
add_column (DomusHostBackupsPage *self, const char *title, int column)
{
    GtkTreeViewColumn *col =
        gtk_tree_view_column_new_with_attributes (title, gtk_cell_renderer_text_new (),
                                                  "text", column, NULL);

    gtk_tree_view_column_set_sort_column_id (col, column);
    gtk_tree_view_column_set_resizable (col, TRUE);
    gtk_tree_view_append_column (self->view, col);
}

static void
domus_host_backups_page_dispose (GObject *object)
{
    DomusHostBackupsPage *self = DOMUS_HOST_BACKUPS_PAGE (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->conn);
    g_clear_object (&self->store);
    G_OBJECT_CLASS (domus_host_backups_page_parent_class)->dispose (object);
}

static void
domus_host_backups_page_class_init (DomusHostBackupsPageClass *klass)
{
    G_OBJECT_CLASS (klass)->dispose = domus_host_backups_page_dispose;
}

static void
domus_host_backups_page_init (DomusHostBackupsPage *self)
{
    GtkWidget *scrolled = gtk_scrolled_window_new (NULL, NULL);
    GtkWidget *buttons = gtk_button_box_new (GTK_ORIENTATION_HORIZONTAL);

    gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
    gtk_box_set_spacing (GTK_BOX (self), 6);
    gtk_container_set_border_width (GTK_CONTAINER (self), 12);
    self->store = gtk_list_store_new (6, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                                      G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
    gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (self->store), COL_GUEST,
                                          GTK_SORT_ASCENDING);
    self->view = GTK_TREE_VIEW (gtk_tree_view_new_with_model (GTK_TREE_MODEL (self->store)));
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->view)),
                         _("Backups on this host"));
    add_column (self, _("Guest"), COL_GUEST);
    add_column (self, _("Date"), COL_DATE);
    add_column (self, _("Kind"), COL_KIND);
    add_column (self, _("Size"), COL_SIZE);
    add_column (self, _("Folder"), COL_PATH);
    g_signal_connect_swapped (gtk_tree_view_get_selection (self->view), "changed",
                              G_CALLBACK (update_buttons), self);
    gtk_container_add (GTK_CONTAINER (scrolled), GTK_WIDGET (self->view));
    gtk_widget_set_vexpand (scrolled, TRUE);
    gtk_box_pack_start (GTK_BOX (self), scrolled, TRUE, TRUE, 0);

    self->status_label = GTK_LABEL (gtk_label_new (NULL));
    gtk_buildable_set_name (GTK_BUILDABLE (self->status_label), "status_label");
    gtk_label_set_xalign (self->status_label, 0);
    gtk_label_set_line_wrap (self->status_label, TRUE);
    gtk_box_pack_start (GTK_BOX (self), GTK_WIDGET (self->status_label), FALSE, FALSE, 0);

    self->delete_button = gtk_button_new_with_mnemonic (_("_Delete Backup…"));
    gtk_buildable_set_name (GTK_BUILDABLE (self->delete_button), "delete_button");
    g_signal_connect_swapped (self->delete_button, "clicked", G_CALLBACK (delete_clicked), self);
    gtk_button_box_set_layout (GTK_BUTTON_BOX (buttons), GTK_BUTTONBOX_END);
    gtk_container_add (GTK_CONTAINER (buttons), self->delete_button);
    gtk_box_pack_start (GTK_BOX (self), buttons, FALSE, FALSE, 0);
    g_signal_connect (self, "map", G_CALLBACK (reload), NULL);
    gtk_widget_show_all (GTK_WIDGET (self));
    update_buttons (self);
}

DomusHostBackupsPage *
domus_host_backups_page_new (DomusConnection *conn)
{
    DomusHostBackupsPage *self = g_object_new (DOMUS_TYPE_HOST_BACKUPS_PAGE, NULL);

    self->conn = g_object_ref (conn);
    return self;
}
