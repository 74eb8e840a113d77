/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Opening a host on its worker (domus-connection-open.c) and what
 * DomusConnection (domus-connection.c) does with the result on the main
 * thread: the open job, the plain data it hands back, and the main-thread
 * side of the callbacks it registers (lifecycle and network events, the
 * close callback, credential requests).
 */
#pragma once

#include "domus-auth-request.h"
#include "domus-connection-private.h"

G_BEGIN_DECLS

/* What a job belongs to: the session (connect/disconnect generation) that
 * queued it, and the guest it is about. */
typedef struct {
    guint generation;
    char *uuid;
} DomusJobTag;

/* A domain as the worker saw it: plain data that may cross threads. */
typedef struct {
    char *uuid;
    char *name;
    int state;
} DomusDomainInfo;

DomusDomainInfo *domus_domain_info_new  (virDomainPtr dom,
                                         int state);
void             domus_domain_info_free (DomusDomainInfo *info);

void             domus_host_info_free   (DomusHostInfo *info);

/* The open job's result: the guests (DomusDomainInfo) and the host. */
typedef struct {
    GPtrArray *infos;
    DomusHostInfo *host;
} OpenResult;

void             domus_open_result_free (OpenResult *res);

/* Worker: the open job (DomusWorkerOpenFunc) of the session TAG (its task
 * data) names: opens the host, asking for credentials through the
 * connection's "auth-request", registers the session's callbacks, sets the
 * keepalive, and returns an OpenResult. */
virConnectPtr    domus_connection_open_job (GTask *task,
                                            gpointer task_data,
                                            DomusWorkerCloseHook *hook);

/* A lifecycle or network event, or the close callback, as libvirt's
 * callbacks hand it to the main context: for the session GENERATION. */
typedef struct {
    GWeakRef self;
    guint generation;
    char *uuid;
    char *name;
    int event;
    int detail;
    int close_reason;
} DomusEventData;

/* Main thread: apply a DomusEventData (GSourceFuncs). */
gboolean domus_connection_apply_lifecycle_event (gpointer data);
gboolean domus_connection_apply_close           (gpointer data);
/* Emits "network-event" with the network's name. */
gboolean domus_connection_apply_network_event   (gpointer data);

/* Main thread: emits "auth-request", or cancels REQUEST when nobody
 * listens to it. */
void     domus_connection_emit_auth_request     (DomusConnection *self,
                                                 DomusAuthRequest *request);

G_END_DECLS
