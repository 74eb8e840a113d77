/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the Details page's GUI tests share (test-details-page,
 * test-details-forms, test-details-hardware, test-real-details-page): a
 * guest window showing its Details page, loaded, a plain libvirt
 * connection to read what the host saved, and the moves a person makes on
 * the page: pick a sidebar entry, type, Apply and read the outcome, wait
 * while it is busy, Add Hardware on a kind, the rows of a combo.
 */
#pragma once

#include <gtk/gtk.h>
#include <libvirt/libvirt.h>

#include "domus-application.h"
#include "domus-guest-window.h"

G_BEGIN_DECLS

typedef struct {
    DomusApplication *app;
    DomusConnection *conn;
    DomusDomain *guest;         /* the guest shown */
    virConnectPtr other;        /* a plain connection to the same host, or NULL */
    DomusGuestWindow *window;
    GtkWidget *page;            /* its DomusDetailsPage, shown and loaded */
    guint timeout_s;            /* how long each wait may last */
} DomusDetailsFixture;

/* The test driver's shared test:///default and its guest "test". */
void           domus_details_fixture_setup    (DomusDetailsFixture *f,
                                               DomusApplication    *app);
/* The guest NAME of the host at URI (added as TITLE). A test driver on a
 * file is a host of its own per connection: then OTHER is NULL. */
void           domus_details_fixture_open     (DomusDetailsFixture *f,
                                               DomusApplication    *app,
                                               const char          *uri,
                                               const char          *title,
                                               const char          *name,
                                               guint                timeout_s);
void           domus_details_fixture_teardown (DomusDetailsFixture *f);
/* The guest's saved (inactive) XML, read through the plain connection. */
char          *domus_details_saved_xml        (DomusDetailsFixture *f);
/* Replaces ENTRY's text by typing TEXT key by key into the window. */
void           domus_details_type_text        (DomusDetailsFixture *f,
                                               GtkEntry            *entry,
                                               const char          *text);
/* Waits until the page is not busy. */
void           domus_details_await_idle       (DomusDetailsFixture *f);
/* The sidebar row named NAME, or NULL. */
GtkListBoxRow *domus_details_sidebar_row      (DomusDetailsFixture *f,
                                               const char          *name);
/* Clicks the sidebar entry NAME, as a person selects it. */
void           domus_details_select_entry     (DomusDetailsFixture *f,
                                               const char          *name);
/* The outcome of the last Apply, as the page says it. */
const char    *domus_details_outcome          (DomusDetailsFixture *f);
/* Clicks Apply (which must be sensitive) and waits for the page. */
void           domus_details_click_apply      (DomusDetailsFixture *f);
/* Clicks Add Hardware… and picks the kind KIND_LABEL (NULL: the first
 * one offered); the dialog. */
GtkWidget     *domus_details_add_hardware     (DomusDetailsFixture *f,
                                               const char          *kind_label);

/* The widget of ROOT by accessible NAME or buildable ID; fails the test
 * when there is none. */
GtkWidget     *domus_details_find             (GtkWidget           *root,
                                               const char          *name,
                                               const char          *id);
/* The visible button of ROOT whose accessible name is ACCESSIBLE_NAME. */
GtkWidget     *domus_details_button           (GtkWidget           *root,
                                               const char          *accessible_name);
/* The Add Hardware dialog's device XML. */
char          *domus_details_dialog_xml       (GtkWidget           *dialog);
/* COLUMN of every row of COMBO, each between bars: "|a||b|". */
char          *domus_details_combo_rows       (GtkComboBox         *combo,
                                               int                  column);

G_END_DECLS
