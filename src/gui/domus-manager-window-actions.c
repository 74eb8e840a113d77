/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest actions of the manager window (Start, Pause, Resume, Shut Down,
 * Reboot, Force Reset, Force Off): GActions enabled by the selected guest's
 * state, run through core on the host's worker; a refusal is shown with
 * libvirt's own words. Destructive ones ask first, saying what is lost.
 */
#include "config.h"

#include "domus-manager-window-private.h"

#include <glib/gi18n.h>

#include "domus-create-assistant.h"
#include "domus-host-window.h"
#include "domus-lifecycle.h"

static const struct {
    const char *name;
    DomusDomainAction action;
} guest_actions[] = {
    { "start", DOMUS_DOMAIN_ACTION_START },
    { "pause", DOMUS_DOMAIN_ACTION_PAUSE },
    { "resume", DOMUS_DOMAIN_ACTION_RESUME },
    { "shutdown", DOMUS_DOMAIN_ACTION_SHUTDOWN },
    { "reboot", DOMUS_DOMAIN_ACTION_REBOOT },
    { "reset", DOMUS_DOMAIN_ACTION_RESET },
    { "force-off", DOMUS_DOMAIN_ACTION_FORCE_OFF },
};

static const char *const host_action_names[] = {
    "host-connect", "host-disconnect", "host-rename", "host-remove", "host-details",
};

static void
update_host_actions (DomusManagerWindow *self)
{
    DomusConnection *conn = domus_manager_window_get_selected_host (self);
    DomusConnectionState state = conn ? domus_connection_get_state (conn)
                                      : DOMUS_CONNECTION_STATE_DISCONNECTED;
    gboolean offline = state == DOMUS_CONNECTION_STATE_DISCONNECTED ||
                       state == DOMUS_CONNECTION_STATE_FAILED;
    gboolean enabled[] = { conn != NULL && offline, conn != NULL && !offline, conn != NULL,
                           conn != NULL, conn != NULL };

    for (guint i = 0; i < G_N_ELEMENTS (host_action_names); i++)
        g_simple_action_set_enabled (
            G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                         host_action_names[i])),
            enabled[i]);
}

void
domus_manager_window_update_guest_actions (DomusManagerWindow *self)
{
    update_host_actions (self);
    DomusConnection *conn = NULL;
    DomusDomain *domain = domus_manager_window_get_selected_domain (self, &conn);

    for (guint i = 0; i < G_N_ELEMENTS (guest_actions); i++) {
        GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), guest_actions[i].name);
        gboolean enabled = domain != NULL &&
                           domus_connection_get_state (conn) == DOMUS_CONNECTION_STATE_CONNECTED &&
                           domus_domain_action_applies (guest_actions[i].action,
                                                        domus_domain_get_state (domain));

        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
    }
}

static void
show_action_error (DomusManagerWindow *self, const GError *error)
{
    /* "Starting “web01” on Demo Host failed: <libvirt's reason>" */
    const char *colon = strstr (error->message, ": ");
    g_autofree char *primary = colon ? g_strndup (error->message, colon - error->message)
                                     : g_strdup (error->message);
    GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                                GTK_DIALOG_DESTROY_WITH_PARENT | GTK_DIALOG_MODAL,
                                                GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                                "%s", primary);

    if (colon != NULL)
        gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", colon + 2);
    g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
action_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusManagerWindow) self = user_data;
    g_autoptr(GError) error = NULL;

    if (domus_domain_action_finish (DOMUS_CONNECTION (source), result, &error))
        return;
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
        gtk_widget_in_destruction (GTK_WIDGET (self)))
        return;
    show_action_error (self, error);
}

static void
run_action (DomusManagerWindow *self, DomusConnection *conn, DomusDomain *domain,
            DomusDomainAction action)
{
    domus_domain_action_async (conn, domain, action, NULL, action_done_cb, g_object_ref (self));
}

typedef struct {
    DomusManagerWindow *self;
    DomusConnection *conn;
    DomusDomain *domain;
    DomusDomainAction action;
} Confirmation;

