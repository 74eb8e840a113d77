/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A host's storage pools managed as a whole: what a new pool of each type
 * is made of (DomusPoolSpec, checked and written as libvirt's XML without
 * any host), and the pool actions (define, build, start, stop, refresh,
 * delete, autostart, discover sources) as jobs on the host's worker.
 * Results come back on the caller's main context.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"
#include "domus-storage.h"

G_BEGIN_DECLS

/* What a new pool is, for every type the New Pool assistant offers. Which
 * fields a type reads: see domus_pool_spec_check(). */
typedef struct {
    char *type;           /* "dir", "fs", "netfs", "logical", "iscsi", "iscsi-direct",
                           * "disk", "scsi" */
    char *name;
    char *target_path;    /* dir, fs, netfs: where its volumes show; NULL: the default */
    char *host;           /* netfs, iscsi, iscsi-direct: the server */
    guint port;           /* iscsi*: the portal's port, up to 65535; 0: the default */
    char *source_path;    /* netfs: the export; fs, disk: the device; iscsi*: target IQN */
    char *source_name;    /* logical: the volume group */
    char **devices;       /* logical: physical volumes to build the group on */
    char *initiator_iqn;  /* iscsi (optional), iscsi-direct (required) */
    char *adapter;        /* scsi: the SCSI host, "host0" */
    char *format;         /* fs: "auto", "ext4"…; netfs: "auto", "nfs"; disk: "dos", "gpt" */
} DomusPoolSpec;

/* Which field of a DomusPoolSpec a check refused. */
typedef enum {
    DOMUS_POOL_FIELD_NONE,
    DOMUS_POOL_FIELD_TYPE,
    DOMUS_POOL_FIELD_NAME,
    DOMUS_POOL_FIELD_TARGET_PATH,
    DOMUS_POOL_FIELD_HOST,
    DOMUS_POOL_FIELD_SOURCE_PATH,
    DOMUS_POOL_FIELD_SOURCE_NAME,
    DOMUS_POOL_FIELD_DEVICES,
    DOMUS_POOL_FIELD_INITIATOR,
    DOMUS_POOL_FIELD_ADAPTER,
    DOMUS_POOL_FIELD_PORT,
} DomusPoolField;

typedef enum {
    DOMUS_POOL_ACTION_START,
    DOMUS_POOL_ACTION_STOP,
    DOMUS_POOL_ACTION_REFRESH,
    DOMUS_POOL_ACTION_AUTOSTART_ON,
    DOMUS_POOL_ACTION_AUTOSTART_OFF,
    /* Stops it and forgets it; its volumes stay where they are. */
    DOMUS_POOL_ACTION_DELETE,
    /* Stops it, deletes the storage itself (the directory, the volume
     * group…: see domus_pool_can_delete_storage()) and forgets it. */
    DOMUS_POOL_ACTION_DELETE_WITH_STORAGE,
} DomusPoolAction;

/* The types the New Pool assistant offers, in its order. */
const char *const *domus_pool_types                (void);
/* A pool type for people: "Directory", "NFS share"… */
const char        *domus_pool_type_label           (const char *type);
/* The state of DomusPoolInfo.state for people: "Active", "Inactive"… */
const char        *domus_pool_state_label          (int state);
/* Whether libvirt can delete the storage of a pool of TYPE (remove the
 * directory, the volume group, the partition table). */
gboolean           domus_pool_can_delete_storage   (const char *type);

DomusPoolSpec *domus_pool_spec_new      (const char *type,
                                         const char *name);
void           domus_pool_spec_free     (DomusPoolSpec *spec);
/* Whether SPEC makes a pool: FALSE with *FIELD (may be NULL) set to the
 * field at fault and a message for people next to it. */
gboolean       domus_pool_spec_check    (const DomusPoolSpec *spec,
                                         DomusPoolField *field,
                                         GError **error);
/* The pool's XML (libxml2), as it would be defined. SPEC is checked. */
char          *domus_pool_spec_to_xml   (const DomusPoolSpec *spec);
/* The devices a build would overwrite (a new file system, partition table
 * or volume group on them): a NULL-terminated array, empty when the build
 * formats nothing. */
GStrv          domus_pool_spec_overwrites (const DomusPoolSpec *spec);

/* Defines the pool XML, builds it when BUILD (formatting what
 * domus_pool_spec_overwrites() names: ask first), starts it, sets
 * AUTOSTART. If a step fails, what it defined is undefined again and the
 * error carries libvirt's message. */
void      domus_storage_define_pool_async    (DomusConnection *conn,
                                              const char *xml,
                                              gboolean build,
                                              gboolean autostart,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
gboolean  domus_storage_define_pool_finish   (DomusConnection *conn,
                                              GAsyncResult *result,
                                              GError **error);

void      domus_storage_pool_action_async    (DomusConnection *conn,
                                              const char *pool,
                                              DomusPoolAction action,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
gboolean  domus_storage_pool_action_finish   (DomusConnection *conn,
                                              GAsyncResult *result,
                                              GError **error);

/* One pool: a DomusPoolInfo. */
void           domus_storage_read_pool_async  (DomusConnection *conn,
                                               const char *pool,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
DomusPoolInfo *domus_storage_read_pool_finish (DomusConnection *conn,
                                               GAsyncResult *result,
                                               GError **error);

/* The pool XML, for review. */
void      domus_storage_get_pool_xml_async   (DomusConnection *conn,
                                              const char *pool,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
char     *domus_storage_get_pool_xml_finish  (DomusConnection *conn,
                                              GAsyncResult *result,
                                              GError **error);

/* What a server offers for a pool like SPEC (virConnectFindStoragePoolSources):
 * NFS exports ("netfs"), iSCSI target IQNs ("iscsi", "iscsi-direct": the
 * portal is SPEC's host and port, iscsi-direct logs in with its initiator
 * IQN), volume groups ("logical", no host). Reads only the type, host,
 * port and initiator of SPEC. A GStrv. */
void      domus_storage_find_sources_async   (DomusConnection *conn,
                                              const DomusPoolSpec *spec,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
GStrv     domus_storage_find_sources_finish  (DomusConnection *conn,
                                              GAsyncResult *result,
                                              GError **error);
/* The <source> that asks for SPEC's sources: its host (and port,
 * initiator IQN for iSCSI), or NULL where the type asks without one. */
char     *domus_pool_spec_sources_xml        (const DomusPoolSpec *spec);
/* The sources named in virConnectFindStoragePoolSources' XML for TYPE. */
GStrv     domus_storage_parse_sources        (const char *type,
                                              const char *xml);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusPoolSpec, domus_pool_spec_free)

G_END_DECLS
