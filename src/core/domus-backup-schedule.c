/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The text of a daily backup's systemd user timer and service, and its
 * crontab line. Arguments are quoted for each: systemd's ExecStart takes
 * double quotes and reads % and $ itself; cron hands the line to sh and
 * reads % as a newline. Pure: any thread.
 */
#include "config.h"

#include "domus-backup-schedule.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "domus-error.h"

void
domus_backup_schedule_free (DomusBackupSchedule *schedule)
{
    if (schedule == NULL)
        return;
    g_free (schedule->program);
    g_free (schedule->uri);
    g_free (schedule->guest);
    domus_backup_options_free (schedule->options);
    g_free (schedule);
}

char *
domus_backup_schedule_unit_name (const DomusBackupSchedule *schedule)
{
    g_autofree char *key = g_strconcat (schedule->uri, "\n", schedule->guest, NULL);
    g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
    g_autofree char *readable = g_strdup (schedule->guest);

    for (char *p = readable; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
            *p = '_';
    hash[12] = '\0';
    return g_strdup_printf ("domus-backup-%s-%s", readable, hash);
}

char **
domus_backup_schedule_argv (const DomusBackupSchedule *schedule)
{
    GPtrArray *argv = g_ptr_array_new ();
    const DomusBackupOptions *options = schedule->options;

    g_ptr_array_add (argv, g_strdup (schedule->program));
    g_ptr_array_add (argv, g_strdup ("--backup"));
    g_ptr_array_add (argv, g_strdup (schedule->guest));
    g_ptr_array_add (argv, g_strdup ("-c"));
    g_ptr_array_add (argv, g_strdup (schedule->uri));
    g_ptr_array_add (argv, g_strdup ("--to"));
    g_ptr_array_add (argv, g_strdup (options->target));
    if (options->incremental)
        g_ptr_array_add (argv, g_strdup ("--incremental"));
    if (options->keep > 0) {
        g_ptr_array_add (argv, g_strdup ("--keep"));
        g_ptr_array_add (argv, g_strdup_printf ("%u", options->keep));
    }
    g_ptr_array_add (argv, NULL);
    return (char **) g_ptr_array_free (argv, FALSE);
}

/* One ExecStart word: double-quoted, with \ and " escaped, and % and $
 * doubled (systemd's specifiers and variables). */
static void
append_systemd_word (GString *out, const char *word)
{
    g_string_append_c (out, '"');
    for (const char *p = word; *p != '\0'; p++) {
        if (*p == '\\' || *p == '"')
            g_string_append_c (out, '\\');
        else if (*p == '%' || *p == '$')
            g_string_append_c (out, *p);
        g_string_append_c (out, *p);
    }
    g_string_append_c (out, '"');
}

/* Free text in a unit file: systemd reads % there as a specifier. */
static char *
unit_text (const char *text)
{
    g_auto(GStrv) parts = g_strsplit (text, "%", -1);

    return g_strjoinv ("%%", parts);
}

char *
domus_backup_schedule_service_text (const DomusBackupSchedule *schedule)
{
    g_auto(GStrv) argv = domus_backup_schedule_argv (schedule);
    g_autofree char *guest = unit_text (schedule->guest);
    g_autofree char *uri = unit_text (schedule->uri);
    GString *out = g_string_new (NULL);

    g_string_append_printf (out, "[Unit]\nDescription=Domus backup of %s on %s\n"
                                 "Documentation=man:domus(1)\n\n[Service]\nType=oneshot\n"
                                 "ExecStart=", guest, uri);
    for (guint i = 0; argv[i] != NULL; i++) {
        if (i > 0)
            g_string_append_c (out, ' ');
        append_systemd_word (out, argv[i]);
    }
    g_string_append_c (out, '\n');
    return g_string_free (out, FALSE);
}

char *
domus_backup_schedule_timer_text (const DomusBackupSchedule *schedule)
{
    g_autofree char *guest = unit_text (schedule->guest);
    g_autofree char *uri = unit_text (schedule->uri);

    return g_strdup_printf ("[Unit]\nDescription=Daily Domus backup of %s on %s\n\n"
                            "[Timer]\nOnCalendar=*-*-* %02u:%02u:00\nPersistent=true\n\n"
                            "[Install]\nWantedBy=timers.target\n",
                            guest, uri, schedule->hour, schedule->minute);
}

char *
domus_backup_schedule_crontab_line (const DomusBackupSchedule *schedule)
{
    g_auto(GStrv) argv = domus_backup_schedule_argv (schedule);
    GString *out = g_string_new (NULL);

    g_string_append_printf (out, "%u %u * * *", schedule->minute, schedule->hour);
    for (guint i = 0; argv[i] != NULL; i++) {
        g_autofree char *quoted = g_shell_quote (argv[i]);

        g_string_append_c (out, ' ');
        /* cron reads an unescaped % as the end of the command. */
        for (const char *p = quoted; *p != '\0'; p++) {
            if (*p == '%')
                g_string_append_c (out, '\\');
            g_string_append_c (out, *p);
        }
    }
    g_string_append_c (out, '\n');
    return g_string_free (out, FALSE);
}

gboolean
domus_backup_schedule_parse_time (const char *text, guint *hour, guint *minute,
                                  GError **error)
{
    guint h, m;
    char end;

    if (sscanf (text, "%2u:%2u%c", &h, &m, &end) != 2 || h > 23 || m > 59 ||
        !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) || text[2] != ':') {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED,
                     _("Type the time as HH:MM, from 00:00 to 23:59"));
        return FALSE;
    }
    *hour = h;
    *minute = m;
    return TRUE;
}
