/**
 * The single-table key layout. Every tenant-owned key starts with the tenant, so no query can
 * reach another tenant's items.
 *
 * | item            | pk                          | sk                |
 * | --------------- | --------------------------- | ----------------- |
 * | invoice         | T#<tenant>#INV#<number>     | #INVOICE          |
 * | notice ledger   | T#<tenant>#INV#<number>     | NOTICE#<stage>    |
 * | timeline event  | T#<tenant>#INV#<number>     | EVENT#<key>       |
 * | payment         | T#<tenant>#PAY#<paymentId>  | #PAYMENT          |
 * | API key         | APIKEY#<sha256 of the key>  | #APIKEY           |
 * | escalation token| T#<tenant>#INV#<number>     | ESCALATION#<id>   |
 * | decision link   | LINK#<linkId>               | #LINK             |
 * | link signing key| T#<tenant>#LINKKEY          | #LINKKEY          |
 * | policy version  | T#<tenant>#POLICY#<name>    | V#<version, 6 digits> |
 * | latest policies | T#<tenant>#POLICIES         | NAME#<name>       |
 * | policy member   | T#<tenant>#POLICYINV#<name> | INV#<number>      |
 * | customer        | T#<tenant>#CUSTOMER#<id>    | #PROFILE          |
 * | customer invoice| T#<tenant>#CUSTOMER#<id>    | INV#<number>      |
 * | contact of a day| T#<tenant>#CUSTOMER#<id>    | CONTACT#<date>    |
 * | customer alert  | T#<tenant>#CUSTOMER#<id>    | EVENT#<key> (relayed to the bus, e.g. credit limit exceeded) |
 * | import profile  | T#<tenant>#IMPORTPROFILES   | PROFILE#<name>    |
 * | import job      | T#<tenant>#IMPORT#<jobId>   | #IMPORT           |
 * | imported content| T#<tenant>#IMPORTED#<kind>#<profile>#<etag> | #IMPORTED |
 * | unapplied cash  | T#<tenant>#UNAPPLIED        | PAY#<recordedAt>#<paymentId> (a copy of the payment while some is unapplied) |
 *
 * Index `byCustomer` (sparse: only invoice items carry its keys): customerPk `T#<tenant>#CUST#<customerId>`,
 * customerSk `<dueDate>#<issueDate>#<invoiceNumber>`, so a customer's invoices come oldest first.
 */
export const keys = {
  invoice: (tenantId: string, invoiceNumber: string) => ({ pk: `T#${tenantId}#INV#${invoiceNumber}`, sk: '#INVOICE' }),
  notice: (tenantId: string, invoiceNumber: string, stage: string) => ({ pk: `T#${tenantId}#INV#${invoiceNumber}`, sk: `NOTICE#${stage}` }),
  event: (tenantId: string, invoiceNumber: string, eventKey: string) => ({ pk: `T#${tenantId}#INV#${invoiceNumber}`, sk: `EVENT#${eventKey}` }),
  payment: (tenantId: string, paymentId: string) => ({ pk: `T#${tenantId}#PAY#${paymentId}`, sk: '#PAYMENT' }),
  apiKey: (keyHash: string) => ({ pk: `APIKEY#${keyHash}`, sk: '#APIKEY' }),
  escalation: (tenantId: string, invoiceNumber: string, escalationId: string) => ({ pk: `T#${tenantId}#INV#${invoiceNumber}`, sk: `ESCALATION#${escalationId}` }),
  // A link is opened without an API key, so its key cannot start with a tenant; the item names its tenant.
  link: (linkId: string) => ({ pk: `LINK#${linkId}`, sk: '#LINK' }),
  linkKey: (tenantId: string) => ({ pk: `T#${tenantId}#LINKKEY`, sk: '#LINKKEY' }),
  policyVersion: (tenantId: string, name: string, version: number) => ({ pk: `T#${tenantId}#POLICY#${name}`, sk: `V#${String(version).padStart(6, '0')}` }),
  latestPolicy: (tenantId: string, name: string) => ({ pk: `T#${tenantId}#POLICIES`, sk: `NAME#${name}` }),
  latestPolicies: (tenantId: string) => ({ pk: `T#${tenantId}#POLICIES` }),
  policyMember: (tenantId: string, name: string, invoiceNumber: string) => ({ pk: `T#${tenantId}#POLICYINV#${name}`, sk: `INV#${invoiceNumber}` }),
  policyMembers: (tenantId: string, name: string) => ({ pk: `T#${tenantId}#POLICYINV#${name}` }),
  customer: (tenantId: string, customerId: string) => ({ pk: `T#${tenantId}#CUSTOMER#${customerId}`, sk: '#PROFILE' }),
  customerContactDay: (tenantId: string, customerId: string, date: string) => ({ pk: `T#${tenantId}#CUSTOMER#${customerId}`, sk: `CONTACT#${date}` }),
  customerInvoice: (tenantId: string, customerId: string, invoiceNumber: string) => ({ pk: `T#${tenantId}#CUSTOMER#${customerId}`, sk: `INV#${invoiceNumber}` }),
  customerEvent: (tenantId: string, customerId: string, eventKey: string) => ({ pk: `T#${tenantId}#CUSTOMER#${customerId}`, sk: `EVENT#${eventKey}` }),
  importProfile: (tenantId: string, name: string) => ({ pk: `T#${tenantId}#IMPORTPROFILES`, sk: `PROFILE#${name}` }),
  importProfiles: (tenantId: string) => ({ pk: `T#${tenantId}#IMPORTPROFILES` }),
  importJob: (tenantId: string, jobId: string) => ({ pk: `T#${tenantId}#IMPORT#${jobId}`, sk: '#IMPORT' }),
  importedContent: (tenantId: string, contentKey: string) => ({ pk: `T#${tenantId}#IMPORTED#${contentKey}`, sk: '#IMPORTED' }),
};

