/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pure half of core/network: a network's and an interface's XML read
 * into plain data, a new network's defaults (a name, a bridge and subnets
 * nobody on the host uses yet), its checks in words, and its XML built with
 * libxml2. No libvirt call here: the golden-file tests run it alone.
 */
#include "config.h"

#include "domus-network.h"
#include "domus-network-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-xml.h"

void
domus_network_info_free (DomusNetworkInfo *info)
{
    if (info == NULL)
        return;
    g_free (info->name);
    g_free (info->uuid);
    g_free (info->forward_mode);
    g_free (info->bridge);
    g_free (info->ipv4_address);
    g_free (info->ipv4_dhcp_start);
    g_free (info->ipv4_dhcp_end);
    g_free (info->ipv6_address);
    g_free (info->ipv6_dhcp_start);
    g_free (info->ipv6_dhcp_end);
    g_free (info->domain);
    g_free (info);
}

DomusNetworkInfo *
domus_network_info_copy (const DomusNetworkInfo *info)
{
    DomusNetworkInfo *copy = g_memdup2 (info, sizeof *info);

    copy->name = g_strdup (info->name);
    copy->uuid = g_strdup (info->uuid);
    copy->forward_mode = g_strdup (info->forward_mode);
    copy->bridge = g_strdup (info->bridge);
    copy->ipv4_address = g_strdup (info->ipv4_address);
    copy->ipv4_dhcp_start = g_strdup (info->ipv4_dhcp_start);
    copy->ipv4_dhcp_end = g_strdup (info->ipv4_dhcp_end);
    copy->ipv6_address = g_strdup (info->ipv6_address);
    copy->ipv6_dhcp_start = g_strdup (info->ipv6_dhcp_start);
    copy->ipv6_dhcp_end = g_strdup (info->ipv6_dhcp_end);
    copy->domain = g_strdup (info->domain);
    return copy;
}

void
domus_network_lease_free (DomusNetworkLease *lease)
{
    if (lease == NULL)
        return;
    g_free (lease->network);
    g_free (lease->mac);
    g_free (lease->address);
    g_free (lease->hostname);
    g_free (lease);
}

void
domus_host_interface_free (DomusHostInterface *iface)
{
    if (iface == NULL)
        return;
    g_free (iface->name);
    g_free (iface->type);
    g_free (iface->mac);
    g_clear_pointer (&iface->addresses, g_ptr_array_unref);
    g_free (iface);
}

void
domus_network_static_host_free (DomusNetworkStaticHost *host)
{
    if (host == NULL)
        return;
    g_free (host->mac);
    g_free (host->name);
    g_free (host->address);
    g_free (host);
}

void
domus_network_config_free (DomusNetworkConfig *config)
{
    if (config == NULL)
        return;
    g_free (config->name);
    g_free (config->bridge);
    g_free (config->device);
    g_free (config->domain);
    g_free (config->ipv4_address);
    g_free (config->ipv4_dhcp_start);
    g_free (config->ipv4_dhcp_end);
    g_free (config->ipv6_address);
    g_free (config->ipv6_dhcp_start);
    g_free (config->ipv6_dhcp_end);
    g_clear_pointer (&config->hosts, g_ptr_array_unref);
    g_free (config);
}

gboolean
domus_network_kind_has_subnet (DomusNetworkKind kind)
{
    return kind != DOMUS_NETWORK_KIND_BRIDGE && kind != DOMUS_NETWORK_KIND_MACVTAP;
}

const char *
domus_network_kind_to_string (DomusNetworkKind kind)
{
    switch (kind) {
    case DOMUS_NETWORK_KIND_NAT:
        return _("NAT");
    case DOMUS_NETWORK_KIND_ROUTED:
        return _("Routed");
    case DOMUS_NETWORK_KIND_ISOLATED:
        return _("Isolated");
    case DOMUS_NETWORK_KIND_OPEN:
        return _("Open");
    case DOMUS_NETWORK_KIND_BRIDGE:
        return _("Host bridge");
    case DOMUS_NETWORK_KIND_MACVTAP:
        return _("Macvtap");
    default:
        g_return_val_if_reached (NULL);
    }
}

