/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Between the snapshot jobs (domus-domain-snapshot.c) and the XML they
 * read and write (domus-domain-snapshot-xml.c). Private to src/core.
 */
#pragma once

#include "domus-domain-snapshot.h"

G_BEGIN_DECLS

/* One snapshot from virDomainSnapshotGetXMLDesc's text; current is left
 * FALSE (libvirt's XML does not say). */
DomusSnapshotInfo *domus_snapshot_info_from_xml        (const char *xml,
                                                        GError **error);
/* The <domainsnapshot> for virDomainSnapshotCreateXML. */
char              *domus_snapshot_request_to_xml       (const DomusSnapshotRequest *request);
/* A snapshot's XML with DESCRIPTION (NULL or "": none) in place of its
 * own, for a redefinition; everything else as libvirt wrote it. */
char              *domus_snapshot_xml_with_description (const char *xml,
                                                        const char *description,
                                                        GError **error);
/* NAMES (sorted in place) and CURRENT (may be NULL), hashed. */
char              *domus_snapshot_fingerprint          (GPtrArray *names,
                                                        const char *current);

G_END_DECLS
