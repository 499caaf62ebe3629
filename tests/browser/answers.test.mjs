// answers.test.mjs: answers are never lost in the questionnaire, and its
// import checks a file as `autodiag check` does.  Run by tests/check-browser.sh
// (AUTODIAG, SITE_GUIDE, SITE_FIXTURES, CONTENT_FIXTURES).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { launch, siteUrl, shaped } from "./lib.mjs";

const require = createRequire(import.meta.url);
const { AUTODIAG, SITE_GUIDE, SITE_FIXTURES, CONTENT_FIXTURES } = process.env;
const jsyaml = require("js-yaml");

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function freshPage(site) {
	const page = await browser.context.newPage();
	const problems = [];
	page.on("pageerror", (e) => problems.push("page error: " + e.message));
	page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });
	await page.goto(siteUrl(site, "questionnaire.html"));
	return { page, problems };
}

async function importText(page, name, text) {
	await page.setInputFiles("#q-import", { name, mimeType: "text/yaml", buffer: Buffer.from(text) });
}

// The diagnostics `autodiag check` prints for file: [{line, col, severity}].
function check(file, content) {
	const args = ["check", "--answers", file];
	if (content)
		args.splice(1, 0, "--content", content);
	const r = spawnSync(AUTODIAG, args, { encoding: "utf8" });
	const diags = r.stderr.split("\n").map((l) => /:(\d+):(\d+): (error|warning): /.exec(l))
		.filter(Boolean).map((m) => ({ line: +m[1], col: +m[2], severity: m[3] }));
	return { status: r.status, diags };
}

test("a file that autodiag check rejects is rejected in the browser, at the same line and column", async () => {
	const dir = "tests/bad", tmp = mkdtempSync(join(tmpdir(), "autodiag-bad-"));
	const cases = readdirSync(dir).filter((f) => /^answers-.*\.yaml$/.test(f) && !f.endsWith(".site.yaml") &&
		!existsSync(join(dir, f.replace(/\.yaml$/, ".setup")))).sort();
	assert.ok(cases.length >= 40, "the corpus has its answers cases");
	const { page, problems } = await freshPage(SITE_FIXTURES);
	let rejected = 0;
	for (const f of cases) {
		const bytes = readFileSync(join(dir, f));
		const file = join(tmp, f);
		writeFileSync(file, bytes);
		const ref = check(file, CONTENT_FIXTURES);
		const errors = ref.diags.filter((d) => d.severity === "error");
		await page.evaluate(() => { document.getElementById("q-status").textContent = ""; });
		await page.setInputFiles("#q-import", { name: f, mimeType: "text/yaml", buffer: bytes });
		await page.waitForFunction(() => document.getElementById("q-status").textContent !== "");
		const shown = await page.locator("#q-status").textContent();
		if (ref.status === 0) {
			assert.match(shown, /importées/, f + ": accepted by check, imported");
			const warnings = ref.diags.filter((d) => d.severity === "warning");
			for (const w of warnings)
				assert.ok(shown.includes(`Ligne ${w.line}, colonne ${w.col}`), `${f}: warning at ${w.line}:${w.col} in ${shown}`);
			continue;
		}
		assert.equal(ref.status, 1, f);
		rejected++;
		assert.match(shown, /Import impossible/, f);
		const lines = [...shown.matchAll(/Ligne (\d+), colonne (\d+)/g)].map((m) => `${m[1]}:${m[2]}`);
		assert.equal(lines[0], `${errors[0].line}:${errors[0].col}`, `${f}: first problem (browser said: ${shown})`);
		for (const e of errors)
			assert.ok(lines.includes(`${e.line}:${e.col}`), `${f}: ${e.line}:${e.col} reported too (${shown})`);
	}
	assert.ok(rejected >= 40, "rejected cases: " + rejected);
	assert.deepEqual(problems, []);
	await page.close();
});

