#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Usage: check-flatpak-manifest.py MANIFEST APP_ID COMMAND

Checks the Flatpak manifest without building it (this needs no network):

  * `flatpak-builder --show-manifest MANIFEST` parses it, with no
    "Unknown property" warning (a misspelt key is silently dropped);
  * its id (or app-id) is APP_ID and its command is COMMAND;
  * the last module is Domus, built with meson from a local dir;
  * every module, nested ones included, pins every source:
    archive/file need a url and a 64-hex sha256, git needs a 40-hex
    commit, and only Domus may be built from a local dir;
  * the -D options given to Domus exist in meson_options.txt;
  * every finish-arg is justified in README.md next to the manifest.

Exit 0 when all holds, 1 listing every problem, 77 (skip) without
flatpak-builder. It cannot check that a checksum matches its archive:
flatpak-builder does that on the first networked build.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
SHA256 = re.compile(r"[0-9a-f]{64}")
COMMIT = re.compile(r"[0-9a-f]{40}")
# Sources that download nothing and need no checksum.
LOCAL_TYPES = {"shell", "patch", "script", "inline"}
DOMUS = "domus"


def show_manifest(manifest):
    """Return (data, stderr) from flatpak-builder --show-manifest.

    flatpak-builder creates .flatpak-builder/ in the current directory and
    may write under $HOME, so it runs in a scratch directory that is also
    its HOME."""
    with tempfile.TemporaryDirectory(prefix="domus-flatpak-check-") as scratch:
        env = dict(os.environ, HOME=scratch,
                   XDG_CACHE_HOME=os.path.join(scratch, "cache"),
                   XDG_DATA_HOME=os.path.join(scratch, "data"),
                   XDG_CONFIG_HOME=os.path.join(scratch, "config"))
        try:
            r = subprocess.run(["flatpak-builder", "--show-manifest", manifest],
                               cwd=scratch, env=env, capture_output=True, text=True,
                               timeout=60)
        except subprocess.TimeoutExpired:
            return None, "flatpak-builder --show-manifest did not finish in 60 s"
    if r.returncode != 0:
        return None, "flatpak-builder --show-manifest failed (exit %d): %s" % (
            r.returncode, r.stderr.strip())
    try:
        return json.loads(r.stdout), r.stderr
    except ValueError as e:
        return None, "flatpak-builder --show-manifest printed no JSON: %s" % e


def walk_modules(modules, problems, path=()):
    """Yield (dotted name, module) for every module, nested ones included."""
    for m in modules:
        if not isinstance(m, dict):
            problems.append("%s: module %r is a separate file; inline it so that "
                            "its sources can be checked" % ("/".join(path) or "manifest", m))
            continue
        name = m.get("name") or "(unnamed)"
        yield "/".join(path + (name,)), m
        yield from walk_modules(m.get("modules", []), problems, path + (name,))


def check_sources(where, module, problems):
    """Check one module's sources; return how many were checked."""
    sources = module.get("sources", [])
    for i, s in enumerate(sources):
        if not isinstance(s, dict):
            problems.append("%s: source %d is a separate file (%r); inline it" % (where, i, s))
            continue
        kind = s.get("type")
        label = "%s: %s source %s" % (where, kind, s.get("url") or s.get("path") or "#%d" % i)
        if kind in ("archive", "file", "extra-data"):
            if not s.get("url"):
                problems.append(label + " has no url")
            if not SHA256.fullmatch(str(s.get("sha256", ""))):
                problems.append(label + " has no 64-hex sha256")
        elif kind == "git":
            if not COMMIT.fullmatch(str(s.get("commit", ""))):
                problems.append(label + " is not pinned to a 40-hex commit")
        elif kind == "dir":
            if module.get("name") != DOMUS:
                problems.append(label + ": only Domus itself may be built from a local dir")
        elif kind in LOCAL_TYPES:
            pass
        else:
            problems.append(label + ": source type not allowed here (use archive, file or git)")
    return len(sources)


