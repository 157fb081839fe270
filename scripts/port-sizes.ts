/**
 * Prints every storage port (an exported interface in shared/ports.ts or a shared *-port(s).ts file)
 * with its method count, largest first, marking those over MAX_METHODS: ports stay one small
 * interface per aggregate. Run: npx tsx scripts/port-sizes.ts [checkout root] [--check] (--check fails
 * when a port is over).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const MAX_METHODS = 10;
const args = process.argv.slice(2);
const root = args.find((arg) => !arg.startsWith('--')) ?? join(import.meta.dirname, '..');

function portFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'adapters' ? [] : portFiles(path);
    return /(^ports|-ports?)\.ts$/.test(entry.name) ? [path] : [];
  });
}

const ports: { name: string; file: string; methods: number }[] = [];
for (const file of portFiles(join(root, 'shared'))) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  for (const statement of source.statements) {
    if (!ts.isInterfaceDeclaration(statement) || !statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) continue;
    const methods = statement.members.filter((member) => ts.isMethodSignature(member)).length;
    if (methods > 0) ports.push({ name: statement.name.text, file: relative(root, file), methods });
  }
}
ports.sort((a, b) => b.methods - a.methods || a.name.localeCompare(b.name));
for (const port of ports) console.log(`${String(port.methods).padStart(3)}${port.methods > MAX_METHODS ? ' !' : '  '} ${port.name}  (${port.file})`);
const over = ports.filter((port) => port.methods > MAX_METHODS);
if (over.length > 0) {
  console.log(`over ${MAX_METHODS} methods: ${over.map((port) => port.name).join(', ')}`);
  if (args.includes('--check')) process.exitCode = 1;
}
