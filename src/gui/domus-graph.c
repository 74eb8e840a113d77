/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The graphs. Percentages are drawn against 0..100 %; rates against the
 * largest sample shown, so a quiet guest's small traffic is still visible.
 * In a cell, the latest value is written at the left and the history fills
 * the rest, newest at the right edge, one sample per pixel. The line is
 * the theme's accent colour, or on a selected row (whose background is
 * that accent) the row's text colour.
 */
#include "config.h"

#include "domus-graph.h"
#include "domus-graph-cell-accessible.h"

#include <math.h>

#include <glib/gi18n.h>

/* Cells: one sample per pixel, so a graph 150 px wide shows 7.5 minutes at
 * the default 3 s interval. The host window's graph is larger and coarser. */
#define CELL_PX_PER_SAMPLE 1.0
#define GRAPH_PX_PER_SAMPLE 2.0
/* Tall enough to read a level at a glance; the rows grow to fit. */
#define CELL_GRAPH_HEIGHT 28
#define CELL_LABEL_GAP 6

G_DEFINE_ENUM_TYPE (DomusGraphKind, domus_graph_kind,
    G_DEFINE_ENUM_VALUE (DOMUS_GRAPH_KIND_GUEST_CPU, "guest-cpu"),
    G_DEFINE_ENUM_VALUE (DOMUS_GRAPH_KIND_HOST_CPU, "host-cpu"),
    G_DEFINE_ENUM_VALUE (DOMUS_GRAPH_KIND_MEMORY, "memory"),
    G_DEFINE_ENUM_VALUE (DOMUS_GRAPH_KIND_DISK_IO, "disk-io"),
    G_DEFINE_ENUM_VALUE (DOMUS_GRAPH_KIND_NETWORK_IO, "network-io"))

struct _DomusCellRendererSparkline {
    GtkCellRenderer parent_instance;

    DomusGraphKind kind;
    const DomusStatsRing *ring;   /* borrowed, valid during one render */
    DomusStatsScale scale;
    guint64 used_bytes;           /* memory: the amounts behind the % */
    guint64 total_bytes;
    PangoLayout *layout;          /* reused by every render */
    guint label_serial;           /* the font the widths below were measured in */
    int label_width[2];           /* widest value text, per DomusStatsScale */
};

G_DEFINE_FINAL_TYPE (DomusCellRendererSparkline, domus_cell_renderer_sparkline,
                     GTK_TYPE_CELL_RENDERER)

