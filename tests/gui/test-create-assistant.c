/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The New Virtual Machine assistant, built in-process under Xvfb and driven
 * through its widgets on libvirt's test driver: opened by win.new from the
 * manager window, it creates a guest by each method, and the guest appears
 * in the host's list. Each inline check refuses bad input, and a refused
 * define (customized XML) removes the new disk and shows libvirt's reason.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "domus-application.h"
#include "domus-create-assistant.h"
#include "domus-domain-create.h"
#include "domus-gui-test-util.h"
#include "domus-manager-window.h"
#include "domus-test-create.h"

#define TIMEOUT_S 60

enum { PAGE_METHOD, PAGE_SOURCE, PAGE_RESOURCES, PAGE_STORAGE, PAGE_FINAL };

static DomusApplication *the_app;

typedef struct {
    DomusApplication *app;
    DomusManagerWindow *window;
    DomusConnection *conn;
    GtkAssistant *assistant;    /* weak */
    char *tmpdir;
} Fixture;

#define DEMO_HOST "test://" DOMUS_SOURCE_DATADIR "/demo/demo-host.xml"

/* @data: the host's URI; NULL for test:///default. */
static void
fixture_setup (Fixture *f, gconstpointer data)
{
    f->app = the_app;
    f->window = domus_manager_window_new (f->app);
    gtk_widget_show (GTK_WIDGET (f->window));
    f->conn = domus_application_add_connection (f->app, data != NULL ? data : "test:///default",
                                                NULL);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (f->conn) ==
                           DOMUS_CONNECTION_STATE_CONNECTED, TIMEOUT_S, "the test host");
    f->tmpdir = g_dir_make_tmp ("domus-create-XXXXXX", NULL);

    /* The entry point: win.new, as the toolbar button and Ctrl+N run it. */
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "new", NULL);
    f->assistant = GTK_ASSISTANT (domus_test_find_toplevel (DOMUS_TYPE_CREATE_ASSISTANT));
    g_assert_nonnull (f->assistant);
    g_object_add_weak_pointer (G_OBJECT (f->assistant), (gpointer *) &f->assistant);
    DOMUS_TEST_WAIT_UNTIL (!domus_create_assistant_is_busy (DOMUS_CREATE_ASSISTANT (f->assistant)),
                           TIMEOUT_S, "the host's pools, volumes and options");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    GListModel *connections = domus_application_get_connections (f->app);
    g_autoptr(GDir) dir = g_dir_open (f->tmpdir, 0, NULL);
    const char *name;

    if (f->assistant != NULL) {
        g_object_remove_weak_pointer (G_OBJECT (f->assistant), (gpointer *) &f->assistant);
        gtk_widget_destroy (GTK_WIDGET (f->assistant));
    }
    gtk_widget_destroy (GTK_WIDGET (f->window));
    while (g_list_model_get_n_items (connections) > 0) {
        g_autoptr(DomusConnection) conn = g_list_model_get_item (connections, 0);

        domus_application_remove_connection (f->app, conn);
    }
    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
        g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);

        g_remove (path);
    }
    g_rmdir (f->tmpdir);
    g_free (f->tmpdir);
}

static GtkWidget *
named (Fixture *f, const char *accessible_name)
{
    GtkWidget *w = domus_test_find_widget (GTK_WIDGET (f->assistant), accessible_name, NULL);

    if (w == NULL)
        g_error ("no widget named “%s” in the assistant", accessible_name);
    return w;
}

static GtkWidget *
by_id (Fixture *f, const char *id)
{
    GtkWidget *w = domus_test_find_widget (GTK_WIDGET (f->assistant), NULL, id);

    if (w == NULL)
        g_error ("no widget with id “%s” in the assistant", id);
    return w;
}

static const char *
label_text (Fixture *f, const char *id)
{
    GtkWidget *label = by_id (f, id);

    return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : "";
}

static gboolean
page_complete (Fixture *f)
{
    int page = gtk_assistant_get_current_page (f->assistant);

    return gtk_assistant_get_page_complete (f->assistant,
                                            gtk_assistant_get_nth_page (f->assistant, page));
}

static void
next (Fixture *f, int expected_page)
{
    DOMUS_TEST_WAIT_UNTIL (!domus_create_assistant_is_busy (DOMUS_CREATE_ASSISTANT (f->assistant)),
                           TIMEOUT_S, "detection to finish");
    if (!page_complete (f))
        g_error ("page %d is not complete: “%s” “%s” “%s” “%s”",
                 gtk_assistant_get_current_page (f->assistant), label_text (f, "source_error"),
                 label_text (f, "resources_error"), label_text (f, "storage_error"),
                 label_text (f, "name_error"));
    gtk_assistant_next_page (f->assistant);
    g_assert_cmpint (gtk_assistant_get_current_page (f->assistant), ==, expected_page);
}

