import { ArflowError, ValidationError, mapWithConcurrency } from '../kernel/index.js';
import { issueCreditNote, type CreditNoteRequest } from '../credit-notes/index.js';
import type { ImportsDeps } from './deps.js';
import type { RowOutcome } from './import-invoices.js';

export type ImportCreditNoteDeps = Pick<ImportsDeps, 'invoices' | 'creditNotes' | 'workflows' | 'clock'>;

/**
 * A group of a credit-notes file's rows through the API's own use case (POST /credit-notes), each
 * note in its own transaction with the invoices it lowers, its source the file and line. A note
 * already recorded with the same content is unchanged (a re-drop, a resumed import); a refusal (a
 * reused number with other content, another customer's or a closed invoice, more than the note) is
 * the row's fault, rejected with the field path and reason; anything else is an outage and throws,
 * and the import is retried from its checkpoint. Stopping a credited invoice's workflow waits for
 * `pace` (StopExecution's quota).
 */
export async function importCreditNoteGroup(
  deps: ImportCreditNoteDeps,
  tenantId: string,
  file: string,
  rows: readonly { line: number; input: CreditNoteRequest }[],
  options: { concurrency: number; pace: { acquire(): Promise<void> } },
): Promise<RowOutcome[]> {
  const paced = {
    ...deps,
    workflows: {
      start: (invoice: Parameters<ImportCreditNoteDeps['workflows']['start']>[0]) => deps.workflows.start(invoice),
      stop: async (invoice: Parameters<ImportCreditNoteDeps['workflows']['stop']>[0], reason: string) => {
        await options.pace.acquire();
        await deps.workflows.stop(invoice, reason);
      },
    },
  };
  const one = async ({ line, input }: { line: number; input: CreditNoteRequest }): Promise<RowOutcome> => {
    try {
      const { outcome } = await issueCreditNote(paced, tenantId, input, { via: 'file', file, line });
      return { outcome: outcome === 'created' ? 'imported' : 'unchanged' };
    } catch (error) {
      if (error instanceof ValidationError && error.issues.length > 0) return { outcome: 'rejected', reason: error.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') };
      if (error instanceof ArflowError) return { outcome: 'rejected', reason: error.message };
      throw error;
    }
  };
  // Notes of one invoice go one after the other, in file order (each sees the balance the previous left);
  // notes of different invoices go side by side.
  const chains = new Map<string, number[]>();
  rows.forEach(({ input }, index) => {
    const key = input.allocations?.[0]?.invoiceNumber ?? `#${input.creditNoteNumber}`;
    chains.set(key, [...(chains.get(key) ?? []), index]);
  });
  const outcomes: RowOutcome[] = new Array<RowOutcome>(rows.length);
  await mapWithConcurrency([...chains.values()], options.concurrency, async (indexes) => {
    for (const index of indexes) outcomes[index] = await one(rows[index]!);
  });
  return outcomes;
}
