/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One libvirt host: opening it (and again, with back-off, when it drops),
 * its guest list kept up to date by libvirt's events, and whether it
 * answers. Every libvirt call that may block runs on its DomusWorker, one
 * at a time, in the order it was asked for; the main thread only queues
 * jobs and applies their results. libvirt's events arrive on the GLib main
 * loop (gvir_event_register) and are applied there.
 */
#include "config.h"

#include "domus-connection-open-private.h"

#include <glib/gi18n-lib.h>

#include "domus-domain-snapshot.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-uri.h"

struct _DomusConnection {
    GObject parent_instance;

    char *uri;
    char *display_name;
    DomusConnectionState state;
    char *error_message;

    GListStore *domains;        /* DomusDomain, in libvirt's order */
    GHashTable *domains_by_uuid; /* uuid -> DomusDomain (borrowed from the store) */

    DomusWorker *worker;
    DomusPoller *poller;
    DomusHostInfo *host_info;
    guint watchdog_id;          /* notices a call that takes too long */
    guint reconnect_id;         /* pending automatic reconnection */
    guint reconnect_delay_s;    /* back-off: doubles up to RECONNECT_MAX_S */
    gboolean reconnecting;      /* the current attempt is an automatic one */
    guint generation;           /* bumped by connect/disconnect; stale results are dropped */
    GCancellable *cancellable;  /* cancelled on dispose */
};

G_DEFINE_FINAL_TYPE (DomusConnection, domus_connection, G_TYPE_OBJECT)

