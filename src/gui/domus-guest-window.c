/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest window. It follows the guest's state: not running shows a page
 * with Start; running asks core for the console target (on the host's
 * worker) and opens the display with gtk-vnc through the fd, tunnel or
 * socket it says. A dropped display of a running guest (a reboot, a reset)
 * is reopened. The serial page feeds a VTE terminal from DomusSerialConsole.
 * Nothing here calls libvirt.
 */
#include "config.h"

#include "domus-guest-window-private.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <gtk-vnc.h>
#include <vte/vte.h>

#include "domus-console-target.h"
#include "domus-secret.h"
#include "domus-serial-console.h"

#define RECONNECT_DELAY_MS 1000

G_DEFINE_FINAL_TYPE (DomusGuestWindow, domus_guest_window, GTK_TYPE_APPLICATION_WINDOW)

static void domus_guest_window_connect (DomusGuestWindow *self);

/* ---- what the window says ------------------------------------------------ */

/* Has a display to show: running, paused, shutting down. */
static gboolean
has_display (DomusDomainState state)
{
    return state != DOMUS_DOMAIN_STATE_SHUTOFF && state != DOMUS_DOMAIN_STATE_CRASHED &&
           state != DOMUS_DOMAIN_STATE_NOSTATE;
}

static const char *
console_state_text (DomusConsoleState state)
{
    switch (state) {
    case DOMUS_CONSOLE_STATE_CONNECTING:
        return _("Console connecting");
    case DOMUS_CONSOLE_STATE_CONNECTED:
        return _("Console connected");
    case DOMUS_CONSOLE_STATE_FAILED:
        return _("Console not connected");
    case DOMUS_CONSOLE_STATE_IDLE:
    default:
        return _("Console closed");
    }
}

static void
update_title (DomusGuestWindow *self)
{
    const char *guest = domus_domain_get_name (self->domain);
    const char *host = domus_connection_get_display_name (self->conn);
    const char *state = domus_domain_state_to_string (domus_domain_get_state (self->domain));
    /* Translators: the guest window's title: guest name, host name */
    g_autofree char *title = g_strdup_printf (_("%s on %s"), guest, host);
    /* Translators: the guest window's status line: guest, host, guest state,
     * console state, e.g. "web01 on Demo Host — Running — Console connected" */
    g_autofree char *status = g_strdup_printf (_("%s on %s — %s — %s"), guest, host, state,
                                               console_state_text (self->console_state));

    gtk_window_set_title (GTK_WINDOW (self), title);
    gtk_label_set_text (self->status_label, status);
}

void
domus_guest_window_show_message (DomusGuestWindow *self, const char *title, const char *text,
                                 gboolean busy, gboolean start)
{
    g_free (self->message);
    self->message = text != NULL ? g_strdup_printf ("%s\n%s", title, text) : g_strdup (title);
    gtk_label_set_text (self->message_title, title);
    gtk_label_set_text (self->message_label, text != NULL ? text : "");
    gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
    gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
    if (busy)
        gtk_spinner_start (self->spinner);
    else
        gtk_spinner_stop (self->spinner);
    gtk_widget_set_visible (self->start_button, start);
    gtk_stack_set_visible_child_name (self->console_stack, "message");
}

static void
set_console_state (DomusGuestWindow *self, DomusConsoleState state)
{
    self->console_state = state;
    if (state == DOMUS_CONSOLE_STATE_CONNECTED) {
        gtk_stack_set_visible_child_name (self->console_stack, "display");
        g_clear_pointer (&self->message, g_free);
    }
    if (state != DOMUS_CONSOLE_STATE_CONNECTED)
        gtk_widget_hide (self->grab_hint);
    update_title (self);
    domus_guest_window_update_actions (self);
}

static void
fail (DomusGuestWindow *self, const char *title, const char *text)
{
    domus_guest_window_show_message (self, title, text, FALSE, FALSE);
    set_console_state (self, DOMUS_CONSOLE_STATE_FAILED);
}

/* ---- closing the display ------------------------------------------------- */

static void
domus_guest_window_disconnect (DomusGuestWindow *self)
{
    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    self->cancellable = g_cancellable_new ();
    g_clear_handle_id (&self->reconnect_id, g_source_remove);
    if (vnc_display_is_open (self->display)) {
        self->closing = TRUE;
        vnc_display_close (self->display);
    }
    if (self->tunnel != NULL) {
        g_subprocess_force_exit (self->tunnel);
        g_clear_object (&self->tunnel);
    }
    gtk_widget_hide (GTK_WIDGET (self->password_bar));
}

