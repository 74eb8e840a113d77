/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One run of a guest action over many guests. A run asks first where
 * something can be lost, starts every guest's job at once (each host's
 * worker takes its own in order), shows progress as each guest's activity,
 * and when all are back shows one summary of the failures with libvirt's
 * words. Shut Down stays to watch the guests go off and offers Force Off
 * after the timeout. A run ends early when its window is destroyed.
 */
#include "config.h"

#include "domus-guest-actions.h"
#include "domus-guest-actions-private.h"

#include <glib/gi18n.h>

#include "domus-domain-delete.h"
#include "domus-domain-save.h"
#include "domus-domain-actions.h"

/* The guest actions core runs are DomusDomainAction's, cast. */
G_STATIC_ASSERT ((int) DOMUS_GUEST_ACTION_START == (int) DOMUS_DOMAIN_ACTION_START);
G_STATIC_ASSERT ((int) DOMUS_GUEST_ACTION_FORCE_OFF == (int) DOMUS_DOMAIN_ACTION_FORCE_OFF);
G_STATIC_ASSERT ((int) DOMUS_GUEST_ACTION_REMOVE_SAVED_STATE ==
                 (int) DOMUS_DOMAIN_ACTION_REMOVE_SAVED_STATE);
G_STATIC_ASSERT ((int) DOMUS_GUEST_ACTION_SAVE == (int) DOMUS_N_DOMAIN_ACTIONS);

static const char *const action_names[DOMUS_N_GUEST_ACTIONS] = {
    [DOMUS_GUEST_ACTION_START] = "start",
    [DOMUS_GUEST_ACTION_PAUSE] = "pause",
    [DOMUS_GUEST_ACTION_RESUME] = "resume",
    [DOMUS_GUEST_ACTION_SHUTDOWN] = "shutdown",
    [DOMUS_GUEST_ACTION_REBOOT] = "reboot",
    [DOMUS_GUEST_ACTION_RESET] = "reset",
    [DOMUS_GUEST_ACTION_FORCE_OFF] = "force-off",
    [DOMUS_GUEST_ACTION_REMOVE_SAVED_STATE] = "remove-saved-state",
    [DOMUS_GUEST_ACTION_SAVE] = "save",
    [DOMUS_GUEST_ACTION_DELETE] = "delete",
};

DomusGuestRef *
domus_guest_ref_new (DomusConnection *conn, DomusDomain *domain)
{
    DomusGuestRef *ref = g_new0 (DomusGuestRef, 1);

    ref->conn = g_object_ref (conn);
    ref->domain = g_object_ref (domain);
    return ref;
}

void
domus_guest_ref_free (DomusGuestRef *ref)
{
    g_object_unref (ref->conn);
    g_object_unref (ref->domain);
    g_free (ref);
}

GPtrArray *
domus_guest_ref_array_new (void)
{
    return g_ptr_array_new_with_free_func ((GDestroyNotify) domus_guest_ref_free);
}

const char *
domus_guest_action_get_name (DomusGuestAction action)
{
    g_return_val_if_fail (action < DOMUS_N_GUEST_ACTIONS, NULL);
    return action_names[action];
}

static gboolean
applies_to_one (DomusGuestAction action, DomusDomain *domain)
{
    DomusDomainState state = domus_domain_get_state (domain);

    switch (action) {
    case DOMUS_GUEST_ACTION_SAVE:
        return state == DOMUS_DOMAIN_STATE_RUNNING || state == DOMUS_DOMAIN_STATE_BLOCKED ||
               state == DOMUS_DOMAIN_STATE_PAUSED;
    case DOMUS_GUEST_ACTION_DELETE:
        return TRUE;
    case DOMUS_GUEST_ACTION_START:
    case DOMUS_GUEST_ACTION_PAUSE:
    case DOMUS_GUEST_ACTION_RESUME:
    case DOMUS_GUEST_ACTION_SHUTDOWN:
    case DOMUS_GUEST_ACTION_REBOOT:
    case DOMUS_GUEST_ACTION_RESET:
    case DOMUS_GUEST_ACTION_FORCE_OFF:
    case DOMUS_GUEST_ACTION_REMOVE_SAVED_STATE:
        return domus_domain_action_applies_to ((DomusDomainAction) action, domain);
    case DOMUS_N_GUEST_ACTIONS:
        break;
    }
    g_assert_not_reached ();
}

