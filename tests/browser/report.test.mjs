// report.test.mjs: "mon rapport" in the questionnaire renders the theme's
// rapport.mustache from the browser's own view: for every shipped answers
// file it must say what rapports/<slug>.html says (figures, levels, actions,
// order) in every section, peers, observatory and experiences included
// (assets/report-data.js), and print cleanly on A4.  Run by
// tests/check-browser.sh.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { launch, siteUrl } from "./lib.mjs";

const require = createRequire(import.meta.url);
const { SITE_GUIDE, SITE_TEST } = process.env;
const SHOT = process.env.REPORT_SHOT || "";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

// What a report says, section by section (the sections both kinds have):
// each section's text, whitespace folded, and its links resolved.
function sections(rootSel) {
	const root = document.querySelector(rootSel);
	const out = {};
	for (const s of root.querySelectorAll("section[aria-labelledby]")) {
		const id = s.getAttribute("aria-labelledby");
		out[id] = {
			text: s.textContent.replace(/\s+/g, " ").trim(),
			links: [...s.querySelectorAll("a")].map((a) => a.href),
			actions: [...s.querySelectorAll(".plan li .plan-text")].map((p) => p.textContent.trim()),
		};
	}
	out._h1 = root.querySelector("h1").textContent;
	out._facts = root.querySelector(".facts").textContent.replace(/\s+/g, " ").trim();
	return out;
}

async function openReport(page, file, reference, site = SITE_GUIDE) {
	await page.goto(siteUrl(site, "questionnaire.html"));
	await page.evaluate(() => { window.localStorage.clear(); window.sessionStorage.clear(); });
	await page.reload();
	await page.setInputFiles("#q-import", file);
	await page.waitForFunction(() => /importées/.test(document.getElementById("q-status").textContent));
	if (reference) {
		await page.setInputFiles("#q-reference", reference);
		await page.locator("#q-compare").waitFor({ state: "visible" });
	}
	await page.click("#q-report-open");
	await page.locator("#mon-rapport").waitFor({ state: "visible" });
}

