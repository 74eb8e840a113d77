/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest window's Backups page on a real libvirtd under Xvfb, used as a
 * person does: a shut-off guest with a qcow2 disk is backed up twice into
 * a folder (through core); the page lists both; Verify, clicked, says OK;
 * Restore Over This Guest, clicked, asks first in words that say what is
 * lost, and then the guest's disk is a new volume equal to the backup;
 * after an image is truncated, Verify says what is wrong. On the host
 * window's page: a running GRUB guest is backed up and then undefined;
 * its backup folder is added with Add Folder…, Verify says OK, Restore
 * Over Its Guest is grey while no such guest exists, Restore as New Guest
 * offers the guest's own name and makes it again, and it boots to the
 * GRUB marker; Restore Over Its Guest then asks first, offering Force Off.
 * With both pages in view, a backup made in the Back Up dialog (clicked)
 * appears on both without reopening them.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gtk/gtk.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "domus-application.h"
#include "domus-backup-dialog.h"
#include "domus-backup-host.h"
#include "domus-backups-page.h"
#include "domus-backups-targets.h"
#include "domus-domain-backup.h"
#include "domus-gui-test-util.h"
#include "domus-guest-window.h"
#include "domus-host-window.h"
#include "domus-test-daemon.h"
#include "domus-test-util.h"

#define TIMEOUT_S 120

static DomusApplication *the_app;

static void
run_ok (const char * const *argv)
{
    g_autoptr(GError) error = NULL;
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                                 G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                                 &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
}

typedef struct {
    gboolean done;
    DomusBackupResult *result;
    GError *error;
} Backup;

static void
backed_up_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
    Backup *b = user_data;

    b->result = domus_domain_backup_finish (DOMUS_CONNECTION (source), res, &b->error);
    b->done = TRUE;
}

static char *
back_up (DomusConnection *conn, DomusDomain *domain, const char *target)
{
    g_autoptr(DomusBackupOptions) options = domus_backup_options_new (target);
    Backup b = { 0 };
    char *path;

    domus_domain_backup_async (conn, domain, options, NULL, NULL, NULL, backed_up_cb, &b);
    DOMUS_TEST_WAIT_UNTIL (b.done, TIMEOUT_S, "the backup");
    g_assert_no_error (b.error);
    path = g_strdup (b.result->path);
    domus_backup_result_free (b.result);
    return path;
}

static const char *
label_text (GtkWidget *root, const char *id)
{
    return gtk_label_get_text (GTK_LABEL (domus_test_find_widget (root, NULL, id)));
}

static const char *
message_text (GtkWindow *dialog, const char *property)
{
    static char *text;

    g_free (text);
    g_object_get (dialog, property, &text, NULL);
    return text != NULL ? text : "";
}

static char *
disk_of (virConnectPtr virt, const char *name)
{
    virDomainPtr dom = virDomainLookupByName (virt, name);
    g_autofree char *xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
    const char *at = strstr (xml, "<source file='");
    char *path;

    g_assert_nonnull (at);
    at += strlen ("<source file='");
    path = g_strndup (at, strchr (at, '\'') - at);
    virDomainFree (dom);
    return path;
}

typedef struct {
    gboolean done;
    gpointer value;
    GError *error;
} Answer;

static void
listed_guests_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Answer *a = user_data;

    a->value = domus_backup_list_guests_finish (DOMUS_CONNECTION (source), result, &a->error);
    a->done = TRUE;
}

static void
deleted_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Answer *a = user_data;

    a->value = domus_backup_delete_finish (DOMUS_CONNECTION (source), result, &a->error);
    a->done = TRUE;
}

/* Every guest's backups in TARGET, as the host's catalogue reads them. */
static GPtrArray *
list_guests (DomusConnection *conn, const char *target)
{
    Answer a = { 0 };

    domus_backup_list_guests_async (conn, target, NULL, listed_guests_cb, &a);
    DOMUS_TEST_WAIT_UNTIL (a.done, TIMEOUT_S, "the host's catalogue");
    g_assert_no_error (a.error);
    return a.value;
}

/* Defines NAME on DAEMON, shut off, with DISK (a 16 MiB qcow2 made here,
 * WRITE run into it by qemu-io where not NULL) as vda; a connection to
 * the daemon. */