static int
spin_value (Fixture *f, const char *accessible_name)
{
    return gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (named (f, accessible_name)));
}

static void
set_text (Fixture *f, const char *accessible_name, const char *text)
{
    gtk_entry_set_text (GTK_ENTRY (named (f, accessible_name)), text);
}

/* Types @text into the field named @accessible_name as a person does: the
 * field takes the focus, its text is selected, and each character comes as
 * a key press through the X server (an empty @text is a Backspace over the
 * selection). Nothing else tells a spin button that its text changed. */
static void
type_into (Fixture *f, const char *accessible_name, const char *text)
{
    GtkWidget *entry = named (f, accessible_name);

    gtk_window_present (GTK_WINDOW (f->assistant));
    gtk_widget_grab_focus (entry);
    gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
    if (*text == '\0') {
        g_assert_true (gtk_test_widget_send_key (entry, GDK_KEY_BackSpace, 0));
        DOMUS_TEST_WAIT_UNTIL (*gtk_entry_get_text (GTK_ENTRY (entry)) == '\0', TIMEOUT_S,
                               "the field to be emptied");
    }
    for (const char *p = text; *p != '\0'; p++) {
        g_autofree char *typed = g_strndup (text, p - text + 1);

        g_assert_true (gtk_test_widget_send_key (entry, gdk_unicode_to_keyval (*p), 0));
        DOMUS_TEST_WAIT_UNTIL (g_str_equal (gtk_entry_get_text (GTK_ENTRY (entry)), typed),
                               TIMEOUT_S, "the key press to reach the field");
    }
}

static void
choose_method (Fixture *f, const char *radio_id)
{
    g_assert_cmpint (gtk_assistant_get_current_page (f->assistant), ==, PAGE_METHOD);
    g_assert_true (domus_create_assistant_get_host (DOMUS_CREATE_ASSISTANT (f->assistant)) ==
                   f->conn);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (by_id (f, radio_id)), TRUE);
    next (f, PAGE_SOURCE);
}

/* Searches the OS list and picks the first match. */
static void
choose_os (Fixture *f, const char *search, const char *expected_name)
{
    GtkTreeView *view = GTK_TREE_VIEW (named (f, "Operating system"));
    GtkTreeModel *model = gtk_tree_view_get_model (view);
    GtkTreeIter iter;
    g_autofree char *name = NULL;

    DOMUS_TEST_WAIT_UNTIL (gtk_tree_model_iter_n_children (model, NULL) > 100, TIMEOUT_S,
                           "the OS list from osinfo-db");
    set_text (f, "Search operating systems", search);
    DOMUS_TEST_WAIT_UNTIL (gtk_tree_model_iter_n_children (model, NULL) < 100, TIMEOUT_S,
                           "the search to narrow the list");
    g_assert_true (gtk_tree_model_get_iter_first (model, &iter));
    gtk_tree_model_get (model, &iter, 0, &name, -1);
    g_assert_cmpstr (name, ==, expected_name);
    gtk_tree_selection_select_iter (gtk_tree_view_get_selection (view), &iter);
}

static void
click_apply (Fixture *f)
{
    GtkWidget *apply = domus_test_find_widget (GTK_WIDGET (f->assistant), "Apply", NULL);

    g_assert_nonnull (apply);
    g_assert_true (gtk_widget_is_sensitive (apply));
    gtk_button_clicked (GTK_BUTTON (apply));
}

/* Names the guest, applies, and waits for it in the list, running. With
 * @try_cancel, Cancel is pressed while the job runs: it cannot stop it, and
 * says so. */
static void
finish_full (Fixture *f, const char *name, gboolean try_cancel)
{
    DomusDomain *guest;

    set_text (f, "Guest name", name);
    g_assert_true (page_complete (f));
    click_apply (f);
    if (try_cancel) {
        g_signal_emit_by_name (f->assistant, "cancel");
        g_assert_nonnull (f->assistant);
        g_assert_true (g_str_has_prefix (label_text (f, "progress_label"),
                                         "The guest is being created and cannot be stopped"));
    }
    DOMUS_TEST_WAIT_UNTIL (f->assistant == NULL, TIMEOUT_S, "the assistant to close on success");
    DOMUS_TEST_WAIT_UNTIL ((guest = domus_connection_find_domain_by_name (f->conn, name)) != NULL,
                           TIMEOUT_S, "the new guest in the list");
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (guest) == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "the new guest running");
}

static void
finish (Fixture *f, const char *name)
{
    finish_full (f, name, FALSE);
}

static char *
make_file (Fixture *f, const char *name)
{
    char *path = g_build_filename (f->tmpdir, name, NULL);
    g_autofree char *zeros = g_malloc0 (64 * 1024);

    g_assert_true (g_file_set_contents (path, zeros, 64 * 1024, NULL));
    return path;
}

