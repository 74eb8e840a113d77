/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Storage page. Pools come from one listing when the host connects and
 * are re-read one by one on their events; the selected pool's volumes are
 * appended batch by batch, so that thousands of them never hold the main
 * loop. Every change runs as a job of core and reports libvirt's own words
 * when it is refused. This file has the pools and their actions; the
 * volumes and theirs are in domus-storage-page-volumes.c.
 */
#include "config.h"

#include "domus-storage-page-private.h"

#include <glib/gi18n.h>

#include "domus-error.h"
#include "domus-new-pool-dialog.h"
#include "domus-storage-pool.h"

G_DEFINE_FINAL_TYPE (DomusStoragePage, domus_storage_page, GTK_TYPE_BOX)

/* ---- small helpers ---- */

GtkWindow *
domus_storage_page_toplevel (DomusStoragePage *self)
{
    GtkWidget *top = gtk_widget_get_toplevel (GTK_WIDGET (self));

    return GTK_IS_WINDOW (top) ? GTK_WINDOW (top) : NULL;
}

gboolean
domus_storage_page_is_cancelled (GError *error)
{
    return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

void
domus_storage_page_show_error (DomusStoragePage *self, const char *primary,
                               const GError *error)
{
    GtkWidget *dialog = gtk_message_dialog_new (domus_storage_page_toplevel (self),
                                                GTK_DIALOG_MODAL |
                                                GTK_DIALOG_DESTROY_WITH_PARENT,
                                                GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                                "%s", primary);

    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                              error->message);
    g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
    gtk_widget_show (dialog);
}

static gboolean
find_row (GtkListStore *store, int column, const char *name, GtkTreeIter *iter)
{
    GtkTreeModel *model = GTK_TREE_MODEL (store);

    if (!gtk_tree_model_get_iter_first (model, iter))
        return FALSE;
    do {
        g_autofree char *value = NULL;

        gtk_tree_model_get (model, iter, column, &value, -1);
        if (g_strcmp0 (value, name) == 0)
            return TRUE;
    } while (gtk_tree_model_iter_next (model, iter));
    return FALSE;
}

gboolean
domus_storage_page_selected_pool_row (DomusStoragePage *self, GtkTreeIter *iter)
{
    return self->pool != NULL && find_row (self->pool_store, POOL_NAME, self->pool, iter);
}

