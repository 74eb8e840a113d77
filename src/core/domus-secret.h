/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Passwords the user asked Domus to remember, kept in the desktop keyring
 * (the Secret Service, through libsecret), never in a file. Used by the
 * authentication dialog (libvirt credentials) and the console (VNC
 * passwords). All calls are asynchronous: the keyring may have to ask the
 * user to unlock it.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
    DOMUS_SECRET_LIBVIRT,   /* ITEM: the user name on the connection */
    DOMUS_SECRET_VNC,       /* ITEM: the guest's UUID */
} DomusSecretKind;

/* The remembered password for (KIND, URI, ITEM), or NULL without error when
 * there is none. ITEM may be NULL or "" (no user name). */
void      domus_secret_lookup_async  (DomusSecretKind kind,
                                      const char *uri,
                                      const char *item,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
char     *domus_secret_lookup_finish (GAsyncResult *result,
                                      GError **error);
/* The remembered password for (KIND, URI) whatever its item, with the item
 * (for DOMUS_SECRET_LIBVIRT, the user name it was given for) in *ITEM; NULL
 * without error when there is none. */
void      domus_secret_search_async  (DomusSecretKind kind,
                                      const char *uri,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
char     *domus_secret_search_finish (GAsyncResult *result,
                                      char **item,
                                      GError **error);
/* Remembers SECRET for (KIND, URI, ITEM); LABEL is what keyring managers
 * such as Seahorse show. Replaces an older one. */
void      domus_secret_store_async   (DomusSecretKind kind,
                                      const char *uri,
                                      const char *item,
                                      const char *label,
                                      const char *secret,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
gboolean  domus_secret_store_finish  (GAsyncResult *result,
                                      GError **error);
/* Forgets it (after the host refused it, say). TRUE also when there was
 * none. */
void      domus_secret_clear_async   (DomusSecretKind kind,
                                      const char *uri,
                                      const char *item,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
gboolean  domus_secret_clear_finish  (GAsyncResult *result,
                                      GError **error);

G_END_DECLS
