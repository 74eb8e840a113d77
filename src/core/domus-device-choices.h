/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What Add Hardware offers for each device kind: the choices (disk buses,
 * NIC, video and sound models, host devices, TPM models, RNG backends,
 * filesystem drivers…) the host's domain capabilities allow, the one
 * libosinfo recommends for the guest's OS first, and the device XML each
 * choice makes. Pure: the host's side is a DomusHostHardware read before.
 */
#pragma once

#include "domus-domain-caps.h"
#include "domus-domain-details.h"

G_BEGIN_DECLS

typedef struct {
    char *value;        /* "sata", "e1000e", a host device's node name… */
    char *label;        /* what the list shows */
} DomusDeviceChoice;

typedef struct {
    const char *what;   /* the list's label, with a mnemonic: "_Bus", "_Model" */
    GPtrArray *choices; /* DomusDeviceChoice, the recommended one first; empty
                         * when the kind has nothing to choose */
} DomusDeviceChoices;

/* Whether the host can give the guest a device of KIND at all (FALSE when
 * the domain capabilities say the kind is unsupported). */
gboolean            domus_device_kind_offered  (DomusDeviceKind kind,
                                                const DomusHostHardware *hardware);
/* HARDWARE may be NULL: then what every QEMU takes. */
DomusDeviceChoices *domus_device_choices_new   (DomusDeviceKind kind,
                                                DomusDomainDetails *guest,
                                                const DomusHostHardware *hardware);
void                domus_device_choices_free  (DomusDeviceChoices *choices);
/* The device XML Add Hardware starts from for KIND and VALUE (one of the
 * choices' values, or NULL when there are none). */
char               *domus_device_choice_xml    (DomusDeviceKind kind,
                                                DomusDomainDetails *guest,
                                                const DomusHostHardware *hardware,
                                                const char *value);

/* Whether adding the device XML to GUEST needs shared memory turned on
 * too (a virtiofs filesystem, which libvirt refuses without it). */
gboolean            domus_device_needs_shared_memory (DomusDomainDetails *guest,
                                                      const char *xml);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusDeviceChoices, domus_device_choices_free)

G_END_DECLS
