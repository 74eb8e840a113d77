/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest window's Snapshots page on libvirt's test driver, under Xvfb,
 * driven as a person does: Take Snapshot from the Virtual Machine menu and
 * by its accelerator, a bad name typed and refused inline, a good one
 * taken with the screen as its thumbnail, Revert confirmed (running or
 * paused, with a snapshot of the current state first), Delete one or with
 * those below (several selected, metadata only under Advanced), a
 * description edited in place, an external snapshot whose Revert this host
 * cannot do and says why, a snapshot taken by another client (virsh)
 * appearing while the page is shown, and the manager window's count.
 * test:///default is one host per process: a plain libvirt connection here
 * is that other client.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <libvirt/libvirt.h>

#include "domus-application.h"
#include "domus-console-private.h"
#include "domus-gui-test-util.h"
#include "domus-guest-window.h"
#include "domus-snapshot-delete-dialog.h"
#include "domus-snapshot-dialog.h"
#include "domus-snapshot-revert-dialog.h"
#include "domus-snapshots-page.h"
#include "domus-test-snapshot.h"

#define TIMEOUT_S 60

/* ---- a console with a screen, for the thumbnail --------------------------------- */

#define FAKE_TYPE_CONSOLE (fake_console_get_type ())
G_DECLARE_FINAL_TYPE (FakeConsole, fake_console, FAKE, CONSOLE, DomusConsole)

struct _FakeConsole {
    DomusConsole parent_instance;
};

G_DEFINE_FINAL_TYPE (FakeConsole, fake_console, DOMUS_TYPE_CONSOLE)

/* A 320×200 screen, red. */
static GdkPixbuf *
fake_console_get_pixbuf (DomusConsole *console)
{
    GdkPixbuf *screen = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 320, 200);

    gdk_pixbuf_fill (screen, 0xff0000ff);
    return screen;
}

static void
fake_console_class_init (FakeConsoleClass *klass)
{
    DOMUS_CONSOLE_CLASS (klass)->get_pixbuf = fake_console_get_pixbuf;
}

static void
fake_console_init (FakeConsole *self)
{
}

/* ---- fixture --------------------------------------------------------------------- */

static DomusApplication *the_app;

typedef struct {
    DomusApplication *app;
    DomusConnection *conn;
    DomusDomain *test;
    virConnectPtr other;        /* the other client (virsh) */
    DomusGuestWindow *window;
    GtkWidget *page;
    GtkTreeView *view;
} Fixture;

static void
other_take (Fixture *f, const char *name)
{
    virDomainPtr dom = virDomainLookupByName (f->other, "test");
    g_autofree char *xml = g_strdup_printf ("<domainsnapshot><name>%s</name>"
                                            "</domainsnapshot>", name);
    virDomainSnapshotPtr snap = virDomainSnapshotCreateXML (dom, xml, 0);

    g_assert_nonnull (snap);
    virDomainSnapshotFree (snap);
    virDomainFree (dom);
}

static void
open_page (Fixture *f)
{
    GtkStack *pages;

    f->window = domus_guest_window_present (f->app, f->conn, f->test);
    pages = GTK_STACK (domus_test_find_widget (GTK_WIDGET (f->window), NULL, "pages"));
    f->page = gtk_stack_get_child_by_name (pages, "snapshots");
    g_assert_nonnull (f->page);
    gtk_stack_set_visible_child (pages, f->page);
    f->view = GTK_TREE_VIEW (domus_test_find_widget (f->page, "Snapshots", NULL));
    g_assert_nonnull (f->view);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    f->app = the_app;
    f->other = virConnectOpen ("test:///default");
    g_assert_nonnull (f->other);
    f->conn = g_object_ref (domus_application_add_connection (f->app, "test:///default",
                                                             "Test Host"));
    DOMUS_TEST_WAIT_UNTIL ((f->test = domus_connection_find_domain_by_name (f->conn, "test")),
                           TIMEOUT_S, "the test host's guest");
    g_object_ref (f->test);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    virDomainPtr dom = virDomainLookupByName (f->other, "test");
    g_autoptr(GtkWindow) dialog = NULL;

    while ((dialog = domus_test_find_toplevel (GTK_TYPE_DIALOG)) != NULL)
        gtk_widget_destroy (GTK_WIDGET (g_steal_pointer (&dialog)));
    domus_test_close_guest_windows ();
    domus_test_delete_all_snapshots (f->other, "test");
    if (virDomainIsActive (dom) == 0)
        virDomainCreate (dom);
    virDomainResume (dom);
    virDomainFree (dom);
    domus_test_remove_connections (f->app);
    g_clear_object (&f->test);
    g_clear_object (&f->conn);
    virConnectClose (f->other);
}

