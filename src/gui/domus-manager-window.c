/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The manager window: hosts as top-level rows, their guests beneath, with
 * graph columns, search, sorting and context menus. What the list holds
 * and in which order is DomusGuestTree's; the window draws its cells,
 * keeps the rows the user opened or closed and the selection, and runs
 * the actions. Nothing here calls libvirt.
 */
#include "config.h"

#include "domus-manager-window-private.h"
#include "domus-guest-actions.h"

#include <glib/gi18n.h>

#include "domus-accel-tooltip.h"
#include "domus-connection.h"
#include "domus-domain.h"
#include "domus-graph.h"
#include "domus-guest-address-views.h"
#include "domus-guest-tree.h"
#include "domus-window-close.h"

#define COL_OBJECT DOMUS_GUEST_TREE_COLUMN_OBJECT

/* Each graph column's key in `visible-columns`, in DomusGuestStat order. */
static const char *const stat_keys[DOMUS_N_GUEST_STATS] = {
    "guest-cpu", "host-cpu", "memory", "disk-io", "network-io",
};

struct _DomusManagerWindow {
    GtkApplicationWindow parent_instance;

    GtkInfoBar *notification_bar;
    GtkLabel *notification_label;
    guint notification_timeout_id;
    GtkStack *stack;
    GtkTreeView *tree_view;
    GtkTreeViewColumn *name_column;
    GtkTreeViewColumn *state_column;
    GtkCellRenderer *icon_renderer;
    GtkCellRenderer *name_renderer;
    GtkCellRenderer *snapshots_renderer;
    GtkCellRenderer *state_renderer;
    GtkTreeViewColumn *stat_columns[DOMUS_N_GUEST_STATS];
    GtkCellRenderer *stat_renderers[DOMUS_N_GUEST_STATS];
    GtkMenuButton *primary_menu_button;
    GMenuModel *guest_menu;
    GMenuModel *host_menu;
    GMenuModel *columns_menu;
    /* Built once and popped up again: a menu destroyed on "deactivate",
     * which GTK emits before the chosen item's "activate", loses the click. */
    GtkWidget *guest_popup;
    GtkWidget *host_popup;
    GtkWidget *columns_popup;
    GtkSearchBar *search_bar;
    GtkSearchEntry *search_entry;
    GtkComboBoxText *state_filter;

    DomusGuestTree *tree;        /* the view's model */
    GPtrArray *selected;         /* objects, while the tree rebuilds its models */
    GHashTable *collapsed;       /* DomusConnection whose row the user closed */
    GListModel *connections;
    GSettings *settings;

    int width, height;
    gboolean maximized;
};

