/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Details page's changes on a real libvirtd with QEMU (TCG), one shared
 * daemon and one running guest for the program: GRUB from a CD-ROM, a user
 * network card, a virtio balloon. Through core's jobs, as the page applies
 * them: the memory balloon changed live, the CD-ROM ejected and inserted
 * while the guest runs, the card's link taken down and up live, a disk
 * hot-plugged and seen in the live XML, and a change libvirt can only save
 * (the boot menu) said to wait for a shutdown, then live after Force Off
 * and Start; a volume of a pool chosen as Browse… does and hot-plugged;
 * the boot order by device, saved for a shutdown, after which the guest
 * boots from the first device. Each outcome is the one libvirt's answers
 * gave. Then every device kind as Add Hardware makes it (the host's
 * choices, libosinfo's pick), added and removed while running, and where
 * libvirt cannot attach it live, added while shut off and started with;
 * the outcomes and libvirt's refusals are printed. Last, a named CPU model
 * from the domain capabilities saved in place and live after a restart.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>

#include "domus-connection.h"
#include "domus-domain-actions.h"
#include "domus-domain-details-apply.h"
#include "domus-device-choices.h"
#include "domus-domain-details-boot.h"
#include "domus-libvirt.h"
#include "domus-storage.h"
#include "domus-storage-path.h"
#include "domus-test-daemon.h"
#include "domus-test-details.h"
#include "domus-test-util.h"

#define TIMEOUT_S 120
#define AWAIT(res) DOMUS_TEST_WAIT_UNTIL ((res) != NULL, TIMEOUT_S, "the job to finish")

static struct {
    DomusTestDaemon *daemon;
    DomusConnection *conn;
    virConnectPtr virt;
    char *dir;
    char *iso;
    char *name;
    char *pool;                 /* a directory pool, for the chooser's test */
    char *chosen;               /* the volume chosen from it */
} the;

static DomusDomain *
domain (void)
{
    DomusDomain *d = NULL;

    DOMUS_TEST_WAIT_UNTIL ((d = domus_connection_find_domain_by_name (the.conn, the.name)),
                           TIMEOUT_S, "the guest in Domus's list");
    return d;
}

static gboolean
set_up_once (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *xiso = NULL;
    virDomainPtr dom;

    if (the.daemon != NULL)
        return TRUE;
    the.daemon = domus_test_daemon_shared (FALSE);
    if (the.daemon == NULL)
        return FALSE;
    the.dir = g_strdup (domus_test_daemon_get_dir (the.daemon));
    the.iso = domus_test_make_grub_iso (the.dir, TRUE, &error);
    g_assert_no_error (error);
    the.virt = virConnectOpen (domus_test_daemon_get_qemu_uri (the.daemon));
    g_assert_nonnull (the.virt);

    the.name = g_strdup_printf ("domus-details-%d", (int) getpid ());
    xiso = g_markup_escape_text (the.iso, -1);
    xml = g_strdup_printf (
        "<domain type='qemu'><name>%s</name>"
        "<metadata><acme:inventory xmlns:acme='https://acme.example/ns'>"
        "<acme:owner>Alice</acme:owner></acme:inventory></metadata>"
        "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
        "<os><type arch='x86_64' machine='pc'>hvm</type><boot dev='cdrom'/></os>"
        "<features><acpi/><apic/></features><devices>"
        "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
        "<source file='%s'/><target dev='hdc' bus='ide'/><readonly/></disk>"
        "<interface type='user'><mac address='52:54:00:de:7a:01'/><model type='e1000'/>"
        "</interface>"
        "<serial type='pty'><target port='0'/></serial>"
        "<console type='pty'><target type='serial' port='0'/></console>"
        "<memballoon model='virtio'/>"
        "</devices></domain>", the.name, xiso);
    dom = virDomainDefineXML (the.virt, xml);
    g_assert_nonnull (dom);
    virDomainFree (dom);
    g_assert_true (domus_test_daemon_boot_and_await_serial (the.daemon, the.name,
                                                            DOMUS_TEST_SERIAL_MARKER, &error));
    g_assert_no_error (error);

    the.conn = domus_connection_new (domus_test_daemon_get_qemu_uri (the.daemon));
    domus_poller_set_interval (domus_connection_get_poller (the.conn), 3600);
    domus_connection_connect (the.conn);
    DOMUS_TEST_WAIT_UNTIL (domus_connection_get_state (the.conn) ==
                           DOMUS_CONNECTION_STATE_CONNECTED, TIMEOUT_S, "the connection");
    return TRUE;
}

static char *
live_xml (void)
{
    virDomainPtr dom = virDomainLookupByName (the.virt, the.name);
    char *xml = virDomainGetXMLDesc (dom, 0);
    char *out = g_strdup (xml);

    free (xml);
    virDomainFree (dom);
    return out;
}

static DomusDetailsSnapshot *
load (void)
{
    return domus_test_details_load (the.conn, domain ());
}

typedef void (*EditFunc) (DomusDomainDetails *details, gpointer data);

/* Loads, edits, applies as the page does; the outcome, NOTE its remark. */
static DomusDetailsOutcome
edit_and_apply (EditFunc edit, gpointer data, char **note)
{
    g_autoptr(DomusDetailsSnapshot) before = load ();
    g_autoptr(DomusDomainDetails) details = NULL;
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *new_xml = NULL;
    DomusDetailsOutcome outcome;
    gint64 start = g_get_monotonic_time ();

    g_assert_true (before->active);
    details = domus_domain_details_new (before->xml, &error);
    g_assert_no_error (error);
    edit (details, data);
    new_xml = domus_domain_details_to_xml (details);
    domus_domain_details_apply_async (the.conn, domain (), before->xml, new_xml, NULL,
                                      domus_test_keep_result_cb, &res);
    AWAIT (res);
    outcome = domus_domain_details_apply_finish (the.conn, res, note, &error);
    g_assert_no_error (error);
    g_test_message ("applied in %.2f s: %s%s%s",
                    (g_get_monotonic_time () - start) / 1e6,
                    domus_details_outcome_message (outcome),
                    *note != NULL ? " " : "", *note != NULL ? *note : "");
    return outcome;
}

static void
action (DomusDomainAction what)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;

    domus_domain_action_async (the.conn, domain (), what, NULL, domus_test_keep_result_cb, &res);
    AWAIT (res);
    g_assert_true (domus_domain_action_finish (the.conn, res, &error));
    g_assert_no_error (error);
}

