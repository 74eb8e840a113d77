/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Details page's forms. Each page is a table of fields (a label, a kind
 * of widget, and where its value lives); the widgets are built from the
 * table when the page is shown, which is why they are made here in C and
 * not in a template. Device fields name a short path under the device
 * ("source/@file"); the general pages read and write through a function
 * pair. Values travel as strings; the checks see the values as typed.
 */
#include "config.h"

#include "domus-details-page-private.h"

#include <glib/gi18n.h>

#include "domus-boot-order-list.h"
#include "domus-disk-source-entry.h"
#include "domus-nic-addresses.h"
#include "domus-domain-details-boot.h"

typedef enum {
    FIELD_ENTRY,        /* free text; empty is "none" */
    FIELD_COMBO,        /* free text with suggestions */
    FIELD_CHECK,        /* on_value / off_value (NULL: "yes" / absent) */
    FIELD_NUMBER,       /* a whole number */
    FIELD_TEXT,         /* several lines */
    FIELD_INFO,         /* shown, not edited */
    FIELD_BOOT,         /* the boot order list (domus-boot-order-list) */
    FIELD_SOURCE,       /* a disk's source, checked on the host (domus-disk-source-entry) */
    FIELD_ADDRESSES,    /* a NIC's IP addresses, shown (domus-nic-addresses); value: MAC */
} FieldKind;

typedef struct {
    FieldKind kind;
    const char *id;             /* a device path, or the general page's name */
    const char *label;          /* with a mnemonic */
    const char *const *options;
    const char *on_value;
    const char *off_value;
    double max;
} Field;

#define END { FIELD_INFO, NULL, NULL, NULL, NULL, NULL, 0 }

static const char *const buses[] = { "virtio", "sata", "scsi", "ide", "usb", "xen", NULL };
static const char *const devices[] = { "disk", "cdrom", "floppy", "lun", NULL };
static const char *const caches[] = { "default", "none", "writeback", "writethrough",
                                      "directsync", "unsafe", NULL };
static const char *const discards[] = { "ignore", "unmap", NULL };
static const char *const nic_types[] = { "network", "bridge", "direct", "user", NULL };
static const char *const nic_models[] = { "virtio", "e1000e", "e1000", "rtl8139", NULL };
static const char *const video_models[] = { "virtio", "qxl", "vga", "bochs", "ramfb",
                                            "cirrus", "none", NULL };
static const char *const sound_models[] = { "ich9", "ich6", "ac97", "usb", NULL };
static const char *const input_types[] = { "tablet", "mouse", "keyboard", NULL };
static const char *const input_buses[] = { "usb", "ps2", "virtio", "xen", NULL };
static const char *const watchdog_actions[] = { "reset", "shutdown", "poweroff", "pause",
                                                "none", "dump", "inject-nmi", NULL };
static const char *const cpu_modes[] = { "default", "host-passthrough", "host-model",
                                         "custom", NULL };
/* Filled from the host's domain capabilities (domus-details-page-host.c). */
static const char *const no_options[] = { NULL };
static const char *const char_types[] = { "pty", "file", "unix", "tcp", "null", NULL };

static const Field overview_fields[] = {
    { FIELD_ENTRY, "name", N_("_Name"), NULL, NULL, NULL, 0 },
    { FIELD_ENTRY, "title", N_("_Title"), NULL, NULL, NULL, 0 },
    { FIELD_TEXT, "description", N_("_Description"), NULL, NULL, NULL, 0 },
    { FIELD_ENTRY, "os", N_("_Operating system (libosinfo id)"), NULL, NULL, NULL, 0 },
    { FIELD_INFO, "uuid", N_("UUID"), NULL, NULL, NULL, 0 },
    { FIELD_INFO, "hypervisor", N_("Hypervisor"), NULL, NULL, NULL, 0 },
    { FIELD_INFO, "arch", N_("Architecture"), NULL, NULL, NULL, 0 },
    { FIELD_INFO, "machine", N_("Machine type"), NULL, NULL, NULL, 0 },
    { FIELD_INFO, "firmware", N_("Firmware"), NULL, NULL, NULL, 0 },
    END
};

