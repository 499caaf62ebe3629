#!/usr/bin/env python3
"""scan_pdf.py QDF...: proves that PDFs (uncompressed by `qpdf --qdf
--object-streams=disable`) hold no action a reader could be tricked into.

  - every /URI target (literal or hex string) is http, https, mailto or tel;
  - no /JavaScript or /JS action, /Launch, /SubmitForm, /ImportData, /GoToR,
    /GoToE, /EmbeddedFile(s), /OpenAction or /AA (automatic actions).
Prints the URIs found (for the caller to check the safe ones survive), one
line per problem, and exits 1 when there is any.
"""
import re
import sys

FORBIDDEN = [b"/JavaScript", b"/JS", b"/Launch", b"/SubmitForm", b"/ImportData",
             b"/GoToR", b"/GoToE", b"/EmbeddedFile", b"/EmbeddedFiles",
             b"/OpenAction", b"/AA", b"/RichMedia"]
SAFE = ("http:", "https:", "mailto:", "tel:")


def literal(data, i):
    """The PDF literal string starting after '(' at data[i:]; returns (bytes, end)."""
    out = bytearray()
    depth = 1
    while i < len(data):
        c = data[i]
        if c == 0x5C:  # backslash
            i += 1
            e = data[i:i + 1]
            esc = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
            if e in esc:
                out += esc[e]
            elif e.isdigit():
                m = re.match(rb"[0-7]{1,3}", data[i:])
                out.append(int(m.group(0), 8) & 0xFF)
                i += len(m.group(0)) - 1
            elif e in (b"\n", b"\r"):
                pass
            else:
                out += e
        elif c == 0x28:
            depth += 1
            out.append(c)
        elif c == 0x29:
            depth -= 1
            if not depth:
                return bytes(out), i + 1
            out.append(c)
        else:
            out.append(c)
        i += 1
    return bytes(out), i


def uris(data):
    for m in re.finditer(rb"/URI\s*([(<])", data):
        start = m.end()
        if m.group(1) == b"(":
            s, _ = literal(data, start)
        else:
            end = data.index(b">", start)
            h = re.sub(rb"\s", b"", data[start:end])
            s = bytes.fromhex((h + b"0" * (len(h) % 2)).decode())
        if s.startswith(b"\xfe\xff"):
            s = s[2:].decode("utf-16-be", "replace").encode()
        yield s.decode("latin-1")


def main():
    bad = 0
    for path in sys.argv[1:]:
        data = open(path, "rb").read()
        for key in FORBIDDEN:
            if re.search(re.escape(key) + rb"(?![A-Za-z])", data):
                print("scan_pdf: %s: %s" % (path, key.decode()))
                bad += 1
        for u in uris(data):
            print("scan_pdf: %s: link %s" % (path, u))
            if not u.lower().startswith(SAFE):
                print("scan_pdf: %s: unsafe link %r" % (path, u))
                bad += 1
    print("scan_pdf: %d files, %d problems" % (len(sys.argv) - 1, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
