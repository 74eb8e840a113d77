/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Several guests moved as one operation (DomusMigrateBatch) between the
 * pair of the real-migrate program: three counting guests of A evacuated
 * to B one at a time, then back to A all three side by side; each moves
 * without a reboot, the batch says so for each, and no more run at once
 * than asked. The two timings go to the test log. Cancelled while the
 * first migration runs, the batch aborts it and starts no other. Through the GUI: the
 * manager window's Evacuate Host… on A moves its two running guests to B
 * two at a time, and Migrate… with both selected moves them back, each
 * dialog with a progress row per guest and a summary at the end, and each
 * guest's row in the window showing its migration's share as it runs.
 */
#include "config.h"

#include <string.h>

#include <glib.h>
#include <libvirt/libvirt.h>

#include "domus-application.h"
#include "domus-manager-window.h"
#include "domus-migrate-batch-dialog.h"
#include "domus-migrate-batch.h"
#include "domus-test-util.h"
#include "gui/domus-gui-test-util.h"
#include "test-real-migrate.h"

#define N_GUESTS 3

typedef struct {
    guint running;
    guint max_running;
    guint changes;
} Watch;

static void
item_changed_cb (DomusMigrateBatch *batch, guint index, gpointer user_data)
{
    Watch *watch = user_data;

    watch->changes++;
    watch->running = 0;
    for (guint i = 0; i < domus_migrate_batch_get_n_items (batch); i++)
        watch->running += domus_migrate_batch_get_state (batch, i) == DOMUS_MIGRATE_ITEM_RUNNING;
    watch->max_running = MAX (watch->max_running, watch->running);
}

/* Moves the guests NAMES from FROM to TO, PARALLEL at once; returns the
 * wall time in seconds and the most that ran at once in *MAX_RUNNING. */
static double
run_batch (DomusConnection *from, DomusConnection *to, char **names, guint parallel,
           guint *max_running)
{
    g_autoptr(DomusMigrateOptions) options = domus_migrate_options_new ();
    g_autoptr(DomusMigrateBatch) batch = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *summary = NULL;
    gint64 start = g_get_monotonic_time ();
    Watch watch = { 0 };
    double seconds;

    options->address = g_strdup ("tcp://127.0.0.1");
    batch = domus_migrate_batch_new (options, parallel);
    for (guint i = 0; names[i] != NULL; i++)
        domus_migrate_batch_add_guest (batch, from,
                                       domus_connection_find_domain_by_name (from, names[i]));
    domus_migrate_batch_add_destination (batch, to);
    g_signal_connect (batch, "item-changed", G_CALLBACK (item_changed_cb), &watch);
    domus_migrate_batch_run_async (batch, NULL, domus_test_keep_result_cb, &result);
    /* Each round of PARALLEL migrations gets the time one gets: at load
     * 25 a migration's finish alone took 41 s, and three one after
     * another outlasted a single bound. */
    DOMUS_TEST_WAIT_UNTIL (result != NULL, TIMEOUT_S * ((N_GUESTS + parallel - 1) / parallel),
                           "the batch");
    g_assert_true (domus_migrate_batch_run_finish (batch, result, &error));
    g_assert_no_error (error);
    seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;

    summary = domus_migrate_batch_get_summary (batch);
    g_test_message ("%s", summary);
    g_assert_cmpuint (domus_migrate_batch_count_moved (batch), ==, N_GUESTS);
    g_assert_true (g_str_has_prefix (summary, "3 of 3 guests moved."));
    for (guint i = 0; i < N_GUESTS; i++) {
        g_assert_true (domus_migrate_batch_get_dest (batch, i) == to);
        g_assert_cmpint (domus_migrate_batch_get_state (batch, i), ==,
                         DOMUS_MIGRATE_ITEM_MOVED);
        g_assert_cmpint (domus_migrate_batch_get_progress (batch, i)->phase, ==,
                         DOMUS_MIGRATE_PHASE_COMPLETED);
        g_assert_nonnull (strstr (summary, domus_migrate_batch_get_name (batch, i)));
    }
    g_assert_cmpuint (watch.running, ==, 0);
    *max_running = watch.max_running;
    return seconds;
}

