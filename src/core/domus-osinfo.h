/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libosinfo for the New Virtual Machine assistant: the osinfo-db loaded once
 * per process, the list of operating systems to search, detection of the OS
 * on an ISO or a network install tree, and the resources and devices
 * libosinfo recommends. Loading and detection run off the GTK thread.
 */
#pragma once

#include <gio/gio.h>

#include "domus-domain-config.h"

G_BEGIN_DECLS

typedef struct {
    char *id;           /* "http://debian.org/debian/12" */
    char *short_id;     /* "debian12" */
    char *name;         /* "Debian 12" */
    char *family;       /* "linux", "winnt"… */
    char *distro;       /* "debian", "win"…, or NULL */
    char *version;      /* "12", "6.0", "testing"…, or NULL */
} DomusOsEntry;

typedef struct {
    guint64 memory_mib;         /* recommended */
    guint64 min_memory_mib;     /* libosinfo's minimum, 0 when it has none */
    guint vcpus;
    guint64 storage_gib;
    const char *disk_bus;       /* static strings */
    const char *nic_model;
    const char *video_model;
    const char *sound_model;
    gboolean usb_tablet;
    gboolean windows;
} DomusOsDefaults;

/* What detection found: the OS, and for a tree the URL of its network boot
 * image (NULL when libosinfo knows none for that tree). */
typedef struct {
    char *id;
    char *name;
    char *boot_image_url;
} DomusOsMatch;

void          domus_os_entry_free             (DomusOsEntry *entry);
void          domus_os_match_free             (DomusOsMatch *match);

/* Loads osinfo-db on a thread of its own the first time; later calls
 * complete at once. */
void          domus_osinfo_load_async         (GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
gboolean      domus_osinfo_load_finish        (GAsyncResult *result,
                                               GError **error);
/* The same, waiting: for tests and worker threads. */
gboolean      domus_osinfo_load               (GError **error);

/* Every OS of the db (DomusOsEntry), a distribution's releases together
 * and newest first (Debian 11, 10, 9, … 6.0), the distributions by name.
 * Needs the db loaded. */
GPtrArray    *domus_osinfo_list_os            (void);
/* The display name of @os_id, or NULL. */
char         *domus_osinfo_get_name           (const char *os_id);
/* Recommendations for @os_id (NULL: an unknown OS, generic defaults) on
 * @arch. */
void          domus_osinfo_get_defaults       (const char *os_id,
                                               const char *arch,
                                               DomusOsDefaults *out);

/* Sets @config's devices (disk bus, NIC, video, tablet, Windows features)
 * to what libosinfo recommends for @os_id on @config's arch. */
void          domus_osinfo_apply_devices      (const char *os_id,
                                               DomusDomainConfig *config);

/* Reads the ISO at @path (a local file) and identifies it. The result is a
 * DomusOsMatch; G_IO_ERROR_NOT_FOUND when libosinfo does not know it. */
void          domus_osinfo_identify_media_async (const char *path,
                                                 GCancellable *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer user_data);
/* Fetches the tree's .treeinfo at @url and identifies it. */
void          domus_osinfo_identify_tree_async  (const char *url,
                                                 GCancellable *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer user_data);
DomusOsMatch *domus_osinfo_identify_finish      (GAsyncResult *result,
                                                 GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusOsEntry, domus_os_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusOsMatch, domus_os_match_free)

G_END_DECLS
