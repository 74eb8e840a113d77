#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""check-potfiles.py SOURCE_ROOT: translations stay complete.

1. Every source file with translatable strings (C: _( N_( C_( NC_( g_dngettext
   ngettext; .ui: translatable="yes"; .desktop.in/.metainfo.xml.in/.gschema.xml)
   is listed in po/POTFILES.in, and every listed file exists.
2. No message ends in a lone "%" (a G_*_FORMAT macro cut it).
3. Every message xgettext extracts from those files is in po/<lang>.po for each
   language in po/LINGUAS, translated and not fuzzy; format strings agree.
Prints TAP."""
import os
import re
import subprocess
import sys
import tempfile

from tap import done, ok

root = os.path.abspath(sys.argv[1])

C_MARK = re.compile(r'\b(?:_|N_|C_|NC_|g_dngettext|ngettext|g_dgettext)\s*\(')
UI_MARK = re.compile(r'translatable="yes"')

candidates = []
for top in ("src", "ui", "data"):
    for dirpath, dirs, files in os.walk(os.path.join(root, top)):
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root)
            if rel.startswith("data/demo/"):
                continue
            text = open(path, encoding="utf-8", errors="replace").read()
            if f.endswith(".c") and C_MARK.search(text):
                candidates.append(rel)
            elif f.endswith(".ui") and UI_MARK.search(text):
                candidates.append(rel)
            elif f.endswith((".desktop.in", ".metainfo.xml.in", ".gschema.xml")):
                candidates.append(rel)

potfiles_path = os.path.join(root, "po", "POTFILES.in")
listed = [l.strip() for l in open(potfiles_path, encoding="utf-8")
          if l.strip() and not l.startswith("#")]
missing = [c for c in candidates if c not in listed]
ok(not missing, "every file with translatable strings is in po/POTFILES.in",
   "missing from po/POTFILES.in:\n" + "\n".join(missing))
absent = [l for l in listed if not os.path.exists(os.path.join(root, l))]
ok(not absent, "every file in po/POTFILES.in exists", "\n".join(absent))

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "domus.pot")
    # The same keywords as meson's i18n 'glib' preset.
    cmd = ["xgettext", "--from-code=UTF-8", "--add-comments", "-k_", "-kN_", "-kC_:1c,2",
           "-kNC_:1c,2", "-kg_dngettext:2,3", "-kg_dpgettext2:2c,3", "--flag=g_strdup_printf:1:c-format",
           "--flag=g_dngettext:2:pass-c-format", "--flag=g_set_error:4:c-format",
           "--flag=g_string_append_printf:2:c-format", "--flag=g_error_new:3:c-format",
           "-D", root, "-f", potfiles_path, "-o", pot]
    r = subprocess.run(cmd, capture_output=True, text=True)
    ok(r.returncode == 0, "xgettext extracts the messages", r.stderr)
    # "%" G_GUINT64_FORMAT in a message: xgettext stops at the macro, so the
    # catalogue holds a message cut at its "%" that never matches at run time.
    text = open(pot, encoding="utf-8").read() if os.path.exists(pot) else ""
    cut = [m for m in re.findall(r'^msgid(?:_plural)? "(.*)"$', text, re.M)
           if re.search(r'(?<!%)(?:%%)*%$', m)]
    ok(not cut, "no message is cut at a format macro (use %llu and a cast)",
       "\n".join(cut))
    linguas = [l.strip() for l in open(os.path.join(root, "po", "LINGUAS"))
               if l.strip() and not l.startswith("#")]
    for lang in linguas:
        po = os.path.join(root, "po", lang + ".po")
        r = subprocess.run(["msgcmp", po, pot], capture_output=True, text=True)
        ok(r.returncode == 0, "%s.po has every message of the sources" % lang, r.stderr)
        r = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, po],
                           capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
        stats = r.stderr.strip()
        complete = r.returncode == 0 and "untranslated" not in stats and "fuzzy" not in stats
        ok(complete, "%s.po is complete and valid (%s)" % (lang, stats.splitlines()[-1] if stats else ""),
           r.stderr)

sys.exit(done())
