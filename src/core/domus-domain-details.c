/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusDomainDetails: the domain XML of one guest, edited in place with
 * libxml2's tree API. Every setter finds or makes the one element or
 * attribute it owns and leaves everything else as it was: unknown elements,
 * attributes, comments and other tools' metadata go back to libvirt
 * untouched. New elements take their siblings' indentation so the XML tab
 * stays readable. The general pages are here; the devices are in
 * domus-domain-details-devices.c, the inline checks in
 * domus-domain-details-checks.c, the tree helpers and the canonical form
 * in domus-domain-details-tree.c.
 */
#include "config.h"

#include "domus-domain-details-private.h"

#include <glib/gi18n-lib.h>

struct _DomusDomainDetails {
    GObject parent_instance;

    xmlDocPtr doc;
};

G_DEFINE_FINAL_TYPE (DomusDomainDetails, domus_domain_details, G_TYPE_OBJECT)

static void
domus_domain_details_finalize (GObject *object)
{
    DomusDomainDetails *self = DOMUS_DOMAIN_DETAILS (object);

    g_clear_pointer (&self->doc, xmlFreeDoc);
    G_OBJECT_CLASS (domus_domain_details_parent_class)->finalize (object);
}

static void
domus_domain_details_class_init (DomusDomainDetailsClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = domus_domain_details_finalize;
}

static void
domus_domain_details_init (DomusDomainDetails *self)
{
}

DomusDomainDetails *
domus_domain_details_new (const char *xml, GError **error)
{
    DomusDomainDetails *self;
    xmlDocPtr doc;

    g_return_val_if_fail (xml != NULL, NULL);

    doc = domus_xml_parse (xml, error);
    if (doc == NULL) {
        domus_details_prefix_line (error);
        return NULL;
    }
    if (!xmlStrEqual (xmlDocGetRootElement (doc)->name, BAD_CAST "domain")) {
        g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                     _("The document is not a domain: its root element is <%s>."),
                     (const char *) xmlDocGetRootElement (doc)->name);
        xmlFreeDoc (doc);
        return NULL;
    }
    self = g_object_new (DOMUS_TYPE_DOMAIN_DETAILS, NULL);
    self->doc = doc;
    return self;
}

DomusDomainDetails *
domus_domain_details_copy (DomusDomainDetails *self)
{
    DomusDomainDetails *copy;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), NULL);

    copy = g_object_new (DOMUS_TYPE_DOMAIN_DETAILS, NULL);
    copy->doc = xmlCopyDoc (self->doc, 1);
    return copy;
}

xmlDocPtr
domus_domain_details_get_doc (DomusDomainDetails *self)
{
    return self->doc;
}

char *
domus_domain_details_to_xml (DomusDomainDetails *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), NULL);

    return domus_xml_to_string (self->doc, xmlDocGetRootElement (self->doc));
}

char *
domus_domain_details_canonical (DomusDomainDetails *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), NULL);

    return domus_details_canonical_doc (self->doc);
}

gboolean
domus_domain_details_equal (DomusDomainDetails *a, DomusDomainDetails *b)
{
    g_autofree char *ca = NULL;
    g_autofree char *cb = NULL;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (a) && DOMUS_IS_DOMAIN_DETAILS (b), FALSE);

    ca = domus_domain_details_canonical (a);
    cb = domus_domain_details_canonical (b);
    return g_str_equal (ca, cb);
}

static xmlNodePtr
root (DomusDomainDetails *self)
{
    return xmlDocGetRootElement (self->doc);
}

static guint64
parse_number (const char *text)
{
    guint64 value = 0;

    if (text == NULL || !g_ascii_string_to_unsigned (g_strstrip ((char *) text), 10, 0,
                                                      G_MAXUINT64, &value, NULL))
        return 0;
    return value;
}

