/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The application object. A second `domus -c URI` is forwarded by GApplication
 * to this, the primary instance, which adds the host to the open window.
 * Connections start on the host's worker thread; nothing here waits for them.
 */
#include "config.h"

#include "domus-application.h"

#include <glib/gi18n.h>

#include "domus-add-connection-dialog.h"
#include "domus-askpass.h"
#include "domus-auth-dialog.h"
#include "domus-backup-command.h"
#include "domus-guest-window.h"
#include "domus-libvirt.h"
#include "domus-manager-window.h"
#include "domus-paths.h"
#include "domus-preferences-dialog.h"
#include "domus-uri.h"

struct _DomusApplication {
    GtkApplication parent_instance;

    GSettings *settings;
    GListStore *connections;     /* DomusConnection */
    DomusAskpass *askpass;       /* ssh's questions; NULL when not ssh's askpass */
};

G_DEFINE_FINAL_TYPE (DomusApplication, domus_application, GTK_TYPE_APPLICATION)

static const DomusAccelEntry accels[] = {
    { "app.quit", { "<Primary>q", NULL } },
    { "app.preferences", { "<Primary>comma", NULL } },
    { "app.add-connection", { "<Primary><Shift>n", NULL } },
    { "app.demo", { "<Primary><Shift>d", NULL } },
    { "win.new", { "<Primary>n", NULL } },
    { "win.start", { "<Primary>r", NULL } },
    /* Enabled only where Start is not: GTK activates the enabled one. */
    { "win.restore", { "<Primary>r", NULL } },
    { "win.pause", { "<Primary>p", NULL } },
    { "win.resume", { "<Primary><Shift>p", NULL } },
    { "win.shutdown", { "<Primary><Shift>s", NULL } },
    { "win.reboot", { "<Primary><Shift>r", NULL } },
    { "win.reset", { "<Primary><Shift>t", NULL } },
    { "win.force-off", { "<Primary><Shift>k", NULL } },
    { "win.save", { "<Primary><Shift>v", NULL } },
    { "win.cancel-save", { "<Primary><Shift>c", NULL } },
    { "win.remove-saved-state", { "<Primary><Shift>x", NULL } },
    { "win.autostart", { "<Primary><Shift>a", NULL } },
    { "win.delete", { "<Primary>Delete", NULL } },
    { "win.take-snapshot", { "<Primary>t", NULL } },
    { "win.close", { "<Primary>w", NULL } },
    { "win.search", { "<Primary>f", NULL } },
    { "win.open", { "<Primary>o", NULL } },
    { "win.fullscreen", { "F11", NULL } },
    { "win.show-primary-menu", { "F10", NULL } },
};

const DomusAccelEntry *
domus_application_get_accels (guint *n_entries)
{
    *n_entries = G_N_ELEMENTS (accels);
    return accels;
}

static const GOptionEntry option_entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Connect the bundled demo host (libvirt’s test driver)"), NULL },
    { "connect", 'c', 0, G_OPTION_ARG_STRING_ARRAY, NULL,
      N_("Connect to the libvirt host at URI for this run, without saving it"),
      N_("URI") },
    { "console", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Open the window of the guest NAME (on the hosts of -c, or the saved ones)"),
      N_("NAME") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { "backup", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
      N_("Back up the guests NAME… of the host of -c, without a window, and exit"),
      N_("NAME") },
    { "to", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("With --backup: the folder on the guests’ host (/var/lib/libvirt/backups)"),
      N_("DIR") },
    { "incremental", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("With --backup: only what changed since the last backup, where there is one"),
      NULL },
    { "snapshot-commit", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("With --backup: for hosts without a backup job, a full backup through an external "
         "snapshot, a copy of the base and a block commit"), NULL },
    { "keep", 0, 0, G_OPTION_ARG_INT, NULL,
      N_("With --backup: keep the last N full backups and their incrementals"), N_("N") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, N_("[NAME…]") },
    { NULL }
};

static GtkWindow *
domus_application_get_window (DomusApplication *self)
{
    GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

    if (window == NULL)
        window = GTK_WINDOW (domus_manager_window_new (self));
    return window;
}

static GtkWindow *domus_application_get_window (DomusApplication *self);

