/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small helpers over libxml2 for reading libvirt's XML. No libvirt call and
 * no global state beyond libxml2's own: safe on the connection workers.
 */
#include "config.h"

#include "domus-xml.h"

#include <string.h>
#include <libxml/xmlsave.h>

xmlDocPtr
domus_xml_parse (const char *text, GError **error)
{
    xmlDocPtr doc;

    g_return_val_if_fail (text != NULL, NULL);

    doc = xmlReadMemory (text, (int) strlen (text), "libvirt.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL || xmlDocGetRootElement (doc) == NULL) {
        const xmlError *err = xmlGetLastError ();
        g_autofree char *message = err != NULL && err->message != NULL
                                   ? g_strstrip (g_strdup (err->message)) : NULL;

        g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE,
                     "%s", message != NULL ? message : "empty document");
        if (doc != NULL)
            xmlFreeDoc (doc);
        return NULL;
    }
    return doc;
}

static xmlXPathObjectPtr
eval_at (xmlXPathContextPtr ctx, xmlNodePtr node, const char *expr)
{
    ctx->node = node != NULL ? node : xmlDocGetRootElement (ctx->doc);
    return xmlXPathEvalExpression ((const xmlChar *) expr, ctx);
}

char *
domus_xml_get_string (xmlXPathContextPtr ctx, xmlNodePtr node, const char *expr)
{
    g_autoptr(xmlXPathObject) obj = NULL;
    xmlChar *value;
    char *out = NULL;

    g_return_val_if_fail (ctx != NULL && expr != NULL, NULL);

    obj = eval_at (ctx, node, expr);
    if (obj == NULL)
        return NULL;
    value = xmlXPathCastToString (obj);
    if (value != NULL && *value != '\0')
        out = g_strdup ((const char *) value);
    xmlFree (value);
    return out;
}

GPtrArray *
domus_xml_get_nodes (xmlXPathContextPtr ctx, xmlNodePtr node, const char *expr)
{
    g_autoptr(xmlXPathObject) obj = NULL;
    GPtrArray *out = g_ptr_array_new ();

    g_return_val_if_fail (ctx != NULL && expr != NULL, out);

    obj = eval_at (ctx, node, expr);
    if (obj != NULL && obj->type == XPATH_NODESET && obj->nodesetval != NULL) {
        for (int i = 0; i < obj->nodesetval->nodeNr; i++)
            g_ptr_array_add (out, obj->nodesetval->nodeTab[i]);
    }
    return out;
}

void
domus_xml_collect_strings (xmlXPathContextPtr ctx, const char *expr, GPtrArray *out)
{
    g_autoptr(GPtrArray) nodes = domus_xml_get_nodes (ctx, NULL, expr);

    for (guint i = 0; i < nodes->len; i++) {
        xmlChar *value = xmlNodeGetContent (g_ptr_array_index (nodes, i));

        if (value != NULL && *value != '\0')
            g_ptr_array_add (out, g_strdup ((const char *) value));
        xmlFree (value);
    }
}

char *
domus_xml_to_string (xmlDocPtr doc, xmlNodePtr node)
{
    xmlBufferPtr buf = xmlBufferCreate ();
    xmlSaveCtxtPtr save;
    char *out;

    g_return_val_if_fail (doc != NULL, NULL);

    save = xmlSaveToBuffer (buf, "UTF-8", XML_SAVE_FORMAT | XML_SAVE_NO_DECL);
    if (node != NULL)
        xmlSaveTree (save, node);
    else
        xmlSaveDoc (save, doc);
    xmlSaveClose (save);
    out = g_strdup ((const char *) xmlBufferContent (buf));
    xmlBufferFree (buf);
    return out;
}
