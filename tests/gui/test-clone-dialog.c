/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Clone dialog on the demo host under Xvfb, driven as a person does:
 * Clone applies to one shut-off or paused guest; the dialog suggests a
 * name, copies the template's disk and shares its CD-ROM, says what the
 * clone does not change inside the guest; a taken or bad name typed key by
 * key is refused under the field and Clone goes grey; a good one and a
 * click on Clone make the guest, which appears in the list, with a line
 * in the window's notification bar. A clone libvirt refuses (its source
 * volume gone behind its back) says why in the dialog, which stays. The
 * menu items themselves are clicked in test-menus.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "domus-application.h"
#include "domus-clone-dialog.h"
#include "domus-gui-test-util.h"
#include "domus-manager-window.h"
#include "domus-storage.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

static DomusApplication *the_app;

typedef struct {
    DomusApplication *app;
    DomusManagerWindow *window;
    DomusConnection *demo;
    GSettings *settings;
    GtkWidget *dialog;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    f->app = the_app;
    f->settings = domus_application_get_settings (f->app);
    f->window = domus_manager_window_new (f->app);
    gtk_widget_show (GTK_WIDGET (f->window));
    f->demo = domus_test_open_demo_host (f->app);
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->window)), TIMEOUT_S,
                           "the window shown");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    GtkWindow *dialog;

    while ((dialog = domus_test_find_toplevel (DOMUS_TYPE_CLONE_DIALOG)) != NULL)
        gtk_widget_destroy (GTK_WIDGET (dialog));
    gtk_widget_destroy (GTK_WIDGET (f->window));
    g_clear_object (&f->demo);
    domus_test_remove_connections (f->app);
    domus_test_reset_settings (f->settings);
}

static GtkWidget *
named (Fixture *f, const char *accessible_name)
{
    GtkWidget *widget = domus_test_find_widget (f->dialog, accessible_name, NULL);

    if (widget == NULL)
        g_error ("no widget named “%s” in the Clone dialog", accessible_name);
    return widget;
}

static const char *
label_text (Fixture *f, const char *id)
{
    GtkWidget *label = domus_test_find_widget (f->dialog, NULL, id);

    g_assert_true (GTK_IS_LABEL (label));
    return gtk_label_get_text (GTK_LABEL (label));
}

static GtkWidget *
button (Fixture *f, const char *label)
{
    GtkWidget *found = domus_test_find_widget (f->dialog, label, NULL);

    g_assert_true (GTK_IS_BUTTON (found));
    return found;
}

/* Clone on the guest called NAME, as its window's action; the dialog once
 * it has read the guest's disks. */
static void
open_dialog (Fixture *f, const char *name)
{
    GtkStack *stack;

    domus_test_select_guests (f->window, (const char *const[]) { name, NULL });
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "clone"));
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "clone", NULL);
    DOMUS_TEST_WAIT_UNTIL ((f->dialog = GTK_WIDGET (domus_test_find_toplevel (
                                DOMUS_TYPE_CLONE_DIALOG))) != NULL,
                           TIMEOUT_S, "the Clone dialog");
    stack = GTK_STACK (domus_test_find_widget (f->dialog, NULL, "stack"));
    DOMUS_TEST_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "loading") != 0,
                           TIMEOUT_S, "the guest's disks to be read");
    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "form");
}

/* Types TEXT into the name field as a person does: the field has the
 * focus, its text is selected, and each character comes as a key press
 * (an empty TEXT is a Backspace over the selection). */
static void
type_name (Fixture *f, const char *text)
{
    GtkWidget *entry = named (f, "Name of the clone");

    gtk_window_present (GTK_WINDOW (f->dialog));
    gtk_widget_grab_focus (entry);
    gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
    if (*text == '\0')
        g_assert_true (gtk_test_widget_send_key (entry, GDK_KEY_BackSpace, 0));
    for (const char *p = text; *p != '\0'; p++)
        g_assert_true (gtk_test_widget_send_key (entry, gdk_unicode_to_keyval (*p), 0));
    DOMUS_TEST_WAIT_UNTIL (g_str_equal (gtk_entry_get_text (GTK_ENTRY (entry)), text),
                           TIMEOUT_S, "the key presses to reach the field");
}