enum {
    PROP_0,
    PROP_URI,
    PROP_DISPLAY_NAME,
    PROP_STATE,
    PROP_ERROR_MESSAGE,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
    AUTH_REQUEST,
    DOMAIN_EVENT,
    NETWORK_EVENT,
    BACKUPS_CHANGED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
job_tag_free (DomusJobTag *tag)
{
    g_free (tag->uuid);
    g_free (tag);
}

static DomusJobTag *
job_tag_new (DomusConnection *self, const char *uuid)
{
    DomusJobTag *tag = g_new0 (DomusJobTag, 1);

    tag->generation = self->generation;
    tag->uuid = g_strdup (uuid);
    return tag;
}

/* ---- main thread -------------------------------------------------------- */

/* A call that has waited this long makes the host "not responding". */
#define NOT_RESPONDING_AFTER_S 5
/* A host that dropped is tried again after 1, 2, 4… seconds, up to this. */
#define RECONNECT_MAX_S 60

static void domus_connection_set_state (DomusConnection *self, DomusConnectionState state,
                                        const char *error_message);

static gboolean
watchdog_cb (gpointer data)
{
    DomusConnection *self = data;
    gboolean stuck = domus_worker_get_busy_seconds (self->worker) >= NOT_RESPONDING_AFTER_S;

    if (stuck && self->state == DOMUS_CONNECTION_STATE_CONNECTED)
        domus_connection_set_state (self, DOMUS_CONNECTION_STATE_NOT_RESPONDING, NULL);
    else if (!stuck && self->state == DOMUS_CONNECTION_STATE_NOT_RESPONDING)
        domus_connection_set_state (self, DOMUS_CONNECTION_STATE_CONNECTED, NULL);
    return G_SOURCE_CONTINUE;
}

static void
domus_connection_set_state (DomusConnection *self, DomusConnectionState state,
                            const char *error_message)
{
    gboolean live = state == DOMUS_CONNECTION_STATE_CONNECTED ||
                    state == DOMUS_CONNECTION_STATE_NOT_RESPONDING;

    if (live && self->watchdog_id == 0)
        self->watchdog_id = g_timeout_add_seconds (1, watchdog_cb, self);
    else if (!live)
        g_clear_handle_id (&self->watchdog_id, g_source_remove);

    gboolean changed_message = g_strcmp0 (self->error_message, error_message) != 0;

    if (changed_message) {
        g_free (self->error_message);
        self->error_message = g_strdup (error_message);
    }
    if (self->state != state) {
        self->state = state;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
    if (changed_message)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
domus_connection_clear_domains (DomusConnection *self)
{
    g_hash_table_remove_all (self->domains_by_uuid);
    g_list_store_remove_all (self->domains);
}

/* Replaces the whole list in one items-changed, keeping known objects. */
static void
domus_connection_sync_domains (DomusConnection *self, GPtrArray *infos)
{
    g_autoptr(GHashTable) by_uuid =
        g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
    g_autoptr(GPtrArray) items = g_ptr_array_new_full (infos->len, NULL);

    for (guint i = 0; i < infos->len; i++) {
        DomusDomainInfo *info = g_ptr_array_index (infos, i);
        DomusDomain *domain = g_hash_table_lookup (self->domains_by_uuid, info->uuid);

        if (domain != NULL) {
            g_object_ref (domain);
            domus_domain_set_name (domain, info->name);
            domus_domain_set_state (domain, info->state);
        } else {
            domain = domus_domain_new (info->uuid, info->name, info->state);
        }
        g_hash_table_replace (by_uuid, (gpointer) domus_domain_get_uuid (domain),
                              domain);
        g_ptr_array_add (items, domain);
    }

    g_hash_table_remove_all (self->domains_by_uuid);
    for (guint i = 0; i < items->len; i++) {
        DomusDomain *domain = g_ptr_array_index (items, i);

        g_hash_table_insert (self->domains_by_uuid,
                             (gpointer) domus_domain_get_uuid (domain), domain);
    }
    g_list_store_splice (self->domains, 0,
                         g_list_model_get_n_items (G_LIST_MODEL (self->domains)),
                         items->pdata, items->len);
}

static void
domus_connection_remove_domain (DomusConnection *self, DomusDomain *domain)
{
    guint position;

    if (!g_list_store_find (self->domains, domain, &position))
        return;
    g_hash_table_remove (self->domains_by_uuid, domus_domain_get_uuid (domain));
    g_list_store_remove (self->domains, position);
}

static void domus_connection_open (DomusConnection *self);

static gboolean
reconnect_cb (gpointer data)
{
    DomusConnection *self = data;

    self->reconnect_id = 0;
    self->reconnecting = TRUE;
    domus_connection_open (self);
    return G_SOURCE_REMOVE;
}

static void
domus_connection_schedule_reconnect (DomusConnection *self)
{
    self->reconnect_delay_s = self->reconnect_delay_s == 0
                            ? 1 : MIN (self->reconnect_delay_s * 2, RECONNECT_MAX_S);
    g_clear_handle_id (&self->reconnect_id, g_source_remove);
    self->reconnect_id = g_timeout_add_seconds (self->reconnect_delay_s, reconnect_cb, self);
}

static void
open_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    DomusConnection *self = DOMUS_CONNECTION (source);
    DomusJobTag *tag = g_task_get_task_data (G_TASK (result));
    g_autoptr(GError) error = NULL;
    OpenResult *res = g_task_propagate_pointer (G_TASK (result), &error);

    if (tag->generation != self->generation) {
        g_clear_pointer (&res, domus_open_result_free);
        return;   /* disconnected or reconnected meanwhile */
    }

    if (res == NULL) {
        domus_connection_clear_domains (self);
        domus_connection_set_state (self, DOMUS_CONNECTION_STATE_FAILED,
                                    error->message);
        if (self->reconnecting)
            domus_connection_schedule_reconnect (self);
        return;
    }
    self->reconnecting = FALSE;
    self->reconnect_delay_s = 0;
    g_clear_pointer (&self->host_info, domus_host_info_free);
    self->host_info = g_steal_pointer (&res->host);
    domus_connection_sync_domains (self, res->infos);
    domus_open_result_free (res);
    domus_connection_set_state (self, DOMUS_CONNECTION_STATE_CONNECTED, NULL);
    domus_domain_snapshot_count_all (self);
}

static void
domus_connection_open (DomusConnection *self)
{
    GTask *task;

    self->generation++;
    task = g_task_new (self, self->cancellable, open_done_cb, NULL);
    g_task_set_source_tag (task, domus_connection_connect);
    g_task_set_task_data (task, job_tag_new (self, NULL), (GDestroyNotify) job_tag_free);
    domus_connection_set_state (self, DOMUS_CONNECTION_STATE_CONNECTING, NULL);
    domus_worker_open (self->worker, domus_connection_open_job, task);
}

void
domus_connection_connect (DomusConnection *self)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (self));

    if (self->state == DOMUS_CONNECTION_STATE_CONNECTING ||
        self->state == DOMUS_CONNECTION_STATE_CONNECTED ||
        self->state == DOMUS_CONNECTION_STATE_NOT_RESPONDING)
        return;
    /* The user asked: start afresh, without waiting for the back-off. */
    g_clear_handle_id (&self->reconnect_id, g_source_remove);
    self->reconnecting = FALSE;
    self->reconnect_delay_s = 0;
    domus_connection_open (self);
}