/* ---- the edits ----------------------------------------------------------- */

static void
set_memory (DomusDomainDetails *d, gpointer data)
{
    domus_domain_details_set_memory (d, GPOINTER_TO_UINT (data),
                                     domus_domain_details_get_max_memory (d));
}

static guint
cdrom_index (DomusDomainDetails *d)
{
    for (guint i = 0; i < domus_domain_details_count_devices (d, DOMUS_DEVICE_DISK); i++) {
        g_autofree char *device = domus_domain_details_get_device_value (d, DOMUS_DEVICE_DISK,
                                                                         i, "@device");

        if (g_strcmp0 (device, "cdrom") == 0)
            return i;
    }
    g_assert_not_reached ();
}

static void
set_cdrom (DomusDomainDetails *d, gpointer data)
{
    domus_domain_details_set_disk_source (d, cdrom_index (d), data, FALSE);
}

static void
set_link (DomusDomainDetails *d, gpointer data)
{
    domus_domain_details_set_device_value (d, DOMUS_DEVICE_INTERFACE, 0, "link/@state", data);
}

static void
add_disk (DomusDomainDetails *d, gpointer data)
{
    g_autofree char *xml = g_markup_printf_escaped (
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        "<source file='%s'/><target dev='vdb' bus='virtio'/></disk>", (const char *) data);

    g_assert_true (domus_domain_details_add_device (d, xml, NULL, NULL, NULL));
}

static void
set_boot_menu (DomusDomainDetails *d, gpointer data)
{
    domus_domain_details_set_boot_menu (d, TRUE);
}

/* ---- tests ------------------------------------------------------------------ */

static void
test_balloon (void)
{
    g_autoptr(DomusDetailsSnapshot) after = NULL;
    g_autoptr(DomusDomainDetails) saved = NULL;
    g_autofree char *note = NULL;
    virDomainPtr dom;
    virDomainInfo info;

    if (!set_up_once ())
        return;
    g_assert_cmpint (edit_and_apply (set_memory, GUINT_TO_POINTER (48 * 1024), &note), ==,
                     DOMUS_DETAILS_APPLIED_NOW_AND_SAVED);
    g_assert_null (note);
    after = load ();
    saved = domus_domain_details_new (after->xml, NULL);
    g_assert_cmpuint (domus_domain_details_get_memory (saved), ==, 48 * 1024);
    /* QEMU took the balloon's new target (GRUB has no balloon driver to
     * give the memory back; the target is what libvirt reports). */
    dom = virDomainLookupByName (the.virt, the.name);
    g_assert_cmpint (virDomainGetInfo (dom, &info), ==, 0);
    g_test_message ("balloon: max %lu KiB, now %lu KiB", info.maxMem, info.memory);
    virDomainFree (dom);
}

static void
test_cdrom_eject_insert (void)
{
    g_autofree char *note = NULL;
    g_autofree char *live = NULL;

    if (!set_up_once ())
        return;
    g_assert_cmpint (edit_and_apply (set_cdrom, NULL, &note), ==,
                     DOMUS_DETAILS_APPLIED_NOW_AND_SAVED);
    live = live_xml ();
    g_assert_null (strstr (live, the.iso));
    g_clear_pointer (&live, g_free);
    g_clear_pointer (&note, g_free);

    g_assert_cmpint (edit_and_apply (set_cdrom, the.iso, &note), ==,
                     DOMUS_DETAILS_APPLIED_NOW_AND_SAVED);
    live = live_xml ();
    g_assert_nonnull (strstr (live, the.iso));
}

