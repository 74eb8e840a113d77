/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusCellRendererSparkline: the small history graph in the guest list's
 * statistic columns, drawn with cairo straight from a DomusStatsRing. It
 * allocates nothing while drawing and draws only the rows GTK asks for,
 * which are the visible ones. Assistive technology reads what a cell shows
 * through DomusGraphCellAccessible.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-stats.h"

G_BEGIN_DECLS

/* What a graph shows; the nicks are the `visible-columns` keys. */
typedef enum {
    DOMUS_GRAPH_KIND_GUEST_CPU,
    DOMUS_GRAPH_KIND_HOST_CPU,
    DOMUS_GRAPH_KIND_MEMORY,
    DOMUS_GRAPH_KIND_DISK_IO,
    DOMUS_GRAPH_KIND_NETWORK_IO,
} DomusGraphKind;

#define DOMUS_TYPE_GRAPH_KIND (domus_graph_kind_get_type ())
GType domus_graph_kind_get_type (void);

#define DOMUS_TYPE_CELL_RENDERER_SPARKLINE (domus_cell_renderer_sparkline_get_type ())
G_DECLARE_FINAL_TYPE (DomusCellRendererSparkline, domus_cell_renderer_sparkline,
                      DOMUS, CELL_RENDERER_SPARKLINE, GtkCellRenderer)

GtkCellRenderer *domus_cell_renderer_sparkline_new       (DomusGraphKind kind);
/* The ring is borrowed for one draw: set it in the column's cell data func. */
void             domus_cell_renderer_sparkline_set_data  (DomusCellRendererSparkline *self,
                                                          const DomusStatsRing *ring,
                                                          DomusStatsScale scale);
/* For memory: the amounts behind the percentage, said to assistive
 * technology ("1.5 GiB of 2.0 GiB"); set_data() forgets them. */
void             domus_cell_renderer_sparkline_set_amounts (DomusCellRendererSparkline *self,
                                                            guint64 used_bytes,
                                                            guint64 total_bytes);
/* What the cell shows, in words ("Guest CPU 12 %"); NULL when it shows
 * nothing. */
char            *domus_cell_renderer_sparkline_describe  (DomusCellRendererSparkline *self);

/* DomusGraph: a large history graph (host window), drawn from a ring. */
#define DOMUS_TYPE_GRAPH (domus_graph_get_type ())
G_DECLARE_FINAL_TYPE (DomusGraph, domus_graph, DOMUS, GRAPH, GtkDrawingArea)

GtkWidget       *domus_graph_new                         (void);
/* @ring must outlive the graph or be replaced; the graph redraws on
 * domus_graph_update(). */
void             domus_graph_set_ring                    (DomusGraph *self,
                                                          const DomusStatsRing *ring,
                                                          DomusStatsScale scale);
void             domus_graph_update                      (DomusGraph *self);

/* "12 %", "3.4 MB/s": the text shown beside a graph. */
char            *domus_format_stat                       (DomusStatsScale scale,
                                                          double value);

G_END_DECLS
