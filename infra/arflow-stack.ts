import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Duration, Stack, Tags } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { invoiceLifecycleTasks } from '../workflows/invoice-lifecycle.js';
import { apiRoutes, authorizerFunctionName } from '../wiring/api-routes.js';
import { DEFAULT_DIGEST_SCHEDULE, DEFAULT_NOTICE_SPREAD_MINUTES, type StackSettings } from './config.js';
import { openWorkflowsGaugeFunctionName, weeklyDigestFunctionName } from '../wiring/schedules.js';
import { Api } from './constructs/api.js';
import { Data } from './constructs/data.js';
import { Events } from './constructs/events.js';
import { eventRelayFunctionName } from '../wiring/event-relay.js';
import { workflowStarterFunctionName, workflowStarterPacing } from '../wiring/workflow-starter.js';
import { connectWorkflowStarter } from './constructs/workflow-starter.js';
import { Ingest, importPacing } from './constructs/ingest.js';
import { connectReportProjector } from './constructs/report-projector.js';
import { reportProjectorFunctionName } from '../wiring/report-projection.js';
import { ArflowFunction } from './constructs/functions.js';
import { Monitoring } from './constructs/monitoring.js';
import { Notices } from './constructs/notices.js';
import { People } from './constructs/people.js';
import { QuotaAlarms } from './constructs/quota-alarms.js';
import { Workflow } from './constructs/workflow.js';
import { accessOf, type FunctionAccess } from '../wiring/function-access.js';
import { importFunctionName, purposeOf, sesEventsFunctionName } from '../wiring/function-purposes.js';
import { pascalCase } from './naming.js';
import { handlerAssets, handlerEntry, repositoryRoot } from './paths.js';

export interface ArflowStackProps extends StackProps {
  settings: StackSettings;
}

/** How long logs stay: long enough to investigate a quarter's disputes, short enough not to pile up. */
const logRetention = logs.RetentionDays.THREE_MONTHS;
/**
 * A safety net per region, far below the account's API Gateway quota: a runaway upstream retry loop is
 * throttled (429) before it exhausts Lambda concurrency or table capacity.
 */
const apiThrottle = { rateLimit: 100, burstLimit: 200 };

/** One region's arflow: the table, the functions, the invoice workflow, the HTTP API, notices and alarms. */
export class ArflowStack extends Stack {
  readonly data: Data;
  readonly notices: Notices;
  readonly workflow: Workflow;
  readonly api: Api;
  readonly events: Events;
  readonly monitoring: Monitoring;
  readonly ingest: Ingest;
  readonly quotaAlarms: QuotaAlarms;
  readonly people: People;
  /** Every function by its folder name under functions/. */
  readonly functions = new Map<string, ArflowFunction>();