/* ---- the page as a person sees it ----------------------------------------------- */

/* The rows' names, depth first; "*" marks the current one, children in
 * parentheses: "a(b c*)". */
static void
append_rows (GtkTreeModel *model, GtkTreeIter *parent, GString *out)
{
    GtkTreeIter iter;
    gboolean first = TRUE;

    if (!gtk_tree_model_iter_children (model, &iter, parent))
        return;
    do {
        g_autofree char *name = NULL;
        g_autofree char *markup = NULL;

        gtk_tree_model_get (model, &iter, 0, &name, 1, &markup, -1);
        g_string_append_printf (out, "%s%s%s", first ? "" : " ", name,
                                strstr (markup, "(current)") ? "*" : "");
        first = FALSE;
        if (gtk_tree_model_iter_has_child (model, &iter)) {
            g_string_append_c (out, '(');
            append_rows (model, &iter, out);
            g_string_append_c (out, ')');
        }
    } while (gtk_tree_model_iter_next (model, &iter));
}

static char *
rows (Fixture *f)
{
    GString *out = g_string_new (NULL);

    append_rows (gtk_tree_view_get_model (f->view), NULL, out);
    return g_string_free (out, FALSE);
}

static gboolean
rows_are (Fixture *f, const char *expected)
{
    g_autofree char *shown = rows (f);

    return g_str_equal (shown, expected);
}

#define AWAIT_ROWS(f, expected)                                                  \
    DOMUS_TEST_WAIT_UNTIL (rows_are ((f), (expected)), TIMEOUT_S,               \
                           "the page to list " expected)

/* Selects exactly the rows called NAMES (NULL-terminated). */
static void
select_rows (Fixture *f, const char *const *names)
{
    GtkTreeModel *model = gtk_tree_view_get_model (f->view);
    GtkTreeSelection *selection = gtk_tree_view_get_selection (f->view);
    guint found = 0;

    gtk_tree_selection_unselect_all (selection);
    for (guint i = 0; names[i] != NULL; i++) {
        g_autofree char *at = NULL;
        GtkTreeIter iter;
        gboolean ok = gtk_tree_model_get_iter_first (model, &iter);
        GPtrArray *stack = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_tree_iter_free);

        /* Depth-first walk for the name. */
        while (ok) {
            g_autofree char *name = NULL;
            GtkTreeIter child;

            gtk_tree_model_get (model, &iter, 0, &name, -1);
            if (g_str_equal (name, names[i])) {
                gtk_tree_selection_select_iter (selection, &iter);
                found++;
                break;
            }
            if (gtk_tree_model_iter_children (model, &child, &iter)) {
                g_ptr_array_add (stack, gtk_tree_iter_copy (&iter));
                iter = child;
                continue;
            }
            while (!(ok = gtk_tree_model_iter_next (model, &iter)) && stack->len > 0) {
                iter = *(GtkTreeIter *) g_ptr_array_index (stack, stack->len - 1);
                g_ptr_array_remove_index (stack, stack->len - 1);
            }
        }
        g_ptr_array_unref (stack);
    }
    g_assert_cmpuint (found, ==, g_strv_length ((char **) names));
}

/* The button called ACCESSIBLE_NAME under ROOT (a dialog's title may say
 * the same: only buttons count). */
static GtkWidget *
button (GtkWidget *root, const char *accessible_name)
{
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

    domus_test_collect_widgets (root, GTK_TYPE_BUTTON, buttons);
    for (guint i = 0; i < buttons->len; i++) {
        GtkWidget *widget = g_ptr_array_index (buttons, i);

        if (g_strcmp0 (atk_object_get_name (gtk_widget_get_accessible (widget)),
                       accessible_name) == 0)
            return widget;
    }
    g_error ("no button “%s”", accessible_name);
    return NULL;
}

