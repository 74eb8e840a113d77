/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The devices of a DomusDomainDetails: listed by kind in document order,
 * named for the sidebar, read and changed by short paths under each device
 * ("source/@file"), replaced, added and removed whole as XML. Like the rest
 * of the document, a change touches only what it names.
 */
#include "config.h"

#include "domus-domain-details-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

static const struct {
    const char *element;
    const char *label;
} kinds[DOMUS_N_DEVICE_KINDS] = {
    [DOMUS_DEVICE_DISK] = { "disk", N_("Disks") },
    [DOMUS_DEVICE_INTERFACE] = { "interface", N_("Network Cards") },
    [DOMUS_DEVICE_GRAPHICS] = { "graphics", N_("Displays") },
    [DOMUS_DEVICE_VIDEO] = { "video", N_("Video") },
    [DOMUS_DEVICE_SOUND] = { "sound", N_("Sound") },
    [DOMUS_DEVICE_SERIAL] = { "serial", N_("Serial Ports") },
    [DOMUS_DEVICE_CONSOLE] = { "console", N_("Consoles") },
    [DOMUS_DEVICE_CHANNEL] = { "channel", N_("Channels") },
    [DOMUS_DEVICE_INPUT] = { "input", N_("Input") },
    [DOMUS_DEVICE_HOSTDEV] = { "hostdev", N_("Host Devices") },
    [DOMUS_DEVICE_TPM] = { "tpm", N_("TPM") },
    [DOMUS_DEVICE_RNG] = { "rng", N_("Random Number Generator") },
    [DOMUS_DEVICE_WATCHDOG] = { "watchdog", N_("Watchdog") },
    [DOMUS_DEVICE_FILESYSTEM] = { "filesystem", N_("Filesystems") },
    [DOMUS_DEVICE_CONTROLLER] = { "controller", N_("Controllers") },
    [DOMUS_DEVICE_OTHER] = { NULL, N_("Other Devices") },
};

const char *
domus_device_kind_element (DomusDeviceKind kind)
{
    g_return_val_if_fail (kind < DOMUS_N_DEVICE_KINDS, NULL);
    return kinds[kind].element;
}

const char *
domus_device_kind_label (DomusDeviceKind kind)
{
    g_return_val_if_fail (kind < DOMUS_N_DEVICE_KINDS, NULL);
    return _(kinds[kind].label);
}

DomusDeviceKind
domus_details_device_kind (xmlNodePtr node)
{
    for (guint k = 0; k < DOMUS_DEVICE_OTHER; k++) {
        if (node->ns == NULL && xmlStrEqual (node->name, BAD_CAST kinds[k].element))
            return k;
    }
    return DOMUS_DEVICE_OTHER;
}

static xmlNodePtr
devices_node (DomusDomainDetails *self, gboolean create)
{
    xmlNodePtr root = xmlDocGetRootElement (domus_domain_details_get_doc (self));

    if (!create)
        return domus_details_child (root, "devices");
    return domus_details_ensure_child (root, "devices", NULL);
}

GPtrArray *
domus_details_devices (DomusDomainDetails *self, DomusDeviceKind kind)
{
    GPtrArray *out = g_ptr_array_new ();
    xmlNodePtr devices = devices_node (self, FALSE);

    for (xmlNodePtr c = devices != NULL ? devices->children : NULL; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && domus_details_device_kind (c) == kind)
            g_ptr_array_add (out, c);
    }
    return out;
}

static xmlNodePtr
device (DomusDomainDetails *self, DomusDeviceKind kind, guint index)
{
    g_autoptr(GPtrArray) nodes = domus_details_devices (self, kind);

    return index < nodes->len ? g_ptr_array_index (nodes, index) : NULL;
}

guint
domus_domain_details_count_devices (DomusDomainDetails *self, DomusDeviceKind kind)
{
    g_autoptr(GPtrArray) nodes = NULL;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), 0);
    g_return_val_if_fail (kind < DOMUS_N_DEVICE_KINDS, 0);

    nodes = domus_details_devices (self, kind);
    return nodes->len;
}

char *
domus_details_device_key (xmlNodePtr node, guint index)
{
    DomusDeviceKind kind = domus_details_device_kind (node);
    g_autofree char *key = NULL;

    if (kind == DOMUS_DEVICE_DISK)
        key = domus_details_get_prop (domus_details_child (node, "target"), "dev");
    else if (kind == DOMUS_DEVICE_INTERFACE)
        key = domus_details_get_prop (domus_details_child (node, "mac"), "address");
    if (key == NULL)
        key = domus_details_get_prop (domus_details_child (node, "alias"), "name");
    if (key != NULL)
        return g_strdup_printf ("%s:%s", (const char *) node->name, key);
    return g_strdup_printf ("%s#%u", (const char *) node->name, index);
}

