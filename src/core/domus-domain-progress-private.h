/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One long libvirt call on a guest (a managed save, a snapshot with the
 * guest's memory) with its progress and cancellation, for the worker jobs
 * of core. Private to src/core: it runs on a host's worker thread only.
 */
#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>

G_BEGIN_DECLS

/* FRACTION is 0..1, or negative while libvirt does not know the total. */
typedef void (*DomusProgressFunc) (double fraction,
                                   gpointer user_data);

/* The long call itself; it runs on a short-lived thread of its own. */
typedef int (*DomusLongCall) (virDomainPtr dom,
                              gpointer call_data);

/*
 * Runs CALL (DOM, CALL_DATA) on a helper thread while this worker thread
 * polls the guest's job (virDomainGetJobInfo) and posts its progress to
 * PROGRESS on TASK's main context (never after TASK completed); cancelling
 * CANCELLABLE aborts the job (virDomainAbortJob). Both threads use the
 * same connection, which libvirt allows. Returns CALL's result; on failure
 * MESSAGE gets libvirt's text (NULL when it gave none) and ABORTED says
 * whether the job was aborted here.
 */
int domus_domain_run_with_progress (GTask *task,
                                    virDomainPtr dom,
                                    DomusLongCall call,
                                    gpointer call_data,
                                    DomusProgressFunc progress,
                                    gpointer progress_data,
                                    GCancellable *cancellable,
                                    char **message,
                                    gboolean *aborted);

/* Posts FRACTION to PROGRESS on TASK's main context, as the above does. */
void domus_domain_post_progress (GTask *task,
                                 DomusProgressFunc progress,
                                 gpointer progress_data,
                                 double fraction);

G_END_DECLS
