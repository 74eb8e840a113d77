/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The part of every console that is not its protocol: the status page, the
 * way to a graphical display (a DomusConsoleTransport, as core's console
 * target decides), the password bar with the keyring behind it, what to say
 * when the display closes, and when to ask for a fresh target. The registry
 * maps libvirt's graphics types to the subclasses that show them. Nothing
 * here calls libvirt or waits.
 */
#include "config.h"

#include "domus-console-private.h"

#include <unistd.h>

#include <glib/gi18n.h>

#include "domus-console-transport.h"

#define RECONNECT_DELAY_MS 1000

typedef struct {
    DomusConnection *conn;
    DomusDomain *domain;
    GCancellable *cancellable;       /* this attempt's lookups and sockets */

    DomusConsoleState state;
    char *message;
    char *last_error;                /* the display's own words */
    char *fd_error;                  /* why libvirt gave no fd: the detail */
    char *auth_failure;              /* the password was refused: why */
    gboolean was_ready;              /* this attempt showed the guest */
    gboolean asked_keyring;
    gboolean grabbed;
    guint reopen_id;

    DomusConsoleTransport *transport;

    GtkWidget *screen;

    /* template */
    GtkInfoBar *password_bar;
    GtkLabel *password_label;
    GtkEntry *password_entry;
    GtkToggleButton *remember_check;
    GtkStack *stack;
    GtkSpinner *spinner;
    GtkLabel *status_title;
    GtkLabel *status_text;
    GtkLabel *status_detail;
    GtkWidget *start_button;
    GtkBox *content_box;
} DomusConsolePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (DomusConsole, domus_console, GTK_TYPE_BOX)

G_DEFINE_ENUM_TYPE (DomusConsoleState, domus_console_state,
                    G_DEFINE_ENUM_VALUE (DOMUS_CONSOLE_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (DOMUS_CONSOLE_STATE_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (DOMUS_CONSOLE_STATE_CONNECTED, "connected"),
                    G_DEFINE_ENUM_VALUE (DOMUS_CONSOLE_STATE_FAILED, "failed"))

enum {
    PROP_0,
    PROP_CONNECTION,
    PROP_DOMAIN,
    PROP_STATE,
    PROP_GRABBED,
    N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
    SIGNAL_REOPEN,
    N_SIGNALS
};

static guint signals [N_SIGNALS];

/* ---- the registry ---------------------------------------------------------- */

typedef struct {
    char *graphics;
    GType type;
} Registration;

static GArray *registry;

void
domus_console_register_type (const char *graphics, GType type)
{
    Registration r;

    g_return_if_fail (graphics != NULL);
    g_return_if_fail (g_type_is_a (type, DOMUS_TYPE_CONSOLE));

    if (domus_console_lookup_type (graphics) == type)
        return;
    if (registry == NULL)
        registry = g_array_new (FALSE, FALSE, sizeof (Registration));
    r.graphics = g_strdup (graphics);
    r.type = type;
    g_array_append_val (registry, r);
}

GType
domus_console_lookup_type (const char *graphics)
{
    if (registry == NULL || registry->len == 0)
        return G_TYPE_INVALID;
    if (graphics == NULL)
        return g_array_index (registry, Registration, 0).type;
    for (guint i = 0; i < registry->len; i++) {
        const Registration *r = &g_array_index (registry, Registration, i);

        if (g_str_equal (r->graphics, graphics))
            return r->type;
    }
    return G_TYPE_INVALID;
}

DomusConsole *
domus_console_new (GType type, DomusConnection *conn, DomusDomain *domain)
{
    g_return_val_if_fail (g_type_is_a (type, DOMUS_TYPE_CONSOLE), NULL);
    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);
    g_return_val_if_fail (DOMUS_IS_DOMAIN (domain), NULL);

    return g_object_new (type, "connection", conn, "domain", domain, NULL);
}

/* ---- what the page shows ---------------------------------------------------- */

/* TITLE, then TEXT in Domus's words, then DETAIL (libvirt's own message,
 * say) smaller below it. */
static void
set_status (DomusConsole *self, const char *title, const char *text, const char *detail,
            gboolean busy, gboolean start)
{
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);
    GString *message = g_string_new (title);

    if (text != NULL)
        g_string_append_printf (message, "\n%s", text);
    if (detail != NULL)
        g_string_append_printf (message, "\n%s", detail);
    g_free (priv->message);
    priv->message = g_string_free (message, FALSE);
    gtk_label_set_text (priv->status_title, title);
    gtk_label_set_text (priv->status_text, text != NULL ? text : "");
    gtk_widget_set_visible (GTK_WIDGET (priv->status_text), text != NULL);
    gtk_label_set_text (priv->status_detail, detail != NULL ? detail : "");
    gtk_widget_set_visible (GTK_WIDGET (priv->status_detail), detail != NULL);
    gtk_widget_set_visible (GTK_WIDGET (priv->spinner), busy);
    if (busy)
        gtk_spinner_start (priv->spinner);
    else
        gtk_spinner_stop (priv->spinner);
    gtk_widget_set_visible (priv->start_button, start);
    gtk_stack_set_visible_child_name (priv->stack, "status");
}

