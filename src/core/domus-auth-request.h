/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusAuthRequest: libvirt (or ssh, through our askpass) asking for
 * credentials (user name, password, passphrase, trust in a host key) while
 * it opens a host. The asker creates it and waits, on a worker thread with
 * domus_auth_request_wait() or on the main thread through "completed";
 * a dialog on the main thread answers or cancels it. Thread-safe.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DOMUS_TYPE_AUTH_REQUEST (domus_auth_request_get_type ())
G_DECLARE_FINAL_TYPE (DomusAuthRequest, domus_auth_request, DOMUS, AUTH_REQUEST, GObject)

typedef enum {
    DOMUS_AUTH_FIELD_TEXT,       /* anything else, typed with echo (a realm…) */
    DOMUS_AUTH_FIELD_USER_NAME,  /* the name to log in as */
    DOMUS_AUTH_FIELD_SECRET,     /* a password or passphrase, typed without echo */
    DOMUS_AUTH_FIELD_CONFIRM,    /* a yes/no question (ssh's unknown host key):
                                    answered "yes" or cancelled, nothing typed */
} DomusAuthFieldKind;

typedef struct {
    const char *prompt;      /* the asker's words, e.g. "Please enter your password" */
    const char *default_answer;
    DomusAuthFieldKind kind;
} DomusAuthField;

DomusAuthRequest *domus_auth_request_new          (const char *uri,
                                                   const DomusAuthField *fields,
                                                   guint n_fields);
const char       *domus_auth_request_get_uri      (DomusAuthRequest *self);
guint             domus_auth_request_get_n_fields (DomusAuthRequest *self);
const DomusAuthField *domus_auth_request_get_field (DomusAuthRequest *self,
                                                   guint i);

/* Exactly one of these, once; either emits "completed" in the calling
 * thread. */
void              domus_auth_request_answer       (DomusAuthRequest *self,
                                                   const char *const *values);
void              domus_auth_request_cancel       (DomusAuthRequest *self);

/* TRUE when it has a field of KIND. */
gboolean          domus_auth_request_has_field    (DomusAuthRequest *self,
                                                   DomusAuthFieldKind kind);
/* The answers given (a NULL-terminated array the caller frees), or NULL
 * while unanswered or when cancelled. */
char            **domus_auth_request_dup_answers  (DomusAuthRequest *self);

/* Worker thread: blocks until answered or cancelled; returns the answers
 * (a NULL-terminated array the caller frees) or NULL when cancelled. */
char            **domus_auth_request_wait         (DomusAuthRequest *self);

G_END_DECLS