/* ---- addresses ----------------------------------------------------------- */

static gboolean
parse_address (const char *text, gboolean ipv6, guint8 bytes[16])
{
    g_autoptr(GInetAddress) addr = NULL;

    if (text == NULL || *text == '\0')
        return FALSE;
    addr = g_inet_address_new_from_string (text);
    if (addr == NULL ||
        g_inet_address_get_family (addr) != (ipv6 ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4))
        return FALSE;
    memcpy (bytes, g_inet_address_to_bytes (addr), g_inet_address_get_native_size (addr));
    return TRUE;
}

gboolean
domus_network_address_is_valid (const char *address, gboolean ipv6)
{
    guint8 bytes[16];

    return parse_address (address, ipv6, bytes);
}

static gboolean
same_prefix (const guint8 *a, const guint8 *b, guint bits)
{
    guint whole = bits / 8, rest = bits % 8;

    if (memcmp (a, b, whole) != 0)
        return FALSE;
    if (rest == 0)
        return TRUE;
    return ((a[whole] ^ b[whole]) & (guint8) (0xff << (8 - rest))) == 0;
}

gboolean
domus_network_subnet_contains (const char *subnet, guint prefix, const char *address)
{
    gboolean ipv6 = subnet != NULL && strchr (subnet, ':') != NULL;
    guint8 a[16], b[16];

    return parse_address (subnet, ipv6, a) && parse_address (address, ipv6, b) &&
           same_prefix (a, b, prefix);
}

/* Two subnets overlap when they agree on the shorter of their prefixes. */
static gboolean
subnets_overlap (const char *a, guint prefix_a, const char *b, guint prefix_b)
{
    gboolean ipv6 = strchr (a, ':') != NULL;
    guint8 x[16], y[16];

    return parse_address (a, ipv6, x) && parse_address (b, ipv6, y) &&
           same_prefix (x, y, MIN (prefix_a, prefix_b));
}

static int
compare_addresses (const char *a, const char *b, gboolean ipv6)
{
    guint8 x[16], y[16];

    parse_address (a, ipv6, x);
    parse_address (b, ipv6, y);
    return memcmp (x, y, ipv6 ? 16 : 4);
}

static guint
prefix_from_netmask (const char *netmask)
{
    guint8 bytes[16];
    guint prefix = 0;

    if (!parse_address (netmask, FALSE, bytes))
        return 0;
    for (guint i = 0; i < 4; i++) {
        for (int bit = 7; bit >= 0 && (bytes[i] >> bit) & 1; bit--)
            prefix++;
    }
    return prefix;
}

/* ---- reading ------------------------------------------------------------- */

