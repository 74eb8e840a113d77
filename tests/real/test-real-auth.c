/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Credentials end to end, Domus in-process under Xvfb with a real keyring
 * on the session bus (run-in-session.sh, DOMUS_TEST_KEYRING).
 * SASL: the fixture's libvirtd asks for a user and password; "Remember
 * password" keeps them, the next connection needs no dialog, a wrong
 * remembered password brings the dialog back.
 * ssh: a qemu+ssh:// host, a private sshd on 127.0.0.1 in front of the
 * fixture's libvirtd, a key with a passphrase, a host key ssh has never
 * seen. libvirt runs the real ssh, which asks through the real domus
 * program as its askpass; the questions arrive in Domus's dialog in ssh's
 * own words: the host key's fingerprint to trust, then the passphrase.
 * The guest window's console on that host goes through its own
 * `ssh -W`, the same program and key, whose passphrase is asked the same
 * way; a VNC password is asked in the window, a wrong one again, and the
 * right one remembered in the keyring; a refused passphrase shows ssh's
 * own message.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "domus-askpass.h"
#include "domus-auth-dialog.h"
#include "domus-guest-window.h"
#include "domus-secret.h"
#include "domus-test-daemon.h"
#include "domus-test-screen.h"
#include "domus-test-util.h"
#include "gui/domus-gui-test-util.h"

#define TIMEOUT_S 120
#define PASSPHRASE "key pass phrase"

static DomusApplication *the_app;

typedef struct {
    DomusTestDaemon *daemon;
    char *dir;
    GSubprocess *sshd;
    int port;
    char *uri;
    char *fingerprint;      /* of sshd's host key, as ssh shows it */
} Fixture;

static void
run_or_fail (const char *const *argv)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GSubprocess) proc =
        g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);

    g_assert_no_error (error);
    g_subprocess_wait_check (proc, NULL, &error);
    g_assert_no_error (error);
}

static int
free_port (void)
{
    g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, NULL);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
    bound = g_socket_get_local_address (socket, NULL);
    return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
port_answers (int port)
{
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketConnection) conn =
        g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);

    return conn != NULL;
}