/* An element's text as KiB, from its unit attribute (libvirt's default KiB). */
static guint64
get_kib (xmlNodePtr node)
{
    g_autofree char *text = domus_details_get_text (node);
    g_autofree char *unit = domus_details_get_prop (node, "unit");
    guint64 value = parse_number (text);
    static const struct { const char *unit; guint64 factor; gboolean divide; } units[] = {
        { "b", 1024, TRUE }, { "bytes", 1024, TRUE },
        { "KB", 1000, TRUE }, { "k", 1, FALSE }, { "KiB", 1, FALSE },
        { "MB", 1000000, TRUE }, { "M", 1024, FALSE }, { "MiB", 1024, FALSE },
        { "GB", 1000000000, TRUE }, { "G", 1048576, FALSE }, { "GiB", 1048576, FALSE },
        { "T", 1073741824, FALSE }, { "TiB", 1073741824, FALSE },
    };

    if (unit == NULL)
        return value;
    for (guint i = 0; i < G_N_ELEMENTS (units); i++) {
        if (g_str_equal (units[i].unit, unit)) {
            if (!units[i].divide)
                return value * units[i].factor;
            /* Decimal units: to bytes, then KiB. */
            if (g_str_equal (unit, "b") || g_str_equal (unit, "bytes"))
                return value / 1024;
            return value * (units[i].factor / 1000) * 1000 / 1024;
        }
    }
    return value;
}

static void
set_kib (xmlNodePtr node, guint64 kib)
{
    g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, kib);

    domus_details_set_text (node, text);
    domus_details_set_prop (node, "unit", "KiB");
}

/* ---- Overview -------------------------------------------------------------- */

static const char *const after_identity[] = { "description", "title", "uuid", "name", NULL };

char *
domus_domain_details_get_name (DomusDomainDetails *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), NULL);
    return domus_details_get_text (domus_details_child (root (self), "name"));
}

void
domus_domain_details_set_name (DomusDomainDetails *self, const char *name)
{
    g_return_if_fail (DOMUS_IS_DOMAIN_DETAILS (self) && name != NULL);
    domus_details_set_text (domus_details_ensure_child (root (self), "name", NULL), name);
}

char *
domus_domain_details_get_uuid (DomusDomainDetails *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), NULL);
    return domus_details_get_text (domus_details_child (root (self), "uuid"));
}

static void
set_optional_text (DomusDomainDetails *self, const char *name, const char *text)
{
    xmlNodePtr node = domus_details_child (root (self), name);

    if (text == NULL || *text == '\0') {
        domus_details_remove (node);
        return;
    }
    if (node == NULL) {
        /* <title> after <uuid>/<name>; <description> after <title>. */
        const char *const *after = after_identity + (g_str_equal (name, "title") ? 2 : 1);

        node = domus_details_ensure_child (root (self), name, after);
    }
    domus_details_set_text (node, text);
}

char *
domus_domain_details_get_title (DomusDomainDetails *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), NULL);
    return domus_details_get_text (domus_details_child (root (self), "title"));
}

void
domus_domain_details_set_title (DomusDomainDetails *self, const char *title)
{
    g_return_if_fail (DOMUS_IS_DOMAIN_DETAILS (self));
    set_optional_text (self, "title", title);
}

char *
domus_domain_details_get_description (DomusDomainDetails *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), NULL);
    return domus_details_get_text (domus_details_child (root (self), "description"));
}

void
domus_domain_details_set_description (DomusDomainDetails *self, const char *description)
{
    g_return_if_fail (DOMUS_IS_DOMAIN_DETAILS (self));
    set_optional_text (self, "description", description);
}

char *
domus_domain_details_get_hypervisor (DomusDomainDetails *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), NULL);
    return domus_details_get_prop (root (self), "type");
}

static xmlNodePtr
os_type (DomusDomainDetails *self)
{
    return domus_details_child (domus_details_child (root (self), "os"), "type");
}

char *
domus_domain_details_get_arch (DomusDomainDetails *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), NULL);
    return domus_details_get_prop (os_type (self), "arch");
}

char *
domus_domain_details_get_machine (DomusDomainDetails *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), NULL);
    return domus_details_get_prop (os_type (self), "machine");
}

char *
domus_domain_details_get_os_type (DomusDomainDetails *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), NULL);
    return domus_details_get_text (os_type (self));
}

char *
domus_domain_details_get_firmware (DomusDomainDetails *self)
{
    xmlNodePtr os;
    char *firmware;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), NULL);

    os = domus_details_child (root (self), "os");
    firmware = domus_details_get_prop (os, "firmware");
    if (firmware == NULL)
        firmware = domus_details_get_text (domus_details_child (os, "loader"));
    if (firmware == NULL && os != NULL)
        firmware = g_strdup ("bios");
    return firmware;
}

