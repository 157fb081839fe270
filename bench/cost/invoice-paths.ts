import { addDays, dateInZone } from '../../shared/kernel/index.js';

/** A client for what the cost paths do through the local stack's API, as an upstream system and finance would. */
export class PathClient {
  /** Requests that would reach API Gateway on AWS (the `/_local/*` ones never would). */
  apiRequests = 0;

  constructor(
    private readonly apiUrl: string,
    private readonly apiKey: string,
  ) {}

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    this.apiRequests += 1;
    const response = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  }

  /** POSTs a signed decision link's form, as the approval page's button does. */
  async postLink(url: string): Promise<number> {
    this.apiRequests += 1;
    const link = new URL(url);
    const form = new URLSearchParams({ expires: link.searchParams.get('expires') ?? '', sig: link.searchParams.get('sig') ?? '' });
    const response = await fetch(`${link.origin}${link.pathname}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    await response.text();
    return response.status;
  }

  async local<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.apiUrl}/_local/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status !== 200) throw new Error(`/_local/${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async today(): Promise<string> {
    return dateInZone(new Date((await this.local<{ now: string }>('GET', 'clock')).now), 'UTC');
  }

  advanceTo(date: string, time = '12:00:00'): Promise<unknown> {
    return this.local('POST', 'clock', { to: `${date}T${time}.000Z` });
  }
}

export interface Email {
  to: string[];
  text: string;
  headers: Record<string, string>;
}

/** The policy of the full-escalation path: the default reminders, escalation at 21 days, grace 10, write-off. */
export const escalatingPolicy = {
  stages: [
    { id: 'due-in-3-days', offsetDays: -3 },
    { id: 'overdue-1-day', offsetDays: 1 },
    { id: 'overdue-7-days', offsetDays: 7, template: 'firm' },
    { id: 'overdue-14-days', offsetDays: 14, template: 'urgent' },
  ],
  escalation: { afterDaysOverdue: 21, approvers: { accountOwner: false, emails: ['finance@seller.example'] }, approvalTimeoutDays: 3, onTimeout: 'write-off' },
  grace: { days: 10, finalAction: 'write-off' },
};

export interface InvoicePath {
  name: string;
  /** What the path is, for the docs. */
  description: string;
  /** Runs `count` invoices through the path from `today` (invoice issued today, due in 30 days). */
  run(client: PathClient, invoices: InvoiceSpec[], today: string): Promise<void>;
  /** Checks the invoices ended where the path says (after the counts are taken). */
  expectedStatus: string;
}

export interface InvoiceSpec {
  invoiceNumber: string;
  dueDate: string;
  body: Record<string, unknown>;
}

export function invoiceSpecs(prefix: string, count: number, today: string, extra: Record<string, unknown> = {}): InvoiceSpec[] {
  const dueDate = addDays(today, 30);
  return Array.from({ length: count }, (_, index) => {
    const invoiceNumber = `${prefix}-${index + 1}`;
    return {
      invoiceNumber,
      dueDate,
      body: {
        invoiceNumber,
        customer: { id: `${prefix}-C${index + 1}`, name: 'Bench Customer Ltd', email: `ap+${prefix.toLowerCase()}${index + 1}@customer.example`, timezone: 'UTC', locale: 'en-GB' },
        issueDate: today,
        dueDate,
        currency: 'EUR',
        amount: 125000,
        paymentLinkUrl: 'https://pay.example/i/bench',
        ...extra,
      },
    };
  });
}

async function post(client: PathClient, invoices: InvoiceSpec[]): Promise<void> {
  for (const invoice of invoices) {
    const answer = await client.call('POST', '/invoices', invoice.body);
    if (answer.status !== 201) throw new Error(`POST /invoices ${invoice.invoiceNumber}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

async function pay(client: PathClient, invoices: InvoiceSpec[], paidAt: string): Promise<void> {
  for (const invoice of invoices) {
    const answer = await client.call('POST', '/payments', { invoiceNumber: invoice.invoiceNumber, amount: 125000, currency: 'EUR', paidAt, reference: `bank ref ${invoice.invoiceNumber}` });
    if (answer.status !== 201) throw new Error(`POST /payments ${invoice.invoiceNumber}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

/** Finance approves each invoice's escalation through the approve link of its approval email. */
async function approveEscalations(client: PathClient, invoices: InvoiceSpec[]): Promise<void> {
  const emails = await client.local<Email[]>('GET', 'emails');
  for (const invoice of invoices) {
    const approval = emails.find((email) => email.headers['X-Arflow-Invoice'] === invoice.invoiceNumber && email.headers['X-Arflow-Stage'] === 'escalation');
    const approve = approval?.text.match(/^- Approve[^:]*: (http\S+)$/m)?.[1];
    if (!approve) throw new Error(`no approval email with an approve link for ${invoice.invoiceNumber}`);
    const status = await client.postLink(approve);
    if (status !== 200) throw new Error(`approving ${invoice.invoiceNumber}: ${status}`);
  }
}

/**
 * What a path does after posting its invoices: pay them on day `payOnDay` (days from today), or approve
 * their escalations `approveDaysAfterDue` days after the due date, then let the clock run to `endDay`.
 */
interface PathScript {
  payOnDay?: number;
  approveDaysAfterDue?: number;
  endDay: number;
}

function scripted({ payOnDay, approveDaysAfterDue, endDay }: PathScript): InvoicePath['run'] {
  return async (client, invoices, today) => {
    await post(client, invoices);
    if (payOnDay !== undefined) {
      await client.advanceTo(addDays(today, payOnDay));
      await pay(client, invoices, addDays(today, payOnDay));
    }
    if (approveDaysAfterDue !== undefined) {
      await client.advanceTo(addDays(invoices[0]!.dueDate, approveDaysAfterDue));
      await approveEscalations(client, invoices);
    }
    await client.advanceTo(addDays(today, endDay));
  };
}

/**
 * The paths issue 7 prices. Each posts invoices one by one (POST /invoices), as an upstream system
 * without batching would; batches of up to 500 would cut the API and authorizer requests.
 */
export const invoicePaths: InvoicePath[] = [
  {
    name: 'paid before due',
    description: 'issued with 30-day terms, paid on day 10: no reminder is sent; the payment stops the workflow',
    expectedStatus: 'paid',
    run: scripted({ payOnDay: 10, endDay: 70 }),
  },
  {
    name: 'paid after 1 reminder',
    description: 'the default policy sends "due in 3 days" on day 27; paid on day 29, before the due date',
    expectedStatus: 'paid',
    run: scripted({ payOnDay: 29, endDay: 70 }),
  },
  {
    name: 'never paid, default policy',
    description: 'all four reminders of the default policy (-3, +1, +7, +14 days), then the workflow completes',
    expectedStatus: 'open',
    run: scripted({ endDay: 70 }),
  },
  {
    name: 'full escalation and write-off',
    description: 'four reminders, escalation at 21 days overdue (one approval email), finance approves through the signed link, final notice, write-off after the 10-day grace period',
    expectedStatus: 'written_off',
    run: scripted({ approveDaysAfterDue: 22, endDay: 100 }),
  },
];
