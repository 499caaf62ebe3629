// screenshots.mjs SITE_DIR OUT_DIR: phone and desktop screenshots of each page
// type, to look at (not a test).
import { mkdirSync } from "node:fs";
import { launch, siteUrl } from "./lib.mjs";

const [site, out] = process.argv.slice(2);
const pages = process.argv.slice(4).length ? process.argv.slice(4) : [
	"index.html", "methode.html", "axes/donnees.html", "fiches/gouvernance-donnees.html",
	"questionnaire.html", "observatoire.html", "404.html"];
mkdirSync(out, { recursive: true });
const b = await launch();
for (const [name, width] of [["phone", 390], ["desktop", 1280]]) {
	const page = await b.context.newPage();
	await page.setViewportSize({ width, height: 900 });
	for (const p of pages) {
		await page.goto(siteUrl(site, p));
		const slices = Number(process.env.SLICES || 1);
		for (let i = 0; i < slices; i++) {
			const file = `${out}/${name}-${p.replace(/[/.]/g, "_")}-${i}.png`;
			await page.evaluate((y) => window.scrollTo(0, y), i * 900);
			await page.screenshot({ path: file });
			console.log(file);
		}
	}
	await page.close();
}
await b.close();
