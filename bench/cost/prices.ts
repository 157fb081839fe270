/**
 * AWS list prices arflow's cost model uses: us-east-1, on-demand, first pricing tier, no free tier,
 * as published on the AWS pricing pages and last checked on the date below. Change them here; the
 * tables in docs/cost.md are recomputed by `BENCH=cost npm run bench`.
 */
export const awsPrices = {
  region: 'us-east-1 (US East, N. Virginia)',
  checkedOn: '2026-11-23',
  /** Step Functions Standard: USD 0.025 per 1,000 state transitions. */
  stepFunctionsPerTransition: 0.025 / 1000,
  /** Lambda arm64: USD 0.0000133334 per GB-second (first 7.5 billion GB-s a month). */
  lambdaArmPerGbSecond: 0.0000133334,
  /** Lambda: USD 0.20 per million requests. */
  lambdaPerRequest: 0.2 / 1_000_000,
  /** DynamoDB on-demand (Standard table class): USD 0.625 per million write request units. */
  dynamoDbPerWriteUnit: 0.625 / 1_000_000,
  /** DynamoDB on-demand: USD 0.125 per million read request units. */
  dynamoDbPerReadUnit: 0.125 / 1_000_000,
  /** SES outbound email: USD 0.10 per 1,000 emails (attachments and dedicated IPs extra; arflow uses neither). */
  sesPerEmail: 0.1 / 1000,
  /** API Gateway HTTP API: USD 1.00 per million requests (first 300 million a month, up to 512 KB each). */
  httpApiPerRequest: 1 / 1_000_000,
  /** EventBridge: USD 1.00 per million custom events put on a bus (64 KB chunks). */
  eventBridgePerEvent: 1 / 1_000_000,
} as const;

/** The counts one path produced, per invoice. */
export interface PerInvoiceUsage {
  stateTransitions: number;
  lambdaInvocations: number;
  /** Sum over invocations of memory (GB) × billed duration (s, each invocation rounded up to 1 ms). */
  lambdaGbSeconds: number;
  readUnits: number;
  writeUnits: number;
  emails: number;
  apiRequests: number;
  businessEvents: number;
}

export interface CostPerThousand {
  stepFunctions: number;
  lambdaRequests: number;
  lambdaDuration: number;
  dynamoDbWrites: number;
  dynamoDbReads: number;
  ses: number;
  httpApi: number;
  eventBridge: number;
  total: number;
}

/** USD per 1,000 invoices that take this path. */
export function costPerThousand(usage: PerInvoiceUsage, prices = awsPrices): CostPerThousand {
  const items = {
    stepFunctions: usage.stateTransitions * prices.stepFunctionsPerTransition,
    lambdaRequests: usage.lambdaInvocations * prices.lambdaPerRequest,
    lambdaDuration: usage.lambdaGbSeconds * prices.lambdaArmPerGbSecond,
    dynamoDbWrites: usage.writeUnits * prices.dynamoDbPerWriteUnit,
    dynamoDbReads: usage.readUnits * prices.dynamoDbPerReadUnit,
    ses: usage.emails * prices.sesPerEmail,
    httpApi: usage.apiRequests * prices.httpApiPerRequest,
    eventBridge: usage.businessEvents * prices.eventBridgePerEvent,
  };
  const perThousand = Object.fromEntries(Object.entries(items).map(([name, perInvoice]) => [name, perInvoice * 1000])) as Omit<CostPerThousand, 'total'>;
  return { ...perThousand, total: Object.values(perThousand).reduce((sum, value) => sum + value, 0) };
}

/** The item that costs the most. */
export function dominantItem(cost: CostPerThousand): keyof Omit<CostPerThousand, 'total'> {
  const { total: _total, ...items } = cost;
  return (Object.entries(items) as [keyof Omit<CostPerThousand, 'total'>, number][]).sort((a, b) => b[1] - a[1])[0]![0];
}
