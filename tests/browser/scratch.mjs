import { launch, siteUrl } from "./lib.mjs";
const b = await launch();
const page = await b.context.newPage();
await page.setViewportSize({ width: 375, height: 667 });
await page.goto(siteUrl(process.argv[2], process.argv[3]));
console.log(await page.evaluate(() => {
  const w = document.documentElement.clientWidth, out = [];
  for (const e of document.querySelectorAll("body *")) { const r = e.getBoundingClientRect(); if (r.right > w + 1) out.push(e.tagName + "." + e.className + " " + Math.round(r.left) + "-" + Math.round(r.right) + " " + getComputedStyle(e).position); }
  return out.slice(0, 15).join("\n");
}));
await b.close();
