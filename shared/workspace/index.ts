// The workspace module's only door: the lists that page and a collector's actions on an invoice.
export { DynamoCustomerDirectory, DynamoInvoiceList } from './adapters/dynamo-lists.js';
export { listCustomers, listInvoices, type Caller, type ListAnswer, type ListDeps } from './list-pages.js';
export {
  customerListItemSchema,
  customerListRequestSchema,
  customerListResponseSchema,
  invoiceListItemSchema,
  invoiceListRequestSchema,
  invoiceListResponseSchema,
  pageQuerySchema,
  type CustomerDirectory,
  type InvoiceListStore,
} from './lists.js';
export {
  MAX_PAUSE_DAYS,
  addNote,
  noteRequestSchema,
  pauseCollection,
  pauseRequestSchema,
  phonePromiseRequestSchema,
  recordPhonePromise,
  resumeCollection,
  resumeRequestSchema,
  type CollectorActionDeps,
} from './collector-actions.js';
export { MAX_WORKLIST_CANDIDATES, priorityOf, worklist, worklistItemSchema, worklistRequestSchema, worklistResponseSchema } from './worklist.js';