static void
test_link_down_up (void)
{
    g_autofree char *note = NULL;
    g_autofree char *live = NULL;

    if (!set_up_once ())
        return;
    g_assert_cmpint (edit_and_apply (set_link, "down", &note), ==,
                     DOMUS_DETAILS_APPLIED_NOW_AND_SAVED);
    live = live_xml ();
    g_assert_nonnull (strstr (live, "<link state='down'/>"));
    g_clear_pointer (&live, g_free);
    g_clear_pointer (&note, g_free);

    g_assert_cmpint (edit_and_apply (set_link, "up", &note), ==,
                     DOMUS_DETAILS_APPLIED_NOW_AND_SAVED);
    live = live_xml ();
    g_assert_nonnull (strstr (live, "<link state='up'/>"));
}

static void
test_disk_hotplug (void)
{
    g_autofree char *path = NULL;
    g_autofree char *note = NULL;
    g_autofree char *live = NULL;
    g_autoptr(GError) error = NULL;
    const char *argv[] = { "qemu-img", "create", "-q", "-f", "qcow2", NULL, "16M", NULL };
    int status = -1;

    if (!set_up_once ())
        return;
    path = g_build_filename (the.dir, "hotplug.qcow2", NULL);
    argv[5] = path;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_cmpint (g_chmod (path, 0666), ==, 0);

    g_assert_cmpint (edit_and_apply (add_disk, path, &note), ==,
                     DOMUS_DETAILS_APPLIED_NOW_AND_SAVED);
    live = live_xml ();
    g_assert_nonnull (strstr (live, path));
    g_assert_nonnull (strstr (live, "<target dev='vdb' bus='virtio'/>"));
}

static void
test_after_shutdown (void)
{
    g_autoptr(DomusDetailsSnapshot) after = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *note = NULL;
    g_autofree char *live = NULL;

    if (!set_up_once ())
        return;
    g_assert_cmpint (edit_and_apply (set_boot_menu, NULL, &note), ==,
                     DOMUS_DETAILS_AFTER_SHUTDOWN);
    live = live_xml ();
    g_assert_null (strstr (live, "<bootmenu"));
    after = load ();
    g_assert_nonnull (strstr (after->xml, "<bootmenu enable='yes'/>"));
    /* Other tools' metadata went back to libvirt with it. */
    g_assert_nonnull (strstr (after->xml, "https://acme.example/ns"));

    action (DOMUS_DOMAIN_ACTION_FORCE_OFF);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (domain ()) == DOMUS_DOMAIN_STATE_SHUTOFF,
                           TIMEOUT_S, "the guest off");
    action (DOMUS_DOMAIN_ACTION_START);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (domain ()) == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "the guest running");
    g_clear_pointer (&live, g_free);
    live = live_xml ();
    g_assert_nonnull (strstr (live, "<bootmenu enable='yes'/>"));
    /* What was live and saved before is still there. */
    g_assert_nonnull (strstr (live, "hotplug.qcow2"));
}

/* A second bootable image as a volume of a pool, chosen as the Browse…
 * dialog does (the pool's volumes read through the storage core), checked
 * as the source field does, and hot-plugged as a virtio disk. */
static void
add_chosen_disk (DomusDomainDetails *d, gpointer data)
{
    g_autofree char *xml = g_markup_printf_escaped (
        "<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
        "<source file='%s'/><target dev='vdc' bus='virtio'/><readonly/></disk>",
        (const char *) data);

    g_assert_true (domus_domain_details_add_device (d, xml, NULL, NULL, NULL));
}

