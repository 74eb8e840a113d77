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
#include "domus-details-test.h"
#include "domus-domain-details-apply.h"
#include "domus-gui-test-util.h"
#include "domus-guest-window.h"
#include "domus-osinfo.h"
#include "domus-test-details.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

static DomusApplication *the_app;

typedef DomusDetailsFixture Fixture;

/* The guest's saved definition, read through Domus's connection (another
 * connection to the file would be another host). */
static char *
saved_xml (Fixture *f)
{
    g_autoptr(DomusDetailsSnapshot) snapshot = domus_test_details_load (f->conn, f->guest);

    return g_strdup (snapshot->xml);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "integration",
                                                   "hardware-host.xml", NULL);
    g_autofree char *uri = g_strconcat ("test://", path, NULL);

    domus_details_fixture_open (f, the_app, uri, "Hardware Host", "xp", TIMEOUT_S);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    domus_details_fixture_teardown (f);
}

static void
test_host_device_named (Fixture *f, gconstpointer data)
{
    /* The guest's receiver, by the host's name for it. */
    g_assert_nonnull (domus_details_sidebar_row (f, "Unifying Receiver"));
    domus_details_select_entry (f, "Unifying Receiver");
    domus_details_await_idle (f);
    g_assert_true (domus_test_has_label (f->page, "Logitech, Inc. Unifying Receiver "
                                                  "(USB 003:002)"));
}

static void
test_add_host_device (Fixture *f, gconstpointer data)
{
    GtkWidget *dialog = domus_details_add_hardware (f, "Host Devices");
    GtkComboBox *choice = GTK_COMBO_BOX (domus_details_find (dialog, "Host device", NULL));
    g_autofree char *labels = domus_details_combo_rows (choice, 0);
    g_autofree char *xml = NULL;
    g_autofree char *saved = NULL;

    g_assert_cmpstr (labels, ==, "|Logitech, Inc. Unifying Receiver (USB 003:002)||"
                                 "Intel Corporation 82801I (ICH9 Family) HD Audio Controller "
                                 "(PCI 0000:00:1b.0)|");
    g_assert_true (gtk_combo_box_set_active_id (choice, "pci_0000_00_1b_0"));
    xml = domus_details_dialog_xml (dialog);
    g_assert_nonnull (strstr (xml, "slot='0x1b'"));
    gtk_button_clicked (GTK_BUTTON (domus_details_button (dialog, "Add")));
    domus_details_await_idle (f);
    DOMUS_TEST_WAIT_UNTIL (domus_details_sidebar_row (f, "82801I (ICH9 Family) HD Audio Controller") != NULL,
                           TIMEOUT_S, "the new host device by its name");
    saved = saved_xml (f);
    g_assert_nonnull (strstr (saved, "slot='0x1b'"));
}

static void
test_add_nic_and_disk_choices (Fixture *f, gconstpointer data)
{
    GtkWidget *dialog = domus_details_add_hardware (f, "Network Cards");
    GtkComboBox *model = GTK_COMBO_BOX (domus_details_find (dialog, "Model", NULL));
    g_autofree char *xml = NULL;
    g_autofree char *saved = NULL;

    /* Windows XP has no VirtIO driver: libosinfo's card comes first. */
    g_assert_cmpstr (gtk_combo_box_get_active_id (model), !=, "virtio");
    g_assert_cmpint (gtk_combo_box_get_active (model), ==, 0);
    g_assert_true (gtk_combo_box_set_active_id (model, "e1000e"));
    xml = domus_details_dialog_xml (dialog);
    g_assert_nonnull (strstr (xml, "<model type='e1000e'/>"));
    gtk_button_clicked (GTK_BUTTON (domus_details_button (dialog, "Add")));
    domus_details_await_idle (f);
    saved = saved_xml (f);
    g_assert_nonnull (strstr (saved, "<model type='e1000e'/>"));

    /* A disk: SATA for Windows, and its bus names it. */
    dialog = domus_details_add_hardware (f, "Disks");
    model = GTK_COMBO_BOX (domus_details_find (dialog, "Bus", NULL));
    g_assert_cmpstr (gtk_combo_box_get_active_id (model), ==, "sata");
    g_clear_pointer (&xml, g_free);
    xml = domus_details_dialog_xml (dialog);
    g_assert_nonnull (strstr (xml, "<target dev='sda' bus='sata'/>"));
    g_assert_true (gtk_combo_box_set_active_id (model, "virtio"));
    g_clear_pointer (&xml, g_free);
    xml = domus_details_dialog_xml (dialog);
    g_assert_nonnull (strstr (xml, "<target dev='vda' bus='virtio'/>"));
    gtk_button_clicked (GTK_BUTTON (domus_details_button (dialog, "Cancel")));
}

#define VIRTIOFS_HINT "virtiofs needs the guest's memory shared: Add turns shared memory on too."

static void
test_virtiofs_shares_memory (Fixture *f, gconstpointer data)
{
    GtkWidget *dialog = domus_details_add_hardware (f, "Filesystems");
    GtkComboBox *driver = GTK_COMBO_BOX (domus_details_find (dialog, "Driver", NULL));
    g_autofree char *saved = NULL;

    /* The guest's memory is not shared: 9p first, no hint. */
    g_assert_cmpstr (gtk_combo_box_get_active_id (driver), ==, "path");
    g_assert_false (domus_test_has_label (dialog, VIRTIOFS_HINT));
    g_assert_true (gtk_combo_box_set_active_id (driver, "virtiofs"));
    g_assert_true (domus_test_has_label (dialog, VIRTIOFS_HINT));
    gtk_button_clicked (GTK_BUTTON (domus_details_button (dialog, "Add")));
    domus_details_await_idle (f);
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