static void
write_file (const char *dir, const char *name, const char *contents, int mode)
{
    g_autofree char *path = g_build_filename (dir, name, NULL);
    g_autoptr(GError) error = NULL;

    g_file_set_contents (path, contents, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static void
die_with_parent (gpointer data)
{
    prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *host_key = NULL, *user_key = NULL, *pub = NULL, *config = NULL;
    g_autofree char *wrapper = NULL, *pub_path = NULL, *fp_out = NULL, *keygen_out = NULL;
    g_auto(GStrv) fp_fields = NULL;

    if (!g_file_test ("/usr/sbin/sshd", G_FILE_TEST_IS_EXECUTABLE)) {
        domus_test_skip_or_require ("/usr/sbin/sshd is missing (package openssh-server)");
        return;
    }
    f->daemon = domus_test_daemon_shared (FALSE);
    if (f->daemon == NULL)
        return;
    f->dir = g_dir_make_tmp ("domus-ssh-XXXXXX", &error);
    g_assert_no_error (error);

    host_key = g_build_filename (f->dir, "host_key", NULL);
    user_key = g_build_filename (f->dir, "id_ed25519", NULL);
    {
        const char *host_argv[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "",
                                    "-f", host_key, NULL };
        const char *user_argv[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", PASSPHRASE,
                                    "-f", user_key, NULL };
        run_or_fail (host_argv);
        run_or_fail (user_argv);
    }
    pub_path = g_strconcat (user_key, ".pub", NULL);
    g_file_get_contents (pub_path, &pub, NULL, &error);
    g_assert_no_error (error);
    write_file (f->dir, "authorized_keys", pub, 0600);

    /* "256 SHA256:… comment (ED25519)": the fingerprint ssh will show. */
    {
        g_autofree char *host_pub = g_strconcat (host_key, ".pub", NULL);
        const char *fp_argv[] = { "ssh-keygen", "-l", "-f", host_pub, NULL };
        g_autoptr(GSubprocess) proc = g_subprocess_newv (fp_argv,
                                                         G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                                         &error);

        g_assert_no_error (error);
        g_subprocess_communicate_utf8 (proc, NULL, NULL, &fp_out, NULL, &error);
        g_assert_no_error (error);
        fp_fields = g_strsplit (fp_out, " ", 3);
        g_assert_true (g_str_has_prefix (fp_fields[1], "SHA256:"));
        f->fingerprint = g_strdup (fp_fields[1]);
    }

    f->port = free_port ();
    config = g_strdup_printf ("Port %d\nListenAddress 127.0.0.1\nHostKey %s\n"
                              "PidFile %s/sshd.pid\nAuthorizedKeysFile %s/authorized_keys\n"
                              "StrictModes no\nUsePAM no\nPubkeyAuthentication yes\n"
                              "PasswordAuthentication no\nKbdInteractiveAuthentication no\n"
                              "PermitRootLogin prohibit-password\n",
                              f->port, host_key, f->dir, f->dir);
    write_file (f->dir, "sshd_config", config, 0600);
    g_mkdir_with_parents ("/run/sshd", 0755);   /* sshd's privilege separation */
    {
        g_autofree char *config_path = g_build_filename (f->dir, "sshd_config", NULL);
        g_autoptr(GSubprocessLauncher) launcher =
            g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);

        /* Gone with the test, even when it aborts. */
        g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
        f->sshd = g_subprocess_launcher_spawn (launcher, &error, "/usr/sbin/sshd", "-D", "-e",
                                               "-f", config_path, NULL);
        g_assert_no_error (error);
    }
    DOMUS_TEST_WAIT_UNTIL (port_answers (f->port), 30, "sshd to listen");

    /* ssh as the user has it, but with its list of known hosts in the test's
     * directory (ssh reads ~/.ssh from the password database, not $HOME) and
     * no agent keys. Host key checking stays on: the default, "ask". */
    wrapper = g_strdup_printf ("#!/bin/sh\nexec ssh -F /dev/null -o IdentitiesOnly=yes "
                               "-o UserKnownHostsFile=%s/known_hosts "
                               "-o GlobalKnownHostsFile=/dev/null \"$@\"\n", f->dir);
    write_file (f->dir, "ssh", wrapper, 0755);
    f->uri = g_strdup_printf ("qemu+ssh://root@127.0.0.1:%d/system?socket=%s/libvirt-sock"
                              "&keyfile=%s&command=%s/ssh&proxy=netcat",
                              f->port, domus_test_daemon_get_dir (f->daemon), user_key,
                              f->dir);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    if (f->sshd != NULL) {
        g_subprocess_send_signal (f->sshd, SIGTERM);
        g_subprocess_wait (f->sshd, NULL, NULL);
        g_clear_object (&f->sshd);
    }
    if (f->dir != NULL) {
        g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
        const char *name;

        while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
            g_autofree char *path = g_build_filename (f->dir, name, NULL);

            g_unlink (path);
        }
        g_rmdir (f->dir);
    }
    if (f->daemon != NULL)
        domus_test_daemon_remove_guests (f->daemon);
    g_free (f->dir);
    g_free (f->uri);
    g_free (f->fingerprint);
}

/* The dialog's entries and its selectable labels (ssh's question). */
static void
collect_cb (GtkWidget *dialog, GPtrArray *widgets)
{
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();

    domus_test_collect_widgets (dialog, GTK_TYPE_ENTRY, widgets);
    domus_test_collect_widgets (dialog, GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++) {
        if (gtk_label_get_selectable (g_ptr_array_index (labels, i)))
            g_ptr_array_add (widgets, g_ptr_array_index (labels, i));
    }
}

/* The next dialog ssh's question opens: its question text, and its
 * password entry (NULL for a yes/no question). */
static GtkDialog *
await_ssh_dialog (char **question, GtkEntry **entry)
{
    GtkWindow *dialog = NULL;
    g_autoptr(GPtrArray) widgets = g_ptr_array_new ();

    DOMUS_TEST_WAIT_UNTIL ((dialog = domus_test_find_toplevel (DOMUS_TYPE_AUTH_DIALOG)) != NULL
                           && gtk_widget_get_mapped (GTK_WIDGET (dialog)),
                           TIMEOUT_S, "ssh's question in a dialog");
    collect_cb (GTK_WIDGET (dialog), widgets);
    *question = NULL;
    *entry = NULL;
    for (guint i = 0; i < widgets->len; i++) {
        GtkWidget *w = g_ptr_array_index (widgets, i);

        if (GTK_IS_ENTRY (w))
            *entry = GTK_ENTRY (w);
        else
            *question = g_strdup (gtk_label_get_text (GTK_LABEL (w)));
    }
    g_assert_nonnull (*question);
    return GTK_DIALOG (dialog);
}

