/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Networks page of the host window on the test driver's shared
 * test:///default, with a plain libvirt connection as another client
 * ("virsh"): the page reached by its switcher button; "default" listed
 * with its subnet and the host's interfaces; the leases' refusal by the
 * test driver in libvirt's words; New Network… clicked, fields typed key
 * by key and refused inline (name in use, overlapping subnet, range outside
 * the subnet, bridge in use) until Create makes the network; Stop, Start,
 * Start at boot and Delete… (confirmed) clicked; a network another client
 * defines appears; libvirt's refusal of a create shown in the dialog.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>
#include <libvirt/libvirt.h>

#include "domus-application.h"
#include "domus-gui-test-util.h"
#include "domus-guest-window.h"
#include "domus-host-window.h"
#include "domus-manager-window.h"
#include "domus-networks-page.h"
#include "domus-new-network-dialog.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

static DomusApplication *the_app;

typedef struct {
    DomusApplication *app;
    DomusConnection *conn;
    virConnectPtr other;
    GtkWidget *window;
    GtkWidget *page;
    GtkTreeView *view;
    GtkWidget *dialog;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
    GtkStack *stack;

    f->app = the_app;
    f->other = virConnectOpen ("test:///default");
    g_assert_nonnull (f->other);
    f->conn = g_object_ref (domus_application_add_connection (f->app, "test:///default",
                                                             "Test Host"));
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (f->conn) ==
                           DOMUS_CONNECTION_STATE_CONNECTED, TIMEOUT_S, "the connection");
    f->window = GTK_WIDGET (domus_host_window_get_for_connection (f->conn, NULL));
    gtk_window_present (GTK_WINDOW (f->window));

    /* The switcher's "Networks" button, clicked. */
    domus_test_collect_widgets (f->window, GTK_TYPE_RADIO_BUTTON, buttons);
    for (guint i = 0; i < buttons->len; i++) {
        GtkWidget *child = gtk_bin_get_child (g_ptr_array_index (buttons, i));

        if (GTK_IS_LABEL (child) && g_str_equal (gtk_label_get_text (GTK_LABEL (child)),
                                                 "Networks"))
            gtk_button_clicked (g_ptr_array_index (buttons, i));
    }
    stack = GTK_STACK (domus_test_find_widget (f->window, NULL, "stack"));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "networks");
    f->page = gtk_stack_get_visible_child (stack);
    g_assert_true (DOMUS_IS_NETWORKS_PAGE (f->page));
    f->view = GTK_TREE_VIEW (domus_test_find_widget (f->page, "Virtual networks", NULL));
    g_assert_nonnull (f->view);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    virNetworkPtr *nets = NULL;
    int n;
    g_autoptr(GtkWindow) dialog = NULL;

    while ((dialog = domus_test_find_toplevel (GTK_TYPE_DIALOG)) != NULL)
        gtk_widget_destroy (GTK_WIDGET (g_steal_pointer (&dialog)));
    gtk_widget_destroy (f->window);
    n = virConnectListAllNetworks (f->other, &nets, 0);
    for (int i = 0; i < n; i++) {
        if (g_strcmp0 (virNetworkGetName (nets[i]), "default") != 0) {
            virNetworkDestroy (nets[i]);
            virNetworkUndefine (nets[i]);
        } else {
            virNetworkCreate (nets[i]);
            virNetworkSetAutostart (nets[i], 0);
        }
        virNetworkFree (nets[i]);
    }
    free (nets);
    domus_test_remove_connections (f->app);
    g_clear_object (&f->conn);
    virConnectClose (f->other);
}

/* ---- the page as a person sees it ---------------------------------------- */

/* The row of network NAME, column COL, or NULL when not listed. */
static char *
cell (GtkTreeView *view, const char *name, int col)
{
    GtkTreeModel *model = gtk_tree_view_get_model (view);
    GtkTreeIter iter;

    if (!gtk_tree_model_get_iter_first (model, &iter))
        return NULL;
    do {
        g_autofree char *row_name = NULL;
        char *value = NULL;

        gtk_tree_model_get (model, &iter, 0, &row_name, col, &value, -1);
        if (g_strcmp0 (row_name, name) == 0)
            return value;
        g_free (value);
    } while (gtk_tree_model_iter_next (model, &iter));
    return NULL;
}

static gboolean
cell_is (GtkTreeView *view, const char *name, int col, const char *expected)
{
    g_autofree char *value = cell (view, name, col);

    return g_strcmp0 (value, expected) == 0;
}

