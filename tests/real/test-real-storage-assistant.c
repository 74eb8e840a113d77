/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * After Import Disk Image, the New Virtual Machine assistant offers the
 * imported volume under "Import existing disk": driven as a person does
 * on the storage test's real daemon (under the gui suite's Xvfb), the
 * volume is chosen from the host's list, its format taken from it, and
 * the guest the assistant creates has that volume as its disk and boots.
 */
#include "config.h"

#include "test-real-storage-boot.h"

#include <string.h>
#include <unistd.h>

#include <gtk/gtk.h>
#include <libvirt/libvirt.h>

#include "domus-create-assistant.h"
#include "domus-gui-test-util.h"
#include "domus-test-create.h"

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

void
test_real_storage_assistant_add_tests (void)
{
    domus_test_add_with_pool ("/real/storage/assistant-offers-imported",
                              test_assistant_offers_imported);
}
