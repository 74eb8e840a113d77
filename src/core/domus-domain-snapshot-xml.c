/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pure side of snapshots: a snapshot's kind and state from its XML,
 * which kinds a guest can take and revert to from its domain XML and the
 * host's libvirt version, the names libvirt accepts, and the XML libvirt
 * is given (built as a tree: names and descriptions are the admin's text).
 * No libvirt call: usable on any thread, tested without a host.
 */
#include "config.h"

#include "domus-domain-snapshot-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-xml.h"

/* libvirt 9.7 reverts to external snapshots; older ones refuse ("revert to
 * external snapshot not supported yet"). */
#define LIBVIRT_REVERTS_EXTERNAL 9007000
/* From libvirt 9.2, internal snapshots of a UEFI guest are refused even
 * while it is shut off (9.0 takes them, without the NVRAM). */
#define LIBVIRT_REFUSES_OFFLINE_PFLASH 9002000
/* libvirt keeps a snapshot's metadata in NAME.xml, written through
 * NAME.xml.new: a longer name fails with "unable to save metadata". */
#define NAME_MAX_BYTES 247

void
domus_snapshot_info_free (DomusSnapshotInfo *info)
{
    if (info == NULL)
        return;
    g_free (info->name);
    g_free (info->parent);
    g_free (info->description);
    g_free (info->memory_file);
    g_free (info);
}

void
domus_snapshot_abilities_free (DomusSnapshotAbilities *abilities)
{
    if (abilities == NULL)
        return;
    for (guint i = 0; i < DOMUS_N_SNAPSHOT_KINDS; i++) {
        g_free (abilities->why_not[i]);
        g_free (abilities->revert_why_not[i]);
    }
    g_free (abilities->quiesce_why_not);
    g_free (abilities->memory_dir);
    g_free (abilities->libvirt_version);
    g_free (abilities);
}

void
domus_snapshot_request_free (DomusSnapshotRequest *request)
{
    if (request == NULL)
        return;
    g_free (request->name);
    g_free (request->description);
    g_free (request->memory_file);
    g_free (request);
}

const char *
domus_snapshot_kind_to_string (DomusSnapshotKind kind)
{
    switch (kind) {
    case DOMUS_SNAPSHOT_KIND_INTERNAL:
        return C_("snapshot kind", "Internal");
    case DOMUS_SNAPSHOT_KIND_EXTERNAL:
        return C_("snapshot kind", "External");
    case DOMUS_SNAPSHOT_KIND_DISK_ONLY:
    case DOMUS_N_SNAPSHOT_KINDS:
    default:
        return C_("snapshot kind", "Disks only");
    }
}

char *
domus_snapshot_check_name (const char *name, const char *const *existing)
{
    g_return_val_if_fail (name != NULL, NULL);

    if (*name == '\0')
        return g_strdup (_("Enter a name for the snapshot."));
    if (!g_utf8_validate (name, -1, NULL))
        return g_strdup (_("The name is not valid text."));
    if (strchr (name, '/') != NULL)
        return g_strdup (_("Names cannot contain “/”."));
    for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p)) {
        if (g_unichar_iscntrl (g_utf8_get_char (p)))
            return g_strdup (_("Names cannot contain line breaks or other control "
                               "characters."));
    }
    if (strlen (name) > NAME_MAX_BYTES)
        return g_strdup_printf (_("The name is too long: libvirt keeps at most %d bytes."),
                                NAME_MAX_BYTES);
    if (existing != NULL && g_strv_contains (existing, name))
        return g_strdup_printf (_("A snapshot called “%s” exists already."), name);
    return NULL;
}

/* ---- what a guest can do --------------------------------------------------- */

static char *
version_string (unsigned long v)
{
    return g_strdup_printf ("%lu.%lu.%lu", v / 1000000, (v / 1000) % 1000, v % 1000);
}

/* Why the guest's disks rule out KIND, or NULL. Disks that are read-only
 * (CD-ROMs, floppies, <readonly/>) take no snapshot and do not count. */
