import { readFile, writeFile } from 'node:fs/promises';
import { arch, cpus, loadavg, totalmem } from 'node:os';

/**
 * Replaces the text between `<!-- bench:NAME:begin -->` and `<!-- bench:NAME:end -->` in a markdown
 * file (appending the block when the markers are absent), so each benchmark owns its own block.
 */
export async function replaceMarkedBlock(file: string, name: string, content: string): Promise<void> {
  const begin = `<!-- bench:${name}:begin -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${begin}\n\n${content.trim()}\n\n${end}`;
  const current = await readFile(file, 'utf8').catch(() => '');
  const start = current.indexOf(begin);
  const stop = current.indexOf(end);
  const next = start >= 0 && stop > start ? `${current.slice(0, start)}${block}${current.slice(stop + end.length)}` : `${current.trimEnd()}\n\n${block}\n`;
  await writeFile(file, next);
}

/** Where results go: BENCH_OUT=- prints only. */
export async function publish(file: string, name: string, content: string): Promise<void> {
  process.stdout.write(`\n${content}\n`);
  if ((process.env['BENCH_OUT'] ?? file) === '-') return;
  await replaceMarkedBlock(file, name, content);
}

/** The machine and its load, for a results line: figures on a shared machine only compare within one run. */
export function machineLine(loadBefore: number): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'} (${arch()}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, 1-minute load average ${loadBefore.toFixed(1)} before and ${loadavg()[0]!.toFixed(1)} after`;
}
