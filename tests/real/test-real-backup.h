/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the two files of the real backup tests share: one daemon, one
 * guest and its backups (test-real-backup.c backs up, test-real-backup-
 * restore.c restores and verifies), and the helpers both use.
 */
#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>

#include "domus-connection.h"
#include "domus-domain-backup.h"
#include "domus-test-daemon.h"

#define TIMEOUT_S 120
#define MIB (1024 * 1024)

typedef struct {
    DomusTestDaemon *daemon;
    DomusConnection *conn;
    virConnectPtr virt;
    char *dir;
    char *iso;
    char *name;
    char *disk;                   /* its qcow2 data disk, vda */
    char *target;                 /* where backups go */
    char *full;                   /* the first full backup's folder */
    char *chain_full;             /* a full backup … */
    char *chain_incr;             /* … and an incremental after it */
} BackupTestState;

/* One daemon, one guest, for every test (they build on each other). */
extern BackupTestState the;

typedef struct {
    const char *guest;
    gboolean done;
    DomusBackupResult *result;
    GError *error;
    char *uuid;                   /* a restore's new guest */
    guint progress_calls;
    guint64 last_done;
    guint64 last_total;
    GCancellable *cancel_at_first_progress;
    int states_seen;              /* polls of the state while it ran */
    int not_running;              /* … that were not "running" */
} Run;

char        *run                 (const char * const *argv,
                                  int *exit_status);
gboolean     set_up_once         (void);
DomusDomain *await_domain        (const char *name);
void         backup              (Run *r,
                                  const char *guest,
                                  const DomusBackupOptions *options,
                                  gboolean cancel);
void         run_clear           (Run *r);
char        *image_of            (const char *folder,
                                  const char *file);
void         assert_valid_qcow2  (const char *image);
void         assert_same_content (const char *a,
                                  const char *b);
void         write_into_guest    (const char *command);
guint        count_checkpoints   (const char *guest);
/* test-real-backup-restore.c */
void         backup_test_add_restores (void);
void         backup_test_add_fallback (void);
/* FILE in the test's folder: a 64 MiB qcow2 whose first 4 MiB hold 0xab
 * (BIG: 512 MiB, all written). */
char        *make_disk           (const char *file,
                                  gboolean big);
/* A GRUB guest NAME with DISK as vda and MORE_DISKS (XML) after it. */
void         define_guest        (const char *name,
                                  const char *disk,
                                  const char *more_disks);
/* define_guest with DISK alone, started and booted to the GRUB marker. */
void         boot_guest          (const char *name,
                                  const char *disk);