static char *
disks_why_not (xmlXPathContextPtr ctx, DomusSnapshotKind kind, guint *n_writable)
{
    g_autoptr(GPtrArray) disks = domus_xml_get_nodes (ctx, NULL, "/domain/devices/disk");

    *n_writable = 0;
    for (guint i = 0; i < disks->len; i++) {
        xmlNodePtr disk = g_ptr_array_index (disks, i);
        g_autofree char *device = domus_xml_get_string (ctx, disk, "@device");
        g_autofree char *type = domus_xml_get_string (ctx, disk, "@type");
        g_autofree char *format = domus_xml_get_string (ctx, disk, "driver/@type");
        g_autofree char *target = domus_xml_get_string (ctx, disk, "target/@dev");
        g_autofree char *readonly = domus_xml_get_string (ctx, disk, "name(readonly)");
        g_autofree char *protocol = domus_xml_get_string (ctx, disk, "source/@protocol");

        if ((device != NULL && !g_str_equal (device, "disk")) || readonly != NULL)
            continue;
        (*n_writable)++;
        if (kind == DOMUS_SNAPSHOT_KIND_INTERNAL) {
            /* No format in the XML: the driver decides (the test driver). */
            if (format != NULL && !g_str_equal (format, "qcow2"))
                return g_strdup_printf (_("Internal snapshots need every disk in qcow2 "
                                          "format; “%s” is %s. Take an external snapshot "
                                          "instead."),
                                        target ? target : "?", format);
        } else if (g_strcmp0 (type, "network") == 0) {
            return g_strdup_printf (_("External snapshots need disks in local files or "
                                      "block devices; “%s” is on the network (%s)."),
                                    target ? target : "?", protocol ? protocol : "?");
        }
    }
    return NULL;
}

/* The directory of the first writable file disk: a memory file beside it
 * lands where the admin keeps this guest's data. */
static char *
first_disk_dir (xmlXPathContextPtr ctx)
{
    g_autofree char *file = domus_xml_get_string (
        ctx, NULL, "/domain/devices/disk[@type='file' and (not(@device) or @device='disk')"
                   " and not(readonly)]/source/@file");

    return file != NULL && g_path_is_absolute (file) ? g_path_get_dirname (file) : NULL;
}

DomusSnapshotAbilities *
domus_snapshot_abilities_from_xml (const char *domain_xml, gboolean active,
                                   unsigned long libvirt_version, GError **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(DomusSnapshotAbilities) a = NULL;
    g_autofree char *loader = NULL;
    g_autofree char *firmware = NULL;
    g_autofree char *agent = NULL;
    g_autofree char *agent_state = NULL;
    guint n_writable;

    g_return_val_if_fail (domain_xml != NULL, NULL);

    if ((doc = domus_xml_parse (domain_xml, error)) == NULL)
        return NULL;
    ctx = xmlXPathNewContext (doc);
    a = g_new0 (DomusSnapshotAbilities, 1);
    a->active = active;
    a->libvirt_version = version_string (libvirt_version);
    a->memory_dir = first_disk_dir (ctx);

    /* Internal: qcow2 disks, and no pflash firmware while it runs. */
    a->why_not[DOMUS_SNAPSHOT_KIND_INTERNAL] =
        disks_why_not (ctx, DOMUS_SNAPSHOT_KIND_INTERNAL, &n_writable);
    loader = domus_xml_get_string (ctx, NULL, "/domain/os/loader/@type");
    firmware = domus_xml_get_string (ctx, NULL, "/domain/os/@firmware");
    if (a->why_not[DOMUS_SNAPSHOT_KIND_INTERNAL] == NULL &&
        (g_strcmp0 (loader, "pflash") == 0 || g_strcmp0 (firmware, "efi") == 0)) {
        if (active)
            a->why_not[DOMUS_SNAPSHOT_KIND_INTERNAL] =
                g_strdup (_("libvirt cannot take internal snapshots of a running UEFI "
                            "guest (its firmware is in a pflash device). Take an external "
                            "snapshot, or shut the guest down first."));
        else if (libvirt_version >= LIBVIRT_REFUSES_OFFLINE_PFLASH)
            a->why_not[DOMUS_SNAPSHOT_KIND_INTERNAL] =
                g_strdup_printf (_("This host’s libvirt (%s) takes no internal snapshots "
                                   "of UEFI guests. Take an external snapshot instead."),
                                 a->libvirt_version);
    }

    /* External: local disks; the memory needs a running guest. */
    a->why_not[DOMUS_SNAPSHOT_KIND_DISK_ONLY] =
        disks_why_not (ctx, DOMUS_SNAPSHOT_KIND_DISK_ONLY, &n_writable);
    if (a->why_not[DOMUS_SNAPSHOT_KIND_DISK_ONLY] == NULL && n_writable == 0)
        a->why_not[DOMUS_SNAPSHOT_KIND_DISK_ONLY] =
            g_strdup (_("The guest has no writable disk to take a snapshot of."));
    if (!active)
        a->why_not[DOMUS_SNAPSHOT_KIND_EXTERNAL] =
            g_strdup (_("Only a running or paused guest has memory to save."));
    else
        a->why_not[DOMUS_SNAPSHOT_KIND_EXTERNAL] =
            disks_why_not (ctx, DOMUS_SNAPSHOT_KIND_EXTERNAL, &n_writable);

    /* Quiescing asks the guest agent to freeze the file systems. */
    agent = domus_xml_get_string (
        ctx, NULL, "name(/domain/devices/channel/target[@name='org.qemu.guest_agent.0'])");
    agent_state = domus_xml_get_string (
        ctx, NULL, "/domain/devices/channel/target[@name='org.qemu.guest_agent.0']/@state");
    if (!active)
        a->quiesce_why_not = g_strdup (_("Only a running guest’s file systems can be "
                                         "frozen."));
    else if (agent == NULL)
        a->quiesce_why_not = g_strdup (_("The guest has no QEMU guest agent channel."));
    else if (g_strcmp0 (agent_state, "connected") != 0)
        a->quiesce_why_not = g_strdup (_("The QEMU guest agent in the guest is not "
                                         "connected."));

    if (libvirt_version < LIBVIRT_REVERTS_EXTERNAL) {
        for (guint k = DOMUS_SNAPSHOT_KIND_EXTERNAL; k < DOMUS_N_SNAPSHOT_KINDS; k++)
            a->revert_why_not[k] =
                g_strdup_printf (_("This host’s libvirt (%s) cannot revert to external "
                                   "snapshots; that needs libvirt 9.7 or later."),
                                 a->libvirt_version);
    }
    return g_steal_pointer (&a);
}

