import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { isWorkflowStartRequest } from '../../wiring/workflow-starter.js';
import { DynamoCustomerRepository } from '../../shared/customers/index.js';
import { DynamoInvoiceBatchStore } from '../../shared/imports/index.js';
import { DynamoInvoiceRepository, DynamoPaymentReferences } from '../../shared/invoicing/index.js';
import { keys } from '../../shared/kernel/index.js';
import { DynamoPolicyRepository } from '../../shared/policies/index.js';
import type { Invoice } from '../../shared/invoicing/index.js';
import type { InvoiceWorkflows } from '../../shared/invoicing/index.js';
import { ingestInvoices } from '../../shared/imports/index.js';
import { LocalClock } from '../../local/clock.js';
import { ensureTable, startDynamoDb, type DynamoDbEmulator } from '../../local/emulators/dynamodb.js';
import { invoker } from '../../local/lambda-runtime.js';
import { startStreamRelay } from '../../local/stream-relay.js';
import { invoiceInput } from '../unit/fixtures.js';

const TABLE = 'arflow-starter-test';

/** Step Functions that refuses the first StartExecution (an outage, a throttle), then works. */
class FlakyWorkflows implements InvoiceWorkflows {
  readonly started: string[] = [];
  failed = 0;
  async start(invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'revision'>) {
    if (this.failed++ === 0) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    this.failed = Math.max(this.failed - 1, 1);
    this.started.push(invoice.invoiceNumber);
    return { executionName: `${invoice.invoiceNumber}-r${invoice.revision}` };
  }
  async stop() {}
}

/** Integration: DynamoDB Local's stream → the local stream poller → the starter handler, as on AWS with the event source mapping. */
describe('workflow starts from the table stream', () => {
  let dynamodb: DynamoDbEmulator;
  let db: DynamoDBDocumentClient;
  before(async () => {
    dynamodb = await startDynamoDb({});
    await ensureTable(dynamodb.endpoint, TABLE);
    db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), { marshallOptions: { removeUndefinedValues: true } });
  });
  after(async () => {
    db.destroy();
    await dynamodb.stop();
  });

  it('gives every stored open invoice its workflow exactly once, even when the starter fails once', async () => {
    const clock = new LocalClock('real', new Date());
    const invoices = new DynamoInvoiceRepository(db, TABLE);
    const invoiceBatch = new DynamoInvoiceBatchStore(db, TABLE);
    const deps = { invoices, invoiceBatch, clock, paymentReferences: new DynamoPaymentReferences(db, TABLE), policies: new DynamoPolicyRepository(db, TABLE), customers: new DynamoCustomerRepository(db, TABLE) };
    const numbers = ['S-1', 'S-2', 'S-3'];
    const stored = await ingestInvoices(deps, 'acme', numbers.map((invoiceNumber) => invoiceInput({ invoiceNumber })));
    assert.deepEqual(stored.map((result) => result.outcome), ['created', 'created', 'created']);

    const workflows = new FlakyWorkflows();
    // The handler module builds its deployed dependencies on import, from the environment a Lambda would have.
    process.env['TABLE_NAME'] ??= TABLE;
    const { createHandler } = await import('../../functions/start-workflows/handler.js');
    const handler = createHandler({ ...deps, workflows }, { acquire: async () => undefined });
    const failures: unknown[] = [];
    const invoke = invoker(clock);
    const relay = startStreamRelay({ endpoint: dynamodb.endpoint, tableName: TABLE, filter: isWorkflowStartRequest, invoke: (event) => invoke('start-workflows', handler, event), onFailure: (error) => failures.push(error) });
    try {
      await relay.drain();
      await relay.drain(); // a poll after a failure picks up where it failed
    } finally {
      await relay.stop();
      clock.stop();
    }
    assert.equal(workflows.failed, 1, 'the first start failed');
    assert.deepEqual(failures, [], 'the relay redelivered from the failed record and it succeeded');
    assert.deepEqual(workflows.started.sort(), numbers, 'each invoice started once, none skipped');
    for (const number of numbers) {
      const { Item } = await db.send(new GetCommand({ TableName: TABLE, Key: keys.event('acme', number, 'workflow.started:r1') }));
      assert.equal(Item?.['type'], 'workflow.started', `${number}'s start is on its timeline`);
    }
  });
});
