/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the Details tests (integration, gui, real): core's Details
 * load job run and waited for.
 */
#pragma once

#include "domus-domain-details-apply.h"

G_BEGIN_DECLS

#define DOMUS_TEST_DETAILS_TIMEOUT_S 120

/* What the Details page loads for DOMAIN (its saved and live XML, its
 * state, the host's hardware); fails the test on an error. */
DomusDetailsSnapshot *domus_test_details_load (DomusConnection *conn,
                                               DomusDomain     *domain);

G_END_DECLS