G_DEFINE_FINAL_TYPE (DomusManagerWindow, domus_manager_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
    PROP_0,
    PROP_CONNECTIONS,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* New samples: redraw what is on screen (GTK draws only visible rows, and
 * nothing while the window is hidden), and re-sort if a graph sorts. */
static void
tree_stats_updated_cb (DomusGuestTree *tree, DomusConnection *conn, DomusManagerWindow *self)
{
    if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
        return;
    domus_guest_tree_sort_stats (tree);
    domus_guest_tree_focus_polls (tree, self->tree_view);
    gtk_widget_queue_draw (GTK_WIDGET (self->tree_view));
}

/* The objects of the selected rows (the selection may hold many). */
static GPtrArray *
selected_objects (DomusManagerWindow *self)
{
    GtkTreeModel *model;
    GList *rows = gtk_tree_selection_get_selected_rows (
        gtk_tree_view_get_selection (self->tree_view), &model);
    GPtrArray *objects = g_ptr_array_new_with_free_func (g_object_unref);

    for (GList *l = rows; l != NULL; l = l->next) {
        GtkTreeIter iter;
        GObject *object = NULL;

        if (gtk_tree_model_get_iter (model, &iter, l->data))
            gtk_tree_model_get (model, &iter, COL_OBJECT, &object, -1);
        if (object != NULL)
            g_ptr_array_add (objects, object);
    }
    g_list_free_full (rows, (GDestroyNotify) gtk_tree_path_free);
    return objects;
}

/* The tree rebuilds its models (a large change, a new search): the view
 * lets go of the old one, and keeps what it showed for the new one. */
static void
tree_detach_cb (DomusGuestTree *tree, DomusManagerWindow *self)
{
    self->selected = selected_objects (self);
    gtk_tree_view_set_model (self->tree_view, NULL);
}

static void
tree_attach_cb (DomusGuestTree *tree, DomusManagerWindow *self)
{
    g_autoptr(GPtrArray) selected = g_steal_pointer (&self->selected);

    gtk_tree_view_set_model (self->tree_view, domus_guest_tree_get_model (tree));

    /* Hosts open, except those the user closed. */
    for (guint i = 0; i < g_list_model_get_n_items (self->connections); i++) {
        g_autoptr(DomusConnection) conn = g_list_model_get_item (self->connections, i);
        g_autoptr(GtkTreePath) path = NULL;

        if (g_hash_table_contains (self->collapsed, conn))
            continue;
        path = domus_guest_tree_get_path (tree, G_OBJECT (conn));
        if (path != NULL)
            gtk_tree_view_expand_row (self->tree_view, path, FALSE);
    }

    for (guint s = 0; selected != NULL && s < selected->len; s++) {
        g_autoptr(GtkTreePath) path = domus_guest_tree_get_path (tree,
                                                                 g_ptr_array_index (selected, s));

        if (path != NULL)
            gtk_tree_selection_select_path (gtk_tree_view_get_selection (self->tree_view), path);
    }
}

/* A host that just got its guests opens, as in virt-manager. */
static void
tree_host_filled_cb (DomusGuestTree *tree, DomusConnection *conn, DomusManagerWindow *self)
{
    g_autoptr(GtkTreePath) path = domus_guest_tree_get_path (tree, G_OBJECT (conn));

    g_hash_table_remove (self->collapsed, conn);
    if (path != NULL)
        gtk_tree_view_expand_row (self->tree_view, path, FALSE);
}

static void
tree_host_removed_cb (DomusGuestTree *tree, DomusConnection *conn, DomusManagerWindow *self)
{
    g_hash_table_remove (self->collapsed, conn);
}

static void
row_collapsed_cb (GtkTreeView *view, GtkTreeIter *iter, GtkTreePath *path,
                  DomusManagerWindow *self)
{
    g_autoptr(GObject) object = NULL;

    gtk_tree_model_get (gtk_tree_view_get_model (view), iter, COL_OBJECT, &object, -1);
    if (DOMUS_IS_CONNECTION (object))
        g_hash_table_add (self->collapsed, object);
}

static void
row_expanded_cb (GtkTreeView *view, GtkTreeIter *iter, GtkTreePath *path,
                 DomusManagerWindow *self)
{
    g_autoptr(GObject) object = NULL;

    gtk_tree_model_get (gtk_tree_view_get_model (view), iter, COL_OBJECT, &object, -1);
    g_hash_table_remove (self->collapsed, object);
}

static void
connections_changed_cb (GListModel *model, guint position, guint removed,
                        guint added, gpointer user_data)
{
    DomusManagerWindow *self = user_data;

    gtk_stack_set_visible_child_name (self->stack,
                                      g_list_model_get_n_items (model) > 0 ? "list" : "empty");
}

static void
search_changed_cb (GtkWidget *widget, DomusManagerWindow *self)
{
    const char *state = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->state_filter));
    int wanted = -1;

    if (g_strcmp0 (state, "running") == 0)
        wanted = DOMUS_DOMAIN_STATE_RUNNING;
    else if (g_strcmp0 (state, "paused") == 0)
        wanted = DOMUS_DOMAIN_STATE_PAUSED;
    else if (g_strcmp0 (state, "shutoff") == 0)
        wanted = DOMUS_DOMAIN_STATE_SHUTOFF;
    domus_guest_tree_set_filter (self->tree, gtk_entry_get_text (GTK_ENTRY (self->search_entry)),
                                 wanted);
}

/* Closing the search bar (Escape, Ctrl+F, its button) hides the state
 * filter with the search text, so it ends both: nothing filters unseen. */
static void
search_mode_cb (GtkSearchBar *bar, GParamSpec *pspec, DomusManagerWindow *self)
{
    if (!gtk_search_bar_get_search_mode (bar))
        gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->state_filter), "all");
}

/* ---- graph columns ------------------------------------------------------ */

