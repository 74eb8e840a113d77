/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Details page's host choices under Xvfb, on a test-driver host
 * (tests/integration/hardware-host.xml) with a USB and a PCI device and a
 * Windows XP guest that passes the USB one through: the host device is
 * named as the host knows it in the sidebar and on its page; Add Hardware
 * offers the host's devices and adds the one picked; a NIC's model list
 * starts with libosinfo's choice for the OS, and another pick is what the
 * guest gets; a disk's bus decides its target name.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "domus-application.h"
#include "domus-details-page.h"
#include "domus-domain-details-apply.h"
#include "domus-gui-test-util.h"
#include "domus-guest-window.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

static DomusApplication *the_app;

typedef struct {
    DomusConnection *conn;
    DomusDomain *xp;
    DomusGuestWindow *window;
    GtkWidget *page;
} Fixture;

static GtkWidget *
find (GtkWidget *root, const char *name, const char *id)
{
    GtkWidget *widget = domus_test_find_widget (root, name, id);

    if (widget == NULL)
        g_error ("no widget “%s”", name != NULL ? name : id);
    return widget;
}

static GtkWidget *
button (GtkWidget *root, const char *accessible_name)
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

static void
await_idle (Fixture *f)
{
    DOMUS_TEST_WAIT_UNTIL (!domus_details_page_get_busy (DOMUS_DETAILS_PAGE (f->page)),
                           TIMEOUT_S, "the Details page to finish");
}

static GtkListBoxRow *
sidebar_row (Fixture *f, const char *name)
{
    GtkWidget *sidebar = find (f->page, NULL, "sidebar");
    g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (sidebar));

    for (GList *l = rows; l != NULL; l = l->next) {
        if (g_strcmp0 (atk_object_get_name (gtk_widget_get_accessible (l->data)), name) == 0)
            return l->data;
    }
    return NULL;
}

static void
select_entry (Fixture *f, const char *name)
{
    GtkListBoxRow *row = sidebar_row (f, name);

    g_assert_nonnull (row);
    gtk_widget_grab_focus (GTK_WIDGET (row));
    g_signal_emit_by_name (row, "activate");
    gtk_list_box_select_row (GTK_LIST_BOX (find (f->page, NULL, "sidebar")), row);
}

/* The guest's saved definition, read through Domus's connection (another
 * connection to the file would be another host). */
static char *
saved_xml (Fixture *f)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(DomusDetailsSnapshot) snapshot = NULL;
    g_autoptr(GError) error = NULL;

    domus_domain_details_load_async (f->conn, f->xp, NULL, domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "the definition");
    snapshot = domus_domain_details_load_finish (f->conn, res, &error);
    g_assert_no_error (error);
    return g_strdup (snapshot->xml);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "integration",
                                                   "hardware-host.xml", NULL);
    g_autofree char *uri = g_strconcat ("test://", path, NULL);
    GtkStack *pages;

    f->conn = g_object_ref (domus_application_add_connection (the_app, uri, "Hardware Host"));
    DOMUS_TEST_WAIT_UNTIL ((f->xp = domus_connection_find_domain_by_name (f->conn, "xp")),
                           TIMEOUT_S, "the host's guest");
    g_object_ref (f->xp);
    f->window = domus_guest_window_present (the_app, f->conn, f->xp);
    pages = GTK_STACK (domus_test_find_widget (GTK_WIDGET (f->window), NULL, "pages"));
    f->page = gtk_stack_get_child_by_name (pages, "details");
    g_assert_nonnull (f->page);
    gtk_stack_set_visible_child (pages, f->page);
    DOMUS_TEST_WAIT_UNTIL (sidebar_row (f, "Memory") != NULL, TIMEOUT_S, "the hardware list");
    await_idle (f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    g_autoptr(GtkWindow) dialog = NULL;

    while ((dialog = domus_test_find_toplevel (GTK_TYPE_DIALOG)) != NULL)
        gtk_widget_destroy (GTK_WIDGET (g_steal_pointer (&dialog)));
    domus_test_close_guest_windows ();
    domus_test_remove_connections (the_app);
    g_clear_object (&f->xp);
    g_clear_object (&f->conn);
}

