/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A guest's snapshots: listed as a tree, taken (internal, external with the
 * memory in a file, or external of the disks only), reverted to, deleted,
 * described; and which kinds this guest and host can take and revert to,
 * with the reason for each they cannot. Every libvirt call runs on the
 * host's worker; results come back as plain data on the main thread.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"

G_BEGIN_DECLS

typedef enum {
    DOMUS_SNAPSHOT_KIND_INTERNAL,   /* inside the qcow2 disks (and memory, if running) */
    DOMUS_SNAPSHOT_KIND_EXTERNAL,   /* overlay files, the memory in a file of its own */
    DOMUS_SNAPSHOT_KIND_DISK_ONLY,  /* overlay files, no memory */
    DOMUS_N_SNAPSHOT_KINDS
} DomusSnapshotKind;

/* One snapshot as libvirt describes it. */
typedef struct {
    char *name;
    char *parent;               /* NULL for a root */
    char *description;          /* NULL when it has none */
    gint64 creation_time;       /* seconds since the epoch */
    DomusDomainState state;     /* the guest's when taken; NOSTATE for disks only */
    DomusSnapshotKind kind;
    gboolean has_memory;        /* a revert brings the guest back running or paused */
    gboolean current;           /* libvirt's current snapshot */
    char *memory_file;          /* EXTERNAL: where the memory went */
} DomusSnapshotInfo;

void domus_snapshot_info_free (DomusSnapshotInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusSnapshotInfo, domus_snapshot_info_free)

/* What this guest and host can do now, and why not, in the admin's words.
 * A NULL reason means it can. */
typedef struct {
    gboolean active;                              /* running or paused: has memory */
    char *why_not[DOMUS_N_SNAPSHOT_KINDS];        /* taking a snapshot of each kind */
    char *revert_why_not[DOMUS_N_SNAPSHOT_KINDS]; /* reverting to one */
    char *quiesce_why_not;                        /* freezing the file systems first */
    char *memory_dir;           /* where a memory file goes by default, or NULL */
    char *libvirt_version;      /* "9.0.0" */
} DomusSnapshotAbilities;

void domus_snapshot_abilities_free (DomusSnapshotAbilities *abilities);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusSnapshotAbilities, domus_snapshot_abilities_free)

/* Decides the above from a domain's XML (live when it runs), whether it
 * runs, and the host's libvirt version (virConnectGetLibVersion's number).
 * Pure: no libvirt call. NULL with an error when the XML does not parse. */
DomusSnapshotAbilities *domus_snapshot_abilities_from_xml (const char *domain_xml,
                                                           gboolean active,
                                                           unsigned long libvirt_version,
                                                           GError **error);

/* NULL when NAME can be a new snapshot's name, else why not ("A snapshot
 * called “x” exists already.", "Names cannot contain “/”."). EXISTING
 * (NULL-terminated, may be NULL) are the guest's snapshots. */
char *domus_snapshot_check_name (const char *name,
                                 const char *const *existing);

/* "Internal", "External", "Disks only". */
const char *domus_snapshot_kind_to_string (DomusSnapshotKind kind);

/* ---- on the host's worker -------------------------------------------- */

/* The guest's snapshots, each after its parent (roots and siblings oldest
 * first), in a GPtrArray of DomusSnapshotInfo. Sets the guest's
 * DomusDomain:snapshot-count, and its FINGERPRINT (see below). */
void       domus_domain_snapshot_list_async        (DomusConnection *conn,
                                                    DomusDomain *domain,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer user_data);
GPtrArray *domus_domain_snapshot_list_finish       (DomusConnection *conn,
                                                    GAsyncResult *result,
                                                    char **fingerprint,
                                                    GError **error);

/* A cheap look (two calls, whatever the number of snapshots): the names
 * and the current one, hashed. It differs from the list's fingerprint when
 * a snapshot was taken or deleted elsewhere (virsh) or another became
 * current; then the list is worth reading again. */
