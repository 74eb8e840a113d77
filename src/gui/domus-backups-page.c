/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Backups page of the guest window. It lists the guest's backups in
 * the folders of its host where they were made (the Back Up dialog
 * remembers each folder per guest in GSettings; the default folder is
 * always looked in) and in folders added here or on the host's page
 * (domus-backups-targets.c), read through core
 * (domus_backup_list_async: the storage API, so remote hosts work) when
 * the page is shown and after each change. An incremental backup says
 * which backup it builds on; a backup of the guest that finishes while the
 * page is shown ("backups-changed") is read at once. Restore as a new guest, Restore over this
 * guest (after a confirmation that says what is lost, with Force Off
 * where it runs), Verify and Add Folder… are the questions both Backups
 * pages share (domus-backups-ask.c); core combines an incremental
 * backup's chain. No libvirt call here.
 */
#include "config.h"

#include "domus-backups-page.h"

#include <glib/gi18n.h>

#include "domus-backup-schedule.h"
#include "domus-backups-common.h"
#include "domus-backups-ask.h"
#include "domus-backups-targets.h"
#include "domus-domain-backup.h"

enum {
    COL_DATE,
    COL_KIND,
    COL_SIZE,
    COL_PATH,
    COL_INCREMENTAL,
};

struct _DomusBackupsPage {
    GtkBox parent_instance;

    DomusConnection *conn;
    DomusDomain *domain;
    GCancellable *cancellable;    /* the listing */
    DomusBackupsAsker asker;      /* restores and Verify, until the page goes */
    guint listing;                /* folders still being read */
    gboolean busy;                /* a restore or verify runs */

    GtkListStore *store;
    GtkTreeView *view;
    GtkWidget *error_bar;
    GtkLabel *error_label;
    GtkLabel *status_label;
    GtkWidget *restore_new_button;
    GtkWidget *restore_over_button;
    GtkWidget *verify_button;
    GtkLabel *schedule_label;
    GtkWidget *unschedule_button;
};

G_DEFINE_FINAL_TYPE (DomusBackupsPage, domus_backups_page, GTK_TYPE_BOX)

/* ---- the list ---- */

static void
show_error (DomusBackupsPage *self, const char *message)
{
    gtk_label_set_text (self->error_label, message);
    gtk_widget_show (self->error_bar);
}

static gboolean
selected (DomusBackupsPage *self, char **path, char **date, gboolean *incremental)
{
    GtkTreeSelection *selection = gtk_tree_view_get_selection (self->view);
    GtkTreeModel *model;
    GtkTreeIter iter;

    if (!gtk_tree_selection_get_selected (selection, &model, &iter))
        return FALSE;
    gtk_tree_model_get (model, &iter, COL_PATH, path, COL_DATE, date,
                        COL_INCREMENTAL, incremental, -1);
    return *path != NULL;
}

static void
update_buttons (DomusBackupsPage *self)
{
    g_autofree char *path = NULL;
    g_autofree char *date = NULL;
    gboolean incremental = FALSE;
    gboolean have = selected (self, &path, &date, &incremental) && !self->busy;

    gtk_widget_set_sensitive (self->restore_new_button, have);
    gtk_widget_set_sensitive (self->restore_over_button, have);
    gtk_widget_set_sensitive (self->verify_button, have);
}

static void
selection_changed_cb (DomusBackupsPage *self)
{
    update_buttons (self);
}

typedef struct {
    DomusBackupsPage *self;       /* a reference */
    char *target;
} ListRun;

static ListRun *
list_run_new (DomusBackupsPage *self, const char *target)
{
    ListRun *run = g_new0 (ListRun, 1);

    run->self = g_object_ref (self);
    run->target = g_strdup (target);
    return run;
}

static void
list_run_free (ListRun *run)
{
    g_object_unref (run->self);
    g_free (run->target);
    g_free (run);
}

