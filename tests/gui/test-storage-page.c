/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Storage page of the host window on libvirt's test driver, used as a
 * person uses it under Xvfb: the page picked in the window's switcher,
 * New Volume and New Pool filled in by typing and checked inline, the
 * format of a device asked first and naming it, the Pool and Volume menus
 * popped and their items clicked, the confirmations answered. And a pool
 * of 5000 volumes (a generated test-driver host) listed while a heartbeat
 * shows the main loop kept running.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "domus-gui-test-util.h"
#include "domus-host-window.h"
#include "domus-import-dialog.h"
#include "domus-libvirt.h"
#include "domus-new-pool-dialog.h"
#include "domus-new-volume-dialog.h"
#include "domus-storage-page.h"
#include "domus-test-create.h"

#define TIMEOUT_S 60

typedef struct {
    DomusConnection *conn;
    GtkWindow *window;
    DomusStoragePage *page;
    GtkTreeView *pools;
    GtkTreeView *volumes;
    char *host_dir;     /* the test-driver host's file, in a directory of its own */
    char *host_xml;
} Fixture;

static void
open_page (Fixture *f, const char *uri)
{
    GtkStack *stack;

    f->conn = domus_test_connect (uri);
    f->window = GTK_WINDOW (domus_host_window_get_for_connection (f->conn, NULL));
    gtk_window_present (f->window);
    stack = GTK_STACK (domus_test_find_widget (GTK_WIDGET (f->window), NULL, "stack"));
    g_assert_nonnull (stack);
    f->page = DOMUS_STORAGE_PAGE (gtk_stack_get_child_by_name (stack, "storage"));
    g_assert_nonnull (f->page);
    gtk_stack_set_visible_child (stack, GTK_WIDGET (f->page));
    f->pools = GTK_TREE_VIEW (domus_test_find_widget (GTK_WIDGET (f->page), "Storage pools",
                                                      NULL));
    f->volumes = GTK_TREE_VIEW (domus_test_find_widget (GTK_WIDGET (f->page), "Volumes", NULL));
    g_assert_nonnull (f->pools);
    g_assert_nonnull (f->volumes);
}

/* Each test on a host of its own: test:///default is one host for the
 * whole process, kept while any connection to it is open, and a closed
 * connection's worker closes it in its own time; under load the next test
 * then found the last one's volumes (and waited in vain for "0 volumes").
 * A test-driver file is a new host for every connection. */
static void
fixture_setup (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;

    f->host_dir = g_dir_make_tmp ("domus-storage-page-XXXXXX", &error);
    g_assert_no_error (error);
    f->host_xml = g_build_filename (f->host_dir, "host.xml", NULL);
    g_file_set_contents (f->host_xml,
                         "<node><pool type='dir'><name>default-pool</name>"
                         "<capacity>107374182400</capacity><allocation>0</allocation>"
                         "<available>107374182400</available>"
                         "<target><path>/default-pool</path></target></pool></node>",
                         -1, &error);
    g_assert_no_error (error);
    uri = g_strconcat ("test://", f->host_xml, NULL);
    open_page (f, uri);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    g_autoptr(GtkWindow) dialog = NULL;

    while ((dialog = domus_test_find_toplevel (GTK_TYPE_DIALOG)) != NULL)
        gtk_widget_destroy (GTK_WIDGET (g_steal_pointer (&dialog)));
    if (f->window != NULL)
        gtk_widget_destroy (GTK_WIDGET (f->window));
    while (g_main_context_iteration (NULL, FALSE))
        ;
    g_clear_object (&f->conn);
    if (f->host_xml != NULL) {
        g_unlink (f->host_xml);
        g_rmdir (f->host_dir);
    }
    g_free (f->host_xml);
    g_free (f->host_dir);
}

/* ---- what the page shows ---- */

/* The values of COLUMN in the view's rows, "|"-joined. */
static char *
column_values (GtkTreeView *view, int column)
{
    GtkTreeModel *model = gtk_tree_view_get_model (view);
    g_autoptr(GString) out = g_string_new (NULL);
    GtkTreeIter iter;

    if (gtk_tree_model_get_iter_first (model, &iter)) {
        do {
            g_autofree char *value = NULL;

            gtk_tree_model_get (model, &iter, column, &value, -1);
            g_string_append_printf (out, "%s%s", out->len > 0 ? "|" : "", value);
        } while (gtk_tree_model_iter_next (model, &iter));
    }
    return g_strdup (out->str);
}

