/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The real suite's fixture: a private libvirt daemon in a temporary
 * directory, and tiny QEMU guests under software emulation on it. Used by
 * the tests only; everything it starts, it stops and removes.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _DomusTestDaemon DomusTestDaemon;

/* FALSE, with a reason fit for g_test_skip(), where QEMU or libvirtd is missing. */
gboolean          domus_test_have_qemu                (char **reason);

DomusTestDaemon  *domus_test_daemon_start             (GError **error);
/* The same, but clients must authenticate with SASL as @user/@password. */
DomusTestDaemon  *domus_test_daemon_start_sasl        (const char *user,
                                                       const char *password,
                                                       GError **error);
/* Starts it again on the same socket directory (after a kill). */
gboolean          domus_test_daemon_restart           (DomusTestDaemon *d,
                                                       GError **error);
void              domus_test_daemon_stop              (DomusTestDaemon *d);

const char       *domus_test_daemon_get_qemu_uri      (DomusTestDaemon *d);
/* test+unix:///ABS?socket=…: a test-driver host served over RPC. */
char             *domus_test_daemon_get_test_uri      (DomusTestDaemon *d,
                                                       const char *abs_xml_path);
GPid              domus_test_daemon_get_pid           (DomusTestDaemon *d);

/* Defines (and starts) a 64 MiB guest with no disk, VNC on 127.0.0.1 and
 * a serial console; it boots SeaBIOS to "No bootable device". The name is
 * unique to this process, as root daemons share /var/lib/libvirt. */
char             *domus_test_daemon_define_tiny_guest (DomusTestDaemon *d,
                                                       const char *name_prefix,
                                                       gboolean start,
                                                       GError **error);

G_END_DECLS
