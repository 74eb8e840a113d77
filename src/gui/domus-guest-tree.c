/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The manager window's list as models: hosts as top-level rows, their
 * guests beneath. The store holds only object pointers; cells read the
 * objects when drawn, so a state change costs one row-changed and no
 * copying. Rows follow the connections' GListModels, and the pollers are
 * told which guests the view shows. Nothing here calls libvirt.
 */
#include "config.h"

#include "domus-guest-tree.h"

#include <string.h>

#include "domus-poller.h"

/* Beyond this many rows at once, rebuilding the view models is faster. */
#define BULK_ROWS 64

/* What the tree knows of one host: its row and a mirror of its guests,
 * so that items-changed can tell which guests left. */
typedef struct {
    DomusGuestTree *tree;
    DomusConnection *conn;
    GtkTreeIter iter;
    GPtrArray *domains;     /* DomusDomain, same order as the model */
    gulong items_changed_id;
    gulong notify_id;
    gulong stats_id;
} HostEntry;

struct _DomusGuestTree {
    GObject parent_instance;

    GListModel *connections;
    GtkTreeStore *store;
    GtkTreeModel *filter;        /* store, less the guests the filter hides */
    GtkTreeModel *sort;          /* filter, sorted; what the view shows */
    GPtrArray *hosts;            /* HostEntry, same order as connections */
    GHashTable *domain_iters;    /* DomusDomain -> GtkTreeIter * of the store */
    char *search;                /* casefolded, NULL for all */
    int state;                   /* DomusDomainState, or -1 for all */
    int sort_id;                 /* kept while the models are rebuilt */
    GtkSortType sort_order;
    guint detached;              /* nesting count of detach () */
};

G_DEFINE_FINAL_TYPE (DomusGuestTree, domus_guest_tree, G_TYPE_OBJECT)

enum {
    PROP_0,
    PROP_CONNECTIONS,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
    DETACH,
    ATTACH,
    HOST_FILLED,
    HOST_REMOVED,
    HOST_CHANGED,
    GUEST_CHANGED,
    STATS_UPDATED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- the view models ------------------------------------------------------ */

const DomusStatsRing *
domus_guest_tree_get_stat_ring (GObject *object, DomusGuestStat stat, DomusStatsScale *scale)
{
    *scale = stat >= DOMUS_GUEST_STAT_DISK ? DOMUS_STATS_SCALE_RATE : DOMUS_STATS_SCALE_PERCENT;

    if (DOMUS_IS_DOMAIN (object)) {
        DomusDomainStats *st = domus_domain_get_stats (DOMUS_DOMAIN (object));

        switch (stat) {
        case DOMUS_GUEST_STAT_GUEST_CPU: return &st->cpu;
        case DOMUS_GUEST_STAT_HOST_CPU: return &st->host_cpu;
        case DOMUS_GUEST_STAT_MEMORY: return &st->memory;
        case DOMUS_GUEST_STAT_DISK: return &st->disk;
        case DOMUS_GUEST_STAT_NET: return &st->net;
        default: return NULL;
        }
    } else {
        const DomusHostStats *hs =
            domus_poller_get_host_stats (domus_connection_get_poller (DOMUS_CONNECTION (object)));

        if (stat == DOMUS_GUEST_STAT_HOST_CPU)
            return &hs->cpu;
        if (stat == DOMUS_GUEST_STAT_MEMORY)
            return &hs->memory;
        return NULL;
    }
}

static const char *
object_name (GObject *object)
{
    if (DOMUS_IS_DOMAIN (object))
        return domus_domain_get_name (DOMUS_DOMAIN (object));
    return domus_connection_get_display_name (DOMUS_CONNECTION (object));
}

/* Graphs sort by the newest sample as drawn (0.5 % steps, 4 per doubling
 * of a rate), not its exact value: guests that look alike compare equal,
 * and equals go by name, so each poll's noise does not reorder them. */
static int
compare_rows (GtkTreeModel *model, GtkTreeIter *a, GtkTreeIter *b, gpointer user_data)
{
    DomusGuestTree *self = user_data;
    g_autoptr(GObject) oa = NULL;
    g_autoptr(GObject) ob = NULL;
    GtkSortType order = GTK_SORT_ASCENDING;
    int id = DOMUS_GUEST_TREE_SORT_NAME;
    int cmp = 0;

    gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (self->sort), &id, &order);
    gtk_tree_model_get (model, a, DOMUS_GUEST_TREE_COLUMN_OBJECT, &oa, -1);
    gtk_tree_model_get (model, b, DOMUS_GUEST_TREE_COLUMN_OBJECT, &ob, -1);

