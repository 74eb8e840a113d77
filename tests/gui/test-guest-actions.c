/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest actions of the manager window under Xvfb, on test-driver hosts:
 * many guests at once and across hosts, partial failure in one summary,
 * confirmations with "Don't ask again", Save then Restore, the Autostart
 * toggle and the Delete dialog's disks. The statistics poller is idle: the
 * list follows libvirt's events alone.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "domus-application.h"
#include "domus-delete-dialog.h"
#include "domus-gui-test-util.h"
#include "domus-manager-window-private.h"
#include "domus-test-util.h"
#include "domus-test-worker.h"

#define TIMEOUT_S 60

static DomusApplication *the_app;

typedef struct {
    DomusApplication *app;
    DomusManagerWindow *window;
    GSettings *settings;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    f->app = the_app;
    f->settings = domus_application_get_settings (f->app);
    /* Longest interval: states must come from events, not polling. */
    g_settings_set_uint (f->settings, "poll-interval", 60);
    f->window = domus_manager_window_new (f->app);
    gtk_widget_show (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    gtk_widget_destroy (GTK_WIDGET (f->window));
    domus_test_remove_connections (f->app);
    domus_test_reset_settings (f->settings);
}

static DomusDomainState
state_of (Fixture *f, const char *name)
{
    DomusDomain *domain = domus_test_find_app_domain (f->app, name, NULL);

    return domain ? domus_domain_get_state (domain) : DOMUS_DOMAIN_STATE_NOSTATE;
}

/* Selects exactly the guests named in NAMES (NULL-terminated), on any host. */
static void
select_guests (Fixture *f, const char *const *names)
{
    domus_test_select_guests (f->window, names);
}

static gboolean
enabled (Fixture *f, const char *action)
{
    return g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), action);
}

static GtkMessageDialog *
find_message_dialog (void)
{
    return GTK_MESSAGE_DIALOG (domus_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG));
}

static char *
dialog_text (GtkMessageDialog *dialog, const char *property)
{
    char *text = NULL;

    g_object_get (dialog, property, &text, NULL);
    return text;
}

static void
test_many_guests_across_hosts (Fixture *f, gconstpointer data)
{
    const char *const both[] = { "web01", "test", NULL };
    GtkMessageDialog *dialog;
    g_autofree char *text = NULL;
    g_autofree char *detail = NULL;
    g_autoptr(GPtrArray) selected = NULL;

    g_object_unref (domus_test_open_demo_host (f->app));
    domus_application_add_connection (f->app, "test:///default", NULL);
    DOMUS_TEST_WAIT_UNTIL (state_of (f, "test") == DOMUS_DOMAIN_STATE_RUNNING, TIMEOUT_S,
                           "the default test host's guest");

    select_guests (f, both);
    selected = domus_manager_window_get_selected_guests (f->window);
    g_assert_cmpuint (selected->len, ==, 2);
    g_assert_true (enabled (f, "pause"));
    g_assert_false (enabled (f, "resume"));

    /* One question for both, naming how many. */
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "pause", NULL);
    dialog = find_message_dialog ();
    g_assert_nonnull (dialog);
    text = dialog_text (dialog, "text");
    g_assert_cmpstr (text, ==, "Pause 2 guests?");
    /* It names them, and speaks of them in the plural. */
    detail = dialog_text (dialog, "secondary-text");
    g_assert_cmpstr (detail, ==, "web01, test\n\nThe guests stop running until they are "
                     "resumed: their services do not answer, and network connections to them "
                     "may time out and be lost.");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    DOMUS_TEST_WAIT_UNTIL (state_of (f, "web01") == DOMUS_DOMAIN_STATE_PAUSED &&
                           state_of (f, "test") == DOMUS_DOMAIN_STATE_PAUSED,
                           TIMEOUT_S, "both guests, on two hosts, to be paused");
    DOMUS_TEST_WAIT_UNTIL (enabled (f, "resume"), TIMEOUT_S, "Resume to be enabled");
    g_assert_false (enabled (f, "pause"));
    g_assert_null (find_message_dialog ());
    /* All done: no dialog, one passing line above the list. */
    DOMUS_TEST_WAIT_UNTIL (domus_manager_window_get_notification (f->window) != NULL,
                           TIMEOUT_S, "the summary above the list");
    g_assert_cmpstr (domus_manager_window_get_notification (f->window), ==, "Paused 2 guests");

    /* Resume asks nothing. */
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "resume", NULL);
    DOMUS_TEST_WAIT_UNTIL (state_of (f, "web01") == DOMUS_DOMAIN_STATE_RUNNING &&
                           state_of (f, "test") == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "both guests to run again");
}

