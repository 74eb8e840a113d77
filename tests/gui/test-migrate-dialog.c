/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Migrate dialog under Xvfb on test-driver hosts (the demo host, a
 * second host, and one that does not connect), driven as a person does:
 * Migrate… in the guest's context menu opens it; it lists the other hosts
 * with what they offer and flags the unconnected one with why; choices
 * that contradict each other are refused under the form with Migrate grey;
 * what is chosen (clicked, typed) becomes the right virDomainMigrate3
 * flags and parameters; and a migration the test driver cannot do shows
 * libvirt's whole message and where the guest is on both hosts, the guest
 * still running on its host with no activity left. The migration itself
 * is proven on real daemons (test-real-migrate).
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <libvirt/libvirt.h>

#include "domus-application.h"
#include "domus-domain-migrate-private.h"
#include "domus-gui-test-util.h"
#include "domus-manager-window.h"
#include "domus-migrate-dialog.h"
#include "domus-test-create.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

static DomusApplication *the_app;

typedef struct {
    DomusApplication *app;
    DomusManagerWindow *window;
    DomusConnection *demo;
    DomusConnection *second;
    DomusConnection *small;
    char *dir;
    GtkWidget *dialog;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *demo_xml = NULL;
    g_autofree char *second_xml = NULL;
    g_autofree char *second_uri = NULL;
    g_autofree char *contents = NULL;
    g_auto(GStrv) renamed = NULL;
    g_autoptr(GRegex) uuid = g_regex_new ("<uuid>[^<]*</uuid>", 0, 0, NULL);
    char *no_uuid;
    gsize len = 0;

    f->app = the_app;
    f->window = domus_manager_window_new (f->app);
    gtk_widget_show (GTK_WIDGET (f->window));
    f->demo = domus_test_open_demo_host (f->app);
    /* A second host like the demo host (which does not say how much memory
     * it has free), one with 3 MB free, and one that does not connect. */
    f->dir = g_dir_make_tmp ("domus-migrate-XXXXXX", &error);
    g_assert_no_error (error);
    demo_xml = g_build_filename (g_getenv ("DOMUS_DATADIR"), "demo", "demo-host.xml", NULL);
    second_xml = g_build_filename (f->dir, "second-host.xml", NULL);
    g_assert_true (g_file_get_contents (demo_xml, &contents, &len, NULL));
    /* Its guests apart from the demo host's: other names, new UUIDs. */
    renamed = g_strsplit (contents, "<name>", -1);
    g_free (contents);
    contents = g_strjoinv ("<name>second-", renamed);
    no_uuid = g_regex_replace_literal (uuid, contents, -1, 0, "", 0, NULL);
    g_free (contents);
    contents = g_steal_pointer (&no_uuid);
    g_assert_true (g_file_set_contents (second_xml, contents, -1, NULL));
    second_uri = g_strconcat ("test://", second_xml, NULL);
    f->second = g_object_ref (domus_application_add_connection (f->app, second_uri,
                                                                 "Second Host"));
    f->small = g_object_ref (domus_application_add_connection (f->app, "test:///default",
                                                                "Small Host"));
    domus_application_add_connection (f->app, "test:///no/such/host.xml", "Broken Host");
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (f->second) ==
                           DOMUS_CONNECTION_STATE_CONNECTED &&
                           domus_connection_get_state (f->small) ==
                           DOMUS_CONNECTION_STATE_CONNECTED &&
                           gtk_widget_get_mapped (GTK_WIDGET (f->window)),
                           TIMEOUT_S, "the second and small hosts");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    GtkWindow *dialog;

    while ((dialog = domus_test_find_toplevel (DOMUS_TYPE_MIGRATE_DIALOG)) != NULL)
        gtk_widget_destroy (GTK_WIDGET (dialog));
    gtk_widget_destroy (GTK_WIDGET (f->window));
    g_clear_object (&f->demo);
    g_clear_object (&f->second);
    g_clear_object (&f->small);
    domus_test_remove_hosts (f->app);
    g_autofree char *second_xml = g_build_filename (f->dir, "second-host.xml", NULL);

    g_unlink (second_xml);
    g_rmdir (f->dir);
    g_free (f->dir);
    domus_test_reset_settings (domus_application_get_settings (f->app));
}