enum {
    PROP_0,
    PROP_KIND,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

/* The line colour: the theme's accent, or the text colour where the
 * background is the accent (a selected row). */
static void
line_color (GtkStyleContext *style, GtkStateFlags state, GdkRGBA *color)
{
    if ((state & GTK_STATE_FLAG_SELECTED) ||
        !gtk_style_context_lookup_color (style, "theme_selected_bg_color", color))
        gtk_style_context_get_color (style, state, color);
}

/* The history, newest at the right edge of the box, as a filled area under
 * a line, against 0..100 % or the largest rate shown. */
static void
draw_history (cairo_t *cr, const DomusStatsRing *ring, DomusStatsScale scale,
              double x, double y, double w, double h, double px_per_sample,
              const GdkRGBA *color, double line_width)
{
    guint len = domus_stats_ring_get_len (ring);
    guint n = MIN (len, (guint) (w / px_per_sample) + 1);
    guint max_raw = 1;

    if (n == 0)
        return;
    if (scale == DOMUS_STATS_SCALE_PERCENT) {
        max_raw = domus_stats_encode (DOMUS_STATS_SCALE_PERCENT, 100.0);
    } else {
        for (guint age = 0; age < n; age++)
            max_raw = MAX (max_raw, domus_stats_ring_get_raw (ring, age));
    }

    /* The line's middle stays inside the box, so a full or empty graph
     * still shows its whole line. */
    y += line_width / 2;
    h -= line_width;
    cairo_move_to (cr, x + w, y + h);
    for (guint age = 0; age < n; age++) {
        double v = domus_stats_ring_get_raw (ring, age) / (double) max_raw;

        cairo_line_to (cr, x + w - age * px_per_sample, y + h - v * h);
    }
    cairo_line_to (cr, x + w - (n - 1) * px_per_sample, y + h);
    cairo_close_path (cr);
    cairo_set_source_rgba (cr, color->red, color->green, color->blue, 0.35 * color->alpha);
    cairo_fill_preserve (cr);
    gdk_cairo_set_source_rgba (cr, color);
    cairo_set_line_width (cr, line_width);
    cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke (cr);
}

static void
domus_cell_renderer_sparkline_get_preferred_width (GtkCellRenderer *cell, GtkWidget *widget,
                                                   int *minimum, int *natural)
{
    *minimum = 60;
    *natural = 180;
}

static void
domus_cell_renderer_sparkline_get_preferred_height (GtkCellRenderer *cell, GtkWidget *widget,
                                                    int *minimum, int *natural)
{
    int xpad, ypad;

    /* GtkTreeView gives rows the cells' minimum height. */
    gtk_cell_renderer_get_padding (cell, &xpad, &ypad);
    *minimum = *natural = CELL_GRAPH_HEIGHT + 2 * ypad;
}

/* The widest value text of each scale, measured again when the font
 * changes, so that values line up and the graphs start at one place. */
static void
measure_labels (DomusCellRendererSparkline *self, GtkWidget *widget)
{
    static const double rates[] = { 999, 99.9e3, 999e3, 99.9e6, 999e6, 99.9e9, 999e9 };
    PangoContext *context = gtk_widget_get_pango_context (widget);
    char text[64];
    int lw, lh;

    if (self->layout == NULL) {
        self->layout = gtk_widget_create_pango_layout (widget, NULL);
    } else if (self->label_serial == pango_context_get_serial (context)) {
        return;
    } else {
        pango_layout_context_changed (self->layout);
    }
    self->label_serial = pango_context_get_serial (context);

    format_stat (DOMUS_STATS_SCALE_PERCENT, 100, text, sizeof text);
    pango_layout_set_text (self->layout, text, -1);
    pango_layout_get_pixel_size (self->layout, &lw, &lh);
    self->label_width[DOMUS_STATS_SCALE_PERCENT] = lw;

    self->label_width[DOMUS_STATS_SCALE_RATE] = 0;
    for (guint i = 0; i < G_N_ELEMENTS (rates); i++) {
        format_stat (DOMUS_STATS_SCALE_RATE, rates[i], text, sizeof text);
        pango_layout_set_text (self->layout, text, -1);
        pango_layout_get_pixel_size (self->layout, &lw, &lh);
        self->label_width[DOMUS_STATS_SCALE_RATE] =
            MAX (self->label_width[DOMUS_STATS_SCALE_RATE], lw);
    }
}

static void
domus_cell_renderer_sparkline_render (GtkCellRenderer *cell, cairo_t *cr, GtkWidget *widget,
                                      const GdkRectangle *background_area,
                                      const GdkRectangle *cell_area,
                                      GtkCellRendererState flags)
{
    DomusCellRendererSparkline *self = DOMUS_CELL_RENDERER_SPARKLINE (cell);
    GtkStyleContext *style = gtk_widget_get_style_context (widget);
    GtkStateFlags state = gtk_style_context_get_state (style);
    const DomusStatsRing *ring = self->ring;
    double x, y, w, h, graph_x;
    int xpad, ypad, label_w, lw, lh;
    GdkRGBA fg, line;
    char label[64];

    gtk_cell_renderer_get_padding (cell, &xpad, &ypad);
    x = cell_area->x + xpad;
    y = cell_area->y + ypad;
    w = cell_area->width - 2 * xpad;
    h = cell_area->height - 2 * ypad;
    if (ring == NULL || w < 4 || h < 4 || domus_stats_ring_get_len (ring) == 0)
        return;

    /* GtkTreeView sets the row's state (selected, backdrop…) on its style
     * context while it renders the row's cells. */
    gtk_style_context_get_color (style, state, &fg);
    line_color (style, state, &line);
    measure_labels (self, widget);
    label_w = self->label_width[self->scale];

    cairo_save (cr);
    cairo_rectangle (cr, cell_area->x, cell_area->y, cell_area->width, cell_area->height);
    cairo_clip (cr);

    /* The latest value, right-aligned in its place, in the text colour. */
    format_stat (self->scale, domus_stats_ring_get (ring, self->scale, 0), label, sizeof label);
    pango_layout_set_text (self->layout, label, -1);
    pango_layout_get_pixel_size (self->layout, &lw, &lh);
    gdk_cairo_set_source_rgba (cr, &fg);
    cairo_move_to (cr, x + MAX (label_w - lw, 0), y + floor ((h - lh) / 2));
    pango_cairo_show_layout (cr, self->layout);

    /* The history in the rest, over a faint track that shows its extent
     * when the guest is idle. */
    graph_x = x + label_w + CELL_LABEL_GAP;
    if (x + w - graph_x >= 8) {
        cairo_rectangle (cr, graph_x, y, x + w - graph_x, h);
        cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.08 * fg.alpha);
        cairo_fill (cr);
        draw_history (cr, ring, self->scale, graph_x, y, x + w - graph_x, h,
                      CELL_PX_PER_SAMPLE, &line, 1.5);
    }
    cairo_restore (cr);
}

