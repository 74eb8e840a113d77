/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The helpers of domus-gui-test-util.h, on the GTK main thread of a test
 * program running under the gui suite's Xvfb and D-Bus session.
 */
#include "config.h"

#include "domus-gui-test-util.h"
#include "domus-test-util.h"

/* GApplication exports itself on the bus once per process: a test program
 * makes one, non-unique so that it never meets a running Domus. */
DomusApplication *
domus_test_app_new (void)
{
    DomusApplication *app = domus_application_new ();
    g_autoptr(GError) error = NULL;

    g_application_set_flags (G_APPLICATION (app),
                             G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE);
    g_application_register (G_APPLICATION (app), NULL, &error);
    g_assert_no_error (error);
    return app;
}

/* Empties the application's host list, as a fixture's tear-down does
 * between tests that share the one application. */
void
domus_test_remove_connections (DomusApplication *app)
{
    GListModel *connections = domus_application_get_connections (app);

    while (g_list_model_get_n_items (connections) > 0) {
        g_autoptr(DomusConnection) conn = g_list_model_get_item (connections, 0);

        domus_application_remove_connection (app, conn);
    }
}

DomusDomain *
domus_test_find_app_domain (DomusApplication *app, const char *name,
                            DomusConnection **conn_out)
{
    GListModel *connections = domus_application_get_connections (app);

    for (guint i = 0; i < g_list_model_get_n_items (connections); i++) {
        g_autoptr(DomusConnection) conn = g_list_model_get_item (connections, i);
        DomusDomain *domain = domus_connection_find_domain_by_name (conn, name);

        if (domain != NULL) {
            if (conn_out != NULL)
                *conn_out = conn;   /* the application's list holds it */
            return domain;
        }
    }
    return NULL;
}

DomusConnection *
domus_test_open_demo_host (DomusApplication *app)
{
    g_autoptr(GError) error = NULL;
    DomusConnection *demo = NULL;

    g_assert_true (domus_application_open_demo_host (app, &error));
    g_assert_no_error (error);
    /* Its first and last guests, by demo-host.xml's order. */
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_app_domain (app, "web01", NULL) != NULL &&
                           domus_test_find_app_domain (app, "tmpl-debian12", &demo) != NULL,
                           60, "the demo host's guests");
    return g_object_ref (demo);
}

GtkWindow *
domus_test_find_toplevel (GType type)
{
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

    for (GList *l = toplevels; l != NULL; l = l->next) {
        if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
            return l->data;
    }
    return NULL;
}

/* The shown guest window whose guest is called NAME, or NULL. */
DomusGuestWindow *
domus_test_find_guest_window (const char *name)
{
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

    for (GList *l = toplevels; l != NULL; l = l->next) {
        if (DOMUS_IS_GUEST_WINDOW (l->data) && gtk_widget_get_visible (l->data) &&
            g_strcmp0 (domus_domain_get_name (domus_guest_window_get_domain (l->data)),
                       name) == 0)
            return l->data;
    }
    return NULL;
}

void
domus_test_close_guest_windows (void)
{
    GtkWindow *window;

    while ((window = domus_test_find_toplevel (DOMUS_TYPE_GUEST_WINDOW)) != NULL)
        gtk_widget_destroy (GTK_WIDGET (window));
}

void
domus_test_deliver_key (GtkWidget *window, guint keyval, GdkModifierType state)
{
    GdkEvent *event = gdk_event_new (GDK_KEY_PRESS);
    g_autofree GdkKeymapKey *keys = NULL;
    int n_keys = 0;

    event->key.window = g_object_ref (gtk_widget_get_window (window));
    event->key.keyval = keyval;
    event->key.state = state;
    /* GTK matches accelerators by hardware keycode. */
    g_assert_true (gdk_keymap_get_entries_for_keyval (
        gdk_keymap_get_for_display (gdk_display_get_default ()), keyval, &keys, &n_keys));
    event->key.hardware_keycode = (guint16) keys[0].keycode;
    event->key.group = (guint8) keys[0].group;
    event->key.time = GDK_CURRENT_TIME;
    gdk_event_set_device (event, gdk_seat_get_keyboard (
        gdk_display_get_default_seat (gdk_display_get_default ())));
    gtk_widget_event (window, event);
    gdk_event_free (event);
}

void
domus_test_send_key (GtkWidget *window, guint keyval, GdkModifierType state)
{
    domus_test_deliver_key (window, keyval, state);
    while (g_main_context_iteration (NULL, FALSE))
        ;
}

void
domus_test_run_pending (void)
{
    for (int i = 0; i < 10; i++)
        while (g_main_context_iteration (NULL, FALSE))
            ;
}

