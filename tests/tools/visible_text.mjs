// Prints the text a reader sees (innerText, which leaves out what CSS hides) of each element matching
// a selector ("" for an element not rendered at all), at a given viewport width, in Debian's headless Chromium.
// Usage: node tests/tools/visible_text.mjs FILE.html WIDTH SELECTOR   Prints ["text", ...] as JSON.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [file, width, selector] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: 800 } });
  await page.goto(pathToFileURL(path.resolve(file)).href);
  const texts = await page.$$eval(selector, (nodes) => nodes.map((n) => (n.checkVisibility() ? n.innerText : "")));
  console.log(JSON.stringify(texts));
} finally {
  await browser.close();
}
