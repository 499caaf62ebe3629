// pages.test.mjs: readable results and pages on a phone, in print and
// without JavaScript.  Run by tests/check-browser.sh (AUTODIAG, SITE_GUIDE,
// SITE_TEST).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, siteUrl } from "./lib.mjs";

const { SITE_GUIDE, SITE_TEST } = process.env;
const PAGES = ["index.html", "methode.html", "axes/donnees.html", "fiches/gouvernance-donnees.html",
	"questionnaire.html", "observatoire.html", "404.html", "recherche.html",
	...readdirSync(join(SITE_GUIDE, "rapports")).filter((f) => f.endsWith(".html")).map((f) => "rapports/" + f),
	// one page of each collection the guide has (experiences, resources) and their index
	...["experiences", "ressources"].filter((d) => existsSync(join(SITE_GUIDE, d))).flatMap((d) =>
		[d + "/" + readdirSync(join(SITE_GUIDE, d)).filter((f) => f.endsWith(".html"))[0]]
			.concat(existsSync(join(SITE_GUIDE, d + ".html")) ? [d + ".html"] : []))];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function phone() {
	const page = await browser.context.newPage();
	await page.setViewportSize({ width: 375, height: 667 });
	return page;
}

async function importFile(page, file) {
	await page.evaluate(() => { window.localStorage.clear(); window.sessionStorage.clear(); });
	await page.reload();
	await page.setInputFiles("#q-import", file);
	await page.waitForFunction(() => /importées/.test(document.getElementById("q-status").textContent));
}

function pdfText(buffer, layout) {
	const dir = mkdtempSync(join(tmpdir(), "autodiag-pdf-"));
	const pdf = join(dir, "p.pdf");
	writeFileSync(pdf, buffer);
	const args = layout ? ["-layout", pdf, "-"] : [pdf, "-"];
	return execFileSync("pdftotext", args, { encoding: "utf8", maxBuffer: 64 << 20 });
}

test("no page type overflows sideways at 375 px", async () => {
	const page = await phone();
	for (const p of PAGES) {
		await page.goto(siteUrl(SITE_GUIDE, p));
		if (p === "questionnaire.html")
			await importFile(page, "answers/valmont-sur-loire-2026.yaml");
		const wide = await page.evaluate(() => {
			const w = document.documentElement.clientWidth;
			const out = [];
			for (const e of document.querySelectorAll("body *")) {
				const r = e.getBoundingClientRect();
				const scroller = e.parentElement && e.parentElement.closest(".table-scroll");
				if (r.width && r.right > w + 1 && !scroller && !e.closest(".skip-link, .visually-hidden, [hidden]"))
					out.push(e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.split(" ")[0] : "") + " " + Math.round(r.right));
			}
			return { scroll: document.documentElement.scrollWidth, w, out: out.slice(0, 5) };
		});
		assert.ok(wide.scroll <= wide.w, `${p}: page ${wide.scroll} px wide for ${wide.w}: ${wide.out.join(", ")}`);
		assert.deepEqual(wide.out, [], p);
	}
	await page.close();
});

test("on a phone the live score stays in view and the radar labels are at least 11 px", async () => {
	const page = await phone();
	await page.goto(siteUrl(SITE_GUIDE, "questionnaire.html"));
	await importFile(page, "answers/valmont-sur-loire-2026.yaml");
	const q = page.locator(".q-fiche:not([hidden]) .q-question").last();
	await q.scrollIntoViewIfNeeded();
	const box = await page.locator("#q-mini").boundingBox();
	assert.ok(box && box.y >= 0 && box.y + box.height <= 667, "live score in the viewport: " + JSON.stringify(box));
	assert.match(await page.locator("#q-mini").textContent(), /Niveau global \d/);
	await page.locator("#q-radar").scrollIntoViewIfNeeded();
	const sizes = await page.$$eval("#q-radar .radar-labels text", (ts) => ts.map((t) => {
		const svg = t.ownerSVGElement, k = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
		return parseFloat(getComputedStyle(t).fontSize) * k;
	}));
	assert.ok(sizes.length > 0);
	for (const s of sizes)
		assert.ok(s >= 11, "label of " + s.toFixed(1) + " px");
	// The labels stay inside the radar's box.
	const inside = await page.$$eval("#q-radar .radar-labels text", (ts) => ts.every((t) => {
		const r = t.getBoundingClientRect(), b = t.ownerSVGElement.getBoundingClientRect();
		return r.left >= b.left - 1 && r.right <= b.right + 1;
	}));
	assert.ok(inside, "radar labels inside the chart");
	await page.close();
});

