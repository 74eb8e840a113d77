/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The accelerator table: every entry parses, and no two actions share a key
 * unless they are never enabled together.
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "domus-application.h"

/* Actions never enabled together may share a key (Start and Restore). */
static const char *const alternates[][2] = {
    { "win.start", "win.restore" },
};

static gboolean
are_alternates (const char *a, const char *b)
{
    for (guint i = 0; i < G_N_ELEMENTS (alternates); i++) {
        if ((g_str_equal (a, alternates[i][0]) && g_str_equal (b, alternates[i][1])) ||
            (g_str_equal (a, alternates[i][1]) && g_str_equal (b, alternates[i][0])))
            return TRUE;
    }
    return FALSE;
}

static void
test_no_clashes (void)
{
    guint n;
    const DomusAccelEntry *entries = domus_application_get_accels (&n);
    g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                        g_free, NULL);

    g_assert_cmpuint (n, >, 0);
    for (guint i = 0; i < n; i++) {
        g_assert_true (g_action_name_is_valid (strchr (entries[i].action, '.') + 1));
        for (guint a = 0; entries[i].accels[a] != NULL; a++) {
            guint key;
            GdkModifierType mods;
            g_autofree char *canonical = NULL;

            gtk_accelerator_parse (entries[i].accels[a], &key, &mods);
            g_assert_cmpuint (key, !=, 0);
            canonical = gtk_accelerator_name (key, mods);
            if (g_hash_table_contains (seen, canonical) &&
                !are_alternates (g_hash_table_lookup (seen, canonical), entries[i].action))
                g_error ("%s is used by %s and %s", canonical,
                         (char *) g_hash_table_lookup (seen, canonical), entries[i].action);
            g_hash_table_insert (seen, g_steal_pointer (&canonical),
                                 (gpointer) entries[i].action);
        }
    }
}

int
main (int argc, char *argv[])
{
    gtk_test_init (&argc, &argv, NULL);
    g_test_add_func ("/accels/no-clashes", test_no_clashes);
    return g_test_run ();
}