DomusNetworkInfo *
domus_network_info_from_xml (const char *xml, GError **error)
{
    g_autoptr(xmlDoc) doc = domus_xml_parse (xml, error);
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(GPtrArray) ips = NULL;
    DomusNetworkInfo *info;
    g_autofree char *has_iface = NULL;

    if (doc == NULL)
        return NULL;
    ctx = xmlXPathNewContext (doc);
    info = g_new0 (DomusNetworkInfo, 1);
    info->name = domus_xml_get_string (ctx, NULL, "string(/network/name)");
    info->uuid = domus_xml_get_string (ctx, NULL, "string(/network/uuid)");
    info->domain = domus_xml_get_string (ctx, NULL, "string(/network/domain/@name)");
    {
        g_autoptr(GPtrArray) forward = domus_xml_get_nodes (ctx, NULL, "/network/forward");

        if (forward->len > 0) {
            info->forward_mode = domus_xml_get_string (ctx, NULL,
                                                       "string(/network/forward/@mode)");
            /* <forward/> without a mode is NAT. */
            if (info->forward_mode == NULL)
                info->forward_mode = g_strdup ("nat");
        }
    }
    info->bridge = domus_xml_get_string (ctx, NULL, "string(/network/bridge/@name)");
    has_iface = domus_xml_get_string (ctx, NULL,
                                      "string(/network/forward/interface[1]/@dev)");
    if (info->bridge == NULL)
        info->bridge = has_iface != NULL ? g_strdup (has_iface)
                                         : domus_xml_get_string (ctx, NULL,
                                                                 "string(/network/forward/@dev)");

    if (info->forward_mode == NULL)
        info->kind = DOMUS_NETWORK_KIND_ISOLATED;
    else if (g_str_equal (info->forward_mode, "nat"))
        info->kind = DOMUS_NETWORK_KIND_NAT;
    else if (g_str_equal (info->forward_mode, "route"))
        info->kind = DOMUS_NETWORK_KIND_ROUTED;
    else if (g_str_equal (info->forward_mode, "open"))
        info->kind = DOMUS_NETWORK_KIND_OPEN;
    else if (g_str_equal (info->forward_mode, "bridge") && has_iface == NULL)
        info->kind = DOMUS_NETWORK_KIND_BRIDGE;
    else
        info->kind = DOMUS_NETWORK_KIND_MACVTAP;

    ips = domus_xml_get_nodes (ctx, NULL, "/network/ip");
    for (guint i = 0; i < ips->len; i++) {
        xmlNodePtr ip = g_ptr_array_index (ips, i);
        g_autofree char *family = domus_xml_get_string (ctx, ip, "string(@family)");
        g_autofree char *address = domus_xml_get_string (ctx, ip, "string(@address)");
        g_autofree char *prefix = domus_xml_get_string (ctx, ip, "string(@prefix)");
        g_autofree char *netmask = domus_xml_get_string (ctx, ip, "string(@netmask)");
        gboolean ipv6 = g_strcmp0 (family, "ipv6") == 0 ||
                        (address != NULL && strchr (address, ':') != NULL);
        char **addr_out = ipv6 ? &info->ipv6_address : &info->ipv4_address;
        guint *prefix_out = ipv6 ? &info->ipv6_prefix : &info->ipv4_prefix;

        if (*addr_out != NULL || address == NULL)
            continue;
        *addr_out = g_steal_pointer (&address);
        if (prefix != NULL)
            *prefix_out = (guint) g_ascii_strtoull (prefix, NULL, 10);
        else if (netmask != NULL)
            *prefix_out = prefix_from_netmask (netmask);
        else
            *prefix_out = ipv6 ? 64 : 24;
        if (ipv6) {
            info->ipv6_dhcp_start = domus_xml_get_string (ctx, ip, "string(dhcp/range[1]/@start)");
            info->ipv6_dhcp_end = domus_xml_get_string (ctx, ip, "string(dhcp/range[1]/@end)");
        } else {
            info->ipv4_dhcp_start = domus_xml_get_string (ctx, ip, "string(dhcp/range[1]/@start)");
            info->ipv4_dhcp_end = domus_xml_get_string (ctx, ip, "string(dhcp/range[1]/@end)");
        }
    }
    return info;
}

