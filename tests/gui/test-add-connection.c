/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Add Connection dialog under Xvfb, driven through its widgets as a
 * user would (found by accessible name): the URI follows the fields, a
 * wrong host or port blocks Connect and says why, a good URI is connected
 * and adopted, a failing one shows libvirt's message and keeps the input.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "domus-add-connection-dialog.h"
#include "domus-application.h"
#include "domus-gui-test-util.h"
#include "domus-auth-request.h"
#include "domus-test-util.h"

#define TIMEOUT_S 60

/* One application per process: GApplication exports itself on the bus
 * once, so the fixtures share it and empty its host list between tests. */
static DomusApplication *the_app;

typedef struct {
    DomusApplication *app;
    GtkWidget *dialog;   /* weak: NULL once the dialog is destroyed */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    f->app = the_app;
    f->dialog = domus_add_connection_dialog_new (f->app, NULL);
    g_object_add_weak_pointer (G_OBJECT (f->dialog), (gpointer *) &f->dialog);
    gtk_window_present (GTK_WINDOW (f->dialog));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    GListModel *connections = domus_application_get_connections (f->app);

    if (f->dialog != NULL) {
        g_object_remove_weak_pointer (G_OBJECT (f->dialog), (gpointer *) &f->dialog);
        gtk_widget_destroy (f->dialog);
    }
    while (g_list_model_get_n_items (connections) > 0) {
        g_autoptr(DomusConnection) conn = g_list_model_get_item (connections, 0);

        domus_application_remove_connection (f->app, conn);
    }
    g_settings_reset (domus_application_get_settings (f->app), "connections");
}

static GtkWidget *
find_named (Fixture *f, const char *accessible_name)
{
    GtkWidget *found = domus_test_find_widget (f->dialog, accessible_name, NULL);

    if (found == NULL)
        g_error ("no widget named “%s” in the dialog", accessible_name);
    return found;
}

static GtkWidget *
find_id (Fixture *f, const char *id)
{
    GtkWidget *found = domus_test_find_widget (f->dialog, NULL, id);

    if (found == NULL)
        g_error ("no widget with id “%s” in the dialog", id);
    return found;
}

#define ENTRY(f, name) GTK_ENTRY (find_named ((f), (name)))
#define COMBO(f, name) GTK_COMBO_BOX (find_named ((f), (name)))
#define CHECK(f, name) GTK_TOGGLE_BUTTON (find_named ((f), (name)))

static const char *
uri_label (Fixture *f)
{
    return gtk_label_get_text (GTK_LABEL (find_id (f, "uri_label")));
}

static GtkWidget *
connect_button (Fixture *f)
{
    return gtk_dialog_get_widget_for_response (GTK_DIALOG (f->dialog), GTK_RESPONSE_OK);
}

