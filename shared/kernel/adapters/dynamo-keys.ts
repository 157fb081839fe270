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
 * | customer        | T#<tenant>#CUSTOMER#<id>    | #PROFILE          |
 * | contact of a day| T#<tenant>#CUSTOMER#<id>    | CONTACT#<date>    |
 * | customer alert  | T#<tenant>#CUSTOMER#<id>    | EVENT#<key> (relayed to the bus, e.g. credit limit exceeded) |
 * | import profile  | T#<tenant>#IMPORTPROFILES   | PROFILE#<name>    |
 * | import job      | T#<tenant>#IMPORT#<jobId>   | #IMPORT           |
 * | imported content| T#<tenant>#IMPORTED#<kind>#<profile>#<etag> | #IMPORTED |
 * | open-item snapshot | T#<tenant>#OPENITEMS  | #SNAPSHOT (the last applied one: its order, job, held closes) |
 * | unapplied cash  | T#<tenant>#UNAPPLIED        | PAY#<recordedAt>#<paymentId> (a copy of the payment while some is unapplied) |
 * | credit note     | T#<tenant>#CN#<number>      | #CREDITNOTE       |
 * | customer credit | T#<tenant>#UNAPPLIEDCN      | CN#<recordedAt>#<number> (a copy of the credit note while some is unapplied) |
 * | report row      | T#<tenant>#REPORT#<shard 0..REPORT_SHARDS-1> | INV#<number> (written by the report projector from the stream) |
 *
 * A new invoice is one item: its `invoice.created` event is not stored beside it but read from the
 * invoice item (its createdAt, and its first terms: `created` once a correction changed them), so the conditional create
 * and the atomic creation event are the same single write. Other events of its creation (a credit-hold
 * note) go in one transaction with it. The invoice item carries the keys of two sparse indexes (only
 * invoice items have these attributes), which replace the per-invoice list items of earlier versions:
 *
 * | index        | partition key                                      | sort key                               | projection |
 * | ------------ | -------------------------------------------------- | -------------------------------------- | ---------- |
 * | `byCustomer` | customerPk `T#<tenant>#CUST#<customerId>`          | customerSk `<dueDate>#<issueDate>#<number>` (oldest first) | INCLUDE invoiceNumber, status, currency, balance |
 * | `byPolicy`   | policyPk `T#<tenant>#POLINV#<policy>#<shard 0..7>` | policySk `<number>`                    | KEYS_ONLY  |
 * | `reportsByCustomer` | reportCustomerPk `T#<tenant>#CUST#<customerId>` (on report rows only) | sk | INCLUDE row |
 * | `byPaymentReference` | paymentRefKey `T#<tenant>#REF#<normalized reference>` | sk (`#INVOICE`) | INCLUDE invoiceNumber |
 *
 * `byPolicy` is sharded: one policy may collect every invoice of a large tenant, and one index partition
 * takes about 1,000 writes a second; the shard comes from the invoice number, and readers query every
 * shard. It names the policy that collects the invoice's current workflow revision (set at creation,
 * moved on a re-plan). Both indexes are eventually consistent: readers re-read each invoice.
 * Stacks that stored invoices before these indexes had list items `T#<tenant>#CUSTOMER#<id>` /
 * `INV#<number>` and `T#<tenant>#POLICYINV#<policy>` / `INV#<number>`: readers still read them (`legacyKeys`), nothing writes them.
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
  customer: (tenantId: string, customerId: string) => ({ pk: `T#${tenantId}#CUSTOMER#${customerId}`, sk: '#PROFILE' }),
  customerContactDay: (tenantId: string, customerId: string, date: string) => ({ pk: `T#${tenantId}#CUSTOMER#${customerId}`, sk: `CONTACT#${date}` }),
  customerEvent: (tenantId: string, customerId: string, eventKey: string) => ({ pk: `T#${tenantId}#CUSTOMER#${customerId}`, sk: `EVENT#${eventKey}` }),
  importProfile: (tenantId: string, name: string) => ({ pk: `T#${tenantId}#IMPORTPROFILES`, sk: `PROFILE#${name}` }),
  importProfiles: (tenantId: string) => ({ pk: `T#${tenantId}#IMPORTPROFILES` }),
  importJob: (tenantId: string, jobId: string) => ({ pk: `T#${tenantId}#IMPORT#${jobId}`, sk: '#IMPORT' }),
  importedContent: (tenantId: string, contentKey: string) => ({ pk: `T#${tenantId}#IMPORTED#${contentKey}`, sk: '#IMPORTED' }),
  openItemSnapshot: (tenantId: string) => ({ pk: `T#${tenantId}#OPENITEMS`, sk: '#SNAPSHOT' }),
};

export const sortKeyPrefix = { notice: 'NOTICE#', event: 'EVENT#' } as const;

/** A payment's entry in the tenant's unapplied-cash list; present exactly while part of it is unapplied. */
export const unappliedKeys = {
  item: (tenantId: string, recordedAt: string, paymentId: string) => ({ pk: `T#${tenantId}#UNAPPLIED`, sk: `PAY#${recordedAt}#${paymentId}` }),
  partition: (tenantId: string) => `T#${tenantId}#UNAPPLIED`,
};

/**
 * Credit notes: the note (`T#<tenant>#CN#<number>` / `#CREDITNOTE`) and, while part of it is
 * unapplied, a copy in the tenant's customer-credit list (`T#<tenant>#UNAPPLIEDCN` / `CN#<recordedAt>#<number>`),
 * a partition of its own so the unapplied-cash list (`unappliedKeys`) reads only payments.
 */
