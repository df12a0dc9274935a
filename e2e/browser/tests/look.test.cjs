// How the page looks and degrades: WCAG AA contrast of additions, buttons and
// legend in light and dark (computed here with the WCAG formula), axe-core,
// print, a phone's width and targets, and the page with JavaScript off.
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const L = require('../lib.cjs');

const ws = L.workspace();
let browser;
before(async () => {
  browser = await L.launch();
});
after(async () => {
  await browser?.close();
});

const ARTICLES = ['ledger/ferry-strike.bp.md', 'plain/tide-gauge.bp.md', 'examples/harbour-storm.bp.md'];

async function withPage(url, options, fn) {
  const s = await L.open(browser, url, options);
  try {
    await fn(s.page);
    L.none(assert, await s.problems(), 'the page logged errors, made requests or ran article script');
  } finally {
    await s.context.close();
  }
}

// axe-core rules run: WCAG 2.x A and AA (colour contrast, names, every
// aria-* rule, duplicate ids among them) and the landmark rules that apply to
// a page whose header and footer sit in a div. Not run: landmark-one-main and
// region, since the contract's page (like the fragment a CMS embeds) has no
// <main>.
const AXE_OPTIONS = {
  runOnly: {
    type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'],
  },
  rules: {
    'landmark-no-duplicate-banner': { enabled: true },
    'landmark-no-duplicate-contentinfo': { enabled: true },
    'landmark-unique': { enabled: true },
    'landmark-banner-is-top-level': { enabled: true },
    'landmark-contentinfo-is-top-level': { enabled: true },
    'duplicate-id': { enabled: true },
    'duplicate-id-aria': { enabled: true },
  },
  resultTypes: ['violations'],
};

