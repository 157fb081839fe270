import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * One page of a list kept in several partitions (shards) of one key space, in the order of a unique
 * sort key, read by keyset: every shard is queried from the position after the last item answered,
 * side by side, and the answers are merged. A shard that stopped early (its page, or DynamoDB's 1 MB)
 * was read up to its last evaluated key; only items up to the lowest such point over all shards are
 * certain to be complete, so the page never goes past it. Items added while a client pages land
 * before or after its position and never shift anything else: nothing is answered twice or skipped.
 */
export interface ShardedList {
  tableName: string;
  indexName?: string;
  partitionKey: string;
  sortKey: string;
  partitions: readonly string[];
  /** Positions (sort-key values) the list is limited to: `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
  descending?: boolean;
  filter?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
}

export interface ShardedPage {
  items: Record<string, unknown>[];
  /** The position to continue after, when more may follow. */
  next?: string;
}

/** Query rounds per page: a page with a narrow filter ends early with a cursor rather than reading on. */
const MAX_ROUNDS = 4;

export async function readShardedPage(db: DynamoDBDocumentClient, list: ShardedList, after: string | undefined, limit: number): Promise<ShardedPage> {
  const { low, high } = boundsOf(list, after);
  if (low !== undefined && high !== undefined && low > high) return { items: [] };
  const before = (a: string, b: string) => (list.descending ? a > b : a < b);
  const shards = list.partitions.map((partition) => ({ partition, startKey: undefined as Record<string, unknown> | undefined, done: false, readTo: undefined as string | undefined, items: [] as Record<string, unknown>[] }));
  for (let round = 1; ; round++) {
    await Promise.all(
      shards
        .filter((shard) => !shard.done && shard.items.length <= limit)
        .map(async (shard) => {
          const answer = await db.send(new QueryCommand({ ...queryOf(list, shard.partition, low, high), Limit: limit + 1, ExclusiveStartKey: shard.startKey }));
          shard.items.push(...(answer.Items ?? []).filter((item) => item[list.sortKey] !== after));
          shard.startKey = answer.LastEvaluatedKey;
          shard.done = answer.LastEvaluatedKey === undefined;
          shard.readTo = answer.LastEvaluatedKey ? String(answer.LastEvaluatedKey[list.sortKey]) : undefined;
        }),
    );
    // Complete up to the earliest point a shard with more was read to.
    const frontier = shards.filter((shard) => !shard.done).map((shard) => shard.readTo!).reduce<string | undefined>((low, at) => (low === undefined || before(at, low) ? at : low), undefined);
    const position = (item: Record<string, unknown>) => String(item[list.sortKey]);
    const certain = shards
      .flatMap((shard) => shard.items)
      .filter((item) => frontier === undefined || !before(frontier, position(item)))
      .sort((a, b) => (before(position(a), position(b)) ? -1 : 1));
    if (certain.length > limit) return { items: certain.slice(0, limit), next: position(certain[limit - 1]!) };
    if (frontier === undefined) return { items: certain };
    if (certain.length === limit || round >= MAX_ROUNDS) return { items: certain, next: certain.length === limit ? position(certain[limit - 1]!) : frontier };
  }
}

/** The page's bounds on the sort key: the list's range, narrowed by the position already answered (dropped from the answer above). */
function boundsOf(list: ShardedList, after: string | undefined): { low?: string | undefined; high?: string | undefined } {
  let low = list.from;
  let high = list.to;
  if (after !== undefined) {
    if (list.descending) high = high === undefined || after < high ? after : high;
    else low = low === undefined || after > low ? after : low;
  }
  return { low, high };
}

function queryOf(list: ShardedList, partition: string, low: string | undefined, high: string | undefined) {
  const names: Record<string, string> = { '#pk': list.partitionKey, ...list.filter?.names };
  if (low !== undefined || high !== undefined) names['#sk'] = list.sortKey;
  const values: Record<string, unknown> = { ':pk': partition, ...list.filter?.values };
  let condition = '#pk = :pk';
  // BETWEEN is inclusive: `to` is exclusive because positions carry a `#<id>` suffix after the bound (a date),
  // and `after`, inclusive here, is dropped from the answer.
  if (low !== undefined && high !== undefined) {
    condition += ' AND #sk BETWEEN :low AND :high';
    Object.assign(values, { ':low': low, ':high': high });
  } else if (low !== undefined) {
    condition += ' AND #sk >= :low';
    values[':low'] = low;
  } else if (high !== undefined) {
    condition += ' AND #sk <= :high';
    values[':high'] = high;
  }
  return {
    TableName: list.tableName,
    IndexName: list.indexName,
    KeyConditionExpression: condition,
    ...(list.filter ? { FilterExpression: list.filter.expression } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: !list.descending,
  };
}
