/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the Details page's files share: the forms (fields per page, read
 * from and written to a DomusDomainDetails as strings), private to
 * src/gui/domus-details-page*.c.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-domain-details.h"

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
/* Whether a field's value differs from what it showed when built. */
gboolean  domus_details_form_changed (GtkGrid *grid);
/* What is wrong with the form's values, or NULL. */
char     *domus_details_form_check  (GtkGrid *grid,
                                     const DomusDetailsTarget *target,
                                     const DomusDetailsHost *host);

G_END_DECLS
