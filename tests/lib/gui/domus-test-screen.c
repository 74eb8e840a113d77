/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The screen check of domus-test-screen.h, on the main thread.
 */
#include "config.h"

#include "domus-test-screen.h"

double
luma_variance (GdkPixbuf *pixbuf)
{
    int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
    int stride = gdk_pixbuf_get_rowstride (pixbuf), nch = gdk_pixbuf_get_n_channels (pixbuf);
    const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);
    double sum = 0, sum2 = 0, n = (double) w * h;

    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            const guchar *p = pixels + y * stride + x * nch;
            double l = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];

            sum += l;
            sum2 += l * l;
        }
    }
    return n > 0 ? sum2 / n - (sum / n) * (sum / n) : 0;
}

gboolean
screen_not_blank (DomusGuestWindow *window, double *variance)
{
    g_autoptr(GdkPixbuf) pixbuf = NULL;

    if (domus_guest_window_get_console_state (window) != DOMUS_CONSOLE_STATE_CONNECTED)
        return FALSE;
    pixbuf = vnc_display_get_pixbuf (VNC_DISPLAY (domus_guest_window_get_display (window)));
    if (pixbuf == NULL)
        return FALSE;
    *variance = luma_variance (pixbuf);
    return *variance > VARIANCE_FLOOR;
}