/* ---- reading snapshots ------------------------------------------------------- */

static DomusDomainState
state_from_string (const char *state)
{
    static const char *const names[] = {
        "nostate", "running", "blocked", "paused", "shutdown", "shutoff", "crashed",
        "pmsuspended",
    };

    for (guint i = 0; state != NULL && i < G_N_ELEMENTS (names); i++) {
        if (g_str_equal (state, names[i]))
            return (DomusDomainState) i;
    }
    /* "disk-snapshot": libvirt does not record the guest's state. */
    return DOMUS_DOMAIN_STATE_NOSTATE;
}

DomusSnapshotInfo *
domus_snapshot_info_from_xml (const char *xml, GError **error)
{
    g_autoptr(xmlDoc) doc = domus_xml_parse (xml, error);
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(DomusSnapshotInfo) info = NULL;
    g_autofree char *state = NULL;
    g_autofree char *created = NULL;
    g_autofree char *memory = NULL;
    g_autofree char *external_disk = NULL;

    if (doc == NULL)
        return NULL;
    ctx = xmlXPathNewContext (doc);
    info = g_new0 (DomusSnapshotInfo, 1);
    info->name = domus_xml_get_string (ctx, NULL, "/domainsnapshot/name");
    info->parent = domus_xml_get_string (ctx, NULL, "/domainsnapshot/parent/name");
    info->description = domus_xml_get_string (ctx, NULL, "/domainsnapshot/description");
    state = domus_xml_get_string (ctx, NULL, "/domainsnapshot/state");
    info->state = state_from_string (state);
    created = domus_xml_get_string (ctx, NULL, "/domainsnapshot/creationTime");
    info->creation_time = created ? g_ascii_strtoll (created, NULL, 10) : 0;
    memory = domus_xml_get_string (ctx, NULL, "/domainsnapshot/memory/@snapshot");
    info->memory_file = domus_xml_get_string (ctx, NULL, "/domainsnapshot/memory/@file");
    external_disk = domus_xml_get_string (
        ctx, NULL, "name(/domainsnapshot/disks/disk[@snapshot='external'])");

    if (g_strcmp0 (memory, "external") == 0 ||
        (memory == NULL && info->memory_file != NULL))
        info->kind = DOMUS_SNAPSHOT_KIND_EXTERNAL;
    else if (external_disk != NULL || g_strcmp0 (state, "disk-snapshot") == 0)
        info->kind = DOMUS_SNAPSHOT_KIND_DISK_ONLY;
    else
        info->kind = DOMUS_SNAPSHOT_KIND_INTERNAL;
    info->has_memory = (info->state == DOMUS_DOMAIN_STATE_RUNNING ||
                        info->state == DOMUS_DOMAIN_STATE_PAUSED ||
                        info->state == DOMUS_DOMAIN_STATE_BLOCKED) &&
                       g_strcmp0 (memory, "no") != 0;
    if (info->name == NULL) {
        g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                             _("libvirt described a snapshot without a name"));
        return NULL;
    }
    return g_steal_pointer (&info);
}

