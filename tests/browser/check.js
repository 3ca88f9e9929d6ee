#!/usr/bin/env node
// check.js: every page of gpdigest's HTML editions in a real browser (Debian's
// chromium, driven by puppeteer-core): axe-core's WCAG 2.0, 2.1 and 2.2 A and
// AA rules at 1280 and 375 px with 0 violations; one h1, headings that never
// skip a level, lang, title, the four landmarks and a working skip link; no
// script; no sideways scrolling at 375 and 320 px; every link inside the
// output folder and every #fragment resolves. Screenshots of the pages named
// with --shot at 375 and 1280 px.
//
//   node check.js --chromium PATH --shots DIR [--jobs N]
//                 [--shot LABEL=out/compendium/index.html ...] OUT_DIR...
//
// Exit 0 when every check passed, 1 with each failure listed.
'use strict';

const fs = require('fs');
const path = require('path');
const { pathToFileURL, fileURLToPath } = require('url');
const puppeteer = require('puppeteer-core');

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_WIDTHS = [1280, 375];
const REFLOW_WIDTHS = [375, 320];

function args(argv) {
  const o = { chromium: 'chromium', shots: null, jobs: 3, shot: [], dirs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--chromium') o.chromium = argv[++i];
    else if (a === '--shots') o.shots = argv[++i];
    else if (a === '--jobs') o.jobs = Number(argv[++i]);
    else if (a === '--shot') o.shot.push(argv[++i]);
    else o.dirs.push(a);
  }
  return o;
}

function htmlFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (e.isFile() && e.name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}

const failures = [];
function fail(file, what) {
  failures.push(`${file}: ${what}`);
}

// What the page says about itself: structure, links, ids, landmarks.
function survey() {
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .map((h) => Number(h.tagName[1]));
  const first = document.querySelector('a[href], button, input, [tabindex]');
  return {
    lang: document.documentElement.getAttribute('lang') || '',
    title: document.title.trim(),
    headings,
    scripts: document.scripts.length,
    banner: document.querySelectorAll('body > header, body > * > header').length,
    nav: document.querySelectorAll('nav').length,
    main: document.querySelectorAll('main').length,
    contentinfo: document.querySelectorAll('body > footer, body > * > footer').length,
    skip: first && first.classList.contains('skip-link') ? first.getAttribute('href') : null,
    ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
    links: [...document.querySelectorAll('a[href], link[href]')].map((a) => a.href),
  };
}

function checkSurvey(file, s) {
  if (!/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(s.lang)) fail(file, `lang is "${s.lang}"`);
  if (!s.title) fail(file, 'no <title>');
  const h1 = s.headings.filter((l) => l === 1).length;
  if (h1 !== 1) fail(file, `${h1} h1 elements, expected 1`);
  if (s.headings[0] !== 1) fail(file, `the first heading is h${s.headings[0]}, not h1`);
  for (let i = 1; i < s.headings.length; i++)
    if (s.headings[i] > s.headings[i - 1] + 1)
      fail(file, `heading h${s.headings[i]} follows h${s.headings[i - 1]}: a level skipped`);
  if (s.scripts !== 0) fail(file, `${s.scripts} script elements: the pages need none`);
  for (const [k, n] of [['banner', s.banner], ['nav', s.nav], ['main', s.main], ['contentinfo', s.contentinfo]])
    if (n < 1) fail(file, `no ${k} landmark`);
  if (s.main > 1) fail(file, `${s.main} main elements`);
  if (s.skip !== '#main') fail(file, 'the first link is not a skip link to #main');
  if (new Set(s.ids).size !== s.ids.length) fail(file, 'duplicate ids');
}

async function axeAt(page, file, width) {
  await page.setViewport({ width, height: 900 });
  const r = await page.evaluate(async (tags) => {
    const res = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return res.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  }, TAGS);
  for (const v of r)
    fail(file, `axe at ${width}px: ${v.id} (${v.impact}): ${v.help} at ${v.nodes.join(', ')}`);
  return r.length;
}

