/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * No two mnemonics on one key where a person can press them: Alt+D must
 * not mean two fields of the Migrate dialog, nor D two items of a menu.
 * Every window and dialog of Domus is built on the demo host and shown,
 * and the underlined letters of its visible labels (buttons, check
 * buttons, field labels, expanders, the page switchers) are compared
 * within what shows at once: the window's common parts and one page of
 * each stack, notebook or assistant; a popover on its own. Every menu
 * model of the templates is compared per level (sections together,
 * submenus apart).
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "domus-add-connection-dialog.h"
#include "domus-auth-dialog.h"
#include "domus-backup-dialog.h"
#include "domus-clone-dialog.h"
#include "domus-create-assistant.h"
#include "domus-delete-dialog.h"
#include "domus-gui-test-util.h"
#include "domus-guest-window.h"
#include "domus-host-window.h"
#include "domus-import-dialog.h"
#include "domus-migrate-dialog.h"
#include "domus-new-network-dialog.h"
#include "domus-new-pool-dialog.h"
#include "domus-new-volume-dialog.h"
#include "domus-preferences-dialog.h"
#include "domus-snapshot-delete-dialog.h"
#include "domus-snapshot-dialog.h"
#include "domus-snapshot-revert-dialog.h"
#include "domus-test-util.h"
#include "domus-test-worker.h"

#define TIMEOUT_S 60
#define RESOURCE_DIR "/io/github/domusvm/Domus/"

static DomusApplication *the_app;

/* ---- windows ------------------------------------------------------------ */

typedef struct {
    guint keyval;               /* lower case */
    char *text;
    GtkWidget *root;            /* the window, or the popover it is in */
    GPtrArray *pages;           /* pairs: a stack or notebook, its page */
} Mnemonic;

static void
mnemonic_free (Mnemonic *m)
{
    g_free (m->text);
    g_ptr_array_unref (m->pages);
    g_free (m);
}

typedef struct {
    GPtrArray *found;           /* Mnemonic */
    gboolean current_only;      /* only the shown page of each stack */
} Walk;

static gboolean
is_page (GtkWidget *container, GtkWidget *child)
{
    if (GTK_IS_STACK (container))
        return TRUE;
    return GTK_IS_NOTEBOOK (container) &&
           gtk_notebook_page_num (GTK_NOTEBOOK (container), child) >= 0;
}

static GtkWidget *
shown_page (GtkWidget *container)
{
    if (GTK_IS_STACK (container))
        return gtk_stack_get_visible_child (GTK_STACK (container));
    return gtk_notebook_get_nth_page (
        GTK_NOTEBOOK (container), gtk_notebook_get_current_page (GTK_NOTEBOOK (container)));
}

static void walk_widget (Walk *walk, GtkWidget *widget, GtkWidget *root, GPtrArray *pages);

typedef struct {
    Walk *walk;
    GtkWidget *container;
    GtkWidget *root;
    GPtrArray *pages;
} WalkChildren;

static void
walk_child_cb (GtkWidget *child, gpointer user_data)
{
    WalkChildren *wc = user_data;
    g_autoptr(GPtrArray) pages = g_ptr_array_copy (wc->pages, NULL, NULL);

    if (is_page (wc->container, child)) {
        if (wc->walk->current_only && child != shown_page (wc->container))
            return;
        g_ptr_array_add (pages, wc->container);
        g_ptr_array_add (pages, child);
    }
    walk_widget (wc->walk, child, wc->root, pages);
}

static void
walk_widget (Walk *walk, GtkWidget *widget, GtkWidget *root, GPtrArray *pages)
{
    g_autoptr(GPtrArray) own_pages = NULL;

    if (!gtk_widget_get_visible (widget))
        return;
    /* A popover takes the keys while it is open: its own group. */
    if (GTK_IS_POPOVER (widget) && widget != root) {
        root = widget;
        pages = own_pages = g_ptr_array_new ();
    }
    if (GTK_IS_LABEL (widget) && gtk_label_get_use_underline (GTK_LABEL (widget)) &&
        gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)) != GDK_KEY_VoidSymbol) {
        Mnemonic *m = g_new0 (Mnemonic, 1);

        m->keyval = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)));
        m->text = g_strdup (gtk_label_get_label (GTK_LABEL (widget)));
        m->root = root;
        m->pages = g_ptr_array_copy (pages, NULL, NULL);
        g_ptr_array_add (walk->found, m);
    }
    if (GTK_IS_CONTAINER (widget)) {
        WalkChildren wc = { walk, widget, root, pages };

        gtk_container_forall (GTK_CONTAINER (widget), walk_child_cb, &wc);
    }
}