DomusHostInterface *
domus_host_interface_from_xml (const char *xml, GError **error)
{
    g_autoptr(xmlDoc) doc = domus_xml_parse (xml, error);
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(GPtrArray) ips = NULL;
    DomusHostInterface *iface;

    if (doc == NULL)
        return NULL;
    ctx = xmlXPathNewContext (doc);
    iface = g_new0 (DomusHostInterface, 1);
    iface->name = domus_xml_get_string (ctx, NULL, "string(/interface/@name)");
    iface->type = domus_xml_get_string (ctx, NULL, "string(/interface/@type)");
    iface->mac = domus_xml_get_string (ctx, NULL, "string(/interface/mac/@address)");
    iface->addresses = g_ptr_array_new_with_free_func (g_free);
    ips = domus_xml_get_nodes (ctx, NULL, "/interface/protocol/ip");
    for (guint i = 0; i < ips->len; i++) {
        xmlNodePtr ip = g_ptr_array_index (ips, i);
        g_autofree char *address = domus_xml_get_string (ctx, ip, "string(@address)");
        g_autofree char *prefix = domus_xml_get_string (ctx, ip, "string(@prefix)");

        if (address != NULL)
            g_ptr_array_add (iface->addresses,
                             prefix != NULL ? g_strdup_printf ("%s/%s", address, prefix)
                                            : g_strdup (address));
    }
    return iface;
}

/* ---- defaults ------------------------------------------------------------ */

static gboolean
name_in_use (const char *name, GPtrArray *networks)
{
    for (guint i = 0; networks != NULL && i < networks->len; i++) {
        const DomusNetworkInfo *net = g_ptr_array_index (networks, i);

        if (g_strcmp0 (net->name, name) == 0)
            return TRUE;
    }
    return FALSE;
}

/* The network or host interface already called @bridge, or NULL. */
static const char *
bridge_user (const char *bridge, GPtrArray *networks, GPtrArray *interfaces)
{
    for (guint i = 0; networks != NULL && i < networks->len; i++) {
        const DomusNetworkInfo *net = g_ptr_array_index (networks, i);

        if (domus_network_kind_has_subnet (net->kind) && g_strcmp0 (net->bridge, bridge) == 0)
            return net->name;
    }
    for (guint i = 0; interfaces != NULL && i < interfaces->len; i++) {
        const DomusHostInterface *iface = g_ptr_array_index (interfaces, i);

        if (g_strcmp0 (iface->name, bridge) == 0)
            return iface->name;
    }
    return NULL;
}

/* Who already has a subnet overlapping @address/@prefix: a network's
 * name or a host interface's, or NULL. */
static const char *
subnet_user (const char *address, guint prefix, GPtrArray *networks, GPtrArray *interfaces)
{
    gboolean ipv6 = strchr (address, ':') != NULL;

    for (guint i = 0; networks != NULL && i < networks->len; i++) {
        const DomusNetworkInfo *net = g_ptr_array_index (networks, i);
        const char *other = ipv6 ? net->ipv6_address : net->ipv4_address;
        guint other_prefix = ipv6 ? net->ipv6_prefix : net->ipv4_prefix;

        if (other != NULL && subnets_overlap (address, prefix, other, other_prefix))
            return net->name;
    }
    for (guint i = 0; interfaces != NULL && i < interfaces->len; i++) {
        const DomusHostInterface *iface = g_ptr_array_index (interfaces, i);

        for (guint j = 0; j < iface->addresses->len; j++) {
            g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (iface->addresses, j), "/", 2);
            guint other_prefix = parts[1] != NULL ? (guint) g_ascii_strtoull (parts[1], NULL, 10)
                                                  : (ipv6 ? 128 : 32);

            if ((strchr (parts[0], ':') != NULL) == ipv6 &&
                subnets_overlap (address, prefix, parts[0], other_prefix))
                return iface->name;
        }
    }
    return NULL;
}

static const DomusHostInterface *
first_interface_of_type (GPtrArray *interfaces, const char *type)
{
    for (guint i = 0; interfaces != NULL && i < interfaces->len; i++) {
        const DomusHostInterface *iface = g_ptr_array_index (interfaces, i);

        if (g_strcmp0 (iface->type, type) == 0)
            return iface;
    }
    return NULL;
}

