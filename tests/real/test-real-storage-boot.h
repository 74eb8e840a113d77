/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The storage test's guests that boot from what the Storage page made (an
 * imported volume, an iSCSI LUN), and the create assistant offering an
 * imported volume: tests of the same program, on its shared daemon.
 */
#pragma once

#include <glib.h>

#include "domus-test-pool.h"

G_BEGIN_DECLS

/* Adds the tests under /real/storage/. */
void     test_real_storage_boot_add_tests      (void);
/* And those of test-real-storage-assistant.c (which need a display). */
void     test_real_storage_assistant_add_tests (void);

/* TRUE where qemu-img is installed, else FALSE after
 * domus_test_skip_or_require(). */
gboolean test_real_storage_have_qemu_img       (void);
/* F's GRUB ISO converted to a VMware disk by qemu-img and imported by
 * Domus into DOMUS_TEST_POOL as the qcow2 volume VOL_NAME: its path. */
char    *test_real_storage_import_grub         (DomusTestPoolFixture *f,
                                                const char           *vol_name);
/* The backing file of an iSCSI LUN, in the daemon's directory: F's GRUB
 * image, then zeros up to 16 MiB. Its path. */
char    *test_real_storage_make_lun            (DomusTestPoolFixture *f);
/* The running guest NAME is restarted paused and let run with the serial
 * console attached, until GRUB's marker shows (nothing early missed). It
 * holds the main loop meanwhile: after a boot slower than the keepalive,
 * F's Domus connection may be closed. */
void     test_real_storage_await_boot_marker   (DomusTestPoolFixture *f,
                                                const char           *name);

G_END_DECLS
