/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Names for libvirt URIs, the way virt-manager's users know them:
 * "QEMU/KVM", "QEMU/KVM User session", "QEMU/KVM: host.example.com".
 */
#include "config.h"

#include "domus-uri.h"

#include <string.h>

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
