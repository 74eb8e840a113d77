/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A userspace iSCSI target for the real suite: tgtd (Debian package tgt)
 * on 127.0.0.1 and a free port, with its own control socket, serving one
 * target whose LUN 1 is a file. Started and stopped by the test; no
 * kernel module is involved (this kernel has no iSCSI initiator, so the
 * host reaches it through libvirt's iscsi-direct pool and QEMU's libiscsi).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _DomusTestIscsiTarget DomusTestIscsiTarget;

/* TRUE where tgtd and tgtadm are installed; else FALSE with a REASON fit
 * for domus_test_skip_or_require(). */
gboolean              domus_test_have_tgt              (char **reason);
/* Starts tgtd and serves target IQN with LUN 1 backed by the file
 * BACKING (which exists, of a whole number of 512-byte sectors). Returns
 * once the portal answers. */
DomusTestIscsiTarget *domus_test_iscsi_target_start    (const char *iqn,
                                                        const char *backing,
                                                        GError    **error);
/* The portal's TCP port on 127.0.0.1. */
guint                 domus_test_iscsi_target_get_port (DomusTestIscsiTarget *t);
/* Kills tgtd (by its pid), waits for it to end, removes its sockets. */
void                  domus_test_iscsi_target_stop     (DomusTestIscsiTarget *t);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusTestIscsiTarget, domus_test_iscsi_target_stop)

G_END_DECLS
