/* questionnaire.js: the in-browser questionnaire.  Answers live in
 * localStorage; scores and the action plan are recomputed at each change
 * with exactly the rules of DESIGN.md (see methode.html), over the model
 * embedded by assets/model.js (window.AUTODIAG_MODEL).  Exports an answers
 * file that `autodiag check` accepts, and imports one back. */
(function () {
	"use strict";
	var M = window.AUTODIAG_MODEL;
	var form = document.getElementById("questionnaire");
	if (!M || !form)
		return;
	var MAX = M.scale.length - 1;
	var HORIZONS = ["court", "moyen", "long"];
	var HORIZON_LABELS = { court: "Court terme", moyen: "Moyen terme", long: "Long terme" };
	var KINDS = ["commune", "intercommunalite", "departement", "region", "autre"];
	var KEY = "autodiag-questionnaire:" + M.version;
	var NBSP = "\u00a0", NNBSP = "\u202f";

	var axisIndex = {};
	M.axes.forEach(function (a, i) { axisIndex[a.id] = i; });

	/* ---- state ---- */
	function blank() {
		return { territory: "", code: "", kind: "commune", population: "",
			date: "", respondent: "", targets: {}, answers: {}, notes: {},
			current: 0 };
	}
	var state = load();

	function load() {
		try {
			var s = JSON.parse(window.localStorage.getItem(KEY) || "null");
			if (s && typeof s === "object")
				return Object.assign(blank(), s);
		} catch (e) { /* storage unavailable or corrupt: start afresh */ }
		return blank();
	}
	function save() {
		try { window.localStorage.setItem(KEY, JSON.stringify(state)); }
		catch (e) { /* private mode: answers live for this page only */ }
	}

	/* The level of an answer entry: a number, "na", "nsp" or null. */
	function levelOf(entry) {
		if (entry && typeof entry === "object")
			entry = entry.level;
		if (entry === "na" || entry === "nsp")
			return entry;
		if (typeof entry === "number" && entry >= 0 && entry <= MAX && entry === Math.floor(entry))
			return entry;
		return null;
	}
	function answerOf(fid, qid) {
		var fa = state.answers[fid];
		return fa ? levelOf(fa[qid]) : null;
	}

	/* ---- scoring, as DESIGN.md "Scoring" ---- */
	function mean(sum, weight) { return weight > 0 ? sum / weight : null; }
	function figures(s, answered, applicable) {
		return { score: s, percent: s === null ? null : 100 * s / MAX,
			level: s === null ? null : Math.floor(s + 1e-9),
			completeness: applicable ? answered / applicable : null };
	}

	function compute() {
		var axSum = M.axes.map(function () { return { sum: 0, w: 0, ans: 0, app: 0 }; });
		var fiches = [], recs = [];
		M.fiches.forEach(function (f, fi) {
			var sum = 0, w = 0, ans = 0, app = 0, qs = [];
			f.questions.forEach(function (q) {
				var lv = answerOf(f.id, q.id);
				qs.push({ id: q.id, level: lv });
				if (lv === "na")
					return;
				app++;
				if (typeof lv === "number") {
					ans++;
					sum += lv * q.weight;
					w += q.weight;
				}
			});
			var s = mean(sum, w), ax = axSum[axisIndex[f.axis]];
			ax.ans += ans;
			ax.app += app;
			if (s !== null) {
				ax.sum += s * f.weight;
				ax.w += f.weight;
			}
			var fo = { id: f.id, axis: f.axis };
			Object.assign(fo, figures(s, ans, app));
			fo.questions = qs;
			fiches.push(fo);
		});
		var all = 0, nall = 0, ans = 0, app = 0;
		var axes = M.axes.map(function (a, i) {
			var x = axSum[i], s = mean(x.sum, x.w), t = state.targets[a.id];
			ans += x.ans;
			app += x.app;
			if (s !== null) {
				all += s;
				nall += 1;
			}
			var o = { id: a.id };
			Object.assign(o, figures(s, x.ans, x.app));
			o.target = typeof t === "number" ? t : null;
			return o;
		});
		M.fiches.forEach(function (f, fi) {
			var t = state.targets[f.axis];
			var target = typeof t === "number" ? t : MAX;
			var mine = [], least = {};
			f.recommendations.forEach(function (r, ri) {
				var cur;
				if (r.question !== null && r.question !== undefined) {
					cur = answerOf(f.id, r.question);
					cur = typeof cur === "number" ? cur : -1;
				} else {
					cur = fiches[fi].level === null ? -1 : fiches[fi].level;
				}
				if (cur < 0 || cur >= r.below)
					return;
				var key = r.question === null || r.question === undefined ? "" : "q:" + r.question;
				if (!(key in least) || r.below < least[key])
					least[key] = r.below;
				mine.push({ id: r.id, fiche: f.id,
					question: r.question === undefined ? null : r.question,
					horizon: r.horizon, priority: f.weight * (target - cur),
					text: r.text, _f: fi, _r: ri, _cur: cur, _key: key, _below: r.below });
			});
			/* DESIGN.md: the next step of each question (smallest below) is in
			 * the plan; the other applicable rules are later steps */
			mine.forEach(function (x) {
				if (x._below === least[x._key])
					recs.push(x);
			});
		});
		recs.sort(function (a, b) {
			return (b.priority - a.priority) ||
				(HORIZONS.indexOf(a.horizon) - HORIZONS.indexOf(b.horizon)) ||
				(a._f - b._f) || (a._r - b._r);
		});
		var overall = figures(mean(all, nall), ans, app);
		return { territory: state.territory, slug: slugify(state.territory, state.date),
			date: state.date, overall: overall, axes: axes, fiches: fiches,
			recommendations: recs, peers: null };
	}

	/* The result without the page's private fields, as `autodiag score` prints it. */
	function publicResult() {
		var r = compute();
		r.recommendations = r.recommendations.map(function (x) {
			return { id: x.id, fiche: x.fiche, question: x.question, horizon: x.horizon,
				priority: x.priority, text: x.text };
		});
		return r;
	}

	/* ---- formatting ---- */
	function fr(n, d) {
		return n === null ? "–" : n.toFixed(d === undefined ? 1 : d).replace(".", ",");
	}
	function pct(f) { return f === null ? "–" : Math.round(f * 100) + NNBSP + "%"; }
	function levelLabel(l) { return l === null ? "non évalué" : l + " – " + M.scale[l].label; }
	function slugify(name, date) {
		var s = String(name || "reponses").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
			.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
		return (s || "reponses") + (date ? "-" + date.slice(0, 4) : "");
	}
	function el(tag, attrs, text) {
		var e = document.createElement(tag);
		Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
		if (text !== undefined)
			e.textContent = text;
		return e;
	}

	/* ---- rendering of the results ---- */
	var SVGNS = "http://www.w3.org/2000/svg";
	function svg(tag, attrs) {
		var e = document.createElementNS(SVGNS, tag);
		Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
		return e;
	}
	function point(i, n, r) {
		var a = -Math.PI / 2 + 2 * Math.PI * i / n;
		return [320 + Math.cos(a) * 150 * r, 230 + Math.sin(a) * 150 * r];
	}
	function points(rs) {
		return rs.map(function (r, i) {
			var p = point(i, rs.length, r);
			return p[0].toFixed(1) + "," + p[1].toFixed(1);
		}).join(" ");
	}
	function radar(res) {
		var n = M.axes.length, box = document.getElementById("q-radar");
		if (!box || n < 1)
			return;
		var s = svg("svg", { viewBox: "0 0 640 460", "class": "radar", role: "img",
			"aria-label": "Radar des scores par axe\u202f; les chiffres figurent dans le tableau qui suit" });
		var grid = svg("g", { "class": "radar-grid" });
		for (var lv = 1; lv <= MAX; lv++)
			grid.appendChild(svg("polygon", { points: points(M.axes.map(function () { return lv / MAX; })) }));
		M.axes.forEach(function (a, i) {
			var p = point(i, n, 1);
			grid.appendChild(svg("line", { x1: 320, y1: 230, x2: p[0].toFixed(1), y2: p[1].toFixed(1) }));
		});
		s.appendChild(grid);
		if (res.axes.some(function (a) { return a.target !== null; }))
			s.appendChild(svg("polygon", { "class": "radar-target", points: points(res.axes.map(function (a) {
				return a.target === null ? 0 : a.target / MAX; })) }));
		s.appendChild(svg("polygon", { "class": "radar-area", points: points(res.axes.map(function (a) {
			return a.score === null ? 0 : a.score / MAX; })) }));
		var labels = svg("g", { "class": "radar-labels" });
		M.axes.forEach(function (a, i) {
			var p = point(i, n, 1 + 16 / 150), ang = -Math.PI / 2 + 2 * Math.PI * i / n;
			var c = Math.cos(ang), sn = Math.sin(ang);
			var words = a.title.split(" "), lines = [], line = "";
			words.forEach(function (w) {
				if (line && (line + " " + w).length > 22) { lines.push(line); line = w; }
				else line = line ? line + " " + w : w;
			});
			if (line) lines.push(line);
			var y = p[1];
			if (sn < -0.3) y -= 15 * (lines.length - 1);
			else if (sn <= 0.3) y -= 7.5 * (lines.length - 1) - 5;
			else y += 12;
			var t = svg("text", { x: p[0].toFixed(1), y: y.toFixed(1),
				"text-anchor": c > 0.2 ? "start" : c < -0.2 ? "end" : "middle" });
			lines.forEach(function (l, k) {
				var ts = svg("tspan", { x: p[0].toFixed(1), dy: k ? "1.15em" : "0" });
				ts.textContent = l;
				t.appendChild(ts);
			});
			labels.appendChild(t);
		});
		s.appendChild(labels);
		box.textContent = "";
		box.appendChild(s);
	}

	function renderResults() {
		var res = compute(), o = res.overall;
		var summary = document.getElementById("q-summary");
		if (summary)
			summary.textContent = o.score === null
				? "Répondez à une première question pour voir vos scores."
				: "Niveau global" + NBSP + ": " + levelLabel(o.level) + " (score " + fr(o.score) +
				  " sur " + MAX + ", " + pct(o.percent / 100) + "). Complétude" + NBSP + ": " +
				  pct(o.completeness) + ".";
		var mini = document.getElementById("q-mini");
		if (mini)
			mini.textContent = o.score === null ? "Pas encore de score" :
				"Niveau global" + NBSP + ": " + levelLabel(o.level) + " · " + pct(o.completeness) + " complété";
		res.axes.forEach(function (a) {
			var row = document.querySelector('#q-axes tr[data-axis="' + a.id + '"]');
			if (!row)
				return;
			var cells = row.querySelectorAll("td");
			cells[0].textContent = fr(a.score);
			cells[1].textContent = levelLabel(a.level);
			cells[2].textContent = pct(a.completeness);
		});
		radar(res);
		renderPlan(res.recommendations);
		renderProgress(res);
	}

	function renderPlan(recs) {
		var box = document.getElementById("q-plan");
		if (!box)
			return;
		box.textContent = "";
		if (!recs.length) {
			box.appendChild(el("p", {}, "Aucune recommandation pour l’instant."));
			return;
		}
		HORIZONS.forEach(function (h) {
			var group = recs.filter(function (r) { return r.horizon === h; });
			if (!group.length)
				return;
			var head = el("h4", {});
			head.appendChild(el("span", { "class": "tag h-" + h }, HORIZON_LABELS[h]));
			head.appendChild(document.createTextNode(" " + group.length + (group.length > 1 ? " actions" : " action")));
			box.appendChild(head);
			var ol = el("ol", { "class": "plan" });
			group.forEach(function (r) {
				var f = M.fiches[r._f], li = el("li", {});
				li.appendChild(el("p", { "class": "plan-text" }, r.text));
				var meta = el("p", { "class": "meta" });
				meta.appendChild(document.createTextNode("Fiche "));
				meta.appendChild(el("a", { href: "fiches/" + f.id + ".html" }, f.title));
				meta.appendChild(document.createTextNode(" · niveau actuel " + r._cur +
					" · priorité " + fr(r.priority, r.priority % 1 ? 1 : 0)));
				li.appendChild(meta);
				ol.appendChild(li);
			});
			box.appendChild(ol);
		});
	}

	function renderProgress(res) {
		res.fiches.forEach(function (f) {
			var span = document.querySelector('[data-progress="' + f.id + '"]');
			if (!span)
				return;
			var done = f.questions.filter(function (q) { return q.level !== null; }).length;
			span.textContent = done + "/" + f.questions.length + (f.questions.length > 1 ? " réponses" : " réponse") +
				(f.score === null ? "" : " · niveau " + f.level);
		});
	}

	/* ---- the form ---- */
	var sections = Array.prototype.slice.call(form.querySelectorAll(".q-fiche"));
	var steps = Array.prototype.slice.call(form.querySelectorAll(".q-steps a"));
	var ident = ["territory", "code", "kind", "population", "date", "respondent"];

	function show(i, focus) {
		i = Math.max(0, Math.min(sections.length - 1, i));
		state.current = i;
		sections.forEach(function (s, k) { s.hidden = k !== i; });
		steps.forEach(function (a, k) {
			if (k === i) a.setAttribute("aria-current", "step");
			else a.removeAttribute("aria-current");
		});
		var pager = sections[i].querySelectorAll(".q-pager button");
		pager[0].disabled = i === 0;
		pager[1].disabled = i === sections.length - 1;
		if (focus)
			sections[i].querySelector("h2").focus();
		save();
	}

	function fillForm() {
		ident.forEach(function (k) {
			var input = form.elements[k];
			if (input)
				input.value = state[k] === undefined || state[k] === null ? "" : String(state[k]);
		});
		M.fiches.forEach(function (f) {
			f.questions.forEach(function (q) {
				var lv = answerOf(f.id, q.id), v = lv === null ? "" : String(lv);
				var radios = form.querySelectorAll('input[name="' + f.id + "/" + q.id + '"]');
				Array.prototype.forEach.call(radios, function (r) { r.checked = r.value === v; });
			});
			var note = form.querySelector('[data-note="' + f.id + '"]');
			if (note)
				note.value = state.notes[f.id] || "";
		});
		Array.prototype.forEach.call(form.querySelectorAll("[data-target]"), function (s) {
			var t = state.targets[s.getAttribute("data-target")];
			s.value = typeof t === "number" ? String(t) : "";
		});
	}

	function onChange(ev) {
		var t = ev.target, name = t.name || "";
		if (t.type === "radio" && name.indexOf("/") > 0) {
			var parts = name.split("/"), fa = state.answers[parts[0]] || {};
			var prev = fa[parts[1]], v = t.value;
			v = v === "" ? null : v === "na" || v === "nsp" ? v : Number(v);
			if (prev && typeof prev === "object") {
				prev.level = v;
				if (v === null && !prev.note && !prev.evidence) delete fa[parts[1]];
			} else if (v === null) {
				delete fa[parts[1]];
			} else {
				fa[parts[1]] = v;
			}
			state.answers[parts[0]] = fa;
		} else if (t.hasAttribute("data-note")) {
			state.notes[t.getAttribute("data-note")] = t.value;
		} else if (t.hasAttribute("data-target")) {
			var k = t.getAttribute("data-target");
			if (t.value === "") delete state.targets[k];
			else state.targets[k] = Number(t.value);
		} else if (ident.indexOf(name) >= 0) {
			state[name] = t.value;
		} else {
			return;
		}
		save();
		renderResults();
	}

	/* ---- YAML export ---- */
	function q(s) { return JSON.stringify(String(s)); }
	function yamlLevel(v) { return typeof v === "number" ? String(v) : v; }
	function toYaml() {
		var out = [], k;
		out.push("# Réponses à l’autodiagnostic " + q(M.title).replace(/\n/g, " "));
		out.push("territory: " + q(state.territory.trim()));
		if (String(state.code || "").trim())
			out.push("code: " + q(String(state.code).trim()));
		out.push("kind: " + (KINDS.indexOf(state.kind) >= 0 ? state.kind : "autre"));
		if (/^\d+$/.test(String(state.population || "").trim()))
			out.push("population: " + Number(state.population));
		out.push("date: " + (/^\d{4}-\d{2}-\d{2}$/.test(state.date) ? state.date : today()));
		out.push("version: " + q(M.version));
		if (String(state.respondent || "").trim())
			out.push("respondent: " + q(state.respondent.trim()));
		var targets = M.axes.filter(function (a) { return typeof state.targets[a.id] === "number"; });
		if (targets.length) {
			out.push("targets:");
			targets.forEach(function (a) { out.push("  " + a.id + ": " + state.targets[a.id]); });
		}
		var ans = [];
		M.fiches.forEach(function (f) {
			var lines = [];
			f.questions.forEach(function (qu) {
				var e = (state.answers[f.id] || {})[qu.id], lv = levelOf(e);
				if (e && typeof e === "object" && (e.note || e.evidence) && lv !== null) {
					lines.push("    " + qu.id + ":");
					lines.push("      level: " + yamlLevel(lv));
					if (e.note) lines.push("      note: " + q(e.note));
					if (e.evidence) lines.push("      evidence: " + q(e.evidence));
				} else if (lv !== null) {
					lines.push("    " + qu.id + ": " + yamlLevel(lv));
				}
			});
			if (lines.length)
				ans.push("  " + f.id + ":", lines.join("\n"));
		});
		out.push(ans.length ? "answers:\n" + ans.join("\n") : "answers: {}");
		var notes = M.fiches.filter(function (f) { return (state.notes[f.id] || "").trim(); });
		if (notes.length) {
			out.push("notes:");
			for (k = 0; k < notes.length; k++)
				out.push("  " + notes[k].id + ": " + q(state.notes[notes[k].id].trim()));
		}
		return out.join("\n") + "\n";
	}
	function today() {
		var d = new Date();
		return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" +
			String(d.getDate()).padStart(2, "0");
	}

	/* ---- YAML import: block mappings, scalars (plain, "…", '…'), comments ---- */
	function scalar(s) {
		s = s.trim();
		if (s === "" || s === "~" || s === "null") return null;
		if (s === "{}") return {};
		if (s[0] === '"') {
			var end = s.lastIndexOf('"');
			return JSON.parse(s.slice(0, end + 1).replace(/\\\//g, "/"));
		}
		if (s[0] === "'") {
			var e2 = s.lastIndexOf("'");
			return s.slice(1, e2).replace(/''/g, "'");
		}
		s = s.replace(/\s+#.*$/, "");
		if (/^-?\d+$/.test(s)) return Number(s);
		return s;
	}
	function parseYaml(text) {
		var root = {}, stack = [{ indent: -1, obj: root }];
		text.replace(/^\uFEFF/, "").split(/\r?\n/).forEach(function (line, n) {
			if (/^\s*(#.*)?$/.test(line) || /^(---|\.\.\.)\s*$/.test(line))
				return;
			var m = /^( *)([^\s:#][^:]*?)\s*:(?:\s+(.*))?$/.exec(line) || /^( *)([^\s:#][^:]*?)\s*:()$/.exec(line);
			if (!m)
				throw new Error("ligne " + (n + 1) + " illisible");
			var indent = m[1].length, key = scalar(m[2]), rest = m[3] || "";
			while (stack.length > 1 && indent <= stack[stack.length - 1].indent)
				stack.pop();
			var parent = stack[stack.length - 1].obj;
			if (/^\s*(#.*)?$/.test(rest)) {
				parent[key] = {};
				stack.push({ indent: indent, obj: parent[key] });
			} else {
				parent[key] = scalar(rest);
			}
		});
		return root;
	}
	function fromYaml(text) {
		var y = parseYaml(text), s = blank();
		if (typeof y.territory !== "string" && typeof y.territory !== "number")
			throw new Error("le champ «" + NBSP + "territory" + NBSP + "» manque");
		s.territory = String(y.territory);
		s.code = y.code === null || y.code === undefined ? "" : String(y.code);
		s.kind = KINDS.indexOf(y.kind) >= 0 ? y.kind : "autre";
		s.population = typeof y.population === "number" ? String(y.population) : "";
		s.date = y.date ? String(y.date) : "";
		s.respondent = y.respondent ? String(y.respondent) : "";
		Object.keys(y.targets || {}).forEach(function (a) {
			if (typeof y.targets[a] === "number") s.targets[a] = y.targets[a];
		});
		M.fiches.forEach(function (f) {
			var fa = (y.answers || {})[f.id];
			if (!fa || typeof fa !== "object")
				return;
			f.questions.forEach(function (qu) {
				var e = fa[qu.id];
				if (e && typeof e === "object") {
					var o = { level: levelOf(e.level) };
					if (e.note) o.note = String(e.note);
					if (e.evidence) o.evidence = String(e.evidence);
					(s.answers[f.id] = s.answers[f.id] || {})[qu.id] = o;
				} else if (levelOf(e) !== null) {
					(s.answers[f.id] = s.answers[f.id] || {})[qu.id] = levelOf(e);
				}
			});
			var note = (y.notes || {})[f.id];
			if (note) s.notes[f.id] = String(note);
		});
		Object.keys(y.notes || {}).forEach(function (f) {
			if (y.notes[f]) s.notes[f] = String(y.notes[f]);
		});
		return s;
	}

	function status(msg, isError) {
		var p = document.getElementById("q-status");
		if (!p)
			return;
		p.textContent = msg;
		p.className = "q-status" + (isError ? " error" : "");
	}

	function exportFile() {
		if (!state.territory.trim()) {
			status("Indiquez d’abord le nom de la collectivité.", true);
			form.elements.territory.focus();
			return;
		}
		var text = toYaml(), name = slugify(state.territory, state.date || today()) + ".yaml";
		var pre = document.getElementById("q-yaml");
		if (pre)
			pre.textContent = text;
		var a = el("a", { href: URL.createObjectURL(new Blob([text], { type: "text/yaml" })),
			download: name });
		document.body.appendChild(a);
		a.click();
		a.remove();
		status("Fichier «" + NBSP + name + NBSP + "» téléchargé.");
	}

	function importFile(ev) {
		var file = ev.target.files && ev.target.files[0];
		if (!file)
			return;
		var reader = new FileReader();
		reader.onload = function () {
			try {
				var s = fromYaml(String(reader.result));
				s.current = 0;
				state = s;
				save();
				fillForm();
				show(0, false);
				renderResults();
				status("Réponses de «" + NBSP + state.territory + NBSP + "» importées.");
			} catch (e) {
				status("Import impossible" + NBSP + ": " + e.message + ".", true);
			}
		};
		reader.readAsText(file);
	}

	form.addEventListener("change", onChange);
	form.addEventListener("input", function (ev) {
		if (ev.target.tagName === "TEXTAREA" || ev.target.type === "text" ||
		    ev.target.type === "number")
			onChange(ev);
	});
	form.addEventListener("submit", function (ev) { ev.preventDefault(); });
	form.addEventListener("click", function (ev) {
		var b = ev.target.closest("[data-go]");
		if (b)
			show(state.current + (b.getAttribute("data-go") === "next" ? 1 : -1), true);
	});
	steps.forEach(function (a, k) {
		a.addEventListener("click", function (ev) {
			ev.preventDefault();
			show(k, true);
		});
	});
	document.getElementById("q-export").addEventListener("click", exportFile);
	document.getElementById("q-import").addEventListener("change", importFile);
	document.getElementById("q-reset").addEventListener("click", function () {
		if (!window.confirm("Effacer toutes les réponses enregistrées dans ce navigateur" + NNBSP + "?"))
			return;
		state = blank();
		save();
		fillForm();
		show(0, true);
		renderResults();
		status("Réponses effacées.");
	});

	if (!state.date)
		state.date = today();
	fillForm();
	show(state.current || 0, false);
	renderResults();

	/* The result for another state (an imported file), leaving the page's own. */
	function resultOf(s) {
		var saved = state;
		state = s;
		try { return publicResult(); } finally { state = saved; }
	}

	/* For tests and integrations: the live result, the file, the reader. */
	window.AUTODIAG_QUESTIONNAIRE = { result: publicResult, resultOf: resultOf,
		yaml: toYaml, parse: fromYaml };
})();
