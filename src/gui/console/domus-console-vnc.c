/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The VNC console: gtk-vnc's VncDisplay in a scrolled window, opened on the
 * fd DomusConsole hands it. It turns gtk-vnc's signals into DomusConsole's
 * events (ready, closed, error, password wanted or refused, grab) and does
 * what only VNC knows: keys, screenshots, scaling. Its signals are
 * connected with g_signal_connect_object, as virt-viewer's VNC session
 * does, since the display may outlive the console's handlers.
 */
#include "config.h"

#include "domus-console-vnc.h"
#include "domus-console-private.h"

#include <glib/gi18n.h>
#include <gtk-vnc.h>

struct _DomusConsoleVnc {
    DomusConsole parent_instance;

    GtkScrolledWindow *scroller;
    VncDisplay *display;
    gboolean closing;                /* we closed the display ourselves */
};

G_DEFINE_FINAL_TYPE (DomusConsoleVnc, domus_console_vnc, DOMUS_TYPE_CONSOLE)

/* ---- gtk-vnc's signals ------------------------------------------------------- */

static void
vnc_initialized_cb (VncDisplay *display, DomusConsoleVnc *self)
{
    domus_console_display_ready (DOMUS_CONSOLE (self));
    gtk_widget_grab_focus (GTK_WIDGET (display));
}

static void
vnc_disconnected_cb (VncDisplay *display, DomusConsoleVnc *self)
{
    if (self->closing) {
        self->closing = FALSE;
        return;
    }
    domus_console_display_closed (DOMUS_CONSOLE (self));
}

static void
vnc_error_cb (VncDisplay *display, const char *message, DomusConsoleVnc *self)
{
    domus_console_display_error (DOMUS_CONSOLE (self), message);
}

