/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Live migration between two real libvirt daemons (A and B, distinct host
 * UUIDs, one pair for the whole program) through Domus's core. A TCG
 * guest boots a GRUB ISO that prints a count every second on a
 * <serial type='file'> log: after a migration it runs on B, is gone from
 * A (both seen through Domus's lists, that is libvirt's events), and the
 * count goes on in the same log with one boot marker (no reboot). With
 * shared storage (a disk both daemons see), with a copy of a disk only A
 * has into a pool of B elsewhere (created by Domus, the guest pointed at
 * it), peer to peer there and tunnelled back; and a migration of a guest
 * whose memory holds random data, slowed by a bandwidth limit, shows its
 * progress and is cancelled: the guest runs on A, nothing is left on B.
 * Through the GUI: the Migrate dialog opened over the guest's window
 * moves the guest, and the window follows it to B, its screen connected
 * there. The timings go to the test log.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "domus-application.h"
#include "domus-connection.h"
#include "domus-domain-migrate.h"
#include "domus-error.h"
#include "gui/domus-gui-test-util.h"
#include "domus-guest-window.h"
#include "domus-libvirt.h"
#include "domus-migrate-dialog.h"
#include "domus-test-daemon.h"
#include "domus-test-util.h"
#include "test-real-migrate.h"

static void
test_shared_storage (void)
{
    g_autoptr(DomusMigrateOptions) options = domus_migrate_options_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *log = NULL;
    g_autofree char *disk = NULL;
    g_autofree char *name = NULL;
    Progress progress = { 0 };
    double seconds;
    int before;

    if (!setup ())
        return;
    log = new_log ("shared");
    /* A's directory is the test's /tmp: B's QEMU sees the same file. */
    disk = make_disk (domus_test_daemon_get_dir (the.a), "shared.img", 8 << 20);
    name = start_guest ("migrate-shared", the.iso, disk, log);

    options->address = g_strdup ("tcp://127.0.0.1");
    /* libvirt takes a local directory for local storage, even one B sees. */
    options->allow_unsafe = TRUE;
    before = last_count (log);
    seconds = migrate (the.conn_a, the.conn_b, name, options, &progress, NULL, &error);
    g_assert_no_error (error);
    g_test_message ("direct live migration, shared storage, 64 MiB guest: %.2f s "
                    "(%u progress updates)", seconds, progress.updates);
    g_assert_cmpint (progress.last.phase, ==, DOMUS_MIGRATE_PHASE_COMPLETED);
    assert_moved (the.conn_a, the.virt_a, the.conn_b, the.virt_b, name, log, before);
}

static void
test_copy_storage (void)
{
    g_autoptr(DomusMigrateOptions) options = domus_migrate_options_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *log = NULL;
    g_autofree char *only_a = NULL;
    g_autofree char *disk = NULL;
    g_autofree char *name = NULL;
    g_autofree char *copied_path = NULL;
    g_autofree char *original = NULL;
    g_autofree char *copied = NULL;
    g_autofree char *xml = NULL;
    gsize original_len = 0;
    gsize copied_len = 0;
    virDomainPtr dom;
    Progress progress = { 0 };
    double seconds;
    int before;

    if (!setup ())
        return;
    log = new_log ("copy");
    only_a = g_build_filename (domus_test_daemon_get_dir (the.a), "only-a", NULL);
    g_assert_cmpint (g_mkdir (only_a, 0755), ==, 0);
    disk = make_disk (only_a, "disk.img", 16 << 20);
    name = start_guest ("migrate-copy", the.iso, disk, log);

    /* Without a pool, Domus says the path does not exist on B. */
    options->address = g_strdup ("tcp://127.0.0.1");
    options->storage = DOMUS_MIGRATE_STORAGE_COPY_ALL;
    g_assert_cmpfloat (migrate (the.conn_a, the.conn_b, name, options, &progress, NULL,
                                &error), <, 0);
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "does not exist on hostB"));
    g_assert_nonnull (strstr (error->message, "is still running on hostA"));
    g_assert_nonnull (strstr (error->message, "Nothing was left on hostB"));
    g_clear_error (&error);

    options->pool = g_strdup (dest_pool ());
    before = last_count (log);
    seconds = migrate (the.conn_a, the.conn_b, name, options, &progress, NULL, &error);
    g_assert_no_error (error);
    g_test_message ("direct live migration, copying a 16 MiB disk, 64 MiB guest: %.2f s "
                    "(%u progress updates, %" G_GUINT64_FORMAT " bytes at most)", seconds,
                    progress.updates, progress.max_processed);
    assert_moved (the.conn_a, the.virt_a, the.conn_b, the.virt_b, name, log, before);

    /* B's guest uses the copy in B's pool, which holds what A's disk held. */
    copied_path = g_build_filename (the.pool_dir, "disk.img", NULL);
    dom = virDomainLookupByName (the.virt_b, name);
    xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
    virDomainFree (dom);
    g_assert_nonnull (strstr (xml, copied_path));
    g_assert_null (strstr (xml, disk));
    g_assert_true (g_file_get_contents (disk, &original, &original_len, NULL));
    g_assert_true (g_file_get_contents (copied_path, &copied, &copied_len, NULL));
    g_assert_cmpuint (copied_len, ==, original_len);
    g_assert_true (memcmp (original, copied, original_len) == 0);
}

