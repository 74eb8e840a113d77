#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""check-flatpak-manifest.py MANIFEST APP_ID COMMAND

This machine cannot download runtimes, so the manifest itself is checked:
flatpak-builder parses it, its id and command match meson's, Domus is the
last module built with meson from this tree, and every downloaded source is
pinned (archive/file: url + sha256; git: commit). Prints TAP; exit 77 (skip)
without flatpak-builder."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

manifest, app_id, command = sys.argv[1:4]
results = []


def ok(cond, what, detail=""):
    results.append(bool(cond))
    print("%s %d - %s" % ("ok" if cond else "not ok", len(results), what))
    for line in (detail or "").strip().splitlines() if not cond else []:
        print("#   " + line)


if shutil.which("flatpak-builder") is None:
    print("1..0 # SKIP flatpak-builder is not installed (Debian package flatpak-builder)")
    sys.exit(77)

with tempfile.TemporaryDirectory() as home:
    r = subprocess.run(["flatpak-builder", "--show-manifest", manifest], capture_output=True,
                       text=True, env=dict(os.environ, HOME=home, XDG_DATA_HOME=home + "/data"))
ok(r.returncode == 0, "flatpak-builder --show-manifest parses %s" % os.path.basename(manifest),
   r.stderr)
try:
    data = json.loads(r.stdout)
except ValueError as e:
    ok(False, "the parsed manifest is JSON", str(e))
    print("1..%d" % len(results))
    sys.exit(1)

ok(data.get("id", data.get("app-id")) == app_id, "app id is %s" % app_id)
ok(data.get("command") == command, "command is %s" % command)
ok(data.get("runtime") == "org.gnome.Platform" and data.get("sdk") == "org.gnome.Sdk",
   "a GNOME runtime (it still ships GTK 3)")

problems = []
names = []


def walk(modules, depth=0):
    for m in modules:
        if isinstance(m, str):
            problems.append("module %r is a file reference; inline it so it can be checked" % m)
            continue
        names.append(m.get("name"))
        for s in m.get("sources", []):
            kind = s.get("type")
            where = "%s: %s source" % (m.get("name"), kind)
            if kind in ("archive", "file"):
                if not s.get("url"):
                    problems.append(where + " has no url")
                if not re.fullmatch(r"[0-9a-f]{64}", s.get("sha256", "")):
                    problems.append(where + " %s has no sha256" % s.get("url"))
            elif kind == "git":
                if not re.fullmatch(r"[0-9a-f]{40}", s.get("commit", "")):
                    problems.append(where + " %s is not pinned to a commit" % s.get("url"))
            elif kind == "dir":
                if m.get("name") != "domus":
                    problems.append(where + ": only Domus itself is built from a local dir")
            elif kind in ("shell", "patch"):
                pass
            else:
                problems.append(where + ": unexpected source type")
        walk(m.get("modules", []), depth + 1)


walk(data.get("modules", []))
ok(not problems, "every downloaded source is pinned with a checksum (%d modules)" % len(names),
   "\n".join(problems))
last = data.get("modules", [{}])[-1]
ok(isinstance(last, dict) and last.get("name") == "domus" and last.get("buildsystem") == "meson"
   and any(s.get("type") == "dir" for s in last.get("sources", [])),
   "Domus is the last module, built with meson from this tree")
for needed in ("libvirt", "libvirt-glib", "gtk-vnc", "libosinfo", "osinfo-db"):
    ok(needed in names, "module %s is built" % needed)
finish = data.get("finish-args", [])
for arg in ("--share=network", "--socket=ssh-auth", "--filesystem=/run/libvirt",
            "--filesystem=xdg-run/libvirt", "--talk-name=org.freedesktop.secrets"):
    ok(arg in finish, "finish-arg %s" % arg)
readme = os.path.join(os.path.dirname(os.path.abspath(manifest)), "README.md")
text = open(readme, encoding="utf-8").read() if os.path.exists(readme) else ""
missing = [a for a in finish if a not in text]
ok(not missing, "flatpak/README.md justifies every finish-arg", "\n".join(missing))

print("1..%d" % len(results))
sys.exit(0 if all(results) else 1)
