/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which snapshots a guest can take and revert to, decided from its domain
 * XML and the host's libvirt version as libvirt 9.0 behaves (see the
 * project's facts: qcow2 for internal, no running internal snapshot of a
 * pflash guest, no external revert before 9.7), and the names accepted.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "domus-domain-snapshot.h"

#define V9_0 9000000UL
#define V9_2 9002000UL
#define V9_7 9007000UL

static const char bios_qcow2[] =
    "<domain type='qemu'><name>db</name><os><type>hvm</type></os><devices>"
    "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
    "<source file='/var/lib/libvirt/images/db.qcow2'/><target dev='vda'/></disk>"
    "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
    "<source file='/srv/debian.iso'/><target dev='hdc'/><readonly/></disk>"
    "</devices></domain>";

static const char bios_raw[] =
    "<domain type='qemu'><name>web</name><os><type>hvm</type></os><devices>"
    "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
    "<source file='/images/web.qcow2'/><target dev='vda'/></disk>"
    "<disk type='block' device='disk'><driver name='qemu' type='raw'/>"
    "<source dev='/dev/vg0/web-data'/><target dev='vdb'/></disk>"
    "</devices></domain>";

/* Running: libvirt has filled in the loader. */
static const char uefi_live[] =
    "<domain type='qemu'><name>win</name><os>"
    "<type>hvm</type><loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.fd"
    "</loader><nvram>/var/lib/libvirt/qemu/nvram/win_VARS.fd</nvram></os><devices>"
    "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
    "<source file='/images/win.qcow2'/><target dev='sda'/></disk>"
    "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0' "
    "state='connected'/></channel>"
    "</devices></domain>";

/* Shut off, as defined: only firmware='efi'. */
static const char uefi_inactive[] =
    "<domain type='qemu'><name>win</name><os firmware='efi'><type>hvm</type></os>"
    "<devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
    "<source file='/images/win.qcow2'/><target dev='sda'/></disk></devices></domain>";

static const char network_disk[] =
    "<domain type='qemu'><name>ceph</name><os><type>hvm</type></os><devices>"
    "<disk type='network' device='disk'><driver name='qemu' type='raw'/>"
    "<source protocol='rbd' name='pool/img'/><target dev='vda'/></disk>"
    "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0' "
    "state='disconnected'/></channel>"
    "</devices></domain>";

static DomusSnapshotAbilities *
abilities (const char *xml, gboolean active, unsigned long version)
{
    g_autoptr(GError) error = NULL;
    DomusSnapshotAbilities *a = domus_snapshot_abilities_from_xml (xml, active, version,
                                                                   &error);

    g_assert_no_error (error);
    g_assert_nonnull (a);
    return a;
}

static void
assert_contains (const char *text, const char *part)
{
    if (text == NULL || strstr (text, part) == NULL)
        g_error ("“%s” does not contain “%s”", text ? text : "(null)", part);
}

static void
test_bios_qcow2 (void)
{
    g_autoptr(DomusSnapshotAbilities) running = abilities (bios_qcow2, TRUE, V9_0);
    g_autoptr(DomusSnapshotAbilities) off = abilities (bios_qcow2, FALSE, V9_0);
    g_autoptr(DomusSnapshotAbilities) newer = abilities (bios_qcow2, TRUE, V9_7);

    /* The read-only CD-ROM (raw) is no obstacle. */
    g_assert_null (running->why_not[DOMUS_SNAPSHOT_KIND_INTERNAL]);
    g_assert_null (running->why_not[DOMUS_SNAPSHOT_KIND_EXTERNAL]);
    g_assert_null (running->why_not[DOMUS_SNAPSHOT_KIND_DISK_ONLY]);
    g_assert_cmpstr (running->memory_dir, ==, "/var/lib/libvirt/images");
    g_assert_cmpstr (running->libvirt_version, ==, "9.0.0");
    /* No agent channel: no quiescing. */
    assert_contains (running->quiesce_why_not, "no QEMU guest agent");

    g_assert_null (off->why_not[DOMUS_SNAPSHOT_KIND_INTERNAL]);
    assert_contains (off->why_not[DOMUS_SNAPSHOT_KIND_EXTERNAL],
                     "Only a running or paused guest has memory to save.");
    g_assert_null (off->why_not[DOMUS_SNAPSHOT_KIND_DISK_ONLY]);

    /* Reverting: internal always; external from libvirt 9.7. */
    g_assert_null (running->revert_why_not[DOMUS_SNAPSHOT_KIND_INTERNAL]);
    assert_contains (running->revert_why_not[DOMUS_SNAPSHOT_KIND_EXTERNAL],
                     "This host’s libvirt (9.0.0) cannot revert to external snapshots");
    assert_contains (running->revert_why_not[DOMUS_SNAPSHOT_KIND_DISK_ONLY], "9.7");
    g_assert_null (newer->revert_why_not[DOMUS_SNAPSHOT_KIND_EXTERNAL]);
    g_assert_null (newer->revert_why_not[DOMUS_SNAPSHOT_KIND_DISK_ONLY]);
}

