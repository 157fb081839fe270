import type { ImportJob, ImportJobs, Lease } from '../import-ports.js';

interface StoredJob {
  job: ImportJob;
  lease?: Lease;
}

/**
 * Import jobs in process memory with the DynamoDB adapter's lease rules: only the lease holder
 * advances a job, a lease is taken over once it has run out, and a finished job is never resumed.
 */
export class InMemoryImportJobs implements ImportJobs {
  private readonly jobs = new Map<string, StoredJob>();
  private readonly contents = new Map<string, { jobId: string; key: string }>();

  constructor(private readonly now: () => number = Date.now) {}

  async begin(job: ImportJob, lease: Lease) {
    const key = `${job.tenantId}/${job.jobId}`;
    const stored = this.jobs.get(key);
    if (!stored) {
      this.jobs.set(key, { job: structuredClone(job), lease: { ...lease } });
      return { state: 'new' as const, job: structuredClone(job) };
    }
    const existing = structuredClone(stored.job);
    if (existing.status !== 'running') return { state: 'finished' as const, job: existing };
    if (stored.lease && stored.lease.until > this.now()) return { state: 'busy' as const, job: existing };
    stored.lease = { ...lease };
    return { state: 'resumed' as const, job: existing };
  }

  async save(job: ImportJob, lease: Lease): Promise<boolean> {
    const stored = this.jobs.get(`${job.tenantId}/${job.jobId}`);
    if (stored?.lease?.token !== lease.token) return false;
    this.jobs.set(`${job.tenantId}/${job.jobId}`, { job: structuredClone(job), lease: { ...lease } });
    return true;
  }

  async release(job: ImportJob, lease: Lease): Promise<void> {
    const stored = this.jobs.get(`${job.tenantId}/${job.jobId}`);
    if (stored?.lease?.token === lease.token) delete stored.lease;
  }

  async claimContent(tenantId: string, contentKey: string, job: Pick<ImportJob, 'jobId' | 'source'>): Promise<{ jobId: string; key: string }> {
    const key = `${tenantId}/${contentKey}`;
    const first = this.contents.get(key) ?? { jobId: job.jobId, key: job.source.key };
    this.contents.set(key, first);
    return { ...first };
  }

  async get(tenantId: string, jobId: string): Promise<ImportJob | undefined> {
    const stored = this.jobs.get(`${tenantId}/${jobId}`);
    return stored && structuredClone(stored.job);
  }
}
