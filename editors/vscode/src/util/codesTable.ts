// The README's table of diagnostic codes, made from package.json's
// bluepencil.severity setting (which a unit test keeps equal to the server's
// code table), so that the README cannot miss a code.

/** One code's entry in bluepencil.severity's properties. */
export interface SeverityProperty {
  markdownDescription?: string;
}

/** The README block's markers; scripts/codes.mjs rewrites what lies between them. */
export const BEGIN = '<!-- codes:begin (made by scripts/codes.mjs from package.json) -->';
export const END = '<!-- codes:end -->';

/**
 * A Markdown table: code (linked to its documentation), default severity,
 * what it means, from each property's description "What. Default: `x`. [Documentation](url)".
 */
export function codesTable(props: Readonly<Record<string, SeverityProperty>>): string {
  const rows = ['| code | default | |', '|---|---|---|'];
  for (const [code, p] of Object.entries(props)) {
    const d = p.markdownDescription ?? '';
    const m = /^(.*?)\s*Default: `(\w+)`\.\s*\[Documentation\]\(([^)]+)\)\s*$/s.exec(d);
    if (!m) {
      throw new Error(`bluepencil.severity.${code}: description not in the form "What. Default: \`x\`. [Documentation](url)"`);
    }
    const [, what = '', severity = '', url = ''] = m;
    rows.push(`| [\`${code}\`](${url}) | ${severity} | ${what.replace(/\|/g, '\\|')} |`);
  }
  return rows.join('\n');
}

/** Replaces the block between BEGIN and END in `readme` with `table`. */
export function replaceBlock(readme: string, table: string): string {
  const b = readme.indexOf(BEGIN);
  const e = readme.indexOf(END);
  if (b < 0 || e < b) {
    throw new Error('README.md has no codes block');
  }
  return readme.slice(0, b + BEGIN.length) + '\n' + table + '\n' + readme.slice(e);
}
