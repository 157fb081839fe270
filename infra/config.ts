import { existsSync, readFileSync } from 'node:fs';
import type { IConstruct } from 'constructs';
import * as z from 'zod';
import { MAX_NOTICE_SPREAD_MINUTES } from '../shared/kernel/index.js';

/**
 * Deployment configuration: which stage, which regions (one stack each), which account, and the few
 * settings a deployment must choose (the SES sender, where alarms go).
 *
 * Sources, strongest first: CDK context (`-c key=value` or cdk.json), then the stage's entry in an
 * optional `arflow.config.json` at the repository root, then defaults. Only the app entry point reads
 * these sources; constructs receive the parsed result as props.
 */

/** Region used when neither context nor the config file names one, so `cdk synth` works with no AWS profile. */
export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_STAGE = 'dev';
/**
 * A placeholder that keeps `cdk synth` working out of the box. Sending needs a sender identity that SES
 * has verified, so a real deployment sets `senderEmail` (context or arflow.config.json).
 */
export const DEFAULT_SENDER_EMAIL = 'collections@example.com';
/** Same default as the Lambdas' own (shared/kernel/adapters/config.ts). */
export const DEFAULT_SENDER_NAME = 'Accounts Receivable';
export const CONFIG_FILE_NAME = 'arflow.config.json';

/** The context keys this app reads; everything else in the context (feature flags) is ignored here. */
export const contextKeys = ['stage', 'region', 'regions', 'account', 'senderEmail', 'senderName', 'alarmEmail', 'manageSenderIdentity', 'digestSchedule', 'tenantSenderIdentities', 'noticeSpreadMinutes', 'openExecutionsQuota', 'sesMaxSendRate', 'sesMax24HourSend'] as const;

/** When the weekly finance digest goes out unless a deployment says otherwise: Mondays 07:00 UTC. */
export const DEFAULT_DIGEST_SCHEDULE = 'cron(0 7 ? * MON *)';
/** An EventBridge schedule expression: cron(...) with six fields, or rate(...). */
const scheduleSchema = z.string().regex(/^(cron\((\S+ ){5}\S+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/, 'an EventBridge schedule expression, e.g. cron(0 7 ? * MON *) or rate(7 days)');

export class DeploymentConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeploymentConfigError';
  }
}

const stageSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,19}$/, 'a stage is 1-20 lowercase letters, digits or dashes, starting with a letter (it becomes part of the stack name)');
const regionSchema = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'not an AWS region name (expected e.g. eu-west-1)');
const accountSchema = z.string().regex(/^\d{12}$/, 'an AWS account id is 12 digits');
const emailSchema = z.email('not an email address');
/** The sender name goes into the From header: no line breaks or angle brackets that could forge headers. */
const senderNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^\r\n<>"]+$/, 'a sender name has no line breaks, quotes or angle brackets');

/** A tenant's sender identity: a domain (verified with Easy DKIM) or a single address. */
const senderIdentitySchema = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.union([z.email(), z.string().regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/)], 'must be a domain (e.g. mail.acme.example) or an email address'));
/** `-c tenantSenderIdentities=a.example,b.example` arrives as a string, cdk.json may hold an array. */
const identityListSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((item) => item.trim()).filter((item) => item !== ''))
  .pipe(z.array(senderIdentitySchema).max(50));

/** `-c sesMaxSendRate=50` arrives as a string, arflow.config.json holds a number. */
const positiveNumberSchema = z.coerce.number().positive().max(1e9);
/** Minutes after the window opens over which notices are spread (shared/reminders/send-spread.ts): 0 to MAX_NOTICE_SPREAD_MINUTES. */
const spreadMinutesSchema = z.coerce.number().int().min(0).max(MAX_NOTICE_SPREAD_MINUTES);

/**
 * The account's quotas in this region that alarms are set against (infra/constructs/quota-alarms.ts):
 * the defaults are a new account's; a deployment whose quotas were raised says so here.
 */
const quotasFileSchema = z.strictObject({
  openExecutions: positiveNumberSchema.optional(),
  sesMaxSendRate: positiveNumberSchema.optional(),
  sesMax24HourSend: positiveNumberSchema.optional(),
});

/**
 * The people's user pool (docs/access.md): optional SAML/OIDC federation, each provider naming the
 * claim that carries the person's tenant; the hosted sign-in domain and the workspace's callback URLs
 * that federation needs. The OIDC client secret stays in Secrets Manager (its name here).
 */
const peopleFileSchema = z.strictObject({
  domainPrefix: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lowercase letters, digits and hyphens').optional(),
  callbackUrls: z.array(z.url({ protocol: /^https$/, error: 'must be an https URL' })).max(20).optional(),
  saml: z.strictObject({ name: z.string().min(3).max(32), metadataUrl: z.url({ protocol: /^https$/ }), tenantClaim: z.string().min(1) }).optional(),
  oidc: z.strictObject({ name: z.string().min(3).max(32), issuerUrl: z.url({ protocol: /^https$/ }), clientId: z.string().min(1), clientSecretName: z.string().min(1), tenantClaim: z.string().min(1) }).optional(),
});