static void
confirmation_free (gpointer data, GClosure *closure)
{
    Confirmation *c = data;

    g_object_unref (c->conn);
    g_object_unref (c->domain);
    g_free (c);
}

static void
confirmation_response_cb (GtkDialog *dialog, int response, gpointer user_data)
{
    Confirmation *c = user_data;

    if (response == GTK_RESPONSE_ACCEPT)
        run_action (c->self, c->conn, c->domain, c->action);
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

/* Force Off and Force Reset lose what the guest has not written to disk. */
static void
confirm_then_run (DomusManagerWindow *self, DomusConnection *conn, DomusDomain *domain,
                  DomusDomainAction action)
{
    const char *key = action == DOMUS_DOMAIN_ACTION_FORCE_OFF ? "confirm-force-off"
                                                              : "confirm-force-reset";
    GSettings *settings = domus_manager_window_get_settings (self);
    Confirmation *c;
    GtkWidget *dialog;

    if (!g_settings_get_boolean (settings, key)) {
        run_action (self, conn, domain, action);
        return;
    }

    dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL |
                                     GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_WARNING,
                                     GTK_BUTTONS_NONE,
                                     action == DOMUS_DOMAIN_ACTION_FORCE_OFF
                                     ? _("Force off “%s”?") : _("Force reset “%s”?"),
                                     domus_domain_get_name (domain));
    gtk_message_dialog_format_secondary_text (
        GTK_MESSAGE_DIALOG (dialog), "%s",
        _("The guest stops at once, like a server losing power: whatever it has not "
          "written to disk is lost, and open files may be left damaged."));
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
    gtk_dialog_add_button (GTK_DIALOG (dialog),
                           action == DOMUS_DOMAIN_ACTION_FORCE_OFF ? _("_Force Off")
                                                                   : _("_Force Reset"),
                           GTK_RESPONSE_ACCEPT);
    gtk_style_context_add_class (
        gtk_widget_get_style_context (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog),
                                                                          GTK_RESPONSE_ACCEPT)),
        "destructive-action");
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);

    c = g_new0 (Confirmation, 1);
    c->self = self;
    c->conn = g_object_ref (conn);
    c->domain = g_object_ref (domain);
    c->action = action;
    /* Freed with the dialog, answered or not (it dies with its parent). */
    g_signal_connect_data (dialog, "response", G_CALLBACK (confirmation_response_cb), c,
                           confirmation_free, 0);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
guest_action_activated (GSimpleAction *simple, GVariant *param, gpointer user_data)
{
    DomusManagerWindow *self = user_data;
    const char *name = g_action_get_name (G_ACTION (simple));
    DomusConnection *conn = NULL;
    DomusDomain *domain = domus_manager_window_get_selected_domain (self, &conn);

    if (domain == NULL)
        return;
    for (guint i = 0; i < G_N_ELEMENTS (guest_actions); i++) {
        DomusDomainAction action = guest_actions[i].action;

        if (!g_str_equal (guest_actions[i].name, name))
            continue;
        if (action == DOMUS_DOMAIN_ACTION_FORCE_OFF || action == DOMUS_DOMAIN_ACTION_RESET)
            confirm_then_run (self, conn, domain, action);
        else
            run_action (self, conn, domain, action);
        return;
    }
}

static DomusApplication *
window_app (DomusManagerWindow *self)
{
    return DOMUS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static void
host_connect_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusConnection *conn = domus_manager_window_get_selected_host (user_data);

    if (conn != NULL)
        domus_connection_connect (conn);
}

static void
host_disconnect_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusConnection *conn = domus_manager_window_get_selected_host (user_data);

    if (conn != NULL)
        domus_connection_disconnect (conn);
}

static void
host_remove_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusManagerWindow *self = user_data;
    DomusConnection *conn = domus_manager_window_get_selected_host (self);

    /* Nothing on the host changes: it can be added again at any time. */
    if (conn != NULL)
        domus_application_remove_connection (window_app (self), conn);
}

