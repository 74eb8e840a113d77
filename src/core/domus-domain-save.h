/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Save a guest's memory to the host (libvirt's managed save), with progress
 * and cancellation. The next Start restores it. The save runs on the host's
 * worker; progress comes back on the caller's main context.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"

G_BEGIN_DECLS

/* FRACTION is 0..1, or negative while libvirt does not know the total. */
typedef void (*DomusSaveProgressFunc) (double fraction,
                                       gpointer user_data);

/* virDomainManagedSave. While it runs, the worker polls the job's progress
 * (virDomainGetJobInfo) and reports it through PROGRESS, which must stay
 * valid until CALLBACK runs; cancelling CANCELLABLE aborts the save
 * (virDomainAbortJob) and the guest keeps running: the error is then
 * G_IO_ERROR_CANCELLED with words for the user ("Saving “web01” was
 * cancelled; the guest keeps running"). A save that ended before the
 * cancel reached it succeeds. */
void     domus_domain_save_async  (DomusConnection *conn,
                                   DomusDomain *domain,
                                   DomusSaveProgressFunc progress,
                                   gpointer progress_data,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
gboolean domus_domain_save_finish (DomusConnection *conn,
                                   GAsyncResult *result,
                                   GError **error);

G_END_DECLS
