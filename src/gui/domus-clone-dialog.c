/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Clone dialog. Its frame is a template; the disk rows are built here
 * because they depend on the guest. It reads the clone plan (core), checks
 * the name as it is typed, runs the clone and shows its progress in the
 * dialog and as the guest's activity in every window. A clone outlives
 * the dialog only to clean up: closing it cancels, and the run keeps the
 * guest's activity until what it made is removed.
 */
#include "config.h"

#include "domus-clone-dialog.h"

#include <glib/gi18n.h>

#include "domus-domain-clone.h"
#include "domus-guest-actions.h"

/* One clone under way. It belongs to itself until core's callback: the
 * dialog may go first. */
typedef struct {
    GWeakRef dialog;
    DomusDomain *domain;
    GCancellable *cancellable;
    char *new_name;
    gboolean cancelling;
} CloneRun;

struct _DomusCloneDialog {
    GtkDialog parent_instance;

    DomusConnection *conn;
    DomusDomain *domain;

    GtkLabel *heading;
    GtkStack *stack;
    GtkLabel *unavailable_label;
    GtkEntry *name_entry;
    GtkLabel *name_error;
    GtkGrid *disks_grid;
    GtkLabel *nvram_label;
    GtkLabel *paused_label;
    GtkLabel *os_label;
    GtkProgressBar *progress_bar;
    GtkLabel *error_label;
    GtkWidget *cancel_button;
    GtkWidget *clone_button;

    GCancellable *cancellable;  /* reading the plan */
    DomusClonePlan *plan;
    GArray *default_modes;      /* DomusCloneDiskMode, as the plan suggested */
    GPtrArray *notes;           /* GtkLabel per disk (borrowed) */
    CloneRun *run;              /* while cloning */
};

G_DEFINE_FINAL_TYPE (DomusCloneDialog, domus_clone_dialog, GTK_TYPE_DIALOG)

enum {
    PROP_0,
    PROP_CONNECTION,
    PROP_DOMAIN,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const mode_ids[] = { "copy", "share", "skip" };

static void
clone_run_free (CloneRun *run)
{
    g_weak_ref_clear (&run->dialog);
    g_object_unref (run->domain);
    g_object_unref (run->cancellable);
    g_free (run->new_name);
    g_free (run);
}

/* ---- the form ----------------------------------------------------------- */

static DomusCloneDiskMode
disk_mode (DomusCloneDialog *self, guint i)
{
    return ((DomusCloneDisk *) g_ptr_array_index (self->plan->disks, i))->mode;
}

/* What becomes of disk I, under its choice. */
static char *
disk_note (DomusCloneDialog *self, guint i, const char *name)
{
    const DomusCloneDisk *disk = g_ptr_array_index (self->plan->disks, i);
    DomusCloneDiskMode suggested = g_array_index (self->default_modes, DomusCloneDiskMode, i);
    g_autofree char *volume = NULL;

    switch (disk->mode) {
    case DOMUS_CLONE_DISK_COPY:
        volume = domus_clone_plan_volume_name (self->plan, *name != '\0' ? name : "…", i);
        return g_strdup_printf (_("New volume “%s” in pool “%s”."), volume, disk->pool);
    case DOMUS_CLONE_DISK_SHARE:
        if (suggested == DOMUS_CLONE_DISK_SHARE || disk->path == NULL)
            return g_strdup (disk->note);
        if (!disk->readonly && !disk->shareable)
            return g_strdup (_("Both guests write to this disk: never run them at the same "
                               "time, or its file systems are damaged."));
        return NULL;
    case DOMUS_CLONE_DISK_SKIP:
    default:
        if (suggested == DOMUS_CLONE_DISK_SKIP)
            return g_strdup (disk->note);
        return g_strdup (_("The clone does not get this disk."));
    }
}

/* The lines that name the clone's new volumes and its name. */
static void
update_texts (DomusCloneDialog *self, const char *name)
{
    const char *shown = *name != '\0' ? name : "…";
    g_autofree char *os = NULL;

    for (guint i = 0; i < self->notes->len; i++) {
        g_autofree char *note = disk_note (self, i, name);

        gtk_label_set_text (g_ptr_array_index (self->notes, i), note != NULL ? note : "");
    }
    if (self->plan->nvram == DOMUS_CLONE_NVRAM_COPY) {
        g_autofree char *volume = domus_clone_plan_nvram_volume_name (self->plan, shown);
        g_autofree char *text = g_strdup_printf (_("UEFI variables: copied to the new volume "
                                                   "“%s” in pool “%s”."),
                                                 volume, self->plan->nvram_pool);

        gtk_label_set_text (self->nvram_label, text);
    }
    os = g_strdup_printf (_("The operating system inside the clone is not changed: it keeps "
                            "the original’s host name, SSH host keys, machine ID and any "
                            "fixed IP addresses. To reset them before the clone first "
                            "starts, run virt-sysprep, for example:\nvirt-sysprep -c %s -d %s"),
                          domus_connection_get_uri (self->conn), shown);
    gtk_label_set_text (self->os_label, os);
}

/* Clone applies when the plan is read, the name can be used and nothing
 * runs; the name field says what is wrong with the name. */
static gboolean
validate (DomusCloneDialog *self)
{
    const char *name = gtk_entry_get_text (self->name_entry);
    g_autoptr(GError) error = NULL;
    gboolean ok;

    if (self->plan == NULL)
        return FALSE;
    ok = domus_clone_plan_check_name (self->plan, self->conn, name, &error);
    gtk_label_set_text (self->name_error, ok ? "" : error->message);
    update_texts (self, name);
    gtk_widget_set_sensitive (self->clone_button, ok && self->run == NULL);
    return ok;
}

static void
name_changed_cb (DomusCloneDialog *self)
{
    validate (self);
}

static void
mode_changed_cb (GtkComboBox *combo, DomusCloneDialog *self)
{
    guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (combo), "domus-disk"));
    DomusCloneDisk *disk = g_ptr_array_index (self->plan->disks, i);
    const char *id = gtk_combo_box_get_active_id (combo);

    for (guint m = 0; m < G_N_ELEMENTS (mode_ids); m++) {
        if (g_strcmp0 (id, mode_ids[m]) == 0)
            disk->mode = (DomusCloneDiskMode) m;
    }
    validate (self);
}

