/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libosinfo behind a small API: one OsinfoDb per process, loaded on a thread
 * of its own (never a libvirt worker: no libvirt call here), then only read.
 * Device choices follow virt-install: virtio when the OS knows it, the
 * emulated device it does know otherwise.
 */
#include "config.h"

#include "domus-osinfo.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <osinfo/osinfo.h>

/* db_lock only makes loaders wait for each other, on their threads. The
 * GTK thread never takes it: a load takes seconds (tens under a sanitizer or
 * a busy machine), and a main loop held that long answers no keepalive probe
 * of any host. Readers take the loaded db from db_ready, set once. */
static GMutex db_lock;
static OsinfoLoader *db_loader;     /* owns the db; never freed */
static GError *db_error;
static OsinfoDb *db_ready;

void
domus_os_entry_free (DomusOsEntry *entry)
{
    if (entry == NULL)
        return;
    g_free (entry->id);
    g_free (entry->short_id);
    g_free (entry->name);
    g_free (entry->family);
    g_free (entry->distro);
    g_free (entry->version);
    g_free (entry);
}

void
domus_os_match_free (DomusOsMatch *match)
{
    if (match == NULL)
        return;
    g_free (match->id);
    g_free (match->name);
    g_free (match->boot_image_url);
    g_free (match);
}

gboolean
domus_osinfo_load (GError **error)
{
    gboolean ok;

    g_mutex_lock (&db_lock);
    if (db_loader == NULL && db_error == NULL) {
        OsinfoLoader *loader = osinfo_loader_new ();

        osinfo_loader_process_default_path (loader, &db_error);
        if (db_error == NULL) {
            db_loader = loader;
            g_atomic_pointer_set (&db_ready, osinfo_loader_get_db (loader));
        } else
            g_object_unref (loader);
    }
    ok = db_error == NULL;
    if (!ok)
        g_propagate_error (error, g_error_copy (db_error));
    g_mutex_unlock (&db_lock);
    return ok;
}

/* The db once loaded, or NULL while none is: never waits. */
static OsinfoDb *
get_db (void)
{
    return g_atomic_pointer_get (&db_ready);
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
    GError *error = NULL;

    if (domus_osinfo_load (&error))
        g_task_return_boolean (task, TRUE);
    else
        g_task_return_error (task, error);
}

void
domus_osinfo_load_async (GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
    g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

    g_task_set_source_tag (task, domus_osinfo_load_async);
    if (get_db () != NULL) {
        g_task_return_boolean (task, TRUE);
        return;
    }
    /* Reading osinfo-db's few thousand files takes a noticeable moment. */
    g_task_run_in_thread (task, load_thread);
}

gboolean
domus_osinfo_load_finish (GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}

/* Dotted release numbers, newest first ("11" before "6.0", "3.51" before
 * "3.5"); a release without a number ("testing", "Rawhide") after them. */
static int
compare_versions (const char *a, const char *b)
{
    gboolean numbered_a = a != NULL && g_ascii_isdigit (*a);
    gboolean numbered_b = b != NULL && g_ascii_isdigit (*b);

    if (!numbered_a || !numbered_b)
        return numbered_b - numbered_a;
    for (;;) {
        char *end_a, *end_b;
        guint64 x = g_ascii_strtoull (a, &end_a, 10);
        guint64 y = g_ascii_strtoull (b, &end_b, 10);
        gboolean more_a, more_b;

        if (x != y)
            return x > y ? -1 : 1;
        more_a = end_a[0] == '.' && g_ascii_isdigit (end_a[1]);
        more_b = end_b[0] == '.' && g_ascii_isdigit (end_b[1]);
        if (!more_a || !more_b)
            return more_b - more_a;
        a = end_a + 1;
        b = end_b + 1;
    }
}

/* Names as people read them: text by collation, numbers by value, the
 * larger first ("Server 2022" before "Server 2019"). */
