import assert from 'node:assert/strict';
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import type { Context } from 'aws-lambda';
import { logger, metrics } from '../../shared/kernel/index.js';
import { withObservability } from '../../functions/_shared/middleware.js';
import { importSummary } from '../../local/terminal.js';

/** Everything a Console writes, both streams. */
function capture(): { console: Console; text: () => string } {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString('utf8');
      callback();
    },
  });
  return { console: new Console({ stdout: sink, stderr: sink }), text: () => text };
}

const context = { functionName: 'arflow-test', awsRequestId: 'r-1', invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:arflow-test', memoryLimitInMB: '128', functionVersion: '$LATEST', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

describe('observability without noise', () => {
  it('publishes nothing and warns nothing when an invocation recorded no metric (an ignored SES event)', async () => {
    const logs = capture();
    const emf = capture();
    const original = { logger: (logger as unknown as { console: Console }).console, metrics: (metrics as unknown as { console: Console }).console };
    (logger as unknown as { console: Console }).console = logs.console;
    (metrics as unknown as { console: Console }).console = emf.console;
    try {
      const quiet = withObservability<unknown, string>({ metrics: true }).handler(async () => 'ignored');
      for (let call = 0; call < 3; call++) assert.equal(await quiet({}, context), 'ignored');
      assert.doesNotMatch(logs.text(), /No application metrics to publish/);

      const counting = withObservability<unknown, string>({ metrics: true }).handler(async () => {
        metrics.addMetric('RemindersSent', 'Count', 1);
        return 'sent';
      });
      await counting({}, context);
      assert.equal(metrics.hasStoredMetrics(), false, 'the recorded metric was published');
      // Published as EMF unless POWERTOOLS_METRICS_DISABLED (the local stack's setting) is on.
      if (process.env['POWERTOOLS_METRICS_DISABLED'] !== 'true') assert.match(emf.text(), /"RemindersSent"/);
    } finally {
      (logger as unknown as { console: Console }).console = original.logger;
      (metrics as unknown as { console: Console }).console = original.metrics;
    }
  });

  it('sums up a finished import in one line and stays silent for a step that hands on', () => {
    const report = { status: 'completed', source: { key: 'incoming/demo/invoices/a.csv' }, counts: { read: 2466, imported: 2460, unchanged: 0, rejected: 6 }, timings: { processingMs: 12_300 } };
    assert.equal(importSummary({ results: [{ outcome: 'completed', jobId: 'j', report }] }), 'import completed: incoming/demo/invoices/a.csv — 2,466 read, 2,460 imported, 0 unchanged, 6 rejected (12.3 s)');
    assert.equal(importSummary({ results: [{ outcome: 'handed-on', jobId: 'j' }] }), undefined);
    assert.equal(importSummary(null), undefined);
  });
});
