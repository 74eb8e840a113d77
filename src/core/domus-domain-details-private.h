/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the domus-domain-details*.c files share: the parsed document and the
 * small tree helpers that insert and remove elements with their siblings'
 * indentation. Private to core.
 */
#pragma once

#include "domus-domain-details.h"
#include "domus-xml.h"

G_BEGIN_DECLS

xmlDocPtr   domus_domain_details_get_doc (DomusDomainDetails *self);
char       *domus_details_canonical_doc  (xmlDocPtr doc);
void        domus_details_prefix_line    (GError **error);

xmlNodePtr  domus_details_child          (xmlNodePtr parent,
                                          const char *name);
void        domus_details_insert         (xmlNodePtr parent,
                                          xmlNodePtr after,
                                          xmlNodePtr node);
xmlNodePtr  domus_details_new_child      (xmlNodePtr parent,
                                          xmlNodePtr after,
                                          const char *name);
xmlNodePtr  domus_details_ensure_child   (xmlNodePtr parent,
                                          const char *name,
                                          const char *const *after);
void        domus_details_remove         (xmlNodePtr node);
gboolean    domus_details_is_empty       (xmlNodePtr node);
char       *domus_details_get_text       (xmlNodePtr node);
void        domus_details_set_text       (xmlNodePtr node,
                                          const char *text);
char       *domus_details_get_prop       (xmlNodePtr node,
                                          const char *name);
void        domus_details_set_prop       (xmlNodePtr node,
                                          const char *name,
                                          const char *value);

/* The devices of KIND in document order (nodes of the document). */
GPtrArray  *domus_details_devices        (DomusDomainDetails *self,
                                          DomusDeviceKind kind);
DomusDeviceKind domus_details_device_kind (xmlNodePtr node);
/* What identifies a device to libvirt across its live and saved
 * definitions: a disk's target, a NIC's MAC, an alias, else kind+index. */
char       *domus_details_device_key     (xmlNodePtr node,
                                          guint index);
/* Takes the devices' <boot order> out (a change of boot order cannot
 * apply to a running device) and says the order they gave, by device key
 * (domus_details_device_key), comma-separated (-boot.c). */
char       *domus_details_take_device_boot (DomusDomainDetails *self);

/* The running guest's copy (in LIVE_XML) of the saved DEVICE_XML, to
 * detach: NULL when none matches (domus-domain-details-live.c). */
char       *domus_details_live_device_xml (const char *live_xml,
                                           const char *device_xml);

G_END_DECLS
