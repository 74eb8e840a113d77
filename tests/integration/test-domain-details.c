/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Details page's jobs against the test driver: read a guest's
 * definition, change one page's field, apply, read it again. Each outcome
 * ("saved", "applied now and saved", "after shutdown") is the one libvirt's
 * answers call for, a refusal keeps libvirt's message and changes nothing,
 * and other tools' metadata survives.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "domus-connection.h"
#include "domus-domain-actions.h"
#include "domus-domain-details-apply.h"
#include "domus-error.h"
#include "domus-libvirt.h"
#include "domus-test-details.h"
#include "domus-test-domains.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60
#define AWAIT(res) DOMUS_TEST_WAIT_UNTIL ((res) != NULL, TIMEOUT_S, "the job to finish")

typedef struct {
    DomusConnection *conn;
    DomusDomain *domain;        /* "test", running */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
    f->conn = domus_connection_new ("test:///default");
    domus_poller_set_interval (domus_connection_get_poller (f->conn), 3600);
    domus_connection_connect (f->conn);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (f->conn) ==
                           DOMUS_CONNECTION_STATE_CONNECTED, TIMEOUT_S, "the connection");
    f->domain = g_object_ref (domus_test_find_domain (f->conn, "test"));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
    g_clear_object (&f->domain);
    g_clear_object (&f->conn);
}

#define load(f) domus_test_details_load ((f)->conn, (f)->domain)

static DomusDetailsOutcome
apply (Fixture *f, const char *old_xml, const char *new_xml, char **note, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_domain_details_apply_async (f->conn, f->domain, old_xml, new_xml, NULL,
                                      domus_test_keep_result_cb, &res);
    AWAIT (res);
    return domus_domain_details_apply_finish (f->conn, res, note, error);
}

static void
action (Fixture *f, DomusDomainAction what)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;

    domus_domain_action_async (f->conn, f->domain, what, NULL, domus_test_keep_result_cb, &res);
    AWAIT (res);
    g_assert_true (domus_domain_action_finish (f->conn, res, &error));
    g_assert_no_error (error);
}

typedef void (*EditFunc) (DomusDomainDetails *details);

/* Loads, edits, applies; returns the outcome and the definition after. */
static DomusDetailsOutcome
edit_and_apply (Fixture *f, EditFunc edit, DomusDomainDetails **after, char **note)
{
    g_autoptr(DomusDetailsSnapshot) before = load (f);
    g_autoptr(DomusDetailsSnapshot) again = NULL;
    g_autoptr(DomusDomainDetails) details = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *new_xml = NULL;
    DomusDetailsOutcome outcome;

    details = domus_domain_details_new (before->xml, &error);
    g_assert_no_error (error);
    edit (details);
    new_xml = domus_domain_details_to_xml (details);
    outcome = apply (f, before->xml, new_xml, note, &error);
    g_assert_no_error (error);
    again = load (f);
    *after = domus_domain_details_new (again->xml, &error);
    g_assert_no_error (error);
    return outcome;
}

static void
edit_memory (DomusDomainDetails *d)
{
    domus_domain_details_set_memory (d, 1048576, domus_domain_details_get_max_memory (d));
}

static void
edit_memory_other (DomusDomainDetails *d)
{
    domus_domain_details_set_memory (d, 786432, domus_domain_details_get_max_memory (d));
}

static void
edit_title (DomusDomainDetails *d)
{
    domus_domain_details_set_title (d, "Database server");
}

static void
edit_other_title (DomusDomainDetails *d)
{
    domus_domain_details_set_title (d, "Inventory host");
}

static void
edit_boot (DomusDomainDetails *d)
{
    const char *const order[] = { "network", "hd", NULL };

    domus_domain_details_set_boot_order (d, order);
    domus_domain_details_set_boot_menu (d, TRUE);
}

static void
edit_foreign_metadata (DomusDomainDetails *d)
{
    g_assert_true (domus_domain_details_add_device (d, "<watchdog model='i6300esb' "
                                                       "action='poweroff'/>", NULL, NULL, NULL));
}

static void
add_disk (DomusDomainDetails *d)
{
    g_assert_true (domus_domain_details_add_device (d, "<disk type='file' device='disk'>"
                                                       "<source file='/guest/extra.img'/>"
                                                       "<target dev='vdz' bus='virtio'/></disk>",
                                                    NULL, NULL, NULL));
}

static void
test_memory_live (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusDomainDetails) after = NULL;
    g_autofree char *note = NULL;

    g_assert_cmpint (domus_domain_get_state (f->domain), ==, DOMUS_DOMAIN_STATE_RUNNING);
    g_assert_cmpint (edit_and_apply (f, edit_memory, &after, &note), ==,
                     DOMUS_DETAILS_APPLIED_NOW_AND_SAVED);
    g_assert_null (note);
    g_assert_cmpuint (domus_domain_details_get_memory (after), ==, 1048576);
}

