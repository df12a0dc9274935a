// The published preview's page: arguments for `bluepencil render` and the
// HTML put into the webview. Pure, so that it can be unit-tested.

export const DEFAULT_ELISION = '[...]';

/** The arguments that print the published view of `file` as an HTML page. */
export function renderArgs(file: string, elision: string | undefined): string[] {
  const args = ['render', '--view', 'published', '--html'];
  const e = (elision ?? '').trim() === '' ? undefined : elision;
  if (e !== undefined && e !== DEFAULT_ELISION) {
    args.push('--elision', e);
  }
  args.push(file);
  return args;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The webview's Content-Security-Policy: no scripts at all, inline styles
 * only (the page carries its own <style>), images from the article's folder
 * (through the webview) and from the web.
 */
export function contentSecurityPolicy(cspSource: string): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `img-src ${cspSource} https: data:`,
    `font-src ${cspSource}`,
    "script-src 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * Styles for the webview, after the page's own, so that the preview follows
 * the editor's colour theme: VS Code gives the webview the theme's colours as
 * CSS variables and its kind as a class on <body>. The page takes its colours
 * from custom properties on .bp-page (see docs/publishing.md), so the theme's
 * page, text, link and border colours go there; the marks' colours follow the
 * theme's kind, not the webview's prefers-color-scheme, which need not match
 * it, with the page's own light and dark pairs (each at WCAG AA).
 */
const LIGHT_MARKS =
  '--bp-added-fg:#1e3a8a;--bp-added-bg:#dbeafe;--bp-cut-fg:#78350f;--bp-cut-bg:#fef3c7;--bp-old-fg:#7f1d1d;--bp-old-bg:#fee2e2;' +
  '--bp-button-fg:#1f2937;--bp-button-bg:#e5e7eb;--bp-untracked-fg:#b91c1c;--bp-focus:#1d4ed8';
const DARK_MARKS =
  '--bp-added-fg:#dbeafe;--bp-added-bg:#1e3a8a;--bp-cut-fg:#fef3c7;--bp-cut-bg:#78350f;--bp-old-fg:#fee2e2;--bp-old-bg:#7f1d1d;' +
  '--bp-button-fg:#f3f4f6;--bp-button-bg:#374151;--bp-untracked-fg:#fca5a5;--bp-focus:#93c5fd';
const DARK_BODY = 'body.vscode-dark,body.vscode-high-contrast:not(.vscode-high-contrast-light)';

export const PAGE_STYLE =
  'html,body{background:var(--vscode-editor-background,#ffffff);color:var(--vscode-editor-foreground,#1a1a1a)}' +
  'a{color:var(--vscode-textLink-foreground,#1d4ed8)}' +
  '.bp-page{--bp-page-bg:var(--vscode-editor-background,#ffffff);--bp-page-fg:var(--vscode-editor-foreground,#1a1a1a);' +
  '--bp-link-fg:var(--vscode-textLink-foreground,#1d4ed8);--bp-muted-fg:var(--vscode-descriptionForeground,#4b5563);' +
  '--bp-rule:var(--vscode-panel-border,#d1d5db);' + LIGHT_MARKS + '}' +
  DARK_BODY.split(',').map((b) => `${b} .bp-page`).join(',') + '{' + DARK_MARKS + '}' +
  '.bp-preview-note{font:13px/1.4 system-ui,sans-serif;color:var(--vscode-descriptionForeground,#555555);' +
  'background:var(--vscode-textBlockQuote-background,#f3f4f6);border-radius:4px;padding:.4em .8em}';

export interface PageOptions {
  csp: string;
  /** Where relative links and images resolve: the article's folder, as a webview URI ending in "/". */
  baseHref?: string;
  /** A short note shown above the article, as plain text. */
  note?: string;
}

/**
 * Prepares a page printed by `bluepencil render --html` for the webview:
 * the CSP <meta> comes first in <head>, before anything the page holds,
 * then the base; the theme's style comes last; an optional note opens the body.
 */
export function preparePage(html: string, o: PageOptions): string {
  const head =
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(o.csp)}">\n` +
    (o.baseHref ? `<base href="${escapeHtml(o.baseHref)}">\n` : '');
  const style = `<style>${PAGE_STYLE}</style>\n`;
  const note = o.note ? `<p class="bp-preview-note">${escapeHtml(o.note)}</p>\n` : '';
  let page = html;
  const headOpen = /<head(\s[^>]*)?>/i.exec(page);
  const headClose = /<\/head>/i.exec(page);
  if (headOpen && headClose && headClose.index > headOpen.index) {
    // The theme's style goes last in <head>, to win over the page's.
    const at = headOpen.index + headOpen[0].length;
    page = page.slice(0, at) + '\n' + head + page.slice(at, headClose.index) + style + page.slice(headClose.index);
  } else {
    page = `<!DOCTYPE html>\n<html>\n<head>\n${head}${style}</head>\n<body>\n${page}\n</body>\n</html>\n`;
  }
  if (note) {
    const bodyOpen = /<body(\s[^>]*)?>/i.exec(page);
    if (bodyOpen) {
      const at = bodyOpen.index + bodyOpen[0].length;
      page = page.slice(0, at) + '\n' + note + page.slice(at);
    }
  }
  return page;
}

/** A page that explains why there is no preview. */
export function errorPage(csp: string, title: string, detail: string): string {
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">\n` +
    `<style>${PAGE_STYLE}body{font:14px/1.5 system-ui,sans-serif;margin:2em}pre{white-space:pre-wrap}</style>\n` +
    `<title>${escapeHtml(title)}</title>\n</head>\n<body>\n<h1>${escapeHtml(title)}</h1>\n` +
    `<pre>${escapeHtml(detail)}</pre>\n</body>\n</html>\n`
  );
}
