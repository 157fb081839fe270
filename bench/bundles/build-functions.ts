import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { functionBundling } from '../../infra/constructs/functions.js';
import { handlerAssets, handlerEntry, repositoryRoot } from '../../infra/paths.js';

/** Every Lambda's entry: functions/<name>/handler.ts (the folders the CDK app bundles). */
export function functionEntries(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(join(repositoryRoot, 'functions'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_') && existsSync(handlerEntry(entry.name)))
      .map((entry) => [entry.name, handlerEntry(entry.name)]),
  );
}

/**
 * esbuild options equivalent to what aws-lambda-nodejs runs for `functionBundling` (the CDK app's
 * bundling props): bundle for the node platform, ESM with the `require` banner, target node22,
 * `module` before `main`, minified, external source maps without sources, nothing external.
 */
export function esbuildOptionsLikeCdk(): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: functionBundling.format === 'esm' ? 'esm' : 'cjs',
    target: functionBundling.target,
    mainFields: [...functionBundling.mainFields],
    banner: { js: functionBundling.banner },
    minify: functionBundling.minify,
    sourcemap: functionBundling.sourceMap,
    sourcesContent: functionBundling.sourcesContent,
    external: [...functionBundling.externalModules],
    outExtension: { '.js': '.mjs' },
    logLevel: 'silent',
  };
}

export interface FunctionBundle {
  name: string;
  /** The minified handler, as it goes into the zip (index.mjs). */
  bytes: number;
  /** Its source map (shipped alongside for --enable-source-maps). */
  mapBytes: number;
  /** Input bytes by package (node_modules/<package>, or "arflow" for our own code), for finding what makes a bundle big. */
  inputsByPackage: Record<string, number>;
  /** What the bundle still imports at run time (should be Node built-ins only: nothing is external). */
  runtimeImports: string[];
  outfile: string;
}

/** Bundles every function (or the named ones) into outdir/<name>/index.mjs with the CDK app's options, its assets/ beside it. */
export async function bundleFunctions(outdir: string, names?: string[]): Promise<FunctionBundle[]> {
  const entries = functionEntries();
  const selected = names ?? Object.keys(entries);
  const result = await build({
    ...esbuildOptionsLikeCdk(),
    entryPoints: Object.fromEntries(selected.map((name) => [`${name}/index`, entries[name]!])),
    outdir,
    metafile: true,
    write: true,
    absWorkingDir: repositoryRoot,
  });
  // As the CDK app's afterBundling hook does: a handler that reads its static files at cold start finds them.
  for (const name of selected) {
    const assets = handlerAssets(name);
    if (assets !== undefined) cpSync(join(repositoryRoot, assets), join(outdir, name, 'assets'), { recursive: true });
  }
  const outputs = result.metafile.outputs;
  return selected.map((name) => {
    const key = Object.keys(outputs).find((output) => output.endsWith(`${name}/index.mjs`))!;
    const output = outputs[key]!;
    const inputsByPackage: Record<string, number> = {};
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const owner = match ? match[1]! : 'arflow';
      inputsByPackage[owner] = (inputsByPackage[owner] ?? 0) + bytesInOutput;
    }
    const runtimeImports = [...new Set(output.imports.filter((entry) => entry.external).map((entry) => entry.path))].sort();
    return { name, bytes: output.bytes, mapBytes: outputs[`${key}.map`]?.bytes ?? 0, inputsByPackage, runtimeImports, outfile: resolve(repositoryRoot, key) };
  });
}
