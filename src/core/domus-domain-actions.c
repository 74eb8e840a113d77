/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Guest actions as worker jobs. A refusal keeps libvirt's whole message,
 * prefixed with a sentence that names the guest and the host.
 */
#include "config.h"

#include "domus-domain-actions.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"

typedef struct {
    char *uuid;
    char *what;     /* "Starting “web01” on Demo Host failed" */
    DomusDomainAction action;
} ActionJob;

static void
action_job_free (ActionJob *job)
{
    g_free (job->uuid);
    g_free (job->what);
    g_free (job);
}

gboolean
domus_domain_action_applies (DomusDomainAction action, DomusDomainState state)
{
    gboolean running = state == DOMUS_DOMAIN_STATE_RUNNING ||
                       state == DOMUS_DOMAIN_STATE_BLOCKED;

    g_return_val_if_fail (action < DOMUS_N_DOMAIN_ACTIONS, FALSE);

    switch (action) {
    case DOMUS_DOMAIN_ACTION_START:
        return state == DOMUS_DOMAIN_STATE_SHUTOFF || state == DOMUS_DOMAIN_STATE_CRASHED;
    case DOMUS_DOMAIN_ACTION_PAUSE:
        return running;
    case DOMUS_DOMAIN_ACTION_RESUME:
        return state == DOMUS_DOMAIN_STATE_PAUSED || state == DOMUS_DOMAIN_STATE_PMSUSPENDED;
    case DOMUS_DOMAIN_ACTION_SHUTDOWN:
    case DOMUS_DOMAIN_ACTION_REBOOT:
        return running;
    case DOMUS_DOMAIN_ACTION_RESET:
        return running || state == DOMUS_DOMAIN_STATE_PAUSED;
    case DOMUS_DOMAIN_ACTION_FORCE_OFF:
        return state != DOMUS_DOMAIN_STATE_SHUTOFF && state != DOMUS_DOMAIN_STATE_NOSTATE;
    case DOMUS_DOMAIN_ACTION_REMOVE_SAVED_STATE:
        /* A saved guest is shut off; whether it has an image is not a state. */
        return state == DOMUS_DOMAIN_STATE_SHUTOFF;
    case DOMUS_N_DOMAIN_ACTIONS:
        break;
    }
    g_assert_not_reached ();
}

/* "Starting “web01” on Demo Host failed": the guest, then the host. */
static const char *const failure_formats[DOMUS_N_DOMAIN_ACTIONS] = {
    [DOMUS_DOMAIN_ACTION_START] = N_("Starting “%s” on %s failed"),
    [DOMUS_DOMAIN_ACTION_PAUSE] = N_("Pausing “%s” on %s failed"),
    [DOMUS_DOMAIN_ACTION_RESUME] = N_("Resuming “%s” on %s failed"),
    [DOMUS_DOMAIN_ACTION_SHUTDOWN] = N_("Shutting down “%s” on %s failed"),
    [DOMUS_DOMAIN_ACTION_REBOOT] = N_("Rebooting “%s” on %s failed"),
    [DOMUS_DOMAIN_ACTION_RESET] = N_("Resetting “%s” on %s failed"),
    [DOMUS_DOMAIN_ACTION_FORCE_OFF] = N_("Forcing off “%s” on %s failed"),
    [DOMUS_DOMAIN_ACTION_REMOVE_SAVED_STATE] =
        N_("Removing the saved state of “%s” on %s failed"),
};

