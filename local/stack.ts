import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createDocumentClient } from '../shared/kernel/index.js';
import { readEnvironment } from '../shared/kernel/index.js';
import { invoiceLifecycleTasks, renderInvoiceLifecycleDefinition, type InvoiceLifecycleTask } from '../workflows/invoice-lifecycle.js';
import { apiKeyStore, collectionDeps } from '../functions/_shared/deps.js';
import { createApiServer } from './api/api-server.js';
import { localRoutes } from './api/local-routes.js';
import { weeklyDigestFunctionName } from '../wiring/schedules.js';
import { LocalClock, type ClockMode } from './clock.js';
import { ensureTable, startDynamoDb, type DynamoDbEmulator } from './emulators/dynamodb.js';
import { freePort } from './emulators/free-port.js';
import { startCognito } from './emulators/cognito.js';
import { provisionUserPool, type LocalUserPool } from './user-pool.js';
import { rm } from 'node:fs/promises';
import { startS3, type S3Emulator } from './emulators/s3.js';
import { startSes, type AcceptedEmail, type SesEmulator } from './emulators/ses.js';
import { sesEventSource, type SesEventSource } from './ses-events.js';
import { startEventBridge, type EventBridgeEmulator } from './emulators/eventbridge.js';
import { FaultSwitch, startFaultProxy } from './emulators/fault-proxy.js';
import { startStreamRelay } from './stream-relay.js';
import { eventRelayFunctionName, isRelayed } from '../wiring/event-relay.js';
import { sesEventsFunctionName } from '../wiring/function-purposes.js';
import { isWorkflowStartRequest, workflowStarterFunctionName } from '../wiring/workflow-starter.js';
import { startLocalReportProjector } from './report-projector.js';
import { routeS3Notifications } from './s3-notifications.js';
import { buildLocalFunctions } from './functions.js';
import { close, listen } from './http-util.js';
import { invoker } from './lambda-runtime.js';
import { resumeOpenInvoiceWorkflows } from './resume-workflows.js';
import { LocalStateMachine } from './sfn/local-step-functions.js';
import { functionsNeedingDynamoDb, memoryStore, needsDynamoDb, type LocalStore } from './memory-store.js';
import type { ApiKeyStore } from '../shared/identity/index.js';
import type { InvoiceRepository } from '../shared/invoicing/index.js';
import type { NoticeLedger } from '../shared/invoicing/index.js';
import { createSfnEndpoint } from './sfn/sfn-endpoint.js';
import { startDynamoDbMeterProxy } from './metering/dynamodb-meter-proxy.js';
import type { LocalMeter } from './metering/local-meter.js';
import { importSummary, type Activity } from './terminal.js';

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
export const LOCAL_TABLE_NAME = 'arflow-local';
export const LOCAL_IMPORT_BUCKET = 'arflow-local-imports';
const STATE_MACHINE_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:arflow-local-invoice-lifecycle`;
export const LOCAL_EVENT_BUS_NAME = 'arflow-local-events';
const localFunctionArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:arflow-local-${name}`;

export interface LocalStackOptions {
  /** API port; 0 picks a free one (tests). Default 3000. */
  port?: number;
  clock?: ClockMode;
  /** Where the clock starts (fast and virtual). Default: now. */
  clockStart?: Date;
  /** The demo tenant's API key; random when absent. */
  apiKey?: string;
  tenantId?: string;
  /** Keeps DynamoDB and S3 data across restarts; in memory/temporary when absent. */
  dataDir?: string;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** Told one line per finished import and per clock move (`npm start` prints them). */
  onActivity?: Activity;
  /** s3rver's port (the import bucket); 0 or absent picks a free one. `npm start` uses 4569. */
  s3Port?: number;
  /** Workflow starts per second an import makes (IMPORT_STARTS_PER_SECOND). Default 500: no quota here. */
  importStartsPerSecond?: number;
  /** Minutes over which notices are spread after the window opens (NOTICE_SPREAD_MINUTES). Default 0: no SES rate here, notices at the opening. */
  noticeSpreadMinutes?: number;
  /**
   * 'memory' keeps invoices, policies, customers and API keys in process memory instead of DynamoDB
   * Local (the policy simulator's `--store memory`): no JVM, no business-event relay (new invoices still reach the workflow starter), no resume on boot, and
   * the reports and file imports (which read DynamoDB directly) answer 500. Default 'dynamodb'.
   */
  store?: LocalStore;
  /** Counts invocations, state transitions and DynamoDB request units (bench/cost.ts); off by default. */
  meter?: LocalMeter;
  /**
   * Puts a fault-injecting proxy in front of SES and DynamoDB (`/_local/faults`, `stack.faults`), for
   * the reliability suite and for trying failures by hand. Off by default: one hop less.
   */
  faults?: boolean;
  /** Workflow starts per second of the stream's workflow starter (WORKFLOW_STARTS_PER_SECOND). Default 500: no quota here. */
  workflowStartsPerSecond?: number;
}

