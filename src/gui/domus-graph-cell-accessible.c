/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The accessible of a graph cell: its name is the renderer's description
 * of the cell's row. GtkTreeView sets a cell's row data when the cell is
 * made and when the row changes, but new samples only redraw the list (a
 * row change per guest per tick would cost too much with thousands of
 * guests). So when asked for its name, the cell reads its row again while
 * the row is on screen, which is where a screen reader's focus is.
 */
#include "config.h"

#include "domus-graph-cell-accessible.h"

#include "domus-graph.h"

struct _DomusGraphCellAccessible {
    GtkRendererCellAccessible parent_instance;

    char *description;
};

G_DEFINE_FINAL_TYPE (DomusGraphCellAccessible, domus_graph_cell_accessible,
                     GTK_TYPE_RENDERER_CELL_ACCESSIBLE)

static void
domus_graph_cell_accessible_update_cache (GtkCellAccessible *cell, gboolean emit_signal)
{
    DomusGraphCellAccessible *self = DOMUS_GRAPH_CELL_ACCESSIBLE (cell);
    g_autoptr(GtkCellRenderer) renderer = NULL;
    g_autofree char *description = NULL;

    g_object_get (cell, "renderer", &renderer, NULL);
    if (!DOMUS_IS_CELL_RENDERER_SPARKLINE (renderer))
        return;
    description = domus_cell_renderer_sparkline_describe (DOMUS_CELL_RENDERER_SPARKLINE (renderer));
    if (g_strcmp0 (description, self->description) == 0)
        return;
    g_free (self->description);
    self->description = g_steal_pointer (&description);
    if (emit_signal)
        g_object_notify (G_OBJECT (self), "accessible-name");
}

/* Sets the cell's row data on its column's renderers, as the tree view
 * does before drawing the row; FALSE when the row is not on screen. */
static gboolean
set_row_data (DomusGraphCellAccessible *self, GtkCellRenderer *renderer)
{
    AtkObject *parent = atk_object_get_parent (ATK_OBJECT (self));
    g_autoptr(GtkTreePath) path = NULL;
    g_autoptr(GList) cells = NULL;
    GtkTreeViewColumn *column = NULL;
    GtkTreeModel *model;
    GtkWidget *view;
    GtkTreeIter iter;
    GdkRectangle area;

    if (!GTK_IS_CELL_ACCESSIBLE_PARENT (parent) || !GTK_IS_ACCESSIBLE (parent))
        return FALSE;
    view = gtk_accessible_get_widget (GTK_ACCESSIBLE (parent));
    if (!GTK_IS_TREE_VIEW (view) || !gtk_widget_get_realized (view))
        return FALSE;
    model = gtk_tree_view_get_model (GTK_TREE_VIEW (view));

    /* The cell's place in the view's window, and back to its row. */
    gtk_cell_accessible_parent_get_cell_area (GTK_CELL_ACCESSIBLE_PARENT (parent),
                                              GTK_CELL_ACCESSIBLE (self), &area);
    if (model == NULL || area.width <= 0 || area.height <= 0 ||
        !gtk_tree_view_get_path_at_pos (GTK_TREE_VIEW (view),
                                        area.x + area.width / 2, area.y + area.height / 2,
                                        &path, &column, NULL, NULL) ||
        !gtk_tree_model_get_iter (model, &iter, path))
        return FALSE;
    cells = gtk_cell_layout_get_cells (GTK_CELL_LAYOUT (column));
    if (g_list_find (cells, renderer) == NULL)
        return FALSE;
    gtk_tree_view_column_cell_set_cell_data (column, model, &iter, FALSE, FALSE);
    return TRUE;
}

static const char *
domus_graph_cell_accessible_get_name (AtkObject *object)
{
    DomusGraphCellAccessible *self = DOMUS_GRAPH_CELL_ACCESSIBLE (object);
    g_autoptr(GtkCellRenderer) renderer = NULL;

    /* A name set from outside wins, as for GTK's own cells. */
    if (object->name != NULL)
        return object->name;
    g_object_get (self, "renderer", &renderer, NULL);
    if (DOMUS_IS_CELL_RENDERER_SPARKLINE (renderer) && set_row_data (self, renderer))
        domus_graph_cell_accessible_update_cache (GTK_CELL_ACCESSIBLE (self), FALSE);
    return self->description;
}

static void
domus_graph_cell_accessible_finalize (GObject *object)
{
    g_free (DOMUS_GRAPH_CELL_ACCESSIBLE (object)->description);
    G_OBJECT_CLASS (domus_graph_cell_accessible_parent_class)->finalize (object);
}

static void
domus_graph_cell_accessible_class_init (DomusGraphCellAccessibleClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = domus_graph_cell_accessible_finalize;
    ATK_OBJECT_CLASS (klass)->get_name = domus_graph_cell_accessible_get_name;
    GTK_CELL_ACCESSIBLE_CLASS (klass)->update_cache = domus_graph_cell_accessible_update_cache;
}

static void
domus_graph_cell_accessible_init (DomusGraphCellAccessible *self)
{
}
