// The review page in headless Chromium. The example draft's page must mark each planted error
// with its verdict, open the source passage beside a clicked mark, load nothing and break no
// rule of its security policy; the hostile draft's page must run no script but its own.
// Usage: node test.mjs EXAMPLE_PAGE HOSTILE_PAGE SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [examplePage, hostilePage, shotDir] = process.argv.slice(2);

// The errors planted in examples/draft.md, and one quotation it gives right.
const PLANTED = [
  { words: '63,600', kind: 'figure', verdict: 'differs', source: '73,600' },
  { words: 'three-quarters', kind: 'figure', verdict: 'differs', source: 'two-thirds' },
  { words: '“We’re losing thousands of people to fentanyl,”', kind: 'quotation', verdict: 'misattributed', source: 'Trump' },
  { words: 'export of fentanyl precursors to global drug', kind: 'quotation', verdict: 'differs', source: 'international' },
  { words: '“We will win this fight within a year,”', kind: 'quotation', verdict: 'not-found', source: null },
  { words: 'mainly caused by domestic reasons', kind: 'quotation', verdict: 'traced', source: null },
];

let passed = 0;
let browser;
let page;
const say = (m) => console.log(`[report] ${m}`);
async function fail(msg) {
  console.error(`[report] FAIL: ${msg}`);
  if (page) {
    fs.mkdirSync(shotDir, { recursive: true });
    await page.screenshot({ path: path.join(shotDir, 'report-failure.png') }).catch(() => {});
  }
  await browser?.close().catch(() => {});
  process.exit(1);
}
async function ok(cond, msg) {
  if (!cond) {
    await fail(msg);
  }
  passed++;
  say(`ok ${msg}`);
}

/** Opens a page, recording console errors, uncaught errors, dialogs and requests. */
async function load(context, file) {
  const p = await context.newPage();
  const seen = { errors: [], dialogs: [], requests: [] };
  p.on('console', (m) => {
    if (m.type() === 'error') seen.errors.push(m.text());
  });
  p.on('pageerror', (e) => seen.errors.push(String(e)));
  p.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  p.on('request', (r) => seen.requests.push(r.url()));
  const url = pathToFileURL(path.resolve(file)).href;
  await p.goto(url);
  await p.waitForLoadState('load');
  return { p, seen, url };
}

/** The draft's marks as the reader sees them: id → verdict, kind, words, the source's value. */
function readMarks() {
  const out = {};
  for (const m of document.querySelectorAll('.draft mark[data-m]')) {
    out[m.dataset.m] = out[m.dataset.m] || { verdict: m.dataset.verdict, kind: m.dataset.kind, words: '' };
  }
  // Each piece of text counts for every mark it sits in; the notes after marks do not.
  const walker = document.createTreeWalker(document.querySelector('.draft'), NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (t.parentElement.closest('.source-value, .mark-id')) continue;
    for (let m = t.parentElement.closest('mark[data-m]'); m; m = m.parentElement.closest('mark[data-m]')) {
      out[m.dataset.m].words += t.textContent;
    }
  }
  for (const s of document.querySelectorAll('.draft .source-value[data-m]')) {
    const entry = out[s.getAttribute('data-m')];
    if (entry) entry.source = s.textContent;
  }
  return out;
}

browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });

// ---------------------------------------------------------------------------------------------
// The example draft: planted errors.
const example = await load(context, examplePage);
page = example.p;
await ok(
  await page.evaluate(() => document.documentElement.classList.contains('js')),
  'the inline script ran (its hash is in the security policy)',
);
const marks = await page.evaluate(readMarks);
await ok(Object.keys(marks).length >= PLANTED.length, `${Object.keys(marks).length} marks in the draft`);
const idOf = {};
for (const want of PLANTED) {
  const hit = Object.entries(marks).find(([, m]) => m.words.includes(want.words));
  if (!hit) await fail(`no mark holds "${want.words}"`);
  const [id, m] = hit;
  idOf[want.words] = id;
  await ok(
    m.verdict === want.verdict && m.kind === want.kind,
    `"${want.words}" is marked ${m.kind} ${m.verdict} (want ${want.kind} ${want.verdict})`,
  );
  await ok(
    (m.source ?? null) === want.source,
    `"${want.words}" shows the source's value ${JSON.stringify(m.source ?? null)}`,
  );
}
const tally = await page.evaluate(() =>
  Object.fromEntries([...document.querySelectorAll('.tally tbody tr')].map((r) => [
    r.dataset.verdict,
    [...r.querySelectorAll('td')].map((td) => Number(td.textContent)),
  ])),
);
for (const v of ['traced', 'differs', 'misattributed', 'not-found']) {
  const counted = ['quotation', 'figure'].map((k) => Object.values(marks).filter((m) => m.verdict === v && m.kind === k).length);
  await ok(JSON.stringify(tally[v]) === JSON.stringify(counted), `summary counts ${v}: ${tally[v]}`);
}
const visibleDetails = () => page.locator('section.detail:visible').count();
await ok((await visibleDetails()) === 0, 'no passage is open before a click');

