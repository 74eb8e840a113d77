/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The storage test's guests that boot from what the Storage page made (an
 * imported volume, an iSCSI LUN): tests of the same program, on its
 * shared daemon.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Adds the tests under /real/storage/. */
void test_real_storage_boot_add_tests (void);

G_END_DECLS
