/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusDiskSourceEntry (see the header). The check waits until typing has
 * paused (CHECK_DELAY_MS) so that a path typed letter by letter costs one
 * job on the worker, not one per key; a newer text cancels the check of an
 * older one. What the guest already has is not checked again. Built in C
 * as a field of the Details forms.
 */
#include "config.h"

#include "domus-disk-source-entry.h"

#include <glib/gi18n.h>

#include "domus-storage-path.h"
#include "domus-volume-chooser.h"

#define CHECK_DELAY_MS 400

struct _DomusDiskSourceEntry {
    GtkBox parent_instance;

    DomusConnection *conn;
    GCancellable *cancellable;  /* the running check */
    guint check_source;
    char *original;
    char *problem;
    char *warning;

    GtkEntry *entry;
    GtkWidget *browse;
    GtkLabel *status;
};

G_DEFINE_FINAL_TYPE (DomusDiskSourceEntry, domus_disk_source_entry, GTK_TYPE_BOX)

enum {
    SIGNAL_CHANGED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkEntry *
domus_disk_source_entry_get_entry (DomusDiskSourceEntry *self)
{
    g_return_val_if_fail (DOMUS_IS_DISK_SOURCE_ENTRY (self), NULL);
    return self->entry;
}

const char *
domus_disk_source_entry_get_problem (DomusDiskSourceEntry *self)
{
    g_return_val_if_fail (DOMUS_IS_DISK_SOURCE_ENTRY (self), NULL);
    return self->problem;
}

const char *
domus_disk_source_entry_get_warning (DomusDiskSourceEntry *self)
{
    g_return_val_if_fail (DOMUS_IS_DISK_SOURCE_ENTRY (self), NULL);
    return self->warning;
}

static void
show_state (DomusDiskSourceEntry *self, const char *problem, const char *warning)
{
    g_free (self->problem);
    self->problem = g_strdup (problem);
    g_free (self->warning);
    self->warning = g_strdup (warning);
    /* The problem shows under the form with the page's other checks. */
    gtk_label_set_text (self->status, warning != NULL ? warning : "");
    gtk_widget_set_visible (GTK_WIDGET (self->status), warning != NULL);
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static char *
current_text (DomusDiskSourceEntry *self)
{
    return g_strstrip (g_strdup (gtk_entry_get_text (self->entry)));
}

static void
check_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusDiskSourceEntry) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *message = NULL;
    g_autofree char *warning = NULL;
    DomusPathState state;

    state = domus_storage_check_path_finish (DOMUS_CONNECTION (source), result, &message,
                                             &error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->conn == NULL)
        return;
    g_clear_object (&self->cancellable);
    if (error != NULL) {
        warning = g_strdup_printf (_("The path could not be checked: %s"), error->message);
        show_state (self, NULL, warning);
        return;
    }
    switch (state) {
    case DOMUS_PATH_FOUND:
        show_state (self, NULL, NULL);
        break;
    case DOMUS_PATH_MISSING:
        show_state (self, message, NULL);
        break;
    case DOMUS_PATH_UNCHECKED:
        show_state (self, NULL, message);
        break;
    }
}

static gboolean
check_now_cb (gpointer data)
{
    DomusDiskSourceEntry *self = data;
    g_autofree char *text = current_text (self);

    self->check_source = 0;
    self->cancellable = g_cancellable_new ();
    domus_storage_check_path_async (self->conn, text,
                                    domus_connection_get_display_name (self->conn),
                                    self->cancellable, check_done_cb, g_object_ref (self));
    return G_SOURCE_REMOVE;
}

static void
entry_changed_cb (DomusDiskSourceEntry *self)
{
    g_autofree char *text = current_text (self);
    g_autofree char *checking = NULL;

    g_clear_handle_id (&self->check_source, g_source_remove);
    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    /* No media, or what the guest has: nothing to check. */
    if (self->conn == NULL || *text == '\0' || g_strcmp0 (text, self->original) == 0) {
        show_state (self, NULL, NULL);
        return;
    }
    checking = g_strdup_printf (_("Checking %s on the host…"), text);
    self->check_source = g_timeout_add (CHECK_DELAY_MS, check_now_cb, self);
    show_state (self, checking, NULL);
}

