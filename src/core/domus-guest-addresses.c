/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guests' addresses of one host. A refresh is one worker job: for
 * running guests whose MACs are not known yet, their XML (once per guest,
 * again only after an event about it); then every active network's leases,
 * one call per network; then the guest agent of the guests whose XML has
 * its channel. The job hands back a plain table uuid -> addresses.
 */
#include "config.h"

#include "domus-guest-addresses.h"

#include <string.h>

#include "domus-connection-private.h"
#include "domus-libvirt-private.h"
#include "domus-network.h"
#include "domus-network-private.h"
#include "domus-xml.h"

#define DATA_KEY "domus-guest-addresses"
/* Leases come and go with no event: looked at again this often. */
#define REFRESH_INTERVAL_S 20
/* After a guest event: long enough for a starting guest's DHCP. */
#define AFTER_EVENT_S 4

/* What is known of a guest's NICs, read once from its XML. */
typedef struct {
    GStrv macs;                 /* lower case */
    gboolean agent;             /* has the guest agent's channel */
} GuestNics;

static void
guest_nics_free (GuestNics *nics)
{
    g_strfreev (nics->macs);
    g_free (nics);
}

struct _DomusGuestAddresses {
    GObject parent_instance;

    DomusConnection *conn;      /* weak: the connection holds us by data */
    GHashTable *nics;           /* uuid -> GuestNics */
    GHashTable *addresses;      /* uuid -> char * */
    GHashTable *mac_addresses;  /* MAC (lower case) -> char *, per NIC */
    GHashTable *stale;          /* uuids whose NICs changed during a read */
    GCancellable *cancellable;
    guint timer;
    guint soon;
    gboolean reading;
    gboolean read_again;
    guint reads;
};

G_DEFINE_FINAL_TYPE (DomusGuestAddresses, domus_guest_addresses, G_TYPE_OBJECT)

enum {
    CHANGED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
    GPtrArray *running;         /* char *uuid: running guests */
    GHashTable *nics;           /* uuid -> GuestNics: known (in), read (out) */
    GHashTable *addresses;      /* out: uuid -> char * */
    GHashTable *mac_addresses;  /* out: MAC -> char * */
} RefreshJob;

static void
refresh_job_free (RefreshJob *job)
{
    g_ptr_array_unref (job->running);
    g_hash_table_unref (job->nics);
    g_clear_pointer (&job->addresses, g_hash_table_unref);
    g_clear_pointer (&job->mac_addresses, g_hash_table_unref);
    g_free (job);
}

static GuestNics *
read_nics (virConnectPtr conn, const char *uuid)
{
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, uuid);
    g_autofree char *xml = dom != NULL ? virDomainGetXMLDesc (dom, 0) : NULL;
    g_autoptr(xmlDoc) doc = xml != NULL ? domus_xml_parse (xml, NULL) : NULL;
    g_autoptr(xmlXPathContext) ctx = doc != NULL ? xmlXPathNewContext (doc) : NULL;
    g_autoptr(GPtrArray) macs = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *agent = NULL;
    GuestNics *nics = g_new0 (GuestNics, 1);

    if (ctx != NULL) {
        domus_xml_collect_strings (ctx, "/domain/devices/interface/mac/@address", macs);
        agent = domus_xml_get_string (
            ctx, NULL,
            "string(/domain/devices/channel/target[@name='org.qemu.guest_agent.0']/@name)");
    }
    virResetLastError ();
    for (guint i = 0; i < macs->len; i++) {
        char *lower = g_ascii_strdown (g_ptr_array_index (macs, i), -1);

        g_free (g_ptr_array_index (macs, i));
        macs->pdata[i] = lower;
    }
    g_ptr_array_add (macs, NULL);
    nics->macs = (GStrv) g_ptr_array_steal (macs, NULL);
    nics->agent = agent != NULL;
    return nics;
}

