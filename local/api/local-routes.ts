import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import type { LocalClock } from '../clock.js';
import { faultRuleSchema, type FaultSwitch } from '../emulators/fault-proxy.js';
import { sendJson } from '../http-util.js';
import type { LocalOnlyRoutes } from './api-server.js';
import type { SesEventSource } from '../ses-events.js';
import type { Activity } from '../terminal.js';

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
  /** Inline parts (the EPC QR code): base64 content. */
  attachments?: { filename?: string; contentType: string; contentId?: string; contentDisposition?: string; content: string; size: number }[];
  at: number;
}

/**
 * Local-only endpoints (never in the CDK app): the clock, and the emails the SES emulator holds.
 * - GET /_local/clock → { now, mode }
 * - POST /_local/clock { advanceDays | advanceHours | to } → moves a virtual clock; answers when
 *   every workflow step due by then has run (after the workflow starter has caught up with the stream)
 * - GET /_local/emails → [{ to, subject, text, html, time, messageId, headers, attachments }]
 * - GET /_local/events → every business event put on the (emulated) event bus, as a rule target gets it
 * - POST /_local/digest → runs the weekly-digest function now (the CDK app's schedule runs the same handler),
 *   once the report rows are current
 * - POST /_local/reports/current → answers once the report projector has read the table's stream up to now
 *   (reports are behind the stream by its lag; tests wait with this instead of sleeping)
 * - GET /_local/ses-events → every SES event (send, delivery, bounce, complaint) handed to the ses-events
 *   function, once all of them have been handled
 * - POST /_local/faults { service, error, operation?, bodyIncludes?, count | forSeconds } → arms a fault;
 *   GET lists the armed ones with how often each fired; DELETE disarms all (stack started with faults)
 */
export function localRoutes(options: { clock: LocalClock; sesEndpoint: string; businessEvents?: () => Promise<unknown[]>; runWeeklyDigest?: () => Promise<unknown>; reportsCurrent?: () => Promise<void>; sesEvents?: SesEventSource; faults?: FaultSwitch | undefined; onActivity?: Activity }): LocalOnlyRoutes {
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
          const now = await clock.advanceTo(target);
          // Report rows follow the stream about a second behind on AWS; here the answer waits for them,
          // so a report read after moving the clock sees everything that happened before it.
          await options.reportsCurrent?.();
          options.onActivity?.(`clock moved to ${now.toISOString()}`);
          sendJson(response, 200, { now: now.toISOString(), mode: clock.mode });
        } catch (error) {
          sendJson(response, 409, { error: { code: 'clock_not_movable', message: (error as Error).message } });
        }
        return true;
      }
      if (route === 'GET /_local/ses-events' && options.sesEvents) {
        // Waits until every SES event so far has been handled, so a test sees the loop's effects.
        await options.sesEvents.drain();
        sendJson(response, 200, options.sesEvents.events());
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
              attachments: (email.attachments ?? []).map(({ filename, contentType, contentId, contentDisposition, content, size }) => ({ filename, contentType, contentId, contentDisposition, content, size })),
            };
          }),
        );
        return true;
      }
      if (route === 'GET /_local/events' && options.businessEvents) {
        sendJson(response, 200, await options.businessEvents());
        return true;
      }
      if (route === 'POST /_local/reports/current' && options.reportsCurrent) {
        await options.reportsCurrent();
        sendJson(response, 200, { current: true });
        return true;
      }
      if (route === 'POST /_local/digest' && options.runWeeklyDigest) {
        try {
          sendJson(response, 200, await options.runWeeklyDigest());
        } catch (error) {
          sendJson(response, 500, { error: { code: 'digest_failed', message: (error as Error).message } });
        }
        return true;
      }
      if (url.pathname === '/_local/faults' && options.faults) return handleFaults(options.faults, request.method ?? 'GET', body, response);
      if (route === 'POST /_local/emails/clear') {
        await fetch(`${options.sesEndpoint}/clear-store`, { method: 'POST' });
        sendJson(response, 200, { cleared: true });
        return true;
      }
      return false;
    },
  };
}

function handleFaults(faults: FaultSwitch, method: string, body: Buffer, response: ServerResponse): true {
  if (method === 'GET') sendJson(response, 200, { faults: faults.list() });
  else if (method === 'DELETE') {
    faults.clear();
    sendJson(response, 200, { faults: [] });
  } else if (method === 'POST') {
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      sendJson(response, 400, { error: { code: 'invalid_json', message: 'Send a fault rule as JSON' } });
      return true;
    }
    const parsed = faultRuleSchema.safeParse(input);
    if (parsed.success) sendJson(response, 201, { fault: faults.arm(parsed.data) });
    else sendJson(response, 422, { error: { code: 'validation_failed', message: 'Invalid fault rule', issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) } });
  } else sendJson(response, 405, { error: { code: 'method_not_allowed', message: 'GET, POST or DELETE' } });
  return true;
}
