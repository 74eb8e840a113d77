/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Names for libvirt URIs, the way virt-manager's users know them ("QEMU/KVM",
 * "QEMU/KVM User session", "QEMU/KVM: host.example.com"), and the URIs the
 * Add Connection dialog builds, in libvirt's documented forms. Every check
 * says what is wrong and what to do. Pure strings: no libvirt call, no GTK.
 */
#include "config.h"

#include "domus-uri.h"

#include <string.h>

#include <arpa/inet.h>
#include <glib/gi18n-lib.h>

static const struct {
    const char *scheme;
    const char *name;
} hypervisors[] = {
    { "qemu", N_("QEMU/KVM") },
    { "xen", N_("Xen") },
    { "lxc", N_("LXC") },
    { "esx", N_("VMware ESX") },
    { "vpx", N_("VMware vCenter") },
    { "vbox", N_("VirtualBox") },
    { "bhyve", N_("bhyve") },
    { "ch", N_("Cloud Hypervisor") },
    { "test", N_("Test") },
};

/* "qemu+ssh" -> "QEMU/KVM"; unknown drivers keep their own scheme name. */
char *
domus_uri_get_hypervisor_name (const char *uri)
{
    g_autofree char *scheme = NULL;
    const char *colon, *plus;

    g_return_val_if_fail (uri != NULL, NULL);

    colon = strchr (uri, ':');
    if (colon == NULL)
        return g_strdup (uri);
    scheme = g_ascii_strdown (uri, colon - uri);
    plus = strchr (scheme, '+');
    if (plus != NULL)
        scheme[plus - scheme] = '\0';

    for (guint i = 0; i < G_N_ELEMENTS (hypervisors); i++) {
        if (g_str_equal (scheme, hypervisors[i].scheme))
            return g_strdup (_(hypervisors[i].name));
    }
    return g_steal_pointer (&scheme);
}

/* "qemu+ssh://h/system" -> SSH; a host without a transport means TLS, as
 * for libvirt; no host, or "+unix", is local. */
DomusTransport
domus_uri_get_transport (const char *uri)
{
    g_autoptr(GUri) parsed = NULL;
    const char *scheme, *plus, *host;

    g_return_val_if_fail (uri != NULL, DOMUS_TRANSPORT_LOCAL);

    parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL);
    if (parsed == NULL)
        return DOMUS_TRANSPORT_LOCAL;
    scheme = g_uri_get_scheme (parsed);
    plus = strchr (scheme, '+');
    if (plus != NULL) {
        if (g_ascii_strcasecmp (plus + 1, "ssh") == 0 ||
            g_ascii_strcasecmp (plus + 1, "libssh") == 0 ||
            g_ascii_strcasecmp (plus + 1, "libssh2") == 0)
            return DOMUS_TRANSPORT_SSH;
        if (g_ascii_strcasecmp (plus + 1, "tls") == 0)
            return DOMUS_TRANSPORT_TLS;
        if (g_ascii_strcasecmp (plus + 1, "tcp") == 0)
            return DOMUS_TRANSPORT_TCP;
        return DOMUS_TRANSPORT_LOCAL;   /* unix, ext */
    }
    host = g_uri_get_host (parsed);
    return host != NULL && *host != '\0' ? DOMUS_TRANSPORT_TLS : DOMUS_TRANSPORT_LOCAL;
}

char *
domus_uri_get_display_name (const char *uri)
{
    g_autofree char *hv = NULL;
    g_autoptr(GUri) parsed = NULL;
    const char *host, *path;

    g_return_val_if_fail (uri != NULL, NULL);

    hv = domus_uri_get_hypervisor_name (uri);
    parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED, NULL);
    if (parsed == NULL)
        return g_strdup (uri);

    host = g_uri_get_host (parsed);
    path = g_uri_get_path (parsed);

    if (host != NULL && *host != '\0') {
        /* Translators: hypervisor and host, e.g. "QEMU/KVM: db01.example.com" */
        return g_strdup_printf (_("%s: %s"), hv, host);
    }
    if (g_str_equal (path, "/session")) {
        /* Translators: e.g. "QEMU/KVM User session" */
        return g_strdup_printf (_("%s User session"), hv);
    }
    if ((g_str_has_prefix (uri, "test:") || g_str_has_prefix (uri, "test+")) &&
        g_strcmp0 (path, "/default") != 0 && *path == '/') {
        g_autofree char *base = g_path_get_basename (path);

        return g_strdup_printf (_("%s: %s"), hv, base);
    }
    return g_steal_pointer (&hv);
}

G_DEFINE_QUARK (domus-uri-error-quark, domus_uri_error)

