/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest window's Backups page: the guest's backups found in the
 * folders of its host where they were made (remembered per guest) or
 * added here, with date, kind, size and chain; Restore as a new guest,
 * Restore over this guest, and Verify. See domus-backups-page.c.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_BACKUPS_PAGE (domus_backups_page_get_type ())
G_DECLARE_FINAL_TYPE (DomusBackupsPage, domus_backups_page, DOMUS, BACKUPS_PAGE, GtkBox)

GtkWidget *domus_backups_page_new             (DomusConnection *conn,
                                               DomusDomain *domain);
/* Reads the list again from every folder. */
void       domus_backups_page_refresh         (DomusBackupsPage *self);

G_END_DECLS
