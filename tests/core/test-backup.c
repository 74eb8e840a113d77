/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pure side of backups: folder names both ways, which disks are backed
 * up and why not, the backup and checkpoint XML against golden files in
 * tests/data/backup/ (DOMUS_UPDATE_GOLDEN=1 rewrites them, see the README
 * there), the catalogue read from a folder's names and the retention's
 * choice.
 */
#include "config.h"

#include <glib.h>
#include <locale.h>
#include <string.h>

#include "domus-backup-host.h"
#include "domus-backup-schedule.h"
#include "domus-domain-backup-private.h"

static const char *guest_xml =
    "<domain type='qemu'><name>web01</name>"
    "<os><type>hvm</type><nvram>/var/lib/libvirt/qemu/nvram/web01_VARS.fd</nvram></os>"
    "<devices>"
    "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
    "<source file='/pool/web01.qcow2'/><target dev='vda' bus='virtio'/></disk>"
    "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
    "<source file='/pool/scratch.qcow2'/><target dev='vdb' bus='virtio'/></disk>"
    "<disk type='block' device='disk'><driver name='qemu' type='raw'/>"
    "<source dev='/dev/vg/data'/><target dev='vdc' bus='virtio'/></disk>"
    "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
    "<source file='/iso/debian.iso'/><target dev='sda' bus='sata'/><readonly/></disk>"
    "<disk type='file' device='cdrom'><target dev='sdb' bus='sata'/><readonly/></disk>"
    "</devices></domain>";

static void
check_golden (const char *text, const char *golden)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "backup", golden,
                                                   NULL);
    g_autofree char *expected = NULL;

    g_assert_nonnull (text);
    if (g_getenv ("DOMUS_UPDATE_GOLDEN") != NULL) {
        g_file_set_contents (path, text, -1, &error);
        g_assert_no_error (error);
    }
    g_file_get_contents (path, &expected, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (text, ==, expected);
}

static void
test_folder_names (void)
{
    g_autoptr(GDateTime) date = g_date_time_new_local (2026, 12, 6, 9, 5, 7);
    g_autofree char *full = domus_backup_folder_name (date, 1, FALSE);
    g_autofree char *incr = domus_backup_folder_name (date, 1, TRUE);
    g_autofree char *second = domus_backup_folder_name (date, 2, FALSE);
    g_autofree char *twelfth = domus_backup_folder_name (date, 12, TRUE);
    g_autofree char *checkpoint = NULL;
    g_autofree char *checkpoint_2 = NULL;
    g_autofree char *stamp_12 = NULL;
    g_autoptr(GDateTime) parsed = NULL;
    gboolean incremental = TRUE;
    guint sequence = 0;
    const char *bad[] = { "", "2026-12-06", "2026-12-06T09:05:07-full", "2026-12-06 09:05:07",
                          "2026-13-06T09:05:07", "2026-12-06T09:05:07-incrx",
                          "domain.xml", "2026-1a-06T09:05:07", "2026-12-06T09:05:07-1",
                          "2026-12-06T09:05:07-0", "2026-12-06T09:05:07-02",
                          "2026-12-06T09:05:07-1000", "2026-12-06T09:05:07-2x",
                          "2026-12-06T09:05:07-incr-2", "2026-12-06T09:05:07-2-",
                          "2026-12-06T09:05:07--2" };

    g_assert_cmpstr (full, ==, "2026-12-06T09:05:07");
    g_assert_cmpstr (incr, ==, "2026-12-06T09:05:07-incr");
    g_assert_cmpstr (second, ==, "2026-12-06T09:05:07-2");
    g_assert_cmpstr (twelfth, ==, "2026-12-06T09:05:07-12-incr");

    g_assert_true (domus_backup_parse_folder_name (full, &parsed, &sequence, &incremental));
    g_assert_false (incremental);
    g_assert_cmpuint (sequence, ==, 1);
    g_assert_true (g_date_time_equal (parsed, date));
    g_clear_pointer (&parsed, g_date_time_unref);
    g_assert_true (domus_backup_parse_folder_name (incr, &parsed, &sequence, &incremental));
    g_assert_true (incremental);
    g_assert_cmpuint (sequence, ==, 1);
    g_assert_true (g_date_time_equal (parsed, date));
    g_clear_pointer (&parsed, g_date_time_unref);
    /* A second backup in the same second: the same date, its number. */
    g_assert_true (domus_backup_parse_folder_name (second, &parsed, &sequence, &incremental));
    g_assert_false (incremental);
    g_assert_cmpuint (sequence, ==, 2);
    g_assert_true (g_date_time_equal (parsed, date));
    g_clear_pointer (&parsed, g_date_time_unref);
    g_assert_true (domus_backup_parse_folder_name (twelfth, &parsed, &sequence, &incremental));
    g_assert_true (incremental);
    g_assert_cmpuint (sequence, ==, 12);
    g_assert_true (g_date_time_equal (parsed, date));
    g_assert_true (domus_backup_parse_folder_name ("2026-12-06T09:05:07-999", NULL, &sequence,
                                                   NULL));
    g_assert_cmpuint (sequence, ==, 999);
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
        g_assert_false (domus_backup_parse_folder_name (bad[i], NULL, NULL, NULL));

    checkpoint = domus_backup_checkpoint_name (incr);
    g_assert_cmpstr (checkpoint, ==, "domus-20261206-090507");
    checkpoint_2 = domus_backup_checkpoint_name (second);
    g_assert_cmpstr (checkpoint_2, ==, "domus-20261206-090507-2");
    stamp_12 = domus_backup_folder_stamp (twelfth);
    g_assert_cmpstr (stamp_12, ==, "20261206-090507-12");
    g_assert_null (domus_backup_checkpoint_name ("domain.xml"));
}

