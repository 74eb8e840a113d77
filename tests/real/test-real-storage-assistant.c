/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The storage test's windows on its real daemon, driven as a person does
 * under the gui suite's Xvfb. After Import Disk Image, the New Virtual
 * Machine assistant offers the imported volume under "Import existing
 * disk": chosen from the host's list, its format taken from it, the guest
 * the assistant creates has that volume as its disk and boots. And the
 * host window's New Pool dialog makes an iscsi-direct pool of a tgt
 * target: the portal typed, the target's IQN discovered, the pool listed
 * active with its LUNs.
 */
#include "config.h"

#include "test-real-storage-boot.h"

#include <string.h>
#include <unistd.h>

#include <gtk/gtk.h>
#include <libvirt/libvirt.h>

#include "domus-create-assistant.h"
#include "domus-gui-test-util.h"
#include "domus-host-window.h"
#include "domus-new-pool-dialog.h"
#include "domus-storage-page.h"
#include "domus-test-create.h"
#include "domus-test-iscsi.h"

#define TIMEOUT_S 120

enum { PAGE_METHOD, PAGE_SOURCE, PAGE_RESOURCES, PAGE_STORAGE, PAGE_FINAL };

typedef DomusTestPoolFixture Fixture;

static GtkWidget *
named (GtkWidget *assistant, const char *accessible_name, const char *id)
{
    GtkWidget *w = domus_test_find_widget (assistant, accessible_name, id);

    if (w == NULL)
        g_error ("no widget “%s” in the assistant", accessible_name != NULL ? accessible_name
                                                                              : id);
    return w;
}

static void
next (GtkAssistant *assistant, int expected_page)
{
    DOMUS_TEST_WAIT_UNTIL (!domus_create_assistant_is_busy (DOMUS_CREATE_ASSISTANT (assistant)),
                           TIMEOUT_S, "the assistant to be idle");
    g_assert_true (gtk_assistant_get_page_complete (
        assistant, gtk_assistant_get_nth_page (assistant,
                                               gtk_assistant_get_current_page (assistant))));
    gtk_assistant_next_page (assistant);
    g_assert_cmpint (gtk_assistant_get_current_page (assistant), ==, expected_page);
}

/* The source of guest NAME's first disk, as defined. */
static char *
disk_source (Fixture *f, const char *name)
{
    virConnectPtr c = virConnectOpen (domus_test_daemon_get_qemu_uri (f->daemon));
    virDomainPtr dom = virDomainLookupByName (c, name);
    char *xml = dom != NULL ? virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE) : NULL;
    const char *file = xml != NULL ? strstr (xml, "<source file='") : NULL;
    char *source = NULL;

    if (file != NULL) {
        file += strlen ("<source file='");
        source = g_strndup (file, strcspn (file, "'"));
    }
    free (xml);
    if (dom != NULL)
        virDomainFree (dom);
    virConnectClose (c);
    return source;
}

static void
test_assistant_offers_imported (Fixture *f, gconstpointer data)
{
    g_autofree char *name = g_strdup_printf ("domus-assisted-%d", (int) getpid ());
    g_autofree char *vol_name = g_strconcat (name, ".qcow2", NULL);
    g_autofree char *vol = NULL;
    g_autofree char *source = NULL;
    g_autoptr(GListStore) hosts = NULL;
    GtkWidget *widget, *apply;
    GtkAssistant *assistant;
    GtkComboBox *volumes;

    if (f->daemon == NULL || !test_real_storage_have_qemu_img ())
        return;
    vol = test_real_storage_import_grub (f, vol_name);

    /* New Virtual Machine on this host, after the import. */
    hosts = g_list_store_new (DOMUS_TYPE_CONNECTION);
    g_list_store_append (hosts, f->conn);
    widget = domus_create_assistant_new (NULL, G_LIST_MODEL (hosts), f->conn);
    g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &widget);
    assistant = GTK_ASSISTANT (widget);
    gtk_widget_show (widget);
    DOMUS_TEST_WAIT_UNTIL (!domus_create_assistant_is_busy (DOMUS_CREATE_ASSISTANT (widget)),
                           TIMEOUT_S, "the host's pools, volumes and options");
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (named (widget, NULL, "import_radio")),
                                  TRUE);
    next (assistant, PAGE_SOURCE);

    /* "Import existing disk" lists the imported volume; chosen, it fills
     * the path and its format. */
    volumes = GTK_COMBO_BOX (named (widget, "Volume on the host", NULL));
    g_assert_true (gtk_combo_box_set_active_id (volumes, vol));
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (named (widget, "Disk image path", NULL))),
                     ==, vol);
    g_assert_cmpstr (gtk_combo_box_get_active_id (GTK_COMBO_BOX (
                         named (widget, NULL, "format_combo"))), ==, "qcow2");
    next (assistant, PAGE_RESOURCES);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (named (widget, "Memory in MiB", NULL)), 64);
    /* No storage page: the disk exists. */
    next (assistant, PAGE_FINAL);
    /* No network: the daemon has none, and GRUB needs none. */
    gtk_combo_box_set_active (GTK_COMBO_BOX (named (widget, NULL, "network_combo")), -1);
    gtk_entry_set_text (GTK_ENTRY (named (widget, "Guest name", NULL)), name);
    apply = domus_test_find_widget (widget, "Apply", NULL);
    g_assert_nonnull (apply);
    g_assert_true (gtk_widget_is_sensitive (apply));
    gtk_button_clicked (GTK_BUTTON (apply));
    DOMUS_TEST_WAIT_UNTIL (widget == NULL, TIMEOUT_S, "the assistant to close on success");

    /* Its disk is the imported volume, and it boots. */
    source = disk_source (f, name);
    g_assert_cmpstr (source, ==, vol);
    test_real_storage_await_boot_marker (f, name);
}

