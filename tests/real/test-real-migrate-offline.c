/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Offline migration with a copy of the disks, for real between a pair of
 * daemons of its own. libvirt 9.0 refuses VIR_MIGRATE_OFFLINE with a
 * storage copy (the test logs its words), so Domus copies the volumes
 * itself through the storage API's streams: a shut-off guest with a qcow2
 * disk of known content only A has ends up defined on B with a disk of
 * the same content (qemu-img compare), and gone from A. Failures leave A
 * as it was and B clean: a volume of the same name in B's pool is refused
 * before anything is made, and a pool of B too small for the disk (a
 * 4 MiB tmpfs in B's mount namespace) fails in the middle of the copy,
 * after which the half-made volume is gone; so does a cancel while the
 * data moves. Through the GUI, Migrate… on
 * the shut-off guest with "Copy all disks" moves it.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "domus-connection.h"
#include "domus-domain-migrate.h"
#include "domus-error.h"
#include "domus-libvirt.h"
#include "domus-manager-window.h"
#include "domus-migrate-dialog.h"
#include "domus-test-daemon.h"
#include "domus-test-util.h"
#include "gui/domus-gui-test-util.h"
#include "test-real-migrate.h"

/* Runs ARGV; its exit status, its output in *OUT when asked. */
static int
run (const char *const *argv, char **out)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *err = NULL;
    int status = -1;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, &err,
                  &status, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
        g_test_message ("%s: %s", argv[0], err);
    return g_spawn_check_wait_status (status, NULL) ? 0 : status;
}

/* A's directory for the guests' disks, a started pool of A ("offline-a"):
 * Domus copies volumes, so the disks must be in a pool there. */
static const char *
source_dir (void)
{
    static char *dir;
    g_autofree char *xml = NULL;
    virStoragePoolPtr pool;

    if (dir != NULL)
        return dir;
    dir = g_build_filename (domus_test_daemon_get_dir (the.a), "offline-a", NULL);
    xml = g_strdup_printf ("<pool type='dir'><name>offline-a</name>"
                           "<target><path>%s</path></target></pool>", dir);
    pool = virStoragePoolDefineXML (the.virt_a, xml, 0);
    g_assert_nonnull (pool);
    g_assert_cmpint (virStoragePoolBuild (pool, 0), ==, 0);
    g_assert_cmpint (virStoragePoolCreate (pool, 0), ==, 0);
    virStoragePoolFree (pool);
    return dir;
}

/* A qcow2 of VIRTUAL_MIB whose first DATA_MIB hold random bytes (the
 * rest never written: a copy must keep it reading as zeros). */
static char *
make_qcow2 (const char *file, gsize data_mib, gsize virtual_mib)
{
    g_autofree char *raw_name = g_strconcat (file, ".raw", NULL);
    g_autofree char *raw = make_disk (source_dir (), raw_name, data_mib << 20);
    g_autofree char *path = g_build_filename (source_dir (), file, NULL);
    g_autofree char *size = g_strdup_printf ("%" G_GSIZE_FORMAT "M", virtual_mib);
    const char *convert[] = { "qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", raw,
                              path, NULL };
    const char *resize[] = { "qemu-img", "resize", "-q", "-f", "qcow2", path, size, NULL };

    g_assert_cmpint (run (convert, NULL), ==, 0);
    g_assert_cmpint (run (resize, NULL), ==, 0);
    g_assert_cmpint (g_unlink (raw), ==, 0);
    return g_steal_pointer (&path);
}

static gboolean
same_content (const char *a, const char *b)
{
    const char *argv[] = { "qemu-img", "compare", "-q", "-f", "qcow2", "-F", "qcow2", a, b,
                           NULL };

    return run (argv, NULL) == 0;
}

static char *
checksum_of (const char *path)
{
    g_autofree char *data = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (path, &data, &len, NULL));
    return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

/* Defines on A a shut-off 64 MiB guest whose disk is DISK (qcow2); its
 * name once Domus lists it. */
