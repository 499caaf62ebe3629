#!/usr/bin/env python3
# check_content.py: French typography of the guide's content (fiches, experiences,
# resources) and the links between them: every fiche has at least one experience
# or resource, every experience has the four sections of DESIGN.md.
# Usage: check_content.py CONTENT_DIR; prints FILE:LINE: message, exits 1 on a finding.
import glob, os, re, sys
import yaml

URL = re.compile(r"https?://\S+|`[^`]*`|\]\([^)]*\)")
RULES = [
    (re.compile(r"'"), "straight apostrophe (use ’)"),
    (re.compile(r'"'), "straight double quote (use « »)"),
    (re.compile(r"[^\u202f][;!?](?=\s|$|\*|\)|»)"), "no narrow no-break space (U+202F) before ; ! ?"),
    (re.compile(r"[^\u00a0]:(?=\s|$|\*)"), "no no-break space (U+00A0) before :"),
    (re.compile(r"«(?!\u00a0)|«\u00a0[\u00a0 ]"), "« not followed by exactly one no-break space"),
    (re.compile(r"(?<!\u00a0)»|[\u00a0 ]\u00a0»"), "» not preceded by exactly one no-break space"),
    (re.compile(r"\.\.\."), "three dots (use …)"),
]
findings = 0

def report(path, line, msg, text):
    global findings
    findings += 1
    print(f"{path}:{line}: {msg}: {text.strip()[:70]}")

def check_text(path, line, text):
    bare = URL.sub("", text)
    for rx, msg in RULES:
        if rx.search(bare):
            report(path, line, msg, text)

def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)
    elif isinstance(node, dict):
        for k, v in node.items():
            if k not in ("url", "evidence"):
                yield from strings(v)

def load(path):
    text = open(path, encoding="utf-8").read()
    if not text.startswith("---\n"):
        report(path, 1, "no front matter", "")
        return {}, [], 1
    head, _, body = text[4:].partition("\n---\n")
    meta = yaml.safe_load(head) or {}
    first = head.count("\n") + 4          # line number of the body's first line
    return meta, body.split("\n"), first

root = sys.argv[1]
fiches, covered, ids = {}, {}, {}
for kind in ("fiches", "experiences", "ressources"):
    for path in sorted(glob.glob(os.path.join(root, kind, "*.md"))):
        meta, body, first = load(path)
        ident = meta.get("id") or os.path.basename(path)[:-3]
        ids.setdefault(kind, set()).add(ident)
        head_lines = open(path, encoding="utf-8").read().split("\n")
        for s in strings(meta):
            # report the line of the front matter that holds the string
            n = next((i + 1 for i, l in enumerate(head_lines) if s[:30] in l), 2)
            check_text(path, n, s)
        fence = False
        for i, l in enumerate(body):
            if l.startswith("```"):
                fence = not fence
            elif not fence:
                check_text(path, first + i, l)
        if kind == "fiches":
            fiches[ident] = path
        else:
            for f in meta.get("fiches") or []:
                covered.setdefault(f, []).append(ident)
        if kind == "experiences":
            heads = [l[3:].strip() for l in body if l.startswith("## ")]
            want = ["Contexte", "Ce qui a été fait", "Résultats", "Enseignements"]
            if heads != want:
                report(path, first, "sections %s, expected %s" % (heads, want), "")
if ids.get("experiences") or ids.get("ressources"):
    for f, path in sorted(fiches.items()):
        if f not in covered:
            report(path, 1, "fiche %s has no experience nor resource" % f, "")
print("content: %d fiches, %d experiences, %d resources, %d findings" % (
    len(fiches), len(ids.get("experiences", ())), len(ids.get("ressources", ())), findings))
sys.exit(1 if findings else 0)
