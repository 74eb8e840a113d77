/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Remembered passwords in the Secret Service, under one schema with the
 * attributes kind, uri and item. Runs on the main context; no libvirt here.
 */
#include "config.h"

#include "domus-secret.h"

#include <libsecret/secret.h>

static const SecretSchema *
domus_secret_get_schema (void)
{
    static const SecretSchema schema = {
        "io.github.domusvm.Domus.Password", SECRET_SCHEMA_NONE,
        {
            { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
            { "uri",  SECRET_SCHEMA_ATTRIBUTE_STRING },
            { "item", SECRET_SCHEMA_ATTRIBUTE_STRING },
            { NULL, 0 },
        },
        0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    };
    return &schema;
}

static const char *
kind_to_string (DomusSecretKind kind)
{
    return kind == DOMUS_SECRET_VNC ? "vnc" : "libvirt";
}

static GHashTable *
attributes_for (DomusSecretKind kind, const char *uri, const char *item)
{
    GHashTable *attrs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

    g_hash_table_insert (attrs, (gpointer) "kind", g_strdup (kind_to_string (kind)));
    g_hash_table_insert (attrs, (gpointer) "uri", g_strdup (uri));
    g_hash_table_insert (attrs, (gpointer) "item", g_strdup (item != NULL ? item : ""));
    return attrs;
}

/* A task for one keyring call, and the attributes that name its item. */
static GTask *
secret_task_new (gpointer source_tag, DomusSecretKind kind, const char *uri, const char *item,
                 GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data,
                 GHashTable **attrs)
{
    GTask *task = g_task_new (NULL, cancellable, callback, user_data);

    g_task_set_source_tag (task, source_tag);
    *attrs = attributes_for (kind, uri, item);
    return task;
}

static void
lookup_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) task = user_data;
    GError *error = NULL;
    char *password = secret_password_lookup_finish (result, &error);

    if (error != NULL) {
        g_task_return_error (task, error);
        return;
    }
    /* libsecret hands it over in non-pageable memory; pass on an ordinary
     * copy, as GTK entries and libvirt's credential structs take those. */
    g_task_return_pointer (task, g_strdup (password), g_free);
    secret_password_free (password);
}

void
domus_secret_lookup_async (DomusSecretKind kind, const char *uri, const char *item,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
    g_autoptr(GHashTable) attrs = NULL;
    GTask *task;

    g_return_if_fail (uri != NULL);

    task = secret_task_new (domus_secret_lookup_async, kind, uri, item, cancellable, callback,
                            user_data, &attrs);
    secret_password_lookupv (domus_secret_get_schema (), attrs, cancellable,
                             lookup_done, task);
}

char *
domus_secret_lookup_finish (GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
    char *item;
    char *secret;
} SearchResult;

static void
search_result_free (SearchResult *res)
{
    g_free (res->item);
    g_free (res->secret);
    g_free (res);
}

static void
return_found (GTask *task, GHashTable *attrs, SecretValue *value)
{
    SearchResult *res = g_new0 (SearchResult, 1);

    res->item = g_strdup (g_hash_table_lookup (attrs, "item"));
    res->secret = g_strdup (secret_value_get_text (value));
    g_task_return_pointer (task, res, (GDestroyNotify) search_result_free);
}

static void
retrieve_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) task = user_data;
    g_autoptr(GHashTable) attrs = secret_retrievable_get_attributes (SECRET_RETRIEVABLE (source));
    GError *error = NULL;
    SecretValue *value = secret_retrievable_retrieve_secret_finish (SECRET_RETRIEVABLE (source),
                                                                    result, &error);

    if (value == NULL) {
        if (error != NULL)
            g_task_return_error (task, error);
        else
            g_task_return_pointer (task, NULL, NULL);
        return;
    }
    return_found (task, attrs, value);
    secret_value_unref (value);
}

static void
search_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) task = user_data;
    GError *error = NULL;
    GList *found = secret_password_search_finish (result, &error);
    SecretValue *value;

    if (error != NULL) {
        g_task_return_error (task, error);
    } else if (found == NULL) {
        g_task_return_pointer (task, NULL, NULL);
    } else if (SECRET_IS_ITEM (found->data) &&
               (value = secret_item_get_secret (found->data)) != NULL) {
        /* The Secret Service sent the secret along with the search. */
        g_autoptr(GHashTable) attrs = secret_retrievable_get_attributes (found->data);

        return_found (task, attrs, value);
        secret_value_unref (value);
    } else {
        /* Another backend (a sandbox's file keyring): ask for it. */
        GCancellable *cancellable = g_task_get_cancellable (task);

        secret_retrievable_retrieve_secret (found->data, cancellable, retrieve_done,
                                            g_steal_pointer (&task));
    }
    g_list_free_full (found, g_object_unref);
}

void
domus_secret_search_async (DomusSecretKind kind, const char *uri,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
    g_autoptr(GHashTable) attrs = NULL;
    GTask *task;

    g_return_if_fail (uri != NULL);

    task = secret_task_new (domus_secret_search_async, kind, uri, NULL, cancellable, callback,
                            user_data, &attrs);
    g_hash_table_remove (attrs, "item");
    secret_password_searchv (domus_secret_get_schema (), attrs,
                             SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                             cancellable, search_done, task);
}

char *
domus_secret_search_finish (GAsyncResult *result, char **item, GError **error)
{
    SearchResult *res;
    char *secret;

    g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

    res = g_task_propagate_pointer (G_TASK (result), error);
    if (item != NULL)
        *item = res != NULL ? g_steal_pointer (&res->item) : NULL;
    if (res == NULL)
        return NULL;
    secret = g_steal_pointer (&res->secret);
    search_result_free (res);
    return secret;
}

static void
boolean_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr(GTask) task = user_data;
    GError *error = NULL;
    gboolean ok;

    if (g_task_get_source_tag (task) == domus_secret_store_async)
        ok = secret_password_store_finish (result, &error);
    else {
        secret_password_clear_finish (result, &error);
        ok = (error == NULL);
    }
    if (!ok)
        g_task_return_error (task, error);
    else
        g_task_return_boolean (task, TRUE);
}

void
domus_secret_store_async (DomusSecretKind kind, const char *uri, const char *item,
                          const char *label, const char *secret,
                          GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer user_data)
{
    g_autoptr(GHashTable) attrs = NULL;
    GTask *task;

    g_return_if_fail (uri != NULL && label != NULL && secret != NULL);

    task = secret_task_new (domus_secret_store_async, kind, uri, item, cancellable, callback,
                            user_data, &attrs);
    secret_password_storev (domus_secret_get_schema (), attrs, SECRET_COLLECTION_DEFAULT,
                            label, secret, cancellable, boolean_done, task);
}

gboolean
domus_secret_store_finish (GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}

void
domus_secret_clear_async (DomusSecretKind kind, const char *uri, const char *item,
                          GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer user_data)
{
    g_autoptr(GHashTable) attrs = NULL;
    GTask *task;

    g_return_if_fail (uri != NULL);

    task = secret_task_new (domus_secret_clear_async, kind, uri, item, cancellable, callback,
                            user_data, &attrs);
    secret_password_clearv (domus_secret_get_schema (), attrs, cancellable,
                            boolean_done, task);
}

gboolean
domus_secret_clear_finish (GAsyncResult *result, GError **error)
{
    return domus_secret_store_finish (result, error);
}