void
domus_test_type_into (GtkWidget *window, const char *name, const char *text)
{
    GtkWidget *field = domus_test_find_widget (window, name, NULL);

    g_assert_nonnull (field);
    if (GTK_IS_COMBO_BOX (field))
        field = gtk_bin_get_child (GTK_BIN (field));
    gtk_widget_grab_focus (field);
    gtk_editable_select_region (GTK_EDITABLE (field), 0, -1);
    domus_test_send_key (window, GDK_KEY_BackSpace, 0);
    for (const char *p = text; *p != '\0'; p++)
        domus_test_send_key (window, gdk_unicode_to_keyval ((guint32) *p), 0);
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (field)), ==, text);
}

/* Every key of SETTINGS back to its default. */
void
domus_test_reset_settings (GSettings *settings)
{
    g_autoptr(GSettingsSchema) schema = NULL;
    g_auto(GStrv) keys = NULL;

    g_object_get (settings, "settings-schema", &schema, NULL);
    keys = g_settings_schema_list_keys (schema);
    for (guint i = 0; keys[i] != NULL; i++)
        g_settings_reset (settings, keys[i]);
}

/* Selects in WINDOW's list exactly the guests named in NAMES
 * (NULL-terminated), on any host; fails unless it found them all. */
void
domus_test_select_guests (DomusManagerWindow *window, const char *const *names)
{
    GtkTreeView *view = domus_manager_window_get_tree_view (window);
    GtkTreeModel *model = gtk_tree_view_get_model (view);
    GtkTreeSelection *selection = gtk_tree_view_get_selection (view);
    GtkTreeIter host, guest;
    guint found = 0;

    gtk_tree_selection_unselect_all (selection);
    for (gboolean h = gtk_tree_model_get_iter_first (model, &host); h;
         h = gtk_tree_model_iter_next (model, &host)) {
        for (gboolean g = gtk_tree_model_iter_children (model, &guest, &host); g;
             g = gtk_tree_model_iter_next (model, &guest)) {
            g_autoptr(GObject) object = NULL;

            gtk_tree_model_get (model, &guest, 0, &object, -1);
            if (g_strv_contains (names, domus_domain_get_name (DOMUS_DOMAIN (object)))) {
                gtk_tree_selection_select_iter (selection, &guest);
                found++;
            }
        }
    }
    g_assert_cmpuint (found, ==, g_strv_length ((char **) names));
}

/* Adds the type name of every visible button, entry, combo box or tree
 * view under @widget that has no accessible name to @user_data (GPtrArray). */
void
domus_test_collect_unnamed (GtkWidget *widget, gpointer user_data)
{
    GPtrArray *unnamed = user_data;

    if (!gtk_widget_get_visible (widget))
        return;
    if (GTK_IS_BUTTON (widget) || GTK_IS_ENTRY (widget) || GTK_IS_COMBO_BOX (widget) ||
        GTK_IS_TREE_VIEW (widget)) {
        const char *name = atk_object_get_name (gtk_widget_get_accessible (widget));

        if (name == NULL || *name == '\0')
            g_ptr_array_add (unnamed, (gpointer) G_OBJECT_TYPE_NAME (widget));
    }
    /* A combo box is one accessible; its inner toggle is not exposed. */
    if (GTK_IS_CONTAINER (widget) && !GTK_IS_COMBO_BOX (widget))
        gtk_container_forall (GTK_CONTAINER (widget), domus_test_collect_unnamed, user_data);
}

/* Adds the text of every label under @widget with a selection in it (a
 * selectable label that took the focus selects all its text) to
 * @user_data (GPtrArray). */
void
domus_test_collect_selected (GtkWidget *widget, gpointer user_data)
{
    int start, end;

    if (GTK_IS_LABEL (widget) &&
        gtk_label_get_selection_bounds (GTK_LABEL (widget), &start, &end))
        g_ptr_array_add (user_data, (gpointer) gtk_label_get_text (GTK_LABEL (widget)));
    if (GTK_IS_CONTAINER (widget))
        gtk_container_forall (GTK_CONTAINER (widget), domus_test_collect_selected, user_data);
}

typedef struct {
    GType type;
    GPtrArray *out;
} Collect;

static void
collect_cb (GtkWidget *widget, gpointer data)
{
    Collect *c = data;

    if (G_TYPE_CHECK_INSTANCE_TYPE (widget, c->type))
        g_ptr_array_add (c->out, widget);
    /* forall, not get_children: dialogs keep their parts internal. */
    if (GTK_IS_CONTAINER (widget))
        gtk_container_forall (GTK_CONTAINER (widget), collect_cb, c);
}

