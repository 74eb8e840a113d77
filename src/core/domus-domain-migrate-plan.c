/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Emptying a host: which running guest goes to which destination, from
 * the destinations' free memory (a pure function), and the running guests
 * of a host with the memory each holds (a worker job).
 */
#include "config.h"

#include "domus-domain-migrate.h"

#include <glib/gi18n-lib.h>

#include "domus-connection-private.h"
#include "domus-error.h"
#include "domus-libvirt-private.h"

void
domus_evacuation_item_free (DomusEvacuationItem *item)
{
    if (item == NULL)
        return;
    g_free (item->uuid);
    g_free (item->name);
    g_free (item);
}

static int
by_memory_then_name (gconstpointer a, gconstpointer b)
{
    const DomusEvacuationItem *x = *(const DomusEvacuationItem *const *) a;
    const DomusEvacuationItem *y = *(const DomusEvacuationItem *const *) b;

    if (x->memory_kib != y->memory_kib)
        return x->memory_kib > y->memory_kib ? -1 : 1;
    return g_strcmp0 (x->name, y->name);
}

void
domus_migrate_plan_evacuation (GPtrArray *guests, const guint64 *free_kib, guint n_dests)
{
    g_autofree guint64 *room = g_new0 (guint64, MAX (n_dests, 1));
    g_autofree guint *count = g_new0 (guint, MAX (n_dests, 1));
    g_autoptr(GPtrArray) order = g_ptr_array_copy (guests, NULL, NULL);

    g_return_if_fail (guests != NULL);
    g_return_if_fail (n_dests == 0 || free_kib != NULL);

    /* The order borrows the items. */
    g_ptr_array_set_free_func (order, NULL);

    /* A host that does not say how much it has free takes any guest. */
    for (guint d = 0; d < n_dests; d++)
        room[d] = free_kib[d] > 0 ? free_kib[d] : G_MAXUINT64;
    /* The largest guests first, each to the destination with the most room
     * left (of those with as much, the one with fewer guests so far). */
    g_ptr_array_sort (order, by_memory_then_name);
    for (guint i = 0; i < order->len; i++) {
        DomusEvacuationItem *item = g_ptr_array_index (order, i);
        int best = -1;

        for (guint d = 0; d < n_dests; d++) {
            if (room[d] < item->memory_kib)
                continue;
            if (best < 0 || room[d] > room[best] ||
                (room[d] == room[best] && count[d] < count[best]))
                best = (int) d;
        }
        item->dest = best;
        if (best >= 0) {
            if (room[best] != G_MAXUINT64)
                room[best] -= item->memory_kib;
            count[best]++;
        }
    }
}

static void
list_running_job (GTask *task, virConnectPtr conn, gpointer task_data,
                  GCancellable *cancellable)
{
    virDomainPtr *domains = NULL;
    int n = virConnectListAllDomains (conn, &domains, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
    GPtrArray *items;
    GError *error = NULL;

    if (n < 0) {
        domus_set_error_from_libvirt (&error, _("Listing the running guests failed"));
        g_task_return_error (task, error);
        return;
    }
    items = g_ptr_array_new_with_free_func ((GDestroyNotify) domus_evacuation_item_free);
    for (int i = 0; i < n; i++) {
        char uuid[VIR_UUID_STRING_BUFLEN];
        virDomainInfo info;

        if (virDomainGetUUIDString (domains[i], uuid) == 0 &&
            virDomainGetInfo (domains[i], &info) == 0) {
            DomusEvacuationItem *item = g_new0 (DomusEvacuationItem, 1);

            item->uuid = g_strdup (uuid);
            item->name = g_strdup (virDomainGetName (domains[i]));
            item->memory_kib = info.memory;
            item->dest = -1;
            g_ptr_array_add (items, item);
        }
        virResetLastError ();
        virDomainFree (domains[i]);
    }
    free (domains);
    g_ptr_array_sort (items, by_memory_then_name);
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

void
domus_migrate_list_running_async (DomusConnection *conn, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
    g_return_if_fail (DOMUS_IS_CONNECTION (conn));

    domus_connection_run_job (conn, list_running_job, NULL, NULL, cancellable, callback,
                              user_data);
}

GPtrArray *
domus_migrate_list_running_finish (DomusConnection *conn, GAsyncResult *result,
                                   GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, conn), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}
