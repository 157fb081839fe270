import { readFile, writeFile } from 'node:fs/promises';

/**
 * Replaces the block between `<!-- bench:NAME:begin -->` and `<!-- bench:NAME:end -->` in a Markdown
 * file (appending it when absent), so each benchmark owns its own part of docs/benchmarks.md.
 * `out` '-' prints only.
 */
export async function writeMarkdownBlock(name: string, body: string, out: string): Promise<void> {
  const begin = `<!-- bench:${name}:begin -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${begin}\n\n${body.trim()}\n\n${end}`;
  process.stdout.write(`\n${block}\n`);
  if (out === '-') return;
  const current = await readFile(out, 'utf8').catch(() => '# Benchmarks\n');
  const start = current.indexOf(begin);
  const stop = current.indexOf(end);
  const next = start >= 0 && stop > start ? `${current.slice(0, start)}${block}${current.slice(stop + end.length)}` : `${current.trimEnd()}\n\n${block}\n`;
  await writeFile(out, next);
}

/** The machine and its load, for a results line: figures on a shared machine only compare within one run. */
export async function machineLine(loadBefore: number): Promise<string> {
  const { arch, cpus, loadavg, totalmem } = await import('node:os');
  return `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'} (${arch()}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, 1-minute load average ${loadBefore.toFixed(1)} before and ${loadavg()[0]!.toFixed(1)} after`;
}
