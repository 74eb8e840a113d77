/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Details page's richer forms on libvirt's test driver, under Xvfb, as
 * a person uses them: the Boot page's device list reordered with Move Up,
 * Alt+Down and a drag of a row's handle (real pointer events through
 * XTest), its check boxes, and the boot order Apply writes per device.
 * test:///default is one host per process: a plain libvirt connection here
 * reads what the host holds.
 */
#include "config.h"

#include <string.h>

#include <gdk/gdkx.h>
#include <gtk/gtk.h>
#include <libvirt/libvirt.h>
#include <X11/extensions/XTest.h>

#include "domus-application.h"
#include "domus-boot-order-list.h"
#include "domus-details-page.h"
#include "domus-details-test.h"
#include "domus-domain-details-apply.h"
#include "domus-gui-test-util.h"
#include "domus-guest-addresses.h"
#include "domus-guest-window.h"
#include "domus-nic-addresses.h"
#include "domus-test-util.h"
#include "domus-volume-chooser.h"

#define TIMEOUT_S 60

static DomusApplication *the_app;
static char *original_xml;      /* the test guest as the test driver made it */

typedef DomusDetailsFixture Fixture;

static GtkWidget *
find (Fixture *f, const char *name, GType type)
{
    g_autoptr(GPtrArray) widgets = g_ptr_array_new ();

    domus_test_collect_widgets (f->page, type, widgets);
    for (guint i = 0; i < widgets->len; i++) {
        GtkWidget *widget = g_ptr_array_index (widgets, i);

        if (gtk_widget_get_mapped (widget) &&
            g_strcmp0 (atk_object_get_name (gtk_widget_get_accessible (widget)), name) == 0)
            return widget;
    }
    g_error ("no %s “%s”", g_type_name (type), name);
    return NULL;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    /* Each test starts from the guest as it came. */
    if (original_xml != NULL) {
        virConnectPtr other = virConnectOpen ("test:///default");

        virDomainFree (virDomainDefineXML (other, original_xml));
        virConnectClose (other);
    }
    domus_details_fixture_setup (f, the_app);
    if (original_xml == NULL)
        original_xml = domus_details_saved_xml (f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    domus_details_fixture_teardown (f);
}

/* ---- the boot order ---------------------------------------------------------- */

#define DISK_ROW "Disk vda — /guest/diskimage1"
#define NIC_ROW "NIC dd:ee:ff — default"

static GtkListBox *
boot_list (Fixture *f)
{
    return GTK_LIST_BOX (find (f, "Boot order", GTK_TYPE_LIST_BOX));
}

/* The rows' names, top to bottom, with "+" for a ticked one. */
static char *
boot_rows (Fixture *f)
{
    g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (boot_list (f)));
    g_autoptr(GString) text = g_string_new (NULL);

    for (GList *l = rows; l != NULL; l = l->next) {
        g_autoptr(GPtrArray) checks = g_ptr_array_new ();

        domus_test_collect_widgets (l->data, GTK_TYPE_CHECK_BUTTON, checks);
        g_assert_cmpuint (checks->len, ==, 1);
        g_string_append_printf (text, "%s%s%s", text->len > 0 ? " | " : "",
                                gtk_toggle_button_get_active (checks->pdata[0]) ? "+" : "",
                                atk_object_get_name (gtk_widget_get_accessible (l->data)));
    }
    return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkListBoxRow *
boot_row (Fixture *f, const char *name)
{
    g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (boot_list (f)));

    for (GList *l = rows; l != NULL; l = l->next) {
        if (g_strcmp0 (atk_object_get_name (gtk_widget_get_accessible (l->data)), name) == 0)
            return l->data;
    }
    g_error ("no boot row “%s”", name);
    return NULL;
}

static void
assert_rows (Fixture *f, const char *expected)
{
    g_autofree char *rows = boot_rows (f);

    g_assert_cmpstr (rows, ==, expected);
}

