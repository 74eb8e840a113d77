/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusMigrateBatch: several live migrations as one operation. It first
 * reads, on the hosts' workers, the memory of the guests (the running
 * guests of each source) and the free memory of each destination, plans
 * with domus_migrate_plan_evacuation, then keeps at most N migrations of
 * domus_domain_migrate_async going; each guest's activity (in the lists)
 * follows its migration. Main thread only; no libvirt here.
 */
#include "config.h"

#include "domus-migrate-batch.h"

#include <glib/gi18n-lib.h>

#include "domus-error.h"

typedef struct {
    DomusMigrateBatch *batch;    /* not a reference: the batch outlives its items */
    guint index;
    DomusConnection *source;
    DomusDomain *domain;
    char *name;
    char *uuid;
    guint64 memory_kib;
    gboolean running;            /* found among its host's running guests */
    DomusConnection *dest;
    DomusMigrateItemState state;
    DomusMigrateProgress progress;
    char *message;
    gint64 started;
    double seconds;
    GCancellable *cancellable;
    gboolean showing;            /* its activity is the batch's */
} Item;

struct _DomusMigrateBatch {
    GObject parent_instance;

    DomusMigrateOptions *options;
    guint parallel;
    GPtrArray *items;            /* Item */
    GPtrArray *dests;            /* DomusConnection */
    guint64 *free_kib;           /* per destination, once read */
    GTask *task;                 /* the run, until it completes */
    GError *read_error;          /* the first host that could not be read */
    guint pending_reads;
    guint running;
    gulong cancel_id;
};

G_DEFINE_FINAL_TYPE (DomusMigrateBatch, domus_migrate_batch, G_TYPE_OBJECT)