static virConnectPtr
define_shut_off (DomusTestDaemon *daemon, const char *name, const char *disk,
                 const char *write)
{
    const char *create[] = { "qemu-img", "create", "-q", "-f", "qcow2", disk, "16M", NULL };
    const char *io[] = { "qemu-io", "-f", "qcow2", "-c", write, disk, NULL };
    g_autofree char *xml = g_markup_printf_escaped (
        "<domain type='qemu'><name>%s</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
        "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>"
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        "<source file='%s'/><target dev='vda' bus='virtio'/></disk>"
        "</devices></domain>", name, disk);
    virConnectPtr virt;
    virDomainPtr dom;

    run_ok (create);
    if (write != NULL)
        run_ok (io);
    virt = virConnectOpen (domus_test_daemon_get_qemu_uri (daemon));
    g_assert_nonnull (virt);
    dom = virDomainDefineXML (virt, xml);
    g_assert_nonnull (dom);
    virDomainFree (dom);
    return virt;
}

static void
test_page (void)
{
    DomusTestDaemon *daemon = domus_test_daemon_shared (FALSE);
    g_autofree char *disk = NULL;
    g_autofree char *target = NULL;
    g_autofree char *name = NULL;
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;
    g_autofree char *image = NULL;
    g_autofree char *restored = NULL;
    g_autofree char *want = NULL;
    DomusConnection *conn;
    DomusDomain *domain = NULL;
    DomusGuestWindow *window;
    GtkWidget *page, *confirm = NULL;
    GtkTreeView *view;
    GtkStack *pages;
    virConnectPtr virt;
    gint64 start;

    if (daemon == NULL)
        return;
    disk = g_build_filename (domus_test_daemon_get_dir (daemon), "page.qcow2", NULL);
    target = g_build_filename (domus_test_daemon_get_dir (daemon), "page-backups", NULL);
    name = g_strdup_printf ("domus-page-%d", (int) getpid ());
    virt = define_shut_off (daemon, name, disk, "write -P 0x3c 0 2M");

    conn = domus_application_add_connection (the_app, domus_test_daemon_get_qemu_uri (daemon),
                                             "Test Daemon");
    DOMUS_TEST_WAIT_UNTIL ((domain = domus_connection_find_domain_by_name (conn, name)),
                           TIMEOUT_S, "the guest in the list");
    first = back_up (conn, domain, target);
    second = back_up (conn, domain, target);
    domus_backups_remember_target (domus_domain_get_uuid (domain), target);

    /* The page lists both. */
    window = domus_guest_window_present (the_app, conn, domain);
    pages = GTK_STACK (domus_test_find_widget (GTK_WIDGET (window), NULL, "pages"));
    page = gtk_stack_get_child_by_name (pages, "backups");
    gtk_stack_set_visible_child (pages, page);
    view = GTK_TREE_VIEW (domus_test_find_widget (page, "Backups", NULL));
    DOMUS_TEST_WAIT_UNTIL (gtk_tree_model_iter_n_children (gtk_tree_view_get_model (view),
                                                           NULL) == 2,
                           TIMEOUT_S, "two backups listed");
    {
        GtkTreeModel *model = gtk_tree_view_get_model (view);
        GtkTreeIter iter;
        g_autofree char *kind = NULL;
        g_autofree char *path = NULL;

        g_assert_true (gtk_tree_model_get_iter_first (model, &iter));
        gtk_tree_model_get (model, &iter, 1, &kind, 3, &path, -1);
        g_assert_cmpstr (kind, ==, "Full");
        g_assert_cmpstr (path, ==, first);
        gtk_tree_selection_select_iter (gtk_tree_view_get_selection (view), &iter);
    }

    /* Verify, clicked: OK. */
    start = g_get_monotonic_time ();
    gtk_button_clicked (GTK_BUTTON (domus_test_find_widget (page, NULL, "verify_button")));
    DOMUS_TEST_WAIT_UNTIL (strstr (label_text (page, "status_label"), " is OK") != NULL,
                           TIMEOUT_S, "Verify to say OK");
    g_test_message ("Verify from the page: %.2f s; %s",
                    (g_get_monotonic_time () - start) / 1e6, label_text (page, "status_label"));

    /* Restore over the guest: asked first, in words that say what is lost. */
    gtk_button_clicked (GTK_BUTTON (domus_test_find_widget (page, NULL,
                                                            "restore_over_button")));
    DOMUS_TEST_WAIT_UNTIL ((confirm = GTK_WIDGET (domus_test_find_toplevel (
                               GTK_TYPE_MESSAGE_DIALOG))) != NULL, TIMEOUT_S,
                           "the confirmation");
    g_assert_true (g_str_has_prefix (message_text (GTK_WINDOW (confirm), "secondary-text"),
                                     "The current disks of “"));
    g_assert_nonnull (strstr (message_text (GTK_WINDOW (confirm), "secondary-text"),
                              "changes since then are lost."));
    g_assert_nonnull (gtk_dialog_get_widget_for_response (GTK_DIALOG (confirm),
                                                          GTK_RESPONSE_ACCEPT));
    start = g_get_monotonic_time ();
    gtk_button_clicked (GTK_BUTTON (gtk_dialog_get_widget_for_response (
        GTK_DIALOG (confirm), GTK_RESPONSE_ACCEPT)));
    DOMUS_TEST_WAIT_UNTIL (g_str_has_prefix (label_text (page, "status_label"),
                                             "Restored from the backup of "),
                           TIMEOUT_S, "the restore");
    g_test_message ("Restore over from the page: %.2f s",
                    (g_get_monotonic_time () - start) / 1e6);
    restored = disk_of (virt, name);
    g_assert_cmpstr (restored, !=, disk);
    g_assert_false (g_file_test (disk, G_FILE_TEST_EXISTS));
    image = g_build_filename (first, "vda.qcow2", NULL);
    {
        const char *compare[] = { "qemu-img", "compare", "-q", image, restored, NULL };

        run_ok (compare);
    }

    /* A truncated image: Verify says what is wrong. */
    g_assert_cmpint (truncate (image, 65536), ==, 0);
    gtk_button_clicked (GTK_BUTTON (domus_test_find_widget (page, NULL, "verify_button")));
    DOMUS_TEST_WAIT_UNTIL (strstr (label_text (page, "status_label"), " is damaged:") != NULL,
                           TIMEOUT_S, "Verify to find the damage");
    g_test_message ("%s", label_text (page, "status_label"));
    g_assert_nonnull (strstr (label_text (page, "status_label"), "• vda.qcow2 is 65.5"));

    /* The host's catalogue: the guest's folder, both backups; deleting the
     * newer removes its folder and nothing else. */
    {
        g_autoptr(GPtrArray) guests = list_guests (conn, target);
        DomusBackupGuest *guest;
        Answer a = { 0 };
        GStrv gone;

        g_assert_cmpuint (guests->len, ==, 1);
        guest = guests->pdata[0];
        g_assert_cmpstr (guest->guest, ==, name);
        g_assert_cmpstr (guest->target, ==, target);
        g_assert_cmpuint (guest->entries->len, ==, 2);
        g_assert_cmpstr (((DomusBackupEntry *) guest->entries->pdata[0])->path, ==, first);
        g_assert_cmpstr (((DomusBackupEntry *) guest->entries->pdata[1])->path, ==, second);

        domus_backup_delete_async (conn, second, NULL, deleted_cb, &a);
        DOMUS_TEST_WAIT_UNTIL (a.done, TIMEOUT_S, "the delete");
        g_assert_no_error (a.error);
        gone = a.value;
        g_assert_cmpuint (g_strv_length (gone), ==, 1);
        g_assert_cmpstr (gone[0], ==, second);
        g_strfreev (gone);
        g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));
        g_assert_true (g_file_test (first, G_FILE_TEST_IS_DIR));
        g_clear_pointer (&guests, g_ptr_array_unref);
        guests = list_guests (conn, target);
        g_assert_cmpuint (guests->len, ==, 1);
        g_assert_cmpuint (((DomusBackupGuest *) guests->pdata[0])->entries->len, ==, 1);
        /* The guest's page, in view, follows a delete made elsewhere. */
        DOMUS_TEST_WAIT_UNTIL (gtk_tree_model_iter_n_children (gtk_tree_view_get_model (view),
                                                               NULL) == 1,
                               TIMEOUT_S, "the guest's page to drop the deleted backup");
    }

    /* The host's Backups page lists it under the guest's name; Delete
     * Backup…, confirmed, removes the folder. */
    {
        GtkWindow *host = GTK_WINDOW (domus_host_window_get_for_connection (conn, NULL));
        GtkStack *stack;
        GtkWidget *hpage, *dialog = NULL;
        GtkTreeView *hview;
        GtkTreeModel *model;
        GtkTreeIter iter;
        g_autofree char *guest = NULL;
        g_autofree char *path = NULL;

        gtk_window_present (host);
        stack = GTK_STACK (domus_test_find_widget (GTK_WIDGET (host), NULL, "stack"));
        hpage = gtk_stack_get_child_by_name (stack, "backups");
        g_assert_nonnull (hpage);
        gtk_stack_set_visible_child (stack, hpage);
        hview = GTK_TREE_VIEW (domus_test_find_widget (hpage, "Backups on this host", NULL));
        model = gtk_tree_view_get_model (hview);
        DOMUS_TEST_WAIT_UNTIL (g_str_has_suffix (label_text (hpage, "status_label"), "backup"),
                               TIMEOUT_S, "the host's page to list the backup");
        g_assert_cmpint (gtk_tree_model_iter_n_children (model, NULL), ==, 1);
        g_assert_true (gtk_tree_model_get_iter_first (model, &iter));
        gtk_tree_model_get (model, &iter, 0, &guest, 4, &path, -1);
        g_assert_cmpstr (guest, ==, name);
        g_assert_cmpstr (path, ==, first);
        gtk_tree_selection_select_iter (gtk_tree_view_get_selection (hview), &iter);
        gtk_button_clicked (GTK_BUTTON (domus_test_find_widget (hpage, NULL, "delete_button")));
        DOMUS_TEST_WAIT_UNTIL ((dialog = GTK_WIDGET (domus_test_find_toplevel (
                                   GTK_TYPE_MESSAGE_DIALOG))) != NULL, TIMEOUT_S,
                               "the delete confirmation");
        g_assert_nonnull (strstr (message_text (GTK_WINDOW (dialog), "secondary-text"), first));
        gtk_button_clicked (GTK_BUTTON (gtk_dialog_get_widget_for_response (
            GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT)));
        DOMUS_TEST_WAIT_UNTIL (!g_file_test (first, G_FILE_TEST_EXISTS), TIMEOUT_S,
                               "the backup's folder to go");
        DOMUS_TEST_WAIT_UNTIL (strstr (label_text (hpage, "status_label"), "No backups") != NULL,
                               TIMEOUT_S, "the page to list none");
        DOMUS_TEST_WAIT_UNTIL (gtk_tree_model_iter_n_children (gtk_tree_view_get_model (view),
                                                               NULL) == 0,
                               TIMEOUT_S, "the guest's page to follow the host page's delete");
        gtk_widget_destroy (GTK_WIDGET (host));
    }

    domus_test_close_guest_windows ();
    domus_application_remove_connection (the_app, conn);
    domus_test_daemon_remove_guests (daemon);
    virConnectClose (virt);
}

