/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `domus --backup NAME... -c URI [--to DIR] [--incremental] [--keep N]`:
 * backups from the command line for cron and systemd timers, without a
 * window or a display (DomusApplication runs it from handle-local-options,
 * before GTK starts). One guest after the other through core's backup; a
 * progress line on a terminal; each new folder printed on its own line;
 * exit 0 when all were backed up, 1 with libvirt's message otherwise.
 */
#include "config.h"

#include "domus-backup-command.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "domus-auth-request.h"
#include "domus-connection.h"
#include "domus-domain-backup.h"
#include "domus-libvirt.h"

/* How long the host may take to answer before the command gives up. */
#define CONNECT_TIMEOUT_S 60

typedef struct {
    GMainLoop *loop;
    DomusConnection *conn;
    DomusBackupOptions *options;
    char **names;
    guint next;
    int status;
    gboolean tty;
    guint timeout_id;
    gulong state_id;
} Command;

static void backup_next (Command *cmd);

static void
progress_cb (guint64 done, guint64 total, guint64 bps, gpointer user_data)
{
    Command *cmd = user_data;
    g_autofree char *done_s = g_format_size (done);
    g_autofree char *total_s = g_format_size (total);
    g_autofree char *rate_s = g_format_size (bps);

    if (!cmd->tty)
        return;
    g_printerr ("\r\033[K");
    /* Translators: a progress line: guest, bytes copied, of bytes, per second. */
    g_printerr (_("%s: %s of %s (%s/s)"), cmd->names[cmd->next - 1], done_s, total_s,
                rate_s);
}

static void
backup_done_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    Command *cmd = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusBackupResult) result =
        domus_domain_backup_finish (DOMUS_CONNECTION (source), res, &error);

    if (cmd->tty)
        g_printerr ("\r\033[K");
    if (result == NULL) {
        g_printerr ("%s\n", error->message);
        cmd->status = 1;
    } else {
        if (result->full_why != NULL)
            g_printerr (_("%s: a full backup: %s\n"), cmd->names[cmd->next - 1],
                        result->full_why);
        for (guint i = 0; i < result->disks->len; i++) {
            DomusBackupDisk *disk = result->disks->pdata[i];

            if (!disk->backup)
                /* Translators: guest, disk (vdb), why it was not backed up. */
                g_printerr (_("%s: %s not backed up: %s\n"), cmd->names[cmd->next - 1],
                            disk->target, disk->why_not);
        }
        for (guint i = 0; i < result->removed->len; i++)
            g_printerr (_("Removed the old backup %s\n"), (char *) result->removed->pdata[i]);
        g_print ("%s\n", result->path);
    }
    backup_next (cmd);
}

static void
backup_next (Command *cmd)
{
    const char *name = cmd->names[cmd->next];
    DomusDomain *domain;

    if (name == NULL) {
        g_main_loop_quit (cmd->loop);
        return;
    }
    cmd->next++;
    domain = domus_connection_find_domain_by_name (cmd->conn, name);
    if (domain == NULL) {
        g_printerr (_("There is no guest “%s” on %s\n"), name,
                    domus_connection_get_uri (cmd->conn));
        cmd->status = 1;
        backup_next (cmd);
        return;
    }
    domus_domain_backup_async (cmd->conn, domain, cmd->options, progress_cb, cmd, NULL,
                               backup_done_cb, cmd);
}

static void
state_changed_cb (DomusConnection *conn, GParamSpec *pspec, Command *cmd)
{
    DomusConnectionState state = domus_connection_get_state (conn);

    if (state == DOMUS_CONNECTION_STATE_CONNECTED) {
        g_clear_signal_handler (&cmd->state_id, conn);
        g_clear_handle_id (&cmd->timeout_id, g_source_remove);
        backup_next (cmd);
    } else if (state == DOMUS_CONNECTION_STATE_FAILED ||
               (state == DOMUS_CONNECTION_STATE_DISCONNECTED &&
                domus_connection_get_error_message (conn) != NULL)) {
        g_printerr (_("Could not connect to %s: %s\n"), domus_connection_get_uri (conn),
                    domus_connection_get_error_message (conn));
        cmd->status = 1;
        g_main_loop_quit (cmd->loop);
    }
}