static const Field cpu_fields[] = {
    { FIELD_NUMBER, "vcpus", N_("_Current vCPUs"), NULL, NULL, NULL, 4096 },
    { FIELD_NUMBER, "max-vcpus", N_("Ma_ximum vCPUs"), NULL, NULL, NULL, 4096 },
    { FIELD_COMBO, "cpu-mode", N_("CPU mo_de"), cpu_modes, NULL, NULL, 0 },
    { FIELD_COMBO, "cpu-model", N_("CPU mode_l (custom mode)"), no_options, NULL, NULL, 0 },
    { FIELD_NUMBER, "sockets", N_("_Sockets (0: no topology)"), NULL, NULL, NULL, 4096 },
    { FIELD_NUMBER, "cores", N_("C_ores"), NULL, NULL, NULL, 4096 },
    { FIELD_NUMBER, "threads", N_("_Threads"), NULL, NULL, NULL, 4096 },
    END
};

static const Field memory_fields[] = {
    { FIELD_NUMBER, "memory", N_("_Current memory (MiB)"), NULL, NULL, NULL, 16777216 },
    { FIELD_NUMBER, "max-memory", N_("Ma_ximum memory (MiB)"), NULL, NULL, NULL, 16777216 },
    { FIELD_CHECK, "shared", N_("_Shared memory (for virtiofs)"), NULL, NULL, NULL, 0 },
    END
};

static const Field boot_fields[] = {
    { FIELD_BOOT, "boot-devices", N_("Boot _order"), NULL, NULL, NULL, 0 },
    { FIELD_CHECK, "boot-menu", N_("Show the _boot menu"), NULL, NULL, NULL, 0 },
    { FIELD_ENTRY, "kernel", N_("_Kernel path"), NULL, NULL, NULL, 0 },
    { FIELD_ENTRY, "initrd", N_("_Initrd path"), NULL, NULL, NULL, 0 },
    { FIELD_ENTRY, "cmdline", N_("Kernel ar_guments"), NULL, NULL, NULL, 0 },
    END
};

static const Field disk_fields[] = {
    { FIELD_SOURCE, "source", N_("_Source path (empty: no media)"), NULL, NULL, NULL, 0 },
    { FIELD_COMBO, "@device", N_("_Device"), devices, NULL, NULL, 0 },
    { FIELD_COMBO, "target/@bus", N_("_Bus"), buses, NULL, NULL, 0 },
    { FIELD_INFO, "target/@dev", N_("Target"), NULL, NULL, NULL, 0 },
    { FIELD_CHECK, "readonly", N_("Read-o_nly"), NULL, NULL, NULL, 0 },
    { FIELD_CHECK, "shareable", N_("Shareab_le"), NULL, NULL, NULL, 0 },
    { FIELD_COMBO, "driver/@cache", N_("_Cache"), caches, NULL, NULL, 0 },
    { FIELD_COMBO, "driver/@discard", N_("D_iscard"), discards, NULL, NULL, 0 },
    END
};

static const Field nic_fields[] = {
    { FIELD_COMBO, "@type", N_("Source _type"), nic_types, NULL, NULL, 0 },
    { FIELD_ENTRY, "nic-source", N_("_Source (network, bridge or host device)"), NULL, NULL,
      NULL, 0 },
    { FIELD_COMBO, "model/@type", N_("M_odel"), nic_models, NULL, NULL, 0 },
    { FIELD_ENTRY, "mac/@address", N_("MA_C address"), NULL, NULL, NULL, 0 },
    { FIELD_CHECK, "link/@state", N_("_Link up"), NULL, "up", "down", 0 },
    { FIELD_ADDRESSES, "ip-addresses", N_("IP addresses"), NULL, NULL, NULL, 0 },
    END
};

static const Field graphics_fields[] = {
    { FIELD_INFO, "@type", N_("Type"), NULL, NULL, NULL, 0 },
    { FIELD_ENTRY, "@listen", N_("_Listen address"), NULL, NULL, NULL, 0 },
    { FIELD_ENTRY, "@port", N_("_Port (-1: automatic)"), NULL, NULL, NULL, 0 },
    { FIELD_ENTRY, "@passwd", N_("Pass_word"), NULL, NULL, NULL, 0 },
    END
};

static const Field video_fields[] = {
    { FIELD_COMBO, "model/@type", N_("M_odel"), video_models, NULL, NULL, 0 },
    { FIELD_ENTRY, "model/@heads", N_("H_eads"), NULL, NULL, NULL, 0 },
    END
};

static const Field sound_fields[] = {
    { FIELD_COMBO, "@model", N_("M_odel"), sound_models, NULL, NULL, 0 },
    END
};