static gboolean
shows (GtkTreeView *view, int column, const char *expected)
{
    g_autofree char *values = column_values (view, column);
    static char *last;

    /* What it showed, for the message of a wait that timed out. */
    if (g_strcmp0 (last, values) != 0) {
        g_test_message ("shown: %s", values);
        g_free (last);
        last = g_strdup (values);
    }
    return g_str_equal (values, expected);
}

#define AWAIT_SHOWN(view, column, expected)                                  \
    DOMUS_TEST_WAIT_UNTIL (shows ((view), (column), (expected)), TIMEOUT_S,  \
                           "the list to show " expected)

static void
select_row (GtkTreeView *view, const char *name)
{
    GtkTreeModel *model = gtk_tree_view_get_model (view);
    GtkTreeIter iter;

    g_assert_true (gtk_tree_model_get_iter_first (model, &iter));
    do {
        g_autofree char *value = NULL;

        gtk_tree_model_get (model, &iter, 0, &value, -1);
        if (g_strcmp0 (value, name) == 0) {
            g_autoptr(GtkTreePath) path = gtk_tree_model_get_path (model, &iter);

            gtk_tree_view_set_cursor (view, path, NULL, FALSE);
            return;
        }
    } while (gtk_tree_model_iter_next (model, &iter));
    g_error ("no row %s", name);
}

static gboolean
page_says (Fixture *f, const char *text)
{
    return domus_test_has_label (GTK_WIDGET (f->page), text);
}

/* ---- a person's hands ---- */

static void
click (GtkWidget *root, const char *name)
{
    GtkWidget *button = domus_test_find_widget (root, name, NULL);

    g_assert_nonnull (button);
    g_assert_true (gtk_widget_is_sensitive (button));
    gtk_button_clicked (GTK_BUTTON (button));
}

/* Pops the page's menu button WHICH ("Pool", "Volume") and clicks its
 * item LABEL. */
static void
menu_click (Fixture *f, const char *which, const char *label)
{
    g_autofree char *id = g_strdup_printf ("%s_menu_button", which);
    GtkMenuButton *button;
    GtkWidget *popover;
    g_autoptr(GPtrArray) items = g_ptr_array_new ();

    *id = g_ascii_tolower (*id);
    button = GTK_MENU_BUTTON (domus_test_find_widget (GTK_WIDGET (f->page), NULL, id));
    g_assert_nonnull (button);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
    popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (popover), TIMEOUT_S, "the menu");
    domus_test_collect_widgets (popover, g_type_from_name ("GtkModelButton"), items);
    for (guint i = 0; i < items->len; i++) {
        GtkWidget *item = g_ptr_array_index (items, i);
        g_autofree char *text = NULL;

        g_object_get (item, "text", &text, NULL);
        /* The mnemonic's underscore aside. */
        for (char *p = text; p != NULL && (p = strchr (p, '_')) != NULL;)
            memmove (p, p + 1, strlen (p));
        if (g_strcmp0 (text, label) == 0 && gtk_widget_get_visible (item)) {
            g_assert_true (gtk_widget_is_sensitive (item));
            gtk_button_clicked (GTK_BUTTON (item));
            return;
        }
    }
    g_error ("no menu item %s", label);
}

/* Focuses the field labelled NAME in WINDOW and types TEXT into it. */
static GtkWidget *
await_dialog (GType type)
{
    GtkWindow *dialog = NULL;

    DOMUS_TEST_WAIT_UNTIL ((dialog = domus_test_find_toplevel (type)) != NULL &&
                           gtk_widget_get_mapped (GTK_WIDGET (dialog)), TIMEOUT_S,
                           g_type_name (type));
    return GTK_WIDGET (dialog);
}

static void
answer (const char *button)
{
    GtkWidget *dialog = await_dialog (GTK_TYPE_MESSAGE_DIALOG);

    click (dialog, button);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG) == NULL,
                           TIMEOUT_S, "the question to close");
}

/* ---- tests ---- */

