#!/usr/bin/env python3
"""odt_text.py MD TXT: checks that TXT (LibreOffice's text export of the .odt
made from the resource MD) holds the same text as the Markdown body of MD.

The Markdown's text is read from libcmark's own XML rendering (through
ctypes), independently of autodiag's ODT writer: text, inline code and code
blocks, with breaks and block ends as spaces; raw HTML is left out, as the
site and the .odt leave it out.  LibreOffice's list labels (bullets and
"N.") are removed, then both texts have their white space collapsed."""
import ctypes
import ctypes.util
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://commonmark.org/xml/1.0}"


def cmark_xml(markdown):
    lib = ctypes.CDLL(ctypes.util.find_library("cmark") or "libcmark.so")
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    lib.cmark_parse_document.restype = ctypes.c_void_p
    lib.cmark_parse_document.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int]
    lib.cmark_render_xml.restype = ctypes.c_void_p
    lib.cmark_render_xml.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.cmark_node_free.argtypes = [ctypes.c_void_p]
    libc.free.argtypes = [ctypes.c_void_p]
    data = markdown.encode("utf-8")
    doc = lib.cmark_parse_document(data, len(data), 0)
    out = lib.cmark_render_xml(doc, 0)
    xml = ctypes.string_at(out).decode("utf-8")
    libc.free(out)
    lib.cmark_node_free(doc)
    return xml


def md_text(node, out):
    tag = node.tag[len(NS):]
    if tag in ("html_block", "html_inline"):
        return
    if tag in ("text", "code", "code_block"):
        out.append(node.text or "")
    if tag in ("softbreak", "linebreak"):
        out.append(" ")
    for child in node:
        md_text(child, out)
    if tag in ("paragraph", "heading", "item", "code_block", "block_quote", "list"):
        out.append(" ")


def body_of(path):
    text = open(path, encoding="utf-8-sig").read().replace("\r\n", "\n")
    if text.startswith("---\n"):
        end = re.search(r"^(---|\.\.\.)[ \t]*$", text[4:], re.M)
        text = text[4 + end.end():] if end else ""
    return text


def norm(s):
    return " ".join(s.split())


def main():
    md, txt = sys.argv[1], sys.argv[2]
    parts = []
    md_text(ET.fromstring(cmark_xml(body_of(md))), parts)
    want = norm("".join(parts))
    lines = open(txt, encoding="utf-8-sig").read().splitlines()
    got = norm(" ".join(re.sub(r"^\s+(?:[•◦▪]|\d+\.)\s+", "", l) for l in lines))
    if want != got:
        i = next((k for k in range(min(len(want), len(got))) if want[k] != got[k]),
                 min(len(want), len(got)))
        print(f"{txt}: text differs from {md} at character {i}:\n"
              f"  markdown:    ...{want[max(0, i - 40):i + 60]!r}\n"
              f"  libreoffice: ...{got[max(0, i - 40):i + 60]!r}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