def meson_option_names(source_root):
    path = os.path.join(source_root, "meson_options.txt")
    if not os.path.exists(path):
        path = os.path.join(source_root, "meson.options")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return set(re.findall(r"option\(\s*'([^']+)'", f.read()))


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    manifest, app_id, command = os.path.abspath(argv[1]), argv[2], argv[3]
    if not os.path.isfile(manifest):
        print("FAIL: %s does not exist" % manifest)
        return 1
    if shutil.which("flatpak-builder") is None:
        print("SKIP: flatpak-builder is not installed (Debian: apt install flatpak-builder), "
              "so %s cannot be parsed" % os.path.basename(manifest))
        return SKIP

    data, stderr = show_manifest(manifest)
    if data is None:
        print("FAIL: %s\n  %s" % (os.path.basename(manifest), stderr))
        return 1

    problems = []
    checked = []
    for line in stderr.splitlines():
        if "Unknown property" in line:
            problems.append("flatpak-builder ignores a key: " + line[line.index("Unknown property"):].strip())
    checked.append("flatpak-builder --show-manifest parses %s" % os.path.basename(manifest))

    got_id = data.get("id", data.get("app-id"))
    if got_id != app_id:
        problems.append("id is %r, expected %r" % (got_id, app_id))
    got_command = data.get("command")
    if got_command != command:
        problems.append("command is %r, expected %r" % (got_command, command))
    checked.append("id %s, command %s, runtime %s//%s, sdk %s" % (
        got_id, got_command, data.get("runtime"), data.get("runtime-version"), data.get("sdk")))

    modules = list(walk_modules(data.get("modules", []), problems))
    n_sources = sum(check_sources(where, m, problems) for where, m in modules)
    checked.append("%d modules, %d sources: every download pinned by sha256 or commit"
                   % (len(modules), n_sources))

    top = data.get("modules", [])
    last = top[-1] if top else None
    if not isinstance(last, dict) or last.get("name") != DOMUS:
        problems.append("the last module is %r, expected %r"
                        % (last.get("name") if isinstance(last, dict) else last, DOMUS))
    else:
        if last.get("buildsystem") != "meson":
            problems.append("Domus is built with %r, expected meson" % last.get("buildsystem"))
        dirs = [s for s in last.get("sources", []) if isinstance(s, dict) and s.get("type") == "dir"]
        if not dirs:
            problems.append("Domus is not built from a local dir source (the source tree)")
        else:
            root = os.path.normpath(os.path.join(os.path.dirname(manifest), dirs[0].get("path", "")))
            if not os.path.isfile(os.path.join(root, "meson.build")):
                problems.append("Domus's dir source %s has no meson.build" % root)
            names = meson_option_names(root)
            for opt in last.get("config-opts", []):
                m = re.match(r"-D([^=]+)=", opt)
                if m and names is not None and m.group(1) not in names:
                    problems.append("Domus config-opt %s: no such option in meson_options.txt" % opt)
        checked.append("last module is domus, meson, from the source tree")

    finish = data.get("finish-args", [])
    readme = os.path.join(os.path.dirname(manifest), "README.md")
    if not os.path.exists(readme):
        problems.append("%s is missing: every finish-arg must be justified there" % readme)
    else:
        with open(readme, encoding="utf-8") as f:
            text = f.read()
        for arg in finish:
            if "`%s`" % arg not in text:
                problems.append("finish-arg %s is not justified in flatpak/README.md" % arg)
    checked.append("%d finish-args, each justified in flatpak/README.md" % len(finish))

    if problems:
        print("FAIL: %s has %d problem(s):" % (os.path.basename(manifest), len(problems)))
        for p in problems:
            print("  - " + p)
        return 1
    print("OK: %s" % os.path.basename(manifest))
    for c in checked:
        print("  - " + c)
    for where, m in modules:
        for s in m.get("sources", []):
            if isinstance(s, dict) and s.get("type") in ("archive", "file", "extra-data", "git"):
                print("    %-16s %s" % (where, s.get("url")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
