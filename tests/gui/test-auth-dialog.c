/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The credentials dialog against a real Secret Service (gnome-keyring on
 * the test's private bus, see run-in-session.sh): "Remember password"
 * stores, a remembered password answers without a dialog, a refused one
 * brings the dialog back filled in, unticking forgets. And ssh's questions
 * relayed by our askpass: a host key to trust, a passphrase.
 */
#include "config.h"

#include <gtk/gtk.h>

#include "domus-auth-dialog.h"
#include "domus-secret.h"
#include "domus-test-util.h"
#include "gui/domus-gui-test-util.h"

#define URI "qemu+tls://hv1.example.org/system"
#define TIMEOUT_S 30

static const DomusAuthField sasl_fields[] = {
    { "Please enter your authentication name", NULL, DOMUS_AUTH_FIELD_USER_NAME },
    { "Please enter your password", NULL, DOMUS_AUTH_FIELD_SECRET },
};

typedef struct {
    gboolean done;
    char *secret;
    char *item;
    GError *error;
} Lookup;

static void
search_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Lookup *l = user_data;

    l->secret = domus_secret_search_finish (result, &l->item, &l->error);
    l->done = TRUE;
}

/* What the keyring holds for URI now: the password, and its user in *ITEM.
 * An item removed while it is read makes an error: *RETRY is then set. */
static char *
keyring_lookup (char **item, gboolean *retry)
{
    Lookup l = { 0 };

    domus_secret_search_async (DOMUS_SECRET_LIBVIRT, URI, NULL, search_cb, &l);
    DOMUS_TEST_WAIT_UNTIL (l.done, TIMEOUT_S, "the keyring to answer");
    if (retry != NULL)
        *retry = l.error != NULL;
    else
        g_assert_no_error (l.error);
    g_clear_error (&l.error);
    if (item != NULL)
        *item = l.item;
    else
        g_free (l.item);
    return l.secret;
}

/* Storing and clearing run on after the dialog is gone: wait until the
 * keyring holds EXPECTED (NULL: nothing) for URI, and return its user. */
static char *
wait_for_keyring (const char *expected)
{
    gint64 end = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;

    for (;;) {
        g_autofree char *item = NULL;
        gboolean retry;
        g_autofree char *secret = keyring_lookup (&item, &retry);

        if (!retry && g_strcmp0 (secret, expected) == 0)
            return g_steal_pointer (&item);
        if (g_get_monotonic_time () > end)
            g_error ("The keyring holds %s, not %s", secret ? secret : "nothing",
                     expected ? expected : "nothing");
        g_usleep (G_USEC_PER_SEC / 10);
        while (g_main_context_iteration (NULL, FALSE))
            ;
    }
}

/* The dialog's entry for field I of sasl_fields, found by its name. */
static GtkEntry *
field_entry (DomusAuthDialog *dialog, guint i)
{
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();

    domus_test_collect_widgets (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, entries);
    for (guint j = 0; j < entries->len; j++) {
        GtkWidget *entry = g_ptr_array_index (entries, j);

        if (g_strcmp0 (atk_object_get_name (gtk_widget_get_accessible (entry)),
                       sasl_fields[i].prompt) == 0)
            return GTK_ENTRY (entry);
    }
    g_error ("no entry for %s", sasl_fields[i].prompt);
}

static gboolean
request_done (DomusAuthRequest *request)
{
    g_auto(GStrv) answers = domus_auth_request_dup_answers (request);

    return answers != NULL;
}

static void
on_completed (DomusAuthRequest *request, gpointer user_data)
{
    *(gboolean *) user_data = TRUE;
}

/* Starts a dialog for a new SASL request; returns it, or NULL when the
 * request was answered without one. */
static DomusAuthDialog *
start_request (DomusAuthRequest **out_request)
{
    g_autoptr(DomusAuthRequest) request = domus_auth_request_new (URI, sasl_fields, 2);
    GtkWidget *dialog = domus_auth_dialog_new (NULL, request, "hv1");
    gboolean completed = FALSE;

    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    g_signal_connect (request, "completed", G_CALLBACK (on_completed), &completed);
    domus_auth_dialog_start (DOMUS_AUTH_DIALOG (dialog), NULL);
    DOMUS_TEST_WAIT_UNTIL (completed || (dialog != NULL && gtk_widget_get_mapped (dialog)),
                           TIMEOUT_S, "the keyring answer or the dialog");
    g_signal_handlers_disconnect_by_func (request, on_completed, &completed);
    if (dialog != NULL)
        g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    *out_request = g_steal_pointer (&request);
    return dialog != NULL ? DOMUS_AUTH_DIALOG (dialog) : NULL;
}