static void
test_raw_disk (void)
{
    g_autoptr(DomusSnapshotAbilities) a = abilities (bios_raw, TRUE, V9_0);

    assert_contains (a->why_not[DOMUS_SNAPSHOT_KIND_INTERNAL],
                     "every disk in qcow2 format; “vdb” is raw");
    g_assert_null (a->why_not[DOMUS_SNAPSHOT_KIND_EXTERNAL]);
    g_assert_null (a->why_not[DOMUS_SNAPSHOT_KIND_DISK_ONLY]);
}

static void
test_uefi (void)
{
    g_autoptr(DomusSnapshotAbilities) running = abilities (uefi_live, TRUE, V9_0);
    g_autoptr(DomusSnapshotAbilities) off = abilities (uefi_inactive, FALSE, V9_0);
    g_autoptr(DomusSnapshotAbilities) off_newer = abilities (uefi_inactive, FALSE, V9_2);

    /* libvirt 9.0: "internal snapshots of a VM with pflash based firmware
     * are not supported" while it runs; shut off, it takes them. */
    assert_contains (running->why_not[DOMUS_SNAPSHOT_KIND_INTERNAL], "running UEFI guest");
    g_assert_null (running->why_not[DOMUS_SNAPSHOT_KIND_EXTERNAL]);
    g_assert_null (running->why_not[DOMUS_SNAPSHOT_KIND_DISK_ONLY]);
    /* Its agent is connected. */
    g_assert_null (running->quiesce_why_not);

    g_assert_null (off->why_not[DOMUS_SNAPSHOT_KIND_INTERNAL]);
    assert_contains (off_newer->why_not[DOMUS_SNAPSHOT_KIND_INTERNAL],
                     "This host’s libvirt (9.2.0) takes no internal snapshots of UEFI");
}

static void
test_network_disk (void)
{
    g_autoptr(DomusSnapshotAbilities) a = abilities (network_disk, TRUE, V9_0);

    g_assert_null (a->memory_dir);
    assert_contains (a->why_not[DOMUS_SNAPSHOT_KIND_INTERNAL], "“vda” is raw");
    assert_contains (a->why_not[DOMUS_SNAPSHOT_KIND_EXTERNAL],
                     "“vda” is on the network (rbd)");
    assert_contains (a->why_not[DOMUS_SNAPSHOT_KIND_DISK_ONLY], "on the network");
    assert_contains (a->quiesce_why_not, "not connected");
}

static void
test_bad_xml (void)
{
    g_autoptr(GError) error = NULL;

    g_assert_null (domus_snapshot_abilities_from_xml ("<domain>", TRUE, V9_0, &error));
    g_assert_nonnull (error);
}

static void
test_names (void)
{
    const char *const existing[] = { "before-upgrade", NULL };
    g_autofree char *long_ok = g_strnfill (247, 'a');
    g_autofree char *too_long = g_strnfill (248, 'a');
    struct {
        const char *name;
        const char *why;        /* part of the refusal, or NULL */
    } cases[] = {
        { "2024-05-01 10:00", NULL },
        { "avant la mise à jour", NULL },
        { ".hidden", NULL },
        { "", "Enter a name" },
        { "a/b", "cannot contain “/”" },
        { "two\nlines", "control characters" },
        { "tab\there", "control characters" },
        { "before-upgrade", "A snapshot called “before-upgrade” exists already." },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *why = domus_snapshot_check_name (cases[i].name, existing);

        if (cases[i].why == NULL)
            g_assert_null (why);
        else
            assert_contains (why, cases[i].why);
    }
    g_assert_null (domus_snapshot_check_name (long_ok, NULL));
    {
        g_autofree char *why = domus_snapshot_check_name (too_long, NULL);

        assert_contains (why, "too long");
    }
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/snapshot-abilities/bios-qcow2", test_bios_qcow2);
    g_test_add_func ("/snapshot-abilities/raw-disk", test_raw_disk);
    g_test_add_func ("/snapshot-abilities/uefi", test_uefi);
    g_test_add_func ("/snapshot-abilities/network-disk", test_network_disk);
    g_test_add_func ("/snapshot-abilities/bad-xml", test_bad_xml);
    g_test_add_func ("/snapshot-abilities/names", test_names);
    return g_test_run ();
}