void       domus_domain_snapshot_fingerprint_async  (DomusConnection *conn,
                                                     DomusDomain *domain,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data);
char      *domus_domain_snapshot_fingerprint_finish (DomusConnection *conn,
                                                     GAsyncResult *result,
                                                     GError **error);

void       domus_domain_snapshot_abilities_async  (DomusConnection *conn,
                                                   DomusDomain *domain,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer user_data);
DomusSnapshotAbilities *domus_domain_snapshot_abilities_finish (DomusConnection *conn,
                                                                GAsyncResult *result,
                                                                GError **error);

typedef struct {
    char *name;
    char *description;          /* NULL for none */
    DomusSnapshotKind kind;
    gboolean quiesce;           /* DISK_ONLY of a running guest, through its agent */
    char *memory_file;          /* EXTERNAL: an absolute path on the host */
} DomusSnapshotRequest;

void domus_snapshot_request_free (DomusSnapshotRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusSnapshotRequest, domus_snapshot_request_free)

/* FRACTION is 0..1, or negative while libvirt does not know the total. */
typedef void (*DomusSnapshotProgressFunc) (double fraction,
                                           gpointer user_data);

/* Takes the snapshot REQUEST describes (copied). While a running guest's
 * memory is written, PROGRESS (valid until CALLBACK runs) says how far;
 * cancelling aborts it where libvirt can. */
void     domus_domain_snapshot_create_async  (DomusConnection *conn,
                                              DomusDomain *domain,
                                              const DomusSnapshotRequest *request,
                                              DomusSnapshotProgressFunc progress,
                                              gpointer progress_data,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
gboolean domus_domain_snapshot_create_finish (DomusConnection *conn,
                                              GAsyncResult *result,
                                              GError **error);

typedef enum {
    DOMUS_SNAPSHOT_REVERT_AS_TAKEN,   /* the state it was taken in */
    DOMUS_SNAPSHOT_REVERT_RUNNING,
    DOMUS_SNAPSHOT_REVERT_PAUSED,
} DomusSnapshotRevertState;

void     domus_domain_snapshot_revert_async  (DomusConnection *conn,
                                              DomusDomain *domain,
                                              const char *name,
                                              DomusSnapshotRevertState state,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
gboolean domus_domain_snapshot_revert_finish (DomusConnection *conn,
                                              GAsyncResult *result,
                                              GError **error);

typedef enum {
    DOMUS_SNAPSHOT_DELETE_CHILDREN      = 1 << 0,  /* and all its descendants */
    DOMUS_SNAPSHOT_DELETE_METADATA_ONLY = 1 << 1,  /* forget it, keep the data */
} DomusSnapshotDeleteFlags;

/* Deletes NAMES in turn; one already gone with an ancestor deleted with
 * its children is no failure. Stops at the first refusal, which names the
 * snapshot (and says which were deleted before it). */
void     domus_domain_snapshot_delete_async  (DomusConnection *conn,
                                              DomusDomain *domain,
                                              const char *const *names,
                                              DomusSnapshotDeleteFlags flags,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
gboolean domus_domain_snapshot_delete_finish (DomusConnection *conn,
                                              GAsyncResult *result,
                                              GError **error);

/* Redefines the snapshot with DESCRIPTION (NULL or "" for none), keeping it
 * current if it was. */
void     domus_domain_snapshot_set_description_async  (DomusConnection *conn,
                                                       DomusDomain *domain,
                                                       const char *name,
                                                       const char *description,
                                                       GCancellable *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer user_data);
gboolean domus_domain_snapshot_set_description_finish (DomusConnection *conn,
                                                       GAsyncResult *result,
                                                       GError **error);

/* For DomusConnection: reads how many snapshots one guest (UUID) or every
 * guest has (one call for the list of guests with any, then one per such
 * guest) and sets DomusDomain:snapshot-count. No callback. */
void domus_domain_snapshot_count_one (DomusConnection *conn,
                                      const char *uuid);
void domus_domain_snapshot_count_all (DomusConnection *conn);

G_END_DECLS