static void
chooser_response_cb (GtkDialog *dialog, int response, DomusDiskSourceEntry *self)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        const char *path = domus_volume_chooser_get_path (DOMUS_VOLUME_CHOOSER (dialog));

        gtk_entry_set_text (self->entry, path);
        gtk_widget_grab_focus (GTK_WIDGET (self->entry));
    }
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
browse_clicked_cb (DomusDiskSourceEntry *self)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    GtkWidget *dialog = domus_volume_chooser_new (GTK_IS_WINDOW (toplevel)
                                                  ? GTK_WINDOW (toplevel) : NULL,
                                                  self->conn);

    g_signal_connect_object (dialog, "response", G_CALLBACK (chooser_response_cb), self, 0);
    gtk_widget_show (dialog);
}

GtkWidget *
domus_disk_source_entry_new (DomusConnection *conn, const char *value)
{
    DomusDiskSourceEntry *self = g_object_new (DOMUS_TYPE_DISK_SOURCE_ENTRY, NULL);

    g_return_val_if_fail (conn == NULL || DOMUS_IS_CONNECTION (conn), NULL);

    self->conn = conn != NULL ? g_object_ref (conn) : NULL;
    self->original = g_strdup (value);
    gtk_entry_set_text (self->entry, value != NULL ? value : "");
    g_signal_connect_object (self->entry, "changed", G_CALLBACK (entry_changed_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_widget_set_sensitive (self->browse, conn != NULL);
    return GTK_WIDGET (self);
}

static void
domus_disk_source_entry_dispose (GObject *object)
{
    DomusDiskSourceEntry *self = DOMUS_DISK_SOURCE_ENTRY (object);

    g_clear_handle_id (&self->check_source, g_source_remove);
    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->conn);
    G_OBJECT_CLASS (domus_disk_source_entry_parent_class)->dispose (object);
}

static void
domus_disk_source_entry_finalize (GObject *object)
{
    DomusDiskSourceEntry *self = DOMUS_DISK_SOURCE_ENTRY (object);

    g_free (self->original);
    g_free (self->problem);
    g_free (self->warning);
    G_OBJECT_CLASS (domus_disk_source_entry_parent_class)->finalize (object);
}

static void
domus_disk_source_entry_class_init (DomusDiskSourceEntryClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = domus_disk_source_entry_dispose;
    object_class->finalize = domus_disk_source_entry_finalize;

    signals[SIGNAL_CHANGED] =
        g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
}

static void
domus_disk_source_entry_init (DomusDiskSourceEntry *self)
{
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

    gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
    gtk_box_set_spacing (GTK_BOX (self), 3);
    self->entry = GTK_ENTRY (gtk_entry_new ());
    gtk_entry_set_activates_default (self->entry, TRUE);
    self->browse = gtk_button_new_with_mnemonic (_("Bro_wse…"));
    gtk_widget_set_tooltip_text (self->browse, _("Choose a volume of the host’s storage pools"));
    g_signal_connect_object (self->browse, "clicked", G_CALLBACK (browse_clicked_cb), self,
                             G_CONNECT_SWAPPED);
    self->status = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_xalign (self->status, 0);
    gtk_label_set_line_wrap (self->status, TRUE);
    gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (self->status)),
                                 "dim-label");
    gtk_widget_set_no_show_all (GTK_WIDGET (self->status), TRUE);
    gtk_box_pack_start (GTK_BOX (row), GTK_WIDGET (self->entry), TRUE, TRUE, 0);
    gtk_box_pack_start (GTK_BOX (row), self->browse, FALSE, FALSE, 0);
    gtk_box_pack_start (GTK_BOX (self), row, FALSE, FALSE, 0);
    gtk_box_pack_start (GTK_BOX (self), GTK_WIDGET (self->status), FALSE, FALSE, 0);
}