static const char *
validation_text (Fixture *f)
{
    GtkWidget *label = find_id (f, "validation_label");

    return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static void
assert_entry_warns (GtkEntry *entry, const char *message)
{
    g_autofree char *tooltip = NULL;

    g_assert_cmpstr (gtk_entry_get_icon_name (entry, GTK_ENTRY_ICON_SECONDARY), ==,
                     "dialog-warning-symbolic");
    tooltip = gtk_entry_get_icon_tooltip_text (entry, GTK_ENTRY_ICON_SECONDARY);
    g_assert_cmpstr (tooltip, ==, message);
}

static void
assert_entry_fine (GtkEntry *entry)
{
    g_assert_null (gtk_entry_get_icon_name (entry, GTK_ENTRY_ICON_SECONDARY));
}

static void
assert_has_mnemonic (GtkWidget *widget)
{
    GList *labels = gtk_widget_list_mnemonic_labels (widget);

    g_assert_nonnull (labels);
    g_list_free (labels);
}

static void
test_live_uri (Fixture *f, gconstpointer data)
{
    GtkToggleButton *remote = CHECK (f, "Connect to remote host");
    GtkEntry *port = ENTRY (f, "Port");

    /* The default: the local system QEMU. */
    g_assert_cmpstr (gtk_combo_box_get_active_id (COMBO (f, "Hypervisor")), ==, "qemu");
    g_assert_cmpstr (uri_label (f), ==, "qemu:///system");
    g_assert_true (gtk_widget_get_sensitive (connect_button (f)));
    g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (ENTRY (f, "Host name"))));
    g_assert_true (gtk_toggle_button_get_active (CHECK (f, "Connect automatically")));
    g_assert_null (validation_text (f));

    /* Remote without a host: no URI yet, a hint, no warning. */
    gtk_toggle_button_set_active (remote, TRUE);
    g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (ENTRY (f, "Host name"))));
    g_assert_cmpstr (uri_label (f), ==, "—");
    g_assert_false (gtk_widget_get_sensitive (connect_button (f)));
    g_assert_cmpstr (validation_text (f), ==, "Enter the name or address of the host.");
    assert_entry_fine (ENTRY (f, "Host name"));
    g_assert_cmpstr (gtk_entry_get_placeholder_text (port), ==, "22");

    gtk_combo_box_set_active_id (COMBO (f, "Method"), "ssh");
    gtk_entry_set_text (ENTRY (f, "User name"), "root");
    gtk_entry_set_text (ENTRY (f, "Host name"), "hv1");
    g_assert_cmpstr (uri_label (f), ==, "qemu+ssh://root@hv1/system");
    gtk_entry_set_text (port, "2222");
    g_assert_cmpstr (uri_label (f), ==, "qemu+ssh://root@hv1:2222/system");
    g_assert_true (gtk_widget_get_sensitive (connect_button (f)));
    g_assert_null (validation_text (f));

    gtk_combo_box_set_active_id (COMBO (f, "Method"), "tls");
    g_assert_cmpstr (uri_label (f), ==, "qemu+tls://root@hv1:2222/system");
    gtk_entry_set_text (port, "");
    g_assert_cmpstr (gtk_entry_get_placeholder_text (port), ==, "16514");
    gtk_combo_box_set_active_id (COMBO (f, "Method"), "tcp");
    g_assert_cmpstr (gtk_entry_get_placeholder_text (port), ==, "16509");
    g_assert_cmpstr (uri_label (f), ==, "qemu+tcp://root@hv1/system");

    gtk_combo_box_set_active_id (COMBO (f, "Hypervisor"), "qemu-session");
    g_assert_cmpstr (uri_label (f), ==, "qemu+tcp://root@hv1/session");
    gtk_combo_box_set_active_id (COMBO (f, "Hypervisor"), "xen");
    gtk_combo_box_set_active_id (COMBO (f, "Method"), "ssh");
    g_assert_cmpstr (uri_label (f), ==, "xen+ssh://root@hv1/system");
    gtk_combo_box_set_active_id (COMBO (f, "Hypervisor"), "lxc");
    g_assert_cmpstr (uri_label (f), ==, "lxc+ssh://root@hv1/system");

    /* Blanks around a pasted host do not count; IPv6 gets its brackets. */
    gtk_entry_set_text (ENTRY (f, "Host name"), " 2001:db8::1 ");
    g_assert_cmpstr (uri_label (f), ==, "lxc+ssh://root@[2001:db8::1]/system");
    gtk_entry_set_text (ENTRY (f, "Host name"), "hv1");

    /* Local again: the remote fields keep their text for later. */
    gtk_toggle_button_set_active (remote, FALSE);
    g_assert_cmpstr (uri_label (f), ==, "lxc:///system");
    g_assert_cmpstr (gtk_entry_get_text (ENTRY (f, "Host name")), ==, "hv1");

    /* ESX is always remote over HTTPS; leaving it gives back the user's choice. */
    gtk_combo_box_set_active_id (COMBO (f, "Hypervisor"), "esx");
    g_assert_true (gtk_toggle_button_get_active (remote));
    g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (remote)));
    g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (COMBO (f, "Method"))));
    g_assert_cmpstr (gtk_entry_get_placeholder_text (port), ==, "443");
    g_assert_cmpstr (uri_label (f), ==, "esx://root@hv1/");
    gtk_combo_box_set_active_id (COMBO (f, "Hypervisor"), "qemu");
    g_assert_false (gtk_toggle_button_get_active (remote));
    g_assert_cmpstr (uri_label (f), ==, "qemu:///system");

    /* Custom: only the URI entry; a hint until it holds something. */
    gtk_combo_box_set_active_id (COMBO (f, "Hypervisor"), "custom");
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (ENTRY (f, "Custom URI"))));
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (ENTRY (f, "Host name"))));
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (remote)));
    g_assert_false (gtk_widget_get_sensitive (connect_button (f)));
    g_assert_cmpstr (validation_text (f), ==, "Enter a libvirt URI, such as “qemu:///system”.");
    gtk_entry_set_text (ENTRY (f, "Custom URI"), "test:///default");
    g_assert_cmpstr (uri_label (f), ==, "test:///default");
    g_assert_true (gtk_widget_get_sensitive (connect_button (f)));
    g_assert_cmpstr (domus_add_connection_dialog_get_uri (
                         DOMUS_ADD_CONNECTION_DIALOG (f->dialog)), ==, "test:///default");
    gtk_entry_set_text (ENTRY (f, "Custom URI"), "hv1.example.com");
    g_assert_false (gtk_widget_get_sensitive (connect_button (f)));
    assert_entry_warns (ENTRY (f, "Custom URI"), validation_text (f));
}