static int
compare_names (const char *a, const char *b)
{
    while (*a != '\0' && *b != '\0') {
        gboolean digit_a = g_ascii_isdigit (*a), digit_b = g_ascii_isdigit (*b);

        if (digit_a && digit_b) {
            char *end_a, *end_b;
            guint64 x = g_ascii_strtoull (a, &end_a, 10);
            guint64 y = g_ascii_strtoull (b, &end_b, 10);

            if (x != y)
                return x > y ? -1 : 1;
            a = end_a;
            b = end_b;
        } else if (digit_a != digit_b) {
            return digit_a ? -1 : 1;
        } else {
            size_t len_a = strcspn (a, "0123456789"), len_b = strcspn (b, "0123456789");
            g_autofree char *text_a = g_strndup (a, len_a);
            g_autofree char *text_b = g_strndup (b, len_b);
            int c = g_utf8_collate (text_a, text_b);

            if (c != 0)
                return c;
            a += len_a;
            b += len_b;
        }
    }
    return (*a != '\0') - (*b != '\0');
}

/* A distribution's releases stay together: libosinfo's distro, or the
 * entry alone when it has none. */
static const char *
group_of (const DomusOsEntry *e)
{
    return e->distro != NULL ? e->distro : e->id;
}

/* The distributions in the order of their first name, each newest first. */
static int
compare_entries (gconstpointer a, gconstpointer b, gpointer user_data)
{
    const DomusOsEntry *ea = *(const DomusOsEntry *const *) a;
    const DomusOsEntry *eb = *(const DomusOsEntry *const *) b;
    GHashTable *group_keys = user_data;
    int c;

    if (g_strcmp0 (group_of (ea), group_of (eb)) != 0) {
        c = strcmp (g_hash_table_lookup (group_keys, group_of (ea)),
                    g_hash_table_lookup (group_keys, group_of (eb)));
        return c != 0 ? c : strcmp (group_of (ea), group_of (eb));
    }
    c = compare_versions (ea->version, eb->version);
    return c != 0 ? c : compare_names (ea->name, eb->name);
}

GPtrArray *
domus_osinfo_list_os (void)
{
    OsinfoDb *db = get_db ();
    GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_os_entry_free);
    g_autoptr(OsinfoOsList) list = NULL;
    g_autoptr(GHashTable) group_keys = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                              g_free);

    g_return_val_if_fail (db != NULL, out);
    list = osinfo_db_get_os_list (db);
    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (list)); i++) {
        OsinfoOs *os = OSINFO_OS (osinfo_list_get_nth (OSINFO_LIST (list), i));
        DomusOsEntry *entry = g_new0 (DomusOsEntry, 1);
        char *key, *first;

        entry->id = g_strdup (osinfo_entity_get_id (OSINFO_ENTITY (os)));
        entry->short_id = g_strdup (osinfo_product_get_short_id (OSINFO_PRODUCT (os)));
        entry->name = g_strdup (osinfo_product_get_name (OSINFO_PRODUCT (os)));
        entry->family = g_strdup (osinfo_os_get_family (os));
        entry->distro = g_strdup (osinfo_os_get_distro (os));
        entry->version = g_strdup (osinfo_product_get_version (OSINFO_PRODUCT (os)));
        if (entry->name == NULL)
            entry->name = g_strdup (entry->id);
        g_ptr_array_add (out, entry);

        /* The group sorts where its first name would. */
        key = g_utf8_collate_key (entry->name, -1);
        first = g_hash_table_lookup (group_keys, group_of (entry));
        if (first == NULL || strcmp (key, first) < 0)
            g_hash_table_replace (group_keys, (gpointer) group_of (entry), key);
        else
            g_free (key);
    }
    g_ptr_array_sort_with_data (out, compare_entries, group_keys);
    return out;
}

static OsinfoOs *
lookup_os (const char *os_id)
{
    OsinfoDb *db = get_db ();

    if (db == NULL || os_id == NULL)
        return NULL;
    return osinfo_db_get_os (db, os_id);
}

char *
domus_osinfo_get_name (const char *os_id)
{
    OsinfoOs *os = lookup_os (os_id);

    return os != NULL ? g_strdup (osinfo_product_get_name (OSINFO_PRODUCT (os))) : NULL;
}

