/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ssh's questions, relayed. The listening side runs on the main context
 * with asynchronous GIO only; the client side is a short synchronous
 * program (the process ssh started). On the wire: the client sends one
 * header line (ssh's $SSH_ASKPASS_PROMPT, mostly empty) and ssh's prompt,
 * then closes its sending side; the answer comes back as one line, and a
 * socket closed without an answer means "cancelled".
 */
#include "config.h"

#include "domus-askpass.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>

/* ssh's question is a line or a few (a host key's fingerprint). */
#define MAX_PROMPT 16384

struct _DomusAskpass {
    GObject parent_instance;

    char *socket_path;
    GSocketService *service;
};

G_DEFINE_FINAL_TYPE (DomusAskpass, domus_askpass, G_TYPE_OBJECT)

enum {
    REQUEST,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One question being answered: the connection stays open until then. */
typedef struct {
    DomusAskpass *self;
    GSocketConnection *connection;
    GByteArray *received;
    DomusAuthRequest *request;
    guint8 buffer[1024];
} Exchange;

static void
exchange_free (Exchange *ex)
{
    g_io_stream_close (G_IO_STREAM (ex->connection), NULL, NULL);
    g_object_unref (ex->connection);
    g_byte_array_unref (ex->received);
    if (ex->request != NULL)
        g_signal_handlers_disconnect_by_data (ex->request, ex);
    g_clear_object (&ex->request);
    g_object_unref (ex->self);
    g_free (ex);
}

static void
request_completed_cb (DomusAuthRequest *request, gpointer user_data)
{
    Exchange *ex = user_data;
    g_auto(GStrv) answers = domus_auth_request_dup_answers (request);

    if (answers != NULL && answers[0] != NULL) {
        GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (ex->connection));
        g_autofree char *line = g_strconcat (answers[0], "\n", NULL);

        /* A line or so into a local socket the client is reading. */
        g_output_stream_write_all (out, line, strlen (line), NULL, NULL, NULL);
        memset (line, 0, strlen (line));
    }
    for (guint i = 0; answers != NULL && answers[i] != NULL; i++)
        memset (answers[i], 0, strlen (answers[i]));
    exchange_free (ex);
}

/* ssh's question: "confirm" (SSH_ASKPASS_PROMPT=confirm) or a question
 * whose answer is yes or no (an unknown host key) needs no typing;
 * everything else is a secret (password, passphrase, PIN, one-time code). */
static DomusAuthFieldKind
classify (const char *header, const char *prompt)
{
    if (g_str_equal (header, "confirm") || g_str_equal (header, "none") ||
        strstr (prompt, "(yes/no") != NULL)
        return DOMUS_AUTH_FIELD_CONFIRM;
    return DOMUS_AUTH_FIELD_SECRET;
}

static void
question_received (Exchange *ex)
{
    g_autofree char *text = g_strndup ((const char *) ex->received->data, ex->received->len);
    char *newline = strchr (text, '\n');
    const char *prompt = newline != NULL ? newline + 1 : "";
    DomusAuthField field = { 0 };

    if (newline != NULL)
        *newline = '\0';
    field.prompt = g_strchomp ((char *) prompt);
    field.kind = classify (text, prompt);
    ex->request = domus_auth_request_new (NULL, &field, 1);
    g_signal_connect (ex->request, "completed", G_CALLBACK (request_completed_cb), ex);
    if (g_signal_has_handler_pending (ex->self, signals[REQUEST], 0, FALSE))
        g_signal_emit (ex->self, signals[REQUEST], 0, ex->request);
    else
        domus_auth_request_cancel (ex->request);
}

static void
read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Exchange *ex = user_data;
    gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

    if (n < 0 || ex->received->len + (gsize) n > MAX_PROMPT) {
        exchange_free (ex);
        return;
    }
    if (n == 0) {
        question_received (ex);
        return;
    }
    g_byte_array_append (ex->received, ex->buffer, (guint) n);
    g_input_stream_read_async (G_INPUT_STREAM (source), ex->buffer, sizeof ex->buffer,
                               G_PRIORITY_DEFAULT, NULL, read_cb, ex);
}

static gboolean
incoming_cb (GSocketService *service, GSocketConnection *connection,
             GObject *source_object, gpointer user_data)
{
    DomusAskpass *self = user_data;
    GSocket *socket = g_socket_connection_get_socket (connection);
    g_autoptr(GCredentials) creds = g_socket_get_credentials (socket, NULL);
    Exchange *ex;

    /* The socket's directory is ours alone; check the peer all the same. */
    if (creds == NULL || g_credentials_get_unix_user (creds, NULL) != getuid ())
        return TRUE;   /* dropped, unanswered */

    ex = g_new0 (Exchange, 1);
    ex->self = g_object_ref (self);
    ex->connection = g_object_ref (connection);
    ex->received = g_byte_array_new ();
    g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                               ex->buffer, sizeof ex->buffer, G_PRIORITY_DEFAULT, NULL,
                               read_cb, ex);
    return TRUE;
}

