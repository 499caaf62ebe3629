#!/usr/bin/env python3
"""An independent reading of DESIGN.md's scoring, in Python, to cross-check
`autodiag score --format json` on every answers file: same keys in the same
order, same nulls, same numbers (to 1e-12), same ranking and peers, same
next steps and later steps, priority measures, divergences, adopted plan and
review date."""
import calendar, glob, json, math, os, subprocess, sys
import yaml

STATS = {'files': 0, 'plan': 0, 'later': 0, 'measures': 0, 'views': 0, 'divergences': 0,
         'adopted': 0, 'adopted_stale': 0, 'explicit_ids': 0, 'default_ids': 0,
         'month_end': 0}

def load_guide(content):
    site = yaml.safe_load(open(os.path.join(content, 'site.yaml'), encoding='utf-8-sig'))
    axes = [a['id'] for a in site['axes']]
    fiches = []
    for p in sorted(glob.glob(os.path.join(content, 'fiches', '*.md'))):
        text = open(p, encoding='utf-8-sig').read().replace('\r\n', '\n')
        fm = yaml.safe_load(text[4:].split('\n---\n', 1)[0])
        fm.setdefault('id', os.path.basename(p)[:-3])
        rank = {}
        for r in fm.get('recommendations') or []:
            k = r.get('question')
            rank[k] = rank.get(k, 0) + 1
            if 'id' not in r:
                r['id'] = f"{k if k else 'fiche'}-{rank[k]}"
                STATS['default_ids'] += 1
            else:
                STATS['explicit_ids'] += 1
        fiches.append(fm)
    fiches.sort(key=lambda f: (axes.index(f['axis']), f.get('order', 1000), f['id']))
    return site, axes, fiches

