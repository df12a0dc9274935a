// Runs the grammar tests (test/*.test.bp.md) with vscode-tmgrammar-test,
// offline. Our grammar embeds Markdown (text.html.markdown), so the
// Markdown grammar VS Code ships, and the HTML and YAML grammars it embeds,
// come from the tm-grammars package. The Markdown grammar also names the
// grammars of many fenced-code languages; the "grammar not found" notes for
// those are left out of the output.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const grammars = path.dirname(require.resolve('tm-grammars/grammars/markdown.json'));
const cli = require.resolve('vscode-tmgrammar-test/dist/unit.js');
const args = [cli];
for (const g of ['markdown', 'yaml', 'html', 'html-derivative', 'css', 'javascript']) {
  args.push('-g', path.join(grammars, `${g}.json`));
}
args.push(process.argv[2] ?? 'test/*.test.bp.md');

const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
process.stdout.write(r.stdout ?? '');
const missing = [];
for (const line of (r.stderr ?? '').split('\n')) {
  const m = /^grammar not found for "(.*)"$/.exec(line);
  if (m) {
    missing.push(m[1]);
  } else if (line !== '') {
    process.stderr.write(line + '\n');
  }
}
if (missing.length > 0) {
  console.log(`(${missing.length} grammars of fenced-code languages not loaded: their code is not tested)`);
}
process.exit(r.status ?? 1);