export const creditNoteKeys = {
  note: (tenantId: string, creditNoteNumber: string) => ({ pk: `T#${tenantId}#CN#${creditNoteNumber}`, sk: '#CREDITNOTE' }),
  unapplied: (tenantId: string, recordedAt: string, creditNoteNumber: string) => ({ pk: creditNoteKeys.unappliedPartition(tenantId), sk: `CN#${recordedAt}#${creditNoteNumber}` }),
  unappliedPartition: (tenantId: string) => `T#${tenantId}#UNAPPLIEDCN`,
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

/**
 * The `byPaymentReference` index's attribute on an invoice item: its payment reference under its tenant.
 * One partition per reference; two items in one partition are two invoices sharing a reference (refused
 * at creation, see shared/imports/ingest-invoices.ts), which a reader treats as no match.
 */
export const paymentReferenceIndex = {
  name: 'byPaymentReference',
  attributes: (invoice: { tenantId: string; paymentReference?: string | undefined }) =>
    invoice.paymentReference === undefined ? {} : { paymentRefKey: paymentReferenceIndex.partition(invoice.tenantId, invoice.paymentReference) },
  partition: (tenantId: string, normalizedReference: string) => `T#${tenantId}#REF#${normalizedReference}`,
};

/** Shards of a policy's partition in `byPolicy`: 8 × ~1,000 index writes a second for one policy. */
const POLICY_SHARDS = 8;

/** The `byPolicy` index's attributes on an invoice item: the policy that collects the invoice's current revision. */
export const policyIndex = {
  name: 'byPolicy',
  shards: POLICY_SHARDS,
  attributes: (tenantId: string, policyName: string, invoiceNumber: string) => ({
    policyPk: policyIndex.partition(tenantId, policyName, invoiceNumberHash(invoiceNumber) % POLICY_SHARDS),
    policySk: invoiceNumber,
  }),
  partition: (tenantId: string, policyName: string, shard: number) => `T#${tenantId}#POLINV#${policyName}#${shard}`,
};

/**
 * FNV-1a of the invoice number: cheap, spreads sequential numbers, and stable across runtimes and
 * releases (it places stored items, so it must never change).
 */
function invoiceNumberHash(invoiceNumber: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < invoiceNumber.length; i++) hash = Math.imul(hash ^ invoiceNumber.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** List items of earlier versions (see the header): read, never written, until the stored invoices are backfilled. */
export const legacyKeys = {
  customerInvoices: (tenantId: string, customerId: string) => `T#${tenantId}#CUSTOMER#${customerId}`,
  policyMembers: (tenantId: string, name: string) => `T#${tenantId}#POLICYINV#${name}`,
  sortKeyPrefix: 'INV#',
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
  item: (tenantId: string, invoiceNumber: string) => ({ pk: reportRowKeys.partition(tenantId, invoiceNumberHash(invoiceNumber) % REPORT_SHARDS), sk: `INV#${invoiceNumber}` }),
  partition: (tenantId: string, shard: number) => `T#${tenantId}#REPORT#${shard}`,
  index: 'reportsByCustomer',
  customerPartition: (tenantId: string, customerId: string) => `T#${tenantId}#CUST#${customerId}`,
};


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

/** Shards of a tenant's invoice list in `invoiceList` (like `byPolicy`: ~1,000 index writes a second each). */
const INVOICE_LIST_SHARDS = 8;

/**
 * The `invoiceList` index's attributes on an invoice item: every invoice of a tenant by due date
 * (`listSk` = `<dueDate>#<number>`, unique, so it is the list's keyset position) in 8 shards by
 * invoice number. GET /invoices reads the shards side by side and merges them; filters on status,
 * customer, owner, overdue and the search text apply to the projected attributes. `listSearch` is the
 * lowercased invoice number, customer name and email: what `q` matches. Invoices stored before this
 * index have no `listPk` and are not listed until rewritten (docs/workspace.md).
 */
export const invoiceListIndex = {
  name: 'invoiceList',
  shards: INVOICE_LIST_SHARDS,
  attributes: (invoice: { tenantId: string; invoiceNumber: string; dueDate: string; customer: { name: string; email: string } }) => ({
    listPk: invoiceListIndex.partition(invoice.tenantId, invoiceNumberHash(invoice.invoiceNumber) % INVOICE_LIST_SHARDS),
    listSk: invoiceListIndex.position(invoice),
    listSearch: `${invoice.invoiceNumber} ${invoice.customer.name} ${invoice.customer.email}`.toLowerCase(),
  }),
  position: (invoice: { invoiceNumber: string; dueDate: string }) => `${invoice.dueDate}#${invoice.invoiceNumber}`,
  partition: (tenantId: string, shard: number) => `T#${tenantId}#INVLIST#${shard}`,
};

/** Shards of a tenant's customer directory. */
const CUSTOMER_DIRECTORY_SHARDS = 4;

/**
 * The customer directory: one item per customer the tenant invoiced (`T#<tenant>#CUSTDIR#<shard>` /
 * `C#<customerId>`: its name, email and account owner as its latest new invoice named them), so GET
 * /customers lists and searches customers without reading invoices. Written beside each new invoice.
 */
export const customerDirectoryKeys = {
  shards: CUSTOMER_DIRECTORY_SHARDS,
  item: (tenantId: string, customerId: string) => ({
    pk: customerDirectoryKeys.partition(tenantId, invoiceNumberHash(customerId) % CUSTOMER_DIRECTORY_SHARDS),
    sk: customerDirectoryKeys.position(customerId),
  }),
  position: (customerId: string) => `C#${customerId}`,
  partition: (tenantId: string, shard: number) => `T#${tenantId}#CUSTDIR#${shard}`,
};
