/* report.js: "mon rapport", the report of the answers in progress.  It
 * builds the view that src/site_report.c builds for rapports/<slug>.html
 * and renders the theme's own rapport.mustache (embedded by the build in
 * assets/templates.js) with mustache.js (assets/mustache.js): one template,
 * the same sections, figures and actions as the static report. */
(function (root) {
	"use strict";
	var READ_FIRST_MAX = 5;
	var KIND_KEYS = { commune: "kind_commune", intercommunalite: "kind_intercommunalite",
		departement: "kind_departement", region: "kind_region", autre: "kind_autre" };
	var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
		"septembre", "octobre", "novembre", "décembre"];

	/* printf("%.*f"): ties of exactly representable values round to even. */
	function fixed(d, decimals) {
		/* toFixed(60) gives the exact decimal digits of the double. */
		var exact = Math.abs(d).toFixed(60), dot = exact.indexOf(".");
		var rest = exact.slice(dot + 1 + decimals), s;
		if (/^50*$/.test(rest)) {
			var f = Math.pow(10, decimals), fl = Math.floor(Math.abs(d) * f);
			s = ((fl % 2 === 0 ? fl : fl + 1) / f).toFixed(decimals);
			if (d < 0) s = "-" + s;
		} else {
			s = d.toFixed(decimals);
		}
		if (s === "-0" || s === "-0.0") s = decimals ? "0.0" : "0";
		return s;
	}
	function num(d, decimals) {
		return d === null || d === undefined || isNaN(d) ? null : fixed(d, decimals).replace(".", ",");
	}
	/* A score as src/site_view.c site_score: truncated to one decimal. */
	function scoreNum(d) {
		return d === null || d === undefined || isNaN(d) ? null : num(Math.floor(d * 10 + 1e-9) / 10, 1);
	}
	function pct(fraction) {
		return fraction === null || fraction === undefined || isNaN(fraction) ? null
			: Math.floor(fraction * 100 + 0.5).toFixed(0) + "\u202f%";
	}
	function cssPct(p) {
		if (p === null || isNaN(p) || p < 0) p = 0;
		if (p > 100) p = 100;
		return fixed(p, 2) + "%";
	}
	function dateFr(date) {
		var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || "");
		if (!date) return null;
		if (!m || +m[2] < 1 || +m[2] > 12) return date;
		var d = +m[3];
		return d + (d === 1 ? "er" : "") + " " + MONTHS[+m[2] - 1] + " " + (+m[1]);
	}
	function population(p) {
		if (p === "" || p === null || p === undefined || !/^\d+$/.test(String(p))) return null;
		return String(Number(p)).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
	}

	/* html_url_safe (src/html.c): http(s), mailto, or no scheme at all. */
	function urlSafe(u) {
		u = u.replace(/^[ \t\n\r]+/, "");
		if (/^(https?:\/\/|mailto:)/i.test(u))
			return true;
		for (var i = 0; i < u.length && "/?#".indexOf(u[i]) < 0; i++)
			if (u[i] === ":" || u.charCodeAt(i) < 0x20)
				return false;
		return true;
	}
	/* html_escape_url (src/html.c), byte by byte over UTF-8. */
	function escapeUrl(u) {
		var bytes = new TextEncoder().encode(u), out = "", keep = "-._~:/?#[]@!$&()*+,;=";
		var hex = function (c) { return /[0-9A-Fa-f]/.test(String.fromCharCode(c)); };
		for (var i = 0; i < bytes.length; i++) {
			var c = bytes[i], ch = String.fromCharCode(c);
			if (/[A-Za-z0-9]/.test(ch) || (c && c < 128 && keep.indexOf(ch) >= 0) ||
				(ch === "%" && i + 2 < bytes.length && hex(bytes[i + 1]) && hex(bytes[i + 2])))
				out += ch;
			else
				out += "%" + "0123456789ABCDEF"[c >> 4] + "0123456789ABCDEF"[c & 15];
		}
		return out;
	}
	/* A relative evidence link reads from the report's folder, rapports/,
	 * as on the static report. */
	function evidenceHref(u) {
		var h = escapeUrl(u);
		return /^[a-z][a-z0-9+.-]*:/i.test(u.replace(/^[ \t\n\r]+/, "")) || /^[\/#?]/.test(h) ? h : "rapports/" + h;
	}

	/* ---- the radar, as src/site_chart.c ---- */
	var RADAR_W = 640, RADAR_H = 440, RADAR_R = 118, LABEL_GAP = 14, LABEL_WRAP = 16;
	function coord(d) {
		d = Math.floor(d * 10 + 0.5) / 10;
		return (d === 0 ? 0 : d).toFixed(1);
	}
	function radarPoint(i, n, r) {
		var a = -Math.PI / 2 + 2 * Math.PI * i / n;
		return [RADAR_W / 2 + Math.cos(a) * RADAR_R * r, RADAR_H / 2 + Math.sin(a) * RADAR_R * r];
	}
	function polygon(rs) {
		return rs.map(function (r, i) {
			var p = radarPoint(i, rs.length, r);
			return coord(p[0]) + "," + coord(p[1]);
		}).join(" ");
	}
	function wrapLabel(label) {
		var lines = [], chars = Array.from(label), p = 0;
		while (p < chars.length) {
			var end = p, cut = -1, n = 0;
			while (end < chars.length && (n < LABEL_WRAP || cut < 0)) {
				if (chars[end] === " ") cut = end;
				n++;
				end++;
			}
			if (end >= chars.length || cut < 0) cut = end;
			lines.push({ text: chars.slice(p, cut).join(""), dy: "1.15em" });
			p = chars[cut] === " " ? cut + 1 : cut;
		}
		return lines;
	}
	function radar(M, res) {
		var n = M.axes.length, max = M.scale.length - 1, v = { viewbox: "0 0 640 440" }, i;
		v.rings = [];
		for (var lv = 1; max > 0 && lv <= max; lv++)
			v.rings.push({ points: polygon(M.axes.map(function () { return lv / max; })), level: lv });
		v.spokes = [];
		v.labels = [];
		for (i = 0; i < n; i++) {
			var p = radarPoint(i, n, 1);
			v.spokes.push({ x: coord(p[0]), y: coord(p[1]) });
			var a = -Math.PI / 2 + 2 * Math.PI * i / n, c = Math.cos(a), s = Math.sin(a);
			var lp = radarPoint(i, n, 1 + LABEL_GAP / RADAR_R), lines = wrapLabel(M.axes[i].title);
			var nl = lines.length || 1, dy;
			if (s < -0.3) dy = -1.15 * (nl - 1);
			else if (s <= 0.3) dy = 0.35 - 0.575 * (nl - 1);
			else dy = 0.85;
			if (lines.length) lines[0].dy = fixed(dy === 0 ? 0 : dy, 3) + "em";
			v.labels.push({ x: coord(lp[0]), y: coord(lp[1]), anchor: c > 0.2 ? "start" : c < -0.2 ? "end" : "middle", lines: lines });
		}
		v.cx = coord(RADAR_W / 2);
		v.cy = coord(RADAR_H / 2);
		v.area = polygon(res.axes.map(function (x) { return x.score === null ? 0 : x.score / max; }));
		v.dots = [];
		res.axes.forEach(function (x, k) {
			if (x.score === null) return;
			var p2 = radarPoint(k, n, x.score / max);
			v.dots.push({ x: coord(p2[0]), y: coord(p2[1]) });
		});
		var given = res.axes.filter(function (x) { return x.target !== null; }).length;
		v.target = given && given === n ? polygon(res.axes.map(function (x) { return x.target / max; })) : null;
		v.has_target = given > 0;
		v.target_dots = [];
		res.axes.forEach(function (x, k) {
			if (x.target === null || given === n) return;
			var p3 = radarPoint(k, n, x.target / max);
			v.target_dots.push({ x: coord(p3[0]), y: coord(p3[1]) });
		});
		return v;
	}

	/* ---- the history section from a reference, as src/site_history.c ---- */
	var SHORT = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
	function shortDate(d) {
		var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d || "");
		return m && +m[2] >= 1 && +m[2] <= 12 ? SHORT[+m[2] - 1] + "\u00a0" + (+m[1]) : d;
	}
	function lineChart(labels, values, max) {
		var W = 300, H = 150, L = 30, Rt = 16, Tp = 12, B = 30, w = W - L - Rt, h = H - Tp - B;
		var top = max > 0 ? max : 1, n = values.length, v = { viewbox: "0 0 " + W + " " + H,
			left: coord(L), right: coord(W - Rt), max_level: max, grid: [], points: [] }, line = [];
		for (var lv = 0; lv <= max; lv++)
			v.grid.push({ y: coord(Tp + h - h * lv / top), label: lv });
		values.forEach(function (val, i) {
			var x = L + (n > 1 ? w * i / (n - 1) : w / 2);
			var p = { x: coord(x), label_y: coord(H - B / 2 + 4), date: labels[i],
				anchor: n < 2 ? "middle" : i === 0 ? "start" : i + 1 === n ? "end" : "middle" };
			if (val !== null) {
				var y = Tp + h - h * val / top;
				p.y = coord(y);
				p.value = scoreNum(val);
				line.push(coord(x) + "," + coord(y));
			}
			v.points.push(p);
		});
		v.line = line.join(" ");
		return v;
	}
	/* The reference is the previous diagnostic or, for the first one of a
	 * territory, the next: both dates in order, changes since a previous one. */
	function history(ref, refRes, state, res, M, t, label, ficheRef, axisRef) {
		var later = isLater(ref, state), max = M.scale.length - 1;
		var files = later ? [state, ref] : [ref, state], results = later ? [res, refRes] : [refRes, res];
		var cell = function (sc) {
			var known = sc.level !== null;
			return { known: known, score: scoreNum(sc.score), level: sc.level, level_label: known ? label(sc.level) : null };
		};
		var series = [{ title: t.history_overall }].concat(M.axes.map(function (a, i) { return axisRef(i); }));
		series.forEach(function (sv, k) {
			var pick = function (r) { return k === 0 ? r.overall : r.axes[k - 1]; };
			sv.cells = results.map(function (r) { return cell(pick(r)); });
			sv.chart = lineChart(files.map(function (f) { return shortDate(f.date); }),
				results.map(function (r) { return pick(r).score; }), max);
		});
		var lvl = function (o, key, l) {
			o[key] = l;
			o[key + "_known"] = l !== null;
			o[key + "_label"] = l !== null ? label(l) : t.not_assessed;
		};
		var changes = { date: dateFr(ref.date), href: "rapports/" + (ref.slug || "") + ".html",
			gained: [], lost: [], other: [] };
		M.fiches.forEach(function (f, fi) {
			var b = refRes.fiches[fi].level, a = res.fiches[fi].level;
			if (a === b) return;
			var c = ficheRef(fi);
			lvl(c, "before", b);
			lvl(c, "after", a);
			(b === null || a === null ? changes.other : a > b ? changes.gained : changes.lost).push(c);
		});
		changes.none = !changes.gained.length && !changes.lost.length && !changes.other.length;
		changes.has_gained = changes.gained.length > 0;
		changes.has_lost = changes.lost.length > 0;
		changes.has_other = changes.other.length > 0;
		var dates = [{ date: dateFr(ref.date), href: changes.href, current: false },
			{ date: dateFr(state.date), href: "#mon-rapport", current: true }];
		return { dates: later ? dates.reverse() : dates,
			series: series, count: 2, changes: later ? null : changes, territory: state.territory };
	}
	function isLater(ref, state) {
		return String(ref.date || "") > String(state.date || "");
	}

	/* ---- the action plan and the collective diagnostic, as src/site_plan.c ---- */
	var STATUSES = ["prevue", "en-cours", "faite", "abandonnee"];
	var STATUS_LABEL = { prevue: "prévue", "en-cours": "en cours", faite: "faite", abandonnee: "abandonnée" };
	var STATUS_PLURAL = { prevue: "prévues", "en-cours": "en cours", faite: "faites", abandonnee: "abandonnées" };
	function recOf(M, id) {
		for (var fi = 0; fi < M.fiches.length; fi++) {
			var f = M.fiches[fi], ids = recIds(f);
			for (var ri = 0; ri < ids.length; ri++)
				if (ids[ri] === id) return { fi: fi, rec: f.recommendations[ri] };
		}
		return null;
	}
	function recIds(f) {
		var rank = {};
		return (f.recommendations || []).map(function (r) {
			if (r.id) return r.id.indexOf(".") >= 0 ? r.id : f.id + "." + r.id;
			var base = r.question ? r.question : "fiche";
			rank[base] = (rank[base] || 0) + 1;
			return f.id + "." + base + "-" + rank[base];
		});
	}
	function porteurOf(rec) {
		return rec.porteur && rec.porteur.length ? (Array.isArray(rec.porteur) ? rec.porteur.join(", ") : rec.porteur) : null;
	}
	function planView(state, res, M, t, c, reference) {
		var measureIds = {};
		res.priority_measures.forEach(function (id) { measureIds[id] = true; });
		var step = function (r, measure) {
			var f = M.fiches[r._f], rec = f.recommendations[r._r];
			var v = { id: r.id, text: rec.text, fiche: c.ficheRef(r._f), current: r._cur, current_label: c.label(r._cur),
				priority: num(r.priority, r.priority === Math.floor(r.priority) ? 0 : 1),
				horizon: r.horizon, horizon_label: c.hlabel(r.horizon), porteur: porteurOf(rec),
				effort: rec.effort || null, measure: measure };
			if (rec.question !== null && rec.question !== undefined)
				v.question = f.questions.filter(function (q) { return q.id === rec.question; })[0].text;
			if (r._adopted >= 0) {
				var st = state.plan[r._adopted].status;
				v.status = st;
				v.status_label = STATUS_LABEL[st];
			}
			return v;
		};
		var recs = res.recommendations, plan = state.plan || [];
		var groups = [];
		["court", "moyen", "long"].forEach(function (h) {
			var g = recs.filter(function (r) { return r.horizon === h; }).map(function (r) { return step(r, !!measureIds[r.id]); });
			if (g.length)
				groups.push({ recs: g, horizon: h, label: c.hlabel(h), count: g.length, count_many: g.length > 1 });
		});
		var byId = {};
		recs.forEach(function (r) { byId[r.id] = r; });
		var adopted = function (e) {
			var v = { action: e.action }, found = recOf(M, e.action);
			if (found) {
				v.text = found.rec.text;
				v.fiche = c.ficheRef(found.fi);
				v.porteur_reco = porteurOf(found.rec);
			} else {
				v.text = e.action;
			}
			v.status = e.status;
			v.status_label = STATUS_LABEL[e.status];
			v.porteur = e.porteur || null;
			v.echeance = e.echeance ? dateFr(e.echeance) : null;
			return v;
		};
		/* follow-up since the reference (the previous diagnostic) */
		var prev = reference ? reference.state : null, now = {}, mine = {}, before = {};
		recs.concat(res.later).forEach(function (r) { now[r.id] = true; });
		plan.forEach(function (e) { if (recOf(M, e.action)) mine[e.action] = true; });
		((prev && prev.plan) || []).forEach(function (e) { if (recOf(M, e.action)) before[e.action] = e.status; });
		var done = [], stale = [], stalePrev = [];
		plan.forEach(function (e, i) {
			var known = !!recOf(M, e.action);
			if (prev && e.status === "faite" && (!known || before[e.action] !== "faite")) done.push(adopted(e));
			if (!res.plan[i].applicable) stale.push(adopted(e));
		});
		((prev && prev.plan) || []).forEach(function (e) {
			if (recOf(M, e.action) && !mine[e.action] && !now[e.action]) stalePrev.push(adopted(e));
		});
		var roadmap = null;
		if (plan.length || (prev && stalePrev.length)) {
			var counts = res._status, shownKinds = STATUSES.filter(function (k) { return counts[k]; });
			var text = shownKinds.map(function (k, i) {
				return (i ? (i + 1 === shownKinds.length ? " et " : ", ") : "") + counts[k] + " " +
					(counts[k] > 1 ? STATUS_PLURAL[k] : STATUS_LABEL[k]);
			}).join("");
			roadmap = { count: plan.length, count_many: plan.length > 1, has_plan: plan.length > 0,
				progress: shownKinds.map(function (k) {
					return { status: k, label: counts[k] > 1 ? STATUS_PLURAL[k] : STATUS_LABEL[k], count: counts[k],
						css: cssPct(100 * counts[k] / plan.length) };
				}),
				progress_text: text, done_pct: pct(plan.length ? (counts.faite || 0) / plan.length : null),
				items: plan.map(function (e, i) { var v = adopted(e); v.applicable = res.plan[i].applicable; return v; }),
				stale: stale, has_stale: stale.length > 0,
				history: prev ? { date: dateFr(prev.date), href: "rapports/" + (prev.slug || "") + ".html", done: done,
					has_done: done.length > 0, stale_prev: stalePrev, has_stale_prev: stalePrev.length > 0 } : null };
		}
		return { review: dateFr(res.review), review_months: M.review_months || 6, nrecs: recs.length,
			nrecs_many: recs.length > 1, has_recs: recs.length > 0, nmeasures: res.priority_measures.length,
			measures_many: res.priority_measures.length > 1,
			measures: res.priority_measures.map(function (id) { return step(byId[id], true); }),
			propose: !plan.length && res.priority_measures.length > 0, groups: groups,
			nlater: res.later.length, nlater_many: res.later.length > 1,
			later: res.later.map(function (r) { return step(r, false); }), has_later: res.later.length > 0,
			roadmap: roadmap };
	}
	function levelWords(M, l) {
		if (l === "na") return "non applicable";
		if (l === null || l === "nsp" || l === undefined) return "ne sait pas";
		return l + " – " + M.scale[l].label;
	}
	function collectiveView(state, res, M, c) {
		if (!res._nviews)
			return null;
		var roleLabel = {}, roleOf = {};
		(M.roles || []).forEach(function (r) { roleLabel[r.id] = r.label; });
		(state.respondents || []).forEach(function (r) { if (r.role) roleOf[r.name] = r.role; });
		var names = (state.respondents || []).map(function (r) { return r.name; });
		/* respondents named only in views come after the declared ones, in file order */
		M.fiches.forEach(function (f) {
			f.questions.forEach(function (q) {
				var e = ((state.answers || {})[f.id] || {})[q.id];
				(e && e.views || []).forEach(function (v) { if (names.indexOf(v[0]) < 0) names.push(v[0]); });
			});
		});
		var divs = res.divergences.map(function (d) {
			var f = M.fiches[d._f], q = f.questions[d._q], e = state.answers[f.id][q.id];
			var v = c.ficheRef(d._f);
			v.question = q.text;
			v.spread = d.spread;
			v.views = e.views.map(function (w) {
				return { name: w[0], role: roleOf[w[0]] ? roleLabel[roleOf[w[0]]] : null, level: levelWords(M, w[1]) };
			});
			v.agreed = e.level !== null && e.level !== undefined;
			v.level = levelWords(M, res.fiches[d._f].questions[d._q].level);
			return v;
		});
		var present = (M.roles || []).filter(function (r) { return res._roles[r.id]; });
		var rows = [];
		if (present.length) {
			M.axes.forEach(function (a, ai) {
				var row = c.axisRef(ai);
				row.all = res.axes[ai].score === null ? "–" : num(res.axes[ai].score, 1);
				row.cells = present.map(function (r) { var sc = res._roles[r.id].axes[ai].score; return sc === null ? "–" : num(sc, 1); });
				rows.push(row);
			});
			rows.push({ title: "Ensemble du guide", all: res.overall.score === null ? "–" : num(res.overall.score, 1),
				cells: present.map(function (r) { var sc = res._roles[r.id].overall.score; return sc === null ? "–" : num(sc, 1); }) });
		}
		var text = names.map(function (n, i) {
			return (i ? (i + 1 === names.length ? " et " : ", ") : "") + n + (roleOf[n] ? " (" + roleLabel[roleOf[n]] + ")" : "");
		}).join("");
		return { nviews: res._nviews, threshold: M.divergence || 2, ndivs: divs.length, ndivs_many: divs.length > 1,
			has_divs: divs.length > 0, divs: divs, respondents: text, has_roles: present.length > 0,
			roles_head: present.map(function (r) { return r.label; }), role_rows: rows };
	}

	/* ---- peers, observatory and suggestions, from assets/report-data.js ---- */
	var KINDS = ["commune", "intercommunalite", "departement", "region", "autre"];
	/* population_band (src/score.c): 0..4, -1 when unknown. */
	function popOf(state) {
		return /^\d+$/.test(String(state.population === null || state.population === undefined ? "" : state.population).trim())
			? Number(state.population) : -1;
	}
	function band(p) {
		return p < 0 ? -1 : p < 3500 ? 0 : p < 20000 ? 1 : p < 50000 ? 2 : p < 100000 ? 3 : 4;
	}
	/* What same_territory compares: the INSEE code, else the name. */
	function territoryKey(state) {
		var c = state.code === null || state.code === undefined ? "" : String(state.code);
		return c !== "" ? "c:" + c : "t:" + state.territory;
	}
	function quartiles(v, t, max) {
		v.q1 = num(t[0], 1);
		v.median = num(t[1], 1);
		v.q3 = num(t[2], 1);
		v.q1_css = cssPct(100 * t[0] / max);
		v.iqr_css = cssPct(100 * (t[2] - t[0]) / max);
		v.median_css = cssPct(100 * t[1] / max);
	}
	/* As src/peers.c: the latest files of the same kind and band, less this
	 * territory's own; the build gives each group's figures with no one
	 * excluded and, for each member, those without it. */
	function peersView(D, state, res, M, axisRef) {
		var P = D && D.peers, max = M.scale.length - 1;
		var b = band(popOf(state)), k = KINDS.indexOf(state.kind);
		if (!P || b < 0 || k < 0 || !P.groups[k * 5 + b])
			return null;
		var gi = k * 5 + b, g = P.groups[gi];
		if (!P._members) {
			P._members = {};
			P.members.forEach(function (m) { P._members[m[0]] = m; });
		}
		var me = Object.prototype.hasOwnProperty.call(P._members, territoryKey(state)) ? P._members[territoryKey(state)] : null;
		var mine = !!me && me[1] === gi, count = g.count - (mine ? 1 : 0);
		if (count < P.min)
			return null;
		return { count: count, axes: M.axes.map(function (a, ax) {
			var v = axisRef(ax), x = res.axes[ax];
			var t = mine ? g.less[ax][parseInt(me[2].charAt(ax), 36)] : g.all[ax];
			v.known = t !== null;
			quartiles(v, t || [NaN, NaN, NaN], max);
			v.self = scoreNum(x.score);
			v.self_css = cssPct(x.score === null ? NaN : x.percent);
			v.self_known = x.score !== null;
			return v;
		}) };
	}
	/* A group of the observatory with this authority's level marked. */
	function marked(g, self) {
		g = JSON.parse(JSON.stringify(g));
		(g.levels || []).forEach(function (l, i) { l.self = i === self; });
		if (g.histogram)
			g.histogram.bars.forEach(function (bar, i) { bar.self = i === self; });
		return g;
	}
	/* As site_obs_report (src/site_observatory.c). */
	function observatoryView(D, state, res, M, axisRef, label) {
		var O = D && D.observatory;
		if (!O)
			return null;
		var kd = KINDS.indexOf(state.kind), bd = band(popOf(state));
		if (kd < 0) kd = 4;
		if (bd < 0) bd = 5;
		return { scale: O.scale, nterritories: O.nterritories, min_group: O.min_group, nfig: O.nfig, ncols: O.ncols,
			axes: M.axes.map(function (a, ax) {
				var x = O.axes[ax], lv = res.axes[ax].level, self = lv === null ? -1 : lv, v = axisRef(ax);
				v.shown = x.shown;
				v.self = self >= 0 ? self : null;
				v.self_label = self >= 0 ? label(self) : null;
				v.all = marked(x.all, self);
				v.groups = [marked(x.all, self), marked(x.kinds[kd], self), marked(x.bands[bd], self)];
				return v;
			}) };
	}
	/* As site_report_suggestions (src/site_collections.c): for each fiche of
	 * the priority measures, up to 2 experiences (same kind and band, then
	 * same kind, then the closest population, then by id) and its resources. */
	function suggestionsView(D, state, res, M, ficheRef) {
		var C = D && D.collections;
		if (!C)
			return [];
		var ficheOf = {}, fiches = [], pop = popOf(state), b = band(pop);
		res.recommendations.forEach(function (r) { ficheOf[r.id] = r._f; });
		res.priority_measures.forEach(function (id) { if (fiches.indexOf(ficheOf[id]) < 0) fiches.push(ficheOf[id]); });
		var has = function (x, id) { return x.fiches.indexOf(id) >= 0; };
		var key = function (e) {
			return [e.kind !== state.kind ? 2 : b >= 0 && band(e.pop) === b ? 0 : 1, pop < 0 ? 0 : Math.abs(e.pop - pop)];
		};
		var out = [];
		fiches.forEach(function (f) {
			var id = M.fiches[f].id;
			var ex = C.experiences.filter(function (e) { return has(e, id); });
			var rs = C.ressources.filter(function (r) { return has(r, id); });
			if (!ex.length && !rs.length)
				return;
			ex.sort(function (x, y) {
				var kx = key(x), ky = key(y);
				return kx[0] - ky[0] || kx[1] - ky[1] || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
			});
			ex = ex.slice(0, 2).map(function (e) {
				var v = JSON.parse(JSON.stringify(e));
				v.same_kind = e.kind === state.kind;
				v.same_band = e.kind === state.kind && b >= 0 && band(e.pop) === b;
				return v;
			});
			out.push({ fiche: ficheRef(f), experiences: ex, has_experiences: ex.length > 0,
				ressources: rs, has_ressources: rs.length > 0 });
		});
		return out;
	}

	/* ---- the view of rapport.mustache, as src/site_report.c ---- */
	function view(state, res, M, strings, reference, data) {
		var max = M.scale.length - 1, t = strings || {};
		var label = function (l) { return l >= 0 && l < M.scale.length ? M.scale[l].label : ""; };
		var ficheRef = function (fi) {
			var f = M.fiches[fi];
			return { id: f.id, title: f.title, summary: f.summary, href: "fiches/" + f.id + ".html",
				nquestions: f.questions.length, nquestions_many: f.questions.length > 1 };
		};
		var axisRef = function (ai) {
			var a = M.axes[ai];
			return { id: a.id, num: ai + 1, title: a.title, summary: a.summary, href: "axes/" + a.id + ".html" };
		};
		var scoreView = function (sc) {
			var known = sc.score !== null;
			return { known: known, score: scoreNum(sc.score), percent: known ? pct(sc.percent / 100) : null,
				css: cssPct(known ? sc.percent : 0), level: known ? sc.level : null,
				level_label: known ? label(sc.level) : null, completeness: pct(sc.completeness),
				answered: sc._answered, applicable: sc._applicable, applicable_many: sc._applicable > 1 };
		};
		var hlabel = function (h) { return t["horizon_" + h] || h; };
		var recs = res.recommendations;
		var seen = {}, readFirst = [];
		recs.forEach(function (r) {
			if (readFirst.length >= READ_FIRST_MAX || seen[r._f]) return;
			seen[r._f] = true;
			var v = ficheRef(r._f);
			v.s = scoreView(res.fiches[r._f]);
			readFirst.push(v);
		});
		var toCheck = [], fiches = M.fiches.map(function (f, fi) {
			var v = ficheRef(fi), notes = [];
			v.axis_title = M.axes.filter(function (a) { return a.id === f.axis; })[0].title;
			v.s = scoreView(res.fiches[fi]);
			v.fiche_note = (state.notes || {})[f.id] || null;
			f.questions.forEach(function (q, qi) {
				var e = ((state.answers || {})[f.id] || {})[q.id];
				if (res.fiches[fi].questions[qi].level === "nsp") {
					var c = ficheRef(fi);
					c.question = q.text;
					toCheck.push(c);
				}
				if (!e || typeof e !== "object" || (!e.note && !e.evidence)) return;
				var n = { question: q.text, note: e.note || null };
				if (e.evidence) {
					n.evidence = e.evidence;
					if (urlSafe(e.evidence))
						n.evidence_href = evidenceHref(e.evidence);
				}
				notes.push(n);
			});
			v.answer_notes = notes;
			return v;
		});
		var axes = M.axes.map(function (a, ai) {
			var v = axisRef(ai), x = res.axes[ai];
			v.s = scoreView(x);
			if (x.target !== null) {
				v.target = x.target;
				v.target_css = cssPct(100 * x.target / max);
				v.target_label = label(x.target);
			}
			return v;
		});
		var ctx = { ficheRef: ficheRef, axisRef: axisRef, label: label, hlabel: hlabel };
		/* The keys of the report template before the plan of next steps
		 * (plan by horizon, the ten first actions): themes that still use them. */
		var ranked = function (r) {
			var f = M.fiches[r._f], rec = f.recommendations[r._r];
			var v = { text: rec.text, fiche: ficheRef(r._f), current: r._cur, current_label: label(r._cur),
				priority: num(r.priority, r.priority === Math.floor(r.priority) ? 0 : 1) };
			if (rec.question !== null && rec.question !== undefined)
				v.question = f.questions.filter(function (q) { return q.id === rec.question; })[0].text;
			return v;
		};
		var plan = [];
		["court", "moyen", "long"].forEach(function (h) {
			var group = recs.filter(function (r) { return r.horizon === h; }).map(ranked);
			if (group.length)
				plan.push({ recs: group, horizon: h, label: hlabel(h), count: group.length, count_many: group.length > 1 });
		});
		var top = recs.slice(0, 10).map(function (r) {
			var v = ranked(r);
			v.horizon = r.horizon;
			v.horizon_label = hlabel(r.horizon);
			return v;
		});
		var report = {
			territory: state.territory, kind: t[KIND_KEYS[state.kind] || "kind_autre"],
			population: population(state.population), date: dateFr(state.date),
			respondent: state.respondent || null, version: state.version || null,
			version_differs: !!(state.version && M.version && state.version !== M.version),
			overall: scoreView(res.overall), axes: axes, radar: radar(M, res),
			actions: planView(state, res, M, t, ctx, reference && !isLater(reference.state, state) ? reference : null),
			collective: collectiveView(state, res, M, ctx),
			plan: plan, top: top, show_top: recs.length > 10,
			nrecs: recs.length, nrecs_many: recs.length > 1,
			nmeasures: res.priority_measures.length, nlater: res.later.length,
			has_read_first: recs.length > 0, read_first: readFirst, fiches: fiches,
			has_to_check: toCheck.length > 0, to_check: toCheck,
			history: reference ? history(reference.state, reference.result, state, res, M, t, label, ficheRef, axisRef) : null,
			peers: peersView(data, state, res, M, axisRef),
			observatory: observatoryView(data, state, res, M, axisRef, label)
		};
		report.suggestions = suggestionsView(data, state, res, M, ficheRef);
		report.has_suggestions = report.suggestions.length > 0;
		return { t: t, guide: { title: M.title, version: M.version }, root: "", report: report, max_level: max };
	}

	/* The content block of a page template ({{<base}}{{$content}}…). */
	function contentOf(src) {
		var a = src.indexOf("{{$content}}"), b = src.lastIndexOf("{{/content}}");
		if (a < 0 || b < a) return src;
		return src.slice(a + "{{$content}}".length, b).replace(/^\n/, "");
	}

	function render(state, res, M, T, reference, data) {
		var Mu = root.Mustache || (typeof require === "function" ? require("./mustache.js") : null);
		var v = view(state, res, M, T.strings, reference, data || root.AUTODIAG_REPORT_DATA);
		return Mu.render(contentOf(T.templates.rapport), v, T.templates);
	}

	var api = { view: view, render: render, contentOf: contentOf, num: num };
	if (typeof module === "object" && module.exports)
		module.exports = api;
	else
		root.AUTODIAG_REPORT = api;
})(typeof window !== "undefined" ? window : globalThis);
