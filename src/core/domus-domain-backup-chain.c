/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pure side of restoring and checking backups: which backups an
 * incremental one is made of, how qemu-img reads such a chain (its own
 * backing file names the guest's disk, not the backup before it), the
 * names of restored volumes, and the manifest of image sizes written beside
 * a finished backup and compared by Verify. No libvirt call: any thread,
 * tested without a host.
 */
#include "config.h"

#include "domus-domain-backup-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "domus-error.h"

#define RESTORED_INFIX "-restored-"
#define MANIFEST_GROUP_PREFIX "image "

void
domus_backup_image_free (DomusBackupImage *image)
{
    if (image == NULL)
        return;
    g_free (image->name);
    g_free (image);
}

GPtrArray *
domus_backup_chain (GPtrArray *entries, const char *folder, GError **error)
{
    g_autoptr(GPtrArray) chain = g_ptr_array_new ();
    guint at = G_MAXUINT;

    for (guint i = 0; i < entries->len; i++)
        if (g_str_equal (((DomusBackupEntry *) entries->pdata[i])->folder, folder))
            at = i;
    if (at == G_MAXUINT) {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                     _("There is no backup %s in the guest’s folder"), folder);
        return NULL;
    }
    for (guint i = at + 1; i > 0; i--) {
        DomusBackupEntry *entry = entries->pdata[i - 1];

        g_ptr_array_insert (chain, 0, entry);
        if (!entry->incremental)
            return g_steal_pointer (&chain);
    }
    g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                 _("The incremental backup %s has no full backup before it in this folder: "
                   "it cannot be restored"), folder);
    return NULL;
}

static void
append_json_string (GString *out, const char *text)
{
    g_string_append_c (out, '"');
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_printf (out, "\\%c", *p);
        else if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
        else
            g_string_append_c (out, *p);
    }
    g_string_append_c (out, '"');
}

char *
domus_backup_chain_json (const char * const *images)
{
    GString *out = g_string_new ("json:");
    guint n = g_strv_length ((char **) images);

    /* {"driver":"qcow2","file":{…},"backing":{ … "backing":null}} */
    for (guint i = n; i > 0; i--) {
        g_string_append (out, "{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\","
                              "\"filename\":");
        append_json_string (out, images[i - 1]);
        g_string_append (out, "},\"backing\":");
    }
    g_string_append (out, "null");
    for (guint i = 0; i < n; i++)
        g_string_append_c (out, '}');
    return g_string_free (out, FALSE);
}

char *
domus_backup_restored_name (const char *old_name, const char *folder)
{
    const char *dot = strrchr (old_name, '.');
    g_autofree char *stem = g_strndup (old_name, dot != NULL && dot != old_name
                                                 ? (gsize) (dot - old_name)
                                                 : strlen (old_name));
    const char *ext = dot != NULL && dot != old_name ? dot : "";
    g_autofree char *stamp = NULL;
    char *earlier = strstr (stem, RESTORED_INFIX);

    if (earlier != NULL)
        *earlier = '\0';
    stamp = domus_backup_folder_stamp (folder);
    if (stamp == NULL)
        stamp = g_strdup (folder);
    return g_strconcat (stem, RESTORED_INFIX, stamp, ext, NULL);
}

char *
domus_backup_manifest_text (GPtrArray *images)
{
    g_autoptr(GKeyFile) file = g_key_file_new ();

    for (guint i = 0; i < images->len; i++) {
        DomusBackupImage *image = images->pdata[i];
        g_autofree char *group = g_strconcat (MANIFEST_GROUP_PREFIX, image->name, NULL);

        g_key_file_set_uint64 (file, group, "capacity", image->capacity);
        g_key_file_set_uint64 (file, group, "physical", image->physical);
    }
    return g_key_file_to_data (file, NULL, NULL);
}