    if (DOMUS_IS_DOMAIN (oa) && DOMUS_IS_DOMAIN (ob)) {
        if (id == DOMUS_GUEST_TREE_SORT_STATE) {
            cmp = domus_domain_get_state (DOMUS_DOMAIN (oa)) -
                  domus_domain_get_state (DOMUS_DOMAIN (ob));
        } else if (id >= DOMUS_GUEST_TREE_SORT_STAT) {
            DomusStatsScale scale;
            DomusGuestStat stat = id - DOMUS_GUEST_TREE_SORT_STAT;
            const DomusStatsRing *ra = domus_guest_tree_get_stat_ring (oa, stat, &scale);
            const DomusStatsRing *rb = domus_guest_tree_get_stat_ring (ob, stat, &scale);
            int va = domus_stats_ring_get_len (ra) ? domus_stats_ring_get_raw (ra, 0) : -1;
            int vb = domus_stats_ring_get_len (rb) ? domus_stats_ring_get_raw (rb, 0) : -1;

            cmp = va - vb;
        }
    }
    if (cmp != 0)
        return cmp;
    /* Equals by name from A to Z, whichever way a state or graph column
     * sorts (the sort model reverses what this returns when descending). */
    cmp = g_utf8_collate (object_name (oa), object_name (ob));
    return id != DOMUS_GUEST_TREE_SORT_NAME && order == GTK_SORT_DESCENDING ? -cmp : cmp;
}

/* Host rows always show; guests show when they match the filter. */
static gboolean
row_visible (GtkTreeModel *model, GtkTreeIter *iter, gpointer user_data)
{
    DomusGuestTree *self = user_data;
    g_autoptr(GObject) object = NULL;

    gtk_tree_model_get (model, iter, DOMUS_GUEST_TREE_COLUMN_OBJECT, &object, -1);
    if (!DOMUS_IS_DOMAIN (object))
        return TRUE;
    if (self->state >= 0) {
        DomusDomainState state = domus_domain_get_state (DOMUS_DOMAIN (object));

        /* "Running" includes the states a running guest passes through. */
        if (self->state == DOMUS_DOMAIN_STATE_RUNNING) {
            if (state != DOMUS_DOMAIN_STATE_RUNNING && state != DOMUS_DOMAIN_STATE_BLOCKED &&
                state != DOMUS_DOMAIN_STATE_SHUTDOWN)
                return FALSE;
        } else if ((int) state != self->state) {
            return FALSE;
        }
    }
    if (self->search != NULL) {
        g_autofree char *name = g_utf8_casefold (domus_domain_get_name (DOMUS_DOMAIN (object)), -1);

        return strstr (name, self->search) != NULL;
    }
    return TRUE;
}

/* The view shows store → filter → sort. Filter and sort models forward
 * every row change one by one, which costs seconds for thousands of rows;
 * so large changes detach the view, drop both, change the store alone and
 * build them again (filtering and sorting each once). */
static void
build_models (DomusGuestTree *self)
{
    self->filter = gtk_tree_model_filter_new (GTK_TREE_MODEL (self->store), NULL);
    gtk_tree_model_filter_set_visible_func (GTK_TREE_MODEL_FILTER (self->filter),
                                            row_visible, self, NULL);
    self->sort = gtk_tree_model_sort_new_with_model (self->filter);
    for (int id = DOMUS_GUEST_TREE_SORT_NAME;
         id < DOMUS_GUEST_TREE_SORT_STAT + DOMUS_N_GUEST_STATS; id++)
        gtk_tree_sortable_set_sort_func (GTK_TREE_SORTABLE (self->sort), id, compare_rows,
                                         self, NULL);
    gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (self->sort), self->sort_id,
                                          self->sort_order);
}

static void
detach (DomusGuestTree *self)
{
    if (self->detached++ > 0)
        return;
    gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (self->sort), &self->sort_id,
                                          &self->sort_order);
    g_signal_emit (self, signals[DETACH], 0);
    g_clear_object (&self->sort);
    g_clear_object (&self->filter);
}

static void
attach (DomusGuestTree *self)
{
    if (--self->detached > 0)
        return;
    build_models (self);
    g_signal_emit (self, signals[ATTACH], 0);
}

GtkTreeModel *
domus_guest_tree_get_model (DomusGuestTree *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_TREE (self), NULL);
    return self->sort;
}

