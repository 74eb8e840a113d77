/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The libxml2 helpers the domus-domain-details*.c files share (declared in
 * domus-domain-details-private.h): where a parse error is, the canonical
 * form that compares documents, and the small tree helpers that find,
 * insert and remove elements with their siblings' indentation and read and
 * write text and attributes. No DomusDomainDetails here: nodes and
 * documents only.
 */
#include "config.h"

#include "domus-domain-details-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/c14n.h>

/* libxml2's last error says on which line the text went wrong. */
void
domus_details_prefix_line (GError **error)
{
    const xmlError *err = xmlGetLastError ();

    /* Some of its messages say it already ("… Start Tag disk line 1"). */
    if (err != NULL && err->line > 0 && error != NULL && *error != NULL &&
        strstr ((*error)->message, "line") == NULL)
        g_prefix_error (error, _("line %d: "), err->line);
}

static void
strip_blanks (xmlNodePtr node)
{
    xmlNodePtr child = node->children;

    while (child != NULL) {
        xmlNodePtr next = child->next;

        if (child->type == XML_TEXT_NODE && xmlIsBlankNode (child)) {
            xmlUnlinkNode (child);
            xmlFreeNode (child);
        } else if (child->type == XML_ELEMENT_NODE) {
            strip_blanks (child);
        }
        child = next;
    }
}

char *
domus_details_canonical_doc (xmlDocPtr doc)
{
    xmlDocPtr copy = xmlCopyDoc (doc, 1);
    xmlChar *out = NULL;
    char *result;

    strip_blanks (xmlDocGetRootElement (copy));
    if (xmlC14NDocDumpMemory (copy, NULL, XML_C14N_1_0, NULL, 1, &out) < 0) {
        xmlFreeDoc (copy);
        return g_strdup ("");
    }
    result = g_strdup ((const char *) out);
    xmlFree (out);
    xmlFreeDoc (copy);
    return result;
}

xmlNodePtr
domus_details_child (xmlNodePtr parent, const char *name)
{
    if (parent == NULL)
        return NULL;
    for (xmlNodePtr c = parent->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && c->ns == NULL &&
            xmlStrEqual (c->name, BAD_CAST name))
            return c;
    }
    return NULL;
}

static xmlNodePtr
blank_before (xmlNodePtr node)
{
    if (node->prev != NULL && node->prev->type == XML_TEXT_NODE && xmlIsBlankNode (node->prev))
        return node->prev;
    return NULL;
}

/* The whitespace before NODE's children, or NULL if they are not indented. */
static char *
child_indent (xmlNodePtr parent)
{
    for (xmlNodePtr c = parent->children; c != NULL; c = c->next) {
        xmlNodePtr blank;

        if (c->type != XML_ELEMENT_NODE)
            continue;
        blank = blank_before (c);
        return blank != NULL ? (char *) xmlNodeGetContent (blank) : NULL;
    }
    /* No child yet: one step deeper than the parent. */
    if (blank_before (parent) != NULL) {
        g_autofree char *own = (char *) xmlNodeGetContent (blank_before (parent));

        return g_strconcat (own, "  ", NULL);
    }
    return NULL;
}

/* Puts NODE into PARENT after AFTER (or last when NULL), indented like its
 * siblings. */
void
domus_details_insert (xmlNodePtr parent, xmlNodePtr after, xmlNodePtr node)
{
    g_autofree char *indent = child_indent (parent);

    if (after != NULL) {
        xmlAddNextSibling (after, node);
        if (indent != NULL)
            xmlAddPrevSibling (node, xmlNewDocText (parent->doc, BAD_CAST indent));
        return;
    }
    if (parent->last != NULL && parent->last->type == XML_TEXT_NODE &&
        xmlIsBlankNode (parent->last)) {
        xmlAddPrevSibling (parent->last, node);
        if (indent != NULL)
            xmlAddPrevSibling (node, xmlNewDocText (parent->doc, BAD_CAST indent));
        return;
    }
    if (indent != NULL) {
        xmlNodePtr closing = blank_before (parent);

        xmlAddChild (parent, xmlNewDocText (parent->doc, BAD_CAST indent));
        xmlAddChild (parent, node);
        if (closing != NULL)
            xmlAddChild (parent, xmlCopyNode (closing, 1));
        return;
    }
    xmlAddChild (parent, node);
}

/* A new empty element NAME in PARENT after AFTER (or last). */
xmlNodePtr
domus_details_new_child (xmlNodePtr parent, xmlNodePtr after, const char *name)
{
    xmlNodePtr node = xmlNewDocNode (parent->doc, NULL, BAD_CAST name, NULL);

    domus_details_insert (parent, after, node);
    return node;
}

/* The child NAME of PARENT, made after the first of AFTER (a NULL-ended list
 * of names, the elements it usually follows) when missing. */
xmlNodePtr
domus_details_ensure_child (xmlNodePtr parent, const char *name, const char *const *after)
{
    xmlNodePtr node = domus_details_child (parent, name);
    xmlNodePtr ref = NULL;

    if (node != NULL)
        return node;
    for (guint i = 0; after != NULL && after[i] != NULL && ref == NULL; i++)
        ref = domus_details_child (parent, after[i]);
    return domus_details_new_child (parent, ref, name);
}

/* Takes NODE out of the tree with the whitespace before it. */
void
domus_details_remove (xmlNodePtr node)
{
    xmlNodePtr blank;

    if (node == NULL)
        return;
    blank = blank_before (node);
    if (blank != NULL) {
        xmlUnlinkNode (blank);
        xmlFreeNode (blank);
    }
    xmlUnlinkNode (node);
    xmlFreeNode (node);
}

/* An element with nothing left in it but blanks. */
gboolean
domus_details_is_empty (xmlNodePtr node)
{
    if (node->properties != NULL)
        return FALSE;
    for (xmlNodePtr c = node->children; c != NULL; c = c->next) {
        if (!(c->type == XML_TEXT_NODE && xmlIsBlankNode (c)))
            return FALSE;
    }
    return TRUE;
}

char *
domus_details_get_text (xmlNodePtr node)
{
    xmlChar *value;
    char *out;

    if (node == NULL)
        return NULL;
    value = xmlNodeGetContent (node);
    out = value != NULL && *value != '\0' ? g_strdup ((const char *) value) : NULL;
    xmlFree (value);
    return out;
}

void
domus_details_set_text (xmlNodePtr node, const char *text)
{
    while (node->children != NULL) {
        xmlNodePtr c = node->children;

        xmlUnlinkNode (c);
        xmlFreeNode (c);
    }
    xmlNodeAddContent (node, BAD_CAST text);
}

char *
domus_details_get_prop (xmlNodePtr node, const char *name)
{
    xmlChar *value;
    char *out;

    if (node == NULL)
        return NULL;
    value = xmlGetNoNsProp (node, BAD_CAST name);
    out = value != NULL ? g_strdup ((const char *) value) : NULL;
    xmlFree (value);
    return out;
}

void
domus_details_set_prop (xmlNodePtr node, const char *name, const char *value)
{
    if (value != NULL)
        xmlSetProp (node, BAD_CAST name, BAD_CAST value);
    else
        xmlUnsetProp (node, BAD_CAST name);
}
