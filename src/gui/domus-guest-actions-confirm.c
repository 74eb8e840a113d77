/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a run of a guest action asks before it starts: where something can
 * be lost, a question that says what (about one guest or naming several),
 * with "Don't ask again"; for Delete, each guest's disks read first and
 * the Delete dialog to choose which go.
 */
#include "config.h"

#include "domus-guest-actions-private.h"

#include <glib/gi18n.h>

#include "domus-delete-dialog.h"

typedef struct {
    const char *key;
    const char *verb;
} Confirmation;

/* The actions that ask first: where something can be lost. */
static const Confirmation *
confirmation_for (DomusGuestAction action)
{
    static const Confirmation table[DOMUS_N_GUEST_ACTIONS] = {
        [DOMUS_GUEST_ACTION_FORCE_OFF] = { "confirm-force-off", N_("_Force Off") },
        [DOMUS_GUEST_ACTION_RESET] = { "confirm-force-reset", N_("_Force Reset") },
        [DOMUS_GUEST_ACTION_REBOOT] = { "confirm-reboot", N_("_Reboot") },
        [DOMUS_GUEST_ACTION_SHUTDOWN] = { "confirm-shutdown", N_("_Shut Down") },
        [DOMUS_GUEST_ACTION_PAUSE] = { "confirm-pause", N_("_Pause") },
    };

    return table[action].key != NULL ? &table[action] : NULL;
}

/* "Force off “web01”?", "Force off 3 guests?" */
static char *
confirmation_title (DomusGuestAction action, guint n, const char *name)
{
    const char *format;

    switch (action) {
    case DOMUS_GUEST_ACTION_FORCE_OFF:
        if (n == 1)
            return g_strdup_printf (_("Force off “%s”?"), name);
        format = g_dngettext (GETTEXT_PACKAGE, "Force off %u guest?", "Force off %u guests?", n);
        break;
    case DOMUS_GUEST_ACTION_RESET:
        if (n == 1)
            return g_strdup_printf (_("Force reset “%s”?"), name);
        format = g_dngettext (GETTEXT_PACKAGE, "Force reset %u guest?",
                              "Force reset %u guests?", n);
        break;
    case DOMUS_GUEST_ACTION_REBOOT:
        if (n == 1)
            return g_strdup_printf (_("Reboot “%s”?"), name);
        format = g_dngettext (GETTEXT_PACKAGE, "Reboot %u guest?", "Reboot %u guests?", n);
        break;
    case DOMUS_GUEST_ACTION_SHUTDOWN:
        if (n == 1)
            return g_strdup_printf (_("Shut down “%s”?"), name);
        format = g_dngettext (GETTEXT_PACKAGE, "Shut down %u guest?", "Shut down %u guests?", n);
        break;
    case DOMUS_GUEST_ACTION_PAUSE:
        if (n == 1)
            return g_strdup_printf (_("Pause “%s”?"), name);
        format = g_dngettext (GETTEXT_PACKAGE, "Pause %u guest?", "Pause %u guests?", n);
        break;
    default:
        g_assert_not_reached ();
    }
    /* The format is one of the translated ones above. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    return g_strdup_printf (format, n);
#pragma GCC diagnostic pop
}

/* What is lost, said of one guest or of several. */
static const char *
confirmation_loss (DomusGuestAction action, guint n)
{
    switch (action) {
    case DOMUS_GUEST_ACTION_FORCE_OFF:
        return g_dngettext (GETTEXT_PACKAGE,
            "The guest stops at once, like a server losing power: whatever it has not "
            "written to disk is lost, and open files may be left damaged.",
            "The guests stop at once, like servers losing power: whatever they have not "
            "written to disk is lost, and open files may be left damaged.", n);
    case DOMUS_GUEST_ACTION_RESET:
        return g_dngettext (GETTEXT_PACKAGE,
            "The guest restarts at once, like a server losing power: whatever it has not "
            "written to disk is lost, and open files may be left damaged.",
            "The guests restart at once, like servers losing power: whatever they have not "
            "written to disk is lost, and open files may be left damaged.", n);
    case DOMUS_GUEST_ACTION_REBOOT:
        return g_dngettext (GETTEXT_PACKAGE,
            "Programs running in the guest are closed: unsaved work in them is lost, "
            "and its services are down until it is back.",
            "Programs running in the guests are closed: unsaved work in them is lost, "
            "and their services are down until they are back.", n);
    case DOMUS_GUEST_ACTION_SHUTDOWN:
        return g_dngettext (GETTEXT_PACKAGE,
            "The guest’s system is asked to shut down: programs running in it are closed, "
            "unsaved work in them is lost, and its services stop.",
            "The guests’ systems are asked to shut down: programs running in them are "
            "closed, unsaved work in them is lost, and their services stop.", n);
    case DOMUS_GUEST_ACTION_PAUSE:
        return g_dngettext (GETTEXT_PACKAGE,
            "The guest stops running until it is resumed: its services do not answer, "
            "and network connections to it may time out and be lost.",
            "The guests stop running until they are resumed: their services do not "
            "answer, and network connections to them may time out and be lost.", n);
    default:
        g_assert_not_reached ();
    }
}

/* A question about several guests names them: all of a few, or the first
 * ones and how many more ("web01, web02, mail, proxy and 3 more guests"). */
#define MAX_NAMED 5

static char *
run_guest_names (Run *run)
{
    guint n = run->items->len;
    guint shown = n <= MAX_NAMED ? n : MAX_NAMED - 1;
    g_autoptr(GString) names = g_string_new (NULL);

    for (guint i = 0; i < shown; i++) {
        Item *item = g_ptr_array_index (run->items, i);

        if (i > 0)
            /* TRANSLATORS: between two guest names in a list */
            g_string_append (names, _(", "));
        g_string_append (names, domus_domain_get_name (item->ref->domain));
    }
    if (shown == n)
        return g_string_free (g_steal_pointer (&names), FALSE);
    /* TRANSLATORS: %s is a list of guest names, %u how many are left out */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s and %u more guest",
                                         "%s and %u more guests", n - shown),
                            names->str, n - shown);
}

