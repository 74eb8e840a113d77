/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A daily backup written and removed in a temporary $XDG_CONFIG_HOME, with
 * a stand-in systemctl first on $PATH that records its arguments and
 * succeeds or fails as told: the service and timer are written, reloaded
 * and enabled, then disabled and removed; where systemctl --user fails,
 * nothing is left and the error says so in systemctl's words (the caller
 * then shows the crontab line); removing works without systemd too.
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "domus-backup-schedule.h"

static char *tmp;
static char *log_path;

typedef struct {
    gboolean done;
    gboolean ok;
    GError *error;
} Wait;

static void
installed_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    Wait *w = user_data;

    w->ok = domus_backup_schedule_install_finish (res, &w->error);
    w->done = TRUE;
}

static void
removed_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    Wait *w = user_data;

    w->ok = domus_backup_schedule_remove_finish (res, &w->error);
    w->done = TRUE;
}

static void
await (Wait *w)
{
    gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (!w->done && g_get_monotonic_time () < end)
        g_main_context_iteration (NULL, TRUE);
    g_assert_true (w->done);
}

static DomusBackupSchedule *
schedule_new (void)
{
    DomusBackupSchedule *schedule = g_new0 (DomusBackupSchedule, 1);

    schedule->program = g_strdup ("/usr/bin/domus");
    schedule->uri = g_strdup ("qemu:///system");
    schedule->guest = g_strdup ("web01");
    schedule->options = domus_backup_options_new ("/mnt/nas");
    schedule->options->incremental = TRUE;
    schedule->hour = 2;
    schedule->minute = 30;
    return schedule;
}

static char *
read_log (void)
{
    char *text = NULL;

    if (!g_file_get_contents (log_path, &text, NULL, NULL))
        text = g_strdup ("");
    g_unlink (log_path);
    return text;
}

static void
test_write_and_remove (void)
{
    g_autoptr(DomusBackupSchedule) schedule = schedule_new ();
    g_autofree char *name = domus_backup_schedule_unit_name (schedule);
    g_autofree char *dir = domus_backup_schedule_unit_dir ();
    g_autofree char *timer = g_strdup_printf ("%s/%s.timer", dir, name);
    g_autofree char *service = g_strdup_printf ("%s/%s.service", dir, name);
    g_autofree char *expected = domus_backup_schedule_service_text (schedule);
    g_autofree char *written = NULL;
    g_autofree char *log = NULL;
    g_autofree char *when = NULL;
    g_autofree char *want_log = NULL;
    Wait w = { 0 };

    g_setenv ("FAKE_SYSTEMCTL_EXIT", "0", TRUE);
    g_assert_true (g_str_has_prefix (dir, tmp));
    g_assert_null (domus_backup_schedule_find (name));
    domus_backup_schedule_install_async (schedule, NULL, installed_cb, &w);
    await (&w);
    g_assert_no_error (w.error);
    g_assert_true (w.ok);
    g_assert_true (g_file_get_contents (service, &written, NULL, NULL));
    g_assert_cmpstr (written, ==, expected);
    g_assert_true (g_file_test (timer, G_FILE_TEST_IS_REGULAR));
    when = domus_backup_schedule_find (name);
    g_assert_cmpstr (when, ==, "02:30");
    log = read_log ();
    want_log = g_strdup_printf ("--user daemon-reload\n--user enable --now %s.timer\n", name);
    g_assert_cmpstr (log, ==, want_log);
    g_clear_pointer (&log, g_free);
    g_clear_pointer (&want_log, g_free);

    memset (&w, 0, sizeof w);
    domus_backup_schedule_remove_async (name, NULL, removed_cb, &w);
    await (&w);
    g_assert_no_error (w.error);
    g_assert_false (g_file_test (timer, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (service, G_FILE_TEST_EXISTS));
    g_assert_null (domus_backup_schedule_find (name));
    log = read_log ();
    want_log = g_strdup_printf ("--user disable --now %s.timer\n--user daemon-reload\n", name);
    g_assert_cmpstr (log, ==, want_log);
}

static void
test_without_systemd (void)
{
    g_autoptr(DomusBackupSchedule) schedule = schedule_new ();
    g_autofree char *name = domus_backup_schedule_unit_name (schedule);
    g_autofree char *dir = domus_backup_schedule_unit_dir ();
    g_autofree char *timer = g_strdup_printf ("%s/%s.timer", dir, name);
    g_autofree char *service = g_strdup_printf ("%s/%s.service", dir, name);
    g_autofree char *log = NULL;
    Wait w = { 0 };

    g_setenv ("FAKE_SYSTEMCTL_EXIT", "1", TRUE);
    domus_backup_schedule_install_async (schedule, NULL, installed_cb, &w);
    await (&w);
    g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_assert_nonnull (strstr (w.error->message, "Failed to connect to bus"));
    g_assert_false (w.ok);
    g_assert_false (g_file_test (timer, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (service, G_FILE_TEST_EXISTS));
    g_clear_error (&w.error);
    log = read_log ();
    g_assert_cmpstr (log, ==, "--user daemon-reload\n");

    /* Units written by hand go all the same. */
    g_assert_true (g_file_set_contents (timer, "[Timer]\nOnCalendar=*-*-* 03:15:00\n", -1,
                                        NULL));
    g_assert_true (g_file_set_contents (service, "[Service]\n", -1, NULL));
    memset (&w, 0, sizeof w);
    domus_backup_schedule_remove_async (name, NULL, removed_cb, &w);
    await (&w);
    g_assert_no_error (w.error);
    g_assert_false (g_file_test (timer, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (service, G_FILE_TEST_EXISTS));
}

static void
remove_tree (const char *path)
{
    g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
            remove_tree (child);
        else
            g_unlink (child);
    }
    g_rmdir (path);
}

int
main (int argc, char *argv[])
{
    g_autofree char *bin = NULL;
    g_autofree char *fake = NULL;
    g_autofree char *script = NULL;
    g_autofree char *config = NULL;
    g_autofree char *path = NULL;
    int status;

    setlocale (LC_ALL, "C");
    tmp = g_dir_make_tmp ("domus-schedule-XXXXXX", NULL);
    g_assert_nonnull (tmp);
    config = g_build_filename (tmp, "config", NULL);
    bin = g_build_filename (tmp, "bin", NULL);
    log_path = g_build_filename (tmp, "systemctl.log", NULL);
    g_mkdir (bin, 0755);
    /* Before GLib reads it: g_get_user_config_dir() keeps its first answer. */
    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
    fake = g_build_filename (bin, "systemctl", NULL);
    script = g_strdup_printf ("#!/bin/sh\necho \"$*\" >> '%s'\n"
                              "if [ \"$FAKE_SYSTEMCTL_EXIT\" != 0 ]; then\n"
                              "  echo 'Failed to connect to bus: No medium found' >&2\n"
                              "  exit 1\nfi\n", log_path);
    g_assert_true (g_file_set_contents (fake, script, -1, NULL));
    g_chmod (fake, 0755);
    path = g_strconcat (bin, ":", g_getenv ("PATH"), NULL);
    g_setenv ("PATH", path, TRUE);

    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/backup-schedule/write-and-remove", test_write_and_remove);
    g_test_add_func ("/backup-schedule/without-systemd", test_without_systemd);
    status = g_test_run ();
    remove_tree (tmp);
    g_free (tmp);
    g_free (log_path);
    return status;
}
