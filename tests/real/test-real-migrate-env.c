/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the real-migrate programs share: the pair of daemons and Domus's
 * connections to them, guests that count on a serial log, a migration
 * through Domus's core and the checks that a guest moved without a
 * reboot (test-real-migrate.h says what each helper does).
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "domus-application.h"
#include "domus-connection.h"
#include "domus-domain-migrate.h"
#include "domus-manager-window.h"
#include "gui/domus-gui-test-util.h"
#include "domus-test-daemon.h"
#include "domus-test-util.h"
#include "test-real-migrate.h"
MigrateTestEnv the;

gboolean
setup (void)
{
    g_autoptr(GError) error = NULL;

    if (the.conn_a != NULL) {
        /* A test of the GUI removed them from its application. */
        if (domus_connection_get_state (the.conn_a) != DOMUS_CONNECTION_STATE_CONNECTED &&
            domus_connection_get_state (the.conn_a) != DOMUS_CONNECTION_STATE_CONNECTING)
            domus_connection_connect (the.conn_a);
        if (domus_connection_get_state (the.conn_b) != DOMUS_CONNECTION_STATE_CONNECTED &&
            domus_connection_get_state (the.conn_b) != DOMUS_CONNECTION_STATE_CONNECTING)
            domus_connection_connect (the.conn_b);
        DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (the.conn_a) ==
                               DOMUS_CONNECTION_STATE_CONNECTED &&
                               domus_connection_get_state (the.conn_b) ==
                               DOMUS_CONNECTION_STATE_CONNECTED, TIMEOUT_S,
                               "both connections again");
        return TRUE;
    }
    if (!domus_test_daemon_shared_pair (&the.a, &the.b))
        return FALSE;
    the.virt_a = virConnectOpen (domus_test_daemon_get_qemu_uri (the.a));
    the.virt_b = virConnectOpen (domus_test_daemon_get_qemu_uri (the.b));
    g_assert_nonnull (the.virt_a);
    g_assert_nonnull (the.virt_b);
    the.iso = domus_test_make_counting_grub_iso (domus_test_daemon_get_dir (the.a), 0, &error);
    g_assert_no_error (error);

    the.conn_a = domus_connection_new (domus_test_daemon_get_qemu_uri (the.a));
    the.conn_b = domus_connection_new (domus_test_daemon_get_qemu_uri (the.b));
    domus_connection_set_display_name (the.conn_a, "hostA");
    domus_connection_set_display_name (the.conn_b, "hostB");
    domus_poller_set_interval (domus_connection_get_poller (the.conn_a), 3600);
    domus_poller_set_interval (domus_connection_get_poller (the.conn_b), 3600);
    domus_connection_connect (the.conn_a);
    domus_connection_connect (the.conn_b);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (the.conn_a) ==
                           DOMUS_CONNECTION_STATE_CONNECTED &&
                           domus_connection_get_state (the.conn_b) ==
                           DOMUS_CONNECTION_STATE_CONNECTED, TIMEOUT_S, "both connections");
    return TRUE;
}

/* A file of SIZE random bytes, readable by QEMU. */
char *
make_disk (const char *dir, const char *file, gsize size)
{
    g_autofree char *path = g_build_filename (dir, file, NULL);
    g_autofree guint8 *data = g_malloc (size);
    g_autoptr(GError) error = NULL;

    for (gsize i = 0; i < size; i += 4)
        *(guint32 *) (data + i) = g_random_int ();
    g_file_set_contents (path, (const char *) data, (gssize) size, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_chmod (path, 0666), ==, 0);
    return g_steal_pointer (&path);
}

char *
read_log (const char *log)
{
    char *text = NULL;

    if (!g_file_get_contents (log, &text, NULL, NULL))
        return g_strdup ("");
    return text;
}

/* The last count in the log, or -1. */
int
last_count (const char *log)
{
    g_autofree char *text = read_log (log);
    const char *at = g_strrstr (text, DOMUS_TEST_COUNT);

    if (at == NULL || strlen (at) < strlen (DOMUS_TEST_COUNT) + 3)
        return -1;
    return (int) g_ascii_strtoll (at + strlen (DOMUS_TEST_COUNT), NULL, 10);
}

guint
count_occurrences (const char *text, const char *what)
{
    guint n = 0;

    for (const char *at = strstr (text, what); at != NULL; at = strstr (at + 1, what))
        n++;
    return n;
}

DomusDomain *
await_domain (DomusConnection *conn, const char *name, DomusDomainState state)
{
    DomusDomain *domain = NULL;
    g_autofree char *what = g_strdup_printf ("%s %s on %s", name,
                                             domus_domain_state_to_string (state),
                                             domus_connection_get_display_name (conn));

    DOMUS_TEST_WAIT_UNTIL ((domain = domus_connection_find_domain_by_name (conn, name)) &&
                           domus_domain_get_state (domain) == state, TIMEOUT_S, what);
    return domain;
}

