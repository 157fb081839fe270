import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: esbuild's project root and where the lock file and arflow.config.json live. */
export const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

/** Each Lambda is `functions/<name>/handler.ts`, exporting `handler`. */
export function handlerEntry(functionName: string): string {
  return join(repositoryRoot, 'functions', functionName, 'handler.ts');
}
