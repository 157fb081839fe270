import { Agent, request } from 'node:http';
import { dateOfDay, dayNumber } from '../shared/reports/index.js';
import type { HistoryRow } from '../shared/imports/index.js';
import type { LocalStack } from './stack.js';
import { mapWithConcurrency } from '../shared/kernel/index.js';

/** A policy to replay history under: the body of PUT /policies/default, or undefined for the built-in default. */
export interface SimulatedPolicy {
  label: string;
  policy?: unknown;
}

export interface InvoiceReplay {
  invoiceNumber: string;
  disputed: boolean;
  notices: { stage: string; status: string; at: string }[];
  timeline: { type: string; at: string; detail?: Record<string, unknown> }[];
}

export interface PolicyOutcome {
  label: string;
  tenantId: string;
  invoices: number;
  /** Notices sent, by stage (reminder stages, `final-notice`, and `escalation` for approval requests). */
  noticesByStage: Record<string, number>;
  noticesSent: number;
  /** Notices sent for invoices the data says were disputed (0 when every dispute opened on its issue date, as it should). */
  noticesToDisputed: number;
  /** Disputes opened (POST /disputes) for the rows the data marks Disputed=Yes. */
  disputesOpened: number;
  escalations: number;
  /** Escalations that waited on an approver; none is decided in a replay, so each ends by its policy's onTimeout. */
  approvalsNeeded: number;
  escalationsTimedOut: number;
  finalNotices: number;
  finalActions: Record<string, number>;
  workflowFailures: number;
  paymentsRejected: number;
  invoicesRejected: number;
  disputesRefused: number;
  timelines: InvoiceReplay[];
}

export interface SimulationProgress {
  day: string;
  daysDone: number;
  days: number;
  invoicesIngested: number;
  paymentsPosted: number;
  disputesOpened: number;
}

/** Days replayed after the last settlement, so workflows of anything still open run to their end. */
const TAIL_DAYS = 60;
const BATCH = 500;

/**
 * Replays a paid-invoice history through the real workflow on an embedded stack with a virtual clock:
 * each policy gets its own tenant (one `default` policy each), so every policy sees the same history in
 * the same run. On each day with an event, at 00:00 UTC: the day's invoices are posted (POST /invoices, issued that
 * day, 500 per request), then a dispute is opened for each of them the data marks disputed (POST /disputes:
 * the file says only that it was disputed, so on its issue date, as the reports date it), then the day's
 * payments (POST /payments, paid that day, which ends any dispute), then the clock moves to the next such
 * day and every workflow step due by then runs, those due at one instant concurrently. A payment on a
 * day therefore lands before that day's 09:00 reminder.
 *
 * The stack must be on a virtual clock at (or before) the first issue date.
 */
