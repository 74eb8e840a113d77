/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The preferences, bound to the io.github.domusvm.Domus schema. The
 * statistics check boxes edit the `visible-columns` list, which decides
 * both the graph columns shown and the groups polled.
 */
#include "config.h"

#include "domus-preferences-dialog.h"

static const char *const stat_keys[] = {
    "guest-cpu", "host-cpu", "memory", "disk-io", "network-io",
};

static const char *const confirm_keys[] = {
    "confirm-force-off", "confirm-force-reset", "confirm-reboot",
    "confirm-shutdown", "confirm-pause", "confirm-delete",
};

struct _DomusPreferencesDialog {
    GtkDialog parent_instance;

    GSettings *settings;
    GtkSpinButton *poll_interval;
    GtkSpinButton *shutdown_timeout;
    GtkToggleButton *stats[G_N_ELEMENTS (stat_keys)];
    GtkToggleButton *confirms[G_N_ELEMENTS (confirm_keys)];
    gboolean syncing;
};

G_DEFINE_FINAL_TYPE (DomusPreferencesDialog, domus_preferences_dialog, GTK_TYPE_DIALOG)

static void
sync_stats_from_settings (DomusPreferencesDialog *self)
{
    g_auto(GStrv) visible = g_settings_get_strv (self->settings, "visible-columns");

    self->syncing = TRUE;
    for (guint i = 0; i < G_N_ELEMENTS (stat_keys); i++)
        gtk_toggle_button_set_active (self->stats[i],
                                      g_strv_contains ((const char *const *) visible,
                                                       stat_keys[i]));
    self->syncing = FALSE;
}

static void
stat_toggled_cb (GtkToggleButton *button, DomusPreferencesDialog *self)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) columns = NULL;

    if (self->syncing)
        return;
    for (guint i = 0; i < G_N_ELEMENTS (stat_keys); i++) {
        if (gtk_toggle_button_get_active (self->stats[i]))
            g_strv_builder_add (builder, stat_keys[i]);
    }
    columns = g_strv_builder_end (builder);
    g_settings_set_strv (self->settings, "visible-columns", (const char *const *) columns);
}

/* GSettings maps "u" keys to integer properties only; spin buttons hold a double. */
static gboolean
uint_to_value (GValue *value, GVariant *variant, gpointer user_data)
{
    g_value_set_double (value, g_variant_get_uint32 (variant));
    return TRUE;
}

static GVariant *
value_to_uint (const GValue *value, const GVariantType *type, gpointer user_data)
{
    return g_variant_new_uint32 ((guint32) g_value_get_double (value));
}

static void
domus_preferences_dialog_dispose (GObject *object)
{
    DomusPreferencesDialog *self = DOMUS_PREFERENCES_DIALOG (object);

    if (self->settings != NULL)
        g_signal_handlers_disconnect_by_data (self->settings, self);
    g_clear_object (&self->settings);
    G_OBJECT_CLASS (domus_preferences_dialog_parent_class)->dispose (object);
}

static void
domus_preferences_dialog_class_init (DomusPreferencesDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    static const char *const stat_ids[] = {
        "stat_guest_cpu", "stat_host_cpu", "stat_memory", "stat_disk", "stat_net",
    };
    static const char *const confirm_ids[] = {
        "confirm_force_off", "confirm_force_reset", "confirm_reboot",
        "confirm_shutdown", "confirm_pause", "confirm_delete",
    };

    G_OBJECT_CLASS (klass)->dispose = domus_preferences_dialog_dispose;

    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/domusvm/Domus/domus-preferences-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, DomusPreferencesDialog, poll_interval);
    gtk_widget_class_bind_template_child (widget_class, DomusPreferencesDialog,
                                          shutdown_timeout);
    for (guint i = 0; i < G_N_ELEMENTS (stat_ids); i++)
        gtk_widget_class_bind_template_child_full (
            widget_class, stat_ids[i], FALSE,
            G_STRUCT_OFFSET (DomusPreferencesDialog, stats) + i * sizeof (gpointer));
    for (guint i = 0; i < G_N_ELEMENTS (confirm_ids); i++)
        gtk_widget_class_bind_template_child_full (
            widget_class, confirm_ids[i], FALSE,
            G_STRUCT_OFFSET (DomusPreferencesDialog, confirms) + i * sizeof (gpointer));
}

static void
domus_preferences_dialog_init (DomusPreferencesDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    /* The ranges of the schema's keys. */
    gtk_spin_button_set_range (self->poll_interval, 1, 60);
    gtk_spin_button_set_increments (self->poll_interval, 1, 5);
    gtk_spin_button_set_range (self->shutdown_timeout, 5, 3600);
    gtk_spin_button_set_increments (self->shutdown_timeout, 5, 60);
}

GtkWidget *
domus_preferences_dialog_new (GtkWindow *parent, GSettings *settings)
{
    DomusPreferencesDialog *self;

    g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

    self = g_object_new (DOMUS_TYPE_PREFERENCES_DIALOG, "transient-for", parent,
                         "use-header-bar", TRUE, NULL);
    self->settings = g_object_ref (settings);

    g_settings_bind_with_mapping (settings, "poll-interval", self->poll_interval, "value",
                                  G_SETTINGS_BIND_DEFAULT, uint_to_value, value_to_uint,
                                  NULL, NULL);
    g_settings_bind_with_mapping (settings, "shutdown-timeout", self->shutdown_timeout,
                                  "value", G_SETTINGS_BIND_DEFAULT, uint_to_value,
                                  value_to_uint, NULL, NULL);
    for (guint i = 0; i < G_N_ELEMENTS (confirm_keys); i++)
        g_settings_bind (settings, confirm_keys[i], self->confirms[i], "active",
                         G_SETTINGS_BIND_DEFAULT);

    sync_stats_from_settings (self);
    for (guint i = 0; i < G_N_ELEMENTS (stat_keys); i++)
        g_signal_connect (self->stats[i], "toggled", G_CALLBACK (stat_toggled_cb), self);
    g_signal_connect_swapped (settings, "changed::visible-columns",
                              G_CALLBACK (sync_stats_from_settings), self);
    return GTK_WIDGET (self);
}