/* Many guests: the first few by name, then how many more. */
static void
test_many_guests_named (Fixture *f, gconstpointer data)
{
    const char *const seven[] = { "web01", "web02", "proxy", "db-postgres", "db-mariadb",
                                  "mail", "fileserver", NULL };
    GtkMessageDialog *dialog;
    g_autofree char *text = NULL;
    g_autofree char *detail = NULL;

    g_object_unref (domus_test_open_demo_host (f->app));
    select_guests (f, seven);
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "shutdown", NULL);
    dialog = find_message_dialog ();
    g_assert_nonnull (dialog);
    text = dialog_text (dialog, "text");
    detail = dialog_text (dialog, "secondary-text");
    g_assert_cmpstr (text, ==, "Shut down 7 guests?");
    /* In the list's order (by name). */
    g_assert_cmpstr (detail, ==, "db-mariadb, db-postgres, fileserver, mail and 3 more guests"
                     "\n\nThe guests’ systems are asked to shut down: programs running in them "
                     "are closed, unsaved work in them is lost, and their services stop.");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_assert_null (find_message_dialog ());
    g_assert_cmpint (state_of (f, "web01"), ==, DOMUS_DOMAIN_STATE_RUNNING);
}

static void
test_mixed_states_disable_and_partial_failure (Fixture *f, gconstpointer data)
{
    const char *const mix[] = { "web01", "web02", "win10-desktop", NULL };
    g_autoptr(GPtrArray) guests = NULL;
    GtkMessageDialog *dialog;
    g_autofree char *text = NULL;
    g_autofree char *detail = NULL;

    g_object_unref (domus_test_open_demo_host (f->app));
    g_assert_cmpint (state_of (f, "win10-desktop"), ==, DOMUS_DOMAIN_STATE_SHUTOFF);

    /* Pause does not apply to a shut-off guest: not offered for the mix. */
    select_guests (f, mix);
    g_assert_false (enabled (f, "pause"));
    g_assert_false (enabled (f, "start"));
    g_assert_true (enabled (f, "delete"));

    /* The guest window's path runs it anyway: two pause, one fails, and
     * one summary names it with libvirt's reason. */
    g_settings_set_boolean (f->settings, "confirm-pause", FALSE);
    guests = domus_manager_window_get_selected_guests (f->window);
    domus_guest_actions_run (GTK_WINDOW (f->window), f->settings, DOMUS_GUEST_ACTION_PAUSE,
                             guests);
    DOMUS_TEST_WAIT_UNTIL (find_message_dialog () != NULL, TIMEOUT_S, "the summary");
    DOMUS_TEST_WAIT_UNTIL (state_of (f, "web01") == DOMUS_DOMAIN_STATE_PAUSED &&
                           state_of (f, "web02") == DOMUS_DOMAIN_STATE_PAUSED,
                           TIMEOUT_S, "the two running guests to be paused");
    dialog = find_message_dialog ();
    text = dialog_text (dialog, "text");
    detail = dialog_text (dialog, "secondary-text");
    g_test_message ("summary: %s / %s", text, detail);
    g_assert_cmpstr (text, ==, "1 of 3 guests failed");
    g_assert_true (g_str_has_prefix (detail, "Pausing “win10-desktop” on Demo Host failed: "));
    g_assert_nonnull (strstr (detail, "not running"));
    g_assert_nonnull (strstr (detail, "Done: web01, web02"));
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CLOSE);
    g_assert_cmpint (state_of (f, "win10-desktop"), ==, DOMUS_DOMAIN_STATE_SHUTOFF);
}

