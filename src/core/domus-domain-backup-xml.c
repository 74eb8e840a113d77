/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pure side of backups: folder names, the disks a backup takes and
 * why not the others, the XML libvirt is given (built as a tree with
 * libxml2), the catalogue read from folder names and the retention's
 * choice. No libvirt call: usable on any thread, tested without a host.
 */
#include "config.h"

#include "domus-domain-backup-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "domus-domain-clone-private.h"
#include "domus-xml.h"

#define INCR_SUFFIX "-incr"
/* 2026-12-06T09:30:00 */
#define DATE_LEN 19

DomusBackupOptions *
domus_backup_options_new (const char *target)
{
    DomusBackupOptions *options = g_new0 (DomusBackupOptions, 1);

    options->target = g_strdup (target);
    options->format = DOMUS_BACKUP_FORMAT_QCOW2;
    return options;
}

DomusBackupOptions *
domus_backup_options_copy (const DomusBackupOptions *options)
{
    DomusBackupOptions *copy = g_memdup2 (options, sizeof *options);

    copy->target = g_strdup (options->target);
    copy->exclude = g_strdupv (options->exclude);
    return copy;
}

void
domus_backup_options_free (DomusBackupOptions *options)
{
    if (options == NULL)
        return;
    g_free (options->target);
    g_strfreev (options->exclude);
    g_free (options);
}

void
domus_backup_disk_free (DomusBackupDisk *disk)
{
    if (disk == NULL)
        return;
    g_free (disk->target);
    g_free (disk->device);
    g_free (disk->source);
    g_free (disk->format);
    g_free (disk->why_not);
    g_free (disk);
}

void
domus_backup_entry_free (DomusBackupEntry *entry)
{
    if (entry == NULL)
        return;
    g_free (entry->folder);
    g_free (entry->path);
    g_clear_pointer (&entry->date, g_date_time_unref);
    g_free (entry->base);
    g_clear_pointer (&entry->files, g_ptr_array_unref);
    g_free (entry);
}

void
domus_backup_result_free (DomusBackupResult *result)
{
    if (result == NULL)
        return;
    g_free (result->path);
    g_free (result->full_why);
    g_clear_pointer (&result->disks, g_ptr_array_unref);
    g_clear_pointer (&result->removed, g_ptr_array_unref);
    g_free (result);
}

char *
domus_backup_folder_name (GDateTime *date, guint sequence, gboolean incremental)
{
    g_autoptr(GDateTime) local = g_date_time_to_local (date);
    g_autofree char *stamp = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S");
    g_autofree char *nth = sequence > 1 ? g_strdup_printf ("-%u", sequence) : g_strdup ("");

    return g_strconcat (stamp, nth, incremental ? INCR_SUFFIX : "", NULL);
}

/* "-N" (N from 2 to DOMUS_BACKUP_MAX_SEQUENCE, without leading zeros) at the start of
 * *REST: its N, with *REST moved past it; 1 where there is none; 0 where
 * it is wrong. */
static guint
parse_sequence (const char **rest)
{
    const char *digits = *rest + 1;
    char *end = NULL;
    guint64 n;

    if ((*rest)[0] != '-' || !g_ascii_isdigit (digits[0]))
        return 1;
    if (digits[0] == '0')
        return 0;
    n = g_ascii_strtoull (digits, &end, 10);
    if (n < 2 || n > DOMUS_BACKUP_MAX_SEQUENCE)
        return 0;
    *rest = end;
    return (guint) n;
}

gboolean
domus_backup_parse_folder_name (const char *name, GDateTime **date, guint *sequence,
                                gboolean *incremental)
{
    int y, mo, d, h, mi, s;
    const char *rest = name + DATE_LEN;
    guint nth;
    GDateTime *parsed;

    if (strlen (name) < DATE_LEN)
        return FALSE;
    for (size_t i = 0; i < DATE_LEN; i++) {
        gboolean digit = g_ascii_isdigit (name[i]);
        char sep = i == 4 || i == 7 ? '-' : i == 10 ? 'T' : i == 13 || i == 16 ? ':' : 0;

        if (sep != 0 ? name[i] != sep : !digit)
            return FALSE;
    }
    nth = parse_sequence (&rest);
    if (nth == 0 || (rest[0] != '\0' && !g_str_equal (rest, INCR_SUFFIX)))
        return FALSE;
    if (sscanf (name, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) < 6)
        return FALSE;
    parsed = g_date_time_new_local (y, mo, d, h, mi, s);
    if (parsed == NULL)
        return FALSE;
    if (date != NULL)
        *date = parsed;
    else
        g_date_time_unref (parsed);
    if (sequence != NULL)
        *sequence = nth;
    if (incremental != NULL)
        *incremental = rest[0] != '\0';
    return TRUE;
}

