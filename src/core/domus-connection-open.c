/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Opening a host, on its worker: virConnectOpenAuth with the credential
 * bridge (libvirt's prompts become a DomusAuthRequest the main thread
 * answers while the worker waits), the session's lifecycle and close
 * callbacks (which only hop to the main context), the keepalive, the first
 * guest list and what the host is. Everything here runs on the worker, or
 * on whatever thread libvirt calls a callback from.
 */
#include "config.h"

#include "domus-connection-open-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "domus-error.h"
#include "domus-libvirt-private.h"

void
domus_domain_info_free (DomusDomainInfo *info)
{
    g_free (info->uuid);
    g_free (info->name);
    g_free (info);
}

void
domus_host_info_free (DomusHostInfo *info)
{
    g_free (info->hostname);
    g_free (info->hypervisor);
    g_free (info->hypervisor_version);
    g_free (info->libvirt_version);
    g_free (info->cpu_model);
    g_free (info);
}

static char *
version_string (unsigned long v)
{
    return g_strdup_printf ("%lu.%lu.%lu", v / 1000000, (v / 1000) % 1000, v % 1000);
}

/* Worker: a handful of calls, once per connection. */
static DomusHostInfo *
worker_read_host_info (virConnectPtr conn)
{
    DomusHostInfo *info = g_new0 (DomusHostInfo, 1);
    char *hostname = virConnectGetHostname (conn);
    const char *type = virConnectGetType (conn);
    unsigned long version = 0;
    virNodeInfo node;

    info->hostname = g_strdup (hostname);
    free (hostname);
    info->hypervisor = g_strdup (type);
    if (virConnectGetVersion (conn, &version) == 0 && version > 0)
        info->hypervisor_version = version_string (version);
    if (virConnectGetLibVersion (conn, &version) == 0)
        info->libvirt_version = version_string (version);
    if (virNodeGetInfo (conn, &node) == 0) {
        info->cpu_model = g_strdup (node.model);
        info->cpus = node.cpus;
        info->mhz = node.mhz;
        info->memory_kib = node.memory;
    }
    virResetLastError ();
    return info;
}

void
domus_open_result_free (OpenResult *res)
{
    g_clear_pointer (&res->infos, g_ptr_array_unref);
    g_clear_pointer (&res->host, domus_host_info_free);
    g_free (res);
}

DomusDomainInfo *
domus_domain_info_new (virDomainPtr dom, int state)
{
    DomusDomainInfo *info = g_new0 (DomusDomainInfo, 1);
    char uuid[VIR_UUID_STRING_BUFLEN];

    /* Name and UUID are cached in the handle: no round trip. */
    if (virDomainGetUUIDString (dom, uuid) == 0)
        info->uuid = g_strdup (uuid);
    else
        info->uuid = g_strdup ("");
    info->name = g_strdup (virDomainGetName (dom));
    info->state = state;
    return info;
}

/* libvirt may call these on any thread: they only hop to the main context.
 * GENERATION is the session the callback was registered for. */
typedef struct {
    GWeakRef self;
    GMainContext *context;
    guint generation;
} DomusCallbackBox;

/* Runs FUNC on CONTEXT's thread, later. Not g_main_context_invoke(): from
 * a worker, it runs FUNC right there whenever nobody holds CONTEXT at that
 * moment (a test stepping the loop one iteration at a time), and FUNC
 * touches objects of the main thread. */
static void
run_on_context (GMainContext *context, GSourceFunc func, gpointer data, GDestroyNotify notify)
{
    GSource *source = g_idle_source_new ();

    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, func, data, notify);
    g_source_attach (source, context);
    g_source_unref (source);
}

static DomusCallbackBox *
callback_box_new (DomusConnection *self, GMainContext *context, guint generation)
{
    DomusCallbackBox *box = g_new0 (DomusCallbackBox, 1);

    g_weak_ref_init (&box->self, self);
    box->context = g_main_context_ref (context);
    box->generation = generation;
    return box;
}

static void
callback_box_free (void *data)
{
    DomusCallbackBox *box = data;

    g_weak_ref_clear (&box->self);
    g_main_context_unref (box->context);
    g_free (box);
}

static void
event_data_free (gpointer data)
{
    DomusEventData *ev = data;

    g_weak_ref_clear (&ev->self);
    g_free (ev->uuid);
    g_free (ev->name);
    g_free (ev);
}

static int
lifecycle_event_cb (virConnectPtr conn, virDomainPtr dom, int event,
                    int detail, void *opaque)
{
    DomusCallbackBox *box = opaque;
    DomusEventData *ev = g_new0 (DomusEventData, 1);
    g_autoptr(DomusConnection) self = g_weak_ref_get (&box->self);
    char uuid[VIR_UUID_STRING_BUFLEN];

    g_weak_ref_init (&ev->self, self);
    ev->generation = box->generation;
    if (virDomainGetUUIDString (dom, uuid) == 0)
        ev->uuid = g_strdup (uuid);
    ev->name = g_strdup (virDomainGetName (dom));
    ev->event = event;
    ev->detail = detail;
    run_on_context (box->context, domus_connection_apply_lifecycle_event, ev, event_data_free);
    return 0;
}