static void
test_title_live (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusDomainDetails) after = NULL;
    g_autoptr(DomusDetailsSnapshot) snapshot = NULL;
    g_autofree char *title = NULL;
    g_autofree char *note = NULL;

    g_assert_cmpint (edit_and_apply (f, edit_title, &after, &note), ==,
                     DOMUS_DETAILS_APPLIED_NOW_AND_SAVED);
    title = domus_domain_details_get_title (after);
    g_assert_cmpstr (title, ==, "Database server");
    /* The running guest has it too. */
    snapshot = load (f);
    g_assert_nonnull (strstr (snapshot->live_xml, "<title>Database server</title>"));
}

static void
test_boot_after_shutdown (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusDomainDetails) after = NULL;
    g_autoptr(DomusDomainDetails) live = NULL;
    g_autoptr(DomusDetailsSnapshot) snapshot = NULL;
    g_auto(GStrv) order = NULL;
    g_auto(GStrv) live_order = NULL;
    g_autofree char *note = NULL;

    g_assert_cmpint (edit_and_apply (f, edit_boot, &after, &note), ==,
                     DOMUS_DETAILS_AFTER_SHUTDOWN);
    order = domus_domain_details_get_boot_order (after);
    g_assert_cmpstr (order[0], ==, "network");
    g_assert_true (domus_domain_details_get_boot_menu (after));
    snapshot = load (f);
    live = domus_domain_details_new (snapshot->live_xml, NULL);
    live_order = domus_domain_details_get_boot_order (live);
    g_assert_cmpstr (live_order[0], ==, "hd");

    /* Once off and started again, it is what the guest has. */
    action (f, DOMUS_DOMAIN_ACTION_FORCE_OFF);
    action (f, DOMUS_DOMAIN_ACTION_START);
    g_clear_pointer (&snapshot, domus_details_snapshot_free);
    g_clear_pointer (&live_order, g_strfreev);
    g_clear_object (&live);
    snapshot = load (f);
    g_assert_true (snapshot->active);
    live = domus_domain_details_new (snapshot->live_xml, NULL);
    live_order = domus_domain_details_get_boot_order (live);
    g_assert_cmpstr (live_order[0], ==, "network");
}

static void
test_saved_when_off (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusDomainDetails) after = NULL;
    g_autofree char *note = NULL;

    action (f, DOMUS_DOMAIN_ACTION_FORCE_OFF);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (f->domain) == DOMUS_DOMAIN_STATE_SHUTOFF,
                           TIMEOUT_S, "the guest to be off");
    g_assert_cmpint (edit_and_apply (f, edit_memory_other, &after, &note), ==,
                     DOMUS_DETAILS_SAVED);
    g_assert_cmpuint (domus_domain_details_get_memory (after), ==, 786432);
    action (f, DOMUS_DOMAIN_ACTION_START);
}

static void
test_metadata_survives (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusDetailsSnapshot) before = load (f);
    g_autoptr(DomusDomainDetails) details = domus_domain_details_new (before->xml, NULL);
    g_autoptr(DomusDomainDetails) after = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *with_metadata = NULL;
    g_autofree char *note = NULL;
    g_autofree char *title = NULL;
    const char *metadata = "<metadata><acme:inventory xmlns:acme=\"https://acme.example/ns\">"
                           "<acme:owner team=\"dba\">Alice</acme:owner></acme:inventory>"
                           "</metadata>";
    GString *text = g_string_new (before->xml);
    gssize at = strstr (text->str, "</uuid>") - text->str + strlen ("</uuid>");

    /* Another tool's metadata, put there by a whole-XML define. */
    g_string_insert (text, at, metadata);
    with_metadata = g_string_free (text, FALSE);
    g_assert_cmpint (apply (f, before->xml, with_metadata, &note, &error), ==,
                     DOMUS_DETAILS_AFTER_SHUTDOWN);
    g_assert_no_error (error);

    /* Then a form page edits something else. */
    g_assert_cmpint (edit_and_apply (f, edit_other_title, &after, &note), ==,
                     DOMUS_DETAILS_APPLIED_NOW_AND_SAVED);
    g_clear_object (&after);
    g_assert_cmpint (edit_and_apply (f, edit_foreign_metadata, &after, &note), !=,
                     DOMUS_DETAILS_UNCHANGED);
    {
        g_autofree char *xml = domus_domain_details_to_xml (after);

        g_assert_nonnull (strstr (xml, "https://acme.example/ns"));
        g_assert_nonnull (strstr (xml, ">Alice</acme:owner>"));
        g_assert_nonnull (strstr (xml, "<watchdog model=\"i6300esb\" action=\"poweroff\""));
    }
    title = domus_domain_details_get_title (after);
    g_assert_cmpstr (title, ==, "Inventory host");
}

