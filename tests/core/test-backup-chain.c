/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pure side of restoring and verifying backups: which backups an
 * incremental one needs (and a broken chain refused), qemu-img's json:
 * name of a chain (each image over the one before, the last without
 * backing, quotes escaped), the names of restored volumes, the manifest of
 * image sizes both ways, what a comparison with it finds (a truncated
 * image, a missing one), and the disk XML pointed at restored files.
 */
#include "config.h"

#include <glib.h>
#include <locale.h>
#include <string.h>

#include "domus-domain-backup-private.h"

static void
test_chain (void)
{
    const char *names[] = { "2026-12-05T09:00:00-incr", "2026-12-06T09:00:00",
                            "2026-12-06T10:00:00-incr", "2026-12-07T09:00:00-incr",
                            "2026-12-08T09:00:00", NULL };
    g_autoptr(GPtrArray) entries = domus_backup_catalogue (names, "/b/web01");
    g_autoptr(GPtrArray) chain = NULL;
    g_autoptr(GError) error = NULL;

    chain = domus_backup_chain (entries, "2026-12-07T09:00:00-incr", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (chain->len, ==, 3);
    g_assert_cmpstr (((DomusBackupEntry *) chain->pdata[0])->folder, ==,
                     "2026-12-06T09:00:00");
    g_assert_cmpstr (((DomusBackupEntry *) chain->pdata[2])->folder, ==,
                     "2026-12-07T09:00:00-incr");
    g_clear_pointer (&chain, g_ptr_array_unref);

    /* A full backup is its own chain. */
    chain = domus_backup_chain (entries, "2026-12-08T09:00:00", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (chain->len, ==, 1);
    g_clear_pointer (&chain, g_ptr_array_unref);

    /* Its full backup is gone: broken. */
    chain = domus_backup_chain (entries, "2026-12-05T09:00:00-incr", &error);
    g_assert_null (chain);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "no full backup"));
    g_clear_error (&error);

    chain = domus_backup_chain (entries, "2026-01-01T00:00:00", &error);
    g_assert_null (chain);
    g_assert_nonnull (error);
}

static void
test_chain_json (void)
{
    const char *images[] = { "/b/full/vda.qcow2", "/b/i\"1/vda.qcow2", NULL };
    const char *one[] = { "/b/full/vda.qcow2", NULL };
    g_autofree char *json = domus_backup_chain_json (images);
    g_autofree char *single = domus_backup_chain_json (one);

    g_assert_cmpstr (json, ==,
                     "json:{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\","
                     "\"filename\":\"/b/i\\\"1/vda.qcow2\"},\"backing\":"
                     "{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\","
                     "\"filename\":\"/b/full/vda.qcow2\"},\"backing\":null}}");
    g_assert_cmpstr (single, ==,
                     "json:{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\","
                     "\"filename\":\"/b/full/vda.qcow2\"},\"backing\":null}");
}

static void
test_restored_name (void)
{
    g_autofree char *a = domus_backup_restored_name ("web01.qcow2", "2026-12-06T09:30:00");
    g_autofree char *b = domus_backup_restored_name ("web01-restored-20261201-080000.qcow2",
                                                     "2026-12-06T09:30:00-incr");
    g_autofree char *c = domus_backup_restored_name ("disk", "2026-12-06T09:30:00");
    /* The second backup of that second restores apart from the first. */
    g_autofree char *d = domus_backup_restored_name ("web01.qcow2", "2026-12-06T09:30:00-2-incr");

    g_assert_cmpstr (a, ==, "web01-restored-20261206-093000.qcow2");
    g_assert_cmpstr (b, ==, "web01-restored-20261206-093000.qcow2");
    g_assert_cmpstr (c, ==, "disk-restored-20261206-093000");
    g_assert_cmpstr (d, ==, "web01-restored-20261206-093000-2.qcow2");
}

static DomusBackupImage *
image (const char *name, guint64 capacity, guint64 physical)
{
    DomusBackupImage *image = g_new0 (DomusBackupImage, 1);

    image->name = g_strdup (name);
    image->capacity = capacity;
    image->physical = physical;
    return image;
}

static GPtrArray *
images (void)
{
    GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_backup_image_free);

    g_ptr_array_add (list, image ("domain.xml", 2048, 2048));
    g_ptr_array_add (list, image ("vda.qcow2", 64 << 20, 4521984));
    g_ptr_array_add (list, image ("vdb.img", 8 << 20, 8 << 20));
    return list;
}