static gboolean
volume_exists (Fixture *f, const char *name)
{
    g_autoptr(GPtrArray) vols = domus_test_list_volumes (f->conn, "default-pool");

    return domus_test_find_volume (vols, name) != NULL;
}

static void
test_iso (Fixture *f, gconstpointer data)
{
    g_autofree char *iso = make_file (f, "install.iso");

    choose_method (f, "iso_radio");
    set_text (f, "ISO image path", iso);
    /* Zeros are no installer: detection says so, the list is the way. */
    DOMUS_TEST_WAIT_UNTIL (strstr (label_text (f, "detect_label"), "not detected") != NULL,
                           TIMEOUT_S, "detection to give up");
    /* The newest release first, not the first as text (Debian 10). */
    choose_os (f, "debian", "Debian 11");
    next (f, PAGE_RESOURCES);
    g_assert_cmpint (spin_value (f, "Memory in MiB"), ==, 1024);
    g_assert_cmpstr (label_text (f, "memory_limit"), ==, "Up to 3072 MiB on this host");
    g_assert_cmpstr (label_text (f, "cpus_limit"), ==, "Up to 16 on this host");
    /* Below libosinfo's minimum: said, not refused. */
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (named (f, "Memory in MiB")), 512);
    g_assert_cmpstr (label_text (f, "memory_limit"), ==,
                     "Up to 3072 MiB on this host; Debian 11 needs at least 1024 MiB");
    g_assert_true (page_complete (f));
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (named (f, "Memory in MiB")), 1024);
    next (f, PAGE_STORAGE);
    g_assert_cmpstr (gtk_combo_box_get_active_id (GTK_COMBO_BOX (named (f, "Storage pool"))), ==,
                     "default-pool");
    g_assert_cmpint (spin_value (f, "Disk size in GiB"), ==, 20);
    g_assert_cmpstr (label_text (f, "pool_free"), ==,
                     "100.0\302\240GiB free in pool “default-pool”");
    next (f, PAGE_FINAL);
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (named (f, "Guest name"))), ==, "debian11");
    g_assert_nonnull (strstr (label_text (f, "summary_label"), "New disk: debian11.qcow2"));
    set_text (f, "Guest name", "gui-iso");
    g_assert_nonnull (strstr (label_text (f, "summary_label"),
                              "New disk: gui-iso.qcow2, 20 GiB, qcow2, in pool “default-pool”"));
    g_assert_nonnull (strstr (label_text (f, "summary_label"), "Operating system: Debian 11"));
    finish (f, "gui-iso");
    g_assert_true (volume_exists (f, "gui-iso.qcow2"));
}

/* Creates volume @name of 64 MiB in default-pool; returns its path. */
static char *
make_volume (Fixture *f, const char *name)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    char *path;

    domus_storage_create_volume_async (f->conn, "default-pool", name, "raw", 64 << 20, NULL,
                                       domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "the new volume");
    path = domus_storage_create_volume_finish (f->conn, res, &error);
    g_assert_no_error (error);
    return path;
}

/* A new assistant, which lists the host's volumes as they are now. */
static void
reopen (Fixture *f)
{
    gtk_widget_destroy (GTK_WIDGET (f->assistant));
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "new", NULL);
    f->assistant = GTK_ASSISTANT (domus_test_find_toplevel (DOMUS_TYPE_CREATE_ASSISTANT));
    g_object_add_weak_pointer (G_OBJECT (f->assistant), (gpointer *) &f->assistant);
    DOMUS_TEST_WAIT_UNTIL (!domus_create_assistant_is_busy (DOMUS_CREATE_ASSISTANT (f->assistant)),
                           TIMEOUT_S, "the host's volumes");
}

/* An ISO among the host's volumes (listed on the worker, as on a remote
 * host): chosen from the list, it fills the path. */
static void
test_iso_from_pool (Fixture *f, gconstpointer data)
{
    g_autofree char *path = make_volume (f, "netinst.iso");
    GtkComboBox *volumes;

    reopen (f);

    choose_method (f, "iso_radio");
    volumes = GTK_COMBO_BOX (named (f, "Volume on the host"));
    g_assert_true (gtk_combo_box_set_active_id (volumes, "/default-pool/netinst.iso"));
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (named (f, "ISO image path"))), ==,
                     "/default-pool/netinst.iso");
    DOMUS_TEST_WAIT_UNTIL (strstr (label_text (f, "detect_label"), "cannot read") != NULL,
                           TIMEOUT_S, "detection to say it cannot read the volume");
    choose_os (f, "debian 11", "Debian 11");
    next (f, PAGE_RESOURCES);
    next (f, PAGE_STORAGE);
    next (f, PAGE_FINAL);
    g_assert_nonnull (strstr (label_text (f, "summary_label"),
                              "Install from: /default-pool/netinst.iso"));
    finish (f, "gui-pool-iso");
}

