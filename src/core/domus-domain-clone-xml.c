/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The clone's domain XML, made from the original's with libxml2's tree
 * API (never by replacing strings): a new name, no UUID, no MAC addresses
 * (libvirt picks new ones), disks pointed at their copies or left out,
 * the UEFI variables' copy, log files of its own. Pure data: any thread.
 */
#include "config.h"

#include "domus-domain-clone-private.h"

#include <string.h>

#include "domus-xml.h"

static void
remove_nodes (xmlXPathContextPtr ctx, const char *expr)
{
    g_autoptr(GPtrArray) nodes = domus_xml_get_nodes (ctx, NULL, expr);

    for (guint i = 0; i < nodes->len; i++) {
        xmlNodePtr node = g_ptr_array_index (nodes, i);

        if (node->type == XML_ATTRIBUTE_NODE) {
            xmlRemoveProp ((xmlAttrPtr) node);
        } else {
            xmlUnlinkNode (node);
            xmlFreeNode (node);
        }
    }
}

static void
set_child_text (xmlNodePtr parent, const char *name, const char *text)
{
    for (xmlNodePtr child = parent->children; child != NULL; child = child->next) {
        if (child->type == XML_ELEMENT_NODE && g_str_equal ((const char *) child->name, name)) {
            xmlNodeSetContent (child, NULL);
            xmlNodeAddContent (child, BAD_CAST text);
            return;
        }
    }
    xmlNewTextChild (parent, NULL, BAD_CAST name, BAD_CAST text);
}

/* "/var/log/web01.log" -> "/var/log/web01-clone.log" for a clone named
 * "web01-clone"; a file not named after the guest gets the new name added:
 * "/var/log/serial.log" -> "/var/log/serial-web01-clone.log". */
static char *
clone_file_path (const char *path, const char *old_name, const char *new_name)
{
    g_autofree char *dir = g_path_get_dirname (path);
    g_autofree char *base = g_path_get_basename (path);
    char *dot = strrchr (base, '.');
    g_autofree char *ext = NULL;
    g_autofree char *stem = NULL;
    const char *found;

    if (dot != NULL && dot != base && strlen (dot) <= 8) {
        ext = g_strdup (dot);
        *dot = '\0';
    }
    found = strstr (base, old_name);
    if (found != NULL)
        stem = g_strdup_printf ("%.*s%s%s", (int) (found - base), base, new_name,
                                found + strlen (old_name));
    else
        stem = g_strdup_printf ("%s-%s", base, new_name);
    return g_strdup_printf ("%s/%s%s", dir, stem, ext != NULL ? ext : "");
}

/* Serial and console logs would be written by both guests. */
static void
rename_log_files (xmlXPathContextPtr ctx, const char *old_name, const char *new_name)
{
    static const struct { const char *expr; const char *attr; } files[] = {
        { "/domain/devices/serial[@type='file']/source | "
          "/domain/devices/console[@type='file']/source", "path" },
        { "/domain/devices/serial/log | /domain/devices/console/log", "file" },
    };

    for (guint f = 0; f < G_N_ELEMENTS (files); f++) {
        g_autoptr(GPtrArray) nodes = domus_xml_get_nodes (ctx, NULL, files[f].expr);

        for (guint i = 0; i < nodes->len; i++) {
            xmlNodePtr node = g_ptr_array_index (nodes, i);
            xmlChar *path = xmlGetProp (node, BAD_CAST files[f].attr);

            if (path != NULL) {
                g_autofree char *renamed = clone_file_path ((const char *) path, old_name,
                                                            new_name);

                xmlSetProp (node, BAD_CAST files[f].attr, BAD_CAST renamed);
            }
            xmlFree (path);
        }
    }
}

/* Points a copied disk at its new volume. */
static void
point_disk_at (xmlXPathContextPtr ctx, xmlNodePtr disk, const char *path, const char *volume)
{
    g_autoptr(GPtrArray) sources = domus_xml_get_nodes (ctx, disk, "source");
    g_autoptr(GPtrArray) backing = domus_xml_get_nodes (ctx, disk, "backingStore");
    xmlChar *type = xmlGetProp (disk, BAD_CAST "type");
    xmlNodePtr source = sources->len > 0 ? g_ptr_array_index (sources, 0)
                                         : xmlNewChild (disk, NULL, BAD_CAST "source", NULL);

    if (g_strcmp0 ((const char *) type, "volume") == 0)
        xmlSetProp (source, BAD_CAST "volume", BAD_CAST volume);
    else if (g_strcmp0 ((const char *) type, "block") == 0)
        xmlSetProp (source, BAD_CAST "dev", BAD_CAST path);
    else
        xmlSetProp (source, BAD_CAST "file", BAD_CAST path);
    /* The copy stands alone: libvirt copies a chain into one image. */
    for (guint i = 0; i < backing->len; i++) {
        xmlUnlinkNode (g_ptr_array_index (backing, i));
        xmlFreeNode (g_ptr_array_index (backing, i));
    }
    xmlFree (type);
}