/* ---- the VNC display's signals ------------------------------------------- */

static void
vnc_initialized_cb (VncDisplay *display, DomusGuestWindow *self)
{
    self->was_initialized = TRUE;
    gtk_widget_hide (GTK_WIDGET (self->password_bar));
    set_console_state (self, DOMUS_CONSOLE_STATE_CONNECTED);
    gtk_widget_grab_focus (GTK_WIDGET (display));
}

static gboolean
reconnect_cb (gpointer user_data)
{
    DomusGuestWindow *self = user_data;

    self->reconnect_id = 0;
    if (has_display (domus_domain_get_state (self->domain)))
        domus_guest_window_connect (self);
    return G_SOURCE_REMOVE;
}

/* The display closed before it showed anything: why, in ssh's words when
 * the tunnel said something, else gtk-vnc's. */
static void
connection_failed (DomusGuestWindow *self)
{
    if (self->tunnel != NULL && self->tunnel_stderr->len > 0) {
        /* Translators: %s is ssh's own error message */
        g_autofree char *text = g_strdup_printf (_("The SSH tunnel to the host failed: %s"),
                                                 self->tunnel_stderr->str);

        fail (self, _("Cannot connect to the console"), text);
        return;
    }
    fail (self, _("Cannot connect to the console"),
          self->last_error != NULL ? self->last_error
                                   : _("The guest’s display closed the connection."));
}

static void
vnc_disconnected_cb (VncDisplay *display, DomusGuestWindow *self)
{
    if (self->closing) {
        self->closing = FALSE;
        return;
    }
    if (self->was_initialized) {
        /* The guest rebooted, was reset, or went off: try again shortly,
         * once its state has caught up. */
        self->was_initialized = FALSE;
        domus_guest_window_show_message (self, _("The console was disconnected"),
                                         _("Reconnecting…"), TRUE, FALSE);
        set_console_state (self, DOMUS_CONSOLE_STATE_CONNECTING);
        g_clear_handle_id (&self->reconnect_id, g_source_remove);
        self->reconnect_id = g_timeout_add (RECONNECT_DELAY_MS, reconnect_cb, self);
        return;
    }
    if (self->console_state == DOMUS_CONSOLE_STATE_FAILED)
        return;
    if (self->auth_failure != NULL) {
        domus_guest_window_connect (self);   /* and ask for the password again */
        return;
    }
    if (self->tunnel != NULL && !self->tunnel_eof) {
        /* ssh's last words may still be in its pipe: say them once read.
         * The VNC conversation is over, so ssh can go. */
        self->tunnel_failed = TRUE;
        g_subprocess_force_exit (self->tunnel);
        return;
    }
    connection_failed (self);
}

static void
vnc_error_cb (VncDisplay *display, const char *message, DomusGuestWindow *self)
{
    g_free (self->last_error);
    self->last_error = g_strdup (message);
}

static void
store_secret_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;

    if (!domus_secret_store_finish (result, &error) &&
        !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not remember the VNC password: %s", error->message);
}

static void
password_activate_cb (GtkWidget *widget, DomusGuestWindow *self)
{
    const char *password = gtk_entry_get_text (self->password_entry);

    if (gtk_toggle_button_get_active (self->remember_check)) {
        /* Translators: the keyring item's label; %s is the guest's name */
        g_autofree char *label = g_strdup_printf (_("VNC password of %s"),
                                                  domus_domain_get_name (self->domain));

        domus_secret_store_async (DOMUS_SECRET_VNC, domus_connection_get_uri (self->conn),
                                  domus_domain_get_uuid (self->domain), label, password,
                                  NULL, store_secret_done_cb, NULL);
    }
    vnc_display_set_credential (self->display, VNC_DISPLAY_CREDENTIAL_PASSWORD, password);
    gtk_entry_set_text (self->password_entry, "");
    gtk_widget_hide (GTK_WIDGET (self->password_bar));
}