/* The host window's Backups page, shown. */
static GtkWidget *
host_page (DomusConnection *conn, GtkWindow **host)
{
    GtkStack *stack;
    GtkWidget *page;

    *host = GTK_WINDOW (domus_host_window_get_for_connection (conn, NULL));
    gtk_window_present (*host);
    stack = GTK_STACK (domus_test_find_widget (GTK_WIDGET (*host), NULL, "stack"));
    page = gtk_stack_get_child_by_name (stack, "backups");
    g_assert_nonnull (page);
    gtk_stack_set_visible_child (stack, page);
    return page;
}

/* The message dialog over the page, shown. */
static GtkDialog *
await_dialog (const char *what)
{
    GtkWidget *dialog = NULL;

    DOMUS_TEST_WAIT_UNTIL ((dialog = GTK_WIDGET (domus_test_find_toplevel (
                               GTK_TYPE_MESSAGE_DIALOG))) != NULL &&
                           gtk_widget_get_mapped (dialog), TIMEOUT_S, what);
    return GTK_DIALOG (dialog);
}

/* Clicks DIALOG's button of RESPONSE. */
static void
click (GtkDialog *dialog, int response)
{
    gtk_button_clicked (GTK_BUTTON (gtk_dialog_get_widget_for_response (dialog, response)));
}

