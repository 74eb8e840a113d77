/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libosinfo as the assistant uses it: the OS list from osinfo-db, the
 * resources and devices recommended for Linux, Windows and an unknown OS,
 * and detection of an install tree (a .treeinfo served from a file:// URL)
 * and of media that is not an installer.
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "domus-osinfo.h"
#include "domus-test-util.h"

static const char *
find_short_id (GPtrArray *list, const char *short_id)
{
    for (guint i = 0; i < list->len; i++) {
        DomusOsEntry *e = g_ptr_array_index (list, i);

        if (g_strcmp0 (e->short_id, short_id) == 0)
            return e->name;
    }
    return NULL;
}

static void
test_list (void)
{
    g_autoptr(GPtrArray) list = domus_osinfo_list_os ();

    g_assert_cmpuint (list->len, >, 100);
    g_assert_cmpstr (find_short_id (list, "debian11"), ==, "Debian 11");
    g_assert_cmpstr (find_short_id (list, "fedora36"), ==, "Fedora Linux 36");
    g_assert_cmpstr (find_short_id (list, "win10"), ==, "Microsoft Windows 10");
    g_assert_cmpstr (find_short_id (list, "win2k22"), ==, "Microsoft Windows Server 2022");
}

static guint
position (GPtrArray *list, const char *short_id)
{
    for (guint i = 0; i < list->len; i++) {
        DomusOsEntry *e = g_ptr_array_index (list, i);

        if (g_strcmp0 (e->short_id, short_id) == 0)
            return i;
    }
    g_error ("%s is not in the list", short_id);
}

/* Asserts that @short_ids (NULL-terminated) come in this order. */
static void
assert_order (GPtrArray *list, const char *const *short_ids)
{
    for (guint i = 1; short_ids[i] != NULL; i++) {
        if (position (list, short_ids[i - 1]) >= position (list, short_ids[i]))
            g_error ("%s is listed after %s", short_ids[i - 1], short_ids[i]);
    }
}

/* The list reads as people look for a release: a distribution's releases
 * together, newest first by number (not as text: 11 before 6.0), and the
 * distributions by name. */
static void
test_list_order (void)
{
    g_autoptr(GPtrArray) list = domus_osinfo_list_os ();
    g_autoptr(GHashTable) ended = g_hash_table_new (g_str_hash, g_str_equal);

    assert_order (list, (const char *const[]) { "debian11", "debian10", "debian9", "debian7",
                                                "debian6", "debian5", "debian3.1",
                                                "debian1.1", "debiantesting", NULL });
    assert_order (list, (const char *const[]) { "fedora37", "fedora36", "fedora35",
                                                "fedora10", "fedora9", "fedora1", NULL });
    assert_order (list, (const char *const[]) { "win11", "win10", "win2k22", "win2k19",
                                                "win2k16", "win8.1", "win7", "winxp",
                                                "win95", NULL });
    assert_order (list, (const char *const[]) { "debian11", "fedora37", "win11", NULL });

    /* Each distribution in one run. */
    for (guint i = 1; i < list->len; i++) {
        DomusOsEntry *a = g_ptr_array_index (list, i - 1);
        DomusOsEntry *b = g_ptr_array_index (list, i);

        if (a->distro == NULL || g_strcmp0 (a->distro, b->distro) == 0)
            continue;
        g_hash_table_add (ended, a->distro);
        if (b->distro != NULL && g_hash_table_contains (ended, b->distro))
            g_error ("%s's releases are listed in two places (again at %s)", b->distro,
                     b->name);
    }
}

static void
test_defaults (void)
{
    DomusOsDefaults d;

    domus_osinfo_get_defaults ("http://debian.org/debian/11", "x86_64", &d);
    g_assert_cmpuint (d.memory_mib, ==, 1024);
    g_assert_cmpuint (d.min_memory_mib, ==, 1024);
    g_assert_cmpuint (d.storage_gib, ==, 20);
    g_assert_cmpstr (d.disk_bus, ==, "virtio");
    g_assert_cmpstr (d.nic_model, ==, "virtio");
    g_assert_false (d.windows);

    domus_osinfo_get_defaults ("http://microsoft.com/win/10", "x86_64", &d);
    g_assert_true (d.windows);
    g_assert_cmpuint (d.memory_mib, ==, 2048);
    g_assert_cmpuint (d.storage_gib, ==, 20);
    g_assert_cmpstr (d.disk_bus, ==, "sata");
    g_assert_cmpstr (d.nic_model, ==, "e1000");
    g_assert_true (d.usb_tablet);

    domus_osinfo_get_defaults ("http://example.com/not-an-os", "x86_64", &d);
    g_assert_cmpuint (d.memory_mib, ==, 1024);
    g_assert_cmpuint (d.vcpus, ==, 1);
    g_assert_cmpstr (d.disk_bus, ==, "virtio");
}

static void
identify_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    GAsyncResult **out = user_data;

    *out = g_object_ref (result);
}

