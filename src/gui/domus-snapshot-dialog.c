/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Take Snapshot dialog. Every field is checked as it is typed, with
 * the reason beside it, and Take Snapshot waits until they are right; a
 * kind the guest or host cannot take is insensitive and says why. No
 * libvirt call here: the abilities were read on the host's worker.
 */
#include "config.h"

#include "domus-snapshot-dialog.h"

#include <glib/gi18n.h>

struct _DomusSnapshotDialog {
    GtkDialog parent_instance;

    char *guest_name;
    char *memory_dir;
    char *quiesce_why_not;
    gboolean possible[DOMUS_N_SNAPSHOT_KINDS];
    GStrv existing;
    gboolean memory_edited;     /* the user typed a path: it no longer follows the name */
    gboolean setting_memory;

    /* template */
    GtkEntry *name_entry;
    GtkLabel *name_error;
    GtkEntry *description_entry;
    GtkToggleButton *internal_radio;
    GtkToggleButton *external_radio;
    GtkToggleButton *disk_only_radio;
    GtkLabel *internal_note;
    GtkLabel *external_note;
    GtkLabel *disk_only_note;
    GtkWidget *memory_label;
    GtkEntry *memory_entry;
    GtkLabel *memory_error;
    GtkToggleButton *quiesce_check;
    GtkWidget *take_button;
};

G_DEFINE_FINAL_TYPE (DomusSnapshotDialog, domus_snapshot_dialog, GTK_TYPE_DIALOG)

static GtkToggleButton *
radio_of (DomusSnapshotDialog *self, DomusSnapshotKind kind)
{
    switch (kind) {
    case DOMUS_SNAPSHOT_KIND_INTERNAL:
        return self->internal_radio;
    case DOMUS_SNAPSHOT_KIND_EXTERNAL:
        return self->external_radio;
    case DOMUS_SNAPSHOT_KIND_DISK_ONLY:
    case DOMUS_N_SNAPSHOT_KINDS:
    default:
        return self->disk_only_radio;
    }
}

/* The kind chosen, or DOMUS_N_SNAPSHOT_KINDS when none is possible. */
static DomusSnapshotKind
chosen_kind (DomusSnapshotDialog *self)
{
    for (guint k = 0; k < DOMUS_N_SNAPSHOT_KINDS; k++) {
        if (self->possible[k] && gtk_toggle_button_get_active (radio_of (self, k)))
            return k;
    }
    return DOMUS_N_SNAPSHOT_KINDS;
}

static void
show_problem (GtkLabel *label, const char *problem)
{
    gtk_label_set_text (label, problem ? problem : "");
    gtk_widget_set_visible (GTK_WIDGET (label), problem != NULL);
}

static char *
memory_problem (DomusSnapshotDialog *self)
{
    const char *path = gtk_entry_get_text (self->memory_entry);

    if (chosen_kind (self) != DOMUS_SNAPSHOT_KIND_EXTERNAL)
        return NULL;
    if (*path == '\0' || !g_path_is_absolute (path))
        return g_strdup (_("Enter where the memory goes: an absolute path on the host."));
    return NULL;
}

/* Take Snapshot waits for a good name and, for an external snapshot, a
 * memory file; each field says what is wrong with it. */
static void
validate (DomusSnapshotDialog *self)
{
    g_autofree char *name_problem =
        domus_snapshot_check_name (gtk_entry_get_text (self->name_entry),
                                   (const char *const *) self->existing);
    g_autofree char *path_problem = memory_problem (self);
    DomusSnapshotKind kind = chosen_kind (self);
    GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self->name_entry));

    show_problem (self->name_error, name_problem);
    show_problem (self->memory_error, path_problem);
    if (name_problem != NULL)
        gtk_style_context_add_class (style, GTK_STYLE_CLASS_ERROR);
    else
        gtk_style_context_remove_class (style, GTK_STYLE_CLASS_ERROR);
    gtk_widget_set_sensitive (self->take_button, name_problem == NULL && path_problem == NULL &&
                                                 kind != DOMUS_N_SNAPSHOT_KINDS);
}

/* The default memory file sits beside the guest's first disk, named after
 * the guest and the snapshot, until the user types one. */