static char *
define_guest (const char *prefix, const char *disk)
{
    static int counter;
    g_autofree char *name = g_strdup_printf ("%s-%d-%d", prefix, (int) getpid (), ++counter);
    g_autofree char *xml = g_strdup_printf (
        "<domain type='qemu'><name>%s</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
        "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>"
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        "<source file='%s'/><target dev='vda' bus='virtio'/></disk>"
        "</devices></domain>", name, disk);
    virDomainPtr dom = virDomainDefineXML (the.virt_a, xml);

    g_assert_nonnull (dom);
    virDomainFree (dom);
    await_domain (the.conn_a, name, DOMUS_DOMAIN_STATE_SHUTOFF);
    return g_steal_pointer (&name);
}

static DomusMigrateOptions *
offline_options (const char *pool)
{
    DomusMigrateOptions *options = domus_migrate_options_new ();

    options->mode = DOMUS_MIGRATE_OFFLINE;
    options->storage = DOMUS_MIGRATE_STORAGE_COPY_ALL;
    options->pool = g_strdup (pool);
    return options;
}

/* A still has NAME, shut off, on DISK of checksum SUM; B has no guest of
 * that name. */
static void
assert_left_on_a (const char *name, const char *disk, const char *sum)
{
    g_autofree char *now = checksum_of (disk);
    virDomainPtr dom = virDomainLookupByName (the.virt_a, name);
    g_autofree char *xml = NULL;

    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainIsActive (dom), ==, 0);
    g_assert_cmpint (virDomainIsPersistent (dom), ==, 1);
    xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_nonnull (strstr (xml, disk));
    virDomainFree (dom);
    g_assert_cmpstr (now, ==, sum);
    g_assert_null (virDomainLookupByName (the.virt_b, name));
    virResetLastError ();
    g_assert_nonnull (domus_connection_find_domain_by_name (the.conn_a, name));
    g_assert_null (domus_connection_find_domain_by_name (the.conn_b, name));
}

