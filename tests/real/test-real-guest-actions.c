/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Guest actions end to end on a real libvirt daemon and a tiny QEMU guest
 * under software emulation: Start, Pause, Resume, Save, Restore and Force
 * Off through core; then through the manager window's actions, and a Shut
 * Down that the guest ignores (SeaBIOS has no ACPI-aware system) showing
 * "Shutting down…" and then offering Force Off after the timeout.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "domus-application.h"
#include "domus-domain-save.h"
#include "gui/domus-gui-test-util.h"
#include "domus-libvirt.h"
#include "domus-domain-actions.h"
#include "domus-manager-window-private.h"
#include "domus-test-daemon.h"
#include "domus-test-domains.h"
#include "domus-test-util.h"

#define TIMEOUT_S 180

static DomusApplication *the_app;

typedef struct {
    guint n;
    guint n_known;          /* with a fraction, not "unknown yet" */
    double last;
} Progress;

static void
progress_cb (double fraction, gpointer user_data)
{
    Progress *p = user_data;

    p->n++;
    p->n_known += fraction >= 0;
    p->last = fraction;
}

static void
act (DomusConnection *conn, DomusDomain *domain, DomusDomainAction action,
     DomusDomainState expect, const char *what)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;

    domus_domain_action_async (conn, domain, action, NULL, domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, what);
    domus_domain_action_finish (conn, res, &error);
    g_assert_no_error (error);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (domain) == expect, TIMEOUT_S, what);
}

static gboolean
has_managed_save (DomusConnection *conn, DomusDomain *domain)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;

    domus_domain_refresh_flags_async (conn, domain, NULL, domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "the guest's flags");
    domus_domain_refresh_flags_finish (conn, res, &error);
    g_assert_no_error (error);
    return domus_domain_get_has_managed_save (domain);
}

static void
test_core_actions (DomusTestDaemonFixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusConnection) conn = NULL;
    g_autofree char *name = NULL;
    g_autoptr(GAsyncResult) res = NULL;
    Progress progress = { 0 };
    DomusDomain *domain;
    gint64 t0;

    if (f->daemon == NULL)
        return;
    name = domus_test_daemon_define_tiny_guest (f->daemon, "domus-life", FALSE, &error);
    g_assert_no_error (error);
    conn = domus_connection_new (domus_test_daemon_get_qemu_uri (f->daemon));
    domus_connection_connect (conn);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_domain (conn, name) != NULL, TIMEOUT_S, "the guest listed");
    domain = domus_test_find_domain (conn, name);
    g_assert_cmpint (domus_domain_get_state (domain), ==, DOMUS_DOMAIN_STATE_SHUTOFF);

    act (conn, domain, DOMUS_DOMAIN_ACTION_START, DOMUS_DOMAIN_STATE_RUNNING, "Start");
    act (conn, domain, DOMUS_DOMAIN_ACTION_PAUSE, DOMUS_DOMAIN_STATE_PAUSED, "Pause");
    act (conn, domain, DOMUS_DOMAIN_ACTION_RESUME, DOMUS_DOMAIN_STATE_RUNNING, "Resume");

    /* Save: QEMU writes the memory out; the guest stops, the image stays. */
    t0 = g_get_monotonic_time ();
    domus_domain_save_async (conn, domain, progress_cb, &progress, NULL,
                             domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "Save");
    domus_domain_save_finish (conn, res, &error);
    g_assert_no_error (error);
    /* A figure, not a threshold. */
    g_test_message ("managed save of a 64 MiB TCG guest: %.2f s, %u progress reports "
                    "(%u with a fraction)", (g_get_monotonic_time () - t0) / 1e6,
                    progress.n, progress.n_known);
    g_assert_cmpfloat (progress.last, ==, 1.0);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (domain) == DOMUS_DOMAIN_STATE_SHUTOFF,
                           TIMEOUT_S, "the saved guest to stop");
    g_assert_true (has_managed_save (conn, domain));

    /* Start restores it, and libvirt removes the image. */
    act (conn, domain, DOMUS_DOMAIN_ACTION_START, DOMUS_DOMAIN_STATE_RUNNING, "Restore");
    g_assert_false (has_managed_save (conn, domain));
    g_assert_cmpint (domus_test_find_qemu (name), >, 0);

    act (conn, domain, DOMUS_DOMAIN_ACTION_FORCE_OFF, DOMUS_DOMAIN_STATE_SHUTOFF, "Force Off");
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_qemu (name) == 0, TIMEOUT_S, "QEMU to exit");
}

static GtkMessageDialog *
find_message_dialog (void)
{
    return GTK_MESSAGE_DIALOG (domus_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG));
}

static void
select_only (DomusManagerWindow *window, DomusDomain *domain)
{
    domus_test_select_guests (window,
                              (const char *const[]) { domus_domain_get_name (domain), NULL });
    g_assert_true (domus_manager_window_is_guest_selected (window, domain));
}

