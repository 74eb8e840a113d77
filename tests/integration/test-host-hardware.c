/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the Details page reads of the host for a guest's hardware, against
 * the test driver on a host (hardware-host.xml) with a USB and a PCI node
 * device: the host devices by name, the guest's passed-through device
 * found among them, libosinfo's recommendations for the guest's OS, no
 * domain capabilities (the test driver has none), and a host device added
 * from Add Hardware's choice that libvirt reads back.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "domus-connection.h"
#include "domus-device-choices.h"
#include "domus-domain-details-apply.h"
#include "domus-libvirt.h"
#include "domus-osinfo.h"
#include "domus-test-details.h"
#include "domus-test-domains.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60
#define AWAIT(res) DOMUS_TEST_WAIT_UNTIL ((res) != NULL, TIMEOUT_S, "the job to finish")

typedef struct {
    DomusConnection *conn;
    DomusDomain *domain;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "integration",
                                                   "hardware-host.xml", NULL);
    g_autofree char *uri = g_strconcat ("test://", path, NULL);

    f->conn = domus_test_connect_idle_poller (uri);
    f->domain = g_object_ref (domus_test_find_domain (f->conn, "xp"));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
    g_clear_object (&f->domain);
    g_clear_object (&f->conn);
}

#define load(f) domus_test_details_load ((f)->conn, (f)->domain)

static void
test_read (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusDetailsSnapshot) snapshot = load (f);
    DomusHostHardware *hw = snapshot->hardware;
    const DomusHostDevice *usb, *pci, *found;
    g_autoptr(DomusDomainDetails) details = domus_domain_details_new (snapshot->xml, NULL);
    g_autofree char *vendor = NULL;
    g_autofree char *product = NULL;

    g_assert_null (hw->caps);
    g_assert_cmpuint (hw->devices->len, ==, 2);
    usb = g_ptr_array_index (hw->devices, 0);
    pci = g_ptr_array_index (hw->devices, 1);
    g_assert_cmpstr (usb->name, ==, "usb_3_2");
    g_assert_cmpstr (usb->product, ==, "Unifying Receiver");
    g_assert_cmpstr (pci->name, ==, "pci_0000_00_1b_0");
    g_assert_cmpuint (pci->slot, ==, 27);

    /* The guest's <hostdev> is the receiver. */
    vendor = domus_domain_details_get_device_value (details, DOMUS_DEVICE_HOSTDEV, 0,
                                                    "source/vendor/@id");
    product = domus_domain_details_get_device_value (details, DOMUS_DEVICE_HOSTDEV, 0,
                                                     "source/product/@id");
    found = domus_host_hardware_find_device (hw, "usb", vendor, product, NULL, NULL, NULL);
    g_assert_true (found == usb);

    /* libosinfo for Windows XP: no VirtIO; SATA, a tablet. */
    g_assert_cmpstr (hw->os.disk_bus, ==, "sata");
    g_assert_cmpstr (hw->os.nic_model, !=, "virtio");
    g_assert_true (hw->os.usb_tablet);
}

static void
test_add_host_device (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusDetailsSnapshot) snapshot = load (f);
    g_autoptr(DomusDomainDetails) edited = domus_domain_details_new (snapshot->xml, NULL);
    g_autoptr(DomusDeviceChoices) choices = domus_device_choices_new (DOMUS_DEVICE_HOSTDEV,
                                                                      edited,
                                                                      snapshot->hardware);
    g_autoptr(DomusDetailsSnapshot) again = NULL;
    g_autoptr(DomusDomainDetails) read = NULL;
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *new_xml = NULL;
    g_autofree char *slot = NULL;
    DomusDetailsOutcome outcome;
    DomusDeviceKind kind;
    guint index;

    g_assert_cmpuint (choices->choices->len, ==, 2);
    xml = domus_device_choice_xml (DOMUS_DEVICE_HOSTDEV, edited, snapshot->hardware,
                                   "pci_0000_00_1b_0");
    g_assert_true (domus_domain_details_add_device (edited, xml, &kind, &index, &error));
    g_assert_no_error (error);
    g_assert_cmpint (kind, ==, DOMUS_DEVICE_HOSTDEV);
    g_assert_cmpuint (index, ==, 1);
    new_xml = domus_domain_details_to_xml (edited);
    domus_domain_details_apply_async (f->conn, f->domain, snapshot->xml, new_xml, NULL,
                                      domus_test_keep_result_cb, &res);
    AWAIT (res);
    outcome = domus_domain_details_apply_finish (f->conn, res, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (outcome, !=, DOMUS_DETAILS_UNCHANGED);

    /* libvirt keeps it, and it is the host's audio controller. */
    again = load (f);
    read = domus_domain_details_new (again->xml, NULL);
    g_assert_cmpuint (domus_domain_details_count_devices (read, DOMUS_DEVICE_HOSTDEV), ==, 2);
    slot = domus_domain_details_get_device_value (read, DOMUS_DEVICE_HOSTDEV, 1,
                                                  "source/address/@slot");
    g_assert_true (domus_host_hardware_find_device (again->hardware, "pci", NULL, NULL, "0x00",
                                                    slot, "0x0") ==
                   g_ptr_array_index (again->hardware->devices, 1));
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();
    /* The load job takes libosinfo's defaults from a loaded osinfo-db. */
    g_assert_true (domus_osinfo_load (NULL));
    g_test_add ("/host-hardware/read", Fixture, NULL, fixture_set_up, test_read,
                fixture_tear_down);
    g_test_add ("/host-hardware/add-host-device", Fixture, NULL, fixture_set_up,
                test_add_host_device, fixture_tear_down);
    return g_test_run ();
}
