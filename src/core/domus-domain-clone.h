/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cloning a shut-off or paused guest. First a plan read from the guest's
 * XML: its disks (pool, format, read-only, device) and what to do with
 * each by default, and its UEFI variables. Then the clone: each disk to
 * copy copied through its storage pool (virStorageVolCreateXMLFrom, so
 * remote hosts and LVM pools work), the variables copied or left for
 * libvirt to make afresh, and the new guest defined from the original's
 * XML with a new name, no UUID and no MAC addresses (libvirt picks new
 * ones). A failed or cancelled clone removes every volume it made; the
 * original is never changed. The libvirt calls run off the main thread.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"

G_BEGIN_DECLS

typedef enum {
    DOMUS_CLONE_DISK_COPY,      /* a new volume in the same pool */
    DOMUS_CLONE_DISK_SHARE,     /* the clone uses the original's */
    DOMUS_CLONE_DISK_SKIP,      /* the clone has no such disk */
} DomusCloneDiskMode;

/* One disk of the original, as the Clone dialog lists it. */
typedef struct {
    char *target;           /* "vda", "hdc" */
    char *device;           /* "disk", "cdrom", "floppy", "lun" */
    char *path;             /* the file or block device; NULL when none */
    char *pool;             /* the storage pool holding it, or NULL */
    char *volume;           /* its name in that pool */
    char *format;           /* the volume's format ("qcow2", "raw"), or NULL */
    gboolean pool_holds_files; /* a directory-like pool: the copy is a sparse file */
    gboolean readonly;
    gboolean shareable;
    gboolean can_copy;      /* a volume libvirt can copy within its pool */
    guint64 capacity;       /* bytes */
    guint64 allocation;     /* bytes in use: what a copy writes */
    DomusCloneDiskMode mode; /* suggested; the caller may change it */
    char *note;             /* why it is not copied by default, or NULL */
} DomusCloneDisk;

typedef enum {
    DOMUS_CLONE_NVRAM_NONE,     /* no UEFI variables (BIOS, or no NVRAM file) */
    DOMUS_CLONE_NVRAM_COPY,     /* a volume of a pool: copied beside it */
    DOMUS_CLONE_NVRAM_FRESH,    /* not in a pool: libvirt makes the clone's from
                                 * the firmware's template on its first start */
} DomusCloneNvram;

typedef struct {
    char *name;             /* the original's */
    char *uuid;
    char *xml;              /* the original's (inactive) XML: the clone's base */
    gboolean paused;        /* paused rather than shut off */
    GPtrArray *disks;       /* DomusCloneDisk, in the XML's order */
    DomusCloneNvram nvram;
    char *nvram_path;       /* the original's NVRAM file, or NULL */
    char *nvram_pool;       /* with COPY: its pool, volume and format */
    char *nvram_volume;
    char *nvram_format;
    GHashTable *taken_volumes; /* "pool\nvolume" of the pools the clone writes to */
} DomusClonePlan;

DomusClonePlan *domus_clone_plan_ref              (DomusClonePlan *plan);
void            domus_clone_plan_unref            (DomusClonePlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusClonePlan, domus_clone_plan_unref)

/* Reads the plan on the host's worker. Fails for a running guest. */
void            domus_domain_clone_plan_async     (DomusConnection *conn,
                                                   DomusDomain *domain,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer user_data);
DomusClonePlan *domus_domain_clone_plan_finish    (DomusConnection *conn,
                                                   GAsyncResult *result,
                                                   GError **error);

/* Main thread, no libvirt call: whether NAME can be the clone's (not
 * empty, no "/" or control characters, no guest of that name in CONN's
 * list, no volume the clone would make already in its pool); FALSE with
 * a message that says what to change. */
gboolean        domus_clone_plan_check_name       (const DomusClonePlan *plan,
                                                   DomusConnection *conn,
                                                   const char *name,
                                                   GError **error);
/* "NAME-clone", or "NAME-clone1", "NAME-clone2"… the first that passes
 * domus_clone_plan_check_name() ("web-clone" gives "web-clone1"). */
char           *domus_clone_plan_suggest_name     (const DomusClonePlan *plan,
                                                   DomusConnection *conn);
/* The new volume of disk INDEX when it is copied as NEW_NAME's:
 * "NEW_NAME.qcow2" for the first copied disk, "NEW_NAME-1.qcow2" for the
 * second…, no extension in a pool of block devices; NULL when the disk is
 * not copied. */
char           *domus_clone_plan_volume_name      (const DomusClonePlan *plan,
                                                   const char *new_name,
                                                   guint index);
/* The copy of the UEFI variables: "NEW_NAME_VARS.fd". */
char           *domus_clone_plan_nvram_volume_name (const DomusClonePlan *plan,
                                                    const char *new_name);

/* STEP (from 0) of N_STEPS volumes is being copied; FRACTION (0..1) of
 * the bytes to copy are copied. Within a step it moves only where the pool
 * holds files (their allocation grows as they are written); a block device
 * is allocated whole at once, so its step counts when it ends. */
typedef void (*DomusCloneProgressFunc) (guint step,
                                        guint n_steps,
                                        double fraction,
                                        gpointer user_data);

/* Clones PLAN's guest as NEW_NAME, each disk as its mode says. PROGRESS
 * runs on the calling thread's main context and must stay valid until
 * CALLBACK runs. Cancelling stops before the next step; libvirt cannot
 * stop a copy half-way, so a copy under way is removed once libvirt has
 * finished it. The result is the new guest's UUID. */
void            domus_domain_clone_async          (DomusConnection *conn,
                                                   DomusClonePlan *plan,
                                                   const char *new_name,
                                                   DomusCloneProgressFunc progress,
                                                   gpointer progress_data,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer user_data);
char           *domus_domain_clone_finish         (DomusConnection *conn,
                                                   GAsyncResult *result,
                                                   GError **error);

G_END_DECLS