/* The names of the volumes of B's pool POOL, refreshed. */
static char *
volumes_of_b (const char *pool_name)
{
    virStoragePoolPtr pool = virStoragePoolLookupByName (the.virt_b, pool_name);
    virStorageVolPtr *vols = NULL;
    g_autoptr(GString) names = g_string_new (NULL);
    int n;

    g_assert_nonnull (pool);
    g_assert_cmpint (virStoragePoolRefresh (pool, 0), ==, 0);
    n = virStoragePoolListAllVolumes (pool, &vols, 0);
    g_assert_cmpint (n, >=, 0);
    for (int i = 0; i < n; i++) {
        g_string_append_printf (names, "%s%s", names->len > 0 ? " " : "",
                                virStorageVolGetName (vols[i]));
        virStorageVolFree (vols[i]);
    }
    free (vols);
    virStoragePoolFree (pool);
    return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
test_offline_copy (void)
{
    g_autoptr(DomusMigrateOptions) options = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *disk = NULL;
    g_autofree char *name = NULL;
    g_autofree char *copied = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *sum = NULL;
    virTypedParameterPtr params = NULL;
    int nparams = 0;
    int max = 0;
    virDomainPtr dom;
    virDomainPtr moved;
    Progress progress = { 0 };
    double seconds;
    GStatBuf st;

    if (!setup ())
        return;
    disk = make_qcow2 ("offline.qcow2", 16, 64);
    sum = checksum_of (disk);
    name = define_guest ("offline-copy", disk);

    /* What libvirt itself does with the same request. */
    dom = virDomainLookupByName (the.virt_a, name);
    virTypedParamsAddString (&params, &nparams, &max, VIR_MIGRATE_PARAM_URI, "tcp://127.0.0.1");
    moved = virDomainMigrate3 (dom, the.virt_b, params, nparams,
                               VIR_MIGRATE_OFFLINE | VIR_MIGRATE_PERSIST_DEST |
                               VIR_MIGRATE_UNDEFINE_SOURCE | VIR_MIGRATE_NON_SHARED_DISK);
    g_test_message ("libvirt's offline migration with copy-storage-all: %s",
                    moved == NULL ? virGetLastErrorMessage () : "it moved the guest");
    g_assert_null (moved);
    virTypedParamsFree (params, nparams);
    virDomainFree (dom);

    options = offline_options (dest_pool ());
    seconds = migrate (the.conn_a, the.conn_b, name, options, &progress, NULL, &error);
    g_assert_no_error (error);
    g_test_message ("offline migration copying a qcow2 of 64 MiB holding 16 MiB of data: "
                    "%.2f s (%u progress updates, %" G_GUINT64_FORMAT " of %"
                    G_GUINT64_FORMAT " bytes)", seconds, progress.updates,
                    progress.max_processed, progress.max_total);
    g_assert_cmpint (progress.last.phase, ==, DOMUS_MIGRATE_PHASE_COMPLETED);
    g_assert_cmpuint (progress.max_total, >=, 16 << 20);
    g_assert_cmpuint (progress.max_processed, ==, progress.max_total);

    /* On B, shut off and persistent, on a copy in B's pool; gone from A,
     * whose disk file stays as it was. */
    await_domain (the.conn_b, name, DOMUS_DOMAIN_STATE_SHUTOFF);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_find_domain_by_name (the.conn_a, name) == NULL,
                           TIMEOUT_S, "the guest gone from A's list");
    g_assert_null (virDomainLookupByName (the.virt_a, name));
    virResetLastError ();
    dom = virDomainLookupByName (the.virt_b, name);
    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainIsPersistent (dom), ==, 1);
    xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
    virDomainFree (dom);
    copied = g_build_filename (the.pool_dir, "offline.qcow2", NULL);
    g_assert_nonnull (strstr (xml, copied));
    g_assert_null (strstr (xml, disk));
    g_assert_true (same_content (disk, copied));
    g_assert_cmpint (g_stat (copied, &st), ==, 0);
    /* The 48 MiB never written stayed holes. */
    g_assert_cmpint (st.st_blocks * 512, <, 24 << 20);
    {
        g_autofree char *now = checksum_of (disk);

        g_assert_cmpstr (now, ==, sum);
    }
}

/* A volume of the disk's name in B's pool: refused before anything is
 * made, the volume there untouched. */
static void
test_offline_clash (void)
{
    g_autoptr(DomusMigrateOptions) options = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *disk = NULL;
    g_autofree char *name = NULL;
    g_autofree char *sum = NULL;
    g_autofree char *theirs = NULL;
    g_autofree char *theirs_sum = NULL;
    g_autofree char *after = NULL;
    Progress progress = { 0 };

    if (!setup ())
        return;
    disk = make_qcow2 ("clash.qcow2", 2, 8);
    sum = checksum_of (disk);
    name = define_guest ("offline-clash", disk);
    dest_pool ();
    theirs = make_disk (the.pool_dir, "clash.qcow2", 1 << 20);
    theirs_sum = checksum_of (theirs);

    options = offline_options (dest_pool ());
    g_assert_cmpfloat (migrate (the.conn_a, the.conn_b, name, options, &progress, NULL,
                                &error), <, 0);
    g_test_message ("%s", error->message);
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "already has a volume “clash.qcow2”"));
    g_assert_nonnull (strstr (error->message, "is shut off on hostA"));
    g_assert_nonnull (strstr (error->message, "Nothing was left on hostB"));
    assert_left_on_a (name, disk, sum);
    after = checksum_of (theirs);
    g_assert_cmpstr (after, ==, theirs_sum);
    g_assert_cmpint (g_unlink (theirs), ==, 0);
}

