/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Deleting a guest and, if asked, its storage. First a plan: the guest's
 * disks, which other guests use them, and which can be deleted through
 * libvirt's storage pools; then the delete itself, step by step, saying
 * exactly what remains when a step fails. Both run on the host's worker.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"

G_BEGIN_DECLS

/* One disk of the guest as the delete dialog lists it. */
typedef struct {
    char *target;           /* "vda", "hdc" */
    char *device;           /* "disk", "cdrom", "floppy", "lun" */
    char *path;             /* the file or block device; NULL when none */
    char *pool;             /* the storage pool that holds it, or NULL */
    char *shared_with;      /* other guests using it ("db01, db02"), or NULL */
    gboolean shareable;     /* <shareable/> in the guest's XML */
    gboolean deletable;     /* libvirt can delete it (a volume of a pool that can) */
    gboolean default_delete; /* ticked by default */
    char *note;             /* why it is not ticked, in the admin's words, or NULL */
} DomusDeleteDisk;

typedef struct {
    char *name;             /* the guest's */
    gboolean active;        /* running or paused: it will be forced off first */
    GPtrArray *disks;       /* DomusDeleteDisk */
} DomusDeletePlan;

void             domus_delete_plan_free             (DomusDeletePlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusDeletePlan, domus_delete_plan_free)

void             domus_domain_delete_plan_async     (DomusConnection *conn,
                                                     DomusDomain *domain,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data);
DomusDeletePlan *domus_domain_delete_plan_finish    (DomusConnection *conn,
                                                     GAsyncResult *result,
                                                     GError **error);

/* Forces the guest off if it runs (only when FORCE_OFF: the caller has said
 * so), undefines it with its managed save image, snapshot and checkpoint
 * metadata and NVRAM, then deletes each volume in PATHS (NULL-terminated,
 * may be NULL) through its storage pool. Stops before touching storage if
 * the guest cannot be removed. On failure, the error says what remains. */
void             domus_domain_delete_async          (DomusConnection *conn,
                                                     DomusDomain *domain,
                                                     gboolean force_off,
                                                     const char *const *paths,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data);
gboolean         domus_domain_delete_finish         (DomusConnection *conn,
                                                     GAsyncResult *result,
                                                     GError **error);

G_END_DECLS
