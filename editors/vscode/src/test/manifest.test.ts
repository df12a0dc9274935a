// Checks package.json and the grammar against the rest of the repository:
// every diagnostic code of the server has a severity setting, the marking
// commands name the server's action titles, and every coloured scope exists.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { MARK_COMMANDS } from '../util/codeActions';
import { BEGIN, codesTable, END, replaceBlock } from '../util/codesTable';

const ext = path.resolve(__dirname, '..', '..');
const repo = path.resolve(ext, '..', '..');
const read = (p: string) => fs.readFileSync(p, 'utf8');

interface Manifest {
  icon?: string;
  capabilities: { untrustedWorkspaces: { supported: boolean | string; restrictedConfigurations?: string[] } };
  contributes: {
    commands: { command: string; title: string }[];
    keybindings: { command: string; key: string; when?: string }[];
    languages: { id: string; extensions: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    configuration: {
      properties: Record<string, { default?: unknown; enum?: string[]; markdownDescription?: string; properties?: Record<string, { enum?: string[]; markdownDescription?: string }> }>;
    };
    configurationDefaults: Record<string, { textMateRules?: { scope: string | string[] }[] } & Record<string, unknown>>;
  };
}
const pkg = JSON.parse(read(path.join(ext, 'package.json'))) as Manifest;

/** The codes in internal/rules Codes with their default severities, resolving markup.CodeX constants. */
function serverCodeTable(): { code: string; severity: string }[] {
  const consts = new Map<string, string>();
  for (const file of ['internal/markup/markup.go', 'internal/rules/rules.go']) {
    for (const m of read(path.join(repo, file)).matchAll(/^\s*(Code\w+)\s*=\s*"([^"]+)"/gm)) {
      consts.set(m[1] ?? '', m[2] ?? '');
    }
  }
  const rules = read(path.join(repo, 'internal/rules/rules.go'));
  const block = /var Codes = \[\]Code\{([\s\S]*?)\n\}/.exec(rules)?.[1] ?? '';
  return [...block.matchAll(/^\s*\{(?:markup\.)?(Code\w+),\s*(\w+),/gm)].map((m) => {
    const v = consts.get(m[1] ?? '');
    assert.ok(v, `constant ${m[1]} not found`);
    return { code: v, severity: (m[2] ?? '').toLowerCase() };
  });
}

function serverCodes(): string[] {
  return serverCodeTable().map((c) => c.code);
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

  it("each code's description gives the server's default severity", () => {
    const props = pkg.contributes.configuration.properties['bluepencil.severity']?.properties ?? {};
    for (const { code, severity } of serverCodeTable()) {
      assert.match(props[code]?.markdownDescription ?? '', new RegExp(`Default: \`${severity}\`\\.`), code);
    }
  });

  it('the README lists every code, as scripts/codes.mjs makes it (npm run codes)', () => {
    const readme = read(path.join(ext, 'README.md'));
    const props = pkg.contributes.configuration.properties['bluepencil.severity']?.properties ?? {};
    assert.ok(readme.includes(BEGIN) && readme.includes(END));
    assert.equal(replaceBlock(readme, codesTable(props)), readme, 'README.md codes table is stale: npm run codes');
    for (const code of serverCodes()) {
      assert.ok(readme.includes(`[\`${code}\`]`), code);
    }
  });

  it('never advises go install …@latest: the module is not published', () => {
    for (const file of ['README.md', 'package.json', 'src/util/executable.ts']) {
      assert.doesNotMatch(read(path.join(ext, file)), /go install \S*@latest/, file);
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

describe('looks', () => {
  it('has a 128x128 PNG icon that the .vsix includes', () => {
    assert.equal(pkg.icon, 'images/icon.png');
    const png = fs.readFileSync(path.join(ext, pkg.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    assert.equal(png.readUInt32BE(16), 128);
    assert.equal(png.readUInt32BE(20), 128);
    assert.match(read(path.join(ext, '.vscodeignore')), /^!images\/icon\.png$/m);
  });

  it('does not box £, curly quotes and dashes, in Restricted Mode either', () => {
    const d = pkg.contributes.configurationDefaults['[bluepencil]'] ?? {};
    // The default "inUntrustedWorkspace" boxes every non-ASCII letter there.
    assert.equal(d['editor.unicodeHighlight.nonBasicASCII'], false);
    assert.equal(d['editor.unicodeHighlight.ambiguousCharacters'], false);
  });

  it("keeps the grammar's colours: the server's semantic tokens are for other editors", () => {
    // The server's tokens (additions as "property") would recolour the marks
    // the grammar and the extension's colour rules already paint; the two must
    // not fight, so the extension's look wins in VS Code.
    const d = pkg.contributes.configurationDefaults['[bluepencil]'] ?? {};
    assert.equal(d['editor.semanticHighlighting.enabled'], false);
  });

  it('declares Restricted Mode support, with the server path restricted', () => {
    const u = pkg.capabilities.untrustedWorkspaces;
    assert.equal(u.supported, 'limited');
    assert.deepEqual(u.restrictedConfigurations, ['bluepencil.server.path']);
  });
});