def views_level(views):
    """DESIGN: the lower median of the numeric views (the element at index
    (n-1)//2 once sorted); na when every view is na, else nsp."""
    num = sorted(v for v in views.values() if isinstance(v, int))
    if num:
        return num[(len(num) - 1) // 2]
    return 'na' if all(v == 'na' for v in views.values()) else 'nsp'

def level_of(v):
    if isinstance(v, dict):
        if v.get('level') is None and v.get('views'):
            return views_level(v['views'])
        v = v.get('level')
    return v

def spread_of(views):
    num = [v for v in views.values() if isinstance(v, int)]
    return max(num) - min(num) if len(num) >= 2 else None

def add_months(date, months):
    y, m, d = (int(x) for x in str(date).split('-'))
    t = y * 12 + (m - 1) + months
    y, m = t // 12, t % 12 + 1
    last = calendar.monthrange(y, m)[1]
    if d > last:
        STATS['month_end'] += 1
    return f'{y:04d}-{m:02d}-{min(d, last):02d}'

def wmean(pairs):
    w = sum(x[1] for x in pairs)
    return sum(x[0] * x[1] for x in pairs) / w if pairs and w > 0 else None

def score_obj(s, maxl, answered, applicable):
    return {'score': s, 'percent': None if s is None else 100 * s / maxl,
            'level': None if s is None else math.floor(s + 1e-9),
            'completeness': answered / applicable if applicable else None}

def compute(site, axes, fiches, a):
    maxl = len(site['scale']) - 1
    ans = a.get('answers') or {}
    targets = a.get('targets') or {}
    out = {'territory': a['territory'], 'slug': a['_slug'], 'date': str(a['date'])}
    fres, ax = [], {x: {'pairs': [], 'ans': 0, 'app': 0} for x in axes}
    divs = []
    for f in fiches:
        fa = ans.get(f['id']) or {}
        pairs, answered, applicable, qs = [], 0, 0, []
        for qi, q in enumerate(f.get('questions') or []):
            raw = fa.get(q['id'])
            lv = level_of(raw)
            qo = {'id': q['id'], 'level': lv}
            if isinstance(raw, dict) and raw.get('views'):
                qo['views'] = dict(raw['views'])
                qo['spread'] = spread_of(raw['views'])
                STATS['views'] += 1
                if qo['spread'] is not None and qo['spread'] >= site.get('divergence', 2):
                    divs.append(((-qo['spread'], len(fres), qi),
                                 {'fiche': f['id'], 'question': q['id'], 'spread': qo['spread']}))
            qs.append(qo)
            if lv == 'na':
                continue
            applicable += 1
            if isinstance(lv, int):
                answered += 1
                pairs.append((lv, q.get('weight', 1)))
        s = wmean(pairs)
        fo = {'id': f['id'], 'axis': f['axis']}
        fo.update(score_obj(s, maxl, answered, applicable))
        fo['questions'] = qs
        fres.append(fo)
        A = ax[f['axis']]
        A['ans'] += answered
        A['app'] += applicable
        if s is not None:
            A['pairs'].append((s, f.get('weight', 1)))
    out_axes, overall_pairs, ta, tp = [], [], 0, 0
    for x in axes:
        s = wmean(ax[x]['pairs'])
        o = {'id': x}
        o.update(score_obj(s, maxl, ax[x]['ans'], ax[x]['app']))
        o['target'] = targets.get(x)
        out_axes.append(o)
        ta += ax[x]['ans']
        tp += ax[x]['app']
        if s is not None:
            overall_pairs.append((s, 1))
    out['overall'] = score_obj(wmean(overall_pairs), maxl, ta, tp)
    out['axes'] = out_axes
    out['fiches'] = fres
    hz = {'court': 0, 'moyen': 1, 'long': 2}
    plan, later = [], []
    for fi, f in enumerate(fiches):
        fa = ans.get(f['id']) or {}
        applicable = []
        for ri, r in enumerate(f.get('recommendations') or []):
            if r.get('question'):
                cur = level_of(fa.get(r['question']))
                cur = cur if isinstance(cur, int) else None
            else:
                cur = fres[fi]['level']
            if cur is None or cur >= r['below']:
                continue
            applicable.append((ri, r, cur))
        # the next step of each question (or of the fiche-level rules): smallest below
        least = {}
        for ri, r, cur in applicable:
            k = r.get('question')
            least[k] = min(least.get(k, r['below']), r['below'])
        for ri, r, cur in applicable:
            t = targets.get(f['axis'], maxl)
            pr = f.get('weight', 1) * (t - cur)
            h = r.get('horizon', 'moyen')
            item = ((-pr, hz[h], fi, ri), {'id': f"{f['id']}.{r['id']}", 'fiche': f['id'],
                                            'question': r.get('question'), 'horizon': h,
                                            'priority': pr, 'text': r['text']})
            (plan if r['below'] == least[r.get('question')] else later).append(item)
    out['recommendations'] = [r for _, r in sorted(plan, key=lambda x: x[0])]
    out['later'] = [r for _, r in sorted(later, key=lambda x: x[0])]
    measures, seen = [], set()
    for r in out['recommendations']:
        if len(measures) == site.get('priority_measures', 6):
            break
        if r['fiche'] not in seen:
            seen.add(r['fiche'])
            measures.append(r['id'])
    out['priority_measures'] = measures
    out['divergences'] = [d for _, d in sorted(divs, key=lambda x: x[0])]
    now = {r['id'] for r in out['recommendations'] + out['later']}
    out['plan'] = [{'action': e['action'], 'status': e['status'], 'applicable': e['action'] in now}
                   for e in a.get('plan') or []]
    out['review'] = add_months(a['date'], site.get('review_months', 6))
    STATS['plan'] += len(out['recommendations'])
    STATS['later'] += len(out['later'])
    STATS['measures'] += len(measures)
    STATS['divergences'] += len(out['divergences'])
    STATS['adopted'] += len(out['plan'])
    STATS['adopted_stale'] += sum(1 for e in out['plan'] if not e['applicable'])
    return out, [o['score'] for o in out_axes]

def band(p):
    if p is None:
        return None
    return 0 if p < 3500 else 1 if p < 20000 else 2 if p < 50000 else 3 if p < 100000 else 4

def key(a):
    return ('code', a['code']) if a.get('code') else ('name', a['territory'])

def quantile(v, q):
    pos = q * (len(v) - 1)
    lo = math.floor(pos)
    if lo + 1 >= len(v):
        return v[-1]
    return v[lo] + (v[lo + 1] - v[lo]) * (pos - lo)

def peers(all_, me, axes):
    latest = {}
    for a, sc in all_:
        k = key(a)
        if k not in latest or (str(a['date']), a['_slug']) > (str(latest[k][0]['date']), latest[k][0]['_slug']):
            latest[k] = (a, sc)
    b = band(me.get('population'))
    ps = [sc for k, (a, sc) in sorted(latest.items()) if k != key(me) and a['kind'] == me['kind']
          and b is not None and band(a.get('population')) == b]
    if len(ps) < 5:
        return None
    res = {'count': len(ps), 'axes': []}
    for i, x in enumerate(axes):
        v = sorted(s[i] for s in ps if s[i] is not None)
        res['axes'].append({'id': x, 'q1': quantile(v, .25) if v else None,
                            'median': quantile(v, .5) if v else None, 'q3': quantile(v, .75) if v else None})
    return res

def same(a, b, path='$'):
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            raise AssertionError(f'{path}: keys {list(a)} != {list(b)}')
        for k in a:
            same(a[k], b[k], f'{path}.{k}')
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            raise AssertionError(f'{path}: {len(a)} items != {len(b)}')
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f'{path}[{i}]')
    elif isinstance(a, bool) or isinstance(b, bool) or a is None or b is None or isinstance(a, str):
        if a != b or type(a) != type(b):
            raise AssertionError(f'{path}: {a!r} != {b!r}')
    elif abs(a - b) > 1e-12:
        raise AssertionError(f'{path}: {a!r} != {b!r}')

