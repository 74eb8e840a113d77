/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The New Virtual Machine assistant's fields read as a DomusCreatePlan, the
 * inline checks of each page, and the summary. Reads widgets and core's
 * plain data; never calls libvirt.
 */
#include "config.h"

#include "domus-create-assistant-private.h"

#include <glib/gi18n.h>

#include "domus-domain-config.h"
#include "domus-osinfo.h"

static const char *
new_disk_format (DomusCreateAssistant *self)
{
    const char *format = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->new_format_combo));

    return format != NULL ? format : "qcow2";
}

/* A file says its format in its name; a logical volume is the guest's. */
static char *
new_volume_name (DomusCreateAssistant *self)
{
    const DomusPoolInfo *pool = chosen_pool (self);
    const char *suffix = "";

    if (pool == NULL || domus_storage_pool_holds_files (pool->type))
        suffix = g_str_equal (new_disk_format (self), "raw") ? ".img" : ".qcow2";
    return g_strdup_printf ("%s%s", gtk_entry_get_text (self->name_entry), suffix);
}

/* ---- the plan ----------------------------------------------------------- */

static char *
guess_format (DomusCreateAssistant *self, const char *path)
{
    const DomusVolumeInfo *vol = volume_by_path (self, path);

    if (vol != NULL && vol->format != NULL && !g_str_equal (vol->format, "iso"))
        return g_strdup (vol->format);
    return g_strdup (g_str_has_suffix (path, ".qcow2") ? "qcow2" : "raw");
}

/* What the fields describe; @preview: the new disk's path is predicted
 * rather than made. */
DomusCreatePlan *
domus_create_assistant_build_plan (DomusCreateAssistant *self, gboolean preview)
{
    DomusCreatePlan *plan = domus_create_plan_new ();
    DomusDomainConfig *c = plan->config;
    int arch = gtk_combo_box_get_active (GTK_COMBO_BOX (self->arch_combo));
    const char *net = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->network_combo));

    c->name = g_strdup (gtk_entry_get_text (self->name_entry));
    if (self->options != NULL && arch >= 0 && (guint) arch < self->options->arches->len) {
        g_free (c->arch);
        c->arch = g_strdup (g_ptr_array_index (self->options->arches, arch));
        g_free (c->domain_type);
        c->domain_type = g_strdup (g_ptr_array_index (self->options->domain_types, arch));
    }
    c->firmware = g_strcmp0 (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->firmware_combo)),
                             "uefi") == 0 ? DOMUS_FIRMWARE_UEFI : DOMUS_FIRMWARE_BIOS;
    c->method = get_method (self);
    c->memory_mib = spin_get_number (self->memory_spin);
    c->vcpus = (guint) spin_get_number (self->cpus_spin);
    c->os_id = g_strdup (self->os_id);
    domus_osinfo_apply_devices (self->os_id, c);

    if (c->method == DOMUS_INSTALL_ISO) {
        c->install_source = g_strdup (gtk_entry_get_text (self->iso_entry));
    } else if (c->method == DOMUS_INSTALL_NETWORK) {
        const char *url = gtk_entry_get_text (self->url_entry);

        c->install_source = g_strdup (g_str_has_suffix (url, ".iso") ? url
                                                                      : self->boot_image_url);
    }

    if (c->method == DOMUS_INSTALL_IMPORT) {
        c->disk_path = g_strdup (gtk_entry_get_text (self->import_entry));
        g_free (c->disk_format);
        c->disk_format =
            g_strdup (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->format_combo)));
    } else if (uses_new_disk (self)) {
        const DomusPoolInfo *pool = chosen_pool (self);

        plan->volume_pool = g_strdup (pool != NULL ? pool->name : NULL);
        plan->volume_name = new_volume_name (self);
        g_free (c->disk_format);
        c->disk_format = g_strdup (new_disk_format (self));
        plan->volume_bytes = spin_get_number (self->size_spin) << 30;
        if (preview && pool != NULL && pool->target_path != NULL)
            c->disk_path = g_build_filename (pool->target_path, plan->volume_name, NULL);
    } else {
        const char *path = gtk_entry_get_text (self->existing_entry);

        c->disk_path = g_strdup (path);
        g_free (c->disk_format);
        c->disk_format = guess_format (self, path);
    }
    if (c->disk_path != NULL) {
        const DomusVolumeInfo *vol = volume_by_path (self, c->disk_path);

        c->disk_is_block = (vol != NULL && vol->is_block) ||
                           g_str_has_prefix (c->disk_path, "/dev/");
        /* A LUN of an iscsi-direct pool has no path on the host: the guest
         * names the volume, and libvirt makes it a network disk. */
        if (vol != NULL && !g_path_is_absolute (vol->path)) {
            c->disk_pool = g_strdup (vol->pool);
            c->disk_volume = g_strdup (vol->name);
        }
    }

    if (net == NULL) {
        c->network_kind = DOMUS_NETWORK_NONE;
    } else if (g_str_has_prefix (net, "network:")) {
        c->network_kind = DOMUS_NETWORK_VIRTUAL;
        g_free (c->network_source);
        c->network_source = g_strdup (net + strlen ("network:"));
    } else {
        c->network_kind = g_str_equal (net, "bridge") ? DOMUS_NETWORK_BRIDGE
                                                      : DOMUS_NETWORK_MACVTAP;
        g_free (c->network_source);
        c->network_source = g_strdup (gtk_entry_get_text (self->device_entry));
    }
    plan->start = TRUE;
    return plan;
}