static void
test_manifest (void)
{
    g_autoptr(GPtrArray) written = images ();
    g_autofree char *text = domus_backup_manifest_text (written);
    g_autoptr(GPtrArray) read = NULL;
    g_autoptr(GError) error = NULL;

    read = domus_backup_manifest_parse (text, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (read->len, ==, 3);
    for (guint i = 0; i < read->len; i++) {
        DomusBackupImage *a = written->pdata[i], *b = read->pdata[i];

        g_assert_cmpstr (a->name, ==, b->name);
        g_assert_cmpuint (a->capacity, ==, b->capacity);
        g_assert_cmpuint (a->physical, ==, b->physical);
    }
    g_assert_null (domus_backup_manifest_parse ("[image vda.qcow2]\ncapacity=x\n", &error));
    g_assert_nonnull (error);
}

static void
test_compare (void)
{
    g_autoptr(GPtrArray) expected = images ();
    g_autoptr(GPtrArray) found = images ();
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(GPtrArray) disks = NULL;
    const char *xml = "<domain><devices><disk device='disk'><source file='/p/a.qcow2'/>"
                      "<target dev='vda'/></disk><disk device='disk'><source file='/p/b'/>"
                      "<target dev='vdb'/></disk></devices></domain>";

    problems = domus_backup_compare_images (expected, found, NULL);
    g_assert_cmpuint (problems->len, ==, 0);
    g_clear_pointer (&problems, g_ptr_array_unref);

    /* Truncated, and one gone. */
    ((DomusBackupImage *) found->pdata[1])->physical = 65536;
    g_ptr_array_remove_index (found, 2);
    problems = domus_backup_compare_images (expected, found, NULL);
    g_assert_cmpuint (problems->len, ==, 2);
    g_assert_nonnull (strstr (problems->pdata[0], "(65536 bytes) on the host"));
    g_assert_nonnull (strstr (problems->pdata[0], "(4521984 bytes) when"));
    g_assert_cmpstr (problems->pdata[1], ==, "vdb.img is missing");
    g_clear_pointer (&problems, g_ptr_array_unref);

    /* No manifest: an image of each disk, none empty. */
    disks = domus_backup_disks_from_xml (xml, NULL, NULL);
    problems = domus_backup_compare_images (NULL, found, disks);
    g_assert_cmpuint (problems->len, ==, 0);
    g_clear_pointer (&problems, g_ptr_array_unref);
    ((DomusBackupImage *) found->pdata[1])->physical = 0;
    problems = domus_backup_compare_images (NULL, found, disks);
    g_assert_cmpuint (problems->len, ==, 1);
    g_assert_cmpstr (problems->pdata[0], ==, "vda.qcow2 is empty");
}

static void
test_find_image (void)
{
    const char *names[] = { "domain.xml", "vda.qcow2", "vdaa.img", "vdb.img", NULL };

    g_assert_cmpstr (domus_backup_find_image (names, "vda"), ==, "vda.qcow2");
    g_assert_cmpstr (domus_backup_find_image (names, "vdb"), ==, "vdb.img");
    g_assert_null (domus_backup_find_image (names, "vdc"));
    g_assert_null (domus_backup_find_image (names, "domain"));
}

static void
test_over_xml (void)
{
    const char *xml = "<domain><name>web01</name><uuid>6f1c0e0e-0000-4000-8000-000000000001"
                      "</uuid><devices><disk type='block' device='disk'>"
                      "<driver name='qemu' type='raw'/><source dev='/dev/vg/a'/>"
                      "<target dev='vda'/></disk><disk type='file' device='disk'>"
                      "<source file='/p/b.qcow2'/><target dev='vdb'/></disk>"
                      "</devices></domain>";
    const char *targets[] = { "vda", NULL };
    const char *paths[] = { "/p/a-restored.img", NULL };
    g_autoptr(GError) error = NULL;
    g_autofree char *over = domus_backup_over_xml (xml, targets, paths, &error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (over, "<disk type=\"file\" device=\"disk\">"));
    g_assert_nonnull (strstr (over, "<source file=\"/p/a-restored.img\"/>"));
    g_assert_null (strstr (over, "/dev/vg/a"));
    /* The rest untouched: the same guest, its other disk. */
    g_assert_nonnull (strstr (over, "6f1c0e0e-0000-4000-8000-000000000001"));
    g_assert_nonnull (strstr (over, "/p/b.qcow2"));
}

int
main (int argc, char *argv[])
{
    setlocale (LC_ALL, "C");
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/backup-chain/chain", test_chain);
    g_test_add_func ("/backup-chain/json", test_chain_json);
    g_test_add_func ("/backup-chain/restored-name", test_restored_name);
    g_test_add_func ("/backup-chain/manifest", test_manifest);
    g_test_add_func ("/backup-chain/compare", test_compare);
    g_test_add_func ("/backup-chain/find-image", test_find_image);
    g_test_add_func ("/backup-chain/over-xml", test_over_xml);
    return g_test_run ();
}
