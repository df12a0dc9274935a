// The published page as a reader uses it: the legend, each [...] revealed by
// pointer, keyboard and touch, "show all", the <ins>/<del> semantics with
// their screen-reader text and accessibility tree, and the provenance, for
// each test article and each bundled example.
'use strict';
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const L = require('../lib.cjs');

const ws = L.workspace();
let browser;
before(async () => {
  browser = await L.launch();
});
after(async () => {
  await browser?.close();
});

// publisher: the name the page must give; null when none is configured.
const ARTICLES = [
  { rel: 'ledger/ferry-strike.bp.md', publisher: 'The Plain Ledger' },
  { rel: 'plain/tide-gauge.bp.md', publisher: null },
  { rel: 'plain/unchanged.bp.md', publisher: null },
  { rel: 'examples/harbour-storm.bp.md', publisher: 'The Fenwick Ledger' },
  { rel: 'examples/river-bridge.bp.md', publisher: 'The Fenwick Ledger' },
];

const DESKTOP = { viewport: { width: 1000, height: 700 } };
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** Opens the article's page, runs fn(page), then asserts the page did nothing it must not. */
async function withPage(a, options, fn) {
  const s = await L.open(browser, a.url, options);
  try {
    await fn(s.page);
    L.none(assert, await s.problems(), 'the page logged errors, made requests or ran article script');
  } finally {
    await s.context.close();
  }
}

/** Tab from the top of the page until selector has focus; returns the number of presses. */
async function tabTo(page, selector) {
  for (let i = 1; i <= 80; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel), selector)) {
      return i;
    }
  }
  throw new Error(`Tab never reached ${selector}`);
}