static char *
describe_failure (DomusDomainAction action, const char *guest, const char *host)
{
    g_assert (action < DOMUS_N_DOMAIN_ACTIONS && failure_formats[action] != NULL);

    /* The format is one of the translated ones above. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    return g_strdup_printf (_(failure_formats[action]), guest, host);
#pragma GCC diagnostic pop
}

static void
action_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    ActionJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    GError *error = NULL;
    int rc = -1;

    if (dom != NULL) {
        switch (job->action) {
        case DOMUS_DOMAIN_ACTION_START:
            rc = virDomainCreate (dom);
            break;
        case DOMUS_DOMAIN_ACTION_PAUSE:
            rc = virDomainSuspend (dom);
            break;
        case DOMUS_DOMAIN_ACTION_RESUME:
            rc = virDomainResume (dom);
            break;
        case DOMUS_DOMAIN_ACTION_SHUTDOWN:
            rc = virDomainShutdown (dom);
            break;
        case DOMUS_DOMAIN_ACTION_REBOOT:
            rc = virDomainReboot (dom, 0);
            break;
        case DOMUS_DOMAIN_ACTION_RESET:
            rc = virDomainReset (dom, 0);
            break;
        case DOMUS_DOMAIN_ACTION_REMOVE_SAVED_STATE:
            rc = virDomainManagedSaveRemove (dom, 0);
            break;
        case DOMUS_DOMAIN_ACTION_FORCE_OFF:
            rc = virDomainDestroy (dom);
            break;
        case DOMUS_N_DOMAIN_ACTIONS:
            g_assert_not_reached ();
        }
    }
    if (rc < 0) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

void
domus_domain_action_async (DomusConnection *conn, DomusDomain *domain,
                           DomusDomainAction action, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
    ActionJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));
    g_return_if_fail (action < DOMUS_N_DOMAIN_ACTIONS);

    job = g_new0 (ActionJob, 1);
    job->uuid = g_strdup (domus_domain_get_uuid (domain));
    job->action = action;
    job->what = describe_failure (action, domus_domain_get_name (domain),
                                  domus_connection_get_display_name (conn));
    domus_connection_run_job (conn, action_job, job, (GDestroyNotify) action_job_free,
                              cancellable, callback, user_data);
}

gboolean
domus_domain_action_finish (DomusConnection *conn, GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
domus_domain_action_applies_to (DomusDomainAction action, DomusDomain *domain)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN (domain), FALSE);

    if (action == DOMUS_DOMAIN_ACTION_REMOVE_SAVED_STATE &&
        !domus_domain_get_has_managed_save (domain))
        return FALSE;
    return domus_domain_action_applies (action, domus_domain_get_state (domain));
}

/* ---- managed save and autostart flags ----------------------------------- */

/* Plain data: whoever lets go of a task last frees it, and that may be the
 * worker. The guest is looked up again on the main thread when it is done. */
typedef struct {
    char *uuid;
    char *what;
    gboolean autostart;         /* asked for (set) or read (refresh) */
    gboolean has_managed_save;  /* read */
} FlagsJob;

static void
flags_job_free (FlagsJob *job)
{
    g_free (job->uuid);
    g_free (job->what);
    g_free (job);
}

static FlagsJob *
flags_job_new (DomusDomain *domain, char *what)
{
    FlagsJob *job = g_new0 (FlagsJob, 1);

    job->uuid = g_strdup (domus_domain_get_uuid (domain));
    job->what = what;
    return job;
}

static void
refresh_flags_job (GTask *task, virConnectPtr conn, gpointer task_data,
                   GCancellable *cancellable)
{
    FlagsJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    GError *error = NULL;
    int autostart = 0;
    int saved;

    if (dom == NULL || virDomainGetAutostart (dom, &autostart) < 0 ||
        (saved = virDomainHasManagedSaveImage (dom, 0)) < 0) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    job->autostart = autostart != 0;
    job->has_managed_save = saved > 0;
    g_task_return_boolean (task, TRUE);
}

void
domus_domain_refresh_flags_async (DomusConnection *conn, DomusDomain *domain,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));

    domus_connection_run_job (conn, refresh_flags_job,
                              flags_job_new (domain,
                                             g_strdup_printf (_("Reading the settings of “%s” on %s failed"),
                                                              domus_domain_get_name (domain),
                                                              domus_connection_get_display_name (conn))),
                              (GDestroyNotify) flags_job_free, cancellable, callback, user_data);
}

/* Main thread: what the job read or set becomes the guest's, if the host
 * still lists it. */
static gboolean
flags_job_finish (DomusConnection *conn, GAsyncResult *result, gboolean read_saved,
                  GError **error)
{
    FlagsJob *job;
    DomusDomain *domain;

    if (!g_task_propagate_boolean (G_TASK (result), error))
        return FALSE;
    job = g_task_get_task_data (G_TASK (result));
    domain = domus_connection_lookup_domain (conn, job->uuid);
    if (domain == NULL)
        return TRUE;
    domus_domain_set_autostart (domain, job->autostart);
    if (read_saved)
        domus_domain_set_has_managed_save (domain, job->has_managed_save);
    return TRUE;
}

gboolean
domus_domain_refresh_flags_finish (DomusConnection *conn, GAsyncResult *result,
                                   GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return flags_job_finish (conn, result, TRUE, error);
}

static void
set_autostart_job (GTask *task, virConnectPtr conn, gpointer task_data,
                   GCancellable *cancellable)
{
    FlagsJob *job = task_data;
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString (conn, job->uuid);
    GError *error = NULL;

    if (dom == NULL || virDomainSetAutostart (dom, job->autostart) < 0) {
        domus_set_error_from_libvirt (&error, job->what);
        g_task_return_error (task, error);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

void
domus_domain_set_autostart_async (DomusConnection *conn, DomusDomain *domain,
                                  gboolean autostart, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
    const char *guest, *host;
    FlagsJob *job;

    g_return_if_fail (DOMUS_IS_CONNECTION (conn));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));

    guest = domus_domain_get_name (domain);
    host = domus_connection_get_display_name (conn);
    job = flags_job_new (domain,
                         autostart
                         ? g_strdup_printf (_("Making “%s” start with %s failed"), guest, host)
                         : g_strdup_printf (_("Stopping “%s” from starting with %s failed"),
                                            guest, host));
    job->autostart = autostart;
    domus_connection_run_job (conn, set_autostart_job, job, (GDestroyNotify) flags_job_free,
                              cancellable, callback, user_data);
}

gboolean
domus_domain_set_autostart_finish (DomusConnection *conn, GAsyncResult *result,
                                   GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
    return flags_job_finish (conn, result, FALSE, error);
}
