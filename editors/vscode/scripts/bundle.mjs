// Bundles the extension and the packages it uses (vscode-languageclient and
// its dependencies) into dist/extension.js, so that the .vsix needs no
// node_modules, and writes the licences of the bundled packages beside it.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const result = await esbuild.build({
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  external: ['vscode'],
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'info',
});

const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
  if (m) {
    packages.set(m[2], m[1]);
  }
}
const notices = ['Third-party software bundled in dist/extension.js', ''];
for (const [name, dir] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const licence = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\..*)?$/i.test(f));
  notices.push('='.repeat(72), `${name} ${meta.version} (${meta.license ?? 'see below'})`, '');
  notices.push(licence ? fs.readFileSync(path.join(dir, licence), 'utf8').trim() : '(no licence file in the package)', '');
}
fs.writeFileSync('dist/THIRD-PARTY-NOTICES.txt', notices.join('\n'));
console.log(`bundled ${packages.size} packages: ${[...packages.keys()].join(', ')}`);