static void
close_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    /* Nothing to apply: the state changed when the close was asked for. */
    g_task_propagate_boolean (G_TASK (result), NULL);
}

/* Ends the session on the worker; the state is the caller's to set. */
static void
domus_connection_close_session (DomusConnection *self)
{
    GTask *task;

    self->generation++;
    /* First the list: what goes with its guests (a guest window's serial
     * stream) queues its last jobs ahead of the close. */
    domus_connection_clear_domains (self);
    task = g_task_new (self, NULL, close_done_cb, NULL);
    g_task_set_source_tag (task, domus_connection_disconnect);
    domus_worker_close (self->worker, task);
}

void
domus_connection_disconnect (DomusConnection *self)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (self));

    g_clear_handle_id (&self->reconnect_id, g_source_remove);
    self->reconnecting = FALSE;
    self->reconnect_delay_s = 0;
    domus_connection_close_session (self);
    domus_connection_set_state (self, DOMUS_CONNECTION_STATE_DISCONNECTED, NULL);
}

/* The authoritative state of one guest, fetched after an event about it. */
static void
refresh_domain_job (GTask *task, virConnectPtr conn, gpointer task_data,
                    GCancellable *cancellable)
{
    DomusJobTag *tag = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, tag->uuid);
    int state, reason;

    if (dom == NULL) {
        /* Gone (undefined, or a transient guest that stopped). */
        g_task_return_pointer (task, NULL, NULL);
        return;
    }
    if (virDomainGetState (dom, &state, &reason, 0) < 0) {
        GError *error = NULL;

        domus_set_error_from_libvirt (&error, _("Reading a guest’s state failed"));
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, domus_domain_info_new (dom, state),
                           (GDestroyNotify) domus_domain_info_free);
}

static void
refresh_domain_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    DomusConnection *self = DOMUS_CONNECTION (source);
    DomusJobTag *tag = g_task_get_task_data (G_TASK (result));
    g_autoptr(GError) error = NULL;
    DomusDomainInfo *info = g_task_propagate_pointer (G_TASK (result), &error);
    DomusDomain *domain;

    if (tag->generation != self->generation) {
        g_clear_pointer (&info, domus_domain_info_free);
        return;
    }
    if (error != NULL) {
        if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_debug ("%s", error->message);
        return;
    }

    domain = g_hash_table_lookup (self->domains_by_uuid, tag->uuid);
    if (info == NULL) {
        if (domain != NULL)
            domus_connection_remove_domain (self, domain);
        return;
    }
    if (domain == NULL) {
        g_autoptr(DomusDomain) added =
            domus_domain_new (info->uuid, info->name, info->state);

        g_hash_table_insert (self->domains_by_uuid,
                             (gpointer) domus_domain_get_uuid (added), added);
        g_list_store_append (self->domains, added);
    } else {
        domus_domain_set_name (domain, info->name);
        domus_domain_set_state (domain, info->state);
    }
    domus_domain_info_free (info);
}

/* The state an event implies, shown at once; the refresh then confirms it. */
static DomusDomainState
state_after_event (int event, DomusDomainState current)
{
    switch (event) {
    case VIR_DOMAIN_EVENT_STARTED:
    case VIR_DOMAIN_EVENT_RESUMED:
        return DOMUS_DOMAIN_STATE_RUNNING;
    case VIR_DOMAIN_EVENT_SUSPENDED:
        return DOMUS_DOMAIN_STATE_PAUSED;
    case VIR_DOMAIN_EVENT_STOPPED:
        return DOMUS_DOMAIN_STATE_SHUTOFF;
    case VIR_DOMAIN_EVENT_SHUTDOWN:
        return DOMUS_DOMAIN_STATE_SHUTDOWN;
    case VIR_DOMAIN_EVENT_CRASHED:
        return DOMUS_DOMAIN_STATE_CRASHED;
    case VIR_DOMAIN_EVENT_PMSUSPENDED:
        return DOMUS_DOMAIN_STATE_PMSUSPENDED;
    default:
        return current;
    }
}

/* Whether what a callback of session GENERATION says still applies. Not
 * only while "connected": a host is "connecting" until its list arrives
 * and "not responding" while a long call runs, and what happens to its
 * guests meanwhile must not be lost. */