static void
enable (DomusStoragePage *self, const char *name, gboolean enabled)
{
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
domus_storage_page_update_actions (DomusStoragePage *self)
{
    GtkTreeIter iter;
    gboolean have_pool = domus_storage_page_selected_pool_row (self, &iter);
    gboolean active = FALSE, autostart = FALSE, persistent = FALSE;
    g_autofree char *type = NULL;
    g_autofree char *volume = domus_storage_page_selected_volume (self, NULL, NULL);
    gboolean connected = domus_connection_get_state (self->conn) ==
                         DOMUS_CONNECTION_STATE_CONNECTED;
    gboolean makes_volumes;
    GAction *autostart_action;

    if (have_pool)
        gtk_tree_model_get (GTK_TREE_MODEL (self->pool_store), &iter, POOL_ACTIVE, &active,
                            POOL_AUTOSTART, &autostart, POOL_TYPE, &type,
                            POOL_PERSISTENT, &persistent, -1);
    makes_volumes = have_pool && active && !domus_storage_pool_has_fixed_volumes (type);
    enable (self, "new-pool", connected);
    enable (self, "pool-start", have_pool && !active);
    enable (self, "pool-stop", have_pool && active);
    enable (self, "pool-refresh", have_pool && active);
    enable (self, "pool-delete", have_pool);
    enable (self, "pool-autostart", have_pool && persistent);
    autostart_action = g_action_map_lookup_action (G_ACTION_MAP (self->actions),
                                                   "pool-autostart");
    g_simple_action_set_state (G_SIMPLE_ACTION (autostart_action),
                               g_variant_new_boolean (autostart));
    enable (self, "new-volume", makes_volumes);
    enable (self, "volume-delete", makes_volumes && volume != NULL);
    enable (self, "volume-wipe", active && volume != NULL);
    enable (self, "volume-resize", makes_volumes && volume != NULL);
    enable (self, "volume-clone", makes_volumes && volume != NULL);
    enable (self, "import-volume", makes_volumes);
    enable (self, "volume-download", active && volume != NULL);
}

/* ---- pools ---- */

static void
set_pool_row (DomusStoragePage *self, GtkTreeIter *iter, const DomusPoolInfo *info)
{
    g_autofree char *usage = NULL;
    int percent = 0;

    if (info->capacity > 0) {
        g_autofree char *used = g_format_size_full (info->allocation, G_FORMAT_SIZE_IEC_UNITS);
        g_autofree char *total = g_format_size_full (info->capacity, G_FORMAT_SIZE_IEC_UNITS);

        percent = (int) (info->allocation * 100 / info->capacity);
        /* Translators: space used of a pool's size, e.g. "12.0 GiB of 100.0 GiB" */
        usage = g_strdup_printf (_("%s of %s"), used, total);
    }
    gtk_list_store_set (self->pool_store, iter,
                        POOL_NAME, info->name,
                        POOL_TYPE_LABEL, domus_pool_type_label (info->type),
                        POOL_STATE_LABEL, domus_pool_state_label (info->state),
                        POOL_USAGE, percent,
                        POOL_USAGE_TEXT, usage != NULL ? usage : "",
                        POOL_AUTOSTART, info->autostart,
                        POOL_TARGET, info->target_path,
                        POOL_TYPE, info->type,
                        POOL_ACTIVE, info->active,
                        POOL_CAPACITY, info->capacity,
                        POOL_PERSISTENT, info->persistent,
                        -1);
}

static void
update_details (DomusStoragePage *self)
{
    GtkTreeIter iter;
    g_autofree char *type = NULL;
    g_autofree char *target = NULL;
    g_autofree char *text = NULL;
    g_autofree char *usage = NULL;
    g_autofree char *state = NULL;
    gboolean autostart = FALSE;

    if (!domus_storage_page_selected_pool_row (self, &iter)) {
        gtk_label_set_text (self->pool_details, "");
        return;
    }
    gtk_tree_model_get (GTK_TREE_MODEL (self->pool_store), &iter, POOL_TYPE_LABEL, &type,
                        POOL_TARGET, &target, POOL_USAGE_TEXT, &usage,
                        POOL_STATE_LABEL, &state, POOL_AUTOSTART, &autostart, -1);
    /* Translators: a pool's kind, state, space used, where its volumes are
     * and whether it starts with the host, e.g. "Directory · Active · 1 GiB
     * of 2 GiB · /var/lib/libvirt/images · starts at boot" */
    text = g_strdup_printf (_("%s · %s · %s · %s · %s"), type, state, usage,
                            target != NULL ? target : _("no target path"),
                            autostart ? _("starts at boot") : _("started by hand"));
    gtk_label_set_text (self->pool_details, text);
}

typedef struct {
    DomusStoragePage *self;   /* valid unless the read was cancelled */
    char *name;
} PoolRead;

static void
pool_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusPoolInfo) info = domus_storage_read_pool_finish (DOMUS_CONNECTION (source),
                                                                    result, &error);
    PoolRead *read = user_data;
    g_autofree char *name = read->name;
    DomusStoragePage *self = read->self;
    GtkTreeIter iter;

    g_free (read);
    if (domus_storage_page_is_cancelled (error))
        return;
    if (info == NULL) {
        /* Gone (undefined, or a transient pool stopped). */
        if (find_row (self->pool_store, POOL_NAME, name, &iter))
            gtk_list_store_remove (self->pool_store, &iter);
        if (g_strcmp0 (self->pool, name) == 0) {
            g_clear_pointer (&self->pool, g_free);
            g_cancellable_cancel (self->volume_cancellable);
            gtk_list_store_clear (self->volume_store);
            gtk_label_set_text (self->volume_status, "");
        }
    } else {
        gboolean selected = g_strcmp0 (self->pool, name) == 0;
        gboolean was_active = FALSE;

        if (!find_row (self->pool_store, POOL_NAME, name, &iter))
            gtk_list_store_append (self->pool_store, &iter);
        else
            gtk_tree_model_get (GTK_TREE_MODEL (self->pool_store), &iter, POOL_ACTIVE,
                                &was_active, -1);
        set_pool_row (self, &iter, info);
        if (g_strcmp0 (self->select_after, name) == 0) {
            g_clear_pointer (&self->select_after, g_free);
            gtk_tree_selection_select_iter (gtk_tree_view_get_selection (self->pool_view),
                                            &iter);
        } else if (selected && was_active != info->active) {
            /* Started or stopped elsewhere: its volumes come or go. */
            domus_storage_page_load_volumes (self);
        }
    }
    update_details (self);
    domus_storage_page_update_actions (self);
}

