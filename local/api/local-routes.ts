import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { LocalClock } from '../clock.js';
import { sendJson } from '../http-util.js';
import type { LocalOnlyRoutes } from './api-server.js';

const advanceSchema = z.union([
  z.object({ advanceDays: z.number().positive().max(3650) }).strict(),
  z.object({ advanceHours: z.number().positive().max(87600) }).strict(),
  z.object({ to: z.iso.datetime({ offset: true }) }).strict(),
]);

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
  at: number;
}

/**
 * Local-only endpoints (never in the CDK app): the clock, and the emails the SES emulator holds.
 * - GET /_local/clock → { now, mode }
 * - POST /_local/clock { advanceDays | advanceHours | to } → moves a virtual clock; answers when
 *   every workflow step due by then has run (after the workflow starter has caught up with the stream)
 * - GET /_local/emails → [{ to, subject, text, html, time, messageId, headers }]
 * - GET /_local/events → every business event put on the (emulated) event bus, as a rule target gets it
 */
export function localRoutes(options: { clock: LocalClock; sesEndpoint: string; businessEvents?: () => Promise<unknown[]>; workflowsStarted?: () => Promise<void> }): LocalOnlyRoutes {
  const { clock } = options;
  return {
    async handle(request: IncomingMessage, url: URL, body: Buffer, response: ServerResponse) {
      const route = `${request.method} ${url.pathname}`;
      if (route === 'GET /_local/clock') {
        sendJson(response, 200, { now: clock.now().toISOString(), mode: clock.mode });
        return true;
      }
      if (route === 'POST /_local/clock') {
        let parsed;
        try {
          parsed = advanceSchema.safeParse(JSON.parse(body.toString('utf8') || '{}'));
        } catch {
          sendJson(response, 400, { error: { code: 'invalid_json', message: 'Send {"advanceDays": N}, {"advanceHours": N} or {"to": "<ISO date-time>"}' } });
          return true;
        }
        if (!parsed.success) {
          sendJson(response, 422, { error: { code: 'validation_failed', message: 'Send {"advanceDays": N}, {"advanceHours": N} or {"to": "<ISO date-time>"}' } });
          return true;
        }
        const input = parsed.data;
        const target =
          'to' in input ? new Date(input.to) : new Date(clock.nowMs() + ('advanceDays' in input ? input.advanceDays * 86_400_000 : input.advanceHours * 3_600_000));
        try {
          // Workflows start from the table's stream: every stored invoice's workflow is running before time moves.
          await options.workflowsStarted?.();
          const now = await clock.advanceTo(target);
          sendJson(response, 200, { now: now.toISOString(), mode: clock.mode });
        } catch (error) {
          sendJson(response, 409, { error: { code: 'clock_not_movable', message: (error as Error).message } });
        }
        return true;
      }
      if (route === 'GET /_local/emails') {
        const store = (await (await fetch(`${options.sesEndpoint}/store`)).json()) as { emails: StoredEmail[] };
        sendJson(
          response,
          200,
          store.emails.map((email) => {
            const headers = Object.fromEntries((email.headers ?? []).map(({ name, value }) => [name, value]));
            return {
              messageId: email.messageId,
              from: email.from,
              to: email.destination.to,
              subject: email.subject,
              text: email.body.text ?? '',
              html: email.body.html ?? '',
              // The arflow clock's time of sending (virtual in tests), else when the emulator got it.
              time: headers['X-Arflow-Sent-At'] ?? new Date(email.at * 1000).toISOString(),
              headers,
            };
          }),
        );
        return true;
      }
      if (route === 'GET /_local/events' && options.businessEvents) {
        sendJson(response, 200, await options.businessEvents());
        return true;
      }
      if (route === 'POST /_local/emails/clear') {
        await fetch(`${options.sesEndpoint}/clear-store`, { method: 'POST' });
        sendJson(response, 200, { cleared: true });
        return true;
      }
      return false;
    },
  };
}
