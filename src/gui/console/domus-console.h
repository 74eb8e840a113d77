/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusConsole: one of a guest's consoles as a page of the guest window,
 * whatever its protocol. It shows a status page (connecting, why not, "not
 * running" with Start) until its content (a screen, a terminal) has
 * something to show, reaches a graphical display the way core's console
 * target says (libvirt's fd, an SSH tunnel, a socket), asks for a display
 * password (the keyring first), and says when it needs a fresh target.
 * Subclasses speak one protocol each (domus-console-vnc, the serial page in
 * domus-console-serial) and register by libvirt's graphics type, so the
 * window never names a protocol. No libvirt call here; nothing waits.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"
#include "domus-domain-console.h"
#include "domus-secret.h"

G_BEGIN_DECLS

typedef enum {
    DOMUS_CONSOLE_STATE_IDLE,         /* guest not running */
    DOMUS_CONSOLE_STATE_CONNECTING,
    DOMUS_CONSOLE_STATE_CONNECTED,    /* the guest's screen is shown */
    DOMUS_CONSOLE_STATE_FAILED,       /* see domus_console_get_message() */
} DomusConsoleState;

#define DOMUS_TYPE_CONSOLE_STATE (domus_console_state_get_type ())
GType domus_console_state_get_type (void);

#define DOMUS_TYPE_CONSOLE (domus_console_get_type ())
G_DECLARE_DERIVABLE_TYPE (DomusConsole, domus_console, DOMUS, CONSOLE, GtkBox)

struct _DomusConsoleClass {
    GtkBoxClass parent_class;

    /* What the "not running" page asks for ("Start the guest to see its
     * screen."), translated. */
    const char *start_hint;
    /* Where a display password is remembered (its item is the guest's UUID). */
    DomusSecretKind secret_kind;

    /* Starts as TARGET says. The default reaches a graphical display (fd,
     * tunnel or socket) and hands the connection to open_fd. */
    void       (*open)         (DomusConsole *self,
                                DomusDomainConsole *target);
    /* Speaks the protocol on FD, now the console's; FALSE when it cannot
     * (FD is then closed for it). */
    gboolean   (*open_fd)      (DomusConsole *self,
                                int fd);
    /* Ends the protocol's side quietly: no state change, no message. */
    void       (*close)        (DomusConsole *self);
    /* The password the user typed, or the keyring gave. */
    void       (*set_password) (DomusConsole *self,
                                const char *password);
    GdkPixbuf *(*get_pixbuf)   (DomusConsole *self);
    void       (*send_keys)    (DomusConsole *self,
                                const guint *keyvals,
                                guint n_keyvals);
    void       (*set_scaling)  (DomusConsole *self,
                                gboolean fit);
    void       (*release_grab) (DomusConsole *self);
};

/* Signal "reopen" (): the connection ended and a new one needs a fresh
 * target (the display dropped after a reboot, or refused a password): the
 * holder looks one up again and calls domus_console_open(). */

/* Which console shows GRAPHICS (libvirt's <graphics type>, "vnc"), or the
 * first registered one for NULL; G_TYPE_INVALID for a type nobody shows. */
GType              domus_console_lookup_type      (const char *graphics);
void               domus_console_register_type    (const char *graphics,
                                                   GType type);
DomusConsole      *domus_console_new              (GType type,
                                                   DomusConnection *conn,
                                                   DomusDomain *domain);

DomusConnection   *domus_console_get_connection   (DomusConsole *self);
DomusDomain       *domus_console_get_domain       (DomusConsole *self);
DomusConsoleState  domus_console_get_state        (DomusConsole *self);
/* The status page's lines: title, text, and the detail in libvirt's words
 * when there is one (why not, or "not running"); NULL once connected. */
const char        *domus_console_get_message      (DomusConsole *self);
/* The widget that shows the guest and takes its keys, or NULL. */
GtkWidget         *domus_console_get_screen       (DomusConsole *self);
/* Whether the screen holds the keyboard and pointer. */
gboolean           domus_console_get_grabbed      (DomusConsole *self);

/* A new attempt: closes what is open and says it is connecting. */
void               domus_console_connecting       (DomusConsole *self);
void               domus_console_open             (DomusConsole *self,
                                                   DomusDomainConsole *target);
void               domus_console_fail             (DomusConsole *self,
                                                   const char *title,
                                                   const char *text);
/* Closes, and shows the guest is not running, with Start (win.start). */
void               domus_console_show_not_running (DomusConsole *self);
void               domus_console_set_restore      (DomusConsole *self,
                                                   gboolean restore);

/* For graphical consoles; a console without a screen does nothing. */
GdkPixbuf         *domus_console_get_pixbuf       (DomusConsole *self);
void               domus_console_send_keys        (DomusConsole *self,
                                                   const guint *keyvals,
                                                   guint n_keyvals);
void               domus_console_set_scaling      (DomusConsole *self,
                                                   gboolean fit);
void               domus_console_release_grab     (DomusConsole *self);

G_END_DECLS