/* Whether A and B can show at once: no stack shows a page of each. */
static gboolean
shown_together (Mnemonic *a, Mnemonic *b)
{
    if (a->root != b->root)
        return FALSE;
    for (guint i = 0; i < a->pages->len; i += 2) {
        for (guint j = 0; j < b->pages->len; j += 2) {
            if (a->pages->pdata[i] == b->pages->pdata[j] &&
                a->pages->pdata[i + 1] != b->pages->pdata[j + 1])
                return FALSE;
        }
    }
    return TRUE;
}

/* Adds "WHERE: “_A” and “_B” share Alt+x" for every clash under WINDOW
 * to CLASHES (a set, so that a state seen twice says it once). */
static void
check_widget_tree (GtkWidget *window, const char *where, gboolean current_only,
                   GHashTable *clashes)
{
    g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) mnemonic_free);
    g_autoptr(GPtrArray) no_pages = g_ptr_array_new ();
    Walk walk = { found, current_only };

    walk_widget (&walk, window, window, no_pages);
    for (guint i = 0; i < found->len; i++) {
        Mnemonic *a = g_ptr_array_index (found, i);

        for (guint j = i + 1; j < found->len; j++) {
            Mnemonic *b = g_ptr_array_index (found, j);

            if (a->keyval == b->keyval && shown_together (a, b))
                g_hash_table_add (clashes,
                                  g_strdup_printf ("%s: \"%s\" and \"%s\" share Alt+%s", where,
                                                   a->text, b->text,
                                                   gdk_keyval_name (a->keyval)));
        }
    }
}

/* Everything a job of WINDOW's host has posted, shown. */
static void
settle (DomusConnection *conn)
{
    for (guint round = 0; round < 3; round++) {
        if (conn != NULL)
            domus_test_drain_worker (conn);
        while (gtk_events_pending ())
            gtk_main_iteration ();
    }
}

static void
check_window (GtkWidget *window, DomusConnection *conn, const char *where,
              GHashTable *clashes)
{
    gtk_widget_show (window);
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (window), TIMEOUT_S, "the window to show");
    settle (conn);
    check_widget_tree (window, where, FALSE, clashes);
}

/* ---- menus -------------------------------------------------------------- */

/* The underlined letter of a menu item's label, lower case, or 0. */
static gunichar
label_mnemonic (const char *label)
{
    for (const char *p = label; *p != '\0'; p = g_utf8_next_char (p)) {
        if (*p != '_')
            continue;
        if (p[1] == '_') {
            p++;
            continue;
        }
        return p[1] != '\0' ? g_unichar_tolower (g_utf8_get_char (p + 1)) : 0;
    }
    return 0;
}

static void check_menu_level (GMenuModel *model, const char *where, GHashTable *clashes);

/* Adds the items of MODEL (its sections' too) to LEVEL, label by letter,
 * and checks its submenus as levels of their own. */
