import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { LocalClock } from './clock.js';
import { timeoutMsOf } from './function-timeouts.js';
import type { LocalMeter } from './metering/local-meter.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- handlers of every event type share this shape
export type AnyHandler = (event: any, context: Context) => Promise<unknown>;

/**
 * Invokes a handler the way Lambda does: JSON-serialised event and result (no shared objects),
 * a context object, and errors surfacing with their name as the error type. Each invocation is
 * tracked by the clock, so "advance the virtual clock" waits for the work it causes. With a meter
 * (benchmarks), each invocation and its duration are counted.
 */
export function invoker(clock: LocalClock, meter?: LocalMeter) {
  return async function invoke(functionName: string, handler: AnyHandler, event: unknown): Promise<unknown> {
    return clock.track(async () => {
      const started = Date.now();
      const timeoutMs = timeoutMsOf(functionName);
      const context: Context = {
        callbackWaitsForEmptyEventLoop: false,
        functionName: `arflow-local-${functionName}`,
        functionVersion: '$LATEST',
        invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:arflow-local-${functionName}`,
        memoryLimitInMB: '512',
        awsRequestId: randomUUID(),
        logGroupName: `/aws/lambda/arflow-local-${functionName}`,
        logStreamName: 'local',
        getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
        done: () => undefined,
        fail: () => undefined,
        succeed: () => undefined,
      };
      try {
        const result = await handler(JSON.parse(JSON.stringify(event ?? null)), context);
        return result === undefined ? null : JSON.parse(JSON.stringify(result));
      } finally {
        meter?.invoked(functionName, Date.now() - started);
      }
    });
  };
}
