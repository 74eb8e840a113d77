/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The credentials dialog. Its fields come from the request (libvirt decides
 * how many and which), so they are built here rather than in a template.
 * Every outcome completes the request exactly once: Connect answers, and
 * Cancel, closing or destroying the dialog cancels.
 */
#include "config.h"

#include "domus-auth-dialog.h"

#include <glib/gi18n.h>

struct _DomusAuthDialog {
    GtkDialog parent_instance;

    DomusAuthRequest *request;
    GPtrArray *entries;      /* GtkEntry, one per field */
};

G_DEFINE_FINAL_TYPE (DomusAuthDialog, domus_auth_dialog, GTK_TYPE_DIALOG)

static void
domus_auth_dialog_response (GtkDialog *dialog, int response)
{
    DomusAuthDialog *self = DOMUS_AUTH_DIALOG (dialog);

    if (self->request != NULL) {
        if (response == GTK_RESPONSE_OK) {
            g_autoptr(GPtrArray) values = g_ptr_array_new ();

            for (guint i = 0; i < self->entries->len; i++)
                g_ptr_array_add (values, (gpointer) gtk_entry_get_text (
                                     g_ptr_array_index (self->entries, i)));
            g_ptr_array_add (values, NULL);
            domus_auth_request_answer (self->request, (const char *const *) values->pdata);
        } else {
            domus_auth_request_cancel (self->request);
        }
        g_clear_object (&self->request);
    }
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
domus_auth_dialog_dispose (GObject *object)
{
    DomusAuthDialog *self = DOMUS_AUTH_DIALOG (object);

    /* Destroyed unanswered (its window closed): the worker must not wait. */
    if (self->request != NULL)
        domus_auth_request_cancel (self->request);
    g_clear_object (&self->request);
    g_clear_pointer (&self->entries, g_ptr_array_unref);
    G_OBJECT_CLASS (domus_auth_dialog_parent_class)->dispose (object);
}

static void
domus_auth_dialog_class_init (DomusAuthDialogClass *klass)
{
    G_OBJECT_CLASS (klass)->dispose = domus_auth_dialog_dispose;
    GTK_DIALOG_CLASS (klass)->response = domus_auth_dialog_response;
}

static void
domus_auth_dialog_init (DomusAuthDialog *self)
{
    self->entries = g_ptr_array_new ();
}

GtkWidget *
domus_auth_dialog_new (GtkWindow *parent, DomusAuthRequest *request, const char *host_name)
{
    DomusAuthDialog *self;
    GtkWidget *grid, *intro;
    g_autofree char *text = NULL;

    g_return_val_if_fail (DOMUS_IS_AUTH_REQUEST (request), NULL);

    self = g_object_new (DOMUS_TYPE_AUTH_DIALOG, "transient-for", parent, "modal", TRUE,
                         "use-header-bar", TRUE, "title", _("Authentication Required"),
                         "resizable", FALSE, NULL);
    self->request = g_object_ref (request);
    gtk_dialog_add_button (GTK_DIALOG (self), _("_Cancel"), GTK_RESPONSE_CANCEL);
    gtk_dialog_add_button (GTK_DIALOG (self), _("C_onnect"), GTK_RESPONSE_OK);
    gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_OK);
    gtk_style_context_add_class (
        gtk_widget_get_style_context (gtk_dialog_get_widget_for_response (GTK_DIALOG (self),
                                                                          GTK_RESPONSE_OK)),
        "suggested-action");

    grid = gtk_grid_new ();
    gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
    gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
    gtk_container_set_border_width (GTK_CONTAINER (grid), 18);

    text = g_strdup_printf (_("%s asks for credentials to connect."), host_name);
    intro = gtk_label_new (text);
    gtk_label_set_xalign (GTK_LABEL (intro), 0);
    gtk_label_set_line_wrap (GTK_LABEL (intro), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (intro), 50);
    gtk_grid_attach (GTK_GRID (grid), intro, 0, 0, 2, 1);

    for (guint i = 0; i < domus_auth_request_get_n_fields (request); i++) {
        const DomusAuthField *f = domus_auth_request_get_field (request, i);
        const char *prompt = f->prompt && *f->prompt ? f->prompt
                           : f->secret ? _("Password") : _("User name");
        GtkWidget *label = gtk_label_new (prompt);
        GtkWidget *entry = gtk_entry_new ();

        gtk_label_set_xalign (GTK_LABEL (label), 1);
        gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
        gtk_entry_set_visibility (GTK_ENTRY (entry), !f->secret);
        gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
        gtk_widget_set_hexpand (entry, TRUE);
        if (f->default_answer != NULL)
            gtk_entry_set_text (GTK_ENTRY (entry), f->default_answer);
        atk_object_set_name (gtk_widget_get_accessible (entry), prompt);
        gtk_grid_attach (GTK_GRID (grid), label, 0, i + 1, 1, 1);
        gtk_grid_attach (GTK_GRID (grid), entry, 1, i + 1, 1, 1);
        g_ptr_array_add (self->entries, entry);
    }
    gtk_container_add (GTK_CONTAINER (gtk_dialog_get_content_area (GTK_DIALOG (self))), grid);
    gtk_widget_show_all (grid);

    /* The first empty field takes the focus. */
    for (guint i = 0; i < self->entries->len; i++) {
        GtkEntry *entry = g_ptr_array_index (self->entries, i);

        if (*gtk_entry_get_text (entry) == '\0') {
            gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (entry));
            break;
        }
    }
    return GTK_WIDGET (self);
}