static void
test_chosen_volume_hotplug (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GPtrArray) volumes = NULL;
    g_autofree char *pool_dir = NULL;
    g_autofree char *pool_xml = NULL;
    g_autofree char *iso = NULL;
    g_autofree char *message = NULL;
    g_autofree char *note = NULL;
    g_autofree char *live = NULL;
    virStoragePoolPtr pool;

    if (!set_up_once ())
        return;
    pool_dir = g_build_filename (the.dir, "details-pool", NULL);
    g_assert_cmpint (g_mkdir_with_parents (pool_dir, 0755), ==, 0);
    iso = domus_test_make_ticking_grub_iso (pool_dir, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_chmod (iso, 0644), ==, 0);
    the.pool = g_strdup_printf ("domus-details-%d", (int) getpid ());
    pool_xml = g_markup_printf_escaped ("<pool type='dir'><name>%s</name>"
                                        "<target><path>%s</path></target></pool>",
                                        the.pool, pool_dir);
    pool = virStoragePoolCreateXML (the.virt, pool_xml, 0);
    g_assert_nonnull (pool);
    virStoragePoolFree (pool);

    /* The chooser's pool list, then its volumes. */
    domus_storage_list_volumes_async (the.conn, the.pool, NULL, domus_test_keep_result_cb, &res);
    AWAIT (res);
    volumes = domus_storage_list_volumes_finish (the.conn, res, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < volumes->len; i++) {
        DomusVolumeInfo *vol = g_ptr_array_index (volumes, i);

        if (g_str_equal (vol->name, "ticking.iso"))
            the.chosen = g_strdup (vol->path);
    }
    g_assert_cmpstr (the.chosen, ==, iso);

    /* The source field's check finds it; a name beside it is missing. */
    g_clear_object (&res);
    domus_storage_check_path_async (the.conn, the.chosen, "this host", NULL,
                                    domus_test_keep_result_cb, &res);
    AWAIT (res);
    g_assert_cmpint (domus_storage_check_path_finish (the.conn, res, &message, &error), ==,
                     DOMUS_PATH_FOUND);
    g_assert_no_error (error);
    g_clear_object (&res);
    {
        g_autofree char *missing = g_build_filename (pool_dir, "missing.iso", NULL);
        g_autofree char *expected = g_strdup_printf ("No volume or file at %s on host this host",
                                                     missing);

        domus_storage_check_path_async (the.conn, missing, "this host", NULL,
                                        domus_test_keep_result_cb, &res);
        AWAIT (res);
        g_assert_cmpint (domus_storage_check_path_finish (the.conn, res, &message, &error), ==,
                         DOMUS_PATH_MISSING);
        g_assert_cmpstr (message, ==, expected);
    }

    g_assert_cmpint (edit_and_apply (add_chosen_disk, the.chosen, &note), ==,
                     DOMUS_DETAILS_APPLIED_NOW_AND_SAVED);
    live = live_xml ();
    g_assert_nonnull (strstr (live, the.chosen));
    g_assert_nonnull (strstr (live, "<target dev='vdc' bus='virtio'/>"));
}

static guint
disk_index (DomusDomainDetails *d, const char *target)
{
    for (guint i = 0; i < domus_domain_details_count_devices (d, DOMUS_DEVICE_DISK); i++) {
        g_autofree char *dev = domus_domain_details_get_device_value (d, DOMUS_DEVICE_DISK, i,
                                                                      "target/@dev");

        if (g_strcmp0 (dev, target) == 0)
            return i;
    }
    g_assert_not_reached ();
}

/* The Boot page's list as it writes it: the chosen disk first, the CD-ROM
 * second, nothing else. */
static void
set_boot_disk_first (DomusDomainDetails *d, gpointer data)
{
    DomusBootDevice order[] = {
        { DOMUS_DEVICE_DISK, disk_index (d, "vdc"), 1 },
        { DOMUS_DEVICE_DISK, disk_index (d, "hdc"), 1 },
    };

    domus_domain_details_set_boot_devices (d, order, G_N_ELEMENTS (order));
}

/* A new boot order waits for a shutdown, is per device in the saved XML
 * with the legacy <boot dev='cdrom'/> gone, and the guest then boots from
 * the first device: the ticking image on vdc, not GRUB's CD-ROM (which
 * never ticks). */
static void
test_boot_order (void)
{
    g_autoptr(DomusDetailsSnapshot) after = NULL;
    g_autoptr(DomusDomainDetails) saved = NULL;
    g_autoptr(GArray) devices = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *note = NULL;
    g_autofree char *order = NULL;
    g_autofree char *expected = NULL;

    if (!set_up_once ())
        return;
    if (the.chosen == NULL) {
        g_test_skip ("the chosen volume's test did not run");
        return;
    }
    g_assert_cmpint (edit_and_apply (set_boot_disk_first, NULL, &note), ==,
                     DOMUS_DETAILS_AFTER_SHUTDOWN);
    after = load ();
    g_assert_null (strstr (after->xml, "<boot dev="));
    saved = domus_domain_details_new (after->xml, &error);
    g_assert_no_error (error);
    devices = domus_domain_details_get_boot_devices (saved);
    order = domus_boot_devices_to_string ((DomusBootDevice *) (gpointer) devices->data,
                                          devices->len);
    expected = g_strdup_printf ("disk:%u,disk:%u", disk_index (saved, "vdc"),
                                disk_index (saved, "hdc"));
    g_assert_cmpstr (order, ==, expected);

    action (DOMUS_DOMAIN_ACTION_FORCE_OFF);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (domain ()) == DOMUS_DOMAIN_STATE_SHUTOFF,
                           TIMEOUT_S, "the guest off");
    g_assert_true (domus_test_daemon_boot_and_await_serial (the.daemon, the.name,
                                                            DOMUS_TEST_TICK, &error));
    g_assert_no_error (error);
}

/* ---- every device kind, added and removed ---------------------------------------- */

typedef struct {
    DomusDetailsOutcome outcome;
    char *note;             /* libvirt's words on a live refusal */
    char *error;            /* libvirt's words on a refused definition */
} Applied;

