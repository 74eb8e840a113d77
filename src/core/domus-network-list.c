/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The networks of one host as a list that stays right: a "network-event"
 * of the connection (defined, started, stopped, undefined, by Domus or by
 * anyone else) or a new connection reads the whole list again on the
 * worker, one read at a time, and "changed" says when it has come back.
 */
#include "config.h"

#include "domus-network-list.h"

struct _DomusNetworkList {
    GObject parent_instance;

    DomusConnection *conn;
    GPtrArray *networks;        /* DomusNetworkInfo */
    char *error;
    gboolean reading;
    gboolean read_again;        /* an event came while reading */
    GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (DomusNetworkList, domus_network_list, G_TYPE_OBJECT)

enum {
    CHANGED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_read (DomusNetworkList *self);

static void
list_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusNetworkList) self = user_data;
    g_autoptr(GError) error = NULL;
    GPtrArray *networks = domus_network_list_finish (DOMUS_CONNECTION (source), result, &error);

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self->reading = FALSE;
    g_clear_pointer (&self->error, g_free);
    if (networks != NULL) {
        g_ptr_array_unref (self->networks);
        self->networks = networks;
    } else {
        self->error = g_strdup (error->message);
    }
    if (self->read_again) {
        start_read (self);
        return;
    }
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
start_read (DomusNetworkList *self)
{
    self->read_again = FALSE;
    self->reading = TRUE;
    domus_network_list_async (self->conn, self->cancellable, list_done_cb,
                              g_object_ref (self));
}

void
domus_network_list_refresh (DomusNetworkList *self)
{
    g_return_if_fail (DOMUS_IS_NETWORK_LIST (self));

    if (domus_connection_get_state (self->conn) != DOMUS_CONNECTION_STATE_CONNECTED)
        return;
    if (self->reading)
        self->read_again = TRUE;
    else
        start_read (self);
}

static void
network_event_cb (DomusConnection *conn, const char *name, gpointer user_data)
{
    domus_network_list_refresh (user_data);
}

static void
state_changed_cb (DomusConnection *conn, GParamSpec *pspec, gpointer user_data)
{
    domus_network_list_refresh (user_data);
}

static void
domus_network_list_dispose (GObject *object)
{
    DomusNetworkList *self = DOMUS_NETWORK_LIST (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->conn);
    G_OBJECT_CLASS (domus_network_list_parent_class)->dispose (object);
}

static void
domus_network_list_finalize (GObject *object)
{
    DomusNetworkList *self = DOMUS_NETWORK_LIST (object);

    g_clear_pointer (&self->networks, g_ptr_array_unref);
    g_clear_pointer (&self->error, g_free);
    g_clear_object (&self->cancellable);
    G_OBJECT_CLASS (domus_network_list_parent_class)->finalize (object);
}

static void
domus_network_list_class_init (DomusNetworkListClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = domus_network_list_dispose;
    object_class->finalize = domus_network_list_finalize;

    signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
domus_network_list_init (DomusNetworkList *self)
{
    self->networks = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_network_info_free);
    self->cancellable = g_cancellable_new ();
}

DomusNetworkList *
domus_network_list_new (DomusConnection *conn)
{
    DomusNetworkList *self;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);

    self = g_object_new (DOMUS_TYPE_NETWORK_LIST, NULL);
    self->conn = g_object_ref (conn);
    g_signal_connect_object (conn, "network-event", G_CALLBACK (network_event_cb), self, 0);
    g_signal_connect_object (conn, "notify::state", G_CALLBACK (state_changed_cb), self, 0);
    domus_network_list_refresh (self);
    return self;
}

DomusConnection *
domus_network_list_get_connection (DomusNetworkList *self)
{
    g_return_val_if_fail (DOMUS_IS_NETWORK_LIST (self), NULL);
    return self->conn;
}

GPtrArray *
domus_network_list_get_networks (DomusNetworkList *self)
{
    g_return_val_if_fail (DOMUS_IS_NETWORK_LIST (self), NULL);
    return self->networks;
}

const DomusNetworkInfo *
domus_network_list_lookup (DomusNetworkList *self, const char *name)
{
    g_return_val_if_fail (DOMUS_IS_NETWORK_LIST (self), NULL);

    for (guint i = 0; i < self->networks->len; i++) {
        const DomusNetworkInfo *info = g_ptr_array_index (self->networks, i);

        if (g_strcmp0 (info->name, name) == 0)
            return info;
    }
    return NULL;
}

const char *
domus_network_list_get_error (DomusNetworkList *self)
{
    g_return_val_if_fail (DOMUS_IS_NETWORK_LIST (self), NULL);
    return self->error;
}

gboolean
domus_network_list_is_loading (DomusNetworkList *self)
{
    g_return_val_if_fail (DOMUS_IS_NETWORK_LIST (self), FALSE);
    return self->reading;
}