enum {
    ITEM_CHANGED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
item_free (Item *item)
{
    g_object_unref (item->source);
    g_object_unref (item->domain);
    g_free (item->name);
    g_free (item->uuid);
    g_clear_object (&item->dest);
    g_free (item->message);
    g_clear_object (&item->cancellable);
    g_free (item);
}

static void
domus_migrate_batch_finalize (GObject *object)
{
    DomusMigrateBatch *self = DOMUS_MIGRATE_BATCH (object);

    g_ptr_array_unref (self->items);
    g_ptr_array_unref (self->dests);
    g_free (self->free_kib);
    g_clear_error (&self->read_error);
    domus_migrate_options_free (self->options);
    G_OBJECT_CLASS (domus_migrate_batch_parent_class)->finalize (object);
}

static void
domus_migrate_batch_class_init (DomusMigrateBatchClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = domus_migrate_batch_finalize;

    signals[ITEM_CHANGED] = g_signal_new ("item-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
domus_migrate_batch_init (DomusMigrateBatch *self)
{
    self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
    self->dests = g_ptr_array_new_with_free_func (g_object_unref);
}

DomusMigrateBatch *
domus_migrate_batch_new (const DomusMigrateOptions *options, guint parallel)
{
    DomusMigrateBatch *self;

    g_return_val_if_fail (options != NULL, NULL);

    self = g_object_new (DOMUS_TYPE_MIGRATE_BATCH, NULL);
    self->options = domus_migrate_options_copy (options);
    self->parallel = MAX (parallel, 1);
    return self;
}

void
domus_migrate_batch_add_guest (DomusMigrateBatch *self, DomusConnection *source,
                               DomusDomain *domain)
{
    Item *item;

    g_return_if_fail (DOMUS_IS_MIGRATE_BATCH (self));
    g_return_if_fail (DOMUS_IS_CONNECTION (source));
    g_return_if_fail (DOMUS_IS_DOMAIN (domain));
    g_return_if_fail (self->task == NULL);

    item = g_new0 (Item, 1);
    item->batch = self;
    item->index = self->items->len;
    item->source = g_object_ref (source);
    item->domain = g_object_ref (domain);
    item->name = g_strdup (domus_domain_get_name (domain));
    item->uuid = g_strdup (domus_domain_get_uuid (domain));
    g_ptr_array_add (self->items, item);
}

void
domus_migrate_batch_add_destination (DomusMigrateBatch *self, DomusConnection *dest)
{
    g_return_if_fail (DOMUS_IS_MIGRATE_BATCH (self));
    g_return_if_fail (DOMUS_IS_CONNECTION (dest));
    g_return_if_fail (self->task == NULL);

    g_ptr_array_add (self->dests, g_object_ref (dest));
}

static Item *
item_at (DomusMigrateBatch *self, guint index)
{
    g_return_val_if_fail (DOMUS_IS_MIGRATE_BATCH (self), NULL);
    g_return_val_if_fail (index < self->items->len, NULL);
    return g_ptr_array_index (self->items, index);
}

/* The guest's activity in every list that shows it, as a single
 * migration sets it: waiting, the share moved, cancelling; none once its
 * migration ended. */
static void
show_activity (Item *item)
{
    const char *dest = item->dest != NULL ? domus_connection_get_display_name (item->dest)
                                          : NULL;
    const DomusMigrateProgress *p = &item->progress;
    g_autofree char *text = NULL;

    if (item->state == DOMUS_MIGRATE_ITEM_WAITING && dest != NULL)
        text = g_strdup_printf (_("Waiting to migrate to %s…"), dest);
    else if (item->state == DOMUS_MIGRATE_ITEM_RUNNING && item->cancellable != NULL &&
             g_cancellable_is_cancelled (item->cancellable))
        text = g_strdup (_("Cancelling the migration…"));
    else if (item->state == DOMUS_MIGRATE_ITEM_RUNNING && p->total_bytes > 0)
        /* TRANSLATORS: a guest's progress in the list, "Migrating to hv2… 40 %" */
        text = g_strdup_printf (_("Migrating to %s… %d %%"), dest,
                                (int) (MIN (1.0, (double) p->processed_bytes /
                                                 (double) p->total_bytes) * 100));
    else if (item->state == DOMUS_MIGRATE_ITEM_RUNNING)
        text = g_strdup_printf (_("Migrating to %s…"), dest);
    /* Another action's activity is not the batch's to clear. */
    if ((text != NULL || item->showing) &&
        g_strcmp0 (text, domus_domain_get_activity (item->domain)) != 0)
        domus_domain_set_activity (item->domain, text);
    item->showing = text != NULL;
}

static void
item_changed (Item *item)
{
    show_activity (item);
    g_signal_emit (item->batch, signals[ITEM_CHANGED], 0, item->index);
}

/* ---- running ------------------------------------------------------------ */

static void start_more (DomusMigrateBatch *self);

static gboolean
cancelled (DomusMigrateBatch *self)
{
    return g_cancellable_is_cancelled (g_task_get_cancellable (self->task));
}

static void
finish (DomusMigrateBatch *self)
{
    g_autoptr(GTask) task = g_steal_pointer (&self->task);

    g_cancellable_disconnect (g_task_get_cancellable (task), self->cancel_id);
    self->cancel_id = 0;
    g_task_return_boolean (task, TRUE);
}

static void
migrate_progress_cb (const DomusMigrateProgress *progress, gpointer user_data)
{
    Item *item = user_data;

    item->progress = *progress;
    item_changed (item);
}

static void
migrate_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Item *item = user_data;
    DomusMigrateBatch *self = item->batch;
    g_autoptr(GError) error = NULL;

    item->seconds = (double) (g_get_monotonic_time () - item->started) / G_USEC_PER_SEC;
    if (domus_domain_migrate_finish (DOMUS_CONNECTION (source), result, &error)) {
        item->state = DOMUS_MIGRATE_ITEM_MOVED;
    } else {
        item->state = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                      ? DOMUS_MIGRATE_ITEM_CANCELLED : DOMUS_MIGRATE_ITEM_FAILED;
        item->message = g_strdup (error->message);
    }
    g_clear_object (&item->cancellable);
    self->running--;
    item_changed (item);
    start_more (self);
    /* The batch was held for this migration. */
    g_object_unref (self);
}

static void
start_item (DomusMigrateBatch *self, Item *item)
{
    item->state = DOMUS_MIGRATE_ITEM_RUNNING;
    item->progress.phase = DOMUS_MIGRATE_PHASE_STARTING;
    item->cancellable = g_cancellable_new ();
    item->started = g_get_monotonic_time ();
    self->running++;
    item_changed (item);
    /* Held for the migration: released in migrate_done_cb. */
    g_object_ref (self);
    domus_domain_migrate_async (item->source, item->domain, item->dest, self->options,
                                migrate_progress_cb, item, NULL, item->cancellable,
                                migrate_done_cb, item);
}

/* Starts what waits while fewer than PARALLEL run, in the plan's order;
 * once cancelled, what waits is cancelled; completes when all ended. */
static void
start_more (DomusMigrateBatch *self)
{
    for (guint i = 0; i < self->items->len; i++) {
        Item *item = g_ptr_array_index (self->items, i);

        if (item->state != DOMUS_MIGRATE_ITEM_WAITING)
            continue;
        if (cancelled (self)) {
            item->state = DOMUS_MIGRATE_ITEM_CANCELLED;
            item->message = g_strdup_printf (_("Not started: the evacuation was cancelled. "
                                               "“%s” is still on %s."), item->name,
                                             domus_connection_get_display_name (item->source));
            item_changed (item);
        } else if (self->running < self->parallel) {
            start_item (self, item);
        }
    }
    if (self->running == 0 && self->task != NULL)
        finish (self);
}

static void
cancel_cb (GCancellable *cancellable, gpointer user_data)
{
    DomusMigrateBatch *self = user_data;

    for (guint i = 0; i < self->items->len; i++) {
        Item *item = g_ptr_array_index (self->items, i);

        if (item->cancellable != NULL) {
            g_cancellable_cancel (item->cancellable);
            show_activity (item);
        }
    }
}

/* ---- planning ----------------------------------------------------------- */

static int
by_plan_order (gconstpointer a, gconstpointer b)
{
    const Item *x = *(const Item *const *) a;
    const Item *y = *(const Item *const *) b;

    if (x->memory_kib != y->memory_kib)
        return x->memory_kib > y->memory_kib ? -1 : 1;
    return g_strcmp0 (x->name, y->name);
}

static void
plan (DomusMigrateBatch *self)
{
    g_autoptr(GPtrArray) guests = g_ptr_array_new_with_free_func (
        (GDestroyNotify) domus_evacuation_item_free);

    /* The largest first: they are planned, and so started, first. */
    g_ptr_array_sort (self->items, by_plan_order);
    for (guint i = 0; i < self->items->len; i++) {
        Item *item = g_ptr_array_index (self->items, i);
        DomusEvacuationItem *guest = g_new0 (DomusEvacuationItem, 1);

        item->index = i;
        guest->uuid = g_strdup (item->uuid);
        guest->name = g_strdup (item->name);
        guest->memory_kib = item->running ? item->memory_kib : 0;
        guest->dest = -1;
        g_ptr_array_add (guests, guest);
    }
    domus_migrate_plan_evacuation (guests, self->free_kib, self->dests->len);
    for (guint i = 0; i < self->items->len; i++) {
        Item *item = g_ptr_array_index (self->items, i);
        DomusEvacuationItem *guest = g_ptr_array_index (guests, i);

        if (!item->running) {
            item->state = DOMUS_MIGRATE_ITEM_FAILED;
            item->message = g_strdup_printf (_("“%s” is not running on %s: only running "
                                               "guests move together. Migrate it alone to "
                                               "move its definition."),
                                             item->name,
                                             domus_connection_get_display_name (item->source));
        } else if (guest->dest < 0) {
            item->state = DOMUS_MIGRATE_ITEM_NO_ROOM;
            item->message = g_strdup_printf (
                _("No destination has the %llu MiB of memory “%s” needs free; it stays "
                  "on %s."), (unsigned long long) (item->memory_kib / 1024), item->name,
                domus_connection_get_display_name (item->source));
        } else {
            item->dest = g_object_ref (g_ptr_array_index (self->dests, guest->dest));
        }
        item_changed (item);
    }
}

static void
read_done (DomusMigrateBatch *self)
{
    if (--self->pending_reads > 0)
        return;
    if (self->read_error != NULL) {
        g_autoptr(GTask) task = g_steal_pointer (&self->task);

        g_cancellable_disconnect (g_task_get_cancellable (task), self->cancel_id);
        self->cancel_id = 0;
        g_task_return_error (task, g_steal_pointer (&self->read_error));
        return;
    }
    plan (self);
    start_more (self);
}

static void
running_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusMigrateBatch) self = user_data;
    g_autoptr(GPtrArray) running = NULL;
    GError *error = NULL;