static void
test_volumes (Fixture *f, gconstpointer data)
{
    GtkWidget *dialog;

    AWAIT_SHOWN (f->pools, 0, "default-pool");
    DOMUS_TEST_WAIT_UNTIL (page_says (f, "0 volumes"), TIMEOUT_S, "the empty pool listed");

    click (GTK_WIDGET (f->page), "New Volume…");
    dialog = await_dialog (DOMUS_TYPE_NEW_VOLUME_DIALOG);
    /* Nothing typed yet: said next to the field, Create not offered. */
    g_assert_true (domus_test_has_label (dialog, "The volume needs a name."));
    g_assert_false (gtk_widget_is_sensitive (domus_test_find_widget (dialog, "Create", NULL)));
    domus_test_type_into (dialog, "Name", "disk1.qcow2");
    g_assert_false (domus_test_has_label (dialog, "The volume needs a name."));
    domus_test_type_into (dialog, "Size (GiB)", "2");
    click (dialog, "Create");
    AWAIT_SHOWN (f->volumes, 0, "disk1.qcow2");
    DOMUS_TEST_WAIT_UNTIL (page_says (f, "1 volume"), TIMEOUT_S, "one volume counted");
    g_assert_true (shows (f->volumes, 1, "qcow2"));
    g_assert_true (shows (f->volumes, 2, "2.0\u00a0GiB"));

    /* Copy it from the Volume menu, with the name suggested. */
    select_row (f->volumes, "disk1.qcow2");
    menu_click (f, "Volume", "Clone…");
    answer ("Copy");
    AWAIT_SHOWN (f->volumes, 0, "disk1-clone.qcow2|disk1.qcow2");

    /* Delete the copy: asked, then gone. */
    select_row (f->volumes, "disk1-clone.qcow2");
    menu_click (f, "Volume", "Delete…");
    g_assert_true (domus_test_has_label (await_dialog (GTK_TYPE_MESSAGE_DIALOG),
                                         "Its data will be lost."));
    answer ("Delete");
    AWAIT_SHOWN (f->volumes, 0, "disk1.qcow2");

    /* Resize on the test driver: libvirt's refusal shown whole. */
    select_row (f->volumes, "disk1.qcow2");
    menu_click (f, "Volume", "Resize…");
    answer ("Resize");
    dialog = await_dialog (GTK_TYPE_MESSAGE_DIALOG);
    g_assert_true (domus_test_has_label (dialog, "Could not resize volume “disk1.qcow2”"));
    answer ("Close");
}

static GtkComboBox *
kind_combo (GtkWidget *dialog)
{
    GtkWidget *combo = domus_test_find_widget (dialog, "Kind", NULL);

    g_assert_true (GTK_IS_COMBO_BOX (combo));
    return GTK_COMBO_BOX (combo);
}

