/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Driving a guest window's Details page as a person does, for the GUI
 * tests of its host choices (test-details-hardware, on the test driver,
 * and test-real-details-page, on a real daemon): its sidebar, its busy
 * state, the Add Hardware dialog and the rows of a combo.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The widget of ROOT by accessible NAME or buildable ID; fails the test
 * when there is none. */
GtkWidget     *domus_details_test_find           (GtkWidget  *root,
                                                  const char *name,
                                                  const char *id);
/* The visible button of ROOT whose accessible name is ACCESSIBLE_NAME. */
GtkWidget     *domus_details_test_button         (GtkWidget  *root,
                                                  const char *accessible_name);
/* Waits until PAGE (a DomusDetailsPage) is not busy. */
void           domus_details_test_await_idle     (GtkWidget  *page,
                                                  guint       timeout_s);
/* The sidebar row named NAME, or NULL. */
GtkListBoxRow *domus_details_test_sidebar_row    (GtkWidget  *page,
                                                  const char *name);
/* Focuses, activates and selects the sidebar row NAME. */
void           domus_details_test_select_entry   (GtkWidget  *page,
                                                  const char *name);
/* Clicks Add Hardware… and picks the kind KIND_LABEL; the dialog. */
GtkWidget     *domus_details_test_add_hardware   (GtkWidget  *page,
                                                  const char *kind_label,
                                                  guint       timeout_s);
/* The Add Hardware dialog's device XML. */
char          *domus_details_test_dialog_xml     (GtkWidget  *dialog);
/* COLUMN of every row of COMBO, each between bars: "|a||b|". */
char          *domus_details_test_combo_rows     (GtkComboBox *combo,
                                                  int          column);

G_END_DECLS
