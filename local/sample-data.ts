import { fileURLToPath } from 'node:url';

/** The IBM accounts-receivable sample in the repository (data/README.md): the simulator's default input, and the tests' and benchmarks' real history. */
export const sampleHistoryFile = fileURLToPath(new URL('../data/ar-invoices-sample.csv', import.meta.url));