static void
click (GtkWidget *root, const char *name)
{
    GtkWidget *button = named (root, name, NULL);

    g_assert_true (gtk_widget_is_sensitive (button));
    gtk_button_clicked (GTK_BUTTON (button));
}

/* The values of the view's first column, "|"-joined. */
static char *
names_in (GtkTreeView *view)
{
    GtkTreeModel *model = gtk_tree_view_get_model (view);
    g_autoptr(GString) out = g_string_new (NULL);
    GtkTreeIter iter;

    if (gtk_tree_model_get_iter_first (model, &iter)) {
        do {
            g_autofree char *value = NULL;

            gtk_tree_model_get (model, &iter, 0, &value, -1);
            g_string_append_printf (out, "%s%s", out->len > 0 ? "|" : "", value);
        } while (gtk_tree_model_iter_next (model, &iter));
    }
    return g_strdup (out->str);
}

static gboolean
lists (GtkTreeView *view, const char *expected)
{
    g_autofree char *names = names_in (view);

    return strstr (names, expected) != NULL;
}

static void
test_new_iscsi_pool_from_window (Fixture *f, gconstpointer data)
{
    g_autofree char *reason = NULL;
    g_autofree char *lun = NULL;
    g_autofree char *iqn = g_strdup_printf ("iqn.2026-12.org.domus.test:gui-%d", (int) getpid ());
    g_autofree char *port = NULL;
    g_autoptr(DomusTestIscsiTarget) target = NULL;
    g_autoptr(GError) error = NULL;
    GtkWidget *window, *page, *dialog = NULL;
    GtkTreeView *pools, *volumes;
    GtkStack *stack;
    GtkComboBox *found;

    if (f->daemon == NULL)
        return;
    if (!domus_test_have_tgt (&reason)) {
        domus_test_skip_or_require (reason);
        return;
    }
    lun = test_real_storage_make_lun (f);
    target = domus_test_iscsi_target_start (iqn, lun, &error);
    g_assert_no_error (error);
    port = g_strdup_printf ("%u", domus_test_iscsi_target_get_port (target));

    /* The host window's Storage page. */
    window = GTK_WIDGET (domus_host_window_get_for_connection (f->conn, NULL));
    g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
    gtk_window_present (GTK_WINDOW (window));
    stack = GTK_STACK (domus_test_find_widget (window, NULL, "stack"));
    page = gtk_stack_get_child_by_name (stack, "storage");
    gtk_stack_set_visible_child (stack, page);
    pools = GTK_TREE_VIEW (named (page, "Storage pools", NULL));
    volumes = GTK_TREE_VIEW (named (page, "Volumes", NULL));
    DOMUS_TEST_WAIT_UNTIL (lists (pools, DOMUS_TEST_POOL), TIMEOUT_S, "the pools listed");

    /* New Pool: the portal typed, the IQN discovered as this initiator. */
    click (page, "New Pool…");
    DOMUS_TEST_WAIT_UNTIL ((dialog = GTK_WIDGET (domus_test_find_toplevel (
                                DOMUS_TYPE_NEW_POOL_DIALOG))) != NULL &&
                           gtk_widget_get_mapped (dialog), TIMEOUT_S, "the New Pool dialog");
    g_assert_true (gtk_combo_box_set_active_id (GTK_COMBO_BOX (named (dialog, "Kind", NULL)),
                                                "iscsi-direct"));
    domus_test_type_into (dialog, "Name", "domus-iscsi-gui");
    domus_test_type_into (dialog, "Server", "127.0.0.1");
    domus_test_type_into (dialog, "Initiator IQN", "iqn.2026-12.org.domus.test:host");
    domus_test_type_into (dialog, "Port", port);
    click (dialog, "Discover");
    found = GTK_COMBO_BOX (named (dialog, "Target IQN", NULL));
    DOMUS_TEST_WAIT_UNTIL (g_strcmp0 (gtk_entry_get_text (GTK_ENTRY (gtk_bin_get_child (
                               GTK_BIN (found)))), iqn) == 0, TIMEOUT_S,
                           "the target's IQN discovered");
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    click (dialog, "Create");
    DOMUS_TEST_WAIT_UNTIL (dialog == NULL, TIMEOUT_S, "the pool created");

    /* Listed, active, selected with its LUNs (tgt's controller, then the
     * disk). */
    DOMUS_TEST_WAIT_UNTIL (lists (pools, "domus-iscsi-gui"), TIMEOUT_S, "the new pool listed");
    g_assert_true (domus_storage_page_select_pool (DOMUS_STORAGE_PAGE (page), "domus-iscsi-gui"));
    DOMUS_TEST_WAIT_UNTIL (lists (volumes, "unit:0:0:0|unit:0:0:1") &&
                           domus_test_has_label (page, "2 volumes"), TIMEOUT_S,
                           "the LUNs listed");

    gtk_widget_destroy (window);
    g_assert_null (window);
    {
        virConnectPtr c = virConnectOpen (domus_test_daemon_get_qemu_uri (f->daemon));
        virStoragePoolPtr pool = virStoragePoolLookupByName (c, "domus-iscsi-gui");

        g_assert_nonnull (pool);
        g_assert_cmpint (virStoragePoolIsActive (pool), ==, 1);
        virStoragePoolDestroy (pool);
        virStoragePoolUndefine (pool);
        virStoragePoolFree (pool);
        virConnectClose (c);
    }
}

void
test_real_storage_assistant_add_tests (void)
{
    domus_test_add_with_pool ("/real/storage/new-iscsi-pool-from-window",
                              test_new_iscsi_pool_from_window);
    domus_test_add_with_pool ("/real/storage/assistant-offers-imported",
                              test_assistant_offers_imported);
}
