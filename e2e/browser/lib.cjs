// Shared helpers of the browser suite: rendering the test articles with the
// built binary into a temporary workspace, opening a page in Debian's
// chromium with hooks that record everything a page must never do (console
// errors, page errors, CSP violations, dialogs, requests, the hostile
// article's payloads), and the WCAG contrast formula. run.sh sets the
// environment.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const env = (name) => {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set (run e2e/browser/run.sh)`);
  }
  return v;
};
const BIN = env('BLUEPENCIL_BIN');
const PLAYWRIGHT = env('BP_PLAYWRIGHT'); // .../node_modules/playwright-core
const AXE = env('BP_AXE'); // .../node_modules/axe-core/axe.min.js
const CHROMIUM = process.env.BP_CHROMIUM || '/usr/bin/chromium';
const REPO = path.resolve(__dirname, '../..');
const TESTDATA = path.join(__dirname, 'testdata');
const { chromium } = require(PLAYWRIGHT);

/** A fresh copy of testdata (and examples/clean) to render in, per test file. */
function workspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-browser-'));
  fs.cpSync(TESTDATA, dir, { recursive: true });
  fs.cpSync(path.join(REPO, 'examples/clean'), path.join(dir, 'examples'), { recursive: true });
  // The workspace root, so that each folder's .bluepencil.yaml is found and
  // nothing above it is.
  fs.mkdirSync(path.join(dir, '.git'));
  return dir;
}