/* Typed into WINDOW's focused entry, key by key, after emptying it. */
static void
type_text (GtkWidget *window, GtkEntry *entry, const char *text)
{
    gtk_widget_grab_focus (GTK_WIDGET (entry));
    gtk_editable_delete_text (GTK_EDITABLE (entry), 0, -1);
    for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        domus_test_send_key (window, gdk_unicode_to_keyval (g_utf8_get_char (p)), 0);
    g_assert_cmpstr (gtk_entry_get_text (entry), ==, text);
}

static gpointer
await_toplevel (GType type, const char *what)
{
    GtkWindow *window = NULL;

    DOMUS_TEST_WAIT_UNTIL ((window = domus_test_find_toplevel (type)) != NULL, TIMEOUT_S, what);
    return window;
}

static void
assert_all_named (GtkWidget *root)
{
    g_autoptr(GPtrArray) unnamed = g_ptr_array_new ();

    domus_test_collect_unnamed (root, unnamed);
    for (guint i = 0; i < unnamed->len; i++)
        g_test_message ("no accessible name: %s", (char *) g_ptr_array_index (unnamed, i));
    g_assert_cmpuint (unnamed->len, ==, 0);
}

/* Takes NAME through the dialog's fields, as typed. */
static void
take_through_dialog (Fixture *f, DomusSnapshotDialog *dialog, const char *name,
                     const char *description)
{
    GtkEntry *name_entry = GTK_ENTRY (domus_test_find_widget (GTK_WIDGET (dialog), "Name",
                                                              NULL));
    GtkEntry *description_entry =
        GTK_ENTRY (domus_test_find_widget (GTK_WIDGET (dialog), "Description", NULL));

    type_text (GTK_WIDGET (dialog), name_entry, name);
    if (description != NULL)
        type_text (GTK_WIDGET (dialog), description_entry, description);
    g_assert_true (gtk_widget_is_sensitive (button (GTK_WIDGET (dialog), "Take Snapshot")));
    gtk_button_clicked (GTK_BUTTON (button (GTK_WIDGET (dialog), "Take Snapshot")));
}

static void
take_via_page (Fixture *f, const char *name)
{
    DomusSnapshotDialog *dialog;

    gtk_button_clicked (GTK_BUTTON (button (f->page, "Take Snapshot…")));
    dialog = await_toplevel (DOMUS_TYPE_SNAPSHOT_DIALOG, "the Take Snapshot dialog");
    take_through_dialog (f, dialog, name, NULL);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (DOMUS_TYPE_SNAPSHOT_DIALOG) == NULL &&
                           !domus_snapshots_page_get_busy (DOMUS_SNAPSHOTS_PAGE (f->page)),
                           TIMEOUT_S, "the snapshot to be taken");
}

/* ---- tests ------------------------------------------------------------------------- */

/* The Virtual Machine menu, popped and clicked; a bad name refused as it
 * is typed; the snapshot taken with the screen as its thumbnail. */
