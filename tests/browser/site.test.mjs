// site.test.mjs: the built site in Debian's chromium, over file:// URLs.
// Run by tests/check-browser.sh, which builds the sites and sets
//   AUTODIAG (the program), SITE_GUIDE (the shipped guide's site),
//   SITE_TEST and CONTENT_TEST (the small test guide of tests/site/).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, siteUrl, shaped } from "./lib.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const { AUTODIAG, SITE_GUIDE, SITE_TEST, CONTENT_TEST } = process.env;

const PAGES = ["index.html", "methode.html", "axes/donnees.html",
	"fiches/gouvernance-donnees.html", "questionnaire.html", "observatoire.html",
	"404.html", "recherche.html", "rapports/valmont-sur-loire-2026.html"];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

// A page that records console errors, page errors and any request that would
// leave file:// (those are aborted).
async function watchedPage() {
	const page = await browser.context.newPage();
	const problems = [];
	page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });
	page.on("pageerror", (e) => problems.push("page error: " + e.message));
	await page.route("**/*", (route) => {
		const url = route.request().url();
		if (/^(file|data|blob):/.test(url))
			return route.continue();
		problems.push("request: " + url);
		return route.abort();
	});
	return { page, problems };
}

test("every page type loads with no error and no request leaving file://", async () => {
	for (const p of PAGES) {
		const { page, problems } = await watchedPage();
		await page.goto(siteUrl(SITE_GUIDE, p));
		await page.waitForLoadState("load");
		assert.deepEqual(problems, [], p);
		assert.equal(await page.locator("h1").count(), 1, `${p}: one h1`);
		assert.equal(await page.getAttribute("html", "lang"), "fr");
		await page.close();
	}
});

test("axe-core finds no WCAG 2.1 A/AA violation on any page type", async () => {
	for (const p of PAGES.concat(["fiches/gouvernance.html"].map((x) => "TEST:" + x))) {
		const page = await browser.context.newPage();
		const url = p.startsWith("TEST:") ? siteUrl(SITE_TEST, p.slice(5)) : siteUrl(SITE_GUIDE, p);
		await page.goto(url);
		await page.addScriptTag({ path: AXE });
		const res = await page.evaluate(() => window.axe.run(document, {
			runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
		}));
		const v = res.violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
		assert.deepEqual(v, [], p);
		await page.close();
	}
});

test("the search box finds a fiche from any page", async () => {
	const { page, problems } = await watchedPage();
	await page.goto(siteUrl(SITE_TEST, "fiches/accueil.html"));
	await page.keyboard.press("Tab"); // skip link
	await page.keyboard.press("Tab"); // brand
	await page.keyboard.press("Tab"); // search
	await page.keyboard.type("ouverture donnees");
	const link = page.locator(".search-results a").first();
	assert.equal(await link.getAttribute("href"), "../fiches/ouverture.html");
	assert.match(await page.locator(".search-status").textContent(), /1 fiche trouvée/);
	assert.deepEqual(problems, []);
	await page.close();
});

// Presses Tab until the focused element matches sel (at most 300 times).
async function tabTo(page, sel) {
	for (let i = 0; i < 300; i++) {
		await page.keyboard.press("Tab");
		if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), sel))
			return;
	}
	const at = await page.evaluate(() => { const e = document.activeElement; return e ? e.outerHTML.slice(0, 120) : "nothing"; });
	throw new Error("cannot reach " + sel + " with the keyboard (focus on " + at + ")");
}

// Chooses an answer in the radio group named name, from the keyboard: the
// group starts on "Pas encore de réponse" (last); ArrowDown wraps to level 0.
async function answer(page, name, value) {
	await tabTo(page, `input[name="${name}"]`);
	const values = await page.$$eval(`input[name="${name}"]`, (l) => l.map((r) => r.value));
	const from = values.indexOf(await page.evaluate(() => document.activeElement.value));
	const to = values.indexOf(String(value));
	const n = (to - from + values.length) % values.length;
	for (let i = 0; i < n; i++)
		await page.keyboard.press("ArrowDown");
	assert.equal(await page.evaluate(() => document.activeElement.value), String(value));
}

function scoreJson(file) {
	const out = execFileSync(AUTODIAG, ["score", file, "--content", CONTENT_TEST,
		"--answers", join(file, ".."), "--format", "json"], { stdio: ["ignore", "pipe", "pipe"] });
	return JSON.parse(out);
}

