# SPDX-License-Identifier: GPL-2.0-or-later
"""TAP for the data suite's Python checks: ok() prints one result, with
the detail of a failure as TAP comments; done() prints the plan and gives
the exit status. Imported from the scripts beside it."""
results = []


def ok(cond, what, detail=""):
    results.append(bool(cond))
    print("%s %d - %s" % ("ok" if cond else "not ok", len(results), what))
    if not cond and detail:
        for line in detail.strip().splitlines():
            print("#   " + line)


def done():
    print("1..%d" % len(results))
    return 0 if all(results) else 1