/* Re-reads pool NAME into its row (added or removed as it now is). */
void
domus_storage_page_reread_pool (DomusStoragePage *self, const char *name)
{
    PoolRead *read = g_new0 (PoolRead, 1);

    read->self = self;
    read->name = g_strdup (name);
    domus_storage_read_pool_async (self->conn, name, self->cancellable, pool_read_cb, read);
}

static void
pools_listed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) pools = domus_storage_list_pools_finish (DOMUS_CONNECTION (source),
                                                                  result, &error);
    DomusStoragePage *self = user_data;
    GtkTreeIter iter;

    if (domus_storage_page_is_cancelled (error))
        return;
    gtk_list_store_clear (self->pool_store);
    if (pools == NULL) {
        gtk_label_set_text (self->pool_details, error->message);
        return;
    }
    for (guint i = 0; i < pools->len; i++) {
        gtk_list_store_append (self->pool_store, &iter);
        set_pool_row (self, &iter, g_ptr_array_index (pools, i));
    }
    if (self->pool == NULL || !domus_storage_page_select_pool (self, self->pool)) {
        if (gtk_tree_model_get_iter_first (GTK_TREE_MODEL (self->pool_store), &iter))
            gtk_tree_selection_select_iter (gtk_tree_view_get_selection (self->pool_view),
                                            &iter);
    }
    domus_storage_page_update_actions (self);
}

static void
load_pools (DomusStoragePage *self)
{
    if (domus_connection_get_state (self->conn) != DOMUS_CONNECTION_STATE_CONNECTED)
        return;
    domus_storage_list_pools_async (self->conn, self->cancellable, pools_listed_cb, self);
}

static void
pool_event_cb (DomusStoragePoolWatch *watch, const char *name, int event,
               DomusStoragePage *self)
{
    domus_storage_page_reread_pool (self, name);
}

static void
connection_state_cb (DomusConnection *conn, GParamSpec *pspec, DomusStoragePage *self)
{
    if (domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_CONNECTED)
        load_pools (self);
    domus_storage_page_update_actions (self);
}

static void
pool_selection_changed_cb (GtkTreeSelection *selection, DomusStoragePage *self)
{
    GtkTreeModel *model;
    GtkTreeIter iter;
    g_autofree char *name = NULL;

    if (gtk_tree_selection_get_selected (selection, &model, &iter))
        gtk_tree_model_get (model, &iter, POOL_NAME, &name, -1);
    if (name == NULL || g_strcmp0 (name, self->pool) != 0) {
        g_free (self->pool);
        self->pool = g_steal_pointer (&name);
        domus_storage_page_load_volumes (self);
    }
    update_details (self);
    domus_storage_page_update_actions (self);
}

/* ---- actions ---- */

struct _DomusStorageDone {
    GWeakRef page;
    char *what;       /* the failure's primary text */
    char *pool;       /* re-read after */
    gboolean reload;  /* the volumes too */
};

DomusStorageDone *
domus_storage_page_done_new (DomusStoragePage *self, char *what_taken, gboolean reload)
{
    DomusStorageDone *done = g_new0 (DomusStorageDone, 1);

    g_weak_ref_init (&done->page, self);
    done->what = what_taken;
    done->pool = g_strdup (self->pool);
    done->reload = reload;
    return done;
}

static void
done_free (DomusStorageDone *done)
{
    g_weak_ref_clear (&done->page);
    g_free (done->what);
    g_free (done->pool);
    g_free (done);
}

/* What every action's job comes back to: the error shown, the pool and
 * its volumes read again. */
void
domus_storage_page_finish_action (DomusStorageDone *done, gboolean ok, GError *error)
{
    g_autoptr(DomusStoragePage) self = g_weak_ref_get (&done->page);

    if (self != NULL && !domus_storage_page_is_cancelled (error)) {
        if (!ok)
            domus_storage_page_show_error (self, done->what, error);
        if (done->pool != NULL)
            domus_storage_page_reread_pool (self, done->pool);
        if (done->reload && g_strcmp0 (done->pool, self->pool) == 0)
            domus_storage_page_load_volumes (self);
    }
    done_free (done);
}

static void
pool_action_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    gboolean ok = domus_storage_pool_action_finish (DOMUS_CONNECTION (source), result, &error);

    domus_storage_page_finish_action (user_data, ok, error);
}

static void
run_pool_action (DomusStoragePage *self, DomusPoolAction action, char *what_taken)
{
    domus_storage_pool_action_async (self->conn, self->pool, action, self->cancellable,
                                     pool_action_done_cb,
                                     /* Start and stop reload the volumes
                                      * once the pool's row says so. */
                                     domus_storage_page_done_new (
                                         self, what_taken,
                                         action == DOMUS_POOL_ACTION_REFRESH));
}