// The rendered geometry of the radar's labels on the current page: font size
// in CSS px (computed size scaled by the SVG's CTM), boxes, and what they
// clip or cover.
function radarLabels() {
	const svg = document.querySelector("svg.radar");
	const b = svg.getBoundingClientRect();
	const ts = [...svg.querySelectorAll(".radar-labels text")];
	const boxes = ts.map((t) => t.getBoundingClientRect());
	const rings = svg.querySelectorAll(".radar-grid polygon"), outer = rings[rings.length - 1];
	const m = outer.getScreenCTM();
	const vertices = [...outer.points].map((p) => new DOMPoint(p.x, p.y).matrixTransform(m));
	const problems = [];
	const meet = (r, q) => r.left < q.right - 1 && q.left < r.right - 1 && r.top < q.bottom - 1 && q.top < r.bottom - 1;
	boxes.forEach((r, i) => {
		const name = ts[i].textContent;
		if (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1)
			problems.push(`${name}: clipped (${r.left.toFixed(0)}..${r.right.toFixed(0)} in ${b.left.toFixed(0)}..${b.right.toFixed(0)})`);
		boxes.forEach((q, j) => { if (j > i && meet(r, q)) problems.push(`${name} overlaps ${ts[j].textContent}`); });
		for (const v of vertices)
			if (v.x > r.left + 1 && v.x < r.right - 1 && v.y > r.top + 1 && v.y < r.bottom - 1)
				problems.push(`${name} covers a corner of the radar`);
	});
	return { sizes: ts.map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a), problems };
}

test("static reports: radar labels at least 11 px on a 375 px phone, never clipped nor overlapping", async () => {
	const reports = PAGES.filter((x) => x.startsWith("rapports/"));
	for (const width of [375, 1280]) {
		const page = await browser.context.newPage();
		await page.setViewportSize({ width, height: 800 });
		for (const p of reports) {
			await page.goto(siteUrl(SITE_GUIDE, p));
			const r = await page.evaluate(radarLabels);
			assert.ok(r.sizes.length > 0, p);
			for (const s of r.sizes)
				assert.ok(s >= (width < 400 ? 11 : 13), `${p} at ${width} px: a label of ${s.toFixed(1)} px`);
			assert.deepEqual(r.problems, [], `${p} at ${width} px`);
		}
		await page.close();
	}
});

test("scores and levels agree, completeness is explained, the radar draws only given targets", async () => {
	const page = await browser.context.newPage();
	await page.goto(siteUrl(SITE_GUIDE, "questionnaire.html"));
	for (const f of readdirSync("answers").filter((x) => x.endsWith(".yaml"))) {
		await importFile(page, join("answers", f));
		const summary = await page.locator("#q-summary").textContent();
		const m = /Niveau global\s?: (\d) – .*\(score (\d),(\d) sur 4\)/.exec(summary);
		assert.ok(m, summary);
		assert.equal(m[1], m[2], `${f}: the level is the whole part of the score shown (${summary})`);
		assert.match(summary, /\d+ sur \d+\squestions applicables ont une réponse/);
		for (const row of await page.$$eval("#q-axes tbody tr", (rs) => rs.map((r) => [...r.cells].map((c) => c.textContent)))) {
			if (row[1] === "–") continue;
			assert.equal(row[1].split(",")[0], row[2].split(" ")[0], `${f}: ${row.join(" | ")}`);
		}
	}
	await page.evaluate(() => { window.localStorage.clear(); window.sessionStorage.clear(); });
	await page.reload();
	assert.equal(await page.locator("#q-radar .radar-target").count(), 0);
	await page.selectOption("#cible-donnees", "3");
	assert.equal(await page.locator("#q-radar .radar-target").count(), 0, "one target: no line from the centre");
	assert.equal(await page.locator("#q-radar .radar-target-dot").count(), 1);
	assert.match(await page.locator("#q-radar .radar-legend").textContent(), /cibles/);
	const axes = await page.$$eval("[data-target]", (l) => l.map((s) => s.id));
	for (const id of axes)
		await page.selectOption("#" + id, "3");
	assert.equal(await page.locator("#q-radar polygon.radar-target").count(), 1);
	await page.close();
});

