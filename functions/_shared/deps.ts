import { createDocumentClient, createSesClient, createSfnClient } from '../../shared/kernel/index.js';
import { readEnvironment, required } from '../../shared/kernel/index.js';
import { CognitoIdTokens, DynamoApiKeyStore } from '../../shared/identity/index.js';
import { DynamoInvoiceRepository } from '../../shared/invoicing/index.js';
import { DynamoNoticeLedger, DynamoPaymentReferences } from '../../shared/invoicing/index.js';
import { DynamoPaymentRepository } from '../../shared/payments/index.js';
import { DynamoCustomerLinkRepository } from '../../shared/self-service/index.js';
import { DynamoDisputeRepository } from '../../shared/disputes/index.js';
import { DynamoPaymentPlanRepository } from '../../shared/payment-plans/index.js';
import { DynamoEscalationRepository } from '../../shared/escalation/index.js';
import { DynamoLinkKeyStore } from '../../shared/kernel/index.js';
import { DynamoInvoiceBatchStore, DynamoInvoiceRevisions } from '../../shared/imports/index.js';
import { SesMailer } from '../../shared/kernel/index.js';
import { SfnInvoiceWorkflows } from '../../shared/invoicing/index.js';
import { systemClock } from '../../shared/kernel/index.js';
import type { TaskTokens } from '../../shared/escalation/index.js';
import type { InvoiceWorkflows } from '../../shared/invoicing/index.js';
import type { Mailer } from '../../shared/kernel/index.js';
import { DynamoPolicyRepository } from '../../shared/policies/index.js';
import { DynamoContactDays } from '../../shared/customers/index.js';
import { DynamoCustomerRepository } from '../../shared/customers/index.js';
import { SfnTaskTokens } from '../../shared/escalation/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { DynamoNoticeSettings } from '../../shared/notices/index.js';
import { DynamoOwnerTasks } from '../../shared/notices/index.js';
import { DynamoSentMessages } from '../../shared/notices/index.js';
import { DynamoStatementLedger } from '../../shared/notices/index.js';
import { DynamoSuppressions } from '../../shared/notices/index.js';
import { DynamoCreditNoteRepository } from '../../shared/credit-notes/index.js';

/**
 * Builds a handler's dependencies from the environment, once per cold start. Clients a function
 * does not use are never contacted; those that need a setting it lacks fail on first use with the
 * setting's name.
 */
export function collectionDeps(env = readEnvironment()): CollectionDeps {
  const db = createDocumentClient();
  // One Step Functions client for task tokens and workflows, made on first use: most functions never call it.
  let sfn: ReturnType<typeof createSfnClient> | undefined;
  const sfnClient = () => (sfn ??= createSfnClient());
  return {
    invoices: new DynamoInvoiceRepository(db, env.TABLE_NAME),
    noticeLedger: new DynamoNoticeLedger(db, env.TABLE_NAME),
    paymentReferences: new DynamoPaymentReferences(db, env.TABLE_NAME),
    payments: new DynamoPaymentRepository(db, env.TABLE_NAME),
    creditNotes: new DynamoCreditNoteRepository(db, env.TABLE_NAME),
    customerLinks: new DynamoCustomerLinkRepository(db, env.TABLE_NAME),
    disputes: new DynamoDisputeRepository(db, env.TABLE_NAME),
    paymentPlans: new DynamoPaymentPlanRepository(db, env.TABLE_NAME),
    escalations: new DynamoEscalationRepository(db, env.TABLE_NAME),
    linkKeys: new DynamoLinkKeyStore(db, env.TABLE_NAME),
    invoiceBatch: new DynamoInvoiceBatchStore(db, env.TABLE_NAME),
    invoiceRevisions: new DynamoInvoiceRevisions(db, env.TABLE_NAME),
    policies: new DynamoPolicyRepository(db, env.TABLE_NAME),
    customers: new DynamoCustomerRepository(db, env.TABLE_NAME),
    contactDays: new DynamoContactDays(db, env.TABLE_NAME),
    taskTokens: lazy<TaskTokens>(() => new SfnTaskTokens(sfnClient())),
    workflows: lazy<InvoiceWorkflows>(() => new SfnInvoiceWorkflows(sfnClient(), required(env, 'STATE_MACHINE_ARN'))),
    mailer: lazy<Mailer>(() => new SesMailer(createSesClient(), required(env, 'SENDER_EMAIL'), env.SES_CONFIGURATION_SET)),
    clock: systemClock,
    senderName: env.SENDER_NAME,
    // Only functions that email links read it; the others never touch it.
    publicApiUrl: (env.PUBLIC_API_URL ?? '').replace(/\/$/, ''),
    noticeSettings: new DynamoNoticeSettings(db, env.TABLE_NAME),
    sentMessages: new DynamoSentMessages(db, env.TABLE_NAME),
    suppressions: new DynamoSuppressions(db, env.TABLE_NAME),
    ownerTasks: new DynamoOwnerTasks(db, env.TABLE_NAME),
    statements: new DynamoStatementLedger(db, env.TABLE_NAME),
    senderIdentities: env.TENANT_SENDER_IDENTITIES,
    noticeSpreadMinutes: env.NOTICE_SPREAD_MINUTES ?? 0,
  };
}

export function apiKeyStore(env = readEnvironment()): DynamoApiKeyStore {
  return new DynamoApiKeyStore(createDocumentClient(), env.TABLE_NAME);
}

/** Verifies people's ID tokens when the deployment has a user pool (USER_POOL_ISSUER and USER_POOL_CLIENT_ID). */
export function personTokens(env = readEnvironment()): CognitoIdTokens | undefined {
  if (env.USER_POOL_ISSUER === undefined || env.USER_POOL_CLIENT_ID === undefined) return undefined;
  return new CognitoIdTokens({ issuer: env.USER_POOL_ISSUER, clientId: env.USER_POOL_CLIENT_ID });
}

/** Creates the real object on first method call, so a function only needs the settings it uses. */
function lazy<T extends object>(create: () => T): T {
  let instance: T | undefined;
  return new Proxy({} as T, {
    get: (_target, property) => {
      instance ??= create();
      const value = instance[property as keyof T];
      return typeof value === 'function' ? value.bind(instance) : value;
    },
  });
}
