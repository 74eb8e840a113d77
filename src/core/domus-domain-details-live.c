/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The running guest's own copy of a device to detach. The saved definition
 * and the live one give a device different PCI addresses when it was
 * hot-plugged (libvirt addresses each separately), and some kinds
 * (watchdog, NIC) are detached only when the address matches the live
 * one; so a detach names the live device: the one with the same disk
 * target or MAC, else the first of its element whose every attribute,
 * element and text the saved device has too (libvirt adds aliases,
 * addresses, pty paths and defaults to the live one).
 */
#include "config.h"

#include "domus-domain-details-private.h"

#include <string.h>

/* Whether everything of SAVED (but its address and alias) is in LIVE. */
static gboolean
covers (xmlNodePtr live, xmlNodePtr saved)
{
    if (!xmlStrEqual (live->name, saved->name))
        return FALSE;
    for (xmlAttrPtr a = saved->properties; a != NULL; a = a->next) {
        g_autofree char *want = domus_details_get_prop (saved, (const char *) a->name);
        g_autofree char *have = domus_details_get_prop (live, (const char *) a->name);

        if (g_strcmp0 (want, have) != 0)
            return FALSE;
    }
    for (xmlNodePtr c = saved->children; c != NULL; c = c->next) {
        gboolean found = FALSE;

        if (c->type == XML_TEXT_NODE && !xmlIsBlankNode (c)) {
            g_autofree char *want = domus_details_get_text (saved);
            g_autofree char *have = domus_details_get_text (live);

            if (g_strcmp0 (want, have) != 0)
                return FALSE;
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || xmlStrEqual (c->name, BAD_CAST "address") ||
            xmlStrEqual (c->name, BAD_CAST "alias"))
            continue;
        for (xmlNodePtr l = live->children; l != NULL && !found; l = l->next)
            found = l->type == XML_ELEMENT_NODE && covers (l, c);
        if (!found)
            return FALSE;
    }
    return TRUE;
}

char *
domus_details_live_device_xml (const char *live_xml, const char *device_xml)
{
    g_autoptr(DomusDomainDetails) live = live_xml != NULL
                                         ? domus_domain_details_new (live_xml, NULL) : NULL;
    g_autoptr(xmlDoc) doc = device_xml != NULL ? domus_xml_parse (device_xml, NULL) : NULL;
    g_autoptr(GPtrArray) nodes = NULL;
    g_autofree char *key = NULL;
    xmlNodePtr saved;
    DomusDeviceKind kind;

    if (live == NULL || doc == NULL)
        return NULL;
    saved = xmlDocGetRootElement (doc);
    kind = domus_details_device_kind (saved);
    nodes = domus_details_devices (live, kind);
    if (kind == DOMUS_DEVICE_DISK || kind == DOMUS_DEVICE_INTERFACE)
        key = domus_details_device_key (saved, 0);
    for (guint i = 0; i < nodes->len; i++) {
        xmlNodePtr node = g_ptr_array_index (nodes, i);
        gboolean same;

        if (key != NULL && strchr (key, ':') != NULL) {
            g_autofree char *other = domus_details_device_key (node, i);

            same = g_str_equal (key, other);
        } else {
            same = covers (node, saved);
        }
        if (same)
            return domus_xml_to_string (node->doc, node);
    }
    return NULL;
}
