import * as z from 'zod';
import { calendarDateSchema, timezoneSchema } from '../kernel/index.js';
import { lateChargesSchema } from './late-charges.js';

/**
 * A collection policy: how a business collects, encoded once. Reminder stages relative to the due
 * date, a sending window, an escalation that finance approves, a grace period and a final action.
 * Stored per tenant, named and versioned; an invoice's workflow reads the latest version of its
 * policy at every step, so a change applies to invoices already in flight.
 */
/** The ledger stage of the notice that opens the grace period. */
export const finalNoticeStage = 'final-notice';
/** The ledger stage that records the grace period's final action. */
export const finalActionStage = 'final-action';

const slug = z.string().max(48).regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'must be 1-48 lowercase letters, digits or hyphens');

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

export const reminderStageSchema = z.object({
  /** Stable id, part of the notice ledger key: renaming a stage would send it again. */
  id: slug.refine((id) => id !== finalNoticeStage && id !== finalActionStage, `'${finalNoticeStage}' and '${finalActionStage}' are reserved`),
  /** Days relative to the due date in the customer's time zone; negative = before. */
  offsetDays: z.number().int().min(-90).max(365),
  /** Optional subject line; `{invoiceNumber}`, `{amount}`, `{dueDate}`, `{daysOverdue}` are filled in. */
  subject: z.string().trim().min(1).max(200).optional(),
  /** The wording of the notice. */
  template: z.enum(['friendly', 'firm', 'urgent']).default('friendly'),
});

export const sendingWindowSchema = z
  .object({
    days: z.array(z.enum(weekdays)).min(1, 'needs at least one sending day').max(7, 'lists at most the 7 weekdays').default([...weekdays]),
    /** Local hours in the customer's time zone: notices go out from startHour until endHour. */
    startHour: z.number().int().min(0).max(23).default(9),
    endHour: z.number().int().min(1).max(24).default(17),
    /** Dates (YYYY-MM-DD, customer's calendar) on which nothing is sent. */
    holidays: z.array(calendarDateSchema).max(366).default([]),
  })
  .refine((window) => window.endHour > window.startHour, { path: ['endHour'], message: 'must be after startHour' });

export const escalationActions = ['approve', 'extend', 'pause', 'write-off', 'agency'] as const;
export type EscalationDecision = (typeof escalationActions)[number];

export const escalationSchema = z.object({
  /** Escalate once the invoice is this many days overdue... */
  afterDaysOverdue: z.number().int().min(0).max(365),
  /** ...and only if at least this much is still owed (minor units). */
  minimumBalance: z.number().int().min(0).default(0),
  approvers: z
    .object({
      /** The customer's account owner (collector), when the invoice names one. */
      accountOwner: z.boolean().default(true),
      /** A finance group. */
      emails: z.array(z.email().max(254).transform((email) => email.toLowerCase())).max(20).default([]),
    })
    .default({ accountOwner: true, emails: [] }),
  /** How long approvers have to decide before the timeout action applies. */
  approvalTimeoutDays: z.number().int().min(1).max(60).default(7),
  /** What happens when nobody decides in time. */
  onTimeout: z.enum(['approve', 'pause', 'write-off', 'agency', 'stop']).default('stop'),
  /** What the "extend" and "pause" links do. */
  extendDays: z.number().int().min(1).max(180).default(14),
  pauseDays: z.number().int().min(1).max(365).default(30),
});

export const collectionPolicySchema = z.object({
  /** Customer segments (tags) this policy collects when neither the invoice nor the customer names a policy. */
  segments: z.array(z.string().max(32).regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be 1-32 lowercase letters, digits or hyphens')).max(20).default([]),
  stages: z
    .array(reminderStageSchema)
    .max(20, 'at most 20 reminder stages')
    .refine((stages) => new Set(stages.map((stage) => stage.id)).size === stages.length, 'stage ids must be unique'),
  sendingWindow: sendingWindowSchema.default({ days: [...weekdays], startHour: 9, endHour: 17, holidays: [] }),
  /** Used when the customer has no time zone of its own. */
  defaultTimezone: timezoneSchema.default('UTC'),
  /** Below this balance (minor units) no reminder is sent. */
  minimumBalance: z.number().int().min(0).default(0),
  /**
   * At most one notice per customer per (customer-local) day: notices of several invoices due the
   * same day go out as one email listing every invoice; one that falls due after the day's notice
   * went out waits for the next day's window.
   */
  onePerCustomerPerDay: z.boolean().default(false),
  escalation: escalationSchema.optional(),
  /** Late-payment charges shown on notices (never added to the invoice). */
  lateCharges: lateChargesSchema.optional(),
  grace: z
    .object({
      /** Days after an approved escalation before the final action; the final notice goes out at approval. */
      days: z.number().int().min(0).max(180).default(10),
      finalAction: z.enum(['write-off', 'agency', 'credit-hold', 'none']).default('none'),
    })
    .default({ days: 10, finalAction: 'none' }),
});

export type CollectionPolicyInput = z.input<typeof collectionPolicySchema>;
export type CollectionPolicy = z.output<typeof collectionPolicySchema> & { name: string; version: number };
export type ReminderStage = CollectionPolicy['stages'][number];
export type SendingWindow = CollectionPolicy['sendingWindow'];

export const policyNameSchema = slug;

/** What a tenant gets before it stores a policy named `default`: the reminders of issue #2, every day 09:00-17:00. */
export const defaultPolicy: CollectionPolicy = {
  name: 'default',
  version: 0,
  ...collectionPolicySchema.parse({
    stages: [
      { id: 'due-in-3-days', offsetDays: -3 },
      { id: 'overdue-1-day', offsetDays: 1 },
      { id: 'overdue-7-days', offsetDays: 7, template: 'firm' },
      { id: 'overdue-14-days', offsetDays: 14, template: 'urgent' },
    ],
  }),
};
