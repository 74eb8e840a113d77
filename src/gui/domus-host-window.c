/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host window. It redraws its graphs when the host's poller reports a
 * tick, and only while it is shown; its texts follow the connection. Its
 * header bar's menu holds the host's actions (Evacuate Host…).
 */
#include "config.h"

#include "domus-host-window.h"

#include <glib/gi18n.h>

#include "domus-application.h"
#include "domus-graph.h"
#include "domus-host-backups-page.h"
#include "domus-migrate-batch-dialog.h"
#include "domus-storage-page.h"
#include "domus-networks-page.h"
#include "domus-window-close.h"

#define WINDOW_KEY "domus-host-window"

struct _DomusHostWindow {
    GtkApplicationWindow parent_instance;

    DomusConnection *conn;
    GtkHeaderBar *header_bar;
    GtkStack *stack;
    GtkLabel *hostname_label;
    GtkLabel *hypervisor_label;
    GtkLabel *libvirt_label;
    GtkLabel *cpu_label;
    GtkLabel *memory_label;
    GtkLabel *state_label;
    GtkLabel *cpu_value;
    GtkLabel *memory_value;
    DomusGraph *cpu_graph;
    DomusGraph *memory_graph;
};

G_DEFINE_FINAL_TYPE (DomusHostWindow, domus_host_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
    SIGNAL_CLOSE,
    N_SIGNALS
};

static guint signals [N_SIGNALS];

enum {
    PROP_0,
    PROP_CONNECTION,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_stats (DomusHostWindow *self)
{
    const DomusHostStats *hs =
        domus_poller_get_host_stats (domus_connection_get_poller (self->conn));
    g_autofree char *cpu = NULL;
    g_autofree char *mem = NULL;

    if (domus_stats_ring_get_len (&hs->cpu) > 0)
        cpu = domus_format_stat (DOMUS_STATS_SCALE_PERCENT,
                                 domus_stats_ring_get (&hs->cpu, DOMUS_STATS_SCALE_PERCENT, 0));
    if (hs->memory_total_kib > 0) {
        g_autofree char *used = g_format_size_full (hs->memory_used_kib * 1024,
                                                    G_FORMAT_SIZE_IEC_UNITS);
        g_autofree char *total = g_format_size_full (hs->memory_total_kib * 1024,
                                                     G_FORMAT_SIZE_IEC_UNITS);

        /* Translators: memory in use of the total, e.g. "12.0 GiB of 128.0 GiB" */
        mem = g_strdup_printf (_("%s of %s"), used, total);
    }
    gtk_label_set_text (self->cpu_value, cpu ? cpu : "");
    gtk_label_set_text (self->memory_value, mem ? mem : "");
    domus_graph_update (self->cpu_graph);
    domus_graph_update (self->memory_graph);
}

static void
update_info (DomusHostWindow *self)
{
    const DomusHostInfo *info = domus_connection_get_host_info (self->conn);
    const char *error = domus_connection_get_error_message (self->conn);
    const char *state = domus_connection_state_to_string (domus_connection_get_state (self->conn));
    g_autofree char *state_text = error ? g_strdup_printf ("%s: %s", state, error)
                                        : g_strdup (state);

    gtk_window_set_title (GTK_WINDOW (self), domus_connection_get_display_name (self->conn));
    gtk_header_bar_set_title (self->header_bar, domus_connection_get_display_name (self->conn));
    gtk_header_bar_set_subtitle (self->header_bar, domus_connection_get_uri (self->conn));
    gtk_label_set_text (self->state_label, state_text);
    if (info == NULL)
        return;

    gtk_label_set_text (self->hostname_label, info->hostname ? info->hostname : "");
    {
        g_autofree char *hv = info->hypervisor_version
                            ? g_strdup_printf ("%s %s", info->hypervisor, info->hypervisor_version)
                            : g_strdup (info->hypervisor);

        gtk_label_set_text (self->hypervisor_label, hv ? hv : "");
    }
    gtk_label_set_text (self->libvirt_label, info->libvirt_version ? info->libvirt_version : "");
    {
        /* Translators: CPU model, count and speed, e.g. "x86_64, 32 CPUs at 2900 MHz" */
        g_autofree char *cpu = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%s, %u CPU at %u MHz",
                                                             "%s, %u CPUs at %u MHz",
                                                             info->cpus),
                                                info->cpu_model ? info->cpu_model : "",
                                                info->cpus, info->mhz);
        g_autofree char *mem = g_format_size_full (info->memory_kib * 1024,
                                                   G_FORMAT_SIZE_IEC_UNITS);

