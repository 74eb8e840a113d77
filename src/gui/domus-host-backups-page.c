/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Backups page of the host window: every backup in the host's backup
 * folders (the default one and each remembered for any guest), guests no
 * longer defined included, by guest name. Read through core
 * (domus_backup_list_guests_async, on the host's worker) when the page is
 * shown, a folder is added or a backup finishes while it is in view;
 * Restore as New Guest… (a guest no longer defined too: its XML is in the
 * backup), Restore Over Its Guest… (where a guest of that name is on the
 * host), Verify and Add Folder… are the guest page's questions (domus-backups-ask.c); Delete Backup… asks first,
 * naming the folder and the incremental backups that go with it. No
 * libvirt call here.
 */
#include "config.h"

#include "domus-host-backups-page.h"

#include <glib/gi18n.h>

#include "domus-backup-host.h"
#include "domus-backups-ask.h"
#include "domus-backups-common.h"
#include "domus-backups-targets.h"
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
    GCancellable *cancellable;    /* the listing */
    DomusBackupsAsker asker;      /* restores and Verify, until the page goes */
    guint listing;
    gboolean busy;                /* a restore, Verify or delete runs */
    GtkListStore *store;
    GtkTreeView *view;
    GtkWidget *error_bar;
    GtkLabel *error_label;
    GtkLabel *status_label;
    GtkWidget *restore_new_button;
    GtkWidget *restore_over_button;
    GtkWidget *verify_button;
    GtkWidget *delete_button;
};

G_DEFINE_FINAL_TYPE (DomusHostBackupsPage, domus_host_backups_page, GTK_TYPE_BOX)

/* The selected backup's guest name, folder and date. */
static gboolean
selected (DomusHostBackupsPage *self, char **guest, char **path, char **date)
{
    GtkTreeSelection *selection = gtk_tree_view_get_selection (self->view);
    GtkTreeModel *model;
    GtkTreeIter iter;

    if (!gtk_tree_selection_get_selected (selection, &model, &iter))
        return FALSE;
    gtk_tree_model_get (model, &iter, COL_GUEST, guest, COL_PATH, path, COL_DATE, date, -1);
    return TRUE;
}

static void
update_buttons (DomusHostBackupsPage *self)
{
    g_autofree char *guest = NULL;
    g_autofree char *path = NULL;
    g_autofree char *date = NULL;
    gboolean have = selected (self, &guest, &path, &date) && !self->busy;

    gtk_widget_set_sensitive (self->restore_new_button, have);
    gtk_widget_set_sensitive (self->restore_over_button, have &&
                              domus_connection_find_domain_by_name (self->conn, guest) != NULL);
    gtk_widget_set_sensitive (self->verify_button, have);
    gtk_widget_set_sensitive (self->delete_button, have);
}

static void
show_error (DomusHostBackupsPage *self, const char *message)
{
    gtk_label_set_text (self->error_label, message);
    gtk_widget_show (self->error_bar);
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
            g_autofree char *date = domus_backups_date_text (entry);
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
    g_auto(GStrv) targets = domus_host_backups_targets (domus_connection_get_uri (self->conn));

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    self->cancellable = g_cancellable_new ();
    gtk_list_store_clear (self->store);
    gtk_widget_hide (self->error_bar);
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

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self->busy = FALSE;
    reload (self);
    if (gone == NULL)
        show_error (self, error->message);
}

