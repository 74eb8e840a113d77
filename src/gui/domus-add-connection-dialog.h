/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusAddConnectionDialog: asks for a libvirt host (hypervisor, local or
 * remote over SSH, TLS or TCP, or a URI of the user's own), shows the URI it
 * will open as the fields change, and tries it. It closes only once the host
 * is connected and handed to the application; a failure shows libvirt's
 * whole message and keeps everything the user typed.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-application.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_ADD_CONNECTION_DIALOG (domus_add_connection_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DomusAddConnectionDialog, domus_add_connection_dialog, DOMUS,
                      ADD_CONNECTION_DIALOG, GtkDialog)

/* A dialog whose connected host joins APP's list (and its saved hosts). */
GtkWidget       *domus_add_connection_dialog_new             (DomusApplication *app,
                                                              GtkWindow *parent);
/* The URI the fields describe now, or NULL while they are incomplete or wrong. */
const char      *domus_add_connection_dialog_get_uri         (DomusAddConnectionDialog *self);
/* The connection being tried, or NULL when none is. */
DomusConnection *domus_add_connection_dialog_get_connection  (DomusAddConnectionDialog *self);

G_END_DECLS
