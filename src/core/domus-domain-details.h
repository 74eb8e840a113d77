/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A guest's definition as the Details page edits it: its domain XML parsed
 * with libxml2 and changed in place. Each page's setters touch only the
 * elements and attributes they own, so other tools' <metadata>, devices and
 * attributes Domus does not know survive every edit. Pure data, no libvirt
 * call: the jobs that read and apply it are in domus-domain-details-apply.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DOMUS_TYPE_DOMAIN_DETAILS (domus_domain_details_get_type ())
G_DECLARE_FINAL_TYPE (DomusDomainDetails, domus_domain_details, DOMUS, DOMAIN_DETAILS, GObject)

/* Where libvirt keeps libosinfo's OS id for virt-manager, GNOME Boxes and us. */
#define DOMUS_LIBOSINFO_NS "http://libosinfo.org/xmlns/libvirt/domain/1.0"

typedef enum {
    DOMUS_CPU_MODE_DEFAULT,             /* no <cpu> mode: the hypervisor's default */
    DOMUS_CPU_MODE_HOST_PASSTHROUGH,
    DOMUS_CPU_MODE_HOST_MODEL,
    DOMUS_CPU_MODE_CUSTOM,              /* a named model */
} DomusCpuMode;

/* The device kinds of the sidebar, in its order. */
typedef enum {
    DOMUS_DEVICE_DISK,
    DOMUS_DEVICE_INTERFACE,
    DOMUS_DEVICE_GRAPHICS,
    DOMUS_DEVICE_VIDEO,
    DOMUS_DEVICE_SOUND,
    DOMUS_DEVICE_SERIAL,
    DOMUS_DEVICE_CONSOLE,
    DOMUS_DEVICE_CHANNEL,
    DOMUS_DEVICE_INPUT,
    DOMUS_DEVICE_HOSTDEV,
    DOMUS_DEVICE_TPM,
    DOMUS_DEVICE_RNG,
    DOMUS_DEVICE_WATCHDOG,
    DOMUS_DEVICE_FILESYSTEM,
    DOMUS_DEVICE_CONTROLLER,
    DOMUS_DEVICE_OTHER,                 /* anything else under <devices> */
    DOMUS_N_DEVICE_KINDS
} DomusDeviceKind;

DomusDomainDetails *domus_domain_details_new        (const char *xml,
                                                     GError **error);
DomusDomainDetails *domus_domain_details_copy       (DomusDomainDetails *self);
/* The document as text, formatted as it came (new elements indented like
 * their siblings). */
char               *domus_domain_details_to_xml     (DomusDomainDetails *self);
/* The document in canonical form (C14N, blank text left out): two documents
 * that say the same have equal canonical forms. */
char               *domus_domain_details_canonical  (DomusDomainDetails *self);
gboolean            domus_domain_details_equal      (DomusDomainDetails *a,
                                                     DomusDomainDetails *b);

/* ---- Overview ---------------------------------------------------------- */
char     *domus_domain_details_get_name         (DomusDomainDetails *self);
void      domus_domain_details_set_name         (DomusDomainDetails *self,
                                                 const char *name);
char     *domus_domain_details_get_uuid         (DomusDomainDetails *self);
char     *domus_domain_details_get_title        (DomusDomainDetails *self);
void      domus_domain_details_set_title        (DomusDomainDetails *self,
                                                 const char *title);
char     *domus_domain_details_get_description  (DomusDomainDetails *self);
void      domus_domain_details_set_description  (DomusDomainDetails *self,
                                                 const char *description);
/* The domain type ("kvm", "qemu", "xen", "lxc", "test"). */
char     *domus_domain_details_get_hypervisor   (DomusDomainDetails *self);
char     *domus_domain_details_get_arch         (DomusDomainDetails *self);
char     *domus_domain_details_get_machine      (DomusDomainDetails *self);
/* The <os> type: "hvm", "xen" (paravirtual), "linux" (Xen PV), "exe" (LXC). */
char     *domus_domain_details_get_os_type      (DomusDomainDetails *self);
/* "efi", "bios", or a loader's path when one is named. */
char     *domus_domain_details_get_firmware     (DomusDomainDetails *self);
/* libosinfo's OS id in <metadata>, or NULL. */
char     *domus_domain_details_get_os_id        (DomusDomainDetails *self);
void      domus_domain_details_set_os_id        (DomusDomainDetails *self,
                                                 const char *os_id);

/* ---- CPUs -------------------------------------------------------------- */
guint     domus_domain_details_get_vcpus        (DomusDomainDetails *self);
guint     domus_domain_details_get_max_vcpus    (DomusDomainDetails *self);
void      domus_domain_details_set_vcpus        (DomusDomainDetails *self,
                                                 guint current,
                                                 guint maximum);
DomusCpuMode domus_domain_details_get_cpu_mode  (DomusDomainDetails *self,
                                                 char **model);
void      domus_domain_details_set_cpu_mode     (DomusDomainDetails *self,
                                                 DomusCpuMode mode,
                                                 const char *model);
/* FALSE when the guest names no topology. */
gboolean  domus_domain_details_get_topology     (DomusDomainDetails *self,
                                                 guint *sockets,
                                                 guint *cores,
                                                 guint *threads);
