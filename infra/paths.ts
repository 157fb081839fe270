import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: esbuild's project root and where the lock file and arflow.config.json live. */
export const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

/** Each Lambda is `functions/<name>/handler.ts`, exporting `handler`. */
export function handlerEntry(functionName: string): string {
  return join(repositoryRoot, 'functions', functionName, 'handler.ts');
}

/**
 * The static files a function serves, `functions/<name>/assets` relative to the repository root, when it
 * has any: the bundle gets a copy (infra/constructs/functions.ts).
 */
export function handlerAssets(functionName: string): string | undefined {
  const folder = posix.join('functions', functionName, 'assets');
  return existsSync(join(repositoryRoot, folder)) ? folder : undefined;
}