    running = domus_migrate_list_running_finish (DOMUS_CONNECTION (source), result, &error);
    if (running == NULL) {
        if (self->read_error == NULL)
            self->read_error = error;
        else
            g_error_free (error);
    } else {
        for (guint i = 0; i < self->items->len; i++) {
            Item *item = g_ptr_array_index (self->items, i);

            if (item->source != DOMUS_CONNECTION (source))
                continue;
            for (guint j = 0; j < running->len; j++) {
                DomusEvacuationItem *guest = g_ptr_array_index (running, j);

                if (g_str_equal (guest->uuid, item->uuid)) {
                    item->running = TRUE;
                    item->memory_kib = guest->memory_kib;
                }
            }
        }
    }
    read_done (self);
}

typedef struct {
    DomusMigrateBatch *batch;
    guint index;
} DestRead;

static void
dest_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    DestRead *read = user_data;
    g_autoptr(DomusMigrateBatch) self = read->batch;
    g_autoptr(DomusMigrateHost) host = NULL;
    GError *error = NULL;

    host = domus_migrate_query_host_finish (DOMUS_CONNECTION (source), result, &error);
    if (host == NULL) {
        if (self->read_error == NULL)
            self->read_error = error;
        else
            g_error_free (error);
    } else {
        self->free_kib[read->index] = host->free_memory_kib;
    }
    g_free (read);
    read_done (self);
}

