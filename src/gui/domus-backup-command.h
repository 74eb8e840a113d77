/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `domus --backup`: backups from the command line, without a window (for
 * cron and systemd timers). Runs before GTK starts.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Backs up the guests the options name; the process's exit status: 0 when
 * all were backed up, 1 when one failed (its message on stderr), 2 when
 * the command line is wrong. */
int domus_backup_command_run (GVariantDict *options);

G_END_DECLS
