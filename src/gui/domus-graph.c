/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sparkline cell renderer. Percentages are drawn against 0..100 %;
 * rates against the largest sample shown, so a quiet guest's small traffic
 * is still visible. The newest sample is at the right edge, one sample per
 * two pixels, and the latest value is written over the graph.
 */
#include "config.h"

#include "domus-graph.h"

#include <math.h>

#include <glib/gi18n.h>

#define PX_PER_SAMPLE 2.0

struct _DomusCellRendererSparkline {
    GtkCellRenderer parent_instance;

    const DomusStatsRing *ring;   /* borrowed, valid during one render */
    DomusStatsScale scale;
    PangoLayout *layout;          /* reused by every render */
};

G_DEFINE_FINAL_TYPE (DomusCellRendererSparkline, domus_cell_renderer_sparkline,
                     GTK_TYPE_CELL_RENDERER)

/* Into a caller's buffer, so that drawing allocates nothing. */
static void
format_stat (DomusStatsScale scale, double value, char *buf, gsize size)
{
    static const char *const units[] = { N_("B/s"), N_("kB/s"), N_("MB/s"), N_("GB/s"),
                                         N_("TB/s") };
    guint u = 0;

    if (scale == DOMUS_STATS_SCALE_PERCENT) {
        /* Translators: a percentage, e.g. "12 %" */
        g_snprintf (buf, size, _("%.0f %%"), value);
        return;
    }
    while (value >= 1000 && u + 1 < G_N_ELEMENTS (units)) {
        value /= 1000;
        u++;
    }
    /* Translators: a rate: number, then unit, e.g. "3.4 MB/s" */
    g_snprintf (buf, size, _("%.*f %s"), u == 0 || value >= 100 ? 0 : 1, value, _(units[u]));
}

char *
domus_format_stat (DomusStatsScale scale, double value)
{
    char buf[64];

    format_stat (scale, value, buf, sizeof buf);
    return g_strdup (buf);
}

static void
domus_cell_renderer_sparkline_get_preferred_width (GtkCellRenderer *cell, GtkWidget *widget,
                                                   int *minimum, int *natural)
{
    *minimum = 60;
    *natural = 120;
}

static void
domus_cell_renderer_sparkline_get_preferred_height (GtkCellRenderer *cell, GtkWidget *widget,
                                                    int *minimum, int *natural)
{
    *minimum = 16;
    *natural = 20;
}

static void
domus_cell_renderer_sparkline_render (GtkCellRenderer *cell, cairo_t *cr, GtkWidget *widget,
                                      const GdkRectangle *background_area,
                                      const GdkRectangle *cell_area,
                                      GtkCellRendererState flags)
{
    DomusCellRendererSparkline *self = DOMUS_CELL_RENDERER_SPARKLINE (cell);
    GtkStyleContext *style = gtk_widget_get_style_context (widget);
    const DomusStatsRing *ring = self->ring;
    double x0 = cell_area->x + 2, y0 = cell_area->y + 2;
    double w = cell_area->width - 4, h = cell_area->height - 4;
    guint len, n, max_raw = 1;
    GdkRGBA fg;
    char label[64];

    if (ring == NULL || w < 4 || h < 4 || (len = domus_stats_ring_get_len (ring)) == 0)
        return;

    gtk_style_context_get_color (style, gtk_style_context_get_state (style), &fg);
    n = MIN (len, (guint) (w / PX_PER_SAMPLE) + 1);

    if (self->scale == DOMUS_STATS_SCALE_PERCENT) {
        max_raw = domus_stats_encode (DOMUS_STATS_SCALE_PERCENT, 100.0);
    } else {
        for (guint age = 0; age < n; age++)
            max_raw = MAX (max_raw, domus_stats_ring_get_raw (ring, age));
    }

    /* The area under the line, then the line. */
    cairo_save (cr);
    cairo_rectangle (cr, cell_area->x, cell_area->y, cell_area->width, cell_area->height);
    cairo_clip (cr);
    cairo_move_to (cr, x0 + w, y0 + h);
    for (guint age = 0; age < n; age++) {
        double v = domus_stats_ring_get_raw (ring, age) / (double) max_raw;

        cairo_line_to (cr, x0 + w - age * PX_PER_SAMPLE, y0 + h - v * h);
    }
    cairo_line_to (cr, x0 + w - (n - 1) * PX_PER_SAMPLE, y0 + h);
    cairo_close_path (cr);
    cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, (flags & GTK_CELL_RENDERER_SELECTED) ? 0.5 : 0.25);
    cairo_fill_preserve (cr);
    cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 1.0);
    cairo_set_line_width (cr, 1.0);
    cairo_stroke (cr);

    /* The latest value, in the theme's text colour. */
    format_stat (self->scale, domus_stats_ring_get (ring, self->scale, 0), label, sizeof label);
    if (self->layout == NULL)
        self->layout = gtk_widget_create_pango_layout (widget, NULL);
    pango_layout_set_text (self->layout, label, -1);
    {
        int lw, lh;

        pango_layout_get_pixel_size (self->layout, &lw, &lh);
        gdk_cairo_set_source_rgba (cr, &fg);
        cairo_move_to (cr, x0 + 2, y0 + (h - lh) / 2);
        pango_cairo_show_layout (cr, self->layout);
    }
    cairo_restore (cr);
}

