/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared between the New Virtual Machine assistant and its plan and OS
 * files (domus-create-assistant-plan.c, domus-create-assistant-os.c): the
 * instance struct, the pages, and the small readers of the fields they
 * use. GTK thread only.
 */
#pragma once

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "domus-create-assistant.h"
#include "domus-domain-create.h"
#include "domus-host-options.h"
#include "domus-storage.h"

G_BEGIN_DECLS

enum { PAGE_METHOD, PAGE_SOURCE, PAGE_RESOURCES, PAGE_STORAGE, PAGE_FINAL, PAGE_PROGRESS };
enum { OS_COL_NAME, OS_COL_ID, OS_N_COLS };

struct _DomusCreateAssistant {
    GtkAssistant parent_instance;

    GtkComboBoxText *host_combo;
    GtkRadioButton *iso_radio;
    GtkRadioButton *network_radio;
    GtkRadioButton *pxe_radio;
    GtkRadioButton *import_radio;
    GtkComboBoxText *arch_combo;
    GtkComboBoxText *firmware_combo;
    GtkLabel *host_status;
    GtkWidget *iso_box;
    GtkEntry *iso_entry;
    GtkButton *browse_button;
    GtkWidget *url_box;
    GtkEntry *url_entry;
    GtkWidget *import_box;
    GtkEntry *import_entry;
    GtkComboBoxText *format_combo;
    GtkWidget *volume_box;
    GtkComboBoxText *volume_combo;
    GtkStack *share_stack;
    GtkCheckButton *share_check;
    GtkLabel *source_error;
    GtkLabel *detect_label;
    GtkSearchEntry *os_search;
    GtkTreeView *os_view;
    GtkSpinButton *memory_spin;
    GtkLabel *memory_limit;
    GtkSpinButton *cpus_spin;
    GtkLabel *cpus_limit;
    GtkLabel *resources_error;
    GtkRadioButton *new_disk_radio;
    GtkWidget *new_disk_grid;
    GtkComboBoxText *pool_combo;
    GtkSpinButton *size_spin;
    GtkComboBoxText *new_format_combo;
    GtkLabel *pool_free;
    GtkEntry *existing_entry;
    GtkLabel *storage_error;
    GtkEntry *name_entry;
    GtkLabel *name_error;
    GtkComboBoxText *network_combo;
    GtkWidget *device_box;
    GtkEntry *device_entry;
    GtkCheckButton *customize_check;
    GtkLabel *summary_label;
    GtkWidget *xml_scroll;
    GtkTextView *xml_view;
    GtkLabel *create_error;
    GtkLabel *progress_label;

    GListModel *connections;
    DomusConnection *conn;
    GCancellable *host_cancel;      /* options, pools, volumes of conn */
    GCancellable *detect_cancel;
    GCancellable *create_cancel;
    guint pending;                  /* host jobs still out */
    guint detect_source;
    gboolean detecting;
    gboolean creating;

    DomusHostOptions *options;
    GPtrArray *pools;               /* DomusPoolInfo */
    GPtrArray *volumes;             /* DomusVolumeInfo */
    GtkListStore *os_store;
    GtkTreeModel *os_filter;
    char *os_id;                    /* chosen OS, NULL: unknown */
    char *boot_image_url;           /* from the detected tree */
    gboolean xml_edited;
    gboolean setting_xml;
    gboolean disposed;
};

static inline gboolean
is_cancelled (const GError *error)
{
    return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static inline DomusInstallMethod
get_method (DomusCreateAssistant *self)
{
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->network_radio)))
        return DOMUS_INSTALL_NETWORK;
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->pxe_radio)))
        return DOMUS_INSTALL_PXE;
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->import_radio)))
        return DOMUS_INSTALL_IMPORT;
    return DOMUS_INSTALL_ISO;
}

/* A label with a set number of lines keeps their room, said or not (the
 * fields under it stay under the pointer), and carries the whole message
 * in its tooltip when the lines cut it; others show only when they say
 * something. */
static inline void
set_message (GtkLabel *label, const char *text)
{
    gboolean empty = text == NULL || *text == '\0';

    gtk_label_set_text (label, text != NULL ? text : "");
    if (gtk_label_get_lines (label) > 0)
        gtk_widget_set_tooltip_text (GTK_WIDGET (label), empty ? NULL : text);
    else
        gtk_widget_set_visible (GTK_WIDGET (label), !empty);
}

/* An error holds the page back; a warning (@warning) lets it go on, and
 * looks it. */
