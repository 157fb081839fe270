import { ConflictError, ValidationError, type ArflowError } from '../kernel/index.js';
import { newInvoice, type Invoice, type InvoiceInput } from '../invoicing/index.js';
import type { CustomerProfile } from '../customers/index.js';
import type { PolicyRepository } from '../policies/index.js';
import { invoiceCreatedEvent, type TimelineEvent } from '../kernel/index.js';
import type { ImportsDeps } from './deps.js';
import { resolvePolicyName } from '../policy-assignment/index.js';
import { resolvePolicyForNewRevision } from '../policy-assignment/index.js';
import { watchCreditLimits } from '../customers/index.js';
import { mapWithConcurrency } from '../kernel/index.js';
import { takenPaymentReferences } from './payment-reference-check.js';
import type { SourceVersion } from './revise-invoice.js';

/** Unchanged invoices re-listed under their policy at once (one small update each). */
const RELIST_CONCURRENCY = 8;

export type IngestDeps = Pick<ImportsDeps, 'invoices' | 'invoiceBatch' | 'clock' | 'policies' | 'customers' | 'paymentReferences'>;

/** `warnings`: accepted, but a person should know (e.g. `customer_on_credit_hold`). */
export type IngestOutcome = { outcome: 'created' | 'unchanged'; invoice: Invoice; warnings: string[] };
/** Per invoice of a batch: stored (or already stored), or refused with the domain's reason (unknown policy, reused number). */
export type BatchIngestOutcome = IngestOutcome | { outcome: 'refused'; error: ArflowError };

/**
 * Stores many invoices (a POST /invoices batch, a group of a file's rows) in a few round trips, with the
 * guarantees of storing each alone: an invoice is created only if its number is unused; the same
 * invoice again is `unchanged` and returns the stored one; the number with other content is refused
 * (`invoice_number_reused`). Answers once everything is durable.
 *
 * 1. Named policies are checked (one read per distinct name).
 * 2. One BatchGetItem per 100 numbers finds those already stored.
 * 3. New invoices are stored with their events, each only if its number is unused, listed under their
 *    customer and the policy that collects them by the same write (indexes of the invoice item, see
 *    the batch store). An unchanged open invoice is listed again under the policy that now collects it.
 *
 * Workflows are not started here: a stored open invoice's insert reaches the workflow starter through
 * the table's stream (functions/start-workflows), which paces StartExecution and retries until it
 * succeeds, so a stored invoice always gets its workflow and the caller does not wait for it.
 */
export async function ingestInvoices(deps: IngestDeps, tenantId: string, inputs: readonly InvoiceInput[], options: { versions?: readonly (SourceVersion | undefined)[] } = {}): Promise<BatchIngestOutcome[]> {
  const store = deps.invoiceBatch;
  const results = new Array<BatchIngestOutcome>(inputs.length);
  // A number that appears twice in one batch: the later ones settle against what the first left stored.
  const first = new Map<string, number>();
  const later: number[] = [];
  inputs.forEach((input, index) => (first.has(input.invoiceNumber) ? later.push(index) : first.set(input.invoiceNumber, index)));

  const unknownPolicies = await missingPolicies(deps.policies, tenantId, [...first.values()].map((index) => inputs[index]!.policy));
  const now = deps.clock.now();
  const candidates: { index: number; invoice: Invoice }[] = [];
  for (const index of first.values()) {
    const input = inputs[index]!;
    if (input.policy && unknownPolicies.has(input.policy)) {
      results[index] = { outcome: 'refused', error: new ValidationError(`Policy ${input.policy} does not exist`, [{ path: 'policy', message: 'names no stored policy; create it with PUT /policies/{name} first' }]) };
    } else candidates.push({ index, invoice: { ...newInvoice(tenantId, input, now), ...options.versions?.[index] } });
  }

  // Profiles of every candidate's customer, read alongside (the open ones need them).
  const [stored, profiles] = await Promise.all([
    store.getMany(tenantId, candidates.map(({ invoice }) => invoice.invoiceNumber)),
    store.customerProfiles(tenantId, [...new Set(candidates.map(({ invoice }) => invoice.customer.id))]),
  ]);
  const unstored = candidates.filter(({ invoice }) => !stored.has(invoice.invoiceNumber));
  // A new invoice may not take a payment reference another one has (payment-reference-check.ts).
  const referenceTaken = await takenPaymentReferences(deps, tenantId, unstored.map(({ index, invoice }) => ({ input: inputs[index]!, invoice })));
  unstored.filter(({ invoice }) => referenceTaken.has(invoice.invoiceNumber)).forEach(({ index, invoice }) => (results[index] = { outcome: 'refused', error: referenceTaken.get(invoice.invoiceNumber)! }));
  const fresh = unstored.filter(({ invoice }) => !referenceTaken.has(invoice.invoiceNumber));
  const same = candidates.filter(({ invoice }) => stored.get(invoice.invoiceNumber)?.contentHash === invoice.contentHash);
  for (const { index, invoice } of candidates) {
    if (stored.has(invoice.invoiceNumber) && stored.get(invoice.invoiceNumber)!.contentHash !== invoice.contentHash) results[index] = { outcome: 'refused', error: reusedNumber(invoice) };
  }

  // Open invoices, new or unchanged (the latter re-indexed: idempotent, and it heals an older partial write).
  const open = [...fresh.map(({ invoice }) => invoice), ...same.map(({ invoice }) => stored.get(invoice.invoiceNumber)!)].filter((invoice) => invoice.status === 'open');
  const policyDeps = { ...deps, policies: onceListed(deps.policies) };
  const policyOf = new Map<string, string>();
  // A new invoice is collected under its customer's risk tier as of now: assessed once per customer of
  // the batch, and only when a policy selects by tier (resolve-policy-for-revision.ts).
  const isNew = new Set(fresh.map(({ invoice }) => invoice.invoiceNumber));
  const assessed = new Set<string>();
  for (const invoice of open) {
    const customerId = invoice.customer.id;
    let policyName: string;
    if (isNew.has(invoice.invoiceNumber) && !assessed.has(customerId)) {
      assessed.add(customerId);
      const resolved = await resolvePolicyForNewRevision(policyDeps, tenantId, invoice, profiles.get(customerId) ?? null);
      if (resolved.profile) profiles.set(customerId, resolved.profile);
      policyName = resolved.name;
    } else {
      policyName = await resolvePolicyName(policyDeps, tenantId, invoice, profiles.get(customerId) ?? null);
    }
    policyOf.set(invoice.invoiceNumber, policyName);
  }
  // The index keys of a stored invoice are on its item: an unchanged one is moved to the policy that collects it now.
  const relisted = same.map(({ invoice }) => invoice.invoiceNumber).filter((number) => policyOf.has(number));
  await mapWithConcurrency(relisted, RELIST_CONCURRENCY, (number) => deps.policies.addInvoice(tenantId, policyOf.get(number)!, number));

  const created = await store.createAll(
    fresh.map(({ invoice }) => ({ invoice, events: eventsAtCreation(invoice, profiles.get(invoice.customer.id)), policyName: policyOf.get(invoice.invoiceNumber) })),
  );
  fresh.forEach(({ index, invoice }, position) => {
    const outcome = created[position]!;
    if (outcome.created) results[index] = { outcome: 'created', invoice, warnings: warningsFor(invoice, profiles) };
    else if (outcome.stored.contentHash === invoice.contentHash) results[index] = { outcome: 'unchanged', invoice: outcome.stored, warnings: warningsFor(outcome.stored, profiles) };
    else results[index] = { outcome: 'refused', error: reusedNumber(invoice) };
  });
  for (const { index, invoice } of same) {
    const existing = stored.get(invoice.invoiceNumber)!;
    results[index] = { outcome: 'unchanged', invoice: existing, warnings: warningsFor(existing, profiles) };
  }

  // New invoices raise what customers owe: those with a credit limit are re-assessed now, on a repeat
  // too, so a retry after a failure here still checks (an alert is raised once per crossing).
  const watched = open.map((invoice) => invoice.customer.id).filter((customerId) => profiles.get(customerId)?.creditLimit);
  // The customers' invoice lists are an eventually consistent index: the invoices just stored are named to the assessment.
  if (watched.length > 0) await watchCreditLimits(deps, tenantId, watched, profiles, invoicesByCustomer(open));

  if (later.length > 0) {
    const rest = await ingestInvoices(deps, tenantId, later.map((index) => inputs[index]!), { versions: later.map((index) => options.versions?.[index]) });
    later.forEach((index, position) => (results[index] = rest[position]!));
  }
  return results;
}

