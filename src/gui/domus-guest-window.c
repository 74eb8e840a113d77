/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest window. It follows the guest's state: not running shows each
 * console's "not running" page with Start; running asks core for the
 * console target (on the host's worker) and hands it to the graphical
 * console registered for the guest's graphics type, and to the serial page.
 * A console that needs a fresh target (a reboot, a refused password) gets
 * one. The window knows no protocol and calls no libvirt.
 */
#include "config.h"

#include "domus-guest-window-private.h"

#include <glib/gi18n.h>

#include "domus-accel-tooltip.h"
#include "domus-backups-page.h"
#include "domus-details-page.h"
#include "domus-domain-console.h"
#include "domus-guest-address-views.h"
#include "domus-console-vnc.h"

G_DEFINE_FINAL_TYPE (DomusGuestWindow, domus_guest_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
    PROP_0,
    PROP_CONNECTION,
    PROP_DOMAIN,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
    DomusConsoleState console_state = domus_console_get_state (self->console);
    /* Translators: the guest window's title: guest name, host name */
    g_autofree char *title = g_strdup_printf (_("%s on %s"), guest, host);
    /* Translators: the guest window's status line: guest, host, guest state,
     * console state, e.g. "web01 on Demo Host — Running — Console connected" */
    g_autofree char *status = g_strdup_printf (_("%s on %s — %s — %s"), guest, host, state,
                                               console_state_text (console_state));

    gtk_window_set_title (GTK_WINDOW (self), title);
    /* The page switcher sits beside the title, so the header bar shows
     * whose window this is and the guest's state at a glance. */
    gtk_header_bar_set_title (self->header_bar, title);
    gtk_header_bar_set_subtitle (self->header_bar, state);
    gtk_label_set_text (self->status_label, status);
}

/* ---- the consoles -------------------------------------------------------- */

static void
console_state_cb (DomusConsole *console, GParamSpec *pspec, DomusGuestWindow *self)
{
    update_title (self);
    domus_guest_window_update_actions (self);
}

static void
console_grabbed_cb (DomusConsole *console, GParamSpec *pspec, DomusGuestWindow *self)
{
    gtk_widget_set_visible (self->grab_hint, domus_console_get_grabbed (console));
}

/* The console's connection ended: a new target, if there is a display to
 * reach. */
static void
console_reopen_cb (DomusConsole *console, DomusGuestWindow *self)
{
    if (has_display (domus_domain_get_state (self->domain)))
        domus_guest_window_connect (self);
}

/* The graphical console shows TYPE's protocol from now on. */
static void
set_console (DomusGuestWindow *self, GType type)
{
    if (self->console != NULL) {
        g_signal_handlers_disconnect_by_data (self->console, self);
        gtk_widget_destroy (GTK_WIDGET (self->console));
    }
    self->console = domus_console_new (type, self->conn, self->domain);
    gtk_container_add (GTK_CONTAINER (self->overlay), GTK_WIDGET (self->console));
    g_signal_connect_object (self->console, "notify::state", G_CALLBACK (console_state_cb),
                             self, 0);
    g_signal_connect_object (self->console, "notify::grabbed",
                             G_CALLBACK (console_grabbed_cb), self, 0);
    g_signal_connect_object (self->console, "reopen", G_CALLBACK (console_reopen_cb), self, 0);
    if (self->snapshots != NULL)
        domus_snapshots_page_set_console (self->snapshots, self->console);
    domus_guest_window_restore_scaling (self);
    domus_guest_window_update_actions (self);
}

static void
add_serial (DomusGuestWindow *self)
{
    self->serial = DOMUS_CONSOLE_SERIAL (domus_console_new (DOMUS_TYPE_CONSOLE_SERIAL,
                                                            self->conn, self->domain));
    gtk_stack_add_titled (self->pages, GTK_WIDGET (self->serial), "serial",
                          _("Serial Console"));
    domus_guest_window_update_actions (self);
}

static void
snapshots_busy_cb (DomusSnapshotsPage *page, GParamSpec *pspec, DomusGuestWindow *self)
{
    domus_guest_window_update_actions (self);
}

/* Its new snapshots' thumbnails come from the graphical console. */
static void
add_snapshots (DomusGuestWindow *self)
{
    self->snapshots = DOMUS_SNAPSHOTS_PAGE (domus_snapshots_page_new (self->conn, self->domain));
    domus_snapshots_page_set_console (self->snapshots, self->console);
    gtk_stack_add_titled (self->pages, GTK_WIDGET (self->snapshots), "snapshots",
                          _("Snapshots"));
    g_signal_connect_object (self->snapshots, "notify::busy", G_CALLBACK (snapshots_busy_cb),
                             self, 0);
    domus_guest_window_update_actions (self);
}

/* Shift+F12: out of the guest's screen to the window's own controls (the
 * menu button, or the fullscreen toolbar), releasing the grab. */
static void
leave_screen (DomusGuestWindow *self)
{
    GdkWindow *window = gtk_widget_get_window (GTK_WIDGET (self));

    domus_console_release_grab (self->console);
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
    GtkWidget *screen = domus_console_get_screen (self->console);

    if (domus_console_get_state (self->console) != DOMUS_CONSOLE_STATE_CONNECTED ||
        screen == NULL || !gtk_widget_is_focus (screen))
        return GDK_EVENT_PROPAGATE;
    if (event->keyval == GDK_KEY_F12 && mods == GDK_SHIFT_MASK) {
        leave_screen (self);
        return GDK_EVENT_STOP;
    }
    return gtk_window_propagate_key_event (GTK_WINDOW (widget), event);
}

/* ---- opening the consoles ------------------------------------------------ */

static void
lookup_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusGuestWindow) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusDomainConsole) target =
        domus_domain_console_lookup_finish (DOMUS_CONNECTION (source), result, &error);
    GType type;

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
        gtk_widget_in_destruction (GTK_WIDGET (self)))
        return;
    if (target == NULL) {
        domus_console_fail (self->console, _("Cannot connect to the console"), error->message);
        return;
    }
    /* The tab stays: it says so when the guest has no serial device. */
    domus_console_open (DOMUS_CONSOLE (self->serial), target);

    type = domus_console_lookup_type (target->graphics);
    if (type != G_TYPE_INVALID && type != G_OBJECT_TYPE (self->console)) {
        set_console (self, type);
        domus_console_connecting (self->console);
    }
    domus_console_open (self->console, target);
    if (target->problem == DOMUS_DOMAIN_CONSOLE_PROBLEM_NO_GRAPHICS && target->has_serial)
        gtk_stack_set_visible_child_name (self->pages, "serial");
}