static gboolean
domus_connection_in_session (DomusConnection *self, guint generation)
{
    return generation == self->generation &&
           (self->state == DOMUS_CONNECTION_STATE_CONNECTING ||
            self->state == DOMUS_CONNECTION_STATE_CONNECTED ||
            self->state == DOMUS_CONNECTION_STATE_NOT_RESPONDING);
}

void
domus_connection_backups_changed (DomusConnection *self, const char *uuid)
{
    g_signal_emit (self, signals[BACKUPS_CHANGED], 0, uuid);
}

void
domus_connection_refresh_domain (DomusConnection *self, const char *uuid)
{
    GTask *task;

    g_return_if_fail (DOMUS_IS_CONNECTION (self));
    g_return_if_fail (uuid != NULL);

    task = g_task_new (self, self->cancellable, refresh_domain_done_cb, NULL);
    g_task_set_source_tag (task, domus_connection_refresh_domain);
    g_task_set_task_data (task, job_tag_new (self, uuid), (GDestroyNotify) job_tag_free);
    domus_worker_run (self->worker, refresh_domain_job, task);
}

gboolean
domus_connection_apply_lifecycle_event (gpointer data)
{
    DomusEventData *ev = data;
    g_autoptr(DomusConnection) self = g_weak_ref_get (&ev->self);
    DomusDomain *domain;

    if (self == NULL || ev->uuid == NULL || !domus_connection_in_session (self, ev->generation))
        return G_SOURCE_REMOVE;

    domain = g_hash_table_lookup (self->domains_by_uuid, ev->uuid);
    if (domain != NULL) {
        domus_domain_set_state (domain,
                                state_after_event (ev->event,
                                                   domus_domain_get_state (domain)));
        g_signal_emit (self, signals[DOMAIN_EVENT], 0, domain);
    }

    domus_connection_refresh_domain (self, ev->uuid);
    /* Defined again (a snapshot reverted, redefined): no event says a
     * snapshot came or went, so the count is read after each. */
    domus_domain_snapshot_count_one (self, ev->uuid);
    return G_SOURCE_REMOVE;
}

gboolean
domus_connection_apply_network_event (gpointer data)
{
    DomusEventData *ev = data;
    g_autoptr(DomusConnection) self = g_weak_ref_get (&ev->self);

    if (self != NULL && domus_connection_in_session (self, ev->generation))
        g_signal_emit (self, signals[NETWORK_EVENT], 0, ev->name);
    return G_SOURCE_REMOVE;
}

gboolean
domus_connection_apply_close (gpointer data)
{
    DomusEventData *ev = data;
    g_autoptr(DomusConnection) self = g_weak_ref_get (&ev->self);
    const char *why;

    if (self == NULL || !domus_connection_in_session (self, ev->generation))
        return G_SOURCE_REMOVE;

    switch (ev->close_reason) {
    case VIR_CONNECT_CLOSE_REASON_EOF:
        why = _("The host closed the connection.");
        break;
    case VIR_CONNECT_CLOSE_REASON_KEEPALIVE:
        why = _("The host stopped answering keepalive probes.");
        break;
    case VIR_CONNECT_CLOSE_REASON_ERROR:
        why = _("The connection failed with a network error.");
        break;
    case VIR_CONNECT_CLOSE_REASON_CLIENT:
    default:
        why = _("The connection was closed.");
        break;
    }

    domus_connection_close_session (self);
    domus_connection_set_state (self, DOMUS_CONNECTION_STATE_DISCONNECTED, why);
    /* The host went away on its own: try again, with back-off. */
    domus_connection_schedule_reconnect (self);
    return G_SOURCE_REMOVE;
}

/* Main thread: someone must answer, or the request is refused at once. */
void
domus_connection_emit_auth_request (DomusConnection *self, DomusAuthRequest *request)
{
    if (!g_signal_has_handler_pending (self, signals[AUTH_REQUEST], 0, FALSE))
        domus_auth_request_cancel (request);
    else
        g_signal_emit (self, signals[AUTH_REQUEST], 0, request);
}

void
domus_connection_run_job (DomusConnection *self, DomusWorkerJobFunc func,
                          gpointer task_data, GDestroyNotify task_data_free,
                          GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer user_data)
{
    GTask *task;

    g_return_if_fail (DOMUS_IS_CONNECTION (self));
    g_return_if_fail (func != NULL);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, domus_connection_run_job);
    g_task_set_task_data (task, task_data, task_data_free);
    domus_worker_run (self->worker, func, task);
}

