/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the real programs that make guests with Domus's create job
 * (test-real-create, test-real-clone): a directory pool on the daemon with
 * the GRUB ISO in it, what the New Virtual Machine assistant would hand
 * over for a small TCG guest booting an ISO with a new qcow2 disk, and the
 * fixture of those programs' tests (daemon, pool and a Domus connection).
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>

#include "domus-connection.h"
#include "domus-domain-create.h"
#include "domus-host-options.h"
#include "domus-test-daemon.h"

G_BEGIN_DECLS

#define DOMUS_TEST_POOL "domus-test-pool"

/* DIR/pool of the daemon as the directory pool DOMUS_TEST_POOL, with
 * the GRUB ISO (serial marker included) as its volume "test.iso"; made
 * once for the tests of a program, which share the daemon. The pool is
 * made with plain libvirt as an admin would with virsh; it is transient
 * and stays in the daemon's directory. Sets *POOL_DIR and *ISO. */
void             domus_test_make_iso_pool     (DomusTestDaemon *d,
                                               char           **pool_dir,
                                               char           **iso);
/* A 64 MiB BIOS guest NAME booting ISO (none: NULL) with a new 64 MiB
 * qcow2 volume "NAME.qcow2" in DOMUS_TEST_POOL, started by the create job
 * where START. */
DomusCreatePlan *domus_test_small_guest_plan  (const char      *name,
                                               const char      *iso,
                                               gboolean         start);

/* The fixture of a test that makes guests: the program's shared daemon
 * (DAEMON is NULL after a skip, and the rest too), DOMUS_TEST_POOL with
 * the ISO, and a Domus connection to the daemon, connected. The teardown
 * removes the test's guests (their volumes stay in the pool's directory
 * until the daemon stops). */
typedef struct {
    DomusTestDaemon *daemon;
    DomusConnection *conn;
    char *pool_dir;
    char *iso;
} DomusTestPoolFixture;

void             domus_test_pool_fixture_setup    (DomusTestPoolFixture *f,
                                                   gconstpointer         data);
void             domus_test_pool_fixture_teardown (DomusTestPoolFixture *f,
                                                   gconstpointer         data);
/* g_test_add() of TEST (DomusTestPoolFixture *, gconstpointer) at PATH. */
#define domus_test_add_with_pool(PATH, TEST)                                      \
    g_test_add ((PATH), DomusTestPoolFixture, NULL, domus_test_pool_fixture_setup, \
                (TEST), domus_test_pool_fixture_teardown)

G_END_DECLS
