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

// The dialog answers on its "close" event, a task after the click: wait for
// the list of diagnostics to show n entries (or time out and fail).
async function listed(page, n) {
	await page.waitForFunction((n) => document.querySelectorAll("#q-diagnostics li").length === n, n,
		{ timeout: 5000 }).catch(async () => {
		assert.equal(await page.locator("#q-diagnostics li").count(), n, "diagnostics listed");
	});
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
		if (ref.status === 0) {
			// an accepted file fills the diagnostic: start the next one afresh
			await page.evaluate(() => { window.localStorage.clear(); window.sessionStorage.clear(); });
			await page.reload();
		}
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
	await listed(page, 3);
	assert.equal(await page.isChecked(`input[name="${first}"][value="3"]`), true);
	const today = await page.evaluate(() => window.AUTODIAG_ANSWERS.today());
	assert.equal(await page.inputValue("#q-date"), today);

	// Delete the copy (asks first).
	await page.locator("#q-diagnostics li", { has: page.locator("[aria-current]") }).locator("[data-diag-delete]").click();
	await dialog.waitFor({ state: "visible" });
	await dialog.locator("button[data-choice=delete]").click();
	await listed(page, 2);
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

test("an adopted action goes into the exported file and comes back on import", async () => {
	const { page, problems } = await freshPage(SITE_GUIDE);
	await page.evaluate(() => { window.localStorage.clear(); window.sessionStorage.clear(); });
	await page.reload();
	await importText(page, "lorvanne-2026.yaml", readFileSync("answers/lorvanne-2026.yaml", "utf8"));
	await page.waitForFunction(() => /importées/.test(document.getElementById("q-status").textContent));
	const first = page.locator("#q-plan [data-rec]").first();
	const id = await first.getAttribute("data-rec");
	await first.locator("select[data-field=status]").selectOption("en-cours");
	const again = page.locator(`#q-plan [data-rec="${id}"]`).first();
	await again.locator("input[data-field=porteur]").fill("DGS « numérique »");
	await again.locator("input[data-field=echeance]").fill("2026-12-31");
	const yaml = await page.evaluate(() => window.AUTODIAG_QUESTIONNAIRE.yaml());
	assert.match(yaml, new RegExp(`plan:\\n  - action: ${id.replace(/\./g, "\\.")}\\n    status: en-cours\\n    porteur: "DGS « numérique »"\\n    echeance: 2026-12-31\\n`));
	const dir = mkdtempSync(join(tmpdir(), "autodiag-plan-"));
	const file = join(dir, "lorvanne-2026.yaml");
	writeFileSync(file, yaml);
	const r = spawnSync(AUTODIAG, ["check", "--answers", file], { encoding: "utf8" });
	if (/unknown key "plan"/.test(r.stderr))
		console.log("# autodiag check does not read `plan` yet: its acceptance is not checked");
	else
		assert.equal(r.status, 0, "autodiag check accepts the plan: " + r.stderr);
	await page.evaluate(() => { window.localStorage.clear(); window.sessionStorage.clear(); });
	await page.reload();
	await importText(page, "lorvanne-2026.yaml", yaml);
	await page.waitForFunction(() => /importées/.test(document.getElementById("q-status").textContent));
	const st = await page.evaluate(() => window.AUTODIAG_QUESTIONNAIRE.state().plan);
	assert.deepEqual(st, [{ action: id, status: "en-cours", porteur: "DGS « numérique »", echeance: "2026-12-31" }]);
	assert.equal(await page.locator(`#q-plan [data-rec="${id}"] select[data-field=status]`).first().inputValue(), "en-cours");
	assert.equal(await page.evaluate(() => window.AUTODIAG_QUESTIONNAIRE.yaml()), yaml, "exported again, the same file");
	assert.deepEqual(problems, []);
	await page.close();
});

test("workshop: colleagues' files side by side, spread highlighted, the agreed level chosen with the keyboard, the collective file exported", async () => {
	const { page, problems } = await freshPage(SITE_GUIDE);
	await page.evaluate(() => { window.localStorage.clear(); window.sessionStorage.clear(); });
	await page.reload();
	const model = JSON.parse(readFileSync(join(SITE_GUIDE, "data/model.json"), "utf8"));
	const f = model.fiches[0], q = f.questions[0], q2 = f.questions[1];
	const person = (name, l1, l2) => `territory: "Atelier-sur-Mer"\nkind: commune\ndate: 2026-11-02\nrespondent: "${name}"\n` +
		`answers:\n  ${f.id}:\n    ${q.id}: ${l1}\n    ${q2.id}: ${l2}\n`;
	const files = [["elu.yaml", person("Élu référent", 3, 1)], ["dgs.yaml", person("DGS", 2, 1)],
		["dst.yaml", person("Services techniques", 0, "nsp")]];
	await page.setInputFiles("#q-workshop-files", files.map(([name, text]) =>
		({ name, mimeType: "text/yaml", buffer: Buffer.from(text) })));
	await page.waitForFunction(() => /Atelier de/.test(document.getElementById("q-status").textContent));
	assert.match(await page.locator("#q-status").textContent(), /3\s?participants, 1\s?divergence/);
	const views = page.locator(`#fiche-${f.id} .q-question[data-question="${q.id}"] .q-views`);
	assert.match(await views.textContent(), /Élu référent\s?: niveau 3.*DGS\s?: niveau 2.*Services techniques\s?: niveau 0/);
	assert.match(await views.getAttribute("class"), /divergence/, "a spread of 3 is highlighted");
	assert.match(await views.textContent(), /écart de 3\s?niveaux/);
	const calm = page.locator(`#fiche-${f.id} .q-question[data-question="${q2.id}"] .q-views`);
	assert.doesNotMatch(await calm.getAttribute("class"), /divergence/);
	// Lower median of 3, 2, 0: 2; the browser scores like DESIGN.md.
	let res = await page.evaluate(() => window.AUTODIAG_QUESTIONNAIRE.result());
	assert.equal(res.fiches[0].questions[0].level, 2);
	assert.equal(res.fiches[0].questions[0].spread, 3);
	assert.deepEqual(res.divergences, [{ fiche: f.id, question: q.id, spread: 3 }]);
	// Keyboard only: the agreed level 1 for the first question.
	const name = `${f.id}/${q.id}`;
	for (let i = 0; i < 400; i++) {
		await page.keyboard.press("Tab");
		if (await page.evaluate((n) => document.activeElement.name === n, name))
			break;
	}
	assert.equal(await page.evaluate(() => document.activeElement.value), "2", "the radios start on the median");
	await page.keyboard.press("ArrowUp");
	assert.equal(await page.evaluate(() => document.activeElement.value), "1");
	assert.match(await views.textContent(), /Niveau retenu en séance\s?: niveau 1/);
	res = await page.evaluate(() => window.AUTODIAG_QUESTIONNAIRE.result());
	assert.equal(res.fiches[0].questions[0].level, 1);
	const yaml = await page.evaluate(() => window.AUTODIAG_QUESTIONNAIRE.yaml());
	assert.match(yaml, /respondents:\n  - name: "Élu référent"\n  - name: "DGS"\n  - name: "Services techniques"\n/);
	assert.match(yaml, new RegExp(`    ${q.id}:\\n      level: 1\\n      views: \\{"Élu référent": 3, "DGS": 2, "Services techniques": 0\\}\\n`));
	assert.match(yaml, new RegExp(`    ${q2.id}:\\n      views: \\{"Élu référent": 1, "DGS": 1, "Services techniques": nsp\\}\\n`));
	const dir = mkdtempSync(join(tmpdir(), "autodiag-atelier-"));
	const file = join(dir, "atelier-sur-mer-2026.yaml");
	writeFileSync(file, yaml);
	const r = spawnSync(AUTODIAG, ["check", "--answers", file], { encoding: "utf8" });
	if (/unknown key "(respondents|views)"/.test(r.stderr))
		console.log("# autodiag check does not read views yet: the collective file's acceptance is not checked");
	else {
		assert.equal(r.status, 0, "autodiag check accepts the collective file: " + r.stderr);
		const ref = JSON.parse(execFileSync(AUTODIAG, ["score", file, "--format", "json"]));
		assert.equal(ref.fiches[0].questions[0].level, 1);
		assert.equal(ref.fiches[0].questions[1].level, 1);
	}
	// Re-imported, the collective file gives the same views and choices.
	await page.evaluate(() => { window.localStorage.clear(); window.sessionStorage.clear(); });
	await page.reload();
	await importText(page, "atelier-sur-mer-2026.yaml", yaml);
	await page.waitForFunction(() => /importées/.test(document.getElementById("q-status").textContent));
	assert.equal(await page.evaluate(() => window.AUTODIAG_QUESTIONNAIRE.yaml()), yaml);
	assert.deepEqual(problems, []);
	await page.close();
});