static const Field char_fields[] = {
    { FIELD_COMBO, "@type", N_("_Type"), char_types, NULL, NULL, 0 },
    { FIELD_ENTRY, "source/@path", N_("_Path"), NULL, NULL, NULL, 0 },
    { FIELD_ENTRY, "target/@type", N_("Target t_ype"), NULL, NULL, NULL, 0 },
    { FIELD_ENTRY, "target/@name", N_("Target _name"), NULL, NULL, NULL, 0 },
    END
};

static const Field input_fields[] = {
    { FIELD_COMBO, "@type", N_("_Type"), input_types, NULL, NULL, 0 },
    { FIELD_COMBO, "@bus", N_("_Bus"), input_buses, NULL, NULL, 0 },
    END
};

static const Field hostdev_fields[] = {
    { FIELD_INFO, "@type", N_("Type"), NULL, NULL, NULL, 0 },
    { FIELD_INFO, "source/vendor/@id", N_("Vendor"), NULL, NULL, NULL, 0 },
    { FIELD_INFO, "source/product/@id", N_("Product"), NULL, NULL, NULL, 0 },
    { FIELD_INFO, "source/address/@bus", N_("Bus"), NULL, NULL, NULL, 0 },
    { FIELD_INFO, "source/address/@slot", N_("Slot"), NULL, NULL, NULL, 0 },
    END
};

static const Field tpm_fields[] = {
    { FIELD_ENTRY, "@model", N_("M_odel"), NULL, NULL, NULL, 0 },
    { FIELD_ENTRY, "backend/@type", N_("_Backend"), NULL, NULL, NULL, 0 },
    { FIELD_ENTRY, "backend/@version", N_("_Version"), NULL, NULL, NULL, 0 },
    END
};

static const Field rng_fields[] = {
    { FIELD_ENTRY, "@model", N_("M_odel"), NULL, NULL, NULL, 0 },
    { FIELD_ENTRY, "backend/@model", N_("_Backend"), NULL, NULL, NULL, 0 },
    { FIELD_ENTRY, "rate/@bytes", N_("Rate _limit (bytes per period)"), NULL, NULL, NULL, 0 },
    END
};

static const Field watchdog_fields[] = {
    { FIELD_ENTRY, "@model", N_("M_odel"), NULL, NULL, NULL, 0 },
    { FIELD_COMBO, "@action", N_("A_ction"), watchdog_actions, NULL, NULL, 0 },
    END
};

static const Field filesystem_fields[] = {
    { FIELD_ENTRY, "driver/@type", N_("_Driver"), NULL, NULL, NULL, 0 },
    { FIELD_ENTRY, "source/@dir", N_("_Source directory"), NULL, NULL, NULL, 0 },
    { FIELD_ENTRY, "target/@dir", N_("_Target (mount tag)"), NULL, NULL, NULL, 0 },
    { FIELD_CHECK, "readonly", N_("Read-o_nly"), NULL, NULL, NULL, 0 },
    END
};

static const Field controller_fields[] = {
    { FIELD_INFO, "@type", N_("Type"), NULL, NULL, NULL, 0 },
    { FIELD_INFO, "@index", N_("Index"), NULL, NULL, NULL, 0 },
    { FIELD_ENTRY, "@model", N_("M_odel"), NULL, NULL, NULL, 0 },
    END
};

static const Field other_fields[] = {
    END
};

static const Field *
fields_for (const DomusDetailsTarget *target)
{
    static const Field *const device_fields[DOMUS_N_DEVICE_KINDS] = {
        [DOMUS_DEVICE_DISK] = disk_fields,
        [DOMUS_DEVICE_INTERFACE] = nic_fields,
        [DOMUS_DEVICE_GRAPHICS] = graphics_fields,
        [DOMUS_DEVICE_VIDEO] = video_fields,
        [DOMUS_DEVICE_SOUND] = sound_fields,
        [DOMUS_DEVICE_SERIAL] = char_fields,
        [DOMUS_DEVICE_CONSOLE] = char_fields,
        [DOMUS_DEVICE_CHANNEL] = char_fields,
        [DOMUS_DEVICE_INPUT] = input_fields,
        [DOMUS_DEVICE_HOSTDEV] = hostdev_fields,
        [DOMUS_DEVICE_TPM] = tpm_fields,
        [DOMUS_DEVICE_RNG] = rng_fields,
        [DOMUS_DEVICE_WATCHDOG] = watchdog_fields,
        [DOMUS_DEVICE_FILESYSTEM] = filesystem_fields,
        [DOMUS_DEVICE_CONTROLLER] = controller_fields,
        [DOMUS_DEVICE_OTHER] = other_fields,
    };

    switch (target->page) {
    case DOMUS_DETAILS_OVERVIEW:
        return overview_fields;
    case DOMUS_DETAILS_CPUS:
        return cpu_fields;
    case DOMUS_DETAILS_MEMORY:
        return memory_fields;
    case DOMUS_DETAILS_BOOT:
        return boot_fields;
    case DOMUS_DETAILS_DEVICE:
        return device_fields[target->device];
    }
    g_return_val_if_reached (other_fields);
}

