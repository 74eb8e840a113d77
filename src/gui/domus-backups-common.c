/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "domus-backups-common.h"

#include <glib/gi18n.h>

#include "domus-domain-backup.h"

char *
domus_backups_date_text (GDateTime *date)
{
    return g_date_time_format (date, "%Y-%m-%d %H:%M:%S");
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
    base = domus_backups_date_text (((DomusBackupEntry *) entries->pdata[i - 1])->date);
    /* Translators: an incremental backup and the one it builds on. */
    return g_strdup_printf (_("Incremental, after %s"), base);
}