void
domus_connection_run_release_job (DomusConnection *self, DomusWorkerJobFunc func,
                                  gpointer task_data, GDestroyNotify task_data_free)
{
    GTask *task;

    g_return_if_fail (DOMUS_IS_CONNECTION (self));
    g_return_if_fail (func != NULL);

    task = g_task_new (self, NULL, NULL, NULL);
    g_task_set_source_tag (task, domus_connection_run_release_job);
    g_task_set_task_data (task, task_data, task_data_free);
    domus_worker_run_release (self->worker, func, task);
}

/* ---- GObject ------------------------------------------------------------ */

static void
domus_connection_dispose (GObject *object)
{
    DomusConnection *self = DOMUS_CONNECTION (object);

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_handle_id (&self->watchdog_id, g_source_remove);
    g_clear_handle_id (&self->reconnect_id, g_source_remove);
    if (self->poller != NULL)
        g_object_run_dispose (G_OBJECT (self->poller));

    G_OBJECT_CLASS (domus_connection_parent_class)->dispose (object);
}

static void
domus_connection_finalize (GObject *object)
{
    DomusConnection *self = DOMUS_CONNECTION (object);

    /* The worker closes the host and exits on its own, never joined: a
     * call to a frozen host would freeze the main thread with it. */
    g_clear_pointer (&self->worker, domus_worker_quit);

    g_clear_object (&self->poller);
    g_clear_pointer (&self->host_info, domus_host_info_free);
    g_clear_object (&self->cancellable);
    g_clear_pointer (&self->domains_by_uuid, g_hash_table_unref);
    g_clear_object (&self->domains);
    g_clear_pointer (&self->uri, g_free);
    g_clear_pointer (&self->display_name, g_free);
    g_clear_pointer (&self->error_message, g_free);

    G_OBJECT_CLASS (domus_connection_parent_class)->finalize (object);
}

static void
domus_connection_constructed (GObject *object)
{
    DomusConnection *self = DOMUS_CONNECTION (object);

    G_OBJECT_CLASS (domus_connection_parent_class)->constructed (object);

    self->worker = domus_worker_new (self->uri);
    self->poller = domus_poller_new (self);
}