static GtkWidget *
named (Fixture *f, const char *accessible_name)
{
    GtkWidget *widget = domus_test_find_widget (f->dialog, accessible_name, NULL);

    if (widget == NULL)
        g_error ("no widget named “%s” in the Migrate dialog", accessible_name);
    return widget;
}

static const char *
label_text (Fixture *f, const char *id)
{
    GtkWidget *label = domus_test_find_widget (f->dialog, NULL, id);

    g_assert_true (GTK_IS_LABEL (label));
    return gtk_label_get_text (GTK_LABEL (label));
}

/* The text of every label under WIDGET, one line each. */
static void
collect_text (GtkWidget *widget, gpointer user_data)
{
    if (GTK_IS_LABEL (widget))
        g_string_append_printf (user_data, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
    if (GTK_IS_CONTAINER (widget))
        gtk_container_forall (GTK_CONTAINER (widget), collect_text, user_data);
}

static char *
row_text (GtkWidget *row)
{
    GString *text = g_string_new (NULL);

    collect_text (row, text);
    return g_string_free (text, FALSE);
}

static gboolean
row_says (GtkWidget *row, const char *what)
{
    g_autofree char *text = row_text (row);

    return strstr (text, what) != NULL;
}

/* Migrate… on web01, from the window's guest menu action; the dialog once
 * it has read what the guest needs. */
static void
open_dialog (Fixture *f)
{
    domus_test_select_guests (f->window, (const char *const[]) { "web01", NULL });
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "migrate"));
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "migrate", NULL);
    DOMUS_TEST_WAIT_UNTIL ((f->dialog = GTK_WIDGET (domus_test_find_toplevel (
                                DOMUS_TYPE_MIGRATE_DIALOG))) != NULL,
                           TIMEOUT_S, "the Migrate dialog");
    g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (f->dialog)) ==
                   GTK_WINDOW (f->window));
}

/* A click on the row of the host called NAME. */
static void
click_row (GtkWidget *row)
{
    GtkListBox *box = GTK_LIST_BOX (gtk_widget_get_parent (row));

    gtk_widget_grab_focus (row);
    g_signal_emit_by_name (row, "activate");
    gtk_list_box_select_row (box, GTK_LIST_BOX_ROW (row));
}

static void
type_into (Fixture *f, const char *accessible_name, const char *text)
{
    GtkWidget *entry = named (f, accessible_name);

    gtk_window_present (GTK_WINDOW (f->dialog));
    gtk_widget_grab_focus (entry);
    gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
    g_assert_true (gtk_test_widget_send_key (entry, GDK_KEY_BackSpace, 0));
    for (const char *p = text; *p != '\0'; p++)
        g_assert_true (gtk_test_widget_send_key (entry, gdk_unicode_to_keyval (*p), 0));
    DOMUS_TEST_WAIT_UNTIL (g_str_equal (gtk_entry_get_text (GTK_ENTRY (entry)), text),
                           TIMEOUT_S, "the key presses to reach the field");
}

static void
choose (Fixture *f, const char *accessible_name, const char *id)
{
    g_assert_true (gtk_combo_box_set_active_id (GTK_COMBO_BOX (named (f, accessible_name)), id));
}

static void
click (Fixture *f, const char *accessible_name)
{
    gtk_button_clicked (GTK_BUTTON (named (f, accessible_name)));
}

static void
map_options (Fixture *f, unsigned int *flags, virTypedParameterPtr *params, int *nparams)
{
    g_autoptr(DomusMigrateOptions) options =
        domus_migrate_dialog_get_options (DOMUS_MIGRATE_DIALOG (f->dialog));
    g_autoptr(GError) error = NULL;

    g_assert_true (domus_migrate_options_to_params (options, params, nparams, flags, &error));
    g_assert_no_error (error);
}

