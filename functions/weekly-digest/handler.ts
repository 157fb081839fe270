import type { ScheduledEvent } from 'aws-lambda';
import { createDocumentClient } from '../../shared/kernel/index.js';
import { readEnvironment } from '../../shared/kernel/index.js';
import { DynamoDigestSettingsRepository } from '../../shared/digest/index.js';
import { DynamoReportSource } from '../../shared/reports/index.js';
import { logger } from '../../shared/kernel/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { runWeeklyDigests, type WeeklyDigestDeps } from '../../shared/digest/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { withObservability } from '../_shared/middleware.js';

/**
 * The weekly finance digest, run by the deployment's EventBridge schedule (locally by
 * `POST /_local/digest`): every tenant with digest recipients gets its risk re-assessed and the week's
 * digest. A tenant that failed makes the invocation fail, so the schedule's retry sends it; tenants
 * already sent this week are skipped then.
 */
export const createHandler = (deps: WeeklyDigestDeps) =>
  withObservability<ScheduledEvent | Record<string, unknown>, { tenants: { tenantId: string; outcome: string }[] }>().handler(async () => {
    const outcomes = await runWeeklyDigests(deps);
    const failed = outcomes.filter((outcome) => outcome.outcome === 'failed');
    if (failed.length > 0) {
      logger.error('Some weekly digests failed; the retry sends them', { failed });
      throw new Error(`Weekly digest failed for ${failed.map((outcome) => outcome.tenantId).join(', ')}`);
    }
    return { tenants: outcomes.map(({ tenantId, outcome }) => ({ tenantId, outcome })) };
  });

export function digestDeps(collection: CollectionDeps = collectionDeps(), env = readEnvironment()): WeeklyDigestDeps {
  const db = createDocumentClient();
  return { ...collection, reports: new DynamoReportSource(db, env.TABLE_NAME), digests: new DynamoDigestSettingsRepository(db, env.TABLE_NAME) };
}

export const handler = createHandler(digestDeps());