static void
test_dont_ask_again (Fixture *f, gconstpointer data)
{
    const char *const one[] = { "web01", NULL };
    GtkMessageDialog *dialog;
    g_autoptr(GList) children = NULL;
    GtkWidget *area;
    GtkToggleButton *dont_ask = NULL;

    g_object_unref (domus_test_open_demo_host (f->app));
    select_guests (f, one);
    g_assert_true (g_settings_get_boolean (f->settings, "confirm-reboot"));
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "reboot", NULL);
    dialog = find_message_dialog ();
    g_assert_nonnull (dialog);

    area = gtk_message_dialog_get_message_area (dialog);
    children = gtk_container_get_children (GTK_CONTAINER (area));
    for (GList *l = children; l != NULL; l = l->next) {
        if (GTK_IS_CHECK_BUTTON (l->data))
            dont_ask = l->data;
    }
    g_assert_nonnull (dont_ask);
    g_assert_cmpstr (atk_object_get_name (gtk_widget_get_accessible (GTK_WIDGET (dont_ask))),
                     ==, "Don’t ask again");
    gtk_toggle_button_set_active (dont_ask, TRUE);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    g_assert_false (g_settings_get_boolean (f->settings, "confirm-reboot"));

    /* Next time it runs at once. */
    DOMUS_TEST_WAIT_UNTIL (enabled (f, "reboot"), TIMEOUT_S, "Reboot enabled again");
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "reboot", NULL);
    g_assert_null (find_message_dialog ());
    DOMUS_TEST_WAIT_UNTIL (enabled (f, "reboot") &&
                           state_of (f, "web01") == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "the reboot to finish");
}

static const char *
start_button_name (Fixture *f)
{
    GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                   DOMUS_TYPE_MANAGER_WINDOW,
                                                                   "start_button"));

    return atk_object_get_name (gtk_widget_get_accessible (button));
}

static void
test_save_then_restore (Fixture *f, gconstpointer data)
{
    const char *const one[] = { "web02", NULL };
    DomusDomain *web02;

    g_object_unref (domus_test_open_demo_host (f->app));
    web02 = domus_test_find_app_domain (f->app, "web02", NULL);
    select_guests (f, one);
    g_assert_true (enabled (f, "save"));
    g_assert_false (enabled (f, "remove-saved-state"));
    g_assert_cmpstr (start_button_name (f), ==, "Start");

    g_action_group_activate_action (G_ACTION_GROUP (f->window), "save", NULL);
    /* The row says so while it saves, and the save can be cancelled. */
    g_assert_cmpstr (domus_domain_get_activity (web02), ==, "Saving…");
    g_assert_true (enabled (f, "cancel-save"));
    g_assert_false (enabled (f, "save"));
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (web02) == DOMUS_DOMAIN_STATE_SHUTOFF &&
                           domus_domain_get_activity (web02) == NULL,
                           TIMEOUT_S, "web02 to be saved");
    DOMUS_TEST_WAIT_UNTIL (g_strcmp0 (start_button_name (f), "Restore") == 0, TIMEOUT_S,
                           "Start to say Restore");
    g_assert_true (enabled (f, "remove-saved-state"));
    g_assert_false (enabled (f, "cancel-save"));
    /* Restore is its own action; Start gives way to it. */
    g_assert_true (enabled (f, "restore"));
    g_assert_false (enabled (f, "start"));

    g_action_group_activate_action (G_ACTION_GROUP (f->window), "restore", NULL);
    /* The row says what happens: the saved state comes back. */
    g_assert_cmpstr (domus_domain_get_activity (web02), ==, "Restoring…");
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (web02) == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "web02 to be restored");
    DOMUS_TEST_WAIT_UNTIL (!domus_domain_get_has_managed_save (web02), TIMEOUT_S,
                           "the saved state to be gone");
    g_assert_null (find_message_dialog ());
}

/* The demo host opened, and its guest web02 (returned, with its host in
 * *CONN) the only one selected. */
static DomusDomain *
open_and_select_web02 (Fixture *f, DomusConnection **conn)
{
    const char *const one[] = { "web02", NULL };

    g_object_unref (domus_test_open_demo_host (f->app));
    select_guests (f, one);
    return domus_test_find_app_domain (f->app, "web02", conn);
}

/* A save that ends while its host still shows "not responding" (the call
 * before it held the worker past the watchdog, as a slow start on a busy
 * host does): the saved state is read all the same, so Start says Restore. */
static void
test_save_while_not_responding (Fixture *f, gconstpointer data)
{
    DomusConnection *conn = NULL;
    DomusDomain *web02 = open_and_select_web02 (f, &conn);
    DomusTestGate gate;

    g_assert_false (domus_domain_get_has_managed_save (web02));

    domus_test_gate_hold (&gate, conn);
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "save", NULL);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (conn) ==
                           DOMUS_CONNECTION_STATE_NOT_RESPONDING, TIMEOUT_S,
                           "the busy host to show as not responding");
    domus_test_gate_release (&gate);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (web02) == DOMUS_DOMAIN_STATE_SHUTOFF &&
                           domus_domain_get_activity (web02) == NULL,
                           TIMEOUT_S, "web02 to be saved");
    domus_test_drain_worker (conn);
    g_assert_true (domus_domain_get_has_managed_save (web02));
    DOMUS_TEST_WAIT_UNTIL (enabled (f, "remove-saved-state"), TIMEOUT_S,
                           "the saved state's actions once the host answers");
    g_assert_null (find_message_dialog ());
}

