/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the Details page's files share: the instance struct and a few
 * helpers (for the Add Hardware and Remove dialogs in
 * domus-details-page-hardware.c), and the forms (fields per page, read from
 * and written to a DomusDomainDetails as strings). Private to
 * src/gui/domus-details-page*.c.
 */
#pragma once

#include <gtk/gtk.h>
#include <gtksourceview/gtksource.h>

#include "domus-details-page.h"
#include "domus-domain-details.h"
#include "domus-domain-details-apply.h"

G_BEGIN_DECLS

/* What the sidebar shows: a general page, or a device of some kind. */
typedef enum {
    DOMUS_DETAILS_OVERVIEW,
    DOMUS_DETAILS_CPUS,
    DOMUS_DETAILS_MEMORY,
    DOMUS_DETAILS_BOOT,
    DOMUS_DETAILS_DEVICE,
} DomusDetailsPageKind;

typedef struct {
    DomusDetailsPageKind page;
    DomusDeviceKind device;     /* for DOMUS_DETAILS_DEVICE */
    guint index;
} DomusDetailsTarget;

struct _DomusDetailsPage {
    GtkBox parent_instance;

    DomusConnection *conn;
    DomusDomain *domain;
    GCancellable *cancellable;

    DomusDetailsSnapshot *snapshot;     /* as last read */
    DomusDomainDetails *saved;          /* snapshot->xml, parsed */
    DomusDetailsTarget target;          /* what the form shows */
    gboolean loaded;
    gboolean busy;
    gboolean form_dirty;
    gboolean xml_dirty;
    gboolean restoring;                 /* selecting a row back: no question */
    char *xml_original;                 /* the XML tab's text as shown */
    char *pending_delete;               /* a removed disk's volume, once removed */
    char *pending_xml;                  /* applied once autostart is set */
    GtkToggleButton *autostart;         /* on the Boot page: not in the XML */
    GtkGrid *form;
    GtkSourceSearchContext *search;

    /* template */
    GtkListBox *sidebar;
    GtkWidget *add_button;
    GtkWidget *remove_button;
    GtkInfoBar *error_bar;
    GtkLabel *error_label;
    GtkLabel *page_title;
    GtkStack *view_stack;
    GtkBox *form_box;
    GtkSearchEntry *xml_search;
    GtkSourceView *xml_view;
    GtkWidget *xml_hint;
    GtkLabel *check_label;
    GtkLabel *outcome_label;
    GtkWidget *revert_button;
    GtkWidget *apply_button;
};

/* A text buffer's whole text. */
char     *domus_details_buffer_text (GtkTextBuffer *buffer);
/* The sidebar's title of TARGET in the saved definition. */
char     *domus_details_page_target_title (DomusDetailsPage *self,
                                           const DomusDetailsTarget *target);
/* Applies NEW_XML (the whole guest) against the saved definition on the
 * worker (autostart first when the Boot page changed it). */
void      domus_details_page_apply_xml (DomusDetailsPage *self, const char *new_xml);

/* The Add Hardware… and Remove buttons (domus-details-page-hardware.c). */
void      domus_details_page_add_hardware    (DomusDetailsPage *self);
void      domus_details_page_remove_hardware (DomusDetailsPage *self);
/* What the host offers on the form just built (domus-details-page-host.c):
 * the CPU page's named models and modes, a host device's name. */
void      domus_details_page_add_host_choices (DomusDetailsPage *self);
/* The sidebar's title of host device INDEX: the host's name for it. */
char     *domus_details_page_hostdev_title   (DomusDetailsPage *self,
                                              guint index);

/* What the host offers, for the checks. */
typedef struct {
    guint host_cpus;
    guint64 host_memory_kib;
} DomusDetailsHost;

/* Builds the form of TARGET into GRID (empty), filled from DETAILS.
 * CHANGED is connected to every editable widget's change. */
void      domus_details_form_build  (GtkGrid *grid,
                                     DomusDomainDetails *details,
                                     const DomusDetailsTarget *target,
                                     GCallback changed,
                                     gpointer user_data);
/* Writes the form's values into DETAILS (a copy of the loaded one). */
void      domus_details_form_write  (GtkGrid *grid,
                                     DomusDomainDetails *details,
                                     const DomusDetailsTarget *target);
/* The widget of the field ID ("cpu-model", "source/@file"), or NULL. */
GtkWidget *domus_details_form_widget (GtkGrid *grid,
                                      const char *id);
/* Whether a field's value differs from what it showed when built. */
gboolean  domus_details_form_changed (GtkGrid *grid);
/* What is wrong with the form's values, or NULL. */
char     *domus_details_form_check  (GtkGrid *grid,
                                     const DomusDetailsTarget *target,
                                     const DomusDetailsHost *host);

G_END_DECLS