/* The boot order of the element ELEMENT in XML ("1"), or NULL. */
static char *
boot_of (const char *xml, const char *element)
{
    g_autofree char *open = g_strdup_printf ("<%s ", element);
    g_autofree char *close = g_strdup_printf ("</%s>", element);
    const char *start = strstr (xml, open);
    const char *end = start != NULL ? strstr (start, close) : NULL;
    const char *boot;

    g_assert_nonnull (end);
    boot = g_strstr_len (start, end - start, "<boot order='");
    if (boot == NULL)
        return NULL;
    boot += strlen ("<boot order='");
    return g_strndup (boot, strcspn (boot, "'"));
}

static void
assert_saved_order (Fixture *f, const char *disk, const char *nic)
{
    g_autofree char *xml = domus_details_saved_xml (f);
    g_autofree char *disk_order = boot_of (xml, "disk");
    g_autofree char *nic_order = boot_of (xml, "interface");

    g_assert_cmpstr (disk_order, ==, disk);
    g_assert_cmpstr (nic_order, ==, nic);
    g_assert_null (strstr (xml, "<boot dev="));
}

static GtkWidget *
row_check (GtkListBoxRow *row)
{
    g_autoptr(GPtrArray) checks = g_ptr_array_new ();

    domus_test_collect_widgets (GTK_WIDGET (row), GTK_TYPE_CHECK_BUTTON, checks);
    return checks->pdata[0];
}

/* Move Up on the NIC, then ticked: the NIC first, the disk second, written
 * per device in place of <os><boot dev='hd'/>, saved for the next start
 * (the guest runs). */
static void
test_boot_move_up (Fixture *f, gconstpointer data)
{
    GtkWidget *up, *down;

    domus_details_select_entry (f, "Boot Options");
    assert_rows (f, "+" DISK_ROW " | " NIC_ROW);
    up = find (f, "Move Up", GTK_TYPE_BUTTON);
    down = find (f, "Move Down", GTK_TYPE_BUTTON);
    gtk_list_box_select_row (boot_list (f), boot_row (f, NIC_ROW));
    g_assert_true (gtk_widget_is_sensitive (up));
    g_assert_false (gtk_widget_is_sensitive (down));
    gtk_button_clicked (GTK_BUTTON (up));
    assert_rows (f, NIC_ROW " | +" DISK_ROW);
    g_assert_false (gtk_widget_is_sensitive (up));
    g_assert_true (gtk_widget_is_sensitive (down));
    /* Not booted from, its place changes nothing yet. */
    g_assert_false (domus_details_page_get_dirty (DOMUS_DETAILS_PAGE (f->page)));
    gtk_button_clicked (GTK_BUTTON (row_check (boot_row (f, NIC_ROW))));
    assert_rows (f, "+" NIC_ROW " | +" DISK_ROW);
    g_assert_true (domus_details_page_get_dirty (DOMUS_DETAILS_PAGE (f->page)));
    domus_details_click_apply (f);
    g_assert_cmpstr (domus_details_outcome (f), ==,
                     domus_details_outcome_message (DOMUS_DETAILS_AFTER_SHUTDOWN));
    assert_saved_order (f, "2", "1");
    /* Read back: the page shows the saved order. */
    assert_rows (f, "+" NIC_ROW " | +" DISK_ROW);
}

/* Alt+Down on the focused first row moves it down; unticking a device
 * takes its <boot> away. */