gboolean
domus_guest_action_applies (DomusGuestAction action, GPtrArray *guests)
{
    g_return_val_if_fail (action < DOMUS_N_GUEST_ACTIONS, FALSE);

    if (guests == NULL || guests->len == 0)
        return FALSE;
    for (guint i = 0; i < guests->len; i++) {
        DomusGuestRef *ref = g_ptr_array_index (guests, i);

        /* While something runs on a guest, only Force Off may cut in (a
         * Shut Down it ignores, a Save that hangs). */
        if (domus_connection_get_state (ref->conn) != DOMUS_CONNECTION_STATE_CONNECTED ||
            (domus_domain_get_activity (ref->domain) != NULL &&
             action != DOMUS_GUEST_ACTION_FORCE_OFF) ||
            !applies_to_one (action, ref->domain))
            return FALSE;
    }
    return TRUE;
}

/* ---- a run -------------------------------------------------------------- */

/* DomusDomain -> Item whose save is running: what Cancel Save stops. */
static GHashTable *saving;

static void
item_stop_waiting (Item *item)
{
    if (!item->waiting_off)
        return;
    item->waiting_off = FALSE;
    g_clear_signal_handler (&item->notify_id, item->ref->domain);
    domus_domain_set_activity (item->ref->domain, NULL);
}

static void
item_free (Item *item)
{
    item_stop_waiting (item);
    g_clear_error (&item->error);
    g_clear_pointer (&item->plan, domus_delete_plan_free);
    g_strfreev (item->paths);
    if (saving != NULL && g_hash_table_lookup (saving, item->ref->domain) == item)
        g_hash_table_remove (saving, item->ref->domain);
    g_clear_object (&item->cancellable);
    domus_guest_ref_free (item->ref);
    g_free (item);
}

static void
run_clear (Run *run)
{
    g_clear_handle_id (&run->timeout_id, g_source_remove);
    g_clear_pointer (&run->timeout_dialog, gtk_widget_destroy);
    g_clear_pointer (&run->items, g_ptr_array_unref);
    g_clear_object (&run->cancellable);
    g_clear_object (&run->settings);
}

Run *
domus_guest_run_ref (Run *run)
{
    return g_rc_box_acquire (run);
}

void
domus_guest_run_unref (Run *run)
{
    g_rc_box_release_full (run, (GDestroyNotify) run_clear);
}

/* The window is going: stop everything that would show in it. */
void
domus_guest_run_detach (Run *run)
{
    if (run->parent == NULL)
        return;
    g_signal_handler_disconnect (run->parent, run->destroy_id);
    run->parent = NULL;
    g_cancellable_cancel (run->cancellable);
    g_clear_handle_id (&run->timeout_id, g_source_remove);
    g_clear_pointer (&run->timeout_dialog, gtk_widget_destroy);
    for (guint i = 0; i < run->items->len; i++) {
        Item *item = g_ptr_array_index (run->items, i);

        g_cancellable_cancel (item->cancellable);
        item_stop_waiting (item);
    }
    domus_guest_run_unref (run);    /* the window's */
}

static void
parent_destroy_cb (GtkWidget *widget, Run *run)
{
    domus_guest_run_detach (run);
}

