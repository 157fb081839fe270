import { after, before } from 'node:test';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../../local/stack.js';

export interface SentEmail {
  messageId: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  time: string;
  headers: Record<string, string>;
  /** Inline parts as the SES emulator received them (content in base64). */
  attachments: { filename?: string; contentType: string; contentId?: string; contentDisposition?: string; content: string; size: number }[];
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** A client for the local stack's HTTP API, as an upstream system would call it. */
export class ArflowApi {
  constructor(
    readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  withKey(apiKey: string): ArflowApi {
    return new ArflowApi(this.baseUrl, apiKey);
  }

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    // Reports read rows kept current from the table's stream: wait for the projector instead of sleeping.
    if (method === 'GET' && /^\/(reports|escalations)\b/.test(path)) await this.reportsCurrent();
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  /** Answers once the report rows are current (the projector has read the table's stream up to now). */
  async reportsCurrent(): Promise<void> {
    const response = await fetch(`${this.baseUrl}/_local/reports/current`, { method: 'POST' });
    if (response.status !== 200) throw new Error(`waiting for report rows failed: ${response.status} ${await response.text()}`);
  }

  postInvoice(invoice: unknown) {
    return this.request('POST', '/invoices', invoice);
  }

  getInvoice(invoiceNumber: string) {
    return this.request<InvoiceView>('GET', `/invoices/${encodeURIComponent(invoiceNumber)}`);
  }

  postPayment(payment: unknown) {
    return this.request('POST', '/payments', payment);
  }

  async advanceDays(days: number): Promise<string> {
    const response = await fetch(`${this.baseUrl}/_local/clock`, { method: 'POST', body: JSON.stringify({ advanceDays: days }) });
    if (response.status !== 200) throw new Error(`clock advance failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { now: string }).now;
  }

  async advanceTo(iso: string): Promise<string> {
    const response = await fetch(`${this.baseUrl}/_local/clock`, { method: 'POST', body: JSON.stringify({ to: iso }) });
    if (response.status !== 200) throw new Error(`clock advance failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { now: string }).now;
  }

  async now(): Promise<Date> {
    const response = await fetch(`${this.baseUrl}/_local/clock`);
    return new Date(((await response.json()) as { now: string }).now);
  }

  async emails(): Promise<SentEmail[]> {
    return (await (await fetch(`${this.baseUrl}/_local/emails`)).json()) as SentEmail[];
  }

  async emailsFor(invoiceNumber: string): Promise<SentEmail[]> {
    return (await this.emails()).filter((email) => email.headers['X-Arflow-Invoice'] === invoiceNumber);
  }
}

export interface InvoiceView {
  invoice: { invoiceNumber: string; status: string; balance: number; amount: number; dueDate: string; paymentReference?: string; workflow: { status: string; error?: string } };
  notices: { stage: string; status: string; messageId?: string; reason?: string }[];
  timeline: { type: string; at: string; key: string; detail?: Record<string, unknown> }[];
}

/** Boots one embedded stack (virtual clock) for the test file and stops it afterwards; `options` e.g. `{ faults: true }`. */
export function useLocalStack(clockStart = '2026-11-20T12:00:00.000Z', options: LocalStackOptions = {}): { stack: () => LocalStack; api: () => ArflowApi } {
  let stack: LocalStack | undefined;
  let api: ArflowApi | undefined;
  before(async () => {
    stack = await startLocalStack({ port: 0, clock: 'virtual', clockStart: new Date(clockStart), logLevel: 'SILENT', ...options });
    api = new ArflowApi(stack.apiUrl, stack.apiKey);
  });
  after(async () => {
    await stack?.stop();
  });
  return {
    stack: () => stack ?? fail('stack not started'),
    api: () => api ?? fail('stack not started'),
  };
}

function fail(message: string): never {
  throw new Error(message);
}

let counter = 0;
/** A valid invoice with a unique number; override any field. */
export function anInvoice(overrides: Record<string, unknown> = {}): Record<string, unknown> & { invoiceNumber: string } {
  counter++;
  return {
    invoiceNumber: `INV-${process.pid}-${counter}`,
    customer: { id: `C-${counter}`, name: 'Acme GmbH', email: 'ap@acme.example', timezone: 'Europe/Berlin', locale: 'en-GB' },
    issueDate: '2026-11-01',
    dueDate: '2026-12-01',
    currency: 'EUR',
    amount: 125000,
    paymentLinkUrl: 'https://pay.example/i/1001',
    ...overrides,
  } as Record<string, unknown> & { invoiceNumber: string };
}