static void
domus_guest_window_connect (DomusGuestWindow *self)
{
    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    self->cancellable = g_cancellable_new ();
    domus_console_connecting (self->console);
    /* The serial page stays open across the display's reconnections. */
    if (domus_console_get_state (DOMUS_CONSOLE (self->serial)) == DOMUS_CONSOLE_STATE_IDLE)
        domus_console_connecting (DOMUS_CONSOLE (self->serial));
    domus_domain_console_lookup_async (self->conn, domus_domain_get_uuid (self->domain),
                                       self->cancellable, lookup_done_cb, g_object_ref (self));
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
        g_cancellable_cancel (self->cancellable);
        domus_console_show_not_running (DOMUS_CONSOLE (self->serial));
        domus_console_show_not_running (self->console);
        return;
    }
    if (!was_active || domus_console_get_state (self->console) == DOMUS_CONSOLE_STATE_IDLE)
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
 * list): this window has nothing left to show, and nothing to ask before
 * it goes. Destroyed at once: a close request would come from an idle,
 * and one already pending (the user's Ctrl+W) or a second list change
 * before it ran would leave an idle running on a freed window. */
static void
domains_changed_cb (GListModel *domains, guint position, guint removed, guint added,
                    DomusGuestWindow *self)
{
    if (removed > 0 &&
        domus_connection_lookup_domain (self->conn, domus_domain_get_uuid (self->domain)) !=
            self->domain)
        gtk_widget_destroy (GTK_WIDGET (self));
}

/* ---- public --------------------------------------------------------------- */

DomusDomain *
domus_guest_window_get_domain (DomusGuestWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_WINDOW (self), NULL);
    return self->domain;
}

DomusConsole *
domus_guest_window_get_console (DomusGuestWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_WINDOW (self), NULL);
    return self->console;
}

DomusConsole *
domus_guest_window_get_serial (DomusGuestWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_WINDOW (self), NULL);
    return DOMUS_CONSOLE (self->serial);
}

DomusConsoleState
domus_guest_window_get_console_state (DomusGuestWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_WINDOW (self), DOMUS_CONSOLE_STATE_IDLE);
    return domus_console_get_state (self->console);
}

const char *
domus_guest_window_get_message (DomusGuestWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_WINDOW (self), NULL);
    return domus_console_get_message (self->console);
}

GtkWidget *
domus_guest_window_get_display (DomusGuestWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_WINDOW (self), NULL);
    return domus_console_get_screen (self->console);
}

GtkWidget *
domus_guest_window_get_terminal (DomusGuestWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_WINDOW (self), NULL);
    return domus_console_serial_get_terminal (self->serial);
}

gboolean
domus_guest_window_get_serial_open (DomusGuestWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_WINDOW (self), FALSE);
    return domus_console_serial_is_open (self->serial);
}

DomusSerialConsole *
domus_guest_window_get_serial_console (DomusGuestWindow *self)
{
    g_return_val_if_fail (DOMUS_IS_GUEST_WINDOW (self), NULL);
    return domus_console_serial_get_stream (self->serial);
}