static void
domus_connection_get_property (GObject *object, guint prop_id,
                               GValue *value, GParamSpec *pspec)
{
    DomusConnection *self = DOMUS_CONNECTION (object);

    switch (prop_id) {
    case PROP_URI:
        g_value_set_string (value, self->uri);
        break;
    case PROP_DISPLAY_NAME:
        g_value_set_string (value, domus_connection_get_display_name (self));
        break;
    case PROP_STATE:
        g_value_set_enum (value, self->state);
        break;
    case PROP_ERROR_MESSAGE:
        g_value_set_string (value, self->error_message);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_connection_set_property (GObject *object, guint prop_id,
                               const GValue *value, GParamSpec *pspec)
{
    DomusConnection *self = DOMUS_CONNECTION (object);

    switch (prop_id) {
    case PROP_URI:
        self->uri = g_value_dup_string (value);
        break;
    case PROP_DISPLAY_NAME:
        domus_connection_set_display_name (self, g_value_get_string (value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_connection_class_init (DomusConnectionClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->constructed = domus_connection_constructed;
    object_class->dispose = domus_connection_dispose;
    object_class->finalize = domus_connection_finalize;
    object_class->get_property = domus_connection_get_property;
    object_class->set_property = domus_connection_set_property;

    properties[PROP_URI] =
        g_param_spec_string ("uri", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_DISPLAY_NAME] =
        g_param_spec_string ("display-name", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_STATE] =
        g_param_spec_enum ("state", NULL, NULL,
                           DOMUS_TYPE_CONNECTION_STATE,
                           DOMUS_CONNECTION_STATE_DISCONNECTED,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    properties[PROP_ERROR_MESSAGE] =
        g_param_spec_string ("error-message", NULL, NULL, NULL,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

    g_object_class_install_properties (object_class, N_PROPS, properties);

    /* libvirt asks for credentials: answer or cancel the request. */
    signals[AUTH_REQUEST] = g_signal_new ("auth-request", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, DOMUS_TYPE_AUTH_REQUEST);
    signals[DOMAIN_EVENT] = g_signal_new ("domain-event", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, DOMUS_TYPE_DOMAIN);
    signals[NETWORK_EVENT] = g_signal_new ("network-event", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_STRING);
    signals[BACKUPS_CHANGED] = g_signal_new ("backups-changed", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
domus_connection_init (DomusConnection *self)
{
    self->domains = g_list_store_new (DOMUS_TYPE_DOMAIN);
    self->domains_by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
    self->cancellable = g_cancellable_new ();
}

DomusConnection *
domus_connection_new (const char *uri)
{
    g_return_val_if_fail (uri != NULL && *uri != '\0', NULL);

    return g_object_new (DOMUS_TYPE_CONNECTION, "uri", uri, NULL);
}

const char *
domus_connection_get_uri (DomusConnection *self)
{
    g_return_val_if_fail (DOMUS_IS_CONNECTION (self), NULL);
    return self->uri;
}

const char *
domus_connection_get_display_name (DomusConnection *self)
{
    g_return_val_if_fail (DOMUS_IS_CONNECTION (self), NULL);

    if (self->display_name == NULL)
        self->display_name = domus_uri_get_display_name (self->uri);
    return self->display_name;
}

void
domus_connection_set_display_name (DomusConnection *self, const char *name)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (self));

    if (name != NULL && *name == '\0')
        name = NULL;
    if (g_strcmp0 (self->display_name, name) == 0)
        return;
    g_free (self->display_name);
    self->display_name = g_strdup (name);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

DomusConnectionState
domus_connection_get_state (DomusConnection *self)
{
    g_return_val_if_fail (DOMUS_IS_CONNECTION (self), DOMUS_CONNECTION_STATE_DISCONNECTED);
    return self->state;
}

const char *
domus_connection_get_error_message (DomusConnection *self)
{
    g_return_val_if_fail (DOMUS_IS_CONNECTION (self), NULL);
    return self->error_message;
}

GListModel *
domus_connection_get_domains (DomusConnection *self)
{
    g_return_val_if_fail (DOMUS_IS_CONNECTION (self), NULL);
    return G_LIST_MODEL (self->domains);
}

const DomusHostInfo *
domus_connection_get_host_info (DomusConnection *self)
{
    g_return_val_if_fail (DOMUS_IS_CONNECTION (self), NULL);
    return self->host_info;
}

DomusPoller *
domus_connection_get_poller (DomusConnection *self)
{
    g_return_val_if_fail (DOMUS_IS_CONNECTION (self), NULL);
    return self->poller;
}

DomusDomain *
domus_connection_lookup_domain (DomusConnection *self, const char *uuid)
{
    g_return_val_if_fail (DOMUS_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (uuid != NULL, NULL);

    return g_hash_table_lookup (self->domains_by_uuid, uuid);
}

DomusDomain *
domus_connection_find_domain_by_name (DomusConnection *self, const char *name)
{
    GListModel *domains;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (name != NULL, NULL);

    domains = G_LIST_MODEL (self->domains);
    for (guint i = 0; i < g_list_model_get_n_items (domains); i++) {
        g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);

        if (g_strcmp0 (domus_domain_get_name (domain), name) == 0)
            return domain;   /* the list holds it */
    }
    return NULL;
}

DomusConnection *
domus_connection_find_by_uri (GListModel *connections, const char *uri)
{
    g_return_val_if_fail (G_IS_LIST_MODEL (connections), NULL);
    g_return_val_if_fail (uri != NULL, NULL);

    for (guint i = 0; i < g_list_model_get_n_items (connections); i++) {
        g_autoptr(DomusConnection) conn = g_list_model_get_item (connections, i);

        if (g_str_equal (domus_connection_get_uri (conn), uri))
            return conn;   /* the list holds it */
    }
    return NULL;
}

const char *
domus_connection_state_to_string (DomusConnectionState state)
{
    switch (state) {
    case DOMUS_CONNECTION_STATE_CONNECTING:
        return _("Connecting…");
    case DOMUS_CONNECTION_STATE_CONNECTED:
        return _("Connected");
    case DOMUS_CONNECTION_STATE_NOT_RESPONDING:
        return _("Not responding");
    case DOMUS_CONNECTION_STATE_FAILED:
        return _("Failed");
    case DOMUS_CONNECTION_STATE_DISCONNECTED:
    default:
        return _("Disconnected");
    }
}
