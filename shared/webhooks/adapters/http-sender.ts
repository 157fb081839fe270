import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import type { SendWebhook } from '../delivery.js';

/** A receiver that has not answered in this long has failed the attempt (it is retried). */
const TIMEOUT_MS = 10_000;

/**
 * Posts with Node's http(s) client, connecting only to the addresses the destination check passed: the
 * client's own DNS lookup would be a second resolution an attacker's DNS could answer differently
 * (rebinding). Redirects are not followed (a 3xx is a failed attempt); the response body is not read
 * beyond its end, and never stored.
 */
export const sendOverHttp: SendWebhook = ({ url, addresses, headers, body }) =>
  new Promise((resolve, reject) => {
    const pinned: LookupFunction = (_host, options, callback) => {
      const all = addresses.map((address) => ({ address, family: isIP(address) }));
      if ((options as { all?: boolean }).all) (callback as (error: null, all: { address: string; family: number }[]) => void)(null, all);
      else callback(null, all[0]!.address, all[0]!.family);
    };
    const request = (url.startsWith('https:') ? httpsRequest : httpRequest)(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body), 'user-agent': 'arflow-webhooks' }, lookup: pinned, timeout: TIMEOUT_MS }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    request.on('error', reject);
    request.end(body);
  });
