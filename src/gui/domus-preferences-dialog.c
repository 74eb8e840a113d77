/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The preferences, bound to the io.github.domusvm.Domus schema. The
 * statistics check boxes edit the `visible-columns` list, which decides
 * both the graph columns shown and the groups polled. The number fields
 * show their allowed range and say at once when what is typed is outside
 * it; such a value is never stored, nor silently changed into another.
 */
#include "config.h"

#include "domus-preferences-dialog.h"

#include <glib/gi18n.h>

static const char *const stat_keys[] = {
    "guest-cpu", "host-cpu", "memory", "disk-io", "network-io",
};

static const char *const confirm_keys[] = {
    "confirm-force-off", "confirm-force-reset", "confirm-reboot",
    "confirm-shutdown", "confirm-pause", "confirm-delete",
};

/* A number of seconds with its range and its error line. */
typedef struct {
    GtkSpinButton *spin;
    GtkLabel *range;
    GtkLabel *error;
} SecondsField;

enum { FIELD_POLL_INTERVAL, FIELD_SHUTDOWN_TIMEOUT, N_FIELDS };

struct _DomusPreferencesDialog {
    GtkDialog parent_instance;

    GSettings *settings;
    SecondsField fields[N_FIELDS];
    GtkToggleButton *stats[G_N_ELEMENTS (stat_keys)];
    GtkToggleButton *confirms[G_N_ELEMENTS (confirm_keys)];
    gboolean syncing;
};

G_DEFINE_FINAL_TYPE (DomusPreferencesDialog, domus_preferences_dialog, GTK_TYPE_DIALOG)

enum {
    PROP_0,
    PROP_SETTINGS,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

/* Checked as it is typed: the spin button would clamp 90 to 60 without a
 * word, or (update-policy if-valid) go back to the stored value. */
static void
seconds_changed_cb (GtkEditable *editable, SecondsField *field)
{
    const char *text = gtk_entry_get_text (GTK_ENTRY (field->spin));
    GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (field->spin));
    double lower, upper;
    guint64 value;

    gtk_spin_button_get_range (field->spin, &lower, &upper);
    if (g_ascii_string_to_unsigned (text, 10, (guint64) lower, (guint64) upper, &value, NULL)) {
        gtk_label_set_text (field->error, "");
        gtk_widget_hide (GTK_WIDGET (field->error));
        gtk_style_context_remove_class (style, "error");
        atk_object_set_description (gtk_widget_get_accessible (GTK_WIDGET (field->spin)), "");
    } else {
        g_autofree char *message =
            g_strdup_printf (_("Enter a whole number of seconds from %u to %u."),
                             (guint) lower, (guint) upper);

        gtk_label_set_text (field->error, message);
        gtk_widget_show (GTK_WIDGET (field->error));
        gtk_style_context_add_class (style, "error");
        atk_object_set_description (gtk_widget_get_accessible (GTK_WIDGET (field->spin)),
                                    message);
    }
}

static void
seconds_field_setup (SecondsField *field, guint lower, guint upper, guint step, guint page)
{
    g_autofree char *range = NULL;

    gtk_spin_button_set_range (field->spin, lower, upper);
    gtk_spin_button_set_increments (field->spin, step, page);
    /* TRANSLATORS: after a number field: its unit and the allowed range */
    range = g_strdup_printf (_("seconds (%u–%u)"), lower, upper);
    gtk_label_set_text (field->range, range);
    g_signal_connect (field->spin, "changed", G_CALLBACK (seconds_changed_cb), field);
}

