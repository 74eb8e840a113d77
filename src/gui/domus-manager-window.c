/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The manager window: hosts as top-level rows, their guests beneath. The
 * tree store holds only object pointers; cells read the objects when drawn,
 * so a state change costs one row-changed and no copying. Rows follow the
 * connections' GListModels; nothing here calls libvirt.
 */
#include "config.h"

#include "domus-manager-window-private.h"
#include "domus-guest-actions.h"

#include <glib/gi18n.h>

#include "domus-accel-tooltip.h"
#include "domus-connection.h"
#include "domus-domain.h"
#include "domus-graph.h"

enum {
    COL_OBJECT,   /* DomusConnection (host rows) or DomusDomain (guest rows) */
    N_COLUMNS
};

/* Sort ids of the view's columns. */
enum {
    SORT_NAME,
    SORT_STATE,
    SORT_GUEST_CPU,
    SORT_HOST_CPU,
    SORT_MEMORY,
    SORT_DISK,
    SORT_NET,
};

/* The graph columns: their key in `visible-columns`, and what they draw. */
typedef enum {
    STAT_GUEST_CPU,
    STAT_HOST_CPU,
    STAT_MEMORY,
    STAT_DISK,
    STAT_NET,
    N_STATS
} StatColumn;

static const char *const stat_keys[N_STATS] = {
    "guest-cpu", "host-cpu", "memory", "disk-io", "network-io",
};

/* What the window knows of one host: its row and a mirror of its guests,
 * so that items-changed can tell which guests left. */
typedef struct {
    DomusManagerWindow *window;
    DomusConnection *conn;
    GtkTreeIter iter;
    GPtrArray *domains;     /* DomusDomain, same order as the model */
    gulong items_changed_id;
    gulong notify_id;
    gulong stats_id;
} HostEntry;

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
    GtkCellRenderer *state_renderer;
    GtkTreeViewColumn *stat_columns[N_STATS];
    GtkCellRenderer *stat_renderers[N_STATS];
    GtkMenuButton *primary_menu_button;
    GMenuModel *guest_menu;
    GMenuModel *host_menu;
    GtkSearchBar *search_bar;
    GtkSearchEntry *search_entry;
    GtkComboBoxText *state_filter;

    GtkTreeStore *store;
    GtkTreeModel *filter;        /* store, less the guests the search hides */
    GtkTreeModel *sort;          /* filter, sorted; what the view shows */
    char *search_text;           /* casefolded, NULL when empty */
    int state_wanted;            /* DomusDomainState, or -1 for all */
    int sort_id;                 /* kept while the view is detached */
    GtkSortType sort_order;
    guint detached;              /* nesting count of detach_view() */
    GHashTable *collapsed;       /* DomusConnection whose row the user closed */
    GListModel *connections;
    GPtrArray *hosts;            /* HostEntry, same order as connections */
    GHashTable *domain_iters;    /* DomusDomain -> GtkTreeIter * */
    GSettings *settings;

    int width, height;
    gboolean maximized;
};

G_DEFINE_FINAL_TYPE (DomusManagerWindow, domus_manager_window, GTK_TYPE_APPLICATION_WINDOW)

static void
row_changed_for_iter (DomusManagerWindow *self, GtkTreeIter *iter)
{
    g_autoptr(GtkTreePath) path =
        gtk_tree_model_get_path (GTK_TREE_MODEL (self->store), iter);

    gtk_tree_model_row_changed (GTK_TREE_MODEL (self->store), path, iter);
}

static void
domain_notify_cb (DomusDomain *domain, GParamSpec *pspec, gpointer user_data)
{
    DomusManagerWindow *self = user_data;
    GtkTreeIter *iter = g_hash_table_lookup (self->domain_iters, domain);

    if (iter != NULL)
        row_changed_for_iter (self, iter);
    domus_manager_window_guest_changed (self, domain, pspec);
}

static void
remove_domain_row (DomusManagerWindow *self, DomusDomain *domain)
{
    GtkTreeIter *iter = g_hash_table_lookup (self->domain_iters, domain);

    g_signal_handlers_disconnect_by_func (domain, domain_notify_cb, self);
    if (iter != NULL) {
        gtk_tree_store_remove (self->store, iter);
        g_hash_table_remove (self->domain_iters, domain);
    }
}

