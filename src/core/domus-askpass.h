/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusAskpass: Domus as ssh's askpass. For qemu+ssh:// hosts libvirt runs
 * ssh, which asks its questions (passwords, key passphrases, an unknown
 * host key's fingerprint) through $SSH_ASKPASS when it has no terminal. We
 * point that at a link to our own executable; run by that name, it hands
 * ssh's question over a private socket to the running Domus, which emits
 * "request" on the main thread so a dialog can answer, and prints the
 * answer for ssh. Host key checking stays ssh's own: we only relay its
 * question.
 */
#pragma once

#include <gio/gio.h>

#include "domus-auth-request.h"

G_BEGIN_DECLS

#define DOMUS_TYPE_ASKPASS (domus_askpass_get_type ())
G_DECLARE_FINAL_TYPE (DomusAskpass, domus_askpass, DOMUS, ASKPASS, GObject)

/* The name ssh runs us by: a link to our executable in the askpass
 * directory, beside the socket of the Domus that asks. libvirt passes ssh
 * hardly any of our environment (SSH_ASKPASS, DISPLAY, XAUTHORITY…), so
 * the way back to us travels in that path. */
#define DOMUS_ASKPASS_PROGRAM_NAME "domus-askpass"

/* A directory private to this process, in the user's runtime directory. */
char         *domus_askpass_default_dir       (void);
/* Makes DIR (0700) with the link DIR/domus-askpass to PROGRAM (our
 * executable), and points ssh at it for every ssh started from now on:
 * SSH_ASKPASS, and SSH_ASKPASS_REQUIRE=force for the ssh processes that
 * get our whole environment. Changes the environment: call it from main()
 * before any thread starts. */
gboolean      domus_askpass_prepare           (const char *dir,
                                               const char *program,
                                               GError **error);
/* Removes what domus_askpass_prepare() made (at exit). */
void          domus_askpass_cleanup           (const char *dir);
/* The askpass directory SSH_ASKPASS points to, or NULL when it is not ours. */
char         *domus_askpass_dir_from_environment (void);

/* Listens on DIR/socket (replacing a stale one). Only processes of our own
 * user are answered. */
DomusAskpass *domus_askpass_new               (const char *dir,
                                               GError **error);

/* The askpass side, in the process ssh started as ARGV0 (a path ending in
 * DOMUS_ASKPASS_PROGRAM_NAME): asks the Domus listening beside it the
 * question PROMPT, prints the answer on stdout. Returns the exit status for
 * ssh: 0 answered, 1 cancelled or no Domus to ask. */
gboolean      domus_askpass_is_program_name   (const char *argv0);
int           domus_askpass_client_run        (const char *argv0,
                                               const char *prompt);

G_END_DECLS