async function reflowAt(page, file, width) {
  await page.setViewport({ width, height: 800 });
  const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth,
    view: document.documentElement.clientWidth }));
  if (w.scroll > w.view)
    fail(file, `scrolls sideways at ${width}px (content ${w.scroll}px wide in ${w.view}px)`);
}

// The skip link is the first thing Tab reaches, and it shows when focused.
async function skipLink(page, file) {
  await page.setViewport({ width: 375, height: 800 });
  await page.keyboard.press('Tab');
  const r = await page.evaluate(() => {
    const a = document.activeElement;
    const b = a.getBoundingClientRect();
    return { skip: a.classList.contains('skip-link'), visible: b.left >= 0 && b.top >= 0 &&
      b.right <= window.innerWidth && b.width > 0 && b.height > 0,
    background: getComputedStyle(a).backgroundColor };
  });
  if (!r.skip || !r.visible) fail(file, 'Tab does not show the skip link first');
}

async function checkPage(page, file, o, stats) {
  try {
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const s = await page.evaluate(survey);
    checkSurvey(file, s);
    await page.addScriptTag({ content: AXE }); /* after the survey: it counts scripts */
    stats.survey.set(file, s);
    for (const w of AXE_WIDTHS) stats.axe += 1, stats.violations += await axeAt(page, file, w);
    for (const w of REFLOW_WIDTHS) await reflowAt(page, file, w);
    for (const spec of o.shot) {
      const [label, target] = spec.split('=');
      if (path.resolve(target) !== path.resolve(file)) continue;
      for (const w of [375, 1280]) {
        await page.setViewport({ width: w, height: 900 });
        await page.screenshot({ path: path.join(o.shots, `${label}-${w}.png`), fullPage: true });
      }
    }
    if (path.basename(file) === 'index.html') await skipLink(page, file); /* after: it focuses */
  } catch (e) {
    fail(file, `could not be checked: ${e.message}`);
  }
}

// Every link to a file under the checked folders names a file that exists,
// and a #fragment names an id on that page.
function checkLinks(roots, surveys) {
  let n = 0;
  for (const [file, s] of surveys) {
    for (const href of s.links) {
      if (!href.startsWith('file:')) continue;
      const u = new URL(href);
      const target = fileURLToPath(u);
      if (!roots.some((r) => target.startsWith(r + path.sep))) {
        fail(file, `links outside the output folder: ${href}`);
        continue;
      }
      n++;
      if (!fs.existsSync(target)) {
        fail(file, `broken link: ${href}`);
        continue;
      }
      const id = decodeURIComponent(u.hash.slice(1));
      if (id && !(surveys.get(target) || { ids: [] }).ids.includes(id))
        fail(file, `broken fragment: ${href}`);
    }
  }
  return n;
}

async function main() {
  const o = args(process.argv.slice(2));
  const roots = o.dirs.map((d) => path.resolve(d));
  const files = roots.flatMap(htmlFiles);
  const stats = { axe: 0, violations: 0, survey: new Map() };
  if (o.shots) fs.mkdirSync(o.shots, { recursive: true });
  const browser = await puppeteer.launch({ executablePath: o.chromium, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'] });
  let next = 0;
  const worker = async () => {
    const page = await browser.newPage();
    while (next < files.length) await checkPage(page, files[next++], o, stats);
    await page.close();
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, o.jobs) }, worker));
  } finally {
    await browser.close();
  }
  const links = checkLinks(roots, stats.survey);
  for (const f of failures) console.log(`FAIL: ${f}`);
  console.log(`${files.length} pages, ${stats.axe} axe runs (${TAGS.join(', ')}), ` +
    `${stats.violations} violations, ${links} internal links checked, ${failures.length} failures`);
  process.exit(failures.length === 0 && files.length > 0 ? 0 : 1);
}

main().catch((e) => {
  console.log(`FAIL: ${e.stack}`);
  process.exit(1);
});