static void
test_destinations_and_choices (Fixture *f, gconstpointer data)
{
    GtkWidget *second_row;
    GtkWidget *small_row;
    GtkWidget *broken_row;
    GtkWidget *migrate;
    g_autofree char *second_text = NULL;
    g_autofree char *broken_text = NULL;
    g_autofree char *small_text = NULL;
    virTypedParameterPtr params = NULL;
    int nparams = 0;
    unsigned int flags = 0;
    const char *uri = NULL;
    unsigned long long bandwidth = 0;
    g_autoptr(DomusMigrateOptions) options = NULL;

    open_dialog (f);
    g_assert_cmpstr (label_text (f, "heading"), ==, "Migrate “web01” from Demo Host");
    /* The guest's own host is no destination. */
    g_assert_null (domus_test_find_widget (f->dialog, "Demo Host", NULL));
    second_row = named (f, "Second Host");
    broken_row = named (f, "Broken Host");
    DOMUS_TEST_WAIT_UNTIL (row_says (second_row, "CPU"), TIMEOUT_S,
                           "what the second host offers");
    second_text = row_text (second_row);
    g_test_message ("%s", second_text);
    g_assert_nonnull (strstr (second_text, "32 CPUs, free memory unknown, TEST i686"));
    g_assert_true (gtk_widget_get_sensitive (second_row));
    small_row = named (f, "Small Host");
    DOMUS_TEST_WAIT_UNTIL (row_says (small_row, "CPU"), TIMEOUT_S, "what the small host offers");
    small_text = row_text (small_row);
    g_test_message ("%s", small_text);
    g_assert_nonnull (strstr (small_text, "16 CPUs, 3.1\u00a0MB free, TEST i686"));
    g_assert_nonnull (strstr (small_text, "The guest needs 2.1\u00a0GB of memory; it has "
                                          "3.1\u00a0MB free."));
    g_assert_false (gtk_widget_get_sensitive (small_row));
    broken_text = row_text (broken_row);
    g_assert_nonnull (strstr (broken_text, "It is not connected."));
    g_assert_false (gtk_widget_get_sensitive (broken_row));

    /* A running guest: live by default. */
    migrate = named (f, "Migrate");
    g_assert_cmpstr (gtk_combo_box_get_active_id (GTK_COMBO_BOX (named (f, "Migration mode"))),
                     ==, "live");
    click_row (second_row);
    g_assert_true (domus_migrate_dialog_get_destination (DOMUS_MIGRATE_DIALOG (f->dialog)) ==
                   f->second);
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_sensitive (migrate), TIMEOUT_S,
                           "Migrate, once the guest's needs are read");

    /* The defaults. */
    map_options (f, &flags, &params, &nparams);
    g_assert_cmphex (flags, ==, VIR_MIGRATE_LIVE | VIR_MIGRATE_PERSIST_DEST |
                                VIR_MIGRATE_UNDEFINE_SOURCE);
    g_assert_cmpint (nparams, ==, 0);
    virTypedParamsFree (params, nparams);

    /* Contradictions: refused under the form, Migrate grey. */
    choose (f, "Migration connection", "tunnelled");
    choose (f, "Storage", "copy-all");
    g_assert_nonnull (strstr (label_text (f, "form_error"), "cannot copy disks"));
    g_assert_false (gtk_widget_get_sensitive (migrate));
    g_assert_false (gtk_widget_get_sensitive (named (f, "Migration address")));
    choose (f, "Storage", "shared");
    g_assert_cmpstr (label_text (f, "form_error"), ==, "");
    g_assert_true (gtk_widget_get_sensitive (migrate));
    map_options (f, &flags, &params, &nparams);
    g_assert_cmphex (flags & (VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_TUNNELLED), ==,
                     VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_TUNNELLED);
    virTypedParamsFree (params, nparams);

    /* Peer to peer with an address; copy the top layer; every option. */
    choose (f, "Migration connection", "p2p");
    type_into (f, "Migration address", "10.0.0.2");
    g_assert_nonnull (strstr (label_text (f, "form_error"), "tcp://"));
    g_assert_false (gtk_widget_get_sensitive (migrate));
    type_into (f, "Migration address", "tcp://10.0.0.2");
    g_assert_true (gtk_widget_get_sensitive (migrate));
    choose (f, "Storage", "copy-top");
    g_assert_true (gtk_widget_get_sensitive (named (f, "Destination pool")));
    gtk_expander_set_expanded (GTK_EXPANDER (domus_test_find_widget (f->dialog, NULL,
                                                                     "options_expander")),
                               TRUE);
    click (f, "Keep the definition on the source");
    click (f, "Persistent on the destination");
    click (f, "Auto-converge");
    click (f, "Allow post-copy");
    click (f, "Compress memory");
    g_assert_false (gtk_widget_get_visible (domus_test_find_widget (f->dialog, NULL,
                                                                    "unsafe_warning")));
    click (f, "Allow unsafe migration");
    g_assert_true (gtk_widget_get_visible (domus_test_find_widget (f->dialog, NULL,
                                                                   "unsafe_warning")));
    type_into (f, "Bandwidth limit", "25");
    gtk_spin_button_update (GTK_SPIN_BUTTON (named (f, "Bandwidth limit")));
    map_options (f, &flags, &params, &nparams);
    g_assert_cmphex (flags, ==, VIR_MIGRATE_LIVE | VIR_MIGRATE_PEER2PEER |
                                VIR_MIGRATE_NON_SHARED_INC | VIR_MIGRATE_AUTO_CONVERGE |
                                VIR_MIGRATE_POSTCOPY | VIR_MIGRATE_COMPRESSED |
                                VIR_MIGRATE_UNSAFE);
    g_assert_cmpint (virTypedParamsGetString (params, nparams, VIR_MIGRATE_PARAM_URI, &uri),
                     ==, 1);
    g_assert_cmpstr (uri, ==, "tcp://10.0.0.2");
    g_assert_cmpint (virTypedParamsGetULLong (params, nparams, VIR_MIGRATE_PARAM_BANDWIDTH,
                                              &bandwidth), ==, 1);
    g_assert_cmpuint (bandwidth, ==, 25);
    virTypedParamsFree (params, nparams);

    /* Offline with a disk copy, and without persistence: refused. */
    choose (f, "Migration mode", "offline");
    g_assert_false (gtk_widget_get_sensitive (migrate));
    options = domus_migrate_dialog_get_options (DOMUS_MIGRATE_DIALOG (f->dialog));
    g_assert_cmpint (options->mode, ==, DOMUS_MIGRATE_OFFLINE);
    g_assert_cmpstr (options->pool, ==, NULL);
}