static void
follow_name (DomusSnapshotDialog *self)
{
    g_autofree char *file = NULL;
    g_autofree char *path = NULL;

    if (self->memory_edited || self->memory_dir == NULL)
        return;
    file = g_strdup_printf ("%s-%s.mem", self->guest_name,
                            gtk_entry_get_text (self->name_entry));
    path = g_build_filename (self->memory_dir, file, NULL);
    self->setting_memory = TRUE;
    gtk_entry_set_text (self->memory_entry, path);
    self->setting_memory = FALSE;
}

static void
name_changed_cb (DomusSnapshotDialog *self)
{
    follow_name (self);
    validate (self);
}

static void
memory_changed_cb (DomusSnapshotDialog *self)
{
    if (!self->setting_memory)
        self->memory_edited = TRUE;
    validate (self);
}

static void
kind_toggled_cb (DomusSnapshotDialog *self)
{
    DomusSnapshotKind kind = chosen_kind (self);

    gtk_widget_set_sensitive (self->memory_label, kind == DOMUS_SNAPSHOT_KIND_EXTERNAL);
    gtk_widget_set_sensitive (GTK_WIDGET (self->memory_entry),
                              kind == DOMUS_SNAPSHOT_KIND_EXTERNAL);
    gtk_widget_set_sensitive (GTK_WIDGET (self->quiesce_check),
                              kind == DOMUS_SNAPSHOT_KIND_DISK_ONLY &&
                              self->quiesce_why_not == NULL);
    validate (self);
}

static const char *
kind_note (DomusSnapshotKind kind, gboolean active)
{
    switch (kind) {
    case DOMUS_SNAPSHOT_KIND_INTERNAL:
        return active ? _("The disks and the memory are kept inside the guest’s qcow2 "
                          "images.")
                      : _("The disks are kept inside the guest’s qcow2 images.");
    case DOMUS_SNAPSHOT_KIND_EXTERNAL:
        return _("Each disk goes on in a new overlay file; the memory is written to a file.");
    case DOMUS_SNAPSHOT_KIND_DISK_ONLY:
    case DOMUS_N_SNAPSHOT_KINDS:
    default:
        return _("Each disk goes on in a new overlay file; the memory is not kept.");
    }
}

static GtkLabel *
note_of (DomusSnapshotDialog *self, DomusSnapshotKind kind)
{
    switch (kind) {
    case DOMUS_SNAPSHOT_KIND_INTERNAL:
        return self->internal_note;
    case DOMUS_SNAPSHOT_KIND_EXTERNAL:
        return self->external_note;
    case DOMUS_SNAPSHOT_KIND_DISK_ONLY:
    case DOMUS_N_SNAPSHOT_KINDS:
    default:
        return self->disk_only_note;
    }
}

static void
set_abilities (DomusSnapshotDialog *self, const DomusSnapshotAbilities *abilities)
{
    /* The first possible kind, in this order of preference. */
    static const DomusSnapshotKind preference[] = {
        DOMUS_SNAPSHOT_KIND_INTERNAL, DOMUS_SNAPSHOT_KIND_DISK_ONLY,
        DOMUS_SNAPSHOT_KIND_EXTERNAL,
    };
    gboolean chosen = FALSE;

    for (guint k = 0; k < DOMUS_N_SNAPSHOT_KINDS; k++) {
        const char *why_not = abilities->why_not[k];
        const char *revert = abilities->revert_why_not[k];
        g_autofree char *note = NULL;

        self->possible[k] = why_not == NULL;
        gtk_widget_set_sensitive (GTK_WIDGET (radio_of (self, k)), why_not == NULL);
        /* What it is, or why not; and whether this host can go back to it. */
        if (why_not != NULL)
            note = g_strdup (why_not);
        else if (revert != NULL)
            note = g_strdup_printf ("%s\n%s", kind_note (k, abilities->active), revert);
        else
            note = g_strdup (kind_note (k, abilities->active));
        gtk_label_set_text (note_of (self, k), note);
    }
    for (guint i = 0; i < G_N_ELEMENTS (preference); i++) {
        if (self->possible[preference[i]] && !chosen) {
            gtk_toggle_button_set_active (radio_of (self, preference[i]), TRUE);
            chosen = TRUE;
        }
    }
    self->quiesce_why_not = g_strdup (abilities->quiesce_why_not);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->quiesce_check), abilities->quiesce_why_not);
    self->memory_dir = g_strdup (abilities->memory_dir);
}

