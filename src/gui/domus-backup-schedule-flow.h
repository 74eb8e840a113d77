/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "Back up daily at HH:MM" as a person goes through it: the units shown
 * before they are written, then written and enabled, or the crontab line
 * to copy where systemd user units are unavailable; and their removal.
 * See domus-backup-schedule-flow.c.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-backup-schedule.h"

G_BEGIN_DECLS

/* Shows SCHEDULE's service and timer over PARENT; Write and Enable
 * installs them and says how it went in STATUS (held weakly). */
void domus_backup_schedule_flow_start  (GtkWindow *parent,
                                        const DomusBackupSchedule *schedule,
                                        GtkLabel *status);
/* The domus program these units run: this very one. */
char *domus_backup_schedule_flow_program (void);

G_END_DECLS
