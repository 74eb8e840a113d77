/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the files of the real-migrate programs share: its pair of daemons
 * (A and B, one pair for the whole program), Domus's connections to them,
 * and the helpers that start counting guests on A, migrate them through
 * Domus's core and check that they moved without a reboot.
 */
#pragma once

#include <libvirt/libvirt.h>

#include "domus-application.h"
#include "domus-connection.h"
#include "domus-domain-migrate.h"
#include "domus-manager-window.h"
#include "domus-test-daemon.h"

#define TIMEOUT_S 120

typedef struct {
    DomusTestDaemon *a;
    DomusTestDaemon *b;
    DomusConnection *conn_a;
    DomusConnection *conn_b;
    virConnectPtr virt_a;
    virConnectPtr virt_b;
    char *iso;
    char *ballast_iso;
    char *pool_dir;             /* B's pool, where copied disks go */
    DomusApplication *app;      /* one per program: it owns the bus name */
} MigrateTestEnv;

extern MigrateTestEnv the;

typedef struct {
    guint updates;
    DomusMigrateProgress last;
    guint64 max_processed;
    guint64 max_total;
    guint64 max_rate;
    gboolean saw_post_copy;
    GCancellable *cancel_at_progress;   /* cancelled once memory moves */
} Progress;

/* Starts the pair and connects Domus to both; FALSE when the test skips. */
gboolean     setup             (void);
/* A file of SIZE random bytes, readable by QEMU. */
char        *make_disk         (const char *dir,
                                const char *file,
                                gsize size);
char        *read_log          (const char *log);
/* The last count in the log, or -1. */
int          last_count        (const char *log);
guint        count_occurrences (const char *text,
                                const char *what);
DomusDomain *await_domain      (DomusConnection *conn,
                                const char *name,
                                DomusDomainState state);
/* Defines and starts on A a 64 MiB guest booting ISO, its serial port
 * logged to LOG, with DISK (of FORMAT) when not NULL, and a VNC screen
 * with VNC; returns its name once Domus lists it running on A and it
 * has counted to COUNT. */
char        *start_guest_format (const char *prefix,
                                 const char *iso,
                                 const char *disk,
                                 const char *format,
                                 const char *log,
                                 gboolean vnc,
                                 int count);
char        *start_guest_full  (const char *prefix,
                                const char *iso,
                                const char *disk,
                                const char *log,
                                gboolean vnc,
                                int count);
char        *start_guest       (const char *prefix,
                                const char *iso,
                                const char *disk,
                                const char *log);
void         progress_cb       (const DomusMigrateProgress *progress,
                                gpointer user_data);
/* Migrates NAME from FROM to TO with OPTIONS through Domus; returns the
 * wall time in seconds, or -1 with *ERROR set. */
double       migrate           (DomusConnection *from,
                                DomusConnection *to,
                                const char *name,
                                const DomusMigrateOptions *options,
                                Progress *progress,
                                GCancellable *cancellable,
                                GError **error);
/* The same, with POST_COPY to cancel for the switch to post-copy. */
double       migrate_full      (DomusConnection *from,
                                DomusConnection *to,
                                const char *name,
                                const DomusMigrateOptions *options,
                                Progress *progress,
                                GCancellable *post_copy,
                                GCancellable *cancellable,
                                GError **error);
/* The guest moved and did not restart: it runs on TO (persistent there),
 * FROM does not have it, and the count in LOG goes on past what it was. */
void         assert_moved      (DomusConnection *from,
                                virConnectPtr virt_from,
                                DomusConnection *to,
                                virConnectPtr virt_to,
                                const char *name,
                                const char *log,
                                int count_before);
/* B's pool "migrated" (in B's own directory), created once. */
const char  *dest_pool         (void);
/* A GRUB ISO that loads 24 MiB of random data into the guest's memory
 * before it counts: its migrations take a while at a bandwidth limit. */
const char  *ballast_iso       (void);
char        *new_log           (const char *label);
/* The program's application for the tests of the GUI, made once. */
DomusApplication *shared_app   (void);
/* A manager window of that application, shown, with both hosts in it. */
DomusManagerWindow *show_manager_window (void);

/* Closes what the program opened and stops the pair: the end of main(). */
void         free_env          (void);

/* The tests of test-real-migrate-modes.c and test-real-migrate-batch.c. */
void         add_mode_tests    (void);
void         add_batch_tests   (void);
