/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Offline migration with a copy of the disks. libvirt 9.0 refuses
 * VIR_MIGRATE_OFFLINE with a storage copy ("offline migration cannot
 * handle non-shared storage"), so Domus moves a shut-off guest itself:
 * it creates the destination's volumes, pipes each disk from the source
 * host's virStorageVolDownload into the destination's virStorageVolUpload
 * (sparse streams: holes stay holes), defines the guest there with the
 * new paths and undefines it on the source. A failure or a cancel removes
 * what was made on the destination and leaves the source as it was. Runs
 * on the migration's own thread only, and touches no GObject.
 */
#include "config.h"

#include "domus-domain-migrate-private.h"

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-libvirt-private.h"

#define PROGRESS_INTERVAL_US (100 * 1000)
#define ZEROS_CHUNK (256 * 1024)

/* One disk to copy, and what was made for it on the destination. */
typedef struct {
    DomusMigrateDisk *disk;      /* borrowed from the list */
    virStorageVolPtr source;
    virStoragePoolPtr pool;      /* the destination's */
    char *name;
    guint64 capacity;
    guint64 physical;            /* what the source's file holds: what is sent */
    virStorageVolPtr created;
} Copy;

typedef struct {
    virConnectPtr sconn;
    virConnectPtr dconn;
    const DomusMigrateOptions *options;
    const char *name;
    const char *source_name;
    const char *dest_name;
    DomusMigrateOfflineProgress post;
    gpointer post_data;
    GCancellable *cancellable;
    GPtrArray *copies;
    DomusMigrateProgress progress;
    gint64 start_us;
    gint64 posted_us;
    /* The disk being piped. */
    virStreamPtr out;
    guint64 offset;
    guint64 fill_below;          /* the new volume's own bytes: zeros, not holes, there */
    GError *error;               /* a failure inside the pipe */
} Offline;

static void
copy_free (Copy *c)
{
    g_clear_pointer (&c->source, virStorageVolFree);
    g_clear_pointer (&c->pool, virStoragePoolFree);
    g_clear_pointer (&c->created, virStorageVolFree);
    g_free (c->name);
    g_free (c);
}

static void
post_progress (Offline *o, gboolean now)
{
    gint64 t = g_get_monotonic_time ();
    guint64 elapsed = (guint64) (t - o->start_us);

    if (!now && t - o->posted_us < PROGRESS_INTERVAL_US)
        return;
    o->posted_us = t;
    o->progress.remaining_bytes = o->progress.total_bytes - MIN (o->progress.processed_bytes,
                                                                 o->progress.total_bytes);
    o->progress.elapsed_ms = elapsed / 1000;
    o->progress.rate_bytes = elapsed > 0 ? o->progress.processed_bytes * G_USEC_PER_SEC / elapsed
                                         : 0;
    o->post (&o->progress, o->post_data);
}

/* The source's volume at PATH; a file the pool has not seen yet is found
 * after a refresh of the pool of its directory. */
static virStorageVolPtr
source_volume (virConnectPtr sconn, const char *path)
{
    virStorageVolPtr vol = virStorageVolLookupByPath (sconn, path);
    g_autofree char *dir = NULL;
    g_autoptr(virStoragePool) pool = NULL;

    if (vol != NULL)
        return vol;
    dir = g_path_get_dirname (path);
    pool = domus_migrate_pool_of_directory (sconn, dir);
    if (pool != NULL && virStoragePoolRefresh (pool, 0) == 0)
        vol = virStorageVolLookupByPath (sconn, path);
    virResetLastError ();
    return vol;
}

/* Everything that can be known before anything is made: the guest is
 * shut off and the destination has no guest of its name or UUID; every
 * disk is a volume of the source, has a pool on the destination that has
 * no volume of its name, and can be copied as asked. */
static gboolean
check_guest (Offline *o, virDomainPtr dom, GError **error)
{
    char uuid[VIR_UUID_STRING_BUFLEN];
    g_autoptr(virDomain) by_uuid = NULL;
    g_autoptr(virDomain) by_name = NULL;

    if (virDomainIsActive (dom) != 0) {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                     _("“%s” is not shut off: an offline migration moves a shut-off guest. "
                       "Shut it down first, or migrate it live."), o->name);
        return FALSE;
    }
    if (virDomainHasManagedSaveImage (dom, 0) == 1) {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                     _("“%s” has a saved state on %s, which an offline migration would lose. "
                       "Restore it and shut it down, or discard the saved state first."),
                     o->name, o->source_name);
        return FALSE;
    }
    if (virDomainGetUUIDString (dom, uuid) < 0) {
        domus_set_error_from_libvirt (error, _("Reading the guest’s UUID failed"));
        return FALSE;
    }
    by_uuid = virDomainLookupByUUIDString (o->dconn, uuid);
    by_name = by_uuid == NULL ? virDomainLookupByName (o->dconn, o->name) : NULL;
    virResetLastError ();
    if (by_uuid != NULL || by_name != NULL) {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                     by_uuid != NULL
                     ? _("%s already has this guest (the same UUID). Remove it there first.")
                     : _("%s already has a guest named “%s”. Rename one of them first."),
                     o->dest_name, o->name);
        return FALSE;
    }
    return TRUE;
}