DomusNetworkConfig *
domus_network_config_new_default (DomusNetworkKind kind, GPtrArray *networks,
                                  GPtrArray *interfaces)
{
    DomusNetworkConfig *config = g_new0 (DomusNetworkConfig, 1);

    config->kind = kind;
    config->hosts =
        g_ptr_array_new_with_free_func ((GDestroyNotify) domus_network_static_host_free);
    config->autostart = TRUE;
    for (guint n = 1; config->name == NULL; n++) {
        g_autofree char *name = g_strdup_printf ("network%u", n);

        if (!name_in_use (name, networks))
            config->name = g_steal_pointer (&name);
    }

    if (kind == DOMUS_NETWORK_KIND_BRIDGE) {
        const DomusHostInterface *br = first_interface_of_type (interfaces, "bridge");

        config->bridge = g_strdup (br != NULL ? br->name : "br0");
        return config;
    }
    if (kind == DOMUS_NETWORK_KIND_MACVTAP) {
        const DomusHostInterface *nic = first_interface_of_type (interfaces, "ethernet");

        config->device = g_strdup (nic != NULL ? nic->name : "eth0");
        return config;
    }

    for (guint n = 1; config->bridge == NULL; n++) {
        g_autofree char *bridge = g_strdup_printf ("virbr%u", n);

        if (bridge_user (bridge, networks, interfaces) == NULL)
            config->bridge = g_steal_pointer (&bridge);
    }
    /* 192.168.100.0/24 upwards, as virt-manager does, past what the host
     * and its networks use; 10.N.0.0/24 when all of those are taken. */
    for (guint n = 100; config->ipv4_address == NULL && n < 512; n++) {
        g_autofree char *subnet = n < 256 ? g_strdup_printf ("192.168.%u.0", n)
                                          : g_strdup_printf ("10.%u.0.0", n - 256);

        if (subnet_user (subnet, 24, networks, interfaces) == NULL) {
            g_auto(GStrv) parts = g_strsplit (subnet, ".", 4);
            g_autofree char *base = g_strdup_printf ("%s.%s.%s", parts[0], parts[1], parts[2]);

            config->ipv4_address = g_strdup_printf ("%s.1", base);
            config->ipv4_dhcp_start = g_strdup_printf ("%s.2", base);
            config->ipv4_dhcp_end = g_strdup_printf ("%s.254", base);
        }
    }
    config->ipv4_prefix = 24;
    config->ipv4 = config->ipv4_address != NULL;
    config->ipv4_dhcp = config->ipv4;
    for (guint n = 100; config->ipv6_address == NULL && n < 0x10000; n++) {
        g_autofree char *subnet = g_strdup_printf ("fd00:0:0:%x::", n);

        if (subnet_user (subnet, 64, networks, interfaces) == NULL) {
            config->ipv6_address = g_strdup_printf ("fd00:0:0:%x::1", n);
            config->ipv6_dhcp_start = g_strdup_printf ("fd00:0:0:%x::100", n);
            config->ipv6_dhcp_end = g_strdup_printf ("fd00:0:0:%x::1ff", n);
        }
    }
    config->ipv6_prefix = 64;
    config->ipv6 = FALSE;
    config->ipv6_dhcp = TRUE;
    return config;
}

/* ---- checks -------------------------------------------------------------- */

static gboolean
fail (DomusNetworkField *field, DomusNetworkField which, GError **error, const char *format, ...)
    G_GNUC_PRINTF (4, 5);

static gboolean
fail (DomusNetworkField *field, DomusNetworkField which, GError **error, const char *format, ...)
{
    g_autofree char *message = NULL;
    va_list args;

    if (field != NULL)
        *field = which;
    va_start (args, format);
    message = g_strdup_vprintf (format, args);
    va_end (args);
    g_set_error_literal (error, DOMUS_ERROR, DOMUS_ERROR_FAILED, message);
    return FALSE;
}

static gboolean
is_interface_name (const char *name)
{
    /* The kernel's rule: at most 15 bytes, no slash, colon or space. */
    return name != NULL && *name != '\0' && strlen (name) <= 15 &&
           strpbrk (name, "/: \t") == NULL;
}

