/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusWorker: the thread on which every libvirt call for one host runs,
 * one job at a time in the order they were queued, and the virConnectPtr
 * it uses. DomusConnection owns one; nothing but its thread touches the
 * virConnectPtr. The worker is reference counted apart from the
 * connection: a worker stuck in a call to a frozen host finishes its
 * queue and exits on its own, and nobody ever waits for it.
 */
#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>

G_BEGIN_DECLS

typedef struct _DomusWorker DomusWorker;

/*
 * A job: runs on the worker with the host's connection (NULL for a
 * release job when the host is closed) and must complete TASK; it may only
 * touch plain data, never a GObject that the main thread reads. The worker
 * never drops the last reference to TASK: it is released on its context.
 */
typedef void (*DomusWorkerJobFunc) (GTask         *task,
                                    virConnectPtr  conn,
                                    gpointer       task_data,
                                    GCancellable  *cancellable);

/*
 * What runs on the worker just before the host's connection closes (say,
 * deregistering the callbacks the open registered). DATA is freed with
 * DESTROY once the connection is closed.
 */
typedef struct {
    void           (*func) (virConnectPtr conn, gpointer data);
    gpointer         data;
    GDestroyNotify   destroy;
} DomusWorkerCloseHook;

/*
 * Opens the host: returns the new connection, with *HOOK set if something
 * must run before it closes, or NULL. Either way it completes TASK.
 */
typedef virConnectPtr (*DomusWorkerOpenFunc) (GTask                *task,
                                              gpointer              task_data,
                                              DomusWorkerCloseHook *hook);

/* Starts the thread. URI names the host in messages. */
DomusWorker *domus_worker_new               (const char *uri);
/* Stops the thread once the jobs queued so far have run, closes the host
 * on it and drops the caller's reference; never waits. */
void         domus_worker_quit              (DomusWorker *self);

/* Queues FUNC. If the host is not open when its turn comes, or TASK was
 * cancelled meanwhile, TASK returns DOMUS_ERROR_NOT_CONNECTED or
 * G_IO_ERROR_CANCELLED instead. Takes TASK. */
void         domus_worker_run               (DomusWorker        *self,
                                             DomusWorkerJobFunc  func,
                                             GTask              *task);
/* Queues FUNC to run in its turn whether or not the host is open (CONN is
 * NULL when not), for what holds something an earlier job handed out (to
 * end it, or to write to it) and must let go of it on the worker. Takes
 * TASK. */
void         domus_worker_run_release       (DomusWorker        *self,
                                             DomusWorkerJobFunc  func,
                                             GTask              *task);
/* Queues the opening of the host: closes what was open, then FUNC.
 * Takes TASK. */
void         domus_worker_open              (DomusWorker         *self,
                                             DomusWorkerOpenFunc  func,
                                             GTask               *task);
/* Queues the closing of the host; TASK returns TRUE. Takes TASK. */
void         domus_worker_close             (DomusWorker *self,
                                             GTask       *task);

/* Inside a job on a worker's thread: the host has just answered. A long
 * call the user started (a save, a snapshot) holds the worker while the
 * job asks for its progress; each answer restarts the count below, so the
 * watchdog tells such a job from a host that does not answer. On any other
 * thread (a migration runs on its own) it does nothing. */
void         domus_worker_answered          (void);
/* How long the job now running has been running (since the host last
 * answered it, see above), in whole seconds, or -1 while the worker is
 * idle. Any thread. */
int          domus_worker_get_busy_seconds  (DomusWorker *self);

G_END_DECLS
