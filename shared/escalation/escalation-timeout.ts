import { applyEscalationDecision } from './escalation.js';
import { NotFoundError } from '../kernel/index.js';
import type { EscalationDeps } from './deps.js';
import { resolvePolicy } from '../policy-assignment/index.js';

/** Nobody decided before the approval task timed out: the policy's timeout action applies. */
export async function applyEscalationTimeout(deps: Pick<EscalationDeps, 'invoices' | 'escalations' | 'policies' | 'customers' | 'clock'>, tenantId: string, invoiceNumber: string): Promise<{ outcome: string }> {
  const invoice = await deps.invoices.get(tenantId, invoiceNumber);
  if (!invoice) throw new NotFoundError(`Invoice ${invoiceNumber} does not exist`);
  if (invoice.escalation?.status !== 'pending') return { outcome: 'already-decided' };
  if (invoice.status !== 'open') return { outcome: `nothing to do: invoice is ${invoice.status}` };
  const policy = await resolvePolicy(deps, tenantId, invoice);
  const outcome = policy.escalation?.onTimeout ?? 'stop';
  const { after, events } = applyEscalationDecision(invoice, outcome, 'timeout', policy, deps.clock.now(), { timedOut: true });
  const recorded = await deps.escalations.decideEscalation(invoice, after, undefined, events);
  return { outcome: recorded === 'decided' ? outcome : 'already-decided' };
}
