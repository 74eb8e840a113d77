/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Snapshots page's changes: Take Snapshot (with the screen as its
 * thumbnail), Revert (after a confirmation, perhaps with a snapshot of the
 * current state first), Delete and Edit Description. One change at a time,
 * with its progress on the page; each ends with the list read again. No
 * libvirt call here: core runs them on the host's worker.
 */
#include "config.h"

#include "domus-snapshots-page-private.h"

#include <glib/gi18n.h>

#include "domus-snapshot-delete-dialog.h"
#include "domus-snapshot-dialog.h"
#include "domus-snapshot-revert-dialog.h"

/* Memory written so far, once libvirt knows the total. */
static void
create_progress_cb (double fraction, gpointer user_data)
{
    DomusSnapshotsPage *self = user_data;
    g_autofree char *activity = NULL;

    if (fraction < 0 || self->domain == NULL || !self->owns_activity)
        return;
    g_clear_handle_id (&self->pulse_id, g_source_remove);
    gtk_progress_bar_set_fraction (self->progress_bar, fraction);
    /* Translators: a guest's progress in the list, "Taking snapshot… 40 %" */
    activity = g_strdup_printf (_("Taking snapshot… %d %%"), (int) (fraction * 100));
    domus_domain_set_activity (self->domain, activity);
}

/* How a change's job ends (revert, delete, description). */
typedef gboolean (*ChangeFinish) (DomusConnection *conn,
                                  GAsyncResult *result,
                                  GError **error);

/* One change made here: a snapshot taken (with the screen as it was), and
 * perhaps a revert after it; or a deletion, or a description. */
typedef struct {
    DomusSnapshotsPage *self;
    ChangeFinish finish;
    DomusSnapshotRequest *request;
    GdkPixbuf *screen;
    char *revert_to;
    DomusSnapshotRevertState revert_state;
} Change;

static void
change_free (Change *change)
{
    g_object_unref (change->self);
    g_clear_pointer (&change->request, domus_snapshot_request_free);
    g_clear_object (&change->screen);
    g_free (change->revert_to);
    g_free (change);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Change, change_free)

static Change *
change_new (DomusSnapshotsPage *self, ChangeFinish finish)
{
    Change *change = g_new0 (Change, 1);

    change->self = g_object_ref (self);
    change->finish = finish;
    return change;
}

static void
change_end (Change *change, const GError *error)
{
    DomusSnapshotsPage *self = change->self;

    if (self->domain == NULL)
        return;
    domus_snapshots_page_set_busy (self, NULL, NULL);
    if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        domus_snapshots_page_show_error (self, error->message);
    domus_snapshots_page_refresh (self);
}

/* The change's job is its last: what it did shows in the list read again. */
static void
change_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(Change) change = user_data;
    g_autoptr(GError) error = NULL;

    change->finish (DOMUS_CONNECTION (source), result, &error);
    change_end (change, error);
}

static void
start_revert (Change *change)
{
    DomusSnapshotsPage *self = change->self;
    /* Translators: %s is a snapshot's name */
    g_autofree char *what = g_strdup_printf (_("Reverting to “%s”…"), change->revert_to);

    domus_snapshots_page_set_busy (self, what, _("Reverting…"));
    change->finish = domus_domain_snapshot_revert_finish;
    domus_domain_snapshot_revert_async (self->conn, self->domain, change->revert_to,
                                        change->revert_state, self->cancellable,
                                        change_done_cb, change);
}

static void
create_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(Change) change = user_data;
    g_autoptr(GError) error = NULL;

    if (!domus_domain_snapshot_create_finish (DOMUS_CONNECTION (source), result, &error) ||
        change->self->domain == NULL) {
        change_end (change, error);
        return;
    }
    if (change->screen != NULL)
        domus_snapshots_page_save_thumbnail (change->self, change->request->name, change->screen);
    if (change->revert_to != NULL) {
        start_revert (g_steal_pointer (&change));
        return;
    }
    change_end (change, NULL);
}

static void
start_create (Change *change)
{
    DomusSnapshotsPage *self = change->self;
    /* Translators: %s is a snapshot's name */
    g_autofree char *what = g_strdup_printf (_("Taking the snapshot “%s”…"),
                                             change->request->name);

    /* The screen as it is when the snapshot is taken, not after. */
    change->screen = domus_snapshots_page_capture_screen (self);
    gtk_progress_bar_set_fraction (self->progress_bar, 0);
    domus_snapshots_page_set_busy (self, what, _("Taking snapshot…"));
    domus_domain_snapshot_create_async (self->conn, self->domain, change->request,
                                        create_progress_cb, self, self->cancellable,
                                        create_done_cb, change);
}

