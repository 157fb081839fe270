import type { LinkKeyStore } from './link-key.port.js';
import type { Mailer } from './mailer.port.js';
import type { Clock } from './clock.js';

/** What the kernel module's use cases are given: its own ports. */
export interface KernelDeps {
  linkKeys: LinkKeyStore;
  mailer: Mailer;
  clock: Clock;
  /** Base URL of the public API, for links in emails (e.g. https://abc.execute-api.eu-west-1.amazonaws.com). */
  publicApiUrl: string;
}
