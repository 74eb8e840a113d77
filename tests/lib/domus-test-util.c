/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The waiting helpers of domus-test-util.h: linked into every test program
 * through tests/lib's static library.
 */
#include "config.h"

#include "domus-test-util.h"

gboolean
domus_test_wake_cb (gpointer data)
{
    return G_SOURCE_CONTINUE;
}

void
domus_test_keep_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    *(GAsyncResult **) user_data = g_object_ref (result);
}