static GPtrArray *
guest_disks (const char * const *exclude)
{
    g_autoptr(GError) error = NULL;
    GPtrArray *disks = domus_backup_disks_from_xml (guest_xml, exclude, &error);

    g_assert_no_error (error);
    g_assert_nonnull (disks);
    return disks;
}

static void
test_disks (void)
{
    const char *exclude[] = { "vdb", NULL };
    g_autoptr(GPtrArray) disks = guest_disks (exclude);
    const struct { const char *target; gboolean backup; const char *why; } want[] = {
        { "vda", TRUE, NULL },
        { "vdb", FALSE, "Left out of the backup" },
        { "vdc", TRUE, NULL },
        { "sda", FALSE, "CD-ROM and floppy drives are not backed up" },
        { "sdb", FALSE, "CD-ROM and floppy drives are not backed up" },
    };
    g_autoptr(GError) error = NULL;
    g_autofree char *nvram = domus_backup_nvram_from_xml (guest_xml);

    g_assert_cmpuint (disks->len, ==, G_N_ELEMENTS (want));
    for (guint i = 0; i < disks->len; i++) {
        DomusBackupDisk *disk = disks->pdata[i];

        g_assert_cmpstr (disk->target, ==, want[i].target);
        g_assert_cmpint (disk->backup, ==, want[i].backup);
        g_assert_cmpstr (disk->why_not, ==, want[i].why);
    }
    g_assert_cmpstr (((DomusBackupDisk *) disks->pdata[2])->source, ==, "/dev/vg/data");
    g_assert_cmpstr (((DomusBackupDisk *) disks->pdata[2])->format, ==, "raw");
    g_assert_cmpstr (nvram, ==, "/var/lib/libvirt/qemu/nvram/web01_VARS.fd");

    g_assert_null (domus_backup_disks_from_xml ("<domain", NULL, &error));
    g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE);
}

static void
test_incremental_why_not (void)
{
    const char *without_raw[] = { "vdc", NULL };
    g_autoptr(GPtrArray) all = guest_disks (NULL);
    g_autoptr(GPtrArray) qcow2 = guest_disks (without_raw);
    g_autofree char *why = domus_backup_incremental_why_not (all);

    g_assert_nonnull (why);
    g_assert_nonnull (strstr (why, "vdc"));
    g_assert_null (domus_backup_incremental_why_not (qcow2));
}