static void
test_network (Fixture *f, gconstpointer data)
{
    choose_method (f, "network_radio");
    set_text (f, "Install tree URL", "http:/no-host");
    DOMUS_TEST_WAIT_UNTIL (!domus_create_assistant_is_busy (DOMUS_CREATE_ASSISTANT (f->assistant)),
                           TIMEOUT_S, "the check");
    g_assert_cmpstr (label_text (f, "source_error"), ==,
                     "“http:/no-host” is not an HTTP, HTTPS or FTP address.");
    g_assert_false (page_complete (f));
    /* The boot image of a tree, given directly (no network here to fetch
     * the tree's .treeinfo). */
    set_text (f, "Install tree URL", "http://mirror.invalid/fedora/os/images/boot.iso");
    choose_os (f, "fedora linux 36", "Fedora Linux 36");
    next (f, PAGE_RESOURCES);
    next (f, PAGE_STORAGE);
    next (f, PAGE_FINAL);
    finish (f, "gui-network");
}

static void
test_pxe (Fixture *f, gconstpointer data)
{
    choose_method (f, "pxe_radio");
    next (f, PAGE_RESOURCES);
    next (f, PAGE_STORAGE);
    next (f, PAGE_FINAL);
    finish_full (f, "gui-pxe", TRUE);
}

static void
test_import (Fixture *f, gconstpointer data)
{
    g_autofree char *disk = make_file (f, "p2v-server.img");

    choose_method (f, "import_radio");
    set_text (f, "Disk image path", disk);
    choose_os (f, "windows server 2022", "Microsoft Windows Server 2022");
    next (f, PAGE_RESOURCES);
    /* No storage page: the disk exists. */
    next (f, PAGE_FINAL);
    g_assert_nonnull (strstr (label_text (f, "summary_label"), "Existing disk (left as it is): "));
    finish (f, "gui-import");
    g_assert_true (g_file_test (disk, G_FILE_TEST_EXISTS));
}

/* Every inline check says what is wrong and holds the page back. */
static void
test_inline_checks (Fixture *f, gconstpointer data)
{
    g_autofree char *missing = g_build_filename (f->tmpdir, "missing.iso", NULL);
    g_autofree char *iso = make_file (f, "install.iso");
    g_autofree char *expected = g_strdup_printf ("“%s” cannot be read: No such file or directory",
                                                 missing);

    choose_method (f, "iso_radio");
    set_text (f, "ISO image path", missing);
    g_assert_cmpstr (label_text (f, "source_error"), ==, expected);
    g_assert_false (page_complete (f));
    set_text (f, "ISO image path", iso);
    next (f, PAGE_RESOURCES);

    gtk_spin_button_set_value (GTK_SPIN_BUTTON (named (f, "Memory in MiB")), 4096);
    g_assert_cmpstr (label_text (f, "resources_error"), ==,
                     "4096 MiB is more than this host’s memory (3072 MiB).");
    g_assert_false (page_complete (f));
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (named (f, "Memory in MiB")), 512);
    next (f, PAGE_STORAGE);

    /* A qcow2 file grows as the guest writes: larger than the free space
     * is said, not refused. */
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (named (f, "Disk size in GiB")), 200);
    g_assert_cmpstr (label_text (f, "storage_error"), ==,
                     "Pool “default-pool” has 100.0\302\240GiB free, less than the disk: it "
                     "takes space only as the guest writes, but the pool may fill up first.");
    g_assert_true (gtk_style_context_has_class (gtk_widget_get_style_context (
        by_id (f, "storage_error")), "domus-warning"));
    g_assert_true (page_complete (f));
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (named (f, "Disk size in GiB")), 2);
    next (f, PAGE_FINAL);

    set_text (f, "Guest name", "test");
    g_assert_cmpstr (label_text (f, "name_error"), ==,
                     "A guest named “test” already exists on Test.");
    g_assert_false (page_complete (f));
    set_text (f, "Guest name", "");
    g_assert_cmpstr (label_text (f, "name_error"), ==, "Enter a name for the new guest.");
    g_assert_false (page_complete (f));
}

/* Numbers typed into the spin buttons are checked as they are typed, not
 * when the field loses the focus: the page never goes on over a number the
 * field shows and the host cannot give, and the summary says what was
 * typed. */