static void
test_ssh_questions_in_dialogs (Fixture *f, gconstpointer data)
{
    g_autofree char *question = NULL, *known = NULL, *known_path = NULL;
    DomusConnection *conn;
    GtkDialog *dialog;
    GtkEntry *entry;

    if (f->daemon == NULL)
        return;

    conn = domus_application_add_connection (the_app, f->uri, "ssh host");

    /* First the host key: ssh's words and the real fingerprint, no field. */
    dialog = await_ssh_dialog (&question, &entry);
    g_assert_null (entry);
    g_assert_nonnull (strstr (question, "authenticity of host"));
    g_assert_nonnull (strstr (question, f->fingerprint));
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Unknown Host");
    gtk_dialog_response (dialog, GTK_RESPONSE_OK);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (DOMUS_TYPE_AUTH_DIALOG) == NULL,
                           TIMEOUT_S, "the host key dialog to close");

    /* Then the key's passphrase, typed hidden. */
    g_clear_pointer (&question, g_free);
    dialog = await_ssh_dialog (&question, &entry);
    g_assert_nonnull (entry);
    g_assert_nonnull (strstr (question, "passphrase"));
    g_assert_false (gtk_entry_get_visibility (entry));
    gtk_entry_set_text (entry, PASSPHRASE);
    gtk_dialog_response (dialog, GTK_RESPONSE_OK);

    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_CONNECTED,
                           TIMEOUT_S, "the ssh host to connect");
    /* ssh, not Domus, recorded the trusted key. */
    known_path = g_build_filename (f->dir, "known_hosts", NULL);
    g_assert_true (g_file_get_contents (known_path, &known, NULL, NULL));
    g_assert_nonnull (strstr (known, "ssh-ed25519"));

    /* Again: the host is known now, only the passphrase is asked; cancelled,
     * the connection fails with ssh's reason. */
    domus_connection_disconnect (conn);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) ==
                           DOMUS_CONNECTION_STATE_DISCONNECTED, TIMEOUT_S, "the disconnection");
    domus_connection_connect (conn);
    g_clear_pointer (&question, g_free);
    dialog = await_ssh_dialog (&question, &entry);
    g_assert_nonnull (entry);
    g_assert_nonnull (strstr (question, "passphrase"));
    gtk_dialog_response (dialog, GTK_RESPONSE_CANCEL);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_FAILED,
                           TIMEOUT_S, "the refused connection to fail");
    g_test_message ("failure: %s", domus_connection_get_error_message (conn));
    g_assert_nonnull (strstr (domus_connection_get_error_message (conn), "Permission denied"));
    domus_application_remove_connection (the_app, conn);
}

typedef struct {
    gboolean done;
    char *secret;
} Lookup;

static void
search_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Lookup *l = user_data;

    /* An error (the item changing while read) counts as "not yet". */
    l->secret = domus_secret_search_finish (result, NULL, NULL);
    l->done = TRUE;
}

static gboolean
keyring_holds (DomusSecretKind kind, const char *uri, const char *expected)
{
    Lookup l = { 0 };
    gboolean same;

    domus_secret_search_async (kind, uri, NULL, search_cb, &l);
    DOMUS_TEST_WAIT_UNTIL (l.done, TIMEOUT_S, "the keyring to answer");
    same = g_strcmp0 (l.secret, expected) == 0;
    g_free (l.secret);
    return same;
}

/* Our children running `ssh … -W host:port`, the consoles' tunnels. */
static guint
count_tunnels (void)
{
    g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
    g_autofree char *me = g_strdup_printf ("%d", (int) getpid ());
    const char *name;
    guint n = 0;

    while (proc != NULL && (name = g_dir_read_name (proc)) != NULL) {
        g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
        g_autofree char *cmd_path = g_build_filename ("/proc", name, "cmdline", NULL);
        g_autofree char *stat = NULL, *cmdline = NULL;
        g_auto(GStrv) fields = NULL;
        gsize len = 0;
        const char *after_comm;

        if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (stat_path, &stat, NULL, NULL) ||
            (after_comm = strrchr (stat, ')')) == NULL)
            continue;
        /* ") S PPID …" */
        fields = g_strsplit (after_comm + 2, " ", 3);
        if (g_strv_length (fields) < 2 || !g_str_equal (fields[1], me) ||
            !g_file_get_contents (cmd_path, &cmdline, &len, NULL))
            continue;
        for (gsize i = 0; i + 1 < len; i++) {
            if (cmdline[i] == '\0' && strcmp (cmdline + i + 1, "-W") == 0) {
                n++;
                break;
            }
        }
    }
    return n;
}

