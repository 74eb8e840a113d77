/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusAuthRequest: libvirt asking for credentials (user name, password,
 * passphrase…) while it opens a host. The host's worker thread creates it
 * and waits; DomusConnection emits "auth-request" with it on the main
 * thread, where a dialog answers or cancels it. Thread-safe.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DOMUS_TYPE_AUTH_REQUEST (domus_auth_request_get_type ())
G_DECLARE_FINAL_TYPE (DomusAuthRequest, domus_auth_request, DOMUS, AUTH_REQUEST, GObject)

typedef struct {
    const char *prompt;      /* libvirt's words, e.g. "Please enter your password" */
    const char *default_answer;
    gboolean secret;         /* typed without echo */
} DomusAuthField;

DomusAuthRequest *domus_auth_request_new          (const char *uri,
                                                   const DomusAuthField *fields,
                                                   guint n_fields);
const char       *domus_auth_request_get_uri      (DomusAuthRequest *self);
guint             domus_auth_request_get_n_fields (DomusAuthRequest *self);
const DomusAuthField *domus_auth_request_get_field (DomusAuthRequest *self,
                                                   guint i);

/* Exactly one of these, once. */
void              domus_auth_request_answer       (DomusAuthRequest *self,
                                                   const char *const *values);
void              domus_auth_request_cancel       (DomusAuthRequest *self);

/* Worker thread: blocks until answered or cancelled; returns the answers
 * (a NULL-terminated array the caller frees) or NULL when cancelled. */
char            **domus_auth_request_wait         (DomusAuthRequest *self);

G_END_DECLS