static Run *
run_new (GtkWindow *parent, GSettings *settings, DomusGuestAction action, GPtrArray *guests)
{
    Run *run = g_rc_box_new0 (Run);

    run->parent = parent;
    run->settings = settings ? g_object_ref (settings) : NULL;
    run->action = action;
    run->cancellable = g_cancellable_new ();
    run->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
    for (guint i = 0; i < guests->len; i++) {
        DomusGuestRef *ref = g_ptr_array_index (guests, i);
        Item *item = g_new0 (Item, 1);

        item->run = run;
        item->ref = domus_guest_ref_new (ref->conn, ref->domain);
        item->cancellable = g_cancellable_new ();
        g_ptr_array_add (run->items, item);
    }
    /* The window's reference, dropped when it goes or the run ends. */
    run->destroy_id = g_signal_connect (parent, "destroy", G_CALLBACK (parent_destroy_cb), run);
    return run;
}

static const char *const activity_texts[DOMUS_N_GUEST_ACTIONS] = {
    [DOMUS_GUEST_ACTION_START] = N_("Starting…"),
    [DOMUS_GUEST_ACTION_PAUSE] = N_("Pausing…"),
    [DOMUS_GUEST_ACTION_RESUME] = N_("Resuming…"),
    [DOMUS_GUEST_ACTION_SHUTDOWN] = N_("Shutting down…"),
    [DOMUS_GUEST_ACTION_REBOOT] = N_("Rebooting…"),
    [DOMUS_GUEST_ACTION_RESET] = N_("Resetting…"),
    [DOMUS_GUEST_ACTION_FORCE_OFF] = N_("Forcing off…"),
    [DOMUS_GUEST_ACTION_REMOVE_SAVED_STATE] = N_("Removing saved state…"),
    [DOMUS_GUEST_ACTION_SAVE] = N_("Saving…"),
    [DOMUS_GUEST_ACTION_DELETE] = N_("Deleting…"),
};

static const char *
activity_text (DomusGuestAction action)
{
    g_assert (action < DOMUS_N_GUEST_ACTIONS);
    return _(activity_texts[action]);
}

/* What a guest's row says while RUN's job is under way. */
static const char *
run_activity_text (Run *run)
{
    /* TRANSLATORS: a guest's progress in the list while its saved state is
     * read back */
    return run->restore ? _("Restoring…") : activity_text (run->action);
}

typedef struct {
    DomusGuestNotifyFunc func;
    gpointer user_data;
} Notifier;

void
domus_guest_actions_set_notify_func (GtkWindow *window, DomusGuestNotifyFunc func,
                                     gpointer user_data)
{
    Notifier *n = g_new0 (Notifier, 1);

    g_return_if_fail (GTK_IS_WINDOW (window));

    n->func = func;
    n->user_data = user_data;
    g_object_set_data_full (G_OBJECT (window), "domus-guest-notifier", n, g_free);
}

void
domus_guest_actions_notify (GtkWindow *window, const char *text)
{
    Notifier *n;

    g_return_if_fail (GTK_IS_WINDOW (window));
    g_return_if_fail (text != NULL);

    n = g_object_get_data (G_OBJECT (window), "domus-guest-notifier");
    if (n != NULL)
        n->func (text, n->user_data);
}