static xmlNodePtr
libosinfo_os (DomusDomainDetails *self, gboolean create)
{
    xmlNodePtr metadata = domus_details_child (root (self), "metadata");
    xmlNodePtr info = NULL;
    xmlNsPtr ns;

    for (xmlNodePtr c = metadata != NULL ? metadata->children : NULL; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && c->ns != NULL &&
            xmlStrEqual (c->ns->href, BAD_CAST DOMUS_LIBOSINFO_NS) &&
            xmlStrEqual (c->name, BAD_CAST "libosinfo"))
            info = c;
    }
    if (info != NULL) {
        for (xmlNodePtr c = info->children; c != NULL; c = c->next) {
            if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST "os"))
                return c;
        }
    }
    if (!create)
        return NULL;
    if (metadata == NULL)
        metadata = domus_details_ensure_child (root (self), "metadata", after_identity);
    if (info == NULL) {
        info = xmlNewDocNode (self->doc, NULL, BAD_CAST "libosinfo", NULL);
        ns = xmlNewNs (info, BAD_CAST DOMUS_LIBOSINFO_NS, BAD_CAST "libosinfo");
        xmlSetNs (info, ns);
        domus_details_insert (metadata, NULL, info);
    }
    {
        xmlNodePtr os = xmlNewDocNode (self->doc, info->ns, BAD_CAST "os", NULL);

        domus_details_insert (info, NULL, os);
        return os;
    }
}

char *
domus_domain_details_get_os_id (DomusDomainDetails *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), NULL);
    return domus_details_get_prop (libosinfo_os (self, FALSE), "id");
}

void
domus_domain_details_set_os_id (DomusDomainDetails *self, const char *os_id)
{
    xmlNodePtr os;

    g_return_if_fail (DOMUS_IS_DOMAIN_DETAILS (self));

    if (os_id == NULL) {
        os = libosinfo_os (self, FALSE);
        if (os != NULL) {
            xmlNodePtr info = os->parent;

            gboolean others = FALSE;

            domus_details_remove (os);
            for (xmlNodePtr c = info->children; c != NULL; c = c->next)
                others |= c->type == XML_ELEMENT_NODE;
            if (!others)
                domus_details_remove (info);
        }
        return;
    }
    os = libosinfo_os (self, TRUE);
    domus_details_set_prop (os, "id", os_id);
}

/* ---- CPUs ---------------------------------------------------------------- */

static const char *const after_memory[] = { "currentMemory", "memory", "maxMemory",
                                            "metadata", "description", "title", "uuid",
                                            "name", NULL };

guint
domus_domain_details_get_max_vcpus (DomusDomainDetails *self)
{
    g_autofree char *text = NULL;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), 0);

    text = domus_details_get_text (domus_details_child (root (self), "vcpu"));
    return text != NULL ? (guint) parse_number (text) : 1;
}

guint
domus_domain_details_get_vcpus (DomusDomainDetails *self)
{
    g_autofree char *current = NULL;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), 0);

    current = domus_details_get_prop (domus_details_child (root (self), "vcpu"), "current");
    return current != NULL ? (guint) parse_number (current)
                           : domus_domain_details_get_max_vcpus (self);
}

void
domus_domain_details_set_vcpus (DomusDomainDetails *self, guint current, guint maximum)
{
    xmlNodePtr vcpu;
    g_autofree char *text = NULL;
    g_autofree char *cur = NULL;

    g_return_if_fail (DOMUS_IS_DOMAIN_DETAILS (self));
    g_return_if_fail (current >= 1 && current <= maximum);

    vcpu = domus_details_ensure_child (root (self), "vcpu", after_memory);
    if (domus_domain_details_get_max_vcpus (self) != maximum ||
        domus_details_child (root (self), "vcpu")->children == NULL) {
        text = g_strdup_printf ("%u", maximum);
        domus_details_set_text (vcpu, text);
    }
    if (current != maximum) {
        cur = g_strdup_printf ("%u", current);
        domus_details_set_prop (vcpu, "current", cur);
    } else {
        domus_details_set_prop (vcpu, "current", NULL);
    }
}

static const char *const after_cpu[] = { "features", "os", "vcpu", NULL };