static void
update_stat_columns (DomusManagerWindow *self)
{
    g_auto(GStrv) visible = g_settings_get_strv (self->settings, "visible-columns");

    for (guint i = 0; i < DOMUS_N_GUEST_STATS; i++) {
        gboolean shown = g_strv_contains ((const char *const *) visible, stat_keys[i]);
        g_autofree char *name = g_strconcat ("column-", stat_keys[i], NULL);
        GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

        gtk_tree_view_column_set_visible (self->stat_columns[i], shown);
        g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (shown));
    }
}

static void
column_toggled (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusManagerWindow *self = user_data;
    const char *key = g_action_get_name (G_ACTION (action)) + strlen ("column-");
    g_auto(GStrv) visible = g_settings_get_strv (self->settings, "visible-columns");
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    gboolean shown = g_strv_contains ((const char *const *) visible, key);
    g_auto(GStrv) result = NULL;

    /* Keep the canonical order, whatever order they were toggled in. */
    for (guint i = 0; i < DOMUS_N_GUEST_STATS; i++) {
        gboolean want = g_str_equal (stat_keys[i], key)
                      ? !shown
                      : g_strv_contains ((const char *const *) visible, stat_keys[i]);

        if (want)
            g_strv_builder_add (builder, stat_keys[i]);
    }
    result = g_strv_builder_end (builder);
    g_settings_set_strv (self->settings, "visible-columns", (const char *const *) result);
}

/* ---- selection and context menu ----------------------------------------- */

/* The one selected row; FALSE when none or several are selected. */
static gboolean
selected_row (GtkTreeSelection *selection, GtkTreeModel **model, GtkTreeIter *iter)
{
    GList *rows;
    gboolean found;

    if (gtk_tree_selection_count_selected_rows (selection) != 1)
        return FALSE;
    rows = gtk_tree_selection_get_selected_rows (selection, model);
    found = gtk_tree_model_get_iter (*model, iter, rows->data);
    g_list_free_full (rows, (GDestroyNotify) gtk_tree_path_free);
    return found;
}

DomusDomain *
domus_manager_window_get_selected_domain (DomusManagerWindow *self, DomusConnection **conn)
{
    GtkTreeSelection *selection = gtk_tree_view_get_selection (self->tree_view);
    GtkTreeModel *model;
    GtkTreeIter iter, parent;
    g_autoptr(GObject) object = NULL;
    g_autoptr(GObject) host = NULL;

    if (!selected_row (selection, &model, &iter))
        return NULL;
    gtk_tree_model_get (model, &iter, COL_OBJECT, &object, -1);
    if (!DOMUS_IS_DOMAIN (object) || !gtk_tree_model_iter_parent (model, &parent, &iter))
        return NULL;
    gtk_tree_model_get (model, &parent, COL_OBJECT, &host, -1);
    if (conn != NULL)
        *conn = DOMUS_CONNECTION (host);
    /* The store holds both, so the borrowed pointers stay valid. */
    return DOMUS_DOMAIN (object);
}

DomusConnection *
domus_manager_window_get_selected_host (DomusManagerWindow *self)
{
    GtkTreeSelection *selection = gtk_tree_view_get_selection (self->tree_view);
    GtkTreeModel *model;
    GtkTreeIter iter;
    g_autoptr(GObject) object = NULL;

    if (!selected_row (selection, &model, &iter))
        return NULL;
    gtk_tree_model_get (model, &iter, COL_OBJECT, &object, -1);
    return DOMUS_IS_CONNECTION (object) ? DOMUS_CONNECTION (object) : NULL;
}

GPtrArray *
domus_manager_window_get_selected_guests (DomusManagerWindow *self)
{
    GtkTreeModel *model;
    GList *rows = gtk_tree_selection_get_selected_rows (
        gtk_tree_view_get_selection (self->tree_view), &model);
    GPtrArray *guests = domus_guest_ref_array_new ();

    for (GList *l = rows; l != NULL; l = l->next) {
        g_autoptr(GObject) object = NULL;
        g_autoptr(GObject) host = NULL;
        GtkTreeIter iter, parent;

        if (!gtk_tree_model_get_iter (model, &iter, l->data))
            continue;
        gtk_tree_model_get (model, &iter, COL_OBJECT, &object, -1);
        if (!DOMUS_IS_DOMAIN (object) || !gtk_tree_model_iter_parent (model, &parent, &iter))
            continue;
        gtk_tree_model_get (model, &parent, COL_OBJECT, &host, -1);
        g_ptr_array_add (guests, domus_guest_ref_new (DOMUS_CONNECTION (host),
                                                      DOMUS_DOMAIN (object)));
    }
    g_list_free_full (rows, (GDestroyNotify) gtk_tree_path_free);
    return guests;
}