test("every shipped answers file, also rewritten in YAML's inline form, imports fully", async () => {
	const { page, problems } = await freshPage(SITE_GUIDE);
	const tmp = mkdtempSync(join(tmpdir(), "autodiag-inline-"));
	const files = readdirSync("answers").filter((f) => f.endsWith(".yaml")).sort();
	for (const f of files) {
		const ref = JSON.parse(execFileSync(AUTODIAG, ["score", join("answers", f), "--format", "json"]));
		const data = jsyaml.load(readFileSync(join("answers", f), "utf8"), { schema: jsyaml.CORE_SCHEMA });
		const inline = jsyaml.dump(data, { flowLevel: 0, schema: jsyaml.CORE_SCHEMA, lineWidth: -1 });
		assert.match(inline, /^\{/, "inline form");
		const file = join(tmp, f);
		writeFileSync(file, inline);
		assert.equal(check(file).status, 0, f + " inline passes check");
		for (const [name, text] of [[f, readFileSync(join("answers", f), "utf8")], ["inline-" + f, inline]]) {
			await page.evaluate(() => { window.localStorage.clear(); window.sessionStorage.clear(); });
			await page.reload();
			await importText(page, name, text);
			await page.waitForFunction(() => /importées/.test(document.getElementById("q-status").textContent));
			const live = await page.evaluate(() => window.AUTODIAG_QUESTIONNAIRE.result());
			for (const k of ["overall", "axes", "fiches", "recommendations"])
				assert.deepEqual(shaped(live[k], ref[k]), ref[k], `${name}: ${k}`);
			assert.equal(await page.inputValue("#q-territory"), ref.territory);
		}
	}
	assert.deepEqual(problems, []);
	await page.close();
});

test("an import over answers in progress asks first and offers to export them", async () => {
	const { page, problems } = await freshPage(SITE_GUIDE);
	await page.evaluate(() => { window.localStorage.clear(); window.sessionStorage.clear(); });
	await page.reload();
	await page.fill("#q-territory", "Ville en cours");
	const first = await page.$eval(".q-fiche:not([hidden]) input[type=radio]", (r) => r.name);
	await page.check(`input[name="${first}"][value="3"]`);
	const text = readFileSync("answers/lorvanne-2026.yaml", "utf8");

	// Cancel: nothing changes.
	await importText(page, "lorvanne-2026.yaml", text);
	const dialog = page.locator("#q-dialog");
	await dialog.waitFor({ state: "visible" });
	assert.match(await dialog.textContent(), /contient déjà des réponses/);
	assert.equal(await dialog.locator("button").count(), 4);
	// "Download first" downloads the answers in progress and keeps the dialog open.
	const [download] = await Promise.all([page.waitForEvent("download"),
		dialog.locator("button[data-choice=export]").click()]);
	const saved = join(mkdtempSync(join(tmpdir(), "autodiag-exp-")), download.suggestedFilename());
	await download.saveAs(saved);
	assert.match(readFileSync(saved, "utf8"), /territory: "Ville en cours"/);
	assert.ok(await dialog.isVisible(), "the dialog stays after the download");
	await page.keyboard.press("Escape");
	await dialog.waitFor({ state: "hidden" });
	assert.equal(await page.inputValue("#q-territory"), "Ville en cours");
	assert.equal(await page.isChecked(`input[name="${first}"][value="3"]`), true);

	// Import as a new diagnostic: both are kept.
	await importText(page, "lorvanne-2026.yaml", text);
	await dialog.waitFor({ state: "visible" });
	await dialog.locator("button[data-choice=new]").click();
	await page.waitForFunction(() => /importées/.test(document.getElementById("q-status").textContent));
	assert.equal(await page.inputValue("#q-territory"), "Lorvanne");
	const labels = await page.locator("#q-diagnostics .diag-label").allTextContents();
	assert.equal(labels.length, 2);
	assert.ok(labels.some((l) => l.startsWith("Ville en cours")) && labels.some((l) => l.startsWith("Lorvanne")), labels.join());

	// Resume the first one: its answers are there.
	await page.locator("#q-diagnostics li", { hasText: "Ville en cours" }).locator("[data-diag-open]").click();
	assert.equal(await page.inputValue("#q-territory"), "Ville en cours");
	assert.equal(await page.isChecked(`input[name="${first}"][value="3"]`), true);

	// Reset asks too; cancelled, nothing is lost.
	await page.click("#q-reset");
	await dialog.waitFor({ state: "visible" });
	assert.match(await dialog.textContent(), /Effacer toutes les réponses/);
	await dialog.locator("button[data-choice=cancel]").click();
	assert.equal(await page.inputValue("#q-territory"), "Ville en cours");

	// "Repartir de ces réponses": a new diagnostic dated today, same answers.
	await page.locator("#q-diagnostics li", { hasText: "Ville en cours" }).locator("[data-diag-copy]").click();
	assert.equal(await page.locator("#q-diagnostics li").count(), 3);
	assert.equal(await page.isChecked(`input[name="${first}"][value="3"]`), true);
	const today = await page.evaluate(() => window.AUTODIAG_ANSWERS.today());
	assert.equal(await page.inputValue("#q-date"), today);

	// Delete the copy (asks first).
	await page.locator("#q-diagnostics li", { has: page.locator("[aria-current]") }).locator("[data-diag-delete]").click();
	await dialog.waitFor({ state: "visible" });
	await dialog.locator("button[data-choice=delete]").click();
	assert.equal(await page.locator("#q-diagnostics li").count(), 2);
	assert.deepEqual(problems, []);
	await page.close();
});

test("two tabs keep both diagnostics and follow each other", async () => {
	const a = await freshPage(SITE_GUIDE);
	await a.page.evaluate(() => { window.localStorage.clear(); window.sessionStorage.clear(); });
	await a.page.reload();
	await a.page.fill("#q-territory", "Commune A");
	const q = await a.page.$eval(".q-fiche:not([hidden]) input[type=radio]", (r) => r.name);
	await a.page.check(`input[name="${q}"][value="1"]`);

	const b = await freshPage(SITE_GUIDE);
	assert.equal(await b.page.inputValue("#q-territory"), "Commune A", "a new tab resumes the last diagnostic");
	await b.page.click("#q-new");
	await b.page.fill("#q-territory", "Commune B");
	await b.page.check(`input[name="${q}"][value="4"]`);

	// Tab A still works on A and lists both; its next answer lands in A only.
	await a.page.waitForFunction(() => document.querySelectorAll("#q-diagnostics li").length === 2);
	await a.page.check(`input[name="${q}"][value="2"]`);
	assert.equal(await a.page.inputValue("#q-territory"), "Commune A");
	await b.page.reload();
	assert.equal(await b.page.inputValue("#q-territory"), "Commune B", "a reloaded tab keeps its diagnostic");
	assert.equal(await b.page.isChecked(`input[name="${q}"][value="4"]`), true);

	const stored = await b.page.evaluate(() => {
		const out = {};
		for (let i = 0; i < localStorage.length; i++) {
			const k = localStorage.key(i);
			if (k.startsWith("autodiag:diagnostic:")) {
				const s = JSON.parse(localStorage.getItem(k));
				out[s.territory] = s.answers;
			}
		}
		return out;
	});
	const [fid, qid] = q.split("/");
	assert.deepEqual(Object.keys(stored).sort(), ["Commune A", "Commune B"]);
	assert.equal(stored["Commune A"][fid][qid], 2);
	assert.equal(stored["Commune B"][fid][qid], 4);

	// Both tabs on the same diagnostic: a change in one shows in the other.
	await b.page.locator("#q-diagnostics li", { hasText: "Commune A" }).locator("[data-diag-open]").click();
	await a.page.check(`input[name="${q}"][value="0"]`);
	await b.page.waitForFunction((n) => document.querySelector(`input[name="${n}"][value="0"]`).checked, q);
	assert.deepEqual(a.problems.concat(b.problems), []);
	await a.page.close();
	await b.page.close();
});

test("the vendored js-yaml is the pinned npm package's file", () => {
	const vendored = readFileSync("themes/default/assets/js-yaml.js", "utf8");
	const pinned = readFileSync(join(dirname(require.resolve("js-yaml")), "dist", "js-yaml.min.js"), "utf8");
	assert.match(vendored, /^\/\*! js-yaml 4\.1\.0 .*@license MIT \*\//);
	assert.equal(vendored, pinned);
});