DomusCpuMode
domus_domain_details_get_cpu_mode (DomusDomainDetails *self, char **model)
{
    xmlNodePtr cpu;
    g_autofree char *mode = NULL;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), DOMUS_CPU_MODE_DEFAULT);

    cpu = domus_details_child (root (self), "cpu");
    mode = domus_details_get_prop (cpu, "mode");
    if (model != NULL)
        *model = domus_details_get_text (domus_details_child (cpu, "model"));
    if (g_strcmp0 (mode, "host-passthrough") == 0)
        return DOMUS_CPU_MODE_HOST_PASSTHROUGH;
    if (g_strcmp0 (mode, "host-model") == 0)
        return DOMUS_CPU_MODE_HOST_MODEL;
    if (domus_details_child (cpu, "model") != NULL)
        return DOMUS_CPU_MODE_CUSTOM;
    return DOMUS_CPU_MODE_DEFAULT;
}

void
domus_domain_details_set_cpu_mode (DomusDomainDetails *self, DomusCpuMode mode,
                                   const char *model)
{
    static const char *const modes[] = {
        [DOMUS_CPU_MODE_DEFAULT] = NULL,
        [DOMUS_CPU_MODE_HOST_PASSTHROUGH] = "host-passthrough",
        [DOMUS_CPU_MODE_HOST_MODEL] = "host-model",
        [DOMUS_CPU_MODE_CUSTOM] = "custom",
    };
    xmlNodePtr cpu;
    xmlNodePtr model_node;

    g_return_if_fail (DOMUS_IS_DOMAIN_DETAILS (self));
    g_return_if_fail (mode != DOMUS_CPU_MODE_CUSTOM || model != NULL);

    cpu = domus_details_child (root (self), "cpu");
    if (cpu == NULL && mode == DOMUS_CPU_MODE_DEFAULT)
        return;
    if (cpu == NULL)
        cpu = domus_details_ensure_child (root (self), "cpu", after_cpu);
    domus_details_set_prop (cpu, "mode", modes[mode]);
    model_node = domus_details_child (cpu, "model");
    if (mode == DOMUS_CPU_MODE_CUSTOM) {
        if (model_node == NULL)
            model_node = domus_details_new_child (cpu, NULL, "model");
        domus_details_set_text (model_node, model);
    } else if (model_node != NULL) {
        domus_details_remove (model_node);
    }
    if (mode != DOMUS_CPU_MODE_CUSTOM)
        domus_details_set_prop (cpu, "match", NULL);
    if (domus_details_is_empty (cpu))
        domus_details_remove (cpu);
}

gboolean
domus_domain_details_get_topology (DomusDomainDetails *self, guint *sockets, guint *cores,
                                   guint *threads)
{
    xmlNodePtr topology;
    g_autofree char *s = NULL;
    g_autofree char *c = NULL;
    g_autofree char *t = NULL;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), FALSE);

    topology = domus_details_child (domus_details_child (root (self), "cpu"), "topology");
    s = domus_details_get_prop (topology, "sockets");
    c = domus_details_get_prop (topology, "cores");
    t = domus_details_get_prop (topology, "threads");
    *sockets = (guint) parse_number (s);
    *cores = (guint) parse_number (c);
    *threads = (guint) parse_number (t);
    return topology != NULL;
}

void
domus_domain_details_set_topology (DomusDomainDetails *self, guint sockets, guint cores,
                                   guint threads)
{
    xmlNodePtr cpu;
    xmlNodePtr topology;
    char text[16];

    g_return_if_fail (DOMUS_IS_DOMAIN_DETAILS (self));

    cpu = domus_details_child (root (self), "cpu");
    topology = domus_details_child (cpu, "topology");
    if (sockets == 0 && cores == 0 && threads == 0) {
        if (topology != NULL) {
            domus_details_remove (topology);
            if (domus_details_is_empty (cpu))
                domus_details_remove (cpu);
        }
        return;
    }
    if (cpu == NULL)
        cpu = domus_details_ensure_child (root (self), "cpu", after_cpu);
    if (topology == NULL) {
        /* libvirt wants it after <model>, before features. */
        topology = domus_details_new_child (cpu, domus_details_child (cpu, "vendor") != NULL
                                                 ? domus_details_child (cpu, "vendor")
                                                 : domus_details_child (cpu, "model"),
                                            "topology");
    }
    g_snprintf (text, sizeof text, "%u", sockets);
    domus_details_set_prop (topology, "sockets", text);
    g_snprintf (text, sizeof text, "%u", cores);
    domus_details_set_prop (topology, "cores", text);
    g_snprintf (text, sizeof text, "%u", threads);
    domus_details_set_prop (topology, "threads", text);
}

