/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Creating a guest on a host, as a worker job: new disk, define, start,
 * and on failure the removal of what it created (never of the user's
 * disks). What the host offers a new guest is in domus-host-options.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"
#include "domus-domain-config.h"

G_BEGIN_DECLS

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusCreatePlan, domus_create_plan_free)

G_END_DECLS