char *
domus_backup_folder_stamp (const char *folder)
{
    g_autoptr(GDateTime) date = NULL;
    g_autofree char *stamp = NULL;
    guint sequence;

    if (!domus_backup_parse_folder_name (folder, &date, &sequence, NULL))
        return NULL;
    stamp = g_date_time_format (date, "%Y%m%d-%H%M%S");
    if (sequence > 1)
        return g_strdup_printf ("%s-%u", stamp, sequence);
    return g_steal_pointer (&stamp);
}

char *
domus_backup_checkpoint_name (const char *folder)
{
    g_autofree char *stamp = domus_backup_folder_stamp (folder);

    return stamp != NULL ? g_strconcat (DOMUS_BACKUP_CHECKPOINT_PREFIX, stamp, NULL) : NULL;
}

GPtrArray *
domus_backup_disks_from_xml (const char *domain_xml, const char * const *exclude,
                             GError **error)
{
    g_autoptr(xmlDoc) doc = domus_xml_parse (domain_xml, error);
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(GPtrArray) nodes = NULL;
    g_autoptr(GPtrArray) disks = NULL;

    if (doc == NULL)
        return NULL;
    ctx = xmlXPathNewContext (doc);
    nodes = domus_xml_get_nodes (ctx, NULL, "/domain/devices/disk");
    disks = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_backup_disk_free);
    for (guint i = 0; i < nodes->len; i++) {
        xmlNodePtr node = nodes->pdata[i];
        DomusBackupDisk *disk = g_new0 (DomusBackupDisk, 1);

        disk->target = domus_xml_get_string (ctx, node, "string(target/@dev)");
        disk->device = domus_xml_get_string (ctx, node, "string(@device)");
        if (disk->device == NULL)
            disk->device = g_strdup ("disk");
        disk->source = domus_xml_get_string (ctx, node,
                                             "string(source/@file|source/@dev|source/@name)");
        disk->format = domus_xml_get_string (ctx, node, "string(driver/@type)");
        if (disk->target == NULL) {
            domus_backup_disk_free (disk);
            continue;
        }
        if (g_str_equal (disk->device, "cdrom") || g_str_equal (disk->device, "floppy"))
            disk->why_not = g_strdup (_("CD-ROM and floppy drives are not backed up"));
        else if (disk->source == NULL)
            disk->why_not = g_strdup (_("The drive is empty"));
        else if (exclude != NULL && g_strv_contains (exclude, disk->target))
            disk->why_not = g_strdup (_("Left out of the backup"));
        disk->backup = disk->why_not == NULL;
        g_ptr_array_add (disks, disk);
    }
    return g_steal_pointer (&disks);
}

char *
domus_backup_nvram_from_xml (const char *domain_xml)
{
    g_autoptr(xmlDoc) doc = domus_xml_parse (domain_xml, NULL);
    g_autoptr(xmlXPathContext) ctx = NULL;

    if (doc == NULL)
        return NULL;
    ctx = xmlXPathNewContext (doc);
    return domus_xml_get_string (ctx, NULL, "string(/domain/os/nvram)");
}

char *
domus_backup_incremental_why_not (GPtrArray *disks)
{
    for (guint i = 0; i < disks->len; i++) {
        DomusBackupDisk *disk = disks->pdata[i];

        if (disk->backup && g_strcmp0 (disk->format, "qcow2") != 0)
            /* Translators: %s is a disk such as vdb. */
            return g_strdup_printf (_("Disk %s is not a qcow2 image: only qcow2 images "
                                      "record which blocks changed, so every backup of "
                                      "this guest is full"), disk->target);
    }
    return NULL;
}

char *
domus_backup_image_name (const DomusBackupDisk *disk, DomusBackupFormat format)
{
    return g_strconcat (disk->target,
                        format == DOMUS_BACKUP_FORMAT_RAW ? ".img" : ".qcow2", NULL);
}

static xmlNodePtr
add_node (xmlNodePtr parent, const char *name, const char *text)
{
    return xmlNewTextChild (parent, NULL, (const xmlChar *) name, (const xmlChar *) text);
}

static void
add_prop (xmlNodePtr node, const char *name, const char *value)
{
    xmlNewProp (node, (const xmlChar *) name, (const xmlChar *) value);
}