static void
host_update_row (HostEntry *host)
{
    row_changed_for_iter (host->window, &host->iter);
}

static gboolean
sorted_by_stat (DomusManagerWindow *self)
{
    int id;
    GtkSortType order;

    return self->sort != NULL &&
           gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (self->sort), &id, &order) &&
           id >= SORT_GUEST_CPU;
}

/* Tells each host's poller which of its guests are on screen: where a host
 * has no bulk statistics, those are read every tick and the rest in turn. */
static void
update_poll_focus (DomusManagerWindow *self)
{
    g_autoptr(GtkTreePath) start = NULL;
    g_autoptr(GtkTreePath) end = NULL;
    g_autoptr(GHashTable) per_host = g_hash_table_new_full (NULL, NULL, NULL,
                                                            (GDestroyNotify) g_ptr_array_unref);
    GtkTreeModel *model = gtk_tree_view_get_model (self->tree_view);
    GtkTreeIter iter;

    if (model != NULL && gtk_tree_view_get_visible_range (self->tree_view, &start, &end) &&
        gtk_tree_model_get_iter (model, &iter, start)) {
        g_autoptr(GtkTreePath) path = gtk_tree_path_copy (start);

        for (guint n = 0; n < 500 && gtk_tree_path_compare (path, end) <= 0; n++) {
            g_autoptr(GObject) object = NULL;
            GtkTreeIter parent;

            gtk_tree_model_get (model, &iter, COL_OBJECT, &object, -1);
            if (DOMUS_IS_DOMAIN (object) && gtk_tree_model_iter_parent (model, &parent, &iter)) {
                g_autoptr(GObject) host = NULL;
                GPtrArray *uuids;

                gtk_tree_model_get (model, &parent, COL_OBJECT, &host, -1);
                uuids = g_hash_table_lookup (per_host, host);
                if (uuids == NULL) {
                    uuids = g_ptr_array_new ();
                    g_hash_table_insert (per_host, host, uuids);
                }
                g_ptr_array_add (uuids, (gpointer) domus_domain_get_uuid (DOMUS_DOMAIN (object)));
            }
            /* Depth first: into an open host, else on, else up and on.
             * (A failed iter_next() spoils its iter: step on copies.) */
            {
                GtkTreeIter next = iter;

                if (gtk_tree_view_row_expanded (self->tree_view, path) &&
                    gtk_tree_model_iter_children (model, &next, &iter)) {
                    gtk_tree_path_down (path);
                } else if (gtk_tree_model_iter_next (model, &next)) {
                    gtk_tree_path_next (path);
                } else if (gtk_tree_model_iter_parent (model, &parent, &iter) &&
                           (next = parent, gtk_tree_model_iter_next (model, &next))) {
                    gtk_tree_path_up (path);
                    gtk_tree_path_next (path);
                } else {
                    break;
                }
                iter = next;
            }
        }
    }

    for (guint i = 0; i < self->hosts->len; i++) {
        HostEntry *host = g_ptr_array_index (self->hosts, i);
        GPtrArray *uuids = g_hash_table_lookup (per_host, host->conn);

        if (uuids != NULL)
            g_ptr_array_add (uuids, NULL);
        domus_poller_set_focus (domus_connection_get_poller (host->conn),
                                uuids ? (const char *const *) uuids->pdata : NULL);
    }
}

/* New samples: redraw what is on screen (GTK draws only visible rows, and
 * nothing while the window is hidden), and re-sort if a graph sorts. */
static void
host_stats_updated_cb (DomusPoller *poller, gpointer user_data)
{
    HostEntry *host = user_data;
    DomusManagerWindow *self = host->window;

    if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
        return;
    if (sorted_by_stat (self)) {
        int id;
        GtkSortType order;

        gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (self->sort), &id, &order);
        gtk_tree_model_sort_reset_default_sort_func (GTK_TREE_MODEL_SORT (self->sort));
        gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (self->sort), id, order);
    }
    update_poll_focus (self);
    gtk_widget_queue_draw (GTK_WIDGET (self->tree_view));
}