static gboolean
listed (GtkTreeView *view, const char *name)
{
    g_autofree char *value = cell (view, name, 0);

    return value != NULL;
}

static void
select_network (Fixture *f, const char *name)
{
    GtkTreeModel *model = gtk_tree_view_get_model (f->view);
    GtkTreeIter iter;

    DOMUS_TEST_WAIT_UNTIL (cell_is (f->view, name, 0, name), TIMEOUT_S, "the network's row");
    gtk_tree_model_get_iter_first (model, &iter);
    do {
        g_autofree char *row_name = NULL;

        gtk_tree_model_get (model, &iter, 0, &row_name, -1);
        if (g_strcmp0 (row_name, name) == 0) {
            g_autoptr(GtkTreePath) path = gtk_tree_model_get_path (model, &iter);

            gtk_tree_view_set_cursor (f->view, path, NULL, FALSE);
            return;
        }
    } while (gtk_tree_model_iter_next (model, &iter));
}

static GtkWidget *
button (GtkWidget *root, const char *label)
{
    GtkWidget *b = domus_test_find_widget (root, label, NULL);

    g_assert_nonnull (b);
    return b;
}

/* Clicks a button that must be clickable. */
static void
click (GtkWidget *root, const char *label)
{
    GtkWidget *b = button (root, label);

    DOMUS_TEST_WAIT_UNTIL (gtk_widget_is_sensitive (b), TIMEOUT_S, label);
    gtk_button_clicked (GTK_BUTTON (b));
}

/* Types TEXT into the field named NAME as a person does: focus, select all,
 * a key press per character (Backspace for an empty TEXT). */
static void
type (Fixture *f, const char *name, const char *text)
{
    GtkWidget *entry = domus_test_find_widget (f->dialog, name, NULL);

    g_assert_nonnull (entry);
    gtk_window_present (GTK_WINDOW (f->dialog));
    gtk_widget_grab_focus (entry);
    gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
    if (*text == '\0')
        g_assert_true (gtk_test_widget_send_key (entry, GDK_KEY_BackSpace, 0));
    for (const char *p = text; *p != '\0'; p++)
        g_assert_true (gtk_test_widget_send_key (entry, gdk_unicode_to_keyval (*p), 0));
    DOMUS_TEST_WAIT_UNTIL (g_str_equal (gtk_entry_get_text (GTK_ENTRY (entry)), text),
                           TIMEOUT_S, "the key presses to reach the field");
}

static const char *
message (Fixture *f)
{
    return gtk_label_get_text (GTK_LABEL (domus_test_find_widget (f->dialog, NULL,
                                                                  "message_label")));
}

static gboolean
can_create (Fixture *f)
{
    return gtk_widget_is_sensitive (button (f->dialog, "Create"));
}

static void
open_dialog (Fixture *f)
{
    click (f->page, "New Network…");
    DOMUS_TEST_WAIT_UNTIL ((f->dialog = GTK_WIDGET (domus_test_find_toplevel (
                                DOMUS_TYPE_NEW_NETWORK_DIALOG))) != NULL,
                           TIMEOUT_S, "the New Network dialog");
}

/* ---- tests --------------------------------------------------------------- */

static void
test_list (Fixture *f, gconstpointer data)
{
    GtkTreeView *ifaces = GTK_TREE_VIEW (domus_test_find_widget (f->page, "Host interfaces",
                                                                 NULL));
    GtkWidget *note = domus_test_find_widget (f->page, NULL, "leases_note");
    g_autoptr(GPtrArray) unnamed = g_ptr_array_new ();

    DOMUS_TEST_WAIT_UNTIL (cell_is (f->view, "default", 1, "Active"), TIMEOUT_S,
                           "default to be listed");
    g_assert_true (cell_is (f->view, "default", 2, "NAT"));
    g_assert_true (cell_is (f->view, "default", 3, "virbr0"));
    g_assert_true (cell_is (f->view, "default", 4,
                            "192.168.122.1/24, DHCP 192.168.122.2 – 192.168.122.254"));
    g_assert_true (cell_is (f->view, "default", 6, "No"));
    DOMUS_TEST_WAIT_UNTIL (cell_is (ifaces, "eth1", 4, "192.168.0.5/24"), TIMEOUT_S,
                           "the host's interface eth1");
    g_assert_true (cell_is (ifaces, "eth1", 2, "aa:bb:cc:dd:ee:ff"));

    /* Nothing selected: nothing to act on. */
    g_assert_false (gtk_widget_is_sensitive (button (f->page, "Stop")));
    g_assert_false (gtk_widget_is_sensitive (button (f->page, "Delete…")));
    g_assert_true (gtk_widget_is_sensitive (button (f->page, "New Network…")));

    select_network (f, "default");
    DOMUS_TEST_WAIT_UNTIL (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (note)),
                                             "this function is not supported by the "
                                             "connection driver: virNetworkGetDHCPLeases"),
                           TIMEOUT_S, "the leases' refusal");
    g_assert_true (gtk_widget_get_visible (note));
    g_assert_true (domus_test_has_label (f->page, "DHCP Leases of “default”"));

    domus_test_collect_unnamed (f->page, unnamed);
    g_assert_cmpuint (unnamed->len, ==, 0);
}