static void
add_disk_row (DomusCloneDialog *self, guint i)
{
    const DomusCloneDisk *disk = g_ptr_array_index (self->plan->disks, i);
    gboolean empty = disk->path == NULL && disk->pool == NULL;
    g_autofree char *text = g_strdup_printf ("%s: %s", disk->target ? disk->target : "?",
                                             disk->path ? disk->path : _("no storage"));
    g_autofree char *copy = disk->pool ? g_strdup_printf (_("Copy into pool “%s”"), disk->pool)
                                       : NULL;
    g_autofree char *accessible = g_strdup_printf (_("Storage for %s"),
                                                   disk->target ? disk->target : "?");
    GtkWidget *label = gtk_label_new (text);
    GtkWidget *combo = gtk_combo_box_text_new ();
    GtkWidget *note = gtk_label_new (NULL);

    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
    gtk_widget_set_hexpand (label, TRUE);
    gtk_widget_set_tooltip_text (label, text);
    if (disk->can_copy)
        gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), "copy", copy);
    gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), "share",
                               empty ? _("Keep the empty drive") : _("Share with the original"));
    gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), "skip", _("Leave out"));
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), mode_ids[disk->mode]);
    g_object_set_data (G_OBJECT (combo), "domus-disk", GUINT_TO_POINTER (i));
    g_signal_connect (combo, "changed", G_CALLBACK (mode_changed_cb), self);
    atk_object_set_name (gtk_widget_get_accessible (combo), accessible);
    gtk_label_set_mnemonic_widget (GTK_LABEL (label), combo);

    gtk_label_set_xalign (GTK_LABEL (note), 0);
    gtk_label_set_line_wrap (GTK_LABEL (note), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (note), 60);
    gtk_style_context_add_class (gtk_widget_get_style_context (note), "dim-label");

    gtk_grid_attach (self->disks_grid, label, 0, (int) i * 2, 1, 1);
    gtk_grid_attach (self->disks_grid, combo, 1, (int) i * 2, 1, 1);
    gtk_grid_attach (self->disks_grid, note, 0, (int) i * 2 + 1, 2, 1);
    gtk_widget_show_all (label);
    gtk_widget_show_all (combo);
    gtk_widget_show (note);
    g_ptr_array_add (self->notes, note);
}