/* ---- inline checks ------------------------------------------------------ */

/* The guests whose disks use @path (names), or NULL. */
static GPtrArray *
disk_users (DomusCreateAssistant *self, const char *path)
{
    if (self->options == NULL || self->options->disk_users == NULL)
        return NULL;
    return g_hash_table_lookup (self->options->disk_users, path);
}

/* A disk that other guests use is shared only when the user says so: two
 * guests writing to one disk destroy its file system. The check button
 * names them; the message says why while it is not ticked. */
static char *
check_sharing (DomusCreateAssistant *self, const char *path)
{
    GPtrArray *users = get_method (self) == DOMUS_INSTALL_IMPORT ? disk_users (self, path)
                                                                  : NULL;
    g_autoptr(GString) names = g_string_new (NULL);
    g_autofree char *label = NULL;
    gboolean running = FALSE;

    gtk_stack_set_visible_child_name (self->share_stack, users != NULL ? "share" : "none");
    if (users == NULL)
        return NULL;
    for (guint i = 0; i < users->len; i++)
        g_string_append_printf (names, i > 0 ? ", %s" : "%s",
                                (const char *) g_ptr_array_index (users, i));
    label = g_strdup_printf (ngettext ("_Share this disk with guest %s",
                                       "_Share this disk with guests %s", users->len),
                             names->str);
    gtk_button_set_label (GTK_BUTTON (self->share_check), label);
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->share_check)))
        return NULL;

    for (guint i = 0; i < users->len; i++) {
        DomusDomain *guest =
            domus_connection_find_domain_by_name (self->conn, g_ptr_array_index (users, i));

        running = running || (guest != NULL && domus_domain_is_active (guest));
    }
    if (running)
        return g_strdup_printf (ngettext ("Guest %s is running and uses this disk: two guests "
                                          "writing to one disk corrupt it.",
                                          "Guests %s use this disk, and at least one is "
                                          "running: two guests writing to one disk corrupt it.",
                                          users->len), names->str);
    return g_strdup_printf (ngettext ("Guest %s uses this disk: if both guests run at once, "
                                      "their writes corrupt it.",
                                      "Guests %s use this disk: if two guests run at once, "
                                      "their writes corrupt it.", users->len), names->str);
}

gboolean
domus_create_assistant_check_source (DomusCreateAssistant *self)
{
    g_autofree char *message = NULL;

    switch (get_method (self)) {
    case DOMUS_INSTALL_ISO: {
        const char *path = gtk_entry_get_text (self->iso_entry);

        if (*path == '\0')
            message = g_strdup (_("Choose an ISO image or CD-ROM to install from."));
        else if (volume_by_path (self, path) == NULL && host_is_local (self) &&
                 g_access (path, R_OK) != 0)
            message = g_strdup_printf (_("“%s” cannot be read: %s"), path, g_strerror (errno));
        break;
    }
    case DOMUS_INSTALL_NETWORK: {
        const char *url = gtk_entry_get_text (self->url_entry);
        g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
        const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

        if (*url == '\0')
            message = g_strdup (_("Enter the URL of the install tree."));
        else if (scheme == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
                 !(g_str_equal (scheme, "http") || g_str_equal (scheme, "https") ||
                   g_str_equal (scheme, "ftp")))
            message = g_strdup_printf (_("“%s” is not an HTTP, HTTPS or FTP address."), url);
        else if (!g_str_has_suffix (url, ".iso") && self->boot_image_url == NULL &&
                 !self->detecting)
            message = g_strdup (_("libosinfo found no network boot image for this tree: "
                                  "enter the URL of its boot ISO instead."));
        break;
    }
    case DOMUS_INSTALL_IMPORT: {
        const char *path = gtk_entry_get_text (self->import_entry);

        if (*path == '\0')
            message = g_strdup (_("Choose the disk image to import."));
        else if (volume_by_path (self, path) == NULL && host_is_local (self) &&
                 g_access (path, R_OK) != 0)
            message = g_strdup_printf (_("“%s” cannot be read: %s"), path, g_strerror (errno));
        break;
    }
    case DOMUS_INSTALL_PXE:
        break;
    }
    if (message == NULL)
        message = check_sharing (self, gtk_entry_get_text (self->import_entry));
    else
        gtk_stack_set_visible_child_name (self->share_stack, "none");
    set_message (self->source_error, message);
    return message == NULL;
}

