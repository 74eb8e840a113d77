/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pure side of migration: the Migrate dialog's choices as
 * virDomainMigrate3 flags and typed parameters, the disks a storage copy
 * moves, the job statistics as progress, and the sentences that say where
 * a guest is after a failure. No call here reaches a host.
 */
#include "config.h"

#include "domus-domain-migrate-private.h"

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-xml.h"

DomusMigrateOptions *
domus_migrate_options_new (void)
{
    DomusMigrateOptions *options = g_new0 (DomusMigrateOptions, 1);

    options->mode = DOMUS_MIGRATE_LIVE;
    options->transport = DOMUS_MIGRATE_DIRECT;
    options->storage = DOMUS_MIGRATE_STORAGE_SHARED;
    options->persistent = TRUE;
    return options;
}

DomusMigrateOptions *
domus_migrate_options_copy (const DomusMigrateOptions *options)
{
    DomusMigrateOptions *copy;

    g_return_val_if_fail (options != NULL, NULL);

    copy = g_memdup2 (options, sizeof *options);
    copy->address = g_strdup (options->address);
    copy->peer_uri = g_strdup (options->peer_uri);
    copy->pool = g_strdup (options->pool);
    return copy;
}

void
domus_migrate_options_free (DomusMigrateOptions *options)
{
    if (options == NULL)
        return;
    g_free (options->address);
    g_free (options->peer_uri);
    g_free (options->pool);
    g_free (options);
}

void
domus_migrate_host_free (DomusMigrateHost *host)
{
    if (host == NULL)
        return;
    g_free (host->host_uuid);
    g_free (host->hypervisor);
    g_free (host->arch);
    g_free (host);
}

void
domus_migrate_disk_free (DomusMigrateDisk *disk)
{
    if (disk == NULL)
        return;
    g_free (disk->target);
    g_free (disk->path);
    g_free (disk->format);
    g_free (disk->backing_path);
    g_free (disk->backing_format);
    g_free (disk);
}

static gboolean
refuse (GError **error, const char *message)
{
    g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, message);
    return FALSE;
}

static gboolean
check_options (const DomusMigrateOptions *o, GError **error)
{
    gboolean p2p = o->transport == DOMUS_MIGRATE_PEER_TO_PEER;
    gboolean copy = o->storage != DOMUS_MIGRATE_STORAGE_SHARED;

    if (o->tunnelled && !p2p)
        return refuse (error, _("Only a peer-to-peer migration can be tunnelled "
                                "through the hosts’ libvirt daemons."));
    if (o->tunnelled && copy)
        return refuse (error, _("A tunnelled migration cannot copy disks: choose shared "
                                "storage or a migration that is not tunnelled."));
    if (o->tunnelled && o->address != NULL)
        return refuse (error, _("A tunnelled migration goes through the libvirt daemons "
                                "and takes no migration address."));
    if (o->mode == DOMUS_MIGRATE_OFFLINE) {
        if (!o->persistent)
            return refuse (error, _("An offline migration moves the definition: the guest "
                                    "must be made persistent on the destination."));
        /* libvirt copies disks only live; Domus copies them itself,
         * talking to both hosts. */
        if (copy && p2p)
            return refuse (error, _("Domus copies the disks of a shut-off guest itself, "
                                    "talking to both hosts: choose the direct connection."));
        if (o->post_copy || o->auto_converge || o->compressed || o->bandwidth_mib > 0)
            return refuse (error, _("Post-copy, auto-converge, compression and a bandwidth "
                                    "limit apply to a live migration only."));
    }
    if (o->address != NULL && !g_str_equal (o->address, "") && strstr (o->address, ":") == NULL)
        return refuse (error, _("The migration address must be a URI such as "
                                "“tcp://10.0.0.2” or “tcp://10.0.0.2:49152”."));
    return TRUE;
}

gboolean
domus_migrate_options_check (const DomusMigrateOptions *options, GError **error)
{
    g_return_val_if_fail (options != NULL, FALSE);

    return check_options (options, error);
}

