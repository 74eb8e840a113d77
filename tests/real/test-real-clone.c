/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A clone on a real libvirtd with QEMU (TCG): a shut-off guest with a qcow2
 * disk in a directory pool (made by Domus's create job, with data written
 * into it) and the GRUB ISO of the same pool as its CD-ROM. A clone
 * cancelled as its copy starts leaves nothing behind (libvirt finishes the
 * copy, Domus removes it). Then Domus clones it with the disk copied
 * through libvirt (virStorageVolCreateXMLFrom) and the CD-ROM shared: the
 * copy is a qcow2 volume of the pool with the same contents, the original
 * is untouched, and the clone boots to the same GRUB marker on its serial
 * console.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>

#include "domus-connection.h"
#include "domus-domain-clone.h"
#include "domus-domain-create.h"
#include "domus-libvirt.h"
#include "domus-test-create.h"
#include "domus-test-daemon.h"
#include "domus-test-pool.h"

#define TIMEOUT_S 60
#define POOL DOMUS_TEST_POOL

typedef DomusTestPoolFixture Fixture;

static void
run_or_fail (const char *const *argv)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &out, &err, &status, &error));
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
        g_error ("%s failed: %s%s", argv[0], out, err);
}

typedef struct {
    guint calls;
    GCancellable *cancel;   /* cancelled as the first copy starts, or NULL */
} Progress;

static void
progress_cb (guint step, guint n_steps, double fraction, gpointer user_data)
{
    Progress *p = user_data;

    g_test_message ("copying volume %u of %u: %.0f %%", step + 1, n_steps, fraction * 100);
    p->calls++;
    if (p->cancel != NULL)
        g_cancellable_cancel (p->cancel);
}

static char *
clone_as (Fixture *f, DomusClonePlan *plan, const char *name, Progress *p, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_domain_clone_async (f->conn, plan, name, progress_cb, p, p->cancel,
                              domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "the clone");
    return domus_domain_clone_finish (f->conn, res, error);
}

static char *
volume_names (Fixture *f)
{
    g_autoptr(GPtrArray) vols = domus_test_list_volumes (f->conn, POOL);
    g_autoptr(GString) names = g_string_new (NULL);

    for (guint i = 0; i < vols->len; i++)
        g_string_append_printf (names, "%s ",
                                ((const DomusVolumeInfo *) g_ptr_array_index (vols, i))->name);
    return g_strdup (names->str);
}