/* The range of @spin, for the message that asks for a number within it. */
static void
spin_range (GtkSpinButton *spin, guint *lower, guint *upper)
{
    GtkAdjustment *adj = gtk_spin_button_get_adjustment (spin);

    *lower = (guint) gtk_adjustment_get_lower (adj);
    *upper = (guint) gtk_adjustment_get_upper (adj);
}

gboolean
domus_create_assistant_check_resources (DomusCreateAssistant *self)
{
    guint64 memory = spin_get_number (self->memory_spin);
    guint64 cpus = spin_get_number (self->cpus_spin);
    guint lower, upper;
    guint64 host_mib = host_memory_mib (self);
    guint host_cpu = host_cpus (self);
    g_autofree char *message = NULL;

    DomusOsDefaults d;
    g_autofree char *os_name = domus_osinfo_get_name (self->os_id);
    g_autofree char *mem_text = NULL;
    g_autofree char *cpu_text = g_strdup_printf (_("Up to %u on this host"), host_cpu);

    /* Below libosinfo's minimum is allowed (virt-manager allows it too),
     * but said beside the limit. */
    domus_osinfo_get_defaults (self->os_id, NULL, &d);
    if (os_name != NULL && d.min_memory_mib > memory)
        mem_text = g_strdup_printf (_("Up to %u MiB on this host; %s needs at least %u MiB"),
                                    (guint) host_mib, os_name, (guint) d.min_memory_mib);
    else
        mem_text = g_strdup_printf (_("Up to %u MiB on this host"), (guint) host_mib);
    set_message (self->memory_limit, host_mib > 0 ? mem_text : NULL);
    set_message (self->cpus_limit, host_cpu > 0 ? cpu_text : NULL);

    if (!spin_get_typed (self->memory_spin, &memory)) {
        spin_range (self->memory_spin, &lower, &upper);
        message = g_strdup_printf (_("Enter the memory as a whole number of MiB, "
                                     "from %u to %u."), lower, upper);
    } else if (host_mib > 0 && memory > host_mib) {
        message = g_strdup_printf (_("%u MiB is more than this host’s memory (%u MiB)."),
                                   (guint) memory, (guint) host_mib);
    } else if (!spin_get_typed (self->cpus_spin, &cpus)) {
        spin_range (self->cpus_spin, &lower, &upper);
        message = g_strdup_printf (_("Enter the number of CPUs, from %u to %u."), lower, upper);
    } else if (host_cpu > 0 && cpus > host_cpu) {
        message = g_strdup_printf (ngettext ("%u CPU is more than this host has (%u).",
                                             "%u CPUs are more than this host has (%u).",
                                             (gulong) cpus),
                                   (guint) cpus, host_cpu);
    }
    set_message (self->resources_error, message);
    return message == NULL;
}

/* The new disk against the pool's free space. A file takes space only as
 * the guest writes, so a larger one is allowed and said, as virt-manager
 * does; a block device takes its whole size at once, so it must fit. */
static char *
check_free_space (const DomusPoolInfo *pool, guint64 bytes, char **warning)
{
    g_autofree char *free_text = NULL;

    if (bytes <= pool->available)
        return NULL;
    free_text = g_format_size_full (pool->available, G_FORMAT_SIZE_IEC_UNITS);
    if (domus_storage_pool_holds_files (pool->type)) {
        *warning = g_strdup_printf (_("Pool “%s” has %s free, less than the disk: it takes "
                                      "space only as the guest writes, but the pool may fill "
                                      "up first."), pool->name, free_text);
        return NULL;
    }
    return g_strdup_printf (_("The disk is larger than the free space of pool “%s” (%s): "
                              "a disk there takes its whole size at once."),
                            pool->name, free_text);
}

gboolean
domus_create_assistant_check_storage (DomusCreateAssistant *self)
{
    g_autofree char *message = NULL;
    g_autofree char *warning = NULL;

    if (uses_new_disk (self)) {
        const DomusPoolInfo *pool = chosen_pool (self);
        guint64 gib;
        guint lower, upper;

        if (pool == NULL) {
            message = g_strdup (_("Choose a storage pool for the new disk."));
        } else if (!spin_get_typed (self->size_spin, &gib)) {
            spin_range (self->size_spin, &lower, &upper);
            message = g_strdup_printf (_("Enter the disk size as a whole number of GiB, "
                                         "from %u to %u."), lower, upper);
        } else {
            message = check_free_space (pool, gib << 30, &warning);
        }
    } else if (get_method (self) != DOMUS_INSTALL_IMPORT) {
        const char *path = gtk_entry_get_text (self->existing_entry);

        if (*path == '\0')
            message = g_strdup (_("Enter the path of the existing disk."));
        else if (volume_by_path (self, path) == NULL && host_is_local (self) &&
                 g_access (path, R_OK) != 0)
            message = g_strdup_printf (_("“%s” cannot be read: %s"), path, g_strerror (errno));
    }
    set_message_kind (self->storage_error, message != NULL ? message : warning,
                      message == NULL);
    return message == NULL;
}