/* What a run over N guests did, when every one of them succeeded. */
static char *
done_text (DomusGuestAction action, guint n)
{
    const char *format;

    switch (action) {
    case DOMUS_GUEST_ACTION_START:
        format = g_dngettext (GETTEXT_PACKAGE, "Started %u guest", "Started %u guests", n);
        break;
    case DOMUS_GUEST_ACTION_PAUSE:
        format = g_dngettext (GETTEXT_PACKAGE, "Paused %u guest", "Paused %u guests", n);
        break;
    case DOMUS_GUEST_ACTION_RESUME:
        format = g_dngettext (GETTEXT_PACKAGE, "Resumed %u guest", "Resumed %u guests", n);
        break;
    case DOMUS_GUEST_ACTION_SHUTDOWN:
        format = g_dngettext (GETTEXT_PACKAGE, "Asked %u guest to shut down",
                              "Asked %u guests to shut down", n);
        break;
    case DOMUS_GUEST_ACTION_REBOOT:
        format = g_dngettext (GETTEXT_PACKAGE, "Asked %u guest to reboot",
                              "Asked %u guests to reboot", n);
        break;
    case DOMUS_GUEST_ACTION_RESET:
        format = g_dngettext (GETTEXT_PACKAGE, "Reset %u guest", "Reset %u guests", n);
        break;
    case DOMUS_GUEST_ACTION_FORCE_OFF:
        format = g_dngettext (GETTEXT_PACKAGE, "Forced off %u guest", "Forced off %u guests", n);
        break;
    case DOMUS_GUEST_ACTION_REMOVE_SAVED_STATE:
        format = g_dngettext (GETTEXT_PACKAGE, "Removed the saved state of %u guest",
                              "Removed the saved state of %u guests", n);
        break;
    case DOMUS_GUEST_ACTION_SAVE:
        format = g_dngettext (GETTEXT_PACKAGE, "Saved %u guest", "Saved %u guests", n);
        break;
    case DOMUS_GUEST_ACTION_DELETE:
        format = g_dngettext (GETTEXT_PACKAGE, "Deleted %u guest", "Deleted %u guests", n);
        break;
    case DOMUS_N_GUEST_ACTIONS:
    default:
        g_assert_not_reached ();
    }
    /* The format is one of the translated ones above. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    return g_strdup_printf (format, n);
#pragma GCC diagnostic pop
}

/* Every guest done: a run over several says so where its window shows
 * notifications (one guest's row already tells). */
static void
run_notify_done (Run *run)
{
    g_autofree char *text = NULL;

    if (run->parent == NULL || run->items->len < 2)
        return;
    if (run->restore) {
        guint n = run->items->len;

        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Restored %u guest",
                                             "Restored %u guests", n), n);
    } else {
        text = done_text (run->action, run->items->len);
    }
    if (text != NULL)
        domus_guest_actions_notify (run->parent, text);
}

/* One dialog for everything that failed: libvirt's words, guest and host
 * named in each (core's messages name them). */