static void
test_evacuate (void)
{
    g_auto(GStrv) names = g_new0 (char *, N_GUESTS + 1);
    g_auto(GStrv) logs = g_new0 (char *, N_GUESTS + 1);
    int before[N_GUESTS];
    guint max_running = 0;
    double sequential;
    double parallel;

    if (!setup ())
        return;
    for (guint i = 0; i < N_GUESTS; i++) {
        g_autofree char *label = g_strdup_printf ("batch%u", i);

        logs[i] = new_log (label);
        names[i] = start_guest ("migrate-batch", the.iso, NULL, logs[i]);
    }

    for (guint i = 0; i < N_GUESTS; i++)
        before[i] = last_count (logs[i]);
    sequential = run_batch (the.conn_a, the.conn_b, names, 1, &max_running);
    g_assert_cmpuint (max_running, ==, 1);
    for (guint i = 0; i < N_GUESTS; i++)
        assert_moved (the.conn_a, the.virt_a, the.conn_b, the.virt_b, names[i], logs[i],
                      before[i]);

    for (guint i = 0; i < N_GUESTS; i++)
        before[i] = last_count (logs[i]);
    parallel = run_batch (the.conn_b, the.conn_a, names, N_GUESTS, &max_running);
    g_assert_cmpuint (max_running, >=, 2);
    for (guint i = 0; i < N_GUESTS; i++)
        assert_moved (the.conn_b, the.virt_b, the.conn_a, the.virt_a, names[i], logs[i],
                      before[i]);
    g_test_message ("evacuating %d guests of 64 MiB: %.2f s one at a time, %.2f s all at "
                    "once (%u at most side by side)", N_GUESTS, sequential, parallel,
                    max_running);
}

static void
cancel_at_progress_cb (DomusMigrateBatch *batch, guint index, gpointer user_data)
{
    GCancellable *cancellable = user_data;
    const DomusMigrateProgress *progress = domus_migrate_batch_get_progress (batch, index);

    if (domus_migrate_batch_get_state (batch, index) == DOMUS_MIGRATE_ITEM_RUNNING &&
        progress->phase == DOMUS_MIGRATE_PHASE_MEMORY && progress->processed_bytes > 0)
        g_cancellable_cancel (cancellable);
}

/* Cancelled while the first of two migrations (slowed by a bandwidth
 * limit) copies memory: it is aborted, the second never starts, both
 * guests still run on A and the summary says so for each. */
static void
test_evacuate_cancel (void)
{
    g_autoptr(DomusMigrateOptions) options = domus_migrate_options_new ();
    g_autoptr(DomusMigrateBatch) batch = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *summary = NULL;
    g_autofree char *log_big = NULL;
    g_autofree char *log_small = NULL;
    g_autofree char *big = NULL;
    g_autofree char *small = NULL;

    if (!setup ())
        return;
    log_big = new_log ("batch-cancel-a");
    log_small = new_log ("batch-cancel-b");
    /* Of equal memory, they go in the order of their names. */
    big = start_guest_full ("migrate-batchcancel-a", ballast_iso (), NULL, log_big, FALSE, 0);
    small = start_guest ("migrate-batchcancel-b", the.iso, NULL, log_small);

    options->address = g_strdup ("tcp://127.0.0.1");
    options->bandwidth_mib = 1;
    batch = domus_migrate_batch_new (options, 1);
    domus_migrate_batch_add_guest (batch, the.conn_a,
                                   domus_connection_find_domain_by_name (the.conn_a, small));
    domus_migrate_batch_add_guest (batch, the.conn_a,
                                   domus_connection_find_domain_by_name (the.conn_a, big));
    domus_migrate_batch_add_destination (batch, the.conn_b);
    g_signal_connect (batch, "item-changed", G_CALLBACK (cancel_at_progress_cb), cancellable);
    domus_migrate_batch_run_async (batch, cancellable, domus_test_keep_result_cb, &result);
    DOMUS_TEST_WAIT_UNTIL (result != NULL, TIMEOUT_S, "the cancelled batch");
    g_assert_true (domus_migrate_batch_run_finish (batch, result, &error));
    g_assert_no_error (error);

    summary = domus_migrate_batch_get_summary (batch);
    g_test_message ("%s", summary);
    g_assert_true (g_str_has_prefix (summary, "0 of 2 guests moved."));
    g_assert_cmpstr (domus_migrate_batch_get_name (batch, 0), ==, big);
    for (guint i = 0; i < 2; i++)
        g_assert_cmpint (domus_migrate_batch_get_state (batch, i), ==,
                         DOMUS_MIGRATE_ITEM_CANCELLED);
    g_assert_nonnull (strstr (domus_migrate_batch_get_message (batch, 0),
                              "is still running on hostA"));
    g_assert_nonnull (strstr (domus_migrate_batch_get_message (batch, 1), "Not started"));
    g_assert_nonnull (await_domain (the.conn_a, big, DOMUS_DOMAIN_STATE_RUNNING));
    g_assert_nonnull (await_domain (the.conn_a, small, DOMUS_DOMAIN_STATE_RUNNING));
    g_assert_null (virDomainLookupByName (the.virt_b, big));
    g_assert_null (virDomainLookupByName (the.virt_b, small));
}

