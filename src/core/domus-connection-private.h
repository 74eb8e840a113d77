/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The worker-thread job API of DomusConnection, for the other parts of core
 * (poller, lifecycle, XML editing). A job function runs on the host's worker
 * thread with the host's virConnectPtr and must complete its GTask; it may
 * only touch plain data, never a GObject that the main thread reads.
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
 * Queues @func on the worker to end something an earlier job handed out
 * (a stream): it runs in its turn whether or not the host is still
 * connected (@conn is NULL when not), so that libvirt forgets it either
 * way. No callback; the task needs no result.
 */
void domus_connection_run_release_job (DomusConnection        *self,
                                       DomusWorkerJobFunc      func,
                                       gpointer                task_data,
                                       GDestroyNotify          task_data_free);

G_END_DECLS