static void
list_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) entries = domus_backup_list_finish (DOMUS_CONNECTION (source), result,
                                                             &error);
    ListRun *run = user_data;
    g_autoptr(DomusBackupsPage) self = g_object_ref (run->self);
    gboolean is_default = g_str_equal (run->target, DOMUS_BACKUP_DEFAULT_TARGET);

    list_run_free (run);
    if (self->domain == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self->listing--;
    if (entries == NULL) {
        /* The default folder need not exist; others were asked for. */
        if (!is_default)
            show_error (self, error->message);
    }
    for (guint i = 0; entries != NULL && i < entries->len; i++) {
        DomusBackupEntry *entry = entries->pdata[i];
        g_autofree char *date = domus_backups_date_text (entry);
        g_autofree char *size = g_format_size (entry->size);
        g_autofree char *kind = domus_backups_kind_text (entries, i);

        gtk_list_store_insert_with_values (self->store, NULL, -1, COL_DATE, date,
                                           COL_KIND, kind, COL_SIZE, size,
                                           COL_PATH, entry->path,
                                           COL_INCREMENTAL, entry->incremental, -1);
    }
    if (self->listing == 0 && gtk_tree_model_iter_n_children (GTK_TREE_MODEL (self->store),
                                                              NULL) == 0) {
        g_autofree char *text = g_strdup_printf (_("No backups of “%s” were found. Back it up "
                                                   "from the guest’s menu, or add the folder "
                                                   "where its backups are."),
                                                 domus_domain_get_name (self->domain));

        gtk_label_set_text (self->status_label, text);
    }
}

/* The daily backup's timer on this computer, for this guest of this host. */
static char *
unit_name (DomusBackupsPage *self)
{
    DomusBackupSchedule schedule = { 0 };

    schedule.uri = (char *) domus_connection_get_uri (self->conn);
    schedule.guest = (char *) domus_domain_get_name (self->domain);
    return domus_backup_schedule_unit_name (&schedule);
}

static void
show_schedule (DomusBackupsPage *self)
{
    g_autofree char *name = unit_name (self);
    g_autofree char *when = domus_backup_schedule_find (name);
    g_autofree char *text = NULL;

    if (when != NULL)
        /* Translators: a time and a systemd unit's name. */
        text = g_strdup_printf (_("Scheduled: backed up daily at %s by %s.timer on this "
                                  "computer."), when, name);
    else
        text = g_strdup (_("No daily backup is scheduled (Back Up… schedules one)."));
    gtk_label_set_text (self->schedule_label, text);
    gtk_widget_set_visible (self->unschedule_button, when != NULL);
}

static void
unscheduled_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusBackupsPage) self = user_data;
    g_autoptr(GError) error = NULL;

    if (!domus_backup_schedule_remove_finish (result, &error) && self->domain != NULL)
        show_error (self, error->message);
    if (self->domain != NULL)
        show_schedule (self);
}

static void
unschedule_clicked_cb (DomusBackupsPage *self)
{
    g_autofree char *name = unit_name (self);

    gtk_widget_set_sensitive (self->unschedule_button, FALSE);
    domus_backup_schedule_remove_async (name, NULL, unscheduled_cb, g_object_ref (self));
}

void
domus_backups_page_refresh (DomusBackupsPage *self)
{
    g_auto(GStrv) targets = NULL;

    g_return_if_fail (DOMUS_IS_BACKUPS_PAGE (self));

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    self->cancellable = g_cancellable_new ();
    gtk_list_store_clear (self->store);
    gtk_widget_hide (self->error_bar);
    targets = domus_backups_targets (domus_domain_get_uuid (self->domain),
                                     domus_connection_get_uri (self->conn));
    self->listing = 0;
    gtk_label_set_text (self->status_label, "");
    gtk_widget_set_sensitive (self->unschedule_button, TRUE);
    show_schedule (self);
    for (guint i = 0; targets[i] != NULL; i++) {
        self->listing++;
        domus_backup_list_async (self->conn, targets[i], domus_domain_get_name (self->domain),
                                 self->cancellable, list_done_cb,
                                 list_run_new (self, targets[i]));
    }
    update_buttons (self);
}

/* ---- Restore, Verify, Add Folder ---- */

static void
set_busy (DomusBackupsPage *self, gboolean busy, const char *status)
{
    self->busy = busy;
    if (status != NULL)
        gtk_label_set_text (self->status_label, status);
    update_buttons (self);
}

static void
report_cb (GtkWidget *page, gboolean busy, const char *status, const GError *error)
{
    DomusBackupsPage *self = DOMUS_BACKUPS_PAGE (page);

    set_busy (self, busy, status);
    if (error != NULL)
        show_error (self, error->message);
}

static void
verify_clicked_cb (DomusBackupsPage *self)
{
    g_autofree char *path = NULL;
    g_autofree char *date = NULL;
    gboolean incremental;

    if (selected (self, &path, &date, &incremental) && !self->busy)
        domus_backups_verify (&self->asker, path, date);
}