static void
test_new_network (Fixture *f, gconstpointer data)
{
    open_dialog (f);
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (domus_test_find_widget (
                         f->dialog, "Network name", NULL))), ==, "network1");
    /* The defaults collide with nothing: 192.168.100.0/24 is free here. */
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (domus_test_find_widget (
                         f->dialog, "IPv4 address", NULL))), ==, "192.168.100.1");
    g_assert_cmpstr (message (f), ==, "");
    g_assert_true (can_create (f));

    type (f, "Network name", "default");
    g_assert_cmpstr (message (f), ==, "This host already has a network named “default”.");
    g_assert_false (can_create (f));
    type (f, "Network name", "lab");
    g_assert_true (can_create (f));

    type (f, "Bridge name", "virbr0");
    g_assert_cmpstr (message (f), ==, "The bridge “virbr0” belongs to another network.");
    type (f, "Bridge name", "virbr8");

    type (f, "IPv4 address", "192.168.122.9");
    g_assert_cmpstr (message (f), ==,
                     "The subnet 192.168.122.9/24 overlaps the one of “default” on this host: "
                     "choose another.");
    g_assert_false (can_create (f));
    type (f, "IPv4 address", "192.168.50.1");
    g_assert_cmpstr (message (f), ==,
                     "The DHCP range 192.168.100.2 – 192.168.100.254 is outside the subnet "
                     "192.168.50.1/24.");
    type (f, "IPv4 DHCP range start", "192.168.50.100");
    type (f, "IPv4 DHCP range end", "192.168.50.199");
    g_assert_cmpstr (message (f), ==, "");
    type (f, "DNS domain", "lab example");
    g_assert_cmpstr (message (f), ==,
                     "A DNS domain has letters, digits, “-” and “.” only.");
    type (f, "DNS domain", "lab.example");
    g_assert_true (can_create (f));

    click (f->dialog, "Create");
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (DOMUS_TYPE_NEW_NETWORK_DIALOG) == NULL,
                           TIMEOUT_S, "the dialog to close");
    DOMUS_TEST_WAIT_UNTIL (cell_is (f->view, "lab", 1, "Active"), TIMEOUT_S,
                           "the new network to be listed");
    g_assert_true (cell_is (f->view, "lab", 4,
                            "192.168.50.1/24, DHCP 192.168.50.100 – 192.168.50.199"));
    g_assert_true (cell_is (f->view, "lab", 3, "virbr8"));
    g_assert_true (cell_is (f->view, "lab", 6, "Yes"));
}

static void
test_isolated_kind (Fixture *f, gconstpointer data)
{
    open_dialog (f);
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (domus_test_find_widget (f->dialog,
                                                                        "Network kind", NULL)),
                                 "isolated");
    g_assert_cmpstr (message (f), ==, "");
    gtk_button_clicked (GTK_BUTTON (domus_test_find_widget (f->dialog, "IPv4 subnet", NULL)));
    g_assert_true (can_create (f));
    click (f->dialog, "Create");
    DOMUS_TEST_WAIT_UNTIL (cell_is (f->view, "network1", 2, "Isolated"), TIMEOUT_S,
                           "the isolated network");
    g_assert_true (cell_is (f->view, "network1", 4, ""));

    /* A host bridge has no subnet fields. */
    open_dialog (f);
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (domus_test_find_widget (f->dialog,
                                                                        "Network kind", NULL)),
                                 "bridge");
    g_assert_false (gtk_widget_get_visible (domus_test_find_widget (f->dialog, "IPv4 address",
                                                                    NULL)));
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (domus_test_find_widget (
                         f->dialog, "Bridge name", NULL))), ==, "br0");
}

