import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { freePort, waitFor } from './free-port.js';

export interface CognitoEmulator {
  /** The Cognito Identity Provider endpoint (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER). */
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * cognito-local (a Node server speaking Cognito's API, signing RS256 JWTs and serving each pool's
 * JWKS), in its own process: it reads its port from PORT and keeps its data under its working
 * directory, both of which the local stack's own process uses otherwise.
 */
export async function startCognito(options: { dataDir: string }): Promise<CognitoEmulator> {
  const port = await freePort();
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const script = createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js');
  const child: ChildProcess = spawn(process.execPath, [script], { cwd: dataDir, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_OPTIONS: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
  const killOnExit = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`cognito-local exited (code ${code}): ${stderr}`))));
  exited.catch(() => undefined);
  const endpoint = `http://127.0.0.1:${port}`;
  await Promise.race([
    waitFor('cognito-local', async () => {
      const response = await fetch(`${endpoint}/health`);
      if (!response.ok) throw new Error(`health answered ${response.status}`);
    }),
    exited,
  ]);
  return {
    endpoint,
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode !== null) return;
      const gone = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
