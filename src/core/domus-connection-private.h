/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The worker-thread job API of DomusConnection, for the other parts of core
 * (poller, guest actions, XML editing). A job function runs on the host's
 * worker thread with the host's virConnectPtr and must complete its GTask;
 * it may only touch plain data, never a GObject that the main thread reads.
 * The task, its data and its source are released on the main thread: a
 * job's data holds no GObject of the main thread (carry the guest's UUID and
 * look it up when done) and nothing libvirt handed out, which the job itself
 * lets go of on the worker.
 */
#pragma once

#include "domus-connection.h"
#include "domus-worker.h"

G_BEGIN_DECLS

/*
 * Queues @func on the worker. @callback runs on the calling thread's default
 * main context with the task as its result. If the host is not connected
 * when the job's turn comes, the task returns DOMUS_ERROR_NOT_CONNECTED.
 */
void domus_connection_run_job (DomusConnection        *self,
                               DomusWorkerJobFunc      func,
                               gpointer                task_data,
                               GDestroyNotify          task_data_free,
                               GCancellable           *cancellable,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data);

/*
 * Queues @func on the worker for what holds something libvirt handed out
 * (a stream, to end it or to write to it): it runs in its turn whether or
 * not the host is still connected (@conn is NULL when not) and with no
 * cancellable, so that it lets go of it on the worker either way. No
 * callback; the task needs no result.
 */
void domus_connection_run_release_job (DomusConnection        *self,
                                       DomusWorkerJobFunc      func,
                                       gpointer                task_data,
                                       GDestroyNotify          task_data_free);

/* Reads the guest UUID again on the worker and adds, updates or removes
 * it in the list, as after one of its events. */
void domus_connection_refresh_domain (DomusConnection        *self,
                                      const char             *uuid);

/* Emits "backups-changed" for the guest UUID; on the main thread. */
void domus_connection_backups_changed (DomusConnection       *self,
                                       const char            *uuid);

G_END_DECLS