static void
test_actions (Fixture *f, gconstpointer data)
{
    GtkWidget *autostart = domus_test_find_widget (f->page, "Start at boot", NULL);
    GtkWidget *confirm;

    select_network (f, "default");
    click (f->page, "Stop");
    DOMUS_TEST_WAIT_UNTIL (cell_is (f->view, "default", 1, "Inactive"), TIMEOUT_S,
                           "default to stop");
    g_assert_false (gtk_widget_is_sensitive (button (f->page, "Stop")));
    DOMUS_TEST_WAIT_UNTIL (domus_test_has_label (f->page, "The network is not running."),
                           TIMEOUT_S, "the leases' note");
    click (f->page, "Start");
    DOMUS_TEST_WAIT_UNTIL (cell_is (f->view, "default", 1, "Active"), TIMEOUT_S,
                           "default to start");

    g_assert_nonnull (autostart);
    g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (autostart)));
    gtk_button_clicked (GTK_BUTTON (autostart));
    DOMUS_TEST_WAIT_UNTIL (cell_is (f->view, "default", 6, "Yes"), TIMEOUT_S,
                           "autostart to be on");
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (autostart)));

    click (f->page, "Delete…");
    DOMUS_TEST_WAIT_UNTIL ((confirm = GTK_WIDGET (domus_test_find_toplevel (
                                GTK_TYPE_MESSAGE_DIALOG))) != NULL,
                           TIMEOUT_S, "the confirmation");
    g_assert_true (domus_test_has_label (confirm, "Delete network “default”?"));
    /* Cancel keeps it. */
    click (confirm, "Cancel");
    g_assert_null (domus_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG));
    g_assert_true (cell_is (f->view, "default", 1, "Active"));

    click (f->page, "Delete…");
    DOMUS_TEST_WAIT_UNTIL ((confirm = GTK_WIDGET (domus_test_find_toplevel (
                                GTK_TYPE_MESSAGE_DIALOG))) != NULL,
                           TIMEOUT_S, "the confirmation");
    click (confirm, "Delete");
    DOMUS_TEST_WAIT_UNTIL (!listed (f->view, "default"), TIMEOUT_S, "default to go");

    /* Put back for the other tests. */
    {
        virNetworkPtr net = virNetworkDefineXML (
            f->other, "<network><name>default</name><forward mode='nat'/>"
                      "<bridge name='virbr0'/><ip address='192.168.122.1' "
                      "netmask='255.255.255.0'><dhcp><range start='192.168.122.2' "
                      "end='192.168.122.254'/></dhcp></ip></network>");

        g_assert_nonnull (net);
        virNetworkCreate (net);
        virNetworkFree (net);
    }
}

static void
test_other_client_and_refusal (Fixture *f, gconstpointer data)
{
    virNetworkPtr net;

    open_dialog (f);
    net = virNetworkDefineXML (f->other, "<network><name>race</name>"
                                         "<bridge name='virbr55'/></network>");
    g_assert_nonnull (net);
    virNetworkFree (net);
    DOMUS_TEST_WAIT_UNTIL (cell_is (f->view, "race", 1, "Inactive"), TIMEOUT_S,
                           "the other client's network");

    /* The dialog's copy of the list is older: libvirt refuses, in its words. */
    type (f, "Network name", "race");
    g_assert_true (can_create (f));
    click (f->dialog, "Create");
    DOMUS_TEST_WAIT_UNTIL (g_str_has_prefix (message (f), "Defining the network failed: "),
                           TIMEOUT_S, "the refusal");
    g_assert_nonnull (strstr (message (f), "race"));
    g_assert_nonnull (domus_test_find_toplevel (DOMUS_TYPE_NEW_NETWORK_DIALOG));
    g_assert_true (can_create (f));
}

/* A running guest with a guest agent (the test driver answers for one):
 * its address in the guest window's status bar, and in its row's tooltip
 * in the manager window. */
/* Moves the pointer over the row of guest NAME in the manager window's
 * list, as a person's mouse does. */
