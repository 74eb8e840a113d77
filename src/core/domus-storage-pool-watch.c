/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pool events of one host. The registration and deregistration run as
 * worker jobs; libvirt's callback runs on the GLib main loop
 * (gvir_event_register) and re-posts the event to the watch's context,
 * where the watch may already be gone (a weak reference).
 */
#include "config.h"

#include "domus-storage-pool-watch.h"

#include <libvirt/libvirt.h>

#include "domus-connection-private.h"
#include "domus-libvirt-private.h"

struct _DomusStoragePoolWatch {
    GObject parent_instance;

    DomusConnection *conn;
    /* The registration on the worker, once it succeeded: the connection
     * it was made on (a reference of ours) and libvirt's ids. */
    virConnectPtr registered_on;
    int lifecycle_id;
    int refresh_id;
    gulong state_handler;
};

G_DEFINE_FINAL_TYPE (DomusStoragePoolWatch, domus_storage_pool_watch, G_TYPE_OBJECT)

enum {
    SIGNAL_POOL_EVENT,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
    PROP_0,
    PROP_ACTIVE,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
    GWeakRef watch;
    GMainContext *context;
} EventBox;

typedef struct {
    GWeakRef watch;
    char *name;
    int event;
} EventData;

static void
event_box_free (void *data)
{
    EventBox *box = data;

    g_weak_ref_clear (&box->watch);
    g_main_context_unref (box->context);
    g_free (box);
}

static void
event_data_free (gpointer data)
{
    EventData *ev = data;

    g_weak_ref_clear (&ev->watch);
    g_free (ev->name);
    g_free (ev);
}

static gboolean
deliver_event_cb (gpointer data)
{
    EventData *ev = data;
    g_autoptr(DomusStoragePoolWatch) self = g_weak_ref_get (&ev->watch);

    if (self != NULL)
        g_signal_emit (self, signals[SIGNAL_POOL_EVENT], 0, ev->name, ev->event);
    return G_SOURCE_REMOVE;
}

static void
post_event (EventBox *box, virStoragePoolPtr pool, int event)
{
    EventData *ev = g_new0 (EventData, 1);
    g_autoptr(DomusStoragePoolWatch) self = g_weak_ref_get (&box->watch);
    GSource *source;

    g_weak_ref_init (&ev->watch, self);
    ev->name = g_strdup (virStoragePoolGetName (pool));
    ev->event = event;
    source = g_idle_source_new ();
    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, deliver_event_cb, ev, event_data_free);
    g_source_attach (source, box->context);
    g_source_unref (source);
}

static void
lifecycle_cb (virConnectPtr conn, virStoragePoolPtr pool, int event, int detail, void *opaque)
{
    if (event >= VIR_STORAGE_POOL_EVENT_DEFINED && event <= VIR_STORAGE_POOL_EVENT_DELETED)
        post_event (opaque, pool, event);
}

static void
refresh_cb (virConnectPtr conn, virStoragePoolPtr pool, void *opaque)
{
    post_event (opaque, pool, DOMUS_POOL_EVENT_REFRESHED);
}

typedef struct {
    virConnectPtr conn;
    int lifecycle_id;
    int refresh_id;
} Registration;

static void
registration_free (Registration *reg)
{
    /* Closed on the worker by the release job, never here. */
    g_assert (reg->conn == NULL);
    g_free (reg);
}

static EventBox *
event_box_copy (EventBox *template)
{
    EventBox *box = g_new0 (EventBox, 1);
    g_autoptr(DomusStoragePoolWatch) self = g_weak_ref_get (&template->watch);

    g_weak_ref_init (&box->watch, self);
    box->context = g_main_context_ref (template->context);
    return box;
}

static void
register_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    Registration *reg = g_new0 (Registration, 1);
    EventBox *box = event_box_copy (task_data);
    EventBox *refresh_box = event_box_copy (task_data);

    reg->lifecycle_id = virConnectStoragePoolEventRegisterAny (
        conn, NULL, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
        VIR_STORAGE_POOL_EVENT_CALLBACK (lifecycle_cb), box, event_box_free);
    if (reg->lifecycle_id < 0) {
        event_box_free (box);
        g_debug ("no storage pool events: %s", virGetLastErrorMessage ());
    }
    reg->refresh_id = virConnectStoragePoolEventRegisterAny (
        conn, NULL, VIR_STORAGE_POOL_EVENT_ID_REFRESH,
        VIR_STORAGE_POOL_EVENT_CALLBACK (refresh_cb), refresh_box, event_box_free);
    if (reg->refresh_id < 0)
        event_box_free (refresh_box);
    virResetLastError ();
    if (reg->lifecycle_id >= 0 || reg->refresh_id >= 0) {
        reg->conn = conn;
        virConnectRef (conn);
    }
    g_task_return_pointer (task, reg, NULL);
}

