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

/* What the worker does every quarter second while the call runs (ask
 * for the job's progress, say); libvirt's last error is reset after it. */
typedef void (*DomusLongPoll) (virDomainPtr dom,
                               gpointer poll_data);

/*
 * Runs CALL (DOM, CALL_DATA) on a short-lived thread while this (worker)
 * thread runs POLL (DOM, POLL_DATA) every quarter second and aborts DOM's
 * job (virDomainAbortJob) once CANCELLABLE is cancelled, setting *ABORTED
 * when it did. Returns what CALL returned; when that is negative, *MESSAGE
 * is libvirt's message from the call's thread (or NULL).
 */
int  domus_domain_run_long_call (virDomainPtr dom,
                                 DomusLongCall call,
                                 gpointer call_data,
                                 DomusLongPoll poll,
                                 gpointer poll_data,
                                 GCancellable *cancellable,
                                 char **message,
                                 gboolean *aborted);

/*
 * A whole worker job around one long call: looks up the guest UUID, runs
 * CALL (DOM, CALL_DATA) on a helper thread while this worker thread polls
 * the guest's job (virDomainGetJobInfo) and posts its progress to PROGRESS
 * on TASK's main context (never after TASK completed), and aborts it
 * (virDomainAbortJob) when CANCELLABLE is cancelled; both threads use the
 * same connection, which libvirt allows. TASK completes with TRUE, with
 * G_IO_ERROR_CANCELLED and CANCELLED_TEXT, or with "WHAT: " and libvirt's
 * own message.
 */
void domus_domain_run_long_job (GTask *task,
                                virConnectPtr conn,
                                const char *uuid,
                                const char *what,
                                DomusLongCall call,
                                gpointer call_data,
                                DomusProgressFunc progress,
                                gpointer progress_data,
                                GCancellable *cancellable,
                                const char *cancelled_text);

G_END_DECLS