static gboolean
is_domain_name (const char *domain)
{
    for (const char *p = domain; *p != '\0'; p++) {
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
            return FALSE;
    }
    return *domain != '.' && *domain != '-';
}

static gboolean
is_mac (const char *mac)
{
    g_auto(GStrv) parts = mac != NULL ? g_strsplit (mac, ":", -1) : NULL;

    if (parts == NULL || g_strv_length (parts) != 6)
        return FALSE;
    for (guint i = 0; i < 6; i++) {
        if (strlen (parts[i]) != 2 || !g_ascii_isxdigit (parts[i][0]) ||
            !g_ascii_isxdigit (parts[i][1]))
            return FALSE;
    }
    return TRUE;
}

static gboolean
check_subnet (const char *address, guint prefix, gboolean ipv6, gboolean dhcp,
              const char *start, const char *end, GPtrArray *networks, GPtrArray *interfaces,
              DomusNetworkField *field, GError **error)
{
    DomusNetworkField which = ipv6 ? DOMUS_NETWORK_FIELD_IPV6 : DOMUS_NETWORK_FIELD_IPV4;
    DomusNetworkField which_dhcp = ipv6 ? DOMUS_NETWORK_FIELD_IPV6_DHCP
                                        : DOMUS_NETWORK_FIELD_IPV4_DHCP;
    guint max_prefix = ipv6 ? 126 : 30;
    const char *user;

    if (!domus_network_address_is_valid (address, ipv6))
        return fail (field, which, error,
                     ipv6 ? _("“%s” is not an IPv6 address.")
                          : _("“%s” is not an IPv4 address."),
                     address != NULL ? address : "");
    if (prefix < 8 || prefix > max_prefix)
        return fail (field, which, error,
                     _("The prefix length must be between 8 and %u."), max_prefix);
    user = subnet_user (address, prefix, networks, interfaces);
    if (user != NULL)
        return fail (field, which, error,
                     _("The subnet %s/%u overlaps the one of “%s” on this host: choose "
                       "another."), address, prefix, user);
    if (!dhcp)
        return TRUE;
    if (!domus_network_address_is_valid (start, ipv6) ||
        !domus_network_address_is_valid (end, ipv6))
        return fail (field, which_dhcp, error,
                     _("The DHCP range needs a first and a last address."));
    if (!domus_network_subnet_contains (address, prefix, start) ||
        !domus_network_subnet_contains (address, prefix, end))
        return fail (field, which_dhcp, error,
                     _("The DHCP range %s – %s is outside the subnet %s/%u."),
                     start, end, address, prefix);
    if (compare_addresses (start, end, ipv6) > 0)
        return fail (field, which_dhcp, error,
                     _("The DHCP range starts after it ends (%s – %s)."), start, end);
    return TRUE;
}