static void
test_boot_keyboard (Fixture *f, gconstpointer data)
{
    GtkListBoxRow *disk;

    domus_details_select_entry (f, "Boot Options");
    gtk_button_clicked (GTK_BUTTON (row_check (boot_row (f, NIC_ROW))));
    assert_rows (f, "+" DISK_ROW " | +" NIC_ROW);
    disk = boot_row (f, DISK_ROW);
    gtk_list_box_select_row (boot_list (f), disk);
    gtk_widget_grab_focus (GTK_WIDGET (disk));
    domus_test_send_key (GTK_WIDGET (f->window), GDK_KEY_Down, GDK_MOD1_MASK);
    assert_rows (f, "+" NIC_ROW " | +" DISK_ROW);
    /* The row keeps the focus: once more does nothing at the end. */
    g_assert_true (gtk_widget_is_focus (GTK_WIDGET (disk)));
    domus_test_send_key (GTK_WIDGET (f->window), GDK_KEY_Down, GDK_MOD1_MASK);
    assert_rows (f, "+" NIC_ROW " | +" DISK_ROW);
    domus_details_click_apply (f);
    assert_saved_order (f, "2", "1");

    gtk_button_clicked (GTK_BUTTON (row_check (boot_row (f, NIC_ROW))));
    domus_details_click_apply (f);
    assert_saved_order (f, "1", NULL);
    assert_rows (f, "+" DISK_ROW " | " NIC_ROW);
}

/* ---- a drag with the real pointer (XTest on Xvfb) ------------------------------ */

/* The centre of WIDGET on the screen. */
static void
screen_centre (GtkWidget *widget, int *x, int *y)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (widget);
    GtkAllocation allocation;
    int tx = 0, ty = 0, ox = 0, oy = 0;

    gtk_widget_get_allocation (widget, &allocation);
    g_assert_true (gtk_widget_translate_coordinates (widget, toplevel, allocation.width / 2,
                                                     allocation.height / 2, &tx, &ty));
    gdk_window_get_origin (gtk_widget_get_window (toplevel), &ox, &oy);
    *x = ox + tx;
    *y = oy + ty;
}

typedef struct {
    int x, y;
} Point;

static gboolean
pointer_is_at (gpointer data)
{
    const Point *p = data;
    GdkDevice *pointer = gdk_seat_get_pointer (gdk_display_get_default_seat (
                                                   gdk_display_get_default ()));
    int x = -1, y = -1;

    gdk_device_get_position (pointer, NULL, &x, &y);
    return x == p->x && y == p->y;
}

static void
move_pointer (int x, int y)
{
    Display *dpy = GDK_DISPLAY_XDISPLAY (gdk_display_get_default ());
    Point p = { x, y };

    XTestFakeMotionEvent (dpy, -1, x, y, CurrentTime);
    XSync (dpy, False);
    DOMUS_TEST_WAIT_UNTIL (pointer_is_at (&p), TIMEOUT_S, "the pointer to move");
    while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
}

static void
press_pointer (gboolean press)
{
    Display *dpy = GDK_DISPLAY_XDISPLAY (gdk_display_get_default ());

    XTestFakeButtonEvent (dpy, 1, press, CurrentTime);
    XSync (dpy, False);
    while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
}

static void
drag_begin_cb (GtkWidget *handle, GdkDragContext *context, gboolean *begun)
{
    *begun = TRUE;
}

/* The NIC's handle dragged onto the disk's row with the pointer: the NIC
 * goes first. */
