import type { FaultRule, FaultRuleInput } from '../../../local/emulators/fault-proxy.js';

/** The local stack's fault switch, through its HTTP endpoint (`/_local/faults`), as a developer would use it. */
export class Faults {
  constructor(private readonly apiUrl: string) {}

  async arm(rule: FaultRuleInput): Promise<FaultRule> {
    const response = await fetch(`${this.apiUrl}/_local/faults`, { method: 'POST', body: JSON.stringify(rule) });
    const body = (await response.json()) as { fault: FaultRule };
    if (response.status !== 201) throw new Error(`arming ${JSON.stringify(rule)} failed: ${response.status} ${JSON.stringify(body)}`);
    return body.fault;
  }

  /** How many calls the rule has failed so far. */
  async injected(id: string): Promise<number> {
    const { faults } = (await (await fetch(`${this.apiUrl}/_local/faults`)).json()) as { faults: FaultRule[] };
    const rule = faults.find((candidate) => candidate.id === id);
    if (!rule) throw new Error(`no armed fault ${id}`);
    return rule.injected;
  }

  async clear(): Promise<void> {
    await fetch(`${this.apiUrl}/_local/faults`, { method: 'DELETE' });
  }
}