export const sortKeyPrefix = { notice: 'NOTICE#', event: 'EVENT#' } as const;

/** A payment's entry in the tenant's unapplied-cash list; present exactly while part of it is unapplied. */
export const unappliedKeys = {
  item: (tenantId: string, recordedAt: string, paymentId: string) => ({ pk: `T#${tenantId}#UNAPPLIED`, sk: `PAY#${recordedAt}#${paymentId}` }),
  partition: (tenantId: string) => `T#${tenantId}#UNAPPLIED`,
};

/** The `byCustomer` index's attributes on an invoice item. */
export const customerIndex = {
  name: 'byCustomer',
  attributes: (invoice: { tenantId: string; invoiceNumber: string; dueDate: string; issueDate: string; customer: { id: string } }) => ({
    customerPk: customerIndex.partition(invoice.tenantId, invoice.customer.id),
    customerSk: `${invoice.dueDate}#${invoice.issueDate}#${invoice.invoiceNumber}`,
  }),
  partition: (tenantId: string, customerId: string) => `T#${tenantId}#CUST#${customerId}`,
};

/** The tenant and invoice number of an invoice-partition key (stream records carry only keys and images). */
export function parseInvoicePartition(pk: string): { tenantId: string; invoiceNumber: string } | undefined {
  const match = /^T#([^#]+)#INV#(.+)$/.exec(pk);
  return match ? { tenantId: match[1]!, invoiceNumber: match[2]! } : undefined;
}

/** The tenant and customer id of a customer-partition key. */
export function parseCustomerPartition(pk: string): { tenantId: string; customerId: string } | undefined {
  const match = /^T#([^#]+)#CUSTOMER#(.+)$/.exec(pk);
  return match ? { tenantId: match[1]!, customerId: match[2]! } : undefined;
}

/** A notice's self-service link (no tenant in the key: it is opened without an API key), and the tenant's open disputes. */
export const selfServiceKeys = {
  customerLink: (linkId: string) => ({ pk: `CLINK#${linkId}`, sk: '#CLINK' }),
  dispute: (tenantId: string, disputeId: string) => ({ pk: `T#${tenantId}#DISPUTES`, sk: `D#${disputeId}` }),
  disputes: (tenantId: string) => `T#${tenantId}#DISPUTES`,
};