static void
ask_password (DomusGuestWindow *self, const char *why)
{
    if (why == NULL)
        why = _("The guest’s display asks for a _password");
    gtk_label_set_text_with_mnemonic (self->password_label, why);
    gtk_widget_show (GTK_WIDGET (self->password_bar));
    gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

static void
lookup_secret_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusGuestWindow) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *secret = domus_secret_lookup_finish (result, &error);

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
        gtk_widget_in_destruction (GTK_WIDGET (self)))
        return;
    if (secret != NULL)
        vnc_display_set_credential (self->display, VNC_DISPLAY_CREDENTIAL_PASSWORD, secret);
    else
        ask_password (self, NULL);
}

static void
vnc_auth_credential_cb (VncDisplay *display, GValueArray *credentials, DomusGuestWindow *self)
{
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    for (guint i = 0; i < credentials->n_values; i++) {
        int type = g_value_get_enum (g_value_array_get_nth (credentials, i));

        if (type == VNC_DISPLAY_CREDENTIAL_CLIENTNAME) {
            vnc_display_set_credential (display, type, "domus");
        } else if (type == VNC_DISPLAY_CREDENTIAL_PASSWORD) {
            /* The keyring first, once per window; then the user. */
            if (!self->asked_keyring) {
                self->asked_keyring = TRUE;
                domus_secret_lookup_async (DOMUS_SECRET_VNC,
                                           domus_connection_get_uri (self->conn),
                                           domus_domain_get_uuid (self->domain),
                                           self->cancellable, lookup_secret_done_cb,
                                           g_object_ref (self));
            } else {
                ask_password (self, self->auth_failure);
                g_clear_pointer (&self->auth_failure, g_free);
            }
        }
    }
    G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
clear_secret_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    domus_secret_clear_finish (result, NULL);
}

static void
vnc_auth_failure_cb (VncDisplay *display, const char *message, DomusGuestWindow *self)
{
    /* A remembered password that no longer works is forgotten. */
    domus_secret_clear_async (DOMUS_SECRET_VNC, domus_connection_get_uri (self->conn),
                              domus_domain_get_uuid (self->domain), NULL,
                              clear_secret_done_cb, NULL);
    /* gtk-vnc closes the connection; the next attempt asks the user, saying
     * why. Translators: %s is the VNC server's reason */
    g_free (self->auth_failure);
    self->auth_failure = g_strdup_printf (_("The guest’s display refused the _password: %s"),
                                          message);
    self->asked_keyring = TRUE;
}

static void
vnc_grab_cb (VncDisplay *display, DomusGuestWindow *self)
{
    gtk_widget_show (self->grab_hint);
}

static void
vnc_ungrab_cb (VncDisplay *display, DomusGuestWindow *self)
{
    gtk_widget_hide (self->grab_hint);
}

/* Shift+F12: out of the guest's screen to the window's own controls (the
 * menu button, or the fullscreen toolbar), releasing the grab. */
static void
leave_screen (DomusGuestWindow *self)
{
    GdkWindow *window = gtk_widget_get_window (GTK_WIDGET (self));

    vnc_display_force_grab (self->display, FALSE);
    if (window != NULL && (gdk_window_get_state (window) & GDK_WINDOW_STATE_FULLSCREEN) != 0) {
        gtk_revealer_set_reveal_child (self->fullscreen_toolbar, TRUE);
        gtk_widget_child_focus (GTK_WIDGET (self->fullscreen_toolbar), GTK_DIR_TAB_FORWARD);
    } else {
        gtk_widget_grab_focus (self->menu_button);
    }
}

/* While the guest's screen has the focus, every key is the guest's: the
 * window's accelerators (Ctrl+W, F10, F11…) must not steal them, as in
 * virt-viewer. Only Shift+F12 is ours: it leaves the screen for the
 * header bar's controls (the keyboard path back to the menus). */
static gboolean
key_press_cb (GtkWidget *widget, GdkEventKey *event, DomusGuestWindow *self)
{
    GdkModifierType mods = event->state & gtk_accelerator_get_default_mod_mask ();

    if (self->console_state != DOMUS_CONSOLE_STATE_CONNECTED ||
        !gtk_widget_is_focus (GTK_WIDGET (self->display)))
        return GDK_EVENT_PROPAGATE;
    if (event->keyval == GDK_KEY_F12 && mods == GDK_SHIFT_MASK) {
        leave_screen (self);
        return GDK_EVENT_STOP;
    }
    return gtk_window_propagate_key_event (GTK_WINDOW (widget), event);
}

/* ---- opening the display -------------------------------------------------- */

