/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the gui suite's programs and the real ones with windows
 * (tests/lib, GTK part): the one application a test program registers,
 * emptying it and its settings between tests, selecting guests in the
 * manager window, finding a shown window by type (a guest's by name), a
 * key press as X would deliver it, widgets found as assistive tools find
 * them, the pointer and tooltips, and the application's own main loop run
 * until a condition holds.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-application.h"
#include "domus-guest-window.h"
#include "domus-manager-window.h"

G_BEGIN_DECLS

/* GApplication exports itself on the bus once per process: a test program
 * makes one, non-unique so that it never meets a running Domus. */
DomusApplication *domus_test_app_new            (void);
/* Empties the application's host list, as a fixture's tear-down does
 * between tests that share the one application. */
void              domus_test_remove_connections (DomusApplication   *app);
#define domus_test_remove_hosts domus_test_remove_connections
/* Opens the bundled demo host in APP (the test driver's demo-host.xml) and
 * waits until its guests are listed; returns it (a new reference). */
DomusConnection  *domus_test_open_demo_host     (DomusApplication   *app);
/* Every key of SETTINGS back to its default. */
void              domus_test_reset_settings     (GSettings          *settings);

/* The guest NAME on any host of APP (borrowed from its host's list), and
 * that host in *CONN_OUT unless it is NULL; NULL when none is listed. */
DomusDomain      *domus_test_find_app_domain    (DomusApplication   *app,
                                                 const char         *name,
                                                 DomusConnection   **conn_out);

/* The first shown toplevel of TYPE, or NULL. */
GtkWindow        *domus_test_find_toplevel      (GType               type);
/* The shown guest window whose guest is called NAME, or NULL. */
DomusGuestWindow *domus_test_find_guest_window  (const char         *name);
void              domus_test_close_guest_windows (void);

/* A key press as the X server would deliver it to WINDOW, then whatever
 * it queued (a Close would come from an idle). */
void              domus_test_send_key           (GtkWidget          *window,
                                                 guint               keyval,
                                                 GdkModifierType     state);
/* The key press alone, nothing run after it: two in a row are two presses
 * in one beat of the main loop (a key held down). */
void              domus_test_deliver_key        (GtkWidget          *window,
                                                 guint               keyval,
                                                 GdkModifierType     state);
/* Runs whatever the main loop holds, and what that queues in turn: an
 * idle left on a freed window would warn here (warnings are fatal). */
void              domus_test_run_pending        (void);
/* Types TEXT into the field named NAME under WINDOW (an entry, or the
 * entry of a combo box) as a person does: focus, its text selected,
 * Backspace, then a key press per character; asserts the field shows it. */
void              domus_test_type_into          (GtkWidget          *window,
                                                 const char         *name,
                                                 const char         *text);
/* Selects in WINDOW's list exactly the guests named in NAMES
 * (NULL-terminated), on any host; fails unless it found them all. */
void              domus_test_select_guests      (DomusManagerWindow *window,
                                                 const char *const  *names);

/* Adds the type name of every visible button, entry, combo box or tree
 * view under WIDGET that has no accessible name to USER_DATA (GPtrArray);
 * a GtkCallback. */
void              domus_test_collect_unnamed    (GtkWidget          *widget,
                                                 gpointer            user_data);
/* Adds the text of every label under WIDGET with a selection in it (a
 * selectable label that took the focus selects all its text) to
 * USER_DATA (GPtrArray); a GtkCallback. */
void              domus_test_collect_selected   (GtkWidget          *widget,
                                                 gpointer            user_data);
/* Adds every widget of TYPE under WIDGET (itself included) to OUT. */
void              domus_test_collect_widgets    (GtkWidget          *widget,
                                                 GType               type,
                                                 GPtrArray          *out);
/* Widgets are found as assistive tools find them, by accessible name
 * (labels aside), or by their template id; NULL when none matches. */
GtkWidget        *domus_test_find_widget        (GtkWidget          *root,
                                                 const char         *accessible_name,
                                                 const char         *id);

/* ---- labels, the pointer and tooltips ----------------------------------- */

/* Moves the pointer over the middle of WIDGET, as a person's mouse does. */
void              domus_test_hover              (GtkWidget          *widget);
/* Whether a shown label under ROOT says exactly TEXT. */
gboolean          domus_test_has_label          (GtkWidget          *root,
                                                 const char         *text);
/* Whether the tooltip GTK shows now (in its own window) says EXPECTED. */
gboolean          domus_test_tooltip_is         (const char         *expected);

/* ---- running the application's own main loop ---------------------------- */

typedef gboolean (*DomusTestCondition) (gpointer data);

/* Runs APP with the command line ARGV (NULL-terminated), as main() does,
 * until DONE (DATA) holds, checked every 50 ms; fails after TIMEOUT_S
 * saying it waited for WHAT. Returns g_application_run()'s status. Once
 * per process: the application does not run twice. */
int               domus_test_run_app_until      (GApplication       *app,
                                                 char              **argv,
                                                 DomusTestCondition  done,
                                                 gpointer            data,
                                                 guint               timeout_s,
                                                 const char         *what);

G_END_DECLS