static char *
upper (const char *text)
{
    return text != NULL ? g_ascii_strup (text, -1) : NULL;
}

char *
domus_domain_details_get_device_label (DomusDomainDetails *self, DomusDeviceKind kind,
                                       guint index)
{
    xmlNodePtr node;
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), NULL);

    node = device (self, kind, index);
    g_return_val_if_fail (node != NULL, NULL);

    switch (kind) {
    case DOMUS_DEVICE_DISK:
        a = domus_details_get_prop (node, "device");
        b = domus_details_get_prop (domus_details_child (node, "target"), "dev");
        if (g_strcmp0 (a, "cdrom") == 0)
            return g_strdup_printf (_("CD-ROM %s"), b != NULL ? b : "");
        if (g_strcmp0 (a, "floppy") == 0)
            return g_strdup_printf (_("Floppy %s"), b != NULL ? b : "");
        return g_strdup_printf (_("Disk %s"), b != NULL ? b : "");
    case DOMUS_DEVICE_INTERFACE:
        a = domus_details_get_prop (domus_details_child (node, "mac"), "address");
        return g_strdup_printf (_("NIC %s"), a != NULL && strlen (a) == 17 ? a + 9 : "");
    case DOMUS_DEVICE_GRAPHICS:
        b = domus_details_get_prop (node, "type");
        a = upper (b);
        return g_strdup_printf (_("Display %s"), a != NULL ? a : "");
    case DOMUS_DEVICE_VIDEO:
        b = domus_details_get_prop (domus_details_child (node, "model"), "type");
        a = upper (b);
        return g_strdup_printf (_("Video %s"), a != NULL ? a : "");
    case DOMUS_DEVICE_SOUND:
        a = domus_details_get_prop (node, "model");
        return g_strdup_printf (_("Sound %s"), a != NULL ? a : "");
    case DOMUS_DEVICE_SERIAL:
        return g_strdup_printf (_("Serial %u"), index + 1);
    case DOMUS_DEVICE_CONSOLE:
        return g_strdup_printf (_("Console %u"), index + 1);
    case DOMUS_DEVICE_CHANNEL:
        a = domus_details_get_prop (domus_details_child (node, "target"), "name");
        return g_strdup_printf (_("Channel %s"), a != NULL ? a : "");
    case DOMUS_DEVICE_INPUT:
        a = domus_details_get_prop (node, "type");
        b = domus_details_get_prop (node, "bus");
        if (g_strcmp0 (a, "tablet") == 0)
            return g_strdup_printf (_("Tablet %s"), b != NULL ? b : "");
        if (g_strcmp0 (a, "keyboard") == 0)
            return g_strdup_printf (_("Keyboard %s"), b != NULL ? b : "");
        return g_strdup_printf (_("Mouse %s"), b != NULL ? b : "");
    case DOMUS_DEVICE_HOSTDEV:
        a = domus_details_get_prop (node, "type");
        b = upper (a);
        return g_strdup_printf (_("Host device %s"), b != NULL ? b : "");
    case DOMUS_DEVICE_TPM:
        return g_strdup (_("TPM"));
    case DOMUS_DEVICE_RNG:
        return g_strdup (_("RNG"));
    case DOMUS_DEVICE_WATCHDOG:
        return g_strdup (_("Watchdog"));
    case DOMUS_DEVICE_FILESYSTEM:
        a = domus_details_get_prop (domus_details_child (node, "target"), "dir");
        return g_strdup_printf (_("Filesystem %s"), a != NULL ? a : "");
    case DOMUS_DEVICE_CONTROLLER:
        a = domus_details_get_prop (node, "type");
        b = domus_details_get_prop (node, "index");
        return g_strdup_printf (_("Controller %s %s"), a != NULL ? a : "", b != NULL ? b : "");
    case DOMUS_DEVICE_OTHER:
        return g_strdup ((const char *) node->name);
    case DOMUS_N_DEVICE_KINDS:
        break;
    }
    g_return_val_if_reached (NULL);
}

char *
domus_domain_details_get_device_xml (DomusDomainDetails *self, DomusDeviceKind kind,
                                     guint index)
{
    xmlNodePtr node;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), NULL);

    node = device (self, kind, index);
    g_return_val_if_fail (node != NULL, NULL);
    return domus_xml_to_string (domus_domain_details_get_doc (self), node);
}

