import { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Logical ids of the stateful resources. CloudFormation replaces a resource whose logical id changes:
 * for the table that is a new, empty table (the old one retained and orphaned); for the state machine it
 * stops every running invoice workflow. Pinning the ids keeps them stable through any refactor of the
 * construct tree. test/infra/logical-ids.test.ts holds the same strings, so changing one here fails it.
 */
export const stableLogicalIds = {
  table: 'ArflowTable',
  tableKey: 'ArflowTableKey',
  stateMachine: 'InvoiceLifecycleStateMachine',
} as const;

export function pinLogicalId(construct: IConstruct, logicalId: string): void {
  const resource = construct.node.defaultChild;
  if (!CfnResource.isCfnResource(resource)) throw new Error(`${construct.node.path} has no CloudFormation resource to pin`);
  resource.overrideLogicalId(logicalId);
}