static void
domus_preferences_dialog_constructed (GObject *object)
{
    DomusPreferencesDialog *self = DOMUS_PREFERENCES_DIALOG (object);
    GSettings *settings = self->settings;

    G_OBJECT_CLASS (domus_preferences_dialog_parent_class)->constructed (object);

    g_settings_bind_with_mapping (settings, "poll-interval",
                                  self->fields[FIELD_POLL_INTERVAL].spin, "value",
                                  G_SETTINGS_BIND_DEFAULT, uint_to_value, value_to_uint,
                                  NULL, NULL);
    g_settings_bind_with_mapping (settings, "shutdown-timeout",
                                  self->fields[FIELD_SHUTDOWN_TIMEOUT].spin, "value",
                                  G_SETTINGS_BIND_DEFAULT, uint_to_value, value_to_uint,
                                  NULL, NULL);
    for (guint i = 0; i < G_N_ELEMENTS (confirm_keys); i++)
        g_settings_bind (settings, confirm_keys[i], self->confirms[i], "active",
                         G_SETTINGS_BIND_DEFAULT);

    sync_stats_from_settings (self);
    for (guint i = 0; i < G_N_ELEMENTS (stat_keys); i++)
        g_signal_connect (self->stats[i], "toggled", G_CALLBACK (stat_toggled_cb), self);
    g_signal_connect_swapped (settings, "changed::visible-columns",
                              G_CALLBACK (sync_stats_from_settings), self);
}

static void
domus_preferences_dialog_get_property (GObject *object, guint prop_id, GValue *value,
                                       GParamSpec *pspec)
{
    DomusPreferencesDialog *self = DOMUS_PREFERENCES_DIALOG (object);

    switch (prop_id) {
    case PROP_SETTINGS:
        g_value_set_object (value, self->settings);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_preferences_dialog_set_property (GObject *object, guint prop_id,
                                       const GValue *value, GParamSpec *pspec)
{
    DomusPreferencesDialog *self = DOMUS_PREFERENCES_DIALOG (object);

    switch (prop_id) {
    case PROP_SETTINGS:
        self->settings = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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

    G_OBJECT_CLASS (klass)->constructed = domus_preferences_dialog_constructed;
    G_OBJECT_CLASS (klass)->dispose = domus_preferences_dialog_dispose;
    G_OBJECT_CLASS (klass)->get_property = domus_preferences_dialog_get_property;
    G_OBJECT_CLASS (klass)->set_property = domus_preferences_dialog_set_property;

    /* What the dialog edits: the application's settings. */
    properties[PROP_SETTINGS] =
        g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);

    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/domusvm/Domus/domus-preferences-dialog.ui");
    static const char *const field_ids[N_FIELDS] = {
        [FIELD_POLL_INTERVAL] = "poll_interval",
        [FIELD_SHUTDOWN_TIMEOUT] = "shutdown_timeout",
    };
    for (guint i = 0; i < N_FIELDS; i++) {
        g_autofree char *range_id = g_strconcat (field_ids[i], "_range", NULL);
        g_autofree char *error_id = g_strconcat (field_ids[i], "_error", NULL);
        gsize offset = G_STRUCT_OFFSET (DomusPreferencesDialog, fields) +
                       i * sizeof (SecondsField);

        gtk_widget_class_bind_template_child_full (
            widget_class, field_ids[i], FALSE, offset + G_STRUCT_OFFSET (SecondsField, spin));
        gtk_widget_class_bind_template_child_full (
            widget_class, range_id, FALSE, offset + G_STRUCT_OFFSET (SecondsField, range));
        gtk_widget_class_bind_template_child_full (
            widget_class, error_id, FALSE, offset + G_STRUCT_OFFSET (SecondsField, error));
    }
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
    seconds_field_setup (&self->fields[FIELD_POLL_INTERVAL], 1, 60, 1, 5);
    seconds_field_setup (&self->fields[FIELD_SHUTDOWN_TIMEOUT], 5, 3600, 5, 60);
}

GtkWidget *
domus_preferences_dialog_new (GtkWindow *parent, GSettings *settings)
{
    g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

    return g_object_new (DOMUS_TYPE_PREFERENCES_DIALOG, "transient-for", parent,
                         "use-header-bar", TRUE, "settings", settings, NULL);
}
