import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { importCommand } from '../../cli/import-command.js';
import { freePort, waitFor } from '../../local/emulators/free-port.js';

/** Integration: `npm start` in a child process, as a new user runs it; what its terminal shows. */
describe('npm start, the quiet front door', () => {
  let dir = '';
  let child: ChildProcess;
  let out = '';
  let err = '';
  let api = '';
  let s3Port = 0;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arflow-front-door-'));
    s3Port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', ARFLOW_S3_PORT: String(s3Port), ARFLOW_DATA_DIR: join(dir, 'data'), ARFLOW_CLOCK: 'virtual', ARFLOW_CLOCK_START: '2026-11-20T12:00:00.000Z' };
    delete env['ARFLOW_LOG_LEVEL'];
    child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', 'local/start.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`npm start exited (${code}): ${err}`)));
      const poll = setInterval(() => {
        if (out.includes('Ctrl-C stops it.')) {
          clearInterval(poll);
          resolve();
        }
      }, 50);
    });
    api = /API {8}(\S+)/.exec(out)![1]!;
  });

  after(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the banner, then one line per import and per clock move; handler logs go to the file', async () => {
    const file = join(dir, 'front-door.csv');
    await writeFile(file, 'invoiceNumber,customerId,customerName,customerEmail,issueDate,dueDate,currency,amount\nFD-1,C-1,Acme GmbH,ap@acme.example,2026-11-01,2026-12-31,EUR,1250.00\nFD-2,C-1,Acme GmbH,ap@acme.example,2026-11-01,not-a-date,EUR,10.00\n');
    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const code = await importCommand([file, '--tenant', 'demo', '--endpoint', `http://127.0.0.1:${s3Port}`, '--poll-ms', '100', '--timeout', '300'], sink as typeof process.stdout, sink as typeof process.stderr);
    assert.equal(code, 0);
    // The CLI sees the report the handler wrote; the handler's answer (and its line) follows it.
    await waitFor('the import line', async () => assert.match(out, /import completed/));
    const moved = await fetch(`${api}/_local/clock`, { method: 'POST', body: JSON.stringify({ advanceDays: 1 }) });
    assert.equal(moved.status, 200);

    const [banner = '', afterBanner = ''] = out.split('Ctrl-C stops it.\n');
    assert.match(banner, /Logs {7}.*logs\/handlers\.log/);
    const lines = afterBanner.trimEnd().split('\n');
    assert.equal(lines.length, 2, afterBanner);
    assert.match(lines[0]!, /^import completed: incoming\/demo\/invoices\/front-door\.csv — 2 read, 1 imported, 0 unchanged, 1 rejected \(\d+\.\d s\)$/);
    assert.equal(lines[1], 'clock moved to 2026-11-21T12:00:00.000Z');
    assert.doesNotMatch(err, /NodeVersionSupportWarning|No application metrics|"level":/, 'no SDK warning, no handler log in the terminal');
    const logs = await readFile(join(dir, 'data', 'logs', 'handlers.log'), 'utf8');
    assert.match(logs, /"message":"Import step finished"/);
  });
});
