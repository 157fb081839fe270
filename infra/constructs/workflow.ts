import { ArnFormat, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { IConstruct } from 'constructs';
import { Construct } from 'constructs';
import type { InvoiceLifecycleTask } from '../../workflows/invoice-lifecycle.js';
import { invoiceLifecycleDefinitionPath } from '../../workflows/invoice-lifecycle.js';
import { pinLogicalId, stableLogicalIds } from '../logical-ids.js';
import { wildcardResourceFinding } from '../nag.js';

export interface WorkflowProps {
  /** The Lambda behind each `${...FunctionArn}` substitution of the ASL. */
  tasks: Record<InvoiceLifecycleTask, lambda.IFunction>;
  logRetention: logs.RetentionDays;
}

/**
 * The invoice lifecycle state machine, deployed from the same ASL file the local stack executes.
 * Standard type: an invoice's workflow waits days to weeks between reminders, far past Express's 5 minutes.
 */
export class Workflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const tasks = Object.entries(props.tasks) as [InvoiceLifecycleTask, lambda.IFunction][];
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(invoiceLifecycleDefinitionPath),
      definitionSubstitutions: Object.fromEntries(tasks.map(([variable, fn]) => [variable, fn.functionArn])),
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    pinLogicalId(this.stateMachine, stableLogicalIds.stateMachine);

    // The ASL names each function by its unqualified ARN, so that is all the role may invoke;
    // fn.grantInvoke would add `<arn>:*` (every version and alias) as well.
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: tasks.map(([, fn]) => fn.functionArn),
      }),
    );

    Validations.of(this.stateMachine).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Added by aws-cdk-lib for logging and tracing: the CloudWatch Logs vended-delivery actions (logs:CreateLogDelivery, logs:DescribeResourcePolicies, ...) and xray:PutTraceSegments/GetSamplingRules support no resource-level permissions.',
    });
  }

  /**
   * SendTaskSuccess/Failure/Heartbeat on this state machine (a finance decision resumes a waiting
   * task). A separate policy, not the role's default one: a Lambda depends on its default policy, so
   * granting there would make a task function of this very state machine a dependency cycle.
   */
  grantTaskResponse(role: iam.IRole): void {
    const policy = new iam.Policy(this, `TaskResponse${Object.keys(this.taskResponders).length}`, {
      statements: [new iam.PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'], resources: [this.stateMachine.stateMachineArn] })],
    });
    policy.attachToRole(role);
    this.taskResponders[role.node.path] = policy;
  }

  private readonly taskResponders: Record<string, iam.Policy> = {};

  /** states:StartExecution on this state machine only. */
  grantStart(grantee: iam.IGrantable): void {
    this.stateMachine.grantStartExecution(grantee);
  }

  /** states:ListExecutions on this state machine only (the open-workflows gauge counts its running executions). */
  grantListExecutions(grantee: iam.IGrantable): void {
    this.stateMachine.grant(grantee, 'states:ListExecutions');
  }

  /**
   * Stop and describe this state machine's executions (a payment ends an invoice's workflow). The
   * execution ARN pattern needs a trailing `*`: each invoice's execution has its own name.
   */
  grantStopExecutions(grantee: iam.IGrantable & IConstruct): void {
    const executions = Stack.of(this).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${this.stateMachine.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['states:StopExecution', 'states:DescribeExecution'],
      resourceArns: [executions],
    });
    Validations.of(grantee).acknowledge({
      id: wildcardResourceFinding(grantee, executions),
      reason:
        "Executions are named per invoice and revision, so the ARN ends in `*`; it is still confined to this state machine's executions in this account and region.",
    });
  }
}