/* XML parsed as one device element, copied into SELF's document. */
static xmlNodePtr
parse_device (DomusDomainDetails *self, const char *xml, GError **error)
{
    g_autoptr(xmlDoc) doc = domus_xml_parse (xml, error);
    xmlNodePtr node;

    if (doc == NULL) {
        domus_details_prefix_line (error);
        return NULL;
    }
    node = xmlDocGetRootElement (doc);
    if (xmlStrEqual (node->name, BAD_CAST "domain") || xmlStrEqual (node->name, BAD_CAST "devices")) {
        g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                     _("Give one device element, such as <disk> or <interface>, not <%s>."),
                     (const char *) node->name);
        return NULL;
    }
    return xmlDocCopyNode (node, domus_domain_details_get_doc (self), 1);
}

gboolean
domus_domain_details_set_device_xml (DomusDomainDetails *self, DomusDeviceKind kind,
                                     guint index, const char *xml, GError **error)
{
    xmlNodePtr node;
    xmlNodePtr replacement;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), FALSE);

    node = device (self, kind, index);
    g_return_val_if_fail (node != NULL, FALSE);
    replacement = parse_device (self, xml, error);
    if (replacement == NULL)
        return FALSE;
    if (domus_details_device_kind (replacement) != kind) {
        g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                     _("This page edits a <%s> element; the text is a <%s>."),
                     (const char *) node->name, (const char *) replacement->name);
        xmlFreeNode (replacement);
        return FALSE;
    }
    xmlReplaceNode (node, replacement);
    xmlFreeNode (node);
    return TRUE;
}

gboolean
domus_domain_details_add_device (DomusDomainDetails *self, const char *xml,
                                 DomusDeviceKind *kind, guint *index, GError **error)
{
    g_autoptr(GPtrArray) same = NULL;
    xmlNodePtr node;
    DomusDeviceKind k;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), FALSE);

    node = parse_device (self, xml, error);
    if (node == NULL)
        return FALSE;
    k = domus_details_device_kind (node);
    same = domus_details_devices (self, k);
    domus_details_insert (devices_node (self, TRUE),
                          same->len > 0 ? g_ptr_array_index (same, same->len - 1) : NULL, node);
    if (kind != NULL)
        *kind = k;
    if (index != NULL)
        *index = same->len;
    return TRUE;
}

void
domus_domain_details_remove_device (DomusDomainDetails *self, DomusDeviceKind kind,
                                    guint index)
{
    xmlNodePtr node;

    g_return_if_fail (DOMUS_IS_DOMAIN_DETAILS (self));

    node = device (self, kind, index);
    g_return_if_fail (node != NULL);
    if (kind == DOMUS_DEVICE_SERIAL) {
        /* libvirt makes the first serial port again for a console on it:
         * such a console goes with its port. */
        g_autofree char *port = domus_details_get_prop (domus_details_child (node, "target"),
                                                        "port");
        g_autoptr(GPtrArray) consoles = domus_details_devices (self, DOMUS_DEVICE_CONSOLE);

        for (guint i = 0; i < consoles->len; i++) {
            xmlNodePtr target = domus_details_child (g_ptr_array_index (consoles, i), "target");
            g_autofree char *type = domus_details_get_prop (target, "type");
            g_autofree char *console_port = domus_details_get_prop (target, "port");

            if (g_strcmp0 (type, "serial") == 0 &&
                g_strcmp0 (console_port != NULL ? console_port : "0",
                           port != NULL ? port : "0") == 0)
                domus_details_remove (g_ptr_array_index (consoles, i));
        }
    }
    domus_details_remove (node);
}

/* ---- values by path ---------------------------------------------------- */

/* The element the path names (its last step when it is an element), made
 * as needed when CREATE; *ATTR points at the attribute's name or is NULL. */
static xmlNodePtr
walk (xmlNodePtr node, const char *path, gboolean create, char **attr)
{
    g_auto(GStrv) steps = g_strsplit (path, "/", -1);

    *attr = NULL;
    for (guint i = 0; node != NULL && steps[i] != NULL; i++) {
        xmlNodePtr next;

        if (steps[i][0] == '@') {
            *attr = g_strdup (steps[i] + 1);
            break;
        }
        next = domus_details_child (node, steps[i]);
        if (next == NULL && create)
            next = domus_details_new_child (node, NULL, steps[i]);
        node = next;
    }
    return node;
}

