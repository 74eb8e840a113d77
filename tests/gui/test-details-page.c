/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest window's Details page on libvirt's test driver, under Xvfb,
 * driven as a person does: pick an entry in the sidebar, type into its
 * fields, click Apply and read when the change takes effect; bad input
 * refused inline; switching away from unapplied changes asks; the XML tab
 * read-only while the form has changes, its Apply, and its error paths (a
 * parse error, libvirt's refusal) keeping the text; Add Hardware… and
 * Remove. test:///default is one host per process: a plain libvirt
 * connection here reads what the host holds.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>
#include <gtksourceview/gtksource.h>
#include <libvirt/libvirt.h>

#include "domus-application.h"
#include "domus-details-page.h"
#include "domus-details-test.h"
#include "domus-domain-details-apply.h"
#include "domus-gui-test-util.h"
#include "domus-guest-window.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

static DomusApplication *the_app;

/* The fixture and the moves on the page, shared with test-details-forms. */
typedef DomusDetailsFixture Fixture;
#define saved_xml domus_details_saved_xml
#define type_text domus_details_type_text
#define await_idle domus_details_await_idle
#define sidebar_row domus_details_sidebar_row
#define select_entry domus_details_select_entry
#define outcome domus_details_outcome
#define click_apply domus_details_click_apply
#define find(f, name, id) domus_details_find ((f)->page, (name), (id))
#define button domus_details_button

static void
show_view (Fixture *f, const char *name)
{
    gtk_stack_set_visible_child_name (GTK_STACK (find (f, NULL, "view_stack")), name);
}

static GtkTextBuffer *
xml_buffer (Fixture *f)
{
    return gtk_text_view_get_buffer (GTK_TEXT_VIEW (find (f, NULL, "xml_view")));
}

static char *
xml_text (Fixture *f)
{
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (xml_buffer (f), &start, &end);
    return gtk_text_buffer_get_text (xml_buffer (f), &start, &end, FALSE);
}

/* Replaces the first FROM in the XML tab with TO, as typed at that place. */
static void
edit_xml (Fixture *f, const char *from, const char *to)
{
    g_autofree char *text = xml_text (f);
    char *at = strstr (text, from);
    GtkTextIter start, end;
    int offset;

    g_assert_nonnull (at);
    offset = (int) g_utf8_pointer_to_offset (text, at);
    gtk_text_buffer_get_iter_at_offset (xml_buffer (f), &start, offset);
    gtk_text_buffer_get_iter_at_offset (xml_buffer (f), &end,
                                        offset + (int) g_utf8_strlen (from, -1));
    g_assert_true (gtk_text_buffer_delete_interactive (xml_buffer (f), &start, &end, TRUE));
    g_assert_true (gtk_text_buffer_insert_interactive (xml_buffer (f), &start, to, -1, TRUE));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    domus_details_fixture_setup (f, the_app);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    domus_details_fixture_teardown (f);
}

/* ---- tests ------------------------------------------------------------------ */

static void
test_memory (Fixture *f, gconstpointer data)
{
    GtkEntry *current, *maximum;
    GtkWidget *check = find (f, NULL, "check_label");
    g_autofree char *xml = NULL;

    select_entry (f, "Memory");
    current = GTK_ENTRY (find (f, "Current memory (MiB)", NULL));
    maximum = GTK_ENTRY (find (f, "Maximum memory (MiB)", NULL));
    g_assert_cmpstr (gtk_entry_get_text (current), ==, "2048");

    /* The guest's maximum (8 GiB) is above the host's 3 GiB: said at once. */
    type_text (f, current, "1024");
    g_assert_true (gtk_widget_get_visible (check));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (check)), "host has 3072 MiB"));
    g_assert_false (gtk_widget_is_sensitive (find (f, NULL, "apply_button")));
    type_text (f, maximum, "2048");
    g_assert_false (gtk_widget_get_visible (check));

    /* A new maximum waits for a shutdown. */
    click_apply (f);
    g_assert_cmpstr (outcome (f), ==,
                     domus_details_outcome_message (DOMUS_DETAILS_AFTER_SHUTDOWN));
    xml = saved_xml (f);
    g_assert_nonnull (strstr (xml, "<memory unit='KiB'>2097152</memory>"));
    g_assert_nonnull (strstr (xml, "<currentMemory unit='KiB'>1048576</currentMemory>"));

    /* The balloon alone is live. */
    current = GTK_ENTRY (find (f, "Current memory (MiB)", NULL));
    type_text (f, current, "1536");
    click_apply (f);
    g_assert_cmpstr (outcome (f), ==,
                     domus_details_outcome_message (DOMUS_DETAILS_APPLIED_NOW_AND_SAVED));
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (find (f, "Current memory (MiB)", NULL))),
                     ==, "1536");
}

