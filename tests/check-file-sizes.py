#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""check-file-sizes.py SOURCE_ROOT [LIMIT]: no C source file of src/ is over
LIMIT lines (900): a file that long does more than one job and is split
along its seams (see docs/ARCHITECTURE.md). Prints TAP, one line a file."""
import os
import sys

from tap import done, ok

root = os.path.abspath(sys.argv[1])
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 900

for dirpath, dirs, files in os.walk(os.path.join(root, "src")):
    dirs.sort()
    for f in sorted(files):
        if not f.endswith(".c"):
            continue
        path = os.path.join(dirpath, f)
        with open(path, encoding="utf-8", errors="replace") as source:
            lines = sum(1 for _ in source)
        ok(lines <= limit, "%s: %d lines (at most %d)" % (os.path.relpath(path, root), lines, limit))

sys.exit(done())