/* Cancel Save: the guest keeps running, and the window says so in Domus's
 * words, not GIO's "Operation was cancelled", and without an error dialog. */
static void
test_cancel_save_says_so (Fixture *f, gconstpointer data)
{
    DomusConnection *conn = NULL;
    DomusDomain *web02 = open_and_select_web02 (f, &conn);
    DomusTestGate gate;


    /* The host's worker is busy: the save waits its turn and is cancelled. */
    domus_test_gate_hold (&gate, conn);
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "save", NULL);
    g_assert_true (enabled (f, "cancel-save"));
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "cancel-save", NULL);
    domus_test_gate_release (&gate);
    DOMUS_TEST_WAIT_UNTIL (domus_manager_window_get_notification (f->window) != NULL,
                           TIMEOUT_S, "the cancel to be told");
    g_assert_cmpstr (domus_manager_window_get_notification (f->window), ==,
                     "Saving “web02” was cancelled; the guest keeps running");
    g_assert_null (domus_domain_get_activity (web02));
    g_assert_cmpint (domus_domain_get_state (web02), ==, DOMUS_DOMAIN_STATE_RUNNING);
    domus_test_drain_worker (conn);
    g_assert_false (domus_domain_get_has_managed_save (web02));
    g_assert_null (find_message_dialog ());
}

static void
test_closing_window_leaves_no_activity (Fixture *f, gconstpointer data)
{
    const char *const one[] = { "web02", NULL };
    DomusDomain *web02;

    g_object_unref (domus_test_open_demo_host (f->app));
    web02 = g_object_ref (domus_test_find_app_domain (f->app, "web02", NULL));
    select_guests (f, one);
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "save", NULL);
    g_assert_cmpstr (domus_domain_get_activity (web02), ==, "Saving…");

    /* The window goes while the job is queued: its run is cancelled, and
     * the guest does not keep saying "Saving…" to other windows. */
    gtk_widget_destroy (GTK_WIDGET (f->window));
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_activity (web02) == NULL, TIMEOUT_S,
                           "the activity to clear");
    g_object_unref (web02);
    f->window = domus_manager_window_new (f->app);
}

typedef struct {
    DomusConnection *conn;
    DomusDomain *domain;
} OneGuest;

static GPtrArray *
one_guest (gpointer user_data)
{
    OneGuest *one = user_data;
    GPtrArray *guests = domus_guest_ref_array_new ();

    g_ptr_array_add (guests, domus_guest_ref_new (one->conn, one->domain));
    return guests;
}

/* What the guest window does: the same actions on its own guest. */
static void
test_actions_in_another_window (Fixture *f, gconstpointer data)
{
    g_autoptr(GPtrArray) guests = NULL;
    OneGuest one = { 0 };
    GtkWidget *window;

    g_object_unref (domus_test_open_demo_host (f->app));
    one.domain = domus_test_find_app_domain (f->app, "web01", &one.conn);
    window = gtk_application_window_new (GTK_APPLICATION (f->app));
    domus_guest_actions_add_to_map (G_ACTION_MAP (window), GTK_WINDOW (window), one_guest, &one);
    guests = one_guest (&one);
    domus_guest_actions_update_map (G_ACTION_MAP (window), guests);
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "pause"));
    g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "start"));

    g_settings_set_boolean (f->settings, "confirm-pause", FALSE);
    g_action_group_activate_action (G_ACTION_GROUP (window), "pause", NULL);
    /* The event may come before the job's own end, which clears the
     * row's "Pausing…": actions wait for both. */
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (one.domain) == DOMUS_DOMAIN_STATE_PAUSED &&
                           domus_domain_get_activity (one.domain) == NULL,
                           TIMEOUT_S, "web01 paused from the other window");
    domus_guest_actions_update_map (G_ACTION_MAP (window), guests);
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "resume"));
    gtk_widget_destroy (window);
}