static void
test_invalid_host_and_port (Fixture *f, gconstpointer data)
{
    static const char host_message[] =
        "“hv 1” is not a valid host name: host names may not contain spaces.";
    static const char port_message[] =
        "“70000” is not a valid port: choose a number from 1 to 65535, or leave it empty "
        "for the default port.";
    GtkEntry *host = ENTRY (f, "Host name");
    GtkEntry *port = ENTRY (f, "Port");
    g_autofree char *both = NULL;

    gtk_toggle_button_set_active (CHECK (f, "Connect to remote host"), TRUE);
    gtk_entry_set_text (host, "hv 1");
    g_assert_false (gtk_widget_get_sensitive (connect_button (f)));
    g_assert_cmpstr (validation_text (f), ==, host_message);
    assert_entry_warns (host, host_message);
    assert_entry_fine (port);
    g_assert_cmpstr (uri_label (f), ==, "—");

    /* Both wrong: both said, one per line. */
    gtk_entry_set_text (port, "70000");
    both = g_strdup_printf ("%s\n%s", host_message, port_message);
    g_assert_cmpstr (validation_text (f), ==, both);
    assert_entry_warns (port, port_message);

    gtk_entry_set_text (host, "hv1");
    assert_entry_fine (host);
    g_assert_cmpstr (validation_text (f), ==, port_message);
    g_assert_false (gtk_widget_get_sensitive (connect_button (f)));

    /* Enter on a wrong form does nothing. */
    gtk_dialog_response (GTK_DIALOG (f->dialog), GTK_RESPONSE_OK);
    g_assert_null (domus_add_connection_dialog_get_connection (
                       DOMUS_ADD_CONNECTION_DIALOG (f->dialog)));

    gtk_entry_set_text (port, "22x");
    g_assert_cmpstr (validation_text (f), ==,
                     "“22x” is not a valid port: use digits only, for a number from 1 to 65535.");
    gtk_entry_set_text (port, "2222");
    assert_entry_fine (port);
    g_assert_null (validation_text (f));
    g_assert_true (gtk_widget_get_sensitive (connect_button (f)));
    g_assert_cmpstr (uri_label (f), ==, "qemu+ssh://hv1:2222/system");

    /* Local: the remote fields no longer matter, whatever they hold. */
    gtk_entry_set_text (host, "hv 1");
    gtk_toggle_button_set_active (CHECK (f, "Connect to remote host"), FALSE);
    assert_entry_fine (host);
    g_assert_true (gtk_widget_get_sensitive (connect_button (f)));
}

static gboolean
saved_connections_are (Fixture *f, const char *expected)
{
    g_autoptr(GVariant) saved =
        g_settings_get_value (domus_application_get_settings (f->app), "connections");
    g_autofree char *printed = g_variant_print (saved, FALSE);

    if (g_strcmp0 (printed, expected) != 0) {
        g_test_message ("saved connections: %s", printed);
        return FALSE;
    }
    return TRUE;
}