static void
test_take_from_menu (Fixture *f, gconstpointer data)
{
    g_autoptr(GPtrArray) items = g_ptr_array_new ();
    g_autoptr(DomusConsole) console = NULL;
    g_autofree char *thumb = NULL;
    GtkWidget *vm_button, *popover, *item = NULL;
    GtkWidget *error_label, *take;
    DomusSnapshotDialog *dialog;
    GtkEntry *name_entry;
    GtkStack *pages;

    f->window = domus_guest_window_present (f->app, f->conn, f->test);
    pages = GTK_STACK (domus_test_find_widget (GTK_WIDGET (f->window), NULL, "pages"));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), !=, "snapshots");
    /* The guest's screen, as the graphical console would show it. */
    console = g_object_ref_sink (domus_console_new (FAKE_TYPE_CONSOLE, f->conn, f->test));
    domus_console_set_state (console, DOMUS_CONSOLE_STATE_CONNECTED);
    domus_snapshots_page_set_console (
        DOMUS_SNAPSHOTS_PAGE (gtk_stack_get_child_by_name (pages, "snapshots")), console);

    vm_button = domus_test_find_widget (gtk_window_get_titlebar (GTK_WINDOW (f->window)),
                                        "Virtual Machine", NULL);
    g_assert_true (GTK_IS_MENU_BUTTON (vm_button));
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (vm_button), TRUE);
    popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (vm_button)));
    DOMUS_TEST_WAIT_UNTIL (popover != NULL && gtk_widget_get_mapped (popover), TIMEOUT_S,
                           "the Virtual Machine menu to pop up");
    domus_test_collect_widgets (popover, GTK_TYPE_MODEL_BUTTON, items);
    for (guint i = 0; i < items->len; i++) {
        g_autofree char *text = NULL;

        g_object_get (g_ptr_array_index (items, i), "text", &text, NULL);
        if (g_strcmp0 (text, "Take Snapshot…") == 0)
            item = g_ptr_array_index (items, i);
    }
    g_assert_nonnull (item);
    g_assert_true (gtk_widget_is_sensitive (item));
    gtk_button_clicked (GTK_BUTTON (item));

    dialog = await_toplevel (DOMUS_TYPE_SNAPSHOT_DIALOG, "the Take Snapshot dialog");
    /* The page shows, for the progress. */
    g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), ==, "snapshots");
    f->page = gtk_stack_get_visible_child (pages);
    f->view = GTK_TREE_VIEW (domus_test_find_widget (f->page, "Snapshots", NULL));
    assert_all_named (GTK_WIDGET (dialog));

    name_entry = GTK_ENTRY (domus_test_find_widget (GTK_WIDGET (dialog), "Name", NULL));
    take = button (GTK_WIDGET (dialog), "Take Snapshot");
    error_label = domus_test_find_widget (GTK_WIDGET (dialog), NULL, "name_error");
    /* A timestamp by default, and fine. */
    g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{6}$",
                                         gtk_entry_get_text (name_entry), 0, 0));
    g_assert_true (gtk_widget_is_sensitive (take));
    g_assert_false (gtk_widget_get_visible (error_label));

    type_text (GTK_WIDGET (dialog), name_entry, "before/upgrade");
    g_assert_true (gtk_widget_get_visible (error_label));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==,
                     "Names cannot contain “/”.");
    g_assert_false (gtk_widget_is_sensitive (take));
    type_text (GTK_WIDGET (dialog), name_entry, "");
    g_assert_false (gtk_widget_is_sensitive (take));

    /* The test driver's guest can take internal snapshots (its disk has no
     * format to refuse), not external ones (its disk is no real file). */
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (
        domus_test_find_widget (GTK_WIDGET (dialog), NULL, "internal_radio"))));
    take_through_dialog (f, dialog, "before-upgrade", "the database, before 16");
    AWAIT_ROWS (f, "before-upgrade*");
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_snapshot_count (f->test) == 1, TIMEOUT_S,
                           "the guest's count");
    g_assert_null (domus_domain_get_activity (f->test));

    /* The screen then, kept as its thumbnail, shown in its row. */
    thumb = domus_snapshots_page_thumbnail_path (domus_domain_get_uuid (f->test),
                                                 "before-upgrade");
    g_assert_true (g_file_test (thumb, G_FILE_TEST_IS_REGULAR));
    {
        GtkTreeModel *model = gtk_tree_view_get_model (f->view);
        g_autoptr(GdkPixbuf) shown = NULL;
        g_autofree char *description = NULL;
        g_autofree char *kind = NULL;
        GtkTreeIter iter;

        g_assert_true (gtk_tree_model_get_iter_first (model, &iter));
        gtk_tree_model_get (model, &iter, 4, &kind, 5, &description, 6, &shown, -1);
        g_assert_nonnull (shown);
        g_assert_cmpint (gdk_pixbuf_get_width (shown), ==, 80);
        g_assert_cmpstr (description, ==, "the database, before 16");
        g_assert_cmpstr (kind, ==, "Internal");
    }

    /* The name is taken now: refused inline. Ctrl+T opens the dialog too. */
    domus_test_send_key (GTK_WIDGET (f->window), GDK_KEY_t, GDK_CONTROL_MASK);
    dialog = await_toplevel (DOMUS_TYPE_SNAPSHOT_DIALOG, "Ctrl+T to open the dialog");
    name_entry = GTK_ENTRY (domus_test_find_widget (GTK_WIDGET (dialog), "Name", NULL));
    type_text (GTK_WIDGET (dialog), name_entry, "before-upgrade");
    error_label = domus_test_find_widget (GTK_WIDGET (dialog), NULL, "name_error");
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==,
                     "A snapshot called “before-upgrade” exists already.");
    g_assert_false (gtk_widget_is_sensitive (button (GTK_WIDGET (dialog), "Take Snapshot")));
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (DOMUS_TYPE_SNAPSHOT_DIALOG) == NULL,
                           TIMEOUT_S, "Cancel to close the dialog");
    g_assert_true (rows_are (f, "before-upgrade*"));
}

