/* questionnaire.js: the in-browser questionnaire.  Each diagnostic (one
 * authority at one date) is kept in localStorage under its own key, listed
 * to resume, duplicate or delete; tabs follow each other's changes (storage
 * events).  Scores come from assets/scoring.js, reading and writing answers
 * files from assets/answers.js (js-yaml), over the model of assets/model.js.
 * Nothing leaves the browser. */
(function () {
	"use strict";
	var M = window.AUTODIAG_MODEL, S = window.AUTODIAG_SCORING, A = window.AUTODIAG_ANSWERS;
	var form = document.getElementById("questionnaire");
	if (!M || !S || !A || !form)
		return;
	var MAX = M.scale.length - 1;
	var HORIZONS = S.HORIZONS;
	var HORIZON_LABELS = { court: "Court terme", moyen: "Moyen terme", long: "Long terme" };
	var NBSP = "\u00a0", NNBSP = "\u202f";
	var PREFIX = "autodiag:diagnostic:", LAST = "autodiag:last", OLD_KEY = "autodiag-questionnaire:" + M.version;

	/* ---- storage: one key per diagnostic ---- */
	var store = (function () {
		try {
			var t = "autodiag:test";
			window.localStorage.setItem(t, t);
			window.localStorage.removeItem(t);
			return window.localStorage;
		} catch (e) {
			return null; /* private mode: answers live for this page only */
		}
	}());
	var session = (function () {
		try { return window.sessionStorage; } catch (e) { return null; }
	}());

	function blank() {
		return { id: newId(), territory: "", code: "", kind: "commune", population: "",
			date: A.today(), version: M.version, respondent: "", targets: {}, answers: {},
			notes: {}, respondents: [], plan: [], current: 0, updated: 0 };
	}
	function newId() {
		return Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
	}
	function readDiag(id) {
		if (!store)
			return null;
		try {
			var s = JSON.parse(store.getItem(PREFIX + id) || "null");
			if (s && typeof s === "object")
				return Object.assign(blank(), s, { id: id });
		} catch (e) { /* a corrupt entry: ignored */ }
		return null;
	}
	function listDiags() {
		var out = [];
		if (!store)
			return state ? [state] : [];
		for (var i = 0; i < store.length; i++) {
			var k = store.key(i);
			if (k && k.indexOf(PREFIX) === 0) {
				var d = readDiag(k.slice(PREFIX.length));
				if (d) out.push(d);
			}
		}
		out.sort(function (a, b) {
			return String(a.territory).localeCompare(String(b.territory), "fr") ||
				String(b.date).localeCompare(String(a.date)) || b.updated - a.updated;
		});
		return out;
	}
	function hasContent(s) {
		return !!(String(s.territory || "").trim() || Object.keys(s.answers || {}).some(function (f) {
			return Object.keys(s.answers[f]).length;
		}) || Object.keys(s.notes || {}).some(function (f) { return String(s.notes[f]).trim(); }) ||
			(s.plan || []).length);
	}
	var saving = false;
	function save() {
		state.updated = Date.now();
		if (!store)
			return;
		saving = true;
		try {
			store.setItem(PREFIX + state.id, JSON.stringify(state));
			store.setItem(LAST, state.id);
			if (session) session.setItem(LAST, state.id);
		} catch (e) { /* quota: the page keeps working */ }
		saving = false;
	}
	function removeDiag(id) {
		if (store)
			store.removeItem(PREFIX + id);
	}

	/* The diagnostic this tab works on: its own (sessionStorage), else the
	 * last one used, else the pre-2026 single entry, else a new one. */
	var state = null;
	function initial() {
		var id = (session && session.getItem(LAST)) || (store && store.getItem(LAST));
		var s = id ? readDiag(id) : null;
		if (s)
			return s;
		if (store) {
			try {
				var old = JSON.parse(store.getItem(OLD_KEY) || "null");
				if (old && typeof old === "object") {
					s = Object.assign(blank(), old);
					store.removeItem(OLD_KEY);
					return s;
				}
			} catch (e) { /* ignored */ }
			var all = listDiags();
			if (all.length)
				return all[0];
		}
		return blank();
	}
	state = initial();

	function answerOf(s, fid, qid) {
		return S.levelOf(((s.answers || {})[fid] || {})[qid], MAX);
	}
	function compute(s) { return S.score(s || state, M); }

	/* ---- formatting ---- */
	function fr(n, d) {
		return n === null ? "–" : n.toFixed(d === undefined ? 1 : d).replace(".", ",");
	}
	/* A score shown truncated, never above what its level says. */
	function trunc(n, d) {
		if (n === null) return "–";
		var f = Math.pow(10, d === undefined ? 1 : d);
		return fr(Math.floor(n * f + 1e-9) / f, d);
	}
	function pct(f) { return f === null ? "–" : Math.floor(f * 100 + 1e-9) + NNBSP + "%"; }
	function levelLabel(l) { return l === null ? "non évalué" : l + " – " + M.scale[l].label; }
	function plural(n, one, many) { return n + NBSP + (n > 1 ? many : one); }
	function el(tag, attrs, text) {
		var e = document.createElement(tag);
		Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
		if (text !== undefined)
			e.textContent = text;
		return e;
	}
	function diagLabel(s) {
		return (String(s.territory || "").trim() || "Diagnostic sans nom") + " – " + (s.date || "sans date");
	}

	/* ---- the dialog that asks before anything is lost ---- */
	var dialog = document.getElementById("q-dialog");
	/* Shows text with the buttons of choices ([value, label, primary]);
	 * calls done(value), "cancel" on Escape. */
	function ask(text, choices, done) {
		if (!dialog || typeof dialog.showModal !== "function") {
			var yes = choices.filter(function (c) { return c[2]; })[0];
			done(window.confirm(text) ? yes[0] : "cancel");
			return;
		}
		var p = document.getElementById("q-dialog-text"), box = document.getElementById("q-dialog-buttons");
		p.textContent = text;
		box.textContent = "";
		var opener = document.activeElement;
		choices.forEach(function (c) {
			var b = el("button", { type: "button", "class": "button" + (c[2] ? "" : " secondary"),
				"data-choice": c[0] }, c[1]);
			b.addEventListener("click", function () {
				if (c[0] === "export") {
					exportFile();
					return; /* the dialog stays: the user then chooses */
				}
				dialog.close(c[0]);
			});
			box.appendChild(b);
		});
		dialog.onclose = function () {
			dialog.onclose = null;
			if (opener && opener.focus) opener.focus();
			done(dialog.returnValue || "cancel");
		};
		dialog.returnValue = "";
		dialog.showModal();
		var first = box.querySelector("button");
		if (first) first.focus();
	}
	var EXPORT_CHOICE = ["export", "Télécharger d’abord les réponses actuelles"];
	var CANCEL_CHOICE = ["cancel", "Annuler"];

	/* ---- rendering of the results ---- */
	var SVGNS = "http://www.w3.org/2000/svg";
	function svg(tag, attrs) {
		var e = document.createElementNS(SVGNS, tag);
		Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
		return e;
	}
	/* The radar's geometry in its 640 x 460 box: on a narrow screen a
	 * smaller radius leaves room for labels that stay at least 11 px. */
	var R = 150, FONT = 14, WRAP = 18;
	function layout(box) {
		var w = box.clientWidth || 640, scale = Math.min(640, w) / 640;
		FONT = Math.max(14, Math.ceil(11.5 / scale));
		R = FONT > 18 ? 112 : 150;
		WRAP = Math.max(9, Math.floor((320 - R - 20) / (0.56 * FONT)));
	}
	function point(i, n, r) {
		var a = -Math.PI / 2 + 2 * Math.PI * i / n;
		return [320 + Math.cos(a) * R * r, 230 + Math.sin(a) * R * r];
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
		layout(box);
		var s = svg("svg", { viewBox: "0 0 640 460", "class": "radar", role: "img",
			"aria-label": "Radar des scores par axe" + NNBSP + "; les chiffres figurent dans le tableau qui suit" });
		var grid = svg("g", { "class": "radar-grid" });
		for (var lv = 1; lv <= MAX; lv++)
			grid.appendChild(svg("polygon", { points: points(M.axes.map(function () { return lv / MAX; })) }));
		M.axes.forEach(function (a, i) {
			var p = point(i, n, 1);
			grid.appendChild(svg("line", { x1: 320, y1: 230, x2: p[0].toFixed(1), y2: p[1].toFixed(1) }));
		});
		s.appendChild(grid);
		/* The target: only the axes given one, joined in axis order. */
		var given = res.axes.map(function (a, i) { return [a, i]; }).filter(function (x) { return x[0].target !== null; });
		if (given.length) {
			var pts = given.map(function (x) {
				var p = point(x[1], n, x[0].target / MAX);
				return p[0].toFixed(1) + "," + p[1].toFixed(1);
			}).join(" ");
			if (given.length === n)
				s.appendChild(svg("polygon", { "class": "radar-target", points: pts }));
			else if (given.length > 1)
				s.appendChild(svg("polyline", { "class": "radar-target", points: pts, fill: "none" }));
			given.forEach(function (x) {
				var p = point(x[1], n, x[0].target / MAX);
				s.appendChild(svg("circle", { "class": "radar-target-dot", cx: p[0].toFixed(1), cy: p[1].toFixed(1), r: 5 }));
			});
		}
		s.appendChild(svg("polygon", { "class": "radar-area", points: points(res.axes.map(function (a) {
			return a.score === null ? 0 : a.score / MAX; })) }));
		var labels = svg("g", { "class": "radar-labels" });
		M.axes.forEach(function (a, i) {
			var p = point(i, n, 1 + 16 / R), ang = -Math.PI / 2 + 2 * Math.PI * i / n;
			var c = Math.cos(ang), sn = Math.sin(ang);
			var words = a.title.split(" "), lines = [], line = "";
			words.forEach(function (w) {
				if (line && (line + " " + w).length > WRAP) { lines.push(line); line = w; }
				else line = line ? line + " " + w : w;
			});
			if (line) lines.push(line);
			var y = p[1], lh = FONT * 1.15;
			if (sn < -0.3) y -= lh * (lines.length - 1);
			else if (sn <= 0.3) y -= lh / 2 * (lines.length - 1) - FONT / 3;
			else y += FONT;
			var t = svg("text", { x: p[0].toFixed(1), y: y.toFixed(1), style: "font-size: " + FONT + "px",
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
		var legend = el("ul", { "class": "radar-legend" });
		var li = el("li", {});
		li.appendChild(el("span", { "class": "key key-score", "aria-hidden": "true" }));
		li.appendChild(document.createTextNode("Score de chaque axe (le centre vaut 0, le bord " + MAX + ")"));
		legend.appendChild(li);
		if (given.length) {
			li = el("li", {});
			li.appendChild(el("span", { "class": "key key-target", "aria-hidden": "true" }));
			li.appendChild(document.createTextNode(given.length === n ? "Vos cibles (tirets)"
				: "Vos cibles (points), sur les seuls axes qui en ont une"));
			legend.appendChild(li);
		}
		box.appendChild(legend);
	}

	function scoreText(o) {
		return "niveau " + levelLabel(o.level) + " (score " + trunc(o.score) + " sur " + MAX + ")";
	}
	function completenessText(o) {
		return pct(o.completeness) + " (" + o._answered + " sur " + plural(o._applicable, "question applicable", "questions applicables") +
			" " + (o._answered > 1 ? "ont une réponse" : "a une réponse") + ")";
	}

	function renderResults() {
		var res = compute(), o = res.overall;
		var summary = document.getElementById("q-summary");
		if (summary)
			summary.textContent = o.score === null
				? "Répondez à une première question pour voir vos scores."
				: "Niveau global" + NBSP + ": " + levelLabel(o.level) + " (score " + trunc(o.score) +
				  " sur " + MAX + "). Complétude" + NBSP + ": " + completenessText(o) + ".";
		var mini = document.getElementById("q-mini");
		if (mini)
			mini.textContent = o.score === null ? "Pas encore de score" :
				"Niveau global " + levelLabel(o.level) + " · score " + trunc(o.score) + " sur " + MAX +
				" · " + pct(o.completeness) + " des questions";
		res.axes.forEach(function (a) {
			var row = document.querySelector('#q-axes tr[data-axis="' + a.id + '"]');
			if (!row)
				return;
			var cells = row.querySelectorAll("td");
			cells[0].textContent = trunc(a.score);
			cells[1].textContent = levelLabel(a.level);
			cells[2].textContent = a.target === null ? "–" : levelLabel(a.target);
			cells[3].textContent = a.completeness === null ? "–" : pct(a.completeness) + " (" + a._answered + "/" + a._applicable + ")";
		});
		radar(res);
		renderCompare(res);
		renderPlan(res);
		renderProgress(res);
		renderList();
	}

	/* ---- last year beside this year: a reference diagnostic ---- */
	function reference() {
		var ref = state.reference;
		return ref && typeof ref === "object" && ref.answers ? { state: ref, result: compute(ref) } : null;
	}
	function delta(a, b) {
		if (a === null || b === null) return "–";
		var d = Math.round((a - b) * 10) / 10;
		return (d > 0 ? "+" : d < 0 ? "−" : "±") + fr(Math.abs(d));
	}
	function renderCompare(res) {
		var box = document.getElementById("q-compare"), ref = reference();
		if (!box)
			return;
		box.textContent = "";
		box.hidden = !ref;
		if (!ref)
			return;
		var r0 = ref.result;
		box.appendChild(el("h3", {}, "Évolution depuis le diagnostic du " + ref.state.date));
		var wrap = el("div", { "class": "table-scroll", tabindex: "0", role: "region",
			"aria-label": "Scores par axe, au diagnostic de référence et aujourd’hui" });
		var table = el("table", { "class": "table", id: "q-compare-axes" });
		table.appendChild(el("caption", {}, "Scores par axe (sur " + MAX + ") le " + ref.state.date + " et aujourd’hui"));
		var head = el("tr", {});
		["Axe", "Le " + ref.state.date, "Aujourd’hui", "Évolution"].forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
		var thead = el("thead", {});
		thead.appendChild(head);
		table.appendChild(thead);
		var tbody = el("tbody", {});
		var rows = [["Score global", r0.overall, res.overall]].concat(M.axes.map(function (a, i) {
			return [a.title, r0.axes[i], res.axes[i]];
		}));
		rows.forEach(function (row) {
			var tr = el("tr", { "data-axis": row[0] });
			tr.appendChild(el("th", { scope: "row" }, row[0]));
			tr.appendChild(el("td", { "class": "num" }, trunc(row[1].score)));
			tr.appendChild(el("td", { "class": "num" }, trunc(row[2].score)));
			tr.appendChild(el("td", { "class": "num" }, delta(row[2].score, row[1].score)));
			tbody.appendChild(tr);
		});
		table.appendChild(tbody);
		wrap.appendChild(table);
		box.appendChild(wrap);
		var changed = [];
		M.fiches.forEach(function (f, fi) {
			var b = r0.fiches[fi].level, a = res.fiches[fi].level;
			if (a !== b) changed.push([f, b, a]);
		});
		box.appendChild(el("p", {}, changed.length ? plural(changed.length, "fiche a changé", "fiches ont changé") +
			" de niveau" + NNBSP + ":" : "Aucune fiche n’a changé de niveau."));
		if (changed.length) {
			var ul = el("ul", { "class": "q-changes" });
			changed.forEach(function (c) {
				var li = el("li", {});
				li.appendChild(el("a", { href: "fiches/" + c[0].id + ".html" }, c[0].title));
				li.appendChild(document.createTextNode(NBSP + ": " + (c[1] === null ? "non évalué" : "niveau " + c[1]) +
					" → " + (c[2] === null ? "non évalué" : "niveau " + c[2])));
				ul.appendChild(li);
			});
			box.appendChild(ul);
		}
		var rm = el("button", { type: "button", "class": "button secondary small", id: "q-reference-remove" }, "Retirer la comparaison");
		box.appendChild(rm);
	}
	function loadReference(ev) {
		var input = ev.target, file = input.files && input.files[0];
		if (!file)
			return;
		var reader = new FileReader();
		reader.onload = function () {
			input.value = "";
			var s = readAnswers(String(reader.result), file.name);
			if (!s)
				return;
			delete s.warnings;
			s.slug = file.name.replace(/\.ya?ml$/, "");
			var same = (s.code && state.code && s.code === state.code) ||
				String(s.territory).trim() === String(state.territory).trim();
			state.reference = s;
			save();
			renderResults();
			status("Diagnostic du " + s.date + " de «" + NBSP + s.territory + NBSP + "» chargé comme référence." +
				(same ? "" : " Attention" + NBSP + ": ce n’est pas la même collectivité."), !same);
		};
		reader.readAsText(file);
	}

	function planEntry(id) {
		return (state.plan || []).filter(function (p) { return p.action === id; })[0] || null;
	}

	function recItem(r) {
		var f = M.fiches[r._f], li = el("li", { "data-rec": r.id });
		li.appendChild(el("p", { "class": "plan-text" }, r.text));
		var meta = el("p", { "class": "meta" });
		meta.appendChild(document.createTextNode("Fiche "));
		meta.appendChild(el("a", { href: "fiches/" + f.id + ".html" }, f.title));
		meta.appendChild(document.createTextNode(" · " + HORIZON_LABELS[r.horizon].toLowerCase() +
			" · niveau actuel " + r._cur + " · priorité " + fr(r.priority, r.priority % 1 ? 1 : 0)));
		li.appendChild(meta);
		li.appendChild(adoptControls(r));
		return li;
	}

	/* Adopting an action: status, owner and due date, kept in state.plan. */
	var STATUS_LABELS = { "": "Non retenue", prevue: "Prévue", "en-cours": "En cours", faite: "Faite", abandonnee: "Abandonnée" };
	function adoptControls(r) {
		var p = planEntry(r.id), box = el("div", { "class": "adopt" });
		var sid = "adopt-" + r.id.replace(/[^a-z0-9-]/g, "-");
		var lab = el("label", { "for": sid }, "Action retenue" + NBSP + ": ");
		var sel = el("select", { id: sid, "data-adopt": r.id, "data-field": "status" });
		Object.keys(STATUS_LABELS).forEach(function (k) {
			var opt = el("option", { value: k }, STATUS_LABELS[k]);
			if ((p ? p.status : "") === k) opt.selected = true;
			sel.appendChild(opt);
		});
		box.appendChild(lab);
		box.appendChild(sel);
		if (p) {
			var l2 = el("label", { "for": sid + "-porteur" }, "Porteur");
			var i2 = el("input", { type: "text", id: sid + "-porteur", "data-adopt": r.id, "data-field": "porteur" });
			i2.value = p.porteur || "";
			var l3 = el("label", { "for": sid + "-echeance" }, "Échéance");
			var i3 = el("input", { type: "date", id: sid + "-echeance", "data-adopt": r.id, "data-field": "echeance" });
			i3.value = p.echeance || "";
			[l2, i2, l3, i3].forEach(function (x) { box.appendChild(x); });
		}
		return box;
	}
	function onAdopt(ev) {
		var t = ev.target, id = t.getAttribute("data-adopt");
		if (!id)
			return;
		var field = t.getAttribute("data-field"), p = planEntry(id);
		state.plan = state.plan || [];
		if (field === "status") {
			if (!t.value) {
				state.plan = state.plan.filter(function (x) { return x.action !== id; });
			} else if (p) {
				p.status = t.value;
			} else {
				state.plan.push({ action: id, status: t.value });
			}
		} else if (p) {
			p[field] = t.value;
			save();
			return; /* typing: no re-render, the focus stays */
		}
		save();
		renderResults();
		var again = document.getElementById(t.id);
		if (again) again.focus();
	}

	function renderPlan(res) {
		var box = document.getElementById("q-plan");
		if (!box)
			return;
		box.textContent = "";
		var recs = res.recommendations;
		if (!recs.length) {
			box.appendChild(el("p", {}, "Aucune recommandation pour l’instant."));
			return;
		}
		var byId = {};
		recs.forEach(function (r) { byId[r.id] = r; });
		var top = res.priority_measures.map(function (id) { return byId[id]; });
		box.appendChild(el("h4", {}, "Les " + plural(top.length, "mesure prioritaire", "mesures prioritaires") +
			" pour les prochains mois"));
		box.appendChild(el("p", { "class": "meta" }, "Les actions de plus haute priorité, une par fiche" +
			(res.review ? "" + NBSP + "; prochain point d’étape le " + res.review : "") + "."));
		var ol = el("ol", { "class": "plan plan-top" });
		top.forEach(function (r) { ol.appendChild(recItem(r)); });
		box.appendChild(ol);
		var rest = recs.filter(function (r) { return res.priority_measures.indexOf(r.id) < 0; });
		if (!rest.length)
			return;
		var det = el("details", { "class": "plan-rest" });
		det.appendChild(el("summary", {}, "Les " + plural(rest.length, "autre action", "autres actions") + " du plan, par horizon"));
		HORIZONS.forEach(function (h) {
			var group = rest.filter(function (r) { return r.horizon === h; });
			if (!group.length)
				return;
			var head = el("h5", {});
			head.appendChild(el("span", { "class": "tag h-" + h }, HORIZON_LABELS[h]));
			head.appendChild(document.createTextNode(" " + plural(group.length, "action", "actions")));
			det.appendChild(head);
			var o2 = el("ol", { "class": "plan" });
			group.forEach(function (r) { o2.appendChild(recItem(r)); });
			det.appendChild(o2);
		});
		box.appendChild(det);
	}

	function renderProgress(res) {
		res.fiches.forEach(function (f) {
			var span = document.querySelector('[data-progress="' + f.id + '"]');
			if (!span)
				return;
			var done = f.questions.filter(function (x) { return x.level !== null; }).length;
			span.textContent = done + "/" + f.questions.length + (f.questions.length > 1 ? " réponses" : " réponse") +
				(f.score === null ? "" : " · niveau " + f.level);
		});
	}

	/* ---- the list of diagnostics kept in this browser ---- */
	function renderList() {
		var box = document.getElementById("q-diagnostics");
		if (!box)
			return;
		var all = listDiags();
		if (!all.some(function (d) { return d.id === state.id; }))
			all.unshift(state);
		box.textContent = "";
		all.forEach(function (d) {
			var li = el("li", { "data-diagnostic": d.id }), cur = d.id === state.id;
			var n = Object.keys(d.answers || {}).reduce(function (k, f) { return k + Object.keys(d.answers[f]).length; }, 0);
			var label = el("span", { "class": "diag-label" }, diagLabel(d));
			if (cur) label.setAttribute("aria-current", "true");
			li.appendChild(label);
			li.appendChild(el("span", { "class": "meta" }, " " + plural(n, "réponse", "réponses") + (cur ? " · en cours" : "")));
			var actions = el("span", { "class": "diag-actions" });
			if (!cur)
				actions.appendChild(el("button", { type: "button", "class": "button secondary small", "data-diag-open": d.id,
					"aria-label": "Reprendre " + diagLabel(d) }, "Reprendre"));
			actions.appendChild(el("button", { type: "button", "class": "button secondary small", "data-diag-copy": d.id,
				"aria-label": "Repartir de ces réponses (" + diagLabel(d) + ") pour un nouveau diagnostic" }, "Repartir de ces réponses"));
			actions.appendChild(el("button", { type: "button", "class": "button secondary small", "data-diag-delete": d.id,
				"aria-label": "Supprimer " + diagLabel(d) }, "Supprimer"));
			li.appendChild(actions);
			box.appendChild(li);
		});
	}
	function switchTo(s, msg) {
		state = s;
		save();
		fillForm();
		show(state.current || 0, false);
		renderResults();
		if (msg) status(msg);
	}
	function onListClick(ev) {
		var b = ev.target.closest("button");
		if (!b)
			return;
		var id;
		if ((id = b.getAttribute("data-diag-open"))) {
			var d = readDiag(id);
			if (d) switchTo(d, "Diagnostic «" + NBSP + diagLabel(d) + NBSP + "» repris.");
		} else if ((id = b.getAttribute("data-diag-copy"))) {
			var src = id === state.id ? state : readDiag(id);
			if (!src) return;
			var c = JSON.parse(JSON.stringify(src));
			c.id = newId();
			/* last year beside this year: the source is the reference */
			c.reference = JSON.parse(JSON.stringify(src));
			delete c.reference.reference;
			delete c.reference.id;
			c.date = A.today();
			c.plan = (c.plan || []).filter(function (p) { return p.status !== "faite" && p.status !== "abandonnee"; });
			c.current = 0;
			switchTo(Object.assign(blank(), c, { id: c.id }), "Nouveau diagnostic du " + c.date +
				", prérempli avec les réponses de «" + NBSP + diagLabel(src) + NBSP + "»" + NNBSP + ": mettez-les à jour.");
		} else if ((id = b.getAttribute("data-diag-delete"))) {
			var victim = id === state.id ? state : readDiag(id);
			if (!victim) return;
			var choices = [["delete", "Supprimer", true], CANCEL_CHOICE];
			if (id === state.id) choices.splice(0, 0, EXPORT_CHOICE);
			ask("Supprimer le diagnostic «" + NBSP + diagLabel(victim) + NBSP + "» de ce navigateur" + NNBSP +
				"? Ses réponses seront perdues si vous ne les avez pas téléchargées.", choices, function (v) {
				if (v !== "delete") return;
				removeDiag(id);
				if (id === state.id) {
					var rest = listDiags();
					switchTo(rest.length ? rest[0] : blank());
				} else {
					renderList();
				}
				status("Diagnostic «" + NBSP + diagLabel(victim) + NBSP + "» supprimé.");
			});
		}
	}
	function newDiagnostic() {
		switchTo(blank(), "Nouveau diagnostic commencé" + NNBSP + "; les autres restent dans la liste.");
		form.elements.territory.focus();
	}

	/* Another tab changed a diagnostic: follow it if it is ours. */
	window.addEventListener("storage", function (ev) {
		if (saving || !ev.key || ev.key.indexOf(PREFIX) !== 0) {
			return;
		}
		if (ev.key === PREFIX + state.id) {
			if (ev.newValue === null) {
				/* deleted elsewhere: the answers stay on this page until
				 * the next change saves them again */
			} else {
				var d = readDiag(state.id), active = document.activeElement;
				if (d) {
					/* no save here: the tabs would echo each other */
					state = d;
					fillForm();
					show(state.current || 0, false, true);
					if (active && active.id && document.getElementById(active.id)) document.getElementById(active.id).focus();
				}
			}
		}
		renderResults();
	});

	/* ---- the form ---- */
	var sections = Array.prototype.slice.call(form.querySelectorAll(".q-fiche"));
	var steps = Array.prototype.slice.call(form.querySelectorAll(".q-steps a"));
	var ident = ["territory", "code", "kind", "population", "date", "respondent"];

	function show(i, focus, nosave) {
		i = Math.max(0, Math.min(sections.length - 1, i));
		state.current = i;
		sections.forEach(function (s, k) { s.hidden = k !== i; });
		steps.forEach(function (a, k) {
			if (k === i) a.setAttribute("aria-current", "step");
			else a.removeAttribute("aria-current");
		});
		var cur = steps[i];
		if (cur && cur.scrollIntoView && cur.parentNode) {
			var list = cur.closest("ol");
			if (list && (cur.offsetTop < list.scrollTop || cur.offsetTop + cur.offsetHeight > list.scrollTop + list.clientHeight))
				list.scrollTop = Math.max(0, cur.offsetTop - list.clientHeight / 3);
		}
		var pager = sections[i].querySelectorAll(".q-pager button");
		pager[0].disabled = i === 0;
		pager[1].disabled = i === sections.length - 1;
		if (focus)
			sections[i].querySelector("h2").focus();
		if (!nosave)
			save();
	}

	function fillForm() {
		ident.forEach(function (k) {
			var input = form.elements[k];
			if (input)
				input.value = state[k] === undefined || state[k] === null ? "" : String(state[k]);
		});
		M.fiches.forEach(function (f) {
			f.questions.forEach(function (qu) {
				var lv = answerOf(state, f.id, qu.id), v = lv === null ? "" : String(lv);
				var radios = form.querySelectorAll('input[name="' + f.id + "/" + qu.id + '"]');
				Array.prototype.forEach.call(radios, function (r) { r.checked = r.value === v; });
			});
			var note = form.querySelector('[data-note="' + f.id + '"]');
			if (note)
				note.value = state.notes[f.id] || "";
		});
		renderViews();
		Array.prototype.forEach.call(form.querySelectorAll("[data-target]"), function (s) {
			var t = state.targets[s.getAttribute("data-target")];
			s.value = typeof t === "number" ? String(t) : "";
		});
	}

	/* ---- workshop: the views of several respondents ---- */
	var DIVERGENCE = M.divergence || 2;
	function viewText(v) {
		return v === "na" ? "non applicable" : v === "nsp" ? "ne sait pas" : "niveau " + v;
	}
	function renderViews() {
		M.fiches.forEach(function (f) {
			f.questions.forEach(function (qu) {
				var box = form.querySelector('#fiche-' + f.id + ' .q-question[data-question="' + qu.id + '"]');
				if (!box)
					return;
				var old = box.querySelector(".q-views");
				if (old)
					old.remove();
				var e = ((state.answers || {})[f.id] || {})[qu.id];
				if (!e || typeof e !== "object" || !e.views || !e.views.length)
					return;
				var spread = S.spreadOf(e, MAX), div = spread !== null && spread >= DIVERGENCE;
				var p = el("div", { "class": "q-views" + (div ? " divergence" : ""), id: "avis-" + f.id + "-" + qu.id });
				p.appendChild(el("p", { "class": "q-views-title" }, "Avis des participants" +
					(spread === null ? "" : " · écart de " + plural(spread, "niveau", "niveaux")) +
					(div ? " · divergence à discuter" : "")));
				var ul = el("ul", {});
				e.views.forEach(function (v) { ul.appendChild(el("li", {}, v[0] + NBSP + ": " + viewText(v[1]))); });
				p.appendChild(ul);
				var lv = S.levelOf(e, MAX);
				p.appendChild(el("p", { "class": "meta" }, e.level !== null && e.level !== undefined
					? "Niveau retenu en séance" + NBSP + ": " + viewText(e.level) + "."
					: "Sans choix, le niveau compté est l’avis médian le plus prudent" + NBSP + ": " +
					  (lv === null ? "aucun" : viewText(lv)) + ". Choisissez ci-dessus le niveau retenu."));
				box.insertBefore(p, box.querySelector(".q-options"));
				var group = box.querySelector(".q-options");
				if (group)
					group.setAttribute("aria-describedby", p.id);
			});
		});
	}
	/* Several colleagues' files: one collective diagnostic with their views. */
	function loadWorkshop(ev) {
		var input = ev.target, files = Array.prototype.slice.call(input.files || []);
		if (!files.length)
			return;
		var texts = [], done = 0;
		files.forEach(function (file, i) {
			var reader = new FileReader();
			reader.onload = function () {
				texts[i] = String(reader.result);
				if (++done === files.length) {
					input.value = "";
					buildWorkshop(files, texts);
				}
			};
			reader.readAsText(file);
		});
	}
	function buildWorkshop(files, texts) {
		var states = [], names = {}, problems = [];
		for (var i = 0; i < files.length; i++) {
			var r = A.read(texts[i], M);
			if (!r.state) {
				status("Atelier impossible" + NBSP + ": «" + NBSP + files[i].name + NBSP + "» n’est pas un fichier de réponses valide.", true, r.errors);
				return;
			}
			var name = String(r.state.respondent || "").trim() || files[i].name.replace(/\.ya?ml$/, "");
			if (names[name]) {
				status("Atelier impossible" + NBSP + ": le répondant «" + NBSP + name + NBSP + "» figure dans deux fichiers.", true);
				return;
			}
			names[name] = true;
			r.state.respondent = name;
			states.push(r.state);
		}
		var first = states[0], c = blank();
		["territory", "code", "kind", "population", "date"].forEach(function (k) { c[k] = first[k]; });
		c.targets = JSON.parse(JSON.stringify(first.targets || {}));
		states.forEach(function (s) {
			if (s.territory !== first.territory || (s.code || "") !== (first.code || ""))
				problems.push("«" + NBSP + s.respondent + NBSP + "» répond pour «" + NBSP + s.territory + NBSP + "»");
		});
		c.respondents = states.map(function (s) { return { name: s.respondent }; });
		M.fiches.forEach(function (f) {
			f.questions.forEach(function (qu) {
				var views = [];
				states.forEach(function (s) {
					var lv = S.levelOf(((s.answers || {})[f.id] || {})[qu.id], MAX);
					if (lv !== null) views.push([s.respondent, lv]);
				});
				if (views.length)
					(c.answers[f.id] = c.answers[f.id] || {})[qu.id] = { level: null, views: views };
			});
			var notes = states.filter(function (s) { return String((s.notes || {})[f.id] || "").trim(); })
				.map(function (s) { return s.respondent + NBSP + ": " + s.notes[f.id].trim(); });
			if (notes.length) c.notes[f.id] = notes.join("\n");
		});
		var go = function () {
			switchTo(c);
			var res = compute();
			status("Atelier de «" + NBSP + c.territory + NBSP + "»" + NBSP + ": " + plural(states.length, "participant", "participants") +
				", " + plural(res.divergences.length, "divergence", "divergences") + " d’au moins " + DIVERGENCE + " niveaux. " +
				"Le fichier collectif se télécharge comme les autres." + (problems.length ? " Attention" + NBSP + ": " + problems.join(", ") + "." : ""),
				problems.length > 0);
		};
		if (!hasContent(state)) {
			c.id = state.id;
			go();
			return;
		}
		go();
	}

	function onChange(ev) {
		var t = ev.target, name = t.name || "";
		if (t.type === "radio" && name.indexOf("/") > 0) {
			var parts = name.split("/"), fa = state.answers[parts[0]] || {};
			var prev = fa[parts[1]], v = t.value;
			v = v === "" ? null : v === "na" || v === "nsp" ? v : Number(v);
			if (prev && typeof prev === "object") {
				prev.level = v;
				if (v === null && !prev.note && !prev.evidence && !(prev.views || []).length) delete fa[parts[1]];
				if (prev.views && prev.views.length) {
					state.answers[parts[0]] = fa;
					save();
					renderViews();
					renderResults();
					return;
				}
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

	/* ---- export and import ---- */
	function toYaml(s) { return A.write(s || state, M); }

	function status(msg, isError, details) {
		var p = document.getElementById("q-status");
		if (!p)
			return;
		p.textContent = msg;
		p.className = "q-status" + (isError ? " error" : "");
		if (details && details.length) {
			var ul = el("ul", {});
			details.slice(0, 20).forEach(function (d) {
				ul.appendChild(el("li", {}, "Ligne " + d.line + ", colonne " + d.col + NBSP + ": " + d.message));
			});
			if (details.length > 20)
				ul.appendChild(el("li", {}, "… et " + (details.length - 20) + " autres."));
			p.appendChild(ul);
		}
	}

	function exportFile() {
		if (!String(state.territory).trim()) {
			status("Indiquez d’abord le nom de la collectivité.", true);
			if (dialog && dialog.open) dialog.close("cancel");
			form.elements.territory.focus();
			return;
		}
		var text = toYaml(), name = S.slugify(state.territory, state.date || A.today()) + ".yaml";
		var pre = document.getElementById("q-yaml");
		if (pre)
			pre.textContent = text;
		var a = el("a", { href: URL.createObjectURL(new Blob([text], { type: "text/yaml" })), download: name });
		document.body.appendChild(a);
		a.click();
		a.remove();
		status("Fichier «" + NBSP + name + NBSP + "» téléchargé.");
	}

	/* Reads a file's text into a state, or reports its problems. */
	function readAnswers(text, fileName) {
		var r = A.read(text, M);
		if (!r.state) {
			status("Import impossible" + NBSP + ": «" + NBSP + fileName + NBSP + "» n’est pas un fichier de réponses valide (" +
				plural(r.errors.length, "problème", "problèmes") + ", les mêmes que signale autodiag check).", true, r.errors);
			return null;
		}
		r.state.warnings = r.warnings;
		return r.state;
	}

	function importFile(ev) {
		var input = ev.target, file = input.files && input.files[0];
		if (!file)
			return;
		var reader = new FileReader();
		reader.onload = function () {
			input.value = "";
			var s = readAnswers(String(reader.result), file.name);
			if (!s)
				return;
			var warnings = s.warnings;
			delete s.warnings;
			var fresh = Object.assign(blank(), s, { id: newId() });
			var done = function (how) {
				if (how === "replace")
					fresh.id = state.id;
				switchTo(fresh);
				status("Réponses de «" + NBSP + fresh.territory + NBSP + "» importées" +
					(how === "new" ? " dans un nouveau diagnostic" + NNBSP + "; le précédent reste dans la liste" : "") + "." +
					(warnings.length ? " " + plural(warnings.length, "avertissement", "avertissements") + NBSP + ":" : ""),
					false, warnings);
			};
			if (!hasContent(state)) {
				done("replace");
				return;
			}
			ask("Le diagnostic en cours («" + NBSP + diagLabel(state) + NBSP + "») contient déjà des réponses. " +
				"Importer «" + NBSP + file.name + NBSP + "» (" + diagLabel(fresh) + ")" + NNBSP + "?",
				[EXPORT_CHOICE, ["new", "Importer comme nouveau diagnostic", true],
				 ["replace", "Remplacer les réponses en cours"], CANCEL_CHOICE], function (v) {
					if (v === "new" || v === "replace") done(v);
					else status("Import annulé" + NNBSP + "; rien n’a changé.");
				});
		};
		reader.readAsText(file);
	}

	function resetAnswers() {
		ask("Effacer toutes les réponses du diagnostic «" + NBSP + diagLabel(state) + NBSP + "»" + NNBSP +
			"? Elles seront perdues si vous ne les avez pas téléchargées.",
			[EXPORT_CHOICE, ["reset", "Effacer les réponses", true], CANCEL_CHOICE], function (v) {
				if (v !== "reset")
					return;
				var keep = state.id;
				state = blank();
				state.id = keep;
				save();
				fillForm();
				show(0, true);
				renderResults();
				status("Réponses effacées.");
			});
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
	/* "Aller aux questions": to the current fiche's title. */
	Array.prototype.forEach.call(document.querySelectorAll("[data-skip-questions]"), function (a) {
		a.addEventListener("click", function (ev) {
			ev.preventDefault();
			sections[state.current || 0].querySelector("h2").focus();
		});
	});
	var planBox = document.getElementById("q-plan");
	if (planBox) {
		planBox.addEventListener("change", onAdopt);
		planBox.addEventListener("input", function (ev) { if (ev.target.type === "text") onAdopt(ev); });
	}
	var wsInput = document.getElementById("q-workshop-files");
	if (wsInput)
		wsInput.addEventListener("change", loadWorkshop);
	var refInput = document.getElementById("q-reference");
	if (refInput)
		refInput.addEventListener("change", loadReference);
	var cmp = document.getElementById("q-compare");
	if (cmp)
		cmp.addEventListener("click", function (ev) {
			if (ev.target.id === "q-reference-remove") {
				delete state.reference;
				save();
				renderResults();
				document.getElementById("q-reference").focus();
			}
		});
	var list = document.getElementById("q-diagnostics");
	if (list)
		list.addEventListener("click", onListClick);
	var nb = document.getElementById("q-new");
	if (nb)
		nb.addEventListener("click", newDiagnostic);
	document.getElementById("q-export").addEventListener("click", exportFile);
	document.getElementById("q-import").addEventListener("change", importFile);
	document.getElementById("q-reset").addEventListener("click", resetAnswers);

	/* ---- "mon rapport": the full report of these answers ---- */
	var REPORT = window.AUTODIAG_REPORT, T = window.AUTODIAG_TEMPLATES;
	var reportBox = document.getElementById("mon-rapport");
	function showReport(on, focus) {
		if (!reportBox || !REPORT || !T)
			return;
		if (on) {
			document.getElementById("mon-rapport-contenu").innerHTML = REPORT.render(state, compute(), M, T, reference());
			document.title = "Mon rapport – " + (String(state.territory).trim() || "diagnostic") + " – " + M.title;
		} else {
			document.title = pageTitle;
		}
		reportBox.hidden = !on;
		document.body.classList.toggle("showing-report", on);
		if (focus) {
			var h = on ? reportBox.querySelector("h1") : document.getElementById("q-report-open");
			if (h) {
				if (on) h.setAttribute("tabindex", "-1");
				h.focus();
			}
		}
	}
	var pageTitle = document.title;
	function route(focus) { showReport(window.location.hash === "#mon-rapport", focus); }
	window.addEventListener("hashchange", function () { route(true); });
	var closeReport = document.getElementById("q-report-close");
	if (closeReport)
		closeReport.addEventListener("click", function () {
			if (window.location.hash === "#mon-rapport")
				window.history.pushState(null, "", window.location.pathname + window.location.search);
			showReport(false, true);
		});
	var printBtn = document.getElementById("q-print");
	if (printBtn)
		printBtn.addEventListener("click", function () { window.print(); });

	var resizing = null;
	window.addEventListener("resize", function () {
		window.clearTimeout(resizing);
		resizing = window.setTimeout(function () { radar(compute()); }, 150);
	});

	fillForm();
	show(state.current || 0, false);
	renderResults();
	route(false);

	/* For tests and integrations. */
	window.AUTODIAG_QUESTIONNAIRE = {
		result: function () { return S.strip(compute()); },
		resultOf: function (s) { return S.public(s, M); },
		state: function () { return JSON.parse(JSON.stringify(state)); },
		yaml: function () { return toYaml(); },
		parse: function (text) {
			var r = A.read(text, M);
			if (!r.state) {
				var e = r.errors[0];
				throw new Error("ligne " + e.line + ", colonne " + e.col + NBSP + ": " + e.message);
			}
			return r.state;
		},
		read: function (text) { return A.read(text, M); },
		report: function () { return REPORT.render(state, compute(), M, T, reference()); }
	};
})();