static void
collect_menu_items (GMenuModel *model, const char *where, GHashTable *level,
                    GHashTable *clashes)
{
    for (int i = 0; i < g_menu_model_get_n_items (model); i++) {
        g_autofree char *label = NULL;
        g_autoptr(GMenuModel) section =
            g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
        g_autoptr(GMenuModel) submenu =
            g_menu_model_get_item_link (model, i, G_MENU_LINK_SUBMENU);

        if (section != NULL)
            collect_menu_items (section, where, level, clashes);
        if (!g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
            continue;
        if (submenu != NULL) {
            g_autofree char *sub_where = g_strdup_printf ("%s > %s", where, label);

            check_menu_level (submenu, sub_where, clashes);
        }
        if (label_mnemonic (label) != 0) {
            gpointer key = GUINT_TO_POINTER (label_mnemonic (label));
            const char *other = g_hash_table_lookup (level, key);

            if (other != NULL)
                g_hash_table_add (clashes, g_strdup_printf (
                    "%s: \"%s\" and \"%s\" share %s", where, other, label,
                    gdk_keyval_name (gdk_unicode_to_keyval (GPOINTER_TO_UINT (key)))));
            else
                g_hash_table_insert (level, key, g_strdup (label));
        }
    }
}

static void
check_menu_level (GMenuModel *model, const char *where, GHashTable *clashes)
{
    g_autoptr(GHashTable) level = g_hash_table_new_full (NULL, NULL, NULL, g_free);

    collect_menu_items (model, where, level, clashes);
}

/* Every <menu> of every template in the resources. */
static void
check_template_menus (GHashTable *clashes)
{
    g_auto(GStrv) files = g_resources_enumerate_children (RESOURCE_DIR, 0, NULL);
    g_autoptr(GRegex) menu_re = g_regex_new ("<menu id=\"([^\"]+)\">.*?</menu>",
                                             G_REGEX_DOTALL, 0, NULL);
    guint n_menus = 0;

    g_assert_nonnull (files);
    for (guint i = 0; files[i] != NULL; i++) {
        g_autofree char *path = g_strconcat (RESOURCE_DIR, files[i], NULL);
        g_autoptr(GBytes) bytes = NULL;
        g_autoptr(GMatchInfo) match = NULL;
        g_autofree char *text = NULL;

        if (!g_str_has_suffix (files[i], ".ui"))
            continue;
        bytes = g_resources_lookup_data (path, 0, NULL);
        g_assert_nonnull (bytes);
        text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
        g_regex_match (menu_re, text, 0, &match);
        for (; g_match_info_matches (match); g_match_info_next (match, NULL)) {
            g_autofree char *xml = g_match_info_fetch (match, 0);
            g_autofree char *id = g_match_info_fetch (match, 1);
            g_autofree char *ui = g_strdup_printf ("<interface>%s</interface>", xml);
            g_autofree char *where = g_strdup_printf ("%s menu %s", files[i], id);
            g_autoptr(GtkBuilder) builder = gtk_builder_new ();
            g_autoptr(GError) error = NULL;

            gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);
            gtk_builder_add_from_string (builder, ui, -1, &error);
            g_assert_no_error (error);
            check_menu_level (G_MENU_MODEL (gtk_builder_get_object (builder, id)), where,
                              clashes);
            n_menus++;
        }
    }
    /* The manager window's, the guest window's and the Storage page's. */
    g_assert_cmpuint (n_menus, >=, 9);
}

/* ---- the test ----------------------------------------------------------- */

typedef struct {
    DomusApplication *app;
    DomusConnection *conn;
    DomusDomain *domain;
    GtkWindow *parent;
    GHashTable *clashes;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    f->app = the_app;
    f->conn = domus_test_open_demo_host (f->app);
    f->domain = domus_test_find_app_domain (f->app, "web01", NULL);
    g_assert_nonnull (f->domain);
    f->parent = GTK_WINDOW (domus_manager_window_new (f->app));
    f->clashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    g_clear_pointer (&f->clashes, g_hash_table_unref);
    gtk_widget_destroy (GTK_WIDGET (f->parent));
    g_clear_object (&f->conn);
    domus_test_remove_connections (f->app);
}

