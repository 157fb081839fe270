import { startLocalStack } from '../local/stack.js';
import { apiInvoices } from './api-ingest.js';
import { collectionDeps, invoiceBatchStore } from '../functions/_shared/deps.js';
import { ingestInvoices } from '../shared/use-cases/ingest-invoices.js';
import { invoiceInputSchema } from '../shared/invoice.js';
const stack = await startLocalStack({ port: 0, clock: 'virtual', clockStart: new Date('2027-01-01T00:00:00Z'), logLevel: 'SILENT', workflowStartsPerSecond: 1 });
try {
  const store = invoiceBatchStore();
  const counting = new Proxy(store, { get(t, p) { const v = Reflect.get(t, p); return typeof v === 'function' ? async (...a: unknown[]) => { const s = performance.now(); try { return await v.apply(t, a); } finally { console.log(String(p), Math.round(performance.now() - s), 'ms'); } } : v; } });
  const deps = { ...collectionDeps(), invoiceBatch: counting };
  for (const round of [0, 1, 2]) {
    const inputs = apiInvoices(500, `P${round}`).map((i) => invoiceInputSchema.parse(i));
    const s = performance.now();
    const out = await ingestInvoices(deps, 'demo', inputs);
    console.log('round', round, Math.round(performance.now() - s), 'ms', out.filter((o) => o.outcome === 'created').length);
  }
} finally { await stack.stop(); }
