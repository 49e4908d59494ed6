// Whether every table of each page keeps its column labels at a given viewport width, in Debian's
// headless Chromium: for each data cell (td) with text, its column's header text (the thead cell of
// its column, rowspan and colspan counted), and whether a reader sees that label: the header row
// itself, visible on screen, or the cell's visible text (its ::before content first) beginning with
// it. And how far the page is wider than the viewport (horizontal overflow, 0 when none).
// Usage: node tests/tools/table_labels.mjs WIDTH FILE.html...   Prints {file: {overflow, tables}} as JSON.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [width, ...files] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const report = {};
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: 800 } });
  for (const file of files) {
    await page.goto(pathToFileURL(path.resolve(file)).href);
    report[file] = await page.evaluate(() => {
      const squash = (text) => (text || "").replace(/\s+/g, " ").trim();
      const generated = (cell) => {
        const content = getComputedStyle(cell, "::before").content;
        if (!content || content === "none" || content === "normal") return "";
        // Chromium gives the computed value, with attr() resolved or not: resolve it here.
        return content.replace(/attr\(([\w-]+)\)/g, (_, name) => JSON.stringify(cell.getAttribute(name) || ""))
          .match(/"((?:[^"\\]|\\.)*)"/g)?.map((part) => JSON.parse(part)).join("") || "";
      };
      const onScreen = (element) => {
        if (!element.checkVisibility()) return false;
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.left >= 0 && box.right <= window.innerWidth + 0.5;
      };
      const tables = [];
      for (const table of document.querySelectorAll("table")) {
        const columns = new Map();
        const taken = [];
        Array.from(table.rows).forEach((row, r) => {
          taken[r] = taken[r] || [];
          let c = 0;
          for (const cell of row.cells) {
            while (taken[r][c]) c++;
            columns.set(cell, c);
            for (let dr = 0; dr < cell.rowSpan; dr++) {
              for (let dc = 0; dc < cell.colSpan; dc++) (taken[r + dr] = taken[r + dr] || [])[c + dc] = true;
            }
            c += cell.colSpan;
          }
        });
        const headers = new Map();
        const headRow = table.tHead ? table.tHead.rows[0] : null;
        for (const cell of headRow ? headRow.cells : []) headers.set(columns.get(cell), cell);
        const cells = [];
        for (const cell of table.querySelectorAll("td")) {
          const header = headers.get(columns.get(cell));
          const text = squash(cell.innerText);
          if (!squash(cell.textContent)) continue;  // an empty cell has nothing to label
          const shown = squash(generated(cell) + (cell.checkVisibility() ? cell.innerText : ""));
          const label = header ? squash(header.innerText || header.textContent) : "";
          cells.push({
            label, text: shown, visible: cell.checkVisibility() && text !== "",
            labelled: Boolean(label) && ((header && onScreen(header)) || shown.startsWith(label)),
          });
        }
        tables.push({
          caption: squash(table.caption ? table.caption.textContent : ""),
          overflow: Math.max(0, Math.ceil(table.getBoundingClientRect().right - window.innerWidth)),
          cells,
        });
      }
      return { overflow: Math.max(0, document.documentElement.scrollWidth - window.innerWidth), tables };
    });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
