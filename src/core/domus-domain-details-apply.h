/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading a guest's definition for the Details page and applying an edited
 * one, as worker jobs. What changed is worked out from the saved and the
 * edited documents (the plan, pure): the changes libvirt can make to a
 * running guest (title and description, vCPUs, memory balloon, device
 * update / attach / detach) are made live with VIR_DOMAIN_AFFECT_LIVE after
 * the edited document is defined; everything else waits for the guest to
 * shut down. The outcome says which happened, and when libvirt refuses a
 * live change its whole message says why.
 */
#pragma once

#include <gio/gio.h>

#include "domus-connection.h"
#include "domus-domain-caps.h"
#include "domus-domain-details.h"

G_BEGIN_DECLS

typedef enum {
    DOMUS_DETAILS_UNCHANGED,            /* nothing to do */
    DOMUS_DETAILS_SAVED,                /* shut off: saved, used at the next start */
    DOMUS_DETAILS_APPLIED_NOW,          /* running without a saved definition */
    DOMUS_DETAILS_APPLIED_NOW_AND_SAVED,
    DOMUS_DETAILS_AFTER_SHUTDOWN,       /* saved; takes effect after the guest shuts down */
} DomusDetailsOutcome;

typedef enum {
    DOMUS_DETAILS_LIVE_TITLE,
    DOMUS_DETAILS_LIVE_DESCRIPTION,
    DOMUS_DETAILS_LIVE_VCPUS,
    DOMUS_DETAILS_LIVE_MEMORY,
    DOMUS_DETAILS_LIVE_UPDATE_DEVICE,
    DOMUS_DETAILS_LIVE_ATTACH_DEVICE,
    DOMUS_DETAILS_LIVE_DETACH_DEVICE,
} DomusDetailsLiveKind;

typedef struct {
    DomusDetailsLiveKind kind;
    char *text;             /* title, description or device XML */
    guint64 number;         /* vCPUs, or memory in KiB */
} DomusDetailsLiveChange;

typedef struct {
    char *rename;           /* the new name, or NULL */
    GPtrArray *live;        /* of DomusDetailsLiveChange */
    gboolean rest_changed;  /* something only a restart applies */
} DomusDetailsPlan;

/* What it takes to turn OLD into NEW. */
DomusDetailsPlan *domus_details_plan_new   (DomusDomainDetails *old_details,
                                            DomusDomainDetails *new_details);
void              domus_details_plan_free  (DomusDetailsPlan *plan);
gboolean          domus_details_plan_empty (DomusDetailsPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusDetailsPlan, domus_details_plan_free)

/* The sentence the page shows for an outcome. */
const char *domus_details_outcome_message (DomusDetailsOutcome outcome);

/* A guest's definition as the Details page reads it. */
typedef struct {
    char *xml;              /* the saved definition (the live one if there is none) */
    char *live_xml;         /* the running guest's, or NULL when it is off */
    gboolean active;
    gboolean persistent;
    gboolean autostart;
    guint host_cpus;
    guint64 host_memory_kib;
    DomusHostHardware *hardware;    /* what Add Hardware and the CPU page offer */
} DomusDetailsSnapshot;

void domus_details_snapshot_free (DomusDetailsSnapshot *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DomusDetailsSnapshot, domus_details_snapshot_free)

void                  domus_domain_details_load_async   (DomusConnection *conn,
                                                         DomusDomain *domain,
                                                         GCancellable *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer user_data);
DomusDetailsSnapshot *domus_domain_details_load_finish  (DomusConnection *conn,
                                                         GAsyncResult *result,
                                                         GError **error);

/* Turns the guest's definition OLD_XML (as loaded) into NEW_XML. On a
 * refusal the error carries libvirt's whole message and nothing was
 * changed; a live change libvirt refuses after the definition was saved
 * gives DOMUS_DETAILS_AFTER_SHUTDOWN and its message in NOTE. */
void                  domus_domain_details_apply_async  (DomusConnection *conn,
                                                         DomusDomain *domain,
                                                         const char *old_xml,
                                                         const char *new_xml,
                                                         GCancellable *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer user_data);
DomusDetailsOutcome   domus_domain_details_apply_finish (DomusConnection *conn,
                                                         GAsyncResult *result,
                                                         char **note,
                                                         GError **error);

/* Deletes the pool volume at PATH, a disk just removed from the guest,
 * unless another guest of the host still uses it or no pool holds it
 * (then the error says it was kept, with libvirt's words). */
void                  domus_domain_details_delete_volume_async  (DomusConnection *conn,
                                                                 DomusDomain *domain,
                                                                 const char *path,
                                                                 GCancellable *cancellable,
                                                                 GAsyncReadyCallback callback,
                                                                 gpointer user_data);
gboolean              domus_domain_details_delete_volume_finish (DomusConnection *conn,
                                                                 GAsyncResult *result,
                                                                 GError **error);

G_END_DECLS
