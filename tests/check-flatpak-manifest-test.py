#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Usage: check-flatpak-manifest-test.py CHECKER MANIFEST APP_ID COMMAND

The Flatpak manifest check must fail when the Flatpak would not build what
Domus links. It runs CHECKER on copies of MANIFEST and its README.md (and
of the tree's meson files) with one thing taken out or added each time:

  1. the copies as they are: passes;
  2. the vte module removed from the manifest: fails naming vte-2.91;
  3. libxml-2.0 removed from README.md's list of what the runtime provides:
     fails naming libxml-2.0;
  4. a dependency('spice-client-gtk-3.0') added to a copy of the meson
     files, which nothing provides: fails naming it;
  5. vte built at a version older than meson asks for: fails.

Prints TAP; a skipped plan (1..0 # SKIP) without flatpak-builder, which the
check needs.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from tap import done, ok


def copy_meson_tree(source_root, dest):
    """The files the check reads from a source tree: every meson.build,
    and meson_options.txt."""
    for dirpath, dirnames, filenames in os.walk(source_root):
        dirnames[:] = [d for d in dirnames if not d.startswith((".", "_"))]
        for name in filenames:
            if name in ("meson.build", "meson_options.txt", "meson.options"):
                rel = os.path.relpath(os.path.join(dirpath, name), source_root)
                os.makedirs(os.path.join(dest, os.path.dirname(rel)), exist_ok=True)
                shutil.copy(os.path.join(source_root, rel), os.path.join(dest, rel))


def run_check(checker, manifest_data, readme_text, source_root, app_id, command):
    """CHECKER's (exit status, output) on a copy in a scratch directory,
    whose Domus module is built from SOURCE_ROOT."""
    with tempfile.TemporaryDirectory(prefix="domus-flatpak-test-") as scratch:
        data = json.loads(json.dumps(manifest_data))
        for source in data["modules"][-1]["sources"]:
            if source.get("type") == "dir":
                source["path"] = source_root
        os.makedirs(os.path.join(scratch, "flatpak"))
        manifest = os.path.join(scratch, "flatpak", "%s.json" % app_id)
        with open(manifest, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2)
        with open(os.path.join(scratch, "flatpak", "README.md"), "w", encoding="utf-8") as f:
            f.write(readme_text)
        r = subprocess.run([sys.executable, checker, manifest, app_id, command],
                           capture_output=True, text=True, timeout=120)
        return r.returncode, r.stdout + r.stderr


def main(argv):
    if len(argv) != 5:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    checker, manifest, app_id, command = argv[1:]
    if shutil.which("flatpak-builder") is None:
        print("1..0 # SKIP flatpak-builder is not installed, so the check cannot run")
        return 0
    with open(manifest, encoding="utf-8") as f:
        data = json.load(f)
    with open(os.path.join(os.path.dirname(manifest), "README.md"), encoding="utf-8") as f:
        readme = f.read()
    dir_source = [s for s in data["modules"][-1]["sources"] if s.get("type") == "dir"][0]
    source_root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(manifest)),
                                                dir_source["path"]))

    status, out = run_check(checker, data, readme, source_root, app_id, command)
    ok(status == 0, "the manifest and README as they are pass", out)

    without_vte = json.loads(json.dumps(data))
    without_vte["modules"] = [m for m in without_vte["modules"] if m.get("name") != "vte"]
    ok(len(without_vte["modules"]) == len(data["modules"]) - 1, "the manifest builds vte")
    status, out = run_check(checker, without_vte, readme, source_root, app_id, command)
    ok(status == 1 and "vte-2.91" in out and "not build" in out,
       "without the vte module it fails, naming vte-2.91", out)

    row = re.compile(r"(?m)^\| `libxml-2.0` \|.*\n")
    ok(len(row.findall(readme)) == 1, "README.md lists libxml-2.0 as the runtime's")
    status, out = run_check(checker, data, row.sub("", readme), source_root, app_id, command)
    ok(status == 1 and "libxml-2.0" in out,
       "without libxml-2.0 in the runtime's list it fails, naming it", out)

    with tempfile.TemporaryDirectory(prefix="domus-flatpak-tree-") as tree:
        copy_meson_tree(source_root, tree)
        with open(os.path.join(tree, "meson.build"), "a", encoding="utf-8") as f:
            f.write("\nspice_dep = dependency('spice-client-gtk-3.0', version: '>= 0.42')\n")
        status, out = run_check(checker, data, readme, tree, app_id, command)
    ok(status == 1 and "spice-client-gtk-3.0" in out,
       "a dependency() that nothing provides fails, named", out)

    old_vte = re.sub(r"(?m)^(\| vte \| )0\.70\.6( \|)", r"\g<1>0.68.0\2", readme)
    ok(old_vte != readme, "README.md gives vte's version")
    status, out = run_check(checker, data, old_vte, source_root, app_id, command)
    ok(status == 1 and "vte-2.91 >= 0.70" in out,
       "a module older than meson asks for fails", out)

    return done()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
