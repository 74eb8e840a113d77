/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Texts the Backups pages of the guest and of the host share.
 */
#pragma once

#include <glib.h>

#include "domus-domain-backup.h"

G_BEGIN_DECLS

/* "2026-12-06 09:30:00", or "2026-12-06 09:30:00 (2)" for the second
 * backup within that second. */
char *domus_backups_date_text (const DomusBackupEntry *entry);
/* What kind of backup ENTRIES[I] (DomusBackupEntry *, oldest first) is:
 * full, or incremental and after which. */
char *domus_backups_kind_text (GPtrArray *entries,
                               guint i);

G_END_DECLS
