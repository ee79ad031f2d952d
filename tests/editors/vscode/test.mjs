// Drives VS Code (code-server) in headless Chromium: opens the draft, waits for the extension's
// squiggles and Problems entries, hovers the verified quote, runs "Sourced: Show sources" and
// "Sourced: Show review report".
// Usage: node test.mjs URL DRAFT_NAME SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const [url, draftName, shotDir] = process.argv.slice(2);
const QUOTE_FILE = 'there-is-a-drug-overdose-crisis-in-the-united-states.txt';
const TIMEOUT = Number(process.env.SOURCED_TEST_TIMEOUT ?? 60) * 1000;
let passed = 0;
let page;
let browser;

const say = (m) => console.log(`[vscode] ${m}`);
async function fail(msg) {
  console.error(`[vscode] FAIL: ${msg}`);
  if (page) {
    fs.mkdirSync(shotDir, { recursive: true });
    const file = path.join(shotDir, 'vscode-failure.png');
    await page.screenshot({ path: file }).catch(() => {});
    const notes = await page.locator('.notification-toast').allInnerTexts().catch(() => []);
    for (const n of notes) console.error(`[vscode]   notification: ${n.replace(/\s+/g, ' ')}`);
    console.error(`[vscode]   screenshot: ${file}`);
  }
  await browser?.close().catch(() => {});
  process.exit(1);
}
function ok(cond, msg) {
  if (!cond) return fail(msg);
  passed++;
  say(`ok ${msg}`);
}
async function waitFor(fn, what, timeout = TIMEOUT) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await fail(`timed out after ${timeout} ms waiting for ${what}`);
}

async function runCommand(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill('>' + title);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10000 });
  await page.keyboard.press('Enter');
}

const t0 = Date.now();
browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
page = await context.newPage();
await page.goto(url);
await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: TIMEOUT });
await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: TIMEOUT }).catch(() => {});
say(`workbench loaded after ${Date.now() - t0} ms`);

// Open the draft from the explorer (as a user would).
const entry = page.locator('.explorer-folders-view .monaco-list-row', { hasText: draftName }).first();
await waitFor(() => entry.isVisible(), `${draftName} in the explorer`);
await entry.click();
await waitFor(
  () => page.locator('.tab.active', { hasText: draftName }).isVisible(),
  `${draftName} open in an editor tab`,
);
const editor = page.locator('.editor-instance .monaco-editor').first();
await waitFor(() => editor.locator('.view-line', { hasText: 'foreign reasons' }).isVisible(), 'the draft text');

// Squiggles.
const t1 = Date.now();
const squiggles = editor.locator('.squiggly-warning, .squiggly-error, .squiggly-info');
await waitFor(async () => (await squiggles.count()) >= 2, 'at least two squiggles in the draft', TIMEOUT);
ok(true, `${await squiggles.count()} squiggles shown after ${Date.now() - t1} ms`);

// Status bar: sources and warnings.
const statusItem = page.locator('.statusbar-item', { hasText: /\d+ sources?/ }).first();
const statusText = await waitFor(async () => {
  const t = (await statusItem.isVisible()) ? await statusItem.innerText() : '';
  return /\d+ sources?/.test(t) && /[1-9]\d*\s*$/.test(t.trim()) ? t : null;
}, 'status bar item with the number of sources and warnings', 20000);
ok(true, `status bar shows "${statusText.replace(/\s+/g, ' ').trim()}"`);

// Problems panel.
await page.keyboard.press('Control+Shift+M');
const markers = page.locator('.markers-panel');
const problems = await waitFor(async () => {
  const t = (await markers.isVisible()) ? await markers.innerText() : '';
  return t.includes('misquote') && t.includes('figure-mismatch') ? t : null;
}, 'misquote and figure-mismatch entries in the Problems panel');
const lines = problems.split('\n').filter((l) => /misquote|figure-mismatch|sourced/.test(l));
ok(true, `Problems panel lists misquote and figure-mismatch: ${lines.slice(0, 4).join(' | ')}`);
await page.keyboard.press('Control+Shift+M'); // close the panel again

// Hover on the verified quote.
const verifiedLine = editor.locator('.view-line', { hasText: 'domestic reasons' }).first();
const box = await verifiedLine.boundingBox();
if (!box) await fail('verified quote line not rendered');
const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: QUOTE_FILE });
await waitFor(async () => {
  await page.mouse.move(box.x + 5, box.y + box.height / 2);
  await page.mouse.move(box.x + 120, box.y + box.height / 2);
  await page.waitForTimeout(700);
  return hover.first().isVisible();
}, `a hover citing ${QUOTE_FILE}`, 30000);
const hoverText = (await hover.first().innerText()).replace(/\s+/g, ' ').trim();
ok(hoverText.includes(QUOTE_FILE), `hover on the verified quote: "${hoverText.slice(0, 160)}"`);
fs.mkdirSync(shotDir, { recursive: true });
await page.screenshot({ path: path.join(shotDir, 'vscode-hover.png') });
say(`screenshot ${path.join(shotDir, 'vscode-hover.png')}`);
await page.mouse.move(5, 5);

