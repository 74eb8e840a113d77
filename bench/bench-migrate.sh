#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/bench-migrate.sh [RUNS]: how long Domus's core takes to migrate a
# 64 MiB TCG guest between the two private libvirt daemons of the real
# tests: live without a storage copy, live copying a 16 MiB disk only the
# source has (copy-storage-all), live copying a qcow2 overlay's top layer
# (over a 32 MiB base both see), and the offline copy of a shut-off
# guest's qcow2 (64 MiB virtual, 16 MiB of data). RUNS times each (3);
# prints the lines the tests log, with the load before each.
#
# Needs: a built _build/ and what the real suite needs (QEMU, libvirtd,
# grub-mkrescue). Run from the top of the source tree.
set -eu
runs=${1:-3}
log=_build/meson-logs/bench-migrate.txt

one () {
    echo "# load $(cut -d' ' -f1-3 /proc/loadavg)"
    meson test -C _build "$1" --logbase bench-migrate --test-args "-p $2" >/dev/null ||
        echo "# $1 $2 failed: see $log"
    grep -E '^# (direct live migration|offline migration copying)' "$log" || true
}

i=1
while [ "$i" -le "$runs" ]; do
    one real-migrate /real/migrate/shared-storage
    one real-migrate /real/migrate/copy-storage
    one real-migrate /real/migrate/copy-top-layer
    one real-migrate-offline /real/migrate-offline/copy
    i=$((i + 1))
done