const KEYS = ["overall", "axes", "fiches", "recommendations", "later", "priority_measures",
	"divergences", "plan", "review"];
function scoring(r, ref) {
	const o = {};
	for (const k of KEYS)
		if (k in (ref || r))
			o[k] = ref ? shaped(r[k], ref[k]) : r[k];
	return o;
}

test("the questionnaire, filled with the keyboard only, scores like autodiag and round-trips", async () => {
	const { page, problems } = await watchedPage();
	await page.goto(siteUrl(SITE_TEST, "questionnaire.html"));
	await page.evaluate(() => window.localStorage.clear());
	await page.reload();

	await tabTo(page, "#q-territory");
	await page.keyboard.type("Clavier-sur-Mer");
	await tabTo(page, "#q-population");
	await page.keyboard.type("12000");
	// Fiche 1: gouvernance; then "Fiche suivante" from the keyboard.
	await answer(page, "gouvernance/cartographie", 1);
	await answer(page, "gouvernance/instance", "nsp");
	await tabTo(page, "#fiche-gouvernance [data-go=next]");
	await page.keyboard.press("Enter");
	assert.equal(await page.evaluate(() => document.activeElement.id), "fiche-ouverture-titre");
	await answer(page, "ouverture/publication", 2);
	await tabTo(page, "#fiche-ouverture [data-go=next]");
	await page.keyboard.press("Enter");
	await answer(page, "accueil/canaux", 2);
	await answer(page, "accueil/delais", "na");
	await tabTo(page, "#note-accueil");
	await page.keyboard.type("Accueil « unique » : ouvert en mai.");
	await tabTo(page, "#fiche-accueil [data-go=next]");
	await page.keyboard.press("Enter");
	await answer(page, "mediation/lieux", 3);
	// Ambition for the axis "donnees": level 3, from the keyboard.
	await tabTo(page, "#cible-donnees");
	await page.keyboard.type("3");
	assert.equal(await page.inputValue("#cible-donnees"), "3");

	const live = await page.evaluate(() => window.AUTODIAG_QUESTIONNAIRE.result());
	assert.equal(live.recommendations.length > 0, true);
	assert.match(await page.locator("#q-summary").textContent(), /Niveau global/);

	// Export from the keyboard: a download.
	await tabTo(page, "#q-export");
	const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
	const dir = mkdtempSync(join(tmpdir(), "autodiag-q-"));
	const file = join(dir, download.suggestedFilename());
	await download.saveAs(file);

	const check = spawnSync(AUTODIAG, ["check", "--content", CONTENT_TEST, "--answers", file]);
	assert.equal(check.status, 0, "autodiag check: " + check.stderr);
	const ref = scoreJson(file);
	assert.deepEqual(scoring(live, ref), scoring(ref));
	assert.equal(ref.territory, "Clavier-sur-Mer");

	// Round trip: a fresh questionnaire imports the file and scores the same.
	await page.evaluate(() => window.localStorage.clear());
	await page.reload();
	await page.setInputFiles("#q-import", file);
	await page.waitForFunction(() => /importées/.test(document.getElementById("q-status").textContent));
	const again = await page.evaluate(() => window.AUTODIAG_QUESTIONNAIRE.result());
	assert.deepEqual(scoring(again, ref), scoring(ref));
	assert.equal(await page.inputValue("#note-accueil"), "Accueil « unique » : ouvert en mai.");
	// Exported again, the file is the same.
	const yaml2 = await page.evaluate(() => window.AUTODIAG_QUESTIONNAIRE.yaml());
	assert.equal(yaml2, readFileSync(file, "utf8"));
	assert.deepEqual(problems, []);
	await page.close();
});

test("the questionnaire matches autodiag on every shipped answers file", async () => {
	const page = await browser.context.newPage();
	await page.goto(siteUrl(SITE_GUIDE, "questionnaire.html"));
	const files = execFileSync("sh", ["-c", "ls answers/*.yaml"]).toString().trim().split("\n");
	for (const f of files) {
		const text = readFileSync(f, "utf8");
		const live = await page.evaluate((t) => {
			const q = window.AUTODIAG_QUESTIONNAIRE;
			return q.resultOf(q.parse(t));
		}, text);
		const ref = JSON.parse(execFileSync(AUTODIAG, ["score", f, "--format", "json"]));
		assert.deepEqual(scoring(live, ref), scoring(ref), f);
	}
	await page.close();
});