/* ---- Memory ---------------------------------------------------------------- */

static const char *const after_max_memory[] = { "maxMemory", "metadata", "description",
                                                "title", "uuid", "name", NULL };
static const char *const after_current_memory[] = { "memory", NULL };

guint64
domus_domain_details_get_memory (DomusDomainDetails *self)
{
    xmlNodePtr current;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), 0);

    current = domus_details_child (root (self), "currentMemory");
    return current != NULL ? get_kib (current) : domus_domain_details_get_max_memory (self);
}

guint64
domus_domain_details_get_max_memory (DomusDomainDetails *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), 0);
    return get_kib (domus_details_child (root (self), "memory"));
}

void
domus_domain_details_set_memory (DomusDomainDetails *self, guint64 current_kib,
                                 guint64 max_kib)
{
    xmlNodePtr current;

    g_return_if_fail (DOMUS_IS_DOMAIN_DETAILS (self));
    g_return_if_fail (current_kib >= 1 && current_kib <= max_kib);

    if (domus_domain_details_get_max_memory (self) != max_kib)
        set_kib (domus_details_ensure_child (root (self), "memory", after_max_memory), max_kib);
    current = domus_details_child (root (self), "currentMemory");
    if (current == NULL && current_kib == max_kib)
        return;
    if (current == NULL)
        current = domus_details_ensure_child (root (self), "currentMemory", after_current_memory);
    if (get_kib (current) != current_kib)
        set_kib (current, current_kib);
}

gboolean
domus_domain_details_get_shared_memory (DomusDomainDetails *self)
{
    xmlNodePtr backing;
    g_autofree char *mode = NULL;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), FALSE);

    backing = domus_details_child (root (self), "memoryBacking");
    mode = domus_details_get_prop (domus_details_child (backing, "access"), "mode");
    return g_strcmp0 (mode, "shared") == 0;
}

void
domus_domain_details_set_shared_memory (DomusDomainDetails *self, gboolean shared)
{
    static const char *const after_backing[] = { "currentMemory", "memory", NULL };
    xmlNodePtr backing;
    xmlNodePtr source;
    xmlNodePtr access;

    g_return_if_fail (DOMUS_IS_DOMAIN_DETAILS (self));

    if (domus_domain_details_get_shared_memory (self) == shared)
        return;
    backing = domus_details_child (root (self), "memoryBacking");
    if (!shared) {
        g_autofree char *type = NULL;

        source = domus_details_child (backing, "source");
        domus_details_remove (domus_details_child (backing, "access"));
        type = domus_details_get_prop (source, "type");
        if (g_strcmp0 (type, "memfd") == 0)
            domus_details_remove (source);
        if (domus_details_is_empty (backing))
            domus_details_remove (backing);
        return;
    }
    if (backing == NULL)
        backing = domus_details_ensure_child (root (self), "memoryBacking", after_backing);
    if (domus_details_child (backing, "source") == NULL &&
        domus_details_child (backing, "hugepages") == NULL) {
        source = domus_details_new_child (backing, NULL, "source");
        domus_details_set_prop (source, "type", "memfd");
    }
    access = domus_details_child (backing, "access");
    if (access == NULL)
        access = domus_details_new_child (backing, NULL, "access");
    domus_details_set_prop (access, "mode", "shared");
}

/* ---- Boot -------------------------------------------------------------- */

static xmlNodePtr
os_node (DomusDomainDetails *self)
{
    static const char *const after_os[] = { "vcpu", "currentMemory", "memory", NULL };

    return domus_details_ensure_child (root (self), "os", after_os);
}