static const char *
disk_choice (Fixture *f, const char *target)
{
    g_autofree char *name = g_strdup_printf ("Storage for %s", target);

    return gtk_combo_box_get_active_id (GTK_COMBO_BOX (named (f, name)));
}

static void
test_only_shut_off_or_paused (Fixture *f, gconstpointer data)
{
    DomusDomain *web01 = domus_connection_find_domain_by_name (f->demo, "web01");

    domus_test_select_guests (f->window, (const char *const[]) { "web01", NULL });
    g_assert_cmpint (domus_domain_get_state (web01), ==, DOMUS_DOMAIN_STATE_RUNNING);
    g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "clone"));
    domus_test_select_guests (f->window,
                              (const char *const[]) { "tmpl-debian12", "web01", NULL });
    g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "clone"));
    domus_test_select_guests (f->window, (const char *const[]) { "tmpl-debian12", NULL });
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "clone"));

    /* Paused, the guest writes nothing: it may be cloned, and the dialog
     * says what that means. */
    g_settings_set_boolean (f->settings, "confirm-pause", FALSE);
    domus_test_select_guests (f->window, (const char *const[]) { "web01", NULL });
    g_action_group_activate_action (G_ACTION_GROUP (f->window), "pause", NULL);
    DOMUS_TEST_WAIT_UNTIL (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window),
                                                              "clone"),
                           TIMEOUT_S, "Clone to apply to the paused guest");
    open_dialog (f, "web01");
    g_assert_true (gtk_widget_get_visible (domus_test_find_widget (f->dialog, NULL,
                                                                   "paused_label")));
}

static void
test_defaults_refusals_and_clone (Fixture *f, gconstpointer data)
{
    DomusDomain *tmpl = domus_connection_find_domain_by_name (f->demo, "tmpl-debian12");
    g_autoptr(GPtrArray) unnamed = g_ptr_array_new ();
    GtkWidget *clone = NULL;
    DomusDomain *copy;

    open_dialog (f, "tmpl-debian12");
    clone = button (f, "Clone");

    /* What the plan suggests, and what a clone leaves as it was. */
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (named (f, "Name of the clone"))), ==,
                     "tmpl-debian12-clone");
    g_assert_cmpstr (disk_choice (f, "vda"), ==, "copy");
    g_assert_cmpstr (disk_choice (f, "sda"), ==, "share");
    g_assert_nonnull (strstr (label_text (f, "os_label"),
                              "host name, SSH host keys, machine ID"));
    g_assert_nonnull (strstr (label_text (f, "os_label"), "-d tmpl-debian12-clone"));
    g_assert_false (gtk_widget_get_visible (domus_test_find_widget (f->dialog, NULL,
                                                                    "nvram_label")));
    g_assert_false (gtk_widget_get_visible (domus_test_find_widget (f->dialog, NULL,
                                                                    "paused_label")));
    g_assert_cmpstr (label_text (f, "name_error"), ==, "");
    g_assert_true (gtk_widget_get_sensitive (clone));
    domus_test_collect_unnamed (f->dialog, unnamed);
    g_assert_cmpuint (unnamed->len, ==, 0);

    /* A taken name, typed: refused under the field, Clone grey. */
    type_name (f, "web01");
    g_assert_cmpstr (label_text (f, "name_error"), ==,
                     "A guest named “web01” already exists on Demo Host.");
    g_assert_false (gtk_widget_get_sensitive (clone));
    type_name (f, "a/b");
    g_assert_nonnull (strstr (label_text (f, "name_error"), "cannot contain “/”"));
    g_assert_false (gtk_widget_get_sensitive (clone));
    type_name (f, "");
    g_assert_cmpstr (label_text (f, "name_error"), ==, "Enter a name for the clone.");
    g_assert_false (gtk_widget_get_sensitive (clone));

    /* A good one: the new volume's name follows it. */
    type_name (f, "web03");
    g_assert_cmpstr (label_text (f, "name_error"), ==, "");
    g_assert_true (gtk_widget_get_sensitive (clone));
    g_assert_nonnull (strstr (label_text (f, "os_label"), "-d web03"));
    {
        g_autoptr(GPtrArray) labels = g_ptr_array_new ();
        gboolean found = FALSE;

        domus_test_collect_widgets (f->dialog, GTK_TYPE_LABEL, labels);
        for (guint i = 0; i < labels->len; i++)
            found |= g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)),
                                "New volume “web03.qcow2” in pool “default”.") == 0;
        g_assert_true (found);
    }

    gtk_button_clicked (GTK_BUTTON (clone));
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (DOMUS_TYPE_CLONE_DIALOG) == NULL,
                           TIMEOUT_S, "the dialog to close once cloned");
    f->dialog = NULL;
    DOMUS_TEST_WAIT_UNTIL ((copy = domus_connection_find_domain_by_name (f->demo, "web03")) !=
                           NULL, TIMEOUT_S, "the clone in the list");
    g_assert_cmpint (domus_domain_get_state (copy), ==, DOMUS_DOMAIN_STATE_SHUTOFF);
    g_assert_cmpstr (domus_domain_get_uuid (copy), !=, domus_domain_get_uuid (tmpl));
    g_assert_null (domus_domain_get_activity (tmpl));
    g_assert_cmpstr (domus_manager_window_get_notification (f->window), ==,
                     "Cloned “tmpl-debian12” as “web03”");
}