/* A path of the store as the view knows it (through filter and sort). */
static GtkTreePath *
view_path_for_iter (DomusManagerWindow *self, GtkTreeIter *iter)
{
    if (self->sort == NULL)
        return NULL;

    g_autoptr(GtkTreePath) store_path =
        gtk_tree_model_get_path (GTK_TREE_MODEL (self->store), iter);
    g_autoptr(GtkTreePath) filter_path =
        gtk_tree_model_filter_convert_child_path_to_path (GTK_TREE_MODEL_FILTER (self->filter),
                                                          store_path);

    if (filter_path == NULL)
        return NULL;
    return gtk_tree_model_sort_convert_child_path_to_path (GTK_TREE_MODEL_SORT (self->sort),
                                                           filter_path);
}

static gboolean row_visible (GtkTreeModel *model, GtkTreeIter *iter, gpointer user_data);
static int compare_rows (GtkTreeModel *model, GtkTreeIter *a, GtkTreeIter *b,
                         gpointer user_data);

/* The view shows store → filter → sort. Filter and sort models forward
 * every row change one by one, which costs seconds for thousands of rows;
 * so large changes detach the view, drop both, change the store alone and
 * build them again (filtering and sorting each once). */
static void
build_view_models (DomusManagerWindow *self)
{
    self->filter = gtk_tree_model_filter_new (GTK_TREE_MODEL (self->store), NULL);
    gtk_tree_model_filter_set_visible_func (GTK_TREE_MODEL_FILTER (self->filter),
                                            row_visible, self, NULL);
    self->sort = gtk_tree_model_sort_new_with_model (self->filter);
    for (int id = SORT_NAME; id <= SORT_NET; id++)
        gtk_tree_sortable_set_sort_func (GTK_TREE_SORTABLE (self->sort), id, compare_rows,
                                         GINT_TO_POINTER (id), NULL);
    gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (self->sort), self->sort_id,
                                          self->sort_order);
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

static void
detach_view (DomusManagerWindow *self)
{
    if (self->detached++ > 0)
        return;
    gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (self->sort), &self->sort_id,
                                          &self->sort_order);
    g_object_set_data_full (G_OBJECT (self), "domus-selected", selected_objects (self),
                            (GDestroyNotify) g_ptr_array_unref);
    gtk_tree_view_set_model (self->tree_view, NULL);
    g_clear_object (&self->sort);
    g_clear_object (&self->filter);
}

static GtkTreePath *view_path_for_iter (DomusManagerWindow *self, GtkTreeIter *iter);

