/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Snapshots page of the guest window: the list, its thumbnails, and
 * what applies now (the changes are in domus-snapshots-page-actions.c).
 * Its list is read on the host's worker (domus-domain-snapshot) when the
 * page is shown, after every libvirt event about the guest, after each
 * change made here, and, while the page is shown, whenever a cheap look
 * (names and the current one) says another client changed it: libvirt has
 * no event for a snapshot taken or deleted. Thumbnails are Domus's own
 * cache, not libvirt's.
 */
#include "config.h"

#include "domus-snapshots-page-private.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>


/* Thumbnails: kept at this width, shown at half of it. */
#define THUMB_WIDTH 160

G_DEFINE_FINAL_TYPE (DomusSnapshotsPage, domus_snapshots_page, GTK_TYPE_BOX)

enum {
    PROP_0,
    PROP_BUSY,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A job's answer for a page that is gone or whose job was cancelled. */
gboolean
domus_snapshots_page_gone (DomusSnapshotsPage *self, const GError *error)
{
    return self->domain == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

void
domus_snapshots_page_show_error (DomusSnapshotsPage *self, const char *message)
{
    gtk_label_set_text (self->error_label, message);
    gtk_widget_show (GTK_WIDGET (self->error_bar));
}

static void
error_bar_response_cb (DomusSnapshotsPage *self, int response)
{
    gtk_widget_hide (GTK_WIDGET (self->error_bar));
}

DomusSnapshotInfo *
domus_snapshots_page_find (DomusSnapshotsPage *self, const char *name)
{
    for (guint i = 0; self->snapshots != NULL && i < self->snapshots->len; i++) {
        DomusSnapshotInfo *info = g_ptr_array_index (self->snapshots, i);

        if (g_str_equal (info->name, name))
            return info;
    }
    return NULL;
}

/* The guest's snapshots' names, NULL-terminated. */
GStrv
domus_snapshots_page_names (DomusSnapshotsPage *self)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    for (guint i = 0; self->snapshots != NULL && i < self->snapshots->len; i++)
        g_strv_builder_add (builder,
                            ((DomusSnapshotInfo *) g_ptr_array_index (self->snapshots, i))->name);
    return g_strv_builder_end (builder);
}

/* The selected rows' names, in the tree's order. */
GStrv
domus_snapshots_page_selected (DomusSnapshotsPage *self)
{
    GtkTreeSelection *selection = gtk_tree_view_get_selection (self->view);
    GtkTreeModel *model;
    GList *rows = gtk_tree_selection_get_selected_rows (selection, &model);
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    for (GList *l = rows; l != NULL; l = l->next) {
        GtkTreeIter iter;
        g_autofree char *name = NULL;

        gtk_tree_model_get_iter (model, &iter, l->data);
        gtk_tree_model_get (model, &iter, COL_NAME, &name, -1);
        g_strv_builder_add (builder, name);
    }
    g_list_free_full (rows, (GDestroyNotify) gtk_tree_path_free);
    return g_strv_builder_end (builder);
}

/* ---- thumbnails --------------------------------------------------------------- */

char *
domus_snapshots_page_thumbnail_path (const char *uuid, const char *name)
{
    g_autofree char *file = g_strdup_printf ("%s.png", name);

    return g_build_filename (g_get_user_cache_dir (), "domus", "snapshots", uuid, file, NULL);
}

/* The guest's screen now, at thumbnail size, or NULL without a screen. */
GdkPixbuf *
domus_snapshots_page_capture_screen (DomusSnapshotsPage *self)
{
    g_autoptr(GdkPixbuf) screen = NULL;
    int width, height;

    if (self->console == NULL ||
        domus_console_get_state (self->console) != DOMUS_CONSOLE_STATE_CONNECTED ||
        (screen = domus_console_get_pixbuf (self->console)) == NULL)
        return NULL;
    width = gdk_pixbuf_get_width (screen);
    height = gdk_pixbuf_get_height (screen);
    if (width <= 0 || height <= 0)
        return NULL;
    return gdk_pixbuf_scale_simple (screen, THUMB_WIDTH,
                                    MAX (1, height * THUMB_WIDTH / width),
                                    GDK_INTERP_BILINEAR);
}

void
domus_snapshots_page_save_thumbnail (DomusSnapshotsPage *self, const char *name,
                                     GdkPixbuf *thumb)
{
    g_autofree char *path = domus_snapshots_page_thumbnail_path (
        domus_domain_get_uuid (self->domain), name);
    g_autofree char *dir = g_path_get_dirname (path);
    g_autoptr(GError) error = NULL;

    if (g_mkdir_with_parents (dir, 0700) != 0 ||
        !gdk_pixbuf_save (thumb, path, "png", &error, NULL))
        g_warning ("Cannot keep the snapshot’s thumbnail in %s: %s", path,
                   error ? error->message : g_strerror (errno));
}

/* A thumbnail whose snapshot is gone (deleted here or elsewhere) goes too. */
static void
prune_thumbnails (DomusSnapshotsPage *self)
{
    g_autofree char *probe = domus_snapshots_page_thumbnail_path (
        domus_domain_get_uuid (self->domain), "x");
    g_autofree char *dir_path = g_path_get_dirname (probe);
    g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
    const char *file;

    while (dir != NULL && (file = g_dir_read_name (dir)) != NULL) {
        g_autofree char *name = g_str_has_suffix (file, ".png")
                              ? g_strndup (file, strlen (file) - 4) : NULL;

        if (name != NULL && domus_snapshots_page_find (self, name) == NULL) {
            g_autofree char *path = g_build_filename (dir_path, file, NULL);

            g_unlink (path);
        }
    }
}

static GdkPixbuf *
load_thumbnail (DomusSnapshotsPage *self, const char *name)
{
    g_autofree char *path = domus_snapshots_page_thumbnail_path (
        domus_domain_get_uuid (self->domain), name);

    if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return NULL;
    return gdk_pixbuf_new_from_file_at_scale (path, THUMB_WIDTH / 2, -1, TRUE, NULL);
}

/* ---- the list ------------------------------------------------------------------- */

static char *
taken_text (gint64 time)
{
    g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (time);

    /* Translators: when a snapshot was taken, as strftime() writes it */
    return when ? g_date_time_format (when, _("%Y-%m-%d %H:%M")) : g_strdup ("");
}

static const char *
state_text (const DomusSnapshotInfo *info)
{
    /* libvirt records no state for a snapshot of the disks only. */
    if (info->state == DOMUS_DOMAIN_STATE_NOSTATE)
        return "—";
    return domus_domain_state_to_string (info->state);
}

static void
add_row (DomusSnapshotsPage *self, DomusSnapshotInfo *info, GHashTable *iters)
{
    GtkTreeIter *parent = info->parent ? g_hash_table_lookup (iters, info->parent) : NULL;
    g_autofree char *markup = NULL;
    g_autofree char *taken = taken_text (info->creation_time);
    g_autoptr(GdkPixbuf) thumb = load_thumbnail (self, info->name);
    GtkTreeIter iter;

    if (info->current)
        /* Translators: the current snapshot in the list: its name, then "current" */
        markup = g_markup_printf_escaped (_("<b>%s</b>  <small>(current)</small>"),
                                          info->name);
    else
        markup = g_markup_escape_text (info->name, -1);
    gtk_tree_store_insert_with_values (self->store, &iter, parent, -1,
                                       COL_NAME, info->name,
                                       COL_MARKUP, markup,
                                       COL_TAKEN, taken,
                                       COL_STATE, state_text (info),
                                       COL_KIND, domus_snapshot_kind_to_string (info->kind),
                                       COL_DESCRIPTION, info->description,
                                       COL_THUMB, thumb,
                                       -1);
    g_hash_table_insert (iters, info->name, gtk_tree_iter_copy (&iter));
}

/* The store rebuilt from the list (each snapshot follows its parent), the
 * selection kept by name. */
static void
fill_store (DomusSnapshotsPage *self)
{
    g_auto(GStrv) selected = domus_snapshots_page_selected (self);
    g_autoptr(GHashTable) iters = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) gtk_tree_iter_free);
    GtkTreeSelection *selection = gtk_tree_view_get_selection (self->view);

    gtk_tree_store_clear (self->store);
    for (guint i = 0; i < self->snapshots->len; i++)
        add_row (self, g_ptr_array_index (self->snapshots, i), iters);
    gtk_tree_view_expand_all (self->view);
    for (guint i = 0; selected[i] != NULL; i++) {
        GtkTreeIter *iter = g_hash_table_lookup (iters, selected[i]);

        if (iter != NULL)
            gtk_tree_selection_select_iter (selection, iter);
    }
    gtk_stack_set_visible_child_name (self->content_stack, self->snapshots->len > 0 ? "list"
                                                                             : "empty");
}