static void
test_connects_and_adopts (Fixture *f, gconstpointer data)
{
    gboolean autoconnect = GPOINTER_TO_INT (data);
    GListModel *connections = domus_application_get_connections (f->app);
    g_autoptr(DomusConnection) conn = NULL;
    g_autofree char *expected = NULL;

    gtk_combo_box_set_active_id (COMBO (f, "Hypervisor"), "custom");
    gtk_entry_set_text (ENTRY (f, "Custom URI"), "test:///default");
    gtk_toggle_button_set_active (CHECK (f, "Connect automatically"), autoconnect);
    gtk_button_clicked (GTK_BUTTON (connect_button (f)));

    /* Connecting: a spinner, the fields and Connect wait, the host is not listed. */
    g_assert_nonnull (f->dialog);
    g_assert_true (gtk_widget_get_visible (find_id (f, "status_box")));
    g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (ENTRY (f, "Custom URI"))));
    g_assert_false (gtk_widget_get_sensitive (connect_button (f)));
    g_assert_nonnull (domus_add_connection_dialog_get_connection (
                          DOMUS_ADD_CONNECTION_DIALOG (f->dialog)));
    g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 0);

    DOMUS_TEST_WAIT_UNTIL (f->dialog == NULL, TIMEOUT_S, "the dialog to close once connected");
    g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 1);
    conn = g_list_model_get_item (connections, 0);
    g_assert_cmpstr (domus_connection_get_uri (conn), ==, "test:///default");
    g_assert_cmpint (domus_connection_get_state (conn), ==, DOMUS_CONNECTION_STATE_CONNECTED);
    expected = g_strdup_printf ("[('test:///default', '', %s)]",
                                autoconnect ? "true" : "false");
    g_assert_true (saved_connections_are (f, expected));
}

static void
test_failure_keeps_input (Fixture *f, gconstpointer data)
{
    GListModel *connections = domus_application_get_connections (f->app);
    GtkWidget *bar = find_id (f, "error_bar");
    GtkEntry *entry = ENTRY (f, "Custom URI");
    const char *message;

    gtk_combo_box_set_active_id (COMBO (f, "Hypervisor"), "custom");
    gtk_entry_set_text (entry, "test:///nonexistent/x.xml");
    gtk_toggle_button_set_active (CHECK (f, "Connect automatically"), FALSE);
    gtk_button_clicked (GTK_BUTTON (connect_button (f)));

    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_visible (bar), TIMEOUT_S, "the failure to be shown");
    g_assert_nonnull (f->dialog);
    g_assert_cmpint (gtk_info_bar_get_message_type (GTK_INFO_BAR (bar)), ==, GTK_MESSAGE_ERROR);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_id (f, "error_title"))), ==,
                     "Could not connect");
    message = gtk_label_get_text (GTK_LABEL (find_id (f, "error_message")));
    g_test_message ("libvirt said: %s", message);
    g_assert_nonnull (strstr (message, "/nonexistent/x.xml"));
    g_assert_true (gtk_label_get_selectable (GTK_LABEL (find_id (f, "error_message"))));
    {
        g_autoptr(GPtrArray) unnamed = g_ptr_array_new ();

        domus_test_collect_unnamed (bar, unnamed);   /* its close button */
        g_assert_cmpuint (unnamed->len, ==, 0);
    }

    /* Nothing lost, nothing adopted, and ready to try again. */
    g_assert_cmpstr (gtk_entry_get_text (entry), ==, "test:///nonexistent/x.xml");
    g_assert_cmpstr (gtk_combo_box_get_active_id (COMBO (f, "Hypervisor")), ==, "custom");
    g_assert_false (gtk_toggle_button_get_active (CHECK (f, "Connect automatically")));
    g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (entry)));
    g_assert_false (gtk_widget_get_visible (find_id (f, "status_box")));
    g_assert_true (gtk_widget_get_sensitive (connect_button (f)));
    g_assert_null (domus_add_connection_dialog_get_connection (
                       DOMUS_ADD_CONNECTION_DIALOG (f->dialog)));
    g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 0);
    g_assert_true (saved_connections_are (f, "[]"));

    /* A second try that works hides the old failure, then closes. */
    gtk_entry_set_text (entry, "test:///default");
    gtk_button_clicked (GTK_BUTTON (connect_button (f)));
    g_assert_false (gtk_widget_get_visible (bar));
    DOMUS_TEST_WAIT_UNTIL (f->dialog == NULL, TIMEOUT_S, "the dialog to close once connected");
    g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 1);
}