static void
domus_cell_renderer_sparkline_finalize (GObject *object)
{
    g_clear_object (&DOMUS_CELL_RENDERER_SPARKLINE (object)->layout);
    G_OBJECT_CLASS (domus_cell_renderer_sparkline_parent_class)->finalize (object);
}

static void
domus_cell_renderer_sparkline_class_init (DomusCellRendererSparklineClass *klass)
{
    GtkCellRendererClass *cell_class = GTK_CELL_RENDERER_CLASS (klass);

    G_OBJECT_CLASS (klass)->finalize = domus_cell_renderer_sparkline_finalize;
    cell_class->get_preferred_width = domus_cell_renderer_sparkline_get_preferred_width;
    cell_class->get_preferred_height = domus_cell_renderer_sparkline_get_preferred_height;
    cell_class->render = domus_cell_renderer_sparkline_render;
}

static void
domus_cell_renderer_sparkline_init (DomusCellRendererSparkline *self)
{
}

GtkCellRenderer *
domus_cell_renderer_sparkline_new (void)
{
    return g_object_new (DOMUS_TYPE_CELL_RENDERER_SPARKLINE, NULL);
}

void
domus_cell_renderer_sparkline_set_data (DomusCellRendererSparkline *self,
                                        const DomusStatsRing *ring, DomusStatsScale scale)
{
    g_return_if_fail (DOMUS_IS_CELL_RENDERER_SPARKLINE (self));

    self->ring = ring;
    self->scale = scale;
}

/* ---- DomusGraph --------------------------------------------------------- */

struct _DomusGraph {
    GtkDrawingArea parent_instance;

    const DomusStatsRing *ring;
    DomusStatsScale scale;
};

G_DEFINE_FINAL_TYPE (DomusGraph, domus_graph, GTK_TYPE_DRAWING_AREA)

static gboolean
domus_graph_draw (GtkWidget *widget, cairo_t *cr)
{
    DomusGraph *self = DOMUS_GRAPH (widget);
    GtkStyleContext *style = gtk_widget_get_style_context (widget);
    double w = gtk_widget_get_allocated_width (widget);
    double h = gtk_widget_get_allocated_height (widget);
    guint len = self->ring ? domus_stats_ring_get_len (self->ring) : 0;
    guint n, max_raw = 1;
    GdkRGBA fg;

    gtk_render_background (style, cr, 0, 0, w, h);
    gtk_style_context_get_color (style, gtk_style_context_get_state (style), &fg);

    /* Quarter lines. */
    cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.15);
    cairo_set_line_width (cr, 1.0);
    for (int i = 1; i < 4; i++) {
        cairo_move_to (cr, 0, floor (h * i / 4) + 0.5);
        cairo_line_to (cr, w, floor (h * i / 4) + 0.5);
    }
    cairo_stroke (cr);
    if (len == 0)
        return FALSE;

    n = MIN (len, (guint) (w / PX_PER_SAMPLE) + 1);
    if (self->scale == DOMUS_STATS_SCALE_PERCENT) {
        max_raw = domus_stats_encode (DOMUS_STATS_SCALE_PERCENT, 100.0);
    } else {
        for (guint age = 0; age < n; age++)
            max_raw = MAX (max_raw, domus_stats_ring_get_raw (self->ring, age));
    }

    cairo_move_to (cr, w, h);
    for (guint age = 0; age < n; age++) {
        double v = domus_stats_ring_get_raw (self->ring, age) / (double) max_raw;

        cairo_line_to (cr, w - age * PX_PER_SAMPLE, h - v * (h - 2));
    }
    cairo_line_to (cr, w - (n - 1) * PX_PER_SAMPLE, h);
    cairo_close_path (cr);
    cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.25);
    cairo_fill_preserve (cr);
    cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 1.0);
    cairo_set_line_width (cr, 1.5);
    cairo_stroke (cr);
    return FALSE;
}

static void
domus_graph_class_init (DomusGraphClass *klass)
{
    GTK_WIDGET_CLASS (klass)->draw = domus_graph_draw;
    gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "domus-graph");
}

static void
domus_graph_init (DomusGraph *self)
{
    gtk_widget_set_size_request (GTK_WIDGET (self), 240, 100);
}

GtkWidget *
domus_graph_new (void)
{
    return g_object_new (DOMUS_TYPE_GRAPH, NULL);
}

void
domus_graph_set_ring (DomusGraph *self, const DomusStatsRing *ring, DomusStatsScale scale)
{
    g_return_if_fail (DOMUS_IS_GRAPH (self));

    self->ring = ring;
    self->scale = scale;
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
domus_graph_update (DomusGraph *self)
{
    g_return_if_fail (DOMUS_IS_GRAPH (self));

    if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        gtk_widget_queue_draw (GTK_WIDGET (self));
}