GStrv
domus_domain_details_get_boot_order (DomusDomainDetails *self)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    xmlNodePtr os;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), NULL);

    os = domus_details_child (root (self), "os");
    for (xmlNodePtr c = os != NULL ? os->children : NULL; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST "boot")) {
            g_autofree char *dev = domus_details_get_prop (c, "dev");

            if (dev != NULL)
                g_strv_builder_add (builder, dev);
        }
    }
    return g_strv_builder_end (builder);
}

void
domus_domain_details_set_boot_order (DomusDomainDetails *self, const char *const *devices)
{
    xmlNodePtr os;
    xmlNodePtr last = NULL;
    GPtrArray *boots = g_ptr_array_new ();
    guint i = 0;

    g_return_if_fail (DOMUS_IS_DOMAIN_DETAILS (self));

    os = os_node (self);
    for (xmlNodePtr c = os->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST "boot"))
            g_ptr_array_add (boots, c);
    }
    /* Reuse the existing elements in place; add or drop the difference. */
    for (; devices != NULL && devices[i] != NULL; i++) {
        xmlNodePtr boot;

        if (i < boots->len) {
            boot = g_ptr_array_index (boots, i);
        } else {
            xmlNodePtr after = last;

            if (after == NULL) {
                after = domus_details_child (os, "cmdline");
                if (after == NULL)
                    after = domus_details_child (os, "initrd");
                if (after == NULL)
                    after = domus_details_child (os, "kernel");
                if (after == NULL)
                    after = domus_details_child (os, "loader");
                if (after == NULL)
                    after = domus_details_child (os, "type");
            }
            boot = domus_details_new_child (os, after, "boot");
        }
        {
            g_autofree char *dev = domus_details_get_prop (boot, "dev");

            if (g_strcmp0 (dev, devices[i]) != 0)
                domus_details_set_prop (boot, "dev", devices[i]);
        }
        last = boot;
    }
    for (; i < boots->len; i++)
        domus_details_remove (g_ptr_array_index (boots, i));
    g_ptr_array_unref (boots);
}

gboolean
domus_domain_details_get_boot_menu (DomusDomainDetails *self)
{
    g_autofree char *enable = NULL;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), FALSE);

    enable = domus_details_get_prop (domus_details_child (domus_details_child (root (self), "os"),
                                                          "bootmenu"), "enable");
    return g_strcmp0 (enable, "yes") == 0;
}

void
domus_domain_details_set_boot_menu (DomusDomainDetails *self, gboolean enabled)
{
    xmlNodePtr os;
    xmlNodePtr menu;

    g_return_if_fail (DOMUS_IS_DOMAIN_DETAILS (self));

    if (domus_domain_details_get_boot_menu (self) == enabled)
        return;
    os = os_node (self);
    menu = domus_details_child (os, "bootmenu");
    if (!enabled) {
        domus_details_remove (menu);
        return;
    }
    if (menu == NULL)
        menu = domus_details_new_child (os, NULL, "bootmenu");
    domus_details_set_prop (menu, "enable", "yes");
}

static gboolean
is_kernel_element (const char *which)
{
    return g_strcmp0 (which, "kernel") == 0 || g_strcmp0 (which, "initrd") == 0 ||
           g_strcmp0 (which, "cmdline") == 0;
}

char *
domus_domain_details_get_kernel (DomusDomainDetails *self, const char *which)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), NULL);
    g_return_val_if_fail (is_kernel_element (which), NULL);

    return domus_details_get_text (domus_details_child (domus_details_child (root (self), "os"),
                                                        which));
}

void
domus_domain_details_set_kernel (DomusDomainDetails *self, const char *which,
                                 const char *value)
{
    static const char *const order[] = { "cmdline", "initrd", "kernel", "loader", "type", NULL };
    xmlNodePtr os;
    xmlNodePtr node;

    g_return_if_fail (DOMUS_IS_DOMAIN_DETAILS (self));
    g_return_if_fail (is_kernel_element (which));

    os = os_node (self);
    node = domus_details_child (os, which);
    if (value == NULL || *value == '\0') {
        domus_details_remove (node);
        return;
    }
    if (node == NULL) {
        /* kernel, initrd, cmdline in that order, after the loader or type. */
        const char *const *after = order;

        while (*after != NULL && !g_str_equal (*after, which))
            after++;
        node = domus_details_ensure_child (os, which, after + 1);
    }
    domus_details_set_text (node, value);
}
