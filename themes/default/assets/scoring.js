/* scoring.js: the scores and the action plan of one answers state, with
 * exactly the rules of DESIGN.md "Scoring" (see methode.html), over the
 * model of assets/model.js.  score() returns what `autodiag score --format
 * json` prints, plus private fields (starting with "_") for the pages;
 * public() drops them.  Browser (window.AUTODIAG_SCORING) and Node. */
(function (root) {
	"use strict";
	var HORIZONS = ["court", "moyen", "long"];

	function isLevel(v, max) {
		return typeof v === "number" && v >= 0 && v <= max && v === Math.floor(v);
	}

	/* The level of an answer entry: a number, "na", "nsp" or null; an entry
	 * with views and no level takes the lower median of its numeric views. */
	function levelOf(entry, max) {
		if (entry && typeof entry === "object") {
			if (entry.level !== null && entry.level !== undefined)
				return levelOf(entry.level, max);
			var views = entry.views || [];
			if (!views.length)
				return null;
			var nums = views.map(function (v) { return v[1]; }).filter(function (v) { return isLevel(v, max); });
			if (nums.length) {
				nums.sort(function (a, b) { return a - b; });
				return nums[Math.floor((nums.length - 1) / 2)];
			}
			return views.every(function (v) { return v[1] === "na"; }) ? "na" : "nsp";
		}
		if (entry === "na" || entry === "nsp")
			return entry;
		return isLevel(entry, max) ? entry : null;
	}

	/* The spread of an entry's numeric views (null with fewer than two). */
	function spreadOf(entry, max) {
		if (!entry || typeof entry !== "object" || !entry.views)
			return null;
		var nums = entry.views.map(function (v) { return v[1]; }).filter(function (v) { return isLevel(v, max); });
		return nums.length < 2 ? null : Math.max.apply(null, nums) - Math.min.apply(null, nums);
	}

	function figures(s, answered, applicable, max) {
		return { score: s, percent: s === null ? null : 100 * s / max,
			level: s === null ? null : Math.floor(s + 1e-9),
			completeness: applicable ? answered / applicable : null };
	}

	/* date + months, the day clamped to the month's last day. */
	function addMonths(date, months) {
		var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || "");
		if (!m)
			return null;
		var y = +m[1], mo = +m[2] - 1 + months, d = +m[3];
		y += Math.floor(mo / 12);
		mo = ((mo % 12) + 12) % 12;
		var last = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
		return String(y).padStart(4, "0") + "-" + String(mo + 1).padStart(2, "0") + "-" +
			String(Math.min(d, last)).padStart(2, "0");
	}

	function slugify(name, date) {
		var s = String(name || "reponses").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
			.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
		return (s || "reponses") + (date ? "-" + String(date).slice(0, 4) : "");
	}

	function recommendationIds(f) {
		var rank = {};
		return (f.recommendations || []).map(function (r) {
			if (r.id) return r.id.indexOf(".") >= 0 ? r.id : f.id + "." + r.id;
			var base = r.question ? r.question : "fiche";
			rank[base] = (rank[base] || 0) + 1;
			return f.id + "." + base + "-" + rank[base];
		});
	}

	function score(state, M, bare) {
		var MAX = M.scale.length - 1, axisIndex = {};
		M.axes.forEach(function (a, i) { axisIndex[a.id] = i; });
		var answersOf = state.answers || {}, targets = state.targets || {};
		var axSum = M.axes.map(function () { return { sum: 0, w: 0, ans: 0, app: 0 }; });
		var fiches = [], recs = [], divergences = [], divergence = M.divergence || 2;
		M.fiches.forEach(function (f, fi) {
			var sum = 0, w = 0, ans = 0, app = 0, qs = [];
			f.questions.forEach(function (qu, qi) {
				var entry = (answersOf[f.id] || {})[qu.id], lv = levelOf(entry, MAX);
				var o = { id: qu.id, level: lv };
				if (entry && typeof entry === "object" && entry.views && entry.views.length) {
					o.views = {};
					entry.views.forEach(function (v) { o.views[v[0]] = v[1]; });
					o.spread = spreadOf(entry, MAX);
					if (o.spread !== null && o.spread >= divergence)
						divergences.push({ fiche: f.id, question: qu.id, spread: o.spread, _f: fi, _q: qi });
				}
				qs.push(o);
				if (lv === "na")
					return;
				app++;
				if (typeof lv === "number") {
					ans++;
					sum += lv * qu.weight;
					w += qu.weight;
				}
			});
			var s = w > 0 ? sum / w : null, ax = axSum[axisIndex[f.axis]];
			ax.ans += ans;
			ax.app += app;
			if (s !== null) {
				ax.sum += s * f.weight;
				ax.w += f.weight;
			}
			var fo = { id: f.id, axis: f.axis };
			Object.assign(fo, figures(s, ans, app, MAX));
			fo.questions = qs;
			fo._answered = ans;
			fo._applicable = app;
			fiches.push(fo);
		});
		var all = 0, nall = 0, ans = 0, app = 0;
		var axes = M.axes.map(function (a, i) {
			var x = axSum[i], s = x.w > 0 ? x.sum / x.w : null, t = targets[a.id];
			ans += x.ans;
			app += x.app;
			if (s !== null) {
				all += s;
				nall += 1;
			}
			var o = { id: a.id };
			Object.assign(o, figures(s, x.ans, x.app, MAX));
			o.target = typeof t === "number" ? t : null;
			o._answered = x.ans;
			o._applicable = x.app;
			return o;
		});
		M.fiches.forEach(function (f, fi) {
			var t = targets[f.axis], target = typeof t === "number" ? t : MAX;
			var ids = recommendationIds(f);
			f.recommendations.forEach(function (r, ri) {
				var cur, hasQ = r.question !== null && r.question !== undefined;
				if (hasQ) {
					cur = levelOf((answersOf[f.id] || {})[r.question], MAX);
					cur = typeof cur === "number" ? cur : -1;
				} else {
					cur = fiches[fi].level === null ? -1 : fiches[fi].level;
				}
				if (cur < 0 || cur >= r.below)
					return;
				recs.push({ id: ids[ri], fiche: f.id, question: hasQ ? r.question : null,
					horizon: r.horizon, priority: f.weight * (target - cur),
					text: r.text, _f: fi, _r: ri, _cur: cur, _below: r.below });
			});
		});
		/* Next steps: per question (or per fiche's fiche-level rules) the
		 * applicable rules with the smallest `below`; the others are later. */
		var least = {}, ruleOf = function (r) { return r.fiche + "/" + (r.question === null ? "" : r.question); };
		recs.forEach(function (r) {
			least[ruleOf(r)] = Math.min(least[ruleOf(r)] === undefined ? Infinity : least[ruleOf(r)], r._below);
		});
		var plan = recs.filter(function (r) { return r._below === least[ruleOf(r)]; });
		var later = recs.filter(function (r) { return r._below !== least[ruleOf(r)]; });
		function rank(a, b) {
			return (b.priority - a.priority) ||
				(HORIZONS.indexOf(a.horizon) - HORIZONS.indexOf(b.horizon)) ||
				(a._f - b._f) || (a._r - b._r);
		}
		plan.sort(rank);
		later.sort(rank);
		var measures = [], seen = {}, nmeasures = M.priority_measures || 6;
		plan.forEach(function (r) {
			if (measures.length < nmeasures && !seen[r.fiche]) {
				seen[r.fiche] = true;
				measures.push(r.id);
			}
		});
		divergences.sort(function (a, b) { return (b.spread - a.spread) || (a._f - b._f) || (a._q - b._q); });
		var applicable = {}, firstEntry = {}, statusCount = {};
		(state.plan || []).forEach(function (p, i) {
			statusCount[p.status] = (statusCount[p.status] || 0) + 1;
			if (p.action && !(p.action in firstEntry)) firstEntry[p.action] = i;
		});
		plan.concat(later).forEach(function (r) {
			applicable[r.id] = true;
			r._adopted = r.id in firstEntry ? firstEntry[r.id] : -1;
		});
		var nviews = fiches.reduce(function (n, f) {
			return n + f.questions.filter(function (x) { return x.views; }).length;
		}, 0);
		return { territory: state.territory, slug: state.slug || slugify(state.territory, state.date),
			date: state.date, overall: Object.assign(figures(nall ? all / nall : null, ans, app, MAX),
				{ _answered: ans, _applicable: app }),
			axes: axes, fiches: fiches, recommendations: plan, later: later,
			priority_measures: measures, divergences: divergences,
			plan: (state.plan || []).filter(function (p) { return p.action; }).map(function (p) {
				var o = { action: p.action, status: p.status, applicable: !!applicable[p.action],
					_porteur: p.porteur || null, _echeance: p.echeance || null };
				return o;
			}),
			review: addMonths(state.date, M.review_months || 6), peers: null,
			_status: statusCount, _nviews: nviews, _roles: bare ? {} : roleScores(state, M, nviews) };
	}

	/* Per role of the file's respondents, the scores its views alone give
	 * (the answer's own level where the role gave no view). */
	function roleScores(state, M, nviews) {
		var MAX = M.scale.length - 1, out = {};
		if (!nviews || !state.respondents || !state.respondents.length)
			return out;
		var roleOf = {};
		state.respondents.forEach(function (r) { if (r.role) roleOf[r.name] = r.role; });
		(M.roles || []).forEach(function (role) {
			if (!state.respondents.some(function (r) { return r.role === role.id; }))
				return;
			var answers = {};
			M.fiches.forEach(function (f) {
				f.questions.forEach(function (qu) {
					var e = ((state.answers || {})[f.id] || {})[qu.id];
					var mine = e && typeof e === "object" && e.views ? e.views.filter(function (v) { return roleOf[v[0]] === role.id; }) : [];
					var lv = mine.length ? levelOf({ views: mine }, MAX) : levelOf(e, MAX);
					if (lv !== null) (answers[f.id] = answers[f.id] || {})[qu.id] = lv;
				});
			});
			var r = score({ answers: answers, targets: {}, plan: [] }, M, true);
			out[role.id] = { axes: r.axes, overall: r.overall };
		});
		return out;
	}

	/* A copy of x without its private fields, recursively. */
	function strip(x) {
		if (Array.isArray(x))
			return x.map(strip);
		if (x && typeof x === "object") {
			var o = {};
			Object.keys(x).forEach(function (k) { if (k[0] !== "_") o[k] = strip(x[k]); });
			return o;
		}
		return x;
	}

	var api = { score: score, public: function (s, M) { return strip(score(s, M)); }, strip: strip,
		levelOf: levelOf, spreadOf: spreadOf, addMonths: addMonths, slugify: slugify,
		recommendationIds: recommendationIds, HORIZONS: HORIZONS };
	if (typeof module === "object" && module.exports)
		module.exports = api;
	else
		root.AUTODIAG_SCORING = api;
})(typeof window !== "undefined" ? window : globalThis);