char *
start_guest_full (const char *prefix, const char *iso, const char *disk, const char *log,
                  gboolean vnc, int count)
{
    return start_guest_format (prefix, iso, disk, "raw", log, vnc, count);
}

char *
start_guest_format (const char *prefix, const char *iso, const char *disk,
                    const char *format, const char *log, gboolean vnc, int count)
{
    static int counter;
    g_autofree char *name = g_strdup_printf ("%s-%d-%d", prefix, (int) getpid (), ++counter);
    g_autofree char *xdisk = NULL;
    g_autofree char *xml = NULL;
    virDomainPtr dom;

    if (disk != NULL)
        xdisk = g_strdup_printf ("<disk type='file' device='disk'>"
                                 "<driver name='qemu' type='%s'/><source file='%s'/>"
                                 "<target dev='vda' bus='virtio'/></disk>", format, disk);
    xml = g_strdup_printf (
        "<domain type='qemu'><name>%s</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
        "<os><type arch='x86_64' machine='pc'>hvm</type><boot dev='cdrom'/></os>"
        "<features><acpi/><apic/></features><devices>"
        "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
        "<source file='%s'/><target dev='hdc' bus='ide'/><readonly/></disk>%s"
        "<serial type='file'><source path='%s' append='on'/><target port='0'/></serial>%s"
        "</devices></domain>", name, iso, xdisk != NULL ? xdisk : "", log,
        vnc ? "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>" : "");
    dom = virDomainDefineXML (the.virt_a, xml);
    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainCreate (dom), ==, 0);
    virDomainFree (dom);
    await_domain (the.conn_a, name, DOMUS_DOMAIN_STATE_RUNNING);
    DOMUS_TEST_WAIT_UNTIL (last_count (log) >= count, TIMEOUT_S, "the guest counting on A");
    return g_steal_pointer (&name);
}

char *
start_guest (const char *prefix, const char *iso, const char *disk, const char *log)
{
    return start_guest_full (prefix, iso, disk, log, FALSE, 2);
}

void
progress_cb (const DomusMigrateProgress *progress, gpointer user_data)
{
    Progress *p = user_data;

    p->updates++;
    p->last = *progress;
    p->max_processed = MAX (p->max_processed, progress->processed_bytes);
    p->max_total = MAX (p->max_total, progress->total_bytes);
    p->max_rate = MAX (p->max_rate, progress->rate_bytes);
    p->saw_post_copy |= progress->phase == DOMUS_MIGRATE_PHASE_POST_COPY;
    /* Cancelled once the progress says data moves at some rate: QEMU's
     * first report may give bytes but no rate yet (seen under ASan). */
    if (p->cancel_at_progress != NULL && progress->phase == DOMUS_MIGRATE_PHASE_MEMORY &&
        progress->processed_bytes > 0 && progress->rate_bytes > 0) {
        g_autofree char *text = domus_migrate_progress_describe (progress);

        g_test_message ("cancelling at: %s", text);
        g_cancellable_cancel (p->cancel_at_progress);
    }
}

/* Migrates NAME from FROM to TO with OPTIONS through Domus; returns the
 * wall time in seconds, or -1 with *ERROR set. */
double
migrate (DomusConnection *from, DomusConnection *to, const char *name,
         const DomusMigrateOptions *options, Progress *progress, GCancellable *cancellable,
         GError **error)
{
    return migrate_full (from, to, name, options, progress, NULL, cancellable, error);
}