/* ---- reading --------------------------------------------------------------- */

static char *
number (guint64 n)
{
    return g_strdup_printf ("%" G_GUINT64_FORMAT, n);
}

static char *
read_general (DomusDomainDetails *d, const char *id)
{
    static const char *const modes[] = { "default", "host-passthrough", "host-model",
                                         "custom" };
    guint s = 0, c = 0, t = 0;

    if (g_str_equal (id, "name"))
        return domus_domain_details_get_name (d);
    if (g_str_equal (id, "title"))
        return domus_domain_details_get_title (d);
    if (g_str_equal (id, "description"))
        return domus_domain_details_get_description (d);
    if (g_str_equal (id, "os"))
        return domus_domain_details_get_os_id (d);
    if (g_str_equal (id, "uuid"))
        return domus_domain_details_get_uuid (d);
    if (g_str_equal (id, "hypervisor"))
        return domus_domain_details_get_hypervisor (d);
    if (g_str_equal (id, "arch"))
        return domus_domain_details_get_arch (d);
    if (g_str_equal (id, "machine"))
        return domus_domain_details_get_machine (d);
    if (g_str_equal (id, "firmware"))
        return domus_domain_details_get_firmware (d);
    if (g_str_equal (id, "vcpus"))
        return number (domus_domain_details_get_vcpus (d));
    if (g_str_equal (id, "max-vcpus"))
        return number (domus_domain_details_get_max_vcpus (d));
    if (g_str_equal (id, "cpu-mode"))
        return g_strdup (modes[domus_domain_details_get_cpu_mode (d, NULL)]);
    if (g_str_equal (id, "cpu-model")) {
        char *model = NULL;

        domus_domain_details_get_cpu_mode (d, &model);
        return model;
    }
    if (g_str_equal (id, "sockets") || g_str_equal (id, "cores") ||
        g_str_equal (id, "threads")) {
        domus_domain_details_get_topology (d, &s, &c, &t);
        return number (g_str_equal (id, "sockets") ? s : g_str_equal (id, "cores") ? c : t);
    }
    if (g_str_equal (id, "memory"))
        return number (domus_domain_details_get_memory (d) / 1024);
    if (g_str_equal (id, "max-memory"))
        return number (domus_domain_details_get_max_memory (d) / 1024);
    if (g_str_equal (id, "shared"))
        return domus_domain_details_get_shared_memory (d) ? g_strdup ("yes") : NULL;
    if (g_str_equal (id, "boot-devices")) {
        g_autoptr(GArray) order = domus_domain_details_get_boot_devices (d);

        return domus_boot_devices_to_string ((DomusBootDevice *) (gpointer) order->data,
                                             order->len);
    }
    if (g_str_equal (id, "boot-menu"))
        return domus_domain_details_get_boot_menu (d) ? g_strdup ("yes") : NULL;
    if (g_str_equal (id, "kernel") || g_str_equal (id, "initrd") || g_str_equal (id, "cmdline"))
        return domus_domain_details_get_kernel (d, id);
    g_return_val_if_reached (NULL);
}

static char *
read_field (DomusDomainDetails *d, const DomusDetailsTarget *target, const Field *field)
{
    if (target->page != DOMUS_DETAILS_DEVICE)
        return read_general (d, field->id);
    if (g_str_equal (field->id, "source"))
        return domus_domain_details_get_disk_source (d, target->index);
    if (g_str_equal (field->id, "ip-addresses"))
        return domus_domain_details_get_device_value (d, target->device, target->index,
                                                      "mac/@address");
    if (g_str_equal (field->id, "nic-source")) {
        static const char *const paths[] = { "source/@network", "source/@bridge",
                                             "source/@dev", NULL };

        for (guint i = 0; paths[i] != NULL; i++) {
            char *v = domus_domain_details_get_device_value (d, target->device, target->index,
                                                             paths[i]);

            if (v != NULL)
                return v;
        }
        return NULL;
    }
    return domus_domain_details_get_device_value (d, target->device, target->index, field->id);
}