gboolean
domus_manager_window_is_guest_selected (DomusManagerWindow *self, DomusDomain *domain)
{
    g_autoptr(GtkTreePath) path = domus_guest_tree_get_path (self->tree, G_OBJECT (domain));

    return path != NULL &&
           gtk_tree_selection_path_is_selected (gtk_tree_view_get_selection (self->tree_view),
                                                path);
}

GSettings *
domus_manager_window_get_settings (DomusManagerWindow *self)
{
    return self->settings;
}

static void
selection_changed_cb (GtkTreeSelection *selection, DomusManagerWindow *self)
{
    domus_manager_window_selection_changed (self);
}

/* At the pointer for a click, else at WIDGET (a key). */
static void
popup_menu (GtkWidget *menu, GtkWidget *widget, const GdkEvent *event)
{
    if (event != NULL)
        gtk_menu_popup_at_pointer (GTK_MENU (menu), event);
    else
        gtk_menu_popup_at_widget (GTK_MENU (menu), widget, GDK_GRAVITY_CENTER,
                                  GDK_GRAVITY_NORTH_WEST, NULL);
}

/* The selected guests' menu, or the selected host's. */
static void
popup_guest_menu (DomusManagerWindow *self, const GdkEvent *event)
{
    g_autoptr(GPtrArray) guests = domus_manager_window_get_selected_guests (self);

    if (guests->len > 0)
        popup_menu (self->guest_popup, GTK_WIDGET (self->tree_view), event);
    else if (domus_manager_window_get_selected_host (self) != NULL)
        popup_menu (self->host_popup, GTK_WIDGET (self->tree_view), event);
}

/* Shift+F10 or the Menu key on a column header: the columns to show. */
static gboolean
header_popup_menu_cb (GtkWidget *button, DomusManagerWindow *self)
{
    popup_menu (self->columns_popup, button, NULL);
    return TRUE;
}

static gboolean
tree_button_press_cb (GtkWidget *widget, GdkEventButton *event, DomusManagerWindow *self)
{
    g_autoptr(GtkTreePath) path = NULL;

    if (!gdk_event_triggers_context_menu ((GdkEvent *) event))
        return FALSE;
    /* Not on a row: on the column headers, which offer the columns. */
    if (event->window != gtk_tree_view_get_bin_window (self->tree_view)) {
        popup_menu (self->columns_popup, widget, (GdkEvent *) event);
        return TRUE;
    }
    /* A click on a selected row keeps the selection, so a menu acts on all. */
    if (gtk_tree_view_get_path_at_pos (self->tree_view, event->x, event->y, &path,
                                       NULL, NULL, NULL)) {
        GtkTreeSelection *selection = gtk_tree_view_get_selection (self->tree_view);

        if (!gtk_tree_selection_path_is_selected (selection, path)) {
            gtk_tree_selection_unselect_all (selection);
            gtk_tree_selection_select_path (selection, path);
        }
    }
    popup_guest_menu (self, (GdkEvent *) event);
    return TRUE;
}

/* Double-click or Enter: a host row opens its host window, a guest row its
 * guest window. */