static GtkTreeIter *
store_iter (DomusGuestTree *self, GObject *object)
{
    if (DOMUS_IS_DOMAIN (object))
        return g_hash_table_lookup (self->domain_iters, object);
    for (guint i = 0; i < self->hosts->len; i++) {
        HostEntry *host = g_ptr_array_index (self->hosts, i);

        if ((GObject *) host->conn == object)
            return &host->iter;
    }
    return NULL;
}

GtkTreePath *
domus_guest_tree_get_path (DomusGuestTree *self, GObject *object)
{
    GtkTreeIter *iter;
    g_autoptr(GtkTreePath) store_path = NULL;
    g_autoptr(GtkTreePath) filter_path = NULL;

    g_return_val_if_fail (DOMUS_IS_GUEST_TREE (self), NULL);

    iter = store_iter (self, object);
    if (iter == NULL || self->sort == NULL)
        return NULL;
    store_path = gtk_tree_model_get_path (GTK_TREE_MODEL (self->store), iter);
    filter_path = gtk_tree_model_filter_convert_child_path_to_path (
        GTK_TREE_MODEL_FILTER (self->filter), store_path);
    if (filter_path == NULL)
        return NULL;
    return gtk_tree_model_sort_convert_child_path_to_path (GTK_TREE_MODEL_SORT (self->sort),
                                                           filter_path);
}

void
domus_guest_tree_set_filter (DomusGuestTree *self, const char *search, int state)
{
    g_return_if_fail (DOMUS_IS_GUEST_TREE (self));

    g_free (self->search);
    self->search = search != NULL && *search != '\0' ? g_utf8_casefold (search, -1) : NULL;
    self->state = state;
    /* Refiltering in place moves rows one by one through the sort model:
     * with thousands of guests, building both again is far faster. */
    detach (self);
    attach (self);
}

void
domus_guest_tree_sort_stats (DomusGuestTree *self)
{
    int id;
    GtkSortType order;

    g_return_if_fail (DOMUS_IS_GUEST_TREE (self));

    if (self->sort == NULL ||
        !gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (self->sort), &id, &order) ||
        id < DOMUS_GUEST_TREE_SORT_STAT)
        return;
    gtk_tree_model_sort_reset_default_sort_func (GTK_TREE_MODEL_SORT (self->sort));
    gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (self->sort), id, order);
}

