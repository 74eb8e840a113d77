/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Driving the Details page in the GUI tests (see the header).
 */
#include "config.h"

#include "domus-details-test-util.h"

#include "domus-details-page.h"
#include "domus-gui-test-util.h"
#include "domus-test-util.h"

GtkWidget *
domus_details_test_find (GtkWidget *root, const char *name, const char *id)
{
    GtkWidget *widget = domus_test_find_widget (root, name, id);

    if (widget == NULL)
        g_error ("no widget “%s”", name != NULL ? name : id);
    return widget;
}

GtkWidget *
domus_details_test_button (GtkWidget *root, const char *accessible_name)
{
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

    domus_test_collect_widgets (root, GTK_TYPE_BUTTON, buttons);
    for (guint i = 0; i < buttons->len; i++) {
        GtkWidget *widget = g_ptr_array_index (buttons, i);

        if (gtk_widget_get_visible (widget) &&
            g_strcmp0 (atk_object_get_name (gtk_widget_get_accessible (widget)),
                       accessible_name) == 0)
            return widget;
    }
    g_error ("no button “%s”", accessible_name);
    return NULL;
}

void
domus_details_test_await_idle (GtkWidget *page, guint timeout_s)
{
    DOMUS_TEST_WAIT_UNTIL (!domus_details_page_get_busy (DOMUS_DETAILS_PAGE (page)),
                           timeout_s, "the Details page to finish");
}

GtkListBoxRow *
domus_details_test_sidebar_row (GtkWidget *page, const char *name)
{
    GtkWidget *sidebar = domus_details_test_find (page, NULL, "sidebar");
    g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (sidebar));

    for (GList *l = rows; l != NULL; l = l->next) {
        if (g_strcmp0 (atk_object_get_name (gtk_widget_get_accessible (l->data)), name) == 0)
            return l->data;
    }
    return NULL;
}

void
domus_details_test_select_entry (GtkWidget *page, const char *name)
{
    GtkListBoxRow *row = domus_details_test_sidebar_row (page, name);

    g_assert_nonnull (row);
    gtk_widget_grab_focus (GTK_WIDGET (row));
    g_signal_emit_by_name (row, "activate");
    gtk_list_box_select_row (GTK_LIST_BOX (domus_details_test_find (page, NULL, "sidebar")), row);
}

GtkWidget *
domus_details_test_add_hardware (GtkWidget *page, const char *kind_label, guint timeout_s)
{
    GtkWindow *dialog = NULL;
    GtkComboBox *kind;
    GtkTreeModel *model;
    GtkTreeIter iter;
    gboolean found = FALSE;

    gtk_button_clicked (GTK_BUTTON (domus_details_test_find (page, NULL, "add_button")));
    DOMUS_TEST_WAIT_UNTIL ((dialog = domus_test_find_toplevel (GTK_TYPE_DIALOG)) != NULL,
                           timeout_s, "the Add Hardware dialog");
    kind = GTK_COMBO_BOX (domus_details_test_find (GTK_WIDGET (dialog), "Kind of device", NULL));
    model = gtk_combo_box_get_model (kind);
    for (gboolean ok = gtk_tree_model_get_iter_first (model, &iter); ok && !found;
         ok = gtk_tree_model_iter_next (model, &iter)) {
        g_autofree char *text = NULL;

        gtk_tree_model_get (model, &iter, 0, &text, -1);
        if (g_strcmp0 (text, kind_label) == 0) {
            gtk_combo_box_set_active_iter (kind, &iter);
            found = TRUE;
        }
    }
    g_assert_true (found);
    return GTK_WIDGET (dialog);
}

char *
domus_details_test_dialog_xml (GtkWidget *dialog)
{
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (
        GTK_TEXT_VIEW (domus_details_test_find (dialog, "Device XML", NULL)));
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

char *
domus_details_test_combo_rows (GtkComboBox *combo, int column)
{
    GtkTreeModel *model = gtk_combo_box_get_model (combo);
    g_autoptr(GString) out = g_string_new (NULL);
    GtkTreeIter iter;

    for (gboolean ok = gtk_tree_model_get_iter_first (model, &iter); ok;
         ok = gtk_tree_model_iter_next (model, &iter)) {
        g_autofree char *text = NULL;

        gtk_tree_model_get (model, &iter, column, &text, -1);
        g_string_append_printf (out, "|%s|", text != NULL ? text : "");
    }
    return g_string_free (g_steal_pointer (&out), FALSE);
}
