/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusCreateAssistant: the New Virtual Machine assistant. Host and method,
 * source and OS (detected by libosinfo off the GTK thread), memory and CPUs,
 * storage, name and network, then a summary (and the XML to review when
 * "Customize" is on). Every field is checked inline before libvirt is
 * asked; everything libvirt does runs on the host's worker.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_CREATE_ASSISTANT (domus_create_assistant_get_type ())
G_DECLARE_FINAL_TYPE (DomusCreateAssistant, domus_create_assistant, DOMUS, CREATE_ASSISTANT,
                      GtkAssistant)

/* @connections: the application's DomusConnection list (only connected
 * hosts are offered); @host: the one to start with, or NULL. */
GtkWidget  *domus_create_assistant_new            (GtkWindow *parent,
                                                   GListModel *connections,
                                                   DomusConnection *host);
/* The host chosen, or NULL. */
DomusConnection *domus_create_assistant_get_host  (DomusCreateAssistant *self);
/* TRUE while host data, OS detection or the create job are under way. */
gboolean    domus_create_assistant_is_busy        (DomusCreateAssistant *self);

G_END_DECLS
