/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest window's actions: the guest actions of domus-guest-actions
 * (Start, Pause, Shut Down, Save, Delete…, on this guest), fullscreen, Send
 * Key, screenshot, Take Snapshot (on the Snapshots page), scaling (remembered per guest in
 * console-scaling-per-guest), close, and which of them apply now. Nothing
 * here calls libvirt.
 */
#include "config.h"

#include "domus-guest-window-private.h"

#include <string.h>

#include <glib/gi18n.h>

#include "domus-guest-actions.h"
#include "domus-window-close.h"

/* The guest actions (Start, Pause, Shut Down, Save, Delete…) act on this
 * window's guest, as the manager window's act on its selection. */
static GPtrArray *
this_guest (gpointer user_data)
{
    DomusGuestWindow *self = user_data;
    GPtrArray *guests = domus_guest_ref_array_new ();

    g_ptr_array_add (guests, domus_guest_ref_new (self->conn, self->domain));
    return guests;
}

static void
fullscreen_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    gtk_window_fullscreen (GTK_WINDOW (user_data));
}

static void
leave_fullscreen_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    gtk_window_unfullscreen (GTK_WINDOW (user_data));
}

static gboolean
window_state_event_cb (GtkWidget *widget, GdkEventWindowState *event, DomusGuestWindow *self)
{
    gboolean full = (event->new_window_state & GDK_WINDOW_STATE_FULLSCREEN) != 0;

    gtk_revealer_set_reveal_child (self->fullscreen_toolbar, full);
    domus_guest_window_update_actions (self);
    return GDK_EVENT_PROPAGATE;
}

static void
send_key_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusGuestWindow *self = user_data;
    const char *key = g_variant_get_string (param, NULL);
    guint keys[3] = { GDK_KEY_Control_L, GDK_KEY_Alt_L, 0 };
    guint64 f;

    if (g_str_equal (key, "print")) {
        guint print = GDK_KEY_Print;

        domus_console_send_keys (self->console, &print, 1);
        return;
    }
    if (g_str_equal (key, "ctrl-alt-del"))
        keys[2] = GDK_KEY_Delete;
    else if (g_str_equal (key, "ctrl-alt-backspace"))
        keys[2] = GDK_KEY_BackSpace;
    else if (g_str_has_prefix (key, "ctrl-alt-f") &&
             g_ascii_string_to_unsigned (key + strlen ("ctrl-alt-f"), 10, 1, 12, &f, NULL))
        keys[2] = GDK_KEY_F1 + (guint) f - 1;
    else
        return;
    domus_console_send_keys (self->console, keys, G_N_ELEMENTS (keys));
}

static void
screenshot_response_cb (GtkNativeDialog *dialog, int response, DomusGuestWindow *self)
{
    g_autoptr(GError) error = NULL;

    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (dialog));

        if (!domus_guest_window_save_screenshot (self, path, &error)) {
            GtkWidget *msg = gtk_message_dialog_new (GTK_WINDOW (self),
                                                     GTK_DIALOG_DESTROY_WITH_PARENT |
                                                     GTK_DIALOG_MODAL, GTK_MESSAGE_ERROR,
                                                     GTK_BUTTONS_CLOSE, "%s",
                                                     _("The screenshot could not be saved"));

            gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (msg), "%s",
                                                      error->message);
            g_signal_connect (msg, "response", G_CALLBACK (gtk_widget_destroy), NULL);
            gtk_window_present (GTK_WINDOW (msg));
        }
    }
    g_object_unref (dialog);
}