gboolean
domus_migrate_options_to_params (const DomusMigrateOptions *o, virTypedParameterPtr *params,
                                 int *nparams, unsigned int *flags, GError **error)
{
    virTypedParameterPtr p = NULL;
    int n = 0;
    int max = 0;
    unsigned int f = 0;

    g_return_val_if_fail (o != NULL, FALSE);

    *params = NULL;
    *nparams = 0;
    *flags = 0;
    if (!check_options (o, error))
        return FALSE;

    f |= o->mode == DOMUS_MIGRATE_LIVE ? VIR_MIGRATE_LIVE : VIR_MIGRATE_OFFLINE;
    if (o->transport == DOMUS_MIGRATE_PEER_TO_PEER)
        f |= VIR_MIGRATE_PEER2PEER;
    if (o->tunnelled)
        f |= VIR_MIGRATE_TUNNELLED;
    if (o->storage == DOMUS_MIGRATE_STORAGE_COPY_ALL)
        f |= VIR_MIGRATE_NON_SHARED_DISK;
    else if (o->storage == DOMUS_MIGRATE_STORAGE_COPY_TOP)
        f |= VIR_MIGRATE_NON_SHARED_INC;
    if (o->persistent)
        f |= VIR_MIGRATE_PERSIST_DEST;
    if (!o->keep_source)
        f |= VIR_MIGRATE_UNDEFINE_SOURCE;
    if (o->auto_converge)
        f |= VIR_MIGRATE_AUTO_CONVERGE;
    if (o->post_copy)
        f |= VIR_MIGRATE_POSTCOPY;
    if (o->compressed)
        f |= VIR_MIGRATE_COMPRESSED;
    if (o->allow_unsafe)
        f |= VIR_MIGRATE_UNSAFE;

    if ((o->address != NULL && o->address[0] != '\0' &&
         virTypedParamsAddString (&p, &n, &max, VIR_MIGRATE_PARAM_URI, o->address) < 0) ||
        (o->bandwidth_mib > 0 &&
         virTypedParamsAddULLong (&p, &n, &max, VIR_MIGRATE_PARAM_BANDWIDTH,
                                  o->bandwidth_mib) < 0)) {
        virTypedParamsFree (p, n);
        domus_set_error_from_libvirt (error, _("Preparing the migration failed"));
        return FALSE;
    }
    *params = p;
    *nparams = n;
    *flags = f;
    return TRUE;
}