static void
test_tree (void)
{
    g_autofree char *dir = g_dir_make_tmp ("domus-tree-XXXXXX", NULL);
    g_autofree char *treeinfo = g_build_filename (dir, ".treeinfo", NULL);
    g_autofree char *url = g_filename_to_uri (dir, NULL, NULL);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(DomusOsMatch) match = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *expected = NULL;

    g_assert_true (g_file_set_contents (treeinfo,
        "[general]\nfamily = Fedora\nversion = 36\narch = x86_64\nvariant = Server\n"
        "[images-x86_64]\nkernel = images/pxeboot/vmlinuz\n"
        "initrd = images/pxeboot/initrd.img\nboot.iso = images/boot.iso\n", -1, NULL));

    domus_osinfo_identify_tree_async (url, NULL, identify_done_cb, &result);
    DOMUS_TEST_WAIT_UNTIL (result != NULL, 30, "the tree to be identified");
    match = domus_osinfo_identify_finish (result, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (match->id, ==, "http://fedoraproject.org/fedora/36");
    expected = g_strconcat (url, "/images/boot.iso", NULL);
    g_assert_cmpstr (match->boot_image_url, ==, expected);

    g_unlink (treeinfo);
    g_rmdir (dir);
}

static void
test_media_not_installer (void)
{
    g_autofree char *path = NULL;
    int fd = g_file_open_tmp ("domus-not-an-iso-XXXXXX", &path, NULL);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(DomusOsMatch) match = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *zeros = g_malloc0 (64 * 1024);

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (write (fd, zeros, 64 * 1024), ==, 64 * 1024);
    close (fd);

    domus_osinfo_identify_media_async (path, NULL, identify_done_cb, &result);
    DOMUS_TEST_WAIT_UNTIL (result != NULL, 30, "the media check");
    match = domus_osinfo_identify_finish (result, &error);
    g_assert_null (match);
    g_assert_nonnull (error);
    g_unlink (path);
}

typedef struct {
    gint started;
    gint done;
    GError *error;
} LoadJob;

static gpointer
load_thread (gpointer data)
{
    LoadJob *job = data;

    g_atomic_int_set (&job->started, 1);
    domus_osinfo_load (&job->error);
    g_atomic_int_set (&job->done, 1);
    return NULL;
}

/* While a thread loads the db (seconds; tens under a sanitizer), a reader
 * on the GTK thread gets "not loaded yet" at once instead of waiting for
 * the load: a main loop held that long answers no host's keepalive. The
 * first test of the program, so the db is not loaded before it. */
static void
test_readers_never_wait (void)
{
    LoadJob job = { 0 };
    GThread *thread;
    guint answered_while_loading = 0;
    g_autofree char *name = NULL;

    thread = g_thread_new ("osinfo-load", load_thread, &job);
    while (!g_atomic_int_get (&job.started))
        g_thread_yield ();
    while (!g_atomic_int_get (&job.done)) {
        g_autofree char *early = domus_osinfo_get_name ("http://debian.org/debian/11");

        if (!g_atomic_int_get (&job.done)) {
            /* Answered while the load still ran: it did not wait for it. */
            g_assert_null (early);
            answered_while_loading++;
        }
        g_thread_yield ();
    }
    g_thread_join (thread);
    g_assert_no_error (job.error);
    g_test_message ("%u answers while the db loaded", answered_while_loading);
    g_assert_cmpuint (answered_while_loading, >, 0);
    name = domus_osinfo_get_name ("http://debian.org/debian/11");
    g_assert_cmpstr (name, ==, "Debian 11");
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/osinfo/readers-never-wait", test_readers_never_wait);
    g_test_add_func ("/osinfo/list", test_list);
    g_test_add_func ("/osinfo/list-order", test_list_order);
    g_test_add_func ("/osinfo/defaults", test_defaults);
    g_test_add_func ("/osinfo/tree", test_tree);
    g_test_add_func ("/osinfo/media-not-installer", test_media_not_installer);
    return g_test_run ();
}
