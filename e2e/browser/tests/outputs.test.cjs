// The outputs beyond one page: the fragment a CMS embeds (alone, and two of
// them in a host page with the stylesheet and script of render --assets), the
// folder output with its index and archived originals, and the HTML5
// validity of every page, by the Nu Html Checker (vnu-jar on java).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const L = require('../lib.cjs');

const ws = L.workspace();
const ARTICLES = ['ledger/ferry-strike.bp.md', 'plain/tide-gauge.bp.md', 'plain/unchanged.bp.md', 'examples/harbour-storm.bp.md', 'examples/river-bridge.bp.md'];
let browser;
before(async () => {
  browser = await L.launch();
});
after(async () => {
  await browser?.close();
});

/** Runs the Nu Html Checker on files; returns its error messages. */
function vnu(files) {
  // vnu writes its JSON report to stderr, and exits 1 when it found errors.
  const r = spawnSync('java', ['-jar', process.env.BP_VNU, '--format', 'json', '--errors-only', ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error || !r.stderr.trim().startsWith('{')) {
    throw new Error(`vnu did not run: ${r.error || r.stderr.slice(0, 500)}`);
  }
  const out = r.stderr;
  const { messages } = JSON.parse(out);
  return messages.filter((m) => m.type === 'error' || m.subType === 'fatal').map((m) => `${path.relative(ws, new URL(m.url).pathname)}:${m.lastLine}: ${m.message} [${(m.extract || '').trim().slice(0, 80)}]`);
}

/** A host page as a CMS would write it: its own title and main, the fragments, and the stylesheet and script that render --assets wrote, linked. */
function hostPage(fragments) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The host site</title>
<link rel="stylesheet" href="static/bluepencil.css">
</head>
<body>
<main>
<h1>The host site's own title</h1>
${fragments.join('\n<hr>\n')}
</main>
<script src="static/bluepencil.js"></script>
</body>
</html>
`;
}

test('fragment: only div.bp-page: no doctype, html, head, body, style, script, h1', () => {
  for (const rel of ARTICLES) {
    const { html } = L.render(ws, rel, ['--fragment']);
    assert.match(html, /^\s*<div class="bp-page[ "]/, `${rel}: starts with div.bp-page`);
    assert.match(html, /<\/div>\s*$/, `${rel}: ends with its </div>`);
    assert.doesNotMatch(html, /<!doctype|<(html|head|body|style|script|h1|link|meta)\b/i, rel);
    assert.match(html, /<article class="bp-article bp-published">/, rel);
  }
});

test('fragment: two fragments (id prefixes bp and two) embedded in a host page with the stylesheet and script of render --assets reveal apart, with unique ids; valid HTML5', async () => {
  L.bluepencil(ws, ['render', '--assets', 'static']);
  const page = L.render(ws, 'ledger/ferry-strike.bp.md');
  const { css, js } = { css: /<style>\n?([\s\S]*?)<\/style>/.exec(page.html)[1], js: /<script>([\s\S]*?)<\/script>/.exec(page.html)[1] };
  assert.ok(css.includes(fs.readFileSync(path.join(ws, 'static/bluepencil.css'), 'utf8')), '--assets wrote the stylesheet the page inlines');
  assert.equal(fs.readFileSync(path.join(ws, 'static/bluepencil.js'), 'utf8'), js, '--assets wrote the script the page inlines');
  const one = L.render(ws, 'ledger/ferry-strike.bp.md', ['--fragment']).html;
  const two = L.bluepencil(ws, ['render', '--view', 'published', '--html', '--fragment', '--id-prefix', 'two', 'plain/tide-gauge.bp.md']);
  const file = path.join(ws, 'host.html');
  fs.writeFileSync(file, hostPage([one, two]));
  L.none(assert, vnu([file]), 'the host page is not valid HTML5');
  const url = pathToFileURL(file).href;
  const assets = ['bluepencil.css', 'bluepencil.js'].map((f) => pathToFileURL(path.join(ws, 'static', f)).href);
  const s = await L.open(browser, url, { viewport: { width: 1000, height: 700 } }, [url, ...assets]);
  try {
    const p = s.page;
    const ids = await p.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id));
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'no id twice');
    assert.ok(ids.some((id) => id.startsWith('two')), `ids with the prefix two: ${ids}`);
    const pages = p.locator('div.bp-page');
    assert.equal(await pages.count(), 2);
    for (let i = 0; i < 2; i++) {
      const b = pages.nth(i).locator('button.bp-elision').first();
      const del = p.locator(`[id="${await b.getAttribute('aria-controls')}"]`);
      assert.equal(await L.shown(del), false);
      await b.click();
      await L.rest(p);
      assert.ok(await L.shown(del), `fragment ${i}: a click reveals`);
    }
    // The first fragment's show-all box governs its own page only.
    await pages.nth(0).locator('input.bp-show-all').check();
    await L.rest(p);
    const shownPer = await p.evaluate(() => [...document.querySelectorAll('div.bp-page')].map((pg) => [...pg.querySelectorAll('del')].filter((d) => getComputedStyle(d).display !== 'none').length));
    assert.equal(shownPer[0], await pages.nth(0).locator('del').count(), 'every <del> of the first shown');
    assert.equal(shownPer[1], 1, 'the second only has the one clicked');
    await pages.nth(1).locator('label').click();
    assert.equal(await pages.nth(1).locator('input.bp-show-all').isChecked(), true, "the second box's own label ticks it");
    L.none(assert, await s.problems(), 'problems');
  } finally {
    await s.context.close();
  }
});

test('folder: --out writes every page, its original and an index linking every article with its counts and the totals', async () => {
  const out = path.join(ws, 'out');
  L.bluepencil(ws, ['render', '--html', '--out', 'out', 'ledger', 'plain', 'examples']);
  const index = path.join(out, 'index.html');
  assert.ok(fs.existsSync(index), 'index.html');
  const want = ARTICLES.map((rel) => ({
    rel,
    page: path.join(out, rel.replace(/\.bp\.md$/, '.html')),
    fm: L.frontMatter(path.join(ws, rel)),
    counts: L.expectations(path.join(ws, rel)),
  }));
  const allow = [pathToFileURL(index).href];
  const s = await L.open(browser, allow[0], { viewport: { width: 1000, height: 700 } }, allow);
  try {
    const rows = await s.page.evaluate(() =>
      [...document.querySelectorAll('a[href]')].map((a) => ({ href: a.href, text: a.textContent.trim(), row: (a.closest('tr, li, p') || a).textContent.replace(/\s+/g, ' ') })),
    );
    const text = await s.page.evaluate(() => document.body.textContent.replace(/\s+/g, ' '));
    for (const w of want) {
      assert.ok(fs.existsSync(w.page), `${w.rel}: its page`);
      const row = rows.find((r) => r.href === pathToFileURL(w.page).href);
      assert.ok(row, `${w.rel}: linked from the index (links: ${rows.map((r) => r.href)})`);
      assert.equal(row.text, w.fm.title);
      assert.ok(row.row.includes(w.fm.outlet), `${w.rel}: outlet in its row: ${row.row}`);
      assert.ok(row.row.includes(w.counts.counts), `${w.rel}: counts ${w.counts.counts} in its row: ${row.row}`);
    }
    const cuts = want.reduce((n, w) => n + w.counts.nCuts, 0);
    const adds = want.reduce((n, w) => n + w.counts.added.length, 0);
    const changes = want.reduce((n, w) => n + w.counts.changes.length, 0);
    assert.ok(text.includes(`${want.length} articles`), `the index counts ${want.length} articles`);
    assert.ok(text.includes(`${cuts} cuts, ${adds} additions, ${changes} changes`), `the totals ${cuts} cuts, ${adds} additions, ${changes} changes: ${text}`);
    L.none(assert, await s.problems(), 'problems on the index');
  } finally {
    await s.context.close();
  }
  // Each page links its archived original, copied beside it, and opening the
  // link shows that text.
  for (const w of want.filter((w) => w.fm.original)) {
    const original = path.join(path.dirname(w.page), path.basename(w.fm.original));
    assert.equal(fs.readFileSync(original, 'utf8'), fs.readFileSync(path.join(ws, path.dirname(w.rel), w.fm.original), 'utf8'), `${w.rel}: the original copied`);
    const url = pathToFileURL(w.page).href;
    const s2 = await L.open(browser, url, {}, [url, pathToFileURL(original).href]);
    try {
      const link = s2.page.locator('p.bp-original-link a');
      assert.equal(await link.count(), 1, `${w.rel}: a link to the archived original`);
      await Promise.all([s2.page.waitForURL(pathToFileURL(original).href), link.click()]);
      const body = await s2.page.evaluate(() => document.body.innerText);
      assert.equal(body.trim(), fs.readFileSync(original, 'utf8').trim(), `${w.rel}: the link opens the archived text`);
      L.none(assert, await s2.problems(), 'problems');
    } finally {
      await s2.context.close();
    }
  }
});

test('HTML5: the Nu Html Checker finds no error in any page: each article, the hostile one, the folder output and its index', () => {
  const files = [...ARTICLES, 'hostile/hostile.bp.md'].map((rel) => L.render(ws, rel).file);
  L.bluepencil(ws, ['render', '--html', '--out', 'valid', 'ledger', 'plain', 'hostile', 'examples']);
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.html') ? [path.join(d, e.name)] : []));
  files.push(...walk(path.join(ws, 'valid')));
  assert.ok(files.length >= 13, `${files.length} pages`);
  L.none(assert, vnu(files), 'HTML5 errors');
});

const SITE_CSS = '.bp-page ins.bp-added { outline: 3px solid rgb(1, 2, 3); }\n';

/** The outline the site's stylesheet puts on additions, as the page computes it. */
const outline = (p) => p.locator('ins.bp-added').first().evaluate((e) => getComputedStyle(e).outlineColor);

test('--css FILE: its text replaces the built-in stylesheet and applies; a file holding </style is refused', async () => {
  fs.writeFileSync(path.join(ws, 'site.css'), SITE_CSS);
  fs.writeFileSync(path.join(ws, 'evil.css'), 'p{}</style><script>window.__pwned=1</script>');
  const page = L.render(ws, 'plain/tide-gauge.bp.md', ['--css', 'site.css']);
  const styles = [...page.html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1].trim());
  assert.deepEqual(styles, [SITE_CSS.trim()], 'one <style>, the file\'s text');
  assert.throws(() => L.bluepencil(ws, ['render', '--html', '--css', 'evil.css', 'plain/tide-gauge.bp.md']), /<\/style/);
  const s = await L.open(browser, page.url, {});
  try {
    assert.equal(await outline(s.page), 'rgb(1, 2, 3)');
    L.none(assert, await s.problems(), 'problems');
  } finally {
    await s.context.close();
  }
});

test('--css URL: a <link> to it, its origin allowed by the CSP; served over http it loads with no violation and applies', async () => {
  const server = http.createServer((req, res) => {
    if (req.url === '/site.css') {
      res.writeHead(200, { 'content-type': 'text/css' });
      res.end(SITE_CSS);
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(fs.readFileSync(path.join(ws, 'plain/tide-gauge.html')));
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    const page = L.render(ws, 'plain/tide-gauge.bp.md', ['--css', `${origin}/site.css`]);
    assert.match(page.html, new RegExp(`<link rel="stylesheet" href="${origin}/site.css">`));
    assert.doesNotMatch(page.html, /<style>/, 'no built-in stylesheet beside the link');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page.html)[1];
    assert.match(csp, new RegExp(`style-src [^;]*${origin}`), `CSP ${csp}`);
    const url = `${origin}/tide-gauge.html`;
    const s = await L.open(browser, url, {}, [url, `${origin}/site.css`]);
    try {
      assert.equal(await outline(s.page), 'rgb(1, 2, 3)');
      L.none(assert, await s.problems(), 'problems');
    } finally {
      await s.context.close();
    }
  } finally {
    server.close();
  }
});
