/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Details page tests' fixture and moves (domus-details-test.h).
 */
#include "config.h"

#include "domus-details-test.h"

#include "domus-details-page.h"
#include "domus-gui-test-util.h"
#include "domus-test-util.h"

GtkWidget *
domus_details_find (GtkWidget *root, const char *name, const char *id)
{
    GtkWidget *widget = domus_test_find_widget (root, name, id);

    if (widget == NULL)
        g_error ("no widget “%s”", name != NULL ? name : id);
    return widget;
}

GtkWidget *
domus_details_button (GtkWidget *root, const char *accessible_name)
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

char *
domus_details_saved_xml (DomusDetailsFixture *f)
{
    virDomainPtr dom;
    char *xml;
    char *out;

    g_assert_nonnull (f->other);
    dom = virDomainLookupByName (f->other, domus_domain_get_name (f->guest));
    g_assert_nonnull (dom);
    xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
    out = g_strdup (xml);
    free (xml);
    virDomainFree (dom);
    return out;
}

void
domus_details_type_text (DomusDetailsFixture *f, GtkEntry *entry, const char *text)
{
    gtk_widget_grab_focus (GTK_WIDGET (entry));
    gtk_editable_delete_text (GTK_EDITABLE (entry), 0, -1);
    for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        domus_test_send_key (GTK_WIDGET (f->window), gdk_unicode_to_keyval (g_utf8_get_char (p)),
                             0);
    g_assert_cmpstr (gtk_entry_get_text (entry), ==, text);
}

void
domus_details_await_idle (DomusDetailsFixture *f)
{
    DOMUS_TEST_WAIT_UNTIL (!domus_details_page_get_busy (DOMUS_DETAILS_PAGE (f->page)),
                           f->timeout_s, "the Details page to finish");
}

GtkListBoxRow *
domus_details_sidebar_row (DomusDetailsFixture *f, const char *name)
{
    GtkWidget *sidebar = domus_details_find (f->page, NULL, "sidebar");
    g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (sidebar));

    for (GList *l = rows; l != NULL; l = l->next) {
        if (g_strcmp0 (atk_object_get_name (gtk_widget_get_accessible (l->data)), name) == 0)
            return l->data;
    }
    return NULL;
}

void
domus_details_select_entry (DomusDetailsFixture *f, const char *name)
{
    GtkListBoxRow *row = domus_details_sidebar_row (f, name);

    g_assert_nonnull (row);
    gtk_widget_grab_focus (GTK_WIDGET (row));
    g_signal_emit_by_name (row, "activate");
    gtk_list_box_select_row (GTK_LIST_BOX (domus_details_find (f->page, NULL, "sidebar")), row);
}

const char *
domus_details_outcome (DomusDetailsFixture *f)
{
    return gtk_label_get_text (GTK_LABEL (domus_details_find (f->page, NULL, "outcome_label")));
}

void
domus_details_click_apply (DomusDetailsFixture *f)
{
    GtkWidget *apply = domus_details_find (f->page, NULL, "apply_button");

    g_assert_true (gtk_widget_is_sensitive (apply));
    gtk_button_clicked (GTK_BUTTON (apply));
    domus_details_await_idle (f);
}

GtkWidget *
domus_details_add_hardware (DomusDetailsFixture *f, const char *kind_label)
{
    GtkWindow *dialog = NULL;
    GtkComboBox *kind;
    GtkTreeModel *model;
    GtkTreeIter iter;
    gboolean found = FALSE;

    gtk_button_clicked (GTK_BUTTON (domus_details_find (f->page, NULL, "add_button")));
    DOMUS_TEST_WAIT_UNTIL ((dialog = domus_test_find_toplevel (GTK_TYPE_DIALOG)) != NULL,
                           f->timeout_s, "the Add Hardware dialog");
    if (kind_label == NULL)
        return GTK_WIDGET (dialog);
    kind = GTK_COMBO_BOX (domus_details_find (GTK_WIDGET (dialog), "Kind of device", NULL));
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
domus_details_dialog_xml (GtkWidget *dialog)
{
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (
        GTK_TEXT_VIEW (domus_details_find (dialog, "Device XML", NULL)));
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

char *
domus_details_combo_rows (GtkComboBox *combo, int column)
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

void
domus_details_fixture_open (DomusDetailsFixture *f, DomusApplication *app, const char *uri,
                            const char *title, const char *name, guint timeout_s)
{
    GtkStack *pages;

    f->app = app;
    f->timeout_s = timeout_s;
    /* test:///default is one host for the whole process; any other test
     * driver URI makes a host of its own for each connection. */
    if (!g_str_has_prefix (uri, "test://") || g_str_equal (uri, "test:///default")) {
        f->other = virConnectOpen (uri);
        g_assert_nonnull (f->other);
    }
    f->conn = g_object_ref (domus_application_add_connection (f->app, uri, title));
    DOMUS_TEST_WAIT_UNTIL ((f->guest = domus_connection_find_domain_by_name (f->conn, name)),
                           f->timeout_s, "the host's guest");
    g_object_ref (f->guest);
    f->window = domus_guest_window_present (f->app, f->conn, f->guest);
    pages = GTK_STACK (domus_details_find (GTK_WIDGET (f->window), NULL, "pages"));
    f->page = gtk_stack_get_child_by_name (pages, "details");
    g_assert_nonnull (f->page);
    gtk_stack_set_visible_child (pages, f->page);
    DOMUS_TEST_WAIT_UNTIL (domus_details_sidebar_row (f, "Memory") != NULL, f->timeout_s,
                           "the hardware list");
    domus_details_await_idle (f);
}

void
domus_details_fixture_setup (DomusDetailsFixture *f, DomusApplication *app)
{
    domus_details_fixture_open (f, app, "test:///default", "Test Host", "test", 60);
}

void
domus_details_fixture_teardown (DomusDetailsFixture *f)
{
    GtkWindow *dialog = NULL;

    while ((dialog = domus_test_find_toplevel (GTK_TYPE_DIALOG)) != NULL)
        gtk_widget_destroy (GTK_WIDGET (dialog));
    domus_test_close_guest_windows ();
    domus_test_remove_connections (f->app);
    g_clear_object (&f->guest);
    g_clear_object (&f->conn);
    g_clear_pointer (&f->other, virConnectClose);
}
