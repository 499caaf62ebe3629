/* site.js: client-side search over the fiches, from the prebuilt index
 * assets/search-index.js (window.AUTODIAG_SEARCH).  No external library. */
(function () {
	"use strict";
	document.documentElement.classList.add("js");

	function fold(s) {
		return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
			.toLowerCase().replace(/[’']/g, " ");
	}

	var index = (window.AUTODIAG_SEARCH || []).map(function (f) {
		return { f: f, title: fold(f.title), summary: fold(f.summary || ""),
			text: fold(f.axis + " " + f.text) };
	});

	function search(query) {
		var words = fold(query).split(/[^a-z0-9]+/).filter(function (w) {
			return w.length > 1;
		});
		if (!words.length)
			return null;
		var hits = [];
		index.forEach(function (e, i) {
			var score = 0;
			for (var k = 0; k < words.length; k++) {
				var w = words[k];
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

	function setup(form) {
		var input = form.querySelector("input[type=search]");
		var list = form.querySelector(".search-results");
		var status = form.querySelector(".search-status");
		var root = form.getAttribute("data-root") || "";
		if (!input || !list || !status)
			return;

		function render() {
			var hits = search(input.value);
			list.textContent = "";
			if (!hits) {
				list.hidden = true;
				status.textContent = "";
				return;
			}
			status.textContent = hits.length
				? hits.length + " fiche" + (hits.length > 1 ? "s trouvées" : " trouvée")
				: "Aucune fiche ne correspond à cette recherche.";
			hits.slice(0, 12).forEach(function (h) {
				var li = document.createElement("li");
				var a = document.createElement("a");
				var meta = document.createElement("span");
				a.href = root + h.e.f.href;
				a.textContent = h.e.f.title;
				meta.className = "meta";
				meta.textContent = h.e.f.axis;
				a.appendChild(meta);
				li.appendChild(a);
				list.appendChild(li);
			});
			list.hidden = hits.length === 0;
		}

		input.addEventListener("input", render);
		form.addEventListener("submit", function (ev) {
			ev.preventDefault();
			render();
			var first = list.querySelector("a");
			if (first)
				first.focus();
		});
		form.addEventListener("keydown", function (ev) {
			if (ev.key === "Escape") {
				input.value = "";
				render();
				input.focus();
			}
		});
	}

	Array.prototype.forEach.call(document.querySelectorAll("form.search"), setup);
})();
