/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Details page on a real libvirtd with QEMU (TCG), under the gui
 * suite's Xvfb: what the host's domain capabilities offer, as a person
 * sees and uses it. The CPU page lists the named models (the usable ones
 * first, the others marked) and no host-passthrough, which TCG cannot
 * do; picking a model picks the custom mode and Apply saves it. Add
 * Hardware lists the host's choices (IDE on an i440fx guest, a TPM of the
 * host's own backend), adds an RNG, and Remove takes it away.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>
#include <libvirt/libvirt.h>

#include "domus-application.h"
#include "domus-details-page.h"
#include "domus-details-test.h"
#include "domus-domain-details-apply.h"
#include "domus-guest-window.h"
#include "domus-libvirt.h"
#include "domus-test-daemon.h"
#include "domus-test-util.h"
#include "gui/domus-gui-test-util.h"

#define TIMEOUT_S 120

static DomusApplication *the_app;

typedef struct {
    DomusTestDaemon *daemon;
    DomusDetailsFixture f;      /* the guest's window, its Details page shown */
} Page;

/* A tiny shut-off guest on the shared daemon, its Details page shown. */
static gboolean
open_page (Page *p)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *name = NULL;

    p->daemon = domus_test_daemon_shared (FALSE);
    if (p->daemon == NULL)
        return FALSE;
    name = domus_test_daemon_define_tiny_guest (p->daemon, "domus-page", FALSE, &error);
    g_assert_no_error (error);
    domus_details_fixture_open (&p->f, the_app, domus_test_daemon_get_qemu_uri (p->daemon),
                                "Real Host", name, TIMEOUT_S);
    return TRUE;
}

static void
close_page (Page *p)
{
    domus_details_fixture_teardown (&p->f);
    if (p->daemon != NULL)
        domus_test_daemon_remove_guests (p->daemon);
}

static void
test_cpu_models (void)
{
    Page p = { 0 };
    GtkComboBox *models, *modes;
    GtkTreeModel *tree;
    GtkTreeIter iter;
    g_autofree char *names = NULL;
    g_autofree char *ids = NULL;
    g_autofree char *mode_names = NULL;
    g_autofree char *before = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *chosen = NULL;
    g_autofree char *expected = NULL;

    if (!open_page (&p))
        return;
    domus_details_select_entry (&p.f, "CPUs");
    domus_details_await_idle (&p.f);
    models = GTK_COMBO_BOX (domus_details_find (p.f.page, "CPU model (custom mode)", NULL));
    modes = GTK_COMBO_BOX (domus_details_find (p.f.page, "CPU mode", NULL));
    /* Nothing changed by listing the host's choices (libvirt gives a TCG
     * guest QEMU's default model as a custom one when it is defined). */
    before = domus_details_saved_xml (&p.f);
    g_test_message ("saved CPU: %s", strstr (before, "<cpu") != NULL ? strstr (before, "<cpu")
                                                                     : "none");
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (gtk_bin_get_child (GTK_BIN (modes)))), ==,
                     strstr (before, "<cpu mode='custom'") != NULL ? "custom" : "default");
    g_assert_false (gtk_widget_is_sensitive (domus_details_find (p.f.page, NULL,
                                                                      "apply_button")));
    names = domus_details_combo_rows (models, 0);
    ids = domus_details_combo_rows (models, 1);
    mode_names = domus_details_combo_rows (modes, 0);
    g_test_message ("CPU models: %s", names);
    /* QEMU's named models, the usable ones first, the others marked. */
    g_assert_nonnull (strstr (names, "|qemu64|"));
    g_assert_true (g_str_has_prefix (ids, "|usable|"));
    g_assert_nonnull (strstr (ids, "|usable||unusable|"));
    g_assert_null (strstr (strstr (ids, "|unusable|"), "|usable|"));
    /* TCG runs no host CPU: no passthrough. */
    g_assert_null (strstr (mode_names, "host-passthrough"));
    g_assert_nonnull (strstr (mode_names, "|host-model|"));

    /* The second usable model, picked: the custom mode goes with it. */
    tree = gtk_combo_box_get_model (models);
    g_assert_true (gtk_tree_model_iter_nth_child (tree, &iter, NULL, 1));
    gtk_tree_model_get (tree, &iter, 0, &chosen, -1);
    gtk_combo_box_set_active_iter (models, &iter);
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (gtk_bin_get_child (GTK_BIN (modes)))), ==,
                     "custom");
    gtk_button_clicked (GTK_BUTTON (domus_details_find (p.f.page, NULL, "apply_button")));
    domus_details_await_idle (&p.f);
    g_assert_cmpstr (domus_details_outcome (&p.f), ==,
                     domus_details_outcome_message (DOMUS_DETAILS_SAVED));
    xml = domus_details_saved_xml (&p.f);
    expected = g_strdup_printf (">%s</model>", chosen);
    g_assert_nonnull (strstr (xml, "<cpu mode='custom'"));
    g_assert_nonnull (strstr (xml, expected));
    close_page (&p);
}