static char *
pool_xml (GtkWidget *dialog)
{
    GtkWidget *view = domus_test_find_widget (dialog, "Pool XML", NULL);
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GtkWidget *label_containing (GtkWidget *root, const char *text);

static void
test_new_pool (Fixture *f, gconstpointer data)
{
    GtkWidget *dialog;
    g_autofree char *xml = NULL;

    AWAIT_SHOWN (f->pools, 0, "default-pool");
    click (GTK_WIDGET (f->page), "New Pool…");
    dialog = await_dialog (DOMUS_TYPE_NEW_POOL_DIALOG);

    /* A whole disk: formatting it is asked first, naming the device; no. */
    gtk_combo_box_set_active_id (kind_combo (dialog), "disk");
    domus_test_type_into (dialog, "Name", "wholedisk");
    g_assert_true (domus_test_has_label (dialog, "Enter the device, such as /dev/sdb."));
    domus_test_type_into (dialog, "Device", "/dev/sdz");
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (domus_test_find_widget (
        dialog, "Format the device (erases it)", NULL)), TRUE);
    click (dialog, "Create");
    g_assert_true (domus_test_has_label (await_dialog (GTK_TYPE_MESSAGE_DIALOG),
                                         "Format /dev/sdz?"));
    answer ("Cancel");
    g_assert_true (shows (f->pools, 0, "default-pool"));

    /* A direct iSCSI pool: its portal's port typed, checked, in the XML;
     * discovery asks for the initiator first, then shows the host's
     * answer (the test driver cannot discover) whole. */
    gtk_combo_box_set_active_id (kind_combo (dialog), "iscsi-direct");
    domus_test_type_into (dialog, "Name", "san");
    domus_test_type_into (dialog, "Server", "san.example.com");
    domus_test_type_into (dialog, "Target IQN", "iqn.2024-01.com.example:disks");
    domus_test_type_into (dialog, "Initiator IQN", "iqn.2024-01.com.example:host");
    domus_test_type_into (dialog, "Port", "99999");
    g_assert_true (domus_test_has_label (dialog, "The port is a number from 1 to 65535."));
    domus_test_type_into (dialog, "Port", "3267");
    g_clear_pointer (&xml, g_free);
    xml = pool_xml (dialog);
    g_assert_nonnull (strstr (xml, "<host name=\"san.example.com\" port=\"3267\"/>"));
    domus_test_type_into (dialog, "Initiator IQN", "");
    click (dialog, "Discover");
    g_assert_true (domus_test_has_label (dialog, "Enter this host’s initiator IQN first: the "
                                                 "server is asked under that name."));
    domus_test_type_into (dialog, "Initiator IQN", "iqn.2024-01.com.example:host");
    click (dialog, "Discover");
    DOMUS_TEST_WAIT_UNTIL (label_containing (dialog, "does not support source discovery"),
                           TIMEOUT_S, "the host's refusal to discover");

    /* A directory: the XML follows the fields. */
    gtk_combo_box_set_active_id (kind_combo (dialog), "dir");
    domus_test_type_into (dialog, "Name", "scratch");
    domus_test_type_into (dialog, "Directory", "scratch");
    g_assert_true (domus_test_has_label (
        dialog, "The target must be an absolute path, such as /var/lib/libvirt/images."));
    domus_test_type_into (dialog, "Directory", "/scratch");
    g_clear_pointer (&xml, g_free);
    xml = pool_xml (dialog);
    g_assert_cmpstr (xml, ==, "<pool type=\"dir\">\n  <name>scratch</name>\n  <target>\n"
                              "    <path>/scratch</path>\n  </target>\n</pool>\n");
    click (dialog, "Create");
    AWAIT_SHOWN (f->pools, 0, "default-pool|scratch");
    DOMUS_TEST_WAIT_UNTIL (shows (f->pools, 2, "Active|Active"), TIMEOUT_S, "both active");

    /* Stop it from the Pool menu, then delete it. */
    select_row (f->pools, "scratch");
    menu_click (f, "Pool", "Stop");
    DOMUS_TEST_WAIT_UNTIL (shows (f->pools, 2, "Active|Inactive"), TIMEOUT_S,
                           "scratch stopped");
    DOMUS_TEST_WAIT_UNTIL (page_says (f, "Start the pool to see its volumes."), TIMEOUT_S,
                           "no volumes of a stopped pool");
    menu_click (f, "Pool", "Delete…");
    answer ("Delete");
    AWAIT_SHOWN (f->pools, 0, "default-pool");
}

/* A label under ROOT whose text contains TEXT, or NULL. */
static GtkWidget *
label_containing (GtkWidget *root, const char *text)
{
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();

    domus_test_collect_widgets (root, GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
        if (strstr (gtk_label_get_text (g_ptr_array_index (labels, i)), text) != NULL)
            return g_ptr_array_index (labels, i);
    return NULL;
}

/* Import Disk Image: the image's format and size shown before anything is
 * sent, the name suggested; the test driver cannot receive an upload, and
 * its refusal is shown whole with the volume made for it gone again. */
static void
test_import_refused (Fixture *f, gconstpointer data)
{
    g_autofree char *dir = g_dir_make_tmp ("domus-import-XXXXXX", NULL);
    g_autofree char *image = g_build_filename (dir, "old disk.img", NULL);
    GtkWidget *dialog, *problem;
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_set_contents (image, "not much of a disk", -1, &error));
    g_assert_no_error (error);
    AWAIT_SHOWN (f->pools, 0, "default-pool");
    DOMUS_TEST_WAIT_UNTIL (page_says (f, "0 volumes"), TIMEOUT_S, "the empty pool listed");
    menu_click (f, "Volume", "Import Disk Image…");
    dialog = await_dialog (DOMUS_TYPE_IMPORT_DIALOG);
    g_assert_false (gtk_widget_is_sensitive (domus_test_find_widget (dialog, "Import", NULL)));
    g_assert_nonnull (domus_test_find_widget (dialog, "Image", NULL));
    domus_import_dialog_set_file (DOMUS_IMPORT_DIALOG (dialog), image);
    DOMUS_TEST_WAIT_UNTIL ((problem = label_containing (dialog, "raw image, 512")) != NULL,
                           TIMEOUT_S, "the image probed");
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (domus_test_find_widget (
                         dialog, "Volume name", NULL))), ==, "old disk.qcow2");
    click (dialog, "Import");
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_is_sensitive (domus_test_find_widget (dialog, "Import",
                                                                           NULL)),
                           TIMEOUT_S, "the import to end");
    problem = label_containing (dialog, "virStorageVolUpload");
    g_assert_nonnull (problem);
    /* Nothing left behind in the pool. */
    menu_click (f, "Pool", "Refresh");
    DOMUS_TEST_WAIT_UNTIL (page_says (f, "0 volumes"), TIMEOUT_S, "the pool listed again");
    g_unlink (image);
    g_rmdir (dir);
}

