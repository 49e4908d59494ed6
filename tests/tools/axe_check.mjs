// Runs axe-core (WCAG 2.0/2.1 A and AA rules) on HTML files in Debian's headless Chromium.
// Usage: node tests/tools/axe_check.mjs FILE.html...   Prints {"FILE": [violations]} as JSON.
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = require.resolve("axe-core/axe.min.js");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  // This machine has no network: without these, Chromium keeps trying to reach Google's hosts.
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const results = {};
try {
  for (const file of process.argv.slice(2)) {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.resolve(file)).href);
    await page.addScriptTag({ path: axeSource });
    const outcome = await page.evaluate(() => axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    }));
    results[file] = outcome.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")),
    }));
    results[file + "#passes"] = outcome.passes.length;
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
