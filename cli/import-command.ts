import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parseIncomingKey, rejectsKey, reportKey } from '../shared/imports/index.js';
import { importKinds, profileNameSchema, type ImportKind } from '../shared/imports/index.js';
import { tenantIdSchema } from '../shared/kernel/index.js';
import type { ImportReport } from '../shared/imports/index.js';
import { ProgressLine } from './progress-line.js';

/** The local stack's import bucket (local/stack.ts) and s3rver port (`npm start`, ARFLOW_S3_PORT). */
const LOCAL_BUCKET = 'arflow-local-imports';
const localEndpoint = () => `http://127.0.0.1:${process.env['ARFLOW_S3_PORT'] ?? '4569'}`;

export const importUsage = `  npm run arflow -- import <file> --tenant <tenant-id> [--kind ${importKinds.join('|')}] [--profile <name>]
                       [--endpoint <url>] [--bucket <ImportBucketName>] [--timeout <seconds>]
      Drops a CSV or JSON Lines file into the import bucket under incoming/<tenant>/<kind>/[<profile>/],
      shows the import's progress and prints its report (counts, timings, where the rejected rows are).
      Default: the local stack (\`npm start\`; s3rver at http://127.0.0.1:$ARFLOW_S3_PORT, default 4569).
      On AWS: --bucket <the stack's ImportBucketName output> with your AWS credentials and AWS_REGION.
      Exit code 0 when the import completed (rejected rows included) or was a duplicate, 1 when it failed.
`;

interface Target {
  s3: S3Client;
  bucket: string;
  where: string;
}