static void
domus_askpass_finalize (GObject *object)
{
    DomusAskpass *self = DOMUS_ASKPASS (object);

    if (self->service != NULL) {
        g_socket_service_stop (self->service);
        g_socket_listener_close (G_SOCKET_LISTENER (self->service));
        g_object_unref (self->service);
        g_unlink (self->socket_path);
    }
    g_free (self->socket_path);
    G_OBJECT_CLASS (domus_askpass_parent_class)->finalize (object);
}

static void
domus_askpass_class_init (DomusAskpassClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = domus_askpass_finalize;

    /* ssh asks: answer or cancel the request (one field, of kind
     * DOMUS_AUTH_FIELD_SECRET or DOMUS_AUTH_FIELD_CONFIRM). Main thread.
     * With no handler, the question is cancelled. */
    signals[REQUEST] = g_signal_new ("request", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 1, DOMUS_TYPE_AUTH_REQUEST);
}

static void
domus_askpass_init (DomusAskpass *self)
{
}

char *
domus_askpass_default_dir (void)
{
    g_autofree char *name = g_strdup_printf ("askpass-%d", (int) getpid ());

    return g_build_filename (g_get_user_runtime_dir (), "domus", name, NULL);
}

static gboolean
set_error_from_errno (GError **error, const char *path)
{
    int saved = errno;

    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                 g_strerror (saved));
    return FALSE;
}

gboolean
domus_askpass_prepare (const char *dir, const char *program, GError **error)
{
    g_autofree char *link = NULL;

    g_return_val_if_fail (dir != NULL && program != NULL, FALSE);

    if (g_mkdir_with_parents (dir, 0700) < 0 || g_chmod (dir, 0700) < 0)
        return set_error_from_errno (error, dir);
    link = g_build_filename (dir, DOMUS_ASKPASS_PROGRAM_NAME, NULL);
    g_unlink (link);   /* left by a Domus that died with this pid */
    if (symlink (program, link) < 0)
        return set_error_from_errno (error, link);

    g_setenv ("SSH_ASKPASS", link, TRUE);
    /* Even with a terminal at hand: the question belongs in our window. */
    g_setenv ("SSH_ASKPASS_REQUIRE", "force", TRUE);
    return TRUE;
}

void
domus_askpass_cleanup (const char *dir)
{
    g_autofree char *link = g_build_filename (dir, DOMUS_ASKPASS_PROGRAM_NAME, NULL);
    g_autofree char *socket_path = g_build_filename (dir, "socket", NULL);

    g_unlink (socket_path);
    g_unlink (link);
    g_rmdir (dir);
}

gboolean
domus_askpass_is_program_name (const char *argv0)
{
    g_autofree char *base = NULL;

    if (argv0 == NULL)
        return FALSE;
    base = g_path_get_basename (argv0);
    return g_str_equal (base, DOMUS_ASKPASS_PROGRAM_NAME);
}

char *
domus_askpass_dir_from_environment (void)
{
    const char *askpass = g_getenv ("SSH_ASKPASS");

    if (!domus_askpass_is_program_name (askpass))
        return NULL;
    return g_path_get_dirname (askpass);
}

DomusAskpass *
domus_askpass_new (const char *dir, GError **error)
{
    g_autoptr(DomusAskpass) self = NULL;
    g_autoptr(GSocketAddress) address = NULL;

    g_return_val_if_fail (dir != NULL, NULL);

    self = g_object_new (DOMUS_TYPE_ASKPASS, NULL);
    self->socket_path = g_build_filename (dir, "socket", NULL);
    g_unlink (self->socket_path);   /* left by a Domus that died with this pid */
    self->service = g_socket_service_new ();
    address = g_unix_socket_address_new (self->socket_path);
    if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                        G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                                        NULL, NULL, error)) {
        g_clear_object (&self->service);
        return NULL;
    }
    g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
    g_socket_service_start (self->service);
    return g_steal_pointer (&self);
}

int
domus_askpass_client_run (const char *argv0, const char *prompt)
{
    g_autofree char *dir = g_path_get_dirname (argv0);
    g_autofree char *socket_path = g_build_filename (dir, "socket", NULL);
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketAddress) address = g_unix_socket_address_new (socket_path);
    g_autoptr(GSocketConnection) connection = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GByteArray) answer = g_byte_array_new ();
    const char *header = g_getenv ("SSH_ASKPASS_PROMPT");
    g_autofree char *question = NULL;
    GInputStream *in;
    guint8 buffer[512];
    gssize n;

    connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL,
                                          &error);
    if (connection == NULL) {
        fprintf (stderr, "domus askpass: %s\n", error->message);
        return 1;
    }
    question = g_strdup_printf ("%s\n%s", header != NULL ? header : "", prompt);
    if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                    question, strlen (question), NULL, NULL, &error) ||
        !g_socket_shutdown (g_socket_connection_get_socket (connection), FALSE, TRUE,
                            &error)) {
        fprintf (stderr, "domus askpass: %s\n", error->message);
        return 1;
    }

    /* Waits for as long as the user takes: ssh waits as well. */
    in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
    while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
        g_byte_array_append (answer, buffer, (guint) n);
    memset (buffer, 0, sizeof buffer);
    if (answer->len == 0)
        return 1;   /* cancelled */
    fwrite (answer->data, 1, answer->len, stdout);
    fflush (stdout);
    memset (answer->data, 0, answer->len);
    return 0;
}