void
domus_guest_run_show_summary (Run *run)
{
    g_autoptr(GString) failed = g_string_new (NULL);
    g_autoptr(GString) done = g_string_new (NULL);
    guint n_failed = 0;
    guint n_cancelled = 0;
    GtkWidget *dialog;

    for (guint i = 0; i < run->items->len; i++) {
        Item *item = g_ptr_array_index (run->items, i);

        if (item->cancelled) {
            n_cancelled++;
        } else if (item->error != NULL) {
            g_string_append_printf (failed, "%s%s", n_failed ? "\n\n" : "", item->error->message);
            n_failed++;
        } else {
            g_string_append_printf (done, "%s%s", done->len ? ", " : "",
                                    domus_domain_get_name (item->ref->domain));
        }
    }
    /* A cancel already said so, and "Saved 2 guests" would not be true. */
    if (n_failed == 0) {
        if (n_cancelled == 0)
            run_notify_done (run);
        return;
    }
    if (run->parent == NULL)
        return;

    dialog = gtk_message_dialog_new (run->parent, GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                     g_dngettext (GETTEXT_PACKAGE,
                                                  "%u of %u guests failed",
                                                  "%u of %u guests failed", run->items->len),
                                     n_failed, run->items->len);
    if (done->len > 0) {
        g_autofree char *ok = g_strdup_printf (_("Done: %s"), done->str);

        g_string_append_printf (failed, "\n\n%s", ok);
    }
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", failed->str);
    atk_object_set_name (gtk_widget_get_accessible (dialog), _("Guest Action Failed"));
    g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
    gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean run_shutdown_timeout_cb (gpointer data);

static gboolean
run_waiting (Run *run)
{
    for (guint i = 0; i < run->items->len; i++) {
        Item *item = g_ptr_array_index (run->items, i);

        if (item->waiting_off)
            return TRUE;
    }
    return FALSE;
}

/* The last guest went off, or the run has nothing to watch: it ends. */
static void
run_maybe_end (Run *run)
{
    if (run->pending > 0 || run_waiting (run))
        return;
    g_clear_handle_id (&run->timeout_id, g_source_remove);
    g_clear_pointer (&run->timeout_dialog, gtk_widget_destroy);
    domus_guest_run_detach (run);
}

static void
run_arm_shutdown_timer (Run *run)
{
    guint seconds = run->settings ? g_settings_get_uint (run->settings, "shutdown-timeout")
                                  : 300;

    g_clear_handle_id (&run->timeout_id, g_source_remove);
    run->timeout_id = g_timeout_add_seconds (seconds, run_shutdown_timeout_cb, run);
}

static void
guest_state_cb (DomusDomain *domain, GParamSpec *pspec, gpointer user_data)
{
    Item *item = user_data;

    if (domus_domain_get_state (domain) != DOMUS_DOMAIN_STATE_SHUTOFF)
        return;
    item_stop_waiting (item);
    if (!run_waiting (item->run)) {
        /* All went off: a question about it would be stale. */
        g_clear_pointer (&item->run->timeout_dialog, gtk_widget_destroy);
        run_maybe_end (item->run);
    }
}

static void
timeout_response_cb (GtkDialog *dialog, int response, gpointer user_data)
{
    Run *run = user_data;

    run->timeout_dialog = NULL;
    gtk_widget_destroy (GTK_WIDGET (dialog));
    if (response == GTK_RESPONSE_ACCEPT) {
        /* Force off what is still on, as a run of its own. */
        g_autoptr(GPtrArray) guests = domus_guest_ref_array_new ();
        Run *force;

        for (guint i = 0; i < run->items->len; i++) {
            Item *item = g_ptr_array_index (run->items, i);

            if (item->waiting_off)
                g_ptr_array_add (guests, domus_guest_ref_new (item->ref->conn,
                                                              item->ref->domain));
        }
        force = run_new (run->parent, run->settings, DOMUS_GUEST_ACTION_FORCE_OFF, guests);
        for (guint i = 0; i < run->items->len; i++)
            item_stop_waiting (g_ptr_array_index (run->items, i));
        run_maybe_end (run);
        domus_guest_run_start_jobs (force);
    } else {
        /* Keep Waiting, or the question closed unanswered: ask again later. */
        run_arm_shutdown_timer (run);
    }
}

/* Never forces by itself: asks. */
static gboolean
run_shutdown_timeout_cb (gpointer data)
{
    Run *run = data;
    g_autoptr(GString) names = g_string_new (NULL);
    guint n = 0;
    GtkWidget *dialog;

    run->timeout_id = 0;
    for (guint i = 0; i < run->items->len; i++) {
        Item *item = g_ptr_array_index (run->items, i);

        if (!item->waiting_off)
            continue;
        g_string_append_printf (names, "%s%s", n ? ", " : "",
                                domus_domain_get_name (item->ref->domain));
        n++;
    }
    if (n == 0 || run->parent == NULL)
        return G_SOURCE_REMOVE;

    dialog = gtk_message_dialog_new (run->parent, GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                     g_dngettext (GETTEXT_PACKAGE,
                                                  "%s has not shut down",
                                                  "%s have not shut down", n),
                                     names->str);
    gtk_message_dialog_format_secondary_text (
        GTK_MESSAGE_DIALOG (dialog), "%s",
        _("A guest without ACPI support, or with a hung system, ignores the request. "
          "Forcing it off loses whatever it has not written to disk."));
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Keep Waiting"), GTK_RESPONSE_REJECT);
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Force Off"), GTK_RESPONSE_ACCEPT);
    gtk_style_context_add_class (
        gtk_widget_get_style_context (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog),
                                                                          GTK_RESPONSE_ACCEPT)),
        "destructive-action");
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_REJECT);
    atk_object_set_name (gtk_widget_get_accessible (dialog), _("Guest Not Shut Down"));
    g_signal_connect (dialog, "response", G_CALLBACK (timeout_response_cb), run);
    run->timeout_dialog = dialog;
    gtk_window_present (GTK_WINDOW (dialog));
    return G_SOURCE_REMOVE;
}

