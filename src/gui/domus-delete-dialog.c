/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Delete dialog. Its frame is a template; the disk rows are built here
 * because they depend on the guests. Disks libvirt cannot delete are shown
 * insensitive with the reason, so nothing is removed behind libvirt's back.
 */
#include "config.h"

#include "domus-delete-dialog.h"

#include <glib/gi18n.h>

struct _DomusDeleteDialog {
    GtkDialog parent_instance;

    GtkLabel *heading;
    GtkLabel *running_warning;
    GtkBox *disks_box;
    GtkToggleButton *dont_ask;

    GPtrArray *guests;          /* per guest: GPtrArray of GtkToggleButton (borrowed) */
    GString *running;           /* names of the running guests */
    guint n_running;
};

G_DEFINE_FINAL_TYPE (DomusDeleteDialog, domus_delete_dialog, GTK_TYPE_DIALOG)

static void
domus_delete_dialog_finalize (GObject *object)
{
    DomusDeleteDialog *self = DOMUS_DELETE_DIALOG (object);

    g_clear_pointer (&self->guests, g_ptr_array_unref);
    g_string_free (self->running, TRUE);
    G_OBJECT_CLASS (domus_delete_dialog_parent_class)->finalize (object);
}

static void
domus_delete_dialog_class_init (DomusDeleteDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    G_OBJECT_CLASS (klass)->finalize = domus_delete_dialog_finalize;
    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/domusvm/Domus/domus-delete-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, DomusDeleteDialog, heading);
    gtk_widget_class_bind_template_child (widget_class, DomusDeleteDialog, running_warning);
    gtk_widget_class_bind_template_child (widget_class, DomusDeleteDialog, disks_box);
    gtk_widget_class_bind_template_child (widget_class, DomusDeleteDialog, dont_ask);
}

static void
domus_delete_dialog_init (DomusDeleteDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->guests = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
    self->running = g_string_new (NULL);
    gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_CANCEL);
}

GtkWidget *
domus_delete_dialog_new (GtkWindow *parent)
{
    return g_object_new (DOMUS_TYPE_DELETE_DIALOG, "transient-for", parent,
                         "use-header-bar", FALSE, NULL);
}

static GtkWidget *
disk_row (const DomusDeleteDisk *disk)
{
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    g_autofree char *label = g_strdup_printf ("%s: %s", disk->target ? disk->target : "?",
                                              disk->path ? disk->path : _("no storage"));
    GtkWidget *check = gtk_check_button_new_with_label (label);

    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), disk->default_delete);
    gtk_widget_set_sensitive (check, disk->deletable && disk->path != NULL);
    g_object_set_data_full (G_OBJECT (check), "domus-path", g_strdup (disk->path), g_free);
    atk_object_set_name (gtk_widget_get_accessible (check), label);
    gtk_container_add (GTK_CONTAINER (box), check);
    if (disk->note != NULL) {
        GtkWidget *note = gtk_label_new (disk->note);

        gtk_label_set_xalign (GTK_LABEL (note), 0);
        gtk_widget_set_margin_start (note, 24);
        gtk_style_context_add_class (gtk_widget_get_style_context (note), "dim-label");
        gtk_container_add (GTK_CONTAINER (box), note);
        atk_object_set_description (gtk_widget_get_accessible (check), disk->note);
    }
    g_object_set_data (G_OBJECT (box), "domus-check", check);
    gtk_widget_show_all (box);
    return box;
}

void
domus_delete_dialog_add_guest (DomusDeleteDialog *self, const char *host_name,
                               const DomusDeletePlan *plan)
{
    g_autofree char *title = NULL;
    g_autofree char *markup = NULL;
    GPtrArray *checks = g_ptr_array_new ();
    GtkWidget *label;

    g_return_if_fail (DOMUS_IS_DELETE_DIALOG (self));
    g_return_if_fail (plan != NULL);

    title = g_strdup_printf (_("“%s” on %s"), plan->name, host_name);
    markup = g_markup_printf_escaped ("<b>%s</b>", title);
    label = gtk_label_new (NULL);
    gtk_label_set_markup (GTK_LABEL (label), markup);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_show (label);
    gtk_container_add (GTK_CONTAINER (self->disks_box), label);

    if (plan->disks->len == 0) {
        GtkWidget *none = gtk_label_new (_("No disks"));

        gtk_label_set_xalign (GTK_LABEL (none), 0);
        gtk_style_context_add_class (gtk_widget_get_style_context (none), "dim-label");
        gtk_widget_show (none);
        gtk_container_add (GTK_CONTAINER (self->disks_box), none);
    }
    for (guint i = 0; i < plan->disks->len; i++) {
        GtkWidget *row = disk_row (g_ptr_array_index (plan->disks, i));

        gtk_widget_set_margin_start (row, 12);
        gtk_container_add (GTK_CONTAINER (self->disks_box), row);
        g_ptr_array_add (checks, g_object_get_data (G_OBJECT (row), "domus-check"));
    }
    g_ptr_array_add (self->guests, checks);

    if (plan->active) {
        g_autofree char *text = NULL;

        if (self->n_running++ > 0)
            /* TRANSLATORS: between two guest names in a list */
            g_string_append (self->running, _(", "));
        g_string_append (self->running, plan->name);
        if (self->n_running == 1)
            text = g_strdup_printf (_("“%s” is running: it is forced off first, losing "
                                      "whatever it has not written to disk."),
                                    self->running->str);
        else
            /* TRANSLATORS: %u is how many guests, %s their names */
            text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%u guest is running and is forced off "
                                                 "first, losing whatever it has not "
                                                 "written to disk: %s.",
                                                 "%u guests are running and are forced "
                                                 "off first, losing whatever they have not "
                                                 "written to disk: %s.", self->n_running),
                                    self->n_running, self->running->str);
        gtk_label_set_text (self->running_warning, text);
        gtk_widget_show (GTK_WIDGET (self->running_warning));
    }
    gtk_label_set_text (self->heading,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "The guest’s definition, saved state, snapshot metadata "
                                     "and firmware variables are deleted. Its disks are "
                                     "deleted only where ticked.",
                                     "The guests’ definitions, saved states, snapshot "
                                     "metadata and firmware variables are deleted. Their "
                                     "disks are deleted only where ticked.",
                                     self->guests->len));
    if (self->guests->len == 1)
        gtk_window_set_title (GTK_WINDOW (self), _("Delete Guest"));
    else
        gtk_window_set_title (GTK_WINDOW (self), _("Delete Guests"));
}

GStrv
domus_delete_dialog_get_paths (DomusDeleteDialog *self, guint index)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    GPtrArray *checks;

    g_return_val_if_fail (DOMUS_IS_DELETE_DIALOG (self), NULL);
    g_return_val_if_fail (index < self->guests->len, NULL);

    checks = g_ptr_array_index (self->guests, index);
    for (guint i = 0; i < checks->len; i++) {
        GtkWidget *check = g_ptr_array_index (checks, i);

        if (gtk_widget_get_sensitive (check) &&
            gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (check)))
            g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "domus-path"));
    }
    return g_strv_builder_end (builder);
}

gboolean
domus_delete_dialog_get_dont_ask (DomusDeleteDialog *self)
{
    g_return_val_if_fail (DOMUS_IS_DELETE_DIALOG (self), FALSE);
    return gtk_toggle_button_get_active (self->dont_ask);
}
