import { isReportProjectionInput, reportProjectorFunctionName } from '../wiring/report-projection.js';
import type { AnyHandler } from './lambda-runtime.js';
import { startStreamRelay, type StreamRelay } from './stream-relay.js';

/**
 * The table's stream → the report projector, as the CDK app's event source mapping does (the same
 * filter, wiring/report-projection.ts). The memory store keeps no report rows (its reports answer 500),
 * so it gets a projector that is always current. `drain()` answers once every row is current.
 */
export function startLocalReportProjector(options: {
  memory: boolean;
  endpoint: string;
  tableName: string;
  functions: ReadonlyMap<string, AnyHandler>;
  invoke: (name: string, handler: AnyHandler, event: unknown) => Promise<unknown>;
}): StreamRelay {
  if (options.memory) return { drain: async () => {}, stop: async () => {} };
  const projector = options.functions.get(reportProjectorFunctionName)!;
  return startStreamRelay({
    endpoint: options.endpoint,
    tableName: options.tableName,
    filter: isReportProjectionInput,
    invoke: (event) => options.invoke(reportProjectorFunctionName, projector, event),
    onFailure: (error) => process.stderr.write(`local report projector: ${(error as Error).message}\n`),
  });
}
