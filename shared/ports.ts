import type { Invoice } from './invoice.js';
import type { CollectionPolicy } from './policy.js';
import type { CreditHold, CustomerProfile, StoredRisk } from './customer.js';
import type { CreditLimitAlert } from './credit-limit.js';
import type { DigestSettings } from './digest/weekly-digest.js';

import type { TimelineEvent } from './timeline.js';
import type { Payment } from './payment.js';
import type { BusinessEvent } from './business-events.js';
import type { ReportInvoice } from './reports/report-invoice.js';


/**
 * Storage of invoices and their timeline; the adapter owns the key layout. The invoice's other
 * aggregates have ports of their own (notice-ledger-port.ts, payment-port.ts, customer-link-port.ts,
 * dispute-port.ts, payment-plan-port.ts, escalation-port.ts, link-key-port.ts); they share the table.
 */
export interface InvoiceRepository {
  // New invoices are stored through the InvoiceBatchStore (createAll): with their events, conditionally, in one write.
  get(tenantId: string, invoiceNumber: string): Promise<Invoice | undefined>;
  timeline(tenantId: string, invoiceNumber: string): Promise<TimelineEvent[]>;
  appendEvent(tenantId: string, invoiceNumber: string, event: TimelineEvent): Promise<void>;
  /**
   * A customer's open invoices, read consistently, oldest due date first (at most `limit`). The index
   * behind it is eventually consistent: an invoice created a moment ago may be missing.
   */
  openInvoicesOf(tenantId: string, customerId: string, limit: number): Promise<Invoice[]>;
  /** Ends collection with a final action (write-off, agency) while the invoice is still open. */
  closeInvoice(invoice: Invoice, status: Invoice['status'], events: TimelineEvent[]): Promise<boolean>;
  /**
   * Moves an open invoice to its next workflow revision (a new execution name), provided it is still
   * at `invoice.revision`; false when another writer moved it or it is no longer open.
   */
  nextRevision(invoice: Invoice, event: TimelineEvent): Promise<boolean>;
  markFailed(tenantId: string, invoiceNumber: string, failure: NonNullable<Invoice['workflowError']>, event: TimelineEvent): Promise<void>;
}

export interface OutgoingEmail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. the invoice number for support staff tracing a notice. */
  headers?: Record<string, string>;
  /** The tenant's sender (display name, verified address); the deployment's sender fills what is missing. */
  from?: { name?: string; address?: string };
  replyTo?: string[];
  /** SES message tags (they come back in its delivery events). */
  tags?: Record<string, string>;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** Control of invoice workflows (Step Functions). */
export interface InvoiceWorkflows {
  /** Starts the invoice's workflow; starting one that already exists is success. */
  start(invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'revision'>): Promise<{ executionName: string }>;
  /** Stops it (the invoice no longer needs collecting); a missing or finished one is success. */
  stop(invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'revision'>, reason: string): Promise<void>;
}

/** Named, versioned collection policies per tenant. */
export interface PolicyRepository {
  /** The latest version of a policy. */
  get(tenantId: string, name: string): Promise<CollectionPolicy | undefined>;
  list(tenantId: string): Promise<CollectionPolicy[]>;
  /** Stores the next version; fails with 'version-conflict' if another writer stored one first. */
  put(tenantId: string, policy: CollectionPolicy): Promise<'stored' | 'version-conflict'>;
  /**
   * Lists a stored invoice under the policy that collects its current workflow revision (so a change of
   * that policy re-plans it), instead of the one before. Idempotent; an unknown invoice is left alone.
   */
  addInvoice(tenantId: string, policyName: string, invoiceNumber: string): Promise<void>;
  /**
   * The invoice numbers listed under a policy, sorted (some may be paid since). From an index: an
   * invoice listed a moment ago may be missing, and readers re-read each invoice.
   */
  invoicesUnder(tenantId: string, policyName: string): Promise<string[]>;
}

