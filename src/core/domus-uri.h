/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Connection URIs: the name an admin reads for a libvirt URI, and the URI
 * built from what the Add Connection dialog asks (hypervisor, transport,
 * user, host, port), with the checks that explain a wrong host or port.
 * Pure string work, no libvirt call, so it is safe anywhere and unit-tested
 * in core.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DOMUS_URI_ERROR (domus_uri_error_quark ())

typedef enum {
    DOMUS_URI_ERROR_MISSING,        /* a required field is empty */
    DOMUS_URI_ERROR_INVALID_HOST,
    DOMUS_URI_ERROR_INVALID_PORT,
    DOMUS_URI_ERROR_INVALID_URI,
} DomusUriError;

typedef enum {
    DOMUS_HYPERVISOR_QEMU,
    DOMUS_HYPERVISOR_QEMU_SESSION,
    DOMUS_HYPERVISOR_XEN,
    DOMUS_HYPERVISOR_LXC,
    DOMUS_HYPERVISOR_ESX,           /* always remote, over HTTPS */
    DOMUS_HYPERVISOR_CUSTOM,        /* the URI is the user's own */
} DomusHypervisor;

typedef enum {
    DOMUS_TRANSPORT_LOCAL,
    DOMUS_TRANSPORT_SSH,
    DOMUS_TRANSPORT_TLS,
    DOMUS_TRANSPORT_TCP,
} DomusTransport;

GQuark    domus_uri_error_quark           (void);

char     *domus_uri_get_display_name      (const char *uri);
char     *domus_uri_get_hypervisor_name   (const char *uri);
DomusTransport domus_uri_get_transport    (const char *uri);

char     *domus_uri_build                 (DomusHypervisor hv,
                                           DomusTransport transport,
                                           const char *user,
                                           const char *host,
                                           int port,
                                           const char *custom_uri,
                                           GError **error);
/* The port libvirt uses when the URI names none; 0 for local hosts. */
int       domus_uri_get_default_port      (DomusHypervisor hv,
                                           DomusTransport transport);

gboolean  domus_uri_validate_host         (const char *host,
                                           GError **error);
gboolean  domus_uri_validate_port         (const char *text,
                                           int *port,
                                           GError **error);
gboolean  domus_uri_validate_custom       (const char *uri,
                                           GError **error);

G_END_DECLS