static void
attach_view (DomusManagerWindow *self)
{
    GPtrArray *selected;

    if (--self->detached > 0)
        return;
    build_view_models (self);
    gtk_tree_view_set_model (self->tree_view, self->sort);

    /* Hosts open, except those the user closed. */
    for (guint i = 0; i < self->hosts->len; i++) {
        HostEntry *host = g_ptr_array_index (self->hosts, i);
        g_autoptr(GtkTreePath) path = NULL;

        if (g_hash_table_contains (self->collapsed, host->conn))
            continue;
        path = view_path_for_iter (self, &host->iter);
        if (path != NULL)
            gtk_tree_view_expand_row (self->tree_view, path, FALSE);
    }

    selected = g_object_get_data (G_OBJECT (self), "domus-selected");
    for (guint s = 0; selected != NULL && s < selected->len; s++) {
        GObject *object = g_ptr_array_index (selected, s);
        GtkTreeIter *store_iter = NULL;

        if (DOMUS_IS_DOMAIN (object)) {
            store_iter = g_hash_table_lookup (self->domain_iters, object);
        } else {
            for (guint i = 0; i < self->hosts->len; i++) {
                HostEntry *host = g_ptr_array_index (self->hosts, i);

                if ((GObject *) host->conn == object)
                    store_iter = &host->iter;
            }
        }
        if (store_iter != NULL) {
            g_autoptr(GtkTreePath) path = view_path_for_iter (self, store_iter);

            if (path != NULL)
                gtk_tree_selection_select_path (gtk_tree_view_get_selection (self->tree_view),
                                                path);
        }
    }
    g_object_set_data (G_OBJECT (self), "domus-selected", NULL);
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

/* Beyond this many rows at once, rebuilding the view models is faster. */
#define BULK_ROWS 64

static void
host_domains_changed_cb (GListModel *model, guint position, guint removed,
                         guint added, gpointer user_data)
{
    HostEntry *host = user_data;
    DomusManagerWindow *self = host->window;
    gboolean was_empty = host->domains->len == 0;
    gboolean bulk = removed + added > BULK_ROWS;

    if (bulk)
        detach_view (self);
    for (guint i = 0; i < removed; i++)
        remove_domain_row (self, g_ptr_array_index (host->domains, position + i));
    g_ptr_array_remove_range (host->domains, position, removed);

    for (guint i = 0; i < added; i++) {
        g_autoptr(DomusDomain) domain = g_list_model_get_item (model, position + i);
        GtkTreeIter iter;

        gtk_tree_store_insert_with_values (self->store, &iter, &host->iter,
                                           position + i, COL_OBJECT, domain, -1);
        g_hash_table_insert (self->domain_iters, domain, gtk_tree_iter_copy (&iter));
        g_signal_connect_object (domain, "notify", G_CALLBACK (domain_notify_cb),
                                 self, 0);
        g_ptr_array_insert (host->domains, position + i, g_object_ref (domain));
    }

    /* A host that just got its guests opens, as in virt-manager. */
    if (was_empty && host->domains->len > 0) {
        g_hash_table_remove (self->collapsed, host->conn);
        if (self->detached == 0) {
            g_autoptr(GtkTreePath) path = view_path_for_iter (self, &host->iter);

            if (path != NULL)
                gtk_tree_view_expand_row (self->tree_view, path, FALSE);
        }
    }
    host_update_row (host);
    if (bulk)
        attach_view (self);
}

static void
host_notify_cb (DomusConnection *conn, GParamSpec *pspec, gpointer user_data)
{
    HostEntry *host = user_data;

    host_update_row (host);
    domus_manager_window_update_guest_actions (host->window);
}

static HostEntry *
host_entry_new (DomusManagerWindow *self, DomusConnection *conn, int position)
{
    HostEntry *host = g_new0 (HostEntry, 1);
    GListModel *domains = domus_connection_get_domains (conn);

    host->window = self;
    host->conn = g_object_ref (conn);
    host->domains = g_ptr_array_new_with_free_func (g_object_unref);
    gtk_tree_store_insert_with_values (self->store, &host->iter, NULL, position,
                                       COL_OBJECT, conn, -1);
    host->items_changed_id =
        g_signal_connect (domains, "items-changed",
                          G_CALLBACK (host_domains_changed_cb), host);
    host->notify_id =
        g_signal_connect (conn, "notify", G_CALLBACK (host_notify_cb), host);
    host->stats_id = g_signal_connect (domus_connection_get_poller (conn), "updated",
                                       G_CALLBACK (host_stats_updated_cb), host);
    host_domains_changed_cb (domains, 0, 0, g_list_model_get_n_items (domains), host);
    return host;
}

static void
host_entry_free (HostEntry *host)
{
    DomusManagerWindow *self = host->window;

    g_signal_handler_disconnect (domus_connection_get_domains (host->conn),
                                 host->items_changed_id);
    g_signal_handler_disconnect (host->conn, host->notify_id);
    g_signal_handler_disconnect (domus_connection_get_poller (host->conn), host->stats_id);
    for (guint i = 0; i < host->domains->len; i++) {
        DomusDomain *domain = g_ptr_array_index (host->domains, i);

        g_signal_handlers_disconnect_by_func (domain, domain_notify_cb, self);
        g_hash_table_remove (self->domain_iters, domain);
    }
    if (self->collapsed != NULL)
        g_hash_table_remove (self->collapsed, host->conn);
    if (self->store != NULL)
        gtk_tree_store_remove (self->store, &host->iter);
    g_ptr_array_unref (host->domains);
    g_object_unref (host->conn);
    g_free (host);
}

static void
update_visible_page (DomusManagerWindow *self)
{
    gtk_stack_set_visible_child_name (self->stack,
                                      self->hosts->len > 0 ? "list" : "empty");
}

static void
connections_changed_cb (GListModel *model, guint position, guint removed,
                        guint added, gpointer user_data)
{
    DomusManagerWindow *self = user_data;

    g_ptr_array_remove_range (self->hosts, position, removed);
    for (guint i = 0; i < added; i++) {
        g_autoptr(DomusConnection) conn = g_list_model_get_item (model, position + i);

        g_ptr_array_insert (self->hosts, position + i,
                            host_entry_new (self, conn, position + i));
    }
    update_visible_page (self);
}

/* ---- cells -------------------------------------------------------------- */

static char *
host_state_text (DomusConnection *conn)
{
    DomusConnectionState state = domus_connection_get_state (conn);
    const char *error = domus_connection_get_error_message (conn);
    guint n = g_list_model_get_n_items (domus_connection_get_domains (conn));

    if (error != NULL)
        return g_strdup_printf ("%s: %s", domus_connection_state_to_string (state), error);
    if (state == DOMUS_CONNECTION_STATE_CONNECTED)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u guest", "%u guests", n), n);
    return g_strdup (domus_connection_state_to_string (state));
}

static void
icon_cell_data (GtkTreeViewColumn *column, GtkCellRenderer *cell,
                GtkTreeModel *model, GtkTreeIter *iter, gpointer user_data)
{
    g_autoptr(GObject) object = NULL;
    const char *icon;

    gtk_tree_model_get (model, iter, COL_OBJECT, &object, -1);
    if (DOMUS_IS_DOMAIN (object)) {
        icon = domus_domain_state_icon_name (domus_domain_get_state (DOMUS_DOMAIN (object)));
    } else {
        DomusConnectionState state = domus_connection_get_state (DOMUS_CONNECTION (object));

        icon = state == DOMUS_CONNECTION_STATE_FAILED ? "dialog-error-symbolic"
                                                      : "network-server-symbolic";
    }
    g_object_set (cell, "icon-name", icon, NULL);
}

static void
name_cell_data (GtkTreeViewColumn *column, GtkCellRenderer *cell,
                GtkTreeModel *model, GtkTreeIter *iter, gpointer user_data)
{
    g_autoptr(GObject) object = NULL;

    gtk_tree_model_get (model, iter, COL_OBJECT, &object, -1);
    if (DOMUS_IS_DOMAIN (object)) {
        g_object_set (cell, "text", domus_domain_get_name (DOMUS_DOMAIN (object)),
                      "weight", PANGO_WEIGHT_NORMAL, NULL);
    } else {
        g_object_set (cell, "text",
                      domus_connection_get_display_name (DOMUS_CONNECTION (object)),
                      "weight", PANGO_WEIGHT_BOLD, NULL);
    }
}

static void
state_cell_data (GtkTreeViewColumn *column, GtkCellRenderer *cell,
                 GtkTreeModel *model, GtkTreeIter *iter, gpointer user_data)
{
    g_autoptr(GObject) object = NULL;

    gtk_tree_model_get (model, iter, COL_OBJECT, &object, -1);
    if (DOMUS_IS_DOMAIN (object)) {
        DomusDomain *domain = DOMUS_DOMAIN (object);
        const char *activity = domus_domain_get_activity (domain);

        /* "Shutting down…", "Saving… 40 %" while an action runs. */
        g_object_set (cell, "text",
                      activity ? activity
                               : domus_domain_state_to_string (domus_domain_get_state (domain)),
                      NULL);
    } else {
        g_autofree char *text = host_state_text (DOMUS_CONNECTION (object));

        g_object_set (cell, "text", text, NULL);
    }
}

/* The ring a graph cell draws: guests have all five; host rows show the
 * host's own CPU and memory in the Host CPU and Memory columns. */
static const DomusStatsRing *
stat_ring (GObject *object, StatColumn stat, DomusStatsScale *scale)
{
    *scale = stat >= STAT_DISK ? DOMUS_STATS_SCALE_RATE : DOMUS_STATS_SCALE_PERCENT;

    if (DOMUS_IS_DOMAIN (object)) {
        DomusDomainStats *st = domus_domain_get_stats (DOMUS_DOMAIN (object));

        switch (stat) {
        case STAT_GUEST_CPU: return &st->cpu;
        case STAT_HOST_CPU: return &st->host_cpu;
        case STAT_MEMORY: return &st->memory;
        case STAT_DISK: return &st->disk;
        case STAT_NET: return &st->net;
        default: return NULL;
        }
    } else {
        const DomusHostStats *hs =
            domus_poller_get_host_stats (domus_connection_get_poller (DOMUS_CONNECTION (object)));

        if (stat == STAT_HOST_CPU)
            return &hs->cpu;
        if (stat == STAT_MEMORY)
            return &hs->memory;
        return NULL;
    }
}

static void
stat_cell_data (GtkTreeViewColumn *column, GtkCellRenderer *cell,
                GtkTreeModel *model, GtkTreeIter *iter, gpointer user_data)
{
    g_autoptr(GObject) object = NULL;
    DomusStatsScale scale;
    const DomusStatsRing *ring;

    gtk_tree_model_get (model, iter, COL_OBJECT, &object, -1);
    ring = stat_ring (object, GPOINTER_TO_INT (user_data), &scale);
    domus_cell_renderer_sparkline_set_data (DOMUS_CELL_RENDERER_SPARKLINE (cell), ring, scale);
}

static const char *
object_name (GObject *object)
{
    if (DOMUS_IS_DOMAIN (object))
        return domus_domain_get_name (DOMUS_DOMAIN (object));
    return domus_connection_get_display_name (DOMUS_CONNECTION (object));
}

static int
compare_rows (GtkTreeModel *model, GtkTreeIter *a, GtkTreeIter *b, gpointer user_data)
{
    int id = GPOINTER_TO_INT (user_data);
    g_autoptr(GObject) oa = NULL;
    g_autoptr(GObject) ob = NULL;
    int cmp = 0;

    gtk_tree_model_get (model, a, COL_OBJECT, &oa, -1);
    gtk_tree_model_get (model, b, COL_OBJECT, &ob, -1);

    if (DOMUS_IS_DOMAIN (oa) && DOMUS_IS_DOMAIN (ob)) {
        if (id == SORT_STATE) {
            cmp = domus_domain_get_state (DOMUS_DOMAIN (oa)) -
                  domus_domain_get_state (DOMUS_DOMAIN (ob));
        } else if (id >= SORT_GUEST_CPU) {
            DomusStatsScale scale;
            const DomusStatsRing *ra = stat_ring (oa, id - SORT_GUEST_CPU, &scale);
            const DomusStatsRing *rb = stat_ring (ob, id - SORT_GUEST_CPU, &scale);
            double va = domus_stats_ring_get_len (ra) ? domus_stats_ring_get (ra, scale, 0) : -1;
            double vb = domus_stats_ring_get_len (rb) ? domus_stats_ring_get (rb, scale, 0) : -1;

            cmp = (va > vb) - (va < vb);
        }
    }
    if (cmp == 0)
        cmp = g_utf8_collate (object_name (oa), object_name (ob));
    return cmp;
}

/* Host rows always show; guests show when they match the search. */
static gboolean
row_visible (GtkTreeModel *model, GtkTreeIter *iter, gpointer user_data)
{
    DomusManagerWindow *self = user_data;
    g_autoptr(GObject) object = NULL;

    gtk_tree_model_get (model, iter, COL_OBJECT, &object, -1);
    if (!DOMUS_IS_DOMAIN (object))
        return TRUE;
    if (self->state_wanted >= 0) {
        DomusDomainState state = domus_domain_get_state (DOMUS_DOMAIN (object));

        /* "Running" includes the states a running guest passes through. */
        if (self->state_wanted == DOMUS_DOMAIN_STATE_RUNNING) {
            if (state != DOMUS_DOMAIN_STATE_RUNNING && state != DOMUS_DOMAIN_STATE_BLOCKED &&
                state != DOMUS_DOMAIN_STATE_SHUTDOWN)
                return FALSE;
        } else if ((int) state != self->state_wanted) {
            return FALSE;
        }
    }
    if (self->search_text != NULL) {
        g_autofree char *name = g_utf8_casefold (domus_domain_get_name (DOMUS_DOMAIN (object)), -1);

        return strstr (name, self->search_text) != NULL;
    }
    return TRUE;
}

static void
search_changed_cb (GtkWidget *widget, DomusManagerWindow *self)
{
    const char *text = gtk_entry_get_text (GTK_ENTRY (self->search_entry));
    const char *state = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->state_filter));

    g_clear_pointer (&self->search_text, g_free);
    if (text != NULL && *text != '\0')
        self->search_text = g_utf8_casefold (text, -1);

    if (g_strcmp0 (state, "running") == 0)
        self->state_wanted = DOMUS_DOMAIN_STATE_RUNNING;
    else if (g_strcmp0 (state, "paused") == 0)
        self->state_wanted = DOMUS_DOMAIN_STATE_PAUSED;
    else if (g_strcmp0 (state, "shutoff") == 0)
        self->state_wanted = DOMUS_DOMAIN_STATE_SHUTOFF;
    else
        self->state_wanted = -1;

    /* Refiltering in place moves rows one by one through the sort model:
     * with thousands of guests, building both again is far faster. */
    detach_view (self);
    attach_view (self);
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

    for (guint i = 0; i < N_STATS; i++) {
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
    for (guint i = 0; i < N_STATS; i++) {
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
    GtkTreeIter *store_iter = g_hash_table_lookup (self->domain_iters, domain);
    g_autoptr(GtkTreePath) path = store_iter ? view_path_for_iter (self, store_iter) : NULL;

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

static void
popup_guest_menu (DomusManagerWindow *self, const GdkEvent *event)
{
    GtkWidget *menu;

    g_autoptr(GPtrArray) guests = domus_manager_window_get_selected_guests (self);

    if (guests->len > 0)
        menu = gtk_menu_new_from_model (self->guest_menu);
    else if (domus_manager_window_get_selected_host (self) != NULL)
        menu = gtk_menu_new_from_model (self->host_menu);
    else
        return;
    gtk_menu_attach_to_widget (GTK_MENU (menu), GTK_WIDGET (self->tree_view), NULL);
    g_signal_connect (menu, "deactivate", G_CALLBACK (gtk_widget_destroy), NULL);
    if (event != NULL)
        gtk_menu_popup_at_pointer (GTK_MENU (menu), event);
    else
        gtk_menu_popup_at_widget (GTK_MENU (menu), GTK_WIDGET (self->tree_view),
                                  GDK_GRAVITY_CENTER, GDK_GRAVITY_NORTH_WEST, NULL);
}

static gboolean
tree_button_press_cb (GtkWidget *widget, GdkEventButton *event, DomusManagerWindow *self)
{
    g_autoptr(GtkTreePath) path = NULL;

    if (!gdk_event_triggers_context_menu ((GdkEvent *) event))
        return FALSE;
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
    gtk_window_close (GTK_WINDOW (user_data));
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
domus_manager_window_dispose (GObject *object)
{
    DomusManagerWindow *self = DOMUS_MANAGER_WINDOW (object);

    g_clear_handle_id (&self->notification_timeout_id, g_source_remove);

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
    g_clear_pointer (&self->hosts, g_ptr_array_unref);
    g_clear_pointer (&self->domain_iters, g_hash_table_unref);
    if (self->settings != NULL)
        g_signal_handlers_disconnect_by_data (self->settings, self);
    g_clear_object (&self->sort);
    g_clear_object (&self->filter);
    g_clear_object (&self->store);
    g_clear_object (&self->settings);
    g_clear_pointer (&self->search_text, g_free);
    g_clear_pointer (&self->collapsed, g_hash_table_unref);

    G_OBJECT_CLASS (domus_manager_window_parent_class)->dispose (object);
}

static void
domus_manager_window_class_init (DomusManagerWindowClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = domus_manager_window_dispose;
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
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, state_renderer);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow,
                                          primary_menu_button);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, search_bar);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, guest_menu);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, host_menu);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, search_entry);
    gtk_widget_class_bind_template_child (widget_class, DomusManagerWindow, state_filter);
    gtk_widget_class_bind_template_child_full (widget_class, "guest_cpu_column", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_columns[STAT_GUEST_CPU]));
    gtk_widget_class_bind_template_child_full (widget_class, "host_cpu_column", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_columns[STAT_HOST_CPU]));
    gtk_widget_class_bind_template_child_full (widget_class, "memory_column", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_columns[STAT_MEMORY]));
    gtk_widget_class_bind_template_child_full (widget_class, "disk_column", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_columns[STAT_DISK]));
    gtk_widget_class_bind_template_child_full (widget_class, "net_column", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_columns[STAT_NET]));
    gtk_widget_class_bind_template_child_full (widget_class, "guest_cpu_renderer", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_renderers[STAT_GUEST_CPU]));
    gtk_widget_class_bind_template_child_full (widget_class, "host_cpu_renderer", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_renderers[STAT_HOST_CPU]));
    gtk_widget_class_bind_template_child_full (widget_class, "memory_renderer", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_renderers[STAT_MEMORY]));
    gtk_widget_class_bind_template_child_full (widget_class, "disk_renderer", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_renderers[STAT_DISK]));
    gtk_widget_class_bind_template_child_full (widget_class, "net_renderer", FALSE,
        G_STRUCT_OFFSET (DomusManagerWindow, stat_renderers[STAT_NET]));
    gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, search_mode_cb);
    gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, tree_button_press_cb);
    gtk_widget_class_bind_template_callback (widget_class, tree_popup_menu_cb);
    gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
    domus_manager_window_class_bind_guest_actions (widget_class);

    g_type_ensure (DOMUS_TYPE_CELL_RENDERER_SPARKLINE);
}