test("the skip link reaches the questions and the sidebar follows the current fiche", async () => {
	const page = await browser.context.newPage();
	await page.setViewportSize({ width: 1280, height: 800 });
	await page.goto(siteUrl(SITE_GUIDE, "questionnaire.html"));
	await page.evaluate(() => { window.localStorage.clear(); window.sessionStorage.clear(); });
	await page.reload();
	await page.keyboard.press("Tab");
	await page.keyboard.press("Tab");
	assert.equal(await page.evaluate(() => document.activeElement.textContent), "Aller aux questions");
	await page.keyboard.press("Enter");
	assert.match(await page.evaluate(() => document.activeElement.id), /^fiche-.*-titre$/);
	await page.keyboard.press("Tab");
	await page.keyboard.press("Tab");
	assert.equal(await page.evaluate(() => document.activeElement.type), "radio", "two Tab presses to the first answer");
	const n = await page.locator(".q-fiche").count();
	for (let i = 0; i < n - 1; i++)
		await page.locator(".q-fiche:not([hidden]) [data-go=next]").click();
	const visible = await page.evaluate(() => {
		const a = document.querySelector('.q-steps a[aria-current="step"]'), ol = a.closest("ol");
		const r = a.getBoundingClientRect(), o = ol.getBoundingClientRect();
		return r.top >= o.top - 1 && r.bottom <= o.bottom + 1;
	});
	assert.ok(visible, "the current fiche is in view in the sidebar");
	await page.close();
});

test("search lists every match, ignores plurals and accents, closes, and works without JavaScript", async () => {
	const page = await browser.context.newPage();
	await page.goto(siteUrl(SITE_GUIDE, "index.html"));
	await page.fill("#recherche", "donnees");
	const status = await page.locator(".search-status").textContent();
	const count = Number(/(\d+) fiches? trouvées?/.exec(status)[1]);
	assert.ok(count > 12, status);
	assert.equal(await page.locator(".search-results li").count(), count, "every match listed");
	for (const q of ["données", "donnée", "DONNÉE", "donnee"]) {
		await page.fill("#recherche", q);
		assert.equal(await page.locator(".search-status").textContent(), status, q);
	}
	await page.fill("#recherche", "réseaux");
	const plural = await page.locator(".search-results li").count();
	await page.fill("#recherche", "reseau");
	assert.equal(await page.locator(".search-results li").count(), plural);
	await page.keyboard.press("Escape");
	assert.equal(await page.locator(".search-results").isHidden(), true, "Escape closes the list");
	await page.fill("#recherche", "données");
	assert.equal(await page.locator(".search-results").isVisible(), true);
	await page.locator("h1").click();
	assert.equal(await page.locator(".search-results").isHidden(), true, "a click elsewhere closes it");
	assert.equal(await page.getAttribute("form.search", "action"), "recherche.html");
	// The search page with a query, with JavaScript: the matches.
	await page.goto(siteUrl(SITE_GUIDE, "recherche.html") + "?q=donn%C3%A9es");
	assert.equal(await page.locator("#search-page-results li").count(), count);
	assert.equal(await page.locator("#search-all").isHidden(), true);
	await page.close();

	// Without JavaScript: the form goes to the search page, which lists every fiche.
	const { context, close } = await launch({ javaScriptEnabled: false });
	const nojs = await context.newPage();
	await nojs.goto(siteUrl(SITE_GUIDE, "fiches/gouvernance-donnees.html"));
	await nojs.fill("#recherche", "données");
	await Promise.all([nojs.waitForURL(/recherche\.html\?q=/), nojs.press("#recherche", "Enter")]);
	const model = JSON.parse(readFileSync(join(SITE_GUIDE, "data/model.json"), "utf8"));
	assert.equal(await nojs.locator("#search-all li").count(), model.fiches.length);
	assert.equal(await nojs.locator("#search-all li a").first().getAttribute("href"), "fiches/" + model.fiches[0].id + ".html");
	await close();
});

test("the 404 page keeps its look wherever a server shows it", async () => {
	const dir = join(SITE_GUIDE, "deep", "er");
	mkdirSync(dir, { recursive: true });
	copyFileSync(join(SITE_GUIDE, "404.html"), join(dir, "missing.html"));
	const page = await browser.context.newPage();
	const requests = [];
	page.on("request", (r) => requests.push(r.url()));
	await page.goto(siteUrl(SITE_GUIDE, "deep/er/missing.html"));
	assert.deepEqual(requests.slice(1), [], "the 404 page loads nothing");
	const look = await page.evaluate(() => ({
		font: getComputedStyle(document.body).fontFamily,
		band: getComputedStyle(document.querySelector(".band")).borderBottomColor,
		h1: getComputedStyle(document.querySelector("h1")).fontSize,
	}));
	assert.match(look.font, /system-ui/);
	assert.equal(look.band, "rgb(31, 61, 138)");
	assert.equal(look.h1, "32px");
	await page.close();
});

