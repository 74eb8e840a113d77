/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Verify, for a backup folder on the guest's host: one worker job compares
 * its files, through the storage API, with the sizes recorded when the
 * backup was finished (domus-backup.ini: a truncated or missing image
 * shows on any host, remote ones too) and looks for the full backup an
 * incremental needs; then, where the host is this computer, qemu-img check
 * reads each qcow2 image (an incremental without its backing file, which
 * names the guest's disk). qemu-img runs as a subprocess from the main
 * context, never on the host's worker.
 */
#include "config.h"

#include "domus-domain-backup.h"
#include "domus-domain-backup-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"
#include "domus-uri.h"

#define MAX_TEXT_BYTES (4 * 1024 * 1024)
/* qemu-img check's exit statuses */
#define CHECK_CORRUPT 2
#define CHECK_LEAKS 3
#define CHECK_UNSUPPORTED 63

void
domus_backup_check_free (DomusBackupCheck *check)
{
    if (check == NULL)
        return;
    g_clear_pointer (&check->problems, g_ptr_array_unref);
    g_free (check);
}

gboolean
domus_backup_host_is_local (DomusConnection *conn)
{
    return domus_uri_get_transport (domus_connection_get_uri (conn)) == DOMUS_TRANSPORT_LOCAL;
}

/* ---- a subprocess from the main context ---- */

typedef struct {
    GSubprocess *process;
    char *err;
} Spawn;

static void
spawn_free (Spawn *spawn)
{
    g_clear_object (&spawn->process);
    g_free (spawn->err);
    g_free (spawn);
}

static void
communicated_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    g_autoptr(GTask) task = user_data;
    Spawn *spawn = g_task_get_task_data (task);
    GError *error = NULL;

    if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), res, NULL, &spawn->err,
                                               &error)) {
        g_subprocess_force_exit (spawn->process);
        g_task_return_error (task, error);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

void
domus_backup_spawn_async (const char * const *argv, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
    GTask *task = g_task_new (NULL, cancellable, callback, user_data);
    Spawn *spawn = g_new0 (Spawn, 1);
    GError *error = NULL;

    g_task_set_task_data (task, spawn, (GDestroyNotify) spawn_free);
    spawn->process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                              G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
    if (spawn->process == NULL) {
        g_prefix_error (&error, _("%s cannot be run here: "), argv[0]);
        g_task_return_error (task, error);
        g_object_unref (task);
        return;
    }
    g_subprocess_communicate_utf8_async (spawn->process, NULL, cancellable, communicated_cb,
                                         task);
}

gboolean
domus_backup_spawn_finish (GAsyncResult *result, int *status, char **stderr_text,
                           GError **error)
{
    GTask *task = G_TASK (result);
    Spawn *spawn = g_task_get_task_data (task);

    if (!g_task_propagate_boolean (task, error))
        return FALSE;
    *status = g_subprocess_get_if_exited (spawn->process)
              ? g_subprocess_get_exit_status (spawn->process) : -1;
    if (stderr_text != NULL)
        *stderr_text = g_strdup (g_strstrip (spawn->err != NULL ? spawn->err : (char *) ""));
    return TRUE;
}

/* ---- the look through the storage API ---- */

typedef struct {
    char *folder;
    DomusBackupCheck *check;
    char **qcow2;                 /* the images qemu-img is to read */
    guint next;
} Verify;

static void
verify_free (Verify *verify)
{
    g_free (verify->folder);
    domus_backup_check_free (verify->check);
    g_strfreev (verify->qcow2);
    g_free (verify);
}

static void
add_problem (DomusBackupCheck *check, char *problem)
{
    g_ptr_array_add (check->problems, problem);
}

/* The chain of an incremental backup, through its siblings. */
static void
look_at_chain (virConnectPtr conn, Verify *verify)
{
    g_autofree char *guest_dir = g_path_get_dirname (verify->folder);
    g_autofree char *target = g_path_get_dirname (guest_dir);
    g_autofree char *guest = g_path_get_basename (guest_dir);
    g_autofree char *name = g_path_get_basename (verify->folder);
    g_autoptr(GPtrArray) entries = NULL;
    g_autoptr(GPtrArray) chain = NULL;
    GError *error = NULL;

    entries = domus_host_list_backups (conn, target, guest, FALSE, &error);
    if (entries != NULL)
        chain = domus_backup_chain (entries, name, &error);
    if (chain == NULL) {
        add_problem (verify->check, g_strdup (error->message));
        g_error_free (error);
    }
}

static void
look_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    Verify *verify = task_data;
    DomusBackupCheck *check = verify->check;
    DomusHostDir dir = { NULL };
    g_autoptr(GPtrArray) found = NULL;
    g_autoptr(GPtrArray) expected = NULL;
    g_autoptr(GPtrArray) disks = NULL;
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(GPtrArray) qcow2 = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *xml = NULL;
    g_autofree char *manifest = NULL;
    g_autofree char *name = g_path_get_basename (verify->folder);
    gboolean incremental = FALSE;
    GError *error = NULL;

    if (!domus_host_dir_open (conn, verify->folder, FALSE, &dir, &error)) {
        g_task_return_error (task, error);
        return;
    }
    found = domus_host_dir_images (&dir, &error);
    if (found == NULL) {
        domus_host_dir_close (&dir);
        g_task_return_error (task, error);
        return;
    }
    for (guint i = 0; i < found->len; i++) {
        DomusBackupImage *image = found->pdata[i];

        if (g_str_equal (image->name, DOMUS_BACKUP_MANIFEST))
            manifest = domus_host_dir_read (&dir, image->name, MAX_TEXT_BYTES, NULL);
        else if (g_str_equal (image->name, DOMUS_BACKUP_DOMAIN_XML))
            xml = domus_host_dir_read (&dir, image->name, MAX_TEXT_BYTES, NULL);
        else if (g_str_has_suffix (image->name, ".qcow2"))
            g_ptr_array_add (qcow2, g_build_filename (verify->folder, image->name, NULL));
    }
    virResetLastError ();
    domus_host_dir_close (&dir);

    if (manifest != NULL && (expected = domus_backup_manifest_parse (manifest, NULL)) == NULL)
        add_problem (check, g_strdup_printf (_("%s cannot be read"), DOMUS_BACKUP_MANIFEST));
    if (manifest == NULL)
        add_problem (check, g_strdup (_("The backup did not finish: Domus records its images’ "
                                        "sizes once it is complete, and there is no such "
                                        "record")));
    if (xml == NULL || (disks = domus_backup_disks_from_xml (xml, NULL, NULL)) == NULL) {
        add_problem (check, g_strdup_printf (_("The guest’s definition %s is missing or "
                                               "damaged"), DOMUS_BACKUP_DOMAIN_XML));
        disks = g_ptr_array_new ();
    }
    problems = domus_backup_compare_images (expected, found, disks);
    for (guint i = 0; i < problems->len; i++)
        add_problem (check, g_strdup (problems->pdata[i]));
    if (domus_backup_parse_folder_name (name, NULL, NULL, &incremental) && incremental)
        look_at_chain (conn, verify);
    g_ptr_array_add (qcow2, NULL);
    verify->qcow2 = (char **) g_ptr_array_free (g_steal_pointer (&qcow2), FALSE);
    g_task_return_boolean (task, TRUE);
}

