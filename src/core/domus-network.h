/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A host's virtual networks, their DHCP leases and the host's interfaces as
 * plain data, read and changed by jobs on the host's worker; and a new
 * network's settings, their defaults, their checks and their XML (pure
 * functions, domus-network-xml.c). Results come back on the caller's main
 * context; nothing here waits on the host.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"

G_BEGIN_DECLS

/* How a network reaches the world, in the admin's terms. */
typedef enum {
    DOMUS_NETWORK_KIND_NAT,         /* forward mode nat */
    DOMUS_NETWORK_KIND_ROUTED,      /* forward mode route */
    DOMUS_NETWORK_KIND_ISOLATED,    /* no forward */
    DOMUS_NETWORK_KIND_OPEN,        /* forward mode open: no firewall rules */
    DOMUS_NETWORK_KIND_BRIDGE,      /* an existing host bridge */
    DOMUS_NETWORK_KIND_MACVTAP,     /* macvtap on a host interface (mode bridge) */
} DomusNetworkKind;

typedef struct {
    char *name;
    char *uuid;
    gboolean active;
    gboolean persistent;
    gboolean autostart;
    DomusNetworkKind kind;
    char *forward_mode;     /* libvirt's word ("nat", "bridge"…), or NULL: isolated */
    char *bridge;           /* its bridge, or the host interface it uses, or NULL */
    char *ipv4_address;     /* the host's address on it, or NULL */
    guint ipv4_prefix;
    char *ipv4_dhcp_start;  /* the first DHCP range, or NULL */
    char *ipv4_dhcp_end;
    char *ipv6_address;
    guint ipv6_prefix;
    char *ipv6_dhcp_start;
    char *ipv6_dhcp_end;
    char *domain;           /* DNS domain, or NULL */
} DomusNetworkInfo;

typedef struct {
    char *network;
    char *mac;
    char *address;          /* "192.168.100.23" */
    guint prefix;
    gboolean ipv6;
    char *hostname;         /* or NULL */
    gint64 expiry;          /* seconds since the epoch, 0: never */
} DomusNetworkLease;

/* A host interface (NIC, bridge, bond, VLAN), read-only. */
typedef struct {
    char *name;
    char *type;             /* "ethernet", "bridge", "bond", "vlan" */
    char *mac;              /* or NULL */
    gboolean active;
    GPtrArray *addresses;   /* char *: "192.168.0.5/24" */
} DomusHostInterface;

typedef struct {
    char *mac;
    char *name;             /* or NULL */
    char *address;
} DomusNetworkStaticHost;

/* What the New Network dialog asks for. */
typedef struct {
    char *name;
    DomusNetworkKind kind;
    char *bridge;           /* NAT/routed/isolated/open: the bridge libvirt makes;
                             * bridge: the host's bridge */
    char *device;           /* macvtap: the host interface; routed/NAT: the
                             * interface to forward through, or NULL for any */
    char *domain;           /* DNS domain, or NULL */
    gboolean ipv4;
    char *ipv4_address;     /* the host's address in the subnet */
    guint ipv4_prefix;
    gboolean ipv4_dhcp;
    char *ipv4_dhcp_start;
    char *ipv4_dhcp_end;
    gboolean ipv6;
    char *ipv6_address;
    guint ipv6_prefix;
    gboolean ipv6_dhcp;
    char *ipv6_dhcp_start;
    char *ipv6_dhcp_end;
    GPtrArray *hosts;       /* DomusNetworkStaticHost: IPv4 DHCP reservations */
    gboolean autostart;
} DomusNetworkConfig;

/* The field a check found wrong, for the dialog to mark. */
typedef enum {
    DOMUS_NETWORK_FIELD_NONE,
    DOMUS_NETWORK_FIELD_NAME,
    DOMUS_NETWORK_FIELD_BRIDGE,
    DOMUS_NETWORK_FIELD_DEVICE,
    DOMUS_NETWORK_FIELD_DOMAIN,
    DOMUS_NETWORK_FIELD_IPV4,
    DOMUS_NETWORK_FIELD_IPV4_DHCP,
    DOMUS_NETWORK_FIELD_IPV6,
    DOMUS_NETWORK_FIELD_IPV6_DHCP,
    DOMUS_NETWORK_FIELD_HOSTS,
} DomusNetworkField;