/* ---- widgets ----------------------------------------------------------------- */

static GtkWidget *
make_widget (const Field *field, const char *value, DomusDomainDetails *details,
             DomusConnection *conn, GCallback changed, gpointer user_data)
{
    GtkWidget *widget = NULL;

    switch (field->kind) {
    case FIELD_ENTRY:
        widget = gtk_entry_new ();
        gtk_entry_set_text (GTK_ENTRY (widget), value != NULL ? value : "");
        gtk_entry_set_activates_default (GTK_ENTRY (widget), TRUE);
        g_signal_connect_swapped (widget, "changed", changed, user_data);
        break;
    case FIELD_COMBO:
        widget = gtk_combo_box_text_new_with_entry ();
        for (guint i = 0; field->options[i] != NULL; i++)
            gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (widget), field->options[i]);
        gtk_entry_set_text (GTK_ENTRY (gtk_bin_get_child (GTK_BIN (widget))),
                            value != NULL ? value : "");
        g_signal_connect_swapped (gtk_bin_get_child (GTK_BIN (widget)), "changed", changed,
                                  user_data);
        break;
    case FIELD_CHECK:
        widget = gtk_check_button_new ();
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (widget),
                                      field->on_value != NULL
                                      ? g_strcmp0 (value, field->off_value) != 0
                                      : value != NULL);
        g_signal_connect_swapped (widget, "toggled", changed, user_data);
        break;
    case FIELD_NUMBER:
        widget = gtk_spin_button_new_with_range (0, field->max, 1);
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (widget),
                                   value != NULL ? g_ascii_strtod (value, NULL) : 0);
        gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (widget), TRUE);
        gtk_entry_set_activates_default (GTK_ENTRY (widget), TRUE);
        g_signal_connect_swapped (widget, "changed", changed, user_data);
        break;
    case FIELD_TEXT: {
        GtkWidget *view = gtk_text_view_new ();

        gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)),
                                  value != NULL ? value : "", -1);
        g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                                  changed, user_data);
        widget = gtk_scrolled_window_new (NULL, NULL);
        gtk_scrolled_window_set_shadow_type (GTK_SCROLLED_WINDOW (widget), GTK_SHADOW_IN);
        gtk_widget_set_size_request (widget, -1, 80);
        gtk_container_add (GTK_CONTAINER (widget), view);
        g_object_set_data (G_OBJECT (widget), "domus-text-view", view);
        break;
    }
    case FIELD_INFO:
        widget = gtk_label_new (value != NULL ? value : "—");
        gtk_label_set_selectable (GTK_LABEL (widget), TRUE);
        gtk_label_set_xalign (GTK_LABEL (widget), 0);
        break;
    case FIELD_BOOT:
        widget = domus_boot_order_list_new (details);
        g_signal_connect_swapped (widget, "changed", changed, user_data);
        break;
    case FIELD_SOURCE:
        widget = domus_disk_source_entry_new (conn, value);
        g_signal_connect_swapped (widget, "changed", changed, user_data);
        break;
    case FIELD_ADDRESSES:
        widget = domus_nic_addresses_new (conn, value);
        break;
    }
    gtk_widget_set_hexpand (widget, TRUE);
    return widget;
}

/* The widget's value as a string: NULL for empty text or an unticked box. */
static char *
widget_value (GtkWidget *widget, const Field *field)
{
    const char *text = NULL;

    switch (field->kind) {
    case FIELD_ENTRY:
        text = gtk_entry_get_text (GTK_ENTRY (widget));
        break;
    case FIELD_SOURCE:
        text = gtk_entry_get_text (domus_disk_source_entry_get_entry (
                                       DOMUS_DISK_SOURCE_ENTRY (widget)));
        break;
    case FIELD_COMBO:
        text = gtk_entry_get_text (GTK_ENTRY (gtk_bin_get_child (GTK_BIN (widget))));
        break;
    case FIELD_CHECK: {
        gboolean on = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget));
        const char *original = g_object_get_data (G_OBJECT (widget), "domus-original");

        /* On by default: an absent value stays absent while ticked. */
        if (field->on_value != NULL && on && original == NULL)
            return NULL;
        if (field->on_value != NULL)
            return g_strdup (on ? field->on_value : field->off_value);
        return on ? g_strdup ("yes") : NULL;
    }
    case FIELD_NUMBER:
        /* The text as typed, before the spin button takes it in. */
        return number (g_ascii_strtoull (gtk_entry_get_text (GTK_ENTRY (widget)), NULL, 10));
    case FIELD_TEXT: {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (
            GTK_TEXT_VIEW (g_object_get_data (G_OBJECT (widget), "domus-text-view")));
        GtkTextIter start, end;
        char *all;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        all = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
        if (*all == '\0')
            g_clear_pointer (&all, g_free);
        return all;
    }
    case FIELD_INFO:
    case FIELD_ADDRESSES:
        return NULL;
    case FIELD_BOOT: {
        char *order = domus_boot_order_list_get_value (DOMUS_BOOT_ORDER_LIST (widget));

        if (*order == '\0')
            g_clear_pointer (&order, g_free);
        return order;
    }
    }
    {
        char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

        if (*copy == '\0')
            g_clear_pointer (&copy, g_free);
        return copy;
    }
}

