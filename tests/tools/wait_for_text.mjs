// Opens a page in Debian's headless Chromium, says "ready", then waits until the page shows a text.
// Usage: node tests/tools/wait_for_text.mjs URL TEXT TIMEOUT_MS
// Prints "ready" once loaded, then {"found": bool, "reloaded": bool} when the text appears or time is up.
import { chromium } from "playwright-core";

const [url, text, timeout] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  await page.goto(url);
  // A mark on the first page: when the text shows and the mark is gone, the page was reloaded.
  await page.evaluate(() => { window.__firstLoad = true; });
  console.log("ready");
  const deadline = Date.now() + Number(timeout);
  let found = false;
  while (Date.now() < deadline) {
    try {
      found = await page.evaluate((t) => document.body.innerText.replace(/\s+/g, " ").includes(t), text);
    } catch (e) { /* the page is reloading */ }
    if (found) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const reloaded = found && await page.evaluate(() => window.__firstLoad !== true);
  console.log(JSON.stringify({ found, reloaded }));
} finally {
  await browser.close();
}
