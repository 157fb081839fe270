import type { Server } from 'node:http';
import sesEmulator from 'aws-ses-v2-local';
import { close } from '../http-util.js';
import { freePort } from './free-port.js';

export interface SesEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

/** aws-ses-v2-local: the SES v2 API, an inbox page at its root and every sent email at GET /store. */
export async function startSes(options: { port?: number }): Promise<SesEmulator> {
  const port = options.port ?? (await freePort());
  // A CommonJS package whose default export is the start function.
  type Start = (config: { host: string; port: number }) => Promise<Server>;
  const module = sesEmulator as unknown as Start | { default: Start };
  const start = typeof module === 'function' ? module : module.default;
  const server: Server = await start({ host: '127.0.0.1', port });
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => close(server) };
}