/* Revert: the confirmation names what is lost; paused if asked; a
 * snapshot of the current state first. */
static void
test_revert (Fixture *f, gconstpointer data)
{
    DomusSnapshotRevertDialog *dialog;
    GtkWidget *revert;
    g_autofree char *shown = NULL;
    g_autofree char *first = NULL;

    open_page (f);
    take_via_page (f, "before-upgrade");
    take_via_page (f, "after-upgrade");
    AWAIT_ROWS (f, "before-upgrade(after-upgrade*)");

    revert = button (f->page, "Revert…");
    g_assert_false (gtk_widget_is_sensitive (revert));
    select_rows (f, (const char *const[]) { "before-upgrade", NULL });
    g_assert_true (gtk_widget_is_sensitive (revert));
    gtk_button_clicked (GTK_BUTTON (revert));
    dialog = await_toplevel (DOMUS_TYPE_SNAPSHOT_REVERT_DIALOG, "the Revert confirmation");
    assert_all_named (GTK_WIDGET (dialog));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (domus_test_find_widget (
                         GTK_WIDGET (dialog), NULL, "loss"))), ==,
                     "Changes since “before-upgrade” will be lost.");
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button (GTK_WIDGET (dialog),
                                                             "Leave it paused")), TRUE);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button (
        GTK_WIDGET (dialog), "Take a snapshot of the current state first")), TRUE);
    gtk_button_clicked (GTK_BUTTON (button (GTK_WIDGET (dialog), "Revert")));

    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (f->test) == DOMUS_DOMAIN_STATE_PAUSED,
                           TIMEOUT_S, "the guest paused after the revert");
    /* The state before: a snapshot under the one that was current. */
    DOMUS_TEST_WAIT_UNTIL ((g_free (shown), shown = rows (f),
                            g_str_has_prefix (shown, "before-upgrade*(after-upgrade(before-revert-")),
                           TIMEOUT_S, "the snapshot taken before the revert");
    g_test_message ("%s", shown);
    first = g_strdup (strstr (shown, "before-revert-"));
    g_assert_true (g_str_has_suffix (first, "))"));
}

static void
keep_thumbnail (const char *path)
{
    g_autoptr(GdkPixbuf) thumb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 160, 100);
    g_autofree char *dir = g_path_get_dirname (path);
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
    gdk_pixbuf_fill (thumb, 0x00ff00ff);
    g_assert_true (gdk_pixbuf_save (thumb, path, "png", &error, NULL));
}

/* Delete one, then several with those below them (and metadata only under
 * Advanced); the thumbnail of a deleted snapshot goes too. */