static void
test_typed_numbers (Fixture *f, gconstpointer data)
{
    choose_method (f, "pxe_radio");
    next (f, PAGE_RESOURCES);

    type_into (f, "Number of CPUs", "99");
    g_assert_cmpstr (label_text (f, "resources_error"), ==,
                     "99 CPUs are more than this host has (16).");
    g_assert_false (page_complete (f));
    type_into (f, "Number of CPUs", "2");
    g_assert_cmpstr (label_text (f, "resources_error"), ==, "");
    g_assert_true (page_complete (f));

    type_into (f, "Memory in MiB", "4096");
    g_assert_cmpstr (label_text (f, "resources_error"), ==,
                     "4096 MiB is more than this host’s memory (3072 MiB).");
    g_assert_false (page_complete (f));
    type_into (f, "Memory in MiB", "");
    g_assert_cmpstr (label_text (f, "resources_error"), ==,
                     "Enter the memory as a whole number of MiB, from 64 to 1048576.");
    g_assert_false (page_complete (f));
    type_into (f, "Memory in MiB", "2048");
    g_assert_cmpstr (label_text (f, "resources_error"), ==, "");
    g_assert_true (page_complete (f));
    next (f, PAGE_STORAGE);

    type_into (f, "Disk size in GiB", "0");
    g_assert_cmpstr (label_text (f, "storage_error"), ==,
                     "Enter the disk size as a whole number of GiB, from 1 to 65536.");
    g_assert_false (page_complete (f));
    type_into (f, "Disk size in GiB", "3");
    g_assert_true (page_complete (f));
    next (f, PAGE_FINAL);

    set_text (f, "Guest name", "typed");
    g_assert_nonnull (strstr (label_text (f, "summary_label"), "Memory: 2048 MiB, CPUs: 2"));
    g_assert_nonnull (strstr (label_text (f, "summary_label"), "New disk: typed.qcow2, 3 GiB"));
    finish (f, "typed");
}

/* The new disk is named after the guest: a name whose volume exists in the
 * pool is refused on the name field, and Apply waits. */
static void
test_volume_name_taken (Fixture *f, gconstpointer data)
{
    g_autofree char *path = make_volume (f, "taken.qcow2");

    reopen (f);
    choose_method (f, "pxe_radio");
    next (f, PAGE_RESOURCES);
    next (f, PAGE_STORAGE);
    next (f, PAGE_FINAL);
    set_text (f, "Guest name", "taken");
    g_assert_cmpstr (label_text (f, "name_error"), ==,
                     "Pool “default-pool” already has a volume named “taken.qcow2”: choose "
                     "another guest name.");
    g_assert_false (page_complete (f));
    g_assert_false (gtk_widget_is_sensitive (named (f, "Apply")));
    set_text (f, "Guest name", "untaken");
    g_assert_cmpstr (label_text (f, "name_error"), ==, "");
    g_assert_true (gtk_widget_is_sensitive (named (f, "Apply")));
}

/* Customized XML the driver refuses: the new disk goes again, the message
 * says so, and the assistant is back on its last page. */
static void
test_customized_define_failure (Fixture *f, gconstpointer data)
{
    GtkTextBuffer *buffer;
    GtkTextIter start, end;
    g_autofree char *xml = NULL;

    choose_method (f, "pxe_radio");
    next (f, PAGE_RESOURCES);
    next (f, PAGE_STORAGE);
    next (f, PAGE_FINAL);
    set_text (f, "Guest name", "custom");
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (by_id (f, "customize_check")), TRUE);
    buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (named (f, "Domain XML")));
    gtk_text_buffer_get_bounds (buffer, &start, &end);
    xml = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_nonnull (strstr (xml, "<name>custom</name>"));
    g_assert_nonnull (strstr (xml, "<source file=\"/default-pool/custom.qcow2\"/>"));
    g_assert_nonnull (strstr (xml, "<boot dev=\"network\"/>"));

    gtk_text_buffer_set_text (buffer, "<domain type='test'><name>custom</name>"
                                      "<memory>plenty</memory></domain>", -1);
    click_apply (f);
    DOMUS_TEST_WAIT_UNTIL (strlen (label_text (f, "create_error")) > 0, TIMEOUT_S,
                           "the failure to be shown");
    g_assert_true (g_str_has_prefix (label_text (f, "create_error"),
                                     "Defining “custom” on Test failed: "));
    g_assert_nonnull (strstr (label_text (f, "create_error"),
                              "The new disk “custom.qcow2” was removed again."));
    g_assert_cmpint (gtk_assistant_get_current_page (f->assistant), ==, PAGE_FINAL);
    g_assert_false (volume_exists (f, "custom.qcow2"));
    g_assert_null (domus_connection_find_domain_by_name (f->conn, "custom"));
}

/* The host the assistant starts with follows the selection: a host row,
 * or the row of one of its guests. */