void
domus_console_show_content (DomusConsole *self)
{
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);

    g_clear_pointer (&priv->message, g_free);
    gtk_stack_set_visible_child_name (priv->stack, "content");
}

void
domus_console_set_state (DomusConsole *self, DomusConsoleState state)
{
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);

    if (state != DOMUS_CONSOLE_STATE_CONNECTED)
        domus_console_set_grabbed (self, FALSE);
    if (priv->state == state)
        return;
    priv->state = state;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
domus_console_set_content (DomusConsole *self, GtkWidget *content, GtkWidget *screen)
{
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);

    gtk_container_add (GTK_CONTAINER (priv->content_box), content);
    gtk_widget_show (content);
    priv->screen = screen;
}

void
domus_console_set_grabbed (DomusConsole *self, gboolean grabbed)
{
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);

    if (priv->grabbed == grabbed)
        return;
    priv->grabbed = grabbed;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRABBED]);
}

static void
fail_with_detail (DomusConsole *self, const char *title, const char *text, const char *detail)
{
    set_status (self, title, text, detail, FALSE, FALSE);
    domus_console_set_state (self, DOMUS_CONSOLE_STATE_FAILED);
}

void
domus_console_fail (DomusConsole *self, const char *title, const char *text)
{
    g_return_if_fail (DOMUS_IS_CONSOLE (self));
    g_return_if_fail (title != NULL);

    fail_with_detail (self, title, text, NULL);
}

/* ---- closing ---------------------------------------------------------------- */

/* Ends this attempt: its lookups, the protocol, the tunnel. */
static void
close_console (DomusConsole *self)
{
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);

    g_cancellable_cancel (priv->cancellable);
    g_clear_object (&priv->cancellable);
    priv->cancellable = g_cancellable_new ();
    g_clear_handle_id (&priv->reopen_id, g_source_remove);
    DOMUS_CONSOLE_GET_CLASS (self)->close (self);
    domus_console_transport_close (priv->transport);
    gtk_widget_hide (GTK_WIDGET (priv->password_bar));
}

void
domus_console_connecting (DomusConsole *self)
{
    DomusConsolePrivate *priv;

    g_return_if_fail (DOMUS_IS_CONSOLE (self));

    priv = domus_console_get_instance_private (self);
    close_console (self);
    priv->was_ready = FALSE;
    set_status (self, _("Connecting to the console…"), NULL, NULL, TRUE, FALSE);
    domus_console_set_state (self, DOMUS_CONSOLE_STATE_CONNECTING);
}

void
domus_console_show_not_running (DomusConsole *self)
{
    DomusConsolePrivate *priv;
    g_autofree char *title = NULL;

    g_return_if_fail (DOMUS_IS_CONSOLE (self));

    priv = domus_console_get_instance_private (self);
    close_console (self);
    /* Translators: %s is the guest's name */
    title = g_strdup_printf (_("“%s” is not running"), domus_domain_get_name (priv->domain));
    set_status (self, title, DOMUS_CONSOLE_GET_CLASS (self)->start_hint, NULL, FALSE, TRUE);
    domus_console_set_state (self, DOMUS_CONSOLE_STATE_IDLE);
}

/* The "not running" page's button: Start, or Restore for a guest with a
 * saved state (the window knows which of its actions is enabled). */
