// The reminders module's only door: what other modules, functions, the local stack and tests may use.
export { escalationTime, nextCollectionStep } from './collection-plan.js';
export type { CollectionStep } from './collection-plan.js';
export { dryRunPolicy } from './dry-run-policy.js';
export { planNextStep } from './plan-next-step.js';
export type { WorkflowStep } from './plan-next-step.js';
export { composeReminder, reminderGate } from './reminder-content.js';
export type { ReminderGate } from './reminder-content.js';
export { nextScheduledReminder, reminderSchedule } from './reminder-schedule.js';
export { sendReminder } from './send-reminder.js';
export type { SendOutcome } from './send-reminder.js';
export { sendOffsetSeconds, sendSpreadKey, spreadSendTime } from './send-spread.js';
export type { RemindersDeps } from './deps.js';