/* B's pool "small" on a 4 MiB tmpfs mounted in B's mount namespace only. */
static void
make_small_pool (void)
{
    g_autofree char *dir = g_build_filename (domus_test_daemon_get_dir (the.b), "small", NULL);
    g_autofree char *pid = g_strdup_printf ("%d", (int) domus_test_daemon_get_pid (the.b));
    g_autofree char *xml = NULL;
    const char *argv[] = { "nsenter", "-t", pid, "-m", "mount", "-t", "tmpfs", "-o",
                           "size=4m,mode=0755", "domus-small", dir, NULL };
    virStoragePoolPtr pool;

    g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
    g_assert_cmpint (run (argv, NULL), ==, 0);
    xml = g_strdup_printf ("<pool type='dir'><name>small</name>"
                           "<target><path>%s</path></target></pool>", dir);
    pool = virStoragePoolCreateXML (the.virt_b, xml, 0);
    g_assert_nonnull (pool);
    virStoragePoolFree (pool);
}

/* The copy runs out of room on B half-way: libvirt's words, the volume
 * begun on B removed, the guest and its disk on A as they were. */
static void
test_offline_no_room (void)
{
    g_autoptr(DomusMigrateOptions) options = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *disk = NULL;
    g_autofree char *name = NULL;
    g_autofree char *sum = NULL;
    g_autofree char *left = NULL;
    Progress progress = { 0 };

    if (!setup ())
        return;
    make_small_pool ();
    disk = make_qcow2 ("big.qcow2", 16, 32);
    sum = checksum_of (disk);
    name = define_guest ("offline-room", disk);

    options = offline_options ("small");
    g_assert_cmpfloat (migrate (the.conn_a, the.conn_b, name, options, &progress, NULL,
                                &error), <, 0);
    g_test_message ("%s", error->message);
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_assert_nonnull (strstr (error->message, "Writing the copy on hostB failed"));
    g_assert_nonnull (strstr (error->message, "No space left on device"));
    g_assert_nonnull (strstr (error->message, "is shut off on hostA"));
    g_assert_nonnull (strstr (error->message, "Nothing was left on hostB"));
    /* It had begun: part of the disk went over. */
    g_assert_cmpuint (progress.max_processed, >, 0);
    assert_left_on_a (name, disk, sum);
    left = volumes_of_b ("small");
    g_assert_cmpstr (left, ==, "");
}

typedef struct {
    GCancellable *cancellable;
    guint64 total;
    guint64 processed;
} CancelAtStart;

/* Cancels as soon as the copy says how much it is to move. */
static void
cancel_at_start_cb (const DomusMigrateProgress *progress, gpointer user_data)
{
    CancelAtStart *c = user_data;

    c->total = MAX (c->total, progress->total_bytes);
    c->processed = MAX (c->processed, progress->processed_bytes);
    if (progress->phase == DOMUS_MIGRATE_PHASE_STORAGE && progress->total_bytes > 0)
        g_cancellable_cancel (c->cancellable);
}

/* Cancelled while its 48 MiB of data are copied: the copy stops, what was
 * begun on B goes, the guest stays on A as it was. */
static void
test_offline_cancel (void)
{
    g_autoptr(DomusMigrateOptions) options = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *disk = NULL;
    g_autofree char *name = NULL;
    g_autofree char *sum = NULL;
    g_autofree char *left = NULL;
    CancelAtStart c = { cancellable, 0, 0 };

    if (!setup ())
        return;
    disk = make_qcow2 ("cancel.qcow2", 48, 64);
    sum = checksum_of (disk);
    name = define_guest ("offline-cancel", disk);

    options = offline_options (dest_pool ());
    domus_domain_migrate_async (the.conn_a, domus_connection_find_domain_by_name (the.conn_a,
                                                                                  name),
                                the.conn_b, options, cancel_at_start_cb, &c, NULL,
                                cancellable, domus_test_keep_result_cb, &result);
    DOMUS_TEST_WAIT_UNTIL (result != NULL, TIMEOUT_S, "the cancelled copy");
    g_assert_false (domus_domain_migrate_finish (the.conn_a, result, &error));
    g_test_message ("%s (%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes reported)",
                    error->message, c.processed, c.total);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_nonnull (strstr (error->message, "was cancelled"));
    g_assert_nonnull (strstr (error->message, "is shut off on hostA"));
    g_assert_nonnull (strstr (error->message, "Nothing was left on hostB"));
    g_assert_cmpuint (c.processed, <, c.total);
    assert_left_on_a (name, disk, sum);
    left = volumes_of_b ("migrated");
    g_assert_null (strstr (left, "cancel.qcow2"));
}

