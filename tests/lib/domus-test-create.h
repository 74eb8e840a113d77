/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the tests of guest creation (integration, gui, real): run the
 * create job, list a host's volumes through core's worker job, and find
 * one by name. (domus_test_connect() is in domus-test-domains.h.)
 */
#pragma once

#include "domus-domain-create.h"
#include "domus-storage.h"
#include "domus-test-domains.h"
#include "domus-test-util.h"

G_BEGIN_DECLS

/* Runs the create job for PLAN (which it takes): the new guest's UUID, or
 * NULL with the job's error. */
char                  *domus_test_create_guest (DomusConnection *conn,
                                                DomusCreatePlan *plan,
                                                GError         **error);
/* The volumes of POOL (of every active pool when NULL). */
GPtrArray             *domus_test_list_volumes (DomusConnection *conn,
                                                const char      *pool);
/* The volume NAME in VOLS, or NULL. */
const DomusVolumeInfo *domus_test_find_volume  (GPtrArray       *vols,
                                                const char      *name);

G_END_DECLS