static void
delete_response (GtkDialog *dialog, int response, DomusHostBackupsPage *self)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        const char *path = g_object_get_data (G_OBJECT (dialog), "path");

        self->busy = TRUE;
        update_buttons (self);
        gtk_label_set_text (self->status_label, _("Deleting the backup…"));
        domus_backup_delete_async (self->conn, path, self->asker.cancellable, deleted_cb,
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

/* ---- Restore, Verify, Add Folder: the questions of both pages ---- */

static void
report_cb (GtkWidget *page, gboolean busy, const char *status, const GError *error)
{
    DomusHostBackupsPage *self = DOMUS_HOST_BACKUPS_PAGE (page);

    self->busy = busy;
    gtk_label_set_text (self->status_label, status);
    if (error != NULL)
        show_error (self, error->message);
    update_buttons (self);
}

static void
restore_new_clicked (DomusHostBackupsPage *self)
{
    g_autofree char *guest = NULL;
    g_autofree char *path = NULL;
    g_autofree char *date = NULL;
    g_autofree char *initial = NULL;

    if (!selected (self, &guest, &path, &date) || self->busy)
        return;
    /* A guest no longer on the host comes back under its own name. */
    if (domus_connection_find_domain_by_name (self->conn, guest) != NULL)
        initial = g_strdup_printf ("%s-restored", guest);
    else
        initial = g_strdup (guest);
    domus_backups_ask_restore_new (&self->asker, path, date, initial);
}

static void
restore_over_clicked (DomusHostBackupsPage *self)
{
    g_autofree char *guest = NULL;
    g_autofree char *path = NULL;
    g_autofree char *date = NULL;
    DomusDomain *domain;

    if (!selected (self, &guest, &path, &date) || self->busy)
        return;
    domain = domus_connection_find_domain_by_name (self->conn, guest);
    if (domain != NULL)
        domus_backups_ask_restore_over (&self->asker, domain, path, date);
}

static void
verify_clicked (DomusHostBackupsPage *self)
{
    g_autofree char *guest = NULL;
    g_autofree char *path = NULL;
    g_autofree char *date = NULL;

    if (selected (self, &guest, &path, &date) && !self->busy)
        domus_backups_verify (&self->asker, path, date);
}

static void
folder_added_cb (GtkWidget *page, const char *folder)
{
    DomusHostBackupsPage *self = DOMUS_HOST_BACKUPS_PAGE (page);

    /* The page reads its folders again once the setting changed. */
    domus_backups_remember_host_target (domus_connection_get_uri (self->conn), folder);
}

static void
add_folder_clicked (DomusHostBackupsPage *self)
{
    domus_backups_ask_folder (&self->asker,
                              _("A folder on this host (not on this computer) that holds "
                                "backups, one folder per guest. The host’s Backups page will "
                                "look in it from now on."), folder_added_cb);
}

/* A backup finished, or a folder was remembered (the first backup into
 * it, just finished): read again where the page is in view. */
static void
backups_changed_cb (DomusHostBackupsPage *self)
{
    if (gtk_widget_get_mapped (GTK_WIDGET (self)) && !self->busy)
        reload (self);
}

/* ---- object ---- */

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

static GtkWidget *
add_button (DomusHostBackupsPage *self, GtkWidget *box, const char *label, const char *id,
            const char *tooltip, GCallback clicked)
{
    GtkWidget *button = gtk_button_new_with_mnemonic (label);

    gtk_buildable_set_name (GTK_BUILDABLE (button), id);
    gtk_widget_set_tooltip_text (button, tooltip);
    g_signal_connect_swapped (button, "clicked", clicked, self);
    gtk_container_add (GTK_CONTAINER (box), button);
    return button;
}

static GtkWidget *
error_bar_new (DomusHostBackupsPage *self)
{
    GtkWidget *bar = gtk_info_bar_new ();

    gtk_info_bar_set_message_type (GTK_INFO_BAR (bar), GTK_MESSAGE_ERROR);
    gtk_info_bar_set_show_close_button (GTK_INFO_BAR (bar), TRUE);
    g_signal_connect (bar, "response", G_CALLBACK (gtk_widget_hide), NULL);
    self->error_label = GTK_LABEL (gtk_label_new (NULL));
    gtk_buildable_set_name (GTK_BUILDABLE (self->error_label), "error_label");
    gtk_label_set_xalign (self->error_label, 0);
    gtk_label_set_line_wrap (self->error_label, TRUE);
    gtk_label_set_selectable (self->error_label, TRUE);
    gtk_container_add (GTK_CONTAINER (gtk_info_bar_get_content_area (GTK_INFO_BAR (bar))),
                       GTK_WIDGET (self->error_label));
    gtk_widget_show_all (bar);
    gtk_widget_set_no_show_all (bar, TRUE);
    gtk_widget_hide (bar);
    return bar;
}

static void
domus_host_backups_page_dispose (GObject *object)
{
    DomusHostBackupsPage *self = DOMUS_HOST_BACKUPS_PAGE (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    if (self->asker.cancellable != NULL)
        g_cancellable_cancel (self->asker.cancellable);
    g_clear_object (&self->asker.cancellable);
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
    GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

    gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
    gtk_box_set_spacing (GTK_BOX (self), 6);
    gtk_container_set_border_width (GTK_CONTAINER (self), 12);
    self->error_bar = error_bar_new (self);
    gtk_box_pack_start (GTK_BOX (self), self->error_bar, FALSE, FALSE, 0);

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
    gtk_label_set_selectable (self->status_label, TRUE);
    gtk_box_pack_start (GTK_BOX (self), GTK_WIDGET (self->status_label), FALSE, FALSE, 0);

    self->restore_new_button =
        add_button (self, buttons, _("Restore as _New Guest…"), "restore_new_button",
                    _("Make a new guest from the selected backup; also for a guest no longer "
                      "on this host"), G_CALLBACK (restore_new_clicked));
    self->restore_over_button =
        add_button (self, buttons, _("_Restore Over Its Guest…"), "restore_over_button",
                    _("Replace the disks of the guest the selected backup was made of"),
                    G_CALLBACK (restore_over_clicked));
    self->verify_button =
        add_button (self, buttons, _("_Verify"), "verify_button",
                    _("Check that the selected backup is whole"), G_CALLBACK (verify_clicked));
    self->delete_button =
        add_button (self, buttons, _("_Delete Backup…"), "delete_button",
                    _("Delete the selected backup and the incremental backups after it"),
                    G_CALLBACK (delete_clicked));
    gtk_box_set_child_packing (GTK_BOX (buttons),
                               add_button (self, buttons, _("_Add Folder…"), "add_folder_button",
                                           _("Look for backups in another folder of this host"),
                                           G_CALLBACK (add_folder_clicked)),
                               FALSE, FALSE, 0, GTK_PACK_END);
    gtk_box_pack_start (GTK_BOX (self), buttons, FALSE, FALSE, 0);
    g_signal_connect (self, "map", G_CALLBACK (reload), NULL);
    gtk_widget_show_all (GTK_WIDGET (self));
    self->asker.page = GTK_WIDGET (self);
    self->asker.cancellable = g_cancellable_new ();
    self->asker.report = report_cb;
    update_buttons (self);
}

DomusHostBackupsPage *
domus_host_backups_page_new (DomusConnection *conn)
{
    DomusHostBackupsPage *self = g_object_new (DOMUS_TYPE_HOST_BACKUPS_PAGE, NULL);

    self->conn = g_object_ref (conn);
    self->asker.conn = conn;
    /* A backup finished: the list is read again where it is in view. */
    g_signal_connect_object (conn, "backups-changed", G_CALLBACK (backups_changed_cb), self,
                             G_CONNECT_SWAPPED);
    domus_backups_targets_watch (GTK_WIDGET (self), G_CALLBACK (backups_changed_cb));
    /* A guest defined or undefined changes what Restore Over can do. */
    g_signal_connect_object (domus_connection_get_domains (conn), "items-changed",
                             G_CALLBACK (update_buttons), self, G_CONNECT_SWAPPED);
    return self;
}