def generate(site, axes, fiches, d, n, seed=7):
    """n random but valid answers files: few territories, several dates,
    every answer state, targets, so that peers and ties occur."""
    import random
    rnd = random.Random(seed)
    maxl = len(site['scale']) - 1
    os.makedirs(d, exist_ok=True)
    for i in range(n):
        t = rnd.randrange(n // 2 + 1)
        a = {'territory': f'T{t}', 'kind': rnd.choice(['commune', 'commune', 'intercommunalite']),
             'population': rnd.choice([900, 5000, 25000, 30000, 60000, 150000]),
             'date': f'2026-{rnd.randrange(1, 13):02d}-{rnd.randrange(1, 29):02d}', 'answers': {}}
        if t % 3 == 0:
            a['code'] = f'99{t:03d}'
        if rnd.random() < .5:
            a['targets'] = {x: rnd.randrange(maxl + 1) for x in axes if rnd.random() < .5}
        states = list(range(maxl + 1)) + ['na', 'nsp']
        names = None
        if rnd.random() < .4:
            # a collective file: 2 to 5 respondents, some with a role
            names = [f'R{k}' for k in range(rnd.randrange(2, 6))]
            roles = [r['id'] for r in site.get('roles') or []]
            a['respondents'] = [dict({'name': x}, **({'role': rnd.choice(roles)}
                                                     if roles and rnd.random() < .8 else {}))
                                for x in names]
        for f in fiches:
            if rnd.random() < .2:
                continue
            fa = {}
            for q in f.get('questions') or []:
                if rnd.random() >= .85:
                    continue
                if names and rnd.random() < .6:
                    v = {'views': {x: rnd.choice(states) for x in names if rnd.random() < .9}
                         or {names[0]: rnd.choice(states)}}
                    if rnd.random() < .3:
                        v['level'] = rnd.choice(states)
                    fa[q['id']] = v
                else:
                    fa[q['id']] = rnd.choice(states)
            a['answers'][f['id']] = fa
        if rnd.random() < .5:
            ids = [f"{f['id']}.{r['id']}" for f in fiches for r in f.get('recommendations') or []]
            a['plan'] = [dict({'action': x, 'status': rnd.choice(['prevue', 'en-cours', 'faite',
                                                                  'abandonnee'])},
                              **({'echeance': '2027-01-31'} if rnd.random() < .5 else {}))
                         for x in rnd.sample(ids, min(len(ids), rnd.randrange(1, 12)))]
        if rnd.random() < .3:
            # month ends, to exercise the clamp of the review date
            a['date'] = rnd.choice(['2026-08-31', '2026-03-31', '2027-08-29', '2026-12-31',
                                    '2027-08-31'])
        with open(os.path.join(d, f'gen-{i:03d}.yaml'), 'w', encoding='utf-8') as fh:
            yaml.safe_dump(a, fh, allow_unicode=True)

def main():
    binary, content, answers_dir = sys.argv[1:4]
    site, axes, fiches = load_guide(content)
    if len(sys.argv) > 4:
        generate(site, axes, fiches, answers_dir, int(sys.argv[4]))
    files = sorted(glob.glob(os.path.join(answers_dir, '*.yaml')))
    all_ = []
    for p in files:
        a = yaml.safe_load(open(p, encoding='utf-8-sig'))
        a['_slug'] = os.path.basename(p)[:-5]
        all_.append((a, compute(site, axes, fiches, a)[1]))
    for k in STATS:
        if not k.endswith('_ids'):
            STATS[k] = 0
    n = 0
    for p, (a, _) in zip(files, all_):
        want, _ = compute(site, axes, fiches, a)
        want['peers'] = peers(all_, a, axes)
        got = json.loads(subprocess.run([binary, 'score', p, '--format', 'json', '--content', content,
                                         '--answers', answers_dir], check=True, capture_output=True).stdout)
        same(want, got)
        n += 1
    print(f'score reference: {n} files agree ({STATS["plan"]} next steps, {STATS["later"]} '
          f'later steps, {STATS["measures"]} priority measures, {STATS["views"]} questions with '
          f'views, {STATS["divergences"]} divergences, {STATS["adopted"]} adopted actions of '
          f'which {STATS["adopted_stale"]} no longer apply, {STATS["month_end"]} month-end '
          f'review dates; ids: {STATS["explicit_ids"]} explicit, {STATS["default_ids"]} default)')
    return 0 if n else 1

if __name__ == '__main__':
    sys.exit(main())