static void
fill_form (DomusCloneDialog *self)
{
    g_autofree char *name = domus_clone_plan_suggest_name (self->plan, self->conn);

    for (guint i = 0; i < self->plan->disks->len; i++) {
        DomusCloneDiskMode mode = disk_mode (self, i);

        g_array_append_val (self->default_modes, mode);
        add_disk_row (self, i);
    }
    if (self->plan->disks->len == 0) {
        GtkWidget *none = gtk_label_new (_("No disks"));

        gtk_label_set_xalign (GTK_LABEL (none), 0);
        gtk_style_context_add_class (gtk_widget_get_style_context (none), "dim-label");
        gtk_grid_attach (self->disks_grid, none, 0, 0, 1, 1);
        gtk_widget_show (none);
    }
    if (self->plan->nvram == DOMUS_CLONE_NVRAM_FRESH)
        gtk_label_set_text (self->nvram_label,
                            _("UEFI variables: the original’s are not in a storage pool, so "
                              "libvirt gives the clone fresh ones from the firmware’s template "
                              "when it first starts. Boot entries saved in the original’s "
                              "firmware settings are not copied."));
    gtk_widget_set_visible (GTK_WIDGET (self->nvram_label),
                            self->plan->nvram != DOMUS_CLONE_NVRAM_NONE);
    gtk_widget_set_visible (GTK_WIDGET (self->paused_label), self->plan->paused);
    gtk_entry_set_text (self->name_entry, name);
    gtk_stack_set_visible_child_name (self->stack, "form");
    validate (self);
    gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
}

static void
plan_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GError) error = NULL;
    DomusClonePlan *plan = domus_domain_clone_plan_finish (DOMUS_CONNECTION (source), result,
                                                           &error);
    DomusCloneDialog *self;

    if (plan == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;     /* the dialog went */
    self = DOMUS_CLONE_DIALOG (user_data);
    if (plan == NULL) {
        gtk_label_set_text (self->unavailable_label, error->message);
        gtk_stack_set_visible_child_name (self->stack, "unavailable");
        return;
    }
    self->plan = plan;
    fill_form (self);
}

/* ---- the clone ---------------------------------------------------------- */

static void
set_busy (DomusCloneDialog *self, gboolean busy)
{
    gtk_widget_set_sensitive (GTK_WIDGET (self->name_entry), !busy);
    gtk_widget_set_sensitive (GTK_WIDGET (self->disks_grid), !busy);
    gtk_widget_set_sensitive (self->cancel_button, TRUE);
    gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
    if (busy) {
        gtk_widget_hide (GTK_WIDGET (self->error_label));
        gtk_widget_set_sensitive (self->clone_button, FALSE);
        gtk_progress_bar_set_fraction (self->progress_bar, 0);
        gtk_progress_bar_set_text (self->progress_bar, _("Starting…"));
    } else {
        validate (self);
    }
}

static void
progress_cb (guint step, guint n_steps, double fraction, gpointer user_data)
{
    CloneRun *run = user_data;
    g_autoptr(DomusCloneDialog) self = g_weak_ref_get (&run->dialog);
    g_autofree char *activity = NULL;
    g_autofree char *text = NULL;

    if (run->cancelling)
        return;
    /* TRANSLATORS: a guest's progress in the list, "Cloning… 40 %" */
    activity = g_strdup_printf (_("Cloning… %d %%"), (int) (fraction * 100));
    domus_domain_set_activity (run->domain, activity);
    if (self == NULL)
        return;
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Copying volume %u of %u",
                                         "Copying volume %u of %u", n_steps),
                            step + 1, n_steps);
    gtk_progress_bar_set_fraction (self->progress_bar, fraction);
    gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