static Copy *
check_disk (Offline *o, DomusMigrateDisk *disk, GError **error)
{
    g_autoptr(virStorageVol) clash = NULL;
    g_autofree char *dir = g_path_get_dirname (disk->path);
    Copy *c;
    virStorageVolInfo info;

    if (disk->backing_path != NULL && o->options->storage == DOMUS_MIGRATE_STORAGE_COPY_ALL) {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                     _("The disk “%s” is a layer over “%s”: copying all of it would need the "
                       "layers merged. Copy only the top layer where %s has the backing file "
                       "at the same path, or merge the layers on %s first."),
                     disk->path, disk->backing_path, o->dest_name, o->source_name);
        return NULL;
    }
    c = g_new0 (Copy, 1);
    c->disk = disk;
    c->name = g_path_get_basename (disk->path);
    c->source = source_volume (o->sconn, disk->path);
    if (c->source == NULL) {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                     _("The disk “%s” is in no storage pool of %s, and Domus copies disks "
                       "through the hosts’ storage pools. Add a pool for “%s” there, then try "
                       "again."), disk->path, o->source_name, dir);
        copy_free (c);
        return NULL;
    }
    /* The file's length is what is sent; a driver that cannot say (older
     * libvirt, the test driver) gives what it holds instead. */
    if (virStorageVolGetInfoFlags (c->source, &info, VIR_STORAGE_VOL_GET_PHYSICAL) < 0 &&
        virStorageVolGetInfo (c->source, &info) < 0) {
        g_autofree char *what = g_strdup_printf (_("Reading the size of “%s” failed"),
                                                 disk->path);

        domus_set_error_from_libvirt (error, what);
        copy_free (c);
        return NULL;
    }
    c->capacity = info.capacity;
    c->physical = info.allocation;

    if (o->options->pool != NULL) {
        c->pool = virStoragePoolLookupByName (o->dconn, o->options->pool);
        if (c->pool == NULL) {
            g_autofree char *what = g_strdup_printf (_("Finding the pool “%s” on %s failed"),
                                                     o->options->pool, o->dest_name);

            domus_set_error_from_libvirt (error, what);
            copy_free (c);
            return NULL;
        }
    } else if ((c->pool = domus_migrate_pool_of_directory (o->dconn, dir)) == NULL) {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                     _("The disk “%s” does not exist on %s, and no storage pool there "
                       "holds its directory. Choose a pool of %s to create it in."),
                     disk->path, o->dest_name, o->dest_name);
        copy_free (c);
        return NULL;
    }
    /* A file put there behind libvirt's back counts too: never overwritten. */
    virStoragePoolRefresh (c->pool, 0);
    clash = virStorageVolLookupByName (c->pool, c->name);
    virResetLastError ();
    if (clash != NULL) {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                     _("The pool “%s” of %s already has a volume “%s”. If both hosts share "
                       "this storage, choose shared storage; otherwise remove that volume "
                       "there or choose another pool."),
                     virStoragePoolGetName (c->pool), o->dest_name, c->name);
        copy_free (c);
        return NULL;
    }
    return c;
}

