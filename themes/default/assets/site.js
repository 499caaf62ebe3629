/* site.js: client-side search over the fiches, from the prebuilt index
 * assets/search-index.js (window.AUTODIAG_SEARCH).  Accents, case and the
 * plural -s/-x are ignored; every match is listed.  Without JavaScript the
 * search form goes to recherche.html, which lists every fiche by axis; with
 * it, that page shows the matches of its ?q= query.  No external library. */
(function () {
	"use strict";
	document.documentElement.classList.add("js");

	function fold(s) {
		return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
			.toLowerCase().replace(/[’']/g, " ").replace(/œ/g, "oe").replace(/æ/g, "ae");
	}
	/* A query word without its plural mark: "donnees" and "reseaux" also
	 * find "donnee" and "reseau" (the index is searched by substring). */
	function stem(w) {
		if (w.length > 3 && /[sx]$/.test(w))
			return w.slice(0, -1);
		return w;
	}

	var index = (window.AUTODIAG_SEARCH || []).map(function (f) {
		return { f: f, title: fold(f.title), summary: fold(f.summary || ""),
			text: fold(f.axis + " " + f.text) };
	});

	function words(query) {
		return fold(query).split(/[^a-z0-9]+/).filter(function (w) {
			return w.length > 1;
		}).map(stem);
	}

	function search(query) {
		var ws = words(query);
		if (!ws.length)
			return null;
		var hits = [];
		index.forEach(function (e, i) {
			var score = 0;
			for (var k = 0; k < ws.length; k++) {
				var w = ws[k];
				if (e.title.indexOf(w) >= 0) score += 10;
				else if (e.summary.indexOf(w) >= 0) score += 4;
				else if (e.text.indexOf(w) >= 0) score += 1;
				else return;
			}
			hits.push({ e: e, score: score, i: i });
		});
		hits.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
		return hits;
	}

	function statusText(hits) {
		return hits.length
			? hits.length + " fiche" + (hits.length > 1 ? "s trouvées" : " trouvée")
			: "Aucune fiche ne correspond à cette recherche.";
	}

	function fill(list, hits, root, withSummary) {
		list.textContent = "";
		hits.forEach(function (h) {
			var li = document.createElement("li");
			var a = document.createElement("a");
			var meta = document.createElement("span");
			a.href = root + h.e.f.href;
			a.textContent = h.e.f.title;
			meta.className = "meta";
			meta.textContent = h.e.f.axis;
			a.appendChild(meta);
			li.appendChild(a);
			if (withSummary && h.e.f.summary) {
				var p = document.createElement("p");
				p.textContent = h.e.f.summary;
				li.appendChild(p);
			}
			list.appendChild(li);
		});
	}

	function setup(form) {
		var input = form.querySelector("input[type=search]");
		var list = form.querySelector(".search-results");
		var status = form.querySelector(".search-status");
		var root = form.getAttribute("data-root") || "";
		if (!input || !list || !status)
			return;

		function close() {
			list.hidden = true;
		}
		function render() {
			var hits = search(input.value);
			list.textContent = "";
			if (!hits) {
				close();
				status.textContent = "";
				return;
			}
			status.textContent = statusText(hits);
			fill(list, hits, root, false);
			list.hidden = hits.length === 0;
		}

		input.addEventListener("input", render);
		input.addEventListener("focus", function () { if (input.value) render(); });
		form.addEventListener("submit", function (ev) {
			var first = list.querySelector("a");
			if (first && !list.hidden) {
				ev.preventDefault();
				first.focus();
			}
		});
		form.addEventListener("keydown", function (ev) {
			if (ev.key === "Escape") {
				if (!list.hidden) {
					close();
				} else {
					input.value = "";
					render();
				}
				input.focus();
			}
		});
		/* The list closes when the focus or a click leaves the search. */
		form.addEventListener("focusout", function (ev) {
			if (!ev.relatedTarget || !form.contains(ev.relatedTarget))
				close();
		});
		document.addEventListener("click", function (ev) {
			if (!form.contains(ev.target))
				close();
		});
	}

	Array.prototype.forEach.call(document.querySelectorAll("form.search"), setup);

	/* recherche.html: the matches of ?q=, in place of the full list. */
	var page = document.getElementById("search-page");
	if (page) {
		var q = "";
		try { q = new URLSearchParams(window.location.search).get("q") || ""; } catch (e) { q = ""; }
		var field = document.getElementById("recherche-page");
		var out = document.getElementById("search-page-results");
		var st = document.getElementById("search-page-status");
		var all = document.getElementById("search-all");
		var show = function () {
			var hits = search(field.value);
			if (!hits) {
				out.hidden = true;
				all.hidden = false;
				st.textContent = "";
				return;
			}
			st.textContent = statusText(hits) + " pour «\u00a0" + field.value.trim() + "\u00a0».";
			fill(out, hits, page.getAttribute("data-root") || "", true);
			out.hidden = false;
			all.hidden = true;
		};
		field.value = q;
		field.addEventListener("input", show);
		page.addEventListener("submit", function (ev) { ev.preventDefault(); show(); });
		show();
	}
})();