static void
deleted_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;

    g_assert_true (domus_storage_delete_volume_finish (DOMUS_CONNECTION (source), result,
                                                       &error));
    g_assert_no_error (error);
    *(gboolean *) user_data = TRUE;
}

/* The template's disk is removed behind the dialog's back: libvirt's
 * refusal shows in the dialog, which stays for another try. */
static void
test_refusal_shown_in_dialog (Fixture *f, gconstpointer data)
{
    gboolean deleted = FALSE;
    GtkWidget *error_label;

    open_dialog (f, "tmpl-debian12");
    domus_storage_delete_volume_async (f->demo, "default", "tmpl-debian12.qcow2", NULL,
                                       deleted_cb, &deleted);
    DOMUS_TEST_WAIT_UNTIL (deleted, TIMEOUT_S, "the template's volume to go");

    gtk_button_clicked (GTK_BUTTON (button (f, "Clone")));
    error_label = domus_test_find_widget (f->dialog, NULL, "error_label");
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_visible (error_label), TIMEOUT_S,
                           "the refusal in the dialog");
    g_test_message ("%s", gtk_label_get_text (GTK_LABEL (error_label)));
    g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (error_label)),
                                     "Cloning “tmpl-debian12” on Demo Host failed: "));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)),
                              "tmpl-debian12.qcow2"));
    g_assert_true (domus_test_find_toplevel (DOMUS_TYPE_CLONE_DIALOG) == GTK_WINDOW (f->dialog));
    g_assert_true (gtk_widget_get_sensitive (named (f, "Name of the clone")));
    g_assert_null (domus_domain_get_activity (
        domus_connection_find_domain_by_name (f->demo, "tmpl-debian12")));
    g_assert_null (domus_connection_find_domain_by_name (f->demo, "tmpl-debian12-clone"));

    /* Cancel closes it. */
    gtk_button_clicked (GTK_BUTTON (button (f, "Cancel")));
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (DOMUS_TYPE_CLONE_DIALOG) == NULL,
                           TIMEOUT_S, "Cancel to close the dialog");
    f->dialog = NULL;
}

int
main (int argc, char *argv[])
{
    int ret;

    gtk_test_init (&argc, &argv, NULL);

    the_app = domus_test_app_new ();

    g_test_add ("/clone-dialog/only-shut-off-or-paused", Fixture, NULL, fixture_setup,
                test_only_shut_off_or_paused, fixture_teardown);
    g_test_add ("/clone-dialog/defaults-refusals-and-clone", Fixture, NULL, fixture_setup,
                test_defaults_refusals_and_clone, fixture_teardown);
    g_test_add ("/clone-dialog/refusal-shown-in-dialog", Fixture, NULL, fixture_setup,
                test_refusal_shown_in_dialog, fixture_teardown);
    ret = g_test_run ();
    g_object_unref (the_app);
    return ret;
}
