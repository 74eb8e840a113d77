/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Moving a guest to another connected host (libvirt migration): the
 * choices a person makes, what a destination host offers and why it may
 * not fit, and the migration job itself with its progress, cancel and
 * "switch to post-copy". Every libvirt call runs on a host's worker or on
 * a thread beside it; progress and results come back on the caller's main
 * context.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"

G_BEGIN_DECLS

typedef enum {
    DOMUS_MIGRATE_LIVE,         /* a running guest keeps running */
    DOMUS_MIGRATE_OFFLINE,      /* a shut-off guest: its definition moves */
} DomusMigrateMode;

typedef enum {
    DOMUS_MIGRATE_DIRECT,       /* Domus drives both daemons */
    DOMUS_MIGRATE_PEER_TO_PEER, /* the source daemon talks to the destination's */
} DomusMigrateTransport;

typedef enum {
    DOMUS_MIGRATE_STORAGE_SHARED,   /* both hosts see the disks: nothing copied */
    DOMUS_MIGRATE_STORAGE_COPY_ALL, /* every writable disk is copied */
    DOMUS_MIGRATE_STORAGE_COPY_TOP, /* only the top layer (the backing files exist there) */
} DomusMigrateStorage;

typedef struct {
    DomusMigrateMode mode;
    DomusMigrateTransport transport;
    gboolean tunnelled;          /* peer-to-peer only: data through the daemons */
    char *address;               /* migration URI ("tcp://10.0.0.2"), or NULL */
    char *peer_uri;              /* peer-to-peer: how the source daemon reaches
                                  * the destination's; NULL: from its host URI */
    DomusMigrateStorage storage;
    char *pool;                  /* destination pool in which disks missing
                                  * there are created, or NULL */
    gboolean keep_source;        /* leave the definition on the source */
    gboolean persistent;         /* define the guest on the destination */
    guint64 bandwidth_mib;       /* MiB/s, 0 for no limit */
    gboolean auto_converge;
    gboolean post_copy;          /* allow switching to post-copy */
    gboolean compressed;
    gboolean allow_unsafe;
} DomusMigrateOptions;

/* The defaults: live, direct, shared storage, persistent on the
 * destination, undefined on the source, no limit. */
DomusMigrateOptions *domus_migrate_options_new  (void);
DomusMigrateOptions *domus_migrate_options_copy (const DomusMigrateOptions *options);
void                 domus_migrate_options_free (DomusMigrateOptions *options);

/* FALSE, with a sentence for people, when the choices contradict each
 * other (tunnelled without peer-to-peer, post-copy offline…). */
gboolean             domus_migrate_options_check (const DomusMigrateOptions *options,
                                                  GError **error);

/* What a host offers as a destination, and (when asked about a guest)
 * what that guest needs. */
typedef struct {
    char *host_uuid;
    char *hypervisor;            /* virConnectGetType(): "QEMU" */
    char *arch;                  /* the host CPU's: "x86_64" */
    guint cpus;
    guint64 free_memory_kib;     /* 0 where the host does not say */
    guint64 guest_memory_kib;    /* 0 unless a guest was named */
} DomusMigrateHost;

void domus_migrate_host_free (DomusMigrateHost *host);

void              domus_migrate_query_host_async  (DomusConnection *conn,
                                                   DomusDomain *domain,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer user_data);
DomusMigrateHost *domus_migrate_query_host_finish (DomusConnection *conn,
                                                   GAsyncResult *result,
                                                   GError **error);

/* Why DEST cannot take the guest of SOURCE (queried with the guest), in a
 * sentence for people, or NULL when it can. */
char *domus_migrate_check_destination (const DomusMigrateHost *source,
                                       const DomusMigrateHost *dest);

typedef enum {
    DOMUS_MIGRATE_PHASE_STARTING,
    DOMUS_MIGRATE_PHASE_STORAGE,     /* copying disks */
    DOMUS_MIGRATE_PHASE_MEMORY,      /* copying memory, guest running */
    DOMUS_MIGRATE_PHASE_POST_COPY,   /* running on the destination, pages follow */
    DOMUS_MIGRATE_PHASE_COMPLETED,
} DomusMigratePhase;

typedef struct {
    DomusMigratePhase phase;
    guint64 processed_bytes;
    guint64 remaining_bytes;
    guint64 total_bytes;
    guint64 rate_bytes;          /* memory transfer, bytes/s */
    guint64 dirty_rate_bytes;    /* pages the guest dirties, bytes/s */
    guint64 iterations;          /* memory passes */
    guint64 downtime_ms;         /* expected */
    guint64 elapsed_ms;
} DomusMigrateProgress;

typedef void (*DomusMigrateProgressFunc) (const DomusMigrateProgress *progress,
                                          gpointer user_data);

/* "Copying memory", translated. */
const char *domus_migrate_phase_to_string    (DomusMigratePhase phase);
/* One line for people: "12.0 MB of 64.0 MB, 1.0 MB/s, dirtying 2.0 kB/s,
 * pass 2, downtime 30 ms". */
char       *domus_migrate_progress_describe  (const DomusMigrateProgress *progress);

/*
 * Moves DOMAIN from SOURCE to DEST as OPTIONS say. Disks to be copied that
 * DEST lacks are created first in OPTIONS->pool (and removed again when
 * the migration fails). While the migration runs, a thread of its own polls
 * virDomainGetJobStats and reports through PROGRESS, which must stay valid
 * until CALLBACK runs. Cancelling CANCELLABLE aborts it (virDomainAbortJob:
 * the guest keeps running on the source); cancelling POST_COPY (may be
 * NULL) switches a migration started with post_copy to post-copy. A
 * failure carries libvirt's whole message and where the guest is now on
 * both hosts, checked after the failure. An offline migration that copies
 * disks is Domus's own (libvirt refuses it): the volumes are created in
 * OPTIONS->pool and copied through the storage API, the guest defined on
 * DEST and undefined on SOURCE; PROGRESS then counts the bytes copied.
 */
void     domus_domain_migrate_async  (DomusConnection *source,
                                      DomusDomain *domain,
                                      DomusConnection *dest,
                                      const DomusMigrateOptions *options,
                                      DomusMigrateProgressFunc progress,
                                      gpointer progress_data,
                                      GCancellable *post_copy,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
gboolean domus_domain_migrate_finish (DomusConnection *source,
                                      GAsyncResult *result,
                                      GError **error);

/* A running guest of a host being emptied, and where it goes. */
typedef struct {
    char *uuid;
    char *name;
    guint64 memory_kib;
    int dest;                    /* index of its destination, or -1: no room */
} DomusEvacuationItem;

void domus_evacuation_item_free (DomusEvacuationItem *item);

/* The running guests of CONN with their memory, as a GPtrArray of
 * DomusEvacuationItem (dest -1), the largest first. */
void       domus_migrate_list_running_async  (DomusConnection *conn,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
GPtrArray *domus_migrate_list_running_finish (DomusConnection *conn,
                                              GAsyncResult *result,
                                              GError **error);

/* Sets each item's dest among N_DESTS destinations with FREE_KIB free
 * (0: the host does not say): the largest guests first, each where the
 * most room is left, so that the guests spread by free memory; -1 where
 * none has room. One destination takes all that fit. */
void       domus_migrate_plan_evacuation     (GPtrArray *guests,
                                              const guint64 *free_kib,
                                              guint n_dests);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusMigrateOptions, domus_migrate_options_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusMigrateHost, domus_migrate_host_free)

G_END_DECLS