        gtk_label_set_text (self->cpu_label, cpu);
        gtk_label_set_text (self->memory_label, mem);
    }
}

/* A window to look at, like a dialog: Escape closes it (the "close"
 * keybinding signal, as GtkDialog has), and Ctrl+W (win.close). */
static void
domus_host_window_close (DomusHostWindow *self)
{
    domus_window_close (GTK_WINDOW (self));
}

static void
close_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    domus_host_window_close (user_data);
}

/* The hosts a guest can go to: the application's, when there is one. */
static GListModel *
window_hosts (DomusHostWindow *self)
{
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

    return DOMUS_IS_APPLICATION (app)
           ? domus_application_get_connections (DOMUS_APPLICATION (app)) : NULL;
}

/* Evacuate Host…: the same dialog as the manager window's host menu. */
static void
host_evacuate_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusHostWindow *self = user_data;
    GListModel *hosts = window_hosts (self);

    if (hosts == NULL ||
        domus_connection_get_state (self->conn) != DOMUS_CONNECTION_STATE_CONNECTED)
        return;
    gtk_window_present (GTK_WINDOW (domus_migrate_batch_dialog_new (GTK_WINDOW (self),
                                                                    self->conn, NULL, hosts)));
}

static void
update_actions (DomusHostWindow *self)
{
    GAction *evacuate = g_action_map_lookup_action (G_ACTION_MAP (self), "host-evacuate");

    g_simple_action_set_enabled (G_SIMPLE_ACTION (evacuate),
                                 window_hosts (self) != NULL &&
                                 domus_connection_get_state (self->conn) ==
                                 DOMUS_CONNECTION_STATE_CONNECTED);
}

static const GActionEntry win_actions[] = {
    { "close", close_activated, NULL, NULL, NULL },
    { "host-evacuate", host_evacuate_activated, NULL, NULL, NULL },
};