gboolean
domus_guest_window_save_screenshot (DomusGuestWindow *self, const char *path, GError **error)
{
    g_autoptr(GdkPixbuf) pixbuf = NULL;

    g_return_val_if_fail (DOMUS_IS_GUEST_WINDOW (self), FALSE);
    g_return_val_if_fail (path != NULL, FALSE);

    if (domus_console_get_state (self->console) != DOMUS_CONSOLE_STATE_CONNECTED ||
        (pixbuf = domus_console_get_pixbuf (self->console)) == NULL) {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                             _("The console is not connected: there is no screen to save."));
        return FALSE;
    }
    return gdk_pixbuf_save (pixbuf, path, "png", error, NULL);
}

/* ---- object -------------------------------------------------------------- */

static void
domus_guest_window_constructed (GObject *object)
{
    DomusGuestWindow *self = DOMUS_GUEST_WINDOW (object);
    DomusConnection *conn = self->conn;
    DomusDomain *domain = self->domain;

    G_OBJECT_CLASS (domus_guest_window_parent_class)->constructed (object);

    self->settings = g_settings_new (APPLICATION_ID);
    set_console (self, domus_console_lookup_type (NULL));
    add_serial (self);
    add_snapshots (self);
    gtk_stack_add_titled (self->pages, domus_backups_page_new (conn, domain), "backups",
                          _("Backups"));
    gtk_stack_add_titled (self->pages, domus_details_page_new (conn, domain), "details",
                          _("Details"));
    gtk_container_add (GTK_CONTAINER (gtk_widget_get_parent (GTK_WIDGET (self->status_label))),
                       domus_guest_address_label_new (conn, domain));

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
}

static void
domus_guest_window_get_property (GObject *object, guint prop_id, GValue *value,
                                 GParamSpec *pspec)
{
    DomusGuestWindow *self = DOMUS_GUEST_WINDOW (object);

    switch (prop_id) {
    case PROP_CONNECTION:
        g_value_set_object (value, self->conn);
        break;
    case PROP_DOMAIN:
        g_value_set_object (value, self->domain);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_guest_window_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
    DomusGuestWindow *self = DOMUS_GUEST_WINDOW (object);

    switch (prop_id) {
    case PROP_CONNECTION:
        self->conn = g_value_dup_object (value);
        break;
    case PROP_DOMAIN:
        self->domain = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_guest_window_dispose (GObject *object)
{
    DomusGuestWindow *self = DOMUS_GUEST_WINDOW (object);

    if (self->cancellable != NULL) {
        g_cancellable_cancel (self->cancellable);
        g_clear_object (&self->cancellable);
    }
    /* The consoles close with the widgets they are. */
    if (self->console != NULL)
        g_signal_handlers_disconnect_by_data (self->console, self);
    self->console = NULL;
    self->serial = NULL;
    self->snapshots = NULL;
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
domus_guest_window_class_init (DomusGuestWindowClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->constructed = domus_guest_window_constructed;
    object_class->dispose = domus_guest_window_dispose;
    object_class->get_property = domus_guest_window_get_property;
    object_class->set_property = domus_guest_window_set_property;

    /* The guest shown, and its host. */
    properties[PROP_CONNECTION] =
        g_param_spec_object ("connection", NULL, NULL, DOMUS_TYPE_CONNECTION,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_DOMAIN] =
        g_param_spec_object ("domain", NULL, NULL, DOMUS_TYPE_DOMAIN,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/domusvm/Domus/domus-guest-window.ui");
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, header_bar);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, pages);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, overlay);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, fullscreen_toolbar);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, status_label);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, grab_hint);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, menu_button);
    gtk_widget_class_bind_template_child (widget_class, DomusGuestWindow, function_keys_section);

    /* The graphical consoles, by libvirt's <graphics type>; the first is
     * the one a window opens with. */
    domus_console_register_type ("vnc", DOMUS_TYPE_CONSOLE_VNC);
}

static void
domus_guest_window_init (DomusGuestWindow *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));

    self->cancellable = g_cancellable_new ();
    self->last_state = DOMUS_DOMAIN_STATE_NOSTATE;

    for (guint i = 1; i <= 12; i++) {
        /* Translators: a key combination sent to the guest; %u is 1 to 12 */
        g_autofree char *label = g_strdup_printf (_("Ctrl+Alt+F%u"), i);
        g_autofree char *detailed = g_strdup_printf ("win.send-key::ctrl-alt-f%u", i);

        g_menu_append (self->function_keys_section, label, detailed);
    }

    g_signal_connect (self, "key-press-event", G_CALLBACK (key_press_cb), self);
    domus_guest_window_add_actions (self);
    domus_accel_tooltip_add_all (GTK_WIDGET (self));
}

static DomusGuestWindow *
domus_guest_window_new (DomusApplication *app, DomusConnection *conn, DomusDomain *domain)
{
    return g_object_new (DOMUS_TYPE_GUEST_WINDOW, "application", app, "connection", conn,
                         "domain", domain, NULL);
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
