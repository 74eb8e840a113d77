/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The actions of the manager window: guest actions (Start, Pause, Resume,
 * Shut Down, Reboot, Force Reset, Force Off, Save, Remove Saved State,
 * Delete, Autostart) enabled where they apply to every selected guest and
 * run by DomusGuestActions (Restore instead of Start where every one has a
 * saved state), and the host actions of a selected host row.
 */
#include "config.h"

#include "domus-manager-window-private.h"

#include <glib/gi18n.h>

#include "domus-create-assistant.h"
#include "domus-host-window.h"
#include "domus-migrate-batch-dialog.h"

/* Beyond this many selected guests, Restore and Autostart show what was
 * last read rather than asking every host again. */
#define MAX_FLAG_REFRESH 100

static const char *const host_action_names[] = {
    "host-connect", "host-disconnect", "host-rename", "host-remove", "host-details",
    "host-evacuate",
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
                           conn != NULL, conn != NULL,
                           state == DOMUS_CONNECTION_STATE_CONNECTED };

    for (guint i = 0; i < G_N_ELEMENTS (host_action_names); i++)
        g_simple_action_set_enabled (
            G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                         host_action_names[i])),
            enabled[i]);
}

/* The header bar has one button for Start and Restore: it takes the action
 * that applies (menus have an item for each, hidden when disabled). */
static void
update_start_button (DomusManagerWindow *self)
{
    GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                   DOMUS_TYPE_MANAGER_WINDOW,
                                                                   "start_button"));
    gboolean restore = g_action_group_get_action_enabled (G_ACTION_GROUP (self), "restore");
    const char *action = restore ? "win.restore" : "win.start";

    if (button == NULL ||
        g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), action) == 0)
        return;
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
    gtk_widget_set_tooltip_text (button,
                                 restore ? _("Restore the selected guests from their saved state")
                                         : _("Start the selected guests"));
    atk_object_set_name (gtk_widget_get_accessible (button),
                         restore ? _("Restore") : _("Start"));
}

void
domus_manager_window_update_guest_actions (DomusManagerWindow *self)
{
    g_autoptr(GPtrArray) guests = domus_manager_window_get_selected_guests (self);

    update_host_actions (self);
    domus_guest_actions_update_map (G_ACTION_MAP (self), guests);
    update_start_button (self);
}

void
domus_manager_window_selection_changed (DomusManagerWindow *self)
{
    g_autoptr(GPtrArray) guests = domus_manager_window_get_selected_guests (self);
    GAction *open;

    /* Saved state and autostart are not in the list: read them for the
     * guests the actions are about to apply to. Not for a select-all of
     * thousands, which would queue a job per guest on every change. */
    if (guests->len <= MAX_FLAG_REFRESH)
        domus_guest_actions_refresh_flags (guests, NULL);
    open = g_action_map_lookup_action (G_ACTION_MAP (self), "open");
    if (open != NULL)   /* not yet while the template is built */
        g_simple_action_set_enabled (G_SIMPLE_ACTION (open), guests->len > 0);
    domus_manager_window_update_guest_actions (self);
}

void
domus_manager_window_guest_changed (DomusManagerWindow *self, DomusDomain *domain,
                                    GParamSpec *pspec)
{
    if (g_str_equal (pspec->name, "state") &&
        domus_manager_window_is_guest_selected (self, domain)) {
        g_autoptr(GPtrArray) one = domus_guest_ref_array_new ();
        g_autoptr(GPtrArray) guests = domus_manager_window_get_selected_guests (self);

        for (guint i = 0; i < guests->len; i++) {
            DomusGuestRef *ref = g_ptr_array_index (guests, i);

            if (ref->domain == domain)
                g_ptr_array_add (one, domus_guest_ref_new (ref->conn, ref->domain));
        }
        domus_guest_actions_refresh_flags (one, NULL);
    }
    domus_manager_window_update_guest_actions (self);
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

/* Evacuate Host…: every running guest of the selected host elsewhere. */
static void
host_evacuate_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusManagerWindow *self = user_data;
    DomusConnection *conn = domus_manager_window_get_selected_host (self);

    if (conn == NULL || domus_connection_get_state (conn) != DOMUS_CONNECTION_STATE_CONNECTED)
        return;
    gtk_window_present (GTK_WINDOW (domus_migrate_batch_dialog_new (
        GTK_WINDOW (self), conn, NULL, domus_application_get_connections (window_app (self)))));
}

static const GActionEntry host_actions[] = {
    { "new", new_activated, NULL, NULL, NULL },
    { "host-connect", host_connect_activated, NULL, NULL, NULL },
    { "host-disconnect", host_disconnect_activated, NULL, NULL, NULL },
    { "host-rename", host_rename_activated, NULL, NULL, NULL },
    { "host-remove", host_remove_activated, NULL, NULL, NULL },
    { "host-details", host_details_activated, NULL, NULL, NULL },
    { "host-evacuate", host_evacuate_activated, NULL, NULL, NULL },
};

/* Delete in the list deletes the selected guests, as in a file manager.
 * Not an accelerator: those come before the focused widget, and Delete in
 * the search entry must delete a character. */
static gboolean
tree_key_press_cb (GtkWidget *tree, GdkEventKey *event, DomusManagerWindow *self)
{
    GdkModifierType mods = event->state & gtk_accelerator_get_default_mod_mask ();

    if ((event->keyval != GDK_KEY_Delete && event->keyval != GDK_KEY_KP_Delete) || mods != 0)
        return FALSE;
    if (g_action_group_get_action_enabled (G_ACTION_GROUP (self), "delete"))
        g_action_group_activate_action (G_ACTION_GROUP (self), "delete", NULL);
    return TRUE;
}

/* The template objects the guest actions relabel, looked up by name, and
 * the list's keys. */
void
domus_manager_window_class_bind_guest_actions (GtkWidgetClass *widget_class)
{
    gtk_widget_class_bind_template_callback (widget_class, tree_key_press_cb);
    gtk_widget_class_bind_template_child_full (widget_class, "start_button", FALSE, 0);
}

void
domus_manager_window_add_guest_actions (DomusManagerWindow *self)
{
    g_action_map_add_action_entries (G_ACTION_MAP (self), host_actions,
                                     G_N_ELEMENTS (host_actions), self);

    domus_guest_actions_add_to_map (G_ACTION_MAP (self), GTK_WINDOW (self),
                                    (DomusGuestsFunc) domus_manager_window_get_selected_guests,
                                    self);
}
