import type { LinkKeyStore } from '../link-key.port.js';
import { newLinkKey } from '../signed-link.js';

/** Each tenant's link-signing key, created on first use and the same one afterwards. */
export class InMemoryLinkKeyStore implements LinkKeyStore {
  private readonly keys = new Map<string, string>();

  async linkKey(tenantId: string): Promise<string> {
    let key = this.keys.get(tenantId);
    if (key === undefined) {
      key = newLinkKey();
      this.keys.set(tenantId, key);
    }
    return key;
  }
}