static gboolean
enabled (DomusManagerWindow *window, const char *action)
{
    return g_action_group_get_action_enabled (G_ACTION_GROUP (window), action);
}

static void
activate (DomusManagerWindow *window, const char *action)
{
    g_assert_true (enabled (window, action));
    g_action_group_activate_action (G_ACTION_GROUP (window), action, NULL);
}

static void
test_window_actions_and_ignored_shutdown (DomusTestDaemonFixture *f, gconstpointer data)
{
    GSettings *settings = domus_application_get_settings (the_app);
    g_autoptr(GError) error = NULL;
    g_autofree char *name = NULL;
    g_autofree char *text = NULL;
    DomusManagerWindow *window;
    DomusConnection *conn;
    DomusDomain *domain = NULL;
    GtkMessageDialog *dialog;

    if (f->daemon == NULL)
        return;
    name = domus_test_daemon_define_tiny_guest (f->daemon, "domus-win", TRUE, &error);
    g_assert_no_error (error);

    /* No questions but the one under test, and a short timeout. */
    g_settings_set_boolean (settings, "confirm-pause", FALSE);
    g_settings_set_boolean (settings, "confirm-shutdown", FALSE);
    g_settings_set_uint (settings, "shutdown-timeout", 5);

    window = domus_manager_window_new (the_app);
    gtk_widget_show (GTK_WIDGET (window));
    conn = domus_application_add_connection (the_app,
                                             domus_test_daemon_get_qemu_uri (f->daemon), NULL);
    DOMUS_TEST_WAIT_UNTIL ((domain = domus_test_find_domain (conn, name)) != NULL &&
                           domus_domain_get_state (domain) == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "the running guest listed");
    select_only (window, domain);

    activate (window, "pause");
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (domain) == DOMUS_DOMAIN_STATE_PAUSED &&
                           enabled (window, "resume"), TIMEOUT_S, "Pause from the window");
    activate (window, "resume");
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (domain) == DOMUS_DOMAIN_STATE_RUNNING &&
                           enabled (window, "save"), TIMEOUT_S, "Resume from the window");

    activate (window, "save");
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (domain) == DOMUS_DOMAIN_STATE_SHUTOFF &&
                           domus_domain_get_has_managed_save (domain) &&
                           enabled (window, "restore"), TIMEOUT_S, "Save from the window");
    activate (window, "restore");
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (domain) == DOMUS_DOMAIN_STATE_RUNNING &&
                           !domus_domain_get_has_managed_save (domain) &&
                           enabled (window, "shutdown"), TIMEOUT_S, "Restore from the window");
    g_assert_null (find_message_dialog ());

    /* SeaBIOS ignores the ACPI request: the row keeps saying so... */
    activate (window, "shutdown");
    DOMUS_TEST_WAIT_UNTIL (g_strcmp0 (domus_domain_get_activity (domain), "Shutting down…") == 0,
                           TIMEOUT_S, "the row to say Shutting down…");
    /* Meanwhile Force Off stays at hand, and nothing else is offered. */
    g_assert_true (enabled (window, "force-off"));
    g_assert_false (enabled (window, "shutdown"));
    g_assert_false (enabled (window, "pause"));
    /* ...until the timeout, when Force Off is offered, never done unasked. */
    DOMUS_TEST_WAIT_UNTIL (find_message_dialog () != NULL, TIMEOUT_S,
                           "Force Off to be offered");
    dialog = find_message_dialog ();
    text = NULL;
    g_object_get (dialog, "text", &text, NULL);
    g_assert_true (g_str_has_prefix (text, name));
    g_assert_cmpstr (text + strlen (name), ==, " has not shut down");
    g_assert_cmpint (domus_domain_get_state (domain), ==, DOMUS_DOMAIN_STATE_RUNNING);
    g_assert_cmpstr (domus_domain_get_activity (domain), ==, "Shutting down…");

    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (domain) == DOMUS_DOMAIN_STATE_SHUTOFF &&
                           domus_domain_get_activity (domain) == NULL,
                           TIMEOUT_S, "Force Off after the timeout");
    g_assert_null (find_message_dialog ());

    gtk_widget_destroy (GTK_WIDGET (window));
    domus_application_remove_connection (the_app, conn);
    g_settings_reset (settings, "confirm-pause");
    g_settings_reset (settings, "confirm-shutdown");
    g_settings_reset (settings, "shutdown-timeout");
}

int
main (int argc, char *argv[])
{
    int status;

    gtk_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();
    the_app = domus_test_app_new ();

    domus_test_add_with_daemon ("/real/guest-actions/core", test_core_actions);
    domus_test_add_with_daemon ("/real/guest-actions/window-and-ignored-shutdown",
                                test_window_actions_and_ignored_shutdown);
    status = g_test_run ();
    domus_test_daemon_stop_shared ();
    g_clear_object (&the_app);
    return status;
}