export async function replayHistory(
  stack: LocalStack,
  rows: readonly HistoryRow[],
  policies: readonly SimulatedPolicy[],
  onProgress: (progress: SimulationProgress) => void = () => {},
): Promise<PolicyOutcome[]> {
  if (stack.clock.mode !== 'virtual') throw new Error('The simulator needs the local stack on a virtual clock');
  const keys = stack.repositories.apiKeys;
  const tenants = await Promise.all(
    policies.map(async (policy, index) => {
      const tenantId = `sim-${index + 1}`;
      const apiKey = `arf_simulator_${index + 1}_${process.pid}_key`;
      await keys.put(apiKey, tenantId, `simulator: ${policy.label}`);
      if (policy.policy !== undefined) {
        const response = await call(stack, apiKey, 'PUT', '/policies/default', policy.policy);
        if (response.status !== 200 && response.status !== 201) throw new Error(`Policy ${policy.label} was refused: ${JSON.stringify(response.body)}`);
      }
      return { tenantId, apiKey, paymentsRejected: 0, invoicesRejected: 0, disputesRefused: 0 };
    }),
  );

  const invoicesByDay = groupByDay(rows, (row) => row.invoice.issueDate);
  const paymentsByDay = groupByDay(rows.filter((row) => row.payment), (row) => row.payment!.paidAt);
  const disputesByDay = groupByDay(rows.filter((row) => row.disputed), (row) => row.invoice.issueDate);
  const first = rows.reduce((min, row) => (row.invoice.issueDate < min ? row.invoice.issueDate : min), '9999-12-31');
  const lastEvent = rows.reduce((max, row) => [row.invoice.dueDate, row.payment?.paidAt ?? ''].reduce((m, d) => (d > m ? d : m), max), first);
  const start = dayNumber(first);
  const end = dayNumber(lastEvent) + TAIL_DAYS;
  if (stack.clock.now().getTime() > start * 86_400_000) throw new Error(`The stack's clock is past the first issue date ${first}`);
  await stack.clock.advanceTo(new Date(start * 86_400_000));

  let invoicesIngested = 0;
  let paymentsPosted = 0;
  let disputesOpened = 0;
  // Only days with something to post are visited; the clock's advance runs every step due in between.
  const eventDays = [...new Set([...invoicesByDay.keys(), ...paymentsByDay.keys()].map(dayNumber))].sort((a, b) => a - b);
  for (const [index, day] of eventDays.entries()) {
    const date = dateOfDay(day);
    // The policies' tenants are independent: each day's posts go to all of them at once.
    for (const batch of chunks(invoicesByDay.get(date) ?? [], BATCH)) {
      await Promise.all(tenants.map(async (tenant) => {
        const response = await call(stack, tenant.apiKey, 'POST', '/invoices', { invoices: batch.map((row) => row.invoice) });
        tenant.invoicesRejected += rejected(response, batch.length);
      }));
      invoicesIngested += batch.length;
    }
    // Workflows start from the table's stream, seconds after the post on AWS: before the day's disputes
    // and payments here too, so a replay does not depend on how far the starter has got.
    await stack.workflowsStarted();
    const disputes = disputesByDay.get(date) ?? [];
    await Promise.all(tenants.map((tenant) =>
      mapWithConcurrency(disputes, 8, async (row) => {
        const body = { invoiceNumber: row.invoice.invoiceNumber, reason: `Disputed in the history file (line ${row.line})`, by: 'policy simulator' };
        const response = await call(stack, tenant.apiKey, 'POST', '/disputes', body);
        if (response.status !== 201) tenant.disputesRefused++;
      }),
    ));
    disputesOpened += disputes.length;
    for (const batch of chunks(paymentsByDay.get(date) ?? [], BATCH)) {
      await Promise.all(tenants.map(async (tenant) => {
        const response = await call(stack, tenant.apiKey, 'POST', '/payments', { payments: batch.map((row) => row.payment) });
        tenant.paymentsRejected += rejected(response, batch.length);
      }));
      paymentsPosted += batch.length;
    }
    await stack.clock.advanceTo(new Date((eventDays[index + 1] ?? end) * 86_400_000));
    onProgress({ day: date, daysDone: day - start + 1, days: end - start + 1, invoicesIngested, paymentsPosted, disputesOpened });
  }
  onProgress({ day: dateOfDay(end), daysDone: end - start + 1, days: end - start + 1, invoicesIngested, paymentsPosted, disputesOpened });
  // SES publishes its events asynchronously, outside the virtual clock: the last notices' delivery
  // events may still be on their way (a retry waits real milliseconds), and the timelines must hold them.
  await stack.sesEventsHandled();

  const { invoices, noticeLedger } = stack.repositories;
  return Promise.all(
    tenants.map(async (tenant, index) => {
      const timelines = await mapWithConcurrency(rows, 16, async (row): Promise<InvoiceReplay> => {
        const [notices, timeline] = await Promise.all([noticeLedger.notices(tenant.tenantId, row.invoice.invoiceNumber), invoices.timeline(tenant.tenantId, row.invoice.invoiceNumber)]);
        return {
          invoiceNumber: row.invoice.invoiceNumber,
          disputed: row.disputed,
          notices: notices.map(({ stage, status, at }) => ({ stage, status, at })),
          timeline: timeline.map(({ type, at, detail }) => ({ type, at, ...(detail ? { detail } : {}) })),
        };
      });
      return summarize(policies[index]!.label, tenant, timelines);
    }),
  );
}

