/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rows of the forms the storage dialogs build in code (their rows
 * change with the pool type, so they have no template). */
#include "config.h"

#include "domus-form-row.h"

void
domus_form_name_field (GtkWidget *widget, const char *label)
{
    g_autoptr(GString) plain = g_string_new (NULL);

    for (const char *p = label; *p != '\0'; p++)
        if (*p != '_')
            g_string_append_c (plain, *p);
    if (plain->len > 0 && plain->str[plain->len - 1] == ':')
        g_string_truncate (plain, plain->len - 1);
    atk_object_set_name (gtk_widget_get_accessible (widget), plain->str);
}

GtkWidget *
domus_form_add_row (GtkGrid *grid, int top, const char *label, GtkWidget *widget,
                    const char *name)
{
    GtkWidget *l = gtk_label_new_with_mnemonic (label);

    gtk_label_set_xalign (GTK_LABEL (l), 1);
    gtk_label_set_mnemonic_widget (GTK_LABEL (l), widget);
    if (name != NULL)
        atk_object_set_name (gtk_widget_get_accessible (widget), name);
    else
        domus_form_name_field (widget, label);
    gtk_widget_set_hexpand (widget, TRUE);
    gtk_grid_attach (grid, l, 0, top, 1, 1);
    gtk_grid_attach (grid, widget, 1, top, 1, 1);
    return l;
}