static void
test_bad_input_refused (Fixture *f, gconstpointer data)
{
    GtkWidget *check = find (f, NULL, "check_label");

    select_entry (f, "CPUs");
    type_text (f, GTK_ENTRY (find (f, "Current vCPUs", NULL)), "3");
    g_assert_true (gtk_widget_get_visible (check));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (check)), "maximum is 2"));
    g_assert_false (gtk_widget_is_sensitive (find (f, NULL, "apply_button")));
    type_text (f, GTK_ENTRY (find (f, "Maximum vCPUs", NULL)), "32");
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (check)), "host has 16 CPUs"));
    type_text (f, GTK_ENTRY (find (f, "Maximum vCPUs", NULL)), "4");
    type_text (f, GTK_ENTRY (find (f, "Sockets (0: no topology)", NULL)), "3");
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (check)), "Sockets"));
    type_text (f, GTK_ENTRY (find (f, "Sockets (0: no topology)", NULL)), "0");
    g_assert_false (gtk_widget_get_visible (check));
    gtk_button_clicked (GTK_BUTTON (find (f, NULL, "revert_button")));

    /* A NIC's MAC must be unicast. */
    select_entry (f, "NIC dd:ee:ff");
    type_text (f, GTK_ENTRY (find (f, "MAC address", NULL)), "01:00:5e:00:00:01");
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (check)), "multicast"));
    g_assert_false (gtk_widget_is_sensitive (find (f, NULL, "apply_button")));
}

static void
test_switch_asks (Fixture *f, gconstpointer data)
{
    GtkWindow *dialog = NULL;
    GtkWidget *title;

    select_entry (f, "Overview");
    title = find (f, "Title", NULL);
    type_text (f, GTK_ENTRY (title), "Not yet");
    g_assert_true (domus_details_page_get_dirty (DOMUS_DETAILS_PAGE (f->page)));
    /* The XML is read-only while the form has changes. */
    g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (find (f, NULL, "xml_view"))));

    select_entry (f, "Boot Options");
    DOMUS_TEST_WAIT_UNTIL ((dialog = domus_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG)) != NULL,
                           TIMEOUT_S, "the question");
    gtk_button_clicked (GTK_BUTTON (button (GTK_WIDGET (dialog), "Cancel")));
    dialog = NULL;
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (find (f, "Title", NULL))), ==, "Not yet");
    g_assert_true (gtk_list_box_row_is_selected (sidebar_row (f, "Overview")));

    select_entry (f, "Boot Options");
    DOMUS_TEST_WAIT_UNTIL ((dialog = domus_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG)) != NULL,
                           TIMEOUT_S, "the question");
    gtk_button_clicked (GTK_BUTTON (button (GTK_WIDGET (dialog), "Discard Changes")));
    dialog = NULL;
    g_assert_true (gtk_list_box_row_is_selected (sidebar_row (f, "Boot Options")));
    g_assert_false (domus_details_page_get_dirty (DOMUS_DETAILS_PAGE (f->page)));
    g_assert_nonnull (find (f, "Boot order", NULL));
}

static void
test_xml_apply (Fixture *f, gconstpointer data)
{
    g_autofree char *xml = NULL;

    select_entry (f, "Overview");
    show_view (f, "xml");
    g_assert_true (gtk_text_view_get_editable (GTK_TEXT_VIEW (find (f, NULL, "xml_view"))));
    edit_xml (f, "</uuid>", "</uuid>\n  <title>From the XML tab</title>");
    /* The form waits while the XML has changes. */
    g_assert_false (gtk_widget_is_sensitive (find (f, "Title", NULL)));
    click_apply (f);
    g_assert_cmpstr (outcome (f), ==,
                     domus_details_outcome_message (DOMUS_DETAILS_APPLIED_NOW_AND_SAVED));
    xml = saved_xml (f);
    g_assert_nonnull (strstr (xml, "<title>From the XML tab</title>"));
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (find (f, "Title", NULL))), ==,
                     "From the XML tab");

    /* A device's own XML. */
    select_entry (f, "Disk vda");
    show_view (f, "xml");
    edit_xml (f, "<target dev=\"vda\" bus=\"virtio\"/>",
              "<target dev=\"vda\" bus=\"virtio\"/>\n  <readonly/>");
    click_apply (f);
    g_clear_pointer (&xml, g_free);
    xml = saved_xml (f);
    g_assert_nonnull (strstr (xml, "<readonly/>"));
}