/* Answers the next ssh passphrase question, as the user would. */
static void
answer_passphrase (void)
{
    g_autofree char *question = NULL;
    GtkEntry *entry;
    GtkDialog *dialog = await_ssh_dialog (&question, &entry);

    g_assert_nonnull (entry);
    g_assert_nonnull (strstr (question, "passphrase"));
    gtk_entry_set_text (entry, PASSPHRASE);
    gtk_dialog_response (dialog, GTK_RESPONSE_OK);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (DOMUS_TYPE_AUTH_DIALOG) == NULL,
                           TIMEOUT_S, "the passphrase dialog to close");
}

/* The guest window's password entry, if its bar is showing. */
static GtkEntry *
password_entry (DomusGuestWindow *window)
{
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();

    domus_test_collect_widgets (GTK_WIDGET (window), GTK_TYPE_ENTRY, entries);
    for (guint i = 0; i < entries->len; i++) {
        if (gtk_widget_get_mapped (g_ptr_array_index (entries, i)))
            return g_ptr_array_index (entries, i);
    }
    return NULL;
}

typedef struct {
    const char *uri;
    const char *name;
    const char *password;
    char *error;
    gint done;
} StartJob;

static gpointer
start_thread (gpointer data)
{
    StartJob *job = data;
    virConnectPtr conn = virConnectOpen (job->uri);
    virDomainPtr dom = NULL, defined = NULL;
    g_autofree char *xml = NULL, *with_password = NULL;
    g_autofree char *attribute = g_strdup_printf ("<graphics type='vnc' passwd='%s'",
                                                  job->password);
    g_auto(GStrv) parts = NULL;

    if (conn != NULL)
        dom = virDomainLookupByName (conn, job->name);
    if (dom != NULL)
        xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE);
    if (xml != NULL) {
        parts = g_strsplit (xml, "<graphics type='vnc'", 2);
        if (g_strv_length (parts) == 2) {
            with_password = g_strconcat (parts[0], attribute, parts[1], NULL);
            defined = virDomainDefineXML (conn, with_password);
            if (defined == NULL || virDomainCreate (defined) != 0)
                job->error = g_strdup (virGetLastErrorMessage ());
        } else {
            job->error = g_strdup ("no VNC display in the guest's XML");
        }
    } else {
        job->error = g_strdup (virGetLastErrorMessage ());
    }
    if (defined != NULL)
        virDomainFree (defined);
    if (dom != NULL)
        virDomainFree (dom);
    if (conn != NULL)
        virConnectClose (conn);
    g_atomic_int_set (&job->done, 1);
    return NULL;
}

/* Gives the defined guest NAME's VNC display a password, then starts it
 * (QEMU takes one only if it started with one), as another tool would:
 * from another thread, the main loop going on meanwhile. A start takes
 * tens of seconds on a loaded machine, and a main loop blocked that long
 * answers none of the daemon's keepalive probes, so the daemon would drop
 * Domus's ssh connection, whose reconnection then waits for a passphrase
 * nobody types. */
static void
start_with_vnc_password (DomusTestDaemon *daemon, const char *name, const char *password)
{
    StartJob job = {
        .uri = domus_test_daemon_get_qemu_uri (daemon),
        .name = name,
        .password = password,
    };
    GThread *thread = g_thread_new ("start-with-vnc-password", start_thread, &job);

    DOMUS_TEST_WAIT_UNTIL (g_atomic_int_get (&job.done), TIMEOUT_S,
                           "the guest with a VNC password defined and started");
    g_thread_join (thread);
    if (job.error != NULL)
        g_error ("%s: %s", name, job.error);
}