/* A host wants credentials: ask in a dialog over the main window. */
static void
auth_request_cb (DomusConnection *conn, DomusAuthRequest *request, gpointer user_data)
{
    DomusApplication *self = user_data;
    GtkWidget *dialog = domus_auth_dialog_new (domus_application_get_window (self), request,
                                               domus_connection_get_display_name (conn));

    domus_auth_dialog_start (DOMUS_AUTH_DIALOG (dialog), conn);
}

/* ssh, started by libvirt for a qemu+ssh:// host, asks through our askpass.
 * It does not say for which host; when only one ssh host is being opened,
 * the dialog names it (ssh's question names the host too). */
static void
askpass_request_cb (DomusAskpass *askpass, DomusAuthRequest *request, gpointer user_data)
{
    DomusApplication *self = user_data;
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));
    const char *host_name = NULL;
    guint candidates = 0;
    GtkWidget *dialog;

    for (guint i = 0; i < n; i++) {
        g_autoptr(DomusConnection) conn =
            g_list_model_get_item (G_LIST_MODEL (self->connections), i);

        if (domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_CONNECTING &&
            domus_uri_get_transport (domus_connection_get_uri (conn)) == DOMUS_TRANSPORT_SSH) {
            host_name = domus_connection_get_display_name (conn);
            candidates++;
        }
    }
    dialog = domus_auth_dialog_new (domus_application_get_window (self), request,
                                    candidates == 1 ? host_name : NULL);
    gtk_window_present (GTK_WINDOW (dialog));
}

/* The statistics the shown graph columns need. */
static gboolean
columns_to_groups (GValue *value, GVariant *variant, gpointer user_data)
{
    g_autofree const char **columns = g_variant_get_strv (variant, NULL);

    g_value_set_flags (value, domus_stats_groups_from_columns (columns));
    return TRUE;
}

/* A host joining the list: polled as the settings say, live, credentials
 * asked for in a dialog. */
static void
setup_connection (DomusApplication *self, DomusConnection *conn)
{
    DomusPoller *poller = domus_connection_get_poller (conn);

    g_settings_bind (self->settings, "poll-interval", poller, "interval",
                     G_SETTINGS_BIND_GET);
    g_settings_bind_with_mapping (self->settings, "visible-columns", poller, "groups",
                                  G_SETTINGS_BIND_GET, columns_to_groups, NULL, NULL, NULL);
    g_signal_connect_object (conn, "auth-request", G_CALLBACK (auth_request_cb), self, 0);
}

static DomusConnection *
domus_application_append_connection (DomusApplication *self, const char *uri,
                                     const char *display_name)
{
    g_autoptr(DomusConnection) conn = domus_connection_new (uri);

    if (display_name != NULL && *display_name != '\0')
        domus_connection_set_display_name (conn, display_name);
    setup_connection (self, conn);
    g_list_store_append (self->connections, conn);
    return conn;   /* the list holds it */
}

DomusConnection *
domus_application_add_connection (DomusApplication *self, const char *uri,
                                  const char *display_name)
{
    DomusConnection *conn;

    g_return_val_if_fail (DOMUS_IS_APPLICATION (self), NULL);
    g_return_val_if_fail (uri != NULL, NULL);

    conn = domus_connection_find_by_uri (G_LIST_MODEL (self->connections), uri);
    if (conn != NULL) {
        domus_connection_connect (conn);
        return conn;
    }

    conn = domus_application_append_connection (self, uri, display_name);
    domus_connection_connect (conn);
    return conn;
}

/* Rewrites the saved list (GSettings `connections`) without @uri's entry,
 * then adds @uri's new entry when @keep. Returns whether @uri was saved. */
static gboolean
domus_application_update_saved (DomusApplication *self, const char *uri, gboolean keep,
                                const char *display_name, gboolean autoconnect)
{
    g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "connections");
    GVariantBuilder builder;
    GVariantIter iter;
    const char *u, *n;
    gboolean a, found = FALSE;

    g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ssb)"));
    g_variant_iter_init (&iter, saved);
    while (g_variant_iter_next (&iter, "(&s&sb)", &u, &n, &a)) {
        if (!g_str_equal (u, uri))
            g_variant_builder_add (&builder, "(ssb)", u, n, a);
        else
            found = TRUE;
    }
    if (keep)
        g_variant_builder_add (&builder, "(ssb)", uri, display_name ? display_name : "",
                               autoconnect);
    g_settings_set_value (self->settings, "connections", g_variant_builder_end (&builder));
    return found;
}

