/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cloning guests against the test driver, on a host (clone-host.xml) with
 * a directory pool: the plan's defaults (a disk copied, a CD-ROM shared,
 * UEFI variables copied through the pool or left for libvirt to make, a
 * disk outside any pool left out), the names it suggests and refuses; a
 * clone's XML and volumes, read back through libvirt; a clone that fails
 * half-way and one that is cancelled, which leave the pool and the
 * original as they were.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "domus-connection-private.h"
#include "domus-domain-clone.h"
#include "domus-error.h"
#include "domus-libvirt.h"
#include "domus-libvirt-private.h"
#include "domus-test-create.h"
#include "domus-test-domains.h"
#include "domus-xml.h"

#define TIMEOUT_S 60
#define POOL "images"

typedef struct {
    DomusConnection *conn;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "integration", "clone-host.xml",
                                                   NULL);
    g_autofree char *uri = g_strconcat ("test://", path, NULL);

    f->conn = domus_test_connect_idle_poller (uri);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
    g_clear_object (&f->conn);
}

/* The pool's volumes by name, joined by spaces, as libvirt lists them. */
static char *
pool_volumes (DomusConnection *conn)
{
    g_autoptr(GPtrArray) vols = domus_test_list_volumes (conn, POOL);
    g_autoptr(GString) names = g_string_new (NULL);

    for (guint i = 0; i < vols->len; i++) {
        const DomusVolumeInfo *v = g_ptr_array_index (vols, i);

        g_string_append_printf (names, "%s%s", i > 0 ? " " : "", v->name);
    }
    return g_strdup (names->str);
}

static void
domain_xml_job (GTask *task, virConnectPtr conn, gpointer task_data, GCancellable *cancellable)
{
    g_autoptr(virDomain) dom = virDomainLookupByName (conn, task_data);
    char *xml = dom != NULL ? virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE) : NULL;

    g_task_return_pointer (task, g_strdup (xml), g_free);
    free (xml);
}

/* The guest's definition as libvirt holds it, or NULL when there is none. */
static char *
domain_xml (DomusConnection *conn, const char *name)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_connection_run_job (conn, domain_xml_job, g_strdup (name), g_free, NULL,
                              domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "the guest's XML");
    return g_task_propagate_pointer (G_TASK (res), NULL);
}

static char *
xpath (const char *xml, const char *expr)
{
    g_autoptr(xmlDoc) doc = domus_xml_parse (xml, NULL);
    g_autoptr(xmlXPathContext) ctx = NULL;

    g_assert_nonnull (doc);
    ctx = xmlXPathNewContext (doc);
    return domus_xml_get_string (ctx, NULL, expr);
}

static DomusClonePlan *
make_plan (DomusConnection *conn, const char *name, GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_domain_clone_plan_async (conn, domus_test_find_domain (conn, name), NULL,
                                   domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "the clone plan");
    return domus_domain_clone_plan_finish (conn, res, error);
}

static DomusClonePlan *
plan_for (DomusConnection *conn, const char *name)
{
    g_autoptr(GError) error = NULL;
    DomusClonePlan *plan = make_plan (conn, name, &error);

    g_assert_no_error (error);
    g_assert_nonnull (plan);
    return plan;
}

static const DomusCloneDisk *
plan_disk (DomusClonePlan *plan, const char *target)
{
    for (guint i = 0; i < plan->disks->len; i++) {
        const DomusCloneDisk *disk = g_ptr_array_index (plan->disks, i);

        if (g_strcmp0 (disk->target, target) == 0)
            return disk;
    }
    g_error ("no disk %s in the plan", target);
    return NULL;
}

typedef struct {
    GCancellable *cancellable;
    int cancel_at_step;         /* -1: never */
    guint calls;
    double last_fraction;
} Progress;

static void
progress_cb (guint step, guint n_steps, double fraction, gpointer user_data)
{
    Progress *p = user_data;

    g_assert_cmpuint (step, <, n_steps);
    g_assert_cmpfloat (fraction, >=, p->last_fraction);
    g_assert_cmpfloat (fraction, <=, 1.0);
    p->calls++;
    p->last_fraction = fraction;
    /* As a person clicking Cancel while this volume is being copied. */
    if ((int) step == p->cancel_at_step)
        g_cancellable_cancel (p->cancellable);
}

static char *
run_clone (DomusConnection *conn, DomusClonePlan *plan, const char *new_name, Progress *p,
           GError **error)
{
    g_autoptr(GAsyncResult) res = NULL;

    domus_domain_clone_async (conn, plan, new_name, progress_cb, p, p->cancellable,
                              domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "the clone");
    return domus_domain_clone_finish (conn, res, error);
}

