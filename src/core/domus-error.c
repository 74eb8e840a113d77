/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Turns libvirt's per-thread last error into a GError that keeps libvirt's
 * whole message. Call it on the thread of the failing call, straight after.
 */
#include "config.h"

#include "domus-error.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

G_DEFINE_QUARK (domus-error-quark, domus_error)

/*
 * @what says, in the admin's words, what was being done ("Connecting to
 * qemu:///system"); libvirt's text follows it unchanged.
 */
void
domus_set_error_from_libvirt (GError **error, const char *what)
{
    virErrorPtr err = virGetLastError ();
    int code = DOMUS_ERROR_LIBVIRT;

    if (err == NULL || err->message == NULL) {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT,
                     "%s: %s", what, _("libvirt gave no reason"));
        return;
    }

    if (err->code == VIR_ERR_NO_CONNECT ||
        (err->code == VIR_ERR_SYSTEM_ERROR && err->domain == VIR_FROM_RPC))
        code = DOMUS_ERROR_CONNECTION_LOST;

    g_set_error (error, DOMUS_ERROR, code, "%s: %s", what, err->message);
    virResetLastError ();
}