for (const a of ARTICLES) {
  a.fm = L.frontMatter(path.join(ws, a.rel));
  a.want = L.expectations(path.join(ws, a.rel));
  // The reveal tests exist for articles with cuts only.
  const cutTest = a.want.cuts.length ? test : () => {};
  describe(a.rel, () => {
    before(() => {
      Object.assign(a, L.render(ws, a.rel));
    });

    test('the page has the contract structure, a CSP and one built-in script, and loads with no console error, page error, CSP violation, dialog or request', async () => {
      await withPage(a, DESKTOP, async (page) => {
        const s = await page.evaluate(() => ({
          page: document.querySelectorAll('body > div.bp-page').length,
          header: !!document.querySelector('.bp-page > header.bp-provenance > h1.bp-title'),
          box: document.querySelector('.bp-page > p.bp-controls > input#bp-show-all.bp-show-all[type=checkbox]') !== null,
          label: document.querySelector('label[for="bp-show-all"]')?.textContent.trim(),
          article: document.querySelectorAll('.bp-page > article.bp-article.bp-published').length,
          legend: document.querySelectorAll('.bp-page > footer.bp-legend#bp-legend').length,
          scripts: [...document.scripts].map((s) => ({ src: s.src, last: s === document.body.lastElementChild })),
          csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content || '',
          viewport: document.querySelector('meta[name=viewport]')?.content || '',
          lang: document.documentElement.lang,
          classes: [...document.querySelectorAll('.bp-page [class]')].flatMap((e) => [...e.classList]).filter((c) => !c.startsWith('bp-')),
          ids: [...document.querySelectorAll('[id]')].map((e) => e.id).filter((id) => !id.startsWith('bp')),
        }));
        assert.equal(s.page, 1, 'one div.bp-page, a child of body');
        assert.ok(s.header, 'header.bp-provenance > h1.bp-title');
        assert.ok(s.box, 'p.bp-controls > input#bp-show-all checkbox');
        assert.equal(s.label, 'Show all cuts and replaced words');
        assert.equal(s.article, 1, 'article.bp-article.bp-published');
        assert.equal(s.legend, 1, 'footer.bp-legend#bp-legend');
        assert.deepEqual(s.scripts, [{ src: '', last: true }], 'one inline script, the last element of body');
        for (const d of ["default-src 'none'", "base-uri 'none'", "form-action 'none'"]) {
          assert.ok(s.csp.includes(d), `CSP ${JSON.stringify(s.csp)} has ${d}`);
        }
        assert.match(s.csp, /script-src 'sha256-[A-Za-z0-9+/=]+'/);
        assert.doesNotMatch(s.csp, /'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
        assert.match(s.viewport, /width=device-width/);
        assert.equal(s.lang, 'en');
        assert.deepEqual(s.classes, [], 'every class starts with bp-');
        assert.deepEqual(s.ids, [], 'every id starts with the prefix bp');
      });
    });

    test('the legend is visible when scrolled to, non-empty, and names the publisher and the reasons used', async () => {
      await withPage(a, DESKTOP, async (page) => {
        const legend = page.locator('footer.bp-legend');
        await legend.scrollIntoViewIfNeeded();
        const box = await legend.boundingBox();
        const vp = page.viewportSize();
        assert.ok(box && box.height > 20 && box.y < vp.height && box.y + Math.min(box.height, vp.height) > 0, `legend box ${JSON.stringify(box)} in the viewport`);
        assert.ok(await legend.isVisible());
        assert.equal((await legend.locator('h2').first().textContent()).trim(), 'How to read this page');
        const text = (await legend.innerText()).replace(/\s+/g, ' ');
        assert.ok(text.length > 80, `legend text: ${text}`);
        assert.ok(text.includes(a.publisher || 'the publisher'), `legend names ${a.publisher || 'the publisher'}: ${text}`);
        assert.match(text, /\[\.\.\.\]/, 'the legend explains [...]');
        // The reasons used in this article, each with its count ("biased (2)" or "2 biased").
        for (const [r, n] of Object.entries(a.want.reasons)) {
          assert.match(text, new RegExp(`\\b${r}\\W{1,3}${n}\\b|\\b${n}\\W{1,3}${r}\\b`, 'i'), `the legend lists the reason ${r} with its count ${n}`);
        }
      });
    });

    cutTest('a click on [...] reveals the cut words inside <del>, a second click hides them', async () => {
      const n = a.want.cuts.length;
      await withPage(a, DESKTOP, async (page) => {
        const buttons = page.locator('article button.bp-reveal.bp-elision');
        assert.equal(await buttons.count(), n, 'one button per cut (per paragraph of a cut)');
        for (let i = 0; i < n; i++) {
          const b = buttons.nth(i);
          const del = page.locator(`del#${await b.getAttribute('aria-controls')}`);
          assert.equal(await L.shown(del), false, `cut ${i} hidden at first`);
          await b.click();
          await L.rest(page);
          assert.equal(await b.getAttribute('aria-expanded'), 'true');
          assert.ok(await L.shown(del), `cut ${i} shown after a click (pointer away, focus elsewhere)`);
          assert.equal(await L.visibleText(del), a.want.cuts[i].words);
          await b.click();
          await L.rest(page);
          assert.equal(await b.getAttribute('aria-expanded'), 'false');
          assert.equal(await L.shown(del), false, `cut ${i} hidden after a second click`);
        }
        // The "was" buttons of changes the same way.
        const was = page.locator('article button.bp-reveal.bp-was');
        assert.equal(await was.count(), a.want.changes.length);
        for (let i = 0; i < a.want.changes.length; i++) {
          const del = page.locator(`del#${await was.nth(i).getAttribute('aria-controls')}`);
          await was.nth(i).click();
          await L.rest(page);
          assert.ok(await L.shown(del));
          assert.equal(await L.visibleText(del), a.want.changes[i].old);
        }
      });
    });

    cutTest('keyboard: Tab reaches [...], Enter reveals, Space toggles; Space on the show-all box shows all', async () => {
      await withPage(a, DESKTOP, async (page) => {
        const b = page.locator('article button.bp-reveal.bp-elision').first();
        const del = page.locator(`del#${await b.getAttribute('aria-controls')}`);
        await tabTo(page, 'article button.bp-reveal.bp-elision');
        assert.equal(await b.evaluate((el) => el === document.activeElement), true, 'the first [...] is the first elision Tab reaches');
        await page.keyboard.press('Enter');
        assert.equal(await b.getAttribute('aria-expanded'), 'true', 'Enter expands');
        await L.rest(page);
        assert.ok(await L.shown(del), 'revealed after Enter, focus gone');
        await b.focus();
        await page.keyboard.press(' ');
        assert.equal(await b.getAttribute('aria-expanded'), 'false', 'Space collapses');
        await page.keyboard.press(' ');
        assert.equal(await b.getAttribute('aria-expanded'), 'true', 'Space expands again');
        await page.keyboard.press(' ');
        await L.rest(page);
        assert.equal(await L.shown(del), false);
        await page.evaluate(() => window.scrollTo(0, 0));
        await tabTo(page, '#bp-show-all');
        await page.keyboard.press(' ');
        assert.equal(await page.locator('#bp-show-all').isChecked(), true);
        await L.rest(page);
        assert.ok(await L.shown(del), 'Space on the box shows every cut');
      });
    });

    cutTest('a tap on [...] in a phone context reveals the words', async () => {
      await withPage(a, PHONE, async (page) => {
        const b = page.locator('article button.bp-reveal.bp-elision').last();
        const del = page.locator(`del#${await b.getAttribute('aria-controls')}`);
        await b.tap();
        assert.equal(await b.getAttribute('aria-expanded'), 'true');
        await page.evaluate(() => document.activeElement?.blur());
        assert.ok(await L.shown(del));
        assert.equal(await L.visibleText(del), a.want.cuts.at(-1).words);
      });
    });

    test('"show all" reveals every cut and every replaced word, unchecking hides them; a button toggled afterwards keeps its state', async () => {
      await withPage(a, DESKTOP, async (page) => {
        const state = () =>
          page.evaluate(() => {
            const vis = (e) => e.getClientRects().length > 0 && getComputedStyle(e).display !== 'none';
            return {
              dels: [...document.querySelectorAll('article del')].map(vis),
              expanded: [...document.querySelectorAll('article .bp-reveal')].map((b) => b.getAttribute('aria-expanded')),
              all: document.querySelector('.bp-page').classList.contains('bp-all'),
            };
          });
        const n = a.want.cuts.length + a.want.changes.length;
        await page.locator('label[for="bp-show-all"]').click();
        await L.rest(page);
        let s = await state();
        assert.equal(s.dels.length, n, 'one <del> per cut part and per change');
        assert.deepEqual(s.dels, Array(n).fill(true), 'every <del> shown');
        assert.deepEqual(s.expanded, Array(n).fill('true'), 'every button expanded');
        assert.equal(s.all, true, '.bp-page.bp-all');
        await page.locator('#bp-show-all').uncheck();
        await L.rest(page);
        s = await state();
        assert.deepEqual(s.dels, Array(n).fill(false), 'every <del> hidden again');
        assert.deepEqual(s.expanded, Array(n).fill('false'));
        assert.equal(s.all, false);
        if (n > 1) {
          await page.locator('#bp-show-all').check();
          await page.locator('article .bp-reveal').first().click();
          await L.rest(page);
          s = await state();
          assert.equal(s.expanded[0], 'false', 'the button toggled by hand is collapsed');
          assert.deepEqual(s.expanded.slice(1), Array(n - 1).fill('true'));
        }
      });
    });

    test('<ins>/<del> semantics: regions open with their screen-reader text in the first segment and close in the last; each button controls the <del> after it', async () => {
      await withPage(a, DESKTOP, async (page) => {
        const r = await page.evaluate(() => {
          const errors = [];
          const text = (el) => {
            const c = el.cloneNode(true);
            c.querySelectorAll('.bp-sr').forEach((s) => s.remove());
            return c.textContent;
          };
          const srAt = (el, end) => {
            const n = end ? el.lastChild : el.firstChild;
            return n && n.nodeType === 1 && n.classList.contains('bp-sr') ? n.textContent : null;
          };
          const after = (n) => {
            while (n && !n.nextElementSibling) n = n.parentElement;
            return n && n.nextElementSibling;
          };
          const regions = [];
          let cur = null;
          const art = document.querySelector('article');
          for (const ins of art.querySelectorAll('ins')) {
            const kind = ins.classList.contains('bp-added') ? 'added' : ins.classList.contains('bp-changed') ? 'changed' : null;
            if (!kind) errors.push(`ins without bp-added/bp-changed: ${ins.outerHTML.slice(0, 80)}`);
            const open = srAt(ins, false);
            const close = srAt(ins, true);
            const opens = open !== null && /^\[(added|changed) by /.test(open);
            const closes = close !== null && /\[end of (addition|change)\]$/.test(close);
            if (opens) {
              if (cur) errors.push('a region opens inside another');
              if (!open.startsWith(kind === 'added' ? '[added by' : '[changed by')) errors.push(`${kind} opens with ${open}`);
              cur = { kind, text: '', last: null };
            } else if (!cur) {
              errors.push(`a segment with no start text outside a region: ${ins.outerHTML.slice(0, 120)}`);
              continue;
            }
            if (ins.querySelectorAll('.bp-sr').length > (opens ? 1 : 0) + (closes ? 1 : 0)) errors.push('screen-reader text in a middle segment');
            cur.text += text(ins);
            if (closes) {
              if (!close.endsWith(cur.kind === 'added' ? '[end of addition]' : '[end of change]')) errors.push(`${cur.kind} closes with ${close}`);
              cur.last = ins;
              regions.push(cur);
              cur = null;
            }
          }
          if (cur) errors.push('a region never closes');
          const was = [];
          for (const g of regions.filter((g) => g.kind === 'changed')) {
            const b = after(g.last);
            if (!b || !b.matches('button.bp-reveal.bp-was')) errors.push(`no "was" button after the change ${g.text}`);
            else was.push(b);
          }
          const buttons = [...art.querySelectorAll('button')];
          for (const b of buttons) {
            const del = b.nextElementSibling;
            if (!b.matches('.bp-reveal')) errors.push('a button that is not .bp-reveal');
            if (b.type !== 'button' || b.getAttribute('aria-expanded') !== 'false' || !b.title) errors.push(`button attributes: ${b.outerHTML.slice(0, 200)}`);
            if (!del || del.tagName !== 'DEL' || del.id !== b.getAttribute('aria-controls')) {
              errors.push(`button not followed by the <del> it controls: ${b.outerHTML.slice(0, 200)}`);
              continue;
            }
            const cut = b.classList.contains('bp-elision');
            if (!del.classList.contains(cut ? 'bp-cut-words' : 'bp-old')) errors.push(`del class ${del.className}`);
            const [o, c] = cut ? ['[cut words] ', ' [end of cut]'] : ['[the original read] ', ' [end of original words]'];
            if (srAt(del, false) !== o || srAt(del, true) !== c) errors.push(`del screen-reader text ${srAt(del, false)} … ${srAt(del, true)}`);
            if (cut && text(b).trim() !== '[...]') errors.push(`elision button reads ${text(b)}`);
            if (!cut && text(b).trim() !== 'was') errors.push(`was button reads ${text(b)}`);
            if (!cut && !was.includes(b)) errors.push('a "was" button after no change');
          }
          for (const d of art.querySelectorAll('del')) {
            if (!d.previousElementSibling?.matches('button.bp-reveal')) errors.push('a <del> with no button before it');
          }
          for (const u of art.querySelectorAll('.bp-untracked')) {
            if (u.textContent !== '[...]' || !u.title) errors.push(`untracked: ${u.outerHTML}`);
          }
          const cuts = [...art.querySelectorAll('button.bp-elision')].map((b) => ({
            words: text(b.nextElementSibling).replace(/\s+/g, ' ').trim(),
            reason: b.dataset.reason || '',
            label: b.getAttribute('aria-label') || '',
          }));
          const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
          return {
            errors,
            dupIds: ids.filter((id, i) => ids.indexOf(id) !== i),
            added: regions.filter((g) => g.kind === 'added').map((g) => g.text.replace(/\s+/g, ' ').trim()),
            changed: regions.filter((g) => g.kind === 'changed').map((g) => g.text.replace(/\s+/g, ' ').trim()),
            cuts,
          };
        });
        L.none(assert, r.errors, 'structure');
        assert.deepEqual(r.dupIds, [], 'ids are unique');
        assert.deepEqual(r.added, a.want.added, 'the added regions');
        assert.deepEqual(r.changed, a.want.changes.map((c) => c.new), 'the changed regions');
        assert.deepEqual(r.cuts.map((c) => ({ words: c.words, reason: c.reason })), a.want.cuts, 'the cut words and their reasons');
        for (const c of r.cuts) {
          assert.equal(c.label, `[...] (cut by the publisher${c.reason ? ` as ${c.reason}` : ''})`, 'the name read to screen readers: the visible text, then the cut and its reason');
        }
      });
    });

    test("Chromium's accessibility tree: the buttons' names and expanded state, the box's name", async () => {
      await withPage(a, DESKTOP, async (page) => {
        const cdp = await page.context().newCDPSession(page);
        const tree = async () => {
          const { nodes } = await cdp.send('Accessibility.getFullAXTree');
          const prop = (n, name) => n.properties?.find((p) => p.name === name)?.value.value;
          return nodes
            .filter((n) => !n.ignored)
            .map((n) => ({ role: n.role?.value, name: n.name?.value || '', expanded: prop(n, 'expanded'), checked: prop(n, 'checked') }));
        };
        let nodes = await tree();
        const box = nodes.find((n) => n.role === 'checkbox');
        assert.equal(box?.name, 'Show all cuts and replaced words');
        const buttons = nodes.filter((n) => n.role === 'button');
        assert.equal(buttons.length, a.want.cuts.length + a.want.changes.length);
        for (const b of buttons) {
          assert.ok(b.name.trim(), 'every button has a name');
          assert.equal(b.expanded, false, `${b.name} collapsed`);
        }
        if (a.want.cuts.length) {
          const first = buttons.find((b) => b.name.includes('[...]'));
          assert.ok(first, `an elision button named with [...]: ${JSON.stringify(buttons)}`);
          if (a.want.cuts[0].reason) {
            assert.match(first.name, new RegExp(`cut by the publisher as ${a.want.cuts[0].reason}`));
          }
          await page.locator('article button.bp-elision').first().click();
          nodes = await tree();
          assert.equal(nodes.find((n) => n.role === 'button' && n.name === first.name).expanded, true, 'expanded after a click');
          await page.locator('#bp-show-all').check();
          nodes = await tree();
          assert.ok(nodes.filter((n) => n.role === 'button').every((n) => n.expanded === true), 'all expanded after show all');
          assert.equal(nodes.find((n) => n.role === 'checkbox').checked, 'true');
        }
      });
    });

    test('provenance: title, outlet link to the front matter url, date, editor, publisher, counts', async () => {
      await withPage(a, DESKTOP, async (page) => {
        const p = await page.evaluate(() => ({
          title: document.title,
          h1: document.querySelector('h1.bp-title')?.textContent,
          href: document.querySelector('a.bp-outlet')?.getAttribute('href'),
          outlet: document.querySelector('a.bp-outlet')?.textContent,
          datetime: document.querySelector('.bp-source time')?.getAttribute('datetime'),
          date: document.querySelector('.bp-source time')?.textContent,
          source: document.querySelector('p.bp-source')?.textContent.replace(/\s+/g, ' '),
          counts: document.querySelector('p.bp-counts')?.textContent.trim(),
        }));
        assert.equal(p.title, a.fm.title);
        assert.equal(p.h1, a.fm.title);
        assert.equal(p.href, a.fm.url);
        assert.equal(p.outlet, a.fm.outlet);
        assert.equal(p.datetime, a.fm.published);
        const [y, m, d] = a.fm.published.split('-').map(Number);
        const month = new Date(Date.UTC(y, m - 1, d)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
        assert.equal(p.date, `${d} ${month} ${y}`);
        assert.ok(p.source.startsWith('First published by '), p.source);
        assert.ok(p.source.includes(a.fm.editor), `names the editor: ${p.source}`);
        if (a.publisher) {
          assert.ok(p.source.includes(`for ${a.publisher}`), `names the publisher: ${p.source}`);
        }
        assert.equal(p.counts, a.want.counts);
      });
    });
  });
}
