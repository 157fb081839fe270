import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { pinLogicalId, stableLogicalIds } from '../logical-ids.js';
import { tableKeySchema } from '../../wiring/table-schema.js';

const attributeTypes = { S: dynamodb.AttributeType.STRING, N: dynamodb.AttributeType.NUMBER, B: dynamodb.AttributeType.BINARY } as const;

/** A key attribute as CDK wants it, typed from the schema the local stack also builds its table from. */
function keyAttribute(name: string): dynamodb.Attribute {
  const attribute = tableKeySchema.attributes.find((candidate) => candidate.name === name);
  if (attribute === undefined) throw new Error(`wiring/table-schema.ts declares no type for key attribute '${name}'`);
  return { name, type: attributeTypes[attribute.type] };
}

/**
 * The single table that holds every tenant's invoices, notice ledger, timeline and payments
 * (the adapters in shared/adapters own the `pk`/`sk` layout).
 *
 * Encryption: a customer-managed KMS key with yearly rotation rather than the AWS-managed
 * aws/dynamodb key. The table holds debtors' contact details and amounts owed. With aws/dynamodb, any
 * role in the account that may call DynamoDB can read it; with our key a role also needs kms:Decrypt on
 * this key, a second gate next to the table grant, the key policy is ours to tighten, and disabling the
 * key locks the data during an incident. The price is about $1 a month plus the KMS permissions that
 * the grants below add to each role.
 */
export class Data extends Construct {
  readonly table: dynamodb.Table;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.key = new kms.Key(this, 'TableKey', {
      description: 'arflow: encrypts the invoices table',
      enableKeyRotation: true,
      // Retained with the table: without the key, the retained table (and its backups) cannot be read.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pinLogicalId(this.key, stableLogicalIds.tableKey);

    this.table = new dynamodb.Table(this, 'Table', {
      // The key schema is shared with the local stack (wiring/table-schema.ts): both build the same table.
      partitionKey: keyAttribute(tableKeySchema.partitionKey),
      sortKey: keyAttribute(tableKeySchema.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      timeToLiveAttribute: tableKeySchema.timeToLiveAttribute,
      // New images feed the business-event relay (wiring/event-relay.ts); enabling a stream updates the table in place.
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pinLogicalId(this.table, stableLogicalIds.table);
    for (const index of tableKeySchema.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: keyAttribute(index.partitionKey),
        sortKey: keyAttribute(index.sortKey),
        ...(index.projection === 'INCLUDE'
          ? { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...index.nonKeyAttributes] }
          : { projectionType: dynamodb.ProjectionType.KEYS_ONLY }),
      });
    }
  }

  /** Read items; the role also gets kms:Decrypt on the table key. */
  grantRead(grantee: iam.IGrantable & Construct): void {
    this.table.grantReadData(grantee);
    this.acknowledgeIndexes(grantee);
  }

  /** The table grants name `<table>/index/*`: this table's own indexes (byCustomer, byPolicy), never another table. */
  private acknowledgeIndexes(grantee: Construct): void {
    Validations.of(grantee).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::<ArflowTable.Arn>/index/*]',
      reason: "aws-cdk-lib's table grant covers the table's own secondary indexes (byCustomer for payment matching and customer lists, byPolicy for re-planning on a policy change) by this wildcard, scoped to this one table's ARN.",
    });
  }

  /** Read and write items; the role also gets the KMS actions DynamoDB needs to write with our key. */
  grantReadWrite(grantee: iam.IGrantable & Construct): void {
    this.table.grantReadWriteData(grantee);
    this.acknowledgeIndexes(grantee);
    // Acknowledged on the grantee (its role's policy is where the finding is), for exactly these two actions.
    const reason =
      "The table's KMS grant (aws-cdk-lib Table.grantReadWriteData) names the action families DynamoDB uses to write with a customer-managed key; the statement is limited to this one key's ARN.";
    Validations.of(grantee).acknowledge(
      { id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason },
      { id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', reason },
    );
  }
}
