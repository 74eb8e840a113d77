/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "Back up daily at HH:MM": the systemd user timer and service that run
 * `domus --backup` on this workstation (not on the host), and the crontab
 * line where systemd user units are unavailable. Pure text: the caller
 * shows it before anything is written.
 */
#pragma once

#include <gio/gio.h>

#include "domus-domain-backup.h"

G_BEGIN_DECLS

typedef struct {
    char *program;                /* the domus executable */
    char *uri;
    char *guest;
    DomusBackupOptions *options;
    guint hour;
    guint minute;
} DomusBackupSchedule;

void      domus_backup_schedule_free         (DomusBackupSchedule *schedule);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusBackupSchedule, domus_backup_schedule_free)

/* "domus-backup-web01-1a2b3c4d5e6f": the units' name without suffix, the
 * guest's name kept readable and the host told apart by a hash. */
char     *domus_backup_schedule_unit_name    (const DomusBackupSchedule *schedule);
/* The command line (argv, NULL-terminated) the schedule runs. */
char    **domus_backup_schedule_argv         (const DomusBackupSchedule *schedule);
/* NAME.service: a oneshot that runs the command. */
char     *domus_backup_schedule_service_text (const DomusBackupSchedule *schedule);
/* NAME.timer: daily at HOUR:MINUTE, caught up after the workstation was off. */
char     *domus_backup_schedule_timer_text   (const DomusBackupSchedule *schedule);
/* One crontab line, for where systemd user units are unavailable. */
char     *domus_backup_schedule_crontab_line (const DomusBackupSchedule *schedule);
/* FALSE with a message when TEXT is not "HH:MM" (24 hours). */
gboolean  domus_backup_schedule_parse_time   (const char *text,
                                              guint *hour,
                                              guint *minute,
                                              GError **error);

/* Where the units go: $XDG_CONFIG_HOME/systemd/user. */
char     *domus_backup_schedule_unit_dir     (void);
/* "HH:MM" of the timer NAME written there, or NULL when there is none. */
char     *domus_backup_schedule_find         (const char *name);

/* Writes NAME.service and NAME.timer, then `systemctl --user daemon-reload`
 * and `enable --now NAME.timer` (subprocesses, from the main context).
 * Where systemctl fails, the files are removed again and the error is
 * G_IO_ERROR_NOT_SUPPORTED with systemctl's words: the caller shows the
 * crontab line instead. */
void      domus_backup_schedule_install_async  (const DomusBackupSchedule *schedule,
                                                GCancellable *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer user_data);
gboolean  domus_backup_schedule_install_finish (GAsyncResult *result,
                                                GError **error);
/* `systemctl --user disable --now NAME.timer` (its failure ignored when
 * systemd user units are unavailable), then the two files removed and
 * `daemon-reload`. */
void      domus_backup_schedule_remove_async   (const char *name,
                                                GCancellable *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer user_data);
gboolean  domus_backup_schedule_remove_finish  (GAsyncResult *result,
                                                GError **error);

G_END_DECLS