static void
list_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusSnapshotsPage) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *fingerprint = NULL;
    g_autoptr(GPtrArray) snapshots =
        domus_domain_snapshot_list_finish (DOMUS_CONNECTION (source), result, &fingerprint,
                                           &error);

    if (domus_snapshots_page_gone (self, error))
        return;
    self->listing = FALSE;
    if (snapshots == NULL) {
        domus_snapshots_page_show_error (self, error->message);
        return;
    }
    g_clear_pointer (&self->snapshots, g_ptr_array_unref);
    self->snapshots = g_steal_pointer (&snapshots);
    g_free (self->fingerprint);
    self->fingerprint = g_steal_pointer (&fingerprint);
    fill_store (self);
    prune_thumbnails (self);
    domus_snapshots_page_update_actions (self);
}

gboolean
domus_snapshots_page_apply_abilities (DomusSnapshotsPage *self, GObject *source,
                                      GAsyncResult *result)
{
    g_autoptr(GError) error = NULL;
    DomusSnapshotAbilities *abilities =
        domus_domain_snapshot_abilities_finish (DOMUS_CONNECTION (source), result, &error);

    if (domus_snapshots_page_gone (self, error)) {
        g_clear_pointer (&abilities, domus_snapshot_abilities_free);
        return FALSE;
    }
    if (abilities == NULL) {
        domus_snapshots_page_show_error (self, error->message);
        return FALSE;
    }
    g_clear_pointer (&self->abilities, domus_snapshot_abilities_free);
    self->abilities = abilities;
    domus_snapshots_page_update_actions (self);
    return TRUE;
}