static void
domus_manager_window_init (DomusManagerWindow *self)
{
    /* Before the template: its selection signals update these. */
    domus_manager_window_add_guest_actions (self);
    gtk_widget_init_template (GTK_WIDGET (self));
    domus_guest_actions_set_notify_func (GTK_WINDOW (self), guest_notify_cb, self);
    name_close_button (GTK_WIDGET (self->notification_bar), NULL);

    self->store = gtk_tree_store_new (N_COLUMNS, G_TYPE_OBJECT);
    self->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) host_entry_free);
    self->domain_iters = g_hash_table_new_full (NULL, NULL, NULL,
                                                (GDestroyNotify) gtk_tree_iter_free);

    gtk_tree_view_column_set_cell_data_func (self->name_column, self->icon_renderer,
                                             icon_cell_data, NULL, NULL);
    gtk_tree_view_column_set_cell_data_func (self->name_column, self->name_renderer,
                                             name_cell_data, NULL, NULL);
    gtk_tree_view_column_set_cell_data_func (self->state_column, self->state_renderer,
                                             state_cell_data, NULL, NULL);
    for (guint i = 0; i < N_STATS; i++) {
        gtk_tree_view_column_set_cell_data_func (self->stat_columns[i], self->stat_renderers[i],
                                                 stat_cell_data, GINT_TO_POINTER (i), NULL);
        gtk_tree_view_column_set_sort_column_id (self->stat_columns[i], SORT_GUEST_CPU + i);
    }
    gtk_tree_view_column_set_sort_column_id (self->name_column, SORT_NAME);
    gtk_tree_view_column_set_sort_column_id (self->state_column, SORT_STATE);

    self->state_wanted = -1;
    self->collapsed = g_hash_table_new (NULL, NULL);
    /* Guests by name, as virt-manager lists them, until a header is clicked. */
    self->sort_id = SORT_NAME;
    self->sort_order = GTK_SORT_ASCENDING;
    build_view_models (self);
    gtk_tree_view_set_model (self->tree_view, self->sort);
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
    DomusManagerWindow *self;
    GListModel *connections;

    g_return_val_if_fail (DOMUS_IS_APPLICATION (app), NULL);

    self = g_object_new (DOMUS_TYPE_MANAGER_WINDOW, "application", app, NULL);
    self->settings = g_object_ref (domus_application_get_settings (app));

    g_signal_connect_swapped (self->settings, "changed::visible-columns",
                              G_CALLBACK (update_stat_columns), self);
    update_stat_columns (self);

    self->width = g_settings_get_int (self->settings, "window-width");
    self->height = g_settings_get_int (self->settings, "window-height");
    gtk_window_set_default_size (GTK_WINDOW (self), self->width, self->height);
    if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));

    connections = domus_application_get_connections (app);
    self->connections = g_object_ref (connections);
    g_signal_connect (connections, "items-changed",
                      G_CALLBACK (connections_changed_cb), self);
    connections_changed_cb (connections, 0, 0, g_list_model_get_n_items (connections),
                            self);
    return self;
}

GtkTreeView *
domus_manager_window_get_tree_view (DomusManagerWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_MANAGER_WINDOW (self), NULL);
    return self->tree_view;
}