void
domus_migrate_batch_run_async (DomusMigrateBatch *self, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
    g_autoptr(GPtrArray) sources = g_ptr_array_new ();
    g_autoptr(GCancellable) own = NULL;

    g_return_if_fail (DOMUS_IS_MIGRATE_BATCH (self));
    g_return_if_fail (self->task == NULL);
    g_return_if_fail (self->dests->len > 0);

    if (cancellable == NULL)
        cancellable = own = g_cancellable_new ();
    self->task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (self->task, domus_migrate_batch_run_async);
    /* Cancelling ends the batch with each guest's outcome, not an error. */
    g_task_set_check_cancellable (self->task, FALSE);
    self->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancel_cb), self, NULL);
    self->free_kib = g_new0 (guint64, self->dests->len);

    for (guint i = 0; i < self->items->len; i++) {
        Item *item = g_ptr_array_index (self->items, i);

        if (!g_ptr_array_find (sources, item->source, NULL))
            g_ptr_array_add (sources, item->source);
    }
    /* One count more while the reads are queued: none ends the wait early. */
    self->pending_reads = sources->len + self->dests->len + 1;
    for (guint i = 0; i < sources->len; i++)
        domus_migrate_list_running_async (g_ptr_array_index (sources, i), NULL,
                                          running_done_cb, g_object_ref (self));
    for (guint i = 0; i < self->dests->len; i++) {
        DestRead *read = g_new0 (DestRead, 1);

        read->batch = g_object_ref (self);
        read->index = i;
        domus_migrate_query_host_async (g_ptr_array_index (self->dests, i), NULL, NULL,
                                        dest_done_cb, read);
    }
    read_done (self);
}