export interface LocalStack {
  apiUrl: string;
  inboxUrl: string;
  apiKey: string;
  tenantId: string;
  clock: LocalClock;
  stateMachine: LocalStateMachine;
  endpoints: { dynamodb: string; ses: string; s3: string; sfn: string };
  /** The emulators, e.g. to take SES down and watch the workflow's retries and failure path. */
  emulators: { dynamodb: DynamoDbEmulator; ses: SesEmulator; s3: S3Emulator };
  resumedWorkflows: number;
  /** The people's user pool in cognito-local: its issuer, app client and one demo user per role of the tenant. */
  people: LocalUserPool;
  /** The repositories the handlers use (DynamoDB adapters, or the memory store's). */
  repositories: { invoices: InvoiceRepository; noticeLedger: NoticeLedger; apiKeys: ApiKeyStore };
  /** Arms SES/DynamoDB errors (when started with `faults: true`). */
  faults?: FaultSwitch;
  /** The import bucket (files dropped under incoming/<tenant>/invoices/ or payments/ are imported). */
  importBucket: string;
  /** Resolves when every import that s3rver's events started has finished, retries included. */
  importsIdle(): Promise<void>;
  /** Resolves when the workflow starter has read the table's stream up to now (every stored open invoice's workflow is started). */
  workflowsStarted(): Promise<void>;
  /** Resolves when the report projector has read the table's stream up to now (every report row is current). */
  reportsCurrent(): Promise<void>;
  /** Resolves when every SES event so far (delivery, bounce, …) has been handled by the ses-events function. */
  sesEventsHandled(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Boots arflow on loopback: DynamoDB Local, the SES v2 emulator, s3rver, the invoice lifecycle state
 * machine (the ASL the CDK app deploys) in aws-local-stepfunctions, and an HTTP server routing to the
 * same Lambda handlers. Handlers reach the emulators through the standard AWS_ENDPOINT_URL_* variables,
 * so this is one per process.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const clock = new LocalClock(options.clock ?? 'real', options.clockStart ?? new Date());
  const tenantId = options.tenantId ?? 'demo';
  const apiKey = options.apiKey ?? `arf_${randomBytes(24).toString('base64url')}`;
  const stoppers: (() => Promise<void>)[] = [async () => clock.stop()];
  const store = options.store ?? 'dynamodb';
  // SES events need the functions, which need the emulators' endpoints: accepted emails wait for them.
  let sesEvents: SesEventSource | undefined;
  const acceptedEarly: AcceptedEmail[] = [];

  try {
    const [dynamodb, ses, s3, sfnPort, eventBridge]: [DynamoDbEmulator, SesEmulator, S3Emulator, number, EventBridgeEmulator] = await Promise.all([
      store === 'memory' ? unreachableDynamoDb() : startDynamoDb({ dataDir: options.dataDir && `${options.dataDir}/dynamodb` }),
      startSes({ onAccepted: (email) => (sesEvents ? sesEvents.accepted(email) : acceptedEarly.push(email)) }),
      startS3({ dataDir: options.dataDir ? `${options.dataDir}/s3` : `${process.env['TMPDIR'] ?? '/tmp'}/arflow-s3-${process.pid}`, buckets: [LOCAL_IMPORT_BUCKET], ...(options.s3Port ? { port: options.s3Port } : {}) }),
      freePort(),
      startEventBridge(),
    ]);
    stoppers.push(dynamodb.stop, ses.stop, s3.stop, eventBridge.stop);
    // People sign in against cognito-local, as against the CDK app's user pool (docs/access.md).
    const cognitoDir = options.dataDir ? `${options.dataDir}/cognito` : `${process.env['TMPDIR'] ?? '/tmp'}/arflow-cognito-${process.pid}-${randomBytes(4).toString('hex')}`;
    const cognito = await startCognito({ dataDir: cognitoDir });
    stoppers.push(cognito.stop);
    if (!options.dataDir) stoppers.push(() => rm(cognitoDir, { recursive: true, force: true }));
    const people = await provisionUserPool(cognito.endpoint, tenantId);
    // With a meter, handlers reach DynamoDB Local through a proxy that adds up the request units.
    const meterProxy = options.meter ? await startDynamoDbMeterProxy(dynamodb.endpoint, options.meter) : undefined;
    if (meterProxy) stoppers.push(meterProxy.stop);
    // Known before any handler is built: links in approval emails point at the API.
    const apiPort = options.port === 0 ? await freePort() : (options.port ?? 3000);
    const sfnEndpoint = `http://127.0.0.1:${sfnPort}`;
    const faults = options.faults ? new FaultSwitch(() => clock.nowMs()) : undefined;
    const [sesProxy, dynamoDbProxy] = faults
      ? await Promise.all([startFaultProxy('ses', ses.endpoint, faults), startFaultProxy('dynamodb', dynamodb.endpoint, faults)])
      : [undefined, undefined];
    if (sesProxy && dynamoDbProxy) stoppers.push(sesProxy.stop, dynamoDbProxy.stop);

    Object.assign(process.env, {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      // The meter and the fault switch are not used together (bench/cost.ts vs the reliability suite).
      AWS_ENDPOINT_URL_DYNAMODB: meterProxy?.endpoint ?? dynamoDbProxy?.endpoint ?? dynamodb.endpoint,
      AWS_ENDPOINT_URL_SESV2: sesProxy?.endpoint ?? ses.endpoint,
      AWS_ENDPOINT_URL_SFN: sfnEndpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge.endpoint,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.endpoint,
      USER_POOL_ISSUER: people.issuer,
      USER_POOL_CLIENT_ID: people.clientId,
      EVENT_BUS_NAME: LOCAL_EVENT_BUS_NAME,
      TABLE_NAME: LOCAL_TABLE_NAME,
      STATE_MACHINE_ARN,
      SENDER_EMAIL: 'collections@arflow.local',
      SENDER_NAME: 'Accounts Receivable (arflow local)',
      SES_CONFIGURATION_SET: 'arflow-local',
      TENANT_SENDER_IDENTITIES: 'arflow.local,example.com',
      PUBLIC_API_URL: `http://127.0.0.1:${apiPort}`,
      POWERTOOLS_SERVICE_NAME: 'arflow',
      POWERTOOLS_LOG_LEVEL: options.logLevel ?? 'WARN',
      POWERTOOLS_TRACE_ENABLED: 'false',
      // With tracing off, the X-Ray SDK (under Powertools' Tracer) still enables an async hook with destroy
      // tracking on every promise in the process unless in manual mode: a tenth of the simulator's CPU.
      AWS_XRAY_MANUAL_MODE: process.env['AWS_XRAY_MANUAL_MODE'] ?? 'true',
      POWERTOOLS_METRICS_DISABLED: 'true',
      IMPORT_STARTS_PER_SECOND: String(options.importStartsPerSecond ?? 500),
      WORKFLOW_STARTS_PER_SECOND: String(options.workflowStartsPerSecond ?? 500),
      NOTICE_SPREAD_MINUTES: String(options.noticeSpreadMinutes ?? 0),
    });
    if (store === 'dynamodb') await ensureTable(dynamodb.endpoint, LOCAL_TABLE_NAME);

    const env = readEnvironment();
    const memory = store === 'memory' ? memoryStore((error) => process.stderr.write(`local workflow starter: ${(error as Error).message}\n`)) : undefined;
    const deps = memory
      ? { collection: { ...collectionDeps(env), invoices: memory.invoices, noticeLedger: memory.noticeLedger, invoiceRevisions: memory.invoiceRevisions, paymentReferences: memory.paymentReferences, payments: memory.payments, creditNotes: memory.creditNotes, customerLinks: memory.customerLinks, disputes: memory.disputes, paymentPlans: memory.paymentPlans, escalations: memory.escalations, linkKeys: memory.linkKeys, invoiceBatch: memory.invoiceBatch, policies: memory.policies, customers: memory.customers, contactDays: memory.contactDays, noticeSettings: memory.noticeSettings, sentMessages: memory.sentMessages, suppressions: memory.suppressions, ownerTasks: memory.ownerTasks, statements: memory.statements, clock }, apiKeys: memory.apiKeys }
      : { collection: { ...collectionDeps(env), clock }, apiKeys: apiKeyStore(env) };
    const functions = await buildLocalFunctions(deps);
    if (memory) for (const name of functionsNeedingDynamoDb) functions.set(name, needsDynamoDb(name));
    const invoke = invoker(clock, options.meter);

    const tasksByResource = Object.fromEntries(
      Object.values(invoiceLifecycleTasks).map((name) => [localFunctionArn(name), (input: unknown) => invoke(name, functions.get(name)!, input)]),
    );
    const substitutions = Object.fromEntries(
      Object.entries(invoiceLifecycleTasks).map(([variable, name]) => [variable, localFunctionArn(name)]),
    ) as Record<InvoiceLifecycleTask, string>;
    const stateMachine = new LocalStateMachine(STATE_MACHINE_ARN, renderInvoiceLifecycleDefinition(substitutions), tasksByResource, clock, options.meter);

    const sfnServer: Server = createSfnEndpoint([stateMachine]);
    await listen(sfnServer, sfnPort);
    stoppers.push(async () => {
      for (const execution of stateMachine.list()) if (execution.status === 'RUNNING') stateMachine.stop(execution.executionArn, 'LocalStackStopped');
      await close(sfnServer);
    });

    await deps.apiKeys.put(apiKey, tenantId, 'local demo key');

    // The table's stream → the relay function → the event bus, as the CDK app's event source mapping does.
    const relayFunction = functions.get(eventRelayFunctionName)!;
    const streamRelay = memory ? { drain: async () => {}, stop: async () => {} } : startStreamRelay({
      endpoint: dynamodb.endpoint,
      tableName: LOCAL_TABLE_NAME,
      filter: isRelayed,
      invoke: (event) => invoke(eventRelayFunctionName, relayFunction, event),
      onFailure: (error) => process.stderr.write(`local event relay: ${(error as Error).stack ?? String(error)}\n`),
    });
    stoppers.push(() => streamRelay.stop());
    // SES's configuration-set events → the ses-events function, as the CDK app's EventBridge rule does.
    const sesEventsFunction = functions.get(sesEventsFunctionName)!;
    sesEvents = sesEventSource({
      invoke: (event) => invoke(sesEventsFunctionName, sesEventsFunction, event),
      now: () => clock.now(),
      onFailure: (error) => process.stderr.write(`local SES events: ${(error as Error).stack ?? String(error)}\n`),
    });
    for (const email of acceptedEarly.splice(0)) sesEvents.accepted(email);
    stoppers.push(() => sesEvents!.drain());
    const businessEvents = async () => {
      await streamRelay.drain();
      return eventBridge.events();
    };

    // The table's stream → the workflow starter, as the CDK app's second event source mapping does (the
    // memory store hands its inserts over itself).
    const starterFunction = functions.get(workflowStarterFunctionName)!;
    const invokeStarter = (event: unknown) => invoke(workflowStarterFunctionName, starterFunction, event);
    if (memory) memory.insertStream.connect(invokeStarter);
    const workflowStarter = memory
      ? memory.insertStream
      : startStreamRelay({
          endpoint: dynamodb.endpoint,
          tableName: LOCAL_TABLE_NAME,
          filter: isWorkflowStartRequest,
          invoke: invokeStarter,
          onFailure: (error) => process.stderr.write(`local workflow starter: ${(error as Error).message}\n`),
        });
    stoppers.push(() => workflowStarter.stop());
    const workflowsStarted = () => workflowStarter.drain();
    // Workflows start from the table's stream: every stored invoice's workflow runs before time moves.
    clock.waitBeforeAdvancing(workflowsStarted);

    // The table's stream → the report projector (the CDK app's third event source mapping).
    const reportProjector = startLocalReportProjector({ memory: memory !== undefined, endpoint: dynamodb.endpoint, tableName: LOCAL_TABLE_NAME, functions, invoke });
    stoppers.push(() => reportProjector.stop());
    const reportsCurrent = () => reportProjector.drain();
    // What the CDK app's EventBridge schedule sends the weekly digest function (its rows current first, as hours after the last change on AWS).
    const runWeeklyDigest = () =>
      reportsCurrent().then(() => invoke(weeklyDigestFunctionName, functions.get(weeklyDigestFunctionName)!, { version: '0', id: `local-${clock.nowMs()}`, 'detail-type': 'Scheduled Event', source: 'aws.events', time: clock.now().toISOString(), resources: [], detail: {} }));
    const apiServer = createApiServer({ functions, invoke, clock, localRoutes: localRoutes({ clock, sesEndpoint: ses.endpoint, businessEvents, runWeeklyDigest, reportsCurrent, sesEvents, faults, ...(options.onActivity ? { onActivity: options.onActivity } : {}) }) });
    await listen(apiServer, apiPort);
    stoppers.push(() => close(apiServer));

    const importFunction = functions.get('import-file')!;
    const importAndTell = async (event: unknown) => {
      const result = await invoke('import-file', importFunction, event);
      const line = options.onActivity && importSummary(result);
      if (line) options.onActivity?.(line);
      return result;
    };
    const notifications = routeS3Notifications(s3.server, importAndTell, (error, key) =>
      process.stderr.write(`local S3 notifications: importing ${key} failed after retries: ${(error as Error).stack ?? String(error)}\n`),
    );
    stoppers.push(() => notifications.idle());

    const resumedWorkflows = memory ? 0 : await resumeOpenInvoiceWorkflows(createDocumentClient(), LOCAL_TABLE_NAME, deps.collection.workflows);

    return {
      apiUrl: `http://127.0.0.1:${apiPort}`,
      inboxUrl: ses.endpoint,
      apiKey,
      tenantId,
      clock,
      stateMachine,
      endpoints: { dynamodb: dynamodb.endpoint, ses: ses.endpoint, s3: s3.endpoint, sfn: sfnEndpoint },
      emulators: { dynamodb, ses, s3 },
      resumedWorkflows,
      people,
      repositories: { invoices: deps.collection.invoices, noticeLedger: deps.collection.noticeLedger, apiKeys: deps.apiKeys },
      ...(faults ? { faults } : {}),
      importBucket: LOCAL_IMPORT_BUCKET,
      importsIdle: () => notifications.idle(),
      workflowsStarted,
      reportsCurrent,
      sesEventsHandled: () => sesEvents!.drain(),
      stop: () => stopAll(stoppers),
    };
  } catch (error) {
    await stopAll(stoppers);
    throw error;
  }
}

async function stopAll(stoppers: (() => Promise<void>)[]): Promise<void> {
  for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
  stoppers.length = 0;
}

/** The memory store starts no DynamoDB Local; SDK clients still need an endpoint, and a closed loopback port fails fast. */
async function unreachableDynamoDb(): Promise<DynamoDbEmulator> {
  return { endpoint: 'http://127.0.0.1:9', stop: async () => {} };
}