/* With NVRAM_PATH, the clone's variables are that copy; without, libvirt
 * names and makes them (from the template the original named, if any). */
static void
set_nvram (xmlXPathContextPtr ctx, const char *nvram_path)
{
    g_autoptr(GPtrArray) nodes = domus_xml_get_nodes (ctx, NULL, "/domain/os/nvram");
    xmlNodePtr nvram = nodes->len > 0 ? g_ptr_array_index (nodes, 0) : NULL;
    g_autoptr(GPtrArray) sources = NULL;
    xmlChar *template;

    if (nvram == NULL)
        return;
    if (nvram_path != NULL) {
        sources = domus_xml_get_nodes (ctx, nvram, "source");
        if (sources->len > 0) {
            xmlSetProp (g_ptr_array_index (sources, 0), BAD_CAST "file", BAD_CAST nvram_path);
        } else {
            xmlNodeSetContent (nvram, NULL);
            xmlNodeAddContent (nvram, BAD_CAST nvram_path);
        }
        return;
    }
    template = xmlGetProp (nvram, BAD_CAST "template");
    if (template != NULL) {
        xmlNodePtr fresh = xmlNewNode (NULL, BAD_CAST "nvram");

        xmlNewProp (fresh, BAD_CAST "template", template);
        xmlReplaceNode (nvram, fresh);
    } else {
        xmlUnlinkNode (nvram);
    }
    xmlFreeNode (nvram);
    xmlFree (template);
}

char *
domus_clone_plan_to_xml (const DomusClonePlan *plan, const char *new_name,
                         char **new_paths, char **new_volumes, const char *nvram_path,
                         GError **error)
{
    g_autoptr(xmlDoc) doc = domus_xml_parse (plan->xml, error);
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(GPtrArray) disks = NULL;
    g_autoptr(GPtrArray) graphics = NULL;

    if (doc == NULL)
        return NULL;
    ctx = xmlXPathNewContext (doc);
    set_child_text (xmlDocGetRootElement (doc), "name", new_name);
    /* libvirt gives a new UUID, new MAC addresses and a guest agent socket
     * of its own; the title named the original; a fixed display port
     * would clash. */
    remove_nodes (ctx, "/domain/uuid | /domain/title | "
                       "/domain/sysinfo/system/entry[@name='uuid'] | "
                       "/domain/devices/interface/mac | /domain/devices/interface/target | "
                       "/domain/devices/channel[@type='unix']"
                       "/source[contains(@path, ../target/@name)]/@path");
    graphics = domus_xml_get_nodes (ctx, NULL, "/domain/devices/graphics[@port != '-1']");
    for (guint i = 0; i < graphics->len; i++) {
        xmlNodePtr node = g_ptr_array_index (graphics, i);

        xmlUnsetProp (node, BAD_CAST "port");
        xmlUnsetProp (node, BAD_CAST "tlsPort");
        xmlUnsetProp (node, BAD_CAST "websocket");
        xmlSetProp (node, BAD_CAST "autoport", BAD_CAST "yes");
    }

    disks = domus_xml_get_nodes (ctx, NULL, "/domain/devices/disk");
    for (guint i = 0; i < disks->len && i < plan->disks->len; i++) {
        const DomusCloneDisk *disk = g_ptr_array_index (plan->disks, i);
        xmlNodePtr node = g_ptr_array_index (disks, i);

        if (disk->mode == DOMUS_CLONE_DISK_SKIP) {
            xmlUnlinkNode (node);
            xmlFreeNode (node);
        } else if (disk->mode == DOMUS_CLONE_DISK_COPY) {
            point_disk_at (ctx, node, new_paths[i], new_volumes[i]);
        }
    }
    set_nvram (ctx, nvram_path);
    rename_log_files (ctx, plan->name, new_name);
    return domus_xml_to_string (doc, NULL);
}
