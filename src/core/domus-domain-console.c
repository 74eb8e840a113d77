/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The console's connection plan, decided from the connection URI and the
 * live domain XML, as virt-manager and virt-viewer decide it: a local host
 * hands out the display socket itself; a host reached over SSH gets a tunnel
 * through the same identity; a TLS/TCP host is reached at the listen address
 * when that address means something from here. The lookup job runs on the
 * host's worker only.
 */
#include "config.h"

#include "domus-domain-console.h"

#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-xml.h"

typedef enum {
    TRANSPORT_LOCAL,
    TRANSPORT_SSH,
    TRANSPORT_NETWORK,   /* tls, tcp, or a host with no transport (TLS) */
} Transport;

static Transport
transport_of (GUri *uri)
{
    const char *scheme = g_uri_get_scheme (uri);
    const char *plus = strchr (scheme, '+');
    const char *host = g_uri_get_host (uri);
    gboolean has_host = host != NULL && *host != '\0';

    if (plus != NULL) {
        const char *t = plus + 1;

        if (g_str_equal (t, "ssh") || g_str_equal (t, "libssh") || g_str_equal (t, "libssh2"))
            return TRANSPORT_SSH;
        if (g_str_equal (t, "unix"))
            return TRANSPORT_LOCAL;
        return TRANSPORT_NETWORK;
    }
    return has_host ? TRANSPORT_NETWORK : TRANSPORT_LOCAL;
}

static gboolean
is_wildcard (const char *address)
{
    return address == NULL || *address == '\0' || g_str_equal (address, "0.0.0.0") ||
           g_str_equal (address, "::") || g_str_equal (address, "[::]");
}

static gboolean
is_loopback (const char *address)
{
    return g_str_equal (address, "localhost") || g_str_has_prefix (address, "127.") ||
           g_str_equal (address, "::1") || g_str_equal (address, "[::1]");
}

static void
set_problem (DomusDomainConsole *t, DomusDomainConsoleProblem problem, char *message)
{
    t->method = DOMUS_DOMAIN_CONSOLE_METHOD_NONE;
    t->problem = problem;
    g_clear_pointer (&t->graphics, g_free);
    t->message = message;
}

/* "ssh [-p PORT] [-l USER] [-i KEYFILE] HOST -W LISTEN:PORT", with the
 * same ssh program as libvirt's own (the URI's command=, for +ssh). */
static char **
build_ssh_argv (GUri *uri, const char *listen, int port)
{
    GStrvBuilder *b = g_strv_builder_new ();
    g_autoptr(GHashTable) params = NULL;
    const char *query = g_uri_get_query (uri);
    const char *command = NULL;
    char **argv;

    if (query != NULL)
        params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
    if (params != NULL && g_str_has_suffix (g_uri_get_scheme (uri), "+ssh"))
        command = g_hash_table_lookup (params, "command");
    g_strv_builder_add (b, command != NULL && *command != '\0' ? command : "ssh");
    if (g_uri_get_port (uri) > 0) {
        g_autofree char *p = g_strdup_printf ("%d", g_uri_get_port (uri));

        g_strv_builder_add_many (b, "-p", p, NULL);
    }
    if (g_uri_get_user (uri) != NULL && *g_uri_get_user (uri) != '\0')
        g_strv_builder_add_many (b, "-l", g_uri_get_user (uri), NULL);
    if (params != NULL && g_hash_table_lookup (params, "keyfile") != NULL)
        g_strv_builder_add_many (b, "-i", g_hash_table_lookup (params, "keyfile"), NULL);
    g_strv_builder_add (b, g_uri_get_host (uri));
    {
        /* ssh wants IPv6 addresses in brackets. */
        g_autofree char *forward = strchr (listen, ':') != NULL && listen[0] != '['
                                   ? g_strdup_printf ("[%s]:%d", listen, port)
                                   : g_strdup_printf ("%s:%d", listen, port);

        g_strv_builder_add_many (b, "-W", forward, NULL);
    }
    argv = g_strv_builder_end (b);
    g_strv_builder_unref (b);
    return argv;
}