/* Nobody is there to answer: the host must let us in with keys. */
static void
auth_request_cb (DomusConnection *conn, DomusAuthRequest *request, Command *cmd)
{
    g_printerr (_("%s asks for credentials, which a backup run from the command line "
                  "cannot give: use SSH keys or a host that needs no password\n"),
                domus_connection_get_uri (conn));
    domus_auth_request_cancel (request);
}

static gboolean
connect_timeout_cb (gpointer user_data)
{
    Command *cmd = user_data;

    cmd->timeout_id = 0;
    g_printerr (_("%s did not answer within %d seconds\n"),
                domus_connection_get_uri (cmd->conn), CONNECT_TIMEOUT_S);
    cmd->status = 1;
    g_main_loop_quit (cmd->loop);
    return G_SOURCE_REMOVE;
}

int
domus_backup_command_run (GVariantDict *options)
{
    g_autofree const char **backup = NULL;
    g_autofree const char **remaining = NULL;
    g_autofree const char **uris = NULL;
    g_autoptr(GPtrArray) names = g_ptr_array_new ();
    const char *target = DOMUS_BACKUP_DEFAULT_TARGET;
    gboolean incremental = FALSE;
    gboolean snapshot_commit = FALSE;
    gint keep = 0;
    Command cmd = { 0 };

    g_variant_dict_lookup (options, "backup", "^a&s", &backup);
    g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &remaining);
    g_variant_dict_lookup (options, "connect", "^a&s", &uris);
    g_variant_dict_lookup (options, "to", "&s", &target);
    g_variant_dict_lookup (options, "incremental", "b", &incremental);
    g_variant_dict_lookup (options, "snapshot-commit", "b", &snapshot_commit);
    g_variant_dict_lookup (options, "keep", "i", &keep);

    for (guint i = 0; backup != NULL && backup[i] != NULL; i++)
        g_ptr_array_add (names, (gpointer) backup[i]);
    for (guint i = 0; remaining != NULL && remaining[i] != NULL; i++)
        g_ptr_array_add (names, (gpointer) remaining[i]);
    g_ptr_array_add (names, NULL);
    if (uris == NULL || uris[0] == NULL || uris[1] != NULL) {
        g_printerr (_("--backup needs the guests’ host: one -c URI\n"));
        return 2;
    }
    if (keep < 0) {
        g_printerr (_("--keep needs a number of full backups, 1 or more\n"));
        return 2;
    }
    if (!g_path_is_absolute (target)) {
        g_printerr (_("--to needs an absolute folder on the host, such as %s\n"),
                    DOMUS_BACKUP_DEFAULT_TARGET);
        return 2;
    }

    domus_libvirt_init ();
    cmd.loop = g_main_loop_new (NULL, FALSE);
    cmd.names = (char **) names->pdata;
    cmd.tty = isatty (STDERR_FILENO);
    cmd.options = domus_backup_options_new (target);
    cmd.options->incremental = incremental;
    cmd.options->keep = keep;
    cmd.options->snapshot_commit = snapshot_commit;
    cmd.conn = domus_connection_new (uris[0]);
    cmd.state_id = g_signal_connect (cmd.conn, "notify::state",
                                     G_CALLBACK (state_changed_cb), &cmd);
    g_signal_connect (cmd.conn, "auth-request", G_CALLBACK (auth_request_cb), &cmd);
    cmd.timeout_id = g_timeout_add_seconds (CONNECT_TIMEOUT_S, connect_timeout_cb, &cmd);
    domus_connection_connect (cmd.conn);
    g_main_loop_run (cmd.loop);

    g_clear_handle_id (&cmd.timeout_id, g_source_remove);
    g_clear_signal_handler (&cmd.state_id, cmd.conn);
    g_signal_handlers_disconnect_by_data (cmd.conn, &cmd);
    g_clear_object (&cmd.conn);
    domus_backup_options_free (cmd.options);
    g_main_loop_unref (cmd.loop);
    return cmd.status;
}
