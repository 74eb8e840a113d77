/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusGraphCellAccessible: what assistive technology reads for a graph
 * cell of the guest list ("Guest CPU 12 %", "Memory 1.5 GiB of 2.0 GiB"),
 * which would otherwise have no name. GtkTreeView makes one per cell it is
 * asked for and refreshes it right after setting that row's data on the
 * renderer; it reads the renderer, never the model.
 */
#pragma once

#include <gtk/gtk.h>
#include <gtk/gtk-a11y.h>

G_BEGIN_DECLS

#define DOMUS_TYPE_GRAPH_CELL_ACCESSIBLE (domus_graph_cell_accessible_get_type ())
G_DECLARE_FINAL_TYPE (DomusGraphCellAccessible, domus_graph_cell_accessible,
                      DOMUS, GRAPH_CELL_ACCESSIBLE, GtkRendererCellAccessible)

G_END_DECLS
