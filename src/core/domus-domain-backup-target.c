/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The backup target on the guest's host, reached through libvirt's
 * storage API: the host may be remote (qemu+ssh), so Domus cannot make,
 * list or remove its folders with local file calls. A folder is opened as
 * the active directory pool whose target it already is (the admin's pool)
 * or as a transient directory pool that Domus makes for the moment and
 * destroys after (destroying a transient pool leaves its files). Building
 * such a pool makes its folder; its volumes are the folder's files and
 * subfolders; deleting a subfolder's volume removes the (empty) folder.
 * Worker thread only.
 */
#include "config.h"

#include "domus-domain-backup-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-storage-private.h"
#include "domus-xml.h"

static char *
canonical_path (const char *path)
{
    return g_canonicalize_filename (path, "/");
}

static char *
pool_target (virStoragePoolPtr pool)
{
    g_autofree char *xml = virStoragePoolGetXMLDesc (pool, 0);
    g_autoptr(xmlDoc) doc = xml != NULL ? domus_xml_parse (xml, NULL) : NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autofree char *target = NULL;

    if (doc == NULL)
        return NULL;
    ctx = xmlXPathNewContext (doc);
    target = domus_xml_get_string (ctx, NULL, "string(/pool/target/path)");
    return target != NULL ? canonical_path (target) : NULL;
}

/* The active directory pool whose target is PATH, or NULL. */
static virStoragePoolPtr
find_pool_at (virConnectPtr conn, const char *path)
{
    virStoragePoolPtr *pools = NULL;
    virStoragePoolPtr found = NULL;
    int n = virConnectListAllStoragePools (conn, &pools,
                                           VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE |
                                           VIR_CONNECT_LIST_STORAGE_POOLS_DIR);

    virResetLastError ();
    for (int i = 0; i < n; i++) {
        g_autofree char *target = found == NULL ? pool_target (pools[i]) : NULL;

        if (target != NULL && g_str_equal (target, path))
            found = pools[i];
        else
            virStoragePoolFree (pools[i]);
    }
    free (pools);
    return found;
}

gboolean
domus_host_dir_open (virConnectPtr conn, const char *path, gboolean make,
                     DomusHostDir *dir, GError **error)
{
    g_autofree char *canonical = canonical_path (path);
    g_autofree char *uuid = NULL;
    g_autofree char *name = NULL;
    g_autofree char *xml = NULL;

    dir->transient = FALSE;
    dir->pool = find_pool_at (conn, canonical);
    if (dir->pool != NULL) {
        if (virStoragePoolRefresh (dir->pool, 0) == 0)
            return TRUE;
        g_clear_pointer (&dir->pool, virStoragePoolFree);
    } else {
        uuid = g_uuid_string_random ();
        name = g_strconcat ("domus-backup-", uuid, NULL);
        xml = g_markup_printf_escaped ("<pool type='dir'><name>%s</name>"
                                       "<target><path>%s</path></target></pool>",
                                       name, canonical);
        dir->pool = virStoragePoolCreateXML (conn, xml,
                                             make ? VIR_STORAGE_POOL_CREATE_WITH_BUILD : 0);
        dir->transient = TRUE;
        if (dir->pool != NULL)
            return TRUE;
    }
    {
        g_autofree char *what = g_strdup_printf (_("The folder %s on the host cannot be "
                                                   "opened"), canonical);

        domus_set_error_from_libvirt (error, what);
    }
    return FALSE;
}

void
domus_host_dir_close (DomusHostDir *dir)
{
    if (dir->pool == NULL)
        return;
    if (dir->transient)
        virStoragePoolDestroy (dir->pool);
    virResetLastError ();
    g_clear_pointer (&dir->pool, virStoragePoolFree);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
    return strcmp (*(char * const *) a, *(char * const *) b);
}

char **
domus_host_dir_list (DomusHostDir *dir, GError **error)
{
    virStorageVolPtr *vols = NULL;
    int n = virStoragePoolListAllVolumes (dir->pool, &vols, 0);
    GPtrArray *names;

    if (n < 0) {
        domus_set_error_from_libvirt (error, _("Listing a folder on the host failed"));
        return NULL;
    }
    names = g_ptr_array_new ();
    for (int i = 0; i < n; i++) {
        g_ptr_array_add (names, g_strdup (virStorageVolGetName (vols[i])));
        virStorageVolFree (vols[i]);
    }
    free (vols);
    g_ptr_array_sort (names, compare_names);
    g_ptr_array_add (names, NULL);
    return (char **) g_ptr_array_free (names, FALSE);
}

gboolean
domus_host_dir_write (DomusHostDir *dir, const char *name, const char *data, gsize len,
                      GError **error)
{
    g_autofree char *xml = domus_storage_volume_xml (name, "raw", len, 0);
    g_autoptr(virStorageVol) vol = virStorageVolCreateXML (dir->pool, xml, 0);
    g_autoptr(virStream) stream = NULL;
    gsize sent = 0;

    if (vol == NULL)
        goto failed;
    stream = virStreamNew (virStoragePoolGetConnect (dir->pool), 0);
    if (stream == NULL || virStorageVolUpload (vol, stream, 0, len, 0) < 0)
        goto failed;
    while (sent < len) {
        int n = virStreamSend (stream, data + sent, MIN (len - sent, 256 * 1024));

        if (n < 0) {
            virStreamAbort (stream);
            goto failed;
        }
        sent += n;
    }
    if (virStreamFinish (stream) < 0)
        goto failed;
    return TRUE;

failed:
    {
        g_autofree char *what = g_strdup_printf (_("Writing %s on the host failed"), name);

        domus_set_error_from_libvirt (error, what);
    }
    if (vol != NULL)
        virStorageVolDelete (vol, 0);
    virResetLastError ();
    return FALSE;
}

char *
domus_host_dir_read (DomusHostDir *dir, const char *name, gsize max, GError **error)
{
    g_autoptr(virStorageVol) vol = virStorageVolLookupByName (dir->pool, name);
    g_autoptr(virStream) stream = NULL;
    g_autoptr(GString) text = g_string_new (NULL);
    char buf[64 * 1024];
    int n = -1;

    if (vol != NULL && (stream = virStreamNew (virStoragePoolGetConnect (dir->pool), 0)) &&
        virStorageVolDownload (vol, stream, 0, max, 0) == 0) {
        while ((n = virStreamRecv (stream, buf, sizeof buf)) > 0)
            g_string_append_len (text, buf, n);
        if (n == 0 && virStreamFinish (stream) < 0)
            n = -1;
        else if (n < 0)
            virStreamAbort (stream);
    }
    if (n < 0) {
        g_autofree char *what = g_strdup_printf (_("Reading %s on the host failed"), name);

        domus_set_error_from_libvirt (error, what);
        return NULL;
    }
    return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
domus_host_dir_remove (virConnectPtr conn, const char *path, GError **error)
{
    g_autofree char *canonical = canonical_path (path);
    g_autofree char *parent_path = g_path_get_dirname (canonical);
    g_autofree char *base = g_path_get_basename (canonical);
    DomusHostDir folder = { NULL }, parent = { NULL };
    virStorageVolPtr *vols = NULL;
    g_autoptr(virStorageVol) self = NULL;
    gboolean ok = TRUE;
    int n;

    /* The parent first: where the folder is not there, nothing to do. */
    if (!domus_host_dir_open (conn, parent_path, FALSE, &parent, error))
        return FALSE;
    self = virStorageVolLookupByName (parent.pool, base);
    virResetLastError ();
    if (self == NULL) {
        domus_host_dir_close (&parent);
        return TRUE;
    }
    if (!domus_host_dir_open (conn, canonical, FALSE, &folder, error)) {
        domus_host_dir_close (&parent);
        return FALSE;
    }
    n = virStoragePoolListAllVolumes (folder.pool, &vols, 0);
    ok = n >= 0;
    for (int i = 0; i < n; i++) {
        if (ok && virStorageVolDelete (vols[i], 0) < 0)
            ok = FALSE;
        virStorageVolFree (vols[i]);
    }
    free (vols);
    /* The folder's own pool goes before its folder does. */
    if (!ok) {
        g_autofree char *what = g_strdup_printf (_("Removing %s on the host failed"),
                                                 canonical);

        domus_set_error_from_libvirt (error, what);
    }
    domus_host_dir_close (&folder);
    if (ok && virStorageVolDelete (self, 0) < 0) {
        g_autofree char *what = g_strdup_printf (_("Removing %s on the host failed"),
                                                 canonical);

        domus_set_error_from_libvirt (error, what);
        ok = FALSE;
    }
    domus_host_dir_close (&parent);
    return ok;
}

virStorageVolPtr
domus_host_file_lookup (virConnectPtr conn, const char *path, DomusHostDir *holder,
                        GError **error)
{
    virStorageVolPtr vol = virStorageVolLookupByPath (conn, path);
    g_autofree char *dir = NULL;
    g_autofree char *base = NULL;

    virResetLastError ();
    holder->pool = NULL;
    if (vol != NULL)
        return vol;
    dir = g_path_get_dirname (path);
    base = g_path_get_basename (path);
    if (!domus_host_dir_open (conn, dir, FALSE, holder, error))
        return NULL;
    vol = virStorageVolLookupByName (holder->pool, base);
    if (vol == NULL) {
        g_autofree char *what = g_strdup_printf (_("%s cannot be read on the host"), path);

        domus_set_error_from_libvirt (error, what);
    }
    return vol;
}

/* Each entry's files and their size, from its folder's pool. */
static gboolean
read_folder (virConnectPtr conn, DomusBackupEntry *entry, GError **error)
{
    DomusHostDir dir = { NULL };
    virStorageVolPtr *vols = NULL;
    int n;

    if (!domus_host_dir_open (conn, entry->path, FALSE, &dir, error))
        return FALSE;
    n = virStoragePoolListAllVolumes (dir.pool, &vols, 0);
    if (n < 0)
        domus_set_error_from_libvirt (error, _("Listing a folder on the host failed"));
    for (int i = 0; i < n; i++) {
        virStorageVolInfo info;

        g_ptr_array_add (entry->files, g_strdup (virStorageVolGetName (vols[i])));
        if (virStorageVolGetInfo (vols[i], &info) == 0)
            entry->size += info.allocation;
        virStorageVolFree (vols[i]);
    }
    free (vols);
    g_ptr_array_sort (entry->files, compare_names);
    domus_host_dir_close (&dir);
    return n >= 0;
}

GPtrArray *
domus_host_list_backups (virConnectPtr conn, const char *target, const char *guest,
                         gboolean with_files, GError **error)
{
    g_autofree char *guest_dir = g_build_filename (target, guest, NULL);
    DomusHostDir top = { NULL }, dir = { NULL };
    g_auto(GStrv) names = NULL;
    g_autoptr(GPtrArray) entries = NULL;

    /* Looking makes nothing: without the guest's folder, no backups. */
    if (!domus_host_dir_open (conn, target, FALSE, &top, error))
        return NULL;
    names = domus_host_dir_list (&top, error);
    domus_host_dir_close (&top);
    if (names == NULL)
        return NULL;
    if (!g_strv_contains ((const char * const *) names, guest))
        return g_ptr_array_new_with_free_func ((GDestroyNotify) domus_backup_entry_free);
    g_clear_pointer (&names, g_strfreev);

    if (!domus_host_dir_open (conn, guest_dir, FALSE, &dir, error))
        return NULL;
    names = domus_host_dir_list (&dir, error);
    domus_host_dir_close (&dir);
    if (names == NULL)
        return NULL;
    entries = domus_backup_catalogue ((const char * const *) names, guest_dir);
    for (guint i = 0; with_files && i < entries->len; i++)
        if (!read_folder (conn, entries->pdata[i], error))
            return NULL;
    return g_steal_pointer (&entries);
}

static int
compare_images (gconstpointer a, gconstpointer b)
{
    return strcmp ((*(DomusBackupImage * const *) a)->name,
                   (*(DomusBackupImage * const *) b)->name);
}

GPtrArray *
domus_host_dir_images (DomusHostDir *dir, GError **error)
{
    virStorageVolPtr *vols = NULL;
    int n = virStoragePoolListAllVolumes (dir->pool, &vols, 0);
    GPtrArray *images;

    if (n < 0) {
        domus_set_error_from_libvirt (error, _("Listing a folder on the host failed"));
        return NULL;
    }
    images = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_backup_image_free);
    for (int i = 0; i < n; i++) {
        DomusBackupImage *image = g_new0 (DomusBackupImage, 1);
        virStorageVolInfo info = { 0 };

        image->name = g_strdup (virStorageVolGetName (vols[i]));
        /* With PHYSICAL, the allocation is the file's length. */
        if (virStorageVolGetInfoFlags (vols[i], &info, VIR_STORAGE_VOL_GET_PHYSICAL) == 0) {
            image->capacity = info.capacity;
            image->physical = info.allocation;
        }
        virResetLastError ();
        g_ptr_array_add (images, image);
        virStorageVolFree (vols[i]);
    }
    free (vols);
    g_ptr_array_sort (images, compare_images);
    return images;
}

gboolean
domus_host_write_manifest (virConnectPtr conn, const char *path, GError **error)
{
    DomusHostDir dir = { NULL };
    g_autoptr(GPtrArray) images = NULL;
    g_autofree char *text = NULL;
    gboolean ok;

    if (!domus_host_dir_open (conn, path, FALSE, &dir, error))
        return FALSE;
    images = domus_host_dir_images (&dir, error);
    ok = images != NULL;
    if (ok) {
        text = domus_backup_manifest_text (images);
        ok = domus_host_dir_write (&dir, DOMUS_BACKUP_MANIFEST, text, strlen (text), error);
    }
    domus_host_dir_close (&dir);
    return ok;
}