/* The row of GUEST in the host page's VIEW, if listed. */
static gboolean
find_guest_row (GtkTreeView *view, const char *guest, GtkTreeIter *iter)
{
    GtkTreeModel *model = gtk_tree_view_get_model (view);
    gboolean ok = gtk_tree_model_get_iter_first (model, iter);

    while (ok) {
        g_autofree char *name = NULL;

        gtk_tree_model_get (model, iter, 0, &name, -1);
        if (g_strcmp0 (name, guest) == 0)
            return TRUE;
        ok = gtk_tree_model_iter_next (model, iter);
    }
    return FALSE;
}

static void
test_host_restore_undefined (void)
{
    DomusTestDaemon *daemon = domus_test_daemon_shared (FALSE);
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *disk = NULL;
    g_autofree char *iso = NULL;
    g_autofree char *target = NULL;
    g_autofree char *pool_dir = NULL;
    g_autofree char *pool_xml = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *name = NULL;
    g_autofree char *folder = NULL;
    DomusConnection *conn;
    DomusDomain *domain = NULL;
    GtkWindow *host;
    GtkWidget *page;
    GtkDialog *dialog;
    GtkTreeView *view;
    GtkEntry *new_name;
    GtkTreeIter iter;
    virConnectPtr virt;
    virDomainPtr dom;
    virStoragePoolPtr pool;
    gint64 start;

    if (daemon == NULL)
        return;
    dir = g_strdup (domus_test_daemon_get_dir (daemon));
    iso = domus_test_make_grub_iso (dir, TRUE, &error);
    g_assert_no_error (error);
    disk = g_build_filename (dir, "undefined.qcow2", NULL);
    target = g_build_filename (dir, "host-backups", NULL);
    {
        const char *create[] = { "qemu-img", "create", "-q", "-f", "qcow2", disk, "16M", NULL };

        run_ok (create);
    }
    name = g_strdup_printf ("domus-gone-%d", (int) getpid ());
    xml = g_markup_printf_escaped (
        "<domain type='qemu'><name>%s</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
        "<os><type arch='x86_64' machine='pc'>hvm</type><boot dev='cdrom'/></os><devices>"
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        "<source file='%s'/><target dev='vda' bus='virtio'/></disk>"
        "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
        "<source file='%s'/><target dev='hdc' bus='ide'/><readonly/></disk>"
        "<serial type='pty'><target port='0'/></serial>"
        "<console type='pty'><target type='serial' port='0'/></console>"
        "</devices></domain>", name, disk, iso);
    virt = virConnectOpen (domus_test_daemon_get_qemu_uri (daemon));
    g_assert_nonnull (virt);
    dom = virDomainDefineXML (virt, xml);
    g_assert_nonnull (dom);
    virDomainFree (dom);
    g_assert_true (domus_test_daemon_boot_and_await_serial (daemon, name,
                                                            DOMUS_TEST_SERIAL_MARKER, &error));
    g_assert_no_error (error);
    dom = virDomainLookupByName (virt, name);
    g_assert_nonnull (dom);
    pool_dir = g_build_filename (dir, "restored", NULL);
    pool_xml = g_markup_printf_escaped ("<pool type='dir'><name>restored</name><target>"
                                        "<path>%s</path></target></pool>", pool_dir);
    pool = virStoragePoolCreateXML (virt, pool_xml, VIR_STORAGE_POOL_CREATE_WITH_BUILD);
    if (pool == NULL)
        g_error ("the pool “restored”: %s", virGetLastErrorMessage ());

    /* A hot backup, then the guest is gone from the host. */
    conn = domus_application_add_connection (the_app, domus_test_daemon_get_qemu_uri (daemon),
                                             "Test Daemon");
    DOMUS_TEST_WAIT_UNTIL ((domain = domus_connection_find_domain_by_name (conn, name)),
                           TIMEOUT_S, "the guest in the list");
    start = g_get_monotonic_time ();
    folder = back_up (conn, domain, target);
    g_test_message ("hot full backup of the GRUB guest: %.2f s",
                    (g_get_monotonic_time () - start) / 1e6);
    g_assert_cmpint (virDomainDestroy (dom), ==, 0);
    g_assert_cmpint (virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA), ==,
                     0);
    virDomainFree (dom);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_find_domain_by_name (conn, name) == NULL, TIMEOUT_S,
                           "the guest to leave the list");

    /* Its folder added to the host's catalogue, as a person does. */
    page = host_page (conn, &host);
    view = GTK_TREE_VIEW (domus_test_find_widget (page, "Backups on this host", NULL));
    gtk_button_clicked (GTK_BUTTON (domus_test_find_widget (page, NULL, "add_folder_button")));
    dialog = await_dialog ("the Add a Folder dialog");
    domus_test_type_into (GTK_WIDGET (dialog), "Folder on the host", target);
    click (dialog, GTK_RESPONSE_ACCEPT);
    DOMUS_TEST_WAIT_UNTIL (find_guest_row (view, name, &iter), TIMEOUT_S,
                           "the gone guest's backup listed");
    gtk_tree_selection_select_iter (gtk_tree_view_get_selection (view), &iter);
    g_assert_false (gtk_widget_get_sensitive (domus_test_find_widget (page, NULL,
                                                                      "restore_over_button")));

    /* Verify, clicked: OK. */
    gtk_button_clicked (GTK_BUTTON (domus_test_find_widget (page, NULL, "verify_button")));
    DOMUS_TEST_WAIT_UNTIL (strstr (label_text (page, "status_label"), " is OK") != NULL,
                           TIMEOUT_S, "Verify to say OK");

    /* Restore as New Guest: it comes back under its own name. */
    gtk_button_clicked (GTK_BUTTON (domus_test_find_widget (page, NULL, "restore_new_button")));
    dialog = await_dialog ("the Restore as a New Guest dialog");
    new_name = GTK_ENTRY (domus_test_find_widget (GTK_WIDGET (dialog), NULL, "new_name"));
    g_assert_cmpstr (gtk_entry_get_text (new_name), ==, name);
    domus_test_type_into (GTK_WIDGET (dialog), "Storage pool", "restored");
    start = g_get_monotonic_time ();
    click (dialog, GTK_RESPONSE_ACCEPT);
    DOMUS_TEST_WAIT_UNTIL (g_str_has_prefix (label_text (page, "status_label"),
                                             "Restored from the backup of "),
                           TIMEOUT_S, "the restore");
    g_test_message ("restore as a new guest from the host's page: %.2f s",
                    (g_get_monotonic_time () - start) / 1e6);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_find_domain_by_name (conn, name) != NULL,
                           TIMEOUT_S, "the restored guest in the list");
    g_assert_true (domus_test_daemon_boot_and_await_serial (daemon, name,
                                                            DOMUS_TEST_SERIAL_MARKER, &error));
    g_assert_no_error (error);

    /* Now that it exists and runs, Restore Over Its Guest asks first. */
    DOMUS_TEST_WAIT_UNTIL ((domain = domus_connection_find_domain_by_name (conn, name)) != NULL &&
                           domus_domain_get_state (domain) == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "the restored guest running in Domus");
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_sensitive (domus_test_find_widget (
                               page, NULL, "restore_over_button")),
                           TIMEOUT_S, "Restore Over Its Guest to be offered");
    gtk_button_clicked (GTK_BUTTON (domus_test_find_widget (page, NULL,
                                                            "restore_over_button")));
    dialog = await_dialog ("the restore-over confirmation");
    g_assert_true (g_str_has_prefix (message_text (GTK_WINDOW (dialog), "secondary-text"),
                                     "The current disks of “"));
    g_assert_nonnull (gtk_dialog_get_widget_for_response (dialog, 1));
    click (dialog, GTK_RESPONSE_CANCEL);

    gtk_widget_destroy (GTK_WIDGET (host));
    domus_application_remove_connection (the_app, conn);
    domus_test_daemon_remove_guests (daemon);
    virStoragePoolDestroy (pool);
    virStoragePoolFree (pool);
    virConnectClose (virt);
}

