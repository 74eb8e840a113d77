/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dialog for several guests at once. Its form is a template; the
 * destination choices (each other connected host, or all of them by free
 * memory) and the progress rows (guest, destination, phase, a bar and the
 * rate) are built here as the batch reports. Cancel aborts the running
 * migrations and the dialog stays until they ended; then one summary
 * names each guest's outcome, with libvirt's words for a failure.
 */
#include "config.h"

#include "domus-migrate-batch-dialog.h"

#include <glib/gi18n.h>

#define SPREAD_ID "spread"

typedef struct {
    GtkLabel *dest;
    GtkLabel *phase;
    GtkProgressBar *bar;
    GtkLabel *rate;
} ProgressRow;

struct _DomusMigrateBatchDialog {
    GtkDialog parent_instance;

    DomusConnection *source;
    GPtrArray *domains;          /* DomusDomain, or NULL: evacuate the host */
    GListModel *hosts;
    GPtrArray *dests;            /* DomusConnection, the combo's order */

    GtkLabel *heading;
    GtkLabel *guests_label;
    GtkWidget *form_grid;
    GtkComboBoxText *destination_combo;
    GtkComboBoxText *storage_combo;
    GtkEntry *address_entry;
    GtkSpinButton *parallel_spin;
    GtkListBox *rows;
    GtkLabel *summary_label;
    GtkWidget *cancel_button;
    GtkWidget *migrate_button;

    DomusMigrateBatch *batch;
    GArray *progress_rows;       /* ProgressRow, by the batch's index */
    GCancellable *cancellable;
    gboolean running;
};

G_DEFINE_FINAL_TYPE (DomusMigrateBatchDialog, domus_migrate_batch_dialog, GTK_TYPE_DIALOG)

/* The guests to move now: the chosen ones, or what runs on the host. */
static GPtrArray *
guests_to_move (DomusMigrateBatchDialog *self)
{
    GPtrArray *guests = g_ptr_array_new_with_free_func (g_object_unref);
    GListModel *all;

    if (self->domains != NULL) {
        for (guint i = 0; i < self->domains->len; i++)
            g_ptr_array_add (guests, g_object_ref (g_ptr_array_index (self->domains, i)));
        return guests;
    }
    all = domus_connection_get_domains (self->source);
    for (guint i = 0; i < g_list_model_get_n_items (all); i++) {
        g_autoptr(DomusDomain) domain = g_list_model_get_item (all, i);

        if (domus_domain_is_active (domain))
            g_ptr_array_add (guests, g_steal_pointer (&domain));
    }
    return guests;
}

static void
update_form (DomusMigrateBatchDialog *self)
{
    g_autoptr(GPtrArray) guests = guests_to_move (self);
    g_autoptr(GString) names = g_string_new (NULL);

    for (guint i = 0; i < guests->len; i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                                domus_domain_get_name (g_ptr_array_index (guests, i)));
    if (guests->len == 0)
        gtk_label_set_text (self->guests_label, _("No guest runs on this host."));
    else
        gtk_label_set_text (self->guests_label, names->str);
    gtk_widget_set_sensitive (self->migrate_button,
                              !self->running && self->batch == NULL && guests->len > 0 &&
                              self->dests->len > 0 &&
                              gtk_combo_box_get_active_id (
                                  GTK_COMBO_BOX (self->destination_combo)) != NULL);
}

static void
form_changed_cb (DomusMigrateBatchDialog *self)
{
    update_form (self);
}

static DomusMigrateOptions *
options_from_form (DomusMigrateBatchDialog *self)
{
    DomusMigrateOptions *options = domus_migrate_options_new ();
    const char *storage = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->storage_combo));
    const char *address = gtk_entry_get_text (self->address_entry);

    if (g_strcmp0 (storage, "copy-all") == 0)
        options->storage = DOMUS_MIGRATE_STORAGE_COPY_ALL;
    else if (g_strcmp0 (storage, "copy-top") == 0)
        options->storage = DOMUS_MIGRATE_STORAGE_COPY_TOP;
    if (*address != '\0')
        options->address = g_strdup (address);
    return options;
}

/* ---- progress ----------------------------------------------------------- */

static GtkWidget *
new_label (const char *text, double xalign, gboolean expand)
{
    GtkWidget *label = gtk_label_new (text);

    gtk_label_set_xalign (GTK_LABEL (label), (float) xalign);
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    gtk_widget_set_hexpand (label, expand);
    gtk_widget_show (label);
    return label;
}

