#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The real program, driven from outside over AT-SPI as an assistive tool (or a
user) would see it: `domus --demo` lists the demo guests; a second `domus -c URI`
adds its host to the running window instead of opening another; `--version`
answers without a window; LANGUAGE=pt_BR shows Brazilian Portuguese.

Usage: test-app-atspi.py PATH/TO/domus   (inside tests/run-in-session.sh)
Prints TAP."""
import os
import subprocess
import sys
import time

# G_DEBUG=fatal-criticals is for Domus, not for this client's own GLib.
DOMUS_G_DEBUG = os.environ.pop("G_DEBUG", "")

try:
    import pyatspi
except ImportError as e:  # the set-up installs python3-pyatspi; say so if absent
    print("1..0 # SKIP pyatspi is not installed (Debian package python3-pyatspi): %s" % e)
    sys.exit(0)

DOMUS = os.path.abspath(sys.argv[1])
TIMEOUT = 60
results = []


def ok(cond, what):
    results.append((bool(cond), what))
    print("%s %d - %s" % ("ok" if cond else "not ok", len(results), what), flush=True)
    return cond


def wait_for(pred, what, timeout=TIMEOUT):
    end = time.time() + timeout
    last = None
    while time.time() < end:
        try:
            last = pred()
            if last:
                return last
        except Exception as e:  # the tree changes under us while we read it
            last = e
        time.sleep(0.2)
    print("# timed out waiting for %s (last: %r)" % (what, last), flush=True)
    return None


def find_app(pid):
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and app.get_process_id() == pid:
            return app
    return None


def table_cells(app, table_name):
    for frame in app:
        tables = pyatspi.findAllDescendants(
            frame, lambda x: x.getRole() in (pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_TABLE)
            and x.name == table_name)
        for table in tables:
            return [c.name for c in pyatspi.findAllDescendants(
                table, lambda x: x.getRole() == pyatspi.ROLE_TABLE_CELL)]
    return None


def start(args, env_extra=None):
    env = dict(os.environ)
    env["G_DEBUG"] = DOMUS_G_DEBUG
    env.update(env_extra or {})
    return subprocess.Popen([DOMUS] + args, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop(proc):
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def main():
    env_c = {"LANGUAGE": "", "LC_ALL": "C.UTF-8"}

    # Bring up the accessibility bus and registry before any application
    # starts, so that the application announces itself to a registry that
    # is already listening.
    ok(wait_for(lambda: pyatspi.Registry.getDesktop(0).childCount >= 0 or True,
                "the accessibility registry") is not None,
       "the accessibility registry answers")

    # --version: no window, no instance.
    out = subprocess.run([DOMUS, "--version"], capture_output=True, text=True, timeout=30)
    ok(out.returncode == 0 and out.stdout.startswith("domus "), "--version prints the version")

    proc = start(["--demo"], env_c)
    try:
        app = wait_for(lambda: find_app(proc.pid), "domus on the accessibility bus")
        ok(app is not None, "domus --demo appears on the accessibility bus")
        if app is None:
            return
        cells = wait_for(lambda: (lambda c: c if c and "web01" in c else None)(
            table_cells(app, "Hosts and guests")), "the demo guests")
        ok(cells is not None, "the table named 'Hosts and guests' lists the demo guests")
        cells = cells or []
        for name in ("Demo Host", "web01", "mail", "Running", "Shut Off", "Paused"):
            ok(name in cells, "a cell shows %r" % name)

        buttons = pyatspi.findAllDescendants(
            app[0], lambda x: x.getRole() in (pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON)
            and x.getState().contains(pyatspi.STATE_SHOWING))
        unnamed = [b for b in buttons if not b.name]
        ok(buttons and not unnamed, "every visible button has an accessible name (%d buttons)"
           % len(buttons))

        # A second invocation joins the first: its host shows up in the same window.
        second = subprocess.run([DOMUS, "-c", "test:///default"], capture_output=True,
                                text=True, timeout=60, env=dict(os.environ, **env_c))
        ok(second.returncode == 0, "a second 'domus -c URI' exits after handing over")
        cells = wait_for(lambda: (lambda c: c if c and "Test" in c and "test" in c else None)(
            table_cells(app, "Hosts and guests")), "the second host in the first window")
        ok(cells is not None, "the host given to the second instance is listed in the first")
        frames = [w for w in app if w.getRole() == pyatspi.ROLE_FRAME]
        ok(len(frames) == 1, "still one main window (%d)" % len(frames))

        # --console NAME through the running instance: the guest's window opens there.
        third = subprocess.run([DOMUS, "-c", "test:///default", "--console", "test"],
                               capture_output=True, text=True, timeout=60,
                               env=dict(os.environ, **env_c))
        ok(third.returncode == 0, "'domus -c URI --console NAME' exits after handing over")
        guest = wait_for(lambda: next((w for w in app if w.getRole() == pyatspi.ROLE_FRAME
                                       and w.name == "test on Test"), None),
                         "the guest window of --console")
        ok(guest is not None, "--console opens the guest's window in the running instance")
    finally:
        stop(proc)

    # Brazilian Portuguese.
    proc = start(["--demo"], {"LANGUAGE": "pt_BR", "LC_ALL": "C.UTF-8"})
    try:
        app = wait_for(lambda: find_app(proc.pid), "domus (pt_BR) on the accessibility bus")
        cells = None
        if app is not None:
            cells = wait_for(lambda: (lambda c: c if c and "web01" in c else None)(
                table_cells(app, "Hosts e convidados")), "the translated table")
        ok(cells is not None, "pt_BR: the table is named 'Hosts e convidados'")
        cells = cells or []
        ok("Em execução" in cells, "pt_BR: running guests say 'Em execução'")
        ok("Desligado" in cells, "pt_BR: shut-off guests say 'Desligado'")
        ok("Host de demonstração" in cells, "pt_BR: the demo host is 'Host de demonstração'")
    finally:
        stop(proc)


try:
    main()
finally:
    print("1..%d" % len(results))
sys.exit(0 if results and all(r for r, _ in results) else 1)
