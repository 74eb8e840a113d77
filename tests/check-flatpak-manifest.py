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
  * every finish-arg is justified in README.md next to the manifest;
  * every dependency() of every meson.build in Domus's tree is either in
    README.md's list of what the runtime provides, or in the pkg-config
    column of README.md's module table for a module the manifest builds,
    at a version the call accepts; the table and the manifest name the
    same modules.

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


# dependency('name', ..., version: '>= 1.2', ...): the first argument, and
# the version constraints in the rest of the call. declare_dependency() is
# not one (no word boundary before "dependency").
DEPENDENCY = re.compile(r"\bdependency\(\s*'([^']*)'([^)]*)\)")
VERSION_ARG = re.compile(r"version\s*:\s*(\[[^\]]*\]|'[^']*')")
# What the compiler or meson provide, never a package.
NOT_PACKAGES = {"", "threads"}


def meson_dependencies(source_root):
    """{pkg-config name: [(file:line, [constraints])]} of every meson.build."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(source_root):
        # Build trees, subprojects, hidden directories (.git, .flatpak-builder).
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith((".", "_")) and d != "subprojects")
        if "meson.build" not in filenames:
            continue
        path = os.path.join(dirpath, "meson.build")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        # Comments out, so that an example in one is not taken for a call.
        code = re.sub(r"#[^\n]*", "", text)
        for m in DEPENDENCY.finditer(code):
            name = m.group(1)
            if name in NOT_PACKAGES:
                continue
            constraints = []
            v = VERSION_ARG.search(m.group(2))
            if v:
                constraints = re.findall(r"'([^']*)'", v.group(1))
            line = code.count("\n", 0, m.start()) + 1
            where = "%s:%d" % (os.path.relpath(path, source_root), line)
            found.setdefault(name, []).append((where, constraints))
    return found


def markdown_tables(text):
    """Yield (header cells, rows of cells) for every table in TEXT."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if (lines[i].startswith("|") and i + 1 < len(lines)
                and re.match(r"^\|\s*-{3}", lines[i + 1])):
            header = [c.strip() for c in lines[i].strip().strip("|").split("|")]
            rows = []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append([c.strip() for c in lines[i].strip().strip("|").split("|")])
                i += 1
            yield header, rows
        else:
            i += 1


def code_names(cell):
    return re.findall(r"`([^`]+)`", cell)


def version_tuple(text):
    m = re.match(r"^(\d+(?:\.\d+)*)$", text.strip())
    return tuple(int(x) for x in m.group(1).split(".")) if m else None


def satisfies(version, constraint):
    """Whether VERSION ("0.70.6") meets a meson constraint (">= 0.70");
    None when either cannot be read."""
    m = re.match(r"^\s*(>=|<=|==|!=|>|<)?\s*(\S+)\s*$", constraint)
    have, want = version_tuple(version or ""), version_tuple(m.group(2)) if m else None
    if have is None or want is None:
        return None
    n = max(len(have), len(want))
    have, want = have + (0,) * (n - len(have)), want + (0,) * (n - len(want))
    op = m.group(1) or "=="
    return {">=": have >= want, "<=": have <= want, "==": have == want,
            "!=": have != want, ">": have > want, "<": have < want}[op]


def check_dependencies(readme_text, modules, source_root, problems, checked):
    """Every dependency() is provided by the runtime's list or a built module."""
    runtime = None
    table = None
    for header, rows in markdown_tables(readme_text):
        names = [h.lower() for h in header]
        if names[:1] == ["pkg-config"]:
            runtime = {n for row in rows for n in code_names(row[0])}
        elif names[:3] == ["module", "version", "pkg-config"]:
            table = rows
    if runtime is None:
        problems.append("README.md has no runtime list (a table whose first column is "
                        "'pkg-config'): what the runtime provides is not written down")
        runtime = set()
    if table is None:
        problems.append("README.md has no module table with the columns "
                        "'module | version | pkg-config'")
        table = []

    built = {}
    for where, m in modules:
        built.setdefault(m.get("name"), where)
    listed = {row[0]: row for row in table if row}
    provides = {}   # pkg-config name -> (module, version)
    for name, row in listed.items():
        if name not in built:
            problems.append("README.md's module table lists %r, which the manifest does "
                            "not build" % name)
            continue
        for pc in code_names(row[2] if len(row) > 2 else ""):
            provides[pc] = (name, row[1] if len(row) > 1 else "")
    for name, where in built.items():
        if name not in listed:
            problems.append("module %s is not in README.md's module table (what it "
                            "installs, and why)" % where)

    deps = meson_dependencies(source_root)
    if not deps:
        problems.append("no dependency() found in the meson.build files under %s"
                        % source_root)
    for name in sorted(deps):
        places = ", ".join(where for where, _ in deps[name])
        if name in provides:
            module, version = provides[name]
            for where, constraints in deps[name]:
                for c in constraints:
                    if satisfies(version, c) is False:
                        problems.append("%s asks for %s %s, but module %s builds %s"
                                        % (where, name, c, module, version))
        elif name not in runtime:
            problems.append("%s (%s) is in no module the manifest builds and not in "
                            "README.md's list of what the runtime provides"
                            % (name, places))
    checked.append("%d dependency() names, each from the runtime's list or a built module"
                   % len(deps))


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
    source_root = None
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
            source_root = root
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
        if source_root is not None:
            check_dependencies(text, modules, source_root, problems, checked)
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