clone_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    CloneRun *run = user_data;
    g_autoptr(DomusCloneDialog) self = g_weak_ref_get (&run->dialog);
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = domus_domain_clone_finish (DOMUS_CONNECTION (source), result,
                                                      &error);

    domus_domain_set_activity (run->domain, NULL);
    if (self == NULL) {
        /* Closed while cloning: cancelled, and only a failed clean-up is news. */
        if (uuid == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_message ("%s", error->message);
        clone_run_free (run);
        return;
    }
    self->run = NULL;
    if (uuid != NULL) {
        GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
        g_autofree char *text = g_strdup_printf (_("Cloned “%s” as “%s”"),
                                                 domus_domain_get_name (run->domain),
                                                 run->new_name);

        if (parent != NULL)
            domus_guest_actions_notify (parent, text);
        gtk_widget_destroy (GTK_WIDGET (self));
    } else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        gtk_widget_destroy (GTK_WIDGET (self));
    } else {
        set_busy (self, FALSE);
        gtk_label_set_text (self->error_label, error->message);
        gtk_widget_show (GTK_WIDGET (self->error_label));
    }
    clone_run_free (run);
}

static void
start_clone (DomusCloneDialog *self)
{
    CloneRun *run = g_new0 (CloneRun, 1);

    g_weak_ref_init (&run->dialog, self);
    run->domain = g_object_ref (self->domain);
    run->cancellable = g_cancellable_new ();
    run->new_name = g_strdup (gtk_entry_get_text (self->name_entry));
    self->run = run;
    set_busy (self, TRUE);
    domus_domain_set_activity (self->domain, _("Cloning…"));
    domus_domain_clone_async (self->conn, self->plan, run->new_name, progress_cb, run,
                              run->cancellable, clone_done_cb, run);
}

/* libvirt cannot stop a copy half-way: the dialog stays until the clone
 * has removed what it made. */
static void
cancel_clone (DomusCloneDialog *self)
{
    CloneRun *run = self->run;

    if (run->cancelling)
        return;
    run->cancelling = TRUE;
    g_cancellable_cancel (run->cancellable);
    domus_domain_set_activity (run->domain, _("Cancelling the clone…"));
    gtk_widget_set_sensitive (self->cancel_button, FALSE);
    gtk_progress_bar_set_text (self->progress_bar,
                               _("Cancelling: removing what was made once the copy under way "
                                 "ends…"));
}

static void
domus_clone_dialog_response (GtkDialog *dialog, int response)
{
    DomusCloneDialog *self = DOMUS_CLONE_DIALOG (dialog);

    if (response == GTK_RESPONSE_ACCEPT) {
        if (self->run == NULL && validate (self))
            start_clone (self);
    } else if (self->run != NULL) {
        cancel_clone (self);
    } else if (response != GTK_RESPONSE_DELETE_EVENT) {
        /* A window close destroys the dialog by itself. */
        gtk_widget_destroy (GTK_WIDGET (self));
    }
}

/* While cloning, closing the window is Cancel (the response did it). */
static gboolean
delete_event_cb (GtkWidget *widget, GdkEvent *event, gpointer user_data)
{
    return DOMUS_CLONE_DIALOG (widget)->run != NULL;
}

/* ---- the object --------------------------------------------------------- */

static void
domus_clone_dialog_constructed (GObject *object)
{
    DomusCloneDialog *self = DOMUS_CLONE_DIALOG (object);
    g_autofree char *heading = NULL;

    G_OBJECT_CLASS (domus_clone_dialog_parent_class)->constructed (object);

    heading = g_strdup_printf (_("Clone “%s” on %s"), domus_domain_get_name (self->domain),
                               domus_connection_get_display_name (self->conn));
    gtk_label_set_text (self->heading, heading);
    gtk_widget_set_sensitive (self->clone_button, FALSE);
    domus_domain_clone_plan_async (self->conn, self->domain, self->cancellable, plan_done_cb,
                                   self);
}

static void
domus_clone_dialog_dispose (GObject *object)
{
    DomusCloneDialog *self = DOMUS_CLONE_DIALOG (object);

    g_cancellable_cancel (self->cancellable);
    /* The run goes on to clean up, and ends by itself. */
    if (self->run != NULL) {
        cancel_clone (self);
        self->run = NULL;
    }
    g_clear_object (&self->cancellable);
    g_clear_pointer (&self->plan, domus_clone_plan_unref);
    g_clear_object (&self->conn);
    g_clear_object (&self->domain);
    G_OBJECT_CLASS (domus_clone_dialog_parent_class)->dispose (object);
}