char *
domus_domain_details_get_device_value (DomusDomainDetails *self, DomusDeviceKind kind,
                                       guint index, const char *path)
{
    g_autofree char *attr = NULL;
    xmlNodePtr node;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self) && path != NULL, NULL);

    node = walk (device (self, kind, index), path, FALSE, &attr);
    if (node == NULL)
        return NULL;
    if (attr != NULL)
        return domus_details_get_prop (node, attr);
    return g_strdup ("yes");
}

void
domus_domain_details_set_device_value (DomusDomainDetails *self, DomusDeviceKind kind,
                                       guint index, const char *path, const char *value)
{
    g_autofree char *attr = NULL;
    g_autofree char *old = NULL;
    xmlNodePtr dev;
    xmlNodePtr node;

    g_return_if_fail (DOMUS_IS_DOMAIN_DETAILS (self) && path != NULL);

    dev = device (self, kind, index);
    g_return_if_fail (dev != NULL);

    old = domus_domain_details_get_device_value (self, kind, index, path);
    if (g_strcmp0 (old, value) == 0)
        return;
    node = walk (dev, path, value != NULL, &attr);
    if (node == NULL)
        return;
    if (attr == NULL) {
        /* An element's presence: value NULL removes it. */
        if (value == NULL)
            domus_details_remove (node);
        return;
    }
    domus_details_set_prop (node, attr, value);
    /* An element left with nothing (<link/>) goes too. */
    while (value == NULL && node != dev && domus_details_is_empty (node)) {
        xmlNodePtr parent = node->parent;

        domus_details_remove (node);
        node = parent;
    }
}

/* ---- disks and NICs ------------------------------------------------------- */

char *
domus_domain_details_get_disk_source (DomusDomainDetails *self, guint index)
{
    static const char *const attrs[] = { "file", "dev", "dir", "name" };
    xmlNodePtr source;
    g_autofree char *pool = NULL;
    g_autofree char *volume = NULL;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), NULL);

    source = domus_details_child (device (self, DOMUS_DEVICE_DISK, index), "source");
    if (source == NULL)
        return NULL;
    for (guint i = 0; i < G_N_ELEMENTS (attrs); i++) {
        char *value = domus_details_get_prop (source, attrs[i]);

        if (value != NULL)
            return value;
    }
    pool = domus_details_get_prop (source, "pool");
    volume = domus_details_get_prop (source, "volume");
    if (pool != NULL && volume != NULL)
        return g_strdup_printf ("%s/%s", pool, volume);
    return NULL;
}

void
domus_domain_details_set_disk_source (DomusDomainDetails *self, guint index,
                                      const char *path, gboolean is_block)
{
    const char *type = is_block ? "block" : "file";
    const char *attr = is_block ? "dev" : "file";
    g_autofree char *old_type = NULL;
    g_autofree char *old = NULL;
    xmlNodePtr disk;
    xmlNodePtr source;

    g_return_if_fail (DOMUS_IS_DOMAIN_DETAILS (self));

    disk = device (self, DOMUS_DEVICE_DISK, index);
    g_return_if_fail (disk != NULL);

    source = domus_details_child (disk, "source");
    if (path == NULL || *path == '\0') {
        /* Ejected: no source, the disk type stays. */
        domus_details_remove (source);
        return;
    }
    old_type = domus_details_get_prop (disk, "type");
    old = domus_details_get_prop (source, attr);
    if (g_strcmp0 (old_type, type) == 0 && g_strcmp0 (old, path) == 0)
        return;
    if (source != NULL && g_strcmp0 (old_type, type) != 0) {
        /* Another kind of source: nothing of the old one applies. */
        xmlNodePtr fresh = xmlNewDocNode (disk->doc, NULL, BAD_CAST "source", NULL);

        xmlReplaceNode (source, fresh);
        xmlFreeNode (source);
        source = fresh;
    }
    if (source == NULL) {
        xmlNodePtr after = domus_details_child (disk, "driver");

        source = domus_details_new_child (disk, after, "source");
    }
    if (g_strcmp0 (old_type, type) != 0)
        domus_details_set_prop (disk, "type", type);
    domus_details_set_prop (source, attr, path);
}