/* Opens Add Hardware and picks the kind LABEL. */
static GtkWidget *
open_add_hardware (Fixture *f, const char *kind_label)
{
    GtkWindow *dialog = NULL;
    GtkComboBox *kind;
    GtkTreeModel *model;
    GtkTreeIter iter;
    gboolean found = FALSE;

    gtk_button_clicked (GTK_BUTTON (find (f->page, NULL, "add_button")));
    DOMUS_TEST_WAIT_UNTIL ((dialog = domus_test_find_toplevel (GTK_TYPE_DIALOG)) != NULL,
                           TIMEOUT_S, "the Add Hardware dialog");
    kind = GTK_COMBO_BOX (find (GTK_WIDGET (dialog), "Kind of device", NULL));
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

static char *
dialog_xml (GtkWidget *dialog)
{
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (
        GTK_TEXT_VIEW (find (dialog, "Device XML", NULL)));
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The labels of a combo's items, joined by "|". */
static char *
combo_labels (GtkComboBox *combo)
{
    GtkTreeModel *model = gtk_combo_box_get_model (combo);
    g_autoptr(GString) out = g_string_new (NULL);
    GtkTreeIter iter;

    for (gboolean ok = gtk_tree_model_get_iter_first (model, &iter); ok;
         ok = gtk_tree_model_iter_next (model, &iter)) {
        g_autofree char *text = NULL;

        gtk_tree_model_get (model, &iter, 0, &text, -1);
        g_string_append_printf (out, "%s%s", out->len > 0 ? "|" : "", text);
    }
    return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_host_device_named (Fixture *f, gconstpointer data)
{
    /* The guest's receiver, by the host's name for it. */
    g_assert_nonnull (sidebar_row (f, "Unifying Receiver"));
    select_entry (f, "Unifying Receiver");
    await_idle (f);
    g_assert_true (domus_test_has_label (f->page, "Logitech, Inc. Unifying Receiver "
                                                  "(USB 003:002)"));
}

static void
test_add_host_device (Fixture *f, gconstpointer data)
{
    GtkWidget *dialog = open_add_hardware (f, "Host Devices");
    GtkComboBox *choice = GTK_COMBO_BOX (find (dialog, "Host device", NULL));
    g_autofree char *labels = combo_labels (choice);
    g_autofree char *xml = NULL;
    g_autofree char *saved = NULL;

    g_assert_cmpstr (labels, ==, "Logitech, Inc. Unifying Receiver (USB 003:002)|"
                                 "Intel Corporation 82801I (ICH9 Family) HD Audio Controller "
                                 "(PCI 0000:00:1b.0)");
    g_assert_true (gtk_combo_box_set_active_id (choice, "pci_0000_00_1b_0"));
    xml = dialog_xml (dialog);
    g_assert_nonnull (strstr (xml, "slot='0x1b'"));
    gtk_button_clicked (GTK_BUTTON (button (dialog, "Add")));
    await_idle (f);
    DOMUS_TEST_WAIT_UNTIL (sidebar_row (f, "82801I (ICH9 Family) HD Audio Controller") != NULL,
                           TIMEOUT_S, "the new host device by its name");
    saved = saved_xml (f);
    g_assert_nonnull (strstr (saved, "slot='0x1b'"));
}

static void
test_add_nic_and_disk_choices (Fixture *f, gconstpointer data)
{
    GtkWidget *dialog = open_add_hardware (f, "Network Cards");
    GtkComboBox *model = GTK_COMBO_BOX (find (dialog, "Model", NULL));
    g_autofree char *xml = NULL;
    g_autofree char *saved = NULL;

    /* Windows XP has no VirtIO driver: libosinfo's card comes first. */
    g_assert_cmpstr (gtk_combo_box_get_active_id (model), !=, "virtio");
    g_assert_cmpint (gtk_combo_box_get_active (model), ==, 0);
    g_assert_true (gtk_combo_box_set_active_id (model, "e1000e"));
    xml = dialog_xml (dialog);
    g_assert_nonnull (strstr (xml, "<model type='e1000e'/>"));
    gtk_button_clicked (GTK_BUTTON (button (dialog, "Add")));
    await_idle (f);
    saved = saved_xml (f);
    g_assert_nonnull (strstr (saved, "<model type='e1000e'/>"));

    /* A disk: SATA for Windows, and its bus names it. */
    dialog = open_add_hardware (f, "Disks");
    model = GTK_COMBO_BOX (find (dialog, "Bus", NULL));
    g_assert_cmpstr (gtk_combo_box_get_active_id (model), ==, "sata");
    g_clear_pointer (&xml, g_free);
    xml = dialog_xml (dialog);
    g_assert_nonnull (strstr (xml, "<target dev='sda' bus='sata'/>"));
    g_assert_true (gtk_combo_box_set_active_id (model, "virtio"));
    g_clear_pointer (&xml, g_free);
    xml = dialog_xml (dialog);
    g_assert_nonnull (strstr (xml, "<target dev='vda' bus='virtio'/>"));
    gtk_button_clicked (GTK_BUTTON (button (dialog, "Cancel")));
}

int
main (int argc, char *argv[])
{
    int ret;

    gtk_test_init (&argc, &argv, NULL);
    the_app = domus_test_app_new ();

#define ADD(path, func) \
    g_test_add ("/details-hardware/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
    ADD ("host-device-named", test_host_device_named);
    ADD ("add-host-device", test_add_host_device);
    ADD ("add-nic-and-disk-choices", test_add_nic_and_disk_choices);
#undef ADD
    ret = g_test_run ();
    g_clear_object (&the_app);
    return ret;
}