/* Indexed by DomusHypervisor and DomusTransport. */
static const struct {
    const char *driver;
    const char *path;
} builders[] = {
    [DOMUS_HYPERVISOR_QEMU] = { "qemu", "system" },
    [DOMUS_HYPERVISOR_QEMU_SESSION] = { "qemu", "session" },
    [DOMUS_HYPERVISOR_XEN] = { "xen", "system" },
    [DOMUS_HYPERVISOR_LXC] = { "lxc", "system" },
    [DOMUS_HYPERVISOR_ESX] = { "esx", "" },
};

static const char *const transports[] = {
    [DOMUS_TRANSPORT_LOCAL] = NULL,
    [DOMUS_TRANSPORT_SSH] = "ssh",
    [DOMUS_TRANSPORT_TLS] = "tls",
    [DOMUS_TRANSPORT_TCP] = "tcp",
};

static gboolean
is_ipv6_address (const char *text)
{
    struct in6_addr addr;

    return inet_pton (AF_INET6, text, &addr) == 1;
}

static gboolean
is_ipv4_address (const char *text)
{
    struct in_addr addr;

    return inet_pton (AF_INET, text, &addr) == 1;
}

static gboolean
has_space (const char *text)
{
    for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p)) {
        if (g_unichar_isspace (g_utf8_get_char (p)))
            return TRUE;
    }
    return FALSE;
}

static void
set_invalid_ipv6 (GError **error, const char *host)
{
    g_set_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_HOST,
                 _("“%s” is not a valid IPv6 address: write it like 2001:db8::1, "
                   "with or without brackets."), host);
}

static void
set_host_has_port (GError **error, const char *host)
{
    g_set_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_HOST,
                 _("“%s” is not a valid host name: leave out the colon and the port, "
                   "and enter the port in its own field."), host);
}

/* The checks on a DNS name in ASCII (RFC 1123): labels of letters, digits
 * and inner hyphens, 63 characters each, 253 in all, one final dot allowed.
 * @shown is what the user typed, for the messages. */
static gboolean
check_dns_name (const char *name, const char *shown, GError **error)
{
    size_t len = strlen (name);
    size_t start = 0;
    gboolean numeric = TRUE;

    for (size_t i = 0; i < len; i++) {
        if (!g_ascii_isdigit (name[i]) && name[i] != '.')
            numeric = FALSE;
    }
    /* inet_aton() would read "10.1" or "3232235777" as addresses; a name
     * of digits and dots can only be meant as a dotted quad. */
    if (numeric) {
        if (is_ipv4_address (name))
            return TRUE;
        g_set_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_HOST,
                     _("“%s” is not a valid IPv4 address: write four numbers from 0 to 255 "
                       "separated by dots, like 192.0.2.1."), shown);
        return FALSE;
    }

    if (len > 1 && name[len - 1] == '.')
        len--;
    if (len > 253) {
        g_set_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_HOST,
                     _("“%s” is not a valid host name: host names are at most "
                       "253 characters long."), shown);
        return FALSE;
    }

    while (start <= len) {
        size_t end = start;

        while (end < len && name[end] != '.')
            end++;
        if (end == start) {
            g_set_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_HOST,
                         _("“%s” is not a valid host name: it may not start with a dot "
                           "or have two dots in a row."), shown);
            return FALSE;
        }
        if (end - start > 63) {
            g_set_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_HOST,
                         _("“%s” is not a valid host name: each part between dots is at "
                           "most 63 characters long."), shown);
            return FALSE;
        }
        for (size_t i = start; i < end; i++) {
            if (!g_ascii_isalnum (name[i]) && name[i] != '-') {
                char bad[2] = { name[i], '\0' };

                g_set_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_HOST,
                             _("“%s” is not a valid host name: “%s” is not allowed; use "
                               "only letters, digits, hyphens and dots."), shown, bad);
                return FALSE;
            }
        }
        if (name[start] == '-' || name[end - 1] == '-') {
            g_set_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_HOST,
                         _("“%s” is not a valid host name: a part between dots may not "
                           "start or end with a hyphen."), shown);
            return FALSE;
        }
        start = end + 1;
    }
    return TRUE;
}

/* The host as it goes into a URI: ASCII (internationalized names in their
 * xn-- form), an IPv6 address without its brackets (*@ipv6 says so). */