static void
network_event_cb (virConnectPtr conn, virNetworkPtr net, int event, int detail, void *opaque)
{
    DomusCallbackBox *box = opaque;
    DomusEventData *ev = g_new0 (DomusEventData, 1);
    g_autoptr(DomusConnection) self = g_weak_ref_get (&box->self);

    g_weak_ref_init (&ev->self, self);
    ev->generation = box->generation;
    ev->name = g_strdup (virNetworkGetName (net));
    ev->event = event;
    run_on_context (box->context, domus_connection_apply_network_event, ev, event_data_free);
}

static void
close_cb (virConnectPtr conn, int reason, void *opaque)
{
    DomusCallbackBox *box = opaque;
    DomusEventData *ev = g_new0 (DomusEventData, 1);
    g_autoptr(DomusConnection) self = g_weak_ref_get (&box->self);

    g_weak_ref_init (&ev->self, self);
    ev->generation = box->generation;
    ev->close_reason = reason;
    run_on_context (box->context, domus_connection_apply_close, ev, event_data_free);
}

/* The credentials libvirt may ask for while a host opens. */
static int domus_auth_credtypes[] = {
    VIR_CRED_AUTHNAME, VIR_CRED_USERNAME, VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT,
    VIR_CRED_ECHOPROMPT, VIR_CRED_REALM,
};

typedef struct {
    GWeakRef self;
    DomusAuthRequest *request;
} AuthEmission;

static void
auth_emission_free (gpointer data)
{
    AuthEmission *e = data;

    g_weak_ref_clear (&e->self);
    g_object_unref (e->request);
    g_free (e);
}

/* Main thread. */
static gboolean
emit_auth_request_cb (gpointer data)
{
    AuthEmission *e = data;
    g_autoptr(DomusConnection) self = g_weak_ref_get (&e->self);

    if (self == NULL)
        domus_auth_request_cancel (e->request);
    else
        domus_connection_emit_auth_request (self, e->request);
    return G_SOURCE_REMOVE;
}

/* Worker thread, inside virConnectOpenAuth: waits for the main thread's
 * answer; a refusal makes libvirt fail the open with its own message. */
static int
domus_auth_cb (virConnectCredentialPtr cred, unsigned int ncred, void *cbdata)
{
    DomusCallbackBox *box = cbdata;
    g_autofree DomusAuthField *fields = g_new0 (DomusAuthField, MAX (ncred, 1));
    g_autoptr(DomusAuthRequest) request = NULL;
    g_auto(GStrv) answers = NULL;
    AuthEmission *e = g_new0 (AuthEmission, 1);
    g_autoptr(DomusConnection) self = g_weak_ref_get (&box->self);

    for (guint i = 0; i < ncred; i++) {
        fields[i].prompt = cred[i].prompt;
        fields[i].default_answer = cred[i].defresult;
        switch (cred[i].type) {
        case VIR_CRED_AUTHNAME:
        case VIR_CRED_USERNAME:
            fields[i].kind = DOMUS_AUTH_FIELD_USER_NAME;
            break;
        case VIR_CRED_PASSPHRASE:
        case VIR_CRED_NOECHOPROMPT:
            fields[i].kind = DOMUS_AUTH_FIELD_SECRET;
            break;
        default:
            fields[i].kind = DOMUS_AUTH_FIELD_TEXT;
            break;
        }
    }
    request = domus_auth_request_new (self ? domus_connection_get_uri (self) : NULL,
                                      fields, ncred);
    g_weak_ref_init (&e->self, self);
    e->request = g_object_ref (request);
    g_clear_object (&self);   /* never hold the connection while waiting */
    run_on_context (box->context, emit_auth_request_cb, e, auth_emission_free);

    answers = domus_auth_request_wait (request);
    if (answers == NULL)
        return -1;
    for (guint i = 0; i < ncred; i++) {
        cred[i].result = strdup (answers[i]);
        cred[i].resultlen = strlen (answers[i]);
    }
    return 0;
}

static GPtrArray *
worker_list_domains (virConnectPtr conn, GError **error)
{
    g_autoptr(GPtrArray) infos =
        g_ptr_array_new_with_free_func ((GDestroyNotify) domus_domain_info_free);
    virDomainStatsRecordPtr *records = NULL;
    int n;

    /* One call for every guest's state, instead of one per guest. */
    n = virConnectGetAllDomainStats (conn, VIR_DOMAIN_STATS_STATE, &records, 0);
    if (n < 0) {
        domus_set_error_from_libvirt (error, _("Listing the guests failed"));
        return NULL;
    }

    for (int i = 0; i < n; i++) {
        int state = DOMUS_DOMAIN_STATE_NOSTATE;

        for (int p = 0; p < records[i]->nparams; p++) {
            virTypedParameterPtr param = &records[i]->params[p];

            if (g_str_equal (param->field, "state.state")) {
                state = param->value.i;
                break;
            }
        }
        g_ptr_array_add (infos, domus_domain_info_new (records[i]->dom, state));
    }
    virDomainStatsRecordListFree (records);
    return g_steal_pointer (&infos);
}