/* ---- Take Snapshot ---------------------------------------------------------------- */

static void
take_response_cb (GtkDialog *dialog, int response, DomusSnapshotsPage *self)
{
    g_autoptr(Change) change = NULL;

    if (response == GTK_RESPONSE_ACCEPT) {
        DomusSnapshotRequest *request =
            domus_snapshot_dialog_get_request (DOMUS_SNAPSHOT_DIALOG (dialog));

        /* Take Snapshot is insensitive until every field is right. */
        if (request == NULL)
            return;
        change = change_new (self, NULL);
        change->request = request;
    }
    gtk_widget_destroy (GTK_WIDGET (dialog));
    if (change != NULL && !self->busy)
        start_create (g_steal_pointer (&change));
}

static GtkWindow *
parent_window (DomusSnapshotsPage *self)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));

    return GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL;
}

static void
take_abilities_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusSnapshotsPage) self = user_data;
    g_auto(GStrv) existing = NULL;
    GtkWidget *dialog;

    if (!domus_snapshots_page_apply_abilities (self, source, result))
        return;
    existing = domus_snapshots_page_names (self);
    dialog = domus_snapshot_dialog_new (parent_window (self), domus_domain_get_name (self->domain),
                                        self->abilities, (const char *const *) existing);
    g_signal_connect_object (dialog, "response", G_CALLBACK (take_response_cb), self, 0);
    gtk_window_present (GTK_WINDOW (dialog));
}

void
domus_snapshots_page_take_snapshot (DomusSnapshotsPage *self)
{
    g_return_if_fail (DOMUS_IS_SNAPSHOTS_PAGE (self));

    if (self->busy)
        return;
    /* Fresh: whether it runs, and so what it can take, may have changed. */
    domus_domain_snapshot_abilities_async (self->conn, self->domain, self->cancellable,
                                           take_abilities_cb, g_object_ref (self));
}

/* ---- Revert ------------------------------------------------------------------------ */

/* A snapshot of the current state before a revert: of the first kind the
 * guest can take (an external one needs a place for its memory). */
static DomusSnapshotRequest *
safety_request (DomusSnapshotsPage *self, const char *revert_to, char **why_not)
{
    static const DomusSnapshotKind preference[] = {
        DOMUS_SNAPSHOT_KIND_INTERNAL, DOMUS_SNAPSHOT_KIND_DISK_ONLY,
        DOMUS_SNAPSHOT_KIND_EXTERNAL,
    };
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(DomusSnapshotRequest) request = g_new0 (DomusSnapshotRequest, 1);
    g_auto(GStrv) existing = domus_snapshots_page_names (self);
    g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");

    *why_not = NULL;
    request->name = g_strdup_printf ("before-revert-%s", stamp);
    for (guint n = 2; g_strv_contains ((const char *const *) existing, request->name); n++) {
        g_free (request->name);
        request->name = g_strdup_printf ("before-revert-%s-%u", stamp, n);
    }
    /* Translators: the description of the snapshot taken before a revert;
     * %s is the snapshot reverted to */
    request->description = g_strdup_printf (_("The state before reverting to “%s”"),
                                            revert_to);
    for (guint i = 0; self->abilities != NULL && i < G_N_ELEMENTS (preference); i++) {
        DomusSnapshotKind kind = preference[i];

        if (self->abilities->why_not[kind] != NULL ||
            (kind == DOMUS_SNAPSHOT_KIND_EXTERNAL && self->abilities->memory_dir == NULL))
            continue;
        request->kind = kind;
        if (kind == DOMUS_SNAPSHOT_KIND_EXTERNAL) {
            g_autofree char *file = g_strdup_printf ("%s-%s.mem",
                                                     domus_domain_get_name (self->domain),
                                                     request->name);

            request->memory_file = g_build_filename (self->abilities->memory_dir, file, NULL);
        }
        return g_steal_pointer (&request);
    }
    *why_not = g_strdup (self->abilities != NULL
                         ? self->abilities->why_not[DOMUS_SNAPSHOT_KIND_INTERNAL]
                         : _("What this guest can take is not known yet."));
    return NULL;
}