/* Through the GUI: Migrate… on the shut-off guest in the manager window,
 * "Copy all disks" into B's pool, Migrate; the dialog closes, the guest
 * is on B with a disk of the same content, its row without activity. */
static void
test_offline_gui (void)
{
    DomusApplication *app;
    DomusManagerWindow *window;
    g_autofree char *disk = NULL;
    g_autofree char *name = NULL;
    g_autofree char *copied = NULL;
    GtkWidget *dialog;
    GtkWidget *migrate;
    GtkWidget *row;
    DomusDomain *moved;

    if (!setup ())
        return;
    disk = make_qcow2 ("gui.qcow2", 8, 16);
    name = define_guest ("offline-gui", disk);
    app = shared_app ();
    window = show_manager_window ();

    domus_test_select_guests (window, (const char *const[]) { name, NULL });
    g_action_group_activate_action (G_ACTION_GROUP (window), "migrate", NULL);
    DOMUS_TEST_WAIT_UNTIL ((dialog = GTK_WIDGET (domus_test_find_toplevel (
                                DOMUS_TYPE_MIGRATE_DIALOG))) != NULL,
                           TIMEOUT_S, "the Migrate dialog");
    g_assert_cmpstr (gtk_combo_box_get_active_id (GTK_COMBO_BOX (domus_test_find_widget (
                         dialog, "Migration mode", NULL))), ==, "offline");
    row = domus_test_find_widget (dialog, "hostB", NULL);
    gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
    g_assert_true (gtk_combo_box_set_active_id (GTK_COMBO_BOX (domus_test_find_widget (
                                                    dialog, "Storage", NULL)), "copy-all"));
    dest_pool ();
    DOMUS_TEST_WAIT_UNTIL (gtk_combo_box_set_active_id (GTK_COMBO_BOX (domus_test_find_widget (
                                                            dialog, "Destination pool", NULL)),
                                                        "migrated"),
                           TIMEOUT_S, "B's pools listed");
    migrate = domus_test_find_widget (dialog, "Migrate", NULL);
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_sensitive (migrate), TIMEOUT_S,
                           "Migrate, once both hosts are read");
    gtk_button_clicked (GTK_BUTTON (migrate));
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (DOMUS_TYPE_MIGRATE_DIALOG) == NULL,
                           TIMEOUT_S, "the copy to end and its dialog to close");

    moved = await_domain (the.conn_b, name, DOMUS_DOMAIN_STATE_SHUTOFF);
    g_assert_null (domus_domain_get_activity (moved));
    DOMUS_TEST_WAIT_UNTIL (domus_connection_find_domain_by_name (the.conn_a, name) == NULL,
                           TIMEOUT_S, "the guest gone from A's list");
    copied = g_build_filename (the.pool_dir, "gui.qcow2", NULL);
    g_assert_true (same_content (disk, copied));

    gtk_widget_destroy (GTK_WIDGET (window));
    domus_test_remove_connections (app);
}

int
main (int argc, char **argv)
{
    int rc;

    gtk_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();
    g_test_add_func ("/real/migrate-offline/copy", test_offline_copy);
    g_test_add_func ("/real/migrate-offline/clash", test_offline_clash);
    g_test_add_func ("/real/migrate-offline/no-room", test_offline_no_room);
    g_test_add_func ("/real/migrate-offline/cancel", test_offline_cancel);
    g_test_add_func ("/real/migrate-offline/gui", test_offline_gui);
    rc = g_test_run ();
    free_env ();
    return rc;
}