/* Adds @address to the list of guest @uuid in @out, once. */
static void
add_address (GHashTable *out, const char *uuid, const char *address)
{
    const char *old = g_hash_table_lookup (out, uuid);
    g_auto(GStrv) parts = old != NULL ? g_strsplit (old, ", ", -1) : NULL;

    if (parts != NULL && g_strv_contains ((const char *const *) parts, address))
        return;
    g_hash_table_insert (out, g_strdup (uuid),
                         old != NULL ? g_strdup_printf ("%s, %s", old, address)
                                     : g_strdup (address));
}

static void
add_agent_addresses (virConnectPtr conn, const char *uuid, GHashTable *out,
                     GHashTable *by_mac)
{
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, uuid);
    virDomainInterfacePtr *ifaces = NULL;
    int n = dom != NULL ? virDomainInterfaceAddresses (dom, &ifaces,
                                                       VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0)
                        : -1;

    /* No agent answering (not installed, not started yet): leases only. */
    for (int i = 0; i < n; i++) {
        for (unsigned int j = 0; j < ifaces[i]->naddrs; j++) {
            const char *addr = ifaces[i]->addrs[j].addr;

            /* The guest's own loopback and link-local addresses say nothing. */
            if (addr != NULL && !g_str_has_prefix (addr, "127.") &&
                g_strcmp0 (addr, "::1") != 0 && !g_str_has_prefix (addr, "fe80:")) {
                add_address (out, uuid, addr);
                if (ifaces[i]->hwaddr != NULL) {
                    g_autofree char *mac = g_ascii_strdown (ifaces[i]->hwaddr, -1);

                    add_address (by_mac, mac, addr);
                }
            }
        }
        virDomainInterfaceFree (ifaces[i]);
    }
    free (ifaces);
    virResetLastError ();
}

static void
refresh_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    RefreshJob *job = task_data;
    g_autoptr(GHashTable) by_mac = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) leases =
        g_ptr_array_new_with_free_func ((GDestroyNotify) domus_network_lease_free);
    virNetworkPtr *nets = NULL;
    int n;

    job->addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    job->mac_addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    for (guint i = 0; i < job->running->len; i++) {
        const char *uuid = g_ptr_array_index (job->running, i);
        GuestNics *nics = g_hash_table_lookup (job->nics, uuid);

        if (nics == NULL) {
            nics = read_nics (conn, uuid);
            g_hash_table_insert (job->nics, g_strdup (uuid), nics);
        }
        for (guint m = 0; nics->macs[m] != NULL; m++)
            g_hash_table_insert (by_mac, nics->macs[m], (gpointer) uuid);
    }

    n = virConnectListAllNetworks (conn, &nets, VIR_CONNECT_LIST_NETWORKS_ACTIVE);
    for (int i = 0; i < n; i++) {
        /* A network with no DHCP of libvirt's (a host bridge) cannot say. */
        if (!domus_network_read_leases_on (nets[i], leases, NULL))
            virResetLastError ();
        virNetworkFree (nets[i]);
    }
    free (nets);
    virResetLastError ();
    for (guint i = 0; i < leases->len; i++) {
        const DomusNetworkLease *lease = g_ptr_array_index (leases, i);
        const char *uuid = g_hash_table_lookup (by_mac, lease->mac);

        if (uuid != NULL && lease->address != NULL) {
            add_address (job->addresses, uuid, lease->address);
            add_address (job->mac_addresses, lease->mac, lease->address);
        }
    }

    for (guint i = 0; i < job->running->len; i++) {
        const char *uuid = g_ptr_array_index (job->running, i);
        GuestNics *nics = g_hash_table_lookup (job->nics, uuid);

        if (nics->agent)
            add_agent_addresses (conn, uuid, job->addresses, job->mac_addresses);
    }
    g_task_return_boolean (task, TRUE);
}

static void start_refresh (DomusGuestAddresses *self);

static gboolean
in_stale (gpointer key, gpointer value, gpointer user_data)
{
    return g_hash_table_contains (user_data, key);
}

