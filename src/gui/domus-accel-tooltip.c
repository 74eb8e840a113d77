/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tooltips with shortcuts. The widget's own tooltip text stays what its
 * template or its window sets (Start may say Restore); the shortcut is
 * added when GTK asks for the tooltip, from domus_application_get_accels().
 */
#include "config.h"

#include "domus-accel-tooltip.h"

#include <glib/gi18n.h>

#include "domus-application.h"

#define ACTION_KEY "domus-accel-tooltip-action"

/* "Ctrl+R" as GTK labels it in menus, for the first accelerator of
 * ACTION in the table; NULL when it has none. */
static char *
accel_label (const char *action)
{
    guint n;
    const DomusAccelEntry *entries = domus_application_get_accels (&n);

    for (guint i = 0; i < n; i++) {
        guint key;
        GdkModifierType mods;

        if (!g_str_equal (entries[i].action, action) || entries[i].accels[0] == NULL)
            continue;
        gtk_accelerator_parse (entries[i].accels[0], &key, &mods);
        if (key == 0)
            return NULL;
        return gtk_accelerator_get_label (key, mods);
    }
    return NULL;
}

char *
domus_accel_tooltip_get_text (GtkWidget *widget)
{
    g_autofree char *base = NULL;
    g_autofree char *label = NULL;
    const char *action;

    g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

    base = gtk_widget_get_tooltip_text (widget);
    if (base == NULL)
        return NULL;
    action = g_object_get_data (G_OBJECT (widget), ACTION_KEY);
    if (action == NULL && GTK_IS_ACTIONABLE (widget))
        action = gtk_actionable_get_action_name (GTK_ACTIONABLE (widget));
    label = action ? accel_label (action) : NULL;
    if (label == NULL)
        return g_steal_pointer (&base);
    /* TRANSLATORS: a button's tooltip, then its shortcut:
     * "Start the selected guests (Ctrl+R)" */
    return g_strdup_printf (_("%s (%s)"), base, label);
}

static gboolean
query_tooltip_cb (GtkWidget *widget, int x, int y, gboolean keyboard_mode,
                  GtkTooltip *tooltip, gpointer user_data)
{
    g_autofree char *text = domus_accel_tooltip_get_text (widget);

    if (text == NULL)
        return FALSE;
    gtk_tooltip_set_text (tooltip, text);
    return TRUE;
}

void
domus_accel_tooltip_add (GtkWidget *widget, const char *action)
{
    g_return_if_fail (GTK_IS_WIDGET (widget));

    if (action != NULL)
        g_object_set_data_full (G_OBJECT (widget), ACTION_KEY, g_strdup (action), g_free);
    if (g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                               query_tooltip_cb, NULL) == 0)
        g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
}

static void
add_all_cb (GtkWidget *widget, gpointer user_data)
{
    domus_accel_tooltip_add_all (widget);
}

void
domus_accel_tooltip_add_all (GtkWidget *root)
{
    g_return_if_fail (GTK_IS_WIDGET (root));

    if (GTK_IS_ACTIONABLE (root) && gtk_actionable_get_action_name (GTK_ACTIONABLE (root)) &&
        gtk_widget_get_has_tooltip (root))
        domus_accel_tooltip_add (root, NULL);
    if (GTK_IS_CONTAINER (root))
        gtk_container_forall (GTK_CONTAINER (root), add_all_cb, NULL);
}