static void
abilities_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusSnapshotsPage) self = user_data;

    domus_snapshots_page_apply_abilities (self, source, result);
}

/* The list and what the guest can do, read again. */
void
domus_snapshots_page_refresh (DomusSnapshotsPage *self)
{
    if (domus_connection_get_state (self->conn) != DOMUS_CONNECTION_STATE_CONNECTED)
        return;
    if (!self->listing) {
        self->listing = TRUE;
        domus_domain_snapshot_list_async (self->conn, self->domain, self->cancellable,
                                          list_done_cb, g_object_ref (self));
    }
    domus_domain_snapshot_abilities_async (self->conn, self->domain, self->cancellable,
                                           abilities_done_cb, g_object_ref (self));
}

/* The cheap look: a full list only when the names or the current one
 * changed on the host. */
static void
fingerprint_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusSnapshotsPage) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *fingerprint =
        domus_domain_snapshot_fingerprint_finish (DOMUS_CONNECTION (source), result, &error);

    if (domus_snapshots_page_gone (self, error) || fingerprint == NULL)
        return;
    if (g_strcmp0 (fingerprint, self->fingerprint) != 0 && !self->listing) {
        self->listing = TRUE;
        domus_domain_snapshot_list_async (self->conn, self->domain, self->cancellable,
                                          list_done_cb, g_object_ref (self));
    }
}

static gboolean
watch_cb (gpointer user_data)
{
    DomusSnapshotsPage *self = user_data;

    if (!self->listing &&
        domus_connection_get_state (self->conn) == DOMUS_CONNECTION_STATE_CONNECTED)
        domus_domain_snapshot_fingerprint_async (self->conn, self->domain, self->cancellable,
                                                 fingerprint_done_cb, g_object_ref (self));
    return G_SOURCE_CONTINUE;
}

