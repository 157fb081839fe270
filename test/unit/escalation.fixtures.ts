import assert from 'node:assert/strict';
import type { Invoice } from '../../shared/invoicing/index.js';
import { type CollectionPolicyInput, type EscalationDecision } from '../../shared/policies/index.js';
import { decideEscalation } from '../../shared/escalation/index.js';
import { requestApproval } from '../../shared/escalation/index.js';
import { collectionSetup } from './fakes/collection-deps.js';
import type { FakeMailer } from './fakes/fake-mailer.js';
import type { InMemoryEscalationRepository } from '../../shared/escalation/index.js';
import { invoiceInput, openInvoice, storedPolicy } from './fixtures.js';


export const TENANT = 'acme';
export const NUMBER = 'INV-1001';
export const TOKEN = 'task-token-1';
export const OWNER = 'owner@acme.example';
export const FINANCE = 'finance@acme.example';
export const CFO = 'cfo@acme.example';
export const SEVEN_DAYS = 7 * 86_400;
/** The escalation is requested on 2026-12-11 at 09:00 Berlin time (due 2026-12-01 + 10 days). */
export const REQUESTED_AT = '2026-12-11T08:00:00.000Z';
/** The approval task times out after 7 days; links expire an hour before that. */
export const TASK_EXPIRES_AT = '2026-12-18T08:00:00.000Z';
export const LINKS_EXPIRE_AT = Date.parse('2026-12-18T07:00:00.000Z');

export const escalatingPolicy: CollectionPolicyInput = {
  stages: [{ id: 'overdue-1-day', offsetDays: 1 }],
  escalation: { afterDaysOverdue: 10, approvers: { accountOwner: true, emails: ['Finance@Acme.Example', CFO] }, approvalTimeoutDays: 7, onTimeout: 'stop' },
  grace: { days: 10, finalAction: 'write-off' },
};

export function withEscalation(escalation: Partial<NonNullable<CollectionPolicyInput['escalation']>>): CollectionPolicyInput {
  return { ...escalatingPolicy, escalation: { ...escalatingPolicy.escalation!, ...escalation } };
}

/** The contract example under policy `strict`, with an account owner. */
export function invoice(overrides: Partial<Invoice> = {}): Invoice {
  return openInvoice({ policy: 'strict', customer: { ...invoiceInput().customer, accountOwner: OWNER }, ...overrides });
}

export function setup(policy: CollectionPolicyInput = escalatingPolicy, now = REQUESTED_AT) {
  const context = collectionSetup(now);
  context.policies.seed(TENANT, storedPolicy('strict', policy));
  return context;
}

export interface MailedLink {
  url: string;
  linkId: string;
  expires: number;
  sig: string;
  approver: string;
  decision: EscalationDecision;
}

/** Every decision link in the approval emails, with the stored link's approver and decision. */
export async function mailedLinks(mailer: FakeMailer, escalations: InMemoryEscalationRepository): Promise<MailedLink[]> {
  const links: MailedLink[] = [];
  for (const email of mailer.sent) {
    for (const url of email.text.match(/https:\/\/\S+\/links\/\S+/g) ?? []) {
      const parsed = new URL(url);
      const linkId = parsed.pathname.replace(/^\/links\//, '');
      const stored = await escalations.getLink(linkId);
      assert.ok(stored, `no stored link ${linkId}`);
      assert.deepEqual(email.to, [stored.approver], 'each approver gets only their own links');
      links.push({ url, linkId, expires: Number(parsed.searchParams.get('expires')), sig: parsed.searchParams.get('sig') ?? '', approver: stored.approver, decision: stored.decision });
    }
  }
  return links;
}

/** Puts the invoice in, requests approval as the workflow's escalation task does, and returns the mailed links. */
export async function escalate(context: ReturnType<typeof setup>, stored: Invoice = invoice()) {
  context.invoices.put(stored);
  await requestApproval(context.deps, TENANT, NUMBER, TOKEN, SEVEN_DAYS);
  const links = await mailedLinks(context.mailer, context.escalations);
  const find = (approver: string, decision: EscalationDecision) => {
    const link = links.find((candidate) => candidate.approver === approver && candidate.decision === decision);
    assert.ok(link, `no ${decision} link for ${approver}`);
    return link;
  };
  const escalationId = (await context.invoices.get(TENANT, NUMBER))?.escalation?.id ?? '';
  return { links, find, escalationId };
}

export const use = (context: ReturnType<typeof setup>, link: Pick<MailedLink, 'linkId' | 'expires' | 'sig'>) => decideEscalation(context.deps, link.linkId, link.expires, link.sig);

/** Everything a link could change, to show that something did not. */
export async function snapshot(context: ReturnType<typeof setup>, escalationId: string) {
  return {
    invoice: await context.invoices.get(TENANT, NUMBER),
    notices: await context.noticeLedger.notices(TENANT, NUMBER),
    timeline: await context.invoices.timeline(TENANT, NUMBER),
    links: context.escalations.storedLinks(escalationId),
    resumed: structuredClone(context.taskTokens.succeeded),
    sent: context.mailer.sent.length,
  };
}