static char *
parse_host (const char *host, gboolean *ipv6, GError **error)
{
    const char *scheme_end;
    g_autofree char *ascii = NULL;

    *ipv6 = FALSE;
    if (host == NULL || *host == '\0') {
        g_set_error_literal (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_MISSING,
                             _("Enter the name or address of the host."));
        return NULL;
    }
    if (has_space (host)) {
        g_set_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_HOST,
                     _("“%s” is not a valid host name: host names may not contain "
                       "spaces."), host);
        return NULL;
    }
    scheme_end = strstr (host, "://");
    if (scheme_end != NULL) {
        g_autofree char *scheme = g_strndup (host, scheme_end + 3 - host);

        g_set_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_HOST,
                     _("“%s” is not a valid host name: enter the host alone, "
                       "without “%s”."), host, scheme);
        return NULL;
    }
    if (strchr (host, '@') != NULL) {
        g_set_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_HOST,
                     _("“%s” is not a valid host name: leave out the user name and “@”, "
                       "and enter the user name in its own field."), host);
        return NULL;
    }
    if (strchr (host, '/') != NULL) {
        g_set_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_HOST,
                     _("“%s” is not a valid host name: enter the host alone, "
                       "without a path."), host);
        return NULL;
    }

    if (host[0] == '[') {
        const char *close = strchr (host, ']');
        g_autofree char *inner = NULL;

        if (close != NULL && close[1] == ':') {
            set_host_has_port (error, host);
            return NULL;
        }
        if (close == NULL || close[1] != '\0') {
            set_invalid_ipv6 (error, host);
            return NULL;
        }
        inner = g_strndup (host + 1, close - host - 1);
        if (!is_ipv6_address (inner)) {
            set_invalid_ipv6 (error, host);
            return NULL;
        }
        *ipv6 = TRUE;
        return g_steal_pointer (&inner);
    }
    if (strchr (host, ':') != NULL) {
        if (is_ipv6_address (host)) {
            *ipv6 = TRUE;
            return g_strdup (host);
        }
        /* One colon: "host:port"; more can only be an IPv6 address. */
        if (strchr (host, ':') == strrchr (host, ':'))
            set_host_has_port (error, host);
        else
            set_invalid_ipv6 (error, host);
        return NULL;
    }

    ascii = g_str_is_ascii (host) ? g_strdup (host) : g_hostname_to_ascii (host);
    if (ascii == NULL) {
        g_set_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_HOST,
                     _("“%s” is not a valid host name: use only letters, digits, "
                       "hyphens and dots."), host);
        return NULL;
    }
    if (!check_dns_name (ascii, host, error))
        return NULL;
    return g_steal_pointer (&ascii);
}

/**
 * domus_uri_validate_host:
 * @host: what the user typed: a DNS name, an IPv4 address, or an IPv6
 *   address with or without brackets
 *
 * Returns: %TRUE if @host can stand as the host of a connection URI; if
 *   not, @error says why and what to do (%DOMUS_URI_ERROR_MISSING when
 *   @host is empty).
 */
gboolean
domus_uri_validate_host (const char *host, GError **error)
{
    g_autofree char *parsed = NULL;
    gboolean ipv6;

    g_return_val_if_fail (host == NULL || g_utf8_validate (host, -1, NULL), FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    parsed = parse_host (host, &ipv6, error);
    return parsed != NULL;
}

/**
 * domus_uri_validate_port:
 * @text: what the user typed; empty means the transport's default port
 * @port: (out) (optional): the port, or 0 for the default
 */
gboolean
domus_uri_validate_port (const char *text, int *port, GError **error)
{
    guint64 value;

    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    if (port != NULL)
        *port = 0;
    if (text == NULL || *text == '\0')
        return TRUE;
    for (const char *p = text; *p != '\0'; p++) {
        if (!g_ascii_isdigit (*p)) {
            g_set_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_PORT,
                         _("“%s” is not a valid port: use digits only, for a number "
                           "from 1 to 65535."), text);
            return FALSE;
        }
    }
    value = strlen (text) > 5 ? G_MAXUINT64 : g_ascii_strtoull (text, NULL, 10);
    if (value < 1 || value > 65535) {
        g_set_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_PORT,
                     _("“%s” is not a valid port: choose a number from 1 to 65535, "
                       "or leave it empty for the default port."), text);
        return FALSE;
    }
    if (port != NULL)
        *port = (int) value;
    return TRUE;
}

/* driver[+transport]:// with the characters a URI scheme allows. */
static gboolean
has_libvirt_scheme (const char *uri)
{
    const char *p = uri;

    if (!g_ascii_isalpha (*p))
        return FALSE;
    while (g_ascii_isalnum (*p) || *p == '-' || *p == '.')
        p++;
    if (*p == '+') {
        p++;
        if (!g_ascii_isalnum (*p))
            return FALSE;
        while (g_ascii_isalnum (*p) || *p == '-' || *p == '.')
            p++;
    }
    return g_str_has_prefix (p, "://");
}

/**
 * domus_uri_validate_custom:
 * @uri: a libvirt URI as the user typed it
 *
 * Checks the form only (a driver, "://", and what GUri parses): whether
 * the driver exists and the host answers is for libvirt to say.
 */