static void
open_fd (DomusGuestWindow *self, int fd)
{
    self->was_initialized = FALSE;
    /* gtk-vnc 1.3 reads its GdkWindow's size on framebuffer updates, even
     * while it sits on a page never shown (the serial page in front). */
    gtk_widget_realize (GTK_WIDGET (self->display));
    if (!vnc_display_open_fd (self->display, fd)) {
        close (fd);
        fail (self, _("Cannot connect to the console"),
              _("The display could not be opened on the connection."));
    }
}

static void
socket_connected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusGuestWindow) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(GSocketConnection) connection =
        g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
    int fd;

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
        gtk_widget_in_destruction (GTK_WIDGET (self)))
        return;
    if (connection == NULL) {
        g_autofree char *text = NULL;

        if (self->last_error != NULL)
            /* Translators: the first %s says why libvirt gave no display
             * socket, the second why the listen address did not answer */
            text = g_strdup_printf (_("%s. The listen address did not answer either: %s"),
                                    self->last_error, error->message);
        else
            /* Translators: %s is the network's reason, e.g. "Connection refused" */
            text = g_strdup_printf (_("The guest’s display is not reachable from this "
                                      "computer: %s"), error->message);
        fail (self, _("Cannot connect to the console"), text);
        return;
    }
    /* gtk-vnc takes its own fd; ours closes with the connection. */
    fd = dup (g_socket_get_fd (g_socket_connection_get_socket (connection)));
    if (fd < 0) {
        fail (self, _("Cannot connect to the console"), g_strerror (errno));
        return;
    }
    open_fd (self, fd);
}

static void
connect_socket (DomusGuestWindow *self, const char *host, int port)
{
    g_autoptr(GSocketClient) client = g_socket_client_new ();

    g_socket_client_set_timeout (client, 30);
    g_socket_client_connect_to_host_async (client, host, (guint16) port, self->cancellable,
                                           socket_connected_cb, g_object_ref (self));
}

static void
tunnel_stderr_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusGuestWindow) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source),
                                                                result, &error);

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
        gtk_widget_in_destruction (GTK_WIDGET (self)))
        return;
    if (bytes == NULL || g_bytes_get_size (bytes) == 0) {
        self->tunnel_eof = TRUE;
        if (self->tunnel_failed) {
            self->tunnel_failed = FALSE;
            connection_failed (self);
        }
        return;
    }
    g_string_append_len (self->tunnel_stderr, g_bytes_get_data (bytes, NULL),
                         (gssize) g_bytes_get_size (bytes));
    g_strchomp (self->tunnel_stderr->str);
    self->tunnel_stderr->len = strlen (self->tunnel_stderr->str);
    g_input_stream_read_bytes_async (G_INPUT_STREAM (source), 4096, G_PRIORITY_DEFAULT,
                                     self->cancellable, tunnel_stderr_cb, g_object_ref (self));
}

/* One `ssh host -W listen:port` per console, its stdio on one end of a
 * socket pair and gtk-vnc on the other, as virt-viewer does. */
static void
open_tunnel (DomusGuestWindow *self, char **argv)
{
    g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
    g_autoptr(GError) error = NULL;
    int pair[2];

    if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0) {
        fail (self, _("Cannot connect to the console"), g_strerror (errno));
        return;
    }
    g_subprocess_launcher_take_stdin_fd (launcher, dup (pair[1]));
    g_subprocess_launcher_take_stdout_fd (launcher, pair[1]);
    g_string_truncate (self->tunnel_stderr, 0);
    self->tunnel_eof = FALSE;
    self->tunnel_failed = FALSE;
    g_clear_object (&self->tunnel);
    self->tunnel = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv, &error);
    if (self->tunnel == NULL) {
        /* Translators: %s says why ssh could not be started */
        g_autofree char *text = g_strdup_printf (_("The SSH tunnel to the host failed: %s"),
                                                 error->message);

        close (pair[0]);
        fail (self, _("Cannot connect to the console"), text);
        return;
    }
    g_input_stream_read_bytes_async (g_subprocess_get_stderr_pipe (self->tunnel), 4096,
                                     G_PRIORITY_DEFAULT, self->cancellable, tunnel_stderr_cb,
                                     g_object_ref (self));
    open_fd (self, pair[0]);
}

static void serial_open (DomusGuestWindow *self);