/* Peer to peer from A to B, then tunnelled through the daemons back. */
static void
test_peer_to_peer (void)
{
    g_autoptr(DomusMigrateOptions) options = domus_migrate_options_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *log = NULL;
    g_autofree char *name = NULL;
    Progress progress = { 0 };
    double seconds;
    int before;

    if (!setup ())
        return;
    log = new_log ("p2p");
    name = start_guest ("migrate-p2p", the.iso, NULL, log);

    options->transport = DOMUS_MIGRATE_PEER_TO_PEER;
    options->address = g_strdup ("tcp://127.0.0.1");
    before = last_count (log);
    seconds = migrate (the.conn_a, the.conn_b, name, options, &progress, NULL, &error);
    g_assert_no_error (error);
    g_test_message ("peer-to-peer live migration A to B, 64 MiB guest: %.2f s", seconds);
    assert_moved (the.conn_a, the.virt_a, the.conn_b, the.virt_b, name, log, before);

    g_clear_pointer (&options->address, g_free);
    options->tunnelled = TRUE;
    before = last_count (log);
    seconds = migrate (the.conn_b, the.conn_a, name, options, &progress, NULL, &error);
    g_assert_no_error (error);
    g_test_message ("tunnelled peer-to-peer live migration B to A, 64 MiB guest: %.2f s",
                    seconds);
    assert_moved (the.conn_b, the.virt_b, the.conn_a, the.virt_a, name, log, before);
}

static void
test_cancel (void)
{
    g_autoptr(DomusMigrateOptions) options = domus_migrate_options_new ();
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *log = NULL;
    g_autofree char *name = NULL;
    Progress progress = { 0 };
    virDomainPtr dom;
    int state = -1;
    int reason;

    if (!setup ())
        return;
    log = new_log ("cancel");
    /* The count starts once the random data is in the guest's memory. */
    name = start_guest_full ("migrate-cancel", ballast_iso (), NULL, log, FALSE, 0);

    options->address = g_strdup ("tcp://127.0.0.1");
    options->bandwidth_mib = 1;
    progress.cancel_at_progress = cancellable;
    g_assert_cmpfloat (migrate (the.conn_a, the.conn_b, name, options, &progress,
                                cancellable, &error), <, 0);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "is still running on hostA"));
    g_assert_nonnull (strstr (error->message, "Nothing was left on hostB"));
    g_assert_cmpuint (progress.max_processed, >, 0);
    /* What the last statistics said as the job was aborted varies. */
    g_assert_cmpuint (progress.max_total, >, 0);
    g_assert_cmpuint (progress.max_rate, >, 0);

    dom = virDomainLookupByName (the.virt_a, name);
    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainGetState (dom, &state, &reason, 0), ==, 0);
    g_assert_cmpint (state, ==, VIR_DOMAIN_RUNNING);
    virDomainFree (dom);
    g_assert_null (virDomainLookupByName (the.virt_b, name));
    /* B's list learns of the incoming guest's end through its event,
     * which may still be on its way when the job returns. */
    DOMUS_TEST_WAIT_UNTIL (domus_connection_find_domain_by_name (the.conn_b, name) == NULL,
                           TIMEOUT_S, "the aborted incoming guest gone from B's list");
    g_assert_nonnull (domus_connection_find_domain_by_name (the.conn_a, name));
}