static void
test_xml_errors_keep_text (Fixture *f, gconstpointer data)
{
    g_autofree char *before = saved_xml (f);
    g_autofree char *after = NULL;
    g_autofree char *typed = NULL;
    g_autofree char *kept = NULL;
    GtkWidget *error_bar = find (f, NULL, "error_bar");
    GtkLabel *error_label = GTK_LABEL (find (f, NULL, "error_label"));

    select_entry (f, "Overview");
    show_view (f, "xml");
    /* Not well-formed: the line is said, the text stays. */
    edit_xml (f, "<vcpu", "<<vcpu");
    typed = xml_text (f);
    click_apply (f);
    g_assert_true (gtk_widget_get_visible (error_bar));
    g_assert_nonnull (strstr (gtk_label_get_text (error_label), "The XML cannot be applied"));
    g_assert_nonnull (strstr (gtk_label_get_text (error_label), "line"));
    kept = xml_text (f);
    g_assert_cmpstr (kept, ==, typed);

    /* Well-formed, refused by libvirt: its words, the text stays. */
    edit_xml (f, "<<vcpu", "<vcpu");
    edit_xml (f, "<on_crash>destroy</on_crash>", "<on_crash>explode</on_crash>");
    g_clear_pointer (&typed, g_free);
    typed = xml_text (f);
    click_apply (f);
    g_assert_nonnull (strstr (gtk_label_get_text (error_label), "Changing “test” on Test Host failed"));
    g_assert_nonnull (strstr (gtk_label_get_text (error_label), "explode"));
    g_clear_pointer (&kept, g_free);
    kept = xml_text (f);
    g_assert_cmpstr (kept, ==, typed);
    after = saved_xml (f);
    g_assert_cmpstr (after, ==, before);
}

static void
test_add_and_remove (Fixture *f, gconstpointer data)
{
    GtkWidget *add = domus_details_add_hardware (f,
                                                 domus_device_kind_label (DOMUS_DEVICE_WATCHDOG));
    GtkWindow *dialog = NULL;
    g_autofree char *xml = NULL;

    gtk_button_clicked (GTK_BUTTON (button (add, "Add")));
    await_idle (f);
    DOMUS_TEST_WAIT_UNTIL (sidebar_row (f, "Watchdog") != NULL, TIMEOUT_S, "the new device");
    /* The test driver cannot attach live: it waits for a shutdown, saying why. */
    g_assert_true (g_str_has_prefix (outcome (f),
                                     domus_details_outcome_message (DOMUS_DETAILS_AFTER_SHUTDOWN)));
    g_assert_nonnull (strstr (outcome (f), "not supported"));
    xml = saved_xml (f);
    g_assert_nonnull (strstr (xml, "<watchdog model='i6300esb' action='reset'/>"));

    select_entry (f, "Watchdog");
    gtk_button_clicked (GTK_BUTTON (find (f, NULL, "remove_button")));
    DOMUS_TEST_WAIT_UNTIL ((dialog = domus_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG)) != NULL,
                           TIMEOUT_S, "the confirmation");
    gtk_button_clicked (GTK_BUTTON (button (GTK_WIDGET (dialog), "Remove")));
    dialog = NULL;
    await_idle (f);
    DOMUS_TEST_WAIT_UNTIL (sidebar_row (f, "Watchdog") == NULL, TIMEOUT_S, "the device to go");
    g_clear_pointer (&xml, g_free);
    xml = saved_xml (f);
    g_assert_null (strstr (xml, "<watchdog"));
}

static void
test_add_bad_xml_stays (Fixture *f, gconstpointer data)
{
    GtkWidget *dialog = domus_details_add_hardware (f, NULL);
    GtkSourceView *view;
    GtkTextBuffer *buffer;

    view = GTK_SOURCE_VIEW (domus_details_find (dialog, "Device XML", NULL));
    buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
    gtk_text_buffer_set_text (buffer, "<disk type='file'", -1);
    gtk_button_clicked (GTK_BUTTON (button (dialog, "Add")));
    /* Still there, with the problem said. */
    g_assert_true (gtk_widget_get_visible (dialog));
    g_assert_true (domus_test_has_label (dialog, "Couldn't find end of Start Tag disk line 1"));
}