/* ---- the pipe ------------------------------------------------------------ */

/* The destination refused what was sent (no room left…): libvirt's words. */
static gboolean
pipe_failed (Offline *o)
{
    if (o->error == NULL) {
        g_autofree char *what = g_strdup_printf (_("Writing the copy on %s failed"),
                                                 o->dest_name);

        domus_set_error_from_libvirt (&o->error, what);
    }
    return FALSE;
}

static gboolean
send_bytes (Offline *o, const char *bytes, size_t n)
{
    for (size_t off = 0; off < n;) {
        int sent = virStreamSend (o->out, bytes + off, n - off);

        if (sent < 0)
            return pipe_failed (o);
        off += (size_t) sent;
    }
    return TRUE;
}

static int
sink_cb (virStreamPtr st, const char *bytes, size_t nbytes, void *opaque)
{
    Offline *o = opaque;

    if (g_cancellable_is_cancelled (o->cancellable) || !send_bytes (o, bytes, nbytes))
        return -1;
    o->offset += nbytes;
    o->progress.processed_bytes += nbytes;
    post_progress (o, FALSE);
    return (int) nbytes;
}

/* A hole of the source. Where the new volume already has bytes of its own
 * (the header libvirt wrote when it created it), zeros are written, since
 * a hole would leave those bytes; beyond, the hole goes on as a hole. */
static int
hole_cb (virStreamPtr st, long long length, void *opaque)
{
    Offline *o = opaque;
    guint64 left = (guint64) length;

    if (g_cancellable_is_cancelled (o->cancellable))
        return -1;
    if (o->offset < o->fill_below) {
        g_autofree char *zeros = g_malloc0 (ZEROS_CHUNK);
        guint64 fill = MIN (left, o->fill_below - o->offset);

        for (guint64 done = 0; done < fill;) {
            size_t n = (size_t) MIN ((guint64) ZEROS_CHUNK, fill - done);

            if (!send_bytes (o, zeros, n))
                return -1;
            done += n;
        }
        left -= fill;
    }
    if (left > 0 && virStreamSendHole (o->out, (long long) left, 0) < 0) {
        pipe_failed (o);
        return -1;
    }
    o->offset += (guint64) length;
    o->progress.processed_bytes += (guint64) length;
    post_progress (o, FALSE);
    return 0;
}