static void
refresh_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusGuestAddresses) self = user_data;
    RefreshJob *job = g_task_get_task_data (G_TASK (result));
    g_autoptr(GError) error = NULL;

    if (!g_task_propagate_boolean (G_TASK (result), &error)) {
        if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            return;
        self->reading = FALSE;
        return;
    }
    self->reading = FALSE;
    self->reads++;
    g_hash_table_unref (self->nics);
    self->nics = g_hash_table_ref (job->nics);
    g_hash_table_foreach_remove (self->nics, in_stale, self->stale);
    g_hash_table_remove_all (self->stale);
    g_hash_table_unref (self->addresses);
    self->addresses = g_steal_pointer (&job->addresses);
    g_hash_table_unref (self->mac_addresses);
    self->mac_addresses = g_steal_pointer (&job->mac_addresses);
    if (self->read_again)
        start_refresh (self);
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
start_refresh (DomusGuestAddresses *self)
{
    GListModel *domains = domus_connection_get_domains (self->conn);
    guint n = g_list_model_get_n_items (domains);
    RefreshJob *job = g_new0 (RefreshJob, 1);
    GHashTableIter iter;
    gpointer key, value;

    job->running = g_ptr_array_new_with_free_func (g_free);
    job->nics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) guest_nics_free);
    for (guint i = 0; i < n; i++) {
        g_autoptr(DomusDomain) domain = g_list_model_get_item (domains, i);

        if (domus_domain_is_active (domain))
            g_ptr_array_add (job->running, g_strdup (domus_domain_get_uuid (domain)));
    }
    /* The job fills its own copy of what is known; it replaces ours when
     * it comes back, on this thread. */
    g_hash_table_iter_init (&iter, self->nics);
    while (g_hash_table_iter_next (&iter, &key, &value)) {
        const GuestNics *nics = value;
        GuestNics *copy = g_new0 (GuestNics, 1);

        copy->macs = g_strdupv (nics->macs);
        copy->agent = nics->agent;
        g_hash_table_insert (job->nics, g_strdup (key), copy);
    }
    self->reading = TRUE;
    self->read_again = FALSE;
    domus_connection_run_job (self->conn, refresh_job, job, (GDestroyNotify) refresh_job_free,
                              self->cancellable, refresh_done_cb, g_object_ref (self));
}

void
domus_guest_addresses_refresh (DomusGuestAddresses *self)
{
    g_return_if_fail (DOMUS_IS_GUEST_ADDRESSES (self));

    if (self->conn == NULL ||
        domus_connection_get_state (self->conn) != DOMUS_CONNECTION_STATE_CONNECTED)
        return;
    if (self->reading)
        self->read_again = TRUE;
    else
        start_refresh (self);
}

static gboolean
timer_cb (gpointer user_data)
{
    domus_guest_addresses_refresh (user_data);
    return G_SOURCE_CONTINUE;
}

static gboolean
soon_cb (gpointer user_data)
{
    DomusGuestAddresses *self = user_data;

    self->soon = 0;
    domus_guest_addresses_refresh (self);
    return G_SOURCE_REMOVE;
}

/* A guest started, stopped or was redefined: its NICs may have changed,
 * and a starting guest asks for a lease within seconds. */
static void
domain_event_cb (DomusConnection *conn, DomusDomain *domain, gpointer user_data)
{
    DomusGuestAddresses *self = user_data;

    g_hash_table_remove (self->nics, domus_domain_get_uuid (domain));
    if (self->reading)
        g_hash_table_add (self->stale, g_strdup (domus_domain_get_uuid (domain)));
    g_clear_handle_id (&self->soon, g_source_remove);
    self->soon = g_timeout_add_seconds (AFTER_EVENT_S, soon_cb, self);
}