gboolean
domus_network_config_check (const DomusNetworkConfig *config, GPtrArray *networks,
                            GPtrArray *interfaces, DomusNetworkField *field, GError **error)
{
    const char *user;

    g_return_val_if_fail (config != NULL, FALSE);

    if (field != NULL)
        *field = DOMUS_NETWORK_FIELD_NONE;
    if (config->name == NULL || *config->name == '\0')
        return fail (field, DOMUS_NETWORK_FIELD_NAME, error, _("The network needs a name."));
    if (strchr (config->name, '/') != NULL)
        return fail (field, DOMUS_NETWORK_FIELD_NAME, error,
                     _("A network name cannot contain “/”."));
    if (name_in_use (config->name, networks))
        return fail (field, DOMUS_NETWORK_FIELD_NAME, error,
                     _("This host already has a network named “%s”."), config->name);

    if (config->kind == DOMUS_NETWORK_KIND_MACVTAP) {
        if (!is_interface_name (config->device))
            return fail (field, DOMUS_NETWORK_FIELD_DEVICE, error,
                         _("Choose the host interface the guests share."));
        return TRUE;
    }
    if (!is_interface_name (config->bridge))
        return fail (field, DOMUS_NETWORK_FIELD_BRIDGE, error,
                     _("A bridge name has 1 to 15 characters, without “/”, “:” or "
                       "spaces."));
    if (config->kind == DOMUS_NETWORK_KIND_BRIDGE)
        return TRUE;
    user = bridge_user (config->bridge, networks, interfaces);
    if (user != NULL)
        return fail (field, DOMUS_NETWORK_FIELD_BRIDGE, error,
                     g_strcmp0 (user, config->bridge) == 0
                     ? _("The host already has an interface named “%s”.")
                     : _("The bridge “%s” belongs to another network."), config->bridge);
    if (config->device != NULL && *config->device != '\0' && !is_interface_name (config->device))
        return fail (field, DOMUS_NETWORK_FIELD_DEVICE, error,
                     _("“%s” is not an interface name."), config->device);
    if (config->domain != NULL && *config->domain != '\0' && !is_domain_name (config->domain))
        return fail (field, DOMUS_NETWORK_FIELD_DOMAIN, error,
                     _("A DNS domain has letters, digits, “-” and “.” only."));

    if (config->kind == DOMUS_NETWORK_KIND_NAT && !config->ipv4)
        return fail (field, DOMUS_NETWORK_FIELD_IPV4, error,
                     _("A NAT network needs an IPv4 subnet."));
    if (config->ipv4 &&
        !check_subnet (config->ipv4_address, config->ipv4_prefix, FALSE, config->ipv4_dhcp,
                       config->ipv4_dhcp_start, config->ipv4_dhcp_end, networks, interfaces,
                       field, error))
        return FALSE;
    if (config->ipv6 &&
        !check_subnet (config->ipv6_address, config->ipv6_prefix, TRUE, config->ipv6_dhcp,
                       config->ipv6_dhcp_start, config->ipv6_dhcp_end, networks, interfaces,
                       field, error))
        return FALSE;

    for (guint i = 0; config->hosts != NULL && i < config->hosts->len; i++) {
        const DomusNetworkStaticHost *host = g_ptr_array_index (config->hosts, i);

        if (!config->ipv4 || !config->ipv4_dhcp)
            return fail (field, DOMUS_NETWORK_FIELD_HOSTS, error,
                         _("Fixed addresses need IPv4 with DHCP."));
        if (!is_mac (host->mac))
            return fail (field, DOMUS_NETWORK_FIELD_HOSTS, error,
                         _("“%s” is not a MAC address (six pairs of hex digits, "
                           "like 52:54:00:12:34:56)."), host->mac != NULL ? host->mac : "");
        if (!domus_network_subnet_contains (config->ipv4_address, config->ipv4_prefix,
                                            host->address))
            return fail (field, DOMUS_NETWORK_FIELD_HOSTS, error,
                         _("The fixed address “%s” is outside the subnet %s/%u."),
                         host->address != NULL ? host->address : "",
                         config->ipv4_address, config->ipv4_prefix);
        for (guint j = 0; j < i; j++) {
            const DomusNetworkStaticHost *other = g_ptr_array_index (config->hosts, j);

            if (g_ascii_strcasecmp (other->mac, host->mac) == 0)
                return fail (field, DOMUS_NETWORK_FIELD_HOSTS, error,
                             _("The MAC address %s has two fixed addresses."), host->mac);
            if (g_strcmp0 (other->address, host->address) == 0)
                return fail (field, DOMUS_NETWORK_FIELD_HOSTS, error,
                             _("The address %s is given to two guests."), host->address);
        }
    }
    return TRUE;
}

/* ---- XML ----------------------------------------------------------------- */

static xmlNodePtr
add (xmlNodePtr parent, const char *name)
{
    return xmlNewChild (parent, NULL, BAD_CAST name, NULL);
}