static void
screenshot_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusGuestWindow *self = user_data;
    GtkFileChooserNative *chooser =
        gtk_file_chooser_native_new (_("Save Screenshot"), GTK_WINDOW (self),
                                     GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
    g_autofree char *name = g_strdup_printf ("%s-%s.png", domus_domain_get_name (self->domain),
                                             stamp);
    GtkFileFilter *filter = gtk_file_filter_new ();

    gtk_file_filter_set_name (filter, _("PNG images"));
    gtk_file_filter_add_mime_type (filter, "image/png");
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    g_signal_connect_object (chooser, "response", G_CALLBACK (screenshot_response_cb), self, 0);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Fit (keeping the aspect) or 1:1 with scroll bars. */
static void
apply_scaling (DomusGuestWindow *self, const char *mode)
{
    domus_console_set_scaling (self->console, g_strcmp0 (mode, "one-to-one") != 0);
}

static char *
saved_scaling (DomusGuestWindow *self)
{
    g_autoptr(GVariant) map = g_settings_get_value (self->settings, "console-scaling-per-guest");
    const char *mode = NULL;

    if (g_variant_lookup (map, domus_domain_get_uuid (self->domain), "&s", &mode) &&
        (g_str_equal (mode, "fit") || g_str_equal (mode, "one-to-one")))
        return g_strdup (mode);
    return g_settings_get_string (self->settings, "console-scaling");
}

static void
save_scaling (DomusGuestWindow *self, const char *mode)
{
    g_autoptr(GVariant) map = g_settings_get_value (self->settings, "console-scaling-per-guest");
    const char *uuid = domus_domain_get_uuid (self->domain);
    GVariantBuilder builder;
    GVariantIter iter;
    const char *key, *value;

    g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
    g_variant_iter_init (&iter, map);
    while (g_variant_iter_next (&iter, "{&s&s}", &key, &value)) {
        if (!g_str_equal (key, uuid))
            g_variant_builder_add (&builder, "{ss}", key, value);
    }
    g_variant_builder_add (&builder, "{ss}", uuid, mode);
    g_settings_set_value (self->settings, "console-scaling-per-guest",
                          g_variant_builder_end (&builder));
}

static void
scaling_changed (GSimpleAction *action, GVariant *value, gpointer user_data)
{
    DomusGuestWindow *self = user_data;
    const char *mode = g_variant_get_string (value, NULL);

    if (!g_str_equal (mode, "fit") && !g_str_equal (mode, "one-to-one"))
        return;
    g_simple_action_set_state (action, value);
    apply_scaling (self, mode);
    save_scaling (self, mode);
}

/* The Snapshots page shows the new snapshot's progress. */
static void
take_snapshot_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusGuestWindow *self = user_data;

    gtk_stack_set_visible_child (self->pages, GTK_WIDGET (self->snapshots));
    domus_snapshots_page_take_snapshot (self->snapshots);
}

static void
close_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    domus_window_close (GTK_WINDOW (user_data));
}

static void
show_primary_menu_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    DomusGuestWindow *self = user_data;

    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->menu_button), TRUE);
}

static const GActionEntry win_actions[] = {
    { "fullscreen", fullscreen_activated, NULL, NULL, NULL },
    { "leave-fullscreen", leave_fullscreen_activated, NULL, NULL, NULL },
    { "send-key", send_key_activated, "s", NULL, NULL },
    { "screenshot", screenshot_activated, NULL, NULL, NULL },
    { "take-snapshot", take_snapshot_activated, NULL, NULL, NULL },
    { "scaling", NULL, "s", "'fit'", scaling_changed },
    { "close", close_activated, NULL, NULL, NULL },
    { "show-primary-menu", show_primary_menu_activated, NULL, NULL, NULL },
};

static void
set_enabled (DomusGuestWindow *self, const char *name, gboolean enabled)
{
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

    if (action != NULL)
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* The not-running pages' buttons restore a saved guest (the Virtual
 * Machine menu has an item for each, hidden when disabled). */
static void
update_start_button (DomusGuestWindow *self)
{
    gboolean restore = g_action_group_get_action_enabled (G_ACTION_GROUP (self), "restore");

    if (self->console != NULL)
        domus_console_set_restore (self->console, restore);
    if (self->serial != NULL)
        domus_console_set_restore (DOMUS_CONSOLE (self->serial), restore);
}

void
domus_guest_window_update_actions (DomusGuestWindow *self)
{
    gboolean connected = self->console != NULL &&
                         domus_console_get_state (self->console) ==
                             DOMUS_CONSOLE_STATE_CONNECTED;
    GdkWindow *window = gtk_widget_get_window (GTK_WIDGET (self));
    gboolean full = window != NULL &&
                    (gdk_window_get_state (window) & GDK_WINDOW_STATE_FULLSCREEN) != 0;

    g_autoptr(GPtrArray) guests = this_guest (self);

    domus_guest_actions_update_map (G_ACTION_MAP (self), guests);
    update_start_button (self);
    set_enabled (self, "send-key", connected);
    set_enabled (self, "screenshot", connected);
    set_enabled (self, "take-snapshot",
                 self->snapshots != NULL && !domus_snapshots_page_get_busy (self->snapshots));
    set_enabled (self, "fullscreen", !full);
    set_enabled (self, "leave-fullscreen", full);
}

/* Saved state and autostart are not in the guest list: read them. */
void
domus_guest_window_refresh_flags (DomusGuestWindow *self)
{
    g_autoptr(GPtrArray) guests = this_guest (self);

    domus_guest_actions_refresh_flags (guests, NULL);
}

void
domus_guest_window_add_actions (DomusGuestWindow *self)
{
    g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                     G_N_ELEMENTS (win_actions), self);
    domus_guest_actions_add_to_map (G_ACTION_MAP (self), GTK_WINDOW (self), this_guest, self);
    g_signal_connect (self, "window-state-event", G_CALLBACK (window_state_event_cb), self);
}

/* This guest's scaling, else the default (console-scaling). */
void
domus_guest_window_restore_scaling (DomusGuestWindow *self)
{
    g_autofree char *scaling = saved_scaling (self);

    g_action_group_change_action_state (G_ACTION_GROUP (self), "scaling",
                                        g_variant_new_string (scaling));
    apply_scaling (self, scaling);
}
