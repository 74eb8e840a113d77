/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The disk source check against libvirt's test driver: a volume of a pool
 * found by path and as pool/volume; a path in a pool's directory with no
 * such volume missing, said with the path and the host; a path in no pool
 * unchecked (a warning); a pool or volume that is not there missing.
 */
#include "config.h"

#include <glib.h>
#include <libvirt/libvirt.h>

#include "domus-connection.h"
#include "domus-libvirt.h"
#include "domus-storage-path.h"
#include "domus-test-create.h"

#define TIMEOUT_S 60

static DomusPathState
check (DomusConnection *conn, const char *source, char **message)
{
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    DomusPathState state;

    domus_storage_check_path_async (conn, source, "Test Host", NULL, domus_test_result_cb,
                                    &res);
    DOMUS_TEST_WAIT_UNTIL (res != NULL, TIMEOUT_S, "the path check");
    state = domus_storage_check_path_finish (conn, res, message, &error);
    g_assert_no_error (error);
    return state;
}

static void
test_check_path (void)
{
    g_autoptr(DomusConnection) conn = domus_test_connect ("test:///default");
    virConnectPtr other = virConnectOpen ("test:///default");
    virStoragePoolPtr pool = virStoragePoolLookupByName (other, "default-pool");
    virStorageVolPtr vol;
    struct {
        const char *source;
        DomusPathState state;
        const char *message;
    } cases[] = {
        { "/default-pool/there.img", DOMUS_PATH_FOUND, NULL },
        { "default-pool/there.img", DOMUS_PATH_FOUND, NULL },
        { "/default-pool/gone.img", DOMUS_PATH_MISSING,
          "No volume or file at /default-pool/gone.img on host Test Host" },
        { "/default-pool/sub/gone.img", DOMUS_PATH_MISSING,
          "No volume or file at /default-pool/sub/gone.img on host Test Host" },
        { "/default-pool-other/x.img", DOMUS_PATH_UNCHECKED,
          "/default-pool-other/x.img is not in a storage pool of host Test Host: Domus cannot "
          "check that it exists." },
        { "/srv/iso/rescue.iso", DOMUS_PATH_UNCHECKED,
          "/srv/iso/rescue.iso is not in a storage pool of host Test Host: Domus cannot check "
          "that it exists." },
        { "default-pool/gone.img", DOMUS_PATH_MISSING,
          "No volume “gone.img” in pool “default-pool” on host Test Host" },
        { "no-pool/x.img", DOMUS_PATH_MISSING, "No storage pool “no-pool” on host Test Host" },
    };

    g_assert_nonnull (pool);
    vol = virStorageVolCreateXML (pool, "<volume><name>there.img</name>"
                                        "<capacity>1048576</capacity></volume>", 0);
    g_assert_nonnull (vol);
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *message = NULL;

        g_test_message ("%s", cases[i].source);
        g_assert_cmpint (check (conn, cases[i].source, &message), ==, cases[i].state);
        g_assert_cmpstr (message, ==, cases[i].message);
    }
    virStorageVolDelete (vol, 0);
    virStorageVolFree (vol);
    virStoragePoolFree (pool);
    virConnectClose (other);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    /* As Domus does at start-up: libvirt initialised on the main thread,
     * with GLib's event loop. Left to the worker's first open, OpenSSL
     * kept that thread's state (a 904-byte leak, one run in three). */
    domus_libvirt_init ();
    g_test_add_func ("/storage-path/check", test_check_path);
    return g_test_run ();
}
