/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Details page's inline checks on what is typed, before anything is
 * applied: vCPUs against the maximum and the host, the topology against
 * the count, memory against the maximum and the host, unicast MACs. Pure
 * functions of their arguments, no document: any thread, tested without a
 * host.
 */
#include "config.h"

#include "domus-domain-details.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

char *
domus_details_check_vcpus (guint current, guint maximum, guint host_cpus)
{
    if (current < 1)
        return g_strdup (_("A guest needs at least one virtual CPU."));
    if (maximum < current)
        return g_strdup_printf (ngettext ("The maximum is %u virtual CPU: the current count "
                                          "cannot be above it.",
                                          "The maximum is %u virtual CPUs: the current count "
                                          "cannot be above it.", maximum), maximum);
    if (host_cpus > 0 && maximum > host_cpus)
        return g_strdup_printf (ngettext ("The host has %u CPU: give the guest at most that "
                                          "many.",
                                          "The host has %u CPUs: give the guest at most that "
                                          "many.", host_cpus), host_cpus);
    return NULL;
}

char *
domus_details_check_topology (guint sockets, guint cores, guint threads, guint maximum)
{
    guint64 product = (guint64) sockets * cores * threads;

    if (sockets == 0 && cores == 0 && threads == 0)
        return NULL;
    if (sockets == 0 || cores == 0 || threads == 0)
        return g_strdup (_("Sockets, cores and threads must each be at least 1."));
    if (product != maximum)
        /* %llu, not G_GUINT64_FORMAT: xgettext cannot read a macro in a string. */
        return g_strdup_printf (ngettext ("Sockets × cores × threads make %llu CPU, but the "
                                          "maximum is %u: make them equal.",
                                          "Sockets × cores × threads make %llu CPUs, but the "
                                          "maximum is %u: make them equal.",
                                          (unsigned long) MIN (product, G_MAXULONG)),
                                (unsigned long long) product, maximum);
    return NULL;
}

char *
domus_details_check_memory (guint64 current_kib, guint64 max_kib, guint64 host_kib)
{
    if (current_kib < 1024)
        return g_strdup (_("A guest needs at least 1 MiB of memory."));
    if (current_kib > max_kib)
        return g_strdup (_("The current memory cannot be above the maximum."));
    if (host_kib > 0 && max_kib > host_kib)
        return g_strdup_printf (_("The host has %llu MiB of memory: give the "
                                  "guest at most that much."),
                                (unsigned long long) (host_kib / 1024));
    return NULL;
}

char *
domus_details_check_mac (const char *mac)
{
    guint octets[6];
    char end;

    if (mac == NULL || *mac == '\0')
        return NULL;    /* libvirt picks one */
    if (strlen (mac) != 17 ||
        sscanf (mac, "%2x:%2x:%2x:%2x:%2x:%2x%c", &octets[0], &octets[1], &octets[2],
                &octets[3], &octets[4], &octets[5], &end) != 6)
        return g_strdup (_("A MAC address is six pairs of hexadecimal digits separated by "
                           "colons, such as 52:54:00:12:34:56."));
    for (guint i = 0; i < 17; i++) {
        if (i % 3 == 2 ? mac[i] != ':' : !g_ascii_isxdigit (mac[i]))
            return g_strdup (_("A MAC address is six pairs of hexadecimal digits separated "
                               "by colons, such as 52:54:00:12:34:56."));
    }
    if ((octets[0] & 1) != 0)
        return g_strdup (_("This is a multicast MAC address: a network card needs a unicast "
                           "one (an even first byte, such as 52:54:00:…)."));
    if ((octets[0] | octets[1] | octets[2] | octets[3] | octets[4] | octets[5]) == 0)
        return g_strdup (_("The MAC address cannot be all zeros."));
    return NULL;
}
