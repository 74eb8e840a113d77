/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusDomain: state and name changes notify once, and only on change.
 */
#include "config.h"

#include <glib.h>

#include "domus-domain.h"

static void
count_cb (GObject *object, GParamSpec *pspec, gpointer user_data)
{
    (*(int *) user_data)++;
}

static void
test_notify_on_change (void)
{
    g_autoptr(DomusDomain) domain =
        domus_domain_new ("00000000-0000-4000-8000-000000000001", "web01",
                          DOMUS_DOMAIN_STATE_SHUTOFF);
    int state_notifies = 0, name_notifies = 0;

    g_signal_connect (domain, "notify::state", G_CALLBACK (count_cb), &state_notifies);
    g_signal_connect (domain, "notify::name", G_CALLBACK (count_cb), &name_notifies);

    domus_domain_set_state (domain, DOMUS_DOMAIN_STATE_SHUTOFF);
    g_assert_cmpint (state_notifies, ==, 0);
    g_assert_false (domus_domain_is_active (domain));

    domus_domain_set_state (domain, DOMUS_DOMAIN_STATE_RUNNING);
    g_assert_cmpint (state_notifies, ==, 1);
    g_assert_true (domus_domain_is_active (domain));

    domus_domain_set_name (domain, "web01");
    g_assert_cmpint (name_notifies, ==, 0);
    domus_domain_set_name (domain, "web01-old");
    g_assert_cmpint (name_notifies, ==, 1);
    g_assert_cmpstr (domus_domain_get_name (domain), ==, "web01-old");
    g_assert_cmpstr (domus_domain_get_uuid (domain), ==,
                     "00000000-0000-4000-8000-000000000001");
}

static void
test_state_words (void)
{
    g_assert_cmpstr (domus_domain_state_to_string (DOMUS_DOMAIN_STATE_RUNNING), ==, "Running");
    g_assert_cmpstr (domus_domain_state_to_string (DOMUS_DOMAIN_STATE_SHUTOFF), ==, "Shut Off");
    g_assert_cmpstr (domus_domain_state_to_string (DOMUS_DOMAIN_STATE_PAUSED), ==, "Paused");
    g_assert_cmpstr (domus_domain_state_to_string (99), ==, "Unknown");
    for (int s = DOMUS_DOMAIN_STATE_NOSTATE; s <= DOMUS_DOMAIN_STATE_PMSUSPENDED; s++)
        g_assert_nonnull (domus_domain_state_icon_name (s));
}

/* The state is a GEnum property: bindings and inspectors see its names. */
static void
test_state_is_an_enum (void)
{
    g_autoptr(GTypeClass) klass = g_type_class_ref (DOMUS_TYPE_DOMAIN);
    g_autoptr(GTypeClass) enum_class = g_type_class_ref (DOMUS_TYPE_DOMAIN_STATE);
    GParamSpec *pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), "state");
    g_autoptr(DomusDomain) domain = domus_domain_new ("u", "web01",
                                                      DOMUS_DOMAIN_STATE_PAUSED);
    GEnumValue *value;
    DomusDomainState state;

    g_assert_true (G_IS_PARAM_SPEC_ENUM (pspec));
    g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == DOMUS_TYPE_DOMAIN_STATE);
    value = g_enum_get_value (G_ENUM_CLASS (enum_class), DOMUS_DOMAIN_STATE_SHUTOFF);
    g_assert_cmpstr (value->value_nick, ==, "shutoff");
    g_object_get (domain, "state", &state, NULL);
    g_assert_cmpint (state, ==, DOMUS_DOMAIN_STATE_PAUSED);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/domain/notify-on-change", test_notify_on_change);
    g_test_add_func ("/domain/state-words", test_state_words);
    g_test_add_func ("/domain/state-is-an-enum", test_state_is_an_enum);
    return g_test_run ();
}