static void
test_add_hardware (void)
{
    Page p = { 0 };
    GtkWidget *dialog;
    GtkWindow *confirm = NULL;
    g_autofree char *buses = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *saved = NULL;

    if (!open_page (&p))
        return;
    /* i440fx has IDE; the tiny guest names no OS: VirtIO first. */
    dialog = domus_details_add_hardware (&p.f, "Disks");
    buses = domus_details_combo_rows (
        GTK_COMBO_BOX (domus_details_find (dialog, "Bus", NULL)), 1);
    g_assert_true (g_str_has_prefix (buses, "|virtio|"));
    g_assert_nonnull (strstr (buses, "|ide|"));
    gtk_widget_destroy (dialog);

    /* No swtpm here: the host's own TPM is the backend on offer. */
    dialog = domus_details_add_hardware (&p.f, "TPM");
    xml = domus_details_dialog_xml (dialog);
    g_assert_nonnull (strstr (xml, "type='passthrough'"));
    gtk_widget_destroy (dialog);

    /* An RNG from QEMU's own generator, added and removed. */
    dialog = domus_details_add_hardware (&p.f, "Random Number Generator");
    g_assert_true (gtk_combo_box_set_active_id (
                       GTK_COMBO_BOX (domus_details_find (dialog, "Backend", NULL)),
                                                "builtin"));
    gtk_button_clicked (GTK_BUTTON (domus_details_button (dialog, "Add")));
    domus_details_await_idle (&p.f);
    DOMUS_TEST_WAIT_UNTIL (domus_details_sidebar_row (&p.f, "RNG") != NULL, TIMEOUT_S,
                           "the new RNG");
    g_assert_cmpstr (domus_details_outcome (&p.f), ==,
                     domus_details_outcome_message (DOMUS_DETAILS_SAVED));
    saved = domus_details_saved_xml (&p.f);
    g_assert_nonnull (strstr (saved, "<backend model='builtin'/>"));

    domus_details_select_entry (&p.f, "RNG");
    domus_details_await_idle (&p.f);
    gtk_button_clicked (GTK_BUTTON (domus_details_find (p.f.page, NULL, "remove_button")));
    DOMUS_TEST_WAIT_UNTIL ((confirm = domus_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG)) != NULL,
                           TIMEOUT_S, "the confirmation");
    gtk_button_clicked (GTK_BUTTON (domus_details_button (GTK_WIDGET (confirm), "Remove")));
    confirm = NULL;
    domus_details_await_idle (&p.f);
    DOMUS_TEST_WAIT_UNTIL (domus_details_sidebar_row (&p.f, "RNG") == NULL, TIMEOUT_S,
                           "the RNG to go");
    g_clear_pointer (&saved, g_free);
    saved = domus_details_saved_xml (&p.f);
    g_assert_null (strstr (saved, "<rng"));
    close_page (&p);
}

int
main (int argc, char *argv[])
{
    int status;

    gtk_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();
    the_app = domus_test_app_new ();

    g_test_add_func ("/real/details-page/cpu-models", test_cpu_models);
    g_test_add_func ("/real/details-page/add-hardware", test_add_hardware);
    status = g_test_run ();
    domus_test_daemon_stop_shared ();
    g_clear_object (&the_app);
    return status;
}