/* All zero removes the topology. */
void      domus_domain_details_set_topology     (DomusDomainDetails *self,
                                                 guint sockets,
                                                 guint cores,
                                                 guint threads);

/* ---- Memory (KiB, as libvirt counts) ------------------------------------ */
guint64   domus_domain_details_get_memory       (DomusDomainDetails *self);
guint64   domus_domain_details_get_max_memory   (DomusDomainDetails *self);
void      domus_domain_details_set_memory       (DomusDomainDetails *self,
                                                 guint64 current_kib,
                                                 guint64 max_kib);
/* Shared memory backing (memfd, shared access), which virtiofs needs. */
gboolean  domus_domain_details_get_shared_memory (DomusDomainDetails *self);
void      domus_domain_details_set_shared_memory (DomusDomainDetails *self,
                                                  gboolean shared);

/* ---- Boot -------------------------------------------------------------- */
/* The <os><boot dev=…> order ("hd", "cdrom", "network", "fd"). */
GStrv     domus_domain_details_get_boot_order   (DomusDomainDetails *self);
void      domus_domain_details_set_boot_order   (DomusDomainDetails *self,
                                                 const char *const *devices);
gboolean  domus_domain_details_get_boot_menu    (DomusDomainDetails *self);
void      domus_domain_details_set_boot_menu    (DomusDomainDetails *self,
                                                 gboolean enabled);
/* Direct kernel boot: "kernel", "initrd", "cmdline" under <os>. */
char     *domus_domain_details_get_kernel       (DomusDomainDetails *self,
                                                 const char *which);
void      domus_domain_details_set_kernel       (DomusDomainDetails *self,
                                                 const char *which,
                                                 const char *value);

/* ---- Devices ----------------------------------------------------------- */
const char     *domus_device_kind_element       (DomusDeviceKind kind);
const char     *domus_device_kind_label         (DomusDeviceKind kind);
/* The device XML Add Hardware starts from for KIND, for a guest of
 * HYPERVISOR ("kvm", "qemu", "xen", "lxc", "test"). */
const char     *domus_device_kind_template      (DomusDeviceKind kind,
                                                 const char *hypervisor);

/* How many devices of KIND the guest has, in document order. */
guint     domus_domain_details_count_devices    (DomusDomainDetails *self,
                                                 DomusDeviceKind kind);
/* What the sidebar calls device INDEX of KIND ("Disk vda", "NIC 52:54:…"). */
char     *domus_domain_details_get_device_label (DomusDomainDetails *self,
                                                 DomusDeviceKind kind,
                                                 guint index);
/* The device's own XML, for virDomainAttach/Detach/UpdateDeviceFlags. */
char     *domus_domain_details_get_device_xml   (DomusDomainDetails *self,
                                                 DomusDeviceKind kind,
                                                 guint index);
/* Replaces the device with XML (one element of the same kind), in place. */
gboolean  domus_domain_details_set_device_xml   (DomusDomainDetails *self,
                                                 DomusDeviceKind kind,
                                                 guint index,
                                                 const char *xml,
                                                 GError **error);
/* Adds XML (one device element) after the last device of its kind; its
 * kind and index are returned. */
gboolean  domus_domain_details_add_device       (DomusDomainDetails *self,
                                                 const char *xml,
                                                 DomusDeviceKind *kind,
                                                 guint *index,
                                                 GError **error);
/* Removes the device; a serial port takes its console with it (libvirt
 * would make the port again for it). */
void      domus_domain_details_remove_device    (DomusDomainDetails *self,
                                                 DomusDeviceKind kind,
                                                 guint index);

/* A device attribute or element text by a short path under the device
 * ("source/@file", "target/@bus", "model/@type", "readonly" for an empty
 * element's presence: "yes" or NULL). The setter creates what is missing,
 * and NULL removes the attribute or element. */
char     *domus_domain_details_get_device_value (DomusDomainDetails *self,
                                                 DomusDeviceKind kind,
                                                 guint index,
                                                 const char *path);
void      domus_domain_details_set_device_value (DomusDomainDetails *self,
                                                 DomusDeviceKind kind,
                                                 guint index,
                                                 const char *path,
                                                 const char *value);

/* Disks: the source's path whatever its type (file, dev, dir, or a pool's
 * "pool/volume"), and setting a path (a CD-ROM's media; NULL ejects it). */
char     *domus_domain_details_get_disk_source  (DomusDomainDetails *self,
                                                 guint index);
void      domus_domain_details_set_disk_source  (DomusDomainDetails *self,
                                                 guint index,
                                                 const char *path,
                                                 gboolean is_block);
/* NICs: "network", "bridge" or "direct" (macvtap), and its source name. */
void      domus_domain_details_set_nic_source   (DomusDomainDetails *self,
                                                 guint index,
                                                 const char *type,
                                                 const char *source);

/* ---- Validation (messages for the user, NULL when fine) ----------------- */
char     *domus_details_check_vcpus             (guint current,
                                                 guint maximum,
                                                 guint host_cpus);
char     *domus_details_check_topology          (guint sockets,
                                                 guint cores,
                                                 guint threads,
                                                 guint maximum);
char     *domus_details_check_memory            (guint64 current_kib,
                                                 guint64 max_kib,
                                                 guint64 host_kib);
char     *domus_details_check_mac               (const char *mac);

G_END_DECLS