typedef struct {
    Run *run;
    GtkToggleButton *dont_ask;
    const char *key;
} Asking;

static void
confirm_response_cb (GtkDialog *dialog, int response, gpointer user_data)
{
    Asking *asking = user_data;
    Run *run = asking->run;

    if (response == GTK_RESPONSE_ACCEPT) {
        if (gtk_toggle_button_get_active (asking->dont_ask))
            g_settings_set_boolean (run->settings, asking->key, FALSE);
        domus_guest_run_start_jobs (run);
    } else {
        domus_guest_run_detach (run);
    }
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static GtkWidget *
make_dont_ask_button (void)
{
    GtkWidget *button = gtk_check_button_new_with_mnemonic (_("_Don’t ask again"));

    gtk_widget_set_tooltip_text (button, _("Can be turned back on in Preferences"));
    atk_object_set_name (gtk_widget_get_accessible (button), _("Don’t ask again"));
    gtk_widget_show (button);
    return button;
}

static void
run_confirm (Run *run, const Confirmation *c)
{
    DomusGuestRef *first = ((Item *) g_ptr_array_index (run->items, 0))->ref;
    g_autofree char *title = NULL;
    Asking *asking;
    GtkWidget *dialog, *dont_ask;

    title = confirmation_title (run->action, run->items->len,
                                domus_domain_get_name (first->domain));
    dialog = gtk_message_dialog_new (run->parent, GTK_DIALOG_MODAL |
                                     GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_WARNING,
                                     GTK_BUTTONS_NONE, "%s", title);
    if (run->items->len == 1) {
        gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                                  confirmation_loss (run->action, 1));
    } else {
        g_autofree char *names = run_guest_names (run);

        gtk_message_dialog_format_secondary_text (
            GTK_MESSAGE_DIALOG (dialog), "%s\n\n%s", names,
            confirmation_loss (run->action, run->items->len));
    }
    dont_ask = make_dont_ask_button ();
    gtk_container_add (GTK_CONTAINER (gtk_message_dialog_get_message_area (
                                          GTK_MESSAGE_DIALOG (dialog))), dont_ask);
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
    gtk_dialog_add_button (GTK_DIALOG (dialog), _(c->verb), GTK_RESPONSE_ACCEPT);
    gtk_style_context_add_class (
        gtk_widget_get_style_context (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog),
                                                                          GTK_RESPONSE_ACCEPT)),
        "destructive-action");
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    atk_object_set_name (gtk_widget_get_accessible (dialog), title);

    asking = g_new0 (Asking, 1);
    asking->run = run;
    asking->dont_ask = GTK_TOGGLE_BUTTON (dont_ask);
    asking->key = c->key;
    g_signal_connect_data (dialog, "response", G_CALLBACK (confirm_response_cb), asking,
                           (GClosureNotify) (void (*) (void)) g_free, 0);
    gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- delete ------------------------------------------------------------- */