/* Adds every widget of TYPE under WIDGET (itself included) to OUT. */
void
domus_test_collect_widgets (GtkWidget *widget, GType type, GPtrArray *out)
{
    Collect c = { type, out };

    collect_cb (widget, &c);
}

/* Widgets are found as assistive tools find them, by accessible name
 * (labels aside), or by their template id; NULL when none matches. */
typedef struct {
    const char *accessible_name;
    const char *id;
    GtkWidget *found;
} Find;

static void
find_cb (GtkWidget *widget, gpointer user_data)
{
    Find *find = user_data;

    if (find->found != NULL)
        return;
    if (find->accessible_name != NULL && !GTK_IS_LABEL (widget) &&
        g_strcmp0 (atk_object_get_name (gtk_widget_get_accessible (widget)),
                   find->accessible_name) == 0) {
        find->found = widget;
        return;
    }
    if (find->id != NULL &&
        g_strcmp0 (gtk_buildable_get_name (GTK_BUILDABLE (widget)), find->id) == 0) {
        find->found = widget;
        return;
    }
    if (GTK_IS_CONTAINER (widget))
        gtk_container_forall (GTK_CONTAINER (widget), find_cb, user_data);
}

GtkWidget *
domus_test_find_widget (GtkWidget *root, const char *accessible_name, const char *id)
{
    Find find = { accessible_name, id, NULL };

    find_cb (root, &find);
    return find.found;
}

/* ---- labels, the pointer and tooltips ----------------------------------- */

/* Moves the pointer over the middle of WIDGET, as a person's mouse does. */
void
domus_test_hover (GtkWidget *widget)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (widget);
    GdkWindow *window = gtk_widget_get_window (toplevel);
    GdkDevice *pointer = gdk_seat_get_pointer (gdk_display_get_default_seat (
        gdk_display_get_default ()));
    int ox, oy, x, y;

    g_assert_true (gtk_widget_translate_coordinates (widget, toplevel,
                                                     gtk_widget_get_allocated_width (widget) / 2,
                                                     gtk_widget_get_allocated_height (widget) / 2,
                                                     &x, &y));
    gdk_window_get_origin (window, &ox, &oy);
    gdk_device_warp (pointer, gdk_window_get_screen (window), ox + x, oy + y);
}

/* Whether a shown label under ROOT says exactly TEXT. */
gboolean
domus_test_has_label (GtkWidget *root, const char *text)
{
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();

    domus_test_collect_widgets (root, GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++) {
        GtkWidget *label = g_ptr_array_index (labels, i);

        if (gtk_widget_get_visible (label) &&
            g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) == 0)
            return TRUE;
    }
    return FALSE;
}

/* Whether the tooltip GTK shows now (in its own window) says EXPECTED. */
gboolean
domus_test_tooltip_is (const char *expected)
{
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

    for (GList *l = toplevels; l != NULL; l = l->next) {
        if (g_str_equal (G_OBJECT_TYPE_NAME (l->data), "GtkTooltipWindow") &&
            gtk_widget_get_visible (l->data) && domus_test_has_label (l->data, expected))
            return TRUE;
    }
    return FALSE;
}

/* ---- running the application's own main loop ---------------------------- */

typedef struct {
    GApplication *app;
    DomusTestCondition done;
    gpointer data;
    const char *what;
    guint poll_id;
} AppRun;

static gboolean
app_run_poll_cb (gpointer user_data)
{
    AppRun *run = user_data;

    if (!run->done (run->data))
        return G_SOURCE_CONTINUE;
    run->poll_id = 0;
    g_application_quit (run->app);
    return G_SOURCE_REMOVE;
}

static gboolean
app_run_give_up_cb (gpointer user_data)
{
    AppRun *run = user_data;

    g_error ("Timed out waiting for %s", run->what);
    return G_SOURCE_REMOVE;
}

/* Runs APP with the command line ARGV (NULL-terminated), as main() does,
 * until DONE (DATA) holds, checked every 50 ms; fails after TIMEOUT_S
 * saying it waited for WHAT. Returns g_application_run()'s status. Once
 * per process: the application does not run twice. */
int
domus_test_run_app_until (GApplication *app, char **argv, DomusTestCondition done,
                          gpointer data, guint timeout_s, const char *what)
{
    AppRun run = { app, done, data, what, 0 };
    guint give_up_id;
    int status;

    run.poll_id = g_timeout_add (50, app_run_poll_cb, &run);
    give_up_id = g_timeout_add_seconds (timeout_s, app_run_give_up_cb, &run);
    status = g_application_run (app, (int) g_strv_length (argv), argv);
    g_source_remove (give_up_id);
    g_clear_handle_id (&run.poll_id, g_source_remove);
    return status;
}