static DomusConnection *
host_for_selected_row (Fixture *f, GtkTreePath *path)
{
    GtkTreeView *view = domus_manager_window_get_tree_view (f->window);
    DomusCreateAssistant *assistant;
    DomusConnection *host;

    gtk_tree_selection_unselect_all (gtk_tree_view_get_selection (view));
    gtk_tree_view_expand_to_path (view, path);
    gtk_tree_selection_select_path (gtk_tree_view_get_selection (view), path);
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "new", NULL);
    assistant = DOMUS_CREATE_ASSISTANT (domus_test_find_toplevel (DOMUS_TYPE_CREATE_ASSISTANT));
    host = domus_create_assistant_get_host (assistant);
    gtk_widget_destroy (GTK_WIDGET (assistant));
    return host;
}

static void
test_host_follows_selection (Fixture *f, gconstpointer data)
{
    DomusConnection *demo = domus_application_add_connection (f->app, DEMO_HOST, NULL);
    GtkTreeModel *model;
    g_autoptr(GtkTreePath) host0 = gtk_tree_path_new_from_string ("0");
    g_autoptr(GtkTreePath) host1 = gtk_tree_path_new_from_string ("1");
    g_autoptr(GtkTreePath) guest1 = gtk_tree_path_new_from_string ("1:0");
    DomusConnection *first, *second;

    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (demo) == DOMUS_CONNECTION_STATE_CONNECTED,
                           TIMEOUT_S, "the demo host");
    gtk_widget_destroy (GTK_WIDGET (f->assistant));
    model = gtk_tree_view_get_model (domus_manager_window_get_tree_view (f->window));
    DOMUS_TEST_WAIT_UNTIL (gtk_tree_model_iter_n_children (model, NULL) == 2, TIMEOUT_S,
                           "both hosts listed");

    first = host_for_selected_row (f, host0);
    second = host_for_selected_row (f, host1);
    g_assert_true (first != second);
    g_assert_true ((first == f->conn && second == demo) || (first == demo && second == f->conn));
    g_assert_true (host_for_selected_row (f, guest1) == second);
}

/* The demo host lists "dmz" before "default": the guest still joins
 * "default", as virt-manager chooses. */
static void
test_default_network (Fixture *f, gconstpointer data)
{
    choose_method (f, "pxe_radio");
    next (f, PAGE_RESOURCES);
    next (f, PAGE_STORAGE);
    type_into (f, "Disk size in GiB", "8");
    next (f, PAGE_FINAL);
    g_assert_cmpstr (gtk_combo_box_get_active_id (GTK_COMBO_BOX (named (f, "Network"))), ==,
                     "network:default");
}

static void
count_paint_cb (GdkFrameClock *clock, guint *paints)
{
    (*paints)++;
}

/* Waits for two frames to be laid out and painted after a change. */
static void
settle (Fixture *f)
{
    GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->assistant));
    guint paints = 0;
    gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint_cb), &paints);

    gtk_widget_queue_draw (GTK_WIDGET (f->assistant));
    DOMUS_TEST_WAIT_UNTIL (paints >= 2, TIMEOUT_S, "two frames");
    g_signal_handler_disconnect (clock, id);
}

/* Where @widget is in the window, once the window has been laid out. */
static GdkRectangle
place (Fixture *f, GtkWidget *widget)
{
    GdkRectangle r = { 0, 0, 0, 0 };

    settle (f);
    g_assert_true (gtk_widget_get_mapped (widget));
    g_assert_true (gtk_widget_translate_coordinates (widget, GTK_WIDGET (f->assistant), 0, 0,
                                                     &r.x, &r.y));
    r.width = gtk_widget_get_allocated_width (widget);
    r.height = gtk_widget_get_allocated_height (widget);
    return r;
}

static void
assert_same_place (GdkRectangle a, GdkRectangle b, const char *what)
{
    if (a.x != b.x || a.y != b.y || a.width != b.width || a.height != b.height)
        g_error ("%s moved from %d,%d %dx%d to %d,%d %dx%d", what, a.x, a.y, a.width, a.height,
                 b.x, b.y, b.width, b.height);
}

/* web01 runs from web01.qcow2: importing it says so, and goes on only
 * once the user ticks that the disk is shared; another disk needs no such
 * tick, and a tick does not carry over to the next disk. */
