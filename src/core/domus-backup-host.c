/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A host's backup folders as a whole: each subfolder of a target is a
 * guest's (domus_host_list_backups reads it), whether or not the guest is
 * still defined; deleting a backup takes the incrementals built on it,
 * since they cannot be restored without it.
 */
#include "config.h"

#include "domus-backup-host.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-domain-backup.h"
#include "domus-domain-backup-private.h"

void
domus_backup_guest_free (DomusBackupGuest *guest)
{
    if (guest == NULL)
        return;
    g_free (guest->target);
    g_free (guest->guest);
    g_clear_pointer (&guest->entries, g_ptr_array_unref);
    g_free (guest);
}

static void
list_guests_job (GTask *task, virConnectPtr conn, gpointer task_data,
                 GCancellable *cancellable)
{
    const char *target = task_data;
    g_autoptr(GPtrArray) guests =
        g_ptr_array_new_with_free_func ((GDestroyNotify) domus_backup_guest_free);
    g_auto(GStrv) names = NULL;
    DomusHostDir top = { NULL };
    GError *error = NULL;

    /* Looking makes nothing (no BUILD): a missing folder is an error. */
    if (!domus_host_dir_open (conn, target, FALSE, &top, &error)) {
        g_task_return_error (task, error);
        return;
    }
    names = domus_host_dir_list (&top, &error);
    domus_host_dir_close (&top);
    if (names == NULL) {
        g_task_return_error (task, error);
        return;
    }
    for (guint i = 0; names[i] != NULL; i++) {
        g_autoptr(GPtrArray) entries = NULL;
        DomusBackupGuest *guest;

        if (g_task_return_error_if_cancelled (task))
            return;
        entries = domus_host_list_backups (conn, target, names[i], TRUE, &error);
        if (entries == NULL) {
            /* A file, or a folder Domus did not make: not a guest's. */
            g_clear_error (&error);
            continue;
        }
        if (entries->len == 0)
            continue;
        guest = g_new0 (DomusBackupGuest, 1);
        guest->target = g_strdup (target);
        guest->guest = g_strdup (names[i]);
        guest->entries = g_steal_pointer (&entries);
        g_ptr_array_add (guests, guest);
    }
    g_task_return_pointer (task, g_steal_pointer (&guests), (GDestroyNotify) g_ptr_array_unref);
}

void
domus_backup_list_guests_async (DomusConnection *conn, const char *target,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (target != NULL);

    domus_connection_run_job (conn, list_guests_job, g_strdup (target), g_free,
                              cancellable, callback, user_data);
}

GPtrArray *
domus_backup_list_guests_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- deleting ---- */

GStrv
domus_backup_delete_plan (GPtrArray *entries, const char *folder)
{
    g_autoptr(GPtrArray) gone = g_ptr_array_new ();
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    for (guint i = 0; i < entries->len; i++) {
        DomusBackupEntry *entry = entries->pdata[i];

        if (g_strcmp0 (entry->path, folder) == 0
            || (entry->incremental && entry->base != NULL
                && g_ptr_array_find_with_equal_func (gone, entry->base, g_str_equal, NULL)))
            g_ptr_array_add (gone, entry->folder);
    }
    /* Newest first: an incremental never outlives what it builds on. */
    for (guint i = entries->len; i > 0; i--) {
        DomusBackupEntry *entry = entries->pdata[i - 1];

        if (g_ptr_array_find (gone, entry->folder, NULL))
            g_strv_builder_add (builder, entry->path);
    }
    return g_strv_builder_end (builder);
}

static void
delete_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    const char *folder = task_data;
    g_autofree char *guest_dir = g_path_get_dirname (folder);
    g_autofree char *target = g_path_get_dirname (guest_dir);
    g_autofree char *guest = g_path_get_basename (guest_dir);
    g_autoptr(GPtrArray) entries = NULL;
    g_auto(GStrv) plan = NULL;
    GError *error = NULL;

    entries = domus_host_list_backups (conn, target, guest, FALSE, &error);
    if (entries == NULL) {
        g_task_return_error (task, error);
        return;
    }
    plan = domus_backup_delete_plan (entries, folder);
    if (plan[0] == NULL) {
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                 _("There is no backup in %s on the host"), folder);
        return;
    }
    for (guint i = 0; plan[i] != NULL; i++)
        if (!domus_host_dir_remove (conn, plan[i], &error)) {
            g_task_return_error (task, error);
            return;
        }
    g_task_return_pointer (task, g_steal_pointer (&plan), (GDestroyNotify) g_strfreev);
}

/* On the main thread: whatever the job removed, even part of a chain
 * before an error, every Backups page re-reads its list. */
static void
deleted_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    g_autoptr(GTask) task = user_data;
    GError *error = NULL;
    GStrv gone = g_task_propagate_pointer (G_TASK (res), &error);

    domus_connection_backups_changed (DOMUS_CONNECTION (source), NULL);
    if (gone == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, gone, (GDestroyNotify) g_strfreev);
}

void
domus_backup_delete_async (DomusConnection *conn, const char *folder,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
    GTask *task;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (folder != NULL);

    task = g_task_new (conn, cancellable, callback, user_data);
    g_task_set_source_tag (task, domus_backup_delete_async);
    domus_connection_run_job (conn, delete_job, g_strdup (folder), g_free,
                              cancellable, deleted_cb, task);
}

GStrv
domus_backup_delete_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}