static void
pool_start_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusStoragePage *self = user_data;

    run_pool_action (self, DOMUS_POOL_ACTION_START,
                     g_strdup_printf (_("Could not start pool “%s”"), self->pool));
}

static void
pool_stop_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusStoragePage *self = user_data;

    run_pool_action (self, DOMUS_POOL_ACTION_STOP,
                     g_strdup_printf (_("Could not stop pool “%s”"), self->pool));
}

static void
pool_refresh_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusStoragePage *self = user_data;

    run_pool_action (self, DOMUS_POOL_ACTION_REFRESH,
                     g_strdup_printf (_("Could not refresh pool “%s”"), self->pool));
}

static void
pool_autostart_changed (GSimpleAction *action, GVariant *value, gpointer user_data)
{
    DomusStoragePage *self = user_data;

    g_simple_action_set_state (action, value);
    run_pool_action (self, g_variant_get_boolean (value) ? DOMUS_POOL_ACTION_AUTOSTART_ON
                                                         : DOMUS_POOL_ACTION_AUTOSTART_OFF,
                     g_strdup_printf (_("Could not change whether pool “%s” starts at boot"),
                                      self->pool));
}

static void
pool_delete_response_cb (GtkDialog *dialog, int response, DomusStoragePage *self)
{
    GtkWidget *also = g_object_get_data (G_OBJECT (dialog), "also-storage");
    gboolean with_storage = also != NULL &&
                            gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (also));
    const char *pool = g_object_get_data (G_OBJECT (dialog), "pool");

    if (response == GTK_RESPONSE_ACCEPT && g_strcmp0 (pool, self->pool) == 0)
        run_pool_action (self, with_storage ? DOMUS_POOL_ACTION_DELETE_WITH_STORAGE
                                            : DOMUS_POOL_ACTION_DELETE,
                         g_strdup_printf (_("Could not delete pool “%s”"), pool));
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
pool_delete_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusStoragePage *self = user_data;
    GtkTreeIter iter;
    g_autofree char *type = NULL;
    g_autofree char *target = NULL;
    GtkWidget *dialog, *button;

    if (!domus_storage_page_selected_pool_row (self, &iter))
        return;
    gtk_tree_model_get (GTK_TREE_MODEL (self->pool_store), &iter, POOL_TYPE, &type,
                        POOL_TARGET, &target, -1);
    dialog = gtk_message_dialog_new (domus_storage_page_toplevel (self),
                                     GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
                                     _("Delete pool “%s”?"), self->pool);
    gtk_message_dialog_format_secondary_text (
        GTK_MESSAGE_DIALOG (dialog), "%s",
        _("The host forgets the pool. Its volumes stay where they are unless you also "
          "delete its storage."));
    if (domus_pool_can_delete_storage (type)) {
        g_autofree char *label = g_strdup_printf (
            g_str_equal (type, "logical") ? _("Also delete volume group “%s” and every "
                                              "volume in it")
                                          : _("Also delete directory %s (it must be empty)"),
            g_str_equal (type, "logical") ? self->pool : (target != NULL ? target : ""));
        GtkWidget *area = gtk_message_dialog_get_message_area (GTK_MESSAGE_DIALOG (dialog));
        GtkWidget *also = gtk_check_button_new_with_label (label);

        gtk_widget_show (also);
        gtk_container_add (GTK_CONTAINER (area), also);
        g_object_set_data (G_OBJECT (dialog), "also-storage", also);
    }
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
    button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Delete"), GTK_RESPONSE_ACCEPT);
    gtk_style_context_add_class (gtk_widget_get_style_context (button),
                                 GTK_STYLE_CLASS_DESTRUCTIVE_ACTION);
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_object_set_data_full (G_OBJECT (dialog), "pool", g_strdup (self->pool), g_free);
    g_signal_connect_object (dialog, "response", G_CALLBACK (pool_delete_response_cb), self, 0);
    gtk_widget_show (dialog);
}

static void
new_pool_done_cb (DomusNewPoolDialog *dialog, const char *name, DomusStoragePage *self)
{
    g_free (self->select_after);
    self->select_after = g_strdup (name);
    domus_storage_page_reread_pool (self, name);
}

