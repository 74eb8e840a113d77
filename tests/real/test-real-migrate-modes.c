/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The migration modes beyond a plain copy, for real between the pair of
 * the real-migrate program: copying only the top layer of a disk (a
 * qcow2 overlay only A has, over a base image both daemons see), and
 * post-copy switched on while a migration slowed by a bandwidth limit
 * runs (QEMU 7.2 under TCG here refuses post-copy: Domus shows its words).
 * What libvirt and QEMU did goes to the test log.
 */
#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "domus-domain-migrate.h"
#include "domus-error.h"
#include "domus-test-util.h"
#include "test-real-migrate.h"

/* A qcow2 overlay at PATH over the raw BASE, readable by QEMU. */
static void
make_overlay (const char *base, const char *path)
{
    const char *argv[] = { "qemu-img", "create", "-q", "-f", "qcow2", "-b", base, "-F", "raw",
                           path, NULL };
    g_autofree char *err = NULL;
    g_autoptr(GError) error = NULL;
    int status = 0;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &err,
                  &status, &error);
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
    g_assert_cmpint (g_chmod (path, 0666), ==, 0);
}

/* What qemu-img says of the image at PATH. */
static char *
image_info (const char *path)
{
    const char *argv[] = { "qemu-img", "info", "-U", path, NULL };
    g_autoptr(GError) error = NULL;
    char *out = NULL;
    int status = 0;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, &out, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
    return out;
}

/* Only the overlay is copied: B's guest runs from a new overlay in B's
 * pool whose backing file is the base image both see, and the copy is
 * the size of an overlay, not of the base. */
static void
test_copy_top (void)
{
    g_autoptr(DomusMigrateOptions) options = domus_migrate_options_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *only_a = NULL;
    g_autofree char *base = NULL;
    g_autofree char *overlay = NULL;
    g_autofree char *copied = NULL;
    g_autofree char *info = NULL;
    g_autofree char *log = NULL;
    g_autofree char *name = NULL;
    g_autofree char *xml = NULL;
    virDomainPtr dom;
    GStatBuf st;
    Progress progress = { 0 };
    double seconds;
    int before;

    if (!setup ())
        return;
    log = new_log ("top");
    base = make_disk (domus_test_daemon_get_dir (the.a), "base.img", 32 << 20);
    only_a = g_build_filename (domus_test_daemon_get_dir (the.a), "only-a-top", NULL);
    g_assert_cmpint (g_mkdir (only_a, 0755), ==, 0);
    overlay = g_build_filename (only_a, "top.qcow2", NULL);
    make_overlay (base, overlay);
    name = start_guest_format ("migrate-top", the.iso, overlay, "qcow2", log, FALSE, 2);

    options->address = g_strdup ("tcp://127.0.0.1");
    options->storage = DOMUS_MIGRATE_STORAGE_COPY_TOP;
    options->pool = g_strdup (dest_pool ());
    before = last_count (log);
    seconds = migrate (the.conn_a, the.conn_b, name, options, &progress, NULL, &error);
    g_assert_no_error (error);
    g_test_message ("direct live migration copying the top layer (qcow2 overlay over a "
                    "32 MiB base both hosts see), 64 MiB guest: %.2f s (%" G_GUINT64_FORMAT
                    " bytes at most)", seconds, progress.max_processed);
    assert_moved (the.conn_a, the.virt_a, the.conn_b, the.virt_b, name, log, before);

    copied = g_build_filename (the.pool_dir, "top.qcow2", NULL);
    dom = virDomainLookupByName (the.virt_b, name);
    xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
    virDomainFree (dom);
    g_assert_nonnull (strstr (xml, copied));
    info = image_info (copied);
    g_test_message ("the copy on B: %s", info);
    g_assert_nonnull (strstr (info, "file format: qcow2"));
    g_assert_nonnull (strstr (info, base));
    g_assert_cmpint (g_stat (copied, &st), ==, 0);
    g_assert_cmpint (st.st_blocks * 512, <, 8 << 20);
}

/* QEMU's refusal of post-copy on this machine (QEMU 7.2 under TCG: its
 * userfaultfd probe fails), word for word as libvirt passes it on. */
#define POST_COPY_REFUSED \
    "internal error: unable to execute QEMU command 'migrate-set-capabilities': " \
    "Postcopy is not supported"

/* A migration at 1 MiB/s of a guest with 24 MiB of random data in its
 * memory, with post-copy allowed, is switched to post-copy once memory
 * moves. Where QEMU refuses post-copy (here), Domus's error carries
 * QEMU's words and says the guest still runs on A with nothing on B;
 * where QEMU takes it, the guest moves without a reboot, fast. */
static void
test_post_copy (void)
{
    g_autoptr(DomusMigrateOptions) options = domus_migrate_options_new ();
    g_autoptr(GCancellable) post_copy = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *log = NULL;
    g_autofree char *name = NULL;
    virDomainPtr dom;
    Progress progress = { 0 };
    double seconds;
    int state = -1;
    int reason;
    int before;

    if (!setup ())
        return;
    log = new_log ("postcopy");
    name = start_guest_full ("migrate-postcopy", ballast_iso (), NULL, log, FALSE, 1);

    options->address = g_strdup ("tcp://127.0.0.1");
    options->bandwidth_mib = 1;
    options->post_copy = TRUE;
    progress.cancel_at_progress = post_copy;
    before = last_count (log);
    seconds = migrate_full (the.conn_a, the.conn_b, name, options, &progress, post_copy, NULL,
                            &error);
    if (error == NULL) {
        g_test_message ("live migration at 1 MiB/s switched to post-copy, 64 MiB guest with "
                        "24 MiB of random data: %.2f s (post-copy phase seen: %s)", seconds,
                        progress.saw_post_copy ? "yes" : "no");
        g_assert_true (g_cancellable_is_cancelled (post_copy));
        /* 24 MiB at 1 MiB/s would take 24 s and more without the switch. */
        g_assert_cmpfloat (seconds, <, 20);
        assert_moved (the.conn_a, the.virt_a, the.conn_b, the.virt_b, name, log, before);
        return;
    }
    g_test_message ("post-copy refused: %s", error->message);
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_assert_nonnull (strstr (error->message, POST_COPY_REFUSED));
    g_assert_nonnull (strstr (error->message, "is still running on hostA"));
    g_assert_nonnull (strstr (error->message, "Nothing was left on hostB"));
    dom = virDomainLookupByName (the.virt_a, name);
    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainGetState (dom, &state, &reason, 0), ==, 0);
    g_assert_cmpint (state, ==, VIR_DOMAIN_RUNNING);
    virDomainFree (dom);
    g_assert_null (virDomainLookupByName (the.virt_b, name));
}

void
add_mode_tests (void)
{
    g_test_add_func ("/real/migrate/copy-top-layer", test_copy_top);
    g_test_add_func ("/real/migrate/post-copy", test_post_copy);
}