static void
add_progress_rows (DomusMigrateBatchDialog *self)
{
    guint n = domus_migrate_batch_get_n_items (self->batch);

    for (guint i = 0; i < n; i++) {
        GtkWidget *grid = gtk_grid_new ();
        const char *name = domus_migrate_batch_get_name (self->batch, i);
        ProgressRow row;

        gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
        g_object_set (grid, "margin", 6, NULL);
        gtk_grid_attach (GTK_GRID (grid), new_label (name, 0, TRUE), 0, 0, 1, 1);
        row.dest = GTK_LABEL (new_label ("", 0, FALSE));
        gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (row.dest), 1, 0, 1, 1);
        row.phase = GTK_LABEL (new_label ("", 0, FALSE));
        gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (row.phase), 2, 0, 1, 1);
        row.bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
        gtk_widget_set_valign (GTK_WIDGET (row.bar), GTK_ALIGN_CENTER);
        gtk_widget_set_size_request (GTK_WIDGET (row.bar), 120, -1);
        gtk_widget_show (GTK_WIDGET (row.bar));
        gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (row.bar), 3, 0, 1, 1);
        row.rate = GTK_LABEL (new_label ("", 1, FALSE));
        gtk_label_set_width_chars (row.rate, 12);
        gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (row.rate), 4, 0, 1, 1);
        atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (row.bar)), name);
        gtk_widget_show (grid);
        gtk_container_add (GTK_CONTAINER (self->rows), grid);
        g_array_append_val (self->progress_rows, row);
    }
    gtk_widget_show (GTK_WIDGET (self->rows));
}

static void
item_changed_cb (DomusMigrateBatchDialog *self, guint index, DomusMigrateBatch *batch)
{
    ProgressRow *row;
    const DomusMigrateProgress *progress = domus_migrate_batch_get_progress (batch, index);
    DomusConnection *dest = domus_migrate_batch_get_dest (batch, index);
    DomusMigrateItemState state = domus_migrate_batch_get_state (batch, index);

    if (index >= self->progress_rows->len)
        return;
    row = &g_array_index (self->progress_rows, ProgressRow, index);
    gtk_label_set_text (row->dest, dest != NULL ? domus_connection_get_display_name (dest) : "");
    gtk_label_set_text (row->phase, domus_migrate_batch_describe_state (batch, index));
    if (state == DOMUS_MIGRATE_ITEM_MOVED) {
        gtk_progress_bar_set_fraction (row->bar, 1.0);
        gtk_label_set_text (row->rate, "");
    } else if (state == DOMUS_MIGRATE_ITEM_RUNNING && progress->total_bytes > 0) {
        g_autofree char *rate = g_format_size (progress->rate_bytes);
        g_autofree char *per_second = g_strdup_printf (_("%s/s"), rate);

        gtk_progress_bar_set_fraction (row->bar,
                                       MIN (1.0, (double) progress->processed_bytes /
                                                 (double) progress->total_bytes));
        gtk_label_set_text (row->rate, per_second);
    } else if (state != DOMUS_MIGRATE_ITEM_RUNNING) {
        gtk_label_set_text (row->rate, "");
    }
}

static void
batch_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusMigrateBatchDialog) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *summary = NULL;

    self->running = FALSE;
    if (!domus_migrate_batch_run_finish (DOMUS_MIGRATE_BATCH (source), result, &error))
        summary = g_strdup (error->message);
    else
        summary = domus_migrate_batch_get_summary (DOMUS_MIGRATE_BATCH (source));
    gtk_label_set_text (self->summary_label, summary);
    gtk_widget_show (GTK_WIDGET (self->summary_label));
    gtk_button_set_label (GTK_BUTTON (self->cancel_button), _("_Close"));
    gtk_widget_set_sensitive (self->cancel_button, TRUE);
    gtk_widget_hide (self->migrate_button);
}

static void
start_batch (DomusMigrateBatchDialog *self)
{
    g_autoptr(DomusMigrateOptions) options = options_from_form (self);
    g_autoptr(GPtrArray) guests = guests_to_move (self);
    const char *dest = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->destination_combo));

    self->batch = domus_migrate_batch_new (
        options, (guint) gtk_spin_button_get_value_as_int (self->parallel_spin));
    for (guint i = 0; i < guests->len; i++)
        domus_migrate_batch_add_guest (self->batch, self->source, g_ptr_array_index (guests, i));
    for (guint i = 0; i < self->dests->len; i++) {
        g_autofree char *id = g_strdup_printf ("%u", i);

        if (g_str_equal (dest, SPREAD_ID) || g_str_equal (dest, id))
            domus_migrate_batch_add_destination (self->batch, g_ptr_array_index (self->dests, i));
    }
    g_signal_connect_object (self->batch, "item-changed", G_CALLBACK (item_changed_cb), self,
                             G_CONNECT_SWAPPED);
    add_progress_rows (self);
    gtk_widget_set_sensitive (self->form_grid, FALSE);
    gtk_widget_set_sensitive (self->migrate_button, FALSE);
    self->running = TRUE;
    domus_migrate_batch_run_async (self->batch, self->cancellable, batch_done_cb,
                                   g_object_ref (self));
}

static void
domus_migrate_batch_dialog_response (GtkDialog *dialog, int response)
{
    DomusMigrateBatchDialog *self = DOMUS_MIGRATE_BATCH_DIALOG (dialog);

    if (response == GTK_RESPONSE_ACCEPT) {
        if (self->batch == NULL && gtk_widget_get_sensitive (self->migrate_button))
            start_batch (self);
    } else if (self->running) {
        /* The guests stay on their source; the summary comes once libvirt
         * has aborted every migration. */
        g_cancellable_cancel (self->cancellable);
        gtk_widget_set_sensitive (self->cancel_button, FALSE);
    } else if (response != GTK_RESPONSE_DELETE_EVENT) {
        gtk_widget_destroy (GTK_WIDGET (self));
    }
}

