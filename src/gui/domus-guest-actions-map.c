/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest actions as GActions of a window (the manager window for its
 * selection, the guest window for its guest), Restore (Start where every
 * guest has a saved state), Clone, Migrate, and the Autostart toggle.
 * Only the public API of domus-guest-actions.h: runs, cancel, autostart.
 */
#include "config.h"

#include "domus-guest-actions.h"

#include <glib/gi18n.h>

#include "domus-application.h"
#include "domus-backup-dialog.h"
#include "domus-clone-dialog.h"
#include "domus-domain-actions.h"
#include "domus-migrate-batch-dialog.h"
#include "domus-migrate-dialog.h"

/* ---- autostart ---------------------------------------------------------- */

static void
autostart_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GtkWindow) parent = g_weak_ref_get (user_data);
    g_autoptr(GError) error = NULL;

    g_weak_ref_clear (user_data);
    g_free (user_data);
    if (domus_domain_set_autostart_finish (DOMUS_CONNECTION (source), result, &error) ||
        g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || parent == NULL)
        return;
    {
        GtkWidget *dialog = gtk_message_dialog_new (parent, GTK_DIALOG_DESTROY_WITH_PARENT,
                                                    GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                                    "%s", _("Autostart could not be changed"));

        gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                                  error->message);
        g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
        gtk_window_present (GTK_WINDOW (dialog));
    }
}

void
domus_guest_actions_set_autostart (GtkWindow *parent, GPtrArray *guests, gboolean autostart)
{
    g_return_if_fail (GTK_IS_WINDOW (parent));

    for (guint i = 0; i < guests->len; i++) {
        DomusGuestRef *ref = g_ptr_array_index (guests, i);
        GWeakRef *weak = g_new0 (GWeakRef, 1);

        g_weak_ref_init (weak, parent);
        domus_domain_set_autostart_async (ref->conn, ref->domain, autostart, NULL,
                                          autostart_done_cb, weak);
    }
}

/* ---- as GActions of a window -------------------------------------------- */

typedef struct {
    GtkWindow *window;          /* the map itself, or what owns it */
    DomusGuestsFunc get_guests;
    gpointer user_data;
} MapContext;

static GSettings *
window_settings (GtkWindow *window)
{
    GtkApplication *app = gtk_window_get_application (window);

    return DOMUS_IS_APPLICATION (app) ? domus_application_get_settings (DOMUS_APPLICATION (app))
                                      : NULL;
}

static void
map_action_activated (GSimpleAction *simple, GVariant *param, gpointer user_data)
{
    MapContext *ctx = user_data;
    const char *name = g_action_get_name (G_ACTION (simple));
    g_autoptr(GPtrArray) guests = ctx->get_guests (ctx->user_data);

    for (guint i = 0; i < DOMUS_N_GUEST_ACTIONS; i++) {
        if (!g_str_equal (domus_guest_action_get_name (i), name))
            continue;
        /* An accelerator can fire on a disabled action's stale state. */
        if (domus_guest_action_applies (i, guests))
            domus_guest_actions_run (ctx->window, window_settings (ctx->window), i, guests);
        return;
    }
}

/* Every guest has a saved state: Start would restore them, so it is called
 * Restore, a second action (menus show whichever applies). */
static gboolean
all_have_saved_state (GPtrArray *guests)
{
    for (guint i = 0; i < guests->len; i++) {
        DomusGuestRef *ref = g_ptr_array_index (guests, i);

        if (!domus_domain_get_has_managed_save (ref->domain))
            return FALSE;
    }
    return guests->len > 0;
}

/* libvirt's start restores a saved state: Restore runs Start, and says
 * that it restores. */
static void
map_restore_activated (GSimpleAction *simple, GVariant *param, gpointer user_data)
{
    MapContext *ctx = user_data;
    g_autoptr(GPtrArray) guests = ctx->get_guests (ctx->user_data);

    if (all_have_saved_state (guests) &&
        domus_guest_action_applies (DOMUS_GUEST_ACTION_START, guests))
        domus_guest_actions_restore (ctx->window, window_settings (ctx->window), guests);
}

static void
map_cancel_save_activated (GSimpleAction *simple, GVariant *param, gpointer user_data)
{
    MapContext *ctx = user_data;
    g_autoptr(GPtrArray) guests = ctx->get_guests (ctx->user_data);

    domus_guest_actions_cancel (guests);
}

/* One guest, shut off or paused (a running one writes to the disks being
 * copied), on a connected host, with nothing else under way. */