static void
deregister_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    Registration *reg = task_data;

    if (reg->conn != NULL) {
        if (reg->lifecycle_id >= 0)
            virConnectStoragePoolEventDeregisterAny (reg->conn, reg->lifecycle_id);
        if (reg->refresh_id >= 0)
            virConnectStoragePoolEventDeregisterAny (reg->conn, reg->refresh_id);
        virResetLastError ();
        virConnectClose (reg->conn);
        reg->conn = NULL;
    }
    g_task_return_boolean (task, TRUE);
}

static void
release (DomusConnection *conn, Registration *reg)
{
    domus_connection_run_release_job (conn, deregister_job, reg,
                                      (GDestroyNotify) registration_free);
}

static void
forget_registration (DomusStoragePoolWatch *self)
{
    Registration *reg;

    if (self->registered_on == NULL)
        return;
    reg = g_new0 (Registration, 1);
    reg->conn = g_steal_pointer (&self->registered_on);
    reg->lifecycle_id = self->lifecycle_id;
    reg->refresh_id = self->refresh_id;
    release (self->conn, reg);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

static void
registered_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    DomusConnection *conn = DOMUS_CONNECTION (source);
    g_autoptr(DomusStoragePoolWatch) self = g_weak_ref_get (user_data);
    Registration *reg = g_task_propagate_pointer (G_TASK (result), NULL);

    g_weak_ref_clear (user_data);
    g_free (user_data);
    if (reg == NULL)
        return;
    if (self == NULL || reg->conn == NULL ||
        domus_connection_get_state (conn) != DOMUS_CONNECTION_STATE_CONNECTED) {
        release (conn, reg);
        return;
    }
    forget_registration (self);
    self->registered_on = g_steal_pointer (&reg->conn);
    self->lifecycle_id = reg->lifecycle_id;
    self->refresh_id = reg->refresh_id;
    g_free (reg);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

static void
start_registration (DomusStoragePoolWatch *self)
{
    EventBox *box = g_new0 (EventBox, 1);
    GWeakRef *ref = g_new0 (GWeakRef, 1);

    g_weak_ref_init (&box->watch, self);
    box->context = g_main_context_ref_thread_default ();
    g_weak_ref_init (ref, self);
    /* No cancellable: a registration made must reach registered_cb, which
     * releases it when the watch is gone. */
    domus_connection_run_job (self->conn, register_job, box, event_box_free, NULL,
                              registered_cb, ref);
}

static void
state_changed_cb (DomusConnection *conn, GParamSpec *pspec, DomusStoragePoolWatch *self)
{
    if (domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_CONNECTED)
        start_registration (self);
    else
        forget_registration (self);
}

static void
domus_storage_pool_watch_dispose (GObject *object)
{
    DomusStoragePoolWatch *self = DOMUS_STORAGE_POOL_WATCH (object);

    if (self->conn != NULL) {
        g_clear_signal_handler (&self->state_handler, self->conn);
        forget_registration (self);
    }
    g_clear_object (&self->conn);
    G_OBJECT_CLASS (domus_storage_pool_watch_parent_class)->dispose (object);
}

static void
domus_storage_pool_watch_get_property (GObject *object, guint prop_id, GValue *value,
                                       GParamSpec *pspec)
{
    DomusStoragePoolWatch *self = DOMUS_STORAGE_POOL_WATCH (object);

    switch (prop_id) {
    case PROP_ACTIVE:
        g_value_set_boolean (value, domus_storage_pool_watch_is_active (self));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_storage_pool_watch_class_init (DomusStoragePoolWatchClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = domus_storage_pool_watch_dispose;
    object_class->get_property = domus_storage_pool_watch_get_property;

    properties[PROP_ACTIVE] =
        g_param_spec_boolean ("active", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    signals[SIGNAL_POOL_EVENT] =
        g_signal_new ("pool-event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);
}

static void
domus_storage_pool_watch_init (DomusStoragePoolWatch *self)
{
}

DomusStoragePoolWatch *
domus_storage_pool_watch_new (DomusConnection *conn)
{
    DomusStoragePoolWatch *self;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);
    self = g_object_new (DOMUS_TYPE_STORAGE_POOL_WATCH, NULL);
    self->conn = g_object_ref (conn);
    self->state_handler = g_signal_connect (conn, "notify::state",
                                            G_CALLBACK (state_changed_cb), self);
    if (domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_CONNECTED)
        start_registration (self);
    return self;
}

gboolean
domus_storage_pool_watch_is_active (DomusStoragePoolWatch *self)
{
    g_return_val_if_fail (DOMUS_IS_STORAGE_POOL_WATCH (self), FALSE);
    return self->registered_on != NULL;
}