  constructor(scope: Construct, id: string, props: ArflowStackProps) {
    super(scope, id, {
      description: `arflow accounts-receivable collections (${props.settings.stage})`,
      ...props,
    });
    const { settings } = props;
    Tags.of(this).add('arflow:stage', settings.stage);

    this.data = new Data(this, 'Data');
    this.events = new Events(this, 'Events');
    this.notices = new Notices(this, 'Notices', {
      senderEmail: settings.sender.email,
      manageSenderIdentity: settings.sender.manageIdentity,
      ...(settings.sender.tenantIdentities ? { tenantSenderIdentities: settings.sender.tenantIdentities } : {}),
    });

    this.people = new People(this, 'People', { stage: settings.stage, ...(settings.people ? { settings: settings.people } : {}) });

    const functionsScope = new Construct(this, 'Functions');
    // A function's table, mail, event bus and state machine access comes from its functionAccess entry,
    // here (`respond` further down). The workflow's tasks are created before the state machine (it
    // needs their ARNs), so none of them may start, stop or list its executions.
    const createFunction = (name: string, environment: Record<string, string> = {}): ArflowFunction => {
      const access = accessOf(name);
      const stateMachineUse = stateMachineUseOf(access);
      if (stateMachineUse !== undefined && purposeOf(name) === 'workflow') {
        throw new Error(`Workflow task '${name}' cannot ${stateMachineUse} workflows: the state machine would depend on itself`);
      }
      const created = new ArflowFunction(functionsScope, pascalCase(name), {
        name,
        entry: handlerEntry(name),
        assets: handlerAssets(name),
        projectRoot: repositoryRoot,
        purpose: purposeOf(name),
        logRetention,
        environment: {
          TABLE_NAME: this.data.table.tableName,
          ...(stateMachineUse === undefined ? {} : { STATE_MACHINE_ARN: this.workflow.stateMachine.stateMachineArn }),
          ...environment,
          ...(access.sendsMail
            ? {
                SENDER_EMAIL: settings.sender.email,
                SENDER_NAME: settings.sender.name,
                SES_CONFIGURATION_SET: this.notices.configurationSet.configurationSetName,
              }
            : {}),
          ...(access.publishesEvents ? { EVENT_BUS_NAME: this.events.bus.eventBusName } : {}),
          // Verifying people's ID tokens, or signing them in (InitiateAuth of a public client needs no IAM grant).
          ...(access.userPool ? { USER_POOL_ISSUER: this.people.issuer, USER_POOL_CLIENT_ID: this.people.client.userPoolClientId } : {}),
          // Notices leave over the window's first minutes, each invoice at its slot (shared/reminders/send-spread.ts).
          ...(access.plansNotices ? { NOTICE_SPREAD_MINUTES: String(settings.noticeSpreadMinutes ?? DEFAULT_NOTICE_SPREAD_MINUTES) } : {}),
          ...((access.sendsMail || access.tenantSenders) && this.notices.tenantSenderIdentityNames !== ''
            ? { TENANT_SENDER_IDENTITIES: this.notices.tenantSenderIdentityNames }
            : {}),
        },
      });
      if (access.table === 'read') this.data.grantRead(created.role);
      if (access.table === 'readWrite') this.data.grantReadWrite(created.role);
      if (access.sendsMail) this.notices.grantSend(created.role);
      if (access.publishesEvents) this.events.grantPut(created.role);
      if (stateMachineUse !== undefined) grantStateMachineUse(this.workflow, created.role, stateMachineUse);
      this.functions.set(name, created);
      return created;
    };

    // The workflow's tasks come first: the state machine needs their ARNs, and the functions that
    // start, stop or list executions need the state machine's.
    const tasks = mapValues(invoiceLifecycleTasks, (name): lambda.IFunction => createFunction(name).function);
    this.workflow = new Workflow(this, 'Workflow', { tasks, logRetention });

    const apiFunctionNames = [...new Set([authorizerFunctionName, ...apiRoutes.map((route) => route.functionName)])];
    for (const name of apiFunctionNames) createFunction(name);

    // The file drop: its function starts and stops workflows like the API does (it calls the same use cases).
    const importFunction = createFunction(importFunctionName, { IMPORT_STARTS_PER_SECOND: String(importPacing.startsPerSecond) });
    this.ingest = new Ingest(this, 'Ingest', { importFunction: importFunction.function, importRole: importFunction.role });

    // The weekly finance digest: an EventBridge schedule (per deployment, `digestSchedule`) runs it.
    const digestFunction = createFunction(weeklyDigestFunctionName);
    new events.Rule(this, 'WeeklyDigestSchedule', {
      description: 'arflow weekly finance digest',
      schedule: events.Schedule.expression(settings.digestSchedule ?? DEFAULT_DIGEST_SCHEDULE),
      targets: [new eventTargets.LambdaFunction(digestFunction.function, { retryAttempts: 2, maxEventAge: Duration.hours(6) })],
    });

    // The hourly count of open workflows, for the open executions alarm (infra/constructs/quota-alarms.ts).
    const openWorkflowsGauge = createFunction(openWorkflowsGaugeFunctionName);

    // Business events: the table's stream, relayed to the bus (wiring/event-relay.ts).
    this.events.connectRelay(createFunction(eventRelayFunctionName).function, this.data.table);

    // SES's delivery events (bounces, complaints, …) → the notices' timelines and suppressions.
    this.notices.routeDeliveryEventsTo(createFunction(sesEventsFunctionName).function);

    // Workflow starts: the table's stream (inserts of open invoices) → the starter (wiring/workflow-starter.ts).
    const starter = createFunction(workflowStarterFunctionName, { WORKFLOW_STARTS_PER_SECOND: String(workflowStarterPacing.startsPerSecond) });
    connectWorkflowStarter(starter.function, this.data.table);

    // Report rows: the table's stream (invoice items, timeline events) → the projector (wiring/report-projection.ts).
    connectReportProjector(createFunction(reportProjectorFunctionName).function, this.data.table);

    const functionOf = (name: string): lambda.IFunction => {
      const found = this.functions.get(name);
      if (found === undefined) throw new Error(`No function '${name}'`);
      return found.function;
    };
    this.api = new Api(this, 'Api', {
      routes: apiRoutes,
      handlers: new Map(apiRoutes.map((route) => [route.functionName, functionOf(route.functionName)])),
      authorizer: functionOf(authorizerFunctionName),
      throttle: apiThrottle,
      logRetention,
    });

    // After the state machine and the API exist: these grants and settings refer to both, and a
    // function that the state machine invokes must not be a dependency of it (see grantTaskResponse).
    for (const [name, created] of this.functions) {
      const access = accessOf(name);
      if (access.workflow === 'respond') this.workflow.grantTaskResponse(created.role);
      if (access.linksToApi) created.function.addEnvironment('PUBLIC_API_URL', this.api.stage.url);
    }

    this.monitoring = new Monitoring(this, 'Monitoring', {
      functions: new Map([...this.functions].map(([name, created]) => [name, created.function])),
      stateMachine: this.workflow.stateMachine,
      httpApi: this.api.httpApi,
      ...(settings.alarmEmail === undefined ? {} : { alarmEmail: settings.alarmEmail }),
    });

    this.ingest.alarmTo(this.monitoring.topic);
    this.quotaAlarms = new QuotaAlarms(this, 'QuotaAlarms', {
      stateMachine: this.workflow.stateMachine,
      gauge: openWorkflowsGauge.function,
      topic: this.monitoring.topic,
      ...(settings.quotas === undefined ? {} : { quotas: settings.quotas }),
    });

    new CfnOutput(this, 'ImportBucketName', { value: this.ingest.bucket.bucketName, description: 'Drop files under incoming/<tenant>/invoices/ or payments/' });
    new CfnOutput(this, 'ApiUrl', { value: this.api.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: this.people.userPool.userPoolId, description: 'The people\'s user pool (docs/access.md): add users with custom:tenantId and a group' });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName, description: 'The invoices table' });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn, description: 'The invoice lifecycle state machine' });
  }
}

function mapValues<K extends string, V, R>(record: Readonly<Record<K, V>>, map: (value: V) => R): Record<K, R> {
  return Object.fromEntries(Object.entries<V>(record).map(([key, value]) => [key, map(value)])) as Record<K, R>;
}

/** A functionAccess `workflow` that refers to the state machine's ARN (all but `respond`, which answers a task token). */
type StateMachineUse = Exclude<FunctionAccess['workflow'], 'respond' | undefined>;

function stateMachineUseOf(access: FunctionAccess): StateMachineUse | undefined {
  return access.workflow === 'respond' ? undefined : access.workflow;
}

/** The grants behind a functionAccess `workflow` that sets STATE_MACHINE_ARN: each on this state machine only. */
function grantStateMachineUse(workflow: Workflow, role: iam.IRole, use: StateMachineUse): void {
  if (use === 'start' || use === 'startAndStop') workflow.grantStart(role);
  if (use === 'stop' || use === 'startAndStop') workflow.grantStopExecutions(role);
  if (use === 'list') workflow.grantListExecutions(role);
}
