/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusPreferencesDialog: how often and what to poll, which actions ask
 * first, how long a shutdown may take. Every control is bound to GSettings
 * and takes effect at once.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DOMUS_TYPE_PREFERENCES_DIALOG (domus_preferences_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DomusPreferencesDialog, domus_preferences_dialog, DOMUS,
                      PREFERENCES_DIALOG, GtkDialog)

GtkWidget *domus_preferences_dialog_new (GtkWindow *parent, GSettings *settings);

G_END_DECLS