void
domus_details_form_build (GtkGrid *grid, DomusDomainDetails *details,
                          const DomusDetailsTarget *target, GCallback changed,
                          gpointer user_data)
{
    const Field *fields = fields_for (target);
    /* The host, for the fields that ask it (set by the page). */
    DomusConnection *conn = g_object_get_data (G_OBJECT (grid), "domus-connection");
    int row = 0;

    for (const Field *f = fields; f->id != NULL; f++, row++) {
        g_autofree char *value = read_field (details, target, f);
        GtkWidget *label = gtk_label_new_with_mnemonic (_(f->label));
        GtkWidget *widget = make_widget (f, value, details, conn, changed, user_data);
        GtkWidget *focus = f->kind == FIELD_TEXT
                           ? g_object_get_data (G_OBJECT (widget), "domus-text-view")
                           : f->kind == FIELD_BOOT
                           ? domus_boot_order_list_get_list (DOMUS_BOOT_ORDER_LIST (widget))
                           : f->kind == FIELD_SOURCE
                           ? GTK_WIDGET (domus_disk_source_entry_get_entry (
                                             DOMUS_DISK_SOURCE_ENTRY (widget)))
                           : widget;
        g_autofree char *name = NULL;

        gtk_label_set_xalign (GTK_LABEL (label), 1);
        gtk_widget_set_valign (label, f->kind == FIELD_TEXT || f->kind == FIELD_BOOT
                                      ? GTK_ALIGN_START : GTK_ALIGN_CENTER);
        gtk_label_set_mnemonic_widget (GTK_LABEL (label), focus);
        /* The accessible name: the label without its mnemonic. */
        name = g_strdup (gtk_label_get_text (GTK_LABEL (label)));
        atk_object_set_name (gtk_widget_get_accessible (focus), name);
        g_object_set_data (G_OBJECT (widget), "domus-field", (gpointer) f);
        g_object_set_data_full (G_OBJECT (widget), "domus-original", g_strdup (value), g_free);
        gtk_grid_attach (grid, label, 0, row, 1, 1);
        gtk_grid_attach (grid, widget, 1, row, 1, 1);
    }
    if (row == 0) {
        GtkWidget *label = gtk_label_new (_("Domus has no form for this device: edit it in "
                                            "the XML tab."));

        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_grid_attach (grid, label, 0, 0, 2, 1);
    }
    gtk_widget_show_all (GTK_WIDGET (grid));
}

/* The form's values by field id (strings, NULL for none). */
static GHashTable *
form_values (GtkGrid *grid)
{
    GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
    g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (grid));

    for (GList *l = children; l != NULL; l = l->next) {
        const Field *f = g_object_get_data (l->data, "domus-field");

        if (f != NULL && f->kind != FIELD_INFO && f->kind != FIELD_ADDRESSES)
            g_hash_table_insert (values, (gpointer) f->id, widget_value (l->data, f));
    }
    return values;
}

gboolean
domus_details_form_changed (GtkGrid *grid)
{
    g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (grid));

    for (GList *l = children; l != NULL; l = l->next) {
        const Field *f = g_object_get_data (l->data, "domus-field");
        g_autofree char *value = NULL;
        g_autofree char *original = NULL;

        if (f == NULL || f->kind == FIELD_INFO || f->kind == FIELD_ADDRESSES)
            continue;
        value = widget_value (l->data, f);
        original = g_strdup (g_object_get_data (l->data, "domus-original"));
        if (original != NULL)
            g_strstrip (original);
        if (original != NULL && *original == '\0')
            g_clear_pointer (&original, g_free);
        if (f->kind == FIELD_CHECK && f->on_value != NULL && original != NULL) {
            /* Compared as ticked or not. */
            if ((g_strcmp0 (original, f->off_value) != 0) !=
                gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (l->data)))
                return TRUE;
            continue;
        }
        if (f->kind == FIELD_NUMBER && original == NULL)
            original = g_strdup ("0");
        if (g_strcmp0 (value, original) != 0)
            return TRUE;
    }
    return FALSE;
}