static void
revert_response_cb (GtkDialog *dialog, int response, Change *change)
{
    DomusSnapshotsPage *self = change->self;

    if (response != GTK_RESPONSE_ACCEPT || self->busy || self->domain == NULL) {
        gtk_widget_destroy (GTK_WIDGET (dialog));
        return;
    }
    change->revert_state =
        domus_snapshot_revert_dialog_get_state (DOMUS_SNAPSHOT_REVERT_DIALOG (dialog));
    if (!domus_snapshot_revert_dialog_get_take_first (DOMUS_SNAPSHOT_REVERT_DIALOG (dialog)))
        g_clear_pointer (&change->request, domus_snapshot_request_free);
    /* The dialog owned the change until now. */
    g_object_steal_data (G_OBJECT (dialog), "domus-change");
    gtk_widget_destroy (GTK_WIDGET (dialog));
    if (change->request != NULL)
        start_create (change);
    else
        start_revert (change);
}

static void
revert_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusSnapshotsPage *self = user_data;
    g_auto(GStrv) names = domus_snapshots_page_selected (self);
    DomusSnapshotInfo *info =
        g_strv_length (names) == 1 ? domus_snapshots_page_find (self, names[0]) : NULL;
    g_autofree char *why_not = NULL;
    Change *change;
    GtkWidget *dialog;

    if (info == NULL || self->busy || domus_snapshots_page_revert_why_not (self, info) != NULL)
        return;
    change = change_new (self, NULL);
    change->revert_to = g_strdup (info->name);
    change->request = safety_request (self, info->name, &why_not);
    dialog = domus_snapshot_revert_dialog_new (parent_window (self),
                                               domus_domain_get_name (self->domain), info,
                                               why_not);
    g_object_set_data_full (G_OBJECT (dialog), "domus-change", change,
                            (GDestroyNotify) change_free);
    g_signal_connect (dialog, "response", G_CALLBACK (revert_response_cb), change);
    gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Delete ------------------------------------------------------------------------ */

/* How many snapshots are below the selected ones without being selected. */
static guint
count_below (GtkTreeModel *model, GtkTreeIter *parent, GtkTreeSelection *selection)
{
    GtkTreeIter child;
    guint n = 0;

    if (!gtk_tree_model_iter_children (model, &child, parent))
        return 0;
    do {
        if (!gtk_tree_selection_iter_is_selected (selection, &child))
            n++;
        n += count_below (model, &child, selection);
    } while (gtk_tree_model_iter_next (model, &child));
    return n;
}

static guint
unselected_below (DomusSnapshotsPage *self)
{
    GtkTreeSelection *selection = gtk_tree_view_get_selection (self->view);
    GtkTreeModel *model;
    GList *rows = gtk_tree_selection_get_selected_rows (selection, &model);
    guint n = 0;

    for (GList *l = rows; l != NULL; l = l->next) {
        GtkTreeIter iter, up;
        gboolean under_selected = FALSE;

        gtk_tree_model_get_iter (model, &iter, l->data);
        /* Counted once, from the highest selected row above it. */
        for (GtkTreeIter at = iter; gtk_tree_model_iter_parent (model, &up, &at); at = up) {
            if (gtk_tree_selection_iter_is_selected (selection, &up))
                under_selected = TRUE;
        }
        if (!under_selected)
            n += count_below (model, &iter, selection);
    }
    g_list_free_full (rows, (GDestroyNotify) gtk_tree_path_free);
    return n;
}

static void
delete_response_cb (GtkDialog *dialog, int response, DomusSnapshotsPage *self)
{
    DomusSnapshotDeleteFlags flags =
        domus_snapshot_delete_dialog_get_flags (DOMUS_SNAPSHOT_DELETE_DIALOG (dialog));
    g_auto(GStrv) names = g_strdupv (g_object_get_data (G_OBJECT (dialog), "domus-names"));
    guint n = g_strv_length (names);
    g_autofree char *what = NULL;

    gtk_widget_destroy (GTK_WIDGET (dialog));
    if (response != GTK_RESPONSE_ACCEPT || self->busy || n == 0)
        return;
    if (n == 1)
        what = g_strdup_printf (_("Deleting the snapshot “%s”…"), names[0]);
    else
        what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Deleting %u snapshot…",
                                             "Deleting %u snapshots…", n), n);
    domus_snapshots_page_set_busy (self, what, _("Deleting snapshots…"));
    domus_domain_snapshot_delete_async (self->conn, self->domain, (const char *const *) names,
                                        flags, self->cancellable, change_done_cb,
                                        change_new (self, domus_domain_snapshot_delete_finish));
}