static void
applied_clear (Applied *a)
{
    g_clear_pointer (&a->note, g_free);
    g_clear_pointer (&a->error, g_free);
}

/* Applies NEW_XML over BEFORE as the page does, refusals kept. */
static void
apply_xml (DomusDetailsSnapshot *before, const char *new_xml, Applied *out)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;

    domus_domain_details_apply_async (the.conn, domain (), before->xml, new_xml, NULL,
                                      domus_test_keep_result_cb, &res);
    AWAIT (res);
    out->outcome = domus_domain_details_apply_finish (the.conn, res, &out->note, &error);
    if (error != NULL)
        out->error = g_strdup (error->message);
}

static char *
start_guest (void)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;

    domus_domain_action_async (the.conn, domain (), DOMUS_DOMAIN_ACTION_START, NULL,
                               domus_test_keep_result_cb, &res);
    AWAIT (res);
    if (!domus_domain_action_finish (the.conn, res, &error))
        return g_strdup (error->message);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (domain ()) == DOMUS_DOMAIN_STATE_RUNNING,
                           TIMEOUT_S, "the guest running");
    return NULL;
}

static void
force_off (void)
{
    action (DOMUS_DOMAIN_ACTION_FORCE_OFF);
    DOMUS_TEST_WAIT_UNTIL (domus_domain_get_state (domain ()) == DOMUS_DOMAIN_STATE_SHUTOFF,
                           TIMEOUT_S, "the guest off");
}

/* Add Hardware's XML for KIND with its recommended choice, and what a
 * person fills in: a disk's image, a shared directory, a NIC on the user
 * network (the private daemon has no "default" network). */
static char *
device_xml (DomusDeviceKind kind, DomusDomainDetails *details, DomusDetailsSnapshot *snapshot)
{
    g_autoptr(DomusDeviceChoices) choices = domus_device_choices_new (kind, details,
                                                                      snapshot->hardware);
    const char *value = choices->choices->len > 0
                        ? ((DomusDeviceChoice *) g_ptr_array_index (choices->choices, 0))->value
                        : NULL;
    g_autofree char *xml = domus_device_choice_xml (kind, details, snapshot->hardware, value);
    g_autofree char *fill = NULL;
    g_autofree char *source = NULL;
    g_autoptr(GString) text = g_string_new (xml);

    if (kind == DOMUS_DEVICE_DISK) {
        fill = g_build_filename (the.dir, "each-kind.qcow2", NULL);
        if (!g_file_test (fill, G_FILE_TEST_EXISTS)) {
            const char *argv[] = { "qemu-img", "create", "-q", "-f", "qcow2", fill, "8M", NULL };
            int status = -1;

            g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL,
                                         NULL, NULL, NULL, &status, NULL));
            g_assert_true (g_spawn_check_wait_status (status, NULL));
            g_assert_cmpint (g_chmod (fill, 0666), ==, 0);
        }
        source = g_markup_printf_escaped ("<source file='%s'/>", fill);
        g_string_replace (text, "<source file=''/>", source, 1);
    } else if (kind == DOMUS_DEVICE_FILESYSTEM) {
        fill = g_build_filename (the.dir, "shared", NULL);
        g_assert_cmpint (g_mkdir_with_parents (fill, 0755), ==, 0);
        source = g_markup_printf_escaped ("<source dir='%s'/>", fill);
        g_string_replace (text, "<source dir=''/>", source, 1);
    } else if (kind == DOMUS_DEVICE_INTERFACE) {
        g_string_replace (text, "type='network'", "type='user'", 1);
        g_string_replace (text, "<source network='default'/>\n  ", "", 1);
    }
    return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The device of KIND in AFTER that BEFORE lacks (libvirt adds addresses
 * and aliases, not to the others). */
static guint
added_index (DomusDomainDetails *before, DomusDomainDetails *after, DomusDeviceKind kind)
{
    guint n_before = domus_domain_details_count_devices (before, kind);
    guint n_after = domus_domain_details_count_devices (after, kind);

    for (guint i = n_after; i-- > 0;) {
        g_autofree char *xml = domus_domain_details_get_device_xml (after, kind, i);
        gboolean old = FALSE;

        for (guint j = 0; j < n_before && !old; j++) {
            g_autofree char *other = domus_domain_details_get_device_xml (before, kind, j);

            old = g_str_equal (xml, other);
        }
        if (!old)
            return i;
    }
    g_assert_cmpuint (n_after, >, 0);
    return n_after - 1;
}

static const char *
outcome_word (const Applied *a)
{
    if (a->error != NULL)
        return "refused";
    switch (a->outcome) {
    case DOMUS_DETAILS_UNCHANGED: return "unchanged";
    case DOMUS_DETAILS_SAVED: return "saved";
    case DOMUS_DETAILS_APPLIED_NOW: return "applied now";
    case DOMUS_DETAILS_APPLIED_NOW_AND_SAVED: return "applied now and saved";
    case DOMUS_DETAILS_AFTER_SHUTDOWN: return "after shutdown";
    }
    return "?";
}