function invoicesByCustomer(invoices: readonly Invoice[]): Map<string, string[]> {
  const numbers = new Map<string, string[]>();
  for (const invoice of invoices) numbers.set(invoice.customer.id, [...(numbers.get(invoice.customer.id) ?? []), invoice.invoiceNumber]);
  return numbers;
}

function reusedNumber(invoice: Invoice): ConflictError {
  return new ConflictError('invoice_number_reused', `Invoice ${invoice.invoiceNumber} already exists with different content; post a new invoice number or the identical invoice`);
}

/** The timeline a new invoice starts with: `invoice.created`, and a note when its customer is on credit hold. */
function eventsAtCreation(invoice: Invoice, profile: CustomerProfile | undefined): TimelineEvent[] {
  const events: TimelineEvent[] = [invoiceCreatedEvent(invoice)];
  if (invoice.status === 'open' && profile?.creditHold) {
    events.push({
      type: 'customer.credit-hold',
      at: invoice.createdAt,
      key: 'customer.credit-hold:at-creation',
      detail: { customerId: invoice.customer.id, reason: `created while the customer is on credit hold since ${profile.creditHold.since}: ${profile.creditHold.reason}` },
    });
  }
  return events;
}

function warningsFor(invoice: Invoice, profiles: Map<string, CustomerProfile>): string[] {
  return invoice.status === 'open' && profiles.get(invoice.customer.id)?.creditHold ? ['customer_on_credit_hold'] : [];
}

/** The distinct policy names (other than the built-in `default`) that name no stored policy. */
async function missingPolicies(policies: PolicyRepository, tenantId: string, names: readonly (string | undefined)[]): Promise<Set<string>> {
  const distinct = [...new Set(names.filter((name): name is string => Boolean(name) && name !== 'default'))];
  const found = await Promise.all(distinct.map(async (name) => ((await policies.get(tenantId, name)) ? undefined : name)));
  return new Set(found.filter((name): name is string => name !== undefined));
}

/** The policy repository with `list` read once per batch (segment policies are resolved for each invoice). */
function onceListed(policies: PolicyRepository): PolicyRepository {
  const lists = new Map<string, ReturnType<PolicyRepository['list']>>();
  return {
    get: (tenantId, name) => policies.get(tenantId, name),
    list: (tenantId) => {
      if (!lists.has(tenantId)) lists.set(tenantId, policies.list(tenantId));
      return lists.get(tenantId)!;
    },
    put: (tenantId, policy) => policies.put(tenantId, policy),
    addInvoice: (tenantId, name, number) => policies.addInvoice(tenantId, name, number),
    invoicesUnder: (tenantId, name) => policies.invoicesUnder(tenantId, name),
  };
}