void
domus_domain_details_set_nic_source (DomusDomainDetails *self, guint index, const char *type,
                                     const char *source_name)
{
    const char *attr;
    g_autofree char *old_type = NULL;
    g_autofree char *old = NULL;
    xmlNodePtr nic;
    xmlNodePtr source;

    g_return_if_fail (DOMUS_IS_DOMAIN_DETAILS (self));
    g_return_if_fail (source_name != NULL);

    if (g_strcmp0 (type, "network") == 0)
        attr = "network";
    else if (g_strcmp0 (type, "bridge") == 0)
        attr = "bridge";
    else if (g_strcmp0 (type, "direct") == 0)
        attr = "dev";
    else
        g_return_if_reached ();

    nic = device (self, DOMUS_DEVICE_INTERFACE, index);
    g_return_if_fail (nic != NULL);

    old_type = domus_details_get_prop (nic, "type");
    source = domus_details_child (nic, "source");
    old = domus_details_get_prop (source, attr);
    if (g_strcmp0 (old_type, type) == 0 && g_strcmp0 (old, source_name) == 0)
        return;
    if (source != NULL && g_strcmp0 (old_type, type) != 0) {
        xmlNodePtr fresh = xmlNewDocNode (nic->doc, NULL, BAD_CAST "source", NULL);

        xmlReplaceNode (source, fresh);
        xmlFreeNode (source);
        source = fresh;
    }
    if (source == NULL)
        source = domus_details_new_child (nic, domus_details_child (nic, "mac"), "source");
    if (g_strcmp0 (old_type, type) != 0)
        domus_details_set_prop (nic, "type", type);
    domus_details_set_prop (source, attr, source_name);
    if (g_str_equal (type, "direct"))
        domus_details_set_prop (source, "mode", "bridge");
}

/* ---- Add Hardware's starting points ------------------------------------------ */


const char *
domus_device_kind_template (DomusDeviceKind kind, const char *hypervisor)
{
    gboolean xen = g_strcmp0 (hypervisor, "xen") == 0;

    switch (kind) {
    case DOMUS_DEVICE_DISK:
        return xen ? "<disk type='file' device='disk'>\n  <source file=''/>\n"
                     "  <target dev='xvdb' bus='xen'/>\n</disk>"
                   : "<disk type='file' device='disk'>\n  <driver name='qemu' type='qcow2'/>\n"
                     "  <source file=''/>\n  <target dev='vdb' bus='virtio'/>\n</disk>";
    case DOMUS_DEVICE_INTERFACE:
        return xen ? "<interface type='bridge'>\n  <source bridge='xenbr0'/>\n</interface>"
                   : "<interface type='network'>\n  <source network='default'/>\n"
                     "  <model type='virtio'/>\n</interface>";
    case DOMUS_DEVICE_GRAPHICS:
        return "<graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'/>";
    case DOMUS_DEVICE_VIDEO:
        return "<video>\n  <model type='virtio' heads='1'/>\n</video>";
    case DOMUS_DEVICE_SOUND:
        return "<sound model='ich9'/>";
    case DOMUS_DEVICE_SERIAL:
        return "<serial type='pty'>\n  <target port='1'/>\n</serial>";
    case DOMUS_DEVICE_CONSOLE:
        return "<console type='pty'>\n  <target type='virtio' port='1'/>\n</console>";
    case DOMUS_DEVICE_CHANNEL:
        return "<channel type='unix'>\n  <target type='virtio' name='org.qemu.guest_agent.0'/>\n"
               "</channel>";
    case DOMUS_DEVICE_INPUT:
        return "<input type='tablet' bus='usb'/>";
    case DOMUS_DEVICE_HOSTDEV:
        return "<hostdev mode='subsystem' type='usb' managed='yes'>\n  <source>\n"
               "    <vendor id='0x0000'/>\n    <product id='0x0000'/>\n  </source>\n</hostdev>";
    case DOMUS_DEVICE_TPM:
        return "<tpm model='tpm-crb'>\n  <backend type='emulator' version='2.0'/>\n</tpm>";
    case DOMUS_DEVICE_RNG:
        return "<rng model='virtio'>\n  <backend model='random'>/dev/urandom</backend>\n</rng>";
    case DOMUS_DEVICE_WATCHDOG:
        return "<watchdog model='i6300esb' action='reset'/>";
    case DOMUS_DEVICE_FILESYSTEM:
        return "<filesystem type='mount' accessmode='passthrough'>\n  <driver type='virtiofs'/>\n"
               "  <source dir=''/>\n  <target dir='share'/>\n</filesystem>";
    case DOMUS_DEVICE_CONTROLLER:
        return "<controller type='scsi' model='virtio-scsi'/>";
    case DOMUS_DEVICE_OTHER:
        return "<panic model='isa'/>";
    case DOMUS_N_DEVICE_KINDS:
        break;
    }
    g_return_val_if_reached (NULL);
}