static gboolean
domus_application_saved_autoconnect (DomusApplication *self, const char *uri, gboolean *saved)
{
    g_autoptr(GVariant) list = g_settings_get_value (self->settings, "connections");
    GVariantIter iter;
    const char *u, *n;
    gboolean a;

    g_variant_iter_init (&iter, list);
    while (g_variant_iter_next (&iter, "(&s&sb)", &u, &n, &a)) {
        if (g_str_equal (u, uri)) {
            *saved = TRUE;
            return a;
        }
    }
    *saved = FALSE;
    return FALSE;
}

/* The name to save: none when it is the one derived from the URI. */
static const char *
saved_display_name (DomusConnection *conn, char **derived)
{
    const char *name = domus_connection_get_display_name (conn);

    *derived = domus_uri_get_display_name (domus_connection_get_uri (conn));
    return g_strcmp0 (name, *derived) == 0 ? "" : name;
}

void
domus_application_rename_connection (DomusApplication *self, DomusConnection *conn,
                                     const char *name)
{
    g_autofree char *derived = NULL;
    gboolean saved;
    gboolean autoconnect;

    g_return_if_fail (DOMUS_IS_APPLICATION (self));
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));

    domus_connection_set_display_name (conn, name);
    autoconnect = domus_application_saved_autoconnect (self, domus_connection_get_uri (conn),
                                                       &saved);
    if (saved)
        domus_application_update_saved (self, domus_connection_get_uri (conn), TRUE,
                                        saved_display_name (conn, &derived), autoconnect);
}

/* A connection opened elsewhere (the Add Connection dialog) joins the list;
 * with @save it is remembered for the next start. */
void
domus_application_adopt_connection (DomusApplication *self, DomusConnection *conn,
                                    gboolean save, gboolean autoconnect)
{
    DomusConnection *existing;
    const char *uri;
    guint position;

    g_return_if_fail (DOMUS_IS_APPLICATION (self));
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));

    uri = domus_connection_get_uri (conn);
    if (save) {
        g_autofree char *derived = NULL;

        domus_application_update_saved (self, uri, TRUE, saved_display_name (conn, &derived),
                                        autoconnect);
    }
    if (g_list_store_find (self->connections, conn, &position))
        return;
    existing = domus_connection_find_by_uri (G_LIST_MODEL (self->connections), uri);
    if (existing != NULL) {
        /* Already listed: keep the listed one, connected. */
        domus_connection_connect (existing);
        return;
    }
    setup_connection (self, conn);
    g_list_store_append (self->connections, conn);
}

void
domus_application_remove_connection (DomusApplication *self, DomusConnection *conn)
{
    guint position;

    g_return_if_fail (DOMUS_IS_APPLICATION (self));
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));

    if (!g_list_store_find (self->connections, conn, &position))
        return;
    domus_connection_disconnect (conn);
    domus_application_update_saved (self, domus_connection_get_uri (conn), FALSE, NULL, FALSE);
    g_list_store_remove (self->connections, position);
}

gboolean
domus_application_open_demo_host (DomusApplication *self, GError **error)
{
    g_autofree char *uri = domus_get_demo_host_uri (error);

    if (uri == NULL)
        return FALSE;
    domus_application_add_connection (self, uri, _("Demo Host"));
    return TRUE;
}

static void
domus_application_restore_connections (DomusApplication *self)
{
    g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "connections");
    GVariantIter iter;
    const char *uri, *name;
    gboolean autoconnect;

    g_variant_iter_init (&iter, saved);
    while (g_variant_iter_next (&iter, "(&s&sb)", &uri, &name, &autoconnect)) {
        DomusConnection *conn = domus_application_append_connection (self, uri, name);

        if (autoconnect)
            domus_connection_connect (conn);
    }
}

static void
show_error (DomusApplication *self, const char *primary, const char *secondary)
{
    GtkWindow *window = domus_application_get_window (self);
    GtkWidget *dialog;

    dialog = gtk_message_dialog_new (window, GTK_DIALOG_DESTROY_WITH_PARENT |
                                     GTK_DIALOG_MODAL, GTK_MESSAGE_ERROR,
                                     GTK_BUTTONS_CLOSE, "%s", primary);
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                              "%s", secondary);
    g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
    gtk_window_present (GTK_WINDOW (dialog));
}

/* Quit (Ctrl+Q, the menu) closes every window first, as their close
 * buttons do, so that each keeps what it saves on closing (the main window
 * its size) and stops its work. */
