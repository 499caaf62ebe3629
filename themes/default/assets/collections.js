/* collections.js: filters of the experience and resource indexes.  Without
 * it the page is a plain list; with it, the form (hidden in the HTML) shows
 * and hides the items whose data-axes, data-kind and data-band do not match
 * the chosen values.  No external library. */
(function () {
	"use strict";

	function setup(form) {
		var list = document.getElementById(form.getAttribute("data-filter-list"));
		var selects = form.querySelectorAll("select[data-filter]");
		var shown = form.querySelector(".filter-shown");
		if (!list)
			return;
		var items = list.querySelectorAll("li[data-axes]");

		function matches(li) {
			for (var i = 0; i < selects.length; i++) {
				var want = selects[i].value;
				var key = selects[i].getAttribute("data-filter");
				var have = li.getAttribute("data-" + key) || "";
				if (want && have.split(" ").indexOf(want) < 0)
					return false;
			}
			return true;
		}

		function apply() {
			var n = 0;
			Array.prototype.forEach.call(items, function (li) {
				var ok = matches(li);
				li.hidden = !ok;
				if (ok)
					n++;
			});
			if (shown)
				shown.textContent = String(n);
		}

		Array.prototype.forEach.call(selects, function (s) {
			s.addEventListener("change", apply);
		});
		form.addEventListener("submit", function (ev) { ev.preventDefault(); });
		form.hidden = false;
		apply();
	}

	Array.prototype.forEach.call(document.querySelectorAll("form.filters[data-filter-list]"),
		setup);
})();