/* A shut-off guest: offline by default, and a copy of its disks may be
 * asked for (Domus makes it, libvirt refuses it offline), direct only.
 * The second host's pool is full (as the test driver counts): the copy
 * fails with libvirt's words, nothing made there, the guest as it was. */
static void
test_offline_copy (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusMigrateOptions) options = NULL;
    GtkWidget *migrate;
    GtkWidget *error_label;
    DomusDomain *guest;
    GtkComboBox *pools;
    g_autoptr(GPtrArray) before = NULL;
    g_autoptr(GPtrArray) after = NULL;
    const char *text;

    domus_test_select_guests (f->window, (const char *const[]) { "win10-desktop", NULL });
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "migrate", NULL);
    DOMUS_TEST_WAIT_UNTIL ((f->dialog = GTK_WIDGET (domus_test_find_toplevel (
                                DOMUS_TYPE_MIGRATE_DIALOG))) != NULL,
                           TIMEOUT_S, "the Migrate dialog");
    migrate = named (f, "Migrate");
    g_assert_cmpstr (gtk_combo_box_get_active_id (GTK_COMBO_BOX (named (f, "Migration mode"))),
                     ==, "offline");
    click_row (named (f, "Second Host"));
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_sensitive (migrate), TIMEOUT_S, "Migrate");
    g_assert_false (gtk_widget_get_sensitive (named (f, "Destination pool")));

    choose (f, "Storage", "copy-all");
    g_assert_cmpstr (label_text (f, "form_error"), ==, "");
    g_assert_true (gtk_widget_get_sensitive (migrate));
    g_assert_true (gtk_widget_get_sensitive (named (f, "Destination pool")));
    choose (f, "Migration connection", "p2p");
    g_assert_nonnull (strstr (label_text (f, "form_error"), "choose the direct connection"));
    g_assert_false (gtk_widget_get_sensitive (migrate));
    choose (f, "Migration connection", "direct");
    g_assert_true (gtk_widget_get_sensitive (migrate));
    pools = GTK_COMBO_BOX (named (f, "Destination pool"));
    DOMUS_TEST_WAIT_UNTIL (gtk_combo_box_set_active_id (pools, "second-default"), TIMEOUT_S,
                           "the second host's pools");
    options = domus_migrate_dialog_get_options (DOMUS_MIGRATE_DIALOG (f->dialog));
    g_assert_cmpint (options->mode, ==, DOMUS_MIGRATE_OFFLINE);
    g_assert_cmpint (options->transport, ==, DOMUS_MIGRATE_DIRECT);
    g_assert_cmpint (options->storage, ==, DOMUS_MIGRATE_STORAGE_COPY_ALL);
    g_assert_cmpstr (options->pool, ==, "second-default");
    g_assert_true (options->persistent);
    g_assert_false (options->keep_source);

    before = domus_test_list_volumes (f->second, "second-default");
    gtk_button_clicked (GTK_BUTTON (migrate));
    error_label = domus_test_find_widget (f->dialog, NULL, "error_label");
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_visible (error_label), TIMEOUT_S,
                           "the copy's failure");
    text = gtk_label_get_text (GTK_LABEL (error_label));
    g_test_message ("%s", text);
    g_assert_true (g_str_has_prefix (text, "Migrating “win10-desktop” from Demo Host to "
                                           "Second Host failed: Creating "
                                           "“win10-desktop.qcow2” on Second Host failed: "));
    g_assert_nonnull (strstr (text, "Not enough free space in pool"));
    g_assert_nonnull (strstr (text, "“win10-desktop” is shut off on Demo Host. "
                                    "Nothing was left on Second Host."));
    after = domus_test_list_volumes (f->second, "second-default");
    g_assert_cmpuint (after->len, ==, before->len);
    guest = domus_connection_find_domain_by_name (f->demo, "win10-desktop");
    g_assert_nonnull (guest);
    g_assert_null (domus_domain_get_activity (guest));
    g_assert_null (domus_connection_find_domain_by_name (f->second, "win10-desktop"));
}

