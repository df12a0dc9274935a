// Screenshots of each bundled example's published page for the README:
// for examples/clean, light, dark, a 390 px phone, and light with every cut
// shown, written as docs/screenshots/page-NAME-VARIANT.png; for the articles
// of examples/problems (which show what check finds, and render all the
// same), light, as docs/screenshots/page-problems-NAME-light.png. Each is
// cropped to the page's div.bp-page.
// Not a test; shoot.sh runs it when the page's look changes.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const L = require('./lib.cjs');

const OUT = path.join(L.REPO, 'docs/screenshots');
const LIMIT = 200 * 1024;
const VARIANTS = [
  ['light', { viewport: { width: 800, height: 900 }, colorScheme: 'light' }, false],
  ['dark', { viewport: { width: 800, height: 900 }, colorScheme: 'dark' }, false],
  ['phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1, colorScheme: 'light' }, false],
  ['all-shown', { viewport: { width: 800, height: 900 }, colorScheme: 'light' }, true],
];

(async () => {
  const ws = L.workspace();
  const browser = await L.launch();
  let bad = 0;
  try {
    fs.cpSync(path.join(L.REPO, 'examples/problems'), path.join(ws, 'problems'), { recursive: true });
    const shots = [];
    for (const [dir, prefix, variants] of [['clean', 'examples', VARIANTS], ['problems', 'problems', VARIANTS.slice(0, 1)]]) {
      for (const file of fs.readdirSync(path.join(L.REPO, 'examples', dir)).filter((f) => f.endsWith('.bp.md')).sort()) {
        shots.push([`${prefix}/${file}`, (dir === 'clean' ? '' : 'problems-') + file.replace(/\.bp\.md$/, ''), variants]);
      }
    }
    for (const [rel, name, variants] of shots) {
      const { url } = L.render(ws, rel);
      for (const [variant, options, all] of variants) {
        const s = await L.open(browser, url, options);
        try {
          if (all) {
            await s.page.locator('#bp-show-all').check();
            await L.rest(s.page);
          }
          const out = path.join(OUT, `page-${name}-${variant}.png`);
          await s.page.locator('div.bp-page').screenshot({ path: out, animations: 'disabled' });
          const size = fs.statSync(out).size;
          const problems = await s.problems();
          console.log(`${size > LIMIT || problems.length ? 'FAIL' : 'wrote'} ${path.relative(L.REPO, out)} (${Math.round(size / 1024)} KB)${problems.length ? ': ' + problems.join('; ') : ''}`);
          bad += size > LIMIT || problems.length ? 1 : 0;
        } finally {
          await s.context.close();
        }
      }
    }
  } finally {
    await browser.close();
    fs.rmSync(ws, { recursive: true, force: true });
  }
  process.exit(bad ? 1 : 0);
})();