static gboolean
clone_applies (GPtrArray *guests)
{
    DomusGuestRef *ref = guests->len == 1 ? g_ptr_array_index (guests, 0) : NULL;
    DomusDomainState state = ref ? domus_domain_get_state (ref->domain)
                                 : DOMUS_DOMAIN_STATE_NOSTATE;

    return ref != NULL &&
           domus_connection_get_state (ref->conn) == DOMUS_CONNECTION_STATE_CONNECTED &&
           domus_domain_get_activity (ref->domain) == NULL &&
           (state == DOMUS_DOMAIN_STATE_SHUTOFF || state == DOMUS_DOMAIN_STATE_PAUSED);
}

static void
map_clone_activated (GSimpleAction *simple, GVariant *param, gpointer user_data)
{
    MapContext *ctx = user_data;
    g_autoptr(GPtrArray) guests = ctx->get_guests (ctx->user_data);
    DomusGuestRef *ref;

    if (!clone_applies (guests))
        return;
    ref = g_ptr_array_index (guests, 0);
    gtk_window_present (GTK_WINDOW (domus_clone_dialog_new (ctx->window, ref->conn,
                                                            ref->domain)));
}

/* One guest on a connected host with nothing else under way, in the
 * application's list of hosts (the other hosts are the destinations); or
 * several running guests of one such host. */
static gboolean
migrate_applies (GtkWindow *window, GPtrArray *guests)
{
    DomusGuestRef *first = guests->len > 0 ? g_ptr_array_index (guests, 0) : NULL;

    if (first == NULL || !DOMUS_IS_APPLICATION (gtk_window_get_application (window)) ||
        domus_connection_get_state (first->conn) != DOMUS_CONNECTION_STATE_CONNECTED)
        return FALSE;
    for (guint i = 0; i < guests->len; i++) {
        DomusGuestRef *ref = g_ptr_array_index (guests, i);

        if (ref->conn != first->conn || domus_domain_get_activity (ref->domain) != NULL ||
            (guests->len > 1 && !domus_domain_is_active (ref->domain)))
            return FALSE;
    }
    return TRUE;
}

static void
map_migrate_activated (GSimpleAction *simple, GVariant *param, gpointer user_data)
{
    MapContext *ctx = user_data;
    g_autoptr(GPtrArray) guests = ctx->get_guests (ctx->user_data);
    GListModel *hosts;
    DomusGuestRef *ref;

    if (!migrate_applies (ctx->window, guests))
        return;
    ref = g_ptr_array_index (guests, 0);
    hosts = domus_application_get_connections (
        DOMUS_APPLICATION (gtk_window_get_application (ctx->window)));
    if (guests->len == 1) {
        gtk_window_present (GTK_WINDOW (domus_migrate_dialog_new (ctx->window, ref->conn,
                                                                  ref->domain, hosts)));
    } else {
        g_autoptr(GPtrArray) domains = g_ptr_array_new ();

        for (guint i = 0; i < guests->len; i++)
            g_ptr_array_add (domains, ((DomusGuestRef *) g_ptr_array_index (guests, i))->domain);
        gtk_window_present (GTK_WINDOW (domus_migrate_batch_dialog_new (ctx->window, ref->conn,
                                                                        domains, hosts)));
    }
}

/* Guests of one connected host with nothing else under way. */
static gboolean
back_up_applies (GPtrArray *guests)
{
    DomusGuestRef *first = guests->len > 0 ? g_ptr_array_index (guests, 0) : NULL;

    if (first == NULL ||
        domus_connection_get_state (first->conn) != DOMUS_CONNECTION_STATE_CONNECTED)
        return FALSE;
    for (guint i = 0; i < guests->len; i++) {
        DomusGuestRef *ref = g_ptr_array_index (guests, i);

        if (ref->conn != first->conn || domus_domain_get_activity (ref->domain) != NULL)
            return FALSE;
    }
    return TRUE;
}

static void
map_back_up_activated (GSimpleAction *simple, GVariant *param, gpointer user_data)
{
    MapContext *ctx = user_data;
    g_autoptr(GPtrArray) guests = ctx->get_guests (ctx->user_data);
    g_autofree DomusDomain **domains = NULL;

    if (!back_up_applies (guests))
        return;
    domains = g_new0 (DomusDomain *, guests->len + 1);
    for (guint i = 0; i < guests->len; i++)
        domains[i] = ((DomusGuestRef *) g_ptr_array_index (guests, i))->domain;
    gtk_window_present (GTK_WINDOW (domus_backup_dialog_new_for_guests (
        ctx->window, ((DomusGuestRef *) g_ptr_array_index (guests, 0))->conn, domains)));
}

