/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Delete confirmation for one or several snapshots. The choice about
 * the snapshots below them appears only when there are some; "metadata
 * only" waits under Advanced, for experts. Cancel is the default.
 */
#include "config.h"

#include "domus-snapshot-delete-dialog.h"

#include <glib/gi18n.h>

struct _DomusSnapshotDeleteDialog {
    GtkDialog parent_instance;

    /* template */
    GtkLabel *heading;
    GtkLabel *body;
    GtkWidget *children_box;
    GtkButton *only_radio;
    GtkButton *children_radio;
    GtkToggleButton *metadata_only;
};

G_DEFINE_FINAL_TYPE (DomusSnapshotDeleteDialog, domus_snapshot_delete_dialog, GTK_TYPE_DIALOG)

static void
domus_snapshot_delete_dialog_class_init (DomusSnapshotDeleteDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/domusvm/Domus/domus-snapshot-delete-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDeleteDialog, heading);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDeleteDialog, body);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDeleteDialog,
                                          children_box);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDeleteDialog, only_radio);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDeleteDialog,
                                          children_radio);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDeleteDialog,
                                          metadata_only);
}

static void
domus_snapshot_delete_dialog_init (DomusSnapshotDeleteDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_CANCEL);
}

GtkWidget *
domus_snapshot_delete_dialog_new (GtkWindow *parent, const char *const *names, guint n_below)
{
    DomusSnapshotDeleteDialog *self;
    guint n;
    g_autofree char *heading = NULL;
    g_autofree char *also = NULL;

    g_return_val_if_fail (names != NULL && names[0] != NULL, NULL);

    n = g_strv_length ((char **) names);
    self = g_object_new (DOMUS_TYPE_SNAPSHOT_DELETE_DIALOG, "transient-for", parent,
                         "use-header-bar", FALSE, NULL);
    if (n == 1)
        heading = g_strdup_printf (_("Delete the snapshot “%s”?"), names[0]);
    else
        heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u snapshot?",
                                                "Delete %u snapshots?", n), n);
    gtk_label_set_text (self->heading, heading);
    gtk_label_set_text (self->body,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "The states of the disks and memory it keeps are removed "
                                     "from the host. The guest as it is now is not changed.",
                                     "The states of the disks and memory they keep are removed "
                                     "from the host. The guest as it is now is not changed.",
                                     n));

    gtk_widget_set_visible (self->children_box, n_below > 0);
    gtk_button_set_label (self->only_radio,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "_Only this snapshot: those below it move up",
                                       "_Only these snapshots: those below them move up", n));
    also = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Also the %u snapshot _below",
                                         "Also the %u snapshots _below", n_below), n_below);
    gtk_button_set_label (self->children_radio, also);
    return GTK_WIDGET (self);
}

DomusSnapshotDeleteFlags
domus_snapshot_delete_dialog_get_flags (DomusSnapshotDeleteDialog *self)
{
    DomusSnapshotDeleteFlags flags = 0;

    g_return_val_if_fail (DOMUS_IS_SNAPSHOT_DELETE_DIALOG (self), 0);

    if (gtk_widget_get_visible (self->children_box) &&
        gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->children_radio)))
        flags |= DOMUS_SNAPSHOT_DELETE_CHILDREN;
    if (gtk_toggle_button_get_active (self->metadata_only))
        flags |= DOMUS_SNAPSHOT_DELETE_METADATA_ONLY;
    return flags;
}
