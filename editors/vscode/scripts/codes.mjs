// Rewrites the table of diagnostic codes in README.md from package.json.
// Run `npm run codes` after adding a code; a unit test fails until then.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { codesTable, replaceBlock } = require('../out/util/codesTable.js');
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const props = pkg.contributes.configuration.properties['bluepencil.severity'].properties;
const readme = fs.readFileSync('README.md', 'utf8');
const next = replaceBlock(readme, codesTable(props));
if (next !== readme) {
  fs.writeFileSync('README.md', next);
  console.log('README.md: codes table updated');
}