static char *
doc_to_string (xmlDocPtr doc)
{
    return domus_xml_to_string (doc, xmlDocGetRootElement (doc));
}

char *
domus_backup_xml (GPtrArray *disks, const char *folder_path, DomusBackupFormat format,
                  const char *incremental)
{
    g_autoptr(xmlDoc) doc = xmlNewDoc ((const xmlChar *) "1.0");
    xmlNodePtr root = xmlNewNode (NULL, (const xmlChar *) "domainbackup");
    xmlNodePtr list;

    xmlDocSetRootElement (doc, root);
    add_prop (root, "mode", "push");
    if (incremental != NULL)
        add_node (root, "incremental", incremental);
    list = add_node (root, "disks", NULL);
    for (guint i = 0; i < disks->len; i++) {
        DomusBackupDisk *disk = disks->pdata[i];
        xmlNodePtr node = add_node (list, "disk", NULL);
        g_autofree char *image = NULL;
        g_autofree char *path = NULL;

        add_prop (node, "name", disk->target);
        if (!disk->backup) {
            add_prop (node, "backup", "no");
            continue;
        }
        image = domus_backup_image_name (disk, format);
        path = g_build_filename (folder_path, image, NULL);
        add_prop (node, "backup", "yes");
        add_prop (node, "type", "file");
        add_prop (add_node (node, "target", NULL), "file", path);
        add_prop (add_node (node, "driver", NULL), "type",
                  format == DOMUS_BACKUP_FORMAT_RAW ? "raw" : "qcow2");
    }
    return doc_to_string (doc);
}

char *
domus_backup_checkpoint_xml (const char *name, GPtrArray *disks)
{
    g_autoptr(xmlDoc) doc = xmlNewDoc ((const xmlChar *) "1.0");
    xmlNodePtr root = xmlNewNode (NULL, (const xmlChar *) "domaincheckpoint");
    xmlNodePtr list;

    xmlDocSetRootElement (doc, root);
    add_node (root, "name", name);
    list = add_node (root, "disks", NULL);
    for (guint i = 0; i < disks->len; i++) {
        DomusBackupDisk *disk = disks->pdata[i];
        xmlNodePtr node = add_node (list, "disk", NULL);

        add_prop (node, "name", disk->target);
        /* Only a qcow2 image can hold the bitmap of changed blocks. */
        add_prop (node, "checkpoint",
                  disk->backup && g_strcmp0 (disk->format, "qcow2") == 0 ? "bitmap" : "no");
    }
    return doc_to_string (doc);
}

static int
compare_entries (gconstpointer a, gconstpointer b)
{
    const DomusBackupEntry *ea = *(DomusBackupEntry * const *) a;
    const DomusBackupEntry *eb = *(DomusBackupEntry * const *) b;
    int by_date = g_date_time_compare (ea->date, eb->date);

    if (by_date != 0)
        return by_date;
    /* Within one second: in the order they were made. */
    if (ea->sequence != eb->sequence)
        return ea->sequence < eb->sequence ? -1 : 1;
    return (int) ea->incremental - (int) eb->incremental;
}

GPtrArray *
domus_backup_catalogue (const char * const *names, const char *guest_dir)
{
    GPtrArray *entries = g_ptr_array_new_with_free_func (
        (GDestroyNotify) domus_backup_entry_free);

    for (guint i = 0; names != NULL && names[i] != NULL; i++) {
        DomusBackupEntry *entry;
        GDateTime *date;
        guint sequence;
        gboolean incremental;

        if (!domus_backup_parse_folder_name (names[i], &date, &sequence, &incremental))
            continue;
        entry = g_new0 (DomusBackupEntry, 1);
        entry->folder = g_strdup (names[i]);
        entry->path = g_build_filename (guest_dir, names[i], NULL);
        entry->date = date;
        entry->sequence = sequence;
        entry->incremental = incremental;
        entry->files = g_ptr_array_new_with_free_func (g_free);
        g_ptr_array_add (entries, entry);
    }
    g_ptr_array_sort (entries, compare_entries);
    for (guint i = 1; i < entries->len; i++) {
        DomusBackupEntry *entry = entries->pdata[i];

        if (entry->incremental)
            entry->base = g_strdup (((DomusBackupEntry *) entries->pdata[i - 1])->folder);
    }
    return entries;
}

