/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A guest as a GObject. Created and changed by DomusConnection on the main
 * thread from plain data its worker fetched; never makes a libvirt call.
 */
#include "config.h"

#include "domus-domain.h"

#include <glib/gi18n-lib.h>

struct _DomusDomain {
    GObject parent_instance;

    char *uuid;
    char *name;
    DomusDomainState state;
    DomusDomainStats stats;
    char *activity;             /* "Saving… 40 %", or NULL */
    gboolean has_managed_save;
    gboolean autostart;
    GThread *owner;             /* made it; the only thread that may release it */
    guint snapshot_count;
};

G_DEFINE_FINAL_TYPE (DomusDomain, domus_domain, G_TYPE_OBJECT)

enum {
    PROP_0,
    PROP_UUID,
    PROP_NAME,
    PROP_STATE,
    PROP_ACTIVITY,
    PROP_HAS_MANAGED_SAVE,
    PROP_AUTOSTART,
    PROP_SNAPSHOT_COUNT,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
domus_domain_finalize (GObject *object)
{
    DomusDomain *self = DOMUS_DOMAIN (object);

    /* Widgets read it on the main thread: a job that let go of it last on
     * a worker would free it under their feet. */
    if (self->owner != g_thread_self ())
        g_critical ("The guest “%s” was released on a thread other than its own", self->name);

    g_clear_pointer (&self->uuid, g_free);
    g_clear_pointer (&self->name, g_free);
    g_clear_pointer (&self->activity, g_free);
    domus_stats_ring_clear (&self->stats.cpu);
    domus_stats_ring_clear (&self->stats.host_cpu);
    domus_stats_ring_clear (&self->stats.memory);
    domus_stats_ring_clear (&self->stats.disk);
    domus_stats_ring_clear (&self->stats.net);

    G_OBJECT_CLASS (domus_domain_parent_class)->finalize (object);
}

static void
domus_domain_get_property (GObject *object, guint prop_id,
                           GValue *value, GParamSpec *pspec)
{
    DomusDomain *self = DOMUS_DOMAIN (object);

    switch (prop_id) {
    case PROP_UUID:
        g_value_set_string (value, self->uuid);
        break;
    case PROP_NAME:
        g_value_set_string (value, self->name);
        break;
    case PROP_STATE:
        g_value_set_enum (value, self->state);
        break;
    case PROP_ACTIVITY:
        g_value_set_string (value, self->activity);
        break;
    case PROP_HAS_MANAGED_SAVE:
        g_value_set_boolean (value, self->has_managed_save);
        break;
    case PROP_AUTOSTART:
        g_value_set_boolean (value, self->autostart);
        break;
    case PROP_SNAPSHOT_COUNT:
        g_value_set_uint (value, self->snapshot_count);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_domain_set_property (GObject *object, guint prop_id,
                           const GValue *value, GParamSpec *pspec)
{
    DomusDomain *self = DOMUS_DOMAIN (object);

    switch (prop_id) {
    case PROP_UUID:
        self->uuid = g_value_dup_string (value);
        break;
    case PROP_NAME:
        domus_domain_set_name (self, g_value_get_string (value));
        break;
    case PROP_STATE:
        domus_domain_set_state (self, g_value_get_enum (value));
        break;
    case PROP_ACTIVITY:
        domus_domain_set_activity (self, g_value_get_string (value));
        break;
    case PROP_HAS_MANAGED_SAVE:
        domus_domain_set_has_managed_save (self, g_value_get_boolean (value));
        break;
    case PROP_AUTOSTART:
        domus_domain_set_autostart (self, g_value_get_boolean (value));
        break;
    case PROP_SNAPSHOT_COUNT:
        domus_domain_set_snapshot_count (self, g_value_get_uint (value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_domain_class_init (DomusDomainClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->finalize = domus_domain_finalize;
    object_class->get_property = domus_domain_get_property;
    object_class->set_property = domus_domain_set_property;

    properties[PROP_UUID] =
        g_param_spec_string ("uuid", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_NAME] =
        g_param_spec_string ("name", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_STATE] =
        g_param_spec_enum ("state", NULL, NULL,
                           DOMUS_TYPE_DOMAIN_STATE,
                           DOMUS_DOMAIN_STATE_NOSTATE,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS);
    properties[PROP_ACTIVITY] =
        g_param_spec_string ("activity", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_HAS_MANAGED_SAVE] =
        g_param_spec_boolean ("has-managed-save", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS);
    properties[PROP_AUTOSTART] =
        g_param_spec_boolean ("autostart", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS);

    properties[PROP_SNAPSHOT_COUNT] =
        g_param_spec_uint ("snapshot-count", NULL, NULL, 0, G_MAXUINT, 0,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS);

    g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
domus_domain_init (DomusDomain *self)
{
    self->owner = g_thread_self ();
}

DomusDomain *
domus_domain_new (const char *uuid, const char *name, DomusDomainState state)
{
    g_return_val_if_fail (uuid != NULL, NULL);
    g_return_val_if_fail (name != NULL, NULL);

    return g_object_new (DOMUS_TYPE_DOMAIN,
                         "uuid", uuid,
                         "name", name,
                         "state", state,
                         NULL);
}

const char *
domus_domain_get_uuid (DomusDomain *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN (self), NULL);
    return self->uuid;
}

const char *
domus_domain_get_name (DomusDomain *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN (self), NULL);
    return self->name;
}

void
domus_domain_set_name (DomusDomain *self, const char *name)
{
    g_return_if_fail (DOMUS_IS_DOMAIN (self));

    if (g_strcmp0 (self->name, name) == 0)
        return;
    g_free (self->name);
    self->name = g_strdup (name);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

DomusDomainState
domus_domain_get_state (DomusDomain *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN (self), DOMUS_DOMAIN_STATE_NOSTATE);
    return self->state;
}

void
domus_domain_set_state (DomusDomain *self, DomusDomainState state)
{
    g_return_if_fail (DOMUS_IS_DOMAIN (self));

    if (self->state == state)
        return;
    self->state = state;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
domus_domain_get_activity (DomusDomain *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN (self), NULL);
    return self->activity;
}

void
domus_domain_set_activity (DomusDomain *self, const char *activity)
{
    g_return_if_fail (DOMUS_IS_DOMAIN (self));

    if (g_strcmp0 (self->activity, activity) == 0)
        return;
    g_free (self->activity);
    self->activity = g_strdup (activity);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVITY]);
}

gboolean
domus_domain_get_has_managed_save (DomusDomain *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN (self), FALSE);
    return self->has_managed_save;
}

void
domus_domain_set_has_managed_save (DomusDomain *self, gboolean has_managed_save)
{
    g_return_if_fail (DOMUS_IS_DOMAIN (self));

    has_managed_save = !!has_managed_save;
    if (self->has_managed_save == has_managed_save)
        return;
    self->has_managed_save = has_managed_save;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MANAGED_SAVE]);
}

gboolean
domus_domain_get_autostart (DomusDomain *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN (self), FALSE);
    return self->autostart;
}