/* Shown: read everything, and keep a cheap look while it stays shown. */
static void
domus_snapshots_page_map (GtkWidget *widget)
{
    DomusSnapshotsPage *self = DOMUS_SNAPSHOTS_PAGE (widget);

    GTK_WIDGET_CLASS (domus_snapshots_page_parent_class)->map (widget);
    domus_snapshots_page_refresh (self);
    if (self->watch_id == 0)
        self->watch_id = g_timeout_add_seconds (DOMUS_SNAPSHOTS_WATCH_S, watch_cb, self);
}

static void
domus_snapshots_page_unmap (GtkWidget *widget)
{
    DomusSnapshotsPage *self = DOMUS_SNAPSHOTS_PAGE (widget);

    g_clear_handle_id (&self->watch_id, g_source_remove);
    GTK_WIDGET_CLASS (domus_snapshots_page_parent_class)->unmap (widget);
}

/* libvirt's events about the guest (a revert, a start, a definition):
 * what it can do changed, and its list may have. */
static void
domain_event_cb (DomusConnection *conn, DomusDomain *domain, DomusSnapshotsPage *self)
{
    if (domain == self->domain && gtk_widget_get_mapped (GTK_WIDGET (self)))
        domus_snapshots_page_refresh (self);
}

static void
connection_state_cb (DomusConnection *conn, GParamSpec *pspec, DomusSnapshotsPage *self)
{
    if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        domus_snapshots_page_refresh (self);
}

/* ---- what applies now ------------------------------------------------------------ */

static void
set_action_enabled (DomusSnapshotsPage *self, const char *name, gboolean enabled)
{
    g_simple_action_set_enabled (
        G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), name)),
        enabled);
}

/* Why the one selected snapshot cannot be reverted to here, or NULL. */
const char *
domus_snapshots_page_revert_why_not (DomusSnapshotsPage *self, const DomusSnapshotInfo *info)
{
    if (self->abilities == NULL)
        return NULL;
    return self->abilities->revert_why_not[info->kind];
}

void
domus_snapshots_page_update_actions (DomusSnapshotsPage *self)
{
    g_auto(GStrv) names = domus_snapshots_page_selected (self);
    guint n = g_strv_length (names);
    DomusSnapshotInfo *one = n == 1 ? domus_snapshots_page_find (self, names[0]) : NULL;
    const char *why_not = one != NULL ? domus_snapshots_page_revert_why_not (self, one) : NULL;

    set_action_enabled (self, "revert", !self->busy && one != NULL && why_not == NULL);
    set_action_enabled (self, "delete", !self->busy && n > 0);
    set_action_enabled (self, "edit-description", !self->busy && one != NULL);
    /* Never a generic failure after the click: the reason is on the button
     * and on the page. */
    gtk_widget_set_tooltip_text (self->revert_button,
                                 why_not != NULL ? why_not
                                                 : _("Bring the guest back to the selected "
                                                     "snapshot"));
    gtk_label_set_text (self->reason_label, why_not ? why_not : "");
    gtk_widget_set_visible (GTK_WIDGET (self->reason_label), why_not != NULL);
}

static void
selection_changed_cb (DomusSnapshotsPage *self)
{
    domus_snapshots_page_update_actions (self);
}

/* ---- busy: one change at a time, with its progress -------------------------------- */

static gboolean
pulse_cb (gpointer user_data)
{
    gtk_progress_bar_pulse (GTK_PROGRESS_BAR (user_data));
    return G_SOURCE_CONTINUE;
}