void
domus_console_set_restore (DomusConsole *self, gboolean restore)
{
    DomusConsolePrivate *priv;
    const char *action = restore ? "win.restore" : "win.start";

    g_return_if_fail (DOMUS_IS_CONSOLE (self));

    priv = domus_console_get_instance_private (self);
    if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (priv->start_button)),
                   action) == 0)
        return;
    gtk_actionable_set_action_name (GTK_ACTIONABLE (priv->start_button), action);
    gtk_button_set_label (GTK_BUTTON (priv->start_button), restore ? _("_Restore") : _("_Start"));
}

/* ---- the display's events --------------------------------------------------- */

void
domus_console_display_ready (DomusConsole *self)
{
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);

    priv->was_ready = TRUE;
    gtk_widget_hide (GTK_WIDGET (priv->password_bar));
    domus_console_show_content (self);
    domus_console_set_state (self, DOMUS_CONSOLE_STATE_CONNECTED);
}

static gboolean
reopen_cb (gpointer user_data)
{
    DomusConsole *self = user_data;
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);

    priv->reopen_id = 0;
    g_signal_emit (self, signals[SIGNAL_REOPEN], 0);
    return G_SOURCE_REMOVE;
}

/* The display closed before it showed anything: why, in ssh's words when
 * the tunnel said something, else the display's. */
static void
explained_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusConsole) self = user_data;
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);
    g_autofree char *ssh = domus_console_transport_explain_finish (
        DOMUS_CONSOLE_TRANSPORT (source), result);

    if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
        return;
    if (ssh != NULL) {
        /* Translators: %s is ssh's own error message */
        g_autofree char *text = g_strdup_printf (_("The SSH tunnel to the host failed: %s"),
                                                 ssh);

        domus_console_fail (self, _("Cannot connect to the console"), text);
        return;
    }
    fail_with_detail (self, _("Cannot connect to the console"),
                      priv->last_error != NULL ? priv->last_error
                                               : _("The guest’s display closed the connection."),
                      priv->fd_error);
}

void
domus_console_display_closed (DomusConsole *self)
{
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);

    if (priv->was_ready) {
        /* The guest rebooted, was reset, or went off: try again shortly,
         * once its state has caught up. */
        priv->was_ready = FALSE;
        set_status (self, _("The console was disconnected"), _("Reconnecting…"), NULL, TRUE,
                    FALSE);
        domus_console_set_state (self, DOMUS_CONSOLE_STATE_CONNECTING);
        g_clear_handle_id (&priv->reopen_id, g_source_remove);
        priv->reopen_id = g_timeout_add (RECONNECT_DELAY_MS, reopen_cb, self);
        return;
    }
    if (priv->state == DOMUS_CONSOLE_STATE_FAILED)
        return;
    if (priv->auth_failure != NULL) {
        g_signal_emit (self, signals[SIGNAL_REOPEN], 0);   /* and ask again */
        return;
    }
    domus_console_transport_explain_async (priv->transport, priv->cancellable, explained_cb,
                                           g_object_ref (self));
}

void
domus_console_display_error (DomusConsole *self, const char *message)
{
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);

    g_free (priv->last_error);
    priv->last_error = g_strdup (message);
}

/* ---- passwords -------------------------------------------------------------- */

static void
store_secret_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;

    if (!domus_secret_store_finish (result, &error) &&
        !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not remember the display password: %s", error->message);
}

static void
password_activate_cb (GtkWidget *widget, DomusConsole *self)
{
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);
    const char *password = gtk_entry_get_text (priv->password_entry);

    if (gtk_toggle_button_get_active (priv->remember_check)) {
        /* Translators: the keyring item's label; %s is the guest's name */
        g_autofree char *label = g_strdup_printf (_("VNC password of %s"),
                                                  domus_domain_get_name (priv->domain));

        domus_secret_store_async (DOMUS_CONSOLE_GET_CLASS (self)->secret_kind,
                                  domus_connection_get_uri (priv->conn),
                                  domus_domain_get_uuid (priv->domain), label, password,
                                  NULL, store_secret_done_cb, NULL);
    }
    DOMUS_CONSOLE_GET_CLASS (self)->set_password (self, password);
    gtk_entry_set_text (priv->password_entry, "");
    gtk_widget_hide (GTK_WIDGET (priv->password_bar));
}

