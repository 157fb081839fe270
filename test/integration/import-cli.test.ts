import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { importCommand } from '../../cli/import-command.js';
import { useLocalStack } from './support/local-stack.js';

/** What the command writes to stdout and stderr. */
class Captured extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString('utf8');
    callback();
  }
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Captured();
  const err = new Captured();
  const code = await importCommand(argv, out as unknown as typeof process.stdout, err as unknown as typeof process.stderr);
  return { code, out: out.text, err: err.text };
}

const header = 'invoiceNumber,customerId,customerName,customerEmail,issueDate,dueDate,currency,amount';

/** Integration: `npm run arflow -- import` against the embedded stack's s3rver, as an operator runs it. */
describe('the command-line importer', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arflow-cli-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const endpoint = () => ['--endpoint', stack().endpoints.s3, '--bucket', stack().importBucket, '--poll-ms', '100', '--timeout', '300'];

  it('drops a file, waits for its import and prints the counts, the report and the first rejected rows; exit 0', async () => {
    const file = join(dir, 'cli-invoices.csv');
    await writeFile(
      file,
      [
        header,
        'CLI-1,C-1,Acme GmbH,ap@acme.example,2026-11-01,2026-12-31,EUR,1250.00',
        'CLI-2,C-1,Acme GmbH,ap@acme.example,2026-02-30,2026-12-31,EUR,10.00', // line 3: no such day
        'CLI-3,C-2,Beta AG,ap@beta.example,2026-11-02,2026-12-31,EUR,99.50',
      ].join('\n') + '\n',
    );
    const result = await run([file, '--tenant', stack().tenantId, ...endpoint()]);
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /Uploading .*cli-invoices\.csv .* to .*\/incoming\/demo\/invoices\/cli-invoices\.csv/);
    assert.match(result.out, /Import completed: incoming\/demo\/invoices\/cli-invoices\.csv \(profile arflow-invoices, tenant demo\)/);
    assert.match(result.out, /^ {2}read {7}3$/m);
    assert.match(result.out, /^ {2}imported {3}2$/m);
    assert.match(result.out, /^ {2}rejected {3}1$/m);
    assert.match(result.out, /report {5}.*\/reports\/demo\/invoices\/cli-invoices\.csv\.json/);
    assert.match(result.out, /rejects {4}.*\/rejected\/demo\/invoices\/cli-invoices\.csv\.errors\.csv/);
    assert.match(result.out, /First rejected rows \(line,reason,row\):\n {2}3,.*issueDate/);
    for (const number of ['CLI-1', 'CLI-3']) assert.equal((await api().getInvoice(number)).status, 200, number);
    assert.equal((await api().getInvoice('CLI-2')).status, 404);
  });

  it('says a re-drop of the same content is a duplicate that imports nothing', async () => {
    const file = join(dir, 'cli-invoices-again.csv');
    await writeFile(file, `${header}\nCLI-1,C-1,Acme GmbH,ap@acme.example,2026-11-01,2026-12-31,EUR,1250.00\nCLI-2,C-1,Acme GmbH,ap@acme.example,2026-02-30,2026-12-31,EUR,10.00\nCLI-3,C-2,Beta AG,ap@beta.example,2026-11-02,2026-12-31,EUR,99.50\n`);
    const result = await run([file, '--tenant', stack().tenantId, ...endpoint()]);
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /duplicate {2}of incoming\/demo\/invoices\/cli-invoices\.csv: nothing imported again/);
    assert.match(result.out, /^ {2}imported {3}0$/m);
  });

  it('refuses bad arguments with the reason and the usage, exit 2, without uploading anything', async () => {
    const missing = await run([join(dir, 'no-such-file.csv'), '--tenant', stack().tenantId, ...endpoint()]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no-such-file\.csv is not a readable file/);
    assert.match(missing.err, /npm run arflow -- import <file> --tenant <tenant-id>/);

    const file = join(dir, 'ok.csv');
    await writeFile(file, `${header}\n`);
    const noTenant = await run([file, ...endpoint()]);
    assert.equal(noTenant.code, 2);
    assert.match(noTenant.err, /^--tenant /);
    assert.equal((await run([file, '--tenant', 'demo', '--kind', 'receipts', ...endpoint()])).code, 2);
    assert.equal((await run([file, '--tenant', 'demo', '--profile', 'Not Valid', ...endpoint()])).code, 2);
    assert.equal((await run([file, file, '--tenant', 'demo', ...endpoint()])).code, 2);
  });

  it('explains that nothing answers at the endpoint instead of crashing', async () => {
    const file = join(dir, 'unreachable.csv');
    await writeFile(file, `${header}\n`);
    await assert.rejects(run([file, '--tenant', 'demo', '--endpoint', 'http://127.0.0.1:9', '--poll-ms', '100']), /Cannot reach the import bucket http:\/\/127\.0\.0\.1:9\/arflow-local-imports: .* is the local stack running \(npm start\)\?/);
  });
});
