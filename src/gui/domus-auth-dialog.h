/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusAuthDialog: asks the user for the credentials a host wants while it
 * connects (libvirt's own prompts, one field each). Answering or closing it
 * completes the DomusAuthRequest the host's worker is waiting on.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-auth-request.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_AUTH_DIALOG (domus_auth_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DomusAuthDialog, domus_auth_dialog, DOMUS, AUTH_DIALOG, GtkDialog)

GtkWidget *domus_auth_dialog_new (GtkWindow *parent,
                                  DomusAuthRequest *request,
                                  const char *host_name);

G_END_DECLS