static void
quit_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

    /* Held: a dialog goes with its parent, before its turn. */
    g_list_foreach (windows, (GFunc) (void (*) (void)) g_object_ref, NULL);
    for (GList *l = windows; l != NULL; l = l->next)
        gtk_widget_destroy (l->data);
    g_list_free_full (windows, g_object_unref);
    g_application_quit (G_APPLICATION (user_data));
}

static void
demo_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusApplication *self = user_data;
    g_autoptr(GError) error = NULL;

    if (!domus_application_open_demo_host (self, &error))
        show_error (self, _("Could not open the demo host"), error->message);
}

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusApplication *self = user_data;
    const char *authors[] = { _("The Domus developers"), NULL };

    gtk_show_about_dialog (domus_application_get_window (self),
                           "program-name", "Domus",
                           "logo-icon-name", APPLICATION_ID,
                           "version", PACKAGE_VERSION,
                           "comments", _("Manage virtual machines on libvirt hosts"),
                           "website", "https://github.com/domusvm/domus",
                           "license-type", GTK_LICENSE_GPL_2_0,
                           "authors", authors,
                           "translator-credits", _("translator-credits"),
                           NULL);
}

static void
preferences_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusApplication *self = user_data;
    GtkWidget *dialog = domus_preferences_dialog_new (domus_application_get_window (self),
                                                      self->settings);

    gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_connection_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusApplication *self = user_data;
    GtkWidget *dialog = domus_add_connection_dialog_new (self,
                                                         domus_application_get_window (self));

    gtk_window_present (GTK_WINDOW (dialog));
}

static const GActionEntry app_actions[] = {
    { "preferences", preferences_activated, NULL, NULL, NULL },
    { "add-connection", add_connection_activated, NULL, NULL, NULL },
    { "quit", quit_activated, NULL, NULL, NULL },
    { "demo", demo_activated, NULL, NULL, NULL },
    { "about", about_activated, NULL, NULL, NULL },
};

static void
domus_application_startup (GApplication *app)
{
    DomusApplication *self = DOMUS_APPLICATION (app);
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    g_autofree char *askpass_dir = NULL;

    G_APPLICATION_CLASS (domus_application_parent_class)->startup (app);

    domus_libvirt_init ();

    /* main() pointed ssh at us; listen for its questions. */
    askpass_dir = domus_askpass_dir_from_environment ();
    if (askpass_dir != NULL) {
        g_autoptr(GError) error = NULL;

        self->askpass = domus_askpass_new (askpass_dir, &error);
        if (self->askpass != NULL)
            g_signal_connect_object (self->askpass, "request",
                                     G_CALLBACK (askpass_request_cb), self, 0);
        else
            g_warning ("ssh will not be able to ask for passwords: %s", error->message);
    }

    g_set_application_name ("Domus");
    gtk_window_set_default_icon_name (APPLICATION_ID);
    /* Uninstalled runs find our icons in the source tree. */
    {
        g_autofree char *data_dir = domus_get_data_dir ();
        g_autofree char *icons = g_build_filename (data_dir, "icons", NULL);

        gtk_icon_theme_append_search_path (gtk_icon_theme_get_default (), icons);
    }

    gtk_css_provider_load_from_resource (css, "/io/github/domusvm/Domus/style.css");
    gtk_style_context_add_provider_for_screen (gdk_screen_get_default (),
                                               GTK_STYLE_PROVIDER (css),
                                               GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

    g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                     G_N_ELEMENTS (app_actions), self);
    for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
        gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                               accels[i].action, accels[i].accels);

    self->settings = g_settings_new (APPLICATION_ID);
    domus_application_restore_connections (self);
}

static void
domus_application_activate (GApplication *app)
{
    gtk_window_present (domus_application_get_window (DOMUS_APPLICATION (app)));
}

static int
domus_application_handle_local_options (GApplication *app, GVariantDict *options)
{
    if (g_variant_dict_contains (options, "version")) {
        g_print ("domus %s\n", PACKAGE_VERSION);
        return 0;
    }
    if (g_variant_dict_contains (options, "backup"))
        return domus_backup_command_run (options);
    return -1;   /* go on: the primary instance handles the rest */
}

