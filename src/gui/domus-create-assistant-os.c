/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The New Virtual Machine assistant's operating system: libosinfo's list
 * (loaded once, on a thread of its own) with its search, detection from
 * the ISO or install tree once typing pauses, and the memory, CPUs and
 * disk it recommends, within the host's.
 */
#include "config.h"

#include "domus-create-assistant-private.h"

#include <glib/gi18n.h>

#include "domus-osinfo.h"

void
domus_create_assistant_apply_os_defaults (DomusCreateAssistant *self)
{
    DomusOsDefaults d;
    guint64 host_mib = host_memory_mib (self);
    guint host_cpu = host_cpus (self);
    guint64 memory;

    domus_osinfo_get_defaults (self->os_id, NULL, &d);
    memory = host_mib > 0 ? MIN (d.memory_mib, host_mib) : d.memory_mib;
    gtk_spin_button_set_value (self->memory_spin, memory);
    gtk_spin_button_set_value (self->cpus_spin, host_cpu > 0 ? MIN (d.vcpus, host_cpu) : d.vcpus);
    gtk_spin_button_set_value (self->size_spin, d.storage_gib);
}

static void
select_os (DomusCreateAssistant *self, const char *os_id)
{
    GtkTreeIter iter;
    gboolean valid;

    gtk_entry_set_text (GTK_ENTRY (self->os_search), "");
    for (valid = gtk_tree_model_get_iter_first (self->os_filter, &iter); valid;
         valid = gtk_tree_model_iter_next (self->os_filter, &iter)) {
        g_autofree char *id = NULL;

        gtk_tree_model_get (self->os_filter, &iter, OS_COL_ID, &id, -1);
        if (g_strcmp0 (id, os_id) == 0) {
            g_autoptr(GtkTreePath) path = gtk_tree_model_get_path (self->os_filter, &iter);

            gtk_tree_selection_select_iter (gtk_tree_view_get_selection (self->os_view), &iter);
            gtk_tree_view_scroll_to_cell (self->os_view, path, NULL, TRUE, 0.5, 0);
            return;
        }
    }
}

static void
os_selection_changed_cb (GtkTreeSelection *selection, DomusCreateAssistant *self)
{
    GtkTreeModel *model;
    GtkTreeIter iter;
    g_autofree char *id = NULL;

    if (gtk_tree_selection_get_selected (selection, &model, &iter))
        gtk_tree_model_get (model, &iter, OS_COL_ID, &id, -1);
    if (id == NULL || g_strcmp0 (id, self->os_id) == 0)
        return;
    g_free (self->os_id);
    self->os_id = g_steal_pointer (&id);
    domus_create_assistant_apply_os_defaults (self);
    domus_create_assistant_update (self);
}

static gboolean
os_visible (GtkTreeModel *model, GtkTreeIter *iter, gpointer user_data)
{
    DomusCreateAssistant *self = user_data;
    const char *search = gtk_entry_get_text (GTK_ENTRY (self->os_search));
    g_autofree char *name = NULL;
    g_autofree char *folded_name = NULL;
    g_autofree char *folded_search = NULL;

    if (*search == '\0')
        return TRUE;
    gtk_tree_model_get (model, iter, OS_COL_NAME, &name, -1);
    if (name == NULL)
        return FALSE;
    folded_name = g_utf8_casefold (name, -1);
    folded_search = g_utf8_casefold (search, -1);
    return strstr (folded_name, folded_search) != NULL;
}

static void
os_search_changed_cb (GtkSearchEntry *entry, DomusCreateAssistant *self)
{
    gtk_tree_model_filter_refilter (GTK_TREE_MODEL_FILTER (self->os_filter));
}

static void
fill_os_list (DomusCreateAssistant *self)
{
    g_autoptr(GPtrArray) list = domus_osinfo_list_os ();

    for (guint i = 0; i < list->len; i++) {
        DomusOsEntry *e = g_ptr_array_index (list, i);

        gtk_list_store_insert_with_values (self->os_store, NULL, -1, OS_COL_NAME, e->name,
                                           OS_COL_ID, e->id, -1);
    }
}

static void
osinfo_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusCreateAssistant) self = user_data;
    g_autoptr(GError) error = NULL;

    /* The load is shared and never cancelled: a closed assistant ignores it. */
    if (self->disposed)
        return;
    if (!domus_osinfo_load_finish (result, &error)) {
        if (!is_cancelled (error))
            set_message (self->detect_label, error->message);
        return;
    }
    fill_os_list (self);
    if (self->os_id != NULL)
        select_os (self, self->os_id);
}