static int
compare_lines (gconstpointer a, gconstpointer b, gpointer user_data)
{
    return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static void
assert_no_clashes (GHashTable *clashes)
{
    g_autofree const char **all = (const char **) g_hash_table_get_keys_as_array (clashes, NULL);
    g_autofree char *text = NULL;

    if (all[0] == NULL)
        return;
    g_qsort_with_data (all, g_hash_table_size (clashes), sizeof (char *),
                       compare_lines, NULL);
    text = g_strjoinv ("\n", (char **) all);
    g_error ("Mnemonic clashes:\n%s", text);
}

static void
test_menus (Fixture *f, gconstpointer data)
{
    check_template_menus (f->clashes);
    assert_no_clashes (f->clashes);
}

/* The Details page builds the form of its sidebar's entry when it is
 * selected: each entry in turn, on the shown page. */
static void
check_details_entries (Fixture *f, GtkWidget *guest_window)
{
    GtkStack *pages = GTK_STACK (domus_test_find_widget (guest_window, NULL, "pages"));
    g_autoptr(GPtrArray) sidebars = g_ptr_array_new ();
    g_autoptr(GList) rows = NULL;
    GtkListBox *sidebar;

    g_assert_nonnull (pages);
    gtk_stack_set_visible_child_name (pages, "details");
    settle (f->conn);
    domus_test_collect_widgets (gtk_stack_get_child_by_name (pages, "details"),
                                GTK_TYPE_LIST_BOX, sidebars);
    g_assert_cmpuint (sidebars->len, >=, 1);
    sidebar = g_ptr_array_index (sidebars, 0);
    rows = gtk_container_get_children (GTK_CONTAINER (sidebar));
    /* Overview, CPUs, Memory, Boot Options and the guest's devices. */
    g_assert_cmpuint (g_list_length (rows), >=, 5);
    for (GList *l = rows; l != NULL; l = l->next) {
        gtk_list_box_select_row (sidebar, l->data);
        settle (f->conn);
        check_widget_tree (guest_window, "guest window, Details", TRUE, f->clashes);
    }
}

/* Every page of a stack shown in turn (the guest window's Details page
 * builds its forms when shown). */
static void
check_main_windows (Fixture *f)
{
    GtkWidget *host_window = g_object_new (DOMUS_TYPE_HOST_WINDOW, "application", f->app,
                                           "connection", f->conn, NULL);
    GtkWidget *guest_window = g_object_new (DOMUS_TYPE_GUEST_WINDOW, "application", f->app,
                                            "connection", f->conn, "domain", f->domain, NULL);

    check_window (GTK_WIDGET (f->parent), f->conn, "manager window", f->clashes);
    check_window (host_window, f->conn, "host window", f->clashes);
    check_window (guest_window, f->conn, "guest window", f->clashes);
    check_details_entries (f, guest_window);
    gtk_widget_destroy (host_window);
    gtk_widget_destroy (guest_window);
}

static void
check_assistant (Fixture *f)
{
    g_autoptr(GListStore) hosts = g_list_store_new (DOMUS_TYPE_CONNECTION);
    GtkWidget *assistant;

    g_list_store_append (hosts, f->conn);
    assistant = domus_create_assistant_new (f->parent, G_LIST_MODEL (hosts), f->conn);
    gtk_widget_show (assistant);
    settle (f->conn);
    /* The buttons (Back, Next…) depend on the page: each in its state. */
    for (int i = 0; i < gtk_assistant_get_n_pages (GTK_ASSISTANT (assistant)); i++) {
        g_autofree char *where = g_strdup_printf ("New Virtual Machine, page %d", i + 1);

        gtk_assistant_set_current_page (GTK_ASSISTANT (assistant), i);
        settle (f->conn);
        check_widget_tree (assistant, where, TRUE, f->clashes);
    }
    gtk_widget_destroy (assistant);
}

static void
check_dialog (Fixture *f, GtkWidget *dialog, const char *where)
{
    check_window (dialog, f->conn, where, f->clashes);
    gtk_widget_destroy (dialog);
}

static void
check_snapshot_dialogs (Fixture *f)
{
    DomusSnapshotAbilities abilities = { .active = TRUE };
    DomusSnapshotInfo info = { .name = (char *) "before-upgrade", .has_memory = TRUE,
                               .state = DOMUS_DOMAIN_STATE_RUNNING,
                               .kind = DOMUS_SNAPSHOT_KIND_INTERNAL };
    const char *const existing[] = { "before-upgrade", NULL };

    check_dialog (f, domus_snapshot_dialog_new (f->parent, "web01", &abilities, existing),
                  "Take Snapshot");
    check_dialog (f, domus_snapshot_revert_dialog_new (f->parent, "web01", &info, NULL),
                  "Revert");
    check_dialog (f, domus_snapshot_delete_dialog_new (f->parent, existing, 2),
                  "Delete Snapshots");
}

static void
check_delete_dialog (Fixture *f)
{
    GtkWidget *dialog = domus_delete_dialog_new (f->parent);
    DomusDeletePlan plan = { .name = (char *) "web01", .active = TRUE };
    DomusDeleteDisk disk = { .target = (char *) "vda", .device = (char *) "disk",
                             .path = (char *) "/var/lib/libvirt/images/web01.qcow2",
                             .pool = (char *) "default", .deletable = TRUE,
                             .default_delete = TRUE };

    plan.disks = g_ptr_array_new ();
    g_ptr_array_add (plan.disks, &disk);
    domus_delete_dialog_add_guest (DOMUS_DELETE_DIALOG (dialog), "Demo Host", &plan);
    g_ptr_array_unref (plan.disks);
    check_dialog (f, dialog, "Delete");
}

static void
check_pool_dialog (Fixture *f)
{
    GtkWidget *dialog = GTK_WIDGET (domus_new_pool_dialog_new (f->conn, f->parent));
    GtkWidget *kind = domus_test_find_widget (dialog, _("Kind"), NULL);
    GtkTreeModel *kinds;
    GtkTreeIter iter;

    g_assert_nonnull (kind);
    check_window (dialog, f->conn, "New Pool", f->clashes);
    /* Its rows follow the pool's kind: each kind in turn. */
    kinds = gtk_combo_box_get_model (GTK_COMBO_BOX (kind));
    for (gboolean ok = gtk_tree_model_get_iter_first (kinds, &iter); ok;
         ok = gtk_tree_model_iter_next (kinds, &iter)) {
        gtk_combo_box_set_active_iter (GTK_COMBO_BOX (kind), &iter);
        settle (f->conn);
        check_widget_tree (dialog, "New Pool", FALSE, f->clashes);
    }
    gtk_widget_destroy (dialog);
}

static void
test_windows (Fixture *f, gconstpointer data)
{
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    static const DomusAuthField fields[] = {
        { "Username", NULL, DOMUS_AUTH_FIELD_USER_NAME },
        { "Password", NULL, DOMUS_AUTH_FIELD_SECRET },
    };
    g_autoptr(DomusAuthRequest) request =
        domus_auth_request_new ("qemu+tcp://hv1/system", fields, G_N_ELEMENTS (fields));
    g_autoptr(GPtrArray) networks = g_ptr_array_new ();
    const char *const backing[] = { "base.qcow2", NULL };

    check_main_windows (f);
    check_assistant (f);
    check_dialog (f, domus_migrate_dialog_new (f->parent, f->conn, f->domain,
                                               domus_application_get_connections (f->app)),
                  "Migrate");
    check_dialog (f, domus_backup_dialog_new (f->parent, f->conn, f->domain), "Back Up");
    check_dialog (f, domus_clone_dialog_new (f->parent, f->conn, f->domain), "Clone");
    check_snapshot_dialogs (f);
    check_delete_dialog (f);
    check_pool_dialog (f);
    check_dialog (f, GTK_WIDGET (domus_new_volume_dialog_new (f->conn, f->parent, "default-pool",
                                                              "dir", backing)),
                  "New Volume");
    check_dialog (f, GTK_WIDGET (domus_new_network_dialog_new (f->parent, f->conn, networks,
                                                               NULL)),
                  "New Network");
    check_dialog (f, GTK_WIDGET (domus_import_dialog_new (f->conn, f->parent, "default-pool",
                                                          "dir")),
                  "Import Disk Image");
    check_dialog (f, domus_preferences_dialog_new (f->parent, settings), "Preferences");
    check_dialog (f, domus_add_connection_dialog_new (f->app, f->parent), "Add Connection");
    check_dialog (f, domus_auth_dialog_new (f->parent, request, "hv1"), "Authentication");
    assert_no_clashes (f->clashes);
}

int
main (int argc, char *argv[])
{
    int status;

    gtk_test_init (&argc, &argv, NULL);
    /* The catalogs of the build tree: with LANGUAGE=pt_BR (the test
     * "mnemonics-pt_BR"), the translated labels are compared.
     * gtk_test_init () leaves the locale "C", where gettext ignores
     * LANGUAGE. */
    setlocale (LC_ALL, "");
    bindtextdomain (GETTEXT_PACKAGE, DOMUS_BUILD_LOCALEDIR);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    textdomain (GETTEXT_PACKAGE);
    the_app = domus_test_app_new ();
    g_test_add ("/mnemonics/menus", Fixture, NULL, fixture_setup, test_menus,
                fixture_teardown);
    g_test_add ("/mnemonics/windows", Fixture, NULL, fixture_setup, test_windows,
                fixture_teardown);
    status = g_test_run ();
    g_clear_object (&the_app);
    return status;
}
