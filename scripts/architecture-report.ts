/**
 * Prints the figures the "Modules and storage" work is held to, so anyone can re-check them:
 * the largest source files (limit 300 lines, generated files aside), the methods of every storage and
 * service port (limit ~10), and the import rules (cycles, doors, adapters) from dependency-cruiser.
 *
 *   npm run architecture            # the report
 *   npm run architecture -- --check # also exits 1 when a limit is passed (what `npm run lint` runs)
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const sourceRoots = ['shared', 'functions', 'infra', 'wiring', 'local', 'workflows', 'cli', 'bench', 'scripts'];
const MAX_LINES = 300;
const MAX_PORT_METHODS = 10;

function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(path);
    return /\.(ts|js)$/.test(entry.name) && !entry.name.includes('.generated.') ? [path] : [];
  });
}

const lineCount = (file: string) => readFileSync(join(root, file), 'utf8').split('\n').length - 1;

/** Interfaces an adapter class implements, or declared in a ports file: the module's ports. */
function ports(files: string[]): { name: string; file: string; methods: number }[] {
  const implemented = new Set<string>();
  const declared = new Map<string, { file: string; methods: number }>();
  for (const file of files.filter((f) => f.startsWith('shared/'))) {
    const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const isPortsFile = /(^|[/.-])ports?\.ts$/.test(file);
    source.forEachChild((node) => {
      if (ts.isClassDeclaration(node)) {
        for (const clause of node.heritageClauses ?? []) {
          if (clause.token === ts.SyntaxKind.ImplementsKeyword) for (const type of clause.types) implemented.add(type.expression.getText(source));
        }
      }
      if (ts.isInterfaceDeclaration(node)) {
        const methods = node.members.filter((m) => ts.isMethodSignature(m) || (ts.isPropertySignature(m) && m.type !== undefined && ts.isFunctionTypeNode(m.type))).length;
        if (methods > 0 && (isPortsFile || !declared.has(node.name.text))) declared.set(node.name.text, { file, methods });
        if (isPortsFile && methods > 0) implemented.add(node.name.text);
      }
    });
  }
  return [...implemented].flatMap((name) => {
    const found = declared.get(name);
    return found ? [{ name, ...found }] : [];
  });
}

function dependencyRules(): Map<string, number> {
  const args = ['depcruise', '--config', '.dependency-cruiser.cjs', '--output-type', 'json', ...sourceRoots.filter((d) => filesUnder(d).length > 0)];
  const output = execFileSync('npx', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(output) as { summary: { violations: { rule: { name: string } }[] } };
  const counts = new Map<string, number>();
  for (const violation of result.summary.violations) counts.set(violation.rule.name, (counts.get(violation.rule.name) ?? 0) + 1);
  return counts;
}

const files = sourceRoots.flatMap(filesUnder);
const testFiles = filesUnder('test');
const sized = files.map((file) => ({ file, lines: lineCount(file) })).sort((a, b) => b.lines - a.lines);
const sizedTests = testFiles.map((file) => ({ file, lines: lineCount(file) })).sort((a, b) => b.lines - a.lines);
const overSize = sized.filter((f) => f.lines > MAX_LINES);
const portList = ports(files).sort((a, b) => b.methods - a.methods);
const widePorts = portList.filter((p) => p.methods > MAX_PORT_METHODS);
const rules = dependencyRules();

console.log(`Source files: ${files.length} (${files.filter((f) => f.startsWith('shared/')).length} in shared/), over ${MAX_LINES} lines: ${overSize.length}`);
for (const { file, lines } of sized.slice(0, 8)) console.log(`  ${String(lines).padStart(5)}  ${relative('.', file)}`);
console.log(`Test files: ${testFiles.length}, over ${MAX_LINES} lines: ${sizedTests.filter((f) => f.lines > MAX_LINES).length}`);
for (const { file, lines } of sizedTests.filter((f) => f.lines > MAX_LINES)) console.log(`  ${String(lines).padStart(5)}  ${file}`);
console.log(`Ports: ${portList.length}, widest ${portList[0]?.methods ?? 0} methods, over ${MAX_PORT_METHODS}: ${widePorts.length}`);
for (const port of portList) console.log(`  ${String(port.methods).padStart(3)}  ${port.name}  (${port.file})`);
console.log('Import rules (dependency-cruiser, known violations included):');
for (const name of ['no-circular', 'domain-not-to-adapters', 'module-through-its-door', 'edges-through-the-door', 'kernel-depends-on-no-module', 'shared-stays-inside', 'functions-not-to-infra', 'wiring-is-cdk-free']) {
  console.log(`  ${String(rules.get(name) ?? 0).padStart(5)}  ${name}`);
}

if (process.argv.includes('--check') && (overSize.length > 0 || widePorts.length > 0 || (rules.get('no-circular') ?? 0) > 0)) {
  console.error('Limits passed: files over 300 lines, ports over 10 methods or import cycles (above).');
  process.exit(1);
}