static void
domus_cell_renderer_sparkline_get_property (GObject *object, guint prop_id, GValue *value,
                                            GParamSpec *pspec)
{
    DomusCellRendererSparkline *self = DOMUS_CELL_RENDERER_SPARKLINE (object);

    switch (prop_id) {
    case PROP_KIND:
        g_value_set_enum (value, self->kind);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_cell_renderer_sparkline_set_property (GObject *object, guint prop_id,
                                            const GValue *value, GParamSpec *pspec)
{
    DomusCellRendererSparkline *self = DOMUS_CELL_RENDERER_SPARKLINE (object);

    switch (prop_id) {
    case PROP_KIND:
        self->kind = g_value_get_enum (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkCellRendererClass *cell_class = GTK_CELL_RENDERER_CLASS (klass);

    object_class->finalize = domus_cell_renderer_sparkline_finalize;
    object_class->get_property = domus_cell_renderer_sparkline_get_property;
    object_class->set_property = domus_cell_renderer_sparkline_set_property;
    cell_class->get_preferred_width = domus_cell_renderer_sparkline_get_preferred_width;
    cell_class->get_preferred_height = domus_cell_renderer_sparkline_get_preferred_height;
    cell_class->render = domus_cell_renderer_sparkline_render;

    /* What the graph shows: decides how it is said to assistive technology. */
    properties[PROP_KIND] =
        g_param_spec_enum ("kind", NULL, NULL, DOMUS_TYPE_GRAPH_KIND,
                           DOMUS_GRAPH_KIND_GUEST_CPU,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    gtk_cell_renderer_class_set_accessible_type (cell_class,
                                                 DOMUS_TYPE_GRAPH_CELL_ACCESSIBLE);
}

static void
domus_cell_renderer_sparkline_init (DomusCellRendererSparkline *self)
{
    /* Room between the graphs of neighbouring rows. */
    gtk_cell_renderer_set_padding (GTK_CELL_RENDERER (self), 0, 2);
}

GtkCellRenderer *
domus_cell_renderer_sparkline_new (DomusGraphKind kind)
{
    return g_object_new (DOMUS_TYPE_CELL_RENDERER_SPARKLINE, "kind", kind, NULL);
}

void
domus_cell_renderer_sparkline_set_data (DomusCellRendererSparkline *self,
                                        const DomusStatsRing *ring, DomusStatsScale scale)
{
    g_return_if_fail (DOMUS_IS_CELL_RENDERER_SPARKLINE (self));

    self->ring = ring;
    self->scale = scale;
    self->used_bytes = self->total_bytes = 0;
}

void
domus_cell_renderer_sparkline_set_amounts (DomusCellRendererSparkline *self,
                                           guint64 used_bytes, guint64 total_bytes)
{
    g_return_if_fail (DOMUS_IS_CELL_RENDERER_SPARKLINE (self));

    self->used_bytes = used_bytes;
    self->total_bytes = total_bytes;
}

char *
domus_cell_renderer_sparkline_describe (DomusCellRendererSparkline *self)
{
    char value[64];

    g_return_val_if_fail (DOMUS_IS_CELL_RENDERER_SPARKLINE (self), NULL);

    if (self->ring == NULL || domus_stats_ring_get_len (self->ring) == 0)
        return NULL;
    format_stat (self->scale, domus_stats_ring_get (self->ring, self->scale, 0),
                 value, sizeof value);

    switch (self->kind) {
    case DOMUS_GRAPH_KIND_GUEST_CPU:
        /* Translators: a graph cell read aloud; %s is a percentage ("12 %") */
        return g_strdup_printf (_("Guest CPU %s"), value);
    case DOMUS_GRAPH_KIND_HOST_CPU:
        /* Translators: a graph cell read aloud; %s is a percentage ("12 %") */
        return g_strdup_printf (_("Host CPU %s"), value);
    case DOMUS_GRAPH_KIND_MEMORY:
        if (self->total_bytes > 0) {
            g_autofree char *used = g_format_size_full (self->used_bytes,
                                                        G_FORMAT_SIZE_IEC_UNITS);
            g_autofree char *total = g_format_size_full (self->total_bytes,
                                                         G_FORMAT_SIZE_IEC_UNITS);

            /* Translators: a graph cell read aloud: memory in use, then the
             * guest's (or host's) memory, e.g. "Memory 1.5 GiB of 2.0 GiB" */
            return g_strdup_printf (_("Memory %s of %s"), used, total);
        }
        /* Translators: a graph cell read aloud; %s is a percentage ("12 %") */
        return g_strdup_printf (_("Memory %s"), value);
    case DOMUS_GRAPH_KIND_DISK_IO:
        /* Translators: a graph cell read aloud; %s is a rate ("3.4 MB/s") */
        return g_strdup_printf (_("Disk I/O %s"), value);
    case DOMUS_GRAPH_KIND_NETWORK_IO:
    default:
        /* Translators: a graph cell read aloud; %s is a rate ("3.4 MB/s") */
        return g_strdup_printf (_("Network I/O %s"), value);
    }
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
    GtkStateFlags state = gtk_style_context_get_state (style);
    double w = gtk_widget_get_allocated_width (widget);
    double h = gtk_widget_get_allocated_height (widget);
    GdkRGBA fg, line;

    gtk_render_background (style, cr, 0, 0, w, h);
    gtk_style_context_get_color (style, state, &fg);

    /* Quarter lines. */
    cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.15);
    cairo_set_line_width (cr, 1.0);
    for (int i = 1; i < 4; i++) {
        cairo_move_to (cr, 0, floor (h * i / 4) + 0.5);
        cairo_line_to (cr, w, floor (h * i / 4) + 0.5);
    }
    cairo_stroke (cr);

    if (self->ring != NULL) {
        line_color (style, state, &line);
        draw_history (cr, self->ring, self->scale, 0, 0, w, h, GRAPH_PX_PER_SAMPLE,
                      &line, 1.5);
    }
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