static void
test_attach_detach (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusDomainDetails) after = NULL;
    g_autoptr(DomusDetailsSnapshot) snapshot = NULL;
    g_autofree char *note = NULL;
    DomusDetailsOutcome outcome;

    outcome = edit_and_apply (f, add_disk, &after, &note);
    g_assert_cmpuint (domus_domain_details_count_devices (after, DOMUS_DEVICE_DISK), >=, 1);
    snapshot = load (f);
    g_assert_nonnull (strstr (snapshot->xml, "/guest/extra.img"));
    /* The test driver attaches live, or says why not: the outcome says so. */
    if (strstr (snapshot->live_xml, "/guest/extra.img") != NULL) {
        g_assert_cmpint (outcome, ==, DOMUS_DETAILS_APPLIED_NOW_AND_SAVED);
        g_assert_null (note);
    } else {
        g_assert_cmpint (outcome, ==, DOMUS_DETAILS_AFTER_SHUTDOWN);
        g_assert_nonnull (note);
        g_test_message ("live attach refused: %s", note);
    }
}

static void
test_refusal_changes_nothing (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusDetailsSnapshot) before = load (f);
    g_autoptr(DomusDetailsSnapshot) after = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *bad = NULL;
    g_autofree char *note = NULL;
    GString *text = g_string_new (before->xml);
    char *at = strstr (text->str, "<os>");

    /* An OS type libvirt does not know. */
    g_assert_nonnull (at);
    g_string_insert (text, at - text->str, "<on_crash>explode</on_crash>");
    bad = g_string_free (text, FALSE);
    apply (f, before->xml, bad, &note, &error);
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_assert_nonnull (strstr (error->message, "Changing “test” on"));
    g_assert_nonnull (strstr (error->message, "explode"));
    after = load (f);
    g_assert_cmpstr (after->xml, ==, before->xml);
}

static void
test_rename_running_refused (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusDetailsSnapshot) before = load (f);
    g_autoptr(DomusDomainDetails) details = domus_domain_details_new (before->xml, NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *new_xml = NULL;
    g_autofree char *note = NULL;

    domus_domain_details_set_name (details, "renamed");
    new_xml = domus_domain_details_to_xml (details);
    apply (f, before->xml, new_xml, &note, &error);
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "only while it is shut off"));
}

static void
rename_guest (DomusDomainDetails *d)
{
    domus_domain_details_set_name (d, "renamed");
    domus_domain_details_set_title (d, "Renamed guest");
}

static void
test_rename_off (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusDomainDetails) after = NULL;
    g_autofree char *note = NULL;
    g_autofree char *name = NULL;

    action (f, DOMUS_DOMAIN_ACTION_FORCE_OFF);
    g_assert_cmpint (edit_and_apply (f, rename_guest, &after, &note), ==, DOMUS_DETAILS_SAVED);
    name = domus_domain_details_get_name (after);
    g_assert_cmpstr (name, ==, "renamed");
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_domain (f->conn, "renamed") != NULL, TIMEOUT_S,
                           "the list to show the new name");
}

/* Add Hardware's starting point of every kind, on the shut-off guest:
 * saved, listed, then removed again. */
static void
test_add_remove_each_kind (Fixture *f, gconstpointer data)
{
    action (f, DOMUS_DOMAIN_ACTION_FORCE_OFF);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (f->domain) == DOMUS_DOMAIN_STATE_SHUTOFF,
                           TIMEOUT_S, "the guest to be off");
    for (guint k = 0; k < DOMUS_N_DEVICE_KINDS; k++) {
        g_autoptr(DomusDetailsSnapshot) before = load (f);
        g_autoptr(DomusDetailsSnapshot) added = NULL;
        g_autoptr(DomusDetailsSnapshot) removed = NULL;
        g_autoptr(DomusDomainDetails) details = domus_domain_details_new (before->xml, NULL);
        g_autoptr(DomusDomainDetails) after = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(GString) device = g_string_new (domus_device_kind_template (k, "test"));
        g_autofree char *new_xml = NULL;
        g_autofree char *note = NULL;
        guint count = domus_domain_details_count_devices (details, k);
        DomusDetailsOutcome outcome;
        DomusDeviceKind kind;
        guint index;

        /* What the user fills in: the paths. */
        g_string_replace (device, "file=''", "file='/guest/extra.img'", 0);
        g_string_replace (device, "dir=''", "dir='/srv/share'", 0);
        g_string_replace (device, "<vendor id='0x0000'/>", "<vendor id='0x046d'/>", 0);
        g_string_replace (device, "<product id='0x0000'/>", "<product id='0xc52b'/>", 0);
        /* libvirt takes one watchdog only; an earlier test may have left one. */
        if (k == DOMUS_DEVICE_WATCHDOG) {
            while (domus_domain_details_count_devices (details, k) > 0)
                domus_domain_details_remove_device (details, k, 0);
            count = 0;
        }
        g_assert_true (domus_domain_details_add_device (details, device->str, &kind, &index,
                                                        &error));
        g_assert_no_error (error);
        g_assert_cmpint (kind, ==, k);
        new_xml = domus_domain_details_to_xml (details);
        outcome = apply (f, before->xml, new_xml, &note, &error);
        g_assert_no_error (error);
        g_assert_cmpint (outcome, ==, DOMUS_DETAILS_SAVED);
        added = load (f);
        after = domus_domain_details_new (added->xml, NULL);
        g_assert_cmpuint (domus_domain_details_count_devices (after, k), ==, count + 1);

        domus_domain_details_remove_device (after, kind, index);
        g_clear_pointer (&new_xml, g_free);
        new_xml = domus_domain_details_to_xml (after);
        g_assert_cmpint (apply (f, added->xml, new_xml, &note, &error), ==,
                         DOMUS_DETAILS_SAVED);
        g_assert_no_error (error);
        removed = load (f);
        g_clear_object (&after);
        after = domus_domain_details_new (removed->xml, NULL);
        g_test_message ("%s: added and removed", domus_device_kind_label (k));
        g_assert_cmpuint (domus_domain_details_count_devices (after, k), ==, count);
    }
    action (f, DOMUS_DOMAIN_ACTION_START);
}

