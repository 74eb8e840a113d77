/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the parts of the clone share: the state check of the original (the
 * plan and the clone's first step, on the worker) and the clone's XML
 * (pure libxml2, any thread).
 */
#pragma once

#include <libvirt/libvirt.h>

#include "domus-domain-clone.h"

G_BEGIN_DECLS

/* Worker: TRUE when DOM is shut off or paused (*PAUSED says which, may be
 * NULL); a running guest writes to its disks while they are copied. */
gboolean domus_clone_check_state_on (virDomainPtr dom,
                                     const char *what,
                                     gboolean *paused,
                                     GError **error);

/* PLAN's XML made into the clone's, named NEW_NAME: where disk i is copied,
 * NEW_PATHS[i] is its copy's path and NEW_VOLUMES[i] its volume's name;
 * NVRAM_PATH the copy of the UEFI variables, or NULL for libvirt to make
 * fresh ones. NULL when the original's XML cannot be parsed. */
char    *domus_clone_plan_to_xml    (const DomusClonePlan *plan,
                                     const char *new_name,
                                     char **new_paths,
                                     char **new_volumes,
                                     const char *nvram_path,
                                     GError **error);

G_END_DECLS