/* The first entry of @list for @arch (or for every arch). */
static OsinfoResources *
resources_for_arch (OsinfoResourcesList *list, const char *arch)
{
    OsinfoResources *any = NULL;

    for (int i = 0; list != NULL && i < osinfo_list_get_length (OSINFO_LIST (list)); i++) {
        OsinfoResources *res = OSINFO_RESOURCES (osinfo_list_get_nth (OSINFO_LIST (list), i));
        const char *res_arch = osinfo_resources_get_architecture (res);

        if (g_strcmp0 (res_arch, arch) == 0)
            return res;
        if (g_strcmp0 (res_arch, OSINFO_ARCHITECTURE_ALL) == 0 && any == NULL)
            any = res;
    }
    return any;
}

static gboolean
has_device (GHashTable *names, const char *a, const char *b)
{
    return g_hash_table_contains (names, a) || (b != NULL && g_hash_table_contains (names, b));
}

void
domus_osinfo_get_defaults (const char *os_id, const char *arch, DomusOsDefaults *out)
{
    OsinfoOs *os = lookup_os (os_id);
    g_autoptr(OsinfoResourcesList) recommended = NULL;
    g_autoptr(OsinfoResourcesList) minimum = NULL;
    g_autoptr(OsinfoDeviceList) devices = NULL;
    g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
    OsinfoResources *rec, *min;
    const char *family;

    /* An OS libosinfo does not know: what virt-install gives "generic". */
    out->memory_mib = 1024;
    out->min_memory_mib = 0;
    out->vcpus = 1;
    out->storage_gib = 20;
    out->disk_bus = "virtio";
    out->nic_model = "virtio";
    out->video_model = "virtio";
    out->sound_model = "ich9";
    out->usb_tablet = TRUE;
    out->windows = FALSE;
    if (os == NULL)
        return;

    recommended = osinfo_os_get_recommended_resources (os);
    minimum = osinfo_os_get_minimum_resources (os);
    rec = resources_for_arch (recommended, arch);
    min = resources_for_arch (minimum, arch);
    if (min != NULL && osinfo_resources_get_ram (min) > 0)
        out->min_memory_mib = osinfo_resources_get_ram (min) / (1024 * 1024);
    if (rec != NULL && osinfo_resources_get_ram (rec) > 0)
        out->memory_mib = osinfo_resources_get_ram (rec) / (1024 * 1024);
    else if (out->min_memory_mib > 0)
        out->memory_mib = out->min_memory_mib;
    if (rec != NULL && osinfo_resources_get_n_cpus (rec) > 0)
        out->vcpus = osinfo_resources_get_n_cpus (rec);
    if (rec != NULL && osinfo_resources_get_storage (rec) > 0)
        out->storage_gib = MAX (osinfo_resources_get_storage (rec) / (1024 * 1024 * 1024), 1);
    else if (min != NULL && osinfo_resources_get_storage (min) > 0)
        out->storage_gib = MAX (osinfo_resources_get_storage (min) / (1024 * 1024 * 1024), 1);

    devices = osinfo_os_get_all_devices (os, NULL);
    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (devices)); i++) {
        OsinfoDevice *dev = OSINFO_DEVICE (osinfo_list_get_nth (OSINFO_LIST (devices), i));
        const char *name = osinfo_device_get_name (dev);

        if (name != NULL)
            g_hash_table_add (names, (gpointer) name);
    }

    family = osinfo_os_get_family (os);
    out->windows = g_strcmp0 (family, "winnt") == 0 || g_strcmp0 (family, "win9x") == 0;
    if (has_device (names, "virtio-block", "virtio1.0-block"))
        out->disk_bus = "virtio";
    else
        out->disk_bus = out->windows || has_device (names, "ahci", "ich9-ahci") ? "sata" : "ide";
    if (has_device (names, "virtio-net", "virtio1.0-net"))
        out->nic_model = "virtio";
    else if (has_device (names, "e1000e", "e1000"))
        out->nic_model = "e1000";
    else
        out->nic_model = "rtl8139";
    if (has_device (names, "virtio1.0-gpu", NULL))
        out->video_model = "virtio";
    else if (has_device (names, "qxl", NULL))
        out->video_model = "qxl";
    else
        out->video_model = "vga";
    if (has_device (names, "ich9-hda", NULL))
        out->sound_model = "ich9";
    else if (has_device (names, "ich6", NULL))
        out->sound_model = "ich6";
    else if (has_device (names, "ac97", NULL))
        out->sound_model = "ac97";
    out->usb_tablet = has_device (names, "tablet", NULL) || out->windows;
}