static void
domus_host_window_constructed (GObject *object)
{
    DomusHostWindow *self = DOMUS_HOST_WINDOW (object);
    DomusPoller *poller = domus_connection_get_poller (self->conn);
    const DomusHostStats *hs = domus_poller_get_host_stats (poller);

    G_OBJECT_CLASS (domus_host_window_parent_class)->constructed (object);

    g_object_set_data (G_OBJECT (self->conn), WINDOW_KEY, self);
    domus_graph_set_ring (self->cpu_graph, &hs->cpu, DOMUS_STATS_SCALE_PERCENT);
    domus_graph_set_ring (self->memory_graph, &hs->memory, DOMUS_STATS_SCALE_PERCENT);
    g_signal_connect_object (self->conn, "notify", G_CALLBACK (update_info), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (self->conn, "notify::state", G_CALLBACK (update_actions), self,
                             G_CONNECT_SWAPPED);
    /* g_object_new() sets the application after construction. */
    g_signal_connect (self, "notify::application", G_CALLBACK (update_actions), NULL);
    update_actions (self);
    g_signal_connect_object (poller, "updated", G_CALLBACK (update_stats), self,
                             G_CONNECT_SWAPPED);
    update_info (self);
    update_stats (self);
    gtk_stack_add_titled (self->stack, GTK_WIDGET (domus_storage_page_new (self->conn)),
                          "storage", _("Storage"));
    gtk_stack_add_titled (self->stack, GTK_WIDGET (domus_networks_page_new (self->conn)),
                          "networks", _("Networks"));
    gtk_stack_add_titled (self->stack, GTK_WIDGET (domus_host_backups_page_new (self->conn)),
                          "backups", _("Backups"));
}

static void
domus_host_window_get_property (GObject *object, guint prop_id, GValue *value,
                                GParamSpec *pspec)
{
    DomusHostWindow *self = DOMUS_HOST_WINDOW (object);

    switch (prop_id) {
    case PROP_CONNECTION:
        g_value_set_object (value, self->conn);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_host_window_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
    DomusHostWindow *self = DOMUS_HOST_WINDOW (object);

    switch (prop_id) {
    case PROP_CONNECTION:
        self->conn = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_host_window_dispose (GObject *object)
{
    DomusHostWindow *self = DOMUS_HOST_WINDOW (object);

    if (self->conn != NULL) {
        if (g_object_get_data (G_OBJECT (self->conn), WINDOW_KEY) == self)
            g_object_set_data (G_OBJECT (self->conn), WINDOW_KEY, NULL);
        g_clear_object (&self->conn);
    }
    G_OBJECT_CLASS (domus_host_window_parent_class)->dispose (object);
}

static void
domus_host_window_class_init (DomusHostWindowClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    G_OBJECT_CLASS (klass)->constructed = domus_host_window_constructed;
    G_OBJECT_CLASS (klass)->dispose = domus_host_window_dispose;
    G_OBJECT_CLASS (klass)->get_property = domus_host_window_get_property;
    G_OBJECT_CLASS (klass)->set_property = domus_host_window_set_property;

    /* The host shown. */
    properties[PROP_CONNECTION] =
        g_param_spec_object ("connection", NULL, NULL, DOMUS_TYPE_CONNECTION,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);

    signals[SIGNAL_CLOSE] = g_signal_new_class_handler ("close", G_TYPE_FROM_CLASS (klass),
                                                        G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                                                        G_CALLBACK (domus_host_window_close),
                                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
    gtk_binding_entry_add_signal (gtk_binding_set_by_class (klass), GDK_KEY_Escape, 0,
                                  "close", 0);

    g_type_ensure (DOMUS_TYPE_GRAPH);
    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/domusvm/Domus/domus-host-window.ui");
    gtk_widget_class_bind_template_child (widget_class, DomusHostWindow, header_bar);
    gtk_widget_class_bind_template_child (widget_class, DomusHostWindow, stack);
    gtk_widget_class_bind_template_child (widget_class, DomusHostWindow, hostname_label);
    gtk_widget_class_bind_template_child (widget_class, DomusHostWindow, hypervisor_label);
    gtk_widget_class_bind_template_child (widget_class, DomusHostWindow, libvirt_label);
    gtk_widget_class_bind_template_child (widget_class, DomusHostWindow, cpu_label);
    gtk_widget_class_bind_template_child (widget_class, DomusHostWindow, memory_label);
    gtk_widget_class_bind_template_child (widget_class, DomusHostWindow, state_label);
    gtk_widget_class_bind_template_child (widget_class, DomusHostWindow, cpu_value);
    gtk_widget_class_bind_template_child (widget_class, DomusHostWindow, memory_value);
    gtk_widget_class_bind_template_child (widget_class, DomusHostWindow, cpu_graph);
    gtk_widget_class_bind_template_child (widget_class, DomusHostWindow, memory_graph);
}

static void
domus_host_window_init (DomusHostWindow *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                     G_N_ELEMENTS (win_actions), self);
}

DomusHostWindow *
domus_host_window_get_for_connection (DomusConnection *conn, GtkWindow *parent)
{
    DomusHostWindow *self;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);

    self = g_object_get_data (G_OBJECT (conn), WINDOW_KEY);
    if (self != NULL)
        return self;

    /* The application's accelerators (Ctrl+W) reach its windows. */
    return g_object_new (DOMUS_TYPE_HOST_WINDOW, "transient-for", parent,
                         "application",
                         parent != NULL ? gtk_window_get_application (parent) : NULL,
                         "connection", conn, NULL);
}