// Clicking the wrong figure opens its source passage beside the draft.
const figureId = idOf['63,600'];
const figureMark = page.locator(`.draft mark[data-m="${figureId}"]`).first();
await figureMark.click();
const detail = page.locator(`section.detail[data-m="${figureId}"]`);
await detail.waitFor({ state: 'visible', timeout: 5000 });
await ok((await visibleDetails()) === 1, 'one passage is open after the click');
const detailText = (await detail.innerText()).replace(/\s+/g, ' ');
await ok(
  (await detail.locator('mark.hit').first().innerText()) === '73,600',
  'the source sentence highlights its figure, 73,600',
);
await ok(
  detailText.includes('In 2022, more than 73,600 people died from fentanyl-related overdoses'),
  'the passage shows the source sentence',
);
await ok(detailText.includes('president-joe-biden-says-us-will-resume-counternarcotics.txt, line 5'), 'the passage names the file and line');
const link = await detail.locator('a.source-link').first().getAttribute('href');
await ok(/^file:\/\/\/.*president-joe-biden-says-us-will-resume-counternarcotics\.txt$/.test(link), `the passage links to the file (${link})`);
const markBox = await figureMark.boundingBox();
const detailBox = await detail.boundingBox();
await ok(
  detailBox && markBox && detailBox.x > markBox.x + markBox.width && detailBox.y < 1000,
  'the passage is shown beside the draft, in view',
);
await ok(await figureMark.evaluate((m) => m.classList.contains('active')), 'the clicked mark is highlighted');
fs.mkdirSync(shotDir, { recursive: true });
await page.screenshot({ path: path.join(shotDir, 'report.png') });
say(`screenshot ${path.join(shotDir, 'report.png')}`);

// The misquote's passage highlights the source's own words.
const quoteId = idOf['export of fentanyl precursors to global drug'];
await page.locator(`.draft mark[data-m="${quoteId}"]`).first().click();
const quoteDetail = page.locator(`section.detail[data-m="${quoteId}"]`);
await quoteDetail.waitFor({ state: 'visible', timeout: 5000 });
await ok(
  (await quoteDetail.locator('mark.hit').first().innerText()).includes('international drug markets'),
  'the misquote opens the source passage with the quoted words highlighted',
);
await ok((await visibleDetails()) === 1, 'opening another mark closes the first');

// Keyboard: "n" steps to the next finding, Escape closes.
await page.keyboard.press('n');
const stepped = await page.evaluate(() => {
  const open = document.querySelector('section.detail.open');
  return open && open.dataset.m;
});
await ok(stepped && stepped !== quoteId && marks[stepped].verdict !== 'traced', `"n" opens the next finding (${stepped})`);
await page.keyboard.press('Escape');
await ok((await visibleDetails()) === 0, 'Escape closes the passage');
const unsourcedId = idOf['“We will win this fight within a year,”'];
await page.locator(`.draft mark[data-m="${unsourcedId}"][tabindex="0"]`).focus();
await page.keyboard.press('Enter');
await ok(
  await page.locator(`section.detail[data-m="${unsourcedId}"]`).isVisible(),
  'Enter on a focused mark opens its entry',
);

// Print: a clean sheet with every note listed, no buttons.
await page.emulateMedia({ media: 'print' });
const printed = await page.evaluate(() => ({
  notes: [...document.querySelectorAll('section.detail')].filter((d) => getComputedStyle(d).display !== 'none').length,
  steps: getComputedStyle(document.querySelector('.steps')).display,
  panel: getComputedStyle(document.querySelector('.review-panel')).position,
}));
const expectedNotes = Object.values(marks).filter((m) => !(m.kind === 'figure' && m.verdict === 'not-found')).length;
await ok(
  printed.notes === expectedNotes && printed.steps === 'none' && printed.panel === 'static',
  `the print style lists ${printed.notes} notes without buttons`,
);
await page.pdf({ path: path.join(shotDir, 'report.pdf'), format: 'A4' });
await page.emulateMedia({ media: 'screen' });

await ok(example.seen.errors.length === 0, `no console errors or policy violations (${example.seen.errors.join(' | ')})`);
await ok(
  example.seen.requests.every((u) => u === example.url),
  `the page loads nothing but itself (${example.seen.requests.length} requests)`,
);

// ---------------------------------------------------------------------------------------------
// The hostile draft: markup and script in the draft and in the sources.
const hostile = await load(context, hostilePage);
page = hostile.p;
const census = await page.evaluate(() => ({
  scripts: document.querySelectorAll('script').length,
  images: document.querySelectorAll('img').length,
  handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
  scriptLinks: [...document.querySelectorAll('a[href]')].filter((a) => !/^(file|https?|mailto):/.test(a.href) && !a.getAttribute('href').startsWith('#')).length,
}));
await ok(
  census.scripts === 1 && census.images === 0 && census.handlers === 0 && census.scriptLinks === 0,
  `only the page's own script, no image, handler or script link (${JSON.stringify(census)})`,
);
// Click and hover every mark, open every passage: what they hold stays text.
const ids = await page.evaluate(() => [...new Set([...document.querySelectorAll('.draft mark[data-m]')].map((m) => m.dataset.m))]);
for (const id of ids) {
  const m = page.locator(`.draft mark[data-m="${id}"]`).first();
  await m.hover();
  await m.click();
}
await page.locator('.draft p', { hasText: 'Click' }).first().click();
await page.waitForTimeout(300);
const shownAsText = await page.evaluate(() => document.body.textContent);
await ok(
  shownAsText.includes('<script>window.__pwned = "title"</script> Harbour report') &&
    shownAsText.includes('<img src=x onerror="window.__pwned = \'neighbour\'">') &&
    shownAsText.includes('<script>window.__pwned = "draft"</script>'),
  'markup from the draft and the sources is shown as text',
);
const pwned = await page.evaluate(() => window.__pwned);
await ok(pwned === undefined, `no planted script ran (window.__pwned is ${JSON.stringify(pwned)})`);
await ok(hostile.seen.dialogs.length === 0, 'no dialog opened');
await ok(hostile.seen.errors.length === 0, `no console errors (${hostile.seen.errors.join(' | ')})`);
await ok(hostile.seen.requests.every((u) => u === hostile.url), 'the hostile page loads nothing but itself');

say(`PASS (${passed} checks)`);
await browser.close();
