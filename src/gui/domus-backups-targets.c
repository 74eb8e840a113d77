/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The backup folders the Backups pages look in: two maps of GSettings
 * (a{sas}), folders by guest UUID and folders by connection URI. Main
 * thread only; no libvirt call here.
 */
#include "config.h"

#include "domus-backups-targets.h"

#include <gio/gio.h>

#include "domus-domain-backup.h"

#define GUEST_KEY "backup-targets"
#define HOST_KEY  "backup-host-targets"

/* Adds each of MAP's folders under ID (every ID when NULL) to BUILDER once. */
static void
add_from_map (GStrvBuilder *builder, GHashTable *seen, const char *key, const char *id)
{
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    g_autoptr(GVariant) map = g_settings_get_value (settings, key);
    GVariantIter iter;
    const char *map_id;
    GVariant *value;

    g_variant_iter_init (&iter, map);
    while (g_variant_iter_next (&iter, "{&s@as}", &map_id, &value)) {
        if (id == NULL || g_str_equal (id, map_id)) {
            g_autofree const char **targets = g_variant_get_strv (value, NULL);

            for (guint i = 0; targets[i] != NULL; i++)
                if (g_hash_table_add (seen, g_strdup (targets[i])))
                    g_strv_builder_add (builder, targets[i]);
        }
        g_variant_unref (value);
    }
}

/* The default folder, then those of GUEST_ID (any guest's when NULL) and
 * HOST_ID's. */
static GStrv
targets (const char *guest_id, const char *host_id)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    g_strv_builder_add (builder, DOMUS_BACKUP_DEFAULT_TARGET);
    g_hash_table_add (seen, g_strdup (DOMUS_BACKUP_DEFAULT_TARGET));
    add_from_map (builder, seen, GUEST_KEY, guest_id);
    if (host_id != NULL)
        add_from_map (builder, seen, HOST_KEY, host_id);
    return g_strv_builder_end (builder);
}

/* Adds TARGET to ID's list in the map KEY, unless it is there or the
 * default. */
static void
remember (const char *key, const char *id, const char *target)
{
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    g_autoptr(GVariant) map = g_settings_get_value (settings, key);
    g_autoptr(GStrvBuilder) list = g_strv_builder_new ();
    g_auto(GStrv) folders = NULL;
    g_autofree const char **known = NULL;
    GVariantBuilder builder;
    GVariantIter iter;
    const char *map_id;
    GVariant *value;

    if (g_str_equal (target, DOMUS_BACKUP_DEFAULT_TARGET))
        return;
    if (g_variant_lookup (map, id, "^a&s", &known)) {
        if (g_strv_contains (known, target))
            return;
        g_strv_builder_addv (list, known);
    }
    g_strv_builder_add (list, target);
    folders = g_strv_builder_end (list);
    g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sas}"));
    g_variant_iter_init (&iter, map);
    while (g_variant_iter_next (&iter, "{&s@as}", &map_id, &value)) {
        if (!g_str_equal (map_id, id))
            g_variant_builder_add (&builder, "{s@as}", map_id, value);
        g_variant_unref (value);
    }
    g_variant_builder_add (&builder, "{s^as}", id, folders);
    g_settings_set_value (settings, key, g_variant_builder_end (&builder));
}

void
domus_backups_remember_target (const char *uuid, const char *target)
{
    g_return_if_fail (uuid != NULL && target != NULL);
    remember (GUEST_KEY, uuid, target);
}

void
domus_backups_remember_host_target (const char *uri, const char *target)
{
    g_return_if_fail (uri != NULL && target != NULL);
    remember (HOST_KEY, uri, target);
}

GStrv
domus_backups_targets (const char *uuid, const char *uri)
{
    g_return_val_if_fail (uuid != NULL, NULL);
    return targets (uuid, uri);
}

GStrv
domus_host_backups_targets (const char *uri)
{
    return targets (NULL, uri);
}

void
domus_backups_targets_watch (GtkWidget *widget, GCallback changed)
{
    GSettings *settings = g_settings_new (APPLICATION_ID);

    /* The settings object lives as long as the widget. */
    g_object_set_data_full (G_OBJECT (widget), "domus-backups-targets-watch", settings,
                            g_object_unref);
    g_signal_connect_object (settings, "changed::" GUEST_KEY, changed, widget,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (settings, "changed::" HOST_KEY, changed, widget,
                             G_CONNECT_SWAPPED);
    /* GSettings tells of changes to keys it has read. */
    g_variant_unref (g_settings_get_value (settings, GUEST_KEY));
    g_variant_unref (g_settings_get_value (settings, HOST_KEY));
}