static void
map_autostart_change_state (GSimpleAction *simple, GVariant *value, gpointer user_data)
{
    MapContext *ctx = user_data;
    g_autoptr(GPtrArray) guests = ctx->get_guests (ctx->user_data);

    /* The state follows from the guests once their hosts have answered. */
    domus_guest_actions_set_autostart (ctx->window, guests, g_variant_get_boolean (value));
}

static void
add_simple (GActionMap *map, GSimpleAction *action, const char *signal, GCallback callback,
            MapContext *ctx)
{
    g_signal_connect (action, signal, callback, ctx);
    g_simple_action_set_enabled (action, FALSE);
    g_action_map_add_action (map, G_ACTION (action));
    g_object_unref (action);
}

void
domus_guest_actions_add_to_map (GActionMap *map, GtkWindow *window,
                                 DomusGuestsFunc get_guests, gpointer user_data)
{
    MapContext *ctx;

    g_return_if_fail (G_IS_ACTION_MAP (map));
    g_return_if_fail (GTK_IS_WINDOW (window));
    g_return_if_fail (get_guests != NULL);

    ctx = g_new0 (MapContext, 1);
    ctx->window = window;
    ctx->get_guests = get_guests;
    ctx->user_data = user_data;
    g_object_set_data_full (G_OBJECT (map), "domus-guest-actions", ctx, g_free);

    for (guint i = 0; i < DOMUS_N_GUEST_ACTIONS; i++)
        add_simple (map, g_simple_action_new (domus_guest_action_get_name (i), NULL), "activate",
                    G_CALLBACK (map_action_activated), ctx);
    add_simple (map, g_simple_action_new ("restore", NULL), "activate",
                G_CALLBACK (map_restore_activated), ctx);
    add_simple (map, g_simple_action_new ("cancel-save", NULL), "activate",
                G_CALLBACK (map_cancel_save_activated), ctx);
    add_simple (map, g_simple_action_new ("clone", NULL), "activate",
                G_CALLBACK (map_clone_activated), ctx);
    add_simple (map, g_simple_action_new ("migrate", NULL), "activate",
                G_CALLBACK (map_migrate_activated), ctx);
    add_simple (map, g_simple_action_new ("back-up", NULL), "activate",
                G_CALLBACK (map_back_up_activated), ctx);
    add_simple (map, g_simple_action_new_stateful ("autostart", NULL,
                                                   g_variant_new_boolean (FALSE)),
                "change-state", G_CALLBACK (map_autostart_change_state), ctx);
}

static GtkWindow *
ctx_window (GActionMap *map)
{
    MapContext *ctx = g_object_get_data (G_OBJECT (map), "domus-guest-actions");

    return ctx->window;
}

void
domus_guest_actions_update_map (GActionMap *map, GPtrArray *guests)
{
    GAction *autostart = g_action_map_lookup_action (map, "autostart");
    gboolean all_connected = guests->len > 0;
    gboolean all_autostart = guests->len > 0;
    gboolean restore = all_have_saved_state (guests);

    for (guint i = 0; i < DOMUS_N_GUEST_ACTIONS; i++)
        g_simple_action_set_enabled (
            G_SIMPLE_ACTION (g_action_map_lookup_action (map, domus_guest_action_get_name (i))),
            domus_guest_action_applies (i, guests) &&
            !(i == DOMUS_GUEST_ACTION_START && restore));
    g_simple_action_set_enabled (
        G_SIMPLE_ACTION (g_action_map_lookup_action (map, "restore")),
        restore && domus_guest_action_applies (DOMUS_GUEST_ACTION_START, guests));
    for (guint i = 0; i < guests->len; i++) {
        DomusGuestRef *ref = g_ptr_array_index (guests, i);

        all_connected &= domus_connection_get_state (ref->conn) ==
                         DOMUS_CONNECTION_STATE_CONNECTED;
        all_autostart &= domus_domain_get_autostart (ref->domain);
    }
    g_simple_action_set_enabled (G_SIMPLE_ACTION (autostart), all_connected);
    g_simple_action_set_state (G_SIMPLE_ACTION (autostart), g_variant_new_boolean (all_autostart));
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "cancel-save")),
                                 domus_guest_actions_can_cancel (guests));
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "clone")),
                                 clone_applies (guests));
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "migrate")),
                                 migrate_applies (ctx_window (map), guests));
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "back-up")),
                                 back_up_applies (guests));
}