static void
flags_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;

    /* Only labels depend on it; a failure leaves them as they were. */
    if (!domus_domain_refresh_flags_finish (DOMUS_CONNECTION (source), result, &error) &&
        !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("%s", error->message);
}

void
domus_guest_actions_refresh_flags (GPtrArray *guests, GCancellable *cancellable)
{
    for (guint i = 0; i < guests->len; i++) {
        DomusGuestRef *ref = g_ptr_array_index (guests, i);
        DomusConnectionState state = domus_connection_get_state (ref->conn);

        /* "Not responding" too: a long call (a slow start, a save) holds
         * the worker, and the flags read after it are the ones to show. */
        if (state == DOMUS_CONNECTION_STATE_CONNECTED ||
            state == DOMUS_CONNECTION_STATE_NOT_RESPONDING)
            domus_domain_refresh_flags_async (ref->conn, ref->domain, cancellable,
                                              flags_done_cb, NULL);
    }
}

static void
item_done (Item *item, gboolean ok, GError *error)
{
    Run *run = item->run;
    gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

    if (saving != NULL && g_hash_table_lookup (saving, item->ref->domain) == item)
        g_hash_table_remove (saving, item->ref->domain);
    domus_domain_set_activity (item->ref->domain, NULL);
    if (!ok && !cancelled)
        item->error = g_error_copy (error);
    /* Cancel Save, not the window going: core's words say what became of
     * the guest. */
    if (cancelled && run->parent != NULL) {
        item->cancelled = TRUE;
        domus_guest_actions_notify (run->parent, error->message);
    }

    if (ok && run->action == DOMUS_GUEST_ACTION_SHUTDOWN && run->parent != NULL &&
        domus_domain_get_state (item->ref->domain) != DOMUS_DOMAIN_STATE_SHUTOFF) {
        item->waiting_off = TRUE;
        domus_domain_set_activity (item->ref->domain, run_activity_text (run));
        item->notify_id = g_signal_connect (item->ref->domain, "notify::state",
                                            G_CALLBACK (guest_state_cb), item);
    }
    if (ok && run->action != DOMUS_GUEST_ACTION_DELETE && !cancelled) {
        g_autoptr(GPtrArray) one = domus_guest_ref_array_new ();

        g_ptr_array_add (one, domus_guest_ref_new (item->ref->conn, item->ref->domain));
        domus_guest_actions_refresh_flags (one, run->cancellable);
    }

    if (--run->pending > 0)
        return;
    domus_guest_run_show_summary (run);
    if (run_waiting (run))
        run_arm_shutdown_timer (run);
    run_maybe_end (run);
}

static void
job_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Item *item = user_data;
    DomusConnection *conn = DOMUS_CONNECTION (source);
    g_autoptr(GError) error = NULL;
    gboolean ok;

    switch (item->run->action) {
    case DOMUS_GUEST_ACTION_SAVE:
        ok = domus_domain_save_finish (conn, result, &error);
        break;
    case DOMUS_GUEST_ACTION_DELETE:
        ok = domus_domain_delete_finish (conn, result, &error);
        break;
    default:
        ok = domus_domain_action_finish (conn, result, &error);
        break;
    }
    item_done (item, ok, error);
    domus_guest_run_unref (item->run);
}