static void
delete_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusSnapshotsPage *self = user_data;
    g_auto(GStrv) names = domus_snapshots_page_selected (self);
    GtkWidget *dialog;

    if (names[0] == NULL || self->busy)
        return;
    dialog = domus_snapshot_delete_dialog_new (parent_window (self),
                                               (const char *const *) names,
                                               unselected_below (self));
    g_object_set_data_full (G_OBJECT (dialog), "domus-names", g_steal_pointer (&names),
                            (GDestroyNotify) g_strfreev);
    g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
    gtk_window_present (GTK_WINDOW (dialog));
}

/* The Delete key deletes the selected snapshots (after asking). */
static gboolean
view_key_press_cb (DomusSnapshotsPage *self, GdkEventKey *event)
{
    if (event->keyval == GDK_KEY_Delete || event->keyval == GDK_KEY_KP_Delete) {
        g_action_group_activate_action (G_ACTION_GROUP (self->actions), "delete", NULL);
        return GDK_EVENT_STOP;
    }
    return GDK_EVENT_PROPAGATE;
}

/* ---- Edit Description --------------------------------------------------------------- */

/* The description cell is edited in place. */
static void
edit_description_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusSnapshotsPage *self = user_data;
    GtkTreeSelection *selection = gtk_tree_view_get_selection (self->view);
    GList *rows = gtk_tree_selection_get_selected_rows (selection, NULL);

    if (rows != NULL && rows->next == NULL) {
        gtk_widget_grab_focus (GTK_WIDGET (self->view));
        gtk_tree_view_set_cursor (self->view, rows->data, self->description_column, TRUE);
    }
    g_list_free_full (rows, (GDestroyNotify) gtk_tree_path_free);
}

static void
row_activated_cb (DomusSnapshotsPage *self, GtkTreePath *path, GtkTreeViewColumn *column)
{
    if (column == self->description_column)
        g_action_group_activate_action (G_ACTION_GROUP (self->actions), "edit-description",
                                        NULL);
}

static void
description_edited_cb (DomusSnapshotsPage *self, const char *path_text, const char *text)
{
    g_autoptr(GtkTreePath) path = gtk_tree_path_new_from_string (path_text);
    g_autofree char *name = NULL;
    g_autofree char *what = NULL;
    DomusSnapshotInfo *info;
    Change *change;
    GtkTreeIter iter;

    if (self->busy ||
        !gtk_tree_model_get_iter (GTK_TREE_MODEL (self->store), &iter, path))
        return;
    gtk_tree_model_get (GTK_TREE_MODEL (self->store), &iter, COL_NAME, &name, -1);
    info = domus_snapshots_page_find (self, name);
    if (info == NULL || g_strcmp0 (info->description ? info->description : "", text) == 0)
        return;
    /* Shown at once; the list read afterwards confirms it. */
    gtk_tree_store_set (self->store, &iter, COL_DESCRIPTION, text, -1);
    /* Translators: %s is a snapshot's name */
    what = g_strdup_printf (_("Changing the description of “%s”…"), name);
    domus_snapshots_page_set_busy (self, what, NULL);
    change = change_new (self, domus_domain_snapshot_set_description_finish);
    domus_domain_snapshot_set_description_async (self->conn, self->domain, name, text,
                                                 self->cancellable, change_done_cb, change);
}

static const GActionEntry page_actions[] = {
    { "revert", revert_activated, NULL, NULL, NULL },
    { "delete", delete_activated, NULL, NULL, NULL },
    { "edit-description", edit_description_activated, NULL, NULL, NULL },
};

void
domus_snapshots_page_add_actions (DomusSnapshotsPage *self)
{
    self->actions = g_simple_action_group_new ();
    g_action_map_add_action_entries (G_ACTION_MAP (self->actions), page_actions,
                                     G_N_ELEMENTS (page_actions), self);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "snapshots",
                                    G_ACTION_GROUP (self->actions));
}

void
domus_snapshots_page_class_bind_actions (GtkWidgetClass *widget_class)
{
    gtk_widget_class_bind_template_callback (widget_class, view_key_press_cb);
    gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
    gtk_widget_class_bind_template_callback (widget_class, description_edited_cb);
}
