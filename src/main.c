/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Entry point: translations, then the application. Everything else lives in
 * DomusApplication (src/gui) and the GTK-free layer (src/core).
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "domus-application.h"
#include "domus-paths.h"

int
main (int argc, char *argv[])
{
    g_autoptr(DomusApplication) app = NULL;

    /* Domus draws with cairo only. With GL enabled, GDK 3 probes GLX visuals
     * at start-up, which loads the Mesa driver (and LLVM with it): about
     * 45 MB of resident memory per process, measured under Xvfb, for nothing
     * we use. A user's own GDK_GL setting wins. */
    g_setenv ("GDK_GL", "disable", FALSE);

    setlocale (LC_ALL, "");
    bindtextdomain (GETTEXT_PACKAGE, domus_get_locale_dir ());
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    textdomain (GETTEXT_PACKAGE);

    app = domus_application_new ();
    return g_application_run (G_APPLICATION (app), argc, argv);
}
