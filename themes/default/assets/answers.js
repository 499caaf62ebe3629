/* answers.js: reading and writing answers files in the browser.  The YAML
 * is parsed by js-yaml (assets/js-yaml.js, failsafe schema: every scalar
 * stays the text written) into a tree of positioned nodes, and then checked
 * with the rules of `autodiag check` (src/load.c), each problem reported at
 * the same line and column.  Works in a page (window.AUTODIAG_ANSWERS) and
 * under Node for the tests (module.exports). */
(function (root) {
	"use strict";
	var KINDS = ["commune", "intercommunalite", "departement", "region", "autre"];
	var STATUSES = ["prevue", "en-cours", "faite", "abandonnee"];
	var NBSP = "\u00a0";

	function yamlLib() {
		return root.jsyaml || (typeof require === "function" ? require("./js-yaml.js") : null);
	}

	/* ---- positions ---- */
	function lineStarts(text) {
		var starts = [0];
		for (var i = 0; i < text.length; i++)
			if (text.charCodeAt(i) === 10)
				starts.push(i + 1);
		return starts;
	}
	function position(starts, text, offset) {
		var lo = 0, hi = starts.length - 1;
		while (lo < hi) {
			var mid = (lo + hi + 1) >> 1;
			if (starts[mid] <= offset) lo = mid;
			else hi = mid - 1;
		}
		/* Columns count code points, like libyaml. */
		var col = 1;
		for (var i = starts[lo]; i < offset; i++) {
			var c = text.charCodeAt(i);
			if (c < 0xdc00 || c > 0xdfff)
				col++;
		}
		return { line: lo + 1, col: col };
	}
	/* The offset of the first character of a node opened at offset: past
	 * blanks, line breaks and comments. */
	function skipBlank(text, i, end) {
		for (;;) {
			while (i < end && /[ \t\r\n]/.test(text[i]))
				i++;
			if (i < end && text[i] === "#" && (i === 0 || /[ \t\r\n]/.test(text[i - 1]))) {
				while (i < end && text[i] !== "\n")
					i++;
				continue;
			}
			return i;
		}
	}

	/*
	 * Parses text into nodes { kind: "map"|"seq"|"scalar", line, col, str,
	 * plain, items } (a mapping's items alternate keys and values), or throws
	 * { line, col, message }.  js-yaml's listener reports each node opened and
	 * closed; their nesting gives the tree and the opening offsets the
	 * positions.
	 */
	function parseTree(text) {
		var Y = yamlLib(), starts = lineStarts(text);
		var stack = [{ children: [] }], docs = 0;
		function fail(offset, message) {
			var p = position(starts, text, offset);
			throw { line: p.line, col: p.col, message: message };
		}
		try {
			Y.loadAll(text, function () { docs++; }, {
				schema: Y.FAILSAFE_SCHEMA,
				listener: function (ev, st) {
					if (ev === "open") {
						stack.push({ open: st.position, children: [] });
						return;
					}
					var n = stack.pop();
					n.end = st.position;
					n.kind = st.kind;
					n.result = st.result;
					stack[stack.length - 1].children.push(n);
				}
			});
		} catch (e) {
			if (e && e.mark) {
				var at = e.mark.position, reason = String(e.reason || e.message);
				if (/unknown tag/.test(reason)) {
					/* js-yaml stops past the node; libyaml points at the tag. */
					var before = text.slice(0, at), t = /(^|[\s\[{,])(![^\s,\[\]{}]*)[^!]*$/.exec(before);
					if (t)
						fail(t.index + t[1].length, "l’étiquette YAML «" + NBSP + t[2] + NBSP +
							"» n’est pas prise en charge" + NBSP + ": écrivez la valeur sans elle");
				}
				if (/missed comma between flow collection entries/.test(reason)) {
					/* libyaml reads on through a plain scalar to the next ':'. */
					var w = /^[^\s,:\[\]{}#][^,:\[\]{}\n]*(?=:)/.exec(text.slice(at));
					if (w)
						at += w[0].length;
				}
				var p = position(starts, text, at);
				throw { line: p.line, col: p.col, message: yamlMessage(e.reason || e.message) };
			}
			if (e && e.line)
				throw e;
			throw { line: 1, col: 1, message: "YAML invalide" };
		}
		function build(n, prevEnd) {
			var empty = (n.result === null || n.result === undefined) && !n.kind;
			/* An empty value sits at the next token, as libyaml puts it. */
			var start = skipBlank(text, n.open, empty ? text.length : Math.max(n.end, n.open));
			var ch = text[start], node;
			/* js-yaml may compose a node inside an attempt at a block
			 * mapping that then hands the same result up: one node. */
			if (n.children.length === 1 && n.children[0].result === n.result && n.children[0].kind === n.kind)
				return build(n.children[0], prevEnd);
			if (n.kind === "mapping" || n.kind === "sequence") {
				node = { kind: n.kind === "mapping" ? "map" : "seq", items: [] };
				if (n.kind === "sequence")
					n.children.forEach(function (c) { node.items.push(build(c)); });
				for (var i = 0; n.kind === "mapping" && i < n.children.length; i++) {
					var key = n.children[i], val = n.children[i + 1];
					node.items.push(build(key));
					/* A flow entry without ':' has no value node: an empty one. */
					if (val && text.slice(key.end, val.open).indexOf(":") >= 0) {
						node.items.push(build(val, key.end));
						i++;
					} else {
						node.items.push(build({ open: key.end, end: key.end, children: [], result: null }, key.end));
					}
				}
			} else {
				node = { kind: "scalar", str: n.result === null || n.result === undefined ? "" : String(n.result),
					plain: ch !== '"' && ch !== "'" && ch !== "|" && ch !== ">" };
				if (n.result === null || n.result === undefined)
					node.plain = true;
			}
			if (ch === "*")
				fail(start, "les alias YAML ne sont pas pris en charge" + NBSP + ": écrivez la valeur en entier");
			if (ch === "!") {
				var tag = /^!\S*/.exec(text.slice(start, start + 44))[0];
				fail(start, "l’étiquette YAML «" + NBSP + tag + NBSP + "» n’est pas prise en charge" + NBSP + ": écrivez la valeur sans elle");
			}
			var p = position(starts, text, start);
			node.line = p.line;
			node.col = p.col;
			return node;
		}
		var top = stack[0].children;
		if (docs > 1) {
			var m = /^(---|\.\.\.)/m.exec(text.slice(1)), off = m ? m.index + 1 : 0;
			var d = /\n---/.exec(text.slice(skipBlank(text, 0, text.length) + 3));
			fail(d ? skipBlank(text, 0, text.length) + 3 + d.index + 1 : off, "un seul document YAML est permis ici");
		}
		if (!top.length || (top[0].result === null || top[0].result === undefined) && top[0].kind !== "mapping")
			return null;
		var tree = build(top[0]);
		checkKeys(tree);
		return tree;
	}

	/* Duplicate and non-string keys, as src/ydoc.c reports them. */
	function checkKeys(n) {
		if (n.kind === "map") {
			for (var i = 0; i + 1 < n.items.length; i += 2) {
				var k = n.items[i];
				if (k.kind !== "scalar")
					throw { line: k.line, col: k.col, message: "les clés doivent être des chaînes" };
				for (var j = 0; j < i; j += 2)
					if (n.items[j].str === k.str)
						throw { line: k.line, col: k.col, message: "clé «" + NBSP + k.str + NBSP +
							"» en double (déjà à la ligne " + n.items[j].line + ")" };
			}
		}
		(n.items || []).forEach(checkKeys);
	}

	var REASONS = [
		[/duplicated mapping key/, "clé en double"],
		[/unexpected end of the stream within a double quoted scalar|unexpected end of the stream within a single quoted scalar/, "guillemets non refermés"],
		[/bad indentation of a mapping entry/, "indentation incorrecte"],
		[/bad indentation of a sequence entry/, "indentation incorrecte d’un élément de liste"],
		[/incomplete explicit mapping pair|a colon is missed/, "deux-points attendu"],
		[/missed comma between flow collection entries|unexpected end of the stream within a flow collection/, "virgule ou accolade fermante attendue"],
		[/end of the stream or a document separator is expected/, "fin de document attendue"],
		[/tab characters must not be used in indentation/, "tabulation dans l’indentation"],
		[/unknown tag/, "étiquette YAML non prise en charge"],
		[/unidentified alias/, "alias YAML non pris en charge"],
	];
	function yamlMessage(reason) {
		for (var i = 0; i < REASONS.length; i++)
			if (REASONS[i][0].test(reason))
				return "YAML invalide" + NBSP + ": " + REASONS[i][1];
		return "YAML invalide" + NBSP + ": " + reason;
	}

	/* ---- node helpers, as src/ydoc.c ---- */
	function isNull(n) {
		return n.kind === "scalar" && n.plain && (n.str === "" || n.str === "~" || n.str === "null" ||
			n.str === "Null" || n.str === "NULL");
	}
	function intOf(n) {
		if (n.kind !== "scalar" || !n.plain || !/^[-+]?[0-9]+$/.test(n.str))
			return null;
		var v = Number(n.str);
		return Number.isSafeInteger(v) ? v : null;
	}
	function describe(n) {
		if (n.kind === "map") return "une table";
		if (n.kind === "seq") return "une liste";
		if (isNull(n)) return "une valeur vide";
		if (intOf(n) !== null) return "un entier";
		if (n.plain && /^[-+0-9.eE]+$/.test(n.str) && isFinite(Number(n.str))) return "un nombre";
		if (n.plain && (n.str === "true" || n.str === "false")) return "un booléen";
		return n.plain ? "une chaîne" : "une chaîne entre guillemets";
	}
	function get(map, key) {
		if (!map || map.kind !== "map")
			return null;
		for (var i = 0; i + 1 < map.items.length; i += 2)
			if (map.items[i].str === key)
				return map.items[i + 1];
		return null;
	}
	function dateValid(d) {
		var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
		if (!m) return false;
		var y = +m[1], mo = +m[2], da = +m[3];
		if (y < 1900 || mo < 1 || mo > 12 || da < 1) return false;
		var days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
		return da <= days[mo - 1];
	}
	function q(s) { return "«" + NBSP + s + NBSP + "»"; }

	/* The full ids of a fiche's recommendations (DESIGN.md "Content format"). */
	function recommendationIds(f) {
		var rank = {};
		return (f.recommendations || []).map(function (r) {
			if (r.id) return r.id.indexOf(".") >= 0 ? r.id : f.id + "." + r.id;
			var base = r.question ? r.question : "fiche";
			rank[base] = (rank[base] || 0) + 1;
			return f.id + "." + base + "-" + rank[base];
		});
	}

	/*
	 * Reads an answers file against the model M.  Returns { state, errors,
	 * warnings }: state is null when there is an error; each problem is
	 * { line, col, message }.
	 */
	function read(text, M) {
		var errors = [], warnings = [], MAX = M.scale.length - 1;
		function err(n, msg) { errors.push({ line: n ? n.line : 1, col: n ? n.col : 1, message: msg }); }
		function warn(n, msg) { warnings.push({ line: n.line, col: n.col, message: msg }); }
		var done = function () {
			errors.sort(function (a, b) { return a.line - b.line || a.col - b.col; });
			return { state: errors.length ? null : s, errors: errors, warnings: warnings };
		};
		var s = { territory: "", code: "", kind: "commune", population: "", date: "", version: "",
			respondent: "", targets: {}, answers: {}, notes: {}, respondents: [], plan: [] };
		text = String(text);
		if (text.charCodeAt(0) === 0xfeff)
			text = text.slice(1);
		var nul = text.indexOf("\u0000");
		if (nul >= 0) {
			var p = position(lineStarts(text), text, nul);
			err(p, "octet NUL dans un fichier texte");
			return done();
		}
		var bad = text.indexOf("\ufffd");
		if (bad >= 0) {
			err(position(lineStarts(text), text, bad), "suite d’octets UTF-8 invalide");
			return done();
		}
		var ctl = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/.exec(text);
		if (ctl) {
			err(position(lineStarts(text), text, ctl.index), "YAML invalide" + NBSP + ": caractère de contrôle interdit (U+" +
				ctl[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0") + ")");
			return done();
		}
		var tab = /^ *\t/m.exec(text);
		if (tab) {
			var tp = position(lineStarts(text), text, tab.index + tab[0].length - 1);
			err(tp, "tabulation dans l’indentation" + NBSP + ": indentez avec des espaces");
			return done();
		}
		var rootNode;
		try {
			rootNode = parseTree(text);
		} catch (e) {
			err(e, e.message);
			return done();
		}
		if (!rootNode) {
			err(null, "fichier de réponses vide" + NBSP + ": il lui faut au moins «" + NBSP + "territory" + NBSP +
				"», «" + NBSP + "kind" + NBSP + "» et «" + NBSP + "date" + NBSP + "»");
			return done();
		}
		if (rootNode.kind !== "map") {
			err(rootNode, "un fichier de réponses doit être une table, pas " + describe(rootNode));
			return done();
		}
		var versionNode = get(rootNode, "version");
		var lenient = versionNode && versionNode.kind === "scalar" && !isNull(versionNode) &&
			M.version && versionNode.str !== M.version;
		/* An unknown id: an error, or a warning for another guide version. */
		function unknown(n, noun, fem, id, where) {
			var msg = noun + " " + q(id) + " inconnu" + (fem ? "e" : "") + (where || "");
			if (lenient)
				warn(n, msg + " (réponses à la version " + versionNode.str + " du guide, pas " + M.version + ")");
			else
				err(n, msg);
		}
		function keys(map, allowed, what) {
			for (var i = 0; i + 1 < map.items.length; i += 2)
				if (allowed.indexOf(map.items[i].str) < 0)
					err(map.items[i], "clé " + q(map.items[i].str) + " inconnue dans " + what);
		}
		function field(map, key, required, what) {
			var v = get(map, key);
			if (v && isNull(v))
				v = null;
			if (!v && required)
				err(map, "clé obligatoire " + q(key) + " absente " + what);
			return v;
		}
		function str(n, key) {
			if (!n) return null;
			if (n.kind !== "scalar") {
				err(n, q(key) + " doit être une chaîne, pas " + describe(n));
				return null;
			}
			return n.str;
		}
		function expectMap(n, what) {
			if (n.kind === "map") return true;
			err(n, what + " doit être une table, pas " + describe(n));
			return false;
		}
		function level(n, views) {
			if (n.kind === "scalar" && (n.str === "na" || n.str === "nsp"))
				return n.str;
			var v = intOf(n);
			if (v !== null) {
				if (v < 0 || v > MAX) {
					err(n, "le niveau " + v + " est hors de l’échelle (0 à " + MAX + ")");
					return undefined;
				}
				return v;
			}
			if (isNull(n) && !views)
				return null;
			err(n, (views ? "un avis" : "une réponse") + " doit être un niveau de 0 à " + MAX +
				", na ou nsp, pas " + describe(n));
			return undefined;
		}
		var IN_FILE = "du fichier de réponses";
		keys(rootNode, ["territory", "code", "kind", "population", "date", "version", "respondent",
			"targets", "answers", "notes", "respondents", "plan"], "un fichier de réponses");
		s.territory = str(field(rootNode, "territory", true, IN_FILE), "territory") || "";
		s.code = str(field(rootNode, "code"), "code") || "";
		s.version = str(field(rootNode, "version"), "version") || "";
		s.respondent = str(field(rootNode, "respondent"), "respondent") || "";
		var n = field(rootNode, "kind", true, IN_FILE);
		if (n) {
			if (n.kind === "scalar" && KINDS.indexOf(n.str) >= 0) s.kind = n.str;
			else err(n, q("kind") + " doit valoir commune, intercommunalite, departement, region ou autre");
		}
		if ((n = field(rootNode, "population"))) {
			var pop = intOf(n);
			if (pop !== null && pop >= 0 && pop <= 1000000000) s.population = String(pop);
			else if (n.kind === "scalar" && n.plain && /^[0-9]+$/.test(n.str))
				err(n, q("population") + " " + n.str + " est trop grande (au plus 1000000000)");
			else err(n, q("population") + " doit être un nombre entier d’habitants (0 ou plus)");
		}
		if ((n = field(rootNode, "date", true, IN_FILE))) {
			if (n.kind === "scalar" && dateValid(n.str)) s.date = n.str;
			else if (n.kind !== "scalar" || !/^\d{4}-\d{2}-\d{2}$/.test(n.str))
				err(n, q("date") + " doit être une date écrite AAAA-MM-JJ");
			else if (n.str < "1900") err(n, q("date") + " " + n.str + " est antérieure à 1900");
			else err(n, q("date") + " " + n.str + " n’existe pas dans le calendrier");
		}
		if ((n = field(rootNode, "targets")) && expectMap(n, q("targets"))) {
			for (var i = 0; i + 1 < n.items.length; i += 2) {
				var ak = n.items[i], av = n.items[i + 1], ax = M.axes.some(function (a) { return a.id === ak.str; });
				if (!ax) { unknown(ak, "axe", false, ak.str); continue; }
				var tv = intOf(av);
				if (tv === null || tv < 0 || tv > MAX) err(av, "la cible doit être un niveau de 0 à " + MAX);
				else s.targets[ak.str] = tv;
			}
		}
		var names = {};
		if ((n = field(rootNode, "respondents"))) {
			if (n.kind !== "seq") err(n, q("respondents") + " doit être une liste, pas " + describe(n));
			else n.items.forEach(function (r) {
				if (!expectMap(r, "un répondant")) return;
				keys(r, ["name", "role"], "un répondant");
				var rn = field(r, "name", true, "d’un répondant"), name = str(rn, "name");
				var role = str(field(r, "role"), "role");
				if (name === null) return;
				if (names[name]) { err(rn, "répondant " + q(name) + " en double (déjà à la ligne " + names[name] + ")"); return; }
				names[name] = rn.line;
				if (role !== null && M.roles && !M.roles.some(function (x) { return x.id === role; }))
					unknown(get(r, "role"), "rôle", false, role);
				var o = { name: name };
				if (role !== null) o.role = role;
				s.respondents.push(o);
			});
		}
		if ((n = field(rootNode, "answers")) && expectMap(n, q("answers"))) {
			for (var fi = 0; fi + 1 < n.items.length; fi += 2) {
				var fk = n.items[fi], qs = n.items[fi + 1];
				var f = M.fiches.filter(function (x) { return x.id === fk.str; })[0];
				if (!f) { unknown(fk, "fiche", true, fk.str); continue; }
				if (isNull(qs)) continue;
				if (!expectMap(qs, "les réponses d’une fiche")) continue;
				for (var qi = 0; qi + 1 < qs.items.length; qi += 2) {
					var qk = qs.items[qi], qv = qs.items[qi + 1];
					if (!f.questions.some(function (x) { return x.id === qk.str; })) {
						unknown(qk, "question", true, qk.str, " dans la fiche " + q(f.id));
						continue;
					}
					var entry = answer(qv);
					if (entry !== undefined && entry !== null)
						(s.answers[f.id] = s.answers[f.id] || {})[qk.str] = entry;
				}
			}
		}
		function answer(node) {
			if (node.kind !== "map")
				return level(node);
			keys(node, ["level", "note", "evidence", "views"], "une réponse");
			var vn = get(node, "views"), o = {};
			var lv = field(node, "level", !vn, "d’une réponse");
			o.level = lv ? level(lv) : null;
			var note = str(field(node, "note"), "note"), ev = str(field(node, "evidence"), "evidence");
			if (note !== null) o.note = note;
			if (ev !== null) o.evidence = ev;
			if (vn && !isNull(vn) && expectMap(vn, q("views"))) {
				if (!vn.items.length)
					err(vn, q("views") + " doit donner l’avis d’au moins un répondant");
				o.views = [];
				for (var k = 0; k + 1 < vn.items.length; k += 2) {
					var who = vn.items[k], val = level(vn.items[k + 1], true);
					if (s.respondents.length && !names[who.str])
						err(who, "répondant " + q(who.str) + " absent de «" + NBSP + "respondents" + NBSP + "»");
					if (val !== undefined) o.views.push([who.str, val]);
				}
			}
			if (o.level === undefined) return undefined;
			return o.note === undefined && o.evidence === undefined && !o.views ? o.level : o;
		}
		if ((n = field(rootNode, "notes")) && expectMap(n, q("notes"))) {
			for (var ni = 0; ni + 1 < n.items.length; ni += 2) {
				var nk = n.items[ni];
				if (!M.fiches.some(function (x) { return x.id === nk.str; })) { unknown(nk, "fiche", true, nk.str); continue; }
				var nt = str(n.items[ni + 1], "notes");
				if (nt !== null) s.notes[nk.str] = nt;
			}
		}
		if ((n = field(rootNode, "plan"))) {
			var ids = {}, seenActions = {};
			M.fiches.forEach(function (f) { recommendationIds(f).forEach(function (id) { ids[id] = true; }); });
			if (n.kind !== "seq") err(n, q("plan") + " doit être une liste, pas " + describe(n));
			else n.items.forEach(function (e) {
				if (!expectMap(e, "une action du plan")) return;
				keys(e, ["action", "status", "porteur", "echeance"], "une action du plan");
				var an = field(e, "action", true, "d’une action du plan"), id = str(an, "action");
				var sn = field(e, "status", true, "d’une action du plan"), st = str(sn, "status");
				var po = str(field(e, "porteur"), "porteur"), ec = field(e, "echeance");
				var o = {};
				if (id !== null) {
					if (id.indexOf(".") < 0)
						err(an, q("action") + " doit être l’identifiant complet d’une recommandation, <fiche>.<id>, pas " + q(id));
					else if (!ids[id]) unknown(an, "recommandation", true, id);
					else if (seenActions[id])
						err(an, "action " + q(id) + " en double dans le plan (déjà à la ligne " + seenActions[id] + ")");
					if (!seenActions[id]) seenActions[id] = an.line;
					o.action = id;
				}
				if (st !== null && STATUSES.indexOf(st) < 0)
					err(sn, q("status") + " doit valoir prevue, en-cours, faite ou abandonnee");
				o.status = st;
				if (po !== null) o.porteur = po;
				if (ec) {
					if (ec.kind === "scalar" && dateValid(ec.str)) o.echeance = ec.str;
					else err(ec, q("echeance") + " doit être une date écrite AAAA-MM-JJ");
				}
				s.plan.push(o);
			});
		}
		return done();
	}

	/* ---- writing ---- */
	function yq(v) { return JSON.stringify(String(v)); }
	function lv(v) { return typeof v === "number" ? String(v) : v; }
	function today() {
		var d = new Date();
		return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" +
			String(d.getDate()).padStart(2, "0");
	}
	/* The answers file of state s, as `autodiag check` accepts it. */
	function write(s, M) {
		var out = [];
		out.push("# Réponses à l’autodiagnostic " + yq(M.title).replace(/\n/g, " "));
		out.push("territory: " + yq(String(s.territory || "").trim()));
		if (String(s.code || "").trim())
			out.push("code: " + yq(String(s.code).trim()));
		out.push("kind: " + (KINDS.indexOf(s.kind) >= 0 ? s.kind : "autre"));
		if (/^\d+$/.test(String(s.population || "").trim()))
			out.push("population: " + Number(s.population));
		out.push("date: " + (/^\d{4}-\d{2}-\d{2}$/.test(s.date) ? s.date : today()));
		out.push("version: " + yq(M.version));
		if (String(s.respondent || "").trim())
			out.push("respondent: " + yq(s.respondent.trim()));
		var targets = M.axes.filter(function (a) { return typeof (s.targets || {})[a.id] === "number"; });
		if (targets.length) {
			out.push("targets:");
			targets.forEach(function (a) { out.push("  " + a.id + ": " + s.targets[a.id]); });
		}
		if (s.respondents && s.respondents.length) {
			out.push("respondents:");
			s.respondents.forEach(function (r) {
				out.push("  - name: " + yq(r.name));
				if (r.role) out.push("    role: " + r.role);
			});
		}
		var ans = [];
		M.fiches.forEach(function (f) {
			var lines = [];
			f.questions.forEach(function (qu) {
				var e = ((s.answers || {})[f.id] || {})[qu.id];
				if (e === undefined || e === null)
					return;
				if (typeof e !== "object") {
					lines.push("    " + qu.id + ": " + lv(e));
					return;
				}
				var views = (e.views || []).filter(function (v) { return v[1] !== null && v[1] !== undefined; });
				if (!e.note && !e.evidence && !views.length) {
					if (e.level !== null && e.level !== undefined)
						lines.push("    " + qu.id + ": " + lv(e.level));
					return;
				}
				lines.push("    " + qu.id + ":");
				if (e.level !== null && e.level !== undefined)
					lines.push("      level: " + lv(e.level));
				if (e.note) lines.push("      note: " + yq(e.note));
				if (e.evidence) lines.push("      evidence: " + yq(e.evidence));
				if (views.length)
					lines.push("      views: {" + views.map(function (v) { return yq(v[0]) + ": " + lv(v[1]); }).join(", ") + "}");
			});
			if (lines.length)
				ans.push("  " + f.id + ":", lines.join("\n"));
		});
		out.push(ans.length ? "answers:\n" + ans.join("\n") : "answers: {}");
		var notes = M.fiches.filter(function (f) { return String((s.notes || {})[f.id] || "").trim(); });
		if (notes.length) {
			out.push("notes:");
			notes.forEach(function (f) { out.push("  " + f.id + ": " + yq(s.notes[f.id].trim())); });
		}
		var plan = (s.plan || []).filter(function (p) { return p.action && STATUSES.indexOf(p.status) >= 0; });
		if (plan.length) {
			out.push("plan:");
			plan.forEach(function (p) {
				out.push("  - action: " + p.action);
				out.push("    status: " + p.status);
				if (String(p.porteur || "").trim()) out.push("    porteur: " + yq(p.porteur.trim()));
				if (/^\d{4}-\d{2}-\d{2}$/.test(p.echeance || "")) out.push("    echeance: " + p.echeance);
			});
		}
		return out.join("\n") + "\n";
	}

	var api = { read: read, write: write, parseTree: parseTree, recommendationIds: recommendationIds,
		today: today, KINDS: KINDS, STATUSES: STATUSES };
	if (typeof module === "object" && module.exports)
		module.exports = api;
	else
		root.AUTODIAG_ANSWERS = api;
})(typeof window !== "undefined" ? window : globalThis);