/* A remote failure, from libvirt's remote driver: every field stays. */
static void
test_remote_failure_keeps_fields (Fixture *f, gconstpointer data)
{
    GtkWidget *bar = find_id (f, "error_bar");

    gtk_toggle_button_set_active (CHECK (f, "Connect to remote host"), TRUE);
    gtk_combo_box_set_active_id (COMBO (f, "Method"), "tcp");
    gtk_entry_set_text (ENTRY (f, "User name"), "nobody");
    gtk_entry_set_text (ENTRY (f, "Host name"), "127.0.0.1");
    gtk_entry_set_text (ENTRY (f, "Port"), "1");   /* nothing listens there */
    g_assert_cmpstr (uri_label (f), ==, "qemu+tcp://nobody@127.0.0.1:1/system");
    gtk_button_clicked (GTK_BUTTON (connect_button (f)));

    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_visible (bar), TIMEOUT_S, "the failure to be shown");
    g_test_message ("libvirt said: %s",
                    gtk_label_get_text (GTK_LABEL (find_id (f, "error_message"))));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_id (f, "error_message"))), !=, "");
    g_assert_true (gtk_toggle_button_get_active (CHECK (f, "Connect to remote host")));
    g_assert_cmpstr (gtk_combo_box_get_active_id (COMBO (f, "Method")), ==, "tcp");
    g_assert_cmpstr (gtk_entry_get_text (ENTRY (f, "User name")), ==, "nobody");
    g_assert_cmpstr (gtk_entry_get_text (ENTRY (f, "Host name")), ==, "127.0.0.1");
    g_assert_cmpstr (gtk_entry_get_text (ENTRY (f, "Port")), ==, "1");
    g_assert_cmpstr (uri_label (f), ==, "qemu+tcp://nobody@127.0.0.1:1/system");
    g_assert_cmpuint (g_list_model_get_n_items (domus_application_get_connections (f->app)),
                      ==, 0);

    /* The close button of the bar puts it away. */
    gtk_button_clicked (GTK_BUTTON (find_named (f, "Close message")));
    g_assert_false (gtk_widget_get_visible (bar));
}

static void
test_cancel_while_connecting (Fixture *f, gconstpointer data)
{
    DomusConnection *conn;

    gtk_combo_box_set_active_id (COMBO (f, "Hypervisor"), "custom");
    gtk_entry_set_text (ENTRY (f, "Custom URI"), "test:///default");
    gtk_button_clicked (GTK_BUTTON (connect_button (f)));
    conn = domus_add_connection_dialog_get_connection (DOMUS_ADD_CONNECTION_DIALOG (f->dialog));
    g_assert_nonnull (conn);
    g_object_add_weak_pointer (G_OBJECT (conn), (gpointer *) &conn);

    gtk_button_clicked (GTK_BUTTON (gtk_dialog_get_widget_for_response (GTK_DIALOG (f->dialog),
                                                                        GTK_RESPONSE_CANCEL)));
    g_assert_null (f->dialog);
    /* The attempt ends (its open job returns) and is dropped, never adopted. */
    DOMUS_TEST_WAIT_UNTIL (conn == NULL, TIMEOUT_S, "the abandoned connection to be freed");
    g_assert_cmpuint (g_list_model_get_n_items (domus_application_get_connections (f->app)),
                      ==, 0);
    g_assert_true (saved_connections_are (f, "[]"));
}

/* The host is not the application's yet, so this dialog asks for its
 * credentials, over itself; giving up withdraws the question. */
static void
test_credentials_while_connecting (Fixture *f, gconstpointer data)
{
    static const DomusAuthField fields[] = {
        { "Please enter your password", NULL, TRUE },
    };
    g_autoptr(DomusAuthRequest) request =
        domus_auth_request_new ("test:///default", fields, G_N_ELEMENTS (fields));
    g_auto(GStrv) answers = NULL;
    DomusConnection *conn;
    GtkWindow *auth;

    gtk_combo_box_set_active_id (COMBO (f, "Hypervisor"), "custom");
    gtk_entry_set_text (ENTRY (f, "Custom URI"), "test:///default");
    gtk_button_clicked (GTK_BUTTON (connect_button (f)));
    conn = domus_add_connection_dialog_get_connection (DOMUS_ADD_CONNECTION_DIALOG (f->dialog));
    g_assert_nonnull (conn);

    /* As the worker does when libvirt asks. */
    g_signal_emit_by_name (conn, "auth-request", request);
    auth = domus_test_find_toplevel (g_type_from_name ("DomusAuthDialog"));
    g_assert_nonnull (auth);
    g_assert_true (gtk_window_get_transient_for (auth) == GTK_WINDOW (f->dialog));

    gtk_dialog_response (GTK_DIALOG (f->dialog), GTK_RESPONSE_CANCEL);
    g_assert_null (f->dialog);
    g_assert_null (domus_test_find_toplevel (g_type_from_name ("DomusAuthDialog")));
    answers = domus_auth_request_wait (request);   /* cancelled: returns at once */
    g_assert_null (answers);
}

