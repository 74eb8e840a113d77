/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Backups page of the guest window. It lists the guest's backups in
 * the folders of its host where they were made (the Back Up dialog
 * remembers each folder per guest in GSettings; the default folder is
 * always looked in) and in folders added here, read through core
 * (domus_backup_list_async: the storage API, so remote hosts work) when
 * the page is shown and after each change. An incremental backup says
 * which backup it builds on. Restore as a new guest, Restore over this
 * guest (after a confirmation that says what is lost, with Force Off
 * where it runs) and Verify call core, which combines an incremental
 * backup's chain. No libvirt call here.
 */
#include "config.h"

#include "domus-backups-page.h"

#include <glib/gi18n.h>

#include "domus-backup-schedule.h"
#include "domus-backups-common.h"
#include "domus-domain-actions.h"
#include "domus-domain-backup.h"
#include "domus-storage.h"

#define TARGETS_KEY "backup-targets"

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
    GCancellable *cancellable;
    GPtrArray *extra_targets;     /* folders added here (char *) */
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

/* ---- the folders ---- */

GStrv
domus_backups_targets (const char *uuid)
{
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    g_autoptr(GVariant) map = g_settings_get_value (settings, TARGETS_KEY);
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_autofree const char **targets = NULL;

    g_strv_builder_add (builder, DOMUS_BACKUP_DEFAULT_TARGET);
    if (g_variant_lookup (map, uuid, "^a&s", &targets))
        for (guint i = 0; targets[i] != NULL; i++)
            if (g_strcmp0 (targets[i], DOMUS_BACKUP_DEFAULT_TARGET) != 0)
                g_strv_builder_add (builder, targets[i]);
    return g_strv_builder_end (builder);
}

void
domus_backups_remember_target (const char *uuid, const char *target)
{
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    g_autoptr(GVariant) map = g_settings_get_value (settings, TARGETS_KEY);
    g_auto(GStrv) known = domus_backups_targets (uuid);
    GVariantBuilder builder;
    GVariantIter iter;
    const char *key;
    GVariant *value;

    if (g_strv_contains ((const char * const *) known, target))
        return;
    g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sas}"));
    g_variant_iter_init (&iter, map);
    while (g_variant_iter_next (&iter, "{&s@as}", &key, &value)) {
        if (!g_str_equal (key, uuid))
            g_variant_builder_add (&builder, "{s@as}", key, value);
        g_variant_unref (value);
    }
    {
        g_autoptr(GStrvBuilder) targets = g_strv_builder_new ();
        g_auto(GStrv) list = NULL;

        g_strv_builder_addv (targets, (const char **) known + 1);
        g_strv_builder_add (targets, target);
        list = g_strv_builder_end (targets);
        g_variant_builder_add (&builder, "{s^as}", uuid, list);
    }
    g_settings_set_value (settings, TARGETS_KEY, g_variant_builder_end (&builder));
}

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
    char *date;
} PageRun;

static PageRun *
page_run_new (DomusBackupsPage *self, const char *date)
{
    PageRun *run = g_new0 (PageRun, 1);

    run->self = g_object_ref (self);
    run->date = g_strdup (date);
    return run;
}

static void
page_run_free (PageRun *run)
{
    g_object_unref (run->self);
    g_free (run->date);
    g_free (run);
}

static void
list_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) entries = domus_backup_list_finish (DOMUS_CONNECTION (source), result,
                                                             &error);
    PageRun *run = user_data;
    g_autoptr(DomusBackupsPage) self = g_object_ref (run->self);
    gboolean is_default = g_str_equal (run->date, DOMUS_BACKUP_DEFAULT_TARGET);

    page_run_free (run);
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
        g_autofree char *date = domus_backups_date_text (entry->date);
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
    g_autoptr(GStrvBuilder) all = g_strv_builder_new ();
    g_auto(GStrv) targets = NULL;

    g_return_if_fail (DOMUS_IS_BACKUPS_PAGE (self));

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    self->cancellable = g_cancellable_new ();
    gtk_list_store_clear (self->store);
    gtk_widget_hide (self->error_bar);
    targets = domus_backups_targets (domus_domain_get_uuid (self->domain));
    self->listing = 0;
    gtk_label_set_text (self->status_label, "");
    gtk_widget_set_sensitive (self->unschedule_button, TRUE);
    show_schedule (self);
    for (guint i = 0; targets[i] != NULL; i++)
        g_strv_builder_add (all, targets[i]);
    for (guint i = 0; i < self->extra_targets->len; i++)
        if (!g_strv_contains ((const char * const *) targets, self->extra_targets->pdata[i]))
            g_strv_builder_add (all, self->extra_targets->pdata[i]);
    g_clear_pointer (&targets, g_strfreev);
    targets = g_strv_builder_end (all);
    for (guint i = 0; targets[i] != NULL; i++) {
        self->listing++;
        domus_backup_list_async (self->conn, targets[i], domus_domain_get_name (self->domain),
                                 self->cancellable, list_done_cb,
                                 page_run_new (self, targets[i]));
    }
    update_buttons (self);
}