static int
domus_application_command_line (GApplication *app, GApplicationCommandLine *cmdline)
{
    DomusApplication *self = DOMUS_APPLICATION (app);
    GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
    g_autofree const char **uris = NULL;
    const char *console = NULL;
    gboolean demo = FALSE;

    g_variant_dict_lookup (options, "demo", "b", &demo);
    g_variant_dict_lookup (options, "connect", "^a&s", &uris);
    g_variant_dict_lookup (options, "console", "&s", &console);

    /* The window first, so that errors have a parent and hosts a place. */
    gtk_window_present (domus_application_get_window (self));

    if (demo) {
        g_autoptr(GError) error = NULL;

        if (!domus_application_open_demo_host (self, &error)) {
            g_application_command_line_printerr (cmdline, "%s\n", error->message);
            show_error (self, _("Could not open the demo host"), error->message);
        }
    }
    for (guint i = 0; uris != NULL && uris[i] != NULL; i++) {
        DomusConnection *conn = domus_application_add_connection (self, uris[i], NULL);

        if (console != NULL)
            domus_guest_window_open_when_listed (self, conn, console);
    }
    if (console != NULL && uris == NULL)
        domus_application_open_guest_by_name (self, console);

    return 0;
}

static void
domus_application_dispose (GObject *object)
{
    DomusApplication *self = DOMUS_APPLICATION (object);

    g_clear_object (&self->connections);
    g_clear_object (&self->settings);
    g_clear_object (&self->askpass);

    G_OBJECT_CLASS (domus_application_parent_class)->dispose (object);
}

/* A window that opens puts the focus on its first focusable widget, and a
 * selectable label that takes the focus selects all its text (GTK's
 * gtk-label-select-on-focus). None of our windows opens with its text
 * highlighted: the label keeps the focus, without the selection. */
static void
window_shown_cb (GtkWindow *window, gpointer user_data)
{
    GtkWidget *focus = gtk_window_get_focus (window);

    if (GTK_IS_LABEL (focus) && gtk_label_get_selectable (GTK_LABEL (focus)))
        gtk_label_select_region (GTK_LABEL (focus), 0, 0);
}

static void
domus_application_window_added (GtkApplication *app, GtkWindow *window)
{
    GTK_APPLICATION_CLASS (domus_application_parent_class)->window_added (app, window);
    g_signal_connect_after (window, "show", G_CALLBACK (window_shown_cb), NULL);
}

static void
domus_application_class_init (DomusApplicationClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

    object_class->dispose = domus_application_dispose;
    app_class->startup = domus_application_startup;
    app_class->activate = domus_application_activate;
    app_class->handle_local_options = domus_application_handle_local_options;
    app_class->command_line = domus_application_command_line;
    GTK_APPLICATION_CLASS (klass)->window_added = domus_application_window_added;
}

static void
domus_application_init (DomusApplication *self)
{
    self->connections = g_list_store_new (DOMUS_TYPE_CONNECTION);
    g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
    g_application_set_option_context_summary (
        G_APPLICATION (self), _("Manage virtual machines on libvirt hosts."));
}

DomusApplication *
domus_application_new (void)
{
    return g_object_new (DOMUS_TYPE_APPLICATION,
                         "application-id", APPLICATION_ID,
                         "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                         NULL);
}

GListModel *
domus_application_get_connections (DomusApplication *self)
{
    g_return_val_if_fail (DOMUS_IS_APPLICATION (self), NULL);
    return G_LIST_MODEL (self->connections);
}

/* The guest's window: the one open, or a new one. */
void
domus_application_open_guest (DomusApplication *self, DomusConnection *conn,
                              DomusDomain *domain)
{
    g_return_if_fail (DOMUS_IS_APPLICATION (self));
    domus_guest_window_present (self, conn, domain);
}

/* --console NAME without -c: the guest of that name on any listed host,
 * as soon as its host lists it. */
void
domus_application_open_guest_by_name (DomusApplication *self, const char *name)
{
    guint n;

    g_return_if_fail (DOMUS_IS_APPLICATION (self));
    n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));
    for (guint i = 0; i < n; i++) {
        g_autoptr(DomusConnection) conn =
            g_list_model_get_item (G_LIST_MODEL (self->connections), i);

        domus_guest_window_open_when_listed (self, conn, name);
    }
}

GSettings *
domus_application_get_settings (DomusApplication *self)
{
    g_return_val_if_fail (DOMUS_IS_APPLICATION (self), NULL);
    return self->settings;
}