static void
new_pool_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusStoragePage *self = user_data;
    DomusNewPoolDialog *dialog = domus_new_pool_dialog_new (self->conn,
                                                            domus_storage_page_toplevel (self));

    g_signal_connect_object (dialog, "created", G_CALLBACK (new_pool_done_cb), self, 0);
    gtk_widget_show (GTK_WIDGET (dialog));
}

static const GActionEntry page_actions[] = {
    { "new-pool", new_pool_activated, NULL, NULL, NULL },
    { "pool-start", pool_start_activated, NULL, NULL, NULL },
    { "pool-stop", pool_stop_activated, NULL, NULL, NULL },
    { "pool-refresh", pool_refresh_activated, NULL, NULL, NULL },
    { "pool-autostart", NULL, NULL, "false", pool_autostart_changed },
    { "pool-delete", pool_delete_activated, NULL, NULL, NULL },
};

/* ---- object ---- */

static void
volume_selection_changed_cb (GtkTreeSelection *selection, DomusStoragePage *self)
{
    domus_storage_page_update_actions (self);
}

static void
domus_storage_page_dispose (GObject *object)
{
    DomusStoragePage *self = DOMUS_STORAGE_PAGE (object);

    g_cancellable_cancel (self->cancellable);
    g_cancellable_cancel (self->volume_cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->volume_cancellable);
    g_clear_object (&self->watch);
    g_clear_object (&self->actions);
    g_clear_object (&self->conn);
    g_clear_pointer (&self->pool, g_free);
    g_clear_pointer (&self->select_after, g_free);
    G_OBJECT_CLASS (domus_storage_page_parent_class)->dispose (object);
}

static void
domus_storage_page_class_init (DomusStoragePageClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    G_OBJECT_CLASS (klass)->dispose = domus_storage_page_dispose;
    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/domusvm/Domus/domus-storage-page.ui");
    gtk_widget_class_bind_template_child (widget_class, DomusStoragePage, pool_store);
    gtk_widget_class_bind_template_child (widget_class, DomusStoragePage, volume_store);
    gtk_widget_class_bind_template_child (widget_class, DomusStoragePage, pool_view);
    gtk_widget_class_bind_template_child (widget_class, DomusStoragePage, volume_view);
    gtk_widget_class_bind_template_child (widget_class, DomusStoragePage, pool_details);
    gtk_widget_class_bind_template_child (widget_class, DomusStoragePage, volume_status);
}

static void
domus_storage_page_init (DomusStoragePage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    /* By name, whatever order the host lists them in. */
    gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (self->pool_store), POOL_NAME,
                                          GTK_SORT_ASCENDING);
    gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (self->volume_store), VOL_NAME,
                                          GTK_SORT_ASCENDING);
    self->cancellable = g_cancellable_new ();
    self->actions = g_simple_action_group_new ();
    g_action_map_add_action_entries (G_ACTION_MAP (self->actions), page_actions,
                                     G_N_ELEMENTS (page_actions), self);
    domus_storage_page_add_volume_actions (self);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "storage", G_ACTION_GROUP (self->actions));
    g_signal_connect (gtk_tree_view_get_selection (self->pool_view), "changed",
                      G_CALLBACK (pool_selection_changed_cb), self);
    g_signal_connect (gtk_tree_view_get_selection (self->volume_view), "changed",
                      G_CALLBACK (volume_selection_changed_cb), self);
}

DomusStoragePage *
domus_storage_page_new (DomusConnection *conn)
{
    DomusStoragePage *self;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);
    self = g_object_new (DOMUS_TYPE_STORAGE_PAGE, "visible", TRUE, NULL);
    self->conn = g_object_ref (conn);
    self->watch = domus_storage_pool_watch_new (conn);
    g_signal_connect_object (self->watch, "pool-event", G_CALLBACK (pool_event_cb), self, 0);
    g_signal_connect_object (conn, "notify::state", G_CALLBACK (connection_state_cb), self, 0);
    load_pools (self);
    domus_storage_page_update_actions (self);
    return self;
}

gboolean
domus_storage_page_select_pool (DomusStoragePage *self, const char *name)
{
    GtkTreeIter iter;

    g_return_val_if_fail (DOMUS_IS_STORAGE_PAGE (self), FALSE);
    if (!find_row (self->pool_store, POOL_NAME, name, &iter))
        return FALSE;
    gtk_tree_selection_select_iter (gtk_tree_view_get_selection (self->pool_view), &iter);
    return TRUE;
}

gboolean
domus_storage_page_is_loading (DomusStoragePage *self)
{
    g_return_val_if_fail (DOMUS_IS_STORAGE_PAGE (self), FALSE);
    return self->loading;
}