/* ---- qemu-img check, on a local host ---- */

static void check_next (GTask *task);

static void
checked_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    GTask *task = user_data;
    Verify *verify = g_task_get_task_data (task);
    const char *image = verify->qcow2[verify->next - 1];
    g_autofree char *base = g_path_get_basename (image);
    g_autofree char *err = NULL;
    GError *error = NULL;
    int status;

    if (!domus_backup_spawn_finish (res, &status, &err, &error)) {
        g_task_return_error (task, error);
        g_object_unref (task);
        return;
    }
    if (status == CHECK_CORRUPT)
        /* Translators: %s is an image such as vda.qcow2. */
        add_problem (verify->check, g_strdup_printf (_("qemu-img check found errors in %s: "
                                                       "the image is damaged"), base));
    else if (status != 0 && status != CHECK_LEAKS && status != CHECK_UNSUPPORTED)
        add_problem (verify->check, g_strdup_printf (_("qemu-img check could not read %s: %s"),
                                                     base, err));
    check_next (task);
}

static void
check_next (GTask *task)
{
    Verify *verify = g_task_get_task_data (task);
    const char *image = verify->qcow2[verify->next];
    g_autofree char *json = NULL;

    if (image == NULL) {
        verify->check->read_images = TRUE;
        g_task_return_pointer (task, g_steal_pointer (&verify->check),
                               (GDestroyNotify) domus_backup_check_free);
        g_object_unref (task);
        return;
    }
    verify->next++;
    {
        const char *one[] = { image, NULL };
        const char *argv[] = { "qemu-img", "check", "-q", "-U", NULL, NULL };

        json = domus_backup_chain_json (one);
        argv[4] = json;
        domus_backup_spawn_async (argv, g_task_get_cancellable (task), checked_cb, task);
    }
}

static void
looked_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    GTask *task = user_data;
    Verify *verify = g_task_get_task_data (task);
    GError *error = NULL;

    if (!g_task_propagate_boolean (G_TASK (res), &error)) {
        g_prefix_error (&error, _("Verifying %s failed: "), verify->folder);
        g_task_return_error (task, error);
        g_object_unref (task);
        return;
    }
    if (!domus_backup_host_is_local (DOMUS_CONNECTION (g_task_get_source_object (task)))) {
        g_task_return_pointer (task, g_steal_pointer (&verify->check),
                               (GDestroyNotify) domus_backup_check_free);
        g_object_unref (task);
        return;
    }
    check_next (task);
}

void
domus_backup_verify_async (DomusConnection *conn, const char *folder,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
    GTask *task;
    Verify *verify;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (folder != NULL);

    task = g_task_new (conn, cancellable, callback, user_data);
    g_task_set_source_tag (task, domus_backup_verify_async);
    verify = g_new0 (Verify, 1);
    verify->folder = g_strdup (folder);
    verify->check = g_new0 (DomusBackupCheck, 1);
    verify->check->problems = g_ptr_array_new_with_free_func (g_free);
    g_task_set_task_data (task, verify, (GDestroyNotify) verify_free);
    /* The job fills VERIFY, which nothing else touches meanwhile. */
    domus_connection_run_job (conn, look_job, verify, NULL, cancellable, looked_cb, task);
}

DomusBackupCheck *
domus_backup_verify_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}