/* Creates the destination's volume of C and copies the source's into it. */
static gboolean
copy_disk (Offline *o, Copy *c, GError **error)
{
    g_autofree char *xml = domus_migrate_volume_xml (
        c->disk, c->name, c->capacity,
        o->options->storage == DOMUS_MIGRATE_STORAGE_COPY_TOP);
    g_autoptr(virStream) in = NULL;
    g_autoptr(virStream) out = NULL;
    virStorageVolInfo info;
    guint64 start = o->progress.processed_bytes;
    gboolean ok;

    c->created = virStorageVolCreateXML (c->pool, xml, 0);
    if (c->created == NULL) {
        g_autofree char *what = g_strdup_printf (_("Creating “%s” on %s failed"), c->name,
                                                 o->dest_name);

        domus_set_error_from_libvirt (error, what);
        return FALSE;
    }
    o->fill_below = virStorageVolGetInfoFlags (c->created, &info,
                                               VIR_STORAGE_VOL_GET_PHYSICAL) == 0
                    ? info.allocation : G_MAXUINT64;
    o->offset = 0;
    in = virStreamNew (o->sconn, 0);
    out = virStreamNew (o->dconn, 0);
    if (in == NULL || out == NULL ||
        virStorageVolDownload (c->source, in, 0, 0,
                               VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM) < 0) {
        g_autofree char *what = g_strdup_printf (_("Reading “%s” on %s failed"),
                                                 c->disk->path, o->source_name);

        domus_set_error_from_libvirt (error, what);
        return FALSE;
    }
    if (virStorageVolUpload (c->created, out, 0, 0, VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM) < 0) {
        g_autofree char *what = g_strdup_printf (_("Writing “%s” on %s failed"), c->name,
                                                 o->dest_name);

        virStreamAbort (in);
        domus_set_error_from_libvirt (error, what);
        return FALSE;
    }
    o->out = out;
    ok = virStreamSparseRecvAll (in, sink_cb, hole_cb, o) == 0;
    if (!ok && o->error == NULL && !g_cancellable_is_cancelled (o->cancellable)) {
        g_autofree char *what = g_strdup_printf (_("Reading “%s” on %s failed"),
                                                 c->disk->path, o->source_name);

        domus_set_error_from_libvirt (&o->error, what);
    }
    if (ok && virStreamFinish (in) < 0) {
        g_autofree char *what = g_strdup_printf (_("Reading “%s” on %s failed"),
                                                 c->disk->path, o->source_name);

        domus_set_error_from_libvirt (&o->error, what);
        ok = FALSE;
    }
    /* The destination says only now whether it wrote the end. */
    if (ok && virStreamFinish (out) < 0)
        ok = pipe_failed (o);
    if (!ok) {
        virStreamAbort (in);
        virStreamAbort (out);
        virResetLastError ();
    }
    o->out = NULL;
    /* Stopped part-way: the progress says how far it got, however soon
     * after the last report that was. */
    if (!ok)
        post_progress (o, TRUE);
    if (!ok && g_cancellable_is_cancelled (o->cancellable)) {
        g_clear_error (&o->error);
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
        return FALSE;
    }
    if (!ok) {
        g_propagate_error (error, g_steal_pointer (&o->error));
        return FALSE;
    }
    /* What a sparse stream sent may fall short of the file's length. */
    o->progress.processed_bytes = start + c->physical;
    post_progress (o, TRUE);
    return TRUE;
}

/* ---- the whole move ------------------------------------------------------ */

/* Removes what was made on the destination; says what could not be. */
static void
roll_back (Offline *o, virDomainPtr defined, GError **error)
{
    g_autoptr(GString) left = g_string_new (NULL);

    if (defined != NULL && virDomainUndefineFlags (defined, VIR_DOMAIN_UNDEFINE_KEEP_NVRAM) < 0)
        g_string_append_printf (left, "\n%s", virGetLastErrorMessage ());
    for (guint i = 0; i < o->copies->len; i++) {
        Copy *c = g_ptr_array_index (o->copies, i);

        if (c->created != NULL && virStorageVolDelete (c->created, 0) < 0) {
            g_autofree char *path = virStorageVolGetPath (c->created);

            g_string_append_c (left, '\n');
            /* TRANSLATORS: a volume a failed migration made and could not remove */
            g_string_append_printf (left, _("“%s” could not be removed from %s: %s"),
                                    path != NULL ? path : c->name, o->dest_name,
                                    virGetLastErrorMessage ());
        }
    }
    virResetLastError ();
    if (left->len > 0 && *error != NULL) {
        GError *full = g_error_new ((*error)->domain, (*error)->code, "%s%s",
                                    (*error)->message, left->str);

        g_error_free (*error);
        *error = full;
    }
}

