/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The snapshot-and-commit backup on the real daemon of test-real-backup.c:
 * a running GRUB guest of its own with a qcow2 disk of known content is
 * backed up through an overlay, a copy of the base and an active commit.
 * It stays running throughout; the image equals the disk; afterwards the
 * guest's live XML names its own disk again and the overlay file is gone.
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "domus-connection.h"
#include "domus-domain-backup.h"
#include "domus-test-daemon.h"
#include "domus-test-util.h"
#include "test-real-backup.h"

static guint
count_overlays (void)
{
    g_autoptr(GDir) d = g_dir_open (the.dir, 0, NULL);
    const char *name;
    guint n = 0;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        if (g_str_has_suffix (name, "-overlay.qcow2"))
            n++;
    return n;
}

static void
test_snapshot_commit (void)
{
    g_autoptr(DomusBackupOptions) options = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *disk = NULL;
    g_autofree char *name = NULL;
    g_autofree char *image = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *xdisk = NULL;
    g_autofree char *source = NULL;
    virDomainPtr dom;
    Run r = { 0 };

    if (!set_up_once ())
        return;
    name = g_strdup_printf ("%s-fallback", the.name);
    disk = make_disk ("fallback.qcow2", FALSE);
    boot_guest (name, disk);

    options = domus_backup_options_new (the.target);
    options->snapshot_commit = TRUE;
    options->incremental = TRUE;      /* refused: always full, and said so */
    backup (&r, name, options, FALSE);
    g_assert_no_error (r.error);
    g_assert_true (r.result->hot);
    g_assert_false (r.result->incremental);
    g_assert_nonnull (r.result->full_why);
    g_assert_cmpint (r.states_seen, >, 0);
    g_assert_cmpint (r.not_running, ==, 0);
    g_assert_cmpuint (r.progress_calls, >, 0);
    g_assert_cmpuint (r.last_total, >, 0);

    image = image_of (r.result->path, "vda.qcow2");
    assert_valid_qcow2 (image);
    assert_same_content (disk, image);

    /* The guest runs on its own disk again: no overlay left in its XML or
     * on the host. */
    dom = virDomainLookupByName (the.virt, name);
    g_assert_nonnull (dom);
    xml = virDomainGetXMLDesc (dom, 0);
    g_assert_nonnull (xml);
    g_assert_cmpint (virDomainIsActive (dom), ==, 1);
    virDomainFree (dom);
    xdisk = g_markup_escape_text (disk, -1);
    source = g_strdup_printf ("<source file='%s'", xdisk);
    g_assert_nonnull (strstr (xml, source));
    g_assert_null (strstr (xml, "overlay"));
    g_assert_null (strstr (xml, "<backingStore type"));
    g_assert_cmpuint (count_overlays (), ==, 0);
    run_clear (&r);
}

void
backup_test_add_fallback (void)
{
    g_test_add_func ("/real/backup/snapshot-commit", test_snapshot_commit);
}