static void
test_ssh_console (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *question = NULL, *guest = NULL, *locked = NULL;
    DomusConnection *conn;
    DomusDomain *domain = NULL;
    DomusGuestWindow *window;
    GtkDialog *dialog;
    GtkEntry *entry;
    double variance = 0;

    if (f->daemon == NULL)
        return;
    guest = domus_test_daemon_define_tiny_guest (f->daemon, "domus-ssh-console", TRUE, &error);
    g_assert_no_error (error);

    conn = domus_application_add_connection (the_app, f->uri, "ssh host");
    dialog = await_ssh_dialog (&question, &entry);
    g_assert_null (entry);                       /* the host key */
    gtk_dialog_response (dialog, GTK_RESPONSE_OK);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (DOMUS_TYPE_AUTH_DIALOG) == NULL,
                           TIMEOUT_S, "the host key dialog to close");
    g_clear_pointer (&question, g_free);
    dialog = await_ssh_dialog (&question, &entry);
    gtk_entry_set_text (entry, PASSPHRASE);
    gtk_dialog_response (dialog, GTK_RESPONSE_OK);
    DOMUS_TEST_WAIT_UNTIL ((domain = domus_connection_find_domain_by_name (conn, guest)) != NULL,
                           TIMEOUT_S, "the guest listed over ssh");
    g_assert_true (domus_domain_is_active (domain));
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (DOMUS_TYPE_AUTH_DIALOG) == NULL,
                           TIMEOUT_S, "the passphrase dialog to close");

    /* The console: its own ssh, which asks for the key's passphrase. */
    window = domus_guest_window_present (the_app, conn, domain);
    g_clear_pointer (&question, g_free);
    dialog = await_ssh_dialog (&question, &entry);
    g_assert_nonnull (entry);
    g_assert_nonnull (strstr (question, "passphrase"));
    g_assert_cmpuint (count_tunnels (), ==, 1);
    gtk_entry_set_text (entry, PASSPHRASE);
    gtk_dialog_response (dialog, GTK_RESPONSE_OK);
    DOMUS_TEST_WAIT_UNTIL (screen_not_blank (window, &variance), TIMEOUT_S,
                           "the guest's screen through the ssh tunnel");
    g_test_message ("screen luma variance through ssh %.1f", variance);
    g_assert_cmpuint (count_tunnels (), ==, 1);

    /* Closed, the window ends its tunnel. */
    gtk_window_close (GTK_WINDOW (window));
    DOMUS_TEST_WAIT_UNTIL (count_tunnels () == 0, TIMEOUT_S, "the tunnel to end");

    /* The display wants a password now: a wrong one is refused and asked
     * for again, saying why (each attempt is a new tunnel, so ssh asks
     * again too); the right one, remembered, shows the screen. */
    locked = domus_test_daemon_define_tiny_guest (f->daemon, "domus-vnc-password", FALSE,
                                                  &error);
    g_assert_no_error (error);
    start_with_vnc_password (f->daemon, locked, "vnc-pw");
    DOMUS_TEST_WAIT_UNTIL ((domain = domus_connection_find_domain_by_name (conn, locked)) != NULL
                           && domus_domain_is_active (domain), TIMEOUT_S,
                           "the guest with a VNC password to run");
    g_assert_true (keyring_holds (DOMUS_SECRET_VNC, f->uri, NULL));
    window = domus_guest_window_present (the_app, conn, domain);
    answer_passphrase ();
    DOMUS_TEST_WAIT_UNTIL ((entry = password_entry (window)) != NULL, TIMEOUT_S,
                           "the VNC password to be asked");
    gtk_entry_set_text (entry, "wrong");
    gtk_widget_activate (GTK_WIDGET (entry));
    answer_passphrase ();
    DOMUS_TEST_WAIT_UNTIL ((entry = password_entry (window)) != NULL, TIMEOUT_S,
                           "the VNC password to be asked again");
    {
        GtkWidget *label = domus_test_find_widget (GTK_WIDGET (window), NULL, "password_label");
        GtkWidget *remember = domus_test_find_widget (GTK_WIDGET (window), NULL,
                                                      "remember_check");

        g_test_message ("asked again: %s", gtk_label_get_text (GTK_LABEL (label)));
        g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "refused"));
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (remember), TRUE);
    }
    gtk_entry_set_text (entry, "vnc-pw");
    gtk_widget_activate (GTK_WIDGET (entry));
    DOMUS_TEST_WAIT_UNTIL (screen_not_blank (window, &variance), TIMEOUT_S,
                           "the screen behind the VNC password");
    DOMUS_TEST_WAIT_UNTIL (keyring_holds (DOMUS_SECRET_VNC, f->uri, "vnc-pw"), TIMEOUT_S,
                           "the VNC password in the keyring");
    gtk_window_close (GTK_WINDOW (window));
    DOMUS_TEST_WAIT_UNTIL (count_tunnels () == 0, TIMEOUT_S, "the tunnel to end");

    /* Remembered: the screen opens with no password asked. */
    window = domus_guest_window_present (the_app, conn, domain);
    answer_passphrase ();
    DOMUS_TEST_WAIT_UNTIL (screen_not_blank (window, &variance) ||
                           password_entry (window) != NULL, TIMEOUT_S,
                           "the screen with the remembered password");
    g_assert_null (password_entry (window));
    gtk_window_close (GTK_WINDOW (window));
    DOMUS_TEST_WAIT_UNTIL (count_tunnels () == 0, TIMEOUT_S, "the tunnel to end");

    /* Refused, the console says ssh's own words. */
    window = domus_guest_window_present (the_app, conn, domain);
    g_clear_pointer (&question, g_free);
    dialog = await_ssh_dialog (&question, &entry);
    gtk_dialog_response (dialog, GTK_RESPONSE_CANCEL);
    DOMUS_TEST_WAIT_UNTIL (domus_guest_window_get_console_state (window) ==
                           DOMUS_CONSOLE_STATE_FAILED, TIMEOUT_S,
                           "the console to fail without the passphrase");
    g_test_message ("console failure: %s", domus_guest_window_get_message (window));
    g_assert_nonnull (strstr (domus_guest_window_get_message (window), "Permission denied"));
    gtk_window_close (GTK_WINDOW (window));
    DOMUS_TEST_WAIT_UNTIL (count_tunnels () == 0, TIMEOUT_S, "the failed tunnel to end");
    domus_application_remove_connection (the_app, conn);
}

