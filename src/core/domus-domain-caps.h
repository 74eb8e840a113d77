/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a host offers one guest's hardware: its domain capabilities (the
 * CPU modes and named models, and per device kind the values the emulator
 * takes: disk buses, video models, TPM backends…), the USB and PCI devices
 * among the host's node devices, and what libosinfo recommends for the
 * guest's OS. Parsing is pure; domus_host_hardware_read runs on a worker.
 */
#pragma once

#include <glib.h>

#include "domus-osinfo.h"

G_BEGIN_DECLS

typedef struct _DomusDomainCaps DomusDomainCaps;

typedef struct {
    char *name;         /* "Westmere" */
    char *vendor;       /* "Intel", or NULL when libvirt says "unknown" */
    gboolean usable;    /* the host can run it as it is */
} DomusCpuModel;

/* Parses virConnectGetDomainCapabilities' XML. */
DomusDomainCaps    *domus_domain_caps_parse            (const char *xml,
                                                        GError **error);
void                domus_domain_caps_free             (DomusDomainCaps *caps);
const char         *domus_domain_caps_get_emulator     (const DomusDomainCaps *caps);
const char         *domus_domain_caps_get_machine      (const DomusDomainCaps *caps);
guint               domus_domain_caps_get_max_vcpus    (const DomusDomainCaps *caps);
/* Whether the CPU mode ("host-passthrough", "host-model", "custom") is
 * supported. */
gboolean            domus_domain_caps_cpu_mode         (const DomusDomainCaps *caps,
                                                        const char *mode);
/* The named model host-model stands for ("EPYC"), or NULL. */
const char         *domus_domain_caps_get_host_model   (const DomusDomainCaps *caps);
/* The custom mode's models (DomusCpuModel): the usable ones first, each
 * group in libvirt's order. */
GPtrArray          *domus_domain_caps_get_cpu_models   (const DomusDomainCaps *caps);
/* The values of the enum NAME under <devices><DEVICE> ("disk", "bus"):
 * NULL when the capabilities do not describe DEVICE, empty when DEVICE is
 * not supported at all. */
const char *const  *domus_domain_caps_get_values       (const DomusDomainCaps *caps,
                                                        const char *device,
                                                        const char *name);
/* Whether VALUE may be offered: TRUE when CAPS is NULL or says nothing of
 * DEVICE's NAME. */
gboolean            domus_domain_caps_offers           (const DomusDomainCaps *caps,
                                                        const char *device,
                                                        const char *name,
                                                        const char *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusDomainCaps, domus_domain_caps_free)

/* A USB or PCI device of the host, from its node device XML. */
typedef struct {
    char *name;         /* the node device's name: "usb_1_5", "pci_0000_00_1f_2" */
    char *type;         /* "usb" or "pci" */
    char *vendor_id;    /* "0x8086" */
    char *product_id;
    char *vendor;       /* names as the host knows them, or NULL */
    char *product;
    guint domain, bus, slot, function;  /* PCI address; USB: bus and device (slot) */
} DomusHostDevice;

/* NULL when XML is not a USB device or a PCI device, or is one no guest
 * can be given (a PCI bridge, a USB root hub). */
DomusHostDevice    *domus_host_device_parse            (const char *xml);
void                domus_host_device_free             (DomusHostDevice *device);
/* "Intel Corp. 82801 SATA (PCI 0000:00:1f.2)" */
char               *domus_host_device_describe         (const DomusHostDevice *device);
/* The <hostdev> that passes DEVICE through to a guest. */
char               *domus_host_device_hostdev_xml      (const DomusHostDevice *device);
/* Whether a guest's <hostdev> names DEVICE: of TYPE, a USB device by
 * its vendor and product ids, a PCI device by its address (BUS, SLOT and
 * FUNCTION as the XML writes them, "0x1f"). */
gboolean            domus_host_device_matches          (const DomusHostDevice *device,
                                                        const char *type,
                                                        const char *vendor_id,
                                                        const char *product_id,
                                                        const char *bus,
                                                        const char *slot,
                                                        const char *function);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusHostDevice, domus_host_device_free)

/* All of it, for one guest. */
typedef struct {
    DomusDomainCaps *caps;      /* NULL where the driver has none (test, some remotes) */
    GPtrArray *devices;         /* DomusHostDevice: USB, then PCI */
    DomusOsDefaults os;         /* libosinfo's recommendations for the guest's OS,
                                 * generic until osinfo-db is loaded */
} DomusHostHardware;

void                domus_host_hardware_free           (DomusHostHardware *hardware);
/* Reads it for the guest defined by DOMAIN_XML, on the worker: CONN is a
 * virConnectPtr. Never fails: what the host does not tell stays empty. */
DomusHostHardware  *domus_host_hardware_read           (gpointer conn,
                                                        const char *domain_xml);
/* The host device a guest's <hostdev> passes through (as
 * domus_host_device_matches), or NULL. */
const DomusHostDevice *domus_host_hardware_find_device (const DomusHostHardware *hardware,
                                                        const char *type,
                                                        const char *vendor_id,
                                                        const char *product_id,
                                                        const char *bus,
                                                        const char *slot,
                                                        const char *function);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusHostHardware, domus_host_hardware_free)

G_END_DECLS