static void
show_password_bar (DomusConsole *self, const char *why)
{
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);

    if (why == NULL)
        why = _("The guest’s display asks for a _password");
    gtk_label_set_text_with_mnemonic (priv->password_label, why);
    gtk_widget_show (GTK_WIDGET (priv->password_bar));
    gtk_widget_grab_focus (GTK_WIDGET (priv->password_entry));
}

static void
lookup_secret_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusConsole) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *secret = domus_secret_lookup_finish (result, &error);

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
        gtk_widget_in_destruction (GTK_WIDGET (self)))
        return;
    if (secret != NULL)
        DOMUS_CONSOLE_GET_CLASS (self)->set_password (self, secret);
    else
        show_password_bar (self, NULL);
}

void
domus_console_ask_password (DomusConsole *self)
{
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);

    /* The keyring first, once per console; then the user. */
    if (!priv->asked_keyring) {
        priv->asked_keyring = TRUE;
        domus_secret_lookup_async (DOMUS_CONSOLE_GET_CLASS (self)->secret_kind,
                                   domus_connection_get_uri (priv->conn),
                                   domus_domain_get_uuid (priv->domain), priv->cancellable,
                                   lookup_secret_done_cb, g_object_ref (self));
        return;
    }
    show_password_bar (self, priv->auth_failure);
    g_clear_pointer (&priv->auth_failure, g_free);
}

static void
clear_secret_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    domus_secret_clear_finish (result, NULL);
}

void
domus_console_password_refused (DomusConsole *self, const char *reason)
{
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);

    /* A remembered password that no longer works is forgotten. */
    domus_secret_clear_async (DOMUS_CONSOLE_GET_CLASS (self)->secret_kind,
                              domus_connection_get_uri (priv->conn),
                              domus_domain_get_uuid (priv->domain), NULL,
                              clear_secret_done_cb, NULL);
    /* The display closes the connection; the next attempt asks the user,
     * saying why. Translators: %s is the display server's reason */
    g_free (priv->auth_failure);
    priv->auth_failure = g_strdup_printf (_("The guest’s display refused the _password: %s"),
                                          reason);
    priv->asked_keyring = TRUE;
}

/* ---- reaching a graphical display ---------------------------------------------- */

static void
transport_opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusConsole) self = user_data;
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);
    g_autoptr(GError) error = NULL;
    int fd = domus_console_transport_open_finish (DOMUS_CONSOLE_TRANSPORT (source), result,
                                                  &error);

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    if (fd < 0) {
        fail_with_detail (self, _("Cannot connect to the console"), error->message,
                          priv->fd_error);
        return;
    }
    priv->was_ready = FALSE;
    if (!DOMUS_CONSOLE_GET_CLASS (self)->open_fd (self, fd)) {
        close (fd);
        domus_console_fail (self, _("Cannot connect to the console"),
                            _("The display could not be opened on the connection."));
    }
}

static const char *
problem_title (DomusDomainConsoleProblem problem)
{
    switch (problem) {
    case DOMUS_DOMAIN_CONSOLE_PROBLEM_NO_GRAPHICS:
        return _("No graphical console");
    case DOMUS_DOMAIN_CONSOLE_PROBLEM_SPICE_ONLY:
        return _("SPICE display only");
    case DOMUS_DOMAIN_CONSOLE_PROBLEM_NOT_LISTENING:
    case DOMUS_DOMAIN_CONSOLE_PROBLEM_UNREACHABLE:
    case DOMUS_DOMAIN_CONSOLE_PROBLEM_NONE:
    default:
        return _("Cannot connect to the console");
    }
}

static void
domus_console_real_open (DomusConsole *self, DomusDomainConsole *target)
{
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);

    if (target->method == DOMUS_DOMAIN_CONSOLE_METHOD_NONE) {
        domus_console_fail (self, problem_title (target->problem), target->message);
        return;
    }
    /* Where libvirt gave no fd, its reason is the detail of whatever
     * fails next. */
    g_clear_pointer (&priv->last_error, g_free);
    g_free (priv->fd_error);
    priv->fd_error = g_strdup (target->fd_error);
    domus_console_transport_open_async (priv->transport, target, priv->cancellable,
                                        transport_opened_cb, g_object_ref (self));
}