/* ---- what libvirt is given ------------------------------------------------ */

/* The snapshot's XML for libvirt, built as a tree (names and descriptions
 * are the admin's text: never pasted into markup). */
char *
domus_snapshot_request_to_xml (const DomusSnapshotRequest *request)
{
    g_autoptr(xmlDoc) doc = xmlNewDoc ((const xmlChar *) "1.0");
    xmlNodePtr root = xmlNewNode (NULL, (const xmlChar *) "domainsnapshot");

    xmlDocSetRootElement (doc, root);
    xmlNewTextChild (root, NULL, (const xmlChar *) "name", (const xmlChar *) request->name);
    if (request->description != NULL && *request->description != '\0')
        xmlNewTextChild (root, NULL, (const xmlChar *) "description",
                         (const xmlChar *) request->description);
    if (request->kind == DOMUS_SNAPSHOT_KIND_EXTERNAL) {
        xmlNodePtr memory = xmlNewChild (root, NULL, (const xmlChar *) "memory", NULL);

        xmlNewProp (memory, (const xmlChar *) "snapshot", (const xmlChar *) "external");
        xmlNewProp (memory, (const xmlChar *) "file", (const xmlChar *) request->memory_file);
    }
    /* Disks follow libvirt's defaults: external beside an external memory
     * file (overlays named after the snapshot), none for read-only ones. */
    return domus_xml_to_string (doc, NULL);
}

/* The snapshot's own XML with its description replaced: everything else
 * (the guest's definition inside it, the disks) stays as libvirt wrote it. */
char *
domus_snapshot_xml_with_description (const char *xml, const char *description,
                                     GError **error)
{
    g_autoptr(xmlDoc) doc = domus_xml_parse (xml, error);
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(GPtrArray) old = NULL;
    g_autoptr(GPtrArray) name = NULL;
    xmlNodePtr root, node;

    if (doc == NULL)
        return NULL;
    ctx = xmlXPathNewContext (doc);
    old = domus_xml_get_nodes (ctx, NULL, "/domainsnapshot/description");
    for (guint i = 0; i < old->len; i++) {
        xmlUnlinkNode (g_ptr_array_index (old, i));
        xmlFreeNode (g_ptr_array_index (old, i));
    }
    if (description == NULL || *description == '\0')
        return domus_xml_to_string (doc, NULL);
    root = xmlDocGetRootElement (doc);
    node = xmlNewDocNode (doc, NULL, (const xmlChar *) "description", NULL);
    xmlNodeAddContent (node, (const xmlChar *) description);
    /* After the name, where libvirt puts it. */
    name = domus_xml_get_nodes (ctx, NULL, "/domainsnapshot/name");
    if (name->len > 0)
        xmlAddNextSibling (g_ptr_array_index (name, 0), node);
    else
        xmlAddChild (root, node);
    return domus_xml_to_string (doc, NULL);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Names (sorted here) and the current one, hashed. */
char *
domus_snapshot_fingerprint (GPtrArray *names, const char *current)
{
    g_autoptr(GString) all = g_string_new (NULL);

    g_ptr_array_sort (names, compare_names);
    for (guint i = 0; i < names->len; i++)
        g_string_append_printf (all, "%s%c", (char *) g_ptr_array_index (names, i), 0);
    g_string_append_printf (all, "%c%s", 1, current ? current : "");
    return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) all->str,
                                        all->len);
}