static void
test_plan_defaults (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusClonePlan) alpha = plan_for (f->conn, "alpha");
    g_autoptr(DomusClonePlan) delta = plan_for (f->conn, "delta");
    const DomusCloneDisk *disk;

    g_assert_cmpstr (alpha->name, ==, "alpha");
    g_assert_false (alpha->paused);
    g_assert_cmpuint (alpha->disks->len, ==, 2);
    disk = plan_disk (alpha, "vda");
    g_assert_cmpint (disk->mode, ==, DOMUS_CLONE_DISK_COPY);
    g_assert_cmpstr (disk->pool, ==, POOL);
    g_assert_cmpstr (disk->volume, ==, "alpha.qcow2");
    g_assert_cmpstr (disk->format, ==, "qcow2");
    g_assert_true (disk->can_copy);
    g_assert_true (disk->pool_holds_files);
    g_assert_null (disk->note);
    disk = plan_disk (alpha, "hdc");
    g_assert_cmpint (disk->mode, ==, DOMUS_CLONE_DISK_SHARE);
    g_assert_true (disk->readonly);
    g_assert_true (disk->can_copy);
    g_assert_nonnull (disk->note);
    g_assert_cmpint (alpha->nvram, ==, DOMUS_CLONE_NVRAM_COPY);
    g_assert_cmpstr (alpha->nvram_path, ==, "/pool/alpha_VARS.fd");
    g_assert_cmpstr (alpha->nvram_pool, ==, POOL);

    /* In no pool: the disk is left out, the variables are made afresh. */
    disk = plan_disk (delta, "vdb");
    g_assert_cmpint (disk->mode, ==, DOMUS_CLONE_DISK_SKIP);
    g_assert_false (disk->can_copy);
    g_assert_null (disk->pool);
    g_assert_nonnull (strstr (disk->note, "Not in a storage pool"));
    g_assert_cmpint (plan_disk (delta, "vda")->mode, ==, DOMUS_CLONE_DISK_COPY);
    g_assert_cmpint (delta->nvram, ==, DOMUS_CLONE_NVRAM_FRESH);
}

static void
test_names (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusClonePlan) alpha = plan_for (f->conn, "alpha");
    g_autoptr(DomusClonePlan) beta = plan_for (f->conn, "beta");
    g_autofree char *suggested = domus_clone_plan_suggest_name (alpha, f->conn);
    g_autofree char *beta_suggested = domus_clone_plan_suggest_name (beta, f->conn);
    g_autofree char *first = domus_clone_plan_volume_name (beta, "b2", 0);
    g_autofree char *second = domus_clone_plan_volume_name (beta, "b2", 1);
    g_autofree char *vars = domus_clone_plan_nvram_volume_name (alpha, "a2");
    g_autoptr(GError) error = NULL;

    g_assert_cmpstr (suggested, ==, "alpha-clone");
    /* "beta-clone" is a guest already. */
    g_assert_cmpstr (beta_suggested, ==, "beta-clone1");
    g_assert_cmpstr (first, ==, "b2.qcow2");
    g_assert_cmpstr (second, ==, "b2-1.img");
    g_assert_cmpstr (vars, ==, "a2_VARS.fd");
    g_assert_null (domus_clone_plan_volume_name (alpha, "a2", 1));   /* shared */

    g_assert_true (domus_clone_plan_check_name (alpha, f->conn, "alpha-2", &error));
    g_assert_no_error (error);
    g_assert_false (domus_clone_plan_check_name (alpha, f->conn, "", &error));
    g_assert_cmpstr (error->message, ==, "Enter a name for the clone.");
    g_clear_error (&error);
    g_assert_false (domus_clone_plan_check_name (alpha, f->conn, "a/b", &error));
    g_assert_nonnull (strstr (error->message, "cannot contain"));
    g_clear_error (&error);
    g_assert_false (domus_clone_plan_check_name (alpha, f->conn, "beta", &error));
    g_assert_true (g_str_has_prefix (error->message, "A guest named “beta” already exists on"));
    g_clear_error (&error);
    /* The copy of alpha's disk would be old.qcow2, which the pool has. */
    g_assert_false (domus_clone_plan_check_name (alpha, f->conn, "old", &error));
    g_assert_cmpstr (error->message, ==,
                     "Pool “images” already has a volume named “old.qcow2”: "
                     "choose another name.");
    g_clear_error (&error);
    /* Shared, the disk needs no new volume: the name is free again. */
    ((DomusCloneDisk *) g_ptr_array_index (alpha->disks, 0))->mode = DOMUS_CLONE_DISK_SHARE;
    g_assert_true (domus_clone_plan_check_name (alpha, f->conn, "old", NULL));
}

static void
test_running_guest_refused (Fixture *f, gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(DomusClonePlan) plan = make_plan (f->conn, "gamma", &error);

    g_assert_null (plan);
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "The guest is running"));
}