static void
row_activated_cb (GtkTreeView *view, GtkTreePath *path, GtkTreeViewColumn *column,
                  DomusManagerWindow *self)
{
    GtkTreeModel *model = gtk_tree_view_get_model (view);
    g_autoptr(GObject) object = NULL;
    GtkTreeIter iter;

    if (!gtk_tree_model_get_iter (model, &iter, path))
        return;
    gtk_tree_model_get (model, &iter, COL_OBJECT, &object, -1);
    if (DOMUS_IS_CONNECTION (object)) {
        /* The host actions act on the one selected row: make it this one. */
        gtk_tree_selection_unselect_all (gtk_tree_view_get_selection (view));
        gtk_tree_selection_select_path (gtk_tree_view_get_selection (view), path);
        g_action_group_activate_action (G_ACTION_GROUP (self), "host-details", NULL);
    } else if (DOMUS_IS_DOMAIN (object)) {
        /* Double-click on a guest of a multi-selection opens them all. */
        if (!gtk_tree_selection_path_is_selected (gtk_tree_view_get_selection (view), path)) {
            gtk_tree_selection_unselect_all (gtk_tree_view_get_selection (view));
            gtk_tree_selection_select_path (gtk_tree_view_get_selection (view), path);
        }
        g_action_group_activate_action (G_ACTION_GROUP (self), "open", NULL);
    }
}

/* Shift+F10 and the Menu key. */
static gboolean
tree_popup_menu_cb (GtkWidget *widget, DomusManagerWindow *self)
{
    popup_guest_menu (self, NULL);
    return TRUE;
}

/* ---- actions ------------------------------------------------------------ */

static void
search_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusManagerWindow *self = user_data;
    gboolean on = !gtk_search_bar_get_search_mode (self->search_bar);

    gtk_search_bar_set_search_mode (self->search_bar, on);
    if (on)
        gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
close_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    domus_window_close (GTK_WINDOW (user_data));
}

static void
show_primary_menu_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusManagerWindow *self = user_data;

    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->primary_menu_button), TRUE);
}

/* Each selected guest's window (console), across hosts too. */
static void
open_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    g_autoptr(GPtrArray) guests = domus_manager_window_get_selected_guests (user_data);
    DomusApplication *app = DOMUS_APPLICATION (gtk_window_get_application (user_data));

    for (guint i = 0; i < guests->len; i++) {
        DomusGuestRef *ref = g_ptr_array_index (guests, i);

        domus_application_open_guest (app, ref->conn, ref->domain);
    }
}

static const GActionEntry win_actions[] = {
    { "open", open_activated, NULL, NULL, NULL },
    { "search", search_activated, NULL, NULL, NULL },
    { "close", close_activated, NULL, NULL, NULL },
    { "show-primary-menu", show_primary_menu_activated, NULL, NULL, NULL },
    { "column-guest-cpu", column_toggled, NULL, "false", NULL },
    { "column-host-cpu", column_toggled, NULL, "false", NULL },
    { "column-memory", column_toggled, NULL, "false", NULL },
    { "column-disk-io", column_toggled, NULL, "false", NULL },
    { "column-network-io", column_toggled, NULL, "false", NULL },
};

/* ---- geometry ----------------------------------------------------------- */

static void
domus_manager_window_size_allocate (GtkWidget *widget, GtkAllocation *allocation)
{
    DomusManagerWindow *self = DOMUS_MANAGER_WINDOW (widget);

    GTK_WIDGET_CLASS (domus_manager_window_parent_class)->size_allocate (widget, allocation);

    if (!self->maximized)
        gtk_window_get_size (GTK_WINDOW (self), &self->width, &self->height);
}

static gboolean
domus_manager_window_window_state_event (GtkWidget *widget, GdkEventWindowState *event)
{
    DomusManagerWindow *self = DOMUS_MANAGER_WINDOW (widget);

    self->maximized = (event->new_window_state & GDK_WINDOW_STATE_MAXIMIZED) != 0;
    return GTK_WIDGET_CLASS (domus_manager_window_parent_class)->window_state_event (widget, event);
}

static void
domus_manager_window_save_geometry (DomusManagerWindow *self)
{
    if (self->settings == NULL)
        return;
    /* The size now, not the last allocated one: a resize just before
     * Quit may not have reached size-allocate yet. */
    if (!self->maximized && gtk_widget_get_realized (GTK_WIDGET (self)))
        gtk_window_get_size (GTK_WINDOW (self), &self->width, &self->height);
    g_settings_set_int (self->settings, "window-width", self->width);
    g_settings_set_int (self->settings, "window-height", self->height);
    g_settings_set_boolean (self->settings, "window-maximized", self->maximized);
}

/* ---- GObject ------------------------------------------------------------ */

/* ---- passing messages ("Paused 12 guests") ----------------------------- */