/* Each general page's fields applied to the running guest. */
static void
edit_cpus (DomusDomainDetails *d)
{
    domus_domain_details_set_vcpus (d, 1, domus_domain_details_get_max_vcpus (d));
    domus_domain_details_set_cpu_mode (d, DOMUS_CPU_MODE_HOST_MODEL, NULL);
}

static void
edit_overview (DomusDomainDetails *d)
{
    domus_domain_details_set_description (d, "Kept for the audit");
    domus_domain_details_set_os_id (d, "http://debian.org/debian/12");
}

static void
edit_kernel_boot (DomusDomainDetails *d)
{
    domus_domain_details_set_kernel (d, "kernel", "/boot/vmlinuz");
    domus_domain_details_set_kernel (d, "cmdline", "console=ttyS0");
}

static void
test_each_page (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusDomainDetails) after = NULL;
    g_autofree char *note = NULL;
    g_autofree char *s = NULL;

    /* vCPUs live, the CPU model after a shutdown. */
    g_assert_cmpint (edit_and_apply (f, edit_cpus, &after, &note), ==,
                     DOMUS_DETAILS_AFTER_SHUTDOWN);
    g_assert_cmpuint (domus_domain_details_get_vcpus (after), ==, 1);
    g_assert_cmpint (domus_domain_details_get_cpu_mode (after, NULL), ==,
                     DOMUS_CPU_MODE_HOST_MODEL);
    g_clear_object (&after);
    g_clear_pointer (&note, g_free);

    /* The description live; the OS id in <metadata> after a shutdown. */
    g_assert_cmpint (edit_and_apply (f, edit_overview, &after, &note), ==,
                     DOMUS_DETAILS_AFTER_SHUTDOWN);
    s = domus_domain_details_get_os_id (after);
    g_assert_cmpstr (s, ==, "http://debian.org/debian/12");
    g_clear_pointer (&s, g_free);
    s = domus_domain_details_get_description (after);
    g_assert_cmpstr (s, ==, "Kept for the audit");
    g_clear_pointer (&s, g_free);
    g_clear_object (&after);
    g_clear_pointer (&note, g_free);

    g_assert_cmpint (edit_and_apply (f, edit_kernel_boot, &after, &note), ==,
                     DOMUS_DETAILS_AFTER_SHUTDOWN);
    s = domus_domain_details_get_kernel (after, "cmdline");
    g_assert_cmpstr (s, ==, "console=ttyS0");
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();

#define ADD(path, func) \
    g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
    ADD ("/domain-details/memory-live", test_memory_live);
    ADD ("/domain-details/title-live", test_title_live);
    ADD ("/domain-details/boot-after-shutdown", test_boot_after_shutdown);
    ADD ("/domain-details/saved-when-off", test_saved_when_off);
    ADD ("/domain-details/metadata-survives", test_metadata_survives);
    ADD ("/domain-details/attach-detach", test_attach_detach);
    ADD ("/domain-details/refusal-changes-nothing", test_refusal_changes_nothing);
    ADD ("/domain-details/rename-running-refused", test_rename_running_refused);
    ADD ("/domain-details/each-page", test_each_page);
    ADD ("/domain-details/add-remove-each-kind", test_add_remove_each_kind);
    ADD ("/domain-details/rename-off", test_rename_off);
#undef ADD
    return g_test_run ();
}
