/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DomusGuestTree: the hosts and their guests as the manager window lists
 * them. A GtkTreeStore of object pointers (a DomusConnection per host row,
 * its DomusDomains beneath) follows the connections' GListModels, and the
 * view's model is that store filtered (search, state) and sorted. Main
 * thread only; no libvirt here. The window owns the view.
 */
#pragma once

#include <gtk/gtk.h>

#include "domus-connection.h"
#include "domus-domain.h"
#include "domus-stats.h"

G_BEGIN_DECLS

/* The store's one column: the row's DomusConnection or DomusDomain. */
#define DOMUS_GUEST_TREE_COLUMN_OBJECT 0

/* The graph columns, in the order of the `visible-columns` keys. */
typedef enum {
    DOMUS_GUEST_STAT_GUEST_CPU,
    DOMUS_GUEST_STAT_HOST_CPU,
    DOMUS_GUEST_STAT_MEMORY,
    DOMUS_GUEST_STAT_DISK,
    DOMUS_GUEST_STAT_NET,
    DOMUS_N_GUEST_STATS
} DomusGuestStat;

/* Sort ids: by name, by state, then one per graph column
 * (DOMUS_GUEST_TREE_SORT_STAT + a DomusGuestStat). */
enum {
    DOMUS_GUEST_TREE_SORT_NAME,
    DOMUS_GUEST_TREE_SORT_STATE,
    DOMUS_GUEST_TREE_SORT_STAT,
};

#define DOMUS_TYPE_GUEST_TREE (domus_guest_tree_get_type ())
G_DECLARE_FINAL_TYPE (DomusGuestTree, domus_guest_tree, DOMUS, GUEST_TREE, GObject)

DomusGuestTree *domus_guest_tree_new        (GListModel *connections);
/* What the view shows: the store filtered and sorted. Large changes
 * replace it: "detach" is emitted while the old one still holds, and
 * "attach" once the new one is built. */
GtkTreeModel   *domus_guest_tree_get_model  (DomusGuestTree *self);
/* The path in that model of a host's or guest's row; NULL when the filter
 * hides it. */
GtkTreePath    *domus_guest_tree_get_path   (DomusGuestTree *self,
                                             GObject *object);
/* Guests whose name holds SEARCH (casefolded; NULL for all) and whose
 * state is STATE (a DomusDomainState, RUNNING counting the states a
 * running guest passes through; -1 for all). Host rows always show. */
void            domus_guest_tree_set_filter (DomusGuestTree *self,
                                             const char *search,
                                             int state);
/* Sorts again where a graph column sorts: its values have changed. */
void            domus_guest_tree_sort_stats (DomusGuestTree *self);
/* Tells each host's poller which of its guests VIEW (showing this tree's
 * model) has on screen: where a host has no bulk statistics, those are
 * read every tick and the others in turn. */
void            domus_guest_tree_focus_polls (DomusGuestTree *self,
                                              GtkTreeView *view);

/* The history a graph cell of OBJECT's row draws, and its scale; NULL
 * where the row has none (a host has only its CPU and memory). */
const DomusStatsRing *domus_guest_tree_get_stat_ring (GObject *object,
                                                      DomusGuestStat stat,
                                                      DomusStatsScale *scale);

G_END_DECLS