/* Every activity a guest's row shows, in order ("" for none). */
static void
record_activity_cb (DomusDomain *domain, GParamSpec *pspec, GPtrArray *seen)
{
    const char *activity = domus_domain_get_activity (domain);

    g_ptr_array_add (seen, g_strdup (activity != NULL ? activity : ""));
}

static gboolean
seen_prefix (GPtrArray *seen, const char *prefix)
{
    for (guint i = 0; i < seen->len; i++)
        if (g_str_has_prefix (g_ptr_array_index (seen, i), prefix))
            return TRUE;
    return FALSE;
}

/* Migrate… with two running guests selected: while the batch runs, each
 * guest's row in the manager window says it waits and then migrates to
 * the second host (as the single Migrate dialog's guest does); the test
 * driver refuses, and at the end no row shows an activity. */
static void
test_batch_activity_in_rows (Fixture *f, gconstpointer data)
{
    const char *names[] = { "web01", "web02", NULL };
    g_autoptr(GPtrArray) seen0 = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) seen1 = g_ptr_array_new_with_free_func (g_free);
    GPtrArray *seen[] = { seen0, seen1 };
    GtkWidget *dialog;
    GtkWidget *summary;

    domus_test_select_guests (f->window, names);
    for (guint i = 0; i < 2; i++) {
        DomusDomain *domain = domus_connection_find_domain_by_name (f->demo, names[i]);

        g_signal_connect (domain, "notify::activity", G_CALLBACK (record_activity_cb),
                          seen[i]);
    }
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "migrate", NULL);
    DOMUS_TEST_WAIT_UNTIL ((dialog = GTK_WIDGET (domus_test_find_toplevel (
                                g_type_from_name ("DomusMigrateBatchDialog")))) != NULL,
                           TIMEOUT_S, "the dialog for several guests");
    gtk_button_clicked (GTK_BUTTON (domus_test_find_widget (dialog, "Migrate", NULL)));
    summary = domus_test_find_widget (dialog, NULL, "summary_label");
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_visible (summary), TIMEOUT_S, "the summary");
    g_test_message ("%s", gtk_label_get_text (GTK_LABEL (summary)));

    for (guint i = 0; i < 2; i++) {
        DomusDomain *domain = domus_connection_find_domain_by_name (f->demo, names[i]);
        g_autofree char *all = NULL;

        g_ptr_array_add (seen[i], NULL);
        all = g_strjoinv ("|", (char **) seen[i]->pdata);
        g_ptr_array_remove_index (seen[i], seen[i]->len - 1);
        g_test_message ("%s: %s", names[i], all);
        g_signal_handlers_disconnect_by_data (domain, seen[i]);
        g_assert_true (seen_prefix (seen[i], "Waiting to migrate to Second Host…"));
        g_assert_true (seen_prefix (seen[i], "Migrating to Second Host…"));
        g_assert_cmpstr (g_ptr_array_index (seen[i], seen[i]->len - 1), ==, "");
        g_assert_null (domus_domain_get_activity (domain));
    }
    g_assert_cmpint (domus_domain_get_state (domus_connection_find_domain_by_name (
                         f->demo, "web01")), ==, DOMUS_DOMAIN_STATE_RUNNING);
    gtk_widget_destroy (dialog);
}