static void
record (GString *log, const char *kind, const char *what, const Applied *a)
{
    g_string_append_printf (log, "%s: %s: %s%s%s%s%s\n", kind, what, outcome_word (a),
                            a->note != NULL ? " — " : "", a->note != NULL ? a->note : "",
                            a->error != NULL ? " — " : "", a->error != NULL ? a->error : "");
}

/* Adds KIND's device as Add Hardware makes it, then removes it; the
 * outcomes go to LOG. TRUE when libvirt took the device (live or saved). */
static gboolean
add_and_remove (DomusDeviceKind kind, GString *log, gboolean *live, gboolean *removed_live)
{
    const char *name = domus_device_kind_element (kind) != NULL
                       ? domus_device_kind_element (kind) : "panic";
    g_autoptr(DomusDetailsSnapshot) before = load ();
    g_autoptr(DomusDetailsSnapshot) after = NULL;
    g_autoptr(DomusDetailsSnapshot) gone = NULL;
    g_autoptr(DomusDomainDetails) details = domus_domain_details_new (before->xml, NULL);
    g_autoptr(DomusDomainDetails) was = domus_domain_details_new (before->xml, NULL);
    g_autoptr(DomusDomainDetails) added = NULL;
    g_autoptr(DomusDomainDetails) removed = NULL;
    g_autofree char *xml = device_xml (kind, details, before);
    g_autofree char *new_xml = NULL;
    g_autofree char *live_now = NULL;
    g_autofree char *element = g_strdup_printf ("<%s", name);
    Applied add = { 0 }, remove = { 0 };
    guint index;

    g_assert_true (domus_domain_details_add_device (details, xml, NULL, NULL, NULL));
    new_xml = domus_domain_details_to_xml (details);
    apply_xml (before, new_xml, &add);
    record (log, name, before->active ? "add (running)" : "add (shut off)", &add);
    *live = add.error == NULL && add.outcome == DOMUS_DETAILS_APPLIED_NOW_AND_SAVED;
    if (add.error != NULL) {
        applied_clear (&add);
        return FALSE;
    }
    g_assert_true (add.outcome == DOMUS_DETAILS_APPLIED_NOW_AND_SAVED ||
                   add.outcome == DOMUS_DETAILS_AFTER_SHUTDOWN ||
                   add.outcome == DOMUS_DETAILS_SAVED);
    /* "after shutdown" says libvirt's reason. */
    g_assert_true (add.outcome != DOMUS_DETAILS_AFTER_SHUTDOWN || add.note != NULL);
    after = load ();
    added = domus_domain_details_new (after->xml, NULL);
    g_assert_cmpuint (domus_domain_details_count_devices (added, kind), ==,
                      domus_domain_details_count_devices (was, kind) + 1);
    if (*live) {
        live_now = live_xml ();
        g_assert_nonnull (strstr (live_now, element));
    }

    /* Remove, as the page's Remove does. */
    index = added_index (was, added, kind);
    domus_domain_details_remove_device (added, kind, index);
    g_clear_pointer (&new_xml, g_free);
    new_xml = domus_domain_details_to_xml (added);
    apply_xml (after, new_xml, &remove);
    record (log, name, after->active ? "remove (running)" : "remove (shut off)", &remove);
    g_assert_null (remove.error);
    *removed_live = remove.outcome == DOMUS_DETAILS_APPLIED_NOW_AND_SAVED;
    gone = load ();
    removed = domus_domain_details_new (gone->xml, NULL);
    g_assert_cmpuint (domus_domain_details_count_devices (removed, kind), ==,
                      domus_domain_details_count_devices (was, kind));
    applied_clear (&add);
    applied_clear (&remove);
    return TRUE;
}

/* virtiofs, not the first choice without shared memory: Add turns the
 * memory sharing on with it. The guest is off. */