void
domus_console_open (DomusConsole *self, DomusDomainConsole *target)
{
    g_return_if_fail (DOMUS_IS_CONSOLE (self));
    g_return_if_fail (target != NULL);

    DOMUS_CONSOLE_GET_CLASS (self)->open (self, target);
}

/* ---- public ------------------------------------------------------------------ */

DomusConnection *
domus_console_get_connection (DomusConsole *self)
{
    DomusConsolePrivate *priv;

    g_return_val_if_fail (DOMUS_IS_CONSOLE (self), NULL);
    priv = domus_console_get_instance_private (self);
    return priv->conn;
}

DomusDomain *
domus_console_get_domain (DomusConsole *self)
{
    DomusConsolePrivate *priv;

    g_return_val_if_fail (DOMUS_IS_CONSOLE (self), NULL);
    priv = domus_console_get_instance_private (self);
    return priv->domain;
}

DomusConsoleState
domus_console_get_state (DomusConsole *self)
{
    DomusConsolePrivate *priv;

    g_return_val_if_fail (DOMUS_IS_CONSOLE (self), DOMUS_CONSOLE_STATE_IDLE);
    priv = domus_console_get_instance_private (self);
    return priv->state;
}

const char *
domus_console_get_message (DomusConsole *self)
{
    DomusConsolePrivate *priv;

    g_return_val_if_fail (DOMUS_IS_CONSOLE (self), NULL);
    priv = domus_console_get_instance_private (self);
    return priv->message;
}

GtkWidget *
domus_console_get_screen (DomusConsole *self)
{
    DomusConsolePrivate *priv;

    g_return_val_if_fail (DOMUS_IS_CONSOLE (self), NULL);
    priv = domus_console_get_instance_private (self);
    return priv->screen;
}

gboolean
domus_console_get_grabbed (DomusConsole *self)
{
    DomusConsolePrivate *priv;

    g_return_val_if_fail (DOMUS_IS_CONSOLE (self), FALSE);
    priv = domus_console_get_instance_private (self);
    return priv->grabbed;
}

GdkPixbuf *
domus_console_get_pixbuf (DomusConsole *self)
{
    DomusConsoleClass *klass;

    g_return_val_if_fail (DOMUS_IS_CONSOLE (self), NULL);
    klass = DOMUS_CONSOLE_GET_CLASS (self);
    return klass->get_pixbuf != NULL ? klass->get_pixbuf (self) : NULL;
}

void
domus_console_send_keys (DomusConsole *self, const guint *keyvals, guint n_keyvals)
{
    DomusConsoleClass *klass;

    g_return_if_fail (DOMUS_IS_CONSOLE (self));
    g_return_if_fail (keyvals != NULL || n_keyvals == 0);
    klass = DOMUS_CONSOLE_GET_CLASS (self);
    if (klass->send_keys != NULL)
        klass->send_keys (self, keyvals, n_keyvals);
}

void
domus_console_set_scaling (DomusConsole *self, gboolean fit)
{
    DomusConsoleClass *klass;

    g_return_if_fail (DOMUS_IS_CONSOLE (self));
    klass = DOMUS_CONSOLE_GET_CLASS (self);
    if (klass->set_scaling != NULL)
        klass->set_scaling (self, fit);
}

void
domus_console_release_grab (DomusConsole *self)
{
    DomusConsoleClass *klass;

    g_return_if_fail (DOMUS_IS_CONSOLE (self));
    klass = DOMUS_CONSOLE_GET_CLASS (self);
    if (klass->release_grab != NULL)
        klass->release_grab (self);
}

/* ---- object ------------------------------------------------------------------ */

static void
domus_console_real_close (DomusConsole *self)
{
}

static void
domus_console_real_set_password (DomusConsole *self, const char *password)
{
}

static gboolean
domus_console_real_open_fd (DomusConsole *self, int fd)
{
    return FALSE;
}