gboolean
domus_uri_validate_custom (const char *uri, GError **error)
{
    g_autoptr(GUri) parsed = NULL;
    g_autoptr(GError) parse_error = NULL;

    g_return_val_if_fail (uri == NULL || g_utf8_validate (uri, -1, NULL), FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    if (uri == NULL || *uri == '\0') {
        g_set_error_literal (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_MISSING,
                             _("Enter a libvirt URI, such as “qemu:///system”."));
        return FALSE;
    }
    if (has_space (uri)) {
        g_set_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_URI,
                     _("“%s” is not a valid URI: URIs may not contain spaces; "
                       "write a space as “%%20”."), uri);
        return FALSE;
    }
    if (!has_libvirt_scheme (uri)) {
        g_set_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_URI,
                     _("“%s” is not a libvirt URI: write it as "
                       "driver[+transport]://[user@][host][:port]/path, "
                       "such as “qemu:///system”."), uri);
        return FALSE;
    }
    parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED, &parse_error);
    if (parsed == NULL) {
        /* Translators: the second %s is GLib's reason, e.g. "Invalid %-encoding in URI" */
        g_set_error (error, DOMUS_URI_ERROR, DOMUS_URI_ERROR_INVALID_URI,
                     _("“%s” is not a valid URI: %s."), uri, parse_error->message);
        return FALSE;
    }
    return TRUE;
}

int
domus_uri_get_default_port (DomusHypervisor hv, DomusTransport transport)
{
    if (hv == DOMUS_HYPERVISOR_ESX)
        return 443;
    if (hv == DOMUS_HYPERVISOR_CUSTOM)
        return 0;
    switch (transport) {
    case DOMUS_TRANSPORT_SSH:
        return 22;
    case DOMUS_TRANSPORT_TLS:
        return 16514;
    case DOMUS_TRANSPORT_TCP:
        return 16509;
    case DOMUS_TRANSPORT_LOCAL:
    default:
        return 0;
    }
}

/**
 * domus_uri_build:
 * @hv: the hypervisor
 * @transport: how to reach a remote host; ignored for ESX (always HTTPS)
 *   and for a custom URI
 * @user: (nullable): the user on the remote host, or %NULL / "" for the default
 * @host: (nullable): the remote host; required unless @transport is local
 * @port: 0 for the transport's default
 * @custom_uri: (nullable): the URI itself, for %DOMUS_HYPERVISOR_CUSTOM
 *
 * Builds a URI in libvirt's documented forms: `qemu:///system`,
 * `qemu+ssh://root@host:2222/system`, `xen+tls://host/system`,
 * `esx://user@host/`. The user name is percent-encoded, an IPv6 address is
 * bracketed.
 *
 * Returns: (transfer full): the URI, or %NULL with @error saying what to fix.
 */
char *
domus_uri_build (DomusHypervisor hv, DomusTransport transport, const char *user,
                 const char *host, int port, const char *custom_uri, GError **error)
{
    g_autofree char *ascii_host = NULL;
    gboolean ipv6;
    GString *uri;

    g_return_val_if_fail (hv <= DOMUS_HYPERVISOR_CUSTOM, NULL);
    g_return_val_if_fail (transport <= DOMUS_TRANSPORT_TCP, NULL);
    g_return_val_if_fail (port >= 0 && port <= 65535, NULL);
    g_return_val_if_fail (user == NULL || g_utf8_validate (user, -1, NULL), NULL);
    g_return_val_if_fail (host == NULL || g_utf8_validate (host, -1, NULL), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    if (hv == DOMUS_HYPERVISOR_CUSTOM) {
        if (!domus_uri_validate_custom (custom_uri, error))
            return NULL;
        return g_strdup (custom_uri);
    }
    if (hv != DOMUS_HYPERVISOR_ESX && transport == DOMUS_TRANSPORT_LOCAL)
        return g_strdup_printf ("%s:///%s", builders[hv].driver, builders[hv].path);

    ascii_host = parse_host (host, &ipv6, error);
    if (ascii_host == NULL)
        return NULL;

    uri = g_string_new (builders[hv].driver);
    if (hv != DOMUS_HYPERVISOR_ESX)
        g_string_append_printf (uri, "+%s", transports[transport]);
    g_string_append (uri, "://");
    if (user != NULL && *user != '\0') {
        g_autofree char *escaped = g_uri_escape_string (user, NULL, FALSE);

        g_string_append_printf (uri, "%s@", escaped);
    }
    g_string_append_printf (uri, ipv6 ? "[%s]" : "%s", ascii_host);
    if (port > 0)
        g_string_append_printf (uri, ":%d", port);
    g_string_append_printf (uri, "/%s", builders[hv].path);
    return g_string_free (uri, FALSE);
}