static void
restore_over_clicked_cb (DomusBackupsPage *self)
{
    g_autofree char *path = NULL;
    g_autofree char *date = NULL;
    gboolean incremental;

    if (selected (self, &path, &date, &incremental) && !self->busy)
        domus_backups_ask_restore_over (&self->asker, self->domain, path, date);
}

static void
restore_new_clicked_cb (DomusBackupsPage *self)
{
    g_autofree char *path = NULL;
    g_autofree char *date = NULL;
    g_autofree char *initial = NULL;
    gboolean incremental;

    if (!selected (self, &path, &date, &incremental) || self->busy)
        return;
    initial = g_strdup_printf ("%s-restored", domus_domain_get_name (self->domain));
    domus_backups_ask_restore_new (&self->asker, path, date, initial);
}

static void
folder_added_cb (GtkWidget *page, const char *folder)
{
    DomusBackupsPage *self = DOMUS_BACKUPS_PAGE (page);

    /* The page reads its folders again once the setting changed. */
    domus_backups_remember_target (domus_domain_get_uuid (self->domain), folder);
}

static void
add_folder_clicked_cb (DomusBackupsPage *self)
{
    domus_backups_ask_folder (&self->asker,
                              _("A folder on the guest’s host (not on this computer) that holds "
                                "a folder of this guest’s backups."), folder_added_cb);
}

/* ---- object ---- */

static void
map_cb (DomusBackupsPage *self)
{
    domus_backups_page_refresh (self);
}

/* A backup of this guest finished (from any Back Up dialog), or a folder
 * was remembered (the first backup into it, just finished): shown at once
 * where the page is in view, read on the next showing otherwise. */
static void
backups_changed_cb (DomusBackupsPage *self, const char *uuid)
{
    if (self->domain != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
        (uuid == NULL || g_strcmp0 (uuid, domus_domain_get_uuid (self->domain)) == 0))
        domus_backups_page_refresh (self);
}

static void
targets_changed_cb (DomusBackupsPage *self)
{
    backups_changed_cb (self, NULL);
}

static void
domus_backups_page_dispose (GObject *object)
{
    DomusBackupsPage *self = DOMUS_BACKUPS_PAGE (object);

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    if (self->asker.cancellable != NULL)
        g_cancellable_cancel (self->asker.cancellable);
    g_clear_object (&self->asker.cancellable);
    g_clear_object (&self->domain);
    g_clear_object (&self->conn);
    G_OBJECT_CLASS (domus_backups_page_parent_class)->dispose (object);
}

static void
domus_backups_page_class_init (DomusBackupsPageClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    G_OBJECT_CLASS (klass)->dispose = domus_backups_page_dispose;
    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/domusvm/Domus/domus-backups-page.ui");
    gtk_widget_class_bind_template_child (widget_class, DomusBackupsPage, store);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupsPage, view);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupsPage, error_bar);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupsPage, error_label);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupsPage, status_label);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupsPage, restore_new_button);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupsPage, restore_over_button);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupsPage, verify_button);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupsPage, schedule_label);
    gtk_widget_class_bind_template_child (widget_class, DomusBackupsPage, unschedule_button);
    gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, unschedule_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, restore_new_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, restore_over_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, verify_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, add_folder_clicked_cb);
}

static void
domus_backups_page_init (DomusBackupsPage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
    self->asker.page = GTK_WIDGET (self);
    self->asker.cancellable = g_cancellable_new ();
    self->asker.report = report_cb;
    g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
}

GtkWidget *
domus_backups_page_new (DomusConnection *conn, DomusDomain *domain)
{
    DomusBackupsPage *self;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);
    g_return_val_if_fail (DOMUS_IS_DOMAIN (domain), NULL);

    self = g_object_new (DOMUS_TYPE_BACKUPS_PAGE, NULL);
    self->conn = g_object_ref (conn);
    self->asker.conn = conn;
    self->domain = g_object_ref (domain);
    g_signal_connect_object (conn, "backups-changed", G_CALLBACK (backups_changed_cb), self,
                             G_CONNECT_SWAPPED);
    domus_backups_targets_watch (GTK_WIDGET (self), G_CALLBACK (targets_changed_cb));
    return GTK_WIDGET (self);
}