/**
 * Report rows (shared/reports/report-row.ts): one per invoice, in `REPORT_SHARDS` partitions per tenant
 * (`T#<tenant>#REPORT#<shard>` / `INV#<number>`, the shard a hash of the number), so a tenant's rows are
 * read by that many queries in parallel and no one partition takes all of a large tenant's writes. Index
 * `reportsByCustomer` (sparse: only rows carry `reportCustomerPk` = `T#<tenant>#CUST#<customerId>`)
 * reads one customer's rows without reading the tenant's.
 */
export const REPORT_SHARDS = 16;

export const reportRowKeys = {
  item: (tenantId: string, invoiceNumber: string) => ({ pk: reportRowKeys.partition(tenantId, shardOf(invoiceNumber)), sk: `INV#${invoiceNumber}` }),
  partition: (tenantId: string, shard: number) => `T#${tenantId}#REPORT#${shard}`,
  index: 'reportsByCustomer',
  customerPartition: (tenantId: string, customerId: string) => `T#${tenantId}#CUST#${customerId}`,
};

/** FNV-1a of the invoice number, modulo the shards: stable across runtimes and releases (it places stored rows). */
function shardOf(invoiceNumber: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < invoiceNumber.length; i++) {
    hash ^= invoiceNumber.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % REPORT_SHARDS;
}

/**
 * Weekly digests: a tenant's settings and the weeks sent (`T#<tenant>#DIGEST` / `#SETTINGS`, `WEEK#<monday>`),
 * and the tenants that get one (`DIGEST#TENANTS` / `T#<tenant>`: the scheduled run lists them; like API
 * keys, this list cannot start with a tenant, and it holds nothing but tenant ids).
 */
export const digestKeys = {
  settings: (tenantId: string) => ({ pk: `T#${tenantId}#DIGEST`, sk: '#SETTINGS' }),
  week: (tenantId: string, weekStart: string) => ({ pk: `T#${tenantId}#DIGEST`, sk: `WEEK#${weekStart}` }),
  subscriber: (tenantId: string) => ({ pk: 'DIGEST#TENANTS', sk: `T#${tenantId}` }),
  subscribers: 'DIGEST#TENANTS',
};

/**
 * Notices: the tenant's branding and template overrides; each SES message (its events name only the
 * message id, so the key has no tenant and the item names it); suppressed addresses; owner tasks;
 * the statement of a customer's day.
 *
 * | item             | pk                              | sk                          |
 * | ---------------- | ------------------------------- | --------------------------- |
 * | branding         | T#<tenant>#BRANDING             | #BRANDING                   |
 * | template         | T#<tenant>#TEMPLATES            | TEMPLATE#<kind>#<language>  |
 * | SES message      | SESMSG#<messageId>              | #SESMSG                     |
 * | suppression      | T#<tenant>#SUPPRESSED           | EMAIL#<address>             |
 * | owner task       | T#<tenant>#TASKS                | TASK#<openedAt>#<taskId>    |
 * | statement of day | T#<tenant>#CUSTOMER#<id>        | STATEMENT#<date>            |
 */
export const noticeKeys = {
  branding: (tenantId: string) => ({ pk: `T#${tenantId}#BRANDING`, sk: '#BRANDING' }),
  template: (tenantId: string, kind: string, language: string) => ({ pk: `T#${tenantId}#TEMPLATES`, sk: `TEMPLATE#${kind}#${language}` }),
  templates: (tenantId: string) => `T#${tenantId}#TEMPLATES`,
  sesMessage: (messageId: string) => ({ pk: `SESMSG#${messageId}`, sk: '#SESMSG' }),
  suppression: (tenantId: string, email: string) => ({ pk: `T#${tenantId}#SUPPRESSED`, sk: `EMAIL#${email.toLowerCase()}` }),
  suppressions: (tenantId: string) => `T#${tenantId}#SUPPRESSED`,
  task: (tenantId: string, openedAt: string, taskId: string) => ({ pk: `T#${tenantId}#TASKS`, sk: `TASK#${openedAt}#${taskId}` }),
  tasks: (tenantId: string) => `T#${tenantId}#TASKS`,
  statement: (tenantId: string, customerId: string, date: string) => ({ pk: `T#${tenantId}#CUSTOMER#${customerId}`, sk: `STATEMENT#${date}` }),
};