/* The new disk's name comes from the guest's, so the name field says when
 * its pool has a volume of that name already. */
static char *
check_new_volume_name (DomusCreateAssistant *self)
{
    const DomusPoolInfo *pool = chosen_pool (self);
    g_autofree char *vol_name = NULL;

    if (!uses_new_disk (self) || pool == NULL)
        return NULL;
    vol_name = new_volume_name (self);
    for (guint i = 0; self->volumes != NULL && i < self->volumes->len; i++) {
        const DomusVolumeInfo *v = g_ptr_array_index (self->volumes, i);

        if (g_str_equal (v->pool, pool->name) && g_str_equal (v->name, vol_name))
            return g_strdup_printf (_("Pool “%s” already has a volume named “%s”: "
                                      "choose another guest name."), pool->name, vol_name);
    }
    return NULL;
}

gboolean
domus_create_assistant_check_final (DomusCreateAssistant *self)
{
    const char *name = gtk_entry_get_text (self->name_entry);
    const char *net = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->network_combo));
    g_autofree char *message = NULL;

    if (*name == '\0')
        message = g_strdup (_("Enter a name for the new guest."));
    else if (strchr (name, '/') != NULL)
        message = g_strdup (_("A guest name cannot contain “/”."));
    else if (self->conn != NULL &&
             domus_connection_find_domain_by_name (self->conn, name) != NULL)
        message = g_strdup_printf (_("A guest named “%s” already exists on %s."), name,
                                   domus_connection_get_display_name (self->conn));
    else
        message = check_new_volume_name (self);
    if (message == NULL && net != NULL && !g_str_has_prefix (net, "network:") &&
        *gtk_entry_get_text (self->device_entry) == '\0')
        message = g_strdup (_("Enter the host device to connect the guest to."));
    set_message (self->name_error, message);
    return message == NULL;
}

/* ---- summary and XML ---------------------------------------------------- */

void
domus_create_assistant_update_summary (DomusCreateAssistant *self)
{
    g_autoptr(DomusCreatePlan) plan = domus_create_assistant_build_plan (self, TRUE);
    DomusDomainConfig *c = plan->config;
    g_autoptr(GString) text = g_string_new (NULL);
    g_autofree char *os_name = domus_osinfo_get_name (c->os_id);
    gboolean customize = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->customize_check));

    g_string_append_printf (text, _("Guest “%s” on %s"), c->name,
                            self->conn != NULL ? domus_connection_get_display_name (self->conn)
                                               : "");
    g_string_append_c (text, '\n');
    g_string_append_printf (text, _("Operating system: %s"),
                            os_name != NULL ? os_name : _("Unknown (generic defaults)"));
    g_string_append_c (text, '\n');
    g_string_append_printf (text, _("Memory: %u MiB, CPUs: %u"),
                            (guint) c->memory_mib, c->vcpus);
    g_string_append_c (text, '\n');
    if (c->install_source != NULL) {
        g_string_append_printf (text, _("Install from: %s"), c->install_source);
        g_string_append_c (text, '\n');
    } else if (c->method == DOMUS_INSTALL_PXE) {
        g_string_append (text, _("Install by network boot (PXE)"));
        g_string_append_c (text, '\n');
    }
    if (plan->volume_pool != NULL) {
        g_string_append_printf (text, _("New disk: %s, %u GiB, %s, in pool “%s”"),
                                plan->volume_name, (guint) (plan->volume_bytes >> 30),
                                c->disk_format, plan->volume_pool);
        g_string_append_c (text, '\n');
    } else if (c->disk_path != NULL && *c->disk_path != '\0') {
        g_string_append_printf (text, _("Existing disk (left as it is): %s"), c->disk_path);
        g_string_append_c (text, '\n');
    }
    g_string_append (text, _("The guest is defined and started when you apply."));
    gtk_label_set_text (self->summary_label, text->str);

    gtk_widget_set_visible (self->xml_scroll, customize);
    if (customize && !self->xml_edited) {
        g_autoptr(GError) error = NULL;
        g_autofree char *xml = domus_domain_config_to_xml (c, &error);

        self->setting_xml = TRUE;
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->xml_view),
                                  xml != NULL ? xml : error->message, -1);
        self->setting_xml = FALSE;
    }
}