/* The Migrate dialog over the guest's window, as a person uses it. */
static void
test_window_follows (void)
{
    DomusApplication *app;
    g_autofree char *log = NULL;
    g_autofree char *name = NULL;
    DomusGuestWindow *window;
    DomusDomain *domain;
    GtkWidget *dialog;
    GtkWidget *migrate;
    GtkWidget *address;
    GtkWidget *row;
    int before;

    if (!setup ())
        return;
    app = shared_app ();
    domus_application_adopt_connection (app, the.conn_a, FALSE, FALSE);
    domus_application_adopt_connection (app, the.conn_b, FALSE, FALSE);
    log = new_log ("follow");
    name = start_guest_full ("migrate-follow", the.iso, NULL, log, TRUE, 1);
    domain = domus_connection_find_domain_by_name (the.conn_a, name);
    window = domus_guest_window_present (app, the.conn_a, domain);
    DOMUS_TEST_WAIT_UNTIL (domus_guest_window_get_console_state (window) ==
                           DOMUS_CONSOLE_STATE_CONNECTED, TIMEOUT_S, "the screen on A");

    g_action_group_activate_action (G_ACTION_GROUP (window), "migrate", NULL);
    DOMUS_TEST_WAIT_UNTIL ((dialog = GTK_WIDGET (domus_test_find_toplevel (
                                DOMUS_TYPE_MIGRATE_DIALOG))) != NULL,
                           TIMEOUT_S, "the Migrate dialog");
    row = domus_test_find_widget (dialog, "hostB", NULL);
    g_assert_nonnull (row);
    gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
    address = domus_test_find_widget (dialog, "Migration address", NULL);
    gtk_entry_set_text (GTK_ENTRY (address), "tcp://127.0.0.1");
    migrate = domus_test_find_widget (dialog, "Migrate", NULL);
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_sensitive (migrate), TIMEOUT_S,
                           "Migrate, once both hosts are read");
    before = last_count (log);
    gtk_button_clicked (GTK_BUTTON (migrate));
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (DOMUS_TYPE_MIGRATE_DIALOG) == NULL,
                           TIMEOUT_S, "the migration to end and its dialog to close");

    /* The guest's window now shows the guest of B, its screen connected. */
    DOMUS_TEST_WAIT_UNTIL ((window = domus_test_find_guest_window (name)) != NULL &&
                           domus_guest_window_get_domain (window) ==
                           domus_connection_find_domain_by_name (the.conn_b, name),
                           TIMEOUT_S, "the guest's window on B");
    DOMUS_TEST_WAIT_UNTIL (domus_guest_window_get_console_state (window) ==
                           DOMUS_CONSOLE_STATE_CONNECTED, TIMEOUT_S, "the screen on B");
    assert_moved (the.conn_a, the.virt_a, the.conn_b, the.virt_b, name, log, before);
    domus_test_close_guest_windows ();
    domus_test_remove_connections (app);
}

int
main (int argc, char **argv)
{
    int rc;

    gtk_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();
    g_test_add_func ("/real/migrate/shared-storage", test_shared_storage);
    g_test_add_func ("/real/migrate/copy-storage", test_copy_storage);
    g_test_add_func ("/real/migrate/peer-to-peer", test_peer_to_peer);
    g_test_add_func ("/real/migrate/cancel", test_cancel);
    add_mode_tests ();
    add_batch_tests ();
    g_test_add_func ("/real/migrate/window-follows", test_window_follows);
    rc = g_test_run ();

    free_env ();
    return rc;
}