static void
host_details_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusManagerWindow *self = user_data;
    DomusConnection *conn = domus_manager_window_get_selected_host (self);

    if (conn != NULL)
        gtk_window_present (GTK_WINDOW (domus_host_window_get_for_connection (conn,
                                                                             GTK_WINDOW (self))));
}

static void
rename_response_cb (GtkDialog *dialog, int response, gpointer user_data)
{
    DomusManagerWindow *self = user_data;
    DomusConnection *conn = g_object_get_data (G_OBJECT (dialog), "connection");
    GtkEntry *entry = g_object_get_data (G_OBJECT (dialog), "entry");

    if (response == GTK_RESPONSE_ACCEPT)
        domus_application_rename_connection (window_app (self), conn,
                                             gtk_entry_get_text (entry));
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

/* A one-field dialog: built here, its only content is the entry. */
static void
host_rename_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusManagerWindow *self = user_data;
    DomusConnection *conn = domus_manager_window_get_selected_host (self);
    GtkWidget *dialog, *entry, *label, *box;

    if (conn == NULL)
        return;
    dialog = gtk_dialog_new_with_buttons (_("Rename Host"), GTK_WINDOW (self),
                                          GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT |
                                          GTK_DIALOG_USE_HEADER_BAR,
                                          _("_Cancel"), GTK_RESPONSE_CANCEL,
                                          _("_Rename"), GTK_RESPONSE_ACCEPT, NULL);
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    gtk_container_set_border_width (GTK_CONTAINER (box), 18);
    label = gtk_label_new_with_mnemonic (_("_Name shown for this host (empty for the default)"));
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    entry = gtk_entry_new ();
    gtk_entry_set_text (GTK_ENTRY (entry), domus_connection_get_display_name (conn));
    gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
    gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
    atk_object_set_name (gtk_widget_get_accessible (entry), _("Host name shown"));
    gtk_container_add (GTK_CONTAINER (box), label);
    gtk_container_add (GTK_CONTAINER (box), entry);
    gtk_container_add (GTK_CONTAINER (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), box);
    g_object_set_data_full (G_OBJECT (dialog), "connection", g_object_ref (conn), g_object_unref);
    g_object_set_data (G_OBJECT (dialog), "entry", entry);
    g_signal_connect (dialog, "response", G_CALLBACK (rename_response_cb), self);
    gtk_widget_show_all (dialog);
}

/* New Virtual Machine: on the selected guest's host, or the selected host. */
static void
new_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusManagerWindow *self = user_data;
    DomusConnection *conn = NULL;

    if (domus_manager_window_get_selected_domain (self, &conn) == NULL)
        conn = domus_manager_window_get_selected_host (self);
    gtk_window_present (GTK_WINDOW (domus_create_assistant_new (
        GTK_WINDOW (self), domus_application_get_connections (window_app (self)), conn)));
}

static const GActionEntry host_actions[] = {
    { "new", new_activated, NULL, NULL, NULL },
    { "host-connect", host_connect_activated, NULL, NULL, NULL },
    { "host-disconnect", host_disconnect_activated, NULL, NULL, NULL },
    { "host-rename", host_rename_activated, NULL, NULL, NULL },
    { "host-remove", host_remove_activated, NULL, NULL, NULL },
    { "host-details", host_details_activated, NULL, NULL, NULL },
};

void
domus_manager_window_add_guest_actions (DomusManagerWindow *self)
{
    g_action_map_add_action_entries (G_ACTION_MAP (self), host_actions,
                                     G_N_ELEMENTS (host_actions), self);
    for (guint i = 0; i < G_N_ELEMENTS (guest_actions); i++) {
        g_autoptr(GSimpleAction) action = g_simple_action_new (guest_actions[i].name, NULL);

        g_signal_connect (action, "activate", G_CALLBACK (guest_action_activated), self);
        g_simple_action_set_enabled (action, FALSE);
        g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
    }
}
