#!/bin/sh
# run-in-session.sh CMD...: runs CMD inside a private X server (Xvfb) and
# D-Bus session, as the gui suite needs, and removes both afterwards. GTK's
# accessibility bridge comes up on that bus, so AT-SPI clients can inspect.
# The bus and the services it starts write to stderr, never to the test's
# stdout, which carries TAP.
set -u
tmp=$(mktemp -d)
# Xvfb picks a free display itself and writes its number: no race between
# tests started in parallel.
Xvfb -displayfd 5 -screen 0 1280x800x24 -nolisten tcp 5>"$tmp/display" >/dev/null 2>&1 &
xvfb=$!
i=0
while [ ! -s "$tmp/display" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
if ! kill -0 $xvfb 2>/dev/null || [ ! -s "$tmp/display" ]; then
    echo "run-in-session: Xvfb could not start" >&2
    exit 1
fi
export DISPLAY=:$(cat "$tmp/display")
unset WAYLAND_DISPLAY

dbus-daemon --session --fork --nosyslog --print-address=3 --print-pid=4 \
    3>"$tmp/address" 4>"$tmp/pid" >&2
DBUS_SESSION_BUS_ADDRESS=$(cat "$tmp/address")
export DBUS_SESSION_BUS_ADDRESS

# With DOMUS_TEST_KEYRING set, a desktop keyring (the Secret Service) on
# that bus, unlocked, with its files in the temporary directory.
keyring=
if [ -n "${DOMUS_TEST_KEYRING:-}" ]; then
    export HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/data" XDG_RUNTIME_DIR="$tmp/run"
    mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
    chmod 700 "$XDG_RUNTIME_DIR"
    printf 'domus-test' | gnome-keyring-daemon --foreground --unlock --components=secrets \
        >/dev/null 2>&1 &
    keyring=$!
    i=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
          grep -q true || [ $i -ge 100 ]; do
        sleep 0.1; i=$((i+1))
    done
fi

"$@"
rc=$?

[ -n "$keyring" ] && kill "$keyring" 2>/dev/null

# The accessibility bus and registry were started by the session bus.
kill "$(cat "$tmp/pid")" 2>/dev/null
pkill -f "at-spi-bus-launcher.*$DISPLAY" 2>/dev/null
kill $xvfb 2>/dev/null
wait $xvfb 2>/dev/null
rm -rf "$tmp"

# The test runner reads our output until every writer has closed it: a
# process the test left behind holding it (a child of a test that died)
# would keep the runner waiting until its timeout and hide the test's own
# failure. Name them, then end them; the run fails if the test did not.
# Ours and our ancestors' (setsid) do not count, nor the readers (the
# runner). The scan runs as a program of its own with other standard
# output and error: a shell's subshells keep saved copies of ours.
writers() {
    sh -c '
        ancestors=" "
        pid=$$
        while [ -n "$pid" ] && [ "$pid" -gt 1 ]; do
            ancestors="$ancestors$pid "
            pid=$(sed -n "s/^PPid:[[:space:]]*//p" /proc/"$pid"/status)
        done
        for fd in 1 2; do
            target=$(readlink /proc/"$1"/fd/$fd)
            case $target in pipe:*) ;; *) continue;; esac
            # -lname takes a pattern: "pipe:[12]" would be a character class.
            find /proc/[0-9]*/fd -lname "$(printf "%s" "$target" | sed "s/[][*?\\\\]/\\\\&/g")"
        done | while read -r link; do
            p=${link#/proc/}
            p=${p%%/*}
            case $ancestors in *" $p "*) continue;; esac
            # The access mode, the last octal digit of "flags:": 1 or 2 writes.
            flags=$(sed -n "s/^flags:[[:space:]]*//p" /proc/"$p"/fdinfo/"${link##*/}")
            case $flags in *[12]|*[56]) echo "$p";; esac
        done | sort -u' writers $$ </dev/null 2>/dev/null
}
i=0
while [ -n "$(writers 2>/dev/null)" ] && [ $i -lt 40 ]; do
    sleep 0.5 >/dev/null 2>&1
    i=$((i+1))
done
left=$(writers 2>/dev/null)
if [ -n "$left" ]; then
    echo "run-in-session: processes left behind still hold the test's output:" >&2
    for p in $left; do
        echo "  $p: $(tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null)" >&2
    done
    kill -KILL $left 2>/dev/null
    [ $rc -ne 0 ] || rc=1
fi
exit $rc
