/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The error domain of Domus. A libvirt failure becomes a DOMUS_ERROR that
 * carries libvirt's full message: it must be read on the thread that made
 * the failing call, right after it (libvirt keeps the last error per thread).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DOMUS_ERROR (domus_error_quark ())

typedef enum {
    DOMUS_ERROR_FAILED,           /* anything else */
    DOMUS_ERROR_LIBVIRT,          /* libvirt refused; the message is libvirt's own */
    DOMUS_ERROR_NOT_CONNECTED,    /* the host is not connected */
    DOMUS_ERROR_CONNECTION_LOST,  /* the host went away while a call was running */
    DOMUS_ERROR_NOT_FOUND,        /* a file or object that was expected is missing */
    DOMUS_ERROR_IN_USE,           /* refused: a guest uses it (confirm to go on) */
    DOMUS_ERROR_BACKUP_UNSUPPORTED, /* the host has no backup job for a running guest
                                     * (libvirt's words); a snapshot and a commit may do */
} DomusErrorCode;

GQuark domus_error_quark (void);

void domus_set_error_from_libvirt (GError **error,
                                   const char *what);

G_END_DECLS