static void
test_remember (void)
{
    g_autoptr(DomusAuthRequest) first = NULL, second = NULL, third = NULL, fourth = NULL;
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();
    g_auto(GStrv) answers = NULL;
    g_autofree char *user = NULL;
    DomusAuthDialog *dialog;

    g_assert_null (keyring_lookup (NULL, NULL));

    /* Nothing remembered: the dialog asks, "Remember password" unticked. */
    dialog = start_request (&first);
    g_assert_nonnull (dialog);
    g_assert_false (domus_auth_dialog_get_remember (dialog));
    domus_test_collect_widgets (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, entries);
    g_assert_cmpuint (entries->len, ==, 2);
    gtk_entry_set_text (field_entry (dialog, 0), "admin");
    gtk_entry_set_text (field_entry (dialog, 1), "s3cret");
    domus_auth_dialog_set_remember (dialog, TRUE);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    answers = domus_auth_request_dup_answers (first);
    g_assert_cmpstr (answers[1], ==, "s3cret");

    /* It reached the keyring, with the user name. */
    user = wait_for_keyring ("s3cret");
    g_assert_cmpstr (user, ==, "admin");

    /* The next request is answered from the keyring, no dialog. */
    g_assert_null (start_request (&second));
    g_clear_pointer (&answers, g_strfreev);
    answers = domus_auth_request_dup_answers (second);
    g_assert_nonnull (answers);
    g_assert_cmpstr (answers[0], ==, "admin");
    g_assert_cmpstr (answers[1], ==, "s3cret");

    /* Asked again before the host connected: it refused the password. The
     * dialog comes back, user filled in, box ticked, and says why. */
    dialog = start_request (&third);
    g_assert_nonnull (dialog);
    g_assert_true (domus_auth_dialog_get_remember (dialog));
    g_assert_cmpstr (gtk_entry_get_text (field_entry (dialog, 0)), ==, "admin");
    g_assert_cmpstr (gtk_entry_get_text (field_entry (dialog, 1)), ==, "");
    g_assert_false (request_done (third));

    /* Unticked: answered, and forgotten. */
    gtk_entry_set_text (field_entry (dialog, 1), "other");
    domus_auth_dialog_set_remember (dialog, FALSE);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    g_assert_true (request_done (third));
    g_free (wait_for_keyring (NULL));

    /* And so the next request asks again. */
    dialog = start_request (&fourth);
    g_assert_nonnull (dialog);
    gtk_widget_destroy (GTK_WIDGET (dialog));
    g_assert_false (request_done (fourth));
}

/* ssh's unknown host key: its own words, shown in full; no field to type
 * in; the answer is "yes". A passphrase: typed hidden, passed on as is. */
static void
test_ssh_questions (void)
{
    const DomusAuthField host_key = {
        "The authenticity of host '[127.0.0.1]:2222 ([127.0.0.1]:2222)' can't be "
        "established.\nED25519 key fingerprint is SHA256:abcdefghijklmnop.\n"
        "Are you sure you want to continue connecting (yes/no/[fingerprint])?",
        NULL, DOMUS_AUTH_FIELD_CONFIRM,
    };
    const DomusAuthField passphrase = {
        "Enter passphrase for key '/tmp/id_ed25519': ", NULL, DOMUS_AUTH_FIELD_SECRET,
    };
    g_autoptr(DomusAuthRequest) trust = domus_auth_request_new (NULL, &host_key, 1);
    g_autoptr(DomusAuthRequest) key = domus_auth_request_new (NULL, &passphrase, 1);
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();
    g_autoptr(GPtrArray) unnamed = g_ptr_array_new ();
    g_auto(GStrv) answers = NULL;
    GtkWidget *dialog = domus_auth_dialog_new (NULL, trust, "hv1");

    gtk_widget_show (dialog);
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Unknown Host");
    domus_test_collect_widgets (dialog, GTK_TYPE_ENTRY, entries);
    g_assert_cmpuint (entries->len, ==, 0);
    g_assert_false (domus_auth_dialog_get_remember (DOMUS_AUTH_DIALOG (dialog)));
    domus_test_collect_unnamed (dialog, unnamed);
    g_assert_cmpuint (unnamed->len, ==, 0);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    answers = domus_auth_request_dup_answers (trust);
    g_assert_cmpstr (answers[0], ==, "yes");

    dialog = domus_auth_dialog_new (NULL, key, NULL);
    gtk_widget_show (dialog);
    domus_test_collect_widgets (dialog, GTK_TYPE_ENTRY, entries);
    g_assert_cmpuint (entries->len, ==, 1);
    g_assert_false (gtk_entry_get_visibility (g_ptr_array_index (entries, 0)));
    g_assert_cmpstr (atk_object_get_name (gtk_widget_get_accessible (
                         g_ptr_array_index (entries, 0))), ==, passphrase.prompt);
    gtk_entry_set_text (g_ptr_array_index (entries, 0), "key pass");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    g_clear_pointer (&answers, g_strfreev);
    answers = domus_auth_request_dup_answers (key);
    g_assert_cmpstr (answers[0], ==, "key pass");
}

int
main (int argc, char *argv[])
{
    gtk_test_init (&argc, &argv, NULL);

    g_test_add_func ("/auth-dialog/remember-in-keyring", test_remember);
    g_test_add_func ("/auth-dialog/ssh-questions", test_ssh_questions);
    return g_test_run ();
}