static void
domus_clone_dialog_finalize (GObject *object)
{
    DomusCloneDialog *self = DOMUS_CLONE_DIALOG (object);

    g_array_unref (self->default_modes);
    g_ptr_array_unref (self->notes);
    G_OBJECT_CLASS (domus_clone_dialog_parent_class)->finalize (object);
}

static void
domus_clone_dialog_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
    DomusCloneDialog *self = DOMUS_CLONE_DIALOG (object);

    switch (prop_id) {
    case PROP_CONNECTION:
        self->conn = g_value_dup_object (value);
        break;
    case PROP_DOMAIN:
        self->domain = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_clone_dialog_get_property (GObject *object, guint prop_id, GValue *value,
                                 GParamSpec *pspec)
{
    DomusCloneDialog *self = DOMUS_CLONE_DIALOG (object);

    switch (prop_id) {
    case PROP_CONNECTION:
        g_value_set_object (value, self->conn);
        break;
    case PROP_DOMAIN:
        g_value_set_object (value, self->domain);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
domus_clone_dialog_class_init (DomusCloneDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->constructed = domus_clone_dialog_constructed;
    object_class->dispose = domus_clone_dialog_dispose;
    object_class->finalize = domus_clone_dialog_finalize;
    object_class->set_property = domus_clone_dialog_set_property;
    object_class->get_property = domus_clone_dialog_get_property;
    GTK_DIALOG_CLASS (klass)->response = domus_clone_dialog_response;

    properties[PROP_CONNECTION] =
        g_param_spec_object ("connection", NULL, NULL, DOMUS_TYPE_CONNECTION,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_DOMAIN] =
        g_param_spec_object ("domain", NULL, NULL, DOMUS_TYPE_DOMAIN,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/domusvm/Domus/domus-clone-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, DomusCloneDialog, heading);
    gtk_widget_class_bind_template_child (widget_class, DomusCloneDialog, stack);
    gtk_widget_class_bind_template_child (widget_class, DomusCloneDialog, unavailable_label);
    gtk_widget_class_bind_template_child (widget_class, DomusCloneDialog, name_entry);
    gtk_widget_class_bind_template_child (widget_class, DomusCloneDialog, name_error);
    gtk_widget_class_bind_template_child (widget_class, DomusCloneDialog, disks_grid);
    gtk_widget_class_bind_template_child (widget_class, DomusCloneDialog, nvram_label);
    gtk_widget_class_bind_template_child (widget_class, DomusCloneDialog, paused_label);
    gtk_widget_class_bind_template_child (widget_class, DomusCloneDialog, os_label);
    gtk_widget_class_bind_template_child (widget_class, DomusCloneDialog, progress_bar);
    gtk_widget_class_bind_template_child (widget_class, DomusCloneDialog, error_label);
    gtk_widget_class_bind_template_child (widget_class, DomusCloneDialog, cancel_button);
    gtk_widget_class_bind_template_child (widget_class, DomusCloneDialog, clone_button);
    gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
}

/* An empty message line keeps the room of one line, so that the fields
 * below do not move as the name becomes right or wrong. */
static void
reserve_line_cb (GtkWidget *label, gpointer user_data)
{
    g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (label, "X");
    int height;

    pango_layout_get_pixel_size (layout, NULL, &height);
    gtk_widget_set_size_request (label, -1, height);
}

static void
domus_clone_dialog_init (DomusCloneDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
    self->default_modes = g_array_new (FALSE, FALSE, sizeof (DomusCloneDiskMode));
    self->notes = g_ptr_array_new ();
    reserve_line_cb (GTK_WIDGET (self->name_error), NULL);
    g_signal_connect (self->name_error, "style-updated", G_CALLBACK (reserve_line_cb), NULL);
    g_signal_connect (self, "delete-event", G_CALLBACK (delete_event_cb), NULL);
    gtk_stack_set_visible_child_name (self->stack, "loading");
}

GtkWidget *
domus_clone_dialog_new (GtkWindow *parent, DomusConnection *conn, DomusDomain *domain)
{
    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (DOMUS_IS_CONNECTION (conn), NULL);
    g_return_val_if_fail (DOMUS_IS_DOMAIN (domain), NULL);

    return g_object_new (DOMUS_TYPE_CLONE_DIALOG, "transient-for", parent,
                         "use-header-bar", FALSE, "connection", conn, "domain", domain,
                         NULL);
}
