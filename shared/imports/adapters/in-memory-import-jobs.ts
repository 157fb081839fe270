import type { ImportJob, ImportJobs, Lease } from '../import-ports.js';

/** Import jobs in memory (unit tests, the bench), with the DynamoDB adapter's lease rules. */
export class InMemoryImportJobs implements ImportJobs {
  private readonly jobs = new Map<string, { job: ImportJob; lease?: Lease }>();
  private readonly contents = new Map<string, { jobId: string; key: string }>();

  constructor(private readonly now: () => number = Date.now) {}

  begin(job: ImportJob, lease: Lease): Promise<{ state: 'new' | 'resumed'; job: ImportJob } | { state: 'finished' | 'busy'; job: ImportJob }> {
    const key = `${job.tenantId}|${job.jobId}`;
    const stored = this.jobs.get(key);
    if (!stored) {
      this.jobs.set(key, { job: structuredClone(job), lease });
      return Promise.resolve({ state: 'new', job: structuredClone(job) });
    }
    if (stored.job.status !== 'running') return Promise.resolve({ state: 'finished', job: structuredClone(stored.job) });
    if (stored.lease && stored.lease.until > this.now()) return Promise.resolve({ state: 'busy', job: structuredClone(stored.job) });
    stored.lease = lease;
    return Promise.resolve({ state: 'resumed', job: structuredClone(stored.job) });
  }

  save(job: ImportJob, lease: Lease): Promise<boolean> {
    const stored = this.jobs.get(`${job.tenantId}|${job.jobId}`);
    if (!stored || stored.lease?.token !== lease.token) return Promise.resolve(false);
    stored.job = structuredClone(job);
    return Promise.resolve(true);
  }

  release(job: ImportJob, lease: Lease): Promise<void> {
    const stored = this.jobs.get(`${job.tenantId}|${job.jobId}`);
    if (stored?.lease?.token === lease.token) delete stored.lease;
    return Promise.resolve();
  }

  claimContent(tenantId: string, contentKey: string, job: Pick<ImportJob, 'jobId' | 'source'>): Promise<{ jobId: string; key: string }> {
    const key = `${tenantId}|${contentKey}`;
    const first = this.contents.get(key) ?? { jobId: job.jobId, key: job.source.key };
    this.contents.set(key, first);
    return Promise.resolve({ ...first });
  }

  get(tenantId: string, jobId: string): Promise<ImportJob | undefined> {
    const stored = this.jobs.get(`${tenantId}|${jobId}`);
    return Promise.resolve(stored ? structuredClone(stored.job) : undefined);
  }
}