static inline void
set_message_kind (GtkLabel *label, const char *text, gboolean warning)
{
    GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (label));

    set_message (label, text);
    if (warning) {
        gtk_style_context_remove_class (style, "error");
        gtk_style_context_add_class (style, "domus-warning");
    } else {
        gtk_style_context_remove_class (style, "domus-warning");
        gtk_style_context_add_class (style, "error");
    }
}

/* A host this machine is: its files are the ones the file chooser sees. */
static inline gboolean
host_is_local (DomusCreateAssistant *self)
{
    g_autoptr(GUri) uri = g_uri_parse (domus_connection_get_uri (self->conn),
                                       G_URI_FLAGS_NONE, NULL);
    const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

    return host == NULL || *host == '\0' || g_str_equal (host, "localhost");
}

static inline const DomusPoolInfo *
chosen_pool (DomusCreateAssistant *self)
{
    const char *name = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->pool_combo));

    for (guint i = 0; self->pools != NULL && name != NULL && i < self->pools->len; i++) {
        const DomusPoolInfo *p = g_ptr_array_index (self->pools, i);

        if (g_str_equal (p->name, name))
            return p;
    }
    return NULL;
}

static inline const DomusVolumeInfo *
volume_by_path (DomusCreateAssistant *self, const char *path)
{
    for (guint i = 0; self->volumes != NULL && path != NULL && i < self->volumes->len; i++) {
        const DomusVolumeInfo *v = g_ptr_array_index (self->volumes, i);

        if (g_strcmp0 (v->path, path) == 0)
            return v;
    }
    return NULL;
}

/* The whole number typed in @spin, if it is one within the field's range.
 * GtkSpinButton takes typed text into its value only on activate or
 * focus-out: what the field shows is its text, so checks and the plan read
 * that, never a value one edit behind. */
static inline gboolean
spin_get_typed (GtkSpinButton *spin, guint64 *out)
{
    GtkAdjustment *adj = gtk_spin_button_get_adjustment (spin);
    g_autofree char *text = g_strstrip (g_strdup (gtk_entry_get_text (GTK_ENTRY (spin))));

    return g_ascii_string_to_unsigned (text, 10, (guint64) gtk_adjustment_get_lower (adj),
                                       (guint64) gtk_adjustment_get_upper (adj), out, NULL);
}

/* What @spin shows: the typed number, or its value while the text is none. */
static inline guint64
spin_get_number (GtkSpinButton *spin)
{
    guint64 n;

    return spin_get_typed (spin, &n) ? n : (guint64) gtk_spin_button_get_value_as_int (spin);
}

static inline gboolean
uses_new_disk (DomusCreateAssistant *self)
{
    return get_method (self) != DOMUS_INSTALL_IMPORT &&
           gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->new_disk_radio));
}

static inline guint64
host_memory_mib (DomusCreateAssistant *self)
{
    const DomusHostInfo *info = self->conn != NULL ? domus_connection_get_host_info (self->conn)
                                                   : NULL;

    return info != NULL ? info->memory_kib / 1024 : 0;
}

static inline guint
host_cpus (DomusCreateAssistant *self)
{
    const DomusHostInfo *info = self->conn != NULL ? domus_connection_get_host_info (self->conn)
                                                   : NULL;

    return info != NULL ? info->cpus : 0;
}

/* What the fields describe; @preview: the new disk's path is predicted
 * rather than made. */
DomusCreatePlan *domus_create_assistant_build_plan      (DomusCreateAssistant *self,
                                                         gboolean preview);
/* The inline checks of each page: they set the page's message and say
 * whether it may go on. */
gboolean        domus_create_assistant_check_source    (DomusCreateAssistant *self);
gboolean        domus_create_assistant_check_resources (DomusCreateAssistant *self);
gboolean        domus_create_assistant_check_storage   (DomusCreateAssistant *self);
gboolean        domus_create_assistant_check_final     (DomusCreateAssistant *self);
/* The summary, and the XML to review when Customize is on. */
void            domus_create_assistant_update_summary  (DomusCreateAssistant *self);

/* Shows the method's fields, checks every page and lets only the page on
 * screen be complete. */
void            domus_create_assistant_update          (DomusCreateAssistant *self);

/* In the OS file: the list's model and signals, and its load started. */
void            domus_create_assistant_init_os         (DomusCreateAssistant *self);
/* The chosen OS's recommended memory, CPUs and disk, within the host's. */
void            domus_create_assistant_apply_os_defaults (DomusCreateAssistant *self);
/* The source changed (WIDGET may be NULL): detection once typing pauses. */
void            domus_create_assistant_source_changed_cb (GtkWidget *widget,
                                                          DomusCreateAssistant *self);

G_END_DECLS
