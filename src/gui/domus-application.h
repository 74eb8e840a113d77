/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusApplication: the single running instance. It owns the list of hosts
 * (DomusConnection), restores the saved ones, answers the command line of
 * this and of later invocations, and holds the accelerator table.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_APPLICATION (domus_application_get_type ())
G_DECLARE_FINAL_TYPE (DomusApplication, domus_application, DOMUS, APPLICATION, GtkApplication)

DomusApplication *domus_application_new                (void);
GListModel       *domus_application_get_connections    (DomusApplication *self);
GSettings        *domus_application_get_settings       (DomusApplication *self);
DomusConnection  *domus_application_add_connection     (DomusApplication *self,
                                                        const char *uri,
                                                        const char *display_name);
void              domus_application_adopt_connection   (DomusApplication *self,
                                                        DomusConnection *conn,
                                                        gboolean save,
                                                        gboolean autoconnect);
void              domus_application_rename_connection  (DomusApplication *self,
                                                        DomusConnection *conn,
                                                        const char *name);
/* Disconnects @conn, drops it from the window and from the saved list. */
void              domus_application_remove_connection  (DomusApplication *self,
                                                        DomusConnection *conn);
gboolean          domus_application_open_demo_host     (DomusApplication *self,
                                                        GError **error);
void              domus_application_open_guest         (DomusApplication *self,
                                                        DomusConnection *conn,
                                                        DomusDomain *domain);
void              domus_application_open_guest_by_name (DomusApplication *self,
                                                        const char *name);

/* The accelerator table, one place for all of them (tested for clashes). */
typedef struct {
    const char *action;
    const char *accels[3];
} DomusAccelEntry;

const DomusAccelEntry *domus_application_get_accels    (guint *n_entries);

G_END_DECLS