static void
test_delete (Fixture *f, gconstpointer data)
{
    DomusSnapshotDeleteDialog *dialog;
    g_autofree char *thumb = NULL;
    GtkWidget *advanced;

    other_take (f, "a");
    other_take (f, "b");
    other_take (f, "c");
    /* A thumbnail kept for "b" goes with it. */
    thumb = domus_snapshots_page_thumbnail_path (domus_domain_get_uuid (f->test), "b");
    keep_thumbnail (thumb);
    open_page (f);
    AWAIT_ROWS (f, "a(b(c*))");

    /* "b" alone: "c" moves up to "a". */
    select_rows (f, (const char *const[]) { "b", NULL });
    gtk_button_clicked (GTK_BUTTON (button (f->page, "Delete…")));
    dialog = await_toplevel (DOMUS_TYPE_SNAPSHOT_DELETE_DIALOG, "the Delete confirmation");
    assert_all_named (GTK_WIDGET (dialog));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (domus_test_find_widget (
                         GTK_WIDGET (dialog), NULL, "heading"))), ==,
                     "Delete the snapshot “b”?");
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button (
        GTK_WIDGET (dialog), "Only this snapshot: those below it move up"))));
    g_assert_true (gtk_widget_is_visible (button (GTK_WIDGET (dialog),
                                                  "Also the 1 snapshot below")));
    advanced = domus_test_find_widget (GTK_WIDGET (dialog), NULL, "advanced");
    g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (advanced)));
    gtk_button_clicked (GTK_BUTTON (button (GTK_WIDGET (dialog), "Delete")));
    AWAIT_ROWS (f, "a(c*)");
    g_assert_false (g_file_test (thumb, G_FILE_TEST_EXISTS));

    /* Both selected, with what is below: gone, and the page says so. */
    other_take (f, "d");
    AWAIT_ROWS (f, "a(c(d*))");
    select_rows (f, (const char *const[]) { "a", "c", NULL });
    /* The Delete key asks the same. */
    gtk_widget_grab_focus (GTK_WIDGET (f->view));
    domus_test_send_key (GTK_WIDGET (f->window), GDK_KEY_Delete, 0);
    dialog = await_toplevel (DOMUS_TYPE_SNAPSHOT_DELETE_DIALOG, "Delete to ask");
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (domus_test_find_widget (
                         GTK_WIDGET (dialog), NULL, "heading"))), ==,
                     "Delete 2 snapshots?");
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button (GTK_WIDGET (dialog),
                                                             "Also the 1 snapshot below")),
                                  TRUE);
    gtk_button_clicked (GTK_BUTTON (button (GTK_WIDGET (dialog), "Delete")));
    AWAIT_ROWS (f, "");
    g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (
                         domus_test_find_widget (f->page, NULL, "content_stack"))), ==, "empty");
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_snapshot_count (f->test) == 0, TIMEOUT_S,
                           "the count back to none");

    /* Metadata only, under Advanced: the test driver refuses, and the page
     * says libvirt's words. */
    other_take (f, "e");
    AWAIT_ROWS (f, "e*");
    select_rows (f, (const char *const[]) { "e", NULL });
    gtk_button_clicked (GTK_BUTTON (button (f->page, "Delete…")));
    dialog = await_toplevel (DOMUS_TYPE_SNAPSHOT_DELETE_DIALOG, "the Delete confirmation");
    g_assert_false (gtk_widget_get_visible (domus_test_find_widget (GTK_WIDGET (dialog), NULL,
                                                                    "children_box")));
    gtk_expander_set_expanded (GTK_EXPANDER (domus_test_find_widget (GTK_WIDGET (dialog), NULL,
                                                                     "advanced")), TRUE);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button (GTK_WIDGET (dialog),
                                                             "Delete the metadata only")),
                                  TRUE);
    gtk_button_clicked (GTK_BUTTON (button (GTK_WIDGET (dialog), "Delete")));
    {
        GtkWidget *bar = domus_test_find_widget (f->page, NULL, "error_bar");
        GtkLabel *label = GTK_LABEL (domus_test_find_widget (f->page, NULL, "error_label"));

        DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_visible (bar), TIMEOUT_S, "the refusal");
        g_assert_true (g_str_has_prefix (gtk_label_get_text (label),
                                         "Deleting the snapshot “e” of “test” on Test Host "
                                         "failed: "));
        g_assert_nonnull (strstr (gtk_label_get_text (label), "unsupported flags"));
    }
    g_assert_true (rows_are (f, "e*"));
}

static gboolean
row_description_is (Fixture *f, const char *expected)
{
    GtkTreeModel *model = gtk_tree_view_get_model (f->view);
    g_autofree char *description = NULL;
    GtkTreeIter iter;

    if (!gtk_tree_model_get_iter_first (model, &iter))
        return FALSE;
    gtk_tree_model_get (model, &iter, 5, &description, -1);
    return g_strcmp0 (description, expected) == 0;
}