static guint64
value_number (GHashTable *values, const char *id)
{
    const char *text = g_hash_table_lookup (values, id);

    return text != NULL ? g_ascii_strtoull (text, NULL, 10) : 0;
}

static void
write_general (DomusDomainDetails *d, DomusDetailsPageKind page, GHashTable *v)
{
    switch (page) {
    case DOMUS_DETAILS_OVERVIEW:
        if (g_hash_table_lookup (v, "name") != NULL)
            domus_domain_details_set_name (d, g_hash_table_lookup (v, "name"));
        domus_domain_details_set_title (d, g_hash_table_lookup (v, "title"));
        domus_domain_details_set_description (d, g_hash_table_lookup (v, "description"));
        domus_domain_details_set_os_id (d, g_hash_table_lookup (v, "os"));
        break;
    case DOMUS_DETAILS_CPUS: {
        guint cur = (guint) value_number (v, "vcpus");
        guint max = (guint) value_number (v, "max-vcpus");
        const char *mode = g_hash_table_lookup (v, "cpu-mode");
        const char *model = g_hash_table_lookup (v, "cpu-model");

        if (cur >= 1 && cur <= max)
            domus_domain_details_set_vcpus (d, cur, max);
        if (g_strcmp0 (mode, "host-passthrough") == 0)
            domus_domain_details_set_cpu_mode (d, DOMUS_CPU_MODE_HOST_PASSTHROUGH, NULL);
        else if (g_strcmp0 (mode, "host-model") == 0)
            domus_domain_details_set_cpu_mode (d, DOMUS_CPU_MODE_HOST_MODEL, NULL);
        else if (g_strcmp0 (mode, "custom") == 0 && model != NULL)
            domus_domain_details_set_cpu_mode (d, DOMUS_CPU_MODE_CUSTOM, model);
        else if (mode == NULL || g_strcmp0 (mode, "default") == 0)
            domus_domain_details_set_cpu_mode (d, DOMUS_CPU_MODE_DEFAULT, NULL);
        {
            guint s0, c0, t0;
            guint s = (guint) value_number (v, "sockets");
            guint c = (guint) value_number (v, "cores");
            guint t = (guint) value_number (v, "threads");

            domus_domain_details_get_topology (d, &s0, &c0, &t0);
            if (s != s0 || c != c0 || t != t0)
                domus_domain_details_set_topology (d, s, c, t);
        }
        break;
    }
    case DOMUS_DETAILS_MEMORY: {
        guint64 cur = value_number (v, "memory") * 1024;
        guint64 max = value_number (v, "max-memory") * 1024;

        /* Unchanged MiB leave libvirt's KiB as they were. */
        if (cur / 1024 == domus_domain_details_get_memory (d) / 1024)
            cur = domus_domain_details_get_memory (d);
        if (max / 1024 == domus_domain_details_get_max_memory (d) / 1024)
            max = domus_domain_details_get_max_memory (d);
        if (cur >= 1 && cur <= max)
            domus_domain_details_set_memory (d, cur, max);
        domus_domain_details_set_shared_memory (d, g_hash_table_lookup (v, "shared") != NULL);
        break;
    }
    case DOMUS_DETAILS_BOOT: {
        const char *text = g_hash_table_lookup (v, "boot-devices");
        g_autoptr(GArray) order = domus_boot_devices_from_string (text != NULL ? text : "");

        if (order != NULL)
            domus_domain_details_set_boot_devices (d, (DomusBootDevice *) (gpointer) order->data,
                                                   order->len);
        domus_domain_details_set_boot_menu (d, g_hash_table_lookup (v, "boot-menu") != NULL);
        domus_domain_details_set_kernel (d, "kernel", g_hash_table_lookup (v, "kernel"));
        domus_domain_details_set_kernel (d, "initrd", g_hash_table_lookup (v, "initrd"));
        domus_domain_details_set_kernel (d, "cmdline", g_hash_table_lookup (v, "cmdline"));
        break;
    }
    case DOMUS_DETAILS_DEVICE:
        g_return_if_reached ();
    }
}