static void
decide (DomusDomainConsole *t, GUri *uri, xmlXPathContextPtr ctx)
{
    g_autoptr(GPtrArray) vnc = domus_xml_get_nodes (ctx, NULL,
                                                    "/domain/devices/graphics[@type='vnc']");
    g_autoptr(GPtrArray) any = domus_xml_get_nodes (ctx, NULL, "/domain/devices/graphics");
    g_autofree char *port_text = NULL;
    g_autofree char *listen = NULL;
    g_autofree char *listen_type = NULL;
    Transport transport = transport_of (uri);
    xmlNodePtr graphics;

    if (any->len == 0) {
        set_problem (t, DOMUS_DOMAIN_CONSOLE_PROBLEM_NO_GRAPHICS,
                     g_strdup (_("This guest has no graphical display.")));
        return;
    }
    if (vnc->len == 0) {
        set_problem (t, DOMUS_DOMAIN_CONSOLE_PROBLEM_SPICE_ONLY,
                     g_strdup (_("This guest’s display is SPICE only; Domus shows VNC "
                                 "displays. Add a VNC display to the guest, or use a "
                                 "SPICE viewer.")));
        return;
    }
    graphics = g_ptr_array_index (vnc, 0);
    t->graphics = g_strdup ("vnc");
    port_text = domus_xml_get_string (ctx, graphics, "string(@port)");
    t->port = port_text != NULL ? (int) g_ascii_strtoll (port_text, NULL, 10) : -1;
    listen_type = domus_xml_get_string (ctx, graphics, "string(listen[1]/@type)");
    listen = domus_xml_get_string (ctx, graphics, "string(@listen)");
    if (listen == NULL)
        listen = domus_xml_get_string (ctx, graphics, "string(listen[@address][1]/@address)");

    if (transport == TRANSPORT_LOCAL) {
        /* libvirt hands out the socket whatever the listen type; the
         * address and port are only the fallback. */
        t->method = DOMUS_DOMAIN_CONSOLE_METHOD_FD;
        t->host = g_strdup (is_wildcard (listen) ? "127.0.0.1" : listen);
        return;
    }
    if (g_strcmp0 (listen_type, "socket") == 0) {
        set_problem (t, DOMUS_DOMAIN_CONSOLE_PROBLEM_UNREACHABLE,
                     g_strdup (_("The guest’s display listens on a Unix socket on its "
                                 "host, which cannot be reached from this computer. "
                                 "Make it listen on an address.")));
        return;
    }
    if (g_strcmp0 (listen_type, "none") == 0 || t->port <= 0) {
        set_problem (t, DOMUS_DOMAIN_CONSOLE_PROBLEM_NOT_LISTENING,
                     g_strdup (_("The guest’s display is not listening on any port. "
                                 "Is the guest running?")));
        return;
    }
    if (transport == TRANSPORT_SSH) {
        /* The tunnel ends on the host itself: loopback is fine there. */
        if (g_strcmp0 (listen, "::") == 0)
            t->host = g_strdup ("::1");
        else
            t->host = g_strdup (is_wildcard (listen) ? "127.0.0.1" : listen);
        t->method = DOMUS_DOMAIN_CONSOLE_METHOD_SSH;
        t->ssh_argv = build_ssh_argv (uri, t->host, t->port);
        return;
    }
    if (is_wildcard (listen)) {
        t->host = g_strdup (g_uri_get_host (uri));
    } else if (is_loopback (listen) && !is_loopback (g_uri_get_host (uri))) {
        /* (A host named by its loopback address is this computer.) */
        set_problem (t, DOMUS_DOMAIN_CONSOLE_PROBLEM_UNREACHABLE,
                     g_strdup_printf (_("The guest’s display listens only on its host’s "
                                        "loopback address (%s), which cannot be reached "
                                        "from this computer. Connect to the host over "
                                        "SSH, or make the display listen on a network "
                                        "address."), listen));
        return;
    } else {
        t->host = g_strdup (listen);
    }
    t->method = DOMUS_DOMAIN_CONSOLE_METHOD_DIRECT;
}

DomusDomainConsole *
domus_domain_console_new (const char *uri_text, const char *domain_xml, GError **error)
{
    g_autoptr(GUri) uri = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(GPtrArray) serial = NULL;
    DomusDomainConsole *t;

    g_return_val_if_fail (uri_text != NULL && domain_xml != NULL, NULL);

    uri = g_uri_parse (uri_text, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_NON_DNS, error);
    if (uri == NULL)
        return NULL;
    doc = domus_xml_parse (domain_xml, error);
    if (doc == NULL)
        return NULL;
    ctx = xmlXPathNewContext (doc);

    t = g_new0 (DomusDomainConsole, 1);
    t->fd = -1;
    t->port = -1;
    serial = domus_xml_get_nodes (ctx, NULL, "/domain/devices/serial | /domain/devices/console");
    t->has_serial = serial->len > 0;
    decide (t, uri, ctx);
    return t;
}

void
domus_domain_console_free (DomusDomainConsole *target)
{
    if (target == NULL)
        return;
    if (target->fd >= 0)
        close (target->fd);
    g_free (target->message);
    g_free (target->graphics);
    g_free (target->host);
    g_strfreev (target->ssh_argv);
    g_free (target->fd_error);
    g_free (target);
}

int
domus_domain_console_steal_fd (DomusDomainConsole *target)
{
    int fd;

    g_return_val_if_fail (target != NULL, -1);
    fd = target->fd;
    target->fd = -1;
    return fd;
}

/* ---- the worker job ----------------------------------------------------- */

typedef struct {
    char *uri;
    char *uuid;
} LookupJob;

static void
lookup_job_free (LookupJob *job)
{
    g_free (job->uri);
    g_free (job->uuid);
    g_free (job);
}

static void
lookup_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    LookupJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    g_autofree char *xml = NULL;
    DomusDomainConsole *target;
    GError *error = NULL;

    if (dom == NULL || (xml = virDomainGetXMLDesc (dom, 0)) == NULL) {
        domus_set_error_from_libvirt (&error, _("Reading the guest’s display settings failed"));
        g_task_return_error (task, error);
        return;
    }
    target = domus_domain_console_new (job->uri, xml, &error);
    if (target == NULL) {
        g_task_return_error (task, error);
        return;
    }
    if (target->method == DOMUS_DOMAIN_CONSOLE_METHOD_FD) {
        /* SKIPAUTH: the host hands us the socket, no VNC password needed. */
        target->fd = virDomainOpenGraphicsFD (dom, 0, VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH);
        if (target->fd < 0) {
            g_autoptr(GError) fd_error = NULL;

            domus_set_error_from_libvirt (&fd_error, _("The host gave no display socket"));
            target->fd_error = g_strdup (fd_error->message);
        }
    }
    g_task_return_pointer (task, target, (GDestroyNotify) domus_domain_console_free);
}

void
domus_domain_console_lookup_async (DomusConnection *conn, const char *uuid,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data)
{
    LookupJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (uuid != NULL);

    job = g_new0 (LookupJob, 1);
    job->uri = g_strdup (domus_connection_get_uri (conn));
    job->uuid = g_strdup (uuid);
    domus_connection_run_job (conn, lookup_job, job, (GDestroyNotify) lookup_job_free,
                              cancellable, callback, user_data);
}

DomusDomainConsole *
domus_domain_console_lookup_finish (DomusConnection *conn, GAsyncResult *result,
                                    GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}