/* ---- Verify ---- */

static void
set_busy (DomusBackupsPage *self, gboolean busy, const char *status)
{
    self->busy = busy;
    if (status != NULL)
        gtk_label_set_text (self->status_label, status);
    update_buttons (self);
}

static void
verify_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    PageRun *run = user_data;
    DomusBackupsPage *self = run->self;
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusBackupCheck) check = domus_backup_verify_finish (DOMUS_CONNECTION (source),
                                                                    result, &error);
    g_autoptr(GString) text = g_string_new (NULL);

    if (self->domain == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        page_run_free (run);
        return;
    }
    if (check == NULL) {
        set_busy (self, FALSE, "");
        show_error (self, error->message);
    } else if (check->problems->len == 0) {
        if (check->read_images)
            /* Translators: %s is the backup's date. */
            g_string_printf (text, _("The backup of %s is OK: every file is as it was made, "
                                     "and qemu-img check read every image."), run->date);
        else
            g_string_printf (text, _("The backup of %s is OK: every file is as it was made "
                                     "(the host is remote, so the images were not read)."),
                             run->date);
        set_busy (self, FALSE, text->str);
    } else {
        g_string_printf (text, _("The backup of %s is damaged:"), run->date);
        for (guint i = 0; i < check->problems->len; i++)
            g_string_append_printf (text, "\n• %s", (char *) check->problems->pdata[i]);
        set_busy (self, FALSE, text->str);
    }
    page_run_free (run);
}

static void
verify_clicked_cb (DomusBackupsPage *self)
{
    g_autofree char *path = NULL;
    g_autofree char *date = NULL;
    g_autofree char *status = NULL;
    gboolean incremental;

    if (!selected (self, &path, &date, &incremental) || self->busy)
        return;
    /* Translators: %s is the backup's date. */
    status = g_strdup_printf (_("Verifying the backup of %s…"), date);
    set_busy (self, TRUE, status);
    domus_backup_verify_async (self->conn, path, self->cancellable, verify_done_cb,
                               page_run_new (self, date));
}

/* ---- Restore ---- */

char *
domus_backups_page_over_text (const char *guest, const char *date)
{
    /* Translators: a guest's name and a backup's date. */
    return g_strdup_printf (_("The current disks of “%s” will be replaced by the backup of "
                              "%s; changes since then are lost."), guest, date);
}

static void
restored_cb (GObject *source, GAsyncResult *result, gpointer user_data, gboolean ok,
             GError *error)
{
    PageRun *run = user_data;
    DomusBackupsPage *self = run->self;

    if (self->domain != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        g_autofree char *text = NULL;

        if (ok) {
            /* Translators: %s is the backup's date. */
            text = g_strdup_printf (_("Restored from the backup of %s."), run->date);
            set_busy (self, FALSE, text);
        } else {
            set_busy (self, FALSE, "");
            show_error (self, error->message);
        }
    }
    page_run_free (run);
}

static void
restore_over_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    gboolean ok = domus_backup_restore_over_finish (DOMUS_CONNECTION (source), result, &error);

    restored_cb (source, result, user_data, ok, error);
}

static void
restore_new_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = domus_backup_restore_finish (DOMUS_CONNECTION (source), result,
                                                         &error);

    restored_cb (source, result, user_data, uuid != NULL, error);
}

typedef struct {
    PageRun *run;
    char *path;
} ForceOff;

static void
forced_off_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    ForceOff *force = user_data;
    DomusBackupsPage *self = force->run->self;
    g_autoptr(GError) error = NULL;

    if (!domus_domain_action_finish (DOMUS_CONNECTION (source), result, &error)) {
        restored_cb (source, result, force->run, FALSE, error);
    } else {
        domus_backup_restore_over_async (self->conn, force->path, self->domain,
                                         self->cancellable, restore_over_done_cb, force->run);
    }
    g_free (force->path);
    g_free (force);
}