/** Runs the binary in dir; returns stdout. Throws with stderr on failure. */
function bluepencil(dir, args) {
  try {
    return execFileSync(BIN, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    throw new Error(`bluepencil ${args.join(' ')} exited ${e.status}: ${String(e.stderr).trim().slice(0, 800)}`);
  }
}

/**
 * Renders article rel (relative to dir) as the published page, with extra
 * flags, into the .html beside it (so that relative links resolve as they
 * would when published); returns { file, url, html }.
 */
function render(dir, rel, extra = []) {
  const html = bluepencil(dir, ['render', '--view', 'published', '--html', ...extra, rel]);
  const suffix = extra.includes('--fragment') ? '.fragment.html' : '.html';
  const file = path.join(dir, rel.replace(/\.bp\.md$/, '') + suffix);
  fs.writeFileSync(file, html);
  return { file, url: pathToFileURL(file).href, html };
}

/** Reads the front matter's simple `key: value` lines (quotes removed). */
function frontMatter(file) {
  const text = fs.readFileSync(file, 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  const out = {};
  for (const line of m[1].split('\n')) {
    const kv = /^(\w+):\s*(.*)$/.exec(line);
    if (!kv) {
      continue;
    }
    let v = kv[2];
    if (v.startsWith("'") && v.endsWith("'")) {
      v = v.slice(1, -1).replace(/''/g, "'");
    } else if (v.startsWith('"') && v.endsWith('"')) {
      v = JSON.parse(v);
    }
    out[kv[1]] = v;
  }
  return out;
}

async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}

// Installed before any of the page's own script: counts CSP violations and
// records a payload that escaped (the hostile article sets window.__pwned).
const HOOKS = `
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(e.violatedDirective + ' ' + e.blockedURI);
  });
`;

/**
 * Opens url in a new context with options; returns { page, context, log,
 * problems() } where problems() lists everything the page must never do.
 * Only `allow` URLs (default: url itself) may be requested.
 */
async function open(browser, url, options = {}, allow = [url]) {
  const context = await browser.newContext(options);
  // Short waits: a missing element fails in seconds, not after 30 s.
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  const log = { console: [], errors: [], dialogs: [], requests: [] };
  await page.addInitScript(HOOKS);
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') {
      log.console.push(`${m.type()}: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('dialog', (d) => {
    log.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('request', (r) => {
    if (!allow.includes(r.url())) {
      log.requests.push(r.url());
    }
  });
  await page.goto(url);
  const problems = async () => {
    const out = [...log.console, ...log.errors, ...log.dialogs.map((d) => 'dialog ' + d), ...log.requests.map((r) => 'request ' + r)];
    if (options.javaScriptEnabled !== false) {
      const state = await page.evaluate(() => ({ csp: window.__csp || ['hooks missing'], pwned: window.__pwned }));
      out.push(...state.csp.map((c) => 'CSP violation ' + c));
      if (state.pwned !== undefined) {
        out.push(`a payload from the article ran: window.__pwned = ${JSON.stringify(state.pwned)}`);
      }
    }
    return out;
  };
  return { page, context, log, problems };
}

/** Moves the pointer off the page and focus off any button, so that only state reveals. */
async function rest(page) {
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
}

/** Whether element handle/locator is rendered with a box and not hidden. */
async function shown(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  });
}

// ------------------------------------------------------------ WCAG contrast

/** Parses "rgb(…)"/"rgba(…)"/"color(srgb …)" into [r, g, b, a] (0..255, alpha 0..1). */
function parseColor(s) {
  let m = /^rgba?\(([^)]+)\)$/.exec(s.trim());
  if (m) {
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  m = /^color\(srgb ([^)]+)\)$/.exec(s.trim());
  if (m) {
    const p = m[1].split(/[\s/]+/).filter(Boolean).map(Number);
    return [p[0] * 255, p[1] * 255, p[2] * 255, p.length > 3 ? p[3] : 1];
  }
  throw new Error(`cannot parse colour ${s}`);
}

/** Composites colour top (with alpha) over opaque bottom. */
function over(top, bottom) {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1);
}

/** WCAG 2 relative luminance of an opaque sRGB colour. */
function luminance(c) {
  const lin = c.slice(0, 3).map((v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

/** WCAG 2 contrast ratio of two opaque colours. */
function ratio(a, b) {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

/**
 * The text colour and the effective background (the element's and its
 * ancestors' backgrounds composited over the canvas) of the element locator
 * points at; returns { fg, bg, ratio } with fg composited over bg.
 */
async function contrastOf(locator) {
  const { color, layers, canvas } = await locator.evaluate((el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      layers.push(getComputedStyle(e).backgroundColor);
    }
    // The canvas: what the root's background propagates to, else the
    // browser's default for the colour scheme in use.
    const dark = getComputedStyle(document.documentElement).colorScheme.includes('dark') && matchMedia('(prefers-color-scheme: dark)').matches;
    return { color: getComputedStyle(el).color, layers, canvas: dark ? 'rgb(18, 18, 18)' : 'rgb(255, 255, 255)' };
  });
  let bg = parseColor(canvas);
  for (const l of layers.reverse()) {
    bg = over(parseColor(l), bg);
  }
  const fg = over(parseColor(color), bg);
  return { fg, bg, ratio: ratio(fg, bg) };
}

/** Runs axe-core in the page (through the debugger, which CSP does not govern). */
let axeSource; // read once: about 0.5 MB, injected a dozen times
async function axe(page, options) {
  axeSource ??= fs.readFileSync(AXE, 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate((o) => window.axe.run(document, o), options);
}

/** Fails with a readable list when list is not empty. */
function none(assert, list, what) {
  assert.deepStrictEqual(list, [], `${what}:\n  ${list.join('\n  ')}`);
}

module.exports = {
  REPO, workspace, bluepencil, render, frontMatter, launch, open, rest, shown,
  contrastOf, axe, none,
};

const REASONS = ['unnecessary', 'biased', 'flowery'];

/**
 * What an article's page must show, read from its source with the
 * CriticMarkup patterns (the test articles nest no marks): the cut words
 * (a cut across paragraphs gives one entry per paragraph, with the cut's
 * reason), the added words, the changes' new and old words, and the counts.
 */
function expectations(file) {
  const text = fs.readFileSync(file, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
  const squash = (s) => s.replace(/[*_`\\]/g, '').replace(/\s+/g, ' ').trim();
  const cuts = [];
  const reasons = {};
  let nCuts = 0;
  for (const m of text.matchAll(/\{--([\s\S]*?)--\}(\{>>\s*([A-Za-z]+))?/g)) {
    nCuts++;
    const reason = m[3] && REASONS.includes(m[3].toLowerCase()) ? m[3].toLowerCase() : '';
    if (reason) {
      reasons[reason] = (reasons[reason] || 0) + 1;
    }
    for (const part of m[1].split(/\n[ \t]*\n/)) {
      cuts.push({ words: squash(part), reason });
    }
  }
  const added = [...text.matchAll(/\{\+\+([\s\S]*?)\+\+\}/g)].map((m) => squash(m[1]));
  const changes = [...text.matchAll(/\{~~([\s\S]*?)~>([\s\S]*?)~~\}/g)].map((m) => ({ old: squash(m[1]), new: squash(m[2]) }));
  const plural = (n, one, many) => (n === 1 ? `1 ${one}` : `${n} ${many}`);
  const parts = [];
  if (nCuts) parts.push(plural(nCuts, 'cut', 'cuts'));
  if (added.length) parts.push(plural(added.length, 'addition', 'additions'));
  if (changes.length) parts.push(plural(changes.length, 'change', 'changes'));
  return { cuts, reasons, added, changes, nCuts, counts: parts.length ? parts.join(', ') : 'No changes' };
}

/** Text of an element without its screen-reader-only parts, white space squashed. */
async function visibleText(locator) {
  return locator.evaluate((el) => {
    const c = el.cloneNode(true);
    c.querySelectorAll('.bp-sr').forEach((s) => s.remove());
    return c.textContent.replace(/\s+/g, ' ').trim();
  });
}

module.exports.REASONS = REASONS;
module.exports.expectations = expectations;
module.exports.visibleText = visibleText;
