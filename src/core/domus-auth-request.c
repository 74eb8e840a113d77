/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A credentials request crossing threads: the worker waits on a GCond
 * until the main thread answers. Answers are wiped from memory when the
 * request is freed.
 */
#include "config.h"

#include "domus-auth-request.h"

#include <string.h>

struct _DomusAuthRequest {
    GObject parent_instance;

    char *uri;
    GArray *fields;          /* DomusAuthField, strings owned */
    GMutex lock;
    GCond cond;
    gboolean done;
    char **answers;          /* NULL when cancelled */
};

G_DEFINE_FINAL_TYPE (DomusAuthRequest, domus_auth_request, G_TYPE_OBJECT)

enum {
    COMPLETED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
wipe_strv (char **strv)
{
    for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
        memset (strv[i], 0, strlen (strv[i]));
    g_strfreev (strv);
}

static void
domus_auth_request_finalize (GObject *object)
{
    DomusAuthRequest *self = DOMUS_AUTH_REQUEST (object);

    for (guint i = 0; i < self->fields->len; i++) {
        DomusAuthField *f = &g_array_index (self->fields, DomusAuthField, i);

        g_free ((char *) f->prompt);
        g_free ((char *) f->default_answer);
    }
    g_array_unref (self->fields);
    wipe_strv (self->answers);
    g_free (self->uri);
    g_mutex_clear (&self->lock);
    g_cond_clear (&self->cond);
    G_OBJECT_CLASS (domus_auth_request_parent_class)->finalize (object);
}

static void
domus_auth_request_class_init (DomusAuthRequestClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = domus_auth_request_finalize;

    /* Answered or cancelled, in the thread that did it. */
    signals[COMPLETED] = g_signal_new ("completed", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 0);
}

static void
domus_auth_request_init (DomusAuthRequest *self)
{
    self->fields = g_array_new (FALSE, TRUE, sizeof (DomusAuthField));
    g_mutex_init (&self->lock);
    g_cond_init (&self->cond);
}

DomusAuthRequest *
domus_auth_request_new (const char *uri, const DomusAuthField *fields, guint n_fields)
{
    DomusAuthRequest *self = g_object_new (DOMUS_TYPE_AUTH_REQUEST, NULL);

    self->uri = g_strdup (uri);
    for (guint i = 0; i < n_fields; i++) {
        DomusAuthField f = {
            g_strdup (fields[i].prompt), g_strdup (fields[i].default_answer), fields[i].kind,
        };

        g_array_append_val (self->fields, f);
    }
    return self;
}

const char *
domus_auth_request_get_uri (DomusAuthRequest *self)
{
    g_return_val_if_fail (DOMUS_IS_AUTH_REQUEST (self), NULL);
    return self->uri;
}

guint
domus_auth_request_get_n_fields (DomusAuthRequest *self)
{
    g_return_val_if_fail (DOMUS_IS_AUTH_REQUEST (self), 0);
    return self->fields->len;
}

const DomusAuthField *
domus_auth_request_get_field (DomusAuthRequest *self, guint i)
{
    g_return_val_if_fail (DOMUS_IS_AUTH_REQUEST (self), NULL);
    g_return_val_if_fail (i < self->fields->len, NULL);
    return &g_array_index (self->fields, DomusAuthField, i);
}

gboolean
domus_auth_request_has_field (DomusAuthRequest *self, DomusAuthFieldKind kind)
{
    g_return_val_if_fail (DOMUS_IS_AUTH_REQUEST (self), FALSE);

    for (guint i = 0; i < self->fields->len; i++) {
        if (g_array_index (self->fields, DomusAuthField, i).kind == kind)
            return TRUE;
    }
    return FALSE;
}

char **
domus_auth_request_dup_answers (DomusAuthRequest *self)
{
    char **answers;

    g_return_val_if_fail (DOMUS_IS_AUTH_REQUEST (self), NULL);

    g_mutex_lock (&self->lock);
    answers = g_strdupv (self->answers);
    g_mutex_unlock (&self->lock);
    return answers;
}

static void
finish (DomusAuthRequest *self, char **answers)
{
    gboolean first = FALSE;

    g_mutex_lock (&self->lock);
    if (!self->done) {
        self->done = TRUE;
        self->answers = answers;
        answers = NULL;
        first = TRUE;
        g_cond_broadcast (&self->cond);
    }
    g_mutex_unlock (&self->lock);
    wipe_strv (answers);   /* a second answer is dropped */
    if (first)
        g_signal_emit (self, signals[COMPLETED], 0);
}

void
domus_auth_request_answer (DomusAuthRequest *self, const char *const *values)
{
    g_return_if_fail (DOMUS_IS_AUTH_REQUEST (self));
    g_return_if_fail (values != NULL && g_strv_length ((char **) values) == self->fields->len);

    finish (self, g_strdupv ((char **) values));
}

void
domus_auth_request_cancel (DomusAuthRequest *self)
{
    g_return_if_fail (DOMUS_IS_AUTH_REQUEST (self));
    finish (self, NULL);
}

char **
domus_auth_request_wait (DomusAuthRequest *self)
{
    char **answers;

    g_return_val_if_fail (DOMUS_IS_AUTH_REQUEST (self), NULL);

    g_mutex_lock (&self->lock);
    while (!self->done)
        g_cond_wait (&self->cond, &self->lock);
    answers = g_strdupv (self->answers);
    g_mutex_unlock (&self->lock);
    return answers;
}