GPtrArray *
domus_backup_retention (GPtrArray *entries, guint keep)
{
    GPtrArray *remove = g_ptr_array_new_with_free_func (g_free);
    guint fulls = 0;
    guint first_kept = 0;

    if (keep == 0)
        return remove;
    /* Newest first: the KEEP-th full is where what remains begins. */
    for (guint i = entries->len; i > 0; i--) {
        DomusBackupEntry *entry = entries->pdata[i - 1];

        if (!entry->incremental && ++fulls == keep) {
            first_kept = i - 1;
            break;
        }
    }
    if (fulls < keep)
        return remove;
    for (guint i = 0; i < first_kept; i++)
        g_ptr_array_add (remove, g_strdup (((DomusBackupEntry *) entries->pdata[i])->folder));
    return remove;
}

/* A restored disk is a file in its pool, whatever it was. */
static void
make_file_disk (xmlXPathContextPtr ctx, const char *target, const char *path)
{
    g_autofree char *expr = g_strdup_printf ("/domain/devices/disk[target/@dev='%s']", target);
    g_autoptr(GPtrArray) disks = domus_xml_get_nodes (ctx, NULL, expr);

    for (guint i = 0; i < disks->len; i++) {
        xmlNodePtr disk = disks->pdata[i];
        g_autoptr(GPtrArray) sources = domus_xml_get_nodes (ctx, disk, "source");
        xmlNodePtr source = xmlNewNode (NULL, (const xmlChar *) "source");

        xmlSetProp (disk, (const xmlChar *) "type", (const xmlChar *) "file");
        add_prop (source, "file", path);
        if (sources->len > 0) {
            xmlReplaceNode (sources->pdata[0], source);
            xmlFreeNode (sources->pdata[0]);
        } else {
            xmlAddChild (disk, source);
        }
    }
}

char *
domus_backup_restore_xml (const char *domain_xml, const char *new_name,
                          const char * const *targets, const char * const *paths,
                          const char *nvram_path, GError **error)
{
    g_autoptr(GPtrArray) disks = domus_backup_disks_from_xml (domain_xml, NULL, error);
    g_autoptr(GPtrArray) clone_disks = NULL;
    g_autofree DomusCloneDisk *modes = NULL;
    g_autofree char *name = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    DomusClonePlan plan = { 0 };

    if (disks == NULL)
        return NULL;
    /* The clone's XML does the rest: new name, no UUID, MACs, ports, logs. */
    modes = g_new0 (DomusCloneDisk, disks->len);
    clone_disks = g_ptr_array_new ();
    for (guint i = 0; i < disks->len; i++) {
        DomusBackupDisk *disk = disks->pdata[i];

        if (g_strv_contains (targets, disk->target))
            modes[i].mode = DOMUS_CLONE_DISK_SHARE;   /* pointed at its file below */
        else if (g_str_equal (disk->device, "cdrom") || g_str_equal (disk->device, "floppy"))
            modes[i].mode = DOMUS_CLONE_DISK_SHARE;
        else
            modes[i].mode = DOMUS_CLONE_DISK_SKIP;
        g_ptr_array_add (clone_disks, &modes[i]);
    }
    {
        g_autoptr(xmlDoc) original = domus_xml_parse (domain_xml, error);
        g_autoptr(xmlXPathContext) octx = NULL;

        if (original == NULL)
            return NULL;
        octx = xmlXPathNewContext (original);
        name = domus_xml_get_string (octx, NULL, "string(/domain/name)");
    }
    plan.name = name != NULL ? name : (char *) "";
    plan.xml = (char *) domain_xml;
    plan.disks = clone_disks;
    xml = domus_clone_plan_to_xml (&plan, new_name, NULL, NULL, nvram_path, error);
    if (xml == NULL || (doc = domus_xml_parse (xml, error)) == NULL)
        return NULL;
    ctx = xmlXPathNewContext (doc);
    for (guint i = 0; targets[i] != NULL; i++)
        make_file_disk (ctx, targets[i], paths[i]);
    return domus_xml_to_string (doc, NULL);
}

char *
domus_backup_over_xml (const char *domain_xml, const char * const *targets,
                       const char * const *paths, GError **error)
{
    g_autoptr(xmlDoc) doc = domus_xml_parse (domain_xml, error);
    g_autoptr(xmlXPathContext) ctx = NULL;

    if (doc == NULL)
        return NULL;
    ctx = xmlXPathNewContext (doc);
    for (guint i = 0; targets[i] != NULL; i++)
        make_file_disk (ctx, targets[i], paths[i]);
    return domus_xml_to_string (doc, NULL);
}
