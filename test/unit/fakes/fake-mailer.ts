import type { Mailer, OutgoingEmail } from '../../../shared/kernel/index.js';

/** Collects sent emails; `failNext` makes the next sends throw, as an SES outage would. */
export class FakeMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  private failures = 0;

  failNext(times = 1): void {
    this.failures += times;
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('SES is unavailable');
    }
    this.sent.push(structuredClone(email));
    return { messageId: `msg-${this.sent.length}` };
  }
}