static void
test_backup_xml (void)
{
    const char *exclude[] = { "vdb", NULL };
    g_autoptr(GPtrArray) disks = guest_disks (exclude);
    g_autofree char *full = domus_backup_xml (disks, "/backups/web01/2026-12-06T09:05:07",
                                              DOMUS_BACKUP_FORMAT_QCOW2, NULL);
    g_autofree char *raw = domus_backup_xml (disks, "/backups/web01/2026-12-06T09:05:07",
                                             DOMUS_BACKUP_FORMAT_RAW, NULL);
    g_autofree char *incr = domus_backup_xml (disks,
                                              "/backups/web01/2026-12-07T09:05:07-incr",
                                              DOMUS_BACKUP_FORMAT_QCOW2,
                                              "domus-20261206-090507");
    g_autofree char *checkpoint = domus_backup_checkpoint_xml ("domus-20261207-090507",
                                                               disks);

    check_golden (full, "backup-full.xml");
    check_golden (raw, "backup-full-raw.xml");
    check_golden (incr, "backup-incremental.xml");
    check_golden (checkpoint, "checkpoint.xml");
}

static void
test_catalogue (void)
{
    const char *names[] = { "2026-12-07T09:00:00-incr", "notes.txt", "2026-12-06T09:00:00",
                            "2026-12-08T09:00:00-10-incr", "2026-12-08T09:00:00-2-incr",
                            "2026-12-08T09:00:00", "2026-12-06T10:00:00-incr",
                            "2026-12-08T09:00:00-3", "2026-12-05T09:00:00-incr", NULL };
    g_autoptr(GPtrArray) entries = domus_backup_catalogue (names, "/backups/web01");
    const struct { const char *folder; gboolean incr; const char *base; } want[] = {
        { "2026-12-05T09:00:00-incr", TRUE, NULL },       /* its full is gone */
        { "2026-12-06T09:00:00", FALSE, NULL },
        { "2026-12-06T10:00:00-incr", TRUE, "2026-12-06T09:00:00" },
        { "2026-12-07T09:00:00-incr", TRUE, "2026-12-06T10:00:00-incr" },
        /* Four in one second, in the order they were made. */
        { "2026-12-08T09:00:00", FALSE, NULL },
        { "2026-12-08T09:00:00-2-incr", TRUE, "2026-12-08T09:00:00" },
        { "2026-12-08T09:00:00-3", FALSE, NULL },
        { "2026-12-08T09:00:00-10-incr", TRUE, "2026-12-08T09:00:00-3" },
    };

    g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (want));
    for (guint i = 0; i < entries->len; i++) {
        DomusBackupEntry *entry = entries->pdata[i];
        g_autofree char *path = g_build_filename ("/backups/web01", want[i].folder, NULL);

        g_assert_cmpstr (entry->folder, ==, want[i].folder);
        g_assert_cmpstr (entry->path, ==, path);
        g_assert_cmpint (entry->incremental, ==, want[i].incr);
        g_assert_cmpstr (entry->base, ==, want[i].base);
        g_assert_cmpint (g_date_time_get_hour (entry->date), ==, 9 + (i == 2));
    }
}

static GPtrArray *
retained (const char * const *names, guint keep)
{
    g_autoptr(GPtrArray) entries = domus_backup_catalogue (names, "/b/g");
    GPtrArray *removed = domus_backup_retention (entries, keep);

    g_ptr_array_add (removed, NULL);
    return removed;
}