static void
save_progress_cb (double fraction, gpointer user_data)
{
    Item *item = user_data;
    g_autofree char *text = NULL;

    if (item->run->parent == NULL)
        return;
    if (fraction < 0) {
        domus_domain_set_activity (item->ref->domain, activity_text (DOMUS_GUEST_ACTION_SAVE));
        return;
    }
    /* TRANSLATORS: a guest's progress in the list, "Saving… 40 %" */
    text = g_strdup_printf (_("Saving… %d %%"), (int) (fraction * 100));
    domus_domain_set_activity (item->ref->domain, text);
}

void
domus_guest_run_start_jobs (Run *run)
{
    run->pending = run->items->len;
    if (run->pending == 0) {
        run_maybe_end (run);
        return;
    }
    for (guint i = 0; i < run->items->len; i++) {
        Item *item = g_ptr_array_index (run->items, i);
        DomusGuestRef *ref = item->ref;

        if (run->action == DOMUS_GUEST_ACTION_SAVE) {
            /* Before the activity changes, so that Cancel Save follows it. */
            if (saving == NULL)
                saving = g_hash_table_new (NULL, NULL);
            g_hash_table_insert (saving, ref->domain, item);
        }
        domus_domain_set_activity (ref->domain, run_activity_text (run));
        domus_guest_run_ref (run);
        switch (run->action) {
        case DOMUS_GUEST_ACTION_SAVE:
            domus_domain_save_async (ref->conn, ref->domain, save_progress_cb, item,
                                     item->cancellable, job_done_cb, item);
            break;
        case DOMUS_GUEST_ACTION_DELETE:
            domus_domain_delete_async (ref->conn, ref->domain,
                                       item->plan ? item->plan->active : TRUE,
                                       (const char *const *) item->paths,
                                       item->cancellable, job_done_cb, item);
            break;
        case DOMUS_N_GUEST_ACTIONS:
            g_assert_not_reached ();
        default:
            domus_domain_action_async (ref->conn, ref->domain, (DomusDomainAction) run->action,
                                       item->cancellable, job_done_cb, item);
            break;
        }
    }
}

void
domus_guest_actions_run (GtkWindow *parent, GSettings *settings, DomusGuestAction action,
                         GPtrArray *guests)
{
    Run *run;

    g_return_if_fail (GTK_IS_WINDOW (parent));
    g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));
    g_return_if_fail (action < DOMUS_N_GUEST_ACTIONS);
    g_return_if_fail (guests != NULL);

    if (guests->len == 0)
        return;
    run = run_new (parent, settings, action, guests);
    domus_guest_run_ask (run);
}

void
domus_guest_actions_restore (GtkWindow *parent, GSettings *settings, GPtrArray *guests)
{
    Run *run;

    g_return_if_fail (GTK_IS_WINDOW (parent));
    g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));
    g_return_if_fail (guests != NULL);

    if (guests->len == 0)
        return;
    run = run_new (parent, settings, DOMUS_GUEST_ACTION_START, guests);
    run->restore = TRUE;
    domus_guest_run_ask (run);
}

/* ---- cancelling a save -------------------------------------------------- */

gboolean
domus_guest_actions_can_cancel (GPtrArray *guests)
{
    if (guests == NULL || guests->len == 0 || saving == NULL)
        return FALSE;
    for (guint i = 0; i < guests->len; i++) {
        DomusGuestRef *ref = g_ptr_array_index (guests, i);

        if (!g_hash_table_contains (saving, ref->domain))
            return FALSE;
    }
    return TRUE;
}

void
domus_guest_actions_cancel (GPtrArray *guests)
{
    for (guint i = 0; saving != NULL && i < guests->len; i++) {
        DomusGuestRef *ref = g_ptr_array_index (guests, i);
        Item *item = g_hash_table_lookup (saving, ref->domain);

        /* The worker aborts libvirt's job; the guest keeps running. */
        if (item != NULL)
            g_cancellable_cancel (item->cancellable);
    }
}