static void
hover_guest_row (GtkTreeView *view, const char *name)
{
    GtkTreeModel *model = gtk_tree_view_get_model (view);
    GtkTreeIter host, guest;
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (view));
    GdkWindow *window = gtk_widget_get_window (toplevel);
    GdkDevice *pointer = gdk_seat_get_pointer (gdk_display_get_default_seat (
        gdk_display_get_default ()));
    GdkRectangle area;
    int wx, wy, x, y, ox, oy;

    g_assert_true (gtk_tree_model_get_iter_first (model, &host));
    gtk_tree_view_expand_all (view);
    g_assert_true (gtk_tree_model_iter_children (model, &guest, &host));
    do {
        g_autoptr(GObject) row = NULL;

        gtk_tree_model_get (model, &guest, 0, &row, -1);
        if (DOMUS_IS_DOMAIN (row) && g_str_equal (domus_domain_get_name (DOMUS_DOMAIN (row)),
                                                  name)) {
            g_autoptr(GtkTreePath) path = gtk_tree_model_get_path (model, &guest);

            gtk_tree_view_scroll_to_cell (view, path, NULL, FALSE, 0, 0);
            gtk_tree_view_get_cell_area (view, path, gtk_tree_view_get_column (view, 0), &area);
            gtk_tree_view_convert_bin_window_to_widget_coords (view, area.x + area.width / 2,
                                                               area.y + area.height / 2,
                                                               &wx, &wy);
            g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (view), toplevel,
                                                             wx, wy, &x, &y));
            gdk_window_get_origin (window, &ox, &oy);
            gdk_device_warp (pointer, gdk_window_get_screen (window), ox + x, oy + y);
            return;
        }
    } while (gtk_tree_model_iter_next (model, &guest));
    g_error ("no row for guest %s", name);
}

static void
test_guest_address (Fixture *f, gconstpointer data)
{
    virDomainPtr dom = virDomainDefineXML (
        f->other,
        "<domain type='test'><name>agent-guest</name><memory>65536</memory>"
        "<os><type>hvm</type></os><devices>"
        "<interface type='network'><mac address='52:54:00:00:00:42'/>"
        "<source network='default'/></interface>"
        "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>"
        "</devices></domain>");
    virDomainInterfacePtr *ifaces = NULL;
    g_autofree char *expected = NULL;
    DomusDomain *guest;
    DomusGuestWindow *window;

    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainCreate (dom), ==, 0);
    g_assert_cmpint (virDomainInterfaceAddresses (dom, &ifaces,
                                                  VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0),
                     ==, 1);
    expected = g_strdup_printf ("IP: %s", ifaces[0]->addrs[0].addr);
    virDomainInterfaceFree (ifaces[0]);
    free (ifaces);
    DOMUS_TEST_WAIT_UNTIL ((guest = domus_connection_find_domain_by_name (f->conn, "agent-guest"))
                           != NULL && domus_domain_is_active (guest),
                           TIMEOUT_S, "the guest to run");

    window = domus_guest_window_present (f->app, f->conn, guest);
    DOMUS_TEST_WAIT_UNTIL (domus_test_has_label (GTK_WIDGET (window), expected), TIMEOUT_S,
                           "the guest's address in its window");
    gtk_widget_destroy (GTK_WIDGET (window));

    {
        DomusManagerWindow *manager = domus_manager_window_new (f->app);
        GtkTreeView *view = domus_manager_window_get_tree_view (manager);
        g_autofree char *tip = g_strdup_printf ("agent-guest\n%s", expected);

        gtk_window_present (GTK_WINDOW (manager));
        DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (view)), TIMEOUT_S,
                               "the manager window");
        hover_guest_row (view, "agent-guest");
        DOMUS_TEST_WAIT_UNTIL (domus_test_tooltip_is (tip), TIMEOUT_S,
                               "the guest row's tooltip with its address");
        gtk_widget_destroy (GTK_WIDGET (manager));
    }
    virDomainDestroy (dom);
    virDomainUndefine (dom);
    virDomainFree (dom);
}

int
main (int argc, char *argv[])
{
    int ret;

    gtk_test_init (&argc, &argv, NULL);
    the_app = domus_test_app_new ();

#define ADD(path, func) \
    g_test_add ("/networks-page/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
    ADD ("list", test_list);
    ADD ("new-network", test_new_network);
    ADD ("isolated-kind", test_isolated_kind);
    ADD ("actions", test_actions);
    ADD ("other-client-and-refusal", test_other_client_and_refusal);
    ADD ("guest-address", test_guest_address);
#undef ADD
    ret = g_test_run ();
    g_clear_object (&the_app);
    return ret;
}