static void
test_accessible (Fixture *f, gconstpointer data)
{
    g_autoptr(GPtrArray) unnamed = g_ptr_array_new ();
    GtkWidget *titlebar = gtk_window_get_titlebar (GTK_WINDOW (f->dialog));
    static const char *const with_mnemonic[] = {
        "Hypervisor", "Method", "User name", "Host name", "Port", "Custom URI",
    };

    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->dialog)), ==, "Add Connection");
    g_assert_nonnull (titlebar);
    g_assert_true (gtk_style_context_has_class (
                       gtk_widget_get_style_context (connect_button (f)), "suggested-action"));
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (connect_button (f))), ==, "_Connect");

    /* Both forms: the remote fields, then the custom URI. */
    gtk_toggle_button_set_active (CHECK (f, "Connect to remote host"), TRUE);
    domus_test_collect_unnamed (f->dialog, unnamed);
    domus_test_collect_unnamed (titlebar, unnamed);
    gtk_combo_box_set_active_id (COMBO (f, "Hypervisor"), "custom");
    domus_test_collect_unnamed (f->dialog, unnamed);
    for (guint i = 0; i < unnamed->len; i++)
        g_printerr ("# widget without accessible name: %s\n",
                    (char *) g_ptr_array_index (unnamed, i));
    g_assert_cmpuint (unnamed->len, ==, 0);

    for (guint i = 0; i < G_N_ELEMENTS (with_mnemonic); i++)
        assert_has_mnemonic (find_named (f, with_mnemonic[i]));
    g_assert_true (gtk_button_get_use_underline (
                       GTK_BUTTON (CHECK (f, "Connect to remote host"))));
    g_assert_true (gtk_button_get_use_underline (
                       GTK_BUTTON (CHECK (f, "Connect automatically"))));
}

/* The application opens it from app.add-connection (menu and accelerator),
 * over its window. */
static void
test_application_action (Fixture *f, gconstpointer data)
{
    GtkWindow *dialog, *parent;

    gtk_widget_destroy (f->dialog);   /* only the application's one from here */
    g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->app), "add-connection"));
    g_action_group_activate_action (G_ACTION_GROUP (f->app), "add-connection", NULL);
    dialog = domus_test_find_toplevel (DOMUS_TYPE_ADD_CONNECTION_DIALOG);
    g_assert_nonnull (dialog);
    parent = gtk_window_get_transient_for (dialog);
    g_assert_nonnull (parent);
    g_assert_true (gtk_window_get_application (parent) == GTK_APPLICATION (f->app));

    gtk_widget_destroy (GTK_WIDGET (dialog));
    gtk_widget_destroy (GTK_WIDGET (parent));
}

int
main (int argc, char *argv[])
{
    int ret;

    gtk_test_init (&argc, &argv, NULL);

    the_app = domus_test_app_new ();

    g_test_add ("/add-connection/live-uri", Fixture, NULL,
                fixture_setup, test_live_uri, fixture_teardown);
    g_test_add ("/add-connection/invalid-host-and-port", Fixture, NULL,
                fixture_setup, test_invalid_host_and_port, fixture_teardown);
    g_test_add ("/add-connection/connects-and-adopts", Fixture, GINT_TO_POINTER (TRUE),
                fixture_setup, test_connects_and_adopts, fixture_teardown);
    g_test_add ("/add-connection/connects-without-autoconnect", Fixture,
                GINT_TO_POINTER (FALSE),
                fixture_setup, test_connects_and_adopts, fixture_teardown);
    g_test_add ("/add-connection/failure-keeps-input", Fixture, NULL,
                fixture_setup, test_failure_keeps_input, fixture_teardown);
    g_test_add ("/add-connection/remote-failure-keeps-fields", Fixture, NULL,
                fixture_setup, test_remote_failure_keeps_fields, fixture_teardown);
    g_test_add ("/add-connection/cancel-while-connecting", Fixture, NULL,
                fixture_setup, test_cancel_while_connecting, fixture_teardown);
    g_test_add ("/add-connection/credentials-while-connecting", Fixture, NULL,
                fixture_setup, test_credentials_while_connecting, fixture_teardown);
    g_test_add ("/add-connection/application-action", Fixture, NULL,
                fixture_setup, test_application_action, fixture_teardown);
    g_test_add ("/add-connection/accessible", Fixture, NULL,
                fixture_setup, test_accessible, fixture_teardown);
    ret = g_test_run ();
    g_clear_object (&the_app);
    return ret;
}
