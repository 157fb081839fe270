/**
 * What the local stack did, counted the way AWS bills it: Lambda invocations (and their measured
 * duration), Step Functions state transitions (every state entered, plus every retry), and DynamoDB
 * read and write request units as DynamoDB Local reports them (ReturnConsumedCapacity). Local-only:
 * nothing in shared/, functions/ or infra/ knows about it; `bench/cost.ts` reads it.
 */
export interface MeterSnapshot {
  invocations: Record<string, { count: number; totalMs: number }>;
  stateTransitions: number;
  dynamodb: { requests: Record<string, number>; readUnits: number; writeUnits: number };
}

export class LocalMeter {
  private invocations = new Map<string, { count: number; totalMs: number }>();
  private stateTransitions = 0;
  private requests = new Map<string, number>();
  private readUnits = 0;
  private writeUnits = 0;

  invoked(functionName: string, durationMs: number): void {
    const entry = this.invocations.get(functionName) ?? { count: 0, totalMs: 0 };
    entry.count += 1;
    entry.totalMs += durationMs;
    this.invocations.set(functionName, entry);
  }

  transition(): void {
    this.stateTransitions += 1;
  }

  dynamoDbRequest(operation: string, units: { read: number; write: number }): void {
    this.requests.set(operation, (this.requests.get(operation) ?? 0) + 1);
    this.readUnits += units.read;
    this.writeUnits += units.write;
  }

  snapshot(): MeterSnapshot {
    return {
      invocations: Object.fromEntries([...this.invocations].map(([name, entry]) => [name, { ...entry }])),
      stateTransitions: this.stateTransitions,
      dynamodb: { requests: Object.fromEntries(this.requests), readUnits: this.readUnits, writeUnits: this.writeUnits },
    };
  }
}

/** What happened between two snapshots. */
export function meterDelta(before: MeterSnapshot, after: MeterSnapshot): MeterSnapshot {
  const invocations: MeterSnapshot['invocations'] = {};
  for (const [name, entry] of Object.entries(after.invocations)) {
    const earlier = before.invocations[name] ?? { count: 0, totalMs: 0 };
    if (entry.count > earlier.count) invocations[name] = { count: entry.count - earlier.count, totalMs: entry.totalMs - earlier.totalMs };
  }
  const requests: Record<string, number> = {};
  for (const [operation, count] of Object.entries(after.dynamodb.requests)) {
    const difference = count - (before.dynamodb.requests[operation] ?? 0);
    if (difference > 0) requests[operation] = difference;
  }
  return {
    invocations,
    stateTransitions: after.stateTransitions - before.stateTransitions,
    dynamodb: { requests, readUnits: after.dynamodb.readUnits - before.dynamodb.readUnits, writeUnits: after.dynamodb.writeUnits - before.dynamodb.writeUnits },
  };
}