test("print: the questionnaire uses the full width, a fiche is a form, a report keeps three-digit numbers", async () => {
	const page = await browser.context.newPage();
	await page.goto(siteUrl(SITE_GUIDE, "questionnaire.html"));
	await page.emulateMedia({ media: "print" });
	const widths = await page.evaluate(() => ({
		main: document.querySelector(".q-main").getBoundingClientRect().width,
		body: document.querySelector("main").getBoundingClientRect().width,
	}));
	assert.ok(widths.main >= widths.body - 2, `questions ${widths.main} px of ${widths.body}`);
	const qpdf = await page.pdf({ format: "A4" });
	const qtext = pdfText(qpdf);
	const model = JSON.parse(readFileSync(join(SITE_GUIDE, "data/model.json"), "utf8"));
	const pages = (qtext.match(/\f/g) || []).length;
	const nq = model.fiches.reduce((n, f) => n + f.questions.length, 0);
	assert.ok(pages < nq, `${pages} pages for ${nq} questions`);
	const lastFiche = model.fiches[model.fiches.length - 1];
	assert.ok(qtext.replace(/\s+/g, " ").includes(lastFiche.title.replace(/\s+/g, " ")), "every fiche printed");

	await page.goto(siteUrl(SITE_GUIDE, "fiches/gouvernance-donnees.html"));
	const ftext = pdfText(await page.pdf({ format: "A4" }));
	const boxes = (ftext.match(/☐/g) || []).length;
	const f = model.fiches.find((x) => x.id === "gouvernance-donnees");
	assert.equal(boxes, f.questions.length * model.scale.length, "a box per level of each question");
	assert.equal((ftext.match(/Notes\s?:/g) || []).length, f.questions.length, "room for notes per question");

	await page.goto(siteUrl(SITE_GUIDE, "rapports/valmont-sur-loire-2026.html"));
	await page.evaluate(() => {
		const ol = document.querySelector("ol.plan");
		const li = ol.querySelector("li");
		for (let i = ol.children.length; i < 120; i++)
			ol.appendChild(li.cloneNode(true));
	});
	const rtext = pdfText(await page.pdf({ format: "A4" }), true);
	for (const n of [99, 100, 120])
		assert.match(rtext, new RegExp("(^|\\s)" + n + "\\.\\s"), `action number ${n}. printed whole`);
	const first = rtext.split("\f")[0];
	const lines = first.split("\n").filter((l) => l.trim()).length;
	assert.ok(lines >= 30, `page 1 of the report is filled (${lines} lines)`);
	await page.close();
});

test("static reports: every score reads at its level, the radar draws only the targets given, with a key", async () => {
	const page = await browser.context.newPage();
	let partial = 0;
	for (const p of PAGES.filter((x) => x.startsWith("rapports/"))) {
		await page.goto(siteUrl(SITE_GUIDE, p));
		const rows = await page.$$eval("table", (ts) => ts.flatMap((t) => {
			const heads = [...t.querySelectorAll("thead th")].map((h) => h.textContent);
			const si = heads.indexOf("Score"), li = heads.indexOf("Niveau");
			if (si < 0 || li < 0) return [];
			return [...t.querySelectorAll("tbody tr")].map((r) => [r.cells[si].textContent, r.cells[li].textContent]);
		}));
		assert.ok(rows.length > 5, p);
		for (const [s, l] of rows)
			if (s !== "–")
				assert.equal(s.split(",")[0], l.split(" ")[0], `${p}: score ${s} at level ${l}`);
		const kpi = await page.locator(".kpi").first().textContent();
		const m = /(\d) – .*Score (\d),\d/.exec(kpi);
		if (m) assert.equal(m[1], m[2], `${p}: ${kpi}`);
		const targets = await page.$$eval("table", (ts) => {
			const t = ts.find((x) => [...x.querySelectorAll("thead th")].some((h) => h.textContent === "Cible"));
			return t ? [...t.querySelectorAll("tbody tr")].map((r) => r.cells[3].textContent !== "–") : [];
		});
		const given = targets.filter(Boolean).length;
		const polygons = await page.locator(".radar polygon.radar-target").count();
		const dots = await page.locator(".radar .radar-target-dot").count();
		if (given === targets.length && given) {
			assert.equal(polygons, 1, p);
		} else {
			assert.equal(polygons, 0, `${p}: no target line from the centre`);
			assert.equal(dots, given, `${p}: one dot per target given`);
			if (given) partial++;
		}
		assert.match(await page.locator(".radar-wrap .radar-key").textContent(), given ? /Score de chaque axe.*Cible/s : /Score de chaque axe/);
	}
	assert.ok(partial > 0, "a shipped file gives targets on some axes only");
	await page.close();
});