/* Edit Description: the cell is edited in place, and the host keeps it. */
static void
test_edit_description (Fixture *f, gconstpointer data)
{
    GtkWidget *edit;
    GtkCellEditable *editable = NULL;
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();

    other_take (f, "plain");
    open_page (f);
    AWAIT_ROWS (f, "plain*");
    edit = button (f->page, "Edit Description");
    g_assert_false (gtk_widget_is_sensitive (edit));
    select_rows (f, (const char *const[]) { "plain", NULL });
    gtk_button_clicked (GTK_BUTTON (edit));
    domus_test_collect_widgets (GTK_WIDGET (f->view), GTK_TYPE_ENTRY, entries);
    g_assert_cmpuint (entries->len, ==, 1);
    editable = g_ptr_array_index (entries, 0);
    type_text (GTK_WIDGET (f->window), GTK_ENTRY (editable), "kept for the audit");
    domus_test_send_key (GTK_WIDGET (f->window), GDK_KEY_Return, 0);
    DOMUS_TEST_WAIT_UNTIL (!domus_snapshots_page_get_busy (DOMUS_SNAPSHOTS_PAGE (f->page)),
                           TIMEOUT_S, "the description to be kept");
    /* Read back from the host: the other client sees it. */
    {
        virDomainPtr dom = virDomainLookupByName (f->other, "test");
        virDomainSnapshotPtr snap = virDomainSnapshotLookupByName (dom, "plain", 0);
        g_autofree char *xml = virDomainSnapshotGetXMLDesc (snap, 0);

        g_assert_nonnull (strstr (xml, "<description>kept for the audit</description>"));
        g_assert_cmpint (virDomainSnapshotIsCurrent (snap, 0), ==, 1);
        virDomainSnapshotFree (snap);
        virDomainFree (dom);
    }
    DOMUS_TEST_WAIT_UNTIL (row_description_is (f, "kept for the audit"), TIMEOUT_S,
                           "the row's description");
}

/* A snapshot taken with virsh while the page is shown appears without
 * anything done here: libvirt has no event for it, the page looks. */
static void
test_other_client (Fixture *f, gconstpointer data)
{
    open_page (f);
    AWAIT_ROWS (f, "");
    /* Let the page's first list come back before the other client acts. */
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (f->page), TIMEOUT_S, "the page shown");
    other_take (f, "from-virsh");
    AWAIT_ROWS (f, "from-virsh*");
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_snapshot_count (f->test) == 1, TIMEOUT_S,
                           "the count from the page's list");
}

/* An external snapshot: this host's libvirt cannot revert to it; the
 * button says why, and so does the page. */
static void
test_external_revert_refused (Fixture *f, gconstpointer data)
{
    g_autofree char *dir = NULL;
    g_autofree char *memory = NULL;
    g_autofree char *tooltip = NULL;
    DomusSnapshotDialog *dialog;
    GtkWidget *external, *reason, *memory_entry;
    virDomainPtr dom;
    unsigned long version = 0;

    dom = domus_test_snapshot_start_file_guest (f->other, "ext", &dir);
    g_clear_object (&f->test);
    DOMUS_TEST_WAIT_UNTIL ((f->test = domus_connection_find_domain_by_name (f->conn, "ext")),
                           TIMEOUT_S, "the new guest");
    g_object_ref (f->test);
    open_page (f);

    gtk_button_clicked (GTK_BUTTON (button (f->page, "Take Snapshot…")));
    dialog = await_toplevel (DOMUS_TYPE_SNAPSHOT_DIALOG, "the Take Snapshot dialog");
    external = button (GTK_WIDGET (dialog), "External, with memory");
    g_assert_true (gtk_widget_is_sensitive (external));
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (external), TRUE);
    /* The memory file goes beside the disk, named after guest and snapshot. */
    memory_entry = domus_test_find_widget (GTK_WIDGET (dialog), "Memory file", NULL);
    g_assert_true (gtk_widget_is_sensitive (memory_entry));
    type_text (GTK_WIDGET (dialog),
               GTK_ENTRY (domus_test_find_widget (GTK_WIDGET (dialog), "Name", NULL)),
               "outside");
    memory = g_build_filename (dir, "ext-outside.mem", NULL);
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (memory_entry)), ==, memory);
    take_through_dialog (f, dialog, "outside", NULL);
    AWAIT_ROWS (f, "outside*");

    select_rows (f, (const char *const[]) { "outside", NULL });
    g_assert_cmpint (virConnectGetLibVersion (f->other, &version), ==, 0);
    tooltip = gtk_widget_get_tooltip_text (button (f->page, "Revert…"));
    reason = domus_test_find_widget (f->page, NULL, "reason_label");
    if (version < 9007000) {
        g_assert_false (gtk_widget_is_sensitive (button (f->page, "Revert…")));
        g_assert_nonnull (strstr (tooltip, "cannot revert to external snapshots"));
        g_assert_true (gtk_widget_get_visible (reason));
        g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (reason)), ==, tooltip);
    } else {
        g_assert_true (gtk_widget_is_sensitive (button (f->page, "Revert…")));
        g_assert_false (gtk_widget_get_visible (reason));
    }

    domus_test_close_guest_windows ();
    domus_test_snapshot_remove_file_guest (f->other, dom, dir);
}