/* The test driver cannot migrate: the dialog says libvirt's words and
 * where the guest is, and it stays, with the guest left as it was. */
/* With no other host the destination list says how to get one, and
 * Migrate stays grey. */
static void
test_no_other_host (Fixture *f, gconstpointer data)
{
    GListModel *hosts = domus_application_get_connections (f->app);
    DomusConnection *broken = domus_connection_find_by_uri (hosts, "test:///no/such/host.xml");
    g_autofree char *text = NULL;

    domus_application_remove_connection (f->app, f->second);
    domus_application_remove_connection (f->app, f->small);
    domus_application_remove_connection (f->app, broken);
    g_assert_cmpuint (g_list_model_get_n_items (hosts), ==, 1);
    open_dialog (f);
    text = row_text (named (f, "Destination host"));
    g_test_message ("%s", text);
    g_assert_nonnull (strstr (text, "No other host is connected. Add one with “Add "
                                    "Connection…” in the main menu"));
    g_assert_false (gtk_widget_get_sensitive (domus_test_find_widget (f->dialog, "Migrate",
                                                                      NULL)));
}

static void
test_failure_shown (Fixture *f, gconstpointer data)
{
    GtkWidget *migrate;
    GtkWidget *error_label;
    const char *text;
    DomusDomain *web01;

    open_dialog (f);
    migrate = named (f, "Migrate");
    click_row (named (f, "Second Host"));
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_sensitive (migrate), TIMEOUT_S, "Migrate");
    gtk_button_clicked (GTK_BUTTON (migrate));
    error_label = domus_test_find_widget (f->dialog, NULL, "error_label");
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_visible (error_label), TIMEOUT_S,
                           "the migration's failure");
    text = gtk_label_get_text (GTK_LABEL (error_label));
    g_test_message ("%s", text);
    g_assert_true (g_str_has_prefix (text, "Migrating “web01” from Demo Host to Second Host "
                                           "failed: "));
    g_assert_nonnull (strstr (text, "not supported"));
    g_assert_nonnull (strstr (text, "“web01” is still running on Demo Host. "
                                    "Nothing was left on Second Host."));
    web01 = domus_connection_find_domain_by_name (f->demo, "web01");
    g_assert_null (domus_domain_get_activity (web01));
    g_assert_cmpint (domus_domain_get_state (web01), ==, DOMUS_DOMAIN_STATE_RUNNING);
    g_assert_true (domus_test_find_toplevel (DOMUS_TYPE_MIGRATE_DIALOG) ==
                   GTK_WINDOW (f->dialog));
    g_assert_true (gtk_widget_get_sensitive (migrate));

    /* Cancel closes it. */
    click (f, "Cancel");
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (DOMUS_TYPE_MIGRATE_DIALOG) == NULL,
                           TIMEOUT_S, "Cancel to close the dialog");
    f->dialog = NULL;
}

int
main (int argc, char *argv[])
{
    int ret;

    gtk_test_init (&argc, &argv, NULL);
    g_assert_cmpint (virInitialize (), ==, 0);

    the_app = domus_test_app_new ();

    g_test_add ("/migrate-dialog/destinations-and-choices", Fixture, NULL, fixture_setup,
                test_destinations_and_choices, fixture_teardown);
    g_test_add ("/migrate-dialog/no-other-host", Fixture, NULL, fixture_setup,
                test_no_other_host, fixture_teardown);
    g_test_add ("/migrate-dialog/failure-shown", Fixture, NULL, fixture_setup,
                test_failure_shown, fixture_teardown);
    g_test_add ("/migrate-dialog/offline-copy", Fixture, NULL, fixture_setup,
                test_offline_copy, fixture_teardown);
    g_test_add ("/migrate-dialog/batch-activity-in-rows", Fixture, NULL, fixture_setup,
                test_batch_activity_in_rows, fixture_teardown);
    ret = g_test_run ();
    g_object_unref (the_app);
    return ret;
}
