/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_HOST_BACKUPS_PAGE (domus_host_backups_page_get_type ())
G_DECLARE_FINAL_TYPE (DomusHostBackupsPage, domus_host_backups_page, DOMUS, HOST_BACKUPS_PAGE,
                      GtkBox)

DomusHostBackupsPage *domus_host_backups_page_new (DomusConnection *conn);

G_END_DECLS