static void
test_boot_drag (Fixture *f, gconstpointer data)
{
    g_autoptr(GPtrArray) handles = g_ptr_array_new ();
    GtkWidget *handle;
    gboolean begun = FALSE;
    g_autofree char *rows = NULL;
    int x, y, to_x, to_y;

    domus_details_select_entry (f, "Boot Options");
    assert_rows (f, "+" DISK_ROW " | " NIC_ROW);
    domus_test_collect_widgets (GTK_WIDGET (boot_row (f, NIC_ROW)), GTK_TYPE_EVENT_BOX, handles);
    g_assert_cmpuint (handles->len, ==, 1);
    handle = handles->pdata[0];
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (handle) &&
                           gtk_widget_get_allocated_height (handle) > 1,
                           TIMEOUT_S, "the boot list on screen");
    g_signal_connect (handle, "drag-begin", G_CALLBACK (drag_begin_cb), &begun);
    screen_centre (handle, &x, &y);
    screen_centre (GTK_WIDGET (boot_row (f, DISK_ROW)), &to_x, &to_y);
    g_assert_cmpint (to_y, <, y);

    move_pointer (x, y);
    press_pointer (TRUE);
    /* Past the drag threshold, step by step as a hand moves. */
    for (int step = 1; step <= 4; step++)
        move_pointer (x, y - step * 4);
    DOMUS_TEST_WAIT_UNTIL (begun, TIMEOUT_S, "the drag to begin");
    move_pointer (to_x, to_y + 1);
    move_pointer (to_x, to_y);
    press_pointer (FALSE);
    DOMUS_TEST_WAIT_UNTIL ((g_free (rows), rows = boot_rows (f),
                            g_str_equal (rows, NIC_ROW " | +" DISK_ROW)),
                           TIMEOUT_S, "the NIC to move up");
    g_signal_handlers_disconnect_by_data (handle, &begun);

    /* Ticked and applied, the order is the list's. */
    gtk_button_clicked (GTK_BUTTON (row_check (boot_row (f, NIC_ROW))));
    domus_details_click_apply (f);
    assert_saved_order (f, "2", "1");
}

/* ---- a disk's source ------------------------------------------------------------ */

static GtkEntry *
source_entry (Fixture *f)
{
    return GTK_ENTRY (find (f, "Source path (empty: no media)", GTK_TYPE_ENTRY));
}

static const char *
check_text (Fixture *f)
{
    GtkWidget *check = domus_test_find_widget (f->page, NULL, "check_label");

    return gtk_widget_get_visible (check) ? gtk_label_get_text (GTK_LABEL (check)) : "";
}

/* A path in a pool's directory that the host does not have is refused
 * inline with the reason; one in no pool is a warning and can apply. */
static void
test_disk_path_checked (Fixture *f, gconstpointer data)
{
    GtkWidget *apply = domus_test_find_widget (f->page, NULL, "apply_button");
    const char *missing = "No volume or file at /default-pool/missing.img on host Test Host";
    const char *warning = "/srv/elsewhere.img is not in a storage pool of host Test Host: "
                          "Domus cannot check that it exists.";

    domus_details_select_entry (f, "Disk vda");
    domus_details_type_text (f, source_entry (f), "/default-pool/missing.img");
    /* Checked on the host once typing stops; Apply waits for it. */
    g_assert_false (gtk_widget_is_sensitive (apply));
    DOMUS_TEST_WAIT_UNTIL (g_str_equal (check_text (f), missing), TIMEOUT_S,
                           "the missing path refused");
    g_assert_false (gtk_widget_is_sensitive (apply));

    domus_details_type_text (f, source_entry (f), "/srv/elsewhere.img");
    DOMUS_TEST_WAIT_UNTIL (domus_test_has_label (f->page, warning), TIMEOUT_S,
                           "the warning under the path");
    g_assert_cmpstr (check_text (f), ==, "");
    g_assert_true (gtk_widget_is_sensitive (apply));

    /* Back to what the guest has: nothing to check. */
    domus_details_type_text (f, source_entry (f), "/guest/diskimage1");
    g_assert_false (domus_details_page_get_dirty (DOMUS_DETAILS_PAGE (f->page)));
    g_assert_false (domus_test_has_label (f->page, warning));
}

static gboolean
tree_select (GtkTreeView *view, const char *name)
{
    GtkTreeModel *model = gtk_tree_view_get_model (view);
    GtkTreeIter iter;

    if (!gtk_tree_model_get_iter_first (model, &iter))
        return FALSE;
    do {
        g_autofree char *value = NULL;

        gtk_tree_model_get (model, &iter, 0, &value, -1);
        if (g_strcmp0 (value, name) == 0) {
            g_autoptr(GtkTreePath) path = gtk_tree_model_get_path (model, &iter);

            gtk_tree_view_set_cursor (view, path, NULL, FALSE);
            return TRUE;
        }
    } while (gtk_tree_model_iter_next (model, &iter));
    return FALSE;
}