void
domus_snapshots_page_set_busy (DomusSnapshotsPage *self, const char *what, const char *activity)
{
    gboolean busy = what != NULL;

    gtk_revealer_set_reveal_child (self->progress_revealer, busy);
    gtk_label_set_text (self->progress_label, what ? what : "");
    g_clear_handle_id (&self->pulse_id, g_source_remove);
    if (busy)
        self->pulse_id = g_timeout_add (100, pulse_cb, self->progress_bar);
    /* The list shows it too ("Taking snapshot… 40 %"); a change that says
     * nothing there leaves another action's words alone. */
    if (activity != NULL || self->owns_activity)
        domus_domain_set_activity (self->domain, activity);
    self->owns_activity = activity != NULL;
    if (self->busy != busy) {
        self->busy = busy;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
    domus_snapshots_page_update_actions (self);
}

/* ---- object ---------------------------------------------------------------------------- */

gboolean
domus_snapshots_page_get_busy (DomusSnapshotsPage *self)
{
    g_return_val_if_fail (DOMUS_IS_SNAPSHOTS_PAGE (self), FALSE);
    return self->busy;
}

void
domus_snapshots_page_set_console (DomusSnapshotsPage *self, DomusConsole *console)
{
    g_return_if_fail (DOMUS_IS_SNAPSHOTS_PAGE (self));

    g_set_weak_pointer (&self->console, console);
}

static void
domus_snapshots_page_get_property (GObject *object, guint prop_id, GValue *value,
                                   GParamSpec *pspec)
{
    DomusSnapshotsPage *self = DOMUS_SNAPSHOTS_PAGE (object);

    switch (prop_id) {
    case PROP_BUSY:
        g_value_set_boolean (value, self->busy);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_snapshots_page_dispose (GObject *object)
{
    DomusSnapshotsPage *self = DOMUS_SNAPSHOTS_PAGE (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_handle_id (&self->watch_id, g_source_remove);
    g_clear_handle_id (&self->pulse_id, g_source_remove);
    if (self->domain != NULL && self->owns_activity)
        domus_domain_set_activity (self->domain, NULL);
    if (self->conn != NULL)
        g_signal_handlers_disconnect_by_data (self->conn, self);
    g_clear_weak_pointer (&self->console);
    g_clear_object (&self->conn);
    g_clear_object (&self->domain);
    g_clear_object (&self->actions);

    G_OBJECT_CLASS (domus_snapshots_page_parent_class)->dispose (object);
}

static void
domus_snapshots_page_finalize (GObject *object)
{
    DomusSnapshotsPage *self = DOMUS_SNAPSHOTS_PAGE (object);

    g_clear_object (&self->cancellable);
    g_clear_pointer (&self->snapshots, g_ptr_array_unref);
    g_clear_pointer (&self->abilities, domus_snapshot_abilities_free);
    g_free (self->fingerprint);

    G_OBJECT_CLASS (domus_snapshots_page_parent_class)->finalize (object);
}

static void
domus_snapshots_page_class_init (DomusSnapshotsPageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->get_property = domus_snapshots_page_get_property;
    object_class->dispose = domus_snapshots_page_dispose;
    object_class->finalize = domus_snapshots_page_finalize;
    widget_class->map = domus_snapshots_page_map;
    widget_class->unmap = domus_snapshots_page_unmap;

    properties[PROP_BUSY] =
        g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/domusvm/Domus/domus-snapshots-page.ui");
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotsPage, store);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotsPage, view);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotsPage, description_column);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotsPage,
                                          description_renderer);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotsPage, error_bar);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotsPage, error_label);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotsPage, revert_button);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotsPage, reason_label);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotsPage, progress_revealer);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotsPage, progress_label);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotsPage, progress_bar);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotsPage, content_stack);
    gtk_widget_class_bind_template_callback (widget_class, error_bar_response_cb);
    gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
    domus_snapshots_page_class_bind_actions (widget_class);
}

static void
domus_snapshots_page_init (DomusSnapshotsPage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));

    self->cancellable = g_cancellable_new ();
    domus_snapshots_page_add_actions (self);
    gtk_stack_set_visible_child_name (self->content_stack, "empty");
    domus_snapshots_page_update_actions (self);
}

GtkWidget *
domus_snapshots_page_new (DomusConnection *conn, DomusDomain *domain)
{
    DomusSnapshotsPage *self;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);
    g_return_val_if_fail (DOMUS_IS_DOMAIN (domain), NULL);

    self = g_object_new (DOMUS_TYPE_SNAPSHOTS_PAGE, NULL);
    self->conn = g_object_ref (conn);
    self->domain = g_object_ref (domain);
    g_signal_connect_object (conn, "domain-event", G_CALLBACK (domain_event_cb), self, 0);
    g_signal_connect_object (conn, "notify::state", G_CALLBACK (connection_state_cb), self, 0);
    return GTK_WIDGET (self);
}