char *
domus_migrate_peer_uri (const char *dest_uri)
{
    g_autoptr(GUri) uri = NULL;
    g_autofree char *scheme = NULL;

    g_return_val_if_fail (dest_uri != NULL, NULL);

    uri = g_uri_parse (dest_uri, G_URI_FLAGS_ENCODED, NULL);
    if (uri == NULL || strchr (g_uri_get_scheme (uri), '+') != NULL ||
        (g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0'))
        return g_strdup (dest_uri);
    scheme = g_strconcat (g_uri_get_scheme (uri), "+unix", NULL);
    return g_strconcat (scheme, dest_uri + strlen (g_uri_get_scheme (uri)), NULL);
}

GPtrArray *
domus_migrate_list_disks (const char *xml, DomusMigrateStorage storage, GError **error)
{
    g_autoptr(xmlDoc) doc = domus_xml_parse (xml, error);
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(GPtrArray) nodes = NULL;
    g_autoptr(GPtrArray) disks = g_ptr_array_new_with_free_func (
        (GDestroyNotify) domus_migrate_disk_free);

    if (doc == NULL)
        return NULL;
    if (storage == DOMUS_MIGRATE_STORAGE_SHARED)
        return g_steal_pointer (&disks);
    ctx = xmlXPathNewContext (doc);
    /* What libvirt copies: writable, unshared disks with a file behind them. */
    nodes = domus_xml_get_nodes (ctx, NULL,
                                 "/domain/devices/disk[@device='disk' or not(@device)]"
                                 "[not(readonly)][not(shareable)][source/@file]");
    for (guint i = 0; i < nodes->len; i++) {
        xmlNodePtr node = g_ptr_array_index (nodes, i);
        DomusMigrateDisk *disk = g_new0 (DomusMigrateDisk, 1);

        disk->target = domus_xml_get_string (ctx, node, "string(target/@dev)");
        disk->path = domus_xml_get_string (ctx, node, "string(source/@file)");
        disk->format = domus_xml_get_string (ctx, node, "string(driver/@type)");
        if (disk->format == NULL)
            disk->format = g_strdup ("raw");
        disk->backing_path = domus_xml_get_string (ctx, node,
                                                   "string(backingStore/source/@file)");
        disk->backing_format = domus_xml_get_string (ctx, node,
                                                     "string(backingStore/format/@type)");
        g_ptr_array_add (disks, disk);
    }
    return g_steal_pointer (&disks);
}

char *
domus_migrate_volume_xml (const DomusMigrateDisk *disk, const char *name, guint64 capacity,
                          gboolean top)
{
    g_autofree char *xname = g_markup_escape_text (name, -1);
    g_autofree char *xformat = g_markup_escape_text (disk->format, -1);
    g_autofree char *backing = NULL;

    if (top && disk->backing_path != NULL) {
        g_autofree char *xpath = g_markup_escape_text (disk->backing_path, -1);
        g_autofree char *xbformat = g_markup_escape_text (
            disk->backing_format != NULL ? disk->backing_format : "raw", -1);

        backing = g_strdup_printf ("  <backingStore>\n"
                                   "    <path>%s</path>\n"
                                   "    <format type='%s'/>\n"
                                   "  </backingStore>\n", xpath, xbformat);
    }
    return g_strdup_printf ("<volume>\n"
                            "  <name>%s</name>\n"
                            "  <capacity unit='bytes'>%" G_GUINT64_FORMAT "</capacity>\n"
                            "  <target>\n"
                            "    <format type='%s'/>\n"
                            "  </target>\n"
                            "%s"
                            "</volume>\n",
                            xname, capacity, xformat, backing != NULL ? backing : "");
}

char *
domus_migrate_rewrite_disks (const char *xml, GHashTable *moves, GError **error)
{
    g_autoptr(xmlDoc) doc = domus_xml_parse (xml, error);
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(GPtrArray) sources = NULL;

    if (doc == NULL)
        return NULL;
    ctx = xmlXPathNewContext (doc);
    sources = domus_xml_get_nodes (ctx, NULL, "/domain/devices/disk/source[@file]");
    for (guint i = 0; i < sources->len; i++) {
        xmlNodePtr source = g_ptr_array_index (sources, i);
        xmlChar *file = xmlGetProp (source, BAD_CAST "file");
        const char *to = g_hash_table_lookup (moves, (const char *) file);

        if (to != NULL)
            xmlSetProp (source, BAD_CAST "file", BAD_CAST to);
        xmlFree (file);
    }
    return domus_xml_to_string (doc, NULL);
}

static guint64
stat_ullong (virTypedParameterPtr params, int nparams, const char *name)
{
    unsigned long long value = 0;

    if (virTypedParamsGetULLong (params, nparams, name, &value) != 1)
        return 0;
    return value;
}

void
domus_migrate_progress_from_stats (virTypedParameterPtr params, int nparams,
                                   gboolean post_copy, DomusMigrateProgress *p)
{
    guint64 disk_total = stat_ullong (params, nparams, VIR_DOMAIN_JOB_DISK_TOTAL);
    guint64 disk_remaining = stat_ullong (params, nparams, VIR_DOMAIN_JOB_DISK_REMAINING);
    guint64 memory_processed = stat_ullong (params, nparams, VIR_DOMAIN_JOB_MEMORY_PROCESSED);
    guint64 page_size = stat_ullong (params, nparams, VIR_DOMAIN_JOB_MEMORY_PAGE_SIZE);

    memset (p, 0, sizeof *p);
    p->processed_bytes = stat_ullong (params, nparams, VIR_DOMAIN_JOB_DATA_PROCESSED);
    p->remaining_bytes = stat_ullong (params, nparams, VIR_DOMAIN_JOB_DATA_REMAINING);
    p->total_bytes = stat_ullong (params, nparams, VIR_DOMAIN_JOB_DATA_TOTAL);
    p->rate_bytes = stat_ullong (params, nparams, VIR_DOMAIN_JOB_MEMORY_BPS);
    p->dirty_rate_bytes = stat_ullong (params, nparams, VIR_DOMAIN_JOB_MEMORY_DIRTY_RATE) *
                          (page_size > 0 ? page_size : 4096);
    p->iterations = stat_ullong (params, nparams, VIR_DOMAIN_JOB_MEMORY_ITERATION);
    p->downtime_ms = stat_ullong (params, nparams, VIR_DOMAIN_JOB_DOWNTIME);
    p->elapsed_ms = stat_ullong (params, nparams, VIR_DOMAIN_JOB_TIME_ELAPSED);

    if (post_copy)
        p->phase = DOMUS_MIGRATE_PHASE_POST_COPY;
    else if (disk_total > 0 && (disk_remaining > 0 || memory_processed == 0))
        p->phase = DOMUS_MIGRATE_PHASE_STORAGE;
    else if (memory_processed > 0 || p->iterations > 0)
        p->phase = DOMUS_MIGRATE_PHASE_MEMORY;
    else
        p->phase = DOMUS_MIGRATE_PHASE_STARTING;
}

const char *
domus_migrate_phase_to_string (DomusMigratePhase phase)
{
    switch (phase) {
    case DOMUS_MIGRATE_PHASE_STARTING:
        return _("Starting");
    case DOMUS_MIGRATE_PHASE_STORAGE:
        return _("Copying disks");
    case DOMUS_MIGRATE_PHASE_MEMORY:
        return _("Copying memory");
    case DOMUS_MIGRATE_PHASE_POST_COPY:
        return _("Running on the destination, copying the rest of its memory");
    case DOMUS_MIGRATE_PHASE_COMPLETED:
        return _("Completed");
    default:
        g_return_val_if_reached (NULL);
    }
}

char *
domus_migrate_progress_describe (const DomusMigrateProgress *p)
{
    g_autofree char *processed = g_format_size (p->processed_bytes);
    g_autofree char *total = g_format_size (p->total_bytes);
    g_autofree char *rate = g_format_size (p->rate_bytes);
    g_autofree char *dirty = g_format_size (p->dirty_rate_bytes);

    g_return_val_if_fail (p != NULL, NULL);

    if (p->total_bytes == 0)
        return g_strdup (domus_migrate_phase_to_string (p->phase));
    /* Disks alone (before memory, or a shut-off guest's): no passes yet. */
    if (p->phase == DOMUS_MIGRATE_PHASE_STORAGE && p->iterations == 0)
        return p->rate_bytes > 0
               /* TRANSLATORS: "12.0 MB of 64.0 MB copied, 20.1 MB/s" */
               ? g_strdup_printf (_("%s of %s copied, %s/s"), processed, total, rate)
               /* TRANSLATORS: "12.0 MB of 64.0 MB copied" */
               : g_strdup_printf (_("%s of %s copied"), processed, total);
    /* TRANSLATORS: "12.0 MB of 64.0 MB, 1.0 MB/s, dirtying 4.1 kB/s, pass 2,
     * expected downtime 30 ms" */
    return g_strdup_printf (_("%s of %s, %s/s, dirtying %s/s, pass %llu, "
                              "expected downtime %llu ms"),
                            processed, total, rate, dirty,
                            (unsigned long long) p->iterations,
                            (unsigned long long) p->downtime_ms);
}

static char *
source_sentence (const char *name, const char *host, int state)
{
    switch (state) {
    case -1:
        return g_strdup_printf (_("“%s” is no longer on %s."), name, host);
    case VIR_DOMAIN_RUNNING:
    case VIR_DOMAIN_BLOCKED:
        return g_strdup_printf (_("“%s” is still running on %s."), name, host);
    case VIR_DOMAIN_PAUSED:
        return g_strdup_printf (_("“%s” is paused on %s."), name, host);
    default:
        return g_strdup_printf (_("“%s” is shut off on %s."), name, host);
    }
}

static char *
dest_sentence (const char *host, int state)
{
    switch (state) {
    case -1:
        return g_strdup_printf (_("Nothing was left on %s."), host);
    case VIR_DOMAIN_RUNNING:
    case VIR_DOMAIN_BLOCKED:
        return g_strdup_printf (_("It is running on %s."), host);
    case VIR_DOMAIN_PAUSED:
        return g_strdup_printf (_("It is paused on %s."), host);
    default:
        return g_strdup_printf (_("It is defined but shut off on %s."), host);
    }
}

char *
domus_migrate_describe_whereabouts (const char *name, const char *source_host,
                                    int source_state, const char *dest_host, int dest_state)
{
    g_autofree char *source = source_sentence (name, source_host, source_state);
    g_autofree char *dest = dest_sentence (dest_host, dest_state);

    return g_strconcat (source, " ", dest, NULL);
}

char *
domus_migrate_check_destination (const DomusMigrateHost *source, const DomusMigrateHost *dest)
{
    g_return_val_if_fail (source != NULL && dest != NULL, NULL);

    if (source->host_uuid != NULL && g_strcmp0 (source->host_uuid, dest->host_uuid) == 0)
        return g_strdup (_("It is the guest’s own host."));
    if (g_strcmp0 (source->hypervisor, dest->hypervisor) != 0)
        return g_strdup_printf (_("Its hypervisor is %s, not %s."),
                                dest->hypervisor != NULL ? dest->hypervisor : _("unknown"),
                                source->hypervisor != NULL ? source->hypervisor : _("unknown"));
    if (g_strcmp0 (source->arch, dest->arch) != 0)
        return g_strdup_printf (_("Its processors are %s, not %s."),
                                dest->arch != NULL ? dest->arch : _("unknown"),
                                source->arch != NULL ? source->arch : _("unknown"));
    /* Some drivers (the test driver) report no free memory at all. */
    if (dest->free_memory_kib > 0 && source->guest_memory_kib > dest->free_memory_kib) {
        g_autofree char *needed = g_format_size (source->guest_memory_kib * 1024);
        g_autofree char *free = g_format_size (dest->free_memory_kib * 1024);

        return g_strdup_printf (_("The guest needs %s of memory; it has %s free."),
                                needed, free);
    }
    return NULL;
}