export type PeopleSettings = z.infer<typeof peopleFileSchema>;

/** One stage's entry in arflow.config.json. */
const stageFileSchema = z.strictObject({
  regions: z.array(regionSchema).min(1, 'list at least one region'),
  account: accountSchema.optional(),
  senderEmail: emailSchema.optional(),
  senderName: senderNameSchema.optional(),
  alarmEmail: emailSchema.optional(),
  manageSenderIdentity: z.boolean().optional(),
  digestSchedule: scheduleSchema.optional(),
  tenantSenderIdentities: identityListSchema.optional(),
  noticeSpreadMinutes: spreadMinutesSchema.optional(),
  quotas: quotasFileSchema.optional(),
  people: peopleFileSchema.optional(),
});

const configFileSchema = z.strictObject({
  stages: z.record(stageSchema, stageFileSchema),
});

export type ConfigFile = z.infer<typeof configFileSchema>;

/** `-c regions=a,b` arrives as a string, cdk.json may hold an array. */
const regionListSchema = z.union([z.string(), z.array(z.string())]).transform((value) =>
  (Array.isArray(value) ? value : value.split(','))
    .map((region) => region.trim())
    .filter((region) => region.length > 0),
);
/** `-c manageSenderIdentity=true` arrives as a string, cdk.json may hold a boolean. */
const booleanFlagSchema = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

const contextSchema = z.object({
  stage: stageSchema.optional(),
  region: regionSchema.optional(),
  regions: regionListSchema.pipe(z.array(regionSchema).min(1, 'list at least one region')).optional(),
  account: accountSchema.optional(),
  senderEmail: emailSchema.optional(),
  senderName: senderNameSchema.optional(),
  alarmEmail: emailSchema.optional(),
  manageSenderIdentity: booleanFlagSchema.optional(),
  digestSchedule: scheduleSchema.optional(),
  tenantSenderIdentities: identityListSchema.optional(),
  noticeSpreadMinutes: spreadMinutesSchema.optional(),
  openExecutionsQuota: positiveNumberSchema.optional(),
  sesMaxSendRate: positiveNumberSchema.optional(),
  sesMax24HourSend: positiveNumberSchema.optional(),
});

/** The account's regional quotas the alarms compare against; absent ones take a new account's defaults. */
export interface QuotaSettings {
  /** Step Functions Standard open executions (1,000,000 by default). */
  openExecutions?: number;
  /** SES maximum send rate, emails per second. */
  sesMaxSendRate?: number;
  /** SES sending quota, emails per 24 hours. */
  sesMax24HourSend?: number;
}

export interface SenderSettings {
  /** The From address; SES must have it (or its domain) verified in each region. */
  email: string;
  name: string;
  /**
   * Whether this stack creates the SES email identity for `email`. Off by default: the identity is
   * often a domain verified elsewhere, and CloudFormation fails when it creates one that already exists.
   */
  manageIdentity: boolean;
  /**
   * SES identities (domains with Easy DKIM, or addresses) this stack creates for tenants' own From
   * addresses; a tenant's branding may name a sender at one of them.
   */
  tenantIdentities?: string[];
}

export interface DeploymentConfig {
  stage: string;
  regions: string[];
  account?: string;
  sender: SenderSettings;
  alarmEmail?: string;
  /** When the weekly digest runs (DEFAULT_DIGEST_SCHEDULE when absent). */
  digestSchedule?: string;
  /** Minutes over which notices are spread after the window opens (DEFAULT_NOTICE_SPREAD_MINUTES when absent). */
  noticeSpreadMinutes?: number;
  quotas?: QuotaSettings;
  people?: PeopleSettings;
}

/** What one regional stack needs. */
export interface StackSettings {
  stage: string;
  region: string;
  account?: string;
  sender: SenderSettings;
  alarmEmail?: string;
  digestSchedule?: string;
  noticeSpreadMinutes?: number;
  quotas?: QuotaSettings;
  people?: PeopleSettings;
}

/**
 * Notices leave over the first two hours of the sending window unless a deployment says otherwise:
 * 7,200 one-second slots, so a region sends at most N / 7,200 notices a second for N notices due in
 * one time zone on one day (docs/scaling.md).
 */
export const DEFAULT_NOTICE_SPREAD_MINUTES = 120;

export interface ConfigSources {
  /** CDK context values by key (only `contextKeys` are read). */
  context: Partial<Record<(typeof contextKeys)[number], unknown>>;
  /** The parsed JSON of arflow.config.json, if there is one. */
  file?: unknown;
  /** Where `file` came from, for error messages. */
  fileName?: string;
}

function describeIssues(source: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => `  - ${source}${issue.path.length > 0 ? ` ${issue.path.join('.')}` : ''}: ${issue.message}`)
    .join('\n');
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, source: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new DeploymentConfigError(`arflow deployment config is invalid:\n${describeIssues(source, parsed.error)}`);
  return parsed.data;
}