static void
store_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;

    g_assert_true (domus_secret_store_finish (result, &error));
    *(gboolean *) user_data = TRUE;
}

/* The SASL dialog's name entries (libvirt asks for the authentication
 * name and the user name) and its password entry. */
static GtkDialog *
await_sasl_dialog (GPtrArray *users, GtkEntry **password)
{
    GtkWindow *dialog = NULL;
    g_autoptr(GPtrArray) widgets = g_ptr_array_new ();

    DOMUS_TEST_WAIT_UNTIL ((dialog = domus_test_find_toplevel (DOMUS_TYPE_AUTH_DIALOG)) != NULL
                           && gtk_widget_get_mapped (GTK_WIDGET (dialog)),
                           TIMEOUT_S, "the credentials dialog");
    collect_cb (GTK_WIDGET (dialog), widgets);
    g_ptr_array_set_size (users, 0);
    *password = NULL;
    for (guint i = 0; i < widgets->len; i++) {
        GtkWidget *w = g_ptr_array_index (widgets, i);

        if (GTK_IS_ENTRY (w)) {
            if (gtk_entry_get_visibility (GTK_ENTRY (w)))
                g_ptr_array_add (users, w);
            else
                *password = GTK_ENTRY (w);
        }
    }
    g_assert_cmpuint (users->len, >=, 1);
    g_assert_nonnull (*password);
    return GTK_DIALOG (dialog);
}

/* Connects CONN again; TRUE when it connected without any dialog showing. */
static DomusConnectionState
reconnect (DomusConnection *conn, gboolean *dialog_seen)
{
    domus_connection_disconnect (conn);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) ==
                           DOMUS_CONNECTION_STATE_DISCONNECTED, TIMEOUT_S, "the disconnection");
    domus_connection_connect (conn);
    *dialog_seen = FALSE;
    DOMUS_TEST_WAIT_UNTIL ((*dialog_seen |= domus_test_find_toplevel (DOMUS_TYPE_AUTH_DIALOG)
                                            != NULL,
                            domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_CONNECTED
                            || domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_FAILED),
                           TIMEOUT_S, "the connection to open or fail");
    return domus_connection_get_state (conn);
}

static void
await_opened (DomusConnection *conn)
{
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_CONNECTED
                           || domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_FAILED,
                           TIMEOUT_S, "the SASL host to open");
    g_assert_cmpstr (domus_connection_get_error_message (conn), ==, NULL);
}