static const char *
problem_title (DomusConsoleProblem problem)
{
    switch (problem) {
    case DOMUS_CONSOLE_PROBLEM_NO_GRAPHICS:
        return _("No graphical console");
    case DOMUS_CONSOLE_PROBLEM_SPICE_ONLY:
        return _("SPICE display only");
    case DOMUS_CONSOLE_PROBLEM_NOT_LISTENING:
    case DOMUS_CONSOLE_PROBLEM_UNREACHABLE:
    case DOMUS_CONSOLE_PROBLEM_NONE:
    default:
        return _("Cannot connect to the console");
    }
}

static void
lookup_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusGuestWindow) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusConsoleTarget) target =
        domus_console_target_lookup_finish (DOMUS_CONNECTION (source), result, &error);

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
        gtk_widget_in_destruction (GTK_WIDGET (self)))
        return;
    if (target == NULL) {
        fail (self, _("Cannot connect to the console"), error->message);
        return;
    }
    gtk_widget_set_visible (GTK_WIDGET (self->serial_box), target->has_serial);
    if (target->has_serial)
        serial_open (self);

    g_clear_pointer (&self->last_error, g_free);
    switch (target->method) {
    case DOMUS_CONSOLE_METHOD_FD: {
        int fd = domus_console_target_steal_fd (target);

        if (fd >= 0) {
            open_fd (self, fd);
        } else if (target->port > 0) {
            self->last_error = g_strdup (target->fd_error);
            connect_socket (self, target->host, target->port);
        } else {
            fail (self, _("Cannot connect to the console"), target->fd_error);
        }
        break;
    }
    case DOMUS_CONSOLE_METHOD_DIRECT:
        connect_socket (self, target->host, target->port);
        break;
    case DOMUS_CONSOLE_METHOD_SSH:
        open_tunnel (self, target->ssh_argv);
        break;
    case DOMUS_CONSOLE_METHOD_NONE:
    default:
        fail (self, problem_title (target->problem), target->message);
        if (target->problem == DOMUS_CONSOLE_PROBLEM_NO_GRAPHICS && target->has_serial)
            gtk_stack_set_visible_child_name (self->pages, "serial");
        break;
    }
}

static void
domus_guest_window_connect (DomusGuestWindow *self)
{
    domus_guest_window_disconnect (self);
    self->was_initialized = FALSE;
    domus_guest_window_show_message (self, _("Connecting to the console…"), NULL, TRUE, FALSE);
    set_console_state (self, DOMUS_CONSOLE_STATE_CONNECTING);
    domus_console_target_lookup_async (self->conn, domus_domain_get_uuid (self->domain),
                                       self->cancellable, lookup_done_cb, g_object_ref (self));
}

/* ---- the serial console --------------------------------------------------- */

static void
serial_opened_cb (DomusSerialConsole *serial, DomusGuestWindow *self)
{
    gtk_widget_hide (GTK_WIDGET (self->serial_status));
}

static void
serial_received_cb (DomusSerialConsole *serial, GBytes *bytes, DomusGuestWindow *self)
{
    gsize len;
    const char *data = g_bytes_get_data (bytes, &len);

    vte_terminal_feed (VTE_TERMINAL (self->terminal), data, (gssize) len);
}

static void
serial_closed_cb (DomusSerialConsole *serial, const char *reason, DomusGuestWindow *self)
{
    gtk_label_set_text (self->serial_status,
                        reason != NULL ? reason : _("The serial console is closed."));
    gtk_widget_show (GTK_WIDGET (self->serial_status));
}

static void
terminal_commit_cb (VteTerminal *terminal, const char *text, guint size, DomusGuestWindow *self)
{
    domus_serial_console_send (self->serial, text, size);
}

static void
serial_open (DomusGuestWindow *self)
{
    if (self->serial == NULL) {
        self->serial = domus_serial_console_new (self->conn,
                                                 domus_domain_get_uuid (self->domain));
        g_signal_connect_object (self->serial, "opened", G_CALLBACK (serial_opened_cb), self, 0);
        g_signal_connect_object (self->serial, "received", G_CALLBACK (serial_received_cb),
                                 self, 0);
        g_signal_connect_object (self->serial, "closed", G_CALLBACK (serial_closed_cb), self, 0);
    }
    if (self->terminal == NULL) {
        self->terminal = vte_terminal_new ();
        gtk_widget_set_vexpand (self->terminal, TRUE);
        atk_object_set_name (gtk_widget_get_accessible (self->terminal), _("Serial console"));
        g_signal_connect_object (self->terminal, "commit", G_CALLBACK (terminal_commit_cb),
                                 self, 0);
        gtk_container_add (GTK_CONTAINER (self->serial_box), self->terminal);
        gtk_widget_show (self->terminal);
    }
    domus_serial_console_open (self->serial);
}