static gboolean
notification_timeout_cb (gpointer data)
{
    DomusManagerWindow *self = data;

    self->notification_timeout_id = 0;
    gtk_info_bar_set_revealed (self->notification_bar, FALSE);
    return G_SOURCE_REMOVE;
}

static void
notification_response_cb (GtkInfoBar *bar, int response, DomusManagerWindow *self)
{
    g_clear_handle_id (&self->notification_timeout_id, g_source_remove);
    gtk_info_bar_set_revealed (bar, FALSE);
}

/* Shown above the list until closed, or for 10 s. */
void
domus_manager_window_notify (DomusManagerWindow *self, const char *text)
{
    g_return_if_fail (DOMUS_IS_MANAGER_WINDOW (self));

    gtk_label_set_text (self->notification_label, text);
    gtk_info_bar_set_revealed (self->notification_bar, TRUE);
    g_clear_handle_id (&self->notification_timeout_id, g_source_remove);
    self->notification_timeout_id = g_timeout_add_seconds (10, notification_timeout_cb, self);
}

const char *
domus_manager_window_get_notification (DomusManagerWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_MANAGER_WINDOW (self), NULL);

    if (!gtk_info_bar_get_revealed (self->notification_bar))
        return NULL;
    return gtk_label_get_text (self->notification_label);
}

/* The info bar's own close button has an icon and no name; it is the
 * only button inside. */
static void
name_close_button (GtkWidget *widget, gpointer data)
{
    if (GTK_IS_BUTTON (widget))
        atk_object_set_name (gtk_widget_get_accessible (widget), _("Close"));
    else if (GTK_IS_CONTAINER (widget))
        gtk_container_forall (GTK_CONTAINER (widget), name_close_button, NULL);
}

static void
guest_notify_cb (const char *text, gpointer user_data)
{
    domus_manager_window_notify (user_data, text);
}

static void
domus_manager_window_constructed (GObject *object)
{
    DomusManagerWindow *self = DOMUS_MANAGER_WINDOW (object);
    GListModel *connections = self->connections;

    G_OBJECT_CLASS (domus_manager_window_parent_class)->constructed (object);

    self->settings = g_settings_new (APPLICATION_ID);
    g_signal_connect_swapped (self->settings, "changed::visible-columns",
                              G_CALLBACK (update_stat_columns), self);
    update_stat_columns (self);

    self->width = g_settings_get_int (self->settings, "window-width");
    self->height = g_settings_get_int (self->settings, "window-height");
    gtk_window_set_default_size (GTK_WINDOW (self), self->width, self->height);
    if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));

    self->tree = domus_guest_tree_new (connections);
    g_signal_connect (self->tree, "detach", G_CALLBACK (tree_detach_cb), self);
    g_signal_connect (self->tree, "attach", G_CALLBACK (tree_attach_cb), self);
    g_signal_connect (self->tree, "host-filled", G_CALLBACK (tree_host_filled_cb), self);
    g_signal_connect (self->tree, "host-removed", G_CALLBACK (tree_host_removed_cb), self);
    g_signal_connect_swapped (self->tree, "host-changed",
                              G_CALLBACK (domus_manager_window_update_guest_actions), self);
    g_signal_connect_swapped (self->tree, "guest-changed",
                              G_CALLBACK (domus_manager_window_guest_changed), self);
    g_signal_connect (self->tree, "stats-updated", G_CALLBACK (tree_stats_updated_cb), self);
    tree_attach_cb (self->tree, self);
    domus_guest_address_tooltip_attach (self->tree_view);
    g_signal_connect (connections, "items-changed",
                      G_CALLBACK (connections_changed_cb), self);
    connections_changed_cb (connections, 0, 0, g_list_model_get_n_items (connections),
                            self);
}

