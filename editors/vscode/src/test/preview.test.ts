import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentSecurityPolicy, errorPage, escapeHtml, PAGE_STYLE, preparePage, renderArgs } from '../util/preview';

describe('renderArgs', () => {
  it('renders the published view as HTML, file last', () => {
    assert.deepEqual(renderArgs('/a/b.bp.md', undefined), ['render', '--view', 'published', '--html', '/a/b.bp.md']);
    assert.deepEqual(renderArgs('/a/b.bp.md', '[...]'), ['render', '--view', 'published', '--html', '/a/b.bp.md']);
    assert.deepEqual(renderArgs('/a/b.bp.md', ' '), ['render', '--view', 'published', '--html', '/a/b.bp.md']);
  });

  it('passes a configured elision marker', () => {
    assert.deepEqual(renderArgs('/a/b.bp.md', '[…]'), [
      'render', '--view', 'published', '--html', '--elision', '[…]', '/a/b.bp.md',
    ]);
  });
});

describe('contentSecurityPolicy', () => {
  it('allows no script and inline styles only', () => {
    const csp = contentSecurityPolicy('vscode-webview://abc');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'none'/);
    assert.match(csp, /style-src 'unsafe-inline'/);
    assert.match(csp, /img-src vscode-webview:\/\/abc/);
    assert.doesNotMatch(csp, /unsafe-eval/);
  });
});

describe('preparePage', () => {
  const page = '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>T</title>\n<style>\nbody{}</style>\n</head>\n<body>\n<p>x</p>\n</body>\n</html>\n';

  it('puts the CSP first in <head>, then base and style', () => {
    const out = preparePage(page, { csp: "default-src 'none'", baseHref: 'https://file+.vscode-resource/a/' });
    const head = out.slice(out.indexOf('<head>') + 6);
    assert.ok(head.trimStart().startsWith(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;">`));
    assert.ok(out.indexOf('<base href="https://file+.vscode-resource/a/">') < out.indexOf('<title>'));
    assert.ok(out.includes('<p>x</p>'));
    assert.ok(!out.includes('<script'));
  });

  it('puts the theme style after the page style, so that dark themes win', () => {
    const out = preparePage(page, { csp: 'x' });
    assert.ok(out.indexOf(PAGE_STYLE) > out.indexOf('body{}'));
    assert.ok(out.indexOf(PAGE_STYLE) < out.indexOf('</head>'));
  });

  it('takes its colours from the theme, not a white page', () => {
    assert.match(PAGE_STYLE, /background:var\(--vscode-editor-background/);
    assert.match(PAGE_STYLE, /color:var\(--vscode-editor-foreground/);
    assert.match(PAGE_STYLE, /body\.vscode-dark \.bp-page[^{]*\{[^}]*--bp-added-fg:#dbeafe;--bp-added-bg:#1e3a8a/);
    assert.match(PAGE_STYLE, /\.bp-page\{--bp-page-bg:var\(--vscode-editor-background/);
    assert.doesNotMatch(PAGE_STYLE, /background:#fff/i);
  });

  it('adds a note at the top of the body', () => {
    const out = preparePage(page, { csp: 'x', note: 'saved <version>' });
    assert.ok(out.indexOf('saved &#60;version&#62;') > out.indexOf('<body>'));
    assert.ok(out.indexOf('saved &#60;version&#62;') < out.indexOf('<p>x</p>'));
  });

  it('wraps a fragment without <head>', () => {
    const out = preparePage('<p>y</p>', { csp: 'x' });
    assert.match(out, /^<!DOCTYPE html>/);
    assert.ok(out.indexOf('Content-Security-Policy') < out.indexOf('<p>y</p>'));
  });
});

describe('errorPage and escapeHtml', () => {
  it('escapes the message', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
    const out = errorPage('c', 'failed', 'line 1: <bad>');
    assert.ok(out.includes('line 1: &#60;bad&#62;'));
    assert.ok(out.includes('content="c"'));
  });
});
