#!/usr/bin/env python3
"""scan_html.py DIR: proves that no page of a built site runs hostile code.

Every *.html and *.svg file under DIR is parsed the way a browser tokenises
it (html.parser) and must have:
  - no <script> with inline code, and no <script src> outside assets/;
  - no <iframe>, <frame>, <object>, <embed>, <base> or <meta http-equiv=refresh>;
  - no event-handler attribute (on...);
  - no href/src/action/formaction/xlink:href/poster whose scheme is not
    http, https, mailto or tel (the URL is normalised as browsers do:
    leading C0 controls and spaces dropped, tabs and newlines removed,
    entities decoded, case folded).
Prints one line per problem and exits 1 when there is any.
"""
import os
import re
import sys
from html.parser import HTMLParser

URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "base", "applet"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


def url_scheme(value):
    """The scheme of a URL as a browser reads it, or None when relative."""
    v = value.lstrip("".join(chr(c) for c in range(0x21)))
    v = re.sub(r"[\t\n\r]", "", v)
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", v)
    return m.group(1).lower() if m else None


class Scanner(HTMLParser):
    def __init__(self, path, problems):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.problems = problems
        self.in_script = False

    def bad(self, what):
        line, col = self.getpos()
        self.problems.append("%s:%d:%d: %s" % (self.path, line, col + 1, what))

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.bad("<%s> element" % tag)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.bad("event handler %s=%r" % (name, value))
            if name in URL_ATTRS:
                scheme = url_scheme(value)
                if scheme and scheme not in SAFE_SCHEMES:
                    self.bad("%s with a %s: URL: %r" % (name, scheme, value))
        if tag == "meta" and dict(attrs).get("http-equiv", "").lower() == "refresh":
            self.bad("<meta http-equiv=refresh>")
        if tag == "script":
            src = dict(attrs).get("src")
            if not src:
                self.in_script = True
            elif url_scheme(src) or not re.match(r"^(\.\./)*assets/[a-z-]+\.js$", src):
                self.bad("script from %r" % src)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.in_script = False

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.bad("inline script: %r" % data.strip()[:60])


def main():
    problems = []
    pages = 0
    for root, _, files in os.walk(sys.argv[1]):
        for name in sorted(files):
            if not name.endswith((".html", ".svg")):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            s = Scanner(path, problems)
            s.feed(text)
            s.close()
            pages += 1
    for p in problems:
        print("scan_html: " + p)
    print("scan_html: %d files, %d problems" % (pages, len(problems)))
    return 1 if problems or not pages else 0


if __name__ == "__main__":
    sys.exit(main())