static void
test_clone_copies_and_shares (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusClonePlan) plan = plan_for (f->conn, "alpha");
    g_autofree char *alpha_before = domain_xml (f->conn, "alpha");
    g_autofree char *alpha_after = NULL;
    g_autofree char *volumes = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *uuid = NULL;
    g_autoptr(GError) error = NULL;
    Progress p = { NULL, -1, 0, 0 };
    const char *const expect[][2] = {
        { "/domain/name", "alpha-clone" },
        { "/domain/devices/disk[target/@dev='vda']/source/@file", "/pool/alpha-clone.qcow2" },
        { "/domain/devices/disk[target/@dev='vda']/driver/@type", "qcow2" },
        { "/domain/devices/disk[target/@dev='hdc']/source/@file", "/pool/install.iso" },
        { "/domain/os/nvram", "/pool/alpha-clone_VARS.fd" },
        { "/domain/os/loader", "/usr/share/OVMF/OVMF_CODE.fd" },
        { "/domain/devices/serial/source/@path", "/var/log/domus/alpha-clone-serial.log" },
        { "/domain/devices/graphics/@autoport", "yes" },
        { "/domain/devices/interface/source/@network", "default" },
    };

    uuid = run_clone (f->conn, plan, "alpha-clone", &p, &error);
    g_assert_no_error (error);
    g_assert_nonnull (uuid);
    g_assert_cmpuint (p.calls, >=, 2);     /* the disk, the variables */

    /* Defined: the event brings it into the list. */
    DOMUS_TEST_WAIT_UNTIL (domus_test_find_domain (f->conn, "alpha-clone") != NULL,
                           TIMEOUT_S, "the clone in the list");
    g_assert_cmpstr (domus_domain_get_uuid (domus_test_find_domain (f->conn, "alpha-clone")),
                     ==, uuid);
    xml = domain_xml (f->conn, "alpha-clone");
    g_test_message ("%s", xml);
    for (guint i = 0; i < G_N_ELEMENTS (expect); i++) {
        g_autofree char *value = xpath (xml, expect[i][0]);

        g_assert_cmpstr (value, ==, expect[i][1]);
    }
    {
        g_autofree char *mac = xpath (xml, "/domain/devices/interface/mac/@address");
        g_autofree char *new_uuid = xpath (xml, "/domain/uuid");
        g_autofree char *title = xpath (xml, "/domain/title");
        g_autofree char *port = xpath (xml, "/domain/devices/graphics/@port");

        g_assert_nonnull (mac);
        g_assert_cmpstr (mac, !=, "52:54:00:00:00:01");
        g_assert_cmpstr (new_uuid, ==, uuid);
        g_assert_cmpstr (new_uuid, !=, "6f1d8a70-5d0c-4b3e-9a54-1c2d3e4f5a01");
        g_assert_null (title);
        g_assert_true (port == NULL || g_str_equal (port, "-1"));
    }

    volumes = pool_volumes (f->conn);
    g_assert_cmpstr (volumes, ==,
                     "alpha-clone.qcow2 alpha-clone_VARS.fd alpha.qcow2 alpha_VARS.fd "
                     "beta-data.img beta.qcow2 delta.img gamma.img install.iso old.qcow2");
    {
        g_autoptr(GPtrArray) vols = domus_test_list_volumes (f->conn, POOL);
        const DomusVolumeInfo *copy = domus_test_find_volume (vols, "alpha-clone.qcow2");

        g_assert_cmpstr (copy->format, ==, "qcow2");
        g_assert_cmpuint (copy->capacity, ==, 10000000);
    }
    /* The original is as it was. */
    alpha_after = domain_xml (f->conn, "alpha");
    g_assert_cmpstr (alpha_after, ==, alpha_before);
}

/* delta's variables are in no pool: libvirt makes the clone's own. */
static void
test_clone_fresh_nvram_and_skipped_disk (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusClonePlan) plan = plan_for (f->conn, "delta");
    g_autofree char *uuid = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(GError) error = NULL;
    Progress p = { NULL, -1, 0, 0 };

    uuid = run_clone (f->conn, plan, "delta-2", &p, &error);
    g_assert_no_error (error);
    xml = domain_xml (f->conn, "delta-2");
    g_test_message ("%s", xml);
    {
        g_autofree char *nvram = xpath (xml, "normalize-space(/domain/os/nvram)");
        g_autofree char *template = xpath (xml, "/domain/os/nvram/@template");
        g_autofree char *disks = xpath (xml, "count(/domain/devices/disk)");
        g_autofree char *vda = xpath (xml, "/domain/devices/disk/source/@file");

        g_assert_null (nvram);
        g_assert_cmpstr (template, ==, "/usr/share/OVMF/OVMF_VARS.fd");
        g_assert_cmpstr (disks, ==, "1");
        g_assert_cmpstr (vda, ==, "/pool/delta-2.img");
    }
}