static void
domus_console_dispose (GObject *object)
{
    DomusConsole *self = DOMUS_CONSOLE (object);
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);

    if (priv->cancellable != NULL) {
        g_cancellable_cancel (priv->cancellable);
        g_clear_object (&priv->cancellable);
    }
    g_clear_handle_id (&priv->reopen_id, g_source_remove);
    if (priv->transport != NULL) {
        domus_console_transport_close (priv->transport);
        g_clear_object (&priv->transport);
    }
    priv->screen = NULL;
    g_clear_object (&priv->domain);
    g_clear_object (&priv->conn);

    G_OBJECT_CLASS (domus_console_parent_class)->dispose (object);
}

static void
domus_console_finalize (GObject *object)
{
    DomusConsole *self = DOMUS_CONSOLE (object);
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);

    g_free (priv->message);
    g_free (priv->last_error);
    g_free (priv->fd_error);
    g_free (priv->auth_failure);

    G_OBJECT_CLASS (domus_console_parent_class)->finalize (object);
}

static void
domus_console_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
    DomusConsole *self = DOMUS_CONSOLE (object);
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);

    switch (prop_id) {
    case PROP_CONNECTION:
        g_value_set_object (value, priv->conn);
        break;
    case PROP_DOMAIN:
        g_value_set_object (value, priv->domain);
        break;
    case PROP_STATE:
        g_value_set_enum (value, priv->state);
        break;
    case PROP_GRABBED:
        g_value_set_boolean (value, priv->grabbed);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_console_set_property (GObject *object, guint prop_id, const GValue *value,
                            GParamSpec *pspec)
{
    DomusConsole *self = DOMUS_CONSOLE (object);
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);

    switch (prop_id) {
    case PROP_CONNECTION:
        priv->conn = g_value_dup_object (value);
        break;
    case PROP_DOMAIN:
        priv->domain = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_console_class_init (DomusConsoleClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = domus_console_dispose;
    object_class->finalize = domus_console_finalize;
    object_class->get_property = domus_console_get_property;
    object_class->set_property = domus_console_set_property;

    klass->open = domus_console_real_open;
    klass->open_fd = domus_console_real_open_fd;
    klass->close = domus_console_real_close;
    klass->set_password = domus_console_real_set_password;

    properties[PROP_CONNECTION] =
        g_param_spec_object ("connection", NULL, NULL, DOMUS_TYPE_CONNECTION,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
    properties[PROP_DOMAIN] =
        g_param_spec_object ("domain", NULL, NULL, DOMUS_TYPE_DOMAIN,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
    properties[PROP_STATE] =
        g_param_spec_enum ("state", NULL, NULL, DOMUS_TYPE_CONSOLE_STATE,
                           DOMUS_CONSOLE_STATE_IDLE,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
    properties[PROP_GRABBED] =
        g_param_spec_boolean ("grabbed", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    signals[SIGNAL_REOPEN] = g_signal_new ("reopen", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/domusvm/Domus/domus-console.ui");
    gtk_widget_class_bind_template_child_private (widget_class, DomusConsole, password_bar);
    gtk_widget_class_bind_template_child_private (widget_class, DomusConsole, password_label);
    gtk_widget_class_bind_template_child_private (widget_class, DomusConsole, password_entry);
    gtk_widget_class_bind_template_child_private (widget_class, DomusConsole, remember_check);
    gtk_widget_class_bind_template_child_private (widget_class, DomusConsole, stack);
    gtk_widget_class_bind_template_child_private (widget_class, DomusConsole, spinner);
    gtk_widget_class_bind_template_child_private (widget_class, DomusConsole, status_title);
    gtk_widget_class_bind_template_child_private (widget_class, DomusConsole, status_text);
    gtk_widget_class_bind_template_child_private (widget_class, DomusConsole, status_detail);
    gtk_widget_class_bind_template_child_private (widget_class, DomusConsole, start_button);
    gtk_widget_class_bind_template_child_private (widget_class, DomusConsole, content_box);
    gtk_widget_class_bind_template_callback (widget_class, password_activate_cb);
}

static void
domus_console_init (DomusConsole *self)
{
    DomusConsolePrivate *priv = domus_console_get_instance_private (self);

    gtk_widget_init_template (GTK_WIDGET (self));
    priv->cancellable = g_cancellable_new ();
    priv->transport = domus_console_transport_new ();
}
