/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest window's Details page: a sidebar of the guest's hardware (as
 * virt-manager's), a form and an XML tab for each entry, Apply and Revert,
 * Add Hardware… and Remove. It makes no libvirt call: core reads and
 * applies the definition on the host's worker (domus-domain-details-apply)
 * and says when each change takes effect.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_DETAILS_PAGE (domus_details_page_get_type ())
G_DECLARE_FINAL_TYPE (DomusDetailsPage, domus_details_page, DOMUS, DETAILS_PAGE, GtkBox)

GtkWidget *domus_details_page_new         (DomusConnection *conn,
                                           DomusDomain *domain);
/* Whether the shown entry has changes not applied (form or XML). */
gboolean   domus_details_page_get_dirty   (DomusDetailsPage *self);
/* The definition is being read or a change applied ("busy" notifies). */
gboolean   domus_details_page_get_busy    (DomusDetailsPage *self);

G_END_DECLS