/* While migrating, closing the window is Cancel (the response did it). */
static gboolean
delete_event_cb (GtkWidget *widget, GdkEvent *event, gpointer user_data)
{
    return DOMUS_MIGRATE_BATCH_DIALOG (widget)->running;
}

/* ---- the object --------------------------------------------------------- */

static void
domus_migrate_batch_dialog_dispose (GObject *object)
{
    DomusMigrateBatchDialog *self = DOMUS_MIGRATE_BATCH_DIALOG (object);

    /* Closing the dialog aborts what runs; the batch ends by itself. */
    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->batch);
    g_clear_object (&self->source);
    g_clear_pointer (&self->domains, g_ptr_array_unref);
    g_clear_pointer (&self->dests, g_ptr_array_unref);
    g_clear_pointer (&self->progress_rows, g_array_unref);
    g_clear_object (&self->hosts);
    G_OBJECT_CLASS (domus_migrate_batch_dialog_parent_class)->dispose (object);
}

static void
domus_migrate_batch_dialog_class_init (DomusMigrateBatchDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = domus_migrate_batch_dialog_dispose;
    GTK_DIALOG_CLASS (klass)->response = domus_migrate_batch_dialog_response;

    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/domusvm/Domus/domus-migrate-batch-dialog.ui");
#define BIND(name) \
    gtk_widget_class_bind_template_child (widget_class, DomusMigrateBatchDialog, name)
    BIND (heading);
    BIND (guests_label);
    BIND (form_grid);
    BIND (destination_combo);
    BIND (storage_combo);
    BIND (address_entry);
    BIND (parallel_spin);
    BIND (rows);
    BIND (summary_label);
    BIND (cancel_button);
    BIND (migrate_button);
#undef BIND
    gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
}

static void
domus_migrate_batch_dialog_init (DomusMigrateBatchDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
    self->dests = g_ptr_array_new_with_free_func (g_object_unref);
    self->progress_rows = g_array_new (FALSE, TRUE, sizeof (ProgressRow));
    g_signal_connect (self, "delete-event", G_CALLBACK (delete_event_cb), NULL);
}

GtkWidget *
domus_migrate_batch_dialog_new (GtkWindow *parent, DomusConnection *source,
                                GPtrArray *domains, GListModel *hosts)
{
    DomusMigrateBatchDialog *self;
    g_autofree char *heading = NULL;
    const char *name;

    g_return_val_if_fail (DOMUS_IS_CONNECTION (source), NULL);
    g_return_val_if_fail (G_IS_LIST_MODEL (hosts), NULL);

    self = g_object_new (DOMUS_TYPE_MIGRATE_BATCH_DIALOG, "transient-for", parent,
                         "use-header-bar", FALSE, NULL);
    self->source = g_object_ref (source);
    self->hosts = g_object_ref (hosts);
    name = domus_connection_get_display_name (source);
    if (domains != NULL) {
        self->domains = g_ptr_array_new_with_free_func (g_object_unref);
        for (guint i = 0; i < domains->len; i++)
            g_ptr_array_add (self->domains, g_object_ref (g_ptr_array_index (domains, i)));
        heading = g_strdup_printf (ngettext ("Migrate %u guest from %s",
                                             "Migrate %u guests from %s", domains->len),
                                   domains->len, name);
    } else {
        heading = g_strdup_printf (_("Evacuate %s: move every running guest"), name);
        gtk_window_set_title (GTK_WINDOW (self), _("Evacuate Host"));
        gtk_button_set_label (GTK_BUTTON (self->migrate_button), _("_Evacuate"));
    }
    gtk_label_set_text (self->heading, heading);

    for (guint i = 0; i < g_list_model_get_n_items (hosts); i++) {
        g_autoptr(DomusConnection) conn = g_list_model_get_item (hosts, i);
        g_autofree char *id = NULL;

        if (conn == source ||
            domus_connection_get_state (conn) != DOMUS_CONNECTION_STATE_CONNECTED)
            continue;
        id = g_strdup_printf ("%u", self->dests->len);
        gtk_combo_box_text_append (self->destination_combo, id,
                                   domus_connection_get_display_name (conn));
        g_ptr_array_add (self->dests, g_steal_pointer (&conn));
    }
    if (self->dests->len > 1)
        gtk_combo_box_text_append (self->destination_combo, SPREAD_ID,
                                   _("Spread over these hosts by free memory"));
    if (self->dests->len > 0)
        gtk_combo_box_set_active (GTK_COMBO_BOX (self->destination_combo), 0);
    update_form (self);
    if (self->dests->len == 0)
        gtk_label_set_text (self->guests_label, _("No other connected host can take them."));
    return GTK_WIDGET (self);
}

DomusMigrateBatch *
domus_migrate_batch_dialog_get_batch (DomusMigrateBatchDialog *self)
{
    g_return_val_if_fail (DOMUS_IS_MIGRATE_BATCH_DIALOG (self), NULL);
    return self->batch;
}
