// The invoicing module's only door: what other modules, functions, the local stack and tests may use.
export { DynamoInvoiceRepository } from './adapters/dynamo-invoice.repository.js';
export { DynamoNoticeLedger } from './adapters/dynamo-notice-ledger.js';
export { InMemoryInvoiceState } from './adapters/in-memory-invoice-state.js';
export { InMemoryInvoiceRepository } from './adapters/in-memory-invoice.repository.js';
export { InMemoryNoticeLedger } from './adapters/in-memory-notice-ledger.js';
export { SfnInvoiceWorkflows } from './adapters/sfn.invoice-workflows.js';
export { SfnOpenExecutions, openWorkflowsMetricName } from './adapters/sfn.open-executions.js';
export { executionName } from './execution-name.js';
export { getInvoice } from './get-invoice.js';
export type { NoticeRecord, PaymentPlan } from './invoice-state.js';
export type { InvoiceRepository } from './invoice.port.js';
export { METADATA_BOUNDS, customerZone, effectiveDueDate, invoiceContentHash, invoiceInputSchema, invoiceNumberSchema, newInvoice } from './invoice.js';
export type { EscalationState, Invoice, InvoiceInput } from './invoice.js';
export { markWorkflowFailed } from './mark-workflow-failed.js';
export type { NoticeLedger } from './notice-ledger.port.js';
export type { InvoiceWorkflows } from './workflow.port.js';
export type { InvoicingDeps } from './deps.js';