/* Selects HOST's row in WINDOW's list. */
static void
select_host (DomusManagerWindow *window, DomusConnection *host)
{
    GtkTreeView *view = domus_manager_window_get_tree_view (window);
    GtkTreeModel *model = gtk_tree_view_get_model (view);
    GtkTreeSelection *selection = gtk_tree_view_get_selection (view);
    GtkTreeIter iter;

    gtk_tree_selection_unselect_all (selection);
    for (gboolean h = gtk_tree_model_get_iter_first (model, &iter); h;
         h = gtk_tree_model_iter_next (model, &iter)) {
        g_autoptr(GObject) object = NULL;

        gtk_tree_model_get (model, &iter, 0, &object, -1);
        if (object == G_OBJECT (host)) {
            gtk_tree_selection_select_iter (selection, &iter);
            return;
        }
    }
    g_assert_not_reached ();
}

/* In the dialog of several guests now shown: types the address, sets
 * how many at once, presses the button BUTTON and waits for the summary,
 * which it returns. Each guest had its progress row. */
static char *
run_batch_dialog (const char *button, int parallel, char **names)
{
    GtkWidget *dialog;
    GtkWidget *summary;
    DomusMigrateBatch *batch;

    DOMUS_TEST_WAIT_UNTIL ((dialog = GTK_WIDGET (domus_test_find_toplevel (
                                DOMUS_TYPE_MIGRATE_BATCH_DIALOG))) != NULL,
                           TIMEOUT_S, "the dialog for several guests");
    for (guint i = 0; names[i] != NULL; i++)
        g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (domus_test_find_widget (
                                      dialog, NULL, "guests_label"))), names[i]));
    gtk_entry_set_text (GTK_ENTRY (domus_test_find_widget (dialog, "Migration address", NULL)),
                        "tcp://127.0.0.1");
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (domus_test_find_widget (
                                   dialog, "Migrations at once", NULL)), parallel);
    gtk_button_clicked (GTK_BUTTON (domus_test_find_widget (dialog, button, NULL)));
    summary = domus_test_find_widget (dialog, NULL, "summary_label");
    g_assert_nonnull (summary);
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_visible (summary),
                           TIMEOUT_S * ((g_strv_length (names) + parallel - 1) / parallel),
                           "the summary");
    batch = domus_migrate_batch_dialog_get_batch (DOMUS_MIGRATE_BATCH_DIALOG (dialog));
    for (guint i = 0; names[i] != NULL; i++)
        g_assert_nonnull (domus_test_find_widget (dialog, names[i], NULL));
    g_assert_cmpuint (domus_migrate_batch_get_n_items (batch), ==, g_strv_length (names));
    {
        char *text = g_strdup (gtk_label_get_text (GTK_LABEL (summary)));

        gtk_widget_destroy (dialog);
        return text;
    }
}

/* Every activity a guest's row shows, in order. */
static void
record_activity_cb (DomusDomain *domain, GParamSpec *pspec, GString *seen)
{
    const char *activity = domus_domain_get_activity (domain);

    g_string_append_printf (seen, "%s|", activity != NULL ? activity : "");
}

/* Selects the guests NAMES in WINDOW's list; TRUE once Migrate… applies. */
static gboolean
select_for_migrate (DomusManagerWindow *window, char **names)
{
    domus_test_select_guests (window, (const char *const *) names);
    return g_action_group_get_action_enabled (G_ACTION_GROUP (window), "migrate");
}

/* What Migrate… looks at for each guest: its host and that host's state,
 * whether it runs, and its activity. */
static char *
describe_selection (char **names)
{
    GString *text = g_string_new (NULL);
    DomusConnection *hosts[] = { the.conn_a, the.conn_b };

    for (guint i = 0; names[i] != NULL; i++) {
        for (guint h = 0; h < G_N_ELEMENTS (hosts); h++) {
            DomusDomain *domain = domus_connection_find_domain_by_name (hosts[h], names[i]);

            if (domain != NULL)
                g_string_append_printf (text, "%s on %s (host state %d): %s, activity %s; ",
                                        names[i], domus_connection_get_display_name (hosts[h]),
                                        (int) domus_connection_get_state (hosts[h]),
                                        domus_domain_is_active (domain) ? "active" : "inactive",
                                        domus_domain_get_activity (domain) != NULL
                                        ? domus_domain_get_activity (domain) : "none");
        }
    }
    return g_string_free (text, FALSE);
}