static void
state_cb (DomusConnection *conn, GParamSpec *pspec, gpointer user_data)
{
    DomusGuestAddresses *self = user_data;

    if (domus_connection_get_state (conn) != DOMUS_CONNECTION_STATE_CONNECTED)
        g_hash_table_remove_all (self->nics);
    domus_guest_addresses_refresh (self);
}

static void
domus_guest_addresses_dispose (GObject *object)
{
    DomusGuestAddresses *self = DOMUS_GUEST_ADDRESSES (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_handle_id (&self->timer, g_source_remove);
    g_clear_handle_id (&self->soon, g_source_remove);
    if (self->conn != NULL) {
        g_object_remove_weak_pointer (G_OBJECT (self->conn), (gpointer *) &self->conn);
        g_signal_handlers_disconnect_by_data (self->conn, self);
        if (g_object_get_data (G_OBJECT (self->conn), DATA_KEY) == self)
            g_object_set_data (G_OBJECT (self->conn), DATA_KEY, NULL);
        self->conn = NULL;
    }
    G_OBJECT_CLASS (domus_guest_addresses_parent_class)->dispose (object);
}

static void
domus_guest_addresses_finalize (GObject *object)
{
    DomusGuestAddresses *self = DOMUS_GUEST_ADDRESSES (object);

    g_hash_table_unref (self->nics);
    g_hash_table_unref (self->addresses);
    g_hash_table_unref (self->mac_addresses);
    g_hash_table_unref (self->stale);
    g_clear_object (&self->cancellable);
    G_OBJECT_CLASS (domus_guest_addresses_parent_class)->finalize (object);
}

static void
domus_guest_addresses_class_init (DomusGuestAddressesClass *klass)
{
    G_OBJECT_CLASS (klass)->dispose = domus_guest_addresses_dispose;
    G_OBJECT_CLASS (klass)->finalize = domus_guest_addresses_finalize;

    signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
domus_guest_addresses_init (DomusGuestAddresses *self)
{
    self->nics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) guest_nics_free);
    self->addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->mac_addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->stale = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    self->cancellable = g_cancellable_new ();
}

DomusGuestAddresses *
domus_guest_addresses_get (DomusConnection *conn)
{
    DomusGuestAddresses *self;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);

    self = g_object_get_data (G_OBJECT (conn), DATA_KEY);
    if (self != NULL)
        return g_object_ref (self);

    /* The users hold it; the connection only points at it while it lives. */
    self = g_object_new (DOMUS_TYPE_GUEST_ADDRESSES, NULL);
    self->conn = conn;
    g_object_add_weak_pointer (G_OBJECT (conn), (gpointer *) &self->conn);
    g_object_set_data (G_OBJECT (conn), DATA_KEY, self);
    g_signal_connect (conn, "domain-event", G_CALLBACK (domain_event_cb), self);
    g_signal_connect (conn, "notify::state", G_CALLBACK (state_cb), self);
    self->timer = g_timeout_add_seconds (REFRESH_INTERVAL_S, timer_cb, self);
    domus_guest_addresses_refresh (self);
    return self;
}

const char *
domus_guest_addresses_lookup (DomusGuestAddresses *self, const char *uuid)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_ADDRESSES (self), NULL);
    return g_hash_table_lookup (self->addresses, uuid);
}

const char *
domus_guest_addresses_lookup_mac (DomusGuestAddresses *self, const char *mac)
{
    g_autofree char *lower = NULL;

    g_return_val_if_fail (DOMUS_IS_GUEST_ADDRESSES (self), NULL);
    g_return_val_if_fail (mac != NULL, NULL);

    lower = g_ascii_strdown (mac, -1);
    return g_hash_table_lookup (self->mac_addresses, lower);
}

gboolean
domus_guest_addresses_is_reading (DomusGuestAddresses *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_ADDRESSES (self), FALSE);
    return self->reading;
}

guint
domus_guest_addresses_get_reads (DomusGuestAddresses *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_ADDRESSES (self), 0);
    return self->reads;
}
