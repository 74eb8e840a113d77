/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The folders the Backups pages look in, remembered in GSettings: per
 * guest UUID where the Back Up dialog made its backups (backup-targets),
 * and per connection URI the folders added to a host's catalogue
 * (backup-host-targets); the default folder always comes first.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Remembers TARGET as a folder where the guest UUID's backups are made. */
void  domus_backups_remember_target      (const char *uuid,
                                          const char *target);
/* Remembers TARGET as a backup folder of the host URI. */
void  domus_backups_remember_host_target (const char *uri,
                                          const char *target);
/* The folders the Backups page of the guest UUID on the host URI looks
 * in: the default, the guest's, then the host's. */
GStrv domus_backups_targets              (const char *uuid,
                                          const char *uri);
/* The folders the host URI's Backups page looks in: the default, every
 * folder remembered for any guest, then the host's. */
GStrv domus_host_backups_targets         (const char *uri);
/* Calls CHANGED (swapped: WIDGET first) whenever a folder is remembered,
 * for as long as WIDGET lives. */
void  domus_backups_targets_watch        (GtkWidget *widget,
                                          GCallback changed);

G_END_DECLS
