/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The boot order by device (domus-domain-details-boot.h): read from the
 * devices' <boot order='N'/>, or from a legacy <os><boot dev=…> list as the
 * first device of each kind, and written per device in place (a <boot> is
 * added before the device's <alias> and <address>, which libvirt writes
 * last). Like the rest of the document, only the <boot> elements change.
 */
#include "config.h"

#include "domus-domain-details-boot.h"

#include <stdlib.h>
#include <string.h>

#include "domus-domain-details-private.h"

static const DomusDeviceKind bootable[] = {
    DOMUS_DEVICE_DISK, DOMUS_DEVICE_INTERFACE, DOMUS_DEVICE_HOSTDEV,
};

static xmlNodePtr
root (DomusDomainDetails *self)
{
    return xmlDocGetRootElement (domus_domain_details_get_doc (self));
}

/* A device's <boot order='N'/> number, 0 when none. */
static guint
device_order (xmlNodePtr node)
{
    g_autofree char *order = domus_details_get_prop (domus_details_child (node, "boot"),
                                                     "order");

    return order != NULL ? (guint) g_ascii_strtoull (order, NULL, 10) : 0;
}

/* What a legacy <boot dev=…> names a device of: "hd", "cdrom", "fd",
 * "network"; NULL for a host device. */
static const char *
legacy_name (xmlNodePtr node)
{
    g_autofree char *device = NULL;

    switch (domus_details_device_kind (node)) {
    case DOMUS_DEVICE_DISK:
        device = domus_details_get_prop (node, "device");
        if (g_strcmp0 (device, "cdrom") == 0)
            return "cdrom";
        if (g_strcmp0 (device, "floppy") == 0)
            return "fd";
        return "hd";
    case DOMUS_DEVICE_INTERFACE:
        return "network";
    default:
        return NULL;
    }
}

static int
by_order (gconstpointer a, gconstpointer b)
{
    const DomusBootDevice *x = a;
    const DomusBootDevice *y = b;

    /* Booted from first, by number; then the rest. */
    if ((x->order == 0) != (y->order == 0))
        return x->order == 0 ? 1 : -1;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return 0;
}

GArray *
domus_domain_details_get_boot_devices (DomusDomainDetails *self)
{
    GArray *out = g_array_new (FALSE, FALSE, sizeof (DomusBootDevice));
    g_auto(GStrv) legacy = NULL;
    gboolean per_device = FALSE;

    g_return_val_if_fail (DOMUS_IS_DOMAIN_DETAILS (self), out);

    for (guint k = 0; k < G_N_ELEMENTS (bootable); k++) {
        g_autoptr(GPtrArray) nodes = domus_details_devices (self, bootable[k]);

        for (guint i = 0; i < nodes->len; i++) {
            DomusBootDevice d = { bootable[k], i, device_order (g_ptr_array_index (nodes, i)) };

            per_device |= d.order != 0;
            g_array_append_val (out, d);
        }
    }
    /* No device names an order: the legacy list, by the first device of
     * each kind that is not taken yet. */
    if (!per_device) {
        legacy = domus_domain_details_get_boot_order (self);
        for (guint l = 0; legacy[l] != NULL; l++) {
            for (guint i = 0; i < out->len; i++) {
                DomusBootDevice *d = &g_array_index (out, DomusBootDevice, i);
                g_autoptr(GPtrArray) nodes = domus_details_devices (self, d->kind);

                if (d->order == 0 &&
                    g_strcmp0 (legacy_name (g_ptr_array_index (nodes, d->index)),
                               legacy[l]) == 0) {
                    d->order = l + 1;
                    break;
                }
            }
        }
    }
    /* A stable insertion sort (g_array_sort is not stable): a guest has a
     * handful of devices, and equals keep their document order. */
    {
        g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (DomusBootDevice));

        for (guint i = 0; i < out->len; i++) {
            guint j = sorted->len;
            DomusBootDevice d = g_array_index (out, DomusBootDevice, i);

            while (j > 0 && by_order (&g_array_index (sorted, DomusBootDevice, j - 1), &d) > 0)
                j--;
            g_array_insert_val (sorted, j, d);
        }
        g_array_set_size (out, 0);
        g_array_append_vals (out, sorted->data, sorted->len);
    }
    return out;
}

/* Where a new <boot> goes in a device: before <alias>/<address>, which
 * libvirt writes last; else at the end. */
static xmlNodePtr
insert_after (xmlNodePtr node)
{
    xmlNodePtr last = NULL;

    for (xmlNodePtr c = node->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual (c->name, BAD_CAST "alias") || xmlStrEqual (c->name, BAD_CAST "address"))
            return last;
        last = c;
    }
    return NULL;
}

