// lib.mjs: launching Debian's chromium through playwright-core for the site
// tests, with a fresh profile and no network beyond file://.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
	"--no-first-run", "--disable-background-networking", "--disable-component-update",
	"--disable-sync"];

// Opens a persistent context in a fresh profile; close() removes the profile.
export async function launch(options = {}) {
	const profile = mkdtempSync(join(tmpdir(), "autodiag-chromium-"));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM, headless: true, args: ARGS, acceptDownloads: true,
		...options,
	});
	return {
		context,
		async close() {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

// The file:// URL of a page of the built site.
export function siteUrl(site, page) {
	return pathToFileURL(resolve(site, page)).href;
}

// live projected on the shape of ref: the keys ref has, recursively (the
// browser may know keys that this build of autodiag does not print yet).
export function shaped(live, ref) {
	if (Array.isArray(ref))
		return Array.isArray(live) ? live.map((x, i) => shaped(x, ref[i])) : live;
	if (ref && typeof ref === "object" && live && typeof live === "object") {
		const o = {};
		for (const k of Object.keys(ref))
			o[k] = shaped(live[k], ref[k]);
		return o;
	}
	return live;
}