// Every section of the static report of each answers file of dir, built in
// site, is in mon rapport with the same text, links and action order, and
// mon rapport has no other: peers (less the territory's own latest file),
// observatory and experiences come from assets/report-data.js.
async function sameReports(site, dir, files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
	const page = await browser.context.newPage();
	const errors = [];
	page.on("pageerror", (e) => errors.push(e.message));
	const seen = new Set();
	for (const f of files) {
		const slug = f.replace(/\.yaml$/, "");
		await page.goto(siteUrl(site, `rapports/${slug}.html`));
		const ref = await page.evaluate(sections, "main");
		// With a history, the previous diagnostic is the reference ("last
		// year"), or the next one for the first diagnostic of a territory.
		const prev = await page.evaluate(() => {
			const s = document.querySelector('section[aria-labelledby="r-historique"]');
			if (!s) return null;
			const ths = [...s.querySelectorAll("thead th")], i = ths.findIndex((t) => /ce rapport/.test(t.textContent));
			const a = (i > 1 ? ths[i - 1] : ths[i + 1]).querySelector("a");
			return a ? a.getAttribute("href").replace(/^.*\//, "").replace(/\.html$/, "") : null;
		});
		await openReport(page, join(dir, f), prev && join(dir, prev + ".yaml"), site);
		const mine = await page.evaluate(sections, "#mon-rapport-contenu");
		assert.equal(mine._h1, ref._h1, f);
		assert.equal(mine._facts, ref._facts, f);
		const ids = (o) => Object.keys(o).filter((k) => !k.startsWith("_"));
		assert.deepEqual(ids(mine), ids(ref), `${f}: the same sections in the same order`);
		for (const id of ids(ref)) {
			assert.deepEqual(mine[id].actions, ref[id].actions, `${f}: actions and their order in ${id}`);
			assert.equal(mine[id].text, ref[id].text, `${f}: section ${id}`);
			assert.deepEqual(mine[id].links, ref[id].links, `${f}: links of ${id}`);
			seen.add(id);
		}
	}
	assert.deepEqual(errors, []);
	await page.close();
	return seen;
}

test("mon rapport says what the static report says, for every shipped answers file", async () => {
	const seen = await sameReports(SITE_GUIDE, "answers");
	for (const id of ["r-observatoire", "r-ils-l-ont-fait", "r-historique", "r-divergences"])
		assert.ok(seen.has(id), `a shipped report has the section ${id}`);
});

test("mon rapport says what the static report says, peers included, for the test guide's answers", async () => {
	const seen = await sameReports(SITE_TEST, "tests/site/answers");
	assert.ok(seen.has("r-pairs"), "a report of the test guide has peers");
});

// Generated answers (bench/gen.py): many territories of each kind and band,
// histories, axes left unanswered; for the reports that have peers, with
// and without a later diagnostic of the same territory.
test("mon rapport has the peers of the static report on generated answers", async () => {
	const dir = mkdtempSync(join(tmpdir(), "autodiag-peers-"));
	execFileSync("python3", ["bench/gen.py", "content", join(dir, "content"), "--fiches", "14"]);
	execFileSync("python3", ["bench/gen.py", "answers", join(dir, "answers"), "--content", join(dir, "content"), "--files", "160"]);
	execFileSync(process.env.AUTODIAG, ["build", "-q", "--only", "site", "--content", join(dir, "content"),
		"--answers", join(dir, "answers"), "--out", join(dir, "out")], { stdio: ["ignore", "ignore", "ignore"] });
	const site = join(dir, "out", "site");
	const html = (f) => readFileSync(join(site, "rapports", f.replace(/\.yaml$/, ".html")), "utf8");
	const all = readdirSync(join(dir, "answers")).filter((f) => f.endsWith(".yaml")).sort();
	// Mon rapport compares with one reference file: histories of 2 at most.
	const withPeers = all.filter((f) => /id="r-pairs"/.test(html(f)) && !/a publié ([3-9]|\d\d+) diagnostics/.test(html(f)));
	const older = withPeers.filter((f) => /id="r-historique"/.test(html(f)));
	const files = [...new Set([...withPeers.slice(0, 6), ...older.slice(0, 6)])].sort();
	assert.ok(withPeers.length >= 6 && older.length >= 3, `${withPeers.length} reports with peers, ${older.length} with a history`);
	const seen = await sameReports(site, join(dir, "answers"), files);
	assert.ok(seen.has("r-pairs"));
	rmSync(dir, { recursive: true, force: true });
});

test("mon rapport prints on A4 with every page filled and no clipped number", async () => {
	const page = await browser.context.newPage();
	await openReport(page, "answers/valmont-sur-loire-2026.yaml");
	assert.equal(await page.locator("#q-print").textContent(), "Imprimer");
	const nactions = await page.locator("#mon-rapport-contenu .plan li").count();
	await page.emulateMedia({ media: "print" });
	assert.equal(await page.locator("#q-print").isHidden(), true, "no button on paper");
	assert.equal(await page.locator("#questionnaire").isHidden(), true, "the report alone");
	const pdf = await page.pdf({ format: "A4", printBackground: true, displayHeaderFooter: true,
		headerTemplate: "<span></span>", footerTemplate: '<div style="font-size:8px;width:100%;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
		margin: { top: "1.5cm", bottom: "1.5cm", left: "1.4cm", right: "1.4cm" } });
	const dir = mkdtempSync(join(tmpdir(), "autodiag-monrapport-"));
	const file = join(dir, "mon-rapport.pdf");
	writeFileSync(file, pdf);
	const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8", maxBuffer: 64 << 20 });
	const pages = text.split("\f").filter((p) => p.trim());
	const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
	const npages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
	assert.equal(pages.length, npages, "no blank page");
	assert.ok(npages >= 2, npages + " pages");
	assert.match(pages[0], /Valmont-sur-Loire/);
	assert.match(pages[0], /Synthèse/);
	assert.match(pages[0], /Maturité par axe/, "page 1 is filled: the axes start on it");
	// Every page is filled, but the last, which has at least a line of its own.
	for (const [i, p] of pages.entries())
		assert.ok(p.split("\n").filter((l) => l.trim() && !/^\s*\d+ \/ \d+\s*$/.test(l)).length >= (i + 1 < npages ? 8 : 1),
			`page ${i + 1} has text`);
	assert.match(text, new RegExp(`${npages} / ${npages}`), "page numbers");
	// Every action number of the longest list, whole ("100." not "00.").
	const longest = await page.$$eval("#mon-rapport-contenu ol.plan", (ls) => Math.max(...ls.map((l) => l.children.length)));
	for (let n = 1; n <= longest; n++)
		assert.match(text, new RegExp(`(^|\\s)${n}\\.\\s`, "m"), `action number ${n}.`);
	assert.ok(nactions > 0);
	if (SHOT) {
		execFileSync("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "2", file, SHOT]);
		writeFileSync(SHOT + ".pdf", pdf);
	}
	await page.close();
});

test("the vendored mustache.js is the pinned npm package's file", () => {
	const vendored = readFileSync("themes/default/assets/mustache.js", "utf8");
	const pinned = readFileSync(join(dirname(require.resolve("mustache")), "mustache.min.js"), "utf8");
	assert.match(vendored, /^\/\*! mustache\.js 4\.2\.0 .*@license MIT/);
	assert.equal(vendored.slice(vendored.indexOf("*/\n") + 3), pinned);
});

test("last year beside this year: a reference file gives the change per axis and fiche, in the results and in mon rapport", async () => {
	const page = await browser.context.newPage();
	const errors = [];
	page.on("pageerror", (e) => errors.push(e.message));
	await page.goto(siteUrl(SITE_GUIDE, "rapports/valmont-sur-loire-2026.html"));
	const ref = await page.evaluate(sections, "main");
	assert.ok(ref["r-historique"], "the static report has a history");
	await openReport(page, "answers/valmont-sur-loire-2026.yaml");
	await page.click("#q-report-close");
	await page.setInputFiles("#q-reference", "answers/valmont-sur-loire-2025.yaml");
	await page.locator("#q-compare").waitFor({ state: "visible" });
	const rows = await page.$$eval("#q-compare-axes tbody tr", (rs) => rs.map((r) => [...r.cells].map((c) => c.textContent)));
	const model = JSON.parse(readFileSync(join(SITE_GUIDE, "data/model.json"), "utf8"));
	assert.equal(rows.length, model.axes.length + 1, "overall and every axis");
	const [before, now] = ["2025", "2026"].map((y) => JSON.parse(execFileSync(process.env.AUTODIAG,
		["score", `answers/valmont-sur-loire-${y}.yaml`, "--format", "json"])));
	const tr = (x) => x === null ? "–" : (Math.floor(x * 10 + 1e-9) / 10).toFixed(1).replace(".", ",");
	for (const [i, a] of model.axes.entries()) {
		assert.equal(rows[i + 1][1], tr(before.axes[i].score), a.id + " before");
		assert.equal(rows[i + 1][2], tr(now.axes[i].score), a.id + " now");
	}
	const changed = before.fiches.filter((f, i) => f.level !== now.fiches[i].level).length;
	assert.equal(await page.locator("#q-compare .q-changes li").count(), changed, "the fiches whose level changed");
	// Mon rapport gains the history section of the static report.
	await page.click("#q-report-open");
	await page.locator("#mon-rapport").waitFor({ state: "visible" });
	const mine = await page.evaluate(sections, "#mon-rapport-contenu");
	assert.ok(mine["r-historique"], "mon rapport has the history");
	assert.equal(mine["r-historique"].text, ref["r-historique"].text);
	assert.deepEqual(mine["r-historique"].links, ref["r-historique"].links);
	assert.deepEqual(errors, []);
	await page.close();
});