/* The manager window: a guest with snapshots says how many in its row. */
static void
test_manager_count (Fixture *f, gconstpointer data)
{
    DomusManagerWindow *window = domus_manager_window_new (f->app);
    GtkTreeView *view = domus_manager_window_get_tree_view (window);
    GtkTreeViewColumn *name_column = gtk_tree_view_get_column (view, 0);
    GtkTreeModel *model;
    GtkTreeIter host, guest;
    GtkCellRenderer *count = NULL;
    g_autoptr(GList) cells = NULL;
    g_autofree char *text = NULL;
    virDomainPtr dom;

    other_take (f, "one");
    other_take (f, "two");
    /* No event says so: the count follows the guest's next event. */
    dom = virDomainLookupByName (f->other, "test");
    virDomainSuspend (dom);
    virDomainResume (dom);
    virDomainFree (dom);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_snapshot_count (f->test) == 2, TIMEOUT_S,
                           "the count after the guest's event");

    gtk_widget_show (GTK_WIDGET (window));
    domus_test_select_guests (window, (const char *const[]) { "test", NULL });
    model = gtk_tree_view_get_model (view);
    g_assert_true (gtk_tree_model_get_iter_first (model, &host));
    g_assert_true (gtk_tree_model_iter_children (model, &guest, &host));
    gtk_tree_view_column_cell_set_cell_data (name_column, model, &guest, FALSE, FALSE);
    count = GTK_CELL_RENDERER (gtk_widget_get_template_child (
        GTK_WIDGET (window), DOMUS_TYPE_MANAGER_WINDOW, "snapshots_renderer"));
    cells = gtk_cell_layout_get_cells (GTK_CELL_LAYOUT (name_column));
    g_assert_nonnull (g_list_find (cells, count));
    g_object_get (count, "text", &text, NULL);
    g_assert_cmpstr (text, ==, "2 snapshots");
    gtk_widget_destroy (GTK_WIDGET (window));
}

static void
remove_tree (const char *path)
{
    g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
    }
    g_remove (path);
}

int
main (int argc, char *argv[])
{
    g_autofree char *cache = g_dir_make_tmp ("domus-snapshots-cache-XXXXXX", NULL);
    int ret;

    /* Thumbnails go to a cache of the test's own. */
    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
    gtk_test_init (&argc, &argv, NULL);
    the_app = domus_test_app_new ();

#define ADD(path, func) \
    g_test_add ("/snapshots/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
    ADD ("take-from-menu", test_take_from_menu);
    ADD ("revert", test_revert);
    ADD ("delete", test_delete);
    ADD ("edit-description", test_edit_description);
    ADD ("other-client", test_other_client);
    ADD ("external-revert-refused", test_external_revert_refused);
    ADD ("manager-count", test_manager_count);
#undef ADD
    ret = g_test_run ();
    g_clear_object (&the_app);
    remove_tree (cache);
    return ret;
}