static void
detect_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(DomusCreateAssistant) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusOsMatch) match = domus_osinfo_identify_finish (result, &error);

    if (is_cancelled (error))
        return;
    self->detecting = FALSE;
    if (match == NULL) {
        g_autofree char *text = g_strdup_printf (_("The operating system was not detected (%s). "
                                                   "Choose it from the list."), error->message);

        set_message (self->detect_label, text);
    } else {
        g_autofree char *text = g_strdup_printf (_("Detected: %s"), match->name);

        set_message (self->detect_label, text);
        g_free (self->boot_image_url);
        self->boot_image_url = g_strdup (match->boot_image_url);
        select_os (self, match->id);
    }
    domus_create_assistant_update (self);
}

static gboolean
detect_cb (gpointer user_data)
{
    DomusCreateAssistant *self = user_data;
    DomusInstallMethod method = get_method (self);

    self->detect_source = 0;
    g_cancellable_cancel (self->detect_cancel);
    g_clear_object (&self->detect_cancel);
    g_clear_pointer (&self->boot_image_url, g_free);
    if (method == DOMUS_INSTALL_ISO && domus_create_assistant_check_source (self)) {
        const char *path = gtk_entry_get_text (self->iso_entry);

        /* Only a file this machine can read: a remote host's ISO (or a
         * volume of a pool this user cannot read) is not ours to open. */
        if (!host_is_local (self) || g_access (path, R_OK) != 0) {
            set_message (self->detect_label, _("This computer cannot read the media to detect "
                                               "its operating system: choose it from the list."));
            return G_SOURCE_REMOVE;
        }
        self->detect_cancel = g_cancellable_new ();
        self->detecting = TRUE;
        set_message (self->detect_label, _("Detecting the operating system…"));
        domus_osinfo_identify_media_async (path, self->detect_cancel, detect_done_cb,
                                           g_object_ref (self));
    } else if (method == DOMUS_INSTALL_NETWORK) {
        const char *url = gtk_entry_get_text (self->url_entry);
        g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

        if (uri == NULL || g_uri_get_host (uri) == NULL)
            return G_SOURCE_REMOVE;
        self->detect_cancel = g_cancellable_new ();
        self->detecting = TRUE;
        set_message (self->detect_label, _("Detecting the operating system…"));
        domus_osinfo_identify_tree_async (url, self->detect_cancel, detect_done_cb,
                                          g_object_ref (self));
    } else {
        set_message (self->detect_label, NULL);
    }
    domus_create_assistant_update (self);
    return G_SOURCE_REMOVE;
}

/* Detection waits for typing to pause: a tree URL is fetched. */
void
domus_create_assistant_source_changed_cb (GtkWidget *widget, DomusCreateAssistant *self)
{
    if (self->detect_source != 0)
        g_source_remove (self->detect_source);
    self->detect_source = g_timeout_add (400, detect_cb, self);
    domus_create_assistant_update (self);
}

void
domus_create_assistant_init_os (DomusCreateAssistant *self)
{
    self->os_store = gtk_list_store_new (OS_N_COLS, G_TYPE_STRING, G_TYPE_STRING);
    self->os_filter = gtk_tree_model_filter_new (GTK_TREE_MODEL (self->os_store), NULL);
    gtk_tree_model_filter_set_visible_func (GTK_TREE_MODEL_FILTER (self->os_filter), os_visible,
                                            self, NULL);
    gtk_tree_view_set_model (self->os_view, self->os_filter);

    g_signal_connect (self->iso_entry, "changed",
                      G_CALLBACK (domus_create_assistant_source_changed_cb), self);
    g_signal_connect (self->url_entry, "changed",
                      G_CALLBACK (domus_create_assistant_source_changed_cb), self);
    g_signal_connect (self->os_search, "search-changed", G_CALLBACK (os_search_changed_cb), self);
    g_signal_connect (gtk_tree_view_get_selection (self->os_view), "changed",
                      G_CALLBACK (os_selection_changed_cb), self);

    set_message (self->detect_label, _("Choose the installation source; the operating system "
                                       "is detected from it where libosinfo knows it."));
    domus_osinfo_load_async (NULL, osinfo_loaded_cb, g_object_ref (self));
}