static void
set (xmlNodePtr node, const char *name, const char *value)
{
    xmlNewProp (node, BAD_CAST name, BAD_CAST value);
}

static void
add_ip (xmlNodePtr network, gboolean ipv6, const char *address, guint prefix, gboolean dhcp,
        const char *start, const char *end, GPtrArray *hosts)
{
    xmlNodePtr ip = add (network, "ip");
    g_autofree char *bits = g_strdup_printf ("%u", prefix);

    if (ipv6)
        set (ip, "family", "ipv6");
    set (ip, "address", address);
    set (ip, "prefix", bits);
    if (dhcp) {
        xmlNodePtr dhcp_node = add (ip, "dhcp");
        xmlNodePtr range = add (dhcp_node, "range");

        set (range, "start", start);
        set (range, "end", end);
        for (guint i = 0; hosts != NULL && i < hosts->len; i++) {
            const DomusNetworkStaticHost *host = g_ptr_array_index (hosts, i);
            xmlNodePtr node = add (dhcp_node, "host");

            set (node, "mac", host->mac);
            if (host->name != NULL && *host->name != '\0')
                set (node, "name", host->name);
            set (node, "ip", host->address);
        }
    }
}

char *
domus_network_config_to_xml (const DomusNetworkConfig *config)
{
    g_autoptr(xmlDoc) doc = xmlNewDoc (BAD_CAST "1.0");
    xmlNodePtr network = xmlNewNode (NULL, BAD_CAST "network");
    xmlNodePtr forward = NULL, node;
    gboolean has_device = config->device != NULL && *config->device != '\0';

    g_return_val_if_fail (config != NULL, NULL);

    xmlDocSetRootElement (doc, network);
    xmlNewTextChild (network, NULL, BAD_CAST "name", BAD_CAST config->name);

    switch (config->kind) {
    case DOMUS_NETWORK_KIND_NAT:
        forward = add (network, "forward");
        set (forward, "mode", "nat");
        break;
    case DOMUS_NETWORK_KIND_ROUTED:
        forward = add (network, "forward");
        set (forward, "mode", "route");
        break;
    case DOMUS_NETWORK_KIND_OPEN:
        forward = add (network, "forward");
        set (forward, "mode", "open");
        break;
    case DOMUS_NETWORK_KIND_ISOLATED:
        break;
    case DOMUS_NETWORK_KIND_BRIDGE:
        set (add (network, "forward"), "mode", "bridge");
        set (add (network, "bridge"), "name", config->bridge);
        return domus_xml_to_string (doc, NULL);
    case DOMUS_NETWORK_KIND_MACVTAP:
        forward = add (network, "forward");
        set (forward, "mode", "bridge");
        set (add (forward, "interface"), "dev", config->device);
        return domus_xml_to_string (doc, NULL);
    default:
        g_return_val_if_reached (NULL);
    }
    if (forward != NULL && has_device && config->kind != DOMUS_NETWORK_KIND_OPEN)
        set (forward, "dev", config->device);

    node = add (network, "bridge");
    set (node, "name", config->bridge);
    set (node, "stp", "on");
    set (node, "delay", "0");
    if (config->domain != NULL && *config->domain != '\0') {
        node = add (network, "domain");
        set (node, "name", config->domain);
        /* Names under the domain are answered here, never forwarded. */
        set (node, "localOnly", "yes");
    }
    if (config->ipv4)
        add_ip (network, FALSE, config->ipv4_address, config->ipv4_prefix, config->ipv4_dhcp,
                config->ipv4_dhcp_start, config->ipv4_dhcp_end, config->hosts);
    if (config->ipv6)
        add_ip (network, TRUE, config->ipv6_address, config->ipv6_prefix, config->ipv6_dhcp,
                config->ipv6_dhcp_start, config->ipv6_dhcp_end, NULL);
    return domus_xml_to_string (doc, NULL);
}