/* Browse… lists the host's pools and the first one's volumes; the chosen
 * volume's path goes into the field, is found on the host, and applies. */
static void
test_disk_browse (Fixture *f, gconstpointer data)
{
    virStoragePoolPtr pool = virStoragePoolLookupByName (f->other, "default-pool");
    virStorageVolPtr vol = virStorageVolCreateXML (pool, "<volume><name>chosen.img</name>"
                                                         "<capacity>1048576</capacity>"
                                                         "</volume>", 0);
    GtkWindow *dialog = NULL;
    GtkTreeView *volumes;
    g_autofree char *xml = NULL;

    g_assert_nonnull (vol);
    domus_details_select_entry (f, "Disk vda");
    gtk_button_clicked (GTK_BUTTON (find (f, "Browse…", GTK_TYPE_BUTTON)));
    DOMUS_TEST_WAIT_UNTIL ((dialog = domus_test_find_toplevel (DOMUS_TYPE_VOLUME_CHOOSER)) != NULL,
                           TIMEOUT_S, "the volume chooser");
    DOMUS_TEST_WAIT_UNTIL (!domus_volume_chooser_get_busy (DOMUS_VOLUME_CHOOSER (dialog)),
                           TIMEOUT_S, "the pools and volumes");
    g_assert_true (domus_test_has_label (GTK_WIDGET (dialog), "default-pool"));
    volumes = GTK_TREE_VIEW (domus_test_find_widget (GTK_WIDGET (dialog), "Volumes", NULL));
    g_assert_false (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog),
                                                        GTK_RESPONSE_ACCEPT) != NULL &&
                    gtk_widget_is_sensitive (gtk_dialog_get_widget_for_response (
                                                 GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT)));
    g_assert_true (tree_select (volumes, "chosen.img"));
    gtk_button_clicked (GTK_BUTTON (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog),
                                                                         GTK_RESPONSE_ACCEPT)));
    g_assert_null (domus_test_find_toplevel (DOMUS_TYPE_VOLUME_CHOOSER));
    g_assert_cmpstr (gtk_entry_get_text (source_entry (f)), ==, "/default-pool/chosen.img");
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_is_sensitive (domus_test_find_widget (f->page, NULL,
                                                                            "apply_button")),
                           TIMEOUT_S, "the chosen volume found");
    domus_details_click_apply (f);
    xml = domus_details_saved_xml (f);
    g_assert_nonnull (strstr (xml, "<source file='/default-pool/chosen.img'/>"));
    virStorageVolDelete (vol, 0);
    virStorageVolFree (vol);
    virStoragePoolFree (pool);
}

/* ---- a NIC's addresses ----------------------------------------------------------- */

/* The test driver answers the guest agent's question with 192.168.122.3
 * for the NIC aa:bb:cc:dd:ee:ff; Domus asks the agent of a guest whose
 * live definition has the agent's channel. */
static void
count_cb (guint *count)
{
    (*count)++;
}

static void
restart_with_agent (Fixture *f)
{
    g_autofree char *xml = domus_details_saved_xml (f);
    g_autoptr(GString) with = g_string_new (xml);
    virDomainPtr dom;
    guint events = 0;
    gulong handler = g_signal_connect_swapped (f->conn, "domain-event", G_CALLBACK (count_cb),
                                               &events);

    g_string_replace (with, "</devices>",
                      "<channel type='unix'><target type='virtio' "
                      "name='org.qemu.guest_agent.0'/></channel></devices>", 1);
    dom = virDomainDefineXML (f->other, with->str);
    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainDestroy (dom), ==, 0);
    g_assert_cmpint (virDomainCreate (dom), ==, 0);
    virDomainFree (dom);
    /* Stopped and started: Domus reads the guest's NICs again. */
    DOMUS_TEST_WAIT_UNTIL (events >= 2 && domus_domain_is_active (f->guest), TIMEOUT_S,
                           "the guest running again");
    g_signal_handler_disconnect (f->conn, handler);
}