/* The callbacks a session registered, deregistered on the worker just
 * before its connection closes. */
typedef struct {
    int lifecycle_id;
    int network_id;
    /* Ours, not libvirt's: drivers without a close callback (the in-process
     * test driver) accept the registration and never free its data. */
    DomusCallbackBox *close_box;
} SessionCallbacks;

static void
session_callbacks_deregister (virConnectPtr conn, gpointer data)
{
    SessionCallbacks *callbacks = data;

    if (callbacks->lifecycle_id >= 0)
        virConnectDomainEventDeregisterAny (conn, callbacks->lifecycle_id);
    if (callbacks->network_id >= 0)
        virConnectNetworkEventDeregisterAny (conn, callbacks->network_id);
    if (callbacks->close_box != NULL)
        virConnectUnregisterCloseCallback (conn, close_cb);
}

static void
session_callbacks_free (gpointer data)
{
    SessionCallbacks *callbacks = data;

    g_clear_pointer (&callbacks->close_box, callback_box_free);
    g_free (callbacks);
}

/* Worker: opens the host, registers the session's callbacks and reads its
 * guests and what it is. */
virConnectPtr
domus_connection_open_job (GTask *task, gpointer task_data, DomusWorkerCloseHook *hook)
{
    DomusConnection *self = g_task_get_source_object (task);
    const char *uri = domus_connection_get_uri (self);
    DomusJobTag *tag = task_data;
    DomusCallbackBox *auth_box = callback_box_new (self, g_task_get_context (task), 0);
    virConnectAuth auth = {
        domus_auth_credtypes, G_N_ELEMENTS (domus_auth_credtypes),
        domus_auth_cb, auth_box,
    };
    g_autofree char *what = g_strdup_printf (_("Connecting to %s failed"), uri);
    SessionCallbacks *callbacks;
    DomusCallbackBox *box;
    virConnectPtr conn;
    GError *error = NULL;
    GPtrArray *infos;
    OpenResult *res;

    conn = virConnectOpenAuth (uri, &auth, 0);
    callback_box_free (auth_box);
    if (conn == NULL) {
        domus_set_error_from_libvirt (&error, what);
        g_task_return_error (task, error);
        return NULL;
    }

    /* A registration that fails leaves its box to us: libvirt calls the
     * free function only for a callback it took. */
    callbacks = g_new0 (SessionCallbacks, 1);
    box = callback_box_new (self, g_task_get_context (task), tag->generation);
    callbacks->lifecycle_id = virConnectDomainEventRegisterAny (
        conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
        VIR_DOMAIN_EVENT_CALLBACK (lifecycle_event_cb), box, callback_box_free);
    if (callbacks->lifecycle_id < 0) {
        /* Not every driver has events; the list then only changes on refresh. */
        g_debug ("%s: no lifecycle events: %s", uri, virGetLastErrorMessage ());
        virResetLastError ();
        callback_box_free (box);
    }
    box = callback_box_new (self, g_task_get_context (task), tag->generation);
    callbacks->network_id = virConnectNetworkEventRegisterAny (
        conn, NULL, VIR_NETWORK_EVENT_ID_LIFECYCLE,
        VIR_NETWORK_EVENT_CALLBACK (network_event_cb), box, callback_box_free);
    if (callbacks->network_id < 0) {
        g_debug ("%s: no network events: %s", uri, virGetLastErrorMessage ());
        virResetLastError ();
        callback_box_free (box);
    }
    callbacks->close_box = callback_box_new (self, g_task_get_context (task), tag->generation);
    if (virConnectRegisterCloseCallback (conn, close_cb, callbacks->close_box, NULL) < 0)
        g_clear_pointer (&callbacks->close_box, callback_box_free);
    virResetLastError ();

    /* A dead peer is noticed after about 5 s x 3 unanswered probes. */
    if (virConnectSetKeepAlive (conn, 5, 3) < 0)
        virResetLastError ();

    infos = worker_list_domains (conn, &error);
    if (infos == NULL) {
        session_callbacks_deregister (conn, callbacks);
        virConnectClose (conn);
        session_callbacks_free (callbacks);
        g_task_return_error (task, error);
        return NULL;
    }
    res = g_new0 (OpenResult, 1);
    res->infos = infos;
    res->host = worker_read_host_info (conn);
    g_task_return_pointer (task, res, (GDestroyNotify) domus_open_result_free);
    *hook = (DomusWorkerCloseHook) {
        session_callbacks_deregister, callbacks, session_callbacks_free
    };
    return conn;
}
