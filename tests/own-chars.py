#!/usr/bin/env python3
"""own-chars.py PDF_DOC.C FILE...: prints each character beyond ASCII that a
string literal of FILE... holds (UTF-8 text or \\x escapes) and that the
own_chars list of PDF_DOC.C lacks; the spaces, which have substitutes, are
exempt.  Used by tests/check-theme.sh."""
import re
import sys

listed_src = re.search(r"own_chars\[\] = \{(.*?)\};", open(sys.argv[1]).read(), re.S)
if not listed_src:
    sys.exit("own-chars: no own_chars list in " + sys.argv[1])
listed = {int(h, 16) for h in re.findall(r"0x([0-9A-Fa-f]{4})", listed_src.group(1))}
spaces = {0x00A0, 0x2009, 0x202F}


def unescape(lit):
    def hexrun(m):
        return bytes.fromhex(m.group(0).replace("\\x", "")).decode("utf-8", "replace")
    return re.sub(r"(?:\\x[0-9A-Fa-f]{2})+", hexrun, lit)


for f in sys.argv[2:]:
    for lit in re.findall(r'"((?:[^"\\\n]|\\.)*)"', open(f, encoding="utf-8").read()):
        for c in unescape(lit):
            if ord(c) > 127 and ord(c) not in listed and ord(c) not in spaces:
                print("%s: U+%04X %s is not in own_chars" % (f, ord(c), c))
