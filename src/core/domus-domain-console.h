/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How a guest's console is reached: from the connection URI and the live
 * domain XML, the method (libvirt's graphics fd on a local host, an SSH
 * tunnel, a direct TCP connection), where the VNC server listens, the ssh
 * command line, or why the console cannot be reached. The decision is pure
 * data, usable on any thread; domus_domain_console_lookup_async() reads the
 * XML (and the local fd) on the host's worker.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"

G_BEGIN_DECLS

typedef enum {
    DOMUS_DOMAIN_CONSOLE_METHOD_NONE,     /* cannot connect: see problem and message */
    DOMUS_DOMAIN_CONSOLE_METHOD_FD,       /* local host: virDomainOpenGraphicsFD, else host:port */
    DOMUS_DOMAIN_CONSOLE_METHOD_DIRECT,   /* TCP straight to host:port (remote TLS/TCP) */
    DOMUS_DOMAIN_CONSOLE_METHOD_SSH,      /* ssh_argv connects its stdio to the VNC server */
} DomusDomainConsoleMethod;

typedef enum {
    DOMUS_DOMAIN_CONSOLE_PROBLEM_NONE,
    DOMUS_DOMAIN_CONSOLE_PROBLEM_NO_GRAPHICS,     /* no <graphics> at all */
    DOMUS_DOMAIN_CONSOLE_PROBLEM_SPICE_ONLY,      /* graphics, but no VNC among them */
    DOMUS_DOMAIN_CONSOLE_PROBLEM_NOT_LISTENING,   /* no port yet (guest off) or listen type none */
    DOMUS_DOMAIN_CONSOLE_PROBLEM_UNREACHABLE,     /* listens where this computer cannot reach */
} DomusDomainConsoleProblem;

typedef struct {
    DomusDomainConsoleMethod method;
    DomusDomainConsoleProblem problem;
    char *message;        /* why not (translated), for METHOD_NONE */
    char *graphics;       /* the display's <graphics type> ("vnc"); NULL for METHOD_NONE */
    /* Where to connect: for DIRECT as seen from here, for SSH as seen from
     * the host (the tunnel's end), for FD the fallback on this computer. */
    char *host;
    int port;
    char **ssh_argv;      /* METHOD_SSH: ssh or command= [-p P] [-l U] [-i K] host -W h:p */
    gboolean has_serial;  /* a <serial> or <console> device */
    int fd;               /* METHOD_FD: libvirt's socket to the display, or -1 */
    char *fd_error;       /* why libvirt gave no fd (the fallback was used) */
} DomusDomainConsole;

/* Decides from URI (the connection's) and DOMAIN_XML (live). NULL only when
 * the XML cannot be read. */
DomusDomainConsole *domus_domain_console_new        (const char *uri,
                                                     const char *domain_xml,
                                                     GError **error);
void                domus_domain_console_free       (DomusDomainConsole *target);
/* The fd, now the caller's to close; -1 when there is none. */
int                 domus_domain_console_steal_fd   (DomusDomainConsole *target);

/* On @conn's worker: reads @uuid's live XML, decides, and on a local host
 * asks libvirt for the display socket. */
void                domus_domain_console_lookup_async  (DomusConnection *conn,
                                                        const char *uuid,
                                                        GCancellable *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer user_data);
DomusDomainConsole *domus_domain_console_lookup_finish (DomusConnection *conn,
                                                        GAsyncResult *result,
                                                        GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusDomainConsole, domus_domain_console_free)

G_END_DECLS
