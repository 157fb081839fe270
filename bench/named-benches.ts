/**
 * Benchmarks with modules of their own, picked by name: `npm run bench -- simulator lifecycle` or
 * BENCH=simulator,lifecycle. Returns true when every name asked for was one of these and has run, so
 * bench/run.ts stops there; otherwise (no name, or a name another hook knows) it runs nothing.
 */
const benches: Record<string, () => Promise<void>> = {
  simulator: async () => (await import('./simulator.js')).benchSimulator(),
  lifecycle: async () => (await import('./lifecycle.js')).benchLifecycle(),
};

export async function runNamedBenches(argv: readonly string[], env = process.env['BENCH']): Promise<boolean> {
  const names = [...argv, ...(env ?? '').split(',')].map((name) => name.trim()).filter(Boolean);
  if (names.length === 0 || !names.every((name) => name in benches)) return false;
  for (const name of names) await benches[name]!();
  return true;
}