static void
delete_dialog_response_cb (GtkDialog *dialog, int response, gpointer user_data)
{
    Run *run = user_data;
    DomusDeleteDialog *dd = DOMUS_DELETE_DIALOG (dialog);

    if (response == GTK_RESPONSE_ACCEPT) {
        if (domus_delete_dialog_get_dont_ask (dd))
            g_settings_set_boolean (run->settings, "confirm-delete", FALSE);
        for (guint i = 0; i < run->items->len; i++) {
            Item *item = g_ptr_array_index (run->items, i);

            item->paths = domus_delete_dialog_get_paths (dd, i);
        }
        domus_guest_run_start_jobs (run);
    } else {
        domus_guest_run_detach (run);
    }
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
plan_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Item *item = user_data;
    Run *run = item->run;
    g_autoptr(GError) error = NULL;

    item->plan = domus_domain_delete_plan_finish (DOMUS_CONNECTION (source), result, &error);
    if (item->plan == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        item->error = g_steal_pointer (&error);
    domus_domain_set_activity (item->ref->domain, NULL);

    if (--run->pending == 0 && run->parent != NULL) {
        gboolean failed = FALSE;

        for (guint i = 0; i < run->items->len; i++)
            failed |= ((Item *) g_ptr_array_index (run->items, i))->error != NULL;
        if (failed) {
            /* Nothing is deleted when a guest's disks could not be read. */
            domus_guest_run_show_summary (run);
            domus_guest_run_detach (run);
        } else if (run->settings == NULL ||
                   g_settings_get_boolean (run->settings, "confirm-delete")) {
            GtkWidget *dialog = domus_delete_dialog_new (run->parent);

            for (guint i = 0; i < run->items->len; i++) {
                Item *it = g_ptr_array_index (run->items, i);

                domus_delete_dialog_add_guest (DOMUS_DELETE_DIALOG (dialog),
                                               domus_connection_get_display_name (it->ref->conn),
                                               it->plan);
            }
            g_signal_connect (dialog, "response", G_CALLBACK (delete_dialog_response_cb), run);
            gtk_window_present (GTK_WINDOW (dialog));
        } else {
            /* Not asked: the definitions go, all storage stays. */
            domus_guest_run_start_jobs (run);
        }
    }
    domus_guest_run_unref (run);
}

static void
run_plan_delete (Run *run)
{
    run->pending = run->items->len;
    for (guint i = 0; i < run->items->len; i++) {
        Item *item = g_ptr_array_index (run->items, i);

        domus_domain_set_activity (item->ref->domain, _("Reading disks…"));
        domus_guest_run_ref (run);
        domus_domain_delete_plan_async (item->ref->conn, item->ref->domain, run->cancellable,
                                        plan_done_cb, item);
    }
}

void
domus_guest_run_ask (Run *run)
{
    const Confirmation *c = confirmation_for (run->action);

    if (run->action == DOMUS_GUEST_ACTION_DELETE)
        run_plan_delete (run);
    else if (c != NULL && run->settings != NULL && g_settings_get_boolean (run->settings, c->key))
        run_confirm (run, c);
    else
        domus_guest_run_start_jobs (run);
}