gboolean
domus_migrate_batch_run_finish (DomusMigrateBatch *self, GAsyncResult *result,
                                GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- what it did -------------------------------------------------------- */

guint
domus_migrate_batch_get_n_items (DomusMigrateBatch *self)
{
    g_return_val_if_fail (DOMUS_IS_MIGRATE_BATCH (self), 0);
    return self->items->len;
}

const char *
domus_migrate_batch_get_name (DomusMigrateBatch *self, guint index)
{
    Item *item = item_at (self, index);

    return item != NULL ? item->name : NULL;
}

DomusConnection *
domus_migrate_batch_get_source (DomusMigrateBatch *self, guint index)
{
    Item *item = item_at (self, index);

    return item != NULL ? item->source : NULL;
}

DomusDomain *
domus_migrate_batch_get_domain (DomusMigrateBatch *self, guint index)
{
    Item *item = item_at (self, index);

    return item != NULL ? item->domain : NULL;
}

DomusConnection *
domus_migrate_batch_get_dest (DomusMigrateBatch *self, guint index)
{
    Item *item = item_at (self, index);

    return item != NULL ? item->dest : NULL;
}

DomusMigrateItemState
domus_migrate_batch_get_state (DomusMigrateBatch *self, guint index)
{
    Item *item = item_at (self, index);

    return item != NULL ? item->state : DOMUS_MIGRATE_ITEM_WAITING;
}

const DomusMigrateProgress *
domus_migrate_batch_get_progress (DomusMigrateBatch *self, guint index)
{
    Item *item = item_at (self, index);

    return item != NULL ? &item->progress : NULL;
}

const char *
domus_migrate_batch_get_message (DomusMigrateBatch *self, guint index)
{
    Item *item = item_at (self, index);

    return item != NULL ? item->message : NULL;
}

double
domus_migrate_batch_get_seconds (DomusMigrateBatch *self, guint index)
{
    Item *item = item_at (self, index);

    return item != NULL ? item->seconds : 0;
}

const char *
domus_migrate_batch_describe_state (DomusMigrateBatch *self, guint index)
{
    Item *item = item_at (self, index);

    g_return_val_if_fail (item != NULL, NULL);
    switch (item->state) {
    case DOMUS_MIGRATE_ITEM_WAITING:
        return C_("migration", "Waiting");
    case DOMUS_MIGRATE_ITEM_RUNNING:
        return domus_migrate_phase_to_string (item->progress.phase);
    case DOMUS_MIGRATE_ITEM_MOVED:
        return C_("migration", "Moved");
    case DOMUS_MIGRATE_ITEM_FAILED:
        return C_("migration", "Failed");
    case DOMUS_MIGRATE_ITEM_CANCELLED:
        return C_("migration", "Cancelled");
    case DOMUS_MIGRATE_ITEM_NO_ROOM:
        return C_("migration", "No room");
    default:
        g_return_val_if_reached (NULL);
    }
}

guint
domus_migrate_batch_count_moved (DomusMigrateBatch *self)
{
    guint n = 0;

    g_return_val_if_fail (DOMUS_IS_MIGRATE_BATCH (self), 0);
    for (guint i = 0; i < self->items->len; i++)
        n += ((Item *) g_ptr_array_index (self->items, i))->state == DOMUS_MIGRATE_ITEM_MOVED;
    return n;
}

char *
domus_migrate_batch_get_summary (DomusMigrateBatch *self)
{
    g_autoptr(GString) out = g_string_new (NULL);
    guint moved;

    g_return_val_if_fail (DOMUS_IS_MIGRATE_BATCH (self), NULL);
    moved = domus_migrate_batch_count_moved (self);
    g_string_append_printf (out, ngettext ("%u of %u guest moved.", "%u of %u guests moved.",
                                           self->items->len),
                            moved, self->items->len);
    for (guint i = 0; i < self->items->len; i++) {
        Item *item = g_ptr_array_index (self->items, i);

        g_string_append (out, "\n\n");
        if (item->state == DOMUS_MIGRATE_ITEM_MOVED)
            g_string_append_printf (out, _("“%s” moved from %s to %s in %.1f s."), item->name,
                                    domus_connection_get_display_name (item->source),
                                    domus_connection_get_display_name (item->dest),
                                    item->seconds);
        else
            g_string_append_printf (out, _("“%s” did not move: %s"), item->name,
                                    item->message != NULL ? item->message
                                                          : _("it was not started."));
    }
    return g_string_free (g_steal_pointer (&out), FALSE);
}