double
migrate_full (DomusConnection *from, DomusConnection *to, const char *name,
              const DomusMigrateOptions *options, Progress *progress, GCancellable *post_copy,
              GCancellable *cancellable, GError **error)
{
    DomusDomain *domain = domus_connection_find_domain_by_name (from, name);
    g_autoptr(GAsyncResult) result = NULL;
    gint64 start = g_get_monotonic_time ();

    g_assert_nonnull (domain);
    domus_domain_migrate_async (from, domain, to, options, progress_cb, progress, post_copy,
                                cancellable, domus_test_keep_result_cb, &result);
    DOMUS_TEST_WAIT_UNTIL (result != NULL, TIMEOUT_S, "the migration");
    if (!domus_domain_migrate_finish (from, result, error))
        return -1;
    return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

/* Says what a guest that stopped counting is doing: its state and
 * screen and QEMU's log on the host it runs on, the end of its serial log,
 * and what QEMU itself says of its run state and CPU (up to the segments). */
static void
describe_stall (virConnectPtr virt, const char *name, const char *log)
{
    DomusTestDaemon *daemon = virt == the.virt_a ? the.a : the.b;
    g_autofree char *serial = read_log (log);
    g_autofree char *status = domus_test_daemon_virsh (daemon, "qemu-monitor-command", name,
                                                       "--hmp", "info status", NULL);
    g_autofree char *registers = domus_test_daemon_virsh (daemon, "qemu-monitor-command", name,
                                                          "--hmp", "info registers", NULL);
    char *segments = strstr (registers, "ES =");
    gsize len = strlen (serial);

    domus_test_daemon_describe_guest (daemon, name);
    if (segments != NULL)
        *segments = '\0';
    g_test_message ("serial log of %zu bytes ends: %s\nQEMU's info status: %s\n"
                    "info registers: %s", len, serial + (len > 120 ? len - 120 : 0), status,
                    registers);
}

/* Waits until the guest's serial log counts past COUNT. */
static void
wait_for_count (virConnectPtr virt, const char *name, const char *log, int count,
                const char *what)
{
    gint64 end = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;

    DOMUS_TEST_WAIT_UNTIL (last_count (log) > count ||
                           g_get_monotonic_time () > end, TIMEOUT_S + 10, what);
    if (last_count (log) <= count) {
        describe_stall (virt, name, log);
        g_error ("Timed out after %d s waiting for %s", TIMEOUT_S, what);
    }
}

/* The guest moved and did not restart: it runs on TO (persistent there),
 * FROM does not have it, and the count in LOG goes on past what it was. */
void
assert_moved (DomusConnection *from, virConnectPtr virt_from, DomusConnection *to,
              virConnectPtr virt_to, const char *name, const char *log, int count_before)
{
    virDomainPtr dom;
    g_autofree char *text = NULL;
    g_autofree char *what = g_strdup_printf ("the count past %d after the migration",
                                             count_before + 2);

    await_domain (to, name, DOMUS_DOMAIN_STATE_RUNNING);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_find_domain_by_name (from, name) == NULL,
                           TIMEOUT_S, "the guest gone from the source's list");
    g_assert_null (virDomainLookupByName (virt_from, name));
    dom = virDomainLookupByName (virt_to, name);
    if (dom == NULL)
        g_test_message ("%s on %s: %s", name, domus_connection_get_display_name (to),
                        virGetLastErrorMessage ());
    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainIsPersistent (dom), ==, 1);
    virDomainFree (dom);

    wait_for_count (virt_to, name, log, count_before + 2, what);
    text = read_log (log);
    g_assert_cmpuint (count_occurrences (text, DOMUS_TEST_SERIAL_MARKER), ==, 1);
    g_assert_cmpuint (count_occurrences (text, DOMUS_TEST_COUNT "000"), ==, 1);
}

const char *
dest_pool (void)
{
    g_autofree char *pool_xml = NULL;
    virStoragePoolPtr pool;

    if (the.pool_dir != NULL)
        return "migrated";
    /* B's pool is in B's own directory: a copy lands at another path. */
    the.pool_dir = g_build_filename (domus_test_daemon_get_dir (the.b), "images", NULL);
    pool_xml = g_strdup_printf ("<pool type='dir'><name>migrated</name>"
                                "<target><path>%s</path></target></pool>", the.pool_dir);
    pool = virStoragePoolDefineXML (the.virt_b, pool_xml, 0);
    g_assert_nonnull (pool);
    g_assert_cmpint (virStoragePoolBuild (pool, 0), ==, 0);
    g_assert_cmpint (virStoragePoolCreate (pool, 0), ==, 0);
    virStoragePoolFree (pool);
    return "migrated";
}

const char *
ballast_iso (void)
{
    g_autoptr(GError) error = NULL;

    if (the.ballast_iso == NULL)
        the.ballast_iso = domus_test_make_counting_grub_iso (domus_test_daemon_get_dir (the.a),
                                                             24, &error);
    g_assert_no_error (error);
    return the.ballast_iso;
}

DomusManagerWindow *
show_manager_window (void)
{
    DomusApplication *app = shared_app ();
    DomusManagerWindow *window;

    domus_application_adopt_connection (app, the.conn_a, FALSE, FALSE);
    domus_application_adopt_connection (app, the.conn_b, FALSE, FALSE);
    window = domus_manager_window_new (app);
    gtk_widget_show (GTK_WIDGET (window));
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)), TIMEOUT_S,
                           "the window shown");
    return window;
}

DomusApplication *
shared_app (void)
{
    if (the.app == NULL)
        the.app = domus_test_app_new ();
    return the.app;
}

char *
new_log (const char *label)
{
    g_autofree char *file = g_strdup_printf ("%s-%d.log", label, (int) getpid ());

    return g_build_filename (domus_test_daemon_get_dir (the.a), file, NULL);
}

void
free_env (void)
{
    g_clear_object (&the.app);
    g_clear_object (&the.conn_a);
    g_clear_object (&the.conn_b);
    g_clear_pointer (&the.virt_a, virConnectClose);
    g_clear_pointer (&the.virt_b, virConnectClose);
    g_free (the.iso);
    g_free (the.ballast_iso);
    g_free (the.pool_dir);
    domus_test_daemon_stop_shared_pair ();
}
