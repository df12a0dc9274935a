// An article written to attack its reader: <script>, <img onerror>, <svg
// onload>, javascript: links in three spellings, an <iframe>, a <form>, a
// <style>, markup in the title, outlet and editor, a javascript: url, and a
// reason note that tries to break out of its attribute. Nothing of it may run
// or become markup; the page must still work.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const L = require('../lib.cjs');

const ws = L.workspace();
const REL = 'hostile/hostile.bp.md';
let browser;
let page;
before(async () => {
  browser = await L.launch();
  page = L.render(ws, REL);
  page.fm = L.frontMatter(path.join(ws, REL));
});
after(async () => {
  await browser?.close();
});

/** Everything a reader can do on the page: hover, focus and click every element, tick the box. */
async function everything(p) {
  await p.locator('#bp-show-all').check();
  for (const sel of ['article *', 'header *', 'footer *']) {
    const all = p.locator(sel);
    const n = await all.count();
    for (let i = 0; i < n; i++) {
      const el = all.nth(i);
      if (!(await el.isVisible())) {
        continue;
      }
      await el.hover({ timeout: 1000 }).catch(() => {});
      const tag = await el.evaluate((e) => e.tagName);
      if (tag === 'BUTTON') {
        await el.click({ timeout: 1000 });
      }
    }
  }
}

test('hostile: nothing from the article runs (no payload, no dialog, no CSP violation, no request) while every element is hovered and every button clicked', async () => {
  const s = await L.open(browser, page.url, { viewport: { width: 1000, height: 700 } });
  try {
    await everything(s.page);
    L.none(assert, await s.problems(), 'the hostile article got through');
  } finally {
    await s.context.close();
  }
});

test('hostile: no event-handler attribute, no javascript: address, no element of the article beyond the allowlist, one built-in script and style', async () => {
  const s = await L.open(browser, page.url, {});
  try {
    const r = await s.page.evaluate(() => {
      const bad = [];
      for (const el of document.querySelectorAll('*')) {
        for (const a of el.attributes) {
          if (/^on/i.test(a.name)) bad.push(`${el.tagName} ${a.name}`);
          if (/^\s*(javascript|data|vbscript):/i.test(a.value) && /^(href|src|action|formaction|xlink:href)$/i.test(a.name)) bad.push(`${el.tagName} ${a.name}=${a.value}`);
        }
        if (el.closest('.bp-page') && /^(SCRIPT|STYLE|IFRAME|FORM|IMG|SVG|OBJECT|EMBED|B|I|U|META|LINK|BASE)$/i.test(el.tagName)) bad.push(`<${el.tagName.toLowerCase()}> in the page`);
      }
      const reasons = [...document.querySelectorAll('[data-reason]')].map((e) => e.dataset.reason);
      return {
        bad,
        reasons,
        scripts: document.scripts.length,
        styles: document.querySelectorAll('style').length,
        styleInHead: document.querySelectorAll('head > style').length,
        title: document.title,
        h1: document.querySelector('h1.bp-title')?.textContent,
        outlet: document.querySelector('.bp-source')?.textContent,
        outletLinks: [...document.querySelectorAll('.bp-source a')].map((a) => a.getAttribute('href')),
        text: document.querySelector('article').textContent,
      };
    });
    L.none(assert, r.bad, 'live markup from the article');
    assert.ok(r.reasons.every((x) => L.REASONS.includes(x)), `data-reason values ${r.reasons}`);
    assert.equal(r.scripts, 1, 'the built-in script only');
    assert.equal(r.styles, 1, 'the built-in stylesheet only');
    assert.equal(r.styleInHead, 1);
    assert.equal(r.title, page.fm.title, 'the title shown as the text it is');
    assert.equal(r.h1, page.fm.title);
    assert.ok(r.outlet.includes(page.fm.outlet), `the outlet as text: ${r.outlet}`);
    assert.ok(r.outletLinks.every((h) => !/javascript/i.test(h)), `no javascript: outlet link: ${r.outletLinks}`);
    for (const shown of ['<script>window.__pwned = "body"; alert("body")</script>', '<img src=x onerror=']) {
      assert.ok(r.text.includes(shown), `raw HTML shown as text: ${shown}`);
    }
  } finally {
    await s.context.close();
  }
});

test('hostile: the page still works: [...] reveals its words with the markup as text', async () => {
  const s = await L.open(browser, page.url, {});
  try {
    const b = s.page.locator('article button.bp-elision').last();
    const del = s.page.locator(`del#${await b.getAttribute('aria-controls')}`);
    await b.click();
    await L.rest(s.page);
    assert.ok(await L.shown(del));
    assert.equal(await L.visibleText(del), `with <img src=x onerror="window.__pwned='cut'"> inside`);
    L.none(assert, await s.problems(), 'problems');
  } finally {
    await s.context.close();
  }
});

test('hostile over http://127.0.0.1 (an origin for the CSP): no payload, no violation, only the page requested', async () => {
  const html = fs.readFileSync(page.file);
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/hostile.html`;
  const s = await L.open(browser, url, { viewport: { width: 1000, height: 700 } }, [url]);
  try {
    await everything(s.page);
    L.none(assert, await s.problems(), 'the hostile article got through');
  } finally {
    await s.context.close();
    server.close();
  }
});
