/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusAuthDialog: asks the user for the credentials a host wants while it
 * connects: libvirt's own prompts, one field each, or ssh's question
 * relayed by our askpass (a password, a key's passphrase, trust in an
 * unknown host key, shown in ssh's own words). A password can be
 * remembered in the desktop keyring; a remembered one answers the next
 * request without showing the dialog, unless the host just refused it.
 * Answering or closing it completes the DomusAuthRequest its asker waits on.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-auth-request.h"
#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_AUTH_DIALOG (domus_auth_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DomusAuthDialog, domus_auth_dialog, DOMUS, AUTH_DIALOG, GtkDialog)

/* HOST_NAME names the host in the dialog; NULL when not known (an ssh
 * question that may belong to any host being opened). */
GtkWidget *domus_auth_dialog_new          (GtkWindow *parent,
                                           DomusAuthRequest *request,
                                           const char *host_name);
/* Answers from the keyring when it holds a password for the request's URI
 * that CONN (may be NULL) has not just been refused; otherwise presents the
 * dialog. Use this instead of gtk_window_present(). */
void       domus_auth_dialog_start        (DomusAuthDialog *self,
                                           DomusConnection *conn);
/* Whether "Remember password" is shown and ticked (for tests). */
gboolean   domus_auth_dialog_get_remember (DomusAuthDialog *self);
void       domus_auth_dialog_set_remember (DomusAuthDialog *self,
                                           gboolean remember);

G_END_DECLS
