/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Creating a guest on a host, as worker jobs: what the host offers a new
 * guest (architectures, UEFI, networks, host interfaces), and the create
 * job itself: new disk, define, start, and on failure the removal of what
 * it created (never of the user's disks).
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"
#include "domus-domain-config.h"

G_BEGIN_DECLS

typedef struct {
    GPtrArray *arches;          /* char *: guest architectures, the host's own first */
    GPtrArray *domain_types;    /* char *: the best domain type for each arch */
    gboolean uefi;              /* the first arch can boot UEFI firmware */
    GPtrArray *networks;        /* char *: virtual networks */
    char *default_network;      /* the one a new guest joins: "default", else the
                                 * first NAT network, else the first; NULL: none */
    GPtrArray *interfaces;      /* char *: host interfaces (bridges, NICs) */
    GHashTable *disk_users;     /* disk path -> GPtrArray of the names of the guests
                                 * using it: a new guest that shares one is warned */
} DomusHostOptions;

void domus_host_options_free (DomusHostOptions *options);

/* The guest of @conn's list named @name (borrowed), or NULL: what the
 * assistant checks a new name against before libvirt is asked. */
DomusDomain      *domus_guest_lookup_by_name      (DomusConnection *conn,
                                                   const char *name);

void              domus_host_options_async  (DomusConnection *conn,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data);
DomusHostOptions *domus_host_options_finish (DomusConnection *conn,
                                             GAsyncResult *result,
                                             GError **error);

typedef struct {
    DomusDomainConfig *config;
    /* A new disk to create first, in config->disk_format; NULL pool: none
     * (config->disk_path is then an existing disk or NULL). */
    char *volume_pool;
    char *volume_name;
    guint64 volume_bytes;
    /* XML reviewed and edited by the user: defined as it is. */
    char *xml_override;
    gboolean start;
} DomusCreatePlan;

DomusCreatePlan *domus_create_plan_new  (void);
void             domus_create_plan_free (DomusCreatePlan *plan);

/* Runs @plan (which it takes) on the host's worker. The result is the new
 * guest's UUID. A failure names the guest and the host, carries libvirt's
 * message, and says what was removed again. */
void     domus_domain_create_async  (DomusConnection *conn,
                                     DomusCreatePlan *plan,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
char    *domus_domain_create_finish (DomusConnection *conn,
                                     GAsyncResult *result,
                                     GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusHostOptions, domus_host_options_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusCreatePlan, domus_create_plan_free)

G_END_DECLS