/** Counts what a policy did from the invoices' notice ledgers and timelines. */
export function summarize(label: string, tenant: { tenantId: string; paymentsRejected: number; invoicesRejected: number; disputesRefused: number }, timelines: InvoiceReplay[]): PolicyOutcome {
  const noticesByStage: Record<string, number> = {};
  const finalActions: Record<string, number> = {};
  let noticesSent = 0;
  let noticesToDisputed = 0;
  const count = (type: string) => timelines.reduce((sum, invoice) => sum + invoice.timeline.filter((event) => event.type === type).length, 0);
  for (const invoice of timelines) {
    for (const notice of invoice.notices) {
      if (notice.status !== 'sent') continue;
      noticesByStage[notice.stage] = (noticesByStage[notice.stage] ?? 0) + 1;
      noticesSent++;
      if (invoice.disputed) noticesToDisputed++;
    }
    for (const event of invoice.timeline) {
      const action = { 'invoice.written-off': 'write-off', 'invoice.sent-to-agency': 'agency', 'customer.credit-hold': 'credit-hold' }[event.type];
      if (action) finalActions[action] = (finalActions[action] ?? 0) + 1;
    }
  }
  const escalations = count('escalation.requested');
  return {
    label,
    tenantId: tenant.tenantId,
    invoices: timelines.length,
    noticesByStage,
    noticesSent,
    noticesToDisputed,
    disputesOpened: count('invoice.disputed'),
    escalations,
    approvalsNeeded: escalations,
    escalationsTimedOut: count('escalation.timed-out'),
    finalNotices: count('final-notice.sent'),
    finalActions,
    workflowFailures: count('workflow.failed'),
    paymentsRejected: tenant.paymentsRejected,
    invoicesRejected: tenant.invoicesRejected,
    disputesRefused: tenant.disputesRefused,
    timelines,
  };
}

/** The outcomes side by side, one column per policy. */
export function summaryTable(outcomes: readonly PolicyOutcome[]): string {
  const stages = [...new Set(outcomes.flatMap((outcome) => Object.keys(outcome.noticesByStage)))].sort();
  const actions = [...new Set(outcomes.flatMap((outcome) => Object.keys(outcome.finalActions)))].sort();
  const rows: [string, ...string[]][] = [
    ['', ...outcomes.map((outcome) => outcome.label)],
    ['invoices', ...outcomes.map((outcome) => String(outcome.invoices))],
    ['notices sent', ...outcomes.map((outcome) => String(outcome.noticesSent))],
    ...stages.map((stage): [string, ...string[]] => [`  ${stage}`, ...outcomes.map((outcome) => String(outcome.noticesByStage[stage] ?? 0))]),
    ['disputes opened', ...outcomes.map((outcome) => String(outcome.disputesOpened))],
    ['notices to disputed invoices', ...outcomes.map((outcome) => String(outcome.noticesToDisputed))],
    ['escalations (approvals needed)', ...outcomes.map((outcome) => String(outcome.escalations))],
    ['  timed out undecided', ...outcomes.map((outcome) => String(outcome.escalationsTimedOut))],
    ['final notices', ...outcomes.map((outcome) => String(outcome.finalNotices))],
    ['final actions', ...outcomes.map((outcome) => String(Object.values(outcome.finalActions).reduce((a, b) => a + b, 0)))],
    ...actions.map((action): [string, ...string[]] => [`  ${action}`, ...outcomes.map((outcome) => String(outcome.finalActions[action] ?? 0))]),
    ['workflow failures', ...outcomes.map((outcome) => String(outcome.workflowFailures))],
    ['rows refused (invoices/payments/disputes)', ...outcomes.map((outcome) => `${outcome.invoicesRejected}/${outcome.paymentsRejected}/${outcome.disputesRefused}`)],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!))).join('  ')).join('\n') + '\n';
}

/** Kept-alive connections: a replay makes thousands of small posts, and fetch's per-request overhead showed in profiles. */
const agent = new Agent({ keepAlive: true, maxSockets: 8 });

function call(stack: LocalStack, apiKey: string, method: string, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(`${stack.apiUrl}${path}`, { method, agent, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : {} });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}


/** Items of a batch answer that were not created or unchanged/duplicate (the batch summary's count). */
function rejected(response: { status: number; body: unknown }, size: number): number {
  if (response.status !== 200) return size;
  const results = (response.body as { results?: { status?: number }[] }).results ?? [];
  return results.filter((result) => typeof result.status === 'number' && result.status >= 400).length;
}

function groupByDay(rows: readonly HistoryRow[], day: (row: HistoryRow) => string): Map<string, HistoryRow[]> {
  const map = new Map<string, HistoryRow[]>();
  for (const row of rows) {
    const key = day(row);
    const rowsOfDay = map.get(key);
    // Appending in place: copying the day's list per row made grouping quadratic in the rows per day (10× the data, 100× the copying).
    if (rowsOfDay) rowsOfDay.push(row);
    else map.set(key, [row]);
  }
  return map;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}

