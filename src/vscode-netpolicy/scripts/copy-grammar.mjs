// The grammar lives in grammar/ at the repository root (where its tests are); the extension ships a copy,
// because a packaged extension can only contain files under its own folder.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.resolve(here, '..', '..', '..', 'grammar', 'netpolicy.tmLanguage.json');
const target = path.resolve(here, '..', 'syntaxes', 'netpolicy.tmLanguage.json');
const grammar = JSON.parse(fs.readFileSync(source, 'utf8'));
if (grammar.scopeName !== 'source.netpolicy') throw new Error(`${source}: scopeName is ${grammar.scopeName}, expected source.netpolicy`);
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, JSON.stringify(grammar, null, 2) + '\n');
console.log(`copied ${path.relative(process.cwd(), source)} -> ${path.relative(process.cwd(), target)}`);