/* ---- following the guest ------------------------------------------------- */

static void
domain_state_cb (DomusDomain *domain, GParamSpec *pspec, DomusGuestWindow *self)
{
    DomusDomainState state = domus_domain_get_state (domain);
    gboolean was_active = has_display (self->last_state);

    if (state != self->last_state)
        domus_guest_window_refresh_flags (self);
    self->last_state = state;
    domus_guest_window_update_actions (self);
    if (!has_display (state)) {
        g_autofree char *text = NULL;

        domus_guest_window_disconnect (self);
        if (self->serial != NULL)
            domus_serial_console_close (self->serial);
        /* Translators: %s is the guest's name */
        text = g_strdup_printf (_("“%s” is not running"), domus_domain_get_name (domain));
        domus_guest_window_show_message (self, text, _("Start the guest to see its screen."),
                                         FALSE, TRUE);
        set_console_state (self, DOMUS_CONSOLE_STATE_IDLE);
        return;
    }
    if (!was_active || self->console_state == DOMUS_CONSOLE_STATE_IDLE)
        domus_guest_window_connect (self);
    else
        update_title (self);
}

static void
names_changed_cb (GObject *object, GParamSpec *pspec, DomusGuestWindow *self)
{
    update_title (self);
}

/* Activity, saved state, autostart: which guest actions apply. */
static void
domain_flags_cb (GObject *object, GParamSpec *pspec, DomusGuestWindow *self)
{
    domus_guest_window_update_actions (self);
}

/* The guest was deleted (or its host disconnected, which empties the
 * list): this window has nothing left to show. */
static void
domains_changed_cb (GListModel *domains, guint position, guint removed, guint added,
                    DomusGuestWindow *self)
{
    if (removed > 0 &&
        domus_connection_lookup_domain (self->conn, domus_domain_get_uuid (self->domain)) !=
            self->domain)
        gtk_window_close (GTK_WINDOW (self));
}

/* ---- public --------------------------------------------------------------- */

DomusDomain *
domus_guest_window_get_domain (DomusGuestWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_WINDOW (self), NULL);
    return self->domain;
}

DomusConsoleState
domus_guest_window_get_console_state (DomusGuestWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_WINDOW (self), DOMUS_CONSOLE_STATE_IDLE);
    return self->console_state;
}

const char *
domus_guest_window_get_message (DomusGuestWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_WINDOW (self), NULL);
    return self->message;
}

GtkWidget *
domus_guest_window_get_display (DomusGuestWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_WINDOW (self), NULL);
    return GTK_WIDGET (self->display);
}

GtkWidget *
domus_guest_window_get_terminal (DomusGuestWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_WINDOW (self), NULL);
    return self->terminal;
}

gboolean
domus_guest_window_get_serial_open (DomusGuestWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_WINDOW (self), FALSE);
    return self->serial != NULL && domus_serial_console_is_open (self->serial);
}

DomusSerialConsole *
domus_guest_window_get_serial_console (DomusGuestWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_WINDOW (self), NULL);
    return self->serial;
}

gboolean
domus_guest_window_save_screenshot (DomusGuestWindow *self, const char *path, GError **error)
{
    g_autoptr(GdkPixbuf) pixbuf = NULL;

    g_return_val_if_fail (DOMUS_IS_GUEST_WINDOW (self), FALSE);
    g_return_val_if_fail (path != NULL, FALSE);

    if (self->console_state != DOMUS_CONSOLE_STATE_CONNECTED ||
        (pixbuf = vnc_display_get_pixbuf (self->display)) == NULL) {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                             _("The console is not connected: there is no screen to save."));
        return FALSE;
    }
    return gdk_pixbuf_save (pixbuf, path, "png", error, NULL);
}

/* ---- object -------------------------------------------------------------- */

