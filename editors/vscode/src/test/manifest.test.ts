// Checks package.json and the grammar against the rest of the repository:
// every diagnostic code of the server has a severity setting, the marking
// commands name the server's action titles, and every coloured scope exists.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { MARK_COMMANDS } from '../util/codeActions';

const ext = path.resolve(__dirname, '..', '..');
const repo = path.resolve(ext, '..', '..');
const read = (p: string) => fs.readFileSync(p, 'utf8');

interface Manifest {
  contributes: {
    commands: { command: string; title: string }[];
    keybindings: { command: string; key: string; when?: string }[];
    languages: { id: string; extensions: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    configuration: { properties: Record<string, { default?: unknown; enum?: string[]; properties?: Record<string, { enum?: string[] }> }> };
    configurationDefaults: Record<string, { textMateRules?: { scope: string | string[] }[] }>;
  };
}
const pkg = JSON.parse(read(path.join(ext, 'package.json'))) as Manifest;

/** The codes in internal/rules Codes, resolving markup.CodeX constants. */
function serverCodes(): string[] {
  const consts = new Map<string, string>();
  for (const file of ['internal/markup/markup.go', 'internal/rules/rules.go']) {
    for (const m of read(path.join(repo, file)).matchAll(/^\s*(Code\w+)\s*=\s*"([^"]+)"/gm)) {
      consts.set(m[1] ?? '', m[2] ?? '');
    }
  }
  const rules = read(path.join(repo, 'internal/rules/rules.go'));
  const block = /var Codes = \[\]Code\{([\s\S]*?)\n\}/.exec(rules)?.[1] ?? '';
  return [...block.matchAll(/^\s*\{(?:markup\.)?(Code\w+),/gm)].map((m) => {
    const v = consts.get(m[1] ?? '');
    assert.ok(v, `constant ${m[1]} not found`);
    return v;
  });
}

describe('settings', () => {
  it('bluepencil.severity lists every diagnostic code, in the server order', () => {
    const codes = serverCodes();
    assert.ok(codes.length >= 15, `found only ${codes.length} codes`);
    const props = pkg.contributes.configuration.properties['bluepencil.severity']?.properties ?? {};
    assert.deepEqual(Object.keys(props), codes);
    for (const code of codes) {
      assert.deepEqual(props[code]?.enum, ['error', 'warning', 'information', 'hint', 'off'], code);
    }
  });

  it('has the server path, trace and elision settings', () => {
    const p = pkg.contributes.configuration.properties;
    assert.equal(p['bluepencil.server.path']?.default, 'bluepencil');
    assert.deepEqual(p['bluepencil.trace.server']?.enum, ['off', 'messages', 'verbose']);
    assert.equal(p['bluepencil.elision']?.default, '[...]');
  });
});

describe('commands', () => {
  it('marking commands apply the server titles and have keybindings on a selection', () => {
    const server = read(path.join(repo, 'server/codeaction.go'));
    for (const { command, action } of MARK_COMMANDS) {
      assert.ok(server.includes(`b.add("${action}", protocol.CodeActionKindRefactorRewrite`), `server offers "${action}"`);
      assert.ok(pkg.contributes.commands.some((c) => c.command === command), `${command} contributed`);
      const kb = pkg.contributes.keybindings.find((k) => k.command === command);
      assert.ok(kb?.when?.includes('editorLangId == bluepencil') && kb.when.includes('editorHasSelection'), `${command} keybinding`);
    }
    assert.ok(pkg.contributes.commands.some((c) => c.command === 'bluepencil.showPublished'));
  });
});

describe('language and grammar', () => {
  const grammarPath = path.join(ext, pkg.contributes.grammars[0]?.path ?? '');
  const grammar = read(grammarPath);

  it('contributes *.bp.md with its configuration and grammar', () => {
    const lang = pkg.contributes.languages[0];
    assert.ok(lang);
    assert.equal(lang.id, 'bluepencil');
    assert.deepEqual(lang.extensions, ['.bp.md']);
    const conf = JSON.parse(read(path.join(ext, lang.configuration))) as { comments: { blockComment: string[] } };
    assert.deepEqual(conf.comments.blockComment, ['{>>', '<<}']);
    assert.equal(pkg.contributes.grammars[0]?.scopeName, 'text.html.markdown.bluepencil');
    assert.ok(grammar.includes('"include": "text.html.markdown"'));
  });

  it('colours only scopes the grammar produces', () => {
    const rules = pkg.contributes.configurationDefaults['editor.tokenColorCustomizations']?.textMateRules ?? [];
    assert.ok(rules.length > 0);
    const scopes = rules.flatMap((r) => (Array.isArray(r.scope) ? r.scope : [r.scope]));
    const produced = new Set<string>();
    for (const m of grammar.matchAll(/"(?:name|contentName)": "([^"]+)"/g)) {
      for (const s of (m[1] ?? '').split(' ')) {
        produced.add(s);
      }
    }
    for (const s of scopes) {
      assert.ok(produced.has(s), `the grammar has no scope ${s}`);
    }
  });
});
