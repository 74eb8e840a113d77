/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The description of a new guest (DomusDomainConfig) and the domain XML built
 * from it with libxml2's tree API. Pure data: no libvirt call, usable on any
 * thread; the New Virtual Machine assistant fills the struct, the create job
 * (domus-domain-create) builds and defines the XML.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    DOMUS_INSTALL_ISO,          /* local ISO or CD-ROM, boots cdrom then hd */
    DOMUS_INSTALL_NETWORK,      /* the tree's boot image over HTTP/HTTPS/FTP */
    DOMUS_INSTALL_PXE,          /* network boot, then hd */
    DOMUS_INSTALL_IMPORT,       /* an existing disk, boots hd */
} DomusInstallMethod;

typedef enum {
    DOMUS_FIRMWARE_BIOS,
    DOMUS_FIRMWARE_UEFI,        /* <os firmware='efi'>: libvirt picks loader and NVRAM */
} DomusFirmware;

typedef enum {
    DOMUS_NETWORK_NONE,
    DOMUS_NETWORK_VIRTUAL,      /* a libvirt virtual network, by name */
    DOMUS_NETWORK_BRIDGE,       /* a host bridge, by device name */
    DOMUS_NETWORK_MACVTAP,      /* macvtap on a host device (direct, bridge mode) */
} DomusNetworkKind;

typedef struct {
    char *name;
    char *domain_type;          /* "kvm", "qemu", "test"… */
    char *arch;                 /* "x86_64" */
    char *machine;              /* NULL: the hypervisor's default */
    DomusFirmware firmware;
    DomusInstallMethod method;
    guint64 memory_mib;
    guint vcpus;

    char *os_id;                /* libosinfo id, NULL when unknown */
    /* Devices, usually from domus_osinfo_get_defaults(). */
    char *disk_bus;             /* "virtio", "sata", "ide" */
    char *nic_model;            /* "virtio", "e1000", "rtl8139" */
    char *video_model;          /* "virtio", "qxl", "vga" */
    gboolean usb_tablet;
    gboolean windows;           /* localtime clock, Hyper-V enlightenments */

    char *install_source;       /* ISO path, or the network boot image URL */
    char *disk_path;            /* NULL: no disk (a diskless PXE client) */
    char *disk_format;          /* "qcow2", "raw"… */
    gboolean disk_is_block;     /* a block device rather than a file */
    /* Where set, the disk is this volume of this pool (<disk type='volume'>)
     * rather than disk_path: how a guest reaches a LUN of an iscsi-direct
     * pool, which has no path on the host (libvirt makes it a network
     * disk). disk_path still names it for people. */
    char *disk_pool;
    char *disk_volume;

    DomusNetworkKind network_kind;
    char *network_source;       /* network name or host device */
} DomusDomainConfig;

DomusDomainConfig *domus_domain_config_new    (void);
DomusDomainConfig *domus_domain_config_copy   (const DomusDomainConfig *config);
void               domus_domain_config_free   (DomusDomainConfig *config);

/* The domain XML for @config, or NULL with an error that says which
 * choice is missing or malformed (a name, a network boot URL…). */
char              *domus_domain_config_to_xml (const DomusDomainConfig *config,
                                               GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusDomainConfig, domus_domain_config_free)

G_END_DECLS