static void
test_retention (void)
{
    const char *names[] = { "2026-12-01T09:00:00", "2026-12-02T09:00:00-incr",
                            "2026-12-03T09:00:00", "2026-12-04T09:00:00-incr",
                            "2026-12-05T09:00:00-incr", "2026-12-06T09:00:00",
                            "2026-12-07T09:00:00-incr", NULL };
    const char *drop_first[] = { "2026-12-01T09:00:00", "2026-12-02T09:00:00-incr", NULL };
    const char *drop_two[] = { "2026-12-01T09:00:00", "2026-12-02T09:00:00-incr",
                               "2026-12-03T09:00:00", "2026-12-04T09:00:00-incr",
                               "2026-12-05T09:00:00-incr", NULL };
    const char *none[] = { NULL };
    g_autoptr(GPtrArray) keep2 = retained (names, 2);
    g_autoptr(GPtrArray) keep1 = retained (names, 1);
    g_autoptr(GPtrArray) keep3 = retained (names, 3);
    g_autoptr(GPtrArray) keep9 = retained (names, 9);
    g_autoptr(GPtrArray) keep0 = retained (names, 0);

    g_assert_cmpstrv ((char **) keep2->pdata, drop_first);
    g_assert_cmpstrv ((char **) keep1->pdata, drop_two);
    g_assert_cmpstrv ((char **) keep3->pdata, none);
    g_assert_cmpstrv ((char **) keep9->pdata, none);
    g_assert_cmpstrv ((char **) keep0->pdata, none);
}

static void
test_restore_xml (void)
{
    const char *targets[] = { "vda", "vdc", NULL };
    const char *paths[] = { "/pool/web02-vda.qcow2", "/pool/web02-vdc.img", NULL };
    const char *with_net =
        "<domain type='qemu'><name>web01</name><uuid>6695eb01-f6a4-8304-79aa-97f2502e193f"
        "</uuid><os><type>hvm</type><nvram>/nvram/web01_VARS.fd</nvram></os><devices>"
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        "<source file='/pool/web01.qcow2'/><target dev='vda' bus='virtio'/></disk>"
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        "<source file='/pool/scratch.qcow2'/><target dev='vdb' bus='virtio'/></disk>"
        "<disk type='block' device='disk'><driver name='qemu' type='raw'/>"
        "<source dev='/dev/vg/data'/><target dev='vdc' bus='virtio'/></disk>"
        "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
        "<source file='/iso/debian.iso'/><target dev='sda' bus='sata'/><readonly/></disk>"
        "<interface type='network'><mac address='52:54:00:11:22:33'/>"
        "<source network='default'/></interface>"
        "<graphics type='vnc' port='5901' autoport='no'/>"
        "</devices></domain>";
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = domus_backup_restore_xml (with_net, "web02", targets, paths,
                                                     "/pool/web02_VARS.fd", &error);

    g_assert_no_error (error);
    check_golden (xml, "restore.xml");
}

static DomusBackupSchedule *
schedule_for (const char *guest, const char *uri, gboolean incremental, guint keep)
{
    DomusBackupSchedule *schedule = g_new0 (DomusBackupSchedule, 1);

    schedule->program = g_strdup ("/usr/bin/domus");
    schedule->uri = g_strdup (uri);
    schedule->guest = g_strdup (guest);
    schedule->options = domus_backup_options_new ("/mnt/backup server/vms");
    schedule->options->incremental = incremental;
    schedule->options->keep = keep;
    schedule->hour = 2;
    schedule->minute = 30;
    return schedule;
}