static void
test_evacuate_gui (void)
{
    DomusApplication *app;
    g_auto(GStrv) names = g_new0 (char *, 3);
    g_auto(GStrv) logs = g_new0 (char *, 3);
    g_autofree char *summary = NULL;
    DomusManagerWindow *window;
    int before[2];
    GString *seen[2];

    if (!setup ())
        return;
    /* Only the guests of this test run on A. */
    domus_test_daemon_remove_guests (the.a);
    domus_test_daemon_remove_guests (the.b);
    for (guint i = 0; i < 2; i++) {
        g_autofree char *label = g_strdup_printf ("evacuate%u", i);

        logs[i] = new_log (label);
        names[i] = start_guest ("migrate-evacuate", the.iso, NULL, logs[i]);
    }
    DOMUS_TEST_WAIT_UNTIL (g_list_model_get_n_items (domus_connection_get_domains (
                               the.conn_a)) == 2, TIMEOUT_S, "only the test's guests on A");
    /* Held to 1 MiB/s on A, as `virsh migrate-setspeed` does, each move
     * lasts a few progress polls: unbounded, a guest that is mostly zero
     * pages moved between two polls and its row never showed a share. */
    for (guint i = 0; i < 2; i++) {
        virDomainPtr dom = virDomainLookupByName (the.virt_a, names[i]);

        g_assert_nonnull (dom);
        g_assert_cmpint (virDomainMigrateSetMaxSpeed (dom, 1, 0), ==, 0);
        virDomainFree (dom);
    }
    app = shared_app ();
    window = show_manager_window ();

    /* Evacuate Host… on A: both guests to B, two at a time. */
    select_host (window, the.conn_a);
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window),
                                                      "host-evacuate"));
    g_action_group_activate_action (G_ACTION_GROUP (window), "host-evacuate", NULL);
    for (guint i = 0; i < 2; i++) {
        before[i] = last_count (logs[i]);
        seen[i] = g_string_new (NULL);
        g_signal_connect (domus_connection_find_domain_by_name (the.conn_a, names[i]),
                          "notify::activity", G_CALLBACK (record_activity_cb), seen[i]);
    }
    summary = run_batch_dialog ("Evacuate", 2, names);
    g_test_message ("%s", summary);
    g_assert_true (g_str_has_prefix (summary, "2 of 2 guests moved."));
    /* Each guest's row on A showed its migration with the share moved,
     * and nothing once it ended. */
    for (guint i = 0; i < 2; i++) {
        g_autoptr(GRegex) percent = g_regex_new ("\\|Migrating to hostB… [0-9]+ %\\|", 0, 0,
                                                 NULL);

        g_test_message ("%s: %s", names[i], seen[i]->str);
        g_assert_true (g_regex_match (percent, seen[i]->str, 0, NULL));
        g_assert_true (g_str_has_suffix (seen[i]->str, "||"));
        g_string_free (seen[i], TRUE);
    }
    for (guint i = 0; i < 2; i++)
        assert_moved (the.conn_a, the.virt_a, the.conn_b, the.virt_b, names[i], logs[i],
                      before[i]);
    g_clear_pointer (&summary, g_free);

    /* Migrate… with both selected: back to A, one at a time. */
    if (!select_for_migrate (window, names)) {
        g_autofree char *why = describe_selection (names);

        g_test_message ("Migrate… not enabled at once: %s", why);
    }
    DOMUS_TEST_WAIT_UNTIL (select_for_migrate (window, names), TIMEOUT_S,
                           "Migrate… for both guests on B");
    g_action_group_activate_action (G_ACTION_GROUP (window), "migrate", NULL);
    for (guint i = 0; i < 2; i++)
        before[i] = last_count (logs[i]);
    summary = run_batch_dialog ("Migrate", 1, names);
    g_test_message ("%s", summary);
    g_assert_true (g_str_has_prefix (summary, "2 of 2 guests moved."));
    for (guint i = 0; i < 2; i++)
        assert_moved (the.conn_b, the.virt_b, the.conn_a, the.virt_a, names[i], logs[i],
                      before[i]);

    gtk_widget_destroy (GTK_WIDGET (window));
    domus_test_remove_connections (app);
}

void
add_batch_tests (void)
{
    g_test_add_func ("/real/migrate/evacuate", test_evacuate);
    g_test_add_func ("/real/migrate/evacuate-cancel", test_evacuate_cancel);
    g_test_add_func ("/real/migrate/evacuate-gui", test_evacuate_gui);
}