for (const rel of ARTICLES) {
  describe(rel, () => {
    let url;
    before(() => {
      url = L.render(ws, rel).url;
    });

    for (const scheme of ['light', 'dark']) {
      test(`contrast in ${scheme}: additions, changed text, the [...] and "was" buttons and the legend at ≥ 4.5:1 (WCAG formula)`, async () => {
        await withPage(url, { viewport: { width: 1000, height: 700 }, colorScheme: scheme }, async (page) => {
          const targets = [
            ['ins.bp-added', 'addition'],
            ['ins.bp-changed', 'changed text'],
            ['button.bp-elision', '[...] button'],
            ['button.bp-was', '"was" button'],
            ['footer.bp-legend p, footer.bp-legend li', 'legend text'],
            ['footer.bp-legend h2', 'legend heading'],
          ];
          const low = [];
          let measured = 0;
          for (const [sel, what] of targets) {
            const all = page.locator(`.bp-page ${sel}`);
            for (let i = 0; i < (await all.count()); i++) {
              const c = await L.contrastOf(all.nth(i));
              measured++;
              if (c.ratio < 4.5) {
                low.push(`${what} #${i}: ${c.ratio.toFixed(2)}:1 (fg ${c.fg.slice(0, 3).map(Math.round)} on ${c.bg.slice(0, 3).map(Math.round)})`);
              }
            }
          }
          assert.ok(measured >= 3, `measured ${measured} elements`);
          L.none(assert, low, `below 4.5:1 in ${scheme}`);
          if (scheme === 'dark') {
            // The dark set is really applied: the additions' background is dark.
            const c = await L.contrastOf(page.locator('.bp-page ins.bp-added, .bp-page ins.bp-changed').first());
            const lum = (c.bg[0] * 0.2126 + c.bg[1] * 0.7152 + c.bg[2] * 0.0722) / 255;
            assert.ok(lum < 0.5, `dark scheme: the additions' background is dark (${c.bg.slice(0, 3).map(Math.round)})`);
          }
        });
      });

      test(`axe-core in ${scheme}, collapsed and with every cut shown: no violation`, async () => {
        await withPage(url, { viewport: { width: 1000, height: 700 }, colorScheme: scheme }, async (page) => {
          for (const state of ['collapsed', 'all shown']) {
            if (state === 'all shown') {
              await page.locator('#bp-show-all').check();
              await L.rest(page);
            }
            const r = await L.axe(page, AXE_OPTIONS);
            const v = r.violations.map((x) => `${state}: ${x.id}: ${x.help} (${x.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')})`);
            L.none(assert, v, 'axe violations');
          }
        });
      });
    }

    test('print: buttons and controls hidden, cut words printed in brackets, replaced words as [was: …]', async () => {
      await withPage(url, { viewport: { width: 1000, height: 700 } }, async (page) => {
        await page.emulateMedia({ media: 'print' });
        const r = await page.evaluate(() => {
          const vis = (e) => e.getClientRects().length > 0 && getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden';
          const text = (d) => {
            const c = d.cloneNode(true);
            c.querySelectorAll('.bp-sr').forEach((s) => s.remove());
            const pseudo = (p) => {
              const v = getComputedStyle(d, p).content;
              return v === 'none' || v === 'normal' ? '' : v.replace(/^"|"$/g, '');
            };
            return (pseudo('::before') + c.textContent + pseudo('::after')).replace(/\s+/g, ' ').trim();
          };
          return {
            buttons: [...document.querySelectorAll('.bp-reveal, .bp-controls')].filter(vis).length,
            cuts: [...document.querySelectorAll('del.bp-cut-words')].map((d) => (vis(d) ? text(d) : 'hidden')),
            olds: [...document.querySelectorAll('del.bp-old')].map((d) => (vis(d) ? text(d) : 'hidden')),
          };
        });
        assert.equal(r.buttons, 0, 'no button or control printed');
        for (const c of r.cuts) {
          assert.match(c, /^\[[^\]]+\]$/, `cut words printed in brackets: ${c}`);
        }
        for (const c of r.olds) {
          assert.match(c, /^\[was: .+\]$/, `replaced words printed as [was: …]: ${c}`);
        }
      });
    });

    test('phone (360×740): no horizontal scroll, collapsed or all shown; every button at least 24×24', async () => {
      await withPage(url, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }, async (page) => {
        const measure = () =>
          page.evaluate(() => ({
            scroll: document.documentElement.scrollWidth,
            inner: window.innerWidth,
            small: [...document.querySelectorAll('.bp-reveal')]
              .map((b) => b.getBoundingClientRect())
              .filter((r) => r.width < 23.5 || r.height < 23.5)
              .map((r) => `${r.width.toFixed(1)}×${r.height.toFixed(1)}`),
          }));
        let m = await measure();
        assert.ok(m.scroll <= m.inner, `scrollWidth ${m.scroll} ≤ innerWidth ${m.inner}`);
        L.none(assert, m.small, 'buttons under 24×24');
        await page.locator('#bp-show-all').check();
        m = await measure();
        assert.ok(m.scroll <= m.inner, `all shown: scrollWidth ${m.scroll} ≤ innerWidth ${m.inner}`);
      });
    });

    test('JavaScript off: focus on [...] still shows its words, hover too, and the show-all box works by CSS alone', async () => {
      await withPage(url, { viewport: { width: 1000, height: 700 }, javaScriptEnabled: false }, async (page) => {
        const b = page.locator('article button.bp-elision').first();
        const del = page.locator(`del#${await b.getAttribute('aria-controls')}`);
        assert.equal(await L.shown(del), false);
        await b.focus();
        assert.ok(await L.shown(del), 'focused: shown');
        await L.rest(page);
        assert.equal(await L.shown(del), false, 'blurred: hidden');
        await b.hover();
        assert.ok(await L.shown(del), 'hovered: shown');
        await L.rest(page);
        await page.locator('label[for="bp-show-all"]').click();
        await L.rest(page);
        const all = await page.evaluate(() => [...document.querySelectorAll('article del')].every((d) => getComputedStyle(d).display !== 'none'));
        assert.ok(all, 'every <del> shown with the box checked');
        assert.equal(await b.getAttribute('aria-expanded'), 'false', 'no script ran');
      });
    });
  });
}