static void
test_autostart_toggle (Fixture *f, gconstpointer data)
{
    const char *const one[] = { "web01", NULL };
    DomusDomain *web01;
    g_autoptr(GVariant) state = NULL;

    g_object_unref (domus_test_open_demo_host (f->app));
    web01 = domus_test_find_app_domain (f->app, "web01", NULL);
    select_guests (f, one);
    DOMUS_TEST_WAIT_UNTIL (enabled (f, "autostart"), TIMEOUT_S, "Autostart enabled");
    g_action_group_change_action_state (G_ACTION_GROUP (f->window), "autostart",
                                        g_variant_new_boolean (TRUE));
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_autostart (web01), TIMEOUT_S,
                           "web01 to start with the host");
    state = g_action_group_get_action_state (G_ACTION_GROUP (f->window), "autostart");
    g_assert_true (g_variant_get_boolean (state));
}

static GtkToggleButton *
find_disk_check (GtkWidget *widget, const char *prefix)
{
    if (GTK_IS_CHECK_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL &&
        g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (widget)), prefix))
        return GTK_TOGGLE_BUTTON (widget);
    if (GTK_IS_CONTAINER (widget)) {
        g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (widget));

        for (GList *l = children; l != NULL; l = l->next) {
            GtkToggleButton *found = find_disk_check (l->data, prefix);

            if (found != NULL)
                return found;
        }
    }
    return NULL;
}

/* Selects NAMES, runs Delete and waits for its dialog (the plan of each
 * guest's disks is read first). */
static GtkWindow *
open_delete_dialog (Fixture *f, const char *const *names)
{
    GtkWindow *dialog;

    select_guests (f, names);
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "delete", NULL);
    DOMUS_TEST_WAIT_UNTIL ((dialog = domus_test_find_toplevel (DOMUS_TYPE_DELETE_DIALOG)),
                           TIMEOUT_S, "the Delete dialog");
    return dialog;
}

/* Delete in the list deletes the selected guests (asking first); in the
 * search entry it deletes a character. */
static void
test_delete_key (Fixture *f, gconstpointer data)
{
    GtkTreeView *view = domus_manager_window_get_tree_view (f->window);
    GtkWidget *entry = domus_test_find_widget (GTK_WIDGET (f->window), NULL, "search_entry");
    GtkWindow *dialog;

    g_object_unref (domus_test_open_demo_host (f->app));
    select_guests (f, (const char *const[]) { "web01", NULL });
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (view)), TIMEOUT_S,
                           "the list to show");
    gtk_widget_grab_focus (GTK_WIDGET (view));
    domus_test_send_key (GTK_WIDGET (f->window), GDK_KEY_Delete, 0);
    DOMUS_TEST_WAIT_UNTIL ((dialog = domus_test_find_toplevel (DOMUS_TYPE_DELETE_DIALOG)),
                           TIMEOUT_S, "the Delete dialog");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_assert_null (domus_test_find_toplevel (DOMUS_TYPE_DELETE_DIALOG));

    g_assert_nonnull (entry);
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "search", NULL);
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (entry), TIMEOUT_S, "the search entry");
    gtk_entry_set_text (GTK_ENTRY (entry), "web");
    gtk_editable_set_position (GTK_EDITABLE (entry), 0);
    /* The window's focus widget, whether or not the window manager has
     * made the window active yet (the key goes to the focus widget). */
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_is_focus (entry), TIMEOUT_S,
                           "the search entry to take the focus");
    domus_test_send_key (GTK_WIDGET (f->window), GDK_KEY_Delete, 0);
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (entry)), ==, "eb");
    /* A Delete run would have started reading web01's disks at once. */
    g_assert_null (domus_domain_get_activity (domus_test_find_app_domain (f->app, "web01", NULL)));
    g_assert_null (domus_test_find_toplevel (DOMUS_TYPE_DELETE_DIALOG));
}