void
domus_domain_set_autostart (DomusDomain *self, gboolean autostart)
{
    g_return_if_fail (DOMUS_IS_DOMAIN (self));

    autostart = !!autostart;
    if (self->autostart == autostart)
        return;
    self->autostart = autostart;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOSTART]);
}

guint
domus_domain_get_snapshot_count (DomusDomain *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN (self), 0);
    return self->snapshot_count;
}

void
domus_domain_set_snapshot_count (DomusDomain *self, guint count)
{
    g_return_if_fail (DOMUS_IS_DOMAIN (self));

    if (self->snapshot_count == count)
        return;
    self->snapshot_count = count;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT_COUNT]);
}

gboolean
domus_domain_is_active (DomusDomain *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN (self), FALSE);

    return self->state != DOMUS_DOMAIN_STATE_SHUTOFF &&
           self->state != DOMUS_DOMAIN_STATE_NOSTATE;
}

gboolean
domus_domain_state_runs_vcpus (DomusDomainState state)
{
    return state == DOMUS_DOMAIN_STATE_RUNNING ||
           state == DOMUS_DOMAIN_STATE_BLOCKED ||
           state == DOMUS_DOMAIN_STATE_SHUTDOWN;
}

DomusDomainStats *
domus_domain_get_stats (DomusDomain *self)
{
    g_return_val_if_fail (DOMUS_IS_DOMAIN (self), NULL);
    return &self->stats;
}

/* The words virt-manager's users know, in the same order as virDomainState. */
const char *
domus_domain_state_to_string (DomusDomainState state)
{
    switch (state) {
    case DOMUS_DOMAIN_STATE_RUNNING:
        return _("Running");
    case DOMUS_DOMAIN_STATE_BLOCKED:
        return _("Blocked");
    case DOMUS_DOMAIN_STATE_PAUSED:
        return _("Paused");
    case DOMUS_DOMAIN_STATE_SHUTDOWN:
        return _("Shutting Down");
    case DOMUS_DOMAIN_STATE_SHUTOFF:
        return _("Shut Off");
    case DOMUS_DOMAIN_STATE_CRASHED:
        return _("Crashed");
    case DOMUS_DOMAIN_STATE_PMSUSPENDED:
        return _("Suspended");
    case DOMUS_DOMAIN_STATE_NOSTATE:
    default:
        return _("Unknown");
    }
}

const char *
domus_domain_state_icon_name (DomusDomainState state)
{
    switch (state) {
    case DOMUS_DOMAIN_STATE_RUNNING:
    case DOMUS_DOMAIN_STATE_BLOCKED:
        return "media-playback-start-symbolic";
    case DOMUS_DOMAIN_STATE_PAUSED:
    case DOMUS_DOMAIN_STATE_PMSUSPENDED:
        return "media-playback-pause-symbolic";
    case DOMUS_DOMAIN_STATE_SHUTDOWN:
        return "system-shutdown-symbolic";
    case DOMUS_DOMAIN_STATE_CRASHED:
        return "dialog-error-symbolic";
    case DOMUS_DOMAIN_STATE_SHUTOFF:
    case DOMUS_DOMAIN_STATE_NOSTATE:
    default:
        return "media-playback-stop-symbolic";
    }
}
