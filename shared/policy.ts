/**
 * A collection policy: when reminders go out, relative to the due date. This first version is
 * the built-in default; named, versioned policies per tenant build on this shape.
 */
export interface ReminderStage {
  /** Stable id, part of the notice ledger key: renaming a stage would re-send it. */
  id: string;
  /** Days relative to the due date in the customer's time zone; negative = before. */
  offsetDays: number;
}

export interface CollectionPolicy {
  name: string;
  stages: ReminderStage[];
  /** Local hour (0-23, customer's zone) at which a reminder goes out on its day. */
  sendHour: number;
  /** Used when the customer has no time zone of its own. */
  defaultTimezone: string;
}

export const defaultPolicy: CollectionPolicy = {
  name: 'default',
  stages: [
    { id: 'due-in-3-days', offsetDays: -3 },
    { id: 'overdue-1-day', offsetDays: 1 },
    { id: 'overdue-7-days', offsetDays: 7 },
    { id: 'overdue-14-days', offsetDays: 14 },
  ],
  sendHour: 9,
  defaultTimezone: 'UTC',
};