/** The context values this app reads, from a construct (the app) that holds the CDK context. */
export function readContext(scope: IConstruct): ConfigSources['context'] {
  return Object.fromEntries(contextKeys.map((key) => [key, scope.node.tryGetContext(key) as unknown]));
}

/** Drops unset context keys so that "not given" and "given as undefined" mean the same. */
function definedEntries(context: ConfigSources['context']): Record<string, unknown> {
  return Object.fromEntries(contextKeys.flatMap((key) => (context[key] === undefined ? [] : [[key, context[key]]])));
}

export function resolveDeploymentConfig(sources: ConfigSources): DeploymentConfig {
  const fileName = sources.fileName ?? CONFIG_FILE_NAME;
  const context = parseOrThrow(contextSchema, definedEntries(sources.context), 'context');
  const file = sources.file === undefined ? undefined : parseOrThrow(configFileSchema, sources.file, fileName);

  if (context.region !== undefined && context.regions !== undefined) {
    throw new DeploymentConfigError('arflow deployment config is invalid: give either -c region=... or -c regions=a,b, not both');
  }
  const stage = context.stage ?? DEFAULT_STAGE;
  const contextRegions = context.regions ?? (context.region === undefined ? undefined : [context.region]);
  const fromFile = file?.stages[stage];
  if (file !== undefined && fromFile === undefined && contextRegions === undefined) {
    // A typo in -c stage=... must not silently deploy a stage nobody configured.
    const known = Object.keys(file.stages);
    throw new DeploymentConfigError(
      `arflow deployment config is invalid: stage '${stage}' is not in ${fileName} (stages there: ${known.length > 0 ? known.join(', ') : 'none'}); add it, or pass -c region=...`,
    );
  }

  const regions = [...new Set(contextRegions ?? fromFile?.regions ?? [DEFAULT_REGION])];
  const account = context.account ?? fromFile?.account;
  const alarmEmail = context.alarmEmail ?? fromFile?.alarmEmail;
  const digestSchedule = context.digestSchedule ?? fromFile?.digestSchedule;
  const noticeSpreadMinutes = context.noticeSpreadMinutes ?? fromFile?.noticeSpreadMinutes;
  const quotas = definedOnly({
    openExecutions: context.openExecutionsQuota ?? fromFile?.quotas?.openExecutions,
    sesMaxSendRate: context.sesMaxSendRate ?? fromFile?.quotas?.sesMaxSendRate,
    sesMax24HourSend: context.sesMax24HourSend ?? fromFile?.quotas?.sesMax24HourSend,
  });
  return {
    stage,
    regions,
    ...(account === undefined ? {} : { account }),
    sender: {
      email: context.senderEmail ?? fromFile?.senderEmail ?? DEFAULT_SENDER_EMAIL,
      name: context.senderName ?? fromFile?.senderName ?? DEFAULT_SENDER_NAME,
      manageIdentity: context.manageSenderIdentity ?? fromFile?.manageSenderIdentity ?? false,
      ...tenantIdentitiesOf(context.tenantSenderIdentities ?? fromFile?.tenantSenderIdentities),
    },
    ...(alarmEmail === undefined ? {} : { alarmEmail }),
    ...(digestSchedule === undefined ? {} : { digestSchedule }),
    ...(noticeSpreadMinutes === undefined ? {} : { noticeSpreadMinutes }),
    ...(Object.keys(quotas).length === 0 ? {} : { quotas }),
    ...(fromFile?.people === undefined ? {} : { people: fromFile.people }),
  };
}

function definedOnly(quotas: Record<keyof QuotaSettings, number | undefined>): QuotaSettings {
  return Object.fromEntries(Object.entries(quotas).filter(([, value]) => value !== undefined));
}

function tenantIdentitiesOf(identities: string[] | undefined): Pick<SenderSettings, 'tenantIdentities'> {
  return identities && identities.length > 0 ? { tenantIdentities: [...new Set(identities)] } : {};
}

/** One stack per region. */
export function stackSettingsFor(config: DeploymentConfig): StackSettings[] {
  return config.regions.map((region) => ({
    stage: config.stage,
    region,
    ...(config.account === undefined ? {} : { account: config.account }),
    sender: config.sender,
    ...(config.alarmEmail === undefined ? {} : { alarmEmail: config.alarmEmail }),
    ...(config.digestSchedule === undefined ? {} : { digestSchedule: config.digestSchedule }),
    ...(config.noticeSpreadMinutes === undefined ? {} : { noticeSpreadMinutes: config.noticeSpreadMinutes }),
    ...(config.quotas === undefined ? {} : { quotas: config.quotas }),
    ...(config.people === undefined ? {} : { people: config.people }),
  }));
}

export function stackName(settings: Pick<StackSettings, 'stage' | 'region'>): string {
  return `Arflow-${settings.stage}-${settings.region}`;
}

/** Reads arflow.config.json if it exists; a file that is not JSON is an error, not "no file". */
export function readConfigFile(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new DeploymentConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}
