/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Revert confirmation. It says what is lost in the admin's words
 * ("Changes since “before-upgrade” will be lost.") and in which state the
 * guest comes back; Cancel is the default.
 */
#include "config.h"

#include "domus-snapshot-revert-dialog.h"

#include <glib/gi18n.h>

struct _DomusSnapshotRevertDialog {
    GtkDialog parent_instance;

    gboolean has_memory;

    /* template */
    GtkLabel *heading;
    GtkLabel *loss;
    GtkLabel *state_note;
    GtkWidget *state_box;
    GtkToggleButton *running_radio;
    GtkToggleButton *paused_radio;
    GtkToggleButton *take_first;
};

G_DEFINE_FINAL_TYPE (DomusSnapshotRevertDialog, domus_snapshot_revert_dialog, GTK_TYPE_DIALOG)

static void
domus_snapshot_revert_dialog_class_init (DomusSnapshotRevertDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/domusvm/Domus/domus-snapshot-revert-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotRevertDialog, heading);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotRevertDialog, loss);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotRevertDialog, state_note);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotRevertDialog, state_box);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotRevertDialog,
                                          running_radio);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotRevertDialog,
                                          paused_radio);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotRevertDialog, take_first);
}

static void
domus_snapshot_revert_dialog_init (DomusSnapshotRevertDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_CANCEL);
}

GtkWidget *
domus_snapshot_revert_dialog_new (GtkWindow *parent, const char *guest_name,
                                  const DomusSnapshotInfo *snapshot,
                                  const char *take_first_why_not)
{
    DomusSnapshotRevertDialog *self;
    g_autofree char *heading = NULL;
    g_autofree char *loss = NULL;
    const char *note;

    g_return_val_if_fail (guest_name != NULL, NULL);
    g_return_val_if_fail (snapshot != NULL, NULL);

    self = g_object_new (DOMUS_TYPE_SNAPSHOT_REVERT_DIALOG, "transient-for", parent,
                         "use-header-bar", FALSE, NULL);
    /* Translators: the first %s is a guest, the second a snapshot */
    heading = g_strdup_printf (_("Revert “%s” to “%s”?"), guest_name, snapshot->name);
    gtk_label_set_text (self->heading, heading);
    /* Translators: %s is a snapshot's name */
    loss = g_strdup_printf (_("Changes since “%s” will be lost."), snapshot->name);
    gtk_label_set_text (self->loss, loss);

    self->has_memory = snapshot->has_memory;
    if (snapshot->has_memory)
        note = _("The guest comes back as it was then, memory included.");
    else
        note = _("The snapshot holds no memory: the guest will be shut off.");
    gtk_label_set_text (self->state_note, note);
    gtk_widget_set_visible (self->state_box, snapshot->has_memory);
    gtk_toggle_button_set_active (snapshot->state == DOMUS_DOMAIN_STATE_PAUSED
                                  ? self->paused_radio : self->running_radio, TRUE);

    gtk_widget_set_sensitive (GTK_WIDGET (self->take_first), take_first_why_not == NULL);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->take_first), take_first_why_not);
    return GTK_WIDGET (self);
}

gboolean
domus_snapshot_revert_dialog_get_take_first (DomusSnapshotRevertDialog *self)
{
    g_return_val_if_fail (DOMUS_IS_SNAPSHOT_REVERT_DIALOG (self), FALSE);
    return gtk_widget_is_sensitive (GTK_WIDGET (self->take_first)) &&
           gtk_toggle_button_get_active (self->take_first);
}

DomusSnapshotRevertState
domus_snapshot_revert_dialog_get_state (DomusSnapshotRevertDialog *self)
{
    g_return_val_if_fail (DOMUS_IS_SNAPSHOT_REVERT_DIALOG (self),
                          DOMUS_SNAPSHOT_REVERT_AS_TAKEN);
    if (!self->has_memory)
        return DOMUS_SNAPSHOT_REVERT_AS_TAKEN;
    return gtk_toggle_button_get_active (self->paused_radio) ? DOMUS_SNAPSHOT_REVERT_PAUSED
                                                             : DOMUS_SNAPSHOT_REVERT_RUNNING;
}