void                 domus_network_info_free      (DomusNetworkInfo *info);
DomusNetworkInfo    *domus_network_info_copy      (const DomusNetworkInfo *info);
void                 domus_network_lease_free     (DomusNetworkLease *lease);
void                 domus_host_interface_free    (DomusHostInterface *iface);
void                 domus_network_static_host_free (DomusNetworkStaticHost *host);

/* Whether the kind has a subnet of its own (NAT, routed, isolated, open). */
gboolean             domus_network_kind_has_subnet (DomusNetworkKind kind);
/* "NAT", "Routed"…, translated. */
const char          *domus_network_kind_to_string (DomusNetworkKind kind);

/* ---- pure: domus-network-xml.c ------------------------------------------- */

DomusNetworkInfo    *domus_network_info_from_xml  (const char *xml,
                                                   GError **error);

void                 domus_network_config_free    (DomusNetworkConfig *config);
/* A config of @kind whose name, bridge and subnets collide with none of
 * @networks (DomusNetworkInfo) and @interfaces (DomusHostInterface);
 * either may be NULL. */
DomusNetworkConfig  *domus_network_config_new_default (DomusNetworkKind kind,
                                                       GPtrArray *networks,
                                                       GPtrArray *interfaces);
/* FALSE with a sentence in @error and the field in @field when @config
 * cannot work: a bad name, a name or bridge in use, subnets that overlap
 * another network's or the host's, a DHCP range outside its subnet… */
gboolean             domus_network_config_check   (const DomusNetworkConfig *config,
                                                   GPtrArray *networks,
                                                   GPtrArray *interfaces,
                                                   DomusNetworkField *field,
                                                   GError **error);
char                *domus_network_config_to_xml  (const DomusNetworkConfig *config);

/* ---- jobs on the worker --------------------------------------------------- */

/* A GPtrArray of DomusNetworkInfo, by name. */
void        domus_network_list_async          (DomusConnection *conn,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
GPtrArray  *domus_network_list_finish         (DomusConnection *conn,
                                               GAsyncResult *result,
                                               GError **error);

typedef enum {
    DOMUS_NETWORK_ACTION_START,
    DOMUS_NETWORK_ACTION_STOP,
    DOMUS_NETWORK_ACTION_DELETE,          /* stops it first when active */
    DOMUS_NETWORK_ACTION_AUTOSTART_ON,
    DOMUS_NETWORK_ACTION_AUTOSTART_OFF,
} DomusNetworkAction;

void        domus_network_act_async           (DomusConnection *conn,
                                               const char *name,
                                               DomusNetworkAction action,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
gboolean    domus_network_act_finish          (DomusConnection *conn,
                                               GAsyncResult *result,
                                               GError **error);

/* Defines the network of @xml, sets its autostart and starts it; if any
 * step fails, what was defined is removed again. */
void        domus_network_create_async        (DomusConnection *conn,
                                               const char *xml,
                                               gboolean autostart,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
gboolean    domus_network_create_finish       (DomusConnection *conn,
                                               GAsyncResult *result,
                                               GError **error);

/* A GPtrArray of DomusNetworkLease of network @name (of every active
 * network when NULL, one call per network). */
void        domus_network_list_leases_async   (DomusConnection *conn,
                                               const char *name,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
GPtrArray  *domus_network_list_leases_finish  (DomusConnection *conn,
                                               GAsyncResult *result,
                                               GError **error);

/* A GPtrArray of DomusHostInterface, by name. */
void        domus_network_list_interfaces_async  (DomusConnection *conn,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer user_data);
GPtrArray  *domus_network_list_interfaces_finish (DomusConnection *conn,
                                                  GAsyncResult *result,
                                                  GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusNetworkInfo, domus_network_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusNetworkConfig, domus_network_config_free)

G_END_DECLS