void
domus_domain_details_set_boot_devices (DomusDomainDetails *self,
                                       const DomusBootDevice *devices, guint n_devices)
{
    g_autoptr(GArray) current = NULL;
    g_autofree char *now = NULL;
    g_autofree char *wanted = NULL;
    xmlNodePtr os;

    g_return_if_fail (DOMUS_IS_DOMAIN_DETAILS (self));

    current = domus_domain_details_get_boot_devices (self);
    now = domus_boot_devices_to_string ((DomusBootDevice *) (gpointer) current->data,
                                        current->len);
    wanted = domus_boot_devices_to_string (devices, n_devices);
    if (g_str_equal (now, wanted))
        return;

    /* Per device from now on: libvirt refuses <os><boot> beside them. */
    os = domus_details_child (root (self), "os");
    if (os != NULL) {
        xmlNodePtr c = os->children;

        while (c != NULL) {
            xmlNodePtr next = c->next;

            if (c->type == XML_ELEMENT_NODE && c->ns == NULL &&
                xmlStrEqual (c->name, BAD_CAST "boot"))
                domus_details_remove (c);
            c = next;
        }
    }
    for (guint k = 0; k < G_N_ELEMENTS (bootable); k++) {
        g_autoptr(GPtrArray) nodes = domus_details_devices (self, bootable[k]);

        for (guint i = 0; i < nodes->len; i++) {
            xmlNodePtr node = g_ptr_array_index (nodes, i);
            xmlNodePtr boot = domus_details_child (node, "boot");
            guint order = 0;

            for (guint j = 0, m = 0; j < n_devices; j++) {
                if (devices[j].order == 0)
                    continue;
                m++;
                if (devices[j].kind == bootable[k] && devices[j].index == i)
                    order = m;
            }
            if (order == 0) {
                domus_details_remove (boot);
                continue;
            }
            if (boot == NULL)
                boot = domus_details_new_child (node, insert_after (node), "boot");
            {
                g_autofree char *text = g_strdup_printf ("%u", order);
                g_autofree char *old = domus_details_get_prop (boot, "order");

                if (g_strcmp0 (old, text) != 0)
                    domus_details_set_prop (boot, "order", text);
            }
        }
    }
}

char *
domus_boot_devices_to_string (const DomusBootDevice *devices, guint n_devices)
{
    g_autoptr(GString) text = g_string_new (NULL);

    for (guint i = 0; i < n_devices; i++) {
        if (devices[i].order == 0)
            continue;
        if (text->len > 0)
            g_string_append_c (text, ',');
        g_string_append_printf (text, "%s:%u", domus_device_kind_element (devices[i].kind),
                                devices[i].index);
    }
    return g_string_free (g_steal_pointer (&text), FALSE);
}

GArray *
domus_boot_devices_from_string (const char *text)
{
    g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (DomusBootDevice));
    g_auto(GStrv) parts = NULL;

    g_return_val_if_fail (text != NULL, NULL);

    parts = g_strsplit (text, ",", -1);
    for (guint i = 0; parts[i] != NULL; i++) {
        const char *colon = strchr (parts[i], ':');
        DomusBootDevice d = { DOMUS_DEVICE_OTHER, 0, out->len + 1 };
        g_autofree char *element = NULL;
        char *end = NULL;

        if (*parts[i] == '\0' && parts[1] == NULL)
            break;
        if (colon == NULL)
            return NULL;
        element = g_strndup (parts[i], colon - parts[i]);
        for (guint k = 0; k < G_N_ELEMENTS (bootable); k++) {
            if (g_str_equal (element, domus_device_kind_element (bootable[k])))
                d.kind = bootable[k];
        }
        d.index = (guint) strtoul (colon + 1, &end, 10);
        if (d.kind == DOMUS_DEVICE_OTHER || end == colon + 1 || *end != '\0')
            return NULL;
        g_array_append_val (out, d);
    }
    return g_steal_pointer (&out);
}

typedef struct {
    guint order;
    char *key;
} KeyedBoot;

static int
by_keyed_order (gconstpointer a, gconstpointer b)
{
    const KeyedBoot *x = a;
    const KeyedBoot *y = b;

    return x->order < y->order ? -1 : x->order > y->order;
}

static void
keyed_boot_clear (gpointer data)
{
    g_free (((KeyedBoot *) data)->key);
}

char *
domus_details_take_device_boot (DomusDomainDetails *self)
{
    g_autoptr(GArray) booted = g_array_new (FALSE, FALSE, sizeof (KeyedBoot));
    g_autoptr(GString) text = g_string_new (NULL);

    /* By the devices' keys (disk target, MAC…), not their indices: a
     * device removed or added before a booted one leaves the order as it
     * was. A legacy <os><boot> list stays in the document and is compared
     * with it. */
    g_array_set_clear_func (booted, keyed_boot_clear);
    for (guint k = 0; k < G_N_ELEMENTS (bootable); k++) {
        g_autoptr(GPtrArray) nodes = domus_details_devices (self, bootable[k]);

        for (guint i = 0; i < nodes->len; i++) {
            xmlNodePtr node = g_ptr_array_index (nodes, i);
            KeyedBoot b = { device_order (node), NULL };

            if (b.order == 0)
                continue;
            b.key = domus_details_device_key (node, i);
            g_array_append_val (booted, b);
            domus_details_remove (domus_details_child (node, "boot"));
        }
    }
    g_array_sort (booted, by_keyed_order);
    for (guint i = 0; i < booted->len; i++)
        g_string_append_printf (text, "%s%s", i > 0 ? "," : "",
                                g_array_index (booted, KeyedBoot, i).key);
    return g_string_free (g_steal_pointer (&text), FALSE);
}
