/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The serial page: once the console target says the guest has a serial or
 * console device, a VTE terminal shows what DomusSerialConsole receives and
 * sends back what is typed; a line above it says why the stream closed.
 * The stream opens and closes on the host's worker; nothing here waits.
 */
#include "config.h"

#include "domus-console-serial.h"
#include "domus-console-private.h"

#include <glib/gi18n.h>
#include <vte/vte.h>

struct _DomusConsoleSerial {
    DomusConsole parent_instance;

    DomusSerialConsole *stream;
    GtkWidget *terminal;
    GtkLabel *status;
};

G_DEFINE_FINAL_TYPE (DomusConsoleSerial, domus_console_serial, DOMUS_TYPE_CONSOLE)

static void
stream_opened_cb (DomusSerialConsole *stream, DomusConsoleSerial *self)
{
    gtk_widget_hide (GTK_WIDGET (self->status));
    domus_console_set_state (DOMUS_CONSOLE (self), DOMUS_CONSOLE_STATE_CONNECTED);
}

static void
stream_received_cb (DomusSerialConsole *stream, GBytes *bytes, DomusConsoleSerial *self)
{
    gsize len;
    const char *data = g_bytes_get_data (bytes, &len);

    vte_terminal_feed (VTE_TERMINAL (self->terminal), data, (gssize) len);
}

/* What the terminal showed stays; the line above says why it stopped. */
static void
stream_closed_cb (DomusSerialConsole *stream, const char *reason, DomusConsoleSerial *self)
{
    gtk_label_set_text (self->status,
                        reason != NULL ? reason : _("The serial console is closed."));
    gtk_widget_show (GTK_WIDGET (self->status));
    domus_console_set_state (DOMUS_CONSOLE (self), DOMUS_CONSOLE_STATE_FAILED);
}

static void
terminal_commit_cb (VteTerminal *terminal, const char *text, guint size,
                    DomusConsoleSerial *self)
{
    domus_serial_console_send (self->stream, text, size);
}

static void
ensure_terminal (DomusConsoleSerial *self)
{
    DomusConsole *console = DOMUS_CONSOLE (self);
    GtkWidget *box;

    if (self->stream == NULL) {
        self->stream = domus_serial_console_new (
            domus_console_get_connection (console),
            domus_domain_get_uuid (domus_console_get_domain (console)));
        g_signal_connect_object (self->stream, "opened", G_CALLBACK (stream_opened_cb),
                                 self, 0);
        g_signal_connect_object (self->stream, "received", G_CALLBACK (stream_received_cb),
                                 self, 0);
        g_signal_connect_object (self->stream, "closed", G_CALLBACK (stream_closed_cb),
                                 self, 0);
    }
    if (self->terminal != NULL)
        return;
    box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    self->status = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_xalign (self->status, 0);
    gtk_label_set_line_wrap (self->status, TRUE);
    gtk_label_set_selectable (self->status, TRUE);
    g_object_set (self->status, "margin", 6, NULL);
    gtk_container_add (GTK_CONTAINER (box), GTK_WIDGET (self->status));
    self->terminal = vte_terminal_new ();
    gtk_widget_set_vexpand (self->terminal, TRUE);
    atk_object_set_name (gtk_widget_get_accessible (self->terminal), _("Serial console"));
    g_signal_connect_object (self->terminal, "commit", G_CALLBACK (terminal_commit_cb),
                             self, 0);
    gtk_container_add (GTK_CONTAINER (box), self->terminal);
    gtk_widget_show (self->terminal);
    domus_console_set_content (console, box, self->terminal);
}

/* ---- DomusConsole ------------------------------------------------------------- */

static void
domus_console_serial_open (DomusConsole *console, DomusDomainConsole *target)
{
    DomusConsoleSerial *self = DOMUS_CONSOLE_SERIAL (console);

    if (!target->has_serial) {
        domus_console_fail (console, _("No serial console"),
                            _("This guest has no serial or console device."));
        return;
    }
    ensure_terminal (self);
    domus_console_show_content (console);
    if (!domus_serial_console_is_open (self->stream))
        domus_console_set_state (console, DOMUS_CONSOLE_STATE_CONNECTING);
    domus_serial_console_open (self->stream);
}

static void
domus_console_serial_close (DomusConsole *console)
{
    DomusConsoleSerial *self = DOMUS_CONSOLE_SERIAL (console);

    if (self->stream != NULL)
        domus_serial_console_close (self->stream);
}

/* ---- public --------------------------------------------------------------------- */

GtkWidget *
domus_console_serial_get_terminal (DomusConsoleSerial *self)
{
    g_return_val_if_fail (DOMUS_IS_CONSOLE_SERIAL (self), NULL);
    return self->terminal;
}

DomusSerialConsole *
domus_console_serial_get_stream (DomusConsoleSerial *self)
{
    g_return_val_if_fail (DOMUS_IS_CONSOLE_SERIAL (self), NULL);
    return self->stream;
}

gboolean
domus_console_serial_is_open (DomusConsoleSerial *self)
{
    g_return_val_if_fail (DOMUS_IS_CONSOLE_SERIAL (self), FALSE);
    return self->stream != NULL && domus_serial_console_is_open (self->stream);
}

/* ---- object --------------------------------------------------------------------- */

static void
domus_console_serial_dispose (GObject *object)
{
    DomusConsoleSerial *self = DOMUS_CONSOLE_SERIAL (object);

    if (self->stream != NULL) {
        domus_serial_console_close (self->stream);
        g_clear_object (&self->stream);
    }
    G_OBJECT_CLASS (domus_console_serial_parent_class)->dispose (object);
}

static void
domus_console_serial_class_init (DomusConsoleSerialClass *klass)
{
    DomusConsoleClass *console_class = DOMUS_CONSOLE_CLASS (klass);

    G_OBJECT_CLASS (klass)->dispose = domus_console_serial_dispose;

    console_class->start_hint = _("Start the guest to use its serial console.");
    console_class->open = domus_console_serial_open;
    console_class->close = domus_console_serial_close;
}

static void
domus_console_serial_init (DomusConsoleSerial *self)
{
}
