/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Details page's host choices under Xvfb, on a test-driver host
 * (tests/integration/hardware-host.xml) with a USB and a PCI device and a
 * Windows XP guest that passes the USB one through: the host device is
 * named as the host knows it in the sidebar and on its page; Add Hardware
 * offers the host's devices and adds the one picked; a NIC's model list
 * starts with libosinfo's choice for the OS, and another pick is what the
 * guest gets; a disk's bus decides its target name; a virtiofs share
 * turns the guest's shared memory on, as the dialog says.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "domus-application.h"
#include "domus-details-page.h"
#include "domus-domain-details-apply.h"
#include "domus-gui-test-util.h"
#include "domus-guest-window.h"
#include "domus-osinfo.h"
#include "domus-details-test-util.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

static DomusApplication *the_app;

typedef struct {
    DomusConnection *conn;
    DomusDomain *xp;
    DomusGuestWindow *window;
    GtkWidget *page;
} Fixture;

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
    DOMUS_TEST_WAIT_UNTIL (domus_details_test_sidebar_row (f->page, "Memory") != NULL,
                           TIMEOUT_S, "the hardware list");
    domus_details_test_await_idle (f->page, TIMEOUT_S);
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

static void
test_host_device_named (Fixture *f, gconstpointer data)
{
    /* The guest's receiver, by the host's name for it. */
    g_assert_nonnull (domus_details_test_sidebar_row (f->page, "Unifying Receiver"));
    domus_details_test_select_entry (f->page, "Unifying Receiver");
    domus_details_test_await_idle (f->page, TIMEOUT_S);
    g_assert_true (domus_test_has_label (f->page, "Logitech, Inc. Unifying Receiver "
                                                  "(USB 003:002)"));
}

static void
test_add_host_device (Fixture *f, gconstpointer data)
{
    GtkWidget *dialog = domus_details_test_add_hardware (f->page, "Host Devices", TIMEOUT_S);
    GtkComboBox *choice = GTK_COMBO_BOX (domus_details_test_find (dialog, "Host device", NULL));
    g_autofree char *labels = domus_details_test_combo_rows (choice, 0);
    g_autofree char *xml = NULL;
    g_autofree char *saved = NULL;

    g_assert_cmpstr (labels, ==, "|Logitech, Inc. Unifying Receiver (USB 003:002)||"
                                 "Intel Corporation 82801I (ICH9 Family) HD Audio Controller "
                                 "(PCI 0000:00:1b.0)|");
    g_assert_true (gtk_combo_box_set_active_id (choice, "pci_0000_00_1b_0"));
    xml = domus_details_test_dialog_xml (dialog);
    g_assert_nonnull (strstr (xml, "slot='0x1b'"));
    gtk_button_clicked (GTK_BUTTON (domus_details_test_button (dialog, "Add")));
    domus_details_test_await_idle (f->page, TIMEOUT_S);
    DOMUS_TEST_WAIT_UNTIL (domus_details_test_sidebar_row (
                               f->page, "82801I (ICH9 Family) HD Audio Controller") != NULL,
                           TIMEOUT_S, "the new host device by its name");
    saved = saved_xml (f);
    g_assert_nonnull (strstr (saved, "slot='0x1b'"));
}

static void
test_add_nic_and_disk_choices (Fixture *f, gconstpointer data)
{
    GtkWidget *dialog = domus_details_test_add_hardware (f->page, "Network Cards", TIMEOUT_S);
    GtkComboBox *model = GTK_COMBO_BOX (domus_details_test_find (dialog, "Model", NULL));
    g_autofree char *xml = NULL;
    g_autofree char *saved = NULL;

    /* Windows XP has no VirtIO driver: libosinfo's card comes first. */
    g_assert_cmpstr (gtk_combo_box_get_active_id (model), !=, "virtio");
    g_assert_cmpint (gtk_combo_box_get_active (model), ==, 0);
    g_assert_true (gtk_combo_box_set_active_id (model, "e1000e"));
    xml = domus_details_test_dialog_xml (dialog);
    g_assert_nonnull (strstr (xml, "<model type='e1000e'/>"));
    gtk_button_clicked (GTK_BUTTON (domus_details_test_button (dialog, "Add")));
    domus_details_test_await_idle (f->page, TIMEOUT_S);
    saved = saved_xml (f);
    g_assert_nonnull (strstr (saved, "<model type='e1000e'/>"));

    /* A disk: SATA for Windows, and its bus names it. */
    dialog = domus_details_test_add_hardware (f->page, "Disks", TIMEOUT_S);
    model = GTK_COMBO_BOX (domus_details_test_find (dialog, "Bus", NULL));
    g_assert_cmpstr (gtk_combo_box_get_active_id (model), ==, "sata");
    g_clear_pointer (&xml, g_free);
    xml = domus_details_test_dialog_xml (dialog);
    g_assert_nonnull (strstr (xml, "<target dev='sda' bus='sata'/>"));
    g_assert_true (gtk_combo_box_set_active_id (model, "virtio"));
    g_clear_pointer (&xml, g_free);
    xml = domus_details_test_dialog_xml (dialog);
    g_assert_nonnull (strstr (xml, "<target dev='vda' bus='virtio'/>"));
    gtk_button_clicked (GTK_BUTTON (domus_details_test_button (dialog, "Cancel")));
}

#define VIRTIOFS_HINT "virtiofs needs the guest's memory shared: Add turns shared memory on too."

static void
test_virtiofs_shares_memory (Fixture *f, gconstpointer data)
{
    GtkWidget *dialog = domus_details_test_add_hardware (f->page, "Filesystems", TIMEOUT_S);
    GtkComboBox *driver = GTK_COMBO_BOX (domus_details_test_find (dialog, "Driver", NULL));
    g_autofree char *saved = NULL;

    /* The guest's memory is not shared: 9p first, no hint. */
    g_assert_cmpstr (gtk_combo_box_get_active_id (driver), ==, "path");
    g_assert_false (domus_test_has_label (dialog, VIRTIOFS_HINT));
    g_assert_true (gtk_combo_box_set_active_id (driver, "virtiofs"));
    g_assert_true (domus_test_has_label (dialog, VIRTIOFS_HINT));
    gtk_button_clicked (GTK_BUTTON (domus_details_test_button (dialog, "Add")));
    domus_details_test_await_idle (f->page, TIMEOUT_S);
    saved = saved_xml (f);
    g_assert_nonnull (strstr (saved, "<driver type='virtiofs'/>"));
    g_assert_nonnull (strstr (saved, "<access mode='shared'/>"));
}

int
main (int argc, char *argv[])
{
    int ret;

    gtk_test_init (&argc, &argv, NULL);
    /* Once, before the clock of any wait starts (slow under ASan). */
    g_assert_true (domus_osinfo_load (NULL));
    the_app = domus_test_app_new ();

#define ADD(path, func) \
    g_test_add ("/details-hardware/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
    ADD ("host-device-named", test_host_device_named);
    ADD ("add-host-device", test_add_host_device);
    ADD ("add-nic-and-disk-choices", test_add_nic_and_disk_choices);
    ADD ("virtiofs-shares-memory", test_virtiofs_shares_memory);
#undef ADD
    ret = g_test_run ();
    g_clear_object (&the_app);
    return ret;
}