#define RESPONSE_FORCE_OFF 1

/* A question asked of the backup PATH of DATE; its answer comes through
 * "response", without a nested main loop. */
typedef struct {
    DomusBackupsPage *self;       /* a reference */
    char *path;
    char *date;
    GtkEntry *first;              /* the form's fields, or NULL */
    GtkEntry *second;
} Ask;

static void
ask_free (Ask *ask)
{
    g_object_unref (ask->self);
    g_free (ask->path);
    g_free (ask->date);
    g_free (ask);
}

static GtkWidget *
ask_dialog (DomusBackupsPage *self, GtkMessageType type, const char *title, const char *text)
{
    GtkWidget *dialog;

    dialog = gtk_message_dialog_new (GTK_WINDOW (gtk_widget_get_toplevel (GTK_WIDGET (self))),
                                     GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     type, GTK_BUTTONS_NONE, "%s", title);
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", text);
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
    return dialog;
}

/* A labelled field in DIALOG's message area. */
static GtkEntry *
ask_field (GtkWidget *dialog, const char *label, const char *initial, const char *id)
{
    GtkWidget *entry = gtk_entry_new ();
    GtkWidget *caption = gtk_label_new_with_mnemonic (label);
    GtkWidget *area = gtk_message_dialog_get_message_area (GTK_MESSAGE_DIALOG (dialog));

    gtk_entry_set_text (GTK_ENTRY (entry), initial);
    gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
    gtk_buildable_set_name (GTK_BUILDABLE (entry), id);
    gtk_label_set_mnemonic_widget (GTK_LABEL (caption), entry);
    gtk_label_set_xalign (GTK_LABEL (caption), 0);
    gtk_container_add (GTK_CONTAINER (area), caption);
    gtk_container_add (GTK_CONTAINER (area), entry);
    gtk_widget_show (caption);
    gtk_widget_show (entry);
    return GTK_ENTRY (entry);
}

static char *
field_text (GtkEntry *entry)
{
    char *text = g_strstrip (g_strdup (gtk_entry_get_text (entry)));

    if (text[0] == '\0')
        g_clear_pointer (&text, g_free);
    return text;
}

static void
over_response_cb (GtkDialog *dialog, int response, Ask *ask)
{
    DomusBackupsPage *self = ask->self;
    g_autofree char *status = NULL;

    gtk_widget_destroy (GTK_WIDGET (dialog));
    if ((response != GTK_RESPONSE_ACCEPT && response != RESPONSE_FORCE_OFF) ||
        self->domain == NULL || self->busy) {
        ask_free (ask);
        return;
    }
    /* Translators: %s is the backup's date. */
    status = g_strdup_printf (_("Restoring the backup of %s…"), ask->date);
    set_busy (self, TRUE, status);
    if (response == RESPONSE_FORCE_OFF) {
        ForceOff *force = g_new0 (ForceOff, 1);

        force->run = page_run_new (self, ask->date);
        force->path = g_strdup (ask->path);
        domus_domain_action_async (self->conn, self->domain, DOMUS_DOMAIN_ACTION_FORCE_OFF,
                                   self->cancellable, forced_off_cb, force);
    } else {
        domus_backup_restore_over_async (self->conn, ask->path, self->domain,
                                         self->cancellable, restore_over_done_cb,
                                         page_run_new (self, ask->date));
    }
    ask_free (ask);
}