void
domus_osinfo_apply_devices (const char *os_id, DomusDomainConfig *config)
{
    DomusOsDefaults d;

    g_return_if_fail (config != NULL);

    domus_osinfo_get_defaults (os_id, config->arch, &d);
    g_free (config->disk_bus);
    config->disk_bus = g_strdup (d.disk_bus);
    g_free (config->nic_model);
    config->nic_model = g_strdup (d.nic_model);
    g_free (config->video_model);
    config->video_model = g_strdup (d.video_model);
    config->usb_tablet = d.usb_tablet;
    config->windows = d.windows;
}

/* ---- detection ---------------------------------------------------------- */

static DomusOsMatch *
match_from_os (OsinfoOs *os)
{
    DomusOsMatch *match = g_new0 (DomusOsMatch, 1);

    match->id = g_strdup (osinfo_entity_get_id (OSINFO_ENTITY (os)));
    match->name = g_strdup (osinfo_product_get_name (OSINFO_PRODUCT (os)));
    return match;
}

static void
media_created_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) task = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(OsinfoMedia) media = osinfo_media_create_from_location_finish (result, &error);
    OsinfoDb *db = get_db ();
    g_autoptr(OsinfoOs) os = NULL;

    if (media == NULL) {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
    }
    if (db == NULL || !osinfo_db_identify_media (db, media) ||
        (os = osinfo_media_get_os (media)) == NULL) {
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                 _("The operating system on this media is not known to libosinfo"));
        return;
    }
    g_task_return_pointer (task, match_from_os (os), (GDestroyNotify) domus_os_match_free);
}

void
domus_osinfo_identify_media_async (const char *path, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
    GTask *task = g_task_new (NULL, cancellable, callback, user_data);

    g_task_set_source_tag (task, domus_osinfo_identify_media_async);
    osinfo_media_create_from_location_async (path, G_PRIORITY_DEFAULT, cancellable,
                                             media_created_cb, task);
}

static void
tree_created_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) task = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(OsinfoTree) tree = osinfo_tree_create_from_location_finish (result, &error);
    OsinfoDb *db = get_db ();
    g_autoptr(OsinfoOs) os = NULL;
    DomusOsMatch *match;
    const char *boot_iso;

    if (tree == NULL) {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
    }
    if (db == NULL || !osinfo_db_identify_tree (db, tree) ||
        (os = osinfo_tree_get_os (tree)) == NULL) {
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                 _("The operating system of this install tree is not known "
                                   "to libosinfo"));
        return;
    }
    match = match_from_os (os);
    boot_iso = osinfo_tree_get_boot_iso_path (tree);
    if (boot_iso != NULL) {
        const char *url = g_task_get_task_data (task);

        match->boot_image_url = g_strconcat (url, g_str_has_suffix (url, "/") ? "" : "/",
                                             boot_iso, NULL);
    }
    g_task_return_pointer (task, match, (GDestroyNotify) domus_os_match_free);
}

void
domus_osinfo_identify_tree_async (const char *url, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
    GTask *task = g_task_new (NULL, cancellable, callback, user_data);

    g_task_set_source_tag (task, domus_osinfo_identify_tree_async);
    g_task_set_task_data (task, g_strdup (url), g_free);
    osinfo_tree_create_from_location_async (url, G_PRIORITY_DEFAULT, cancellable,
                                            tree_created_cb, task);
}

DomusOsMatch *
domus_osinfo_identify_finish (GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}