static void
create_volume (DomusConnection *conn, const char *name)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *path = NULL;

    domus_storage_create_volume_async (conn, POOL, name, "raw", 1000, NULL,
                                       domus_test_keep_result_cb, &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "a new volume");
    path = domus_storage_create_volume_finish (conn, res, &error);
    g_assert_no_error (error);
}

/* The second copy cannot be made (its name was taken after the plan was
 * read): the first is removed, and the original stays as it was. */
static void
test_failure_half_way_removes_what_was_made (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusClonePlan) plan = plan_for (f->conn, "beta");
    g_autofree char *beta_before = domain_xml (f->conn, "beta");
    g_autofree char *beta_after = NULL;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autofree char *uuid = NULL;
    g_autofree char *clone_xml = NULL;
    g_autoptr(GError) error = NULL;
    Progress p = { NULL, -1, 0, 0 };

    g_assert_cmpint (plan_disk (plan, "vda")->mode, ==, DOMUS_CLONE_DISK_COPY);
    g_assert_cmpint (plan_disk (plan, "vdb")->mode, ==, DOMUS_CLONE_DISK_COPY);
    create_volume (f->conn, "beta-2-1.img");
    before = pool_volumes (f->conn);

    uuid = run_clone (f->conn, plan, "beta-2", &p, &error);
    g_assert_null (uuid);
    g_assert_error (error, DOMUS_ERROR, DOMUS_ERROR_LIBVIRT);
    g_test_message ("%s", error->message);
    g_assert_true (g_str_has_prefix (error->message, "Cloning “beta” on "));
    /* libvirt's own words, then what became of the first copy. */
    g_assert_nonnull (strstr (error->message, "storage vol already exists"));
    g_assert_nonnull (strstr (error->message, "removed again"));

    after = pool_volumes (f->conn);
    g_assert_cmpstr (after, ==, before);
    g_assert_null (strstr (after, "beta-2.qcow2"));
    g_assert_nonnull (strstr (after, "beta-2-1.img"));     /* not ours: it stays */
    clone_xml = domain_xml (f->conn, "beta-2");
    g_assert_null (clone_xml);
    beta_after = domain_xml (f->conn, "beta");
    g_assert_cmpstr (beta_after, ==, beta_before);
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
    g_autoptr(DomusClonePlan) plan = plan_for (f->conn, "beta");
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autofree char *before = pool_volumes (f->conn);
    g_autofree char *after = NULL;
    g_autofree char *uuid = NULL;
    g_autofree char *clone_xml = NULL;
    g_autoptr(GError) error = NULL;
    Progress p = { cancellable, 1, 0, 0 };

    /* Cancelled while the second disk is copied: the copy is seen to its
     * end, then it and the first are removed. */
    uuid = run_clone (f->conn, plan, "beta-3", &p, &error);
    g_assert_null (uuid);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_nonnull (strstr (error->message, "removed"));
    g_clear_error (&error);
    after = pool_volumes (f->conn);
    g_assert_cmpstr (after, ==, before);
    clone_xml = domain_xml (f->conn, "beta-3");
    g_assert_null (clone_xml);

    /* Cancelled before it began: nothing is made at all. */
    p.cancel_at_step = -1;
    p.last_fraction = 0;
    uuid = run_clone (f->conn, plan, "beta-3", &p, &error);
    g_assert_null (uuid);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_pointer (&after, g_free);
    after = pool_volumes (f->conn);
    g_assert_cmpstr (after, ==, before);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    domus_libvirt_init ();

    g_test_add ("/domain-clone/plan-defaults", Fixture, NULL, fixture_setup,
                test_plan_defaults, fixture_teardown);
    g_test_add ("/domain-clone/names", Fixture, NULL, fixture_setup, test_names,
                fixture_teardown);
    g_test_add ("/domain-clone/running-guest-refused", Fixture, NULL, fixture_setup,
                test_running_guest_refused, fixture_teardown);
    g_test_add ("/domain-clone/copies-and-shares", Fixture, NULL, fixture_setup,
                test_clone_copies_and_shares, fixture_teardown);
    g_test_add ("/domain-clone/fresh-nvram-and-skipped-disk", Fixture, NULL, fixture_setup,
                test_clone_fresh_nvram_and_skipped_disk, fixture_teardown);
    g_test_add ("/domain-clone/failure-half-way", Fixture, NULL, fixture_setup,
                test_failure_half_way_removes_what_was_made, fixture_teardown);
    g_test_add ("/domain-clone/cancel", Fixture, NULL, fixture_setup, test_cancel,
                fixture_teardown);
    return g_test_run ();
}
