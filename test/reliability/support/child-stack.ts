import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../local/emulators/free-port.js';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface ChildStack {
  apiUrl: string;
  /** How many open invoice workflows the stack resumed when it started (from its banner). */
  resumed: number;
  /** SIGKILL to the stack's whole process group (Node, and the DynamoDB Local JVM it spawned): no shutdown code runs. */
  kill(): Promise<void>;
}

/**
 * `npm start` in a child process of its own process group, on a data directory, so a test can kill
 * it the hard way mid-lifecycle and start it again on the same data.
 */
export async function startChildStack(options: { dataDir: string; apiKey: string; clockStart: string }): Promise<ChildStack> {
  const child: ChildProcess = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', 'local/start.ts'], {
    cwd: repositoryRoot,
    detached: true, // its own process group: kill(-pid) reaches the JVM too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: '0',
      ARFLOW_S3_PORT: String(await freePort()),
      ARFLOW_CLOCK: 'virtual',
      ARFLOW_CLOCK_START: options.clockStart,
      ARFLOW_DATA_DIR: options.dataDir,
      ARFLOW_API_KEY: options.apiKey,
      ARFLOW_LOG_LEVEL: 'SILENT',
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    await exited;
  };
  // A test that fails before killing it must not leave the stack running.
  process.once('exit', () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  });
  let output = '';
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  try {
    const banner = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ctrl-C stops it.')) resolve(output);
      });
      child.once('exit', (code) => reject(new Error(`the local stack exited (code ${code}) before it was ready:\n${output}\n${errors}`)));
    });
    const apiUrl = /API\s+(http:\/\/\S+)/.exec(banner)?.[1];
    if (!apiUrl) throw new Error(`no API URL in the banner:\n${banner}`);
    return { apiUrl, resumed: Number(/Resumed\s+(\d+)/.exec(banner)?.[1] ?? 0), kill };
  } catch (error) {
    await kill();
    throw error;
  }
}