GPtrArray *
domus_backup_manifest_parse (const char *text, GError **error)
{
    g_autoptr(GKeyFile) file = g_key_file_new ();
    g_autoptr(GPtrArray) images = NULL;
    g_auto(GStrv) groups = NULL;

    if (!g_key_file_load_from_data (file, text, -1, G_KEY_FILE_NONE, error))
        return NULL;
    images = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_backup_image_free);
    groups = g_key_file_get_groups (file, NULL);
    for (guint i = 0; groups[i] != NULL; i++) {
        DomusBackupImage *image;
        GError *local = NULL;
        guint64 capacity, physical;

        if (!g_str_has_prefix (groups[i], MANIFEST_GROUP_PREFIX))
            continue;
        capacity = g_key_file_get_uint64 (file, groups[i], "capacity", &local);
        if (local == NULL)
            physical = g_key_file_get_uint64 (file, groups[i], "physical", &local);
        if (local != NULL) {
            g_propagate_error (error, local);
            return NULL;
        }
        image = g_new0 (DomusBackupImage, 1);
        image->name = g_strdup (groups[i] + strlen (MANIFEST_GROUP_PREFIX));
        image->capacity = capacity;
        image->physical = physical;
        g_ptr_array_add (images, image);
    }
    return g_steal_pointer (&images);
}

static DomusBackupImage *
find_named (GPtrArray *images, const char *name)
{
    for (guint i = 0; i < images->len; i++)
        if (g_str_equal (((DomusBackupImage *) images->pdata[i])->name, name))
            return images->pdata[i];
    return NULL;
}

const char *
domus_backup_find_image (const char * const *names, const char *target)
{
    for (guint i = 0; names != NULL && names[i] != NULL; i++) {
        const char *dot = strrchr (names[i], '.');

        if (dot != NULL && (gsize) (dot - names[i]) == strlen (target) &&
            strncmp (names[i], target, dot - names[i]) == 0 &&
            (g_str_equal (dot, ".qcow2") || g_str_equal (dot, ".img")))
            return names[i];
    }
    return NULL;
}

GPtrArray *
domus_backup_compare_images (GPtrArray *expected, GPtrArray *found, GPtrArray *disks)
{
    GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);

    if (expected == NULL) {
        g_autoptr(GPtrArray) names = g_ptr_array_new ();
        guint images = 0;

        for (guint i = 0; i < found->len; i++)
            g_ptr_array_add (names, ((DomusBackupImage *) found->pdata[i])->name);
        g_ptr_array_add (names, NULL);
        for (guint i = 0; i < disks->len; i++) {
            DomusBackupDisk *disk = disks->pdata[i];
            const char *name = domus_backup_find_image ((const char * const *) names->pdata,
                                                        disk->target);
            DomusBackupImage *image = name != NULL ? find_named (found, name) : NULL;

            if (!disk->backup || image == NULL)
                continue;
            images++;
            if (image->physical == 0 || image->capacity == 0)
                g_ptr_array_add (problems, g_strdup_printf (_("%s is empty"), name));
        }
        if (images == 0)
            g_ptr_array_add (problems, g_strdup (_("The folder holds no disk image")));
        return problems;
    }
    for (guint i = 0; i < expected->len; i++) {
        DomusBackupImage *want = expected->pdata[i];
        DomusBackupImage *have = find_named (found, want->name);

        if (have == NULL) {
            g_ptr_array_add (problems, g_strdup_printf (_("%s is missing"), want->name));
        } else if (have->physical != want->physical) {
            g_autofree char *now = g_format_size_full (have->physical,
                                                       G_FORMAT_SIZE_LONG_FORMAT);
            g_autofree char *then = g_format_size_full (want->physical,
                                                        G_FORMAT_SIZE_LONG_FORMAT);

            /* Translators: an image, its size now and when it was backed up. */
            g_ptr_array_add (problems, g_strdup_printf (_("%s is %s on the host; it was %s "
                                                          "when the backup was made"),
                                                        want->name, now, then));
        } else if (have->capacity != want->capacity) {
            g_autofree char *now = g_format_size (have->capacity);
            g_autofree char *then = g_format_size (want->capacity);

            g_ptr_array_add (problems, g_strdup_printf (_("%s now holds a disk of %s; it "
                                                          "held %s when the backup was "
                                                          "made"), want->name, now, then));
        }
    }
    return problems;
}
