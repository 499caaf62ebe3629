#!/usr/bin/env python3
"""Checks that a PDF's internal navigation lands where it says: every
bookmark's title and every internal link's text (table of contents, report
actions) appear on the destination page.  Usage: pdf_links.py FILE.pdf
Prints 'N bookmarks, M links' and exits 1 on the first wrong target."""
import json, os, re, subprocess, sys

# PDF_LINKS_SHIFT=1 moves every target one page on: the check must then fail
# (the test script proves with it that this checker can fail)
SHIFT = int(os.environ.get('PDF_LINKS_SHIFT', '0'))

def norm(s):
    s = s.replace('\u00a0', ' ').replace('\u202f', ' ').replace('\u2011', '-')
    s = re.sub(r'-\s*\n\s*', '', s)          # words hyphenated across lines
    return re.sub(r'\s+', ' ', s).strip()

def page_text(pdf, n, box=None):
    cmd = ['pdftotext', '-q', '-f', str(n), '-l', str(n)]
    if box:
        cmd += ['-x', str(box[0]), '-y', str(box[1]), '-W', str(box[2]), '-H', str(box[3])]
    return norm(subprocess.run(cmd + [pdf, '-'], capture_output=True, check=True,
                               text=True).stdout)

def main(pdf):
    d = json.loads(subprocess.run(['qpdf', '--json=2', '--json-key=pages', '--json-key=outlines',
                                   '--json-key=qpdf', pdf], capture_output=True,
                                  check=True).stdout)
    objs = d['qpdf'][1]
    pageno = {p['object']: p['pageposfrom1'] for p in d['pages']}
    texts = {}

    def text_of(n):
        if n not in texts:
            texts[n] = page_text(pdf, n)
        return texts[n]

    nb = nl = 0
    def walk(items):
        nonlocal nb
        for o in items:
            if norm(o['title']) not in text_of(min(o['destpageposfrom1'] + SHIFT, len(d['pages']))):
                sys.exit(f'{pdf}: bookmark "{o["title"]}" -> page {o["destpageposfrom1"]}, '
                         'where the title is not')
            nb += 1
            walk(o['kids'])
    walk(d['outlines'])
    for p in d['pages']:
        page = objs['obj:' + p['object']]['value']
        box = page.get('/MediaBox') or [0, 0, 595.276, 841.89]
        height = float(box[3])
        annots = page.get('/Annots', [])
        if isinstance(annots, str):
            annots = objs['obj:' + annots]['value']
        # a link broken over lines is several annotations in a row with the
        # same destination: join their texts
        groups = []
        for ref in annots:
            a = objs['obj:' + ref]['value']
            if a.get('/Subtype') != '/Link' or '/Dest' not in a:
                continue
            dest = a['/Dest']
            if isinstance(dest, str):               # an indirect destination array
                dest = objs['obj:' + dest]['value']
            x0, y0, x1, y1 = (float(v) for v in a['/Rect'])
            text = page_text(pdf, p['pageposfrom1'],
                             (int(x0), int(height - y1), int(x1 - x0) + 1, int(y1 - y0) + 1))
            prev = groups[-1][1] if groups else ''
            open_quote = prev.count('«') > prev.count('»')
            if groups and groups[-1][0] == dest[0] and re.search(r'[-\u2010\u00ad]$', prev):
                groups[-1][1] = prev[:-1] + text          # a word hyphenated over lines
            elif groups and groups[-1][0] == dest[0] and (
                    open_quote or ('«' in prev and '«' not in text) or
                    ('«' not in prev and text.lstrip().startswith('«'))):
                groups[-1][1] = prev + ' ' + text
            else:
                groups.append([dest[0], text])
        for dest, label in groups:
            label = norm(re.sub(r'[ .]*\d+$', '', label))   # TOC dot leaders, page number
            label = label.rstrip(' ,;')                     # a title in a list: « A, B »
            quoted = re.search(r'«\s*(.+?)\s*(»|$)', label)   # (fiche « Titre »)
            if quoted:
                label = quoted.group(1)
            label = re.sub(r'^Axe \d+ [—-] ', '', label)       # TOC: Axe 1 — Titre
            target = min(pageno[dest] + SHIFT, len(d['pages']))
            probe = ' '.join(label.split()[:4])
            squeeze = lambda t: re.sub(r'[\s\u00ad\u2010-]', '', t)   # line-break artefacts
            if probe and squeeze(probe) not in squeeze(text_of(target)):
                sys.exit(f'{pdf}: link "{label}" on page {p["pageposfrom1"]} -> page {target}, '
                         f'which does not contain "{probe}"')
            nl += 1
    print(f'{pdf}: {nb} bookmarks, {nl} internal links, all on target')

if __name__ == '__main__':
    main(sys.argv[1])
