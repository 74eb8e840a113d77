/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Quiet test logs. GTest's log handler prints every message as a TAP
 * comment, debug ones included and whatever G_MESSAGES_DEBUG says, so a
 * test program's log held thousands of lines of libvirt-glib's event loop
 * ("Add timeout", "Dispatch timeout": it logs without a domain), GdkPixbuf
 * and GIO, and a failing test's own words drowned in them. Linked whole into
 * every test program (tests/lib/meson.build), it drops the debug and info
 * messages of those domains before g_test_init() runs; warnings, criticals
 * and Domus's own debug messages still print. G_MESSAGES_DEBUG naming a
 * domain (or "all") brings its messages back for whoever debugs.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

/* libvirt-glib's (no domain), then GTK's helpers'. */
static const char *const noisy_domains[] = { NULL, "GdkPixbuf", "GLib-GIO" };

static void
drop_message_cb (const char *domain, GLogLevelFlags level, const char *message,
                 gpointer user_data)
{
}

static gboolean
asked_for (const char *domain)
{
    const char *wanted = g_getenv ("G_MESSAGES_DEBUG");
    g_auto(GStrv) names = NULL;

    if (wanted == NULL || *wanted == '\0')
        return FALSE;
    names = g_strsplit_set (wanted, " ,", -1);
    return g_strv_contains ((const char *const *) names, "all") ||
           g_strv_contains ((const char *const *) names, domain ? domain : "");
}

__attribute__((constructor)) static void
domus_test_log_quiet (void)
{
    for (gsize i = 0; i < G_N_ELEMENTS (noisy_domains); i++) {
        if (asked_for (noisy_domains[i]))
            continue;
        g_log_set_handler (noisy_domains[i], G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO,
                           drop_message_cb, NULL);
    }
}