// Hover on a figure a dated source states: its title and date.
const datedLine = editor.locator('.view-line', { hasText: 'Nearly 110,000' }).first();
const datedBox = await datedLine.boundingBox();
if (!datedBox) await fail('the line with "110,000" not rendered');
const datedHover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'June 28, 2024' });
await waitFor(async () => {
  await page.mouse.move(datedBox.x + 5, datedBox.y + datedBox.height / 2);
  await page.mouse.move(datedBox.x + 60, datedBox.y + datedBox.height / 2);
  await page.waitForTimeout(700);
  return datedHover.first().isVisible();
}, 'a hover naming the dated source', 30000);
const datedText = (await datedHover.first().innerText()).replace(/\s+/g, ' ').trim();
ok(
  datedText.includes('U.S. raises pressure on China') && datedText.includes('June 28, 2024'),
  `hover on "110,000" names the source by title and date: "${datedText.slice(0, 160)}"`,
);
await page.mouse.move(5, 5);

// Go to definition (F12) on the verified quote: the source file, named by its title.
await verifiedLine.click({ position: { x: 120, y: box.height / 2 } });
await page.keyboard.press('F12');
await waitFor(
  () => page.locator('.tab.active', { hasText: QUOTE_FILE }).isVisible(),
  `${QUOTE_FILE} opened by Go to Definition`,
  20000,
);
ok(true, `Go to Definition on the verified quote opened ${QUOTE_FILE}`);
await entry.click();
await waitFor(
  () => page.locator('.tab.active', { hasText: draftName }).isVisible(),
  `${draftName} active again`,
);

// "Insert citation" twice on the verified quote: two references, one footnote for the source.
const footnotes = async () => {
  const text = (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  const notes = text.match(/^\[\^[^\]]+\]: .*$/gm) ?? [];
  const label = notes[0]?.match(/^\[\^([^\]]+)\]/)?.[1];
  const marks = label ? text.split(`[^${label}]`).length - 1 : 0;
  return { text, notes: notes.length, refs: marks - notes.length };
};
for (const round of [1, 2]) {
  const action = page.locator('.action-widget .monaco-list-row', { hasText: 'Insert citation' }).first();
  // The menu can open on a request made while the last edit is still being checked, and then
  // show no actions: close it and ask again, as a writer would.
  let asked = 0;
  await waitFor(async () => {
    if (await action.isVisible()) return true;
    if (Date.now() - asked > 3000) {
      await page.keyboard.press('Escape');
      await verifiedLine.click({ position: { x: 120, y: box.height / 2 } });
      await page.keyboard.press('Control+.');
      asked = Date.now();
    }
    return false;
  }, `"Insert citation" among the code actions (round ${round})`, 30000);
  // The menu takes the keyboard (a pointer block covers it): move to the action, then Enter.
  const focused = page.locator('.action-widget .monaco-list-row.focused');
  for (let i = 0; i < 8 && (await focused.getAttribute('aria-label').catch(() => null)) !== 'Insert citation'; i++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await waitFor(async () => (await footnotes()).refs === round, `citation ${round} in the draft`, 20000);
}
const cited = await footnotes();
ok(
  cited.notes === 1 && cited.refs === 2,
  `Insert citation twice: ${cited.refs} references, ${cited.notes} footnote (${cited.text.split('\n').filter((l) => l.startsWith('[^')).join(' | ').slice(0, 200)})`,
);

// "Sourced: Show sources" lists the corpus; picking a file opens it.
await runCommand('Sourced: Show sources');
const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: QUOTE_FILE }).first();
await waitFor(() => pick.isVisible(), `${QUOTE_FILE} in the Show sources quick pick`, 20000);
const rows = await page.locator('.quick-input-list .monaco-list-row').count();
ok(true, `"Sourced: Show sources" quick pick lists ${QUOTE_FILE} (${rows} rows)`);
await pick.click();
await waitFor(
  () => page.locator('.tab', { hasText: QUOTE_FILE }).first().isVisible(),
  `${QUOTE_FILE} opened from the quick pick`,
  20000,
);
ok(true, `picking it opened ${QUOTE_FILE}`);
await page.screenshot({ path: path.join(shotDir, 'vscode-sources.png') });

// "Sourced: Show review report" on the draft: the page in a webview beside it; a click on a mark
// shows its passage, a click on the passage's file opens it in the editor.
// The source opened in preview took the draft's tab: open the draft again from the explorer.
await entry.click();
await waitFor(
  () => page.locator('.tab.active', { hasText: draftName }).isVisible(),
  `${draftName} open again`,
);
await runCommand('Sourced: Show review report');
const report = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
const differing = report.locator('.draft mark[data-verdict="differs"]');
await waitFor(async () => (await differing.count()) >= 2, 'marks of differing quotations and figures in the report', 30000);
ok(
  (await report.locator('.draft mark[data-verdict="traced"][data-kind="quotation"]').count()) >= 1,
  `the report marks ${await differing.count()} differing fragments and the verified quotation`,
);
const figure = report.locator('.draft mark[data-verdict="differs"][data-kind="figure"]').first();
await figure.click();
const opened = report.locator('section.detail.open');
await waitFor(() => opened.isVisible(), 'the passage of the clicked figure', 10000);
const passage = (await opened.innerText()).replace(/\s+/g, ' ');
ok(passage.includes('73,600') && /\.txt, line \d+/.test(passage), `clicking the figure shows its passage: "${passage.slice(0, 120)}"`);
await page.screenshot({ path: path.join(shotDir, 'vscode-report.png') });
const sourceFile = (await opened.locator('a.source-link').first().innerText()).split(',')[0];
await opened.locator('a.source-link').first().click();
await waitFor(
  () => page.locator('.tab', { hasText: sourceFile }).first().isVisible(),
  `${sourceFile} opened from the report`,
  20000,
);
ok(true, `the passage's link opened ${sourceFile} in the editor`);

say(`PASS (${passed} checks, ${Date.now() - t0} ms)`);
await browser.close();
process.exit(0);