static void
domus_guest_window_dispose (GObject *object)
{
    DomusGuestWindow *self = DOMUS_GUEST_WINDOW (object);

    if (self->cancellable != NULL) {
        /* The connection's last signals (queued on the main loop) would
         * reach a display that is no longer realized, which gtk-vnc 1.3
         * does not expect: detach it from them, then close. */
        g_signal_handlers_disconnect_matched (vnc_display_get_connection (self->display),
                                              G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                              self->display);
        domus_guest_window_disconnect (self);
        g_cancellable_cancel (self->cancellable);
        g_clear_object (&self->cancellable);
    }
    if (self->serial != NULL)
        domus_serial_console_close (self->serial);
    g_clear_object (&self->serial);
    g_clear_object (&self->tunnel);
    if (self->domain != NULL)
        g_signal_handlers_disconnect_by_data (self->domain, self);
    if (self->conn != NULL)
        g_signal_handlers_disconnect_by_data (self->conn, self);
    g_clear_object (&self->domain);
    g_clear_object (&self->conn);
    g_clear_object (&self->settings);

    G_OBJECT_CLASS (domus_guest_window_parent_class)->dispose (object);
}

static void
domus_guest_window_finalize (GObject *object)
{
    DomusGuestWindow *self = DOMUS_GUEST_WINDOW (object);

    g_free (self->message);
    g_free (self->last_error);
    g_free (self->auth_failure);
    g_string_free (self->tunnel_stderr, TRUE);

    G_OBJECT_CLASS (domus_guest_window_parent_class)->finalize (object);
}

static void
domus_guest_window_class_init (DomusGuestWindowClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = domus_guest_window_dispose;
    object_class->finalize = domus_guest_window_finalize;

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/domusvm/Domus/domus-guest-window.ui");
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, header_bar);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, pages);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, console_stack);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, scroller);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, spinner);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, message_title);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, message_label);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, start_button);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, fullscreen_toolbar);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, serial_box);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, serial_status);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, status_label);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, grab_hint);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, password_bar);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, password_label);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, password_entry);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, remember_check);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, menu_button);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, function_keys_section);
    gtk_widget_class_bind_template_callback (widget_class, password_activate_cb);
}

static void
domus_guest_window_init (DomusGuestWindow *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));

    self->cancellable = g_cancellable_new ();
    self->tunnel_stderr = g_string_new (NULL);
    self->last_state = DOMUS_DOMAIN_STATE_NOSTATE;

    for (guint i = 1; i <= 12; i++) {
        /* Translators: a key combination sent to the guest; %u is 1 to 12 */
        g_autofree char *label = g_strdup_printf (_("Ctrl+Alt+F%u"), i);
        g_autofree char *detailed = g_strdup_printf ("win.send-key::ctrl-alt-f%u", i);

        g_menu_append (self->function_keys_section, label, detailed);
    }

    self->display = VNC_DISPLAY (vnc_display_new ());
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->display)),
                         _("Guest screen"));
    atk_object_set_description (gtk_widget_get_accessible (GTK_WIDGET (self->display)),
                                _("Keys go to the guest; Shift+F12 leaves the screen"));
    gtk_widget_set_hexpand (GTK_WIDGET (self->display), TRUE);
    gtk_widget_set_vexpand (GTK_WIDGET (self->display), TRUE);
    vnc_display_set_pointer_grab (self->display, TRUE);
    vnc_display_set_keyboard_grab (self->display, TRUE);
    gtk_container_add (GTK_CONTAINER (self->scroller), GTK_WIDGET (self->display));
    gtk_widget_show (GTK_WIDGET (self->display));

    g_signal_connect_object (self->display, "vnc-initialized",
                             G_CALLBACK (vnc_initialized_cb), self, 0);
    g_signal_connect_object (self->display, "vnc-disconnected",
                             G_CALLBACK (vnc_disconnected_cb), self, 0);
    g_signal_connect_object (self->display, "vnc-error", G_CALLBACK (vnc_error_cb), self, 0);
    g_signal_connect_object (self->display, "vnc-auth-credential",
                             G_CALLBACK (vnc_auth_credential_cb), self, 0);
    g_signal_connect_object (self->display, "vnc-auth-failure",
                             G_CALLBACK (vnc_auth_failure_cb), self, 0);
    g_signal_connect_object (self->display, "vnc-pointer-grab", G_CALLBACK (vnc_grab_cb),
                             self, 0);
    g_signal_connect_object (self->display, "vnc-keyboard-grab", G_CALLBACK (vnc_grab_cb),
                             self, 0);
    g_signal_connect_object (self->display, "vnc-pointer-ungrab", G_CALLBACK (vnc_ungrab_cb),
                             self, 0);
    g_signal_connect_object (self->display, "vnc-keyboard-ungrab", G_CALLBACK (vnc_ungrab_cb),
                             self, 0);
    g_signal_connect (self, "key-press-event", G_CALLBACK (key_press_cb), self);
    domus_guest_window_add_actions (self);
}

