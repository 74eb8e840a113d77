/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusStoragePage: the Storage page of the host window. The host's pools
 * (state, usage bar, autostart) kept right by pool events, the volumes of
 * the selected pool listed in batches as they arrive, and the pool and
 * volume actions ("storage.*" actions on the page). It only calls core's
 * async storage jobs; it never waits on the host.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_STORAGE_PAGE (domus_storage_page_get_type ())
G_DECLARE_FINAL_TYPE (DomusStoragePage, domus_storage_page, DOMUS, STORAGE_PAGE, GtkBox)

DomusStoragePage *domus_storage_page_new             (DomusConnection *conn);
/* Selects pool NAME (its volumes start loading); FALSE when not listed. */
gboolean          domus_storage_page_select_pool     (DomusStoragePage *self,
                                                      const char *name);
/* Whether the volumes of the selected pool are still arriving. */
gboolean          domus_storage_page_is_loading      (DomusStoragePage *self);

G_END_DECLS