/* The guest's definition for the destination: the disks at their copies. */
static char *
moved_definition (Offline *o, virDomainPtr dom, GError **error)
{
    g_autofree char *xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE |
                                                     VIR_DOMAIN_XML_SECURE);
    g_autoptr(GHashTable) moves = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         g_free);

    if (xml == NULL) {
        domus_set_error_from_libvirt (error, _("Reading the guest’s definition failed"));
        return NULL;
    }
    for (guint i = 0; i < o->copies->len; i++) {
        Copy *c = g_ptr_array_index (o->copies, i);
        char *path = virStorageVolGetPath (c->created);

        if (path == NULL) {
            domus_set_error_from_libvirt (error, _("Reading the path of a copy failed"));
            return NULL;
        }
        g_hash_table_insert (moves, g_strdup (c->disk->path), g_strdup (path));
        free (path);
    }
    return domus_migrate_rewrite_disks (xml, moves, error);
}

static gboolean
move_guest (Offline *o, virDomainPtr dom, GPtrArray *disks, GError **error)
{
    g_autofree char *xml = NULL;
    g_autoptr(virDomain) defined = NULL;

    if (!check_guest (o, dom, error))
        return FALSE;
    for (guint i = 0; i < disks->len; i++) {
        Copy *c = check_disk (o, g_ptr_array_index (disks, i), error);

        if (c == NULL)
            return FALSE;
        g_ptr_array_add (o->copies, c);
        o->progress.total_bytes += c->physical;
    }
    post_progress (o, TRUE);
    for (guint i = 0; i < o->copies->len; i++) {
        if (!copy_disk (o, g_ptr_array_index (o->copies, i), error)) {
            roll_back (o, NULL, error);
            return FALSE;
        }
    }
    if (g_cancellable_is_cancelled (o->cancellable)) {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
        roll_back (o, NULL, error);
        return FALSE;
    }
    if ((xml = moved_definition (o, dom, error)) == NULL) {
        roll_back (o, NULL, error);
        return FALSE;
    }
    defined = virDomainDefineXML (o->dconn, xml);
    if (defined == NULL) {
        g_autofree char *what = g_strdup_printf (_("Defining the guest on %s failed"),
                                                 o->dest_name);

        domus_set_error_from_libvirt (error, what);
        roll_back (o, NULL, error);
        return FALSE;
    }
    /* The NVRAM file stays with the source's disks, which are not removed
     * either: the guest's old files remain there until deleted. */
    if (!o->options->keep_source &&
        virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_KEEP_NVRAM) < 0) {
        g_autofree char *what = g_strdup_printf (_("Removing the guest from %s failed"),
                                                 o->source_name);

        domus_set_error_from_libvirt (error, what);
        roll_back (o, defined, error);
        return FALSE;
    }
    return TRUE;
}

gboolean
domus_migrate_offline_copy (virConnectPtr sconn, virConnectPtr dconn, virDomainPtr dom,
                            const DomusMigrateOptions *options, const char *name,
                            const char *source_name, const char *dest_name,
                            DomusMigrateOfflineProgress post, gpointer post_data,
                            GCancellable *cancellable, GError **error)
{
    g_autofree char *xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
    g_autoptr(GPtrArray) disks = NULL;
    Offline o = { 0 };
    gboolean ok;

    if (xml == NULL) {
        domus_set_error_from_libvirt (error, _("Reading the guest’s definition failed"));
        return FALSE;
    }
    if ((disks = domus_migrate_list_disks (xml, options->storage, error)) == NULL)
        return FALSE;
    o.sconn = sconn;
    o.dconn = dconn;
    o.options = options;
    o.name = name;
    o.source_name = source_name;
    o.dest_name = dest_name;
    o.post = post;
    o.post_data = post_data;
    o.cancellable = cancellable;
    o.copies = g_ptr_array_new_with_free_func ((GDestroyNotify) copy_free);
    o.progress.phase = DOMUS_MIGRATE_PHASE_STORAGE;
    o.start_us = g_get_monotonic_time ();
    ok = move_guest (&o, dom, disks, error);
    g_ptr_array_unref (o.copies);
    g_clear_error (&o.error);
    return ok;
}
