import { dateInZone } from '../kernel/index.js';
import { digestContent, weekStartOf, type DigestContent } from './weekly-digest.js';
import { renderDigest } from './render-digest.js';
import type { DigestSettingsRepository } from './digest-settings.port.js';
import type { ReportSource } from '../reports/index.js';
import { groupBy } from '../reports/index.js';
import type { RiskTier } from '../reports/index.js';
import { assessCustomerRisk } from '../customers/index.js';
import type { DigestDeps } from './deps.js';

export type WeeklyDigestDeps = Pick<DigestDeps, 'invoices' | 'disputes' | 'customers' | 'mailer' | 'clock'> & { reports: ReportSource; digests: DigestSettingsRepository };

export type DigestOutcome = { tenantId: string; outcome: 'sent' | 'already-sent' | 'no-recipients' | 'failed'; messageId?: string; content?: DigestContent; error?: string };

/**
 * The weekly run, per tenant with digest recipients: re-assesses every customer's risk (stores the
 * tiers policies select by, raises credit-limit alerts that aging alone caused), then sends the
 * week's digest once (claimed per tenant and ISO week, so a retried run sends nothing twice).
 */
export async function runWeeklyDigests(deps: WeeklyDigestDeps, tenantIds?: readonly string[]): Promise<DigestOutcome[]> {
  const tenants = tenantIds ?? (await deps.digests.subscribedTenants());
  const outcomes: DigestOutcome[] = [];
  // One tenant's failure (e.g. a rejected address) does not keep the others from their digest.
  for (const tenantId of tenants) {
    outcomes.push(await sendDigest(deps, tenantId).catch((error: unknown) => ({ tenantId, outcome: 'failed' as const, error: error instanceof Error ? error.message : String(error) })));
  }
  return outcomes;
}

async function sendDigest(deps: WeeklyDigestDeps, tenantId: string): Promise<DigestOutcome> {
  const settings = await deps.digests.get(tenantId);
  if (!settings || settings.recipients.length === 0) return { tenantId, outcome: 'no-recipients' };
  const now = deps.clock.now();
  const asOf = dateInZone(now, 'UTC');
  const invoices = await deps.reports.invoices(tenantId);

  const tiers = new Map<string, RiskTier>();
  for (const [customerId, own] of groupBy(invoices, (invoice) => invoice.customerId)) {
    const { risk } = await assessCustomerRisk(deps, tenantId, customerId, { invoices: own });
    tiers.set(customerId, risk.tier);
  }

  const week = weekStartOf(asOf);
  if (!(await deps.digests.claimWeek(tenantId, week, now.toISOString()))) return { tenantId, outcome: 'already-sent' };
  const content = digestContent(tenantId, invoices, await deps.disputes.openDisputes(tenantId), asOf, { topAccounts: settings.topAccounts, tiers });
  try {
    const { messageId } = await deps.mailer.send(renderDigest(content, settings.recipients));
    return { tenantId, outcome: 'sent', messageId, content };
  } catch (error) {
    await deps.digests.releaseWeek(tenantId, week);
    throw error;
  }
}