static void
domus_snapshot_dialog_finalize (GObject *object)
{
    DomusSnapshotDialog *self = DOMUS_SNAPSHOT_DIALOG (object);

    g_free (self->guest_name);
    g_free (self->memory_dir);
    g_free (self->quiesce_why_not);
    g_strfreev (self->existing);
    G_OBJECT_CLASS (domus_snapshot_dialog_parent_class)->finalize (object);
}

static void
domus_snapshot_dialog_class_init (DomusSnapshotDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    G_OBJECT_CLASS (klass)->finalize = domus_snapshot_dialog_finalize;
    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/domusvm/Domus/domus-snapshot-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDialog, name_entry);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDialog, name_error);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDialog, description_entry);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDialog, internal_radio);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDialog, external_radio);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDialog, disk_only_radio);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDialog, internal_note);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDialog, external_note);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDialog, disk_only_note);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDialog, memory_label);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDialog, memory_entry);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDialog, memory_error);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDialog, quiesce_check);
    gtk_widget_class_bind_template_child (widget_class, DomusSnapshotDialog, take_button);
    gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, memory_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, kind_toggled_cb);
}

static void
domus_snapshot_dialog_init (DomusSnapshotDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

/* A timestamp, unique among EXISTING: "2024-05-01-101500", or "-2"… after. */
static char *
default_name (const char *const *existing)
{
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
    char *name = g_strdup (stamp);

    for (guint n = 2; existing != NULL && g_strv_contains (existing, name); n++) {
        g_free (name);
        name = g_strdup_printf ("%s-%u", stamp, n);
    }
    return name;
}

GtkWidget *
domus_snapshot_dialog_new (GtkWindow *parent, const char *guest_name,
                           const DomusSnapshotAbilities *abilities,
                           const char *const *existing)
{
    DomusSnapshotDialog *self;
    g_autofree char *name = NULL;

    g_return_val_if_fail (guest_name != NULL, NULL);
    g_return_val_if_fail (abilities != NULL, NULL);

    self = g_object_new (DOMUS_TYPE_SNAPSHOT_DIALOG, "transient-for", parent,
                         "use-header-bar", FALSE, NULL);
    self->guest_name = g_strdup (guest_name);
    self->existing = g_strdupv ((char **) existing);
    set_abilities (self, abilities);
    name = default_name (existing);
    gtk_entry_set_text (self->name_entry, name);
    kind_toggled_cb (self);
    gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
    return GTK_WIDGET (self);
}

DomusSnapshotRequest *
domus_snapshot_dialog_get_request (DomusSnapshotDialog *self)
{
    g_autoptr(DomusSnapshotRequest) request = NULL;
    g_autofree char *name_problem = NULL;
    g_autofree char *path_problem = NULL;
    DomusSnapshotKind kind;

    g_return_val_if_fail (DOMUS_IS_SNAPSHOT_DIALOG (self), NULL);

    kind = chosen_kind (self);
    name_problem = domus_snapshot_check_name (gtk_entry_get_text (self->name_entry),
                                              (const char *const *) self->existing);
    path_problem = memory_problem (self);
    if (kind == DOMUS_N_SNAPSHOT_KINDS || name_problem != NULL || path_problem != NULL)
        return NULL;

    request = g_new0 (DomusSnapshotRequest, 1);
    request->name = g_strdup (gtk_entry_get_text (self->name_entry));
    request->description = g_strdup (gtk_entry_get_text (self->description_entry));
    request->kind = kind;
    if (kind == DOMUS_SNAPSHOT_KIND_EXTERNAL)
        request->memory_file = g_strdup (gtk_entry_get_text (self->memory_entry));
    request->quiesce = kind == DOMUS_SNAPSHOT_KIND_DISK_ONLY &&
                       self->quiesce_why_not == NULL &&
                       gtk_toggle_button_get_active (self->quiesce_check);
    return g_steal_pointer (&request);
}
