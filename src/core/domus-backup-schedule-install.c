/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A daily backup written to and removed from this workstation's systemd
 * user units ($XDG_CONFIG_HOME/systemd/user): the two files, then
 * `systemctl --user` run as subprocesses from the caller's main context
 * (never waited for on it). Where systemctl fails (no user instance of
 * systemd: a container, a session without it), what was written goes
 * again and the caller is told so, to show the crontab line instead.
 */
#include "config.h"

#include "domus-backup-schedule.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "domus-error.h"

char *
domus_backup_schedule_unit_dir (void)
{
    return g_build_filename (g_get_user_config_dir (), "systemd", "user", NULL);
}

static char *
unit_path (const char *name, const char *suffix)
{
    g_autofree char *dir = domus_backup_schedule_unit_dir ();
    g_autofree char *file = g_strconcat (name, suffix, NULL);

    return g_build_filename (dir, file, NULL);
}

char *
domus_backup_schedule_find (const char *name)
{
    g_autofree char *path = unit_path (name, ".timer");
    g_autofree char *text = NULL;
    const char *at;
    guint hour, minute;

    if (!g_file_get_contents (path, &text, NULL, NULL) ||
        (at = strstr (text, "OnCalendar=*-*-* ")) == NULL ||
        sscanf (at + strlen ("OnCalendar=*-*-* "), "%2u:%2u", &hour, &minute) != 2)
        return NULL;
    return g_strdup_printf ("%02u:%02u", hour, minute);
}

/* ---- systemctl, one call after another ---- */

typedef struct {
    char *name;
    char **paths;                 /* the files written, or to remove */
    GPtrArray *calls;             /* argv (char **) still to run */
    gboolean removing;
    char *first_error;            /* a failed call's words, removing */
} Job;

static void
job_free (Job *job)
{
    g_free (job->name);
    g_strfreev (job->paths);
    g_ptr_array_unref (job->calls);
    g_free (job->first_error);
    g_free (job);
}

static void
remove_files (Job *job)
{
    for (guint i = 0; job->paths[i] != NULL; i++)
        g_unlink (job->paths[i]);
}

static void run_next (GTask *task);

static void
called_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    GTask *task = user_data;
    Job *job = g_task_get_task_data (task);
    g_autofree char *err = NULL;
    GError *error = NULL;
    gboolean ok = g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), res, NULL,
                                                        &err, &error);

    if (ok && !g_subprocess_get_successful (G_SUBPROCESS (source)))
        error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("systemd user units are unavailable here: %s"),
                             err != NULL && *g_strstrip (err) != '\0'
                             ? err : _("systemctl --user failed"));
    if (error != NULL && !job->removing) {
        remove_files (job);
        g_task_return_error (task, error);
        g_object_unref (task);
        return;
    }
    if (error != NULL) {
        /* Removing works without systemd too: the files still go. */
        if (job->first_error == NULL)
            job->first_error = g_strdup (error->message);
        g_error_free (error);
    }
    run_next (task);
}

static void
run_next (GTask *task)
{
    Job *job = g_task_get_task_data (task);
    g_auto(GStrv) argv = NULL;
    g_autoptr(GSubprocess) process = NULL;
    GError *error = NULL;

    if (job->calls->len == 0) {
        g_task_return_boolean (task, TRUE);
        g_object_unref (task);
        return;
    }
    argv = g_ptr_array_steal_index (job->calls, 0);
    if (argv[0] == NULL) {
        /* The marker between disabling and reloading: the files go now. */
        remove_files (job);
        run_next (task);
        return;
    }
    process = g_subprocess_newv ((const char * const *) argv,
                                 G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                 G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
    if (process == NULL) {
        GError *unavailable = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                           _("systemd user units are unavailable here: %s"),
                                           error->message);

        g_error_free (error);
        if (job->removing) {
            g_error_free (unavailable);
            run_next (task);
            return;
        }
        remove_files (job);
        g_task_return_error (task, unavailable);
        g_object_unref (task);
        return;
    }
    g_subprocess_communicate_utf8_async (process, NULL, g_task_get_cancellable (task),
                                         called_cb, task);
}

static char **
systemctl (const char *a, const char *b, const char *c)
{
    return g_strdupv ((char *[]) { (char *) "systemctl", (char *) "--user", (char *) a,
                                   (char *) b, (char *) c, NULL });
}

static Job *
job_new (const char *name)
{
    Job *job = g_new0 (Job, 1);

    job->name = g_strdup (name);
    job->paths = g_new0 (char *, 3);
    job->paths[0] = unit_path (name, ".timer");
    job->paths[1] = unit_path (name, ".service");
    job->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    return job;
}

void
domus_backup_schedule_install_async (const DomusBackupSchedule *schedule,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data)
{
    g_autofree char *name = NULL;
    g_autofree char *dir = domus_backup_schedule_unit_dir ();
    g_autofree char *service = NULL;
    g_autofree char *timer = NULL;
    g_autofree char *timer_unit = NULL;
    GTask *task;
    Job *job;
    GError *error = NULL;

    g_return_if_fail (schedule != NULL);

    name = domus_backup_schedule_unit_name (schedule);
    task = g_task_new (NULL, cancellable, callback, user_data);
    g_task_set_source_tag (task, domus_backup_schedule_install_async);
    job = job_new (name);
    g_task_set_task_data (task, job, (GDestroyNotify) job_free);
    service = domus_backup_schedule_service_text (schedule);
    timer = domus_backup_schedule_timer_text (schedule);
    if (g_mkdir_with_parents (dir, 0755) < 0) {
        int saved = errno;

        g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                                 _("The folder %s cannot be made: %s"), dir,
                                 g_strerror (saved));
        g_object_unref (task);
        return;
    }
    if (!g_file_set_contents (job->paths[1], service, -1, &error) ||
        !g_file_set_contents (job->paths[0], timer, -1, &error)) {
        remove_files (job);
        g_task_return_error (task, error);
        g_object_unref (task);
        return;
    }
    timer_unit = g_strconcat (name, ".timer", NULL);
    g_ptr_array_add (job->calls, systemctl ("daemon-reload", NULL, NULL));
    g_ptr_array_add (job->calls, systemctl ("enable", "--now", timer_unit));
    run_next (task);
}

gboolean
domus_backup_schedule_install_finish (GAsyncResult *result, GError **error)
{
    return g_task_propagate_boolean (G_TASK (result), error);
}

void
domus_backup_schedule_remove_async (const char *name, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data)
{
    g_autofree char *timer_unit = NULL;
    GTask *task;
    Job *job;

    g_return_if_fail (name != NULL);

    task = g_task_new (NULL, cancellable, callback, user_data);
    g_task_set_source_tag (task, domus_backup_schedule_remove_async);
    job = job_new (name);
    job->removing = TRUE;
    g_task_set_task_data (task, job, (GDestroyNotify) job_free);
    timer_unit = g_strconcat (name, ".timer", NULL);
    g_ptr_array_add (job->calls, systemctl ("disable", "--now", timer_unit));
    g_ptr_array_add (job->calls, g_new0 (char *, 1));   /* the files go here */
    g_ptr_array_add (job->calls, systemctl ("daemon-reload", NULL, NULL));
    run_next (task);
}

gboolean
domus_backup_schedule_remove_finish (GAsyncResult *result, GError **error)
{
    return g_task_propagate_boolean (G_TASK (result), error);
}
