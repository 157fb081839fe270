import type { PaymentPlansDeps } from '../payment-plans/index.js';
import type { NoticesDeps } from '../notices/index.js';

/** What the reminders module's use cases are given: its own ports and those of the modules it builds on. */
export interface RemindersDeps extends PaymentPlansDeps, NoticesDeps {
  /**
   * Notices leave over the first this-many minutes of the sending window, each invoice at its own slot,
   * instead of all at the opening (shared/reminders/send-spread.ts; NOTICE_SPREAD_MINUTES). 0 or absent: at the opening.
   */
  noticeSpreadMinutes?: number;
}