static void
virtiofs_share (GString *log)
{
    g_autoptr(DomusDetailsSnapshot) before = load ();
    g_autoptr(DomusDetailsSnapshot) after = NULL;
    g_autoptr(DomusDomainDetails) details = domus_domain_details_new (before->xml, NULL);
    g_autoptr(DomusDomainDetails) saved = NULL;
    g_autofree char *xml = domus_device_choice_xml (DOMUS_DEVICE_FILESYSTEM, details,
                                                    before->hardware, "virtiofs");
    g_autofree char *dir = g_build_filename (the.dir, "shared", NULL);
    g_autofree char *source = g_markup_printf_escaped ("<source dir='%s'/>", dir);
    g_autoptr(GString) text = g_string_new (xml);
    g_autofree char *new_xml = NULL;
    g_autofree char *refused = NULL;
    Applied add = { 0 }, remove = { 0 };

    g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
    g_string_replace (text, "<source dir=''/>", source, 1);
    g_assert_true (domus_device_needs_shared_memory (details, text->str));
    domus_domain_details_set_shared_memory (details, TRUE);
    g_assert_true (domus_domain_details_add_device (details, text->str, NULL, NULL, NULL));
    new_xml = domus_domain_details_to_xml (details);
    apply_xml (before, new_xml, &add);
    record (log, "filesystem (virtiofs, shared memory on)", "add (shut off)", &add);
    g_assert_null (add.error);
    refused = start_guest ();
    g_string_append_printf (log, "filesystem (virtiofs): start with it: %s\n",
                            refused != NULL ? refused : "started");
    if (refused == NULL)
        force_off ();
    after = load ();
    saved = domus_domain_details_new (after->xml, NULL);
    g_assert_cmpuint (domus_domain_details_count_devices (saved, DOMUS_DEVICE_FILESYSTEM), ==, 1);
    domus_domain_details_remove_device (saved, DOMUS_DEVICE_FILESYSTEM, 0);
    domus_domain_details_set_shared_memory (saved, FALSE);
    g_clear_pointer (&new_xml, g_free);
    new_xml = domus_domain_details_to_xml (saved);
    apply_xml (after, new_xml, &remove);
    record (log, "filesystem (virtiofs)", "remove (shut off)", &remove);
    g_assert_null (remove.error);
    applied_clear (&add);
    applied_clear (&remove);
}

static void
test_each_kind (void)
{
    g_autoptr(GString) log = g_string_new (NULL);
    g_autoptr(DomusDetailsSnapshot) snapshot = NULL;
    /* What QEMU 7.2 and libvirt 9.0 plug in and out of a running i440fx
     * guest (with an USB controller, no virtio-serial one). */
    static const DomusDeviceKind hotplugged[] = {
        DOMUS_DEVICE_DISK, DOMUS_DEVICE_INTERFACE, DOMUS_DEVICE_INPUT, DOMUS_DEVICE_RNG,
        DOMUS_DEVICE_WATCHDOG, DOMUS_DEVICE_CONTROLLER,
    };
    gboolean live[DOMUS_N_DEVICE_KINDS] = { FALSE };
    gboolean unplugged[DOMUS_N_DEVICE_KINDS] = { FALSE };
    gboolean offered[DOMUS_N_DEVICE_KINDS] = { FALSE };

    if (!set_up_once ())
        return;
    snapshot = load ();
    g_assert_true (snapshot->active);
    g_assert_nonnull (snapshot->hardware->caps);

    /* Running: live where QEMU and libvirt can, else saved for later. */
    for (guint k = 0; k < DOMUS_N_DEVICE_KINDS; k++) {
        offered[k] = domus_device_kind_offered (k, snapshot->hardware);
        if (!offered[k]) {
            g_string_append_printf (log, "%s: not offered by the host\n",
                                    domus_device_kind_element (k));
            continue;
        }
        add_and_remove (k, log, &live[k], &unplugged[k]);
    }
    for (guint i = 0; i < G_N_ELEMENTS (hotplugged); i++) {
        if (!live[hotplugged[i]] || !unplugged[hotplugged[i]])
            g_test_message ("%s", log->str);
        g_assert_true (live[hotplugged[i]]);
        g_assert_true (unplugged[hotplugged[i]]);
    }

    /* Shut off: each kind not attached live is saved, then started with. */
    force_off ();
    for (guint k = 0; k < DOMUS_N_DEVICE_KINDS; k++) {
        const char *name = domus_device_kind_element (k) != NULL ? domus_device_kind_element (k)
                                                                 : "panic";
        g_autoptr(DomusDetailsSnapshot) before = NULL;
        g_autoptr(DomusDomainDetails) details = NULL;
        g_autofree char *xml = NULL;
        g_autofree char *new_xml = NULL;
        g_autofree char *refused = NULL;
        g_autoptr(DomusDetailsSnapshot) after = NULL;
        g_autoptr(DomusDomainDetails) saved = NULL;
        Applied add = { 0 }, remove = { 0 };

        if (!offered[k] || live[k])
            continue;
        before = load ();
        details = domus_domain_details_new (before->xml, NULL);
        xml = device_xml (k, details, before);
        g_assert_true (domus_domain_details_add_device (details, xml, NULL, NULL, NULL));
        new_xml = domus_domain_details_to_xml (details);
        apply_xml (before, new_xml, &add);
        record (log, name, "add (shut off)", &add);
        if (add.error != NULL) {
            applied_clear (&add);
            continue;
        }
        g_assert_cmpint (add.outcome, ==, DOMUS_DETAILS_SAVED);
        refused = start_guest ();
        g_string_append_printf (log, "%s: start with it: %s\n", name,
                                refused != NULL ? refused : "started");
        if (refused == NULL)
            force_off ();
        /* And out again while off. */
        after = load ();
        saved = domus_domain_details_new (after->xml, NULL);
        {
            g_autoptr(DomusDomainDetails) was = domus_domain_details_new (before->xml, NULL);
            g_autofree char *out_xml = NULL;

            domus_domain_details_remove_device (saved, k, added_index (was, saved, k));
            out_xml = domus_domain_details_to_xml (saved);
            apply_xml (after, out_xml, &remove);
        }
        record (log, name, "remove (shut off)", &remove);
        g_assert_null (remove.error);
        g_assert_cmpint (remove.outcome, ==, DOMUS_DETAILS_SAVED);
        applied_clear (&add);
        applied_clear (&remove);
    }
    virtiofs_share (log);
    g_test_message ("each device kind:\n%s", log->str);
    g_assert_null (start_guest ());
}