static void
test_sasl_remembered (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;
    g_autoptr(DomusTestDaemon) daemon = NULL;
    DomusConnection *conn;
    g_autoptr(GPtrArray) users = g_ptr_array_new ();
    GtkEntry *password;
    GtkDialog *dialog;
    gboolean dialog_seen, stored = FALSE;

    if (domus_test_skip_without_qemu ())
        return;
    daemon = domus_test_daemon_start_sasl ("admin", "s3cret", &error);
    g_assert_no_error (error);
    uri = domus_test_daemon_get_test_uri (daemon, DOMUS_SOURCE_DATADIR "/demo/demo-host.xml");
    g_assert_true (keyring_holds (DOMUS_SECRET_LIBVIRT, uri, NULL));

    /* Nothing remembered: the dialog asks; the user ticks Remember. */
    conn = domus_application_add_connection (the_app, uri, "sasl host");
    dialog = await_sasl_dialog (users, &password);
    g_assert_false (domus_auth_dialog_get_remember (DOMUS_AUTH_DIALOG (dialog)));
    for (guint i = 0; i < users->len; i++)
        gtk_entry_set_text (g_ptr_array_index (users, i), "admin");
    gtk_entry_set_text (password, "s3cret");
    domus_auth_dialog_set_remember (DOMUS_AUTH_DIALOG (dialog), TRUE);
    gtk_dialog_response (dialog, GTK_RESPONSE_OK);
    await_opened (conn);
    DOMUS_TEST_WAIT_UNTIL (keyring_holds (DOMUS_SECRET_LIBVIRT, uri, "s3cret"), TIMEOUT_S,
                           "the password saved");

    /* Remembered: connects again with no dialog, and again after that. */
    g_assert_cmpint (reconnect (conn, &dialog_seen), ==, DOMUS_CONNECTION_STATE_CONNECTED);
    g_assert_false (dialog_seen);
    g_assert_cmpint (reconnect (conn, &dialog_seen), ==, DOMUS_CONNECTION_STATE_CONNECTED);
    g_assert_false (dialog_seen);

    /* The password changed on the host's side: the remembered one fails
     * once, then the dialog asks, filled in, and remembers the new one. */
    domus_secret_store_async (DOMUS_SECRET_LIBVIRT, uri, "admin", "test", "outdated", NULL,
                              store_cb, &stored);
    DOMUS_TEST_WAIT_UNTIL (stored, TIMEOUT_S, "the outdated password stored");
    g_assert_cmpint (reconnect (conn, &dialog_seen), ==, DOMUS_CONNECTION_STATE_FAILED);
    g_assert_false (dialog_seen);
    domus_connection_connect (conn);
    dialog = await_sasl_dialog (users, &password);
    for (guint i = 0; i < users->len; i++)
        g_assert_cmpstr (gtk_entry_get_text (g_ptr_array_index (users, i)), ==, "admin");
    g_assert_true (domus_auth_dialog_get_remember (DOMUS_AUTH_DIALOG (dialog)));
    gtk_entry_set_text (password, "s3cret");
    gtk_dialog_response (dialog, GTK_RESPONSE_OK);
    await_opened (conn);
    DOMUS_TEST_WAIT_UNTIL (keyring_holds (DOMUS_SECRET_LIBVIRT, uri, "s3cret"), TIMEOUT_S,
                           "the new password saved");
    domus_application_remove_connection (the_app, conn);
}

int
main (int argc, char *argv[])
{
    g_autofree char *askpass_dir = domus_askpass_default_dir ();
    g_autoptr(GError) error = NULL;
    int ret;

    signal (SIGPIPE, SIG_IGN);
    /* As main() does for the program, before any thread: ssh runs the real
     * domus executable as its askpass, which asks this process. */
    domus_askpass_prepare (askpass_dir, g_getenv ("DOMUS_PROGRAM"), &error);
    g_assert_no_error (error);
    gtk_test_init (&argc, &argv, NULL);
    the_app = domus_test_app_new ();

    g_test_add_func ("/real/auth/sasl-remembered", test_sasl_remembered);
    g_test_add ("/real/auth/ssh-questions-in-dialogs", Fixture, NULL,
                fixture_setup, test_ssh_questions_in_dialogs, fixture_teardown);
    g_test_add ("/real/auth/ssh-console", Fixture, NULL,
                fixture_setup, test_ssh_console, fixture_teardown);
    ret = g_test_run ();
    domus_test_daemon_stop_shared ();
    g_clear_object (&the_app);
    domus_askpass_cleanup (askpass_dir);
    return ret;
}
