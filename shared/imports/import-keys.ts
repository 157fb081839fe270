import { createHash } from 'node:crypto';
import { tenantIdSchema } from '../kernel/index.js';
import { fileKinds, profileNameSchema, type FileKind } from './import-profile.js';

/**
 * The bucket's layout. Upstream writes only under `incoming/`; arflow writes the rest.
 *
 * | prefix                                          | what                                             |
 * | ----------------------------------------------- | ------------------------------------------------ |
 * | incoming/<tenant>/<kind>/<file>                 | a drop read with the default profile of its kind |
 * | incoming/<tenant>/<kind>/<profile>/<file>       | a drop read with the named profile               |
 * | reports/<tenant>/<kind>/<path>.json             | the summary of that drop                         |
 * | rejected/<tenant>/<kind>/<path>.errors.csv      | its rejected rows: line, reason, original row    |
 * | control/continue/<tenant>/<job>/<n>.json        | hands an unfinished import to a fresh invocation |
 * | control/rejects/<tenant>/<job>/<line>.csv       | rejected rows per checkpoint until the end       |
 */
export const importPrefixes = { incoming: 'incoming/', continuation: 'control/continue/' } as const;

export interface DroppedFile {
  tenantId: string;
  kind: FileKind;
  /** Named by the folder, or undefined for the kind's default. */
  profile: string | undefined;
  /** The path below `incoming/<tenant>/<kind>/` (profile folder included). */
  file: string;
}

export function parseIncomingKey(key: string): DroppedFile | { invalid: string } {
  const parts = key.split('/');
  if (parts[0] !== 'incoming' || parts.length < 4) return { invalid: `expected incoming/<tenant>/<${fileKinds.join('|')}>/<file>, got ${key}` };
  const [, tenant, kind, ...rest] = parts as [string, string, string, ...string[]];
  if (!tenantIdSchema.safeParse(tenant).success) return { invalid: `'${tenant}' is not a tenant id` };
  const fileKind = fileKinds.find((known) => known === kind);
  if (fileKind === undefined) return { invalid: `'${kind}' is not ${fileKinds.join(', ')}` };
  if (rest.some((part) => part === '') || rest.at(-1)?.endsWith('/')) return { invalid: `${key} is a folder, not a file` };
  let profile: string | undefined;
  if (rest.length >= 2) {
    if (!profileNameSchema.safeParse(rest[0]).success) return { invalid: `folder '${rest[0]}' is not a profile name` };
    profile = rest[0];
  }
  return { tenantId: tenant, kind: fileKind, profile, file: rest.join('/') };
}

export const reportKey = (file: Pick<DroppedFile, 'tenantId' | 'kind' | 'file'>) => `reports/${file.tenantId}/${file.kind}/${file.file}.json`;
export const rejectsKey = (file: Pick<DroppedFile, 'tenantId' | 'kind' | 'file'>) => `rejected/${file.tenantId}/${file.kind}/${file.file}.errors.csv`;
export const rejectsPartKey = (tenantId: string, jobId: string, line: number) => `control/rejects/${tenantId}/${jobId}/${String(line).padStart(10, '0')}.csv`;
export const continuationKey = (tenantId: string, jobId: string, invocation: number) => `${importPrefixes.continuation}${tenantId}/${jobId}/${String(invocation).padStart(5, '0')}.json`;

/** One job per object version: the same key and ETag is the same drop. */
export function importJobId(bucket: string, key: string, etag: string): string {
  return createHash('sha256').update(`${bucket}\u0000${key}\u0000${etag}`).digest('hex').slice(0, 32);
}

/** The same bytes read the same way, wherever they were dropped (S3's ETag is the content's MD5 for single-part uploads). */
export function importContentKey(kind: FileKind, profile: string, etag: string): string {
  return `${kind}#${profile}#${etag.replace(/"/g, '')}`;
}