static void
test_cancelled_then_boots (Fixture *f, gconstpointer data)
{
    g_autofree char *name = g_strdup_printf ("domus-orig-%d", (int) getpid ());
    g_autofree char *clone_name = g_strdup_printf ("%s-clone", name);
    g_autofree char *disk = NULL;
    g_autofree char *copy_name = NULL;
    g_autofree char *copy_path = NULL;
    g_autofree char *orig_uuid = NULL;
    g_autofree char *clone_uuid = NULL;
    g_autofree char *suggested = NULL;
    g_autoptr(DomusClonePlan) plan = NULL;
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GPtrArray) vols = NULL;
    g_autoptr(GError) error = NULL;
    const DomusVolumeInfo *copy;
    DomusDomain *original, *clone;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    Progress progress = { 0, NULL };
    Progress cancelled = { 0, NULL };

    if (f->daemon == NULL)
        return;

    /* The original, as the New Virtual Machine assistant makes it, off. */
    orig_uuid = domus_test_create_guest (f->conn,
                                         domus_test_small_guest_plan (name, f->iso, FALSE),
                                         &error);
    g_assert_no_error (error);
    DOMUS_TEST_WAIT_UNTIL ((original = domus_connection_lookup_domain (f->conn, orig_uuid)) !=
                           NULL, TIMEOUT_S, "the original in Domus's list");
    g_assert_cmpint (domus_domain_get_state (original), ==, DOMUS_DOMAIN_STATE_SHUTOFF);
    /* Something in the disk to copy: 4 MiB of a pattern, 1 MiB in. */
    disk = g_strdup_printf ("%s/%s.qcow2", f->pool_dir, name);
    run_or_fail ((const char *const[]) { "qemu-io", "-f", "qcow2", "-c",
                                         "write -P 0x5a 1M 4M", disk, NULL });

    domus_domain_clone_plan_async (f->conn, original, NULL, domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "the clone plan");
    plan = domus_domain_clone_plan_finish (f->conn, res, &error);
    g_assert_no_error (error);
    g_clear_object (&res);
    for (guint i = 0; i < plan->disks->len; i++) {
        const DomusCloneDisk *d = g_ptr_array_index (plan->disks, i);

        g_test_message ("%s (%s) %s in %s: %d", d->target, d->device, d->path, d->pool,
                        d->mode);
        if (g_strcmp0 (d->path, disk) == 0) {
            g_assert_cmpint (d->mode, ==, DOMUS_CLONE_DISK_COPY);
            g_assert_cmpstr (d->format, ==, "qcow2");
        } else {
            g_assert_cmpstr (d->path, ==, f->iso);
            g_assert_cmpint (d->mode, ==, DOMUS_CLONE_DISK_SHARE);
        }
    }
    g_assert_cmpuint (plan->disks->len, ==, 2);
    suggested = domus_clone_plan_suggest_name (plan, f->conn);
    g_assert_cmpstr (suggested, ==, clone_name);

    /* Cancelled as its copy starts: libvirt cannot stop a copy, so it is
     * seen to its end and then removed; no guest is defined. */
    before = volume_names (f);
    cancelled.cancel = g_cancellable_new ();
    clone_uuid = clone_as (f, plan, clone_name, &cancelled, &error);
    g_assert_null (clone_uuid);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_clear_object (&cancelled.cancel);
    after = volume_names (f);
    g_assert_cmpstr (after, ==, before);
    g_assert_null (domus_connection_find_domain_by_name (f->conn, clone_name));

    clone_uuid = clone_as (f, plan, clone_name, &progress, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (progress.calls, >=, 1);
    DOMUS_TEST_WAIT_UNTIL ((clone = domus_connection_lookup_domain (f->conn, clone_uuid)) !=
                           NULL, TIMEOUT_S, "the clone in Domus's list");
    g_assert_cmpstr (domus_domain_get_name (clone), ==, clone_name);
    g_assert_cmpint (domus_domain_get_state (clone), ==, DOMUS_DOMAIN_STATE_SHUTOFF);

    /* The copy: a qcow2 volume of the pool, the same as the original. */
    vols = domus_test_list_volumes (f->conn, POOL);
    copy_name = g_strdup_printf ("%s.qcow2", clone_name);
    copy = domus_test_find_volume (vols, copy_name);
    g_assert_nonnull (copy);
    g_assert_cmpstr (copy->format, ==, "qcow2");
    g_assert_cmpuint (copy->capacity, ==, 64 << 20);
    copy_path = g_strdup (copy->path);
    run_or_fail ((const char *const[]) { "qemu-img", "compare", "-f", "qcow2", "-F", "qcow2",
                                         disk, copy_path, NULL });

    /* The clone boots from the shared ISO to the same marker. */
    g_assert_true (domus_test_daemon_boot_and_await_serial (f->daemon, clone_name,
                                                            DOMUS_TEST_SERIAL_MARKER, &error));
    g_assert_no_error (error);
    g_assert_cmpint (domus_domain_get_state (original), ==, DOMUS_DOMAIN_STATE_SHUTOFF);
}

int
main (int argc, char *argv[])
{
    int status;

    g_test_init (&argc, &argv, NULL);
    signal (SIGPIPE, SIG_IGN);
    domus_libvirt_init ();

    domus_test_add_with_pool ("/real/clone/cancelled-then-boots", test_cancelled_then_boots);
    status = g_test_run ();
    domus_test_daemon_stop_shared ();
    return status;
}
