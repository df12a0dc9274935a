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

/** Styles for the webview: a white page, whatever the editor's theme. */
export const PAGE_STYLE =
  'html,body{background:#ffffff;color:#1a1a1a}a{color:#1d4ed8}' +
  '.bp-preview-note{font:13px/1.4 system-ui,sans-serif;color:#555;background:#f3f4f6;border-radius:4px;padding:.4em .8em}';

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
 * then the base and the page style; an optional note opens the body.
 */
export function preparePage(html: string, o: PageOptions): string {
  const head =
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(o.csp)}">\n` +
    (o.baseHref ? `<base href="${escapeHtml(o.baseHref)}">\n` : '') +
    `<style>${PAGE_STYLE}</style>\n`;
  const note = o.note ? `<p class="bp-preview-note">${escapeHtml(o.note)}</p>\n` : '';
  let page = html;
  const headOpen = /<head(\s[^>]*)?>/i.exec(page);
  if (headOpen) {
    const at = headOpen.index + headOpen[0].length;
    page = page.slice(0, at) + '\n' + head + page.slice(at);
  } else {
    page = `<!DOCTYPE html>\n<html>\n<head>\n${head}</head>\n<body>\n${page}\n</body>\n</html>\n`;
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
