/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "domus-backups-common.h"

#include <glib/gi18n.h>

#include "domus-domain-backup.h"

char *
domus_backups_date_text (const DomusBackupEntry *entry)
{
    g_autofree char *date = g_date_time_format (entry->date, "%Y-%m-%d %H:%M:%S");

    if (entry->sequence <= 1)
        return g_steal_pointer (&date);
    /* Translators: the date of the Nth backup made within one second. */
    return g_strdup_printf (_("%s (%u)"), date, entry->sequence);
}

char *
domus_backups_kind_text (GPtrArray *entries, guint i)
{
    DomusBackupEntry *entry = entries->pdata[i];
    g_autofree char *base = NULL;

    if (!entry->incremental)
        return g_strdup (_("Full"));
    if (entry->base == NULL || i == 0)
        return g_strdup (_("Incremental, its full backup is missing"));
    /* The one it builds on is the backup before it. */
    base = domus_backups_date_text (entries->pdata[i - 1]);
    /* Translators: an incremental backup and the one it builds on. */
    return g_strdup_printf (_("Incremental, after %s"), base);
}