static int
rows (GtkWidget *page, const char *accessible_name)
{
    GtkTreeView *view = GTK_TREE_VIEW (domus_test_find_widget (page, accessible_name, NULL));

    return gtk_tree_model_iter_n_children (gtk_tree_view_get_model (view), NULL);
}

static void
test_refresh_after_backup (void)
{
    DomusTestDaemon *daemon = domus_test_daemon_shared (FALSE);
    g_autofree char *disk = NULL;
    g_autofree char *target = NULL;
    g_autofree char *name = NULL;
    DomusConnection *conn;
    DomusDomain *domain = NULL;
    DomusGuestWindow *window;
    GtkWindow *host;
    GtkWidget *page, *hpage, *dialog;
    GtkStack *pages;
    GtkTreeIter iter;
    virConnectPtr virt;

    if (daemon == NULL)
        return;
    disk = g_build_filename (domus_test_daemon_get_dir (daemon), "refresh.qcow2", NULL);
    target = g_build_filename (domus_test_daemon_get_dir (daemon), "refresh-backups", NULL);
    name = g_strdup_printf ("domus-refresh-%d", (int) getpid ());
    virt = define_shut_off (daemon, name, disk, NULL);
    conn = domus_application_add_connection (the_app, domus_test_daemon_get_qemu_uri (daemon),
                                             "Test Daemon");
    DOMUS_TEST_WAIT_UNTIL ((domain = domus_connection_find_domain_by_name (conn, name)),
                           TIMEOUT_S, "the guest in the list");

    /* Both pages in view, neither with a backup of the guest (the host's
     * lists the earlier tests'). */
    hpage = host_page (conn, &host);
    DOMUS_TEST_WAIT_UNTIL (label_text (hpage, "status_label")[0] != '\0' &&
                           !g_str_has_prefix (label_text (hpage, "status_label"), "Looking"),
                           TIMEOUT_S, "the host's page to be read");
    g_assert_false (find_guest_row (GTK_TREE_VIEW (domus_test_find_widget (
                                        hpage, "Backups on this host", NULL)), name, &iter));
    window = domus_guest_window_present (the_app, conn, domain);
    pages = GTK_STACK (domus_test_find_widget (GTK_WIDGET (window), NULL, "pages"));
    page = gtk_stack_get_child_by_name (pages, "backups");
    gtk_stack_set_visible_child (pages, page);
    DOMUS_TEST_WAIT_UNTIL (g_str_has_prefix (label_text (page, "status_label"), "No backups"),
                           TIMEOUT_S, "the guest's page to list none");

    /* Back Up…: the folder typed, Back Up clicked. */
    dialog = domus_backup_dialog_new (GTK_WINDOW (window), conn, domain);
    gtk_widget_show (dialog);
    DOMUS_TEST_WAIT_UNTIL (gtk_widget_get_mapped (dialog), TIMEOUT_S, "the Back Up dialog");
    domus_test_type_into (dialog, "Folder on the guest’s host", target);
    gtk_button_clicked (GTK_BUTTON (domus_test_find_widget (dialog, NULL, "back_up_button")));
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_toplevel (DOMUS_TYPE_BACKUP_DIALOG) == NULL,
                           TIMEOUT_S, "the backup to finish");

    /* Both pages list it, neither reopened. */
    DOMUS_TEST_WAIT_UNTIL (rows (page, "Backups") == 1, TIMEOUT_S,
                           "the guest's page to list the new backup");
    DOMUS_TEST_WAIT_UNTIL (find_guest_row (GTK_TREE_VIEW (domus_test_find_widget (
                                               hpage, "Backups on this host", NULL)),
                                           name, &iter),
                           TIMEOUT_S, "the host's page to list the new backup");

    gtk_widget_destroy (GTK_WIDGET (host));
    domus_test_close_guest_windows ();
    domus_application_remove_connection (the_app, conn);
    domus_test_daemon_remove_guests (daemon);
    virConnectClose (virt);
}

int
main (int argc, char *argv[])
{
    int ret;

    signal (SIGPIPE, SIG_IGN);
    gtk_test_init (&argc, &argv, NULL);
    the_app = domus_test_app_new ();
    g_test_add_func ("/real/backups-page/list-verify-restore", test_page);
    g_test_add_func ("/real/backups-page/host-restore-undefined", test_host_restore_undefined);
    g_test_add_func ("/real/backups-page/refresh-after-backup", test_refresh_after_backup);
    ret = g_test_run ();
    domus_test_daemon_stop_shared ();
    g_clear_object (&the_app);
    return ret;
}