static void
test_remove_disk_and_volume (Fixture *f, gconstpointer data)
{
    virStoragePoolPtr pool = virStoragePoolLookupByName (f->other, "default-pool");
    virStorageVolPtr vol = virStorageVolCreateXML (pool, "<volume><name>gone.img</name>"
                                                         "<capacity>1048576</capacity>"
                                                         "</volume>", 0);
    virDomainPtr dom = virDomainLookupByName (f->other, "test");
    g_autofree char *path = virStorageVolGetPath (vol);  /* malloc: g_free frees it */
    g_autofree char *disk = g_strdup_printf ("<disk type='file' device='disk'><source "
                                             "file='%s'/><target dev='vdc' bus='virtio'/>"
                                             "</disk>", path);
    g_autofree char *tick = g_strdup_printf ("Also delete the volume “%s”: its data is lost",
                                             path);
    GtkWindow *dialog = NULL;
    GtkWidget *check;
    g_autofree char *xml = saved_xml (f);
    g_autofree char *inner = g_strconcat (disk, "</devices>", NULL);
    g_autoptr(GString) with_disk = g_string_new (xml);
    virDomainPtr defined;

    /* Another client adds the disk (the test driver cannot attach). */
    g_string_replace (with_disk, "</devices>", inner, 1);
    defined = virDomainDefineXML (f->other, with_disk->str);
    g_assert_nonnull (defined);
    virDomainFree (defined);
    /* Shut off: the page reads the guest again, with the new disk. */
    g_assert_cmpint (virDomainDestroy (dom), ==, 0);
    DOMUS_TEST_WAIT_UNTIL (sidebar_row (f, "Disk vdc") != NULL, TIMEOUT_S, "the new disk");
    await_idle (f);

    select_entry (f, "Disk vdc");
    gtk_button_clicked (GTK_BUTTON (find (f, NULL, "remove_button")));
    DOMUS_TEST_WAIT_UNTIL ((dialog = domus_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG)) != NULL,
                           TIMEOUT_S, "the confirmation");
    check = domus_test_find_widget (GTK_WIDGET (dialog), tick, NULL);
    g_assert_nonnull (check);
    gtk_button_clicked (GTK_BUTTON (check));
    gtk_button_clicked (GTK_BUTTON (button (GTK_WIDGET (dialog), "Remove")));
    dialog = NULL;
    await_idle (f);
    DOMUS_TEST_WAIT_UNTIL (sidebar_row (f, "Disk vdc") == NULL, TIMEOUT_S, "the disk to go");
    g_assert_cmpstr (outcome (f), ==, "The disk was removed and its volume deleted.");
    virStorageVolFree (vol);
    vol = virStorageVolLookupByPath (f->other, path);
    g_assert_null (vol);

    g_assert_cmpint (virDomainCreate (dom), ==, 0);
    virDomainFree (dom);
    virStoragePoolFree (pool);
}

static gboolean
autostart_of_test (Fixture *f)
{
    virDomainPtr dom = virDomainLookupByName (f->other, "test");
    int autostart = -1;

    g_assert_cmpint (virDomainGetAutostart (dom, &autostart), ==, 0);
    virDomainFree (dom);
    return autostart == 1;
}

static void
test_boot_autostart (Fixture *f, gconstpointer data)
{
    GtkWidget *check;
    g_autofree char *xml = NULL;

    select_entry (f, "Boot Options");
    check = find (f, "Start the guest when the host starts", NULL);
    g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (check)));
    gtk_button_clicked (GTK_BUTTON (check));
    type_text (f, GTK_ENTRY (find (f, "Kernel arguments", NULL)), "console=ttyS0");
    click_apply (f);
    g_assert_true (autostart_of_test (f));
    g_assert_cmpstr (outcome (f), ==,
                     domus_details_outcome_message (DOMUS_DETAILS_AFTER_SHUTDOWN));
    xml = saved_xml (f);
    g_assert_nonnull (strstr (xml, "<cmdline>console=ttyS0</cmdline>"));

    /* Autostart alone. */
    check = find (f, "Start the guest when the host starts", NULL);
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (check)));
    gtk_button_clicked (GTK_BUTTON (check));
    click_apply (f);
    g_assert_false (autostart_of_test (f));
    g_assert_cmpstr (outcome (f), ==, "Saved: the guest no longer starts with the host.");
}

int
main (int argc, char *argv[])
{
    int ret;

    gtk_test_init (&argc, &argv, NULL);
    the_app = domus_test_app_new ();

#define ADD(path, func) \
    g_test_add ("/details-page/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
    ADD ("memory", test_memory);
    ADD ("bad-input-refused", test_bad_input_refused);
    ADD ("switch-asks", test_switch_asks);
    ADD ("xml-apply", test_xml_apply);
    ADD ("xml-errors-keep-text", test_xml_errors_keep_text);
    ADD ("add-and-remove", test_add_and_remove);
    ADD ("add-bad-xml-stays", test_add_bad_xml_stays);
    ADD ("remove-disk-and-volume", test_remove_disk_and_volume);
    ADD ("boot-autostart", test_boot_autostart);
#undef ADD
    ret = g_test_run ();
    g_clear_object (&the_app);
    return ret;
}
