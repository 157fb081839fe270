import type { RemindersDeps } from '../reminders/index.js';

/** What the deliverability module's use cases are given: its own ports and those of the modules it builds on. */
export type DeliverabilityDeps = RemindersDeps;
