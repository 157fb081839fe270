import { lookup } from 'node:dns/promises';
import type { ResolveHost } from '../destination.js';

/** Every address the system resolver gives for a host (what the HTTP client would connect to). */
export const resolveWithDns: ResolveHost = async (host) => (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