static void
restore_over_clicked_cb (DomusBackupsPage *self)
{
    g_autofree char *text = NULL;
    g_autofree char *title = NULL;
    g_autofree char *body = NULL;
    Ask *ask = g_new0 (Ask, 1);
    gboolean incremental;
    gboolean running;
    GtkWidget *dialog;
    GtkWidget *button;

    ask->self = g_object_ref (self);
    if (!selected (self, &ask->path, &ask->date, &incremental) || self->busy) {
        ask_free (ask);
        return;
    }
    running = domus_domain_get_state (self->domain) != DOMUS_DOMAIN_STATE_SHUTOFF;
    text = domus_backups_page_over_text (domus_domain_get_name (self->domain), ask->date);
    /* Translators: %s is a guest's name. */
    title = g_strdup_printf (_("Restore over “%s”?"), domus_domain_get_name (self->domain));
    if (running)
        body = g_strdup_printf ("%s\n%s", text,
                                _("The guest is running: it must be forced off first, as if "
                                  "its power were cut."));
    dialog = ask_dialog (self, GTK_MESSAGE_WARNING, title, running ? body : text);
    if (running)
        button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Force Off and Restore"),
                                        RESPONSE_FORCE_OFF);
    else
        button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Restore"),
                                        GTK_RESPONSE_ACCEPT);
    gtk_style_context_add_class (gtk_widget_get_style_context (button),
                                 GTK_STYLE_CLASS_DESTRUCTIVE_ACTION);
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_signal_connect (dialog, "response", G_CALLBACK (over_response_cb), ask);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_response_cb (GtkDialog *dialog, int response, Ask *ask)
{
    DomusBackupsPage *self = ask->self;
    g_autofree char *name = field_text (ask->first);
    g_autofree char *pool = field_text (ask->second);
    g_autofree char *status = NULL;

    gtk_widget_destroy (GTK_WIDGET (dialog));
    if (response != GTK_RESPONSE_ACCEPT || name == NULL || pool == NULL ||
        self->domain == NULL || self->busy) {
        ask_free (ask);
        return;
    }
    status = g_strdup_printf (_("Restoring the backup of %s…"), ask->date);
    set_busy (self, TRUE, status);
    domus_backup_restore_async (self->conn, ask->path, name, pool, self->cancellable,
                                restore_new_done_cb, page_run_new (self, ask->date));
    ask_free (ask);
}

static void
restore_new_clicked_cb (DomusBackupsPage *self)
{
    g_autofree char *initial = NULL;
    Ask *ask = g_new0 (Ask, 1);
    gboolean incremental;
    GtkWidget *dialog;

    ask->self = g_object_ref (self);
    if (!selected (self, &ask->path, &ask->date, &incremental) || self->busy) {
        ask_free (ask);
        return;
    }
    initial = g_strdup_printf ("%s-restored", domus_domain_get_name (self->domain));
    dialog = ask_dialog (self, GTK_MESSAGE_QUESTION, _("Restore as a New Guest"),
                         _("The backup becomes a new guest with a new UUID and MAC "
                           "addresses, its disks copied into a storage pool of the host; this "
                           "guest is left as it is."));
    ask->first = ask_field (dialog, _("_Name of the new guest"), initial, "new_name");
    ask->second = ask_field (dialog, _("Storage _pool"), "default", "pool");
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Restore"), GTK_RESPONSE_ACCEPT);
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    g_signal_connect (dialog, "response", G_CALLBACK (new_response_cb), ask);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
folder_response_cb (GtkDialog *dialog, int response, Ask *ask)
{
    DomusBackupsPage *self = ask->self;
    g_autofree char *folder = field_text (ask->first);

    gtk_widget_destroy (GTK_WIDGET (dialog));
    if (response == GTK_RESPONSE_ACCEPT && folder != NULL && self->domain != NULL) {
        if (!g_path_is_absolute (folder)) {
            show_error (self, _("The folder must be a full path on the host, starting with "
                                "“/”"));
        } else {
            g_ptr_array_add (self->extra_targets, g_steal_pointer (&folder));
            domus_backups_page_refresh (self);
        }
    }
    ask_free (ask);
}

static void
add_folder_clicked_cb (DomusBackupsPage *self)
{
    Ask *ask = g_new0 (Ask, 1);
    GtkWidget *dialog;

    ask->self = g_object_ref (self);
    dialog = ask_dialog (self, GTK_MESSAGE_QUESTION, _("Add a Folder"),
                         _("A folder on the guest’s host (not on this computer) that holds a "
                           "folder of this guest’s backups."));
    ask->first = ask_field (dialog, _("_Folder on the host"), DOMUS_BACKUP_DEFAULT_TARGET,
                            "folder");
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Add"), GTK_RESPONSE_ACCEPT);
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    g_signal_connect (dialog, "response", G_CALLBACK (folder_response_cb), ask);
    gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- object ---- */

static void
map_cb (DomusBackupsPage *self)
{
    domus_backups_page_refresh (self);
}

static void
domus_backups_page_dispose (GObject *object)
{
    DomusBackupsPage *self = DOMUS_BACKUPS_PAGE (object);

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->domain);
    g_clear_object (&self->conn);
    g_clear_pointer (&self->extra_targets, g_ptr_array_unref);
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
    self->extra_targets = g_ptr_array_new_with_free_func (g_free);
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
    self->domain = g_object_ref (domain);
    return GTK_WIDGET (self);
}
