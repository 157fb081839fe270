import { runBenchmarks, selectedBenchmarks } from './select.js';

// `npm run bench` runs every benchmark; `npm run bench -- cost simulator` or BENCH=cost,simulator picks
// some (bench/select.ts has the list).
await runBenchmarks(selectedBenchmarks(process.argv.slice(2), process.env['BENCH']));
