#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/run-bench.sh [IDLE_S]: Domus and virt-manager measured in one run
# with ../shared/bench-tools/measure-gui.sh on generated test-driver hosts
# (N = 10, 1000, 5000), every statistic polled every second and every graph
# column shown; then the cost of a listing in core alone (bench-list), in
# process and over RPC through a private libvirtd. Prints figures only.
#
# Needs: a built _build/ (./domus-dev run), virt-manager (Debian package),
# Xvfb, xdotool, imagemagick. Run from the top of the source tree.
set -eu
idle=${1:-60}
top=$(pwd)
tools=${BENCH_TOOLS:-$top/../shared/bench-tools}
out=${BENCH_OUT:-$top/_build/bench-run}
mkdir -p "$out"
export SHOT_DIR="$out/shots"
export GSETTINGS_SCHEMA_DIR="$top/_build/data"

domus_preset="gsettings set io.github.domusvm.Domus visible-columns \"['guest-cpu','host-cpu','memory','disk-io','network-io']\"; gsettings set io.github.domusvm.Domus poll-interval 1"
vm_preset=$(cat "$tools/virt-manager-preset.sh")

for n in 10 1000 5000; do
    [ -f "$out/h$n.xml" ] || python3 "$tools/gen-testdriver.py" $n "$out/h$n.xml"
done

echo "# GUI, in-process test driver (idle ${idle}s after settling)"
for n in 10 1000 5000; do
    PRESET="$domus_preset" "$tools/measure-gui.sh" domus-$n "$idle" \
        "$top/_build/src/domus" -c "test://$out/h$n.xml"
    PRESET="$vm_preset" "$tools/measure-gui.sh" virt-manager-$n "$idle" \
        virt-manager --no-fork -c "test://$out/h$n.xml"
done

# A private daemon serves the same hosts over RPC: every call is a round trip.
dir=$(mktemp -d)
cat >"$dir/libvirtd.conf" <<CONF
unix_sock_dir = "$dir"
unix_sock_rw_perms = "0700"
auth_unix_rw = "none"
auth_unix_ro = "none"
CONF
libvirtd -f "$dir/libvirtd.conf" -p "$dir/libvirtd.pid" >/dev/null 2>&1 &
i=0
while [ ! -S "$dir/libvirt-sock" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done

echo "# GUI over RPC (test+unix through a private libvirtd)"
for n in 1000; do
    uri="test+unix://$out/h$n.xml?socket=$dir/libvirt-sock"
    PRESET="$domus_preset" "$tools/measure-gui.sh" domus-rpc-$n "$idle" \
        "$top/_build/src/domus" -c "$uri"
    PRESET="$vm_preset" "$tools/measure-gui.sh" virt-manager-rpc-$n "$idle" \
        virt-manager --no-fork -c "$uri"
done

echo "# core alone: connect to a complete guest list (bench-list)"
for n in 10 1000 5000; do
    printf 'in-process %s: ' $n
    "$top/_build/bench/bench-list" "test://$out/h$n.xml" 5
    printf 'rpc %s: ' $n
    "$top/_build/bench/bench-list" "test+unix://$out/h$n.xml?socket=$dir/libvirt-sock" 5
done

kill "$(cat "$dir/libvirtd.pid")" 2>/dev/null || true
rm -rf "$dir"