static void
domus_manager_window_get_property (GObject *object, guint prop_id, GValue *value,
                                   GParamSpec *pspec)
{
    DomusManagerWindow *self = DOMUS_MANAGER_WINDOW (object);

    switch (prop_id) {
    case PROP_CONNECTIONS:
        g_value_set_object (value, self->connections);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_manager_window_set_property (GObject *object, guint prop_id, const GValue *value,
                                   GParamSpec *pspec)
{
    DomusManagerWindow *self = DOMUS_MANAGER_WINDOW (object);

    switch (prop_id) {
    case PROP_CONNECTIONS:
        self->connections = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_manager_window_dispose (GObject *object)
{
    DomusManagerWindow *self = DOMUS_MANAGER_WINDOW (object);

    g_clear_handle_id (&self->notification_timeout_id, g_source_remove);
    g_clear_pointer (&self->guest_popup, gtk_widget_destroy);
    g_clear_pointer (&self->host_popup, gtk_widget_destroy);
    g_clear_pointer (&self->columns_popup, gtk_widget_destroy);

    if (self->connections != NULL) {
        domus_manager_window_save_geometry (self);
        /* The child trees of rows still expanded when the view is
         * destroyed are never freed (LeakSanitizer in the gui suite);
         * collapsing them first does free them. */
        gtk_tree_view_collapse_all (self->tree_view);
        g_signal_handlers_disconnect_by_func (self->connections,
                                              connections_changed_cb, self);
        g_clear_object (&self->connections);
    }
    if (self->tree != NULL) {
        g_signal_handlers_disconnect_by_data (self->tree, self);
        g_clear_object (&self->tree);
    }
    g_clear_pointer (&self->selected, g_ptr_array_unref);
    if (self->settings != NULL)
        g_signal_handlers_disconnect_by_data (self->settings, self);
    g_clear_object (&self->settings);
    g_clear_pointer (&self->collapsed, g_hash_table_unref);

    G_OBJECT_CLASS (domus_manager_window_parent_class)->dispose (object);
}

static void
domus_manager_window_class_init (DomusManagerWindowClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->constructed = domus_manager_window_constructed;
    object_class->dispose = domus_manager_window_dispose;
    object_class->get_property = domus_manager_window_get_property;
    object_class->set_property = domus_manager_window_set_property;
    widget_class->size_allocate = domus_manager_window_size_allocate;
    widget_class->window_state_event = domus_manager_window_window_state_event;

    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/domusvm/Domus/domus-manager-window.ui");
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, stack);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, notification_bar);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, notification_label);
    gtk_widget_class_bind_template_callback (widget_class, notification_response_cb);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, tree_view);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, name_column);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, state_column);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, icon_renderer);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, name_renderer);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, snapshots_renderer);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, state_renderer);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow,
                                          primary_menu_button);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, search_bar);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, guest_menu);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, host_menu);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, columns_menu);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, search_entry);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, state_filter);
    gtk_widget_class_bind_template_child_full (widget_class, "guest_cpu_column", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_columns[DOMUS_GUEST_STAT_GUEST_CPU]));
    gtk_widget_class_bind_template_child_full (widget_class, "host_cpu_column", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_columns[DOMUS_GUEST_STAT_HOST_CPU]));
    gtk_widget_class_bind_template_child_full (widget_class, "memory_column", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_columns[DOMUS_GUEST_STAT_MEMORY]));
    gtk_widget_class_bind_template_child_full (widget_class, "disk_column", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_columns[DOMUS_GUEST_STAT_DISK]));
    gtk_widget_class_bind_template_child_full (widget_class, "net_column", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_columns[DOMUS_GUEST_STAT_NET]));
    gtk_widget_class_bind_template_child_full (widget_class, "guest_cpu_renderer", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_renderers[DOMUS_GUEST_STAT_GUEST_CPU]));
    gtk_widget_class_bind_template_child_full (widget_class, "host_cpu_renderer", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_renderers[DOMUS_GUEST_STAT_HOST_CPU]));
    gtk_widget_class_bind_template_child_full (widget_class, "memory_renderer", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_renderers[DOMUS_GUEST_STAT_MEMORY]));
    gtk_widget_class_bind_template_child_full (widget_class, "disk_renderer", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_renderers[DOMUS_GUEST_STAT_DISK]));
    gtk_widget_class_bind_template_child_full (widget_class, "net_renderer", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_renderers[DOMUS_GUEST_STAT_NET]));
    gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, search_mode_cb);
    gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, tree_button_press_cb);
    gtk_widget_class_bind_template_callback (widget_class, tree_popup_menu_cb);
    gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
    domus_manager_window_class_bind_guest_actions (widget_class);

    g_type_ensure (DOMUS_TYPE_CELL_RENDERER_SPARKLINE);

    /* The hosts shown (DomusConnection), the application's list. */
    properties[PROP_CONNECTIONS] =
        g_param_spec_object ("connections", NULL, NULL, G_TYPE_LIST_MODEL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
domus_manager_window_init (DomusManagerWindow *self)
{
    /* Before the template: its selection signals update these. */
    domus_manager_window_add_guest_actions (self);
    gtk_widget_init_template (GTK_WIDGET (self));
    domus_guest_actions_set_notify_func (GTK_WINDOW (self), guest_notify_cb, self);
    name_close_button (GTK_WIDGET (self->notification_bar), NULL);

    gtk_tree_view_column_set_cell_data_func (self->name_column, self->icon_renderer,
                                             domus_manager_window_icon_cell_data, NULL, NULL);
    gtk_tree_view_column_set_cell_data_func (self->name_column, self->name_renderer,
                                             domus_manager_window_name_cell_data, NULL, NULL);
    gtk_tree_view_column_set_cell_data_func (self->name_column, self->snapshots_renderer,
                                             domus_manager_window_snapshots_cell_data, NULL, NULL);
    gtk_tree_view_column_set_cell_data_func (self->state_column, self->state_renderer,
                                             domus_manager_window_state_cell_data, NULL, NULL);
    for (guint i = 0; i < DOMUS_N_GUEST_STATS; i++) {
        gtk_tree_view_column_set_cell_data_func (self->stat_columns[i], self->stat_renderers[i],
                                                 domus_manager_window_stat_cell_data,
                                                 GINT_TO_POINTER (i), NULL);
        gtk_tree_view_column_set_sort_column_id (self->stat_columns[i],
                                                 DOMUS_GUEST_TREE_SORT_STAT + i);
    }
    gtk_tree_view_column_set_sort_column_id (self->name_column, DOMUS_GUEST_TREE_SORT_NAME);
    gtk_tree_view_column_set_sort_column_id (self->state_column, DOMUS_GUEST_TREE_SORT_STATE);

    self->guest_popup = gtk_menu_new_from_model (self->guest_menu);
    self->host_popup = gtk_menu_new_from_model (self->host_menu);
    self->columns_popup = gtk_menu_new_from_model (self->columns_menu);
    gtk_menu_attach_to_widget (GTK_MENU (self->guest_popup), GTK_WIDGET (self->tree_view), NULL);
    gtk_menu_attach_to_widget (GTK_MENU (self->host_popup), GTK_WIDGET (self->tree_view), NULL);
    gtk_menu_attach_to_widget (GTK_MENU (self->columns_popup), GTK_WIDGET (self->tree_view),
                               NULL);
    for (guint i = 0; i < gtk_tree_view_get_n_columns (self->tree_view); i++) {
        GtkTreeViewColumn *column = gtk_tree_view_get_column (self->tree_view, i);

        g_signal_connect (gtk_tree_view_column_get_button (column), "popup-menu",
                          G_CALLBACK (header_popup_menu_cb), self);
    }

    self->collapsed = g_hash_table_new (NULL, NULL);
    g_signal_connect (self->tree_view, "row-collapsed", G_CALLBACK (row_collapsed_cb), self);
    g_signal_connect (self->tree_view, "row-expanded", G_CALLBACK (row_expanded_cb), self);
    gtk_search_bar_connect_entry (self->search_bar, GTK_ENTRY (self->search_entry));

    g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                     G_N_ELEMENTS (win_actions), self);
    domus_accel_tooltip_add_all (GTK_WIDGET (self));
    domus_accel_tooltip_add (GTK_WIDGET (self->primary_menu_button), "win.show-primary-menu");
    /* Until a guest is selected. */
    g_simple_action_set_enabled (
        G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "open")), FALSE);
}

DomusManagerWindow *
domus_manager_window_new (DomusApplication *app)
{
    g_return_val_if_fail (DOMUS_IS_APPLICATION (app), NULL);

    return g_object_new (DOMUS_TYPE_MANAGER_WINDOW, "application", app,
                         "connections", domus_application_get_connections (app), NULL);
}

GtkTreeView *
domus_manager_window_get_tree_view (DomusManagerWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_MANAGER_WINDOW (self), NULL);
    return self->tree_view;
}
