/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libvirt's events (lifecycle, keepalive, connection close) are dispatched
 * by whatever event loop is registered; libvirt-glib registers the GLib main
 * loop, so they arrive on the main thread next to GTK's own events.
 */
#include "config.h"

#include "domus-libvirt.h"

#include <signal.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libvirt-glib/libvirt-glib.h>

static void
quiet_error_func (void *user_data, virErrorPtr error)
{
    /* Errors are read with virGetLastError() where they happen. */
}

void
domus_libvirt_init (void)
{
    static gsize done = 0;

    if (g_once_init_enter (&done)) {
        /* libvirt writes to its sockets with write(): a host that goes away
         * mid-call must fail that call, not kill Domus with SIGPIPE. */
        signal (SIGPIPE, SIG_IGN);
        virInitialize ();
        virSetErrorFunc (NULL, quiet_error_func);
        gvir_event_register ();
        g_once_init_leave (&done, 1);
    }
}