void
domus_details_form_write (GtkGrid *grid, DomusDomainDetails *details,
                          const DomusDetailsTarget *target)
{
    g_autoptr(GHashTable) values = form_values (grid);
    GHashTableIter iter;
    gpointer key, value;

    if (target->page != DOMUS_DETAILS_DEVICE) {
        write_general (details, target->page, values);
        return;
    }
    /* The type first: the NIC's source depends on it. */
    if (target->device == DOMUS_DEVICE_INTERFACE) {
        const char *type = g_hash_table_lookup (values, "@type");
        const char *source = g_hash_table_lookup (values, "nic-source");

        if (type != NULL && source != NULL &&
            (g_str_equal (type, "network") || g_str_equal (type, "bridge") ||
             g_str_equal (type, "direct")))
            domus_domain_details_set_nic_source (details, target->index, type, source);
        g_hash_table_remove (values, "@type");
        g_hash_table_remove (values, "nic-source");
    }
    if (target->device == DOMUS_DEVICE_DISK) {
        g_autofree char *old = domus_domain_details_get_disk_source (details, target->index);
        g_autofree char *type = domus_domain_details_get_device_value (details, target->device,
                                                                       target->index, "@type");
        const char *source = g_hash_table_lookup (values, "source");

        if (g_strcmp0 (old, source) != 0)
            domus_domain_details_set_disk_source (details, target->index, source,
                                                  g_strcmp0 (type, "block") == 0 ||
                                                  (source != NULL &&
                                                   g_str_has_prefix (source, "/dev/")));
        g_hash_table_remove (values, "source");
    }
    g_hash_table_iter_init (&iter, values);
    while (g_hash_table_iter_next (&iter, &key, &value))
        domus_domain_details_set_device_value (details, target->device, target->index, key,
                                               value);
}

char *
domus_details_form_check (GtkGrid *grid, const DomusDetailsTarget *target,
                          const DomusDetailsHost *host)
{
    g_autoptr(GHashTable) v = form_values (grid);
    char *problem = NULL;

    switch (target->page) {
    case DOMUS_DETAILS_OVERVIEW:
        if (g_hash_table_lookup (v, "name") == NULL)
            return g_strdup (_("A guest needs a name."));
        return NULL;
    case DOMUS_DETAILS_CPUS:
        problem = domus_details_check_vcpus ((guint) value_number (v, "vcpus"),
                                             (guint) value_number (v, "max-vcpus"),
                                             host->host_cpus);
        if (problem == NULL)
            problem = domus_details_check_topology ((guint) value_number (v, "sockets"),
                                                    (guint) value_number (v, "cores"),
                                                    (guint) value_number (v, "threads"),
                                                    (guint) value_number (v, "max-vcpus"));
        if (problem == NULL && g_strcmp0 (g_hash_table_lookup (v, "cpu-mode"), "custom") == 0 &&
            g_hash_table_lookup (v, "cpu-model") == NULL)
            problem = g_strdup (_("Name the CPU model the custom mode uses."));
        return problem;
    case DOMUS_DETAILS_MEMORY:
        return domus_details_check_memory (value_number (v, "memory") * 1024,
                                           value_number (v, "max-memory") * 1024,
                                           host->host_memory_kib);
    case DOMUS_DETAILS_BOOT:
        return NULL;
    case DOMUS_DETAILS_DEVICE:
        if (target->device == DOMUS_DEVICE_INTERFACE)
            return domus_details_check_mac (g_hash_table_lookup (v, "mac/@address"));
        if (target->device == DOMUS_DEVICE_DISK) {
            g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (grid));

            for (GList *l = children; l != NULL; l = l->next) {
                if (DOMUS_IS_DISK_SOURCE_ENTRY (l->data) &&
                    domus_disk_source_entry_get_problem (l->data) != NULL)
                    return g_strdup (domus_disk_source_entry_get_problem (l->data));
            }
        }
        return NULL;
    }
    return NULL;
}

GtkWidget *
domus_details_form_widget (GtkGrid *grid, const char *id)
{
    g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (grid));

    for (GList *l = children; l != NULL; l = l->next) {
        const Field *f = g_object_get_data (l->data, "domus-field");

        if (f != NULL && g_strcmp0 (f->id, id) == 0)
            return l->data;
    }
    return NULL;
}