/* ---- 5000 volumes ---- */

#define BIG 5000

static char *
write_big_host (void)
{
    g_autoptr(GString) xml = g_string_new ("<node><pool type='dir'><name>big</name>"
                                           "<capacity>1099511627776</capacity>"
                                           "<allocation>0</allocation>"
                                           "<available>1099511627776</available>"
                                           "<target><path>/big</path></target>");
    g_autoptr(GError) error = NULL;
    char *path = g_build_filename (g_get_tmp_dir (), "domus-test-big-pool.xml", NULL);

    for (guint i = 0; i < BIG; i++)
        g_string_append_printf (xml, "<volume><name>vol%05u.qcow2</name>"
                                     "<capacity>1073741824</capacity>"
                                     "<allocation>196608</allocation>"
                                     "<target><path>/big/vol%05u.qcow2</path>"
                                     "<format type='qcow2'/></target></volume>", i, i);
    g_string_append (xml, "</pool></node>");
    g_file_set_contents (path, xml->str, -1, &error);
    g_assert_no_error (error);
    return path;
}

typedef struct {
    guint ticks;
    gint64 last;
    gint64 worst;
} Heartbeat;

static gboolean
heartbeat_cb (gpointer data)
{
    Heartbeat *beat = data;
    gint64 now = g_get_monotonic_time ();

    beat->ticks++;
    beat->worst = MAX (beat->worst, now - beat->last);
    beat->last = now;
    return G_SOURCE_CONTINUE;
}

static void
test_big_pool (Fixture *f, gconstpointer data)
{
    g_autofree char *path = write_big_host ();
    g_autofree char *uri = g_strconcat ("test://", path, NULL);
    Heartbeat beat = { 0 };
    guint source;
    gint64 start;
    GtkTreeModel *model;

    open_page (f, uri);
    AWAIT_SHOWN (f->pools, 0, "big");
    DOMUS_TEST_WAIT_UNTIL (!domus_storage_page_is_loading (f->page) &&
                           page_says (f, "5000 volumes"), 300, "the first listing");

    /* Listed again (Refresh), timed, with a heartbeat every 10 ms. */
    beat.last = start = g_get_monotonic_time ();
    source = g_timeout_add (10, heartbeat_cb, &beat);
    menu_click (f, "Pool", "Refresh");
    DOMUS_TEST_WAIT_UNTIL (domus_storage_page_is_loading (f->page), TIMEOUT_S,
                           "the listing to start");
    DOMUS_TEST_WAIT_UNTIL (!domus_storage_page_is_loading (f->page), 300, "5000 volumes");
    g_source_remove (source);
    model = gtk_tree_view_get_model (f->volumes);
    g_assert_cmpint (gtk_tree_model_iter_n_children (model, NULL), ==, BIG);
    g_assert_true (page_says (f, "5000 volumes"));
    /* The main loop ran while they arrived (no timing asserted). */
    g_assert_cmpuint (beat.ticks, >, 1);
    g_test_message ("5000 volumes listed in %.2f s; %u heartbeats, longest gap %.0f ms",
                    (g_get_monotonic_time () - start) / 1e6, beat.ticks, beat.worst / 1e3);
    g_unlink (path);
}

int
main (int argc, char **argv)
{
    gtk_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();

#define ADD(path, func) \
    g_test_add ("/storage-page/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
    ADD ("volumes", test_volumes);
    ADD ("new-pool", test_new_pool);
    ADD ("import-refused", test_import_refused);
#undef ADD
    g_test_add ("/storage-page/5000-volumes", Fixture, NULL, NULL, test_big_pool,
                fixture_teardown);
    return g_test_run ();
}