static void
test_delete_dialog (Fixture *f, gconstpointer data)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "integration",
                                                   "delete-host.xml", NULL);
    g_autofree char *uri = g_strconcat ("test://", path, NULL);
    const char *const one[] = { "alpha", NULL };
    g_autoptr(GPtrArray) unnamed = g_ptr_array_new ();
    GtkWindow *dialog;
    GtkToggleButton *vda, *vdb, *hdc, *vdc;

    domus_application_add_connection (f->app, uri, NULL);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_app_domain (f->app, "alpha", NULL) != NULL &&
                           domus_test_find_app_domain (f->app, "beta", NULL) != NULL,
                           TIMEOUT_S, "alpha and beta");

    /* Two guests, one running: said in the plural, the running one named. */
    dialog = open_delete_dialog (f, (const char *const[]) { "alpha", "beta", NULL });
    g_assert_true (domus_test_has_label (GTK_WIDGET (dialog),
                              "The guests’ definitions, saved states, snapshot metadata and "
                              "firmware variables are deleted. Their disks are deleted only "
                              "where ticked."));
    g_assert_true (domus_test_has_label (GTK_WIDGET (dialog),
                              "“beta” is running: it is forced off first, losing whatever it "
                              "has not written to disk."));
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_assert_null (domus_test_find_toplevel (DOMUS_TYPE_DELETE_DIALOG));

    dialog = open_delete_dialog (f, one);
    /* One guest: in the singular. */
    g_assert_true (domus_test_has_label (GTK_WIDGET (dialog),
                              "The guest’s definition, saved state, snapshot metadata and "
                              "firmware variables are deleted. Its disks are deleted only "
                              "where ticked."));

    vda = find_disk_check (GTK_WIDGET (dialog), "vda: ");
    vdb = find_disk_check (GTK_WIDGET (dialog), "vdb: ");
    hdc = find_disk_check (GTK_WIDGET (dialog), "hdc: ");
    vdc = find_disk_check (GTK_WIDGET (dialog), "vdc: ");
    g_assert_true (gtk_toggle_button_get_active (vda));
    g_assert_false (gtk_toggle_button_get_active (vdb));   /* beta uses it */
    g_assert_false (gtk_toggle_button_get_active (hdc));   /* CD-ROM */
    g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (vdc)));  /* in no pool */
    domus_test_collect_unnamed (GTK_WIDGET (dialog), unnamed);
    g_assert_cmpuint (unnamed->len, ==, 0);

    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_app_domain (f->app, "alpha", NULL) == NULL, TIMEOUT_S,
                           "alpha to leave the list");
    g_assert_nonnull (domus_test_find_app_domain (f->app, "beta", NULL));
    g_assert_null (find_message_dialog ());

    /* Not asking (turned off in Preferences): the running guest goes, at
     * once, without any dialog. */
    g_settings_set_boolean (f->settings, "confirm-delete", FALSE);
    g_assert_cmpint (state_of (f, "beta"), ==, DOMUS_DOMAIN_STATE_RUNNING);
    select_guests (f, (const char *const[]) { "beta", NULL });
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "delete", NULL);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_app_domain (f->app, "beta", NULL) == NULL, TIMEOUT_S,
                           "beta to leave the list");
    g_assert_null (domus_test_find_toplevel (DOMUS_TYPE_DELETE_DIALOG));
    g_assert_null (find_message_dialog ());
}

int
main (int argc, char *argv[])
{
    int status;

    gtk_test_init (&argc, &argv, NULL);
    the_app = domus_test_app_new ();

    g_test_add ("/guest-actions/many-guests-across-hosts", Fixture, NULL,
                fixture_setup, test_many_guests_across_hosts, fixture_teardown);
    g_test_add ("/guest-actions/mixed-states-and-partial-failure", Fixture, NULL,
                fixture_setup, test_mixed_states_disable_and_partial_failure,
                fixture_teardown);
    g_test_add ("/guest-actions/dont-ask-again", Fixture, NULL,
                fixture_setup, test_dont_ask_again, fixture_teardown);
    g_test_add ("/guest-actions/save-then-restore", Fixture, NULL,
                fixture_setup, test_save_then_restore, fixture_teardown);
    g_test_add ("/guest-actions/save-while-not-responding", Fixture, NULL,
                fixture_setup, test_save_while_not_responding, fixture_teardown);
    g_test_add ("/guest-actions/cancel-save-says-so", Fixture, NULL,
                fixture_setup, test_cancel_save_says_so, fixture_teardown);
    g_test_add ("/guest-actions/closing-window-leaves-no-activity", Fixture, NULL,
                fixture_setup, test_closing_window_leaves_no_activity, fixture_teardown);
    g_test_add ("/guest-actions/actions-in-another-window", Fixture, NULL,
                fixture_setup, test_actions_in_another_window, fixture_teardown);
    g_test_add ("/guest-actions/autostart-toggle", Fixture, NULL,
                fixture_setup, test_autostart_toggle, fixture_teardown);
    g_test_add ("/guest-actions/delete-dialog", Fixture, NULL,
                fixture_setup, test_delete_dialog, fixture_teardown);
    g_test_add ("/guest-actions/many-guests-named", Fixture, NULL,
                fixture_setup, test_many_guests_named, fixture_teardown);
    g_test_add ("/guest-actions/delete-key", Fixture, NULL,
                fixture_setup, test_delete_key, fixture_teardown);
    status = g_test_run ();
    g_clear_object (&the_app);
    return status;
}