/* ---- a named CPU model -------------------------------------------------------- */

static void
set_cpu_model (DomusDomainDetails *d, gpointer data)
{
    domus_domain_details_set_cpu_mode (d, DOMUS_CPU_MODE_CUSTOM, data);
}

static void
test_cpu_model (void)
{
    static const char *const wanted[] = { "Westmere", "Nehalem", "Penryn", "core2duo",
                                          "kvm64", "qemu64" };
    g_autoptr(DomusDetailsSnapshot) snapshot = NULL;
    g_autoptr(DomusDetailsSnapshot) after = NULL;
    g_autoptr(DomusDomainDetails) saved = NULL;
    g_autofree char *note = NULL;
    g_autofree char *live = NULL;
    g_autofree char *model = NULL;
    g_autofree char *expected = NULL;
    const char *chosen = NULL;
    GPtrArray *models;

    if (!set_up_once ())
        return;
    snapshot = load ();
    g_assert_nonnull (snapshot->hardware->caps);
    /* TCG: no host-passthrough; host-model and named models. */
    g_assert_false (domus_domain_caps_cpu_mode (snapshot->hardware->caps, "host-passthrough"));
    g_assert_true (domus_domain_caps_cpu_mode (snapshot->hardware->caps, "custom"));
    models = domus_domain_caps_get_cpu_models (snapshot->hardware->caps);
    g_assert_cmpuint (models->len, >, 0);
    g_assert_true (((DomusCpuModel *) g_ptr_array_index (models, 0))->usable);
    for (guint w = 0; w < G_N_ELEMENTS (wanted) && chosen == NULL; w++) {
        for (guint i = 0; i < models->len; i++) {
            const DomusCpuModel *m = g_ptr_array_index (models, i);

            if (m->usable && g_str_equal (m->name, wanted[w]))
                chosen = m->name;
        }
    }
    g_assert_nonnull (chosen);
    g_test_message ("%u CPU models, chose %s", models->len, chosen);

    /* Saved in place while running; QEMU gets it at the next start. */
    g_assert_cmpint (edit_and_apply (set_cpu_model, (gpointer) chosen, &note), ==,
                     DOMUS_DETAILS_AFTER_SHUTDOWN);
    after = load ();
    saved = domus_domain_details_new (after->xml, NULL);
    g_assert_cmpint (domus_domain_details_get_cpu_mode (saved, &model), ==,
                     DOMUS_CPU_MODE_CUSTOM);
    g_assert_cmpstr (model, ==, chosen);
    force_off ();
    g_assert_null (start_guest ());
    live = live_xml ();
    expected = g_strdup_printf (">%s</model>", chosen);
    g_assert_nonnull (strstr (live, expected));
}

int
main (int argc, char **argv)
{
    int ret;

    g_test_init (&argc, &argv, NULL);
    signal (SIGPIPE, SIG_IGN);
    domus_libvirt_init ();

    /* In this order: one guest goes through them all. */
    g_test_add_func ("/real/details/balloon", test_balloon);
    g_test_add_func ("/real/details/cdrom-eject-insert", test_cdrom_eject_insert);
    g_test_add_func ("/real/details/link-down-up", test_link_down_up);
    g_test_add_func ("/real/details/disk-hotplug", test_disk_hotplug);
    g_test_add_func ("/real/details/after-shutdown", test_after_shutdown);
    g_test_add_func ("/real/details/chosen-volume-hotplug", test_chosen_volume_hotplug);
    g_test_add_func ("/real/details/boot-order", test_boot_order);
    g_test_add_func ("/real/details/each-kind", test_each_kind);
    g_test_add_func ("/real/details/cpu-model", test_cpu_model);
    ret = g_test_run ();

    g_clear_object (&the.conn);
    if (the.pool != NULL && the.virt != NULL) {
        virStoragePoolPtr pool = virStoragePoolLookupByName (the.virt, the.pool);

        if (pool != NULL) {
            virStoragePoolDestroy (pool);
            virStoragePoolFree (pool);
        }
    }
    g_clear_pointer (&the.virt, virConnectClose);
    domus_test_daemon_stop_shared ();
    g_free (the.dir);
    g_free (the.iso);
    g_free (the.name);
    g_free (the.pool);
    g_free (the.chosen);
    return ret;
}