static void
test_import_shared_disk (Fixture *f, gconstpointer data)
{
    GtkComboBox *volumes;
    GtkWidget *share;
    GdkRectangle before;

    choose_method (f, "import_radio");
    volumes = GTK_COMBO_BOX (named (f, "Volume on the host"));
    before = place (f, GTK_WIDGET (volumes));
    g_assert_true (gtk_combo_box_set_active_id (volumes,
                                                "/var/lib/libvirt/images/web01.qcow2"));
    /* The check comes into room kept for it: nothing moves. */
    assert_same_place (before, place (f, GTK_WIDGET (volumes)), "The volume list");
    g_assert_cmpstr (label_text (f, "source_error"), ==,
                     "Guest web01 is running and uses this disk: two guests writing to one "
                     "disk corrupt it.");
    g_assert_false (page_complete (f));
    share = named (f, "Share this disk with guest web01");
    g_assert_true (gtk_widget_get_child_visible (share));
    gtk_button_clicked (GTK_BUTTON (share));
    g_assert_cmpstr (label_text (f, "source_error"), ==, "");
    g_assert_true (page_complete (f));

    g_assert_true (gtk_combo_box_set_active_id (volumes,
                                                "/var/lib/libvirt/images/web02.qcow2"));
    g_assert_false (page_complete (f));
    g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (share)));
    g_assert_nonnull (strstr (label_text (f, "source_error"), "Guest web02 is running"));

    set_text (f, "Disk image path", "/var/lib/libvirt/images/fresh.qcow2");
    g_assert_false (gtk_widget_get_child_visible (share));

    g_assert_true (gtk_combo_box_set_active_id (volumes,
                                                "/var/lib/libvirt/images/web01.qcow2"));
    share = named (f, "Share this disk with guest web01");
    gtk_button_clicked (GTK_BUTTON (share));
    next (f, PAGE_RESOURCES);
    next (f, PAGE_FINAL);
    g_assert_nonnull (strstr (label_text (f, "summary_label"),
                              "Existing disk (left as it is): "
                              "/var/lib/libvirt/images/web01.qcow2"));
    finish (f, "web01-twin");
}

static int
n_rows (GtkComboBox *combo)
{
    return gtk_tree_model_iter_n_children (gtk_combo_box_get_model (combo), NULL);
}

/* A disk in the demo host's LVM pool is a raw logical volume, allocated
 * whole: only raw is offered, and it must fit the free space; a file in
 * the directory pool may be larger than its free space (it grows as the
 * guest writes), which is said. */
static void
test_pool_formats (Fixture *f, gconstpointer data)
{
    GtkComboBox *pools, *formats;
    g_autoptr(GPtrArray) vols = NULL;
    const DomusVolumeInfo *vol;

    choose_method (f, "pxe_radio");
    next (f, PAGE_RESOURCES);
    next (f, PAGE_STORAGE);
    pools = GTK_COMBO_BOX (named (f, "Storage pool"));
    formats = GTK_COMBO_BOX (named (f, "New disk format"));
    g_assert_cmpstr (gtk_combo_box_get_active_id (pools), ==, "default");
    g_assert_cmpint (n_rows (formats), ==, 2);
    g_assert_cmpstr (gtk_combo_box_get_active_id (formats), ==, "qcow2");
    g_assert_cmpint (spin_value (f, "Disk size in GiB"), ==, 20);
    g_assert_true (g_str_has_prefix (label_text (f, "storage_error"),
                                     "Pool “default” has 13.7\302\240GiB free, less than the "
                                     "disk: it takes space only as the guest writes"));
    g_assert_true (page_complete (f));

    g_assert_true (gtk_combo_box_set_active_id (pools, "vg_fast"));
    g_assert_cmpint (n_rows (formats), ==, 1);
    g_assert_cmpstr (gtk_combo_box_get_active_id (formats), ==, "raw");
    g_assert_cmpstr (label_text (f, "storage_error"), ==,
                     "The disk is larger than the free space of pool “vg_fast” "
                     "(12.0\302\240GiB): a disk there takes its whole size at once.");
    g_assert_false (page_complete (f));
    type_into (f, "Disk size in GiB", "10");
    g_assert_cmpstr (label_text (f, "storage_error"), ==, "");
    next (f, PAGE_FINAL);
    set_text (f, "Guest name", "lvm-guest");
    g_assert_nonnull (strstr (label_text (f, "summary_label"),
                              "New disk: lvm-guest, 10 GiB, raw, in pool “vg_fast”"));
    finish (f, "lvm-guest");
    vols = domus_test_list_volumes (f->conn, "vg_fast");
    vol = domus_test_find_volume (vols, "lvm-guest");
    g_assert_nonnull (vol);
    g_assert_cmpuint (vol->allocation, ==, (guint64) 10 << 30);
}

/* Next stays where the pointer left it, page after page, and Apply takes
 * its place on the last page. */
static void
test_buttons_stay (Fixture *f, gconstpointer data)
{
    g_autofree char *iso = make_file (f, "install.iso");
    GtkWidget *next_button = named (f, "Next");
    GdkRectangle first = place (f, next_button);

    choose_method (f, "iso_radio");
    set_text (f, "ISO image path", iso);
    DOMUS_TEST_WAIT_UNTIL (!domus_create_assistant_is_busy (DOMUS_CREATE_ASSISTANT (f->assistant)),
                           TIMEOUT_S, "detection to finish");
    assert_same_place (first, place (f, next_button), "Next, on the source page,");
    next (f, PAGE_RESOURCES);
    assert_same_place (first, place (f, next_button), "Next, on the resources page,");
    next (f, PAGE_STORAGE);
    assert_same_place (first, place (f, next_button), "Next, on the storage page,");
    next (f, PAGE_FINAL);
    assert_same_place (first, place (f, named (f, "Apply")), "Apply, in Next's place,");
}

