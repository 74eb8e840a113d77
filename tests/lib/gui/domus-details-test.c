/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Details page tests' fixture and moves (domus-details-test.h).
 */
#include "config.h"

#include "domus-details-test.h"

#include "domus-details-page.h"
#include "domus-gui-test-util.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

char *
domus_details_saved_xml (DomusDetailsFixture *f)
{
    virDomainPtr dom = virDomainLookupByName (f->other, "test");
    char *xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
    char *out = g_strdup (xml);

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
                           TIMEOUT_S, "the Details page to finish");
}

GtkListBoxRow *
domus_details_sidebar_row (DomusDetailsFixture *f, const char *name)
{
    GtkWidget *sidebar = domus_test_find_widget (f->page, NULL, "sidebar");
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
    gtk_list_box_select_row (GTK_LIST_BOX (domus_test_find_widget (f->page, NULL, "sidebar")),
                             row);
}

const char *
domus_details_outcome (DomusDetailsFixture *f)
{
    return gtk_label_get_text (GTK_LABEL (domus_test_find_widget (f->page, NULL,
                                                                  "outcome_label")));
}

void
domus_details_click_apply (DomusDetailsFixture *f)
{
    GtkWidget *apply = domus_test_find_widget (f->page, NULL, "apply_button");

    g_assert_true (gtk_widget_is_sensitive (apply));
    gtk_button_clicked (GTK_BUTTON (apply));
    domus_details_await_idle (f);
}

void
domus_details_fixture_setup (DomusDetailsFixture *f, DomusApplication *app)
{
    GtkStack *pages;

    f->app = app;
    f->other = virConnectOpen ("test:///default");
    g_assert_nonnull (f->other);
    f->conn = g_object_ref (domus_application_add_connection (f->app, "test:///default",
                                                             "Test Host"));
    DOMUS_TEST_WAIT_UNTIL ((f->test = domus_connection_find_domain_by_name (f->conn, "test")),
                           TIMEOUT_S, "the test host's guest");
    g_object_ref (f->test);
    f->window = domus_guest_window_present (f->app, f->conn, f->test);
    pages = GTK_STACK (domus_test_find_widget (GTK_WIDGET (f->window), NULL, "pages"));
    f->page = gtk_stack_get_child_by_name (pages, "details");
    g_assert_nonnull (f->page);
    gtk_stack_set_visible_child (pages, f->page);
    DOMUS_TEST_WAIT_UNTIL (domus_details_sidebar_row (f, "Memory") != NULL, TIMEOUT_S,
                           "the hardware list");
    domus_details_await_idle (f);
}

void
domus_details_fixture_teardown (DomusDetailsFixture *f)
{
    GtkWindow *dialog = NULL;

    while ((dialog = domus_test_find_toplevel (GTK_TYPE_DIALOG)) != NULL)
        gtk_widget_destroy (GTK_WIDGET (dialog));
    domus_test_close_guest_windows ();
    domus_test_remove_connections (f->app);
    g_clear_object (&f->test);
    g_clear_object (&f->conn);
    virConnectClose (f->other);
}
