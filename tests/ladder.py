#!/usr/bin/env python3
# Content lint for the shipped guide: every recommendation has an id, a porteur
# and an effort; every question (and every fiche, on its own level) has a next
# step at each level below the scale maximum; no two rules of one question share
# a `below`. Usage: python3 tests/ladder.py [ROOT]
import yaml, glob, sys, os, re, collections
root = sys.argv[1] if len(sys.argv) > 1 else '.'
site = yaml.safe_load(open(os.path.join(root, 'content/site.yaml')))
levels = [s['level'] for s in site['scale']]
top = max(levels)
bad = 0; nq = 0; nr = 0; nf = 0
for f in sorted(glob.glob(os.path.join(root, 'content/fiches/*.md'))):
    t = open(f).read().split('\n---\n')[0][4:]
    d = yaml.safe_load(t)
    fid = d.get('id', os.path.basename(f)[:-3])
    rs = d.get('recommendations', [])
    nr += len(rs)
    ids = collections.Counter(r.get('id') for r in rs)
    for i, c in ids.items():
        if i is None or c > 1: print(f'{fid}: id {i!r} x{c}'); bad += 1
    for r in rs:
        if not r.get('porteur') or r.get('effort') not in ('faible', 'moyen', 'fort'):
            print(f'{fid}.{r.get("id")}: porteur/effort'); bad += 1
    for target in [q['id'] for q in d['questions']] + [None]:
        bs = [r['below'] for r in rs if r.get('question') == target]
        if target: nq += 1
        else: nf += 1
        for b, c in collections.Counter(bs).items():
            if c > 1: print(f'{fid}/{target}: below {b} x{c}'); bad += 1
        for L in levels:
            if L < top and not any(b > L for b in bs):
                print(f'{fid}/{target or "(fiche)"}: no next step at level {L}'); bad += 1
print(f'{nr} recommendations, {nq} question ladders, {nf} fiche ladders, {bad} problems')
sys.exit(1 if bad else 0)