void
domus_guest_tree_focus_polls (DomusGuestTree *self, GtkTreeView *view)
{
    g_autoptr(GtkTreePath) start = NULL;
    g_autoptr(GtkTreePath) end = NULL;
    g_autoptr(GHashTable) per_host = g_hash_table_new_full (NULL, NULL, NULL,
                                                            (GDestroyNotify) g_ptr_array_unref);
    GtkTreeModel *model;
    GtkTreeIter iter;

    g_return_if_fail (DOMUS_IS_GUEST_TREE (self));
    g_return_if_fail (GTK_IS_TREE_VIEW (view));

    model = gtk_tree_view_get_model (view);

    if (model != NULL && gtk_tree_view_get_visible_range (view, &start, &end) &&
        gtk_tree_model_get_iter (model, &iter, start)) {
        g_autoptr(GtkTreePath) path = gtk_tree_path_copy (start);

        for (guint n = 0; n < 500 && gtk_tree_path_compare (path, end) <= 0; n++) {
            g_autoptr(GObject) object = NULL;
            GtkTreeIter parent;

            gtk_tree_model_get (model, &iter, DOMUS_GUEST_TREE_COLUMN_OBJECT, &object, -1);
            if (DOMUS_IS_DOMAIN (object) && gtk_tree_model_iter_parent (model, &parent, &iter)) {
                g_autoptr(GObject) host = NULL;
                GPtrArray *uuids;

                gtk_tree_model_get (model, &parent, DOMUS_GUEST_TREE_COLUMN_OBJECT, &host, -1);
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

                if (gtk_tree_view_row_expanded (view, path) &&
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

/* ---- the store, following the connections ---------------------------------- */

static void
row_changed (DomusGuestTree *self, GtkTreeIter *iter)
{
    g_autoptr(GtkTreePath) path = gtk_tree_model_get_path (GTK_TREE_MODEL (self->store), iter);

    gtk_tree_model_row_changed (GTK_TREE_MODEL (self->store), path, iter);
}

static void
domain_notify_cb (DomusDomain *domain, GParamSpec *pspec, gpointer user_data)
{
    DomusGuestTree *self = user_data;
    GtkTreeIter *iter = g_hash_table_lookup (self->domain_iters, domain);

    if (iter != NULL)
        row_changed (self, iter);
    g_signal_emit (self, signals[GUEST_CHANGED], 0, domain, pspec);
}

static void
remove_domain_row (DomusGuestTree *self, DomusDomain *domain)
{
    GtkTreeIter *iter = g_hash_table_lookup (self->domain_iters, domain);

    g_signal_handlers_disconnect_by_func (domain, domain_notify_cb, self);
    if (iter != NULL) {
        gtk_tree_store_remove (self->store, iter);
        g_hash_table_remove (self->domain_iters, domain);
    }
}

static void
host_domains_changed_cb (GListModel *model, guint position, guint removed,
                         guint added, gpointer user_data)
{
    HostEntry *host = user_data;
    DomusGuestTree *self = host->tree;
    gboolean was_empty = host->domains->len == 0;
    gboolean bulk = removed + added > BULK_ROWS;

    if (bulk)
        detach (self);
    for (guint i = 0; i < removed; i++)
        remove_domain_row (self, g_ptr_array_index (host->domains, position + i));
    g_ptr_array_remove_range (host->domains, position, removed);

    for (guint i = 0; i < added; i++) {
        g_autoptr(DomusDomain) domain = g_list_model_get_item (model, position + i);
        GtkTreeIter iter;

        gtk_tree_store_insert_with_values (self->store, &iter, &host->iter, position + i,
                                           DOMUS_GUEST_TREE_COLUMN_OBJECT, domain, -1);
        g_hash_table_insert (self->domain_iters, domain, gtk_tree_iter_copy (&iter));
        g_signal_connect_object (domain, "notify", G_CALLBACK (domain_notify_cb), self, 0);
        g_ptr_array_insert (host->domains, position + i, g_object_ref (domain));
    }
    row_changed (self, &host->iter);
    if (bulk)
        attach (self);
    if (was_empty && host->domains->len > 0)
        g_signal_emit (self, signals[HOST_FILLED], 0, host->conn);
}

static void
host_notify_cb (DomusConnection *conn, GParamSpec *pspec, gpointer user_data)
{
    HostEntry *host = user_data;

    row_changed (host->tree, &host->iter);
    g_signal_emit (host->tree, signals[HOST_CHANGED], 0, conn);
}

static void
host_stats_updated_cb (DomusPoller *poller, gpointer user_data)
{
    HostEntry *host = user_data;

    g_signal_emit (host->tree, signals[STATS_UPDATED], 0, host->conn);
}

static HostEntry *
host_entry_new (DomusGuestTree *self, DomusConnection *conn, int position)
{
    HostEntry *host = g_new0 (HostEntry, 1);
    GListModel *domains = domus_connection_get_domains (conn);

    host->tree = self;
    host->conn = g_object_ref (conn);
    host->domains = g_ptr_array_new_with_free_func (g_object_unref);
    gtk_tree_store_insert_with_values (self->store, &host->iter, NULL, position,
                                       DOMUS_GUEST_TREE_COLUMN_OBJECT, conn, -1);
    host->items_changed_id = g_signal_connect (domains, "items-changed",
                                               G_CALLBACK (host_domains_changed_cb), host);
    host->notify_id = g_signal_connect (conn, "notify", G_CALLBACK (host_notify_cb), host);
    host->stats_id = g_signal_connect (domus_connection_get_poller (conn), "updated",
                                       G_CALLBACK (host_stats_updated_cb), host);
    host_domains_changed_cb (domains, 0, 0, g_list_model_get_n_items (domains), host);
    return host;
}

static void
host_entry_free (HostEntry *host)
{
    DomusGuestTree *self = host->tree;

    g_signal_handler_disconnect (domus_connection_get_domains (host->conn),
                                 host->items_changed_id);
    g_signal_handler_disconnect (host->conn, host->notify_id);
    g_signal_handler_disconnect (domus_connection_get_poller (host->conn), host->stats_id);
    for (guint i = 0; i < host->domains->len; i++) {
        DomusDomain *domain = g_ptr_array_index (host->domains, i);

        g_signal_handlers_disconnect_by_func (domain, domain_notify_cb, self);
        g_hash_table_remove (self->domain_iters, domain);
    }
    g_signal_emit (self, signals[HOST_REMOVED], 0, host->conn);
    gtk_tree_store_remove (self->store, &host->iter);
    g_ptr_array_unref (host->domains);
    g_object_unref (host->conn);
    g_free (host);
}

static void
connections_changed_cb (GListModel *model, guint position, guint removed,
                        guint added, gpointer user_data)
{
    DomusGuestTree *self = user_data;

    g_ptr_array_remove_range (self->hosts, position, removed);
    for (guint i = 0; i < added; i++) {
        g_autoptr(DomusConnection) conn = g_list_model_get_item (model, position + i);

        g_ptr_array_insert (self->hosts, position + i, host_entry_new (self, conn, position + i));
    }
}

/* ---- GObject ------------------------------------------------------------- */

static void
domus_guest_tree_dispose (GObject *object)
{
    DomusGuestTree *self = DOMUS_GUEST_TREE (object);

    if (self->connections != NULL) {
        g_signal_handlers_disconnect_by_func (self->connections, connections_changed_cb, self);
        g_clear_object (&self->connections);
    }
    g_clear_pointer (&self->hosts, g_ptr_array_unref);
    g_clear_pointer (&self->domain_iters, g_hash_table_unref);
    g_clear_object (&self->sort);
    g_clear_object (&self->filter);
    g_clear_object (&self->store);
    g_clear_pointer (&self->search, g_free);

    G_OBJECT_CLASS (domus_guest_tree_parent_class)->dispose (object);
}

static void
domus_guest_tree_constructed (GObject *object)
{
    DomusGuestTree *self = DOMUS_GUEST_TREE (object);
    GListModel *connections = self->connections;

    G_OBJECT_CLASS (domus_guest_tree_parent_class)->constructed (object);

    g_signal_connect (connections, "items-changed", G_CALLBACK (connections_changed_cb), self);
    connections_changed_cb (connections, 0, 0, g_list_model_get_n_items (connections), self);
}

static void
domus_guest_tree_get_property (GObject *object, guint prop_id, GValue *value,
                               GParamSpec *pspec)
{
    DomusGuestTree *self = DOMUS_GUEST_TREE (object);

    switch (prop_id) {
    case PROP_CONNECTIONS:
        g_value_set_object (value, self->connections);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_guest_tree_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
    DomusGuestTree *self = DOMUS_GUEST_TREE (object);

    switch (prop_id) {
    case PROP_CONNECTIONS:
        self->connections = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_guest_tree_class_init (DomusGuestTreeClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->constructed = domus_guest_tree_constructed;
    object_class->dispose = domus_guest_tree_dispose;
    object_class->get_property = domus_guest_tree_get_property;
    object_class->set_property = domus_guest_tree_set_property;

    /* The hosts (DomusConnection) whose guests the tree lists. */
    properties[PROP_CONNECTIONS] =
        g_param_spec_object ("connections", NULL, NULL, G_TYPE_LIST_MODEL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    /* The view's model is about to go; it still holds. */
    signals[DETACH] = g_signal_new ("detach", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    /* A new one is built: domus_guest_tree_get_model(). */
    signals[ATTACH] = g_signal_new ("attach", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    /* A host's list went from empty to some guests. */
    signals[HOST_FILLED] = g_signal_new ("host-filled", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, DOMUS_TYPE_CONNECTION);
    /* A host's row is about to go. */
    signals[HOST_REMOVED] = g_signal_new ("host-removed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, DOMUS_TYPE_CONNECTION);
    /* A property of a host, or of a guest, changed (its row already has). */
    signals[HOST_CHANGED] = g_signal_new ("host-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, DOMUS_TYPE_CONNECTION);
    signals[GUEST_CHANGED] = g_signal_new ("guest-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 2, DOMUS_TYPE_DOMAIN, G_TYPE_PARAM);
    /* A host's poller has new samples. */
    signals[STATS_UPDATED] = g_signal_new ("stats-updated", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, DOMUS_TYPE_CONNECTION);
}

static void
domus_guest_tree_init (DomusGuestTree *self)
{
    self->store = gtk_tree_store_new (1, G_TYPE_OBJECT);
    self->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) host_entry_free);
    self->domain_iters = g_hash_table_new_full (NULL, NULL, NULL,
                                                (GDestroyNotify) gtk_tree_iter_free);
    self->state = -1;
    /* Guests by name, as virt-manager lists them, until a header is clicked. */
    self->sort_id = DOMUS_GUEST_TREE_SORT_NAME;
    self->sort_order = GTK_SORT_ASCENDING;
    build_models (self);
}

DomusGuestTree *
domus_guest_tree_new (GListModel *connections)
{
    g_return_val_if_fail (G_IS_LIST_MODEL (connections), NULL);

    return g_object_new (DOMUS_TYPE_GUEST_TREE, "connections", connections, NULL);
}