export async function importCommand(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      kind: { type: 'string', default: 'invoices' },
      profile: { type: 'string' },
      endpoint: { type: 'string' },
      bucket: { type: 'string' },
      timeout: { type: 'string', default: '3600' },
      'poll-ms': { type: 'string', default: '500' },
    },
  });
  const fail = (message: string) => (err.write(`${message}\n\n${importUsage}`), 2);
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) return fail('Give exactly one file to import.');
  const tenant = tenantIdSchema.safeParse(values.tenant);
  if (!tenant.success) return fail(`--tenant ${tenant.error.issues[0]?.message ?? 'is invalid'}`);
  if (!(importKinds as readonly string[]).includes(values.kind)) return fail(`--kind must be ${importKinds.join(' or ')}`);
  const kind = values.kind as ImportKind;
  if (values.profile !== undefined && !profileNameSchema.safeParse(values.profile).success) return fail('--profile must be 1-64 lowercase letters, digits or hyphens');
  const timeoutMs = Number(values.timeout) * 1000;
  const pollMs = Number(values['poll-ms']);
  if (!(timeoutMs > 0) || !(pollMs > 0)) return fail('--timeout must be a positive number of seconds');
  const size = await stat(file).then(
    (stats) => (stats.isFile() ? stats.size : undefined),
    () => undefined,
  );
  if (size === undefined) return fail(`${file} is not a readable file.`);

  const key = ['incoming', tenant.data, kind, ...(values.profile ? [values.profile] : []), basename(file)].join('/');
  const dropped = parseIncomingKey(key);
  if ('invalid' in dropped) return fail(`Cannot drop ${file}: ${dropped.invalid}`);
  const target = targetOf(values.endpoint, values.bucket);
  const reportAt = reportKey(dropped);

  // The key's report from an earlier drop is not this drop's: wait for one that differs from it.
  const before = await readText(target, reportAt).catch((error: unknown) => {
    throw new Error(`Cannot reach the import bucket ${target.where}: ${(error as Error).message}${values.bucket ? '' : ' — is the local stack running (npm start)?'}`);
  });
  out.write(`Uploading ${file} (${size.toLocaleString('en-US')} bytes) to ${target.where}/${key}\n`);
  const started = Date.now();
  const { ETag } = await target.s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: createReadStream(file), ContentLength: size }));

  const progress = new ProgressLine(err);
  let report: ImportReport | undefined;
  while (Date.now() - started < timeoutMs) {
    const text = await readText(target, reportAt);
    const current = text !== undefined && text !== before ? parsedReport(text) : undefined;
    if (current) {
      // S3 events (and so reports) carry the ETag without the quotes PutObject's answer has.
      if (ETag === undefined || unquoted(current.source.etag) === unquoted(ETag)) {
        if (current.status !== 'running') {
          report = current;
          break;
        }
        const seconds = (Date.now() - started) / 1000;
        progress.update(size > 0 ? current.bytesRead / size : 0, `${current.counts.read.toLocaleString('en-US')} rows read, ${current.counts.rejected.toLocaleString('en-US')} rejected, ${Math.round(current.counts.read / seconds).toLocaleString('en-US')} rows/s`);
      }
    } else {
      progress.update(0, `waiting for the import to start (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    await sleep(pollMs);
  }
  progress.done();
  if (!report) {
    err.write(`No finished report at ${target.where}/${reportAt} after ${values.timeout} s. The import may still be running (run again with a longer --timeout to watch it), or nothing routes the bucket's events to the import function.\n`);
    return 1;
  }
  out.write(summary(report, target, (Date.now() - started) / 1000));
  const rejects = report.rejectsKey ? await readText(target, report.rejectsKey) : undefined;
  if (rejects) {
    const lines = rejects.trimEnd().split('\n');
    out.write(`\nFirst rejected rows (line,reason,row):\n${lines.slice(1, 6).map((line) => `  ${line}`).join('\n')}\n${lines.length > 6 ? `  … ${lines.length - 6} more in the rejects file\n` : ''}`);
  }
  return report.status === 'failed' ? 1 : 0;
}

const unquoted = (etag: string) => etag.replace(/"/g, '');

/**
 * A report that does not parse is one still being written (an emulator may serve a partial object);
 * the next poll reads it again, so it never ends a successful import with a JSON error.
 */
function parsedReport(text: string): ImportReport | undefined {
  try {
    return JSON.parse(text) as ImportReport;
  } catch {
    return undefined;
  }
}

function summary(report: ImportReport, target: Target, wallSeconds: number): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const lines = [
    '',
    `Import ${report.status}: ${report.source.key} (profile ${report.profile}, tenant ${report.tenantId})`,
    `  read       ${n(report.counts.read)}`,
    `  imported   ${n(report.counts.imported)}`,
    `  unchanged  ${n(report.counts.unchanged)}`,
    `  rejected   ${n(report.counts.rejected)}`,
    `  time       ${(report.timings.processingMs / 1000).toFixed(1)} s processing (${n(report.timings.rowsPerSecond)} rows/s, ${report.timings.invocations} invocation(s)); ${wallSeconds.toFixed(1)} s from upload to report`,
  ];
  if (report.error) lines.push(`  error      ${report.error.code}: ${report.error.message}${report.error.line === undefined ? '' : ` (line ${report.error.line})`}`);
  if (report.duplicateOf) lines.push(`  duplicate  of ${report.duplicateOf.key}: nothing imported again`);
  lines.push(`  report     ${target.where}/${reportKey({ tenantId: report.tenantId, kind: report.kind, file: fileOf(report) })}`);
  if (report.rejectsKey) lines.push(`  rejects    ${target.where}/${rejectsKey({ tenantId: report.tenantId, kind: report.kind, file: fileOf(report) })}`);
  return `${lines.join('\n')}\n`;
}

/** The path below incoming/<tenant>/<kind>/. */
function fileOf(report: ImportReport): string {
  return report.source.key.split('/').slice(3).join('/');
}

function targetOf(endpoint: string | undefined, bucket: string | undefined): Target {
  if (bucket !== undefined && endpoint === undefined) {
    // AWS: the default credential chain and region, as the AWS CLI would use them.
    return { s3: new S3Client({}), bucket, where: `s3://${bucket}` };
  }
  const url = endpoint ?? localEndpoint();
  const name = bucket ?? LOCAL_BUCKET;
  // s3rver knows the local stack's key pair (local/local), not your AWS credentials; and it stores a
  // streamed body's aws-chunked framing as content, so no default checksum (which streams that way).
  const s3 = new S3Client({
    endpoint: url,
    forcePathStyle: true,
    region: process.env['AWS_REGION'] ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  return { s3, bucket: name, where: `${url}/${name}` };
}

async function readText(target: Target, key: string): Promise<string | undefined> {
  try {
    const { Body } = await target.s3.send(new GetObjectCommand({ Bucket: target.bucket, Key: key }));
    return await Body?.transformToString('utf8');
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
}
