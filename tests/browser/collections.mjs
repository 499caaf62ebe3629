// collections.mjs: the experience and resource indexes of the test guide
// (tests/collections/content) in Debian's chromium over file:// URLs: the
// filters appear only with JavaScript and hide what does not match, no
// request leaves file://, axe-core finds no WCAG 2.1 A/AA violation.
// Run by tests/check-collections.sh, which builds the site into SITE_COLL.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { launch, siteUrl } from "./lib.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const { SITE_COLL } = process.env;
const PAGES = ["experiences/index.html", "experiences/bourg-essai.html",
	"ressources/index.html", "ressources/clauses-essai.html", "fiches/a1.html"];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function open(path, options = {}) {
	const page = await browser.context.newPage(options);
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
	await page.goto(siteUrl(SITE_COLL, path));
	await page.waitForLoadState("load");
	return { page, problems };
}

const visible = (page) => page.locator("#liste-experiences > li:visible").count();

test("the experience filters: by axis, kind and population band", async () => {
	const { page, problems } = await open("experiences/index.html");
	assert.equal(await page.locator("form.filters").isVisible(), true);
	assert.equal(await visible(page), 2);
	await page.selectOption("#filtre-nature", "commune");
	assert.equal(await visible(page), 1);
	assert.match(await page.locator("#liste-experiences > li:visible h2").textContent(), /Bourg/);
	assert.equal(await page.locator(".filter-shown").textContent(), "1");
	await page.selectOption("#filtre-population", "3");
	assert.equal(await visible(page), 0);
	await page.selectOption("#filtre-nature", "");
	assert.equal(await visible(page), 1);
	assert.match(await page.locator("#liste-experiences > li:visible h2").textContent(), /intercommunalité/);
	await page.selectOption("#filtre-population", "");
	await page.selectOption("#filtre-axe", "beta");
	assert.equal(await visible(page), 1);
	await page.selectOption("#filtre-axe", "alpha");
	assert.equal(await visible(page), 2);
	assert.deepEqual(problems, []);
	await page.close();
});

test("the resource filter by axis", async () => {
	const { page, problems } = await open("ressources/index.html");
	const shown = () => page.locator("#liste-ressources > li:visible").count();
	assert.equal(await shown(), 3);
	await page.selectOption("#filtre-axe", "beta");
	assert.equal(await shown(), 2);
	assert.match(await page.locator("#liste-ressources > li:visible h2").first().textContent(), /Méthode/);
	await page.selectOption("#filtre-axe", "alpha");
	assert.equal(await shown(), 2);
	assert.match(await page.locator("#liste-ressources > li:visible h2").first().textContent(), /Clauses/);
	assert.deepEqual(problems, []);
	await page.close();
});

test("without JavaScript the indexes are plain lists, filters hidden", async () => {
	const plain = await launch({ javaScriptEnabled: false });
	const page = await plain.context.newPage();
	await page.goto(siteUrl(SITE_COLL, "experiences/index.html"));
	assert.equal(await page.locator("form.filters").isVisible(), false);
	assert.equal(await page.locator("#liste-experiences > li:visible").count(), 2);
	await plain.close();
});

test("the search box finds experiences and resources", async () => {
	const { page, problems } = await open("fiches/a2.html");
	await page.locator("#recherche").fill("Bourg");
	const link = page.locator(".search-results a").first();
	assert.equal(await link.getAttribute("href"), "../experiences/bourg-essai.html");
	await page.locator("#recherche").fill("réversibilité");
	assert.equal(await link.getAttribute("href"), "../ressources/clauses-essai.html");
	assert.deepEqual(problems, []);
	await page.close();
});

test("axe-core finds no WCAG 2.1 A/AA violation, no request leaves file://", async () => {
	for (const path of PAGES) {
		const { page, problems } = await open(path);
		assert.deepEqual(problems, [], path);
		assert.equal(await page.locator("h1").count(), 1, `${path}: one h1`);
		await page.addScriptTag({ path: AXE });
		const res = await page.evaluate(() => window.axe.run(document, {
			runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
		}));
		const v = res.violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
		assert.deepEqual(v, [], path);
		await page.close();
	}
});