/** Customer profiles (policy, tags, credit hold and limit, risk), and which invoices each customer has. */
export interface CustomerRepository {
  get(tenantId: string, customerId: string): Promise<CustomerProfile | undefined>;
  /** Creates or replaces the profile's editable fields; keeps a credit hold. */
  put(profile: Omit<CustomerProfile, 'creditHold'>): Promise<CustomerProfile>;
  placeCreditHold(tenantId: string, customerId: string, hold: CreditHold): Promise<void>;
  releaseCreditHold(tenantId: string, customerId: string): Promise<void>;
  /**
   * The numbers of the customer's invoices, sorted. An invoice is listed by being stored (an index of
   * the invoice item): one stored a moment ago may be missing, and readers re-read each invoice.
   */
  invoicesOf(tenantId: string, customerId: string): Promise<string[]>;
  /** Stores the customer's latest risk assessment (creating the profile if needed); its tier selects policies. */
  recordRisk(tenantId: string, customerId: string, risk: StoredRisk): Promise<void>;
  /**
   * Marks the customer over its credit limit and stores the alert, together and only if it is not
   * marked already (one alert per crossing); false when it was.
   */
  markCreditLimitExceeded(tenantId: string, customerId: string, state: NonNullable<CustomerProfile['creditLimitExceeded']>, alert: CreditLimitAlert): Promise<boolean>;
  /** Removes the mark, so the next crossing alerts again. */
  clearCreditLimitExceeded(tenantId: string, customerId: string): Promise<void>;
}

/** The one contact a customer gets per (customer-local) day, claimed by the notice that makes it. */
export interface ContactDays {
  /** Claims the day for an invoice's notice; true again for the same invoice (a retry), false when another notice has it. */
  claimContactDay(tenantId: string, customerId: string, date: string, invoiceNumber: string): Promise<boolean>;
  /** Which invoice's notice has the day, if any. */
  contactedOn(tenantId: string, customerId: string, date: string): Promise<{ invoiceNumber: string } | undefined>;
  /** Gives a claimed day back when its email could not be sent; a day another invoice holds is left alone. */
  releaseContactDay(tenantId: string, customerId: string, date: string, invoiceNumber: string): Promise<void>;
}

/** Resumes a workflow that waits for a human decision (Step Functions task tokens). */
export interface TaskTokens {
  succeed(taskToken: string, output: unknown): Promise<'resumed' | 'gone'>;
}

/** Maps hashed API keys to their tenant. */
export interface ApiKeyStore {
  tenantForKey(apiKey: string): Promise<string | undefined>;
  put(apiKey: string, tenantId: string, label: string): Promise<void>;
}

/** Sends business events to accounting systems (EventBridge); returns the ids it could not send. */
export interface EventPublisher {
  publish(events: BusinessEvent[]): Promise<{ failedIds: string[] }>;
}

/** What the reports read: every invoice of a tenant (or of one of its customers) with its payments, disputes and closing. */
export interface ReportSource {
  invoices(tenantId: string, filter?: { customerId?: string }): Promise<ReportInvoice[]>;
}

/** Each tenant's weekly-digest settings, which tenants have one, and which weeks were sent. */
export interface DigestSettingsRepository {
  get(tenantId: string): Promise<DigestSettings | undefined>;
  /** Stores the settings; a tenant with no recipients leaves the list of tenants that get a digest. */
  put(settings: DigestSettings): Promise<void>;
  /** The tenants with at least one recipient. */
  subscribedTenants(): Promise<string[]>;
  /** Claims the tenant's digest of a week before it is sent (a retried run sends nothing twice); false when claimed. */
  claimWeek(tenantId: string, weekStart: string, at: string): Promise<boolean>;
  /** Gives the claim back when sending failed, so a retry may send. */
  releaseWeek(tenantId: string, weekStart: string): Promise<void>;
}

/**
 * Invoices read and written many at a time (POST /invoices, file imports, the workflow starter): the
 * only way a new invoice is stored, with its creation events, in a few round trips per hundred invoices.
 */
export interface InvoiceBatchStore {
  /** The stored invoices among these numbers (consistent reads), by number. */
  getMany(tenantId: string, invoiceNumbers: readonly string[]): Promise<Map<string, Invoice>>;
  /** The stored profiles among these customers, by customer id. */
  customerProfiles(tenantId: string, customerIds: readonly string[]): Promise<Map<string, CustomerProfile>>;
  /**
   * Stores each invoice with its timeline events only if its number is unused, listed under its
   * customer and (`policyName`) the policy that collects it. Per entry, in order: created, or the
   * invoice already stored under that number (nothing of the entry is written then).
   */
  createAll(entries: readonly { invoice: Invoice; events: TimelineEvent[]; policyName?: string }[]): Promise<({ created: true } | { created: false; stored: Invoice })[]>;
  /** The stored payments among these ids (consistent reads), by payment id. */
  getPayments(tenantId: string, paymentIds: readonly string[]): Promise<Map<string, Payment>>;
}