/* What the agent says of aa:bb:cc:dd:ee:ff, asked through libvirt here. */
static char *
agent_address (Fixture *f)
{
    virDomainPtr dom = virDomainLookupByName (f->other, "test");
    virDomainInterfacePtr *ifaces = NULL;
    int n = virDomainInterfaceAddresses (dom, &ifaces, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT,
                                         0);
    char *address = NULL;

    g_assert_cmpint (n, >=, 1);
    for (int i = 0; i < n; i++) {
        if (g_strcmp0 (ifaces[i]->hwaddr, "aa:bb:cc:dd:ee:ff") == 0 && ifaces[i]->naddrs > 0 &&
            address == NULL)
            address = g_strdup (ifaces[i]->addrs[0].addr);
        virDomainInterfaceFree (ifaces[i]);
    }
    free (ifaces);
    virDomainFree (dom);
    g_assert_nonnull (address);
    return address;
}

static const char *
nic_addresses (Fixture *f)
{
    g_autoptr(GPtrArray) found = g_ptr_array_new ();

    domus_test_collect_widgets (f->page, DOMUS_TYPE_NIC_ADDRESSES, found);
    g_assert_cmpuint (found->len, ==, 1);
    return domus_nic_addresses_get_text (found->pdata[0]);
}

/* The NIC page shows the NIC's address, read when the page opens and on
 * Refresh (a read of the whole host's addresses, shared). */
static void
test_nic_addresses (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusGuestAddresses) addresses = domus_guest_addresses_get (f->conn);
    guint reads;

    g_autofree char *expected = NULL;

    restart_with_agent (f);
    expected = agent_address (f);
    DOMUS_TEST_WAIT_UNTIL (!domus_guest_addresses_is_reading (addresses), TIMEOUT_S,
                           "the addresses read");
    reads = domus_guest_addresses_get_reads (addresses);
    domus_details_select_entry (f, "NIC dd:ee:ff");
    g_assert_true (domus_guest_addresses_is_reading (addresses));
    DOMUS_TEST_WAIT_UNTIL (g_str_equal (nic_addresses (f), expected), TIMEOUT_S,
                           "the NIC's address");
    /* (A read a guest event asks for a few seconds later may come too.) */
    g_assert_cmpuint (domus_guest_addresses_get_reads (addresses), >=, reads + 1);
    reads = domus_guest_addresses_get_reads (addresses);

    gtk_button_clicked (GTK_BUTTON (find (f, "Refresh", GTK_TYPE_BUTTON)));
    /* What is known stays shown while it reads again. */
    g_assert_true (domus_guest_addresses_is_reading (addresses));
    g_assert_cmpstr (nic_addresses (f), ==, expected);
    DOMUS_TEST_WAIT_UNTIL (!domus_guest_addresses_is_reading (addresses), TIMEOUT_S,
                           "the addresses read again");
    g_assert_cmpuint (domus_guest_addresses_get_reads (addresses), >=, reads + 1);
    g_assert_cmpstr (nic_addresses (f), ==, expected);
}

int
main (int argc, char *argv[])
{
    int ret;

    gtk_test_init (&argc, &argv, NULL);
    the_app = domus_test_app_new ();

#define ADD(path, func) \
    g_test_add ("/details-forms/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
    ADD ("boot-move-up", test_boot_move_up);
    ADD ("boot-keyboard", test_boot_keyboard);
    ADD ("boot-drag", test_boot_drag);
    ADD ("disk-path-checked", test_disk_path_checked);
    ADD ("disk-browse", test_disk_browse);
    ADD ("nic-addresses", test_nic_addresses);
#undef ADD
    ret = g_test_run ();
    g_clear_object (&the_app);
    g_free (original_xml);
    return ret;
}
