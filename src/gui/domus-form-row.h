/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A field's accessible name from its label: the text without mnemonic
 * underscores or a final colon ("_Size (GiB):" -> "Size (GiB)"). */
void       domus_form_name_field (GtkWidget  *widget,
                                  const char *label);
/* Row TOP of a two-column form built in code: LABEL (with a mnemonic,
 * right-aligned) pointing at WIDGET, which expands; WIDGET's accessible
 * name is NAME, or the label's text where NAME is NULL. Returns the label. */
GtkWidget *domus_form_add_row    (GtkGrid    *grid,
                                  int         top,
                                  const char *label,
                                  GtkWidget  *widget,
                                  const char *name);

G_END_DECLS
