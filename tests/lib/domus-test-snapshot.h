/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the snapshot tests (integration, gui, real): core's snapshot
 * jobs run and waited for, a snapshot found by name, and every snapshot of
 * a guest deleted with plain libvirt, as another client (virsh) would.
 */
#pragma once

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>

#include "domus-domain-snapshot.h"
#include "domus-test-util.h"

G_BEGIN_DECLS

#define DOMUS_TEST_SNAPSHOT_TIMEOUT_S 60

/* Takes the snapshot NAME of KIND; says in the log how long it took. */
gboolean                domus_test_snapshot_take        (DomusConnection          *conn,
                                                         DomusDomain              *domain,
                                                         const char               *name,
                                                         DomusSnapshotKind         kind,
                                                         const char               *description,
                                                         const char               *memory_file,
                                                         GError                  **error);
gboolean                domus_test_snapshot_revert      (DomusConnection          *conn,
                                                         DomusDomain              *domain,
                                                         const char               *name,
                                                         DomusSnapshotRevertState  state,
                                                         GError                  **error);
/* The guest's snapshots (and their fingerprint, if asked). */
GPtrArray              *domus_test_snapshot_list        (DomusConnection          *conn,
                                                         DomusDomain              *domain,
                                                         char                    **fingerprint);
DomusSnapshotAbilities *domus_test_snapshot_abilities   (DomusConnection          *conn,
                                                         DomusDomain              *domain);
/* The snapshot called NAME in SNAPSHOTS, or NULL. */
DomusSnapshotInfo      *domus_test_snapshot_find        (GPtrArray                *snapshots,
                                                         const char               *name);
/* Every snapshot of the guest NAME, deleted root by root with children. */
void                    domus_test_delete_all_snapshots (virConnectPtr             conn,
                                                         const char               *name);
/* The test driver takes external snapshots only of disks in real files:
 * a running guest NAME with an empty "disk.qcow2" in a new directory,
 * which *DIR names. */
virDomainPtr            domus_test_snapshot_start_file_guest  (virConnectPtr   conn,
                                                               const char     *name,
                                                               char          **dir);
/* The guest above gone with its snapshots, its disk and directory. */
void                    domus_test_snapshot_remove_file_guest (virConnectPtr   conn,
                                                               virDomainPtr    dom,
                                                               const char     *dir);

G_END_DECLS
