/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Entry point: translations, then the application. Everything else lives in
 * DomusApplication (src/gui) and the GTK-free layer (src/core).
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "domus-application.h"
#include "domus-askpass.h"
#include "domus-paths.h"

/* ssh runs us as its askpass, by the name of our link in the askpass
 * directory, with its question as the one argument: relay the question,
 * print the answer. */
static gboolean
run_as_askpass (int argc, char *argv[], int *status)
{
    if (argc != 2 || !domus_askpass_is_program_name (argv[0]))
        return FALSE;
    *status = domus_askpass_client_run (argv[0], argv[1]);
    return TRUE;
}

/* Every ssh that libvirt starts from now on asks us (qemu+ssh:// hosts). */
static char *
become_askpass (void)
{
    g_autofree char *program = g_file_read_link ("/proc/self/exe", NULL);
    g_autofree char *dir = domus_askpass_default_dir ();
    g_autoptr(GError) error = NULL;

    if (program == NULL || !domus_askpass_prepare (dir, program, &error)) {
        g_message ("ssh will ask on the terminal, if any: %s",
                   error != NULL ? error->message : "no /proc/self/exe");
        return NULL;
    }
    return g_steal_pointer (&dir);
}

int
main (int argc, char *argv[])
{
    g_autoptr(DomusApplication) app = NULL;
    g_autofree char *askpass_dir = NULL;
    int status;

    if (run_as_askpass (argc, argv, &status))
        return status;

    /* Domus draws with cairo only. With GL enabled, GDK 3 probes GLX visuals
     * at start-up, which loads the Mesa driver (and LLVM with it): about
     * 45 MB of resident memory per process, measured under Xvfb, for nothing
     * we use. A user's own GDK_GL setting wins. */
    g_setenv ("GDK_GL", "disable", FALSE);

    /* Before any thread exists: this changes the environment. */
    askpass_dir = become_askpass ();

    setlocale (LC_ALL, "");
    bindtextdomain (GETTEXT_PACKAGE, domus_get_locale_dir ());
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    textdomain (GETTEXT_PACKAGE);

    app = domus_application_new ();
    status = g_application_run (G_APPLICATION (app), argc, argv);
    g_clear_object (&app);
    if (askpass_dir != NULL)
        domus_askpass_cleanup (askpass_dir);
    return status;
}
