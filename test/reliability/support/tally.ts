import { after } from 'node:test';

export type ReliabilityCategory = 'faults' | 'bad input' | 'security';

/**
 * Counts the cases one category of the reliability suite tried and how many passed, and prints
 * `reliability <category>: N cases tried, N passed` when the file's tests are done (also when some
 * failed: the line then shows how many). A case is one input or scenario checked end to end: one
 * generated invoice, one (route, attack) pair, one fault scenario.
 */
export function reliabilityTally(category: ReliabilityCategory) {
  let tried = 0;
  let passed = 0;
  after(() => {
    process.stdout.write(`reliability ${category}: ${tried} cases tried, ${passed} passed\n`);
  });
  return {
    /** Runs one case; it passed if `check` returns without throwing. */
    async case<T>(check: () => Promise<T> | T): Promise<T> {
      tried++;
      const result = await check();
      passed++;
      return result;
    },
    counts: () => ({ tried, passed }),
  };
}