/* A message line keeps its room whether it says something or not: the
 * field under it stays under the pointer. */
static void
test_error_lines_keep_room (Fixture *f, gconstpointer data)
{
    g_autofree char *iso = make_file (f, "install.iso");
    g_autofree char *missing = g_build_filename (f->tmpdir, "a-long-directory-name-for-the-"
                                                 "media", "of-a-guest-installed-some-time-ago",
                                                 "missing.iso", NULL);
    g_autofree char *tooltip = NULL;
    GtkWidget *search = named (f, "Search operating systems");
    GtkWidget *network = named (f, "Network");
    GdkRectangle with_error, without;

    choose_method (f, "iso_radio");
    with_error = place (f, search);
    g_assert_cmpstr (label_text (f, "source_error"), !=, "");
    set_text (f, "ISO image path", iso);
    DOMUS_TEST_WAIT_UNTIL (!domus_create_assistant_is_busy (DOMUS_CREATE_ASSISTANT (f->assistant)),
                           TIMEOUT_S, "detection to finish");
    g_assert_cmpstr (label_text (f, "source_error"), ==, "");
    without = place (f, search);
    assert_same_place (with_error, without, "The OS search, without an error above it,");
    /* A message too long for its room is cut on the screen, whole for
     * assistive technology and in its tooltip. */
    set_text (f, "ISO image path", missing);
    g_assert_true (g_str_has_suffix (label_text (f, "source_error"),
                                     "cannot be read: No such file or directory"));
    assert_same_place (without, place (f, search), "The OS search, under a long error,");
    tooltip = gtk_widget_get_tooltip_text (by_id (f, "source_error"));
    g_assert_cmpstr (tooltip, ==, label_text (f, "source_error"));
    set_text (f, "ISO image path", iso);
    next (f, PAGE_RESOURCES);
    next (f, PAGE_STORAGE);
    next (f, PAGE_FINAL);

    set_text (f, "Guest name", "");
    g_assert_cmpstr (label_text (f, "name_error"), ==, "Enter a name for the new guest.");
    with_error = place (f, network);
    set_text (f, "Guest name", "fresh");
    g_assert_cmpstr (label_text (f, "name_error"), ==, "");
    assert_same_place (with_error, place (f, network), "The network, without an error above it,");
}

static void
test_accessible_names (Fixture *f, gconstpointer data)
{
    g_autoptr(GPtrArray) unnamed = g_ptr_array_new ();

    for (int page = 0; page < PAGE_FINAL; page++) {
        domus_test_collect_unnamed (gtk_assistant_get_nth_page (f->assistant, page), unnamed);
        if (unnamed->len > 0)
            g_error ("page %d: a %s has no accessible name", page,
                     (const char *) g_ptr_array_index (unnamed, 0));
    }
}

int
main (int argc, char *argv[])
{
    gtk_test_init (&argc, &argv, NULL);
    the_app = domus_test_app_new ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
    ADD ("/create-assistant/iso", test_iso);
    ADD ("/create-assistant/iso-from-pool", test_iso_from_pool);
    ADD ("/create-assistant/network", test_network);
    ADD ("/create-assistant/pxe", test_pxe);
    ADD ("/create-assistant/import", test_import);
    ADD ("/create-assistant/inline-checks", test_inline_checks);
    ADD ("/create-assistant/typed-numbers", test_typed_numbers);
    ADD ("/create-assistant/volume-name-taken", test_volume_name_taken);
    ADD ("/create-assistant/customized-define-failure", test_customized_define_failure);
    ADD ("/create-assistant/host-follows-selection", test_host_follows_selection);
    ADD ("/create-assistant/accessible-names", test_accessible_names);
    ADD ("/create-assistant/buttons-stay", test_buttons_stay);
    ADD ("/create-assistant/error-lines-keep-room", test_error_lines_keep_room);
#define ADD_ON(path, uri, func) g_test_add (path, Fixture, uri, fixture_setup, func, \
                                           fixture_teardown)
    ADD_ON ("/create-assistant/default-network", DEMO_HOST, test_default_network);
    ADD_ON ("/create-assistant/import-shared-disk", DEMO_HOST, test_import_shared_disk);
    ADD_ON ("/create-assistant/pool-formats", DEMO_HOST, test_pool_formats);
#undef ADD_ON
#undef ADD
    return g_test_run ();
}
