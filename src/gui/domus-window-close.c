/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A close request is pending from gtk_window_close() until the window's
 * delete event arrives; only then may another be asked for.
 */
#include "config.h"

#include "domus-window-close.h"

#define PENDING_KEY "domus-window-close-pending"

static gboolean
delete_event_cb (GtkWidget *widget, GdkEvent *event, gpointer user_data)
{
    g_object_set_data (G_OBJECT (widget), PENDING_KEY, NULL);
    return GDK_EVENT_PROPAGATE;
}

void
domus_window_close (GtkWindow *window)
{
    g_return_if_fail (GTK_IS_WINDOW (window));

    /* gtk_window_close() ignores a window that was never realized. */
    if (!gtk_widget_get_realized (GTK_WIDGET (window)) ||
        g_object_get_data (G_OBJECT (window), PENDING_KEY) != NULL)
        return;
    if (g_signal_handler_find (window, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, delete_event_cb,
                               NULL) == 0)
        g_signal_connect (window, "delete-event", G_CALLBACK (delete_event_cb), NULL);
    g_object_set_data (G_OBJECT (window), PENDING_KEY, GINT_TO_POINTER (TRUE));
    gtk_window_close (window);
}