static void
test_schedule (void)
{
    g_autoptr(DomusBackupSchedule) plain = schedule_for ("web01", "qemu:///system", TRUE, 7);
    g_autoptr(DomusBackupSchedule) odd = schedule_for ("50% \"off\" $HOME",
                                                       "qemu+ssh://root@host/system", FALSE, 0);
    g_autoptr(DomusBackupSchedule) other_host = schedule_for ("web01", "qemu+ssh://b/system",
                                                              TRUE, 7);
    g_autofree char *name = domus_backup_schedule_unit_name (plain);
    g_autofree char *odd_name = domus_backup_schedule_unit_name (odd);
    g_autofree char *other_name = domus_backup_schedule_unit_name (other_host);
    g_autofree char *service = domus_backup_schedule_service_text (plain);
    g_autofree char *timer = domus_backup_schedule_timer_text (plain);
    g_autofree char *odd_service = domus_backup_schedule_service_text (odd);
    g_autofree char *cron = domus_backup_schedule_crontab_line (plain);
    g_autofree char *odd_cron = domus_backup_schedule_crontab_line (odd);
    g_autoptr(GError) error = NULL;
    guint hour = 99, minute = 99;
    const char *bad[] = { "", "2:30", "24:00", "12:60", "12:30x", "ab:cd", "12-30" };

    g_assert_true (g_str_has_prefix (name, "domus-backup-web01-"));
    g_assert_cmpuint (strlen (name), ==, strlen ("domus-backup-web01-") + 12);
    g_assert_cmpstr (name, !=, other_name);
    g_assert_true (g_str_has_prefix (odd_name, "domus-backup-50___off___HOME-"));
    check_golden (service, "daily.service");
    check_golden (timer, "daily.timer");
    check_golden (odd_service, "odd-name.service");
    check_golden (cron, "daily.crontab");
    check_golden (odd_cron, "odd-name.crontab");

    g_assert_true (domus_backup_schedule_parse_time ("02:30", &hour, &minute, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (hour, ==, 2);
    g_assert_cmpuint (minute, ==, 30);
    g_assert_true (domus_backup_schedule_parse_time ("23:59", &hour, &minute, NULL));
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
        g_assert_false (domus_backup_schedule_parse_time (bad[i], &hour, &minute, NULL));
}

static void
test_delete_plan (void)
{
    const char *names[] = { "2026-12-01T09:00:00", "2026-12-02T09:00:00-incr",
                            "2026-12-03T09:00:00-incr", "2026-12-04T09:00:00",
                            "2026-12-05T09:00:00-incr", NULL };
    g_autoptr(GPtrArray) entries = domus_backup_catalogue (names, "/b/g");
    const char *full[] = { "/b/g/2026-12-03T09:00:00-incr", "/b/g/2026-12-02T09:00:00-incr",
                           "/b/g/2026-12-01T09:00:00", NULL };
    const char *middle[] = { "/b/g/2026-12-03T09:00:00-incr",
                             "/b/g/2026-12-02T09:00:00-incr", NULL };
    const char *last[] = { "/b/g/2026-12-05T09:00:00-incr", NULL };
    const char *none[] = { NULL };
    g_auto(GStrv) plan_full = domus_backup_delete_plan (entries, "/b/g/2026-12-01T09:00:00");
    g_auto(GStrv) plan_middle = domus_backup_delete_plan (entries,
                                                          "/b/g/2026-12-02T09:00:00-incr");
    g_auto(GStrv) plan_last = domus_backup_delete_plan (entries,
                                                        "/b/g/2026-12-05T09:00:00-incr");
    g_auto(GStrv) plan_none = domus_backup_delete_plan (entries, "/b/g/nothing");

    /* A full takes its incrementals, never the next full's. */
    g_assert_cmpstrv (plan_full, full);
    g_assert_cmpstrv (plan_middle, middle);
    g_assert_cmpstrv (plan_last, last);
    g_assert_cmpstrv (plan_none, none);
}

int
main (int argc, char *argv[])
{
    setlocale (LC_ALL, "");
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/backup/folder-names", test_folder_names);
    g_test_add_func ("/backup/disks", test_disks);
    g_test_add_func ("/backup/incremental-why-not", test_incremental_why_not);
    g_test_add_func ("/backup/xml", test_backup_xml);
    g_test_add_func ("/backup/catalogue", test_catalogue);
    g_test_add_func ("/backup/retention", test_retention);
    g_test_add_func ("/backup/delete-plan", test_delete_plan);
    g_test_add_func ("/backup/restore-xml", test_restore_xml);
    g_test_add_func ("/backup/schedule", test_schedule);
    return g_test_run ();
}