static void
vnc_auth_credential_cb (VncDisplay *display, GValueArray *credentials, DomusConsoleVnc *self)
{
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    for (guint i = 0; i < credentials->n_values; i++) {
        int type = g_value_get_enum (g_value_array_get_nth (credentials, i));

        if (type == VNC_DISPLAY_CREDENTIAL_CLIENTNAME)
            vnc_display_set_credential (display, type, "domus");
        else if (type == VNC_DISPLAY_CREDENTIAL_PASSWORD)
            domus_console_ask_password (DOMUS_CONSOLE (self));
    }
    G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
vnc_auth_failure_cb (VncDisplay *display, const char *message, DomusConsoleVnc *self)
{
    domus_console_password_refused (DOMUS_CONSOLE (self), message);
}

static void
vnc_grab_cb (VncDisplay *display, DomusConsoleVnc *self)
{
    domus_console_set_grabbed (DOMUS_CONSOLE (self), TRUE);
}

static void
vnc_ungrab_cb (VncDisplay *display, DomusConsoleVnc *self)
{
    domus_console_set_grabbed (DOMUS_CONSOLE (self), FALSE);
}

/* ---- DomusConsole ------------------------------------------------------------- */

static gboolean
domus_console_vnc_open_fd (DomusConsole *console, int fd)
{
    DomusConsoleVnc *self = DOMUS_CONSOLE_VNC (console);

    /* gtk-vnc 1.3 reads its GdkWindow's size on framebuffer updates, even
     * while it sits on a page never shown (the serial page in front). */
    gtk_widget_realize (GTK_WIDGET (self->display));
    return vnc_display_open_fd (self->display, fd);
}

static void
domus_console_vnc_close (DomusConsole *console)
{
    DomusConsoleVnc *self = DOMUS_CONSOLE_VNC (console);

    if (self->display != NULL && vnc_display_is_open (self->display)) {
        self->closing = TRUE;
        vnc_display_close (self->display);
    }
}

static void
domus_console_vnc_set_password (DomusConsole *console, const char *password)
{
    DomusConsoleVnc *self = DOMUS_CONSOLE_VNC (console);

    vnc_display_set_credential (self->display, VNC_DISPLAY_CREDENTIAL_PASSWORD, password);
}

static GdkPixbuf *
domus_console_vnc_get_pixbuf (DomusConsole *console)
{
    DomusConsoleVnc *self = DOMUS_CONSOLE_VNC (console);

    return vnc_display_get_pixbuf (self->display);
}

static void
domus_console_vnc_send_keys (DomusConsole *console, const guint *keyvals, guint n_keyvals)
{
    DomusConsoleVnc *self = DOMUS_CONSOLE_VNC (console);

    vnc_display_send_keys (self->display, keyvals, (int) n_keyvals);
}

/* Fit (keeping the aspect) or 1:1 with scroll bars. */
static void
domus_console_vnc_set_scaling (DomusConsole *console, gboolean fit)
{
    DomusConsoleVnc *self = DOMUS_CONSOLE_VNC (console);
    GtkPolicyType policy = fit ? GTK_POLICY_NEVER : GTK_POLICY_AUTOMATIC;

    vnc_display_set_scaling (self->display, fit);
    vnc_display_set_keep_aspect_ratio (self->display, TRUE);
    gtk_scrolled_window_set_policy (self->scroller, policy, policy);
}

static void
domus_console_vnc_release_grab (DomusConsole *console)
{
    DomusConsoleVnc *self = DOMUS_CONSOLE_VNC (console);

    vnc_display_force_grab (self->display, FALSE);
}

/* ---- object --------------------------------------------------------------------- */

static void
domus_console_vnc_dispose (GObject *object)
{
    DomusConsoleVnc *self = DOMUS_CONSOLE_VNC (object);

    if (self->display != NULL) {
        /* The connection's last signals (queued on the main loop) would
         * reach a display that is no longer realized, which gtk-vnc 1.3
         * does not expect: detach it from them, then close. */
        g_signal_handlers_disconnect_matched (vnc_display_get_connection (self->display),
                                              G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                              self->display);
        domus_console_vnc_close (DOMUS_CONSOLE (self));
        g_clear_object (&self->display);
    }
    G_OBJECT_CLASS (domus_console_vnc_parent_class)->dispose (object);
}

static void
domus_console_vnc_class_init (DomusConsoleVncClass *klass)
{
    DomusConsoleClass *console_class = DOMUS_CONSOLE_CLASS (klass);

    G_OBJECT_CLASS (klass)->dispose = domus_console_vnc_dispose;

    console_class->start_hint = _("Start the guest to see its screen.");
    console_class->secret_kind = DOMUS_SECRET_VNC;
    console_class->open_fd = domus_console_vnc_open_fd;
    console_class->close = domus_console_vnc_close;
    console_class->set_password = domus_console_vnc_set_password;
    console_class->get_pixbuf = domus_console_vnc_get_pixbuf;
    console_class->send_keys = domus_console_vnc_send_keys;
    console_class->set_scaling = domus_console_vnc_set_scaling;
    console_class->release_grab = domus_console_vnc_release_grab;
}

static void
domus_console_vnc_init (DomusConsoleVnc *self)
{
    GtkWidget *display = vnc_display_new ();

    /* Held apart from the container, to detach it in dispose. */
    self->display = VNC_DISPLAY (g_object_ref_sink (display));
    atk_object_set_name (gtk_widget_get_accessible (display), _("Guest screen"));
    atk_object_set_description (gtk_widget_get_accessible (display),
                                _("Keys go to the guest; Shift+F12 leaves the screen"));
    gtk_widget_set_hexpand (display, TRUE);
    gtk_widget_set_vexpand (display, TRUE);
    vnc_display_set_pointer_grab (self->display, TRUE);
    vnc_display_set_keyboard_grab (self->display, TRUE);

    self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new (NULL, NULL));
    gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_NEVER);
    gtk_widget_set_vexpand (GTK_WIDGET (self->scroller), TRUE);
    gtk_container_add (GTK_CONTAINER (self->scroller), display);
    gtk_widget_show (display);
    domus_console_set_content (DOMUS_CONSOLE (self), GTK_WIDGET (self->scroller), display);

    g_signal_connect_object (display, "vnc-initialized", G_CALLBACK (vnc_initialized_cb),
                             self, 0);
    g_signal_connect_object (display, "vnc-disconnected", G_CALLBACK (vnc_disconnected_cb),
                             self, 0);
    g_signal_connect_object (display, "vnc-error", G_CALLBACK (vnc_error_cb), self, 0);
    g_signal_connect_object (display, "vnc-auth-credential",
                             G_CALLBACK (vnc_auth_credential_cb), self, 0);
    g_signal_connect_object (display, "vnc-auth-failure", G_CALLBACK (vnc_auth_failure_cb),
                             self, 0);
    g_signal_connect_object (display, "vnc-pointer-grab", G_CALLBACK (vnc_grab_cb), self, 0);
    g_signal_connect_object (display, "vnc-keyboard-grab", G_CALLBACK (vnc_grab_cb), self, 0);
    g_signal_connect_object (display, "vnc-pointer-ungrab", G_CALLBACK (vnc_ungrab_cb),
                             self, 0);
    g_signal_connect_object (display, "vnc-keyboard-ungrab", G_CALLBACK (vnc_ungrab_cb),
                             self, 0);
}