static DomusGuestWindow *
domus_guest_window_new (DomusApplication *app, DomusConnection *conn, DomusDomain *domain)
{
    DomusGuestWindow *self = g_object_new (DOMUS_TYPE_GUEST_WINDOW, "application", app, NULL);

    self->conn = g_object_ref (conn);
    self->domain = g_object_ref (domain);
    self->settings = g_object_ref (domus_application_get_settings (app));
    /* Known once the target is read; a serial console is common enough
     * that the page is there until then. */
    gtk_widget_set_visible (GTK_WIDGET (self->serial_box), TRUE);

    domus_guest_window_restore_scaling (self);

    g_signal_connect_object (domain, "notify::state", G_CALLBACK (domain_state_cb), self, 0);
    g_signal_connect_object (domain, "notify::name", G_CALLBACK (names_changed_cb), self, 0);
    g_signal_connect_object (domain, "notify::activity", G_CALLBACK (domain_flags_cb), self, 0);
    g_signal_connect_object (domain, "notify::has-managed-save", G_CALLBACK (domain_flags_cb),
                             self, 0);
    g_signal_connect_object (domain, "notify::autostart", G_CALLBACK (domain_flags_cb), self, 0);
    g_signal_connect_object (domus_connection_get_domains (conn), "items-changed",
                             G_CALLBACK (domains_changed_cb), self, 0);
    g_signal_connect_object (conn, "notify::display-name", G_CALLBACK (names_changed_cb),
                             self, 0);
    domain_state_cb (domain, NULL, self);
    return self;
}

DomusGuestWindow *
domus_guest_window_present (DomusApplication *app, DomusConnection *conn, DomusDomain *domain)
{
    DomusGuestWindow *window = NULL;

    g_return_val_if_fail (DOMUS_IS_APPLICATION (app), NULL);
    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);
    g_return_val_if_fail (DOMUS_IS_DOMAIN (domain), NULL);

    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next) {
        if (DOMUS_IS_GUEST_WINDOW (l->data) && DOMUS_GUEST_WINDOW (l->data)->domain == domain) {
            window = l->data;
            break;
        }
    }
    if (window == NULL)
        window = domus_guest_window_new (app, conn, domain);
    gtk_window_present (GTK_WINDOW (window));
    return window;
}

/* ---- --console NAME ------------------------------------------------------- */

typedef struct {
    DomusApplication *app;
    DomusConnection *conn;
    char *name;
    gulong handler;
} PendingOpen;

static void
pending_open_free (gpointer data, GClosure *closure)
{
    PendingOpen *p = data;

    g_free (p->name);
    g_free (p);
}

static void
pending_domains_changed_cb (GListModel *domains, guint position, guint removed,
                            guint added, PendingOpen *p)
{
    DomusDomain *domain = domus_connection_find_domain_by_name (p->conn, p->name);

    if (domain == NULL)
        return;
    domus_guest_window_present (p->app, p->conn, domain);
    g_signal_handler_disconnect (domains, p->handler);   /* frees p */
}

void
domus_guest_window_open_when_listed (DomusApplication *app, DomusConnection *conn,
                                     const char *name)
{
    GListModel *domains;
    DomusDomain *domain;
    PendingOpen *p;

    g_return_if_fail (DOMUS_IS_APPLICATION (app));
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (name != NULL);

    domains = domus_connection_get_domains (conn);
    domain = domus_connection_find_domain_by_name (conn, name);
    if (domain != NULL) {
        domus_guest_window_present (app, conn, domain);
        return;
    }
    p = g_new0 (PendingOpen, 1);
    /* Neither is held: the application owns the connection, which owns
     * the list, which owns this handler. */
    p->app = app;
    p->conn = conn;
    p->name = g_strdup (name);
    p->handler = g_signal_connect_data (domains, "items-changed",
                                        G_CALLBACK (pending_domains_changed_cb), p,
                                        pending_open_free, 0);
}
