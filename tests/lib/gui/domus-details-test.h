/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the Details page's GUI tests share: a guest window on the test
 * driver's test:///default showing its Details page, a plain libvirt
 * connection to read what the host saved, and the moves a person makes on
 * the page (pick a sidebar entry, type, Apply, read the outcome).
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
    DomusDomain *test;          /* the test driver's guest "test" */
    virConnectPtr other;        /* a plain connection to the same host */
    DomusGuestWindow *window;
    GtkWidget *page;            /* its DomusDetailsPage, shown and loaded */
} DomusDetailsFixture;

void           domus_details_fixture_setup    (DomusDetailsFixture *f,
                                               DomusApplication *app);
void           domus_details_fixture_teardown (DomusDetailsFixture *f);
/* The guest's saved (inactive) XML, read through the plain connection. */
char          *domus_details_saved_xml        (DomusDetailsFixture *f);
/* Replaces ENTRY's text by typing TEXT key by key into the window. */
void           domus_details_type_text        (DomusDetailsFixture *f,
                                               GtkEntry *entry,
                                               const char *text);
void           domus_details_await_idle       (DomusDetailsFixture *f);
GtkListBoxRow *domus_details_sidebar_row      (DomusDetailsFixture *f,
                                               const char *name);
/* Clicks the sidebar entry NAME, as a person selects it. */
void           domus_details_select_entry     (DomusDetailsFixture *f,
                                               const char *name);
const char    *domus_details_outcome          (DomusDetailsFixture *f);
/* Clicks Apply (which must be sensitive) and waits for the page. */
void           domus_details_click_apply      (DomusDetailsFixture *f);

G_END_DECLS
