/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small helpers over libxml2 for reading libvirt's XML (domains, pools,
 * volumes, capabilities): parse without network access, evaluate XPath to
 * strings or nodes. Pure data, no libvirt call: usable on any thread.
 */
#pragma once

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathObject, xmlXPathFreeObject)

/* Parses XML text (never fetching anything from the network). NULL with
 * G_MARKUP_ERROR_PARSE and libxml2's message when it is not well-formed. */
xmlDocPtr   domus_xml_parse           (const char *text,
                                       GError **error);
/* The string value of EXPR evaluated at NODE (the document's root when NULL),
 * or NULL when it is empty or matches nothing. */
char       *domus_xml_get_string      (xmlXPathContextPtr ctx,
                                       xmlNodePtr node,
                                       const char *expr);
/* The nodes EXPR matches at NODE (the root when NULL), in document order;
 * the array is empty when none match. The nodes belong to the document. */
GPtrArray  *domus_xml_get_nodes       (xmlXPathContextPtr ctx,
                                       xmlNodePtr node,
                                       const char *expr);
/* Adds the non-empty text content of every node EXPR matches to OUT (a
 * GPtrArray of g_free'd strings). */
void        domus_xml_collect_strings (xmlXPathContextPtr ctx,
                                       const char *expr,
                                       GPtrArray *out);
/* The document (or NODE and its children) as text, without XML declaration. */
char       *domus_xml_to_string       (xmlDocPtr doc,
                                       xmlNodePtr node);

G_END_DECLS
