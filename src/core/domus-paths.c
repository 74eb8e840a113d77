/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Finds the package data directory. A program run from its build tree
 * (_build/src/domus) reads the source tree's data/, so that `--demo` works
 * before `meson install`; an installed one reads DOMUS_PKGDATADIR.
 */
#include "config.h"

#include "domus-paths.h"

#include <glib/gi18n-lib.h>

#include "domus-error.h"

/* TRUE for _build/src/domus, FALSE once installed. */
static gboolean
running_from_build_tree (void)
{
    g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
    g_autofree char *exe_dir = NULL;

    if (exe == NULL)
        return FALSE;
    exe_dir = g_path_get_dirname (exe);
    return g_str_equal (exe_dir, DOMUS_BUILD_SRCDIR);
}

char *
domus_get_data_dir (void)
{
    const char *env = g_getenv ("DOMUS_DATADIR");

    if (env != NULL && *env != '\0')
        return g_strdup (env);
    if (running_from_build_tree ())
        return g_strdup (DOMUS_SOURCE_DATADIR);
    return g_strdup (DOMUS_PKGDATADIR);
}

/* The build tree holds compiled catalogs in _build/po/LANG/LC_MESSAGES. */
const char *
domus_get_locale_dir (void)
{
    return running_from_build_tree () ? DOMUS_BUILD_LOCALEDIR : DOMUS_LOCALEDIR;
}

/* test:///ABSOLUTE/demo-host.xml: libvirt's test driver loads that host. */
char *
domus_get_demo_host_uri (GError **error)
{
    g_autofree char *dir = domus_get_data_dir ();
    g_autofree char *path = g_build_filename (dir, "demo", "demo-host.xml", NULL);
    g_autofree char *abs = NULL;

    if (!g_file_test (path, G_FILE_TEST_IS_REGULAR)) {
        g_set_error (error, DOMUS_ERROR, DOMUS_ERROR_NOT_FOUND,
                     _("The demo host file %s is missing. Reinstall Domus, or set "
                       "DOMUS_DATADIR to the folder that holds demo/demo-host.xml."),
                     path);
        return NULL;
    }
    abs = g_canonicalize_filename (path, NULL);
    return g_strconcat ("test://", abs, NULL);
}
